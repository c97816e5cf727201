//! Consul's agent configuration files, read but not yet applied: the file
//! format (JSON and HCL, `file.rs`) and the blocks that are validated on
//! their own (`acl`, `tls`). The agent (`roster-server`'s `config`) builds
//! its configuration from these.

use std::{path::PathBuf, time::Duration};

use roster_proto::common::parse_go_duration;

/// Copies each named `Option` field of `$src` that is set over `$dst`'s:
/// how a later file's keys win over an earlier one's (used by the file,
/// ACL and TLS sections, declared below so that they see it).
macro_rules! take {
    ($dst:expr, $src:expr, $($field:ident),+) => {
        $( if $src.$field.is_some() { $dst.$field = $src.$field.clone(); } )+
    };
}

pub mod acl;
pub mod file;
pub mod tls;

pub use file::FileConfig;

/// Configuration errors; each names what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A file could not be read.
    #[error("cannot read {path}: {detail}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        detail: String,
    },
    /// A file is malformed.
    #[error("error parsing {path} at line {line}, column {column}: {detail}")]
    File {
        /// The file.
        path: PathBuf,
        /// Line of the error (1-based).
        line: usize,
        /// Column of the error (1-based).
        column: usize,
        /// What is wrong.
        detail: String,
    },
    /// The configuration turns on protections this version cannot enforce
    /// (the server's `config/security.rs`).
    #[error(
        "refusing to start: the configuration asks for protection this agent cannot enforce: {}",
        .0.join("; ")
    )]
    Unenforced(Vec<String>),
    /// A value is invalid.
    #[error("invalid {key}: {detail}")]
    Invalid {
        /// Flag or key name.
        key: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// A service or check definition is invalid.
    #[error("{path}: invalid {key}: {detail}")]
    Definition {
        /// The file.
        path: PathBuf,
        /// Which definition (`services[0]`, `checks[1]`).
        key: String,
        /// What is wrong.
        detail: String,
    },
}

pub fn invalid(key: &'static str, detail: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key,
        detail: detail.into(),
    }
}

/// A Go duration (`"30s"`) of `key`, or `default` when unset.
pub fn duration(
    key: &'static str,
    value: Option<String>,
    default: Duration,
) -> Result<Duration, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) => parse_go_duration(&v)
            .map_err(|_| invalid(key, format!("{v:?} is not a duration like \"30s\""))),
    }
}
