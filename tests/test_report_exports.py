"""forecasts.xlsx: one sheet per table, a README sheet (data dictionary, units, cut-off), Chinese
titles intact, numbers as numbers, byte-identical for identical tables."""

from __future__ import annotations

import pandas as pd
import pytest

from forecasting.reports import cache, exports

openpyxl = pytest.importorskip("openpyxl")
TITLE = "关于促进青海省锂电产业可持续健康发展的指导意见 (Qinghai Provincial Government)"
PARAMS = {"quarter": "2026Q4", "as_of": "2026-12-31", "scenario": "base", "seed": 0, "n_paths": 9}


def _run_dir(tmp_path):
    (tmp_path / "tables").mkdir()
    forecasts = pd.DataFrame(
        {
            "quarter": "2026Q4",
            "as_of": "2026-12-31",
            "series": ["qinghai_capacity_t_lce"] * 2,
            "unit": "t LCE/yr",
            "year": [2025, 2030],
            "status": ["nowcast", "forecast"],
            "median": [152431.5, 172430.25],
        }
    )
    targets = pd.DataFrame(
        {
            "target_id": ["qh_capacity_2025_170kt"],
            "target_year": [2025.0],
            "document": [TITLE],
            "p_reached_by_year": [0.24],
        }  # fmt: skip
    )
    cache.write_csv(forecasts, tmp_path / "forecasts.csv")
    cache.write_csv(targets, tmp_path / "target_probabilities.csv")
    series = pd.DataFrame({"scenario": ["base"], "year": [2030]})
    cache.write_csv(series, tmp_path / "tables" / "scenario_series.csv")
    return tmp_path


def test_xlsx_has_a_readme_and_one_sheet_per_table_with_units(tmp_path) -> None:
    run = _run_dir(tmp_path)
    path = exports.write_xlsx(run, PARAMS)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["README", "forecasts", "target_probabilities", "scenario_series"]
    fc = wb["forecasts"]
    assert [c.value for c in fc[1]] == [
        "quarter", "as_of", "series", "unit", "year", "status", "median"
    ]  # fmt: skip
    assert [c.value for c in fc[2]][4:] == [2025, "nowcast", 152431.5]  # numbers stay numbers
    assert isinstance(fc["E2"].value, int)
    tp = wb["target_probabilities"]
    assert tp["C2"].value == TITLE and tp["B2"].value == 2025  # Chinese intact, whole year
    readme = [[c.value for c in row] for row in wb["README"].iter_rows()]
    facts = {r[0]: r[1] for r in readme if r and r[0]}
    assert facts["data cut-off (as_of)"] == "2026-12-31" and facts["quarter"] == "2026Q4"
    dictionary = {(r[0], r[1]): (r[2], r[3]) for r in readme if r and len(r) >= 4 and r[1]}
    assert dictionary[("forecasts", "median")][1] == "unit column"
    assert dictionary[("forecasts", "year")][1] == "year"
    assert dictionary[("target_probabilities", "p_reached_by_year")][1] == "probability 0-1"
    assert "t LCE/yr" in str(facts["units"])


def test_xlsx_is_byte_identical_for_identical_tables(tmp_path) -> None:
    run = _run_dir(tmp_path)
    a = exports.write_xlsx(run, PARAMS, tmp_path / "a.xlsx").read_bytes()
    b = exports.write_xlsx(run, PARAMS, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    other = exports.write_xlsx(run, {**PARAMS, "as_of": "2026-11-30"}, tmp_path / "c.xlsx")
    assert other.read_bytes() != a  # the cut-off is in the README and the properties


@pytest.mark.slow
def test_the_report_workbook_matches_its_csvs_with_units_and_chinese_titles(
    shared_report,
) -> None:
    """The real report's forecasts.xlsx, opened with openpyxl: a sheet per table of the run,
    headers and row counts equal to the CSVs, every column in the data dictionary with a
    unit where it has one, the registry's Chinese document titles intact."""
    report = shared_report
    wb = openpyxl.load_workbook(report / exports.XLSX_NAME, read_only=True)
    csvs = {"forecasts": report / "forecasts.csv"}
    csvs["target_probabilities"] = report / "target_probabilities.csv"
    csvs.update({p.stem: p for p in sorted((report / "tables").glob("*.csv"))})
    assert wb.sheetnames[:3] == ["README", "forecasts", "target_probabilities"]
    for name in ("forecasts", "target_probabilities", "scenario_series", "revisions"):
        frame = cache.read_csv(csvs[name])
        rows = list(wb[name].iter_rows(values_only=True))
        assert list(rows[0]) == list(frame.columns), name
        assert len(rows) - 1 == len(frame), name
    readme = list(wb["README"].iter_rows(values_only=True))
    documented = {(r[0], r[1]): r[3] for r in readme if r and r[1] and r[0] in csvs}
    fc_cols = next(wb["forecasts"].iter_rows(values_only=True))
    assert all(("forecasts", c) in documented for c in fc_cols)
    assert documented[("forecasts", "year")] == "year"
    assert documented[("target_probabilities", "p_reached_by_year")] == "probability 0-1"
    tp = list(wb["target_probabilities"].iter_rows(values_only=True))
    head = tp[0]
    docs = {row[head.index("document")] for row in tp[1:]}
    years = {row[head.index("target_year")] for row in tp[1:]}
    assert any("青海" in str(d) for d in docs), docs  # Chinese titles survive the workbook
    assert all(isinstance(y, int) for y in years), years  # numeric years
    units = {row[head.index("unit")] for row in tp[1:]}
    assert units and None not in units
    wb.close()
