"""Sensitivity of the outputs that matter to the supply and lever assumptions (layer above
:mod:`forecasting.domain`, below :mod:`forecasting.reports`).

* :mod:`~forecasting.sensitivity.core`: tornado, Sobol and Morris (SALib) on common random
  numbers; the parameter lists :data:`SUPPLY_PARAMS` and :data:`LEVER_PARAMS`.
* :mod:`~forecasting.sensitivity.sweep`: scenario grids run with joblib or Dask.
* :mod:`~forecasting.sensitivity.levers`: each lever across its range, per goal, in natural units.
* :mod:`~forecasting.sensitivity.cli`: the ``lithium-forecast sensitivity`` command.
"""

from __future__ import annotations

from forecasting.sensitivity.core import (
    CHUNK_PATHS,
    LEVER_PARAMS,
    OUTPUT_YEARS,
    SUPPLY_PARAMS,
    default_bounds,
    evaluate_design,
    getattr_dotted,
    morris,
    morris_analysis,
    sobol,
    sobol_analysis,
    supply_and_lever_bounds,
    tornado,
)
from forecasting.sensitivity.sweep import build_sensitivity_grid, run_sweep

__all__ = [
    "CHUNK_PATHS",
    "LEVER_PARAMS",
    "OUTPUT_YEARS",
    "SUPPLY_PARAMS",
    "build_sensitivity_grid",
    "default_bounds",
    "evaluate_design",
    "getattr_dotted",
    "morris",
    "morris_analysis",
    "run_sweep",
    "sobol",
    "sobol_analysis",
    "supply_and_lever_bounds",
    "tornado",
]
