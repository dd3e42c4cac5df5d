"""Schemas of the Qinghai project tables: the pipeline, earlier statuses and first-output
evidence (re-exported by :mod:`forecasting.data.tables`)."""

from __future__ import annotations

from forecasting.data.schema import (
    MAX_T,
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

PROJECT_STATUS = (
    "operating",
    "commissioning",
    "under_construction",
    "approved",
    "announced",
    "unknown",
)
_QH_REFRESH = (
    "No machine-readable official series exists. Search the Qinghai Provincial Bureau of "
    "Statistics releases (http://tjj.qinghai.gov.cn/) and Xinhua/Qinghai Daily reports; add a row "
    "per new figure with its source_id described in sources.csv, then re-run "
    "`python datasets/build/build_tables.py`."
)

PROJECTS = TableSchema(
    "qinghai_projects",
    "qinghai_lithium_projects.csv",
    "Qinghai lithium project pipeline",
    "Projects as reported. capacity_t_per_year is the reported nameplate in the product's own "
    "tonnes (capacity_product says which); li2co3_part/licl_part hold a stated split of mixed "
    "projects. The loader derives nameplate_t_lce_per_year. Normalised status/start year and "
    "the include_in_pipeline flags come from datasets/build/corrections.yml (reason per entry); "
    "the original text stays in status_text/start_text. One status per project: the latest "
    "reported (as of status_date); published_date is the earliest date of the row's sources "
    "(when the project was first known). A later report of the same plant is its own row; the "
    "earlier row names it in superseded_by and is left out of the pipeline once the later "
    "report is known. The loader adds first_output_year from qinghai_project_first_output.",
    (
        text("project_id", required=True),
        text("project", required=True),
        text("operator"),
        text("owners_or_partners"),
        text("salt_lake"),
        text("product"),
        text("technology"),
        number("capacity_t_per_year", "t product/yr", "reported nameplate", maximum=MAX_T),
        choice(
            "capacity_product",
            ("t_li2co3", "t_lce", "mixed_li2co3_licl", "t_li_metal", "unspecified"),
            required=True,
        ),
        number("li2co3_part_t_per_year", "t Li2CO3/yr", "stated carbonate part of a mixed project"),
        number("licl_part_t_per_year", "t LiCl/yr", "stated LiCl part of a mixed project"),
        text("capacity_basis"),
        choice("status", PROJECT_STATUS, required=True),
        text("status_text", required=True),
        text("status_date", "as reported"),
        integer("status_year", minimum=1900, maximum=2100),
        integer("start_year", "expected/actual start of output", minimum=1900, maximum=2100),
        text("start_text"),
        number("investment_bn_cny", "bn CNY"),
        Field("include_in_pipeline", "bool", "false for aggregates, duplicates, non-carbonate"),
        text("exclusion_reason"),
        source_field(),
        text("note"),
        PUBLISHED,
        later(text("producer", "the producing company, one name per company (groups its plants)")),
        later(
            text(
                "superseded_by",
                "project_id of a later report of the same plant that replaces this row once it is "
                "known (load_qinghai_projects(as_of=) keeps this row in earlier vintages)",
            )
        ),
    ),
    ("project_id",),
    _QH_REFRESH,
    self_references=(("superseded_by", "project_id"),),
)

PROJECT_STATUS_HISTORY = TableSchema(
    "qinghai_project_status",
    "qinghai_lithium_project_status.csv",
    "Earlier reported statuses of Qinghai lithium projects",
    "Statuses a project had before the one in qinghai_lithium_projects.csv (which holds the "
    "latest), where a dated source states it; from datasets/build/corrections.yml "
    "(project_status_history, reason per entry). load_qinghai_projects(as_of=) uses the latest "
    "row known by as_of when the project's current status was reported later. start_year "
    "empty: that source gave no start year.",
    (
        text("project_id", required=True),
        choice("status", PROJECT_STATUS, required=True),
        text("status_text", required=True),
        text("status_date", "as reported"),
        integer("status_year", minimum=1900, maximum=2100),
        integer("start_year", "expected start of output then", minimum=1900, maximum=2100),
        source_field(),
        text("note"),
        PUBLISHED,
    ),
    ("project_id", "status_date"),
    _QH_REFRESH,
)

PROJECT_FIRST_OUTPUT = TableSchema(
    "qinghai_project_first_output",
    "qinghai_lithium_project_first_output.csv",
    "Evidence of a Qinghai lithium plant's first output",
    "One row per statement that a plant produced in a year (an output figure, or a statement "
    "that it was producing; pilot batches not counted), from datasets/build/corrections.yml "
    "(project_first_output, reason per entry). The earliest such year known by a vintage is an "
    "upper bound on the plant's start year; load_qinghai_projects(as_of=) adds it as "
    "first_output_year (a statement from an undated source is used only without as_of).",
    (
        text("project_id", required=True),
        integer(
            "first_output_year",
            "year the plant is reported producing",
            required=True,
            minimum=1900,
            maximum=2100,
        ),
        text("first_output_text", "what the source says", required=True),
        source_field(),
        PUBLISHED,
    ),
    ("project_id", "source_id"),
    _QH_REFRESH,
)
