//! `max_stale`: data that may be staler than it is read again, from the
//! leader if the answering server is too stale too, and the read is kept.

use std::{
    pin::Pin,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use roster_proto::{
    catalog::v1::{Node, Service},
    common::{to_proto_duration, v1::QueryMeta},
    health::v1::{
        ListChecksInStateRequest, ListChecksInStateResponse, ListNodeChecksRequest,
        ListNodeChecksResponse, ListServiceChecksRequest, ListServiceChecksResponse,
        ListServiceHealthResponse, WatchServiceHealthResponse,
        health_service_server::{HealthService, HealthServiceServer},
    },
};
use tokio_stream::StreamExt as _;
use tonic::{Request, Response, Status};

use super::*;

/// A health service whose watch sends one message (index 10, from a server
/// that last heard from the leader `watch_contact` ago) and then nothing,
/// whose stale reads answer index 20 with `stale_contact`, and whose
/// leader reads answer index 30.
struct Fake {
    watch_contact: Duration,
    stale_contact: Duration,
    stale_reads: AtomicUsize,
    leader_reads: AtomicUsize,
}

fn instances(address: &str) -> Vec<ServiceHealth> {
    vec![ServiceHealth {
        node: Some(Node {
            node: "n1".into(),
            address: address.into(),
            ..Default::default()
        }),
        service: Some(Service {
            service: "web".into(),
            port: 80,
            ..Default::default()
        }),
        checks: vec![],
    }]
}

fn meta(index: u64, contact: Duration) -> Option<QueryMeta> {
    Some(QueryMeta {
        index,
        last_contact: Some(to_proto_duration(contact)),
        ..Default::default()
    })
}

#[tonic::async_trait]
impl HealthService for Fake {
    type WatchServiceHealthStream = Pin<
        Box<dyn tokio_stream::Stream<Item = Result<WatchServiceHealthResponse, Status>> + Send>,
    >;

    async fn watch_service_health(
        &self,
        _: Request<WatchServiceHealthRequest>,
    ) -> Result<Response<Self::WatchServiceHealthStream>, Status> {
        let first = WatchServiceHealthResponse {
            query_meta: meta(10, self.watch_contact),
            instances: instances("10.0.0.10"),
        };
        let stream = tokio_stream::iter([Ok(first)]).chain(tokio_stream::pending());
        Ok(Response::new(Box::pin(stream)))
    }

    async fn list_service_health(
        &self,
        request: Request<ListServiceHealthRequest>,
    ) -> Result<Response<ListServiceHealthResponse>, Status> {
        let stale = request
            .into_inner()
            .query_options
            .is_some_and(|o| o.consistency == Consistency::Stale as i32);
        let (index, contact, address) = if stale {
            self.stale_reads.fetch_add(1, Ordering::SeqCst);
            (20, self.stale_contact, "10.0.0.20")
        } else {
            self.leader_reads.fetch_add(1, Ordering::SeqCst);
            (30, Duration::ZERO, "10.0.0.30")
        };
        Ok(Response::new(ListServiceHealthResponse {
            query_meta: meta(index, contact),
            instances: instances(address),
        }))
    }

    async fn list_node_checks(
        &self,
        _: Request<ListNodeChecksRequest>,
    ) -> Result<Response<ListNodeChecksResponse>, Status> {
        Err(Status::unimplemented("fake"))
    }

    async fn list_service_checks(
        &self,
        _: Request<ListServiceChecksRequest>,
    ) -> Result<Response<ListServiceChecksResponse>, Status> {
        Err(Status::unimplemented("fake"))
    }

    async fn list_checks_in_state(
        &self,
        _: Request<ListChecksInStateRequest>,
    ) -> Result<Response<ListChecksInStateResponse>, Status> {
        Err(Status::unimplemented("fake"))
    }
}

fn views(fake: &Arc<Fake>, max_stale: Duration) -> Arc<Views> {
    let routes = tonic::service::Routes::new(HealthServiceServer::from_arc(Arc::clone(fake)));
    Views::new(
        crate::grpc_channel(routes),
        tokio::runtime::Handle::current(),
        ReadOptions {
            allow_stale: true,
            max_stale,
        },
    )
}

fn fake(watch_contact: Duration, stale_contact: Duration) -> Arc<Fake> {
    Arc::new(Fake {
        watch_contact,
        stale_contact,
        stale_reads: AtomicUsize::new(0),
        leader_reads: AtomicUsize::new(0),
    })
}

#[tokio::test]
async fn fresh_watch_data_is_answered_with_no_read() {
    let fake = fake(Duration::ZERO, Duration::ZERO);
    let views = views(&fake, Duration::from_secs(5));
    for _ in 0..3 {
        let snapshot = views.service("web").await.unwrap();
        assert_eq!(snapshot.index, 10);
        assert_eq!(snapshot.data[0].node_address, "10.0.0.10");
    }
    assert_eq!(fake.stale_reads.load(Ordering::SeqCst), 0);
    assert!(views.service_now("web").is_some());
}

#[tokio::test]
async fn stale_watch_data_is_read_again_and_the_read_kept() {
    // The watch's server is 10 s behind, past max_stale (5 s): a stale
    // read from a server 0 s behind answers, and is kept for the next
    // questions (no second read).
    let fake = fake(Duration::from_secs(10), Duration::ZERO);
    let views = views(&fake, Duration::from_secs(5));
    let snapshot = views.service("web").await.unwrap();
    assert_eq!(snapshot.index, 20);
    assert_eq!(snapshot.data[0].node_address, "10.0.0.20");
    for _ in 0..3 {
        assert_eq!(views.service("web").await.unwrap().index, 20);
    }
    assert_eq!(fake.stale_reads.load(Ordering::SeqCst), 1);
    assert_eq!(fake.leader_reads.load(Ordering::SeqCst), 0);
    // And the fast path may answer from it.
    assert_eq!(views.service_now("web").unwrap().index, 20);
}

#[tokio::test]
async fn a_stale_read_from_a_stale_server_goes_to_the_leader() {
    let fake = fake(Duration::from_secs(10), Duration::from_secs(8));
    let views = views(&fake, Duration::from_secs(5));
    let _ = views.service("web").await;
    let snapshot = views.service("web").await.unwrap();
    assert_eq!(snapshot.index, 30);
    assert_eq!(snapshot.data[0].node_address, "10.0.0.30");
    assert_eq!(fake.stale_reads.load(Ordering::SeqCst), 1);
    assert_eq!(fake.leader_reads.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_fast_path_leaves_data_that_may_be_too_stale() {
    let fake = fake(Duration::from_secs(10), Duration::ZERO);
    let views = views(&fake, Duration::from_secs(5));
    views.hold_service("web", vec![]);
    let entry = views.services.read().unwrap().get("web").cloned().unwrap();
    entry.state.send_replace(State::Ready(Arc::new(Snapshot {
        data: vec![],
        index: 5,
        last_contact: Duration::from_secs(6),
        received: std::time::Instant::now(),
    })));
    assert!(views.service_now("web").is_none());
}

#[test]
fn a_read_older_than_the_watch_data_is_not_kept() {
    let snapshot = |index| {
        Arc::new(Snapshot {
            data: (),
            index,
            last_contact: Duration::ZERO,
            received: std::time::Instant::now(),
        })
    };
    let entry = Entry {
        state: watch::Sender::new(State::Ready(snapshot(5))),
        used: AtomicU64::new(0),
    };
    assert_eq!(keep_newer(&entry, snapshot(3)).index, 5);
    assert!(matches!(&*entry.state.borrow(), State::Ready(s) if s.index == 5));
    assert_eq!(keep_newer(&entry, snapshot(7)).index, 7);
    assert!(matches!(&*entry.state.borrow(), State::Ready(s) if s.index == 7));
    // A failed watch takes a read that worked.
    entry.state.send_replace(State::Failed("down".into()));
    assert_eq!(keep_newer(&entry, snapshot(1)).index, 1);
    assert!(matches!(&*entry.state.borrow(), State::Ready(s) if s.index == 1));
}
