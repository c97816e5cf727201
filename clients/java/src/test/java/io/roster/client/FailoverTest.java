package io.roster.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.roster.kv.v1.Entry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

/**
 * Kills the server the client is using and checks that the client goes on with the others. Run
 * last: the cluster has one server fewer afterwards.
 */
public class FailoverTest {
  @Test
  public void theClientGoesOnWhenItsServerDies() throws Exception {
    List<String> addrs = Cluster.addresses();
    List<Long> pids = Cluster.pids();
    String key = Cluster.prefix("failover") + "k";
    try (RosterClient client = Cluster.client(addrs);
        Watch<Optional<Entry>> watch = client.kv().watchKey(key)) {
      client.kv().put(key, "before");
      String used = client.currentAddress();
      assertEquals("v: before", value(awaitValue(watch, "before")));

      long pid = pids.get(addrs.indexOf(used));
      ProcessHandle server = ProcessHandle.of(pid).orElseThrow(
          () -> new AssertionError("server " + used + " (pid " + pid + ") is not running"));
      server.destroyForcibly();
      server.onExit().get();

      // Writes and reads go on through the other servers (after an election if the dead one
      // led), and the watch resumes there from the last index it saw.
      long start = System.nanoTime();
      client.kv().put(key, "after");
      assertNotEquals(used, client.currentAddress());
      assertEquals(Optional.of("after"), client.kv().getString(key));
      System.out.printf("failover: write after killing %s took %d ms, now on %s%n", used,
          (System.nanoTime() - start) / 1_000_000, client.currentAddress());
      assertEquals("v: after", value(awaitValue(watch, "after")));
      assertTrue("the watch was resumed", watch.resumes() >= 1);
    }
  }

  private static Indexed<Optional<Entry>> awaitValue(Watch<Optional<Entry>> watch, String want)
      throws InterruptedException {
    return ClusterTest.awaitState(watch,
        e -> e.isPresent() && e.get().getValue().toStringUtf8().equals(want));
  }

  private static String value(Indexed<Optional<Entry>> s) {
    assertNotNull(s);
    return "v: " + s.value().orElseThrow().getValue().toStringUtf8();
  }
}
