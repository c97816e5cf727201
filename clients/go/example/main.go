// Command example registers a service on a Roster agent, watches its health
// until it passes, takes a lock and does a KV put/get under it.
//
//	go run ./example -addrs 127.0.0.1:8502
//
// The addresses default to $ROSTER_GRPC_ADDRS (comma-separated).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	roster "example.invalid/roster/clients/go"
	catalogv1 "example.invalid/roster/clients/go/gen/roster/catalog/v1"
)

func main() {
	addrs := flag.String("addrs", os.Getenv("ROSTER_GRPC_ADDRS"), "gRPC addresses of Roster agents, comma-separated")
	token := flag.String("token", os.Getenv("ROSTER_TOKEN"), "ACL token")
	timeout := flag.Duration("timeout", 30*time.Second, "give up after this long")
	flag.Parse()
	if *addrs == "" {
		log.Fatal("no addresses: pass -addrs or set ROSTER_GRPC_ADDRS")
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if err := run(ctx, strings.Split(*addrs, ","), *token); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, addrs []string, token string) error {
	client, err := roster.New(roster.Config{Addresses: addrs, Token: token})
	if err != nil {
		return err
	}
	defer client.Close()

	// Register a service with a TTL check on the agent; it starts critical.
	svc := &catalogv1.Service{Id: "example-web-1", Service: "example-web", Port: 8080}
	check := &roster.AgentCheck{CheckId: "example-web-ttl", Name: "alive", Definition: &catalogv1.CheckDefinition{Ttl: "30s"}}
	if err := client.Agent().RegisterService(ctx, svc, check); err != nil {
		return fmt.Errorf("register: %w", err)
	}
	defer func() {
		if err := client.Agent().DeregisterService(context.Background(), svc.Id); err != nil {
			log.Printf("deregister: %v", err)
		}
	}()
	fmt.Println("registered", svc.Id, "on", client.CurrentAddress())

	if err := waitHealthy(ctx, client, svc, check.CheckId); err != nil {
		return err
	}

	// Take a lock, write and read a key while holding it.
	lock := client.NewLock("example/leader", roster.LockOptions{Value: []byte("example"), SessionTTL: 10 * time.Second})
	lost, err := lock.Lock(ctx)
	if err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	fmt.Println("lock taken with session", lock.Session())
	kv := client.KV()
	if _, err := kv.Put(ctx, "example/greeting", []byte("hello from the leader")); err != nil {
		return fmt.Errorf("put: %w", err)
	}
	pair, meta, err := kv.Get(ctx, "example/greeting", nil)
	if err != nil {
		return fmt.Errorf("get: %w", err)
	}
	if pair == nil {
		return fmt.Errorf("get: key missing at index %d", meta.Index)
	}
	fmt.Printf("got %q at index %d\n", pair.Value, pair.ModifyIndex)
	select {
	case <-lost:
		return fmt.Errorf("lock lost")
	default:
	}
	if err := lock.Unlock(ctx); err != nil {
		return fmt.Errorf("unlock: %w", err)
	}
	fmt.Println("lock released")
	return nil
}

// waitHealthy watches the service's health, reports its TTL check passing
// once the instance shows up with it, and returns when the watch sees the
// instance passing.
func waitHealthy(ctx context.Context, client *roster.Client, svc *catalogv1.Service, checkID string) error {
	w := client.Health().Watch(ctx, svc.Service, false, 0)
	defer w.Close()
	reported := false
	for w.Next() {
		for _, inst := range w.Value() {
			status := roster.AggregatedStatus(inst)
			fmt.Printf("health of %s at index %d: %s\n", inst.Service.Id, w.Index(), status)
			if status == catalogv1.HealthStatus_HEALTH_STATUS_PASSING && hasCheck(inst, checkID) {
				return nil
			}
			if hasCheck(inst, checkID) && !reported {
				if err := client.Agent().UpdateTTL(ctx, checkID, catalogv1.HealthStatus_HEALTH_STATUS_PASSING, "ok"); err != nil {
					return fmt.Errorf("update check: %w", err)
				}
				reported = true
			}
		}
	}
	return fmt.Errorf("health watch: %v", w.Err())
}

func hasCheck(inst *roster.ServiceHealth, id string) bool {
	for _, c := range inst.Checks {
		if c.CheckId == id {
			return true
		}
	}
	return false
}
