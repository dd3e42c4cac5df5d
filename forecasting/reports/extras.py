"""Supporting report tables: reported history with source grades, scenario comparison,
sensitivity (tornado, Sobol) and model accuracy. Each builder takes the run spec and returns one
tidy frame; the numbers come from ``forecasting.data``, ``forecasting.domain``,
``forecasting.sensitivity`` and ``forecasting.evaluation``.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from forecasting.errors import ForecastingError
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


#: Saltelli base sample size and inner paths per sample for the Sobol indices.
SOBOL_N = 256
SOBOL_INNER_PATHS = 16
TORNADO_PATHS = 1000


def headline_capacity_target(registry: pd.DataFrame) -> str:
    """Target id of the sensitivity output: the latest Qinghai capacity target (not superseded)."""
    geo = registry["geography"].astype(str).str.strip().str.lower()
    cap = registry[(registry["metric"] == "capacity") & (geo == "qinghai")]
    if "superseded_by" in cap:
        cap = cap[
            cap["superseded_by"].isna() | (cap["superseded_by"].astype(str).str.strip() == "")
        ]
    cap = cap[cap["target_year"].notna()].sort_values(["target_year", "target_id"])
    if cap.empty:
        raise ForecastingError("the targets registry has no Qinghai capacity target")
    return str(cap["target_id"].iloc[-1])


def _sensitivity_setup(spec):
    from forecasting.data import load_targets
    from forecasting.scenarios import load_scenario

    registry = load_targets()
    return (
        load_scenario(spec.scenario),
        domain_inputs(spec.as_of),
        registry,
        (f"p_met_{headline_capacity_target(registry)}"),
    )


def tornado_table(spec) -> pd.DataFrame:
    """Tornado for P(headline capacity target met): parameter, low, high (output at the
    parameter's low/high end), base, output, parameter_low, parameter_high."""
    from forecasting import sensitivity

    scen, inputs, registry, out = _sensitivity_setup(spec)
    t = sensitivity.tornado(
        scen, inputs=inputs, n_paths=TORNADO_PATHS, seed=spec.seed, targets=registry
    )
    t = t[t["output"] == out]
    return pd.DataFrame(
        {
            "parameter": t["parameter"],
            "low": t["output_at_low"],
            "high": t["output_at_high"],
            "base": t["base_output"],
            "output": out,
            "parameter_low": t["low"],
            "parameter_high": t["high"],
        }
    )


def sobol_table(spec) -> pd.DataFrame:
    """Sobol S1/ST (with confidence half-widths) of P(headline capacity target met)."""
    from forecasting import sensitivity

    scen, inputs, registry, out = _sensitivity_setup(spec)
    s = sensitivity.sobol(
        scen,
        inputs=inputs,
        n=SOBOL_N,
        n_inner=SOBOL_INNER_PATHS,
        seed=spec.seed,
        targets=registry,
        n_jobs=1,
    )
    s = s[s["output"] == out]
    return s[["parameter", "output", "S1", "S1_conf", "ST", "ST_conf"]]


EXTRA_TABLES: dict[str, Callable[..., pd.DataFrame]] = {
    "history": history_table,
    "scenarios": scenario_table,
    "tornado": tornado_table,
    "sobol": sobol_table,
}
