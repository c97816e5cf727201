//! The agent's configuration files, JSON or HCL: any text is a
//! configuration or an error naming the file, and one that parses goes
//! through the checks of its `acl` and `tls` blocks and of the services and
//! checks it defines.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use roster_parse::config::{acl, file, tls};
use roster_proto::definitions::{Obj, decode_agent_check, decode_service};

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let parsed = if kind & 1 == 0 {
        file::parse_json(Path::new("fuzz.json"), text)
    } else {
        file::parse_hcl(Path::new("fuzz.hcl"), text)
    };
    let Ok(config) = parsed else {
        return;
    };
    let _ = config.unknown_keys();
    let mut warnings = Vec::new();
    let _ = acl::build(config.acl.as_ref(), &config.legacy_acl, &mut warnings);
    let _ = tls::build(
        config.tls.as_ref(),
        &config.legacy_tls,
        "server.dc1.consul".into(),
        &mut warnings,
    );
    let services = config
        .service
        .iter()
        .chain(config.services.iter().flatten());
    for value in services {
        if let Ok(obj) = Obj::root(value, "service") {
            let _ = decode_service(&obj);
            if let Ok(checks) = obj.objects(&["Checks"]) {
                for check in checks {
                    let _ = decode_agent_check(&check);
                }
            }
        }
    }
    let checks = config.check.iter().chain(config.checks.iter().flatten());
    for value in checks {
        if let Ok(obj) = Obj::root(value, "check") {
            let _ = decode_agent_check(&obj);
        }
    }
});
