#!/usr/bin/env python3
"""Roster client example: register a service on an agent, watch its health,
take a lock, and use the KV store.

    python3 example.py --addrs 127.0.0.1:8502            # or ROSTER_GRPC_ADDRS=...
    python3 example.py --addrs a:8502,b:8502 --token ...  # or ROSTER_TOKEN=...

Exits non-zero if any step does not behave as expected.
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid

from roster_client import Client, RosterError


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addrs", default=os.environ.get("ROSTER_GRPC_ADDRS", "127.0.0.1:8502"),
                        help="comma-separated gRPC addresses of agents (env ROSTER_GRPC_ADDRS)")
    parser.add_argument("--token", default=os.environ.get("ROSTER_TOKEN", ""), help="ACL token (env ROSTER_TOKEN)")
    args = parser.parse_args()

    run = uuid.uuid4().hex[:8]
    with Client(args.addrs, token=args.token) as roster:
        print(f"connected to {roster.current_address} (node {roster.agent.node_name()})")

        # A service with a TTL check: critical until the service says it is fine.
        name = f"example-web-{run}"
        service_id = roster.agent.register_service(name, port=8080, tags=["example"], ttl="30s")
        check_id = f"service:{service_id}"
        print(f"registered service {service_id}")
        try:
            with roster.health.watch_service(name, timeout=30) as watch:
                reported = False
                for update in watch:
                    statuses = [c.status for i in update.instances for c in i.checks if c.service_id]
                    print(f"  health at index {update.query_meta.index}: {len(update.instances)} instance(s), "
                          f"service check statuses {statuses}")
                    if statuses and not reported:
                        roster.agent.update_check(check_id, "passing", "example is up")
                        reported = True
                    if len(roster.health.service(name, passing_only=True)) == 1:
                        print("  the instance is passing")
                        break
                else:
                    print("the service never became passing", file=sys.stderr)
                    return 1

            # Only one holder at a time; the session is renewed while held.
            with roster.lock(f"example/{run}/leader", value=b"example", ttl=10) as lock:
                print(f"took the lock with session {lock.session_id}")
                key = f"example/{run}/greeting"
                roster.kv.put(key, b"hello from the leader")
                entry = roster.kv.get(key)
                print(f"  {entry.key} = {entry.value.decode()!r} (modify index {entry.modify_index})")
                if entry.value != b"hello from the leader":
                    print("read back something else", file=sys.stderr)
                    return 1
            print("released the lock")
            roster.kv.delete(f"example/{run}/", recurse=True)
        except RosterError as e:
            print(f"error: {e!r}", file=sys.stderr)
            return 1
        finally:
            roster.agent.deregister_service(service_id)
            print(f"deregistered {service_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
