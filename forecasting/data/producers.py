"""One row per Qinghai lithium producer: its modelled plants beside what it reported.

A producer is the ``producer`` of the projects table; company capacity snapshots and company
outputs carry the same name, so the listed plants can be compared with the company's own
figures (an 80 kt company total against 76 kt of listed plants says 4 kt are not listed).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecasting.data.qinghai import (
    load_company_output,
    load_qinghai_capacity,
    load_qinghai_projects,
)
from forecasting.data.registry import table_file
from forecasting.data.sources import preferred

PathLike = Path | str | None

PRODUCER_COLUMNS = (
    "producer",
    "n_plants_modelled",
    "plants_modelled",
    "nameplate_t_lce_per_year",
    "earliest_start_year",
    "earliest_first_output_year",
    "reported_capacity_t_lce_per_year",
    "reported_capacity_snapshot_id",
    "reported_capacity_year",
    "reported_output_t_lce",
    "reported_output_year",
)


def _latest_capacity(capacity: pd.DataFrame) -> pd.DataFrame:
    """Per producer the latest built company capacity (by snapshot date, else year)."""
    built = capacity[
        (capacity["kind"] == "built")
        & (capacity["scope_level"] == "company")
        & capacity["capacity_t_lce_per_year"].notna()
        & capacity["producer"].notna()
    ]
    when = built["snapshot_date"].fillna(
        pd.to_datetime(built["snapshot_year"].astype("string") + "-12-31", errors="coerce")
    )
    latest = built.assign(_when=when).sort_values("_when", kind="stable", na_position="first")
    latest = latest.groupby("producer").tail(1).set_index("producer")
    return pd.DataFrame(
        {
            "reported_capacity_t_lce_per_year": latest["capacity_t_lce_per_year"],
            "reported_capacity_snapshot_id": latest["snapshot_id"],
            "reported_capacity_year": latest["snapshot_year"],
        }
    )


def _latest_output(company: pd.DataFrame) -> pd.DataFrame:
    """Per producer the latest full-year actual output (one company row per year: the
    preferred source; a group total wins over a subsidiary's figure of the same year)."""
    full = company[(company["value_kind"] == "actual") & (company["annual_bound"] == "point")]
    if full.empty:
        return pd.DataFrame(columns=["reported_output_t_lce", "reported_output_year"])
    full = preferred(full, ["company", "period_end"])
    full = full.assign(_year=full["period_end"].dt.year)
    by_year = full.groupby(["producer", "_year"])["output_t_lce"].max().reset_index()
    latest = by_year.sort_values("_year").groupby("producer").tail(1).set_index("producer")
    return pd.DataFrame(
        {
            "reported_output_t_lce": latest["output_t_lce"],
            "reported_output_year": latest["_year"].astype("Int64"),
        }
    )


def load_qinghai_producers(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """Producers named in the project pipeline known at ``as_of``, sorted by name.

    Columns: producer, n_plants_modelled, plants_modelled (';'-joined project_ids with
    include_in_pipeline), nameplate_t_lce_per_year (their sum, t LCE/yr), earliest_start_year,
    earliest_first_output_year (of the modelled plants), reported_capacity_t_lce_per_year /
    _snapshot_id / _year (the latest built company capacity snapshot), reported_output_t_lce /
    _year (the latest full-year actual company output). A producer whose plants are all
    excluded (aggregates, non-carbonate, no capacity) has n_plants_modelled 0. ``path``: a
    folder; each table found there replaces the bundled one.
    """
    projects = load_qinghai_projects(
        path=path if table_file(path, "qinghai_projects") else None, as_of=as_of
    )
    capacity = load_qinghai_capacity(as_of=as_of, path=table_file(path, "qinghai_capacity"))
    company = load_company_output(as_of=as_of, path=table_file(path, "company_output"))
    named = projects[projects["producer"].notna() & (projects["producer"] != "multiple")]
    modelled = named[named["include_in_pipeline"]]
    groups = modelled.groupby("producer")
    out = pd.DataFrame(index=pd.Index(sorted(set(named["producer"])), name="producer"))
    out["n_plants_modelled"] = groups.size().reindex(out.index).fillna(0).astype("int64")
    out["plants_modelled"] = groups["project_id"].agg(";".join).reindex(out.index)
    out["nameplate_t_lce_per_year"] = (
        groups["nameplate_t_lce_per_year"].sum().reindex(out.index).fillna(0.0)
    )
    out["earliest_start_year"] = groups["start_year"].min().reindex(out.index).astype("Int64")
    first = groups["first_output_year"].min().reindex(out.index)
    out["earliest_first_output_year"] = first.astype("Int64")
    out = out.join(_latest_capacity(capacity)).join(_latest_output(company))
    out["reported_capacity_year"] = out["reported_capacity_year"].astype("Int64")
    out["reported_output_year"] = out["reported_output_year"].astype("Int64")
    return out.reset_index()[list(PRODUCER_COLUMNS)]
