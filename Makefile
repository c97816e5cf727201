# The two commands of the README.
#   make run    builds and starts `roster agent -dev` (HTTP 127.0.0.1:8500, gRPC 127.0.0.1:8502)
#   make test   runs every check and test (what CI runs)
# Parts of `make test`, each using the binary `make test` builds
# (target/debug/roster): test-clients, test-compose, test-systemd.
export CARGO_TARGET_DIR ?= $(CURDIR)/target

.PHONY: run test build bench test-clients test-compose test-systemd gen-clients

run: build
	$(CARGO_TARGET_DIR)/debug/roster agent -dev

build:
	scripts/install-deps.sh build
	cargo build -p roster-server --bin roster

test:
	scripts/test.sh

bench:
	bench/run.sh

# The Go, Python and Java clients: generated code up to date, unit tests,
# and tests and examples against a live 3-server cluster.
test-clients:
	clients/go/test.sh
	clients/python/test.sh
	clients/java/test.sh

# docker-compose.yml's 3 servers + 2 clients from an image of the built binary.
test-compose:
	scripts/test-compose.sh

# dist/roster.service under a real systemd in a container.
test-systemd:
	scripts/test-systemd.sh

# Regenerates the clients' code from proto/.
gen-clients:
	scripts/gen-clients.sh
