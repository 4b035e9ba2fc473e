#!/usr/bin/env bash
# Measures `slcs convert mail` on a generated mailbox of SIZE_MB megabytes
# (messages of 2 to 50 KB with headers of about 1.5 KB, some attachments):
# wall time, MB/s and peak memory.
#
#   bench/mail.sh [SIZE_MB] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."

size_mb=${1:-2048}
runs=${2:-3}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/slcs-bench}
mbox=$work/mail-$size_mb.mbox
pf=$work/mail-portfolio
mkdir -p "$work" "$pf"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 1; }

go build -o "$work/slcs" ./cmd/slcs
if [ ! -f "$mbox.complete" ]; then
  go test ./mailbox -count 1 -run '^TestWriteBenchMailbox$' -args -mbox "$mbox" -mbytes $((size_mb << 20))
  touch "$mbox.complete"
fi
# the accounts and team the generated addresses belong to
cat >"$pf/accounts.csv" <<'CSV'
account_id,name,domains
A1,Client,client.example
A2,Ventas,ventas.example
A3,Müller,mueller.example
A4,Supplier,supplier.example
CSV
printf 'email\njane.doe@acme.example\n' >"$pf/team.csv"

bytes=$(stat -c %s "$mbox")
echo "mailbox: $((bytes >> 20)) MiB"
for _ in $(seq "$runs"); do
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$work/slcs" convert mail "$mbox" --portfolio "$pf" --out "$work/mail-activities.csv" >/dev/null
  read -r secs kb <"$work/time.txt"
  echo "$secs s, $(awk -v b="$bytes" -v s="$secs" 'BEGIN{printf "%.0f", b/1048576/s}') MiB/s, peak $((kb / 1024)) MiB"
done
