//! `/v1/snapshot` over `roster.snapshot.v1.SnapshotService`: `GET` streams
//! an archive of the state (`?stale` lets any server answer), `PUT`
//! restores one from the request body. Both stream: neither holds the
//! archive in memory.

use axum::{body::Body, extract::State, response::Response};
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use roster_proto::snapshot::v1::{
    RestoreRequest, SaveRequest, snapshot_service_client::SnapshotServiceClient,
};
use tokio_stream::StreamExt as _;

use super::{Error, Gateway, empty_response, endpoint, query_options, with_meta, write_options};

fn client(gateway: &Gateway) -> SnapshotServiceClient<super::Transport> {
    SnapshotServiceClient::new(gateway.channel())
        .max_decoding_message_size(roster_proto::snapshot::MAX_MESSAGE_SIZE)
        .max_encoding_message_size(roster_proto::snapshot::MAX_MESSAGE_SIZE)
}

/// `/v1/snapshot`.
pub async fn snapshot(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let verb = method.clone();
    endpoint(
        &method,
        &[Method::GET, Method::PUT],
        &uri,
        |params| async move {
            let query = query_options(&params, &headers)?;
            if verb == Method::GET {
                let mut stream = client(&gateway)
                    .save(SaveRequest {
                        query_options: Some(query),
                    })
                    .await?
                    .into_inner();
                // The first message carries the index and no data.
                let first = stream.message().await?.ok_or_else(|| {
                    Error::Rpc(
                        roster_proto::status::ErrorKind::Internal
                            .status("the snapshot stream ended at once"),
                    )
                })?;
                let data = stream.map(|piece| piece.map(|p| bytes::Bytes::from(p.data)));
                let mut response = Response::new(Body::from_stream(data));
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/x-gzip"),
                );
                return Ok(with_meta(response, &first.query_meta.unwrap_or_default()));
            }
            // The write options travel with the first piece only.
            let mut write = Some(write_options(&query));
            let pieces = body.into_data_stream().map_while(move |chunk| {
                Some(RestoreRequest {
                    data: chunk.ok()?.to_vec(),
                    write_options: write.take(),
                })
            });
            client(&gateway).restore(pieces).await?;
            Ok(empty_response(StatusCode::OK))
        },
    )
    .await
}
