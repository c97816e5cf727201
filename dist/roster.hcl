# Roster agent configuration: /etc/roster.d/roster.hcl, read by
# dist/roster.service (`roster agent -config-dir=/etc/roster.d`). Every
# *.hcl and *.json file of the directory is read, in lexical order; later
# values win and lists add up. Keys are Consul's (see the README's "Running
# a server"). `systemctl reload roster` reads services, checks and TLS files
# again; other changes need a restart.
#
# As shipped this is a client agent that joins nobody: set retry_join (and,
# on the servers, the server block below).

# The unit's StateDirectory; owned by the roster user.
data_dir = "/var/lib/roster"

# datacenter = "dc1"
# node_name  = "web-1"                  # default: the host name

# Cluster traffic (server RPC, gossip). The default 0.0.0.0 advertises the
# host's only private IPv4 address; with several, name one:
# bind_addr = "10.0.0.10"

# HTTP, gRPC and DNS listeners. 127.0.0.1 keeps the APIs on this host.
client_addr = "127.0.0.1"

# Other agents to join, by address or host name, retried until one answers.
# retry_join = ["10.0.0.11", "10.0.0.12", "10.0.0.13"]

# Servers (three or five per datacenter): uncomment on each server.
# server           = true
# bootstrap_expect = 3

# Gossip encryption, the same key on every agent (`roster keygen`).
# encrypt = "..."

# log_level = "info"
