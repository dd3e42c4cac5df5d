"""CLI of the sensitivity stage: ``lithium-forecast sensitivity`` (tornado, Sobol, Morris).

Outputs go to a folder the user names; the domain CLI's output rules apply (refused under
``datasets/`` or into a folder that already holds files).
"""

from __future__ import annotations

import argparse

from forecasting.domain.cli import DATA_HELP, FLOAT_FORMAT, _inputs, _targets, check_out_dir


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``sensitivity`` to the top-level parser."""
    sens = sub.add_parser("sensitivity", help="tornado, Sobol or Morris on supply assumptions")
    sens.add_argument("--method", choices=("tornado", "sobol", "morris"), required=True)
    sens.add_argument("--scenario", default="base", help="scenario name or YAML path")
    sens.add_argument("--out", default=None, help="write sensitivity.csv to this (new) folder")
    sens.add_argument("--param", action="append", default=None, help="dotted key (repeatable)")
    sens.add_argument(
        "--levers",
        action="store_true",
        help="add the four levers of the plan (technology, ecology, policy, recycling) to the "
        "supply assumptions, each over its stated range",
    )
    sens.add_argument("--n", type=int, default=1024, help="Sobol base sample size")
    sens.add_argument("--n-paths", type=int, default=None, help="paths per parameter set")
    sens.add_argument("--seed", type=int, default=0)
    sens.add_argument("--n-jobs", type=int, default=1, help="joblib workers (<= 2 here)")
    sens.add_argument("--dask-address", default=None, help="Dask scheduler address")
    sens.add_argument("--data", default=None, help=DATA_HELP)
    sens.set_defaults(func=_sensitivity)


def _sensitivity(args: argparse.Namespace) -> int:
    from forecasting import sensitivity as sa
    from forecasting.scenarios import load_scenario
    from forecasting.sensitivity.core import _bounds

    out = check_out_dir(args.out) if args.out else None
    scen = load_scenario(args.scenario)
    params = tuple(args.param) if args.param else sa.SUPPLY_PARAMS
    if args.levers:
        params = {**_bounds(scen, params), **sa.LEVER_PARAMS}
    common = {"seed": args.seed, "targets": _targets(args.data), "inputs": _inputs(args.data)}
    if args.method == "tornado":
        frame = sa.tornado(scen, params, n_paths=args.n_paths or 1000, **common)
        cols = ["output", "parameter", "swing"]
    else:
        fn = sa.sobol if args.method == "sobol" else sa.morris
        kw = {"n": args.n} if args.method == "sobol" else {}
        if args.n_paths:
            kw["n_inner"] = args.n_paths
        frame = fn(scen, params, n_jobs=args.n_jobs, dask_address=args.dask_address, **kw, **common)
        cols = ["output", "parameter", "ST" if args.method == "sobol" else "mu_star"]
    moved = frame.groupby("output")[cols[2]].transform("max") > 0  # print only moved outputs
    top = frame[moved].sort_values(cols[2], ascending=False).groupby("output").head(3)
    top = top.sort_values(["output", cols[2]], ascending=[True, False])
    print(top[cols].to_string(index=False))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        frame.to_csv(out / "sensitivity.csv", index=False, float_format=FLOAT_FORMAT)
        print(f"wrote sensitivity.csv to {out}")
    return 0
