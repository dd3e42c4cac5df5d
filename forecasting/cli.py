"""``lithium-forecast``: the command line next to the Python API.

Each stage registers its own subcommands (``register(subparsers)`` in its ``cli`` module), so this
file stays a dispatcher. Handlers import heavy libraries lazily to keep ``--help`` fast.
Errors the package raises on purpose (:class:`forecasting.errors.ForecastingError`) and errors the
file system reports (``OSError``: a folder under a file, no permission, disk full) are printed as
one readable message with exit code 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from importlib import import_module

from forecasting import __version__, paths
from forecasting.errors import ForecastingError
from forecasting.progress import set_quiet

_STAGE_CLIS = (
    "forecasting.data.cli",
    "forecasting.models.cli",
    "forecasting.domain.cli",
    "forecasting.domain.backtest_cli",
    "forecasting.sensitivity.cli",
    "forecasting.reports.cli",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (every subcommand has ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="lithium-forecast",
        description="Qinghai lithium carbonate capacity, output and EV lithium demand forecasts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bars on stderr (they are off anyway under CI or when not a terminal)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in _STAGE_CLIS:
        import_module(name).register(sub)
    _register_cache(sub)
    return parser


#: Modules with an on-disk cache. A module with ``info()`` and ``clear()`` (returning
#: ``{"path", "entries", "bytes"}``) manages its own; otherwise its sub-folder
#: ``paths.cache_dir(kind)`` belongs to it alone and every entry folder in it counts.
_CACHES = {"models": "forecasting.models.cache", "reports": "forecasting.reports.cache"}


def _folder_cache(kind: str, clear: bool) -> dict[str, object]:
    """Info on (and with ``clear``, removal of) the entry folders of ``paths.cache_dir(kind)``."""
    folder = paths.cache_dir(kind)
    entries = sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    size = sum(f.stat().st_size for e in entries for f in e.rglob("*") if f.is_file())
    if clear:
        for entry in entries:
            shutil.rmtree(entry, ignore_errors=True)
    done = [e for e in entries if ".tmp-" not in e.name]
    return {"path": str(folder), "entries": len(done), "bytes": size}


def _register_cache(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "cache",
        help="show or clear the on-disk caches (fitted models, report tables)",
        description=(
            "The caches live under $LITHIUM_FORECAST_CACHE or the platform's user cache folder "
            "(Linux: $XDG_CACHE_HOME/lithium-forecast). Entries are keyed by data, settings, "
            "code and library versions, so clearing is never needed for correctness."
        ),
    )
    p.add_argument("action", choices=("info", "clear"), help="info: sizes; clear: remove entries")
    p.set_defaults(func=_handle_cache)


def _handle_cache(args: argparse.Namespace) -> int:
    for kind, module in _CACHES.items():
        func = getattr(import_module(module), args.action, None)
        got = func() if func else _folder_cache(kind, clear=args.action == "clear")
        verb = "removed" if args.action == "clear" else "holds"
        n = got["entries"]
        noun = "entry" if n == 1 else "entries"
        print(f"{kind:8s} {got['path']}: {verb} {n} {noun}, {got['bytes']:,} bytes")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen subcommand's handler (``args.func(args)``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "quiet", False):
        set_quiet()
    try:
        paths.check_environment()
        code = args.func(args)
    except ForecastingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the file system refused: a path under a file, no permission, disk full
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
