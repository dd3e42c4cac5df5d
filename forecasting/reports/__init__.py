"""The quarterly report: compute -> notebooks -> HTML/PDF -> manifest, published immutably.

Public entry points (imported lazily so ``lithium-forecast --help`` stays fast)::

    build_report(quarter, scenario="base", as_of=None, out_root="reports", force=False, seed=0)
    compute_outputs(spec, run_dir)           # forecasts.csv, target_probabilities.csv, tables/
    RunSpec(quarter, as_of, scenario, seed, n_paths)

CLI: ``lithium-forecast report --quarter 2026Q4 [--scenario NAME] [--as-of DATE] [--out DIR]``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "build_report": "forecasting.reports.build",
    "compute_outputs": "forecasting.reports.compute",
    "RunSpec": "forecasting.reports.compute",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'forecasting.reports' has no attribute {name!r}")
