//! Small files the agent keeps in its data dir (node ID, Raft id, local
//! state), written so that a crash or a power cut leaves each whole or
//! absent.

use std::{
    io::Write as _,
    path::{Path, PathBuf},
};

/// Writes `file` so that after a crash or a power loss it holds either
/// nothing (it does not exist) or all of `bytes`: a synced temporary file
/// renamed over it, then the directory synced. (A plain write left an
/// empty `node-id` after a power cut, and the agent refused to start.)
pub fn write_durably(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut temp = file.as_os_str().to_owned();
    temp.push(".tmp");
    let temp = PathBuf::from(temp);
    let mut f = std::fs::File::create(&temp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&temp, file)?;
    std::fs::File::open(dir)?.sync_all()
}
