package io.roster.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.roster.agent.v1.AgentConfig;
import io.roster.agent.v1.AgentServiceGrpc;
import io.roster.agent.v1.GetSelfRequest;
import io.roster.agent.v1.GetSelfResponse;
import io.roster.agent.v1.LocalStateServiceGrpc;
import io.roster.agent.v1.RegisterServiceRequest;
import io.roster.agent.v1.RegisterServiceResponse;
import io.roster.catalog.v1.Service;
import io.roster.common.v1.QueryMeta;
import io.roster.kv.v1.Entry;
import io.roster.kv.v1.GetRequest;
import io.roster.kv.v1.GetResponse;
import io.roster.kv.v1.KVServiceGrpc;
import io.roster.kv.v1.PutRequest;
import io.roster.kv.v1.PutResponse;
import io.roster.kv.v1.WatchRequest;
import io.roster.kv.v1.WatchResponse;
import io.roster.session.v1.CreateRequest;
import io.roster.session.v1.CreateResponse;
import io.roster.session.v1.DestroyRequest;
import io.roster.session.v1.DestroyResponse;
import io.roster.session.v1.RenewRequest;
import io.roster.session.v1.RenewResponse;
import io.roster.session.v1.Session;
import io.roster.session.v1.SessionServiceGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.After;
import org.junit.Test;

/**
 * The client's own logic against in-process fake servers: the token in options and metadata,
 * the error table, which failures are retried on the next address, and watch resumption.
 */
public class ClientUnitTest {
  private final List<Server> servers = new ArrayList<>();
  private final List<RosterClient> clients = new ArrayList<>();

  /** A fake agent: records requests and tokens, answers as told. */
  static final class FakeAgent extends KVServiceGrpc.KVServiceImplBase {
    final List<Object> requests = Collections.synchronizedList(new ArrayList<>());
    final List<String> tokens = Collections.synchronizedList(new ArrayList<>());
    volatile Status failure;
    volatile String failureKind;
    volatile BiConsumer<WatchRequest, StreamObserver<WatchResponse>> watch;
    /** When set, answers puts (null: never answer, as a server that hangs). */
    volatile Function<PutRequest, PutResponse> onPut;
    volatile boolean putAnswers = true;
    /** When set, answers gets. */
    volatile Function<GetRequest, GetResponse> onGet;
    final FakeLocal local = new FakeLocal();
    final FakeSessions sessions = new FakeSessions();

    private boolean failed(StreamObserver<?> out) {
      if (failure == null) {
        return false;
      }
      Metadata trailers = new Metadata();
      if (failureKind != null) {
        trailers.put(RosterException.ERROR_KIND_KEY, failureKind);
      }
      out.onError(failure.asRuntimeException(trailers));
      return true;
    }

    @Override
    public void put(PutRequest req, StreamObserver<PutResponse> out) {
      requests.add(req);
      if (!putAnswers || failed(out)) {
        return;
      }
      out.onNext(onPut != null ? onPut.apply(req)
          : PutResponse.newBuilder().setIndex(42).setSuccess(true).build());
      out.onCompleted();
    }

    @Override
    public void get(GetRequest req, StreamObserver<GetResponse> out) {
      requests.add(req);
      if (onGet != null) {
        out.onNext(onGet.apply(req));
        out.onCompleted();
      } else if (!failed(out)) {
        out.onNext(GetResponse.newBuilder()
            .setQueryMeta(QueryMeta.newBuilder().setIndex(7))
            .setEntry(Entry.newBuilder().setKey(req.getKey()))
            .build());
        out.onCompleted();
      }
    }

    @Override
    public void watch(WatchRequest req, StreamObserver<WatchResponse> out) {
      requests.add(req);
      watch.accept(req, out);
    }
  }

  /** A fake LocalStateService that accepts every registration (unless told to fail). */
  static final class FakeLocal extends LocalStateServiceGrpc.LocalStateServiceImplBase {
    final List<RegisterServiceRequest> registered = Collections.synchronizedList(new ArrayList<>());
    volatile Status failure;

    @Override
    public void registerService(RegisterServiceRequest req,
        StreamObserver<RegisterServiceResponse> out) {
      registered.add(req);
      if (failure != null) {
        out.onError(failure.asRuntimeException());
        return;
      }
      out.onNext(RegisterServiceResponse.getDefaultInstance());
      out.onCompleted();
    }
  }

  /** A fake SessionService (creates session "s-1", "s-2", ...) and GetSelf (node "n1"). */
  static final class FakeSessions extends SessionServiceGrpc.SessionServiceImplBase {
    final List<String> created = Collections.synchronizedList(new ArrayList<>());
    final List<String> destroyed = Collections.synchronizedList(new ArrayList<>());
    final List<Long> renewedAt = Collections.synchronizedList(new ArrayList<>());
    /** Renewals the fake leaves unanswered (a server that hangs), from the first. */
    volatile int hangingRenewals;

    @Override
    public void create(CreateRequest req, StreamObserver<CreateResponse> out) {
      String id = "s-" + (created.size() + 1);
      created.add(id);
      out.onNext(CreateResponse.newBuilder().setId(id).setIndex(10).build());
      out.onCompleted();
    }

    @Override
    public void destroy(DestroyRequest req, StreamObserver<DestroyResponse> out) {
      destroyed.add(req.getId());
      out.onNext(DestroyResponse.getDefaultInstance());
      out.onCompleted();
    }

    @Override
    public void renew(RenewRequest req, StreamObserver<RenewResponse> out) {
      renewedAt.add(System.nanoTime());
      if (renewedAt.size() <= hangingRenewals) {
        return;
      }
      out.onNext(RenewResponse.newBuilder()
          .setSession(Session.newBuilder().setId(req.getId())).build());
      out.onCompleted();
    }
  }

  static final class FakeSelf extends AgentServiceGrpc.AgentServiceImplBase {
    @Override
    public void getSelf(GetSelfRequest req, StreamObserver<GetSelfResponse> out) {
      out.onNext(GetSelfResponse.newBuilder()
          .setConfig(AgentConfig.newBuilder().setNodeName("n1")).build());
      out.onCompleted();
    }
  }

  private String start(FakeAgent agent) throws Exception {
    String name = "fake-" + UUID.randomUUID();
    ServerInterceptor tokens = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        String token = headers.get(AddressPool.TOKEN_KEY);
        agent.tokens.add(token == null ? "" : token);
        return next.startCall(call, headers);
      }
    };
    servers.add(InProcessServerBuilder.forName(name)
        .addService(ServerInterceptors.intercept(agent, tokens))
        .addService(ServerInterceptors.intercept(agent.local, tokens))
        .addService(ServerInterceptors.intercept(agent.sessions, tokens))
        .addService(ServerInterceptors.intercept(new FakeSelf(), tokens))
        .build()
        .start());
    return name;
  }

  private RosterClient client(String token, String... names) {
    return client(RosterClient.builder().token(token).timeout(Duration.ofSeconds(5)), names);
  }

  private RosterClient client(RosterClient.Builder b, String... names) {
    RosterClient c = b
        .addresses(names)
        .channelFactory(name -> InProcessChannelBuilder.forName(name).build())
        .build();
    clients.add(c);
    return c;
  }

  @After
  public void stop() {
    clients.forEach(RosterClient::close);
    servers.forEach(Server::shutdownNow);
  }

  @Test
  public void tokenIsInEveryRequestsOptionsAndMetadata() throws Exception {
    FakeAgent agent = new FakeAgent();
    RosterClient client = client("s3cret", start(agent));
    assertEquals("s3cret", client.queryOptions().getToken());
    assertEquals("s3cret", client.writeOptions().getToken());

    client.kv().put("a", "1");
    client.kv().get("a");
    client.agent().register(Service.newBuilder().setService("web").build());

    PutRequest put = (PutRequest) agent.requests.get(0);
    assertEquals("s3cret", put.getWriteOptions().getToken());
    assertFalse("writes carry a request id", put.getWriteOptions().getRequestId().isEmpty());
    GetRequest get = (GetRequest) agent.requests.get(1);
    assertEquals("s3cret", get.getQueryOptions().getToken());
    // Every call, including LocalStateService's (no options field), carries the metadata.
    assertEquals(List.of("s3cret", "s3cret", "s3cret"), agent.tokens);
  }

  @Test
  public void noTokenMeansNoMetadata() throws Exception {
    FakeAgent agent = new FakeAgent();
    RosterClient client = client("", start(agent));
    client.kv().get("a");
    assertEquals(List.of(""), agent.tokens);
    assertEquals("", ((GetRequest) agent.requests.get(0)).getQueryOptions().getToken());
  }

  @Test
  public void errorKindsFollowTheServersTable() {
    String[] names = {"invalid_argument", "too_large", "not_found", "permission_denied",
        "acl_not_found", "acl_disabled", "conflict", "rate_limited", "no_leader",
        "outcome_unknown", "unavailable", "deadline_exceeded", "unimplemented", "internal",
        "wrong_cluster", "refused"};
    assertEquals(names.length, ErrorKind.values().length);
    for (String name : names) {
      ErrorKind kind = ErrorKind.fromWireName(name).orElseThrow();
      assertEquals(name, kind.wireName());
      // A bare code maps to a kind with that same code (status.rs's invariant).
      assertEquals(kind.grpcCode(), ErrorKind.fromGrpcCode(kind.grpcCode()).grpcCode());
      Metadata trailers = new Metadata();
      trailers.put(RosterException.ERROR_KIND_KEY, name);
      RosterException e = RosterException.from(
          Status.fromCode(kind.grpcCode()).withDescription("boom").asRuntimeException(trailers));
      assertEquals(kind, e.kind());
      assertEquals(kind.grpcCode(), e.code());
      assertEquals("boom", e.description());
      assertEquals(name.equals("no_leader") || name.equals("unavailable"), e.isRetryable());
    }
    // Without the trailer, the code decides.
    assertEquals(ErrorKind.OUTCOME_UNKNOWN,
        RosterException.from(Status.UNKNOWN.asRuntimeException()).kind());
    assertEquals(ErrorKind.REFUSED,
        RosterException.from(Status.FAILED_PRECONDITION.asRuntimeException()).kind());
    assertEquals(ErrorKind.UNAVAILABLE,
        RosterException.from(Status.CANCELLED.asRuntimeException()).kind());
    assertFalse(ErrorKind.OUTCOME_UNKNOWN.isRetryable());
  }

  @Test
  public void noLeaderMovesToTheNextAddressAndRetries() throws Exception {
    FakeAgent a = new FakeAgent();
    a.failure = Status.UNAVAILABLE.withDescription("No cluster leader");
    a.failureKind = "no_leader";
    FakeAgent b = new FakeAgent();
    String nameB = start(b);
    RosterClient client = client("", start(a), nameB);
    assertEquals(42, client.kv().put("k", "v"));
    assertEquals(1, a.requests.size());
    assertEquals(1, b.requests.size());
    assertEquals(nameB, client.currentAddress());
    // The retry is the same write: same request id.
    assertEquals(((PutRequest) a.requests.get(0)).getWriteOptions().getRequestId(),
        ((PutRequest) b.requests.get(0)).getWriteOptions().getRequestId());
  }

  @Test
  public void outcomeUnknownIsNeverRetried() throws Exception {
    FakeAgent a = new FakeAgent();
    a.failure = Status.UNKNOWN.withDescription("outcome unknown");
    a.failureKind = "outcome_unknown";
    FakeAgent b = new FakeAgent();
    RosterClient client = client("", start(a), start(b));
    try {
      client.kv().put("k", "v");
      fail("expected outcome_unknown");
    } catch (RosterException e) {
      assertEquals(ErrorKind.OUTCOME_UNKNOWN, e.kind());
      assertEquals(Status.Code.UNKNOWN, e.code());
      assertFalse(e.isRetryable());
    }
    assertEquals(1, a.requests.size());
    assertEquals(0, b.requests.size());
  }

  @Test
  public void aWriteCutOffAfterSendingIsNotRetriedUnlessIdempotent() throws Exception {
    FakeAgent a = new FakeAgent();
    a.failure = Status.UNAVAILABLE.withDescription("connection reset"); // no kind: the runtime's
    FakeAgent b = new FakeAgent();
    RosterClient client = client("", start(a), start(b));
    PutRequest raw = PutRequest.newBuilder().setKey("k").build();
    try {
      client.execute(RosterClient.Safety.WRITE,
          ch -> KVServiceGrpc.newBlockingStub(ch).put(raw));
      fail("expected a failure");
    } catch (RosterException e) {
      assertEquals(ErrorKind.OUTCOME_UNKNOWN, e.kind());
      assertEquals(Status.Code.UNAVAILABLE, e.code());
    }
    assertEquals(0, b.requests.size());

    // The same failure on a write that applies at most once is retried on the next address.
    FakeAgent c = new FakeAgent();
    c.failure = a.failure;
    FakeAgent d = new FakeAgent();
    RosterClient second = client("", start(c), start(d));
    second.execute(RosterClient.Safety.IDEMPOTENT_WRITE,
        ch -> KVServiceGrpc.newBlockingStub(ch).put(raw));
    assertEquals(1, c.requests.size());
    assertEquals(1, d.requests.size());
  }

  @Test
  public void readsAreRetriedAfterAnyUnavailable() throws Exception {
    FakeAgent a = new FakeAgent();
    a.failure = Status.UNAVAILABLE;
    FakeAgent b = new FakeAgent();
    RosterClient client = client("", start(a), start(b));
    Optional<Entry> e = client.kv().get("x");
    assertEquals("x", e.orElseThrow().getKey());
    assertEquals(1, b.requests.size());
  }

  @Test
  public void otherErrorsAreTypedAndNotRetried() throws Exception {
    FakeAgent a = new FakeAgent();
    a.failure = Status.INVALID_ARGUMENT.withDescription("value too large");
    a.failureKind = "too_large";
    FakeAgent b = new FakeAgent();
    RosterClient client = client("", start(a), start(b));
    try {
      client.kv().put("k", "v");
      fail("expected too_large");
    } catch (RosterException e) {
      assertEquals(ErrorKind.TOO_LARGE, e.kind()); // the trailer, not the code, decides
      assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
      assertEquals("value too large", e.description());
    }
    assertEquals(0, b.requests.size());
  }

  @Test
  public void aWatchResumesOnTheNextAddressFromTheLastIndex() throws Exception {
    FakeAgent a = new FakeAgent();
    a.watch = (req, out) -> {
      out.onNext(state(5, "one"));
      out.onError(Status.UNAVAILABLE.withDescription("gone").asRuntimeException());
    };
    FakeAgent b = new FakeAgent();
    b.watch = (req, out) -> out.onNext(state(9, "two")); // and stays open
    RosterClient client = client("", start(a), start(b));
    try (Watch<Optional<Entry>> w = client.kv().watchKey("k")) {
      Indexed<Optional<Entry>> first = w.next(Duration.ofSeconds(5));
      assertNotNull(first);
      assertEquals(5, first.index());
      Indexed<Optional<Entry>> second = w.next(Duration.ofSeconds(5));
      assertNotNull(second);
      assertEquals(9, second.index());
      assertEquals("two", second.value().orElseThrow().getValue().toStringUtf8());
      assertEquals(1, w.resumes());
    }
    assertEquals(0, ((WatchRequest) a.requests.get(0)).getQueryOptions().getMinIndex());
    assertEquals(5, ((WatchRequest) b.requests.get(0)).getQueryOptions().getMinIndex());
  }

  @Test
  public void aWatchEndsOnAnErrorRetryingCannotFix() throws Exception {
    FakeAgent a = new FakeAgent();
    a.watch = (req, out) -> out.onError(Status.PERMISSION_DENIED.asRuntimeException());
    RosterClient client = client("", start(a));
    List<RosterException> errors = Collections.synchronizedList(new ArrayList<>());
    Watch<Optional<Entry>> w = client.kv().watchKey("k", s -> { }, errors::add);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (w.isOpen() && System.nanoTime() < deadline) {
      Thread.sleep(10); // paces the poll of the condition (a 5 s deadline), not a fixed wait
    }
    assertFalse(w.isOpen());
    assertEquals(1, errors.size());
    assertEquals(ErrorKind.PERMISSION_DENIED, errors.get(0).kind());
    w.close();
  }

  @Test
  public void aConnectionRefusedIsRecognisedAsNotSent() {
    StatusRuntimeException refused = Status.UNAVAILABLE
        .withCause(new java.net.ConnectException("Connection refused"))
        .asRuntimeException();
    assertTrue(RosterClient.failedBeforeSending(refused));
    assertFalse(RosterClient.failedBeforeSending(Status.UNAVAILABLE.asRuntimeException()));
  }

  @Test
  public void aWriteTheCallerCancelledOrThatTimedOutMayHaveApplied() throws Exception {
    FakeAgent a = new FakeAgent();
    a.putAnswers = false; // the write reaches the server, which never answers
    FakeAgent b = new FakeAgent();
    RosterClient client = client(RosterClient.builder().timeout(Duration.ofMillis(300)),
        start(a), start(b));
    try {
      client.kv().put("k", "v");
      fail("expected a failure");
    } catch (RosterException e) {
      assertEquals(ErrorKind.OUTCOME_UNKNOWN, e.kind());
      assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
      assertFalse(e.isRetryable());
    }

    Context.CancellableContext ctx = Context.current().withCancellation();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      timer.schedule(() -> ctx.cancel(null), 100, TimeUnit.MILLISECONDS);
      ctx.run(() -> {
        try {
          client.execute(RosterClient.Safety.WRITE, ch -> KVServiceGrpc.newBlockingStub(ch)
              .put(PutRequest.newBuilder().setKey("k").build()));
          fail("expected a failure");
        } catch (RosterException e) {
          assertEquals(ErrorKind.OUTCOME_UNKNOWN, e.kind());
          assertEquals(Status.Code.CANCELLED, e.code());
        }
      });
    } finally {
      timer.shutdownNow();
    }
    assertEquals("neither was resent", 0, b.requests.size());

    // A read cut off the same way is a plain failure, not an unknown outcome.
    a.onGet = req -> {
      sleep(2000); // a deliberately slow server: longer than the client's 300 ms timeout
      return GetResponse.getDefaultInstance();
    };
    try {
      client.kv().get("k");
      fail("expected a failure");
    } catch (RosterException e) {
      assertEquals(ErrorKind.DEADLINE_EXCEEDED, e.kind());
    }
  }

  @Test
  public void aRetriedWriteWhoseEarlierAttemptMayHaveAppliedEndsOutcomeUnknown()
      throws Exception {
    FakeAgent a = new FakeAgent();
    a.failure = Status.UNAVAILABLE.withDescription("connection reset"); // cut off after sending
    FakeAgent b = new FakeAgent();
    b.failure = Status.UNAVAILABLE.withDescription("No cluster leader");
    b.failureKind = "no_leader";
    RosterClient client = client(RosterClient.builder().maxAttempts(2), start(a), start(b));
    try {
      client.kv().put("k", "v");
      fail("expected a failure");
    } catch (RosterException e) {
      // The last answer was no_leader, but the first copy may have applied: resending with a
      // new request id could apply it twice.
      assertEquals(ErrorKind.OUTCOME_UNKNOWN, e.kind());
      assertFalse(e.isRetryable());
    }
    assertEquals(1, a.requests.size());
    assertEquals(1, b.requests.size());

    // When every attempt was refused by a server, nothing applied: the error stays retryable.
    FakeAgent c = new FakeAgent();
    c.failure = b.failure;
    c.failureKind = "no_leader";
    RosterClient second = client(RosterClient.builder().maxAttempts(2), start(c), start(b));
    try {
      second.kv().put("k", "v");
      fail("expected a failure");
    } catch (RosterException e) {
      assertEquals(ErrorKind.NO_LEADER, e.kind());
      assertTrue(e.isRetryable());
    }
  }

  @Test
  public void anUnknownKindNameCountsAsNoKind() throws Exception {
    FakeAgent a = new FakeAgent();
    a.failure = Status.UNAVAILABLE.withDescription("reset by a proxy");
    a.failureKind = "some_future_kind";
    FakeAgent b = new FakeAgent();
    RosterClient client = client("", start(a), start(b));
    try {
      client.execute(RosterClient.Safety.WRITE,
          ch -> KVServiceGrpc.newBlockingStub(ch).put(PutRequest.newBuilder().build()));
      fail("expected a failure");
    } catch (RosterException e) {
      assertEquals(ErrorKind.OUTCOME_UNKNOWN, e.kind());
    }
    assertEquals(0, b.requests.size());
  }

  @Test
  public void agentLocalWritesAreNotFailedOverToAnotherAgent() throws Exception {
    FakeAgent a = new FakeAgent();
    a.local.failure = Status.UNAVAILABLE.withDescription("connection reset");
    FakeAgent b = new FakeAgent();
    RosterClient client = client("", start(a), start(b));
    try {
      client.agent().register(Service.newBuilder().setService("web").build());
      fail("expected a failure");
    } catch (RosterException e) {
      assertEquals(ErrorKind.OUTCOME_UNKNOWN, e.kind());
    }
    assertEquals(1, a.local.registered.size());
    assertEquals("not registered on a second node", 0, b.local.registered.size());
  }

  @Test
  public void aLockAttemptThatTimesOutDestroysItsSessionAndStopsRenewing() throws Exception {
    FakeAgent a = new FakeAgent();
    a.onPut = req -> PutResponse.newBuilder().setIndex(42).setSuccess(false).build();
    a.onGet = req -> {
      if (req.getQueryOptions().getMinIndex() > 0) {
        sleep(50); // a deliberately slow fake: a blocking read that sees no change
      }
      return GetResponse.newBuilder()
          .setQueryMeta(QueryMeta.newBuilder().setIndex(7))
          .setEntry(Entry.newBuilder().setKey(req.getKey()).setSession("someone-else"))
          .build();
    };
    RosterClient client = client("", start(a));
    Lock lock = client.lock("k", fastLock(null));
    assertFalse(lock.tryAcquire(Duration.ofMillis(300)));
    assertFalse(lock.isHeld());
    assertEquals(List.of("s-1"), a.sessions.created);
    assertEquals(List.of("s-1"), a.sessions.destroyed);
    assertEquals(null, lock.sessionId());
    awaitNoRenewThread();
  }

  @Test
  public void aLockAttemptThatFailsDestroysItsSession() throws Exception {
    FakeAgent a = new FakeAgent();
    RosterClient client = client(RosterClient.builder().maxAttempts(1), start(a));
    // The acquire is cut off after sending: it may hold the key now, so the session must go.
    a.failure = Status.UNAVAILABLE.withDescription("connection reset");
    Lock lock = client.lock("k", fastLock(null));
    try {
      lock.tryAcquire(Duration.ofSeconds(5));
      fail("expected a failure");
    } catch (RosterException e) {
      assertEquals(ErrorKind.OUTCOME_UNKNOWN, e.kind());
    }
    assertFalse(lock.isHeld());
    assertEquals(List.of("s-1"), a.sessions.destroyed);
    awaitNoRenewThread();
  }

  @Test
  public void aHeldLockIsLostWhenAnotherSessionTakesTheKey() throws Exception {
    assertLostAfter(Entry.newBuilder().setKey("k").setSession("intruder").build());
  }

  @Test
  public void aHeldLockIsLostWhenItsKeyIsDeleted() throws Exception {
    assertLostAfter(null);
  }

  /** Holds a lock on a fake whose watch then shows {@code next}; the lock must see it lost. */
  private void assertLostAfter(Entry next) throws Exception {
    FakeAgent a = new FakeAgent();
    List<Long> watchedFrom = Collections.synchronizedList(new ArrayList<>());
    // The change is sent once the test has seen the lock held (not after a guessed delay).
    CountDownLatch sawHeld = new CountDownLatch(1);
    a.watch = (req, out) -> {
      watchedFrom.add(req.getQueryOptions().getMinIndex());
      out.onNext(WatchResponse.newBuilder()
          .setQueryMeta(QueryMeta.newBuilder().setIndex(42))
          .addEntries(Entry.newBuilder().setKey("k").setSession("s-1"))
          .build());
      CompletableFuture.runAsync(() -> {
        try {
          sawHeld.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        WatchResponse.Builder change = WatchResponse.newBuilder()
            .setQueryMeta(QueryMeta.newBuilder().setIndex(50));
        if (next != null) {
          change.addEntries(next);
        }
        out.onNext(change.build()); // and the stream stays open
      });
    };
    RosterClient client = client("", start(a));
    CountDownLatch lost = new CountDownLatch(1);
    Lock lock = client.lock("k", fastLock(lost::countDown));
    assertTrue(lock.tryAcquire(Duration.ofSeconds(5)));
    assertTrue(lock.isHeld());
    sawHeld.countDown();
    assertTrue("onLost was called", lost.await(5, TimeUnit.SECONDS));
    assertFalse(lock.isHeld());
    assertEquals("the monitor starts just before the acquire's index", List.of(41L), watchedFrom);
    awaitDestroyed(a, "s-1");
    awaitNoRenewThread();
    lock.close(); // nothing left to release
    assertEquals(List.of("s-1"), a.sessions.destroyed);
  }

  @Test
  public void aHungRenewalIsCutShortAndRetriedSoon() throws Exception {
    FakeAgent a = new FakeAgent();
    a.watch = (req, out) -> out.onNext(WatchResponse.newBuilder()
        .setQueryMeta(QueryMeta.newBuilder().setIndex(42))
        .addEntries(Entry.newBuilder().setKey("k").setSession("s-1"))
        .build());
    a.sessions.hangingRenewals = 1;
    // A TTL of 2 s: renewals every second, each bounded by a second, retried 0.5 s after a
    // failure. Without the bound, the hung renewal would take the client's 5 s timeout.
    RosterClient client = client("", start(a));
    Lock lock = client.lock("k", LockOptions.builder().sessionTtl(Duration.ofSeconds(2)).build());
    try {
      assertTrue(lock.tryAcquire(Duration.ofSeconds(5)));
      long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      while (a.sessions.renewedAt.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20); // paces the poll of the condition (a 4 s deadline), not a fixed wait
      }
      assertTrue("a second renewal came", a.sessions.renewedAt.size() >= 2);
      long gapMillis = (a.sessions.renewedAt.get(1) - a.sessions.renewedAt.get(0)) / 1_000_000;
      assertTrue("retried " + gapMillis + " ms after the hung one", gapMillis < 2500);
      assertTrue("still held", lock.isHeld());
    } finally {
      lock.close();
    }
  }

  private static LockOptions fastLock(Runnable onLost) {
    return LockOptions.builder()
        .sessionTtl(Duration.ofSeconds(10))
        .retryWait(Duration.ofMillis(50))
        .onLost(onLost)
        .build();
  }

  private static void awaitDestroyed(FakeAgent a, String session) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!a.sessions.destroyed.contains(session) && System.nanoTime() < deadline) {
      Thread.sleep(10); // paces the poll of the condition (a 5 s deadline), not a fixed wait
    }
    assertEquals(List.of(session), a.sessions.destroyed);
  }

  /** Waits (2 s at most) until no lock renewal thread runs. */
  private static void awaitNoRenewThread() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (Thread.getAllStackTraces().keySet().stream()
          .noneMatch(t -> t.isAlive() && t.getName().equals("roster-lock-renew"))) {
        return;
      }
      Thread.sleep(20); // paces the poll of the condition (a 2 s deadline), not a fixed wait
    }
    fail("a lock renewal thread is still running");
  }

  /** For fakes that are deliberately slow (the behaviour under test), never to synchronise. */
  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static WatchResponse state(long index, String value) {
    return WatchResponse.newBuilder()
        .setQueryMeta(QueryMeta.newBuilder().setIndex(index))
        .addEntries(Entry.newBuilder().setKey("k")
            .setValue(com.google.protobuf.ByteString.copyFromUtf8(value)))
        .build();
  }
}
