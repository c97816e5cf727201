package io.roster.client;

import io.grpc.Status;
import java.util.Optional;

/**
 * What went wrong, as Roster's servers classify it. Every Roster error status carries its kind in
 * the {@code roster-error-kind} trailer; the names and gRPC codes here mirror the servers' table
 * ({@code proto/src/status.rs}).
 */
public enum ErrorKind {
  /** Malformed or invalid input; nothing was changed. */
  INVALID_ARGUMENT("invalid_argument", Status.Code.INVALID_ARGUMENT),
  /** A value or body over its size limit; nothing was changed. */
  TOO_LARGE("too_large", Status.Code.INVALID_ARGUMENT),
  /** The named object does not exist. */
  NOT_FOUND("not_found", Status.Code.NOT_FOUND),
  /** The token lacks a permission. */
  PERMISSION_DENIED("permission_denied", Status.Code.PERMISSION_DENIED),
  /** The token does not exist. */
  ACL_NOT_FOUND("acl_not_found", Status.Code.PERMISSION_DENIED),
  /** An ACL endpoint was called on an agent without ACLs. */
  ACL_DISABLED("acl_disabled", Status.Code.FAILED_PRECONDITION),
  /** A transaction was rolled back. */
  CONFLICT("conflict", Status.Code.ABORTED),
  /** Too many requests. */
  RATE_LIMITED("rate_limited", Status.Code.RESOURCE_EXHAUSTED),
  /** No Raft leader is known; nothing was proposed. */
  NO_LEADER("no_leader", Status.Code.UNAVAILABLE),
  /** A write was proposed but its outcome is unknown: it may or may not have applied. */
  OUTCOME_UNKNOWN("outcome_unknown", Status.Code.UNKNOWN),
  /** The server is shutting down or temporarily unable to serve; nothing was done. */
  UNAVAILABLE("unavailable", Status.Code.UNAVAILABLE),
  /** The request's deadline passed. */
  DEADLINE_EXCEEDED("deadline_exceeded", Status.Code.DEADLINE_EXCEEDED),
  /** The operation is not supported. */
  UNIMPLEMENTED("unimplemented", Status.Code.UNIMPLEMENTED),
  /** A server bug or an unexpected storage failure. */
  INTERNAL("internal", Status.Code.INTERNAL),
  /** The caller is a server of another cluster. */
  WRONG_CLUSTER("wrong_cluster", Status.Code.FAILED_PRECONDITION),
  /**
   * Well formed, but refused by the servers' rules or the current state (a session TTL out of
   * range, a lock taken with an unknown session); nothing was changed.
   */
  REFUSED("refused", Status.Code.FAILED_PRECONDITION);

  private final String wireName;
  private final Status.Code grpcCode;

  ErrorKind(String wireName, Status.Code grpcCode) {
    this.wireName = wireName;
    this.grpcCode = grpcCode;
  }

  /** The name used in the {@code roster-error-kind} trailer, e.g. {@code "no_leader"}. */
  public String wireName() {
    return wireName;
  }

  /** The gRPC code the servers send this kind with. */
  public Status.Code grpcCode() {
    return grpcCode;
  }

  /**
   * Whether a request that failed with this kind is safe to send again, to this or another
   * server: the servers guarantee that nothing was proposed or applied.
   */
  public boolean isRetryable() {
    return this == NO_LEADER || this == UNAVAILABLE;
  }

  /** The kind named {@code name} in the trailer, if it is one this client knows. */
  public static Optional<ErrorKind> fromWireName(String name) {
    for (ErrorKind kind : values()) {
      if (kind.wireName.equals(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /**
   * The kind a bare gRPC code stands for, when no trailer says (errors raised by the gRPC
   * runtime itself, or by a proxy). Same mapping as the servers' {@code from_grpc_code}.
   */
  public static ErrorKind fromGrpcCode(Status.Code code) {
    switch (code) {
      case INVALID_ARGUMENT:
      case OUT_OF_RANGE:
        return INVALID_ARGUMENT;
      case FAILED_PRECONDITION:
        return REFUSED;
      case NOT_FOUND:
        return NOT_FOUND;
      case PERMISSION_DENIED:
      case UNAUTHENTICATED:
        return PERMISSION_DENIED;
      case ABORTED:
      case ALREADY_EXISTS:
        return CONFLICT;
      case RESOURCE_EXHAUSTED:
        return RATE_LIMITED;
      case UNAVAILABLE:
      case CANCELLED:
        return UNAVAILABLE;
      case DEADLINE_EXCEEDED:
        return DEADLINE_EXCEEDED;
      case UNIMPLEMENTED:
        return UNIMPLEMENTED;
      case UNKNOWN:
        return OUTCOME_UNKNOWN;
      default:
        return INTERNAL;
    }
  }
}
