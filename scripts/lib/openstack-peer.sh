#!/usr/bin/env bash
# Shared by the OpenStack test peers (keystone-peer.sh, heat-peer.sh): each is a uwsgi app on loopback with its
# database on the local MariaDB, started without systemd and stopped by the PID files it wrote. A peer sources
# lib/services.sh first; its log lines then name the peer.

log() { echo "[$(basename "$0" .sh) $(date +%T)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# pid_alive PIDFILE: the process the file names is running
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_by_pidfile PIDFILE: SIGTERM, up to 30 s to exit, then SIGKILL; the file goes either way
stop_by_pidfile() {
  local pidfile=$1 pid
  if ! pid_alive "$pidfile"; then log "stop: $(basename "$pidfile" .pid) not running"; rm -f "$pidfile"; return; fi
  pid=$(cat "$pidfile")
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "stop: $pid ignored SIGTERM, sending SIGKILL"; kill -KILL "$pid"; fi
  rm -f "$pidfile"
  log "stop: stopped $(basename "$pidfile" .pid) $pid"
}

# refuse_foreign_listener PIDFILE URL PORT_VARIABLE: die when something we did not start answers on our port
refuse_foreign_listener() {
  local pidfile=$1 url=$2 variable=$3 port
  port=${url##*:}
  port=${port%%/*}
  if ! pid_alive "$pidfile" && curl -s -m 3 -o /dev/null "$url/"; then
    die "another program answers on port $port (see 'ss -ltnp sport = :$port'); stop it or set $variable"
  fi
}

# create_service_database DB_NAME DB_USER DB_PASSWORD: the database and its user on 127.0.0.1 (idempotent)
create_service_database() {
  local name=$1 user=$2 password=$3
  mysql -uroot -h127.0.0.1 <<SQL
CREATE DATABASE IF NOT EXISTS $name;
CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON $name.* TO '$user'@'127.0.0.1', '$user'@'localhost';
SQL
}

# write_uwsgi_ini STATE PORT WSGI_FILE USER PIDFILE NAME: STATE/etc/uwsgi.ini, one daemonized uwsgi master on
# 127.0.0.1:PORT running WSGI_FILE as USER in STATE, logging to STATE/log/uwsgi.log; the app's own lines (env,
# pyargv) come on stdin
write_uwsgi_ini() {
  local state=$1 port=$2 wsgi_file=$3 user=$4 pidfile=$5 name=$6 file=$1/etc/uwsgi.ini
  {
    cat <<INI
; written by scripts/$(basename "$0")
[uwsgi]
plugins = python3
; http11-socket + keep-alive: plain http-socket resets keep-alive connections (python-requests, JDK)
http11-socket = 127.0.0.1:$port
http-keepalive = 1
wsgi-file = $wsgi_file
master = true
processes = 1
threads = 8
lazy-apps = true
enable-threads = true
die-on-term = true
buffer-size = 65535
uid = $user
gid = $user
chdir = $state
pidfile = $pidfile
daemonize = $state/log/uwsgi.log
name = $name
INI
    cat
  } > "$file"
  chown "$user:$user" "$file"
}

# wait_for_answer PIDFILE CHECK...: runs CHECK every 0.5 s for up to 120 s; fails at once when PIDFILE's process exits
wait_for_answer() {
  local pidfile=$1
  shift
  for _ in $(seq 1 240); do
    "$@" && return 0
    pid_alive "$pidfile" || return 1
    sleep 0.5
  done
  return 1
}
