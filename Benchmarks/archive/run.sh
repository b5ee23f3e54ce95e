#!/usr/bin/env bash
# Archive benchmark (issue 7): the archive stage against `tar -czf` (GNU tar, gzip -6) over the
# same 2,000 pages of about 30 KB, measured in the same run, plus peak memory at two corpus sizes.
#
#   bash Benchmarks/archive/run.sh            # from the repository root; DOCS=2000 by default
#
# Pages are cut from the real HTML of ../shared/data/trafilatura-eval.tar.gz (so they compress
# like web pages), 30,000 bytes each. The pipeline is `fetch` → `archive` (level 6, raw included),
# run by the release `docpipe`; its wall time bounds the archive stage's from above (fetch runs
# concurrently), and the summary's `time` column gives the stage's own busy time (without finish).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SHARED=${SHARED:-$ROOT/../shared}
DOCS=${DOCS:-2000}
SMALL=${SMALL:-500}
RUNS=${RUNS:-3}
WORK=$(mktemp -d /tmp/docpipe-archive-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "== building docpipe (release)"
SCRATCH=${DOCPIPE_RELEASE_PATH:-.build}
swift build -c release --scratch-path "$SCRATCH" --product docpipe >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
DOCPIPE=$ROOT/$SCRATCH/release/docpipe

echo "== generating $DOCS pages of 30,000 bytes"
tar -xzf "$SHARED/data/trafilatura-eval.tar.gz" -C "$WORK"
python3 - "$WORK" "$DOCS" "$SMALL" <<'PY'
import os, sys, glob
work, count, small = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pages = sorted(glob.glob(os.path.join(work, "trafilatura-eval", "pages", "*.html")))
blob = b"".join(open(p, "rb").read() for p in pages)
for name, n in (("corpus", count), ("corpus-small", small)):
    os.makedirs(os.path.join(work, name), exist_ok=True)
    for i in range(n):
        start = (i * 30011) % (len(blob) - 30000)
        with open(os.path.join(work, name, "page-%05d.html" % i), "wb") as f:
            f.write(b"<!-- page %d -->\n" % i + blob[start:start + 30000])
PY
du -sh "$WORK/corpus" | sed 's/^/corpus: /'

cat >"$WORK/fetch-only.yaml" <<YAML
docpipe: 1
name: bench
stages:
  - use: fetch
    with: { paths: ["corpus/*.html"] }
  - use: noop
YAML

for name in corpus corpus-small; do
cat >"$WORK/$name.yaml" <<YAML
docpipe: 1
name: bench
stages:
  - use: fetch
    with: { paths: ["$name/*.html"] }
  - use: archive
    with: { path: "out/$name-{run}.tar.gz", level: 6 }
YAML
done

best() { sort -n | head -1; }

echo "== tar -czf (GNU tar + gzip -6), best of $RUNS"
for _ in $(seq "$RUNS"); do
    rm -f "$WORK/tar.tar.gz"
    /usr/bin/time -f "%e %U %S" -o "$WORK/t" tar -czf "$WORK/tar.tar.gz" -C "$WORK" corpus
    cat "$WORK/t"
done | tee "$WORK/tar-times" >/dev/null
TAR=$(awk '{print $1}' "$WORK/tar-times" | best)
TARCPU=$(awk '{print $2 + $3}' "$WORK/tar-times" | best)
echo "tar -czf: ${TAR}s wall, ${TARCPU}s CPU (tar + gzip), $(stat -c %s "$WORK/tar.tar.gz") bytes"

echo "== docpipe run fetch → archive, best of $RUNS"
for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/out"
    (cd "$WORK" && /usr/bin/time -f "%e %M %U %S" -o "$WORK/d" "$DOCPIPE" run corpus.yaml --progress never --log-level info >"$WORK/summary" 2>&1) || true
    echo "$(cat "$WORK/d") $(grep -o 'in [0-9.]*s of stage time' "$WORK/summary" | awk '{print $2}' | tr -d s)"
done | tee "$WORK/run-times" >/dev/null
STAGE=$(awk '{print $5}' "$WORK/run-times" | best)
RUNCPU=$(awk '{print $3 + $4}' "$WORK/run-times" | best)
RUN=$(awk '{print $1}' "$WORK/run-times" | best)
RSS=$(awk '{print $2}' "$WORK/run-times" | sort -n | tail -1)
grep -E "^(stage|fetch|archive)|bundle:|stage time" "$WORK/summary" || cat "$WORK/summary"
BUNDLE=$(ls "$WORK"/out/*.tar.gz)
"$DOCPIPE" bundle verify "$BUNDLE"
echo "docpipe run (fetch + archive): ${RUN}s wall, archive stage time ${STAGE}s (consume + finish), peak RSS ${RSS} KB, $(stat -c %s "$BUNDLE") bytes"

echo "== reference: tar -czf over the same members as the bundle (raw pages + documents.jsonl + …), best of $RUNS"
mkdir -p "$WORK/same" && tar -xzf "$BUNDLE" -C "$WORK/same"
for _ in $(seq "$RUNS"); do
    rm -f "$WORK/same.tar.gz"
    /usr/bin/time -f "%e %U %S" -o "$WORK/t" tar -czf "$WORK/same.tar.gz" -C "$WORK/same" .
    cat "$WORK/t"
done | tee "$WORK/same-times" >/dev/null
SAME=$(awk '{print $1}' "$WORK/same-times" | best)
SAMECPU=$(awk '{print $2 + $3}' "$WORK/same-times" | best)
echo "tar -czf over the bundle's members ($(du -sh "$WORK/same" | cut -f1)): ${SAME}s wall, ${SAMECPU}s CPU"

echo "== reference: fetch → noop over the same pages (the fetch share of the run above)"
(cd "$WORK" && /usr/bin/time -f "%e %M %U %S" -o "$WORK/f" "$DOCPIPE" run fetch-only.yaml --progress never --quiet) || true
FETCHCPU=$(awk '{print $3 + $4}' "$WORK/f")
echo "docpipe run (fetch + noop): $(awk '{print $1}' "$WORK/f")s wall, ${FETCHCPU}s CPU, peak RSS $(awk '{print $2}' "$WORK/f") KB"

echo "== memory at $SMALL documents (fetch → archive)"
(cd "$WORK" && /usr/bin/time -f "%e %M" -o "$WORK/s" "$DOCPIPE" run corpus-small.yaml --progress never --quiet) || true
SMALLRSS=$(awk '{print $2}' "$WORK/s")
echo "peak RSS: $SMALL documents ${SMALLRSS} KB, $DOCS documents ${RSS} KB"

echo "== memory of the archive stage alone: generate (30 KB texts) → archive"
TEXT=$(python3 -c "print('x' * 30000 + '{n}')")
for n in 500 2000 6000; do
    printf 'docpipe: 1\nname: gen\nstages:\n  - use: generate\n    with: { count: %d, text: "%s" }\n  - use: archive\n    with: { path: "out/gen-%d.tar.gz", level: 1 }\n' \
        "$n" "$TEXT" "$n" >"$WORK/gen.yaml"
    (cd "$WORK" && /usr/bin/time -f "%M" -o "$WORK/g" "$DOCPIPE" run gen.yaml --progress never --quiet) || true
    echo "generate → archive, $n documents: peak RSS $(cat "$WORK/g") KB"
done

echo "== load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall times are only comparable on a quiet machine)"
python3 - "$TAR" "$RUN" "$STAGE" "$SAME" "$TARCPU" "$RUNCPU" "$FETCHCPU" "$SAMECPU" <<'PY'
import sys
tar, run, stage, same, tarcpu, runcpu, fetchcpu, samecpu = map(float, sys.argv[1:9])
archivecpu = runcpu - fetchcpu
print("CPU: archive stage ~%.2fs (fetch+archive %.2fs - fetch %.2fs); tar -czf %.2fs; tar -czf over the same members %.2fs"
      % (archivecpu, runcpu, fetchcpu, tarcpu, samecpu))
print("ratio CPU (archive / tar -czf): %.2f; (archive / tar -czf over the same members): %.2f" % (archivecpu / tarcpu, archivecpu / samecpu))
print("ratio (archive stage time / tar -czf over the bundle's own members): %.2f" % (stage / same))
print("ratio (archive stage time / tar -czf): %.2f" % (stage / tar))
print("ratio (docpipe fetch+archive wall / tar -czf): %.2f" % (run / tar))
print("note: the bundle compresses raw pages AND documents.jsonl (whose text repeats each page), about 2x tar's input")
PY
