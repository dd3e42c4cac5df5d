"""What a vintage may use: series whose anchors were published after ``as_of``.

:func:`unknown_series` names the simulated series that cannot be computed from what was known
at the cut-off (the world side before the IEA and OWID releases: NaN paths, with a warning) and
refuses a run whose China or price anchors were not yet published; :func:`mask_series` applies
it to the paths.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Anchor key prefix -> series that cannot be simulated honestly without it (NaN paths).
_NEEDS = {
    "demand.world.": (
        "world_ev_sales_units",
        "world_ev_battery_demand_gwh",
        "world_bev_battery_demand_gwh",
        "world_phev_battery_demand_gwh",
        "world_ev_lithium_demand_t_lce",
        "world_lithium_demand_t_lce",
        "world_lithium_balance_t_lce",
    ),
    "balance.world_supply": (
        "world_lithium_supply_t_lce",
        "world_lithium_balance_t_lce",
        "qinghai_share_of_world_supply",
    ),
}
#: Anchors without which the scenario is refused (the Qinghai and China answers need them).
_REQUIRED = ("demand.china.", "value.price.")


def unknown_series(anchors_used: pd.DataFrame) -> set[str]:
    """Series that cannot be simulated from what was known at ``as_of`` (their anchors were
    published later: the world side before the IEA and OWID releases). A China or price anchor
    published after ``as_of`` is refused (:class:`ScenarioError`): a vintage uses only what was
    known then."""
    from forecasting.errors import ScenarioError

    if anchors_used.empty or "known_at_as_of" not in anchors_used.columns:
        return set()
    late = anchors_used[~anchors_used["known_at_as_of"].astype(bool)]
    bad = [k for k in late["key"] if k.startswith(_REQUIRED)]
    if bad:
        series = sorted(set(late.loc[late["key"].isin(bad), "series"]))
        raise ScenarioError(
            f"no observation of {', '.join(series)} was published by the cut-off, so from_data "
            f"keys {bad} cannot be filled; set numbers for them in an override file or choose a "
            "later as_of"
        )
    masked: set[str] = set()
    for prefix, series in _NEEDS.items():
        if any(k.startswith(prefix) for k in late["key"]):
            masked.update(series)
    return masked


def mask_series(paths: dict[str, np.ndarray], masked: set[str]) -> dict[str, np.ndarray]:
    """Paths with NaN for ``masked`` (and a warning naming them)."""
    import warnings

    if not masked:
        return paths
    out = dict(paths)
    for uid in masked:
        out[uid] = np.full_like(out[uid], np.nan)
    warnings.warn(
        "not simulated (anchor not yet published at the cut-off): " + ", ".join(sorted(masked)),
        stacklevel=3,
    )
    return out
