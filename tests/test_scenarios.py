"""Scenario files: coverage of every field, comments with sources, merging, clear errors."""

from __future__ import annotations

import dataclasses
import re
import shutil
import typing
from pathlib import Path

import pytest

from forecasting.domain import resolve_anchors
from forecasting.errors import ScenarioError
from forecasting.scenarios import (
    SCENARIOS_DIR,
    Scenario,
    list_scenarios,
    load_scenario,
    param_range,
)


def _leaf_keys(cls, prefix=""):
    keys = []
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if dataclasses.is_dataclass(hints[f.name]):
            keys += _leaf_keys(hints[f.name], f"{prefix}{f.name}.")
        else:
            keys.append(prefix + f.name)
    return keys


def _flat(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict) and v and not all(isinstance(x, int) for x in v):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[prefix + k] = v
    return out


def test_base_file_covers_every_field():
    import yaml

    raw = yaml.safe_load((SCENARIOS_DIR / "base.yaml").read_text())
    assert set(_flat(raw)) == set(_leaf_keys(Scenario))


def test_every_base_number_has_a_source_or_assumption_comment():
    lines = (SCENARIOS_DIR / "base.yaml").read_text().splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^\s*([a-z_0-9]+):\s*([^#\s][^#]*?)\s*(#.*)?$", line)
        if not m or m.group(1) in ("name", "description"):
            continue
        comment = m.group(3) or ""
        assert re.search(r"source:|assumption", comment), f"base.yaml line {i + 1}: {line}"
        if "source:" in comment:  # a stated source names at least one source_id
            cited = re.search(r"\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b", comment.split("source:")[1])
            assert cited, f"base.yaml line {i + 1}: 'source:' without a source_id"


def test_all_bundled_scenarios_load_and_overrides_change_only_their_keys():
    names = list_scenarios()
    assert names[0] == "base" and {"high_ev", "delayed_projects", "low_price"} <= set(names)
    base = load_scenario("base")
    low = load_scenario("low_price")
    assert low.name == "low_price" and low.value.price.scenario == "trough_2020"
    assert low.supply == base.supply and low.demand == base.demand
    delayed = load_scenario("delayed_projects")
    assert delayed.supply.mean_delay_years.approved > base.supply.mean_delay_years.approved
    assert delayed.supply.mean_delay_years.operating == base.supply.mean_delay_years.operating


def test_scenarios_are_frozen_and_overrides_make_new_instances():
    base = load_scenario("base")
    with pytest.raises(dataclasses.FrozenInstanceError):
        base.supply.utilisation_mean = 0.1  # type: ignore[misc]
    new = base.with_overrides(**{"supply.utilisation_mean": 0.5})
    assert new.supply.utilisation_mean == 0.5 and base.supply.utilisation_mean == 0.7
    assert param_range("supply.completion_probability.approved") == (0.0, 1.0)


@pytest.fixture()
def scen_dir(tmp_path):
    shutil.copy(SCENARIOS_DIR / "base.yaml", tmp_path / "base.yaml")
    return tmp_path


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (
            "supply:\n  utilisation_mean: 1.5\n",
            r"bad\.yaml: key 'supply\.utilisation_mean' = 1\.5 "
            r"is out of range \[0, 1\]",
        ),
        ("supply:\n  utilisaton_mean: 0.5\n", r"bad\.yaml: unknown key 'supply\.utilisaton_mean'"),
        (
            "supply:\n  utilisation_mean: high\n",
            r"bad\.yaml: key 'supply\.utilisation_mean' = "
            r"'high' has the wrong type: expected a number",
        ),
        ("simulation:\n  n_paths: 10.5\n", r"'simulation\.n_paths' = 10\.5 has the wrong type"),
        ("supply:\n  capacity_ramps: 1\n", r"'supply\.capacity_ramps' = 1 .*true/false"),
        ("value:\n  price:\n    scenario: boom\n", r"'value\.price\.scenario' = 'boom' is not one"),
        (
            "value:\n  price:\n    path_cny_per_t:\n      2026: -5\n",
            r"bad\.yaml: key 'value\.price\.path_cny_per_t\.2026' = -5 "
            r"is out of range \[0, 2e\+06\]",
        ),
        (
            "supply:\n  completion_probability:\n    approved: 2\n",
            r"'supply\.completion_probability\.approved' = 2 is out of range",
        ),
        (
            "demand:\n  china:\n    ev_sales_saturation_units: 1000\n"
            "    ev_sales_base_units: 2000\n",
            r"bad\.yaml.*ev_sales_saturation_units.*below",
        ),
        ("simulation:\n  end_year: 2030\n", r"bad\.yaml.*end_year.*2035"),
        ("supply: [1, 2]\n", r"bad\.yaml: key 'supply' .*expected a mapping"),
        ("supply:\n  utilisation_mean: [\n", r"bad\.yaml: not valid YAML"),
    ],
)
def test_each_bad_override_gives_its_own_clear_error(scen_dir, text, needle):
    (scen_dir / "bad.yaml").write_text(text)
    with pytest.raises(ScenarioError, match=needle):
        load_scenario("bad", scenarios_dir=scen_dir)


def test_errors_in_the_base_file_name_the_base_file(scen_dir):
    base = scen_dir / "base.yaml"
    base.write_text(base.read_text().replace("  seed: 0 ", "  sead: 0 "))
    with pytest.raises(ScenarioError, match=r"base\.yaml: unknown key 'simulation\.sead'"):
        load_scenario("base", scenarios_dir=scen_dir)
    shutil.copy(SCENARIOS_DIR / "base.yaml", base)
    text = base.read_text()
    base.write_text(re.sub(r"\n  seed: 0[^\n]*", "", text))
    with pytest.raises(ScenarioError, match=r"base\.yaml: missing key 'simulation\.seed'"):
        load_scenario("base", scenarios_dir=scen_dir)


def test_unknown_scenario_name_lists_the_available_ones(scen_dir):
    with pytest.raises(ScenarioError, match="unknown scenario 'nope'.*base"):
        load_scenario("nope", scenarios_dir=scen_dir)


def test_loading_never_modifies_scenario_files(scen_dir):
    over = scen_dir / "mine.yaml"
    over.write_text("supply:\n  utilisation_mean: 0.9\n")
    before = {p.name: p.read_bytes() for p in Path(scen_dir).iterdir()}
    scen = load_scenario(over)
    scen.with_overrides(**{"supply.utilisation_mean": 0.1})
    assert {p.name: p.read_bytes() for p in Path(scen_dir).iterdir()} == before
    assert scen.name == "mine" and scen.supply.utilisation_mean == 0.9


def test_every_source_id_cited_in_scenarios_is_described():
    import pandas as pd

    root = SCENARIOS_DIR.parents[0]
    known = set(pd.read_csv(root / "sources.csv")["source_id"])
    cited = set()
    for path in SCENARIOS_DIR.glob("*.yaml"):
        cited |= set(re.findall(r"\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b", path.read_text()))
    from forecasting.data import units

    cited = {c for c in cited if not hasattr(units, c)}  # named constants, not sources
    assert cited and cited <= known, sorted(cited - known)


def test_ev_sales_base_is_the_observed_history_on_the_same_basis(bundled_inputs):
    """China counts vehicles built in China (CAAM sales incl. exports), the world counts cars
    sold (IEA): each scenario's base-year sales must equal the observed series it continues, or
    the paths would jump where history hands over to the curve."""
    from forecasting.data import load_series
    from forecasting.domain.inputs import HISTORY_IDS

    observed = load_series(ids=["china_nev_sales_units", "world_ev_sales_units"])
    observed = observed.assign(year=observed["ds"].dt.year).set_index(["unique_id", "year"])["y"]
    series = {sim: uid for uid, (sim, _) in HISTORY_IDS.items()}
    inputs = bundled_inputs
    for name in list_scenarios():
        scen = resolve_anchors(load_scenario(name), inputs.anchors)[0]
        for region in ("china", "world"):
            cfg = getattr(scen.demand, region)
            uid = series[f"{region}_ev_sales_units"]
            assert cfg.ev_sales_base_units == observed[(uid, cfg.base_year)], (name, region)
    assert series["china_ev_sales_units"] == "china_nev_sales_units"


def test_world_supply_base_is_observed_mine_production_in_lce(bundled_inputs):
    from forecasting.data import LI_TO_LCE, load_series

    mine = load_series(ids=["world_lithium_mine_production_t_li"])
    mine = mine.set_index(mine["ds"].dt.year)["y"]
    inputs = bundled_inputs
    for name in list_scenarios():
        bal = resolve_anchors(load_scenario(name), inputs.anchors)[0].balance
        expected_t_lce = mine[bal.world_supply_base_year] * LI_TO_LCE
        assert abs(bal.world_supply_base_t_lce - expected_t_lce) <= 0.5, name
