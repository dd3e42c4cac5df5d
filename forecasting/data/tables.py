"""The schema of every curated table in ``datasets/`` (one :class:`TableSchema` each).

Units are in column names: ``_t_lce`` tonnes of lithium carbonate equivalent, ``_t_li`` tonnes of
lithium content, ``_units`` vehicles, ``_gwh`` gigawatt-hours, ``_cny_per_t`` yuan per tonne,
``_bn_cny`` billion yuan, ``_pct`` percent (0-100), ``share`` a fraction (0-1).
``published_date`` is the date a row's figure was first published (earliest date of its
sources; a month- or year-precision date is taken at the period's last day); it drives ``as_of``.
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
    later,
    number,
    source_field,
    text,
)
from forecasting.data.tables_projects import (  # PROJECT_STATUS re-exported
    _QH_REFRESH,
    PROJECT_FIRST_OUTPUT,
    PROJECT_STATUS,  # noqa: F401
    PROJECT_STATUS_HISTORY,
    PROJECTS,
)

#: ``salt_lake_output_value`` is the whole salt-lake industry (potash and lithium among others),
#: kept apart from the lithium ``output_value`` so no code has to read the subject text.
TARGET_METRICS = (
    "capacity",
    "output",
    "output_value",
    "cell_capacity",
    "salt_lake_output_value",
    "other",
)
TARGET_UNITS = ("t_lce_per_year", "bn_cny", "gwh_per_year")
CAPACITY_KINDS = ("built", "under_construction", "planned", "potential", "projection", "ambiguous")
SCOPE_LEVELS = ("province", "salt_lake", "basin", "company", "project")
#: How a period covers its calendar year, and how a value bounds that year's total.
COVERAGE = ("full_year", "partial_year", "headline")
BOUNDS = ("point", "lower", "upper")
RELIABILITY = ("A", "B", "C", "D")
#: Units of qinghai_industry_value (money: 100m_cny = 亿元, 10k_cny = 万元, m_cny, bn_cny).
VALUE_UNITS = (
    "100m_cny",
    "10k_cny",
    "m_cny",
    "bn_cny",
    "t",
    "mwh",
    "gwh",
    "t_per_month",
    "t_per_year",
    "pct",
)
MONEY_UNITS = ("100m_cny", "10k_cny", "m_cny", "bn_cny")

SOURCES = TableSchema(
    "sources",
    "sources.csv",
    "Sources",
    "Every source_id cited in datasets/, derived from ../shared/data/SOURCES.md by "
    "datasets/build/build_sources.py. reliability is the conservative single grade (A best, D "
    "weakest; 'A/B' counts as B); reliability_text keeps the original wording.",
    (
        text("source_id", required=True),
        text("title", required=True),
        text("publisher"),
        text("date", "date as given in SOURCES.md"),
        Field("published_date", "date", "date parsed from `date` (period end if month/year only)"),
        text("url"),
        text("passage", "passage or table used"),
        text("licence"),
        choice("reliability", RELIABILITY, required=True),
        text("reliability_text"),
        text("refresh_instructions"),
        text("section", "SOURCES.md section heading"),
    ),
    ("source_id",),
    "Re-run `python datasets/build/build_sources.py --shared ../shared/data` after SOURCES.md "
    "changes.",
    source_column="",
)

TARGETS = TableSchema(
    "targets",
    "qinghai_targets.csv",
    "Official and company targets registry",
    "One row per target. metric: capacity | output | output_value (lithium industry) | "
    "cell_capacity | salt_lake_output_value (the whole salt-lake industry, potash included; not "
    "comparable with any lithium series) | other. The "
    "2025 '170,000 t/yr lithium carbonate production scale' (生产规模) is registered as capacity: "
    "in Chinese industrial plans 生产规模 denotes installed scale, it is stated in t/yr next to a "
    "cell *capacity* goal, and it succeeds the 2020 *capacity* target; the repost headline says "
    "'output', so the note flags it. value_as_reported/unit_as_reported keep the source wording.",
    (
        text("target_id", required=True),
        text("geography", required=True),
        choice("metric", TARGET_METRICS, required=True),
        text("subject", required=True),
        text(
            "scope_note",
            "what the target covers, in plain words (reads 'target covers ...'); compare it "
            "with what a model series covers before reading an attainment probability",
        ),
        Field("value", "float", "target value in `unit`", required=True, minimum=0.0),
        choice("unit", TARGET_UNITS, required=True),
        integer("target_year", "year the target is due", minimum=1900, maximum=2100),
        text("target_year_text"),
        text("issued_date", "issue or report date as reported"),
        integer(
            "issued_year",
            "year the target is first documented in the cited source",
            minimum=1900,
            maximum=2100,
        ),
        text("document"),
        text("issuer"),
        source_field(),
        text("superseded_by", "target_id that replaces this one, else empty"),
        Field("is_official", "bool", "provincial/national government target (false: company)"),
        text("value_as_reported"),
        text("unit_as_reported"),
        text("note"),
    ),
    ("target_id",),
    _QH_REFRESH,
    self_references=(("superseded_by", "target_id"),),
)

QINGHAI_OUTPUT = TableSchema(
    "qinghai_output",
    "qinghai_lithium_carbonate_output.csv",
    "Qinghai lithium carbonate output",
    "Provincial output as reported (t Li2CO3 = t LCE). Rows that give only a growth rate keep "
    "output empty; gaps stay gaps. A part-year figure (Jan-Nov 2023: 101,000 t) is a lower "
    "bound on its year (annual_bound = lower); scope_level says whether a figure covers the "
    "province or only one salt lake's developers.",
    (
        *PERIOD,
        text("period_label"),
        choice(
            "period_type",
            ("year", "half-year", "quarter", "ytd", "as_of_headline"),
            required=True,
        ),
        text("geography"),
        text("scope"),
        number("output_t_lce", "t LCE", maximum=MAX_T),
        number("yoy_growth_pct", "percent", minimum=None),
        text("value_qualifier"),
        text("note"),
        source_field(),
        PUBLISHED,
        later(
            choice(
                "scope_level",
                ("province", "salt_lake"),
                "what the figure covers: the province, or one salt lake's developers (Qarhan)",
            )
        ),
        later(
            choice("period_coverage", COVERAGE, "full_year, partial_year or headline (no period)")
        ),
        later(
            choice(
                "annual_bound",
                BOUNDS,
                "how output_t_lce bounds its calendar year's output (scope as stated): point "
                "(full-year figure) or lower (part of the year); empty where no level is given",
            )
        ),
    ),
    ("period_start", "period_end", "source_id"),
    _QH_REFRESH,
    period_pairs=(("period_start", "period_end"),),
)

QINGHAI_CAPACITY = TableSchema(
    "qinghai_capacity",
    "qinghai_lithium_carbonate_capacity.csv",
    "Qinghai capacity snapshots",
    "Capacity snapshots by kind (built, under_construction, planned, potential, projection; "
    "'ambiguous' where the source does not say capacity or output) and scope_level. Ranges keep "
    "low/high; a bound alone stays a bound. snapshot_date is the date the figure refers to where "
    "it is known (corrections.yml), snapshot_text the wording. scope (scope_level:scope_entity) "
    "tags what a figure covers, so a province-wide total is never compared with one company.",
    (
        text("snapshot_id", required=True),
        text("snapshot_text", required=True),
        Field("snapshot_date", "date", "date the snapshot refers to (see corrections.yml)"),
        integer("snapshot_year", minimum=1900, maximum=2100),
        text("geography"),
        choice("scope_level", SCOPE_LEVELS, required=True),
        choice("kind", CAPACITY_KINDS, required=True),
        text("metric_text"),
        number("capacity_t_lce_per_year", "t LCE/yr", maximum=MAX_T),
        number("capacity_low_t_lce_per_year", "t LCE/yr"),
        number("capacity_high_t_lce_per_year", "t LCE/yr"),
        text("value_qualifier"),
        text("note"),
        source_field(),
        PUBLISHED,
        later(
            text(
                "scope_entity",
                "what the figure covers: Qinghai, Qarhan, Qaidam, a company or plant",
            )
        ),
        later(
            text("scope", "scope_level:scope_entity, e.g. province:Qinghai, company:Zangge Lithium")
        ),
        later(
            integer(
                "n_producers", "number of producers the source says the figure covers", minimum=1
            )
        ),
        later(
            Field(
                "date_inferred",
                "bool",
                "true where snapshot_date/snapshot_year is inferred, not printed "
                "(see corrections.yml)",
            )
        ),
        later(
            text(
                "producer", "for company and plant figures: the producer (as in the projects table)"
            )
        ),
    ),
    ("snapshot_id",),
    _QH_REFRESH,
)

INDUSTRY_VALUE = TableSchema(
    "qinghai_industry_value",
    "qinghai_lithium_industry_value.csv",
    "Qinghai lithium industry values and physical indicators",
    "Output values, revenues, exports and downstream physical figures as reported. `value` is "
    "in `unit` exactly as the source gives it (100m_cny = 亿元, 10k_cny = 万元, m_cny = million "
    "yuan); the loader adds value_bn_cny for money rows. value_kind: reported, approximate, "
    "capacity_value (value of installed capacity, not realised output) or target (also in the "
    "targets registry).",
    (
        text("period_text", required=True),
        Field("period_start", "date", "first day of the period (empty if not a period)"),
        Field("period_end", "date", "last day of the period or the snapshot date"),
        text("geography", required=True),
        text("metric_text", required=True),
        number("value", "unit", required=True),
        choice(
            "unit",
            VALUE_UNITS,
            required=True,
        ),
        text("unit_as_reported", required=True),
        choice(
            "value_kind", ("reported", "approximate", "capacity_value", "target"), required=True
        ),
        text("value_qualifier"),
        text("note"),
        source_field(),
        PUBLISHED,
        later(
            text(
                "value_as_reported",
                "the upstream number before a reviewed correction (corrections.yml); equals value "
                "where none applies",
            )
        ),
    ),
    ("period_text", "geography", "metric_text", "source_id"),
    _QH_REFRESH,
)

COMPANY_OUTPUT = TableSchema(
    "company_output",
    "qinghai_company_lithium_output.csv",
    "Qinghai producers' output and sales",
    "Company lithium carbonate output and sales (t Li2CO3 = t LCE) by period. value_kind "
    "separates actuals from guidance, plans and targets.",
    (
        text("company", required=True),
        text("listed_parent"),
        text("salt_lake"),
        *PERIOD,
        text("period_label"),
        choice("period_type", ("year", "half-year", "quarter", "ytd", "month"), required=True),
        choice("value_kind", ("actual", "guidance", "plan", "target"), required=True),
        number("output_t_lce", "t LCE", maximum=MAX_T),
        number("sales_t_lce", "t LCE"),
        text("value_qualifier"),
        text("note"),
        source_field(),
        PUBLISHED,
        later(choice("period_coverage", COVERAGE, "full_year or partial_year")),
        later(
            choice(
                "annual_bound",
                BOUNDS,
                "actual output vs the calendar year: point (full year) or lower (part of the "
                "year); empty for plans, guidance and targets",
            )
        ),
        later(text("producer", "the producer (as in the projects table) the company belongs to")),
    ),
    ("company", "period_start", "period_end", "value_kind", "source_id"),
    "Company annual/interim reports on cninfo (http://www.cninfo.com.cn/): 000792 Qinghai Salt "
    "Lake Industry, 000408 Zangge Mining; add rows and re-run the build.",
    period_pairs=(("period_start", "period_end"),),
)


from forecasting.data.tables_demand import (  # noqa: E402
    BATTERY_CHEMISTRY_SHARE,
    BATTERY_SIZE,
    CHINA_BEV_MONTHLY,
    CHINA_LITHIUM_PRODUCTION,
    CHINA_NEV_SALES,
    CHINA_POWER_BATTERY,
    GFEX_MONTHLY,
    IEA_EV_PROJECTIONS,
    IEA_EV_SALES,
    LITHIUM_INTENSITY,
    LITHIUM_MINE_PRODUCTION,
    LITHIUM_PRICE,
    UNIT_CONVERSIONS,
)
from forecasting.data.tables_levers import LEVER_TABLES  # noqa: E402

#: Every table, by name, in datapackage order.
TABLES: dict[str, TableSchema] = {
    t.name: t
    for t in (
        SOURCES,
        TARGETS,
        PROJECTS,
        PROJECT_STATUS_HISTORY,
        PROJECT_FIRST_OUTPUT,
        QINGHAI_OUTPUT,
        QINGHAI_CAPACITY,
        COMPANY_OUTPUT,
        INDUSTRY_VALUE,
        CHINA_NEV_SALES,
        CHINA_BEV_MONTHLY,
        CHINA_POWER_BATTERY,
        IEA_EV_SALES,
        IEA_EV_PROJECTIONS,
        LITHIUM_MINE_PRODUCTION,
        CHINA_LITHIUM_PRODUCTION,
        LITHIUM_PRICE,
        GFEX_MONTHLY,
        LITHIUM_INTENSITY,
        BATTERY_SIZE,
        BATTERY_CHEMISTRY_SHARE,
        UNIT_CONVERSIONS,
        *LEVER_TABLES,
    )
}
