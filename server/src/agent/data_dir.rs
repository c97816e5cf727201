//! The data directory: created, locked against a second agent (the lock
//! file holds the holder's pid), or a temp dir for `-dev`.

use std::{fs::File, io::Write as _, path::PathBuf};

use super::AgentError;
use crate::config::Config;

/// The data directory: a real one, or a temp dir for `-dev` (kept alive by
/// this value, removed on exit).
pub struct DataDir {
    /// The directory.
    pub path: PathBuf,
    _temp: Option<tempfile::TempDir>,
    _lock: File,
}

/// Opens (creating it if needed) and locks the data dir of `config`, or a
/// temp dir for `-dev`. A second agent on the same dir is refused with the
/// holder's pid.
pub fn open(config: &Config) -> Result<DataDir, AgentError> {
    let (path, temp) = match &config.data_dir {
        Some(p) => (p.clone(), None),
        None => {
            let t = tempfile::Builder::new()
                .prefix("roster-dev-")
                .tempdir()
                .map_err(|e| AgentError::DataDir {
                    path: std::env::temp_dir(),
                    detail: format!("cannot create a temp dir: {e}"),
                })?;
            (t.path().to_path_buf(), Some(t))
        }
    };
    let err = |detail: String| AgentError::DataDir {
        path: path.clone(),
        detail,
    };
    std::fs::create_dir_all(&path).map_err(|e| err(format!("cannot create: {e}")))?;
    let lock_path = path.join("roster.lock");
    let mut lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&lock_path)
        .map_err(|e| err(format!("cannot open {}: {e}", lock_path.display())))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&lock_path).unwrap_or_default();
            return Err(err(format!(
                "in use by another roster agent (pid {}); stop it or use another -data-dir",
                holder.trim()
            )));
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(err(format!("cannot lock {}: {e}", lock_path.display())));
        }
    }
    lock.set_len(0)
        .and_then(|_| write!(lock, "{}", std::process::id()))
        .map_err(|e| err(format!("cannot write {}: {e}", lock_path.display())))?;
    Ok(DataDir {
        path,
        _temp: temp,
        _lock: lock,
    })
}
