"""On-disk cache of computed report tables, keyed by everything that determines them.

The key is a sha256 over the run parameters, the bytes of every dataset and scenario file and
the bytes of every ``forecasting/**/*.py`` file, so any change to data, assumptions or code
misses the cache. Entries are folders of CSV files written with :func:`write_csv`; a cached table
is therefore byte-identical to a freshly computed one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from forecasting.reports.manifest import sha256_file, tree_digest

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
#: Fixed float format of every CSV output (6 decimals: exact enough for t LCE and probabilities).
FLOAT_FORMAT = "%.6f"
#: CSV encoding: UTF-8 with a byte-order mark, so Excel shows Chinese titles (pandas, R and the
#: package's loaders read it as plain UTF-8).
CSV_ENCODING = "utf-8-sig"


def cache_root() -> Path:
    """``reports/`` under the package cache (:func:`forecasting.paths.cache_dir`:
    ``$LITHIUM_FORECAST_CACHE``, else the user's cache folder), so a notebook opened anywhere
    reuses the tables a report build computed."""
    from forecasting import paths

    return paths.cache_dir("reports")


def is_year_column(name: str) -> bool:
    """``year``, ``target_year``, ``most_likely_first_year``, ... (whole calendar years)."""
    return name == "year" or name.endswith("_year")


def whole_years(frame: pd.DataFrame) -> pd.DataFrame:
    """Year columns held as floats (because of gaps) as nullable integers, so a CSV says
    ``2030`` (or nothing), never ``2030.000000``; other columns untouched."""
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if is_year_column(str(col)) and pd.api.types.is_float_dtype(values.dtype):
            whole = values.dropna()
            if (whole == whole.round()).all():
                out[col] = values.astype("Int64")
    return out


def write_csv(frame: pd.DataFrame, path: Path, sort_by: Sequence[str] | None = None) -> Path:
    """Write ``frame`` sorted by ``sort_by``: UTF-8 with BOM, fixed float format, whole-number
    years, ``\\n`` line ends."""
    out = frame.sort_values(list(sort_by), kind="mergesort") if sort_by else frame
    whole_years(out).to_csv(
        path, index=False, float_format=FLOAT_FORMAT, lineterminator="\n", encoding=CSV_ENCODING
    )
    return Path(path)


def read_csv(path: Path) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv` (an empty file is an empty frame)."""
    try:
        return pd.read_csv(path, encoding=CSV_ENCODING)
    except pd.errors.EmptyDataError:
        return pd.DataFrame()


def input_key(params: Mapping[str, Any], files: Sequence[Path]) -> str:
    """sha256 of the parameters, the given input files' bytes and the package source."""
    digest = hashlib.sha256()
    digest.update(json.dumps(dict(params), sort_keys=True, default=str).encode())
    for path in sorted(Path(p) for p in files):
        digest.update(path.name.encode())
        digest.update(sha256_file(path).encode())
    digest.update(tree_digest(PACKAGE_ROOT).encode())
    return digest.hexdigest()


def is_cached(key: str) -> bool:
    """True when the cache holds a complete entry ``key``."""
    return (cache_root() / key / ".complete").is_file()


def cached_tables(
    key: str,
    compute: Callable[[], dict[str, pd.DataFrame]],
    use_cache: bool = True,
) -> dict[str, pd.DataFrame]:
    """Return ``compute()``'s tables, read from / written to the cache entry ``key``.

    Tables round-trip through CSV either way, so cached and fresh results are identical.
    """
    entry = cache_root() / key
    if use_cache and (entry / ".complete").is_file():
        return {p.stem: read_csv(p) for p in sorted(entry.glob("*.csv"))}
    tables = compute()
    tmp = entry.with_name(f"{entry.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, frame in tables.items():
        write_csv(frame, tmp / f"{name}.csv")
    (tmp / ".complete").write_text("ok\n")
    shutil.rmtree(entry, ignore_errors=True)
    try:
        os.replace(tmp, entry)
    except OSError:  # another process published the same entry meanwhile: same content
        shutil.rmtree(tmp, ignore_errors=True)
    return {p.stem: read_csv(p) for p in sorted(entry.glob("*.csv"))}
