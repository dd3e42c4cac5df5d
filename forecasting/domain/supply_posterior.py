"""Qinghai supply paths conditioned on the observations known at ``as_of``.

Prior (per pool path ``i``, t LCE/yr)::

    capacity_it = sum_p N_p C_ip run_ipt + U_it            (listed projects + unlisted block)
    output_it   = sum_p N_p C_ip u_ip ramp_ipt + U_it v_i

with the project terms of :func:`forecasting.domain.project_pipeline.project_terms`, the
unlisted block ``U`` of :func:`forecasting.domain.project_pipeline.unlisted_capacity_t_lce` and
``v_i`` a utilisation draw like the projects'. Simulated from ``supply.history_start_year`` so
that old observations (2009 output, 2016 capacity) constrain the paths, then cut to the years
asked for.

The posterior keeps ``n`` of the ``k n`` pool paths (:mod:`forecasting.domain.conditioning`):
companies first (their own output and capacity), then the province. The result also carries
company paths (``company_<id>_capacity_t_lce`` / ``_output_t_lce``), the conditioning
diagnostics and a prior-vs-posterior table of the supply latents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from forecasting.domain import conditioning as cond
from forecasting.domain.observations import COMPANIES, company_of
from forecasting.domain.project_pipeline import (
    Pipeline,
    SupplyDraws,
    project_output,
    project_terms,
    unlisted_capacity_t_lce,
)
from forecasting.scenarios import STATUSES

PROVINCE_SERIES = ("qinghai_capacity_t_lce", "qinghai_output_t_lce")


@dataclass(frozen=True)
class SupplyPaths:
    """Posterior supply paths (``(n, n_years)`` each) and what conditioning did."""

    capacity: np.ndarray
    output: np.ndarray
    company: dict[str, np.ndarray] = field(default_factory=dict)
    #: observations used, ESS share and tempering power per stage (stage, n_obs, ess, tau)
    diagnostics: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: latent, stage (prior | posterior), mean, p10, p50, p90
    latents: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Per listed project ``(n, n_projects, n_years)``: capacity and output; the unlisted
    #: block's ``(n, n_years)`` capacity and output; listed nameplates ``(n_projects,)``.
    project_capacity: np.ndarray | None = None
    project_output: np.ndarray | None = None
    unlisted_capacity: np.ndarray | None = None
    unlisted_output: np.ndarray | None = None
    nameplate_t_lce: np.ndarray | None = None
    #: The kept paths' draws (project draws and unlisted uniforms): a sweep reuses them
    #: (:func:`simulate_supply_given`) instead of conditioning every parameter set again.
    draws: SupplyDraws | None = None
    unlisted_u: np.ndarray | None = None


def _by_status(params: Mapping[str, np.ndarray], key: str) -> np.ndarray:
    return np.stack([params[f"{key}.{s}"] for s in STATUSES], axis=1)


class _PoolModel:
    """Evaluates the prior on the pool for given draws (arrays over pool paths)."""

    def __init__(self, pipeline: Pipeline, years: np.ndarray, params, supply_cfg) -> None:
        self.pipeline, self.years, self.p, self.cfg = pipeline, years, params, supply_cfg
        names = pipeline.operator or pipeline.project_id
        self.company = np.array([company_of(o) or "" for o in names])

    def run(
        self, draws: SupplyDraws, unl_u: np.ndarray, detail: bool = False
    ) -> dict[str, np.ndarray]:
        """Totals and company series ``(n, t)``; with ``detail`` also the per-project arrays
        (keys ``_project_capacity``, ``_project_output``, ``_unlisted_capacity``,
        ``_unlisted_output``)."""
        p, cfg = self.p, self.cfg
        size, ramp, running, util = project_terms(
            self.pipeline,
            self.years,
            draws,
            completion_probability=_by_status(p, "supply.completion_probability"),
            mean_delay_years=_by_status(p, "supply.mean_delay_years"),
            start_lag_years=_by_status(p, "supply.start_lag_years"),
            ramp_years=p["supply.ramp_years_to_nameplate"],
            utilisation_mean=p["supply.utilisation_mean"],
            utilisation_half_width=p["supply.utilisation_half_width"],
            max_utilisation=cfg.max_utilisation,
            nameplate_factor=(p["supply.nameplate_factor_low"], p["supply.nameplate_factor_high"]),
            utilisation_year_log_sd=p["supply.utilisation_year_log_sd"],
            utilisation_year_autocorrelation=cfg.utilisation_year_autocorrelation,
            operating_start_spread_years=p["supply.operating_start_spread_years"],
        )
        run_cap = ramp if cfg.capacity_ramps else running
        cap_p = size[:, :, None] * run_cap
        out_p = project_output(size, util, ramp)
        unl = self.unlisted(unl_u)
        v = np.clip(
            p["supply.utilisation_mean"]
            + p["supply.utilisation_half_width"] * (2 * unl_u[:, 2] - 1),
            0.0,
            cfg.max_utilisation,
        )
        out = {
            "qinghai_capacity_t_lce": cap_p.sum(axis=1) + unl,
            "qinghai_output_t_lce": out_p.sum(axis=1) + unl * v[:, None],
        }
        if detail:
            out.update(
                _project_capacity=cap_p,
                _project_output=out_p,
                _unlisted_capacity=unl,
                _unlisted_output=unl * v[:, None],
            )
        for cid in COMPANIES:
            cols = self.company == cid
            if cols.any():
                out[f"company_{cid}_capacity_t_lce"] = cap_p[:, cols].sum(axis=1)
                out[f"company_{cid}_output_t_lce"] = out_p[:, cols].sum(axis=1)
        return out

    def unlisted(self, unl_u: np.ndarray) -> np.ndarray:
        p, u = self.p, self.cfg.unlisted
        return unlisted_capacity_t_lce(
            self.years,
            unl_u,
            base_year=u.base_year,
            base_low_t_lce=p["supply.unlisted.capacity_base_low_t_lce"],
            base_high_t_lce=p["supply.unlisted.capacity_base_high_t_lce"],
            growth_low_t_lce=p["supply.unlisted.growth_low_t_lce_per_year"],
            growth_high_t_lce=p["supply.unlisted.growth_high_t_lce_per_year"],
        )


def simulate_supply_posterior(
    pipeline: Pipeline,
    years: np.ndarray,
    params: Mapping[str, np.ndarray],
    supply_cfg,
    observations: pd.DataFrame | None,
    pool_rng,
    resample_u: np.ndarray,
    block: int,
    k: int,
) -> SupplyPaths:
    """Posterior supply paths for ``years`` (module equations). ``params``: ``(n,)`` arrays;
    ``pool_rng``: draws ``(k n, ...)`` uniforms tiled per pool block of ``k block`` rows;
    ``resample_u``: ``(2 + n_companies, n_blocks)`` uniforms for the systematic resampling."""
    years = np.asarray(years, dtype=int)
    n = len(params["supply.utilisation_mean"])
    obs = observations if observations is not None else pd.DataFrame()
    if not supply_cfg.conditioning.enabled:
        obs = pd.DataFrame()
    sim_years = np.arange(min(supply_cfg.history_start_year, int(years[0])), int(years[-1]) + 1)
    pool_p = {key: np.repeat(np.asarray(v), k) for key, v in params.items()}
    model = _PoolModel(pipeline, sim_years, pool_p, supply_cfg)
    draws = SupplyDraws.draw(pool_rng, n * k, pipeline.n_projects, sim_years.size)
    draws0 = draws
    unl_u = pool_rng.random((n * k, 3))
    prior = model.run(draws, unl_u)
    diag, min_ess = [], supply_cfg.conditioning.min_ess_share
    if k > 1 or not obs.empty:
        for j, cid in enumerate(COMPANIES):
            mine = obs[obs["series"].str.startswith(f"company_{cid}_")]
            cols = np.flatnonzero(model.company == cid)
            if mine.empty or cols.size == 0:
                continue
            ll = cond.log_likelihood(mine, sim_years, prior)
            res = cond.resample_blocks(ll, 1, k * block, min_ess, resample_u[2 + j])
            draws = SupplyDraws(*cond.resample_columns(draws.arrays(), cols, res.index))
            diag.append((f"company {cid}", len(mine), res.ess_share, res.tempering))
        posterior_pool = model.run(draws, unl_u, detail=True)
        prov = obs[obs["series"].isin(PROVINCE_SERIES)]
        ll = cond.log_likelihood(prov, sim_years, posterior_pool)
        res = cond.resample_blocks(ll, k, block, min_ess, resample_u[0])
        diag.append(("province", len(prov), res.ess_share, res.tempering))
        index = res.index
    else:
        posterior_pool, index = model.run(draws, unl_u, detail=True), np.arange(n)
    keep = slice(int(np.flatnonzero(sim_years == years[0])[0]), None)  # years end the range
    series = {key: arr[index][..., keep] for key, arr in posterior_pool.items()}
    latents = _latent_table(model, unl_u, index, draws0, draws)
    detail = {key: series.pop(key) for key in list(series) if key.startswith("_")}
    return SupplyPaths(
        series.pop("qinghai_capacity_t_lce"),
        series.pop("qinghai_output_t_lce"),
        series,
        pd.DataFrame(diag, columns=["stage", "n_observations", "ess_share", "tempering"]),
        latents,
        detail["_project_capacity"],
        detail["_project_output"],
        detail["_unlisted_capacity"],
        detail["_unlisted_output"],
        pipeline.nameplate_t_lce,
        SupplyDraws(*[None if a is None else a[index] for a in draws.arrays()]),
        unl_u[index],
    )


def simulate_supply_given(
    pipeline: Pipeline,
    years: np.ndarray,
    params: Mapping[str, np.ndarray],
    supply_cfg,
    draws: SupplyDraws,
    unlisted_u: np.ndarray,
) -> SupplyPaths:
    """Supply paths from given draws (e.g. a base posterior's, tiled over a sensitivity
    design) without conditioning: the history the draws were selected on is kept fixed while
    the assumptions move."""
    years = np.asarray(years, dtype=int)
    sim_years = np.arange(min(supply_cfg.history_start_year, int(years[0])), int(years[-1]) + 1)
    model = _PoolModel(pipeline, sim_years, params, supply_cfg)
    keep = slice(int(np.flatnonzero(sim_years == years[0])[0]), None)  # views, no copies
    series = {k: a[..., keep] for k, a in model.run(draws, unlisted_u, detail=True).items()}
    detail = {key: series.pop(key) for key in list(series) if key.startswith("_")}
    return SupplyPaths(
        series.pop("qinghai_capacity_t_lce"),
        series.pop("qinghai_output_t_lce"),
        series,
        project_capacity=detail["_project_capacity"],
        project_output=detail["_project_output"],
        unlisted_capacity=detail["_unlisted_capacity"],
        unlisted_output=detail["_unlisted_output"],
        nameplate_t_lce=pipeline.nameplate_t_lce,
        draws=draws,
        unlisted_u=unlisted_u,
    )


def _summ(name: str, stage: str, x: np.ndarray) -> tuple:
    q = np.quantile(x, [0.1, 0.5, 0.9]) if x.size else (np.nan,) * 3
    return (name, stage, float(np.mean(x)) if x.size else np.nan, *map(float, q))


def _latents(model: _PoolModel, unl_u: np.ndarray, draws: SupplyDraws) -> dict[str, np.ndarray]:
    """Per pool path: the unlisted block's base size and growth (t LCE/yr), each company's mean
    utilisation and the mean effective-to-listed nameplate factor."""
    p, cfg = model.p, model.cfg
    lo_a = p["supply.unlisted.capacity_base_low_t_lce"]
    hi_a = p["supply.unlisted.capacity_base_high_t_lce"]
    lo_b = p["supply.unlisted.growth_low_t_lce_per_year"]
    hi_b = p["supply.unlisted.growth_high_t_lce_per_year"]
    half = p["supply.utilisation_half_width"][:, None]
    util = np.clip(
        p["supply.utilisation_mean"][:, None] + half * (2 * draws.utilisation - 1),
        0.0,
        cfg.max_utilisation,
    )
    out = {
        "unlisted_capacity_base_t_lce": lo_a + (hi_a - lo_a) * unl_u[:, 0],
        "unlisted_growth_t_lce_per_year": lo_b + (hi_b - lo_b) * unl_u[:, 1],
    }
    for cid in COMPANIES:
        cols = model.company == cid
        if cols.any():
            out[f"utilisation_{cid}"] = util[:, cols].mean(axis=1)
    if draws.nameplate is not None:
        lo_m = p["supply.nameplate_factor_low"][:, None]
        hi_m = p["supply.nameplate_factor_high"][:, None]
        out["nameplate_factor_mean"] = (lo_m + (hi_m - lo_m) * draws.nameplate).mean(axis=1)
    return out


def _latent_table(model, unl_u, index, prior_draws, draws) -> pd.DataFrame:
    """``latent, stage, mean, p10, p50, p90``: prior (the whole pool before conditioning) and
    posterior (the kept paths): what the observations rule out."""
    prior = _latents(model, unl_u, prior_draws)
    post = _latents(model, unl_u, draws)
    rows = []
    for name, vals in prior.items():
        rows.append(_summ(name, "prior", vals))
        rows.append(_summ(name, "posterior", post[name][index]))
    return pd.DataFrame(rows, columns=["latent", "stage", "mean", "p10", "p50", "p90"])
