"""Top-down view: the engine's forecast of the province's reported series, beside the pipeline.

Only Qinghai **output** has a provincial annual series (``qinghai_output_t_lce``: 2009 and 2022
as reported). There is no provincial capacity series (the capacity snapshots mix province,
salt-lake and company scopes), so the top-down capacity columns stay empty rather than mixing
scopes; :func:`forecasting.domain.result_tables.compare_top_down` then shows NaN gaps for
capacity.
"""

from __future__ import annotations

import pandas as pd

from forecasting.contracts import regular_annual

TOP_DOWN_IDS = ("qinghai_output_t_lce",)
#: Top-down series of the report (reported figures) and the target metric each one answers.
TOP_DOWN_SERIES = {
    "qinghai_capacity_t_lce": "capacity",
    "qinghai_output_t_lce": "output",
    "china_nev_sales_units": "ev_sales",  # CAAM NEV sales: the bottom-up demand's base series
}
#: Last year of the top-down paths.
TOP_DOWN_END_YEAR = 2035
#: Columns of an empty top-down frame (the engine's Forecast contract at the 80 % level).
FORECAST_COLUMNS = {
    "unique_id": "object",
    "ds": "datetime64[ns]",
    "model": "object",
    "mean": "float64",
    "lo_80": "float64",
    "hi_80": "float64",
}


def build_top_down(
    as_of: object = None, end_year: int = 2035, seed: int = 0, n_paths: int = 500
) -> pd.DataFrame:
    """Engine forecast (``unique_id, ds, model, mean, lo_80, hi_80, ...``) of the reported
    Qinghai output series to ``end_year`` (t LCE/yr), automatic model selection.

    A series the engine refuses (too few observed values, e.g. in an early vintage) is left
    out: the frame then has no rows for it and ``attrs["failed"]`` maps its id to the engine's
    reason, so the top-down columns stay empty instead of the whole run failing.
    """
    from forecasting.data import load_series
    from forecasting.errors import ModelError
    from forecasting.models import forecast

    hist = regular_annual(load_series(ids=list(TOP_DOWN_IDS), as_of=as_of))
    last = int(pd.to_datetime(hist["ds"]).dt.year.max())
    h = max(end_year - last, 1)
    try:
        out = forecast(hist, h=h, freq="YE", seed=seed, n_paths=n_paths)
    except ModelError as exc:
        out = pd.DataFrame({c: pd.Series(dtype=t) for c, t in FORECAST_COLUMNS.items()})
        out.attrs["failed"] = {uid: str(exc) for uid in TOP_DOWN_IDS}
        return out
    out.attrs["failed"] = dict(out.attrs.get("failed", {}))
    return out


def available_top_down_series() -> list[str]:
    """The :data:`TOP_DOWN_SERIES` that the data layer actually provides as annual series."""
    from forecasting.data import list_series

    known = set(list_series()["unique_id"])
    return [uid for uid in TOP_DOWN_SERIES if uid in known]


def ev_sales_cap(scenario):
    """The ceiling of China's EV sales in ``scenario`` as a distribution (vehicles/yr):
    ``LogNormal(log K, saturation_log_sd)`` with ``K = demand.china.ev_sales_saturation_units``,
    the same cap the domain's ``sales_source: engine`` gives its logistic curve."""
    from scipy import stats

    cfg = scenario.demand.china
    return stats.lognorm(s=max(cfg.saturation_log_sd, 1e-6), scale=cfg.ev_sales_saturation_units)


def top_down_paths(uid, scenario, *, as_of, data_path=None, seed=0, n_paths=1000):
    """Engine sample paths (``unique_id, ds, path, y``) of one reported series to
    :data:`TOP_DOWN_END_YEAR`; :class:`~forecasting.errors.DataValidationError` when it has no
    data up to ``as_of``.

    EV sales are an adoption curve: the engine's logistic growth model with the scenario's
    ceiling (:func:`ev_sales_cap`), so no path falls below zero or rises above its cap (a
    level-scale time-series model gave an 80% band down to 0 and a 95% band to 117 m)."""
    from forecasting.data import load_series
    from forecasting.errors import DataValidationError
    from forecasting.models import sample_paths

    hist = load_series(ids=[uid], as_of=as_of, path=data_path).dropna(subset=["y"])
    if hist.empty:
        raise DataValidationError(f"series {uid!r} has no data up to as_of {as_of}")
    grid = regular_annual(hist)
    h = max(TOP_DOWN_END_YEAR - int(grid["ds"].dt.year.max()), 1)
    models = "auto"
    if TOP_DOWN_SERIES[uid] == "ev_sales":
        from forecasting.models.growth import Logistic

        models = Logistic(cap=ev_sales_cap(scenario))
    return sample_paths(grid, h=h, freq="YE", models=models, seed=seed, n_paths=n_paths)
