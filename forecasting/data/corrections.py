"""Curation that needs judgement, as data: ``datasets/build/corrections.yml``.

Each section (one per table) is a list of entries::

    - match: {project: "Lanke industrial-grade Li2CO3 line"}   # columns == values (as text)
      set: {project_id: qh_lanke_ig_10kt, status: operating}   # new or normalised columns
      reason: "trial output in H1 2020 at design rate"          # required, reviewed

:func:`apply_corrections` applies a section to a frame of strings and returns a new frame; the
input is never mutated. Every entry must match exactly one row and carry a reason, so a change in
the upstream data that breaks a correction fails loudly instead of silently skipping it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from forecasting.errors import DataValidationError


def load_corrections(path: Path | str) -> dict[str, list[dict[str, Any]]]:
    """Read corrections.yml; checks that every entry has ``set`` (or is a source) and a reason."""
    import yaml

    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DataValidationError(f"{p}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise DataValidationError(f"{p}: expected a mapping of table name -> list of entries")
    for section, entries in data.items():
        for i, entry in enumerate(entries or []):
            where = f"{p}, section '{section}', entry {i + 1}"
            if not isinstance(entry, dict) or not ({"set", "add"} & set(entry)):
                raise DataValidationError(
                    f"{where}: expected keys 'match'/'set' (or 'add') and 'reason'"
                )
            if not str(entry.get("reason", "")).strip():
                raise DataValidationError(f"{where}: every correction needs a non-empty 'reason'")
    return data


def apply_corrections(
    frame: pd.DataFrame, entries: list[dict[str, Any]], section: str = "corrections"
) -> pd.DataFrame:
    """Return a copy of ``frame`` with each entry's ``set`` values written to its matched row.

    Matching compares the text of each ``match`` column to the value given (missing cells
    match an empty string). Raises DataValidationError if an entry matches no row or more than
    one, or names a column that does not exist.
    """
    out = frame.copy()
    for i, entry in enumerate(entries):
        where = f"corrections '{section}', entry {i + 1} ({entry.get('reason', '')[:60]!r})"
        mask = pd.Series(True, index=out.index)
        for col, value in (entry.get("match") or {}).items():
            if col not in out.columns:
                raise DataValidationError(f"{where}: match column {col!r} not in the table")
            mask &= out[col].fillna("").astype(str) == str(value)
        n = int(mask.sum())
        if n != 1:
            raise DataValidationError(f"{where}: matched {n} rows, expected exactly 1")
        for col, value in entry["set"].items():
            if col not in out.columns:
                out[col] = pd.Series([None] * len(out), index=out.index, dtype=object)
            text = str(value).lower() if isinstance(value, bool) else str(value)
            out.loc[mask, col] = None if value is None else text
    return out
