"""Saturating growth curves for adoption and capacity build-out: logistic, Gompertz, Bass.

Each fits ``y_t = cap * F(t; theta)`` (t = 0, 1, ... periods, ``y`` a cumulative level such as
installed capacity or the EV fleet) by bounded least squares (scipy ``least_squares``):

* logistic: ``F = 1 / (1 + exp(-k (t - t0)))``                         (k > 0)
* Gompertz: ``F = exp(-b exp(-c t))``                                   (b > 0, c > 0)
* Bass:     ``F = (1 - exp(-(p+q) s)) / (1 + (q/p) exp(-(p+q) s))``, ``s = t + tau``
  (p innovation, q imitation, tau >= 0 periods since launch before the first observation).

``cap`` (unit of y): None -> estimated within ``[max y, CAP_MAX_FACTOR * max y]``; a float ->
fixed; ``(low, high)`` -> uniform; a scipy.stats frozen distribution -> as given. An uncertain cap
is refitted at ``N_CAP_QUANTILES`` quantiles and every path draws its own cap (values not above
the data are raised just above max y). Uncertainty is applied to the level, not only the trend:
with ``z = logit(y / cap) - logit(F)`` the in-sample residual, future ``z`` follows the fitted
AR(1) ``z_k = rho z_{k-1} + u_k`` (``u`` bootstrapped from the residual innovations), and a
path is ``cap_i * expit(logit(F) + z)``, so it always stays below its own cap. The point
forecast is the median-cap curve with the expected residual ``rho^k z_T``. Backtest calibration
(:class:`forecasting.models.auto.AutoSelect`) rescales ``z`` only: ``to_unbounded`` maps a path
to ``logit(y / cap_i)`` with its own cap (kept from the latest ``sample`` draw),
``unbounded_centre`` gives its noise-free curve ``logit F_i + rho^k z_T``, ``from_unbounded``
maps back, so a calibrated path stays strictly between 0 and its own cap.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, stats
from scipy.special import expit, logit

from forecasting.errors import ModelError
from forecasting.models.base import Model

#: Upper bound of an estimated cap, as a multiple of the largest observation.
CAP_MAX_FACTOR = 10.0
#: Quantile of an uncertain cap taken as the ceiling of calibrated paths (finite for any law).
CAP_SUPPORT_QUANTILE = 0.9999
#: Cap quantiles refitted when the cap is uncertain.
N_CAP_QUANTILES = 9
#: Shares are kept inside (EPS, 1 - EPS) before taking logits.
EPS = 1e-6


def _logistic(t, k, t0):
    return expit(k * (t - t0))


def _gompertz(t, b, c):
    return np.exp(-b * np.exp(-c * t))


def _bass(t, p, q, tau):
    e = np.exp(-(p + q) * (t + tau))
    return (1 - e) / (1 + (q / p) * e)


class _Growth(Model):
    """Shared fitting and simulation; subclasses give the curve, bounds and start values."""

    def __init__(self, cap=None, alias: str | None = None) -> None:
        super().__init__(alias)
        self.cap = cap
        self._cap_dist = _cap_distribution(cap)

    def min_length(self, m: int) -> int:
        return 5

    # curve-specific ------------------------------------------------------------------------
    def _curve(self, t, *theta):
        raise NotImplementedError

    def _bounds(self, n: int) -> tuple[list[float], list[float]]:
        raise NotImplementedError

    def _starts(self, n: int) -> list[list[float]]:
        raise NotImplementedError

    # fitting -------------------------------------------------------------------------------
    def _fit_theta(self, t: np.ndarray, y: np.ndarray, cap: float | None) -> tuple:
        """Least-squares ``(cap, theta)``; ``cap`` None means estimate it too."""
        lo, hi = self._bounds(t.size)
        ymax = float(np.max(y))
        if cap is None:
            lo, hi = [ymax * (1 + 1e-6), *lo], [ymax * CAP_MAX_FACTOR, *hi]
        best, best_cost = None, np.inf
        for start in self._starts(t.size):
            x0 = ([ymax * 1.5] if cap is None else []) + start
            x0 = np.clip(x0, np.add(lo, 1e-9), np.subtract(hi, 1e-9))

            def resid(x):
                c, th = (x[0], x[1:]) if cap is None else (cap, x)
                return (c * self._curve(t, *th) - y) / ymax

            try:
                sol = optimize.least_squares(resid, x0, bounds=(lo, hi), method="trf")
            except ValueError:
                continue
            if sol.cost < best_cost:
                best, best_cost = sol.x, sol.cost
        if best is None:
            raise ModelError(f"{self.alias}: the growth curve could not be fitted")
        return (best[0], tuple(best[1:])) if cap is None else (cap, tuple(best))

    def _fit(self, y: np.ndarray, m: int) -> None:
        if np.any(y < 0):
            raise ModelError(f"{self.alias}: growth curves need non-negative values")
        t = np.arange(y.size, dtype=float)
        ymax = float(np.max(y))
        if self._cap_dist is None and self.cap is not None and self.cap <= ymax:
            raise ModelError(f"{self.alias}: cap={self.cap:g} is not above the data (max {ymax:g})")
        if self._cap_dist is None:
            self._grid = [self._fit_theta(t, y, self.cap)]
        else:
            qs = (np.arange(N_CAP_QUANTILES) + 0.5) / N_CAP_QUANTILES
            caps = np.maximum(self._cap_dist.ppf(qs), ymax * (1 + 1e-3))
            self._grid = [self._fit_theta(t, y, float(c)) for c in caps]
        cap_med, theta_med = self._grid[len(self._grid) // 2]
        z = self._z(y, cap_med, self._curve(t, *theta_med))
        self._rho = float(np.clip(np.corrcoef(z[:-1], z[1:])[0, 1], 0, 0.99)) if z.size > 2 else 0
        self._rho = 0.0 if not np.isfinite(self._rho) else self._rho
        self._innov = z[1:] - self._rho * z[:-1]
        self._innov = self._innov - self._innov.mean()
        self._z_last, self._n, self._ymax = z[-1], y.size, ymax

    @staticmethod
    def _z(y: np.ndarray, cap: float, f: np.ndarray) -> np.ndarray:
        share = np.clip(y / cap, EPS, 1 - EPS)
        return logit(share) - logit(np.clip(f, EPS, 1 - EPS))

    def _future_f(self, h: int, theta: tuple) -> np.ndarray:
        return np.clip(
            self._curve(np.arange(self._n, self._n + h, dtype=float), *theta), EPS, 1 - EPS
        )

    def _point(self, h: int) -> np.ndarray:
        cap, theta = self._grid[len(self._grid) // 2]
        z = self._z_last * self._rho ** np.arange(1, h + 1)
        return cap * expit(logit(self._future_f(h, theta)) + z)

    def _sample(self, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        if self._cap_dist is None:
            caps = np.full(n_paths, self._grid[0][0])
            which = np.zeros(n_paths, dtype=int)
        else:
            u = rng.uniform(size=n_paths)
            caps = np.maximum(self._cap_dist.ppf(u), self._ymax * (1 + 1e-3))
            which = np.minimum((u * len(self._grid)).astype(int), len(self._grid) - 1)
        innov = self._innov if self._innov.size else np.zeros(1)
        u_k = rng.choice(innov, size=(n_paths, h), replace=True)
        z = np.empty((n_paths, h))
        prev = np.full(n_paths, self._z_last)
        for k in range(h):
            prev = self._rho * prev + u_k[:, k]
            z[:, k] = prev
        curves = np.stack([logit(self._future_f(h, th)) for _, th in self._grid])
        # per-path caps and noise-free centres (logit F + E z) of this draw, for calibration
        self._path_caps = caps
        self._path_centres = curves[which] + self._z_last * self._rho ** np.arange(1, h + 1)
        return caps[:, None] * expit(curves[which] + z)

    def _caps_for(self, values: np.ndarray) -> np.ndarray | float:
        """Each path's own cap for ``(n_paths, h)`` paths, the median cap for a 1-D forecast."""
        if values.ndim == 1:
            return self.fitted_cap
        caps = getattr(self, "_path_caps", None)
        if caps is None or caps.size != values.shape[0]:
            raise ModelError(
                f"{self.alias}: {values.shape[0]} paths do not match the latest sample() draw; "
                "map paths to the unbounded space right after drawing them"
            )
        return caps[:, None]

    def to_unbounded(self, values: np.ndarray) -> np.ndarray:
        """``x = logit(y / cap)`` with each path's own cap (1-D: the median cap), shares kept
        inside ``(EPS, 1 - EPS)``: the space of the residual AR process ``z``."""
        values = np.asarray(values, dtype=float)
        if self._constant:
            return values
        return logit(np.clip(values / self._caps_for(values), EPS, 1 - EPS))

    def unbounded_centre(self, point: np.ndarray) -> np.ndarray:
        """Each path's own noise-free curve ``logit F_i + rho^k z_T`` (latest draw), so that
        calibration rescales only the residual ``z`` and keeps every path's cap and curve."""
        centres = getattr(self, "_path_centres", None)
        if self._constant or centres is None:
            return super().unbounded_centre(point)
        return centres[:, centres.shape[1] - np.asarray(point).size :]

    def from_unbounded(self, x: np.ndarray) -> np.ndarray:
        """``y = cap * expit(x)``, the inverse of :meth:`to_unbounded`."""
        x = np.asarray(x, dtype=float)
        return x if self._constant else self._caps_for(x) * expit(x)

    def level_bounds(self) -> tuple[float, float]:
        """``(0, largest cap any path can draw)``: calibrated paths never pass the ceiling."""
        self._require_fitted()
        caps = [c for c, _ in self._grid] if not self._constant else [self._y[-1]]
        if self._cap_dist is not None:
            caps.append(float(self._cap_dist.ppf(CAP_SUPPORT_QUANTILE)))
        return (0.0, float(np.nanmax(caps)))

    @property
    def fitted_cap(self) -> float:
        """The median-cap fit's saturation level (unit of y)."""
        self._require_fitted()
        return float(self._grid[len(self._grid) // 2][0]) if not self._constant else self._y[-1]


def _cap_distribution(cap):
    """None for a fixed or estimated cap; otherwise a frozen distribution with ``ppf``."""
    if cap is None or isinstance(cap, int | float):
        if cap is not None and not cap > 0:
            raise ModelError(f"cap={cap!r} must be positive")
        return None
    if isinstance(cap, tuple | list) and len(cap) == 2:
        low, high = (float(v) for v in cap)
        if not 0 < low < high:
            raise ModelError(f"cap range {cap!r} must satisfy 0 < low < high")
        return stats.uniform(loc=low, scale=high - low)
    if hasattr(cap, "ppf") and hasattr(cap, "rvs"):
        return cap
    raise ModelError(
        f"cap={cap!r}: expected None, a number, (low, high) or a scipy.stats frozen distribution"
    )


class Logistic(_Growth):
    """Logistic S-curve ``cap / (1 + exp(-k (t - t0)))``."""

    default_alias = "logistic"

    def _curve(self, t, k, t0):
        return _logistic(t, k, t0)

    def _bounds(self, n):
        return [1e-4, -5.0 * n], [5.0, 10.0 * n]

    def _starts(self, n):
        return [[0.3, n * 0.8], [1.0, n * 0.5], [0.1, n * 2.0]]


class Gompertz(_Growth):
    """Gompertz curve ``cap * exp(-b exp(-c t))`` (asymmetric S, slower approach to the cap)."""

    default_alias = "gompertz"

    def _curve(self, t, b, c):
        return _gompertz(t, b, c)

    def _bounds(self, n):
        return [1e-4, 1e-4], [1e3, 5.0]

    def _starts(self, n):
        return [[3.0, 0.1], [10.0, 0.3], [1.0, 0.05]]


class Bass(_Growth):
    """Bass diffusion (cumulative adopters) ``cap * F(t + tau; p, q)``."""

    default_alias = "bass"

    def _curve(self, t, p, q, tau):
        return _bass(t, p, q, tau)

    def _bounds(self, n):
        return [1e-5, 1e-4, 0.0], [0.5, 3.0, 5.0 * n]

    def _starts(self, n):
        return [[0.01, 0.4, 1.0], [0.003, 0.6, 5.0], [0.05, 0.2, 0.0]]
