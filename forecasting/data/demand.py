"""Loaders for EV demand tables: China NEV sales, BEV cars, power batteries, IEA EV sales,
battery lithium intensity, battery size and chemistry shares.

Period-indexed loaders add ``ds`` (the period end, a Timestamp) and take ``as_of``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecasting.data.registry import apply_as_of, load_table
from forecasting.data.units import LI_TO_LCE
from forecasting.errors import DataValidationError

PathLike = Path | str | None
_FREQ_PERIODS = {"YE": ("year",), "ME": ("month",), None: ("year", "half-year", "ytd", "month")}


def _period_types(freq: str | None) -> tuple[str, ...]:
    if freq not in _FREQ_PERIODS:
        raise DataValidationError(f"freq={freq!r} not supported; use 'YE', 'ME' or None (all)")
    return _FREQ_PERIODS[freq]


def _with_ds(frame: pd.DataFrame, column: str = "period_end") -> pd.DataFrame:
    out = frame.copy()
    out.insert(0, "ds", out[column])
    return out


def load_china_nev_sales(
    freq: str | None = "YE", *, as_of: object = None, path: PathLike = None
) -> pd.DataFrame:
    """China NEV production/sales/exports (vehicles) for ``freq`` ('YE' years, 'ME' months,
    None every period type incl. year-to-date). All reports are kept; use
    :func:`forecasting.data.preferred` with key ``["ds", "metric", "powertrain"]`` for one value.

    Columns: ds, period_start, period_end, period_type, metric, powertrain, value_units,
    reported_as, yoy_pct, market_share_pct, statistical_body, note, source_id, published_date.
    """
    types = _period_types(freq)
    frame = apply_as_of(load_table("china_nev_sales", path=path), as_of)
    return _with_ds(frame[frame["period_type"].isin(types)].reset_index(drop=True))


def load_china_bev_monthly(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """China battery-electric passenger cars per month (Open EV Charts), vehicles.

    Columns: ds (month end), month, bev_passenger_cars_units, all_passenger_cars_units,
    n_models_listed, bev_source_urls, all_cars_source_urls, source_id.
    """
    frame = load_table("china_bev_monthly", path=path)
    return _with_ds(apply_as_of(frame, as_of, "month", None), "month")


def load_china_power_battery(
    freq: str | None = "YE", *, as_of: object = None, path: PathLike = None
) -> pd.DataFrame:
    """China power-battery figures in GWh (CABIA): installations, production, sales, exports,
    with segment = total | LFP | NCM | other | vehicle segments, and share_pct of the total.

    ``freq``: 'YE' full years, 'ME' months, None everything (incl. year-to-date and halves).
    """
    types = _period_types(freq)
    frame = apply_as_of(load_table("china_power_battery", path=path), as_of)
    return _with_ds(frame[frame["period_type"].isin(types)].reset_index(drop=True))


def load_iea_ev_sales(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """IEA GEVO 2024 EV sales (vehicles) by year, region, mode and powertrain (BEV, PHEV, FCEV).

    Columns: ds (year end), year, region, mode, powertrain, sales_units, source_id,
    published_date. ``as_of`` before the GEVO 2024 release (2024-04) drops every row, as the
    bundled edition was not yet known.
    """
    frame = load_table("iea_ev_sales", path=path)
    frame.insert(0, "ds", pd.to_datetime(frame["year"].astype(str) + "-12-31"))
    return apply_as_of(frame, as_of, "ds")


def load_iea_ev_projections(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """IEA GEVO 2024 projected EV sales (vehicles) by year, region, scenario (STEPS | APS),
    mode and powertrain. Projections lie in the future, so ``as_of`` filters on the
    publication date only (the projection was known from 2024-04-30)."""
    frame = load_table("iea_ev_projections", path=path)
    frame.insert(0, "ds", pd.to_datetime(frame["year"].astype(str) + "-12-31"))
    return apply_as_of(frame, as_of, "published_date")


def load_lithium_intensity(*, path: PathLike = None) -> pd.DataFrame:
    """Battery lithium intensity by chemistry: kg_li_per_kwh (BatPaC via Busch et al.) and
    kg_lce_per_kwh = kg_li_per_kwh * LI_TO_LCE (computed here, not stored)."""
    frame = load_table("lithium_intensity", path=path)
    frame.insert(2, "kg_lce_per_kwh", frame["kg_li_per_kwh"] * LI_TO_LCE)
    return frame


def load_battery_size(*, path: PathLike = None) -> pd.DataFrame:
    """Average battery size (kWh/vehicle) by year, region and powertrain, with vehicles and MWh."""
    return load_table("battery_size", path=path)


def load_battery_chemistry_share(*, path: PathLike = None) -> pd.DataFrame:
    """Share (0-1) of delivered battery MWh by chemistry, by year, region and powertrain."""
    return load_table("battery_chemistry_share", path=path)
