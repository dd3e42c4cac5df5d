"""Closed-form Theta / SES fits and the seeds-give-the-same-numbers guarantee for the models the
speed work did not change (snapshots taken with the code of commit af1dcbc, before it)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from forecasting import forecast
from forecasting.models import ETS, Theta
from forecasting.models.ses import SES
from forecasting.models.smoothing import (
    fit_ses_estimated,
    fit_ses_known,
    ols_slope,
    sse_curve,
    theta_point,
)

FIXTURE = np.array([112.0, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118])
QUARTERLY = np.r_[FIXTURE, [115.0, 126, 141, 135]]

# forecast(df, 3, models=alias, n_paths=1000, seed=42, cache=False): lo_80 and hi_95 computed
# at commit af1dcbc (statsmodels Theta, before the closed-form fits) for the models not changed.
UNCHANGED = {
    "naive": ([92.148291, 75.439318, 62.962976], [160.156615, 183.687289, 211.13935]),
    "drift": ([86.158509, 62.499723, 41.808597], [167.820019, 208.197152, 243.645055]),
    "snaive": ([76.306401, 84.430959, 100.249399], [178.098002, 193.368367, 210.635145]),
    "ets": ([86.421219, 67.194546, 24.377011], [169.759073, 197.117151, 242.602053]),
    "arima": ([111.109575, 97.809855, 96.670004], [166.562773, 170.866429, 176.115725]),
}


@pytest.mark.parametrize("alias", sorted(UNCHANGED))
def test_unchanged_models_give_the_same_numbers_for_the_same_seed(alias: str) -> None:
    y, freq = (QUARTERLY, "QE") if alias == "snaive" else (FIXTURE, "YE")
    df = pd.DataFrame(
        {"unique_id": "fixture", "y": y, "ds": pd.date_range("2010", periods=y.size, freq=freq)}
    )
    fc = forecast(df, 3, models=alias, n_paths=1000, seed=42, cache=False)
    lo80, hi95 = UNCHANGED[alias]
    np.testing.assert_allclose(fc["lo_80"].to_numpy(), lo80, rtol=1e-7)
    np.testing.assert_allclose(fc["hi_95"].to_numpy(), hi95, rtol=1e-7)


def _series(seed: int, n: int = 25) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return 100 + np.cumsum(rng.normal(1.0, 5.0, n)) + rng.normal(0, 3, n)


@pytest.mark.parametrize("seed", range(6))
def test_closed_form_theta_matches_statsmodels(seed: int) -> None:
    from statsmodels.tsa.forecasting.theta import ThetaModel

    y = _series(seed)
    res = ThetaModel(y, period=1, deseasonalize=False).fit()
    ours = Theta().fit(y, "YE").point(5)
    np.testing.assert_allclose(ours, np.asarray(res.forecast(5, theta=2)), rtol=1e-3)
    fit = fit_ses_known(y)
    # the global search is never worse than the local optimiser on the same objective
    sse_sm = sse_curve(y, np.array([res.params["alpha"]]), profile_l0=False)[0][0]
    assert fit.sse <= sse_sm * (1 + 1e-9)
    np.testing.assert_allclose(ols_slope(y), res.params["b0"], rtol=1e-9)
    np.testing.assert_allclose(theta_point(fit, ols_slope(y), 5), ours, rtol=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_ets_ann_closed_form_is_the_maximum_likelihood_fit(seed: int) -> None:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = _series(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ETSModel(y, error="add").fit(disp=False)
    fit = fit_ses_estimated(y)
    assert fit.sse <= res.sse * (1 + 1e-9)  # at least as good a likelihood
    ours = ETS(error="add", trend=None, damped=False, seasonal=None).fit(y, "YE")
    np.testing.assert_allclose(ours.point(3), fit.level)
    # the profiled l0 is the least-squares one: perturbing it raises the SSE
    for l0 in (fit.l0 - 1, fit.l0 + 1):
        err, level = [], l0
        for v in y:
            err.append(v - level)
            level += fit.alpha * (v - level)
        assert np.sum(np.square(err)) > fit.sse


def test_ses_paths_have_the_ses_variance() -> None:
    y = _series(3, 40)
    fitted = SES().fit(y, "YE")
    paths = fitted.sample(4, 40000, np.random.default_rng(1))
    alpha, sigma = fitted._ses.alpha, fitted._sigma
    expected = sigma * np.sqrt(1 + np.arange(4) * alpha**2)
    np.testing.assert_allclose(paths.std(axis=0), expected, rtol=0.03)
    np.testing.assert_allclose(paths.mean(axis=0), fitted.point(4), atol=3 * sigma / 100)


def test_ses_seasonal_modes() -> None:
    t = np.arange(40)
    y = 100 + t + 20 * np.sin(2 * np.pi * t / 4) + np.random.default_rng(0).normal(0, 1, 40)
    ets_mode = SES().fit(y, "QE")
    assert ets_mode.spec.startswith("ETS(A,N,M)")
    m4_mode = SES(seasonal="m4").fit(y, "QE").point(4)
    assert np.ptp(m4_mode) > 10  # reseasonalised, not flat
    assert np.ptp(SES(seasonal=None).fit(y, "QE").point(4)) == 0
    with pytest.raises(Exception, match="seasonal"):
        SES(seasonal="bogus")


def test_the_calibration_prior_source_is_a_parameter() -> None:
    from forecasting.errors import ModelError
    from forecasting.models import AutoSelect
    from forecasting.models.calibration import PRIORS, prior_factors

    short = np.array([10.0, 12.0, 11.0, 13.0])  # too short for a backtest window: prior outright
    for source in ("tourism", "m1"):
        fitted = AutoSelect(prior=source).fit(short, "YE")
        np.testing.assert_allclose(fitted.calibration(6), prior_factors(1, 6, source))
        assert fitted.config()["prior"] == source  # part of the cache key
    assert not np.allclose(prior_factors(1, 4, "m1"), prior_factors(1, 4, "tourism"))
    assert set(PRIORS) == {"tourism", "m1"}
    with pytest.raises(ModelError, match="unknown calibration prior"):
        AutoSelect(prior="m3")


def test_zero_spread_windows_give_no_standardised_error() -> None:
    from forecasting.models.calibration import WindowForecast, standardised_errors

    point = np.array([6.0, 6.2])
    flat = WindowForecast(7, point, np.array([5.8, 6.3]), np.tile(point, (50, 1)) + 1e-15)
    rng = np.random.default_rng(0)
    wide = WindowForecast(8, point, np.array([5.8, 6.3]), point + rng.normal(0, 0.1, (50, 2)))
    z = standardised_errors([flat, wide], 2)
    assert [zk.size for zk in z] == [1, 1]  # only the window with a real spread counts
    assert np.all(np.abs(np.concatenate(z)) < 10)
