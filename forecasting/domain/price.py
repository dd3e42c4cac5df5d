"""Lithium carbonate price as a stochastic process: a mean-reverting log price.

Prices are nominal CNY per tonne of battery-grade Li2CO3 on the China market. The spot
assessments (Fastmarkets, SMM and others; their VAT basis is mostly not stated) and the GFEX
futures closes (quoted including 13 % VAT) are used as reported: no VAT or inflation
adjustment, since the spread between the two (a few per cent) is far inside the price's own
uncertainty.

**Annual means** (:func:`annual_price_means`): for every calendar year, the monthly means of
each series (spot assessments from :func:`forecasting.data.load_lithium_price`, GFEX futures
from :func:`forecasting.data.load_gfex_monthly`), then the mean of the months of the series
with the most months that year (the densest; spot on a tie). A year whose last month is not
December is partial (the current year at ``as_of``).

**Process** (continuous-time Ornstein-Uhlenbeck on ``x = log P``, sampled at mid-year)::

    x(t + d) = mu + phi(d) (x(t) - mu) + sigma sqrt((1 - phi(d)^2) / (1 - phi(1)^2)) e,
    phi(d)   = exp(-ln 2 d / H),   e ~ Student-t(nu)

``mu`` = log of the long-run level, ``H`` = half-life (years), ``nu`` = tail degrees of freedom
of the innovation (``nu`` large: normal). ``sigma`` is set so that the process's year-on-year
log change has the sd ``s`` the data show: for a stationary AR(1) ``Var(dx) = 2 sigma^2 /
(1 + phi(1))``, so ``sigma = s sqrt((1 + phi(1)) / 2)``. The
state starts at the latest monthly observation known at ``as_of`` (its month's mid-point) and
the annual mean of year ``t`` is ``exp(x(t + 0.5))``; in a partial anchor year the observed
months keep their weight: ``P_t = (m obs_mean + (12 - m) exp(x)) / 12``. Bands widen with the
horizon and stop widening at the stationary spread ``sigma / sqrt(1 - phi(1)^2)``.

**From the data at ``as_of``** (:func:`price_facts`): the latest monthly level and its date,
the long-run level (geometric mean of the full-year annual means) and ``sigma`` (root mean
square of the year-on-year log changes of the annual means, pooled with a prior of
:data:`PRIOR_SIGMA` worth :data:`PRIOR_WEIGHT_YEARS` years).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import ndtri

#: Prior scale of the annual log-price innovation and its weight in years of data: the 2015-17
#: boom took China spot from about 40,000 to 171,000 CNY/t (SMM_100829007) in two years, a log
#: change of about 0.7 a year; assumption.
PRIOR_SIGMA = 0.6
PRIOR_WEIGHT_YEARS = 3.0
MONTHS_PER_YEAR = 12
#: Degrees of freedom from which the innovation is taken as normal.
NORMAL_DF = 100
SPOT_KINDS = ("range", "point", "approximate")


def _monthly(frame: pd.DataFrame, date_col: str, value_col: str) -> pd.Series:
    rows = frame.dropna(subset=[value_col, date_col])
    month = pd.to_datetime(rows[date_col]).dt.to_period("M")
    return rows.groupby(month.to_numpy())[value_col].mean().sort_index()


def monthly_series(prices: pd.DataFrame, gfex: pd.DataFrame | None) -> dict[str, pd.Series]:
    """Monthly mean prices (CNY/t, PeriodIndex) per series: ``spot`` and ``gfex``."""
    spot = prices
    if "value_kind" in spot.columns:
        spot = spot[spot["value_kind"].isin(SPOT_KINDS)]
    date_col = "period_start" if "period_start" in spot.columns else "ds"
    out = {"spot": _monthly(spot, date_col, "price_mid_cny_per_t")}
    if gfex is not None and not gfex.empty:
        out["gfex"] = _monthly(gfex, "month", "close_mean_cny_per_t")
    return out


def annual_price_means(monthly: Mapping[str, pd.Series]) -> pd.DataFrame:
    """``year, mean_cny_per_t, n_months, series`` from the densest series each year."""
    rows = []
    years = sorted({p.year for s in monthly.values() for p in s.index})
    for year in years:
        best = None
        for name, s in monthly.items():
            sel = s[[p.year == year for p in s.index]]
            if len(sel) and (best is None or len(sel) > len(best[1])):
                best = (name, sel)
        if best is not None:
            rows.append((year, float(best[1].mean()), len(best[1]), best[0]))
    return pd.DataFrame(rows, columns=["year", "mean_cny_per_t", "n_months", "series"])


def price_facts(annual: pd.DataFrame, monthly: Mapping[str, pd.Series]) -> dict[str, float]:
    """Latest level, its time, long-run level and innovation scale (module docstring)."""
    last = max((s.index.max(), name) for name, s in monthly.items() if len(s))
    period, name = last
    latest = float(monthly[name][period])
    done = annual[(annual["year"] < period.year) | (period.month == MONTHS_PER_YEAR)]
    full = done.sort_values("year")
    logs = np.log(full["mean_cny_per_t"].to_numpy())
    consecutive = np.diff(full["year"].to_numpy()) == 1
    changes = np.diff(logs)[consecutive]
    sigma2 = (PRIOR_WEIGHT_YEARS * PRIOR_SIGMA**2 + float(np.sum(changes**2))) / (
        PRIOR_WEIGHT_YEARS + changes.size
    )
    return {
        "latest_cny_per_t": latest,
        "latest_year": int(period.year),
        "latest_month": int(period.month),
        "long_run_cny_per_t": float(np.exp(logs.mean())) if logs.size else latest,
        "log_sigma": float(np.sqrt(sigma2)),
        "n_changes": int(changes.size),
        "last_full_year": int(full["year"].iloc[-1]) if len(full) else int(period.year),
        "last_full_year_mean_cny_per_t": float(full["mean_cny_per_t"].iloc[-1])
        if len(full)
        else latest,
    }


def _phi(d: float | np.ndarray, half_life_years: np.ndarray) -> np.ndarray:
    return np.exp(-np.log(2.0) * d / half_life_years)


def simulate_price_cny_per_t(
    years: np.ndarray,
    u: np.ndarray,
    *,
    anchor_year: int,
    anchor_month: int,
    anchor_cny_per_t: np.ndarray,
    level_cny_per_t: np.ndarray,
    half_life_years: np.ndarray,
    sigma_log: np.ndarray,
    tail_df: float,
    history_cny_per_t: Mapping[int, float] | None = None,
    anchor_year_months: int = 0,
    explicit_cny_per_t: Mapping[int, float] | None = None,
) -> np.ndarray:
    """Annual mean price paths ``(n_paths, n_years)`` in CNY/t (module equations).

    ``u``: ``(n_paths, n_years)`` uniforms (Student-t innovations by inverse CDF). Years up to
    the last full observed year take ``history_cny_per_t`` (the anchor where a year is
    missing); ``anchor_year_months`` observed months of a partial anchor year keep their weight.
    """
    yrs = np.asarray(years, dtype=int)
    n = u.shape[0]
    h_life = np.maximum(np.broadcast_to(np.asarray(half_life_years, float), (n,)), 1e-6)
    sig = np.broadcast_to(np.asarray(sigma_log, float), (n,))
    mu = np.log(np.broadcast_to(np.asarray(level_cny_per_t, float), (n,)))
    x = np.log(np.broadcast_to(np.asarray(anchor_cny_per_t, float), (n,))).copy()
    t_now = anchor_year + (anchor_month - 0.5) / MONTHS_PER_YEAR
    u = np.clip(u, 1e-12, 1 - 1e-12)
    if tail_df >= NORMAL_DF:
        eps = ndtri(u)  # the normal limit (and 20 times faster than the t quantile)
    else:
        eps = stats.t.ppf(u, df=tail_df) * np.sqrt((tail_df - 2.0) / tail_df)  # unit variance
    hist = history_cny_per_t or {}
    anchor_mean = float(np.exp(np.mean(x)))
    stat_scale = np.sqrt(1.0 - _phi(1.0, h_life) ** 2)
    sig = sig * np.sqrt((1.0 + _phi(1.0, h_life)) / 2.0)  # innovation scale from the change sd
    out = np.empty((n, yrs.size))
    for j, year in enumerate(yrs):
        mid = year + 0.5
        done = year == anchor_year and anchor_year_months >= MONTHS_PER_YEAR
        if year < anchor_year or done:
            out[:, j] = hist.get(int(year), anchor_mean)  # observed (the anchor where missing)
            continue
        d = max(mid - t_now, 0.0)
        phi = _phi(d, h_life)
        x = (
            mu
            + phi * (x - mu)
            + sig * np.sqrt(np.maximum(1.0 - phi**2, 0.0)) / stat_scale * (eps[:, j])
        )
        t_now = max(mid, t_now)
        level = np.exp(x)
        if year == anchor_year:
            m = anchor_year_months
            obs = hist.get(int(year), anchor_mean)
            level = (m * obs + (MONTHS_PER_YEAR - m) * level) / MONTHS_PER_YEAR
        out[:, j] = level
    for year, val in (explicit_cny_per_t or {}).items():
        out[:, yrs == year] = val
    return out
