#!/usr/bin/env python3
"""Quality and speed benchmark of docpipe's `clean` stage against trafilatura.

Extracts ../shared/data/trafilatura-eval.tar.gz (990 pages with ground-truth snippets) to a
temporary folder, runs `docpipe extract --jsonl` over all pages in one process, runs trafilatura
(default and favor_precision) in a virtualenv this script creates, scores every extractor the way
the dataset's authors do, and prints precision, recall, F1 and pages per second side by side.
Both extractors are pinned to one core (`taskset -c 0`) when taskset exists.

Scoring (trafilatura's tests/comparison.py): per page, each `with` snippet found in the
extracted text is a true positive, each missing one a false negative; each `without` snippet
found is a false positive, each missing one a true negative; totals are summed over all pages.
trafilatura runs as its own comparison runs it: comments left out (`include_comments=False`, which
is not its library default), tables kept.
Whitespace is collapsed to single spaces on both sides. docpipe is scored on its `text` only (the
title is a separate field and is not scored; the ground truth sometimes lists the page title among
the snippets that must not be extracted).

Usage:
  python3 Benchmarks/clean/evaluate.py                  # build release, run everything
  python3 Benchmarks/clean/evaluate.py --skip-trafilatura
  python3 Benchmarks/clean/evaluate.py --docpipe-cmd "/path/to/docpipe extract --jsonl"
"""
import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_DATA = os.path.join(os.path.dirname(REPO), "shared", "data", "trafilatura-eval.tar.gz")
DEFAULT_VENV = os.path.join(os.path.expanduser("~"), ".cache", "docpipe-bench", "venv")

TRAFILATURA_RUNNER = r'''
import json, sys, time
import trafilatura
mode = sys.argv[1]
paths = [line.rstrip("\n") for line in open(sys.argv[2], encoding="utf-8")]
pages = [open(p, "rb").read() for p in paths]
start = time.perf_counter()
out = []
for raw in pages:
    try:
        if mode == "precision":
            text = trafilatura.extract(raw, favor_precision=True, include_comments=False, include_tables=True)
        elif mode == "readability":
            import lxml.html
            from readability import Document
            text = lxml.html.fromstring(Document(raw).summary(html_partial=True)).text_content()
        else:
            text = trafilatura.extract(raw, include_comments=False, include_tables=True)
    except Exception as error:  # a crash counts as an empty extraction
        text = None
    out.append(text)
elapsed = time.perf_counter() - start
json.dump({"elapsed": elapsed, "texts": out}, sys.stdout)
'''


def normalize(text):
    return " ".join(text.split())


def score(items, texts):
    tp = fn = fp = tn = 0
    for item, text in zip(items, texts):
        text = normalize(text or "")
        for snippet in item["with"]:
            if normalize(snippet) in text:
                tp += 1
            else:
                fn += 1
        for snippet in item["without"]:
            if normalize(snippet) in text:
                fp += 1
            else:
                tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fn": fn, "fp": fp, "tn": tn}


def pin(command, core):
    if core is not None and shutil.which("taskset"):
        return ["taskset", "-c", str(core)] + command
    return command


def run_docpipe(command, paths, core):
    argv = pin(shlex.split(command) + paths, core)
    start = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    lines = [line for line in result.stdout.decode("utf-8", "replace").split("\n") if line.strip()]
    if len(lines) != len(paths):
        sys.stderr.write(result.stderr.decode("utf-8", "replace")[-2000:])
        raise SystemExit(f"docpipe printed {len(lines)} lines for {len(paths)} inputs (exit {result.returncode})")
    texts, errors = [], 0
    for line in lines:
        document = json.loads(line)
        if "error" in document:
            errors += 1
            texts.append("")
            continue
        texts.append(document.get("text") or "")
    return texts, elapsed, errors


def ensure_venv(venv):
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        print(f"creating virtualenv {venv} and installing trafilatura and readability-lxml …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    # Installed one after the other: pip's resolver fails on the three together (lxml extras).
    for module, packages in (("trafilatura", ["trafilatura", "lxml_html_clean"]), ("readability", ["readability-lxml"])):
        if subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode != 0:
            subprocess.run([python, "-m", "pip", "install", "-q"] + packages, check=True)
    return python


def run_trafilatura(python, mode, list_file, core, workdir):
    runner = os.path.join(workdir, "run_trafilatura.py")
    with open(runner, "w") as handle:
        handle.write(TRAFILATURA_RUNNER)
    result = subprocess.run(pin([python, runner, mode, list_file], core), stdout=subprocess.PIPE, check=True)
    data = json.loads(result.stdout)
    return data["texts"], data["elapsed"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=DEFAULT_DATA, help="trafilatura-eval.tar.gz")
    parser.add_argument("--docpipe-cmd", default=None,
                        help="extractor command taking files and printing docpipe JSON lines "
                             "(default: build in release and use docpipe extract --jsonl)")
    parser.add_argument("--venv", default=DEFAULT_VENV, help="virtualenv for trafilatura")
    parser.add_argument("--skip-trafilatura", action="store_true")
    parser.add_argument("--core", default="0", help="core to pin to with taskset ('' for none)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--errors", type=int, default=0, help="print the N pages with most wrong snippets")
    args = parser.parse_args()
    core = args.core if args.core != "" else None

    command = args.docpipe_cmd
    if command is None:
        scratch = os.environ.get("DOCPIPE_RELEASE_PATH", ".build")
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", scratch, "--product", "docpipe"],
                       cwd=REPO, check=True)
        command = shlex.quote(os.path.join(REPO, scratch, "release", "docpipe")) + " extract --jsonl"

    with tempfile.TemporaryDirectory(prefix="docpipe-clean-eval-") as workdir:
        with tarfile.open(args.data) as archive:
            archive.extractall(workdir)
        root = os.path.join(workdir, "trafilatura-eval")
        with open(os.path.join(root, "groundtruth.json"), encoding="utf-8") as handle:
            items = json.load(handle)["items"]
        if args.limit:
            items = items[: args.limit]
        paths = [os.path.join(root, item["file"]) for item in items]
        list_file = os.path.join(workdir, "pages.txt")
        with open(list_file, "w", encoding="utf-8") as handle:
            handle.write("\n".join(paths) + "\n")

        rows = []
        texts, elapsed, errors = run_docpipe(command, paths, core)
        rows.append(("docpipe clean", score(items, texts), len(paths) / elapsed, errors))
        cjk = [i for i, item in enumerate(items) if item.get("lang") in ("zh", "ja")]
        cjk_rows = [("docpipe clean", score([items[i] for i in cjk], [texts[i] for i in cjk]))]
        docpipe_texts = texts

        if not args.skip_trafilatura:
            python = ensure_venv(args.venv)
            for mode, label in (("default", "trafilatura (default)"), ("precision", "trafilatura (favor_precision)"),
                                ("readability", "readability-lxml")):
                texts, elapsed = run_trafilatura(python, mode, list_file, core, workdir)
                rows.append((label, score(items, texts), len(paths) / elapsed, sum(1 for t in texts if t is None)))
                cjk_rows.append((label, score([items[i] for i in cjk], [texts[i] for i in cjk])))

        print(f"\n{len(paths)} pages of trafilatura-eval, pinned to core {core}\n")
        print(f"{'extractor':32} {'precision':>9} {'recall':>7} {'F1':>7} {'pages/s':>9} {'empty/err':>9}")
        for label, metrics, speed, failed in rows:
            print(f"{label:32} {metrics['precision']:9.4f} {metrics['recall']:7.4f} {metrics['f1']:7.4f} "
                  f"{speed:9.1f} {failed:9d}")
        if len(rows) > 1:
            print(f"\nspeed ratio docpipe / trafilatura (default): {rows[0][2] / rows[1][2]:.1f}x")
        print(f"\nChinese and Japanese pages ({len(cjk)}):")
        for label, metrics in cjk_rows:
            print(f"{label:32} {metrics['precision']:9.3f} {metrics['recall']:7.3f} {metrics['f1']:7.3f}")

        if args.errors:
            worst = []
            for item, text in zip(items, docpipe_texts):
                text = normalize(text or "")
                missing = [s for s in item["with"] if normalize(s) not in text]
                leaked = [s for s in item["without"] if normalize(s) in text]
                worst.append((len(missing) + len(leaked), item["file"], missing, leaked))
            worst.sort(reverse=True)
            for count, name, missing, leaked in worst[: args.errors]:
                print(f"\n{name}: {count}\n  missing: {missing}\n  leaked: {leaked}")


if __name__ == "__main__":
    main()
