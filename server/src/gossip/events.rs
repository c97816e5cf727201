//! User events: how they travel in a serf user event, and the log of the
//! last [`EVENT_LOG_SIZE`] events this agent received (Consul keeps the same
//! ring in memory; it is lost on restart).
//!
//! On the wire the serf event is named `roster:event:<name>` and its payload
//! is the `roster.event.v1.UserEvent` message without the name.

use std::{collections::VecDeque, sync::Mutex};

use prost::Message as _;
use roster_proto::event::v1::UserEvent;
use serf::types::bytes::Bytes;
use tokio::sync::watch;

use super::{GossipError, MAX_USER_EVENT_SIZE};

/// Events kept per agent.
pub const EVENT_LOG_SIZE: usize = 256;

const NAME_PREFIX: &str = "roster:event:";

/// The serf event name and payload for a user event.
pub fn encode(event: &UserEvent) -> Result<(String, Bytes), GossipError> {
    let name = format!("{NAME_PREFIX}{}", event.name);
    let body = UserEvent {
        name: String::new(),
        ..event.clone()
    };
    let payload = body.encode_to_vec();
    let size = name.len() + payload.len();
    if size > MAX_USER_EVENT_SIZE {
        return Err(GossipError::Invalid(format!(
            "user event is too large: the name, payload and filters take {size} bytes once \
             encoded; gossip carries at most {MAX_USER_EVENT_SIZE} (payload {} bytes)",
            event.payload.len()
        )));
    }
    Ok((name, Bytes::from(payload)))
}

/// Decodes a received serf event (its name, payload and Lamport time);
/// `None` if it is not a Roster user event.
pub fn decode(name: &str, payload: &[u8], ltime: u64) -> Option<UserEvent> {
    let name = name.strip_prefix(NAME_PREFIX)?;
    let mut event = UserEvent::decode(payload).ok()?;
    event.name = name.to_string();
    event.ltime = ltime;
    Some(event)
}

/// Consul's index for an event list: the newest event's UUID folded to 64
/// bits (first 16 hex digits XOR the last 16), or 1 for an empty list.
pub fn list_index(events: &[UserEvent]) -> u64 {
    let Some(last) = events.last() else {
        return 1;
    };
    let hex: String = last.id.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 {
        return 1;
    }
    let high = u64::from_str_radix(&hex[..16], 16).unwrap_or(0);
    let low = u64::from_str_radix(&hex[16..], 16).unwrap_or(0);
    (high ^ low).max(1)
}

/// The services this agent has, by name, with their tags (what an event's
/// service and tag filters match).
pub type LocalServices = std::sync::Arc<dyn Fn() -> Vec<(String, Vec<String>)> + Send + Sync>;

/// Whether this agent should process an event, by its filters, as Consul's
/// agents decide: the node filter matches this node's name; the service
/// filter matches one of its services, and the tag filter (which needs a
/// service filter) one of that service's tags.
pub fn should_process(
    event: &UserEvent,
    node_name: &str,
    services: &[(String, Vec<String>)],
) -> bool {
    if !event.node_filter.is_empty() {
        match regex::Regex::new(&event.node_filter) {
            Ok(re) if re.is_match(node_name) => {}
            _ => return false,
        }
    }
    if event.service_filter.is_empty() {
        return true;
    }
    let Ok(service_re) = regex::Regex::new(&event.service_filter) else {
        return false;
    };
    let tag_re = if event.tag_filter.is_empty() {
        None
    } else {
        match regex::Regex::new(&event.tag_filter) {
            Ok(re) => Some(re),
            Err(_) => return false,
        }
    };
    services.iter().any(|(name, tags)| {
        service_re.is_match(name)
            && tag_re
                .as_ref()
                .is_none_or(|re| tags.iter().any(|t| re.is_match(t)))
    })
}

/// Checks a fire request's fields; errors are the user's.
pub fn validate(event: &UserEvent) -> Result<(), GossipError> {
    if event.name.is_empty() {
        return Err(GossipError::Invalid("event name is required".into()));
    }
    if event.name.starts_with('_') {
        return Err(GossipError::Invalid(
            "event names starting with '_' are reserved".into(),
        ));
    }
    if event.name.chars().any(char::is_control) {
        return Err(GossipError::Invalid(
            "event name must not contain control characters".into(),
        ));
    }
    for (what, re) in [
        ("node", &event.node_filter),
        ("service", &event.service_filter),
        ("tag", &event.tag_filter),
    ] {
        if !re.is_empty()
            && let Err(e) = regex::Regex::new(re)
        {
            return Err(GossipError::Invalid(format!(
                "invalid {what} filter {re:?}: {e}"
            )));
        }
    }
    if !event.tag_filter.is_empty() && event.service_filter.is_empty() {
        return Err(GossipError::Invalid(
            "cannot provide tag filter without service filter".into(),
        ));
    }
    Ok(())
}

/// The last [`EVENT_LOG_SIZE`] events this agent processed, with a counter
/// that blocking lists wait on.
pub struct EventLog {
    node_name: String,
    services: std::sync::OnceLock<LocalServices>,
    events: Mutex<VecDeque<UserEvent>>,
    changed: watch::Sender<u64>,
}

impl EventLog {
    /// An empty log for this node.
    pub fn new(node_name: String) -> EventLog {
        EventLog {
            node_name,
            services: std::sync::OnceLock::new(),
            events: Mutex::new(VecDeque::with_capacity(EVENT_LOG_SIZE)),
            changed: watch::channel(0).0,
        }
    }

    /// Takes a received serf event: decoded, filtered, de-duplicated by ID.
    pub fn ingest(&self, name: &str, payload: &[u8], ltime: u64) {
        let Some(event) = decode(name, payload, ltime) else {
            return;
        };
        let services = self.services.get().map(|f| f()).unwrap_or_default();
        if !should_process(&event, &self.node_name, &services) {
            return;
        }
        self.push(event);
    }

    /// Tells the log where this agent's services are (once, at start), for
    /// events' service and tag filters; until then those filters match
    /// nothing.
    pub fn set_local_services(&self, services: LocalServices) {
        let _ = self.services.set(services);
    }

    /// Appends an event (dropping the oldest past [`EVENT_LOG_SIZE`]).
    pub fn push(&self, event: UserEvent) {
        {
            let mut events = self.events.lock().expect("event log poisoned");
            if events.iter().any(|e| e.id == event.id) {
                return;
            }
            tracing::debug!(name = %event.name, id = %event.id, "user event received");
            if events.len() == EVENT_LOG_SIZE {
                events.pop_front();
            }
            events.push_back(event);
        }
        self.changed.send_modify(|n| *n += 1);
    }

    /// The events, oldest first, optionally only those named `name`.
    pub fn list(&self, name: &str) -> Vec<UserEvent> {
        self.events
            .lock()
            .expect("event log poisoned")
            .iter()
            .filter(|e| name.is_empty() || e.name == name)
            .cloned()
            .collect()
    }

    /// A receiver that changes when an event arrives.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, name: &str) -> UserEvent {
        UserEvent {
            id: id.into(),
            name: name.into(),
            version: 1,
            ..Default::default()
        }
    }

    #[test]
    fn index_folds_the_uuid_like_consul() {
        assert_eq!(list_index(&[]), 1);
        let e = event("00000000-0000-0001-0000-000000000003", "x");
        assert_eq!(list_index(&[e]), 1 ^ 3);
        let e = event("ffffffff-ffff-ffff-0000-000000000000", "x");
        assert_eq!(list_index(&[e]), u64::MAX);
    }

    #[test]
    fn encode_refuses_oversized_events_and_round_trips() {
        let mut e = event("b54fe110-7af5-cafc-d1fb-afc8ba432b1c", "deploy");
        e.payload = vec![7; 100];
        let (name, payload) = encode(&e).unwrap();
        assert_eq!(name, "roster:event:deploy");
        let back = UserEvent::decode(payload.as_ref()).unwrap();
        assert_eq!(back.payload, e.payload);
        assert!(back.name.is_empty());
        e.payload = vec![7; 480];
        let err = encode(&e).unwrap_err().to_string();
        assert!(err.contains("at most 512"), "{err}");
    }

    #[test]
    fn filters() {
        let none: Vec<(String, Vec<String>)> = Vec::new();
        let mut e = event("1", "x");
        assert!(should_process(&e, "web-1", &none));
        e.node_filter = "^web".into();
        assert!(should_process(&e, "web-1", &none));
        assert!(!should_process(&e, "db-1", &none));
        e.node_filter.clear();
        e.service_filter = "redis".into();
        assert!(!should_process(&e, "web-1", &none));
        let services = vec![
            ("redis".to_string(), vec!["primary".to_string()]),
            ("web".to_string(), vec![]),
        ];
        assert!(should_process(&e, "web-1", &services));
        e.tag_filter = "^prim".into();
        assert!(should_process(&e, "web-1", &services));
        e.tag_filter = "replica".into();
        assert!(!should_process(&e, "web-1", &services));
        e.service_filter = "^web$".into();
        e.tag_filter = String::new();
        assert!(should_process(&e, "web-1", &services));
    }

    #[test]
    fn validation() {
        assert!(validate(&event("1", "")).is_err());
        assert!(validate(&event("1", "_internal")).is_err());
        let mut e = event("1", "ok");
        e.node_filter = "(".into();
        assert!(
            validate(&e)
                .unwrap_err()
                .to_string()
                .contains("node filter")
        );
        let mut e = event("1", "ok");
        e.tag_filter = "v1".into();
        assert!(validate(&e).is_err());
        assert!(validate(&event("1", "deploy")).is_ok());
    }

    #[test]
    fn log_keeps_the_last_256_once_each() {
        let log = EventLog::new("n".into());
        let rx = log.subscribe();
        for i in 0..300 {
            log.push(event(
                &format!("{i}"),
                if i % 2 == 0 { "even" } else { "odd" },
            ));
        }
        log.push(event("299", "odd"));
        let all = log.list("");
        assert_eq!(all.len(), EVENT_LOG_SIZE);
        assert_eq!(all[0].id, "44");
        assert_eq!(all.last().unwrap().id, "299");
        assert_eq!(log.list("even").len(), 128);
        assert_eq!(*rx.borrow(), 300);
    }
}
