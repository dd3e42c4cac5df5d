"""Data expectations per bundled table: row counts, coverage, dtypes and values from SOURCES.md."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import forecasting.data as fd
from forecasting.data.tables import PROJECT_STATUS, TABLES
from forecasting.errors import DataValidationError


def test_every_table_loads_with_declared_columns_and_dtypes():
    expected_rows = {
        "sources": 267,
        "targets": 14,
        "qinghai_projects": 27,
        "qinghai_project_status": 5,
        "qinghai_project_first_output": 13,
        "qinghai_output": 9,
        "qinghai_capacity": 24,
        "company_output": 26,
        "qinghai_industry_value": 22,
        "china_nev_sales": 254,
        "china_bev_monthly": 102,
        "china_power_battery": 160,
        "iea_ev_sales": 1751,
        "iea_ev_projections": 427,
        "lithium_mine_production": 412,
        "china_lithium_production": 23,
        "lithium_price": 83,
        "gfex_monthly": 29,
        "lithium_intensity": 21,
        "battery_size": 8,
        "battery_chemistry_share": 28,
        "unit_conversions": 25,
        "brine_chemistry": 7,
        "extraction_technology": 15,
        "policy_events": 25,
        "battery_recycling": 27,
        "qinghai_resources": 23,
        "lithium_reserves": 57,
    }
    assert set(expected_rows) == set(TABLES)
    for name, schema in TABLES.items():
        frame = fd.load_table(name)
        assert len(frame) == expected_rows[name], name
        assert list(frame.columns[: len(schema.fields)]) == schema.field_names()
        for fld in schema.fields:
            kind = frame[fld.name].dtype
            if fld.dtype == "float":
                assert kind == "float64", (name, fld.name)
            elif fld.dtype == "int":
                assert kind == "Int64", (name, fld.name)
            elif fld.dtype == "bool":
                assert kind == "bool", (name, fld.name)
            elif fld.dtype in ("date", "month"):
                assert pd.api.types.is_datetime64_any_dtype(kind), (name, fld.name)


def test_every_row_cites_described_sources():
    described = set(fd.load_sources()["source_id"])
    for name, schema in TABLES.items():
        if not schema.source_column:
            continue
        frame = fd.load_table(name)
        assert frame[schema.source_column].notna().all(), name
        ids = {s for cell in frame[schema.source_column] for s in cell.split(";")}
        assert ids <= described, (name, ids - described)


def test_sources_have_grade_url_and_licence():
    src = fd.load_sources().set_index("source_id")
    assert set(src["reliability"]) <= {"A", "B", "C", "D"}
    assert src.loc["OWID_LITHIUM_PRODUCTION", "reliability"] == "B"  # "A/B" -> conservative B
    assert src.loc["USGS_MCS2024_DR", "reliability"] == "A"
    assert src.loc["XINHUA_20161014", "published_date"] == pd.Timestamp("2016-10-14")
    assert "CC BY 4.0" in src.loc["OWID_LITHIUM_PRODUCTION", "licence"]
    assert src.loc["IEA_GEVO2024_DATA", "refresh_instructions"].startswith("Download")
    assert src["title"].notna().all()


def test_targets_headline_values():
    t = fd.load_targets().set_index("target_id")
    assert t.index.is_unique
    cap20 = t.loc["qh_capacity_2020_125kt"]
    assert (cap20.metric, cap20.value, cap20.unit, cap20.target_year) == (
        "capacity",
        125_000.0,
        "t_lce_per_year",
        2020,
    )
    assert (t.loc["qh_output_value_2020_100bn", ["value", "unit"]] == [100.0, "bn_cny"]).all()
    cap25 = t.loc["qh_capacity_2025_170kt"]
    assert (cap25.metric, cap25.value, cap25.target_year) == ("capacity", 170_000.0, 2025)
    cells = t.loc["qh_cell_capacity_2025_60gwh"]
    assert (cells.metric, cells.value, cells.unit) == ("cell_capacity", 60.0, "gwh_per_year")
    salt = t.loc["qh_saltlake_output_value_2035_120bn"]
    # the whole salt-lake industry (potash included) is not the lithium industry's output value
    assert (salt.metric, salt.value, salt.unit) == ("salt_lake_output_value", 120.0, "bn_cny")
    lithium_value = t[t["metric"] == "output_value"]
    assert lithium_value["subject"].str.contains("lithium").all(), lithium_value["subject"]
    assert t.loc["qh_output_2015_60kt", "superseded_by"] == "qh_output_2015_30kt"
    assert not t.loc["saltlake_co_capacity_2030_200kt", "is_official"]
    # vintages: the 2025 targets (issued_year 2022) are unknown in 2021, known at end-2022
    ids_2021 = set(fd.load_targets(as_of="2021-12-31")["target_id"])
    assert "qh_capacity_2020_125kt" in ids_2021 and "qh_capacity_2025_170kt" not in ids_2021
    assert "qh_capacity_2025_170kt" in set(fd.load_targets(as_of="2022-12-31")["target_id"])
    assert "qh_output_value_2025_100bn" in ids_2021  # undated: always kept
    # every superseded_by points at a registered target
    sup = t["superseded_by"].dropna()
    assert set(sup) <= set(t.index)


def test_projects_pipeline_flags_and_lce_conversion():
    p = fd.load_qinghai_projects().set_index("project_id")
    assert set(p["status"]) <= set(PROJECT_STATUS)
    mixed = p.loc["qh_saltlake_40kt_integrated"]
    # 20,000 t Li2CO3 + 20,000 t LiCl stated by the source -> LCE via LICL_TO_LCE
    assert mixed.nameplate_t_lce_per_year == pytest.approx(20_000 + 20_000 * fd.LICL_TO_LCE)
    assert p.loc["qh_citic_guoan_35kt", "nameplate_t_lce_per_year"] == 35_000.0
    excluded = p[~p["include_in_pipeline"]]
    assert excluded["exclusion_reason"].notna().all()
    assert {"qh_saltlake_total_2022", "qh_qaidam_aggregate_2022", "qh_ganfeng_li_metal_1kt"} <= set(
        excluded.index
    )
    included = p[p["include_in_pipeline"]]
    assert included["nameplate_t_lce_per_year"].notna().all()
    assert included["status_text"].notna().all()  # original text kept beside the normalised one


def test_qinghai_output_known_values_and_gaps():
    out = fd.load_qinghai_output()
    y2022 = out[(out["period_end"] == "2022-12-31") & (out["period_type"] == "year")]
    assert y2022["output_t_lce"].tolist() == [73_000.0]
    assert out.loc[out["period_end"] == "2009-12-31", "output_t_lce"].item() == 6_000.0
    growth_only = out[out["output_t_lce"].isna()]
    assert len(growth_only) == 5  # headline, three growth-rate rows, one qualitative row
    assert growth_only["annual_bound"].isna().all()  # no level, no bound
    assert set(out.loc[out["yoy_growth_pct"].notna(), "yoy_growth_pct"]) == {
        3664.9,
        29.7,
        29.2,
        28.1,
        47.5,
    }


def test_partial_year_output_is_a_lower_bound_and_scope_is_tagged():
    out = fd.load_qinghai_output().set_index("period_label")
    jan_nov = out.loc["2023 Jan-Nov"]
    assert jan_nov["output_t_lce"] == 101_000.0 and jan_nov["period_type"] == "ytd"
    assert (jan_nov["period_coverage"], jan_nov["annual_bound"]) == ("partial_year", "lower")
    y2022 = out.loc["2022"]
    assert (y2022["period_coverage"], y2022["annual_bound"]) == ("full_year", "point")
    assert y2022["scope_level"] == "salt_lake"  # Qarhan developers (photo caption)
    assert out.loc["2009", "scope_level"] == "province"
    assert fd.load_qinghai_output(as_of="2024-01-13")["period_label"].ne("2023 Jan-Nov").all()
    assert "2023 Jan-Nov" in set(fd.load_qinghai_output(as_of="2024-01-14")["period_label"])
    company = fd.load_company_output()
    actual = company[company["value_kind"] == "actual"]
    assert set(actual.loc[actual["period_type"] == "year", "annual_bound"]) == {"point"}
    assert set(actual.loc[actual["period_type"] != "year", "annual_bound"]) == {"lower"}
    assert company.loc[company["value_kind"] != "actual", "annual_bound"].isna().all()
    zangge = actual[actual["company"].str.startswith("Golmud Zangge")]
    assert {2020, 2021, 2022, 2023} <= set(
        zangge.loc[zangge["period_type"] == "year", "period_end"].dt.year
    )


def test_capacity_snapshots_keep_ranges_and_kinds():
    cap = fd.load_qinghai_capacity().set_index("snapshot_id")
    assert cap.loc["qh_built_2016", "capacity_t_lce_per_year"] == 33_000.0
    proj = cap.loc["qh_saltlake_projection_end2025"]
    assert pd.isna(proj.capacity_t_lce_per_year)
    assert (proj.capacity_low_t_lce_per_year, proj.capacity_high_t_lce_per_year) == (
        200_000.0,
        250_000.0,
    )
    head = cap.loc["qh_headline_2021_08"]
    assert head.kind == "ambiguous" and head.capacity_high_t_lce_per_year == 100_000.0
    assert cap.loc["qarhan_built_2022_01", "capacity_t_lce_per_year"] == 110_000.0
    # vintage: the Jan-2022 Qarhan snapshot (article of 2022-01-30) is known from that day
    ids = lambda d: set(fd.load_qinghai_capacity(as_of=d)["snapshot_id"])  # noqa: E731
    assert "qarhan_built_2022_01" in ids("2022-01-30")
    assert "qarhan_built_2022_01" not in ids("2022-01-29")
    assert "qh_built_smm_year_unknown" in ids("2010-01-01")  # undated rows are kept


def test_company_output_separates_actuals_from_plans():
    co = fd.load_company_output()
    sl = co[co["company"].str.contains("Salt Lake Industry") & (co["period_type"] == "year")]
    actual = sl[sl["value_kind"] == "actual"].set_index("period_end")["output_t_lce"]
    assert actual.loc[pd.Timestamp("2023-12-31")] == 36_100.0
    target = sl[sl["value_kind"] == "target"]["output_t_lce"].tolist()
    assert target == [36_000.0]
    assert set(co["value_kind"]) == {"actual", "guidance", "plan", "target"}


def test_china_nev_sales_annual_and_monthly():
    yearly = fd.load_china_nev_sales("YE")
    sales = yearly[(yearly["metric"] == "sales") & (yearly["powertrain"] == "NEV")]
    assert 6_887_000.0 in sales.loc[sales["ds"] == "2022-12-31", "value_units"].tolist()
    monthly = fd.load_china_nev_sales("ME")
    assert (monthly["period_type"] == "month").all()
    dec23 = monthly[(monthly["ds"] == "2023-12-31") & (monthly["powertrain"] == "NEV")]
    assert 1_191_000.0 in dec23["value_units"].tolist()
    with pytest.raises(DataValidationError, match="freq"):
        fd.load_china_nev_sales("QE")


def test_bev_monthly_coverage_and_order():
    bev = fd.load_china_bev_monthly()
    assert bev["ds"].min() == pd.Timestamp("2018-01-31")
    assert bev["ds"].is_monotonic_increasing and bev["ds"].is_unique
    assert bev.loc[bev["ds"] == "2018-01-31", "bev_passenger_cars_units"].item() == 28_798.0


def test_power_battery_chemistry_split():
    pb = fd.load_china_power_battery("YE")
    y18 = pb[(pb["ds"] == "2018-12-31") & (pb["metric"] == "installations")].set_index("segment")
    assert y18.loc["total", "value_gwh"] == 56.9
    assert y18.loc["LFP", "value_gwh"] + y18.loc["NCM", "value_gwh"] <= 56.9
    assert set(pb["segment"]) >= {"total", "LFP", "NCM"}


def test_iea_world_and_china_cars():
    iea = fd.load_iea_ev_sales()
    cars = iea[(iea["mode"] == "Cars") & iea["powertrain"].isin(["BEV", "PHEV"])]
    world23 = cars[(cars["region"] == "World") & (cars["year"] == 2023)]["sales_units"].sum()
    china23 = cars[(cars["region"] == "China") & (cars["year"] == 2023)]["sales_units"].sum()
    assert 13e6 < world23 < 15e6  # GEVO 2024: ~14 million electric cars sold in 2023
    assert 0.5 < china23 / world23 < 0.7


def test_mine_production_sources_and_preference():
    mine = fd.load_lithium_mine_production()
    world = mine[(mine["country"] == "World") & (mine["source_id"] == "OWID_LITHIUM_PRODUCTION")]
    assert world["year"].min() == 1995 and world["year"].max() == 2024
    best = fd.preferred(mine, ["year", "country"])
    assert not best.duplicated(["year", "country"]).any()
    chile22 = best[(best["country"] == "Chile") & (best["year"] == 2022)]
    assert chile22["source_id"].item() == "USGS_MCS2024_DR"  # grade A, latest edition


def test_price_midpoints_and_units():
    price = fd.load_lithium_price()
    assert set(price["price_unit"]) == {"cny_per_t", "usd_per_t", "usd_per_kg"}
    fm = price[price["date_text"] == "2018-10-18"].iloc[0]
    assert fm.price_mid_cny_per_t == (72_000 + 80_000) / 2
    assert price.loc[price["price_unit"] != "cny_per_t", "price_mid_cny_per_t"].isna().all()
    bounds = price["value_kind"].isin(["lower_bound", "upper_bound", "peak", "realised_price"])
    assert price.loc[bounds, "price_mid_cny_per_t"].isna().all()
    monthly = fd.load_lithium_price("ME")
    oct18 = monthly[monthly["ds"] == "2018-10-31"]
    assert oct18["n_obs"].item() == 2
    assert oct18["price_mid_cny_per_t"].item() == pytest.approx((76_000 + 78_500) / 2)


def test_intensity_size_and_chemistry_share():
    li = fd.load_lithium_intensity().set_index("chemistry")
    assert li.loc["LFP", "kg_lce_per_kwh"] == pytest.approx(0.487, abs=1e-3)
    assert li.loc["LFP", "kg_lce_per_kwh"] == pytest.approx(
        li.loc["LFP", "kg_li_per_kwh"] * fd.LI_TO_LCE
    )
    size = fd.load_battery_size().set_index(["region", "powertrain"])
    assert size.loc[("China", "BEV"), "battery_kwh_per_vehicle"] == 52.68
    share = fd.load_battery_chemistry_share()
    sums = share.groupby(["region", "powertrain"])["share"].sum()
    assert ((sums > 0.98) & (sums < 1.02)).all()


def test_china_lithium_production_keeps_qualifiers():
    prod = fd.load_china_lithium_production()
    c22 = prod[(prod["ds"] == "2022-12-31") & (prod["metric_text"] == "lithium carbonate output")]
    assert c22["output_t"].item() == 395_000.0
    assert "万 is evidently missing" in c22["value_qualifier"].item()
    assert set(prod["product"]) == {
        "li2co3",
        "lce",
        "lithium_hydroxide",
        "lithium_salts",
        "unspecified",
    }
    hydroxide = prod[(prod["product"] == "lithium_hydroxide") & (prod["period_type"] == "year")]
    assert hydroxide["output_t"].tolist() == [360_000.0]
    inferred = prod[prod["year_inferred"]]
    assert set(inferred["source_id"]) == {"SMM_102899457"}  # 'year inferred' in SOURCES.md
    assert inferred["value_qualifier"].str.contains("year inferred").all()
    # Qinghai 2022 output (73,000 t) is a plausible share of China's 395,000 t
    qh = fd.load_series("qinghai_output_t_lce").set_index("ds")["y"]
    assert 0.1 < qh[pd.Timestamp("2022-12-31")] / 395_000.0 < 0.3


def test_industry_value_keeps_reported_units_and_converts_money():
    val = fd.load_qinghai_industry_value()
    rev = val[(val["period_text"] == "2022") & (val["metric_text"] == "operating revenue (total)")]
    assert (rev["value"].item(), rev["unit"].item()) == (307.48, "100m_cny")
    assert rev["value_bn_cny"].item() == pytest.approx(30.748)
    exports = val[(val["period_text"] == "2021") & (val["unit"] == "10k_cny")]
    assert exports["value_bn_cny"].item() == pytest.approx(0.173265)
    assert val.loc[val["unit"].isin(["t", "mwh", "pct"]), "value_bn_cny"].isna().all()
    target = val[val["value_kind"] == "target"]
    assert target["value_bn_cny"].item() == pytest.approx(120.0)  # = registry's 2035 goal
    assert val.loc[val["value_kind"] == "capacity_value", "value_bn_cny"].item() == 5.0
    assert val.loc[val["unit"] == "m_cny", "value_bn_cny"].item() == pytest.approx(0.946)
    known_2022 = fd.load_qinghai_industry_value(as_of="2022-12-31")
    assert "2022" not in set(known_2022["period_text"])  # 2022 results published 2023-03-13
    assert "2022 Jan-Jul" in set(known_2022["period_text"])


def test_zangge_2024_lithium_revenue_is_the_sources_1_02_bn_yuan():
    """IGU888_F10_000408 prints 102164.94万元 = 1.0216494 bn yuan (upstream stored 10.2 bn)."""
    val = fd.load_qinghai_industry_value()
    row = val[
        (val["geography"] == "Zangge Mining")
        & (val["period_text"] == "2024")
        & (val["metric_text"] == "lithium carbonate revenue")
    ].iloc[0]
    assert (row["value"], row["unit"]) == (102164.94, "10k_cny")
    assert row["value_bn_cny"] == pytest.approx(1.0216494)
    assert row["value_as_reported"] == "10.216494"  # the upstream number, kept beside
    # Zangge's lithium revenue is below 2 bn yuan in every reported year after 2021
    zangge = val[(val["geography"] == "Zangge Mining") & val["value_bn_cny"].notna()]
    assert (zangge["value_bn_cny"] < 2.0).all()


def test_iea_projections_are_future_scenarios():
    proj = fd.load_iea_ev_projections()
    assert set(proj["scenario"]) == {"STEPS", "APS"}
    assert set(proj["year"]) == {2025, 2030, 2035}
    world = proj[(proj["region"] == "World") & (proj["mode"] == "Cars")]
    by = world.groupby(["scenario", "year"])["sales_units"].sum()
    assert by[("APS", 2035)] > by[("STEPS", 2035)] > by[("STEPS", 2025)]
    assert len(fd.load_iea_ev_projections(as_of="2024-04-29")) == 0
    assert len(fd.load_iea_ev_projections(as_of="2024-04-30")) == len(proj)


RESTRICTED = Path(__file__).resolve().parents[2] / "shared/data/restricted"


def test_gfex_monthly_is_a_flagged_monthly_average():
    gfex = fd.load_gfex_monthly()
    assert gfex["ds"].is_unique and gfex["ds"].is_monotonic_increasing
    assert (gfex["close_min_cny_per_t"] <= gfex["close_mean_cny_per_t"]).all()
    assert (gfex["close_mean_cny_per_t"] <= gfex["close_max_cny_per_t"]).all()
    partial = set(gfex.loc[gfex["partial_month"], "ds"].dt.strftime("%Y-%m"))
    assert {"2023-11", "2024-03", "2026-03"} <= partial  # record starts/ends mid-month, gap
    series = fd.load_series("gfex_lithium_carbonate_futures_cny_per_t")
    assert len(series) == len(gfex) - len(partial)
    # SOURCES.md spot check: LC2511 closed at 78,920 on 2025-10-24
    oct25 = gfex[gfex["ds"] == "2025-10-31"].iloc[0]
    assert oct25.close_min_cny_per_t <= 78_920 <= oct25.close_max_cny_per_t
    assert "LC2511" in oct25.main_contracts


@pytest.mark.skipif(not RESTRICTED.exists(), reason="restricted daily record not present")
def test_gfex_monthly_matches_an_independent_recomputation():
    daily = pd.read_csv(RESTRICTED / "gfex_lithium_carbonate_futures_daily_close.csv")
    daily = daily[~daily["note"].fillna("").str.contains("implausible")]
    best = daily.loc[daily.groupby("trade_date")["open_interest_lots"].idxmax()]
    month = pd.to_datetime(best["trade_date"]).dt.to_period("M").dt.to_timestamp("M")
    expected = best.groupby(month.to_numpy())["close_cny_per_t"].mean()
    got = fd.load_gfex_monthly().set_index("ds")["close_mean_cny_per_t"]
    assert len(got) == len(expected)
    for ds, value in expected.items():
        assert got[pd.Timestamp(ds).normalize()] == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    ("loader", "column", "first", "last"),
    [
        (fd.load_qinghai_output, "period_end", "2009-12-31", "2024-03-31"),
        (fd.load_company_output, "period_end", "2019-06-30", "2025-12-31"),
        (lambda: fd.load_china_nev_sales(None), "ds", "2013-12-31", "2025-12-31"),
        (fd.load_china_bev_monthly, "ds", "2018-01-31", "2026-06-30"),
        (lambda: fd.load_china_power_battery(None), "ds", "2018-12-31", "2025-11-30"),
        (fd.load_iea_ev_sales, "ds", "2010-12-31", "2023-12-31"),
        (fd.load_iea_ev_projections, "ds", "2025-12-31", "2035-12-31"),
        (fd.load_lithium_mine_production, "ds", "1995-12-31", "2024-12-31"),
        (fd.load_lithium_price, "ds", "2010-07-23", "2025-10-27"),
        (fd.load_gfex_monthly, "ds", "2023-11-30", "2026-03-31"),
        (fd.load_china_lithium_production, "ds", "2007-12-31", "2024-12-31"),
    ],
)
def test_period_coverage(loader, column, first, last):
    frame = loader()
    assert frame[column].min() == pd.Timestamp(first)
    assert frame[column].max() == pd.Timestamp(last)


def test_caam_nev_sales_include_exports():
    """The China EV sales series is CAAM's total (domestic + exports) wherever all three are
    reported, the basis the domain's China demand is stated on."""
    f = fd.load_china_nev_sales("YE")
    f = f[f["powertrain"] == "NEV"].assign(year=f["period_end"].dt.year)
    wide = f.pivot_table(index="year", columns="metric", values="value_units", aggfunc="first")
    both = wide.dropna(subset=["sales", "exports", "sales (domestic, excluding exports)"])
    assert set(both.index) >= {2023, 2025}
    total = both["sales (domestic, excluding exports)"] + both["exports"]
    assert (total == both["sales"]).all(), both
    series = fd.load_series(ids=["china_nev_sales_units"])
    series = series.set_index(series["ds"].dt.year)["y"]
    assert (series.loc[both.index] == both["sales"]).all()


def test_capacity_snapshots_carry_a_scope_tag_and_the_third_pass_figures():
    cap = fd.load_qinghai_capacity().set_index("snapshot_id")
    assert cap["scope"].notna().all()
    assert (cap["scope"] == cap["scope_level"] + ":" + cap["scope_entity"]).all()
    mid_2022 = cap.loc["qh_built_2022_mid"]
    assert (mid_2022["scope"], mid_2022["kind"]) == ("province:Qinghai", "built")
    assert mid_2022["capacity_t_lce_per_year"] == 120_000.0 and mid_2022["date_inferred"]
    qarhan = cap.loc["qarhan_built_2022_01"]
    assert (qarhan["scope"], qarhan["n_producers"]) == ("salt_lake:Qarhan", 13)
    assert cap.loc["saltlake_company_total_2025_12", "capacity_t_lce_per_year"] == 80_000.0
    assert cap.loc["minmetals_company_2025_12", "scope"] == "company:Minmetals Salt Lake"
    assert cap.loc["citic_guoan_company_2020", "capacity_t_lce_per_year"] == 10_000.0
    assert "minmetals_li3po4_2025_12" not in cap.index  # lithium phosphate is not LCE
    # a province-wide built figure is never below a single salt lake's built figure of the year
    built = cap[cap["kind"] == "built"]
    prov = built[(built["scope_level"] == "province") & (built["snapshot_year"] == 2022)]
    lake = built[(built["scope_level"] == "salt_lake") & (built["snapshot_year"] == 2022)]
    assert prov["capacity_t_lce_per_year"].max() >= lake["capacity_t_lce_per_year"].max()
    vintage = fd.load_qinghai_capacity(as_of="2022-12-31")["snapshot_id"]
    assert "qh_built_2022_mid" in set(vintage)  # NEWSOURCING_2022_PANTONG, dated end-2022
