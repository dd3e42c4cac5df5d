"""Schemas of the demand, supply and price tables (EV sales, batteries, mine output, prices).

Same conventions as :mod:`forecasting.data.tables` (units in column names).
"""

from __future__ import annotations

from forecasting.data.schema import (
    MAX_PRICE,
    MAX_T,
    MAX_VEHICLES,
    PERIOD,
    PUBLISHED,
    Field,
    TableSchema,
    choice,
    integer,
    later,
    number,
    source_field,
    text,
)

CHINA_NEV_SALES = TableSchema(
    "china_nev_sales",
    "china_nev_sales.csv",
    "China NEV production and sales",
    "China new-energy-vehicle production, sales and exports as released (mostly CAAM; "
    "statistical_body names MIIT/CABIA figures, which use other definitions). period_type: "
    "year, half-year, ytd (year to date), month. Rows from several reports of the same figure "
    "are all kept; forecasting.data.preferred picks one.",
    (
        *PERIOD,
        choice("period_type", ("year", "half-year", "ytd", "month"), required=True),
        text("metric", required=True),
        text("powertrain", required=True),
        number("value_units", "vehicles", required=True, maximum=MAX_VEHICLES),
        text("reported_as"),
        number("yoy_pct", "percent", minimum=None),
        number("market_share_pct", "percent"),
        text("statistical_body"),
        text("note"),
        source_field(),
        PUBLISHED,
    ),
    ("period_start", "period_end", "metric", "powertrain", "statistical_body", "source_id"),
    "CAAM monthly release (http://www.caam.org.cn/, English: http://en.caam.org.cn/) around the "
    "10th-15th of each month; add the month and year-to-date rows and re-run the build.",
    period_pairs=(("period_start", "period_end"),),
)

CHINA_BEV_MONTHLY = TableSchema(
    "china_bev_monthly",
    "china_bev_passenger_cars_monthly.csv",
    "China battery-electric passenger cars, monthly",
    "Open EV Charts: sum of model-level BEV passenger-car sales per month (the 'other' bucket "
    "included) and all passenger cars. BEV only, no PHEV. GPL-3.0 data.",
    (
        Field("month", "month", "calendar month (timestamp at month end)", required=True),
        number("bev_passenger_cars_units", "vehicles", required=True, maximum=MAX_VEHICLES),
        number("all_passenger_cars_units", "vehicles"),
        integer("n_models_listed", minimum=0),
        text("bev_source_urls"),
        text("all_cars_source_urls"),
        source_field(),
    ),
    ("month",),
    "Download data/data-CN.js from https://github.com/simonkrauter/Open-EV-Charts and sum the "
    "model counts per month (see datasets/build/build_tables.py).",
    ordered_by=("month",),
)

CHINA_POWER_BATTERY = TableSchema(
    "china_power_battery",
    "china_power_battery.csv",
    "China power-battery installations, production and chemistry split",
    "CABIA (China Automotive Battery Innovation Alliance) figures in GWh. metric is normalised "
    "(installations, production, sales, exports, li_ion_production_all, other) from metric_text; "
    "segment is total, a chemistry (LFP, NCM, other) or a vehicle segment; share_pct is the "
    "segment's share of the period total as reported.",
    (
        *PERIOD,
        choice("period_type", ("year", "half-year", "ytd", "month"), required=True),
        choice(
            "metric",
            (
                "installations",
                "production",
                "sales",
                "exports",
                "li_ion_production_all",
                "forecast",
                "other",
            ),
            required=True,
        ),
        text("metric_text", required=True),
        text("segment", required=True),
        text("segment_text"),
        number("value_gwh", "GWh", maximum=1e5),
        number("share_pct", "percent", maximum=100.0),
        number("yoy_pct", "percent", minimum=None),
        Field("year_inferred", "bool"),
        text("year_inferred_text"),
        text("note"),
        source_field(),
        PUBLISHED,
    ),
    ("period_start", "period_end", "metric_text", "segment_text", "source_id"),
    "CABIA monthly release (via CAAM press conference, http://www.caam.org.cn/); add rows and "
    "re-run the build.",
    period_pairs=(("period_start", "period_end"),),
)

IEA_EV_SALES = TableSchema(
    "iea_ev_sales",
    "iea_ev_sales.csv",
    "IEA EV sales by region, mode and powertrain",
    "IEA Global EV Outlook 2024 data (historical 2010-2023): EV sales in vehicles. Cars for "
    "every region in the data; buses, vans and trucks for China, EU27, Europe, USA, Rest of "
    "the world and World.",
    (
        integer("year", required=True, minimum=1900, maximum=2100),
        text("region", required=True),
        choice("mode", ("Cars", "Buses", "Vans", "Trucks"), required=True),
        choice("powertrain", ("BEV", "PHEV", "FCEV"), required=True),
        number("sales_units", "vehicles", required=True, maximum=MAX_VEHICLES),
        source_field(),
        PUBLISHED,
    ),
    ("year", "region", "mode", "powertrain"),
    "Download the Global EV Data Explorer CSV from "
    "https://www.iea.org/data-and-statistics/data-tools/global-ev-data-explorer, derive the tidy "
    "historical subsets (as in ../shared/data) and re-run `python datasets/build/build_tables.py`.",
)

IEA_EV_PROJECTIONS = TableSchema(
    "iea_ev_projections",
    "iea_ev_sales_projections.csv",
    "IEA EV sales projections (GEVO 2024 STEPS and APS)",
    "IEA Global EV Outlook 2024 projected EV sales (vehicles) for 2025, 2030 and 2035 under the "
    "Stated Policies (STEPS) and Announced Pledges (APS) scenarios, derived from the raw data "
    "explorer file (projection rows for years after 2023). Projections, not observations.",
    (
        integer("year", required=True, minimum=1900, maximum=2100),
        text("region", required=True),
        choice("scenario", ("STEPS", "APS"), required=True),
        choice("mode", ("Cars", "Buses", "Vans", "Trucks"), required=True),
        choice("powertrain", ("BEV", "PHEV", "FCEV"), required=True),
        number("sales_units", "vehicles", required=True, maximum=MAX_VEHICLES),
        source_field(),
        PUBLISHED,
    ),
    ("year", "region", "scenario", "mode", "powertrain"),
    "Download the Global EV Data Explorer CSV (Projection-STEPS/APS rows, parameter 'EV sales') "
    "from https://www.iea.org/data-and-statistics/data-tools/global-ev-data-explorer and re-run "
    "`python datasets/build/build_tables.py`.",
)

LITHIUM_MINE_PRODUCTION = TableSchema(
    "lithium_mine_production",
    "lithium_mine_production.csv",
    "World lithium mine production by country",
    "Tonnes of lithium content. Several editions/sources per country-year are kept (OWID/"
    "Energy Institute, USGS MCS data releases by edition, secondary quotes); preferred() picks "
    "by reliability, then recency.",
    (
        integer("year", required=True, minimum=1900, maximum=2100),
        text("country", required=True),
        text("iso_code"),
        number("production_t_li", "t Li", required=True, maximum=MAX_T),
        text("note"),
        source_field(),
        PUBLISHED,
    ),
    ("year", "country", "source_id"),
    "USGS Mineral Commodity Summaries lithium data release "
    "(https://www.usgs.gov/centers/national-minerals-information-center/lithium-statistics-and-"
    "information) each January; OWID https://ourworldindata.org/grapher/lithium-production.csv.",
)

LITHIUM_PRICE = TableSchema(
    "lithium_price",
    "lithium_carbonate_price_china.csv",
    "Lithium carbonate prices",
    "Price observations as reported: price_low/price_high (a range) and price_point, in "
    "price_unit (cny_per_t, usd_per_t, usd_per_kg). value_kind says whether the figure is a "
    "range, a point, a bound, a peak, an approximation or a company's realised price. "
    "period_start/period_end span the date's precision (a day, a month or a year). No daily or "
    "weekly licensed (SMM) series is bundled; users load theirs with path=.",
    (
        *PERIOD,
        text("date_text", required=True),
        text("date_precision", required=True),
        number("price_low", "price_unit", maximum=MAX_PRICE),
        number("price_high", "price_unit", maximum=MAX_PRICE),
        number("price_point", "price_unit", maximum=MAX_PRICE),
        choice("price_unit", ("cny_per_t", "usd_per_t", "usd_per_kg"), required=True),
        choice(
            "value_kind",
            (
                "range",
                "point",
                "lower_bound",
                "upper_bound",
                "peak",
                "approximate",
                "realised_price",
            ),
            required=True,
        ),
        text("grade"),
        text("basis"),
        text("assessor"),
        text("value_qualifier"),
        text("note"),
        source_field(),
        PUBLISHED,
    ),
    ("period_start", "period_end", "grade", "basis", "assessor", "source_id"),
    "Price agencies (Fastmarkets, SMM, Benchmark) are licensed: users pass their own file "
    "(path=...). Public alternatives: GFEX lithium carbonate futures settlement prices "
    "(http://www.gfex.com.cn/), USGS MCS salient statistics.",
    period_pairs=(("period_start", "period_end"),),
)

GFEX_MONTHLY = TableSchema(
    "gfex_monthly",
    "gfex_lithium_carbonate_futures_monthly.csv",
    "GFEX lithium carbonate futures, monthly averages",
    "Guangzhou Futures Exchange lithium carbonate futures (CNY/t). Averaging: each trading day "
    "the most-active contract (highest open interest; rows whose open interest the record "
    "flags as implausible are left out) gives its last price at 15:00 (not the settlement "
    "price); close_mean is the arithmetic mean over the month's trading days, min/max the "
    "range. partial_month flags a possibly incomplete record (first trade > 9 days after the "
    "month's first weekday, last trade > 5 days before its last weekday, or a gap > 12 days; "
    "or the record's first/last month starting/ending mid-month; the exchange holiday calendar "
    "is not applied). Only monthly "
    "averages are bundled; the daily record is not redistributed.",
    (
        Field("month", "month", "calendar month (timestamp at month end)", required=True),
        number("close_mean_cny_per_t", "CNY/t", required=True, maximum=MAX_PRICE),
        number("close_min_cny_per_t", "CNY/t", required=True, maximum=MAX_PRICE),
        number("close_max_cny_per_t", "CNY/t", required=True, maximum=MAX_PRICE),
        integer("n_trading_days", required=True, minimum=1, maximum=31),
        text("main_contracts", "most-active contracts in the month, ';'-separated"),
        Field("partial_month", "bool", "the record covers only part of the month"),
        source_field(),
        PUBLISHED,
    ),
    ("month",),
    "Download daily lithium carbonate futures quotes from http://www.gfex.com.cn/ (market data), "
    "save them in the layout of ../shared/data/restricted/gfex_lithium_carbonate_futures_daily_"
    "close.csv and re-run `python datasets/build/build_tables.py`.",
    ordered_by=("month",),
)

LITHIUM_INTENSITY = TableSchema(
    "lithium_intensity",
    "battery_lithium_intensity.csv",
    "Battery lithium intensity",
    "kg of lithium content per kWh of cell capacity by cathode chemistry (BatPaC/SolidPac "
    "via Busch et al. 2025). The loader adds kg_lce_per_kwh = kg_li_per_kwh x LI_TO_LCE.",
    (
        text("chemistry", required=True),
        number("kg_li_per_kwh", "kg Li/kWh", required=True, maximum=1.0),
        text("model_source"),
        text("note"),
        source_field(),
    ),
    ("chemistry",),
    "pmbusch/Lithium-Supply: Data/Demand Model/Mineral_Intensity.xlsx, sheet BatPac.",
)

BATTERY_SIZE = TableSchema(
    "battery_size",
    "battery_size.csv",
    "Average EV battery size",
    "Light-duty EV battery size by region and powertrain (EV Volumes 2022 via Busch et al.).",
    (
        integer("year", required=True, minimum=1900, maximum=2100),
        text("region", required=True),
        choice("powertrain", ("BEV", "PHEV"), required=True),
        number("vehicles_units", "vehicles"),
        number("battery_mwh_delivered", "MWh"),
        number("battery_kwh_per_vehicle", "kWh/vehicle", required=True, maximum=300.0),
        text("note"),
        source_field(),
    ),
    ("year", "region", "powertrain"),
    "pmbusch/Lithium-Supply: Parameters/Battery/battery_size_country.csv and "
    "battery_size_world.csv.",
)

BATTERY_CHEMISTRY_SHARE = TableSchema(
    "battery_chemistry_share",
    "battery_chemistry_share.csv",
    "EV battery chemistry shares",
    "Share of delivered battery MWh by cathode chemistry (fraction 0-1), EV Volumes 2022 via "
    "Busch et al.",
    (
        integer("year", required=True, minimum=1900, maximum=2100),
        text("region", required=True),
        choice("powertrain", ("BEV", "PHEV"), required=True),
        text("chemistry", required=True),
        number("battery_mwh", "MWh"),
        number("share", "fraction", required=True, maximum=1.0),
        text("note"),
        source_field(),
    ),
    ("year", "region", "powertrain", "chemistry"),
    "pmbusch/Lithium-Supply: Parameters/Battery/battery_chem_country.csv and "
    "battery_chem_world.csv.",
)

CHINA_LITHIUM_PRODUCTION = TableSchema(
    "china_lithium_production",
    "china_lithium_production.csv",
    "China lithium chemical output",
    "China (and Yichun) output of lithium carbonate, hydroxide and all basic lithium salts as "
    "reported. output_t is tonnes of `product`: li2co3 (t Li2CO3 = t LCE), lce (all salts "
    "expressed as LCE), lithium_hydroxide (hydrate not stated), lithium_salts (all salts in "
    "tonnes of product, no LCE basis) or unspecified (compound not stated). scope says grade "
    "coverage.",
    (
        *PERIOD,
        choice("period_type", ("year", "half-year", "ytd", "month"), required=True),
        text("geography", required=True),
        text("metric_text", required=True),
        choice(
            "product",
            ("li2co3", "lce", "lithium_hydroxide", "lithium_salts", "unspecified"),
            required=True,
        ),
        number("output_t", "t product", required=True, maximum=MAX_T),
        text("basis"),
        text("value_qualifier"),
        text("note"),
        source_field(),
        PUBLISHED,
        later(
            Field(
                "year_inferred",
                "bool",
                "true where the source does not print the year and it is inferred (value_qualifier "
                "says how)",
            )
        ),
    ),
    ("period_start", "period_end", "geography", "metric_text", "source_id"),
    "CNIA lithium branch annual white paper; MIIT lithium-ion/lithium salt releases; SMM monthly "
    "output survey (licensed). Add rows and re-run the build.",
    period_pairs=(("period_start", "period_end"),),
)

UNIT_CONVERSIONS = TableSchema(
    "unit_conversions",
    "unit_conversions.csv",
    "Lithium unit conversion factors",
    "Stoichiometric factors as published by Busch et al. (Data S2, Conversion Factors): "
    "t to_unit per t from_unit. forecasting.data.units derives the same factors from atomic "
    "weights; a test checks agreement.",
    (
        choice("from_unit", ("t_li", "t_li2o", "t_lce", "t_lioh_h2o", "t_licl"), required=True),
        choice("to_unit", ("t_li", "t_li2o", "t_lce", "t_lioh_h2o", "t_licl"), required=True),
        number("factor", "t to_unit per t from_unit", required=True),
        text("basis"),
        source_field(),
    ),
    ("from_unit", "to_unit"),
    "pmbusch/Lithium-Supply: Data/Supply Model/Data S2.xlsx, sheet Conversion Factors.",
)
