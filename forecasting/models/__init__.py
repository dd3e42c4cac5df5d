"""Top-down forecasting engine: many models behind one interface, automatic selection.

``forecast(df, h, freq=None, level=(80, 95), models="auto", seed=0, n_paths=1000)`` returns the
Forecast frame; ``sample_paths(...)`` the calibrated paths its intervals come from. Model classes
are configured in their constructor and named by ``alias``; ``MODELS`` maps aliases to factories.

Exact minimum numbers of OBSERVED (non-NaN) values, gaps not counted (m = season length: 1
yearly, 4 quarterly, 12 monthly): naive, naive2, drift, prophet 3 (two changes to estimate a
spread from); snaive m + 2; ets, theta, ses 4; ucm, logistic, gompertz, bass 5; arima 6; a
combination or "auto" the smallest of its members (3 for the default pool at every frequency).
Below it ``forecast`` raises ModelError naming the series and its count, or with
``errors="warn"`` leaves the series out (ForecastWarning; ``attrs["failed"]`` gives the
reason). Interior gaps are
interpolated inside the models, but "auto" scores its backtests and calibration on observed
values only. A series with the minimum but too few observed values for a backtest window
(fewer than 5 in the training prefix) is not left uncalibrated: its paths get the pooled prior
factors of its frequency and Student-t(4) scales (:mod:`forecasting.models.calibration`).

Strictly positive growth series can be modelled on the log scale: ``models="log_auto"`` (or
``"log_<alias>"``, or ``Transformed(model)``) fits and calibrates on ``log(y)`` and returns
``exp``: bounds stay above 0. Not the default: on tourism it lowered accuracy (yearly MAPE
25.21 vs 22.37, quarterly 15.01 vs 14.57; benchmarks/tourism_results.md).
"""

from __future__ import annotations

from forecasting.models.auto import AutoSelect
from forecasting.models.base import Model, season_length
from forecasting.models.baselines import Drift, Naive, Naive2, SeasonalNaive
from forecasting.models.combination import Combination
from forecasting.models.core import ForecastWarning, forecast, resolve_model, sample_paths
from forecasting.models.registry import MODELS, model_from_alias
from forecasting.models.ses import SES
from forecasting.models.statsmodels_models import ARIMA, ETS, Theta, UnobservedComponents
from forecasting.models.transforms import Transformed

__all__ = [
    "ARIMA",
    "ETS",
    "MODELS",
    "AutoSelect",
    "Combination",
    "Drift",
    "ForecastWarning",
    "Model",
    "Naive",
    "Naive2",
    "SES",
    "SeasonalNaive",
    "Theta",
    "Transformed",
    "UnobservedComponents",
    "forecast",
    "model_from_alias",
    "resolve_model",
    "sample_paths",
    "season_length",
]


def __getattr__(name: str):
    """Prophet and the growth curves import lazily (Prophet loads cmdstan)."""
    if name == "Prophet":
        from forecasting.models.prophet_model import Prophet

        return Prophet
    if name in ("Logistic", "Gompertz", "Bass"):
        from forecasting.models import growth

        return getattr(growth, name)
    raise AttributeError(f"module 'forecasting.models' has no attribute {name!r}")
