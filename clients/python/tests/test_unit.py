"""Tests of the client's own rules against in-process fake servers: the token
in every request, which failures are sent again to the next address, error
typing, watch resumption, and the lock against a small stateful KV/session
store. (The live cluster tests are in test_live.py.)"""

from __future__ import annotations

import threading
import time
import unittest
import uuid
from concurrent import futures
from typing import List, Optional, Tuple

import grpc

import roster_client
from roster.agent.v1 import agent_pb2, agent_pb2_grpc, local_pb2, local_pb2_grpc
from roster.kv.v1 import kv_pb2, kv_pb2_grpc
from roster.session.v1 import session_pb2, session_pb2_grpc
from roster_client import errors


class FakeKV(kv_pb2_grpc.KVServiceServicer):
    """A KVService that records what it receives and fails as told."""

    def __init__(self) -> None:
        self.requests: List[Tuple[str, object, dict]] = []
        # (code, kind or None, message) to fail every call with, or None.
        self.fail: Optional[Tuple[grpc.StatusCode, Optional[str], str]] = None
        # Watch: the indexes to send before failing with `fail`.
        self.watch_indexes: List[int] = []
        self.hang_put = False
        # Set when a Put reached the server (with hang_put: it is hanging).
        self.put_received = threading.Event()
        self.lock = threading.Lock()

    def _record(self, name, request, context):
        with self.lock:
            self.requests.append((name, request, dict(context.invocation_metadata())))
        if self.fail is not None:
            code, kind, message = self.fail
            if kind:
                context.set_trailing_metadata(((errors.ERROR_KIND_METADATA, kind),))
            context.abort(code, message)

    def Get(self, request, context):
        self._record("Get", request, context)
        return kv_pb2.GetResponse(entry=kv_pb2.Entry(key=request.key, value=b"v"))

    def Put(self, request, context):
        self._record("Put", request, context)
        self.put_received.set()
        if self.hang_put:
            # Deliberately slow (the behaviour under test): the server is
            # stopped meanwhile, or the client's deadline passes first.
            time.sleep(2)
        return kv_pb2.PutResponse(index=7, success=True)

    def Watch(self, request, context):
        with self.lock:
            self.requests.append(("Watch", request, dict(context.invocation_metadata())))
        for index in self.watch_indexes:
            if index > request.query_options.min_index:
                response = kv_pb2.WatchResponse(entries=[kv_pb2.Entry(key=request.key)])
                response.query_meta.index = index
                yield response
        if self.fail is not None:
            code, kind, message = self.fail
            if kind:
                context.set_trailing_metadata(((errors.ERROR_KIND_METADATA, kind),))
            context.abort(code, message)
        # Then stay open, as a live watch does, until the client goes.
        deadline = time.monotonic() + 30
        while context.is_active() and time.monotonic() < deadline:
            time.sleep(0.02)  # paces this poll of is_active (no event for it)


def abort(context, code: grpc.StatusCode, kind: Optional[str], message: str):
    if kind:
        context.set_trailing_metadata(((errors.ERROR_KIND_METADATA, kind),))
    context.abort(code, message)


class FakeLocal(local_pb2_grpc.LocalStateServiceServicer):
    def __init__(self) -> None:
        self.metadata: List[dict] = []
        self.registered: List[str] = []
        self.fail: Optional[Tuple[grpc.StatusCode, Optional[str], str]] = None

    def ListServices(self, request, context):
        self.metadata.append(dict(context.invocation_metadata()))
        return local_pb2.ListServicesResponse(datacenter="dc1")

    def RegisterService(self, request, context):
        self.registered.append(request.service.id)
        if self.fail is not None:
            abort(context, *self.fail)
        return local_pb2.RegisterServiceResponse()


class StatefulKV(kv_pb2_grpc.KVServiceServicer):
    """A KV store with Consul's lock rules, enough to drive Lock: one index
    for the whole store, blocking Get, a Watch that sends every new state,
    acquire/release with sessions (shared with FakeSessions)."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.index = 1
        self.entries: dict = {}
        self.sessions: set = set()
        # Acquires to refuse although nobody holds the key (its lock-delay).
        self.refuse_acquires = 0

    def bump(self) -> int:
        """A change was made (call with cond held)."""
        self.index += 1
        self.cond.notify_all()
        return self.index

    def Get(self, request, context):
        q = request.query_options
        wait = q.wait.ToTimedelta().total_seconds() if q.HasField("wait") else 300.0
        end = time.monotonic() + wait
        with self.cond:
            while q.min_index and self.index <= q.min_index and context.is_active():
                left = end - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(min(left, 0.1))
            response = kv_pb2.GetResponse()
            response.query_meta.index = self.index
            if request.key in self.entries:
                response.entry.CopyFrom(self.entries[request.key])
            return response

    def Put(self, request, context):
        with self.cond:
            entry = self.entries.get(request.key)
            if request.acquire_session:
                if request.acquire_session not in self.sessions:
                    abort(context, grpc.StatusCode.FAILED_PRECONDITION, "refused", "invalid session")
                if entry is not None and entry.session:
                    return kv_pb2.PutResponse(index=self.index, success=entry.session == request.acquire_session)
                if self.refuse_acquires > 0:
                    self.refuse_acquires -= 1
                    return kv_pb2.PutResponse(index=self.index, success=False)
                entry = kv_pb2.Entry(
                    key=request.key,
                    value=request.value,
                    session=request.acquire_session,
                    lock_index=(entry.lock_index if entry is not None else 0) + 1,
                )
            elif request.release_session:
                if entry is None or entry.session != request.release_session:
                    return kv_pb2.PutResponse(index=self.index, success=False)
                entry = kv_pb2.Entry(key=request.key, value=request.value, lock_index=entry.lock_index)
            else:
                session = entry.session if entry is not None else ""
                entry = kv_pb2.Entry(key=request.key, value=request.value, session=session)
            entry.modify_index = self.bump()
            self.entries[request.key] = entry
            return kv_pb2.PutResponse(index=entry.modify_index, success=True)

    def Delete(self, request, context):
        with self.cond:
            self.entries.pop(request.key, None)
            return kv_pb2.DeleteResponse(index=self.bump(), success=True)

    def Watch(self, request, context):
        last = request.query_options.min_index
        while context.is_active():
            with self.cond:
                if self.index <= last:
                    self.cond.wait(0.05)
                    continue
                last = self.index
                response = kv_pb2.WatchResponse()
                response.query_meta.index = self.index
                if request.key in self.entries:
                    response.entries.append(self.entries[request.key])
            yield response

    def take_over(self, key: str, session: str) -> None:
        """Another session holds the key now (ours was released by someone
        else, say with our session id, and another took it)."""
        with self.cond:
            self.entries[key].session = session
            self.entries[key].modify_index = self.bump()


class FakeSessions(session_pb2_grpc.SessionServiceServicer):
    def __init__(self, kv: StatefulKV) -> None:
        self.kv = kv
        self.creates: List[session_pb2.CreateRequest] = []
        self.destroyed: List[str] = []

    def Create(self, request, context):
        session = str(uuid.uuid4())
        with self.kv.cond:
            self.creates.append(request)
            self.kv.sessions.add(session)
            return session_pb2.CreateResponse(index=self.kv.bump(), id=session)

    def Renew(self, request, context):
        with self.kv.cond:
            if request.id not in self.kv.sessions:
                abort(context, grpc.StatusCode.NOT_FOUND, "not_found", "session not found")
            return session_pb2.RenewResponse(session=session_pb2.Session(id=request.id))

    def Destroy(self, request, context):
        with self.kv.cond:
            self.destroyed.append(request.id)
            self.kv.sessions.discard(request.id)
            for entry in self.kv.entries.values():
                if entry.session == request.id:
                    entry.session = ""
            return session_pb2.DestroyResponse(index=self.kv.bump())


class FakeAgent(agent_pb2_grpc.AgentServiceServicer):
    def GetSelf(self, request, context):
        response = agent_pb2.GetSelfResponse()
        response.config.node_name = "node1"
        return response


class Server:
    def __init__(self, kv=None) -> None:
        self.kv = kv or FakeKV()
        self.local = FakeLocal()
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
        kv_pb2_grpc.add_KVServiceServicer_to_server(self.kv, self.server)
        local_pb2_grpc.add_LocalStateServiceServicer_to_server(self.local, self.server)
        agent_pb2_grpc.add_AgentServiceServicer_to_server(FakeAgent(), self.server)
        if isinstance(self.kv, StatefulKV):
            self.sessions = FakeSessions(self.kv)
            session_pb2_grpc.add_SessionServiceServicer_to_server(self.sessions, self.server)
        port = self.server.add_insecure_port("127.0.0.1:0")
        self.address = f"127.0.0.1:{port}"
        self.server.start()

    def stop(self) -> None:
        self.server.stop(None)


def dead_address() -> str:
    """An address nothing listens on."""
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"127.0.0.1:{port}"


class UnitTest(unittest.TestCase):
    def setUp(self) -> None:
        self.a, self.b = Server(), Server()
        self.clients: List[roster_client.Client] = []

    def tearDown(self) -> None:
        for c in self.clients:
            c.close()
        self.a.stop()
        self.b.stop()

    def client(self, *addresses: str, **kw) -> roster_client.Client:
        c = roster_client.Client(list(addresses), timeout=5, retry_backoff=0.05, **kw)
        self.clients.append(c)
        return c

    @staticmethod
    def stop_when_put_arrives(server: "Server") -> None:
        """Stops ``server`` as soon as a Put has reached it (and hangs
        there, with hang_put): the write is cut off after it was sent."""

        def stop() -> None:
            if server.kv.put_received.wait(10):
                server.server.stop(None)

        threading.Thread(target=stop, daemon=True).start()

    def test_token_reaches_read_and_write_options_and_metadata(self):
        c = self.client(self.a.address, token="s3cret", datacenter="dc9")
        c.kv.get("k")
        c.kv.put("k", b"x")
        (_, get, get_md), (_, put, put_md) = self.a.kv.requests
        self.assertEqual(get.query_options.token, "s3cret")
        self.assertEqual(get.query_options.datacenter, "dc9")
        self.assertEqual(put.write_options.token, "s3cret")
        self.assertEqual(put.write_options.datacenter, "dc9")
        self.assertEqual(get_md.get("x-consul-token"), "s3cret")
        self.assertEqual(put_md.get("x-consul-token"), "s3cret")
        # Requests without options (agent-local RPCs) carry it as metadata.
        c.agent.services()
        self.assertEqual(self.a.local.metadata[0].get("x-consul-token"), "s3cret")

    def test_token_set_later_and_explicit_request_token_wins(self):
        c = self.client(self.a.address)
        c.kv.get("k")
        c.token = "later"
        stub = c.stub(kv_pb2_grpc.KVServiceStub)
        request = kv_pb2.GetRequest(key="k")
        request.query_options.token = "mine"
        stub.Get(request)
        stub.Get(kv_pb2.GetRequest(key="k"))
        tokens = [r.query_options.token for _, r, _ in self.a.kv.requests]
        self.assertEqual(tokens, ["", "mine", "later"])
        self.assertNotIn("x-consul-token", self.a.kv.requests[0][2])
        self.assertEqual(request.query_options.token, "mine", "the caller's request is not modified")

    def test_dead_first_address_is_skipped(self):
        c = self.client(dead_address(), self.a.address)
        self.assertTrue(c.kv.put("k", b"x"))
        self.assertEqual(c.current_address, self.a.address)
        self.assertEqual(len(self.a.kv.requests), 1)

    def test_no_leader_write_moves_to_next_address(self):
        self.a.kv.fail = (grpc.StatusCode.UNAVAILABLE, "no_leader", "No cluster leader")
        c = self.client(self.a.address, self.b.address)
        self.assertTrue(c.kv.put("k", b"x"))
        self.assertEqual(len(self.a.kv.requests), 1)
        self.assertEqual(len(self.b.kv.requests), 1)

    def test_outcome_unknown_write_is_not_retried(self):
        self.a.kv.fail = (grpc.StatusCode.UNKNOWN, "outcome_unknown", "leadership lost")
        c = self.client(self.a.address, self.b.address)
        with self.assertRaises(roster_client.OutcomeUnknownError) as caught:
            c.kv.put("k", b"x")
        self.assertEqual(caught.exception.kind, roster_client.ErrorKind.OUTCOME_UNKNOWN)
        self.assertEqual(caught.exception.code, grpc.StatusCode.UNKNOWN)
        self.assertFalse(caught.exception.retryable)
        self.assertEqual(self.b.kv.requests, [], "an unknown outcome must not be sent again")

    def test_write_cut_off_after_sending_is_outcome_unknown(self):
        self.a.kv.hang_put = True
        c = self.client(self.a.address, self.b.address)
        self.stop_when_put_arrives(self.a)
        with self.assertRaises(roster_client.OutcomeUnknownError) as caught:
            # No request id: the servers could not tell a second copy apart.
            c.stub(kv_pb2_grpc.KVServiceStub).Put(kv_pb2.PutRequest(key="k", value=b"x"))
        self.assertEqual(len(self.a.kv.requests), 1, "the write reached the first server")
        self.assertEqual(self.b.kv.requests, [], "a write that may have applied must not be sent again")
        self.assertFalse(caught.exception.retryable)
        # A read cut off the same way is simply sent to the next server.
        self.assertEqual(c.kv.get("k").value, b"v")
        self.assertEqual(len(self.b.kv.requests), 1)

    def test_write_with_request_id_is_resent_with_the_same_id(self):
        self.a.kv.hang_put = True
        c = self.client(self.a.address, self.b.address)
        self.stop_when_put_arrives(self.a)
        self.assertTrue(c.kv.put("k", b"x"), "the copy sent to the second server answers")
        (_, first, _), = self.a.kv.requests
        (_, second, _), = self.b.kv.requests
        self.assertTrue(first.write_options.request_id, "KV put carries a request id")
        self.assertEqual(first.write_options.request_id, second.write_options.request_id)
        # Each logical write has its own id.
        c.kv.put("k", b"y")
        self.assertNotEqual(self.b.kv.requests[1][1].write_options.request_id, first.write_options.request_id)

    def test_write_failing_after_a_copy_may_have_applied_is_outcome_unknown(self):
        # The first copy is cut off after it was sent (it may have applied);
        # every later copy is answered no_leader, which alone would say
        # "nothing was done, send it again" and lead the caller to resend it
        # with a new id.
        self.a.kv.hang_put = True
        self.b.kv.fail = (grpc.StatusCode.UNAVAILABLE, "no_leader", "No cluster leader")
        c = self.client(self.a.address, self.b.address, max_attempts=4)
        self.stop_when_put_arrives(self.a)
        with self.assertRaises(roster_client.OutcomeUnknownError) as caught:
            c.kv.put("k", b"x")
        self.assertFalse(caught.exception.retryable)
        self.assertGreaterEqual(len(self.b.kv.requests), 1, "the write was sent again (it has a request id)")

    def test_write_past_its_deadline_is_outcome_unknown(self):
        self.a.kv.hang_put = True
        c = roster_client.Client([self.a.address], timeout=0.5)
        self.clients.append(c)
        with self.assertRaises(roster_client.OutcomeUnknownError) as caught:
            c.kv.put("k", b"x")
        self.assertEqual(caught.exception.code, grpc.StatusCode.DEADLINE_EXCEEDED)
        # A read past its deadline is just that.
        self.a.kv.fail = (grpc.StatusCode.DEADLINE_EXCEEDED, None, "too slow")
        with self.assertRaises(roster_client.DeadlineExceededError):
            c.kv.get("k")

    def test_agent_local_write_is_not_sent_to_another_agent(self):
        self.a.local.fail = (grpc.StatusCode.UNAVAILABLE, "unavailable", "shutting down")
        c = self.client(self.a.address, self.b.address)
        with self.assertRaises(roster_client.UnavailableError):
            c.agent.register_service("web", port=80)
        self.assertEqual(self.a.local.registered, ["web"])
        self.assertEqual(self.b.local.registered, [], "registered on another agent's node")
        # Not even when the agent cannot be reached: the caller decides.
        c = self.client(dead_address(), self.a.address)
        with self.assertRaises(roster_client.UnavailableError):
            c.agent.register_service("api", port=81)
        self.assertEqual(self.a.local.registered, ["web"])
        # Later calls (agent-local ones too) go to the next agent.
        self.assertEqual(c.current_address, self.a.address)

    def test_refusal_is_typed_and_not_retried(self):
        self.a.kv.fail = (grpc.StatusCode.FAILED_PRECONDITION, "refused", 'invalid session "x"')
        c = self.client(self.a.address, self.b.address)
        with self.assertRaises(roster_client.RefusedError) as caught:
            c.kv.get("k")
        e = caught.exception
        self.assertEqual((e.kind, e.code, e.message, e.retryable), (
            roster_client.ErrorKind.REFUSED, grpc.StatusCode.FAILED_PRECONDITION, 'invalid session "x"', False))
        self.assertEqual(self.b.kv.requests, [])

    def test_kind_comes_from_trailer_else_from_code(self):
        self.a.kv.fail = (grpc.StatusCode.INVALID_ARGUMENT, "too_large", "value over 512 KiB")
        c = self.client(self.a.address)
        with self.assertRaises(roster_client.TooLargeError):
            c.kv.get("k")
        self.a.kv.fail = (grpc.StatusCode.ABORTED, None, "bare code")
        with self.assertRaises(roster_client.ConflictError):
            c.kv.get("k")
        self.a.kv.fail = (grpc.StatusCode.PERMISSION_DENIED, "acl_not_found", "ACL not found")
        with self.assertRaises(roster_client.AclNotFoundError) as caught:
            c.kv.get("k")
        self.assertIsInstance(caught.exception, roster_client.PermissionDeniedError)

    def test_every_kind_has_a_class_and_code(self):
        for kind in roster_client.ErrorKind:
            cls = errors.error_class(kind)
            e = cls("m")
            self.assertIs(e.kind, kind)
            # A bare code maps back to a kind with the same code (status.rs).
            self.assertEqual(errors._default_code(roster_client.ErrorKind.from_grpc_code(e.code)), e.code)
        self.assertEqual({k for k in roster_client.ErrorKind if k.retryable},
                         {roster_client.ErrorKind.NO_LEADER, roster_client.ErrorKind.UNAVAILABLE})

    def test_read_survives_server_unavailable_everywhere_then_gives_up(self):
        for s in (self.a, self.b):
            s.kv.fail = (grpc.StatusCode.UNAVAILABLE, "unavailable", "shutting down")
        c = self.client(self.a.address, self.b.address, max_attempts=4)
        with self.assertRaises(roster_client.UnavailableError) as caught:
            c.kv.get("k")
        self.assertTrue(caught.exception.retryable)
        self.assertEqual(len(self.a.kv.requests) + len(self.b.kv.requests), 4)

    def test_watch_resumes_on_next_address_from_last_index(self):
        self.a.kv.watch_indexes = [3, 5]
        self.a.kv.fail = (grpc.StatusCode.UNAVAILABLE, "unavailable", "shutting down")
        self.b.kv.watch_indexes = [5, 9]
        c = self.client(self.a.address, self.b.address)
        with c.kv.watch("k", timeout=10) as watch:
            seen = [next(watch).query_meta.index for _ in range(3)]
        self.assertEqual(seen, [3, 5, 9])
        (_, resumed, _), = self.b.kv.requests
        self.assertEqual(resumed.query_options.min_index, 5)

    def test_watch_resumes_from_zero_after_the_index_went_back(self):
        # A snapshot restore takes the servers' index from 10 back to 4.
        self.a.kv.watch_indexes = [10, 4]
        self.a.kv.fail = (grpc.StatusCode.UNAVAILABLE, "unavailable", "shutting down")
        self.b.kv.watch_indexes = [4, 6]
        c = self.client(self.a.address, self.b.address)
        with c.kv.watch("k", timeout=10) as watch:
            seen = [watch.next(timeout=5) for _ in range(4)]
        self.assertNotIn(None, seen, "the resumed watch missed the changes after the restore")
        self.assertEqual([r.query_meta.index for r in seen], [10, 4, 4, 6])
        (_, resumed, _), = self.b.kv.requests
        self.assertEqual(resumed.query_options.min_index, 0)

    def test_watch_cancel_and_timeout_end_iteration(self):
        self.a.kv.watch_indexes = [1]
        c = self.client(self.a.address)
        watch = c.kv.watch("k", timeout=1.0)
        self.assertEqual([r.query_meta.index for r in watch], [1])  # ends at the timeout
        watch = c.kv.watch("k")
        self.assertEqual(watch.next(timeout=5).query_meta.index, 1)
        self.assertIsNone(watch.next(timeout=0.2))
        # Cancelled from another thread while the iteration below blocks
        # (the delay only lets it block first; the iteration ends either way).
        threading.Timer(0.2, watch.cancel).start()
        self.assertEqual(list(watch), [])


class LockUnitTest(unittest.TestCase):
    """Lock against StatefulKV (KV, sessions and the agent on one server)."""

    def setUp(self) -> None:
        self.server = Server(StatefulKV())
        self.store: StatefulKV = self.server.kv
        self.client = roster_client.Client([self.server.address], timeout=5)

    def tearDown(self) -> None:
        self.client.close()
        self.server.stop()

    def held_lock(self, **options) -> Tuple[roster_client.Lock, threading.Event]:
        lost = threading.Event()
        lock = self.client.lock("svc/leader", ttl=10, on_lost=lambda _: lost.set(), **options)
        self.assertTrue(lock.acquire(timeout=5))
        self.assertTrue(lock.held)
        return lock, lost

    def test_lock_is_lost_when_its_key_is_deleted(self):
        lock, lost = self.held_lock()
        session = lock.session_id
        self.client.kv.delete("svc/leader")
        self.assertTrue(lost.wait(5), "the lock did not notice its key was deleted")
        self.assertFalse(lock.held)
        self.assertTrue(lock.lost.is_set())
        self.assertIn(session, self.server.sessions.destroyed, "the lost lock's session should be destroyed")
        lock.release()  # harmless once lost

    def test_lock_is_lost_when_another_session_holds_its_key(self):
        lock, lost = self.held_lock()
        self.store.take_over("svc/leader", "someone-else")
        self.assertTrue(lost.wait(5), "the lock did not notice another session took its key")
        self.assertFalse(lock.held)
        self.assertEqual(self.client.kv.get("svc/leader").session, "someone-else", "the new holder keeps it")

    def wait_for_lock_threads(self, key: str) -> None:
        """Waits until the lock's renewing and watching threads have ended
        (after a release): nothing can report the lock lost any more."""
        names = {f"roster-lock-watch {key}", f"roster-lock-renew {key}"}
        for thread in threading.enumerate():
            if thread.name in names:
                thread.join(5)
                self.assertFalse(thread.is_alive(), f"{thread.name} still runs after the release")

    def wait_for_watch_index(self, watch, index: int) -> None:
        """Waits until ``watch`` has delivered a state at ``index`` or later."""
        deadline = time.monotonic() + 5
        while watch.index < index:
            if time.monotonic() > deadline:
                self.fail(f"the lock's watch never reached index {index} (at {watch.index})")
            time.sleep(0.01)  # paces the poll

    def test_release_is_not_reported_as_lost_and_can_be_taken_again(self):
        lock, lost = self.held_lock()
        lock.release()
        self.wait_for_lock_threads("svc/leader")
        self.assertFalse(lost.is_set())
        self.assertFalse(lock.held)
        self.assertEqual(self.client.kv.get("svc/leader").session, "")
        # Keeps the watch the lock opens on its key when taken.
        watches = []
        watch_key = self.client.kv.watch
        self.client.kv.watch = lambda *a, **kw: watches.append(watch_key(*a, **kw)) or watches[-1]
        self.assertTrue(lock.acquire(timeout=5))
        self.client.kv.put("svc/leader", b"new value")  # the same holder: still held
        changed = self.store.index
        # The lock's watch has handled the change once it has moved past
        # it: another key's change (the fake watch sends every index).
        watch, = watches
        self.wait_for_watch_index(watch, changed)
        self.client.kv.put("svc/other", b"x")
        self.wait_for_watch_index(watch, self.store.index)
        self.assertTrue(lock.held)
        lock.release()
        self.assertFalse(lost.is_set())

    def test_lock_delay_refusals_are_retried_promptly(self):
        # The key has no holder but refuses acquires for a while (its
        # lock-delay after a holder's session was invalidated); nothing
        # changes the key meanwhile, so a blocking read would wait it out.
        self.store.refuse_acquires = 3
        lock = self.client.lock("svc/leader", ttl=10, retry_interval=0.1)
        started = time.monotonic()
        self.assertTrue(lock.acquire(timeout=8), "never took the lock after its lock-delay")
        self.assertLess(time.monotonic() - started, 3)
        lock.release()

    def test_lock_session_is_created_with_a_request_id(self):
        lock, _ = self.held_lock()
        create, = self.server.sessions.creates
        self.assertTrue(create.write_options.request_id)
        lock.release()


if __name__ == "__main__":
    unittest.main()
