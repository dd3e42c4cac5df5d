"""CLI subcommands of ``forecasting.models``: ``forecast`` and ``benchmark tourism|m1``."""

from __future__ import annotations

import argparse
import sys

from forecasting.errors import ModelError


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``forecast`` and ``benchmark`` to the top-level parser."""
    fc = sub.add_parser(
        "forecast",
        help="forecast every series of a long CSV (unique_id, ds, y)",
        description="Forecast every series of a long CSV (columns unique_id, ds, y) h periods "
        "ahead; writes unique_id, ds, model, mean, lo_80, hi_80, lo_95, hi_95.",
    )
    fc.add_argument("--input", required=True, help="CSV with columns unique_id, ds, y")
    fc.add_argument("--h", required=True, type=int, help="number of periods to forecast")
    fc.add_argument(
        "--models",
        nargs="+",
        default=["auto"],
        help="'auto' (default), one alias, or several aliases to select from; log_<alias> "
        "(e.g. log_auto) models a strictly positive series on the log scale",
    )
    fc.add_argument("--freq", default=None, help="pandas alias (YE, QE, ME); inferred if omitted")
    fc.add_argument("--level", nargs="+", type=float, default=[80, 95], help="interval levels")
    fc.add_argument("--seed", type=int, default=0)
    fc.add_argument("--n-paths", type=int, default=1000)
    fc.add_argument("--n-jobs", type=int, default=1)
    fc.add_argument(
        "--errors",
        choices=["raise", "warn"],
        default="raise",
        help="a series too short for the model: stop with an error (raise, default) or leave "
        "it out and name it on stderr (warn)",
    )
    fc.add_argument("--out", default=None, help="output CSV (default: print to stdout)")
    fc.set_defaults(func=_forecast)

    bench = sub.add_parser(
        "benchmark",
        help="accuracy benchmarks of the forecasting engine",
        description="Accuracy benchmarks of the forecasting engine.",
    )
    bsub = bench.add_subparsers(dest="benchmark", metavar="BENCHMARK")
    bsub.required = True
    tour = bsub.add_parser(
        "tourism",
        help="tourism competition (yearly h=4, quarterly h=8, monthly h=24)",
        description="Run the tourism competition protocol and print MAPE, sMAPE, MASE and "
        "interval coverage per model next to the published results in the data README.",
    )
    tour.add_argument("--data", required=True, help="folder with the tourism CSVs and README.md")
    tour.add_argument("--freq", choices=["yearly", "quarterly", "monthly", "all"], default="all")
    tour.add_argument("--models", nargs="+", default=["snaive", "theta", "auto"])
    tour.add_argument("--n-jobs", type=int, default=1)
    tour.add_argument("--limit", type=int, default=None, help="only the first N series")
    _prior_option(tour)
    tour.set_defaults(func=_benchmark, benchmark_name="tourism")
    m1 = bsub.add_parser(
        "m1",
        help="M1 competition (yearly h=6, quarterly h=8, monthly h=18)",
        description="Run the M1 competition protocol and print MAPE, sMAPE, MASE, interval "
        "coverage and scaled CRPS per model next to the naive baselines in the data README.",
    )
    m1.add_argument("--data", required=True, help="folder with the M1 CSVs and README.md")
    m1.add_argument("--freq", choices=["yearly", "quarterly", "monthly", "all"], default="all")
    m1.add_argument("--models", nargs="+", default=["naive", "snaive", "theta", "ets", "auto"])
    m1.add_argument("--n-jobs", type=int, default=1)
    m1.add_argument("--limit", type=int, default=None, help="only the first N series")
    _prior_option(m1)
    m1.set_defaults(func=_benchmark, benchmark_name="m1")


def _prior_option(parser: argparse.ArgumentParser) -> None:
    from forecasting.models.priors import PRIORS

    parser.add_argument(
        "--uncalibrated",
        nargs="*",
        default=[],
        metavar="MODEL",
        help="run these models without the backtest calibration (one fit per series; e.g. the "
        "slow AICc search of ets, whose point accuracy is what is compared)",
    )
    parser.add_argument(
        "--prior",
        choices=sorted(PRIORS),
        default=None,
        help="calibration prior table: which benchmark's training data it was estimated on "
        "(default: the engine default, tourism)",
    )


def _not_utf8(path: str, exc: UnicodeDecodeError) -> str:
    """The message for an --input file that is not UTF-8 text (names a UTF-16 file as such)."""
    with open(path, "rb") as fh:
        head = fh.read(2)
    kind = "it looks like UTF-16" if head in (b"\xff\xfe", b"\xfe\xff") else "another encoding"
    return (
        f"--input {path}: not UTF-8 text (byte {exc.start}; {kind}); "
        "save the CSV as UTF-8 (Excel: 'CSV UTF-8')"
    )


def _forecast(args: argparse.Namespace) -> int:
    import warnings

    import pandas as pd

    from forecasting.models.core import ForecastWarning, forecast

    try:
        df = pd.read_csv(args.input)
    except UnicodeDecodeError as exc:
        raise ModelError(_not_utf8(args.input, exc)) from exc
    except (OSError, pd.errors.ParserError) as exc:
        raise ModelError(f"cannot read {args.input}: {exc}") from exc
    models = args.models[0] if len(args.models) == 1 else args.models
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ForecastWarning)  # printed below, one line per series
        out = forecast(
            df,
            args.h,
            freq=args.freq,
            level=tuple(args.level),
            models=models,
            seed=args.seed,
            n_paths=args.n_paths,
            n_jobs=args.n_jobs,
            errors=args.errors,
        )
    for uid, reason in out.attrs.get("failed", {}).items():
        print(f"left out {uid}: {reason}", file=sys.stderr)
    if args.out:
        out.to_csv(args.out, index=False)
        print(f"wrote {len(out)} rows to {args.out}")
    else:
        out.to_csv(sys.stdout, index=False)
    return 0


def _benchmark(args: argparse.Namespace) -> int:
    import warnings

    from forecasting.models.benchmark import PROTOCOLS, format_table, published, run_benchmark

    name = args.benchmark_name
    kinds = list(PROTOCOLS[name]) if args.freq == "all" else [args.freq]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = run_benchmark(
            args.data,
            kinds,
            args.models,
            n_jobs=args.n_jobs,
            limit=args.limit,
            benchmark=name,
            prior=args.prior,
            uncalibrated=tuple(args.uncalibrated),
        )
    print(format_table(results, published(name, args.data), name))
    return 0
