"""Data the domain model needs, collected once from ``forecasting.data`` (or built by hand).

The domain functions are pure: they take :class:`DomainInputs`. ``build_inputs_from_datasets``
is the thin wiring to the bundled datasets; tests build small inputs inline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from forecasting.data.units import LI_TO_LCE
from forecasting.domain import price as price_model
from forecasting.domain.demand import RegionBattery, build_region_battery
from forecasting.domain.project_pipeline import Pipeline, build_pipeline

#: Battery data regions used for China and world demand (Busch et al. 2022 tables).
DEMAND_REGIONS = {"china": "China", "world": "World"}
#: Observed series (``load_series`` id -> (simulated id, factor)) whose values replace the
#: simulated ones up to each series' base year. World supply: mine production in t Li x LI_TO_LCE.
#: China EV sales: CAAM NEV sales including exports (vehicles built in China; see
#: :mod:`forecasting.domain.demand`), the basis of ``demand.china.ev_sales_base_units``.
HISTORY_IDS = {
    "china_nev_sales_units": ("china_ev_sales_units", 1.0),
    "world_ev_sales_units": ("world_ev_sales_units", 1.0),
    "world_lithium_mine_production_t_li": ("world_lithium_supply_t_lce", LI_TO_LCE),
    "china_power_battery_installations_gwh": ("china_ev_battery_demand_gwh", 1.0),
}


@dataclass(frozen=True)
class DomainInputs:
    """Pipeline (kept per ``include_unknown``), 2022 battery facts per region, price history,
    and observed annual history ``{unique_id: {year: value}}`` used for the simulated years up to
    each series' base year (``china_ev_sales_units``, ``world_ev_sales_units``,
    ``world_lithium_supply_t_lce``). ``anchors``: the last observation of each anchor series
    (``series, ds, y, unit, source_id, known_at_as_of``, see
    :func:`forecasting.data.anchors.load_anchor_observations`) for the scenario's ``from_data``
    keys; None when the inputs carry none."""

    projects: pd.DataFrame
    batteries: dict[str, RegionBattery]
    price_history_cny_per_t: dict[int, float] = field(default_factory=dict)
    history: dict[str, dict[int, float]] = field(default_factory=dict)
    anchors: pd.DataFrame | None = None
    #: Supply observations known at as_of (:func:`forecasting.domain.observations.
    #: supply_observations`); the supply paths are conditioned on them. None: unconditioned.
    supply_observations: pd.DataFrame | None = None
    #: Annual mean prices ``year, mean_cny_per_t, n_months, series`` (densest series a year).
    price_annual: pd.DataFrame | None = None

    def pipeline(self, include_unknown: bool, undated_status_year: int | None = None) -> Pipeline:
        """The modelled projects (``include_in_pipeline`` rows; unknown status if asked; rows
        with no start and no status year placed at ``undated_status_year``)."""
        return build_pipeline(self.projects, include_unknown, undated_status_year)


def build_inputs(
    projects: pd.DataFrame,
    battery_size: pd.DataFrame,
    chemistry_share: pd.DataFrame,
    intensity: pd.DataFrame,
    prices: pd.DataFrame | None = None,
    series: pd.DataFrame | None = None,
    anchors: pd.DataFrame | None = None,
    gfex: pd.DataFrame | None = None,
    supply_observations: pd.DataFrame | None = None,
) -> DomainInputs:
    """Assemble :class:`DomainInputs` from the loader frames (see each builder for columns).

    ``series``: long frame ``unique_id, ds, y`` of annual observations; rows of the ids in
    :data:`HISTORY_IDS` become the observed history (one value per year, the last if repeated),
    converted to the simulated unit. ``anchors``: observations for ``from_data`` keys (see
    :class:`DomainInputs`; a missing ``known_at_as_of`` column means known). ``prices`` (spot,
    ``load_lithium_price``) and ``gfex`` (``load_gfex_monthly``) give the annual price means
    (:func:`forecasting.domain.price.annual_price_means`).
    """
    batteries = {
        key: build_region_battery(battery_size, chemistry_share, intensity, region)
        for key, region in DEMAND_REGIONS.items()
    }
    build_pipeline(projects, True, 0)  # validate early, with the project named in any error
    annual = None
    history: dict[int, float] = {}
    if prices is not None:
        annual = price_model.annual_price_means(price_model.monthly_series(prices, gfex))
        history = dict(zip(annual["year"].astype(int), annual["mean_cny_per_t"], strict=True))
    if anchors is not None and prices is not None:
        extra = price_anchor_rows(prices, gfex)
        extra = extra[~extra["series"].isin(anchors["series"])]
        anchors = pd.concat([anchors, extra], ignore_index=True) if len(extra) else anchors
    if anchors is not None and "known_at_as_of" not in anchors.columns:
        anchors = anchors.assign(known_at_as_of=True)
    anchors = (
        None
        if anchors is None
        else anchors.assign(known_at_as_of=anchors["known_at_as_of"].fillna(True).astype(bool))
    )
    return DomainInputs(
        projects, batteries, history, _history(series), anchors, supply_observations, annual
    )


def price_anchor_rows(prices: pd.DataFrame, gfex: pd.DataFrame | None) -> pd.DataFrame:
    """The price series of :mod:`forecasting.domain.anchoring` (latest level, long-run level,
    log volatility, last full-year mean) as anchor observation rows; empty without prices."""
    monthly = price_model.monthly_series(prices, gfex)
    if not any(len(s) for s in monthly.values()):
        return pd.DataFrame(columns=["series", "ds", "y", "unit", "source_id"])
    facts = price_model.price_facts(price_model.annual_price_means(monthly), monthly)
    latest = pd.Timestamp(year=facts["latest_year"], month=facts["latest_month"], day=1)
    latest = latest + pd.offsets.MonthEnd(0)
    full_end = pd.Timestamp(f"{facts['last_full_year']}-12-31")
    src = "computed from lithium_carbonate_price_china and gfex_monthly (forecasting.domain.price)"
    rows = [
        ("lithium_carbonate_price_latest_cny_per_t", latest, facts["latest_cny_per_t"], "CNY/t"),
        (
            "lithium_carbonate_price_long_run_cny_per_t",
            full_end,
            facts["long_run_cny_per_t"],
            "CNY/t",
        ),
        ("lithium_carbonate_price_log_volatility", full_end, facts["log_sigma"], "log units"),
        (
            "lithium_carbonate_price_last_full_year_mean_cny_per_t",
            full_end,
            facts["last_full_year_mean_cny_per_t"],
            "CNY/t",
        ),
    ]
    return pd.DataFrame(
        [(n, d, y, u, src) for n, d, y, u in rows],
        columns=["series", "ds", "y", "unit", "source_id"],
    )


def _history(series: pd.DataFrame | None) -> dict[str, dict[int, float]]:
    if series is None:
        return {}
    out: dict[str, dict[int, float]] = {}
    for uid, (sim_id, factor) in HISTORY_IDS.items():
        rows = series[(series["unique_id"] == uid) & series["y"].notna()]
        years = pd.to_datetime(rows["ds"]).dt.year
        out[sim_id] = {int(y): float(v) * factor for y, v in zip(years, rows["y"], strict=True)}
    return out


def build_inputs_from_datasets(
    as_of: object = None, path: str | Path | None = None
) -> DomainInputs:
    """Read the bundled datasets through ``forecasting.data`` loaders.

    ``as_of`` makes a vintage: the observed series (sales, world supply), the price history and
    the project pipeline keep what was published by then (projects by the earliest date of their
    sources; each keeps its latest reported status, see
    :func:`forecasting.data.load_qinghai_projects`). The 2022 battery tables are read as they
    are (one edition, published 2025). ``path``: a folder of
    the user's tables in the bundled schema (e.g. a licensed price file saved as
    ``lithium_carbonate_price_china.csv``); each table found there replaces the bundled one.

    ``anchors`` (for the scenario's ``from_data`` keys) are the last observations published by
    ``as_of``; a series with none by then takes its latest one, flagged ``known_at_as_of`` False.
    """
    from forecasting import data
    from forecasting.data.anchors import load_anchor_observations
    from forecasting.data.registry import table_file
    from forecasting.domain.anchoring import observations_with_fallback
    from forecasting.domain.observations import known_at, load_supply_observations

    def mine(table: str) -> Path | None:
        return table_file(path, table)

    def anchors_at(cut: object) -> pd.DataFrame:
        price_rows = price_anchor_rows(
            data.load_lithium_price(path=mine("lithium_price"), as_of=cut),
            data.load_gfex_monthly(path=mine("gfex_monthly"), as_of=cut),
        )
        return pd.concat(
            [load_anchor_observations(as_of=cut, path=path), price_rows], ignore_index=True
        )

    prices = data.load_lithium_price(path=mine("lithium_price"), as_of=as_of)
    return build_inputs(
        # the folder itself, so its own project status history (if any) goes with its projects
        data.load_qinghai_projects(path=path if mine("qinghai_projects") else None, as_of=as_of),
        data.load_battery_size(path=mine("battery_size")),
        data.load_battery_chemistry_share(path=mine("battery_chemistry_share")),
        data.load_lithium_intensity(path=mine("lithium_intensity")),
        prices,
        data.load_series(ids=list(HISTORY_IDS), as_of=as_of, path=path),
        observations_with_fallback(anchors_at(as_of), None if as_of is None else anchors_at(None)),
        data.load_gfex_monthly(path=mine("gfex_monthly"), as_of=as_of),
        known_at(load_supply_observations(path), as_of),
    )
