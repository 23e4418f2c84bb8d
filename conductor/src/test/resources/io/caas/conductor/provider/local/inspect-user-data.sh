#!/bin/bash
# Test bootstrap: records what a bootstrap sees inside its host, then exits with the status the test asks for
# in the host name (node-exit-N), so the test can read both the view and the provider's STOPPED/FAILED.
set -euo pipefail
env -0 > "$CAAS_HOST_DIR/seen.env"
hostname > "$CAAS_HOST_DIR/seen.hostname"
ls /sys/class/net > "$CAAS_HOST_DIR/seen.interfaces"
ip -4 -o addr show dev eth0 > "$CAAS_HOST_DIR/seen.address"
ls "$CAAS_HOST_DIR" > "$CAAS_HOST_DIR/seen.files"
exit "${CAAS_HOST_NAME##*-}"
