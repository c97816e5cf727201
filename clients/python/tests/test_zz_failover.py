"""Failover: kill the server a client is using and check that its reads,
writes, blocking reads and watches go on with the other two. Destructive
(the cluster is left with two servers), so test.sh runs it last, alone."""

from __future__ import annotations

import os
import signal
import threading
import time

import roster_client
from livecluster import LiveTestCase, pids, unique
from roster.kv.v1 import kv_pb2_grpc


def leader_address(addresses):
    """The gRPC address of the leader: the only server that serves a watch
    in the default consistency mode itself (followers redirect)."""
    for address in addresses:
        with roster_client.Client([address], max_attempts=1) as probe:
            try:
                with probe.kv.watch("failover-probe", timeout=5) as watch:
                    next(watch)
                return address
            except roster_client.NoLeaderError:
                continue
    raise AssertionError("no server serves watches as the leader")


class FailoverTest(LiveTestCase):
    def test_client_goes_on_after_its_server_is_killed(self):
        # The client starts on the leader, and its watch is served there:
        # killing it forces an election under every kind of call.
        victim = leader_address(self.addresses)
        others = [a for a in self.addresses if a != victim]
        c = self.client([victim] + others, timeout=30)
        writer = self.client(others, timeout=30)  # never uses the victim
        p = unique("failover") + "/"
        self.assertTrue(c.kv.put(p + "k", b"1"))
        self.assertEqual(c.current_address, victim)
        victim_pid = pids()[self.addresses.index(victim)]

        watch = c.kv.watch(p, prefix=True, timeout=60)
        first = watch.next(timeout=10)
        self.assertEqual([e.value for e in first.entries], [b"1"])

        # A blocking read in flight on the victim when it dies.
        index = c.kv.read(p + "k").query_meta.index
        blocked: dict = {}
        # Signals when the blocking read is handed to the victim's stub (sent).
        sent = threading.Event()
        transport = c._transport
        victim_index = transport.addresses.index(victim)
        real_stub = transport.stub

        class SpiedKV:
            def __init__(self, stub):
                self._stub = stub

            def __getattr__(self, name):
                return getattr(self._stub, name)

            def Get(self, request, **kw):
                if request.query_options.min_index == index:
                    sent.set()
                return self._stub.Get(request, **kw)

        def spied_stub(stub_class, i):
            stub = real_stub(stub_class, i)
            return SpiedKV(stub) if i == victim_index and stub_class is kv_pb2_grpc.KVServiceStub else stub

        transport.stub = spied_stub

        def block():
            try:
                blocked["response"] = c.kv.read(p + "k", index=index, wait=40)
            except Exception as e:  # reported below
                blocked["error"] = e

        reader = threading.Thread(target=block)
        reader.start()
        self.assertTrue(sent.wait(10), "the blocking read was never sent to the victim")
        transport.stub = real_stub

        os.kill(victim_pid, signal.SIGKILL)
        killed = time.monotonic()

        # Writes from another client go on (through an election if the
        # victim led), and the blocked read and the watch see them.
        self.assertTrue(writer.kv.put(p + "k", b"2"))
        write_resumed = time.monotonic() - killed
        reader.join(30)
        self.assertFalse(reader.is_alive(), "the blocking read never came back")
        self.assertNotIn("error", blocked, blocked.get("error"))
        self.assertEqual(blocked["response"].entry.value, b"2")

        second = watch.next(timeout=30)
        self.assertIsNotNone(second, "the watch did not resume after the failover")
        self.assertEqual([e.value for e in second.entries], [b"2"])
        self.assertGreater(second.query_meta.index, first.query_meta.index)

        # The client itself writes and reads through another server.
        self.assertTrue(c.kv.put(p + "k", b"3"))
        self.assertEqual(c.kv.get(p + "k").value, b"3")
        self.assertNotEqual(c.current_address, victim)
        third = watch.next(timeout=30)
        self.assertEqual([e.value for e in third.entries], [b"3"])
        watch.cancel()
        print(f"\nfailover: killed the leader {victim}; writes went on after {write_resumed:.1f} s, "
              f"the watch and the client after {time.monotonic() - killed:.1f} s", flush=True)
