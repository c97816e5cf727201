//! The one error table. Every error a Roster service can return has an
//! [`ErrorKind`]; the kind picks the gRPC code and the HTTP status, and it
//! travels with a gRPC [`Status`] in the `roster-error-kind` metadata entry so
//! that the HTTP gateway maps it back exactly (two kinds can share a gRPC code
//! but not an HTTP status, e.g. `InvalidArgument` and `TooLarge`).
//!
//! No other code builds a `tonic::Status` or picks an HTTP status.
//!
//! This module also holds `roster.status.v1` (the leader/peers service) as
//! [`v1`].

use tonic::{Code, Status, metadata::MetadataValue};

/// `roster.status.v1`: leader and peers.
pub mod v1 {
    tonic::include_proto!("roster.status.v1");
}

/// Metadata key carrying the [`ErrorKind`] name on an error status.
pub const ERROR_KIND_METADATA: &str = "roster-error-kind";

/// What went wrong, independent of the protocol that reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Malformed or invalid input; nothing was changed.
    InvalidArgument,
    /// A value or body over its size limit; nothing was changed.
    TooLarge,
    /// The named object does not exist.
    NotFound,
    /// The token lacks a permission.
    PermissionDenied,
    /// The token does not exist.
    AclNotFound,
    /// An ACL endpoint was called on an agent without ACLs (Consul: 401
    /// "ACL support disabled").
    AclDisabled,
    /// A transaction was rolled back.
    Conflict,
    /// Too many requests.
    RateLimited,
    /// No Raft leader is known (Consul: "No cluster leader").
    NoLeader,
    /// A write was proposed but its outcome is unknown (leadership was lost
    /// before it applied). It may or may not have happened.
    OutcomeUnknown,
    /// The service is shutting down or temporarily unable to serve.
    Unavailable,
    /// The request's deadline passed.
    DeadlineExceeded,
    /// The operation is not supported (yet, or in this mode).
    Unimplemented,
    /// A bug or an unexpected storage failure.
    Internal,
    /// The caller is a server of another cluster (its cluster identity
    /// differs): refused, nothing was stepped.
    WrongCluster,
    /// Well formed, but refused by the servers' rules or the current state
    /// (a session TTL out of range, a session's node or check missing, a
    /// lock taken with an unknown session); nothing was changed. Consul
    /// reports these from its servers as 500 with a message.
    Refused,
}

impl ErrorKind {
    /// All kinds, for tests and table dumps.
    pub const ALL: [ErrorKind; 16] = [
        ErrorKind::InvalidArgument,
        ErrorKind::TooLarge,
        ErrorKind::NotFound,
        ErrorKind::PermissionDenied,
        ErrorKind::AclNotFound,
        ErrorKind::AclDisabled,
        ErrorKind::Conflict,
        ErrorKind::RateLimited,
        ErrorKind::NoLeader,
        ErrorKind::OutcomeUnknown,
        ErrorKind::Unavailable,
        ErrorKind::DeadlineExceeded,
        ErrorKind::Unimplemented,
        ErrorKind::Internal,
        ErrorKind::WrongCluster,
        ErrorKind::Refused,
    ];

    /// The gRPC status code for this kind.
    pub fn grpc_code(self) -> Code {
        match self {
            ErrorKind::InvalidArgument | ErrorKind::TooLarge => Code::InvalidArgument,
            ErrorKind::NotFound => Code::NotFound,
            ErrorKind::PermissionDenied | ErrorKind::AclNotFound => Code::PermissionDenied,
            ErrorKind::Conflict => Code::Aborted,
            ErrorKind::RateLimited => Code::ResourceExhausted,
            // Safe to retry: nothing was proposed or read.
            ErrorKind::NoLeader | ErrorKind::Unavailable => Code::Unavailable,
            // Not safe to retry blindly: the write may have applied.
            ErrorKind::OutcomeUnknown => Code::Unknown,
            ErrorKind::DeadlineExceeded => Code::DeadlineExceeded,
            ErrorKind::Unimplemented => Code::Unimplemented,
            ErrorKind::Internal => Code::Internal,
            ErrorKind::WrongCluster | ErrorKind::Refused | ErrorKind::AclDisabled => {
                Code::FailedPrecondition
            }
        }
    }

    /// The HTTP status Consul's API answers with for this kind.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorKind::InvalidArgument => 400,
            ErrorKind::TooLarge => 413,
            ErrorKind::NotFound => 404,
            ErrorKind::PermissionDenied | ErrorKind::AclNotFound => 403,
            ErrorKind::AclDisabled => 401,
            ErrorKind::Conflict => 409,
            ErrorKind::RateLimited => 429,
            // Consul reports leaderless clusters, lost outcomes and internal
            // failures alike as 500 with a message clients match on.
            ErrorKind::NoLeader
            | ErrorKind::OutcomeUnknown
            | ErrorKind::Unavailable
            | ErrorKind::DeadlineExceeded
            | ErrorKind::Internal
            | ErrorKind::WrongCluster
            | ErrorKind::Refused => 500,
            ErrorKind::Unimplemented => 501,
        }
    }

    /// Stable name used in the `roster-error-kind` metadata.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::NotFound => "not_found",
            ErrorKind::PermissionDenied => "permission_denied",
            ErrorKind::AclNotFound => "acl_not_found",
            ErrorKind::AclDisabled => "acl_disabled",
            ErrorKind::Conflict => "conflict",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::NoLeader => "no_leader",
            ErrorKind::OutcomeUnknown => "outcome_unknown",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::DeadlineExceeded => "deadline_exceeded",
            ErrorKind::Unimplemented => "unimplemented",
            ErrorKind::Internal => "internal",
            ErrorKind::WrongCluster => "wrong_cluster",
            ErrorKind::Refused => "refused",
        }
    }

    /// Parses a name produced by [`ErrorKind::as_str`].
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The kind a gRPC code stands for when no `roster-error-kind` metadata
    /// came with it (errors from tonic itself or from another server).
    pub fn from_grpc_code(code: Code) -> ErrorKind {
        match code {
            Code::InvalidArgument | Code::OutOfRange => ErrorKind::InvalidArgument,
            Code::FailedPrecondition => ErrorKind::Refused,
            Code::NotFound => ErrorKind::NotFound,
            Code::PermissionDenied | Code::Unauthenticated => ErrorKind::PermissionDenied,
            Code::Aborted | Code::AlreadyExists => ErrorKind::Conflict,
            Code::ResourceExhausted => ErrorKind::RateLimited,
            Code::Unavailable | Code::Cancelled => ErrorKind::Unavailable,
            Code::DeadlineExceeded => ErrorKind::DeadlineExceeded,
            Code::Unimplemented => ErrorKind::Unimplemented,
            Code::Unknown => ErrorKind::OutcomeUnknown,
            Code::Ok | Code::Internal | Code::DataLoss => ErrorKind::Internal,
        }
    }

    /// The kind of an error status: from its metadata if present, else from
    /// its code.
    pub fn of_status(status: &Status) -> ErrorKind {
        status
            .metadata()
            .get(ERROR_KIND_METADATA)
            .and_then(|v| v.to_str().ok())
            .and_then(ErrorKind::from_name)
            .unwrap_or_else(|| ErrorKind::from_grpc_code(status.code()))
    }

    /// Builds the gRPC status for this kind with a message.
    pub fn status(self, message: impl Into<String>) -> Status {
        let mut status = Status::new(self.grpc_code(), message);
        status.metadata_mut().insert(
            ERROR_KIND_METADATA,
            MetadataValue::from_static(self.as_str()),
        );
        status
    }
}

/// Implemented by every error type that can cross the API boundary.
pub trait HasErrorKind: std::fmt::Display {
    /// The error's kind.
    fn kind(&self) -> ErrorKind;

    /// The gRPC status for this error, message included.
    fn to_status(&self) -> Status {
        self.kind().status(self.to_string())
    }
}

/// Consul's phrase for a cluster without a leader; clients match on it.
pub const NO_LEADER_MESSAGE: &str = "No cluster leader";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_survives_a_status_round_trip() {
        for kind in ErrorKind::ALL {
            let status = kind.status("boom");
            assert_eq!(ErrorKind::of_status(&status), kind, "{kind:?}");
            assert_eq!(status.code(), kind.grpc_code());
            assert_eq!(status.message(), "boom");
        }
    }

    #[test]
    fn names_are_unique() {
        for a in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_name(a.as_str()), Some(a));
        }
    }

    #[test]
    fn bare_codes_map_to_a_kind_with_the_same_code() {
        for kind in ErrorKind::ALL {
            let mapped = ErrorKind::from_grpc_code(kind.grpc_code());
            assert_eq!(mapped.grpc_code(), kind.grpc_code(), "{kind:?}");
        }
    }

    #[test]
    fn consul_statuses() {
        assert_eq!(ErrorKind::InvalidArgument.http_status(), 400);
        assert_eq!(ErrorKind::TooLarge.http_status(), 413);
        assert_eq!(ErrorKind::NoLeader.http_status(), 500);
        assert_eq!(ErrorKind::OutcomeUnknown.http_status(), 500);
        assert_eq!(ErrorKind::PermissionDenied.http_status(), 403);
    }

    #[test]
    fn grpc_callers_can_tell_a_safe_retry_from_an_unknown_outcome() {
        // "No cluster leader": nothing was proposed; retrying is safe.
        assert_eq!(ErrorKind::NoLeader.grpc_code(), Code::Unavailable);
        // The write may or may not have applied: gRPC's UNKNOWN, which
        // clients do not retry on their own.
        assert_eq!(ErrorKind::OutcomeUnknown.grpc_code(), Code::Unknown);
        assert_ne!(
            ErrorKind::OutcomeUnknown.grpc_code(),
            ErrorKind::NoLeader.grpc_code()
        );
    }
}
