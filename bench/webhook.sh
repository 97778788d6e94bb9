#!/usr/bin/env bash
# Benchmark of the webhook path (signature check + store + enqueue) with wrk.
#
#   bench/webhook.sh sqlite            # embedded default: a SQLite file in a throwaway data dir
#   bench/webhook.sh postgres [URL]    # PostgreSQL; URL defaults to $SPECWRIGHT_TEST_POSTGRES
#
# Starts target/specwright.jar (building it when missing) with throwaway app credentials on a
# throwaway data dir (PostgreSQL: a throwaway schema), checks that one signed delivery is accepted
# (202), warms up, then runs wrk at 4 and at 32 connections and prints throughput and p50/p99.
# Settings: BENCH_DURATION (default 15s), BENCH_THREADS (default 2), BENCH_PORT (default 3917).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
db="${1:-sqlite}"
duration="${BENCH_DURATION:-15s}"
threads="${BENCH_THREADS:-2}"
port="${BENCH_PORT:-3917}"
payload="$root/src/test/resources/fixtures/github/webhooks/issues.labeled.json"
secret="bench-webhook-secret"

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
# shellcheck source=../.ci/java-home
source "$root/.ci/java-home"
jar="$root/target/specwright.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package)
fi

export PGOPTIONS="-c client_min_messages=warning"
work="$(mktemp -d)"
schema=""
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  if [[ -n "$schema" ]]; then psql -q "$pg_url" -c "DROP SCHEMA $schema CASCADE" >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

openssl genrsa -traditional -out "$work/app.pem" 2048 2>/dev/null \
  || openssl genrsa -out "$work/app.pem" 2048 2>/dev/null
export APP_ID=1 PRIVATE_KEY_PATH="$work/app.pem" WEBHOOK_SECRET="$secret"
export PORT="$port" HOST=127.0.0.1 SPECWRIGHT_DATA_DIR="$work/data" LOG_LEVEL=warn
# No GitHub here: point the API at a closed port so the missed-delivery sweep fails at once.
export GITHUB_API_URL="http://127.0.0.1:9"
case "$db" in
  sqlite) unset DATABASE_URL ;;
  postgres|postgresql)
    pg_url="${2:-${SPECWRIGHT_TEST_POSTGRES:-}}"
    [[ -n "$pg_url" ]] || { echo "give a postgres:// URL or set SPECWRIGHT_TEST_POSTGRES" >&2; exit 1; }
    schema="bench_$$_$RANDOM"
    psql -q "$pg_url" -c "CREATE SCHEMA $schema" >/dev/null
    sep="?"; [[ "$pg_url" == *"?"* ]] && sep="&"
    export DATABASE_URL="${pg_url}${sep}currentSchema=${schema}"
    ;;
  *) echo "usage: $0 sqlite | postgres [URL]" >&2; exit 2 ;;
esac

"$JAVA_HOME/bin/java" ${SPECWRIGHT_JAVA_OPTS:-} -jar "$jar" serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done

signature="sha256=$(openssl dgst -sha256 -hmac "$secret" -r "$payload" | cut -d' ' -f1)"
status="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/webhook" \
  -H 'Content-Type: application/json' -H 'X-GitHub-Event: issues' \
  -H "X-GitHub-Delivery: bench-check-$$" -H "X-Hub-Signature-256: $signature" \
  --data-binary "@$payload")"
[[ "$status" == 202 ]] || { echo "a signed delivery got $status, not 202" >&2; cat "$work/server.log" >&2; exit 1; }

export BENCH_PAYLOAD="$payload" BENCH_SIGNATURE="$signature"
echo "webhook benchmark: $db, $(wc -c <"$payload") byte issues.labeled, $duration per run, $(nproc) cores, $(date -u +%FT%TZ)"
BENCH_RUN="warmup" wrk -t"$threads" -c4 -d5s -s "$here/webhook.lua" "http://127.0.0.1:$port" >/dev/null
for c in 4 32; do
  t=$(( threads < c ? threads : c ))
  result="$(BENCH_RUN="c$c" wrk -t"$t" -c"$c" -d"$duration" --timeout 10s -s "$here/webhook.lua" \
    "http://127.0.0.1:$port" | grep '^RESULT')"
  echo "connections=$c ${result#RESULT }"
done
accepted="$(curl -s "http://127.0.0.1:$port/metrics" \
  | grep -E '^specwright_webhooks_received_total\{event="issues",outcome="accepted"\}' | awk '{print $2}')"
echo "accepted deliveries (from /metrics): ${accepted:-0}"
