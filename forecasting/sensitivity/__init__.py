"""Sensitivity of the outputs that matter to the supply and lever assumptions (layer above
:mod:`forecasting.domain`, below :mod:`forecasting.reports`).

* :mod:`~forecasting.sensitivity.core`: tornado, Sobol and Morris (SALib) on common random
  numbers; the parameter lists :data:`SUPPLY_PARAMS` and :data:`LEVER_PARAMS`.
* :mod:`~forecasting.sensitivity.sweep`: scenario grids run with joblib or Dask.
* :mod:`~forecasting.sensitivity.levers`: each lever across its range, per goal, in natural units.
* :mod:`~forecasting.sensitivity.cli`: the ``lithium-forecast sensitivity`` command.

The names below load on first use (``lithium-forecast --help`` stays free of scipy).
"""

from __future__ import annotations

from forecasting.lazy import lazy_exports

#: Public names -> the module that defines them, imported on first access.
_LAZY = {
    "CHUNK_PATHS": "forecasting.sensitivity.core",
    "LEVER_PARAMS": "forecasting.sensitivity.core",
    "OUTPUT_YEARS": "forecasting.sensitivity.core",
    "SUPPLY_PARAMS": "forecasting.sensitivity.core",
    "build_sensitivity_grid": "forecasting.sensitivity.sweep",
    "default_bounds": "forecasting.sensitivity.core",
    "evaluate_design": "forecasting.sensitivity.core",
    "getattr_dotted": "forecasting.sensitivity.core",
    "morris": "forecasting.sensitivity.core",
    "morris_analysis": "forecasting.sensitivity.core",
    "run_sweep": "forecasting.sensitivity.sweep",
    "sobol": "forecasting.sensitivity.core",
    "sobol_analysis": "forecasting.sensitivity.core",
    "supply_and_lever_bounds": "forecasting.sensitivity.core",
    "tornado": "forecasting.sensitivity.core",
}
__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
