#!/usr/bin/env bash
# The whole pipeline on real pages: fetch from disk → clean → segment → classify → archive.
#
#   Benchmarks/pipeline/run.sh [PAGES...]      (default: 2000 20000)
#
# Builds docpipe in release, unpacks the trafilatura evaluation pages (../shared/data, about
# 145 KB of HTML each), repeats them to PAGES files, and runs pipelines/asean-talent.yaml's
# stages over them with raw pages archived at the default level. Prints MB/s of HTML end to end,
# pages/s and peak RSS for each size, and gzip -6 and `docpipe run` of fetch alone over the same
# files as baselines measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 20000)
scratch="${DOCPIPE_RELEASE_PATH:-.build}"
data="${DOCPIPE_SHARED:-$repo/../shared}/data/trafilatura-eval.tar.gz"
swift build -c release --scratch-path "$scratch" --product docpipe >/dev/null
bin="$repo/$scratch/release/docpipe"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$data" -C "$work"
mapfile -t pages < <(ls "$work"/trafilatura-eval/pages/*.html | sort)

for count in "${sizes[@]}"; do
    corpus="$work/corpus-$count"
    mkdir -p "$corpus"
    for ((i = 0; i < count; i++)); do
        ln -f "${pages[i % ${#pages[@]}]}" "$corpus/$(printf 'page-%06d.html' "$i")" 2>/dev/null \
            || cp "${pages[i % ${#pages[@]}]}" "$corpus/$(printf 'page-%06d.html' "$i")"
    done
    bytes=$(cat "$corpus"/*.html | wc -c)
    cat >"$work/pipeline-$count.yaml" <<YAML
docpipe: 1
name: bench
stages:
  - use: fetch
    with: {paths: ["$corpus"]}
  - use: clean
    with: {min_chars: 0}
  - use: segment
  - use: classify
    with: {taxonomy: "$repo/pipelines/taxonomies/asean-talent.yaml", level: sentence}
  - use: archive
    with: {path: "$work/out/bench-$count.tar.gz"}
YAML
    cat >"$work/fetch-$count.yaml" <<YAML
docpipe: 1
stages:
  - use: fetch
    with: {paths: ["$corpus"]}
YAML
    read -r fetch_s fetch_rss < <(/usr/bin/time -f "%e %M" "$bin" run "$work/fetch-$count.yaml" --quiet 2>&1 >/dev/null | tail -1)
    gzip_s=$( { /usr/bin/time -f "%e" sh -c "cat '$corpus'/*.html | gzip -6 > /dev/null"; } 2>&1 | tail -1)
    set +e
    read -r run_s run_rss < <(/usr/bin/time -f "%e %M" "$bin" run "$work/pipeline-$count.yaml" --quiet 2>&1 >/dev/null | tail -1)
    set -e
    awk -v n="$count" -v b="$bytes" -v r="$run_s" -v m="$run_rss" -v f="$fetch_s" -v fm="$fetch_rss" -v g="$gzip_s" 'BEGIN {
        mb = b / 1e6
        printf "%d pages, %.0f MB of HTML\n", n, mb
        printf "  whole pipeline   %7.2f s  %6.1f MB/s  %6.1f pages/s  peak RSS %.0f MiB\n", r, mb / r, n / r, m / 1024
        printf "  fetch alone      %7.2f s  %6.1f MB/s                   peak RSS %.0f MiB\n", f, mb / f, fm / 1024
        printf "  gzip -6 alone    %7.2f s  %6.1f MB/s  (one core)\n", g, mb / g
    }'
    rm -rf "$corpus" "$work/out"
done
