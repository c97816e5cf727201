"""python-consul against a Roster agent: register -> health -> watch ->
deregister, the way applications use the client. Exits 0 when every step
behaved as with Consul; prints what went wrong otherwise.

Usage: python3 python_consul.py PORT
"""

import sys
import threading
import time

import consul


def wait_until(what, predicate, timeout=30.0):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(0.1)
    raise SystemExit("timed out waiting for %s (last: %r)" % (what, last))


def main():
    c = consul.Consul(host="127.0.0.1", port=int(sys.argv[1]))

    c.agent.service.register(
        "web", service_id="web-1", port=8080, tags=["v1"], check=consul.Check.ttl("30s")
    )
    services = c.agent.services()
    assert services["web-1"]["Service"] == "web", services
    assert services["web-1"]["Port"] == 8080, services

    c.agent.check.ttl_pass("service:web-1", notes="ok")
    wait_until(
        "web-1 passing",
        lambda: len(c.health.service("web", passing=True)[1]) == 1,
    )
    index, nodes = c.health.service("web", passing=True)
    entry = nodes[0]
    assert entry["Service"]["ID"] == "web-1", entry
    assert entry["Service"]["Tags"] == ["v1"], entry
    checks = {check["CheckID"]: check for check in entry["Checks"]}
    assert checks["service:web-1"]["Output"] == "ok", checks
    assert int(index) > 0

    # A blocking query wakes when the check fails.
    index, _ = c.health.service("web")
    result = {}

    def watch():
        result["answer"] = c.health.service("web", index=index, wait="30s")

    watcher = threading.Thread(target=watch)
    watcher.start()
    time.sleep(0.5)
    c.agent.check.ttl_fail("service:web-1", notes="down")
    watcher.join(40)
    assert "answer" in result, "the blocking query never returned"
    new_index, nodes = result["answer"]
    assert int(new_index) > int(index), (index, new_index)
    statuses = {check["CheckID"]: check["Status"] for check in nodes[0]["Checks"]}
    assert statuses["service:web-1"] == "critical", statuses

    _, catalog_services = c.catalog.services()
    assert "web" in catalog_services, catalog_services
    _, instances = c.catalog.service("web")
    assert instances[0]["ServicePort"] == 8080, instances

    c.agent.service.deregister("web-1")
    wait_until("web gone", lambda: c.catalog.service("web")[1] == [])
    assert "web-1" not in c.agent.services()
    print("python-consul: register, health, watch and deregister behave")


if __name__ == "__main__":
    main()
