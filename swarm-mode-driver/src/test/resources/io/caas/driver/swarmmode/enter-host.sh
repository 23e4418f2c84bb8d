#!/usr/bin/env bash
# Test helper: the last steps of entering a sandboxed host, run by TestNetwork through
#   nsenter --net=<host netns> unshare --mount --uts --propagation slave bash enter-host.sh CAAS_HOST_DIR NAME COMMAND...
# `ip netns exec` would hide /sys/fs/cgroup and dockerd would die ("Devices cgroup isn't mounted"), so sysfs is
# remounted for the netns and the cgroup tree re-attached; a private /etc/docker gives each engine its own ID.
set -euo pipefail
host_dir=$1
host_name=$2
shift 2
mkdir -p "$host_dir/cg" "$host_dir/etc-docker"
mount --rbind /sys/fs/cgroup "$host_dir/cg"
umount -l /sys
mount -t sysfs sysfs /sys
mount --rbind "$host_dir/cg" /sys/fs/cgroup
umount -l "$host_dir/cg"
mount --bind "$host_dir/etc-docker" /etc/docker
hostname "$host_name"
exec "$@"
