"""Log transform (Box-Cox lambda = 0) as a model option."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecasting.errors import ModelError
from forecasting.models import AutoSelect, Drift, Theta, forecast, model_from_alias, resolve_model
from forecasting.models.transforms import Transformed


def _growth(n: int = 12, seed: int = 3) -> pd.DataFrame:
    """EV-sales-like: ~40%/yr growth with multiplicative noise, 75 thousand -> 16.5 million."""
    rng = np.random.default_rng(seed)
    y = 7.5e4 * 1.63 ** np.arange(n) * np.exp(rng.normal(0, 0.15, n))
    ds = pd.date_range("2014", periods=n, freq="YE")
    return pd.DataFrame({"unique_id": "china_nev_sales_units", "ds": ds, "y": y})


def test_log_paths_are_positive_and_lower_bounds_leave_zero() -> None:
    df = _growth()
    log_fc = forecast(df, 5, models="log_auto", cache=False, n_paths=1000)
    assert (log_fc.lo_95 > 0).all() and log_fc.model.str.startswith("log(").all()
    assert (log_fc.lo_95 <= log_fc.lo_80).all() and (log_fc.hi_80 <= log_fc.hi_95).all()
    # on the level scale the same series' lower bound is floored at 0 within the horizon
    level = forecast(df, 5, models="auto", cache=False, n_paths=1000)
    assert (level.lo_95 == 0).any()
    # multiplicative uncertainty: the upper bound is further from the median than the lower
    assert ((log_fc.hi_95 - log_fc["mean"]) > (log_fc["mean"] - log_fc.lo_95)).all()


def test_point_is_exp_of_the_log_scale_forecast() -> None:
    y = _growth().y.to_numpy()
    fitted = Transformed(Theta()).fit(y, "YE")
    np.testing.assert_allclose(fitted.point(4), np.exp(Theta().fit(np.log(y), "YE").point(4)))
    assert fitted.label(4) == "log(theta)"


def test_non_positive_values_raise_unless_positive_only() -> None:
    y = np.array([3.0, 0.0, 4.0, 6.0, 5.0, 7.0])
    with pytest.raises(ModelError, match="log transform needs strictly positive values.*0.0"):
        Transformed(Drift()).fit(y, "YE")
    fitted = Transformed(Drift(), positive_only=True).fit(y, "YE")
    np.testing.assert_allclose(fitted.point(3), Drift().fit(y, "YE").point(3))
    assert fitted.label(3) == "drift"
    with pytest.raises(ModelError, match="transform='sqrt'"):
        Transformed(Drift(), transform="sqrt")


def test_calibration_happens_on_the_log_scale() -> None:
    model = resolve_model("log_theta")
    assert isinstance(model, Transformed) and isinstance(model.model, AutoSelect)
    assert model.alias == "log_theta" and model.model.alias == "theta"
    raw = resolve_model(Transformed(Theta()), calibrate=False)
    assert isinstance(raw.model, Theta)
    assert model_from_alias("log_auto").config()["model"]["class"] == "AutoSelect"
    with pytest.raises(ModelError, match="unknown model alias 'log_bogus'"):
        model_from_alias("log_bogus")


def test_gaps_stay_gaps_for_the_inner_model() -> None:
    df = _growth(14)
    df.loc[[4, 5, 9], "y"] = np.nan
    fc = forecast(df, 3, models="log_auto", cache=False, n_paths=300)
    assert np.isfinite(fc[["mean", "lo_95", "hi_95"]].to_numpy()).all() and (fc.lo_95 > 0).all()
    again = forecast(df, 3, models="log_auto", cache=False, n_paths=300)
    pd.testing.assert_frame_equal(fc, again)
