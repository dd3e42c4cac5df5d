"""End to end: one real report build on the bundled data, then its folder, manifest, rules.

The report is built once per session into pytest's base temp folder (the ``shared_report``
fixture of ``conftest.py``); the
other report test modules reuse the same folder. Later builds reuse the compute cache.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from forecasting.errors import ReportError
from forecasting.paths import bundled_datasets_dir
from forecasting.reports.build import build_report
from forecasting.reports.compute import RunSpec
from forecasting.reports.manifest import sha256_file
from forecasting.reports.revisions import compute_revision_table, key_outputs

QUARTER = "2026Q4"
NOTEBOOKS = [
    p
    for p in sorted((Path(__file__).parents[1] / "notebooks").glob("[0-9][0-9]_*.py"))
    if not p.name.startswith("00_")  # the quickstart is not a report chapter
]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(shared_report: Path) -> Path:
    return shared_report


def test_folder_holds_every_output_and_no_staging_leftovers(report: Path) -> None:
    names = {p.name for p in report.iterdir()}
    for name in (
        "report.html",
        "report.pdf",
        "forecasts.csv",
        "target_probabilities.csv",
        "forecasts.xlsx",
        "manifest.json",
        "figures",
    ):
        assert name in names
    figures = {p.name for p in (report / "figures").iterdir()}
    for stem in ("00_headline", "02_capacity_fan", "04_price", "05_tornado_natural"):
        assert {f"{stem}.png", f"{stem}.svg"} <= figures, stem
    assert {f"{nb.stem}.ipynb" for nb in NOTEBOOKS} <= names
    assert not [p for p in report.parent.iterdir() if ".partial" in p.name]
    assert not (report / ".work").exists()


def test_manifest_hashes_prove_the_outputs_and_inputs(report: Path) -> None:
    m = json.loads((report / "manifest.json").read_text())
    for name in ("forecasts.csv", "target_probabilities.csv"):
        assert m["outputs_sha256"][name] == sha256_file(report / name)
    assert m["data_files_sha256"], "no dataset hashes recorded"
    for rel, digest in m["data_files_sha256"].items():
        assert digest == sha256_file(Path(__file__).parents[1] / rel)
    assert any(k.endswith("base.yaml") for k in m["scenario_files_sha256"])
    assert m["parameters"]["quarter"] == QUARTER and m["seed"] == 0
    assert m["parameters"]["as_of"] == "2026-12-31"
    assert m["packages"]["pandas"] and m["python"].startswith("3.")
    assert m["distributions"]["pandas"] == m["packages"]["pandas"]
    assert m["distributions"]["numpy"] and len(m["distributions"]) > 50  # the whole venv
    lock = Path(__file__).parents[1] / "requirements.lock"
    assert m["requirements_lock_sha256"] == sha256_file(lock)
    assert "execute 6 notebooks" in m["timings_s"] or any(
        k.startswith("execute") for k in m["timings_s"]
    )
    assert all(v >= 0 for v in m["timings_s"].values())


def test_target_table_is_sane(report: Path) -> None:
    t = pd.read_csv(report / "target_probabilities.csv")
    head = t[t["headline"]]
    assert {"capacity", "output_value"} <= set(head["metric"])
    for col in ("p_met_in_year", "p_reached_by_year", "p_not_reached"):
        assert t[col].between(0, 1).all()
    assert (head["lo_80"] <= head["median"]).all() and (head["median"] <= head["hi_80"]).all()
    assert (head["p_reached_by_year"] >= head["p_met_in_year"] - 1e-12).all()


def test_csvs_are_excel_friendly_one_row_per_target_numeric_years(report: Path) -> None:
    for name in ("forecasts.csv", "target_probabilities.csv"):
        raw = (report / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{name} has no UTF-8 BOM"
        assert b",2025.000000," not in raw and b",2030.000000," not in raw  # years are whole
    t = pd.read_csv(report / "target_probabilities.csv")
    assert not t.duplicated(["view", "target_id"]).any()
    assert t["target_year"].dtype.kind == "i" and set(t["quarter"]) == {QUARTER}
    assert set(t["as_of"]) == {"2026-12-31"}
    f = pd.read_csv(report / "forecasts.csv")
    assert f["year"].dtype.kind == "i" and not f.duplicated(["view", "series", "year"]).any()
    assert set(f["status"]) == {"observed", "nowcast", "forecast"}
    assert (f.loc[f["year"] > 2026, "status"] == "forecast").all()
    sales = f[(f["series"] == "china_ev_sales_units") & (f["year"] == 2024)]
    assert sales["status"].tolist() == ["observed"]  # CAAM reported 2024


def test_front_page_numbers_come_from_one_simulation(report: Path) -> None:
    """The scenario table's own row, the verdict and the targets CSV show the same P(met)."""
    t = pd.read_csv(report / "target_probabilities.csv")
    head = t[t["headline"] & (t["metric"] == "capacity")].sort_values("target_year")
    p = f"{100 * head['p_reached_by_year'].iloc[-1]:.0f}%"
    scen = pd.read_csv(report / "tables" / "scenarios.csv")
    own = scen[(scen["scenario"] == "base") & (scen["target_id"] == head["target_id"].iloc[-1])]
    assert f"{100 * own['p_reached_by_year'].iloc[0]:.0f}%" == p  # same paths, same number
    front = (report / "report.html").read_text().split('<div class="section"')[0]
    assert front.count(p) >= 2 and "base (this run)" in front


def test_past_target_years_are_nowcasts_and_say_so(report: Path) -> None:
    """as_of 2026-12-31: 2020 and 2025 are over and the data has no official figure for them."""
    t = pd.read_csv(report / "target_probabilities.csv", keep_default_na=False)
    assert set(t.loc[t["target_year"] <= 2026, "status"]) == {"nowcast"}
    assert set(t.loc[t["target_year"] > 2026, "status"]) <= {"forecast"}
    assert {2020, 2025} <= set(t.loc[t["headline"], "target_year"])
    page = (report / "report.html").read_text()
    assert "unclear" in page and "Year over, no official figure in the data" in page


def test_anchors_are_shown_and_the_bev_share_is_the_resolved_value(report: Path) -> None:
    anchors = pd.read_csv(report / "tables" / "anchors_used.csv")
    bev = anchors.set_index("key").loc["demand.china.bev_share_base"]
    assert 0 < bev["value"] < 1 and bev["source_id"]
    nb = (report / "03_ev_demand.ipynb").read_text()
    assert f"{bev['value']:.2f} -&gt;" in nb or f"{bev['value']:.2f} ->" in nb
    assert "from_data -&gt;" not in nb and "Observed values the scenario" in nb
    assert "demand.china.bev_share_base" in (report / "report.html").read_text()


def test_forecasts_keep_capacity_and_output_apart(report: Path) -> None:
    f = pd.read_csv(report / "forecasts.csv")
    bu = f[f["view"] == "bottom_up"].set_index(["year", "metric", "series"])["median"]
    cap = bu.xs("qinghai_capacity_t_lce", level="series").droplevel("metric")
    out = bu.xs("qinghai_output_t_lce", level="series").droplevel("metric")
    assert (out <= cap + 1e-6).all()  # output never exceeds capacity
    assert (f["lo_95"] <= f["lo_80"] + 1e-9).all() and (f["hi_80"] <= f["hi_95"] + 1e-9).all()


def test_rebuild_is_refused_and_published_folder_untouched(report: Path) -> None:
    before = {p.name: sha256_file(p) for p in report.iterdir() if p.is_file()}
    with pytest.raises(ReportError, match="already published"):
        build_report(QUARTER, out_root=report.parent, progress=lambda _m: None)
    assert {p.name: sha256_file(p) for p in report.iterdir() if p.is_file()} == before


def test_forced_fresh_rebuild_is_byte_identical_and_keeps_old_aside(tmp_path, report) -> None:
    root = tmp_path / "reports"
    shutil.copytree(report, root / QUARTER)
    dest = build_report(
        QUARTER, out_root=root, force=True, use_cache=False, progress=lambda _m: None
    )
    aside = [p for p in root.iterdir() if p.name.startswith(f"{QUARTER}.superseded-")]
    assert len(aside) == 1
    figures = sorted(p.relative_to(dest) for p in (dest / "figures").iterdir())
    executed = [f"{nb.stem}.ipynb" for nb in NOTEBOOKS]  # executed again: the same bytes
    for name in (
        "forecasts.csv",
        "target_probabilities.csv",
        "forecasts.xlsx",
        *figures,
        *executed,
    ):
        assert (dest / name).read_bytes() == (aside[0] / name).read_bytes(), name
    new_m = json.loads((dest / "manifest.json").read_text())
    old_m = json.loads((aside[0] / "manifest.json").read_text())
    assert new_m["outputs_sha256"] == old_m["outputs_sha256"]


def test_warm_rebuild_reuses_the_executed_notebooks_byte_for_byte(tmp_path, report) -> None:
    """Same inputs, code and notebooks: the executed notebooks and their figures come from the
    notebook cache, identical to the build that ran them; HTML and PDF are still rendered."""
    root = tmp_path / "reports"
    shutil.copytree(report, root / QUARTER)
    lines: list[str] = []
    dest = build_report(QUARTER, out_root=root, force=True, progress=lines.append)
    assert any("notebooks reused" in line for line in lines), lines
    m = json.loads((dest / "manifest.json").read_text())
    assert m["notes"]["notebooks"].startswith("reused from the notebook cache")
    aside = next(p for p in root.iterdir() if ".superseded-" in p.name)
    produced = [p.relative_to(aside) for p in aside.rglob("*") if p.is_file()]
    compared = [p for p in produced if p.suffix in (".ipynb", ".png", ".svg", ".csv", ".html")]
    assert any(p.suffix == ".ipynb" for p in compared)
    for rel in compared:
        assert (dest / rel).read_bytes() == (aside / rel).read_bytes(), rel
    assert (dest / "report.pdf").stat().st_size > 10_000


def test_failing_notebook_stops_the_run_and_leaves_nothing(tmp_path, report) -> None:
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    shutil.copy(NOTEBOOKS[0], nb_dir / NOTEBOOKS[0].name)
    (nb_dir / "99_broken.py").write_text(
        '# %% tags=["parameters"]\nrun_dir = "."\n\n# %%\nvalue_t_lce = 1 / 0\n'
    )
    root = tmp_path / "reports"
    with pytest.raises(ReportError) as exc:
        build_report(QUARTER, out_root=root, notebook_dir=nb_dir, progress=lambda _m: None)
    msg = str(exc.value)
    assert "99_broken" in msg and "value_t_lce = 1 / 0" in msg and "ZeroDivisionError" in msg
    assert not root.exists() or list(root.iterdir()) == []


def test_revision_split_with_a_published_previous_vintage(report: Path) -> None:
    """Same code and data cut, another scenario: the whole revision is the assumption part."""
    spec = RunSpec(quarter="2027Q1", as_of="2026-12-31", scenario="delayed_projects")
    run_dir = report.parent.parent / "rev-run"
    run_dir.mkdir(exist_ok=True)
    from forecasting.reports.cache import write_csv
    from forecasting.reports.compute import cached_headline_tables

    t = cached_headline_tables(spec, None, use_cache=True)
    write_csv(t["forecasts"], run_dir / "forecasts.csv")
    write_csv(t["target_probabilities"], run_dir / "target_probabilities.csv")
    table, meta = compute_revision_table(spec, run_dir, report)
    assert meta["previous_label"] == f"published {QUARTER}" and not meta["reconstructed"]
    assert table["previous"].notna().all()
    assert (table["data_part"].abs() < 1e-9).all()
    assert (table["model_part"].abs() < 1e-6).all()
    assert (table["assumption_part"] - table["revision"]).abs().max() < 1e-6
    assert table["revision"].abs().max() > 0  # delayed projects really moved something


def test_reconstructed_vintage_shows_data_revisions_when_the_pipeline_changed(report) -> None:
    """2020Q3 against a reconstructed 2020Q2: project statuses and prices known by 2020-09-30
    but not by 2020-06-30 move the numbers, and all of it is the data part."""
    spec = RunSpec(quarter="2020Q3", as_of="2020-09-30")
    run_dir = report.parent.parent / "rev-2020q3"
    run_dir.mkdir(exist_ok=True)
    from forecasting.reports.cache import write_csv
    from forecasting.reports.compute import cached_headline_tables

    t = cached_headline_tables(spec, None, use_cache=True)
    write_csv(t["forecasts"], run_dir / "forecasts.csv")
    write_csv(t["target_probabilities"], run_dir / "target_probabilities.csv")
    table, meta = compute_revision_table(spec, run_dir, None)
    assert meta["reconstructed"] and "2020-06-30" in meta["previous_label"]
    cap = table.set_index("key").loc["capacity:qinghai_capacity_t_lce:2030"]
    assert cap["revision"] != 0 and abs(cap["data_part"] - cap["revision"]) < 1e-6
    assert (table["assumption_part"] == 0).all()


def test_without_previous_vintage_the_report_says_so(report: Path) -> None:
    meta = json.loads((report / "tables" / "revision_meta.json").read_text())
    assert meta["reconstructed"] is True and "reconstructed" in meta["previous_label"]
    rev = pd.read_csv(report / "tables" / "revisions.csv")
    assert (rev["assumption_part"] == 0).all() and (rev["model_part"].abs() < 1e-6).all()
    html = (report / "report.html").read_text()
    assert "reconstructed" in html
    changes = pd.read_csv(report / "tables" / "pipeline_changes.csv")
    if changes.empty:
        assert "No project record in the pipeline data changed" in html
    else:
        assert all(pid in html for pid in changes["project_id"])


def test_key_outputs_cover_targets_and_demand(report: Path) -> None:
    k = key_outputs(
        pd.read_csv(report / "forecasts.csv"), pd.read_csv(report / "target_probabilities.csv")
    )
    assert k["key"].is_unique
    assert k["key"].str.endswith(":p_met").any() and k["key"].str.startswith("demand:").any()


def test_datasets_were_not_modified(report: Path) -> None:
    m = json.loads((report / "manifest.json").read_text())
    current = {
        str(p.relative_to(bundled_datasets_dir().parent)): sha256_file(p)
        for p in bundled_datasets_dir().rglob("*.csv")
        if "scenarios" not in p.parts
    }
    for rel, digest in m["data_files_sha256"].items():
        if rel in current:
            assert current[rel] == digest


def test_top_down_ev_sales_stay_between_zero_and_the_cap(report: Path) -> None:
    """The top-down EV view is the capped growth curve: no band below 0 or beyond the cap."""
    from forecasting.domain.topdown import ev_sales_cap
    from forecasting.scenarios import load_scenario

    f = pd.read_csv(report / "forecasts.csv")
    ev = f[(f["view"] == "top_down") & (f["metric"] == "ev_sales")]
    assert len(ev) and (ev["lo_95"] >= 0).all()
    cap = ev_sales_cap(load_scenario("base"))
    # each path stays under its own cap, so a quantile of the paths stays under the same
    # quantile of the caps (3% for the sampling noise of 1,000 drawn caps)
    assert (ev["hi_95"] <= cap.ppf(0.975) * 1.03).all(), ev[["year", "hi_95"]]
    assert (ev["hi_80"] <= cap.ppf(0.90) * 1.03).all()
