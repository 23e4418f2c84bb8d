#!/bin/bash
# A real OpenStack Heat (Debian 12 packages, Zed: heat-api + heat-engine) on 127.0.0.1:8004 as a test peer for
# caas's heat provider, without systemd. It authenticates against the Keystone of scripts/keystone-peer.sh.
#
#   scripts/heat-peer.sh install   # apt-get install heat-api, heat-engine, python3-heat, python3-heatclient, uwsgi
#   scripts/heat-peer.sh start     # config, database, RabbitMQ vhost, heat-engine + heat-api; no-op when it answers
#   scripts/heat-peer.sh seed      # Keystone: heat service user, stack-user domain, roles, orchestration endpoint
#   scripts/heat-peer.sh stop      # stop the heat-engine and uwsgi we started (by their PID files)
#
# Order for a test: keystone-peer.sh install/start/seed, then heat-peer.sh install/seed/start.
# Everything lives under $CAAS_HEAT_STATE (default /var/lib/caas-test/heat); the database is heat_caas_test on
# the MariaDB at 127.0.0.1:3306 (root, no password); engine and API talk over the RabbitMQ vhost caas-heat-test
# (guest, loopback). The package's /etc/heat/heat.conf is not used.
set -euo pipefail

STATE=${CAAS_HEAT_STATE:-/var/lib/caas-test/heat}
PORT=${CAAS_HEAT_PORT:-8004}
HEAT_URL="http://127.0.0.1:${PORT}"
KEYSTONE_URL="http://127.0.0.1:${CAAS_KEYSTONE_PORT:-5000}"
DB_NAME=heat_caas_test
DB_USER=heat_caas
# a test peer on loopback only: these passwords protect nothing of value
DB_PASSWORD=heat_caas_dbpass
SERVICE_PASSWORD=heat_pass
DOMAIN_ADMIN_PASSWORD=heat_domain_pass
VHOST=caas-heat-test
PY=/usr/bin/python3   # the PATH python3 may be a pyenv shim without the OpenStack libraries
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
API_PIDFILE=$STATE/run/heat-api.pid
ENGINE_PIDFILE=$STATE/run/heat-engine.pid
PACKAGES=(heat-api heat-engine python3-heat python3-heatclient uwsgi-core uwsgi-plugin-python3)

# shellcheck source=lib/services.sh
. "$SCRIPT_DIR/lib/services.sh"
# shellcheck source=lib/openstack-peer.sh
. "$SCRIPT_DIR/lib/openstack-peer.sh"

answers() { curl -s -m 3 -o /dev/null -w '%{http_code}' "$HEAT_URL/" 2>/dev/null | grep -q '^300$'; }

do_install() {
  # no dbconfig-common and no automatic Keystone registration: `start` and `seed` do both themselves
  debconf-set-selections <<'SEL'
heat-common heat/configure_db boolean false
heat-common heat/configure_ksat boolean false
SEL
  local started=$SECONDS
  ensure_packages "${PACKAGES[@]}"
  log "install: took $((SECONDS - started)) s"
}

write_config() {
  install -d -o heat -g heat -m 0750 "$STATE" "$STATE/etc" "$STATE/log" "$STATE/run"
  cat > "$STATE/etc/heat.conf" <<CONF
# written by scripts/heat-peer.sh
[DEFAULT]
transport_url = rabbit://guest:guest@127.0.0.1:5672/$VHOST
log_dir = $STATE/log
num_engine_workers = 1
region_name_for_services = RegionOne
# OS::Heat::WaitConditionHandle (token signal) makes a user per handle in this domain
stack_user_domain_name = heat
stack_domain_admin = heat_domain_admin
stack_domain_admin_password = $DOMAIN_ADMIN_PASSWORD
heat_metadata_server_url = $HEAT_URL
heat_waitcondition_server_url = $HEAT_URL/v1/waitcondition
# the templates caas sends carry every node's bootstrap as a parameter
max_json_body_size = 4194304
[database]
connection = mysql+pymysql://$DB_USER:$DB_PASSWORD@127.0.0.1/$DB_NAME
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
auth_url = $KEYSTONE_URL
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = heat
password = $SERVICE_PASSWORD
region_name = RegionOne
service_token_roles_required = true
[trustee]
auth_type = password
auth_url = $KEYSTONE_URL
username = heat
password = $SERVICE_PASSWORD
user_domain_name = Default
[clients_keystone]
auth_uri = $KEYSTONE_URL
[heat_api]
bind_host = 127.0.0.1
bind_port = $PORT
[oslo_messaging_notifications]
driver = noop
[oslo_concurrency]
lock_path = $STATE/run
CONF
  write_uwsgi_ini "$STATE" "$PORT" /usr/bin/heat-wsgi-api heat "$API_PIDFILE" caas-test-heat-api <<INI
; heat-api parses sys.argv for its configuration
pyargv = --config-file $STATE/etc/heat.conf
INI
  chown heat:heat "$STATE/etc/heat.conf"
  chmod 0640 "$STATE/etc/heat.conf"
}

prepare_database() {
  create_service_database "$DB_NAME" "$DB_USER" "$DB_PASSWORD"
  local out=$STATE/log/heat-manage.log
  if ! runuser -u heat -- heat-manage --config-file "$STATE/etc/heat.conf" db_sync >>"$out" 2>&1; then
    tail -n 30 "$out" >&2
    die "heat-manage db_sync failed; full output in $out"
  fi
}

prepare_vhost() {
  rabbitmqctl -q list_vhosts 2>/dev/null | grep -qx "$VHOST" || rabbitmqctl -q add_vhost "$VHOST" >/dev/null \
    || die "cannot add RabbitMQ vhost $VHOST; is RabbitMQ running (scripts/test.sh starts it)?"
  rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null
}

do_start() {
  if answers && pid_alive "$ENGINE_PIDFILE"; then log "start: Heat already answers on $HEAT_URL"; return; fi
  command -v heat-manage >/dev/null || die "Heat is not installed; run '$0 install' first"
  refuse_foreign_listener "$API_PIDFILE" "$HEAT_URL" CAAS_HEAT_PORT
  local started=$SECONDS
  write_config
  prepare_database
  prepare_vhost
  if ! pid_alive "$ENGINE_PIDFILE"; then
    start-stop-daemon --start --background --make-pidfile --pidfile "$ENGINE_PIDFILE" --chuid heat \
      --exec /usr/bin/heat-engine -- --config-file "$STATE/etc/heat.conf" --log-file "$STATE/log/heat-engine.log"
  fi
  pid_alive "$API_PIDFILE" || uwsgi --ini "$STATE/etc/uwsgi.ini"
  if wait_for_answer "$API_PIDFILE" answers; then
    pid_alive "$ENGINE_PIDFILE" || die "heat-engine exited; see $STATE/log/heat-engine.log"
    log "start: Heat answers on $HEAT_URL after $((SECONDS - started)) s"
    return
  fi
  die "Heat did not answer on $HEAT_URL; see $STATE/log/uwsgi.log and $STATE/log/heat-api.log"
}

do_stop() {
  stop_by_pidfile "$API_PIDFILE"
  stop_by_pidfile "$ENGINE_PIDFILE"
}

do_seed() {
  curl -s -m 3 -o /dev/null "$KEYSTONE_URL/v3" || die "Keystone does not answer on $KEYSTONE_URL; run scripts/keystone-peer.sh start first"
  local started=$SECONDS
  KEYSTONE_URL=$KEYSTONE_URL HEAT_URL=$HEAT_URL SERVICE_PASSWORD=$SERVICE_PASSWORD \
    DOMAIN_ADMIN_PASSWORD=$DOMAIN_ADMIN_PASSWORD "$PY" "$SCRIPT_DIR/heat-seed.py"
  log "seed: took $((SECONDS - started)) s"
}

case "${1:-}" in
  install) do_install ;;
  start) do_start ;;
  stop) do_stop ;;
  seed) do_seed ;;
  *) sed -n '2,14p' "$0" >&2; exit 2 ;;
esac
