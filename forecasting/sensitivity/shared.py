"""What every parameter set of a sensitivity sweep shares (``forecasting.sensitivity``).

EV sales from the engine and the base posterior's supply draws are computed once per sweep
and tiled over the design's blocks; SALib's bootstrap is run under a seeded global generator.
"""

from __future__ import annotations

import numpy as np

from forecasting.domain.run import scenario_params, simulate_model


def _engine_sales(scenario, inputs, years, n_inner, seed) -> dict[str, np.ndarray]:
    """EV sales paths of the regions whose ``sales_source`` is ``engine`` (``n_inner`` rows,
    the same for every parameter set: sales do not depend on the supply assumptions)."""
    from forecasting.domain.engine_sales import engine_sales_paths

    out = {}
    for j, region in enumerate(("china", "world")):
        cfg = getattr(scenario.demand, region)
        if cfg.sales_source == "engine":
            hist = inputs.history.get(f"{region}_ev_sales_units", {})
            out[region] = engine_sales_paths(hist, cfg, years, n_inner, seed + j, region)
    return out


def _base_posterior_draws(scenario, inputs, years, n_inner, seed) -> tuple:
    """The supply draws of the base scenario's posterior (``n_inner`` paths): every parameter
    set of a design reuses them, so the sweep moves the assumptions over one fitted history
    (and common random numbers) instead of conditioning each set again."""
    params = scenario_params(scenario, n_inner)
    out: list = []
    simulate_model(inputs, scenario, years, params, seed, supply_out=out)
    return out[0].draws, out[0].unlisted_u


def _tile_draws(draws: tuple, reps: int) -> tuple:
    sup, unl = draws
    arrays = [
        None if a is None else np.tile(a, (reps,) + (1,) * (a.ndim - 1)) for a in sup.arrays()
    ]
    return type(sup)(*arrays), np.tile(unl, (reps, 1))


class _seeded_global:
    """Seed NumPy's global generator for a block, then restore it: SALib's bootstrap uses the
    global generator when its own ``seed`` is falsy (``if seed:``), so seed 0 was not
    reproducible."""

    def __init__(self, seed: int) -> None:
        self.seed, self.state = int(seed), None

    def __enter__(self):
        self.state = np.random.get_state()  # noqa: NPY002
        np.random.seed(self.seed)  # noqa: NPY002

    def __exit__(self, *exc):
        np.random.set_state(self.state)  # noqa: NPY002
