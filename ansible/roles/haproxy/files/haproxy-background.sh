#!/usr/bin/env bash
# Runs HAProxy without systemd (caas_test_mode): start it if it is not running, or reload it in place.
# Usage: haproxy-background start|reload PIDFILE CONFIG
# Prints "running", "started" or "reloaded", so that Ansible reports a change only when there was one.
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 start|reload PIDFILE CONFIG" >&2
  exit 2
fi
action=$1 pid_file=$2 config=$3

# A pid file can outlive its process and the pid be reused by anything: alive means an haproxy on this config.
alive() {
  [[ -s $pid_file ]] || return 1
  local pid
  pid=$(head -n 1 "$pid_file")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  local cmdline
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline")
  [[ $cmdline == haproxy\ * && $cmdline == *" $config"* ]]
}

case $action in
  start)
    if alive; then echo running; exit 0; fi
    haproxy -D -p "$pid_file" -f "$config"
    echo started
    ;;
  reload)
    if ! alive; then
      haproxy -D -p "$pid_file" -f "$config"
      echo started
      exit 0
    fi
    # -sf: the new process takes the listeners, the old ones finish their connections and leave
    # shellcheck disable=SC2046 # one argument per old pid is what -sf wants
    haproxy -D -p "$pid_file" -f "$config" -sf $(cat "$pid_file")
    echo reloaded
    ;;
  *) echo "unknown action '$action': use start or reload" >&2; exit 2 ;;
esac
