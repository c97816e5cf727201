package roster

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	commonv1 "example.invalid/roster/clients/go/gen/roster/common/v1"
	healthv1 "example.invalid/roster/clients/go/gen/roster/health/v1"
	kvv1 "example.invalid/roster/clients/go/gen/roster/kv/v1"
)

// Watch follows a changing result (a key, a prefix, a service's health, any
// blocking read) as an iterator, in the manner of bufio.Scanner:
//
//	w := client.KV().WatchPrefix(ctx, "config/", 0)
//	defer w.Close()
//	for w.Next() {
//		use(w.Value(), w.Index())
//	}
//	if err := w.Err(); err != nil { ... }
//
// Each state is delivered once, with the index it was read at. When the
// server the watch reads from fails (unavailable, no leader, connection
// lost), the watch moves to the next server and resumes from the last index
// it delivered, so no change is lost and none is delivered twice; it retries
// until its context ends or Close is called, pausing up to MaxRetryPause
// between attempts. Closing the client ends it (Err is ErrClosed). Other
// errors end it and are reported by Err.
type Watch[T any] struct {
	c      *Client
	ctx    context.Context
	cancel context.CancelFunc
	open   func(ctx context.Context, minIndex uint64) (func() (T, *QueryMeta, error), error)

	// route says which server the watch reads from: pinned to one, or the
	// client's current one.
	route streamRoute

	recv      func() (T, *QueryMeta, error)
	index     uint64
	delivered bool
	value     T
	meta      *QueryMeta
	err       error
	retries   int

	closeOnce sync.Once
	closed    bool
	mu        sync.Mutex
}

// MaxRetryPause bounds the pause between a watch's attempts to reconnect.
var MaxRetryPause = 5 * time.Second

func newWatch[T any](ctx context.Context, c *Client, index uint64,
	open func(ctx context.Context, minIndex uint64) (func() (T, *QueryMeta, error), error)) *Watch[T] {
	ctx, cancel := context.WithCancel(ctx)
	return &Watch[T]{c: c, ctx: ctx, cancel: cancel, open: open, index: index}
}

// Next waits for the next state and reports whether there is one; false
// means the watch ended (see Err).
func (w *Watch[T]) Next() bool {
	for w.err == nil {
		if w.recv == nil {
			recv, err := w.open(context.WithValue(w.ctx, routeKey{}, &w.route), w.index)
			if err != nil {
				w.failed(err)
				continue
			}
			w.recv = recv
		}
		v, meta, err := w.recv()
		if err != nil {
			w.recv = nil
			w.failed(err)
			continue
		}
		w.retries = 0
		idx := meta.GetIndex()
		if w.delivered && idx == w.index {
			// A blocking read that timed out, or a resumed stream
			// repeating the state already delivered.
			continue
		}
		// An index lower than the last one means the state was reset
		// (e.g. a snapshot restore): deliver it and follow from there.
		w.index, w.value, w.meta, w.delivered = idx, v, meta, true
		return true
	}
	return false
}

// failed decides whether the watch goes on after err: it does (after a
// pause, on the next server) when err says nothing is wrong with the
// request itself.
func (w *Watch[T]) failed(err error) {
	if w.ctx.Err() != nil {
		w.mu.Lock()
		closed := w.closed
		w.mu.Unlock()
		if closed {
			w.err = errWatchClosed
		} else {
			w.err = w.ctx.Err()
		}
		return
	}
	var re *Error
	switch {
	case errors.Is(err, ErrClosed):
		// The client is closed: no server will answer again.
		w.err = err
		return
	case errors.As(err, &re) && (re.Kind.Retryable() || re.Kind == KindOutcomeUnknown):
		// A watch only reads, so even an unknown outcome is safe to repeat.
		if i := w.c.indexOf(re.Server); i >= 0 {
			if !re.FromServer {
				// The server looks gone: move the whole client on.
				w.c.moveOnFrom(re.Server)
			} else {
				// The server is up but cannot serve this stream (e.g. a
				// follower answering no_leader): only this watch moves,
				// the client's other calls stay where they are.
				w.route.pinned = true
			}
			if w.route.pinned {
				w.route.pin = (i + 1) % len(w.c.cfg.Addresses)
			}
		}
	case errors.Is(err, io.EOF):
		// The server ended the stream (shutting down): go elsewhere.
	default:
		w.err = err
		return
	}
	w.retries++
	n := len(w.c.cfg.Addresses)
	if w.retries < n {
		// The first time around the list tries each server at once.
		return
	}
	pause := w.c.cfg.RetryPause << uint(min(w.retries/n-1, 6))
	if pause > MaxRetryPause {
		pause = MaxRetryPause
	}
	t := time.NewTimer(pause)
	defer t.Stop()
	select {
	case <-w.ctx.Done():
	case <-t.C:
	}
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

var errWatchClosed = errors.New("roster: watch closed")

// Value is the state Next found.
func (w *Watch[T]) Value() T { return w.value }

// Index is the index of the state Next found: pass it to WatchX(..., index)
// to resume later from the same point.
func (w *Watch[T]) Index() uint64 { return w.index }

// Server is the address of the server the watch last opened its stream on
// ("" for WatchBlocking, whose reads go where the client's calls go).
func (w *Watch[T]) Server() string { return w.route.addr }

// Meta is the query meta of the state Next found.
func (w *Watch[T]) Meta() *QueryMeta { return w.meta }

// Err is the error that ended the watch: nil when it was closed, the
// context's error when its context ended, ErrClosed when the client was
// closed.
func (w *Watch[T]) Err() error {
	if w.err == errWatchClosed {
		return nil
	}
	return w.err
}

// Close ends the watch; a Next blocked in another goroutine returns false.
func (w *Watch[T]) Close() {
	w.closeOnce.Do(func() {
		w.mu.Lock()
		w.closed = true
		w.mu.Unlock()
		w.cancel()
	})
}

// WatchKey follows one key through KVService.Watch. Each value is the entry,
// or nil while the key does not exist. index is where to start: 0 delivers
// the current state first, a previous Index() only later changes.
func (kv *KV) WatchKey(ctx context.Context, key string, index uint64) *Watch[*KVPair] {
	return newWatch(ctx, kv.c, index, func(ctx context.Context, minIndex uint64) (func() (*KVPair, *QueryMeta, error), error) {
		st, err := kv.c.stubs.KV.Watch(ctx, &kvv1.WatchRequest{QueryOptions: &commonv1.QueryOptions{MinIndex: minIndex}, Key: key})
		if err != nil {
			return nil, err
		}
		return func() (*KVPair, *QueryMeta, error) {
			resp, err := st.Recv()
			if err != nil {
				return nil, nil, err
			}
			if len(resp.Entries) == 0 {
				return nil, resp.QueryMeta, nil
			}
			return resp.Entries[0], resp.QueryMeta, nil
		}, nil
	})
}

// WatchPrefix follows every entry under a prefix through KVService.Watch.
func (kv *KV) WatchPrefix(ctx context.Context, prefix string, index uint64) *Watch[[]*KVPair] {
	return newWatch(ctx, kv.c, index, func(ctx context.Context, minIndex uint64) (func() ([]*KVPair, *QueryMeta, error), error) {
		st, err := kv.c.stubs.KV.Watch(ctx, &kvv1.WatchRequest{QueryOptions: &commonv1.QueryOptions{MinIndex: minIndex}, Key: prefix, Prefix: true})
		if err != nil {
			return nil, err
		}
		return func() ([]*KVPair, *QueryMeta, error) {
			resp, err := st.Recv()
			if err != nil {
				return nil, nil, err
			}
			return resp.Entries, resp.QueryMeta, nil
		}, nil
	})
}

// Watch follows the instances of a service, with their checks, through
// HealthService.WatchServiceHealth.
func (h *Health) Watch(ctx context.Context, service string, passingOnly bool, index uint64) *Watch[[]*ServiceHealth] {
	query := &healthv1.ServiceHealthQuery{Service: service, PassingOnly: passingOnly}
	return newWatch(ctx, h.c, index, func(ctx context.Context, minIndex uint64) (func() ([]*ServiceHealth, *QueryMeta, error), error) {
		st, err := h.c.stubs.Health.WatchServiceHealth(ctx, &healthv1.WatchServiceHealthRequest{
			QueryOptions: &commonv1.QueryOptions{MinIndex: minIndex}, Query: query})
		if err != nil {
			return nil, err
		}
		return func() ([]*ServiceHealth, *QueryMeta, error) {
			resp, err := st.Recv()
			if err != nil {
				return nil, nil, err
			}
			return resp.Instances, resp.QueryMeta, nil
		}, nil
	})
}

// WatchBlocking follows any blocking read: read is called with QueryOptions
// asking to block past the last index seen (for at most wait), and the watch
// delivers each new state. For reads without a Watch stream, e.g.:
//
//	w := roster.WatchBlocking(ctx, c, 0, time.Minute,
//		func(ctx context.Context, q *roster.QueryOptions) ([]*roster.SessionEntry, *roster.QueryMeta, error) {
//			return c.Session().List(ctx, q)
//		})
func WatchBlocking[T any](ctx context.Context, c *Client, index uint64, wait time.Duration,
	read func(ctx context.Context, q *QueryOptions) (T, *QueryMeta, error)) *Watch[T] {
	var w *Watch[T]
	w = newWatch(ctx, c, index, func(ctx context.Context, _ uint64) (func() (T, *QueryMeta, error), error) {
		return func() (T, *QueryMeta, error) {
			return read(ctx, Blocking(w.index, wait))
		}, nil
	})
	return w
}
