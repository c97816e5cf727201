//! Compiles the hand-written etcd subset under `proto/` (the `etcdserverpb.KV`
//! service with `Range` and `Put`) with protox, so no `protoc` is needed, and
//! generates only the gRPC client.

use std::error::Error;

const PROTOS: &[&str] = &["etcdserverpb/rpc.proto", "mvccpb/kv.proto"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=proto");
    let descriptors = protox::compile(PROTOS, ["proto"])?;
    tonic_prost_build::configure()
        .build_server(false)
        .build_client(true)
        .compile_fds(descriptors)?;
    Ok(())
}
