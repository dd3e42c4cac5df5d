"""EV sales paths from the forecasting engine (``sales_source: engine`` in a scenario).

The engine's logistic growth model (:class:`forecasting.models.growth.Logistic`) is fitted to the
observed annual sales up to the region's base year, with the scenario's ceiling as its cap:
``cap ~ LogNormal(log K, saturation_log_sd)``. Its calibrated sample paths (vehicles/yr) fill
the years after the last observation; observed years keep the observation.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from forecasting.errors import ModelError
from forecasting.scenarios import RegionDemand

#: Fewest annual observations the growth model is fitted to.
MIN_OBSERVATIONS = 4


def engine_sales_paths(
    history: Mapping[int, float],
    cfg: RegionDemand,
    years: np.ndarray,
    n_paths: int,
    seed: int,
    region: str = "region",
) -> np.ndarray:
    """``(n_paths, n_years)`` EV sales in vehicles/yr (NaN for years before the history)."""
    from scipy import stats

    from forecasting.models import sample_paths
    from forecasting.models.growth import Logistic
    from forecasting.targets import paths_to_array

    obs = {int(y): float(v) for y, v in history.items() if y <= cfg.base_year}
    if len(obs) < MIN_OBSERVATIONS:
        raise ModelError(
            f"{region}: sales_source 'engine' needs >= {MIN_OBSERVATIONS} observed years of EV "
            f"sales up to {cfg.base_year}; found {len(obs)}"
        )
    yrs = np.asarray(years, dtype=int)
    out = np.full((n_paths, yrs.size), np.nan)
    for i, year in enumerate(yrs):
        if year in obs:
            out[:, i] = obs[year]
    last = max(obs)
    h = int(yrs[-1] - last)
    if h <= 0:
        return out
    frame = pd.DataFrame(
        {
            "unique_id": f"{region}_ev_sales_units",
            "ds": pd.to_datetime([f"{y}-12-31" for y in sorted(obs)]),
            "y": [obs[y] for y in sorted(obs)],
        }
    )
    cap = stats.lognorm(s=max(cfg.saturation_log_sd, 1e-6), scale=cfg.ev_sales_saturation_units)
    paths = sample_paths(
        frame, h=h, freq="YE", models=Logistic(cap=cap), seed=seed, n_paths=n_paths
    )
    fut_years, arr = paths_to_array(paths, f"{region}_ev_sales_units")
    for j, year in enumerate(fut_years):
        if year in yrs:
            out[:, int(np.flatnonzero(yrs == year)[0])] = arr[:, j]
    return out
