#!/bin/bash
# Test bootstrap: a bare dockerd with a plain-HTTP API on the host address. Tests only: the real
# bootstrap (swarm-mode-driver) serves the API over mutual TLS.
set -euo pipefail
engine="$CAAS_HOST_DIR/engine"
mkdir -p "$engine/data" "$engine/exec"
echo '{}' > "$engine/daemon.json"
exec dockerd --config-file "$engine/daemon.json" --data-root "$engine/data" --exec-root "$engine/exec" \
  --pidfile "$CAAS_HOST_DIR/docker.pid" -H "unix://$engine/docker.sock" -H "tcp://$CAAS_HOST_ADDRESS:2375" \
  --iptables=false --ip-masq=false --bridge=none --storage-driver=vfs
