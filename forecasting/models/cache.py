"""On-disk cache of per-series forecasts, so re-running a notebook does not refit.

Key: sha256 of (data hash, model configuration, seed, horizon, n_paths, package version, a
fingerprint of the engine's source files, and the installed versions of the libraries that
compute: numpy, pandas, scipy, statsmodels, prophet, cmdstanpy). An upgrade of any of them misses
the cache, so a manifest's recorded versions are the ones that produced its tables.

Entries are pickles under :func:`forecasting.paths.cache_dir` ``/ "models"``
(``$LITHIUM_FORECAST_CACHE`` or the platform's user cache folder, which honours
``XDG_CACHE_HOME``); writes go to a temporary file then ``os.replace`` so parallel workers never
read half a file. A corrupt entry is ignored and rewritten. ``lithium-forecast cache clear``
removes every entry (:func:`clear`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from forecasting import paths

ENV_VAR = paths.CACHE_ENV
#: Distributions whose version changes what a forecast computes.
LIBRARIES = ("numpy", "pandas", "scipy", "statsmodels", "prophet", "cmdstanpy")
ENTRY_SUFFIX = ".pkl"


def cache_dir() -> Path:
    """The model cache folder (created on first write)."""
    return paths.cache_dir("models")


@functools.cache
def library_versions() -> dict[str, str]:
    """``{distribution: version}`` of :data:`LIBRARIES` (``"not installed"`` when absent)."""
    out = {}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


@functools.cache
def engine_fingerprint() -> str:
    """sha256 of the engine's own source files: a code change invalidates old entries even when
    the package version string did not change."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def cache_key(**parts: Any) -> str:
    """A stable hex key from JSON-serialisable parts (sorted keys), the package version, the
    engine fingerprint and :func:`library_versions`."""
    from forecasting import __version__

    blob = json.dumps(
        {
            **parts,
            "version": __version__,
            "engine": engine_fingerprint(),
            "libraries": library_versions(),
        },
        sort_keys=True,
        default=repr,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def _entry(key: str) -> Path:
    return cache_dir() / key[:2] / f"{key}{ENTRY_SUFFIX}"


def load(key: str) -> Any | None:
    """The cached object for ``key``, or None."""
    path = _entry(key)
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (pickle.UnpicklingError, EOFError, OSError, AttributeError, ImportError):
        return None


def store(key: str, value: Any) -> None:
    """Write ``value`` atomically under ``key``."""
    folder = _entry(key).parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, _entry(key))


def _entries(folder: Path) -> list[Path]:
    """Cache entry files (and stray temporary files) in ``folder``'s two-character sub-folders."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for sub in folder.iterdir()
        if sub.is_dir() and len(sub.name) == 2
        for p in sub.iterdir()
        if p.suffix in (ENTRY_SUFFIX, ".tmp")
    )


def info() -> dict[str, Any]:
    """Folder, number of entries and their total size in bytes."""
    files = _entries(cache_dir())
    return {
        "path": str(cache_dir()),
        "entries": sum(p.suffix == ENTRY_SUFFIX for p in files),
        "bytes": sum(p.stat().st_size for p in files),
    }


def clear() -> dict[str, Any]:
    """Remove every entry of the model cache; returns what :func:`info` saw before.

    Only files this module writes are removed (``<2 hex>/<key>.pkl`` and temporaries), so a
    ``$LITHIUM_FORECAST_CACHE`` pointing at a folder with other files never loses them.
    """
    before = info()
    folder = cache_dir()
    for path in _entries(folder):
        path.unlink(missing_ok=True)
    for sub in folder.iterdir() if folder.is_dir() else ():
        if sub.is_dir() and len(sub.name) == 2 and not any(sub.iterdir()):
            sub.rmdir()
    if folder.is_dir() and not any(folder.iterdir()):
        shutil.rmtree(folder)
    return before
