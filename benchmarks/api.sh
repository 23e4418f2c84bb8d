#!/usr/bin/env bash
# Benchmarks the caas API (caas-api's ApiBenchmark): GET /v1/clusters over 1,000 clusters, GET one cluster and
# POST a cluster template, each at 1 and 4 concurrent clients, against GET / measured in the same run.
# Prints throughput, p50/p99 latency and the ratios to the baseline. Needs MariaDB (started here if it does not answer).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/services.sh
. "$here/../scripts/lib/services.sh"
cd "$here/.."

ensure_mariadb

results=caas-api/target/api-benchmark.txt
rm -f "$results"
log "building caas-api and running ApiBenchmark (under a minute)"
# The parent pom sends test output to surefire's report files, so the table is printed from the file the
# benchmark writes.
if ! mvn -B -q -pl caas-api -am -Dtest=ApiBenchmark -Dsurefire.failIfNoSpecifiedTests=false test; then
  tail -n 40 caas-api/target/surefire-reports/io.caas.api.ApiBenchmark-output.txt >&2 2>/dev/null || true
  die "the benchmark failed; its log is caas-api/target/surefire-reports/io.caas.api.ApiBenchmark-output.txt"
fi
cat "$results"
