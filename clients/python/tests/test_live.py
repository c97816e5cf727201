"""Tests against the live 3-server cluster (clients/testcluster.sh). The
failover test that kills a server is in test_zz_failover.py, run last."""

from __future__ import annotations

import threading
import time
import unittest

import grpc

import roster_client
from livecluster import LiveTestCase, dead_address, unique
from roster.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from roster.status.v1 import status_pb2, status_pb2_grpc


class KVTest(LiveTestCase):
    def test_round_trip(self):
        c = self.client(token="any-token")  # ACLs are off: accepted, ignored
        p = unique("kv") + "/"
        self.assertIsNone(c.kv.get(p + "a"))
        self.assertTrue(c.kv.put(p + "a", b"\x00one", flags=42))
        self.assertTrue(c.kv.put(p + "b/c", "two"))
        e = c.kv.get(p + "a")
        self.assertEqual((e.key, e.value, e.flags), (p + "a", b"\x00one", 42))
        self.assertGreater(e.modify_index, 0)
        self.assertEqual([x.key for x in c.kv.list(p)], [p + "a", p + "b/c"])
        self.assertEqual(c.kv.keys(p, separator="/"), [p + "a", p + "b/"])
        # Another client, through another server, reads the same.
        other = self.client(self.addresses[::-1])
        self.assertEqual(other.kv.get(p + "b/c").value, b"two")
        self.assertTrue(c.kv.delete(p, recurse=True))
        self.assertEqual(c.kv.list(p), [])

    def test_cas_conflict(self):
        c = self.client()
        k = unique("cas")
        self.assertTrue(c.kv.put(k, b"1", cas=0), "cas=0 writes a new key")
        self.assertFalse(c.kv.put(k, b"2", cas=0), "cas=0 fails once the key exists")
        index = c.kv.get(k).modify_index
        self.assertTrue(c.kv.put(k, b"3", cas=index))
        self.assertFalse(c.kv.put(k, b"4", cas=index), "a stale modify index loses")
        self.assertEqual(c.kv.get(k).value, b"3")
        self.assertFalse(c.kv.delete(k, cas=index))
        self.assertTrue(c.kv.delete(k, cas=c.kv.get(k).modify_index))
        self.assertIsNone(c.kv.get(k))

    def test_blocking_read_sees_another_clients_write(self):
        reader, writer = self.client(), self.client(self.addresses[1:] + self.addresses[:1])
        k = unique("block")
        writer.kv.put(k, b"before")
        index = reader.kv.read(k).query_meta.index
        self.assertGreater(index, 0)
        # The write comes later on purpose: the read must block until it.
        threading.Timer(0.5, lambda: writer.kv.put(k, b"after")).start()
        started = time.monotonic()
        response = reader.kv.read(k, index=index, wait=20)
        elapsed = time.monotonic() - started
        self.assertEqual(response.entry.value, b"after")
        self.assertGreater(response.query_meta.index, index)
        self.assertGreater(elapsed, 0.3, "the read should have blocked until the write")
        self.assertLess(elapsed, 15)
        # With nothing changing, it waits out its `wait`.
        started = time.monotonic()
        again = reader.kv.read(k, index=response.query_meta.index, wait=0.5)
        self.assertGreaterEqual(time.monotonic() - started, 0.4)
        self.assertEqual(again.entry.value, b"after")

    def test_watch_prefix_sees_changes_by_another_client(self):
        watcher, writer = self.client(), self.client(self.addresses[::-1])
        p = unique("watch") + "/"
        writer.kv.put(p + "x", b"1")
        with watcher.kv.watch(p, prefix=True, timeout=30) as watch:
            first = watch.next(timeout=10)
            self.assertEqual([(e.key, e.value) for e in first.entries], [(p + "x", b"1")])
            writer.kv.put(p + "y", b"2")
            second = watch.next(timeout=10)
            self.assertIsNotNone(second, "the watch saw no change")
            self.assertEqual([e.key for e in second.entries], [p + "x", p + "y"])
            self.assertGreater(second.query_meta.index, first.query_meta.index)
            writer.kv.delete(p + "x")
            third = watch.next(timeout=10)
            self.assertEqual([e.key for e in third.entries], [p + "y"])


class ServiceHealthTest(LiveTestCase):
    def test_register_and_watch_health(self):
        c = self.client()
        name = unique("web")
        with c.health.watch_service(name, timeout=40) as watch:
            initial = watch.next(timeout=10)
            self.assertEqual(list(initial.instances), [])
            service_id = c.agent.register_service(name, port=8080, tags=["v1"], ttl="30s")
            self.assertIn(service_id, [s.id for s in c.agent.services()])

            def instance_states(timeout: float):
                """The (service id, check statuses) of each state until timeout."""
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:
                    update = watch.next(timeout=max(0.01, deadline - time.monotonic()))
                    if update is None:
                        break
                    yield [
                        (i.service.id, {ch.check_id: ch.status for ch in i.checks if ch.service_id})
                        for i in update.instances
                    ]

            # The agent syncs the registration to the catalog: critical at first.
            for state in instance_states(15):
                if state:
                    self.assertEqual(state[0][0], service_id)
                    self.assertEqual(state[0][1], {f"service:{service_id}": catalog_pb2.HEALTH_STATUS_CRITICAL})
                    break
            else:
                self.fail("the registered service never showed up in the health watch")
            self.assertEqual(c.health.service(name, passing_only=True), [])
            c.agent.update_check(f"service:{service_id}", "passing", "ok")
            for state in instance_states(15):
                if state and state[0][1] == {f"service:{service_id}": catalog_pb2.HEALTH_STATUS_PASSING}:
                    break
            else:
                self.fail("the check's passing status never reached the health watch")
            self.assertEqual([i.service.id for i in c.health.service(name, passing_only=True)], [service_id])
            c.agent.deregister_service(service_id)
            for state in instance_states(15):
                if state == []:
                    break
            else:
                self.fail("the deregistration never reached the health watch")
        with self.assertRaises(roster_client.NotFoundError):
            c.agent.deregister_service(service_id)


class LockTest(LiveTestCase):
    def test_mutual_exclusion_second_waits_for_first(self):
        a, b = self.client(), self.client(self.addresses[::-1])
        key = unique("lock") + "/leader"
        first = a.lock(key, value=b"a", ttl=10, lock_delay=0)
        second = b.lock(key, value=b"b", ttl=10, lock_delay=0)
        self.assertTrue(first.acquire(timeout=10))
        self.assertTrue(first.held)
        entry = a.kv.get(key)
        self.assertEqual((entry.session, entry.value), (first.session_id, b"a"))
        self.assertFalse(second.acquire(blocking=False), "a held lock must not be taken")
        self.assertFalse(second.acquire(timeout=0.5))

        got = threading.Event()
        errors = []

        def contend():
            try:
                if second.acquire(timeout=20):
                    got.set()
            except Exception as e:  # reported by the main thread
                errors.append(e)

        # The waiter is waiting for the holder once it blocks on the key
        # (a read with an index: it saw the key held).
        blocking = threading.Event()
        read = b.kv.read

        def spied_read(key, **kw):
            if kw.get("index"):
                blocking.set()
            return read(key, **kw)

        b.kv.read = spied_read
        waiter = threading.Thread(target=contend)
        waiter.start()
        self.assertTrue(blocking.wait(10), f"the second client never blocked on the held key: {errors}")
        self.assertFalse(got.is_set(), "the second client took a held lock")
        released = time.monotonic()
        first.release()
        self.assertFalse(first.held)
        self.assertTrue(got.wait(10), f"the second client never got the lock: {errors}")
        self.assertLess(time.monotonic() - released, 5, "the waiter should wake on the release")
        waiter.join()
        entry = b.kv.get(key)
        self.assertEqual((entry.session, entry.value), (second.session_id, b"b"))
        self.assertEqual(entry.lock_index, 2)
        session = second.session_id
        with self.assertRaises(RuntimeError):
            second.acquire()
        second.release()
        self.assertEqual(b.kv.get(key).session, "")
        self.assertIsNone(b.sessions.info(session), "unlock destroys the session")

    def test_context_manager_and_renewal_keeps_session(self):
        c = self.client()
        key = unique("lock") + "/cm"
        with c.lock(key, ttl=10, node_checks=[]) as lock:
            session = lock.session_id
            self.assertEqual(c.kv.get(key).session, session)
            info = c.sessions.info(session)
            self.assertEqual(info.ttl, "10s")
            self.assertEqual(list(info.node_checks), [])
            renewed = c.sessions.renew(session)
            self.assertEqual(renewed.id, session)
        self.assertEqual(c.kv.get(key).session, "")
        self.assertIsNone(c.sessions.info(session))

    def test_lost_session_is_noticed(self):
        c = self.client()
        key = unique("lock") + "/lost"
        lost = threading.Event()
        lock = c.lock(key, ttl=10, lock_delay=0, on_lost=lambda _: lost.set())
        lock.acquire(timeout=10)
        # Another party destroys the session: the next renewal finds it gone.
        c.sessions.destroy(lock.session_id)
        self.assertEqual(c.kv.get(key).session, "")
        # The renewer runs every ttl/2 = 5 s.
        self.assertTrue(lost.wait(8), "the lock did not notice its session was gone")
        self.assertFalse(lock.held)
        self.assertTrue(lock.lost.is_set())
        lock.release()  # harmless once lost

    def test_deleted_key_is_noticed_while_the_session_lives(self):
        c, other = self.client(), self.client(self.addresses[::-1])
        key = unique("lock") + "/deleted"
        lost = threading.Event()
        lock = c.lock(key, ttl=10, lock_delay=0, on_lost=lambda _: lost.set())
        self.assertTrue(lock.acquire(timeout=10))
        session = lock.session_id
        other.kv.delete(key)
        self.assertTrue(lost.wait(5), "the lock did not notice its key was deleted")
        self.assertFalse(lock.held)
        self.assertIsNone(other.sessions.info(session), "the lost lock's session is destroyed")
        lock.release()


class RequestIdTest(LiveTestCase):
    """The servers' deduplication that the client's resends rely on."""

    def test_a_write_resent_with_its_request_id_applies_once(self):
        c, other = self.client(), self.client(self.addresses[::-1])
        k = unique("rid")
        self.assertTrue(c.kv.put(k, b"1", cas=0, request_id=k + "-a"))
        # The same write again (through another server) answers what the
        # first did instead of failing its check-and-set.
        self.assertTrue(other.kv.put(k, b"1", cas=0, request_id=k + "-a"))
        self.assertFalse(other.kv.put(k, b"1", cas=0), "a new write (new id) fails the check-and-set")
        first = c.sessions.create(ttl=10, node_checks=[], request_id=k + "-s")
        self.assertEqual(other.sessions.create(ttl=10, node_checks=[], request_id=k + "-s"), first)
        fresh = c.sessions.create(ttl=10, node_checks=[])
        self.assertNotEqual(fresh, first)
        c.sessions.destroy(first)
        c.sessions.destroy(fresh)


class ErrorTest(LiveTestCase):
    def test_invalid_argument(self):
        c = self.client()
        with self.assertRaises(roster_client.InvalidArgumentError) as caught:
            c.kv.get("")
        e = caught.exception
        self.assertEqual(e.kind, roster_client.ErrorKind.INVALID_ARGUMENT)
        self.assertEqual(e.code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertFalse(e.retryable)
        self.assertTrue(e.message)

    def test_too_large(self):
        c = self.client()
        with self.assertRaises(roster_client.TooLargeError) as caught:
            c.kv.put(unique("big"), b"x" * (512 * 1024 + 1))
        self.assertEqual(caught.exception.code, grpc.StatusCode.INVALID_ARGUMENT)

    def test_refused_acquire_with_unknown_session(self):
        c = self.client()
        with self.assertRaises(roster_client.RefusedError) as caught:
            c.kv.put(unique("lock"), b"", acquire="00000000-0000-4000-8000-000000000000")
        e = caught.exception
        self.assertEqual(e.code, grpc.StatusCode.FAILED_PRECONDITION)
        self.assertIn("invalid session", e.message)
        self.assertFalse(e.retryable)

    def test_not_found_renewing_unknown_session(self):
        c = self.client()
        with self.assertRaises(roster_client.NotFoundError) as caught:
            c.sessions.renew("00000000-0000-4000-8000-000000000000")
        self.assertEqual(caught.exception.code, grpc.StatusCode.NOT_FOUND)

    def test_refused_session_ttl_out_of_range(self):
        c = self.client()
        with self.assertRaises(roster_client.RefusedError) as caught:
            c.sessions.create(ttl="1s")
        self.assertIn("TTL", caught.exception.message)


class ClientTest(LiveTestCase):
    def test_generated_stubs_stay_reachable(self):
        c = self.client(token="t")
        leader = c.stub(status_pb2_grpc.StatusServiceStub).Leader(status_pb2.LeaderRequest())
        self.assertTrue(leader.address)
        self.assertGreater(leader.query_meta.index, 0)
        nodes = c.stub(catalog_pb2_grpc.CatalogServiceStub).ListNodes(catalog_pb2.ListNodesRequest())
        self.assertEqual(sorted(n.node for n in nodes.nodes), ["s0", "s1", "s2"])
        # A server stream through the wrapper.
        stream = c.stub(catalog_pb2_grpc.CatalogServiceStub).WatchNodes(catalog_pb2.WatchNodesRequest(), timeout=5)
        first = next(iter(stream))
        self.assertEqual(len(first.response.nodes), 3)
        stream.cancel()

    def test_dead_first_address(self):
        c = self.client([dead_address()] + self.addresses)
        k = unique("dead")
        self.assertTrue(c.kv.put(k, b"ok"))
        self.assertEqual(c.kv.get(k).value, b"ok")
        self.assertNotEqual(c.current_address, c.addresses[0])


if __name__ == "__main__":
    unittest.main()
