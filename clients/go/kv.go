package roster

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	commonv1 "example.invalid/roster/clients/go/gen/roster/common/v1"
	kvv1 "example.invalid/roster/clients/go/gen/roster/kv/v1"
)

// KVPair is a stored entry (the generated kvv1.Entry).
type KVPair = kvv1.Entry

// QueryMeta is what a read reports about the state it read (index to block
// on next, leader, ...).
type QueryMeta = commonv1.QueryMeta

// QueryOptions tune a read; nil means a plain default read. The token is
// filled in by the client.
type QueryOptions = commonv1.QueryOptions

// KV is the key/value store. Writes made through it carry a fresh request
// id, so the client can repeat them safely on another server when a
// connection breaks after sending.
type KV struct{ c *Client }

// KV returns the key/value store helper.
func (c *Client) KV() *KV { return &KV{c} }

// Blocking returns QueryOptions for a blocking read: answer once the result's
// index is past index, or after wait.
func Blocking(index uint64, wait time.Duration) *QueryOptions {
	return &QueryOptions{MinIndex: index, Wait: durationpb.New(wait)}
}

// Get reads a key. A missing key is not an error: the pair is nil and the
// meta's index can be blocked on until it appears.
func (kv *KV) Get(ctx context.Context, key string, q *QueryOptions) (*KVPair, *QueryMeta, error) {
	resp, err := kv.c.stubs.KV.Get(ctx, &kvv1.GetRequest{QueryOptions: q, Key: key})
	if err != nil {
		return nil, nil, err
	}
	return resp.Entry, resp.QueryMeta, nil
}

// List reads every entry under a prefix, in key order.
func (kv *KV) List(ctx context.Context, prefix string, q *QueryOptions) ([]*KVPair, *QueryMeta, error) {
	resp, err := kv.c.stubs.KV.List(ctx, &kvv1.ListRequest{QueryOptions: q, Prefix: prefix})
	if err != nil {
		return nil, nil, err
	}
	return resp.Entries, resp.QueryMeta, nil
}

// Keys lists the key names under a prefix, rolled up at separator when it is
// not empty.
func (kv *KV) Keys(ctx context.Context, prefix, separator string, q *QueryOptions) ([]string, *QueryMeta, error) {
	resp, err := kv.c.stubs.KV.ListKeys(ctx, &kvv1.ListKeysRequest{QueryOptions: q, Prefix: prefix, Separator: separator})
	if err != nil {
		return nil, nil, err
	}
	return resp.Keys, resp.QueryMeta, nil
}

// Put writes a key and returns the index of the write.
func (kv *KV) Put(ctx context.Context, key string, value []byte) (uint64, error) {
	resp, err := kv.put(ctx, &kvv1.PutRequest{Key: key, Value: value})
	if err != nil {
		return 0, err
	}
	return resp.Index, nil
}

// CAS writes a key only if its modify index is still index (0: only if the
// key does not exist). ok is false when the key had changed.
func (kv *KV) CAS(ctx context.Context, key string, value []byte, index uint64) (ok bool, writeIndex uint64, err error) {
	resp, err := kv.put(ctx, &kvv1.PutRequest{Key: key, Value: value, CasIndex: &index})
	if err != nil {
		return false, 0, err
	}
	return resp.Success, resp.Index, nil
}

// Acquire writes a key and takes its lock for the session. ok is false when
// another session holds it or it is in its lock-delay.
func (kv *KV) Acquire(ctx context.Context, key string, value []byte, session string) (bool, error) {
	resp, err := kv.put(ctx, &kvv1.PutRequest{Key: key, Value: value, AcquireSession: session})
	if err != nil {
		return false, err
	}
	return resp.Success, nil
}

// Release writes a key and releases its lock held by the session. ok is
// false when the session did not hold it.
func (kv *KV) Release(ctx context.Context, key string, value []byte, session string) (bool, error) {
	resp, err := kv.put(ctx, &kvv1.PutRequest{Key: key, Value: value, ReleaseSession: session})
	if err != nil {
		return false, err
	}
	return resp.Success, nil
}

// PutRequest sends a fully specified put (flags, datacenter, ...), with a
// request id added when it has none.
func (kv *KV) PutRequest(ctx context.Context, req *kvv1.PutRequest) (*kvv1.PutResponse, error) {
	return kv.put(ctx, proto.Clone(req).(*kvv1.PutRequest))
}

func (kv *KV) put(ctx context.Context, req *kvv1.PutRequest) (*kvv1.PutResponse, error) {
	req.WriteOptions = withRequestID(req.WriteOptions)
	return kv.c.stubs.KV.Put(ctx, req)
}

// Delete removes a key (nothing happens if it does not exist).
func (kv *KV) Delete(ctx context.Context, key string) error {
	_, err := kv.c.stubs.KV.Delete(ctx, &kvv1.DeleteRequest{WriteOptions: withRequestID(nil), Key: key})
	return err
}

// DeleteCAS removes a key only if its modify index is still index.
func (kv *KV) DeleteCAS(ctx context.Context, key string, index uint64) (bool, error) {
	resp, err := kv.c.stubs.KV.Delete(ctx, &kvv1.DeleteRequest{WriteOptions: withRequestID(nil), Key: key, CasIndex: &index})
	if err != nil {
		return false, err
	}
	return resp.Success, nil
}

// DeleteTree removes every key under a prefix.
func (kv *KV) DeleteTree(ctx context.Context, prefix string) error {
	_, err := kv.c.stubs.KV.Delete(ctx, &kvv1.DeleteRequest{WriteOptions: withRequestID(nil), Key: prefix, Recurse: true})
	return err
}

// withRequestID returns write options carrying a request id: o's own if set,
// else a random one. o is not modified.
func withRequestID(o *commonv1.WriteOptions) *commonv1.WriteOptions {
	if o != nil && o.RequestId != "" {
		return o
	}
	out := &commonv1.WriteOptions{}
	if o != nil {
		out.Datacenter, out.Token = o.Datacenter, o.Token
	}
	out.RequestId = newRequestID()
	return out
}

func newRequestID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms; an empty id
		// only loses the safe repeat.
		return ""
	}
	return "go-" + hex.EncodeToString(b[:])
}
