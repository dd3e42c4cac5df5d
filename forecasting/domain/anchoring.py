"""Resolve a scenario's ``from_data`` keys against the observations known at ``as_of``.

Each observed anchor key reads one series of :func:`forecasting.data.anchors.
load_anchor_observations` (the last observation published by ``as_of``)::

    key                                   series                               field  factor
    demand.<region>.base_year             china_nev_sales_units / world_...    year
    demand.<region>.ev_sales_base_units   same                                 value  1
    demand.<region>.bev_share_base        <region>_bev_share_of_ev_sales       value  1
    balance.world_supply_base_year        world_lithium_mine_production_t_li   year
    balance.world_supply_base_t_lce       same                                 value  LI_TO_LCE
    value.price.anchor_year / _month      lithium_carbonate_price_latest_      year / month
                                          cny_per_t
    value.price.anchor_cny_per_t,
    value.price.levels_cny_per_t.current  same                                 value  1
    value.price.levels_cny_per_t.long_run lithium_carbonate_price_long_run_    value  1
                                          cny_per_t
    value.price.volatility_log_sd         lithium_carbonate_price_log_         value  1
                                          volatility
    value.price.reference_price_cny_per_t lithium_carbonate_price_last_full_   value  1
                                          year_mean_cny_per_t

The price series are computed from the price tables at ``as_of`` by
:func:`forecasting.domain.price.price_facts` (see :func:`forecasting.domain.inputs.
build_inputs_from_datasets`).

A series with no observation published by ``as_of`` falls back to its latest observation, flagged
``known_at_as_of = False`` in the anchors table (future knowledge, shown, never hidden). Keys set
to a number in a scenario file are assumptions and are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from forecasting.data.units import LI_TO_LCE
from forecasting.errors import ScenarioError
from forecasting.scenario_validation import set_dotted
from forecasting.scenarios import Scenario, build_scenario


@dataclass(frozen=True)
class AnchorSpec:
    """Where an observed anchor key comes from: a series, its year or value, a unit factor."""

    series: str
    field: str  # "year" | "month" | "value"
    unit: str
    factor: float = 1.0


_LATEST = "lithium_carbonate_price_latest_cny_per_t"
_MINE = "world_lithium_mine_production_t_li"

#: Dotted scenario key -> where its ``from_data`` value comes from (module table).
ANCHOR_KEYS: dict[str, AnchorSpec] = {
    "demand.china.base_year": AnchorSpec("china_nev_sales_units", "year", "year"),
    "demand.china.ev_sales_base_units": AnchorSpec("china_nev_sales_units", "value", "vehicles/yr"),
    "demand.china.bev_share_base": AnchorSpec("china_bev_share_of_ev_sales", "value", "share"),
    "demand.world.base_year": AnchorSpec("world_ev_sales_units", "year", "year"),
    "demand.world.ev_sales_base_units": AnchorSpec("world_ev_sales_units", "value", "vehicles/yr"),
    "demand.world.bev_share_base": AnchorSpec("world_bev_share_of_ev_sales", "value", "share"),
    "balance.world_supply_base_year": AnchorSpec(_MINE, "year", "year"),
    "balance.world_supply_base_t_lce": AnchorSpec(_MINE, "value", "t LCE/yr", LI_TO_LCE),
    "value.price.anchor_year": AnchorSpec(_LATEST, "year", "year"),
    "value.price.anchor_month": AnchorSpec(_LATEST, "month", "month"),
    "value.price.anchor_cny_per_t": AnchorSpec(_LATEST, "value", "CNY/t"),
    "value.price.levels_cny_per_t.current": AnchorSpec(_LATEST, "value", "CNY/t"),
    "value.price.levels_cny_per_t.long_run": AnchorSpec(
        "lithium_carbonate_price_long_run_cny_per_t", "value", "CNY/t"
    ),
    "value.price.volatility_log_sd": AnchorSpec(
        "lithium_carbonate_price_log_volatility", "value", "log units per sqrt(yr)"
    ),
    "value.price.reference_price_cny_per_t": AnchorSpec(
        "lithium_carbonate_price_last_full_year_mean_cny_per_t", "value", "CNY/t"
    ),
}

#: Columns of the anchors table (``ScenarioResult.anchors_used``).
ANCHOR_COLUMNS = [
    "key",
    "value",
    "unit",
    "series",
    "observation_date",
    "source_id",
    "known_at_as_of",
]


def observations_with_fallback(
    at_as_of: pd.DataFrame, latest: pd.DataFrame | None = None
) -> pd.DataFrame:
    """``at_as_of`` plus a ``known_at_as_of`` column; series it lacks are taken from ``latest``
    (the uncut data) with ``known_at_as_of = False``."""
    known = at_as_of.assign(known_at_as_of=True)
    if latest is None:
        return known.reset_index(drop=True)
    missing = latest[~latest["series"].isin(at_as_of["series"])].assign(known_at_as_of=False)
    return pd.concat([known, missing], ignore_index=True)


def _anchor_row(key: str, spec: AnchorSpec, obs: pd.DataFrame) -> dict:
    hit = obs[obs["series"] == spec.series]
    if hit.empty:
        raise ScenarioError(
            f"scenario key '{key}' is from_data but no observation of series '{spec.series}' is "
            "in the inputs; set a number for it in an override file"
        )
    row = hit.iloc[-1]
    ds = pd.Timestamp(row["ds"])
    if spec.field in ("year", "month"):
        value = int(getattr(ds, spec.field))
    else:
        value = float(row["y"]) * spec.factor
    return {
        "key": key,
        "value": value,
        "unit": spec.unit,
        "series": spec.series,
        "observation_date": ds,
        "source_id": row["source_id"],
        "known_at_as_of": bool(row.get("known_at_as_of", True)),
    }


def resolve_anchors(
    scenario: Scenario, observations: pd.DataFrame | None
) -> tuple[Scenario, pd.DataFrame]:
    """The scenario with every ``from_data`` key replaced by its observation, and the anchors
    table (:data:`ANCHOR_COLUMNS`, one row per resolved key). A scenario without ``from_data``
    keys comes back unchanged with an empty table."""
    keys = scenario.from_data_keys()
    if not keys:
        return scenario, pd.DataFrame(columns=ANCHOR_COLUMNS)
    obs = observations if observations is not None else pd.DataFrame(columns=["series"])
    rows = [_anchor_row(key, ANCHOR_KEYS[key], obs) for key in keys]
    data = scenario.to_dict()
    for row in rows:
        set_dotted(data, row["key"], row["value"], "<from_data>")
    try:
        resolved = build_scenario(data, "<from_data>")
    except ScenarioError as exc:
        used = ", ".join(f"{r['key']} = {r['value']:g}" for r in rows)
        raise ScenarioError(
            f"scenario '{scenario.name}' with its from_data keys filled ({used}): {exc}"
        ) from None
    return resolved, pd.DataFrame(rows, columns=ANCHOR_COLUMNS)
