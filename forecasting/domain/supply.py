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

Because ``ramp <= 1[k >= 0]`` and ``u <= 1``, ``output <= capacity`` on every path by construction.
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

    @property
    def n_projects(self) -> int:
        return len(self.project_id)


@dataclass(frozen=True)
class SupplyDraws:
    """Uniform draws, shape ``(n_paths, n_projects)`` each, fixed before any parameter is set."""

    complete: np.ndarray
    delay: np.ndarray
    utilisation: np.ndarray

    @classmethod
    def draw(cls, rng: np.random.Generator, n_paths: int, n_projects: int) -> SupplyDraws:
        shape = (n_paths, n_projects)
        return cls(rng.random(shape), rng.random(shape), rng.random(shape))


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
    return Pipeline(
        project_id=tuple(str(p) for p in keep["project_id"]),
        nameplate_t_lce=nameplate.to_numpy(dtype=float),
        status_index=keep["status"].map(STATUSES.index).to_numpy(dtype=int),
        start_year=start,
        status_year=status_year,
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
    completion_probability: np.ndarray,
    mean_delay_years: np.ndarray,
    start_lag_years: np.ndarray,
    ramp_years: float | np.ndarray,
    utilisation_mean: float | np.ndarray,
    utilisation_half_width: float | np.ndarray,
    capacity_ramps: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Capacity and output paths, each ``(n_paths, n_years)`` in t LCE/yr (equations above).

    Status-keyed parameters have shape ``(6,)`` or ``(n_paths, 6)`` in the order of
    :data:`forecasting.scenarios.STATUSES`; scalars may be floats or ``(n_paths,)`` arrays.
    """
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
    first_year = planned + delay
    operating = pipeline.status_index == STATUSES.index("operating")
    ramp_r = np.where(operating, 0.0, _col(ramp_years, n_paths))
    k = yrs[None, None, :] - first_year[:, :, None]
    running = k >= 0
    ramp = np.where(running, np.minimum(1.0, (k + 1.0) / (ramp_r[:, :, None] + 1.0)), 0.0)
    util = np.clip(
        _col(utilisation_mean, n_paths)
        + _col(utilisation_half_width, n_paths) * (2.0 * draws.utilisation - 1.0),
        0.0,
        1.0,
    )
    size = pipeline.nameplate_t_lce[None, :] * complete
    capacity = np.einsum("ip,ipt->it", size, ramp if capacity_ramps else running.astype(float))
    output = np.einsum("ip,ipt->it", size * util, ramp)
    return capacity, output


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
