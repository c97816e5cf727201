//! One key/value client over both targets: Roster's `roster.kv.v1.KVService`
//! and etcd's `etcdserverpb.KV`, each over a tonic [`Channel`] (one HTTP/2
//! connection that many workers multiplex onto).
//!
//! The read modes map onto each system's nearest equivalent: Roster's
//! default (leader lease), `consistent` (ReadIndex) and `stale` (local state);
//! etcd has only linearizable and serializable reads, so `default` and
//! `consistent` both become linearizable and `stale` becomes serializable.

use std::time::Duration;

use anyhow::{Context as _, Result};
use roster_proto::{
    common::v1::{Consistency, QueryOptions},
    kv::v1::{GetRequest, PutRequest, kv_service_client::KvServiceClient},
};
use serde::{Deserialize, Serialize};
use tonic::transport::{Channel, Endpoint};

use crate::etcd::etcdserverpb::{self, kv_client::KvClient as EtcdKvClient};

/// The system under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// Roster's gRPC KV API.
    Roster,
    /// etcd v3's gRPC KV API.
    Etcd,
}

/// How a read is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReadMode {
    /// Roster: leader lease (`CONSISTENCY_UNSPECIFIED`). etcd: linearizable.
    Default,
    /// Roster: ReadIndex (`CONSISTENCY_CONSISTENT`). etcd: linearizable.
    Consistent,
    /// Roster: local state (`CONSISTENCY_STALE`). etcd: serializable.
    Stale,
}

impl ReadMode {
    /// Lowercase name, as on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::Consistent => "consistent",
            Self::Stale => "stale",
        }
    }
}

/// Opens one HTTP/2 connection to `endpoint` (`host:port`, or a full
/// `http://` URI). Every request on it fails after `request_timeout`, so a
/// stuck server shows up as errors rather than a hung benchmark.
pub async fn connect(endpoint: &str, request_timeout: Duration) -> Result<Channel> {
    let uri = if endpoint.contains("://") {
        endpoint.to_owned()
    } else {
        format!("http://{endpoint}")
    };
    Endpoint::from_shared(uri.clone())
        .with_context(|| format!("bad endpoint {uri}"))?
        .tcp_nodelay(true)
        .connect_timeout(Duration::from_secs(5))
        .timeout(request_timeout)
        .connect()
        .await
        .with_context(|| format!("connecting to {uri}"))
}

/// A KV client for one target; cheap to clone (clones share the channel).
#[derive(Debug, Clone)]
pub enum KvClient {
    /// Roster.
    Roster(KvServiceClient<Channel>),
    /// etcd.
    Etcd(EtcdKvClient<Channel>),
}

impl KvClient {
    /// A client for `target` over `channel`.
    pub fn new(target: Target, channel: Channel) -> Self {
        match target {
            Target::Roster => Self::Roster(KvServiceClient::new(channel)),
            Target::Etcd => Self::Etcd(EtcdKvClient::new(channel)),
        }
    }

    /// Writes `value` at `key` unconditionally.
    pub async fn put(&mut self, key: &str, value: Vec<u8>) -> Result<(), tonic::Status> {
        match self {
            Self::Roster(client) => {
                client
                    .put(PutRequest {
                        key: key.to_owned(),
                        value,
                        ..Default::default()
                    })
                    .await?;
            }
            Self::Etcd(client) => {
                client
                    .put(etcdserverpb::PutRequest {
                        key: key.as_bytes().to_vec(),
                        value,
                        ..Default::default()
                    })
                    .await?;
            }
        }
        Ok(())
    }

    /// Reads `key` with `mode`; returns whether the key exists.
    pub async fn get(&mut self, key: &str, mode: ReadMode) -> Result<bool, tonic::Status> {
        match self {
            Self::Roster(client) => {
                let consistency = match mode {
                    ReadMode::Default => Consistency::Unspecified,
                    ReadMode::Consistent => Consistency::Consistent,
                    ReadMode::Stale => Consistency::Stale,
                };
                let reply = client
                    .get(GetRequest {
                        query_options: Some(QueryOptions {
                            consistency: consistency as i32,
                            ..Default::default()
                        }),
                        key: key.to_owned(),
                    })
                    .await?;
                Ok(reply.into_inner().entry.is_some())
            }
            Self::Etcd(client) => {
                let reply = client
                    .range(etcdserverpb::RangeRequest {
                        key: key.as_bytes().to_vec(),
                        serializable: mode == ReadMode::Stale,
                        ..Default::default()
                    })
                    .await?;
                Ok(!reply.into_inner().kvs.is_empty())
            }
        }
    }
}
