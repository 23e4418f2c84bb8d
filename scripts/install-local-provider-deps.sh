#!/bin/bash
# Installs what caas's `local` provider needs on a Debian/Ubuntu machine: dockerd (docker.io) for the
# hosts, haproxy for the cluster load balancers, iproute2 (ip netns, veth, bridge) and util-linux
# (nsenter, unshare, setsid, findmnt). Run as root; installs only what is missing.
set -euo pipefail

[ "$(id -u)" -eq 0 ] || { echo "run this as root: sudo $0" >&2; exit 1; }
command -v apt-get >/dev/null || { echo "apt-get not found: install docker.io haproxy iproute2 util-linux with your package manager" >&2; exit 1; }

missing=()
for package in docker.io haproxy iproute2 util-linux; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "local provider dependencies already installed"
  exit 0
fi

echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
# caas starts one dockerd per host itself; the machine's own docker service is not needed by it.
echo "done: ${missing[*]}"
