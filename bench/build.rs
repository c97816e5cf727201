//! Compiles the hand-written etcd subset under `proto/` (`etcdserverpb.KV`
//! with `Range`, `Put` and `Txn`; `etcdserverpb.Lease`; `v3lockpb.Lock`) with
//! protox, so no `protoc` is needed, and generates only the gRPC clients.

use std::error::Error;

const PROTOS: &[&str] = &[
    "etcdserverpb/rpc.proto",
    "mvccpb/kv.proto",
    "v3lockpb/v3lock.proto",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=proto");
    let descriptors = protox::compile(PROTOS, ["proto"])?;
    tonic_prost_build::configure()
        .build_server(false)
        .build_client(true)
        .compile_fds(descriptors)?;
    Ok(())
}
