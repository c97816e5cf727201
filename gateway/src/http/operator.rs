//! `/v1/operator/keyring` over `roster.operator.v1.KeyringService`: list
//! (GET), install (POST), use (PUT) and remove (DELETE) gossip keys across
//! the pools. Body `{"Key": "<base64>"}`; `?relay-factor=`, `?local-only`.

use std::collections::BTreeMap;

use axum::{body::Body, extract::State, response::Response};
use http::{HeaderMap, Method, StatusCode, Uri};
use roster_proto::operator::v1::{
    InstallKeyRequest, KeyringOptions, KeyringPoolResponse, ListKeysRequest, RemoveKeyRequest,
    UseKeyRequest, keyring_service_client::KeyringServiceClient,
};
use serde::{Deserialize, Serialize};

use super::{Error, Gateway, Params, empty_response, endpoint, json_response, kv::read_value};

fn client(gateway: &Gateway) -> KeyringServiceClient<super::Transport> {
    KeyringServiceClient::new(gateway.channel()).max_decoding_message_size(super::MAX_REPLY_SIZE)
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PoolJson {
    #[serde(rename = "WAN")]
    wan: bool,
    datacenter: String,
    segment: String,
    messages: BTreeMap<String, String>,
    keys: BTreeMap<String, u32>,
    primary_keys: BTreeMap<String, u32>,
    num_nodes: u32,
}

impl From<KeyringPoolResponse> for PoolJson {
    fn from(r: KeyringPoolResponse) -> Self {
        PoolJson {
            wan: r.wan,
            datacenter: r.datacenter,
            segment: r.segment,
            messages: r.messages.into_iter().collect(),
            keys: r.keys.into_iter().collect(),
            primary_keys: r.primary_keys.into_iter().collect(),
            num_nodes: r.num_nodes,
        }
    }
}

#[derive(Deserialize)]
struct KeyBody {
    #[serde(rename = "Key", alias = "key")]
    key: String,
}

fn options(params: &Params) -> Result<KeyringOptions, Error> {
    let relay = params.get("relay-factor");
    let relay_factor = if relay.is_empty() {
        0
    } else {
        relay
            .parse::<u32>()
            .map_err(|_| Error::bad_request(format!("Error parsing relay factor: {relay:?}")))?
    };
    Ok(KeyringOptions {
        relay_factor,
        local_only: params.has("local-only"),
    })
}

async fn key_of(headers: &HeaderMap, body: Body) -> Result<String, Error> {
    let bytes = read_value(headers, body).await?;
    if bytes.is_empty() {
        return Err(Error::bad_request("Request decode failed: EOF"));
    }
    let parsed: KeyBody = serde_json::from_slice(&bytes)
        .map_err(|e| Error::bad_request(format!("Request decode failed: {e}")))?;
    Ok(parsed.key)
}

/// `/v1/operator/keyring`.
pub async fn keyring(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let allowed = [Method::GET, Method::POST, Method::PUT, Method::DELETE];
    let verb = method.clone();
    endpoint(&method, &allowed, &uri, |params| async move {
        let options = Some(options(&params)?);
        let mut client = client(&gateway);
        if verb == Method::GET {
            let reply = client
                .list_keys(ListKeysRequest { options })
                .await?
                .into_inner();
            let pools: Vec<PoolJson> = reply.responses.into_iter().map(Into::into).collect();
            return Ok(json_response(&pools, gateway.pretty(&params)));
        }
        let key = key_of(&headers, body).await?;
        if verb == Method::POST {
            client
                .install_key(InstallKeyRequest { key, options })
                .await?;
        } else if verb == Method::PUT {
            client.use_key(UseKeyRequest { key, options }).await?;
        } else {
            client.remove_key(RemoveKeyRequest { key, options }).await?;
        }
        Ok(empty_response(StatusCode::OK))
    })
    .await
}
