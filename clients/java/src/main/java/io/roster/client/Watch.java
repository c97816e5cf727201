package io.roster.client;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A running watch over one of the servers' Watch streams: a background thread reads the stream
 * and hands each new state either to a callback or to {@link #next}. When the stream breaks (the
 * agent died, lost its leader, or ended the stream) the watch opens it again, on the next address,
 * from the last index it delivered, so no state is delivered twice and changes made meanwhile
 * are not missed (the first state after resuming reflects them). Errors that retrying cannot fix
 * (a bad request, a denied token) end the watch.
 *
 * <p>States are complete snapshots, so a consumer that falls behind loses nothing by seeing only
 * the newest: past {@value #MAX_QUEUED} unread states the oldest are dropped.
 *
 * @param <T> the state's type
 */
public final class Watch<T> implements AutoCloseable {
  /** How many unread states {@link #next} keeps. */
  public static final int MAX_QUEUED = 256;

  /** Opens a server stream from an index and reads the index of a response. */
  interface Opener<R> {
    Iterator<R> open(long minIndex);

    long index(R response);
  }

  // Marks the end of the watch in the queue; never handed out.
  private final Indexed<T> end = new Indexed<>(null, -1);
  private final LinkedBlockingDeque<Indexed<T>> queue = new LinkedBlockingDeque<>();
  private final Consumer<Indexed<T>> onChange;
  private final Consumer<RosterException> onError;
  private Thread thread;
  private volatile boolean closed;
  private volatile RosterException failure;
  private volatile Context.CancellableContext context;
  private volatile long lastIndex;
  private volatile int resumes;
  private long backoffMillis;

  private Watch(Consumer<Indexed<T>> onChange, Consumer<RosterException> onError) {
    this.onChange = onChange;
    this.onError = onError;
  }

  static <R, T> Watch<T> open(Opener<R> opener, Function<R, T> map,
      Consumer<Indexed<T>> onChange, Consumer<RosterException> onError) {
    return open(opener, map, 0, onChange, onError);
  }

  /** A watch that skips states up to {@code fromIndex} (as if it had delivered that index). */
  static <R, T> Watch<T> open(Opener<R> opener, Function<R, T> map, long fromIndex,
      Consumer<Indexed<T>> onChange, Consumer<RosterException> onError) {
    Watch<T> w = new Watch<>(onChange, onError);
    w.lastIndex = fromIndex;
    w.thread = new Thread(() -> w.run(opener, map), "roster-watch");
    w.thread.setDaemon(true);
    w.thread.start();
    return w;
  }

  /**
   * The next state, waiting as long as it takes.
   *
   * @throws RosterException if the watch failed
   * @throws IllegalStateException if the watch was closed, or delivers to a callback
   */
  public Indexed<T> next() throws InterruptedException {
    requireQueue();
    return unwrap(queue.take());
  }

  /**
   * The next state, or null if none comes within {@code timeout}.
   *
   * @throws RosterException if the watch failed
   * @throws IllegalStateException if the watch was closed, or delivers to a callback
   */
  public Indexed<T> next(Duration timeout) throws InterruptedException {
    requireQueue();
    Indexed<T> item = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    return item == null ? null : unwrap(item);
  }

  /** The index of the last state delivered (0 before the first). */
  public long lastIndex() {
    return lastIndex;
  }

  /** How many times the stream was opened again after breaking. */
  public int resumes() {
    return resumes;
  }

  /** Whether the watch is still running (not closed, not failed). */
  public boolean isOpen() {
    return thread.isAlive();
  }

  /** Stops the watch and cancels its stream. */
  @Override
  public void close() {
    closed = true;
    Context.CancellableContext ctx = context;
    if (ctx != null) {
      ctx.cancel(null);
    }
    if (Thread.currentThread() == thread) {
      return; // closed from its own callback: the loop ends when the callback returns
    }
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void requireQueue() {
    if (onChange != null) {
      throw new IllegalStateException("this watch delivers to a callback");
    }
  }

  private Indexed<T> unwrap(Indexed<T> item) {
    if (item != end) {
      return item;
    }
    queue.offerFirst(end); // later calls see the end too
    if (failure != null) {
      throw failure;
    }
    throw new IllegalStateException("watch closed");
  }

  private <R> void run(Opener<R> opener, Function<R, T> map) {
    backoffMillis = 100;
    try {
      while (!closed) {
        Context.CancellableContext ctx = Context.current().withCancellation();
        context = ctx;
        try {
          if (closed) {
            break;
          }
          ctx.run(() -> {
            Iterator<R> stream = opener.open(lastIndex);
            while (stream.hasNext()) {
              R response = stream.next();
              long index = opener.index(response);
              // A resumed stream skips what was seen; a repeat of the last index is the same
              // state, and is not delivered twice.
              if (index == lastIndex) {
                continue;
              }
              lastIndex = index;
              backoffMillis = 100;
              deliver(new Indexed<>(map.apply(response), index));
            }
          });
        } catch (StatusRuntimeException e) {
          if (closed) {
            break;
          }
          Status.Code code = e.getStatus().getCode();
          if (code != Status.Code.UNAVAILABLE && code != Status.Code.CANCELLED
              && code != Status.Code.DEADLINE_EXCEEDED) {
            fail(RosterException.from(e));
            break;
          }
        } catch (CallbackFailure e) {
          fail(new RosterException(ErrorKind.INTERNAL, Status.Code.INTERNAL,
              "watch callback threw " + e.getCause(), e.getCause()));
          break;
        } catch (RuntimeException e) {
          if (closed) {
            break;
          }
          fail(RosterException.from(e));
          break;
        } finally {
          ctx.cancel(null);
        }
        // The stream broke, or the server ended it: resume from the last index.
        resumes++;
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException e) {
          break;
        }
        backoffMillis = Math.min(backoffMillis * 2, 2000);
      }
    } finally {
      queue.offer(end);
    }
  }

  private void deliver(Indexed<T> state) {
    if (onChange != null) {
      try {
        onChange.accept(state);
      } catch (RuntimeException e) {
        throw new CallbackFailure(e);
      }
      return;
    }
    queue.offer(state);
    while (queue.size() > MAX_QUEUED) {
      queue.pollFirst();
    }
  }

  private void fail(RosterException e) {
    failure = e;
    if (onError != null) {
      onError.accept(e);
    }
  }

  /** Carries a callback's exception out of the stream loop, apart from gRPC's. */
  private static final class CallbackFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallbackFailure(RuntimeException cause) {
      super(cause);
    }
  }
}
