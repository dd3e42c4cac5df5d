"""Qinghai lithium industry output value: carbonate volume x price, plus lithium-ion cells.

Price paths (CNY/t) come from :mod:`forecasting.domain.price` (a mean-reverting log price).

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

import numpy as np

CNY_PER_BN_CNY = 1e9
KWH_PER_GWH = 1e6


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
