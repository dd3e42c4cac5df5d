"""Write the tourism benchmark table the report's accuracy appendix shows.

    .venv/bin/python benchmarks/report_tourism_table.py [--data ../shared/benchmarks/tourism]

Runs :func:`forecasting.models.benchmark.run_benchmark` on the yearly (518 series, h = 4) and
quarterly (427 series, h = 8) tourism competition data for the snaive, theta and auto models and
writes ``benchmarks/results/tourism_scores.csv`` (our scores) and ``tourism_published.csv`` (the
published results parsed from the data folder's README). The full run takes minutes, so the
report reads these files instead of re-running it; the manifest records their sha256.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = os.environ.get("TOURISM_DATA", str(HERE.parent.parent / "shared/benchmarks/tourism"))
MODELS = ["snaive", "theta", "auto"]  # snaive is the naive forecast on yearly data
KINDS = ["yearly", "quarterly"]
#: The columns of tourism_scores.csv the report's accuracy appendix reads (the harness also
#: returns CRPS; it is left out so the file keeps its format).
COLUMNS = ["kind", "model", "series", "MAPE", "sMAPE", "MASE", "cov80", "cov95", "seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args()
    from forecasting.models.benchmark import published_results, run_benchmark
    from forecasting.reports.cache import write_csv

    out = HERE / "results"
    out.mkdir(exist_ok=True)
    ours = run_benchmark(args.data, KINDS, MODELS, n_jobs=min(args.n_jobs, 2), n_paths=500)
    write_csv(ours[COLUMNS], out / "tourism_scores.csv")
    write_csv(published_results(args.data), out / "tourism_published.csv")
    print(ours.to_string(index=False))


if __name__ == "__main__":
    main()
