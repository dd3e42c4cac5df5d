"""The simulated series of the domain model and their metrics (shared by ``run`` and ``tables``).

``ScenarioPaths`` is the shape ``tables`` reads from a result (a protocol, so ``tables`` needs
no import of ``run``).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

#: Every simulated series: unique_id -> metric (the kind of quantity; capacity and output differ).
SERIES_METRIC = {
    "qinghai_capacity_t_lce": "capacity",
    "qinghai_output_t_lce": "output",
    "qinghai_output_value_bn_cny": "output_value",
    "qinghai_carbonate_value_bn_cny": "output_value",
    "qinghai_cell_value_bn_cny": "output_value",
    "qinghai_output_value_at_reference_price_bn_cny": "output_value",
    "qinghai_cell_capacity_gwh": "cell_capacity",
    "lithium_carbonate_price_cny_per_t": "price",
    "china_ev_sales_units": "ev_sales",
    "world_ev_sales_units": "ev_sales",
    "china_ev_battery_demand_gwh": "battery_demand",
    "china_bev_battery_demand_gwh": "battery_demand",
    "china_phev_battery_demand_gwh": "battery_demand",
    "world_ev_battery_demand_gwh": "battery_demand",
    "world_bev_battery_demand_gwh": "battery_demand",
    "world_phev_battery_demand_gwh": "battery_demand",
    "china_ev_lithium_demand_t_lce": "demand",
    "world_ev_lithium_demand_t_lce": "demand",
    "china_lithium_demand_t_lce": "demand",
    "world_lithium_demand_t_lce": "demand",
    "world_lithium_supply_t_lce": "supply",
    "world_lithium_balance_t_lce": "balance",
    "qinghai_minus_china_demand_t_lce": "balance",
    "qinghai_share_of_china_demand": "share",
    "qinghai_share_of_world_supply": "share",
    "china_recycled_lithium_t_lce": "recycling",
    "china_primary_lithium_demand_t_lce": "demand",
    "qinghai_share_of_china_primary_demand": "share",
}


class ScenarioPaths(Protocol):
    """What the table builders read from a :class:`forecasting.domain.run.ScenarioResult`."""

    years: np.ndarray
    paths: dict[str, np.ndarray]
    seed: int

    @property
    def name(self) -> str: ...
