"""The long-frame view (unique_id, ds, y) of every bundled time series, for the engine.

``ds`` is the period end (YE: Dec 31, ME: month end); units are in the unique_id. Where several
reports give the same period, :func:`forecasting.data.preferred` picks one (reliability, then
recency). Gaps stay gaps: a year with no observation has no row. ``as_of`` is applied to the
underlying table before the series is derived, so a vintage sees only what was known then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from forecasting.data.demand import (
    load_china_bev_monthly,
    load_china_nev_sales,
    load_china_power_battery,
    load_iea_ev_sales,
)
from forecasting.data.qinghai import load_company_output, load_qinghai_output
from forecasting.data.registry import (
    datasets_dir,
    file_stamp,
    memoised,
    parse_as_of,
    resolve_path,
    table_file,
)
from forecasting.data.sources import load_sources, preferred
from forecasting.data.supply import (
    load_china_lithium_production,
    load_gfex_monthly,
    load_lithium_mine_production,
    load_lithium_price,
)
from forecasting.data.tables import TABLES
from forecasting.errors import DataValidationError


@dataclass(frozen=True)
class SeriesSpec:
    """One series: id (with unit), frequency, unit, description, table and its builder."""

    unique_id: str
    freq: str
    unit: str
    table: str
    description: str
    build: Callable[..., pd.DataFrame]  # (as_of, sources, path) -> frame with ds, y


def _pick(frame: pd.DataFrame, value: str, sources: pd.DataFrame) -> pd.DataFrame:
    best = preferred(frame, "ds", sources)
    return best[["ds", value]].rename(columns={value: "y"}).dropna(subset=["y"])


def _qinghai_output(as_of, src, path):
    f = load_qinghai_output(as_of=as_of, path=path)
    f = f[(f["period_type"] == "year") & f["output_t_lce"].notna()]
    return _pick(f.assign(ds=f["period_end"]), "output_t_lce", src)


def _nev(freq: str, metric: str = "sales"):
    def build(as_of, src, path):
        f = load_china_nev_sales(freq, as_of=as_of, path=path)
        return _pick(f[(f["metric"] == metric) & (f["powertrain"] == "NEV")], "value_units", src)

    return build


def _bev_monthly(as_of, src, path):
    f = load_china_bev_monthly(as_of=as_of, path=path)
    return f[["ds", "bev_passenger_cars_units"]].rename(columns={"bev_passenger_cars_units": "y"})


def _iea_cars(region: str):
    def build(as_of, src, path):
        f = load_iea_ev_sales(as_of=as_of, path=path)
        f = f[
            (f["region"] == region) & (f["mode"] == "Cars") & f["powertrain"].isin(["BEV", "PHEV"])
        ]
        return (
            f.groupby("ds", as_index=False)["sales_units"]
            .sum()
            .rename(columns={"sales_units": "y"})
        )

    return build


def _battery_installations(as_of, src, path):
    f = load_china_power_battery("YE", as_of=as_of, path=path)
    f = f[(f["metric"] == "installations") & (f["segment"] == "total")]
    return _pick(f, "value_gwh", src)


def _mine(country: str):
    def build(as_of, src, path):
        f = load_lithium_mine_production(as_of=as_of, path=path)
        f = f[(f["country"] == country) & (f["source_id"] == "OWID_LITHIUM_PRODUCTION")]
        return f[["ds", "production_t_li"]].rename(columns={"production_t_li": "y"})

    return build


def _china_carbonate(as_of, src, path):
    f = load_china_lithium_production(as_of=as_of, path=path)
    f = f[
        (f["geography"] == "China")
        & (f["metric_text"] == "lithium carbonate output")
        & (f["period_type"] == "year")
    ]
    return _pick(f, "output_t", src)


def _price(as_of, src, path):
    f = load_lithium_price("ME", as_of=as_of, path=path)
    return f[["ds", "price_mid_cny_per_t"]].rename(columns={"price_mid_cny_per_t": "y"})


def _gfex(as_of, src, path):
    f = load_gfex_monthly(as_of=as_of, path=path)
    f = f[~f["partial_month"]]
    return f[["ds", "close_mean_cny_per_t"]].rename(columns={"close_mean_cny_per_t": "y"})


def _company(name_part: str):
    def build(as_of, src, path):
        f = load_company_output(as_of=as_of, path=path)
        f = f[
            f["company"].str.contains(name_part, regex=False)
            & (f["period_type"] == "year")
            & (f["value_kind"] == "actual")
        ]
        return _pick(f.assign(ds=f["period_end"]), "output_t_lce", src)

    return build


SERIES: dict[str, SeriesSpec] = {
    s.unique_id: s
    for s in (
        SeriesSpec(
            "qinghai_output_t_lce",
            "YE",
            "t LCE",
            "qinghai_output",
            "Qinghai lithium carbonate output, full years only (sparse)",
            _qinghai_output,
        ),
        SeriesSpec(
            "china_nev_sales_units",
            "YE",
            "vehicles",
            "china_nev_sales",
            "China NEV sales incl. exports (CAAM unless only MIIT reported), annual",
            _nev("YE"),
        ),
        SeriesSpec(
            "china_nev_exports_units",
            "YE",
            "vehicles",
            "china_nev_sales",
            "China NEV exports (CAAM), annual; CAAM sales include exports",
            _nev("YE", "exports"),
        ),
        SeriesSpec(
            "china_nev_sales_monthly_units",
            "ME",
            "vehicles",
            "china_nev_sales",
            "China NEV sales, months where a release was found",
            _nev("ME"),
        ),
        SeriesSpec(
            "china_bev_passenger_cars_monthly_units",
            "ME",
            "vehicles",
            "china_bev_monthly",
            "China BEV passenger cars (Open EV Charts)",
            _bev_monthly,
        ),
        SeriesSpec(
            "world_ev_sales_units",
            "YE",
            "vehicles",
            "iea_ev_sales",
            "World EV car sales, BEV + PHEV (IEA GEVO 2024)",
            _iea_cars("World"),
        ),
        SeriesSpec(
            "china_ev_sales_units_iea",
            "YE",
            "vehicles",
            "iea_ev_sales",
            "China EV car sales, BEV + PHEV (IEA GEVO 2024)",
            _iea_cars("China"),
        ),
        SeriesSpec(
            "china_power_battery_installations_gwh",
            "YE",
            "GWh",
            "china_power_battery",
            "China power-battery installations, total, full years",
            _battery_installations,
        ),
        SeriesSpec(
            "world_lithium_mine_production_t_li",
            "YE",
            "t Li",
            "lithium_mine_production",
            "World lithium mine production (OWID/Energy Institute, one consistent source)",
            _mine("World"),
        ),
        SeriesSpec(
            "china_lithium_mine_production_t_li",
            "YE",
            "t Li",
            "lithium_mine_production",
            "China lithium mine production (OWID/Energy Institute)",
            _mine("China"),
        ),
        SeriesSpec(
            "china_lithium_carbonate_output_t_lce",
            "YE",
            "t LCE",
            "china_lithium_production",
            "China lithium carbonate output, all grades (CNIA 2022, SMM 2023; sparse)",
            _china_carbonate,
        ),
        SeriesSpec(
            "lithium_carbonate_price_cny_per_t",
            "ME",
            "CNY/t",
            "lithium_price",
            "China lithium carbonate price: mean of the month's observation midpoints",
            _price,
        ),
        SeriesSpec(
            "gfex_lithium_carbonate_futures_cny_per_t",
            "ME",
            "CNY/t",
            "gfex_monthly",
            "GFEX lithium carbonate futures, monthly mean of the most-active contract's daily "
            "last price; months with an incomplete record left out",
            _gfex,
        ),
        SeriesSpec(
            "qinghai_salt_lake_industry_output_t_lce",
            "YE",
            "t LCE",
            "company_output",
            "Qinghai Salt Lake Industry (group) Li2CO3 output, actual full years",
            _company("Qinghai Salt Lake Industry"),
        ),
        SeriesSpec(
            "zangge_lithium_output_t_lce",
            "YE",
            "t LCE",
            "company_output",
            "Golmud Zangge Lithium Li2CO3 output, actual full years",
            _company("Zangge"),
        ),
    )
}


def _ids(ids: Iterable[str] | str | None) -> list[str]:
    if ids is None:
        return list(SERIES)
    ids = [ids] if isinstance(ids, str) else list(ids)
    unknown = [i for i in ids if i not in SERIES]
    if unknown:
        raise DataValidationError(f"unknown series {unknown}; known: {', '.join(SERIES)}")
    return ids


def _sources(folder: Path | None) -> pd.DataFrame:
    bundled = load_sources()
    if folder is None or not (folder / "sources.csv").is_file():
        return bundled
    mine = load_sources(path=folder / "sources.csv")
    both = pd.concat([bundled, mine], ignore_index=True)
    return both.drop_duplicates("source_id", keep="last").reset_index(drop=True)


def _memo_key(uid: str, as_of: pd.Timestamp | None, table: Path, folder: Path | None):
    """Memo key of one series: its id, as_of and the stamps of its table and of the
    sources.csv files (None when a file is missing, so the build raises the clear error)."""
    files = [table, datasets_dir() / "sources.csv"]
    if folder is not None and (folder / "sources.csv").is_file():
        files.append(folder / "sources.csv")
    if not all(f.is_file() for f in files):
        return None
    return ("series", uid, as_of, *(file_stamp(f) for f in files))


def load_series(
    ids: Iterable[str] | str | None = None,
    *,
    as_of: object = None,
    path: Path | str | None = None,
) -> pd.DataFrame:
    """Long frame unique_id (str), ds (Timestamp, period end), y (float), sorted by id and ds.

    ``path``: a folder of tables in the bundled schema; each table found there replaces the
    bundled one (the others stay bundled), and a ``sources.csv`` there adds its source ids.
    Each series is memoised by its id, ``as_of`` and the stamps of its files (a copy is
    returned; an edited file is read again).
    """
    folder = None if path is None else Path(path)
    if folder is not None and not folder.is_dir():
        raise DataValidationError(f"{folder}: not a folder (load_series(path=) takes a folder)")
    ts = parse_as_of(as_of)
    parts, sources = [], None
    for uid in _ids(ids):
        spec = SERIES[uid]
        file = table_file(folder, spec.table)
        key = _memo_key(uid, ts, resolve_path(TABLES[spec.table], file), folder)

        def build(spec=spec, file=file, uid=uid):
            nonlocal sources
            sources = _sources(folder) if sources is None else sources
            part = spec.build(as_of, sources, file)
            return pd.DataFrame({"unique_id": uid, "ds": part["ds"], "y": part["y"]})

        parts.append(build() if key is None else memoised(key, build))
    out = pd.concat(parts, ignore_index=True)
    out["unique_id"] = out["unique_id"].astype("str")
    out["ds"] = pd.to_datetime(out["ds"])
    out["y"] = out["y"].astype("float64")
    return out.sort_values(["unique_id", "ds"], kind="stable").reset_index(drop=True)


def list_series(*, as_of: object = None, path: Path | str | None = None) -> pd.DataFrame:
    """unique_id, freq, unit, description, table, first, last, n_obs of every series."""
    long = load_series(as_of=as_of, path=path)
    stats = long.groupby("unique_id")["ds"].agg(first="min", last="max", n_obs="size")
    rows = [
        {
            "unique_id": s.unique_id,
            "freq": s.freq,
            "unit": s.unit,
            "description": s.description,
            "table": s.table,
        }
        for s in SERIES.values()
    ]
    out = pd.DataFrame(rows).merge(stats, left_on="unique_id", right_index=True, how="left")
    out["n_obs"] = out["n_obs"].fillna(0).astype("int64")
    return out
