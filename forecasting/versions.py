"""What is installed: ``forecasting.show_versions()`` for bug reports (like pandas').

:func:`installed_versions` returns the package, Python and platform, where the data and cache
live, and the versions of the libraries that compute or render; ``show_versions()`` prints them
one per line (or as JSON with ``as_json=True``).
"""

from __future__ import annotations

import json
import platform
import sys
from importlib import metadata

#: Distributions worth naming in a bug report (computation first, then report tooling).
LIBRARIES = (
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "prophet",
    "cmdstanpy",
    "SALib",
    "joblib",
    "dask",
    "distributed",
    "matplotlib",
    "seaborn",
    "PyYAML",
    "papermill",
    "nbconvert",
    "jupytext",
    "platformdirs",
    "tqdm",
)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def installed_versions() -> dict[str, str]:
    """``{name: version or location}`` (strings only, JSON-ready)."""
    from forecasting import __version__, paths

    out = {
        "lithium-forecast": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "datasets": str(paths.datasets_dir()),
        "scenarios": str(paths.scenarios_dir()),
        "cache": str(paths.cache_dir()),
    }
    out.update({name: _version(name) for name in LIBRARIES})
    return out


def show_versions(as_json: bool = False) -> None:
    """Print :func:`installed_versions` (``name: value`` lines, or one JSON object)."""
    info = installed_versions()
    if as_json:
        print(json.dumps(info, indent=2))
        return
    width = max(map(len, info))
    for name, value in info.items():
        print(f"{name:<{width}} : {value}")
