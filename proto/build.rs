//! Compiles `roster/**/*.proto` with protox (no protoc needed) and writes the
//! encoded descriptor set that gRPC server reflection serves.

use std::{env, fs, path::PathBuf};

use prost::Message;

const PROTOS: &[&str] = &[
    "roster/common/v1/common.proto",
    "roster/acl/v1/acl.proto",
    "roster/catalog/v1/catalog.proto",
    "roster/health/v1/health.proto",
    "roster/kv/v1/kv.proto",
    "roster/session/v1/session.proto",
    "roster/txn/v1/txn.proto",
    "roster/status/v1/status.proto",
    "roster/agent/v1/agent.proto",
    "roster/agent/v1/local.proto",
    "roster/coordinate/v1/coordinate.proto",
    "roster/event/v1/event.proto",
    "roster/operator/v1/keyring.proto",
    "roster/operator/v1/raft.proto",
    "roster/raft/v1/raft.proto",
    "roster/snapshot/v1/snapshot.proto",
    "roster/storage/v1/storage.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=roster");
    let mut compiler = protox::Compiler::new(["."])?;
    compiler.include_imports(true).include_source_info(true);
    compiler.open_files(PROTOS)?;
    let descriptors = compiler.file_descriptor_set();
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    fs::write(
        out_dir.join("roster_descriptor.bin"),
        descriptors.encode_to_vec(),
    )?;
    tonic_prost_build::configure()
        // Maps render sorted, as Go's encoding/json writes them.
        .btree_map(".roster.catalog")
        .btree_map(".roster.health")
        .btree_map(".roster.agent.v1.AgentCheck")
        // Keeps the Raft command enum small (clippy: large_enum_variant).
        .boxed(".roster.raft.v1.Command.command.catalog_register")
        .boxed(".roster.raft.v1.Command.command.acl_bootstrap")
        .boxed(".roster.raft.v1.Command.command.acl_token_set")
        .boxed(".roster.raft.v1.Command.command.acl_policy_set")
        .boxed(".roster.raft.v1.Command.command.acl_role_set")
        .boxed(".roster.txn.v1.TxnOp.op.node")
        .boxed(".roster.txn.v1.TxnOp.op.service")
        .boxed(".roster.txn.v1.TxnOp.op.check")
        .boxed(".roster.txn.v1.TxnResult.result.node")
        .boxed(".roster.txn.v1.TxnResult.result.service")
        .boxed(".roster.txn.v1.TxnResult.result.check")
        .build_server(true)
        .build_client(true)
        .compile_fds(descriptors)?;
    Ok(())
}
