#!/usr/bin/env bash
# Cluster-create time of caas for 3 managers + 2 workers next to the same swarm built by hand
# (benchmarks/raw-swarm.sh), measured alternately in one run on this machine. Target: caas within 1.3x of raw.
# caas runs once as `caas dev` (API + conductor, embedded DB and broker, local provider); each round creates
# cluster "demo" with POST /v1/clusters (the request `openstack coe cluster create` sends), polls
# GET /v1/clusters/demo every 0.5 s until CREATE_COMPLETE, then deletes it and polls until 404.
# Prints one row per round, the medians and the ratio of the medians, then where caas spent its time.
# Usage (root): benchmarks/cluster-create.sh [ROUNDS]   (default 3)
#   CAAS_BENCH_KEEP=1 keeps caas's log, each round's events and the raw logs in /tmp/rawb-caas.* for profiling.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/services.sh
. "$here/../scripts/lib/services.sh"

readonly ROUNDS=${1:-3}
readonly PORT=${CAAS_BENCH_PORT:-19611}
readonly TARGET_RATIO=1.3
readonly API=http://127.0.0.1:$PORT/v1
readonly JAR=$here/../caas-server/target/caas.jar
readonly CREATE_TIMEOUT=300 DELETE_TIMEOUT=120

DATA=""
CAAS_PID=""
ROUND=0
declare -a RAW=() CAAS=() RAW_DOWN=() CAAS_DOWN=()

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }

http_status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

start_caas() {
  DATA=$(mktemp -d /tmp/rawb-caas.XXXXXX)
  java -jar "$JAR" dev --data-dir "$DATA" --port "$PORT" > "$DATA/caas.log" 2>&1 < /dev/null &
  CAAS_PID=$!
  local _
  for _ in $(seq 1 120); do
    [ "$(http_status "$API/")" = 200 ] && return 0
    kill -0 "$CAAS_PID" 2>/dev/null || { tail -n 30 "$DATA/caas.log" >&2; die "caas dev exited while starting"; }
    sleep 0.5
  done
  tail -n 30 "$DATA/caas.log" >&2
  die "caas dev did not answer on $API within 60 s"
}

stop_caas() {
  [ -n "$CAAS_PID" ] || return 0
  if [ "$(http_status "$API/clusters/demo")" = 200 ]; then
    log "deleting the cluster left by an interrupted round"
    curl -s -o /dev/null -X DELETE "$API/clusters/demo" || true
    await_gone || log "cluster demo is still there; its hosts may need 'ip netns list' cleanup"
  fi
  kill -TERM "$CAAS_PID" 2>/dev/null || true
  local _
  for _ in $(seq 1 100); do kill -0 "$CAAS_PID" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$CAAS_PID" 2>/dev/null || true
  CAAS_PID=""
}

cleanup() {
  stop_caas
  if [ "${CAAS_BENCH_KEEP:-0}" = 1 ]; then
    log "logs kept in $DATA (caas.log, events-N.txt, nodes-N.json, raw-N.log)"
  elif [ -n "$DATA" ]; then
    rm -rf "$DATA"
  fi
  return 0
}

status_of_demo() { curl -fsS "$API/clusters/demo" 2>/dev/null | jq -r '.status // empty' || true; }

await_gone() {
  local _
  for _ in $(seq 1 $((DELETE_TIMEOUT * 2))); do
    [ "$(http_status "$API/clusters/demo")" = 404 ] && return 0
    sleep 0.5
  done
  return 1
}

# One caas round: sets CAAS[ROUND] and CAAS_DOWN[ROUND]; keeps the round's conductor events for caas_phases.
caas_round() {
  local template_id=$1 t0 status="" log_from _
  log_from=$(($(wc -l < "$DATA/caas.log") + 1))
  t0=$(now)
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' "$API/clusters" \
    -d "{\"name\":\"demo\",\"cluster_template_id\":\"$template_id\",\"master_count\":3,\"node_count\":2}" \
    || die "POST /v1/clusters was refused; see $DATA/caas.log"
  for _ in $(seq 1 $((CREATE_TIMEOUT * 2))); do
    status=$(status_of_demo)
    case "$status" in
      CREATE_COMPLETE) break ;;
      CREATE_FAILED) die "cluster demo failed: $(curl -s "$API/clusters/demo" | jq -r .status_reason)" ;;
    esac
    sleep 0.5
  done
  [ "$status" = CREATE_COMPLETE ] || die "cluster demo not CREATE_COMPLETE within ${CREATE_TIMEOUT} s (last: $status)"
  CAAS[ROUND]=$(elapsed "$t0")
  tail -n "+$log_from" "$DATA/caas.log" | grep 'event=' | grep -v 'event=request ' | awk -v t0="$(date -d "@$t0" +%H:%M:%S.%N)" '
    function seconds(hms,  p) { split(hms, p, ":"); return p[1] * 3600 + p[2] * 60 + p[3] }
    { at = substr($1, 12, 12); sub(/.* event=/, "event="); printf "  +%6.2f s %s\n", seconds(at) - seconds(t0), substr($0, 1, 120) }' \
    > "$DATA/events-$ROUND.txt"
  curl -fsS "$API/clusters/demo/nodes" > "$DATA/nodes-$ROUND.json" 2>/dev/null || true
  t0=$(now)
  curl -fsS -o /dev/null -X DELETE "$API/clusters/demo" || die "DELETE /v1/clusters/demo was refused"
  await_gone || die "cluster demo still there ${DELETE_TIMEOUT} s after DELETE; see $DATA/caas.log"
  CAAS_DOWN[ROUND]=$(elapsed "$t0")
}

# One raw round: sets RAW[ROUND] and RAW_DOWN[ROUND].
raw_round() {
  local out
  out=$("$here/raw-swarm.sh" 2>&1) || { printf '%s\n' "$out" >&2; die "the raw reference failed"; }
  printf '%s\n' "$out" > "$DATA/raw-$ROUND.log"
  RAW[ROUND]=$(sed -n 's/^raw_create_seconds=//p' <<<"$out")
  RAW_DOWN[ROUND]=$(sed -n 's/^raw_teardown_seconds=//p' <<<"$out")
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
ratio() { echo "scale=2; $2 / $1" | bc; }

main() {
  require_root "benchmarks/cluster-create.sh"
  [[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive whole number, got '$ROUNDS'"
  ensure_build_tools
  ensure_packages docker.io haproxy golang-cfssl iproute2 util-linux openssl curl jq bc \
    python3-openstackclient python3-magnumclient
  if [ ! -f "$JAR" ]; then
    log "building caas"
    (cd "$here/.." && mvn -B -o -q -DskipTests package) || die "the build failed; run 'mvn -DskipTests package' to see why"
  fi
  trap cleanup EXIT
  start_caas
  log "caas dev answers on $API (data in $DATA)"
  openstack --os-auth-type none --os-endpoint "$API" coe cluster template create swarm --coe swarm-mode \
    --image swarm-local --external-network public --flavor m1.small --master-flavor m1.small \
    --master-lb-enabled > /dev/null || die "the OpenStack CLI could not create the cluster template"
  local template_id; template_id=$(curl -fsS "$API/clustertemplates/swarm" | jq -r .uuid)

  for ROUND in $(seq 1 "$ROUNDS"); do
    raw_round
    log "round $ROUND/$ROUNDS: raw ${RAW[ROUND]} s"
    caas_round "$template_id"
    log "round $ROUND/$ROUNDS: caas ${CAAS[ROUND]} s"
  done

  echo
  echo "cluster create, 3 managers + 2 workers, until all 5 nodes are Ready on the cluster's external CA"
  printf '%-6s %9s %9s %7s   %13s %15s\n' round "raw s" "caas s" ratio "raw down s" "caas delete s"
  for ROUND in $(seq 1 "$ROUNDS"); do
    printf '%-6s %9.2f %9.2f %7.2f   %13.2f %15.2f\n' "$ROUND" "${RAW[ROUND]}" "${CAAS[ROUND]}" \
      "$(ratio "${RAW[ROUND]}" "${CAAS[ROUND]}")" "${RAW_DOWN[ROUND]}" "${CAAS_DOWN[ROUND]}"
  done
  local raw_median caas_median verdict
  raw_median=$(median "${RAW[@]}")
  caas_median=$(median "${CAAS[@]}")
  printf '%-6s %9.2f %9.2f %7.2f   %13.2f %15.2f\n' median "$raw_median" "$caas_median" \
    "$(ratio "$raw_median" "$caas_median")" "$(median "${RAW_DOWN[@]}")" "$(median "${CAAS_DOWN[@]}")"
  if [ "$(echo "$(ratio "$raw_median" "$caas_median") <= $TARGET_RATIO" | bc)" -eq 1 ]; then
    verdict="met"
  else
    verdict="NOT met"
  fi
  echo "target: caas within ${TARGET_RATIO}x of raw (ratio of medians) - $verdict"
  echo "raw: openssl PKI, netns + bridge, 5 dockerds (mTLS, vfs), swarm init, root rotation to cfssl serve, joins."
  echo "caas: the same plus its API, database, AMQP and the managers' haproxy; create time as a client polling every 0.5 s sees it."
  echo
  echo "caas conductor events of the last round, from its POST:"
  cat "$DATA/events-$ROUNDS.txt"
  echo "raw phases of the last round:"
  grep ' raw-swarm ' "$DATA/raw-$ROUNDS.log" | cut -d' ' -f3-
}

main "$@"
