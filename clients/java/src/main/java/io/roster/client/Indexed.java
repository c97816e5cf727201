package io.roster.client;

import java.util.Objects;

/**
 * A value read at a Raft index: pass {@link #index()} as the next blocking read's {@code
 * minIndex} to wait for the next change.
 *
 * @param <T> the value's type
 */
public final class Indexed<T> {
  private final T value;
  private final long index;

  /** A value and the index it was read at. */
  public Indexed(T value, long index) {
    this.value = value;
    this.index = index;
  }

  /** The value. */
  public T value() {
    return value;
  }

  /** The index the value was read at (never 0 from a server). */
  public long index() {
    return index;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Indexed)) {
      return false;
    }
    Indexed<?> other = (Indexed<?>) o;
    return index == other.index && Objects.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, index);
  }

  @Override
  public String toString() {
    return "Indexed{index=" + index + ", value=" + value + "}";
  }
}
