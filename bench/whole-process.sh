#!/usr/bin/env bash
# Whole-process throughput of `vigil scan` (seed rule) and `vigil query` (its first stage) against the tokenize-only
# baseline, measured side by side: each round runs the baseline, then each command with 1 and 2 reader threads, so a
# busy machine slows all of them alike. Start-up is included (the process is timed from outside).
#
#   bench/whole-process.sh EVENTS.ndjson [ROUNDS]
#
# Builds the fast publish (ReadyToRun, tiering off) into artifacts/publish-r2r for the commands, and the plain
# Release build for the baseline (its tiered JIT gives the tokenizer its best code: the fairer, harder baseline).
# Prints per-round figures and the median ratio to the baseline. Needs /usr/bin/time.
set -euo pipefail
events=${1:?usage: bench/whole-process.sh EVENTS.ndjson [ROUNDS]}
rounds=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/artifacts/publish-r2r"
dotnet publish "$root/src/Vigil.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out" >/dev/null
vigil="$out/vigil"
dotnet build "$root/src/Vigil.Cli" -c Release >/dev/null
baseline_vigil="$root/artifacts/bin/Vigil.Cli/release/vigil"
stage1='process where host.os.type == "linux" and event.type == "start" and event.action == "exec" and process.name == "cat" and process.parent.name in ("bash", "dash", "sh", "tcsh", "csh", "zsh", "ksh", "fish")'
mb=$(( $(stat -c %s "$events") / 1000000 ))
echo "events: $events ($mb MB), $(nproc) cores, $rounds rounds"

timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
measure() { # command...: prints "wall user sys peak-KB"
  /usr/bin/time -o "$timing" -f "%e %U %S %M" "$@" >/dev/null 2>/dev/null
  tail -1 "$timing"
}

declare -A sums
names=(scan-1 scan-2 query-1 query-2)
for ((r = 1; r <= rounds; r++)); do
  base=$("$baseline_vigil" bench --events "$events" --phases tokenize 2>/dev/null | awk '/tokenize/ {print $3}')
  line="round $r: tokenize baseline ${base} s"
  for t in 1 2; do
    s=$(measure "$vigil" scan --rules "$root/rules" "$events" --now 2026-01-01T00:00:00Z --format jsonl --threads $t)
    q=$(measure "$vigil" query "$stage1" "$events" --format ids --threads $t)
    set -- $s; sw=$1; sm=$4
    set -- $q; qw=$1; qm=$4
    line+=" | scan t=$t ${sw} s ($(awk -v b="$base" -v w="$sw" 'BEGIN{printf "%.2fx", b/w}'), ${sm} KB)"
    line+=" | query t=$t ${qw} s ($(awk -v b="$base" -v w="$qw" 'BEGIN{printf "%.2fx", b/w}'), ${qm} KB)"
    sums["scan-$t"]+="$(awk -v b="$base" -v w="$sw" 'BEGIN{printf "%.3f", b/w}') "
    sums["query-$t"]+="$(awk -v b="$base" -v w="$qw" 'BEGIN{printf "%.3f", b/w}') "
  done
  echo "$line"
done
for n in "${names[@]}"; do
  median=$(echo ${sums[$n]} | tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "median $n (threads=${n#*-}): ${median}x the tokenize baseline, whole process"
done
