"""Bad input to the engine raises ModelError naming the series, column or value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecasting.errors import ModelError
from forecasting.models import ETS, AutoSelect, Combination, Naive, Theta, forecast


def _frame(n: int = 10, uid: str = "qinghai_capacity_t_lce") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unique_id": uid,
            "ds": pd.date_range("2010", periods=n, freq="YE"),
            "y": np.linspace(10.0, 40.0, n) + np.sin(np.arange(n)),
        }
    )


def _raises(match: str, *args, **kwargs) -> None:
    with pytest.raises(ModelError, match=match):
        forecast(*args, cache=False, n_paths=50, **kwargs)


def test_empty_frame() -> None:
    _raises("empty", _frame().iloc[:0], 3)


def test_missing_columns() -> None:
    _raises(r"lacks columns \['y'\]", _frame().drop(columns="y"), 3)


def test_not_a_frame() -> None:
    _raises("DataFrame", {"unique_id": [1]}, 3)


def test_duplicated_timestamps() -> None:
    df = pd.concat([_frame(), _frame().iloc[[4]]])
    _raises(r"'qinghai_capacity_t_lce' has duplicated timestamps \(ds=2014-12-31\)", df, 3)


def test_irregular_dates() -> None:
    df = _frame()
    df.loc[4, "ds"] = pd.Timestamp("2014-06-30")  # not a year end
    _raises("'qinghai_capacity_t_lce' has irregular dates", df, 3)
    _raises(
        r"irregular dates for frequency YE-DEC: 2014-06-30 is not a period end", df, 3, freq="YE"
    )
    monthly = _frame(12).assign(ds=pd.date_range("2020-01-15", periods=12, freq="30D"))
    _raises("irregular dates", monthly, 3, freq="ME")


def test_missing_periods_are_gaps_not_errors() -> None:
    full = _frame(12)
    gappy = full.drop(index=[3, 4, 8])
    fc_gappy = forecast(gappy, 3, models="naive", cache=False, n_paths=50)
    nan_rows = full.assign(y=full.y.where(~full.index.isin([3, 4, 8])))
    fc_nan = forecast(nan_rows, 3, models="naive", cache=False, n_paths=50)
    pd.testing.assert_frame_equal(fc_gappy, fc_nan)
    assert fc_gappy.ds.iloc[0] == pd.Timestamp("2022-12-31")
    # a series with 3 rows and gaps takes its frequency from the other series
    sparse = _frame(12, "sparse").iloc[[5, 9, 11]]
    fc = forecast(pd.concat([full, sparse]), 2, models="naive", cache=False, n_paths=50)
    assert fc.groupby("unique_id").size().to_dict() == {"qinghai_capacity_t_lce": 2, "sparse": 2}


def test_non_numeric_y() -> None:
    df = _frame()
    df["y"] = df["y"].astype(object)
    df.loc[3, "y"] = "n/a"
    _raises(r"column 'y' row 3 \(series 'qinghai_capacity_t_lce'\) is not numeric: 'n/a'", df, 3)


def test_bad_timestamp() -> None:
    df = _frame()
    df["ds"] = df["ds"].astype(str)
    df.loc[2, "ds"] = "sometime"
    _raises(r"column 'ds' row 2 .* is not a timestamp: 'sometime'", df, 3)


@pytest.mark.parametrize("h", [0, -1, 2.5, "3", True])
def test_bad_horizon(h) -> None:
    _raises("horizon h must be an integer >= 1", _frame(), h)


def test_unknown_alias() -> None:
    _raises("unknown model alias 'holt'; known aliases", _frame(), 3, models="holt")


@pytest.mark.parametrize("level", [(0, 95), (80, 100), (120,), (-5,), ("80",)])
def test_level_outside_range(level) -> None:
    _raises("outside \\(0, 100\\)", _frame(), 3, level=level)


def test_duplicate_aliases_in_one_call() -> None:
    _raises("duplicate model aliases", _frame(), 3, models=[Theta(), Theta()])
    with pytest.raises(ModelError, match="duplicate aliases"):
        Combination([Naive(), Naive()])


def test_too_short_names_the_series() -> None:
    df = pd.concat([_frame(12, "long"), _frame(3, "china_nev_sales_units")])
    _raises(
        "series 'china_nev_sales_units' has 3 observed values; model 'theta' needs at least 4",
        df,
        2,
        models="theta",
        freq="YE",
    )
    _raises(
        "series 'short' has 2 observed values; model 'auto' needs at least 3",
        _frame(2, "short"),
        2,
        freq="YE",
    )


def test_bad_model_configuration() -> None:
    with pytest.raises(ModelError, match="ETS error='bogus'"):
        ETS(error="bogus")
    with pytest.raises(ModelError, match="combine="):
        AutoSelect(combine="max")
    _raises("models must be", _frame(), 3, models=42)


def test_unfitted_model() -> None:
    with pytest.raises(ModelError, match="not fitted"):
        Naive().point(3)


def test_unknown_frequency() -> None:
    _raises("frequency", _frame(), 3, freq="fortnightly")


def test_different_frequencies() -> None:
    q = _frame(12, "q").assign(ds=pd.date_range("2010", periods=12, freq="QE"))
    _raises("different frequencies", pd.concat([_frame(), q]), 3)


def test_input_is_not_modified() -> None:
    df = _frame()
    df.loc[3, "y"] = np.nan
    before = df.copy()
    forecast(df, 3, models="naive", cache=False, n_paths=50)
    pd.testing.assert_frame_equal(df, before)


def test_non_negative_series_get_non_negative_paths() -> None:
    df = _frame(10)
    df["y"] = [5.0, 0.0, 9.0, 1.0, 12.0, 0.0, 3.0, 11.0, 0.0, 2.0]  # volatile, never negative
    fc = forecast(df, 4, models="naive", cache=False, n_paths=300)
    assert (fc.lo_95 >= 0).all() and (fc.lo_95 == 0).any()
    negative = df.assign(y=df.y - 1.0)
    assert (forecast(negative, 4, models="naive", cache=False, n_paths=300).lo_95 < 0).any()
