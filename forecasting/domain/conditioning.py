"""Condition the supply Monte Carlo on what was observed by ``as_of`` (sampling-importance-
resampling in two stages).

The prior is the project Monte Carlo (:mod:`forecasting.domain.project_pipeline`) plus the
unlisted block, run on a pool of ``k`` prior draws per wanted path. Each observation (one row of
:func:`forecasting.domain.observations.supply_observations`, value ``v``, error ``s``, model
value ``m_i`` on path ``i``) contributes a log-likelihood::

    point:  l_i = -0.5 ((log m_i - log v) / s)^2
    lower:  l_i = log Phi((log m_i - log v) / s)       (soft: "at least v")
    upper:  l_i = log Phi((log v - log m_i) / s)       (soft: "at most v")

Stage 1, per company with observations: the company's project draws are resampled across the
pool with weights ``exp(sum l_i)`` of its own observations (they depend on no other project, so
the companies are conditioned independently and their posteriors combine freely). Stage 2: whole
pool paths are resampled by the province-level observations. Resampling is systematic and stays
inside each block of paths that shares parameters (a sensitivity design's parameter set).

If the weights of a block collapse (effective sample size below ``min_ess_share`` of the pool),
the block's log-likelihood is tempered, ``w = exp(tau l)`` with the largest ``tau`` in (0, 1]
that restores it (found by bisection); ``tau < 1`` is reported, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import log_ndtr

#: Model values are floored here before taking logs (t LCE/yr).
FLOOR_T_LCE = 1.0


@dataclass(frozen=True)
class Resampled:
    """Row indices into the pool, the effective sample size share and the tempering power."""

    index: np.ndarray
    ess_share: float
    tempering: float


def log_likelihood(
    obs: pd.DataFrame, years: np.ndarray, series: dict[str, np.ndarray]
) -> np.ndarray:
    """``(n_paths,)`` summed log-likelihood of the observation rows whose series is in
    ``series`` (``(n_paths, n_years)`` arrays) and whose year is simulated."""
    yrs = np.asarray(years, dtype=int)
    n = next(iter(series.values())).shape[0]
    total = np.zeros(n)
    for rec in obs.to_dict("records"):
        arr = series.get(rec["series"])
        if arr is None or rec["year"] not in yrs:
            continue
        m = np.maximum(arr[:, int(np.flatnonzero(yrs == rec["year"])[0])], FLOOR_T_LCE)
        z = (np.log(m) - np.log(rec["value"])) / rec["sigma_log"]
        if rec["bound"] == "point":
            total += -0.5 * z**2
        else:
            total += log_ndtr(z if rec["bound"] == "lower" else -z)
    return total


def _ess_share(logw: np.ndarray) -> float:
    w = np.exp(logw - logw.max())
    return float(w.sum() ** 2 / (w**2).sum() / w.size)


def temper(loglik: np.ndarray, min_ess_share: float) -> tuple[np.ndarray, float]:
    """Log-weights ``tau * loglik`` with the largest ``tau`` in (0, 1] whose ESS share is at
    least ``min_ess_share`` (bisection, 30 steps), and ``tau``."""
    if _ess_share(loglik) >= min_ess_share:
        return loglik, 1.0
    lo, hi = 0.0, 1.0
    for _ in range(30):
        mid = 0.5 * (lo + hi)
        if _ess_share(mid * loglik) >= min_ess_share:
            lo = mid
        else:
            hi = mid
    return lo * loglik, lo


def systematic_resample(logw: np.ndarray, n_out: int, u: float) -> np.ndarray:
    """``n_out`` indices drawn in proportion to ``exp(logw)`` with one uniform ``u`` in [0, 1)
    (systematic resampling: positions ``(j + u) / n_out``), sorted."""
    w = np.exp(logw - logw.max())
    cdf = np.cumsum(w / w.sum())
    cdf[-1] = 1.0
    return np.searchsorted(cdf, (np.arange(n_out) + u) / n_out, side="right")


def resample_blocks(
    loglik: np.ndarray, k: int, block: int, min_ess_share: float, u: np.ndarray
) -> Resampled:
    """Resample ``block`` paths from each pool block of ``k * block`` rows (pool length
    ``k * n``); ``u``: one uniform per block. Returns pool row indices ``(n,)``."""
    pool_block = k * block
    n_blocks = loglik.size // pool_block
    out, ess, taus = [], [], []
    for j in range(n_blocks):
        sl = slice(j * pool_block, (j + 1) * pool_block)
        logw, tau = temper(loglik[sl], min_ess_share)
        ess.append(_ess_share(logw))
        taus.append(tau)
        out.append(j * pool_block + systematic_resample(logw, block, float(u[j])))
    return Resampled(np.concatenate(out), float(np.mean(ess)), float(np.min(taus)))


def resample_columns(
    draws: list[np.ndarray | None], columns: np.ndarray, index: np.ndarray
) -> list[np.ndarray | None]:
    """New draw arrays where ``columns`` (axis 1) take the rows ``index`` (others unchanged;
    None stays None)."""
    out = []
    for arr in draws:
        if arr is None:
            out.append(None)
            continue
        new = arr.copy()
        new[:, columns] = arr[index][:, columns]
        out.append(new)
    return out
