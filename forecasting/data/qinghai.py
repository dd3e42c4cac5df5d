"""Loaders for the Qinghai supply tables: targets, projects, output, capacity, company output.

Each loader reads the bundled table (or a user's file/folder via ``path=``), validates it and
returns a typed frame; nothing on disk is modified. Time-indexed tables take ``as_of``: only rows
whose period (or snapshot) ended and whose figure was published by that date.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.data.registry import apply_as_of, load_table, parse_as_of, table_file
from forecasting.data.tables import MONEY_UNITS
from forecasting.data.units import LICL_TO_LCE, convert

PathLike = Path | str | None
_EARLIEST = pd.Timestamp("1900-01-01")  # stands for "known from the start" (undated rows)


def load_targets(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """Official (and company) targets registry, one row per target_id.

    Columns: target_id, geography, metric (capacity | output | output_value | cell_capacity |
    salt_lake_output_value | other), subject, value, unit (t_lce_per_year | bn_cny |
    gwh_per_year), target_year (Int64), target_year_text, issued_date (as reported), issued_year
    (Int64), document, issuer, source_id, superseded_by, is_official (bool), value_as_reported,
    unit_as_reported, note. ``output_value`` is the lithium industry; the salt-lake industry
    goal (potash included) has its own metric ``salt_lake_output_value``.

    ``as_of`` keeps targets known by then: issued_year empty, or Dec 31 of issued_year <= as_of
    (only the year is reliable, so a target counts as known from the end of its issue year).
    """
    frame = load_table("targets", path=path)
    if as_of is None:
        return frame
    known_from = pd.to_datetime(frame["issued_year"].astype("string") + "-12-31", errors="coerce")
    known_from = known_from.fillna(_EARLIEST)  # undated targets are always kept
    return apply_as_of(frame.assign(_known=known_from), as_of, "_known", None).drop(
        columns="_known"
    )


def nameplate_t_lce(frame: pd.DataFrame) -> pd.Series:
    """Nameplate in t LCE/yr from the reported capacity and product.

    t_li2co3 and t_lce: the reported capacity (1 t Li2CO3 = 1 t LCE). mixed_li2co3_licl:
    li2co3_part + LICL_TO_LCE * licl_part, only when the source states both parts; otherwise NaN.
    Lithium metal and unspecified salts: NaN (not a carbonate capacity).
    """
    cap = frame["capacity_t_per_year"]
    product = frame["capacity_product"]
    mixed = frame["li2co3_part_t_per_year"] + LICL_TO_LCE * frame["licl_part_t_per_year"]
    out = np.where(product.isin(["t_li2co3", "t_lce"]), cap, np.nan)
    out = np.where(product == "mixed_li2co3_licl", mixed, out)
    return pd.Series(out, index=frame.index, dtype="float64")


def status_known_from(status_date: pd.Series) -> pd.Series:
    """The last day of the period a reported ``status_date`` names ('2021-08' -> 2021-08-31,
    '2022' or '2024 (report date not shown)' -> Dec 31); NaT where it names no year."""
    parts = status_date.astype("string").str.extract(r"^\s*(\d{4})(?:-(\d{2}))?")
    month = parts[1].fillna("12")
    start = pd.to_datetime(parts[0] + "-" + month + "-01", errors="coerce")
    return start + pd.offsets.MonthEnd(0)


def load_qinghai_project_status(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """Earlier reported project statuses (the projects table keeps the latest): project_id,
    status, status_text, status_date, status_year, start_year, source_id, note, published_date,
    status_known_from. ``as_of`` keeps rows known by then (inclusive): published_date, or
    status_known_from where the source is undated (the rule of :func:`load_qinghai_projects`)."""
    frame = load_table("qinghai_project_status", path=path)
    frame["status_known_from"] = status_known_from(frame["status_date"])
    if as_of is None:
        return frame
    known = frame["published_date"].fillna(frame["status_known_from"]).fillna(_EARLIEST)
    return apply_as_of(frame.assign(_known=known), as_of, "_known", None).drop(columns="_known")


#: Columns an earlier status replaces in a vintage of the projects table.
STATUS_COLUMNS = ("status", "status_text", "status_date", "status_year", "start_year")


def _status_then(projects: pd.DataFrame, history: pd.DataFrame, as_of: object) -> pd.DataFrame:
    """Projects whose latest status was reported after ``as_of`` take the latest earlier status
    of ``history`` (rows known by as_of), if any; returns a new frame."""
    ts = parse_as_of(as_of)
    known = history.sort_values(["project_id", "status_known_from"], kind="stable")
    latest = known.groupby("project_id", sort=False).tail(1).set_index("project_id")
    out = projects.copy()
    later = out["status_known_from"] > ts
    for i in out.index[later.fillna(False).to_numpy()]:
        pid = out.at[i, "project_id"]
        if pid in latest.index:
            for col in (*STATUS_COLUMNS, "status_known_from"):
                out.at[i, col] = latest.at[pid, col]
    return out


def load_qinghai_project_first_output(
    *, as_of: object = None, path: PathLike = None
) -> pd.DataFrame:
    """Statements that a plant produced in a year: project_id, first_output_year (Int64),
    first_output_text, source_id, published_date. ``as_of`` keeps the statements published by
    then (inclusive); a statement from an undated source is kept only without ``as_of``."""
    frame = load_table("qinghai_project_first_output", path=path)
    ts = parse_as_of(as_of)
    if ts is None:
        return frame
    keep = (frame["published_date"] <= ts).fillna(False).to_numpy()
    return frame.loc[keep].reset_index(drop=True)


def first_output(evidence: pd.DataFrame) -> pd.DataFrame:
    """Per project the earliest reported output year with its text and source (ties: the
    earliest published statement); indexed by project_id."""
    order = evidence.sort_values(
        ["project_id", "first_output_year", "published_date"], kind="stable", na_position="last"
    )
    best = order.drop_duplicates("project_id").set_index("project_id")
    cols = {"first_output_text": "first_output_text", "source_id": "first_output_source_id"}
    return best[["first_output_year", *cols]].rename(columns=cols)


def resolve_superseded(
    frame: pd.DataFrame, as_of: object, later: set[str] | None = None
) -> pd.DataFrame:
    """Which report of a plant is modelled in the vintage ``as_of`` (a new frame).

    A row with ``superseded_by`` is replaced by the latest report in its chain that is usable
    by as_of: present (known) and, since it is a later report, with a status known by then
    (``status_known_from <= as_of`` after earlier statuses were applied). Without a usable later
    report the earlier row is modelled (include_in_pipeline true); a later report whose status
    is not yet known is left out, with the reason. ``later``: ids of every later report in the
    whole table (default: those ``frame`` names; pass the full set when frame is a vintage).
    """
    ts = parse_as_of(as_of)
    out = frame.copy()
    successor = dict(zip(out["project_id"], out["superseded_by"], strict=True))
    if later is None:
        later = {s for s in successor.values() if isinstance(s, str)}
    dated = (out["status_known_from"].isna() | (out["status_known_from"] <= ts)).to_numpy()
    ok = {}
    for pid, include, sup, usable in zip(
        out["project_id"], out["include_in_pipeline"], out["superseded_by"], dated, strict=True
    ):
        own = True if isinstance(sup, str) else bool(include)
        ok[pid] = own and (usable or pid not in later)
    for i, pid in enumerate(out["project_id"]):
        chain, nxt = [], successor.get(pid)
        while isinstance(nxt, str) and nxt not in chain:
            chain.append(nxt)
            nxt = successor.get(nxt)
        if not chain and pid not in later:
            continue
        final = ok[pid] and not any(ok.get(s, False) for s in chain)
        out.iat[i, out.columns.get_loc("include_in_pipeline")] = final
        if final:
            out.iat[i, out.columns.get_loc("exclusion_reason")] = None
        elif pid in later and not ok[pid]:
            out.iat[i, out.columns.get_loc("exclusion_reason")] = (
                "later report whose status is dated after as_of; the earlier report stands"
            )
    return out


def _own_table(path: PathLike, name: str) -> PathLike:
    """``path`` if it is a folder holding table ``name``, else None (the bundled table)."""
    if path is not None and Path(path).is_dir() and table_file(path, name) is not None:
        return path
    return None


def load_qinghai_projects(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """Qinghai lithium project pipeline with ``nameplate_t_lce_per_year`` (t LCE/yr) derived.

    Columns: project_id, project, operator, owners_or_partners, salt_lake, product, technology,
    nameplate_t_lce_per_year, capacity_t_per_year (as reported), capacity_product,
    li2co3_part_t_per_year, licl_part_t_per_year, capacity_basis, status (operating |
    commissioning | under_construction | approved | announced | unknown), status_text,
    status_date, status_year, start_year, start_text, investment_bn_cny, include_in_pipeline,
    exclusion_reason, source_id, note, published_date, producer, superseded_by,
    status_known_from (derived: last day of the period status_date names), first_output_year
    (Int64: earliest year the data known by as_of report the plant producing, an upper bound on
    its start year; :func:`load_qinghai_project_first_output`), first_output_text,
    first_output_source_id. Only rows with include_in_pipeline=True belong in a bottom-up sum
    (aggregates, duplicates, superseded reports and non-carbonate products are flagged False).

    ``as_of`` keeps the projects known by then (inclusive): ``published_date`` (the earliest
    date of the row's sources) <= as_of; a row none of whose sources is dated is known from
    ``status_known_from``, and a row with neither date is always kept. Where a project's latest
    status was reported after as_of, the latest earlier status known by then
    (:func:`load_qinghai_project_status`) replaces status, status_text, status_date,
    status_year and start_year; with no such record the later status stays (rows where
    ``status_known_from > as_of`` show it). A superseded report is modelled again where its
    later report is not yet usable (:func:`resolve_superseded`). ``path`` (a folder) may hold
    the status and first-output tables too; the bundled ones are used otherwise.
    """
    frame = load_table("qinghai_projects", path=path)
    frame.insert(7, "nameplate_t_lce_per_year", nameplate_t_lce(frame))
    frame["status_known_from"] = status_known_from(frame["status_date"])
    if as_of is not None:
        later = set(frame["superseded_by"].dropna())
        known = frame["published_date"].fillna(frame["status_known_from"]).fillna(_EARLIEST)
        frame = apply_as_of(frame.assign(_known=known), as_of, "_known", None)
        frame = frame.drop(columns="_known")
        history = load_qinghai_project_status(
            path=_own_table(path, "qinghai_project_status"), as_of=as_of
        )
        frame = resolve_superseded(_status_then(frame, history, as_of), as_of, later)
    evidence = load_qinghai_project_first_output(
        path=_own_table(path, "qinghai_project_first_output"), as_of=as_of
    )
    first = first_output(evidence).reindex(frame["project_id"])
    frame["first_output_year"] = first["first_output_year"].astype("Int64").to_numpy()
    for col in ("first_output_text", "first_output_source_id"):
        frame[col] = pd.Series(first[col].to_numpy(), dtype=object)
    return frame


def load_qinghai_output(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """Qinghai lithium carbonate output (t LCE) by reported period; gaps stay empty.

    Columns: period_start, period_end, period_label, period_type (year | ytd | as_of_headline),
    geography, scope, output_t_lce, yoy_growth_pct, value_qualifier, note, source_id,
    published_date.
    """
    return apply_as_of(load_table("qinghai_output", path=path), as_of)


def load_qinghai_capacity(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """Capacity snapshots (t LCE/yr), with kind and scope_level; low/high kept for ranges.

    ``as_of`` keeps snapshots published by that date whose snapshot_date (where known) is not
    later; a projection's snapshot_date is the date it refers to, so it drops out of a vintage
    until that date (use ``published_date`` to see projections made before a date).
    """
    frame = load_table("qinghai_capacity", path=path)
    if as_of is None:
        return frame
    end = frame["snapshot_date"].fillna(frame["published_date"])
    return apply_as_of(frame.assign(_end=end.fillna(_EARLIEST)), as_of, "_end").drop(columns="_end")


def load_company_output(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """Qinghai producers' lithium carbonate output and sales (t LCE) by period.

    value_kind separates actual from guidance, plan and target rows.
    """
    return apply_as_of(load_table("company_output", path=path), as_of)


def load_qinghai_industry_value(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """Qinghai lithium industry values (revenues, exports, output value) and physical indicators.

    ``value``/``unit`` are as reported; ``value_bn_cny`` = convert(value, unit, 'bn_cny') for
    money units (100m_cny, 10k_cny, m_cny, bn_cny), NaN otherwise. ``value_as_reported`` keeps
    the upstream number where a reviewed correction changed it (Zangge 2024 revenue).
    ``as_of`` keeps rows whose period ended (snapshot date for point values) and that were
    published by then.
    """
    frame = load_table("qinghai_industry_value", path=path)
    money = frame["unit"].isin(MONEY_UNITS)
    bn = [
        convert(v, u, "bn_cny") if m else np.nan
        for v, u, m in zip(frame["value"], frame["unit"], money, strict=True)
    ]
    frame.insert(frame.columns.get_loc("unit") + 1, "value_bn_cny", pd.Series(bn, dtype="float64"))
    return apply_as_of(frame, as_of)
