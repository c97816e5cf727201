# Roster agent image (server or client: the same binary, chosen by flags).
#
#   docker build -t roster:local .
#       Builds the release binary in a Rust image (20+ minutes on two cores:
#       RocksDB's C++ and a fat-LTO link), then the runtime image.
#   docker build --target prebuilt -t roster:local CONTEXT
#       Packs a binary built elsewhere: CONTEXT holds it as `roster`
#       (executable, linked against glibc 2.36 or older; strip its debug info
#       first, see scripts/test-compose.sh). No Rust toolchain involved.
#
# Build arguments: BASE_IMAGE (the runtime's Debian bookworm image; the
# tests use one made offline by scripts/docker-base.sh), RUST_IMAGE (the
# builder), ROSTER_UID (the agent's user ID, which owns the data volume).
#
# Stage order matters: the legacy builder (DOCKER_BUILDKIT=0) builds every
# stage up to the target, in file order, so `prebuilt` comes before the Rust
# stages and `--target prebuilt` never starts a Rust build. The last stage,
# `release`, is the default target.
#
# No `# syntax=` line: it would make BuildKit pull a frontend image.

ARG BASE_IMAGE=debian:bookworm-slim
ARG RUST_IMAGE=rust:1-bookworm

# --- runtime: everything but the binary --------------------------------------
FROM ${BASE_IMAGE} AS runtime
ARG ROSTER_UID=10001
# CA certificates: HTTPS and gRPC health checks verify their targets against
# the system's roots. debootstrap-made bases already have them; a registry's
# bookworm-slim does not.
RUN set -eux; \
    if [ ! -s /etc/ssl/certs/ca-certificates.crt ]; then \
        apt-get update; \
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates; \
        rm -rf /var/lib/apt/lists/*; \
    fi; \
    groupadd --system --gid "${ROSTER_UID}" roster; \
    useradd --system --uid "${ROSTER_UID}" --gid roster --home-dir /var/lib/roster \
        --no-create-home --shell /usr/sbin/nologin roster; \
    mkdir -p /var/lib/roster /etc/roster.d; \
    chown roster:roster /var/lib/roster; \
    chmod 0750 /var/lib/roster; \
    printf '%s\n' '{' '  "data_dir": "/var/lib/roster",' '  "client_addr": "0.0.0.0"' '}' \
        >/etc/roster.d/00-docker.json
# /etc/roster.d/00-docker.json holds what every agent in a container wants:
# listeners reachable from other containers and published ports (the agent's
# default, 127.0.0.1, is not), and the data directory on the volume. Mount
# more files into /etc/roster.d (read in lexical order, later values win) or
# give flags after the image name (flags win over files).
VOLUME ["/var/lib/roster"]
# 8300 server RPC (Raft), 8301/8302 LAN/WAN gossip (UDP and TCP), 8500 HTTP,
# 8502 gRPC, 8600 DNS (UDP and TCP).
EXPOSE 8300/tcp 8301/tcp 8301/udp 8302/tcp 8302/udp 8500/tcp 8502/tcp 8600/tcp 8600/udp
# The agent binds 0.0.0.0 by default and advertises the container's single
# private IPv4 address (on several networks, give -bind / -advertise).
USER roster
WORKDIR /var/lib/roster
# Live and answering: `roster members` asks the local agent's HTTP API
# (127.0.0.1:8500, or CONSUL_HTTP_ADDR) for its gossip members and fails when
# it does not answer or lists none. Under ACLs with default deny, set
# CONSUL_HTTP_TOKEN in the container to a token with node:read.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/bin/roster", "members"]
# SIGTERM (docker stop): a client agent leaves the cluster gracefully, a
# server hands leadership over and stops without leaving (Consul's
# leave_on_terminate defaults). The agent reaps nothing: run with --init
# (compose: `init: true`) when it runs script checks.
ENTRYPOINT ["/usr/bin/roster", "agent", "-config-dir=/etc/roster.d"]
CMD []

# --- prebuilt: the runtime plus a binary from the build context -------------
# The context holds the binary as `roster`. The legacy builder also runs this
# stage when it builds `release` from the source tree, which has no such
# binary, and a COPY whose sources match nothing fails: the globs let it find
# Cargo.toml there instead (the stage is then unused and thrown away). Any
# other context without `roster` still fails here, as it should.
FROM runtime AS prebuilt
COPY rost[e]r Cargo.tom[l] /usr/bin/
# Fails the build when the binary cannot run here (a newer glibc, missing
# libraries) rather than at the first start.
RUN [ -e /usr/bin/Cargo.toml ] || /usr/bin/roster version

# --- builder: the release binary, its debug info split off ------------------
FROM ${RUST_IMAGE} AS builder
# libclang for RocksDB's bindgen, protoc for raft-proto; the image has the C++
# toolchain and binutils.
RUN set -eux; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libclang-dev protobuf-compiler; \
    rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The release profile keeps line tables (readable panics); they go to
# roster.debug, which the shipped binary names through .gnu_debuglink so that
# gdb and addr2line find it when it sits next to the binary or in
# /usr/lib/debug.
RUN set -eux; \
    cargo build --release --locked -p roster-server --bin roster; \
    mkdir -p /out; \
    objcopy --only-keep-debug target/release/roster /out/roster.debug; \
    objcopy --strip-debug --add-gnu-debuglink=/out/roster.debug \
        target/release/roster /out/roster; \
    /out/roster version

# --- debug: the split debug info alone ---------------------------------------
#   DOCKER_BUILDKIT=1 docker build --target debug --output type=local,dest=. .
FROM scratch AS debug
COPY --from=builder /out/roster.debug /roster.debug

# --- release (default) --------------------------------------------------------
FROM runtime AS release
COPY --from=builder /out/roster /usr/bin/roster
