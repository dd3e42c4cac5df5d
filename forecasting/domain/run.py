"""One entry point: ``run_scenario(scenario) -> ScenarioResult`` (supply, demand, value, balance).

``simulate_model`` is the vectorised core: every float assumption is an array over paths
(``params``: dotted scenario key -> ``(n_paths,)``), so one call runs one scenario (constant
arrays) or a whole sensitivity design (a parameter set per block of paths). Integer-typed keys
(years, seed, path count) are structural and read from the scenario itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from forecasting.domain import balance, demand, levers, project_pipeline, value
from forecasting.domain import price as price_model
from forecasting.domain.anchoring import resolve_anchors
from forecasting.domain.inputs import DomainInputs
from forecasting.domain.known import mask_series, unknown_series
from forecasting.domain.observations import COMPANIES
from forecasting.domain.series_ids import SERIES_METRIC  # re-exported: run.SERIES_METRIC
from forecasting.domain.supply_posterior import (
    SupplyPaths,
    simulate_supply_given,
    simulate_supply_posterior,
)
from forecasting.scenarios import STATUSES, Scenario


def scenario_params(scenario: Scenario, n_paths: int) -> dict[str, np.ndarray]:
    """Every numeric assumption as a constant ``(n_paths,)`` array."""
    return {k: np.full(n_paths, v) for k, v in scenario.flat_numeric().items()}


def apply_history(
    values: np.ndarray, years: np.ndarray, history: Mapping[int, float], last_year: int
) -> np.ndarray:
    """Replace the columns of observed years ``<= last_year`` by the observation (new array)."""
    out = np.array(values, dtype=float)
    for i, year in enumerate(np.asarray(years, dtype=int)):
        if year <= last_year and int(year) in history:
            out[:, i] = history[int(year)]
    return out


def _by_status(params: Mapping[str, np.ndarray], key: str) -> np.ndarray:
    return np.stack([params[f"{key}.{s}"] for s in STATUSES], axis=1)


#: Largest prior pool (paths): above it the pool factor shrinks (10,000 paths: 2 per path).
MAX_POOL_PATHS = 20_000


def _simulate_supply(inputs, scenario, years, params, rng, n, crn_block, pool_factor, given):
    """Posterior supply paths (:mod:`forecasting.domain.supply_posterior`): a pool of
    ``pool_factor`` prior draws per path, conditioned on ``inputs.supply_observations``; or,
    with ``given`` (draws, unlisted uniforms), the paths of those draws unconditioned."""
    cfg = scenario.supply
    pipeline = inputs.pipeline(cfg.include_unknown_status, cfg.undated_status_year)
    params = levers.policy_params(params, scenario.levers)
    if given is not None:
        return simulate_supply_given(pipeline, years, params, cfg, *given)
    block = n if crn_block is None else int(crn_block)
    obs = inputs.supply_observations
    if not cfg.conditioning.enabled or obs is None or obs.empty:
        k = 1  # nothing to condition on: the prior is the posterior
    else:
        k = cfg.conditioning.prior_draws_per_path if pool_factor is None else int(pool_factor)
        k = max(1, min(k, MAX_POOL_PATHS // n)) if crn_block is None else k
    pool_rng = TiledRng(_pool_seed(rng), n * k, block * k)
    n_blocks = n // block
    resample_u = rng.random((2 + len(COMPANIES), n_blocks))
    return simulate_supply_posterior(
        pipeline, years, params, cfg, inputs.supply_observations, pool_rng, resample_u, block, k
    )


def _pool_seed(rng: TiledRng) -> int:
    """A seed for the prior pool, drawn from the run's generator (same seed, same pool)."""
    return int(rng.random((1, 1))[0, 0] * 2**31)


def _simulate_demand(inputs, scenario, years, params, z, region, sales=None, z_rate=None):
    """EV sales, battery demand (GWh/yr, total and by powertrain) and lithium demand (t LCE)
    of one region, keyed by unique_id (see :mod:`forecasting.domain.demand`)."""
    cfg = getattr(scenario.demand, region)
    p = f"demand.{region}."
    sat = params[p + "ev_sales_saturation_units"] * np.exp(params[p + "saturation_log_sd"] * z)
    sat = np.maximum(sat, params[p + "ev_sales_base_units"])
    if sales is None:
        rate = params[p + "growth_rate_per_year"]
        if z_rate is not None:
            rate = np.maximum(rate + params[p + "growth_rate_sd_per_year"] * z_rate, 0.0)
        sales = demand.logistic_sales(
            years, cfg.base_year, params[p + "ev_sales_base_units"][:, None], sat, rate
        )
    sales = apply_history(
        sales, years, inputs.history.get(f"{region}_ev_sales_units", {}), cfg.base_year
    )
    end = scenario.demand.trend_end_year
    bev = demand.linear_share(
        years, cfg.base_year, params[p + "bev_share_base"], end, params[p + "bev_share_end"]
    )
    growth = {
        "BEV": params[p + "battery_kwh_growth_bev_per_year"],
        "PHEV": params[p + "battery_kwh_growth_phev_per_year"],
    }
    battery = inputs.batteries[region]
    kg = demand.lithium_per_vehicle_kg(
        years,
        battery,
        bev,
        growth,
        params[p + "lfp_share_end"],
        params[p + "sodium_ion_share_end"],
        end,
    )
    ev = demand.ev_lithium_demand_t_lce(sales, kg)
    gwh = demand.battery_demand_by_powertrain_gwh(
        sales, bev, demand.battery_kwh_per_vehicle(years, battery, growth)
    )
    out = {f"{region}_ev_sales_units": sales}
    out.update({f"{region}_{pt.lower()}_battery_demand_gwh": v for pt, v in gwh.items()})
    out[f"{region}_ev_battery_demand_gwh"] = gwh["BEV"] + gwh["PHEV"]
    out[f"{region}_ev_lithium_demand_t_lce"] = ev
    out[f"{region}_lithium_demand_t_lce"] = (
        ev * (1.0 + params[p + "other_demand_share_of_ev"][:, None])
        + params[p + "non_battery_demand_t_lce"][:, None]
    )
    return out


def _simulate_value(inputs, scenario, years, params, rng, output, n):
    price_cfg = scenario.value.price
    level = params[f"value.price.levels_cny_per_t.{price_cfg.scenario}"]
    price = price_model.simulate_price_cny_per_t(
        years,
        rng.random((n, len(years))),
        anchor_year=price_cfg.anchor_year,
        anchor_month=price_cfg.anchor_month,
        anchor_cny_per_t=params["value.price.anchor_cny_per_t"],
        level_cny_per_t=level,
        half_life_years=params["value.price.half_life_years"],
        sigma_log=params["value.price.volatility_log_sd"],
        tail_df=price_cfg.tail_df,
        history_cny_per_t=inputs.price_history_cny_per_t,
        anchor_year_months=price_cfg.anchor_month,
        explicit_cny_per_t=price_cfg.path_cny_per_t,
    )
    cells = scenario.value.cells
    cap_gwh = value.cell_capacity_gwh(
        years,
        rng.random(n),
        base_year=cells.base_year,
        capacity_base_gwh=params["value.cells.capacity_base_gwh"],
        end_year=cells.end_year,
        capacity_end_gwh=params["value.cells.capacity_end_gwh"],
        half_width=params["value.cells.capacity_half_width"],
    )
    if not cells.enabled:
        cap_gwh = np.zeros_like(cap_gwh)
    cell_out = cap_gwh * params["value.cells.utilisation_mean"][:, None]
    cell_val = value.cell_value_bn_cny(cell_out, params["value.cells.price_cny_per_kwh"])
    carb = value.carbonate_value_bn_cny(output, price)
    ref = params["value.price.reference_price_cny_per_t"][:, None]
    return {
        "lithium_carbonate_price_cny_per_t": price,
        "qinghai_cell_capacity_gwh": cap_gwh,
        "qinghai_carbonate_value_bn_cny": carb,
        "qinghai_cell_value_bn_cny": cell_val,
        "qinghai_output_value_bn_cny": carb + cell_val,
        "qinghai_output_value_at_reference_price_bn_cny": value.carbonate_value_bn_cny(output, ref)
        + cell_val,
    }


def _simulate_balance(inputs, scenario, years, params, z, out):
    """World supply paths (observed up to the base year) and the balance/share series."""
    world = balance.world_supply_t_lce(
        years,
        z,
        base_year=scenario.balance.world_supply_base_year,
        base_t_lce=params["balance.world_supply_base_t_lce"],
        growth_per_year=params["balance.world_supply_growth_per_year"],
        growth_sd=params["balance.world_supply_growth_sd"],
    )
    hist = inputs.history.get("world_lithium_supply_t_lce", {})
    world = apply_history(world, years, hist, scenario.balance.world_supply_base_year)
    return balance.simulate_balance(
        world,
        out["qinghai_output_t_lce"],
        out["china_lithium_demand_t_lce"],
        out["world_lithium_demand_t_lce"],
    )


class TiledRng:
    """Draws ``block`` rows from a seeded generator and repeats them down to ``n`` rows.

    With paths ordered ``sample * block + inner``, every parameter sample sees the same
    ``block`` random futures (common random numbers), so differences between samples come from
    the parameters, not from sampling noise.
    """

    def __init__(self, seed: int, n: int, block: int | None = None) -> None:
        self._rng = np.random.default_rng(seed)
        self._block = n if block is None else int(block)
        if self._block < 1 or n % self._block:
            raise ValueError(f"n_paths {n} is not a multiple of the block size {self._block}")
        self._reps = n // self._block

    def _tile(self, arr: np.ndarray) -> np.ndarray:
        return arr if self._reps == 1 else np.tile(arr, (self._reps,) + (1,) * (arr.ndim - 1))

    def random(self, shape: int | tuple[int, ...]) -> np.ndarray:
        shape = (shape,) if isinstance(shape, int) else shape
        return self._tile(self._rng.random((self._block, *shape[1:])))

    def standard_normal(self, shape: int | tuple[int, ...]) -> np.ndarray:
        shape = (shape,) if isinstance(shape, int) else shape
        return self._tile(self._rng.standard_normal((self._block, *shape[1:])))


def simulate_model(
    inputs: DomainInputs,
    scenario: Scenario,
    years: np.ndarray,
    params: Mapping[str, np.ndarray],
    seed: int,
    crn_block: int | None = None,
    sales_paths: Mapping[str, np.ndarray] | None = None,
    pool_factor: int | None = None,
    supply_out: list | None = None,
    supply_draws: tuple | None = None,
) -> dict[str, np.ndarray]:
    """All series of :data:`SERIES_METRIC` as ``(n_paths, n_years)`` arrays.

    ``sales_paths`` (region -> EV sales paths) replaces the logistic curve of those regions.
    ``pool_factor``: prior draws per supply path (default: the scenario's
    ``supply.conditioning.prior_draws_per_path``); ``supply_out``: a list that receives the
    :class:`~forecasting.domain.supply_posterior.SupplyPaths` (company paths, diagnostics).
    ``supply_draws``: ``(SupplyDraws, unlisted uniforms)`` with ``n_paths`` rows to use instead
    of conditioning (a sensitivity design reuses the base posterior's draws).

    Random numbers are drawn in a fixed order from ``np.random.default_rng(seed)``, so the same
    seed gives the same draws whatever the parameter values. With ``crn_block`` the draws of
    the first ``crn_block`` paths repeat for every following block (see :class:`TiledRng`).
    """
    years = np.asarray(years, dtype=int)
    n = len(params["supply.utilisation_mean"])
    rng = TiledRng(seed, n, crn_block)
    sup = _simulate_supply(
        inputs, scenario, years, params, rng, n, crn_block, pool_factor, supply_draws
    )
    lever_rng = TiledRng(seed + LEVER_SEED_OFFSET, n, crn_block)
    capacity, output = levers.apply_supply_levers(sup, years, params, scenario.levers, lever_rng)
    if supply_out is not None:
        supply_out.append(sup)
    z = rng.standard_normal((n, 3))
    out: dict[str, np.ndarray] = {
        "qinghai_capacity_t_lce": capacity,
        "qinghai_output_t_lce": output,
    }
    z_rate = None
    for j, region in enumerate(("china", "world")):
        given = (sales_paths or {}).get(region)
        if given is None and z_rate is None:
            z_rate = rng.standard_normal((n, 2))
        zr = None if given is not None else z_rate[:, j]
        out.update(_simulate_demand(inputs, scenario, years, params, z[:, j], region, given, zr))
    out.update(_simulate_balance(inputs, scenario, years, params, z[:, 2], out))
    out.update(_simulate_value(inputs, scenario, years, params, rng, output, n))
    out.update(_simulate_recycling(inputs, scenario, years, params, out))
    return {k: out[k] for k in SERIES_METRIC}


#: Offset of the levers' own generator (halts) from the run's seed: the levers never shift
#: the draws of the rest of the model.
LEVER_SEED_OFFSET = 7919


def _simulate_recycling(inputs, scenario, years, params, out):
    """Recycled LCE in China and what it leaves for primary supply (lever 4); a Qinghai share
    of the recycled LCE adds to Qinghai's output value at the path's price."""
    rec = scenario.levers.recycling
    gwh = out["china_ev_battery_demand_gwh"]
    with np.errstate(divide="ignore", invalid="ignore"):
        kg_per_kwh = np.where(
            gwh > 0, out["china_ev_lithium_demand_t_lce"] * 1e3 / (gwh * 1e6), 0.0
        )
    history = inputs.history.get("china_ev_battery_demand_gwh", {})
    recycled = levers.recycled_lithium_t_lce(years, gwh, kg_per_kwh, params, rec, history)
    primary = out["china_lithium_demand_t_lce"] - recycled
    res = {
        "china_recycled_lithium_t_lce": recycled,
        "china_primary_lithium_demand_t_lce": primary,
        "qinghai_share_of_china_primary_demand": out["qinghai_output_t_lce"] / primary,
    }
    if np.any(params["levers.recycling.qinghai_share_of_recycling"] > 0):
        extra = value.carbonate_value_bn_cny(
            recycled * params["levers.recycling.qinghai_share_of_recycling"][:, None],
            out["lithium_carbonate_price_cny_per_t"],
        )
        res["qinghai_output_value_bn_cny"] = out["qinghai_output_value_bn_cny"] + extra
    return res


@dataclass(frozen=True)
class ScenarioResult:
    """Sample paths of one scenario: ``paths[unique_id]`` is ``(n_paths, n_years)``."""

    scenario: Scenario
    years: np.ndarray
    paths: dict[str, np.ndarray]
    seed: int
    #: What the scenario's ``from_data`` keys resolved to (see
    #: :func:`forecasting.domain.anchoring.resolve_anchors`): key, value, unit, series,
    #: observation_date, source_id, known_at_as_of. Empty when every anchor was a number.
    anchors_used: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Company paths, conditioning diagnostics and prior-vs-posterior supply latents.
    supply: SupplyPaths | None = None

    @property
    def name(self) -> str:
        return self.scenario.name

    def summary(self) -> pd.DataFrame:
        """Tidy: scenario, metric, unique_id, year, mean, p10, p50, p90, lo_95, hi_95."""
        from forecasting.domain.result_tables import summary_frame

        return summary_frame(self)

    def target_table(self, targets: pd.DataFrame) -> pd.DataFrame:
        """One row per matched target (:func:`forecasting.domain.result_tables.target_table`)."""
        from forecasting.domain.result_tables import target_table

        return target_table(self, targets)

    def target_years_table(self, targets: pd.DataFrame) -> pd.DataFrame:
        """P(met in year t) and P(reached by t) for every matched target and simulated year."""
        from forecasting.domain.result_tables import target_years_table

        return target_years_table(self, targets)

    def targets_not_modelled(self, targets: pd.DataFrame) -> pd.DataFrame:
        """Registry targets no series answers, with the reason (see
        :func:`forecasting.domain.result_tables.unmodelled_targets`)."""
        from forecasting.domain.result_tables import unmodelled_targets

        return unmodelled_targets(targets, int(self.years[0]))

    def anchor_table(self, observed: pd.DataFrame) -> pd.DataFrame:
        """Capacity/output paths against observed points (``project_pipeline.anchor_table``)."""
        return project_pipeline.anchor_table(self.years, self.paths, observed)

    def value_decomposition(self) -> pd.DataFrame:
        """Output value at actual vs constant reference price (volume vs price effect)."""
        from forecasting.domain.result_tables import value_decomposition

        return value_decomposition(self)


def run_scenario(
    scenario: Scenario,
    n_paths: int | None = None,
    seed: int | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    inputs: DomainInputs | None = None,
) -> ScenarioResult:
    """Simulate one scenario. Unset arguments come from ``scenario.simulation``; ``inputs``
    defaults to the bundled datasets (:func:`build_inputs_from_datasets`). ``from_data`` keys
    take the observations in ``inputs.anchors``; the result holds the resolved scenario and
    the ``anchors_used`` table."""
    sim = scenario.simulation
    n = int(n_paths if n_paths is not None else sim.n_paths)
    s = int(seed if seed is not None else sim.seed)
    y0 = int(start_year if start_year is not None else sim.start_year)
    y1 = int(end_year if end_year is not None else sim.end_year)
    if n < 1 or y1 < y0:
        from forecasting.errors import ScenarioError

        raise ScenarioError(f"need n_paths >= 1 and end_year >= start_year; got {n}, {y0}-{y1}")
    if inputs is None:
        from forecasting.domain.inputs import build_inputs_from_datasets

        inputs = build_inputs_from_datasets()
    scenario, anchors_used = resolve_anchors(scenario, inputs.anchors)
    unknown = unknown_series(anchors_used)
    years = np.arange(y0, y1 + 1)
    sales = {}
    for j, region in enumerate(("china", "world")):
        cfg = getattr(scenario.demand, region)
        if cfg.sales_source == "engine":
            from forecasting.domain.engine_sales import engine_sales_paths

            hist = inputs.history.get(f"{region}_ev_sales_units", {})
            sales[region] = engine_sales_paths(hist, cfg, years, n, s + j, region)
    sup: list = []
    params = scenario_params(scenario, n)
    paths = simulate_model(inputs, scenario, years, params, s, None, sales, supply_out=sup)
    paths = mask_series(paths, unknown)
    return ScenarioResult(scenario, years, paths, s, anchors_used, sup[0])
