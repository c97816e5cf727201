package io.roster.client;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * A failed Roster call. Unchecked, as grpc-java's own {@link StatusRuntimeException} is: most
 * callers let it propagate, and those who handle it switch on {@link #kind()}.
 */
public class RosterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The trailer in which the servers name an error's kind. */
  public static final Metadata.Key<String> ERROR_KIND_KEY =
      Metadata.Key.of("roster-error-kind", Metadata.ASCII_STRING_MARSHALLER);

  private final ErrorKind kind;
  private final Status.Code code;
  private final String description;

  /**
   * Builds an error from its parts; {@link #from(Throwable)} is the usual way in.
   *
   * @param kind what went wrong
   * @param code the gRPC code the call ended with
   * @param description the server's message (may be empty)
   * @param cause the gRPC exception, or null
   */
  public RosterException(ErrorKind kind, Status.Code code, String description, Throwable cause) {
    super(kind.wireName() + " (" + code + ")" + (description.isEmpty() ? "" : ": " + description),
        cause);
    this.kind = kind;
    this.code = code;
    this.description = description;
  }

  /** What went wrong. */
  public ErrorKind kind() {
    return kind;
  }

  /** The gRPC status code the call ended with. */
  public Status.Code code() {
    return code;
  }

  /** The server's message, without the kind and code prefix of {@link #getMessage()}. */
  public String description() {
    return description;
  }

  /**
   * Whether sending the same request again (to any server) is safe: true only when the servers
   * guarantee that nothing was proposed ({@code no_leader}, {@code unavailable}). Never true for
   * {@code outcome_unknown}: that write may have applied.
   */
  public boolean isRetryable() {
    return kind.isRetryable();
  }

  /**
   * The error for a failed gRPC call: the kind comes from the {@code roster-error-kind} trailer,
   * else from the status code. A {@code RosterException} is returned as it is; any other
   * throwable becomes {@link ErrorKind#INTERNAL}.
   */
  public static RosterException from(Throwable t) {
    if (t instanceof RosterException) {
      return (RosterException) t;
    }
    Status status;
    Metadata trailers;
    if (t instanceof StatusRuntimeException) {
      status = ((StatusRuntimeException) t).getStatus();
      trailers = ((StatusRuntimeException) t).getTrailers();
    } else if (t instanceof StatusException) {
      status = ((StatusException) t).getStatus();
      trailers = ((StatusException) t).getTrailers();
    } else {
      status = Status.fromThrowable(t);
      trailers = Status.trailersFromThrowable(t);
    }
    return from(status, trailers, t);
  }

  /** The error for a status and its trailers (either may lack the kind). */
  public static RosterException from(Status status, Metadata trailers, Throwable cause) {
    ErrorKind kind = null;
    if (trailers != null) {
      String name = trailers.get(ERROR_KIND_KEY);
      if (name != null) {
        kind = ErrorKind.fromWireName(name).orElse(null);
      }
    }
    if (kind == null) {
      kind = ErrorKind.fromGrpcCode(status.getCode());
    }
    String description = status.getDescription() == null ? "" : status.getDescription();
    return new RosterException(kind, status.getCode(), description, cause);
  }

  /**
   * Whether the error came with a {@code roster-error-kind} trailer naming a kind this client
   * knows, i.e. a server classified it (an unknown name, from a newer server or a proxy, tells
   * nothing this client can act on, so the status code decides as if it were absent).
   */
  static boolean hasKindTrailer(Throwable t) {
    Metadata trailers = Status.trailersFromThrowable(t);
    if (trailers == null) {
      return false;
    }
    String name = trailers.get(ERROR_KIND_KEY);
    return name != null && ErrorKind.fromWireName(name).isPresent();
  }
}
