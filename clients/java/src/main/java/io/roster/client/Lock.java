package io.roster.client;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.roster.kv.v1.Entry;
import io.roster.kv.v1.PutRequest;
import io.roster.kv.v1.PutResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
 * <p>While held, the lock watches its key and counts as lost ({@link #isHeld()} turns false,
 * {@link LockOptions.Builder#onLost} runs, the session is destroyed) as soon as the key is
 * deleted or held by another session, a renewal finds the session gone, or the watch fails for
 * good. {@code (key, lock index, session)} is still the fencing token: between those signals
 * only the servers know for sure.
 *
 * <p>An attempt that does not end holding the lock (a timeout, an error, {@link #close()})
 * leaves nothing behind: its session is destroyed and no longer renewed, which also frees the
 * key should an acquire whose outcome was unknown have applied after all.
 */
public final class Lock implements AutoCloseable {
  private final RosterClient client;
  private final String key;
  private final LockOptions options;
  private final AtomicBoolean acquiring = new AtomicBoolean();
  private final Object state = new Object();
  private String sessionId;
  private ScheduledExecutorService renewer;
  private Watch<Optional<Entry>> monitor;
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

  /** Whether this lock is held, as far as its renewals and its watch on the key know. */
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
   * it. True once held; false on timeout or if the lock was closed meanwhile. Unless it returns
   * true, the attempt's session is destroyed.
   *
   * @throws RosterException if the servers refuse (e.g. a TTL out of range), or a call fails
   */
  public boolean tryAcquire(Duration timeout) throws InterruptedException {
    if (!acquiring.compareAndSet(false, true)) {
      throw new IllegalStateException("another thread is acquiring this lock");
    }
    boolean got = false;
    try {
      long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
      while (!closed) {
        if (held) {
          got = true;
          return true;
        }
        String session = ensureSession();
        PutRequest req = PutRequest.newBuilder()
            .setKey(key)
            .setValue(ByteString.copyFrom(options.value()))
            .setAcquireSession(session)
            .build();
        PutResponse resp = client.kv().put(req);
        if (resp.getSuccess()) {
          if (closed) {
            return false; // closed meanwhile: the finally below frees the key again
          }
          held = true;
          startMonitor(session, resp.getIndex());
          got = true;
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
      if (!got) {
        abandonSession();
      }
      acquiring.set(false);
    }
  }

  /** Releases the lock if held, stops renewing and watching, and destroys the session. */
  public void release() {
    String session;
    ScheduledExecutorService r;
    Watch<Optional<Entry>> m;
    boolean wasHeld;
    synchronized (state) {
      session = sessionId;
      r = renewer;
      m = monitor;
      sessionId = null; // from here on the monitor and the renewer see a stale session
      renewer = null;
      monitor = null;
      wasHeld = held;
      held = false;
    }
    if (r != null) {
      r.shutdownNow();
    }
    if (m != null) {
      m.close(); // before the release below, which the monitor would take for a loss
    }
    try {
      if (wasHeld && session != null) {
        client.kv().put(PutRequest.newBuilder()
            .setKey(key)
            .setValue(ByteString.copyFrom(options.value()))
            .setReleaseSession(session)
            .build());
      }
    } finally {
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
        ScheduledThreadPoolExecutor r = new ScheduledThreadPoolExecutor(1, runnable -> {
          Thread t = new Thread(runnable, "roster-lock-renew");
          t.setDaemon(true);
          return t;
        });
        // shutdown() must drop the pending renewal, not run it.
        r.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        renewer = r;
        scheduleRenewal(r, sessionId, renewPeriod());
      }
      return sessionId;
    }
  }

  /** Abandons an attempt that did not take the lock: stops renewing, destroys the session. */
  private void abandonSession() {
    String session;
    ScheduledExecutorService r;
    synchronized (state) {
      if (held) {
        return;
      }
      session = sessionId;
      r = renewer;
      sessionId = null;
      renewer = null;
    }
    if (r != null) {
      r.shutdownNow();
    }
    if (session != null) {
      try {
        // In a context of its own: the caller's may be the cancelled one that ended the attempt.
        Context.current().fork().run(() -> client.sessions().destroy(session));
      } catch (RuntimeException e) {
        // Unrenewed, the session expires on the servers after its TTL anyway (with its lock,
        // should the acquire have applied); the attempt's own outcome is what the caller needs.
      }
    }
  }

  private Duration renewPeriod() {
    return max(Duration.ofMillis(1), options.sessionTtl().dividedBy(2));
  }

  private void scheduleRenewal(ScheduledExecutorService r, String id, Duration delay) {
    try {
      r.schedule(() -> renew(r, id), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Stopped: the lock was released, lost or abandoned.
    }
  }

  /**
   * One renewal, bounded by half the TTL (a renewal stuck on a dead agent must not outlast the
   * session), then the next: after half a TTL, or soon (1 s, at most a quarter TTL) after a
   * failure, so that a failover in progress does not cost the session.
   */
  private void renew(ScheduledExecutorService r, String id) {
    Duration period = renewPeriod();
    RosterException failure = null;
    Context.CancellableContext bounded;
    try {
      bounded = Context.current().withDeadlineAfter(period.toMillis(), TimeUnit.MILLISECONDS, r);
    } catch (RejectedExecutionException e) {
      return; // the renewer was stopped meanwhile
    }
    try {
      bounded.run(() -> client.sessions().renew(id));
    } catch (RosterException e) {
      failure = e;
    } catch (RuntimeException e) {
      return; // the client was closed
    } finally {
      bounded.cancel(null);
    }
    if (failure == null) {
      scheduleRenewal(r, id, period);
    } else if (failure.kind() == ErrorKind.NOT_FOUND) {
      // The session is gone (TTL passed, destroyed by an operator): so is the lock. A new
      // attempt starts with a new session.
      lost(id, true);
    } else {
      Duration soon = min(Duration.ofSeconds(1), options.sessionTtl().dividedBy(4));
      scheduleRenewal(r, id, max(Duration.ofMillis(1), soon));
    }
  }

  /**
   * Watches the key from the acquire on; the lock is lost when the key is missing or held by
   * another session, or when the watch fails for good (nothing tells any more).
   */
  private void startMonitor(String session, long acquireIndex) {
    // From just before the acquire's index: a lagging server must not show the key as it was
    // before this session took it.
    Watch<Optional<Entry>> w = client.kv().watchKey(key, Math.max(0, acquireIndex - 1),
        s -> {
          if (s.value().isEmpty() || !session.equals(s.value().get().getSession())) {
            lost(session, false);
          }
        },
        e -> lost(session, false));
    boolean current;
    synchronized (state) {
      current = session.equals(sessionId) && held;
      if (current) {
        monitor = w;
      }
    }
    if (!current) {
      w.close(); // lost or released before the monitor was in place
    }
  }

  /**
   * The lock held by session {@code id} is lost: stops renewing and watching, destroys the
   * session unless the servers already dropped it, and tells {@link LockOptions#onLost()}. Runs
   * on the renewal or the watch thread; does nothing if {@code id} is not the current session.
   */
  private void lost(String id, boolean sessionGone) {
    ScheduledExecutorService r;
    Watch<Optional<Entry>> m;
    boolean wasHeld;
    synchronized (state) {
      if (!id.equals(sessionId)) {
        return;
      }
      sessionId = null;
      r = renewer;
      m = monitor;
      renewer = null;
      monitor = null;
      wasHeld = held;
      held = false;
    }
    if (r != null) {
      r.shutdown(); // not shutdownNow: this may be the renewal thread itself
    }
    if (m != null) {
      m.close();
    }
    // The watch thread's context is cancelled by now: make calls in a context of their own.
    Context.current().fork().run(() -> {
      if (!sessionGone) {
        try {
          client.sessions().destroy(id); // it holds nothing useful any more
        } catch (RuntimeException e) {
          // Unrenewed, it expires after its TTL.
        }
      }
      if (wasHeld && options.onLost() != null) {
        options.onLost().run();
      }
    });
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

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
