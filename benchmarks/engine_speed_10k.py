"""10,000 yearly series through "auto" on two cores: wall-clock time and peak memory.

The series are tourism and M1 yearly TRAINING series (518 + 181) resampled with replacement
(seeded), each multiplied by a random factor in [0.5, 2] so no two copies are the same data,
and forecast ``h = 4`` years ahead with the default 1000 paths and ``cache=False`` (every fit
runs). Peak memory: the largest total resident set of this process and all its worker
processes, sampled every 0.2 s (psutil). Goal from issue 13: under 5 minutes on this machine's
2 cores, under 4 GiB.

    .venv/bin/python benchmarks/engine_speed_10k.py [--n-series 10000] [--n-jobs 2]
"""

from __future__ import annotations

import argparse
import os
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "benchmarks"
#: Seed of the resampling (which series, which scale factor).
SEED = 13


def resampled_panel(n_series: int, seed: int = SEED) -> pd.DataFrame:
    """``n_series`` yearly series drawn with replacement from tourism + M1 yearly training data,
    each scaled by a factor uniform on [0.5, 2]; long frame ``unique_id, ds, y``."""
    from forecasting.models.benchmark import load_benchmark

    pool = []
    for name in ("tourism", "m1"):
        train, _ = load_benchmark(name, SHARED / name, "yearly")
        pool += [g["y"].to_numpy() for _, g in train.groupby("unique_id", sort=True)]
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(pool), n_series)
    scales = rng.uniform(0.5, 2.0, n_series)
    frames = []
    for i, (j, c) in enumerate(zip(picks, scales, strict=True)):
        y = pool[j] * c
        ds = pd.date_range(end="2020-12-31", periods=y.size, freq="YE")
        frames.append(pd.DataFrame({"unique_id": f"s{i:05d}", "ds": ds, "y": y}))
    return pd.concat(frames, ignore_index=True)


def _sample_rss(peak: list[float], stop: threading.Event) -> None:
    """Keep ``peak[0]`` at the largest RSS sum (bytes) of this process and its children."""
    import psutil

    me = psutil.Process()
    while not stop.wait(0.2):
        total = 0
        for proc in [me, *me.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                continue
        peak[0] = max(peak[0], float(total))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-series", type=int, default=10_000)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--h", type=int, default=4)
    args = parser.parse_args()
    from forecasting.models.core import forecast

    panel = resampled_panel(args.n_series)
    print(f"{args.n_series} series, {len(panel)} rows; load average {os.getloadavg()[0]:.2f}")
    peak, stop = [0.0], threading.Event()
    sampler = threading.Thread(target=_sample_rss, args=(peak, stop), daemon=True)
    sampler.start()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        fc = forecast(panel, args.h, freq="YE", cache=False, n_jobs=args.n_jobs)
        seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    print(f"forecast rows {len(fc)}; {seconds:.1f} s wall ({args.n_series / seconds:.0f} series/s)")
    print(f"peak resident memory, main + workers: {peak[0] / 2**30:.2f} GiB")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
