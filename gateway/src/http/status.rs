//! `/v1/status/`: the Raft leader and peers over
//! `roster.status.v1.StatusService`. Not blocking and no ACL, but the query
//! options are parsed (and refused) like on every Consul endpoint.

use axum::{extract::State, response::Response};
use http::{HeaderMap, Method, Uri};
use roster_proto::status::v1::{
    LeaderRequest, PeersRequest, status_service_client::StatusServiceClient,
};

use super::{Gateway, endpoint, json_response, query_options};

/// `GET /v1/status/leader`: the leader's server address as a JSON string,
/// `""` when there is none.
pub async fn leader(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let query_options = query_options(&params, &headers)?;
        let reply = client(&gateway)
            .leader(LeaderRequest {
                query_options: Some(query_options),
            })
            .await?
            .into_inner();
        Ok(json_response(&reply.address, gateway.pretty(&params)))
    })
    .await
}

/// `GET /v1/status/peers`: the Raft configuration's server addresses as a
/// JSON array of strings.
pub async fn peers(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let query_options = query_options(&params, &headers)?;
        let reply = client(&gateway)
            .peers(PeersRequest {
                query_options: Some(query_options),
            })
            .await?
            .into_inner();
        Ok(json_response(&reply.addresses, gateway.pretty(&params)))
    })
    .await
}

fn client(gateway: &Gateway) -> StatusServiceClient<super::Transport> {
    StatusServiceClient::new(gateway.channel()).max_decoding_message_size(super::MAX_REPLY_SIZE)
}
