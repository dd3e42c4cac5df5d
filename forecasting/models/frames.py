"""Validation of the long input frame ``unique_id, ds, y`` and per-series extraction.

Every problem raises :class:`~forecasting.errors.ModelError` naming the series, column and value,
never a pandas traceback. Gaps are gaps: a missing period (or a NaN ``y``) becomes NaN in the
model's input, which the models cope with; a timestamp off the frequency's grid (e.g. mid-month
for ``ME``) is an irregular date and an error.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecasting.errors import ModelError
from forecasting.models.base import season_length

REQUIRED = ("unique_id", "ds", "y")


@dataclass(frozen=True)
class Series:
    """One validated series: values in the unit of ``y``, ``end`` its last timestamp."""

    unique_id: str
    y: np.ndarray
    end: pd.Timestamp


def check_horizon(h: object) -> int:
    """``h`` must be an integer >= 1 (number of future periods)."""
    if isinstance(h, bool) or not isinstance(h, int | np.integer) or h < 1:
        raise ModelError(f"horizon h must be an integer >= 1; got {h!r}")
    return int(h)


def validate_frame(df: pd.DataFrame, freq: str | None = None) -> tuple[list[Series], str]:
    """Check the frame and split it into series sorted by ``unique_id``; infer ``freq``."""
    if not isinstance(df, pd.DataFrame):
        raise ModelError(f"expected a pandas DataFrame with columns {list(REQUIRED)}")
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ModelError(f"input frame lacks columns {missing}; expected {list(REQUIRED)}")
    if df.empty:
        raise ModelError("input frame is empty: no rows of unique_id, ds, y")
    frame = df.loc[:, list(REQUIRED)].copy()
    frame["unique_id"] = frame["unique_id"].astype(str)
    frame["ds"] = _to_datetime(frame)
    frame["y"] = _to_float(frame)
    dup = frame.duplicated(["unique_id", "ds"], keep=False)
    if dup.any():
        row = frame[dup].iloc[0]
        raise ModelError(
            f"series {row['unique_id']!r} has duplicated timestamps (ds={row['ds'].date()}); "
            "expected one row per unique_id and ds"
        )
    frame = frame.sort_values(["unique_id", "ds"], kind="stable")
    groups = [(uid, g) for uid, g in frame.groupby("unique_id", sort=True)]
    season_length(freq or "YE")  # a bad user alias fails here, naming itself
    freq = _normalise(freq) if freq else _infer_freq(groups)
    season_length(freq)
    out = []
    for uid, g in groups:
        full = _regularise(uid, g, freq)
        out.append(Series(str(uid), full["y"].to_numpy(dtype=float), full["ds"].iloc[-1]))
    return out, freq


def _to_datetime(frame: pd.DataFrame) -> pd.Series:
    ds = frame["ds"]
    if pd.api.types.is_datetime64_any_dtype(ds):
        bad = ds.isna()
    else:
        parsed = pd.to_datetime(ds, errors="coerce")
        bad = parsed.isna()
        ds = parsed
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise ModelError(
            f"column 'ds' row {i} (series {frame['unique_id'].iloc[i]!r}) is not a timestamp: "
            f"{frame['ds'].iloc[i]!r}"
        )
    return ds


def _to_float(frame: pd.DataFrame) -> pd.Series:
    y = frame["y"]
    if pd.api.types.is_bool_dtype(y):
        raise ModelError("column 'y' is boolean; expected numbers")
    num = pd.to_numeric(y, errors="coerce")
    bad = num.isna() & y.notna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise ModelError(
            f"column 'y' row {i} (series {frame['unique_id'].iloc[i]!r}) is not numeric: "
            f"{y.iloc[i]!r}"
        )
    num = num.astype(float)
    if np.isinf(num.to_numpy()).any():
        i = int(np.flatnonzero(np.isinf(num.to_numpy()))[0])
        raise ModelError(f"column 'y' row {i} (series {frame['unique_id'].iloc[i]!r}) is infinite")
    return num


#: Aliases tried, coarsest first, for a series whose periods are not all present.
CANDIDATE_FREQS = ("YE", "YS", "QE", "QS", "ME", "MS", "W", "D")


def _normalise(freq: str) -> str:
    return pd.tseries.frequencies.to_offset(freq).freqstr


def _series_freq(ds: pd.DatetimeIndex) -> str | None:
    """pandas' inferred alias; else the coarsest alias that every timestamp lies on and whose
    most common spacing is one period (a series with missing periods); else None."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = pd.infer_freq(ds) if len(ds) >= 3 else None
    if found is not None:
        return _normalise(getattr(found, "freqstr", found))
    for alias in CANDIDATE_FREQS:
        offset = pd.tseries.frequencies.to_offset(alias)
        if not all(offset.is_on_offset(t) for t in ds):
            continue
        steps = np.diff(pd.date_range(ds[0], ds[-1], freq=alias).get_indexer(ds))
        values, counts = np.unique(steps, return_counts=True)
        if values[np.argmax(counts)] == 1:
            return _normalise(alias)
    return None


def _infer_freq(groups: list) -> str:
    """The one alias shared by every series whose frequency can be told (missing periods are
    allowed); series with fewer than 3 rows or too sparse to tell follow the others."""
    found: dict[str, str] = {}
    for uid, g in groups:
        if len(g) >= 3 and (f := _series_freq(pd.DatetimeIndex(g["ds"]))) is not None:
            found.setdefault(f, uid)
    if not found:
        uid = next((u for u, g in groups if len(g) >= 3), None)
        if uid is None:
            raise ModelError("cannot infer the frequency from fewer than 3 timestamps; pass freq=")
        raise ModelError(
            f"series {uid!r} has irregular dates (no pandas frequency fits); give one row per "
            "period end or pass freq="
        )
    if len(found) > 1:
        raise ModelError(f"series have different frequencies {found}; forecast them separately")
    return next(iter(found))


def _regularise(uid: str, g: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Rows at every period from the first to the last timestamp; missing periods get NaN y.

    A timestamp that is not on the frequency's grid is an irregular date (ModelError).
    """
    offset = pd.tseries.frequencies.to_offset(freq)
    off_grid = [t for t in g["ds"] if not offset.is_on_offset(t)]
    if off_grid:
        raise ModelError(
            f"series {uid!r} has irregular dates for frequency {freq}: {off_grid[0].date()} is "
            "not a period end; give one row per period (NaN y for gaps)"
        )
    grid = pd.date_range(g["ds"].iloc[0], g["ds"].iloc[-1], freq=freq)
    return g.set_index("ds").reindex(grid).rename_axis("ds").reset_index()


def future_dates(end: pd.Timestamp, h: int, freq: str) -> pd.DatetimeIndex:
    """The ``h`` period-end timestamps after ``end``."""
    return pd.date_range(end, periods=h + 1, freq=freq)[1:]


def series_seed(seed: int, unique_id: str) -> int:
    """A stable 63-bit seed from (seed, unique_id): sha256, not Python's salted ``hash``."""
    digest = hashlib.sha256(f"{int(seed)}\x1f{unique_id}".encode()).digest()
    return int.from_bytes(digest[:8], "little") >> 1


def data_hash(series: Series, freq: str) -> str:
    """Hash of one series' values, last timestamp and frequency."""
    h = hashlib.sha256(np.ascontiguousarray(series.y, dtype="<f8").tobytes())
    h.update(f"{series.unique_id}|{series.end.isoformat()}|{freq}".encode())
    return h.hexdigest()
