"""Compute the report's numbers BEFORE any notebook runs, as byte-stable CSVs.

``compute_outputs(spec, run_dir)`` writes into ``run_dir``:

* ``forecasts.csv``: tidy quantiles per view (``bottom_up`` project pipeline, ``top_down`` time
  series), metric, series and year: ``mean, median, lo_80, hi_80, lo_95, hi_95`` (80% interval =
  10th-90th percentile, 95% = 2.5th-97.5th) in the series' unit; ``quarter`` and ``as_of`` (the
  cut-off) on every row; ``status`` = ``observed`` | ``nowcast`` | ``forecast`` per year.
* ``target_probabilities.csv``: per official target and view, from the same sample paths
  (:func:`forecasting.targets.summarize_target`): median and 80% interval in the target year,
  ``p_met_in_year = P(x_T >= target)``, ``p_reached_by_year = P(first crossing <= T)``, most
  likely first year, ``p_not_reached``, ``expected_shortfall``. One row per target and view;
  ``headline`` marks the front-page rows (bottom-up where the model covers the metric).
  ``status`` is ``observed`` | ``nowcast`` | ``forecast`` for targets whose year has ended by
  ``as_of`` with / without an official figure, or has not ended
  (:mod:`forecasting.reports.observed`).
* ``tables/*.csv``: supporting tables the notebooks draw (crossing curves, sensitivity, ...).

Tables are computed in groups (:data:`GROUP_NAMES`), each cached on its own key, so a notebook
run alone computes only the groups it reads (:func:`forecasting.reports.nbtools.open_run`).

Every table is sorted and written with a fixed float format (:func:`cache.write_csv`), so the same
inputs and seed give byte-identical files. Numbers come from the other stages: this module only
calls ``forecasting.domain``, ``forecasting.models``, ``forecasting.sensitivity`` and
``forecasting.targets``; it holds no model code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from forecasting.reports import cache, sources
from forecasting.reports.manifest import hash_files

DEFAULT_SCENARIO = "base"
DEFAULT_N_PATHS = 1000
FORECAST_COLUMNS = [
    "quarter",
    "as_of",
    "view",
    "scenario",
    "metric",
    "series",
    "unit",
    "year",
    "status",
    "model",
    "mean",
    "median",
    "lo_80",
    "hi_80",
    "lo_95",
    "hi_95",
]
TARGET_COLUMNS = [
    "quarter",
    "as_of",
    "view",
    "headline",
    "scenario",
    "target_id",
    "metric",
    "series",
    "unit",
    "target_value",
    "target_year",
    "document",
    "scope_note",
    "median",
    "lo_80",
    "hi_80",
    "p_met_in_year",
    "p_reached_by_year",
    "most_likely_first_year",
    "median_first_year",
    "p_not_reached",
    "expected_shortfall",
    "status",
    "observed_value",
    "observed_source_id",
    "observed_met",
]


@dataclass(frozen=True)
class RunSpec:
    """What a report run is computed from (besides data files, scenario files and code).

    ``data_path``: a folder of the user's own tables in the bundled schema (each table found
    there replaces the bundled one, see :func:`forecasting.data.registry.table_file`); None
    reads ``datasets/`` only.
    """

    quarter: str
    as_of: str
    scenario: str = DEFAULT_SCENARIO
    seed: int = 0
    n_paths: int = DEFAULT_N_PATHS
    data_path: str | None = None

    def parameters(self) -> dict[str, Any]:
        """The notebook parameters cell / manifest ``parameters`` block."""
        return {
            "quarter": self.quarter,
            "scenario": self.scenario,
            "as_of": self.as_of,
            "seed": self.seed,
            "n_paths": self.n_paths,
            "data_path": self.data_path,
        }


@dataclass
class Computed:
    """What the compute step read (for the manifest) and notes for the report."""

    data_files: list[Path]
    scenario_files: list[Path]
    notes: dict[str, Any] = field(default_factory=dict)


def core_tables(spec: RunSpec, scenarios_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """The headline tables of ``spec``: ``forecasts``, ``target_probabilities``, ``reached_by``,
    ``value``, ``projects``, ``unmodelled_targets``, ``anchors_used`` and ``notes`` (why a
    top-down series is missing). ``scenarios_dir`` reads the scenario from another folder (a
    previous vintage's copy)."""
    from forecasting.reports import observed, views

    bottom = views.bottom_up(spec, scenarios_dir)
    top, top_note = views.top_down_or_note(spec, scenarios_dir)
    forecasts = pd.concat([bottom["forecasts"], top["forecasts"]], ignore_index=True)
    forecasts = observed.with_year_status(forecasts, spec, bottom["observed_years"])
    targets = views.mark_headline(pd.concat([bottom["targets"], top["targets"]], ignore_index=True))
    targets = observed.with_target_status(with_scope_notes(targets), spec.as_of).assign(
        quarter=spec.quarter, as_of=spec.as_of
    )
    tables = {
        "forecasts": forecasts[FORECAST_COLUMNS],
        "target_probabilities": targets[TARGET_COLUMNS],
        "reached_by": pd.concat([bottom["reached_by"], top["reached_by"]], ignore_index=True),
        "notes": top_note,
    }
    for name in ("value", "projects", "unmodelled_targets", "anchors_used"):
        if name in bottom:
            tables[name] = bottom[name]
    return tables


def _extra_group(name: str) -> Callable[[RunSpec], dict[str, pd.DataFrame]]:
    """The builder of one supporting table; a part that raises becomes a ``notes`` row."""

    def build(spec: RunSpec) -> dict[str, pd.DataFrame]:
        from forecasting.errors import ForecastingError
        from forecasting.reports import extras as ex

        try:
            out = ex.EXTRA_TABLES[name](spec)
        except (ForecastingError, ImportError) as exc:
            note = {"table": name, "problem": f"{type(exc).__name__}: {exc}"}
            return {"notes": pd.DataFrame([note], columns=NOTE_COLUMNS)}
        tables = out if isinstance(out, dict) else {name: out}
        return {**tables, "notes": pd.DataFrame(columns=NOTE_COLUMNS)}

    return build


NOTE_COLUMNS = ["table", "problem"]
#: Table groups in build order: each is computed (and cached) as a unit.
GROUP_NAMES = (
    "core",
    "history",
    "price_history",
    "coverage",
    "provenance",
    "backtest",
    "scenarios",
    "tornado",
    "sobol",
    "benchmark",
    "domain_backtest",
    "levers",
)
#: Tables each group writes besides ``notes`` (a notebook asking for a table computes its group).
GROUP_TABLES = {
    "core": (
        "forecasts",
        "target_probabilities",
        "reached_by",
        "value",
        "projects",
        "unmodelled_targets",
        "anchors_used",
    ),
    "scenarios": ("scenarios", "scenario_series"),
    "levers": ("lever_effects", "lever_screen"),
}


def group_of(table: str) -> str | None:
    """The group that computes ``table`` (None for tables no group makes, e.g. revisions)."""
    for group in GROUP_NAMES:
        if table in GROUP_TABLES.get(group, (group,)):
            return group
    return None


def _builder(group: str) -> Callable[[RunSpec], dict[str, pd.DataFrame]]:
    return core_tables if group == "core" else _extra_group(group)


def with_scope_notes(targets: pd.DataFrame) -> pd.DataFrame:
    """``scope_note`` on every row: the domain's note on what a target covers that the model
    does not (or the reverse), copied by ``target_id`` to the top-down rows; ``""`` if none."""
    if "scope_note" not in targets:
        return targets.assign(scope_note="")
    notes = targets["scope_note"].fillna("").astype(str).str.strip()
    by_id = notes[notes != ""].groupby(targets["target_id"]).first()
    filled = notes.where(notes != "", targets["target_id"].map(by_id)).fillna("")
    return targets.assign(scope_note=filled)


SORT_KEYS = (
    "view",
    "scenario",
    "target_id",
    "metric",
    "series",
    "year",
    "model",
    "parameter",
    "output",
    "unique_id",
    "key",
    "table",
)


def sorted_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table sorted by its :data:`SORT_KEYS` columns (stable), index reset."""
    out = {}
    for name, frame in tables.items():
        keys = [c for c in SORT_KEYS if c in frame.columns]
        if name == "projects" or not keys:  # ranked table: keep its order
            out[name] = frame.reset_index(drop=True)
        else:
            out[name] = frame.sort_values(keys, kind="mergesort").reset_index(drop=True)
    return out


def group_key(spec: RunSpec, group: str, scenarios_dir: Path | None = None) -> str:
    """Cache key of one group: parameters, group name, input files and package source."""
    files = sources.data_files(data_path=spec.data_path) + sources.scenario_files(
        spec.scenario, scenarios_dir
    )
    if group == "benchmark":
        files += sources.benchmark_files()
    params = {**spec.parameters(), "group": group, "scenarios_dir": scenarios_dir is not None}
    return cache.input_key(params, files)


def group_tables(
    spec: RunSpec, group: str, use_cache: bool = True, scenarios_dir: Path | None = None
) -> dict[str, pd.DataFrame]:
    """The tables of one group for ``spec``, sorted, from the cache when the inputs match."""
    key = group_key(spec, group, scenarios_dir)
    build = _builder(group)

    def compute() -> dict[str, pd.DataFrame]:
        args = (spec, scenarios_dir) if group == "core" else (spec,)
        return sorted_tables(build(*args))

    return cache.cached_tables(key, compute, use_cache=use_cache)


#: Groups in the order :func:`fill_cache` starts them (the slowest first).
SLOW_FIRST = ("scenarios", "core", "backtest", "sobol", "tornado", "coverage", "provenance")


def fill_cache(spec: RunSpec, use_cache: bool = True, n_jobs: int = 2) -> list[str]:
    """Compute every group missing from the cache (all of them when ``use_cache`` is False),
    ``n_jobs`` groups at a time in worker processes; return the groups computed."""
    order = [*SLOW_FIRST, *(g for g in GROUP_NAMES if g not in SLOW_FIRST)]
    todo = [g for g in order if not use_cache or not cache.is_cached(group_key(spec, g))]
    if len(todo) <= 1 or n_jobs <= 1:
        for group in todo:
            group_tables(spec, group, use_cache=False)
        return todo
    from joblib import Parallel, delayed

    Parallel(n_jobs=min(n_jobs, len(todo)))(
        delayed(group_tables)(spec, group, use_cache=False) for group in todo
    )
    return todo


def compute_outputs(
    spec: RunSpec, run_dir: Path, use_cache: bool = True, n_jobs: int = 2
) -> Computed:
    """Compute (or reuse from the cache; missing groups ``n_jobs`` at a time) every group and
    write its tables into ``run_dir``:
    ``forecasts.csv`` and ``target_probabilities.csv`` at the top, the rest in ``tables/``,
    ``tables/notes.csv`` (parts that could not be computed) and ``tables/run_spec.json``
    (the parameters, so a notebook can tell the folder holds its run)."""
    run_dir = Path(run_dir)
    (run_dir / "tables").mkdir(exist_ok=True)
    fill_cache(spec, use_cache=use_cache, n_jobs=n_jobs)
    notes, keys = [], {}
    for group in GROUP_NAMES:
        tables = group_tables(spec, group, use_cache=True)
        keys[group] = group_key(spec, group)
        for name, frame in tables.items():
            if name == "notes":
                notes.append(frame)
                continue
            top = name in ("forecasts", "target_probabilities")
            cache.write_csv(frame, run_dir / (f"{name}.csv" if top else f"tables/{name}.csv"))
    notes_frame = pd.concat([n for n in notes if len(n)] or [notes[0]], ignore_index=True)
    cache.write_csv(notes_frame.reindex(columns=NOTE_COLUMNS), run_dir / "tables" / "notes.csv")
    write_run_spec(spec, run_dir)
    scenario_files = sources.scenario_files(spec.scenario)
    sources.copy_scenario_inputs(scenario_files, run_dir / "inputs" / "scenarios")
    bench = sources.benchmark_files()
    return Computed(
        data_files=sources.data_files(data_path=spec.data_path),
        scenario_files=scenario_files,
        notes={"cache_keys": keys, "benchmark_files_sha256": hash_files(bench, sources.REPO_ROOT)},
    )


RUN_SPEC_FILE = "tables/run_spec.json"


def write_run_spec(spec: RunSpec, run_dir: Path) -> Path:
    """``tables/run_spec.json``: the run's parameters (sorted keys)."""
    path = Path(run_dir) / RUN_SPEC_FILE
    path.write_text(json.dumps(spec.parameters(), indent=2, sort_keys=True) + "\n")
    return path


def read_run_spec(run_dir: Path) -> dict[str, Any] | None:
    """The parameters a run folder was computed with, or None when it holds no run."""
    path = Path(run_dir) / RUN_SPEC_FILE
    return json.loads(path.read_text()) if path.is_file() else None


def cached_headline_tables(
    spec: RunSpec, scenarios_dir: Path | None, use_cache: bool
) -> dict[str, pd.DataFrame]:
    """The core tables only (for revision re-runs), cached."""
    return group_tables(spec, "core", use_cache=use_cache, scenarios_dir=scenarios_dir)
