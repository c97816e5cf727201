"""Python client for Roster's gRPC API.

The generated modules live in the ``roster`` package (``roster.kv.v1.kv_pb2``,
``roster.kv.v1.kv_pb2_grpc``, ...); this package wraps them:

- :class:`Client`: failover across agents, the ACL token on every request,
  convenience methods (``client.kv``, ``client.agent``, ``client.health``,
  ``client.sessions``) and :meth:`Client.stub` for every other RPC;
- :class:`Watch`: resumable iterators over the Watch streams;
- :class:`Lock`: locks and leader election;
- :mod:`roster_client.errors`: one exception class per Roster error kind.
"""

from .client import KV, Agent, Client, Health, Sessions, query_options
from .errors import (
    AclDisabledError,
    AclNotFoundError,
    ConflictError,
    DeadlineExceededError,
    ErrorKind,
    InternalError,
    InvalidArgumentError,
    NoLeaderError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitedError,
    RefusedError,
    RosterError,
    TooLargeError,
    UnavailableError,
    UnimplementedError,
    WrongClusterError,
    error_from_rpc,
)
from ._transport import ClientClosedError
from .lock import Lock
from .watch import Watch

__version__ = "0.1.0"

__all__ = [
    "Agent",
    "AclDisabledError",
    "AclNotFoundError",
    "Client",
    "ClientClosedError",
    "ConflictError",
    "DeadlineExceededError",
    "ErrorKind",
    "Health",
    "InternalError",
    "InvalidArgumentError",
    "KV",
    "Lock",
    "NoLeaderError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "RateLimitedError",
    "RefusedError",
    "RosterError",
    "Sessions",
    "TooLargeError",
    "UnavailableError",
    "UnimplementedError",
    "Watch",
    "WrongClusterError",
    "error_from_rpc",
    "query_options",
]
