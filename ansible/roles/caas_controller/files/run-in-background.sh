#!/usr/bin/env bash
# Runs a caas service as a plain background process where there is no systemd (caas_test_mode).
# Usage: run-in-background start|restart PIDFILE LOGFILE -- COMMAND [ARG...]
# Prints "running" when the process is already alive, "started" when it started one, so that Ansible
# reports a change only when there was one.
set -euo pipefail
if [[ $# -lt 5 || $4 != -- ]]; then
  echo "usage: $0 start|restart PIDFILE LOGFILE -- COMMAND [ARG...]" >&2
  exit 2
fi
action=$1 pid_file=$2 log_file=$3
shift 4
command_line="$* "

# A pid file can outlive its process and the pid be reused by anything: alive means this very command runs there.
alive() {
  [[ -s $pid_file ]] || return 1
  local pid
  pid=$(cat "$pid_file")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline && $(tr '\0' ' ' <"/proc/$pid/cmdline") == "$command_line" ]]
}

stop() {
  if alive; then
    local pid
    pid=$(cat "$pid_file")
    kill "$pid"
    # give the JVM its shutdown hooks, as systemd would
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}

case $action in
  start) if alive; then echo running; exit 0; fi ;;
  restart) stop ;;
  *) echo "unknown action '$action': use start or restart" >&2; exit 2 ;;
esac
setsid nohup "$@" >>"$log_file" 2>&1 </dev/null &
echo $! >"$pid_file"
echo started
