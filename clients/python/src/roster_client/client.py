"""The Roster client: connections with failover, the token, and
convenience methods over the generated stubs.

    from roster_client import Client

    with Client(["127.0.0.1:8502", "10.0.0.2:8502"], token="...") as roster:
        roster.kv.put("app/config", b"v1")
        print(roster.kv.get("app/config").value)

Every generated service stays reachable through :meth:`Client.stub`, with the
same token handling and failover:

    from roster.catalog.v1 import catalog_pb2, catalog_pb2_grpc
    nodes = roster.stub(catalog_pb2_grpc.CatalogServiceStub).ListNodes(catalog_pb2.ListNodesRequest())
"""

from __future__ import annotations

import uuid
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import grpc
from google.protobuf.duration_pb2 import Duration
from google.protobuf.message import Message

from roster.agent.v1 import agent_pb2, agent_pb2_grpc, local_pb2, local_pb2_grpc
from roster.catalog.v1 import catalog_pb2
from roster.common.v1 import common_pb2
from roster.health.v1 import health_pb2, health_pb2_grpc
from roster.kv.v1 import kv_pb2, kv_pb2_grpc
from roster.session.v1 import session_pb2, session_pb2_grpc

from ._transport import Transport, is_agent_local, is_read, prepare_each, service_of
from .lock import Lock
from .watch import Watch

Seconds = Union[int, float]

_CONSISTENCY = {
    None: common_pb2.CONSISTENCY_UNSPECIFIED,
    "default": common_pb2.CONSISTENCY_UNSPECIFIED,
    "consistent": common_pb2.CONSISTENCY_CONSISTENT,
    "stale": common_pb2.CONSISTENCY_STALE,
}

_STATUS = {
    "passing": catalog_pb2.HEALTH_STATUS_PASSING,
    "warning": catalog_pb2.HEALTH_STATUS_WARNING,
    "critical": catalog_pb2.HEALTH_STATUS_CRITICAL,
}

# A blocking read may be held this long by the server (Consul's 5 min
# default, plus its 1/16 jitter); the call's own deadline must be longer.
_DEFAULT_WAIT = 300.0


def _duration(seconds: Seconds) -> Duration:
    d = Duration()
    d.FromNanoseconds(int(seconds * 1e9))
    return d


def _go_duration(value: Union[str, Seconds]) -> str:
    """A Go duration string ("15s") from seconds or a string."""
    if isinstance(value, str):
        return value
    return f"{value:g}s"


def query_options(
    index: int = 0, wait: Optional[Seconds] = None, consistency: Optional[str] = None
) -> common_pb2.QueryOptions:
    """QueryOptions for a read: blocking past ``index`` for up to ``wait``
    seconds, in a consistency mode (None, "consistent" or "stale")."""
    options = common_pb2.QueryOptions(min_index=index, consistency=_CONSISTENCY[consistency])
    if wait is not None:
        options.wait.CopyFrom(_duration(wait))
    return options


def _read_timeout(transport: Transport, index: int, wait: Optional[Seconds]) -> Optional[float]:
    if not index:
        return None  # the client's default
    held = _DEFAULT_WAIT if wait is None else float(wait)
    return held * 17 / 16 + 10.0


def _request_id(given: str) -> str:
    """The caller's request id, or a fresh one: every copy the client sends
    of one write carries the same id, so the servers apply it once."""
    return given or str(uuid.uuid4())


def _bytes(value: Union[bytes, str]) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value)


class _StubProxy:
    """A generated stub whose methods go through the client's failover and
    token handling. Unary calls take the request and optional ``timeout``,
    ``metadata`` and ``idempotent`` (override whether the call may be sent
    again after the connection broke; by default reads may, and the writes
    the servers deduplicate when their ``write_options.request_id`` is set,
    other writes not)."""

    def __init__(self, transport: Transport, stub_class: type) -> None:
        self._transport = transport
        self._stub_class = stub_class
        # Only to see each method's shape (channels connect lazily).
        self._shape = transport.stub(stub_class, 0)

    def __getattr__(self, method: str):
        callable_ = getattr(self._shape, method)
        transport, stub_class = self._transport, self._stub_class
        if isinstance(callable_, grpc.UnaryUnaryMultiCallable):

            def unary(request: Message, *, timeout=None, metadata=None, idempotent=None):
                return transport.unary(
                    stub_class, method, request, timeout=timeout, metadata=metadata, idempotent=idempotent
                )

            return unary
        if isinstance(callable_, grpc.UnaryStreamMultiCallable):

            def stream(request: Message, *, timeout=None, metadata=None):
                # Failover applies to opening the stream; a stream already
                # under way is not restarted (use Watch for that).
                def start(index: int):
                    call = getattr(transport.stub(stub_class, index), method)(
                        transport.prepare(request), timeout=timeout, metadata=transport.metadata(metadata)
                    )
                    # Wait for the first message or the stream's end, so that a
                    # refused connection shows here and can move on.
                    return _Primed(call)

                return transport.call_with_retries(
                    start,
                    read=is_read(method, request),
                    pinned=is_agent_local(service_of(stub_class), method, request),
                )

            return stream
        if isinstance(callable_, grpc.StreamUnaryMultiCallable):

            def upload(requests: Iterable[Message], *, timeout=None, metadata=None):
                # The request stream can be consumed once only: no retries.
                index = transport._pick()
                call = getattr(transport.stub(stub_class, index), method)
                try:
                    return call(prepare_each(transport, requests), timeout=timeout, metadata=transport.metadata(metadata))
                except grpc.RpcError as e:
                    raise transport._classify(e, index, read=False) from None

            return upload
        raise AttributeError(f"{stub_class.__name__}.{method} is not a supported RPC")

    def __dir__(self) -> List[str]:
        return [n for n in dir(self._shape) if not n.startswith("_")]


class _Primed:
    """A server stream whose first message was already received."""

    def __init__(self, call) -> None:
        self._call = call
        try:
            self._first: List[Any] = [next(call)]
        except StopIteration:
            self._first = []

    def __iter__(self) -> Iterator[Any]:
        yield from self._first
        self._first = []
        yield from self._call

    def cancel(self) -> None:
        self._call.cancel()


class KV:
    """The key/value store (``roster.kv.v1.KVService``)."""

    def __init__(self, client: "Client") -> None:
        self._t = client._transport

    def read(
        self, key: str, *, index: int = 0, wait: Optional[Seconds] = None, consistency: Optional[str] = None
    ) -> kv_pb2.GetResponse:
        """The full answer for one key (``entry`` unset when missing, and
        ``query_meta.index``). With ``index``, blocks until the key changes
        past it or ``wait`` seconds pass."""
        request = kv_pb2.GetRequest(key=key, query_options=query_options(index, wait, consistency))
        return self._t.unary(kv_pb2_grpc.KVServiceStub, "Get", request, timeout=_read_timeout(self._t, index, wait))

    def get(self, key: str, *, consistency: Optional[str] = None) -> Optional[kv_pb2.Entry]:
        """The entry for ``key``, or None."""
        response = self.read(key, consistency=consistency)
        return response.entry if response.HasField("entry") else None

    def list(
        self, prefix: str = "", *, index: int = 0, wait: Optional[Seconds] = None, consistency: Optional[str] = None
    ) -> List[kv_pb2.Entry]:
        """Every entry whose key starts with ``prefix``, in key order."""
        request = kv_pb2.ListRequest(prefix=prefix, query_options=query_options(index, wait, consistency))
        response = self._t.unary(
            kv_pb2_grpc.KVServiceStub, "List", request, timeout=_read_timeout(self._t, index, wait)
        )
        return list(response.entries)

    def keys(self, prefix: str = "", *, separator: str = "", consistency: Optional[str] = None) -> List[str]:
        """Key names under ``prefix``, rolled up at ``separator`` if given."""
        request = kv_pb2.ListKeysRequest(
            prefix=prefix, separator=separator, query_options=query_options(consistency=consistency)
        )
        return list(self._t.unary(kv_pb2_grpc.KVServiceStub, "ListKeys", request).keys)

    def put(
        self,
        key: str,
        value: Union[bytes, str] = b"",
        *,
        flags: int = 0,
        cas: Optional[int] = None,
        acquire: Optional[str] = None,
        release: Optional[str] = None,
        request_id: str = "",
    ) -> bool:
        """Writes ``key``. Returns False when a check-and-set (``cas``: the
        modify index expected, 0 for "only if new") did not match or a lock
        (``acquire``/``release`` with a session id) was not taken/released.

        Every copy the client sends of this write (after a broken
        connection) carries one ``request_id`` (a fresh one when not given),
        so it applies once. To resend it yourself after an
        :class:`OutcomeUnknownError`, pass your own id and reuse it."""
        return self._put(key, value, flags=flags, cas=cas, acquire=acquire, release=release, request_id=request_id).success

    def _put(
        self,
        key: str,
        value: Union[bytes, str] = b"",
        *,
        flags: int = 0,
        cas: Optional[int] = None,
        acquire: Optional[str] = None,
        release: Optional[str] = None,
        request_id: str = "",
    ) -> kv_pb2.PutResponse:
        request = kv_pb2.PutRequest(
            key=key,
            value=_bytes(value),
            flags=flags,
            acquire_session=acquire or "",
            release_session=release or "",
            write_options=common_pb2.WriteOptions(request_id=_request_id(request_id)),
        )
        if cas is not None:
            request.cas_index = cas
        return self._t.unary(kv_pb2_grpc.KVServiceStub, "Put", request)

    def delete(self, key: str, *, recurse: bool = False, cas: Optional[int] = None, request_id: str = "") -> bool:
        """Deletes ``key`` (every key under it with ``recurse``). False only
        when a ``cas`` did not match. ``request_id``: as for :meth:`put`."""
        request = kv_pb2.DeleteRequest(
            key=key, recurse=recurse, write_options=common_pb2.WriteOptions(request_id=_request_id(request_id))
        )
        if cas is not None:
            request.cas_index = cas
        return self._t.unary(kv_pb2_grpc.KVServiceStub, "Delete", request).success

    def watch(
        self,
        key: str,
        *,
        prefix: bool = False,
        index: int = 0,
        consistency: Optional[str] = None,
        timeout: Optional[Seconds] = None,
    ) -> Watch[kv_pb2.WatchResponse]:
        """Follows a key (or every key under a prefix): yields a
        ``WatchResponse`` (``entries``, ``query_meta.index``) for the current
        state and then for every change, resuming after a failover."""

        def request(min_index: int) -> kv_pb2.WatchRequest:
            return kv_pb2.WatchRequest(
                key=key, prefix=prefix, query_options=query_options(min_index, consistency=consistency)
            )

        return Watch(self._t, kv_pb2_grpc.KVServiceStub, "Watch", request, index=index, timeout=timeout)


class Agent:
    """The agent the client is talking to: its own services and checks
    (``LocalStateService``, answered by that agent itself, never forwarded)
    and its description (``AgentService``).

    These calls act on the agent at :attr:`Client.current_address`, so they
    are never sent again to another agent (a service registered there would
    be on another node): when that agent fails, the error is raised (and
    the client moves on to the next address for later calls)."""

    def __init__(self, client: "Client") -> None:
        self._t = client._transport

    def self(self) -> agent_pb2.GetSelfResponse:
        """The agent's configuration and member entry."""
        return self._t.unary(agent_pb2_grpc.AgentServiceStub, "GetSelf", agent_pb2.GetSelfRequest())

    def node_name(self) -> str:
        """The agent's node name."""
        return self.self().config.node_name

    def register_service(
        self,
        name: str,
        *,
        id: str = "",
        port: int = 0,
        address: str = "",
        tags: Sequence[str] = (),
        meta: Optional[Mapping[str, str]] = None,
        ttl: Optional[Union[str, Seconds]] = None,
        checks: Sequence[local_pb2.AgentCheck] = (),
    ) -> str:
        """Registers (or replaces) a service on this agent and returns its
        ID. ``ttl`` adds a TTL check (``service:<id>``, critical until
        reported with :meth:`update_check`); ``checks`` adds others."""
        service_id = id or name
        request = local_pb2.RegisterServiceRequest(
            service=catalog_pb2.Service(
                id=service_id, service=name, port=port, address=address, tags=list(tags), meta=dict(meta or {})
            ),
            checks=list(checks),
        )
        if ttl is not None:
            request.checks.append(
                local_pb2.AgentCheck(
                    check_id=f"service:{service_id}",
                    name=f"Service '{name}' check",
                    service_id=service_id,
                    definition=catalog_pb2.CheckDefinition(ttl=_go_duration(ttl)),
                )
            )
        self._t.unary(local_pb2_grpc.LocalStateServiceStub, "RegisterService", request)
        return service_id

    def deregister_service(self, service_id: str) -> None:
        """Removes a service and its checks (NotFoundError if unknown)."""
        request = local_pb2.DeregisterServiceRequest(service_id=service_id)
        self._t.unary(local_pb2_grpc.LocalStateServiceStub, "DeregisterService", request)

    def services(self) -> List[catalog_pb2.Service]:
        """This agent's services."""
        request = local_pb2.ListServicesRequest()
        return list(self._t.unary(local_pb2_grpc.LocalStateServiceStub, "ListServices", request).services)

    def update_check(self, check_id: str, status: str, output: str = "") -> None:
        """Reports a TTL check: ``status`` is "passing", "warning" or
        "critical"."""
        request = local_pb2.UpdateCheckRequest(check_id=check_id, status=_STATUS[status], output=output)
        self._t.unary(local_pb2_grpc.LocalStateServiceStub, "UpdateCheck", request)


class Health:
    """Health of the catalog's services (``HealthService``)."""

    def __init__(self, client: "Client") -> None:
        self._t = client._transport

    @staticmethod
    def _query(service: str, passing_only: bool, tags: Sequence[str]) -> health_pb2.ServiceHealthQuery:
        return health_pb2.ServiceHealthQuery(service=service, passing_only=passing_only, tags=list(tags))

    def read_service(
        self,
        service: str,
        *,
        passing_only: bool = False,
        tags: Sequence[str] = (),
        index: int = 0,
        wait: Optional[Seconds] = None,
        consistency: Optional[str] = None,
    ) -> health_pb2.ListServiceHealthResponse:
        """The full answer (instances and ``query_meta``); blocking with
        ``index``."""
        request = health_pb2.ListServiceHealthRequest(
            query=self._query(service, passing_only, tags), query_options=query_options(index, wait, consistency)
        )
        return self._t.unary(
            health_pb2_grpc.HealthServiceStub, "ListServiceHealth", request, timeout=_read_timeout(self._t, index, wait)
        )

    def service(
        self, service: str, *, passing_only: bool = False, tags: Sequence[str] = ()
    ) -> List[health_pb2.ServiceHealth]:
        """The instances of ``service``, each with its node and checks."""
        return list(self.read_service(service, passing_only=passing_only, tags=tags).instances)

    def watch_service(
        self,
        service: str,
        *,
        passing_only: bool = False,
        tags: Sequence[str] = (),
        index: int = 0,
        timeout: Optional[Seconds] = None,
    ) -> Watch[health_pb2.WatchServiceHealthResponse]:
        """Follows the instances of ``service``: yields their state now and
        after every change, resuming after a failover."""

        def request(min_index: int) -> health_pb2.WatchServiceHealthRequest:
            return health_pb2.WatchServiceHealthRequest(
                query=self._query(service, passing_only, tags), query_options=query_options(min_index)
            )

        return Watch(
            self._t, health_pb2_grpc.HealthServiceStub, "WatchServiceHealth", request, index=index, timeout=timeout
        )


class Sessions:
    """Sessions (``SessionService``): the leases locks are held by."""

    def __init__(self, client: "Client") -> None:
        self._client = client
        self._t = client._transport

    def create(
        self,
        *,
        name: str = "",
        ttl: Optional[Union[str, Seconds]] = None,
        lock_delay: Optional[Seconds] = None,
        behavior: str = "release",
        node: Optional[str] = None,
        node_checks: Optional[Sequence[str]] = None,
        request_id: str = "",
    ) -> str:
        """Creates a session and returns its ID. ``node`` defaults to the
        current agent's; ``node_checks`` None means Consul's default
        (``serfHealth``), an empty list none; ``lock_delay`` in seconds
        (server default 15 s); ``behavior`` "release" or "delete";
        ``request_id``: as for :meth:`KV.put` (the session's ID is derived
        from it, so a resend creates no second session)."""
        session = session_pb2.Session(
            name=name,
            node=node or self._client.agent.node_name(),
            ttl=_go_duration(ttl) if ttl is not None else "",
            behavior={"release": session_pb2.BEHAVIOR_RELEASE, "delete": session_pb2.BEHAVIOR_DELETE}[behavior],
            node_checks=list(node_checks or ()),
        )
        if lock_delay is not None:
            session.lock_delay_ns = int(lock_delay * 1e9)
        request = session_pb2.CreateRequest(
            session=session,
            node_checks_set=node_checks is not None,
            write_options=common_pb2.WriteOptions(request_id=_request_id(request_id)),
        )
        return self._t.unary(session_pb2_grpc.SessionServiceStub, "Create", request).id

    def destroy(self, session_id: str, *, request_id: str = "") -> None:
        """Invalidates a session (releasing or deleting its keys).
        ``request_id``: as for :meth:`KV.put`."""
        request = session_pb2.DestroyRequest(
            id=session_id, write_options=common_pb2.WriteOptions(request_id=_request_id(request_id))
        )
        self._t.unary(session_pb2_grpc.SessionServiceStub, "Destroy", request)

    def renew(self, session_id: str, *, timeout: Optional[float] = None) -> session_pb2.Session:
        """Restarts the session's TTL; NotFoundError once it is gone.
        ``timeout``: the deadline of each send (default: the client's)."""
        request = session_pb2.RenewRequest(id=session_id)
        return self._t.unary(session_pb2_grpc.SessionServiceStub, "Renew", request, timeout=timeout).session

    def info(self, session_id: str) -> Optional[session_pb2.Session]:
        """The session, or None."""
        request = session_pb2.InfoRequest(id=session_id, query_options=query_options())
        response = self._t.unary(session_pb2_grpc.SessionServiceStub, "Info", request)
        return response.session if response.HasField("session") else None

    def list(self) -> List[session_pb2.Session]:
        """Every session."""
        request = session_pb2.ListRequest(query_options=query_options())
        return list(self._t.unary(session_pb2_grpc.SessionServiceStub, "List", request).sessions)


class Client:
    """A connection to Roster agents.

    Args:
        addresses: ``host:port`` gRPC addresses of agents (a list, or a
            comma-separated string); calls go to one at a time and move on
            when it fails (see :mod:`roster_client._transport` for the rules).
        token: ACL token put into every request (its query or write options,
            and the ``x-consul-token`` metadata).
        datacenter: put into every request's options when set.
        credentials: ``grpc.ssl_channel_credentials(...)`` for TLS; plaintext
            when None.
        timeout: default deadline of a call, in seconds (blocking reads get
            their wait plus a margin).
        retry_for: how long, in seconds, a call that fails in a retryable way
            keeps moving on to the next address (each is tried at least
            once); long enough by default to ride out a leader election.
        max_attempts: sends of one call at most (default: no limit but
            ``retry_for``).
        retry_backoff: first pause, in seconds, after a whole round of
            failed addresses (doubling up to 2 s).
    """

    def __init__(
        self,
        addresses: Union[str, Sequence[str]],
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
        self._transport = Transport(
            addresses,
            token=token,
            datacenter=datacenter,
            credentials=credentials,
            timeout=timeout,
            retry_for=retry_for,
            max_attempts=max_attempts,
            retry_backoff=retry_backoff,
            channel_options=channel_options,
        )
        self.kv = KV(self)
        self.agent = Agent(self)
        self.health = Health(self)
        self.sessions = Sessions(self)
        self._proxies: Dict[type, _StubProxy] = {}

    @property
    def token(self) -> str:
        """The ACL token sent with every request (settable)."""
        return self._transport.token

    @token.setter
    def token(self, value: str) -> None:
        self._transport.token = value

    @property
    def addresses(self) -> List[str]:
        return list(self._transport.addresses)

    @property
    def current_address(self) -> str:
        """The agent calls go to now."""
        return self._transport.current_address

    def stub(self, stub_class: type) -> Any:
        """Any generated ``*Stub`` class, wrapped: its methods add the token
        and fail over like the convenience methods."""
        proxy = self._proxies.get(stub_class)
        if proxy is None:
            proxy = self._proxies[stub_class] = _StubProxy(self._transport, stub_class)
        return proxy

    def channel(self) -> grpc.Channel:
        """The raw channel to the current agent, for direct use of a stub
        (no failover nor token then)."""
        return self._transport.channel(self._transport._pick())

    def lock(self, key: str, **options: Any) -> "Lock":
        """A :class:`~roster_client.lock.Lock` on ``key`` (options: see
        that class)."""
        return Lock(self, key, **options)

    def close(self) -> None:
        """Closes every connection."""
        self._transport.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

