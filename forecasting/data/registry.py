"""Where tables live and how any table is read: bundled ``datasets/`` or a user's file/folder.

``path=None`` reads the bundled table; a folder reads ``<folder>/<table file name>``; a file is
read as is. Source ids are checked against the bundled sources.csv plus, when present, a
``sources.csv`` in the user's folder (same schema), so licensed data can cite its own sources.
Set ``LITHIUM_FORECAST_DATASETS`` to use another default folder.

Reads are memoised: a validated table is kept in memory keyed by the file's resolved path,
modification time (ns), size and inode, and by the same stamp of every sources.csv its ids were
checked against; each call returns a copy, so callers may modify what they get. Editing a file
changes its stamp and the next call reads it again; :func:`clear_cache` empties the memo.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from forecasting import paths
from forecasting.data.schema import TableSchema
from forecasting.data.tables import SOURCES, TABLES
from forecasting.data.validate import read_table
from forecasting.errors import DataValidationError
from forecasting.validation_args import as_of_timestamp


def datasets_dir() -> Path:
    """Default datasets folder: ``$LITHIUM_FORECAST_DATASETS`` or the bundled tables
    (:func:`forecasting.paths.datasets_dir`: package data in a wheel, datasets/ in a checkout)."""
    return paths.datasets_dir()


def _check_link(path: Path) -> None:
    """A clear error for a symlink that loops or points nowhere (``is_file`` says False for
    both, so a user's table would silently be replaced by the bundled one)."""
    if not path.is_symlink():
        return
    try:
        path.resolve(strict=True)
    except (RuntimeError, OSError) as exc:
        loop = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP
        what = "a symlink loop (the link leads back to itself)" if loop else "a broken symlink"
        raise DataValidationError(
            f"{path}: {what}; replace it with the CSV file or a link to one"
        ) from None


def resolve_path(schema: TableSchema, path: Path | str | None = None) -> Path:
    """The file to read for ``schema`` given ``path`` (None, a folder or a file)."""
    if path is None:
        return datasets_dir() / schema.filename
    p = Path(path)
    _check_link(p)
    if p.is_dir():
        _check_link(p / schema.filename)
        return p / schema.filename
    if not p.exists():
        raise DataValidationError(
            f"{p}: no such file or folder (expected a CSV for table '{schema.name}' "
            f"or a folder containing {schema.filename})"
        )
    return p


def table_file(folder: Path | str | None, name: str) -> Path | None:
    """The file of table ``name`` in a user's ``folder`` when it holds one, else None (which
    loaders read as "the bundled table"): a folder replaces only the tables it holds."""
    if folder is None:
        return None
    folder = Path(folder)
    if not folder.is_dir():
        raise DataValidationError(f"{folder}: not a folder (expected a folder of table CSVs)")
    candidate = folder / TABLES[name].filename
    _check_link(candidate)
    return candidate if candidate.is_file() else None


#: Memo of validated tables: key -> typed frame (never handed out; callers get copies).
_MEMO: dict[tuple, pd.DataFrame] = {}
_MEMO_MAX = 256


def clear_cache() -> None:
    """Forget every memoised table (the next read validates the files again)."""
    _MEMO.clear()


def memoised(key: tuple, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """A copy of the frame memoised under ``key`` (built once by ``build()``). ``key`` must
    hold the :func:`file_stamp` of every file the frame is derived from."""
    frame = _MEMO.get(key)
    if frame is None:
        frame = build()
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[key] = frame
    return frame.copy(deep=True)


def file_stamp(path: Path | str) -> tuple:
    """(resolved path, mtime ns, size, inode) of a file: changes whenever the file does."""
    return _stamp(Path(path))


def _stamp(path: Path) -> tuple:
    """(resolved path, mtime ns, size, inode) of a file: changes whenever the file does."""
    st = path.stat()
    return (str(path.resolve()), st.st_mtime_ns, st.st_size, st.st_ino)


def _source_files(table_path: Path) -> list[Path]:
    """The sources.csv files whose ids a table at ``table_path`` may cite."""
    bundled = datasets_dir() / SOURCES.filename
    local = table_path.parent / SOURCES.filename
    if local.is_file() and local.resolve() != bundled.resolve():
        return [bundled, local]
    return [bundled]


def _read_memo(file: Path, schema: TableSchema, source_files: list[Path] | None) -> pd.DataFrame:
    """The validated table, from the memo when no file involved changed (not a copy)."""
    if not file.is_file() or any(not f.is_file() for f in source_files or []):
        known = None if source_files is None else _ids(source_files)
        return read_table(file, schema, known)  # raises the clear file-level error
    key = (schema.name, _stamp(file), tuple(_stamp(f) for f in source_files or []))
    frame = _MEMO.get(key)
    if frame is None:
        known = None if source_files is None else _ids(source_files)
        frame = read_table(file, schema, known)
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[key] = frame
    return frame


def _ids(source_files: list[Path]) -> set[str]:
    ids: set[str] = set()
    for f in source_files:
        ids |= set(_read_memo(f, SOURCES, None)["source_id"])
    return ids


def known_source_ids(table_path: Path) -> set[str]:
    """Bundled source ids plus those of a sources.csv next to ``table_path`` (if any)."""
    return _ids(_source_files(Path(table_path)))


def load_table(name: str, *, path: Path | str | None = None) -> pd.DataFrame:
    """Read and validate table ``name`` (see :data:`forecasting.data.tables.TABLES`); a copy
    of the memoised frame when the files are unchanged since the last read."""
    if name not in TABLES:
        raise DataValidationError(f"unknown table {name!r}; known tables: {', '.join(TABLES)}")
    schema = TABLES[name]
    file = resolve_path(schema, path)
    sources = None if name == "sources" else _source_files(file)
    return _read_memo(file, schema, sources).copy(deep=True)


def parse_as_of(as_of: object) -> pd.Timestamp | None:
    """``as_of`` as a naive Timestamp (None stays None); a clear DataValidationError for a
    number (``as_of=2020`` would be read as nanoseconds since 1970), a timezone-aware value,
    an ambiguous day/month string ('01/05/2020') or anything that is not a date
    (:func:`forecasting.validation_args.as_of_timestamp`)."""
    return as_of_timestamp(as_of)


def apply_as_of(
    frame: pd.DataFrame,
    as_of: object,
    period_end: str = "period_end",
    published: str | None = "published_date",
) -> pd.DataFrame:
    """Rows known at ``as_of``: period end <= as_of and (where present) published date <= as_of.

    Both comparisons are inclusive, so as_of equal to a period end keeps that period.
    """
    ts = parse_as_of(as_of)
    if ts is None:
        return frame
    keep = frame[period_end] <= ts
    if published and published in frame.columns:
        pub = frame[published]
        keep &= pub.isna() | (pub <= ts)
    return frame.loc[keep.fillna(False).to_numpy()].reset_index(drop=True)
