"""Bottom-up Qinghai lithium carbonate supply: a project-by-project Monte Carlo.

For path ``i``, project ``p`` (nameplate ``N_p`` t LCE/yr, status ``s_p``) and year ``t``::

    start_ip    = start_year_p                         if the pipeline gives a start year
                = status_year_p + lag[s_p]             otherwise (the scenario's stated rule)
    D_ip        ~ Geometric on {0, 1, 2, ...} with mean m[s_p]      (slippage, whole years)
    C_ip        ~ Bernoulli(q[s_p])                                  (ever completed)
    k           = t - (start_ip + D_ip)                              (years since first output)
    ramp(k)     = 0 if k < 0, else min(1, (k + 1) / (R + 1))  (R = years to nameplate; R = 0 for
                  projects already operating)
    u_ip        = clip(u_mean + h (2 U - 1), 0, 1),  U ~ Uniform(0, 1)   (utilisation)

    capacity_it = sum_p N_p C_ip 1[k >= 0]            (or ``N_p C_ip ramp(k)`` if capacity ramps)
    output_it   = sum_p N_p C_ip ramp(k) u_ip

Because ``ramp <= 1[k >= 0]`` and ``u <= 1``, ``output <= capacity`` on every path by construction
when the nameplate factor is 1; with an effective-to-listed factor ``m`` (see
:func:`project_terms`) output is at most ``m`` times the listed capacity.
Every parameter may be an array over paths, so the same code runs one scenario (parameters
constant over paths) or a whole sensitivity design (one parameter set per block of paths).
All quantities are t LCE per year. ``N_p`` is the loader's ``nameplate_t_lce_per_year``: a
mixed project counts its lithium chloride part in LCE too (the Salt Lake 40 kt/yr project:
20,000 t Li2CO3 + 20,000 t LiCl x LICL_TO_LCE = 37,431 t LCE), so "capacity" here is lithium
salt capacity in LCE; a carbonate-only reading of the targets would be 17,431 t lower once that
project runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecasting.errors import DataValidationError, ForecastingError
from forecasting.scenarios import STATUSES

#: Upper bound on a simulated delay (years); keeps the geometric tail finite.
MAX_DELAY_YEARS = 60
PIPELINE_COLUMNS = (
    "project_id",
    "nameplate_t_lce_per_year",
    "status",
    "status_year",
    "start_year",
    "include_in_pipeline",
)


@dataclass(frozen=True)
class Pipeline:
    """The projects that enter the Monte Carlo (arrays of length ``n_projects``)."""

    project_id: tuple[str, ...]
    nameplate_t_lce: np.ndarray
    status_index: np.ndarray
    start_year: np.ndarray
    status_year: np.ndarray
    #: Operator of each project (company grouping for company-level observations).
    operator: tuple[str, ...] = ()
    #: First year with reported output (an upper bound on the start year; NaN if none).
    first_output_year: np.ndarray | None = None

    @property
    def n_projects(self) -> int:
        return len(self.project_id)


@dataclass(frozen=True)
class SupplyDraws:
    """Draws fixed before any parameter is set: uniforms ``(n_paths, n_projects)`` for
    completion, delay, utilisation and (optionally) the nameplate factor, and standard normals
    ``(n_paths, n_projects, n_years)`` for the year-to-year utilisation swing (optional)."""

    complete: np.ndarray
    delay: np.ndarray
    utilisation: np.ndarray
    nameplate: np.ndarray | None = None
    year_noise: np.ndarray | None = None
    ramp: np.ndarray | None = None

    @classmethod
    def draw(
        cls, rng: np.random.Generator, n_paths: int, n_projects: int, n_years: int = 0
    ) -> SupplyDraws:
        shape = (n_paths, n_projects)
        base = (rng.random(shape), rng.random(shape), rng.random(shape))
        if not n_years:
            return cls(*base)
        noise = rng.standard_normal((n_paths, n_projects, n_years))
        return cls(*base, rng.random(shape), noise, rng.random(shape))

    def arrays(self) -> list[np.ndarray | None]:
        """The draw arrays in field order (for resampling)."""
        return [
            self.complete,
            self.delay,
            self.utilisation,
            self.nameplate,
            self.year_noise,
            self.ramp,
        ]


def build_pipeline(
    projects: pd.DataFrame, include_unknown: bool = False, undated_status_year: int | None = None
) -> Pipeline:
    """Select the modelled projects from the ``load_qinghai_projects()`` frame.

    Keeps rows with ``include_in_pipeline`` true (and status ``unknown`` only if asked).
    A kept row needs a nameplate > 0 and a start year or a status year; a row with neither
    gets ``undated_status_year`` as its status year (the scenario's stated rule) or, if that is
    None, a :class:`DataValidationError` naming the project.
    """
    missing = [c for c in PIPELINE_COLUMNS if c not in projects.columns]
    if missing:
        raise DataValidationError(f"project pipeline lacks columns {missing}")
    keep = projects[projects["include_in_pipeline"].fillna(False).astype(bool)]
    bad_status = sorted(set(keep["status"]) - set(STATUSES))
    if bad_status:
        raise DataValidationError(
            f"project pipeline: unknown status {bad_status}; expected one of {list(STATUSES)}"
        )
    if not include_unknown:
        keep = keep[keep["status"] != "unknown"]
    nameplate = pd.to_numeric(keep["nameplate_t_lce_per_year"], errors="coerce")
    for pid, val, start, year in zip(
        keep["project_id"], nameplate, keep["start_year"], keep["status_year"], strict=True
    ):
        if not (val > 0):
            raise DataValidationError(
                f"project {pid!r}: column 'nameplate_t_lce_per_year' = {val} must be > 0"
            )
        if pd.isna(start) and pd.isna(year) and undated_status_year is None:
            raise DataValidationError(
                f"project {pid!r}: needs 'start_year' or 'status_year' to be placed in time"
            )
    if keep.empty:
        raise DataValidationError("project pipeline: no project is included in the model")
    start = pd.to_numeric(keep["start_year"]).to_numpy(dtype=float, na_value=np.nan)
    status_year = pd.to_numeric(keep["status_year"]).to_numpy(dtype=float, na_value=np.nan)
    undated = np.isnan(start) & np.isnan(status_year)
    status_year[undated] = np.nan if undated_status_year is None else float(undated_status_year)
    first = np.full(len(keep), np.nan)
    if "first_output_year" in keep.columns:
        first = pd.to_numeric(keep["first_output_year"]).to_numpy(dtype=float, na_value=np.nan)
    name_col = next((c for c in ("producer", "operator") if c in keep.columns), "project_id")
    operators = keep[name_col]
    return Pipeline(
        project_id=tuple(str(p) for p in keep["project_id"]),
        nameplate_t_lce=nameplate.to_numpy(dtype=float),
        status_index=keep["status"].map(STATUSES.index).to_numpy(dtype=int),
        start_year=start,
        status_year=status_year,
        operator=tuple(str(o) for o in operators),
        first_output_year=first,
    )


def geometric_delay_years(u: np.ndarray, mean_years: np.ndarray) -> np.ndarray:
    """Inverse-CDF draw of a geometric delay on {0, 1, ...} with the given mean (years).

    ``P(D = k) = (1 - q) q^k`` with ``q = m / (1 + m)``, so ``E[D] = m``;
    ``D = floor(log(1 - U) / log(q))``. A mean of 0 gives no delay.
    """
    mean = np.broadcast_to(np.asarray(mean_years, dtype=float), u.shape)
    q = mean / (1.0 + mean)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.floor(np.log1p(-u) / np.log(q))
    d = np.where(mean > 0, d, 0.0)
    return np.clip(np.nan_to_num(d, nan=0.0, posinf=MAX_DELAY_YEARS), 0, MAX_DELAY_YEARS)


def _per_project(by_status: np.ndarray, pipeline: Pipeline, n_paths: int) -> np.ndarray:
    """``(n_paths, n_status)`` or ``(n_status,)`` parameters -> ``(n_paths, n_projects)``."""
    arr = np.asarray(by_status, dtype=float)
    if arr.ndim == 1:
        arr = np.broadcast_to(arr, (n_paths, arr.size))
    return arr[:, pipeline.status_index]


def _col(x: float | np.ndarray, n_paths: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(x, dtype=float), (n_paths,))[:, None]


def simulate_supply(
    pipeline: Pipeline,
    years: np.ndarray,
    draws: SupplyDraws,
    *,
    capacity_ramps: bool = False,
    **terms: float | np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Capacity and output paths, each ``(n_paths, n_years)`` in t LCE/yr (equations above).

    ``terms`` are the keyword arguments of :func:`project_terms` (completion probability,
    delays and lags by status, ramp years, utilisation, ...). Status-keyed parameters have shape
    ``(6,)`` or ``(n_paths, 6)`` in the order of :data:`forecasting.scenarios.STATUSES`;
    scalars may be floats or ``(n_paths,)`` arrays.
    """
    size, ramp, running, util = project_terms(pipeline, years, draws, **terms)
    capacity = np.einsum("ip,ipt->it", size, ramp if capacity_ramps else running)
    return capacity, project_output(size, util, ramp).sum(axis=1)


def ar1_over_years(e: np.ndarray, rho: float) -> np.ndarray:
    """Unit-variance AR(1) along the last axis from iid standard normals ``e``:
    ``z_0 = e_0``, ``z_t = rho z_{t-1} + sqrt(1 - rho^2) e_t`` (a linear filter, then the start
    corrected: the filter starts from 0 and gives ``sqrt(1 - rho^2) e_0`` at t = 0)."""
    from scipy.signal import lfilter

    scale = np.sqrt(1.0 - rho**2)
    z = lfilter([scale], [1.0, -rho], e, axis=-1)
    decay = rho ** np.arange(e.shape[-1])
    return z + (1.0 - scale) * e[..., :1] * decay


def project_output(size: np.ndarray, util: np.ndarray, ramp: np.ndarray) -> np.ndarray:
    """Per-project output ``(n, p, t)``: ``size u ramp`` (``u`` per project or per year)."""
    u = util if util.ndim == 3 else util[:, :, None]
    return size[:, :, None] * u * ramp


def project_terms(
    pipeline: Pipeline,
    years: np.ndarray,
    draws: SupplyDraws,
    *,
    completion_probability: np.ndarray,
    mean_delay_years: np.ndarray,
    start_lag_years: np.ndarray,
    ramp_years: float | np.ndarray,
    utilisation_mean: float | np.ndarray,
    utilisation_half_width: float | np.ndarray,
    max_utilisation: float = 1.0,
    nameplate_factor: tuple[float | np.ndarray, float | np.ndarray] = (1.0, 1.0),
    utilisation_year_log_sd: float | np.ndarray = 0.0,
    utilisation_year_autocorrelation: float = 0.0,
    operating_start_spread_years: float | np.ndarray = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per project and path: ``size = N_p C_ip`` (n, p), ``ramp`` and ``running`` (n, p, t) and
    the output per unit of listed nameplate ``u m`` (n, p) or, with a year swing, (n, p, t);
    capacity = sum_p size running (listed nameplate, as capacity is reported and targeted) and
    output = sum_p size u m ramp.

    With ``draws.ramp`` each project's years to nameplate are ``R_ip ~ Uniform(0, 2 R)``
    (mean ``R``). ``m_ip ~ Uniform(nameplate_factor)`` is the effective over the listed
    nameplate (from ``draws.nameplate``): a debottlenecked plant produces above its listed
    capacity (the Salt Lake group made 40,000 t in 2024 on a reported 30,000 t), so output may
    exceed capacity by up to ``max(m) max_utilisation``. The year swing is
    ``u_ipt = clip(u_ip exp(s z_ipt - s^2 / 2), 0, max_utilisation)`` with ``z`` an AR(1) over
    years of the normals ``draws.year_noise`` (``z_t = rho z_{t-1} + sqrt(1 - rho^2) e_t``, unit
    variance). Projects reported operating with neither a start year nor a first reported
    output are at full output from their status year (already running when reported); every
    other project ramps from its first year (the start year, the first reported output if
    earlier)."""
    n_paths, n_proj = draws.complete.shape
    if n_proj != pipeline.n_projects:
        raise ForecastingError(f"draws have {n_proj} projects, pipeline has {pipeline.n_projects}")
    yrs = np.asarray(years, dtype=float)
    q = _per_project(completion_probability, pipeline, n_paths)
    complete = draws.complete < q
    delay = geometric_delay_years(draws.delay, _per_project(mean_delay_years, pipeline, n_paths))
    lag = _per_project(start_lag_years, pipeline, n_paths)
    planned = np.where(
        np.isnan(pipeline.start_year), pipeline.status_year + lag, pipeline.start_year
    )
    operating = pipeline.status_index == STATUSES.index("operating")
    dated = ~np.isnan(pipeline.start_year)
    if pipeline.first_output_year is not None:
        dated = dated | ~np.isnan(pipeline.first_output_year)
    # Reported operating with no start and no first-output evidence: it started in the status
    # year or up to ``operating_start_spread_years`` before (uniform, from the delay draw, which
    # operating projects do not otherwise use).
    spread = np.floor(draws.delay * (_col(operating_start_spread_years, n_paths) + 1.0))
    earlier = np.where(operating & ~dated, spread, 0.0)
    first_year = planned + delay - earlier
    if pipeline.first_output_year is not None:
        evidence = pipeline.first_output_year[None, :]
        first_year = np.where(np.isnan(evidence), first_year, np.minimum(first_year, evidence))
    ramp_r = np.broadcast_to(_col(ramp_years, n_paths), (n_paths, n_proj))
    if draws.ramp is not None:
        ramp_r = ramp_r * 2.0 * draws.ramp  # R_ip ~ Uniform(0, 2 R): plants ramp at their pace
    ramp_r = np.where(operating & ~dated, 0.0, ramp_r)
    k = yrs[None, None, :] - first_year[:, :, None]
    running = k >= 0
    ramp = np.where(running, np.minimum(1.0, (k + 1.0) / (ramp_r[:, :, None] + 1.0)), 0.0)
    util = np.clip(
        _col(utilisation_mean, n_paths)
        + _col(utilisation_half_width, n_paths) * (2.0 * draws.utilisation - 1.0),
        0.0,
        max_utilisation,
    )
    sd = np.asarray(utilisation_year_log_sd, dtype=float)
    if draws.year_noise is not None and np.any(sd > 0):
        sd3 = np.broadcast_to(sd, (n_paths,))[:, None, None]
        z = ar1_over_years(draws.year_noise[:, :, : yrs.size], utilisation_year_autocorrelation)
        swing = np.exp(sd3 * z - 0.5 * sd3**2)
        util = np.clip(util[:, :, None] * swing, 0.0, max_utilisation)
    if draws.nameplate is not None:
        lo, hi = _col(nameplate_factor[0], n_paths), _col(nameplate_factor[1], n_paths)
        factor = lo + (hi - lo) * draws.nameplate
        util = util * (factor[:, :, None] if util.ndim == 3 else factor)
    size = pipeline.nameplate_t_lce[None, :] * complete
    return size, ramp, running.astype(float), util


def unlisted_capacity_t_lce(
    years: np.ndarray,
    u: np.ndarray,
    *,
    base_year: int,
    base_low_t_lce: float | np.ndarray,
    base_high_t_lce: float | np.ndarray,
    growth_low_t_lce: float | np.ndarray,
    growth_high_t_lce: float | np.ndarray,
) -> np.ndarray:
    """Capacity of producers the pipeline does not list, ``(n_paths, n_years)`` t LCE/yr::

        A_i ~ Uniform(a_lo, a_hi),  B_i ~ Uniform(b_lo, b_hi)        (u[:, 0], u[:, 1])
        U_it = max(0, A_i + B_i (t - base_year))

    Linear in time: unlisted plants are added at a steady rate; the rate is what the capacity
    snapshots teach the conditioning (:mod:`forecasting.domain.conditioning`).
    """
    n = u.shape[0]
    a = _col(base_low_t_lce, n) + (_col(base_high_t_lce, n) - _col(base_low_t_lce, n)) * u[:, :1]
    b = (
        _col(growth_low_t_lce, n)
        + (_col(growth_high_t_lce, n) - _col(growth_low_t_lce, n)) * u[:, 1:2]
    )
    t = np.asarray(years, dtype=float)[None, :] - float(base_year)
    return np.maximum(0.0, a + b * t)


def anchor_table(
    years: np.ndarray, paths: dict[str, np.ndarray], observed: pd.DataFrame
) -> pd.DataFrame:
    """Bottom-up paths against observed history (``unique_id, ds, y`` [, ``scope``] rows).

    Returns ``unique_id, scope, year, observed, p10, p50, p90, gap_pct`` with ``gap_pct = 100
    (p50 - observed) / observed``, for observed years inside the simulated range.
    """
    rows = []
    yrs = np.asarray(years, dtype=int)
    for rec in observed.to_dict("records"):
        year = pd.Timestamp(rec["ds"]).year
        if rec["unique_id"] not in paths or year not in yrs or pd.isna(rec["y"]):
            continue
        col = paths[rec["unique_id"]][:, int(np.flatnonzero(yrs == year)[0])]
        p10, p50, p90 = np.quantile(col, [0.1, 0.5, 0.9])
        y = float(rec["y"])
        scope = rec.get("scope", "")
        rows.append((rec["unique_id"], scope, year, y, p10, p50, p90, 100.0 * (p50 - y) / y))
    cols = ["unique_id", "scope", "year", "observed", "p10", "p50", "p90", "gap_pct"]
    return pd.DataFrame(rows, columns=cols)


def observed_anchors(series: pd.DataFrame, capacity: pd.DataFrame) -> pd.DataFrame:
    """Observed points to check the bottom-up paths against: ``unique_id, ds, y, scope``.

    Output: the ``qinghai_output_t_lce`` rows of a ``load_series()`` frame. Capacity: the
    ``load_qinghai_capacity()`` snapshots of kind ``built`` at province or salt-lake scope with a
    year (the Qarhan salt-lake figure covers most, not all, of Qinghai: the scope column says so).
    """
    out = series[series["unique_id"] == "qinghai_output_t_lce"][["unique_id", "ds", "y"]]
    out = out.assign(scope="province")
    cap = capacity[
        (capacity["kind"] == "built")
        & capacity["scope_level"].isin(["province", "salt_lake"])
        & capacity["snapshot_year"].notna()
        & capacity["capacity_t_lce_per_year"].notna()
    ]
    cap = pd.DataFrame(
        {
            "unique_id": "qinghai_capacity_t_lce",
            "ds": pd.to_datetime(cap["snapshot_year"].astype(int).astype(str) + "-12-31"),
            "y": cap["capacity_t_lce_per_year"].astype(float),
            "scope": cap["scope_level"] + ": " + cap["geography"].astype(str),
        }
    )
    return pd.concat([out, cap], ignore_index=True)
