"""The four levers: signs the domain expects, neutral values change nothing, bad input named."""

from __future__ import annotations

import io

import numpy as np
import pytest

from forecasting.data.units import LI_TO_LCE
from forecasting.domain import run_scenario
from forecasting.domain.levers import ecological_ceiling_t_lce
from forecasting.errors import ScenarioError
from forecasting.scenarios import load_scenario

N = 200


@pytest.fixture(scope="module")
def inputs(bundled_inputs):
    return bundled_inputs


@pytest.fixture(scope="module")
def base():
    return load_scenario("base")


@pytest.fixture(scope="module")
def base_run(base, inputs):
    return run_scenario(base, n_paths=N, seed=0, inputs=inputs)


def _median(res, uid, year):
    return float(np.median(res.paths[uid][:, list(res.years).index(year)]))


def _run(base, inputs, **keys):
    return run_scenario(base.with_overrides(keys), n_paths=N, seed=0, inputs=inputs)


def test_better_recovery_raises_output_not_capacity(base, base_run, inputs):
    up = _run(base, inputs, **{"levers.technology.recovery_target": 0.78})
    assert _median(up, "qinghai_output_t_lce", 2030) > 1.1 * _median(
        base_run, "qinghai_output_t_lce", 2030
    )
    np.testing.assert_array_equal(
        up.paths["qinghai_capacity_t_lce"], base_run.paths["qinghai_capacity_t_lce"]
    )
    j = list(up.years).index(2025)  # before the upgrade starts: the calibrated history
    np.testing.assert_allclose(
        up.paths["qinghai_output_t_lce"][:, j],
        base_run.paths["qinghai_output_t_lce"][:, j],
        rtol=1e-12,
    )


def test_ecological_ceiling_binds_on_every_path(base, base_run, inputs):
    capped = _run(
        base,
        inputs,
        **{
            "levers.ecological.enabled": True,
            "levers.ecological.max_extraction_share_per_year": 0.01,
        },
    )
    ceiling = 2_300_000 * LI_TO_LCE * 0.01
    late = np.asarray(capped.years) >= 2026
    assert np.all(capped.paths["qinghai_output_t_lce"][:, late] <= ceiling * (1 + 1e-12))
    assert _median(capped, "qinghai_output_t_lce", 2030) < _median(
        base_run, "qinghai_output_t_lce", 2030
    )
    quota = capped.scenario.with_overrides(**{"levers.ecological.brine_quota_t_lce": 50_000.0})
    params = {k: np.array([v]) for k, v in quota.flat_numeric().items()}
    assert ecological_ceiling_t_lce(params, quota.levers.ecological)[0] == 50_000.0


def test_stricter_policy_lowers_capacity_and_output(base, base_run, inputs):
    strict = run_scenario(load_scenario("strict_policy"), n_paths=N, seed=0, inputs=inputs)
    for uid in ("qinghai_capacity_t_lce", "qinghai_output_t_lce"):
        assert _median(strict, uid, 2030) < _median(base_run, uid, 2030)
    halts = _run(base, inputs, **{"levers.policy.halt_probability_per_plant_year": 0.5})
    assert _median(halts, "qinghai_output_t_lce", 2030) < _median(
        base_run, "qinghai_output_t_lce", 2030
    )
    slow = _run(base, inputs, **{"levers.policy.approval_pace": 0.2})
    assert (
        slow.paths["qinghai_capacity_t_lce"].mean()
        <= base_run.paths["qinghai_capacity_t_lce"].mean()
    )


def test_recycling_lowers_primary_demand_and_adds_value(base, base_run, inputs):
    push = _run(
        base,
        inputs,
        **{
            "levers.recycling.collection_rate_target": 0.7,
            "levers.recycling.qinghai_share_of_recycling": 0.05,
        },
    )
    assert _median(push, "china_primary_lithium_demand_t_lce", 2032) < _median(
        base_run, "china_primary_lithium_demand_t_lce", 2032
    )
    assert _median(push, "china_recycled_lithium_t_lce", 2032) > _median(
        base_run, "china_recycled_lithium_t_lce", 2032
    )
    assert _median(push, "qinghai_output_value_bn_cny", 2032) > _median(
        base_run, "qinghai_output_value_bn_cny", 2032
    )
    none = _run(
        base,
        inputs,
        **{
            "levers.recycling.collection_rate_now": 0.0,
            "levers.recycling.collection_rate_target": 0.0,
        },
    )
    np.testing.assert_array_equal(none.paths["china_recycled_lithium_t_lce"], 0.0)


def test_neutral_levers_leave_the_base_byte_identical(base, base_run, inputs):
    neutral = _run(
        base,
        inputs,
        **{
            "levers.technology.recovery_now": 0.6,
            "levers.technology.recovery_target": 0.6,
            "levers.technology.upgrade_years": 9.0,
            "levers.ecological.max_extraction_share_per_year": 0.04,  # 490 kt: not binding
            "levers.policy.threshold_year": 2030,
            "levers.policy.halt_days": 200.0,  # probability 0
        },
    )
    a, b = io.StringIO(), io.StringIO()
    base_run.summary().to_csv(a, index=False)
    neutral.summary().to_csv(b, index=False)
    assert a.getvalue() == b.getvalue()


@pytest.mark.parametrize(
    ("yaml_text", "key"),
    [
        ("levers:\n  technology:\n    recovery_target: 1.2\n", "levers.technology.recovery_target"),
        ("levers:\n  ecological:\n    reserves_t_li: -5\n", "levers.ecological.reserves_t_li"),
        ("levers:\n  technology:\n    process: magic_sieve\n", "levers.technology.process"),
        ("levers:\n  policy:\n    threshold_year: 2050\n", "levers.policy.threshold_year"),
    ],
)
def test_bad_lever_values_name_the_file_and_key(tmp_path, yaml_text, key):
    path = tmp_path / "bad_lever.yaml"
    path.write_text(yaml_text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert "bad_lever.yaml" in str(err.value) and key in str(err.value)


def test_lever_effects_and_scenario_table_rank_and_compare(inputs):
    from forecasting.data import load_targets
    from forecasting.domain.compare import scenario_table
    from forecasting.sensitivity.levers import lever_effects, what_would_have_to_be_true

    eff = lever_effects(inputs=inputs, n_paths=100).set_index(["target_id", "lever"])
    eco = eff.loc[("output_170kt_2030", "levers.ecological.max_extraction_share_per_year")]
    assert eco["p_met_at_low"] < eco["p_met_at_high"]  # a 1 % ceiling (122 kt) rules it out
    tech = eff.loc[("output_170kt_2030", "levers.technology.recovery_target")]
    assert tech["mean_at_high"] > tech["mean_at_low"]
    truth = what_would_have_to_be_true(eff.reset_index()).set_index("target_id")
    assert truth.loc["output_170kt_2030", "p_swing"] > 0.3
    side = scenario_table(
        ("base", "plan_delivered", "plan_stalls"),
        targets=load_targets(),
        inputs=inputs,
        n_paths=100,
    ).drop_duplicates("scenario")
    side = side.set_index("scenario")["output_t_lce_2030_p50"]
    assert side["plan_stalls"] < side["base"] < side["plan_delivered"]
