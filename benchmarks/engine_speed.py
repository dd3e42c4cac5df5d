"""Wall-clock time of the automatic engine on tourism yearly (a benchmark, not a test).

Forecasts every tourism yearly series (518, h = 4, 500 paths, ``cache=False`` so every fit
runs: a cold cache) with ``models`` on one process, and prints seconds, series per second and
the accuracy next to it, so a speed change that costs accuracy shows at once. The "before"
column of ``benchmarks/tourism_results.md`` was measured by running this file against the
engine of an older commit::

    git archive af1dcbc forecasting | tar -x -C /tmp/before
    PYTHONPATH=/tmp/before .venv/bin/python benchmarks/engine_speed.py   # before
    .venv/bin/python benchmarks/engine_speed.py                          # now
    .venv/bin/python benchmarks/engine_speed.py --freq quarterly --models auto theta

Run it on a quiet machine (``uptime``): on the shared 2-core box other jobs inflate the numbers.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = os.environ.get("TOURISM_DATA", str(HERE.parent.parent / "shared/benchmarks/tourism"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--freq", choices=["yearly", "quarterly", "monthly"], default="yearly")
    parser.add_argument("--models", nargs="+", default=["auto"])
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="only the first N series")
    args = parser.parse_args()
    import forecasting
    from forecasting.models.benchmark import PROTOCOL, load_tourism, score
    from forecasting.models.core import forecast

    freq, h, m = PROTOCOL[args.freq]
    train, test = load_tourism(args.data, args.freq)
    if args.limit:
        keep = sorted(train["unique_id"].unique())[: args.limit]
        train, test = train[train.unique_id.isin(keep)], test[test.unique_id.isin(keep)]
    n = train["unique_id"].nunique()
    print(f"engine: {Path(forecasting.__file__).parent}; tourism {args.freq}, {n} series, h={h}")
    print(f"load average: {os.getloadavg()[0]:.2f} (2 cores)")
    print(
        f"{'model':<10}{'seconds':>9}{'series/s':>10}{'MAPE':>8}{'MASE':>8}{'cov80':>7}{'cov95':>7}"
    )
    for alias in args.models:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            fc = forecast(
                train, h, freq=freq, models=alias, n_paths=500, cache=False, n_jobs=args.n_jobs
            )
            seconds = time.perf_counter() - start
        s = score(fc, test, train, m)
        print(
            f"{alias:<10}{seconds:9.2f}{n / seconds:10.1f}{s['MAPE']:8.2f}{s['MASE']:8.3f}"
            f"{s['cov80']:7.3f}{s['cov95']:7.3f}"
        )


if __name__ == "__main__":
    main()
