#!/bin/sh
# Runs an in-process random-mutation fuzz campaign against one target for SECONDS seconds and prints the figures
# (inputs tried, crashes, slow inputs). Targets: eql, kql, readers, bulk, toml, kibana, guide. Findings go to $VIGIL_FUZZ_OUT
# (default /tmp/vigil-fuzz-TARGET): finding-N.bin (the input) and finding-N.txt (what happened).
#   bench/fuzz/run.sh eql 600
set -eu
TARGET=${1:?usage: bench/fuzz/run.sh TARGET SECONDS}
SECONDS_TO_RUN=${2:-60}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${VIGIL_FUZZ_OUT:-/tmp/vigil-fuzz-$TARGET}
rm -rf "$OUT"
VIGIL_FUZZ_TARGET=$TARGET VIGIL_FUZZ_SECONDS=$SECONDS_TO_RUN VIGIL_FUZZ_OUT=$OUT \
  dotnet test "$ROOT/tests/Vigil.Cli.Tests" -c Release --filter "FullyQualifiedName~FuzzCampaign_from_the_environment" >"$OUT.log" 2>&1 || status=$?
cat "$OUT/summary.txt" 2>/dev/null || { echo "no summary: see $OUT.log"; tail -20 "$OUT.log"; }
exit ${status:-0}
