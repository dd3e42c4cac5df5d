"""Argument checks shared by the public API: clear errors instead of raw pandas/numpy ones.

Each check raises the caller's error class (default :class:`ModelError`) with the argument's name,
the value given and what is expected; nothing here touches data files.

* :func:`check_seed` -- ``seed="abc"`` would fail inside ``int()``; ``seed=-1`` inside numpy.
* :func:`check_horizon_fits` -- ``h=10**6`` yearly periods run past pandas' last timestamp
  (2262-04-11) and ``h * n_paths`` floats past memory.
* :func:`check_ambiguous_dates` -- ``'01/05/2020'`` is 1 May or 5 January; pandas picks one
  without a word, so a column where no value tells the order apart is refused.
* :func:`as_of_timestamp` -- ``as_of=2020`` (an int is read as nanoseconds since 1970) and a
  timezone-aware ``as_of`` (the data's dates are naive calendar dates) are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from forecasting.errors import DataValidationError, ForecastingError, ModelError

#: Largest ``h * n_paths`` of one series' simulated paths (float64: 8 bytes each, 800 MB).
MAX_PATH_VALUES = 100_000_000
_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T].*)?$")


def check_seed(seed: object, error: type[ForecastingError] = ModelError) -> int:
    """``seed`` as a non-negative int (numpy integers accepted; bool, float and str refused)."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or int(seed) < 0:
        raise error(f"seed must be a non-negative integer (e.g. seed=0); got {seed!r}")
    return int(seed)


def check_horizon_fits(
    h: int, last_timestamps: Iterable[pd.Timestamp], freq: str, n_paths: int
) -> None:
    """``h`` periods after the latest timestamp stay within pandas' dates and memory."""
    values = int(h) * int(n_paths)
    if values > MAX_PATH_VALUES:
        raise ModelError(
            f"h={h} with n_paths={n_paths} asks for {values:,} simulated values per series "
            f"(limit {MAX_PATH_VALUES:,}, {MAX_PATH_VALUES * 8 // 10**6} MB): lower h or n_paths"
        )
    end = max(last_timestamps)
    try:
        last = pd.date_range(end, periods=int(h) + 1, freq=freq)[-1]
    except (pd.errors.OutOfBoundsDatetime, OverflowError, ValueError):
        last = None
    if last is None or pd.isna(last):
        raise ModelError(
            f"h={h} periods of {freq} after {end.date()} run past the last date pandas can "
            f"represent ({pd.Timestamp.max.date()}): lower h"
        )


def _day_month(values: Sequence[object]) -> list[tuple[int, int]]:
    out = []
    for v in values:
        m = _DMY.match(v) if isinstance(v, str) else None
        if m:
            out.append((int(m.group(1)), int(m.group(2))))
    return out


def check_ambiguous_dates(
    column: pd.Series, name: str = "ds", error: type[ForecastingError] = ModelError
) -> None:
    """Refuse text dates like ``01/05/2020`` when no value settles day-first vs month-first.

    A value with a first part above 12 (``13/05/2020``) settles day-first, a second part above
    12 settles month-first; ISO ``2020-05-01`` strings and datetime columns never reach this.
    ``name`` is the column (or, for a single value such as ``as_of``, the argument) named.
    """
    if pd.api.types.is_datetime64_any_dtype(column):
        return
    sample = column.dropna().unique()
    pairs = _day_month(sample)
    if not pairs or any(a > 12 for a, _ in pairs) or any(b > 12 for _, b in pairs):
        return
    if all(a == b for a, b in pairs):
        return
    first = next(v for v in sample if isinstance(v, str) and _DMY.match(v) and _unequal(v))
    a, b, *_ = (int(x) for x in re.split(r"[/.\-]", first.strip().split()[0]))
    if len(sample) == 1:
        head = f"{name}={first!r} is ambiguous"
    else:
        head = f"column {name!r} has dates like {first!r} that are ambiguous"
    raise error(
        f"{head}: day {a} of month {b}, or month {a} day {b}? Nothing settles the order: use "
        "ISO dates 'YYYY-MM-DD', or parse the dates yourself with "
        "pd.to_datetime(..., format='%d/%m/%Y')"
    )


def _unequal(value: str) -> bool:
    (a, b), *_ = _day_month([value])
    return a != b


def as_of_timestamp(as_of: object) -> pd.Timestamp | None:
    """``as_of`` as a naive Timestamp (None stays None); :class:`DataValidationError` when it is
    a number, timezone-aware, an ambiguous day/month string or not a date."""
    if as_of is None:
        return None
    hint = "expected a date such as '2023-12-31'"
    if isinstance(as_of, bool | int | float | np.number):
        raise DataValidationError(
            f"as_of={as_of!r} is a number, not a date ({hint}; a year alone is ambiguous: "
            f"'{as_of}-12-31' is its last day)"
        )
    if isinstance(as_of, str):
        check_ambiguous_dates(pd.Series([as_of]), "as_of", DataValidationError)
    try:
        ts = pd.Timestamp(as_of)
    except (ValueError, TypeError, OverflowError):
        raise DataValidationError(f"as_of={as_of!r} is not a date ({hint})") from None
    if pd.isna(ts):
        raise DataValidationError(f"as_of={as_of!r} is not a date ({hint})")
    if ts.tzinfo is not None:
        raise DataValidationError(
            f"as_of={as_of!r} is timezone-aware; the data's dates are calendar dates without a "
            "time zone: pass as_of.tz_localize(None) or a plain date such as '2023-12-31'"
        )
    return ts


def check_forecast_args(df: object, seed: object) -> None:
    """The checks :func:`forecasting.forecast` runs before reading the frame: the seed, and
    text dates in ``ds`` whose day/month order is ambiguous."""
    check_seed(seed)
    if isinstance(df, pd.DataFrame) and "ds" in df.columns:
        check_ambiguous_dates(df["ds"])
