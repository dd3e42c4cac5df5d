"""Curated, cited datasets and their validated loaders (``datasets/`` -> tidy typed frames).

Every loader accepts ``path=`` (a user's file or folder in the same schema) and never modifies
files; time-series loaders accept ``as_of=`` (rows known by that date). See
``forecasting.data.tables`` for every table's columns and units.

The names below load on first use (``lithium-forecast --help`` stays free of pandas).
"""

from __future__ import annotations

from forecasting.lazy import lazy_exports

#: Public names -> the module that defines them, imported on first access.
_LAZY = {
    "KWH_PER_GWH": "forecasting.data.units",
    "KWH_PER_MWH": "forecasting.data.units",
    "LI2O_TO_LCE": "forecasting.data.units",
    "LICL_TO_LCE": "forecasting.data.units",
    "LIOH_H2O_TO_LCE": "forecasting.data.units",
    "LI_TO_LCE": "forecasting.data.units",
    "MWH_PER_GWH": "forecasting.data.units",
    "SERIES": "forecasting.data.series",
    "TECHNOLOGIES": "forecasting.data.tables_levers",
    "T_PER_KT": "forecasting.data.units",
    "apply_as_of": "forecasting.data.registry",
    "build_datapackage": "forecasting.data.datapackage",
    "convert": "forecasting.data.units",
    "datasets_dir": "forecasting.data.registry",
    "list_series": "forecasting.data.series",
    "load_anchor_observations": "forecasting.data.anchors",
    "load_battery_chemistry_share": "forecasting.data.demand",
    "load_battery_recycling": "forecasting.data.levers",
    "load_battery_size": "forecasting.data.demand",
    "load_brine_chemistry": "forecasting.data.levers",
    "load_china_bev_monthly": "forecasting.data.demand",
    "load_china_lithium_production": "forecasting.data.supply",
    "load_china_nev_sales": "forecasting.data.demand",
    "load_china_power_battery": "forecasting.data.demand",
    "load_company_output": "forecasting.data.qinghai",
    "load_extraction_technology": "forecasting.data.levers",
    "load_gfex_monthly": "forecasting.data.supply",
    "load_iea_ev_projections": "forecasting.data.demand",
    "load_iea_ev_sales": "forecasting.data.demand",
    "load_lithium_intensity": "forecasting.data.demand",
    "load_lithium_mine_production": "forecasting.data.supply",
    "load_lithium_price": "forecasting.data.supply",
    "load_lithium_reserves": "forecasting.data.levers",
    "load_policy_events": "forecasting.data.levers",
    "load_qinghai_capacity": "forecasting.data.qinghai",
    "load_qinghai_industry_value": "forecasting.data.qinghai",
    "load_qinghai_output": "forecasting.data.qinghai",
    "load_qinghai_producers": "forecasting.data.producers",
    "load_qinghai_project_first_output": "forecasting.data.qinghai",
    "load_qinghai_project_status": "forecasting.data.qinghai",
    "load_qinghai_projects": "forecasting.data.qinghai",
    "load_qinghai_resources": "forecasting.data.levers",
    "load_series": "forecasting.data.series",
    "load_sources": "forecasting.data.sources",
    "load_table": "forecasting.data.registry",
    "load_targets": "forecasting.data.qinghai",
    "load_unit_conversions": "forecasting.data.supply",
    "preferred": "forecasting.data.sources",
    "production_halts": "forecasting.data.levers",
    "write_datapackage": "forecasting.data.datapackage",
}
__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
