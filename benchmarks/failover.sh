#!/usr/bin/env bash
# Issue 4's failover test, one command (as root, MariaDB and RabbitMQ running on 127.0.0.1):
#
#   benchmarks/failover.sh
#
# 3 `caas api` + 2 `caas conductor` processes from caas.jar behind a real HAProxy rendered by
# `caas render-haproxy`, on a fresh MariaDB database and a RabbitMQ vhost of their own, noauth, local provider.
# While FailoverLoad.java sends a steady GET /v1/clusters load through HAProxy and a 1+1 swarm-mode cluster is
# being built, it kills -9 one API and the conductor holding the cluster's lease, then restarts RabbitMQ.
# Then it restarts MariaDB and creates a second cluster with no caas process restarted.
# Prints requests sent/failed, p99 latency before/during/after, the clusters' final status and how long the
# killed conductor took to show `down` in /v1/mservices. Exit status 0 only if every acceptance check held.
# Acceptance: no failed request before the kills nor after the restarts (those in flight on the killed API during
# them are counted and shown), both clusters CREATE_COMPLETE, the killed conductor down within 2 heartbeat
# intervals, the surviving processes never restarted.
# Everything it made goes at the end (processes, clusters, vhost, database, state dir); MariaDB and RabbitMQ
# are always left running.
set -euo pipefail

RATE=${FAILOVER_RATE:-20}
LOAD_SECONDS=${FAILOVER_SECONDS:-60}
# The kills come once the build is under way (a conductor holds the cluster's lease), at least this far into the load.
KILL_AFTER=${FAILOVER_KILL_AFTER:-5}
RABBIT_RESTART_AT=${FAILOVER_RABBIT_RESTART_AT:-30}
HEARTBEAT_INTERVAL=3
SERVICE_DOWN_TIME=5
BUILD_TIMEOUT=600

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
[ "$(id -u)" = 0 ] || { echo "failover.sh: run as root (the local provider builds hosts in network namespaces)" >&2; exit 2; }
for tool in gawk haproxy mysql mysqladmin rabbitmqctl rabbitmq-server curl jq java python3 start-stop-daemon; do
    command -v "$tool" >/dev/null || { echo "failover.sh: $tool is missing; scripts/test.sh installs what the tests need" >&2; exit 2; }
done

# Short on purpose: dockerd's and containerd's unix sockets live below local_state_dir (108-byte limit).
work=/tmp/caas-fo-$$
database=caas_fo_$$
vhost=caas-fo-$$
mkdir -p "$work/local"
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

if [ ! -f "$repo/caas-server/target/caas.jar" ]; then
    (cd "$repo" && mvn -B -o -q -pl caas-server -am -DskipTests package)
fi
# A copy, so that a build running meanwhile cannot swap the jar under the processes.
cp "$repo/caas-server/target/caas.jar" "$work/caas.jar"

declare -A pids=()
load_pid=""
clusters=()

# await_startup fails at once while the node has not registered yet, so it is asked again until it answers.
await_rabbitmq() {
    for _ in $(seq 1 90); do
        rabbitmqctl -q await_startup --timeout 10 >/dev/null 2>&1 && return 0
        sleep 1
    done
    echo "RabbitMQ did not come back within 90 s: start it with rabbitmq-server -detached" >&2
    return 1
}

ensure_rabbitmq() {
    if ! rabbitmqctl -q await_startup --timeout 5 >/dev/null 2>&1; then
        log "starting RabbitMQ again"
        rabbitmq-server -detached >/dev/null 2>&1 || true
        await_rabbitmq
    fi
}

ensure_mariadb() {
    if ! mysqladmin -uroot ping >/dev/null 2>&1; then
        log "starting MariaDB again"
        start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
        for _ in $(seq 1 120); do mysqladmin -uroot ping >/dev/null 2>&1 && break; sleep 0.5; done
    fi
}

cleanup() {
    set +e
    [ -z "$load_pid" ] || kill "$load_pid" 2>/dev/null
    ensure_rabbitmq
    ensure_mariadb
    for cluster in "${clusters[@]}"; do
        api_call DELETE "/v1/clusters/$cluster" >/dev/null 2>&1
    done
    for cluster in "${clusters[@]}"; do
        for _ in $(seq 1 120); do
            status=$(cluster_status "$cluster")
            case "$status" in DELETE_COMPLETE|gone|"") break ;; esac
            sleep 2
        done
    done
    for name in "${!pids[@]}"; do
        kill "${pids[$name]}" 2>/dev/null
    done
    sleep 2
    for name in "${!pids[@]}"; do
        kill -9 "${pids[$name]}" 2>/dev/null
    done
    if [ "${#clusters[@]}" -gt 0 ]; then
        # Whatever the API did not delete (or could not, if it was down) the local provider tears down directly.
        java -cp "$work/caas.jar" "$here/DeleteLocalClusters.java" "$work/caas.conf" "${clusters[@]}" \
            >"$work/delete-local.log" 2>&1 || log "local teardown failed, see $work/delete-local.log"
    fi
    rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1
    mysql -uroot -e "DROP DATABASE IF EXISTS $database" 2>/dev/null
    if [ -z "${FAILOVER_KEEP:-}" ]; then
        rm -rf "$work"
    else
        log "kept $work (FAILOVER_KEEP)"
    fi
}
trap cleanup EXIT

# --- shared services: a database and a vhost of this run's own ---------------------------------------------
mysql -uroot -e "CREATE DATABASE $database CHARACTER SET utf8mb4"
rabbitmqctl -q add_vhost "$vhost"
rabbitmqctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*'

# --- ports ---------------------------------------------------------------------------------------------------
vip_port=$(free_port)
haproxy_ca_port=$(free_port)
api_ports=("$(free_port)" "$(free_port)" "$(free_port)")
ca_base=$((21000 + ($$ % 800) * 10))

# One file shared by every process; each process's own values come as CAAS_<SECTION>__<KEY> variables.
cat >"$work/caas.conf" <<EOF
[api]
# what the conductors tell nodes: their bootstrap calls go to HAProxy on the bridge's gateway address
port = $vip_port
auth_strategy = noauth

[database]
connection = mysql://root@127.0.0.1:3306/$database

[oslo_messaging_rabbit]
rabbit_host = 127.0.0.1
rabbit_port = 5672
rabbit_userid = guest
rabbit_password = guest
rabbit_virtual_host = $vhost

[certificates]
master_key_file = $work/master.key

[conductor]
heartbeat_interval = $HEARTBEAT_INTERVAL
service_down_time = $SERVICE_DOWN_TIME
lease_time = 6
sweep_interval = 2
republish_after = 3

[external_ca]
# Nodes in their namespaces dial their bridge's gateway, which only a wildcard listener answers; every API
# process tries, one wins each port and another takes it over within reconcile_interval_ms when it dies.
bind_host = 0.0.0.0
port_range = $ca_base-$((ca_base + 9))
reconcile_interval_ms = 500

[providers]
enabled = local
default = local
local_state_dir = $work/local
EOF

# HAProxy's VIP is 0.0.0.0: the load comes from loopback, node bootstrap calls from the bridges. Its external
# CA range is a port of its own: a VIP range overlapping the wildcard CA listeners above could not bind on one
# machine (in production each controller has its own address).
cat >"$work/inventory.ini" <<EOF
[haproxy]
vip = 0.0.0.0
public_url = http://127.0.0.1:$vip_port
api_port = $vip_port
ca_port_range = $haproxy_ca_port-$haproxy_ca_port
stats_socket = $work/admin.sock
controllers = api-1, api-2, api-3

[controller:api-1]
address = 127.0.1.1
api_port = ${api_ports[0]}

[controller:api-2]
address = 127.0.1.2
api_port = ${api_ports[1]}

[controller:api-3]
address = 127.0.1.3
api_port = ${api_ports[2]}

[checks]
inter = 2s
fastinter = 500ms
downinter = 1s
rise = 2
fall = 2
EOF
java -jar "$work/caas.jar" render-haproxy --inventory "$work/inventory.ini" --output "$work/haproxy.rendered.cfg"
# Run unprivileged-style on this machine: no chroot, no syslog, foreground.
sed -e '/^    chroot /d' -e '/^    user /d' -e '/^    group /d' -e 's#^    log /dev/log local0#    log stderr format short local0 info#' \
    "$work/haproxy.rendered.cfg" >"$work/haproxy.cfg"
haproxy -c -q -f "$work/haproxy.cfg"

start() { # name, role, extra env...
    local name=$1 role=$2
    shift 2
    env "$@" CAAS_CONDUCTOR__HOST="$name" java -Xmx384m -jar "$work/caas.jar" "$role" --config "$work/caas.conf" \
        >"$work/$name.log" 2>&1 &
    pids[$name]=$!
}

api_call() { # method, path, [json body]
    local method=$1 path=$2
    if [ $# -ge 3 ]; then
        curl -sS --max-time 15 -X "$method" -H 'Content-Type: application/json' -d "$3" "http://127.0.0.1:$vip_port$path"
    else
        curl -sS --max-time 15 -X "$method" "http://127.0.0.1:$vip_port$path"
    fi
}
cluster_status() {
    local body
    body=$(curl -sS --max-time 10 -w '\n%{http_code}' "http://127.0.0.1:$vip_port/v1/clusters/$1" 2>/dev/null) || { echo ""; return; }
    case "$(tail -n1 <<<"$body")" in
        200) head -n -1 <<<"$body" | jq -r .status ;;
        404) echo gone ;;
        *) echo "" ;;
    esac
}
wait_for_api() { # pid, port, host
    for _ in $(seq 1 240); do
        curl -fsS --max-time 2 "http://$3:$2/healthcheck" >/dev/null 2>&1 && return 0
        kill -0 "$1" 2>/dev/null || { echo "process $1 died; its log:" >&2; return 1; }
        sleep 0.5
    done
    return 1
}

# --- the controllers -------------------------------------------------------------------------------------------
start api-1 api CAAS_API__HOST=127.0.1.1 CAAS_API__PORT="${api_ports[0]}"
wait_for_api "${pids[api-1]}" "${api_ports[0]}" 127.0.1.1 || { tail -50 "$work/api-1.log"; exit 1; } # migrates the schema
start api-2 api CAAS_API__HOST=127.0.1.2 CAAS_API__PORT="${api_ports[1]}"
start api-3 api CAAS_API__HOST=127.0.1.3 CAAS_API__PORT="${api_ports[2]}"
start conductor-1 conductor
start conductor-2 conductor
wait_for_api "${pids[api-2]}" "${api_ports[1]}" 127.0.1.2 || { tail -50 "$work/api-2.log"; exit 1; }
wait_for_api "${pids[api-3]}" "${api_ports[2]}" 127.0.1.3 || { tail -50 "$work/api-3.log"; exit 1; }
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
pids[haproxy]=$!
for _ in $(seq 1 60); do
    [ "$(api_call GET /v1/mservices 2>/dev/null | jq '[.mservices[] | select(.state == "up")] | length' 2>/dev/null)" = 2 ] && break
    sleep 0.5
done
log "3 api + 2 conductors up behind HAProxy on :$vip_port; logs in $work"

template=$(api_call POST /v1/clustertemplates '{"name":"failover","coe":"swarm-mode","image_id":"swarm-local",
    "external_network_id":"public","flavor_id":"m1.small","master_flavor_id":"m1.small"}' | jq -r .uuid)
create_cluster() { # name
    local uuid
    uuid=$(api_call POST /v1/clusters "{\"name\":\"$1\",\"cluster_template_id\":\"$template\",\"master_count\":1,\"node_count\":1}" | jq -r .uuid)
    [ -n "$uuid" ] && [ "$uuid" != null ] || { echo "cluster create refused" >&2; return 1; }
    echo "$uuid"
}
wait_final() { # uuid -> prints the final status
    local status deadline=$((SECONDS + BUILD_TIMEOUT))
    while [ $SECONDS -lt $deadline ]; do
        status=$(cluster_status "$1")
        case "$status" in *_COMPLETE|*_FAILED) echo "$status"; return ;; esac
        sleep 3
    done
    echo "still ${status:-unknown} after ${BUILD_TIMEOUT}s"
}

# --- phase 1: load, kills, RabbitMQ restart ----------------------------------------------------------------------
load_start=$(now_ms)
java "$here/FailoverLoad.java" "http://127.0.0.1:$vip_port/v1/clusters" "$RATE" "$LOAD_SECONDS" "$work/requests.txt" &
load_pid=$!
first=$(create_cluster failover-1)
clusters+=("$first")
log "cluster failover-1 $first being created; load: $RATE req/s for ${LOAD_SECONDS}s"

sleep_until() { local wait_ms=$(( $1 - $(now_ms) )); [ $wait_ms -le 0 ] || sleep "$(printf '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000)))"; }
sleep_until $((load_start + KILL_AFTER * 1000))
holder=""
for _ in $(seq 1 150); do
    holder=$(mysql -uroot -N -e "SELECT conductor FROM $database.cluster WHERE uuid = '$first'" 2>/dev/null || true)
    case "$holder" in conductor-1|conductor-2) break ;; esac
    sleep 0.2
done
case "$holder" in conductor-1|conductor-2) victim=$holder ;; *) victim=conductor-1 ;; esac
status_at_kill=$(cluster_status "$first")
kill_ms=$(now_ms)
kill -9 "${pids[api-2]}" "${pids[$victim]}"
log "killed -9 api-2 and $victim $(( (kill_ms - load_start) / 1000 ))s into the load" \
    "(lease holder of failover-1: ${holder:-none}, status $status_at_kill)"
unset "pids[api-2]" "pids[$victim]"

down_ms=""
( for _ in $(seq 1 300); do
      # an answer that is not JSON (a 502 for a request in flight on the killed API) is just asked again
      api_call GET /v1/mservices >"$work/mservices.json" 2>&1 || true
      state=$(jq -r --arg h "$victim" '.mservices[] | select(.host == $h) | .state' "$work/mservices.json" 2>/dev/null || true)
      [ "$state" = down ] && { now_ms >"$work/down_at"; break; }
      sleep 0.2
  done ) &
down_watch=$!

sleep_until $((load_start + RABBIT_RESTART_AT * 1000))
rabbit_begin=$(now_ms)
rabbitmqctl -q stop >/dev/null
rabbitmq-server -detached >/dev/null 2>&1
await_rabbitmq
rabbit_end=$(now_ms)
log "RabbitMQ restarted in $(( (rabbit_end - rabbit_begin) / 1000 ))s"

wait "$load_pid"
load_pid=""
wait "$down_watch" 2>/dev/null || true
if [ -f "$work/down_at" ]; then
    down_ms=$(( $(cat "$work/down_at") - kill_ms ))
else
    log "$victim never shown down; the last /v1/mservices answer: $(cat "$work/mservices.json")"
fi
first_status=$(wait_final "$first")
log "failover-1: $first_status"

# --- phase 2: MariaDB restart, then a new cluster with the same processes ------------------------------------------
mysqladmin -uroot shutdown
for _ in $(seq 1 60); do mysqladmin -uroot ping >/dev/null 2>&1 || break; sleep 0.5; done
start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
for _ in $(seq 1 120); do mysqladmin -uroot ping >/dev/null 2>&1 && break; sleep 0.5; done
log "MariaDB restarted"
second=""
for _ in $(seq 1 30); do second=$(create_cluster failover-2 2>/dev/null) && break; sleep 2; done
[ -z "$second" ] || clusters+=("$second")
log "cluster failover-2 ${second:-not accepted} being created"
second_status=$([ -n "$second" ] && wait_final "$second" || echo "not accepted")
log "failover-2: $second_status"
survivors_alive=yes
for name in api-1 api-3 conductor-1 conductor-2; do
    [ -n "${pids[$name]:-}" ] || continue
    kill -0 "${pids[$name]}" 2>/dev/null || { survivors_alive=no; log "$name died; tail of its log:"; tail -20 "$work/$name.log"; }
done

# --- figures ---------------------------------------------------------------------------------------------------
during_end=$((rabbit_end + 5000))
gawk -v kill="$kill_ms" -v during_end="$during_end" -v outfile="$work/phases" '
    { phase = $1 < kill ? "before" : ($1 < during_end ? "during" : "after")
      n[phase]++; lat[phase, n[phase]] = $2
      if ($3 !~ /^2/) { failed[phase]++; failures[$3]++ }
      if ($4 > 1) retried++ ; total++ }
    function p99(phase,   i, m, a) {
      m = n[phase]; if (m == 0) return "-"
      for (i = 1; i <= m; i++) a[i] = lat[phase, i]
      asort(a); i = int(m * 0.99 + 0.999999); if (i < 1) i = 1; return a[i] " ms"
    }
    END {
      printf "requests sent: %d, failed: %d, retried once after a lost connection: %d\n", total, failed["before"] + failed["during"] + failed["after"], retried
      for (o in failures) printf "  failure %s: %d\n", o, failures[o]
      split("before during after", ps, " ")
      for (k = 1; k <= 3; k++) printf "p99 latency %-6s: %s (%d requests, %d failed)\n", ps[k], p99(ps[k]), n[ps[k]], failed[ps[k]]
      print failed["before"] + failed["after"] > outfile
    }' "$work/requests.txt"
echo "retry policy: one retry only when the connection was lost before any response; statuses and timeouts never"
echo "phases: before = until the kills, during = kills .. RabbitMQ up again + 5 s, after = the rest"
echo "cluster failover-1 ($status_at_kill when its lease holder was killed): $first_status"
echo "cluster failover-2 (created after the RabbitMQ and MariaDB restarts): $second_status"
echo "killed conductor ($victim) shown down in /v1/mservices after: ${down_ms:-never} ms" \
     "(heartbeat_interval ${HEARTBEAT_INTERVAL}s, service_down_time ${SERVICE_DOWN_TIME}s)"
echo "surviving caas processes (api-1, api-3, the other conductor) all still the original processes: $survivors_alive"

failed_outside_kills=$(cat "$work/phases")
ok=yes
[ "$first_status" = CREATE_COMPLETE ] || ok=no
[ "$status_at_kill" = CREATE_IN_PROGRESS ] && [ "$victim" = "$holder" ] || ok=no
[ "$second_status" = CREATE_COMPLETE ] || ok=no
[ "$survivors_alive" = yes ] || ok=no
[ -n "$down_ms" ] && [ "$down_ms" -le $((2 * HEARTBEAT_INTERVAL * 1000)) ] || ok=no
[ "$failed_outside_kills" = 0 ] || ok=no
echo "acceptance: $ok"
[ "$ok" = yes ]
