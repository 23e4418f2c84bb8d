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
PACKAGES=(keystone uwsgi-core uwsgi-plugin-python3 python3-openstackclient)

# shellcheck source=lib/services.sh
. "$SCRIPT_DIR/lib/services.sh"
# shellcheck source=lib/openstack-peer.sh
. "$SCRIPT_DIR/lib/openstack-peer.sh"

answers() { curl -s -m 3 -o /dev/null -w '%{http_code}' "$KEYSTONE_URL/v3" 2>/dev/null | grep -q '^200$'; }

do_install() {
  # no dbconfig-common and no automatic endpoint registration: `start` does both itself
  debconf-set-selections <<'SEL'
keystone keystone/configure_db boolean false
keystone keystone/register-endpoint boolean false
SEL
  local started=$SECONDS
  ensure_packages "${PACKAGES[@]}"
  log "install: took $((SECONDS - started)) s"
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
  write_uwsgi_ini "$STATE" "$PORT" /usr/bin/keystone-wsgi-public keystone "$PIDFILE" caas-test-keystone <<INI
env = OS_KEYSTONE_CONFIG_DIR=$STATE/etc
env = OS_KEYSTONE_CONFIG_FILES=keystone.conf
INI
  chown keystone:keystone "$STATE/etc/keystone.conf"
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
  create_service_database "$DB_NAME" "$DB_USER" "$DB_PASSWORD"
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
  refuse_foreign_listener "$PIDFILE" "$KEYSTONE_URL" CAAS_KEYSTONE_PORT
  local started=$SECONDS
  ensure_mariadb
  write_config
  prepare_database
  pid_alive "$PIDFILE" || uwsgi --ini "$STATE/etc/uwsgi.ini"
  if wait_for_answer "$PIDFILE" answers; then
    log "start: Keystone answers on $KEYSTONE_URL/v3 after $((SECONDS - started)) s"
    return
  fi
  die "Keystone did not answer on $KEYSTONE_URL/v3; see $STATE/log/uwsgi.log and $STATE/log/keystone.log"
}

do_stop() {
  stop_by_pidfile "$PIDFILE"
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
