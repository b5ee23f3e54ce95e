#!/usr/bin/env bash
# Runner overhead and cold validate time (issue: foundation).
#
#   Benchmarks/runner/overhead.sh [DOCS]
#
# Builds docpipe in release, then measures in one run:
#   1. DOCS synthetic documents (default 200,000) from `generate` through three `noop` stages at
#      concurrency 2: documents per second end to end and peak RSS, against the source alone
#      (the same documents with no stages) as the baseline;
#   2. `docpipe validate` of a five-stage pipeline, a cold process each time: median wall time.
# Each figure is the median of 5 runs. Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/../.."
docs="${1:-200000}"
scratch="${DOCPIPE_RELEASE_PATH:-.build}"
swift build -c release --scratch-path "$scratch" --product docpipe >/dev/null
bin="$scratch/release/docpipe"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat >"$work/source-only.yaml" <<YAML
docpipe: 1
stages:
  - use: generate
    with: {count: $docs}
YAML
cat >"$work/three-noops.yaml" <<YAML
docpipe: 1
stages:
  - use: generate
    with: {count: $docs}
  - {use: noop, id: a, concurrency: 2}
  - {use: noop, id: b, concurrency: 2}
  - {use: noop, id: c, concurrency: 2}
YAML
cat >"$work/five-stages.yaml" <<YAML
docpipe: 1
name: five
vars: {corpus: ../corpus}
stages:
  - use: fetch
    with: {paths: ["\${corpus}/**/*.html"], max_bytes: 10MB}
  - {use: noop, id: a}
  - {use: segment, with: {levels: [section, paragraph, sentence]}}
  - {use: noop, id: b, concurrency: 2}
  - {use: noop, id: c, on_error: skip, timeout: 5s}
YAML

# Prints "seconds max_rss_kib" of one run.
measure() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for pipeline in source-only three-noops; do
    : >"$work/$pipeline.times"
    for _ in 1 2 3 4 5; do measure "$bin" run "$work/$pipeline.yaml" --quiet >>"$work/$pipeline.times"; done
done
base_s=$(cut -d' ' -f1 "$work/source-only.times" | median)
run_s=$(cut -d' ' -f1 "$work/three-noops.times" | median)
run_rss=$(cut -d' ' -f2 "$work/three-noops.times" | median)
echo "runner: $docs documents, generate -> 3 x noop (concurrency 2)"
awk -v d="$docs" -v b="$base_s" -v r="$run_s" -v m="$run_rss" 'BEGIN {
    printf "  source alone     %6.2f s  %9.0f docs/s\n", b, d / b
    printf "  three noops      %6.2f s  %9.0f docs/s  peak RSS %.1f MiB  (%.2fx the source alone)\n", r, d / r, m / 1024, r / b
}'

: >"$work/validate.times"
for _ in $(seq 1 21); do
    start=$(date +%s%N)
    "$bin" validate "$work/five-stages.yaml" >/dev/null
    end=$(date +%s%N)
    echo $(((end - start) / 1000)) >>"$work/validate.times"
done
echo "validate: five-stage pipeline, cold process, median of 21: $(median <"$work/validate.times" | awk '{printf "%.1f ms", $1 / 1000}')"
