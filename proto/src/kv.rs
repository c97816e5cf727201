//! `roster.kv.v1` and the validation rules every KV write and read shares.

/// `roster.kv.v1`: the key/value store.
pub mod v1 {
    tonic::include_proto!("roster.kv.v1");
}

/// Largest value a key may hold (Consul's `kv_max_value_size`, 512 KiB).
pub const MAX_VALUE_SIZE: usize = 512 * 1024;

/// Longest key accepted, in bytes.
pub const MAX_KEY_SIZE: usize = 8 * 1024;

/// Why a key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The key is empty where one is required.
    #[error("Missing key name")]
    Empty,
    /// The key is longer than [`MAX_KEY_SIZE`].
    #[error("key is {len} bytes long, the limit is {max} bytes")]
    TooLong {
        /// Length of the key.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The key contains a control character.
    #[error("key contains a non-printable character at byte {at}")]
    Unprintable {
        /// Byte offset of the character.
        at: usize,
    },
    /// The key has a `..` path segment.
    #[error("key contains a '..' path segment")]
    DotDot,
}

/// Checks a key (or a prefix when `allow_empty`): any UTF-8 without control
/// characters or `..` path segments, at most [`MAX_KEY_SIZE`] bytes.
pub fn validate_key(key: &str, allow_empty: bool) -> Result<(), KeyError> {
    if key.is_empty() {
        return if allow_empty {
            Ok(())
        } else {
            Err(KeyError::Empty)
        };
    }
    if key.len() > MAX_KEY_SIZE {
        return Err(KeyError::TooLong {
            len: key.len(),
            max: MAX_KEY_SIZE,
        });
    }
    if let Some((at, _)) = key.char_indices().find(|(_, c)| c.is_control()) {
        return Err(KeyError::Unprintable { at });
    }
    if key.split('/').any(|segment| segment == "..") {
        return Err(KeyError::DotDot);
    }
    Ok(())
}

/// The message for a value over [`MAX_VALUE_SIZE`], in Consul's words.
pub fn value_too_large_message(len: usize) -> String {
    format!(
        "Request body({len} bytes) too large, max size: {MAX_VALUE_SIZE} bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(validate_key("", false), Err(KeyError::Empty));
        assert_eq!(validate_key("", true), Ok(()));
        assert_eq!(validate_key("a/b/c", false), Ok(()));
        assert_eq!(validate_key("a/../b", false), Err(KeyError::DotDot));
        assert_eq!(validate_key("..", false), Err(KeyError::DotDot));
        assert_eq!(validate_key("a..b/c", false), Ok(()));
        assert_eq!(validate_key("ünïcode/ключ", false), Ok(()));
        assert_eq!(
            validate_key("a\nb", false),
            Err(KeyError::Unprintable { at: 1 })
        );
        let long = "k".repeat(MAX_KEY_SIZE + 1);
        assert!(matches!(
            validate_key(&long, false),
            Err(KeyError::TooLong { .. })
        ));
    }
}
