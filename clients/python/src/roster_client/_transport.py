"""Connections to a list of agents with failover, and the rules for when a
failed call may be sent again.

A call goes to the current address; when it fails in a way that proves
nothing was done (the server says ``no_leader``/``unavailable``, or the
connection could not be made), the client moves to the next address and
sends it again. A read is also sent again when the connection breaks while
it is in flight, and so is a write the servers deduplicate by its
``request_id`` (KV Put/Delete, Session Create/Destroy, Catalog
Register/Deregister, ACL token/policy/role writes) when it carries one: every
copy has the same id, so it applies once. Any other write is not, because
the server may have applied it: it fails with
:class:`~roster_client.errors.OutcomeUnknownError`. A write that fails in the
end after an earlier copy of it may have reached a server also fails with
``OutcomeUnknownError``, whatever the last copy's error.

Agent-local calls (``LocalStateService``, and ``AgentService``'s writes such
as Join or Leave) act on the agent they reach, so they are never sent to
another agent: they go to the current address once, and their error is
raised.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, TypeVar

import grpc
from google.protobuf.message import Message

from .errors import ErrorKind, OutcomeUnknownError, RosterError, error_from_rpc, kind_of_rpc_error

M = TypeVar("M", bound=Message)

log = logging.getLogger("roster_client")

# Phrases gRPC core uses when it never got a connection to send on: the
# request did not leave this process.
_NOT_CONNECTED = (
    "failed to connect",
    "connection refused",
    "connect failed",
    "dns resolution failed",
    "name resolution",
    "no route to host",
    "network is unreachable",
)

# RPCs that only read, recognised by name where the request carries no
# QueryOptions (agent-local reads such as LocalStateService.ListServices).
_READ_PREFIXES = ("Get", "List", "Read", "Watch", "Info", "Leader", "Peers", "Scan", "Save")

_DEFAULT_CHANNEL_OPTIONS: Tuple[Tuple[str, Any], ...] = (
    # Find a dead peer under a long watch even when no packet says so.
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 10_000),
    # Fail fast on a dead address instead of backing off for a minute: the
    # next address is tried instead.
    ("grpc.initial_reconnect_backoff_ms", 200),
    ("grpc.max_reconnect_backoff_ms", 2_000),
)


# Writes whose WriteOptions.request_id the servers deduplicate (a copy whose
# id was applied before answers what the first one did): with an id they may
# be sent again after the connection broke under them.
_DEDUPLICATED = frozenset(
    {
        "roster.kv.v1.KVService/Put",
        "roster.kv.v1.KVService/Delete",
        "roster.session.v1.SessionService/Create",
        "roster.session.v1.SessionService/Destroy",
        "roster.catalog.v1.CatalogService/Register",
        "roster.catalog.v1.CatalogService/Deregister",
        "roster.acl.v1.AclService/CreateToken",
        "roster.acl.v1.AclService/UpdateToken",
        "roster.acl.v1.AclService/CloneToken",
        "roster.acl.v1.AclService/DeleteToken",
        "roster.acl.v1.AclService/CreatePolicy",
        "roster.acl.v1.AclService/UpdatePolicy",
        "roster.acl.v1.AclService/DeletePolicy",
        "roster.acl.v1.AclService/CreateRole",
        "roster.acl.v1.AclService/UpdateRole",
        "roster.acl.v1.AclService/DeleteRole",
    }
)

# Writes that do the same when applied twice.
_IDEMPOTENT = frozenset({"roster.session.v1.SessionService/Renew"})

# Services whose calls act on the agent that answers them.
_AGENT_LOCAL = "roster.agent.v1.LocalStateService"
_AGENT = "roster.agent.v1.AgentService"


class ClientClosedError(ValueError):
    """The client was closed: no call can be made with it any more."""


def service_of(stub_class: type) -> str:
    """The full gRPC service name of a generated stub class
    (``roster.kv.v1.kv_pb2_grpc.KVServiceStub`` -> ``roster.kv.v1.KVService``)."""
    package = stub_class.__module__.rsplit(".", 1)[0]
    name = stub_class.__name__
    return f"{package}.{name[:-4] if name.endswith('Stub') else name}"


def is_agent_local(service: str, method: str, request: Any) -> bool:
    """Whether a call acts on the agent that answers it (and so must not be
    sent to another agent)."""
    return service == _AGENT_LOCAL or (service == _AGENT and not is_read(method, request))


def is_repeatable(service: str, method: str, request: Any) -> bool:
    """Whether sending a call again is harmless even if an earlier copy was
    applied: a read, an idempotent write, or a deduplicated write that
    carries a request id."""
    if is_read(method, request):
        return True
    full = f"{service}/{method}"
    if full in _IDEMPOTENT:
        return True
    if full in _DEDUPLICATED:
        options = _options_of(request)
        return options is not None and bool(getattr(options, "request_id", ""))
    return False


def is_read(method: str, request: Any) -> bool:
    """Whether an RPC only reads (and so may always be sent again)."""
    fields = getattr(getattr(request, "DESCRIPTOR", None), "fields_by_name", {})
    if "query_options" in fields:
        return True
    if "write_options" in fields:
        return False
    return method.startswith(_READ_PREFIXES)


def sent_nothing(error: grpc.RpcError) -> bool:
    """True when a failed call provably never reached a server: gRPC could
    not connect, or a server answered no_leader/unavailable."""
    kind, named = kind_of_rpc_error(error)
    if named:
        return kind.retryable
    code = error.code() if callable(getattr(error, "code", None)) else None
    if code != grpc.StatusCode.UNAVAILABLE:
        return False
    details = (error.details() if callable(getattr(error, "details", None)) else "") or ""
    return any(phrase in details.lower() for phrase in _NOT_CONNECTED)


def _options_of(request: Message) -> Optional[Message]:
    """The QueryOptions or WriteOptions a request carries, if any."""
    fields = request.DESCRIPTOR.fields_by_name
    for name in ("query_options", "write_options"):
        if name in fields:
            return getattr(request, name)
    inner = fields.get("request")
    if inner is not None and inner.message_type is not None:
        return _options_of(getattr(request, "request"))
    return None


class Transport:
    """The channels to every address, the current one, the token, and the
    retry loop. Thread-safe: one client may be shared by threads."""

    def __init__(
        self,
        addresses: Sequence[str],
        *,
        token: str = "",
        datacenter: str = "",
        credentials: Optional[grpc.ChannelCredentials] = None,
        timeout: Optional[float] = 30.0,
        retry_for: float = 15.0,
        max_attempts: Optional[int] = None,
        retry_backoff: float = 0.25,
        channel_options: Iterable[Tuple[str, Any]] = (),
    ) -> None:
        if isinstance(addresses, str):
            addresses = [a for a in addresses.split(",")]
        self.addresses: List[str] = [a.strip() for a in addresses if a.strip()]
        if not self.addresses:
            raise ValueError("no Roster address given")
        self.token = token
        self.datacenter = datacenter
        self.timeout = timeout
        # Long enough to ride out an election: servers may answer at once
        # that they cannot reach the old leader, or hold a request up to 7 s
        # before answering no_leader.
        self.retry_for = retry_for
        self.max_attempts = max_attempts
        self.retry_backoff = retry_backoff
        self._credentials = credentials
        self._options = list(_DEFAULT_CHANNEL_OPTIONS) + list(channel_options)
        self._channels: Dict[int, grpc.Channel] = {}
        self._stubs: Dict[Tuple[int, type], Any] = {}
        self._current = 0
        self._lock = threading.Lock()
        self._closed = False

    # -- addresses and channels ------------------------------------------

    @property
    def current_address(self) -> str:
        """The address calls go to now."""
        return self.addresses[self._current]

    def _pick(self) -> int:
        with self._lock:
            if self._closed:
                raise ClientClosedError("the Roster client is closed")
            return self._current

    def failed(self, index: int, error: Optional[grpc.RpcError] = None) -> None:
        """Moves on from address ``index`` (unless another thread already did)."""
        with self._lock:
            if self._current == index:
                self._current = (index + 1) % len(self.addresses)
                log.info(
                    "roster: %s failed (%s); moving to %s",
                    self.addresses[index],
                    _describe(error),
                    self.addresses[self._current],
                )

    def channel(self, index: int) -> grpc.Channel:
        with self._lock:
            channel = self._channels.get(index)
            if channel is None:
                address = self.addresses[index]
                if self._credentials is None:
                    channel = grpc.insecure_channel(address, options=self._options)
                else:
                    channel = grpc.secure_channel(address, self._credentials, options=self._options)
                self._channels[index] = channel
            return channel

    def stub(self, stub_class: type, index: int) -> Any:
        key = (index, stub_class)
        stub = self._stubs.get(key)
        if stub is None:
            stub = stub_class(self.channel(index))
            self._stubs[key] = stub
        return stub

    def close(self) -> None:
        with self._lock:
            self._closed = True
            channels, self._channels = list(self._channels.values()), {}
            self._stubs = {}
        for channel in channels:
            channel.close()

    # -- requests --------------------------------------------------------

    def metadata(self, extra: Optional[Sequence[Tuple[str, str]]] = None) -> List[Tuple[str, str]]:
        """Call metadata: the token also travels as ``x-consul-token``, for
        the RPCs whose request has no options to carry it (agent-local ones)."""
        md = list(extra or ())
        if self.token and not any(k == "x-consul-token" for k, _ in md):
            md.append(("x-consul-token", self.token))
        return md

    def prepare(self, request: M) -> M:
        """A copy of ``request`` with the client's token and datacenter in
        its query or write options (values the caller set are kept). The
        options may also sit in a nested ``request`` (CatalogService's
        Watch* requests wrap the List* request)."""
        if not (self.token or self.datacenter) or _options_of(request) is None:
            return request
        copy = type(request)()
        copy.CopyFrom(request)
        options = _options_of(copy)
        assert options is not None
        if self.token and not options.token:
            options.token = self.token
        if self.datacenter and not options.datacenter:
            options.datacenter = self.datacenter
        return copy

    def unary(
        self,
        stub_class: type,
        method: str,
        request: Message,
        *,
        timeout: Optional[float] = None,
        metadata: Optional[Sequence[Tuple[str, str]]] = None,
        idempotent: Optional[bool] = None,
    ) -> Any:
        """Sends a unary RPC with failover (see the module docs).
        ``idempotent`` overrides whether the call may be sent again after
        the connection broke under it."""
        request = self.prepare(request)
        service = service_of(stub_class)
        md = self.metadata(metadata)
        timeout = self.timeout if timeout is None else timeout

        def send(index: int) -> Any:
            return getattr(self.stub(stub_class, index), method)(request, timeout=timeout, metadata=md)

        repeatable = is_repeatable(service, method, request) if idempotent is None else idempotent
        return self._run(
            send,
            read=is_read(method, request),
            repeatable=repeatable,
            pinned=is_agent_local(service, method, request),
        )

    def call_with_retries(self, fn: Callable[[int], Any], read: bool, pinned: bool = False) -> Any:
        """Runs ``fn(address_index)`` with the same failover rules as
        :meth:`unary` (for calls that are not a plain unary RPC);
        ``pinned``: an agent-local call, never sent to another address."""
        return self._run(fn, read=read, repeatable=read, pinned=pinned)

    def _run(self, send: Callable[[int], Any], *, read: bool, repeatable: bool, pinned: bool) -> Any:
        budget = RetryBudget(self)
        # Whether a copy of this write may have reached a server and been
        # applied: from then on, no failure proves that nothing was done.
        maybe_applied = False
        while True:
            index = self._pick()
            try:
                return send(index)
            except grpc.RpcError as e:
                nothing = sent_nothing(e)
                if not read and not nothing and not kind_of_rpc_error(e)[1]:
                    maybe_applied = True
                if nothing:
                    # Nothing was done here: the client moves on, for this
                    # call and the next ones.
                    self.failed(index, e)
                    retry = not pinned
                else:
                    retry = repeatable and not pinned and _connection_broke(e)
                    if retry:
                        self.failed(index, e)
                if not retry or not budget.another():
                    raise self._classify(e, index, read, maybe_applied) from None

    def _classify(self, error: grpc.RpcError, index: int, read: bool, maybe_applied: bool = False) -> RosterError:
        address = self.addresses[index]
        err = error_from_rpc(error, address)
        if read:
            return err
        kind, named = kind_of_rpc_error(error)
        if not named and kind in (ErrorKind.UNAVAILABLE, ErrorKind.DEADLINE_EXCEEDED) and not sent_nothing(error):
            # The connection broke, or the deadline passed, with the write on
            # it: it may have applied.
            return OutcomeUnknownError(
                f"no answer after the write was sent, it may have applied: {err.message}",
                code=err.code,
                address=address,
            )
        if maybe_applied and kind.retryable:
            # This copy was not applied, but an earlier one may have been.
            return OutcomeUnknownError(
                f"an earlier copy of the write may have applied; last error: {err}",
                code=err.code,
                address=address,
            )
        return err

    def open_stream(
        self,
        stub_class: type,
        method: str,
        request: Message,
        *,
        index: Optional[int] = None,
        timeout: Optional[float] = None,
        metadata: Optional[Sequence[Tuple[str, str]]] = None,
    ) -> Tuple[int, Any]:
        """Starts a server-streaming RPC on address ``index`` (default: the
        current one); returns the index and the call (an iterator that can
        be cancelled)."""
        current = self._pick()
        if index is None:
            index = current
        call = getattr(self.stub(stub_class, index), method)
        return index, call(self.prepare(request), timeout=timeout, metadata=self.metadata(metadata))


def _connection_broke(error: grpc.RpcError) -> bool:
    """The connection failed under a call in flight (not a server's answer,
    nor the caller's cancellation)."""
    kind, named = kind_of_rpc_error(error)
    return kind is ErrorKind.UNAVAILABLE and not named and error.code() != grpc.StatusCode.CANCELLED


def _describe(error: Optional[grpc.RpcError]) -> str:
    if error is None:
        return "no answer"
    kind, _ = kind_of_rpc_error(error)
    details = error.details() if callable(getattr(error, "details", None)) else str(error)
    return f"{kind.value}: {details}"


class RetryBudget:
    """How long one call (or one watch, between two deliveries) may keep
    failing over: at least one send to every address, then until
    ``retry_for`` seconds have passed (or ``max_attempts`` sends, if set),
    pausing longer after each full round of failed addresses."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport
        self.reset()

    def reset(self) -> None:
        self.failures = 0
        self.started = time.monotonic()

    def another(self) -> bool:
        """Counts a failed send; False when no more may follow, else True
        once it is time for the next one."""
        t = self._t
        self.failures += 1
        if t.max_attempts is not None and self.failures >= t.max_attempts:
            return False
        n = len(t.addresses)
        if self.failures >= n and time.monotonic() - self.started >= t.retry_for:
            return False
        if self.failures % n == 0:
            time.sleep(min(t.retry_backoff * 2 ** (self.failures // n - 1), 2.0))
        return True


def prepare_each(transport: Transport, requests: Iterable[M]) -> Iterator[M]:
    """The client-streaming form of :meth:`Transport.prepare`."""
    for request in requests:
        yield transport.prepare(request)
