// Package roster is a Go client for Roster's gRPC API: a thin layer over the
// generated stubs (package gen/roster/...) that adds failover across servers,
// an ACL token set once, typed errors, watches that survive a failover, a
// lock helper, and convenience methods for KV, agent services, health and
// sessions. Every generated stub stays reachable through Client.Stubs or
// Client.Conn.
package roster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	aclv1 "example.invalid/roster/clients/go/gen/roster/acl/v1"
	agentv1 "example.invalid/roster/clients/go/gen/roster/agent/v1"
	catalogv1 "example.invalid/roster/clients/go/gen/roster/catalog/v1"
	coordinatev1 "example.invalid/roster/clients/go/gen/roster/coordinate/v1"
	eventv1 "example.invalid/roster/clients/go/gen/roster/event/v1"
	healthv1 "example.invalid/roster/clients/go/gen/roster/health/v1"
	kvv1 "example.invalid/roster/clients/go/gen/roster/kv/v1"
	operatorv1 "example.invalid/roster/clients/go/gen/roster/operator/v1"
	sessionv1 "example.invalid/roster/clients/go/gen/roster/session/v1"
	snapshotv1 "example.invalid/roster/clients/go/gen/roster/snapshot/v1"
	statusv1 "example.invalid/roster/clients/go/gen/roster/status/v1"
	txnv1 "example.invalid/roster/clients/go/gen/roster/txn/v1"
)

// Config says how to reach Roster.
type Config struct {
	// Addresses are the gRPC addresses (host:port) of agents or servers, in
	// order of preference. At least one.
	Addresses []string
	// Token is the ACL token put into every request that does not carry one
	// already (QueryOptions.token, WriteOptions.token, and the
	// x-consul-token metadata for requests without options).
	Token string
	// DialOptions replace the default (plaintext) transport options, e.g.
	// to use TLS. The client only puts DefaultKeepalive before them (a
	// grpc.WithKeepaliveParams among them overrides it).
	DialOptions []grpc.DialOption
	// ConnectTimeout bounds how long a call waits for a server to become
	// reachable before moving on to the next address (default 2 s).
	ConnectTimeout time.Duration
	// Rounds is how many times a call goes through the whole address list
	// before giving up (default 3); RetryPause separates the rounds (default
	// 250 ms).
	Rounds     int
	RetryPause time.Duration
}

// DefaultKeepalive is the connections' keepalive: a ping after 30 s without
// traffic, the connection dropped when no answer comes within 10 s. Without
// it a connection whose server vanished without closing it (a crashed host,
// a dropped route) would hang a watch forever; with it the watch moves on.
// Roster's servers answer pings at any rate (the cluster tests check it);
// behind a proxy that enforces a minimum ping interval (grpc-go servers
// default to 5 min and close the connection with "too_many_pings"), pass
// grpc.WithKeepaliveParams with a longer Time in Config.DialOptions.
var DefaultKeepalive = keepalive.ClientParameters{
	Time:                30 * time.Second,
	Timeout:             10 * time.Second,
	PermitWithoutStream: true,
}

// Client is a connection to a Roster cluster with failover. It is safe for
// concurrent use. Close it when done.
type Client struct {
	cfg Config

	mu      sync.Mutex
	conns   []*grpc.ClientConn // dialed lazily, one per address
	current int                // index of the address calls go to
	closed  bool
	done    chan struct{} // closed by Close, to stop background work at once

	stubs Stubs
}

// Stubs holds a generated client for every public service. They all go
// through the Client's failover and token handling.
type Stubs struct {
	ACL        aclv1.AclServiceClient
	Agent      agentv1.AgentServiceClient
	LocalState agentv1.LocalStateServiceClient
	Catalog    catalogv1.CatalogServiceClient
	Coordinate coordinatev1.CoordinateServiceClient
	Event      eventv1.EventServiceClient
	Health     healthv1.HealthServiceClient
	KV         kvv1.KVServiceClient
	Keyring    operatorv1.KeyringServiceClient
	Raft       operatorv1.RaftServiceClient
	Autopilot  operatorv1.AutopilotServiceClient
	Session    sessionv1.SessionServiceClient
	Snapshot   snapshotv1.SnapshotServiceClient
	Status     statusv1.StatusServiceClient
	Txn        txnv1.TxnServiceClient
}

// New creates a client. It does not connect: connections are made by the
// first call to each address.
func New(cfg Config) (*Client, error) {
	if len(cfg.Addresses) == 0 {
		return nil, errors.New("roster: no addresses")
	}
	cfg.Addresses = append([]string(nil), cfg.Addresses...)
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = 2 * time.Second
	}
	if cfg.Rounds <= 0 {
		cfg.Rounds = 3
	}
	if cfg.RetryPause <= 0 {
		cfg.RetryPause = 250 * time.Millisecond
	}
	dialOptions := []grpc.DialOption{grpc.WithKeepaliveParams(DefaultKeepalive)}
	if cfg.DialOptions == nil {
		dialOptions = append(dialOptions, grpc.WithInsecure())
	}
	cfg.DialOptions = append(dialOptions, cfg.DialOptions...)
	c := &Client{cfg: cfg, conns: make([]*grpc.ClientConn, len(cfg.Addresses)), done: make(chan struct{})}
	conn := c.Conn()
	c.stubs = Stubs{
		ACL:        aclv1.NewAclServiceClient(conn),
		Agent:      agentv1.NewAgentServiceClient(conn),
		LocalState: agentv1.NewLocalStateServiceClient(conn),
		Catalog:    catalogv1.NewCatalogServiceClient(conn),
		Coordinate: coordinatev1.NewCoordinateServiceClient(conn),
		Event:      eventv1.NewEventServiceClient(conn),
		Health:     healthv1.NewHealthServiceClient(conn),
		KV:         kvv1.NewKVServiceClient(conn),
		Keyring:    operatorv1.NewKeyringServiceClient(conn),
		Raft:       operatorv1.NewRaftServiceClient(conn),
		Autopilot:  operatorv1.NewAutopilotServiceClient(conn),
		Session:    sessionv1.NewSessionServiceClient(conn),
		Snapshot:   snapshotv1.NewSnapshotServiceClient(conn),
		Status:     statusv1.NewStatusServiceClient(conn),
		Txn:        txnv1.NewTxnServiceClient(conn),
	}
	return c, nil
}

// Stubs returns the generated clients of every service.
func (c *Client) Stubs() *Stubs { return &c.stubs }

// Conn returns a grpc.ClientConnInterface with the client's failover and
// token handling, for building any generated stub:
// kvv1.NewKVServiceClient(c.Conn()).
func (c *Client) Conn() grpc.ClientConnInterface { return failoverConn{c} }

// Token returns the ACL token the client puts into requests.
func (c *Client) Token() string { return c.cfg.Token }

// CurrentAddress is the address calls go to now.
func (c *Client) CurrentAddress() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cfg.Addresses[c.current]
}

// Close closes every connection. Calls in flight fail (writes among them
// with KindOutcomeUnknown), later calls fail with ErrClosed, watches end
// with ErrClosed, and held locks report themselves lost (their sessions
// are no longer renewed).
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		close(c.done)
	}
	c.closed = true
	var first error
	for i, conn := range c.conns {
		if conn != nil {
			if err := conn.Close(); err != nil && first == nil {
				first = err
			}
			c.conns[i] = nil
		}
	}
	return first
}

// ErrClosed is returned by calls on a closed client, and by Watch.Err for a
// watch that ended because its client was closed. Compare with errors.Is.
var ErrClosed error = &Error{Kind: KindUnavailable, Code: codes.Canceled, Message: "client is closed"}

// isClosed reports whether Close was called.
func (c *Client) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// currentIndex is the index of the address calls go to now.
func (c *Client) currentIndex() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.current
}

// conn returns the connection to the current address (or to *pin when pin
// is not nil), dialing it if needed.
func (c *Client) conn(pin *int) (int, *grpc.ClientConn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, nil, ErrClosed
	}
	i := c.current
	if pin != nil {
		i = *pin
	}
	if c.conns[i] == nil {
		// Non-blocking: the connection is made in the background and
		// ready() waits for it with the caller's context.
		conn, err := grpc.Dial(c.cfg.Addresses[i], c.cfg.DialOptions...)
		if err != nil {
			return i, nil, err
		}
		c.conns[i] = conn
	}
	return i, c.conns[i], nil
}

// moveOn makes the next address current, unless another call already moved
// away from address i (failures seen together move the client once). With
// a pin (a watch's own choice of server), the pin moves instead.
func (c *Client) moveOn(i int, pin *int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if pin != nil {
		*pin = (i + 1) % len(c.cfg.Addresses)
		return
	}
	if c.current == i {
		c.current = (i + 1) % len(c.cfg.Addresses)
	}
}

// moveOnFrom is moveOn by address, for failures reported by streams.
func (c *Client) moveOnFrom(addr string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cfg.Addresses[c.current] == addr {
		c.current = (c.current + 1) % len(c.cfg.Addresses)
	}
}

// ready returns a connection in the READY state, so that a request sent on
// it fails before being sent only if that connection breaks meanwhile. A
// server that cannot be reached within ConnectTimeout (or at once when
// refused, unless patient) makes the next address current and is reported
// as Unavailable: nothing was sent.
func (c *Client) ready(ctx context.Context, patient bool, pin *int) (int, *grpc.ClientConn, error) {
	i, conn, err := c.conn(pin)
	if err == ErrClosed {
		return i, nil, err
	}
	addr := c.cfg.Addresses[i]
	if err != nil {
		c.moveOn(i, pin)
		return i, nil, &Error{Kind: KindUnavailable, Code: codes.Unavailable, Server: addr,
			Message: "cannot dial: " + err.Error()}
	}
	wctx, cancel := context.WithTimeout(ctx, c.cfg.ConnectTimeout)
	defer cancel()
	for {
		s := conn.GetState()
		if s == connectivity.Ready {
			return i, conn, nil
		}
		if s == connectivity.Idle {
			// Newer grpc-go versions leave an idle channel idle until
			// asked to connect (ClientConn.Connect, since 1.41); older ones
			// connect on their own and lack the method.
			if cc, ok := interface{}(conn).(interface{ Connect() }); ok {
				cc.Connect()
			}
		}
		if s == connectivity.TransientFailure {
			if !patient {
				break
			}
			// Later rounds give a server that failed before a chance to
			// have come back, instead of waiting out gRPC's backoff.
			conn.ResetConnectBackoff()
		}
		if s == connectivity.Shutdown || !conn.WaitForStateChange(wctx, s) {
			break
		}
	}
	if ctx.Err() != nil {
		return i, nil, newError(ctx.Err(), nil, addr)
	}
	c.moveOn(i, pin)
	return i, nil, &Error{Kind: KindUnavailable, Code: codes.Unavailable, Server: addr,
		Message: "server not reachable (" + conn.GetState().String() + ")"}
}

// pause waits between rounds of the address list.
func (c *Client) pause(ctx context.Context) error {
	t := time.NewTimer(c.cfg.RetryPause)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// invoke sends a unary request with failover. A request is sent again to the
// next server when it was not sent (no connection), when a server answered
// that nothing was done (no_leader, unavailable), or when the connection
// broke after sending and a repeat is harmless (a read, or a write carrying a
// request id the servers deduplicate). A write whose connection broke after
// it was sent fails with KindOutcomeUnknown, and so does a write that may
// have applied but could not be confirmed: one cut short by the caller's
// context or by Close, or a deduplicated write whose repeats all failed
// (the caller's own resend would carry a new request id and could apply
// twice).
//
// Agent-local calls (the agent's own services and checks, and its
// membership commands) are not failed over: they go to the current address
// only, since another agent would register the service on its own node.
func (c *Client) invoke(ctx context.Context, method string, args, reply interface{}, opts ...grpc.CallOption) error {
	args = c.withToken(args)
	ctx = c.withTokenMetadata(ctx)
	// oneShot writes change something when applied twice, so their outcome
	// matters to the caller.
	oneShot := !readOnly(method, args) && !idempotentMethods[method]
	local := agentLocal(method, args)
	// mayHaveApplied: a copy of this write reached a server whose answer was
	// lost; the write may have applied even if every later attempt failed.
	mayHaveApplied := false
	finish := func(err error) error {
		if mayHaveApplied && !decisive(err) {
			return outcomeUnknown(err, "an earlier copy of the write was sent and may have applied")
		}
		return err
	}

	n, attempts := len(c.cfg.Addresses), len(c.cfg.Addresses)*c.cfg.Rounds
	var pin *int
	start := 0
	if local {
		n, attempts = 1, c.cfg.Rounds
		start = c.currentIndex()
		pin = new(int)
	}
	// failedOn moves on from a server that failed. An agent-local call
	// stays on its agent, but the client's later calls move on.
	failedOn := func(i int) {
		c.moveOn(i, pin)
		if local {
			c.moveOn(i, nil)
		}
	}
	var last error
	for attempt := 0; attempt < attempts; attempt++ {
		if attempt > 0 && attempt%n == 0 {
			if err := c.pause(ctx); err != nil {
				return finish(newError(err, nil, ""))
			}
		}
		if local {
			*pin = start
		}
		i, conn, err := c.ready(ctx, attempt >= n, pin)
		if err != nil {
			if err == ErrClosed || ctx.Err() != nil {
				return finish(err)
			}
			if local {
				c.moveOn(i, nil)
			}
			last = err
			continue
		}
		if ctx.Err() != nil {
			// Ended before this copy was sent.
			return finish(newError(ctx.Err(), nil, ""))
		}
		addr := c.cfg.Addresses[i]
		var trailer metadata.MD
		err = conn.Invoke(ctx, method, args, reply, append(opts, grpc.Trailer(&trailer))...)
		if err == nil {
			return nil
		}
		e := newError(err, trailer, addr).(*Error)
		if !e.FromServer && (e.Code == codes.Canceled || e.Code == codes.DeadlineExceeded) {
			// Cut short by the caller's context or by Close, maybe after the
			// server received the request: that says nothing about whether
			// it applied.
			var cut error = e
			if e.Code == codes.Canceled && ctx.Err() == nil && c.isClosed() {
				cut = ErrClosed
			}
			if oneShot {
				return outcomeUnknown(cut, "the call ended after the write was sent (it may have applied)")
			}
			return finish(cut)
		}
		if ctx.Err() != nil {
			return finish(e)
		}
		switch {
		case e.FromServer && e.Kind.Retryable():
			failedOn(i)
			last = e
		case !e.FromServer && e.Code == codes.Unavailable:
			failedOn(i)
			if oneShot {
				if !repeatable(method, args) {
					return outcomeUnknown(e, "connection lost after the write was sent (it may have applied)")
				}
				mayHaveApplied = true
			}
			last = e
		default:
			return finish(e)
		}
	}
	return finish(last)
}

// decisive reports whether err says the request itself is wrong, so that no
// copy of it can have applied.
func decisive(err error) bool {
	switch KindOf(err) {
	case KindInvalidArgument, KindTooLarge, KindUnimplemented:
		return true
	}
	return false
}

// outcomeUnknown returns a copy of err (an *Error, or made one) with kind
// KindOutcomeUnknown, which is not retryable: the write may have applied.
// The kind is the client's conclusion, so FromServer is false.
func outcomeUnknown(err error, why string) error {
	var re *Error
	if !errors.As(err, &re) {
		re = newError(err, nil, "").(*Error)
	}
	cp := *re
	cp.Kind, cp.FromServer = KindOutcomeUnknown, false
	cp.Message = why + ": " + re.Message
	return &cp
}

// newStream opens a stream with failover on the opening only; a stream that
// breaks later is the caller's to reopen (the Watch helpers do, from the
// last index they saw). Agent-local streams open on the current address
// only, as agent-local calls do.
func (c *Client) newStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	ctx = c.withTokenMetadata(ctx)
	route, _ := ctx.Value(routeKey{}).(*streamRoute)
	var pin *int
	if route != nil && route.pinned {
		pin = &route.pin
	}
	n, attempts := len(c.cfg.Addresses), len(c.cfg.Addresses)*c.cfg.Rounds
	local := pin == nil && agentLocal(method, nil)
	start := 0
	if local {
		n, attempts = 1, c.cfg.Rounds
		start = c.currentIndex()
		pin = new(int)
	}
	var last error
	for attempt := 0; attempt < attempts; attempt++ {
		if attempt > 0 && attempt%n == 0 {
			if err := c.pause(ctx); err != nil {
				return nil, newError(err, nil, "")
			}
		}
		if local {
			*pin = start
		}
		i, conn, err := c.ready(ctx, attempt >= n, pin)
		if err != nil {
			if err == ErrClosed || ctx.Err() != nil {
				return nil, err
			}
			if local {
				c.moveOn(i, nil)
			}
			last = err
			continue
		}
		addr := c.cfg.Addresses[i]
		cs, err := conn.NewStream(ctx, desc, method, opts...)
		if err == nil {
			if route != nil {
				route.addr = addr
			}
			return &clientStream{ClientStream: cs, c: c, addr: addr}, nil
		}
		e := newError(err, nil, addr).(*Error)
		if ctx.Err() != nil || e.Code != codes.Unavailable {
			return nil, e
		}
		c.moveOn(i, pin)
		if local {
			c.moveOn(i, nil)
		}
		last = e
	}
	return nil, last
}

// routeKey carries a *streamRoute from a watch to newStream.
type routeKey struct{}

// streamRoute is a watch's choice of server. A watch pins a server when the
// one the client uses answers that it cannot serve the stream (no_leader),
// so that the client's other calls stay where they are (for agent endpoints
// the agent matters). addr is set to the server the stream was opened on.
type streamRoute struct {
	pin    int // index into Config.Addresses, when pinned
	pinned bool
	addr   string
}

// indexOf is the index of addr in the address list, or -1.
func (c *Client) indexOf(addr string) int {
	for i, a := range c.cfg.Addresses {
		if a == addr {
			return i
		}
	}
	return -1
}

// clientStream fills in the token on every message sent and turns errors
// into *Error.
type clientStream struct {
	grpc.ClientStream
	c    *Client
	addr string
}

func (s *clientStream) SendMsg(m interface{}) error {
	return newError(s.ClientStream.SendMsg(s.c.withToken(m)), nil, s.addr)
}

func (s *clientStream) RecvMsg(m interface{}) error {
	err := s.ClientStream.RecvMsg(m)
	if err == nil {
		return nil
	}
	if err == io.EOF {
		return err
	}
	e := newError(err, s.ClientStream.Trailer(), s.addr)
	if status.Code(e) == codes.Canceled && s.c.isClosed() {
		// Close ended the stream: report that, so that a watch stops
		// instead of reconnecting.
		return ErrClosed
	}
	return e
}

type failoverConn struct{ c *Client }

func (f failoverConn) Invoke(ctx context.Context, method string, args, reply interface{}, opts ...grpc.CallOption) error {
	return f.c.invoke(ctx, method, args, reply, opts...)
}

func (f failoverConn) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return f.c.newStream(ctx, desc, method, opts...)
}

// withTokenMetadata adds the token as x-consul-token metadata, which servers
// read for requests that have no options field (agent endpoints).
func (c *Client) withTokenMetadata(ctx context.Context) context.Context {
	if c.cfg.Token == "" {
		return ctx
	}
	if md, ok := metadata.FromOutgoingContext(ctx); ok && len(md.Get("x-consul-token")) > 0 {
		return ctx
	}
	return metadata.AppendToOutgoingContext(ctx, "x-consul-token", c.cfg.Token)
}

// optionFields are the fields that carry a request's token.
var optionFields = []protoreflect.Name{"query_options", "write_options"}

// withToken returns the request with the client's token in its options
// field, if it has one and no token is set there. The caller's message is
// not modified (it may be shared between goroutines): a copy is.
func (c *Client) withToken(m interface{}) interface{} {
	pm, ok := m.(proto.Message)
	if !ok || c.cfg.Token == "" {
		return m
	}
	r := pm.ProtoReflect()
	for _, name := range optionFields {
		fd := r.Descriptor().Fields().ByName(name)
		if fd == nil || fd.Message() == nil {
			continue
		}
		tokenFd := fd.Message().Fields().ByName("token")
		if tokenFd == nil || (r.Has(fd) && r.Get(fd).Message().Get(tokenFd).String() != "") {
			return m
		}
		cp := proto.Clone(pm)
		cp.ProtoReflect().Mutable(fd).Message().Set(tokenFd, protoreflect.ValueOfString(c.cfg.Token))
		return cp
	}
	return m
}

// readPrefixes name the methods without QueryOptions that only read.
var readPrefixes = []string{"Get", "List", "Read", "Watch", "Info", "Leader", "Peers", "Resolve", "TokenSelf", "ServerHealth"}

// idempotentWrites are the writes whose WriteOptions.request_id the servers
// deduplicate, so that repeating one with the same id applies it once.
var idempotentWrites = map[string]bool{
	"/roster.kv.v1.KVService/Put":                  true,
	"/roster.kv.v1.KVService/Delete":               true,
	"/roster.session.v1.SessionService/Create":     true,
	"/roster.catalog.v1.CatalogService/Register":   true,
	"/roster.catalog.v1.CatalogService/Deregister": true,
	"/roster.acl.v1.AclService/CreateToken":        true,
	"/roster.acl.v1.AclService/UpdateToken":        true,
	"/roster.acl.v1.AclService/CloneToken":         true,
	"/roster.acl.v1.AclService/DeleteToken":        true,
	"/roster.acl.v1.AclService/CreatePolicy":       true,
	"/roster.acl.v1.AclService/UpdatePolicy":       true,
	"/roster.acl.v1.AclService/DeletePolicy":       true,
	"/roster.acl.v1.AclService/CreateRole":         true,
	"/roster.acl.v1.AclService/UpdateRole":         true,
	"/roster.acl.v1.AclService/DeleteRole":         true,
}

// idempotentMethods are writes that have the same effect when applied twice.
var idempotentMethods = map[string]bool{
	"/roster.session.v1.SessionService/Destroy":          true,
	"/roster.session.v1.SessionService/Renew":            true,
	"/roster.agent.v1.LocalStateService/RegisterService": true,
	"/roster.agent.v1.LocalStateService/RegisterCheck":   true,
	"/roster.agent.v1.LocalStateService/UpdateCheck":     true,
}

// readOnly reports whether the request only reads: it has QueryOptions, or
// no options field and a reading name.
func readOnly(method string, args interface{}) bool {
	if pm, ok := args.(proto.Message); ok {
		fields := pm.ProtoReflect().Descriptor().Fields()
		if fields.ByName("query_options") != nil {
			return true
		}
		if fields.ByName("write_options") != nil {
			return false
		}
	}
	name := method[strings.LastIndex(method, "/")+1:]
	for _, p := range readPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// agentLocal reports whether the call is about the agent it reaches: every
// LocalStateService call (the agent's own services and checks) and the
// AgentService commands (join, leave, reload, ...). Sent to another agent it
// would act on, or answer for, another node.
func agentLocal(method string, args interface{}) bool {
	if strings.HasPrefix(method, "/roster.agent.v1.LocalStateService/") {
		return true
	}
	return strings.HasPrefix(method, "/roster.agent.v1.AgentService/") && !readOnly(method, args)
}

// repeatable reports whether sending the request again is harmless even if
// the first copy was applied.
func repeatable(method string, args interface{}) bool {
	pm, ok := args.(proto.Message)
	if !ok {
		return false
	}
	if idempotentMethods[method] || readOnly(method, args) {
		return true
	}
	r := pm.ProtoReflect()
	if fd := r.Descriptor().Fields().ByName("write_options"); fd != nil {
		if !idempotentWrites[method] || !r.Has(fd) {
			return false
		}
		idFd := fd.Message().Fields().ByName("request_id")
		return idFd != nil && r.Get(fd).Message().Get(idFd).String() != ""
	}
	return false
}

// String describes the client for logs.
func (c *Client) String() string {
	return fmt.Sprintf("roster.Client%v", c.cfg.Addresses)
}
