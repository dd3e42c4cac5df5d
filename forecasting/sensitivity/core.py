"""Sensitivity of the outputs that matter to the supply (or any numeric) assumptions.

* ``tornado``: one-at-a-time swings of each parameter between its low and high bound.
* ``sobol`` / ``morris``: global indices with SALib (Saltelli/Sobol sampling, Morris elementary
  effects), on the same outputs.
* ``build_sensitivity_grid`` + ``run_sweep`` (:mod:`forecasting.sensitivity.sweep`): a generated
  grid of scenarios run with joblib (or on a Dask cluster given ``dask_address``).

Every parameter sample is simulated with ``n_inner`` paths that share one set of random draws
(common random numbers, :class:`forecasting.domain.run.TiledRng`), all samples in one vectorised
call per chunk, so an output is a smooth function of the parameters. Outputs (per sample):
``capacity_t_lce_<year>`` and ``output_t_lce_<year>`` (mean over paths), ``value_bn_cny_<year>``,
``china_demand_t_lce_<year>``, ``world_balance_t_lce_<year>``,
``p_met_in_year_<target_id>`` (probability the target is met in its year,
:data:`forecasting.contracts.P_MET_IN_YEAR`) and ``first_year_<target_id>`` (mean first-crossing
year, counting "not reached" as end_year + 1).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from forecasting.domain.anchoring import resolve_anchors
from forecasting.domain.inputs import DomainInputs
from forecasting.domain.result_tables import TARGET_SERIES, _matched_targets
from forecasting.domain.run import scenario_params, simulate_model
from forecasting.errors import ScenarioError
from forecasting.progress import progress
from forecasting.scenarios import Scenario, param_range
from forecasting.sensitivity.shared import (
    _base_posterior_draws,
    _engine_sales,
    _seeded_global,
    _tile_draws,
)

#: Default supply parameters (dotted scenario keys) for tornado, Sobol and Morris.
SUPPLY_PARAMS = (
    "supply.completion_probability.under_construction",
    "supply.completion_probability.approved",
    "supply.completion_probability.announced",
    "supply.mean_delay_years.commissioning",
    "supply.mean_delay_years.under_construction",
    "supply.mean_delay_years.approved",
    "supply.mean_delay_years.announced",
    "supply.start_lag_years.under_construction",
    "supply.ramp_years_to_nameplate",
    "supply.utilisation_mean",
)
#: The four levers of the plan (:mod:`forecasting.domain.levers`) with the ranges a sweep
#: explores (base values are neutral, several at a bound, so the ranges are stated here).
LEVER_PARAMS: dict[str, tuple[float, float]] = {
    "levers.technology.recovery_target": (0.5, 0.9),  # 50 % today -> CITIC Guoan's 78-90 %
    "levers.technology.brine_limited_share": (0.2, 0.8),
    "levers.ecological.max_extraction_share_per_year": (0.01, 0.05),  # published 1-5 %
    "levers.policy.entry_threshold_t_lce": (0.0, 15_000.0),
    "levers.policy.approval_pace": (0.5, 1.5),
    "levers.policy.halt_probability_per_plant_year": (0.0, 0.2),
    "levers.recycling.collection_rate_target": (0.25, 0.7),
}
OUTPUT_YEARS = (2025, 2030, 2035)
CHUNK_PATHS = 32_768


def default_bounds(scenario: Scenario, key: str, rel: float = 0.5) -> tuple[float, float]:
    """``value x (1 -+ rel)`` clipped to the key's allowed range (the range's lower half-width
    around 0 if the value is 0)."""
    lo_r, hi_r = param_range(key)
    val = scenario.flat_numeric()[key]
    if val == 0:
        return lo_r, min(hi_r, lo_r + 1.0)
    lo, hi = sorted((val * (1 - rel), val * (1 + rel)))
    return max(lo, lo_r), min(hi, hi_r)


def _bounds(scenario: Scenario, params: Sequence[str] | Mapping[str, tuple[float, float]]):
    numeric = scenario.flat_numeric()
    out = {}
    for key in params:
        if key not in numeric or isinstance(getattr_dotted(scenario, key), int):
            raise ScenarioError(f"sensitivity: {key!r} is not a float assumption of the scenario")
        b = params[key] if isinstance(params, Mapping) else default_bounds(scenario, key)
        lo_r, hi_r = param_range(key)
        if not (lo_r <= b[0] < b[1] <= hi_r):
            raise ScenarioError(f"sensitivity: bounds {b} of {key!r} must lie in [{lo_r}, {hi_r}]")
        out[key] = (float(b[0]), float(b[1]))
    return out


def supply_and_lever_bounds(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """The default supply assumptions (scenario value +-50 %, within range) and the four
    levers (:data:`LEVER_PARAMS`) as one bounds map for tornado, Sobol, Morris or a grid."""
    return {**_bounds(scenario, SUPPLY_PARAMS), **_bounds(scenario, LEVER_PARAMS)}


def getattr_dotted(obj: object, key: str) -> object:
    for part in key.split("."):
        obj = getattr(obj, part)
    return obj


def _outputs(paths, years, n_inner, targets) -> dict[str, np.ndarray]:
    yrs = np.asarray(years)

    def per_sample(arr):
        return arr.reshape(-1, n_inner, *arr.shape[1:])

    out = {}
    for year in OUTPUT_YEARS:
        if year in yrs:
            i = int(np.flatnonzero(yrs == year)[0])
            for uid, name in (
                ("qinghai_capacity_t_lce", "capacity_t_lce"),
                ("qinghai_output_t_lce", "output_t_lce"),
                ("qinghai_output_value_bn_cny", "value_bn_cny"),
                ("china_lithium_demand_t_lce", "china_demand_t_lce"),
                ("china_primary_lithium_demand_t_lce", "china_primary_demand_t_lce"),
                ("world_lithium_balance_t_lce", "world_balance_t_lce"),
            ):
                out[f"{name}_{year}"] = per_sample(paths[uid][:, i]).mean(axis=1)
    for rec in targets.to_dict("records") if targets is not None else []:
        arr = per_sample(paths[TARGET_SERIES[rec["metric"]][0]]) >= float(rec["value"])
        i = int(np.clip(rec["target_year"], yrs[0], yrs[-1])) - int(yrs[0])
        out[f"p_met_in_year_{rec['target_id']}"] = arr[:, :, i].mean(axis=1)
        first = np.where(arr.any(axis=2), yrs[arr.argmax(axis=2)], yrs[-1] + 1)
        out[f"first_year_{rec['target_id']}"] = first.mean(axis=1)
    return out


def evaluate_design(
    scenario: Scenario,
    design: np.ndarray,
    names: Sequence[str],
    *,
    inputs: DomainInputs,
    n_inner: int = 16,
    seed: int = 0,
    targets: pd.DataFrame | None = None,
    n_jobs: int = 1,
    dask_address: str | None = None,
) -> pd.DataFrame:
    """Outputs per ``design`` row (values in ``names`` order); from_data keys: inputs.anchors."""
    from joblib import Parallel, delayed

    scenario = resolve_anchors(scenario, inputs.anchors)[0]

    years = np.arange(scenario.simulation.start_year, scenario.simulation.end_year + 1)
    sales = _engine_sales(scenario, inputs, years, n_inner, seed)
    draws = _base_posterior_draws(scenario, inputs, years, n_inner, seed)
    design = np.atleast_2d(np.asarray(design, dtype=float))
    first = scenario.simulation.start_year
    tgt = _matched_targets(targets, first) if targets is not None else None
    step = max(1, CHUNK_PATHS // n_inner)
    chunks = [design[i : i + step] for i in range(0, len(design), step)]
    args = (scenario, names, inputs, n_inner, seed, tgt, years, sales, draws)
    with _backend(dask_address):
        todo = progress(chunks, desc="sensitivity", total=len(chunks), unit="chunk")
        parts = Parallel(n_jobs=n_jobs)(delayed(_evaluate_chunk)(c, *args) for c in todo)
    return pd.concat(parts, ignore_index=True)


def _evaluate_chunk(chunk, scenario, names, inputs, n_inner, seed, targets, years, sales, draws):
    params = scenario_params(scenario, len(chunk) * n_inner)
    for j, key in enumerate(names):
        params[key] = np.repeat(chunk[:, j], n_inner)
    tiled = {r: np.tile(a, (len(chunk), 1)) for r, a in sales.items()}
    paths = simulate_model(
        inputs,
        scenario,
        years,
        params,
        seed,
        crn_block=n_inner,
        sales_paths=tiled,
        supply_draws=_tile_draws(draws, len(chunk)),
    )
    return pd.DataFrame(_outputs(paths, years, n_inner, targets))


class _backend:
    """joblib's default backend, or Dask distributed when a scheduler address is given."""

    def __init__(self, address: str | None) -> None:
        self.address, self.client, self.ctx = address, None, None

    def __enter__(self):
        if self.address:
            import joblib
            from distributed import Client

            try:
                self.client = Client(self.address, timeout="5s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise ScenarioError(
                    f"--dask-address {self.address!r}: cannot connect to the Dask scheduler ({exc})"
                ) from exc
            self.ctx = joblib.parallel_config(backend="dask")
            self.ctx.__enter__()
        return self

    def __exit__(self, *exc):
        if self.ctx is not None:
            self.ctx.__exit__(*exc)
            self.client.close()


def _tidy(frame: pd.DataFrame, scenario: Scenario, method: str) -> pd.DataFrame:
    frame.insert(0, "method", method)
    frame.insert(0, "scenario", scenario.name)
    return frame.reset_index(drop=True)


def tornado(
    scenario: Scenario,
    params: Sequence[str] | Mapping[str, tuple[float, float]] = SUPPLY_PARAMS,
    *,
    inputs: DomainInputs | None = None,
    n_paths: int = 1000,
    seed: int = 0,
    targets: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One-at-a-time swings: scenario, method, parameter, output, low, high, base_output,
    output_at_low, output_at_high, swing (= |high - low| of the output), sorted by swing."""
    inputs = inputs if inputs is not None else _default_inputs()
    scenario = resolve_anchors(scenario, inputs.anchors)[0]
    bounds = _bounds(scenario, params)
    names = list(bounds)
    base = np.array([scenario.flat_numeric()[k] for k in names])
    rows = [base]
    for j, key in enumerate(names):
        for val in bounds[key]:
            row = base.copy()
            row[j] = val
            rows.append(row)
    res = evaluate_design(
        scenario, np.array(rows), names, inputs=inputs, n_inner=n_paths, seed=seed, targets=targets
    )
    recs = []
    for j, key in enumerate(names):
        for out in res.columns:
            lo_v, hi_v = res[out].iloc[1 + 2 * j], res[out].iloc[2 + 2 * j]
            recs.append((key, out, *bounds[key], res[out].iloc[0], lo_v, hi_v, abs(hi_v - lo_v)))
    cols = [
        "parameter",
        "output",
        "low",
        "high",
        "base_output",
        "output_at_low",
        "output_at_high",
        "swing",
    ]
    frame = pd.DataFrame(recs, columns=cols).sort_values(
        ["output", "swing"], ascending=[True, False]
    )
    return _tidy(frame, scenario, "tornado")


def sobol_analysis(
    func: Callable[[np.ndarray], pd.DataFrame],
    bounds: Mapping[str, tuple[float, float]],
    n: int = 1024,
    seed: int = 0,
) -> pd.DataFrame:
    """First-order and total Sobol indices of every output column of ``func(design)``.

    Sobol' sequence sampling (Saltelli scheme, ``n (D + 2)`` rows) and SALib's estimator.
    Returns parameter, output, S1, S1_conf, ST, ST_conf.
    """
    from SALib.analyze import sobol as sobol_an
    from SALib.sample import sobol as sobol_sa

    problem = {"num_vars": len(bounds), "names": list(bounds), "bounds": list(bounds.values())}
    design = sobol_sa.sample(problem, n, calc_second_order=False, scramble=True, seed=seed)
    outputs = func(design)
    rows = []
    for out in outputs.columns:
        y = outputs[out].to_numpy(dtype=float)
        if not np.nanstd(y) > 1e-9 * (abs(np.nanmean(y)) + 1.0):  # constant output: no index
            continue
        with warnings.catch_warnings():
            # SALib warns when one design block is constant; the indices are still defined.
            warnings.filterwarnings("ignore", message="Constant values encountered")
            with _seeded_global(seed):
                res = sobol_an.analyze(problem, y, calc_second_order=False, seed=seed)
        for j, name in enumerate(problem["names"]):
            rows.append(
                (name, out, res["S1"][j], res["S1_conf"][j], res["ST"][j], res["ST_conf"][j])
            )
    return pd.DataFrame(rows, columns=["parameter", "output", "S1", "S1_conf", "ST", "ST_conf"])


def morris_analysis(
    func: Callable[[np.ndarray], pd.DataFrame],
    bounds: Mapping[str, tuple[float, float]],
    n_trajectories: int = 50,
    num_levels: int = 4,
    seed: int = 0,
) -> pd.DataFrame:
    """Morris elementary effects: parameter, output, mu, mu_star, sigma, mu_star_conf."""
    from SALib.analyze import morris as morris_an
    from SALib.sample import morris as morris_sa

    problem = {"num_vars": len(bounds), "names": list(bounds), "bounds": list(bounds.values())}
    design = morris_sa.sample(problem, n_trajectories, num_levels=num_levels, seed=seed)
    outputs = func(design)
    rows = []
    for out in outputs.columns:
        y = outputs[out].to_numpy(dtype=float)
        with _seeded_global(seed):
            res = morris_an.analyze(problem, design, y, num_levels=num_levels, seed=seed)
        for j, name in enumerate(problem["names"]):
            rows.append(
                (
                    name,
                    out,
                    res["mu"][j],
                    res["mu_star"][j],
                    res["sigma"][j],
                    res["mu_star_conf"][j],
                )
            )
    cols = ["parameter", "output", "mu", "mu_star", "sigma", "mu_star_conf"]
    return pd.DataFrame(rows, columns=cols)


def _model_func(scenario, params, inputs, n_inner, seed, targets, n_jobs, dask_address):
    """``(bounds, func)``: the parameter bounds and ``design -> outputs`` for SALib."""
    inputs = inputs if inputs is not None else _default_inputs()
    scenario = resolve_anchors(scenario, inputs.anchors)[0]
    bounds = _bounds(scenario, params)
    names = list(bounds)

    def func(design: np.ndarray) -> pd.DataFrame:
        return evaluate_design(
            scenario,
            design,
            names,
            inputs=inputs,
            n_inner=n_inner,
            seed=seed,
            targets=targets,
            n_jobs=n_jobs,
            dask_address=dask_address,
        )

    return bounds, func


def sobol(
    scenario: Scenario,
    params: Sequence[str] | Mapping[str, tuple[float, float]] = SUPPLY_PARAMS,
    *,
    inputs: DomainInputs | None = None,
    n: int = 1024,
    n_inner: int = 16,
    seed: int = 0,
    targets: pd.DataFrame | None = None,
    n_jobs: int = 1,
    dask_address: str | None = None,
) -> pd.DataFrame:
    """Sobol indices of the model outputs: scenario, method, parameter, output, S1, ..., ST_conf."""
    bounds, func = _model_func(
        scenario, params, inputs, n_inner, seed, targets, n_jobs, dask_address
    )
    return _tidy(sobol_analysis(func, bounds, n=n, seed=seed), scenario, "sobol")


def morris(
    scenario: Scenario,
    params: Sequence[str] | Mapping[str, tuple[float, float]] = SUPPLY_PARAMS,
    *,
    inputs: DomainInputs | None = None,
    n_trajectories: int = 50,
    n_inner: int = 64,
    seed: int = 0,
    targets: pd.DataFrame | None = None,
    n_jobs: int = 1,
    dask_address: str | None = None,
) -> pd.DataFrame:
    """Morris screening of the model outputs: scenario, method, parameter, output, mu, ..."""
    bounds, func = _model_func(
        scenario, params, inputs, n_inner, seed, targets, n_jobs, dask_address
    )
    return _tidy(morris_analysis(func, bounds, n_trajectories, seed=seed), scenario, "morris")


def _default_inputs() -> DomainInputs:
    from forecasting.domain.inputs import build_inputs_from_datasets

    return build_inputs_from_datasets()
