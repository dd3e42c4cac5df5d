"""Speed of the data layer: ``load_series()`` of every bundled series, cold and warm.

Goal (issue 11): all series in under 0.3 s warm on the 2-core machine.

Run: ``.venv/bin/python benchmarks/data_speed.py [--repeats 5]``.
``cold`` is the first call in a fresh process (imports done, nothing read yet); ``warm`` the
median of the following calls in the same process (files unchanged, so memoised reads may
serve them). Also times each table's validated read once (cold) and the import of
``forecasting.data``. Wall-clock seconds; the machine may be loaded (``uptime`` is printed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    t0 = time.perf_counter()
    from forecasting import data as fd
    from forecasting.data.tables import TABLES

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    long = fd.load_series()
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        again = fd.load_series()
        warm.append(time.perf_counter() - t0)
    assert again.equals(long), "warm call returned different data"
    per_table = {}
    for name in TABLES:
        t0 = time.perf_counter()
        fd.load_table(name)
        per_table[name] = time.perf_counter() - t0
    n_ids = long["unique_id"].nunique()
    print(f"import forecasting.data: {t_import:.3f} s")
    print(f"load_series() {n_ids} series, {len(long)} rows: cold {cold:.3f} s")
    print(
        f"load_series() warm: median {statistics.median(warm):.3f} s, min {min(warm):.3f} s "
        f"over {args.repeats} calls (goal < 0.3 s)"
    )
    slowest = sorted(per_table.items(), key=lambda kv: -kv[1])[:5]
    print(
        "load_table after load_series, slowest 5: "
        + ", ".join(f"{k} {v:.3f} s" for k, v in slowest)
    )
    print(f"uptime: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
