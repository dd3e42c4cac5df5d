"""Which input files a report run reads: dataset and scenario files (for hashes and copies)."""

from __future__ import annotations

import shutil
from pathlib import Path

from forecasting import paths
from forecasting.errors import ReportError

#: The checkout (or site-packages) root: relative paths in hashes and the git state start here.
REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_SUFFIXES = (".csv", ".json", ".yml", ".yaml")


def data_files(datasets_dir: Path | None = None, data_path: str | Path | None = None) -> list[Path]:
    """Every curated data file of the datasets folder the loaders read (default
    :func:`forecasting.paths.datasets_dir`: ``$LITHIUM_FORECAST_DATASETS`` or the bundled
    tables; not scenarios, not build scripts), sorted, then the data files directly in the
    user's ``data_path`` folder (if given). So the manifest and the cache key hash what was read."""
    root = Path(datasets_dir) if datasets_dir is not None else paths.datasets_dir()
    extra = []
    if data_path is not None:
        folder = Path(data_path)
        if not folder.is_dir():
            raise ReportError(f"data_path {folder} is not a folder (expected table CSVs)")
        extra = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in DATA_SUFFIXES)
    files = [
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix in DATA_SUFFIXES
        and "scenarios" not in p.relative_to(root).parts
        and "build" not in p.relative_to(root).parts
    ]
    return sorted(files) + extra


BENCHMARK_FILES = ("tourism_scores.csv", "tourism_published.csv")


def benchmark_dir() -> Path:
    """Where the stored benchmark results are (:func:`forecasting.paths.benchmark_results_dir`)."""
    return paths.benchmark_results_dir()


def benchmark_files() -> list[Path]:
    """The tourism benchmark result files the accuracy appendix reads (those that exist)."""
    root = benchmark_dir()
    return [root / n for n in BENCHMARK_FILES if (root / n).is_file()]


def scenario_files(name: str, scenarios_dir: Path | None = None) -> list[Path]:
    """``base.yaml`` plus the override file of scenario ``name`` (if not base), as paths."""
    sdir = Path(scenarios_dir) if scenarios_dir is not None else paths.scenarios_dir()
    base = sdir / "base.yaml"
    if not base.is_file():
        raise ReportError(f"scenario base file {base} is missing")
    if name == "base":
        return [base]
    over = sdir / f"{name}.yaml"
    if not over.is_file():
        known = sorted(p.stem for p in sdir.glob("*.yaml"))
        raise ReportError(f"unknown scenario {name!r}: no file {over} (available: {known})")
    return [base, over]


def copy_scenario_inputs(files: list[Path], dest: Path) -> list[Path]:
    """Copy the scenario files into the report folder (so a later vintage can re-use them)."""
    dest.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(p, dest / p.name)) for p in files]
