#!/usr/bin/env bash
# Cost of `vigil agent` under a fork-heavy load (not a timed test): RATE short processes a second (fork+exec+exit
# of /bin/true) for SECONDS seconds while the agent writes every event to /dev/null. Prints the agent's events/s,
# kernel records dropped, CPU % of one core and peak RSS. Needs root. Usage: bench/agent-load.sh [RATE] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-1000}
seconds=${2:-30}
vigil=artifacts/bin/Vigil.Cli/release/vigil
[ -x "$vigil" ] || dotnet build src/Vigil.Cli -c Release -v q >/dev/null
# The runtime settings of deploy/vigil-agent.service, so the figures are those of the configuration shipped.
while IFS= read -r setting; do export "${setting#Environment=}"; done < <(grep '^Environment=' deploy/vigil-agent.service)
err=$(mktemp)
# AGENT_ARGS adds options, e.g. AGENT_ARGS="--rules rules --alerts /dev/null" to measure with the rules running.
"$vigil" agent --output /dev/null ${AGENT_ARGS:-} --duration $((seconds * 3 + 30)) 2>"$err" &
agent=$!
until grep -q "sensor attached" "$err" 2>/dev/null; do sleep 0.2; done
sleep 2
load() {
python3 - "$1" "$2" <<'PY'
import os, sys, time
rate, seconds = int(sys.argv[1]), float(sys.argv[2])
start = time.monotonic(); n = 0
while True:
    now = time.monotonic() - start
    if now >= seconds: break
    due = int(now * rate)
    while n < due:
        pid = os.posix_spawn("/bin/true", ["/bin/true"], {})
        os.waitpid(pid, 0)
        n += 1
    time.sleep(0.001)
print(f"load: {n} processes in {seconds:.0f} s ({n / seconds:.0f}/s)")
PY
}
# Warm-up, not measured: the runtime compiles the hot methods again, optimised, in the first seconds of load
# (a one-time cost of well under a CPU-second, reported separately).
warm_before=$(awk '{ print $14 + $15 }' "/proc/$agent/stat")
load "$rate" 5 >/dev/null
warm_after=$(awk '{ print $14 + $15 }' "/proc/$agent/stat")
ticks() { awk '{ print $14 + $15 }' "/proc/$agent/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
start=$(date +%s.%N)
load "$rate" "$seconds"
end=$(date +%s.%N)
after=$(ticks)
hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$agent/status")
kill -TERM "$agent"
wait "$agent" || true
awk -v b="$before" -v a="$after" -v hz="$hz" -v s="$start" -v e="$end" -v hwm="$hwm" \
  -v wb="$warm_before" -v wa="$warm_after" \
  'BEGIN { printf "agent: %.1f %% of one core during the load (after a 5 s warm-up that took %.2f CPU-s), peak RSS %.1f MB\n", 100 * (a - b) / hz / (e - s), (wa - wb) / hz, hwm / 1024 }'
grep "events in" "$err"
rm -f "$err"
