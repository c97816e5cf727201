package io.roster.example;

import io.roster.agent.v1.AgentCheck;
import io.roster.catalog.v1.CheckDefinition;
import io.roster.catalog.v1.HealthCheck;
import io.roster.catalog.v1.HealthStatus;
import io.roster.catalog.v1.Service;
import io.roster.client.Indexed;
import io.roster.client.Lock;
import io.roster.client.LockOptions;
import io.roster.client.RosterClient;
import io.roster.client.Watch;
import io.roster.health.v1.ServiceHealth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Registers a service with a TTL check on an agent, watches its health turn passing, takes a
 * lock, and writes and reads a key under it.
 *
 * <pre>
 *   java -cp ... io.roster.example.Example [--addrs host:port,host:port] [--token T]
 * </pre>
 *
 * The addresses default to $ROSTER_GRPC_ADDRS, the token to $ROSTER_TOKEN.
 */
public final class Example {
  private Example() {}

  public static void main(String[] args) throws Exception {
    String addrs = System.getenv().getOrDefault("ROSTER_GRPC_ADDRS", "127.0.0.1:8502");
    String token = System.getenv().getOrDefault("ROSTER_TOKEN", "");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--addrs": addrs = args[i + 1]; break;
        case "--token": token = args[i + 1]; break;
        default: throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }

    try (RosterClient client = RosterClient.builder().addressList(addrs).token(token).build()) {
      String service = "example-web";
      String checkId = "example-web-ttl";
      client.agent().register(
          Service.newBuilder().setId(service).setService(service).setPort(8080).build(),
          AgentCheck.newBuilder()
              .setCheckId(checkId)
              .setName("example heartbeat")
              .setDefinition(CheckDefinition.newBuilder().setTtl("30s"))
              .build());
      System.out.println("registered " + service + " on " + client.currentAddress()
          + " (node " + client.agent().nodeName() + ")");

      try (Watch<List<ServiceHealth>> health = client.health().watchService(service, false)) {
        Indexed<List<ServiceHealth>> state = health.next(Duration.ofSeconds(10));
        System.out.println("health at index " + state.index() + ": " + describe(state.value()));
        client.agent().updateCheck(checkId, HealthStatus.HEALTH_STATUS_PASSING, "all good");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!passing(state.value(), checkId)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the check never showed passing");
          }
          state = health.next(Duration.ofSeconds(10));
          System.out.println("health at index " + state.index() + ": " + describe(state.value()));
        }
      }

      LockOptions options = LockOptions.builder()
          .value("example".getBytes(StandardCharsets.UTF_8))
          .lockDelay(Duration.ofSeconds(1))
          .build();
      try (Lock lock = client.lock("example/leader", options)) {
        if (!lock.tryAcquire(Duration.ofSeconds(20))) {
          throw new IllegalStateException("could not take the lock");
        }
        System.out.println("holding example/leader with session " + lock.sessionId());
        client.kv().put("example/greeting", "hello from the leader");
        String read = client.kv().getString("example/greeting").orElseThrow();
        System.out.println("read back example/greeting = " + read);
        if (!read.equals("hello from the leader")) {
          throw new IllegalStateException("read back " + read);
        }
      }
      System.out.println("released the lock");
      client.agent().deregister(service);
      System.out.println("deregistered " + service + "; example OK");
    }
  }

  private static boolean passing(List<ServiceHealth> instances, String checkId) {
    for (ServiceHealth sh : instances) {
      for (HealthCheck c : sh.getChecksList()) {
        if (c.getCheckId().equals(checkId) && c.getStatus() == HealthStatus.HEALTH_STATUS_PASSING) {
          return true;
        }
      }
    }
    return false;
  }

  private static String describe(List<ServiceHealth> instances) {
    StringBuilder sb = new StringBuilder();
    for (ServiceHealth sh : instances) {
      sb.append(sh.getNode().getNode()).append('/').append(sh.getService().getId()).append(" [");
      for (HealthCheck c : sh.getChecksList()) {
        sb.append(' ').append(c.getCheckId()).append('=').append(c.getStatus());
      }
      sb.append(" ] ");
    }
    return instances.isEmpty() ? "(no instances)" : sb.toString().trim();
  }
}
