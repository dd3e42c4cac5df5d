"""Model lithium demand against published figures on the same scope (ratio = model / published).

The scopes (see ``base.yaml``, ``demand``):

* **China**: lithium in the lithium-ion cells made in China (EV cells for China-built vehicles,
  exported cells, storage, consumer) plus non-battery uses. Cell yardstick: CABIA all-use
  lithium-ion production, 940 GWh in 2023 (REDPLANX_2244123); the cell ratio of the model
  (``other_demand_share_of_ev``) was set from 2021 (TECHEX_20220224, PEOPLESDAILY_20220726), so
  2023 is out of sample. Lithium yardstick: China's lithium consumption 2020, 90.76 kt LCE in
  batteries + 49.53 kt in traditional sectors (MFA2022_SUSTAINABILITY, peer-reviewed).
* **World**: EV cars sold (IEA) with storage and consumer batteries, plus non-battery uses held
  at Busch et al.'s 2022 "Other Sectors" (29.67 kt Li = 157.9 kt LCE, BUSCH2025_DEMAND).
  Yardsticks (the chosen ones): Busch et al. (2025) modelled 2022 world lithium demand, their
  model's base year built on EV Volumes sales: cars 55.60 kt Li = 296.0 kt LCE, all end uses
  113.54 kt Li = 604.4 kt LCE (BUSCH2025_DEMAND, grade B). The model shares Busch's 2022 kWh per
  vehicle and chemistry mix (BUSCH2025_REPO), so the car ratio tests the IEA sales against EV
  Volumes and the lithium intensities, and the all-uses ratio adds the storage/consumer ratio
  (set on China 2021) against Busch's buses, trucks, two-wheelers and storage. The broker figure
  of 2020 (367.8 kt LCE, 40 % power batteries, ORIENT_71396, grade C) is kept for comparison
  and not chosen: it counts supply-chain stock and implies ~0.9 kg LCE per kWh of 2020 EV cells.

Each row: region, quantity, year, model median (and 10-90 %), published value, unit, ratio,
source_id, scope note, and ``chosen`` (the yardstick the model is held to, ratio 0.8-1.25).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from forecasting.data.units import LI_TO_LCE

#: (region, quantity, year, published, unit, source_id, scope note, model series, factor, chosen)
#: t Li -> t LCE for the Busch rows uses forecasting.data.units.LI_TO_LCE.
YARDSTICKS = (
    (
        "china",
        "lithium-ion cells made in China, all uses",
        2023,
        940.0,
        "GWh",
        "REDPLANX_2244123",
        "model: EV cells x (1 + other cells ratio set on 2021)",
        "china_ev_battery_demand_gwh",
        "cells",
        True,
    ),
    (
        "china",
        "lithium-ion cells made in China, all uses",
        2021,
        324.0,
        "GWh",
        "TECHEX_20220224",
        "in sample: the other-cells ratio is set on this year",
        "china_ev_battery_demand_gwh",
        "cells",
        False,
    ),
    (
        "china",
        "lithium consumption, batteries + traditional",
        2020,
        140_289.9,
        "t LCE",
        "MFA2022_SUSTAINABILITY",
        "90.76 kt batteries + 49.53 kt traditional sectors",
        "china_lithium_demand_t_lce",
        "value",
        True,
    ),
    (
        "china",
        "lithium consumption, batteries",
        2020,
        90_758.66,
        "t LCE",
        "MFA2022_SUSTAINABILITY",
        "model: all China-made cells",
        "china_lithium_demand_t_lce",
        "battery",
        False,
    ),
    (
        "world",
        "lithium demand of EV cars",
        2022,
        55_599.6166 * LI_TO_LCE,
        "t LCE",
        "BUSCH2025_DEMAND",
        "Busch 'Car', 55.60 kt Li; model: IEA EV car sales, Busch kWh and mix",
        "world_ev_lithium_demand_t_lce",
        "value",
        True,
    ),
    (
        "world",
        "lithium demand, all uses",
        2022,
        113_535.0268 * LI_TO_LCE,
        "t LCE",
        "BUSCH2025_DEMAND",
        "113.54 kt Li; model: EV cars + storage/consumer + non-battery",
        "world_lithium_demand_t_lce",
        "value",
        True,
    ),
    (
        "world",
        "lithium demand, all uses",
        2020,
        367_800.0,
        "t LCE",
        "ORIENT_71396",
        "broker estimate (grade C), not chosen",
        "world_lithium_demand_t_lce",
        "value",
        False,
    ),
    (
        "world",
        "lithium demand, power (EV) batteries",
        2020,
        0.4 * 367_800.0,
        "t LCE",
        "ORIENT_71396",
        "40 % of the broker total, not chosen; model: EV cars only",
        "world_ev_lithium_demand_t_lce",
        "value",
        False,
    ),
)


def _model_values(result, series: str, how: str, year: int) -> np.ndarray | None:
    years = list(result.years)
    if year not in years or series not in result.paths:
        return None
    j = years.index(year)
    arr = result.paths[series][:, j]
    region = series.split("_", 1)[0]
    cfg = getattr(result.scenario.demand, region)
    if how == "cells":
        return arr * (1.0 + cfg.other_demand_share_of_ev)
    if how == "battery":
        return arr - cfg.non_battery_demand_t_lce
    return arr


def yardstick_table(result) -> pd.DataFrame:
    """Model medians against the published figures of :data:`YARDSTICKS` (rows whose year the
    result simulates and whose series it has)."""
    rows = []
    for region, what, year, pub, unit, src, note, series, how, chosen in YARDSTICKS:
        vals = _model_values(result, series, how, year)
        if vals is None or not np.isfinite(vals).all():
            continue
        p10, p50, p90 = np.quantile(vals, [0.1, 0.5, 0.9])
        rows.append((region, what, year, p50, p10, p90, pub, unit, p50 / pub, src, note, chosen))
    cols = [
        "region",
        "quantity",
        "year",
        "model_p50",
        "model_p10",
        "model_p90",
        "published",
        "unit",
        "ratio",
        "source_id",
        "scope_note",
        "chosen",
    ]
    return pd.DataFrame(rows, columns=cols)
