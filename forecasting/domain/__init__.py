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

from forecasting.domain.anchoring import resolve_anchors
from forecasting.domain.inputs import DomainInputs, build_inputs, build_inputs_from_datasets
from forecasting.domain.result_tables import compare_top_down, unmodelled_targets
from forecasting.domain.run import ScenarioResult, run_scenario

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
