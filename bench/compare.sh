#!/usr/bin/env bash
# Measures `slcs classify DIR --format csv` against the same model written as
# DuckDB SQL (../shared/peers/duckdb-model) on the same generated portfolio:
# alternating runs, medians of wall time and of peak memory, and a check
# that both give the same classification, ISOs and audit.
#
#   bench/compare.sh [ACCOUNTS] [ACTIVITIES_PER_ACCOUNT] [RUNS]
#
# Defaults: 100000 accounts, 100 activities each (10 million rows), 5 runs.
# Needs /usr/bin/time (Debian package "time") and a C compiler for DuckDB.
set -euo pipefail
cd "$(dirname "$0")/.."

accounts=${1:-100000}
per=${2:-100}
runs=${3:-5}
peer=../shared/peers/duckdb-model
work=${BENCH_DIR:-${TMPDIR:-/tmp}/slcs-bench}
data=$work/portfolio-$accounts-$per
mkdir -p "$work"

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 1; }

echo "building slcs and the DuckDB peer..." >&2
go build -o "$work/slcs" ./cmd/slcs
go -C "$peer" build -o "$work/duckdb-model" .

if [ ! -f "$data/.complete" ]; then
  echo "generating $accounts accounts x $per activities into $data..." >&2
  rm -rf "$data"
  "$work/slcs" generate --no-progress --accounts "$accounts" --activities-per-account "$per" \
    --seed 7 --as-of 2026-11-20 "$data"
  touch "$data/.complete"
fi
rows=$(($(wc -l < "$data/activities.csv") - 1))
size=$(du -sh "$data" | cut -f1)

measure() { # name command... -> appends "seconds kilobytes" to $work/$name.times
  local name=$1; shift
  sync
  /usr/bin/time -f "%e %M" -o "$work/$name.last" "$@" > /dev/null 2> "$work/$name.err" || {
    cat "$work/$name.err" >&2; exit 1; }
  cat "$work/$name.last" >> "$work/$name.times"
}

rm -f "$work"/slcs.times "$work"/duckdb.times
for i in $(seq "$runs"); do
  echo "run $i of $runs" >&2
  measure slcs "$work/slcs" classify "$data" --no-progress --format csv -o "$work/slcs-out.csv" \
    --isos "$work/slcs-isos.csv" --audit "$work/slcs-audit.csv"
  rm -rf "$work/duck-out"
  measure duckdb "$work/duckdb-model" -in "$data" -out "$work/duck-out"
done

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
s_t=$(cut -d' ' -f1 "$work/slcs.times" | median)
d_t=$(cut -d' ' -f1 "$work/duckdb.times" | median)
s_m=$(cut -d' ' -f2 "$work/slcs.times" | median)
d_m=$(cut -d' ' -f2 "$work/duckdb.times" | median)

same=yes
cmp -s "$work/slcs-out.csv" "$work/duck-out/classification.csv" || same=no
cmp -s "$work/slcs-isos.csv" "$work/duck-out/isos.csv" || same=no
cmp -s "$work/slcs-audit.csv" "$work/duck-out/audit.csv" || same=no

echo
echo "portfolio: $accounts accounts, $rows activity rows, $size on disk; $runs alternating runs; $(nproc) cores"
echo "slcs classify --format csv  median ${s_t} s   peak memory $((${s_m%.*} / 1024)) MiB   (runs: $(cut -d' ' -f1 "$work/slcs.times" | tr '\n' ' '))"
echo "duckdb-model                median ${d_t} s   peak memory $((${d_m%.*} / 1024)) MiB   (runs: $(cut -d' ' -f1 "$work/duckdb.times" | tr '\n' ' '))"
awk -v s="$s_t" -v d="$d_t" 'BEGIN {printf "time ratio slcs / duckdb: %.2f\n", s / d}'
echo "outputs identical to the DuckDB peer's: $same"
