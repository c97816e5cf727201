package io.roster.client;

import io.roster.agent.v1.AgentCheck;
import io.roster.agent.v1.AgentServiceGrpc;
import io.roster.agent.v1.DeregisterServiceRequest;
import io.roster.agent.v1.GetSelfRequest;
import io.roster.agent.v1.ListServicesRequest;
import io.roster.agent.v1.LocalStateServiceGrpc;
import io.roster.agent.v1.RegisterServiceRequest;
import io.roster.agent.v1.UpdateCheckRequest;
import io.roster.catalog.v1.HealthStatus;
import io.roster.catalog.v1.Service;
import io.roster.client.RosterClient.Safety;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The connected agent itself: its services and checks ({@code LocalStateService}) and its
 * identity ({@code AgentService.GetSelf}). These requests have no options field: the token
 * reaches the agent as {@code x-consul-token} metadata.
 *
 * <p>A service belongs to the agent it was registered with, which puts it in the catalog under
 * its node. So the writes here ({@link #register}, {@link #deregister}, {@link #updateCheck})
 * are sent once, to the agent in use, and never failed over to another agent (which would
 * register the service on a second node): a failure is thrown to the caller. After a failover
 * the client uses another agent; call {@link #register} again if the service should follow the
 * client there. The reads ({@link #services()}, {@link #nodeName()}) describe the agent in use
 * and fail over with it.
 */
public final class Agent {
  private final RosterClient client;

  Agent(RosterClient client) {
    this.client = client;
  }

  /**
   * Registers (or replaces) a service on the agent with its checks, e.g. a TTL check: {@code
   * AgentCheck.newBuilder().setName("ttl").setDefinition(CheckDefinition.newBuilder().setTtl("30s"))}.
   * Sent once, to the agent in use (see the class comment).
   */
  public void register(Service service, AgentCheck... checks) {
    RegisterServiceRequest req = RegisterServiceRequest.newBuilder()
        .setService(service)
        .addAllChecks(Arrays.asList(checks))
        .build();
    client.execute(Safety.AGENT_LOCAL, ch -> client
        .stubOn(ch, LocalStateServiceGrpc::newBlockingStub, Duration.ZERO).registerService(req));
  }

  /**
   * Removes a service and its checks from the agent.
   *
   * @throws RosterException {@link ErrorKind#NOT_FOUND} if the agent has no such service
   */
  public void deregister(String serviceId) {
    DeregisterServiceRequest req =
        DeregisterServiceRequest.newBuilder().setServiceId(serviceId).build();
    client.execute(Safety.AGENT_LOCAL, ch -> client
        .stubOn(ch, LocalStateServiceGrpc::newBlockingStub, Duration.ZERO).deregisterService(req));
  }

  /** Sets a TTL check's status and output (and restarts its TTL), on the agent in use. */
  public void updateCheck(String checkId, HealthStatus status, String output) {
    UpdateCheckRequest req = UpdateCheckRequest.newBuilder()
        .setCheckId(checkId)
        .setStatus(status)
        .setOutput(output)
        .build();
    client.execute(Safety.AGENT_LOCAL, ch -> client
        .stubOn(ch, LocalStateServiceGrpc::newBlockingStub, Duration.ZERO).updateCheck(req));
  }

  /** The agent's services. */
  public List<Service> services() {
    return client.execute(Safety.READ, ch -> client
        .stubOn(ch, LocalStateServiceGrpc::newBlockingStub, Duration.ZERO)
        .listServices(ListServicesRequest.getDefaultInstance()))
        .getServicesList();
  }

  /** The name of the agent's node (where its services and sessions live in the catalog). */
  public String nodeName() {
    return client.execute(Safety.READ, ch -> client
        .stubOn(ch, AgentServiceGrpc::newBlockingStub, Duration.ZERO)
        .getSelf(GetSelfRequest.getDefaultInstance()))
        .getConfig().getNodeName();
  }
}
