"""Report views: call the other stages and normalise their outputs into the report's tidy tables.

* ``bottom_up``: :func:`forecasting.domain.run_scenario` (project pipeline, EV demand, value);
  quantiles from ``ScenarioResult.summary()``, targets from ``ScenarioResult.target_table``.
* ``top_down``: the engine's paths of the reported series
  (:func:`forecasting.domain.topdown.top_down_paths`); bands
  (:func:`forecasting.contracts.band_quantiles`) and target figures
  (:func:`forecasting.targets.summarize_target`) from those same paths.

This module assembles: it computes nothing of its own beyond labels, units and row selection.

Units: capacity and output in t LCE/yr, output value in bn CNY, EV sales in vehicles/yr,
demand in t LCE/yr, shares as fractions. Quantile columns follow
:data:`forecasting.reports.compute.FORECAST_COLUMNS` (80% = 10th-90th percentile).
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.contracts import P_REACHED_BY_YEAR, band_quantiles
from forecasting.domain.topdown import (
    TOP_DOWN_END_YEAR,
    TOP_DOWN_SERIES,
    available_top_down_series,
    top_down_paths,
)
from forecasting.errors import ForecastingError, ReportError

HORIZON_END_YEAR = TOP_DOWN_END_YEAR
#: Unit label by series-name suffix (units live in the names).
UNIT_SUFFIXES = (
    ("_t_lce", "t LCE/yr"),
    ("_bn_cny", "bn CNY"),
    ("_units", "vehicles/yr"),
    ("_gwh", "GWh/yr"),
    ("_cny_per_t", "CNY/t"),
    ("share", "share"),
)
TARGET_UNIT_LABELS = {"t_lce_per_year": "t LCE/yr", "bn_cny": "bn CNY", "gwh_per_year": "GWh/yr"}
HEADLINE_METRICS = ("capacity", "output", "output_value", "cell_capacity")


def unit_of(series: str) -> str:
    """Display unit of a series from its name (``qinghai_capacity_t_lce`` -> ``t LCE/yr``)."""
    for suffix, label in UNIT_SUFFIXES:
        if series.endswith(suffix) or (suffix == "share" and "share" in series):
            return label
    raise ReportError(f"cannot tell the unit of series {series!r} from its name")


def _targets_registry() -> pd.DataFrame:
    from forecasting.data import load_targets

    return load_targets()


def display_document(document: str, issuer: str) -> str:
    """The issuing document as the report shows it: the title as registered (Chinese titles
    included; the report's fonts draw them), followed by the issuer in brackets when the title
    has no Latin words to tell an English reader who issued it; the issuer alone if untitled."""
    doc = "" if pd.isna(document) else str(document).strip()
    issuer_text = "" if pd.isna(issuer) else str(issuer).strip()
    if not doc:
        return issuer_text
    has_latin_word = any(ch.isascii() and ch.isalpha() for ch in doc)
    return doc if has_latin_word or not issuer_text else f"{doc} ({issuer_text})"


def _document_by_target(registry: pd.DataFrame) -> dict[str, str]:
    if "document" not in registry:
        return {}
    issuer = registry["issuer"] if "issuer" in registry else pd.Series("", index=registry.index)
    return {
        tid: display_document(doc, iss)
        for tid, doc, iss in zip(registry["target_id"], registry["document"], issuer, strict=True)
    }


def domain_inputs(as_of: str, data_path: str | None = None):
    """Domain inputs from the bundled datasets (tables in ``data_path`` replace bundled ones),
    cut at ``as_of``. One build per (as_of, data_path) per process."""
    return _domain_inputs(str(as_of), None if data_path is None else str(data_path))


@functools.lru_cache(maxsize=8)
def _domain_inputs(as_of: str, data_path: str | None):
    from forecasting.domain.inputs import build_inputs_from_datasets

    return build_inputs_from_datasets(as_of=as_of, path=data_path)


def observed_years(inputs, as_of: str) -> dict[str, set[int]]:
    """Simulated series -> years the data holds an observation of (published by ``as_of``):
    the domain's observed history, the annual price history and the province-level capacity
    and output figures of :func:`forecasting.reports.observed.load_target_observations`."""
    from forecasting.reports.observed import load_target_observations

    out = {uid: {int(y) for y in years} for uid, years in inputs.history.items()}
    out["lithium_carbonate_price_cny_per_t"] = {int(y) for y in inputs.price_history_cny_per_t}
    obs = load_target_observations(as_of)
    for metric, uid in (("capacity", "qinghai_capacity_t_lce"), ("output", "qinghai_output_t_lce")):
        out[uid] = {int(y) for y in obs.loc[obs["metric"] == metric, "year"]}
    return out


def _summary_to_forecasts(summary: pd.DataFrame, view: str, model: str) -> pd.DataFrame:
    out = summary.rename(columns={"unique_id": "series"})
    out["view"] = view
    out["model"] = model
    out["unit"] = out["series"].map(unit_of)
    return out


def bottom_up(spec, scenarios_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """Bottom-up tables of one scenario run: forecasts, targets, reached_by, value, projects."""
    from forecasting.domain import run_scenario
    from forecasting.domain.result_tables import project_table, unmodelled_targets
    from forecasting.scenarios import SCENARIOS_DIR, load_scenario

    scen = load_scenario(spec.scenario, scenarios_dir or SCENARIOS_DIR)
    inputs = domain_inputs(spec.as_of, spec.data_path)
    result = run_scenario(
        scen, n_paths=spec.n_paths, seed=spec.seed, end_year=HORIZON_END_YEAR, inputs=inputs
    )
    registry = _targets_registry()
    docs = _document_by_target(registry)
    tt = result.target_table(registry).rename(
        columns={"value": "target_value", "unique_id": "series"}
    )
    tt["view"] = "bottom_up"
    tt["unit"] = tt["unit"].map(lambda u: TARGET_UNIT_LABELS.get(u, u))
    tt["document"] = tt["target_id"].map(docs).fillna("")
    reached = result.target_years_table(registry).assign(view="bottom_up")
    return {
        "forecasts": _summary_to_forecasts(result.summary(), "bottom_up", "project_pipeline"),
        "targets": tt,
        "reached_by": reached[
            ["view", "scenario", "target_id", "metric", "year", P_REACHED_BY_YEAR]
        ],
        "value": result.value_decomposition(),
        "projects": project_table(inputs, scen),
        "unmodelled_targets": unmodelled_targets(registry, first_year=int(result.years[0])),
        "anchors_used": anchors_table(result),
        "observed_years": observed_years(inputs, spec.as_of),
    }


def anchors_table(result) -> pd.DataFrame:
    """``ScenarioResult.anchors_used`` (observed values the scenario's ``from_data`` keys took;
    dates as ``YYYY-MM-DD``); an empty table with the same columns when there is none."""
    from forecasting.domain.anchoring import ANCHOR_COLUMNS

    used = getattr(result, "anchors_used", None)
    if used is None or used.empty:
        return pd.DataFrame(columns=ANCHOR_COLUMNS)
    dates = pd.to_datetime(used["observation_date"]).dt.strftime("%Y-%m-%d")
    return used[ANCHOR_COLUMNS].assign(observation_date=dates)


def _quantile_frame(
    spec, uid: str, years: np.ndarray, arr: np.ndarray, model: str = "auto"
) -> pd.DataFrame:
    """Top-down quantile rows of one series (80% = 10th-90th, 95% = 2.5th-97.5th pct)."""
    ident = {
        "view": "top_down",
        "scenario": spec.scenario,
        "metric": TOP_DOWN_SERIES[uid],
        "series": uid,
        "unit": unit_of(uid),
        "year": years,
        "model": model,
    }
    return pd.DataFrame({**ident, **band_quantiles(arr)})


def _target_rows(spec, uid, years, arr, registry, docs) -> tuple[list[dict], list[pd.DataFrame]]:
    """summarize_target and the reached-by curve for each registry target inside the years."""
    from forecasting import targets as tg

    metric = TOP_DOWN_SERIES[uid]
    rows = _registry_rows(registry, metric)
    rows = rows[rows["target_year"].between(int(years[0]), int(years[-1]))]
    summaries, curves = [], []
    for rec in rows.to_dict("records"):
        value, year = float(rec["value"]), int(rec["target_year"])
        s = tg.summarize_target(arr, years, value, year).as_dict()
        summaries.append(
            {
                **{k: v for k, v in s.items() if k not in ("target", "target_year")},
                "view": "top_down",
                "scenario": spec.scenario,
                "target_id": rec["target_id"],
                "metric": metric,
                "series": uid,
                "unit": TARGET_UNIT_LABELS[rec["unit"]],
                "target_value": value,
                "target_year": year,
                "document": docs.get(rec["target_id"], ""),
            }
        )
        reach = tg.reached_by_probability(arr, years, value)
        curves.append(
            pd.DataFrame(
                {
                    "view": "top_down",
                    "scenario": spec.scenario,
                    "target_id": rec["target_id"],
                    "metric": metric,
                    "year": reach.index.to_numpy(),
                    P_REACHED_BY_YEAR: reach.to_numpy(),
                }
            )
        )
    return summaries, curves


def _scenario(spec, scenarios_dir: Path | None = None):
    from forecasting.scenarios import SCENARIOS_DIR, load_scenario

    return load_scenario(spec.scenario, scenarios_dir or SCENARIOS_DIR)


def top_down(
    spec, scenarios_dir: Path | None = None
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Top-down tables from the engine's sample paths, and a note per series it declined."""
    from forecasting import targets as tg

    registry = _targets_registry()
    docs = _document_by_target(registry)
    fc_rows, tg_rows, reach_rows, notes = [], [], [], []
    for uid in available_top_down_series():
        try:
            paths = top_down_paths(
                uid,
                _scenario(spec, scenarios_dir),
                as_of=spec.as_of,
                data_path=spec.data_path,
                seed=spec.seed,
                n_paths=spec.n_paths,
            )
        except ForecastingError as exc:
            notes.append({"table": f"top_down:{uid}", "problem": f"{type(exc).__name__}: {exc}"})
            continue
        years, arr = tg.paths_to_array(paths, uid)
        model = "logistic_scenario_cap" if TOP_DOWN_SERIES[uid] == "ev_sales" else "auto"
        fc_rows.append(_quantile_frame(spec, uid, years, arr, model))
        summaries, curves = _target_rows(spec, uid, years, arr, registry, docs)
        tg_rows += summaries
        reach_rows += curves
    tables = {
        "forecasts": pd.concat(fc_rows, ignore_index=True) if fc_rows else pd.DataFrame(),
        "targets": pd.DataFrame(tg_rows),
        "reached_by": pd.concat(reach_rows, ignore_index=True) if reach_rows else pd.DataFrame(),
    }
    return tables, pd.DataFrame(notes, columns=["table", "problem"])


def top_down_or_note(
    spec, scenarios_dir: Path | None = None
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """:func:`top_down`, or empty tables and a note saying why the whole view is missing."""
    try:
        return top_down(spec, scenarios_dir)
    except (ForecastingError, ImportError) as exc:
        empty = {
            "forecasts": pd.DataFrame(),
            "targets": pd.DataFrame(),
            "reached_by": pd.DataFrame(),
        }
        note = pd.DataFrame([{"table": "top_down", "problem": f"{type(exc).__name__}: {exc}"}])
        return empty, note


def _registry_rows(registry: pd.DataFrame, metric: str) -> pd.DataFrame:
    geo = registry["geography"].astype(str).str.strip().str.lower()
    rows = registry[(registry["metric"] == metric) & (geo == "qinghai")]
    return rows[rows["target_year"].notna()]


def mark_headline(targets: pd.DataFrame) -> pd.DataFrame:
    """``headline`` column: True on the bottom-up row of each capacity/output/value target that
    is not superseded (the front page shows these); each target appears once per view."""
    head = (targets["view"] == "bottom_up") & targets["metric"].isin(HEADLINE_METRICS)
    if "superseded_by" in targets:
        sup = targets["superseded_by"].astype(str).str.strip()
        head &= targets["superseded_by"].isna() | sup.isin(["", "nan", "None"])
    return targets.assign(headline=head.to_numpy())


def headline_rows(targets: pd.DataFrame) -> pd.DataFrame:
    """The front-page rows of a target table: ``headline`` True, or (tables published before
    the ``headline`` column) ``view == "headline"``."""
    if "headline" in targets:
        flag = targets["headline"].astype(str).str.lower().isin(["true", "1"])
        return targets[flag.to_numpy()]
    return targets[targets["view"] == "headline"]
