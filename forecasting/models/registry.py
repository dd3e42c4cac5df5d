"""The alias registry: ``MODELS[alias]()`` builds a model with its default configuration."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from forecasting.errors import ModelError
from forecasting.models.auto import AutoSelect
from forecasting.models.base import Model
from forecasting.models.baselines import Drift, Naive, Naive2, SeasonalNaive
from forecasting.models.ses import SES
from forecasting.models.statsmodels_models import ARIMA, ETS, Theta, UnobservedComponents


def _lazy(module: str, name: str) -> Callable[[], Model]:
    """A factory importing ``forecasting.models.<module>`` only when the alias is used."""

    def build() -> Model:
        return getattr(import_module(f"forecasting.models.{module}"), name)()

    build.__name__ = name
    return build


MODELS: dict[str, Callable[[], Model]] = {
    "auto": AutoSelect,
    "naive": Naive,
    "snaive": SeasonalNaive,
    "drift": Drift,
    "naive2": Naive2,
    "ets": ETS,
    "ets_damped": lambda: ETS(error="add", trend="add", damped=True, alias="ets_damped"),
    "arima": ARIMA,
    "theta": Theta,
    "ses": SES,
    "ucm": UnobservedComponents,
    "prophet": _lazy("prophet_model", "Prophet"),
    "logistic": _lazy("growth", "Logistic"),
    "gompertz": _lazy("growth", "Gompertz"),
    "bass": _lazy("growth", "Bass"),
}


def model_from_alias(alias: str) -> Model:
    """A default-configured model for ``alias``; ``"log_<alias>"`` is that model on the log
    scale (:class:`~forecasting.models.transforms.Transformed`); ModelError listing the known
    aliases otherwise."""
    if isinstance(alias, str) and alias.startswith("log_") and alias[4:] in MODELS:
        from forecasting.models.transforms import Transformed

        return Transformed(MODELS[alias[4:]](), "log")
    if alias not in MODELS:
        raise ModelError(
            f"unknown model alias {alias!r}; known aliases: {sorted(MODELS)} "
            "(each also as log_<alias>)"
        )
    return MODELS[alias]()
