"""Scope honesty: each target row says what the model series and the target each cover."""

from __future__ import annotations

import pandas as pd
import pytest
from tiny_domain import ANCHORS, CHEM, KG, LOGISTIC, PROJECTS, SIZE  # same tiny tables

from forecasting.data import load_targets
from forecasting.domain import build_inputs, run_scenario
from forecasting.domain.result_tables import MODEL_SCOPE, TARGET_SERIES
from forecasting.scenarios import load_scenario

TARGETS = pd.DataFrame(
    {
        "target_id": ["val25", "cap25", "cap30"],
        "geography": ["Qinghai"] * 3,
        "metric": ["output_value", "capacity", "capacity"],
        "subject": ["lithium battery industry output value", "carbonate capacity", "capacity"],
        "scope_note": ["the whole lithium battery chain", None, " "],
        "value": [100.0, 60_000.0, 40_000.0],
        "unit": ["bn_cny", "t_lce_per_year", "t_lce_per_year"],
        "target_year": pd.array([2025, 2025, 2030], dtype="Int64"),
        "is_official": [True] * 3,
    }
)


@pytest.fixture(scope="module")
def result():
    inputs = build_inputs(PROJECTS, SIZE, CHEM, KG, anchors=ANCHORS)
    return run_scenario(load_scenario("base").with_overrides(LOGISTIC), n_paths=20, inputs=inputs)


def test_scope_note_joins_model_and_registry_scope(result):
    table = result.target_table(TARGETS).set_index("target_id")
    assert table.loc["val25", "scope_note"] == (
        "model covers carbonate and cells only (no cathode or other materials, no vehicles); "
        "target covers the whole lithium battery chain"
    )
    # No registry scope (missing or blank): the target's subject stands in.
    assert table.loc["cap25", "scope_note"].endswith("; target covers carbonate capacity")
    assert table.loc["cap30", "scope_note"].endswith("; target covers capacity")
    assert table.loc["cap25", "scope_note"].startswith("model covers " + MODEL_SCOPE["capacity"])


def test_frames_without_a_scope_column_still_work(result):
    table = result.target_table(TARGETS.drop(columns="scope_note"))
    assert (
        table.set_index("target_id")
        .loc["val25", "scope_note"]
        .endswith("target covers lithium battery industry output value")
    )


def test_registry_states_a_scope_for_every_target():
    reg = load_targets()
    assert reg["scope_note"].notna().all() and (reg["scope_note"].str.len() > 10).all()
    value = reg[reg["metric"] == "output_value"]
    assert len(value) >= 4
    # Every lithium output-value goal is wider than carbonate: say so.
    assert value["scope_note"].str.contains("whole|battery industry", regex=True).all()
    salt = reg.loc[reg["metric"] == "salt_lake_output_value", "scope_note"]
    assert salt.str.contains("potash").all()


def test_every_modelled_metric_has_a_model_scope():
    assert set(MODEL_SCOPE) == set(TARGET_SERIES)


def test_bundled_target_table_flags_the_chain_gap():
    res = run_scenario(load_scenario("base"), n_paths=20, seed=1)
    table = res.target_table(load_targets()).set_index("target_id")
    note = table.loc["qh_output_value_2025_100bn", "scope_note"]
    assert note.startswith("model covers carbonate and cells") and "battery" in note
    assert table["scope_note"].str.startswith("model covers ").all()
