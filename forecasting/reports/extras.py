"""Supporting report tables: reported history with source grades, scenario comparison,
sensitivity (tornado, Sobol) and model accuracy. Each builder takes the run spec and returns one
tidy frame; the numbers come from ``forecasting.data``, ``forecasting.domain``,
``forecasting.sensitivity`` and ``forecasting.evaluation``.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from forecasting.reports.views import HEADLINE_METRICS, TOP_DOWN_SERIES, domain_inputs

#: Paths per scenario in the scenario comparison table (fewer than the headline run: a table of
#: probabilities to whole percent needs ~+-2 pp).
SCENARIO_TABLE_PATHS = 500
GRADE_ORDER = ("A", "B", "C", "D")


def _worst_grade(source_ids: str, grades: dict[str, str]) -> str | None:
    found = [grades.get(s.strip()) for s in str(source_ids).split(";") if s.strip()]
    found = [g for g in found if g in GRADE_ORDER]
    return max(found, key=GRADE_ORDER.index) if found else None


def history_table(spec) -> pd.DataFrame:
    """Reported Qinghai capacity/output points up to ``as_of``: metric, series, year, y, grade.

    ``grade`` is the weakest reliability grade (A-D) among the row's sources.
    """
    from forecasting.data import load_series, load_sources

    hist = load_series(ids=list(TOP_DOWN_SERIES), as_of=spec.as_of).dropna(subset=["y"])
    out = pd.DataFrame(
        {
            "metric": hist["unique_id"].map(TOP_DOWN_SERIES),
            "series": hist["unique_id"],
            "year": pd.to_datetime(hist["ds"]).dt.year,
            "y": hist["y"],
        }
    )
    if "source_id" in hist.columns:
        src = load_sources()
        grades = dict(zip(src["source_id"], src["reliability"].astype(str), strict=True))
        out["source_id"] = hist["source_id"].to_numpy()
        out["grade"] = [_worst_grade(s, grades) for s in hist["source_id"]]
    else:
        out["source_id"] = ""
        out["grade"] = None
    return out.reset_index(drop=True)


def scenario_table(spec) -> pd.DataFrame:
    """Every scenario file against every headline target: median and P(met by target year)."""
    from forecasting.data import load_targets
    from forecasting.domain import run_scenario
    from forecasting.scenarios import list_scenarios, load_scenario

    registry = load_targets()
    inputs = domain_inputs(spec.as_of)
    frames = []
    for name in list_scenarios():
        result = run_scenario(
            load_scenario(name),
            n_paths=min(spec.n_paths, SCENARIO_TABLE_PATHS),
            seed=spec.seed,
            end_year=2035,
            inputs=inputs,
        )
        tt = result.target_table(registry)
        tt = tt[tt["metric"].isin(HEADLINE_METRICS)]
        frames.append(
            tt.assign(scenario=name)[
                [
                    "scenario",
                    "target_id",
                    "metric",
                    "value",
                    "unit",
                    "target_year",
                    "median",
                    "p_reached_by_year",
                    "most_likely_first_year",
                ]
            ]
        )
    return pd.concat(frames, ignore_index=True).rename(columns={"value": "target_value"})


EXTRA_TABLES: dict[str, Callable[..., pd.DataFrame]] = {
    "history": history_table,
    "scenarios": scenario_table,
}
