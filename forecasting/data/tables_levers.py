"""Schemas of the supply-lever tables (third data pass): brine chemistry, extraction technology,
policy events, battery recycling, Qinghai lithium resources and national reserves.

Each keeps the value and unit as the source gives them (``value``, ``unit``; ranges in
``value_low``/``value_high``; the wording in ``reported_as``/``value_qualifier``); the loaders in
:mod:`forecasting.data.levers` normalise units through :mod:`forecasting.data.units`.
``bound`` says how a figure bounds the quantity: point, range, lower (">", "more than",
"超过") or upper ("<", "less than", "不足").
"""

from __future__ import annotations

from forecasting.data.schema import (
    MAX_T,
    PERIOD,
    PUBLISHED,
    Field,
    TableSchema,
    choice,
    integer,
    number,
    source_field,
    text,
)

BOUND_KINDS = ("point", "range", "lower", "upper")
#: Extraction technology codes (issue 9's levers: adsorption, membrane/nanofiltration,
#: electrodialysis, salt-pan evaporation; combinations as the plants run them).
TECHNOLOGIES = (
    "adsorption",
    "adsorption_membrane",
    "adsorption_membrane_electrodialysis",
    "evaporation_membrane",
    "solar_evaporation",
    "electrodialysis",
    "recovery_add_on",
    "not_stated",
)
POLICY_EVENT_TYPES = (
    "target revision",
    "consolidation",
    "regulation",
    "environmental inspection",
    "approval",
    "standard",
    "plan",
    "enforcement",
    "production halt",
    "restart",
    "commissioning",
)
RECYCLING_METRICS = (
    "retired",
    "retired_cumulative",
    "recycled",
    "compliant_companies",
    "registered_companies",
    "treatment_capacity",
    "lithium_from_recycling",
    "lithium_recyclable_potential",
    "regulated_collection_rate",
    "min_lithium_recovery",
    "achieved_lithium_recovery",
    "recycling_share_of_refining",
)
_REFRESH = (
    "Add rows to the upstream table in ../shared/data with a source_id described in "
    "SOURCES.md, then re-run `python datasets/build/build_sources.py` and "
    "`python datasets/build/build_tables.py`."
)
_YEAR = {"minimum": 1900, "maximum": 2100}


def _year_inferred() -> Field:
    return Field("year_inferred", "bool", "true where the year is circa, inferred or undated")


BRINE_CHEMISTRY = TableSchema(
    "brine_chemistry",
    "qinghai_brine_chemistry.csv",
    "Qinghai brine chemistry: lithium grade and Mg/Li ratio",
    "Lithium concentration and Mg/Li ratio of Qinghai (and Qinghai-Tibet) brines and process "
    "streams as reported; scope says deposit, process stream or review. parameter_code: "
    "li_concentration (unit mg_per_l or g_per_l), mg_li_ratio (unit ratio) or feed_type "
    "(qualitative). The loader adds value_mg_per_l for concentrations.",
    (
        text("salt_lake", required=True),
        text("scope", required=True),
        text("parameter", required=True),
        choice("parameter_code", ("li_concentration", "mg_li_ratio", "feed_type"), required=True),
        number("value", "unit"),
        number("value_low", "unit"),
        number("value_high", "unit"),
        choice("unit", ("mg_per_l", "g_per_l", "ratio")),
        text("unit_as_reported"),
        text("reported_as"),
        text("as_of_text", required=True),
        integer("year", "first year in as_of_text", **_YEAR),
        _year_inferred(),
        text("value_qualifier"),
        text("note"),
        source_field(),
        PUBLISHED,
    ),
    ("salt_lake", "scope", "parameter", "source_id"),
    _REFRESH,
)

EXTRACTION_TECHNOLOGY = TableSchema(
    "extraction_technology",
    "qinghai_extraction_technology.csv",
    "Lithium extraction technology by Qinghai producer, with recovery and purity",
    "One row per producer, technology and reported figure. technology is a code (see "
    "forecasting.data.TECHNOLOGIES) mapped from technology_class; technology_as_stated keeps the "
    "wording. metric: lithium_recovery, salt_pan_recovery or product_purity, value in percent "
    "(bound: lower for '>78%', upper for '<50%'). scale: plant, industry_average or laboratory "
    "(a laboratory figure is an upper bound for plants, not a plant value).",
    (
        text("producer", required=True),
        text("salt_lake", required=True),
        text("technology_as_stated", required=True),
        text("technology_class", required=True),
        choice("technology", TECHNOLOGIES, required=True),
        text("as_of_text", required=True),
        integer("year", "first year in as_of_text", **_YEAR),
        text("performance_metric"),
        choice("metric", ("lithium_recovery", "salt_pan_recovery", "product_purity")),
        number("value", "percent", maximum=100.0),
        choice("unit", ("pct",)),
        text("unit_as_reported"),
        choice("bound", BOUND_KINDS),
        choice("scale", ("plant", "industry_average", "laboratory"), required=True),
        text("value_qualifier"),
        text("note"),
        source_field(),
        PUBLISHED,
    ),
    ("producer", "technology_as_stated", "as_of_text", "source_id"),
    _REFRESH,
)

POLICY_EVENTS = TableSchema(
    "policy_events",
    "lithium_policy_events.csv",
    "Lithium policy, consolidation, inspection and halt events (Qinghai and China)",
    "Dated events as reported: target revisions, consolidation (one developer per lake, the "
    "China Salt Lake Industry Group), regulation and recycling standards, central environmental "
    "inspections, production halts and restarts. period_start/period_end span the stated "
    "date (a day, month or year); year_inferred flags a year the source does not print.",
    (
        *PERIOD,
        text("date_text", required=True),
        choice("date_precision", ("day", "month", "year"), required=True),
        text("date_precision_text", required=True),
        _year_inferred(),
        text("geography", required=True),
        text("level", required=True),
        choice("event_type", POLICY_EVENT_TYPES, required=True),
        text("event", required=True),
        text("quantitative_detail"),
        text("affected_entities"),
        source_field(),
        PUBLISHED,
    ),
    ("period_start", "event_type", "event"),
    _REFRESH,
    ordered_by=("period_start",),
    period_pairs=(("period_start", "period_end"),),
)

BATTERY_RECYCLING = TableSchema(
    "battery_recycling",
    "battery_recycling_china.csv",
    "China battery recycling: retired volumes, capacity, recovery rules and rates",
    "Retired and recycled power batteries (t or GWh; cumulative rows flagged), recycling "
    "capacity, lithium recovered, the regulated collection rate and the MIIT minimum lithium "
    "recovery (>85% from 2020, >=90% from the 2024 edition). metric is a code for metric_text; "
    "is_forecast marks projections; bound is lower/upper where the wording says so. The loader "
    "adds value_gwh, value_t_lce and value_share (fraction 0-1 for percent rows).",
    (
        text("period_text", required=True),
        integer("year", "first year in period_text", **_YEAR),
        Field("is_forecast", "bool", "a forecast or projection, not an observation"),
        Field("is_cumulative", "bool", "a cumulative total over several years"),
        text("geography", required=True),
        text("metric_text", required=True),
        choice("metric", RECYCLING_METRICS, required=True),
        number("value", "unit"),
        number("value_low", "unit"),
        number("value_high", "unit"),
        choice("unit", ("t", "gwh", "t_lce", "t_per_year", "companies", "pct"), required=True),
        text("unit_as_reported", required=True),
        choice("bound", BOUND_KINDS, required=True),
        text("reported_as"),
        text("value_qualifier"),
        text("note"),
        _year_inferred(),
        source_field(),
        PUBLISHED,
    ),
    ("period_text", "metric_text", "source_id"),
    _REFRESH,
)

QINGHAI_RESOURCES = TableSchema(
    "qinghai_resources",
    "qinghai_lithium_resources.csv",
    "Qinghai lithium reserves and resources by salt lake",
    "Reserve and resource figures as reported, in their own compound and scale: unit is a "
    "forecasting.data.units code (mt_licl = million t LiCl, 10kt_licl = 万吨 LiCl, 10kt_lce, "
    "kt_li, mt_li, 10kt_li; *_unspecified where the source does not say the compound; "
    "100m_m3_brine a brine volume). resource_class: reserves, resource, potential or "
    "brine_volume (from the wording). The loader adds value_t_li and value_t_lce (NaN where the "
    "compound is not stated).",
    (
        text("as_of_text", required=True),
        integer("year", "first year in as_of_text", **_YEAR),
        _year_inferred(),
        text("geography", required=True),
        text("metric_text", required=True),
        choice("resource_class", ("reserves", "resource", "potential", "brine_volume")),
        number("value", "unit", required=True),
        text("unit_as_stated", required=True),
        text("unit", required=True),
        choice("compound", ("licl", "lce", "li", "unspecified", "brine"), required=True),
        choice("bound", BOUND_KINDS, required=True),
        text("note"),
        source_field(),
        PUBLISHED,
    ),
    ("as_of_text", "geography", "metric_text", "source_id"),
    _REFRESH,
)

LITHIUM_RESERVES = TableSchema(
    "lithium_reserves",
    "lithium_reserves_by_country.csv",
    "Lithium reserves and identified resources by country",
    "National reserves and identified resources as quoted (mostly USGS Mineral Commodity "
    "Summaries, several via secondary pages: value_qualifier says which), every edition and "
    "source kept. unit t_li (lithium content) or t_li2o; the loader adds value_t_li. "
    "edition_year is the MCS edition where stated, reference_year the year the figure refers "
    "to (end of year).",
    (
        text("country", required=True),
        text("metric_text", required=True),
        choice("metric", ("reserves", "identified_resources"), required=True),
        number("value", "unit", required=True, maximum=MAX_T * 100),
        choice("unit", ("t_li", "t_li2o"), required=True),
        text("unit_as_reported", required=True),
        text("usgs_edition"),
        integer("edition_year", **_YEAR),
        integer("reference_year", **_YEAR),
        text("value_qualifier"),
        text("note"),
        source_field(),
        PUBLISHED,
    ),
    ("country", "metric_text", "usgs_edition", "source_id"),
    "USGS Mineral Commodity Summaries, lithium (https://pubs.usgs.gov/periodicals/mcs2025/"
    "mcs2025-lithium.pdf) and its data release; add rows and re-run the build.",
)

LEVER_TABLES = (
    BRINE_CHEMISTRY,
    EXTRACTION_TECHNOLOGY,
    POLICY_EVENTS,
    BATTERY_RECYCLING,
    QINGHAI_RESOURCES,
    LITHIUM_RESERVES,
)
