"""World supply, market balance and Qinghai's shares (t LCE per year).

For path ``i`` and year ``t``::

    world_supply_it   = S_base (1 + g_i)^(t - t_base),   g_i ~ Normal(g, sd)
    world_balance_it  = world_supply_it - world_demand_it               (surplus > 0)
    qinghai_gap_it    = qinghai_output_it - china_demand_it             (negative: China imports)
    share_china_it    = qinghai_output_it / china_demand_it
    share_world_it    = qinghai_output_it / world_supply_it

World supply is a trend on observed mine production (a stated scenario assumption), not a
project model; it exists so that Qinghai's share and the balance have a denominator.
"""

from __future__ import annotations

import numpy as np


def world_supply_t_lce(
    years: np.ndarray,
    z: np.ndarray,
    *,
    base_year: int,
    base_t_lce: np.ndarray,
    growth_per_year: np.ndarray,
    growth_sd: np.ndarray,
) -> np.ndarray:
    """``S_base (1 + g_i)^(t - t_base)``, ``(n_paths, n_years)`` in t LCE/yr."""
    g = np.maximum(np.asarray(growth_per_year) + np.asarray(growth_sd) * z, -0.99)[:, None]
    dt = np.asarray(years, dtype=float)[None, :] - base_year
    return np.asarray(base_t_lce, dtype=float)[:, None] * (1.0 + g) ** dt


def simulate_balance(
    world: np.ndarray,
    qinghai_output_t_lce: np.ndarray,
    china_demand_t_lce: np.ndarray,
    world_demand_t_lce: np.ndarray,
) -> dict[str, np.ndarray]:
    """Balances and shares, each ``(n_paths, n_years)`` (module equations)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share_china = np.where(
            china_demand_t_lce > 0, qinghai_output_t_lce / china_demand_t_lce, np.nan
        )
        share_world = np.where(world > 0, qinghai_output_t_lce / world, np.nan)
    return {
        "world_lithium_supply_t_lce": world,
        "world_lithium_balance_t_lce": world - world_demand_t_lce,
        "qinghai_minus_china_demand_t_lce": qinghai_output_t_lce - china_demand_t_lce,
        "qinghai_share_of_china_demand": share_china,
        "qinghai_share_of_world_supply": share_world,
    }
