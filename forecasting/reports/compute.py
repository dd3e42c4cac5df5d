"""Compute the report's numbers BEFORE any notebook runs, as byte-stable CSVs.

``compute_outputs(spec, run_dir)`` writes into ``run_dir``:

* ``forecasts.csv``: tidy quantiles per view (``bottom_up`` project pipeline, ``top_down`` time
  series), metric, series and year: ``mean, median, lo_80, hi_80, lo_95, hi_95`` (80% interval =
  10th-90th percentile, 95% = 2.5th-97.5th) in the series' unit.
* ``target_probabilities.csv``: per official target and view, from the same sample paths
  (:func:`forecasting.targets.summarize_target`): median and 80% interval in the target year,
  ``p_met_in_year = P(x_T >= target)``, ``p_reached_by_year = P(first crossing <= T)``, most
  likely first year, ``p_not_reached``, ``expected_shortfall``. Rows with ``view == "headline"``
  are the front-page rows (bottom-up where the model covers the metric). ``status`` is
  ``observed`` | ``nowcast`` | ``forecast`` for targets whose year has ended by ``as_of`` with /
  without an official figure, or has not ended (:mod:`forecasting.reports.observed`).
* ``tables/*.csv``: supporting tables the notebooks draw (crossing curves, sensitivity, ...).

Every table is sorted and written with a fixed float format (:func:`cache.write_csv`), so the same
inputs and seed give byte-identical files. Numbers come from the other stages: this module only
calls ``forecasting.domain``, ``forecasting.models``, ``forecasting.sensitivity`` and
``forecasting.targets``; it holds no model code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from forecasting.reports import cache, sources
from forecasting.reports.manifest import hash_files

DEFAULT_SCENARIO = "base"
DEFAULT_N_PATHS = 1000
FORECAST_COLUMNS = [
    "view",
    "scenario",
    "metric",
    "series",
    "unit",
    "year",
    "model",
    "mean",
    "median",
    "lo_80",
    "hi_80",
    "lo_95",
    "hi_95",
]
TARGET_COLUMNS = [
    "view",
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
    """What a report run is computed from (besides data files, scenario files and code)."""

    quarter: str
    as_of: str
    scenario: str = DEFAULT_SCENARIO
    seed: int = 0
    n_paths: int = DEFAULT_N_PATHS

    def parameters(self) -> dict[str, Any]:
        """The notebook parameters cell / manifest ``parameters`` block."""
        return {
            "quarter": self.quarter,
            "scenario": self.scenario,
            "as_of": self.as_of,
            "seed": self.seed,
            "n_paths": self.n_paths,
        }


@dataclass
class Computed:
    """What the compute step read (for the manifest) and notes for the report."""

    data_files: list[Path]
    scenario_files: list[Path]
    notes: dict[str, Any] = field(default_factory=dict)


def compute_tables(
    spec: RunSpec, scenarios_dir: Path | None = None, with_extras: bool = True
) -> dict[str, pd.DataFrame]:
    """All report tables for ``spec`` (``forecasts``, ``target_probabilities`` and extras).

    ``scenarios_dir`` reads the scenario from another folder (a previous vintage's copy);
    ``with_extras=False`` skips the sensitivity and accuracy tables (used for revision re-runs).
    """
    from forecasting.reports import observed, views

    bottom = views.bottom_up(spec, scenarios_dir)
    top, top_note = views.top_down_or_note(spec)
    forecasts = pd.concat([bottom["forecasts"], top["forecasts"]], ignore_index=True)
    targets = views.headline_targets(
        pd.concat([bottom["targets"], top["targets"]], ignore_index=True)
    )
    tables = {
        "forecasts": forecasts[FORECAST_COLUMNS],
        "target_probabilities": observed.with_target_status(with_scope_notes(targets), spec.as_of)[
            TARGET_COLUMNS
        ],
        "reached_by": pd.concat([bottom["reached_by"], top["reached_by"]], ignore_index=True),
    }
    for name in ("value", "projects", "unmodelled_targets", "anchors_used"):
        if name in bottom:
            tables[name] = bottom[name]
    if with_extras:
        tables.update(views.extras(spec))
        tables["notes"] = pd.concat([tables["notes"], top_note], ignore_index=True)
    return tables


def with_scope_notes(targets: pd.DataFrame) -> pd.DataFrame:
    """``scope_note`` on every row: the domain's note on what a target covers that the model
    does not (or the reverse), copied by ``target_id`` to the top-down rows; ``""`` if none."""
    if "scope_note" not in targets:
        return targets.assign(scope_note="")
    notes = targets["scope_note"].fillna("").astype(str).str.strip()
    by_id = notes[notes != ""].groupby(targets["target_id"]).first()
    filled = notes.where(notes != "", targets["target_id"].map(by_id)).fillna("")
    return targets.assign(scope_note=filled)


def _sort_keys(name: str, frame: pd.DataFrame) -> list[str]:
    preferred = [
        "view",
        "scenario",
        "target_id",
        "metric",
        "series",
        "year",
        "model",
        "parameter",
        "unique_id",
        "key",
    ]
    return [c for c in preferred if c in frame.columns]


def compute_outputs(spec: RunSpec, run_dir: Path, use_cache: bool = True) -> Computed:
    """Compute (or reuse from the cache) every table and write it into ``run_dir``."""
    data_files = sources.data_files()
    scenario_files = sources.scenario_files(spec.scenario)
    bench = sources.benchmark_files()
    key = cache.input_key(
        {**spec.parameters(), "kind": "full"}, data_files + scenario_files + bench
    )
    tables = cache.cached_tables(key, lambda: compute_tables(spec), use_cache=use_cache)
    run_dir = Path(run_dir)
    (run_dir / "tables").mkdir(exist_ok=True)
    for name, frame in tables.items():
        dest = (
            run_dir / f"{name}.csv"
            if name in ("forecasts", "target_probabilities")
            else (run_dir / "tables" / f"{name}.csv")
        )
        cache.write_csv(frame, dest, sort_by=_sort_keys(name, frame))
    sources.copy_scenario_inputs(scenario_files, run_dir / "inputs" / "scenarios")
    notes = {
        "cache_key": key,
        "benchmark_files_sha256": hash_files(bench, sources.REPO_ROOT),
    }
    return Computed(data_files=data_files, scenario_files=scenario_files, notes=notes)


def compute_revisions(
    spec: RunSpec, run_dir: Path, previous: Path | None, use_cache: bool = True
) -> pd.DataFrame:
    """Write ``tables/revisions.csv`` and ``tables/revision_meta.json`` (see ``revisions``)."""
    from forecasting.reports import revisions

    return revisions.write_revisions(spec, Path(run_dir), previous, use_cache=use_cache)


def cached_headline_tables(
    spec: RunSpec, scenarios_dir: Path | None, use_cache: bool
) -> dict[str, pd.DataFrame]:
    """``forecasts`` and ``target_probabilities`` only (for revision re-runs), cached."""
    data_files = sources.data_files()
    scen = sources.scenario_files(spec.scenario, scenarios_dir)
    key = cache.input_key({**spec.parameters(), "kind": "headline"}, data_files + scen)
    return cache.cached_tables(
        key, lambda: compute_tables(spec, scenarios_dir, with_extras=False), use_cache=use_cache
    )
