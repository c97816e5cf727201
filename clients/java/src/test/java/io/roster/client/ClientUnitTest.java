package io.roster.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
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
      if (!failed(out)) {
        out.onNext(PutResponse.newBuilder().setIndex(42).setSuccess(true).build());
        out.onCompleted();
      }
    }

    @Override
    public void get(GetRequest req, StreamObserver<GetResponse> out) {
      requests.add(req);
      if (!failed(out)) {
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

  /** A fake LocalStateService that accepts every registration. */
  static final class FakeLocal extends LocalStateServiceGrpc.LocalStateServiceImplBase {
    @Override
    public void registerService(RegisterServiceRequest req,
        StreamObserver<RegisterServiceResponse> out) {
      out.onNext(RegisterServiceResponse.getDefaultInstance());
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
        .addService(ServerInterceptors.intercept(new FakeLocal(), tokens))
        .build()
        .start());
    return name;
  }

  private RosterClient client(String token, String... names) {
    RosterClient c = RosterClient.builder()
        .addresses(names)
        .token(token)
        .timeout(Duration.ofSeconds(5))
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
      Thread.sleep(10);
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

  private static WatchResponse state(long index, String value) {
    return WatchResponse.newBuilder()
        .setQueryMeta(QueryMeta.newBuilder().setIndex(index))
        .addEntries(Entry.newBuilder().setKey("k")
            .setValue(com.google.protobuf.ByteString.copyFromUtf8(value)))
        .build();
  }
}
