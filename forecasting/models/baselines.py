"""Baseline forecasters: naive, seasonal naive, drift and Naive2.

Residual scale ``s`` is the root mean square of the one-step in-sample errors of each method;
paths add Gaussian noise with the textbook variance (Hyndman & Athanasopoulos, FPP3 5.5):

* naive:          ``yhat_{T+k} = y_T``;                      ``Var = k s^2``
* seasonal naive: ``yhat_{T+k} = y_{T+k-m(floor((k-1)/m)+1)}``; ``Var = (floor((k-1)/m)+1) s^2``
* drift:          ``yhat_{T+k} = y_T + k (y_T - y_1)/(T-1)``;  ``Var = k s^2 (1 + k/(T-1))``
* Naive2:         naive on the seasonally adjusted series (classical multiplicative
  decomposition, used only when the lag-m autocorrelation is significant at 90%), reseasonalised.
"""

from __future__ import annotations

import numpy as np

from forecasting.models.base import MIN_OBSERVED, Model, gaussian_walk

#: Two-sided 90% normal quantile used by the M4 seasonality test.
Z_90 = 1.645


def _rms(x: np.ndarray) -> float:
    x = x[np.isfinite(x)]
    return float(np.sqrt(np.mean(x**2))) if x.size else 0.0


class Naive(Model):
    """Random walk: the last value carried forward."""

    default_alias = "naive"

    def min_length(self, m: int) -> int:
        return MIN_OBSERVED

    def _fit(self, y: np.ndarray, m: int) -> None:
        self._last = y[-1]
        self._sigma = _rms(np.diff(y))

    def _point(self, h: int) -> np.ndarray:
        return np.full(h, self._last)

    def _sample(self, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        return self._point(h) + gaussian_walk(self._sigma, h, n_paths, rng)


class SeasonalNaive(Model):
    """The value one season ago carried forward (naive when the frequency has no season)."""

    default_alias = "snaive"

    def min_length(self, m: int) -> int:
        return m + 2  # two seasonal changes (naive's 3 when m = 1)

    def _fit(self, y: np.ndarray, m: int) -> None:
        self._season = y[-m:]
        self._sigma = _rms(y[m:] - y[:-m])

    def _point(self, h: int) -> np.ndarray:
        m = self._season.size
        return self._season[np.arange(h) % m]

    def _sample(self, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        m = self._season.size
        e = rng.standard_normal((n_paths, h)) * self._sigma
        dev = e.copy()
        for k in range(m, h):
            dev[:, k] += dev[:, k - m]
        return self._point(h) + dev


class Drift(Model):
    """Random walk with drift: the line through the first and last observation, extended."""

    default_alias = "drift"

    def min_length(self, m: int) -> int:
        return 3

    def _fit(self, y: np.ndarray, m: int) -> None:
        self._last, self._n = y[-1], y.size
        self._slope = (y[-1] - y[0]) / (y.size - 1)
        self._sigma = _rms(np.diff(y) - self._slope)

    def _point(self, h: int) -> np.ndarray:
        return self._last + self._slope * np.arange(1, h + 1)

    def _sample(self, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        steps = np.arange(1, h + 1)
        slope_noise = rng.standard_normal((n_paths, 1)) * self._sigma / np.sqrt(self._n - 1)
        walk = gaussian_walk(self._sigma, h, n_paths, rng)
        return self._point(h) + walk + slope_noise * steps


def seasonality_test(y: np.ndarray, m: int) -> bool:
    """M4 test: lag-m autocorrelation beyond ``1.645 * sqrt((1 + 2 sum_{k<m} r_k^2) / n)``."""
    if m <= 1 or y.size < 3 * m:
        return False
    x = y - y.mean()
    denom = float(np.sum(x**2))
    if denom == 0:
        return False
    r = np.array([np.sum(x[k:] * x[:-k]) / denom for k in range(1, m + 1)])
    limit = Z_90 * np.sqrt((1 + 2 * np.sum(r[:-1] ** 2)) / y.size)
    return bool(abs(r[-1]) > limit)


def seasonal_indices(y: np.ndarray, m: int) -> np.ndarray:
    """Classical multiplicative seasonal indices (length m, mean 1) aligned to ``y[0]``.

    Ratio to a centred 2 x m moving average, averaged by season position. Requires ``y > 0``.
    """
    if m % 2 == 0:
        weights = np.r_[0.5, np.ones(m - 1), 0.5] / m
    else:
        weights = np.ones(m) / m
    trend = np.convolve(y, weights, mode="valid")
    start = (weights.size - 1) // 2
    ratio = y[start : start + trend.size] / trend
    pos = (np.arange(trend.size) + start) % m
    idx = np.array([ratio[pos == j].mean() for j in range(m)])
    return idx / idx.mean()


def deseasonalize(y: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray | None]:
    """``(adjusted, indices)``; indices is None when no significant positive seasonality."""
    if m <= 1 or np.any(y <= 0) or not seasonality_test(y, m):
        return y, None
    idx = seasonal_indices(y, m)
    return y / idx[np.arange(y.size) % m], idx


def future_indices(idx: np.ndarray | None, n: int, h: int) -> np.ndarray:
    """Seasonal indices for steps n..n+h-1 (ones when there is no seasonality)."""
    if idx is None:
        return np.ones(h)
    return idx[np.arange(n, n + h) % idx.size]


class Naive2(Model):
    """Naive on the seasonally adjusted series, reseasonalised (the M4 benchmark)."""

    default_alias = "naive2"

    def min_length(self, m: int) -> int:
        return MIN_OBSERVED

    def _fit(self, y: np.ndarray, m: int) -> None:
        adjusted, self._idx = deseasonalize(y, m)
        self._n = y.size
        self._inner = Naive().fit(adjusted, "YE")

    def _point(self, h: int) -> np.ndarray:
        return self._inner.point(h) * future_indices(self._idx, self._n, h)

    def _sample(self, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        return self._inner.sample(h, n_paths, rng) * future_indices(self._idx, self._n, h)
