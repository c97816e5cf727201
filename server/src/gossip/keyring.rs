//! Gossip encryption keys: parsing, and the keyring file each pool keeps in
//! `<data_dir>/serf/` (`local.keyring` for LAN, `remote.keyring` for WAN; a
//! JSON array of base64 keys, primary first, as Consul writes it).
//!
//! At start the file wins over `-encrypt` once it exists (Consul does the
//! same), so that keys rotated with `roster keyring` survive a restart.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use serf::types::SecretKey;

use super::GossipError;

/// A keyring: the primary key (used to send) and the others (accepted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyring {
    keys: Vec<SecretKey>,
}

impl Keyring {
    /// A keyring with one key.
    pub fn single(key: SecretKey) -> Keyring {
        Keyring { keys: vec![key] }
    }

    /// The primary key.
    pub fn primary(&self) -> SecretKey {
        self.keys[0]
    }

    /// The keys other than the primary.
    pub fn secondary(&self) -> Vec<SecretKey> {
        self.keys[1..].to_vec()
    }

    /// Every key, primary first.
    pub fn keys(&self) -> &[SecretKey] {
        &self.keys
    }
}

/// Parses a base64 key of 16, 24 or 32 bytes.
pub fn parse_key(text: &str) -> Result<SecretKey, GossipError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| GossipError::Invalid(format!("invalid key: not valid base64: {e}")))?;
    key_from_bytes(&bytes)
}

/// A key from raw bytes (16, 24 or 32).
pub fn key_from_bytes(bytes: &[u8]) -> Result<SecretKey, GossipError> {
    SecretKey::try_from(bytes).map_err(|_| {
        GossipError::Invalid(format!(
            "invalid key: {} bytes; a key is 16, 24 or 32 bytes of base64 (`roster keygen` makes one)",
            bytes.len()
        ))
    })
}

/// The base64 text of a key.
pub fn key_to_string(key: &SecretKey) -> String {
    base64::engine::general_purpose::STANDARD.encode(key.as_ref())
}

/// The keyring file of a pool.
pub fn file_path(data_dir: &Path, wan: bool) -> PathBuf {
    data_dir.join("serf").join(if wan {
        "remote.keyring"
    } else {
        "local.keyring"
    })
}

/// Loads the keyring for a pool: the file if it exists, else the configured
/// key (written to the file so that later rotations persist). `None` when
/// gossip is not encrypted.
pub fn load(
    file: Option<&Path>,
    configured: Option<&[u8]>,
) -> Result<Option<Keyring>, GossipError> {
    let configured = configured.map(key_from_bytes).transpose()?;
    let Some(file) = file else {
        return Ok(configured.map(Keyring::single));
    };
    match std::fs::read_to_string(file) {
        Ok(text) => {
            let texts: Vec<String> = serde_json::from_str(&text).map_err(|e| {
                GossipError::Invalid(format!("keyring file {} is malformed: {e}", file.display()))
            })?;
            let keys = texts
                .iter()
                .map(|k| parse_key(k))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| {
                    GossipError::Invalid(format!("keyring file {}: {e}", file.display()))
                })?;
            if keys.is_empty() {
                return Err(GossipError::Invalid(format!(
                    "keyring file {} holds no key",
                    file.display()
                )));
            }
            if let Some(c) = configured
                && !keys.contains(&c)
            {
                tracing::warn!(
                    file = %file.display(),
                    "the -encrypt key is not in the keyring file; using the file (rotate keys with `roster keyring`)"
                );
            }
            Ok(Some(Keyring { keys }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let Some(key) = configured else {
                return Ok(None);
            };
            let ring = Keyring::single(key);
            write(file, &ring)?;
            Ok(Some(ring))
        }
        Err(e) => Err(GossipError::Invalid(format!(
            "cannot read keyring file {}: {e}",
            file.display()
        ))),
    }
}

fn write(file: &Path, ring: &Keyring) -> Result<(), GossipError> {
    let fail = |e: std::io::Error| {
        GossipError::Invalid(format!("cannot write keyring file {}: {e}", file.display()))
    };
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let texts: Vec<String> = ring.keys.iter().map(key_to_string).collect();
    let body = serde_json::to_vec_pretty(&texts).expect("strings serialize");
    use std::{io::Write as _, os::unix::fs::OpenOptionsExt as _};
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .mode(0o600)
        .open(file)
        .map_err(fail)?;
    f.write_all(&body).map_err(fail)?;
    f.sync_all().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";

    #[test]
    fn keys_parse_and_bad_ones_say_why() {
        let k = parse_key(KEY).unwrap();
        assert_eq!(key_to_string(&k), KEY);
        assert!(
            parse_key("c2hvcnQ=")
                .unwrap_err()
                .to_string()
                .contains("5 bytes")
        );
        assert!(parse_key("!!").unwrap_err().to_string().contains("base64"));
    }

    #[test]
    fn file_is_created_from_the_flag_then_wins() {
        let dir = tempfile::tempdir().unwrap();
        let file = file_path(dir.path(), false);
        assert_eq!(load(Some(&file), None).unwrap(), None);
        let key = parse_key(KEY).unwrap();
        let ring = load(Some(&file), Some(key.as_ref())).unwrap().unwrap();
        assert_eq!(ring.primary(), key);
        let other = key_from_bytes(&[9u8; 32]).unwrap();
        // A rotated file (as serf writes it) is what the next start uses.
        std::fs::write(
            &file,
            serde_json::to_vec(&[key_to_string(&other), KEY.to_string()]).unwrap(),
        )
        .unwrap();
        let ring = load(Some(&file), Some(key.as_ref())).unwrap().unwrap();
        assert_eq!(ring.primary(), other);
        assert_eq!(ring.secondary(), vec![key]);
        std::fs::write(&file, "[]").unwrap();
        assert!(load(Some(&file), None).is_err());
        std::fs::write(&file, "{").unwrap();
        assert!(
            load(Some(&file), None)
                .unwrap_err()
                .to_string()
                .contains("malformed")
        );
    }
}
