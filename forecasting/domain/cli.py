"""CLI of the domain stage: ``scenario list``, ``scenario run`` (``sensitivity`` lives beside
:mod:`forecasting.sensitivity`, in its ``cli`` module).

Outputs go to a folder the user names; the code refuses to write under ``datasets/`` or into a
folder that already holds files (nothing a user made is ever overwritten).
"""

from __future__ import annotations

import argparse
from pathlib import Path

FLOAT_FORMAT = "%.10g"
DATA_HELP = (
    "folder of your own tables in the bundled schema; each one found there replaces the "
    "bundled table (targets, projects, prices, sales history, ...)"
)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``scenario`` to the top-level parser."""
    scen = sub.add_parser("scenario", help="list or run the bottom-up scenarios")
    ssub = scen.add_subparsers(dest="scenario_command", metavar="ACTION")
    ssub.required = True
    lst = ssub.add_parser("list", help="list the scenario files")
    lst.set_defaults(func=_list)
    run = ssub.add_parser("run", help="run one scenario and write tidy CSVs to --out")
    run.add_argument("scenario", help="scenario name in datasets/scenarios or a path to a YAML")
    run.add_argument("--out", required=True, help="output folder (new or empty; not datasets/)")
    run.add_argument("--n-paths", type=int, default=None, help="Monte Carlo paths")
    run.add_argument("--seed", type=int, default=None, help="random seed")
    run.add_argument("--end-year", type=int, default=None, help="last simulated year")
    run.add_argument(
        "--top-down", action="store_true", help="also write top_down.csv (engine vs pipeline)"
    )
    run.add_argument("--data", default=None, help=DATA_HELP)
    run.add_argument(
        "--as-of",
        default=None,
        help="vintage date YYYY-MM-DD: data and from_data anchors as published by then",
    )
    run.set_defaults(func=_run)


def check_out_dir(out: str | Path) -> Path:
    """The output folder, refused if under datasets/ or already holding files."""
    from forecasting import paths
    from forecasting.errors import ForecastingError

    path = Path(out).resolve()
    data = paths.datasets_dir().resolve()  # the bundled tables, or the user's own folder
    if paths.is_bundled_resource(path) or path == data or data in path.parents:
        raise ForecastingError(f"refusing to write into datasets/ ({path}); choose another --out")
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ForecastingError(f"output folder {path} already exists and is not empty")
    return path


def _list(args: argparse.Namespace) -> int:
    from forecasting import paths
    from forecasting.errors import ScenarioError
    from forecasting.scenarios import list_scenarios, load_scenario

    names = list_scenarios()
    if not names:
        raise ScenarioError(f"no scenario files (*.yaml) in {paths.scenarios_dir()}")
    for name in names:
        print(f"{name:20s} {load_scenario(name).description}")
    return 0


def _targets(folder=None):
    from forecasting.data import load_targets
    from forecasting.data.registry import table_file

    return load_targets(path=table_file(folder, "targets"))


def _anchors(folder=None):
    from forecasting.data import load_qinghai_capacity, load_series
    from forecasting.data.registry import table_file
    from forecasting.domain.project_pipeline import observed_anchors

    output = load_series(ids=["qinghai_output_t_lce"], path=folder)
    return observed_anchors(
        output, load_qinghai_capacity(path=table_file(folder, "qinghai_capacity"))
    )


def _inputs(folder, as_of=None):
    from forecasting.domain.inputs import build_inputs_from_datasets

    return build_inputs_from_datasets(as_of=as_of, path=folder)


def _run(args: argparse.Namespace) -> int:
    import yaml

    from forecasting.domain.run import run_scenario
    from forecasting.domain.yardsticks import yardstick_table
    from forecasting.scenarios import load_scenario

    out = check_out_dir(args.out)
    scen = load_scenario(args.scenario)
    res = run_scenario(
        scen, args.n_paths, args.seed, end_year=args.end_year, inputs=_inputs(args.data, args.as_of)
    )
    targets = _targets(args.data)
    tables = {
        "summary": res.summary(),
        "targets": res.target_table(targets),
        "target_years": res.target_years_table(targets),
        "targets_not_modelled": res.targets_not_modelled(targets),
        "value_decomposition": res.value_decomposition(),
        "anchors": res.anchor_table(_anchors(args.data)),
        "anchors_used": res.anchors_used,
        "supply_posterior": res.supply.latents,
        "conditioning": res.supply.diagnostics,
        "yardsticks": yardstick_table(res),
    }
    if args.top_down:
        from forecasting.domain.result_tables import compare_top_down
        from forecasting.domain.topdown import build_top_down

        fc = build_top_down(end_year=int(res.years[-1]), seed=res.seed)
        for uid, why in fc.attrs.get("failed", {}).items():
            print(f"top-down {uid}: not forecast, columns left empty ({why})")
        tables["top_down"] = compare_top_down(res, fc)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(out / f"{name}.csv", index=False, float_format=FLOAT_FORMAT)
    meta = {
        "scenario": res.scenario.to_dict(),
        "n_paths": int(res.paths["qinghai_output_t_lce"].shape[0]),
    }
    meta["seed"] = res.seed
    (out / "scenario_resolved.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
    print(f"wrote {', '.join(f'{n}.csv' for n in tables)} and scenario_resolved.yaml to {out}")
    return 0
