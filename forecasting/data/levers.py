"""Loaders for the supply-lever tables: brine chemistry, extraction technology, policy events,
battery recycling, Qinghai lithium resources and national reserves.

Values stay as reported; each loader adds columns in one unit, converted with
:func:`forecasting.data.units.convert` (concentrations in mg/L, shares as fractions 0-1,
lithium quantities in t Li and t LCE). ``as_of`` keeps rows published by then (inclusive); rows
with an undated source are kept only without ``as_of`` (their publication is unknown).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.data.registry import apply_as_of, load_table, parse_as_of
from forecasting.data.units import convert

PathLike = Path | str | None


def _published_by(frame: pd.DataFrame, as_of: object) -> pd.DataFrame:
    """Rows whose published_date is known and <= as_of (all rows when as_of is None)."""
    ts = parse_as_of(as_of)
    if ts is None:
        return frame
    keep = (frame["published_date"] <= ts).fillna(False).to_numpy()
    return frame.loc[keep].reset_index(drop=True)


def _converted(values: pd.Series, units: pd.Series, to_unit: str, ok: pd.Series) -> pd.Series:
    """convert(value, unit, to_unit) where ``ok``, NaN elsewhere (float64)."""
    out = [
        convert(float(v), u, to_unit) if flag and pd.notna(v) else np.nan
        for v, u, flag in zip(values, units, ok, strict=True)
    ]
    return pd.Series(out, index=values.index, dtype="float64")


def load_brine_chemistry(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """Brine lithium grade and Mg/Li ratio: the table's columns plus value_mg_per_l,
    value_low_mg_per_l, value_high_mg_per_l (Li concentrations in mg/L; NaN for ratios and
    qualitative rows). 1 g/L = 1,000 mg/L."""
    frame = _published_by(load_table("brine_chemistry", path=path), as_of)
    conc = frame["parameter_code"] == "li_concentration"
    for col in ("value", "value_low", "value_high"):
        frame[f"{col}_mg_per_l"] = _converted(frame[col], frame["unit"], "mg_per_l", conc)
    return frame


def load_extraction_technology(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """Extraction technology by producer: the table's columns plus value_share (percent / 100,
    a fraction 0-1; NaN where no figure). ``technology`` takes the codes of
    :data:`forecasting.data.tables_levers.TECHNOLOGIES`."""
    frame = _published_by(load_table("extraction_technology", path=path), as_of)
    frame["value_share"] = _converted(
        frame["value"], frame["unit"], "fraction", frame["unit"].notna()
    )
    return frame


def load_policy_events(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """Dated policy, consolidation, inspection, halt and restart events, ordered by date.

    ``as_of`` keeps events whose date span ended and that were published by then.
    """
    return apply_as_of(load_table("policy_events", path=path), as_of)


def production_halts(events: pd.DataFrame) -> pd.DataFrame:
    """Each production halt with the next restart of the same affected entity: entity,
    halt_date, restart_date (NaT if none yet) and halt_days (restart - halt, days).

    The Zangge halt of 2025-07-16 and its restart of 2025-10-11 give 87 days, as reported.
    """
    halts = events[events["event_type"] == "production halt"]
    restarts = events[events["event_type"] == "restart"]
    rows = []
    for _, h in halts.iterrows():
        same = restarts[
            (restarts["affected_entities"] == h["affected_entities"])
            & (restarts["period_start"] >= h["period_start"])
        ]
        end = same["period_start"].min() if len(same) else pd.NaT
        rows.append(
            {
                "entity": h["affected_entities"],
                "halt_date": h["period_start"],
                "restart_date": end,
                "halt_days": (end - h["period_start"]).days if pd.notna(end) else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=["entity", "halt_date", "restart_date", "halt_days"])


def load_battery_recycling(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """China battery recycling figures: the table's columns plus value_gwh (GWh rows),
    value_t_lce (t LCE rows) and value_share (percent rows as a fraction 0-1); each also for
    value_low/value_high where a range is given (suffixes _low, _high)."""
    frame = _published_by(load_table("battery_recycling", path=path), as_of)
    for target, unit in (("gwh", "gwh"), ("t_lce", "t_lce"), ("share", "fraction")):
        source_unit = "pct" if target == "share" else unit
        ok = frame["unit"] == source_unit
        frame[f"value_{target}"] = _converted(frame["value"], frame["unit"], unit, ok)
        frame[f"value_{target}_low"] = _converted(frame["value_low"], frame["unit"], unit, ok)
        frame[f"value_{target}_high"] = _converted(frame["value_high"], frame["unit"], unit, ok)
    return frame


def load_qinghai_resources(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """Qinghai lithium reserves and resources: the table's columns plus value_t_li and
    value_t_lce (lithium content and carbonate equivalent, via the compound's molar mass; NaN
    where the source does not state the compound, and for brine volumes).

    Example: Qarhan 1,204 万吨 LiCl = 1.204e7 t LiCl x M(Li)/M(LiCl) = 1.97e6 t Li."""
    frame = _published_by(load_table("qinghai_resources", path=path), as_of)
    known = frame["compound"].isin(["licl", "lce", "li"])
    frame["value_t_li"] = _converted(frame["value"], frame["unit"], "t_li", known)
    frame["value_t_lce"] = _converted(frame["value"], frame["unit"], "t_lce", known)
    return frame


def load_lithium_reserves(*, as_of: object = None, path: PathLike = None) -> pd.DataFrame:
    """National lithium reserves and identified resources, every edition and source kept:
    the table's columns plus value_t_li (t Li2O converted by molar mass). Use
    :func:`forecasting.data.preferred` with key ``["country", "metric", "reference_year"]``."""
    frame = _published_by(load_table("lithium_reserves", path=path), as_of)
    frame["value_t_li"] = _converted(
        frame["value"], frame["unit"], "t_li", pd.Series(True, index=frame.index)
    )
    return frame
