"""Where the package's bundled resources and its cache live (one place for every path).

The curated tables, ``sources.csv``, ``datapackage.json``, the scenario YAML files and the report
notebooks ship inside the wheel as package data (``forecasting/_datasets`` and
``forecasting/_notebooks``, mapped from the repository's top-level ``datasets/`` and
``notebooks/`` folders by ``[tool.setuptools.package-dir]`` in ``pyproject.toml``). In a git
checkout (editable install) the repository folders themselves are used, so there is one copy.

Lookup order (the first that applies wins):

* datasets: ``$LITHIUM_FORECAST_DATASETS`` -> the wheel's bundled copy -> ``<repo>/datasets``
* scenarios: ``$LITHIUM_FORECAST_SCENARIOS`` -> ``<datasets>/scenarios`` when that folder exists
  -> the bundled scenarios (so a user's own data folder without scenarios still runs them)
* notebooks: the wheel's bundled copy -> ``<repo>/notebooks`` (benchmark results likewise)
* cache: ``$LITHIUM_FORECAST_CACHE`` -> the platform's user cache folder from ``platformdirs``
  (Linux: ``$XDG_CACHE_HOME/lithium-forecast``, default ``~/.cache/lithium-forecast``; macOS:
  ``~/Library/Caches/lithium-forecast``; Windows: ``%LOCALAPPDATA%\\lithium-forecast\\Cache``)

Every function reads the environment at call time, so setting a variable inside a running
notebook takes effect on the next call.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from forecasting.errors import DataValidationError, ScenarioError

DATASETS_ENV = "LITHIUM_FORECAST_DATASETS"
SCENARIOS_ENV = "LITHIUM_FORECAST_SCENARIOS"
CACHE_ENV = "LITHIUM_FORECAST_CACHE"
APP_NAME = "lithium-forecast"

#: Package-data folder names inside ``forecasting/`` in a built wheel.
_BUNDLED = {
    "datasets": "_datasets",
    "notebooks": "_notebooks",
    "benchmarks/results": "_benchmark_results",
}
_REPO_ROOT = Path(__file__).resolve().parents[1]


def _bundled(kind: str) -> Path | None:
    """The wheel's copy of the repository folder ``kind`` as a real folder, or None."""
    folder = resources.files("forecasting").joinpath(_BUNDLED[kind])
    if isinstance(folder, Path) and folder.is_dir():
        return folder
    return None


def _env_dir(var: str) -> Path | None:
    """The folder named by ``$var`` (None when unset or empty); never raises, so module-level
    constants built from these functions are safe at import (see :func:`check_environment`)."""
    value = os.environ.get(var, "").strip()
    return Path(value).expanduser() if value else None


def check_environment() -> None:
    """Raise naming the variable when ``$LITHIUM_FORECAST_DATASETS`` or
    ``$LITHIUM_FORECAST_SCENARIOS`` names a folder that does not exist (the CLI calls this
    first, so the user reads the cause rather than the first missing file)."""
    for var, error in ((DATASETS_ENV, DataValidationError), (SCENARIOS_ENV, ScenarioError)):
        folder = _env_dir(var)
        if folder is not None and not folder.is_dir():
            raise error(f"{var}={folder}: no such folder (unset {var} to use the bundled files)")


def _default(kind: str) -> Path:
    """Bundled copy when installed from a wheel, else the checkout's top-level folder."""
    return _bundled(kind) or _REPO_ROOT / kind


def bundled_datasets_dir() -> Path:
    """The package's own curated datasets folder (ignores ``$LITHIUM_FORECAST_DATASETS``)."""
    return _default("datasets")


def datasets_dir() -> Path:
    """Default datasets folder: ``$LITHIUM_FORECAST_DATASETS``, else the bundled tables."""
    return _env_dir(DATASETS_ENV) or bundled_datasets_dir()


def scenarios_dir() -> Path:
    """Default scenarios folder (see the module docstring for the lookup order)."""
    env = _env_dir(SCENARIOS_ENV)
    if env is not None:
        return env
    user = _env_dir(DATASETS_ENV)
    if user is not None and (user / "scenarios").is_dir():
        return user / "scenarios"
    return bundled_datasets_dir() / "scenarios"


def notebooks_dir() -> Path:
    """The report notebooks (jupytext percent-format ``.py`` files)."""
    return _default("notebooks")


def benchmark_results_dir() -> Path:
    """Published benchmark scores the report's accuracy appendix reads (``benchmarks/results``)."""
    return _default("benchmarks/results")


def cache_dir(kind: str | None = None) -> Path:
    """The cache root, or its sub-folder ``kind`` (``"models"``, ``"reports"``); not created.

    ``$LITHIUM_FORECAST_CACHE`` wins; otherwise ``platformdirs.user_cache_dir``, which honours
    ``XDG_CACHE_HOME`` on Linux.
    """
    root = _env_dir(CACHE_ENV)
    if root is None:
        import platformdirs

        root = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    return root / kind if kind else root


def is_bundled_resource(path: Path | str) -> bool:
    """True when ``path`` lies inside the package's own datasets folder (which is read-only)."""
    p = Path(path).resolve()
    root = bundled_datasets_dir().resolve()
    return p == root or root in p.parents
