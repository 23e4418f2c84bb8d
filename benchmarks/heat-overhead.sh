#!/usr/bin/env bash
# The heat provider's time over Heat's own (heat-provider's HeatOverheadBenchmark): rounds of create 3 nodes,
# scale up +1, remove 1 and delete on the real Keystone + Heat of scripts/heat-peer.sh (started by the test if it does
# not answer), each next to Heat's time for the same operation, watched from outside every 100 ms in the same run.
# Prints every round, the medians, the worst overhead and the stack watch's list/GET calls. Target: under 1 s.
# Usage: benchmarks/heat-overhead.sh [ROUNDS]   (default 3; about a minute and a half per round)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/services.sh
. "$here/../scripts/lib/services.sh"
cd "$here/.."

readonly ROUNDS=${1:-3}
results=heat-provider/target/heat-overhead.txt
rm -f "$results"
log "building heat-provider and running HeatOverheadBenchmark ($ROUNDS rounds)"
# The parent pom sends test output to surefire's report files, so the table is printed from the file the
# benchmark writes.
if ! mvn -B -q -pl heat-provider -am -Dtest=HeatOverheadBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dheat.rounds="$ROUNDS" test; then
  tail -n 40 heat-provider/target/surefire-reports/io.caas.provider.heat.HeatOverheadBenchmark-output.txt >&2 2>/dev/null || true
  die "the benchmark failed; its log is heat-provider/target/surefire-reports/io.caas.provider.heat.HeatOverheadBenchmark-output.txt"
fi
cat "$results"
