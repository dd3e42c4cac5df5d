"""Top-down view: the engine's forecast of the province's reported series, beside the pipeline.

Only Qinghai **output** has a provincial annual series (``qinghai_output_t_lce``: 2009 and 2022
as reported). There is no provincial capacity series (the capacity snapshots mix province,
salt-lake and company scopes), so the top-down capacity columns stay empty rather than mixing
scopes; :func:`forecasting.domain.tables.compare_top_down` then shows NaN gaps for capacity.
"""

from __future__ import annotations

import pandas as pd

TOP_DOWN_IDS = ("qinghai_output_t_lce",)
#: Columns of an empty top-down frame (the engine's Forecast contract at the 80 % level).
FORECAST_COLUMNS = {
    "unique_id": "object",
    "ds": "datetime64[ns]",
    "model": "object",
    "mean": "float64",
    "lo_80": "float64",
    "hi_80": "float64",
}


def regular_annual(series: pd.DataFrame) -> pd.DataFrame:
    """Put each series on a complete year-end grid (missing years as NaN, never filled)."""
    frames = []
    for uid, one in series.groupby("unique_id", sort=True):
        ds = pd.to_datetime(one["ds"])
        grid = pd.DataFrame({"unique_id": uid, "ds": pd.date_range(ds.min(), ds.max(), freq="YE")})
        frames.append(
            grid.merge(
                one[["unique_id", "ds", "y"]], on=["unique_id", "ds"], how="left", validate="1:1"
            )
        )
    return pd.concat(frames, ignore_index=True)


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
