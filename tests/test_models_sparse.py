"""Very sparse series: a stated minimum of observed values, errors="warn", fallback intervals."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from forecasting.errors import ModelError
from forecasting.models import AutoSelect, Theta, forecast, sample_paths
from forecasting.models.calibration import prior_factors
from forecasting.models.core import ForecastWarning


def _sparse_output() -> pd.DataFrame:
    """The shape of ``qinghai_output_t_lce``: 2009 and 2022 observed, NaN years between."""
    ds = pd.date_range("2009", "2023", freq="YE")
    y = np.full(ds.size, np.nan)
    y[0], y[-1] = 6_000.0, 73_000.0
    return pd.DataFrame({"unique_id": "qinghai_output_t_lce", "ds": ds, "y": y})


def _dense(uid: str = "china_nev_sales_units", n: int = 12) -> pd.DataFrame:
    ds = pd.date_range("2014", periods=n, freq="YE")
    y = 1e5 * 1.4 ** np.arange(n) * (1 + 0.05 * np.sin(np.arange(n)))
    return pd.DataFrame({"unique_id": uid, "ds": ds, "y": y})


def test_two_observed_values_raise_naming_series_and_count() -> None:
    with pytest.raises(ModelError, match=r"'qinghai_output_t_lce' has 2 observed values; model "):
        forecast(_sparse_output(), 5, cache=False, n_paths=50)
    # the count is of observed values, not of the 14-year span the gaps are interpolated over
    with pytest.raises(ModelError, match="needs at least 4 observed .* got 3"):
        Theta().fit(np.r_[1.0, np.nan, np.nan, 2.0, np.nan, np.nan, 5.0], "YE")


def test_errors_warn_leaves_failed_series_out() -> None:
    df = pd.concat([_dense(), _sparse_output()])
    with pytest.warns(ForecastWarning, match="qinghai_output_t_lce: series .* 2 observed values"):
        fc = forecast(df, 3, cache=False, n_paths=50, errors="warn")
    assert set(fc.unique_id) == {"china_nev_sales_units"} and len(fc) == 3
    assert list(fc.attrs["failed"]) == ["qinghai_output_t_lce"]
    assert "2 observed values" in fc.attrs["failed"]["qinghai_output_t_lce"]
    # the surviving series is forecast exactly as it would be alone
    alone = forecast(_dense(), 3, cache=False, n_paths=50)
    pd.testing.assert_frame_equal(fc, alone)
    assert alone.attrs["failed"] == {}


def test_errors_warn_all_failed_gives_empty_frames() -> None:
    with pytest.warns(ForecastWarning):
        fc = forecast(_sparse_output(), 3, cache=False, n_paths=50, errors="warn")
    assert fc.empty and list(fc.columns[:4]) == ["unique_id", "ds", "model", "mean"]
    assert "hi_95" in fc.columns and "qinghai_output_t_lce" in fc.attrs["failed"]
    with pytest.warns(ForecastWarning):
        paths = sample_paths(_sparse_output(), 3, cache=False, n_paths=50, errors="warn")
    assert paths.empty and list(paths.columns) == ["unique_id", "ds", "path", "y"]


def test_errors_argument_is_checked_and_raise_does_not_warn() -> None:
    with pytest.raises(ModelError, match="errors='ignore' must be 'raise' or 'warn'"):
        forecast(_dense(), 3, cache=False, errors="ignore")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        forecast(_dense(), 3, cache=False, n_paths=50, errors="warn")


def test_too_short_to_backtest_gets_the_pooled_fallback() -> None:
    """3-4 observed values: no backtest window, so the pooled prior factors and t(4) scales."""
    y = np.array([10.0, 13.0, 12.0, 16.0])
    fitted = AutoSelect().fit(y, "YE")
    np.testing.assert_allclose(fitted.calibration(4), prior_factors(1, 4))
    assert fitted.scores(4) == {}
    df = pd.DataFrame(
        {"unique_id": "short", "ds": pd.date_range("2019", periods=4, freq="YE"), "y": y}
    )
    calibrated = forecast(df, 4, cache=False, n_paths=2000)
    raw = forecast(df, 4, cache=False, n_paths=2000, calibrate=False)
    width = calibrated.hi_95 - calibrated.lo_95
    raw_width = raw.hi_95 - raw.lo_95
    # never narrower than the model's own spread times the smallest prior factor
    assert np.all(width >= prior_factors(1, 4).min() * raw_width * 0.9)


def _windows(z_values: list[float]):
    """One-step windows whose standardised error is exactly ``z`` (paths with sd 1)."""
    from forecasting.models.calibration import WindowForecast

    paths = np.r_[-1.0, 1.0].repeat(100)[:, None]  # sd exactly 1
    return [
        WindowForecast(10 + i, np.zeros(1), np.array([z]), paths) for i, z in enumerate(z_values)
    ]


def test_calibration_shrinks_towards_the_pooled_prior() -> None:
    from forecasting.models.calibration import calibration_factors

    prior = prior_factors(1, 1)
    few = calibration_factors(_windows([1.0, -1.0]), 1, prior)[0]
    many = calibration_factors(_windows([1.0, -1.0] * 50), 1, prior)[0]
    # two errors of size 1: pulled most of the way to the prior; a hundred: close to 1
    assert 1.0 < many < 1.1 < few < prior[0]
    overall = np.sqrt((2 + 4 * prior[0] ** 2) / 6)  # c, shrunk towards c0 with n0 = 4
    assert few == pytest.approx(np.sqrt((2 + 4 * overall**2) / 6), rel=1e-6)  # c_1 towards c
    # no usable error at all: the prior itself
    assert calibration_factors([], 1, prior)[0] == pytest.approx(prior[0])
    # longer horizons repeat the last measured step; unknown frequencies use the monthly row
    assert prior_factors(1, 6)[-1] == prior_factors(1, 4)[-1]
    np.testing.assert_allclose(prior_factors(52, 3), prior_factors(12, 3))
