#!/bin/bash
# The real Glance, Neutron and Nova APIs (Debian 12 packages, Zed) on 127.0.0.1 as test peers for caas's heat
# provider catalogue (template create checks the image's os_distro, the flavors and the external network against
# them), without systemd. Only the API processes run: no glance workers, no Neutron agents (networks are database
# rows), no nova-conductor/scheduler/compute, no placement: GET /flavors reads Nova's API database only.
#
#   scripts/catalogue-peer.sh install  # apt-get install glance-api, neutron-api, nova-api if missing
#   scripts/catalogue-peer.sh start    # config, databases, the three uwsgi; no-op when all three answer
#   scripts/catalogue-peer.sh seed     # Keystone: service users + image/network/compute endpoints; then images,
#                                      # flavors and networks in the services (idempotent)
#   scripts/catalogue-peer.sh stop     # stop the three uwsgi we started (by their PID files)
#
# Order for a test: keystone-peer.sh install/start/seed, then catalogue-peer.sh install/start/seed.
# Ports (127.0.0.1): Glance $CAAS_GLANCE_PORT (9292), Neutron $CAAS_NEUTRON_PORT (9696), Nova $CAAS_NOVA_PORT (8774).
# Everything lives under $CAAS_CATALOGUE_STATE (default /var/lib/caas-test/catalogue); the databases are
# glance_caas_test, neutron_caas_test, nova_api_caas_test and nova_cell0_caas_test on the MariaDB at
# 127.0.0.1:3306 (root, no password). The packages' /etc/glance, /etc/neutron and /etc/nova are not used.
# What `seed` creates: images debian-12 (os_distro=debian) and plain-image (no os_distro), flavors m1.small and
# m1.large, networks public (router:external) and private. Glance answers one image per page, so a client that
# reads only the first page shows. The endpoints are in RegionOne of the shared test Keystone, so Heat sees them too.
set -euo pipefail

STATE=${CAAS_CATALOGUE_STATE:-/var/lib/caas-test/catalogue}
GLANCE_PORT=${CAAS_GLANCE_PORT:-9292}
NEUTRON_PORT=${CAAS_NEUTRON_PORT:-9696}
NOVA_PORT=${CAAS_NOVA_PORT:-8774}
KEYSTONE_URL="http://127.0.0.1:${CAAS_KEYSTONE_PORT:-5000}"
DB_USER=catalogue_caas
# a test peer on loopback only: these passwords protect nothing of value
DB_PASSWORD=catalogue_caas_dbpass
SERVICE_PASSWORD=catalogue_pass
PY=/usr/bin/python3   # the PATH python3 may be a pyenv shim without the OpenStack libraries
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SERVICES=(glance neutron nova)
PACKAGES=(glance-api neutron-api nova-api uwsgi-core uwsgi-plugin-python3 python3-glanceclient python3-neutronclient
  python3-novaclient)

# shellcheck source=lib/services.sh
. "$SCRIPT_DIR/lib/services.sh"
# shellcheck source=lib/openstack-peer.sh
. "$SCRIPT_DIR/lib/openstack-peer.sh"

port_of() {
  case $1 in glance) echo "$GLANCE_PORT" ;; neutron) echo "$NEUTRON_PORT" ;; nova) echo "$NOVA_PORT" ;; esac
}
# the version documents: Glance and Neutron answer 300 (Multiple Choices) or 200, Nova 200
answers() { curl -s -m 3 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(port_of "$1")/" 2>/dev/null | grep -q '^[23]00$'; }
pidfile() { echo "$STATE/$1/run/uwsgi.pid"; }

do_install() {
  # no dbconfig-common and no automatic Keystone registration: `start` and `seed` do both themselves
  debconf-set-selections <<'SEL'
glance-common glance/configure_db boolean false
neutron-common neutron/configure_db boolean false
nova-common nova/configure_db boolean false
SEL
  local started=$SECONDS
  ensure_packages "${PACKAGES[@]}"
  log "install: took $((SECONDS - started)) s"
}

# keystonemiddleware in every API validates tokens as that service's user
authtoken_section() {
  cat <<CONF
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
auth_url = $KEYSTONE_URL
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $SERVICE_PASSWORD
region_name = RegionOne
CONF
}

# write_uwsgi SERVICE WSGI_FILE [uwsgi option lines...]
write_uwsgi() {
  local service=$1 wsgi=$2
  shift 2
  printf '%s\n' "$@" | write_uwsgi_ini "$STATE/$service" "$(port_of "$service")" "$wsgi" "$service" \
    "$(pidfile "$service")" "caas-test-$service-api"
}

write_glance_config() {
  local dir=$STATE/glance
  install -d -o glance -g glance -m 0750 "$dir/images" "$dir/staging" "$dir/tasks"
  cat > "$dir/etc/glance-api.conf" <<CONF
# written by scripts/catalogue-peer.sh
[DEFAULT]
log_dir = $dir/log
enabled_backends = file:file
# one image per page (Glance's default is 25): a client that reads only the first page misses images
limit_param_default = 1
api_limit_max = 1
[glance_store]
default_backend = file
[file]
filesystem_store_datadir = $dir/images
[os_glance_staging_store]
filesystem_store_datadir = $dir/staging
[os_glance_tasks_store]
filesystem_store_datadir = $dir/tasks
[database]
connection = mysql+pymysql://$DB_USER:$DB_PASSWORD@127.0.0.1/glance_caas_test
$(authtoken_section glance)
[paste_deploy]
flavor = keystone
[oslo_concurrency]
lock_path = $dir/run
CONF
  cp /etc/glance/glance-api-paste.ini "$dir/etc/"
  # image uploads arrive chunked from glanceclient: uwsgi must pass the raw body through
  write_uwsgi glance /usr/bin/glance-wsgi-api "env = OS_GLANCE_CONFIG_DIR=$dir/etc" \
    "http-chunked-input = true" "http-raw-body = true" "wsgi-manage-chunked-input = true"
}

write_neutron_config() {
  local dir=$STATE/neutron
  cat > "$dir/etc/neutron.conf" <<CONF
# written by scripts/catalogue-peer.sh
[DEFAULT]
log_dir = $dir/log
core_plugin = ml2
service_plugins =
auth_strategy = keystone
api_paste_config = /etc/neutron/api-paste.ini
# no agents and no Nova ports here: the messages neutron-server would send have no receiver
transport_url = fake://
dhcp_agent_notification = false
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
[database]
connection = mysql+pymysql://$DB_USER:$DB_PASSWORD@127.0.0.1/neutron_caas_test
$(authtoken_section neutron)
[ml2]
type_drivers = flat,vxlan
tenant_network_types = vxlan
mechanism_drivers =
extension_drivers =
[ml2_type_vxlan]
vni_ranges = 1:100
[ml2_type_flat]
flat_networks = *
[oslo_concurrency]
lock_path = $dir/run
CONF
  write_uwsgi neutron /usr/bin/neutron-api "pyargv = --config-file $dir/etc/neutron.conf"
}

write_nova_config() {
  local dir=$STATE/nova
  cat > "$dir/etc/nova.conf" <<CONF
# written by scripts/catalogue-peer.sh
[DEFAULT]
log_dir = $dir/log
state_path = $dir
# no conductor, scheduler or compute here: nothing would receive RPC messages
transport_url = fake://
[api]
auth_strategy = keystone
[wsgi]
api_paste_config = $dir/etc/api-paste.ini
[api_database]
connection = mysql+pymysql://$DB_USER:$DB_PASSWORD@127.0.0.1/nova_api_caas_test
[database]
connection = mysql+pymysql://$DB_USER:$DB_PASSWORD@127.0.0.1/nova_cell0_caas_test
$(authtoken_section nova)
[oslo_concurrency]
lock_path = $dir/run
CONF
  cp /etc/nova/api-paste.ini "$dir/etc/"
  # nova's WSGI app loads the first of these files as its paste configuration
  write_uwsgi nova /usr/bin/nova-api-wsgi "env = OS_NOVA_CONFIG_DIR=$dir/etc" \
    "env = OS_NOVA_CONFIG_FILES=api-paste.ini;nova.conf"
}

write_config() {
  local service
  for service in "${SERVICES[@]}"; do
    install -d -o "$service" -g "$service" -m 0750 "$STATE/$service" "$STATE/$service/etc" "$STATE/$service/log" \
      "$STATE/$service/run"
  done
  write_glance_config
  write_neutron_config
  write_nova_config
  for service in "${SERVICES[@]}"; do
    chown -R "$service:$service" "$STATE/$service/etc"
    chmod 0640 "$STATE/$service/etc/"*.conf
  done
}

# run_as SERVICE COMMAND... : a database tool as the service's user, its chatter kept in a log shown on failure
run_as() {
  local service=$1 out=$STATE/$1/log/db-sync.log
  shift
  if ! runuser -u "$service" -- "$@" >>"$out" 2>&1; then
    tail -n 30 "$out" >&2
    die "$* failed; full output in $out"
  fi
}

create_databases() {
  local db
  for db in glance_caas_test neutron_caas_test nova_api_caas_test nova_cell0_caas_test; do
    create_service_database "$db" "$DB_USER" "$DB_PASSWORD"
  done
}

sync_schema() {
  case $1 in
    glance) run_as glance glance-manage --config-dir "$STATE/glance/etc" db_sync ;;
    neutron) run_as neutron neutron-db-manage --config-file "$STATE/neutron/etc/neutron.conf" upgrade heads ;;
    nova)
      run_as nova nova-manage --config-file "$STATE/nova/etc/nova.conf" api_db sync
      run_as nova nova-manage --config-file "$STATE/nova/etc/nova.conf" db sync --local_cell
      ;;
  esac
}

# one service's schema, then its uwsgi; the three services come up side by side
bring_up() {
  sync_schema "$1"
  pid_alive "$(pidfile "$1")" || uwsgi --ini "$STATE/$1/etc/uwsgi.ini"
}

do_start() {
  local service all=1
  for service in "${SERVICES[@]}"; do
    if ! answers "$service" || ! pid_alive "$(pidfile "$service")"; then all=0; fi
  done
  if [ $all = 1 ]; then log "start: Glance, Neutron and Nova already answer"; return; fi
  local tool
  for tool in glance-manage neutron-db-manage nova-manage; do
    command -v "$tool" >/dev/null || die "$tool is missing: Glance, Neutron or Nova is not installed; run '$0 install' first"
  done
  for service in "${SERVICES[@]}"; do
    refuse_foreign_listener "$(pidfile "$service")" "http://127.0.0.1:$(port_of "$service")" "CAAS_${service^^}_PORT"
  done
  local started=$SECONDS
  write_config
  create_databases
  local jobs=() job
  for service in "${SERVICES[@]}"; do
    bring_up "$service" &
    jobs+=("$!")
  done
  for job in "${jobs[@]}"; do wait "$job" || die "a schema sync or uwsgi start failed (see above)"; done
  log "start: schemas synced, uwsgi started after $((SECONDS - started)) s"
  for service in "${SERVICES[@]}"; do
    wait_for_answer "$(pidfile "$service")" answers "$service" \
      || die "$service did not answer on port $(port_of "$service") or its uwsgi exited; see $STATE/$service/log/"
  done
  log "start: Glance, Neutron and Nova answer after $((SECONDS - started)) s"
}

do_stop() {
  local service jobs=() job
  for service in "${SERVICES[@]}"; do
    stop_by_pidfile "$(pidfile "$service")" &
    jobs+=("$!")
  done
  for job in "${jobs[@]}"; do wait "$job"; done
}

do_seed() {
  curl -s -m 3 -o /dev/null "$KEYSTONE_URL/v3" || die "Keystone does not answer on $KEYSTONE_URL; run scripts/keystone-peer.sh start first"
  local started=$SECONDS
  KEYSTONE_URL=$KEYSTONE_URL SERVICE_PASSWORD=$SERVICE_PASSWORD \
    GLANCE_URL="http://127.0.0.1:$GLANCE_PORT" NEUTRON_URL="http://127.0.0.1:$NEUTRON_PORT" \
    NOVA_URL="http://127.0.0.1:$NOVA_PORT/v2.1" "$PY" "$SCRIPT_DIR/catalogue-seed.py"
  log "seed: took $((SECONDS - started)) s"
}

case "${1:-}" in
  install) do_install ;;
  start) do_start ;;
  stop) do_stop ;;
  seed) do_seed ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac
