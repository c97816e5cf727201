package roster

// Tests against a live Roster cluster (clients/testcluster.sh): they read
// ROSTER_GRPC_ADDRS and ROSTER_PIDS. Without them they are skipped, or fail
// when CI=true. The subtests run in order; the last one kills a server.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/keepalive"

	catalogv1 "example.invalid/roster/clients/go/gen/roster/catalog/v1"
	kvv1 "example.invalid/roster/clients/go/gen/roster/kv/v1"
)

func clusterAddrs(t *testing.T) []string {
	t.Helper()
	v := os.Getenv("ROSTER_GRPC_ADDRS")
	if v == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("ROSTER_GRPC_ADDRS is not set (start a cluster with clients/testcluster.sh)")
		}
		t.Skip("ROSTER_GRPC_ADDRS is not set; run clients/go/test.sh")
	}
	return strings.Split(v, ",")
}

// prefix keeps keys of separate runs apart.
var prefix = fmt.Sprintf("go-client-test/%d/", time.Now().UnixNano())

func TestCluster(t *testing.T) {
	addrs := clusterAddrs(t)
	// Clients start on different servers, as separate processes would.
	rotated := func(n int) []string { return append(append([]string{}, addrs[n:]...), addrs[:n]...) }
	c1 := newTestClient(t, Config{Addresses: addrs, Token: "ignored-without-acls"})
	c2 := newTestClient(t, Config{Addresses: rotated(1)})
	// Runs alongside the other subtests: it needs time to pass.
	keepalive := startKeepaliveProbe(t, addrs[0])

	t.Run("KVRoundTrip", func(t *testing.T) { testKVRoundTrip(t, c1, c2) })
	t.Run("CASConflict", func(t *testing.T) { testCAS(t, c1, c2) })
	t.Run("WatchSeesOtherClient", func(t *testing.T) { testWatch(t, c1, c2) })
	t.Run("BlockingRead", func(t *testing.T) { testBlocking(t, c1, c2) })
	t.Run("ServiceHealth", func(t *testing.T) { testServiceHealth(t, c1, c2) })
	t.Run("LockMutualExclusion", func(t *testing.T) { testLock(t, c1, c2) })
	t.Run("TypedErrors", func(t *testing.T) { testTypedErrors(t, c1) })
	t.Run("DeadFirstAddress", func(t *testing.T) {
		c := newTestClient(t, Config{Addresses: append([]string{closedPort(t)}, addrs...)})
		ctx := ctxT(t)
		if _, err := c.KV().Put(ctx, prefix+"dead-first", []byte("ok")); err != nil {
			t.Fatal(err)
		}
		pair, _, err := c.KV().Get(ctx, prefix+"dead-first", nil)
		if err != nil || pair == nil || string(pair.Value) != "ok" {
			t.Fatalf("get: %v %v", pair, err)
		}
	})
	t.Run("CloseEndsWatchAndLock", func(t *testing.T) { testCloseEnds(t, addrs) })
	t.Run("KeepalivePingsAccepted", keepalive)
	// Last: it kills a server.
	t.Run("FailoverAfterKill", func(t *testing.T) { testFailover(t, addrs) })
}

func testKVRoundTrip(t *testing.T, c1, c2 *Client) {
	ctx := ctxT(t)
	kv1, kv2 := c1.KV(), c2.KV()
	idx, err := kv1.Put(ctx, prefix+"rt/a", []byte("hello"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv1.Put(ctx, prefix+"rt/b/c", []byte("x")); err != nil {
		t.Fatal(err)
	}
	pair, meta, err := kv2.Get(ctx, prefix+"rt/a", nil)
	if err != nil {
		t.Fatal(err)
	}
	if pair == nil || string(pair.Value) != "hello" || pair.ModifyIndex != idx || meta.Index < idx {
		t.Fatalf("read back %v (meta %v), written at %d", pair, meta, idx)
	}
	list, _, err := kv2.List(ctx, prefix+"rt/", nil)
	if err != nil || len(list) != 2 || list[0].Key != prefix+"rt/a" || list[1].Key != prefix+"rt/b/c" {
		t.Fatalf("list: %v %v", list, err)
	}
	keys, _, err := kv2.Keys(ctx, prefix+"rt/", "/", nil)
	if err != nil || strings.Join(keys, ",") != prefix+"rt/a,"+prefix+"rt/b/" {
		t.Fatalf("keys: %v %v", keys, err)
	}
	if err := kv1.Delete(ctx, prefix+"rt/a"); err != nil {
		t.Fatal(err)
	}
	if pair, _, err := kv2.Get(ctx, prefix+"rt/a", nil); err != nil || pair != nil {
		t.Fatalf("after delete: %v %v", pair, err)
	}
	if err := kv1.DeleteTree(ctx, prefix+"rt/"); err != nil {
		t.Fatal(err)
	}
	if list, _, err := kv2.List(ctx, prefix+"rt/", nil); err != nil || len(list) != 0 {
		t.Fatalf("after delete tree: %v %v", list, err)
	}
}

func testCAS(t *testing.T, c1, c2 *Client) {
	ctx := ctxT(t)
	key := prefix + "cas"
	ok, idx, err := c1.KV().CAS(ctx, key, []byte("v1"), 0)
	if err != nil || !ok {
		t.Fatalf("create: %v %v", ok, err)
	}
	if ok, _, err := c2.KV().CAS(ctx, key, []byte("again"), 0); err != nil || ok {
		t.Fatalf("second create succeeded: %v %v", ok, err)
	}
	// Both clients read index idx; the first writer wins, the second loses.
	ok, _, err = c2.KV().CAS(ctx, key, []byte("v2"), idx)
	if err != nil || !ok {
		t.Fatalf("cas at current index: %v %v", ok, err)
	}
	if ok, _, err := c1.KV().CAS(ctx, key, []byte("stale"), idx); err != nil || ok {
		t.Fatalf("cas at stale index succeeded: %v %v", ok, err)
	}
	if ok, err := c1.KV().DeleteCAS(ctx, key, idx); err != nil || ok {
		t.Fatalf("delete at stale index succeeded: %v %v", ok, err)
	}
	pair, _, err := c1.KV().Get(ctx, key, nil)
	if err != nil || string(pair.GetValue()) != "v2" {
		t.Fatalf("final value %v %v", pair, err)
	}
}

func testWatch(t *testing.T, c1, c2 *Client) {
	ctx := ctxT(t)
	key := prefix + "watch/k"
	w := c1.KV().WatchKey(ctx, key, 0)
	defer w.Close()
	pw := c1.KV().WatchPrefix(ctx, prefix+"watch/", 0)
	defer pw.Close()
	if !w.Next() {
		t.Fatal(w.Err())
	}
	if w.Value() != nil {
		t.Fatalf("key exists already: %v", w.Value())
	}
	if !pw.Next() || len(pw.Value()) != 0 {
		t.Fatalf("prefix: %v %v", pw.Value(), pw.Err())
	}
	first := w.Index()
	idx, err := c2.KV().Put(ctx, key, []byte("changed"))
	if err != nil {
		t.Fatal(err)
	}
	if !w.Next() {
		t.Fatal(w.Err())
	}
	if w.Value() == nil || string(w.Value().Value) != "changed" || w.Index() < idx || w.Index() <= first {
		t.Fatalf("watch saw %v at %d (write at %d)", w.Value(), w.Index(), idx)
	}
	if !pw.Next() || len(pw.Value()) != 1 || string(pw.Value()[0].Value) != "changed" {
		t.Fatalf("prefix watch saw %v %v", pw.Value(), pw.Err())
	}
	w.Close()
	if w.Next() || w.Err() != nil {
		t.Fatalf("closed watch: %v", w.Err())
	}
}

func testBlocking(t *testing.T, c1, c2 *Client) {
	ctx := ctxT(t)
	key := prefix + "blocking"
	if _, err := c1.KV().Put(ctx, key, []byte("1")); err != nil {
		t.Fatal(err)
	}
	_, meta, err := c1.KV().Get(ctx, key, nil)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		// Deliberately late: the write comes 300 ms on, so the blocking
		// read must wait for it (checked below: at least 200 ms).
		time.Sleep(300 * time.Millisecond)
		_, _ = c2.KV().Put(ctx, key, []byte("2"))
	}()
	start := time.Now()
	pair, meta2, err := c1.KV().Get(ctx, key, Blocking(meta.Index, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if string(pair.GetValue()) != "2" || meta2.Index <= meta.Index || time.Since(start) < 200*time.Millisecond {
		t.Fatalf("blocking read returned %v at %d after %v", pair, meta2.Index, time.Since(start))
	}
	// The generic helper over blocking reads.
	w := WatchBlocking(ctx, c1, meta2.Index, 10*time.Second, func(ctx context.Context, q *QueryOptions) (*KVPair, *QueryMeta, error) {
		return c1.KV().Get(ctx, key, q)
	})
	defer w.Close()
	if _, err := c2.KV().Put(ctx, key, []byte("3")); err != nil {
		t.Fatal(err)
	}
	if !w.Next() || string(w.Value().GetValue()) != "3" {
		t.Fatalf("blocking watch: %v %v", w.Value(), w.Err())
	}
}

func testServiceHealth(t *testing.T, c1, c2 *Client) {
	ctx := ctxT(t)
	name := "go-test-web-" + strconv.FormatInt(time.Now().UnixNano()%100000, 10)
	w := c2.Health().Watch(ctx, name, false, 0)
	defer w.Close()
	if !w.Next() || len(w.Value()) != 0 {
		t.Fatalf("before registration: %v %v", w.Value(), w.Err())
	}
	err := c1.Agent().RegisterService(ctx, &catalogv1.Service{Id: name + "-1", Service: name, Port: 8080, Tags: []string{"v1"}},
		&AgentCheck{CheckId: name + "-ttl", Name: "ttl", Definition: &catalogv1.CheckDefinition{Ttl: "30s"}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c1.Agent().DeregisterService(context.Background(), name+"-1") }()
	// Wait for a state with the instance (anti-entropy may deliver the
	// service and its check in separate changes).
	next := func(want catalogv1.HealthStatus) {
		t.Helper()
		for w.Next() {
			v := w.Value()
			if len(v) == 1 && v[0].Service.GetId() == name+"-1" && hasServiceCheck(v[0], name+"-ttl") && AggregatedStatus(v[0]) == want {
				return
			}
		}
		t.Fatalf("watch ended waiting for %s: %v", want, w.Err())
	}
	next(catalogv1.HealthStatus_HEALTH_STATUS_CRITICAL)
	if err := c1.Agent().UpdateTTL(ctx, name+"-ttl", catalogv1.HealthStatus_HEALTH_STATUS_PASSING, "fine"); err != nil {
		t.Fatal(err)
	}
	next(catalogv1.HealthStatus_HEALTH_STATUS_PASSING)
	insts, _, err := c2.Health().Service(ctx, name, true, nil)
	if err != nil || len(insts) != 1 {
		t.Fatalf("passing instances: %v %v", insts, err)
	}
	if err := c1.Agent().DeregisterService(ctx, name+"-1"); err != nil {
		t.Fatal(err)
	}
	for w.Next() {
		if len(w.Value()) == 0 {
			return
		}
	}
	t.Fatalf("deregistration not seen: %v", w.Err())
}

func hasServiceCheck(inst *ServiceHealth, id string) bool {
	for _, c := range inst.Checks {
		if c.CheckId == id {
			return true
		}
	}
	return false
}

func testLock(t *testing.T, c1, c2 *Client) {
	ctx := ctxT(t)
	key := prefix + "lock"
	noDelay := time.Duration(0)
	opts := func(who string) LockOptions {
		return LockOptions{Value: []byte(who), SessionTTL: 10 * time.Second, LockDelay: &noDelay, RetryPause: 100 * time.Millisecond}
	}
	l1, l2 := c1.NewLock(key, opts("one")), c2.NewLock(key, opts("two"))
	if _, err := l1.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := l1.Lock(ctx); err != ErrLockHeld {
		t.Fatalf("second Lock on a held lock: %v", err)
	}
	got := make(chan error, 1)
	var lost2 <-chan struct{}
	go func() {
		var err error
		lost2, err = l2.Lock(ctx)
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("second client took the lock while held: %v", err)
	case <-time.After(1500 * time.Millisecond):
	}
	pair, _, err := c2.KV().Get(ctx, key, nil)
	if err != nil || pair.Session != l1.Session() || string(pair.Value) != "one" {
		t.Fatalf("while held by one: %v %v", pair, err)
	}
	released := time.Now()
	if err := l1.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("second client did not get the lock after release")
	}
	t.Logf("second client got the lock %v after release", time.Since(released))
	pair, _, err = c1.KV().Get(ctx, key, nil)
	if err != nil || pair.Session == "" || pair.Session != l2.Session() || string(pair.Value) != "two" {
		t.Fatalf("while held by two: %v %v", pair, err)
	}
	// Destroying the holder's session from outside loses the lock.
	if err := c1.Session().Destroy(ctx, l2.Session()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-lost2:
	case <-time.After(10 * time.Second):
		t.Fatal("lost lock not reported")
	}
	if err := l2.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
}

func testTypedErrors(t *testing.T, c *Client) {
	ctx := ctxT(t)
	check := func(what string, err error, kind Kind, code codes.Code) {
		t.Helper()
		re, ok := err.(*Error)
		if !ok {
			t.Fatalf("%s: %T %v is not an *Error", what, err, err)
		}
		if re.Kind != kind || re.Code != code || !re.FromServer || re.Retryable() || re.Message == "" {
			t.Fatalf("%s: got %+v, want %s/%s from the server", what, re, kind, code)
		}
	}
	_, _, err := c.KV().Get(ctx, "", nil)
	check("empty key", err, KindInvalidArgument, codes.InvalidArgument)
	_, err = c.KV().Put(ctx, prefix+"big", bytes.Repeat([]byte("x"), 512*1024+1))
	check("value too large", err, KindTooLarge, codes.InvalidArgument)
	_, err = c.KV().Acquire(ctx, prefix+"acq", nil, "00000000-0000-0000-0000-000000000001")
	check("unknown session", err, KindRefused, codes.FailedPrecondition)
	_, err = c.Session().Renew(ctx, "00000000-0000-0000-0000-000000000001")
	check("renew unknown session", err, KindNotFound, codes.NotFound)
	_, err = c.Stubs().KV.Put(ctx, &kvv1.PutRequest{Key: prefix + "both", AcquireSession: "a", ReleaseSession: "b"})
	check("acquire and release", err, KindInvalidArgument, codes.InvalidArgument)
}

func testFailover(t *testing.T, addrs []string) {
	pids := strings.Split(os.Getenv("ROSTER_PIDS"), ",")
	if len(pids) != len(addrs) {
		t.Fatalf("ROSTER_PIDS %v does not match ROSTER_GRPC_ADDRS %v", pids, addrs)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	watcher := newTestClient(t, Config{Addresses: addrs})
	key := prefix + "failover"
	if _, err := watcher.KV().Put(ctx, key, []byte("before")); err != nil {
		t.Fatal(err)
	}
	w := watcher.KV().WatchKey(ctx, key, 0)
	defer w.Close()
	if !w.Next() || string(w.Value().GetValue()) != "before" {
		t.Fatalf("watch: %v %v", w.Value(), w.Err())
	}
	before := w.Index()

	// The victim is the server the watch reads from; a second client is
	// made to use it too, for unary calls.
	victim := w.Server()
	vi := -1
	for i, a := range addrs {
		if a == victim {
			vi = i
		}
	}
	if vi < 0 {
		t.Fatalf("watch server %q is not in %v", victim, addrs)
	}
	c := newTestClient(t, Config{Addresses: append(append([]string{}, addrs[vi:]...), addrs[:vi]...)})
	if _, _, err := c.KV().Get(ctx, key, nil); err != nil || c.CurrentAddress() != victim {
		t.Fatalf("client on %s, not %s: %v", c.CurrentAddress(), victim, err)
	}
	pid, err := strconv.Atoi(pids[vi])
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("killing %s (pid %d)", victim, pid)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := c.KV().Put(ctx, key, []byte("after")); err != nil {
		t.Fatalf("put after the kill: %v", err)
	}
	t.Logf("put went through %s %v after the kill", c.CurrentAddress(), time.Since(start))
	if c.CurrentAddress() == victim {
		t.Fatal("client still on the killed server")
	}
	pair, _, err := c.KV().Get(ctx, key, nil)
	if err != nil || string(pair.GetValue()) != "after" {
		t.Fatalf("get after the kill: %v %v", pair, err)
	}
	// The watch resumes elsewhere from the last index it delivered: the
	// next state is the new value, not the old one again.
	if !w.Next() {
		t.Fatal(w.Err())
	}
	if string(w.Value().GetValue()) != "after" || w.Index() <= before || w.Server() == victim {
		t.Fatalf("watch after the kill saw %v at %d from %s (before: %d)", w.Value(), w.Index(), w.Server(), before)
	}
	t.Logf("watch resumed on %s %v after the kill", w.Server(), time.Since(start))
}

// testCloseEnds closes a client that holds a lock and runs a watch: the
// watch ends with ErrClosed and the lock reports itself lost.
func testCloseEnds(t *testing.T, addrs []string) {
	ctx := ctxT(t)
	c, err := New(Config{Addresses: addrs})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	key := prefix + "close-ends"
	l := c.NewLock(key, LockOptions{SessionTTL: 10 * time.Second})
	lost, err := l.Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w := c.KV().WatchPrefix(ctx, prefix+"close-ends", 0)
	defer w.Close()
	waiting := signalRecvs(w)
	if !w.Next() || len(w.Value()) != 1 || w.Value()[0].Session != l.Session() {
		t.Fatalf("watch before Close: %v %v", w.Value(), w.Err())
	}
	next := nextBlocked(t, w, waiting)
	session := l.Session()
	_ = c.Close()
	select {
	case ok := <-next:
		if ok || !errors.Is(w.Err(), ErrClosed) {
			t.Fatalf("watch after Close: Next %v, Err %v", ok, w.Err())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the watch goes on after Close")
	}
	select {
	case <-lost:
	case <-time.After(5 * time.Second):
		t.Fatal("the lock was not reported lost after Close")
	}
	// Clean up the session the closed client can no longer destroy.
	other := newTestClient(t, Config{Addresses: addrs})
	if err := other.Session().Destroy(ctx, session); err != nil {
		t.Fatal(err)
	}
}

// startKeepaliveProbe connects to one server through a client that sends
// keepalive pings at gRPC's shortest interval (10 s), even without calls in
// flight, and returns the subtest that checks, some 25 s later, that the
// server took them: pings went out (bytes were written while the client was
// idle), the connection was never replaced (the server did not close it for
// "too_many_pings" or an unanswered ping) and it still serves calls. The
// client stays idle meanwhile: any traffic would postpone the pings.
func startKeepaliveProbe(t *testing.T, addr string) func(t *testing.T) {
	var dials int32
	var written int64
	dialer := func(ctx context.Context, a string) (net.Conn, error) {
		atomic.AddInt32(&dials, 1)
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", a)
		if err != nil {
			return nil, err
		}
		return &countingConn{Conn: conn, written: &written}, nil
	}
	c := newTestClient(t, Config{Addresses: []string{addr}, DialOptions: []grpc.DialOption{
		grpc.WithInsecure(),
		grpc.WithContextDialer(dialer),
		grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: 10 * time.Second, Timeout: 5 * time.Second, PermitWithoutStream: true}),
	}})
	started := time.Now()
	_, _, setupErr := c.KV().Get(ctxT(t), prefix+"keepalive", nil)
	// The frames that follow a call (window updates, a bandwidth probe) go
	// out at once; count from a second later.
	idleFrom := make(chan int64, 1)
	time.AfterFunc(time.Second, func() { idleFrom <- atomic.LoadInt64(&written) })
	return func(t *testing.T) {
		if setupErr != nil {
			t.Fatal(setupErr)
		}
		// Two ping intervals and the ping timeout, with some slack: the
		// client must stay idle this long, the wait is what is tested.
		if rest := 25*time.Second - time.Since(started); rest > 0 {
			t.Logf("waiting %v for keepalive pings", rest.Round(time.Second))
			time.Sleep(rest)
		}
		idle := atomic.LoadInt64(&written) - <-idleFrom
		if _, _, err := c.KV().Get(ctxT(t), prefix+"keepalive", nil); err != nil {
			t.Fatal(err)
		}
		// A PING frame is 17 bytes.
		if idle < 2*17 {
			t.Fatalf("%d bytes written while idle: no keepalive pings were sent", idle)
		}
		if n := atomic.LoadInt32(&dials); n != 1 {
			t.Fatalf("%d connections were made: the server closed the pinging one", n)
		}
		t.Logf("%d bytes of pings over %v on one connection", idle, time.Since(started).Round(time.Second))
	}
}

// countingConn counts the bytes written to a connection.
type countingConn struct {
	net.Conn
	written *int64
}

func (c *countingConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	atomic.AddInt64(c.written, int64(n))
	return n, err
}
