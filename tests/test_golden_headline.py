"""Golden snapshot of the headline numbers (base scenario, bundled data, seed 0, 1,000 paths).

A refactor must leave these unchanged (relative tolerance 1e-9: the run is seeded and
deterministic; the tolerance only absorbs summation order). A deliberate model or data change
regenerates the file and says why in its commit message::

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_headline.py

The snapshot covers supply, price and value and the target probabilities; EV demand comes from
the forecasting engine, whose own regression tests cover it.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from forecasting.data import load_targets
from forecasting.domain import run_scenario
from forecasting.scenarios import load_scenario

GOLDEN = Path(__file__).parent / "golden" / "headline_base.csv"
SERIES = (
    "qinghai_capacity_t_lce",
    "qinghai_output_t_lce",
    "qinghai_output_value_bn_cny",
    "lithium_carbonate_price_cny_per_t",
)
YEARS = (2020, 2022, 2025, 2030, 2035)


def headline() -> pd.DataFrame:
    """``quantity, value``: medians and 10/90 % of the series above in the years above, and
    P(reached by its year) of every modelled registry target."""
    res = run_scenario(load_scenario("base"), n_paths=1000, seed=0)
    rows = []
    years = list(res.years)
    for uid in SERIES:
        for year in YEARS:
            col = res.paths[uid][:, years.index(year)]
            for q in (0.1, 0.5, 0.9):
                rows.append((f"{uid}@{year}:p{int(q * 100)}", float(np.quantile(col, q))))
    tab = res.target_table(load_targets())
    for rec in tab.to_dict("records"):
        rows.append((f"p_reached_by_year:{rec['target_id']}", float(rec["p_reached_by_year"])))
    return pd.DataFrame(rows, columns=["quantity", "value"])


@pytest.mark.slow
def test_headline_numbers_match_the_golden_snapshot():
    now = headline()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        now.to_csv(GOLDEN, index=False, float_format="%.12g")
    old = pd.read_csv(GOLDEN)
    merged = old.merge(
        now, on="quantity", how="outer", suffixes=("_golden", "_now"), indicator=True
    )
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"]
    np.testing.assert_allclose(
        merged["value_now"],
        merged["value_golden"],
        rtol=1e-9,
        atol=1e-9,
        err_msg="headline numbers moved: see the docstring",
    )
