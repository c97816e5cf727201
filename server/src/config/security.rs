//! Protections a configuration asks for that this version cannot give.
//!
//! An unknown key is a warning (Consul's treatment, so that a config written
//! for Consul starts). A key that turns on a protection Roster does not
//! have — auto-encrypt and auto-config certificates, HTTP endpoint blocking —
//! is different: ignoring it would run the agent open while its operator
//! believes it is closed. An agent whose configuration turns any of them on
//! refuses to start and names each key. (ACLs and TLS are read by their own
//! modules, `acl.rs` and `tls.rs`.)

use serde_json::Value;

/// Why a protection cannot be honoured yet.
pub(crate) const NO_ACL: &str = "ACLs are not enforced yet";
const NO_AUTO_TLS: &str = "certificates distributed by the servers are not implemented; configure tls with your own certificates";
const NO_BLOCK: &str = "HTTP endpoint restrictions are not implemented yet";

/// Dotted keys of `unknown` (the configuration keys Roster does not read,
/// merged over every file) that turn on a protection Roster cannot enforce,
/// each with the reason.
pub fn unenforced(unknown: &serde_json::Map<String, Value>) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    // `acl.enabled` is read (config/acl.rs) and refused by `Config::build`
    // while `crate::acl::ENFORCED` is false.
    // Consul before 1.4 turned ACLs on by naming the ACL datacenter.
    if unknown.get("acl_datacenter").is_some_and(is_set) {
        out.push(("acl_datacenter".into(), NO_ACL));
    }
    if let Some(auto) = unknown.get("auto_encrypt")
        && (truthy(auto.get("tls")) || truthy(auto.get("allow_tls")))
    {
        out.push(("auto_encrypt".into(), NO_AUTO_TLS));
    }
    if let Some(auto) = unknown.get("auto_config")
        && truthy(auto.get("enabled"))
    {
        out.push(("auto_config.enabled".into(), NO_AUTO_TLS));
    }
    if let Some(http) = unknown.get("http_config") {
        for key in ["block_endpoints", "allow_write_http_from"] {
            if http.get(key).is_some_and(is_set) {
                out.push((format!("http_config.{key}"), NO_BLOCK));
            }
        }
    }
    out
}

fn truthy(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Bool(true)))
        || matches!(value, Some(Value::String(s)) if s == "true")
}

/// Whether a value is anything but off: not `false`, `null`, empty.
fn is_set(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => false,
        Value::String(s) => !s.is_empty() && s != "false",
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Bool(true) | Value::Number(_) => true,
    }
}

/// Merges `later` over `earlier` as Consul merges config files: objects
/// key by key, anything else replaced.
pub fn merge_json(
    earlier: &mut serde_json::Map<String, Value>,
    later: serde_json::Map<String, Value>,
) {
    for (key, value) in later {
        match (earlier.get_mut(&key), value) {
            (Some(Value::Object(dst)), Value::Object(src)) => merge_json(dst, src),
            (_, value) => {
                earlier.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn keys(v: Value) -> Vec<String> {
        let Value::Object(map) = v else { panic!() };
        unenforced(&map).into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn the_pre_1_4_acl_datacenter_is_refused() {
        assert_eq!(
            keys(json!({"acl_datacenter": "dc1"})),
            vec!["acl_datacenter"]
        );
    }

    #[test]
    fn auto_encrypt_and_endpoint_blocking_are_refused() {
        assert_eq!(
            keys(json!({"auto_encrypt": {"tls": true}, "auto_config": {"enabled": true}})),
            vec!["auto_encrypt", "auto_config.enabled"]
        );
        assert_eq!(
            keys(json!({"http_config": {"block_endpoints": ["/v1/acl"]}})),
            vec!["http_config.block_endpoints"]
        );
    }

    #[test]
    fn protections_turned_off_or_unrelated_keys_start() {
        assert!(
            keys(json!({
                "acl": {"enabled": false, "default_policy": "deny"},
                "auto_encrypt": {"tls": false},
                "http_config": {"block_endpoints": []},
                "telemetry": {"disable_hostname": true}
            }))
            .is_empty()
        );
    }

    #[test]
    fn later_files_override_earlier_ones_key_by_key() {
        let Value::Object(mut a) =
            json!({"http_config": {"block_endpoints": ["/v1/acl"], "response_headers": {}}})
        else {
            panic!()
        };
        let Value::Object(b) = json!({"http_config": {"block_endpoints": []}}) else {
            panic!()
        };
        merge_json(&mut a, b);
        assert_eq!(
            a["http_config"],
            json!({"block_endpoints": [], "response_headers": {}})
        );
        assert!(keys(Value::Object(a)).is_empty());
    }
}
