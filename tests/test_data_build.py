"""Curation code: corrections, source parsing, rebuild reproducibility and datapackage sync."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from forecasting.data.corrections import apply_corrections, load_corrections
from forecasting.data.datapackage import build_datapackage
from forecasting.data.registry import datasets_dir
from forecasting.data.tables import TABLES
from forecasting.errors import DataValidationError

BUILD = datasets_dir() / "build"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
sys.path.insert(0, str(BUILD))

import build_sources  # noqa: E402
import build_tables  # noqa: E402


def test_apply_corrections_sets_values_without_mutating_input():
    frame = pd.DataFrame({"name": ["a", "b"], "status": ["x", "y"]}, dtype=object)
    original = frame.copy()
    entries = [
        {"match": {"name": "b"}, "set": {"status": "operating", "flag": True}, "reason": "test"}
    ]
    out = apply_corrections(frame, entries)
    assert out["status"].tolist() == ["x", "operating"]
    assert out["flag"].tolist() == [None, "true"]
    pd.testing.assert_frame_equal(frame, original)


@pytest.mark.parametrize(
    ("match", "expected"),
    [
        ({"name": "zzz"}, "matched 0 rows"),
        ({"status": "x"}, "matched 2 rows"),
        ({"nope": "a"}, "match column 'nope'"),
    ],
)
def test_apply_corrections_fails_loudly(match, expected):
    frame = pd.DataFrame({"name": ["a", "b"], "status": ["x", "x"]}, dtype=object)
    with pytest.raises(DataValidationError, match=expected):
        apply_corrections(frame, [{"match": match, "set": {"status": "y"}, "reason": "r"}])


def test_corrections_file_has_a_reason_for_every_entry(tmp_path):
    data = load_corrections(BUILD / "corrections.yml")
    assert {"sources", "targets", "projects", "qinghai_capacity"} <= set(data)
    (tmp_path / "c.yml").write_text("projects:\n  - match: {a: 1}\n    set: {b: 2}\n")
    with pytest.raises(DataValidationError, match="needs a non-empty 'reason'"):
        load_corrections(tmp_path / "c.yml")


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("A", "A"),
        ("A/B", "B"),
        ("B/C (mirror)", "C"),
        ("C/D (year unknown)", "D"),
        ("A (official) / year inferred", "A"),
        ("D (no URL, undated)", "D"),
    ],
)
def test_reliability_grade_is_conservative(text, grade):
    assert build_sources.reliability_grade(text) == grade


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2016-10-14", "2016-10-14"),
        ("2022-09-06/08", "2022-09-06"),
        ("2022-01", "2022-01-31"),
        ("2016 (from content)", "2016-12-31"),
        ("Jun 27 (year not shown)", ""),
        ("2025-05-30 commit", "2025-05-30"),
    ],
)
def test_published_date_parsing(text, iso):
    assert build_sources.published_date(text) == iso


def test_parse_sources_md_reads_every_table():
    md = (
        "## Section A\n\n| source_id | Title / content | Publisher | Date | URL | Reliability |\n"
        "|---|---|---|---|---|---|\n| X_1 | t | p | 2020-01-02 | http://x | B/C |\n\n"
        "## Section B\n\n| source_id | Content | Publisher | Date | URL | Reliability |\n"
        "|---|---|---|---|---|---|\n| Y_2 | c | q | 2021 | http://y | A |\n"
    )
    parsed = build_sources.parse_sources_md(md)
    assert parsed["source_id"].tolist() == ["X_1", "Y_2"]
    assert parsed["section"].tolist() == ["Section A", "Section B"]
    with pytest.raises(ValueError, match="line 5: 7 cells, expected 6"):
        build_sources.parse_sources_md(md.replace("| B/C |", "| B/C | extra |"))


def test_period_type_rules():
    start = pd.Series(["2020-01-01", "2020-01-01", "2020-07-01", "2023-07-01", "2021-01-01"])
    end = pd.Series(["2020-12-31", "2020-06-30", "2020-12-31", "2023-09-30", "2021-09-30"])
    assert build_tables.period_type(start, end).tolist() == [
        "year",
        "half-year",
        "half-year",
        "quarter",
        "ytd",
    ]


def test_committed_datapackage_matches_schema_objects():
    committed = json.loads((datasets_dir() / "datapackage.json").read_text(encoding="utf-8"))
    assert committed == build_datapackage()
    names = [r["name"] for r in committed["resources"]]
    assert names == list(TABLES)
    targets = next(r for r in committed["resources"] if r["name"] == "targets")
    assert targets["schema"]["primaryKey"] == ["target_id"]
    unit = next(f for f in targets["schema"]["fields"] if f["name"] == "unit")
    assert unit["constraints"]["enum"] == ["t_lce_per_year", "bn_cny", "gwh_per_year"]
    assert all(r["refresh"] for r in committed["resources"])


@pytest.mark.skipif(not (SHARED / "SOURCES.md").exists(), reason="../shared/data not present")
def test_rebuild_from_shared_data_is_byte_identical(tmp_path):
    corr = load_corrections(BUILD / "corrections.yml")
    sources = build_sources.build_sources(SHARED, corr)
    sources.to_csv(tmp_path / "sources.csv", index=False, lineterminator="\n")
    build_tables.build_all(SHARED, tmp_path)
    for schema in TABLES.values():
        fresh = (tmp_path / schema.filename).read_bytes()
        assert fresh == (datasets_dir() / schema.filename).read_bytes(), schema.filename


def test_datapackage_is_valid_frictionless():
    """The Frictionless validator (a test-only dependency) accepts the descriptor and every
    table's rows: licences with a name and path, tabular-data-resource profiles, types and
    constraints (enum, minimum, maximum, primaryKey) of each field."""
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(datasets_dir() / "datapackage.json"))
    errors = [err.message for task in report.tasks for err in task.errors] + [
        err.message for err in report.errors
    ]
    assert report.valid, errors[:5]
    assert len(report.tasks) == len(TABLES)
    package = json.loads((datasets_dir() / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert resource["profile"] == "tabular-data-resource"
        assert all({"name", "path"} <= set(lic) for lic in resource["licenses"])
