"""Tests of the client's own rules against in-process fake servers: the token
in every request, which failures are sent again to the next address, error
typing, and watch resumption. (The live cluster tests are in test_live.py.)"""

from __future__ import annotations

import threading
import time
import unittest
from concurrent import futures
from typing import List, Optional, Tuple

import grpc

import roster_client
from roster.agent.v1 import local_pb2, local_pb2_grpc
from roster.kv.v1 import kv_pb2, kv_pb2_grpc
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
        if self.hang_put:
            time.sleep(2)  # the server goes away meanwhile
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
            time.sleep(0.02)


class FakeLocal(local_pb2_grpc.LocalStateServiceServicer):
    def __init__(self) -> None:
        self.metadata: List[dict] = []

    def ListServices(self, request, context):
        self.metadata.append(dict(context.invocation_metadata()))
        return local_pb2.ListServicesResponse(datacenter="dc1")


class Server:
    def __init__(self) -> None:
        self.kv = FakeKV()
        self.local = FakeLocal()
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
        kv_pb2_grpc.add_KVServiceServicer_to_server(self.kv, self.server)
        local_pb2_grpc.add_LocalStateServiceServicer_to_server(self.local, self.server)
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
        threading.Timer(0.5, lambda: self.a.server.stop(None)).start()
        with self.assertRaises(roster_client.OutcomeUnknownError) as caught:
            c.kv.put("k", b"x")
        self.assertEqual(len(self.a.kv.requests), 1, "the write reached the first server")
        self.assertEqual(self.b.kv.requests, [], "a write that may have applied must not be sent again")
        self.assertFalse(caught.exception.retryable)
        # A read cut off the same way is simply sent to the next server.
        self.assertEqual(c.kv.get("k").value, b"v")
        self.assertEqual(len(self.b.kv.requests), 1)

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

    def test_watch_cancel_and_timeout_end_iteration(self):
        self.a.kv.watch_indexes = [1]
        c = self.client(self.a.address)
        watch = c.kv.watch("k", timeout=1.0)
        self.assertEqual([r.query_meta.index for r in watch], [1])  # ends at the timeout
        watch = c.kv.watch("k")
        self.assertEqual(watch.next(timeout=5).query_meta.index, 1)
        self.assertIsNone(watch.next(timeout=0.2))
        threading.Timer(0.2, watch.cancel).start()
        self.assertEqual(list(watch), [])


if __name__ == "__main__":
    unittest.main()
