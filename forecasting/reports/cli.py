"""CLI subcommands of `forecasting.reports`: ``lithium-forecast report``."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``report`` to the top-level parser."""
    p = sub.add_parser(
        "report",
        help="build the quarterly report (notebooks, HTML, PDF, CSVs, manifest)",
        description=(
            "Run every notebook in a fresh kernel, render report.html and report.pdf and write "
            "forecasts.csv, target_probabilities.csv and manifest.json into OUT/QUARTER. "
            "A published quarter is never overwritten (see --force)."
        ),
    )
    p.add_argument("--quarter", required=True, help="quarter to publish, e.g. 2026Q4")
    p.add_argument("--scenario", default=None, help="scenario name (default: base)")
    p.add_argument(
        "--as-of",
        dest="as_of",
        default=None,
        help="data cut-off date YYYY-MM-DD (default: last day of the quarter)",
    )
    p.add_argument(
        "--out",
        default="reports",
        help="folder holding the published quarters (default: ./reports); the report goes to "
        "OUT/QUARTER and the previous vintage is looked up there",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="rebuild a published quarter; the old folder is kept as QUARTER.superseded-<time>",
    )
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    p.add_argument(
        "--data",
        dest="data_path",
        default=None,
        help="a folder of your own tables in the bundled schema; each replaces the bundled "
        "table of the same name (default: the bundled datasets)",
    )
    p.add_argument(
        "--no-pdf",
        dest="pdf",
        action="store_false",
        help="write report.html and the tables but not report.pdf (no Chromium needed)",
    )
    p.add_argument(
        "--no-cache",
        dest="use_cache",
        action="store_false",
        help="recompute everything instead of reusing cached results for identical inputs",
    )
    p.set_defaults(func=handle_report)


def handle_report(args: argparse.Namespace) -> int:
    """Build the report; progress goes to stderr, the published folder to stdout."""
    from forecasting.reports.build import build_report
    from forecasting.reports.compute import DEFAULT_SCENARIO

    def progress(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    dest = build_report(
        quarter=args.quarter,
        scenario=args.scenario or DEFAULT_SCENARIO,
        as_of=args.as_of,
        out_root=args.out,
        force=args.force,
        seed=args.seed,
        data_path=args.data_path,
        progress=progress,
        use_cache=args.use_cache,
        pdf=args.pdf,
    )
    print(dest)
    return 0
