//! A deterministic simulation of a Raft cluster, in one thread.
//!
//! The drivers are the real ones (this module's parent) over real storage
//! (RocksDB in temporary directories, on /dev/shm where there is one); what
//! is simulated is everything around them:
//! - one manual [`Clock`] that moves only from event to event, so a second of
//!   Raft time costs what its events cost;
//! - ticks, each server's at its own rate (up to ±5 % drift, within the
//!   lease's 10 % margin);
//! - a network that drops, delays (and so reorders) and duplicates messages,
//!   and cuts links both ways or one way;
//! - paused servers (SIGSTOP: what reaches them waits) and crashed ones
//!   (the driver dropped and reopened over the same directory);
//! - snapshot streams cut short or corrupted on the way (through the same
//!   `SnapshotReader`, manifest and `SnapshotWriter` the gRPC transport
//!   uses).
//!
//! One seeded RNG makes every choice, and it also replaces raft-rs's own
//! draw of the randomized election timeout, so a seed replays the same run.
//!
//! Checked after every event: one leader per term; no server holds a lease
//! (as `forward::ensure_leader` sees it) while another leads a later term.
//! Checked on every read: a lease read and a ReadIndex read see every write
//! acknowledged before they started. Checked at the end, with the faults
//! healed: one ready leader; every acknowledged write on every member; the
//! members' states equal; their logs agree on every committed index.

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use raft::{
    StateRole,
    eraftpb::{ConfChangeSingle, ConfChangeType, ConfChangeV2, Message, MessageType},
};
use rand::{Rng, SeedableRng, rngs::StdRng};
use roster_proto::raft::v1::{KvSet, SnapshotManifest, command::Command};
use tokio::sync::oneshot;

use super::{Driver, RaftConfig, RaftError, RaftMsg};
use crate::{
    raft::{clock::Clock, lease::LeaderLease, transport::Transport},
    state::{ApplyOutcome, StateMachine, WatchHub, encode_command, kv},
    storage::{
        Engine, RaftLogStore, Tables as _,
        snapshot::{
            ManifestBuilder, Record, SnapshotReader, SnapshotWriter, is_complete, snapshot_dir,
        },
    },
};

const MS: Duration = Duration::from_millis(1);

/// What a simulation does besides ticking.
#[derive(Clone, Debug)]
pub struct SimOptions {
    /// Servers bootstrapped as the first voters (ids 1..=n).
    pub voters: u64,
    /// A client write (a KV set of a new key) to the leader this often.
    pub write_every: Option<Duration>,
    /// A default-mode read at the leader this often (lease, else ReadIndex).
    pub read_every: Option<Duration>,
    /// Random faults (partitions, pauses, crashes, transfers, loss) this often.
    pub fault_every: Option<Duration>,
    /// Random membership changes (add a learner, promote, remove) this often.
    pub membership_every: Option<Duration>,
    /// Fraction of messages dropped while the network is healthy.
    pub drop: f64,
    /// Fraction of messages delivered twice.
    pub duplicate: f64,
    /// Message delay bounds.
    pub delay: (Duration, Duration),
    /// Fraction of snapshot streams cut short or corrupted.
    pub snapshot_faults: f64,
    /// Replaces the lease's length (to show that the checks catch a lease
    /// that is too long).
    pub lease_override: Option<Duration>,
    /// Log compaction (small, so that snapshots are sent).
    pub snapshot_threshold: u64,
    pub trailing_logs: u64,
}

impl Default for SimOptions {
    fn default() -> SimOptions {
        SimOptions {
            voters: 3,
            write_every: Some(40 * MS),
            read_every: Some(50 * MS),
            fault_every: None,
            membership_every: None,
            drop: 0.02,
            duplicate: 0.01,
            delay: (MS, 30 * MS),
            snapshot_faults: 0.0,
            lease_override: None,
            snapshot_threshold: 60,
            trailing_logs: 20,
        }
    }
}

/// How a snapshot stream goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnapshotPlan {
    /// Every chunk, then the manifest.
    Complete,
    /// The stream ends (or the sender aborts) after this many chunks.
    Cut(usize),
    /// One record's value is changed on the way.
    Corrupt,
}

/// The transport of one simulated server: what it sends waits here until
/// the simulation schedules it.
#[derive(Clone, Default)]
struct Outbox(Arc<Mutex<Vec<Message>>>);

impl Transport for Outbox {
    fn send(&self, messages: Vec<Message>) -> Vec<u64> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(messages);
        Vec::new()
    }
}

impl Outbox {
    fn take(&self) -> Vec<Message> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

struct SimNode {
    dir: tempfile::TempDir,
    outbox: Outbox,
    /// `None` while crashed.
    driver: Option<Driver>,
    tick_every: Duration,
    paused: bool,
    /// What reached it while paused, delivered on resume.
    held: Vec<Event>,
    /// Incremented at each restart and pause, so that an old tick chain
    /// stops.
    epoch: u64,
}

enum Event {
    Tick {
        node: u64,
        epoch: u64,
    },
    Deliver(Box<Message>),
    Snapshot(Box<SnapshotSend>),
    Report {
        leader: u64,
        to: u64,
        delivered: bool,
    },
    Resume(u64),
    Restart(u64),
    Write,
    Read,
    Fault,
    Membership,
}

struct SnapshotSend {
    message: Message,
    chunks: Vec<Vec<Record>>,
    manifest: SnapshotManifest,
}

/// A client request in flight.
enum Pending {
    Write {
        key: String,
        term: u64,
        reply: oneshot::Receiver<Result<ApplyOutcome, RaftError>>,
    },
    Read {
        node: u64,
        /// Writes acknowledged before the read started.
        acked_before: usize,
        /// When the caller gives up (the driver then forgets the read).
        deadline: Instant,
        reply: oneshot::Receiver<Result<u64, RaftError>>,
    },
    Other(oneshot::Receiver<Result<ApplyOutcome, RaftError>>),
}

/// A write the client saw succeed.
#[derive(Clone, Debug)]
pub struct Ack {
    pub key: String,
    pub index: u64,
    pub term: u64,
}

/// What happened, for the checks and the test's assertions.
#[derive(Default, Debug)]
pub struct History {
    /// The leader of each term seen.
    pub leaders: BTreeMap<u64, u64>,
    pub acked: Vec<Ack>,
    pub violations: Vec<String>,
    pub lease_reads: u64,
    pub index_reads: u64,
    pub snapshots_installed: u64,
    pub snapshots_refused: u64,
    pub snapshots_cut: u64,
    pub conf_changes: u64,
    pub faults: u64,
}

pub struct Sim {
    pub seed: u64,
    rng: StdRng,
    pub clock: Clock,
    nodes: BTreeMap<u64, SimNode>,
    agenda: BTreeMap<(Instant, u64), Event>,
    seq: u64,
    cut: HashSet<(u64, u64)>,
    lossy: bool,
    options: SimOptions,
    /// Snapshot plans to use first, in order (then random ones).
    pub snapshot_plans: Vec<SnapshotPlan>,
    pending: Vec<Pending>,
    next_key: u64,
    pub history: History,
    /// Ids never used yet (for new members).
    next_id: u64,
    /// `ROSTER_SIM_TRACE` set: what happens is printed, to debug a seed.
    trace: bool,
    started: Instant,
}

/// Where the simulation's data dirs go: memory when possible (fsyncs there
/// cost nothing, and nothing here tests the disk).
fn temp_dir() -> tempfile::TempDir {
    let shm = std::path::Path::new("/dev/shm");
    let builder = tempfile::Builder::new().prefix("roster-sim-").clone();
    if shm.is_dir()
        && let Ok(dir) = builder.tempdir_in(shm)
    {
        return dir;
    }
    builder.tempdir().expect("temporary directory")
}

impl Sim {
    /// A cluster of `options.voters` bootstrapped servers, not started yet
    /// (its first event is each server's first tick).
    pub fn new(seed: u64, options: SimOptions) -> Sim {
        // The last one printed is the one that failed (a panic in a driver
        // does not name it).
        eprintln!("simulation seed {seed}");
        let clock = Clock::manual();
        let mut sim = Sim {
            seed,
            rng: StdRng::seed_from_u64(seed),
            started: clock.now(),
            clock,
            nodes: BTreeMap::new(),
            agenda: BTreeMap::new(),
            seq: 0,
            cut: HashSet::new(),
            lossy: false,
            snapshot_plans: Vec::new(),
            pending: Vec::new(),
            next_key: 0,
            history: History::default(),
            next_id: options.voters + 1,
            trace: std::env::var_os("ROSTER_SIM_TRACE").is_some(),
            options,
        };
        let voters: Vec<u64> = (1..=sim.options.voters).collect();
        for &id in &voters {
            sim.add_node(id, Some(&voters));
        }
        let now = sim.clock.now();
        let every = |o: Option<Duration>| o.map(|d| now + d);
        for (at, event) in [
            (every(sim.options.write_every), Event::Write),
            (every(sim.options.read_every), Event::Read),
            (every(sim.options.fault_every), Event::Fault),
            (every(sim.options.membership_every), Event::Membership),
        ] {
            if let Some(at) = at {
                sim.schedule(at, event);
            }
        }
        sim
    }

    /// Creates server `id` (bootstrapped with `voters`, or empty) and
    /// schedules its first tick.
    fn add_node(&mut self, id: u64, voters: Option<&[u64]>) {
        let dir = temp_dir();
        if let Some(voters) = voters {
            let engine = Engine::open(&dir.path().join("state")).expect("engine");
            let store = RaftLogStore::open(engine, 0).expect("raft log");
            store.bootstrap(voters.to_vec(), "sim").expect("bootstrap");
        }
        let drift = self.rng.random_range(-0.05..0.05);
        let node = SimNode {
            dir,
            outbox: Outbox::default(),
            driver: None,
            tick_every: Duration::from_secs_f64(0.1 * (1.0 + drift)),
            paused: false,
            held: Vec::new(),
            epoch: 0,
        };
        self.nodes.insert(id, node);
        self.open(id);
    }

    /// Opens server `id`'s driver over its directory and starts its ticks
    /// at a random phase.
    fn open(&mut self, id: u64) {
        let config = RaftConfig {
            snapshot_threshold: self.options.snapshot_threshold,
            trailing_logs: self.options.trailing_logs,
            ..RaftConfig::with_multiplier(id, 1)
        };
        let node = self.nodes.get_mut(&id).expect("node");
        let engine = Engine::open(&node.dir.path().join("state")).expect("engine");
        let state = StateMachine::new(engine.clone(), WatchHub::new());
        let store = RaftLogStore::open(engine.clone(), engine.applied_index().expect("applied"))
            .expect("raft log");
        let (mut driver, _handle, _inbox) = Driver::new(
            config,
            store,
            state,
            Box::new(node.outbox.clone()),
            Arc::default(),
            self.clock.clone(),
        )
        .expect("driver");
        if let Some(duration) = self.options.lease_override {
            driver.lease = LeaderLease::new(duration);
        }
        driver.publish_status();
        node.driver = Some(driver);
        node.epoch += 1;
        let (epoch, every) = (node.epoch, node.tick_every);
        let phase = every.mul_f64(self.rng.random_range(0.0..1.0));
        self.schedule(self.clock.now() + phase, Event::Tick { node: id, epoch });
        self.after(id);
    }

    /// Prints `what` with the simulated time, when tracing.
    fn note(&self, what: impl FnOnce() -> String) {
        if self.trace {
            let t = self.clock.since(self.started).as_secs_f64();
            eprintln!("[{t:8.3}] {}", what());
        }
    }

    fn schedule(&mut self, at: Instant, event: Event) {
        self.seq += 1;
        self.agenda.insert((at, self.seq), event);
    }

    fn delay(&mut self) -> Duration {
        let (low, high) = self.options.delay;
        self.rng.random_range(low..=high)
    }

    /// Runs every event due within `d`, then leaves the clock at its end.
    pub fn run_for(&mut self, d: Duration) {
        let until = self.clock.now() + d;
        while let Some(entry) = self.agenda.first_entry() {
            let (at, _) = *entry.key();
            if at > until {
                break;
            }
            let event = entry.remove();
            self.clock
                .advance(at.saturating_duration_since(self.clock.now()));
            self.dispatch(event);
            self.poll();
            self.check();
        }
        self.clock
            .advance(until.saturating_duration_since(self.clock.now()));
    }

    /// Runs until `done` holds (checked after each event) or `limit` passes;
    /// returns whether it held.
    pub fn run_until(&mut self, limit: Duration, mut done: impl FnMut(&Sim) -> bool) -> bool {
        let until = self.clock.now() + limit;
        while self.clock.now() < until {
            if done(self) {
                return true;
            }
            self.run_for(10 * MS);
        }
        done(self)
    }

    fn dispatch(&mut self, event: Event) {
        match event {
            Event::Tick { node, epoch } => {
                let Some(n) = self.nodes.get(&node) else {
                    return;
                };
                if n.epoch != epoch || n.driver.is_none() || n.paused {
                    return;
                }
                let next = self.clock.now() + n.tick_every;
                self.schedule(next, Event::Tick { node, epoch });
                self.step(node, RaftMsg::Tick);
            }
            Event::Deliver(message) => {
                let (from, to) = (message.from, message.to);
                if self.cut.contains(&(from, to)) {
                    return;
                }
                match self.nodes.get_mut(&to) {
                    Some(n) if n.driver.is_none() => {}
                    Some(n) if n.paused => n.held.push(Event::Deliver(message)),
                    Some(_) => self.step(to, RaftMsg::Step(message)),
                    None => {}
                }
            }
            Event::Snapshot(send) => self.receive_snapshot(send),
            Event::Report {
                leader,
                to,
                delivered,
            } => {
                if !self.hold(
                    leader,
                    Event::Report {
                        leader,
                        to,
                        delivered,
                    },
                ) {
                    self.step(leader, RaftMsg::ReportSnapshot { to, delivered });
                }
            }
            Event::Resume(id) => {
                let Some(node) = self.nodes.get_mut(&id) else {
                    return;
                };
                node.paused = false;
                node.epoch += 1;
                let (epoch, held) = (node.epoch, std::mem::take(&mut node.held));
                let now = self.clock.now();
                self.schedule(now, Event::Tick { node: id, epoch });
                for event in held {
                    self.dispatch(event);
                }
            }
            Event::Restart(id) => {
                if self.nodes.get(&id).is_some_and(|n| n.driver.is_none()) {
                    self.open(id);
                }
            }
            Event::Write => {
                self.client_write();
                if let Some(every) = self.options.write_every {
                    self.schedule(self.clock.now() + every, Event::Write);
                }
            }
            Event::Read => {
                self.client_read();
                if let Some(every) = self.options.read_every {
                    self.schedule(self.clock.now() + every, Event::Read);
                }
            }
            Event::Fault => {
                self.fault();
                if let Some(every) = self.options.fault_every {
                    let next = every.mul_f64(self.rng.random_range(0.5..1.5));
                    self.schedule(self.clock.now() + next, Event::Fault);
                }
            }
            Event::Membership => {
                self.change_membership();
                if let Some(every) = self.options.membership_every {
                    let next = every.mul_f64(self.rng.random_range(0.5..1.5));
                    self.schedule(self.clock.now() + next, Event::Membership);
                }
            }
        }
    }

    /// Keeps `event` for a paused server; drops it for a crashed or unknown
    /// one. Returns whether the event was taken.
    fn hold(&mut self, id: u64, event: Event) -> bool {
        match self.nodes.get_mut(&id) {
            Some(n) if n.driver.is_none() => true,
            Some(n) if n.paused => {
                n.held.push(event);
                true
            }
            Some(_) => false,
            None => true,
        }
    }

    /// Hands `msg` to server `id`'s driver and processes what follows.
    fn step(&mut self, id: u64, msg: RaftMsg) {
        let Some(driver) = self.driver_mut(id) else {
            return;
        };
        driver.handle(msg);
        self.after(id);
    }

    fn driver(&self, id: u64) -> Option<&Driver> {
        self.nodes.get(&id)?.driver.as_ref()
    }

    fn driver_mut(&mut self, id: u64) -> Option<&mut Driver> {
        self.nodes.get_mut(&id)?.driver.as_mut()
    }

    /// Processes server `id`'s Readys, fixes its election timeout from the
    /// seeded RNG, and sends what it queued.
    fn after(&mut self, id: u64) {
        let seed = self.seed;
        let timeout = self.rng.random_range(0..1000usize);
        let Some(driver) = self.driver_mut(id) else {
            return;
        };
        if let Err(error) = driver.process() {
            panic!("seed {seed}: server {id}'s driver failed: {error}");
        }
        let raft = &mut driver.node.raft;
        if raft.election_elapsed == 0 {
            let (low, high) = (
                driver.raft_config.min_election_tick,
                driver.raft_config.max_election_tick,
            );
            raft.set_randomized_election_timeout(low + timeout % (high - low));
        }
        let messages = self.nodes[&id].outbox.take();
        for message in messages {
            self.send(id, message);
        }
    }

    fn send(&mut self, from: u64, message: Message) {
        if message.get_msg_type() == MessageType::MsgSnapshot {
            self.send_snapshot(from, message);
            return;
        }
        let drop = if self.lossy { 0.3 } else { self.options.drop };
        if self.rng.random_bool(drop) {
            return;
        }
        if self.rng.random_bool(self.options.duplicate) {
            let at = self.clock.now() + self.delay();
            self.schedule(at, Event::Deliver(Box::new(message.clone())));
        }
        let at = self.clock.now() + self.delay();
        self.schedule(at, Event::Deliver(Box::new(message)));
    }

    /// Reads the checkpoint a snapshot message names, as the gRPC transport
    /// does at once, and schedules its stream (or the failure report).
    fn send_snapshot(&mut self, from: u64, message: Message) {
        let meta = message.get_snapshot().get_metadata();
        let (index, term, to) = (meta.index, meta.term, message.to);
        let root = self
            .driver(from)
            .expect("sender")
            .state
            .engine()
            .snapshot_root();
        let dir = snapshot_dir(&root, "out", index, term);
        let read = || -> Result<_, crate::storage::StorageError> {
            let reader = SnapshotReader::open(&dir)?;
            let mut manifest = ManifestBuilder::default();
            let mut chunks = Vec::new();
            // Small chunks, so that a stream has several to cut between.
            reader.chunks(512, |records| {
                for (table, key, value) in &records {
                    manifest.add(table, key, value)?;
                }
                chunks.push(records);
                Ok(true)
            })?;
            Ok((chunks, manifest.finish(index, term)))
        };
        let at = self.clock.now() + self.delay() * 4;
        match read() {
            Ok((chunks, manifest)) => {
                self.schedule(
                    at,
                    Event::Snapshot(Box::new(SnapshotSend {
                        message,
                        chunks,
                        manifest,
                    })),
                );
            }
            Err(error) => {
                self.history.violations.push(format!(
                    "server {from} cannot read its snapshot {index}: {error}"
                ));
                self.report_snapshot_later(from, to, false);
            }
        }
    }

    /// The receiving end of a snapshot stream, as the gRPC server does it:
    /// records into a `SnapshotWriter`, finished against the manifest, then
    /// the message stepped in. A stream cut short keeps nothing, and its
    /// message, stepped in anyway, must change nothing.
    fn receive_snapshot(&mut self, send: Box<SnapshotSend>) {
        let (from, to) = (send.message.from, send.message.to);
        if self.cut.contains(&(from, to)) {
            self.report_snapshot_later(from, to, false);
            return;
        }
        let send = match self.nodes.get_mut(&to) {
            Some(n) if n.paused => {
                n.held.push(Event::Snapshot(send));
                return;
            }
            Some(n) if n.driver.is_some() => send,
            // Down: the sender's stream fails.
            _ => {
                self.report_snapshot_later(from, to, false);
                return;
            }
        };
        let meta = send.message.get_snapshot().get_metadata().clone();
        let root = self
            .driver(to)
            .expect("receiver")
            .state
            .engine()
            .snapshot_root();
        let dir = snapshot_dir(&root, "in", meta.index, meta.term);
        let had_files = is_complete(&dir);
        let mut writer = SnapshotWriter::create(&dir, meta.index, meta.term).expect("writer");
        // How this stream goes is chosen as it arrives: one that a cut
        // link or a crash stopped took no plan.
        let mut chunks = send.chunks;
        let plan = if !self.snapshot_plans.is_empty() {
            self.snapshot_plans.remove(0)
        } else if self.rng.random_bool(self.options.snapshot_faults) {
            if self.rng.random_bool(0.5) {
                SnapshotPlan::Corrupt
            } else {
                SnapshotPlan::Cut(self.rng.random_range(0..chunks.len().max(1)))
            }
        } else {
            SnapshotPlan::Complete
        };
        if plan == SnapshotPlan::Corrupt
            && let Some(record) = chunks.iter_mut().flatten().last()
        {
            record.2.push(0x5a);
        }
        let keep = match plan {
            SnapshotPlan::Cut(n) => n,
            _ => chunks.len(),
        };
        for (table, key, value) in chunks.iter().take(keep).flatten() {
            writer.add(table, key, value).expect("snapshot write");
        }
        self.note(|| format!("snapshot {} to server {to}: {plan:?}", meta.index));
        let delivered = match plan {
            SnapshotPlan::Cut(_) => {
                drop(writer);
                self.history.snapshots_cut += 1;
                false
            }
            _ => match writer.finish(&send.manifest) {
                Ok(_) => true,
                Err(error) => {
                    self.history.snapshots_refused += 1;
                    if plan == SnapshotPlan::Complete {
                        self.history.violations.push(format!(
                            "server {to} refused an intact snapshot {}: {error}",
                            meta.index
                        ));
                    }
                    false
                }
            },
        };
        if !delivered && is_complete(&dir) && !had_files {
            self.history.violations.push(format!(
                "server {to} kept an incomplete snapshot {} as complete",
                meta.index
            ));
        }
        if plan == SnapshotPlan::Corrupt && delivered {
            self.history.violations.push(format!(
                "server {to} accepted a corrupted snapshot {}",
                meta.index
            ));
        }
        let applied_before = self.applied(to);
        // Delivered: stepped in as the gRPC server does. Not delivered: a
        // stray copy of the message (a retry racing the failure) must be
        // dropped by the driver.
        self.step(to, RaftMsg::Step(Box::new(send.message)));
        let applied_after = self.applied(to);
        if delivered {
            if applied_after >= meta.index {
                self.history.snapshots_installed += 1;
            }
        } else if !had_files && applied_after >= meta.index && applied_before < meta.index {
            self.history.violations.push(format!(
                "server {to} installed snapshot {} from a stream that failed",
                meta.index
            ));
        }
        self.report_snapshot_later(from, to, delivered);
    }

    /// Tells `leader` how its snapshot stream to `to` ended, after a
    /// network delay (as the gRPC sender reports it).
    fn report_snapshot_later(&mut self, leader: u64, to: u64, delivered: bool) {
        let at = self.clock.now() + self.delay();
        self.schedule(
            at,
            Event::Report {
                leader,
                to,
                delivered,
            },
        );
    }

    fn applied(&self, id: u64) -> u64 {
        self.driver(id).map_or(0, |d| d.node.raft.raft_log.applied)
    }

    /// The running servers that believe they lead, with their terms.
    fn leaders(&self) -> Vec<(u64, u64)> {
        self.nodes
            .iter()
            .filter_map(|(id, n)| {
                let raft = &n.driver.as_ref()?.node.raft;
                (raft.state == StateRole::Leader && !n.paused).then_some((raft.term, *id))
            })
            .collect()
    }

    /// The server that leads the highest term, if any.
    pub fn leader(&self) -> Option<u64> {
        self.leaders().into_iter().max().map(|(_, id)| id)
    }

    /// Any server that believes it leads (a client may be talking to a
    /// deposed one that has not noticed yet).
    fn any_leader(&mut self) -> Option<u64> {
        let leaders = self.leaders();
        (!leaders.is_empty()).then(|| leaders[self.rng.random_range(0..leaders.len())].1)
    }

    /// Whether `id` holds a lease now, as a default read would ask.
    pub fn holds_lease(&self, id: u64) -> bool {
        self.driver(id)
            .is_some_and(|d| d.status_ref().holds_lease(self.clock.now()))
    }

    fn client_write(&mut self) {
        let Some(leader) = self.any_leader() else {
            return;
        };
        let key = format!("k{:06}", self.next_key);
        self.next_key += 1;
        let data = encode_command(Command::KvSet(KvSet {
            key: key.clone(),
            value: key.as_bytes().to_vec(),
            flags: 0,
            cas_index: None,
        }));
        let term = self.driver(leader).expect("leader").node.raft.term;
        let (reply, rx) = oneshot::channel();
        self.pending.push(Pending::Write {
            key,
            term,
            reply: rx,
        });
        self.step(leader, RaftMsg::Propose { data, reply });
    }

    /// A default-mode read at the leader, as `forward::ensure_leader` does
    /// it: from the lease when held (everything known committed is applied
    /// here, the driver applies as it commits), else by ReadIndex.
    fn client_read(&mut self) {
        let Some(leader) = self.any_leader() else {
            return;
        };
        let acked_before = self.history.acked.len();
        if self.holds_lease(leader) {
            self.history.lease_reads += 1;
            self.check_read(leader, acked_before, "lease");
            return;
        }
        let (reply, rx) = oneshot::channel();
        self.pending.push(Pending::Read {
            node: leader,
            acked_before,
            deadline: self.clock.now() + Duration::from_secs(5),
            reply: rx,
        });
        self.step(leader, RaftMsg::ReadIndex { reply });
    }

    /// Whether `node`'s state holds the first `acked` acknowledged writes.
    fn check_read(&mut self, node: u64, acked: usize, how: &str) {
        let Some(driver) = self.driver(node) else {
            return;
        };
        let engine = driver.state.engine().clone();
        for ack in &self.history.acked[..acked] {
            let (entry, _) = kv::get(&engine, &ack.key).expect("read");
            if entry.is_none() {
                let term = driver.node.raft.term;
                self.history.violations.push(format!(
                    "a {how} read at server {node} (term {term}) missed {} (index {}, term {}) acknowledged before it",
                    ack.key, ack.index, ack.term
                ));
                return;
            }
        }
    }

    /// Collects the answers that arrived.
    fn poll(&mut self) {
        let mut reads = Vec::new();
        let now = self.clock.now();
        self.pending.retain_mut(|p| match p {
            Pending::Write { key, term, reply } => match reply.try_recv() {
                Ok(Ok(outcome)) => {
                    if self.trace {
                        let t = self.clock.since(self.started).as_secs_f64();
                        eprintln!("[{t:8.3}] ack {key} at {} (term {term})", outcome.index);
                    }
                    self.history.acked.push(Ack {
                        key: std::mem::take(key),
                        index: outcome.index,
                        term: *term,
                    });
                    false
                }
                Err(oneshot::error::TryRecvError::Empty) => true,
                _ => false,
            },
            Pending::Read {
                node,
                acked_before,
                deadline,
                reply,
            } => match reply.try_recv() {
                Ok(Ok(_)) => {
                    reads.push((*node, *acked_before));
                    false
                }
                Err(oneshot::error::TryRecvError::Empty) => now < *deadline,
                _ => false,
            },
            Pending::Other(reply) => match reply.try_recv() {
                Ok(Ok(outcome)) => {
                    self.history.conf_changes += u64::from(outcome.success);
                    false
                }
                Err(oneshot::error::TryRecvError::Empty) => true,
                _ => false,
            },
        });
        for (node, acked) in reads {
            self.history.index_reads += 1;
            self.check_read(node, acked, "ReadIndex");
        }
    }

    /// One leader per term; no lease held while a later term has a leader.
    fn check(&mut self) {
        let now = self.clock.now();
        let mut leaders = Vec::new();
        let mut leases = Vec::new();
        for (id, n) in &self.nodes {
            let Some(driver) = &n.driver else { continue };
            let raft = &driver.node.raft;
            if raft.state == StateRole::Leader {
                leaders.push((raft.term, *id));
            }
            if driver.status_ref().holds_lease(now) {
                leases.push((raft.term, *id));
            }
        }
        for &(term, id) in &leaders {
            if !self.history.leaders.contains_key(&term) {
                self.note(|| format!("server {id} leads term {term}"));
            }
            match self.history.leaders.insert(term, id) {
                Some(other) if other != id => self.history.violations.push(format!(
                    "two leaders in term {term}: servers {other} and {id}"
                )),
                _ => {}
            }
        }
        for &(lease_term, holder) in &leases {
            if let Some(&(term, id)) = leaders.iter().find(|(t, _)| *t > lease_term) {
                self.history.violations.push(format!(
                    "server {holder} holds a lease of term {lease_term} while server {id} leads term {term}"
                ));
            }
        }
    }

    /// Cuts every link between `id` and the others, both ways.
    pub fn isolate(&mut self, id: u64) {
        for &other in self.nodes.keys() {
            if other != id {
                self.cut.insert((id, other));
                self.cut.insert((other, id));
            }
        }
    }

    /// Heals every link and the loss, resumes paused servers and restarts
    /// crashed ones.
    pub fn heal(&mut self) {
        self.cut.clear();
        self.lossy = false;
        let now = self.clock.now();
        let ids: Vec<u64> = self.nodes.keys().copied().collect();
        for id in ids {
            let n = &self.nodes[&id];
            if n.paused {
                self.schedule(now, Event::Resume(id));
            } else if n.driver.is_none() {
                self.schedule(now, Event::Restart(id));
            }
        }
    }

    /// Pauses server `id` for `d` (as SIGSTOP would).
    pub fn pause(&mut self, id: u64, d: Duration) {
        if let Some(n) = self.nodes.get_mut(&id)
            && !n.paused
            && n.driver.is_some()
        {
            n.paused = true;
            n.epoch += 1;
            let at = self.clock.now() + d;
            self.schedule(at, Event::Resume(id));
        }
    }

    /// Crashes server `id` (the driver is dropped as a process would die:
    /// what it wrote to RocksDB stays) and restarts it after `d`.
    pub fn crash(&mut self, id: u64, d: Duration) {
        if let Some(n) = self.nodes.get_mut(&id)
            && n.driver.is_some()
        {
            n.driver = None;
            n.paused = false;
            n.held.clear();
            n.outbox.take();
            let at = self.clock.now() + d;
            self.schedule(at, Event::Restart(id));
        }
    }

    fn random_node(&mut self) -> u64 {
        let ids: Vec<u64> = self.members();
        ids[self.rng.random_range(0..ids.len())]
    }

    /// The servers in the configuration the leader (or, without one, the
    /// lowest server) knows.
    pub fn members(&self) -> Vec<u64> {
        let from = self.leader().or_else(|| {
            self.nodes
                .iter()
                .find(|(_, n)| n.driver.is_some())
                .map(|(id, _)| *id)
        });
        let Some(driver) = from.and_then(|id| self.driver(id)) else {
            return self.nodes.keys().copied().collect();
        };
        let cs = driver.node.store().conf_state();
        let mut ids: Vec<u64> = cs.voters.into_iter().chain(cs.learners).collect();
        ids.sort_unstable();
        ids
    }

    fn fault(&mut self) {
        self.history.faults += 1;
        if self.rng.random_bool(0.35) {
            self.note(|| "heal".into());
            self.heal();
            return;
        }
        let leader = self.leader();
        let victim = self.random_node();
        let pause = Duration::from_millis(self.rng.random_range(200..3000));
        let kind = self.rng.random_range(0..9);
        self.note(|| format!("fault {kind} (victim {victim}, leader {leader:?}, {pause:?})"));
        match kind {
            0 => self.isolate(victim),
            1 => {
                if let Some(l) = leader {
                    self.isolate(l);
                }
            }
            2 => {
                // The leader is heard by nobody, but hears everyone.
                if let Some(l) = leader {
                    for &other in self.nodes.keys() {
                        self.cut.insert((l, other));
                    }
                }
            }
            3 => {
                // The leader hears nobody, but is heard.
                if let Some(l) = leader {
                    for &other in self.nodes.keys() {
                        self.cut.insert((other, l));
                    }
                }
            }
            4 => self.pause(victim, pause),
            5 => {
                if let Some(l) = leader {
                    self.pause(l, pause);
                }
            }
            6 => self.crash(victim, pause / 2),
            7 => {
                if let Some(l) = leader {
                    let (reply, _rx) = oneshot::channel();
                    self.step(
                        l,
                        RaftMsg::TransferLeader {
                            target: None,
                            reply,
                        },
                    );
                }
            }
            _ => self.lossy = true,
        }
    }

    /// At the leader: promote a learner, add a new server as a learner, or
    /// remove a voter (the leader itself included: it hands over first).
    fn change_membership(&mut self) {
        let Some(leader) = self.leader() else { return };
        let cs = self
            .driver(leader)
            .expect("leader")
            .node
            .store()
            .conf_state();
        let change = if let Some(&learner) = cs.learners.first() {
            (ConfChangeType::AddNode, learner)
        } else if cs.voters.len() < 5 && self.rng.random_bool(0.6) {
            let id = self.next_id;
            self.next_id += 1;
            self.add_node(id, None);
            (ConfChangeType::AddLearnerNode, id)
        } else if cs.voters.len() > 3 {
            let victim = cs.voters[self.rng.random_range(0..cs.voters.len())];
            (ConfChangeType::RemoveNode, victim)
        } else {
            return;
        };
        self.note(|| format!("server {leader} proposes {change:?}"));
        let mut single = ConfChangeSingle::default();
        single.set_change_type(change.0);
        single.node_id = change.1;
        let cc = ConfChangeV2 {
            changes: vec![single].into(),
            ..Default::default()
        };
        let (reply, rx) = oneshot::channel();
        self.pending.push(Pending::Other(rx));
        self.step(leader, RaftMsg::ChangeConf { change: cc, reply });
    }

    /// Stops every fault and generator but the writes, heals, and runs until
    /// the members agree (or `limit` passes); then checks the end state.
    pub fn settle(&mut self, limit: Duration) {
        self.options.fault_every = None;
        self.options.membership_every = None;
        self.options.snapshot_faults = 0.0;
        self.options.drop = 0.0;
        self.options.duplicate = 0.0;
        self.snapshot_plans.clear();
        self.options.write_every = None;
        // The generators' next events too.
        self.agenda
            .retain(|_, e| !matches!(e, Event::Fault | Event::Membership | Event::Write));
        self.heal();
        let settled = self.run_until(limit, |sim| sim.converged());
        // Let the last commit index reach everyone.
        self.run_for(500 * MS);
        if !settled {
            let view = self.describe();
            self.history
                .violations
                .push(format!("no agreement within {limit:?}: {view}"));
            return;
        }
        self.check_end();
    }

    /// One ready leader, no requests in flight, every member applied as far
    /// as the leader committed.
    fn converged(&self) -> bool {
        let Some(leader) = self.leader() else {
            return false;
        };
        let driver = self.driver(leader).expect("leader");
        if !driver.status_ref().leader_ready || !self.pending.is_empty() {
            return false;
        }
        let committed = driver.node.raft.raft_log.committed;
        self.members().iter().all(|id| {
            self.driver(*id)
                .is_some_and(|d| d.node.raft.raft_log.applied == committed)
        })
    }

    fn describe(&self) -> String {
        let mut out = String::new();
        for (id, n) in &self.nodes {
            match &n.driver {
                None => out.push_str(&format!("[{id}: down] ")),
                Some(d) => {
                    let r = &d.node.raft;
                    out.push_str(&format!(
                        "[{id}: {:?} term {} commit {} applied {}{}] ",
                        r.state,
                        r.term,
                        r.raft_log.committed,
                        r.raft_log.applied,
                        if n.paused { " paused" } else { "" }
                    ));
                }
            }
        }
        out.push_str(&format!(
            "members {:?} (as server {:?} knows)",
            self.members(),
            self.leader()
        ));
        out
    }

    /// Every acknowledged write on every member; the members' states equal;
    /// their logs agree on every index they hold that both committed.
    fn check_end(&mut self) {
        if self.leader().is_none() {
            let view = self.describe();
            self.history
                .violations
                .push(format!("no leader after settling: {view}"));
            return;
        }
        let members = self.members();
        let mut first: Option<(u64, Vec<_>)> = None;
        for &id in &members {
            let Some(driver) = self.driver(id) else {
                continue;
            };
            let engine = driver.state.engine().clone();
            for ack in &self.history.acked {
                if kv::get(&engine, &ack.key).expect("read").0.is_none() {
                    let view = self.describe();
                    self.history.violations.push(format!(
                        "acknowledged write {} (index {}) lost on server {id}: {view}",
                        ack.key, ack.index
                    ));
                    return;
                }
            }
            let (records, _) = kv::list(&engine, "").expect("list");
            match &first {
                None => first = Some((id, records)),
                Some((other, theirs)) if *theirs != records => {
                    self.history.violations.push(format!(
                        "servers {other} and {id} hold different states ({} and {} keys)",
                        theirs.len(),
                        records.len()
                    ));
                    return;
                }
                Some(_) => {}
            }
        }
        let mut logs = HashMap::new();
        for &id in &members {
            let Some(driver) = self.driver(id) else {
                continue;
            };
            let log = &driver.node.raft.raft_log;
            let (from, to) = (log.first_index(), log.committed);
            let terms: BTreeMap<u64, u64> = (from..=to)
                .filter_map(|i| Some((i, log.term(i).ok()?)))
                .collect();
            logs.insert(id, terms);
        }
        for (a, ta) in &logs {
            for (b, tb) in &logs {
                if a >= b {
                    continue;
                }
                if let Some((i, _)) = ta.iter().find(|(i, t)| tb.get(i).is_some_and(|u| u != *t)) {
                    self.history.violations.push(format!(
                        "servers {a} and {b} disagree on the term of committed index {i}"
                    ));
                }
            }
        }
    }

    /// Fails the test with the seed and every violation, if there are any.
    pub fn assert_clean(&self) {
        assert!(
            self.history.violations.is_empty(),
            "seed {}: {} violation(s):\n{}",
            self.seed,
            self.history.violations.len(),
            self.history.violations.join("\n")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiet() -> SimOptions {
        SimOptions {
            drop: 0.0,
            duplicate: 0.0,
            ..SimOptions::default()
        }
    }

    /// Seeds to run: `ROSTER_SIM_SEEDS` (a count, or `from..to`) or the
    /// default count.
    fn seeds(default: u64) -> std::ops::Range<u64> {
        match std::env::var("ROSTER_SIM_SEEDS") {
            Ok(v) => match v.split_once("..") {
                Some((a, b)) => a.parse().expect("seed")..b.parse().expect("seed"),
                None => 0..v.parse().expect("seed count"),
            },
            Err(_) => 0..default,
        }
    }

    fn elect(sim: &mut Sim) -> u64 {
        assert!(
            sim.run_until(Duration::from_secs(10), |s| s
                .leader()
                .is_some_and(|l| s.holds_lease(l))),
            "seed {}: no leader with a lease: {}",
            sim.seed,
            sim.describe()
        );
        sim.leader().expect("leader")
    }

    /// Isolates the leader and returns when its lease ended and when another
    /// server led, both measured from the cut.
    fn isolate_leader(sim: &mut Sim) -> (Duration, Option<Duration>) {
        let old = elect(sim);
        sim.run_for(Duration::from_secs(1));
        let cut = sim.clock.now();
        sim.isolate(old);
        let mut lease_end = None;
        let mut new_leader = None;
        while sim.clock.since(cut) < Duration::from_secs(6) {
            sim.run_for(MS);
            if lease_end.is_none() && !sim.holds_lease(old) {
                lease_end = Some(sim.clock.since(cut));
            }
            if new_leader.is_none() && sim.leader().is_some_and(|l| l != old) {
                new_leader = Some(sim.clock.since(cut));
            }
        }
        (lease_end.expect("the lease never ended"), new_leader)
    }

    #[test]
    fn an_isolated_leader_loses_its_lease_before_another_server_can_lead() {
        for seed in seeds(8) {
            let mut sim = Sim::new(seed, quiet());
            let (lease_end, new_leader) = isolate_leader(&mut sim);
            let new_leader = new_leader
                .unwrap_or_else(|| panic!("seed {seed}: nobody took over: {}", sim.describe()));
            assert!(
                lease_end < new_leader,
                "seed {seed}: lease ended {lease_end:?} after the cut, a new leader at {new_leader:?}"
            );
            // The lease is at most 800 ms from a send before the cut.
            assert!(
                lease_end <= Duration::from_millis(800),
                "seed {seed}: {lease_end:?}"
            );
            sim.settle(Duration::from_secs(20));
            sim.assert_clean();
            assert!(sim.history.lease_reads > 0 && sim.history.acked.len() > 20);
        }
    }

    #[test]
    fn the_checks_catch_a_lease_longer_than_an_election_timeout() {
        // What the lease's length guards against: with 3 s, an isolated
        // leader that has not stepped down yet (check-quorum takes one to
        // two election timeouts) serves reads after another server was
        // elected and acknowledged writes. The same checks pass above.
        let options = SimOptions {
            lease_override: Some(Duration::from_secs(3)),
            ..quiet()
        };
        let mut caught = 0;
        for seed in 0..10 {
            let mut sim = Sim::new(seed, options.clone());
            isolate_leader(&mut sim);
            let v = &sim.history.violations;
            let overlap = v.iter().any(|v| v.contains("holds a lease"));
            let stale = v
                .iter()
                .any(|v| v.contains("lease read") && v.contains("missed"));
            caught += u32::from(overlap && stale);
        }
        assert!(
            caught >= 3,
            "only {caught} of 10 runs caught the long lease"
        );
    }

    #[test]
    fn a_leader_resumed_after_a_pause_serves_no_lease_read_from_before() {
        for seed in seeds(6) {
            let mut sim = Sim::new(seed, quiet());
            let old = elect(&mut sim);
            sim.pause(old, Duration::from_secs(4));
            sim.run_for(Duration::from_secs(6));
            let now_leader = sim.leader().expect("a leader");
            assert_ne!(now_leader, old, "seed {seed}: {}", sim.describe());
            sim.settle(Duration::from_secs(20));
            sim.assert_clean();
        }
    }

    #[test]
    fn interrupted_and_corrupted_snapshot_streams_are_never_installed() {
        let mut sim = Sim::new(7, quiet());
        elect(&mut sim);
        let lagging = sim
            .members()
            .into_iter()
            .find(|id| Some(*id) != sim.leader())
            .unwrap();
        sim.isolate(lagging);
        sim.run_for(Duration::from_secs(8));
        let leader = sim.leader().expect("leader");
        let first = sim.driver(leader).unwrap().node.raft.raft_log.first_index();
        assert!(
            first > sim.applied(lagging) + 1,
            "the log was not compacted"
        );
        let before = sim.applied(lagging);
        sim.snapshot_plans = vec![
            SnapshotPlan::Cut(0),
            SnapshotPlan::Corrupt,
            SnapshotPlan::Cut(1),
            SnapshotPlan::Complete,
        ];
        sim.heal();
        assert!(sim.run_until(Duration::from_secs(20), |s| s.snapshot_plans.is_empty()));
        sim.settle(Duration::from_secs(20));
        sim.assert_clean();
        assert!(sim.applied(lagging) > before);
        let h = &sim.history;
        assert_eq!((h.snapshots_cut, h.snapshots_refused), (2, 1), "{h:?}");
        assert!(h.snapshots_installed >= 1, "{h:?}");
    }

    /// Thirty simulated seconds of `options`, then settled and checked.
    fn run_checked(seed: u64, options: SimOptions) -> Sim {
        let mut sim = Sim::new(seed, options);
        sim.run_for(Duration::from_secs(30));
        sim.settle(Duration::from_secs(30));
        sim.assert_clean();
        sim
    }

    #[test]
    fn random_faults_with_writes_and_reads_keep_every_invariant() {
        for seed in seeds(6) {
            let options = SimOptions {
                fault_every: Some(Duration::from_millis(700)),
                snapshot_faults: 0.5,
                ..SimOptions::default()
            };
            let sim = run_checked(seed, options);
            let h = &sim.history;
            assert!(h.acked.len() > 50 && h.faults > 20, "seed {seed}: {h:?}");
        }
    }

    #[test]
    fn membership_changes_race_faults_and_transfers_safely() {
        for seed in seeds(6) {
            let options = SimOptions {
                fault_every: Some(Duration::from_millis(900)),
                membership_every: Some(Duration::from_millis(600)),
                snapshot_faults: 0.3,
                ..SimOptions::default()
            };
            let sim = run_checked(seed, options);
            let h = &sim.history;
            assert!(h.conf_changes >= 3, "seed {seed}: {h:?}");
        }
    }

    #[test]
    fn a_seed_replays_the_same_run() {
        let run = |seed| {
            let options = SimOptions {
                fault_every: Some(Duration::from_millis(700)),
                ..SimOptions::default()
            };
            let mut sim = Sim::new(seed, options);
            sim.run_for(Duration::from_secs(10));
            let acked: Vec<(String, u64, u64)> = sim
                .history
                .acked
                .iter()
                .map(|a| (a.key.clone(), a.index, a.term))
                .collect();
            (acked, sim.history.leaders.clone())
        };
        assert_eq!(run(3), run(3));
    }
}
