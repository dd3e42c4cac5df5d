"""Bad input: each defect gets its own clear error naming file, row, column and rule."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import forecasting.data as fd
from forecasting.data.registry import datasets_dir
from forecasting.data.validate import MAX_REPORTED
from forecasting.errors import DataValidationError

PROJECTS = datasets_dir() / "qinghai_lithium_projects.csv"
BEV = datasets_dir() / "china_bev_passenger_cars_monthly.csv"
TARGETS = datasets_dir() / "qinghai_targets.csv"
SMM_DAILY = (
    Path(__file__).resolve().parents[2] / "shared/data/restricted/"
    "lithium_carbonate_price_china_smm_daily.csv"
)


def _edit_cell(src: Path, dst: Path, row: int, column: str, value: str) -> Path:
    """Copy ``src`` to ``dst`` with data row ``row`` (1-based) / ``column`` set to ``value``."""
    frame = pd.read_csv(src, dtype=str, keep_default_na=False)
    frame.loc[row - 1, column] = value
    frame.to_csv(dst, index=False, lineterminator="\n")
    return dst


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_negative_capacity_names_file_row_column_rule(tmp_path):
    bad = _edit_cell(PROJECTS, tmp_path / "projects.csv", 7, "capacity_t_per_year", "-5")
    with pytest.raises(DataValidationError) as exc:
        fd.load_qinghai_projects(path=bad)
    msg = str(exc.value)
    assert "projects.csv, row 7 (line 8), column 'capacity_t_per_year'" in msg
    assert "value '-5' breaks rule 'non-negative'" in msg


def test_missing_column(tmp_path):
    frame = pd.read_csv(PROJECTS, dtype=str, keep_default_na=False).drop(columns="status")
    frame.to_csv(tmp_path / "p.csv", index=False)
    with pytest.raises(DataValidationError, match=r"missing column\(s\) \['status'\]"):
        fd.load_qinghai_projects(path=tmp_path / "p.csv")


def test_text_in_numeric_column(tmp_path):
    bad = _edit_cell(PROJECTS, tmp_path / "p.csv", 3, "investment_bn_cny", "about 7")
    with pytest.raises(
        DataValidationError,
        match=r"row 3 \(line 4\), column 'investment_bn_cny'"
        r": value 'about 7' breaks rule 'float number'",
    ):
        fd.load_qinghai_projects(path=bad)


def test_thousands_separator_rejected_with_explanation(tmp_path):
    bad = _edit_cell(PROJECTS, tmp_path / "p.csv", 1, "capacity_t_per_year", "12,500")
    with pytest.raises(DataValidationError, match="thousands separators"):
        fd.load_qinghai_projects(path=bad)


def test_duplicated_period(tmp_path):
    frame = pd.read_csv(BEV, dtype=str, keep_default_na=False)
    frame = pd.concat([frame.iloc[:5], frame.iloc[[4]], frame.iloc[5:]], ignore_index=True)
    frame.to_csv(tmp_path / "bev.csv", index=False)
    with pytest.raises(DataValidationError) as exc:
        fd.load_china_bev_monthly(path=tmp_path / "bev.csv")
    assert "row 6 (line 7)" in str(exc.value)
    assert "duplicated key (month=2018-05-31" in str(exc.value)


def test_months_out_of_order(tmp_path):
    frame = pd.read_csv(BEV, dtype=str, keep_default_na=False)
    frame = frame.iloc[[1, 0, *range(2, len(frame))]]
    frame.to_csv(tmp_path / "bev.csv", index=False)
    with pytest.raises(DataValidationError, match="out of order.*rows sorted by month"):
        fd.load_china_bev_monthly(path=tmp_path / "bev.csv")


def test_unknown_unit(tmp_path):
    bad = _edit_cell(TARGETS, tmp_path / "targets.csv", 5, "unit", "kt_per_year")
    with pytest.raises(
        DataValidationError,
        match=r"row 5 \(line 6\), column 'unit': value "
        r"'kt_per_year' breaks rule 'one of t_lce_per_year, bn_cny, gwh_per_year'",
    ):
        fd.load_targets(path=bad)


def test_empty_file(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(DataValidationError, match="empty.csv: file is empty"):
        fd.load_targets(path=tmp_path / "empty.csv")


def test_header_only_file(tmp_path):
    header = TARGETS.read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "t.csv").write_text(header + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="no data rows"):
        fd.load_targets(path=tmp_path / "t.csv")


def test_utf8_bom_is_accepted_and_stripped(tmp_path):
    (tmp_path / "t.csv").write_bytes(b"\xef\xbb\xbf" + TARGETS.read_bytes())
    with_bom = fd.load_targets(path=tmp_path / "t.csv")
    pd.testing.assert_frame_equal(with_bom, fd.load_targets())


def test_source_id_without_description(tmp_path):
    bad = _edit_cell(TARGETS, tmp_path / "t.csv", 2, "source_id", "MY_PRIVATE_NOTE")
    with pytest.raises(
        DataValidationError,
        match=r"row 2 \(line 3\), column 'source_id': value "
        r"'MY_PRIVATE_NOTE' breaks rule 'source_id described in sources.csv'",
    ):
        fd.load_targets(path=bad)


def test_user_folder_may_describe_its_own_sources(tmp_path):
    _edit_cell(TARGETS, tmp_path / "qinghai_targets.csv", 2, "source_id", "MY_PRIVATE_NOTE")
    src = pd.read_csv(datasets_dir() / "sources.csv", dtype=str, keep_default_na=False).iloc[:1]
    src.loc[0, "source_id"] = "MY_PRIVATE_NOTE"
    src.to_csv(tmp_path / "sources.csv", index=False)
    targets = fd.load_targets(path=tmp_path)
    assert targets.loc[1, "source_id"] == "MY_PRIVATE_NOTE"


def test_not_a_csv_file(tmp_path):
    xlsx = tmp_path / "targets.xlsx"
    xlsx.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(DataValidationError, match=r"not a CSV text file.*\.xlsx"):
        fd.load_targets(path=xlsx)
    binary = tmp_path / "targets.bin"
    binary.write_bytes(b"target_id\x00\x01\x02\n")
    with pytest.raises(DataValidationError, match="not a CSV text file"):
        fd.load_targets(path=binary)
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("target_id\ncaf\xe9\n".encode("latin-1"))
    with pytest.raises(DataValidationError, match="not UTF-8"):
        fd.load_targets(path=latin1)


def test_ragged_row_is_reported_with_line(tmp_path):
    lines = TARGETS.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + ",extra"
    (tmp_path / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"row 3 \(line 4\): \d+ fields, expected"):
        fd.load_targets(path=tmp_path / "t.csv")


def test_missing_path_is_clear(tmp_path):
    with pytest.raises(DataValidationError, match="no such file or folder"):
        fd.load_targets(path=tmp_path / "nope.csv")


def test_all_problems_collected_and_capped(tmp_path):
    frame = pd.read_csv(BEV, dtype=str, keep_default_na=False)
    frame["bev_passenger_cars_units"] = "-1"
    frame.to_csv(tmp_path / "bev.csv", index=False)
    with pytest.raises(DataValidationError) as exc:
        fd.load_china_bev_monthly(path=tmp_path / "bev.csv")
    msg = str(exc.value)
    assert f"{len(frame)} problem(s)" in msg
    assert msg.count("breaks rule 'non-negative'") == MAX_REPORTED
    assert f"and {len(frame) - MAX_REPORTED} more problem(s)" in msg


def test_files_are_never_modified(tmp_path):
    folder = tmp_path / "user"
    shutil.copytree(datasets_dir(), folder, ignore=shutil.ignore_patterns("build", "scenarios"))
    before = {p.name: _sha(p) for p in folder.glob("*.csv")}
    bundled_before = {p.name: _sha(p) for p in datasets_dir().glob("*.csv")}
    fd.load_targets(path=folder)
    fd.load_qinghai_projects(path=folder)
    fd.load_lithium_price("ME", path=folder)
    fd.load_series(as_of="2022-12-31")
    assert {p.name: _sha(p) for p in folder.glob("*.csv")} == before
    assert {p.name: _sha(p) for p in datasets_dir().glob("*.csv")} == bundled_before


@pytest.mark.skipif(not SMM_DAILY.exists(), reason="restricted SMM file not present")
def test_user_licensed_price_file_loads_through_adapter():
    sha = _sha(SMM_DAILY)
    obs = fd.load_lithium_price(path=SMM_DAILY, layout="smm_daily")
    assert len(obs) > 1000 and (obs["price_unit"] == "cny_per_t").all()
    monthly = fd.load_lithium_price("ME", path=SMM_DAILY, layout="smm_daily", grade="battery grade")
    assert (
        monthly["ds"].is_unique and (monthly["ds"] == monthly["ds"] + pd.offsets.MonthEnd(0)).all()
    )
    # spot check in SOURCES.md: battery grade 75,400 CNY/t on 2025-10-24
    day = obs[(obs["ds"] == "2025-10-24") & (obs["grade"] == "battery grade")]
    assert day["price_mid_cny_per_t"].tolist() == [75_400.0]
    oct25 = obs[(obs["ds"].dt.to_period("M") == "2025-10") & (obs["grade"] == "battery grade")]
    expected = oct25["price_mid_cny_per_t"].mean()
    got = monthly.loc[monthly["ds"] == "2025-10-31", "price_mid_cny_per_t"].item()
    assert got == pytest.approx(expected)
    assert _sha(SMM_DAILY) == sha


def test_smm_layout_without_required_columns_is_clear(tmp_path):
    (tmp_path / "prices.csv").write_text("date,price\n2024-01-02,100\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"missing column\(s\).*layout 'smm_daily'"):
        fd.load_lithium_price(path=tmp_path / "prices.csv", layout="smm_daily")


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        ("capacity_t_per_year", "500000000", "<= 1e+07"),
        ("start_year", "20244", "<= 2100"),
        ("start_year", "2024.5", "whole number"),
        ("include_in_pipeline", "yes", "boolean"),
    ],
)
def test_implausible_values_are_rejected(tmp_path, column, value, rule):
    bad = _edit_cell(PROJECTS, tmp_path / "p.csv", 2, column, value)
    with pytest.raises(
        DataValidationError,
        match=re.escape(f"column '{column}': value '{value}' breaks rule '{rule}"),
    ):
        fd.load_qinghai_projects(path=bad)


def test_line_numbers_follow_blank_lines_and_multiline_cells(tmp_path):
    frame = pd.read_csv(TARGETS, dtype=str, keep_default_na=False)
    frame.loc[1, "note"] = "two\nlines"  # row 2 spans two lines
    frame.loc[2, "unit"] = "kt"  # row 3 is bad
    text = frame.to_csv(index=False, lineterminator="\n").split("\n")
    text.insert(2, "")  # a blank line after row 1
    (tmp_path / "t.csv").write_text("\n".join(text), encoding="utf-8")
    # header line 1, row 1 line 2, blank line 3, row 2 lines 4-5, row 3 line 6
    with pytest.raises(DataValidationError, match=r"row 3 \(line 6\), column 'unit'"):
        fd.load_targets(path=tmp_path / "t.csv")


def test_superseded_by_must_name_a_registered_target(tmp_path):
    bad = _edit_cell(TARGETS, tmp_path / "t.csv", 4, "superseded_by", "qh_no_such_target")
    with pytest.raises(
        DataValidationError,
        match=r"row 4 \(line 5\), column 'superseded_by': "
        r"value 'qh_no_such_target' breaks rule 'refers to an existing target_id'",
    ):
        fd.load_targets(path=bad)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.lists(st.floats(min_value=0, max_value=1e8, allow_nan=False), min_size=3, max_size=3)
)
def test_numbers_read_back_exactly(tmp_path, values):
    frame = pd.read_csv(BEV, dtype=str, keep_default_na=False).iloc[:3].copy()
    frame["bev_passenger_cars_units"] = [repr(v) for v in values]
    path = tmp_path / "bev.csv"
    frame.to_csv(path, index=False)
    loaded = fd.load_china_bev_monthly(path=path)
    assert loaded["bev_passenger_cars_units"].tolist() == values


def test_a_user_file_in_the_older_layout_still_loads(tmp_path):
    """Columns added after first publication (Field.added_later) may be absent in a user's
    file: they read as empty (bool false), every other column is still required."""
    import forecasting.data as fd
    from forecasting.data.tables import TABLES

    src = fd.datasets_dir() / "qinghai_lithium_carbonate_capacity.csv"
    frame = pd.read_csv(src, dtype=str, keep_default_na=False)
    later = [f.name for f in TABLES["qinghai_capacity"].fields if f.added_later]
    assert {"scope", "producer", "date_inferred"} <= set(later)
    old = tmp_path / src.name
    frame.drop(columns=later).to_csv(old, index=False)
    cap = fd.load_qinghai_capacity(path=old)
    assert cap["scope"].isna().all() and not cap["date_inferred"].any()
    assert cap["capacity_t_lce_per_year"].equals(
        fd.load_qinghai_capacity()["capacity_t_lce_per_year"]
    )
    frame.drop(columns=["kind"]).to_csv(old, index=False)
    with pytest.raises(DataValidationError, match=r"missing column\(s\) \['kind'\]"):
        fd.load_qinghai_capacity(path=old)
    projects = pd.read_csv(fd.datasets_dir() / "qinghai_lithium_projects.csv", dtype=str)
    folder = tmp_path / "mine"
    folder.mkdir()
    projects.drop(columns=["producer", "superseded_by"]).to_csv(
        folder / "qinghai_lithium_projects.csv", index=False
    )
    mine = fd.load_qinghai_projects(path=folder, as_of="2023-12-31")
    assert mine["superseded_by"].isna().all() and len(mine) > 0
