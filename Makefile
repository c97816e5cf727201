# The two commands of the README.
#   make run    builds and starts `roster agent -dev` (HTTP 127.0.0.1:8500, gRPC 127.0.0.1:8502)
#   make test   runs every check and test (what CI runs)
export CARGO_TARGET_DIR ?= $(CURDIR)/target

.PHONY: run test build bench

run: build
	$(CARGO_TARGET_DIR)/debug/roster agent -dev

build:
	scripts/install-deps.sh build
	cargo build -p roster-server --bin roster

test:
	scripts/test.sh

bench:
	bench/run.sh
