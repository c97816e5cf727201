//! Reading request bodies as Consul's Go code does: field names match
//! case-insensitively (Go's `encoding/json`), snake_case aliases are
//! accepted where Consul accepts them (agent definitions), `null` is the
//! same as absent, and durations are Go duration strings or integer
//! nanoseconds. Map keys (metadata, tagged addresses, headers) keep their
//! case. Errors are 400 `Request decode failed: <field>: <why>`.

use std::{collections::BTreeMap, time::Duration};

use serde_json::{Map, Value};

use super::{Error, parse_duration};

/// One JSON object of a request body, with where it sits (for errors).
pub(super) struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

/// Parses a request body that must be one JSON object.
pub(super) fn parse_body(bytes: &[u8]) -> Result<Value, Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::bad_request("Request decode failed: EOF"));
    }
    serde_json::from_slice(bytes)
        .map_err(|e| Error::bad_request(format!("Request decode failed: {e}")))
}

fn decode_error(path: &str, why: &str) -> Error {
    Error::bad_request(format!("Request decode failed: {path}: {why}"))
}

impl<'a> Obj<'a> {
    /// The top-level object of a body.
    pub(super) fn root(value: &'a Value, name: &str) -> Result<Obj<'a>, Error> {
        match value {
            Value::Object(map) => Ok(Obj {
                map,
                path: name.to_string(),
            }),
            _ => Err(decode_error(name, "expected a JSON object")),
        }
    }

    /// The value of the first of `names` present (case-insensitively), if
    /// any and not `null`, with the name it was found under.
    fn field(&self, names: &[&str]) -> Option<(&'a Value, String)> {
        for name in names {
            if let Some(v) = self.map.get(*name) {
                return (!v.is_null()).then(|| (v, self.sub(name)));
            }
        }
        for name in names {
            if let Some((_, v)) = self.map.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
                return (!v.is_null()).then(|| (v, self.sub(name)));
            }
        }
        None
    }

    fn sub(&self, name: &str) -> String {
        format!("{}.{name}", self.path)
    }

    /// A string field; absent is empty.
    pub(super) fn string(&self, names: &[&str]) -> Result<String, Error> {
        match self.field(names) {
            None => Ok(String::new()),
            Some((Value::String(s), _)) => Ok(s.clone()),
            Some((_, path)) => Err(decode_error(&path, "expected a string")),
        }
    }

    /// A boolean field; absent is false.
    pub(super) fn boolean(&self, names: &[&str]) -> Result<bool, Error> {
        match self.field(names) {
            None => Ok(false),
            Some((Value::Bool(b), _)) => Ok(*b),
            Some((_, path)) => Err(decode_error(&path, "expected true or false")),
        }
    }

    /// An integer field; absent is `None`.
    pub(super) fn int(&self, names: &[&str]) -> Result<Option<i64>, Error> {
        match self.field(names) {
            None => Ok(None),
            Some((Value::Number(n), path)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| decode_error(&path, "expected an integer")),
            Some((_, path)) => Err(decode_error(&path, "expected an integer")),
        }
    }

    /// A list of strings; absent is empty.
    pub(super) fn strings(&self, names: &[&str]) -> Result<Vec<String>, Error> {
        match self.field(names) {
            None => Ok(Vec::new()),
            Some((Value::Array(items), path)) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.clone()),
                    _ => Err(decode_error(&path, "expected a list of strings")),
                })
                .collect(),
            Some((_, path)) => Err(decode_error(&path, "expected a list of strings")),
        }
    }

    /// A map of strings to strings; absent is empty.
    pub(super) fn string_map(&self, names: &[&str]) -> Result<BTreeMap<String, String>, Error> {
        match self.field(names) {
            None => Ok(BTreeMap::new()),
            Some((Value::Object(map), path)) => map
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) => Ok((k.clone(), s.clone())),
                    _ => Err(decode_error(&format!("{path}[{k:?}]"), "expected a string")),
                })
                .collect(),
            Some((_, path)) => Err(decode_error(&path, "expected an object of strings")),
        }
    }

    /// A nested object; absent is `None`.
    pub(super) fn object(&self, names: &[&str]) -> Result<Option<Obj<'a>>, Error> {
        match self.field(names) {
            None => Ok(None),
            Some((Value::Object(map), path)) => Ok(Some(Obj { map, path })),
            Some((_, path)) => Err(decode_error(&path, "expected an object")),
        }
    }

    /// A list of objects; absent is empty.
    pub(super) fn objects(&self, names: &[&str]) -> Result<Vec<Obj<'a>>, Error> {
        match self.field(names) {
            None => Ok(Vec::new()),
            Some((Value::Array(items), path)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::Object(map) => Ok(Obj {
                        map,
                        path: format!("{path}[{i}]"),
                    }),
                    _ => Err(decode_error(&path, "expected a list of objects")),
                })
                .collect(),
            Some((_, path)) => Err(decode_error(&path, "expected a list of objects")),
        }
    }

    /// An object whose values are objects (`TaggedAddresses` of a service).
    pub(super) fn object_map(&self, names: &[&str]) -> Result<Vec<(String, Obj<'a>)>, Error> {
        match self.field(names) {
            None => Ok(Vec::new()),
            Some((Value::Object(map), path)) => map
                .iter()
                .map(|(k, v)| match v {
                    Value::Object(inner) => Ok((
                        k.clone(),
                        Obj {
                            map: inner,
                            path: format!("{path}[{k:?}]"),
                        },
                    )),
                    _ => Err(decode_error(&path, "expected an object of objects")),
                })
                .collect(),
            Some((_, path)) => Err(decode_error(&path, "expected an object of objects")),
        }
    }

    /// A map of header names to lists of values (`Header` of an HTTP check).
    pub(super) fn header_map(&self, names: &[&str]) -> Result<Vec<(String, Vec<String>)>, Error> {
        match self.field(names) {
            None => Ok(Vec::new()),
            Some((Value::Object(map), path)) => map
                .iter()
                .map(|(k, v)| {
                    let values = match v {
                        Value::Array(items) => items
                            .iter()
                            .map(|i| i.as_str().map(str::to_string))
                            .collect::<Option<Vec<_>>>(),
                        Value::String(s) => Some(vec![s.clone()]),
                        _ => None,
                    };
                    values
                        .map(|values| (k.clone(), values))
                        .ok_or_else(|| decode_error(&path, "expected lists of strings"))
                })
                .collect(),
            Some((_, path)) => Err(decode_error(&path, "expected an object of string lists")),
        }
    }

    /// A duration: a Go duration string ("10s") or integer nanoseconds;
    /// absent is `None`.
    pub(super) fn duration(&self, names: &[&str]) -> Result<Option<Duration>, Error> {
        match self.field(names) {
            None => Ok(None),
            Some((Value::String(s), _)) if s.is_empty() => Ok(None),
            Some((Value::String(s), path)) => parse_duration(s)
                .map(Some)
                .ok_or_else(|| decode_error(&path, &format!("time: invalid duration {s:?}"))),
            Some((Value::Number(n), path)) => n
                .as_i64()
                .map(|ns| Some(Duration::from_nanos(ns.max(0) as u64)))
                .ok_or_else(|| decode_error(&path, "expected a duration")),
            Some((_, path)) => Err(decode_error(&path, "expected a duration")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_match_case_insensitively_and_null_is_absent() {
        let v: Value = serde_json::from_str(
            r#"{"node":"a","SERVICE":{"id":"x","Tags":null,"Meta":{"Env":"prod"}},"Port":-1}"#,
        )
        .unwrap();
        let o = Obj::root(&v, "body").unwrap();
        assert_eq!(o.string(&["Node"]).unwrap(), "a");
        let s = o.object(&["Service"]).unwrap().unwrap();
        assert_eq!(s.string(&["ID"]).unwrap(), "x");
        assert!(s.strings(&["Tags"]).unwrap().is_empty());
        assert_eq!(s.string_map(&["Meta"]).unwrap()["Env"], "prod");
        assert_eq!(o.int(&["Port"]).unwrap(), Some(-1));
        let err = o.boolean(&["Node"]).unwrap_err().to_string();
        assert!(
            err.contains("body.Node") && err.contains("true or false"),
            "{err}"
        );
    }

    #[test]
    fn snake_case_aliases_and_durations() {
        let v: Value =
            serde_json::from_str(r#"{"service_id":"w","interval":"10s","timeout":1500000000}"#)
                .unwrap();
        let o = Obj::root(&v, "check").unwrap();
        assert_eq!(o.string(&["ServiceID", "service_id"]).unwrap(), "w");
        assert_eq!(
            o.duration(&["Interval"]).unwrap(),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            o.duration(&["Timeout"]).unwrap(),
            Some(Duration::from_millis(1500))
        );
        let bad: Value = serde_json::from_str(r#"{"Interval":"10"}"#).unwrap();
        let err = Obj::root(&bad, "check")
            .unwrap()
            .duration(&["Interval"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid duration"), "{err}");
    }
}
