package roster

import (
	"context"
	"time"

	sessionv1 "example.invalid/roster/clients/go/gen/roster/session/v1"
)

// SessionEntry is a session (the generated sessionv1.Session).
type SessionEntry = sessionv1.Session

// Sessions manages sessions, the leases KV locks are held by.
type Sessions struct{ c *Client }

// Session returns the session helper.
func (c *Client) Session() *Sessions { return &Sessions{c} }

// SessionOptions describe a new session.
type SessionOptions struct {
	Name string
	// Node the session belongs to; empty: the connected agent's node.
	Node string
	// TTL (at least the servers' minimum, 10 s by default); 0: none.
	TTL time.Duration
	// LockDelay keeps keys the session held unacquirable this long after
	// it is invalidated; nil: the servers' default (15 s).
	LockDelay *time.Duration
	// Behavior on invalidation: release (default) or delete the keys.
	Behavior sessionv1.Behavior
	// NodeChecks tie the session to checks of its node. Nil means Consul's
	// default (serfHealth); an empty non-nil slice means none, so that only
	// the TTL (and explicit destruction) ends the session.
	NodeChecks []string
}

// Create makes a session and returns its id.
func (s *Sessions) Create(ctx context.Context, o SessionOptions) (string, error) {
	node := o.Node
	if node == "" {
		var err error
		if node, err = s.c.Agent().NodeName(ctx); err != nil {
			return "", err
		}
	}
	sess := &sessionv1.Session{Name: o.Name, Node: node, Behavior: o.Behavior, NodeChecks: o.NodeChecks}
	if o.TTL > 0 {
		sess.Ttl = o.TTL.String()
	}
	if o.LockDelay != nil {
		ns := uint64(*o.LockDelay)
		sess.LockDelayNs = &ns
	}
	// A request id makes a create repeated after a broken connection answer
	// the session the first one made, instead of leaking a second one.
	resp, err := s.c.stubs.Session.Create(ctx, &sessionv1.CreateRequest{
		WriteOptions:  withRequestID(nil),
		Session:       sess,
		NodeChecksSet: o.NodeChecks != nil,
	})
	if err != nil {
		return "", err
	}
	return resp.Id, nil
}

// Destroy invalidates a session (an unknown id is not an error).
func (s *Sessions) Destroy(ctx context.Context, id string) error {
	_, err := s.c.stubs.Session.Destroy(ctx, &sessionv1.DestroyRequest{Id: id})
	return err
}

// Renew restarts a session's TTL (KindNotFound when the session is gone).
func (s *Sessions) Renew(ctx context.Context, id string) (*SessionEntry, error) {
	resp, err := s.c.stubs.Session.Renew(ctx, &sessionv1.RenewRequest{Id: id})
	if err != nil {
		return nil, err
	}
	return resp.Session, nil
}

// Info reads a session; nil when there is none.
func (s *Sessions) Info(ctx context.Context, id string, q *QueryOptions) (*SessionEntry, *QueryMeta, error) {
	resp, err := s.c.stubs.Session.Info(ctx, &sessionv1.InfoRequest{QueryOptions: q, Id: id})
	if err != nil {
		return nil, nil, err
	}
	return resp.Session, resp.QueryMeta, nil
}

// List lists every session.
func (s *Sessions) List(ctx context.Context, q *QueryOptions) ([]*SessionEntry, *QueryMeta, error) {
	resp, err := s.c.stubs.Session.List(ctx, &sessionv1.ListRequest{QueryOptions: q})
	if err != nil {
		return nil, nil, err
	}
	return resp.Sessions, resp.QueryMeta, nil
}
