"""Loaders for lithium mine production, lithium carbonate prices and unit conversions.

Prices: ``price_mid_cny_per_t`` = price_point if given, else (price_low + price_high) / 2 when
both bounds are given, for CNY-per-tonne rows whose value_kind is a range, point or
approximation (bounds, peaks and company realised prices get NaN). ``freq="ME"`` averages the
midpoints of the day- and month-dated observations in each calendar month (arithmetic mean of
the available observations; months without one are absent, not filled).

A user's licensed daily file (e.g. SMM) in the SMM export layout of
``../shared/data/restricted/lithium_carbonate_price_china_smm_daily.csv`` is read with
``load_lithium_price(path=..., layout="smm_daily")``; it is mapped onto the bundled schema
and validated like any other file. No licensed series is bundled.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.data.registry import apply_as_of, known_source_ids, load_table, resolve_path
from forecasting.data.tables import TABLES
from forecasting.data.validate import display_path, read_csv_text, validate_frame
from forecasting.errors import DataValidationError

PathLike = Path | str | None
_MID_KINDS = ("range", "point", "approximate")
_SMM_COLUMNS = ("date", "grade", "price", "currency", "unit", "basis", "assessor", "source_id")


def load_lithium_mine_production(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """Lithium mine production (t Li content) by year and country, every source/edition kept.

    Columns: ds (year end), year, country, iso_code, production_t_li, note, source_id,
    published_date. Use :func:`forecasting.data.preferred` with key ``["year", "country"]``.
    """
    frame = load_table("lithium_mine_production", path=path)
    frame.insert(0, "ds", pd.to_datetime(frame["year"].astype(str) + "-12-31"))
    return apply_as_of(frame, as_of, "ds")


def load_china_lithium_production(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """China lithium chemical output (t of ``product``: li2co3, lce or lithium_hydroxide).

    Columns: ds (period end), period_start, period_end, period_type, geography, metric_text,
    product, output_t, basis, value_qualifier, note, source_id, published_date.
    """
    frame = apply_as_of(load_table("china_lithium_production", path=path), as_of)
    frame.insert(0, "ds", frame["period_end"])
    return frame


def read_smm_daily(path: Path | str) -> pd.DataFrame:
    """Map a daily SMM-style export (date, grade, price, currency, unit, basis, assessor, ...,
    source_id) onto the lithium_price schema as text (each row a one-day point price)."""
    raw = read_csv_text(path)
    missing = [c for c in _SMM_COLUMNS if c not in raw.columns]
    if missing:
        raise DataValidationError(
            f"{display_path(path)}: missing column(s) {missing} for layout 'smm_daily' "
            f"(expected {list(_SMM_COLUMNS)})"
        )
    units = {("CNY", "per tonne"): "cny_per_t", ("USD", "per tonne"): "usd_per_t"}
    unit = [
        units.get((c, u), f"{c} {u}") for c, u in zip(raw["currency"], raw["unit"], strict=True)
    ]
    return pd.DataFrame(
        {
            "period_start": raw["date"],
            "period_end": raw["date"],
            "date_text": raw["date"],
            "date_precision": "day",
            "price_point": raw["price"],
            "price_unit": unit,
            "value_kind": "point",
            "grade": raw["grade"],
            "basis": raw["basis"],
            "assessor": raw["assessor"],
            "value_qualifier": raw.get("value_qualifier"),
            "source_id": raw["source_id"],
            "published_date": raw["date"],
            "price_low": None,
            "price_high": None,
            "note": None,
        }
    )


def price_mid_cny_per_t(frame: pd.DataFrame) -> pd.Series:
    """Midpoint price in CNY/t (see module docstring); NaN where it is not defined."""
    mid = frame["price_point"].fillna((frame["price_low"] + frame["price_high"]) / 2)
    ok = (frame["price_unit"] == "cny_per_t") & frame["value_kind"].isin(_MID_KINDS)
    return mid.where(ok, np.nan).astype("float64")


def monthly_mean_price(frame: pd.DataFrame) -> pd.DataFrame:
    """Mean of the midpoints of day/month-dated CNY observations per month: ds (month end),
    price_mid_cny_per_t, n_obs."""
    dated = frame["date_precision"].isin(["day", "month", "article date"]) | frame[
        "date_precision"
    ].str.startswith("report date")
    obs = frame.loc[dated & frame["price_mid_cny_per_t"].notna()]
    ds = obs["period_end"] + pd.offsets.MonthEnd(0)
    grouped = obs.groupby(ds)["price_mid_cny_per_t"]
    out = pd.DataFrame({"price_mid_cny_per_t": grouped.mean(), "n_obs": grouped.size()})
    return out.rename_axis("ds").reset_index()


def load_lithium_price(
    freq: str | None = None,
    *,
    as_of: object = None,
    path: PathLike = None,
    layout: str = "bundled",
    grade: str | None = None,
) -> pd.DataFrame:
    """Lithium carbonate price observations (freq=None) or monthly means (freq='ME').

    ``layout``: 'bundled' (this package's schema) or 'smm_daily' (a licensed daily export, see
    the module docstring). ``grade``: keep rows whose grade contains this text
    (case-insensitive), e.g. 'battery grade', before averaging. freq=None columns: ds (period
    end), the table's columns and price_mid_cny_per_t. freq='ME': ds, price_mid_cny_per_t, n_obs.
    """
    if freq not in (None, "ME"):
        raise DataValidationError(f"freq={freq!r} not supported; use None or 'ME'")
    if layout == "bundled":
        frame = load_table("lithium_price", path=path)
    elif layout == "smm_daily":
        if path is None:
            raise DataValidationError("layout='smm_daily' needs path= to the user's file")
        file = resolve_path(TABLES["lithium_price"], path)
        frame = validate_frame(
            read_smm_daily(file),
            TABLES["lithium_price"],
            display_path(file),
            known_source_ids(file),
        )
    else:
        raise DataValidationError(f"layout={layout!r} unknown; use 'bundled' or 'smm_daily'")
    frame = apply_as_of(frame, as_of)
    if grade is not None:
        keep = frame["grade"].fillna("").str.lower().str.contains(grade.lower(), regex=False)
        frame = frame.loc[keep.to_numpy()].reset_index(drop=True)
    frame.insert(0, "ds", frame["period_end"])
    frame["price_mid_cny_per_t"] = price_mid_cny_per_t(frame)
    return monthly_mean_price(frame) if freq == "ME" else frame


def load_gfex_monthly(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """GFEX lithium carbonate futures, monthly mean/min/max of the most-active contract's daily
    last price (CNY/t), with n_trading_days, main_contracts and partial_month (see the table
    description for the averaging). Columns: ds (month end), month, close_mean_cny_per_t,
    close_min_cny_per_t, close_max_cny_per_t, n_trading_days, main_contracts, partial_month,
    source_id, published_date (month end: a monthly mean is known when the month closes)."""
    frame = load_table("gfex_monthly", path=path)
    frame.insert(0, "ds", frame["month"])
    return apply_as_of(frame, as_of, "ds")


def load_unit_conversions(*, path: PathLike = None) -> pd.DataFrame:
    """Published stoichiometric factors: from_unit, to_unit, factor (t to per t from), basis."""
    return load_table("unit_conversions", path=path)
