"""EV battery demand in GWh/yr: sales -> GWh -> t LCE, hand-checked on tiny inline inputs."""

from __future__ import annotations

import numpy as np
import pytest
from tiny_domain import ANCHORS, CHEM, KG, LOGISTIC, PROJECTS, SIZE  # same tiny tables

from forecasting.domain import build_inputs, run_scenario
from forecasting.domain import demand as dm
from forecasting.scenarios import load_scenario

REGIONS = ("china", "world")


@pytest.fixture(scope="module")
def result():
    inputs = build_inputs(PROJECTS, SIZE, CHEM, KG, anchors=ANCHORS)
    return run_scenario(
        load_scenario("base").with_overrides(LOGISTIC), n_paths=40, seed=3, inputs=inputs
    )


def test_gwh_is_sales_times_kwh_exactly():
    sales = np.array([[1_000_000.0, 2_000_000.0]])
    gwh = dm.battery_demand_gwh(sales, np.array([[0.5, 0.25]]), np.array([[50.0, 60.0]]))
    # 1e6 x 0.5 x 50 kWh = 25e6 kWh = 25 GWh; 2e6 x 0.25 x 60 kWh = 30 GWh
    np.testing.assert_array_equal(gwh, [[25.0, 30.0]])
    assert dm.lithium_from_gwh_t_lce(np.array([25.0]), np.array([0.5]))[0] == 12_500.0


def test_battery_base_year_gwh_is_sales_x_share_x_2022_kwh(result):
    """2022 is the Busch base year: kWh per vehicle is the table value, untouched by growth."""
    i = int(np.flatnonzero(result.years == 2022)[0])
    sc = result.scenario.demand
    for region, kwh_bev, kwh_phev in (("china", 50.0, 20.0), ("world", 60.0, 20.0)):
        p = result.paths
        sales = p[f"{region}_ev_sales_units"][:, i]
        bev = getattr(sc, region).bev_share_base  # flat before the sales base year
        np.testing.assert_allclose(
            p[f"{region}_bev_battery_demand_gwh"][:, i], sales * bev * kwh_bev / 1e6, rtol=1e-14
        )
        np.testing.assert_allclose(
            p[f"{region}_phev_battery_demand_gwh"][:, i],
            sales * (1 - bev) * kwh_phev / 1e6,
            rtol=1e-14,
        )


def test_lithium_equals_gwh_x_intensity_of_the_mix(result):
    """t LCE = sum_p GWh_p x 1e6 kWh/GWh x kg LCE/kWh (chemistry mix of p) / 1000, every year."""
    inputs = build_inputs(PROJECTS, SIZE, CHEM, KG, anchors=ANCHORS)
    for region in REGIONS:
        cfg = getattr(result.scenario.demand, region)
        n = result.paths[f"{region}_ev_sales_units"].shape[0]
        kg_per_kwh = dm.lithium_intensity_kg_per_kwh(
            result.years,
            inputs.batteries[region],
            np.full(n, cfg.lfp_share_end),
            np.full(n, cfg.sodium_ion_share_end),
            result.scenario.demand.trend_end_year,
        )
        t_lce = sum(
            result.paths[f"{region}_{pt.lower()}_battery_demand_gwh"] * 1e6 * kg_per_kwh[pt] / 1000
            for pt in ("BEV", "PHEV")
        )
        np.testing.assert_allclose(
            result.paths[f"{region}_ev_lithium_demand_t_lce"], t_lce, rtol=1e-12
        )
    # 2022 China by hand: BEV mix 0.5 LFP / 0.5 NMC, PHEV all LFP.
    i = int(np.flatnonzero(result.years == 2022)[0])
    p = result.paths
    hand = (
        p["china_bev_battery_demand_gwh"][:, i] * 1e6 * (0.5 * 0.487 + 0.5 * 0.5312) / 1000
        + p["china_phev_battery_demand_gwh"][:, i] * 1e6 * 0.487 / 1000
    )
    np.testing.assert_allclose(p["china_ev_lithium_demand_t_lce"][:, i], hand, rtol=1e-12)


def test_total_gwh_is_the_powertrain_sum_and_in_the_summary(result):
    s = result.summary()
    for region in REGIONS:
        p = result.paths
        np.testing.assert_array_equal(
            p[f"{region}_ev_battery_demand_gwh"],
            p[f"{region}_bev_battery_demand_gwh"] + p[f"{region}_phev_battery_demand_gwh"],
        )
        rows = s[s["unique_id"] == f"{region}_ev_battery_demand_gwh"]
        assert set(rows["metric"]) == {"battery_demand"} and len(rows) == result.years.size
        assert (rows["mean"] > 0).all()
    assert "qinghai_cell_capacity_gwh" in set(s["unique_id"])


def test_gwh_moves_with_kwh_growth_not_with_chemistry(result):
    """GWh is before the chemistry step: a near all-LFP future changes t LCE, not GWh."""
    inputs = build_inputs(PROJECTS, SIZE, CHEM, KG, anchors=ANCHORS)
    lfp = result.scenario.with_overrides({"demand.china.lfp_share_end": 0.97})
    other = run_scenario(lfp, n_paths=40, seed=3, inputs=inputs).paths
    base = result.paths
    np.testing.assert_array_equal(
        other["china_ev_battery_demand_gwh"], base["china_ev_battery_demand_gwh"]
    )
    last = -1
    assert not np.allclose(
        other["china_ev_lithium_demand_t_lce"][:, last],
        base["china_ev_lithium_demand_t_lce"][:, last],
    )
    grow = result.scenario.with_overrides({"demand.china.battery_kwh_growth_bev_per_year": 0.05})
    bigger = run_scenario(grow, n_paths=40, seed=3, inputs=inputs).paths
    assert (
        bigger["china_bev_battery_demand_gwh"][:, last]
        > base["china_bev_battery_demand_gwh"][:, last]
    ).all()
