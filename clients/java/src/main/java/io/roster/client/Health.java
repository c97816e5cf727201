package io.roster.client;

import io.roster.client.RosterClient.Safety;
import io.roster.health.v1.HealthServiceGrpc;
import io.roster.health.v1.ListServiceHealthRequest;
import io.roster.health.v1.ListServiceHealthResponse;
import io.roster.health.v1.ServiceHealth;
import io.roster.health.v1.ServiceHealthQuery;
import io.roster.health.v1.WatchServiceHealthRequest;
import io.roster.health.v1.WatchServiceHealthResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/** Health of service instances ({@code HealthService}). */
public final class Health {
  private final RosterClient client;

  Health(RosterClient client) {
    this.client = client;
  }

  /** The instances of {@code service} with their checks; only passing ones if asked. */
  public List<ServiceHealth> service(String service, boolean passingOnly) {
    return service(query(service, passingOnly), 0, null).value();
  }

  /** A blocking read of a service's instances, past {@code minIndex} for up to {@code wait}. */
  public Indexed<List<ServiceHealth>> service(ServiceHealthQuery query, long minIndex,
      Duration wait) {
    ListServiceHealthRequest req = ListServiceHealthRequest.newBuilder()
        .setQueryOptions(client.blockingOptions(minIndex, wait))
        .setQuery(query)
        .build();
    ListServiceHealthResponse resp = client.execute(Safety.READ, ch ->
        client.stubOn(ch, HealthServiceGrpc::newBlockingStub, RosterClient.blockingSlack(wait))
            .listServiceHealth(req));
    return new Indexed<>(resp.getInstancesList(), resp.getQueryMeta().getIndex());
  }

  /**
   * Follows a service's instances over {@code HealthService.WatchServiceHealth}: the current
   * list, then the list after every change, resumed after a failover (see {@link Watch}).
   */
  public Watch<List<ServiceHealth>> watchService(String service, boolean passingOnly) {
    return Watch.open(opener(query(service, passingOnly)),
        WatchServiceHealthResponse::getInstancesList, null, null);
  }

  /** {@link #watchService(String, boolean)} delivering to a callback on the watch's thread. */
  public Watch<List<ServiceHealth>> watchService(ServiceHealthQuery query,
      Consumer<Indexed<List<ServiceHealth>>> onChange, Consumer<RosterException> onError) {
    return Watch.open(opener(query), WatchServiceHealthResponse::getInstancesList, onChange,
        onError);
  }

  private static ServiceHealthQuery query(String service, boolean passingOnly) {
    return ServiceHealthQuery.newBuilder().setService(service).setPassingOnly(passingOnly).build();
  }

  private Watch.Opener<WatchServiceHealthResponse> opener(ServiceHealthQuery query) {
    return new Watch.Opener<>() {
      @Override
      public Iterator<WatchServiceHealthResponse> open(long minIndex) {
        WatchServiceHealthRequest req = WatchServiceHealthRequest.newBuilder()
            .setQueryOptions(client.queryOptions().setMinIndex(minIndex))
            .setQuery(query)
            .build();
        return HealthServiceGrpc.newBlockingStub(client.channel()).watchServiceHealth(req);
      }

      @Override
      public long index(WatchServiceHealthResponse response) {
        return response.getQueryMeta().getIndex();
      }
    };
  }
}
