"""Publication rules that need no model run: quarters, staging, refusal, supersession."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from forecasting import cli
from forecasting.errors import ReportError
from forecasting.reports import publish
from forecasting.reports.manifest import hash_files, sha256_file


def test_quarter_parsing_and_arithmetic() -> None:
    assert publish.parse_quarter("2026Q4") == (2026, 4)
    assert publish.quarter_end("2026Q4") == dt.date(2026, 12, 31)
    assert publish.quarter_end("2024Q1") == dt.date(2024, 3, 31)
    assert publish.previous_quarter("2026Q1") == "2025Q4"
    assert publish.previous_quarter("2026Q3") == "2026Q2"
    for bad in ("2026q4", "2026Q5", "26Q1", "2026-Q1"):
        with pytest.raises(ReportError, match="2026Q4"):
            publish.parse_quarter(bad)
    with pytest.raises(ReportError, match="--as-of"):
        publish.parse_as_of("31/12/2026", "2026Q4")


def _publish(root, quarter, content="x"):
    folder = root / quarter
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"parameters": {"quarter": quarter}}))
    (folder / "forecasts.csv").write_text(content)
    return folder


def test_previous_vintage_is_latest_published_before_the_quarter(tmp_path) -> None:
    _publish(tmp_path, "2025Q4")
    _publish(tmp_path, "2026Q2")
    (tmp_path / "2026Q3").mkdir()  # no manifest: not a published report
    (tmp_path / "2026Q1.superseded-20260101T000000Z").mkdir()
    assert publish.published_quarters(tmp_path) == ["2025Q4", "2026Q2"]
    assert publish.previous_vintage(tmp_path, "2026Q4").name == "2026Q2"
    assert publish.previous_vintage(tmp_path, "2026Q2").name == "2025Q4"
    assert publish.previous_vintage(tmp_path, "2025Q4") is None


def test_staging_publishes_atomically_and_cleans_up_on_failure(tmp_path) -> None:
    dest = tmp_path / "2026Q4"
    with pytest.raises(RuntimeError, match="boom"):
        with publish.staging(dest, force=False) as stage:
            (stage / "half.csv").write_text("1")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
    with publish.staging(dest, force=False) as stage:
        assert stage.name.startswith(".2026Q4.partial-")
        (stage / "forecasts.csv").write_text("ok")
    assert (dest / "forecasts.csv").read_text() == "ok"
    assert [p.name for p in tmp_path.iterdir()] == ["2026Q4"]
    assert (dest / "forecasts.csv").stat().st_mode & 0o222 == 0  # published files are read-only


def test_published_quarter_is_refused_then_kept_aside_with_force(tmp_path) -> None:
    old = _publish(tmp_path, "2026Q4", content="old")
    before = sha256_file(old / "forecasts.csv")
    with pytest.raises(ReportError, match="--force"):
        with publish.staging(old, force=False):
            pass
    assert sha256_file(old / "forecasts.csv") == before
    with publish.staging(old, force=True) as stage:
        (stage / "forecasts.csv").write_text("new")
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("2026Q4.superseded-")]
    assert len(aside) == 1 and (aside[0] / "forecasts.csv").read_text() == "old"
    assert (old / "forecasts.csv").read_text() == "new"


def test_failed_forced_rebuild_keeps_the_published_folder(tmp_path) -> None:
    old = _publish(tmp_path, "2026Q4", content="old")
    with pytest.raises(ValueError):
        with publish.staging(old, force=True):
            raise ValueError("notebook failed")
    assert (old / "forecasts.csv").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026Q4"]


def test_cli_refuses_a_published_quarter_with_a_clear_message(tmp_path, capsys) -> None:
    _publish(tmp_path, "2026Q4")
    code = cli.main(["report", "--quarter", "2026Q4", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "already published" in err and "--force" in err


def test_cli_rejects_a_bad_quarter(tmp_path, capsys) -> None:
    assert cli.main(["report", "--quarter", "2026-4", "--out", str(tmp_path)]) == 2
    assert "2026Q4" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_cli_rejects_unknown_scenario_and_future_as_of_before_any_work(tmp_path, capsys) -> None:
    assert (
        cli.main(["report", "--quarter", "2026Q4", "--scenario", "nope", "--out", str(tmp_path)])
        == 2
    )
    err = capsys.readouterr().err
    assert "unknown scenario 'nope'" in err and "base" in err
    assert (
        cli.main(["report", "--quarter", "2026Q4", "--as-of", "2027-01-15", "--out", str(tmp_path)])
        == 2
    )
    assert "after the end of 2026Q4" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_hash_files_is_relative_and_sorted(tmp_path) -> None:
    (tmp_path / "b.csv").write_text("b")
    (tmp_path / "a.csv").write_text("a")
    hashes = hash_files([tmp_path / "b.csv", tmp_path / "a.csv"], tmp_path)
    assert list(hashes) == ["a.csv", "b.csv"]
    assert hashes["a.csv"] == sha256_file(tmp_path / "a.csv")


def test_stale_partial_folders_of_dead_builds_are_removed_and_nothing_else(tmp_path) -> None:
    """A build killed with -9 leaves ``.<QUARTER>.partial-<PID>``; the next build removes it
    when that PID is gone, and keeps a live build's staging folder and every published one."""
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = tmp_path / f".2026Q3.partial-{dead.pid}"
        (stale / "tables").mkdir(parents=True)
        (stale / "tables" / "half.csv").write_text("1")
        (stale / "tables" / "half.csv").chmod(publish.READ_ONLY)
        running = tmp_path / f".2026Q2.partial-{alive.pid}"
        running.mkdir()
        published = tmp_path / "2026Q1"
        published.mkdir()
        (published / "manifest.json").write_text("{}")
        lookalike = tmp_path / f".notes.partial-{dead.pid}"  # not a quarter: not ours
        lookalike.mkdir()
        aside = tmp_path / "2025Q4.superseded-20260101T000000Z"
        aside.mkdir()
        with publish.staging(tmp_path / "2026Q4", force=False) as stage:
            (stage / "forecasts.csv").write_text("ok")
        names = sorted(p.name for p in tmp_path.iterdir())
        assert stale.name not in names
        assert names == sorted([running.name, "2026Q1", lookalike.name, aside.name, "2026Q4"]), (
            names
        )
        assert publish.remove_stale_partials(tmp_path) == []  # nothing stale left
    finally:
        alive.kill()
        alive.wait()
    assert publish.remove_stale_partials(tmp_path) == [running]  # its build is gone now
