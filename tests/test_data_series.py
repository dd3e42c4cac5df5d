"""Long series view, as_of vintages (exact at the boundaries) and the precedence rule."""

from __future__ import annotations

import pandas as pd
import pytest

import forecasting.data as fd
from forecasting.data.registry import apply_as_of
from forecasting.errors import DataValidationError

REQUIRED_IDS = {
    "qinghai_output_t_lce",
    "china_nev_sales_units",
    "china_nev_sales_monthly_units",
    "china_bev_passenger_cars_monthly_units",
    "world_ev_sales_units",
    "china_ev_sales_units_iea",
    "china_power_battery_installations_gwh",
    "world_lithium_mine_production_t_li",
    "china_lithium_mine_production_t_li",
    "lithium_carbonate_price_cny_per_t",
}


@pytest.fixture(scope="module")
def long() -> pd.DataFrame:
    return fd.load_series()


def test_long_frame_contract(long):
    assert list(long.columns) == ["unique_id", "ds", "y"]
    assert REQUIRED_IDS <= set(long["unique_id"])
    assert pd.api.types.is_datetime64_any_dtype(long["ds"]) and long["y"].dtype == "float64"
    assert not long.duplicated(["unique_id", "ds"]).any()
    assert long["y"].notna().all()
    listing = fd.list_series().set_index("unique_id")
    for uid, group in long.groupby("unique_id"):
        freq = listing.loc[uid, "freq"]
        if freq == "YE":
            assert ((group["ds"].dt.month == 12) & (group["ds"].dt.day == 31)).all(), uid
        else:
            assert (group["ds"] == group["ds"] + pd.offsets.MonthEnd(0)).all(), uid
        assert listing.loc[uid, "n_obs"] == len(group)
        assert listing.loc[uid, "first"] == group["ds"].min()


def test_sparse_qinghai_output_keeps_gaps(long):
    qh = long[long["unique_id"] == "qinghai_output_t_lce"].set_index("ds")["y"]
    assert qh.to_dict() == {
        pd.Timestamp("2009-12-31"): 6_000.0,
        pd.Timestamp("2022-12-31"): 73_000.0,
    }


def test_known_series_values(long):
    get = long.set_index(["unique_id", "ds"])["y"]
    assert get[("china_nev_sales_units", pd.Timestamp("2022-12-31"))] == 6_887_000.0
    assert get[("china_power_battery_installations_gwh", pd.Timestamp("2022-12-31"))] == 294.6
    assert get[("china_nev_exports_units", pd.Timestamp("2025-12-31"))] == 2_615_000.0
    assert get[("qinghai_salt_lake_industry_output_t_lce", pd.Timestamp("2022-12-31"))] == 31_000.0
    # IEA World cars BEV+PHEV equals the sum of the table rows
    iea = fd.load_iea_ev_sales()
    rows = iea[
        (iea["region"] == "World")
        & (iea["mode"] == "Cars")
        & (iea["year"] == 2020)
        & iea["powertrain"].isin(["BEV", "PHEV"])
    ]
    assert get[("world_ev_sales_units", pd.Timestamp("2020-12-31"))] == rows["sales_units"].sum()


def test_as_of_boundary_is_exact_on_period_end():
    # BEV monthly has no publication date: the period end alone decides
    at = fd.load_series("china_bev_passenger_cars_monthly_units", as_of="2020-06-30")
    before = fd.load_series("china_bev_passenger_cars_monthly_units", as_of="2020-06-29")
    assert at["ds"].max() == pd.Timestamp("2020-06-30")
    assert before["ds"].max() == pd.Timestamp("2020-05-31")


def test_as_of_boundary_is_exact_on_publication_date():
    # 2022 Qinghai output (73,000 t) was published 2023-06-13 (Xinhua photo caption)
    on = fd.load_qinghai_output(as_of="2023-06-13")
    day_before = fd.load_qinghai_output(as_of="2023-06-12")
    assert 73_000.0 in on["output_t_lce"].tolist()
    assert 73_000.0 not in day_before["output_t_lce"].tolist()
    s_on = fd.load_series("qinghai_output_t_lce", as_of="2023-06-13")
    s_before = fd.load_series("qinghai_output_t_lce", as_of="2023-06-12")
    assert len(s_on) == 2 and len(s_before) == 1


def test_as_of_vintage_of_revised_figures():
    # USGS editions revise Chile 2021: a 2022 vintage sees only the MCS2022 estimate
    mine = fd.load_lithium_mine_production(as_of="2022-06-30")
    assert "USGS_MCS2022_DR" in set(mine["source_id"])
    assert "USGS_MCS2024_DR" not in set(mine["source_id"])
    assert "OWID_LITHIUM_PRODUCTION" not in set(mine["source_id"])
    full = fd.load_lithium_mine_production()
    assert len(mine) < len(full)


def test_as_of_never_returns_future_rows(long):
    cut = pd.Timestamp("2021-12-31")
    vintage = fd.load_series(as_of=cut)
    assert (vintage["ds"] <= cut).all()
    # vintage rows are a subset of the full view (same values where present)
    merged = vintage.merge(long, on=["unique_id", "ds"], how="left", suffixes=("", "_full"))
    assert merged["y_full"].notna().all()


def test_as_of_rejects_non_dates():
    with pytest.raises(DataValidationError, match="not a date"):
        fd.load_series(as_of="last quarter")


def test_apply_as_of_on_inline_frame():
    frame = pd.DataFrame(
        {
            "period_end": pd.to_datetime(["2020-12-31", "2020-12-31", "2021-12-31"]),
            "published_date": pd.to_datetime(["2021-01-15", None, "2022-01-10"]),
            "v": [1, 2, 3],
        }
    )
    assert apply_as_of(frame, "2020-12-31")["v"].tolist() == [2]
    assert apply_as_of(frame, "2021-01-15")["v"].tolist() == [1, 2]
    assert apply_as_of(frame, None)["v"].tolist() == [1, 2, 3]


def test_preferred_reliability_then_recency():
    sources = pd.DataFrame(
        {
            "source_id": ["OLD_A", "NEW_A", "NEW_C"],
            "reliability": ["A", "A", "C"],
            "published_date": pd.to_datetime(["2020-01-01", "2022-01-01", "2023-01-01"]),
        }
    )
    frame = pd.DataFrame(
        {
            "year": [2019, 2019, 2019, 2020],
            "y": [1.0, 2.0, 3.0, 4.0],
            "source_id": ["OLD_A", "NEW_C", "NEW_A", "NEW_C"],
        }
    )
    original = frame.copy()
    best = fd.preferred(frame, "year", sources)
    assert best["y"].tolist() == [3.0, 4.0]
    assert best.set_index("year").loc[2019, "source_id"] == "NEW_A"  # A beats C; newer A wins
    # a row citing an A and a C source counts as A
    frame2 = pd.DataFrame({"year": [1, 1], "y": [1.0, 2.0], "source_id": ["NEW_C;OLD_A", "NEW_C"]})
    assert fd.preferred(frame2, "year", sources)["y"].tolist() == [1.0]
    pd.testing.assert_frame_equal(frame, original)  # input untouched
    with pytest.raises(DataValidationError, match="not described"):
        fd.preferred(pd.DataFrame({"k": [1], "source_id": ["NOPE"]}), "k", sources)


def test_unknown_series_id():
    with pytest.raises(DataValidationError, match="unknown series"):
        fd.load_series(["no_such_series"])


def test_series_are_deterministic():
    a = fd.load_series(as_of="2024-06-30")
    b = fd.load_series(as_of="2024-06-30")
    pd.testing.assert_frame_equal(a, b)
    assert a.to_csv(index=False) == b.to_csv(index=False)


def test_user_folder_replaces_only_the_tables_it_holds(tmp_path):
    from forecasting.data.registry import datasets_dir

    frame = pd.read_csv(
        datasets_dir() / "qinghai_lithium_carbonate_output.csv", dtype=str, keep_default_na=False
    )
    extra = frame.iloc[[3]].copy()  # the 2022 row, re-dated to 2023 with a private source
    extra["period_start"], extra["period_end"] = "2023-01-01", "2023-12-31"
    extra["output_t_lce"], extra["source_id"] = "80000", "MY_FILING"
    extra["published_date"] = "2024-03-31"
    pd.concat([frame, extra]).to_csv(tmp_path / "qinghai_lithium_carbonate_output.csv", index=False)
    src = pd.read_csv(datasets_dir() / "sources.csv", dtype=str, keep_default_na=False).iloc[:1]
    src.loc[0, ["source_id", "reliability"]] = ["MY_FILING", "A"]
    src.to_csv(tmp_path / "sources.csv", index=False)
    mine = fd.load_series(["qinghai_output_t_lce", "china_nev_sales_units"], path=tmp_path)
    qh = mine[mine["unique_id"] == "qinghai_output_t_lce"].set_index("ds")["y"]
    assert qh[pd.Timestamp("2023-12-31")] == 80_000.0 and len(qh) == 3
    bundled = fd.load_series("china_nev_sales_units")
    pd.testing.assert_frame_equal(
        mine[mine["unique_id"] == "china_nev_sales_units"].reset_index(drop=True), bundled
    )
    with pytest.raises(DataValidationError, match="not a folder"):
        fd.load_series(path=tmp_path / "sources.csv")


def test_memoised_reads_return_copies_and_see_edited_files(tmp_path):
    """Reads are memoised by file stamp (path, mtime, size, inode); callers get copies."""
    from forecasting.data.registry import clear_cache

    first = fd.load_table("targets")
    first.loc[0, "value"] = -1.0  # the caller's copy only
    assert fd.load_table("targets").loc[0, "value"] != -1.0
    series = fd.load_series("china_nev_sales_units")
    series["y"] = 0.0
    assert (fd.load_series("china_nev_sales_units")["y"] > 0).all()
    folder = tmp_path / "mine"
    folder.mkdir()
    src = fd.datasets_dir() / "qinghai_lithium_carbonate_output.csv"
    (folder / src.name).write_bytes(src.read_bytes())
    before = fd.load_series("qinghai_output_t_lce", path=folder)
    text = src.read_text(encoding="utf-8").replace(",73000,", ",74000,")
    (folder / src.name).write_text(text, encoding="utf-8")  # same size, new content
    after = fd.load_series("qinghai_output_t_lce", path=folder)
    assert 73_000.0 in set(before["y"]) and 74_000.0 in set(after["y"])
    clear_cache()
    assert fd.load_series("qinghai_output_t_lce", path=folder).equals(after)


def test_every_loader_reads_the_one_datasets_dir(tmp_path, monkeypatch):
    """LITHIUM_FORECAST_DATASETS redirects every loader (and the series) to that folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    for f in fd.datasets_dir().glob("*.csv"):
        (folder / f.name).write_bytes(f.read_bytes())
    out = folder / "qinghai_lithium_carbonate_output.csv"
    out.write_text(out.read_text(encoding="utf-8").replace(",73000,", ",74000,"), encoding="utf-8")
    monkeypatch.setenv("LITHIUM_FORECAST_DATASETS", str(folder))
    assert fd.datasets_dir() == folder
    assert 74_000.0 in set(fd.load_qinghai_output()["output_t_lce"])
    assert 74_000.0 in set(fd.load_series("qinghai_output_t_lce")["y"])
