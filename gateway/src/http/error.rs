//! The gateway's errors and the plain responses: an error's HTTP status
//! comes from its [`ErrorKind`] (the one table), its body is the message as
//! plain text, as Go's `http.Error` writes it.

use axum::{
    body::Body,
    response::{IntoResponse, Response},
};
use http::{HeaderValue, StatusCode, header};
use roster_proto::{
    kv::value_too_large_message,
    status::{ErrorKind, HasErrorKind},
};

/// Errors the gateway answers with. Each has an [`ErrorKind`], which picks the
/// HTTP status; the body is the message as plain text.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A malformed request: bad parameter, conflicting flags, bad key. The
    /// message is Consul's where Consul has one, since clients match on it.
    #[error("{0}")]
    BadRequest(String),
    /// A value over `kv_max_value_size`; `len` is the body's length (or the
    /// bytes read before giving up, for a body without `Content-Length`).
    #[error("{}", value_too_large_message(*.len))]
    ValueTooLarge {
        /// Length of the body.
        len: usize,
    },
    /// A feature Roster has not implemented yet.
    #[error("{0}")]
    Unimplemented(&'static str),
    /// An error status from a gRPC service, mapped through its kind.
    #[error("{}", .0.message())]
    Rpc(#[from] tonic::Status),
}

impl Error {
    pub(super) fn bad_request(message: impl Into<String>) -> Error {
        Error::BadRequest(message.into())
    }
}

impl HasErrorKind for Error {
    fn kind(&self) -> ErrorKind {
        match self {
            Error::BadRequest(_) => ErrorKind::InvalidArgument,
            Error::ValueTooLarge { .. } => ErrorKind::TooLarge,
            Error::Unimplemented(_) => ErrorKind::Unimplemented,
            Error::Rpc(status) => ErrorKind::of_status(status),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let kind = self.kind();
        if let Error::Rpc(status) = &self {
            tracing::debug!(kind = kind.as_str(), code = ?status.code(), "grpc call failed");
        }
        text_response(kind_status(kind), self.to_string())
    }
}

/// The HTTP status of an error kind.
pub(super) fn kind_status(kind: ErrorKind) -> StatusCode {
    // The table only holds valid HTTP statuses (4xx/5xx).
    StatusCode::from_u16(kind.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A plain-text body, as Go's `http.Error`/`fmt.Fprint` error paths produce.
pub(super) fn text_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

/// A response with an empty body (e.g. a missing KV key).
pub(super) fn empty_response(status: StatusCode) -> Response {
    (status, Body::empty()).into_response()
}

impl From<roster_proto::definitions::DefinitionError> for Error {
    fn from(e: roster_proto::definitions::DefinitionError) -> Error {
        Error::BadRequest(e.0)
    }
}
