#!/usr/bin/env bash
# Bootstraps one swarm-mode node of a caas cluster on first boot, the way cloud-init runs user data.
#
# caas renders user-data.sh.ftl per node: a block of single-quoted parameters, then this file.
#   CAAS_URL          base URL of the caas API as this node reaches it
#   CAAS_API_CA       PEM to trust for CAAS_URL when it is https and not publicly trusted (may be empty)
#   CLUSTER_UUID      the cluster;  NODE_NAME  this node (a DNS label);  NODE_ROLE  manager | worker
#   SWARM_ACTION      init (the first manager) | join (every other node)
#   NODE_TOKEN        this node's bootstrap secret, sent as "Authorization: Bearer"; never printed
#   CLUSTER_ROOT_CA   the cluster root certificate (no key): engine client CA and swarm SigningCACert
#   ENGINE_PORT       port of the Engine API, mutual TLS only
#   ENGINE_LABELS     array of key=value engine labels (io.caas.node=<NODE_NAME> is how caas finds the node)
#
# Environment a provider may set:
#   CAAS_HOST_DIR  a private directory of a sandboxed host (the local provider: one network namespace per host, with
#             its own mount and UTS namespaces and a private /etc/docker). dockerd then keeps everything under it
#             (data/ exec/ docker.sock docker.pid dockerd.log tls/) and runs with vfs, no iptables and no
#             bridge, because many engines share one kernel. The provider stops the engine by the pid in
#             $CAAS_HOST_DIR/docker.pid. Unset (a real VM): state in /var/lib/caas-node, socket /var/run/docker.sock.
#
# The caas calls, all with "Authorization: Bearer $NODE_TOKEN", under $CAAS_URL/v1/clusters/$CLUSTER_UUID/nodes/$NODE_NAME:
#   POST /progress     {"state":"BOOTING|ENGINE_UP|JOINING|FAILED","message":"..."}            -> 2xx
#   POST /engine-cert?address=<ip>   body: CSR PEM (application/pkcs10)
#        -> 200 certificate PEM for the Engine API (serverAuth, IP SAN = the node's address on record at caas)
#        -> 409 while caas has no address on record for the node yet (retried)
#   GET  /join         -> 200 text/plain "token=SWMTKN-1-...\nmanager=<address>:2377\n" for this node's role
#                      -> 404 until the first manager's swarm runs on the cluster CA (retried)
#   GET  /engine-tls   -> 200 the root certificate PEM caas wants this node's Engine API on, during a CA rotation
#                      -> 204 while caas wants no change; both with Retry-After: the seconds until the next poll
# After the bootstrap a node agent keeps running for the host's life (pid in $STATE_DIR/agent.pid, log in
# $STATE_DIR/agent.log): it asks engine-tls as often as caas says, and when caas names a root other than the
# engine's ca.pem it makes a new key, has caas sign the engine certificate (engine-cert, now from that root) and
# restarts dockerd on the new key, certificate and client CA, so clients of the old root are refused. Swarm state
# lives in dockerd's data root and survives the restart.
# The Engine TLS key is made here and never leaves the node. Progress is best effort: when caas cannot be
# reached the script logs and goes on; engine-cert and join are retried until BOOTSTRAP_DEADLINE.
set -euo pipefail
umask 077

readonly ENGINE_API=v1.41
readonly SWARM_PORT=2377
AGENT_POLL=5
BOOTSTRAP_DEADLINE=$((SECONDS + 1500))
STATE_DIR=${CAAS_HOST_DIR:-/var/lib/caas-node}
TLS_DIR=$STATE_DIR/tls
AUTH_HEADER=$STATE_DIR/caas-auth.header
STEP=start

log() {
    printf '%s caas-bootstrap node=%s step=%s %s\n' "$(date -u +%FT%TZ)" "$NODE_NAME" "$STEP" "$*" >&2
}

json_escape() {
    local text=${1//\\/\\\\}
    text=${text//\"/\\\"}
    printf '%s' "${text//$'\n'/\\n}"
}

node_url() {
    printf '%s/v1/clusters/%s/nodes/%s/%s' "${CAAS_URL%/}" "$CLUSTER_UUID" "$NODE_NAME" "$1"
}

# curl to caas with the bearer token read from a file, so it never shows in a process list.
caas_curl() {
    local tls=()
    if [[ -n $CAAS_API_CA ]]; then
        tls=(--cacert "$STATE_DIR/caas-api-ca.pem")
    fi
    curl -sS --max-time 20 -H "@$AUTH_HEADER" "${tls[@]}" "$@"
}

progress() {
    local state=$1 message=$2 body
    log "state=$state $message"
    body=$(printf '{"state":"%s","message":"%s"}' "$state" "$(json_escape "$message")")
    caas_curl --fail -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @- \
        "$(node_url progress)" <<<"$body" || log "caas did not take the progress report; going on"
}

on_exit() {
    local status=$?
    if ((status != 0)); then
        progress FAILED "step $STEP failed with exit status $status; see the bootstrap log on the host"
    fi
}

before_deadline() {
    if ((SECONDS >= BOOTSTRAP_DEADLINE)); then
        log "gave up: deadline reached"
        return 1
    fi
}

# Calls the local engine; on an error its message goes to the log, since it is what an operator needs.
engine() {
    local method=$1 path=$2 response
    shift 2
    if ! response=$(curl -sS --fail-with-body --max-time 60 --unix-socket "$ENGINE_SOCKET" -X "$method" \
        -H 'Content-Type: application/json' "$@" "http://localhost/$ENGINE_API$path" 2>&1); then
        log "engine $method $path failed: $response"
        return 1
    fi
    printf '%s' "$response"
}

engine_answers() {
    curl -sf --max-time 5 --unix-socket "$ENGINE_SOCKET" "http://localhost/_ping" >/dev/null 2>&1
}

validate_parameters() {
    [[ $NODE_NAME =~ ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]] || { log "bad NODE_NAME"; return 1; }
    [[ $CLUSTER_UUID =~ ^[0-9a-f-]{36}$ ]] || { log "bad CLUSTER_UUID"; return 1; }
    [[ $NODE_ROLE == manager || $NODE_ROLE == worker ]] || { log "bad NODE_ROLE"; return 1; }
    [[ $SWARM_ACTION == init || $SWARM_ACTION == join ]] || { log "bad SWARM_ACTION"; return 1; }
    [[ $ENGINE_PORT =~ ^[0-9]{1,5}$ ]] || { log "bad ENGINE_PORT"; return 1; }
}

prepare_state_dir() {
    mkdir -p "$STATE_DIR" "$TLS_DIR"
    printf 'Authorization: Bearer %s\n' "$NODE_TOKEN" >"$AUTH_HEADER"
    if [[ -n $CAAS_API_CA ]]; then
        printf '%s\n' "$CAAS_API_CA" >"$STATE_DIR/caas-api-ca.pem"
    fi
    printf '%s\n' "$CLUSTER_ROOT_CA" >"$TLS_DIR/ca.pem"
}

# The address this host reaches caas from is the one swarm advertises and the Engine API listens on.
detect_address() {
    local authority=${CAAS_URL#*://} host target
    authority=${authority%%/*}
    host=${authority%:*}
    target=$(getent ahostsv4 "$host" | awk 'NR == 1 { print $1 }')
    ADDRESS=$(ip -4 -o route get "$target" | awk '{ for (i = 1; i < NF; i++) if ($i == "src") { print $(i + 1); exit } }')
    [[ $ADDRESS =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || { log "no IPv4 route to caas at $host"; return 1; }
}

# Makes key.pem and has caas sign cert.pem in directory $1, whose ca.pem the certificate must chain to.
fetch_engine_certificate() {
    local dir=$1 status
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/key.pem" 2>/dev/null || return 1
    openssl req -new -key "$dir/key.pem" -subj "/CN=$NODE_NAME" -out "$dir/csr.pem" || return 1
    while before_deadline; do
        status=$(caas_curl -o "$dir/cert.pem" -w '%{http_code}' -X POST -H 'Content-Type: application/pkcs10' \
            --data-binary "@$dir/csr.pem" "$(node_url engine-cert)?address=$ADDRESS") || status=unreachable
        if [[ $status == 200 ]] && openssl verify -CAfile "$dir/ca.pem" "$dir/cert.pem" >/dev/null; then
            return 0
        fi
        log "engine certificate not issued yet (caas answered $status); retrying"
        sleep 2
    done
    return 1
}

start_engine() {
    local args=(--tlsverify --tlscacert "$TLS_DIR/ca.pem" --tlscert "$TLS_DIR/cert.pem" --tlskey "$TLS_DIR/key.pem"
        -H "unix://$ENGINE_SOCKET" -H "tcp://$ADDRESS:$ENGINE_PORT" --pidfile "$STATE_DIR/docker.pid")
    local label
    for label in "${ENGINE_LABELS[@]}"; do
        args+=(--label "$label")
    done
    if [[ -n ${CAAS_HOST_DIR:-} ]]; then
        printf '{}\n' >"$STATE_DIR/daemon.json"
        args+=(--config-file "$STATE_DIR/daemon.json" --data-root "$STATE_DIR/data" --exec-root "$STATE_DIR/exec"
            --iptables=false --ip-masq=false --bridge=none --storage-driver=vfs)
    fi
    # detached twice, so dockerd is nobody's child here: the agent that restarts it later leaves no zombie
    (setsid dockerd "${args[@]}" >>"$STATE_DIR/dockerd.log" 2>&1 </dev/null &)
    # dockerd answers within a second or two; a short poll keeps the node from reporting late.
    while before_deadline; do
        if engine_answers; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

in_swarm() {
    [[ $(engine GET /info) == *'"LocalNodeState":"active"'* ]]
}

# Join tokens embed the root digest, so caas hands them out only once TrustRoot is the cluster root.
init_swarm() {
    local body swarm trust_root wanted
    # A plain init: caas records swarm's internal root first, then rotates it to the cluster CA over the Engine
    # API, so its external CA already trusts the leader's certificate when swarm first calls it.
    body=$(printf '{"ListenAddr":"%s:%s","AdvertiseAddr":"%s:%s"}' "$ADDRESS" "$SWARM_PORT" "$ADDRESS" "$SWARM_PORT")
    in_swarm || engine POST /swarm/init --data-binary @- <<<"$body" >/dev/null
    # Reported before the node can be Ready: caas marks it READY itself, and a later report would undo that.
    progress JOINING "swarm initialised, waiting for its rotation to the cluster CA"
    wanted=$(openssl x509 -in "$TLS_DIR/ca.pem" -noout -fingerprint -sha256)
    while before_deadline; do
        # caas may already count the node Ready and restart its engine (a locked autolock manager answers only
        # once caas unlocks it): an engine that does not answer now is asked again, not a failed bootstrap
        swarm=$(engine GET /swarm) || swarm=''
        trust_root=$(sed -n 's/.*"TrustRoot":"\([^"]*\)".*/\1/p' <<<"$swarm")
        if grep -q '"RootRotationInProgress":false' <<<"$swarm" &&
            [[ $(printf '%b' "$trust_root" | openssl x509 -noout -fingerprint -sha256 2>/dev/null) == "$wanted" ]]; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}

join_swarm() {
    local status key value token='' manager='' body
    while before_deadline; do
        status=$(caas_curl -o "$STATE_DIR/join.txt" -w '%{http_code}' "$(node_url join)") || status=unreachable
        if [[ $status == 200 ]]; then
            break
        fi
        log "join not offered yet (caas answered $status); retrying"
        sleep 2
    done
    while IFS='=' read -r key value; do
        case $key in
            token) token=$value ;;
            manager) manager=$value ;;
        esac
    done <"$STATE_DIR/join.txt"
    rm -f "$STATE_DIR/join.txt"
    [[ $token =~ ^SWMTKN-1-[A-Za-z0-9-]+$ ]] || { log "caas sent no valid join token"; return 1; }
    [[ $manager =~ ^[A-Za-z0-9.-]+:[0-9]{1,5}$ ]] || { log "caas sent no valid manager address"; return 1; }
    body=$(printf '{"ListenAddr":"%s:%s","AdvertiseAddr":"%s:%s","RemoteAddrs":["%s"],"JoinToken":"%s"}' \
        "$ADDRESS" "$SWARM_PORT" "$ADDRESS" "$SWARM_PORT" "$manager" "$token")
    # Reported before the node can be Ready: caas marks it READY itself, and a later report would undo that.
    progress JOINING "joining the swarm via $manager"
    until in_swarm; do
        before_deadline || return 1
        engine POST /swarm/join --data-binary @- <<<"$body" >/dev/null || log "join via $manager refused; retrying"
    done
}

stop_engine() {
    local pid
    pid=$(cat "$STATE_DIR/docker.pid" 2>/dev/null) || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null; do
        before_deadline || return 1
        sleep 0.1
    done
}

# Moves the Engine API to the root caas named in $STATE_DIR/engine-root.pem: new key, certificate from caas, restart.
move_engine_tls() {
    local next=$TLS_DIR/next started=$SECONDS signed stopped
    BOOTSTRAP_DEADLINE=$((SECONDS + 300))
    rm -rf "$next"
    mkdir -p "$next"
    mv "$STATE_DIR/engine-root.pem" "$next/ca.pem"
    log "caas wants the Engine API on root $(openssl x509 -in "$next/ca.pem" -noout -fingerprint -sha256); re-keying"
    fetch_engine_certificate "$next" || return 1
    # from here until dockerd answers again the engine is down; a failed start is retried at the next poll
    signed=$SECONDS
    touch "$STATE_DIR/engine-stopped-by-agent"
    stop_engine || return 1
    stopped=$SECONDS
    mv "$next/ca.pem" "$next/cert.pem" "$next/key.pem" "$TLS_DIR/" || return 1
    rm -rf "$next"
    start_engine || return 1
    rm -f "$STATE_DIR/engine-stopped-by-agent"
    log "Engine API restarted on the new root (certificate $((signed - started))s," \
        "stop $((stopped - signed))s, start $((SECONDS - stopped))s)"
}

# caas paces the agent: quick while it updates the cluster, rarely otherwise (1 to 60 seconds).
follow_retry_after() {
    local seconds
    seconds=$(tr -d '\r' <"$1" | awk -F': *' 'tolower($1) == "retry-after" { value = $2 } END { print value }')
    if [[ $seconds =~ ^[0-9]{1,2}$ ]] && ((10#$seconds >= 1)); then
        AGENT_POLL=$((10#$seconds))
    fi
}

agent_check() {
    local status wanted current
    if [[ -e $STATE_DIR/engine-stopped-by-agent ]]; then
        BOOTSTRAP_DEADLINE=$((SECONDS + 300))
        start_engine || return 1
        rm -f "$STATE_DIR/engine-stopped-by-agent"
    fi
    # caas unreachable or wanting nothing: ask again at the next poll
    status=$(caas_curl -o "$STATE_DIR/engine-root.pem" -D "$STATE_DIR/engine-tls.headers" -w '%{http_code}' \
        "$(node_url engine-tls)" 2>/dev/null) || return 0
    follow_retry_after "$STATE_DIR/engine-tls.headers"
    [[ $status == 200 ]] || return 0
    wanted=$(openssl x509 -in "$STATE_DIR/engine-root.pem" -noout -fingerprint -sha256) || return 1
    current=$(openssl x509 -in "$TLS_DIR/ca.pem" -noout -fingerprint -sha256) || return 1
    if [[ $wanted != "$current" ]]; then
        move_engine_tls
    fi
}

run_agent() {
    trap - EXIT
    STEP=agent
    printf '%s\n' "$BASHPID" >"$STATE_DIR/agent.pid"
    log "node agent polling engine-tls"
    while true; do
        sleep "$AGENT_POLL"
        agent_check || log "moving the Engine API failed; retrying at the next poll"
    done
}

main() {
    trap on_exit EXIT
    validate_parameters
    prepare_state_dir
    if [[ -n ${CAAS_HOST_DIR:-} ]]; then
        ENGINE_SOCKET=$STATE_DIR/docker.sock
    else
        ENGINE_SOCKET=/var/run/docker.sock
    fi
    progress BOOTING "bootstrap started as $NODE_ROLE"
    STEP='address'
    detect_address
    STEP='engine-certificate'
    fetch_engine_certificate "$TLS_DIR"
    STEP='engine-start'
    start_engine
    progress ENGINE_UP "Engine API on tcp://$ADDRESS:$ENGINE_PORT"
    if [[ $SWARM_ACTION == init ]]; then
        STEP='swarm-init'
        init_swarm
    else
        STEP='swarm-join'
        join_swarm
    fi
    STEP='done'
    log "bootstrap finished; node agent starting"
    # not the caller's output: cloud-init waits for every holder of its pipe, and the agent never ends
    run_agent </dev/null >>"$STATE_DIR/agent.log" 2>&1 &
}

# Sourced (by tests, or to reuse a function by hand) it only defines; run, it bootstraps.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    main
fi
