"""Growth curves (logistic, Gompertz, Bass), Prophet and combinations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from forecasting.errors import ModelError
from forecasting.models import Combination, Naive, Theta, forecast, sample_paths
from forecasting.models.growth import Bass, Gompertz, Logistic


def _s_curve(cap: float = 200.0, n: int = 14, noise: float = 0.03, seed: int = 1) -> np.ndarray:
    t = np.arange(n, dtype=float)
    rng = np.random.default_rng(seed)
    return cap / (1 + np.exp(-0.5 * (t - 9))) * np.exp(rng.normal(0, noise, n))


def _frame(y: np.ndarray, uid: str = "ev_fleet_units") -> pd.DataFrame:
    return pd.DataFrame(
        {"unique_id": uid, "ds": pd.date_range("2010", periods=y.size, freq="YE"), "y": y}
    )


@pytest.mark.parametrize(
    ("cls", "curve"),
    [
        (Logistic, lambda t: 1 / (1 + np.exp(-0.5 * (t - 9)))),
        (Gompertz, lambda t: np.exp(-6.0 * np.exp(-0.25 * t))),
        (Bass, lambda t: (1 - np.exp(-0.45 * (t + 1))) / (1 + 14 * np.exp(-0.45 * (t + 1)))),
    ],
)
def test_curve_recovers_a_known_cap(cls, curve) -> None:
    """Fitted to its own curve (cap 200, 2% noise) past the inflection, the cap is found to 10%."""
    t = np.arange(16, dtype=float)
    y = 200.0 * curve(t) * np.exp(np.random.default_rng(0).normal(0, 0.02, t.size))
    fitted = cls().fit(y, "YE")
    assert fitted.fitted_cap == pytest.approx(200.0, rel=0.10)
    point = fitted.point(10)
    assert point[-1] <= fitted.fitted_cap + 1e-9 and point[-1] > 0.8 * fitted.fitted_cap


@pytest.mark.parametrize("cap", [250.0, (220.0, 320.0), stats.lognorm(0.15, scale=260.0)])
def test_paths_stay_below_each_paths_cap(cap) -> None:
    y = _s_curve()
    fitted = Logistic(cap=cap).fit(y, "YE")
    paths = fitted.sample(8, 400, np.random.default_rng(0))
    assert paths.shape == (400, 8) and np.isfinite(paths).all()
    assert (paths > 0).all()
    if isinstance(cap, float):
        assert paths.max() < cap
    elif isinstance(cap, tuple):
        assert paths.max() < cap[1]


def test_uncertain_cap_widens_the_long_run_interval() -> None:
    y = _s_curve()
    fixed = Logistic(cap=260.0).fit(y, "YE").predict(10, n_paths=800, seed=3)
    spread = Logistic(cap=(200.0, 320.0)).fit(y, "YE").predict(10, n_paths=800, seed=3)
    width_fixed = fixed["hi_95"][-1] - fixed["lo_95"][-1]
    width_spread = spread["hi_95"][-1] - spread["lo_95"][-1]
    assert width_spread > 2 * width_fixed
    assert spread["hi_95"][-1] > 260.0  # paths can saturate above the fixed cap


def test_growth_models_through_forecast() -> None:
    df = _frame(_s_curve())
    for model in (Logistic(cap=(220.0, 320.0)), Gompertz(), Bass(cap=300.0)):
        fc = forecast(df, 5, models=model, n_paths=300, cache=False)
        assert len(fc) == 5 and (fc.lo_95 <= fc.lo_80).all() and (fc.hi_80 <= fc.hi_95).all()
        assert (fc.model == model.alias).all()


@pytest.mark.parametrize("cap", [250.0, (220.0, 320.0)])
def test_calibrated_paths_never_pass_the_cap(cap) -> None:
    """Backtest calibration widens deviations; the ceiling (and zero) still bound every path."""
    df = _frame(_s_curve(noise=0.15, seed=4))
    paths = sample_paths(df, 8, models=Logistic(cap=cap), n_paths=400, cache=False)
    high = cap if isinstance(cap, float) else cap[1]
    assert paths["y"].max() <= high + 1e-9
    assert paths["y"].min() >= 0.0


def test_growth_bad_input() -> None:
    with pytest.raises(ModelError, match="not above the data"):
        Logistic(cap=50.0).fit(_s_curve(), "YE")
    with pytest.raises(ModelError, match="0 < low < high"):
        Logistic(cap=(300.0, 200.0))
    with pytest.raises(ModelError, match="frozen distribution"):
        Gompertz(cap="large")
    with pytest.raises(ModelError, match="non-negative"):
        Bass().fit(np.array([1.0, 2.0, -3.0, 4.0, 5.0, 6.0]), "YE")


def test_combination_point_is_median_of_members() -> None:
    y = 50 + np.cumsum(np.random.default_rng(2).normal(1.0, 2.0, 20))
    members = [Naive(), Theta(), Logistic(alias="logistic")]
    comb = Combination(members, how="median").fit(y, "YE")
    expected = np.median([m.fit(y, "YE").point(4) for m in members], axis=0)
    np.testing.assert_allclose(comb.point(4), expected)
    mean = Combination(members, how="mean").fit(y, "YE")
    np.testing.assert_allclose(
        mean.point(4), np.mean([m.fit(y, "YE").point(4) for m in members], axis=0)
    )
    assert comb.alias == "median(naive,theta,logistic)"


def test_combination_paths_combine_member_paths() -> None:
    y = 50 + np.cumsum(np.random.default_rng(2).normal(1.0, 2.0, 20))
    members = [Naive(), Theta()]
    comb = Combination(members, how="mean").fit(y, "YE")
    rng = np.random.default_rng(4)
    paths = comb.sample(3, 200, rng)
    children = np.random.default_rng(4).spawn(2)
    by_hand = np.mean(
        [m.fit(y, "YE").sample(3, 200, r) for m, r in zip(members, children, strict=True)], axis=0
    )
    np.testing.assert_allclose(paths, by_hand)


def test_prophet_seeded_and_logistic_respects_cap() -> None:
    from forecasting.models import Prophet

    df = _frame(_s_curve(n=12))
    a = forecast(df, 4, models="prophet", seed=3, n_paths=200, cache=False, calibrate=False)
    b = forecast(df, 4, models="prophet", seed=3, n_paths=200, cache=False, calibrate=False)
    pd.testing.assert_frame_equal(a, b)
    capped = Prophet(growth="logistic", cap=260.0)
    fc = forecast(df, 6, models=capped, n_paths=200, cache=False, calibrate=False)
    assert (fc["mean"] < 260.0).all() and (fc["mean"].diff().dropna() > -1e-6).all()
    with pytest.raises(ModelError, match="needs a cap"):
        Prophet(growth="logistic")


def test_prophet_paths_reproduce_through_sample_paths() -> None:
    df = _frame(_s_curve(n=12))
    p1 = sample_paths(df, 3, models="prophet", seed=5, n_paths=50, cache=False, calibrate=False)
    p2 = sample_paths(df, 3, models="prophet", seed=5, n_paths=50, cache=False, calibrate=False)
    pd.testing.assert_frame_equal(p1, p2)


def test_prophet_identical_in_worker_processes() -> None:
    df = pd.concat([_frame(_s_curve(n=12), "a"), _frame(_s_curve(n=12, seed=2), "b")])
    kw = dict(models="prophet", seed=9, n_paths=100, cache=False, calibrate=False)
    pd.testing.assert_frame_equal(forecast(df, 3, **kw), forecast(df, 3, n_jobs=2, **kw))


def _nev_sales_units() -> np.ndarray:
    from forecasting.data import load_series

    return load_series(ids=["china_nev_sales_units"])["y"].to_numpy()


def test_unbounded_maps_invert_and_default_to_identity() -> None:
    """Growth paths map to ``logit(y / cap_i)`` with each path's own cap and back exactly."""
    fitted = Logistic(cap=(220.0, 320.0)).fit(_s_curve(noise=0.1, seed=3), "YE")
    paths = fitted.sample(6, 300, np.random.default_rng(0))
    x = fitted.to_unbounded(paths)
    assert np.unique(fitted._path_caps).size > 100  # every path has its own cap
    np.testing.assert_allclose(fitted.from_unbounded(x), paths, rtol=1e-9)
    np.testing.assert_allclose(x, np.log(paths / (fitted._path_caps[:, None] - paths)))
    with pytest.raises(ModelError, match="latest sample"):
        fitted.to_unbounded(paths[:10])
    naive = Naive().fit(np.array([1.0, 3.0, 2.0, 4.0]), "YE")
    np.testing.assert_array_equal(naive.to_unbounded(paths), paths)
    np.testing.assert_array_equal(naive.unbounded_centre(np.ones(6)), np.ones((1, 6)))


def test_calibration_in_logit_space_keeps_each_path_below_its_cap() -> None:
    """On China NEV sales (2014-2025, units) calibrated logistic paths never reach their own cap
    nor zero: no mass piles at the clip bounds (level-space calibration gave 2026 lo_95 = 0)."""
    from forecasting.models.auto import AutoSelect

    auto = AutoSelect([Logistic(cap=(25e6, 40e6))]).fit(_nev_sales_units(), "YE")
    paths = auto.sample(5, 1000, np.random.default_rng(1))
    caps = auto._select(5)[0]._path_caps
    assert (paths < caps[:, None]).all() and (paths > 0).all()
    assert auto.calibration(5).min() > 1.0  # the backtest did widen the paths
    lo_95, hi_95 = np.percentile(paths[:, 0], [2.5, 97.5])
    assert 1e6 < lo_95 < 16.49e6 < hi_95 < 35e6  # 2026 bounds around the 16.49 m of 2025
