package io.roster.client;

import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Assume;

/** The live test cluster, from clients/testcluster.sh's environment. */
final class Cluster {
  private Cluster() {}

  /** The gRPC addresses; skips the test without them, or fails it when CI=true. */
  static List<String> addresses() {
    String addrs = System.getenv("ROSTER_GRPC_ADDRS");
    if (addrs == null || addrs.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("ROSTER_GRPC_ADDRS is not set (run through clients/java/test.sh)");
      }
      Assume.assumeTrue("no test cluster (ROSTER_GRPC_ADDRS)", false);
    }
    return new ArrayList<>(Arrays.asList(addrs.split(",")));
  }

  /** Server PIDs, in the order of {@link #addresses()}. */
  static List<Long> pids() {
    String pids = System.getenv("ROSTER_PIDS");
    if (pids == null || pids.isEmpty()) {
      fail("ROSTER_PIDS is not set");
    }
    List<Long> out = new ArrayList<>();
    for (String p : pids.split(",")) {
      out.add(Long.parseLong(p.trim()));
    }
    return out;
  }

  static RosterClient client(List<String> addresses) {
    return RosterClient.builder()
        .addresses(addresses)
        .token("java-test-token") // no ACLs in the test cluster: accepted and ignored
        .timeout(Duration.ofSeconds(15))
        .build();
  }

  /** A key prefix no other test (or earlier run) uses. */
  static String prefix(String name) {
    return "java-test/" + name + "/" + System.nanoTime() + "/";
  }
}
