"""The report hashes the files the loaders read (issue 11: no stale cache for edited data)."""

from __future__ import annotations

import shutil

from forecasting import paths
from forecasting.reports import sources


def test_data_files_follow_the_datasets_folder_in_use(tmp_path, monkeypatch):
    mine = tmp_path / "mine"
    shutil.copytree(paths.bundled_datasets_dir(), mine, ignore=shutil.ignore_patterns("build"))
    monkeypatch.setenv(paths.DATASETS_ENV, str(mine))
    files = sources.data_files()
    assert files and all(mine in f.parents for f in files)
    bundled = sources.data_files(paths.bundled_datasets_dir())
    assert {f.name for f in files} == {f.name for f in bundled}


def test_benchmark_files_come_from_the_package_paths():
    assert all(f.parent == paths.benchmark_results_dir() for f in sources.benchmark_files())
