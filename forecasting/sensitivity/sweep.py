"""Scenario grids: ``build_sensitivity_grid`` makes every combination of the given values as new
validated scenarios; ``run_sweep`` runs them with joblib (or on a Dask cluster given
``dask_address``) and stacks the summaries and target tables in long frames with ``scenario``."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import pandas as pd

from forecasting.domain.inputs import DomainInputs
from forecasting.domain.run import run_scenario
from forecasting.scenarios import Scenario
from forecasting.sensitivity.core import _backend, _default_inputs


def build_sensitivity_grid(base: Scenario, grid: Mapping[str, Sequence[object]]) -> list[Scenario]:
    """Every combination of the grid values as a new validated scenario, named
    ``<base>__<key>=<value>__...`` (the base scenario is never modified)."""
    keys = list(grid)
    out = []
    for combo in itertools.product(*(grid[k] for k in keys)):
        label = "__".join(f"{k}={v}" for k, v in zip(keys, combo, strict=True))
        changes = dict(zip(keys, combo, strict=True))
        changes["name"] = f"{base.name}__{label}"
        out.append(base.with_overrides(changes))
    return out


def _run_one(scenario, n_paths, seed, inputs, targets):
    res = run_scenario(scenario, n_paths=n_paths, seed=seed, inputs=inputs)
    tab = res.target_table(targets) if targets is not None else None
    return res.summary(), tab


def run_sweep(
    scenarios: Sequence[Scenario],
    *,
    inputs: DomainInputs | None = None,
    n_paths: int = 1000,
    seed: int = 0,
    targets: pd.DataFrame | None = None,
    n_jobs: int = 1,
    dask_address: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Run scenarios in parallel; return (stacked summaries, stacked target tables or None),
    each with a ``scenario`` column."""
    from joblib import Parallel, delayed

    inputs = inputs if inputs is not None else _default_inputs()
    with _backend(dask_address):
        parts = Parallel(n_jobs=n_jobs)(
            delayed(_run_one)(s, n_paths, seed, inputs, targets) for s in scenarios
        )
    summary = pd.concat([p[0] for p in parts], ignore_index=True)
    tabs = [p[1] for p in parts if p[1] is not None]
    return summary, (pd.concat(tabs, ignore_index=True) if tabs else None)
