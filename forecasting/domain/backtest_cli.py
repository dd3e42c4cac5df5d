"""``lithium-forecast backtest domain``: the pseudo-real-time backtest of the domain model.

Prints the summary by method (model, naive, drift, log-drift) and by series; with ``--out``
writes ``cells.csv``, ``summary.csv``, ``by_series.csv`` and ``nowcasts.csv`` (the nowcast of
each vintage's own year against the supply snapshots) into a new folder.
"""

from __future__ import annotations

import argparse

FLOAT_FORMAT = "%.10g"


def parse_vintages(text: str) -> list[int]:
    """``2019..2023`` or ``2019,2021`` -> years (an error names the text)."""
    from forecasting.errors import ForecastingError

    try:
        if ".." in text:
            lo, hi = (int(x) for x in text.split(".."))
            years = list(range(lo, hi + 1))
        else:
            years = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise ForecastingError(
            f"--vintages {text!r}: expected FIRST..LAST or a comma list of years, e.g. 2019..2023"
        ) from None
    if not years or any(not 2000 <= y <= 2100 for y in years):
        raise ForecastingError(f"--vintages {text!r}: years must lie in 2000-2100")
    return years


def parse_horizons(text: str) -> list[int]:
    """``1,2,3`` -> [1, 2, 3] (each 1-10)."""
    from forecasting.errors import ForecastingError

    try:
        hs = sorted({int(x) for x in text.split(",") if x.strip()})
    except ValueError:
        hs = []
    if not hs or any(not 1 <= h <= 10 for h in hs):
        raise ForecastingError(f"--horizons {text!r}: expected a comma list of years 1-10")
    return hs


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``backtest domain`` to the top-level parser."""
    bt = sub.add_parser("backtest", help="hold the domain model against later outcomes")
    bsub = bt.add_subparsers(dest="backtest_command", metavar="TARGET")
    bsub.required = True
    dom = bsub.add_parser(
        "domain", help="run the scenario as of past year ends and score the next years"
    )
    dom.add_argument("--vintages", default="2019..2023", help="e.g. 2019..2023 or 2019,2021")
    dom.add_argument("--horizons", default="1,2,3", help="years ahead scored, e.g. 1,2,3")
    dom.add_argument("--scenario", default="base", help="scenario name or YAML path")
    dom.add_argument("--paths", type=int, default=1000, help="Monte Carlo paths per vintage")
    dom.add_argument("--seed", type=int, default=0)
    dom.add_argument("--out", default=None, help="write the tables to this new folder")
    dom.add_argument("--data", default=None, help="folder of your own tables (bundled schema)")
    dom.set_defaults(func=_domain)


def _domain(args: argparse.Namespace) -> int:
    import pandas as pd

    from forecasting.domain.backtest import backtest_domain, nowcast_cells, summarize_backtest
    from forecasting.domain.cli import check_out_dir

    out = check_out_dir(args.out) if args.out else None
    horizons = parse_horizons(args.horizons)
    cells = backtest_domain(
        parse_vintages(args.vintages),
        args.scenario,
        horizons=sorted({0, *horizons}),
        n_paths=args.paths,
        seed=args.seed,
        path=args.data,
    )
    scored = cells[cells["horizon"].isin(horizons)]
    tables = {
        "cells": scored,
        "summary": summarize_backtest(scored),
        "by_series": summarize_backtest(scored[scored["method"] == "model"], by=("series",)),
        "nowcasts": nowcast_cells(cells),
    }
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(tables["summary"].to_string(index=False, float_format="%.3f"))
        print()
        print(tables["by_series"].to_string(index=False, float_format="%.3f"))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for name, frame in tables.items():
            frame.to_csv(out / f"{name}.csv", index=False, float_format=FLOAT_FORMAT)
        print(f"wrote {', '.join(f'{n}.csv' for n in tables)} to {out}")
    return 0
