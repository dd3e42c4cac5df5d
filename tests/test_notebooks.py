"""Every notebook in notebooks/ is thin, parameterised, offline, and executes on the bundled data.

Execution happens in the session's report build (a failing notebook fails that build); here each
executed copy is checked for errors and outputs.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ALL_NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("[0-9][0-9]_*.py"))
#: Report notebooks (the quickstart 00_* is executed on its own below).
NOTEBOOKS = [p for p in ALL_NOTEBOOKS if not p.name.startswith("00_")]
QUICKSTART = Path(__file__).parents[1] / "notebooks" / "00_quickstart.py"
PARAMETERS = ("quarter", "scenario", "as_of", "seed", "n_paths", "data_path", "run_dir")


@pytest.mark.parametrize("source", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_source_is_thin_and_offline(source: Path) -> None:
    text = source.read_text()
    assert '# %% tags=["parameters"]' in text
    params = text.split('# %% tags=["parameters"]', 1)[1].split("# %%", 1)[0]
    for name in PARAMETERS:
        assert re.search(rf"^{name} = ", params, re.M), f"{source.name}: parameter {name} missing"
    assert "!pip" not in text and "%pip" not in text
    assert not re.search(r"https?://", text), f"{source.name} reads a live URL"
    assert not re.search(r"^\s*(def|class) ", text, re.M), f"{source.name} defines code"


@pytest.mark.slow
@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executed_without_errors(source: Path, shared_report: Path) -> None:
    report = shared_report
    nb = nbformat.read(report / f"{source.stem}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    outputs = [o for c in code for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any(o.get("output_type") in ("display_data", "execute_result") for o in outputs)
    injected = [c for c in code if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "2026Q4" in injected[0].source


NB_SUPPLY = Path(__file__).parents[1] / "notebooks" / "02_qinghai_supply.py"


def _output_text(ipynb: Path) -> str:
    nb = nbformat.read(ipynb, as_version=4)
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append(str(data.get("text/html", "")) + str(data.get("text/markdown", "")))
    return "\n".join(parts)


def _api_medians(scenario: str, seed: int, n_paths: int) -> dict[str, str]:
    """Median in the target year of every capacity target and the 2030 and 2035 capacity and
    output medians, as the notebook prints them, straight from the package API."""
    from forecasting.data import load_targets
    from forecasting.domain import build_inputs_from_datasets, run_scenario
    from forecasting.reports.nbtools import fmt_number
    from forecasting.scenarios import load_scenario

    result = run_scenario(
        load_scenario(scenario),
        n_paths=n_paths,
        seed=seed,
        end_year=2035,
        inputs=build_inputs_from_datasets(as_of="2026-12-31"),
    )
    tt = result.target_table(load_targets())
    tt = tt[tt["metric"].isin(["capacity", "output"]) & (tt["target_year"] >= 2025)]
    out = {r.target_id: fmt_number(r.median) for r in tt.itertuples()}
    summary = result.summary()
    for uid in ("qinghai_capacity_t_lce", "qinghai_output_t_lce"):
        for year in (2030, 2035):
            row = summary[(summary["unique_id"] == uid) & (summary["year"] == year)]
            out[f"{uid}:{year}"] = fmt_number(float(row["median"].iloc[0]))
    return out


@pytest.mark.slow
def test_notebook_alone_computes_its_numbers_from_its_parameters(tmp_path, monkeypatch) -> None:
    """Notebook 02 run by papermill in an empty folder (no report build) with a non-default
    scenario and seed: its numbers equal the package API's for those parameters and differ
    from the base run's."""
    from forecasting.reports.execute import execute_notebook

    monkeypatch.setenv("LITHIUM_FORECAST_CACHE", str(tmp_path / "cache"))
    params = {"quarter": "2026Q4", "scenario": "delayed_projects", "seed": 7, "n_paths": 200}
    run = execute_notebook(NB_SUPPLY, tmp_path, tmp_path, params, cwd=tmp_path)
    text = _output_text(run.path)
    assert not (tmp_path / "forecasts.csv").exists()  # nothing was precomputed into the folder
    assert "scenario 'delayed_projects', as_of 2026-12-31, 200 paths, seed 7" in text
    mine = _api_medians("delayed_projects", 7, 200)
    base = _api_medians("base", 0, 1000)
    assert mine and all(v in text for v in mine.values()), (mine, text[:2000])
    differ = [k for k in mine if mine[k] != base[k]]
    assert differ, "the scenario and seed did not change any target median"
    # output medians are continuous; capacity is a sum of nameplates (the same sums recur as
    # another run's interval bounds), so the base run's output medians must be absent
    only_base = [base[k] for k in differ if k.startswith("qinghai_output")]
    assert only_base and all(v not in text for v in only_base), only_base


@pytest.mark.slow
def test_quickstart_runs_alone_and_the_changed_assumption_moves_the_probability(
    tmp_path, monkeypatch
) -> None:
    """The exploration notebook, opened fresh with few paths: data with sources, models
    compared, a scenario run, and P(capacity target) lower when projects are slower."""
    from forecasting.reports.execute import execute_notebook, list_notebooks

    assert QUICKSTART not in list_notebooks(QUICKSTART.parent)  # not a report chapter
    monkeypatch.setenv("LITHIUM_FORECAST_CACHE", str(tmp_path / "cache"))
    run = execute_notebook(QUICKSTART, tmp_path, tmp_path, {"n_paths": 100}, cwd=tmp_path)
    nb = nbformat.read(run.path, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 3
    text = _output_text(run.path)
    assert "Backtest" in text and "logistic" in text and "CAAM" in text
    pcts = re.findall(r"<td class=\"num\">(\d+)%</td><td class=\"num\">[\d,]+</td></tr>", text)
    assert len(pcts) >= 2 and int(pcts[-1]) < int(pcts[-2]), pcts  # slower projects: lower P
