"""Read a CSV against its :class:`~forecasting.data.schema.TableSchema`, collecting every problem.

Rules, in order: the file exists, is not empty and is UTF-8 text (a UTF-8 byte-order mark is
accepted and stripped; binary files such as ``.xlsx`` are rejected); it parses as CSV; every
schema column is present; each cell matches its dtype (numbers with thousands separators such
as ``12,500`` are rejected, not guessed), is present when required, lies within min/max and in
the allowed values; the primary key is unique; period ends do not precede starts; rows are
ordered where the schema asks; every source_id is described in sources.csv.

All problems of a file are collected and raised together (first :data:`MAX_REPORTED`) as one
:class:`~forecasting.errors.DataValidationError` whose lines read like::

    datasets/qinghai_lithium_projects.csv, row 7 (line 8), column 'nameplate_t_lce_per_year':
    value '-5' breaks rule 'non-negative'

Rows are numbered from 1 for the first data row; the line is where that row starts in the file
(line 2 for row 1 unless blank lines or multi-line quoted cells come first). Files are only read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.data.schema import Field, TableSchema
from forecasting.errors import DataValidationError

MAX_REPORTED = 20
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_BINARY_MAGIC = {
    b"PK\x03\x04": "a ZIP container (e.g. .xlsx/.ods): export the sheet as CSV",
    b"\xd0\xcf\x11\xe0": "an old Excel/OLE file (.xls): export the sheet as CSV",
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
}


def display_path(path: Path | str) -> str:
    """``path`` relative to the working directory when it lies below it, else as given."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def read_csv_text(path: Path | str) -> pd.DataFrame:
    """Read ``path`` as a CSV of strings (no type guessing); empty cells become missing.

    Raises DataValidationError for a missing, empty, binary or unparseable file.
    """
    p = Path(path)
    name = display_path(p)
    if not p.is_file():
        raise DataValidationError(f"{name}: file not found (expected a CSV file)")
    raw = p.read_bytes()
    if not raw.strip():
        raise DataValidationError(f"{name}: file is empty (expected a header row and data rows)")
    for magic, what in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            raise DataValidationError(f"{name}: not a CSV text file; it is {what}")
    if b"\x00" in raw[:4096]:
        raise DataValidationError(f"{name}: not a CSV text file (binary content, NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")  # a UTF-8 byte-order mark is accepted and stripped
    except UnicodeDecodeError as exc:
        raise DataValidationError(
            f"{name}: not UTF-8 text (byte {exc.start}); save the file as UTF-8 CSV"
        ) from None
    return _parse_csv(text, name)


def _parse_csv(text: str, name: str) -> pd.DataFrame:
    """Parse CSV text; ``frame.attrs['lines']`` holds each data row's first line in the file
    (blank lines are skipped, quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text))
    records: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append((previous_end + 1, record))
            previous_end = reader.line_num
    except csv.Error as exc:
        raise DataValidationError(
            f"{name}, line {reader.line_num}: not valid CSV ({exc})"
        ) from None
    if not records:
        raise DataValidationError(f"{name}: file is empty (expected a header row)")
    header = [h.strip() for h in records[0][1]]
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise DataValidationError(f"{name}, line 1: duplicated column name(s) {dup}")
    problems = [
        f"{name}, row {i} (line {line}): {len(r)} fields, expected {len(header)} as in the header"
        for i, (line, r) in enumerate(records[1:], start=1)
        if len(r) != len(header)
    ]
    if problems:
        _raise(name, problems)
    frame = pd.DataFrame([r for _, r in records[1:]], columns=header, dtype=object)
    frame = frame.replace({"": None}).astype(object)
    frame.attrs["lines"] = [line for line, _ in records[1:]]
    return frame


def _where(name: str, lines: list[int], i: int) -> str:
    """'file, row i (line n)' for data row i (1-based)."""
    return f"{name}, row {i} (line {lines[i - 1]})"


def _raise(name: str, problems: list[str]) -> None:
    shown = problems[:MAX_REPORTED]
    more = len(problems) - len(shown)
    tail = f"\n  ... and {more} more problem(s)" if more else ""
    raise DataValidationError(f"{name}: {len(problems)} problem(s)\n  " + "\n  ".join(shown) + tail)


def _cell_error(fld: Field, raw: str) -> tuple[object, str | None]:
    """Parse one non-empty cell; return (value, broken rule or None). The slow, exact path:
    :func:`_check_column` uses it only for the cells its vectorised parse rejects."""
    s = raw.strip()
    if fld.dtype == "str":
        value: object = s
    elif fld.dtype in ("float", "int"):
        if _THOUSANDS.match(s):
            return None, "number without thousands separators (got '12,500'-style text)"
        try:
            value = float(s)
        except ValueError:
            return None, f"{fld.dtype} number"
        if not np.isfinite(value):
            return None, "finite number"
        if fld.dtype == "int":
            if value != int(value):
                return None, "whole number"
            value = int(value)
    elif fld.dtype == "bool":
        low = s.lower()
        if low not in ("true", "false"):
            return None, "boolean 'true' or 'false'"
        value = low == "true"
    else:
        pattern, fmt = (_DATE, "%Y-%m-%d") if fld.dtype == "date" else (_MONTH, "%Y-%m")
        ts = pd.to_datetime(s, format=fmt, errors="coerce") if pattern.match(s) else pd.NaT
        if pd.isna(ts):
            return None, "ISO date YYYY-MM-DD" if fld.dtype == "date" else "month YYYY-MM"
        value = ts
    return value, _range_rule(fld, value)


def _range_rule(fld: Field, value: object) -> str | None:
    if fld.allowed is not None and value not in fld.allowed:
        return "one of " + ", ".join(fld.allowed)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if fld.minimum is not None and value < fld.minimum:
            return "non-negative" if fld.minimum == 0 else f">= {fld.minimum:g}"
        if fld.maximum is not None and value > fld.maximum:
            return f"<= {fld.maximum:g}"
    return None


def _as_text(column: pd.Series) -> np.ndarray:
    """Cells as stripped text (object array), None where missing or blank."""
    out = np.empty(len(column), dtype=object)
    for i, v in enumerate(column.tolist()):
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            out[i] = None
        else:
            t = (v if isinstance(v, str) else str(v)).strip()
            out[i] = t or None
    return out


def _parse_fast(fld: Field, text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised parse of a column (one ``to_numeric``/``to_datetime`` call): (values, ok)
    where ok marks cells whose parse and range rules surely pass; the others go through the
    exact per-cell rules of :func:`_cell_error`."""
    present = np.array([t is not None for t in text], dtype=bool)
    if fld.dtype == "str":
        values, ok = text, present.copy()
    elif fld.dtype in ("float", "int"):
        values = pd.to_numeric(pd.Series(text, dtype=object), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan
        )
        commas = np.array([t is not None and "," in t for t in text], dtype=bool)
        with np.errstate(invalid="ignore"):
            ok = present & np.isfinite(values) & ~commas
            if fld.dtype == "int":
                ok &= values == np.floor(values)
    elif fld.dtype == "bool":
        low = np.array([t.lower() if t is not None else "" for t in text], dtype=object)
        values, ok = low == "true", (low == "true") | (low == "false")
    else:
        pattern, fmt = (_DATE, "%Y-%m-%d") if fld.dtype == "date" else (_MONTH, "%Y-%m")
        matched = np.array([t is not None and bool(pattern.match(t)) for t in text], dtype=bool)
        parsed = pd.to_datetime(
            pd.Series(np.where(matched, text, None), dtype=object), format=fmt, errors="coerce"
        )
        values, ok = parsed, matched & parsed.notna().to_numpy()
    if fld.allowed is not None:
        allowed = set(fld.allowed)
        ok &= np.array([v in allowed for v in values], dtype=bool)
    if fld.dtype in ("float", "int"):
        with np.errstate(invalid="ignore"):
            if fld.minimum is not None:
                ok &= values >= fld.minimum
            if fld.maximum is not None:
                ok &= values <= fld.maximum
    return values, ok


def _typed(fld: Field, values, valid: np.ndarray) -> pd.Series:
    """The typed column from parsed values; invalid and missing cells are missing."""
    if fld.dtype == "float":
        return pd.Series(np.where(valid, values, np.nan), dtype="float64")
    if fld.dtype == "int":
        return pd.Series(
            [v if ok else None for v, ok in zip(values, valid, strict=True)], dtype="Int64"
        )
    if fld.dtype == "bool":
        return pd.Series(np.asarray(values, dtype=bool) & valid, dtype="bool")
    if fld.dtype in ("date", "month"):
        out = pd.to_datetime(pd.Series(values).where(valid), errors="coerce")
        return out + pd.offsets.MonthEnd(0) if fld.dtype == "month" else out
    return pd.Series(np.where(valid, values, None), dtype="str")


def _check_column(
    fld: Field, column: pd.Series, name: str, lines: list[int], problems: list[str]
) -> pd.Series:
    """Check and type one column: one vectorised parse, the exact per-cell rules only for the
    cells it rejects (so messages are the same as a cell-by-cell check)."""
    text = _as_text(column)
    values, ok = _parse_fast(fld, text)
    missing = np.array([t is None for t in text], dtype=bool)
    must_have = fld.required or fld.dtype == "bool"
    todo = ~ok & (~missing | must_have)
    if todo.any() and fld.dtype in ("float", "int", "date", "month"):
        values = np.array(values, dtype=object) if fld.dtype in ("float", "int") else values
    for i in np.flatnonzero(todo):
        where = f"{_where(name, lines, i + 1)}, column '{fld.name}'"
        if missing[i]:
            problems.append(f"{where}: value missing, breaks rule 'required'")
            continue
        raw = column.iloc[i]
        raw = raw if isinstance(raw, str) else str(raw)
        value, rule = _cell_error(fld, raw)
        if rule:
            problems.append(f"{where}: value '{raw}' breaks rule '{rule}'")
            continue
        if isinstance(values, pd.Series):
            values.iloc[i] = value
        else:
            values[i] = value  # accepted by the exact rules
        ok[i] = True
    if fld.dtype in ("float", "int"):
        values = np.array(values, dtype="float64")
    return _typed(fld, values, ok)


def _check_cells(
    frame: pd.DataFrame, schema: TableSchema, name: str, lines: list[int], problems: list[str]
):
    typed = {
        fld.name: _check_column(fld, frame[fld.name], name, lines, problems)
        for fld in schema.fields
    }
    return pd.DataFrame(typed)


def _check_table_rules(
    typed: pd.DataFrame, schema: TableSchema, name: str, lines: list[int], problems: list[str]
):
    key = list(schema.primary_key)
    dup = typed.duplicated(key, keep="first")
    for i in np.flatnonzero(dup.to_numpy()):
        vals = ", ".join(f"{k}={typed[k].iloc[i]!s}" for k in key)
        problems.append(
            f"{_where(name, lines, i + 1)}, columns {key}: duplicated key ({vals}), "
            "breaks rule 'unique primary key'"
        )
    for start, end in schema.period_pairs:
        bad = typed[end] < typed[start]
        for i in np.flatnonzero(bad.fillna(False).to_numpy()):
            problems.append(
                f"{_where(name, lines, i + 1)}, column '{end}': period end before "
                f"'{start}', breaks rule 'period end >= period start'"
            )
    for column, key_column in schema.self_references:
        keys = set(typed[key_column].dropna())
        for i, value in enumerate(typed[column].tolist(), start=1):
            if isinstance(value, str) and value not in keys:
                problems.append(
                    f"{_where(name, lines, i)}, column '{column}': value '{value}' breaks rule "
                    f"'refers to an existing {key_column}'"
                )
    if schema.ordered_by:
        cols = list(schema.ordered_by)
        rows = list(typed[cols].itertuples(index=False, name=None))
        for i in range(1, len(rows)):
            if any(pd.isna(v) for v in rows[i] + rows[i - 1]):
                continue
            if rows[i] < rows[i - 1]:
                problems.append(
                    f"{_where(name, lines, i + 1)}, columns {cols}: out of order, "
                    f"breaks rule 'rows sorted by {', '.join(cols)}'"
                )
                break


def check_source_ids(
    typed: pd.DataFrame,
    column: str,
    known: Iterable[str],
    name: str,
    problems: list[str],
    lines: list[int] | None = None,
) -> None:
    """Every ``;``-separated id in ``column`` must be in ``known``."""
    known_set = set(known)
    lines = lines or list(range(2, len(typed) + 2))
    for i, cell in enumerate(typed[column].tolist(), start=1):
        if not isinstance(cell, str):
            continue
        for sid in (s.strip() for s in cell.split(";")):
            if sid not in known_set:
                problems.append(
                    f"{_where(name, lines, i)}, column '{column}': value '{sid}' breaks "
                    "rule 'source_id described in sources.csv'"
                )


def _add_later_columns(frame: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """A user's file in an older layout lacks the columns added since (``Field.added_later``):
    they are read as empty (bool: false) instead of failing; the input is not modified."""
    absent = [f for f in schema.fields if f.added_later and f.name not in frame.columns]
    if not absent:
        return frame
    out = frame.copy()
    for f in absent:
        out[f.name] = "false" if f.dtype == "bool" else None
    out.attrs = dict(frame.attrs)
    return out


def validate_frame(
    frame: pd.DataFrame,
    schema: TableSchema,
    name: str,
    known_sources: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Check a frame of strings against ``schema``; return it typed, or raise with all problems.

    ``name`` is how the data are named in messages (usually the file path). Columns beyond the
    schema are kept as strings (users may add their own).
    """
    frame = _add_later_columns(frame, schema)
    missing = [c for c in schema.field_names() if c not in frame.columns]
    if missing:
        raise DataValidationError(
            f"{name}: missing column(s) {missing}; table '{schema.name}' expects columns "
            f"{schema.field_names()}"
        )
    if frame.empty:
        raise DataValidationError(f"{name}: no data rows (table '{schema.name}')")
    lines = list(frame.attrs.get("lines") or range(2, len(frame) + 2))
    frame = frame.reset_index(drop=True)
    frame.attrs = {}  # a copy: attrs (the line list) would be deep-copied by every operation
    problems: list[str] = []
    typed = _check_cells(frame, schema, name, lines, problems)
    _check_table_rules(typed, schema, name, lines, problems)
    if known_sources is not None and schema.source_column in typed:
        check_source_ids(typed, schema.source_column, known_sources, name, problems, lines)
    if problems:
        _raise(name, problems)
    extra = [c for c in frame.columns if c not in typed.columns]
    for c in extra:
        typed[c] = frame[c].astype("str")
    return typed


def read_table(
    path: Path | str, schema: TableSchema, known_sources: Iterable[str] | None = None
) -> pd.DataFrame:
    """Read and validate one CSV file; returns the typed frame (the file is never modified)."""
    frame = read_csv_text(path)
    return validate_frame(frame, schema, display_path(path), known_sources)
