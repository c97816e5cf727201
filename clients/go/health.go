package roster

import (
	"context"

	catalogv1 "example.invalid/roster/clients/go/gen/roster/catalog/v1"
	healthv1 "example.invalid/roster/clients/go/gen/roster/health/v1"
)

// ServiceHealth is one instance of a service with its node and checks.
type ServiceHealth = healthv1.ServiceHealth

// Health reads the health of services.
type Health struct{ c *Client }

// Health returns the health helper.
func (c *Client) Health() *Health { return &Health{c} }

// Service returns the instances of a service with their checks; only the
// instances whose every check passes when passingOnly.
func (h *Health) Service(ctx context.Context, service string, passingOnly bool, q *QueryOptions) ([]*ServiceHealth, *QueryMeta, error) {
	resp, err := h.c.stubs.Health.ListServiceHealth(ctx, &healthv1.ListServiceHealthRequest{
		QueryOptions: q,
		Query:        &healthv1.ServiceHealthQuery{Service: service, PassingOnly: passingOnly},
	})
	if err != nil {
		return nil, nil, err
	}
	return resp.Instances, resp.QueryMeta, nil
}

// AggregatedStatus is the worst status among an instance's checks
// (passing when it has none), as Consul's health endpoints decide.
func AggregatedStatus(inst *ServiceHealth) catalogv1.HealthStatus {
	worst := catalogv1.HealthStatus_HEALTH_STATUS_PASSING
	for _, chk := range inst.GetChecks() {
		s := chk.GetStatus()
		if s == catalogv1.HealthStatus_HEALTH_STATUS_UNSPECIFIED {
			s = catalogv1.HealthStatus_HEALTH_STATUS_CRITICAL
		}
		if s > worst {
			worst = s
		}
	}
	return worst
}
