#!/usr/bin/env bash
# Test helper, run by the local provider's enter-host.sh inside a host's namespaces (as a reboot would run the
# engine's unit): starts dockerd again with the exact arguments swarm-node.sh started it with, which the test saved
# NUL-separated in $CAAS_HOST_DIR/dockerd.args before it killed the engine.
set -euo pipefail
mapfile -d '' -t args <"$CAAS_HOST_DIR/dockerd.args"
setsid "${args[@]}" >>"$CAAS_HOST_DIR/dockerd.log" 2>&1 </dev/null &
