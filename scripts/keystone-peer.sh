#!/bin/bash
# A real Keystone (Debian 12 package, Zed) on 127.0.0.1 as a test peer for caas-api, without systemd.
#
#   scripts/keystone-peer.sh install   # apt-get install keystone + uwsgi + python3-openstackclient if missing
#   scripts/keystone-peer.sh start     # config, database, fernet keys, bootstrap, uwsgi; no-op when it answers
#   scripts/keystone-peer.sh seed [URL] # projects, users, roles and the container-infra endpoints (idempotent)
#   scripts/keystone-peer.sh stop      # stop the uwsgi we started (by its PID file)
#
# Everything lives under $CAAS_KEYSTONE_STATE (default /var/lib/caas-test/keystone), the database is
# keystone_caas_test on the MariaDB at 127.0.0.1:3306 (root, no password). The package's /etc/keystone
# is not used, so this peer does not disturb another Keystone configured on the machine.
# Accounts after `seed` (domain Default): admin/admin_pass (admin on project admin), caas/caas_pass
# (service user: admin + service on project service), alice/alice_pass (member of tenant-a),
# bob/bob_pass (member of tenant-b).
set -euo pipefail

STATE=${CAAS_KEYSTONE_STATE:-/var/lib/caas-test/keystone}
PORT=${CAAS_KEYSTONE_PORT:-5000}
KEYSTONE_URL="http://127.0.0.1:${PORT}"
DB_NAME=keystone_caas_test
DB_USER=keystone_caas
# a test peer on loopback only: these passwords protect nothing of value
DB_PASSWORD=keystone_caas_dbpass
ADMIN_PASSWORD=admin_pass
PY=/usr/bin/python3   # the PATH python3 may be a pyenv shim without the OpenStack libraries
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PIDFILE=$STATE/run/uwsgi.pid

log() { echo "[keystone-peer $(date +%T)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

answers() { curl -s -m 3 -o /dev/null -w '%{http_code}' "$KEYSTONE_URL/v3" 2>/dev/null | grep -q '^200$'; }
running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

do_install() {
  local missing=()
  for pkg in keystone uwsgi-core uwsgi-plugin-python3 python3-openstackclient; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then log "install: all packages present"; return; fi
  # no init system here: a policy-rc.d that answers 101 keeps postinst scripts from starting services
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1
  fi
  # no dbconfig-common and no automatic endpoint registration: `start` does both itself
  debconf-set-selections <<'SEL'
keystone keystone/configure_db boolean false
keystone keystone/register-endpoint boolean false
SEL
  local started=$SECONDS rc=0
  log "install: apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=1800 install -y --no-install-recommends \
    "${missing[@]}" >&2 || rc=$?
  [ $made_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  [ $rc = 0 ] || die "apt-get install failed (rc=$rc); run 'apt-get update' and retry"
  log "install: took $((SECONDS - started)) s"
}

ensure_mariadb() {
  mysqladmin ping >/dev/null 2>&1 && return
  log "MariaDB does not answer, starting it"
  # /run is a tmpfs: after a reboot the socket directory is gone and mariadbd would refuse to start
  install -d -o mysql -g mysql /run/mysqld
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 1 120); do mysqladmin ping >/dev/null 2>&1 && return; sleep 0.5; done
  die "MariaDB did not start within 60 s; look at /var/log/mysql/ or run /usr/sbin/mariadbd by hand"
}

write_config() {
  install -d -o keystone -g keystone -m 0750 "$STATE" "$STATE/etc" "$STATE/log" "$STATE/run"
  cat > "$STATE/etc/keystone.conf" <<CONF
# written by scripts/keystone-peer.sh
[DEFAULT]
log_dir = $STATE/log
log_file = keystone.log
[database]
connection = mysql+pymysql://$DB_USER:$DB_PASSWORD@127.0.0.1/$DB_NAME
[identity]
# cheap bcrypt: every password login costs 0.5-1 s with the default 12 rounds on this machine
password_hash_rounds = 4
[token]
provider = fernet
[fernet_tokens]
key_repository = $STATE/fernet-keys/
[fernet_receipts]
key_repository = $STATE/fernet-keys/
[credential]
key_repository = $STATE/credential-keys/
[cache]
# one uwsgi process, so the in-process cache stays coherent; without it a validation runs ~240 queries
enabled = true
backend = dogpile.cache.memory
CONF
  cat > "$STATE/etc/uwsgi.ini" <<INI
; written by scripts/keystone-peer.sh
[uwsgi]
plugins = python3
; http11-socket + keep-alive: plain http-socket resets keep-alive connections (python-requests, JDK)
http11-socket = 127.0.0.1:$PORT
http-keepalive = 1
wsgi-file = /usr/bin/keystone-wsgi-public
env = OS_KEYSTONE_CONFIG_DIR=$STATE/etc
env = OS_KEYSTONE_CONFIG_FILES=keystone.conf
master = true
processes = 1
threads = 8
lazy-apps = true
enable-threads = true
die-on-term = true
buffer-size = 65535
uid = keystone
gid = keystone
chdir = $STATE
pidfile = $PIDFILE
daemonize = $STATE/log/uwsgi.log
name = caas-test-keystone
INI
  chown keystone:keystone "$STATE/etc/keystone.conf" "$STATE/etc/uwsgi.ini"
  chmod 0640 "$STATE/etc/keystone.conf"
}

# keystone-manage prints harmless eventlet tracebacks at exit: keep its chatter in a log, show it on failure
keystone_manage() {
  local out=$STATE/log/keystone-manage.log
  if ! runuser -u keystone -- keystone-manage --config-file "$STATE/etc/keystone.conf" "$@" >>"$out" 2>&1; then
    tail -n 30 "$out" >&2
    die "keystone-manage $1 failed; full output in $out"
  fi
}

prepare_database() {
  mysql -uroot -h127.0.0.1 <<SQL
CREATE DATABASE IF NOT EXISTS $DB_NAME;
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_USER'@'127.0.0.1', '$DB_USER'@'localhost';
SQL
  keystone_manage db_sync
  [ -e "$STATE/fernet-keys/0" ] || keystone_manage fernet_setup --keystone-user keystone --keystone-group keystone
  [ -e "$STATE/credential-keys/0" ] || keystone_manage credential_setup --keystone-user keystone --keystone-group keystone
  keystone_manage bootstrap --bootstrap-password "$ADMIN_PASSWORD" --bootstrap-region-id RegionOne \
    --bootstrap-admin-url "$KEYSTONE_URL/v3/" --bootstrap-internal-url "$KEYSTONE_URL/v3/" \
    --bootstrap-public-url "$KEYSTONE_URL/v3/"
}

do_start() {
  if answers; then log "start: Keystone already answers on $KEYSTONE_URL/v3"; return; fi
  command -v keystone-manage >/dev/null || die "Keystone is not installed; run '$0 install' first"
  if ! running && curl -s -m 3 -o /dev/null "$KEYSTONE_URL/"; then
    die "another program answers on port $PORT (see 'ss -ltnp sport = :$PORT'); stop it or set CAAS_KEYSTONE_PORT"
  fi
  local started=$SECONDS
  ensure_mariadb
  write_config
  prepare_database
  running || uwsgi --ini "$STATE/etc/uwsgi.ini"
  for _ in $(seq 1 240); do
    if answers; then log "start: Keystone answers on $KEYSTONE_URL/v3 after $((SECONDS - started)) s"; return; fi
    running || break
    sleep 0.5
  done
  die "Keystone did not answer on $KEYSTONE_URL/v3; see $STATE/log/uwsgi.log and $STATE/log/keystone.log"
}

do_stop() {
  if ! running; then log "stop: not running"; rm -f "$PIDFILE"; return; fi
  local pid; pid=$(cat "$PIDFILE")
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "stop: $pid ignored SIGTERM, sending SIGKILL"; kill -KILL "$pid"; fi
  rm -f "$PIDFILE"
  log "stop: stopped uwsgi $pid"
}

do_seed() {
  answers || die "Keystone does not answer on $KEYSTONE_URL/v3; run '$0 start' first"
  local started=$SECONDS
  KEYSTONE_URL=$KEYSTONE_URL ADMIN_PASSWORD=$ADMIN_PASSWORD \
    "$PY" "$SCRIPT_DIR/keystone-seed.py" "${1:-http://127.0.0.1:9511/v1}"
  log "seed: took $((SECONDS - started)) s"
}

case "${1:-}" in
  install) do_install ;;
  start) do_start ;;
  stop) do_stop ;;
  seed) shift; do_seed "$@" ;;
  *) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
