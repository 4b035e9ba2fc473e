#!/usr/bin/env bash
# Puts the REST API of slcs serve under load on loopback: the account list
# and the account detail of a 100,000-account workspace, with a bearer token
# checked on every request. Uses the workspaces bench/workspace.sh leaves
# (run it first); PostgreSQL too when SLCS_BENCH_POSTGRES names the database
# it imported into.
#
#   bench/api.sh [CONNECTIONS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."

conns=${1:-16}
secs=${2:-15}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/slcs-bench}
data=$(ls -d "$work"/portfolio-100000-* 2>/dev/null | head -n 1)
[ -f "$work/bench.db" ] && [ -n "$data" ] || { echo "run bench/workspace.sh first" >&2; exit 1; }

go build -o "$work/slcs" ./cmd/slcs
go build -o "$work/apiload" ./bench/apiload
tail -n +2 "$data/accounts.csv" | cut -d, -f1 | shuf -n 2000 --random-source=<(yes) > "$work/ids.txt"

load() { # label db
  local label=$1 db=$2 port=18093
  printf 'a bench password, long enough\n' | "$work/slcs" user add bench@ourco.example --role admin --password-stdin --db "$db" >/dev/null 2>&1 || true
  local token
  token=$("$work/slcs" token create --user bench@ourco.example --name "api bench" --db "$db" 2>/dev/null)
  "$work/slcs" serve --addr 127.0.0.1:$port --db "$db" > "$work/serve.log" 2>&1 &
  local pid=$!
  trap 'kill $pid 2>/dev/null || true' RETURN
  for _ in $(seq 100); do curl -fs -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/segments" && break; sleep 0.2; done
  echo "$label, account list (100 a page):"
  "$work/apiload" -url "http://127.0.0.1:$port" -token "$token" -c "$conns" -d "${secs}s" '/api/v1/accounts?limit=100'
  echo "$label, account detail:"
  "$work/apiload" -url "http://127.0.0.1:$port" -token "$token" -c "$conns" -d "${secs}s" -ids "$work/ids.txt" '/api/v1/accounts/{id}'
  kill $pid; wait $pid 2>/dev/null || true
}

load SQLite "$work/bench.db"
if [ -n "${SLCS_BENCH_POSTGRES:-}" ]; then
  load PostgreSQL "$SLCS_BENCH_POSTGRES"
fi
