"""Rolling-origin backtests and forecast metrics: pure functions over frames.

``backtest(df, models, h, n_windows, step)`` refits every model at each cutoff and returns one row
per (series, cutoff, model, step ahead) with the actual ``y``, ``mean``, interval bounds and the
CRPS of the sample paths. ``evaluate(cv, metrics, train)`` turns that into an overall, per-horizon
or per-series table; metrics are passed as a list of functions ``frame -> float``.

Definitions (``e = y - mean``, averages over the rows of a group):

* MAE ``mean|e|``; RMSE ``sqrt(mean e^2)``; MAPE ``100 mean|e/y|``;
  sMAPE (M-competitions) ``200 mean(|e| / (|y| + |mean|))``;
* MASE ``mean(|e| / s)``, RMSSE ``sqrt(mean(e^2 / s^2))`` with ``s`` the in-sample MAE
  (``s^2`` the in-sample MSE) of the seasonal naive forecast (naive when m = 1) of that series'
  training data up to the cutoff;
* coverage_l ``mean 1[lo_l <= y <= hi_l]``; Winkler/interval score
  ``(hi - lo) + (2/a)(lo - y)1[y < lo] + (2/a)(y - hi)1[y > hi]``, ``a = 1 - l/100``;
* pinball: mean quantile loss of ``lo_l`` (q = a/2) and ``hi_l`` (q = 1 - a/2) over the levels;
* CRPS from paths: ``E|X - y| - E|X - X'|/2`` estimated from the sample paths.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from forecasting.errors import ModelError

Metric = Callable[[pd.DataFrame], float]


def _e(f: pd.DataFrame) -> np.ndarray:
    return f["y"].to_numpy(float) - f["mean"].to_numpy(float)


def mae(f: pd.DataFrame) -> float:
    """Mean absolute error (unit of y)."""
    return float(np.mean(np.abs(_e(f))))


def rmse(f: pd.DataFrame) -> float:
    """Root mean squared error (unit of y)."""
    return float(np.sqrt(np.mean(_e(f) ** 2)))


def mape(f: pd.DataFrame) -> float:
    """Mean absolute percentage error, percent (rows with y == 0 are undefined -> NaN)."""
    y = f["y"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ape = np.where(y != 0, np.abs(_e(f) / y), np.nan)
    return float(100 * np.nanmean(ape)) if np.isfinite(ape).any() else float("nan")


def smape(f: pd.DataFrame) -> float:
    """Symmetric MAPE, M-competition definition ``200 |e| / (|y| + |f|)``, percent (0..200)."""
    denom = np.abs(f["y"].to_numpy(float)) + np.abs(f["mean"].to_numpy(float))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(denom > 0, 200 * np.abs(_e(f)) / denom, 0.0)
    return float(np.mean(terms))


def mase(f: pd.DataFrame) -> float:
    """Mean absolute scaled error (needs the ``scale`` column from :func:`add_scales`)."""
    _need(f, "scale", "MASE")
    return float(np.mean(np.abs(_e(f)) / f["scale"].to_numpy(float)))


def rmsse(f: pd.DataFrame) -> float:
    """Root mean squared scaled error (needs ``scale_sq`` from :func:`add_scales`)."""
    _need(f, "scale_sq", "RMSSE")
    return float(np.sqrt(np.mean(_e(f) ** 2 / f["scale_sq"].to_numpy(float))))


def crps(f: pd.DataFrame) -> float:
    """Mean CRPS of the sample paths (the ``crps`` column :func:`backtest` writes)."""
    _need(f, "crps", "CRPS")
    return float(np.mean(f["crps"].to_numpy(float)))


def coverage(level: float) -> Metric:
    """Share of actuals inside the ``level``% interval (0..1)."""

    def metric(f: pd.DataFrame) -> float:
        lo, hi = _bounds(f, level)
        y = f["y"].to_numpy(float)
        return float(np.mean((y >= lo) & (y <= hi)))

    metric.__name__ = f"coverage_{_name(level)}"
    return metric


def winkler(level: float) -> Metric:
    """Mean Winkler (interval) score of the ``level``% interval (unit of y; lower is better)."""

    def metric(f: pd.DataFrame) -> float:
        lo, hi = _bounds(f, level)
        y, a = f["y"].to_numpy(float), 1 - level / 100
        score = (hi - lo) + (2 / a) * np.maximum(lo - y, 0) + (2 / a) * np.maximum(y - hi, 0)
        return float(np.mean(score))

    metric.__name__ = f"winkler_{_name(level)}"
    return metric


def pinball(levels: Sequence[float] = (80, 95)) -> Metric:
    """Mean pinball loss of the interval bounds taken as quantiles (unit of y)."""

    def metric(f: pd.DataFrame) -> float:
        y, losses = f["y"].to_numpy(float), []
        for lv in levels:
            lo, hi = _bounds(f, lv)
            a = 1 - lv / 100
            for q, x in ((a / 2, lo), (1 - a / 2, hi)):
                losses.append(np.maximum(q * (y - x), (q - 1) * (y - x)))
        return float(np.mean(losses))

    metric.__name__ = "pinball"
    return metric


def _name(level: float) -> str:
    return str(int(level)) if float(level).is_integer() else str(level)


def _bounds(f: pd.DataFrame, level: float) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = f"lo_{_name(level)}", f"hi_{_name(level)}"
    _need(f, lo, f"the {level}% interval")
    _need(f, hi, f"the {level}% interval")
    return f[lo].to_numpy(float), f[hi].to_numpy(float)


def _need(f: pd.DataFrame, col: str, what: str) -> None:
    if col not in f.columns:
        raise ModelError(f"metric {what} needs column {col!r}; the frame has {list(f.columns)}")


def crps_from_paths(y: float, paths: np.ndarray) -> float:
    """Sample CRPS ``mean|x_i - y| - sum_i (2i - n - 1) x_(i) / n^2`` (sorted x, unit of y)."""
    x = np.sort(np.asarray(paths, dtype=float))
    n = x.size
    spread = np.sum((2 * np.arange(1, n + 1) - n - 1) * x) / n**2
    return float(np.mean(np.abs(x - y)) - spread)


DEFAULT_METRICS: list[Metric] = [
    mae,
    rmse,
    mape,
    smape,
    mase,
    rmsse,
    coverage(80),
    coverage(95),
    winkler(95),
    pinball(),
    crps,
]


def _spec_name(spec) -> str:
    return spec if isinstance(spec, str) else getattr(spec, "alias", repr(spec))


def _scales(y: np.ndarray, m: int) -> tuple[float, float]:
    """In-sample seasonal-naive MAE and MSE of ``y`` (NaN-aware; naive when too short)."""
    lag = m if np.isfinite(y).sum() > m else 1
    d = y[lag:] - y[:-lag]
    d = d[np.isfinite(d)]
    if d.size == 0:
        return float("nan"), float("nan")
    return float(np.mean(np.abs(d))), float(np.mean(d**2))


def _window_rows(results, used, full, cutoff_pos, h, freq, m, levels, name) -> pd.DataFrame:
    from forecasting.models.base import paths_to_intervals
    from forecasting.models.frames import future_dates

    rows = []
    for res, s in zip(results, used, strict=True):
        y, pos = full[s.unique_id].y, cutoff_pos[s.unique_id]
        actual = y[pos : pos + h]
        cols = paths_to_intervals(res.point, res.paths, levels)
        scale, scale_sq = _scales(y[:pos], m)
        frame = pd.DataFrame(
            {
                "unique_id": s.unique_id,
                "ds": future_dates(s.end, h, freq),
                "cutoff": s.end,
                "h": np.arange(1, h + 1),
                "model": name,
                "chosen": res.label,
                "y": actual,
                **cols,
            }
        )
        frame["crps"] = [crps_from_paths(a, res.paths[:, k]) for k, a in enumerate(actual)]
        frame["scale"], frame["scale_sq"] = scale, scale_sq
        rows.append(frame)
    return pd.concat(rows, ignore_index=True)


def backtest(
    df: pd.DataFrame,
    models="auto",
    h: int = 1,
    n_windows: int = 3,
    step: int | None = None,
    freq: str | None = None,
    level: Sequence[float] = (80, 95),
    seed: int = 0,
    n_paths: int = 500,
    *,
    n_jobs: int = 1,
    dask_address: str | None = None,
    cache: bool = False,
    calibrate: bool = True,
) -> pd.DataFrame:
    """Rolling-origin evaluation: for window i = 0..n_windows-1 every series is cut ``h + i*step``
    periods before its end (``step`` defaults to ``h``), forecast ``h`` steps and compared.

    ``models`` is one spec (alias or model object) or a list of specs, each evaluated separately
    (the ``model`` column names the spec, ``chosen`` what produced the row; to select among
    models pass ``AutoSelect([...])``). Returns ``unique_id, ds, cutoff, h, model, chosen, y,
    mean, lo_*, hi_*, crps, scale, scale_sq``; rows with NaN actuals are dropped; a series too
    short for a window is left out of that window. The keyword arguments go to the engine.
    """
    from forecasting.models.base import check_levels
    from forecasting.models.frames import check_horizon, validate_frame

    h, levels = check_horizon(h), check_levels(level)
    step = h if step is None else step
    for name, value in (("n_windows", n_windows), ("step", step)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ModelError(f"{name} must be an integer >= 1; got {value!r}")
    series, freq = validate_frame(df, freq)
    engine = dict(
        seed=seed,
        n_paths=n_paths,
        n_jobs=n_jobs,
        dask_address=dask_address,
        cache=cache,
        calibrate=calibrate,
    )
    specs = models if isinstance(models, list) else [models]
    out = [
        rows
        for spec in specs
        for i in range(n_windows)
        if (rows := _backtest_window(series, freq, spec, h, h + i * step, levels, engine))
        is not None
    ]
    if not out:
        raise ModelError(f"no series is long enough for a backtest with h={h}")
    cv = pd.concat(out, ignore_index=True)
    cv = cv[np.isfinite(cv["y"])].sort_values(["model", "unique_id", "cutoff", "h"], kind="stable")
    return cv.reset_index(drop=True)


def _backtest_window(series, freq, spec, h, back, levels, engine) -> pd.DataFrame | None:
    """Forecast every series long enough from ``back`` periods before its end (None if none)."""
    from forecasting.models.base import season_length
    from forecasting.models.core import resolve_model, run_series

    m = season_length(freq)
    need = resolve_model(spec, engine["calibrate"]).min_length(m)
    cut = {s.unique_id: s.y.size - back for s in series}
    keep = [
        s
        for s in series
        if cut[s.unique_id] > 0 and np.isfinite(s.y[: cut[s.unique_id]]).sum() >= need
    ]
    if not keep:
        return None
    train = pd.concat([_train_frame(s, cut[s.unique_id], freq) for s in keep])
    results, used, _, _ = run_series(
        train,
        h,
        freq,
        spec,
        engine["seed"],
        engine["n_paths"],
        engine["n_jobs"],
        engine["dask_address"],
        engine["cache"],
        engine["calibrate"],
    )
    full = {s.unique_id: s for s in series}
    return _window_rows(results, used, full, cut, h, freq, m, levels, _spec_name(spec))


def _train_frame(s, n: int, freq: str) -> pd.DataFrame:
    ds = pd.date_range(end=s.end, periods=s.y.size, freq=freq)[:n]
    return pd.DataFrame({"unique_id": s.unique_id, "ds": ds, "y": s.y[:n]})


def evaluate(
    cv: pd.DataFrame, metrics: Sequence[Metric] | None = None, by: str = "overall"
) -> pd.DataFrame:
    """A metrics table from a backtest frame: one row per model (``by="overall"``), per model
    and step ahead (``"horizon"``) or per model and series (``"series"``); one column per
    metric, named by the function's ``__name__``."""
    keys = {"overall": ["model"], "horizon": ["model", "h"], "series": ["model", "unique_id"]}
    if by not in keys:
        raise ModelError(f"by={by!r} must be one of {sorted(keys)}")
    _need(cv, "model", "evaluate")
    metrics = list(DEFAULT_METRICS if metrics is None else metrics)
    rows = []
    for key, group in cv.groupby(keys[by], sort=True):
        key = key if isinstance(key, tuple) else (key,)
        row = dict(zip(keys[by], key, strict=True))
        row.update({fn.__name__: fn(group) for fn in metrics})
        rows.append(row)
    return pd.DataFrame(rows)
