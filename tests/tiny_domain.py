"""Tiny hand-checkable domain tables shared by the domain test modules (two projects, one
battery-size row per region, two chemistries): values chosen so results can be computed by hand.
Not a test module; imported as ``from tiny_domain import ...``.
"""

from __future__ import annotations

import pandas as pd

SIZE = pd.DataFrame(
    {
        "region": ["China", "China", "World", "World"],
        "powertrain": ["BEV", "PHEV", "BEV", "PHEV"],
        "year": [2022] * 4,
        "battery_kwh_per_vehicle": [50.0, 20.0, 60.0, 20.0],
    }
)
CHEM = pd.DataFrame(
    {
        "region": ["China"] * 4 + ["World"] * 4,
        "powertrain": ["BEV", "BEV", "PHEV", "PHEV"] * 2,
        "year": [2022] * 8,
        "chemistry": ["LFP", "NMC 811"] * 4,
        "share": [0.5, 0.5, 1.0, 0.0, 0.25, 0.75, 0.5, 0.5],
    }
)
KG = pd.DataFrame({"chemistry": ["LFP", "NMC 811"], "kg_lce_per_kwh": [0.487, 0.5312]})
PROJECTS = pd.DataFrame(
    {
        "project_id": ["old", "new"],
        "nameplate_t_lce_per_year": [100_000.0, 100_000.0],
        "status": ["operating", "under_construction"],
        "status_year": pd.array([2015, 2024], dtype="Int64"),
        "start_year": pd.array([2015, 2026], dtype="Int64"),
        "include_in_pipeline": [True, True],
    }
)
TARGETS = pd.DataFrame(
    {
        "target_id": ["cap25", "cap30_co", "out25", "val25", "cell25", "old15", "salt35"],
        "geography": ["Qinghai"] * 7,
        "metric": [
            "capacity",
            "capacity",
            "output",
            "output_value",
            "cell_capacity",
            "output",
            "salt_lake_output_value",
        ],
        "subject": [
            "lithium carbonate capacity",
            "company lithium salt capacity",
            "lithium output",
            "lithium battery industry output value",
            "lithium-ion cells",
            "lithium output",
            "salt lake industry output value",
        ],
        "value": [170_000.0, 50_000.0, 60_000.0, 100.0, 60.0, 1.0, 120.0],
        "unit": [
            "t_lce_per_year",
            "t_lce_per_year",
            "t_lce_per_year",
            "bn_cny",
            "gwh_per_year",
            "t_lce_per_year",
            "bn_cny",
        ],
        "target_year": pd.array([2025, 2030, 2025, 2025, 2025, 2015, 2035], dtype="Int64"),
        "is_official": [True, False, True, True, True, True, True],
        "superseded_by": [None] * 7,
    }
)

#: Observations for the base scenario's from_data anchors (the values its sources state).
ANCHORS = pd.DataFrame(
    {
        "series": [
            "china_nev_sales_units",
            "china_bev_share_of_ev_sales",
            "world_ev_sales_units",
            "world_bev_share_of_ev_sales",
            "world_lithium_mine_production_t_li",
            "lithium_carbonate_price_latest_cny_per_t",
            "lithium_carbonate_price_long_run_cny_per_t",
            "lithium_carbonate_price_log_volatility",
            "lithium_carbonate_price_last_full_year_mean_cny_per_t",
        ],
        "ds": pd.to_datetime(
            ["2025-12-31", "2025-12-31", "2023-12-31", "2023-12-31"] * 1
            + ["2024-12-31"]
            + ["2025-12-31"] * 4
        ),
        "y": [16.49e6, 0.644, 13.8e6, 0.688, 244_636.8, 75_400.0, 110_000.0, 0.8, 75_400.0],
        "unit": ["vehicles", "share", "vehicles", "share", "t Li"]
        + ["CNY/t"] * 2
        + ["log units", "CNY/t"],
        "source_id": ["MBGPA_20260114", "JUSTAUTO_202601"]
        + ["IEA_GEVO2024_DATA"] * 2
        + ["OWID_LITHIUM_PRODUCTION"]
        + ["REPORTIFY_20251027"] * 4,
    }
)
#: The hand-set logistic sales curve (the inline inputs carry no sales history to fit), and
#: the plain project model the hand checks below compute: listed nameplate, one utilisation per
#: project in [0.6, 0.9], no unlisted capacity.
LOGISTIC = {
    "demand.china.sales_source": "logistic",
    "supply.nameplate_factor_low": 1.0,
    "supply.nameplate_factor_high": 1.0,
    "supply.utilisation_year_log_sd": 0.0,
    "supply.utilisation_mean": 0.75,
    "supply.utilisation_half_width": 0.15,
    "supply.unlisted.capacity_base_high_t_lce": 0.0,
    "supply.unlisted.growth_high_t_lce_per_year": 0.0,
}
