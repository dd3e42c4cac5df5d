"""Backtests and metrics: hand-computed cases on tiny frames, no leakage, tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from forecasting import backtest as top_level_backtest
from forecasting.errors import ModelError
from forecasting.evaluation import (
    backtest,
    coverage,
    crps,
    crps_from_paths,
    evaluate,
    mae,
    mape,
    mase,
    pinball,
    rmse,
    rmsse,
    smape,
    winkler,
)

ROWS = pd.DataFrame(
    {
        "y": [10.0, 20.0, 40.0],
        "mean": [12.0, 15.0, 40.0],
        "lo_80": [11.0, 14.0, 30.0],
        "hi_80": [13.0, 16.0, 50.0],
        "scale": [2.0, 2.0, 4.0],
        "scale_sq": [4.0, 4.0, 16.0],
    }
)


def test_point_metrics_by_hand() -> None:
    assert mae(ROWS) == pytest.approx((2 + 5 + 0) / 3)
    assert rmse(ROWS) == pytest.approx(np.sqrt((4 + 25 + 0) / 3))
    assert mape(ROWS) == pytest.approx(100 * (0.2 + 0.25 + 0) / 3)
    assert smape(ROWS) == pytest.approx(200 * (2 / 22 + 5 / 35 + 0) / 3)
    assert mase(ROWS) == pytest.approx((1 + 2.5 + 0) / 3)
    assert rmsse(ROWS) == pytest.approx(np.sqrt((1 + 6.25 + 0) / 3))


def test_interval_metrics_by_hand() -> None:
    # y=10 below [11, 13]; y=20 above [14, 16]; y=40 inside [30, 50]
    assert coverage(80)(ROWS) == pytest.approx(1 / 3)
    a = 0.2
    expected = np.mean([2 + 2 / a * 1, 2 + 2 / a * 4, 20])
    assert winkler(80)(ROWS) == pytest.approx(expected)
    q_lo, q_hi = 0.1, 0.9
    losses = [
        (q_lo - 1) * (10 - 11),
        q_hi * (10 - 13) * 0 + (q_hi - 1) * (10 - 13),
        q_lo * (20 - 14),
        q_hi * (20 - 16),
        q_lo * (40 - 30),
        (q_hi - 1) * (40 - 50),
    ]
    assert pinball(levels=(80,))(ROWS) == pytest.approx(np.mean(losses))


def test_mape_skips_zero_actuals_and_smape_is_bounded() -> None:
    f = pd.DataFrame({"y": [0.0, 10.0], "mean": [5.0, 5.0]})
    assert mape(f) == pytest.approx(50.0)
    assert smape(pd.DataFrame({"y": [0.0], "mean": [5.0]})) == pytest.approx(200.0)


def test_crps_matches_the_normal_closed_form() -> None:
    paths = stats.norm.ppf((np.arange(4000) + 0.5) / 4000)
    # CRPS(N(0,1), y) = y(2Phi(y)-1) + 2phi(y) - 1/sqrt(pi)
    for y in (0.0, 1.3):
        exact = y * (2 * stats.norm.cdf(y) - 1) + 2 * stats.norm.pdf(y) - 1 / np.sqrt(np.pi)
        assert crps_from_paths(y, paths) == pytest.approx(exact, abs=2e-3)
    assert crps_from_paths(3.0, np.full(10, 3.0)) == pytest.approx(0.0)


def test_metric_missing_column_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="needs column 'scale'"):
        mase(ROWS.drop(columns="scale"))
    with pytest.raises(ModelError, match="needs column 'lo_95'"):
        coverage(95)(ROWS)
    with pytest.raises(ModelError, match="needs column 'crps'"):
        crps(ROWS)


def _panel() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    frames = [
        pd.DataFrame(
            {
                "unique_id": uid,
                "ds": pd.date_range("2000", periods=n, freq="YE"),
                "y": 100 + np.cumsum(rng.normal(2, 4, n)),
            }
        )
        for uid, n in (("long", 20), ("short", 9))
    ]
    return pd.concat(frames, ignore_index=True)


def test_backtest_windows_and_no_leakage() -> None:
    df = _panel()
    cv = backtest(df, ["naive", "drift"], h=3, n_windows=2, step=2, n_paths=200)
    long = cv[(cv.unique_id == "long") & (cv.model == "naive")]
    y = df[df.unique_id == "long"].y.to_numpy()
    # windows cut 3 and 5 periods before the end; naive repeats the last training value
    for cut in (17, 15):
        rows = long[long.cutoff == df[df.unique_id == "long"].ds.iloc[cut - 1]]
        assert rows.h.tolist() == [1, 2, 3]
        np.testing.assert_allclose(rows["mean"], y[cut - 1])
        np.testing.assert_allclose(rows["y"], y[cut : cut + 3])
        assert rows["scale"].iloc[0] == pytest.approx(np.mean(np.abs(np.diff(y[:cut]))))
    assert set(cv.model) == {"naive", "drift"} and len(cv) == 2 * 2 * 2 * 3
    assert (cv.ds > cv.cutoff).all()


def test_backtest_skips_windows_a_series_is_too_short_for() -> None:
    cv = backtest(_panel(), "theta", h=3, n_windows=3, step=2, n_paths=100, calibrate=False)
    # 'short' has 9 points: cuts at 6, 4 (theta needs 4), 2 (too short -> skipped)
    assert cv[cv.unique_id == "short"].cutoff.nunique() == 2
    assert cv[cv.unique_id == "long"].cutoff.nunique() == 3


def test_evaluate_tables() -> None:
    cv = backtest(_panel(), ["naive", "auto"], h=2, n_windows=2, n_paths=200)
    overall = evaluate(cv)
    assert overall.model.tolist() == ["auto", "naive"]
    assert {
        "mae",
        "rmse",
        "mape",
        "smape",
        "mase",
        "rmsse",
        "coverage_80",
        "coverage_95",
        "winkler_95",
        "pinball",
        "crps",
    } <= set(overall.columns)
    by_h = evaluate(cv, [mae, coverage(80)], by="horizon")
    assert by_h[["model", "h"]].values.tolist() == [
        ["auto", 1],
        ["auto", 2],
        ["naive", 1],
        ["naive", 2],
    ]
    naive_h1 = cv[(cv.model == "naive") & (cv.h == 1)]
    assert by_h.mae.iloc[2] == pytest.approx(np.mean(np.abs(naive_h1.y - naive_h1["mean"])))
    assert (overall.crps > 0).all() and (overall.crps < overall.mae).all()
    by_series = evaluate(cv, [mase], by="series")
    assert len(by_series) == 4
    with pytest.raises(ModelError, match="by="):
        evaluate(cv, by="year")


def test_backtest_bad_input() -> None:
    with pytest.raises(ModelError, match="n_windows"):
        backtest(_panel(), "naive", h=2, n_windows=0)
    with pytest.raises(ModelError, match="horizon"):
        backtest(_panel(), "naive", h=0)
    with pytest.raises(ModelError, match="no series is long enough"):
        backtest(_panel(), "theta", h=17, n_windows=1)


def test_top_level_name_is_this_backtest() -> None:
    assert top_level_backtest is backtest
