package roster

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	aclv1 "example.invalid/roster/clients/go/gen/roster/acl/v1"
	agentv1 "example.invalid/roster/clients/go/gen/roster/agent/v1"
	catalogv1 "example.invalid/roster/clients/go/gen/roster/catalog/v1"
	commonv1 "example.invalid/roster/clients/go/gen/roster/common/v1"
	kvv1 "example.invalid/roster/clients/go/gen/roster/kv/v1"
)

// fakeKV is a stand-in server: Get echoes the token it received, Put fails
// with putKind (when set) and counts the puts that reached it. The on*
// hooks, when set, replace the default behaviour.
type fakeKV struct {
	kvv1.UnimplementedKVServiceServer
	putKind Kind
	putCode codes.Code
	puts    int32

	onPut   func(ctx context.Context, req *kvv1.PutRequest) (*kvv1.PutResponse, error)
	onGet   func(ctx context.Context, req *kvv1.GetRequest) (*kvv1.GetResponse, error)
	onWatch func(req *kvv1.WatchRequest, st kvv1.KVService_WatchServer) error
}

func (f *fakeKV) Get(ctx context.Context, req *kvv1.GetRequest) (*kvv1.GetResponse, error) {
	if f.onGet != nil {
		return f.onGet(ctx, req)
	}
	return &kvv1.GetResponse{
		QueryMeta: &commonv1.QueryMeta{Index: 1},
		Entry:     &kvv1.Entry{Key: req.Key, Value: []byte(req.GetQueryOptions().GetToken())},
	}, nil
}

func (f *fakeKV) Put(ctx context.Context, req *kvv1.PutRequest) (*kvv1.PutResponse, error) {
	atomic.AddInt32(&f.puts, 1)
	if f.onPut != nil {
		return f.onPut(ctx, req)
	}
	if f.putKind != "" {
		_ = grpc.SetTrailer(ctx, metadata.Pairs(ErrorKindMetadata, string(f.putKind)))
		return nil, status.Error(f.putCode, "fake failure")
	}
	return &kvv1.PutResponse{Index: 7, Success: true}, nil
}

func (f *fakeKV) Watch(req *kvv1.WatchRequest, st kvv1.KVService_WatchServer) error {
	if f.onWatch != nil {
		return f.onWatch(req, st)
	}
	return status.Error(codes.Unimplemented, "no watch")
}

// fakeLocal records the x-consul-token metadata of RegisterService calls,
// and counts them.
type fakeLocal struct {
	agentv1.UnimplementedLocalStateServiceServer
	token     atomic.Value
	registers int32
}

func (f *fakeLocal) RegisterService(ctx context.Context, req *agentv1.RegisterServiceRequest) (*agentv1.RegisterServiceResponse, error) {
	atomic.AddInt32(&f.registers, 1)
	md, _ := metadata.FromIncomingContext(ctx)
	if v := md.Get("x-consul-token"); len(v) > 0 {
		f.token.Store(v[0])
	}
	return &agentv1.RegisterServiceResponse{}, nil
}

// serve starts a gRPC server with the fakes on a free local port.
func serve(t *testing.T, kv *fakeKV, local *fakeLocal) string {
	t.Helper()
	addr, _ := serveWith(t, func(s *grpc.Server) {
		kvv1.RegisterKVServiceServer(s, kv)
		if local != nil {
			agentv1.RegisterLocalStateServiceServer(s, local)
		}
	})
	return addr
}

// serveWith starts a gRPC server with the services register adds, on a free
// local port, and returns its address and the server.
func serveWith(t *testing.T, register func(*grpc.Server)) (string, *grpc.Server) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	register(s)
	go func() { _ = s.Serve(lis) }()
	t.Cleanup(s.Stop)
	return lis.Addr().String(), s
}

// closedPort returns an address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	_ = lis.Close()
	return addr
}

func newTestClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestTokenFilledIntoOptionsWithoutTouchingTheRequest(t *testing.T) {
	c := newTestClient(t, Config{Addresses: []string{"unused:1"}, Token: "s3cret"})
	req := &kvv1.GetRequest{Key: "k"}
	got := c.withToken(req).(*kvv1.GetRequest)
	if got.GetQueryOptions().GetToken() != "s3cret" {
		t.Fatalf("query token = %q", got.GetQueryOptions().GetToken())
	}
	if req.QueryOptions != nil {
		t.Fatal("the caller's request was modified")
	}
	put := c.withToken(&kvv1.PutRequest{Key: "k"}).(*kvv1.PutRequest)
	if put.GetWriteOptions().GetToken() != "s3cret" {
		t.Fatalf("write token = %q", put.GetWriteOptions().GetToken())
	}
	own := &kvv1.PutRequest{WriteOptions: &commonv1.WriteOptions{Token: "mine"}}
	if c.withToken(own).(*kvv1.PutRequest).GetWriteOptions().GetToken() != "mine" {
		t.Fatal("a request's own token was replaced")
	}
	md, _ := metadata.FromOutgoingContext(c.withTokenMetadata(context.Background()))
	if v := md.Get("x-consul-token"); len(v) != 1 || v[0] != "s3cret" {
		t.Fatalf("metadata token = %v", v)
	}
}

func TestTokenReachesTheServer(t *testing.T) {
	local := &fakeLocal{}
	addr := serve(t, &fakeKV{}, local)
	c := newTestClient(t, Config{Addresses: []string{addr}, Token: "s3cret"})
	ctx := ctxT(t)
	pair, _, err := c.KV().Get(ctx, "k", nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(pair.Value) != "s3cret" {
		t.Fatalf("server saw token %q", pair.Value)
	}
	// Through a raw stub too, and a token set on the request wins.
	resp, err := c.Stubs().KV.Get(ctx, &kvv1.GetRequest{Key: "k", QueryOptions: &commonv1.QueryOptions{Token: "mine"}})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Entry.Value) != "mine" {
		t.Fatalf("server saw token %q", resp.Entry.Value)
	}
	// Agent endpoints have no options field: the token goes as metadata.
	if err := c.Agent().RegisterService(ctx, &catalogv1.Service{Service: "web"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := local.token.Load().(string); got != "s3cret" {
		t.Fatalf("agent saw token %q", got)
	}
}

func TestFailoverOnNoLeader(t *testing.T) {
	a := &fakeKV{putKind: KindNoLeader, putCode: codes.Unavailable}
	b := &fakeKV{}
	addrA, addrB := serve(t, a, nil), serve(t, b, nil)
	c := newTestClient(t, Config{Addresses: []string{addrA, addrB}})
	if _, err := c.KV().Put(ctxT(t), "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	if a.puts != 1 || b.puts != 1 {
		t.Fatalf("puts: a=%d b=%d, want 1 and 1", a.puts, b.puts)
	}
	if c.CurrentAddress() != addrB {
		t.Fatalf("current address %s, want %s", c.CurrentAddress(), addrB)
	}
}

func TestOutcomeUnknownIsNotRetried(t *testing.T) {
	a := &fakeKV{putKind: KindOutcomeUnknown, putCode: codes.Unknown}
	b := &fakeKV{}
	c := newTestClient(t, Config{Addresses: []string{serve(t, a, nil), serve(t, b, nil)}})
	_, err := c.KV().Put(ctxT(t), "k", []byte("v"))
	var re *Error
	if !errors.As(err, &re) {
		t.Fatalf("error %v is not an *Error", err)
	}
	if re.Kind != KindOutcomeUnknown || re.Code != codes.Unknown || !re.FromServer || re.Retryable() {
		t.Fatalf("unexpected error %+v", re)
	}
	if a.puts != 1 || b.puts != 0 {
		t.Fatalf("puts: a=%d b=%d, want 1 and 0", a.puts, b.puts)
	}
}

func TestServerErrorsAreTyped(t *testing.T) {
	a := &fakeKV{putKind: KindTooLarge, putCode: codes.InvalidArgument}
	c := newTestClient(t, Config{Addresses: []string{serve(t, a, nil)}})
	_, err := c.KV().Put(ctxT(t), "k", []byte("v"))
	if !IsKind(err, KindTooLarge) || status.Code(err) != codes.InvalidArgument {
		t.Fatalf("got %v", err)
	}
}

func TestDeadFirstAddress(t *testing.T) {
	b := &fakeKV{}
	addrB := serve(t, b, nil)
	c := newTestClient(t, Config{Addresses: []string{closedPort(t), addrB}})
	if _, err := c.KV().Put(ctxT(t), "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	if b.puts != 1 || c.CurrentAddress() != addrB {
		t.Fatalf("puts on b: %d, current %s", b.puts, c.CurrentAddress())
	}
}

func TestAllAddressesDead(t *testing.T) {
	c := newTestClient(t, Config{Addresses: []string{closedPort(t), closedPort(t)}, Rounds: 2,
		ConnectTimeout: 300 * time.Millisecond})
	_, _, err := c.KV().Get(ctxT(t), "k", nil)
	if !IsKind(err, KindUnavailable) || !(err.(*Error)).Retryable() {
		t.Fatalf("got %v", err)
	}
}

func TestKindTable(t *testing.T) {
	cases := map[codes.Code]Kind{
		codes.InvalidArgument:    KindInvalidArgument,
		codes.OutOfRange:         KindInvalidArgument,
		codes.FailedPrecondition: KindRefused,
		codes.NotFound:           KindNotFound,
		codes.PermissionDenied:   KindPermissionDenied,
		codes.Unauthenticated:    KindPermissionDenied,
		codes.Aborted:            KindConflict,
		codes.AlreadyExists:      KindConflict,
		codes.ResourceExhausted:  KindRateLimited,
		codes.Unavailable:        KindUnavailable,
		codes.Canceled:           KindUnavailable,
		codes.DeadlineExceeded:   KindDeadlineExceeded,
		codes.Unimplemented:      KindUnimplemented,
		codes.Unknown:            KindOutcomeUnknown,
		codes.Internal:           KindInternal,
		codes.DataLoss:           KindInternal,
	}
	for code, want := range cases {
		if got := KindFromCode(code); got != want {
			t.Errorf("%s: got %s, want %s", code, got, want)
		}
	}
	for _, k := range AllKinds {
		err := newError(status.Error(codes.Internal, "m"), metadata.Pairs(ErrorKindMetadata, string(k)), "s").(*Error)
		if err.Kind != k || !err.FromServer {
			t.Errorf("trailer %s read as %s", k, err.Kind)
		}
		if k.Retryable() != (k == KindNoLeader || k == KindUnavailable) {
			t.Errorf("%s retryable = %v", k, k.Retryable())
		}
	}
	// An unknown name in the trailer falls back to the code.
	err := newError(status.Error(codes.NotFound, "m"), metadata.Pairs(ErrorKindMetadata, "bogus"), "").(*Error)
	if err.Kind != KindNotFound || err.FromServer {
		t.Errorf("bogus trailer: %+v", err)
	}
}

func TestRepeatable(t *testing.T) {
	cases := []struct {
		method string
		req    interface{}
		want   bool
	}{
		{"/roster.kv.v1.KVService/Get", &kvv1.GetRequest{}, true},
		{"/roster.kv.v1.KVService/Put", &kvv1.PutRequest{}, false},
		{"/roster.kv.v1.KVService/Put", &kvv1.PutRequest{WriteOptions: &commonv1.WriteOptions{RequestId: "x"}}, true},
		{"/roster.agent.v1.AgentService/GetSelf", &agentv1.GetSelfRequest{}, true},
		{"/roster.agent.v1.AgentService/Leave", &agentv1.LeaveRequest{}, false},
		{"/roster.agent.v1.LocalStateService/DeregisterService", &agentv1.DeregisterServiceRequest{}, false},
		// ACL writes are deduplicated by request id too.
		{"/roster.acl.v1.AclService/CreateToken", &aclv1.CreateTokenRequest{}, false},
		{"/roster.acl.v1.AclService/CreateToken", &aclv1.CreateTokenRequest{WriteOptions: &commonv1.WriteOptions{RequestId: "x"}}, true},
		{"/roster.acl.v1.AclService/DeleteRole", &aclv1.DeleteRoleRequest{WriteOptions: &commonv1.WriteOptions{RequestId: "x"}}, true},
		{"/roster.acl.v1.AclService/Bootstrap", &aclv1.BootstrapRequest{WriteOptions: &commonv1.WriteOptions{RequestId: "x"}}, false},
	}
	for _, tc := range cases {
		if got := repeatable(tc.method, tc.req); got != tc.want {
			t.Errorf("%s: got %v", tc.method, got)
		}
	}
}
