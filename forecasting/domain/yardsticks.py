"""Model lithium demand against published figures on the same scope (ratio = model / published).

The scopes (see ``base.yaml``, ``demand``):

* **China**: lithium in the lithium-ion cells made in China (EV cells for China-built vehicles,
  exported cells, storage, consumer) plus non-battery uses. Cell yardstick: CABIA all-use
  lithium-ion production, 940 GWh in 2023 (REDPLANX_2244123); the cell ratio of the model
  (``other_demand_share_of_ev``) was set from 2021 (TECHEX_20220224, PEOPLESDAILY_20220726), so
  2023 is out of sample. Lithium yardstick: China's lithium consumption 2020, 90.76 kt LCE in
  batteries + 49.53 kt in traditional sectors (MFA2022_SUSTAINABILITY, peer-reviewed).
* **World**: EV cars sold (IEA) with storage and consumer batteries; no non-battery uses (the
  data hold no world figure by end use). Yardstick: world lithium demand 2020, 367.8 kt LCE,
  40 % of it for power batteries (ORIENT_71396, a broker estimate): the power-battery part is
  compared with the model's EV demand, the total with the model's total.

Each row: region, quantity, year, model median (and 10-90 %), published value, unit, ratio,
source_id, scope note.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: (region, quantity, year, published, unit, source_id, scope note, model series, factor)
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
    ),
    (
        "world",
        "lithium demand, all uses",
        2020,
        367_800.0,
        "t LCE",
        "ORIENT_71396",
        "model: EV cars + storage + consumer, no non-battery uses",
        "world_lithium_demand_t_lce",
        "value",
    ),
    (
        "world",
        "lithium demand, power (EV) batteries",
        2020,
        0.4 * 367_800.0,
        "t LCE",
        "ORIENT_71396",
        "40 % of the total; model: EV cars only (no buses, trucks, two-wheelers)",
        "world_ev_lithium_demand_t_lce",
        "value",
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
    for region, what, year, pub, unit, src, note, series, how in YARDSTICKS:
        vals = _model_values(result, series, how, year)
        if vals is None or not np.isfinite(vals).all():
            continue
        p10, p50, p90 = np.quantile(vals, [0.1, 0.5, 0.9])
        rows.append((region, what, year, p50, p10, p90, pub, unit, p50 / pub, src, note))
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
    ]
    return pd.DataFrame(rows, columns=cols)
