"""What each lever does to each goal, in natural units, and what would have to be true.

:func:`lever_effects`: for each target, each lever moved across its range
(:data:`forecasting.sensitivity.LEVER_PARAMS`) with the other assumptions at base: P(met in the
target year) at both ends and the target-year median of the target's series (t LCE/yr, bn CNY),
sorted by the swing in P(met), then in natural units; by default on
:data:`forecasting.domain.compare.GOALS` (the goals read at 2030 and 2035).
:func:`what_would_have_to_be_true` turns that into one sentence per target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from forecasting.domain.compare import GOALS


def lever_effects(
    scenario=None,
    *,
    targets: pd.DataFrame = GOALS,
    inputs=None,
    n_paths: int = 400,
    seed: int = 0,
) -> pd.DataFrame:
    """``target_id, metric, target_value, target_year, lever, low, high, p_met_at_low,
    p_met_at_high, p_swing, median_at_low, median_at_high, median_swing, unit`` (module
    docstring). ``scenario``: a :class:`Scenario` (default base)."""
    from forecasting.domain.inputs import build_inputs_from_datasets
    from forecasting.domain.result_tables import TARGET_SERIES
    from forecasting.scenarios import load_scenario
    from forecasting.sensitivity import core as sa

    scen = scenario if scenario is not None else load_scenario("base")
    inputs = inputs if inputs is not None else build_inputs_from_datasets()
    names = list(sa.LEVER_PARAMS)
    rows = [[sa.getattr_dotted(scen, k) for k in names]]
    for j, key in enumerate(names):
        for end in sa.LEVER_PARAMS[key]:
            row = list(rows[0])
            row[j] = end
            rows.append(row)
    tgt = targets.reset_index(drop=True)
    res = sa.evaluate_design(
        scen, np.array(rows, float), names, inputs=inputs, n_inner=n_paths, seed=seed, targets=tgt
    )
    recs = []
    for rec in tgt.to_dict("records"):
        uid, unit = TARGET_SERIES[rec["metric"]][0], str(rec["unit"])
        col_p = f"p_met_in_year_{rec['target_id']}"
        col_m = _median_column(res, uid, int(rec["target_year"]))
        for j, key in enumerate(names):
            lo, hi = sa.LEVER_PARAMS[key]
            a, b = res.iloc[1 + 2 * j], res.iloc[2 + 2 * j]
            recs.append(
                (
                    rec["target_id"],
                    rec["metric"],
                    rec["value"],
                    rec["target_year"],
                    key,
                    lo,
                    hi,
                    a[col_p],
                    b[col_p],
                    abs(b[col_p] - a[col_p]),
                    a.get(col_m, np.nan),
                    b.get(col_m, np.nan),
                    abs(b.get(col_m, np.nan) - a.get(col_m, np.nan)),
                    unit,
                )
            )
    cols = [
        "target_id",
        "metric",
        "target_value",
        "target_year",
        "lever",
        "low",
        "high",
        "p_met_at_low",
        "p_met_at_high",
        "p_swing",
        "mean_at_low",
        "mean_at_high",
        "mean_swing",
        "unit",
    ]
    out = pd.DataFrame(recs, columns=cols)
    return out.sort_values(
        ["target_id", "p_swing", "mean_swing"], ascending=[True, False, False], kind="stable"
    ).reset_index(drop=True)


def _median_column(res: pd.DataFrame, uid: str, year: int) -> str:
    """The sensitivity output column of the target's series in its year (a path mean)."""
    name = {
        "qinghai_capacity_t_lce": "capacity_t_lce",
        "qinghai_output_t_lce": "output_t_lce",
        "qinghai_output_value_bn_cny": "value_bn_cny",
    }.get(uid, uid)
    return f"{name}_{year}"


def what_would_have_to_be_true(effects: pd.DataFrame) -> pd.DataFrame:
    """Per target: the lever with the largest swing in P(met) (or, where every P is 0 or 1,
    in the target-year mean), its favourable end and the P(met) there."""
    rows = []
    for target_id, part in effects.groupby("target_id", sort=False):
        top = part.iloc[0]
        better_high = (top["p_met_at_high"], top["mean_at_high"]) >= (
            top["p_met_at_low"],
            top["mean_at_low"],
        )
        end = top["high"] if better_high else top["low"]
        p_best = max(top["p_met_at_high"], top["p_met_at_low"])
        rows.append(
            (target_id, top["lever"], end, p_best, top["p_swing"], top["mean_swing"], top["unit"])
        )
    return pd.DataFrame(
        rows,
        columns=[
            "target_id",
            "lever",
            "favourable_end",
            "p_met_there",
            "p_swing",
            "mean_swing",
            "unit",
        ],
    )
