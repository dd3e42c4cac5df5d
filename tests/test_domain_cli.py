"""CLI: scenario list/run and sensitivity, on the bundled datasets (real loaders, real fits)."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from forecasting.cli import main
from forecasting.domain import compare_top_down, run_scenario
from forecasting.domain.topdown import build_top_down
from forecasting.paths import bundled_datasets_dir
from forecasting.scenarios import load_scenario

DATASETS_DIR = bundled_datasets_dir()


def test_scenario_list_names_every_file(capsys):
    assert main(["scenario", "list"]) == 0
    out = capsys.readouterr().out
    for name in ("base", "high_ev", "delayed_projects", "low_price"):
        assert name in out


def test_scenario_run_writes_tidy_outputs_byte_identically(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    args = ["scenario", "run", "low_price", "--n-paths", "200", "--seed", "3"]
    assert main([*args, "--out", str(a)]) == 0
    assert main([*args, "--out", str(b)]) == 0
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(
        [
            "summary.csv",
            "targets.csv",
            "target_years.csv",
            "targets_not_modelled.csv",
            "value_decomposition.csv",
            "anchors.csv",
            "anchors_used.csv",
            "supply_posterior.csv",
            "conditioning.csv",
            "yardsticks.csv",
            "scenario_resolved.yaml",
        ]
    )
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    summary = pd.read_csv(a / "summary.csv")
    assert set(summary["scenario"]) == {"low_price"}
    targets = pd.read_csv(a / "targets.csv")
    assert {"qh_capacity_2025_170kt", "qh_output_value_2025_100bn"} <= set(targets["target_id"])
    cap = targets.set_index("target_id").loc["qh_capacity_2025_170kt"]
    assert cap["unique_id"] == "qinghai_capacity_t_lce" and cap["unit"] == "t_lce_per_year"
    left = pd.read_csv(a / "targets_not_modelled.csv").set_index("target_id")
    assert left.loc["qh_saltlake_output_value_2035_120bn", "metric"] == "salt_lake_output_value"
    assert left["reason"].notna().all() and not set(left.index) & set(targets["target_id"])
    used = pd.read_csv(a / "anchors_used.csv").set_index("key")
    resolved = yaml.safe_load((a / "scenario_resolved.yaml").read_text())["scenario"]
    assert resolved["demand"]["china"]["ev_sales_base_units"] == 16_490_000
    assert used.loc["demand.china.ev_sales_base_units", "source_id"] == "MBGPA_20260114"
    assert "from_data" not in (a / "scenario_resolved.yaml").read_text()
    anchors = pd.read_csv(a / "anchors.csv")
    assert 73_000 in anchors["observed"].tolist()


def test_scenario_run_refuses_datasets_and_non_empty_folders(tmp_path, capsys):
    code = main(["scenario", "run", "base", "--n-paths", "10", "--out", str(DATASETS_DIR / "x")])
    assert code == 2 and "datasets/" in capsys.readouterr().err
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["scenario", "run", "base", "--n-paths", "10", "--out", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "keep.txt").read_text() == "mine"
    assert not (DATASETS_DIR / "x").exists()


def test_bad_scenario_file_gives_one_clear_message(tmp_path, capsys):
    bad = tmp_path / "mine.yaml"
    bad.write_text("supply:\n  mean_delay_years:\n    approved: -1\n")
    code = main(["scenario", "run", str(bad), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert "mine.yaml: key 'supply.mean_delay_years.approved' = -1 is out of range" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("method", ["tornado", "morris"])
def test_sensitivity_cli_writes_a_tidy_frame(tmp_path, capsys, method):
    out = tmp_path / method
    args = ["sensitivity", "--method", method, "--n-paths", "16", "--out", str(out)]
    assert main(args) == 0
    frame = pd.read_csv(out / "sensitivity.csv")
    assert set(frame["method"]) == {method} and set(frame["scenario"]) == {"base"}
    assert "supply.utilisation_mean" in set(frame["parameter"])
    assert any(o.startswith("p_met_in_year_qh_capacity_2025") for o in frame["output"])
    printed = capsys.readouterr().out
    assert "capacity_t_lce_2025" in printed
    if method == "tornado":  # supply parameters do not move demand: kept in the file, not shown
        assert (frame.loc[frame["output"].str.startswith("china_demand"), "swing"] == 0).all()
        assert "china_demand" not in printed


def test_top_down_view_side_by_side(tmp_path, capsys):
    from forecasting.contracts import regular_annual

    grid = regular_annual(
        pd.DataFrame(
            {"unique_id": "a", "ds": pd.to_datetime(["2009-12-31", "2012-12-31"]), "y": [1.0, 4.0]}
        )
    )
    assert grid["y"].isna().tolist() == [False, True, True, False]
    out = tmp_path / "td"
    assert (
        main(["scenario", "run", "base", "--n-paths", "100", "--top-down", "--out", str(out)]) == 0
    )
    printed = capsys.readouterr().out
    td = pd.read_csv(out / "top_down.csv")
    cap = td[td["unique_id"] == "qinghai_capacity_t_lce"]
    assert cap["top_down_mean"].isna().all()  # no provincial capacity series: nothing mixed in
    outp = td[(td["unique_id"] == "qinghai_output_t_lce") & (td["year"] >= 2023)]
    # Two observed years (2009, 2022): whether the engine forecasts them is the engine's rule;
    # the domain either shows the forecast with a consistent gap or says why it is empty.
    failed = build_top_down(end_year=2035).attrs["failed"]
    if failed:
        assert outp["top_down_mean"].isna().all() and outp["gap"].isna().all()
        assert "top-down qinghai_output_t_lce: not forecast" in printed
    else:
        assert outp["top_down_mean"].notna().all()
        diff = outp["gap"] - (outp["bottom_up_mean"] - outp["top_down_mean"])
        assert diff.abs().max() < 1e-3  # CSV keeps 10 significant digits


def test_top_down_refusal_leaves_columns_empty_with_the_reason():
    """One observed year (as of 2015) is below every engine model's minimum."""
    fc = build_top_down(as_of="2015-12-31", end_year=2030)
    assert fc.empty and list(fc.columns[:4]) == ["unique_id", "ds", "model", "mean"]
    reason = fc.attrs["failed"]["qinghai_output_t_lce"]
    assert "qinghai_output_t_lce" in reason and "1 observed" in reason
    res = run_scenario(load_scenario("base"), n_paths=20, end_year=2030)
    table = compare_top_down(res, fc)
    assert len(table) == 2 * len(res.years)
    assert table[["top_down_mean", "gap", "reconciled_mean"]].isna().all().all()
    assert table["bottom_up_mean"].notna().all()


def test_scenario_run_reads_a_user_data_folder_without_touching_it(tmp_path):
    """--data: the tables a user's folder holds replace the bundled ones, the others stay."""
    mine = tmp_path / "mine"
    mine.mkdir()
    projects = pd.read_csv(DATASETS_DIR / "qinghai_lithium_projects.csv", dtype=str)
    row = projects["project_id"] == "qh_citic_guoan_10kt_2020"  # operating since 2007
    projects.loc[row, "capacity_t_per_year"] = "45000"
    projects.to_csv(mine / "qinghai_lithium_projects.csv", index=False)
    targets = pd.read_csv(DATASETS_DIR / "qinghai_targets.csv", dtype=str)
    targets.loc[targets["target_id"] == "qh_capacity_2025_170kt", "value"] = "150000"
    targets.to_csv(mine / "qinghai_targets.csv", index=False)
    before = {p.name: p.read_bytes() for p in mine.iterdir()}
    # The plain project model (listed nameplate, no conditioning), so a bigger plant adds exactly
    # its nameplate: an override file holding only those keys.
    plain = tmp_path / "plain.yaml"
    plain.write_text(
        "supply:\n  nameplate_factor_low: 1.0\n  nameplate_factor_high: 1.0\n"
        "  conditioning:\n    enabled: false\n"
    )
    args = ["scenario", "run", str(plain), "--n-paths", "50", "--seed", "1"]
    assert main([*args, "--out", str(tmp_path / "bundled")]) == 0
    assert main([*args, "--data", str(mine), "--out", str(tmp_path / "user")]) == 0
    assert {p.name: p.read_bytes() for p in mine.iterdir()} == before

    def read(run, name):
        return pd.read_csv(tmp_path / run / name)

    def capacity_2020(run):
        s = read(run, "summary.csv")
        return s[(s["unique_id"] == "qinghai_capacity_t_lce") & (s["year"] == 2020)]["mean"]

    # Same seed and draws: an operating plant 35 kt bigger adds exactly 35 kt in 2020.
    gap = capacity_2020("user").item() - capacity_2020("bundled").item()
    assert gap == pytest.approx(35_000.0)
    tab = read("user", "targets.csv").set_index("target_id")
    assert tab.loc["qh_capacity_2025_170kt", "value"] == 150_000
    assert (
        read("bundled", "targets.csv").set_index("target_id").loc["qh_capacity_2025_170kt", "value"]
        == 170_000
    )
