"""The front page as an outlook (REPORT.md item 1, issue 10 point 3), from a run folder's CSVs.

One screen and one printed page: key judgements in plain language; the headline chart
(capacity and output fan charts with the targets); a verdict for every target; the 2026-2030
numbers with 80% bands; the scenarios side by side; a risks box; the 2035 plan.

Numbers are shown to two or three significant figures. Every number comes from one simulation:
the headline run's ``forecasts.csv`` / ``target_probabilities.csv``; the scenario table's row
for the run's own scenario is taken from the same headline tables (the other scenarios are run
with the same paths and seed), so a probability never appears with two values.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.reports import cache
from forecasting.reports.frontpage import (
    _distinct_targets,
    _previous,
    _read_revisions,
    _scope_marks,
    scope_key,
    scope_notes_html,
)
from forecasting.reports.numbers import band, pct, sig
from forecasting.reports.render import html_table

#: Rows of the 2026-2030 table: series, label, divisor to the display unit, display unit.
OUTLOOK_SERIES = (
    ("qinghai_capacity_t_lce", "Capacity", 1e3, "kt LCE/yr"),
    ("qinghai_output_t_lce", "Output", 1e3, "kt LCE/yr"),
    ("qinghai_output_value_bn_cny", "Output value", 1.0, "bn CNY"),
    ("lithium_carbonate_price_cny_per_t", "Carbonate price", 1e3, "k CNY/t"),
    ("china_lithium_demand_t_lce", "China Li demand", 1e3, "kt LCE/yr"),
)
OUTLOOK_YEARS = (2026, 2027, 2028, 2029, 2030)
PLAN_YEAR = 2035
#: Verdict thresholds for a year that is over without an official figure (model estimate).
LIKELY = 0.8


def _unit_scale(unit: str) -> tuple[float, str]:
    return (1e3, "kt LCE/yr") if unit == "t LCE/yr" else (1.0, unit)


def target_label(r: dict) -> str:
    """``"capacity 170 kt LCE/yr by 2025"``."""
    scale, unit = _unit_scale(str(r["unit"]))
    name = r["metric"].replace("_", " ")
    return f"{name} {sig(r['target_value'] / scale)} {unit} by {r['target_year']}"


def verdict(r: dict) -> tuple[str, str]:
    """(verdict, evidence) of one headline target row.

    Past year with an official figure: ``met`` / ``missed`` and the figure with its source.
    Past year without one: ``unclear`` (``likely met`` / ``likely missed`` when the model puts
    the probability above 80% / below 20%) and the model estimate. Future year: the probability
    of meeting it by its year and the most likely first year.
    """
    scale, unit = _unit_scale(str(r["unit"]))
    est = f"{band(r['median'], r['lo_80'], r['hi_80'], scale)} {unit}"
    status = str(r.get("status", "forecast"))
    p = float(r["p_reached_by_year"])
    if status == "observed":
        met = str(r["observed_met"]) == "met"
        figure = f"{sig(float(r['observed_value']) / scale)} {unit} ({r['observed_source_id']})"
        return ("met" if met else "missed"), f"official {figure}"
    if status == "nowcast":
        lean = "likely met" if p >= LIKELY else "likely missed" if p <= 1 - LIKELY else ""
        return (f"unclear: {lean}" if lean else "unclear"), f"model {est} *; P(met) {pct(p)}"
    first = str(r.get("most_likely_first_year", ""))
    return f"P(met) {pct(p)}", f"model {est}; most likely first year {first}"


#: Longest document text in a front-page cell (the full titles are in section 4's table).
DOC_CHARS = 48


def _short(text: str, n: int = DOC_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def verdict_rows(targets: pd.DataFrame, revisions: pd.DataFrame) -> list[dict]:
    """One row per headline metric and target year (targets of several values or documents
    for the same year share it), a scope footnote mark ``[n]`` where the target covers more
    than the model, and last quarter's P(met)."""
    distinct = _distinct_targets(targets)
    marks = _scope_marks(distinct)
    rows = []
    for (_m, _y), group in distinct.groupby(["metric", "target_year"], sort=True):
        recs = group.sort_values("target_value").to_dict("records")
        scale, unit = _unit_scale(str(recs[0]["unit"]))
        keys = dict.fromkeys(scope_key(r.get("scope_note")) for r in recs)
        mark = "".join(f" [{marks[k]}]" for k in keys if k in marks)
        values = " / ".join(sig(r["target_value"] / scale) for r in recs)
        words = [verdict(r) for r in recs]
        evidence = words[0][1].rsplit("; P(met)", 1)[0]
        probs = " / ".join(pct(float(r["p_reached_by_year"])) for r in recs)
        prev = " / ".join(pct(_previous(revisions, f"{r['target_id']}:p_met")) for r in recs)
        docs = "; ".join(dict.fromkeys(str(r.get("document", "")) for r in recs))
        rows.append(
            {
                "target": f"{recs[0]['metric'].replace('_', ' ')} {values} {unit} by "
                f"{recs[0]['target_year']}{mark}",
                "verdict": " / ".join(dict.fromkeys(w for w, _ in words)),
                "evidence": evidence if words[0][0] in ("met", "missed") else evidence,
                "p_met": probs,
                "previous": prev,
                "document": _short(docs),
            }
        )
    return rows


def _series_rows(forecasts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    bu = forecasts[forecasts["view"] == "bottom_up"]
    return {uid: bu[bu["series"] == uid].set_index("year") for uid, *_ in OUTLOOK_SERIES}


def outlook_table_rows(forecasts: pd.DataFrame) -> list[dict]:
    """2026-2030 medians with 80% bands of :data:`OUTLOOK_SERIES` (3 significant figures)."""
    by_series = _series_rows(forecasts)
    rows = []
    for uid, label, scale, unit in OUTLOOK_SERIES:
        s = by_series[uid]
        row = {"series": f"{label}, {unit}"}
        for y in OUTLOOK_YEARS:
            row[str(y)] = (
                band(s.at[y, "median"], s.at[y, "lo_80"], s.at[y, "hi_80"], scale)
                if y in s.index
                else "n/a"
            )
        rows.append(row)
    return rows


def scenario_rows(run_dir: Path, spec, forecasts: pd.DataFrame, head: pd.DataFrame) -> list[dict]:
    """Scenarios side by side: 2030 medians of capacity, output, value and price and P(met) of
    the latest capacity target; the run's own scenario from the headline tables."""
    series = cache.read_csv(run_dir / "tables" / "scenario_series.csv")
    scen_t = cache.read_csv(run_dir / "tables" / "scenarios.csv")
    cap = head[head["metric"] == "capacity"].sort_values(["target_year", "target_value"])
    cap_id = str(cap["target_id"].iloc[-1]) if len(cap) else ""
    if series.empty:
        return []
    own = _series_rows(forecasts)
    rows = []
    for name in sorted(set(series["scenario"]), key=lambda n: (n != spec.scenario, n)):
        s = series[(series["scenario"] == name) & (series["year"] == 2030)].set_index("series")
        row = {"scenario": name + (" (this run)" if name == spec.scenario else "")}
        for uid, _label, scale, _unit in OUTLOOK_SERIES[:4]:
            value = own[uid].at[2030, "median"] if name == spec.scenario else s.at[uid, "median"]
            row[uid] = sig(value / scale)
        if name == spec.scenario:
            p = cap.set_index("target_id").at[cap_id, "p_reached_by_year"] if cap_id else np.nan
        else:
            hit = scen_t[(scen_t["scenario"] == name) & (scen_t["target_id"] == cap_id)]
            p = float(hit["p_reached_by_year"].iloc[0]) if len(hit) else np.nan
        row["p_cap"] = pct(float(p))
        rows.append(row)
    return rows


def _tornado_natural(run_dir: Path) -> pd.DataFrame:
    t = cache.read_csv(run_dir / "tables" / "tornado.csv")
    if t.empty:
        return t
    t = t[t["output"].isin(["capacity_t_lce_2030", "value_bn_cny_2030"])]
    return t.assign(swing=(t["high"] - t["low"]).abs()).sort_values(
        ["output", "swing", "parameter"], ascending=[True, False, True]
    )


def assumption_label(parameter: str) -> str:
    """``supply.completion_probability.under_construction`` -> ``completion probability of
    projects under construction``; ``supply.utilisation_mean`` -> ``utilisation mean``."""
    name, _, stage = parameter.removeprefix("supply.").partition(".")
    text = name.replace("_", " ")
    return f"{text} of projects {stage.replace('_', ' ')}" if stage else text


def risks(run_dir: Path, spec) -> list[str]:
    """Three to four risks from this run's own numbers: the assumptions that move 2030
    capacity most (tornado, natural units) and the price scenarios' spread of 2030 value."""
    out = []
    t = _tornado_natural(run_dir)
    cap = t[t["output"] == "capacity_t_lce_2030"].head(2) if len(t) else t
    for r in cap.to_dict("records"):
        end = "low" if r["low"] < r["high"] else "high"
        other = "high" if end == "low" else "low"
        out.append(
            f"{assumption_label(r['parameter'])} at "
            f"{sig(r['parameter_' + end])} (range {sig(r['parameter_low'])}-"
            f"{sig(r['parameter_high'])}): 2030 capacity {sig(r[end] / 1e3)} kt, against "
            f"{sig(r[other] / 1e3)} kt at the other end (mean of paths)."
        )
    series = cache.read_csv(run_dir / "tables" / "scenario_series.csv")
    if len(series):
        v = series[
            (series["series"] == "qinghai_output_value_bn_cny") & (series["year"] == 2030)
        ].set_index("scenario")["median"]
        if {"low_price", "peak_price"} <= set(v.index):
            out.append(
                f"Price: 2030 output value {sig(v['low_price'])} bn CNY in 'low_price' against "
                f"{sig(v['peak_price'])} bn in 'peak_price'; the 100-bn goals are a price "
                "question more than a volume one."
            )
    out.append(
        "Data: no official provincial figure for 2020 or 2025 is in the data yet, so every past "
        "target is judged on the model's nowcast until one is published."
    )
    return out[:4]


def plan_2035(run_dir: Path, forecasts: pd.DataFrame) -> str:
    """The 2035 plan line: registry goals for 2035 (modelled or not) and this run's 2035 view."""
    own = _series_rows(forecasts)
    ours = "; ".join(
        f"{label.lower()} {band(own[uid].at[PLAN_YEAR, 'median'], own[uid].at[PLAN_YEAR, 'lo_80'], own[uid].at[PLAN_YEAR, 'hi_80'], scale)} {unit}"  # noqa: E501
        for uid, label, scale, unit in OUTLOOK_SERIES[:3]
        if PLAN_YEAR in own[uid].index
    )
    un = cache.read_csv(run_dir / "tables" / "unmodelled_targets.csv")
    goals = un[un["target_year"] == PLAN_YEAR] if len(un) else un
    goal_text = "; ".join(
        f"{r['subject']} {sig(r['value'])} {r['unit'].replace('_', ' ')} (not modelled: "
        f"{r['reason'].split(';')[0]})"
        for r in goals.to_dict("records")
    )
    goal_text = goal_text or "no 2035 goal in the registry"
    return f"Plan for {PLAN_YEAR}: {goal_text}. This run's {PLAN_YEAR}: {ours}."


def key_judgements(targets: pd.DataFrame, forecasts: pd.DataFrame, revision_line: str) -> list[str]:
    """Three to four plain sentences: where capacity and output are heading, what that means
    for the targets, value, and what moved since last quarter."""
    own = _series_rows(forecasts)
    cap, out, val = (own[u] for u, *_ in OUTLOOK_SERIES[:3])
    head = targets.sort_values(["metric", "target_year"])
    cap_t = head[head["metric"] == "capacity"].tail(1).to_dict("records")
    lines = [
        f"Capacity grows from about {sig(cap.at[2025, 'median'] / 1e3)} kt LCE/yr in 2025 "
        f"(model estimate) to {band(cap.at[2030, 'median'], cap.at[2030, 'lo_80'], cap.at[2030, 'hi_80'], 1e3)} kt "  # noqa: E501
        f"in 2030 (median, 80% range); output to {band(out.at[2030, 'median'], out.at[2030, 'lo_80'], out.at[2030, 'hi_80'], 1e3)} kt."  # noqa: E501
    ]
    if cap_t:
        word, evidence = verdict(cap_t[0])
        lines.append(f"The {target_label(cap_t[0])} target: {word} ({evidence}).")
    lines.append(
        f"Output value reaches {band(val.at[2030, 'median'], val.at[2030, 'lo_80'], val.at[2030, 'hi_80'])} "  # noqa: E501
        "bn CNY in 2030 on carbonate and cells; the 100-bn goals count the whole battery chain "
        "and stay out of reach at these prices."
    )
    lines.append(revision_line)
    return lines


def revision_line(run_dir: Path) -> str:
    """One sentence on what moved since last quarter (largest relative revision, its cause)."""
    path = run_dir / "tables" / "revisions.csv"
    rev = cache.read_csv(path) if path.is_file() else pd.DataFrame()
    meta_path = run_dir / "tables" / "revision_meta.json"
    meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
    label = meta.get("previous_label", "no previous vintage")
    if rev.empty or rev["revision"].abs().max() == 0:
        return f"Since last quarter, against the {label}: no headline number moved."
    rel = rev["revision"].abs() / rev["previous"].abs().clip(lower=1e-9)
    big = rev.loc[rel.idxmax()].to_dict()
    parts = {
        "new data": big["data_part"],
        "assumptions": big["assumption_part"],
        "model changes": big["model_part"],
    }
    cause = max(parts, key=lambda k: abs(parts[k]))
    fmt = pct if big["unit"] == "probability" else sig
    return (
        f"Since last quarter, against the {label}, the largest move is {big['label']}: "
        f"{fmt(big['previous'])} -> {fmt(big['new'])}, mostly {cause}."
    )


VERDICT_COLUMNS = (
    ("target", "Target"),
    ("verdict", "Verdict"),
    ("evidence", "Evidence: median (80% range)"),
    ("p_met", "P(met)"),
    ("previous", "last qtr"),
    ("document", "Document"),
)
NOWCAST_FOOTNOTE = (
    "* Year over, no official figure in the data: the model's nowcast from the project "
    "pipeline. P(met) = share of simulated paths at or above the target by its year."
)
SCENARIO_COLUMNS = (
    ("scenario", "Scenario"),
    ("qinghai_capacity_t_lce", "Capacity 2030, kt"),
    ("qinghai_output_t_lce", "Output 2030, kt"),
    ("qinghai_output_value_bn_cny", "Value 2030, bn CNY"),
    ("lithium_carbonate_price_cny_per_t", "Price 2030, k CNY/t"),
    ("p_cap", "P(capacity target)"),
)


def _cap_target_text(head: pd.DataFrame) -> str:
    """``"170 kt by 2025"``: the latest capacity target (the scenario table's probability)."""
    cap = head[head["metric"] == "capacity"].sort_values(["target_year", "target_value"])
    if cap.empty:
        return "capacity target"
    r = cap.iloc[-1]
    return f"{sig(r['target_value'] / 1e3)} kt by {r['target_year']}"


def _left_column(run_dir: Path, spec, targets: pd.DataFrame, forecasts: pd.DataFrame) -> str:
    """Key judgements, the verdict table with its footnotes, the risks box."""
    esc = html.escape
    judgements = key_judgements(targets, forecasts, revision_line(run_dir))
    verdicts = html_table(
        verdict_rows(targets, _read_revisions(run_dir)),
        VERDICT_COLUMNS,
        numeric=("p_met", "previous"),
    )
    return "\n".join(
        [
            "<h2>Key judgements</h2>",
            '<ul class="brief">' + "".join(f"<li>{esc(s)}</li>" for s in judgements) + "</ul>",
            "<h2>Official targets: verdict</h2>",
            f'<div class="verdicts">{verdicts}</div>',
            f'<p class="scope meta">{esc(NOWCAST_FOOTNOTE)}</p>',
            scope_notes_html(targets),
            '<div class="risks"><b>Risks to this outlook</b><ul>'
            + "".join(f"<li>{esc(r)}</li>" for r in risks(run_dir, spec))
            + "</ul></div>",
        ]
    )


def _right_column(run_dir: Path, spec, targets, forecasts, chart_uri: str) -> str:
    """The headline chart, the 2026-2030 table, the scenario table, the 2035 plan."""
    years = [(str(y), str(y)) for y in OUTLOOK_YEARS]
    scen = scenario_rows(run_dir, spec, forecasts, targets)
    columns = list(SCENARIO_COLUMNS[:-1])
    if len({r["p_cap"] for r in scen}) > 1:  # a probability every scenario shares says nothing
        columns.append(("p_cap", f"P({_cap_target_text(targets)})"))
    return "\n".join(
        [
            f'<img class="headline-chart" alt="Capacity and output fan charts with the official '
            f'targets" src="{chart_uri}">',
            "<h2>2026-2030 outlook</h2>",
            html_table(
                outlook_table_rows(forecasts),
                (("series", "median (80% range)"), *years),
                numeric=[y for y, _ in years],
            ),
            "<h2>Scenarios side by side</h2>",
            html_table(scen, columns, numeric=[k for k, _ in SCENARIO_COLUMNS[1:]]),
            f'<p class="plan">{html.escape(plan_2035(run_dir, forecasts))}</p>',
        ]
    )


def front_page_html(run_dir: Path, spec, chart_uri: str) -> str:
    """The front page fragment; ``chart_uri`` is the headline chart as a data URI."""
    from forecasting.reports.views import headline_rows

    targets = headline_rows(cache.read_csv(run_dir / "target_probabilities.csv"))
    forecasts = cache.read_csv(run_dir / "forecasts.csv")
    esc = html.escape
    return "\n".join(
        [
            f"<h1>Qinghai lithium outlook: {esc(spec.quarter)}</h1>",
            f'<p class="meta">Data cut-off <b>{esc(spec.as_of)}</b> &middot; scenario '
            f"<b>{esc(spec.scenario)}</b> &middot; {spec.n_paths:,} simulated paths, seed "
            f"{spec.seed} &middot; medians with 80% ranges (10th-90th percentile)</p>",
            '<div class="outlook"><div class="col">',
            _left_column(run_dir, spec, targets, forecasts),
            '</div><div class="col">',
            _right_column(run_dir, spec, targets, forecasts, chart_uri),
            "</div></div>",
        ]
    )
