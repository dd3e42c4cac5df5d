"""``lithium-forecast data list|show|validate`` through the real dispatcher."""

from __future__ import annotations

import shutil

import pandas as pd

from forecasting.cli import main
from forecasting.data.registry import datasets_dir
from forecasting.data.tables import TABLES


def test_data_list_prints_every_table(capsys):
    assert main(["data", "list"]) == 0
    out = capsys.readouterr().out
    for name in TABLES:
        assert name in out
    line = next(ln for ln in out.splitlines() if ln.startswith("qinghai_output "))
    assert "2009-12-31..2024-03-31" in line and " 9 " in line


def test_data_show_table_and_series(capsys):
    assert main(["data", "show", "targets", "--rows", "3"]) == 0
    out = capsys.readouterr().out
    assert "qh_output_2015_30kt" in out and "(14 rows)" in out
    assert "qh_capacity_2025_170kt" not in out  # only 3 rows shown
    assert main(["data", "show", "qinghai_output_t_lce"]) == 0
    assert "73000.0" in capsys.readouterr().out


def test_data_show_unknown_name_is_a_clean_error(capsys):
    assert main(["data", "show", "nope"]) == 2
    err = capsys.readouterr().err
    assert "unknown table or series 'nope'" in err and "Traceback" not in err


def test_data_validate_bundled_ok(capsys):
    assert main(["data", "validate"]) == 0
    out = capsys.readouterr().out
    assert out.count("OK ") == len(TABLES) and "all files valid" in out


def test_data_validate_bad_folder_exits_1_with_report(tmp_path, capsys):
    folder = tmp_path / "mine"
    shutil.copytree(datasets_dir(), folder, ignore=shutil.ignore_patterns("build", "scenarios"))
    frame = pd.read_csv(folder / "qinghai_lithium_projects.csv", dtype=str, keep_default_na=False)
    frame.loc[6, "capacity_t_per_year"] = "-5"
    frame.to_csv(folder / "qinghai_lithium_projects.csv", index=False)
    (folder / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["data", "validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "row 7 (line 8), column 'capacity_t_per_year'" in out
    assert "SKIP" in out and "notes.csv" in out
    assert "1 file(s) failed" in out


def test_data_validate_single_file_with_table(tmp_path, capsys):
    path = tmp_path / "my_targets.csv"
    shutil.copy(datasets_dir() / "qinghai_targets.csv", path)
    assert main(["data", "validate", str(path), "--table", "targets"]) == 0
    assert "OK" in capsys.readouterr().out
    assert main(["data", "validate", str(tmp_path / "missing.csv")]) == 1
    capsys.readouterr()
    # A file or folder with nothing to validate is a failure, not "all files valid".
    assert main(["data", "validate", str(path)]) == 1
    assert "not a known table file name" in capsys.readouterr().out
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["data", "validate", str(other)]) == 1
    out = capsys.readouterr().out
    assert "no table file in this folder" in out and "qinghai_targets.csv" in out


def test_data_list_series_and_show_as_of(capsys):
    assert main(["data", "list", "--series"]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.startswith("qinghai_output_t_lce "))
    assert "2009-12-31" in line and line.rstrip().endswith(" 2")
    args = ["data", "show", "qinghai_output_t_lce", "--as-of", "2023-06-12"]
    assert main(args) == 0
    shown = capsys.readouterr().out
    assert "6000.0" in shown and "73000.0" not in shown and "(1 rows)" in shown
