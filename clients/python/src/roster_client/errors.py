"""Typed errors for Roster's gRPC API.

Every error a Roster server returns carries its kind in the
``roster-error-kind`` trailer (the server's single error table,
``proto/src/status.rs``). :func:`error_from_rpc` turns a :class:`grpc.RpcError`
into the matching :class:`RosterError` subclass, falling back to the gRPC code
when the trailer is absent (errors raised by gRPC itself, such as a refused
connection), exactly as the server's ``ErrorKind::from_grpc_code`` does.
"""

from __future__ import annotations

import enum
from typing import Dict, Optional, Type

import grpc

#: The metadata key that names an error's kind.
ERROR_KIND_METADATA = "roster-error-kind"


class ErrorKind(str, enum.Enum):
    """What went wrong, as the servers classify it (their names)."""

    INVALID_ARGUMENT = "invalid_argument"
    TOO_LARGE = "too_large"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    ACL_NOT_FOUND = "acl_not_found"
    ACL_DISABLED = "acl_disabled"
    CONFLICT = "conflict"
    RATE_LIMITED = "rate_limited"
    NO_LEADER = "no_leader"
    OUTCOME_UNKNOWN = "outcome_unknown"
    UNAVAILABLE = "unavailable"
    DEADLINE_EXCEEDED = "deadline_exceeded"
    UNIMPLEMENTED = "unimplemented"
    INTERNAL = "internal"
    WRONG_CLUSTER = "wrong_cluster"
    REFUSED = "refused"

    @classmethod
    def from_grpc_code(cls, code: grpc.StatusCode) -> "ErrorKind":
        """The kind a bare gRPC code stands for (no trailer came with it)."""
        return _KIND_OF_CODE.get(code, cls.INTERNAL)

    @property
    def retryable(self) -> bool:
        """Whether the server guarantees nothing was done, so that the same
        request may be sent again (to any server)."""
        return self in (ErrorKind.NO_LEADER, ErrorKind.UNAVAILABLE)


S = grpc.StatusCode
_KIND_OF_CODE: Dict[grpc.StatusCode, ErrorKind] = {
    S.INVALID_ARGUMENT: ErrorKind.INVALID_ARGUMENT,
    S.OUT_OF_RANGE: ErrorKind.INVALID_ARGUMENT,
    S.FAILED_PRECONDITION: ErrorKind.REFUSED,
    S.NOT_FOUND: ErrorKind.NOT_FOUND,
    S.PERMISSION_DENIED: ErrorKind.PERMISSION_DENIED,
    S.UNAUTHENTICATED: ErrorKind.PERMISSION_DENIED,
    S.ABORTED: ErrorKind.CONFLICT,
    S.ALREADY_EXISTS: ErrorKind.CONFLICT,
    S.RESOURCE_EXHAUSTED: ErrorKind.RATE_LIMITED,
    S.UNAVAILABLE: ErrorKind.UNAVAILABLE,
    S.CANCELLED: ErrorKind.UNAVAILABLE,
    S.DEADLINE_EXCEEDED: ErrorKind.DEADLINE_EXCEEDED,
    S.UNIMPLEMENTED: ErrorKind.UNIMPLEMENTED,
    S.UNKNOWN: ErrorKind.OUTCOME_UNKNOWN,
    S.INTERNAL: ErrorKind.INTERNAL,
    S.DATA_LOSS: ErrorKind.INTERNAL,
}
del S


class RosterError(Exception):
    """An error answered by Roster (or by gRPC on its way there).

    Attributes:
        kind: the :class:`ErrorKind`.
        code: the gRPC status code.
        message: the server's message (gRPC's details).
        address: the server address the call went to, when known.
    """

    #: The kind every instance of this class has (subclasses set it).
    KIND: Optional[ErrorKind] = None

    def __init__(
        self,
        message: str,
        *,
        kind: Optional[ErrorKind] = None,
        code: Optional[grpc.StatusCode] = None,
        address: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.kind: ErrorKind = kind or self.KIND or ErrorKind.INTERNAL
        self.code: grpc.StatusCode = code or _default_code(self.kind)
        self.message = message
        self.address = address

    @property
    def retryable(self) -> bool:
        """True when nothing was done and the request may be sent again.
        Never true for :class:`OutcomeUnknownError`: that write may have
        applied."""
        return self.kind.retryable

    def __str__(self) -> str:
        where = f" (from {self.address})" if self.address else ""
        return f"{self.kind.value}: {self.message}{where}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(kind={self.kind.value!r}, code={self.code.name}, message={self.message!r})"


class InvalidArgumentError(RosterError):
    """Malformed or invalid input; nothing was changed."""

    KIND = ErrorKind.INVALID_ARGUMENT


class TooLargeError(InvalidArgumentError):
    """A value or body over its size limit; nothing was changed."""

    KIND = ErrorKind.TOO_LARGE


class NotFoundError(RosterError):
    """The named object does not exist."""

    KIND = ErrorKind.NOT_FOUND


class PermissionDeniedError(RosterError):
    """The token lacks a permission."""

    KIND = ErrorKind.PERMISSION_DENIED


class AclNotFoundError(PermissionDeniedError):
    """The token does not exist."""

    KIND = ErrorKind.ACL_NOT_FOUND


class AclDisabledError(RosterError):
    """An ACL endpoint was called on an agent without ACLs."""

    KIND = ErrorKind.ACL_DISABLED


class ConflictError(RosterError):
    """A transaction was rolled back."""

    KIND = ErrorKind.CONFLICT


class RateLimitedError(RosterError):
    """Too many requests."""

    KIND = ErrorKind.RATE_LIMITED


class UnavailableError(RosterError):
    """The server could not serve the request and did nothing; safe to retry,
    on this or another server."""

    KIND = ErrorKind.UNAVAILABLE


class NoLeaderError(UnavailableError):
    """No Raft leader is known ("No cluster leader"); nothing was proposed."""

    KIND = ErrorKind.NO_LEADER


class OutcomeUnknownError(RosterError):
    """A write may or may not have applied (leadership changed, or the
    connection broke after the request was sent). Never retried blindly: read
    the state back, or resend with the same ``request_id``."""

    KIND = ErrorKind.OUTCOME_UNKNOWN


class DeadlineExceededError(RosterError):
    """The request's deadline passed."""

    KIND = ErrorKind.DEADLINE_EXCEEDED


class UnimplementedError(RosterError):
    """The operation is not supported."""

    KIND = ErrorKind.UNIMPLEMENTED


class InternalError(RosterError):
    """A bug or an unexpected storage failure on the server."""

    KIND = ErrorKind.INTERNAL


class WrongClusterError(RosterError):
    """The caller belongs to another cluster."""

    KIND = ErrorKind.WRONG_CLUSTER


class RefusedError(RosterError):
    """Well formed but refused by the servers' rules or state (a session TTL
    out of range, a lock taken with an unknown session...); nothing changed."""

    KIND = ErrorKind.REFUSED


_CLASS_OF_KIND: Dict[ErrorKind, Type[RosterError]] = {
    cls.KIND: cls
    for cls in (
        InvalidArgumentError,
        TooLargeError,
        NotFoundError,
        PermissionDeniedError,
        AclNotFoundError,
        AclDisabledError,
        ConflictError,
        RateLimitedError,
        UnavailableError,
        NoLeaderError,
        OutcomeUnknownError,
        DeadlineExceededError,
        UnimplementedError,
        InternalError,
        WrongClusterError,
        RefusedError,
    )
    if cls.KIND is not None
}
assert len(_CLASS_OF_KIND) == len(ErrorKind)

_CODE_OF_KIND: Dict[ErrorKind, grpc.StatusCode] = {
    ErrorKind.INVALID_ARGUMENT: grpc.StatusCode.INVALID_ARGUMENT,
    ErrorKind.TOO_LARGE: grpc.StatusCode.INVALID_ARGUMENT,
    ErrorKind.NOT_FOUND: grpc.StatusCode.NOT_FOUND,
    ErrorKind.PERMISSION_DENIED: grpc.StatusCode.PERMISSION_DENIED,
    ErrorKind.ACL_NOT_FOUND: grpc.StatusCode.PERMISSION_DENIED,
    ErrorKind.ACL_DISABLED: grpc.StatusCode.FAILED_PRECONDITION,
    ErrorKind.CONFLICT: grpc.StatusCode.ABORTED,
    ErrorKind.RATE_LIMITED: grpc.StatusCode.RESOURCE_EXHAUSTED,
    ErrorKind.NO_LEADER: grpc.StatusCode.UNAVAILABLE,
    ErrorKind.OUTCOME_UNKNOWN: grpc.StatusCode.UNKNOWN,
    ErrorKind.UNAVAILABLE: grpc.StatusCode.UNAVAILABLE,
    ErrorKind.DEADLINE_EXCEEDED: grpc.StatusCode.DEADLINE_EXCEEDED,
    ErrorKind.UNIMPLEMENTED: grpc.StatusCode.UNIMPLEMENTED,
    ErrorKind.INTERNAL: grpc.StatusCode.INTERNAL,
    ErrorKind.WRONG_CLUSTER: grpc.StatusCode.FAILED_PRECONDITION,
    ErrorKind.REFUSED: grpc.StatusCode.FAILED_PRECONDITION,
}


def _default_code(kind: ErrorKind) -> grpc.StatusCode:
    return _CODE_OF_KIND[kind]


def error_class(kind: ErrorKind) -> Type[RosterError]:
    """The exception class raised for a kind."""
    return _CLASS_OF_KIND[kind]


def kind_of_rpc_error(error: grpc.RpcError) -> "tuple[ErrorKind, bool]":
    """The kind of a failed call and whether a server named it (True) or it
    was inferred from the bare gRPC code (False)."""
    for key, value in _trailers(error):
        if key == ERROR_KIND_METADATA:
            if isinstance(value, bytes):
                value = value.decode("ascii", "replace")
            try:
                return ErrorKind(value), True
            except ValueError:
                break  # a kind newer than this client: fall back to the code
    return ErrorKind.from_grpc_code(_code(error)), False


def error_from_rpc(error: grpc.RpcError, address: Optional[str] = None) -> RosterError:
    """The typed :class:`RosterError` for a failed gRPC call."""
    kind, _ = kind_of_rpc_error(error)
    return error_class(kind)(_details(error), kind=kind, code=_code(error), address=address)


def _trailers(error: grpc.RpcError):
    trailing = getattr(error, "trailing_metadata", None)
    try:
        return tuple(trailing() or ()) if callable(trailing) else ()
    except Exception:  # a call that never started has no trailers to give
        return ()


def _code(error: grpc.RpcError) -> grpc.StatusCode:
    code = getattr(error, "code", None)
    try:
        return code() if callable(code) else grpc.StatusCode.UNKNOWN
    except Exception:
        return grpc.StatusCode.UNKNOWN


def _details(error: grpc.RpcError) -> str:
    details = getattr(error, "details", None)
    try:
        text = details() if callable(details) else None
    except Exception:
        text = None
    return text or str(error)
