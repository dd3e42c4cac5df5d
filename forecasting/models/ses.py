"""SES as an engine model (closed-form fit of :mod:`forecasting.models.smoothing`; a seasonal
series goes to ETS(A,N,A/M) when its seasonality test fires). Kept apart from the fitting
functions so that ``statsmodels_models`` can use those without an import cycle."""

from __future__ import annotations

import numpy as np

from forecasting.errors import ModelError
from forecasting.models.base import Model
from forecasting.models.smoothing import (
    HEURISTIC_MIN_SEASON,
    fit_ses_known,
)


class SES(Model):
    """Simple exponential smoothing from ``l0 = y_0`` with the SSE-minimising ``alpha``
    (:func:`fit_ses_known`); seasonal series by ``seasonal``:

    * ``"ets"`` (default): when the M4 90% seasonality test finds seasonality and
      ``n >= 2m + 2``, statsmodels ETS(A,N,M) (ETS(A,N,A) on data with values <= 0), as the
      pool's former ``ETS(seasonal="test")`` member; with heuristic initial states
      (``ETS(initialization="heuristic")``) when ``m >= HEURISTIC_MIN_SEASON``;
    * ``"m4"``: SES on the M4-deseasonalised series (classical multiplicative decomposition),
      reseasonalised, as the M4 "SES" benchmark (tourism quarterly "auto" MAPE 15.02 with it
      against 14.57 with ETS(A,N,M): not the default);
    * ``None``: no seasonal handling.

    Point ``yhat_{T+k} = l_T``; paths ``l_T + d_k`` with ``d_k = e_k + alpha sum_{j<k} e_j``,
    ``e ~ N(0, s^2)``, ``s`` the root mean square one-step error (unit of y). The initial level
    is fixed at the first value rather than estimated: with ``l0`` estimated (ETS(A,N,N) by
    maximum likelihood) SES alone was less accurate on both development benchmarks (tourism
    yearly MAPE 24.01 vs 23.72; M1 yearly sMAPE 23.10 vs 22.84).
    """

    default_alias = "ses"

    def __init__(self, seasonal: str | None = "ets", alias: str | None = None) -> None:
        super().__init__(alias)
        if seasonal not in ("ets", "m4", None):
            raise ModelError(f"SES seasonal={seasonal!r} must be 'ets', 'm4' or None")
        self.seasonal = seasonal

    def min_length(self, m: int) -> int:
        return 4

    def _fit(self, y: np.ndarray, m: int) -> None:
        from forecasting.models.baselines import deseasonalize
        from forecasting.models.statsmodels_models import ETS

        self._ets = None
        if self.seasonal == "ets":
            init = "heuristic" if m >= HEURISTIC_MIN_SEASON else "estimated"
            ets = ETS(error="add", trend=None, damped=False, seasonal="test", initialization=init)
            if ets._configs(y, m)[0][3] is not None:  # the test found seasonality
                self._ets = ets.fit(y, self._freq)
                self.spec = self._ets.spec
                return
        adjusted, self._idx = deseasonalize(y, m) if self.seasonal == "m4" else (y, None)
        self._n = y.size
        self._ses = fit_ses_known(adjusted)
        self._sigma = float(np.sqrt(np.mean(self._ses.errors[1:] ** 2)))
        self.spec = f"SES(alpha={self._ses.alpha:.3f})"

    def _point(self, h: int) -> np.ndarray:
        from forecasting.models.baselines import future_indices

        if self._ets is not None:
            return self._ets.point(h)
        return np.full(h, self._ses.level) * future_indices(self._idx, self._n, h)

    def _sample(self, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        from forecasting.models.base import gaussian_walk
        from forecasting.models.baselines import future_indices

        if self._ets is not None:
            return self._ets.sample(h, n_paths, rng)
        walk = gaussian_walk(self._sigma, h, n_paths, rng, alpha=self._ses.alpha)
        return (self._ses.level + walk) * future_indices(self._idx, self._n, h)
