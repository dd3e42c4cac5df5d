"""Model lithium demand against published yardsticks on the same scope (issue 8, must-show 3)."""

from __future__ import annotations

import pandas as pd
import pytest

from forecasting.data.units import LI_TO_LCE
from forecasting.domain.run import run_scenario
from forecasting.domain.yardsticks import YARDSTICKS, yardstick_table
from forecasting.paths import datasets_dir
from forecasting.scenarios import load_scenario


@pytest.fixture(scope="module")
def table(bundled_inputs, base_scenario) -> pd.DataFrame:
    return yardstick_table(run_scenario(base_scenario, 300, 0, inputs=bundled_inputs))


def test_every_yardstick_cites_a_bundled_source():
    ids = set(pd.read_csv(datasets_dir() / "sources.csv")["source_id"])
    missing = {row[5] for row in YARDSTICKS} - ids
    assert not missing, f"yardstick source_id not in datasets/sources.csv: {missing}"


def test_world_chosen_yardsticks_within_0_8_to_1_25(table):
    world = table[(table["region"] == "world") & table["chosen"]]
    assert set(world["quantity"]) == {"lithium demand of EV cars", "lithium demand, all uses"}
    assert world["ratio"].between(0.8, 1.25).all(), world[["quantity", "ratio"]]


def test_china_cells_out_of_sample_within_band(table):
    row = table[(table["region"] == "china") & (table["year"] == 2023)]
    assert row["ratio"].between(0.8, 1.25).all()


def test_china_lithium_2020_is_close_but_reported_as_measured(table):
    # 0.79 on the 2020 material-flow figure: a known shortfall (see the issue note); the guard
    # catches a regression, not a pass.
    row = table[(table["region"] == "china") & table["chosen"] & (table["unit"] == "t LCE")]
    assert row["ratio"].between(0.75, 1.25).all(), row[["quantity", "ratio"]]


def test_world_non_battery_term_is_busch_other_sectors():
    world = load_scenario("base").demand.world
    assert world.non_battery_demand_t_lce == pytest.approx(29_667.03 * LI_TO_LCE, abs=1.0)
