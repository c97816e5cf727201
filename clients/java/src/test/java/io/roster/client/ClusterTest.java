package io.roster.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.grpc.Status;
import io.roster.agent.v1.AgentCheck;
import io.roster.catalog.v1.CheckDefinition;
import io.roster.catalog.v1.HealthCheck;
import io.roster.catalog.v1.HealthStatus;
import io.roster.catalog.v1.ListNodesRequest;
import io.roster.catalog.v1.Service;
import io.roster.client.RosterClient.Safety;
import io.roster.health.v1.ServiceHealth;
import io.roster.kv.v1.Entry;
import io.roster.kv.v1.KVServiceGrpc;
import io.roster.kv.v1.PutRequest;
import io.roster.status.v1.LeaderRequest;
import io.roster.status.v1.StatusServiceGrpc;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The client against the live 3-server cluster (no server is harmed here). */
public class ClusterTest {
  private List<String> addrs;
  private RosterClient client;
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @Before
  public void connect() {
    addrs = Cluster.addresses();
    client = Cluster.client(addrs);
    cleanup.add(client);
  }

  @After
  public void close() throws Exception {
    Collections.reverse(cleanup);
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  /** A second client that starts on another server, as a different process would. */
  private RosterClient other() {
    List<String> rotated = new ArrayList<>(addrs);
    Collections.rotate(rotated, -1);
    RosterClient c = Cluster.client(rotated);
    cleanup.add(c);
    return c;
  }

  @Test
  public void kvRoundTrip() {
    String p = Cluster.prefix("kv");
    long index = client.kv().put(p + "a", "one");
    assertTrue(index > 0);
    client.kv().put(p + "b/c", "two".getBytes(StandardCharsets.UTF_8));
    Entry a = client.kv().get(p + "a").orElseThrow();
    assertEquals("one", a.getValue().toStringUtf8());
    assertEquals(index, a.getModifyIndex());
    assertEquals(Optional.of("two"), other().kv().getString(p + "b/c"));
    assertEquals(Optional.empty(), client.kv().get(p + "missing"));

    List<Entry> all = client.kv().list(p);
    assertEquals(2, all.size());
    assertEquals(p + "a", all.get(0).getKey());
    assertEquals(List.of(p + "a", p + "b/"), client.kv().keys(p, "/"));

    assertTrue(client.kv().delete(p + "a"));
    assertEquals(Optional.empty(), client.kv().get(p + "a"));
    client.kv().deletePrefix(p);
    assertTrue(client.kv().list(p).isEmpty());
  }

  @Test
  public void casConflict() {
    String key = Cluster.prefix("cas") + "k";
    byte[] v1 = "v1".getBytes(StandardCharsets.UTF_8);
    assertTrue("create-only CAS on a new key", client.kv().cas(key, v1, 0));
    assertFalse("create-only CAS on an existing key", client.kv().cas(key, v1, 0));
    long modify = client.kv().get(key).orElseThrow().getModifyIndex();
    // Another client changes it first: our CAS with the index we read must fail.
    other().kv().put(key, "theirs");
    assertFalse(client.kv().cas(key, "mine".getBytes(StandardCharsets.UTF_8), modify));
    assertEquals(Optional.of("theirs"), client.kv().getString(key));
    long current = client.kv().get(key).orElseThrow().getModifyIndex();
    assertTrue(client.kv().cas(key, "mine".getBytes(StandardCharsets.UTF_8), current));
    assertFalse(client.kv().deleteCas(key, current));
    long latest = client.kv().get(key).orElseThrow().getModifyIndex();
    assertTrue(client.kv().deleteCas(key, latest));
  }

  @Test
  public void blockingReadSeesAnotherClientsWrite() throws Exception {
    String key = Cluster.prefix("block") + "k";
    client.kv().put(key, "before");
    Indexed<Optional<Entry>> first = client.kv().get(key, 0, null);
    CompletableFuture<Indexed<Optional<Entry>>> blocked = CompletableFuture.supplyAsync(
        () -> client.kv().get(key, first.index(), Duration.ofSeconds(20)));
    // Not synchronisation: the behaviour under test is that the read stays blocked while nothing
    // changes, so give it 300 ms in which a wrong early return would show. (The put below needs no
    // wait: a read that starts after it still returns, as the index is then past first.index().)
    Thread.sleep(300);
    assertFalse("a blocking read returns only after a change", blocked.isDone());
    other().kv().put(key, "after");
    Indexed<Optional<Entry>> next = blocked.get(10, TimeUnit.SECONDS);
    assertTrue(next.index() > first.index());
    assertEquals("after", next.value().orElseThrow().getValue().toStringUtf8());
  }

  @Test
  public void watchSeesAnotherClientsChanges() throws Exception {
    String p = Cluster.prefix("watch");
    try (Watch<Optional<Entry>> key = client.kv().watchKey(p + "k");
        Watch<List<Entry>> prefix = client.kv().watchPrefix(p)) {
      Indexed<Optional<Entry>> initial = key.next(Duration.ofSeconds(10));
      assertNotNull(initial);
      assertEquals(Optional.empty(), initial.value());
      assertTrue(prefix.next(Duration.ofSeconds(10)).value().isEmpty());

      RosterClient writer = other();
      writer.kv().put(p + "k", "v1");
      Indexed<Optional<Entry>> changed = key.next(Duration.ofSeconds(10));
      assertNotNull("the key watch saw the write", changed);
      assertEquals("v1", changed.value().orElseThrow().getValue().toStringUtf8());
      assertTrue(changed.index() > initial.index());

      writer.kv().put(p + "other", "x");
      List<String> seen = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (seen.size() < 2 && System.nanoTime() < deadline) {
        Indexed<List<Entry>> s = prefix.next(Duration.ofSeconds(10));
        assertNotNull(s);
        seen.clear();
        s.value().forEach(e -> seen.add(e.getKey()));
      }
      assertEquals(List.of(p + "k", p + "other"), seen);

      writer.kv().delete(p + "k");
      Indexed<Optional<Entry>> deleted = key.next(Duration.ofSeconds(10));
      assertNotNull(deleted);
      assertEquals(Optional.empty(), deleted.value());
    }
  }

  @Test
  public void serviceRegistrationAndHealthWatch() throws Exception {
    String name = "java-test-" + UUID.randomUUID().toString().substring(0, 8);
    String checkId = name + "-ttl";
    client.agent().register(
        Service.newBuilder().setId(name).setService(name).setPort(9000).addTags("t1").build(),
        AgentCheck.newBuilder()
            .setCheckId(checkId)
            .setName("ttl")
            .setDefinition(CheckDefinition.newBuilder().setTtl("30s"))
            .build());
    assertTrue(client.agent().services().stream().anyMatch(s -> s.getId().equals(name)));

    try (Watch<List<ServiceHealth>> watch = client.health().watchService(name, false)) {
      // Anti-entropy pushes the registration to the catalog at once; the check starts critical.
      Indexed<List<ServiceHealth>> s = awaitState(watch, l -> status(l, checkId) != null);
      assertEquals(HealthStatus.HEALTH_STATUS_CRITICAL, status(s.value(), checkId));
      assertTrue("critical instances are not passing",
          client.health().service(name, true).isEmpty());

      client.agent().updateCheck(checkId, HealthStatus.HEALTH_STATUS_PASSING, "ok");
      awaitState(watch, l -> status(l, checkId) == HealthStatus.HEALTH_STATUS_PASSING);
      List<ServiceHealth> passing = other().health().service(name, true);
      assertEquals(1, passing.size());
      assertEquals(9000, passing.get(0).getService().getPort());

      client.agent().deregister(name);
      awaitState(watch, List::isEmpty);
    }
    try {
      client.agent().deregister(name);
      fail("deregistering twice");
    } catch (RosterException e) {
      assertEquals(ErrorKind.NOT_FOUND, e.kind());
    }
  }

  @Test
  public void lockIsMutuallyExclusive() throws Exception {
    String key = Cluster.prefix("lock") + "leader";
    LockOptions fast = LockOptions.builder()
        .sessionTtl(Duration.ofSeconds(10))
        .lockDelay(Duration.ofSeconds(1))
        .retryWait(Duration.ofMillis(200))
        .build();
    RosterClient second = other();
    Lock a = client.lock(key, fast);
    Lock b = second.lock(key, fast);
    cleanup.add(a);
    cleanup.add(b);

    assertTrue(a.tryAcquire(Duration.ofSeconds(10)));
    assertTrue(a.isHeld());
    assertEquals(a.sessionId(), client.kv().get(key).orElseThrow().getSession());

    AtomicLong releasedAt = new AtomicLong();
    CompletableFuture<Long> bGot = CompletableFuture.supplyAsync(() -> {
      try {
        assertTrue(b.tryAcquire(Duration.ofSeconds(20)));
        return System.nanoTime();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    // Not synchronisation: the first client holds the lock for 1.5 s (several of b's 200 ms retry
    // waits, past the 1 s lock delay) and the behaviour under test is that b keeps waiting.
    Thread.sleep(1500);
    assertFalse("the second client waits while the first holds the lock", bGot.isDone());
    assertFalse(b.isHeld());

    String sessionA = a.sessionId();
    releasedAt.set(System.nanoTime());
    a.release();
    long got = bGot.get(15, TimeUnit.SECONDS);
    assertTrue("acquired after the release", got > releasedAt.get());
    assertTrue(b.isHeld());
    Entry e = client.kv().get(key).orElseThrow();
    assertEquals(b.sessionId(), e.getSession());
    assertTrue(e.getLockIndex() >= 2);
    assertFalse("release destroyed the session",
        client.sessions().info(sessionA).isPresent());

    b.close();
    assertEquals("", client.kv().get(key).orElseThrow().getSession());
  }

  @Test
  public void aHeldLockNoticesItsKeyDeleted() throws Exception {
    String key = Cluster.prefix("lock") + "lost";
    java.util.concurrent.CountDownLatch lost = new java.util.concurrent.CountDownLatch(1);
    Lock lock = client.lock(key, LockOptions.builder()
        .sessionTtl(Duration.ofSeconds(10))
        .lockDelay(Duration.ZERO)
        .onLost(lost::countDown)
        .build());
    cleanup.add(lock);
    assertTrue(lock.tryAcquire(Duration.ofSeconds(10)));
    String session = lock.sessionId();
    // The key's watch starts at the acquire: it must not take an earlier state for a loss.
    assertFalse("still held", lost.await(700, TimeUnit.MILLISECONDS));
    assertTrue(lock.isHeld());

    client.kv().delete(key); // e.g. an operator; the session itself lives on
    assertTrue("the loss is noticed", lost.await(5, TimeUnit.SECONDS));
    assertFalse(lock.isHeld());
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (client.sessions().info(session).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(50); // paces the poll of the condition (a 5 s deadline), not a fixed wait
    }
    assertFalse("the lost lock's session was destroyed",
        client.sessions().info(session).isPresent());
  }

  @Test
  public void typedErrorsFromTheServers() {
    try {
      client.kv().get("");
      fail("an empty key");
    } catch (RosterException e) {
      assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
      assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
      assertFalse(e.isRetryable());
    }
    try {
      client.kv().put(PutRequest.newBuilder()
          .setKey(Cluster.prefix("err") + "k")
          .setAcquireSession(UUID.randomUUID().toString())
          .build());
      fail("acquiring with an unknown session");
    } catch (RosterException e) {
      assertEquals(ErrorKind.REFUSED, e.kind());
      assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
      assertTrue(e.description(), e.description().contains("invalid session"));
    }
    try {
      client.sessions().renew(UUID.randomUUID().toString());
      fail("renewing an unknown session");
    } catch (RosterException e) {
      assertEquals(ErrorKind.NOT_FOUND, e.kind());
      assertEquals(Status.Code.NOT_FOUND, e.code());
    }
    try {
      client.sessions().create("bad-ttl", Duration.ofSeconds(1), Duration.ZERO);
      fail("a TTL under the minimum");
    } catch (RosterException e) {
      assertEquals(ErrorKind.REFUSED, e.kind());
    }
  }

  @Test
  public void sessionsAndRawStubsWork() {
    String id = client.sessions().create("java-test", Duration.ofSeconds(10), Duration.ZERO);
    assertTrue(client.sessions().info(id).isPresent());
    assertTrue(client.sessions().list().stream().anyMatch(s -> s.getId().equals(id)));
    assertEquals(id, client.sessions().renew(id).getId());
    client.sessions().destroy(id);
    assertFalse(client.sessions().info(id).isPresent());

    // Every generated stub is reachable on the client's channel.
    String leader = client.stub(StatusServiceGrpc::newBlockingStub)
        .leader(LeaderRequest.getDefaultInstance()).getAddress();
    assertFalse(leader.isEmpty());
    int nodes = client.execute(Safety.READ, ch ->
        io.roster.catalog.v1.CatalogServiceGrpc.newBlockingStub(ch)
            .listNodes(ListNodesRequest.newBuilder().setQueryOptions(client.queryOptions())
                .build()))
        .getNodesCount();
    assertEquals(addrs.size(), nodes);
  }

  @Test
  public void aDeadFirstAddressIsSkipped() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort(); // free once closed: connections are refused
    }
    List<String> withDead = new ArrayList<>();
    withDead.add("127.0.0.1:" + closed);
    withDead.addAll(addrs);
    try (RosterClient c = Cluster.client(withDead)) {
      String key = Cluster.prefix("dead") + "k";
      // A plain write with no request id: retried only because the connection was refused,
      // i.e. the request was never sent.
      c.execute(Safety.WRITE, ch -> KVServiceGrpc.newBlockingStub(ch).put(PutRequest.newBuilder()
          .setWriteOptions(c.writeOptions())
          .setKey(key)
          .setValue(com.google.protobuf.ByteString.copyFromUtf8("v"))
          .build()));
      assertNotEquals("127.0.0.1:" + closed, c.currentAddress());
      assertEquals(Optional.of("v"), c.kv().getString(key));
    }
  }

  private static HealthStatus status(List<ServiceHealth> instances, String checkId) {
    for (ServiceHealth sh : instances) {
      for (HealthCheck c : sh.getChecksList()) {
        if (c.getCheckId().equals(checkId)) {
          return c.getStatus();
        }
      }
    }
    return null;
  }

  /** Reads states until one matches (10 s at most). */
  static <T> Indexed<T> awaitState(Watch<T> watch, java.util.function.Predicate<T> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Indexed<T> s = watch.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (s != null && done.test(s.value())) {
        return s;
      }
    }
    throw new AssertionError("no matching state within 10 s");
  }
}
