//! etcd v3's KV gRPC API as roster-bench sees it: the client and messages
//! generated from the subset in `bench/proto/` (`etcdserverpb.KV/Range` and
//! `etcdserverpb.KV/Put`). Only the field numbers matter on the wire, so this
//! talks to an unmodified etcd.

/// `mvccpb`: the stored key/value record.
pub mod mvccpb {
    tonic::include_proto!("mvccpb");
}

/// `etcdserverpb`: the `KV` service client and its messages.
pub mod etcdserverpb {
    tonic::include_proto!("etcdserverpb");
}
