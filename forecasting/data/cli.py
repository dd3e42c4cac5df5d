"""``lithium-forecast data ...``: list, show and validate the curated tables.

lithium-forecast data list                 tables, rows, period covered, sources
lithium-forecast data show NAME [--rows N] first N rows of a table (or a series id)
lithium-forecast data validate [PATH] [--table NAME]
                                           a file or folder (default datasets/); exit 1
                                           with a readable report when anything fails
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``data`` and its subcommands to the top-level parser."""
    data = sub.add_parser("data", help="list, show and validate the curated datasets")
    dsub = data.add_subparsers(dest="data_command", metavar="ACTION")
    dsub.required = True
    p = dsub.add_parser("list", help="tables with rows, period covered and number of sources")
    p.add_argument("--series", action="store_true", help="list the long-frame series instead")
    p.set_defaults(func=handle_list)
    p = dsub.add_parser("show", help="print the first rows of a table or series")
    p.add_argument("name", help="table name (see `data list`) or series unique_id")
    p.add_argument("--rows", type=int, default=20, help="rows to print (default 20)")
    p.add_argument("--as-of", default=None, help="series only: observations known at this date")
    p.set_defaults(func=handle_show)
    p = dsub.add_parser("validate", help="validate a CSV file or a folder of tables")
    p.add_argument("path", nargs="?", default=None, help="file or folder (default: datasets/)")
    p.add_argument("--table", default=None, help="table schema for a file with another name")
    p.set_defaults(func=handle_validate)


def _period(frame) -> str:
    import pandas as pd

    for col in ("period_end", "month", "snapshot_date", "year", "target_year"):
        if col in frame.columns and frame[col].notna().any():
            lo, hi = frame[col].min(), frame[col].max()
            fmt = (lambda v: v.strftime("%Y-%m-%d")) if isinstance(lo, pd.Timestamp) else str
            return f"{fmt(lo)}..{fmt(hi)}"
    return "-"


def _list_series() -> int:
    from forecasting.data.series import list_series

    listing = list_series()
    print(f"{'unique_id':42} {'freq':4} {'unit':9} {'first':10} {'last':10} {'n_obs':>5}")
    for r in listing.itertuples():
        first = r.first.strftime("%Y-%m-%d") if r.n_obs else "-"
        last = r.last.strftime("%Y-%m-%d") if r.n_obs else "-"
        print(f"{r.unique_id:42} {r.freq:4} {r.unit:9} {first:10} {last:10} {r.n_obs:5d}")
    return 0


def handle_list(args: argparse.Namespace) -> int:
    """Print one line per table: name, file, rows, period covered, distinct sources (or, with
    --series, one line per series: id, frequency, unit, first, last, observations)."""
    from forecasting.data.registry import load_table
    from forecasting.data.tables import TABLES

    if getattr(args, "series", False):
        return _list_series()
    print(f"{'table':26} {'file':44} {'rows':>5}  {'period':23} sources")
    for name, schema in TABLES.items():
        frame = load_table(name)
        col = schema.source_column
        n_src = len({s for c in frame[col].dropna() for s in c.split(";")}) if col else len(frame)
        print(f"{name:26} {schema.filename:44} {len(frame):5d}  {_period(frame):23} {n_src}")
    return 0


def handle_show(args: argparse.Namespace) -> int:
    """Print the first ``--rows`` rows of a table or a series."""
    import pandas as pd

    from forecasting.data.registry import load_table
    from forecasting.data.series import SERIES, load_series
    from forecasting.data.tables import TABLES
    from forecasting.errors import DataValidationError

    if args.name in TABLES:
        frame = load_table(args.name)
    elif args.name in SERIES:
        frame = load_series(args.name, as_of=args.as_of)
    else:
        raise DataValidationError(
            f"unknown table or series {args.name!r}; tables: {', '.join(TABLES)}; "
            f"series: {', '.join(SERIES)}"
        )
    with pd.option_context("display.width", 200, "display.max_columns", 12):
        print(frame.head(args.rows).to_string(max_colwidth=40))
    print(f"({len(frame)} rows)")
    return 0


def _targets(path: Path, table: str | None) -> list[tuple[Path, str | None]]:
    from forecasting.data.tables import TABLES

    by_file = {s.filename: n for n, s in TABLES.items()}
    if path.is_dir():
        files = sorted(path.glob("*.csv"))
        return [(f, by_file.get(f.name)) for f in files]
    return [(path, table or by_file.get(path.name))]


def _filenames() -> list[str]:
    from forecasting.data.tables import TABLES

    return [s.filename for s in TABLES.values()]


def handle_validate(args: argparse.Namespace) -> int:
    """Validate every known table file under PATH; print OK/FAIL per file; exit 1 on failure."""
    from forecasting.data.registry import datasets_dir, load_table
    from forecasting.data.tables import TABLES
    from forecasting.errors import DataValidationError

    path = Path(args.path) if args.path else datasets_dir()
    if not path.exists():
        print(f"FAIL {path}: no such file or folder", file=sys.stderr)
        return 1
    if args.table and args.table not in TABLES:
        print(f"FAIL unknown table {args.table!r}; known: {', '.join(TABLES)}", file=sys.stderr)
        return 1
    files = _targets(path, args.table)
    if not any(name for _, name in files):
        what = "no table file in this folder" if path.is_dir() else "not a known table file name"
        print(
            f"FAIL {path}: {what}; expected file names: {', '.join(_filenames())} "
            "(or a file with --table NAME)"
        )
        return 1
    failures = 0
    for file, name in files:
        if name is None:
            print(f"SKIP {file}: not a known table file (use --table NAME)")
            continue
        try:
            frame = load_table(name, path=file)
        except DataValidationError as exc:
            failures += 1
            print(f"FAIL {file} (table {name})\n  {exc}")
            continue
        print(f"OK   {file} (table {name}, {len(frame)} rows)")
    print(f"{failures} file(s) failed" if failures else "all files valid")
    return 1 if failures else 0
