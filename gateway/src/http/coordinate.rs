//! `/v1/coordinate/` over `roster.coordinate.v1.CoordinateService`.

use axum::{
    body::Body,
    extract::{Path, State},
    response::Response,
};
use http::{HeaderMap, Method, StatusCode, Uri};
use roster_proto::coordinate::v1::{
    Coordinate, GetNodeRequest, ListDatacentersRequest, ListNodesRequest, NodeCoordinate,
    UpdateRequest, coordinate_service_client::CoordinateServiceClient,
};
use serde::{Deserialize, Serialize};

use super::{
    Error, Gateway, agent::CoordinateJson, empty_response, endpoint, json_response, kv::read_value,
    query_options, reject_enterprise_meta, with_meta, write_options,
};

fn client(gateway: &Gateway) -> CoordinateServiceClient<super::Transport> {
    CoordinateServiceClient::new(gateway.channel()).max_decoding_message_size(super::MAX_REPLY_SIZE)
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct NodeJson {
    node: String,
    segment: String,
    coord: Option<CoordinateJson>,
}

impl From<NodeCoordinate> for NodeJson {
    fn from(c: NodeCoordinate) -> Self {
        NodeJson {
            node: c.node,
            segment: c.segment,
            coord: c.coord.map(Into::into),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DatacenterJson {
    datacenter: String,
    #[serde(rename = "AreaID")]
    area_id: String,
    coordinates: Vec<NodeJson>,
}

/// `GET /v1/coordinate/datacenters`: the servers' WAN coordinates.
pub async fn datacenters(State(gateway): State<Gateway>, method: Method, uri: Uri) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let reply = client(&gateway)
            .list_datacenters(ListDatacentersRequest {})
            .await?
            .into_inner();
        let body: Vec<DatacenterJson> = reply
            .datacenters
            .into_iter()
            .map(|d| DatacenterJson {
                datacenter: d.datacenter,
                area_id: d.area_id,
                coordinates: d.coordinates.into_iter().map(Into::into).collect(),
            })
            .collect();
        Ok(json_response(&body, gateway.pretty(&params)))
    })
    .await
}

/// `GET /v1/coordinate/nodes[?segment=]`, blocking.
pub async fn nodes(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        reject_enterprise_meta(&params, &headers)?;
        let reply = client(&gateway)
            .list_nodes(ListNodesRequest {
                query_options: Some(query),
                segment: params.get("segment").to_string(),
            })
            .await?
            .into_inner();
        let body: Vec<NodeJson> = reply.coordinates.into_iter().map(Into::into).collect();
        Ok(with_meta(
            json_response(&body, gateway.pretty(&params)),
            &reply.query_meta.unwrap_or_default(),
        ))
    })
    .await
}

/// `GET /v1/coordinate/node/<node>`: 404 when the node has no coordinate.
pub async fn node(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(node): Path<String>,
) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        reject_enterprise_meta(&params, &headers)?;
        let reply = client(&gateway)
            .get_node(GetNodeRequest {
                query_options: Some(query),
                node,
            })
            .await?
            .into_inner();
        if reply.coordinates.is_empty() {
            return Ok(with_meta(
                empty_response(StatusCode::NOT_FOUND),
                &reply.query_meta.unwrap_or_default(),
            ));
        }
        let body: Vec<NodeJson> = reply.coordinates.into_iter().map(Into::into).collect();
        Ok(with_meta(
            json_response(&body, gateway.pretty(&params)),
            &reply.query_meta.unwrap_or_default(),
        ))
    })
    .await
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CoordIn {
    #[serde(default)]
    vec: Vec<f64>,
    #[serde(default)]
    error: f64,
    #[serde(default)]
    adjustment: f64,
    #[serde(default)]
    height: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateIn {
    #[serde(default)]
    node: String,
    #[serde(default)]
    segment: String,
    coord: Option<CoordIn>,
}

/// `PUT /v1/coordinate/update`, body `{"Node","Segment","Coord"}`.
pub async fn update(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        let bytes = read_value(&headers, body).await?;
        if bytes.is_empty() {
            return Err(Error::bad_request("Request decode failed: EOF"));
        }
        let input: UpdateIn = serde_json::from_slice(&bytes)
            .map_err(|e| Error::bad_request(format!("Request decode failed: {e}")))?;
        client(&gateway)
            .update(UpdateRequest {
                write_options: Some(write_options(&query)),
                coordinate: Some(NodeCoordinate {
                    node: input.node,
                    segment: input.segment,
                    coord: input.coord.map(|c| Coordinate {
                        vec: c.vec,
                        error: c.error,
                        adjustment: c.adjustment,
                        height: c.height,
                    }),
                }),
            })
            .await?;
        Ok(json_response(&true, gateway.pretty(&params)))
    })
    .await
}
