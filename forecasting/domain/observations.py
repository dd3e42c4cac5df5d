"""Observed supply facts as one tidy frame: what the Monte Carlo is conditioned on and scored by.

Every row is one published number about Qinghai's lithium carbonate supply, mapped onto a
simulated series with a stated bound and measurement error::

    series          qinghai_capacity_t_lce | qinghai_output_t_lce |
                    company_<id>_capacity_t_lce | company_<id>_output_t_lce   (t LCE/yr)
    year            the calendar year the number describes (a snapshot dated Jan-Mar describes
                    the end of the previous year)
    value           t LCE/yr
    bound           point | lower | upper   (a partial-year output, or a salt-lake-scope capacity,
                    only bounds the province or full-year figure from below; a capacity dated
                    within a year bounds that year's end from below and the previous year's
                    end from above)
    sigma_log       measurement error of log(value): by the source's reliability grade
                    (A 0.05, B 0.08, C 0.12, D 0.20), plus 0.05 for approximate or mid-year figures
    scope, source_id, published_date, label

Rules (tables from :mod:`forecasting.data.qinghai`):

* capacity snapshots of kind ``built`` describe a year end: dated January-March -> the previous
  year; dated April-November -> a lower bound on that year (plants are added, rarely closed).
  Province scope -> province capacity; salt-lake scope (Qarhan) -> lower bound on province
  capacity; company scope -> that company's capacity; project scope -> lower bound on its
  company's. Plans, projections, potentials, databases and ambiguous headlines are not
  observations of built capacity and are left out.
* provincial output: full years -> points (the 2022 Qarhan developers' total stands for the
  province, with a wider error); year-to-date figures -> lower bounds on the year.
* company output: actual full years -> points; half-years, quarters and year-to-date actuals
  -> lower bounds on the year; guidance, plans and targets are left out.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Company id -> regular expression matching its names in the capacity, output and project tables.
COMPANIES: dict[str, str] = {
    "saltlake": r"Lanke|Salt Lake Industry",
    "zangge": r"Zangge",
    "citic_guoan": r"CITIC Guoan",
    "minmetals": r"Minmetals",
}
#: Project operators that match a company pattern but are separate ventures.
NOT_COMPANY = r"BYD"
#: log-scale measurement error by source reliability grade.
SIGMA_LOG_BY_GRADE = {"A": 0.05, "B": 0.08, "C": 0.12, "D": 0.20}
#: Extra log error for approximate, mid-year or proxy-scope figures.
SIGMA_LOG_EXTRA = 0.05
COLUMNS = [
    "series",
    "year",
    "value",
    "bound",
    "sigma_log",
    "scope",
    "source_id",
    "published_date",
    "label",
]


def company_of(name: object) -> str | None:
    """The company id (:data:`COMPANIES`) a name belongs to, or None."""
    text = str(name)
    if re.search(NOT_COMPANY, text):
        return None
    for cid, pattern in COMPANIES.items():
        if re.search(pattern, text):
            return cid
    return None


def _grade_sigma(source_ids: object, grades: dict[str, str]) -> float:
    """Best (smallest) grade error among ';'-joined source ids; D when none is graded."""
    ids = [s for s in str(source_ids).split(";") if s]
    sig = [SIGMA_LOG_BY_GRADE.get(str(grades.get(s, "D"))[:1], 0.2) for s in ids]
    return min(sig) if sig else SIGMA_LOG_BY_GRADE["D"]


def _snapshot_year_bound(rec: dict) -> tuple[float, str]:
    """(year, bound) a built-capacity snapshot describes: dated January-March -> the end of the
    previous year, a point; dated April-November (or "mid-year" in its text) -> a lower bound
    on that year's end (plants are added, rarely closed); December or a whole-year figure -> a
    point."""
    text = str(rec.get("snapshot_text", ""))
    date = rec.get("snapshot_date")
    month = pd.Timestamp(date).month if pd.notna(date) else None
    if month is None:
        found = re.search(r"\b(?:19|20)\d{2}-(\d{2})\b", text)
        month = int(found.group(1)) if found else (6 if "mid" in text else None)
    year = rec.get("snapshot_year")
    if pd.notna(date):
        year = pd.Timestamp(date).year
    if pd.isna(year):
        return np.nan, "point"
    if month is None or month == 12:
        return float(year), "point"
    if month <= 3:
        return float(year) - 1, "point"
    return float(year), "lower"


def _capacity_rows(capacity: pd.DataFrame, grades: dict[str, str]) -> list[dict]:
    rows = []
    built = capacity[(capacity["kind"] == "built") & capacity["capacity_t_lce_per_year"].notna()]
    for rec in built.to_dict("records"):
        year, when = _snapshot_year_bound(rec)
        if np.isnan(year):
            continue
        level = rec["scope_level"]
        sigma = _grade_sigma(rec["source_id"], grades)
        if level == "province":
            series, bound = "qinghai_capacity_t_lce", when
        elif level == "salt_lake":
            series, bound = "qinghai_capacity_t_lce", "lower"
        elif level in ("company", "project") and company_of(rec["geography"]):
            # a project's capacity only bounds its company's from below
            bound = when if level == "company" else "lower"
            series = f"company_{company_of(rec['geography'])}_capacity_t_lce"
        else:
            continue
        if bound == "lower" and when == "lower" and level in ("province", "company"):
            # dated within the year: at most what stood at the end of that year, at least what
            # stood at the end of the year before
            rows.append(
                _row(series, year - 1, rec["capacity_t_lce_per_year"], "upper", sigma, rec, level)
            )
        rows.append(_row(series, year, rec["capacity_t_lce_per_year"], bound, sigma, rec, level))
    return rows


def _row(series, year, value, bound, sigma, rec, scope) -> dict:
    return {
        "series": series,
        "year": int(year),
        "value": float(value),
        "bound": bound,
        "sigma_log": float(sigma),
        "scope": str(scope),
        "source_id": rec["source_id"],
        "published_date": rec.get("published_date"),
        "label": str(rec.get("snapshot_text", rec.get("period_label", ""))),
    }


def _period_bound(rec: dict) -> tuple[int, str] | None:
    start, end = pd.Timestamp(rec["period_start"]), pd.Timestamp(rec["period_end"])
    if start.year != end.year:
        return None
    full = start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31
    return int(end.year), "point" if full else "lower"


def _output_rows(output: pd.DataFrame, grades: dict[str, str]) -> list[dict]:
    rows = []
    for rec in output[output["output_t_lce"].notna()].to_dict("records"):
        pb = _period_bound(rec)
        if pb is None or rec.get("period_type") == "as_of_headline":
            continue
        sigma = _grade_sigma(rec["source_id"], grades)
        if "Qarhan" in str(rec.get("geography", "")):
            sigma += SIGMA_LOG_EXTRA  # salt-lake developers' total, used as the province figure
        rows.append(
            _row("qinghai_output_t_lce", pb[0], rec["output_t_lce"], pb[1], sigma, rec, "province")
        )
    return rows


def _company_rows(company: pd.DataFrame, grades: dict[str, str]) -> list[dict]:
    rows = []
    actual = company[(company["value_kind"] == "actual") & company["output_t_lce"].notna()]
    for rec in actual.to_dict("records"):
        cid, pb = company_of(rec["company"]), _period_bound(rec)
        if cid is None or pb is None:
            continue
        sigma = _grade_sigma(rec["source_id"], grades)
        if "approximate" in str(rec.get("value_qualifier", "")):
            sigma += SIGMA_LOG_EXTRA
        rows.append(
            _row(
                f"company_{cid}_output_t_lce",
                pb[0],
                rec["output_t_lce"],
                pb[1],
                sigma,
                rec,
                "company",
            )
        )
    return rows


def supply_observations(
    capacity: pd.DataFrame,
    output: pd.DataFrame,
    company: pd.DataFrame,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The observation frame (:data:`COLUMNS`, module rules) from the loaders' frames
    (``load_qinghai_capacity``, ``load_qinghai_output``, ``load_company_output``; ``sources``:
    ``load_sources()`` for the grades, all D without it). A lower bound is dropped where a point
    of the same series and year exists."""
    grades = {}
    if sources is not None and "reliability" in sources.columns:
        grades = dict(zip(sources["source_id"], sources["reliability"].astype(str), strict=True))
    rows = _capacity_rows(capacity, grades) + _output_rows(output, grades)
    rows += _company_rows(company, grades)
    obs = pd.DataFrame(rows, columns=COLUMNS)
    is_point = obs["bound"] == "point"
    points = set(zip(obs.loc[is_point, "series"], obs.loc[is_point, "year"], strict=True))
    pairs = zip(obs["series"], obs["year"], strict=True)
    lower_dup = (obs["bound"] == "lower").to_numpy() & np.array(
        [(s, y) in points for s, y in pairs], dtype=bool
    )
    obs = obs[~lower_dup].copy()
    obs["published_date"] = pd.to_datetime(obs["published_date"])
    return obs.sort_values(["series", "year", "bound", "value"], kind="stable").reset_index(
        drop=True
    )


def known_at(obs: pd.DataFrame, as_of: object) -> pd.DataFrame:
    """One fact per series, year and bound among the rows published by ``as_of`` (all rows for
    None; a row with no publication date is known only to the uncut data): the point with the
    smallest error (latest published on a tie), the largest lower bound, the smallest upper
    bound."""
    if as_of is not None:
        cut = pd.Timestamp(as_of)
        obs = obs[obs["published_date"].notna() & (obs["published_date"] <= cut)]
    key = np.select(
        [obs["bound"] == "lower", obs["bound"] == "upper"],
        [-obs["value"], obs["value"]],
        obs["sigma_log"],
    )
    order = obs.assign(_v=key)
    order = order.sort_values(["_v", "published_date"], ascending=[True, False], kind="stable")
    best = order.drop_duplicates(["series", "year", "bound"]).drop(columns="_v")
    return best.sort_values(["series", "year", "bound"], kind="stable").reset_index(drop=True)


def load_supply_observations(path=None) -> pd.DataFrame:
    """:func:`supply_observations` from the bundled tables (or a folder of the user's)."""
    from forecasting import data
    from forecasting.data.registry import table_file

    def mine(table: str):
        return table_file(path, table)

    return supply_observations(
        data.load_qinghai_capacity(path=mine("qinghai_capacity")),
        data.load_qinghai_output(path=mine("qinghai_output")),
        data.load_company_output(path=mine("company_output")),
        data.load_sources(),
    )
