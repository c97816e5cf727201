//! `roster keygen`: a new gossip encryption key (32 random bytes, standard
//! base64), as `consul keygen` prints it.

use std::process::ExitCode;

use base64::Engine as _;
use rand::RngCore as _;

use super::CliError;

/// A new key, base64-encoded (44 characters).
pub fn new_key() -> String {
    let mut key = [0u8; 32];
    // ThreadRng is a CSPRNG seeded from the operating system.
    rand::rng().fill_bytes(&mut key);
    base64::engine::general_purpose::STANDARD.encode(key)
}

/// Prints a new key.
pub fn run() -> Result<ExitCode, CliError> {
    println!("{}", new_key());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_32_random_bytes_that_encrypt_accepts() {
        let a = new_key();
        let b = new_key();
        assert_eq!(a.len(), 44);
        assert_ne!(a, b);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&a)
            .unwrap();
        assert_eq!(bytes.len(), 32);
        let flags = crate::config::AgentFlags {
            dev: true,
            encrypt: Some(a.clone()),
            ..Default::default()
        };
        let config = crate::config::Config::build(&flags).unwrap();
        assert_eq!(config.encrypt, Some(bytes));
    }
}
