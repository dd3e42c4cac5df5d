"""Scenario files -> frozen, validated assumption objects.

A scenario is ``datasets/scenarios/base.yaml`` (every assumption, each with a comment giving its
meaning, unit, range and source) merged with an optional override file that holds only what it
changes (``high_ev.yaml``, ``delayed_projects.yaml``, ...). Merging happens on plain dicts; the
merged dict is then validated field by field against the dataclasses below. An unknown key, a
missing key, a wrong type or an out-of-range value raises :class:`ScenarioError` naming the file
and the dotted key, e.g. ``low_price.yaml: key 'value.price.levels_cny_per_t.current' = -5 is out
of range [0, 2000000]``. Scenario files are only ever read.

Ranges live in the field metadata (``_p(lo, hi, unit)``); a nested group inherits its parent's
range (e.g. every status in ``completion_probability`` must lie in [0, 1]). The generic checks
(types, ranges, unknown and missing keys, YAML reading and merging) are in
:mod:`forecasting.scenario_validation`.

Observed anchors (EV sales base year and units, BEV share base, world supply base, price anchor;
fields declared ``from_data=True``) may be ``from_data``: the value is the last observation known
at the run's ``as_of``, filled in by :func:`forecasting.domain.resolve_anchors` when the scenario
runs. A number in a file is an assumption and is used as given.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from forecasting import paths
from forecasting.data.tables import PROJECT_STATUS
from forecasting.data.tables_levers import TECHNOLOGIES
from forecasting.errors import ScenarioError
from forecasting.scenario_validation import (
    FROM_DATA,
    build_dataclass,
    flatten,
    merge_into,
    set_dotted,
)
from forecasting.scenario_validation import group_field as _group
from forecasting.scenario_validation import ranged_field as _p
from forecasting.textfiles import load_yaml_mapping

#: The default scenarios folder at import time (functions re-read :func:`paths.scenarios_dir`).
SCENARIOS_DIR = paths.scenarios_dir()
BASE_FILE = "base.yaml"
#: Pipeline statuses, in the order of the project table's status vocabulary.
STATUSES = PROJECT_STATUS
PRICE_SCENARIOS = ("long_run", "trough_2020", "peak_2022", "current")
#: EV sales paths: the scenario's logistic curve, or the engine's fitted logistic growth model.
SALES_SOURCES = ("logistic", "engine")


@dataclasses.dataclass(frozen=True)
class ByStatus:
    """One number per pipeline status (range and unit come from the parent field)."""

    operating: float
    commissioning: float
    under_construction: float
    approved: float
    announced: float
    unknown: float

    def as_array(self) -> tuple[float, ...]:
        """Values in the order of :data:`STATUSES`."""
        return tuple(float(getattr(self, s)) for s in STATUSES)


@dataclasses.dataclass(frozen=True)
class Simulation:
    start_year: int = _p(2000, 2100, "year")
    end_year: int = _p(2000, 2100, "year")
    n_paths: int = _p(1, 1_000_000, "paths")
    seed: int = _p(0, 2**32 - 1, "seed")

    def __post_init__(self) -> None:
        if self.end_year < max(self.start_year, 2035):
            raise ScenarioError(
                f"key 'simulation.end_year' = {self.end_year} must be >= 2035 and >= start_year"
            )


@dataclasses.dataclass(frozen=True)
class Unlisted:
    """Capacity of producers the pipeline does not list (``supply.unlisted_capacity_t_lce``)."""

    base_year: int = _p(2000, 2100, "year")
    capacity_base_low_t_lce: float = _p(0.0, 1e6, "t LCE/yr")
    capacity_base_high_t_lce: float = _p(0.0, 1e6, "t LCE/yr")
    growth_low_t_lce_per_year: float = _p(0.0, 1e5, "t LCE/yr per yr")
    growth_high_t_lce_per_year: float = _p(0.0, 1e5, "t LCE/yr per yr")

    def __post_init__(self) -> None:
        for what in ("capacity_base", "growth"):
            unit = "" if what == "capacity_base" else "_per_year"
            lo = getattr(self, f"{what}_low_t_lce{unit}")
            hi = getattr(self, f"{what}_high_t_lce{unit}")
            if lo > hi:
                raise ScenarioError(
                    f"key 'supply.unlisted.{what}_low_t_lce{unit}' = {lo} exceeds "
                    f"'{what}_high_t_lce{unit}' = {hi}"
                )


@dataclasses.dataclass(frozen=True)
class Conditioning:
    """Sampling-importance-resampling on the observations (``domain.conditioning``)."""

    enabled: bool = _p(0, 1, "flag")
    prior_draws_per_path: int = _p(1, 100, "prior paths per posterior path")
    min_ess_share: float = _p(0.0, 1.0, "share of the pool")


@dataclasses.dataclass(frozen=True)
class Supply:
    include_unknown_status: bool = _p(0, 1, "flag")
    capacity_ramps: bool = _p(0, 1, "flag")
    undated_status_year: int = _p(2000, 2100, "year")
    ramp_years_to_nameplate: float = _p(0, 10, "years")
    completion_probability: ByStatus = _group(0.0, 1.0, "probability")
    mean_delay_years: ByStatus = _group(0.0, 15.0, "years")
    start_lag_years: ByStatus = _group(-10.0, 15.0, "years")
    utilisation_mean: float = _p(0.0, 1.0, "share of nameplate")
    utilisation_half_width: float = _p(0.0, 0.5, "share of nameplate")
    max_utilisation: float = _p(1.0, 2.0, "share of nameplate")
    operating_start_spread_years: float = _p(0.0, 30.0, "years")
    utilisation_year_log_sd: float = _p(0.0, 2.0, "log units")
    utilisation_year_autocorrelation: float = _p(0.0, 0.99, "correlation")
    nameplate_factor_low: float = _p(0.1, 3.0, "effective / listed nameplate")
    nameplate_factor_high: float = _p(0.1, 3.0, "effective / listed nameplate")
    history_start_year: int = _p(1990, 2100, "year")
    unlisted: Unlisted = _group()
    conditioning: Conditioning = _group()


@dataclasses.dataclass(frozen=True)
class RegionDemand:
    sales_source: str = _p(0, 0, "name", SALES_SOURCES)
    base_year: int = _p(2015, 2035, "year", from_data=True)
    ev_sales_base_units: float = _p(0, 2e8, "vehicles/yr", from_data=True)
    ev_sales_saturation_units: float = _p(1, 2e8, "vehicles/yr")
    growth_rate_per_year: float = _p(0.0, 2.0, "1/yr")
    growth_rate_sd_per_year: float = _p(0.0, 2.0, "1/yr")
    saturation_log_sd: float = _p(0.0, 1.0, "log units")
    bev_share_base: float = _p(0.0, 1.0, "share of EV sales", from_data=True)
    bev_share_end: float = _p(0.0, 1.0, "share of EV sales")
    battery_kwh_growth_bev_per_year: float = _p(-0.1, 0.2, "1/yr")
    battery_kwh_growth_phev_per_year: float = _p(-0.1, 0.2, "1/yr")
    lfp_share_end: float = _p(0.0, 1.0, "share of kWh")
    sodium_ion_share_end: float = _p(0.0, 1.0, "share of kWh")
    other_demand_share_of_ev: float = _p(0.0, 5.0, "t LCE per t LCE of EV demand")
    non_battery_demand_t_lce: float = _p(0.0, 1e7, "t LCE/yr")

    def __post_init__(self) -> None:
        base = self.ev_sales_base_units
        if base != FROM_DATA and self.ev_sales_saturation_units < base:
            raise ScenarioError(
                f"key 'ev_sales_saturation_units' = {self.ev_sales_saturation_units} is below "
                f"'ev_sales_base_units' = {self.ev_sales_base_units}"
            )
        if self.lfp_share_end + self.sodium_ion_share_end > 1.0:
            raise ScenarioError(
                "keys 'lfp_share_end' + 'sodium_ion_share_end' = "
                f"{self.lfp_share_end + self.sodium_ion_share_end} exceed 1"
            )


@dataclasses.dataclass(frozen=True)
class Demand:
    trend_end_year: int = _p(2025, 2100, "year")
    china: RegionDemand = _group()
    world: RegionDemand = _group()


@dataclasses.dataclass(frozen=True)
class Balance:
    world_supply_base_year: int = _p(2015, 2035, "year", from_data=True)
    world_supply_base_t_lce: float = _p(0, 1e8, "t LCE/yr", from_data=True)
    world_supply_growth_per_year: float = _p(-0.5, 1.0, "1/yr")
    world_supply_growth_sd: float = _p(0.0, 1.0, "1/yr")


@dataclasses.dataclass(frozen=True)
class PriceLevels:
    trough_2020: float
    peak_2022: float
    current: float = dataclasses.field(metadata={"from_data": True})
    long_run: float = dataclasses.field(metadata={"from_data": True})


@dataclasses.dataclass(frozen=True)
class Price:
    scenario: str = _p(0, 0, "name", PRICE_SCENARIOS)
    levels_cny_per_t: PriceLevels = _group(0.0, 2e6, "CNY/t")
    anchor_year: int = _p(2015, 2035, "year", from_data=True)
    anchor_month: int = _p(1, 12, "month", from_data=True)
    anchor_cny_per_t: float = _p(0.0, 2e6, "CNY/t", from_data=True)
    half_life_years: float = _p(0.1, 50.0, "years")
    volatility_log_sd: float = _p(0.0, 2.0, "log units per sqrt(yr)", from_data=True)
    tail_df: float = _p(2.1, 1000.0, "degrees of freedom")
    reference_price_cny_per_t: float = _p(1.0, 2e6, "CNY/t", from_data=True)
    path_cny_per_t: dict[int, float] = _p(0.0, 2e6, "CNY/t")

    def level_cny_per_t(self) -> float:
        """The long-run price level of the named price scenario, CNY/t."""
        level = getattr(self.levels_cny_per_t, self.scenario)
        if level == FROM_DATA:
            raise ScenarioError(
                f"key 'value.price.levels_cny_per_t.{self.scenario}' is from_data: resolve the "
                "scenario first (forecasting.domain.resolve_anchors or run_scenario)"
            )
        return float(level)


@dataclasses.dataclass(frozen=True)
class Cells:
    enabled: bool = _p(0, 1, "flag")
    base_year: int = _p(2015, 2035, "year")
    capacity_base_gwh: float = _p(0.0, 1000.0, "GWh/yr")
    capacity_end_gwh: float = _p(0.0, 1000.0, "GWh/yr")
    end_year: int = _p(2016, 2100, "year")
    capacity_half_width: float = _p(0.0, 1.0, "share")
    utilisation_mean: float = _p(0.0, 1.0, "share of capacity")
    price_cny_per_kwh: float = _p(0.0, 5000.0, "CNY/kWh")

    def __post_init__(self) -> None:
        if self.end_year <= self.base_year:
            raise ScenarioError(f"key 'end_year' = {self.end_year} must be after 'base_year'")


@dataclasses.dataclass(frozen=True)
class Value:
    price: Price = _group()
    cells: Cells = _group()


@dataclasses.dataclass(frozen=True)
class Technology:
    """Lever 1: lithium recovery from brine (:mod:`forecasting.domain.levers`)."""

    process: str = _p(0, 0, "name", TECHNOLOGIES)
    recovery_now: float = _p(0.01, 1.0, "share of brine lithium")
    recovery_target: float = _p(0.01, 1.0, "share of brine lithium")
    upgrade_start_year: int = _p(2000, 2100, "year")
    upgrade_years: float = _p(1.0, 30.0, "years")
    brine_limited_share: float = _p(0.0, 1.0, "share of output")


@dataclasses.dataclass(frozen=True)
class Ecological:
    """Lever 2: a sustainable-extraction ceiling from reserves (and an optional quota)."""

    enabled: bool = _p(0, 1, "flag")
    reserves_t_li: float = _p(0.0, 1e8, "t Li")
    max_extraction_share_per_year: float = _p(0.0, 1.0, "share of reserves per year")
    brine_quota_t_lce: float = _p(0.0, 1e7, "t LCE/yr (0: none)")
    start_year: int = _p(2000, 2100, "year")


@dataclasses.dataclass(frozen=True)
class Policy:
    """Lever 3: entry threshold, approval pace, licence and inspection halts."""

    entry_threshold_t_lce: float = _p(0.0, 1e6, "t LCE/yr of listed nameplate")
    threshold_year: int = _p(2000, 2100, "year")
    approval_pace: float = _p(0.0, 3.0, "multiplier on completion probability")
    halt_probability_per_plant_year: float = _p(0.0, 1.0, "probability")
    halt_days: float = _p(0.0, 365.0, "days")
    halt_start_year: int = _p(2000, 2100, "year")


@dataclasses.dataclass(frozen=True)
class Recycling:
    """Lever 4: secondary lithium from retired EV batteries in China."""

    battery_life_years: int = _p(1, 30, "years")
    collection_rate_now: float = _p(0.0, 1.0, "share of retired batteries")
    collection_rate_target: float = _p(0.0, 1.0, "share of retired batteries")
    start_year: int = _p(2000, 2100, "year")
    target_year: int = _p(2000, 2100, "year")
    lithium_recovery: float = _p(0.0, 1.0, "share of lithium")
    qinghai_share_of_recycling: float = _p(0.0, 1.0, "share of China's recycled LCE")


@dataclasses.dataclass(frozen=True)
class Levers:
    technology: Technology = _group()
    ecological: Ecological = _group()
    policy: Policy = _group()
    recycling: Recycling = _group()

    def dated_keys(self) -> dict[str, int]:
        """Every lever year, by dotted key (checked against the simulated years)."""
        return {
            "levers.technology.upgrade_start_year": self.technology.upgrade_start_year,
            "levers.ecological.start_year": self.ecological.start_year,
            "levers.policy.threshold_year": self.policy.threshold_year,
            "levers.policy.halt_start_year": self.policy.halt_start_year,
            "levers.recycling.start_year": self.recycling.start_year,
            "levers.recycling.target_year": self.recycling.target_year,
        }


@dataclasses.dataclass(frozen=True)
class Scenario:
    """Every assumption of one scenario (a new instance per scenario; never mutated)."""

    name: str = _p(0, 0, "name")
    description: str = _p(0, 0, "text")
    simulation: Simulation = _group()
    supply: Supply = _group()
    demand: Demand = _group()
    balance: Balance = _group()
    value: Value = _group()
    levers: Levers = _group()

    def __post_init__(self) -> None:
        lo, hi = self.simulation.start_year, self.simulation.end_year
        for key, year in self.levers.dated_keys().items():
            if not lo <= year <= hi:
                raise ScenarioError(
                    f"key '{key}' = {year} is outside the simulated years {lo}-{hi}"
                )

    def to_dict(self) -> dict[str, Any]:
        """Plain nested dict (what a YAML file holding every key would contain)."""

        def plain(items: list[tuple[str, Any]]) -> dict[str, Any]:
            return {k: str(v) if isinstance(v, str) else v for k, v in items}

        return dataclasses.asdict(self, dict_factory=plain)

    def with_overrides(self, overrides: Mapping[str, Any] | None = None, **dotted: Any) -> Scenario:
        """A new, validated scenario with some dotted keys replaced.

        Keyword form works too: ``s.with_overrides(**{"supply.utilisation_mean": 0.9})``.
        """
        changes = {**(overrides or {}), **dotted}
        data = self.to_dict()
        for key, val in changes.items():
            set_dotted(data, key, val, "<overrides>")
        return build_scenario(data, "<overrides>")

    def from_data_keys(self) -> list[str]:
        """Dotted keys still set to ``from_data`` (observed anchors not yet resolved)."""
        return [k for k, v in flatten(self.to_dict()).items() if v == FROM_DATA]

    def flat_numeric(self) -> dict[str, float]:
        """Every numeric leaf as ``{dotted_key: value}`` (booleans, strings, maps excluded)."""
        return {
            k: float(v)
            for k, v in flatten(self.to_dict()).items()
            if isinstance(v, int | float) and not isinstance(v, bool)
        }


def param_range(key: str) -> tuple[float, float]:
    """Allowed ``(lo, hi)`` of a numeric dotted key, from the dataclass metadata."""
    cls: Any = Scenario
    rng = None
    for part in key.split("."):
        if not dataclasses.is_dataclass(cls):
            raise ScenarioError(f"unknown scenario key '{key}'")
        fields = {f.name: f for f in dataclasses.fields(cls)}
        if part not in fields:
            raise ScenarioError(f"unknown scenario key '{key}'")
        rng = fields[part].metadata.get("range") or rng
        cls = typing.get_type_hints(cls)[part]
    if rng is None or dataclasses.is_dataclass(cls):
        raise ScenarioError(f"scenario key '{key}' is not a numeric leaf")
    return float(rng[0]), float(rng[1])


def build_scenario(data: Mapping[str, Any], file: str | Mapping[str, str]) -> Scenario:
    """Validate a merged dict into a :class:`Scenario`.

    ``file`` is the file name used in error messages, or a map ``dotted key -> file`` (the keys
    an override set point at the override file; everything else at the base file).
    """
    if isinstance(file, str):
        default = file
        owners: Mapping[str, str] = {}
    else:
        default = file.get("", "<scenario>")
        owners = file

    def origin(key: str) -> str:
        key = key.rstrip(".")
        while key:
            if key in owners:
                return owners[key]
            key = key.rpartition(".")[0]
        return default

    return build_dataclass(Scenario, data, origin, "", None)


def read_scenario_file(path: Path) -> dict[str, Any]:
    """The top-level mapping of one scenario YAML file (UTF-8, unique keys, not empty)."""
    return load_yaml_mapping(path, "scenario file", ScenarioError)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # a symlink loop: read_scenario_file names it
        return False


def list_scenarios(scenarios_dir: str | Path | None = None) -> list[str]:
    """Names of the scenario files in ``scenarios_dir`` (default :func:`paths.scenarios_dir`;
    base first)."""
    sdir = Path(scenarios_dir) if scenarios_dir is not None else paths.scenarios_dir()
    names = sorted(p.stem for p in sdir.glob("*.yaml"))
    return sorted(names, key=lambda n: (n != "base", n))


def load_scenario(name_or_path: str | Path, scenarios_dir: str | Path | None = None) -> Scenario:
    """Load ``base.yaml`` merged with the named override (a name in ``scenarios_dir`` or a path).

    The scenario's ``name`` is the override file's stem unless the file sets ``name`` itself.
    """
    if not isinstance(name_or_path, str | Path):
        raise ScenarioError(
            f"scenario must be a name or a path to a YAML file, got {type(name_or_path).__name__}"
        )
    sdir = Path(scenarios_dir) if scenarios_dir is not None else paths.scenarios_dir()
    base_path = sdir / BASE_FILE
    cand = Path(name_or_path)
    if cand.suffix in (".yaml", ".yml") or cand.exists():
        path = cand
    else:
        path = sdir / f"{name_or_path}.yaml"
        if not path.exists():
            raise ScenarioError(
                f"unknown scenario {str(name_or_path)!r}: no file {path} "
                f"(available: {', '.join(list_scenarios(sdir))})"
            )
    data = read_scenario_file(base_path)
    owners = {"": str(base_path)}
    if not _same_file(path, base_path):
        over = read_scenario_file(path)
        merge_into(data, over, str(path))
        owners.update({k: str(path) for k in flatten(over)})
        if "name" not in over:
            data["name"] = path.stem
            owners["name"] = str(path)
    return build_scenario(data, owners)
