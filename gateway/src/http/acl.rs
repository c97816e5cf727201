//! `/v1/acl/` over `roster.acl.v1.AclService`: the bootstrap, tokens,
//! policies and roles, with Consul's shapes. Every endpoint answers 401
//! `ACL support disabled` on an agent without ACLs (from the service).
//!
//! Bodies are read as Consul's Go code reads them (field names in any
//! case); links to policies and roles may name the `ID` or the `Name`;
//! `ExpirationTTL` is a duration string or nanoseconds, `ExpirationTime` an
//! RFC 3339 time. A path ID and a body ID that differ are refused.

use axum::{
    body::Body,
    extract::{Path, State},
    response::Response,
};
use base64::Engine as _;
use http::{HeaderMap, Method, Uri};
use roster_proto::acl::v1::{
    BootstrapRequest, CloneTokenRequest, CreatePolicyRequest, CreateRoleRequest,
    CreateTokenRequest, DeletePolicyRequest, DeleteRoleRequest, DeleteTokenRequest,
    ListPoliciesRequest, ListRolesRequest, ListTokensRequest, NodeIdentity, Policy, PolicyLink,
    ReadPolicyRequest, ReadRoleRequest, ReadTokenRequest, Role, RoleLink, ServiceIdentity, Token,
    TokenSelfRequest, UpdatePolicyRequest, UpdateRoleRequest, UpdateTokenRequest,
    acl_service_client::AclServiceClient,
};
use serde::Serialize;

use super::{
    Error, Gateway, endpoint,
    json::{Obj, parse_body},
    json_response,
    kv::read_value,
    query_options, read_endpoint, retryable_write_options,
};

fn client(gateway: &Gateway) -> AclServiceClient<super::Transport> {
    AclServiceClient::new(gateway.channel()).max_decoding_message_size(super::MAX_REPLY_SIZE)
}

/// A time as Go's `time.Time` marshals it (RFC 3339 with nanoseconds), in
/// UTC.
pub(super) fn go_time(unix_ns: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(unix_ns))
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

fn parse_time(path: &str, text: &str) -> Result<i64, Error> {
    let t = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map_err(|e| {
            Error::bad_request(format!(
                "Request decode failed: {path}: parsing time {text:?}: {e}"
            ))
        })?;
    i64::try_from(t.unix_timestamp_nanos()).map_err(|_| {
        Error::bad_request(format!("Request decode failed: {path}: time out of range"))
    })
}

fn hash(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[derive(Serialize)]
struct LinkJson {
    #[serde(rename = "ID")]
    id: String,
    #[serde(rename = "Name")]
    name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ServiceIdentityJson {
    service_name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    datacenters: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct NodeIdentityJson {
    node_name: String,
    datacenter: String,
}

fn service_identities(v: Vec<ServiceIdentity>) -> Vec<ServiceIdentityJson> {
    v.into_iter()
        .map(|s| ServiceIdentityJson {
            service_name: s.service_name,
            datacenters: s.datacenters,
        })
        .collect()
}

fn node_identities(v: Vec<NodeIdentity>) -> Vec<NodeIdentityJson> {
    v.into_iter()
        .map(|n| NodeIdentityJson {
            node_name: n.node_name,
            datacenter: n.datacenter,
        })
        .collect()
}

/// Consul's `ACLToken` (and its list stub, which has the same fields).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct TokenJson {
    #[serde(rename = "AccessorID")]
    accessor_id: String,
    #[serde(rename = "SecretID")]
    secret_id: String,
    description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    policies: Vec<LinkJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    roles: Vec<LinkJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    service_identities: Vec<ServiceIdentityJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    node_identities: Vec<NodeIdentityJson>,
    local: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    expiration_time: Option<String>,
    create_time: String,
    hash: String,
    create_index: u64,
    modify_index: u64,
}

impl From<Token> for TokenJson {
    fn from(t: Token) -> TokenJson {
        TokenJson {
            accessor_id: t.accessor_id,
            secret_id: t.secret_id,
            description: t.description,
            policies: t
                .policies
                .into_iter()
                .map(|l| LinkJson {
                    id: l.id,
                    name: l.name,
                })
                .collect(),
            roles: t
                .roles
                .into_iter()
                .map(|l| LinkJson {
                    id: l.id,
                    name: l.name,
                })
                .collect(),
            service_identities: service_identities(t.service_identities),
            node_identities: node_identities(t.node_identities),
            local: t.local,
            expiration_time: (t.expiration_time_unix_ns != 0)
                .then(|| go_time(t.expiration_time_unix_ns)),
            create_time: go_time(t.create_time_unix_ns),
            hash: hash(&t.hash),
            create_index: t.create_index,
            modify_index: t.modify_index,
        }
    }
}

/// Consul's `ACLPolicy`; `Rules` is left out of list stubs.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PolicyJson {
    #[serde(rename = "ID")]
    id: String,
    name: String,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rules: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    datacenters: Vec<String>,
    hash: String,
    create_index: u64,
    modify_index: u64,
}

fn policy_json(p: Policy, with_rules: bool) -> PolicyJson {
    PolicyJson {
        id: p.id,
        name: p.name,
        description: p.description,
        rules: with_rules.then_some(p.rules),
        datacenters: p.datacenters,
        hash: hash(&p.hash),
        create_index: p.create_index,
        modify_index: p.modify_index,
    }
}

/// Consul's `ACLRole`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RoleJson {
    #[serde(rename = "ID")]
    id: String,
    name: String,
    description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    policies: Vec<LinkJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    service_identities: Vec<ServiceIdentityJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    node_identities: Vec<NodeIdentityJson>,
    hash: String,
    create_index: u64,
    modify_index: u64,
}

impl From<Role> for RoleJson {
    fn from(r: Role) -> RoleJson {
        RoleJson {
            id: r.id,
            name: r.name,
            description: r.description,
            policies: r
                .policies
                .into_iter()
                .map(|l| LinkJson {
                    id: l.id,
                    name: l.name,
                })
                .collect(),
            service_identities: service_identities(r.service_identities),
            node_identities: node_identities(r.node_identities),
            hash: hash(&r.hash),
            create_index: r.create_index,
            modify_index: r.modify_index,
        }
    }
}

fn policy_links(obj: &Obj<'_>) -> Result<Vec<PolicyLink>, Error> {
    Ok(obj
        .objects(&["Policies"])?
        .iter()
        .map(|l| {
            Ok(PolicyLink {
                id: l.string(&["ID"])?,
                name: l.string(&["Name"])?,
            })
        })
        .collect::<Result<_, roster_proto::definitions::DefinitionError>>()?)
}

fn identities(obj: &Obj<'_>) -> Result<(Vec<ServiceIdentity>, Vec<NodeIdentity>), Error> {
    let mut services = Vec::new();
    for s in obj.objects(&["ServiceIdentities"])? {
        services.push(ServiceIdentity {
            service_name: s.string(&["ServiceName"])?,
            datacenters: s.strings(&["Datacenters"])?,
        });
    }
    let mut nodes = Vec::new();
    for n in obj.objects(&["NodeIdentities"])? {
        nodes.push(NodeIdentity {
            node_name: n.string(&["NodeName"])?,
            datacenter: n.string(&["Datacenter"])?,
        });
    }
    Ok((services, nodes))
}

fn decode_token(bytes: &[u8]) -> Result<Token, Error> {
    let value = parse_body(bytes)?;
    let obj = Obj::root(&value, "body")?;
    let mut roles = Vec::new();
    for l in obj.objects(&["Roles"])? {
        roles.push(RoleLink {
            id: l.string(&["ID"])?,
            name: l.string(&["Name"])?,
        });
    }
    let (service_identities, node_identities) = identities(&obj)?;
    let expiration_time = match obj.string(&["ExpirationTime"])? {
        t if t.is_empty() => 0,
        t => parse_time("body.ExpirationTime", &t)?,
    };
    for refused in ["Rules", "Type", "AuthMethod"] {
        if !obj.string(&[refused])?.is_empty() {
            return Err(Error::bad_request(format!(
                "{refused} cannot be specified for this token"
            )));
        }
    }
    Ok(Token {
        accessor_id: obj.string(&["AccessorID"])?,
        secret_id: obj.string(&["SecretID"])?,
        description: obj.string(&["Description"])?,
        policies: policy_links(&obj)?,
        roles,
        service_identities,
        node_identities,
        local: obj.boolean(&["Local"])?,
        expiration_time_unix_ns: expiration_time,
        expiration_ttl_ns: obj
            .duration(&["ExpirationTTL"])?
            .map_or(0, |d| d.as_nanos() as u64),
        ..Token::default()
    })
}

fn decode_policy(bytes: &[u8]) -> Result<Policy, Error> {
    let value = parse_body(bytes)?;
    let obj = Obj::root(&value, "body")?;
    Ok(Policy {
        id: obj.string(&["ID"])?,
        name: obj.string(&["Name"])?,
        description: obj.string(&["Description"])?,
        rules: obj.string(&["Rules"])?,
        datacenters: obj.strings(&["Datacenters"])?,
        ..Policy::default()
    })
}

fn decode_role(bytes: &[u8]) -> Result<Role, Error> {
    let value = parse_body(bytes)?;
    let obj = Obj::root(&value, "body")?;
    let (service_identities, node_identities) = identities(&obj)?;
    Ok(Role {
        id: obj.string(&["ID"])?,
        name: obj.string(&["Name"])?,
        description: obj.string(&["Description"])?,
        policies: policy_links(&obj)?,
        service_identities,
        node_identities,
        ..Role::default()
    })
}

/// Refuses a body ID that is not the path's (Consul's message), and takes
/// the path's when the body has none.
fn same_id(what: &str, path: &str, body: &mut String) -> Result<(), Error> {
    if body.is_empty() {
        *body = path.to_string();
        Ok(())
    } else if body != path {
        Err(Error::bad_request(format!(
            "{what} ID in URL and payload do not match"
        )))
    } else {
        Ok(())
    }
}

/// `PUT /v1/acl/bootstrap`: the management token.
pub async fn bootstrap(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        let bytes = read_value(&headers, body).await?;
        let secret = if bytes.iter().all(u8::is_ascii_whitespace) {
            String::new()
        } else {
            let value = parse_body(&bytes)?;
            Obj::root(&value, "body")?.string(&["BootstrapSecret"])?
        };
        let reply = client(&gateway)
            .bootstrap(BootstrapRequest {
                write_options: Some(super::write_options(&query)),
                bootstrap_secret: secret,
            })
            .await?
            .into_inner();
        Ok(json_response(
            &TokenJson::from(reply.token.unwrap_or_default()),
            gateway.pretty(&params),
        ))
    })
    .await
}

/// `PUT /v1/acl/token`: a new token.
pub async fn create_token(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        let token = decode_token(&read_value(&headers, body).await?)?;
        let reply = client(&gateway)
            .create_token(CreateTokenRequest {
                write_options: Some(retryable_write_options(&query, &headers)),
                token: Some(token),
            })
            .await?
            .into_inner();
        Ok(json_response(
            &TokenJson::from(reply.token.unwrap_or_default()),
            gateway.pretty(&params),
        ))
    })
    .await
}

/// `GET /v1/acl/token/self`: the request's own token.
pub async fn token_self(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, _, query| async move {
            let reply = client(&gateway)
                .token_self(TokenSelfRequest {
                    query_options: Some(query),
                })
                .await?
                .into_inner();
            Ok((
                TokenJson::from(reply.token.unwrap_or_default()),
                reply.query_meta.unwrap_or_default(),
            ))
        },
    )
    .await
}

/// `GET`, `PUT` and `DELETE /v1/acl/token/<accessor>`.
pub async fn token(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> Response {
    if method == Method::GET {
        return read_endpoint(
            gateway,
            &method,
            &uri,
            &headers,
            move |gateway, _, query| async move {
                let reply = client(&gateway)
                    .read_token(ReadTokenRequest {
                        query_options: Some(query),
                        accessor_id: id,
                    })
                    .await?
                    .into_inner();
                Ok((
                    TokenJson::from(reply.token.unwrap_or_default()),
                    reply.query_meta.unwrap_or_default(),
                ))
            },
        )
        .await;
    }
    let delete = method == Method::DELETE;
    endpoint(
        &method,
        &[Method::GET, Method::PUT, Method::DELETE],
        &uri,
        |params| async move {
            let query = query_options(&params, &headers)?;
            let write_options = Some(retryable_write_options(&query, &headers));
            if delete {
                client(&gateway)
                    .delete_token(DeleteTokenRequest {
                        write_options,
                        accessor_id: id,
                    })
                    .await?;
                return Ok(json_response(&true, gateway.pretty(&params)));
            }
            let mut token = decode_token(&read_value(&headers, body).await?)?;
            same_id("Token Accessor", &id, &mut token.accessor_id)?;
            let reply = client(&gateway)
                .update_token(UpdateTokenRequest {
                    write_options,
                    token: Some(token),
                })
                .await?
                .into_inner();
            Ok(json_response(
                &TokenJson::from(reply.token.unwrap_or_default()),
                gateway.pretty(&params),
            ))
        },
    )
    .await
}

/// `PUT /v1/acl/token/<accessor>/clone`: a copy, `{"Description"}`
/// optional.
pub async fn clone_token(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        let bytes = read_value(&headers, body).await?;
        let description = if bytes.iter().all(u8::is_ascii_whitespace) {
            String::new()
        } else {
            let value = parse_body(&bytes)?;
            Obj::root(&value, "body")?.string(&["Description"])?
        };
        let reply = client(&gateway)
            .clone_token(CloneTokenRequest {
                write_options: Some(retryable_write_options(&query, &headers)),
                accessor_id: id,
                description,
            })
            .await?
            .into_inner();
        Ok(json_response(
            &TokenJson::from(reply.token.unwrap_or_default()),
            gateway.pretty(&params),
        ))
    })
    .await
}

/// `GET /v1/acl/tokens`, `?policy=<id>`, `?role=<id>`, blocking.
pub async fn tokens(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, params, query| async move {
            if !params.get("authmethod").is_empty() {
                return Err(Error::bad_request("auth methods are not supported"));
            }
            let reply = client(&gateway)
                .list_tokens(ListTokensRequest {
                    query_options: Some(query),
                    policy: params.get("policy").to_string(),
                    role: params.get("role").to_string(),
                })
                .await?
                .into_inner();
            let body: Vec<TokenJson> = reply.tokens.into_iter().map(Into::into).collect();
            Ok((body, reply.query_meta.unwrap_or_default()))
        },
    )
    .await
}

/// `PUT /v1/acl/policy`: a new policy.
pub async fn create_policy(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        let policy = decode_policy(&read_value(&headers, body).await?)?;
        let reply = client(&gateway)
            .create_policy(CreatePolicyRequest {
                write_options: Some(retryable_write_options(&query, &headers)),
                policy: Some(policy),
            })
            .await?
            .into_inner();
        Ok(json_response(
            &policy_json(reply.policy.unwrap_or_default(), true),
            gateway.pretty(&params),
        ))
    })
    .await
}

async fn read_policy(
    gateway: Gateway,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    id: String,
    name: String,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, _, query| async move {
            let reply = client(&gateway)
                .read_policy(ReadPolicyRequest {
                    query_options: Some(query),
                    id,
                    name,
                })
                .await?
                .into_inner();
            Ok((
                policy_json(reply.policy.unwrap_or_default(), true),
                reply.query_meta.unwrap_or_default(),
            ))
        },
    )
    .await
}

/// `GET /v1/acl/policy/name/<name>`.
pub async fn policy_by_name(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    read_policy(gateway, method, uri, headers, String::new(), name).await
}

/// `GET`, `PUT` and `DELETE /v1/acl/policy/<id>`.
pub async fn policy(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> Response {
    if method == Method::GET {
        return read_policy(gateway, method, uri, headers, id, String::new()).await;
    }
    let delete = method == Method::DELETE;
    endpoint(
        &method,
        &[Method::GET, Method::PUT, Method::DELETE],
        &uri,
        |params| async move {
            let query = query_options(&params, &headers)?;
            let write_options = Some(retryable_write_options(&query, &headers));
            if delete {
                client(&gateway)
                    .delete_policy(DeletePolicyRequest { write_options, id })
                    .await?;
                return Ok(json_response(&true, gateway.pretty(&params)));
            }
            let mut policy = decode_policy(&read_value(&headers, body).await?)?;
            same_id("Policy", &id, &mut policy.id)?;
            let reply = client(&gateway)
                .update_policy(UpdatePolicyRequest {
                    write_options,
                    policy: Some(policy),
                })
                .await?
                .into_inner();
            Ok(json_response(
                &policy_json(reply.policy.unwrap_or_default(), true),
                gateway.pretty(&params),
            ))
        },
    )
    .await
}

/// `GET /v1/acl/policies`, blocking; without rules.
pub async fn policies(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, _, query| async move {
            let reply = client(&gateway)
                .list_policies(ListPoliciesRequest {
                    query_options: Some(query),
                })
                .await?
                .into_inner();
            let body: Vec<PolicyJson> = reply
                .policies
                .into_iter()
                .map(|p| policy_json(p, false))
                .collect();
            Ok((body, reply.query_meta.unwrap_or_default()))
        },
    )
    .await
}

/// `PUT /v1/acl/role`: a new role.
pub async fn create_role(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        let role = decode_role(&read_value(&headers, body).await?)?;
        let reply = client(&gateway)
            .create_role(CreateRoleRequest {
                write_options: Some(retryable_write_options(&query, &headers)),
                role: Some(role),
            })
            .await?
            .into_inner();
        Ok(json_response(
            &RoleJson::from(reply.role.unwrap_or_default()),
            gateway.pretty(&params),
        ))
    })
    .await
}

async fn read_role(
    gateway: Gateway,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    id: String,
    name: String,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, _, query| async move {
            let reply = client(&gateway)
                .read_role(ReadRoleRequest {
                    query_options: Some(query),
                    id,
                    name,
                })
                .await?
                .into_inner();
            Ok((
                RoleJson::from(reply.role.unwrap_or_default()),
                reply.query_meta.unwrap_or_default(),
            ))
        },
    )
    .await
}

/// `GET /v1/acl/role/name/<name>`.
pub async fn role_by_name(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    read_role(gateway, method, uri, headers, String::new(), name).await
}

/// `GET`, `PUT` and `DELETE /v1/acl/role/<id>`.
pub async fn role(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> Response {
    if method == Method::GET {
        return read_role(gateway, method, uri, headers, id, String::new()).await;
    }
    let delete = method == Method::DELETE;
    endpoint(
        &method,
        &[Method::GET, Method::PUT, Method::DELETE],
        &uri,
        |params| async move {
            let query = query_options(&params, &headers)?;
            let write_options = Some(retryable_write_options(&query, &headers));
            if delete {
                client(&gateway)
                    .delete_role(DeleteRoleRequest { write_options, id })
                    .await?;
                return Ok(json_response(&true, gateway.pretty(&params)));
            }
            let mut role = decode_role(&read_value(&headers, body).await?)?;
            same_id("Role", &id, &mut role.id)?;
            let reply = client(&gateway)
                .update_role(UpdateRoleRequest {
                    write_options,
                    role: Some(role),
                })
                .await?
                .into_inner();
            Ok(json_response(
                &RoleJson::from(reply.role.unwrap_or_default()),
                gateway.pretty(&params),
            ))
        },
    )
    .await
}

/// `GET /v1/acl/roles`, `?policy=<id>`, blocking.
pub async fn roles(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, params, query| async move {
            let reply = client(&gateway)
                .list_roles(ListRolesRequest {
                    query_options: Some(query),
                    policy: params.get("policy").to_string(),
                })
                .await?
                .into_inner();
            let body: Vec<RoleJson> = reply.roles.into_iter().map(Into::into).collect();
            Ok((body, reply.query_meta.unwrap_or_default()))
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_render_as_go_does_and_parse_back() {
        assert_eq!(go_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            go_time(1_540_398_306_921_933_000),
            "2018-10-24T16:25:06.921933Z"
        );
        assert_eq!(
            parse_time("t", "2018-10-24T12:25:06.921933-04:00").unwrap(),
            1_540_398_306_921_933_000
        );
        assert!(parse_time("t", "yesterday").is_err());
    }

    #[test]
    fn token_bodies_read_links_identities_and_lifetimes() {
        let t = decode_token(
            br#"{"description":"d","Policies":[{"Name":"readers"},{"ID":"p1"}],
                 "Roles":[{"name":"ops"}],"ServiceIdentities":[{"ServiceName":"web"}],
                 "NodeIdentities":[{"NodeName":"n1","Datacenter":"dc1"}],
                 "Local":true,"ExpirationTTL":"1h"}"#,
        )
        .unwrap();
        assert_eq!(t.description, "d");
        assert_eq!(t.policies[0].name, "readers");
        assert_eq!(t.policies[1].id, "p1");
        assert_eq!(t.roles[0].name, "ops");
        assert_eq!(t.service_identities[0].service_name, "web");
        assert_eq!(t.node_identities[0].datacenter, "dc1");
        assert!(t.local);
        assert_eq!(t.expiration_ttl_ns, 3_600_000_000_000);
        for bad in [
            &br#"{"Rules":"key \"\" {}"}"#[..],
            br#"{"ExpirationTime":"soon"}"#,
            br#"{"Policies":"all"}"#,
            b"[]",
            b"",
        ] {
            assert!(
                decode_token(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn a_path_id_and_a_different_body_id_are_refused() {
        let mut empty = String::new();
        same_id("Policy", "p1", &mut empty).unwrap();
        assert_eq!(empty, "p1");
        let mut other = "p2".to_string();
        assert!(same_id("Policy", "p1", &mut other).is_err());
    }
}
