//! Health watch streams (issue 13's gRPC scale target): `streams`
//! `WatchServiceHealth` streams on one service, multiplexed over
//! `connections` HTTP/2 connections to the agent's gRPC port; once every
//! stream has its first message, one check flip (over HTTP), and the time
//! from the flip's acknowledgement to each stream's next message. Also the
//! agent's resident memory before the streams open and with all of them
//! open and idle, per stream.

use std::{net::SocketAddr, time::Duration};

use anyhow::{Context as _, Result, bail};
use roster_proto::{
    common::v1::QueryOptions,
    health::v1::{
        ServiceHealthQuery, WatchServiceHealthRequest, health_service_client::HealthServiceClient,
    },
};
use serde::Serialize;
use tokio::{net::TcpStream, time::Instant};
use tonic::transport::{Channel, Endpoint};

use crate::watch::{exchange, register, rss_kib};

/// What to run.
#[derive(Debug, Clone)]
pub struct StreamSpec {
    /// The agent's gRPC address.
    pub grpc: SocketAddr,
    /// The agent's HTTP address (registers and flips the check).
    pub http: SocketAddr,
    /// Open streams.
    pub streams: usize,
    /// HTTP/2 connections they share.
    pub connections: usize,
    /// The agent's PID (for its resident memory).
    pub agent_pid: Option<u32>,
}

/// One run's result.
#[derive(Debug, Serialize)]
pub struct StreamResult {
    /// Open streams.
    pub streams: usize,
    /// HTTP/2 connections.
    pub connections: usize,
    /// Streams that got the flip.
    pub woken: usize,
    /// Milliseconds from the flip's acknowledgement to the message.
    pub p50_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// The slowest.
    pub max_ms: f64,
    /// Seconds to open every stream and receive its first message.
    pub open_s: f64,
    /// Agent RSS before the streams, KiB.
    pub rss_before_kib: u64,
    /// Agent RSS with every stream open and idle, KiB.
    pub rss_open_kib: u64,
    /// (open − before) / streams, bytes.
    pub bytes_per_stream: f64,
}

async fn channel(grpc: SocketAddr) -> Result<Channel> {
    // A client multiplexing a thousand streams on one connection takes a
    // window to match: h2's default 64 KiB per connection would make the
    // server wait for window updates on every burst.
    Ok(Endpoint::from_shared(format!("http://{grpc}"))?
        .initial_connection_window_size(Some(16 << 20))
        .tcp_nodelay(true)
        .connect()
        .await?)
}

/// Runs the streams and one flip.
pub async fn run(spec: &StreamSpec) -> Result<StreamResult> {
    let mut control = TcpStream::connect(spec.http)
        .await
        .context("connecting to the agent's HTTP port")?;
    control.set_nodelay(true)?;
    let (status, _, _) = exchange(&mut control, &register("passing")).await?;
    if status != 200 {
        bail!("registering the watched service: HTTP {status}");
    }
    let mut channels = Vec::with_capacity(spec.connections);
    for _ in 0..spec.connections.max(1) {
        channels.push(channel(spec.grpc).await.context("connecting to gRPC")?);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_before_kib = rss_kib(spec.agent_pid);

    let (opened_tx, mut opened_rx) = tokio::sync::mpsc::unbounded_channel::<Result<()>>();
    // Each stream comes back with its answer and stays open until every
    // answer is in (as in the HTTP watch bench).
    let (woken_tx, mut woken_rx) = tokio::sync::mpsc::unbounded_channel::<
        Result<(
            Instant,
            tonic::Streaming<roster_proto::health::v1::WatchServiceHealthResponse>,
        )>,
    >();
    let started = Instant::now();
    for i in 0..spec.streams {
        let mut client = HealthServiceClient::new(channels[i % channels.len()].clone());
        let (opened_tx, woken_tx) = (opened_tx.clone(), woken_tx.clone());
        tokio::spawn(async move {
            let request = WatchServiceHealthRequest {
                query_options: Some(QueryOptions::default()),
                query: Some(ServiceHealthQuery {
                    service: "bench-watched".into(),
                    ..Default::default()
                }),
            };
            let mut stream = match client.watch_service_health(request).await {
                Ok(r) => r.into_inner(),
                Err(status) => {
                    let _ = opened_tx.send(Err(anyhow::anyhow!("opening: {status}")));
                    return;
                }
            };
            let first = stream.message().await;
            let index = match first {
                Ok(Some(m)) => m.query_meta.map_or(0, |m| m.index),
                other => {
                    let _ = opened_tx.send(Err(anyhow::anyhow!("first message: {other:?}")));
                    return;
                }
            };
            let _ = opened_tx.send(Ok(()));
            let next = stream.message().await;
            let _ = woken_tx.send(match next {
                Ok(Some(m)) if m.query_meta.as_ref().is_some_and(|m| m.index > index) => {
                    Ok((Instant::now(), stream))
                }
                other => Err(anyhow::anyhow!("after the flip: {other:?}")),
            });
        });
    }
    drop((opened_tx, woken_tx));
    for opened in 0..spec.streams {
        match tokio::time::timeout(Duration::from_secs(300), opened_rx.recv()).await {
            Ok(Some(Ok(()))) => {}
            Ok(Some(Err(e))) => bail!("stream {opened}: {e:#}"),
            Ok(None) | Err(_) => bail!("only {opened} of {} streams opened", spec.streams),
        }
    }
    let open_s = started.elapsed().as_secs_f64();
    // Let the agent finish with the first reads before measuring it idle.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let rss_open_kib = rss_kib(spec.agent_pid);

    let (status, _, _) = exchange(&mut control, &register("critical")).await?;
    let flipped = Instant::now();
    if status != 200 {
        bail!("flipping the check: HTTP {status}");
    }
    let mut latencies = Vec::with_capacity(spec.streams);
    let mut open = Vec::with_capacity(spec.streams);
    let deadline = tokio::time::sleep(Duration::from_secs(120));
    tokio::pin!(deadline);
    while latencies.len() < spec.streams {
        tokio::select! {
            _ = &mut deadline => break,
            answer = woken_rx.recv() => match answer {
                Some(Ok((at, stream))) => {
                    latencies.push(at.saturating_duration_since(flipped));
                    open.push(stream);
                }
                Some(Err(e)) => bail!("a stream failed: {e:#}"),
                None => break,
            }
        }
    }
    drop(open);
    latencies.sort();
    let pick = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    Ok(StreamResult {
        streams: spec.streams,
        connections: channels.len(),
        woken: latencies.len(),
        p50_ms: pick(0.50),
        p99_ms: pick(0.99),
        max_ms: latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        open_s,
        rss_before_kib,
        rss_open_kib,
        bytes_per_stream: (rss_open_kib.saturating_sub(rss_before_kib) * 1024) as f64
            / spec.streams.max(1) as f64,
    })
}
