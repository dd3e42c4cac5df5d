"""Sensitivity: Sobol on Ishigami, tornado/Morris/Sobol on a hand-checkable pipeline, grids,
sweeps with joblib and on a Dask LocalCluster."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from tiny_domain import ANCHORS, KG, LOGISTIC, PROJECTS, SIZE  # same two-project pipeline

from forecasting import sensitivity as sa
from forecasting.domain import build_inputs
from forecasting.errors import ScenarioError
from forecasting.scenarios import load_scenario

CHEM = pd.DataFrame(
    {
        "region": ["China"] * 4 + ["World"] * 4,
        "powertrain": ["BEV", "BEV", "PHEV", "PHEV"] * 2,
        "year": [2022] * 8,
        "chemistry": ["LFP", "NMC 811"] * 4,
        "share": [0.5] * 8,
    }
)
PARAMS = (
    "supply.completion_probability.under_construction",
    "supply.completion_probability.announced",
    "supply.utilisation_mean",
)


@pytest.fixture(scope="module")
def inputs():
    return build_inputs(PROJECTS, SIZE, CHEM, KG, anchors=ANCHORS)


@pytest.fixture(scope="module")
def base():
    # No slippage, so that the hand-computed figures below are exact.
    return load_scenario("base").with_overrides(
        {**LOGISTIC, "supply.mean_delay_years.under_construction": 0.0}
    )


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> pd.DataFrame:
    y = np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])
    return pd.DataFrame({"y": y})


def test_sobol_recovers_ishigami_indices():
    bounds = {f"x{i}": (-np.pi, np.pi) for i in (1, 2, 3)}
    res = sa.sobol_analysis(ishigami, bounds, n=2048, seed=1).set_index("parameter")
    # Analytic values (Ishigami & Homma 1990; a=7, b=0.1).
    np.testing.assert_allclose(res["S1"], [0.3139, 0.4424, 0.0], atol=0.05)
    np.testing.assert_allclose(res["ST"], [0.5576, 0.4424, 0.2437], atol=0.05)


def test_tornado_swing_is_the_hand_computed_one(inputs, base):
    tor = sa.tornado(base, PARAMS, inputs=inputs, n_paths=4000, seed=0)
    cap = tor[tor["output"] == "capacity_t_lce_2030"].set_index("parameter")
    uc = cap.loc["supply.completion_probability.under_construction"]
    assert (uc["low"], uc["high"]) == (pytest.approx(0.425), 1.0)
    # capacity_2030 = 100 kt + 100 kt x P(new completes): swing = 100 kt x (1 - 0.425).
    assert uc["swing"] == pytest.approx(100_000 * 0.575, rel=0.05)
    assert uc["output_at_high"] == pytest.approx(200_000.0)
    # No announced project and capacity does not depend on utilisation: zero swing.
    assert cap.loc["supply.completion_probability.announced", "swing"] == 0.0
    assert cap.loc["supply.utilisation_mean", "swing"] == 0.0
    assert set(tor["scenario"]) == {"base"} and set(tor["method"]) == {"tornado"}


def test_sobol_and_morris_on_the_model_rank_the_right_driver(inputs, base):
    so = sa.sobol(base, PARAMS, inputs=inputs, n=128, n_inner=32, seed=0)
    out = so[so["output"] == "output_t_lce_2030"].set_index("parameter")
    assert out["ST"].idxmax() in PARAMS[::2]
    assert out.loc["supply.completion_probability.announced", "ST"] == pytest.approx(0, abs=1e-9)
    mo = sa.morris(base, PARAMS, inputs=inputs, n_trajectories=10, n_inner=32, seed=0)
    cap = mo[mo["output"] == "capacity_t_lce_2030"].set_index("parameter")
    assert cap.loc["supply.utilisation_mean", "mu_star"] == 0.0
    assert cap.loc["supply.completion_probability.under_construction", "mu_star"] > 10_000


def test_target_outputs_and_first_crossing(inputs, base):
    targets = pd.DataFrame(
        {
            "target_id": ["cap30"],
            "geography": ["Qinghai"],
            "metric": ["capacity"],
            "subject": ["lithium carbonate capacity"],
            "value": [150_000.0],
            "unit": ["t_lce_per_year"],
            "target_year": [2030],
        }
    )
    design = np.array([[0.0, 0.5, 0.75], [1.0, 0.5, 0.75]])
    res = sa.evaluate_design(base, design, PARAMS, inputs=inputs, n_inner=64, targets=targets)
    assert res["p_met_in_year_cap30"].tolist() == [0.0, 1.0]
    # Never completed -> "not reached" counts as 2036; always completed -> first year >= 2026.
    assert res["first_year_cap30"].iloc[0] == 2036.0
    assert 2026 <= res["first_year_cap30"].iloc[1] < 2036


def test_bad_parameters_are_refused(inputs, base):
    with pytest.raises(ScenarioError, match="simulation.seed"):
        sa.tornado(base, ["simulation.seed"], inputs=inputs, n_paths=10)
    with pytest.raises(ScenarioError, match="nope"):
        sa.tornado(base, ["supply.nope"], inputs=inputs, n_paths=10)
    with pytest.raises(ScenarioError, match="bounds"):
        sa.tornado(base, {"supply.utilisation_mean": (0.5, 1.5)}, inputs=inputs, n_paths=10)


def test_grid_is_generated_and_base_is_untouched(base):
    grid = sa.build_sensitivity_grid(
        base,
        {"supply.utilisation_mean": [0.6, 0.9], "value.price.scenario": ["current", "peak_2022"]},
    )
    assert len(grid) == 4 and len({s.name for s in grid}) == 4
    assert {s.supply.utilisation_mean for s in grid} == {0.6, 0.9}
    assert base.supply.utilisation_mean == 0.75 and base.name == "base"
    assert all(s.supply.mean_delay_years == base.supply.mean_delay_years for s in grid)
    with pytest.raises(ScenarioError, match="out of range"):
        sa.build_sensitivity_grid(base, {"supply.utilisation_mean": [2.0]})


def test_sweep_stacks_results_and_parallel_equals_serial(inputs, base):
    grid = sa.build_sensitivity_grid(base, {"supply.utilisation_mean": [0.6, 0.9]})
    serial, _ = sa.run_sweep(grid, inputs=inputs, n_paths=100, n_jobs=1)
    parallel, _ = sa.run_sweep(grid, inputs=inputs, n_paths=100, n_jobs=2)
    pd.testing.assert_frame_equal(serial, parallel)
    assert set(serial["scenario"]) == {s.name for s in grid}
    out = serial[(serial["unique_id"] == "qinghai_output_t_lce") & (serial["year"] == 2030)]
    assert out["mean"].iloc[0] < out["mean"].iloc[1]


def test_sweep_on_dask_local_cluster_matches_serial(inputs, base):
    distributed = pytest.importorskip("distributed")
    grid = sa.build_sensitivity_grid(base, {"supply.utilisation_mean": [0.6, 0.9]})
    serial, _ = sa.run_sweep(grid, inputs=inputs, n_paths=50)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        on_dask, _ = sa.run_sweep(
            grid, inputs=inputs, n_paths=50, dask_address=cluster.scheduler_address
        )
        design = np.array([[0.5, 0.5, 0.7], [1.0, 0.5, 0.8]])
        ev = sa.evaluate_design(
            base, design, PARAMS, inputs=inputs, n_inner=8, dask_address=cluster.scheduler_address
        )
    pd.testing.assert_frame_equal(serial, on_dask)
    pd.testing.assert_frame_equal(
        ev, sa.evaluate_design(base, design, PARAMS, inputs=inputs, n_inner=8)
    )


def test_every_float_assumption_reaches_the_model(inputs, base):
    # Each float key of the scenario, moved within its range, must change some output (or be a
    # key whose effect is zero for this tiny pipeline, listed here with the reason).
    no_effect_here = {
        # statuses absent from the two-project pipeline or already at their bound
        *(
            f"supply.{g}.{s}"
            for g in ("completion_probability", "mean_delay_years", "start_lag_years")
            for s in ("operating", "commissioning", "approved", "announced", "unknown")
        ),
        "supply.start_lag_years.under_construction",  # the project has a start year
        "supply.ramp_years_to_nameplate",  # starts 2026: at nameplate by 2030 for R <= 4
        "value.price.levels_cny_per_t.trough_2020",  # not the scenario's price level
        "value.price.levels_cny_per_t.peak_2022",
        "value.price.levels_cny_per_t.current",
        "value.price.anchor_cny_per_t",  # equals the level: nothing to converge
        "value.price.reference_price_cny_per_t",  # only moves the at-reference series
        # zero or neutral in the hand-check fixture (LOGISTIC): no unlisted block, no swing
        "supply.unlisted.capacity_base_low_t_lce",
        "supply.unlisted.capacity_base_high_t_lce",
        "supply.unlisted.growth_low_t_lce_per_year",
        "supply.unlisted.growth_high_t_lce_per_year",
        "supply.utilisation_year_autocorrelation",
        "supply.max_utilisation",  # utilisation draws stay below 1
        "supply.operating_start_spread_years",  # the operating project has a start year
        "supply.conditioning.min_ess_share",  # the inline inputs carry no observations
        "value.price.tail_df",  # 1000 (normal): 500 and 1500 are normal too
        "demand.world.non_battery_demand_t_lce",  # 0 in base: its default bounds are 0 too
        # Levers at their neutral base values act only when another lever key moves them off
        # neutral (test_domain_levers checks each one's sign), or act between the output years:
        "levers.technology.recovery_now",
        "levers.technology.recovery_target",
        "levers.technology.upgrade_years",
        "levers.technology.brine_limited_share",
        "levers.ecological.reserves_t_li",  # the base ceiling is far above this pipeline
        "levers.ecological.max_extraction_share_per_year",
        "levers.ecological.brine_quota_t_lce",
        "levers.policy.entry_threshold_t_lce",
        "levers.policy.approval_pace",  # the pipeline has no approved or announced project
        "levers.policy.halt_probability_per_plant_year",
        "levers.policy.halt_days",
        "levers.recycling.collection_rate_now",  # reaches the target before 2030
        "levers.recycling.collection_rate_target",  # no battery history to retire by 2030
        "levers.recycling.lithium_recovery",
        "levers.recycling.qinghai_share_of_recycling",
    }
    names = [
        k
        for k in base.flat_numeric()
        if not k.startswith("simulation.") and not isinstance(sa.getattr_dotted(base, k), int)
    ]
    moved = []
    for key in names:
        lo, hi = sa.default_bounds(base, key)
        design = np.array([[lo], [hi]])
        res = sa.evaluate_design(base, design, [key], inputs=inputs, n_inner=64)
        if not np.allclose(res.iloc[0], res.iloc[1]):
            moved.append(key)
    assert set(names) - set(moved) <= no_effect_here
    assert "supply.utilisation_mean" in moved and "value.cells.price_cny_per_kwh" in moved


def test_price_half_life_is_a_live_parameter(inputs, base):
    peak = base.with_overrides(**{"value.price.scenario": "peak_2022"})
    tor = sa.tornado(peak, {"value.price.half_life_years": (1.0, 10.0)}, inputs=inputs, n_paths=200)
    row = tor[tor["output"] == "value_bn_cny_2030"].iloc[0]
    assert row["output_at_low"] > row["output_at_high"] > 0


def test_unreachable_dask_scheduler_is_a_clear_error():
    from forecasting.errors import ScenarioError
    from forecasting.sensitivity.core import _backend

    with pytest.raises(ScenarioError, match="--dask-address 'tcp://127.0.0.1:1'"):
        with _backend("tcp://127.0.0.1:1"):
            pass
