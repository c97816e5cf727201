package io.roster.client;

import com.google.protobuf.ByteString;
import io.roster.kv.v1.Entry;
import io.roster.kv.v1.PutRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A distributed lock (or leader election) on one KV key, Consul's recipe: a session with a TTL,
 * a put that acquires the key for the session, renewals every half TTL while held, and, while
 * another session holds the key, blocking reads on it until it is free.
 *
 * <pre>{@code
 * try (Lock lock = client.lock("service/job/leader")) {
 *   lock.acquire();          // blocks until this process holds it
 *   ... work while lock.isHeld() ...
 * }                          // released, and the session destroyed
 * }</pre>
 *
 * <p>{@code (key, lock index, session)} is a fencing token: {@link #isHeld()} turns false when a
 * renewal finds the session gone, but between renewals only the servers know for sure.
 */
public final class Lock implements AutoCloseable {
  private final RosterClient client;
  private final String key;
  private final LockOptions options;
  private final AtomicBoolean acquiring = new AtomicBoolean();
  private final Object state = new Object();
  private String sessionId;
  private ScheduledExecutorService renewer;
  private volatile boolean held;
  private volatile boolean closed;

  Lock(RosterClient client, String key, LockOptions options) {
    this.client = client;
    this.key = key;
    this.options = options;
  }

  /** The locked key. */
  public String key() {
    return key;
  }

  /** Whether this lock is held, as far as the last renewal knows. */
  public boolean isHeld() {
    return held;
  }

  /** The session the lock is (or will be) held by, or null before the first attempt. */
  public String sessionId() {
    synchronized (state) {
      return sessionId;
    }
  }

  /**
   * Takes the lock, waiting as long as another session holds it.
   *
   * @throws IllegalStateException if the lock was closed meanwhile
   */
  public void acquire() throws InterruptedException {
    if (!tryAcquire(null)) {
      throw new IllegalStateException("lock on " + key + " closed while acquiring");
    }
  }

  /**
   * Takes the lock, waiting at most {@code timeout} (null: forever) while another session holds
   * it. True once held; false on timeout or if the lock was closed meanwhile.
   *
   * @throws RosterException if the servers refuse (e.g. a TTL out of range)
   */
  public boolean tryAcquire(Duration timeout) throws InterruptedException {
    if (!acquiring.compareAndSet(false, true)) {
      throw new IllegalStateException("another thread is acquiring this lock");
    }
    try {
      long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
      while (!closed) {
        if (held) {
          return true;
        }
        String session = ensureSession();
        PutRequest req = PutRequest.newBuilder()
            .setKey(key)
            .setValue(ByteString.copyFrom(options.value()))
            .setAcquireSession(session)
            .build();
        if (client.kv().put(req).getSuccess()) {
          held = true;
          return true;
        }
        // Someone else holds it (wait until they go), or it is free but in its lock-delay
        // (pause a little and try again).
        Indexed<Optional<Entry>> current = client.kv().get(key, 0, null);
        if (!heldByOther(current.value(), session)) {
          if (!pause(options.retryWait(), deadline)) {
            return false;
          }
          continue;
        }
        while (heldByOther(current.value(), session) && !closed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
          Duration wait = Duration.ofNanos(Math.min(left, Duration.ofSeconds(10).toNanos()));
          current = client.kv().get(key, current.index(), wait);
        }
      }
      return false;
    } finally {
      acquiring.set(false);
    }
  }

  /** Releases the lock if held, stops renewing and destroys the session. */
  public void release() {
    String session;
    ScheduledExecutorService r;
    synchronized (state) {
      session = sessionId;
      r = renewer;
      sessionId = null;
      renewer = null;
    }
    if (r != null) {
      r.shutdownNow();
    }
    try {
      if (held && session != null) {
        client.kv().put(PutRequest.newBuilder()
            .setKey(key)
            .setValue(ByteString.copyFrom(options.value()))
            .setReleaseSession(session)
            .build());
      }
    } finally {
      held = false;
      if (session != null) {
        // Destroying releases the lock too, should the release above have failed.
        client.sessions().destroy(session);
      }
    }
  }

  /** {@link #release()}, and no further acquiring. */
  @Override
  public void close() {
    closed = true;
    release();
  }

  private String ensureSession() {
    synchronized (state) {
      if (sessionId == null) {
        sessionId = client.sessions().create(options.sessionName(), options.sessionTtl(),
            options.lockDelay());
        String id = sessionId;
        renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
          Thread t = new Thread(runnable, "roster-lock-renew");
          t.setDaemon(true);
          return t;
        });
        long period = Math.max(1, options.sessionTtl().toMillis() / 2);
        renewer.scheduleWithFixedDelay(() -> renew(id), period, period, TimeUnit.MILLISECONDS);
      }
      return sessionId;
    }
  }

  private void renew(String id) {
    try {
      client.sessions().renew(id);
    } catch (RosterException e) {
      if (e.kind() != ErrorKind.NOT_FOUND) {
        return; // transient: the next renewal tries again, well within the TTL
      }
      boolean wasHeld;
      synchronized (state) {
        if (!id.equals(sessionId)) {
          return;
        }
        // The session is gone (TTL passed, destroyed by an operator): so is the lock. A new
        // attempt starts with a new session.
        sessionId = null;
        renewer.shutdown();
        renewer = null;
        wasHeld = held;
        held = false;
      }
      if (wasHeld && options.onLost() != null) {
        options.onLost().run();
      }
    }
  }

  private static boolean heldByOther(Optional<Entry> entry, String session) {
    return entry.isPresent()
        && !entry.get().getSession().isEmpty()
        && !entry.get().getSession().equals(session);
  }

  /** Sleeps {@code d} unless that passes the deadline; false if it would. */
  private static boolean pause(Duration d, long deadline) throws InterruptedException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    TimeUnit.NANOSECONDS.sleep(Math.min(left, d.toNanos()));
    return true;
  }
}
