#!/usr/bin/env bash
# Reproduces every performance figure of docs/benchmarks.md in one go (release builds; about
# 20–40 minutes on 2 cores). Each benchmark prints its own baseline, measured in the same run.
#
#   Benchmarks/run-all.sh            # from anywhere; needs ../shared/data beside the repository
#
# Peers: trafilatura (clean; installed into a virtualenv by the script), GNU tar + gzip (archive),
# curl --parallel (fetch), python3 (exec stages). Machine load skews wall times: run it on a quiet
# machine and read the CPU times the scripts print beside them.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOCPIPE_RELEASE_PATH="${DOCPIPE_RELEASE_PATH:-.build}"
swift build -c release --scratch-path "$DOCPIPE_RELEASE_PATH" --product docpipe >/dev/null || exit 1
export DOCPIPE="$PWD/$DOCPIPE_RELEASE_PATH/release/docpipe"
bin="$DOCPIPE"

run() {
    echo
    echo "== $1"
    shift
    "$@" || echo "(failed: $*)"
}

run "runner overhead and cold validate" Benchmarks/runner/overhead.sh
run "segment: MB/s at 1 MB and 100 MB" env DOCPIPE_BENCH=1 swift test -c release --scratch-path "$DOCPIPE_RELEASE_PATH" --filter SegmentBenchmark
run "classify: MB/s at sentence level, 500 vs 5,000 phrases" env DOCPIPE_BENCH=1 swift test -c release --scratch-path "$DOCPIPE_RELEASE_PATH" --filter ClassifyBenchmark
run "clean: quality and speed against trafilatura" python3 Benchmarks/clean/evaluate.py --docpipe-cmd "$bin extract --jsonl"
run "archive against tar -czf" bash Benchmarks/archive/run.sh
[ -x Benchmarks/fetch/run.sh ] && run "fetch against curl --parallel" bash Benchmarks/fetch/run.sh
run "exec stage (Python pass-through) against the in-process noop" "$bin" run pipelines/bench-exec.yaml
run "whole pipeline on real pages" Benchmarks/pipeline/run.sh 2000 20000
