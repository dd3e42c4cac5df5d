"""On-disk cache of per-series forecasts, so re-running a notebook does not refit.

Key: sha256 of (data hash, model configuration, seed, horizon, n_paths, package version and a
fingerprint of the engine's source files). Entries are pickles under
``$LITHIUM_FORECAST_CACHE`` (default ``~/.cache/lithium-forecast``); writes go to a temporary
file then ``os.replace`` so parallel workers never read half a file. A corrupt entry is
ignored and rewritten.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

ENV_VAR = "LITHIUM_FORECAST_CACHE"


def cache_dir() -> Path:
    """The cache directory (created on first write)."""
    return Path(os.environ.get(ENV_VAR) or Path.home() / ".cache" / "lithium-forecast")


@functools.cache
def engine_fingerprint() -> str:
    """sha256 of the engine's own source files: a code change invalidates old entries even when
    the package version string did not change."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def cache_key(**parts: Any) -> str:
    """A stable hex key from JSON-serialisable parts (sorted keys), the package version and the
    engine fingerprint."""
    from forecasting import __version__

    blob = json.dumps(
        {**parts, "version": __version__, "engine": engine_fingerprint()},
        sort_keys=True,
        default=repr,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def load(key: str) -> Any | None:
    """The cached object for ``key``, or None."""
    path = cache_dir() / key[:2] / f"{key}.pkl"
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (pickle.UnpicklingError, EOFError, OSError, AttributeError):
        return None


def store(key: str, value: Any) -> None:
    """Write ``value`` atomically under ``key``."""
    folder = cache_dir() / key[:2]
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, folder / f"{key}.pkl")
