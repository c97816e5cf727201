package roster

import (
	"context"
	"errors"
	"sync"
	"time"
)

// LockOptions configure a Lock.
type LockOptions struct {
	// Value is written to the key when the lock is taken (e.g. who holds
	// it) and kept when it is released.
	Value []byte
	// SessionName names the lock's session (default "roster-go lock").
	SessionName string
	// SessionTTL is the session's TTL (default 15 s); the lock renews it
	// every TTL/2 while held, and min(1 s, TTL/4) after a failed renewal.
	SessionTTL time.Duration
	// LockDelay is how long the key stays unacquirable after the session
	// holding it is invalidated without releasing (default: the servers'
	// 15 s).
	LockDelay *time.Duration
	// Node the session belongs to (default: the connected agent's node).
	// The session is tied to no node check, only to its TTL, so that a
	// failover to another agent does not end it.
	Node string
	// RetryPause is how long to wait before trying again when the key is
	// free but could not be taken (it is in its lock-delay). Default 1 s.
	RetryPause time.Duration
	// WaitTime bounds each blocking read while waiting for the holder to
	// go (default 30 s).
	WaitTime time.Duration
}

// Lock is a distributed lock (or leader election) on one KV key, following
// Consul's recipe: a session with a TTL, a put with acquire, blocking reads
// on the key while another session holds it, renewals every TTL/2 while
// held, a put with release and the session's destruction on Unlock.
//
// The lock is held by its session, not by a goroutine: (Key, LockIndex,
// session) is a fencing token. Lost is closed if the lock is lost while
// held (the session expired or was destroyed, or the key was deleted or
// taken by another session), and also when it can no longer be kept or
// checked: the client was closed, or the watch on the key failed with an
// error it cannot resume from (e.g. permission denied). Call Unlock then.
// A Lock is not reentrant; one Lock value is used by one holder.
type Lock struct {
	c    *Client
	key  string
	opts LockOptions

	mu        sync.Mutex
	session   string
	held      bool
	acquiring bool
	stop      context.CancelFunc
	done      chan struct{} // closed when the holder goroutines have ended
	lost      chan struct{}
}

// ErrLockHeld is returned by Lock.Lock when the lock is already held by
// this Lock value.
var ErrLockHeld = errors.New("roster: lock already held")

// NewLock prepares a lock on key; nothing is sent until Lock.
func (c *Client) NewLock(key string, opts LockOptions) *Lock {
	if opts.SessionName == "" {
		opts.SessionName = "roster-go lock"
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 15 * time.Second
	}
	if opts.RetryPause <= 0 {
		opts.RetryPause = time.Second
	}
	if opts.WaitTime <= 0 {
		opts.WaitTime = 30 * time.Second
	}
	return &Lock{c: c, key: key, opts: opts}
}

// Key is the locked key.
func (l *Lock) Key() string { return l.key }

// Session is the id of the session holding the lock, "" when not held.
func (l *Lock) Session() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.held {
		return ""
	}
	return l.session
}

// Lock blocks until the lock is taken or ctx ends. It returns a channel
// closed if the lock is lost while held.
func (l *Lock) Lock(ctx context.Context) (<-chan struct{}, error) {
	l.mu.Lock()
	if l.held || l.acquiring {
		l.mu.Unlock()
		return nil, ErrLockHeld
	}
	l.acquiring = true
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.acquiring = false
		l.mu.Unlock()
	}()

	session, err := l.c.Session().Create(ctx, SessionOptions{
		Name:       l.opts.SessionName,
		Node:       l.opts.Node,
		TTL:        l.opts.SessionTTL,
		LockDelay:  l.opts.LockDelay,
		NodeChecks: []string{},
	})
	if err != nil {
		return nil, err
	}
	// The session must outlive a long wait for the lock.
	renewCtx, stopRenew := context.WithCancel(context.Background())
	renewErr := make(chan error, 1)
	go func() { renewErr <- l.renew(renewCtx, session, nil) }()
	err = l.acquire(ctx, session)
	stopRenew()
	if rerr := <-renewErr; err == nil && rerr != nil && !errors.Is(rerr, context.Canceled) {
		err = rerr
	}
	if err != nil {
		// Do not leave behind a session that nobody renews (it would also
		// hold the key if the acquire applied after all).
		dctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = l.c.Session().Destroy(dctx, session)
		return nil, err
	}

	holdCtx, stop := context.WithCancel(context.Background())
	lost, done := make(chan struct{}), make(chan struct{})
	var once sync.Once
	markLost := func() { once.Do(func() { close(lost) }) }
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); _ = l.renew(holdCtx, session, markLost) }()
	go func() { defer wg.Done(); l.monitor(holdCtx, session, markLost) }()
	go func() { wg.Wait(); close(done) }()

	l.mu.Lock()
	l.held, l.session, l.stop, l.lost, l.done = true, session, stop, lost, done
	l.mu.Unlock()
	return lost, nil
}

// acquire tries to take the key for the session until it succeeds, waiting
// with blocking reads while another session holds it.
func (l *Lock) acquire(ctx context.Context, session string) error {
	kv := l.c.KV()
	for {
		ok, err := kv.Acquire(ctx, l.key, l.opts.Value, session)
		if err != nil || ok {
			return err
		}
		// Wait for the holder to go: read the key now, then block on it
		// until it has no session (or is gone).
		var index uint64
		for {
			pair, meta, err := kv.Get(ctx, l.key, Blocking(index, l.opts.WaitTime))
			if err != nil {
				return err
			}
			index = meta.GetIndex()
			if pair == nil || pair.Session == "" {
				break
			}
			if pair.Session == session {
				return nil
			}
		}
		// The key is free, but the acquire is refused during its
		// lock-delay, which no read shows: pause instead of spinning.
		t := time.NewTimer(l.opts.RetryPause)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// renew renews the session every TTL/2 until ctx ends; a session the
// servers no longer know, or a closed client, means the lock is lost.
func (l *Lock) renew(ctx context.Context, session string, lost func()) error {
	ttl := l.opts.SessionTTL
	// After a failure (a failover in progress, a slow server) try again soon:
	// the servers keep the session for 2 x TTL after the last renewal, and
	// waiting another TTL/2 would leave little of that margin.
	retry := ttl / 4
	if retry > time.Second {
		retry = time.Second
	}
	t := time.NewTimer(ttl / 2)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-l.c.done:
			// Nothing can renew the session any more.
			if lost != nil {
				lost()
			}
			return ErrClosed
		case <-t.C:
		}
		// Bounded, so that a call stuck on a dying server leaves time for
		// further attempts.
		rctx, cancel := context.WithTimeout(ctx, ttl/4)
		_, err := l.c.Session().Renew(rctx, session)
		cancel()
		if IsKind(err, KindNotFound) || errors.Is(err, ErrClosed) {
			if lost != nil {
				lost()
			}
			return err
		}
		if err != nil {
			t.Reset(retry)
		} else {
			t.Reset(ttl / 2)
		}
	}
}

// monitor watches the key and reports the lock lost when the key is no
// longer held by the session, or when the watch ends on an error (the
// client was closed, or an error the watch cannot resume from): the lock
// cannot be vouched for then.
func (l *Lock) monitor(ctx context.Context, session string, lost func()) {
	w := l.c.KV().WatchKey(ctx, l.key, 0)
	defer w.Close()
	for w.Next() {
		if pair := w.Value(); pair == nil || pair.Session != session {
			lost()
			return
		}
	}
	if ctx.Err() == nil {
		lost()
	}
}

// Unlock releases the lock and destroys its session. It is safe to call
// after the lock was lost.
func (l *Lock) Unlock(ctx context.Context) error {
	l.mu.Lock()
	if !l.held {
		l.mu.Unlock()
		return nil
	}
	session, stop, done := l.session, l.stop, l.done
	l.held, l.session = false, ""
	l.mu.Unlock()
	stop()
	<-done
	_, relErr := l.c.KV().Release(ctx, l.key, l.opts.Value, session)
	// Destroying the session also releases the key if the release failed.
	desErr := l.c.Session().Destroy(ctx, session)
	if relErr != nil {
		return relErr
	}
	return desErr
}
