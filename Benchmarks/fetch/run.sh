#!/usr/bin/env bash
# Fetch benchmark: docpipe's fetch stage against `curl --parallel --parallel-max 8`, same URL list,
# same local server, same run. Also compares docpipe's peak RSS for N and 4N pages.
#
# Usage: Benchmarks/fetch/run.sh [PAGES]   (default 2000; the RSS check also runs 4×PAGES)
# Builds docpipe in release first (scratch path $DOCPIPE_RELEASE_PATH, default .build), unless
# DOCPIPE names a binary.
set -euo pipefail

pages=${1:-2000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ -z "${DOCPIPE:-}" ]; then
    scratch=${DOCPIPE_RELEASE_PATH:-.build}
    (cd "$root" && swift build -c release --scratch-path "$scratch" --product docpipe >/dev/null)
    DOCPIPE=$root/$scratch/release/docpipe
fi
docpipe=$DOCPIPE

work=$(mktemp -d /tmp/docpipe-fetch-bench.XXXXXX)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

largest=$((pages * 4))
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores" >&2
echo "generating $largest pages of ~30 KB in $work/site" >&2
python3 - "$work/site" "$largest" <<'PY'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
os.makedirs(root, exist_ok=True)
rng = random.Random(42)
words = ["东盟", "人才", "合作", "教育", "digital", "talent", "培训", "交流", "economy", "中国"]
for i in range(count):
    body = []
    size = 0
    while size < 30_000:
        line = "<p>" + " ".join(rng.choice(words) for _ in range(20)) + "</p>\n"
        body.append(line)
        size += len(line.encode())
    html = f"<!doctype html><html><head><meta charset=\"utf-8\"><title>page {i}</title></head><body>\n{''.join(body)}</body></html>\n"
    with open(os.path.join(root, f"p{i}.html"), "w", encoding="utf-8") as f:
        f.write(html)
PY

python3 "$here/server.py" "$work/site" "$work/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
base="http://127.0.0.1:$port"

make_lists() { # N
    local n=$1
    : > "$work/urls-$n.txt"; : > "$work/curl-$n.cfg"
    for i in $(seq 0 $((n - 1))); do
        echo "$base/p$i.html" >> "$work/urls-$n.txt"
        printf 'url = "%s/p%d.html"\noutput = "/dev/null"\n' "$base" "$i" >> "$work/curl-$n.cfg"
    done
    cat > "$work/pipeline-$n.yaml" <<YAML
docpipe: 1
stages:
  - use: fetch
    with: { url_file: urls-$n.txt, concurrency: 8, per_host: 8 }
YAML
}

now() { date +%s.%N; }

run_docpipe() { # N -> prints "wall_seconds max_rss_kb exit cpu_seconds"
    local n=$1 status=0 start end
    start=$(now)
    /usr/bin/time -v -o "$work/time-$n.txt" "$docpipe" run --quiet "$work/pipeline-$n.yaml" > /dev/null 2> "$work/docpipe-$n.err" || status=$?
    end=$(now)
    local rss cpu
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$n.txt")
    cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/time-$n.txt")
    echo "$(echo "$end - $start" | bc -l) $rss $status $cpu"
}

run_curl() { # N -> "wall_seconds cpu_seconds"
    local n=$1 start end
    start=$(now)
    /usr/bin/time -f "%U %S" -o "$work/curl-time.txt" \
        curl --no-progress-meter --fail --parallel --parallel-max 8 --config "$work/curl-$n.cfg"
    end=$(now)
    echo "$(echo "$end - $start" | bc -l) $(awk '{print $1 + $2}' "$work/curl-time.txt")"
}

make_lists "$pages"
make_lists "$largest"

# Warm the page cache and the server.
curl --no-progress-meter --parallel --parallel-max 8 --config "$work/curl-$pages.cfg"

echo "== $pages pages, concurrency 8 / per_host 8, best of 3 =="
best_curl=999999; best_doc=999999
for round in 1 2 3; do
    read -r c ccpu < <(run_curl "$pages")
    read -r d rss status dcpu < <(run_docpipe "$pages")
    [ "$status" = 0 ] || { echo "docpipe exited $status:" >&2; cat "$work/docpipe-$pages.err" >&2; exit 1; }
    printf 'round %d: curl %.2fs (cpu %.2fs)  docpipe %.2fs (cpu %.2fs, peak RSS %d KB)\n' \
        "$round" "$c" "$ccpu" "$d" "$dcpu" "$rss"
    best_curl=$(echo "if ($c < $best_curl) $c else $best_curl" | bc -l)
    best_doc=$(echo "if ($d < $best_doc) $d else $best_doc" | bc -l)
done
ratio=$(echo "$best_doc / $best_curl" | bc -l)
printf 'best: curl %.2fs  docpipe %.2fs  ratio %.2f (target ≤ 1.5)\n' "$best_curl" "$best_doc" "$ratio"

echo "== peak RSS: $pages vs $largest pages =="
read -r d1 rss1 s1 _ < <(run_docpipe "$pages")
read -r d2 rss2 s2 _ < <(run_docpipe "$largest")
read -r c2 _ < <(run_curl "$largest")
printf '%d pages: %.2fs, peak RSS %d KB (exit %s)\n' "$pages" "$d1" "$rss1" "$s1"
printf '%d pages: %.2fs, peak RSS %d KB (exit %s); curl %.2fs\n' "$largest" "$d2" "$rss2" "$s2" "$c2"
printf 'RSS ratio %.2f (target: about 1)\n' "$(echo "$rss2 / $rss1" | bc -l)"
