//! Roster's Protobuf API: the generated message and gRPC types for every
//! `roster.<area>.v1` package, the encoded descriptor set served by gRPC
//! reflection, and the one error table ([`status::ErrorKind`]) that maps an
//! error to its gRPC code and HTTP status.
//!
//! Generated code sits behind `roster_proto::<area>::v1`; hand-written helpers
//! for an area live beside it in `src/<area>.rs`.

pub mod common;
pub mod definitions;
pub mod kv;
pub mod session;
pub mod status;

/// Encoded `FileDescriptorSet` of every Roster proto (and its imports), for
/// gRPC server reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/roster_descriptor.bin"));

/// `roster.acl.v1`: access control (tokens, policies, roles).
pub mod acl {
    /// Version 1.
    pub mod v1 {
        tonic::include_proto!("roster.acl.v1");
    }
}

/// `roster.agent.v1`: the local agent's gossip membership.
pub mod agent {
    /// Version 1.
    pub mod v1 {
        tonic::include_proto!("roster.agent.v1");
    }
}

/// `roster.catalog.v1`: nodes, services and health checks.
pub mod catalog {
    /// Version 1.
    pub mod v1 {
        tonic::include_proto!("roster.catalog.v1");
    }
}

/// `roster.health.v1`: checks and the health of service instances.
pub mod health {
    /// Version 1.
    pub mod v1 {
        tonic::include_proto!("roster.health.v1");
    }
}

/// `roster.coordinate.v1`: Vivaldi network coordinates.
pub mod coordinate {
    /// Version 1.
    pub mod v1 {
        tonic::include_proto!("roster.coordinate.v1");
    }
}

/// `roster.event.v1`: user events.
pub mod event {
    /// Version 1.
    pub mod v1 {
        tonic::include_proto!("roster.event.v1");
    }
}

/// `roster.operator.v1`: operator APIs (the gossip keyring, the Raft
/// configuration, autopilot).
pub mod operator {
    /// Version 1.
    pub mod v1 {
        tonic::include_proto!("roster.operator.v1");
    }
}

/// `roster.raft.v1`: the replicated command and the Raft transport.
pub mod raft {
    /// Version 1.
    pub mod v1 {
        tonic::include_proto!("roster.raft.v1");
    }
}

/// `roster.snapshot.v1`: state archives (save and restore).
pub mod snapshot {
    /// Largest message of `SnapshotService` either side accepts (a piece of
    /// an archive stream).
    pub const MAX_MESSAGE_SIZE: usize = 8 << 20;

    /// Version 1.
    pub mod v1 {
        tonic::include_proto!("roster.snapshot.v1");
    }
}

/// `roster.txn.v1`: transactions.
pub mod txn {
    /// Most operations in one transaction (Consul's).
    pub const MAX_OPS: usize = 64;

    /// Version 1.
    pub mod v1 {
        tonic::include_proto!("roster.txn.v1");
    }

    /// Whether a KV verb only reads (`get`, `get-tree`, `check-*`).
    pub fn is_read(verb: v1::KvVerb) -> bool {
        use v1::KvVerb;
        matches!(
            verb,
            KvVerb::Get
                | KvVerb::GetTree
                | KvVerb::CheckIndex
                | KvVerb::CheckSession
                | KvVerb::CheckNotExists
        )
    }

    /// Whether every operation of a transaction only reads (such a
    /// transaction is served without Raft).
    pub fn read_only(ops: &[v1::TxnOp]) -> bool {
        use v1::txn_op::Op;
        let get = |verb: i32| verb == v1::CatalogVerb::Get as i32;
        ops.iter().all(|op| match &op.op {
            Some(Op::Kv(kv)) => v1::KvVerb::try_from(kv.verb).is_ok_and(is_read),
            Some(Op::Node(n)) => get(n.verb),
            Some(Op::Service(s)) => get(s.verb),
            Some(Op::Check(c)) => get(c.verb),
            None => false,
        })
    }
}

/// `roster.storage.v1`: on-disk record formats.
pub mod storage {
    /// Version 1.
    pub mod v1 {
        tonic::include_proto!("roster.storage.v1");
    }
}
