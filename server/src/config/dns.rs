//! The DNS interface's settings: `domain`, `alt_domain`, `recursors` and
//! `dns_config`, checked the way Consul checks them.

use std::time::Duration;

use roster_gateway::dns::{DnsConfig, RecursorStrategy, SoaConfig};

use super::{ConfigError, duration, file::FileConfig, flags::AgentFlags, invalid};

/// A DNS domain as served: lower-case, ending in a dot, every label valid.
fn domain(key: &'static str, value: &str) -> Result<String, ConfigError> {
    let mut d = value.trim().to_ascii_lowercase();
    if !d.ends_with('.') {
        d.push('.');
    }
    let labels: Vec<&str> = d.trim_end_matches('.').split('.').collect();
    let valid = d.len() <= 254
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    if !valid {
        return Err(invalid(key, format!("{value:?} is not a DNS domain")));
    }
    Ok(d)
}

fn count(key: &'static str, value: Option<i64>, default: usize) -> Result<usize, ConfigError> {
    match value {
        None => Ok(default),
        Some(n) if n >= 0 => Ok(n as usize),
        Some(n) => Err(invalid(key, format!("{n} must not be negative"))),
    }
}

fn soa_value(key: &'static str, value: Option<i64>, default: u32) -> Result<u32, ConfigError> {
    match value {
        None => Ok(default),
        Some(n) if (0..=i64::from(i32::MAX)).contains(&n) => Ok(n as u32),
        Some(n) => Err(invalid(key, format!("{n} is not a number of seconds"))),
    }
}

/// Builds the DNS settings; `warnings` gets the keys accepted but not used.
pub fn build(
    flags: &AgentFlags,
    file: &FileConfig,
    datacenter: &str,
    warnings: &mut Vec<String>,
) -> Result<DnsConfig, ConfigError> {
    let d = file.dns_config.clone().unwrap_or_default();
    let defaults = DnsConfig::default();
    let domain_name = match flags.domain.as_deref().or(file.domain.as_deref()) {
        Some(v) => domain("domain", v)?,
        None => defaults.domain.clone(),
    };
    let alt_domain = match flags.alt_domain.as_deref().or(file.alt_domain.as_deref()) {
        Some(v) => {
            let alt = domain("alt_domain", v)?;
            if alt == domain_name {
                return Err(invalid("alt_domain", "must differ from domain"));
            }
            Some(alt)
        }
        None => None,
    };
    let mut recursors = Vec::new();
    for r in file.recursors.iter().flatten().chain(flags.recursor.iter()) {
        recursors.push(
            roster_gateway::dns::parse_recursor(r)
                .map_err(|detail| invalid("recursors", detail))?,
        );
    }
    let mut service_ttl = Vec::new();
    for (name, ttl) in d.service_ttl.iter().flatten() {
        let parsed = duration("dns_config.service_ttl", Some(ttl.clone()), Duration::ZERO)?;
        service_ttl.push((name.to_ascii_lowercase(), parsed));
    }
    let recursor_strategy = match d.recursor_strategy.as_deref() {
        None | Some("sequential") => RecursorStrategy::Sequential,
        Some("random") => RecursorStrategy::Random,
        Some(other) => {
            return Err(invalid(
                "dns_config.recursor_strategy",
                format!("{other:?} is not \"sequential\" or \"random\""),
            ));
        }
    };
    let recursor_timeout = duration(
        "dns_config.recursor_timeout",
        d.recursor_timeout.clone(),
        defaults.recursor_timeout,
    )?;
    if recursor_timeout.is_zero() {
        return Err(invalid(
            "dns_config.recursor_timeout",
            "must be more than 0",
        ));
    }
    for (key, set) in [
        (
            "dns_config.disable_compression",
            d.disable_compression.is_some(),
        ),
        ("dns_config.use_cache", d.use_cache.is_some()),
        ("dns_config.cache_max_age", d.cache_max_age.is_some()),
    ] {
        if set {
            warnings.push(format!(
                "{key} is accepted and ignored: answers are always compressed and always come from the agent's watches"
            ));
        }
    }
    let soa = d.soa.clone().unwrap_or_default();
    let soa_default = SoaConfig::default();
    Ok(DnsConfig {
        datacenter: datacenter.to_string(),
        domain: domain_name,
        alt_domain,
        node_ttl: duration("dns_config.node_ttl", d.node_ttl.clone(), defaults.node_ttl)?,
        service_ttl,
        allow_stale: d.allow_stale.unwrap_or(defaults.allow_stale),
        max_stale: duration(
            "dns_config.max_stale",
            d.max_stale.clone(),
            defaults.max_stale,
        )?,
        udp_answer_limit: count(
            "dns_config.udp_answer_limit",
            d.udp_answer_limit,
            defaults.udp_answer_limit,
        )?,
        a_record_limit: count(
            "dns_config.a_record_limit",
            d.a_record_limit,
            defaults.a_record_limit,
        )?,
        only_passing: d.only_passing.unwrap_or(defaults.only_passing),
        enable_truncate: d.enable_truncate.unwrap_or(defaults.enable_truncate),
        node_meta_txt: d
            .enable_additional_node_meta_txt
            .unwrap_or(defaults.node_meta_txt),
        recursors,
        recursor_strategy,
        recursor_timeout,
        soa: SoaConfig {
            refresh: soa_value("dns_config.soa.refresh", soa.refresh, soa_default.refresh)?,
            retry: soa_value("dns_config.soa.retry", soa.retry, soa_default.retry)?,
            expire: soa_value("dns_config.soa.expire", soa.expire, soa_default.expire)?,
            min_ttl: soa_value("dns_config.soa.min_ttl", soa.min_ttl, soa_default.min_ttl)?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build_json(json: &str, flags: AgentFlags) -> Result<(DnsConfig, Vec<String>), ConfigError> {
        let file: FileConfig = serde_json::from_str(json).unwrap();
        let mut warnings = Vec::new();
        build(&flags, &file, "dc1", &mut warnings).map(|c| (c, warnings))
    }

    #[test]
    fn defaults_are_consuls() {
        let (c, warnings) = build_json("{}", AgentFlags::default()).unwrap();
        assert_eq!(c.domain, "consul.");
        assert!(c.allow_stale);
        assert_eq!(c.max_stale, Duration::from_secs(87600 * 3600));
        assert_eq!((c.udp_answer_limit, c.a_record_limit), (3, 0));
        assert!(!c.only_passing && !c.enable_truncate && c.node_meta_txt);
        assert_eq!(c.recursor_timeout, Duration::from_secs(2));
        assert_eq!(c.soa, SoaConfig::default());
        assert!(warnings.is_empty());
    }

    #[test]
    fn keys_and_flags() {
        let flags = AgentFlags {
            alt_domain: Some("Example.org".into()),
            recursor: vec!["127.0.0.1:5353".into()],
            ..Default::default()
        };
        let (c, warnings) = build_json(
            r#"{"domain":"roster","recursors":["10.0.0.1","[::1]:54"],
                "dns_config":{"node_ttl":"10s","service_ttl":{"*":"5s","Web":"30s"},
                  "udp_answer_limit":5,"a_record_limit":2,"only_passing":true,
                  "enable_truncate":true,"allow_stale":false,"max_stale":"1m",
                  "recursor_strategy":"random","recursor_timeout":"500ms",
                  "use_cache":true,"soa":{"min_ttl":60}}}"#,
            flags,
        )
        .unwrap();
        assert_eq!(c.domain, "roster.");
        assert_eq!(c.alt_domain.as_deref(), Some("example.org."));
        assert_eq!(
            c.recursors,
            vec![
                "10.0.0.1:53".parse().unwrap(),
                "[::1]:54".parse().unwrap(),
                "127.0.0.1:5353".parse().unwrap()
            ]
        );
        assert_eq!(c.node_ttl, Duration::from_secs(10));
        assert_eq!(c.service_ttl("web"), 30);
        assert_eq!(c.service_ttl("db"), 5);
        assert_eq!((c.udp_answer_limit, c.a_record_limit), (5, 2));
        assert!(c.only_passing && c.enable_truncate && !c.allow_stale);
        assert_eq!(c.max_stale, Duration::from_secs(60));
        assert_eq!(c.recursor_strategy, RecursorStrategy::Random);
        assert_eq!(c.recursor_timeout, Duration::from_millis(500));
        assert_eq!(c.soa.min_ttl, 60);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn bad_values_are_refused_by_name() {
        for (json, key) in [
            (r#"{"domain":"a..b"}"#, "domain"),
            (r#"{"recursors":["not-an-ip"]}"#, "recursors"),
            (
                r#"{"dns_config":{"udp_answer_limit":-1}}"#,
                "dns_config.udp_answer_limit",
            ),
            (
                r#"{"dns_config":{"node_ttl":"soon"}}"#,
                "dns_config.node_ttl",
            ),
            (
                r#"{"dns_config":{"recursor_strategy":"fastest"}}"#,
                "dns_config.recursor_strategy",
            ),
            (
                r#"{"dns_config":{"soa":{"retry":-5}}}"#,
                "dns_config.soa.retry",
            ),
            (
                r#"{"domain":"consul","alt_domain":"consul."}"#,
                "alt_domain",
            ),
        ] {
            match build_json(json, AgentFlags::default()) {
                Err(ConfigError::Invalid { key: k, .. }) => assert_eq!(k, key, "{json}"),
                other => panic!("{json}: {other:?}"),
            }
        }
    }
}
