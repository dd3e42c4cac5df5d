"""Tidy tables from a :class:`~forecasting.domain.run.ScenarioResult`.

* ``summary_frame``: quantiles of every series by year.
* ``target_table`` / ``target_years_table``: each registry target against the series of the
  metric it names (capacity vs capacity, output vs output; never mixed), via
  :mod:`forecasting.targets`; ``unmodelled_targets``: the others, each with the reason.
* ``value_decomposition``: value at actual prices vs at a constant reference price.
* ``compare_top_down``: bottom-up pipeline paths beside the engine's top-down forecast, their gap
  and a precision-weighted reconciliation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from forecasting import targets as tg
from forecasting.contracts import (
    P_MET_IN_YEAR,
    P_REACHED_BY_YEAR,
    TARGET_YEARS_COLUMNS,
    band_quantiles,
)
from forecasting.errors import DataValidationError, UnitError

if TYPE_CHECKING:
    from forecasting.domain.series_ids import ScenarioPaths as ScenarioResult

#: Target metric -> (simulated series, the unit the target must be stated in).
TARGET_SERIES = {
    "capacity": ("qinghai_capacity_t_lce", "t_lce_per_year"),
    "output": ("qinghai_output_t_lce", "t_lce_per_year"),
    "output_value": ("qinghai_output_value_bn_cny", "bn_cny"),
    "cell_capacity": ("qinghai_cell_capacity_gwh", "gwh_per_year"),
}
TARGET_COLUMNS = ("target_id", "geography", "metric", "value", "unit", "target_year")
#: What each matched series covers, in plain words (the model side of ``scope_note``).
MODEL_SCOPE = {
    "capacity": "carbonate nameplate of the listed projects (LiCl part of mixed projects as LCE)",
    "output": "carbonate output of the listed projects",
    "output_value": "carbonate and cells only (no cathode or other materials, no vehicles)",
    "cell_capacity": "an assumed cell-capacity path (no measured cell capacity in the data)",
}
#: z of the 90th percentile of a normal (half-width of an 80 % interval in sd).
Z_80 = 1.2815515655446004


def summary_frame(result: ScenarioResult) -> pd.DataFrame:
    """:data:`forecasting.contracts.SUMMARY_COLUMNS` (one row per series and year)."""
    from forecasting.domain.series_ids import SERIES_METRIC

    frames = []
    for uid, arr in result.paths.items():
        ident = {
            "scenario": result.name,
            "metric": SERIES_METRIC[uid],
            "unique_id": uid,
            "year": result.years.astype(int),
        }
        frames.append(pd.DataFrame({**ident, **band_quantiles(arr)}))
    return pd.concat(frames, ignore_index=True)


#: Registry metrics with no simulated series, and why (shown as "not modelled" in outputs).
NOT_MODELLED_METRICS = {
    "salt_lake_output_value": (
        "whole salt-lake industry output value (potash included); the model values lithium "
        "carbonate and cells only and no source gives the lithium share"
    ),
    "other": "metric 'other' has no simulated series",
}


def _not_modelled_reasons(
    targets: pd.DataFrame, first_year: int | None = None, official_only: bool = True
) -> pd.Series:
    """Per registry row, why no model series answers it ("" where one does).

    Rules, first that applies: a metric with no simulated series (:data:`TARGET_SERIES`;
    reasons in :data:`NOT_MODELLED_METRICS`); geography other than Qinghai; no target year;
    a target year before ``first_year`` (answered by history, not the model); not
    ``is_official`` when ``official_only`` (company targets).
    """
    missing = [c for c in TARGET_COLUMNS if c not in targets.columns]
    if missing:
        raise DataValidationError(f"targets frame lacks columns {missing}")
    geo = targets["geography"].astype(str).str.strip()
    official = (
        targets["is_official"].fillna(True).astype(bool)
        if official_only and "is_official" in targets.columns
        else pd.Series(True, index=targets.index)
    )
    reasons = []
    for metric, g, year, off in zip(
        targets["metric"], geo, targets["target_year"], official, strict=True
    ):
        if metric not in TARGET_SERIES:
            why = NOT_MODELLED_METRICS.get(metric, f"metric {metric!r} has no simulated series")
        elif g.lower() != "qinghai":
            why = f"geography {g!r}: the model covers Qinghai only"
        elif pd.isna(year):
            why = "no target year stated"
        elif first_year is not None and year < first_year:
            why = f"due {int(year)}, before the first simulated year {first_year} (see history)"
        elif not off:
            why = "company target (official targets only)"
        else:
            why = ""
        reasons.append(why)
    return pd.Series(reasons, index=targets.index, dtype=object)


def _matched_targets(
    targets: pd.DataFrame, first_year: int | None = None, official_only: bool = True
) -> pd.DataFrame:
    """The targets a model series answers (see :func:`_not_modelled_reasons`); the metric
    alone decides which series (never the free-text subject), and the unit must match it."""
    rows = targets[_not_modelled_reasons(targets, first_year, official_only) == ""]
    for tid, metric, unit in zip(rows["target_id"], rows["metric"], rows["unit"], strict=True):
        if unit != TARGET_SERIES[metric][1]:
            raise UnitError(
                f"target {tid!r}: metric {metric!r} needs unit {TARGET_SERIES[metric][1]!r}, "
                f"got {unit!r}"
            )
    return rows


def unmodelled_targets(
    targets: pd.DataFrame, first_year: int | None = None, official_only: bool = True
) -> pd.DataFrame:
    """Registry targets no model series answers, with the reason: target_id, geography, metric,
    subject (if present), value, unit, target_year, reason. Keeps them visible in reports."""
    reasons = _not_modelled_reasons(targets, first_year, official_only)
    cols = [c for c in (*TARGET_COLUMNS[:3], "subject", *TARGET_COLUMNS[3:]) if c in targets]
    out = targets.loc[reasons != "", cols].copy()
    out["reason"] = reasons[reasons != ""]
    return out.reset_index(drop=True)


def scope_note(metric: str, target_scope: object, subject: object = None) -> str:
    """``"model covers <MODEL_SCOPE[metric]>; target covers <target_scope>"`` (the registry's
    ``scope_note``; its ``subject`` where that is empty), so a probability is read against
    what each side counts (e.g. carbonate + cells vs the whole lithium battery chain)."""
    target = target_scope if isinstance(target_scope, str) and target_scope.strip() else subject
    target = target.strip() if isinstance(target, str) and target.strip() else "not stated"
    return f"model covers {MODEL_SCOPE[metric]}; target covers {target}"


def target_table(
    result: ScenarioResult, targets: pd.DataFrame, official_only: bool = True
) -> pd.DataFrame:
    """One row per matched target: scenario, target_id, metric, unique_id, value, unit,
    target_year, evaluated_year, p_met_in_year, p_reached_by_year, median, lo_80, hi_80,
    most_likely_first_year, median_first_year, p_not_reached, expected_shortfall (unit of the
    target), p_met_at_reference_price (output-value targets only: the same test with the
    carbonate valued at the constant reference price, i.e. volume alone), superseded_by,
    scope_note (what the model series and the target each cover, :func:`scope_note`)."""
    rows = []
    yrs = result.years
    for rec in _matched_targets(targets, int(yrs[0]), official_only).to_dict("records"):
        uid = TARGET_SERIES[rec["metric"]][0]
        summ = tg.summarize_target(
            result.paths[uid], yrs, float(rec["value"]), int(rec["target_year"])
        )
        row = {
            "scenario": result.name,
            "target_id": rec["target_id"],
            "metric": rec["metric"],
            "unique_id": uid,
            "value": float(rec["value"]),
            "unit": rec["unit"],
            "target_year": int(rec["target_year"]),
            "evaluated_year": int(min(max(rec["target_year"], yrs[0]), yrs[-1])),
        }
        row.update({k: v for k, v in summ.as_dict().items() if k not in ("target", "target_year")})
        row["p_met_at_reference_price"] = np.nan
        if rec["metric"] == "output_value":
            ref = result.paths["qinghai_output_value_at_reference_price_bn_cny"]
            ref_summ = tg.summarize_target(ref, yrs, float(rec["value"]), int(rec["target_year"]))
            row["p_met_at_reference_price"] = ref_summ.p_met_in_year
        row["superseded_by"] = rec.get("superseded_by")
        row["scope_note"] = scope_note(rec["metric"], rec.get("scope_note"), rec.get("subject"))
        rows.append(row)
    return pd.DataFrame(rows)


def target_years_table(
    result: ScenarioResult, targets: pd.DataFrame, official_only: bool = True
) -> pd.DataFrame:
    """scenario, target_id, metric, year, p_met_in_year, p_reached_by_year
    (:mod:`forecasting.contracts`), p_first_crossing (first crossing in that year)."""
    frames = []
    first = int(result.years[0])
    for rec in _matched_targets(targets, first, official_only).to_dict("records"):
        arr = result.paths[TARGET_SERIES[rec["metric"]][0]]
        val = float(rec["value"])
        frames.append(
            pd.DataFrame(
                {
                    "scenario": result.name,
                    "target_id": rec["target_id"],
                    "metric": rec["metric"],
                    "year": result.years.astype(int),
                    P_MET_IN_YEAR: tg.attainment_probability(arr, result.years, val).to_numpy(),
                    P_REACHED_BY_YEAR: tg.reached_by_probability(arr, result.years, val).to_numpy(),
                    "p_first_crossing": tg.crossing_distribution(arr, result.years, val)[
                        "probability"
                    ].to_numpy()[:-1],
                }
            )
        )
    cols = [*TARGET_YEARS_COLUMNS, "p_first_crossing"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)


def value_decomposition(result: ScenarioResult) -> pd.DataFrame:
    """Mean output value per year (bn CNY) at actual prices, at the constant reference price
    (volume effect) and their difference (price effect), with carbonate and cell parts."""
    p = result.paths
    actual = p["qinghai_output_value_bn_cny"].mean(axis=0)
    at_ref = p["qinghai_output_value_at_reference_price_bn_cny"].mean(axis=0)
    return pd.DataFrame(
        {
            "scenario": result.name,
            "year": result.years.astype(int),
            "value_bn_cny": actual,
            "value_at_reference_price_bn_cny": at_ref,
            "price_effect_bn_cny": actual - at_ref,
            "carbonate_value_bn_cny": p["qinghai_carbonate_value_bn_cny"].mean(axis=0),
            "cell_value_bn_cny": p["qinghai_cell_value_bn_cny"].mean(axis=0),
            "reference_price_cny_per_t": result.scenario.value.price.reference_price_cny_per_t,
        }
    )


def compare_top_down(result: ScenarioResult, forecast: pd.DataFrame) -> pd.DataFrame:
    """Bottom-up (pipeline) vs top-down (engine forecast frame) for capacity and output.

    ``forecast``: unique_id, ds, model, mean, lo_80, hi_80 (the engine's Forecast contract).
    Gap = bottom-up mean - top-down mean. Reconciled = precision-weighted mean of the two, with
    the bottom-up sd from its paths and the top-down sd = (hi_80 - lo_80) / (2 x 1.2816):
    ``w = (1/sd_bu^2) / (1/sd_bu^2 + 1/sd_td^2)``, ``rec = w bu + (1 - w) td``,
    ``sd_rec = (1/sd_bu^2 + 1/sd_td^2)^-1/2``. A side whose spread is zero or missing (e.g. a
    forecast from two observations with a zero-width interval) states no usable precision, so
    the reconciled columns stay NaN there rather than trusting it completely.
    """
    need = {"unique_id", "ds", "mean", "lo_80", "hi_80"}
    if not need <= set(forecast.columns):
        raise DataValidationError(
            f"forecast frame lacks columns {sorted(need - set(forecast.columns))}"
        )
    frames = []
    for uid in ("qinghai_capacity_t_lce", "qinghai_output_t_lce"):
        arr = result.paths[uid]
        bu = pd.DataFrame(
            {
                "unique_id": uid,
                "year": result.years.astype(int),
                "bottom_up_mean": arr.mean(axis=0),
                "bottom_up_p10": np.quantile(arr, 0.1, axis=0),
                "bottom_up_p90": np.quantile(arr, 0.9, axis=0),
                "bottom_up_sd": arr.std(axis=0),
            }
        )
        td = forecast[forecast["unique_id"] == uid].copy()
        td["year"] = pd.to_datetime(td["ds"]).dt.year
        td = td.rename(
            columns={"mean": "top_down_mean", "lo_80": "top_down_lo_80", "hi_80": "top_down_hi_80"}
        )
        keep = ["year", "top_down_mean", "top_down_lo_80", "top_down_hi_80"]
        td = td[keep].astype({c: "float64" for c in keep[1:]})  # an empty frame is untyped
        frames.append(bu.merge(td, on="year", how="left", validate="1:1"))
    out = pd.concat(frames, ignore_index=True)
    out["gap"] = out["bottom_up_mean"] - out["top_down_mean"]
    sd_td = (out["top_down_hi_80"] - out["top_down_lo_80"]) / (2 * Z_80)
    sd_bu = out["bottom_up_sd"]
    usable = (sd_td > 0) & (sd_bu > 0)
    prec_bu = (1.0 / sd_bu**2).where(usable)
    prec_td = (1.0 / sd_td**2).where(usable)
    w = prec_bu / (prec_bu + prec_td)
    out["weight_bottom_up"] = w
    out["reconciled_mean"] = w * out["bottom_up_mean"] + (1 - w) * out["top_down_mean"]
    out["reconciled_sd"] = 1.0 / np.sqrt(prec_bu + prec_td)
    return out.drop(columns="bottom_up_sd")


def project_table(inputs, scen) -> pd.DataFrame:
    """Projects ranked by nameplate x completion probability (the scenario's status odds)."""
    pipe = inputs.pipeline(scen.supply.include_unknown_status, scen.supply.undated_status_year)
    odds = scen.supply.completion_probability
    statuses = _status_names(pipe)
    prob = np.array([getattr(odds, s) for s in statuses], dtype=float)
    frame = pd.DataFrame(
        {
            "project": list(pipe.project_id),
            "nameplate_t_lce_per_year": pipe.nameplate_t_lce,
            "status": statuses,
            "planned_start_year": pipe.start_year,
            "completion_probability": prob,
        }
    )
    frame["expected_t_lce_per_year"] = frame["nameplate_t_lce_per_year"] * prob
    return frame.sort_values(["expected_t_lce_per_year", "project"], ascending=[False, True])


def _status_names(pipe) -> list[str]:
    from forecasting.scenarios import STATUSES

    return [STATUSES[int(i)] for i in pipe.status_index]
