"""Benchmark the full ETL build: wall time and peak memory (RSS) of ``python -m etl build``.

Usage: python bench/etl_build.py --raw ../shared/data [--runs 3]
Target (issue #2): <= 30 s and <= 1 GB peak on the project's 2-core machine. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--raw", type=Path, default=ROOT.parent / "shared" / "data")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    times, peaks = [], []
    for i in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t0 = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "etl", "build", "--raw", str(args.raw), "--out", f"{tmp}/geodata"],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            elapsed = time.perf_counter() - t0
            peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            if proc.returncode:
                print(proc.stderr.strip(), file=sys.stderr)
                return 1
            # ru_maxrss of children is the max over all children so far; each run is a fresh child.
            peaks.append(max(peak_kb, before) / 1024)
            times.append(elapsed)
            print(f"run {i + 1}: {elapsed:5.2f} s wall, peak RSS {peak_kb / 1024:6.0f} MiB")
    print(
        f"etl build: median {statistics.median(times):.2f} s, max {max(times):.2f} s; "
        f"peak RSS {max(peaks):.0f} MiB (target <= 30 s, <= 1024 MiB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
