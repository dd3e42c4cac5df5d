"""Forecast Qinghai lithium carbonate capacity, output and EV lithium demand against targets.

The package reads left to right: ``data -> models/domain -> targets/sensitivity -> reports``.

Top-level entry points (imported lazily so ``import forecasting`` stays fast)::

    forecasting.forecast(df, h, freq=None, level=(80, 95), models="auto", seed=0, n_paths=1000)
    forecasting.sample_paths(...)
    forecasting.backtest(...)
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "forecast": "forecasting.models",
    "sample_paths": "forecasting.models",
    "backtest": "forecasting.evaluation",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'forecasting' has no attribute {name!r}")
