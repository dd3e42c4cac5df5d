"""Write the tourism benchmark table the report's accuracy appendix shows.

    .venv/bin/python benchmarks/report_tourism_table.py [--data ../shared/benchmarks/tourism]

Runs :func:`forecasting.models.benchmark.run_benchmark` on the yearly tourism competition data
(518 series, h = 4) for the naive, theta and auto models and writes
``benchmarks/results/tourism_yearly.csv`` (our scores) and ``tourism_published.csv`` (the
published results parsed from the data folder's README). The full run takes minutes, so the
report reads these files instead of re-running it; the manifest records their sha256.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = os.environ.get("TOURISM_DATA", str(HERE.parent.parent / "shared/benchmarks/tourism"))
MODELS = ["naive", "theta", "auto"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args()
    from forecasting.models.benchmark import published_results, run_benchmark
    from forecasting.reports.cache import write_csv

    out = HERE / "results"
    out.mkdir(exist_ok=True)
    ours = run_benchmark(args.data, ["yearly"], MODELS, n_jobs=min(args.n_jobs, 2), n_paths=500)
    write_csv(ours, out / "tourism_yearly.csv")
    write_csv(published_results(args.data), out / "tourism_published.csv")
    print(ours.to_string(index=False))


if __name__ == "__main__":
    main()
