"""Qinghai lithium industry output value: carbonate volume x price, plus lithium-ion cells.

Price path (CNY/t, battery-grade Li2CO3), for path ``i`` and year ``t``::

    m_t      = observed annual mean                                   t <= anchor year (if known)
             = anchor + (level - anchor) min(1, (t - t_a) / T_conv)   t >  anchor year
    price_it = m_t exp(sigma z_it - sigma^2 / 2)   (mean-preserving noise, t > anchor year only)
    explicit ``path_cny_per_t`` entries replace price_it for their years (no noise).

Value (bn CNY)::

    carbonate_it = output_it (t) x price_it (CNY/t) / 1e9
    cells_it     = cell_output_it (GWh) x 1e6 (kWh/GWh) x cell_price (CNY/kWh) / 1e9
    value_it     = carbonate_it + cells_it
    at_ref_it    = output_it x reference_price / 1e9 + cells_it        (volume effect only)
    price_effect = value_it - at_ref_it

Cell capacity (GWh/yr) is linear from ``capacity_base_gwh`` (base_year) to ``capacity_end_gwh``
(end_year), flat outside, times ``1 + h (2 U_i - 1)``; cell output = capacity x utilisation.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from forecasting.errors import DataValidationError

CNY_PER_BN_CNY = 1e9
KWH_PER_GWH = 1e6


def annual_price_history(prices: pd.DataFrame) -> dict[int, float]:
    """Annual mean battery-grade price (CNY/t) from the ``load_lithium_price()`` frame.

    Uses rows with a ``price_mid_cny_per_t`` value (ranges, points and approximate values; peaks,
    bounds and company realised prices are left out when ``value_kind`` says so); the mean is over
    the observations of each calendar year (a plain average of what was reported, not a VWAP).
    """
    date_col = "period_start" if "period_start" in prices.columns else "date"
    need = {"price_mid_cny_per_t", date_col}
    if not need <= set(prices.columns):
        raise DataValidationError(f"price table lacks columns {sorted(need - set(prices.columns))}")
    rows = prices.dropna(subset=["price_mid_cny_per_t"])
    if "value_kind" in rows.columns:
        rows = rows[rows["value_kind"].isin(["range", "point", "approximate"])]
    year = pd.to_datetime(rows[date_col].astype(str).str[:4], format="%Y").dt.year
    means = rows.groupby(year.to_numpy())["price_mid_cny_per_t"].mean()
    return {int(y): float(v) for y, v in means.items()}


def price_paths(
    years: np.ndarray,
    z: np.ndarray,
    *,
    anchor_year: int,
    anchor_cny_per_t: float,
    level_cny_per_t: np.ndarray,
    convergence_years: float | np.ndarray,
    volatility_log_sd: np.ndarray,
    history_cny_per_t: Mapping[int, float] | None = None,
    explicit_cny_per_t: Mapping[int, float] | None = None,
) -> np.ndarray:
    """Lithium carbonate price paths, ``(n_paths, n_years)`` in CNY/t (module equations)."""
    yrs = np.asarray(years, dtype=float)
    level = np.asarray(level_cny_per_t, dtype=float)[:, None]
    conv = np.maximum(np.atleast_1d(np.asarray(convergence_years, dtype=float)), 1e-9)[:, None]
    frac = np.clip((yrs[None, :] - anchor_year) / conv, 0.0, 1.0)
    mean = anchor_cny_per_t + (level - anchor_cny_per_t) * frac
    hist = history_cny_per_t or {}
    past = yrs <= anchor_year
    past_vals = np.array([hist.get(int(y), np.nan) for y in yrs])[None, :]
    past_vals = np.where(np.isnan(past_vals), anchor_cny_per_t, past_vals)
    mean = np.where(past[None, :], past_vals, mean)
    sd = np.asarray(volatility_log_sd, dtype=float)[:, None]
    noise = np.where(past[None, :], 1.0, np.exp(sd * z - 0.5 * sd**2))
    price = mean * noise
    for year, val in (explicit_cny_per_t or {}).items():
        price[:, yrs == year] = val
    return price


def cell_capacity_gwh(
    years: np.ndarray,
    u: np.ndarray,
    *,
    base_year: int,
    capacity_base_gwh: np.ndarray,
    end_year: int,
    capacity_end_gwh: np.ndarray,
    half_width: np.ndarray,
) -> np.ndarray:
    """Cell capacity paths (GWh/yr), ``(n_paths, n_years)``."""
    yrs = np.asarray(years, dtype=float)
    frac = np.clip((yrs - base_year) / (end_year - base_year), 0.0, 1.0)[None, :]
    c0 = np.asarray(capacity_base_gwh, dtype=float)[:, None]
    c1 = np.asarray(capacity_end_gwh, dtype=float)[:, None]
    scale = 1.0 + np.asarray(half_width, dtype=float)[:, None] * (2.0 * u[:, None] - 1.0)
    return np.maximum((c0 + (c1 - c0) * frac) * scale, 0.0)


def carbonate_value_bn_cny(output_t_lce: np.ndarray, price_cny_per_t: np.ndarray) -> np.ndarray:
    """``output (t) x price (CNY/t) / 1e9`` in bn CNY."""
    return output_t_lce * price_cny_per_t / CNY_PER_BN_CNY


def cell_value_bn_cny(cell_output_gwh: np.ndarray, price_cny_per_kwh: np.ndarray) -> np.ndarray:
    """``GWh x 1e6 kWh/GWh x CNY/kWh / 1e9`` in bn CNY."""
    price = np.asarray(price_cny_per_kwh, dtype=float)
    if price.ndim == 1:
        price = price[:, None]
    return cell_output_gwh * KWH_PER_GWH * price / CNY_PER_BN_CNY
