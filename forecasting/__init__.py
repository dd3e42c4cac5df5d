"""Forecast Qinghai lithium carbonate capacity, output and EV lithium demand against targets.

The package reads left to right: ``data -> models/domain -> targets/sensitivity -> reports``.

Top-level entry points (imported lazily so ``import forecasting`` stays fast)::

    forecasting.forecast(df, h, freq=None, level=(80, 95), models="auto", seed=0, n_paths=1000)
    forecasting.sample_paths(...)
    forecasting.backtest(...)
    forecasting.load_series(ids=None, as_of=None)      # cited long frame: unique_id, ds, y
    forecasting.load_targets()
    forecasting.load_scenario("base")                  # YAML scenario -> frozen dataclasses
    forecasting.run_scenario(scenario, n_paths=2000, seed=0)
    forecasting.show_versions()                        # package, libraries, data and cache paths

Sub-modules (``forecasting.data``, ``forecasting.plotting``, ...) are imported on first access
too. ``dir(forecasting)`` (and so IPython's ``fc.<TAB>``) lists exactly these public names.
"""

from __future__ import annotations

import importlib as _importlib

__version__ = "0.2.0"

_LAZY = {
    "forecast": "forecasting.models",
    "sample_paths": "forecasting.models",
    "backtest": "forecasting.evaluation",
    "load_series": "forecasting.data",
    "load_targets": "forecasting.data",
    "load_scenario": "forecasting.scenarios",
    "run_scenario": "forecasting.domain",
    "show_versions": "forecasting.versions",
}
_SUBMODULES = (
    "data",
    "domain",
    "errors",
    "evaluation",
    "models",
    "paths",
    "plotting",
    "reports",
    "scenarios",
    "sensitivity",
    "targets",
    "versions",
)

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(_importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later look-ups skip __getattr__
        return value
    if name in _SUBMODULES:
        return _importlib.import_module(f"forecasting.{name}")
    raise AttributeError(f"module 'forecasting' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*__all__, *_SUBMODULES})
