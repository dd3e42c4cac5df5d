"""Sources and the precedence rule that picks one value where sources disagree.

Precedence (:func:`preferred`), within each group of rows sharing ``key``:

1. reliability grade, best first: a row's grade is the best grade among its ``;``-separated
   sources (a figure corroborated by an A source counts as A);
2. recency: the latest published_date among the row's sources (a later edition or report
   revises an earlier one; unknown dates rank last);
3. ties: the lexically first source_id, so the choice is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from forecasting.data.registry import load_table
from forecasting.errors import DataValidationError


def load_sources(*, path: Path | str | None = None) -> pd.DataFrame:
    """Every described source: source_id, title, publisher, date, published_date, url, passage,
    licence, reliability (A-D), reliability_text, refresh_instructions, section."""
    return load_table("sources", path=path)


def source_rank(source_ids: pd.Series, sources: pd.DataFrame) -> pd.DataFrame:
    """Per row: ``grade`` (best reliability among its sources) and ``recency`` (latest date)."""
    grade = dict(zip(sources["source_id"], sources["reliability"], strict=True))
    date = dict(zip(sources["source_id"], sources["published_date"], strict=True))
    grades, dates = [], []
    for cell in source_ids:
        ids = [s.strip() for s in str(cell).split(";")]
        missing = [s for s in ids if s not in grade]
        if missing:
            raise DataValidationError(f"source_id(s) {missing} not described in sources.csv")
        grades.append(min(grade[s] for s in ids))
        known = [date[s] for s in ids if pd.notna(date[s])]
        dates.append(max(known) if known else pd.NaT)
    return pd.DataFrame(
        {"grade": grades, "recency": pd.to_datetime(pd.Series(dates, dtype=object))},
        index=source_ids.index,
    )


def preferred(
    frame: pd.DataFrame,
    key: Sequence[str] | str,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per ``key`` group, chosen by reliability, then recency, then source_id.

    The input is not modified; the result keeps the input's columns and row order of first
    appearance of each key.
    """
    key = [key] if isinstance(key, str) else list(key)
    missing = [k for k in [*key, "source_id"] if k not in frame.columns]
    if missing:
        raise DataValidationError(f"preferred(): column(s) {missing} not in the frame")
    if frame.empty:
        return frame.copy()
    src = load_sources() if sources is None else sources
    rank = source_rank(frame["source_id"], src)
    work = frame.assign(_grade=rank["grade"], _recency=rank["recency"], _pos=range(len(frame)))
    work = work.sort_values(
        ["_grade", "_recency", "source_id"],
        ascending=[True, False, True],
        na_position="last",
        kind="stable",
    )
    best = work.drop_duplicates(key, keep="first").sort_values("_pos", kind="stable")
    return best.drop(columns=["_grade", "_recency", "_pos"]).reset_index(drop=True)
