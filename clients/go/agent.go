package roster

import (
	"context"

	agentv1 "example.invalid/roster/clients/go/gen/roster/agent/v1"
	catalogv1 "example.invalid/roster/clients/go/gen/roster/catalog/v1"
)

// Service is a service instance (the generated catalogv1.Service).
type Service = catalogv1.Service

// AgentCheck is a check run by an agent (the generated agentv1.AgentCheck).
type AgentCheck = agentv1.AgentCheck

// Agent is the agent the client is connected to: its own services and
// checks (LocalStateService) and its membership (AgentService). These
// calls are not failed over: one whose agent cannot be reached fails
// (KindUnavailable) rather than registering the service on another node.
// The client's later calls then go to the next address, another agent with
// its own local services.
type Agent struct{ c *Client }

// Agent returns the agent helper.
func (c *Client) Agent() *Agent { return &Agent{c} }

// NodeName is the name of the agent's node (the node sessions are created
// on).
func (a *Agent) NodeName(ctx context.Context) (string, error) {
	resp, err := a.c.stubs.Agent.GetSelf(ctx, &agentv1.GetSelfRequest{})
	if err != nil {
		return "", err
	}
	return resp.GetConfig().GetNodeName(), nil
}

// RegisterService adds or replaces a service on the agent, with its checks.
func (a *Agent) RegisterService(ctx context.Context, svc *Service, checks ...*AgentCheck) error {
	_, err := a.c.stubs.LocalState.RegisterService(ctx, &agentv1.RegisterServiceRequest{Service: svc, Checks: checks})
	return err
}

// DeregisterService removes a service and its checks from the agent
// (KindNotFound when the agent has no such service).
func (a *Agent) DeregisterService(ctx context.Context, serviceID string) error {
	_, err := a.c.stubs.LocalState.DeregisterService(ctx, &agentv1.DeregisterServiceRequest{ServiceId: serviceID})
	return err
}

// Services lists the agent's services.
func (a *Agent) Services(ctx context.Context) ([]*Service, error) {
	resp, err := a.c.stubs.LocalState.ListServices(ctx, &agentv1.ListServicesRequest{})
	if err != nil {
		return nil, err
	}
	return resp.Services, nil
}

// UpdateTTL sets the status and output of a TTL check and restarts its TTL.
func (a *Agent) UpdateTTL(ctx context.Context, checkID string, status catalogv1.HealthStatus, output string) error {
	_, err := a.c.stubs.LocalState.UpdateCheck(ctx, &agentv1.UpdateCheckRequest{CheckId: checkID, Status: status, Output: output})
	return err
}
