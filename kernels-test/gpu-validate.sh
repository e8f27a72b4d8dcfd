#!/usr/bin/env bash
# kernels-test/gpu-validate.sh — one command for the day a GPU is lent (docs/gpu-validation.md).
#
# On a machine with an NVIDIA GPU and nothing but this checkout (no network): builds libsymkern and the
# kernels-test harnesses for the present GPU architecture only, runs every CUDA harness (ctest -L gpu:
# CUDA vs the CPU kernels), then compute-sanitizer memcheck / racecheck / synccheck on the harnesses (without
# their timing parts) while the time budget lasts, then the optional Java / JMH steps, and writes ONE results
# file. Sized for a 15-minute device budget: build ~3-5 min with 16 cores for one architecture, harnesses
# ~1 min, sanitizers capped by SK_VALIDATE_SANITIZER_BUDGET_S (default 240 s).
#
#   kernels-test/gpu-validate.sh [--emulated] [--build DIR] [--out FILE] [--jobs N]
#
# --emulated (or SK_VALIDATE_EMULATED=1): the same run against the CUDA emulator (SYMKERN_CUDA_EMULATION=ON,
#   ctest -L emu, ASan/UBSan instead of compute-sanitizer) — how this script is exercised without a GPU.
# Optional steps (recorded as skipped when absent): SK_VALIDATE_JAVA_CMD, a command running the @Tag("gpu")
#   JUnit tests with a carried JRE and the built jars; SK_VALIDATE_JMH_CMD, the GPU JMH benchmarks.
# Exit status: 0 when every step that ran passed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

emulated=${SK_VALIDATE_EMULATED:-0}
build=""
out=""
jobs=$(nproc 2>/dev/null || echo 2)
while [ $# -gt 0 ]; do
  case "$1" in
    --emulated) emulated=1 ;;
    --build) build=$2; shift ;;
    --out) out=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "gpu-validate: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$emulated" = 1 ]; then
  build=${build:-target/emu}
else
  build=${build:-target/gpu-validate}
fi
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
out=${out:-target/gpu-validation/results-$stamp.md}
mkdir -p "$(dirname "$out")"
logs="$(dirname "$out")/logs-$stamp"
mkdir -p "$logs"
t_start=$(date +%s)
status=0

say() { echo "$*" | tee -a "$out"; }
elapsed() { echo $(( $(date +%s) - t_start )); }

commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo "unknown (no git)")
dirty=$(git status --porcelain 2>/dev/null | grep -qv '^??' && echo " + local changes" || true)
: > "$out"
say "# symkern GPU validation results"
say ""
say "- date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')"
say "- commit: $commit$dirty"
say "- host: $(uname -srm), $(nproc) cores"
if [ "$emulated" = 1 ]; then
  say "- device: CUDA emulator on the CPU (SYMKERN_CUDA_EMULATION=ON; ASan + UBSan; two thread orders per launch) — **not a GPU**"
  say "- driver: none"
else
  if ! command -v nvidia-smi >/dev/null; then
    say "- device: none found (nvidia-smi missing) — use --emulated on a machine without a GPU"
    exit 3
  fi
  say "- device: $(nvidia-smi --query-gpu=name,compute_cap,memory.total --format=csv,noheader | head -1)"
  say "- driver: $(nvidia-smi --query-gpu=driver_version --format=csv,noheader | head -1)"
  for d in /usr/local/cuda/bin /usr/local/cuda-*/bin; do
    if ! command -v nvcc >/dev/null && [ -x "$d/nvcc" ]; then export PATH="$d:$PATH"; fi
  done
  say "- nvcc: $(nvcc --version 2>/dev/null | tail -1 || echo missing)"
fi
say ""

# ---- 1. build
say "## Build"
if [ "$emulated" = 1 ]; then
  cfg=(-DSYMKERN_CUDA_EMULATION=ON -DSYMKERN_BUILD_TESTS=ON)
else
  cap=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -1 | tr -d '. ')
  cfg=(-DCMAKE_BUILD_TYPE=Release -DSYMKERN_BUILD_TESTS=ON -DCMAKE_CUDA_ARCHITECTURES="$cap")
fi
gen=()
command -v ninja >/dev/null && [ ! -f "$build/CMakeCache.txt" ] && gen=(-G Ninja)
t0=$(date +%s)
if cmake -S . -B "$build" "${gen[@]}" "${cfg[@]}" > "$logs/configure.log" 2>&1 &&
   cmake --build "$build" --parallel "$jobs" > "$logs/build.log" 2>&1; then
  say "- configure + build: OK in $(( $(date +%s) - t0 )) s (\`cmake ${cfg[*]}\`, $jobs jobs)"
else
  say "- configure + build: **FAILED** after $(( $(date +%s) - t0 )) s; last lines:"
  say '```'
  tail -20 "$logs/build.log" "$logs/configure.log" 2>/dev/null | tee -a "$out"
  say '```'
  exit 1
fi
if [ "$emulated" != 1 ] && ! grep -q "symkern: CUDA backend ON" "$logs/configure.log"; then
  say "- **the CUDA backend was not compiled** (nvcc not found?)"; exit 1
fi
say ""

# ---- 2. every CUDA harness
label=gpu
[ "$emulated" = 1 ] && label=emu
say "## CUDA harnesses (ctest -L $label: CUDA vs the CPU kernels)"
t0=$(date +%s)
export SK_EMU_SITES="$root/$logs/launch-sites.txt"
: > "$SK_EMU_SITES"
ctest --test-dir "$build" -L "$label" --output-on-failure --timeout "${SK_VALIDATE_TEST_TIMEOUT_S:-600}" -j "$jobs" > "$logs/ctest.log" 2>&1
rc=$?
unset SK_EMU_SITES
[ $rc -ne 0 ] && status=1
say "- ctest -L $label: exit $rc in $(( $(date +%s) - t0 )) s; $(grep -E 'tests passed|tests failed' "$logs/ctest.log" | tail -1)"
say ""
say "| test | result | time |"
say "|---|---|---|"
grep -E '^ *[0-9]+/[0-9]+ Test +#[0-9]+: ' "$logs/ctest.log" | sed -E 's/^ *[0-9]+\/[0-9]+ Test +#[0-9]+: ([^ ]+) \.*[ ]*\**([A-Za-z ]+[A-Za-z]) +([0-9.]+ sec).*/| \1 | \2 | \3 |/' | sort | tee -a "$out" > /dev/null
if [ "$emulated" = 1 ] && [ -s "$logs/launch-sites.txt" ]; then
  # coverage: every SK_LAUNCH in cuda/ against the launch sites the emulator recorded (SK_EMU_SITES)
  grep -n 'SK_LAUNCH' "$root"/cuda/*.cu "$root"/cuda/*.cuh | grep -v '/launch.cuh:' |
    sed -E 's|^([^:]+):([0-9]+):.*SK_LAUNCH(_SMEM)?\(\(?([A-Za-z_0-9]+).*|\1:\2 \4|' | sort -u > "$logs/launch-sites-all.txt"
  sort -u "$logs/launch-sites.txt" > "$logs/launch-sites-run.txt"
  ran=0; missed=""
  while read -r site kernel; do
    if grep -qxF "$site" "$logs/launch-sites-run.txt"; then ran=$((ran + 1)); else missed="$missed ${site#$root/}($kernel)"; fi
  done < "$logs/launch-sites-all.txt"
  total=$(wc -l < "$logs/launch-sites-all.txt")
  kernels_run=$(while read -r site kernel; do grep -qxF "$site" "$logs/launch-sites-run.txt" && echo "$kernel"; done \
                < "$logs/launch-sites-all.txt" | sort -u | tr '\n' ' ')
  say ""
  say "- launch sites (SK_LAUNCH in cuda/) executed: $ran of $total"
  say "- kernels executed: $kernels_run"
  say "- launch sites not executed:${missed:- none}"
fi
say ""

# ---- 3. compute-sanitizer (GPU) — the harnesses without timings
say "## compute-sanitizer"
if [ "$emulated" = 1 ]; then
  say "- not applicable: the emulated run above already ran under AddressSanitizer + UndefinedBehaviorSanitizer, with two thread orders per launch"
elif ! command -v compute-sanitizer >/dev/null; then
  say "- compute-sanitizer not found on PATH: **not run**"
else
  budget=${SK_VALIDATE_SANITIZER_BUDGET_S:-240}
  say "- budget ${budget} s; harness timing parts skipped (SK_HARNESS_NO_TIMINGS=1)"
  say ""
  say "| harness | memcheck | racecheck | synccheck |"
  say "|---|---|---|---|"
  s0=$(date +%s)
  for exe in "$build"/kernels-test/*_test; do
    name=$(basename "$exe")
    row="| $name |"
    for tool in memcheck racecheck synccheck; do
      left=$(( budget - ($(date +%s) - s0) ))
      if [ $left -le 5 ]; then row="$row not run (budget) |"; continue; fi
      SK_HARNESS_NO_TIMINGS=1 timeout "$left" compute-sanitizer --tool "$tool" --error-exitcode 99 "$exe" cuda \
        > "$logs/$name.$tool.log" 2>&1
      r=$?
      case $r in
        0) row="$row OK |" ;;
        77) row="$row skipped (no device) |" ;;
        99) row="$row **errors** (see $logs/$name.$tool.log) |"; status=1 ;;
        124) row="$row not finished (budget) |" ;;
        *) row="$row harness failed ($r) |"; status=1 ;;
      esac
    done
    say "$row"
  done
fi
say ""

# ---- 4. optional Java and JMH steps
say "## Java @Tag(\"gpu\") tests and GPU JMH"
for step in JAVA JMH; do
  var="SK_VALIDATE_${step}_CMD"
  cmd=${!var:-}
  if [ -z "$cmd" ]; then
    say "- $step: skipped ($var not set: no carried JRE / built jars)"
  else
    t0=$(date +%s)
    bash -c "$cmd" > "$logs/$step.log" 2>&1
    r=$?
    [ $r -ne 0 ] && status=1
    say "- $step: \`$cmd\` exit $r in $(( $(date +%s) - t0 )) s (log $logs/$step.log)"
  fi
done
say ""
say "Total: $(elapsed) s; overall status $status; logs in $logs"
exit $status
