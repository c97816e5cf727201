// lookup asks an agent's DNS interface with Go's own resolver (the one Go
// programs use with CGO off: gRPC-go's DNS resolver, Prometheus, Nomad), over
// UDP and over TCP, and prints what it found, one record per line.
//
// Usage: go run lookup.go 127.0.0.1:8600
package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"sort"
	"time"
)

func resolver(addr, network string) *net.Resolver {
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			d := net.Dialer{Timeout: 3 * time.Second}
			return d.DialContext(ctx, network, addr)
		},
	}
}

func main() {
	addr := os.Args[1]
	failed := false
	for _, network := range []string{"udp", "tcp"} {
		r := resolver(addr, network)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, srvs, err := r.LookupSRV(ctx, "web", "tcp", "service.consul")
		if err != nil {
			fmt.Printf("%s SRV error: %v\n", network, err)
			failed = true
		}
		var lines []string
		for _, s := range srvs {
			lines = append(lines, fmt.Sprintf("%s SRV %s %d", network, s.Target, s.Port))
		}
		hosts, err := r.LookupHost(ctx, "web.service.consul")
		if err != nil {
			fmt.Printf("%s A error: %v\n", network, err)
			failed = true
		}
		for _, h := range hosts {
			lines = append(lines, fmt.Sprintf("%s A %s", network, h))
		}
		cancel()
		sort.Strings(lines)
		for _, l := range lines {
			fmt.Println(l)
		}
	}
	if failed {
		os.Exit(1)
	}
}
