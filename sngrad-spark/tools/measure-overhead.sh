#!/usr/bin/env bash
# Measures the spark engine against the local one on the same cells (docs/cluster.md):
#   1. the local engine, one kernel thread (--threads 1);
#   2. the spark engine on local[1], one kernel thread per task: the same work one run at a time,
#      so (2 - 1) / 1 is the Spark path's overhead;
#   3. the spark engine on local[2], one kernel thread per task: cells per hour with two runs at once.
# Each study starts from an empty folder. The study (studies of the MLP 512-512 on the embedded
# data, 1-epoch cells) is written to the work folder; CELLS_EPOCHS sets the training epochs.
# Timings are meaningful only on an otherwise idle machine.
# Usage: sngrad-spark/tools/measure-overhead.sh [WORK_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$root/sngrad-spark/target/measure}"
epochs="${CELLS_EPOCHS:-1}"
rm -rf "$work"
mkdir -p "$work"
cat > "$work/measure.yaml" <<YAML
datasets: [embedded]
hidden: [512, 512]
batchSizes: [128]
optimizers: [sgd, "sgd+III:1"]
epochs: $epochs
seeds: 2
lrMin: 0.01
lrMax: 0.3
lrPoints: 3
searchEpochs: 1
kernel: java
YAML
cells=2

# build both jars first, so that no timing includes a build
"$root/sngrad" --version > /dev/null
"$root/sngrad" study --help --engine spark > /dev/null

timed() { # label, then the sngrad arguments; prints "label seconds"
  local label="$1"
  shift
  local start end
  start=$(date +%s.%N)
  "$root/sngrad" "$@" -q > "$work/$label.out" 2> "$work/$label.err"
  end=$(date +%s.%N)
  awk -v l="$label" -v s="$start" -v e="$end" 'BEGIN { printf "%s %.1f\n", l, e - s }'
}

{
  timed local study "$work/measure.yaml" --out "$work/local" --threads 1
  timed spark-local1 study "$work/measure.yaml" --out "$work/spark1" --engine spark --master 'local[1]' --threads 1
  timed spark-local2 study "$work/measure.yaml" --out "$work/spark2" --engine spark --master 'local[2]' --threads 1
} | tee "$work/times.txt"

awk -v cells="$cells" '
  { t[$1] = $2 }
  END {
    printf "cells per hour: local engine %.1f, spark local[1] %.1f, spark local[2] %.1f\n",
      3600 * cells / t["local"], 3600 * cells / t["spark-local1"], 3600 * cells / t["spark-local2"]
    printf "spark local[1] against the local engine: %+.1f%% wall time (JVM and Spark start included)\n",
      100 * (t["spark-local1"] - t["local"]) / t["local"]
    printf "local[2] against local[1]: %.2f x the cells per hour\n", t["spark-local1"] / t["spark-local2"]
  }' "$work/times.txt"
