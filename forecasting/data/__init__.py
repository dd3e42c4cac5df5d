"""Curated, cited datasets and their validated loaders (``datasets/`` -> tidy typed frames).

Every loader accepts ``path=`` (a user's file or folder in the same schema) and never modifies
files; time-series loaders accept ``as_of=`` (rows known by that date). See
``forecasting.data.tables`` for every table's columns and units.
"""

from __future__ import annotations

from forecasting.data.anchors import load_anchor_observations
from forecasting.data.datapackage import build_datapackage, write_datapackage
from forecasting.data.demand import (
    load_battery_chemistry_share,
    load_battery_size,
    load_china_bev_monthly,
    load_china_nev_sales,
    load_china_power_battery,
    load_iea_ev_projections,
    load_iea_ev_sales,
    load_lithium_intensity,
)
from forecasting.data.levers import (
    load_battery_recycling,
    load_brine_chemistry,
    load_extraction_technology,
    load_lithium_reserves,
    load_policy_events,
    load_qinghai_resources,
    production_halts,
)
from forecasting.data.producers import load_qinghai_producers
from forecasting.data.qinghai import (
    load_company_output,
    load_qinghai_capacity,
    load_qinghai_industry_value,
    load_qinghai_output,
    load_qinghai_project_first_output,
    load_qinghai_project_status,
    load_qinghai_projects,
    load_targets,
)
from forecasting.data.registry import apply_as_of, datasets_dir, load_table
from forecasting.data.series import SERIES, list_series, load_series
from forecasting.data.sources import load_sources, preferred
from forecasting.data.supply import (
    load_china_lithium_production,
    load_gfex_monthly,
    load_lithium_mine_production,
    load_lithium_price,
    load_unit_conversions,
)
from forecasting.data.tables_levers import TECHNOLOGIES
from forecasting.data.units import (
    KWH_PER_GWH,
    KWH_PER_MWH,
    LI2O_TO_LCE,
    LI_TO_LCE,
    LICL_TO_LCE,
    LIOH_H2O_TO_LCE,
    MWH_PER_GWH,
    T_PER_KT,
    convert,
)

__all__ = [
    "KWH_PER_GWH",
    "KWH_PER_MWH",
    "LI2O_TO_LCE",
    "LICL_TO_LCE",
    "LIOH_H2O_TO_LCE",
    "LI_TO_LCE",
    "MWH_PER_GWH",
    "SERIES",
    "TECHNOLOGIES",
    "load_anchor_observations",
    "production_halts",
    "load_qinghai_resources",
    "load_policy_events",
    "load_lithium_reserves",
    "load_extraction_technology",
    "load_brine_chemistry",
    "load_battery_recycling",
    "T_PER_KT",
    "apply_as_of",
    "build_datapackage",
    "convert",
    "datasets_dir",
    "list_series",
    "load_battery_chemistry_share",
    "load_battery_size",
    "load_china_bev_monthly",
    "load_china_lithium_production",
    "load_china_nev_sales",
    "load_china_power_battery",
    "load_company_output",
    "load_gfex_monthly",
    "load_iea_ev_projections",
    "load_iea_ev_sales",
    "load_lithium_intensity",
    "load_lithium_mine_production",
    "load_lithium_price",
    "load_qinghai_capacity",
    "load_qinghai_industry_value",
    "load_qinghai_output",
    "load_qinghai_producers",
    "load_qinghai_project_first_output",
    "load_qinghai_project_status",
    "load_qinghai_projects",
    "load_series",
    "load_sources",
    "load_table",
    "load_targets",
    "load_unit_conversions",
    "preferred",
    "write_datapackage",
]
