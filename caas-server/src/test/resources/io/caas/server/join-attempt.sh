# A bare engine on a fresh local host that tries to join a swarm with one token, for the join-token rotation test.
# The test puts JOIN_TOKEN and MANAGER (address:2377) above this. Exit status 0: the join was refused; 1: it joined.
set -uo pipefail
dir=$CAAS_HOST_DIR
socket=unix://$dir/docker.sock
printf '{}\n' >"$dir/daemon.json"
dockerd --config-file "$dir/daemon.json" --data-root "$dir/data" --exec-root "$dir/exec" -H "$socket" \
    --pidfile "$dir/docker.pid" --iptables=false --ip-masq=false --bridge=none --storage-driver=vfs \
    >"$dir/dockerd.log" 2>&1 </dev/null &
for _ in $(seq 200); do
    docker -H "$socket" version >/dev/null 2>&1 && break
    sleep 0.1
done
if output=$(docker -H "$socket" swarm join --token "$JOIN_TOKEN" "$MANAGER" 2>&1); then
    status=1
else
    status=0
fi
echo "join-attempt: exit=$status $output"
kill "$(cat "$dir/docker.pid")"
wait
exit "$status"
