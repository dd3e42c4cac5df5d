"""What changed since last quarter: key outputs, previous vs new, split into data/assumption/model.

Method (one component swapped at a time, everything else as in the new run)::

    revision         = new - previous
    data part        = new - run(new code, new scenario, OLD as_of)
    assumption part  = new - run(new code, OLD scenario, new as_of)
    model part       = revision - data part - assumption part   (code and model changes, and
                       interactions between the parts)

``previous`` is read from the latest published folder before this quarter (its CSVs, manifest
and copied scenario files). Without one, the previous vintage is *reconstructed*: the same code
and scenario with ``as_of`` = last day of the previous quarter, so the whole revision is the data
part, and the report says so.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.reports import cache
from forecasting.reports.manifest import read_manifest
from forecasting.reports.publish import previous_quarter, quarter_end
from forecasting.reports.views import headline_rows

#: Years at which capacity, output and EV demand medians are compared between vintages.
KEY_YEARS = (2030, 2035)
#: Bottom-up series whose medians in KEY_YEARS are key outputs.
KEY_SERIES = (
    "qinghai_capacity_t_lce",
    "qinghai_output_t_lce",
    "qinghai_output_value_bn_cny",
    "china_ev_lithium_demand_t_lce",
    "world_ev_lithium_demand_t_lce",
)
METHOD = (
    "data part = new run minus a re-run with the previous as_of; assumption part = new run minus "
    "a re-run with the previous scenario files; model part = the remainder (code/model changes "
    "and interactions). Each re-run uses this quarter's code, seed and number of paths."
)
REVISION_COLUMNS = [
    "key",
    "label",
    "unit",
    "previous",
    "new",
    "revision",
    "data_part",
    "assumption_part",
    "model_part",
]


def key_outputs(forecasts: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Headline numbers of one vintage: ``key, label, unit, value`` (sorted by key).

    Per headline target: median in the target year and ``P(met by target year)``; per bottom-up
    series of capacity, output and EV demand: the median in each of :data:`KEY_YEARS`.
    """
    rows = []
    for r in headline_rows(targets).itertuples(index=False):
        what = f"{r.metric} {r.target_value:,.0f} {r.unit} by {r.target_year}"
        rows.append(
            (f"{r.target_id}:median", f"median {r.metric} {r.target_year}", r.unit, r.median)
        )
        rows.append((f"{r.target_id}:p_met", f"P({what})", "probability", r.p_reached_by_year))
    fc = forecasts[
        (forecasts["view"] == "bottom_up")
        & forecasts["year"].isin(KEY_YEARS)
        & forecasts["series"].isin(KEY_SERIES)
    ]
    for r in fc.itertuples(index=False):
        rows.append(
            (
                f"{r.metric}:{r.series}:{r.year}",
                f"median {r.metric} ({r.series}) {r.year}",
                r.unit,
                r.median,
            )
        )
    out = pd.DataFrame(rows, columns=["key", "label", "unit", "value"])
    return out.drop_duplicates("key").sort_values("key", kind="mergesort").reset_index(drop=True)


def _split(
    new: pd.DataFrame,
    prev: pd.DataFrame,
    data_run: pd.DataFrame,
    assumption_run: pd.DataFrame | None,
) -> pd.DataFrame:
    table = new.rename(columns={"value": "new"}).merge(
        prev[["key", "value"]].rename(columns={"value": "previous"}),
        on="key",
        how="left",
        validate="1:1",
    )
    data_vals = table["key"].map(data_run.set_index("key")["value"])
    table["revision"] = table["new"] - table["previous"]
    table["data_part"] = table["new"] - data_vals
    if assumption_run is None:
        table["assumption_part"] = 0.0
    else:
        table["assumption_part"] = table["new"] - table["key"].map(
            assumption_run.set_index("key")["value"]
        )
    table["model_part"] = table["revision"] - table["data_part"] - table["assumption_part"]
    return table[REVISION_COLUMNS]


def _headline(spec, scenarios_dir: Path | None, use_cache: bool) -> pd.DataFrame:
    from forecasting.reports.compute import cached_headline_tables

    t = cached_headline_tables(spec, scenarios_dir, use_cache)
    return key_outputs(t["forecasts"], t["target_probabilities"])


def compute_revision_table(
    spec, run_dir: Path, previous: Path | None, use_cache: bool = True
) -> tuple[pd.DataFrame, dict]:
    """The revision table and its metadata (previous label, method, note)."""
    new = key_outputs(
        pd.read_csv(run_dir / "forecasts.csv"), pd.read_csv(run_dir / "target_probabilities.csv")
    )
    if previous is None:
        prev_q = previous_quarter(spec.quarter)
        old_as_of = quarter_end(prev_q).isoformat()
        prev = _headline(replace(spec, as_of=old_as_of), None, use_cache)
        table = _split(new, prev, prev, None)
        label = f"reconstructed {prev_q} (no published previous vintage; as_of {old_as_of})"
        note = (
            f"No earlier quarter is published in this folder, so last quarter's figures are "
            f"reconstructed: the same code and scenario with data cut at {old_as_of}. "
            "Assumption and model parts are therefore zero by construction."
        )
        return table, {
            "previous_label": label,
            "previous_as_of": old_as_of,
            "method": METHOD,
            "note": note,
            "reconstructed": True,
        }
    manifest = read_manifest(previous)
    old = manifest["parameters"]
    prev = key_outputs(
        pd.read_csv(previous / "forecasts.csv"), pd.read_csv(previous / "target_probabilities.csv")
    )
    data_run = _headline(replace(spec, as_of=old["as_of"]), None, use_cache)
    old_scen = replace(spec, scenario=old["scenario"])
    assumption_run = _headline(old_scen, previous / "inputs" / "scenarios", use_cache)
    table = _split(new, prev, data_run, assumption_run)
    note = (
        f"Compared with the published {previous.name} vintage (as_of {old['as_of']}, "
        f"scenario {old['scenario']})."
    )
    return table, {
        "previous_label": f"published {previous.name}",
        "previous_as_of": str(old["as_of"]),
        "method": METHOD,
        "note": note,
        "reconstructed": False,
    }


PIPELINE_CHANGE_COLUMNS = [
    "project_id",
    "change",
    "nameplate_t_lce_per_year",
    "include_in_pipeline",
]


def _differs(a: object, b: object) -> bool:
    """Values differ (two missing values are equal)."""
    if pd.isna(a) and pd.isna(b):
        return False
    return bool(pd.isna(a) or pd.isna(b) or a != b)


def pipeline_changes(old_as_of: str, new_as_of: str) -> pd.DataFrame:
    """Projects whose record differs between the data known at ``old_as_of`` and ``new_as_of``:
    first reported, no longer listed, or a changed status or nameplate (t LCE/yr).

    These are the data changes behind the pipeline part of a data revision.
    """
    from forecasting.data import load_qinghai_projects

    keep = ["status", "nameplate_t_lce_per_year", "include_in_pipeline"]
    old = load_qinghai_projects(as_of=old_as_of).set_index("project_id")[keep]
    new = load_qinghai_projects(as_of=new_as_of).set_index("project_id")[keep]
    rows = []
    for pid in sorted(set(old.index) | set(new.index)):
        if pid not in old.index:
            r, change = new.loc[pid], f"first reported (status {new.loc[pid, 'status']})"
        elif pid not in new.index:
            r, change = old.loc[pid], "no longer listed"
        else:
            r, before = new.loc[pid], old.loc[pid]
            if _differs(before["status"], r["status"]):
                change = f"status {before['status']} -> {r['status']}"
            elif _differs(before["nameplate_t_lce_per_year"], r["nameplate_t_lce_per_year"]):
                change = f"nameplate was {before['nameplate_t_lce_per_year']:,.0f}"
            else:
                continue
        rows.append(
            {
                "project_id": pid,
                "change": change,
                "nameplate_t_lce_per_year": r["nameplate_t_lce_per_year"],
                "include_in_pipeline": bool(r["include_in_pipeline"]),
            }
        )
    return pd.DataFrame(rows, columns=PIPELINE_CHANGE_COLUMNS)


def write_revisions(
    spec, run_dir: Path, previous: Path | None, use_cache: bool = True
) -> pd.DataFrame:
    """Write ``tables/revisions.csv`` and ``tables/revision_meta.json``; return the table."""
    table, meta = compute_revision_table(spec, run_dir, previous, use_cache)
    table = table.replace([np.inf, -np.inf], np.nan)
    cache.write_csv(table, run_dir / "tables" / "revisions.csv", sort_by=["key"])
    changes = pipeline_changes(meta["previous_as_of"], spec.as_of)
    cache.write_csv(changes, run_dir / "tables" / "pipeline_changes.csv", sort_by=["project_id"])
    (run_dir / "tables" / "revision_meta.json").write_text(
        json.dumps(meta, indent=2, sort_keys=True) + "\n"
    )
    return table
