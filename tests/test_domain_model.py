"""Demand, value, balance and run_scenario on tiny inline inputs (hand-computed where possible)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from tiny_domain import ANCHORS, CHEM, KG, LOGISTIC, PROJECTS, SIZE, TARGETS

from forecasting.domain import build_inputs, compare_top_down, run_scenario
from forecasting.domain import demand as dm
from forecasting.domain import value as vl
from forecasting.errors import DataValidationError, UnitError
from forecasting.scenarios import load_scenario


@pytest.fixture(scope="module")
def inputs():
    return build_inputs(PROJECTS, SIZE, CHEM, KG, anchors=ANCHORS)


@pytest.fixture(scope="module")
def base():
    return load_scenario("base").with_overrides(LOGISTIC)


def test_region_battery_collapses_chemistries(inputs):
    china = inputs.batteries["china"]
    assert china.lfp_share == {"BEV": 0.5, "PHEV": 1.0}
    assert china.kg_lce_per_kwh_non_lfp["BEV"] == pytest.approx(0.5312)
    with pytest.raises(DataValidationError, match="region='Mars'"):
        dm.build_region_battery(SIZE, CHEM, KG, "Mars")
    bad = CHEM.assign(chemistry=["LFP", "NMC 999"] * 4)
    with pytest.raises(DataValidationError, match="NMC 999"):
        dm.build_region_battery(SIZE, bad, KG, "China")


def test_lithium_per_vehicle_hand_computed(inputs):
    years = np.array([2022, 2035, 2040])
    one = np.ones(1)
    kg = dm.lithium_per_vehicle_kg(
        years,
        inputs.batteries["china"],
        np.ones((1, 3)),
        {"BEV": 0.01 * one, "PHEV": one},
        lfp_share_end=one,
        sodium_share_end=0 * one,
        trend_end_year=2035,
    )
    # 2022: 50 kWh x (0.5 x 0.487 + 0.5 x 0.5312); 2035: all LFP, 50 x 1.01^13 kWh.
    assert kg[0, 0] == pytest.approx(50 * (0.5 * 0.487 + 0.5 * 0.5312))
    assert kg[0, 1] == pytest.approx(50 * 1.01**13 * 0.487)
    assert kg[0, 2] == pytest.approx(50 * 1.01**18 * 0.487)
    sodium = dm.lithium_per_vehicle_kg(
        years,
        inputs.batteries["china"],
        np.ones((1, 3)),
        {"BEV": 0 * one, "PHEV": one},
        lfp_share_end=0.5 * one,
        sodium_share_end=0.5 * one,
        trend_end_year=2035,
    )
    assert sodium[0, 1] == pytest.approx(50 * 0.5 * 0.487)


def test_logistic_sales_anchor_and_ceiling():
    s = dm.logistic_sales(np.array([2025, 2100]), 2025, 10.0, np.array([30.0]), np.array([0.3]))
    assert s[0, 0] == pytest.approx(10.0) and s[0, 1] == pytest.approx(30.0, rel=1e-6)


def test_demand_scales_linearly_with_sales(inputs, base):
    res = run_scenario(base, n_paths=50, inputs=inputs)
    a, china = res.paths, res.scenario.demand.china  # the scenario with its anchors filled
    doubled = res.scenario.with_overrides(
        {
            f"demand.china.{k}": 2 * getattr(china, k)
            for k in ("ev_sales_base_units", "ev_sales_saturation_units")
        }
    )
    b = run_scenario(doubled, n_paths=50, inputs=inputs).paths
    for uid in ("china_ev_sales_units", "china_ev_lithium_demand_t_lce"):
        np.testing.assert_allclose(b[uid], 2 * a[uid], rtol=1e-12)
    # Total demand = battery part (scales) + non-battery uses (do not).
    fixed = china.non_battery_demand_t_lce
    assert fixed > 0
    np.testing.assert_allclose(
        b["china_lithium_demand_t_lce"] - fixed, 2 * (a["china_lithium_demand_t_lce"] - fixed)
    )
    np.testing.assert_array_equal(a["world_lithium_demand_t_lce"], b["world_lithium_demand_t_lce"])


def test_price_paths_history_convergence_noise_and_override():
    from forecasting.domain.price import simulate_price_cny_per_t

    years = np.arange(2024, 2030)
    u = np.random.default_rng(0).random((20_000, years.size))
    kw = dict(
        anchor_year=2025,
        anchor_month=12,
        anchor_cny_per_t=np.full(20_000, 80_000.0),
        level_cny_per_t=np.full(20_000, 40_000.0),
        half_life_years=np.full(20_000, 1.0),
        tail_df=1000,
        history_cny_per_t={2024: 90_000.0, 2025: 80_000.0},
        anchor_year_months=12,
    )
    flat = simulate_price_cny_per_t(years, u, sigma_log=np.zeros(20_000), **kw)
    # history kept; then the log price halves its distance to the level per year (half-life 1)
    # from the latest month (mid-December 2025) to each mid-year
    since = [2026.5 + k - (2025 + 11.5 / 12) for k in range(4)]
    expected = [90_000, 80_000] + [40_000 * 2 ** (0.5**d) for d in since]
    np.testing.assert_allclose(flat[0], expected, rtol=1e-9)
    noisy = simulate_price_cny_per_t(years, u, sigma_log=np.full(20_000, 0.3), **kw)
    np.testing.assert_allclose(np.median(noisy, axis=0), flat[0], rtol=0.01)
    assert np.all(noisy[:, :2] == flat[:, :2])
    fixed = simulate_price_cny_per_t(
        years, u, sigma_log=np.full(20_000, 0.3), explicit_cny_per_t={2027: 123.0}, **kw
    )
    assert np.all(fixed[:, 3] == 123.0)


def test_value_units_hand_computed():
    assert vl.carbonate_value_bn_cny(np.array([73_000.0]), np.array([75_400.0]))[0] == (
        pytest.approx(5.5042)
    )
    assert vl.cell_value_bn_cny(np.array([[60.0]]), np.array([400.0]))[0, 0] == pytest.approx(24.0)


def test_value_decomposition_separates_price_from_volume(inputs, base):
    calm = base.with_overrides(
        **{
            "value.price.volatility_log_sd": 0.0,
            "value.price.scenario": "current",
            "value.price.half_life_years": 0.1,
        }
    )
    dec = run_scenario(calm, n_paths=20, inputs=inputs).value_decomposition()
    np.testing.assert_allclose(dec["price_effect_bn_cny"], 0.0, atol=1e-9)
    peak = calm.with_overrides(**{"value.price.scenario": "peak_2022"})
    dec = run_scenario(peak, n_paths=20, inputs=inputs).value_decomposition()
    late = dec[dec["year"] >= 2028]
    assert (late["price_effect_bn_cny"] > 0).all()
    # Price effect = output x (peak - reference) / 1e9 once converged.
    out = run_scenario(peak, n_paths=20, inputs=inputs).paths["qinghai_output_t_lce"].mean(axis=0)
    expected = out[-1] * (600_000 - 75_400) / 1e9
    assert late["price_effect_bn_cny"].iloc[-1] == pytest.approx(expected)


def test_output_never_exceeds_capacity_and_shares_are_ratios(inputs, base):
    p = run_scenario(base, n_paths=300, inputs=inputs).paths
    assert np.all(p["qinghai_output_t_lce"] <= p["qinghai_capacity_t_lce"] + 1e-9)
    np.testing.assert_allclose(
        p["qinghai_share_of_china_demand"],
        p["qinghai_output_t_lce"] / p["china_lithium_demand_t_lce"],
    )
    np.testing.assert_allclose(
        p["world_lithium_balance_t_lce"],
        p["world_lithium_supply_t_lce"] - p["world_lithium_demand_t_lce"],
    )


def test_same_seed_gives_byte_identical_csv(inputs, base):
    def csv(seed):
        buf = io.StringIO()
        run_scenario(base, n_paths=200, seed=seed, inputs=inputs).summary().to_csv(
            buf, index=False, float_format="%.10g"
        )
        return buf.getvalue()

    assert csv(1) == csv(1)
    assert csv(1) != csv(2)


def test_summary_is_tidy_and_quantiles_nest(inputs, base):
    res = run_scenario(base, n_paths=300, inputs=inputs)
    s = res.summary()
    assert list(s.columns) == [
        "scenario",
        "metric",
        "unique_id",
        "year",
        "mean",
        "median",
        "lo_80",
        "hi_80",
        "lo_95",
        "hi_95",
    ]
    assert s["year"].min() == 2020 and s["year"].max() == 2035
    assert (s["lo_95"] <= s["lo_80"] + 1e-9).all() and (s["hi_80"] <= s["hi_95"] + 1e-9).all()
    assert set(s.loc[s["unique_id"] == "qinghai_capacity_t_lce", "metric"]) == {"capacity"}


def test_target_table_matches_metric_and_hand_checks(inputs, base):
    res = run_scenario(base, n_paths=400, inputs=inputs)
    tab = res.target_table(TARGETS).set_index("target_id")
    # Company target, pre-simulation target and the salt-lake (non-lithium) value are left out,
    # and listed with their reason.
    assert set(tab.index) == {"cap25", "out25", "val25", "cell25"}
    left = res.targets_not_modelled(TARGETS).set_index("target_id")["reason"]
    assert set(left.index) == {"cap30_co", "old15", "salt35"}
    assert "company" in left["cap30_co"] and "before the first simulated year" in left["old15"]
    assert "salt-lake" in left["salt35"]
    # The metric alone decides: the subject text is never read.
    renamed = TARGETS.assign(subject="x")
    assert set(res.target_table(renamed)["target_id"]) == set(tab.index)
    assert tab.loc["cap25", "unique_id"] == "qinghai_capacity_t_lce"
    assert tab.loc["out25", "unique_id"] == "qinghai_output_t_lce"
    # 100 kt operating since 2015; the 100 kt project starts 2026 at the earliest: 170 kt missed.
    assert tab.loc["cap25", "p_met_in_year"] == 0.0
    assert tab.loc["cap25", "expected_shortfall"] == pytest.approx(70_000.0)
    # Output 2025 = 100 kt x utilisation in [0.6, 0.9]: the 60 kt target is always met.
    assert tab.loc["out25", "p_met_in_year"] == 1.0
    assert np.isfinite(tab.loc["val25", "p_met_at_reference_price"])
    years = res.target_years_table(TARGETS)
    cap = years[years["target_id"] == "cap25"]
    assert cap["p_reached_by_year"].is_monotonic_increasing
    bad = TARGETS.assign(unit=["bn_cny"] + list(TARGETS["unit"][1:]))
    with pytest.raises(UnitError, match="cap25.*t_lce_per_year"):
        res.target_table(bad)


def test_compare_top_down_gap_and_reconciliation(inputs, base):
    res = run_scenario(base, n_paths=300, inputs=inputs)
    ds = pd.to_datetime([f"{y}-12-31" for y in res.years])
    fc = pd.concat(
        [
            pd.DataFrame(
                {
                    "unique_id": uid,
                    "ds": ds,
                    "model": "m",
                    "mean": 150_000.0,
                    "lo_80": 100_000.0,
                    "hi_80": 200_000.0,
                }
            )
            for uid in ("qinghai_capacity_t_lce", "qinghai_output_t_lce")
        ]
    )
    cmp_ = compare_top_down(res, fc)
    assert len(cmp_) == 2 * res.years.size
    np.testing.assert_allclose(cmp_["gap"], cmp_["bottom_up_mean"] - 150_000.0)
    lo = np.minimum(cmp_["bottom_up_mean"], 150_000.0) - 1e-6
    hi = np.maximum(cmp_["bottom_up_mean"], 150_000.0) + 1e-6
    rec = cmp_["reconciled_mean"]
    assert ((rec >= lo) & (rec <= hi))[rec.notna()].all()
    # Reconciled wherever the paths spread; NaN only where every path agrees (no stated sd).
    spread = cmp_["bottom_up_p90"] > cmp_["bottom_up_p10"]
    assert rec[spread].notna().all() and spread.sum() > 5
    with pytest.raises(DataValidationError, match="lo_80"):
        compare_top_down(res, fc.drop(columns="lo_80"))
    # A zero-width top-down interval states no precision: gap shown, no reconciliation.
    flat = compare_top_down(res, fc.assign(lo_80=150_000.0, hi_80=150_000.0))
    np.testing.assert_allclose(flat["gap"], cmp_["gap"])
    assert flat["reconciled_mean"].isna().all() and flat["weight_bottom_up"].isna().all()


def test_engine_sales_source_fits_the_history(base):
    from dataclasses import replace

    from forecasting import sensitivity as sa
    from forecasting.errors import ScenarioError

    china_hist = {
        2018: 1.256e6,
        2019: 1.206e6,
        2020: 1.367e6,
        2021: 3.521e6,
        2022: 6.887e6,
        2023: 9.495e6,
        2024: 12.866e6,
        2025: 16.49e6,
    }
    inputs = replace(
        build_inputs(PROJECTS, SIZE, CHEM, KG, anchors=ANCHORS),
        history={"china_ev_sales_units": china_hist},
    )
    scen = base.with_overrides(**{"demand.china.sales_source": "engine"})
    res = run_scenario(scen, n_paths=200, inputs=inputs)
    sales = res.paths["china_ev_sales_units"]
    years = res.years.tolist()
    # Observed years are the observations; later years come from the fitted growth model.
    np.testing.assert_array_equal(sales[:, years.index(2024)], 12.866e6)
    future = sales[:, years.index(2026) :]
    assert np.isfinite(future).all() and (future > 0).all()
    assert np.median(future[:, -1]) > 16.49e6
    logistic = run_scenario(base, n_paths=200, inputs=inputs).paths["china_ev_sales_units"]
    assert not np.allclose(np.median(logistic[:, -3:], 0), np.median(future[:, -3:], 0))
    # Sensitivity runs on the engine's sales paths too (the same paths for every parameter set).
    tor = sa.tornado(scen, ["supply.utilisation_mean"], inputs=inputs, n_paths=10)
    assert np.isfinite(tor["swing"]).all()
    with pytest.raises(ScenarioError, match="convergence_years"):
        sa.tornado(scen, ["value.price.convergence_years"], inputs=inputs, n_paths=10)
