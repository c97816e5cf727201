package io.roster.client;

import java.time.Duration;
import java.util.Objects;

/** How a {@link Lock} behaves; build with {@link #builder()}. */
public final class LockOptions {
  private final byte[] value;
  private final String sessionName;
  private final Duration sessionTtl;
  private final Duration lockDelay;
  private final Duration retryWait;
  private final Runnable onLost;

  private LockOptions(Builder b) {
    this.value = b.value.clone();
    this.sessionName = b.sessionName;
    this.sessionTtl = b.sessionTtl;
    this.lockDelay = b.lockDelay;
    this.retryWait = b.retryWait;
    this.onLost = b.onLost;
  }

  /** A builder with Consul's defaults (TTL 15 s, lock-delay 15 s). */
  public static Builder builder() {
    return new Builder();
  }

  byte[] value() {
    return value.clone();
  }

  String sessionName() {
    return sessionName;
  }

  Duration sessionTtl() {
    return sessionTtl;
  }

  Duration lockDelay() {
    return lockDelay;
  }

  Duration retryWait() {
    return retryWait;
  }

  Runnable onLost() {
    return onLost;
  }

  /** Builds {@link LockOptions}. */
  public static final class Builder {
    private byte[] value = new byte[0];
    private String sessionName = "roster-java-lock";
    private Duration sessionTtl = Duration.ofSeconds(15);
    private Duration lockDelay = Duration.ofSeconds(15);
    private Duration retryWait = Duration.ofSeconds(1);
    private Runnable onLost;

    private Builder() {}

    /** The value written to the key when the lock is taken (e.g. the holder's name). */
    public Builder value(byte[] value) {
      this.value = Objects.requireNonNull(value, "value").clone();
      return this;
    }

    /** The session's name, shown in session listings. */
    public Builder sessionName(String sessionName) {
      this.sessionName = Objects.requireNonNull(sessionName, "sessionName");
      return this;
    }

    /**
     * The session's TTL (10 s to 24 h, whole seconds); the lock renews it every half TTL. If
     * renewals stop (the process hangs or is cut off) the servers release the lock after at
     * most twice the TTL.
     */
    public Builder sessionTtl(Duration sessionTtl) {
      this.sessionTtl = Objects.requireNonNull(sessionTtl, "sessionTtl");
      return this;
    }

    /**
     * How long the key stays unacquirable after the session is invalidated without releasing
     * (a crashed holder), so that the old holder can notice it lost the lock first.
     */
    public Builder lockDelay(Duration lockDelay) {
      this.lockDelay = Objects.requireNonNull(lockDelay, "lockDelay");
      return this;
    }

    /** How long to pause when the key is free but could not be taken (its lock-delay). */
    public Builder retryWait(Duration retryWait) {
      this.retryWait = Objects.requireNonNull(retryWait, "retryWait");
      return this;
    }

    /**
     * Called when the held lock is found lost: its session is gone, or its key was deleted or is
     * held by another session (see {@link Lock}). Runs on the lock's renewal or watch thread.
     */
    public Builder onLost(Runnable onLost) {
      this.onLost = onLost;
      return this;
    }

    /** The options. */
    public LockOptions build() {
      return new LockOptions(this);
    }
  }
}
