"""Supply-lever tables (third data pass): brine, technology, policy, recycling, resources."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from forecasting import data as fd
from forecasting.data.registry import datasets_dir
from forecasting.data.tables_levers import TECHNOLOGIES
from forecasting.data.units import LI_TO_LCE, LICL_TO_LCE

sys.path.insert(0, str(datasets_dir() / "build"))

import build_levers  # noqa: E402


def test_brine_grades_are_normalised_to_mg_per_l():
    brine = fd.load_brine_chemistry()
    stream = brine[brine["unit"] == "g_per_l"].iloc[0]
    assert stream["value"] == 0.2417 and stream["value_mg_per_l"] == pytest.approx(241.7)
    qarhan = brine[
        (brine["salt_lake"] == "Qarhan") & (brine["parameter_code"] == "li_concentration")
    ]
    assert qarhan["value_mg_per_l"].item() == 310.0 and qarhan["year_inferred"].item()
    ratios = brine[brine["parameter_code"] == "mg_li_ratio"]
    assert ratios["value_mg_per_l"].isna().all()  # a ratio is not a concentration
    plateau = brine[brine["salt_lake"].str.startswith("Qinghai-Tibet")]
    li = plateau[plateau["parameter_code"] == "li_concentration"].iloc[0]
    assert (li["value_low_mg_per_l"], li["value_high_mg_per_l"]) == (23.0, 2895.0)  # range kept


def test_extraction_technology_codes_recoveries_and_bounds():
    tech = fd.load_extraction_technology()
    assert set(tech["technology"]) <= set(TECHNOLOGIES)
    shares = tech["value_share"].dropna()
    assert ((shares > 0) & (shares <= 1)).all()
    citic = tech[tech["producer"].str.startswith("Qinghai CITIC Guoan")].set_index("metric")
    assert citic.loc["lithium_recovery", "value_share"] == pytest.approx(0.9041)
    assert citic.loc["salt_pan_recovery", "bound"] == "lower"  # '>78%'
    industry = tech[tech["scale"] == "industry_average"].iloc[0]
    assert (industry["value_share"], industry["bound"]) == (0.5, "upper")  # '<50%'
    assert citic.loc["salt_pan_recovery", "value_share"] > industry["value_share"]
    lab = tech[tech["scale"] == "laboratory"]
    assert lab["technology"].tolist() == ["electrodialysis"]


def test_an_unknown_technology_text_fails_the_build():
    with pytest.raises(ValueError, match="unmapped text"):
        build_levers._map(
            pd.Series(["solvent extraction (new)"]), build_levers.TECHNOLOGY_CODES, "t"
        )


def test_policy_events_and_the_87_day_zangge_halt():
    events = fd.load_policy_events()
    assert events["period_start"].is_monotonic_increasing
    halts = fd.production_halts(events)
    zangge = halts.set_index("entity").loc["Golmud Zangge Lithium"]
    assert zangge["halt_date"] == pd.Timestamp("2025-07-16")
    assert zangge["halt_days"] == 87  # as the sources report
    inspections = events[events["event_type"] == "environmental inspection"]
    assert set(inspections["period_start"].dt.year) == {2017, 2020, 2023}
    before_restart = fd.production_halts(fd.load_policy_events(as_of="2025-09-30"))
    assert before_restart["restart_date"].isna().all()  # the restart is not known yet
    assert events.loc[events["date_text"].str.contains("year inferred"), "year_inferred"].all()


def test_battery_recycling_volumes_rules_and_bounds():
    rec = fd.load_battery_recycling()
    observed = rec[(rec["metric"] == "retired") & ~rec["is_forecast"] & (rec["unit"] == "gwh")]
    by_year = observed.set_index("year")
    assert by_year.loc[2020, "value_gwh"] == 25.6 and by_year.loc[2020, "bound"] == "point"
    assert by_year.loc[2021, "value_gwh"] == 18.0 and by_year.loc[2021, "bound"] == "lower"
    rule = rec[rec["metric"] == "min_lithium_recovery"].sort_values("year")
    assert rule["value_share"].tolist() == [0.85, 0.90]
    collection = rec[rec["metric"] == "regulated_collection_rate"].iloc[0]
    assert (collection["value_share_high"], collection["bound"]) == (0.25, "upper")
    assert (
        rec.loc[rec["is_forecast"], "period_text"].str.contains("forecast|projected|expected").all()
    )
    assert rec.loc[rec["year_inferred"], "source_id"].tolist() == ["TTNEWS_KUAILV_2018"]


def test_resources_convert_through_molar_masses_and_keep_unknown_bases_empty():
    res = fd.load_qinghai_resources()
    qarhan = res[(res["geography"] == "Qarhan salt lake") & (res["as_of_text"] == "2018")].iloc[0]
    t_licl = 1204 * 1e4
    assert qarhan["value_t_lce"] == pytest.approx(t_licl * LICL_TO_LCE)
    assert qarhan["value_t_li"] == pytest.approx(t_licl * LICL_TO_LCE / LI_TO_LCE)
    assert 1.9e6 < qarhan["value_t_li"] < 2.0e6
    qaidam = res[res["source_id"] == "YU2018_JSLR"].iloc[0]
    assert qaidam["value_t_li"] == 2.3e6  # Qaidam salt lakes ~2.3 Mt Li (Yu et al. 2018)
    unknown = res[res["compound"] == "unspecified"]
    assert len(unknown) >= 4 and unknown["value_t_li"].isna().all()
    assert res.loc[res["as_of_text"] == "year not shown", "year_inferred"].all()
    assert res.loc[res["unit_as_stated"].str.contains("more than"), "bound"].tolist() == ["lower"]


def test_national_reserves_keep_every_edition_and_convert_li2o():
    rsv = fd.load_lithium_reserves()
    li2o = rsv[rsv["unit"] == "t_li2o"].iloc[0]
    assert li2o["value_t_li"] == pytest.approx(fd.convert(6.5e6, "t_li2o", "t_li"))
    usgs = rsv[rsv["source_id"] == "USGS_MCS2024_DR"].set_index("country")
    assert usgs.loc["China", "reference_year"] == 2023 and usgs.loc["China", "edition_year"] == 2024
    best = fd.preferred(rsv[rsv["metric"] == "reserves"], ["country", "reference_year"])
    world = best[best["country"] == "World"].set_index("reference_year")["value_t_li"]
    assert world.loc[2023] == 28e6
    assert fd.load_lithium_reserves(as_of="2023-01-01")["published_date"].max() <= pd.Timestamp(
        "2023-01-01"
    )


@pytest.mark.parametrize(
    "loader",
    [
        fd.load_brine_chemistry,
        fd.load_extraction_technology,
        fd.load_battery_recycling,
        fd.load_qinghai_resources,
        fd.load_lithium_reserves,
    ],
)
def test_as_of_keeps_only_rows_published_by_then(loader):
    everything = loader()
    early = loader(as_of="2020-12-31")
    assert len(early) < len(everything)
    assert (early["published_date"] <= pd.Timestamp("2020-12-31")).all()
