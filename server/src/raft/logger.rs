//! A `slog` drain that forwards raft-rs's log records to `tracing`.

use slog::{Drain, OwnedKVList, Record};

/// Forwards slog records to tracing at the matching level.
pub struct TracingDrain;

impl Drain for TracingDrain {
    type Ok = ();
    type Err = slog::Never;

    fn log(&self, record: &Record<'_>, _values: &OwnedKVList) -> Result<(), slog::Never> {
        let message = record.msg().to_string();
        match record.level() {
            slog::Level::Critical | slog::Level::Error => {
                tracing::error!(target: "raft", message = %message, "raft")
            }
            slog::Level::Warning => tracing::warn!(target: "raft", message = %message, "raft"),
            slog::Level::Info => tracing::info!(target: "raft", message = %message, "raft"),
            slog::Level::Debug => tracing::debug!(target: "raft", message = %message, "raft"),
            slog::Level::Trace => tracing::trace!(target: "raft", message = %message, "raft"),
        }
        Ok(())
    }
}

/// The root logger handed to raft-rs.
pub fn raft_logger() -> slog::Logger {
    slog::Logger::root(TracingDrain.fuse(), slog::o!())
}
