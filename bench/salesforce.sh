#!/usr/bin/env bash
# Measures `slcs convert salesforce` on an export of TASKS Task rows (calls,
# emails and other tasks) over 10,000 accounts: wall time and peak memory.
#
#   bench/salesforce.sh [TASKS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."

tasks=${1:-1000000}
runs=${2:-3}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/slcs-bench}
export_dir=$work/salesforce-export-$tasks
out=$work/salesforce-out
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 1; }

go build -o "$work/slcs" ./cmd/slcs
if [ ! -f "$export_dir/.complete" ]; then
  rm -rf "$export_dir"
  go test ./crm/salesforce -count 1 -run '^TestWriteBenchExport$' -args -export "$export_dir" -tasks "$tasks"
  touch "$export_dir/.complete"
fi
echo "export: $(du -sh "$export_dir" | cut -f1), $tasks Task rows"
for _ in $(seq "$runs"); do
  rm -rf "$out"
  /usr/bin/time -f "%e s %M KB" "$work/slcs" convert salesforce "$export_dir" --out "$out" >/dev/null
done
