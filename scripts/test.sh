#!/usr/bin/env bash
# Runs caas's whole test suite on this machine, installing and starting what the tests talk to:
# MariaDB, RabbitMQ, a real Keystone and Heat (the tests start them), Debian's openstack CLI with the Magnum plugin,
# docker.io, haproxy,
# and ansible + ansible-lint (the deployment in ansible/ is linted by the tests).
# Usage: scripts/test.sh [extra maven arguments]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/services.sh
. "$here/lib/services.sh"
require_root "scripts/test.sh"

ensure_build_tools
ensure_packages python3-openstackclient python3-magnumclient shellcheck haproxy iproute2 util-linux curl openssl \
  docker.io busybox-static ansible ansible-lint
ensure_mariadb
ensure_rabbitmq
# heat-api, heat-engine and python3-heat (whose template code checks heat-templates/ offline)
"$here/heat-peer.sh" install
"$here/catalogue-peer.sh" install

cd "$here/.."
mvn -B -ntp "$@" verify
