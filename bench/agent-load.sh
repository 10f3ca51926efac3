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
err=$(mktemp)
"$vigil" agent --output /dev/null --duration $((seconds * 3 + 30)) 2>"$err" &
agent=$!
until grep -q "sensor attached" "$err" 2>/dev/null; do sleep 0.2; done
sleep 2
ticks() { awk '{ print $14 + $15 }' "/proc/$agent/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
start=$(date +%s.%N)
python3 - "$rate" "$seconds" <<'PY'
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
end=$(date +%s.%N)
after=$(ticks)
hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$agent/status")
kill -TERM "$agent"
wait "$agent" || true
awk -v b="$before" -v a="$after" -v hz="$hz" -v s="$start" -v e="$end" -v hwm="$hwm" \
  'BEGIN { printf "agent: %.1f %% of one core during the load, peak RSS %.1f MB\n", 100 * (a - b) / hz / (e - s), hwm / 1024 }'
grep "events in" "$err"
rm -f "$err"
