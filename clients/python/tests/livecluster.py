"""Access to the live cluster started by clients/testcluster.sh (its env file
is exported by test.sh): addresses, PIDs, and unique names per test run."""

from __future__ import annotations

import os
import socket
import unittest
import uuid
from typing import List

import roster_client


def _require(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        message = f"{name} is not set: start a cluster with clients/testcluster.sh (test.sh does)"
        if os.environ.get("CI") == "true":
            raise RuntimeError(message)  # in CI a missing cluster is a failure
        raise unittest.SkipTest(message)
    return value


def grpc_addresses() -> List[str]:
    return _require("ROSTER_GRPC_ADDRS").split(",")


def pids() -> List[int]:
    return [int(p) for p in _require("ROSTER_PIDS").split(",")]


def unique(prefix: str) -> str:
    """A name no other test (or earlier run on the same cluster) uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def dead_address() -> str:
    """A local address nothing listens on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"127.0.0.1:{port}"


class LiveTestCase(unittest.TestCase):
    """Gives each test clients that are closed after it."""

    def setUp(self) -> None:
        self.addresses = grpc_addresses()
        self._clients: List[roster_client.Client] = []

    def tearDown(self) -> None:
        for c in self._clients:
            c.close()

    def client(self, addresses=None, **kw) -> roster_client.Client:
        kw.setdefault("timeout", 20)
        c = roster_client.Client(addresses or self.addresses, **kw)
        self._clients.append(c)
        return c
