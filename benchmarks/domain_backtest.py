"""Pseudo-real-time backtest of the domain model (numbers for the issue note and the report).

Runs the base scenario as of the end of each vintage year (2019-2023) on the data published by
then, scores horizons 1-3 against the project's later data, and compares with naive, drift and
log-drift baselines on the same cells. Writes to ``benchmarks/results/``:

    domain_backtest_cells.csv      every scored cell (model and baselines)
    domain_backtest_summary.csv    by method: cells, in80, in95, median log error, log-CRPS
    domain_backtest_by_series.csv  the model by series
    domain_backtest_nowcasts.csv   each vintage's own year (horizon 0) for capacity and output

Usage: ``.venv/bin/python benchmarks/domain_backtest.py [--paths 1000] [--seed 0]``
(about 1-2 minutes on this machine).
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

from forecasting.domain.backtest import backtest_domain, nowcast_cells, summarize_backtest

RESULTS = Path(__file__).resolve().parent / "results"
FLOAT_FORMAT = "%.6g"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--vintages", default="2019,2020,2021,2022,2023")
    args = parser.parse_args()
    vintages = [int(v) for v in args.vintages.split(",")]
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # world side unknown before 2024: NaN
        cells = backtest_domain(vintages, horizons=(0, 1, 2, 3), n_paths=args.paths, seed=args.seed)
    seconds = time.perf_counter() - t0
    scored = cells[cells["horizon"] > 0]
    tables = {
        "cells": scored,
        "summary": summarize_backtest(scored),
        "by_series": summarize_backtest(scored[scored["method"] == "model"], by=("series",)),
        "nowcasts": nowcast_cells(cells),
    }
    RESULTS.mkdir(exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(
            RESULTS / f"domain_backtest_{name}.csv", index=False, float_format=FLOAT_FORMAT
        )
    print(tables["summary"].to_string(index=False, float_format="%.3f"))
    print(tables["by_series"].to_string(index=False, float_format="%.3f"))
    now = tables["nowcasts"]
    print(
        now[
            ["vintage", "series", "year", "bound", "actual", "p2_5", "p50", "p97_5", "in80", "in95"]
        ].to_string(index=False, float_format="%.0f")
    )
    print(f"{len(vintages)} vintages x {args.paths} paths, seed {args.seed}: {seconds:.1f} s")


if __name__ == "__main__":
    main()
