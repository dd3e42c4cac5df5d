"""Prophet behind the common interface: linear growth, or logistic growth with a justified cap.

``y(t) = g(t) + s(t) + e_t``; ``g`` piecewise linear, or logistic
``C / (1 + exp(-k (t - m)))`` between ``floor`` and ``cap`` (unit of y) when ``growth="logistic"``.
Yearly seasonality is on only for sub-annual data (quarterly, monthly, ...), weekly/daily never.
Logs are silenced; the Stan optimiser gets a fixed seed; sample paths come from Prophet's
``predictive_samples`` with ``numpy``'s global generator seeded from ``rng`` right before, so
the same ``rng`` gives the same paths.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from forecasting.errors import ModelError
from forecasting.models.base import Model

#: Anchor for the time axis when the caller gives no timestamp (only spacing matters then).
DEFAULT_END = pd.Timestamp("2000-12-31")
#: Seed passed to Stan's optimiser (deterministic fits).
STAN_SEED = 1234


def _quiet_prophet() -> None:
    import cmdstanpy

    cmdstanpy.disable_logging()
    for name in ("prophet", "cmdstanpy", "prophet.plot"):
        logging.getLogger(name).setLevel(logging.ERROR)


class Prophet(Model):
    """Prophet with ``growth`` "linear" or "logistic" (the latter needs ``cap``, optional
    ``floor``; both in the unit of y) and ``changepoint_prior_scale`` (Prophet's default 0.05)."""

    default_alias = "prophet"

    def __init__(
        self,
        growth: str = "linear",
        cap: float | None = None,
        floor: float | None = None,
        changepoint_prior_scale: float = 0.05,
        alias: str | None = None,
    ) -> None:
        super().__init__(alias)
        if growth not in ("linear", "logistic"):
            raise ModelError(f"Prophet growth={growth!r} must be 'linear' or 'logistic'")
        if growth == "logistic" and cap is None:
            raise ModelError("Prophet growth='logistic' needs a cap (a justified saturation level)")
        if cap is not None and floor is not None and not cap > floor:
            raise ModelError(f"Prophet cap={cap} must exceed floor={floor}")
        if changepoint_prior_scale <= 0:
            raise ModelError("Prophet changepoint_prior_scale must be > 0")
        self.growth, self.cap, self.floor = growth, cap, floor
        self.changepoint_prior_scale = changepoint_prior_scale

    def min_length(self, m: int) -> int:
        return 3

    def _frame(self, ds: pd.DatetimeIndex, y: np.ndarray | None = None) -> pd.DataFrame:
        df = pd.DataFrame({"ds": ds})
        if y is not None:
            df["y"] = y
        if self.growth == "logistic":
            df["cap"] = self.cap
            df["floor"] = 0.0 if self.floor is None else self.floor
        return df

    def _fit(self, y: np.ndarray, m: int) -> None:
        from prophet import Prophet as _Prophet

        _quiet_prophet()
        if self.growth == "logistic" and np.nanmax(y) >= self.cap:
            raise ModelError(f"Prophet cap={self.cap} is not above the data (max {np.max(y):g})")
        end = self._end if self._end is not None else DEFAULT_END
        ds = pd.date_range(end=end, periods=y.size + self._offset, freq=self._freq)[: y.size]
        self._model = _Prophet(
            growth=self.growth,
            yearly_seasonality=m > 1,
            weekly_seasonality=False,
            daily_seasonality=False,
            changepoint_prior_scale=self.changepoint_prior_scale,
            uncertainty_samples=0,
        )
        self._model.fit(self._frame(ds, y), seed=STAN_SEED)
        self._last = ds[-1]

    def _future(self, h: int) -> pd.DataFrame:
        ds = pd.date_range(self._last, periods=h + 1, freq=self._freq)[1:]
        return self._frame(ds)

    def _point(self, h: int) -> np.ndarray:
        return self._model.predict(self._future(h))["yhat"].to_numpy(dtype=float)

    def _sample(self, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        self._model.uncertainty_samples = n_paths
        try:
            np.random.seed(int(rng.integers(2**31 - 1)))  # noqa: NPY002 - Prophet draws from it
            samples = self._model.predictive_samples(self._future(h))["yhat"]
        finally:
            self._model.uncertainty_samples = 0
        return np.asarray(samples, dtype=float).T
