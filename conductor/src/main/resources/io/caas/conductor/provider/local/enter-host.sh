#!/bin/bash
# Runs a host's bootstrap inside that host's namespaces, the way a VM's cloud-init runs user_data.
#
#   enter-host.sh <netns-file> <host-dir> <hostname> <bootstrap-script>
#
# Every value arrives as a positional argument and is only ever quoted, never evaluated. The caller
# passes the environment the bootstrap sees (CAAS_HOST_*), nothing else.
#
# Why not `ip netns exec`: it remounts /sys and hides /sys/fs/cgroup, and dockerd then dies with
# "Devices cgroup isn't mounted". So: enter the network namespace with nsenter, take a private mount
# and UTS namespace, remount sysfs (so /sys/class/net shows this host's interfaces) and re-attach the
# cgroup tree. A private /etc/docker gives each engine its own key.json, hence its own engine ID.
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
  [ "$#" -eq 4 ] || { echo "usage: $0 <netns-file> <host-dir> <hostname> <bootstrap-script>" >&2; exit 64; }
  # slave propagation: the host sees the machine's later mounts, the machine never sees the host's.
  exec nsenter --net="$1" unshare --mount --uts --propagation slave /bin/bash "$0" --inside "$2" "$3" "$4"
fi

host_dir=$2
host_name=$3
bootstrap=$4

cgroup_view="$host_dir/.cgroup-view"
mkdir -p "$cgroup_view" "$host_dir/etc-docker"
mount --rbind /sys/fs/cgroup "$cgroup_view"
umount -l /sys
mount -t sysfs sysfs /sys
mount --rbind "$cgroup_view" /sys/fs/cgroup
umount -l "$cgroup_view"
rmdir "$cgroup_view"
mount --bind "$host_dir/etc-docker" /etc/docker
hostname "$host_name"

cd "$host_dir"
echo "bootstrap of $host_name starting"
# The bootstrap can carry secrets (join tokens): keep it open, unlink it, run it from the open descriptor.
exec 3<"$bootstrap"
rm -f "$bootstrap"
status=0
/bin/bash /dev/fd/3 || status=$?
exec 3<&-
# The provider tells a finished bootstrap (STOPPED) from a crashed one (FAILED) by this file.
echo "$status" > "$host_dir/bootstrap.exit"
echo "bootstrap of $host_name exited with status $status"
exit "$status"
