"""Derive the curated tables in datasets/ from ../shared/data (re-runnable; never edits inputs).

    python datasets/build/build_tables.py [--shared ../shared/data] [--out datasets]

Recipe per table: read the upstream CSV as text, rename columns (renames fail loudly), apply the
reviewed corrections (corrections.yml) and a few documented mechanical rules, add
published_date from sources.csv, validate against forecasting.data.tables, write the CSV.
Mechanical rules (no judgement, no new numbers):
- t Li2CO3 is t LCE by definition; 亿元 (100 million yuan) values divide by 10 to bn CNY.
- period_type from the dates: a full calendar year -> year; 6 months from Jan/Jul 1 ->
  half-year; 3 months from a quarter start -> quarter; other spans from Jan 1 -> ytd.
- value_kind of company figures and prices from the qualifier wording (see the functions).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from build_common import published_dates, read_text_csv, rename_strict, write_table  # noqa: E402
from build_demand import DEMAND_BUILDERS  # noqa: E402  (same folder)
from build_levers import LEVER_BUILDERS  # noqa: E402

from forecasting.data import tables as T  # noqa: E402
from forecasting.data.corrections import apply_corrections, load_corrections  # noqa: E402
from forecasting.data.datapackage import write_datapackage  # noqa: E402
from forecasting.data.validate import validate_frame  # noqa: E402


def period_type(start: pd.Series, end: pd.Series) -> pd.Series:
    """Classify each [start, end] span (see module docstring)."""
    s, e = pd.to_datetime(start), pd.to_datetime(end)
    months = (e.dt.year - s.dt.year) * 12 + (e.dt.month - s.dt.month) + 1
    full_month_end = e == e + pd.offsets.MonthEnd(0)
    out = pd.Series("other", index=start.index, dtype=object)
    out[(s.dt.day == 1) & full_month_end & (months == 1)] = "month"
    out[(s.dt.day == 1) & full_month_end & (months == 3) & s.dt.month.isin([1, 4, 7, 10])] = (
        "quarter"
    )
    out[(s.dt.day == 1) & full_month_end & (months == 6) & s.dt.month.isin([1, 7])] = "half-year"
    out[(out == "other") & (s.dt.month == 1) & (s.dt.day == 1)] = "ytd"
    out[
        (s.dt.month == 1) & (s.dt.day == 1) & (e.dt.month == 12) & (e.dt.day == 31) & (months == 12)
    ] = "year"
    return out


def build_targets(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "qinghai_lithium_targets.csv")
    raw = rename_strict(raw, {"metric": "subject"})
    raw = apply_corrections(raw, corr["targets"], "targets")
    unit_map = {  # reported unit text -> (our unit, divisor)
        "t/yr": ("t_lce_per_year", 1.0),
        "bn yuan": ("bn_cny", 1.0),
        "GWh/yr": ("gwh_per_year", 1.0),
        "GWh": ("gwh_per_year", 1.0),
    }
    units, values = [], []
    for unit, value in zip(raw["unit"], raw["target_value"], strict=True):
        our, div = ("bn_cny", 10.0) if unit.startswith("100 million yuan") else unit_map[unit]
        units.append(our)
        number = float(value) / div  # exact for the 亿元 -> bn division of these values
        values.append(str(int(number)) if number.is_integer() else repr(number))
    out = pd.DataFrame(
        {
            "target_id": raw["target_id"],
            "geography": "Qinghai",
            "metric": raw["metric"],
            "subject": raw["subject"],
            "scope_note": raw["scope_note"],
            "value": values,
            "unit": units,
            "target_year": raw["target_year"].where(raw["target_year"].str.fullmatch(r"\d{4}")),
            "target_year_text": raw["target_year"],
            "issued_date": raw["date_reported"],
            "issued_year": raw["issued_year"],
            "document": raw["policy_or_speaker"],
            "issuer": raw["issuer"],
            "source_id": raw["source_id"],
            "superseded_by": raw["superseded_by"],
            "is_official": raw["is_official"],
            "value_as_reported": raw["target_value"],
            "unit_as_reported": raw["unit"],
            "note": raw["status_note"],
        }
    )
    return out


def build_projects(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "qinghai_lithium_projects.csv")
    raw = rename_strict(
        raw,
        {"status": "status_text", "status_as_of": "status_date", "start_or_target": "start_text"},
    )
    raw = apply_corrections(raw, corr["projects"], "projects")
    raw = pd.concat([raw, added_rows(corr.get("projects_added", []))], ignore_index=True)
    raw = raw.astype(object).where(raw.notna(), None)
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw


def added_rows(entries: list[dict]) -> pd.DataFrame:
    """Rows a reviewed ``add`` entry states (each copied from its cited source), as text."""
    rows = [{k: None if v is None else _text(v) for k, v in e["add"].items()} for e in entries]
    return pd.DataFrame(rows, dtype=object)


def _text(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def build_project_status(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    """Earlier statuses: the ``add`` rows of corrections.yml ``project_status_history``
    (each read from the upstream project row's dated text and source), checked against the
    projects they belong to."""
    entries = corr.get("project_status_history", [])
    raw = pd.DataFrame([{**e["add"]} for e in entries], dtype=object)
    raw = raw.astype(object).where(raw.notna(), None).map(lambda v: None if v is None else str(v))
    projects = set(build_projects(shared, corr, sources)["project_id"])
    unknown = sorted(set(raw["project_id"]) - projects)
    if unknown:
        raise ValueError(f"project_status_history names unknown project_id(s) {unknown}")
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw


def build_project_first_output(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    """Statements of a plant's first output: the ``add`` rows of corrections.yml
    ``project_first_output``, checked against the projects they belong to."""
    raw = added_rows(corr.get("project_first_output", []))
    projects = set(build_projects(shared, corr, sources)["project_id"])
    unknown = sorted(set(raw["project_id"]) - projects)
    if unknown:
        raise ValueError(f"project_first_output names unknown project_id(s) {unknown}")
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw


def build_qinghai_output(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "qinghai_lithium_carbonate_output.csv")
    raw = rename_strict(raw, {"li2co3_output_t": "output_t_lce"})
    raw["period_type"] = period_type(raw["period_start"], raw["period_end"])
    raw = apply_corrections(raw, corr["qinghai_output"], "qinghai_output")
    raw["published_date"] = published_dates(raw["source_id"], sources)
    raw["scope_level"] = raw["geography"].map(
        lambda g: "salt_lake" if "Qarhan" in g else "province"
    )
    raw["period_coverage"] = coverage(raw["period_type"])
    raw["annual_bound"] = annual_bound(raw["period_coverage"], raw["output_t_lce"])
    return raw


def coverage(kind: pd.Series) -> pd.Series:
    """full_year for a calendar year, headline for a dated headline, else partial_year."""
    out = kind.map({"year": "full_year", "as_of_headline": "headline"})
    return out.fillna("partial_year").astype(object)


def annual_bound(cover: pd.Series, value: pd.Series) -> pd.Series:
    """point for a full-year level, lower for a part-year level (the year is at least that),
    empty where no level is given or the figure is not an output of a period."""
    out = cover.map({"full_year": "point", "partial_year": "lower"}).astype(object)
    return out.where(value.notna() & out.notna(), None)


def build_qinghai_capacity(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "qinghai_lithium_carbonate_capacity.csv")
    raw = apply_corrections(raw, corr["qinghai_capacity"], "qinghai_capacity")
    dropped = raw["drop"].fillna("false") == "true" if "drop" in raw else False
    raw = raw.loc[~dropped].drop(columns=["drop"], errors="ignore").reset_index(drop=True)
    raw["scope"] = raw["scope_level"] + ":" + raw["scope_entity"]
    raw["producer"] = producer_of(raw["scope_entity"], raw["scope_level"])
    raw["date_inferred"] = raw.get("date_inferred", pd.Series(index=raw.index)).fillna("false")
    raw = rename_strict(
        raw,
        {
            "as_of": "snapshot_text",
            "metric": "metric_text",
            "value_t_per_year": "capacity_t_lce_per_year",
            "value_low_t_per_year": "capacity_low_t_lce_per_year",
            "value_high_t_per_year": "capacity_high_t_lce_per_year",
        },
    )
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw


#: Reviewed map from a company or plant name in the capacity/company tables to the producer
#: named in the projects table (``producer``): subsidiaries and plants go to their company.
PRODUCER_OF = {
    "Qinghai Salt Lake Industry": "Qinghai Salt Lake Industry",
    "Lanke Lithium": "Qinghai Salt Lake Industry",
    "Salt Lake 40 kt lithium salt project": "Qinghai Salt Lake Industry",
    "Golmud Zangge Lithium": "Golmud Zangge Lithium",
    "Qinghai CITIC Guoan": "Qinghai CITIC Guoan",
    "CITIC Guoan 20 kt line": "Qinghai CITIC Guoan",
    "Minmetals Salt Lake": "Minmetals Salt Lake",
    "Qinghai Salt Lake Lanke Lithium (蓝科锂业)": "Qinghai Salt Lake Industry",
    "Qinghai Salt Lake Industry (lithium carbonate, group)": "Qinghai Salt Lake Industry",
    "Golmud Zangge Lithium (藏格锂业)": "Golmud Zangge Lithium",
}


def producer_of(names: pd.Series, levels: pd.Series | None = None) -> pd.Series:
    """The producer of each company/plant name (None for province, lake and basin figures);
    a company name missing from :data:`PRODUCER_OF` fails the build."""
    scoped = names if levels is None else names.where(levels.isin(["company", "project"]))
    missing = sorted({n for n in scoped.dropna() if n not in PRODUCER_OF})
    if missing:
        raise ValueError(f"no producer for {missing}; add them to PRODUCER_OF in build_tables.py")
    return scoped.map(PRODUCER_OF).astype(object).where(scoped.notna(), None)


def company_value_kind(qualifier: pd.Series) -> pd.Series:
    """guidance / plan / target from the qualifier wording (checked in that order), else actual."""
    q = qualifier.fillna("").str.lower()
    out = pd.Series("actual", index=q.index, dtype=object)
    for word in ("target", "plan", "guidance"):
        out[q.str.contains(word) & (out == "actual")] = word
    return out


def build_company_output(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "qinghai_company_lithium_output.csv")
    raw = rename_strict(raw, {"li2co3_output_t": "output_t_lce", "li2co3_sales_t": "sales_t_lce"})
    raw["period_type"] = period_type(raw["period_start"], raw["period_end"])
    raw["value_kind"] = company_value_kind(raw["value_qualifier"])
    raw = apply_corrections(raw, corr.get("company_output", []), "company_output")
    raw["published_date"] = published_dates(raw["source_id"], sources)
    raw["period_coverage"] = coverage(raw["period_type"])
    raw["producer"] = producer_of(raw["company"])
    actual = raw["output_t_lce"].where(raw["value_kind"] == "actual")
    raw["annual_bound"] = annual_bound(raw["period_coverage"], actual)
    return raw


VALUE_UNITS = {  # reported unit text -> unit code (the number is kept as reported)
    "100 million yuan": "100m_cny",
    "10 thousand yuan": "10k_cny",
    "bn yuan (102164.94万元)": "bn_cny",
    "million yuan": "m_cny",
    "t": "t",
    "GWh": "gwh",
    "MWh": "mwh",
    "t per month": "t_per_month",
    "t/yr": "t_per_year",
    "percent": "pct",
}


def value_period(text: str) -> tuple[str | None, str | None]:
    """Period bounds from '2016', '2016 Jan-Aug', '2023 H1', '2016 (as of Oct)', '2035 target',
    '2022 (mid-year)' (a snapshot at June 30: no start)."""
    year = text[:4]
    rest = text[4:].strip()
    if rest == "(mid-year)":
        return None, f"{year}-06-30"
    if rest in ("", "target"):
        return f"{year}-01-01", f"{year}-12-31"
    if rest == "H1":
        return f"{year}-01-01", f"{year}-06-30"
    month = rest.removeprefix("Jan-").removeprefix("(as of ").rstrip(")")
    end = pd.Timestamp(f"{year}-{month}-01") + pd.offsets.MonthEnd(0)
    start = f"{year}-01-01" if rest.startswith("Jan-") else None
    return start, end.strftime("%Y-%m-%d")


def value_kind(qualifier: str, metric: str) -> str:
    """target / capacity_value / approximate from the wording, else reported."""
    q, m = qualifier.lower(), metric.lower()
    if "target" in q:
        return "target"
    if "of built" in m and "capacity" in m:
        return "capacity_value"
    return "approximate" if "approximate" in q else "reported"


def build_industry_value(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    raw = read_text_csv(shared / "qinghai_lithium_industry_value.csv")
    raw = rename_strict(
        raw, {"period": "period_text", "metric": "metric_text", "unit": "unit_as_reported"}
    )
    raw["value_as_reported"] = raw["value"]
    raw = apply_corrections(raw, corr.get("qinghai_industry_value", []), "qinghai_industry_value")
    spans = [value_period(p) for p in raw["period_text"]]
    raw["period_start"] = [a for a, _ in spans]
    raw["period_end"] = [b for _, b in spans]
    mapped = raw["unit_as_reported"].map(VALUE_UNITS)
    raw["unit"] = raw["unit"].fillna(mapped) if "unit" in raw else mapped  # a correction wins
    raw["value_kind"] = [
        value_kind(q or "", m)
        for q, m in zip(raw["value_qualifier"], raw["metric_text"], strict=True)
    ]
    raw["published_date"] = published_dates(raw["source_id"], sources)
    return raw


BUILDERS = {
    "targets": build_targets,
    "qinghai_projects": build_projects,
    "qinghai_project_status": build_project_status,
    "qinghai_project_first_output": build_project_first_output,
    "qinghai_output": build_qinghai_output,
    "qinghai_capacity": build_qinghai_capacity,
    "company_output": build_company_output,
    "qinghai_industry_value": build_industry_value,
    **DEMAND_BUILDERS,
    **LEVER_BUILDERS,
}


def build_all(shared: Path, out_dir: Path) -> dict[str, int]:
    """Build, validate and write every table; returns rows written per table."""
    corr = load_corrections(HERE / "corrections.yml")
    sources = read_text_csv(out_dir / T.SOURCES.filename)
    known = set(sources["source_id"])
    written = {}
    for name, builder in BUILDERS.items():
        schema = T.TABLES[name]
        frame = builder(shared, corr, sources)
        frame = frame.reindex(columns=schema.field_names())
        validate_frame(frame, schema, f"(built) {schema.filename}", known)
        write_table(frame, out_dir / schema.filename)
        written[name] = len(frame)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parents[2] / "shared" / "data")
    parser.add_argument("--out", type=Path, default=HERE.parent)
    args = parser.parse_args(argv)
    for name, n in build_all(args.shared, args.out).items():
        print(f"{name}: {n} rows")
    print(f"wrote {write_datapackage(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
