"""Past target years: observed (met / not met), nowcast or forecast, and how the front shows it."""

from __future__ import annotations

import pandas as pd

from forecasting.reports import outlook
from forecasting.reports.observed import (
    NOWCAST_NOTE,
    load_target_observations,
    with_target_status,
)


def _targets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "view": "headline",
            "target_id": ["cap20", "cap25", "out20", "cap30"],
            "metric": ["capacity", "capacity", "output", "capacity"],
            "target_value": [125_000.0, 170_000.0, 60_000.0, 200_000.0],
            "unit": "t LCE/yr",
            "target_year": [2020, 2025, 2020, 2030],
            "document": "Plan",
            "median": [45_000.0, 150_000.0, 50_000.0, 210_000.0],
            "lo_80": 1.0,
            "hi_80": 2.0,
            "p_reached_by_year": [0.0, 0.24, 0.1, 0.6],
            "most_likely_first_year": "2031",
        }
    )


OBS = pd.DataFrame(
    {
        "metric": ["capacity", "output"],
        "year": [2020, 2020],
        "observed_value": [130_000.0, 55_000.0],
        "observed_source_id": ["SRC_A", "SRC_B"],
    }
)


def test_status_observed_met_not_met_nowcast_forecast() -> None:
    targets = _targets()
    before = targets.copy()
    out = with_target_status(targets, "2026-12-31", OBS).set_index("target_id")
    pd.testing.assert_frame_equal(targets, before)  # the input is not modified
    assert out.loc["cap20", "status"] == "observed" and out.loc["cap20", "observed_met"] == "met"
    assert out.loc["out20", "observed_met"] == "not met"
    assert out.loc["out20", "observed_source_id"] == "SRC_B"
    assert out.loc["cap25", "status"] == "nowcast" and pd.isna(out.loc["cap25", "observed_value"])
    assert out.loc["cap30", "status"] == "forecast" and out.loc["cap30", "observed_met"] == ""


def test_a_year_ends_on_31_december_of_the_as_of() -> None:
    late = with_target_status(_targets(), "2025-12-31", OBS).set_index("target_id")["status"]
    early = with_target_status(_targets(), "2025-12-30", OBS).set_index("target_id")["status"]
    assert late["cap25"] == "nowcast" and early["cap25"] == "forecast"
    # an observation of a year that has not ended (as_of inside it) is not used
    mid = with_target_status(_targets(), "2020-06-30", OBS).set_index("target_id")["status"]
    assert mid["cap20"] == "forecast"


def test_bundled_observations_respect_publication_dates() -> None:
    obs = load_target_observations("2026-12-31")
    out09 = obs[(obs["metric"] == "output") & (obs["year"] == 2009)]
    assert out09["observed_value"].tolist() == [6000.0]
    assert out09["observed_source_id"].tolist() == ["CHINADAILY_20100723"]
    # a mid-year capacity snapshot (Jan-Aug 2016) is not a year's capacity
    assert not ((obs["metric"] == "capacity") & (obs["year"] == 2016)).any()
    # published 2010-07-23: unknown at the start of 2010
    assert load_target_observations("2010-01-01").empty


def test_verdicts_say_met_missed_unclear_or_the_probability() -> None:
    t = with_target_status(_targets(), "2026-12-31", OBS).assign(
        observed_met=lambda d: d["observed_met"]
    )
    rows = {r["target_id"]: r for r in t.to_dict("records")}
    word, evidence = outlook.verdict(rows["cap20"])
    assert word == "met" and evidence == "official 130 kt LCE/yr (SRC_A)"
    word, evidence = outlook.verdict(rows["cap25"])  # year over, no official figure, P = 24%
    assert word == "unclear" and "model 150 (0.00100-0.00200) kt LCE/yr *" in evidence
    assert "P(met) 24%" in evidence
    assert outlook.verdict(rows["out20"])[0] == "missed"  # 55 kt observed against 60 kt
    word, evidence = outlook.verdict(rows["cap30"])
    assert word == "P(met) 60%" and "most likely first year 2031" in evidence
    low = {**rows["cap25"], "p_reached_by_year": 0.05}
    assert outlook.verdict(low)[0] == "unclear: likely missed"
    grouped = outlook.verdict_rows(t, pd.DataFrame())
    assert [r["target"] for r in grouped][:2] == [
        "capacity 125 kt LCE/yr by 2020",
        "capacity 170 kt LCE/yr by 2025",
    ]
    assert "no official figure" in outlook.NOWCAST_FOOTNOTE and NOWCAST_NOTE


def _anchors() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "key": ["demand.china.bev_share_base", "demand.china.base_year", "value.price.x"],
            "value": [0.6444, 2025.0, 77450.0],
            "unit": ["share", "year", "CNY/t"],
            "series": ["china_bev_share_of_ev_sales", "china_nev_sales_units", "price"],
            "observation_date": ["2025-12-31", "2025-12-31", "2025-10-27"],
            "source_id": ["JUSTAUTO_202601", "MBGPA_20260114", "REPORTIFY_20251027"],
            "known_at_as_of": [True, True, False],
        }
    )


def test_anchor_value_takes_the_resolved_number_for_from_data_keys() -> None:
    from forecasting.errors import ReportError
    from forecasting.reports import nbtools
    from forecasting.scenario_validation import FromData

    key = "demand.china.bev_share_base"
    assert nbtools.anchor_value(FromData(), _anchors(), key) == 0.6444
    assert nbtools.anchor_value(0.5, _anchors(), key) == 0.5  # a number set in the scenario
    try:
        nbtools.anchor_value(FromData(), _anchors(), "demand.world.bev_share_base")
    except ReportError as exc:
        assert "demand.world.bev_share_base" in str(exc) and "anchors_used.csv" in str(exc)
    else:  # pragma: no cover - the assertion below reports it
        raise AssertionError("a from_data key without an anchor row must raise")


def test_anchors_display_flags_values_published_after_the_cut_off() -> None:
    from forecasting.reports import nbtools

    shown = nbtools.anchors_display(_anchors())
    assert shown["value used"].tolist() == ["0.644", "2025", "77,450 CNY/t"]
    assert shown["known at cut-off"].tolist() == ["yes", "yes", nbtools.LATE_ANCHOR]
    assert "published after the cut-off" in nbtools.LATE_ANCHOR


def test_headings_are_kept_with_their_first_output() -> None:
    from forecasting.reports.render import keep_headings_with_content

    md = '<div class="cell border-box-sizing text_cell rendered"><h3 id="x">Supply</h3></div>\n'
    intro = '<div class="cell border-box-sizing text_cell rendered"><p>intro</p></div>\n'
    empty = '<div class="cell border-box-sizing code_cell rendered">\n</div>\n'
    fig = (
        '<div class="cell border-box-sizing code_cell rendered"><div class="output">F</div></div>\n'
    )
    tail = (
        '<div class="cell border-box-sizing code_cell rendered"><div class="output">T</div></div>\n'
    )
    out = keep_headings_with_content(md + empty + fig + intro + tail)
    kept = out.split('<div class="keep-with-next">')[1].split("</div>\n" + intro)[0]
    assert out.count("keep-with-next") == 1 and "Supply" in kept and ">F<" in kept
    assert out.endswith(intro + tail) and out.count("<div") == out.count("</div>")
    assert keep_headings_with_content(intro + tail) == intro + tail  # no heading: unchanged
