"""Supporting report tables: reported history with source grades, scenario comparison,
sensitivity (tornado, Sobol) and model accuracy. Each builder takes the run spec and returns one
tidy frame; the numbers come from ``forecasting.data``, ``forecasting.domain``,
``forecasting.sensitivity`` and ``forecasting.evaluation``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from forecasting.errors import ForecastingError
from forecasting.reports.views import HEADLINE_METRICS, domain_inputs

#: Series of the side-by-side scenario table and the price chart (median and 80% band by year).
SCENARIO_SERIES = (
    "qinghai_capacity_t_lce",
    "qinghai_output_t_lce",
    "qinghai_output_value_bn_cny",
    "lithium_carbonate_price_cny_per_t",
    "china_lithium_demand_t_lce",
)
GRADE_ORDER = ("A", "B", "C", "D")


def _worst_grade(source_ids: str, grades: dict[str, str]) -> str | None:
    found = [grades.get(s.strip()) for s in str(source_ids).split(";") if s.strip()]
    found = [g for g in found if g in GRADE_ORDER]
    return max(found, key=GRADE_ORDER.index) if found else None


def history_table(spec) -> pd.DataFrame:
    """Reported Qinghai points for the fan charts: metric, year, y (t LCE/yr), grade, source_id.

    Output: full-year provincial output rows (``period_type == "year"``). Capacity: built
    capacity snapshots at province or salt-lake scope with a known year (company and project
    rows are parts, not the province). ``grade`` is the weakest reliability (A-D) of the row's
    sources. Only rows published by ``as_of``.
    """
    from forecasting.data import load_qinghai_capacity, load_qinghai_output, load_sources
    from forecasting.data.registry import table_file

    src = load_sources()
    grades = dict(zip(src["source_id"], src["reliability"].astype(str), strict=True))
    out = load_qinghai_output(as_of=spec.as_of, path=table_file(spec.data_path, "qinghai_output"))
    out = out[(out["period_type"] == "year") & out["output_t_lce"].notna()]
    cap = load_qinghai_capacity(
        as_of=spec.as_of, path=table_file(spec.data_path, "qinghai_capacity")
    )
    cap = cap[
        (cap["kind"] == "built")
        & cap["scope_level"].isin(["province", "salt_lake"])
        & cap["snapshot_year"].notna()
        & cap["capacity_t_lce_per_year"].notna()
    ]
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "metric": "output",
                    "year": pd.to_datetime(out["period_end"]).dt.year,
                    "y": out["output_t_lce"],
                    "source_id": out["source_id"],
                }
            ),
            pd.DataFrame(
                {
                    "metric": "capacity",
                    "year": cap["snapshot_year"].astype(int),
                    "y": cap["capacity_t_lce_per_year"],
                    "source_id": cap["source_id"],
                }
            ),
        ],
        ignore_index=True,
    )
    frame["grade"] = [_worst_grade(s, grades) for s in frame["source_id"]]
    return frame.sort_values(["metric", "year", "y"]).reset_index(drop=True)


#: Annual series of the project's own data used for the accuracy appendix (enough history for
#: three rolling origins at a two-year horizon).
BACKTEST_SERIES = (
    "china_nev_sales_units",
    "world_ev_sales_units",
    "china_ev_sales_units_iea",
    "world_lithium_mine_production_t_li",
    "china_lithium_mine_production_t_li",
)


def backtest_models() -> list[str]:
    """``auto`` and every member of its yearly pool (from the one model registry,
    :func:`forecasting.models.registry.pool_aliases`): did the selection beat its own members?"""
    from forecasting.models.registry import pool_aliases

    return ["auto", *pool_aliases(1)]


BACKTEST_H = 2
BACKTEST_WINDOWS = 3


def backtest_table(spec) -> pd.DataFrame:
    """Rolling-origin backtests (h = 2 years, 3 origins) of the engine's models on the project's
    own annual series: model, series, MASE, coverage of the 80% and 95% intervals (0-1), CRPS
    (unit of the series)."""
    from forecasting.contracts import regular_annual
    from forecasting.data import list_series, load_series
    from forecasting.evaluation import backtest, coverage, evaluate, mase

    known = set(list_series()["unique_id"])
    ids = [s for s in BACKTEST_SERIES if s in known]
    hist = load_series(ids=ids, as_of=spec.as_of, path=spec.data_path).dropna(subset=["y"])
    hist = regular_annual(hist)
    cv = backtest(
        hist,
        models=backtest_models(),
        h=BACKTEST_H,
        n_windows=BACKTEST_WINDOWS,
        freq="YE",
        seed=spec.seed,
        n_paths=200,
    )
    table = evaluate(cv, [mase, coverage(80), coverage(95)], by="series")
    return table.rename(columns={"unique_id": "series"})


def scenario_table(spec) -> dict[str, pd.DataFrame]:
    """Every scenario file, run with the headline run's paths, seed and inputs (so the run's own
    scenario repeats the headline numbers exactly: one simulation per number):

    * ``scenarios``: per headline target, median and P(met by target year);
    * ``scenario_series``: median and 80% band (10th-90th pct) by year of
      :data:`SCENARIO_SERIES` (t LCE/yr, bn CNY, CNY/t).
    """
    from forecasting.data import load_targets
    from forecasting.domain import run_scenario
    from forecasting.scenarios import list_scenarios, load_scenario

    registry = load_targets()
    inputs = domain_inputs(spec.as_of, spec.data_path)
    targets, series = [], []
    for name in list_scenarios():
        result = run_scenario(
            load_scenario(name), n_paths=spec.n_paths, seed=spec.seed, end_year=2035, inputs=inputs
        )
        tt = result.target_table(registry)
        tt = tt[tt["metric"].isin(HEADLINE_METRICS)].assign(scenario=name)
        targets.append(tt[SCENARIO_TARGET_COLUMNS])
        summ = result.summary()
        summ = summ[summ["unique_id"].isin(SCENARIO_SERIES)].assign(scenario=name)
        series.append(
            summ.rename(columns={"unique_id": "series"})[
                ["scenario", "metric", "series", "year", "median", "lo_80", "hi_80"]
            ]
        )
    return {
        "scenarios": pd.concat(targets, ignore_index=True).rename(
            columns={"value": "target_value"}
        ),
        "scenario_series": pd.concat(series, ignore_index=True),
    }


SCENARIO_TARGET_COLUMNS = [
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


def price_history_table(spec) -> pd.DataFrame:
    """Lithium carbonate price history for the price chart (CNY/t, as published by ``as_of``):
    ``kind == "annual"``: the annual means the price paths start from (the domain's
    ``price_history_cny_per_t``); ``kind == "assessment"``: every dated mid price with its
    ``source_id`` and reliability ``grade``."""
    from forecasting.data import load_lithium_price
    from forecasting.data.registry import table_file

    inputs = domain_inputs(spec.as_of, spec.data_path)
    annual = pd.DataFrame(
        {
            "kind": "annual",
            "year": sorted(inputs.price_history_cny_per_t),
            "price_cny_per_t": [
                inputs.price_history_cny_per_t[y] for y in sorted(inputs.price_history_cny_per_t)
            ],
        }
    )
    raw = load_lithium_price(as_of=spec.as_of, path=table_file(spec.data_path, "lithium_price"))
    raw = raw[raw["price_mid_cny_per_t"].notna()]
    dated = pd.DataFrame(
        {
            "kind": "assessment",
            "date": pd.to_datetime(raw["ds"]).dt.strftime("%Y-%m-%d"),
            "year": pd.to_datetime(raw["ds"]).dt.year,
            "price_cny_per_t": raw["price_mid_cny_per_t"].astype(float),
            "source_id": raw["source_id"].astype(str),
            "grade": raw["grade"].astype(str) if "grade" in raw else "",
        }
    )
    out = pd.concat([annual, dated], ignore_index=True)
    return out.sort_values(["kind", "year", "date"], kind="mergesort", na_position="first")


def domain_backtest_table(spec) -> dict[str, pd.DataFrame]:
    """SLOT for the domain backtest (the lead adds it): ``tables/domain_backtest.csv`` is written
    when ``forecasting.domain.backtest.backtest_table(as_of=..., data_path=...)`` exists; no
    table (and no note) until then. The accuracy appendix shows the table when present."""
    try:
        from forecasting.domain.backtest import backtest_table as domain_backtest
    except ImportError:
        return {}
    return {"domain_backtest": domain_backtest(as_of=spec.as_of, data_path=spec.data_path)}


#: Saltelli base sample size and inner paths per sample for the Sobol indices.
SOBOL_N = 256
SOBOL_INNER_PATHS = 16


def headline_capacity_target(registry: pd.DataFrame) -> str:
    """Target id of the sensitivity output: the latest Qinghai capacity target (not superseded)."""
    geo = registry["geography"].astype(str).str.strip().str.lower()
    cap = registry[(registry["metric"] == "capacity") & (geo == "qinghai")]
    if "is_official" in cap:
        cap = cap[cap["is_official"].fillna(False).astype(bool)]
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
        domain_inputs(spec.as_of, spec.data_path),
        registry,
        (f"p_met_in_year_{headline_capacity_target(registry)}"),
    )


#: Tornado outputs in natural units besides the headline probability (mean over paths, 2030).
TORNADO_NATURAL = ("capacity_t_lce_2030", "output_t_lce_2030", "value_bn_cny_2030")


def tornado_table(spec) -> pd.DataFrame:
    """Tornado, one row per parameter and output: P(headline capacity target met in its year)
    and, in natural units, the 2030 means of capacity (t LCE/yr), output (t LCE/yr) and output
    value (bn CNY). Columns: parameter, output, low, high (output at the parameter's low/high
    end), base, parameter_low, parameter_high. Runs with the headline run's paths and seed, so
    ``base`` of the probability equals the headline P(met in year)."""
    from forecasting import sensitivity

    scen, inputs, registry, out = _sensitivity_setup(spec)
    t = sensitivity.tornado(
        scen, inputs=inputs, n_paths=spec.n_paths, seed=spec.seed, targets=registry
    )
    wanted = (out, *TORNADO_NATURAL)
    missing = [o for o in wanted if o not in set(t["output"])]
    if missing:
        raise ForecastingError(
            f"sensitivity outputs {missing} missing; got {sorted(set(t['output']))}"
        )
    t = t[t["output"].isin(wanted)]
    return pd.DataFrame(
        {
            "parameter": t["parameter"],
            "output": t["output"],
            "low": t["output_at_low"],
            "high": t["output_at_high"],
            "base": t["base_output"],
            "parameter_low": t["low"],
            "parameter_high": t["high"],
        }
    )


def sobol_table(spec) -> pd.DataFrame:
    """Sobol S1/ST (with confidence half-widths) of P(headline capacity target met) and of the
    2030 capacity, output and value means; an output that does not vary over the design (e.g.
    a past target every path meets) has no indices and is left out."""
    from forecasting import sensitivity

    scen, inputs, registry, out = _sensitivity_setup(spec)
    # SALib bootstraps the confidence half-widths with NumPy's global generator when its seed
    # is falsy (``if seed:``), so seed 0 gave different S1_conf/ST_conf on every run: seed the
    # global generator here, then put the caller's state back.
    state = np.random.get_state()  # noqa: NPY002
    np.random.seed(spec.seed)  # noqa: NPY002
    try:
        s = sensitivity.sobol(
            scen,
            inputs=inputs,
            n=SOBOL_N,
            n_inner=SOBOL_INNER_PATHS,
            seed=spec.seed,
            targets=registry,
            n_jobs=1,
        )
    finally:
        np.random.set_state(state)  # noqa: NPY002
    wanted = [out, *TORNADO_NATURAL]
    present = [o for o in wanted if o in set(s["output"])]
    if not present:  # an output that does not vary has no variance to split
        raise ForecastingError(f"no Sobol output of {wanted}; got {sorted(set(s['output']))}")
    s = s[s["output"].isin(present)]
    return s[["parameter", "output", "S1", "S1_conf", "ST", "ST_conf"]]


def coverage_table(spec) -> pd.DataFrame:
    """One row per (series, year with data up to ``as_of``): series, table, unit, year, n_obs."""
    from forecasting.data import list_series, load_series

    cat = list_series()[["unique_id", "table", "unit"]]
    obs = load_series(as_of=spec.as_of).dropna(subset=["y"])
    obs = obs.assign(year=pd.to_datetime(obs["ds"]).dt.year)
    per_year = obs.groupby(["unique_id", "year"]).size().rename("n_obs").reset_index()
    out = per_year.merge(cat, on="unique_id", how="left", validate="m:1")
    return out.rename(columns={"unique_id": "series"})[["series", "table", "unit", "year", "n_obs"]]


def provenance_table(spec) -> pd.DataFrame:
    """Sources cited by the tables behind the modelled series: source_id, publisher, date,
    reliability, tables (which tables cite it), rows (how many rows cite it)."""
    from forecasting.data import list_series, load_sources, load_table

    counts: dict[str, dict[str, int]] = {}
    for table in sorted(set(list_series()["table"])):
        for cell in load_table(table)["source_id"].dropna().astype(str):
            for sid in (s.strip() for s in cell.split(";") if s.strip()):
                counts.setdefault(sid, {}).setdefault(table, 0)
                counts[sid][table] += 1
    src = load_sources()
    src = src[src["source_id"].isin(counts)][["source_id", "publisher", "date", "reliability"]]
    src["tables"] = src["source_id"].map(lambda s: ", ".join(sorted(counts[s])))
    src["rows"] = src["source_id"].map(lambda s: sum(counts[s].values()))
    return src.sort_values(["reliability", "source_id"], ascending=[False, True])


PUBLISHED_LABEL = "published (Athanasopoulos et al. 2011; MASE: Ellis Tcomp reproduction)"


def benchmark_table(spec) -> pd.DataFrame:
    """Tourism yearly and quarterly benchmark: this package's models beside the published results.

    Reads ``benchmarks/results/tourism_scores.csv`` and ``tourism_published.csv`` (written by
    ``benchmarks/report_tourism_table.py``; the run takes minutes, so the report does not redo
    it). Columns: data, source, model, MAPE (%), MASE, cov80, cov95 (shares; ours only).
    """
    from forecasting.reports.sources import benchmark_dir

    ours_path = benchmark_dir() / "tourism_scores.csv"
    pub_path = benchmark_dir() / "tourism_published.csv"
    if not ours_path.is_file() or not pub_path.is_file():
        raise ForecastingError(
            f"no tourism benchmark results in {benchmark_dir()}; run "
            "`.venv/bin/python benchmarks/report_tourism_table.py` to create them"
        )
    ours = pd.read_csv(ours_path)
    ours = ours.assign(source="this package")
    pub = pd.read_csv(pub_path)
    pub = (
        pub[pub["kind"].isin(ours["kind"].unique())]
        .pivot_table(index=["kind", "method"], columns="metric", values="value")
        .reset_index()
        .rename(columns={"method": "model"})
    )
    pub["source"] = PUBLISHED_LABEL
    cols = ["data", "source", "model", "MAPE", "MASE", "cov80", "cov95"]
    table = pd.concat([ours, pub], ignore_index=True).rename(columns={"kind": "data"})
    return table.reindex(columns=cols)


#: Morris screening of supply assumptions and levers: trajectories, paths per point.
LEVER_MORRIS_TRAJECTORIES = 20
LEVER_MORRIS_INNER_PATHS = 16


def lever_tables(spec) -> dict[str, pd.DataFrame]:
    """The four levers (``forecasting.sensitivity.levers``): ``lever_effects`` (each lever across
    its range on the goals read at 2030 and 2035, with the run's paths and seed) and
    ``lever_screen`` (Morris mu*/sigma of supply assumptions and levers on the 2030 means)."""
    from forecasting import sensitivity
    from forecasting.scenarios import load_scenario
    from forecasting.sensitivity.levers import lever_effects

    inputs = domain_inputs(spec.as_of, spec.data_path)
    scen = load_scenario(spec.scenario)
    effects = lever_effects(scen, inputs=inputs, n_paths=spec.n_paths, seed=spec.seed)
    state = np.random.get_state()  # noqa: NPY002  (SALib's bootstrap, see sobol_table)
    np.random.seed(spec.seed)  # noqa: NPY002
    try:
        screen = sensitivity.morris(
            scen,
            sensitivity.supply_and_lever_bounds(scen),
            inputs=inputs,
            n_trajectories=LEVER_MORRIS_TRAJECTORIES,
            n_inner=LEVER_MORRIS_INNER_PATHS,
            seed=spec.seed,
        )
    finally:
        np.random.set_state(state)  # noqa: NPY002
    screen = screen[screen["output"].isin(["output_t_lce_2030", "value_bn_cny_2030"])]
    return {"lever_effects": effects, "lever_screen": screen.reset_index(drop=True)}


EXTRA_TABLES: dict[str, Callable[..., pd.DataFrame | dict[str, pd.DataFrame]]] = {
    "history": history_table,
    "price_history": price_history_table,
    "coverage": coverage_table,
    "provenance": provenance_table,
    "backtest": backtest_table,
    "scenarios": scenario_table,
    "tornado": tornado_table,
    "sobol": sobol_table,
    "benchmark": benchmark_table,
    "domain_backtest": domain_backtest_table,
    "levers": lever_tables,
}
