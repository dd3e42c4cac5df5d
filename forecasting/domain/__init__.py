"""Bottom-up lithium domain models: Qinghai supply pipeline, EV lithium demand, industry value.

Entry point::

    from forecasting.domain import run_scenario
    from forecasting.scenarios import load_scenario

    result = run_scenario(load_scenario("base"), n_paths=1000, seed=0)
    result.summary(); result.target_table(load_targets()); result.value_decomposition()
    # a past vintage: data and from_data anchors as published by as_of
    then = run_scenario(load_scenario("base"), inputs=build_inputs_from_datasets("2025-09-30"))
    then.anchors_used  # key, value, unit, series, observation_date, source_id, known_at_as_of

Modules: ``project_pipeline`` (project Monte Carlo), ``demand`` (EV sales x kWh x kg LCE/kWh),
``value`` (price paths, carbonate and cell value), ``balance`` (world supply, shares), ``inputs``
(data wiring), ``anchoring`` (``from_data`` keys -> observations at as_of), ``run``
(``run_scenario``), ``result_tables`` (tidy outputs, top-down comparison).
"""

from __future__ import annotations

from forecasting.lazy import lazy_exports

#: Public names -> the module that defines them, imported on first access (keeps
#: ``lithium-forecast --help`` from loading pandas/scipy through this package).
_LAZY = {
    "resolve_anchors": "forecasting.domain.anchoring",
    "DomainInputs": "forecasting.domain.inputs",
    "build_inputs": "forecasting.domain.inputs",
    "build_inputs_from_datasets": "forecasting.domain.inputs",
    "compare_top_down": "forecasting.domain.result_tables",
    "unmodelled_targets": "forecasting.domain.result_tables",
    "ScenarioResult": "forecasting.domain.run",
    "run_scenario": "forecasting.domain.run",
}

__all__ = [
    "DomainInputs",
    "ScenarioResult",
    "build_inputs",
    "build_inputs_from_datasets",
    "compare_top_down",
    "resolve_anchors",
    "run_scenario",
    "unmodelled_targets",
]

__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
