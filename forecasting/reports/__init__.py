"""The quarterly report: compute -> notebooks -> HTML/PDF -> manifest, published immutably.

Public entry points (imported lazily so ``lithium-forecast --help`` stays fast)::

    build_report(quarter, scenario="base", as_of=None, out_root="reports", force=False, seed=0)
    compute_outputs(spec, run_dir)           # forecasts.csv, target_probabilities.csv, tables/
    RunSpec(quarter, as_of, scenario, seed, n_paths)

CLI: ``lithium-forecast report --quarter 2026Q4 [--scenario NAME] [--as-of DATE] [--out DIR]``.
"""

from __future__ import annotations

from forecasting.lazy import lazy_exports

_LAZY = {
    "build_report": "forecasting.reports.build",
    "compute_outputs": "forecasting.reports.compute",
    "RunSpec": "forecasting.reports.compute",
}

__all__ = list(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
