"""The four levers of Qinghai's lithium plan, applied to the conditioned supply paths.

Each lever acts on the years from its start year on (the history the paths were conditioned
on is left alone), per listed project ``p`` (output ``O_pt``, capacity ``C_pt``, listed
nameplate ``N_p``) and on the unlisted block ``(O^u_t, C^u_t)``. At its neutral values
(``base.yaml``) every lever returns its input unchanged, exactly.

1. **Technology** (recovery of lithium from brine)::

       r_t = r_now + (r_target - r_now) clip((t - t_0 + 1) / T, 0, 1)
       g_t = 1 + b (r_t / r_now - 1)       (b: share of output limited by brine, not plant)
       O_pt <- min(g_t O_pt, f_max C_pt)   (f_max: largest effective-to-listed nameplate)

2. **Ecological ceiling** (sustainable extraction)::

       K = min(R_Li x LI_TO_LCE x e, Q)    (R: reserves, e: extraction share per year,
                                             Q: brine/water quota, none if 0)
       O_t <- O_t min(1, K / sum O_t)      (all producers scaled alike; never above K)

3. **Policy control**: plants whose listed nameplate is below the entry threshold close from
   the threshold year (capacity and output 0); the completion probability of approved,
   announced and unknown projects is multiplied by the approval pace (before the simulation,
   :func:`policy_params`); licence or inspection halts hit each plant-year with probability
   ``p`` and take ``d / 365`` of its output.

4. **Recycling** (secondary lithium from retired EV batteries in China)::

       retired_t  = EV_GWh_{t - L}                         (battery life L years)
       recycled_t = retired_t x 1e6 kWh/GWh x k kg LCE/kWh / 1000 x c_t x eta
       c_t        = c_now + (c_target - c_now) clip((t - t_c) / (T_c - t_c), 0, 1)
       primary_t  = China demand_t - recycled_t

   with ``eta`` the lithium recovery of the recycling process. A share ``s`` of the recycled
   LCE processed in Qinghai adds ``s x recycled x price`` to Qinghai's output value.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from forecasting.data.units import LI_TO_LCE

KWH_PER_GWH = 1e6
KG_PER_T = 1e3
DAYS_PER_YEAR = 365.0


def _from(years: np.ndarray, start: int) -> np.ndarray:
    return np.asarray(years, dtype=int) >= int(start)


def _col(params: Mapping[str, np.ndarray], key: str) -> np.ndarray:
    return np.asarray(params[key], dtype=float)[:, None]


def recovery_multiplier(years: np.ndarray, params: Mapping[str, np.ndarray], cfg) -> np.ndarray:
    """``g_t`` of lever 1, ``(n, n_years)`` (1 before the upgrade starts)."""
    p = "levers.technology."
    r_now, r_target = _col(params, p + "recovery_now"), _col(params, p + "recovery_target")
    frac = np.clip(
        (np.asarray(years, float)[None, :] - cfg.upgrade_start_year + 1.0) / cfg.upgrade_years,
        0.0,
        1.0,
    )
    r_t = r_now + (r_target - r_now) * frac
    return 1.0 + _col(params, p + "brine_limited_share") * (r_t / r_now - 1.0)


def _any(params: Mapping[str, np.ndarray], key: str, neutral: float) -> bool:
    return bool(np.any(np.asarray(params[key], float) != neutral))


def apply_supply_levers(sup, years: np.ndarray, params, levers, rng) -> tuple:
    """Capacity and output ``(n, n_years)`` after levers 1-3 (module equations). Whether a
    lever acts is read from ``params`` (so a sensitivity design can turn it path by path);
    when none does, the input totals come back unchanged (the ecological ceiling then only
    takes a minimum, exact where it does not bind). ``rng``: a generator for the halts."""
    cap_p, out_p = sup.project_capacity, sup.project_output
    cap_u, out_u = sup.unlisted_capacity, sup.unlisted_output
    changed = False
    t, pol = "levers.technology.", "levers.policy."
    if np.any(np.asarray(params[t + "recovery_target"]) != np.asarray(params[t + "recovery_now"])):
        g = recovery_multiplier(years, params, levers.technology)
        f_max = params["supply.nameplate_factor_high"][:, None]
        out_p = np.minimum(out_p * g[:, None, :], np.maximum(f_max[:, :, None] * cap_p, out_p))
        out_u = np.minimum(out_u * g, np.maximum(f_max * cap_u, out_u))
        changed = True
    if _any(params, pol + "entry_threshold_t_lce", 0.0):
        limit = np.asarray(params[pol + "entry_threshold_t_lce"], float)[:, None]
        small = sup.nameplate_t_lce[None, :] < limit
        shut = small[:, :, None] & _from(years, levers.policy.threshold_year)[None, None, :]
        cap_p, out_p = np.where(shut, 0.0, cap_p), np.where(shut, 0.0, out_p)
        changed = True
    if _any(params, pol + "halt_probability_per_plant_year", 0.0):
        prob = np.asarray(params[pol + "halt_probability_per_plant_year"], float)[:, None, None]
        hit = rng.random(out_p.shape) < prob
        hit &= _from(years, levers.policy.halt_start_year)[None, None, :]
        days = np.asarray(params[pol + "halt_days"], float)[:, None, None]
        out_p = out_p * np.where(hit, 1.0 - days / DAYS_PER_YEAR, 1.0)
        changed = True
    if changed:
        capacity, output = cap_p.sum(axis=1) + cap_u, out_p.sum(axis=1) + out_u
    else:
        capacity, output = sup.capacity, sup.output
    return capacity, ecological_cap(output, years, params, levers.ecological)


def ecological_ceiling_t_lce(params: Mapping[str, np.ndarray], eco) -> np.ndarray:
    """``K`` of lever 2, ``(n,)`` t LCE/yr."""
    p = "levers.ecological."
    k = (
        np.asarray(params[p + "reserves_t_li"], float)
        * LI_TO_LCE
        * np.asarray(params[p + "max_extraction_share_per_year"], float)
    )
    quota = np.asarray(params[p + "brine_quota_t_lce"], float)
    return np.where(quota > 0, np.minimum(k, quota), k)


def ecological_cap(output: np.ndarray, years: np.ndarray, params, eco) -> np.ndarray:
    """Output capped at the ecological ceiling from its start year (lever 2)."""
    if not eco.enabled:
        return output
    cap = ecological_ceiling_t_lce(params, eco)[:, None]
    return np.where(_from(years, eco.start_year)[None, :], np.minimum(output, cap), output)


def policy_params(params: Mapping[str, np.ndarray], levers) -> dict[str, np.ndarray]:
    """Parameters with the approval pace applied to the completion probability of approved,
    announced and unknown projects (clipped to 1); the same dict when the pace is 1."""
    pace = np.asarray(params["levers.policy.approval_pace"], float)
    if np.all(pace == 1.0):
        return dict(params)
    out = dict(params)
    for status in ("approved", "announced", "unknown"):
        key = f"supply.completion_probability.{status}"
        out[key] = np.clip(np.asarray(params[key], float) * pace, 0.0, 1.0)
    return out


def recycled_lithium_t_lce(
    years: np.ndarray, ev_gwh: np.ndarray, kg_lce_per_kwh: np.ndarray, params, rec, history
) -> np.ndarray:
    """Recycled LCE in China, ``(n, n_years)`` t LCE/yr (lever 4). ``ev_gwh``: China EV
    battery demand paths; ``history``: observed EV battery GWh by year (earlier years)."""
    yrs = np.asarray(years, dtype=int)
    life = int(rec.battery_life_years)
    retired = np.zeros_like(ev_gwh)
    for j, year in enumerate(yrs):
        src = year - life
        if src in yrs:
            retired[:, j] = ev_gwh[:, int(np.flatnonzero(yrs == src)[0])]
        elif src in history:
            retired[:, j] = history[src]
    p = "levers.recycling."
    frac = np.clip(
        (yrs[None, :] - rec.start_year) / max(rec.target_year - rec.start_year, 1), 0.0, 1.0
    )
    c_t = (
        _col(params, p + "collection_rate_now")
        + (_col(params, p + "collection_rate_target") - _col(params, p + "collection_rate_now"))
        * frac
    )
    eta = _col(params, p + "lithium_recovery")
    return retired * KWH_PER_GWH * kg_lce_per_kwh / KG_PER_T * c_t * eta
