package roster

// Unit tests of what the client reports when a call may or may not have
// taken effect, of the end of watches and locks when the client is closed,
// and of agent-local calls, against in-process stand-in servers.

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	catalogv1 "example.invalid/roster/clients/go/gen/roster/catalog/v1"
	commonv1 "example.invalid/roster/clients/go/gen/roster/common/v1"
	kvv1 "example.invalid/roster/clients/go/gen/roster/kv/v1"
	sessionv1 "example.invalid/roster/clients/go/gen/roster/session/v1"
)

// failWith returns a server error carrying the roster-error-kind trailer.
func failWith(ctx context.Context, kind Kind, code codes.Code) error {
	_ = grpc.SetTrailer(ctx, metadata.Pairs(ErrorKindMetadata, string(kind)))
	return status.Error(code, "fake "+string(kind))
}

func mustError(t *testing.T, err error) *Error {
	t.Helper()
	var re *Error
	if !errors.As(err, &re) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	return re
}

// A write the caller's context cut short after sending may have applied: it
// must not look retryable.
func TestWriteCutShortIsOutcomeUnknown(t *testing.T) {
	// The handlers hang until the test ends, not just until their own
	// deadline: answering then (Unknown, "context deadline exceeded") would
	// race the client's own deadline, which is what the test is about.
	release := make(chan struct{})
	hang := func(ctx context.Context, _ *kvv1.PutRequest) (*kvv1.PutResponse, error) {
		<-release
		return nil, ctx.Err()
	}
	kv := &fakeKV{onPut: hang, onGet: func(ctx context.Context, _ *kvv1.GetRequest) (*kvv1.GetResponse, error) {
		<-release
		return nil, ctx.Err()
	}}
	c := newTestClient(t, Config{Addresses: []string{serve(t, kv, nil)}})
	t.Cleanup(func() { close(release) }) // before the client and the server stop

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := c.KV().Put(ctx, "k", []byte("v"))
	re := mustError(t, err)
	if re.Kind != KindOutcomeUnknown || re.Retryable() || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("deadline: got %+v", re)
	}

	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	_, err = c.KV().Put(ctx, "k", []byte("v"))
	re = mustError(t, err)
	if re.Kind != KindOutcomeUnknown || re.Retryable() || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancel: got %+v", re)
	}
	if n := atomic.LoadInt32(&kv.puts); n != 2 {
		t.Fatalf("puts = %d, want 2 (no repeat)", n)
	}

	// A read cut short is only that.
	ctx, cancel = context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, _, err = c.KV().Get(ctx, "k", nil)
	if re := mustError(t, err); re.Kind != KindDeadlineExceeded {
		t.Fatalf("read: got %+v", re)
	}

	// A write that never left (the context ended first) is not in doubt.
	done, cancelDone := context.WithCancel(context.Background())
	cancelDone()
	_, err = c.KV().Put(done, "k", []byte("v"))
	if re := mustError(t, err); re.Kind == KindOutcomeUnknown {
		t.Fatalf("unsent write: got %+v", re)
	}
}

// breakAfterReceiving is a Put handler that stops its own server once the
// request has arrived, so that the client sees the connection break after
// sending.
func breakAfterReceiving(srv **grpc.Server) func(ctx context.Context, _ *kvv1.PutRequest) (*kvv1.PutResponse, error) {
	return func(ctx context.Context, _ *kvv1.PutRequest) (*kvv1.PutResponse, error) {
		go (*srv).Stop()
		<-ctx.Done()
		return nil, ctx.Err()
	}
}

// A deduplicated write resent after a broken connection, whose resends all
// fail, may have applied with the first copy: its final error must say so,
// not the last attempt's retryable no_leader.
func TestRetriedWriteThatMayHaveAppliedIsOutcomeUnknown(t *testing.T) {
	var srvA *grpc.Server
	a := &fakeKV{onPut: breakAfterReceiving(&srvA)}
	addrA, srvA := serveWith(t, func(s *grpc.Server) { kvv1.RegisterKVServiceServer(s, a) })
	b := &fakeKV{putKind: KindNoLeader, putCode: codes.Unavailable}
	c := newTestClient(t, Config{Addresses: []string{addrA, serve(t, b, nil)}, Rounds: 2,
		ConnectTimeout: 300 * time.Millisecond, RetryPause: 20 * time.Millisecond})

	_, err := c.KV().Put(ctxT(t), "k", []byte("v"))
	re := mustError(t, err)
	if re.Kind != KindOutcomeUnknown || re.Retryable() {
		t.Fatalf("got %+v", re)
	}
	if a.puts != 1 || b.puts < 1 {
		t.Fatalf("puts: a=%d b=%d; the write was not resent", a.puts, b.puts)
	}

	// When a resend gets an answer, that answer stands (the servers
	// deduplicate the copies).
	var srvC *grpc.Server
	cKV := &fakeKV{onPut: breakAfterReceiving(&srvC)}
	addrC, srvC := serveWith(t, func(s *grpc.Server) { kvv1.RegisterKVServiceServer(s, cKV) })
	d := &fakeKV{}
	c2 := newTestClient(t, Config{Addresses: []string{addrC, serve(t, d, nil)}})
	if _, err := c2.KV().Put(ctxT(t), "k", []byte("v")); err != nil {
		t.Fatalf("resent write: %v", err)
	}
	if cKV.puts != 1 || d.puts != 1 {
		t.Fatalf("puts: %d and %d, want 1 and 1", cKV.puts, d.puts)
	}
}

// The same request id goes with every copy of a write.
func TestResentWriteKeepsItsRequestID(t *testing.T) {
	var srvA *grpc.Server
	var ids sync.Map
	record := func(req *kvv1.PutRequest) { ids.Store(req.GetWriteOptions().GetRequestId(), true) }
	brk := breakAfterReceiving(&srvA)
	a := &fakeKV{onPut: func(ctx context.Context, req *kvv1.PutRequest) (*kvv1.PutResponse, error) {
		record(req)
		return brk(ctx, req)
	}}
	addrA, srvA := serveWith(t, func(s *grpc.Server) { kvv1.RegisterKVServiceServer(s, a) })
	b := &fakeKV{onPut: func(ctx context.Context, req *kvv1.PutRequest) (*kvv1.PutResponse, error) {
		record(req)
		return &kvv1.PutResponse{Index: 3, Success: true}, nil
	}}
	c := newTestClient(t, Config{Addresses: []string{addrA, serve(t, b, nil)}})
	if _, err := c.KV().Put(ctxT(t), "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	n := 0
	ids.Range(func(k, _ interface{}) bool { n++; return k.(string) != "" })
	if n != 1 {
		t.Fatalf("%d distinct request ids over the copies, want 1", n)
	}
}

// blockingWatch serves one state of the key, held by session (none when
// ""), then blocks until the stream ends.
func blockingWatch(session string) func(*kvv1.WatchRequest, kvv1.KVService_WatchServer) error {
	watch, _ := signallingWatch(session)
	return watch
}

// signallingWatch is blockingWatch that also reports, by closing the
// returned channel, that a stream was served its state.
func signallingWatch(session string) (func(*kvv1.WatchRequest, kvv1.KVService_WatchServer) error, <-chan struct{}) {
	served := make(chan struct{})
	var once sync.Once
	return func(req *kvv1.WatchRequest, st kvv1.KVService_WatchServer) error {
		resp := &kvv1.WatchResponse{QueryMeta: &commonv1.QueryMeta{Index: 10}}
		if session != "" {
			resp.Entries = []*kvv1.Entry{{Key: req.Key, Session: session}}
		}
		if err := st.Send(resp); err != nil {
			return err
		}
		once.Do(func() { close(served) })
		<-st.Context().Done()
		return st.Context().Err()
	}, served
}

// signalRecvs makes w signal on the returned channel (buffered, one slot)
// each time a Next starts waiting for the server's next state, so a test can
// wait for a Next in another goroutine to be blocked instead of sleeping.
// Call it before w's first Next.
func signalRecvs[T any](w *Watch[T]) <-chan struct{} {
	waiting := make(chan struct{}, 1)
	open := w.open
	w.open = func(ctx context.Context, minIndex uint64) (func() (T, *QueryMeta, error), error) {
		recv, err := open(ctx, minIndex)
		if err != nil {
			return nil, err
		}
		return func() (T, *QueryMeta, error) {
			select {
			case waiting <- struct{}{}:
			default:
			}
			return recv()
		}, nil
	}
	return waiting
}

// nextBlocked starts w.Next in a goroutine, whose result comes on the
// returned channel, and returns once that Next is waiting for the server.
func nextBlocked[T any](t *testing.T, w *Watch[T], waiting <-chan struct{}) <-chan bool {
	t.Helper()
	// Forget the signals of the receives made so far.
	select {
	case <-waiting:
	default:
	}
	next := make(chan bool, 1)
	go func() { next <- w.Next() }()
	select {
	case <-waiting:
	case ok := <-next:
		t.Fatalf("Next returned %v (%v) instead of waiting", ok, w.Err())
	case <-time.After(5 * time.Second):
		t.Fatal("Next is not waiting for the server within 5 s")
	}
	return next
}

func TestWatchEndsWhenClientCloses(t *testing.T) {
	kv := &fakeKV{onWatch: blockingWatch("")}
	c := newTestClient(t, Config{Addresses: []string{serve(t, kv, nil)}, RetryPause: 10 * time.Millisecond})
	w := c.KV().WatchKey(context.Background(), "k", 0)
	t.Cleanup(w.Close)
	waiting := signalRecvs(w)
	if !w.Next() {
		t.Fatal(w.Err())
	}
	next := nextBlocked(t, w, waiting)
	_ = c.Close()
	select {
	case ok := <-next:
		if ok || !errors.Is(w.Err(), ErrClosed) {
			t.Fatalf("after Close: Next %v, Err %v", ok, w.Err())
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the watch goes on after the client was closed")
	}
	// A watch made on a closed client ends at once too.
	w2 := c.KV().WatchKey(context.Background(), "k", 0)
	defer w2.Close()
	if w2.Next() || !errors.Is(w2.Err(), ErrClosed) {
		t.Fatalf("watch on a closed client: %v", w2.Err())
	}
}

// fakeSessions is a stand-in SessionService: one session, renewals counted
// with their times; renewErr (when set) fails the first renewal.
type fakeSessions struct {
	sessionv1.UnimplementedSessionServiceServer
	renewErr func(ctx context.Context) error

	mu       sync.Mutex
	renewals []time.Time
	destroys int
}

const fakeSessionID = "11111111-2222-3333-4444-555555555555"

func (f *fakeSessions) Create(ctx context.Context, req *sessionv1.CreateRequest) (*sessionv1.CreateResponse, error) {
	return &sessionv1.CreateResponse{Id: fakeSessionID}, nil
}

func (f *fakeSessions) Renew(ctx context.Context, req *sessionv1.RenewRequest) (*sessionv1.RenewResponse, error) {
	f.mu.Lock()
	f.renewals = append(f.renewals, time.Now())
	first := len(f.renewals) == 1
	f.mu.Unlock()
	if first && f.renewErr != nil {
		return nil, f.renewErr(ctx)
	}
	return &sessionv1.RenewResponse{Session: &sessionv1.Session{Id: req.Id}}, nil
}

func (f *fakeSessions) Destroy(ctx context.Context, req *sessionv1.DestroyRequest) (*sessionv1.DestroyResponse, error) {
	f.mu.Lock()
	f.destroys++
	f.mu.Unlock()
	return &sessionv1.DestroyResponse{}, nil
}

// lockServer starts a server on which acquiring always succeeds, with the
// given watch behaviour.
func lockServer(t *testing.T, sessions *fakeSessions, watch func(*kvv1.WatchRequest, kvv1.KVService_WatchServer) error) string {
	kv := &fakeKV{
		onPut: func(ctx context.Context, req *kvv1.PutRequest) (*kvv1.PutResponse, error) {
			return &kvv1.PutResponse{Index: 10, Success: true}, nil
		},
		onWatch: watch,
	}
	addr, _ := serveWith(t, func(s *grpc.Server) {
		kvv1.RegisterKVServiceServer(s, kv)
		sessionv1.RegisterSessionServiceServer(s, sessions)
	})
	return addr
}

func waitClosed(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(3 * time.Second):
		t.Fatalf("%s: not within 3 s", what)
	}
}

// When the watch on a held lock's key ends on an error it cannot resume
// from, the lock can no longer be vouched for: it is reported lost.
func TestLockLostWhenItsWatchFails(t *testing.T) {
	denied := func(req *kvv1.WatchRequest, st kvv1.KVService_WatchServer) error {
		err := st.Send(&kvv1.WatchResponse{QueryMeta: &commonv1.QueryMeta{Index: 10},
			Entries: []*kvv1.Entry{{Key: req.Key, Session: fakeSessionID}}})
		if err != nil {
			return err
		}
		// Deliberately slow: the read access goes some time after the
		// lock is held, not together with the state that shows it held.
		time.Sleep(100 * time.Millisecond)
		st.SetTrailer(metadata.Pairs(ErrorKindMetadata, string(KindPermissionDenied)))
		return status.Error(codes.PermissionDenied, "fake: token lost read access")
	}
	sessions := &fakeSessions{}
	c := newTestClient(t, Config{Addresses: []string{lockServer(t, sessions, denied)}})
	l := c.NewLock("k", LockOptions{Node: "n1", SessionTTL: 10 * time.Second})
	lost, err := l.Lock(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	waitClosed(t, lost, "lock lost after its watch failed")
	if err := l.Unlock(ctxT(t)); err != nil {
		t.Fatal(err)
	}
}

// Closing the client ends a held lock's goroutines and reports it lost.
func TestLockEndsWhenClientCloses(t *testing.T) {
	sessions := &fakeSessions{}
	watch, served := signallingWatch(fakeSessionID)
	c := newTestClient(t, Config{Addresses: []string{lockServer(t, sessions, watch)},
		RetryPause: 10 * time.Millisecond})
	l := c.NewLock("k", LockOptions{Node: "n1", SessionTTL: 10 * time.Second})
	lost, err := l.Lock(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	waitClosed(t, served, "the lock's watch served its state") // the watch started
	select {
	case <-lost:
		t.Fatal("lost before Close")
	default:
	}
	_ = c.Close()
	waitClosed(t, lost, "lock lost after Close")
	l.mu.Lock()
	done := l.done
	l.mu.Unlock()
	waitClosed(t, done, "renew and monitor goroutines ended after Close")
}

// A failed renewal is retried within min(1 s, TTL/4), not a whole TTL/2
// later.
func TestRenewRetriesSoonAfterFailure(t *testing.T) {
	sessions := &fakeSessions{renewErr: func(ctx context.Context) error {
		return failWith(ctx, KindRateLimited, codes.ResourceExhausted)
	}}
	c := newTestClient(t, Config{Addresses: []string{lockServer(t, sessions, blockingWatch(fakeSessionID))}})
	ttl := 2 * time.Second
	l := c.NewLock("k", LockOptions{Node: "n1", SessionTTL: ttl})
	if _, err := l.Lock(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = l.Unlock(context.Background()) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		sessions.mu.Lock()
		r := append([]time.Time(nil), sessions.renewals...)
		sessions.mu.Unlock()
		if len(r) >= 2 {
			if gap := r[1].Sub(r[0]); gap > ttl/4+300*time.Millisecond {
				t.Fatalf("renewal retried %v after a failure, want about %v", gap, ttl/4)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("renewals: %v", r)
		}
		time.Sleep(50 * time.Millisecond) // paces the poll of the renewals
	}
}

// An agent-local call is not sent to another agent: there it would register
// the service on the wrong node.
func TestAgentLocalCallsStayOnTheirAgent(t *testing.T) {
	local := &fakeLocal{}
	other := serve(t, &fakeKV{}, local)
	c := newTestClient(t, Config{Addresses: []string{closedPort(t), other}, Rounds: 2,
		ConnectTimeout: 200 * time.Millisecond, RetryPause: 20 * time.Millisecond})
	err := c.Agent().RegisterService(ctxT(t), &catalogv1.Service{Service: "web"})
	if !IsKind(err, KindUnavailable) {
		t.Fatalf("got %v, want unavailable", err)
	}
	if n := atomic.LoadInt32(&local.registers); n != 0 {
		t.Fatalf("the service was registered on another agent (%d times)", n)
	}
	// The client's later calls move on; the caller decides whether to
	// register there.
	if c.CurrentAddress() != other {
		t.Fatalf("current address %s, want %s", c.CurrentAddress(), other)
	}
	if err := c.Agent().RegisterService(ctxT(t), &catalogv1.Service{Service: "web"}); err != nil {
		t.Fatal(err)
	}
	if n := atomic.LoadInt32(&local.registers); n != 1 {
		t.Fatalf("registrations: %d", n)
	}
}

func TestReadOnlyAndAgentLocal(t *testing.T) {
	if !readOnly("/roster.kv.v1.KVService/Get", &kvv1.GetRequest{}) || readOnly("/roster.kv.v1.KVService/Put", &kvv1.PutRequest{}) {
		t.Fatal("readOnly on KV")
	}
	cases := map[string]bool{
		"/roster.agent.v1.LocalStateService/RegisterService": true,
		"/roster.agent.v1.LocalStateService/ListServices":    true,
		"/roster.agent.v1.AgentService/Leave":                true,
		"/roster.agent.v1.AgentService/GetSelf":              false,
		"/roster.kv.v1.KVService/Put":                        false,
	}
	for m, want := range cases {
		if got := agentLocal(m, nil); got != want {
			t.Errorf("agentLocal(%s) = %v", m, got)
		}
	}
}
