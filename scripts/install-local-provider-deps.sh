#!/usr/bin/env bash
# Installs what the local provider runs on this machine (one dockerd per network-namespace host, HAProxy in
# front of managers) from Debian's packages where missing. caas starts its own dockerds; the machine's docker
# service is not needed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/services.sh
. "$here/lib/services.sh"
require_root "scripts/install-local-provider-deps.sh"
ensure_packages docker.io haproxy iproute2 util-linux openssl curl
log "local provider dependencies are installed"
