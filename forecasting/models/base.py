"""The model interface every forecaster implements, plus shared helpers.

A model is configured in its constructor and named by ``alias``. ``fit(y, freq)`` returns a
*fitted copy* (the configured object is never mutated), which answers:

* ``point(h)``: the point forecast, shape ``(h,)``, in the unit of ``y``;
* ``sample(h, n_paths, rng)``: simulated futures, shape ``(n_paths, h)``, same unit;
* ``predict(h, level, n_paths, seed)``: ``{"mean", "lo_<l>", "hi_<l>"}`` where the bounds are the
  ``(50 - l/2)`` and ``(50 + l/2)`` percentiles of ``sample`` and ``mean`` is ``point``;
  nesting ``lo_95 <= lo_80 <= mean <= hi_80 <= hi_95`` is enforced by :func:`paths_to_intervals`.

Gaps and constant series are handled here once for every model: leading NaNs are dropped,
interior NaNs are linearly interpolated in the model's private working copy, trailing NaNs
extend the horizon (the forecast still starts after the last timestamp of the frame), and a
constant series is forecast as that constant with zero-width intervals.
"""

from __future__ import annotations

import copy
import functools
import inspect
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from forecasting.errors import ModelError

#: Fewest observed values any model accepts: two one-step changes, so a spread is estimated
#: from more than one number (a single change is no evidence about its own variability).
MIN_OBSERVED = 3

#: Seasonal period of each supported pandas frequency family (observations per year / week).
SEASON_LENGTH = {"Y": 1, "A": 1, "Q": 4, "M": 12, "W": 52, "D": 7, "B": 5, "H": 24, "h": 24}


@functools.lru_cache(maxsize=256)
def season_length(freq: str) -> int:
    """Observations per seasonal cycle of a pandas alias: ``YE`` -> 1, ``QE`` -> 4, ``ME`` -> 12."""
    try:
        name = pd.tseries.frequencies.to_offset(freq).freqstr.lstrip("0123456789")
    except (ValueError, TypeError) as exc:
        raise ModelError(
            f"unknown frequency {freq!r}; expected a pandas alias such as YE, QE, ME"
        ) from exc
    key = name[:1] if name[:1] != "h" else "h"
    if key not in SEASON_LENGTH:
        raise ModelError(
            f"frequency {freq!r} is not supported; use YE, QE, ME, W, D or h"
        ) from None
    return SEASON_LENGTH[key]


def paths_to_intervals(
    point: np.ndarray, paths: np.ndarray, level: Sequence[float]
) -> dict[str, np.ndarray]:
    """Intervals as percentiles of ``paths`` (shape ``(n_paths, h)``) around ``point``.

    ``lo_l = min(percentile(paths, 50 - l/2), point)`` and ``hi_l`` symmetric, then widened so a
    higher level always contains a lower one: ``lo_95 <= lo_80 <= mean <= hi_80 <= hi_95``.
    """
    out: dict[str, np.ndarray] = {"mean": np.asarray(point, dtype=float)}
    lo_prev = hi_prev = out["mean"]
    for lv in sorted(check_levels(level)):
        lo = np.percentile(paths, 50 - lv / 2, axis=0, method="linear")
        hi = np.percentile(paths, 50 + lv / 2, axis=0, method="linear")
        lo_prev = np.minimum(lo, lo_prev)
        hi_prev = np.maximum(hi, hi_prev)
        out[f"lo_{_fmt(lv)}"], out[f"hi_{_fmt(lv)}"] = lo_prev, hi_prev
    return out


def _fmt(level: float) -> str:
    return str(int(level)) if float(level).is_integer() else str(level)


def check_levels(level: Sequence[float]) -> list[float]:
    """Validate interval levels: numbers strictly inside (0, 100), no duplicates."""
    if isinstance(level, str | bytes):
        raise ModelError(
            f"level must be a number or a sequence of numbers in (0, 100), e.g. level=(80, 95); "
            f"got the text {level!r}"
        )
    levels = [level] if isinstance(level, int | float) else list(level)
    for lv in levels:
        if not isinstance(lv, int | float) or not 0 < lv < 100:
            raise ModelError(f"level {lv!r} is outside (0, 100); give e.g. level=(80, 95)")
    if len(set(levels)) != len(levels):
        raise ModelError(f"duplicate interval levels in {levels}")
    return [float(lv) for lv in levels]


def n_observed(y: np.ndarray) -> int:
    """Number of observed (finite) values of ``y``; NaN gaps do not count."""
    return int(np.isfinite(np.asarray(y, dtype=float)).sum())


def clean_series(y: np.ndarray) -> tuple[np.ndarray, int]:
    """Drop leading NaNs, count trailing NaNs, interpolate interior NaNs linearly.

    Returns ``(values, n_trailing_nan)``; the input array is not modified.
    """
    arr = np.asarray(y, dtype=float)
    ok = np.flatnonzero(np.isfinite(arr))
    if ok.size == 0:
        return arr[:0], 0
    trailing = arr.size - 1 - ok[-1]
    arr = arr[ok[0] : ok[-1] + 1].copy()
    bad = ~np.isfinite(arr)
    if bad.any():
        idx = np.arange(arr.size)
        arr[bad] = np.interp(idx[bad], idx[~bad], arr[~bad])
    return arr, int(trailing)


class Model:
    """Base class: configure in ``__init__``, then ``fit`` -> fitted copy -> ``point``/``sample``.

    Subclasses implement ``_fit(y, m)`` (``y`` clean, finite, non-constant; ``m`` the season
    length), ``_point(h)`` and ``_sample(h, n_paths, rng)`` and set ``default_alias`` and
    ``min_length(m)`` (the exact minimum number of observations the model accepts).
    """

    default_alias = "model"

    def __init__(self, alias: str | None = None) -> None:
        self.alias = alias or self.default_alias
        self.fitted = False

    # -- configuration -------------------------------------------------------------------------
    def min_length(self, m: int) -> int:
        """Minimum number of observed (non-NaN) values for season length ``m``: by default 3,
        two one-step changes to estimate a spread from (interpolated gaps do not count)."""
        return MIN_OBSERVED

    def config(self) -> dict[str, Any]:
        """Constructor arguments and class name: what the cache key and repr are built from."""
        params = inspect.signature(type(self).__init__).parameters
        cfg = {k: getattr(self, k, None) for k in params if k != "self"}
        cfg["alias"] = self.alias
        return {"class": type(self).__name__, **{k: _plain(v) for k, v in cfg.items()}}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items() if k != "class")
        return f"{type(self).__name__}({args})"

    # -- fitting and forecasting ---------------------------------------------------------------
    def fit(self, y: np.ndarray, freq: str = "YE", *, end: pd.Timestamp | None = None) -> Model:
        """Fit on ``y`` (1-D, equally spaced, unit of the series); return a fitted copy.

        ``end`` is the timestamp of the last row (used only by calendar-aware models).
        """
        m = season_length(freq)
        values, trailing = clean_series(y)
        need, n_obs = self.min_length(m), n_observed(y)
        if n_obs < need:
            raise ModelError(
                f"model {self.alias!r} needs at least {need} observed (non-NaN) values at "
                f"frequency {freq}; got {n_obs}"
            )
        fitted = copy.copy(self)
        fitted.fitted, fitted._m, fitted._freq, fitted._offset = True, m, freq, trailing
        fitted._y, fitted._end = values, end
        raw = np.asarray(y, dtype=float)
        first = int(np.argmax(np.isfinite(raw))) if values.size else 0
        fitted._observed = np.isfinite(raw[first : first + values.size])  # False = interpolated
        fitted._constant = bool(np.ptp(values) == 0.0)
        if not fitted._constant:
            fitted._fit(values, m)
        return fitted

    def _require_fitted(self) -> None:
        if not getattr(self, "fitted", False):
            raise ModelError(f"model {self.alias!r} is not fitted; call fit(y, freq) first")

    def point(self, h: int) -> np.ndarray:
        """Point forecast for steps 1..h after the last row, shape ``(h,)``."""
        self._require_fitted()
        k = self._offset
        if self._constant:
            return np.full(h, self._y[-1])
        return np.asarray(self._point(h + k), dtype=float)[k:]

    def sample(self, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        """Simulated futures for steps 1..h, shape ``(n_paths, h)``."""
        self._require_fitted()
        k = self._offset
        if self._constant:
            return np.full((n_paths, h), self._y[-1])
        paths = np.asarray(self._sample(h + k, n_paths, rng), dtype=float)[:, k:]
        return np.where(np.isfinite(paths), paths, self.point(h)[None, :])

    def label(self, h: int) -> str:
        """What produced a forecast of horizon ``h`` (the Forecast ``model`` column)."""
        return self.alias

    def level_bounds(self) -> tuple[float, float]:
        """Hard ``(lower, upper)`` limits of the level (unit of y) that calibration must respect.

        Unbounded by default; saturating growth models return ``(0, largest possible cap)``.
        """
        return (-np.inf, np.inf)

    def to_unbounded(self, values: np.ndarray) -> np.ndarray:
        """Map levels (unit of y) to the space where the model's uncertainty is additive.

        Identity by default. Backtest calibration rescales deviations from the point forecast
        in this space (:meth:`from_unbounded` maps back), so a bounded model (growth curves:
        ``logit(y / cap)``) is widened where its noise lives instead of piling mass at a bound.
        A 2-D ``(n_paths, h)`` array is read as the paths of the latest :meth:`sample` call.
        """
        return np.asarray(values, dtype=float)

    def unbounded_centre(self, point: np.ndarray) -> np.ndarray:
        """What calibration rescales deviations around, in the unbounded space, broadcastable
        to the latest paths: by default the point forecast, ``to_unbounded(point)[None, :]``."""
        return self.to_unbounded(np.asarray(point, dtype=float))[None, :]

    def from_unbounded(self, x: np.ndarray) -> np.ndarray:
        """Inverse of :meth:`to_unbounded` (identity by default), back in the unit of y."""
        return np.asarray(x, dtype=float)

    def predict(
        self, h: int, level: Sequence[float] = (80, 95), n_paths: int = 1000, seed: int = 0
    ) -> dict[str, np.ndarray]:
        """Point forecast and percentile intervals of ``sample`` drawn with ``seed``."""
        paths = self.sample(h, n_paths, np.random.default_rng(seed))
        return paths_to_intervals(self.point(h), paths, level)

    # -- to implement --------------------------------------------------------------------------
    def _fit(self, y: np.ndarray, m: int) -> None:
        raise NotImplementedError

    def _point(self, h: int) -> np.ndarray:
        raise NotImplementedError

    def _sample(self, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError


def _plain(value: Any) -> Any:
    """A JSON-friendly, deterministic rendering of a configuration value."""
    if isinstance(value, Model):
        return value.config()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float | int | str | bool) or value is None:
        return value
    if hasattr(value, "dist") and hasattr(value, "args"):  # scipy frozen distribution
        return {"dist": value.dist.name, "args": list(value.args), "kwds": dict(value.kwds)}
    return repr(value)


def gaussian_walk(
    sigma: float, h: int, n_paths: int, rng: np.random.Generator, alpha: float = 1.0
) -> np.ndarray:
    """Deviations of an SES-type process: ``d_k = e_k + alpha * sum_{j<k} e_j``, ``e ~ N(0, s^2)``.

    ``alpha = 1`` gives a random walk (variance ``k * s^2``); the variance is
    ``s^2 * (1 + (k - 1) * alpha^2)``.
    """
    e = rng.standard_normal((n_paths, h)) * sigma
    cum = np.cumsum(e, axis=1)
    prev = np.concatenate([np.zeros((n_paths, 1)), cum[:, :-1]], axis=1)
    return e + alpha * prev
