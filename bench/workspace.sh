#!/usr/bin/env bash
# Measures the workspace on a generated portfolio: the import into SQLite
# (and into PostgreSQL when SLCS_BENCH_POSTGRES names an empty database),
# then `slcs classify` from the workspace against `slcs classify DIR` on the
# same CSV files, alternating, with medians.
#
#   bench/workspace.sh [ACCOUNTS] [ACTIVITIES_PER_ACCOUNT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."

accounts=${1:-100000}
per=${2:-100}
runs=${3:-3}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/slcs-bench}
data=$work/portfolio-$accounts-$per
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 1; }

go build -o "$work/slcs" ./cmd/slcs
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  "$work/slcs" generate --no-progress --accounts "$accounts" --activities-per-account "$per" \
    --seed 7 --as-of 2026-11-20 "$data"
  touch "$data/.complete"
fi
rows=0
for f in accounts team activities revenue; do
  rows=$((rows + $(wc -l < "$data/$f.csv") - 1))
done
acts=$(($(wc -l < "$data/activities.csv") - 1))

timed() { # label command... -> prints "label seconds MiB"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/t.last" "$@" > /dev/null
  read -r s kb < "$work/t.last"
  echo "$label $s $((kb / 1024))"
}

db=$work/bench.db
rm -f "$db" "$db-wal" "$db-shm"
read -r _ s mib < <(timed import "$work/slcs" import "$data" --db "$db" --no-progress)
echo "SQLite import: $rows rows ($acts activities) in $s s: $(awk -v r="$rows" -v s="$s" 'BEGIN{printf "%.0f", r/s}') rows/s, peak $mib MiB"

if [ -n "${SLCS_BENCH_POSTGRES:-}" ]; then
  read -r _ s mib < <(timed import "$work/slcs" import "$data" --db "$SLCS_BENCH_POSTGRES" --no-progress --replace)
  echo "PostgreSQL import: $rows rows in $s s: $(awk -v r="$rows" -v s="$s" 'BEGIN{printf "%.0f", r/s}') rows/s, peak $mib MiB"
fi

: > "$work/ws.times"; : > "$work/csv.times"; : > "$work/pg.times"
for i in $(seq "$runs"); do
  timed ws "$work/slcs" classify --db "$db" --no-hysteresis --no-progress --format csv -o "$work/ws.csv" >> "$work/ws.times"
  timed csv "$work/slcs" classify "$data" --no-progress --format csv -o "$work/csv.csv" >> "$work/csv.times"
  if [ -n "${SLCS_BENCH_POSTGRES:-}" ]; then
    timed pg "$work/slcs" classify --db "$SLCS_BENCH_POSTGRES" --no-hysteresis --no-progress --format csv -o "$work/pg.csv" >> "$work/pg.times"
  fi
done
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
ws=$(cut -d' ' -f2 "$work/ws.times" | median)
cs=$(cut -d' ' -f2 "$work/csv.times" | median)
echo "classify from the SQLite workspace: median $ws s, peak $(cut -d' ' -f3 "$work/ws.times" | median) MiB"
echo "classify from the CSV folder:       median $cs s, peak $(cut -d' ' -f3 "$work/csv.times" | median) MiB"
awk -v w="$ws" -v c="$cs" 'BEGIN {printf "ratio workspace / folder: %.2f\n", w / c}'
cmp -s "$work/ws.csv" "$work/csv.csv" && echo "same classification: yes" || echo "same classification: NO"
if [ -n "${SLCS_BENCH_POSTGRES:-}" ]; then
  pg=$(cut -d' ' -f2 "$work/pg.times" | median)
  echo "classify from the PostgreSQL workspace: median $pg s, peak $(cut -d' ' -f3 "$work/pg.times" | median) MiB"
  awk -v w="$pg" -v c="$cs" 'BEGIN {printf "ratio PostgreSQL workspace / folder: %.2f\n", w / c}'
  cmp -s "$work/pg.csv" "$work/csv.csv" && echo "same classification from PostgreSQL: yes" || echo "same classification from PostgreSQL: NO"
fi
