package io.roster.client;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.roster.common.v1.QueryOptions;
import io.roster.common.v1.WriteOptions;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A client of a Roster cluster over gRPC.
 *
 * <pre>{@code
 * try (RosterClient client = RosterClient.builder()
 *     .addresses("10.0.0.1:8502", "10.0.0.2:8502")
 *     .token(secret)
 *     .build()) {
 *   client.kv().put("config/x", "1");
 *   Optional<Entry> e = client.kv().get("config/x");
 * }
 * }</pre>
 *
 * <p>The client talks to one agent at a time and moves to the next address when a call ends
 * UNAVAILABLE (connection failure, no leader, server shutting down). The convenience APIs
 * ({@link #kv()}, {@link #sessions()}, {@link #agent()}, {@link #health()}, {@link #lock}) retry
 * on the next address when that is safe (see {@link Safety}); every other RPC is reachable
 * through the generated stubs, built on {@link #channel()} with {@link #stub}, and can get the
 * same retries through {@link #execute}.
 *
 * <p>The token is set once: the convenience APIs put it into every request's {@code
 * query_options}/{@code write_options}, {@link #queryOptions()} and {@link #writeOptions()} give
 * pre-filled options for raw requests, and every call on {@link #channel()} also carries it as
 * {@code x-consul-token} metadata (which is how the servers see it for RPCs without options,
 * such as {@code LocalStateService}).
 *
 * <p>Thread-safe; share one instance. {@link #close()} shuts the channels down.
 */
public final class RosterClient implements AutoCloseable {
  /** Which failures a call may be retried after, on the next address. */
  public enum Safety {
    /** A read: retried after any UNAVAILABLE failure. */
    READ,
    /**
     * A write that applies at most once however often it is sent (it carries a request id the
     * servers deduplicate, or it sets state absolutely): retried after any UNAVAILABLE failure.
     */
    IDEMPOTENT_WRITE,
    /**
     * Any other write: retried only when the servers said nothing was proposed ({@code
     * no_leader}, {@code unavailable}) or the connection failed before the request was sent. A
     * connection lost after sending is reported as {@link ErrorKind#OUTCOME_UNKNOWN}.
     */
    WRITE,
    /**
     * A write about the agent in use itself ({@code LocalStateService}: registering a service,
     * updating a check): sent once, to that agent only. Moving it to another agent would put the
     * service on that agent's node instead, so a failure is the caller's to handle (a connection
     * lost after sending is {@link ErrorKind#OUTCOME_UNKNOWN}, as for {@link #WRITE}).
     */
    AGENT_LOCAL
  }

  private final AddressPool pool;
  private final String token;
  private final String datacenter;
  private final Duration timeout;
  private final int maxAttempts;
  private final Kv kv = new Kv(this);
  private final Sessions sessions = new Sessions(this);
  private final Agent agent = new Agent(this);
  private final Health health = new Health(this);

  private RosterClient(Builder b) {
    this.token = b.token;
    this.datacenter = b.datacenter;
    this.timeout = b.timeout;
    this.maxAttempts = b.maxAttempts > 0 ? b.maxAttempts : 3 * b.addresses.size();
    this.pool = new AddressPool(b.addresses, b.channelFactory, b.token);
  }

  /** A builder; at least one address is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The key/value store. */
  public Kv kv() {
    return kv;
  }

  /** Sessions (the leases locks are held by). */
  public Sessions sessions() {
    return sessions;
  }

  /** The connected agent's own services and checks ({@code LocalStateService}). */
  public Agent agent() {
    return agent;
  }

  /** Health of services. */
  public Health health() {
    return health;
  }

  /** A lock on {@code key} with default options; see {@link Lock}. */
  public Lock lock(String key) {
    return new Lock(this, key, LockOptions.builder().build());
  }

  /** A lock on {@code key}; see {@link Lock}. */
  public Lock lock(String key, LockOptions options) {
    return new Lock(this, key, options);
  }

  /**
   * A channel to the agent in use, for the generated stubs: it adds the token metadata and moves
   * on to the next address after an UNAVAILABLE failure (it does not retry by itself).
   */
  public Channel channel() {
    return pool.channel();
  }

  /**
   * A generated stub on {@link #channel()}, e.g. {@code
   * client.stub(CatalogServiceGrpc::newBlockingStub)} or {@code
   * client.stub(KVServiceGrpc::newStub)}.
   */
  public <S extends AbstractStub<S>> S stub(Function<Channel, S> factory) {
    return factory.apply(pool.channel());
  }

  /** Query options with this client's token and datacenter, for a raw request. */
  public QueryOptions.Builder queryOptions() {
    return QueryOptions.newBuilder().setToken(token).setDatacenter(datacenter);
  }

  /** Write options with this client's token and datacenter, for a raw request. */
  public WriteOptions.Builder writeOptions() {
    return WriteOptions.newBuilder().setToken(token).setDatacenter(datacenter);
  }

  /** The address of the agent in use now. */
  public String currentAddress() {
    return pool.addresses().get(pool.currentIndex());
  }

  /** Every address, in the order they are tried. */
  public List<String> addresses() {
    return pool.addresses();
  }

  /** The per-call deadline of the convenience APIs (blocking reads get their wait on top). */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Runs {@code call} against the agent in use, and again on the next address after a failure
   * that {@code safety} allows retrying, up to the client's attempt limit. The call gets the
   * channel to use; build the stub on it, e.g. {@code client.execute(Safety.READ, ch ->
   * CatalogServiceGrpc.newBlockingStub(ch).listNodes(req))}.
   *
   * <p>A write fails with {@link ErrorKind#OUTCOME_UNKNOWN} whenever it may have applied and no
   * server said otherwise: its connection broke after sending, the caller cancelled it, its
   * deadline passed, or an earlier attempt of it was cut off that way before the last failure
   * (resending it through the convenience APIs would use a new request id, and could apply it
   * twice).
   *
   * @throws RosterException the last failure, typed
   */
  public <T> T execute(Safety safety, Function<Channel, T> call) {
    Objects.requireNonNull(safety, "safety");
    boolean write = safety != Safety.READ;
    long backoffMillis = 50;
    int addressCount = pool.addresses().size();
    // Whether an earlier attempt of this write may have reached a server and applied.
    boolean mayHaveApplied = false;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.apply(pool.channel());
      } catch (StatusRuntimeException e) {
        RosterException error = RosterException.from(e);
        Status.Code code = e.getStatus().getCode();
        boolean retry;
        if (!write) {
          retry = code == Status.Code.UNAVAILABLE;
        } else if (RosterException.hasKindTrailer(e)) {
          // A server's own answer: it says whether anything was proposed.
          retry = error.isRetryable();
        } else if (code == Status.Code.UNAVAILABLE && failedBeforeSending(e)) {
          retry = true;
        } else if (code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED
            || code == Status.Code.DEADLINE_EXCEEDED) {
          // The runtime ended the call with the request possibly on its way or already applied:
          // the connection broke, the caller cancelled, or the deadline passed. Only a write the
          // servers deduplicate may go again, and only after a broken connection (a cancelled
          // call is not to be resumed; a passed deadline would pass again).
          mayHaveApplied = true;
          retry = safety == Safety.IDEMPOTENT_WRITE && code == Status.Code.UNAVAILABLE;
        } else {
          retry = false;
        }
        if (safety == Safety.AGENT_LOCAL) {
          retry = false;
        }
        if (!retry || attempt >= maxAttempts) {
          throw mayHaveApplied ? outcomeUnknown(error) : error;
        }
        // Each address gets one immediate try; a full round of failures waits a little before
        // the next (an election takes a few hundred milliseconds).
        if (attempt % addressCount == 0) {
          try {
            Thread.sleep(backoffMillis);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw mayHaveApplied ? outcomeUnknown(error) : error;
          }
          backoffMillis = Math.min(backoffMillis * 2, 1000);
        }
      }
    }
  }

  /** {@code last}, reported as {@link ErrorKind#OUTCOME_UNKNOWN} unless it already is. */
  private static RosterException outcomeUnknown(RosterException last) {
    if (last.kind() == ErrorKind.OUTCOME_UNKNOWN) {
      return last;
    }
    return new RosterException(ErrorKind.OUTCOME_UNKNOWN, last.code(),
        "the write may have applied (an attempt was cut off after sending); last error: "
            + last.getMessage(), last.getCause());
  }

  /** Whether a failure shows that the request never left this process (no connection). */
  static boolean failedBeforeSending(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException
          || c instanceof NoRouteToHostException
          || c instanceof UnknownHostException
          || c instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  /** A stub on {@code channel} with the default deadline plus {@code extra}. */
  <S extends AbstractStub<S>> S stubOn(Channel channel, Function<Channel, S> factory,
      Duration extra) {
    return factory.apply(channel)
        .withDeadlineAfter(timeout.plus(extra).toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Query options for a read blocking past {@code minIndex} for up to {@code wait}. */
  QueryOptions blockingOptions(long minIndex, Duration wait) {
    QueryOptions.Builder b = queryOptions().setMinIndex(minIndex);
    if (wait != null) {
      b.setWait(toProto(wait));
    }
    return b.build();
  }

  /**
   * How much longer than its wait a blocking read may take: the servers add up to 1/16 of the
   * wait as jitter.
   */
  static Duration blockingSlack(Duration wait) {
    return wait == null ? Duration.ZERO : wait.plus(wait.dividedBy(16));
  }

  static com.google.protobuf.Duration toProto(Duration d) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(d.getSeconds())
        .setNanos(d.getNano())
        .build();
  }

  /** Shuts the channels down; running watches end. */
  @Override
  public void close() {
    pool.close();
  }

  /** Builds a {@link RosterClient}. */
  public static final class Builder {
    private final List<String> addresses = new ArrayList<>();
    private String token = "";
    private String datacenter = "";
    private Duration timeout = Duration.ofSeconds(15);
    private int maxAttempts;
    private Function<String, ManagedChannel> channelFactory = Builder::defaultChannel;

    private Builder() {}

    /** Agent gRPC addresses ({@code host:port}), tried in this order. */
    public Builder addresses(String... addresses) {
      return addresses(Arrays.asList(addresses));
    }

    /** Agent gRPC addresses ({@code host:port}), tried in this order. */
    public Builder addresses(List<String> addresses) {
      for (String a : addresses) {
        String trimmed = a.trim();
        if (!trimmed.isEmpty()) {
          this.addresses.add(trimmed);
        }
      }
      return this;
    }

    /** Comma-separated agent addresses, as in {@code ROSTER_GRPC_ADDRS}. */
    public Builder addressList(String commaSeparated) {
      return addresses(commaSeparated.split(","));
    }

    /** The ACL token sent with every request (empty: none, the agent's default applies). */
    public Builder token(String token) {
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /** The datacenter every request targets (empty: the agent's own). */
    public Builder datacenter(String datacenter) {
      this.datacenter = Objects.requireNonNull(datacenter, "datacenter");
      return this;
    }

    /**
     * Deadline of each attempt of a convenience call (default 15 s: longer than the 7 s the
     * servers hold a request while they elect a leader). Blocking reads get their wait on top.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Attempts per call, across addresses (default: three rounds of the address list). */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * How a channel to one address is made (default: plaintext, with keepalive pings every 30 s
     * answered within 10 s, also while no call is open); set it for TLS or a custom transport,
     * and keep the keepalive so a half-open connection does not hang a watch forever.
     */
    public Builder channelFactory(Function<String, ManagedChannel> channelFactory) {
      this.channelFactory = Objects.requireNonNull(channelFactory, "channelFactory");
      return this;
    }

    /**
     * The default channel: plaintext, and keepalive pings so that a connection whose peer
     * vanished (a host gone, a network cut, no RST ever coming) is noticed within 40 s, where a
     * watch would otherwise wait on it forever. 30 s is the shortest interval gRPC servers accept
     * by default without answering with GOAWAY {@code too_many_pings}.
     */
    static ManagedChannel defaultChannel(String address) {
      return ManagedChannelBuilder.forTarget(address)
          .usePlaintext()
          .keepAliveTime(30, TimeUnit.SECONDS)
          .keepAliveTimeout(10, TimeUnit.SECONDS)
          .keepAliveWithoutCalls(true)
          .build();
    }

    /** The client; its channels connect on first use. */
    public RosterClient build() {
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("RosterClient needs at least one address");
      }
      return new RosterClient(this);
    }
  }
}
