//! What the fuzz targets share: a stand-in for the agent's gRPC services,
//! for the targets that drive the HTTP gateway and the DNS interface.

use std::{sync::OnceLock, time::Duration};

use bytes::Bytes;
use http_body::Frame;
use http_body_util::StreamBody;

/// Longest one input may run (a blocking query parked on the gateway's
/// own watches would otherwise wait out its `?wait`).
pub const PER_INPUT: Duration = Duration::from_millis(200);

/// The runtime every input runs on (one per process: the targets keep
/// state, the DNS views and their watches, across inputs).
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime")
    })
}

/// A gRPC backend that answers every call with an empty message (every
/// field its default; a stream of one message) when `ok`, else with
/// `UNAVAILABLE`: what the gateway does with any answer is exercised, not
/// the server behind it.
pub fn backend(ok: bool) -> roster_gateway::GrpcChannel {
    roster_gateway::grpc_channel(tower::service_fn(
        move |_request: http::Request<tonic::body::Body>| async move {
            // A server answers later, never at once: a loop over reads
            // yields here, as it would on the network, and the input's
            // time limit can end it.
            tokio::task::yield_now().await;
            if !ok {
                return Ok::<_, std::convert::Infallible>(
                    tonic::Status::unavailable("fuzz").into_http::<tonic::body::Body>(),
                );
            }
            let mut trailers = http::HeaderMap::new();
            trailers.insert("grpc-status", http::HeaderValue::from_static("0"));
            let frames: Vec<Result<Frame<Bytes>, tonic::Status>> = vec![
                // One message of zero bytes: compression flag, length 0.
                Ok(Frame::data(Bytes::from_static(&[0, 0, 0, 0, 0]))),
                Ok(Frame::trailers(trailers)),
            ];
            let body = tonic::body::Body::new(StreamBody::new(tokio_stream::iter(frames)));
            let mut response = http::Response::new(body);
            response.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/grpc"),
            );
            Ok(response)
        },
    ))
}
