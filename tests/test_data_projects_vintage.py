"""Project pipeline vintages: ``load_qinghai_projects(as_of=)`` and the domain wiring."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecasting import data as fd
from forecasting.data.qinghai import status_known_from
from forecasting.domain import build_inputs_from_datasets
from forecasting.errors import DataValidationError

#: Projects whose only source is JIEMIAN_20221110_88MODEL (published 2022-11-10).
JIEMIAN = {
    "qh_lithium_resources_10kt",
    "qh_qinghai_lithium_10kt",
    "qh_western_mining_expansion_10kt",
}
#: Projects whose only source (HAIXI_2022_VPCL) is undated: known from status_date 2022-10.
HAIXI = {
    "qh_citic_kunlun_20kt",
    "qh_jinhai_10kt",
    "qh_ganfeng_li_metal_1kt",
    "qh_lanke_20kt_haixi_2022",
}


def ids(as_of) -> set[str]:
    return set(fd.load_qinghai_projects(as_of=as_of)["project_id"])


def test_published_date_is_the_earliest_source_date():
    p = fd.load_qinghai_projects().set_index("project_id")
    src = fd.load_sources().set_index("source_id")["published_date"]
    for pid, cell in p["source_id"].items():
        dates = src.reindex(cell.split(";")).dropna()
        expected = dates.min() if len(dates) else pd.NaT
        got = p.loc[pid, "published_date"]
        assert (pd.isna(got) and pd.isna(expected)) or got == expected, pid
    # Lanke 20 kt: Fastmarkets 2020-07-15 precedes Global Times 2021-08 and Argus 2021.
    assert p.loc["qh_lanke_bg_20kt", "published_date"] == pd.Timestamp("2020-07-15")


def test_boundary_is_inclusive_on_the_publication_day():
    before, on = ids("2022-11-09"), ids("2022-11-10")
    assert not JIEMIAN & before
    assert JIEMIAN <= on
    assert on - before == JIEMIAN


def test_undated_sources_fall_back_to_the_status_date():
    assert not HAIXI & ids("2022-10-30")
    assert HAIXI <= ids("2022-10-31")


def test_no_as_of_and_a_late_as_of_keep_everything():
    everything = fd.load_qinghai_projects()
    assert ids("2100-01-01") == set(everything["project_id"])
    assert len(ids("2019-01-01")) < len(everything)
    with pytest.raises(DataValidationError, match="not a date"):
        fd.load_qinghai_projects(as_of="last quarter")


def test_status_reported_after_as_of_is_visible():
    """One status per project (the latest): a vintage shows where it was reported later."""
    p = fd.load_qinghai_projects(as_of="2023-06-30").set_index("project_id")
    row = p.loc["qh_saltlake_40kt_integrated"]  # known 2023-03-13, status dated 2023-11
    assert row["status"] == "under_construction"
    assert row["status_known_from"] == pd.Timestamp("2023-11-30") > pd.Timestamp("2023-06-30")
    later = p.index[p["status_known_from"] > pd.Timestamp("2023-06-30")]
    modelled = p.loc[later, "include_in_pipeline"]
    assert list(later[modelled.to_numpy()]) == ["qh_saltlake_40kt_integrated"]
    # a later report whose status is dated after as_of is kept out, with the reason
    minmetals = p.loc["qh_minmetals_yiliping_15kt"]
    assert not minmetals["include_in_pipeline"]
    assert "dated after as_of" in minmetals["exclusion_reason"]
    assert p.loc["qh_minmetals_yiliping_10kt", "include_in_pipeline"]


def test_status_known_from_parses_reported_dates():
    got = status_known_from(
        pd.Series(["2021-08", "2022", "2024 (report date not shown)", None, "circa"])
    )
    assert list(got[:3]) == [
        pd.Timestamp("2021-08-31"),
        pd.Timestamp("2022-12-31"),
        pd.Timestamp("2024-12-31"),
    ]
    assert got[3:].isna().all()


def test_user_rows_with_no_date_at_all_are_always_kept(tmp_path):
    raw = pd.read_csv(fd.datasets_dir() / "qinghai_lithium_projects.csv", dtype=str)
    raw.loc[raw["project_id"] == "qh_jinhai_10kt", "status_date"] = None
    file = tmp_path / "projects.csv"
    raw.to_csv(file, index=False)
    before = file.read_bytes()
    kept = set(fd.load_qinghai_projects(path=file, as_of="2000-01-01")["project_id"])
    assert kept == {"qh_jinhai_10kt"}
    assert file.read_bytes() == before


def test_domain_inputs_cut_projects_and_prices():
    now = build_inputs_from_datasets()
    then = build_inputs_from_datasets(as_of="2022-11-09")
    assert not JIEMIAN & set(then.projects["project_id"])
    assert max(then.price_history_cny_per_t) <= 2022 < max(now.price_history_cny_per_t)
    # The domain models exactly the rows the vintage's loader includes.
    for inputs, as_of in ((now, None), (then, "2022-11-09")):
        rows = fd.load_qinghai_projects(as_of=as_of)
        rows = rows[rows["include_in_pipeline"] & (rows["status"] != "unknown")]
        cap = inputs.pipeline(False, 2018).nameplate_t_lce.sum()
        assert cap == pytest.approx(rows["nameplate_t_lce_per_year"].sum(), rel=1e-12)
        assert np.isfinite(cap) and cap > 0
    ids_then = set(then.pipeline(False, 2018).project_id)
    assert "qh_dongtai_lithium_resources_10kt" in ids_then  # its later report is not out yet
    assert "qh_saltlake_40kt_integrated" not in ids_then  # first published 2023-03-13


#: Plants whose later report replaces the earlier one: (earlier, later, first vintage of later).
SUPERSEDED = (
    ("qh_citic_guoan_35kt", "qh_citic_guoan_10kt_2020", "2020-12-31"),
    ("qh_saltlake_byd_30kt", "qh_saltlake_byd_30kt_not_built", "2021-08-31"),
    ("qh_zangge_10kt", "qh_zangge_10kt_phase1", "2022-03-31"),
    ("qh_dongtai_lithium_resources_10kt", "qh_lithium_resources_10kt", "2022-11-30"),
    ("qh_saltlake_40kt_integrated", "qh_saltlake_40kt_operating_2025", "2024-12-31"),
    ("qh_minmetals_yiliping_10kt", "qh_minmetals_yiliping_15kt", "2025-12-31"),
)


def included(as_of) -> set[str]:
    p = fd.load_qinghai_projects(as_of=as_of)
    return set(p.loc[p["include_in_pipeline"], "project_id"])


@pytest.mark.parametrize(("earlier", "later", "switch"), SUPERSEDED)
def test_a_later_report_replaces_the_earlier_one_from_when_its_status_is_known(
    earlier, later, switch
):
    day_before = (pd.Timestamp(switch) - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    before, after = included(day_before), included(switch)
    assert later not in before and later in after
    assert earlier not in after
    assert earlier in before or earlier not in set(
        fd.load_qinghai_projects(as_of=day_before)["project_id"]
    )
    latest = fd.load_qinghai_projects().set_index("project_id")
    assert latest.loc[earlier, "superseded_by"] == later
    assert not latest.loc[earlier, "include_in_pipeline"]
    assert "superseded" in latest.loc[earlier, "exclusion_reason"]


def test_one_modelled_row_per_plant_in_every_vintage():
    for as_of in (None, "2019-12-31", "2021-12-31", "2022-12-31", "2024-06-30"):
        p = fd.load_qinghai_projects(as_of=as_of)
        inc = p[p["include_in_pipeline"]]
        chains = {**{a: b for a, b, _ in SUPERSEDED}}
        for earlier, later in chains.items():
            assert not ({earlier, later} <= set(inc["project_id"])), (as_of, earlier)


def test_pipeline_is_up_to_date_with_the_third_pass():
    p = fd.load_qinghai_projects().set_index("project_id")
    inc = p[p["include_in_pipeline"]]
    assert inc.loc["qh_citic_guoan_10kt_2020", "nameplate_t_lce_per_year"] == 10_000.0
    assert inc.loc["qh_minmetals_yiliping_15kt", "nameplate_t_lce_per_year"] == 15_000.0
    zangge = inc.loc["qh_zangge_10kt_phase1"]
    assert (zangge["start_year"], zangge["first_output_year"]) == (2019, 2019)
    sl40 = inc.loc["qh_saltlake_40kt_operating_2025"]
    assert (sl40["status"], sl40["start_year"]) == ("operating", 2025)
    byd = inc.loc["qh_saltlake_byd_30kt_not_built"]
    assert byd["status"] == "announced" and pd.isna(byd["start_year"])
    assert inc["producer"].notna().all()
    # first output year is an upper bound on the start year wherever both are given
    both = inc.dropna(subset=["start_year", "first_output_year"])
    assert (both["start_year"] <= both["first_output_year"]).all()


def test_first_output_year_follows_what_a_vintage_knows():
    def first(as_of, pid):
        return (
            fd.load_qinghai_projects(as_of=as_of)
            .set_index("project_id")
            .loc[pid, "first_output_year"]
        )

    # Lanke IG: H1 2019 output (Fastmarkets 2020-07-15); the undated 2016 blog only without as_of
    assert pd.isna(first("2020-12-31", "qh_citic_guoan_10kt_2020"))
    assert first("2020-07-15", "qh_lanke_ig_10kt") == 2019
    assert first(None, "qh_lanke_ig_10kt") == 2016
    assert first("2022-03-31", "qh_zangge_10kt_phase1") == 2019  # CSMN, published 2022-03
    assert first("2022-01-31", "qh_zangge_10kt") == 2020  # Argus 2021
    evidence = fd.load_qinghai_project_first_output()
    assert set(evidence["project_id"]) <= set(fd.load_qinghai_projects()["project_id"])
    assert fd.load_qinghai_project_first_output(as_of="2019-12-31").empty


def test_earlier_status_replaces_the_later_one_until_it_is_reported():
    """Lanke 20 kt: 75 % built (Fastmarkets 2020-07-15), trial operation (Global Times 2021-08)."""

    def lanke(as_of):
        return fd.load_qinghai_projects(as_of=as_of).set_index("project_id").loc["qh_lanke_bg_20kt"]

    assert "qh_lanke_bg_20kt" not in ids("2020-07-14")
    for day in ("2020-07-15", "2021-08-30"):
        row = lanke(day)
        assert row["status"] == "under_construction" and row["status_year"] == 2020, day
        assert pd.isna(row["start_year"]) and row["status_text"].startswith("75% complete")
    now = lanke("2021-08-31")
    assert now["status"] == "commissioning" and now["start_year"] == 2021
    hist = fd.load_qinghai_project_status()
    assert set(hist["project_id"]) <= set(fd.load_qinghai_projects()["project_id"])
    assert fd.load_qinghai_project_status(as_of="2020-07-14").empty


def test_a_user_folder_brings_its_own_status_history(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    src = fd.datasets_dir()
    for name in ("qinghai_lithium_projects.csv", "qinghai_lithium_project_status.csv"):
        (folder / name).write_bytes((src / name).read_bytes())
    hist = pd.read_csv(folder / "qinghai_lithium_project_status.csv", dtype=str)
    hist["status"] = "approved"
    hist.to_csv(folder / "qinghai_lithium_project_status.csv", index=False)
    row = fd.load_qinghai_projects(path=folder, as_of="2021-01-01").set_index("project_id")
    assert row.loc["qh_lanke_bg_20kt", "status"] == "approved"
    bundled = fd.load_qinghai_projects(as_of="2021-01-01").set_index("project_id")
    assert bundled.loc["qh_lanke_bg_20kt", "status"] == "under_construction"


def test_producers_compare_listed_plants_with_company_figures():
    prod = fd.load_qinghai_producers().set_index("producer")
    names = set(fd.load_qinghai_projects()["producer"]) - {"multiple"}
    assert set(prod.index) == names
    salt_lake = prod.loc["Qinghai Salt Lake Industry"]
    assert salt_lake["n_plants_modelled"] == 4
    assert salt_lake["reported_capacity_t_lce_per_year"] == 80_000.0  # Dec 2025 company total
    assert salt_lake["nameplate_t_lce_per_year"] < 80_000.0  # part of it is not a listed plant
    assert (salt_lake["reported_output_t_lce"], salt_lake["reported_output_year"]) == (40_000, 2024)
    zangge = prod.loc["Golmud Zangge Lithium"]
    assert (zangge["earliest_start_year"], zangge["reported_output_year"]) == (2019, 2023)
    assert prod.loc["Jin Kunlun", "n_plants_modelled"] == 0  # named, capacity not stated
    total = fd.load_qinghai_projects()
    assert prod["nameplate_t_lce_per_year"].sum() == pytest.approx(
        total.loc[total["include_in_pipeline"], "nameplate_t_lce_per_year"].sum()
    )
    then = fd.load_qinghai_producers(as_of="2022-12-31").set_index("producer")
    assert then.loc["Qinghai Salt Lake Industry", "reported_output_year"] == 2020  # Lanke 2020
    assert then.loc["Qinghai Salt Lake Industry", "reported_capacity_t_lce_per_year"] == 30_000.0
