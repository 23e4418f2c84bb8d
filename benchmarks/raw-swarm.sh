#!/usr/bin/env bash
# The raw reference for benchmarks/cluster-create.sh: a 3-manager + 2-worker swarm built by hand, no caas.
# Every host is a dockerd in its own network namespace (veth into one bridge), with its own mount and UTS
# namespace, an Engine API on TCP with mutual TLS (openssl-made certificates) and the vfs driver. Swarm is
# initialised on the first host and rotated to an external CA (`cfssl serve`, the protocol caas speaks as
# each cluster's CA), then 2 managers and 2 workers join; the clock stops when all 5 nodes are Ready on
# certificates of the external root. Everything is torn down afterwards, also on failure.
# Prints the phases and two machine-readable lines: raw_create_seconds=S and raw_teardown_seconds=S.
# Usage (root): benchmarks/raw-swarm.sh
set -euo pipefail

readonly SUBNET=198.19.250     # a /24 of the RFC 2544 benchmark range, bridge on .1, hosts on .11 upwards
readonly PREFIX=rawb           # every bridge, veth and netns created here carries it
readonly MANAGERS=3 WORKERS=2
readonly ENGINE_PORT=2376 CA_PORT=8888
readonly DOCKER_CLI=/usr/bin/docker   # the CLI of the same release as dockerd (20.10)
readonly HOSTS=$((MANAGERS + WORKERS))

WORK=""
CFSSL_PID=""
ROOT_KEY=""   # base64 DER of the external root's public key, as swarm reports a certificate's issuer
declare -a ENGINE_PIDS=()

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }
say() { printf '%s raw-swarm %s\n' "$(date +%T.%3N)" "$*"; }
fail() { say "ERROR: $*" >&2; exit 1; }

host_ip() { echo "$SUBNET.$((10 + $1))"; }

# The docker CLI aimed at host $1's Engine API over mutual TLS, as a remote operator would use it.
on_host() {
  local host=$1; shift
  DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$WORK/pki/client" \
    "$DOCKER_CLI" -H "tcp://$(host_ip "$host"):$ENGINE_PORT" "$@"
}

# ------------------------------------------------------------------ certificates (openssl only)
new_key() { openssl ecparam -name prime256v1 -genkey -noout -out "$1" 2>/dev/null; }

# issue KEY CERT SUBJECT EXTENSIONS: a leaf signed by the external root
issue() {
  openssl req -new -key "$1" -subj "$3" 2>/dev/null \
    | openssl x509 -req -CA "$WORK/pki/ca.pem" -CAkey "$WORK/pki/ca-key.pem" -set_serial "0x$(openssl rand -hex 8)" \
        -days 30 -extfile <(printf '%b' "$4") -out "$2" 2>/dev/null
}

make_pki() {
  local pki=$WORK/pki i
  mkdir -p "$pki/client"
  new_key "$pki/ca-key.pem"
  openssl req -x509 -new -key "$pki/ca-key.pem" -subj "/O=$PREFIX/CN=$PREFIX external root" -days 3650 \
    -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' \
    -out "$pki/ca.pem" 2>/dev/null
  # cfssl's endpoint is verified by the managers against the swarm root, so it is issued by that root.
  new_key "$pki/cfssl-key.pem"
  issue "$pki/cfssl-key.pem" "$pki/cfssl.pem" "/CN=$PREFIX-cfssl" \
    "subjectAltName=IP:$SUBNET.1\nextendedKeyUsage=serverAuth"
  for i in $(seq 1 "$HOSTS"); do
    new_key "$pki/engine$i-key.pem"
    issue "$pki/engine$i-key.pem" "$pki/engine$i.pem" "/CN=$PREFIX-$i" \
      "subjectAltName=IP:$(host_ip "$i")\nextendedKeyUsage=serverAuth"
  done
  new_key "$pki/client/key.pem"
  issue "$pki/client/key.pem" "$pki/client/cert.pem" "/CN=$PREFIX-operator" "extendedKeyUsage=clientAuth"
  cp "$pki/ca.pem" "$pki/client/ca.pem"
  ROOT_KEY=$(openssl x509 -in "$pki/ca.pem" -noout -pubkey | openssl pkey -pubin -outform DER | base64 -w0)
  # Swarm asks with the default profile for node certificates, used both as TLS server and client.
  cat > "$pki/cfssl-policy.json" <<'JSON'
{"signing": {"default": {"expiry": "720h", "usages": ["signing", "key encipherment", "server auth", "client auth"]}}}
JSON
}

# ------------------------------------------------------------------ hosts
make_network() {
  local i
  ip link add "$PREFIX-br" type bridge
  ip address add "$SUBNET.1/24" dev "$PREFIX-br"
  ip link set "$PREFIX-br" up
  for i in $(seq 1 "$HOSTS"); do
    ip netns add "$PREFIX-n$i"
    ip link add "$PREFIX-v$i" type veth peer name eth0 netns "$PREFIX-n$i"
    ip link set "$PREFIX-v$i" master "$PREFIX-br" up
    ip -n "$PREFIX-n$i" address add "$(host_ip "$i")/24" dev eth0
    ip -n "$PREFIX-n$i" link set eth0 up
    ip -n "$PREFIX-n$i" link set lo up
  done
}

# Runs inside the host's fresh mount + UTS namespace: sysfs must be remounted to show the netns' devices,
# which hides the cgroup tree dockerd needs, so that tree is parked and moved back on top of the new sysfs.
# A private /etc/docker gives each engine its own identity key.
boot_engine() {
  local dir=$1 name=$2 ip=$3 port=$4 pki=$5
  mount --rbind /sys/fs/cgroup "$dir/cgroup"
  umount --lazy /sys
  mount -t sysfs sysfs /sys
  mount --move "$dir/cgroup" /sys/fs/cgroup
  mount --bind "$dir/etc-docker" /etc/docker
  hostname "$name"
  exec dockerd --config-file "$dir/daemon.json" --data-root "$dir/root" --exec-root "$dir/run" \
    --pidfile "$dir/dockerd.pid" -H "unix://$dir/docker.sock" -H "tcp://$ip:$port" \
    --tlsverify --tlscacert "$pki/ca.pem" --tlscert "$pki/$name.pem" --tlskey "$pki/$name-key.pem" \
    --storage-driver vfs --iptables=false --ip-masq=false --bridge=none
}

start_engine() {
  local i=$1
  local dir=$WORK/host$i
  mkdir -p "$dir/cgroup" "$dir/etc-docker" "$dir/root" "$dir/run"
  echo '{}' > "$dir/daemon.json"
  nsenter --net="/run/netns/$PREFIX-n$i" unshare --mount --uts \
    bash -c "$(declare -f boot_engine); boot_engine \"\$@\"" boot_engine \
    "$dir" "engine$i" "$(host_ip "$i")" "$ENGINE_PORT" "$WORK/pki" \
    > "$dir/dockerd.log" 2>&1 < /dev/null &
  ENGINE_PIDS+=("$!")
}

await_engine() {
  local i=$1 _
  for _ in $(seq 1 300); do
    on_host "$i" version --format '{{.Server.Version}}' > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "engine $i did not answer within 30 s; see $WORK/host$i/dockerd.log"
}

# ------------------------------------------------------------------ external CA
start_cfssl() {
  local pki=$WORK/pki _
  cfssl serve -address "$SUBNET.1" -port "$CA_PORT" -ca "$pki/ca.pem" -ca-key "$pki/ca-key.pem" \
    -config "$pki/cfssl-policy.json" -tls-cert "$pki/cfssl.pem" -tls-key "$pki/cfssl-key.pem" \
    > "$WORK/cfssl.log" 2>&1 < /dev/null &
  CFSSL_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS --cacert "$pki/ca.pem" -d '{}' "https://$SUBNET.1:$CA_PORT/api/v1/cfssl/info" > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "cfssl serve did not answer within 10 s; see $WORK/cfssl.log"
}

# ------------------------------------------------------------------ swarm
# Counts the nodes that are Ready and whose certificate was issued by the external root.
ready_on_external_root() {
  # shellcheck disable=SC2046 # one argument per node id
  on_host 1 node inspect $(on_host 1 node ls -q) \
      --format '{{.Status.State}} {{json .Description.TLSInfo.CertIssuerPublicKey}}' 2>/dev/null \
    | awk -v key="\"$ROOT_KEY\"" '$1 == "ready" && $2 == key' | wc -l
}

build_swarm() {
  local i manager_token worker_token joins=()
  on_host 1 swarm init --advertise-addr "$(host_ip 1)" --listen-addr "0.0.0.0:2377" > /dev/null
  say "$(printf '%6.2f' "$(elapsed "$T0")") s swarm init on engine1 (swarm's own root)"
  # Waits until the rotation is complete: every node (one so far) re-issued on the external root.
  on_host 1 swarm ca --rotate --ca-cert "$WORK/pki/ca.pem" \
    --external-ca "protocol=cfssl,url=https://$SUBNET.1:$CA_PORT/api/v1/cfssl/sign" > /dev/null
  say "$(printf '%6.2f' "$(elapsed "$T0")") s root rotated to the external CA"
  # The tokens embed the root's digest, so they are read only after the rotation.
  manager_token=$(on_host 1 swarm join-token -q manager)
  worker_token=$(on_host 1 swarm join-token -q worker)
  for i in $(seq 2 "$MANAGERS"); do
    on_host "$i" swarm join --token "$manager_token" --advertise-addr "$(host_ip "$i")" "$(host_ip 1):2377" > /dev/null
  done
  say "$(printf '%6.2f' "$(elapsed "$T0")") s $((MANAGERS - 1)) managers joined"
  for i in $(seq $((MANAGERS + 1)) "$HOSTS"); do
    on_host "$i" swarm join --token "$worker_token" --advertise-addr "$(host_ip "$i")" "$(host_ip 1):2377" > /dev/null &
    joins+=("$!")
  done
  for i in "${joins[@]}"; do wait "$i" || fail "a worker join failed"; done
  say "$(printf '%6.2f' "$(elapsed "$T0")") s $WORKERS workers joined"
}

await_all_ready() {
  local _
  for _ in $(seq 1 300); do
    [ "$(ready_on_external_root)" -eq "$HOSTS" ] && return 0
    sleep 0.2
  done
  on_host 1 node ls >&2 || true
  fail "not all $HOSTS nodes Ready on the external root within 60 s"
}

# ------------------------------------------------------------------ teardown
stop_pid() {
  local pid=$1 _
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

teardown() {
  local pid i
  for pid in "${ENGINE_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${ENGINE_PIDS[@]}"; do stop_pid "$pid"; done
  [ -n "$CFSSL_PID" ] && stop_pid "$CFSSL_PID"
  # dockerd stops its containerd; anything else still started from our directory is ours too.
  if [ -n "$WORK" ]; then
    for pid in $(pgrep -f -- "$WORK/" || true); do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  for i in $(seq 1 "$HOSTS"); do
    ip link delete "$PREFIX-v$i" 2>/dev/null || true
    ip netns delete "$PREFIX-n$i" 2>/dev/null || true
  done
  ip link delete "$PREFIX-br" 2>/dev/null || true
  [ -n "$WORK" ] && rm -rf "$WORK"
  return 0
}

leftovers() {
  { ip netns list | grep -o "^$PREFIX-[a-z0-9]*"; ip -o link show | grep -o " $PREFIX-[a-z0-9]*"; } || true
}

main() {
  [ "$(id -u)" -eq 0 ] || fail "run it as root: it creates network namespaces and starts dockerd"
  local tool
  for tool in dockerd "$DOCKER_CLI" cfssl openssl curl nsenter unshare ip bc; do
    command -v "$tool" > /dev/null || fail "$tool is missing; benchmarks/cluster-create.sh installs what is needed"
  done
  [ -z "$(leftovers)" ] || fail "leftovers of an earlier run: $(leftovers | tr '\n' ' ')- delete them first"
  WORK=$(mktemp -d /tmp/rawb.XXXXXX)
  trap teardown EXIT

  T0=$(now)
  make_pki
  say "$(printf '%6.2f' "$(elapsed "$T0")") s certificates made (openssl)"
  make_network
  say "$(printf '%6.2f' "$(elapsed "$T0")") s $HOSTS network namespaces on bridge $PREFIX-br"
  start_cfssl
  say "$(printf '%6.2f' "$(elapsed "$T0")") s external CA up (cfssl serve)"
  local i
  for i in $(seq 1 "$HOSTS"); do start_engine "$i"; done
  for i in $(seq 1 "$HOSTS"); do await_engine "$i"; done
  say "$(printf '%6.2f' "$(elapsed "$T0")") s $HOSTS engines answer over mutual TLS"
  build_swarm
  await_all_ready
  local created; created=$(elapsed "$T0")
  say "$(printf '%6.2f' "$created") s all $HOSTS nodes Ready on the external root"
  on_host 1 node ls

  local t_down; t_down=$(now)
  trap - EXIT
  teardown
  local down; down=$(elapsed "$t_down")
  [ -z "$(leftovers)" ] || fail "teardown left: $(leftovers | tr '\n' ' ')"
  say "$(printf '%6.2f' "$down") s torn down (processes, namespaces, links, files)"
  printf 'raw_create_seconds=%.2f\nraw_teardown_seconds=%.2f\n' "$created" "$down"
}

main "$@"
