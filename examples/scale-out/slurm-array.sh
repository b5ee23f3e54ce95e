#!/bin/bash
# docpipe on Slurm: one array task per shard, then a merge job that starts when all succeed.
#
#   N=4 OUT=/shared/docpipe/shards examples/scale-out/slurm-array.sh   # on the login node, repo root
#
# The script submits itself twice: run without arguments it is the submitter; as an array task
# (SLURM_ARRAY_TASK_ID set) it runs one shard; with `merge` it merges the shard bundles.
# Task K runs `docpipe run --shard K/N`, which keeps the documents whose id hashes to K: the N
# tasks cover the corpus exactly once, in any order, and a requeued task redoes only its shard.
# OUT must be a folder every node sees (a shared file system).
#SBATCH --job-name=docpipe
#SBATCH --cpus-per-task=2
#SBATCH --mem=512M
#SBATCH --time=04:00:00
#SBATCH --output=docpipe-%A_%a.log
set -euo pipefail

N=${N:-4}                                  # shards
OUT=${OUT:-$PWD/out/shards}                # shared folder for the shard bundles
CORPUS=${CORPUS:-$PWD/examples/corpus}
PIPELINE=${PIPELINE:-examples/scale-out/pipeline.yaml}
DOCPIPE=${DOCPIPE:-docpipe}                # or .build/release/docpipe
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}   # reproducible shard bundles
export N OUT CORPUS PIPELINE DOCPIPE

if [[ "${1:-}" == merge ]]; then
    bundles=()
    for ((k = 0; k < N; k++)); do bundles+=("$OUT/asean-talent-shard-$k.tar.gz"); done
    "$DOCPIPE" bundle merge "$OUT/../asean-talent.tar.gz" "${bundles[@]}"
    "$DOCPIPE" bundle ls "$OUT/../asean-talent.tar.gz"
elif [[ -n "${SLURM_ARRAY_TASK_ID:-}" ]]; then
    K=$SLURM_ARRAY_TASK_ID
    # Exit 3 (some documents quarantined) is a finished shard, not a failed task.
    status=0
    "$DOCPIPE" run "$PIPELINE" --shard "$K/$N" --var "shard=$K" --var "corpus=$CORPUS" --var "out=$OUT" \
        --progress never || status=$?
    if [[ $status -ne 0 && $status -ne 3 ]]; then exit "$status"; fi
else
    mkdir -p "$OUT"
    shards=$(sbatch --parsable --array=0-$((N - 1)) --export=ALL "$0")
    sbatch --dependency=afterok:"$shards" --job-name=docpipe-merge --export=ALL "$0" merge
    echo "submitted shards $shards (0-$((N - 1))) and a merge that waits for them"
fi
