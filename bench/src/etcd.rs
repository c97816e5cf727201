//! etcd v3's gRPC API as roster-bench sees it: the clients and messages
//! generated from the subset in `bench/proto/` (`etcdserverpb.KV` with
//! `Range`, `Put` and `Txn`, `etcdserverpb.Lease`, and the lock service
//! `v3lockpb.Lock`). Only the field numbers matter on the wire, so this talks
//! to an unmodified etcd.

/// `mvccpb`: the stored key/value record.
pub mod mvccpb {
    tonic::include_proto!("mvccpb");
}

/// `etcdserverpb`: the `KV` and `Lease` service clients and their messages.
pub mod etcdserverpb {
    tonic::include_proto!("etcdserverpb");
}

/// `v3lockpb`: the `Lock` service client (etcd's `concurrency.Mutex` run by
/// the server) and its messages.
pub mod v3lockpb {
    tonic::include_proto!("v3lockpb");
}
