"""Scenarios side by side, and the goals the lever analysis reads.

:func:`scenario_table`: one row per scenario and headline target: the 2025/2030/2035 medians
of capacity, output and output value, P(target reached by its year) and the most likely first
year. :data:`GOALS`: the plan's goals read at 2030 and 2035 (the registry's target years are
over); what each lever does to them is :mod:`forecasting.sensitivity.levers`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: Scenario files compared by default (base first, then the levers and the combinations).
LEVER_SCENARIOS = (
    "base",
    "tech_upgrade",
    "ecological_cap",
    "strict_policy",
    "recycling_push",
    "plan_delivered",
    "plan_stalls",
)
SUMMARY_SERIES = {
    "qinghai_capacity_t_lce": "capacity_t_lce",
    "qinghai_output_t_lce": "output_t_lce",
    "qinghai_output_value_bn_cny": "value_bn_cny",
}
SUMMARY_YEARS = (2025, 2030, 2035)
#: Forward-looking readings of the plan's goals for the lever analysis (the registry's own
#: target years, 2020 and 2025, are over: no lever from 2026 on can move them). The 2025
#: "170,000 t/yr production scale" is read as output here, beside capacity.
GOALS = pd.DataFrame(
    {
        "target_id": [
            "capacity_170kt_2030",
            "output_170kt_2030",
            "output_170kt_2035",
            "value_100bn_2030",
            "value_100bn_2035",
        ],
        "metric": ["capacity", "output", "output", "output_value", "output_value"],
        "value": [170_000.0, 170_000.0, 170_000.0, 100.0, 100.0],
        "unit": ["t_lce_per_year"] * 3 + ["bn_cny"] * 2,
        "target_year": [2030, 2030, 2035, 2030, 2035],
        "geography": ["Qinghai"] * 5,
        "subject": ["capacity", "output", "output", "output value", "output value"],
        "is_official": [True] * 5,
        "superseded_by": [None] * 5,
    }
)


def _medians(result) -> dict[str, float]:
    years = list(result.years)
    out = {}
    for uid, name in SUMMARY_SERIES.items():
        for year in SUMMARY_YEARS:
            if year in years:
                out[f"{name}_{year}_p50"] = float(
                    np.median(result.paths[uid][:, years.index(year)])
                )
    return out


def scenario_table(
    names: Sequence[str] = LEVER_SCENARIOS,
    *,
    targets: pd.DataFrame,
    inputs=None,
    n_paths: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """``scenario, description, target_id, metric, value, target_year, p_reached_by_year,
    most_likely_first_year`` and the medians of :data:`SUMMARY_SERIES` (columns
    ``<series>_<year>_p50``); one row per scenario and modelled target, same seed for all."""
    from forecasting.domain.inputs import build_inputs_from_datasets
    from forecasting.domain.run import run_scenario
    from forecasting.scenarios import load_scenario

    inputs = inputs if inputs is not None else build_inputs_from_datasets()
    rows = []
    for name in names:
        scen = load_scenario(name)
        res = run_scenario(scen, n_paths=n_paths, seed=seed, inputs=inputs)
        med = _medians(res)
        tab = res.target_table(targets)
        for rec in tab.to_dict("records"):
            rows.append(
                {
                    "scenario": res.name,
                    "description": scen.description,
                    "target_id": rec["target_id"],
                    "metric": rec["metric"],
                    "value": rec["value"],
                    "target_year": rec["target_year"],
                    "p_reached_by_year": rec["p_reached_by_year"],
                    "most_likely_first_year": rec["most_likely_first_year"],
                    **med,
                }
            )
    return pd.DataFrame(rows)
