#!/usr/bin/env python3
"""Paper estimate of a study's wall time on Spark, from a finished study's ledger.

Reads every run recorded under STUDY_DIR/<dataset>/runs/*.json, takes each run's measured time
(the sum of its epochs' training-step seconds: evaluation after each epoch is not recorded, so
the estimate is a lower bound by that much), and replays the Spark engine's schedule on E
executors of one core each (one run per core): every cell submits its learning-rate search
points at the start, in study order; its training runs become ready when its last search point
ends and queue behind everything submitted before them (Spark's FIFO scheduler). Spark's own
per-task overhead (tens of milliseconds) and executor start-up are ignored.

Usage: estimate-wall-time.py STUDY_DIR [EXECUTORS ...]   (default executors: 1 8 64)
"""
import glob
import heapq
import json
import os
import sys
from collections import defaultdict


def runs_of(study_dir):
    for path in sorted(glob.glob(os.path.join(study_dir, "*", "runs", "*.json"))):
        with open(path) as f:
            run = json.load(f)
        config = run["config"]
        optimizer = config["optimizer"]
        cell = (config["dataset"], config["batchSize"], optimizer["base"], optimizer["rule"], optimizer["alpha"])
        seconds = sum(e["seconds"] for e in run["epochs"])
        yield cell, config["epochs"], config["seed"], seconds, config["threads"]


def cells_of(study_dir):
    """Per cell: the search points' seconds and the training runs' seconds; also the kernel thread counts seen."""
    epochs_of_cell = defaultdict(set)
    rows = list(runs_of(study_dir))
    for cell, epochs, _, _, _ in rows:
        epochs_of_cell[cell].add(epochs)
    cells = defaultdict(lambda: ([], []))
    threads = set()
    for cell, epochs, seed, seconds, t in rows:
        threads.add(t)
        longest = max(epochs_of_cell[cell])
        if len(epochs_of_cell[cell]) > 1:
            is_search = epochs < longest
        else:  # search and training runs of equal length: seed 0's runs are the search points
            is_search = seed == 0
        cells[cell][0 if is_search else 1].append(seconds)
    return cells, threads


def simulate(cells, executors):
    """Event-driven list scheduling; returns the makespan in seconds."""
    ready = []  # (submission order, task seconds, cell index, is search)
    order = 0
    searches_left = {}
    for i, (cell, (search, training)) in enumerate(sorted(cells.items())):
        searches_left[i] = len(search)
        for s in search:
            heapq.heappush(ready, (order, s, i, True))
            order += 1
    running = []  # (end time, cell index, is search)
    free = executors
    now = 0.0
    training_of = {i: cells[c][1] for i, c in enumerate(sorted(cells))}
    while ready or running:
        while free > 0 and ready:
            _, seconds, i, is_search = heapq.heappop(ready)
            heapq.heappush(running, (now + seconds, i, is_search))
            free -= 1
        now, i, is_search = heapq.heappop(running)
        free += 1
        if is_search:
            searches_left[i] -= 1
            if searches_left[i] == 0:
                for s in training_of[i]:
                    heapq.heappush(ready, (order, s, i, False))
                    order += 1
    return now


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    study_dir = sys.argv[1]
    executors = [int(a) for a in sys.argv[2:]] or [1, 8, 64]
    cells, threads = cells_of(study_dir)
    total = sum(sum(s) + sum(t) for s, t in cells.values())
    runs = sum(len(s) + len(t) for s, t in cells.values())
    print(f"{study_dir}: {len(cells)} cells, {runs} runs, {total / 3600:.1f} h of recorded training steps"
          f" (kernel threads per run: {sorted(threads)})")
    longest_cell = max(max(s, default=0) + max(t, default=0) for s, t in cells.values())
    print(f"longest cell (slowest search point + slowest training run): {longest_cell / 3600:.2f} h")
    print("| executors (1 core each) | estimated wall time | speed-up |")
    print("|---:|---:|---:|")
    one = simulate(cells, 1)
    for e in executors:
        t = simulate(cells, e)
        print(f"| {e} | {t / 3600:.2f} h | {one / t:.1f} x |")


if __name__ == "__main__":
    main()
