"""Supply Monte Carlo: hand-computed cases, invariants, seeds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecasting.domain.project_pipeline import (
    SupplyDraws,
    anchor_table,
    build_pipeline,
    geometric_delay_years,
    simulate_supply,
)
from forecasting.errors import DataValidationError
from forecasting.scenarios import STATUSES

YEARS = np.arange(2019, 2025)


def _projects(**over):
    frame = pd.DataFrame(
        {
            "project_id": ["a", "b"],
            "nameplate_t_lce_per_year": [10_000.0, 20_000.0],
            "status": ["operating", "under_construction"],
            "status_year": [2020, 2019],
            "start_year": pd.array([None, 2021], dtype="Int64"),
            "include_in_pipeline": [True, True],
        }
    )
    for key, val in over.items():
        frame[key] = val
    return frame


def _by_status(**vals):
    return np.array([vals.get(s, 0.0) for s in STATUSES])


def _run(projects, n_paths=4, seed=0, **kw):
    pipe = build_pipeline(projects)
    draws = SupplyDraws.draw(np.random.default_rng(seed), n_paths, pipe.n_projects)
    args = dict(
        completion_probability=_by_status(operating=1.0, under_construction=1.0),
        mean_delay_years=_by_status(),
        start_lag_years=_by_status(),
        ramp_years=2.0,
        utilisation_mean=0.5,
        utilisation_half_width=0.0,
    )
    args.update(kw)
    return simulate_supply(pipe, YEARS, draws, **args)


def test_two_projects_hand_computed():
    capacity, output = _run(_projects())
    # A: 10 kt reported operating in 2020, no start year: full from 2020 (no ramp).
    # B: 20 kt from 2021, ramp 1/3, 2/3, 1; util 0.5.
    np.testing.assert_allclose(capacity[0], [0, 10_000, 30_000, 30_000, 30_000, 30_000])
    expected = [0, 5_000, 5_000 + 10_000 / 3, 5_000 + 20_000 / 3, 15_000, 15_000]
    np.testing.assert_allclose(output[0], expected)
    np.testing.assert_allclose(capacity, np.broadcast_to(capacity[0], capacity.shape))


def test_capacity_can_ramp_like_output():
    capacity, _ = _run(_projects(), capacity_ramps=True)
    np.testing.assert_allclose(
        capacity[0], [0, 10_000, 10_000 + 20_000 / 3, 10_000 + 40_000 / 3, 30_000, 30_000]
    )


def test_not_completed_projects_add_nothing():
    probs = _by_status(operating=1.0, under_construction=0.0)
    capacity, output = _run(_projects(), completion_probability=probs)
    np.testing.assert_allclose(capacity[0], [0, 10_000, 10_000, 10_000, 10_000, 10_000])
    np.testing.assert_allclose(output[0], [0, 5_000, 5_000, 5_000, 5_000, 5_000])


def test_operating_with_a_start_year_ramps_and_first_output_pulls_the_start_back():
    dated = _projects(start_year=pd.array([2020, 2021], dtype="Int64"))
    _, output = _run(dated)
    np.testing.assert_allclose(output[0][:3], [0, 5_000 / 3, 10_000 / 3 + 10_000 / 3])
    # B reported producing in 2020: the start is at most 2020 (evidence beats the plan).
    early = _projects(first_output_year=pd.array([None, 2020], dtype="Int64"))
    capacity, _ = _run(early)
    np.testing.assert_allclose(capacity[0][:3], [0, 30_000, 30_000])


def test_nameplate_factor_scales_output_not_listed_capacity():
    pipe = build_pipeline(_projects())
    draws = SupplyDraws.draw(np.random.default_rng(0), 400, pipe.n_projects, YEARS.size)
    args = dict(
        completion_probability=_by_status(operating=1.0, under_construction=1.0),
        mean_delay_years=_by_status(),
        start_lag_years=_by_status(),
        ramp_years=0.0,
        utilisation_mean=0.9,
        utilisation_half_width=0.1,
    )
    from forecasting.domain.project_pipeline import project_output, project_terms

    size, ramp, running, util = project_terms(
        pipe,
        YEARS,
        draws,
        nameplate_factor=(0.9, 1.3),
        utilisation_year_log_sd=0.3,
        utilisation_year_autocorrelation=0.5,
        **args,
    )
    out = project_output(size, util, ramp).sum(axis=1)
    cap = (size[:, :, None] * running).sum(axis=1)
    np.testing.assert_allclose(cap[:, -1], 30_000)  # capacity is the listed nameplate
    assert np.all(out <= 1.3 * cap + 1e-9) and (out > cap).any()  # debottlenecked plants
    assert out[:, -1].std() > 1_000
    assert util.ndim == 3 and np.std(util[:, 0, 2:] / util[:, 0, 1:-1]) > 0.05  # years differ


def test_missing_start_year_uses_status_year_plus_lag():
    proj = _projects(start_year=pd.array([2020, None], dtype="Int64"))
    capacity, _ = _run(proj, start_lag_years=_by_status(under_construction=3.0))
    # B: status_year 2019 + lag 3 = 2022.
    np.testing.assert_allclose(capacity[0], [0, 10_000, 10_000, 30_000, 30_000, 30_000])


def test_geometric_delay_has_the_stated_mean_and_zero_mass():
    u = np.random.default_rng(1).random(200_000)
    d = geometric_delay_years(u, np.full(u.shape, 1.5))
    assert abs(d.mean() - 1.5) < 0.03
    assert abs((d == 0).mean() - 1 / 2.5) < 0.01
    assert np.all(geometric_delay_years(u, np.zeros(u.shape)) == 0)


def test_output_never_exceeds_capacity_and_seed_reproduces():
    kw = dict(
        completion_probability=_by_status(operating=1.0, under_construction=0.6),
        mean_delay_years=_by_status(under_construction=2.0),
        utilisation_mean=0.9,
        utilisation_half_width=0.5,
    )
    for ramps in (False, True):
        cap, out = _run(_projects(), n_paths=500, seed=3, capacity_ramps=ramps, **kw)
        assert np.all(out <= cap + 1e-9)
    cap2, out2 = _run(_projects(), n_paths=500, seed=3, **kw)
    cap3, out3 = _run(_projects(), n_paths=500, seed=3, **kw)
    np.testing.assert_array_equal(out2, out3)
    _, out4 = _run(_projects(), n_paths=500, seed=4, **kw)
    assert not np.array_equal(out2, out4)


def test_parameters_vary_by_path():
    # Path 0 never completes B, path 1 always does: per-path parameter arrays are honoured.
    probs = np.stack([_by_status(operating=1.0), _by_status(operating=1.0, under_construction=1.0)])
    capacity, _ = _run(_projects(), n_paths=2, completion_probability=probs)
    assert capacity[0, -1] == 10_000 and capacity[1, -1] == 30_000


@pytest.mark.parametrize(
    ("column", "value", "needle"),
    [
        ("nameplate_t_lce_per_year", [10_000.0, 0.0], "'b'"),
        ("status", ["operating", "maybe"], "unknown status"),
    ],
)
def test_bad_pipeline_rows_are_named(column, value, needle):
    with pytest.raises(DataValidationError, match=needle):
        build_pipeline(_projects(**{column: value}))


def test_pipeline_needs_a_time_anchor_and_columns():
    proj = _projects(start_year=pd.array([2020, None], dtype="Int64"), status_year=[2020, None])
    with pytest.raises(DataValidationError, match="'b'.*start_year"):
        build_pipeline(proj)
    with pytest.raises(DataValidationError, match="lacks columns"):
        build_pipeline(_projects().drop(columns="status_year"))


def test_excluded_and_unknown_rows_are_left_out():
    proj = _projects(include_in_pipeline=[True, False])
    assert build_pipeline(proj).project_id == ("a",)
    proj = _projects(status=["operating", "unknown"])
    assert build_pipeline(proj).project_id == ("a",)
    assert build_pipeline(proj, include_unknown=True).n_projects == 2


def test_anchor_table_reports_gap_to_history():
    capacity, output = _run(_projects())
    obs = pd.DataFrame(
        {"unique_id": ["out"], "ds": pd.to_datetime(["2022-12-31"]), "y": [10_000.0]}
    )
    tab = anchor_table(YEARS, {"out": output}, obs)
    assert tab["year"].tolist() == [2022]
    assert tab["gap_pct"].iloc[0] == pytest.approx(100 * (5_000 + 20_000 / 3 - 10_000) / 10_000)
