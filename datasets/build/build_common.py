"""Helpers shared by the build scripts: text-only CSV reading, strict renames, dates, writing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read_text_csv(path: Path) -> pd.DataFrame:
    """Read an upstream CSV with every cell as text; empty cells become None."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame.astype(object).where(frame != "", None)


def rename_strict(frame: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Rename columns; a missing source column is an error (renames fail loudly)."""
    return frame.rename(columns=mapping, errors="raise")


def published_dates(source_ids: pd.Series, sources: pd.DataFrame) -> pd.Series:
    """Earliest published_date among each row's ';'-separated source_ids (None if none known)."""
    lookup = dict(zip(sources["source_id"], sources["published_date"], strict=True))
    out = []
    for cell in source_ids:
        dates = [lookup.get(s.strip()) for s in str(cell).split(";")]
        dates = [d for d in dates if isinstance(d, str) and d]
        out.append(min(dates) if dates else None)
    return pd.Series(out, index=source_ids.index, dtype=object)


def month_bounds(month: pd.Series) -> tuple[pd.Series, pd.Series]:
    """'YYYY-MM' -> (first day, last day) as ISO text."""
    start = pd.to_datetime(month, format="%Y-%m")
    end = start + pd.offsets.MonthEnd(0)
    return start.dt.strftime("%Y-%m-%d"), end.dt.strftime("%Y-%m-%d")


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write a curated CSV: UTF-8, '\\n' line ends, empty cells for missing values."""
    frame.to_csv(path, index=False, lineterminator="\n")
