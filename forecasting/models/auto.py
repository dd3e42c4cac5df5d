"""Automatic per-series selection by rolling-origin MASE, with calibrated paths.

Pool (:func:`default_candidates`): (seasonal) naive, drift, Theta and simple exponential smoothing,
plus their equal-weight median combination. Theta and SES are fitted in closed form
(:mod:`forecasting.models.smoothing`; SES from ``l0 = y_0``, seasonal series through statsmodels
ETS(A,N,M)), which took tourism yearly from 58.8 s to 5.0 s on one core (MAPE 22.37 -> 22.41).
For horizon h and a series of length T, every
candidate the series is long enough for forecasts from ``min(h + 2, 10)`` origins ``T - s,
T - 2s, ...`` (``s = max(1, h // 8)``; each window ``min(h, T - origin)`` steps), and the
combination's window forecasts are the median of the members'. Every option is scored by its
mean absolute error over all windows; on one series that is the ranking by MASE. The best single
model is used only if its error is below ``COMBINATION_MARGIN`` (90%) of the combination's,
otherwise the combination is kept (chosen on tourism yearly/quarterly; plain selection scored
22.8/15.0 MAPE, the margin rule 22.4/14.6). The winner is refitted on the whole series and its
paths are calibrated with the same windows (:mod:`forecasting.models.calibration`). A single
model's errors are measured and its deviations rescaled in the model's unbounded space
(``Model.to_unbounded``; identity except for growth curves, where ``x = logit(y / cap_i)`` with
each path's own cap and the centre is that path's noise-free curve), then mapped back and clipped
to ``Model.level_bounds()`` as a safety net. On China NEV sales with ``Logistic(cap=(25e6,
40e6))`` this moved the calibrated 2026 95% interval from 0-39.9 m to 7.6-30.4 m units and
synthetic S-curve coverage from 0.98/1.00 to 0.85/0.97 (80%/95%;
``benchmarks/engine_growth_calibration.py``).

With a user-given candidate list (``combine=None``), the lowest backtest error wins outright.
A series too short for any backtest window (fewer than ``MIN_TRAIN + 1`` observed points) gets
the combination of the candidates it can fit (or the only one) with the FALLBACK calibration:
the pooled prior factors of its frequency (``calibration.PRIOR_FACTORS``) and Student-t scales
with ``PRIOR_WEIGHT`` degrees of freedom, never the models' own (too narrow) spread. The exact
minimum is the smallest candidate minimum in observed values (naive, drift: 3).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from forecasting.errors import ModelError
from forecasting.models.base import Model
from forecasting.models.calibration import (
    DEFAULT_PRIOR,
    N_BACKTEST_PATHS,
    PRIOR_WEIGHT,
    WindowForecast,
    calibration_factors,
    check_prior,
    degrees_of_freedom,
    path_scales,
    prior_factors,
    rolling_origins,
)
from forecasting.models.combination import Combination

#: Fixed seed of the generator that measures backtest spread (deterministic per input series).
CALIBRATION_SEED = 20240229
#: Smallest training prefix used in a selection backtest.
MIN_TRAIN = 4
#: At most this many backtest origins per series (long monthly horizons space them out).
MAX_WINDOWS = 10
#: A single model replaces the combination only if its backtest MAE is below this share of the
#: combination's (combinations are hard to beat out of sample; selection is noisy on few windows).
COMBINATION_MARGIN = 0.9
#: Shrink a series' calibration towards the pooled prior of its frequency (else towards 1).
SHRINK_TO_PRIOR = True


#: What selection returns for one horizon.
Choice = tuple[Model, tuple[np.ndarray, float], dict[str, float]]


def default_candidates(m: int) -> list[Model]:
    """The cheap pool "auto" chooses from, as declared in the model registry
    (:func:`forecasting.models.registry.pool_aliases`): (seasonal) naive, drift, Theta and
    simple exponential smoothing (closed-form SES from ``l0 = y_0``, or statsmodels ETS(A,N,M)
    when the M4 test finds seasonality; :class:`~forecasting.models.ses.SES`)."""
    from forecasting.models.registry import REGISTRY, pool_aliases

    return [REGISTRY[alias].build() for alias in pool_aliases(m)]


def backtest_design(h: int, n_windows: int | None) -> tuple[int, int]:
    """``(n_windows, step)``: ``min(h + 2, MAX_WINDOWS)`` origins, ``max(1, h // 8)`` apart."""
    return (n_windows or min(h + 2, MAX_WINDOWS)), max(1, h // 8)


class AutoSelect(Model):
    """Choose per series among ``candidates`` (default :func:`default_candidates`) and their
    ``combine`` combination ("median", "mean" or None) by backtest MAE over ``n_windows``
    origins (default ``h + 2``); calibrate the winner's paths when ``calibrate``, shrinking
    towards the pooled prior table ``prior`` (a key of ``calibration.PRIORS``)."""

    default_alias = "auto"

    def __init__(
        self,
        candidates: Sequence[Model] | None = None,
        combine: str | None = "median",
        n_windows: int | None = None,
        calibrate: bool = True,
        alias: str | None = None,
        prior: str = DEFAULT_PRIOR,
    ) -> None:
        super().__init__(alias)
        self.prior = check_prior(prior)
        if candidates is not None:
            candidates = list(candidates)
            if not candidates or not all(isinstance(c, Model) for c in candidates):
                raise ModelError("AutoSelect candidates must be a non-empty list of models")
            aliases = [c.alias for c in candidates]
            dup = sorted({a for a in aliases if aliases.count(a) > 1})
            if dup:
                raise ModelError(f"duplicate model aliases {dup}; give each model its own alias")
        if combine not in (None, "mean", "median"):
            raise ModelError(f"combine={combine!r} must be 'mean', 'median' or None")
        if n_windows is not None and n_windows < 1:
            raise ModelError(f"n_windows must be >= 1; got {n_windows}")
        self.candidates, self.combine = candidates, combine
        self.n_windows, self.calibrate = n_windows, calibrate

    def _pool(self, m: int) -> list[Model]:
        return list(self.candidates) if self.candidates is not None else default_candidates(m)

    def min_length(self, m: int) -> int:
        return min(c.min_length(m) for c in self._pool(m))

    def _fit(self, y: np.ndarray, m: int) -> None:
        self._choices: dict[int, Choice] = {}

    # -- selection -----------------------------------------------------------------------------
    def _select(self, h: int) -> Choice:
        """(fitted winner, (per-step factors, t degrees of freedom), backtest MAE by option)."""
        if h in self._choices:
            return self._choices[h]
        y, m, freq = self._y, self._m, self._freq
        n_obs = int(self._observed.sum())  # interpolated gaps do not count
        pool = [c for c in self._pool(m) if n_obs >= c.min_length(m)]
        options = list(pool)
        if self.combine and len(pool) > 1:
            options.insert(0, Combination(pool, how=self.combine))
        min_train = max(MIN_TRAIN, *(c.min_length(m) for c in pool))
        n_windows, step = backtest_design(h, self.n_windows)
        # window fits see the raw prefix (gaps re-interpolated from the past only: no leakage)
        raw = np.where(self._observed, y, np.nan)
        origins = [
            o
            for o in rolling_origins(y.size, h, n_windows, min_train, step)
            if np.isfinite(raw[:o]).sum() >= min_train
        ]
        if not origins or len(options) == 1:
            # no backtest window: the pooled prior factors, t scale with nu = n0 (FALLBACK)
            best, factor, scores = options[0], (prior_factors(m, h, self.prior), PRIOR_WEIGHT), {}
            if origins and self.calibrate:
                fits = [[pool[0].fit(raw[:o], freq) for o in origins]]
                factor = self._factor(best, [pool[0]], fits, origins, h)
        else:
            fits = [[c.fit(raw[:o], freq) for o in origins] for c in pool]
            scores = self._scores(options, pool, fits, origins, h)
            best = min(options, key=lambda c: scores[c.alias]) if scores else options[0]
            if scores and isinstance(options[0], Combination):
                if scores[best.alias] >= COMBINATION_MARGIN * scores[options[0].alias]:
                    best = options[0]
            members = best.members if isinstance(best, Combination) else [best]
            idx = [pool.index(mem) for mem in members]
            factor = self._factor(best, members, [fits[i] for i in idx], origins, h)
        final = best.fit(y, freq, end=self._end)
        self._choices[h] = (final, factor if self.calibrate else (np.ones(h), np.inf), scores)
        return self._choices[h]

    def _agg(self, arrays: list[np.ndarray]) -> np.ndarray:
        stack = np.stack(arrays)
        return np.median(stack, axis=0) if self.combine == "median" else np.mean(stack, axis=0)

    def _scores(self, options, pool, fits, origins, h) -> dict[str, float]:
        """Mean absolute backtest error of every option (candidates and the combination)."""
        y = self._y
        points = {
            c.alias: [f.point(min(h, y.size - o)) for f, o in zip(fits[i], origins, strict=True)]
            for i, c in enumerate(pool)
        }
        if isinstance(options[0], Combination):
            points[options[0].alias] = [
                self._agg([points[c.alias][w] for c in pool]) for w in range(len(origins))
            ]
        y_obs = np.where(self._observed, y, np.nan)  # interpolated gaps are not scored
        actual = np.concatenate([y_obs[o : o + min(h, y.size - o)] for o in origins])
        if not np.isfinite(actual).any():
            return {}
        return {
            alias: float(np.nanmean(np.abs(actual - np.concatenate(pts))))
            for alias, pts in points.items()
        }

    def _factor(self, best, members, member_fits, origins, h) -> tuple[np.ndarray, float]:
        """Per-step calibration factors and degrees of freedom from the members' window fits."""
        y, rng = np.where(self._observed, self._y, np.nan), np.random.default_rng(CALIBRATION_SEED)
        windows = []
        for w, origin in enumerate(origins):
            steps = min(h, y.size - origin)
            fits = [mf[w] for mf in member_fits]
            children = rng.spawn(len(fits))
            paths = [
                f.sample(steps, N_BACKTEST_PATHS, r) for f, r in zip(fits, children, strict=True)
            ]
            points = [f.point(steps) for f in fits]
            comb = isinstance(best, Combination)
            point = self._agg(points) if comb else points[0]
            sims = self._agg(paths) if comb else paths[0]
            actual = y[origin : origin + steps]
            if not comb:  # errors measured in the space calibration rescales (growth: logit)
                point, actual = fits[0].to_unbounded(point), fits[0].to_unbounded(actual)
                sims = fits[0].to_unbounded(sims)  # right after the draw: per-path caps
            windows.append(WindowForecast(origin, point, actual, sims))
        prior = prior_factors(self._m, h, self.prior) if SHRINK_TO_PRIOR else None
        return calibration_factors(windows, h, prior), degrees_of_freedom(windows)

    # -- forecasting ---------------------------------------------------------------------------
    def label(self, h: int) -> str:
        """Alias of the model chosen for horizon ``h`` (the Forecast ``model`` column)."""
        self._require_fitted()
        if self._constant:
            return self.alias
        return self._select(h + self._offset)[0].alias

    def scores(self, h: int) -> dict[str, float]:
        """Backtest MAE of every option for horizon ``h`` (empty when no window was possible)."""
        self._require_fitted()
        return {} if self._constant else dict(self._select(h + self._offset)[2])

    def calibration(self, h: int) -> np.ndarray:
        """Per-step factors applied to the chosen model's deviations (length ``h``)."""
        self._require_fitted()
        if self._constant:
            return np.ones(h)
        return self._select(h + self._offset)[1][0][self._offset :]

    def _point(self, h: int) -> np.ndarray:
        return self._select(h)[0].point(h)

    def _sample(self, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        final, (factor, nu), _ = self._select(h)
        paths = final.sample(h, n_paths, rng)
        scale = path_scales(n_paths, nu, rng)[:, None]
        # deviations are rescaled where the model's noise is additive (growth curves: logit)
        centre_x, paths_x = final.unbounded_centre(final.point(h)), final.to_unbounded(paths)
        calibrated_x = centre_x + factor[None, :] * scale * (paths_x - centre_x)
        return np.clip(final.from_unbounded(calibrated_x), *final.level_bounds())
