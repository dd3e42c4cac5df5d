"""Entry points: :func:`forecast` (the Forecast frame) and :func:`sample_paths` (the paths).

Both run the same per-series job: resolve the model, fit it, draw ``n_paths`` calibrated paths
with a generator seeded from ``series_seed(seed, unique_id)`` (so results do not depend on the
order of series or on parallel scheduling), and take intervals as percentiles of those paths.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecasting.errors import ModelError
from forecasting.models import cache as cache_mod
from forecasting.models.auto import AutoSelect
from forecasting.models.base import Model, check_levels, paths_to_intervals, season_length
from forecasting.models.frames import (
    Series,
    check_horizon,
    data_hash,
    future_dates,
    series_seed,
    validate_frame,
)
from forecasting.models.parallel import run_tasks
from forecasting.models.registry import model_from_alias
from forecasting.models.transforms import Transformed
from forecasting.validation_args import check_forecast_args, check_horizon_fits

ModelSpec = str | Model | Sequence[Model]


class ForecastWarning(UserWarning):
    """Issued when ``errors="warn"`` leaves series out of a forecast."""


@dataclass(frozen=True)
class SeriesResult:
    """What one series job returns (point and paths in the unit of ``y``)."""

    unique_id: str
    label: str
    point: np.ndarray
    paths: np.ndarray


def resolve_model(models: ModelSpec, calibrate: bool = True) -> Model:
    """Turn ``"auto"``, an alias, a model or a list of models into one model.

    A single model is wrapped in a one-candidate :class:`AutoSelect` (same alias) when
    ``calibrate`` so its paths get the backtest calibration; a list is a candidate pool.
    """
    if isinstance(models, str):
        model = model_from_alias(models)
    elif isinstance(models, Model):
        model = models
    elif isinstance(models, Sequence) and models:
        items = [model_from_alias(m) if isinstance(m, str) else m for m in models]
        if not all(isinstance(m, Model) for m in items):
            raise ModelError(f"models must be model objects or aliases; got {models!r}")
        if len(items) == 1:
            return resolve_model(items[0], calibrate)
        return AutoSelect(items, combine=None, calibrate=calibrate)
    else:
        raise ModelError(f"models must be 'auto', an alias, a model or a list; got {models!r}")
    if isinstance(model, Transformed):  # calibrate inside the transform (on the log scale)
        inner = resolve_model(model.model, calibrate)
        if inner is model.model:
            return model
        return Transformed(inner, model.transform, model.positive_only, model.alias)
    if isinstance(model, AutoSelect):
        if model.calibrate != calibrate:
            cfg = model.config()
            return AutoSelect(
                model.candidates,
                model.combine,
                model.n_windows,
                calibrate,
                cfg["alias"],
                prior=model.prior,
            )
        return model
    if not calibrate:
        return model
    return AutoSelect([model], combine=None, calibrate=True, alias=model.alias)


@dataclass(frozen=True)
class SeriesFailure:
    """A series the model could not forecast (``errors="warn"``) and why."""

    unique_id: str
    reason: str


def _run_guarded(series: Series, errors: str, **kw) -> SeriesResult | SeriesFailure:
    """:func:`_run_one`, or with ``errors="warn"`` a :class:`SeriesFailure` on ModelError."""
    try:
        return _run_one(series, **kw)
    except ModelError as exc:
        if errors == "raise":
            raise
        return SeriesFailure(series.unique_id, str(exc))


def _run_one(
    series: Series, freq: str, model: Model, h: int, seed: int, n_paths: int, use_cache: bool
) -> SeriesResult:
    """Fit, forecast and sample one series (cached by data hash + configuration)."""
    _check_length(series, model, freq)
    key = None
    if use_cache:
        key = cache_mod.cache_key(
            data=data_hash(series, freq), model=model.config(), seed=seed, h=h, n_paths=n_paths
        )
        hit = cache_mod.load(key)
        if hit is not None:
            return hit
    try:
        fitted = model.fit(series.y, freq, end=series.end)
        rng = np.random.default_rng(series_seed(seed, series.unique_id))
        point, paths = fitted.point(h), fitted.sample(h, n_paths, rng)
    except ModelError as exc:
        raise ModelError(f"series {series.unique_id!r}: {exc}") from exc
    observed = series.y[np.isfinite(series.y)]
    if np.all(observed >= 0):  # a non-negative quantity (capacity, sales) stays non-negative
        point, paths = np.maximum(point, 0.0), np.maximum(paths, 0.0)
    result = SeriesResult(series.unique_id, fitted.label(h), point, paths)
    if key is not None:
        cache_mod.store(key, result)
    return result


def _check_length(series: Series, model: Model, freq: str) -> None:
    """Enough (non-NaN) observations for the model, else ModelError naming the series."""
    m = season_length(freq)
    n_obs = int(np.isfinite(series.y).sum())
    if n_obs < model.min_length(m):
        raise ModelError(
            f"series {series.unique_id!r} has {n_obs} observed values; model {model.alias!r} "
            f"needs at least {model.min_length(m)} at frequency {freq}"
        )


def _run_chunk(chunk: list[Series], **kw) -> list[SeriesResult | SeriesFailure]:
    return [_run_guarded(s, **kw) for s in chunk]


def _split_failures(
    results: list[SeriesResult | SeriesFailure], series: list[Series]
) -> tuple[list[SeriesResult], list[Series], dict[str, str]]:
    """Keep the successful series; warn naming the failed ones (``errors="warn"``)."""
    failed = {r.unique_id: r.reason for r in results if isinstance(r, SeriesFailure)}
    if failed:
        warnings.warn(
            f"{len(failed)} series left out of the forecast: "
            + "; ".join(f"{uid}: {why}" for uid, why in failed.items()),
            ForecastWarning,
            stacklevel=4,  # the caller of forecast() / sample_paths()
        )
    kept = [(r, s) for r, s in zip(results, series, strict=True) if isinstance(r, SeriesResult)]
    return [r for r, _ in kept], [s for _, s in kept], failed


def run_series(
    df: pd.DataFrame,
    h: int,
    freq: str | None,
    models: ModelSpec,
    seed: int,
    n_paths: int,
    n_jobs: int,
    dask_address: str | None,
    cache: bool,
    calibrate: bool,
    errors: str = "raise",
) -> tuple[list[SeriesResult], list[Series], str, dict[str, str]]:
    """Validate inputs and run every series (in order of ``unique_id``); also returns the
    failed series ``{unique_id: reason}`` (always empty with ``errors="raise"``)."""
    if errors not in ("raise", "warn"):
        raise ModelError(f"errors={errors!r} must be 'raise' or 'warn'")
    h = check_horizon(h)
    if isinstance(n_paths, bool) or not isinstance(n_paths, int | np.integer) or n_paths < 2:
        raise ModelError(f"n_paths must be an integer >= 2; got {n_paths!r}")
    model = resolve_model(models, calibrate)
    check_forecast_args(df, seed)
    series, freq = validate_frame(df, freq)
    check_horizon_fits(h, [s.end for s in series], freq, n_paths)
    kw = dict(freq=freq, model=model, h=h, seed=int(seed), n_paths=int(n_paths), use_cache=cache)
    kw["errors"] = errors
    results = run_tasks(_run_chunk, series, kw, n_jobs=n_jobs, dask_address=dask_address)
    results, series, failed = _split_failures(results, series)
    return results, series, freq, failed


def forecast(
    df: pd.DataFrame,
    h: int,
    freq: str | None = None,
    level: Sequence[float] = (80, 95),
    models: ModelSpec = "auto",
    seed: int = 0,
    n_paths: int = 1000,
    *,
    n_jobs: int = 1,
    dask_address: str | None = None,
    cache: bool = True,
    calibrate: bool = True,
    errors: str = "raise",
) -> pd.DataFrame:
    """Forecast every series of ``df`` (long frame ``unique_id, ds, y``) ``h`` periods ahead.

    Returns ``unique_id, ds, model, mean, lo_<l>, hi_<l>`` (one pair per level), exactly ``h``
    rows per series sorted by ``unique_id, ds``; values in the unit of ``y``. ``mean`` is the
    point forecast, bounds are percentiles of the ``n_paths`` calibrated sample paths that
    :func:`sample_paths` returns for the same arguments. ``models``: ``"auto"``, an alias (see
    ``MODELS``), a model object, or a list of models to select from per series. A series with no
    negative observation (capacity, sales, prices) gets its paths and bounds floored at 0.

    ``errors="raise"`` (default): a series the model cannot forecast (fewer observed values than
    the model's minimum, see :mod:`forecasting.models`) raises ModelError naming it and its
    count. ``errors="warn"``: such series are left out, one ForecastWarning names them, and
    ``attrs["failed"]`` maps ``unique_id -> reason`` (empty when none failed).
    """
    levels = check_levels(level)
    results, series, freq, failed = run_series(
        df, h, freq, models, seed, n_paths, n_jobs, dask_address, cache, calibrate, errors
    )
    frames = []
    for res, s in zip(results, series, strict=True):
        cols = paths_to_intervals(res.point, res.paths, levels)
        block = {"unique_id": s.unique_id, "ds": future_dates(s.end, h, freq), "model": res.label}
        block["mean"] = cols.pop("mean")
        for lv in levels:
            name = str(int(lv)) if lv.is_integer() else str(lv)
            block[f"lo_{name}"], block[f"hi_{name}"] = cols[f"lo_{name}"], cols[f"hi_{name}"]
        frames.append(pd.DataFrame(block))
    columns = ["unique_id", "ds", "model", "mean"]
    columns += [f"{b}_{_fmt(lv)}" for lv in levels for b in ("lo", "hi")]
    return _with_failed(frames, columns, failed)


def sample_paths(
    df: pd.DataFrame,
    h: int,
    freq: str | None = None,
    models: ModelSpec = "auto",
    seed: int = 0,
    n_paths: int = 1000,
    *,
    n_jobs: int = 1,
    dask_address: str | None = None,
    cache: bool = True,
    calibrate: bool = True,
    errors: str = "raise",
) -> pd.DataFrame:
    """Simulated futures as a long frame ``unique_id, ds, path, y`` (``path`` 0..n_paths-1).

    The same paths (same seed, same calibration) that :func:`forecast` takes its intervals from;
    ``errors`` as in :func:`forecast` (``attrs["failed"]`` lists left-out series).
    """
    results, series, freq, failed = run_series(
        df, h, freq, models, seed, n_paths, n_jobs, dask_address, cache, calibrate, errors
    )
    frames = []
    for res, s in zip(results, series, strict=True):
        ds = future_dates(s.end, h, freq)
        frames.append(
            pd.DataFrame(
                {
                    "unique_id": s.unique_id,
                    "ds": np.tile(ds.to_numpy(), n_paths),
                    "path": np.repeat(np.arange(n_paths), h),
                    "y": res.paths.reshape(-1),
                }
            )
        )
    return _with_failed(frames, ["unique_id", "ds", "path", "y"], failed)


def _fmt(level: float) -> str:
    return str(int(level)) if float(level).is_integer() else str(level)


def _with_failed(frames: list[pd.DataFrame], columns: list[str], failed: dict) -> pd.DataFrame:
    """Concatenate the per-series frames (an empty frame when all failed); ``attrs["failed"]``
    maps each left-out ``unique_id`` to the reason."""
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    out.attrs["failed"] = dict(failed)
    return out
