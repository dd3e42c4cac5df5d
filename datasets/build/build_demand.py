"""Builders for the demand, supply and price tables (see build_tables.py for the recipe)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from build_common import month_bounds, published_dates, read_text_csv, rename_strict
from build_gfex import build_gfex_monthly

BATTERY_METRICS = {
    "installations (装车量)": "installations",
    "installations (装机量)": "installations",
    "installations (lithium batteries, as analysed by Cui Dongshu/CPCA)": "installations",
    "production": "production",
    "sales": "sales",
    "exports": "exports",
    "lithium-ion battery production (all uses, MIIT)": "li_ion_production_all",
    "production (power + other batteries)": "other",
    "production (power + energy storage)": "other",
    "sales (power + other batteries)": "other",
}
BATTERY_SEGMENTS = {
    "total": "total",
    "total (CABIA forecast made mid-2024)": "total",
    "LFP": "LFP",
    "NCM (ternary)": "NCM",
    "other chemistries": "other",
    "passenger NEV": "passenger",
    "commercial NEV": "commercial",
    "passenger car (all chemistries)": "passenger_car",
    "bus (all chemistries)": "bus",
    "power batteries": "power_batteries",
}
UNIT_CODES = {
    "t Li": "t_li",
    "t Li2O": "t_li2o",
    "t LCE": "t_lce",
    "t LiOH.H2O": "t_lioh_h2o",
    "t LiCl": "t_licl",
}


def build_china_nev_sales(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    """CAAM (and MIIT/CABIA) releases plus the monthly CAAM sales file, all rows kept."""
    main = read_text_csv(shared / "china_nev_caam.csv")
    main = rename_strict(main, {"value_units": "value_units"})
    monthly = read_text_csv(shared / "china_nev_sales_monthly_caam.csv")
    start, end = month_bounds(monthly["month"])
    monthly = pd.DataFrame(
        {
            "period_start": start,
            "period_end": end,
            "period_type": "month",
            "metric": "sales",
            "powertrain": monthly["powertrain"],
            "value_units": monthly["sales_units"],
            "reported_as": monthly["value_qualifier"],
            "statistical_body": "CAAM",
            "note": monthly["note"],
            "source_id": monthly["source_id"],
        }
    )
    out = pd.concat([main, monthly], ignore_index=True)
    key = ["period_start", "period_end", "metric", "powertrain", "statistical_body", "source_id"]
    dup = out.duplicated(key, keep=False)
    if dup.any():
        clash = out[dup].groupby(key)["value_units"].nunique()
        if (clash > 1).any():
            raise ValueError(f"china NEV: same key, different values:\n{clash[clash > 1]}")
        out = out.drop_duplicates(key, keep="first")
    out = out.sort_values(["period_end", "period_start", "metric", "powertrain"], kind="stable")
    out["published_date"] = published_dates(out["source_id"], sources)
    return out.reset_index(drop=True)


def build_china_bev_monthly(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    return read_text_csv(shared / "china_bev_passenger_cars_monthly_openevcharts.csv")


def build_china_power_battery(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "china_power_battery_cabia.csv")
    raw = rename_strict(
        raw,
        {
            "metric": "metric_text",
            "chemistry_or_segment": "segment_text",
            "year_inferred": "year_inferred_text",
        },
    )
    raw["metric"] = raw["metric_text"].map(BATTERY_METRICS)
    raw.loc[raw["segment_text"].str.contains("forecast"), "metric"] = "forecast"
    raw["segment"] = raw["segment_text"].map(BATTERY_SEGMENTS)
    if raw[["metric", "segment"]].isna().any().any():
        raise ValueError("power battery: unmapped metric or segment text; extend the maps")
    raw["year_inferred"] = (
        raw["year_inferred_text"].str.startswith("yes").map({True: "true", False: "false"})
    )
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw


def build_iea_ev_sales(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    """EV sales (vehicles): all modes for the selected regions, cars for every other region."""
    modes = read_text_csv(shared / "iea_ev_sales_all_modes_selected_regions.csv")
    cars = read_text_csv(shared / "iea_ev_cars_by_region_2010_2023.csv")
    cars = cars[cars["metric"] == "EV sales"].assign(mode="Cars")
    key = ["year", "region", "mode", "powertrain"]
    both = pd.concat([modes, cars], ignore_index=True)
    both["v"] = both["value"].astype(float)
    if (both.groupby(key)["v"].nunique() > 1).any():
        raise ValueError("IEA subsets disagree on a (year, region, mode, powertrain) value")
    out = both.drop_duplicates(key, keep="first").copy()
    out["sales_units"] = out["value"]
    out["published_date"] = published_dates(out["source_id"], sources)
    out["year_i"] = out["year"].astype(int)
    out = out.sort_values(["region", "mode", "powertrain", "year_i"], kind="stable")
    return out.drop(columns=["v", "year_i"]).reset_index(drop=True)


def build_iea_ev_projections(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    """Projected EV sales (vehicles) by scenario from the raw IEA file, years after 2023."""
    raw = read_text_csv(shared / "raw" / "IEA_Global_EV_Data_2024.csv")
    keep = (
        raw["category"].isin(["Projection-STEPS", "Projection-APS"])
        & (raw["parameter"] == "EV sales")
        & (raw["unit"] == "Vehicles")
        & (raw["year"].astype(int) > 2023)
    )
    out = raw[keep].copy()
    out["scenario"] = out["category"].str.removeprefix("Projection-")
    out["sales_units"] = out["value"]
    out["source_id"] = "IEA_GEVO2024_DATA"
    out["published_date"] = published_dates(out["source_id"], sources)
    order = ["region", "scenario", "mode", "powertrain", "year"]
    return out.sort_values(order, kind="stable").reset_index(drop=True)


def build_lithium_mine_production(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "lithium_mine_production_by_country.csv")
    raw = rename_strict(raw, {"production_t_li_content": "production_t_li"})
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw


def _price_unit(currency: str, unit: str) -> str:
    return {
        ("CNY", "per tonne"): "cny_per_t",
        ("USD", "per tonne"): "usd_per_t",
        ("USD", "per kg"): "usd_per_kg",
    }[(currency, unit)]


def price_value_kind(row: pd.Series) -> str:
    """Kind of a price figure from its qualifier wording, else range (low+high) or point."""
    q = str(row["value_qualifier"] or "").lower()
    for word, kind in (
        ("lower bound", "lower_bound"),
        ("upper bound", "upper_bound"),
        ("peak", "peak"),
        ("realised", "realised_price"),
        ("approximate", "approximate"),
    ):
        if word in q:
            return kind
    return "range" if row["price_low"] and row["price_high"] else "point"


def _price_period(date: str, precision: str) -> tuple[str, str]:
    """Period bounds of '2023', '2023-05', '2021-03 (mid-month)', '2025-H1', '2022 H1',
    '2024 Jan-Jul' (year to date) or a day '2023-05-04'."""
    date = date.strip()
    if len(date) == 4:
        return f"{date}-01-01", f"{date}-12-31"
    if date[4:].strip(" -") in ("H1", "H2"):
        half = date[4:].strip(" -")
        return (
            (f"{date[:4]}-01-01", f"{date[:4]}-06-30")
            if half == "H1"
            else (
                f"{date[:4]}-07-01",
                f"{date[:4]}-12-31",
            )
        )
    if date[4:].strip().startswith("Jan-"):
        end = pd.Timestamp(f"{date[:4]}-{date[4:].strip()[4:]}-01") + pd.offsets.MonthEnd(0)
        return f"{date[:4]}-01-01", end.strftime("%Y-%m-%d")
    if len(date) == 7 or (len(date) > 7 and date[7] == " "):
        start, end = month_bounds(pd.Series([date[:7]]))
        return start.iloc[0], end.iloc[0]
    return date, date


def _period_kind(text: str) -> str:
    """year / month / half-year / ytd from a period text (see :func:`_price_period`)."""
    text = text.strip()
    if len(text) == 4:
        return "year"
    if text[4:].strip(" -") in ("H1", "H2"):
        return "half-year"
    return "ytd" if text[4:].strip().startswith("Jan-") else "month"


def build_lithium_price(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "lithium_carbonate_price_china.csv")
    raw = rename_strict(raw, {"date": "date_text", "assessor_or_reporter": "assessor"})
    spans = [
        _price_period(d, p) for d, p in zip(raw["date_text"], raw["date_precision"], strict=True)
    ]
    raw["period_start"] = [s for s, _ in spans]
    raw["period_end"] = [e for _, e in spans]
    raw["price_unit"] = [
        _price_unit(c, u) for c, u in zip(raw["currency"], raw["unit"], strict=True)
    ]
    raw["value_kind"] = raw.apply(price_value_kind, axis=1)
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw.sort_values(["period_end", "period_start"], kind="stable").reset_index(drop=True)


def build_lithium_intensity(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    """Li per kWh as published; the derived LCE column upstream is recomputed by the loader."""
    return read_text_csv(shared / "battery_lithium_intensity_by_chemistry.csv")


def build_battery_size(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "ev_battery_size_2022_busch.csv")
    return rename_strict(
        raw,
        {"vehicles": "vehicles_units", "avg_battery_kwh_per_vehicle": "battery_kwh_per_vehicle"},
    )


def build_battery_chemistry_share(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "ev_battery_chemistry_share_2022_busch.csv")
    return rename_strict(raw, {"share_of_mwh": "share"})


def lithium_product(metric: str) -> str:
    """Product of a China output row from its wording: hydroxide, all salts as LCE, all salts in
    tonnes of product (lithium_salts), lithium 'extracted' with no compound (unspecified), else
    Li2CO3."""
    if "hydroxide" in metric:
        return "lithium_hydroxide"
    if "LCE" in metric:
        return "lce"
    if "all salts" in metric:
        return "lithium_salts"
    return "unspecified" if "lithium extracted" in metric else "li2co3"


def build_china_lithium_production(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "china_lithium_carbonate_production_annual.csv")
    raw = rename_strict(raw, {"metric": "metric_text", "value_t": "output_t"})
    spans = [_price_period(p, "") for p in raw["period"]]
    raw["period_start"] = [s for s, _ in spans]
    raw["period_end"] = [e for _, e in spans]
    raw["period_type"] = [_period_kind(p) for p in raw["period"]]
    raw["product"] = raw["metric_text"].map(lithium_product)
    raw["published_date"] = published_dates(raw["source_id"], sources)
    inferred = raw["value_qualifier"].fillna("").str.contains("year inferred")
    raw["year_inferred"] = inferred.map({True: "true", False: "false"})
    return raw


def build_unit_conversions(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "lithium_unit_conversions.csv")
    raw = rename_strict(raw, {"multiply_by": "factor"})
    raw["from_unit"] = raw["from_unit"].map(UNIT_CODES)
    raw["to_unit"] = raw["to_unit"].map(UNIT_CODES)
    return raw


DEMAND_BUILDERS = {
    "china_nev_sales": build_china_nev_sales,
    "china_bev_monthly": build_china_bev_monthly,
    "china_power_battery": build_china_power_battery,
    "iea_ev_sales": build_iea_ev_sales,
    "iea_ev_projections": build_iea_ev_projections,
    "lithium_mine_production": build_lithium_mine_production,
    "china_lithium_production": build_china_lithium_production,
    "lithium_price": build_lithium_price,
    "gfex_monthly": build_gfex_monthly,
    "lithium_intensity": build_lithium_intensity,
    "battery_size": build_battery_size,
    "battery_chemistry_share": build_battery_chemistry_share,
    "unit_conversions": build_unit_conversions,
}
