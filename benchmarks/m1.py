"""M1 competition table: naive, seasonal naive, Theta, ETS and "auto" (a benchmark, not a test).

    .venv/bin/python benchmarks/m1.py [--data ../shared/benchmarks/m1] [--prior tourism|m1]
    lithium-forecast benchmark m1 --data ../shared/benchmarks/m1 --freq yearly   # same harness

Runs :func:`forecasting.models.benchmark.run_benchmark` with the M1 protocol (yearly h=6,
quarterly h=8, monthly h=18; 181, 203, 617 series) and writes
``benchmarks/results/m1_scores.csv``: kind, model, series, MAPE, sMAPE (percent), MASE, cov80,
cov95 (shares), CRPS (scaled like MASE), seconds, prior (the calibration prior table used:
estimated on that benchmark's training data). ETS searches up to 30 statsmodels
configurations by AICc per fit, so it runs uncalibrated (one fit per series: its point accuracy
is the comparison; its coverage is the model's own).
"""

from __future__ import annotations

import argparse
import os
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = os.environ.get("M1_DATA", str(HERE.parent.parent / "shared/benchmarks/m1"))
MODELS = ["naive", "snaive", "theta", "ets", "auto"]
KINDS = ["yearly", "quarterly", "monthly"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--freq", nargs="+", choices=KINDS, default=KINDS)
    parser.add_argument("--models", nargs="+", default=MODELS)
    parser.add_argument("--prior", default="tourism")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--out", default=str(HERE / "results" / "m1_scores.csv"))
    args = parser.parse_args()
    import pandas as pd

    from forecasting.models.benchmark import format_table, published_m1, run_benchmark
    from forecasting.reports.cache import write_csv

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = run_benchmark(
            args.data,
            args.freq,
            args.models,
            n_jobs=args.n_jobs,
            n_paths=500,
            benchmark="m1",
            prior=args.prior,
            uncalibrated=("ets",),
        )
    ours["prior"] = args.prior
    out = Path(args.out)
    if out.exists():  # keep the rows of other frequencies / priors from earlier runs
        old = pd.read_csv(out)
        done = set(zip(ours.kind, ours.model, ours.prior, strict=True))
        keep = [
            (k, m, p) not in done for k, m, p in zip(old.kind, old.model, old.prior, strict=True)
        ]
        ours = pd.concat([old[keep], ours], ignore_index=True)
    rank = ours["kind"].map({k: i for i, k in enumerate(KINDS)})
    ours = ours.assign(_rank=rank).sort_values(["prior", "_rank"], kind="stable")
    ours = ours.drop(columns="_rank")
    out.parent.mkdir(exist_ok=True)
    write_csv(ours, out)
    print(format_table(ours[ours.prior == args.prior], published_m1(args.data), "m1"))


if __name__ == "__main__":
    main()
