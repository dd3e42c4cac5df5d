"""Target attainment from sample paths: probabilities, first-crossing years, shortfall.

Every function takes the same simulated futures, ``values`` of shape ``(n_paths, n_years)`` with
``years`` (length ``n_years``, increasing calendar years), so that every probability, crossing date
and fan chart in a report comes from one seeded set of paths.

Definitions (``x[i, t]`` is path ``i`` in year ``t``, ``T`` the target value):

* attainment in year t:   ``P(x_t >= T) = mean_i 1[x[i, t] >= T]``
* first crossing year:    ``tau_i = min{t : x[i, t] >= T}``; ``tau_i = not reached`` if no such t
* reached by year t:      ``P(tau <= t)`` (cumulative crossing distribution)
* expected shortfall:     ``E[max(T - x_t, 0)]`` at the target year, in the unit of ``values``

NaN values in a path count as "not at or above the target".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from forecasting.contracts import P_MET_IN_YEAR, P_REACHED_BY_YEAR, band_quantiles
from forecasting.errors import ForecastingError

NOT_REACHED = "not reached"


def _check(values: np.ndarray, years: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    arr = np.asarray(values, dtype=float)
    yrs = np.asarray(years, dtype=int)
    if arr.ndim != 2:
        raise ForecastingError(
            f"sample paths must be 2-D (n_paths, n_years); got shape {arr.shape}"
        )
    if arr.shape[1] != yrs.size:
        raise ForecastingError(
            f"sample paths have {arr.shape[1]} columns but {yrs.size} years were given"
        )
    if arr.shape[0] == 0:
        raise ForecastingError("sample paths are empty (n_paths == 0)")
    if yrs.size > 1 and np.any(np.diff(yrs) <= 0):
        raise ForecastingError(f"years must be strictly increasing; got {yrs.tolist()}")
    return arr, yrs


def paths_to_array(paths: pd.DataFrame, unique_id: str) -> tuple[np.ndarray, np.ndarray]:
    """Pivot a long sample-path frame (``unique_id, ds, path, y``) to ``(years, values)``.

    ``values`` has shape ``(n_paths, n_periods)``; ``years`` holds ``ds.dt.year``.
    """
    missing = {"unique_id", "ds", "path", "y"} - set(paths.columns)
    if missing:
        raise ForecastingError(f"sample-path frame lacks columns {sorted(missing)}")
    one = paths[paths["unique_id"] == unique_id]
    if one.empty:
        raise ForecastingError(f"no sample paths for unique_id {unique_id!r}")
    wide = one.pivot(index="path", columns="ds", values="y").sort_index(axis=1)
    years = pd.DatetimeIndex(wide.columns).year.to_numpy()
    return years, wide.to_numpy(dtype=float)


def attainment_probability(values: np.ndarray, years: Sequence[int], target: float) -> pd.Series:
    """``P(x_t >= target)`` for each year t (a Series indexed by year, values in [0, 1])."""
    arr, yrs = _check(values, years)
    with np.errstate(invalid="ignore"):
        hit = arr >= target
    return pd.Series(hit.mean(axis=0), index=pd.Index(yrs, name="year"), name=P_MET_IN_YEAR)


def first_crossing_years(values: np.ndarray, years: Sequence[int], target: float) -> np.ndarray:
    """First year each path is at or above ``target``; NaN where it is never reached."""
    arr, yrs = _check(values, years)
    with np.errstate(invalid="ignore"):
        hit = arr >= target
    reached = hit.any(axis=1)
    first = np.where(reached, yrs[hit.argmax(axis=1)], np.nan)
    return first.astype(float)


def crossing_distribution(values: np.ndarray, years: Sequence[int], target: float) -> pd.DataFrame:
    """Distribution of the first crossing year, with "not reached" as its own outcome.

    Returns columns ``outcome`` (year as string, or ``"not reached"``), ``probability`` and
    ``cumulative`` (``P(tau <= year)``; for "not reached" it is 1).
    """
    _, yrs = _check(values, years)
    first = first_crossing_years(values, years, target)
    n = first.size
    probs = [float(np.sum(first == y)) / n for y in yrs]
    p_never = float(np.isnan(first).sum()) / n
    frame = pd.DataFrame(
        {
            "outcome": [str(y) for y in yrs] + [NOT_REACHED],
            "probability": probs + [p_never],
        }
    )
    frame["cumulative"] = frame["probability"].cumsum().clip(upper=1.0)
    return frame


def reached_by_probability(values: np.ndarray, years: Sequence[int], target: float) -> pd.Series:
    """``P(first crossing <= t)`` for each year t: the probability the target was met by then."""
    _, yrs = _check(values, years)
    dist = crossing_distribution(values, years, target)
    return pd.Series(
        dist["cumulative"].to_numpy()[:-1], index=pd.Index(yrs, name="year"), name=P_REACHED_BY_YEAR
    )


def expected_shortfall(values: np.ndarray, years: Sequence[int], target: float, year: int) -> float:
    """``E[max(target - x_year, 0)]``: mean gap below the target in ``year`` (unit of values)."""
    arr, yrs = _check(values, years)
    if year not in set(yrs.tolist()):
        raise ForecastingError(f"year {year} is outside the paths' years {yrs[0]}-{yrs[-1]}")
    col = arr[:, int(np.flatnonzero(yrs == year)[0])]
    return float(np.nanmean(np.maximum(target - col, 0.0)))


@dataclass(frozen=True)
class TargetSummary:
    """One target checked against one set of paths (values in the unit of the paths)."""

    target: float
    target_year: int
    median: float
    lo_80: float
    hi_80: float
    p_met_in_year: float
    p_reached_by_year: float
    most_likely_first_year: str
    median_first_year: str
    p_not_reached: float
    expected_shortfall: float

    def as_dict(self) -> dict[str, float | int | str]:
        return asdict(self)


def summarize_target(
    values: np.ndarray, years: Sequence[int], target: float, target_year: int
) -> TargetSummary:
    """Headline numbers for a report front page.

    If ``target_year`` precedes the paths (a target already past), the figures refer to the
    first simulated year and ``p_met_in_year`` is that year's attainment.
    """
    arr, yrs = _check(values, years)
    year = int(min(max(target_year, yrs[0]), yrs[-1]))
    col = arr[:, int(np.flatnonzero(yrs == year)[0])]
    bands = band_quantiles(col)
    dist = crossing_distribution(arr, yrs, target)
    best = dist.loc[dist["probability"].idxmax(), "outcome"]
    first = first_crossing_years(arr, yrs, target)
    # Median of tau with "not reached" sorted last (as +inf).
    med = np.median(np.where(np.isnan(first), np.inf, first))
    return TargetSummary(
        target=float(target),
        target_year=int(target_year),
        median=float(bands["median"]),
        lo_80=float(bands["lo_80"]),
        hi_80=float(bands["hi_80"]),
        p_met_in_year=float(attainment_probability(arr, yrs, target).loc[year]),
        p_reached_by_year=float(reached_by_probability(arr, yrs, target).loc[year]),
        most_likely_first_year=str(best),
        median_first_year=NOT_REACHED if np.isinf(med) else str(int(med)),
        p_not_reached=float(dist["probability"].iloc[-1]),
        expected_shortfall=expected_shortfall(arr, yrs, target, year),
    )
