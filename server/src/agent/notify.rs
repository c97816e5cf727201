//! Tells systemd (or any service manager speaking sd_notify(3)) how the
//! agent is doing, so that a `Type=notify` unit is "active" only once the
//! agent serves its APIs, shows "reloading" during a reload and
//! "deactivating" while the agent leaves. Without `NOTIFY_SOCKET` (not
//! started by systemd) every call does nothing.

use sd_notify::NotifyState;

/// Start-up is over: the listeners serve and the start-up joins are done.
pub(crate) fn ready() {
    send(&[NotifyState::Ready, NotifyState::Status("serving")]);
}

/// A reload began; [`reloaded`] ends it.
pub(crate) fn reloading() {
    // systemd 253+ (`Type=notify-reload`) wants the time the reload began.
    let mut states = vec![
        NotifyState::Reloading,
        NotifyState::Status("reloading configuration"),
    ];
    if let Ok(now) = NotifyState::monotonic_usec_now() {
        states.push(now);
    }
    send(&states);
}

/// A reload ended, with `outcome` in the status line (a failed reload
/// leaves the agent serving with its previous configuration).
pub(crate) fn reloaded(outcome: &str) {
    send(&[NotifyState::Ready, NotifyState::Status(outcome)]);
}

/// The agent is stopping.
pub(crate) fn stopping() {
    send(&[NotifyState::Stopping, NotifyState::Status("stopping")]);
}

fn send(states: &[NotifyState<'_>]) {
    // A notification that cannot be sent leaves systemd to its timeouts:
    // worth a warning, never a failure of the agent.
    if let Err(error) = sd_notify::notify(states) {
        tracing::warn!(%error, "cannot notify the service manager");
    }
}
