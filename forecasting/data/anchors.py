"""The last observation of each anchor series known at a date (for ``from_data`` scenario keys).

A scenario's observed anchors (EV sales in the base year, the BEV share, world mine production,
the last lithium price) are not assumptions: they are the last value of a series as published
by ``as_of``. :func:`load_anchor_observations` returns one row per anchor series::

    series, ds (period end), y, unit, source_id (';'-joined when several rows make the value)

Rules (each the same as the series the model's history uses, see :mod:`forecasting.data.series`):

* ``china_nev_sales_units``: CAAM NEV sales incl. exports, full years, preferred report per year.
* ``china_bev_share_of_ev_sales``: BEV / (BEV + PHEV) sales of the last full year that has both
  (``china_nev_sales``), share.
* ``world_ev_sales_units`` / ``world_bev_share_of_ev_sales``: IEA GEVO world car sales, BEV +
  PHEV, and BEV / (BEV + PHEV) of the last year.
* ``world_lithium_mine_production_t_li``: OWID world mine production, t Li.

The price anchors (latest monthly level, long-run level, volatility, last full-year mean) come
from both price tables and are computed by :func:`forecasting.domain.inputs.price_anchor_rows`.

A series with no observation published by ``as_of`` has no row.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecasting.data.demand import load_china_nev_sales, load_iea_ev_sales
from forecasting.data.registry import table_file
from forecasting.data.sources import load_sources, preferred
from forecasting.data.supply import load_lithium_mine_production

COLUMNS = ["series", "ds", "y", "unit", "source_id"]


def _row(series: str, ds: object, y: float, unit: str, sources: pd.Series) -> dict:
    ids = sorted({s for cell in sources.dropna() for s in str(cell).split(";")})
    return {
        "series": series,
        "ds": pd.Timestamp(ds),
        "y": float(y),
        "unit": unit,
        "source_id": ";".join(ids),
    }


def _sales_and_share(
    frame: pd.DataFrame, prefix: str, total: pd.DataFrame, total_id: str
) -> list[dict]:
    """Rows for ``total_id`` (last year of ``total``, summed) and the BEV share (last year with
    BEV and PHEV in ``frame``: ds, powertrain, value, source_id)."""
    out = []
    if not total.empty:
        last = total[total["ds"] == total["ds"].max()]
        out.append(
            _row(
                total_id,
                last["ds"].iloc[0],
                last["value"].sum(),
                "vehicles",
                last["source_id"],
            )
        )
    both = frame[frame["powertrain"].isin(["BEV", "PHEV"])]
    years = both.groupby("ds")["powertrain"].nunique()
    years = years[years == 2]
    if not years.empty:
        rows = both[both["ds"] == years.index.max()]
        bev = rows.loc[rows["powertrain"] == "BEV", "value"].sum()
        share = bev / rows["value"].sum()
        out.append(
            _row(
                f"{prefix}_bev_share_of_ev_sales",
                rows["ds"].iloc[0],
                share,
                "share",
                rows["source_id"],
            )
        )
    return out


def _china(as_of: object, path: Path | None, src: pd.DataFrame) -> list[dict]:
    f = load_china_nev_sales("YE", as_of=as_of, path=table_file(path, "china_nev_sales"))
    f = preferred(f[f["metric"] == "sales"], ["ds", "powertrain"], src)
    f = f.rename(columns={"value_units": "value"}).dropna(subset=["value"])
    return _sales_and_share(f, "china", f[f["powertrain"] == "NEV"], "china_nev_sales_units")


def _world(as_of: object, path: Path | None) -> list[dict]:
    f = load_iea_ev_sales(as_of=as_of, path=table_file(path, "iea_ev_sales"))
    f = f[(f["region"] == "World") & (f["mode"] == "Cars") & f["powertrain"].isin(["BEV", "PHEV"])]
    f = f.rename(columns={"sales_units": "value"}).dropna(subset=["value"])
    return _sales_and_share(f, "world", f, "world_ev_sales_units")


def _mine(as_of: object, path: Path | None) -> list[dict]:
    f = load_lithium_mine_production(as_of=as_of, path=table_file(path, "lithium_mine_production"))
    f = f[(f["country"] == "World") & (f["source_id"] == "OWID_LITHIUM_PRODUCTION")]
    f = f.dropna(subset=["production_t_li"])
    if f.empty:
        return []
    last = f[f["ds"] == f["ds"].max()].iloc[:1]
    return [
        _row(
            "world_lithium_mine_production_t_li",
            last["ds"].iloc[0],
            last["production_t_li"].iloc[0],
            "t Li",
            last["source_id"],
        )
    ]


def load_anchor_observations(
    *, as_of: object = None, path: str | Path | None = None
) -> pd.DataFrame:
    """One row per anchor series (module docstring): its last observation published by
    ``as_of`` (None: everything). ``path``: a folder of the user's tables (bundled schema)."""
    folder = None if path is None else Path(path)
    src = load_sources()
    rows = [
        *_china(as_of, folder, src),
        *_world(as_of, folder),
        *_mine(as_of, folder),
    ]
    return pd.DataFrame(rows, columns=COLUMNS)
