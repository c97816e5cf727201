package io.roster.client;

import io.roster.client.RosterClient.Safety;
import io.roster.session.v1.Behavior;
import io.roster.session.v1.CreateRequest;
import io.roster.session.v1.DestroyRequest;
import io.roster.session.v1.InfoRequest;
import io.roster.session.v1.InfoResponse;
import io.roster.session.v1.ListRequest;
import io.roster.session.v1.RenewRequest;
import io.roster.session.v1.Session;
import io.roster.session.v1.SessionServiceGrpc;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sessions ({@code SessionService}): the leases KV locks are held by. */
public final class Sessions {
  private final RosterClient client;

  Sessions(RosterClient client) {
    this.client = client;
  }

  /**
   * Creates a session with a TTL (at least 10 s) and a lock-delay, on the connected agent's node,
   * releasing its locks when invalidated. Returns its ID.
   */
  public String create(String name, Duration ttl, Duration lockDelay) {
    return create(Session.newBuilder()
        .setName(name)
        .setTtl(ttl.getSeconds() + "s")
        .setLockDelayNs(lockDelay.toNanos())
        .setBehavior(Behavior.BEHAVIOR_RELEASE)
        .build());
  }

  /**
   * Creates {@code session}; an empty node becomes the connected agent's. The request carries a
   * request id, so a retry after a lost connection names the same session. Returns its ID.
   */
  public String create(Session session) {
    Session.Builder s = session.toBuilder();
    if (s.getNode().isEmpty()) {
      s.setNode(client.agent().nodeName());
    }
    CreateRequest req = CreateRequest.newBuilder()
        .setWriteOptions(client.writeOptions().setRequestId(UUID.randomUUID().toString()))
        .setSession(s)
        .build();
    return client.execute(Safety.IDEMPOTENT_WRITE, ch ->
        client.stubOn(ch, SessionServiceGrpc::newBlockingStub, Duration.ZERO).create(req))
        .getId();
  }

  /** Invalidates a session, releasing its locks (an unknown ID is not an error). */
  public void destroy(String id) {
    DestroyRequest req = DestroyRequest.newBuilder()
        .setWriteOptions(client.writeOptions())
        .setId(id)
        .build();
    client.execute(Safety.IDEMPOTENT_WRITE, ch ->
        client.stubOn(ch, SessionServiceGrpc::newBlockingStub, Duration.ZERO).destroy(req));
  }

  /**
   * Restarts a session's TTL; returns the session.
   *
   * @throws RosterException {@link ErrorKind#NOT_FOUND} once the session is gone
   */
  public Session renew(String id) {
    RenewRequest req = RenewRequest.newBuilder()
        .setWriteOptions(client.writeOptions())
        .setId(id)
        .build();
    return client.execute(Safety.IDEMPOTENT_WRITE, ch ->
        client.stubOn(ch, SessionServiceGrpc::newBlockingStub, Duration.ZERO).renew(req))
        .getSession();
  }

  /** The session, if it exists. */
  public Optional<Session> info(String id) {
    InfoRequest req = InfoRequest.newBuilder()
        .setQueryOptions(client.queryOptions())
        .setId(id)
        .build();
    InfoResponse resp = client.execute(Safety.READ, ch ->
        client.stubOn(ch, SessionServiceGrpc::newBlockingStub, Duration.ZERO).info(req));
    return resp.hasSession() ? Optional.of(resp.getSession()) : Optional.empty();
  }

  /** Every session. */
  public List<Session> list() {
    ListRequest req = ListRequest.newBuilder().setQueryOptions(client.queryOptions()).build();
    return client.execute(Safety.READ, ch ->
        client.stubOn(ch, SessionServiceGrpc::newBlockingStub, Duration.ZERO).list(req))
        .getSessionsList();
  }
}
