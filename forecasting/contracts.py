"""The frames that cross a layer: their column names, one quantile function, one name per
probability. Every module that builds or reads one of these frames takes the names from here.

Frames (columns in order; units are in the series id, ``qinghai_capacity_t_lce``):

* **Series** :data:`SERIES_COLUMNS`: ``unique_id, ds, y``; ``ds`` a period-end timestamp.
* **Forecast** :data:`FORECAST_COLUMNS`: ``unique_id, ds, model, mean, lo_80, hi_80, lo_95,
  hi_95`` (the engine's output, :func:`forecasting.forecast`).
* **Sample paths**: an array ``(n_paths, n_years)`` per series id; every band and probability
  below is computed from the same paths.
* **Bands** :data:`BAND_COLUMNS`: ``mean, median, lo_80, hi_80, lo_95, hi_95`` where the 80 %
  band is the 10th-90th percentile and the 95 % band the 2.5th-97.5th (:data:`BAND_QUANTILES`),
  computed by :func:`band_quantiles`. The domain summary (:data:`SUMMARY_COLUMNS`), the report's
  forecasts table and the fan charts all use these names: no renaming between layers.
* **Target years** :data:`TARGET_YEARS_COLUMNS`: one row per target and simulated year with the
  two probabilities below.

Probabilities (fractions of paths, 0-1):

* :data:`P_MET_IN_YEAR` ``p_met_in_year``: P(value in year Y >= target), the target is met *in*
  that year (a path may reach it earlier and fall back).
* :data:`P_REACHED_BY_YEAR` ``p_reached_by_year``: P(value >= target in some year <= Y), the
  target is reached *by* that year (non-decreasing in Y).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SERIES_COLUMNS = ("unique_id", "ds", "y")
FORECAST_COLUMNS = ("unique_id", "ds", "model", "mean", "lo_80", "hi_80", "lo_95", "hi_95")
#: band column -> quantile level.
BAND_QUANTILES = {"median": 0.5, "lo_80": 0.10, "hi_80": 0.90, "lo_95": 0.025, "hi_95": 0.975}
BAND_COLUMNS = ("mean", *BAND_QUANTILES)
SUMMARY_COLUMNS = ("scenario", "metric", "unique_id", "year", *BAND_COLUMNS)

P_MET_IN_YEAR = "p_met_in_year"
P_REACHED_BY_YEAR = "p_reached_by_year"
TARGET_YEARS_COLUMNS = (
    "scenario",
    "target_id",
    "metric",
    "year",
    P_MET_IN_YEAR,
    P_REACHED_BY_YEAR,
)


def band_quantiles(samples: np.ndarray, axis: int = 0) -> dict[str, np.ndarray]:
    """``mean`` and the :data:`BAND_QUANTILES` of ``samples`` along ``axis`` (paths), ignoring
    NaN (a series unknown at the vintage stays NaN, without a warning). Same unit as the input.
    """
    arr = np.asarray(samples, dtype=float)
    with np.errstate(all="ignore"), _quiet_all_nan():
        qs = np.nanquantile(arr, list(BAND_QUANTILES.values()), axis=axis)
        mean = np.nanmean(arr, axis=axis)
    return {"mean": mean, **dict(zip(BAND_QUANTILES, qs, strict=True))}


class _quiet_all_nan:
    """Silence numpy's 'All-NaN slice' / 'Mean of empty slice' RuntimeWarnings only."""

    def __enter__(self):
        import warnings

        self._cm = warnings.catch_warnings()
        self._cm.__enter__()
        warnings.filterwarnings("ignore", category=RuntimeWarning)
        return self

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


def regular_annual(series: pd.DataFrame) -> pd.DataFrame:
    """A Series frame (:data:`SERIES_COLUMNS`) with each series on a complete year-end grid from
    its first to its last observation; missing years are NaN, never filled."""
    frames = []
    for uid, one in series.groupby("unique_id", sort=True):
        ds = pd.to_datetime(one["ds"])
        grid = pd.DataFrame({"unique_id": uid, "ds": pd.date_range(ds.min(), ds.max(), freq="YE")})
        obs = one[["unique_id", "ds", "y"]].assign(ds=ds)
        frames.append(grid.merge(obs, on=["unique_id", "ds"], how="left", validate="1:1"))
    return pd.concat(frames, ignore_index=True)[list(SERIES_COLUMNS)]
