"""Builders for the supply-lever tables of the third data pass (see build_tables.py).

Brine chemistry, extraction technology, policy events, battery recycling, Qinghai lithium
resources and national reserves. Mechanical rules only (no new numbers):
- unit text -> unit code by the fixed maps below; an unmapped text fails the build;
- bounds from the wording: '>', '>=', 'more than', '超过', 'lower bound' -> lower;
  '<', 'less than', '不足', 'upper bound' -> upper; a low/high pair -> range; else point;
- years: the first four-digit year of the date text; 'circa', 'inferred', 'undated' or a
  year with no printed date flag year_inferred / leave the year empty;
- metric and technology codes from the reviewed maps below (each text listed exactly).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from build_common import published_dates, read_text_csv, rename_strict

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")

CONCENTRATION_UNITS = {"mg/L": "mg_per_l", "g/L": "g_per_l", "ratio": "ratio"}
BRINE_PARAMETERS = {
    "Li concentration": "li_concentration",
    "Li concentration range": "li_concentration",
    "Mg/Li ratio": "mg_li_ratio",
    "Mg/Li ratio range": "mg_li_ratio",
    "Mg/Li ratio before and after separation": "mg_li_ratio",
    "feed type": "feed_type",
}
#: technology_class text (as upstream) -> technology code (forecasting.data.TECHNOLOGIES).
TECHNOLOGY_CODES = {
    "adsorption + membrane": "adsorption_membrane",
    "adsorption + nanofiltration/RO": "adsorption_membrane",
    "ion exchange/adsorption + membrane": "adsorption_membrane",
    "adsorption (DLE) + membrane": "adsorption_membrane",
    "adsorption + membrane + electrodialysis": "adsorption_membrane_electrodialysis",
    "solar evaporation + membrane (nanofiltration)": "evaporation_membrane",
    "solar evaporation (salt pan) optimisation": "solar_evaporation",
    "solar evaporation": "solar_evaporation",
    "adsorption": "adsorption",
    "electrodialysis": "electrodialysis",
    "recovery add-on": "recovery_add_on",
    "not stated": "not_stated",
}
PERFORMANCE_METRICS = {
    "overall lithium recovery": "lithium_recovery",
    "lithium recovery": "lithium_recovery",
    "overall workshop lithium recovery": "lithium_recovery",
    "salt-pan stage lithium recovery": "salt_pan_recovery",
    "Li+ recovery": "lithium_recovery",
    "product purity": "product_purity",
}
RECYCLING_UNITS = {
    "t": "t",
    "GWh": "gwh",
    "t LCE": "t_lce",
    "t/yr": "t_per_year",
    "companies": "companies",
    "percent": "pct",
}
#: metric text -> metric code of battery_recycling_china.csv (reviewed list).
RECYCLING_METRICS = {
    "retired power lithium-ion batteries (cumulative)": "retired_cumulative",
    "retired power lithium-ion batteries": "retired",
    "retired power batteries": "retired",
    "retired power batteries (cumulative)": "retired_cumulative",
    "scrapped power batteries (cumulative)": "retired_cumulative",
    "scrapped power batteries": "retired",
    'power battery recycling volume at start of "large-scale" phase': "recycled",
    "waste power batteries": "retired",
    "enterprises meeting MIIT recycling standard conditions": "compliant_companies",
    "comprehensive waste-battery treatment capacity of those companies": "treatment_capacity",
    "lithium-ion batteries actually recycled": "recycled",
    "lithium salt output from battery recycling": "lithium_from_recycling",
    "recycling-derived lithium carbonate output (month)": "lithium_from_recycling",
    "used EV batteries entering recycling": "recycled",
    "regulated (规范化) recycling rate of power batteries": "regulated_collection_rate",
    "minimum lithium recovery in recycling (MIIT standard conditions 2019 ed.)": (
        "min_lithium_recovery"
    ),
    "minimum lithium recovery in smelting (MIIT standard conditions 2024 ed.)": (
        "min_lithium_recovery"
    ),
    "lithium recovery achieved by some recyclers": "achieved_lithium_recovery",
    "share of lithium carbonate refining capacity fed by recycling": "recycling_share_of_refining",
    "lithium available from recycling (waste batteries and production scrap), LCE": (
        "lithium_recyclable_potential"
    ),
    "planned spent Li-ion battery treatment capacity (Qinghai Kuailv)": "treatment_capacity",
    "battery-recycling-related registered enterprises": "registered_companies",
}
#: unit_as_stated -> (unit code for forecasting.data.units, compound).
RESOURCE_UNITS = {
    "million tons (compound basis not stated)": ("mt_unspecified", "unspecified"),
    "million tons LiCl (more than)": ("mt_licl", "licl"),
    "10 thousand tons (basis not stated)": ("10kt_unspecified", "unspecified"),
    "million tons LiCl": ("mt_licl", "licl"),
    "10 thousand tons (basis not stated; SMM gives same digits as LiCl)": (
        "10kt_unspecified",
        "unspecified",
    ),
    "10 thousand tons LiCl": ("10kt_licl", "licl"),
    "10 thousand tons LCE": ("10kt_lce", "lce"),
    "kt Li": ("kt_li", "li"),
    "million tons Li": ("mt_li", "li"),
    "10 thousand tons (metal equivalent)": ("10kt_li", "li"),
    "100 million m3 brine (亿方)": ("100m_m3_brine", "brine"),
}


def _map(values: pd.Series, mapping: dict, what: str) -> pd.Series:
    """Map texts exactly; any text missing from the reviewed map fails the build."""
    missing = sorted({v for v in values.dropna() if v not in mapping})
    if missing:
        raise ValueError(f"{what}: unmapped text(s) {missing}; add them to build_levers.py")
    return values.map(mapping).astype(object).where(values.notna(), None)


def first_year(text: pd.Series) -> pd.Series:
    """The first four-digit year in each text (None if none)."""
    return (
        text.fillna("")
        .str.extract(_YEAR, expand=False)
        .astype(object)
        .where(lambda s: s.notna(), None)
    )


def year_inferred(text: pd.Series) -> pd.Series:
    """'true' where the wording says the year is circa, inferred or undated."""
    words = text.fillna("").str.lower().str.contains("circa|inferred|undated|not shown|not dated")
    return words.map({True: "true", False: "false"})


def bound_from_text(*texts: pd.Series, low=None, high=None) -> pd.Series:
    """lower / upper from the wording, range for a low-high pair, else point."""
    joined = pd.concat([t.fillna("") for t in texts], axis=1).agg(" ".join, axis=1).str.lower()
    out = pd.Series("point", index=joined.index, dtype=object)
    if low is not None and high is not None:
        out[low.notna() & high.notna()] = "range"
        out[low.isna() & high.notna()] = "upper"
    lower = joined.str.contains(r">|more than|超过|lower bound|exceed", regex=True)
    upper = joined.str.contains(r"<|less than|不足|upper bound", regex=True)
    out[lower] = "lower"
    out[upper & ~lower] = "upper"
    return out


def build_brine_chemistry(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "qinghai_brine_chemistry.csv")
    raw = rename_strict(raw, {"as_of": "as_of_text", "unit": "unit_as_reported"})
    raw["parameter_code"] = _map(raw["parameter"], BRINE_PARAMETERS, "brine parameter")
    raw["unit"] = _map(raw["unit_as_reported"], CONCENTRATION_UNITS, "brine unit")
    raw["year"] = first_year(raw["as_of_text"])
    raw["year_inferred"] = year_inferred(raw["as_of_text"])
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw


def build_extraction_technology(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "qinghai_extraction_technology.csv")
    raw = rename_strict(raw, {"as_of": "as_of_text", "unit": "unit_as_reported"})
    raw["technology"] = _map(raw["technology_class"], TECHNOLOGY_CODES, "technology_class")
    raw["metric"] = _map(raw["performance_metric"], PERFORMANCE_METRICS, "performance_metric")
    raw["unit"] = raw["unit_as_reported"].where(raw["unit_as_reported"].isna(), "pct")
    raw["bound"] = bound_from_text(raw["unit_as_reported"]).where(raw["value"].notna(), None)
    producer = raw["producer"].str.lower()
    raw["scale"] = "plant"
    raw.loc[producer.str.startswith("laboratory"), "scale"] = "laboratory"
    raw.loc[producer.str.startswith("industry average"), "scale"] = "industry_average"
    raw["year"] = first_year(raw["as_of_text"].where(~raw["as_of_text"].str.startswith("before")))
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw


def _period_bounds(text: str, precision: str) -> tuple[str, str]:
    """Day / month / year text -> first and last day (ISO)."""
    year = _YEAR.search(text).group(1)
    if precision in ("day",) or re.match(r"\d{4}-\d{2}-\d{2}", text):
        day = text[:10]
        return day, day
    if precision == "month" or re.match(r"\d{4}-\d{2}(?!\d)", text):
        month = re.match(r"\d{4}-\d{2}", text)
        if month is None:  # '2018 (end-May; year inferred)'
            month_no = pd.Timestamp(f"1 {text.split('end-')[1][:3]} {year}").month
            start = pd.Timestamp(f"{year}-{month_no:02d}-01")
        else:
            start = pd.Timestamp(f"{month.group(0)}-01")
        return start.strftime("%Y-%m-%d"), (start + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d")
    return f"{year}-01-01", f"{year}-12-31"


def build_policy_events(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "lithium_policy_events.csv")
    raw = rename_strict(raw, {"date": "date_text", "date_precision": "date_precision_text"})
    spans = [
        _period_bounds(d, p.split(" ")[0])
        for d, p in zip(raw["date_text"], raw["date_precision_text"], strict=True)
    ]
    raw["period_start"] = [a for a, _ in spans]
    raw["period_end"] = [b for _, b in spans]
    precision = raw["date_precision_text"].str.split(" ").str[0]
    raw["date_precision"] = precision.where(precision.isin(["day", "month", "year"]), "day")
    raw["year_inferred"] = year_inferred(raw["date_text"])
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw.sort_values(["period_start", "period_end"], kind="stable").reset_index(drop=True)


def build_battery_recycling(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "battery_recycling_china.csv")
    raw = rename_strict(raw, {"period": "period_text", "metric": "metric_text"})
    raw = rename_strict(raw, {"unit": "unit_as_reported"})
    raw["metric"] = _map(raw["metric_text"], RECYCLING_METRICS, "recycling metric")
    raw["unit"] = _map(raw["unit_as_reported"], RECYCLING_UNITS, "recycling unit")
    text = raw["period_text"].str.lower()
    raw["is_forecast"] = text.str.contains("forecast|projected|expected").map(
        {True: "true", False: "false"}
    )
    raw["is_cumulative"] = (
        text.str.contains("cumulative") | raw["metric_text"].str.contains("cumulative")
    ).map({True: "true", False: "false"})
    raw["year"] = first_year(raw["period_text"])
    raw["year_inferred"] = year_inferred(raw["note"])
    raw["bound"] = bound_from_text(
        raw["value_qualifier"], raw["reported_as"], low=raw["value_low"], high=raw["value_high"]
    )
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw


def resource_class(metric: str) -> str:
    """reserves / resource / potential / brine_volume from the metric wording."""
    m = metric.lower()
    if "brine resource" in m:
        return "brine_volume"
    if "potential" in m:
        return "potential"
    return "reserves" if "reserve" in m else "resource"


def build_qinghai_resources(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "qinghai_lithium_resources.csv")
    raw = rename_strict(raw, {"as_of": "as_of_text", "metric": "metric_text"})
    mapped = _map(raw["unit_as_stated"], RESOURCE_UNITS, "resource unit")
    raw["unit"] = mapped.map(lambda u: u[0])
    raw["compound"] = mapped.map(lambda u: u[1])
    raw["resource_class"] = raw["metric_text"].map(resource_class)
    raw["bound"] = bound_from_text(raw["unit_as_stated"])
    raw["year"] = first_year(raw["as_of_text"])
    raw["year_inferred"] = year_inferred(raw["as_of_text"])
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw


def _edition_year(text: str) -> str | None:
    m = re.search(r"MCS\s?(\d{4})", text)
    return m.group(1) if m else None


def _reference_year(text: str) -> str | None:
    """Year the reserves refer to: 'as of end of 2023' / 'end-2024' / MCS edition - 1."""
    m = re.search(r"end(?: of|-)\s?(\d{4})", text)
    if m:
        return m.group(1)
    edition = _edition_year(text)
    return str(int(edition) - 1) if edition else None


def build_lithium_reserves(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "lithium_reserves_and_resources_by_country.csv")
    raw = rename_strict(
        raw, {"metric": "metric_text", "value_t": "value", "unit": "unit_as_reported"}
    )
    raw["metric"] = raw["metric_text"].map(
        lambda m: "identified_resources" if m.startswith("identified") else "reserves"
    )
    raw["unit"] = _map(
        raw["unit_as_reported"], {"t Li content": "t_li", "t Li2O": "t_li2o"}, "unit"
    )
    raw["edition_year"] = raw["usgs_edition"].map(_edition_year)
    raw["reference_year"] = raw["usgs_edition"].map(_reference_year)
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw


LEVER_BUILDERS = {
    "brine_chemistry": build_brine_chemistry,
    "extraction_technology": build_extraction_technology,
    "policy_events": build_policy_events,
    "battery_recycling": build_battery_recycling,
    "qinghai_resources": build_qinghai_resources,
    "lithium_reserves": build_lithium_reserves,
}
