"""Notebook reuse: the key moves with every input the executed notebooks depend on, and a
stored entry comes back byte for byte (no kernel needed here; the end-to-end reuse is in
tests/test_report_build.py)."""

from __future__ import annotations

import pytest

from forecasting.reports import nbcache
from forecasting.reports.execute import NotebookRun

PARAMS = {"quarter": "2026Q4", "scenario": "base", "seed": 0, "n_paths": 9, "run_dir": "."}


@pytest.fixture
def setup(tmp_path, monkeypatch):
    monkeypatch.setenv("LITHIUM_FORECAST_CACHE", str(tmp_path / "cache"))
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    (nbs / "01_a.py").write_text('# %% tags=["parameters"]\nrun_dir = "."\n')
    stage = tmp_path / "stage"
    (stage / "tables").mkdir(parents=True)
    (stage / "forecasts.csv").write_text("year,median\n2030,1.5\n")
    (stage / "tables" / "x.csv").write_text("a\n1\n")
    data = tmp_path / "data.csv"
    data.write_text("year,value\n2020,3\n")
    return nbs / "01_a.py", stage, data


def test_key_changes_with_notebook_parameters_tables_and_data(setup) -> None:
    source, stage, data = setup
    base = nbcache.notebook_key([source], PARAMS, stage, [data])
    assert nbcache.notebook_key([source], PARAMS, stage, [data]) == base  # deterministic
    assert nbcache.notebook_key([source], {**PARAMS, "seed": 1}, stage, [data]) != base
    (stage / "tables" / "x.csv").write_text("a\n2\n")
    changed_table = nbcache.notebook_key([source], PARAMS, stage, [data])
    assert changed_table != base
    data.write_text("year,value\n2020,4\n")
    assert nbcache.notebook_key([source], PARAMS, stage, [data]) != changed_table
    key = nbcache.notebook_key([source], PARAMS, stage, [data])
    source.write_text(source.read_text() + "\n# %%\nprint(1)\n")
    assert nbcache.notebook_key([source], PARAMS, stage, [data]) != key
    key = nbcache.notebook_key([source], PARAMS, stage, [data])
    (source.parent / "helper.txt").write_text("read by a notebook")  # any notebook-folder file
    assert nbcache.notebook_key([source], PARAMS, stage, [data]) != key
    (stage / ".work").mkdir()
    (stage / ".work" / "01_a.ipynb").write_text("{}")  # scratch is not an input
    assert nbcache.notebook_key([source], PARAMS, stage, [data]) == nbcache.notebook_key(
        [source], PARAMS, stage, [data]
    )


def test_store_keeps_only_what_the_notebooks_wrote_and_restore_is_byte_identical(
    setup, tmp_path
) -> None:
    source, stage, data = setup
    key = nbcache.notebook_key([source], PARAMS, stage, [data])
    assert nbcache.restore(key, stage) is None  # miss
    before = nbcache.snapshot(stage)
    (stage / "01_a.ipynb").write_bytes(b'{"cells": [], "x": "\xe9"}')
    (stage / "figures").mkdir()
    png = bytes(range(256)) * 3
    (stage / "figures" / "02_fan.png").write_bytes(png)
    runs = [NotebookRun("01_a", stage / "01_a.ipynb", 1.25)]
    entry = nbcache.store(key, stage, before, runs)
    stored = sorted(
        p.relative_to(entry / "files").as_posix() for p in (entry / "files").rglob("*.*")
    )
    assert stored == ["01_a.ipynb", "figures/02_fan.png"]  # the inputs are not copied
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    got = nbcache.restore(key, fresh)
    assert got == [NotebookRun("01_a", fresh / "01_a.ipynb", 0.0)]
    assert (fresh / "figures" / "02_fan.png").read_bytes() == png
    assert (fresh / "01_a.ipynb").read_bytes() == (stage / "01_a.ipynb").read_bytes()
