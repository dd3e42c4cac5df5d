"""EV lithium demand, IEA critical-minerals style: sales x kWh per vehicle x kg LCE per kWh.

For a region (China or World), path ``i`` and year ``t``::

    sales_it   = K_i / (1 + (K_i / S0 - 1) exp(-r (t - t0)))        logistic adoption (vehicles/yr),
                 K_i = K exp(sigma z_i), anchored at the observed S0 in base year t0
    bev_t      = linear from bev_base (t0) to bev_end (trend_end_year), constant after
    kWh_pt     = kWh_p,2022 (1 + g_p)^(t - 2022)                     (p = BEV, PHEV; Busch 2022)
    I_pt       = lfp_t I_LFP + other_t I_nonLFP,p + sodium_t 0       (kg LCE/kWh, BatPaC),
                 lfp_t, sodium_t linear from their 2022 shares to the end shares,
                 other_t = 1 - lfp_t - sodium_t, I_nonLFP,p the 2022 kWh-weighted mean of the
                 non-LFP chemistries of powertrain p
    EV_it      = sales_it [bev_t kWh_BEV,t I_BEV,t + (1 - bev_t) kWh_PHEV,t I_PHEV,t] / 1000
    GWh_pit    = sales_it share_pt kWh_pt / 1e6       (battery demand by powertrain, GWh/yr,
                 share_BEV = bev_t, share_PHEV = 1 - bev_t), so
                 EV_it = sum_p GWh_pit 1e6 I_pt / 1000  (sales -> GWh -> t LCE)
    total_it   = EV_it (1 + other_demand_share) + non_battery   (other cells; glass, grease, ...)

EV demand is linear in sales by construction (a test checks it).

Basis of the sales (a decision, stated in ``datasets/scenarios/base.yaml``):

* **China: vehicles built in China** = CAAM NEV sales *including exports* (CAAM counts factory
  shipments, domestic + export; 2025: 16.49 m = 13.875 m domestic + 2.615 m exports,
  MBGPA_20260114, JUSTAUTO_202601). Their batteries are made in China from Chinese lithium
  chemicals whether the car is sold at home or abroad, so this is the demand Qinghai's carbonate
  competes for. The observed history (``china_nev_sales_units``) and the scenario's
  ``ev_sales_base_units`` are on this basis; domestic sales would understate 2025 by 16 %.
  CAAM NEV also counts commercial vehicles, to which the car battery sizes are applied; cells
  exported on their own are not in EV demand (part of ``other_demand_share_of_ev``).
* **World: cars sold**, by region of sale (IEA GEVO, BEV + PHEV cars). China's exported cars are
  in the world figure once, in the region that buys them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecasting.data.units import KWH_PER_GWH
from forecasting.errors import DataValidationError

#: Year of the battery size and chemistry data (Busch et al. 2025, EV Volumes 2022).
BATTERY_BASE_YEAR = 2022
KG_PER_T = 1_000.0
POWERTRAINS = ("BEV", "PHEV")


@dataclass(frozen=True)
class RegionBattery:
    """2022 battery facts of one region, per powertrain (BEV, PHEV)."""

    region: str
    kwh_per_vehicle: dict[str, float]
    lfp_share: dict[str, float]
    kg_lce_per_kwh_lfp: float
    kg_lce_per_kwh_non_lfp: dict[str, float]


def build_region_battery(
    battery_size: pd.DataFrame,
    chemistry_share: pd.DataFrame,
    intensity: pd.DataFrame,
    region: str,
    year: int = BATTERY_BASE_YEAR,
) -> RegionBattery:
    """Collapse the Busch 2022 tables to the few numbers the demand equations need.

    ``battery_size``: region, powertrain, year, battery_kwh_per_vehicle.
    ``chemistry_share``: region, powertrain, year, chemistry, share (of kWh).
    ``intensity``: chemistry, kg_lce_per_kwh.
    """
    kg = dict(zip(intensity["chemistry"], intensity["kg_lce_per_kwh"].astype(float), strict=True))
    if "LFP" not in kg:
        raise DataValidationError("lithium intensity table has no 'LFP' row (kg_lce_per_kwh)")
    kwh, lfp, non_lfp = {}, {}, {}
    for pt in POWERTRAINS:
        size = battery_size[
            (battery_size["region"] == region)
            & (battery_size["powertrain"] == pt)
            & (battery_size["year"] == year)
        ]
        if len(size) != 1:
            raise DataValidationError(
                f"battery size table: expected 1 row for region={region!r}, powertrain={pt!r}, "
                f"year={year}; found {len(size)}"
            )
        kwh[pt] = float(size["battery_kwh_per_vehicle"].iloc[0])
        chem = chemistry_share[
            (chemistry_share["region"] == region)
            & (chemistry_share["powertrain"] == pt)
            & (chemistry_share["year"] == year)
        ]
        unknown = sorted(set(chem["chemistry"]) - set(kg))
        if chem.empty or unknown:
            raise DataValidationError(
                f"chemistry share table, region={region!r}, powertrain={pt!r}: "
                f"{'no rows' if chem.empty else f'chemistries without intensity {unknown}'}"
            )
        share = chem["share"].astype(float).to_numpy()
        share = share / share.sum()
        is_lfp = (chem["chemistry"] == "LFP").to_numpy()
        lfp[pt] = float(share[is_lfp].sum())
        other = share[~is_lfp]
        kg_other = np.array([kg[c] for c in chem["chemistry"][~is_lfp]])
        non_lfp[pt] = float((other * kg_other).sum() / other.sum()) if other.sum() > 0 else 0.0
    return RegionBattery(region, kwh, lfp, float(kg["LFP"]), non_lfp)


def logistic_sales(
    years: np.ndarray,
    base_year: int,
    base_units: float,
    saturation_units: np.ndarray,
    growth_rate_per_year: np.ndarray,
) -> np.ndarray:
    """``S(t) = K / (1 + (K/S0 - 1) exp(-r (t - t0)))`` in vehicles/yr, ``(n_paths, n_years)``."""
    k = np.asarray(saturation_units, dtype=float)[:, None]
    r = np.asarray(growth_rate_per_year, dtype=float)[:, None]
    dt = np.asarray(years, dtype=float)[None, :] - base_year
    return k / (1.0 + (k / base_units - 1.0) * np.exp(-r * dt))


def linear_share(
    years: np.ndarray, start_year: int, start: np.ndarray, end_year: int, end: np.ndarray
) -> np.ndarray:
    """Linear move from ``start`` (start_year) to ``end`` (end_year), flat outside; clipped to
    [0, 1]. ``start``/``end`` are ``(n_paths,)``; returns ``(n_paths, n_years)``."""
    frac = np.clip(
        (np.asarray(years, dtype=float) - start_year) / max(end_year - start_year, 1), 0.0, 1.0
    )[None, :]
    s0 = np.asarray(start, dtype=float)[:, None]
    s1 = np.asarray(end, dtype=float)[:, None]
    return np.clip(s0 + (s1 - s0) * frac, 0.0, 1.0)


def battery_kwh_per_vehicle(
    years: np.ndarray, battery: RegionBattery, kwh_growth: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """kWh per vehicle by powertrain: ``kWh_pt = kWh_p,2022 (1 + g_p)^(t - 2022)``.

    ``kwh_growth``: powertrain -> ``(n_paths,)`` growth per year; returns powertrain ->
    ``(n_paths, n_years)`` in kWh/vehicle.
    """
    yrs = np.asarray(years, dtype=float)[None, :] - BATTERY_BASE_YEAR
    return {
        pt: battery.kwh_per_vehicle[pt] * (1.0 + np.asarray(kwh_growth[pt], float)[:, None]) ** yrs
        for pt in POWERTRAINS
    }


def lithium_intensity_kg_per_kwh(
    years: np.ndarray,
    battery: RegionBattery,
    lfp_share_end: np.ndarray,
    sodium_share_end: np.ndarray,
    trend_end_year: int,
) -> dict[str, np.ndarray]:
    """kg LCE per kWh by powertrain (the chemistry mix): ``I_pt = lfp_t I_LFP + (1 - lfp_t -
    sodium_t) I_nonLFP,p`` (sodium-ion holds no lithium); powertrain -> ``(n_paths, n_years)``."""
    yrs = np.asarray(years, dtype=float)
    n = np.asarray(lfp_share_end).shape[0]
    sodium = linear_share(yrs, BATTERY_BASE_YEAR, np.zeros(n), trend_end_year, sodium_share_end)
    out = {}
    for pt in POWERTRAINS:
        lfp_start = np.full(n, battery.lfp_share[pt])
        lfp = linear_share(yrs, BATTERY_BASE_YEAR, lfp_start, trend_end_year, lfp_share_end)
        lfp = np.minimum(lfp, 1.0 - sodium)
        out[pt] = (
            lfp * battery.kg_lce_per_kwh_lfp
            + (1.0 - lfp - sodium) * battery.kg_lce_per_kwh_non_lfp[pt]
        )
    return out


def powertrain_shares(bev_share: np.ndarray) -> dict[str, np.ndarray]:
    """Share of EV sales by powertrain: BEV ``bev_t``, PHEV ``1 - bev_t``."""
    return {"BEV": bev_share, "PHEV": 1.0 - bev_share}


def lithium_per_vehicle_kg(
    years: np.ndarray,
    battery: RegionBattery,
    bev_share: np.ndarray,
    kwh_growth: dict[str, np.ndarray],
    lfp_share_end: np.ndarray,
    sodium_share_end: np.ndarray,
    trend_end_year: int,
) -> np.ndarray:
    """Mean kg LCE per EV sold, ``(n_paths, n_years)``: ``sum_p share_pt kWh_pt I_pt``."""
    kwh = battery_kwh_per_vehicle(years, battery, kwh_growth)
    kg_per_kwh = lithium_intensity_kg_per_kwh(
        years, battery, lfp_share_end, sodium_share_end, trend_end_year
    )
    share = powertrain_shares(bev_share)
    total = np.zeros_like(kwh["BEV"] * kg_per_kwh["BEV"])
    for pt in POWERTRAINS:
        total += share[pt] * kwh[pt] * kg_per_kwh[pt]
    return total


def battery_demand_gwh(
    sales_units: np.ndarray, share: np.ndarray, kwh_per_vehicle: np.ndarray
) -> np.ndarray:
    """EV battery demand of one powertrain in GWh/yr, before the chemistry step:
    ``GWh_pt = sales_t x share_pt x kWh_pt / KWH_PER_GWH`` (vehicles/yr x kWh/vehicle)."""
    return np.asarray(sales_units, dtype=float) * share * kwh_per_vehicle / KWH_PER_GWH


def battery_demand_by_powertrain_gwh(
    sales_units: np.ndarray, bev_share: np.ndarray, kwh_per_vehicle: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """:func:`battery_demand_gwh` for each powertrain (BEV share ``bev_t``, PHEV ``1 - bev_t``);
    powertrain -> ``(n_paths, n_years)`` GWh/yr."""
    share = powertrain_shares(bev_share)
    return {
        pt: battery_demand_gwh(sales_units, share[pt], kwh_per_vehicle[pt]) for pt in POWERTRAINS
    }


def lithium_from_gwh_t_lce(gwh: np.ndarray, kg_lce_per_kwh: np.ndarray) -> np.ndarray:
    """``t LCE = GWh x KWH_PER_GWH x kg LCE/kWh / KG_PER_T`` (kg LCE/kWh of the chemistry mix)."""
    return np.asarray(gwh, dtype=float) * KWH_PER_GWH * kg_lce_per_kwh / KG_PER_T


def ev_lithium_demand_t_lce(sales_units: np.ndarray, kg_lce_per_vehicle: np.ndarray) -> np.ndarray:
    """``EV demand (t LCE) = sales (vehicles) x kg LCE per vehicle / 1000``."""
    return np.asarray(sales_units, dtype=float) * kg_lce_per_vehicle / KG_PER_T
