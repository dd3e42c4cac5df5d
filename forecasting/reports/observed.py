"""Past target years: an official observation where the data has one, else a labelled nowcast.

A target whose year has ended by the data cut-off (``as_of`` on or after 31 December of the
target year) is no longer a forecast. :func:`with_target_status` gives every row of the target
table a ``status``:

* ``observed``: the data holds a full-year, province-level observation of the target's metric
  for the target year, published by ``as_of``; ``observed_value`` (in the target's unit),
  ``observed_source_id`` and ``observed_met`` (``met`` if ``observed_value >= target_value``,
  else ``not met``) say what it was.
* ``nowcast``: the year has ended but no official figure is in the data; the simulated numbers
  are the model's estimate of a year that is over (the front page says so).
* ``forecast``: the target year has not ended.

Observations (:func:`load_target_observations`, one row per metric and year; the latest
published one wins when several exist):

* ``capacity`` (t LCE/yr): ``qinghai_lithium_carbonate_capacity`` rows with geography
  ``Qinghai``, ``scope_level == "province"``, ``kind == "built"``, a point value and a
  snapshot dated in December of the year (a mid-year stock is not the year's capacity).
* ``output`` (t LCE/yr): ``qinghai_lithium_carbonate_output`` rows with geography ``Qinghai``,
  ``period_type == "year"`` and a level.

The data has no province-level series of lithium industry output value or cell capacity, so
targets on those metrics are never ``observed``.
"""

from __future__ import annotations

import pandas as pd

OBSERVATION_COLUMNS = ["metric", "year", "observed_value", "observed_source_id"]
STATUS_COLUMNS = ["status", "observed_value", "observed_source_id", "observed_met"]
#: What a nowcast is, as the front page and notes print it.
NOWCAST_NOTE = "year ended; no official figure; model estimate from the project pipeline"


def _latest_per_year(frame: pd.DataFrame, metric: str) -> pd.DataFrame:
    frame = frame.sort_values(["year", "published"], kind="stable")
    last = frame.groupby("year", as_index=False).last()
    return pd.DataFrame(
        {
            "metric": metric,
            "year": last["year"].astype(int),
            "observed_value": last["value"].astype(float),
            "observed_source_id": last["source_id"].astype(str),
        }
    )


def load_target_observations(as_of: str) -> pd.DataFrame:
    """Full-year, province-level observations of target metrics published by ``as_of``:
    ``metric, year, observed_value`` (t LCE/yr) ``, observed_source_id``."""
    from forecasting.data import load_qinghai_capacity, load_qinghai_output

    cap = load_qinghai_capacity(as_of=as_of)
    cap = cap[
        (cap["geography"] == "Qinghai")
        & (cap["scope_level"] == "province")
        & (cap["kind"] == "built")
        & cap["capacity_t_lce_per_year"].notna()
        & (pd.to_datetime(cap["snapshot_date"], errors="coerce").dt.month == 12)
    ]
    cap = pd.DataFrame(
        {
            "year": cap["snapshot_year"],
            "published": pd.to_datetime(cap["snapshot_date"], errors="coerce"),
            "value": cap["capacity_t_lce_per_year"],
            "source_id": cap["source_id"],
        }
    )
    out = load_qinghai_output(as_of=as_of)
    out = out[
        (out["geography"] == "Qinghai")
        & (out["period_type"] == "year")
        & out["output_t_lce"].notna()
    ]
    out = pd.DataFrame(
        {
            "year": pd.to_datetime(out["period_end"]).dt.year,
            "published": pd.to_datetime(out["published_date"], errors="coerce"),
            "value": out["output_t_lce"],
            "source_id": out["source_id"],
        }
    )
    parts = [_latest_per_year(f, m) for f, m in ((cap, "capacity"), (out, "output")) if len(f)]
    if not parts:
        return pd.DataFrame(columns=OBSERVATION_COLUMNS)
    return pd.concat(parts, ignore_index=True)[OBSERVATION_COLUMNS]


def year_has_ended(year: int, as_of: str) -> bool:
    """True when ``as_of`` is on or after 31 December of ``year``."""
    return pd.Timestamp(as_of) >= pd.Timestamp(year=int(year), month=12, day=31)


def with_target_status(
    targets: pd.DataFrame, as_of: str, observations: pd.DataFrame | None = None
) -> pd.DataFrame:
    """``targets`` plus :data:`STATUS_COLUMNS` (``observations`` default: the bundled data).

    ``targets`` needs ``metric, target_year, target_value``; the input is not modified.
    """
    obs = load_target_observations(as_of) if observations is None else observations
    keyed = obs.rename(columns={"year": "target_year"})[
        ["metric", "target_year", "observed_value", "observed_source_id"]
    ]
    base = targets.drop(columns=[c for c in STATUS_COLUMNS if c in targets])
    merged = base.assign(target_year=base["target_year"].astype(int)).merge(
        keyed.astype({"target_year": int}),
        on=["metric", "target_year"],
        how="left",
        validate="m:1",
    )
    ended = merged["target_year"].map(lambda y: year_has_ended(y, as_of))
    has_obs = merged["observed_value"].notna() & ended
    merged["status"] = "forecast"
    merged.loc[ended, "status"] = "nowcast"
    merged.loc[has_obs, "status"] = "observed"
    merged.loc[~has_obs, ["observed_value", "observed_source_id"]] = [float("nan"), ""]
    met = merged["observed_value"] >= merged["target_value"]
    merged["observed_met"] = ""
    merged.loc[has_obs, "observed_met"] = met[has_obs].map({True: "met", False: "not met"})
    merged["observed_source_id"] = merged["observed_source_id"].fillna("")
    return merged


def year_status(series: str, year: int, as_of: str, observed: dict[str, set[int]]) -> str:
    """``forecast`` (year not ended by ``as_of``), ``observed`` (ended, and the data holds a
    figure of ``series`` for it) or ``nowcast`` (ended, no figure: a model estimate)."""
    if not year_has_ended(year, as_of):
        return "forecast"
    return "observed" if int(year) in observed.get(series, set()) else "nowcast"


def with_year_status(forecasts: pd.DataFrame, spec, observed: dict[str, set[int]]) -> pd.DataFrame:
    """``forecasts`` plus ``quarter``, ``as_of`` and a per-row ``status`` (:func:`year_status`).

    ``observed`` flags that the year is an observation in the data; the row still holds the
    model's quantiles (equal to the observation where the model is pinned to it)."""
    status = [
        year_status(s, y, spec.as_of, observed)
        for s, y in zip(forecasts["series"], forecasts["year"], strict=True)
    ]
    return forecasts.assign(quarter=spec.quarter, as_of=spec.as_of, status=status)
