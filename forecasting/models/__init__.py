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

from forecasting.lazy import lazy_exports

#: Public names -> the module that defines them, imported on first access (keeps
#: ``lithium-forecast --help`` free of pandas/statsmodels; Prophet loads cmdstan only when asked).
_LAZY = {
    "ARIMA": "forecasting.models.statsmodels_models",
    "AutoSelect": "forecasting.models.auto",
    "Bass": "forecasting.models.growth",
    "Combination": "forecasting.models.combination",
    "Drift": "forecasting.models.baselines",
    "ETS": "forecasting.models.statsmodels_models",
    "ForecastWarning": "forecasting.models.core",
    "Gompertz": "forecasting.models.growth",
    "Logistic": "forecasting.models.growth",
    "MODELS": "forecasting.models.registry",
    "Model": "forecasting.models.base",
    "Naive": "forecasting.models.baselines",
    "Naive2": "forecasting.models.baselines",
    "Prophet": "forecasting.models.prophet_model",
    "SES": "forecasting.models.ses",
    "SeasonalNaive": "forecasting.models.baselines",
    "Theta": "forecasting.models.statsmodels_models",
    "Transformed": "forecasting.models.transforms",
    "UnobservedComponents": "forecasting.models.statsmodels_models",
    "forecast": "forecasting.models.core",
    "model_from_alias": "forecasting.models.registry",
    "resolve_model": "forecasting.models.core",
    "sample_paths": "forecasting.models.core",
    "season_length": "forecasting.models.base",
}
#: Listed by ``dir()``; Prophet and the growth curves load on request only.
__all__ = sorted(set(_LAZY) - {"Prophet", "Logistic", "Gompertz", "Bass"})

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
