//! Consul's JSON definitions of services and checks, read as Consul's Go
//! code reads them, for every place that takes them (the HTTP API, agent
//! configuration files): field names match case-insensitively (Go's
//! `encoding/json`), snake_case aliases are accepted where Consul accepts
//! them, `null` is the same as absent, and durations are Go duration
//! strings or integer nanoseconds. Map keys (metadata, tagged addresses,
//! headers) keep their case.

use std::{collections::BTreeMap, time::Duration};

use serde_json::{Map, Value};

use crate::{
    agent::v1::AgentCheck,
    catalog::v1::{
        CheckDefinition, HeaderValues, HealthCheck, HealthStatus, Service, ServiceAddress, Weights,
    },
};

/// Why a definition is refused: Consul's message (`Request decode failed:
/// <field>: <why>` for malformed JSON).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DefinitionError(pub String);

impl DefinitionError {
    fn new(message: impl Into<String>) -> DefinitionError {
        DefinitionError(message.into())
    }
}

/// One JSON object of a request body, with where it sits (for errors).
pub struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

fn decode_error(path: &str, why: &str) -> DefinitionError {
    DefinitionError(format!("Request decode failed: {path}: {why}"))
}

impl<'a> Obj<'a> {
    /// The top-level object of a body.
    pub fn root(value: &'a Value, name: &str) -> Result<Obj<'a>, DefinitionError> {
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
    pub fn string(&self, names: &[&str]) -> Result<String, DefinitionError> {
        match self.field(names) {
            None => Ok(String::new()),
            Some((Value::String(s), _)) => Ok(s.clone()),
            Some((_, path)) => Err(decode_error(&path, "expected a string")),
        }
    }

    /// A boolean field; absent is false.
    pub fn boolean(&self, names: &[&str]) -> Result<bool, DefinitionError> {
        match self.field(names) {
            None => Ok(false),
            Some((Value::Bool(b), _)) => Ok(*b),
            Some((_, path)) => Err(decode_error(&path, "expected true or false")),
        }
    }

    /// A boolean field, `default` when absent.
    pub fn boolean_or(&self, names: &[&str], default: bool) -> Result<bool, DefinitionError> {
        match self.field(names) {
            None => Ok(default),
            Some(_) => self.boolean(names),
        }
    }

    /// An integer field; absent is `None`.
    pub fn int(&self, names: &[&str]) -> Result<Option<i64>, DefinitionError> {
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
    pub fn strings(&self, names: &[&str]) -> Result<Vec<String>, DefinitionError> {
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
    pub fn string_map(&self, names: &[&str]) -> Result<BTreeMap<String, String>, DefinitionError> {
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
    pub fn object(&self, names: &[&str]) -> Result<Option<Obj<'a>>, DefinitionError> {
        match self.field(names) {
            None => Ok(None),
            Some((Value::Object(map), path)) => Ok(Some(Obj { map, path })),
            Some((_, path)) => Err(decode_error(&path, "expected an object")),
        }
    }

    /// A list of objects; absent is empty.
    pub fn objects(&self, names: &[&str]) -> Result<Vec<Obj<'a>>, DefinitionError> {
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
    pub fn object_map(&self, names: &[&str]) -> Result<Vec<(String, Obj<'a>)>, DefinitionError> {
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
    pub fn header_map(
        &self,
        names: &[&str],
    ) -> Result<Vec<(String, Vec<String>)>, DefinitionError> {
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
    pub fn duration(&self, names: &[&str]) -> Result<Option<Duration>, DefinitionError> {
        match self.field(names) {
            None => Ok(None),
            Some((Value::String(s), _)) if s.is_empty() => Ok(None),
            Some((Value::String(s), path)) => crate::common::parse_consul_duration(s)
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

/// A port from a body: an integer from 0 to 65535.
fn port(obj: &Obj<'_>, names: &[&str]) -> Result<u32, DefinitionError> {
    match obj.int(names)? {
        None => Ok(0),
        Some(p) if (0..=65535).contains(&p) => Ok(p as u32),
        Some(p) => Err(DefinitionError::new(format!(
            "Invalid port {p}: must be between 0 and 65535"
        ))),
    }
}

/// A service definition (`AgentService` shape; agent registrations add
/// their own fields on top).
pub fn decode_service(obj: &Obj<'_>) -> Result<Service, DefinitionError> {
    let weights = match obj.object(&["Weights"])? {
        None => None,
        Some(w) => Some(Weights {
            passing: w
                .int(&["Passing"])?
                .unwrap_or(1)
                .clamp(i32::MIN.into(), i32::MAX.into()) as i32,
            warning: w
                .int(&["Warning"])?
                .unwrap_or(1)
                .clamp(i32::MIN.into(), i32::MAX.into()) as i32,
        }),
    };
    let mut tagged_addresses = BTreeMap::new();
    for (name, a) in obj.object_map(&["TaggedAddresses", "tagged_addresses"])? {
        tagged_addresses.insert(
            name,
            ServiceAddress {
                address: a.string(&["Address"])?,
                port: port(&a, &["Port"])?,
            },
        );
    }
    Ok(Service {
        id: obj.string(&["ID"])?,
        service: obj.string(&["Service", "Name"])?,
        tags: obj.strings(&["Tags"])?,
        address: obj.string(&["Address"])?,
        tagged_addresses,
        meta: obj.string_map(&["Meta"])?,
        port: port(obj, &["Port"])?,
        weights,
        enable_tag_override: obj.boolean(&["EnableTagOverride", "enable_tag_override"])?,
        kind: obj.string(&["Kind"])?,
        socket_path: obj.string(&["SocketPath", "socket_path"])?,
        create_index: 0,
        modify_index: 0,
    })
}

fn duration_field(obj: &Obj<'_>, names: &[&str]) -> Result<String, DefinitionError> {
    Ok(obj
        .duration(names)?
        .map(crate::common::format_go_duration)
        .unwrap_or_default())
}

/// How a check runs, from a check definition or a catalog `Definition`.
pub fn decode_definition(obj: &Obj<'_>) -> Result<CheckDefinition, DefinitionError> {
    let mut script_args = obj.strings(&["ScriptArgs", "Args", "script_args"])?;
    if script_args.is_empty() {
        script_args = obj.strings(&["args"])?;
    }
    let h2ping = obj.string(&["H2PING", "h2ping"])?;
    Ok(CheckDefinition {
        http: obj.string(&["HTTP"])?,
        tls_server_name: obj.string(&["TLSServerName", "tls_server_name"])?,
        tls_skip_verify: obj.boolean(&["TLSSkipVerify", "tls_skip_verify"])?,
        header: obj
            .header_map(&["Header"])?
            .into_iter()
            .map(|(k, values)| (k, HeaderValues { values }))
            .collect(),
        method: obj.string(&["Method"])?,
        body: obj.string(&["Body"])?,
        disable_redirects: obj.boolean(&["DisableRedirects", "disable_redirects"])?,
        tcp: obj.string(&["TCP"])?,
        tcp_use_tls: obj.boolean(&["TCPUseTLS", "tcp_use_tls"])?,
        udp: obj.string(&["UDP"])?,
        grpc: obj.string(&["GRPC"])?,
        grpc_use_tls: obj.boolean(&["GRPCUseTLS", "grpc_use_tls"])?,
        script_args,
        docker_container_id: obj.string(&["DockerContainerID", "docker_container_id"])?,
        shell: obj.string(&["Shell"])?,
        alias_node: obj.string(&["AliasNode", "alias_node"])?,
        alias_service: obj.string(&["AliasService", "alias_service"])?,
        interval: duration_field(obj, &["Interval"])?,
        timeout: duration_field(obj, &["Timeout"])?,
        ttl: duration_field(obj, &["TTL"])?,
        deregister_critical_service_after: duration_field(
            obj,
            &[
                "DeregisterCriticalServiceAfter",
                "deregister_critical_service_after",
            ],
        )?,
        // Consul's default: an H2PING check uses TLS unless told not to.
        h2ping_use_tls: obj.boolean_or(&["H2PingUseTLS", "h2ping_use_tls"], !h2ping.is_empty())?,
        h2ping,
    })
}

/// A catalog check (`HealthCheck` shape with a `Definition`).
pub fn decode_catalog_check(obj: &Obj<'_>) -> Result<HealthCheck, DefinitionError> {
    let status_word = obj.string(&["Status"])?;
    let status = parse_status(&status_word)
        .ok_or_else(|| DefinitionError::new(format!("Invalid check status: {status_word:?}")))?;
    let definition = match obj.object(&["Definition"])? {
        Some(d) => Some(decode_definition(&d)?),
        None => None,
    };
    Ok(HealthCheck {
        node: obj.string(&["Node"])?,
        check_id: obj.string(&["CheckID", "ID"])?,
        name: obj.string(&["Name"])?,
        status: status as i32,
        notes: obj.string(&["Notes"])?,
        output: obj.string(&["Output"])?,
        service_id: obj.string(&["ServiceID"])?,
        r#type: obj.string(&["Type"])?,
        definition,
        ..HealthCheck::default()
    })
}

/// A count from a body (`SuccessBeforePassing`, ...): 0 or more.
fn count(obj: &Obj<'_>, names: &[&str]) -> Result<u32, DefinitionError> {
    match obj.int(names)? {
        None => Ok(0),
        Some(n) if (0..=i64::from(u32::MAX)).contains(&n) => Ok(n as u32),
        Some(n) => Err(DefinitionError::new(format!(
            "{} must not be negative (got {n})",
            names[0]
        ))),
    }
}

/// A check definition as the agent API and config files write it: the
/// definition's fields at the top level.
pub fn decode_agent_check(obj: &Obj<'_>) -> Result<AgentCheck, DefinitionError> {
    let status_word = obj.string(&["Status"])?;
    let status = parse_status(&status_word)
        .ok_or_else(|| DefinitionError::new(format!("Invalid check status: {status_word:?}")))?;
    Ok(AgentCheck {
        check_id: obj.string(&["ID", "CheckID", "check_id"])?,
        name: obj.string(&["Name"])?,
        notes: obj.string(&["Notes"])?,
        status: status as i32,
        service_id: obj.string(&["ServiceID", "service_id"])?,
        definition: Some(decode_definition(obj)?),
        success_before_passing: count(obj, &["SuccessBeforePassing", "success_before_passing"])?,
        failures_before_warning: count(obj, &["FailuresBeforeWarning", "failures_before_warning"])?,
        failures_before_critical: count(
            obj,
            &["FailuresBeforeCritical", "failures_before_critical"],
        )?,
    })
}

/// A status word as a client writes it; `None` when it is not one.
pub fn parse_status(word: &str) -> Option<HealthStatus> {
    match word {
        "" => Some(HealthStatus::Unspecified),
        "passing" => Some(HealthStatus::Passing),
        "warning" => Some(HealthStatus::Warning),
        "critical" => Some(HealthStatus::Critical),
        _ => None,
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
