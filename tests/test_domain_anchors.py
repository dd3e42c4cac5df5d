"""Honest vintages: ``from_data`` anchors take the last observation known at ``as_of``.

Real bundled data and real runs; the expected values are read from the loaders, not typed in,
except the pre-change base.yaml numbers the no-drift test pins (what the file said before).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from forecasting import data
from forecasting.domain import build_inputs_from_datasets, resolve_anchors, run_scenario
from forecasting.domain.anchoring import ANCHOR_COLUMNS, ANCHOR_KEYS
from forecasting.errors import ScenarioError
from forecasting.scenarios import SCENARIOS_DIR, load_scenario

#: base.yaml's anchors before they became from_data (each stated by its source; see git history).
PRE_CHANGE_ANCHORS = {
    "demand.china.base_year": 2025,
    "demand.china.ev_sales_base_units": 16_490_000,
    "demand.china.bev_share_base": 0.644,
    "demand.world.base_year": 2023,
    "demand.world.ev_sales_base_units": 13_800_000,
    "demand.world.bev_share_base": 0.688,
    "balance.world_supply_base_year": 2024,
    "balance.world_supply_base_t_lce": 1_302_286,
}
P_COLS = ["p_met_in_year", "p_reached_by_year", "p_not_reached"]


@pytest.fixture(scope="module")
def base():
    return load_scenario("base")


@pytest.fixture(scope="module")
def today(bundled_inputs):
    return bundled_inputs


@pytest.fixture(scope="module")
def mid_2024():
    return build_inputs_from_datasets(as_of="2024-06-30")


def _observed(uid: str, as_of: object) -> pd.Series:
    s = data.load_series(ids=[uid], as_of=as_of)
    return s.set_index(s["ds"].dt.year)["y"]


def test_base_file_marks_every_anchor_key_from_data(base):
    assert sorted(base.from_data_keys()) == sorted(ANCHOR_KEYS)
    assert set(PRE_CHANGE_ANCHORS) <= set(ANCHOR_KEYS)
    # An unresolved anchor prints as "from data" in a number format and dumps as plain text.
    assert f"{base.demand.china.bev_share_base:.2f}" == "from data"
    text = yaml.safe_dump(base.to_dict())
    assert "china" in text and "from_data" in text


def test_today_reproduces_the_pre_change_forecast(base, today):
    """No drift: as_of today gives the 2025 China anchor, and the resolved anchors written as
    numbers give the same paths and target probabilities."""
    res = run_scenario(base, n_paths=300, inputs=today)
    numbers = {
        k: int(v) if k.endswith(("year", "month")) else v
        for k, v in zip(res.anchors_used["key"], res.anchors_used["value"], strict=True)
    }
    assert {k: numbers[k] for k in PRE_CHANGE_ANCHORS} == pytest.approx(PRE_CHANGE_ANCHORS, 1e-3)
    old = run_scenario(base.with_overrides(numbers), n_paths=300, inputs=today)
    china = res.scenario.demand.china
    assert (china.base_year, china.ev_sales_base_units) == (2025, 16_490_000)
    targets = data.load_targets()
    new_t = res.target_table(targets).set_index("target_id")[P_COLS]
    old_t = old.target_table(targets).set_index("target_id")[P_COLS]
    pd.testing.assert_frame_equal(new_t, old_t, check_exact=True)
    for uid in ("qinghai_capacity_t_lce", "qinghai_output_t_lce", "china_ev_sales_units"):
        np.testing.assert_array_equal(res.paths[uid], old.paths[uid])
    assert old.anchors_used.empty and list(res.anchors_used.columns) == ANCHOR_COLUMNS
    assert res.anchors_used["known_at_as_of"].all()


def test_mid_2024_vintage_starts_from_the_2023_observation(base, mid_2024):
    res = run_scenario(base, n_paths=50, inputs=mid_2024)
    china = res.scenario.demand.china
    assert china.base_year == 2023
    assert china.ev_sales_base_units == _observed("china_nev_sales_units", "2024-06-30")[2023]
    used = res.anchors_used.set_index("key")
    row = used.loc["demand.china.ev_sales_base_units"]
    assert row["observation_date"] == pd.Timestamp("2023-12-31") and row["known_at_as_of"]
    # BEV share of the same year from the BEV and PHEV rows of the sales table.
    nev = data.load_china_nev_sales("YE", as_of="2024-06-30")
    yr = nev[(nev["metric"] == "sales") & (nev["ds"].dt.year == 2023)]
    by = yr.set_index("powertrain")["value_units"]
    assert china.bev_share_base == pytest.approx(by["BEV"] / (by["BEV"] + by["PHEV"]), rel=1e-12)
    # The simulated base year is the observation (history hands over without a jump).
    i = list(res.years).index(2023)
    np.testing.assert_array_equal(res.paths["china_ev_sales_units"][:, i], 9_495_000)


def test_price_anchors_are_the_latest_month_and_the_last_full_year(base, today, mid_2024):
    for inputs in (today, mid_2024):
        price = resolve_anchors(base, inputs.anchors)[0].value.price
        annual = inputs.price_annual.set_index("year")
        assert price.anchor_year == annual.index.max()
        full = [y for y in annual.index if y < price.anchor_year or price.anchor_month == 12]
        assert price.reference_price_cny_per_t == pytest.approx(annual.loc[max(full)].iloc[0])
        assert price.levels_cny_per_t.current == price.anchor_cny_per_t
        logs = np.log(annual.loc[full, "mean_cny_per_t"])
        assert price.levels_cny_per_t.long_run == pytest.approx(np.exp(logs.mean()))
    mid = resolve_anchors(base, mid_2024.anchors)[0].value.price
    assert (mid.anchor_year, mid.anchor_month) <= (2024, 6)


def test_as_of_boundary_is_exact(base):
    """MBGPA_20260114 (CAAM 2025 full year) is published on 2026-01-14: known that day only."""
    on = resolve_anchors(base, build_inputs_from_datasets("2026-01-14").anchors)[0]
    before = resolve_anchors(base, build_inputs_from_datasets("2026-01-13").anchors)[0]
    assert (on.demand.china.base_year, on.demand.china.ev_sales_base_units) == (2025, 16_490_000)
    assert before.demand.china.base_year == 2024
    expected = _observed("china_nev_sales_units", "2026-01-13")[2024]
    assert before.demand.china.ev_sales_base_units == expected


def test_series_unpublished_at_as_of_fall_back_flagged(base):
    """IEA GEVO 2024 (world sales) is published 2024-04-30: a 2023 vintage must say it used
    later knowledge for the world anchors, while China's come from data known then."""
    inputs = build_inputs_from_datasets(as_of="2023-06-30")
    _, used = resolve_anchors(base, inputs.anchors)
    known = used.set_index("key")["known_at_as_of"]
    assert not known["demand.world.ev_sales_base_units"]
    assert known["demand.china.ev_sales_base_units"] and known["value.price.anchor_cny_per_t"]
    assert (used["observation_date"] <= pd.Timestamp("2023-06-30"))[known.to_numpy()].all()
    # ... and the run does not simulate the world side from a later publication.
    with pytest.warns(UserWarning, match="world_ev_sales_units"):
        res = run_scenario(base, n_paths=20, inputs=inputs)
    assert np.isnan(res.paths["world_ev_sales_units"]).all()
    assert np.isfinite(res.paths["china_ev_sales_units"]).all()


def test_china_anchor_published_after_the_cut_off_is_refused(base):
    inputs = build_inputs_from_datasets(as_of="2013-12-31")
    with pytest.raises(ScenarioError, match="china_nev_sales_units.*choose a later as_of"):
        run_scenario(base, n_paths=20, inputs=inputs)


def test_override_with_a_number_wins(tmp_path, base, mid_2024):
    over = tmp_path / "fixed.yaml"
    over.write_text("demand:\n  china:\n    ev_sales_base_units: 15000000\n")
    scen = load_scenario(over)
    res = run_scenario(scen, n_paths=20, inputs=mid_2024)
    assert res.scenario.demand.china.ev_sales_base_units == 15_000_000
    assert res.scenario.demand.china.base_year == 2023  # still from the data
    keys = set(res.anchors_used["key"])
    assert "demand.china.ev_sales_base_units" not in keys and "demand.china.base_year" in keys


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("supply:\n  utilisation_mean: from_data\n", r"bad\.yaml: key 'supply\.utilisation_mean'"),
        (
            "demand:\n  china:\n    ev_sales_base_units: lots\n",
            r"bad\.yaml: key 'demand\.china\.ev_sales_base_units' = 'lots' .*expected a number",
        ),
        ("value:\n  price:\n    anchor_year: 2025.5\n", r"bad\.yaml: key 'value\.price\.anchor_y"),
    ],
)
def test_from_data_only_on_anchor_keys_and_types_still_checked(tmp_path, text, needle):
    (tmp_path / "base.yaml").write_text((SCENARIOS_DIR / "base.yaml").read_text())
    (tmp_path / "bad.yaml").write_text(text)
    with pytest.raises(ScenarioError, match=needle):
        load_scenario("bad", scenarios_dir=tmp_path)


def test_missing_observation_and_bad_resolved_value_fail_clearly(base, today):
    with pytest.raises(ScenarioError, match=r"'demand\.china\.base_year'.*china_nev_sales_units"):
        resolve_anchors(base, None)
    low = base.with_overrides({"demand.china.ev_sales_saturation_units": 1000})
    with pytest.raises(ScenarioError, match=r"scenario 'base'.*ev_sales_saturation_units.*below"):
        resolve_anchors(low, today.anchors)
