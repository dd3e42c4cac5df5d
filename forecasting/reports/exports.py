"""Exports economists paste into documents: ``forecasts.xlsx`` (one sheet per table and a README
sheet with the data dictionary, units and cut-off) next to the CSVs of a run folder.

The workbook is byte-identical for identical tables: its document properties carry the run's
cut-off date instead of the time of writing, and the zip entries a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from forecasting.reports import cache

XLSX_NAME = "forecasts.xlsx"
#: Zip entry timestamp of every part of the workbook (zip dates cannot precede 1980).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: What each table is (README sheet); tables not listed are described by their name.
TABLE_DOCS = {
    "forecasts": "Quantiles of every simulated series by view (bottom_up project pipeline, "
    "top_down time series), metric, series and year",
    "target_probabilities": "Each official target against the paths of its metric: median "
    "and 80% interval in the target year, probabilities, crossing years, status",
    "scenario_series": "Median and 80% band by year of capacity, output, value, price and "
    "China demand under every scenario file",
    "scenarios": "Every scenario file against every headline target",
    "revisions": "Key outputs: previous vintage, this vintage, revision split into data, "
    "assumptions and model",
    "tornado": "One-at-a-time sensitivity: output at each parameter's low and high end",
    "sobol": "Sobol first-order (S1) and total (ST) indices",
    "backtest": "Rolling-origin backtest of the engine's models on the project's series",
    "benchmark": "Tourism competition benchmark: this package vs published results",
    "price_history": "Lithium carbonate price history (annual means and dated assessments)",
    "history": "Reported Qinghai capacity and output points with source grades",
    "projects": "Projects ranked by nameplate times completion probability",
    "anchors_used": "Observed values the scenario's from_data keys took at the cut-off",
}
#: Column -> (meaning, unit). Quantile columns are in the unit named in the row's ``unit``.
COLUMN_DOCS = {
    "quarter": ("report quarter", ""),
    "as_of": ("data cut-off: only figures published by this date are used", "date"),
    "view": ("bottom_up (project pipeline) or top_down (time-series engine)", ""),
    "headline": ("TRUE on the row the front page shows", ""),
    "scenario": ("scenario file (datasets/scenarios)", ""),
    "metric": ("kind of quantity: capacity, output, output_value, ev_sales, demand, ...", ""),
    "series": ("simulated series; its unit is in the unit column", ""),
    "unit": ("unit of the row's values", ""),
    "year": ("calendar year", "year"),
    "status": (
        "observed (year over, figure in the data), nowcast (year over, no figure: "
        "model estimate) or forecast",
        "",
    ),
    "model": ("model that produced the row", ""),
    "mean": ("mean over simulated paths", "unit column"),
    "median": ("median (50th percentile) over simulated paths", "unit column"),
    "lo_80": ("10th percentile (lower end of the 80% interval)", "unit column"),
    "hi_80": ("90th percentile (upper end of the 80% interval)", "unit column"),
    "lo_95": ("2.5th percentile (lower end of the 95% interval)", "unit column"),
    "hi_95": ("97.5th percentile (upper end of the 95% interval)", "unit column"),
    "target_id": ("target in datasets/qinghai_targets.csv", ""),
    "target_value": ("the target's value", "unit column"),
    "target_year": ("year the target is for", "year"),
    "document": ("issuing document as registered (Chinese titles as published)", ""),
    "scope_note": ("what the model counts vs what the target counts", ""),
    "p_met_in_year": ("P(value in the target year >= target)", "probability 0-1"),
    "p_reached_by_year": ("P(first reached in or before the target year)", "probability 0-1"),
    "most_likely_first_year": ("most likely first year the target is reached", "year"),
    "median_first_year": ("median first year the target is reached", "year"),
    "p_not_reached": ("P(not reached by 2035)", "probability 0-1"),
    "expected_shortfall": ("mean shortfall below the target in its year", "unit column"),
    "observed_value": ("official figure for a past target year", "unit column"),
    "observed_source_id": ("source of the official figure (datasets/sources.csv)", ""),
    "observed_met": ("met / not met by the official figure", ""),
    "previous": ("last quarter's value", "unit column"),
    "new": ("this quarter's value", "unit column"),
    "revision": ("new - previous", "unit column"),
    "data_part": ("part of the revision from new data", "unit column"),
    "assumption_part": ("part from changed scenario assumptions", "unit column"),
    "model_part": ("remainder: code and model changes, interactions", "unit column"),
}
UNIT_SUFFIXES = (
    ("_t_lce_per_year", "t LCE/yr"),
    ("_t_lce", "t LCE/yr"),
    ("_bn_cny", "bn CNY"),
    ("_cny_per_t", "CNY/t"),
    ("_units", "vehicles/yr"),
    ("_gwh", "GWh/yr"),
)


def column_doc(column: str) -> tuple[str, str]:
    """(meaning, unit) of a column: :data:`COLUMN_DOCS`, else the unit from its name."""
    if column in COLUMN_DOCS:
        return COLUMN_DOCS[column]
    unit = next((u for s, u in UNIT_SUFFIXES if column.endswith(s)), "")
    if column.startswith("p_") or column.startswith("coverage"):
        unit = "probability 0-1"
    if cache.is_year_column(column):
        unit = "year"
    return ("see reports/README.md", unit)


def run_tables(run_dir: Path) -> dict[str, pd.DataFrame]:
    """The run's tables in workbook order: forecasts, target_probabilities, then tables/*.csv."""
    root = Path(run_dir)
    out = {
        name: cache.read_csv(root / f"{name}.csv") for name in ("forecasts", "target_probabilities")
    }
    for path in sorted((root / "tables").glob("*.csv")):
        out[path.stem] = cache.read_csv(path)
    return {k: v for k, v in out.items() if len(v.columns)}


def readme_rows(tables: Mapping[str, pd.DataFrame], params: Mapping[str, object]) -> list[list]:
    """The README sheet: run facts, then one row per sheet and column (meaning, unit)."""
    rows: list[list] = [
        ["Qinghai lithium outlook: tables of the quarterly report"],
        ["quarter", params.get("quarter")],
        ["data cut-off (as_of)", params.get("as_of")],
        ["scenario", params.get("scenario")],
        ["seed", params.get("seed")],
        ["simulated paths", params.get("n_paths")],
        ["intervals", "80% = 10th-90th percentile, 95% = 2.5th-97.5th, of the same paths"],
        [
            "units",
            "capacity and output t LCE/yr (lithium carbonate equivalent); value bn CNY; "
            "price CNY/t; EV sales vehicles/yr; probabilities 0-1",
        ],
        [],
        ["sheet", "column", "meaning", "unit"],
    ]
    for name, frame in tables.items():
        rows.append([name, "", TABLE_DOCS.get(name, name.replace("_", " ")), ""])
        rows += [[name, str(c), *column_doc(str(c))] for c in frame.columns]
    return rows


def _sheet(wb, title: str, rows: list[list], header_row: int | None) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet(title=title[:31])
    for row in rows:
        ws.append(row)
    if header_row is not None:
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    widths: dict[int, int] = {}
    for row in rows[:200]:
        for i, v in enumerate(row, start=1):
            widths[i] = max(widths.get(i, 8), min(len(str(v)) + 2, 60))
    from openpyxl.utils import get_column_letter

    for i, w in widths.items():
        ws.column_dimensions[get_column_letter(i)].width = w


def _cells(frame: pd.DataFrame) -> list[list]:
    """Header plus rows as Python values (NaN as empty, whole years as int)."""
    frame = cache.whole_years(frame)
    rows = [list(map(str, frame.columns))]
    for rec in frame.itertuples(index=False):
        rows.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in rec])
    return rows


def write_xlsx(run_dir: Path, params: Mapping[str, object], dest: Path | None = None) -> Path:
    """Write ``forecasts.xlsx`` for the run in ``run_dir`` (README sheet first); return it."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    tables = run_tables(run_dir)
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "README", readme_rows(tables, params), header_row=10)
    for name, frame in tables.items():
        _sheet(wb, name, _cells(frame), header_row=1)
    stamp = dt.datetime.fromisoformat(str(params.get("as_of", "2000-01-01")))
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "lithium-forecast"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not openpyxl.save(): that stamps the current time
    dest = Path(dest) if dest is not None else Path(run_dir) / XLSX_NAME
    dest.write_bytes(fixed_zip_dates(buf.getvalue()))
    return dest


def fixed_zip_dates(data: bytes) -> bytes:
    """The same zip archive with every entry dated :data:`ZIP_DATE` (byte-stable output)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
