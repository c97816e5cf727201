package roster

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// ErrorKindMetadata is the trailer (metadata) entry in which Roster servers
// name the kind of every error they return.
const ErrorKindMetadata = "roster-error-kind"

// Kind is what went wrong, independent of the protocol that reported it. The
// values are the names Roster puts in the roster-error-kind trailer.
type Kind string

// The kinds of Roster's error table (proto/src/status.rs).
const (
	KindInvalidArgument  Kind = "invalid_argument"  // malformed input; nothing changed
	KindTooLarge         Kind = "too_large"         // a value over its size limit; nothing changed
	KindNotFound         Kind = "not_found"         // the named object does not exist
	KindPermissionDenied Kind = "permission_denied" // the token lacks a permission
	KindACLNotFound      Kind = "acl_not_found"     // the token does not exist
	KindACLDisabled      Kind = "acl_disabled"      // an ACL endpoint on an agent without ACLs
	KindConflict         Kind = "conflict"          // a transaction was rolled back
	KindRateLimited      Kind = "rate_limited"      // too many requests
	KindNoLeader         Kind = "no_leader"         // no Raft leader known; nothing was proposed
	KindOutcomeUnknown   Kind = "outcome_unknown"   // a write may or may not have applied
	KindUnavailable      Kind = "unavailable"       // the server cannot serve now; nothing was done
	KindDeadlineExceeded Kind = "deadline_exceeded" // the request's deadline passed
	KindUnimplemented    Kind = "unimplemented"     // not supported (yet, or in this mode)
	KindInternal         Kind = "internal"          // a bug or a storage failure
	KindWrongCluster     Kind = "wrong_cluster"     // the caller belongs to another cluster
	KindRefused          Kind = "refused"           // refused by the servers' rules or state; nothing changed
)

// AllKinds lists every kind of the error table.
var AllKinds = []Kind{
	KindInvalidArgument, KindTooLarge, KindNotFound, KindPermissionDenied,
	KindACLNotFound, KindACLDisabled, KindConflict, KindRateLimited,
	KindNoLeader, KindOutcomeUnknown, KindUnavailable, KindDeadlineExceeded,
	KindUnimplemented, KindInternal, KindWrongCluster, KindRefused,
}

// Retryable reports whether a request that failed with this kind can be sent
// again (to this or another server) without risk: the server guarantees that
// nothing was proposed. OutcomeUnknown is deliberately not retryable.
func (k Kind) Retryable() bool {
	return k == KindNoLeader || k == KindUnavailable
}

// KindFromCode is the kind a gRPC code stands for when an error carries no
// roster-error-kind entry (errors from gRPC itself or from a proxy); the same
// table as the server's ErrorKind::from_grpc_code.
func KindFromCode(code codes.Code) Kind {
	switch code {
	case codes.InvalidArgument, codes.OutOfRange:
		return KindInvalidArgument
	case codes.FailedPrecondition:
		return KindRefused
	case codes.NotFound:
		return KindNotFound
	case codes.PermissionDenied, codes.Unauthenticated:
		return KindPermissionDenied
	case codes.Aborted, codes.AlreadyExists:
		return KindConflict
	case codes.ResourceExhausted:
		return KindRateLimited
	case codes.Unavailable, codes.Canceled:
		return KindUnavailable
	case codes.DeadlineExceeded:
		return KindDeadlineExceeded
	case codes.Unimplemented:
		return KindUnimplemented
	case codes.Unknown:
		return KindOutcomeUnknown
	default: // OK, Internal, DataLoss
		return KindInternal
	}
}

// Error is a failed Roster call. Every error the Client returns for a call
// that reached (or tried to reach) a server is an *Error; use errors.As, or
// the IsKind helper.
type Error struct {
	// Kind is the error's kind from the roster-error-kind trailer, or mapped
	// from Code when the trailer is absent.
	Kind Kind
	// Code is the gRPC status code.
	Code codes.Code
	// Message is the server's (or gRPC's) message.
	Message string
	// Server is the address of the server that answered, if known.
	Server string
	// FromServer is true when a Roster server named the kind itself (the
	// trailer was present); false for failures of the transport.
	FromServer bool
	// Status is the underlying gRPC status, with any details.
	Status *status.Status
}

func (e *Error) Error() string {
	where := ""
	if e.Server != "" {
		where = " from " + e.Server
	}
	return fmt.Sprintf("roster: %s (%s)%s: %s", e.Kind, e.Code, where, e.Message)
}

// Retryable reports whether the failed request may safely be sent again.
func (e *Error) Retryable() bool { return e.Kind.Retryable() }

// GRPCStatus lets status.FromError and status.Code see the gRPC status.
func (e *Error) GRPCStatus() *status.Status { return e.Status }

// Is makes errors.Is(err, context.Canceled) and
// errors.Is(err, context.DeadlineExceeded) work on errors gRPC produced from
// the caller's context.
func (e *Error) Is(target error) bool {
	switch target {
	case context.Canceled:
		return e.Code == codes.Canceled && !e.FromServer
	case context.DeadlineExceeded:
		return e.Code == codes.DeadlineExceeded && !e.FromServer
	}
	return false
}

// KindOf returns the kind of err: its Kind when it is (or wraps) an *Error or
// a gRPC status, "" for nil and for errors that are neither.
func KindOf(err error) Kind {
	if err == nil {
		return ""
	}
	var re *Error
	if errors.As(err, &re) {
		return re.Kind
	}
	if s, ok := status.FromError(err); ok {
		return KindFromCode(s.Code())
	}
	return ""
}

// IsKind reports whether err is a Roster error of the given kind.
func IsKind(err error, kind Kind) bool { return err != nil && KindOf(err) == kind }

// newError converts a gRPC call's error and trailer into an *Error. Errors
// that are already *Error, and nil, pass through.
func newError(err error, trailer metadata.MD, server string) error {
	if err == nil {
		return nil
	}
	var re *Error
	if errors.As(err, &re) {
		return err
	}
	s, ok := status.FromError(err)
	if !ok {
		s = status.FromContextError(err)
	}
	e := &Error{Code: s.Code(), Message: s.Message(), Server: server, Status: s}
	if vals := trailer.Get(ErrorKindMetadata); len(vals) > 0 && isKnownKind(Kind(vals[0])) {
		e.Kind, e.FromServer = Kind(vals[0]), true
	} else {
		e.Kind = KindFromCode(s.Code())
	}
	return e
}

func isKnownKind(k Kind) bool {
	for _, known := range AllKinds {
		if k == known {
			return true
		}
	}
	return false
}
