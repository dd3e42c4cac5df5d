"""Front page (REPORT.md item 1) and run appendix of the HTML report, from the computed CSVs.

The front page answers the question on one screen: for each official target, this quarter's
median projection, 80% interval, probability of being met by its year and most likely first year,
beside last quarter's figures; then three plain sentences on what moved and why.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.reports.observed import NOWCAST_NOTE
from forecasting.reports.render import html_table
from forecasting.reports.views import headline_rows

FRONT_COLUMNS = (
    ("target", "Official target"),
    ("status", "Status"),
    ("median", "Median in target year"),
    ("interval_80", "80% interval"),
    ("p_met", "P(met by target year)"),
    ("first_year", "Most likely first year met"),
    ("prev_median", "Last quarter: median"),
    ("prev_p_met", "Last quarter: P(met)"),
    ("document", "Document"),
)
#: Columns of the front table holding numbers (right-aligned, never wrapped).
FRONT_NUMERIC = ("median", "interval_80", "p_met", "first_year", "prev_median", "prev_p_met")


def fmt_value(value: float, unit: str) -> str:
    """``170000, "t LCE/yr"`` -> ``"170,000 t LCE/yr"``; NaN -> ``"n/a"``."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "n/a"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"
    return f"{text} {unit}" if unit else text


def fmt_prob(p: float) -> str:
    """Probability as a whole percentage (``0.473`` -> ``"47%"``); NaN -> ``"n/a"``."""
    if p is None or (isinstance(p, float) and np.isnan(p)):
        return "n/a"
    return f"{100 * p:.0f}%"


def _fmt_any(value: float, unit: str) -> str:
    return fmt_prob(value) if unit == "probability" else fmt_value(value, unit)


def _previous(revisions: pd.DataFrame, key: str) -> float:
    if revisions.empty:
        return float("nan")
    hit = revisions.loc[revisions["key"] == key, "previous"]
    return float(hit.iloc[0]) if len(hit) else float("nan")


def _distinct_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """Headline rows, one per distinct (metric, value, unit, year); documents joined."""
    head = headline_rows(targets).sort_values(["metric", "target_year", "target_id"])
    keys = ["metric", "target_value", "unit", "target_year"]
    docs = head.groupby(keys, sort=False)["document"].agg(
        lambda d: "; ".join(dict.fromkeys(str(x) for x in d if str(x) not in ("", "nan")))
    )
    first = head.drop_duplicates(keys).set_index(keys)
    first["document"] = docs
    return first.reset_index().sort_values(["metric", "target_year", "target_value"])


def scope_key(note: object) -> str:
    """The model-coverage part of a ``scope_note`` (``"model covers X; target covers Y"`` ->
    ``"model covers X"``): targets sharing it share one front-page footnote; ``""`` if none."""
    text = "" if note is None or (isinstance(note, float) and np.isnan(note)) else str(note)
    text = text.strip()
    head, sep, _ = text.partition("; target covers")
    return head.strip() if sep else text


def _scope_marks(targets: pd.DataFrame) -> dict[str, int]:
    """Footnote number per distinct model-coverage note (in order of first appearance)."""
    if "scope_note" not in targets:
        return {}
    keys = (scope_key(n) for n in targets["scope_note"])
    return {k: i for i, k in enumerate(dict.fromkeys(k for k in keys if k), start=1)}


def status_text(row: dict) -> str:
    """Front-table status: ``forecast``; ``nowcast *`` (year over, no official figure); or
    ``observed <value> <unit> (<source_id>): met|not met``. Tables from before the ``status``
    column count as forecasts."""
    status = str(row.get("status", "forecast"))
    if status == "observed":
        value = fmt_value(row["observed_value"], str(row["unit"]))
        return f"observed {value} ({row['observed_source_id']}): {row['observed_met']}"
    return "nowcast *" if status == "nowcast" else "forecast"


def nowcast_note(targets: pd.DataFrame) -> str:
    """The sentence that explains ``nowcast *`` (empty when no headline row is a nowcast)."""
    head = headline_rows(targets)
    if "status" not in head or not (head["status"] == "nowcast").any():
        return ""
    return f"* Nowcast: {NOWCAST_NOTE} (simulated for a year that is over). "


def front_rows(targets: pd.DataFrame, revisions: pd.DataFrame) -> list[dict]:
    """One display row per distinct headline target, with last quarter beside it.

    Values are in the unit named in the ``target`` cell; a ``scope_note`` (what the target
    covers that the model does not) becomes a footnote mark ``[n]`` after the target.
    """
    distinct = _distinct_targets(targets)
    marks = _scope_marks(distinct)
    rows = []
    for r in distinct.to_dict("records"):
        unit = str(r["unit"])
        key = scope_key(r.get("scope_note"))
        mark = f" [{marks[key]}]" if key in marks else ""
        rows.append(
            {
                "target": f"{r['metric'].replace('_', ' ')} {fmt_value(r['target_value'], unit)} "
                f"by {r['target_year']}{mark}",
                "status": status_text(r),
                "document": r["document"],
                "median": fmt_value(r["median"], ""),
                "interval_80": f"{fmt_value(r['lo_80'], '')}-{fmt_value(r['hi_80'], '')}",
                "p_met": fmt_prob(r["p_reached_by_year"]),
                "first_year": r["most_likely_first_year"],
                "prev_median": fmt_value(_previous(revisions, f"{r['target_id']}:median"), ""),
                "prev_p_met": fmt_prob(_previous(revisions, f"{r['target_id']}:p_met")),
            }
        )
    return rows


def scope_notes_html(targets: pd.DataFrame) -> str:
    """The numbered scope footnotes under the front table (empty when no target has one)."""
    marks = _scope_marks(_distinct_targets(targets))
    if not marks:
        return ""
    items = "".join(f"<li>[{i}] {html.escape(n)}</li>" for n, i in marks.items())
    return (
        f'<ul class="scope meta">{items}<li>What each target itself covers is in the scope '
        "column of the targets table (section 4).</li></ul>"
    )


def _target_sentence(head: pd.DataFrame, metric: str) -> str | None:
    rows = head[head["metric"] == metric].sort_values(["target_year", "target_value"])
    if rows.empty:
        return None
    r = rows.iloc[-1].to_dict()
    name = metric.replace("_", " ")
    target = f"Qinghai's {name} target of {fmt_value(r['target_value'], r['unit'])} by "
    status = str(r.get("status", "forecast"))
    if status == "observed":
        return (
            f"{target}{r['target_year']} was {status_text(r).replace('observed', 'observed at')}."
        )
    verb, what = ("was", "model estimate (nowcast)") if status == "nowcast" else ("is", "median")
    return (
        f"{target}{r['target_year']} {verb} met with probability "
        f"{fmt_prob(r['p_reached_by_year'])}; the {what} for {r['target_year']} is "
        f"{fmt_value(r['median'], r['unit'])} (80% interval "
        f"{fmt_value(r['lo_80'], '').strip()}-{fmt_value(r['hi_80'], r['unit'])})"
        + (", as no official figure for that year is in the data." if status == "nowcast" else ".")
    )


def summary_sentences(targets: pd.DataFrame, revisions: pd.DataFrame, note: str) -> list[str]:
    """Three plain-language sentences: capacity odds, value odds, what moved and why."""
    head = headline_rows(targets)
    out = [s for s in (_target_sentence(head, m) for m in ("capacity", "output_value")) if s]
    if revisions.empty or revisions["revision"].abs().sum() == 0:
        out.append(f"No headline number moved against the previous vintage. {note}")
        return out
    rel = revisions.assign(
        size=revisions["revision"].abs() / revisions["previous"].abs().clip(1e-9)
    )
    big = rel.sort_values("size", ascending=False).iloc[0].to_dict()
    parts = {
        "new data": big["data_part"],
        "changed assumptions": big["assumption_part"],
        "model changes": big["model_part"],
    }
    cause = max(parts, key=lambda k: abs(parts[k]))
    out.append(
        f"The largest revision is to {big['label']}: {_fmt_any(big['previous'], big['unit'])} -> "
        f"{_fmt_any(big['new'], big['unit'])}, mostly from {cause}. {note}"
    )
    return out


def front_page_html(run_dir: Path, spec) -> str:
    """The front page HTML fragment for the run in ``run_dir`` (reads the computed CSVs).

    One screen: title and run facts, three sentences on what moved and why, then the targets
    table. The revision table and the targets the model does not evaluate have their own
    sections (:func:`revision_section_html`, :func:`unmodelled_html` in the appendix).
    """
    targets = pd.read_csv(run_dir / "target_probabilities.csv")
    revisions = _read_revisions(run_dir)
    meta = json.loads((run_dir / "tables" / "revision_meta.json").read_text())
    sentences = summary_sentences(targets, revisions, meta.get("note", ""))
    n_unmodelled = len(_unmodelled(run_dir))
    extra = (
        f" {n_unmodelled} further registry targets are not evaluated (reasons in the appendix)."
        if n_unmodelled
        else ""
    )
    return "\n".join(
        [
            f"<h1>Qinghai lithium outlook: {html.escape(spec.quarter)}</h1>",
            f'<p class="meta">Data cut-off (as_of): <b>{html.escape(spec.as_of)}</b> &middot; '
            f"scenario: <b>{html.escape(spec.scenario)}</b> &middot; seed {spec.seed} &middot; "
            f"{spec.n_paths:,} simulated paths &middot; previous vintage: "
            f"{html.escape(meta.get('previous_label', 'none'))}</p>",
            "<h2>What moved and why</h2>",
            '<ul class="brief">' + "".join(f"<li>{html.escape(s)}</li>" for s in sentences),
            "</ul>",
            "<h2>Official targets: will they be met?</h2>",
            html_table(front_rows(targets, revisions), FRONT_COLUMNS, numeric=FRONT_NUMERIC),
            scope_notes_html(targets),
            f'<p class="note">{html.escape(nowcast_note(targets))}Values are in the unit of '
            "the target. Capacity is nameplate tonnes of lithium carbonate per year; output is "
            "tonnes actually produced: different "
            "quantities, never mixed. P(met) is the share of simulated paths at or above the "
            f"target by its year. Revisions are split in the section 'What changed since last "
            f"quarter'.{html.escape(extra)}</p>",
        ]
    )


def _read_revisions(run_dir: Path) -> pd.DataFrame:
    path = run_dir / "tables" / "revisions.csv"
    return pd.read_csv(path) if path.is_file() else pd.DataFrame()


def _unmodelled(run_dir: Path) -> pd.DataFrame:
    path = run_dir / "tables" / "unmodelled_targets.csv"
    return pd.read_csv(path) if path.is_file() else pd.DataFrame()


PIPELINE_COLUMNS = (
    ("project_id", "Project"),
    ("change", "What the newer data say"),
    ("nameplate", "Nameplate, t LCE/yr"),
    ("in_pipeline", "In the modelled pipeline"),
)


def revision_section_html(run_dir: Path) -> str:
    """Section 'What changed since last quarter' (REPORT.md item 6) for the run in ``run_dir``:
    the revision table, then the project records that changed between the two data cut-offs."""
    meta = json.loads((run_dir / "tables" / "revision_meta.json").read_text())
    return revision_table_html(_read_revisions(run_dir), meta) + pipeline_changes_html(
        run_dir, meta
    )


def pipeline_changes_html(run_dir: Path, meta: dict) -> str:
    """The project-pipeline data behind the data part of the revision (empty if not computed)."""
    path = run_dir / "tables" / "pipeline_changes.csv"
    if not path.is_file():
        return ""
    changes = pd.read_csv(path)
    span = f"as_of {meta.get('previous_as_of', '?')} and this run's as_of"
    if changes.empty:
        return f"<p>No project record in the pipeline data changed between {html.escape(span)}.</p>"
    rows = [
        {
            "project_id": r["project_id"],
            "change": r["change"],
            "nameplate": fmt_value(r["nameplate_t_lce_per_year"], ""),
            "in_pipeline": "yes" if r["include_in_pipeline"] else "no (excluded in the data)",
        }
        for r in changes.to_dict("records")
    ]
    return "\n".join(
        [
            f"<h3>Project pipeline: records that changed between {html.escape(span)}</h3>",
            html_table(rows, PIPELINE_COLUMNS, numeric=("nameplate",)),
        ]
    )


def unmodelled_html(run_dir: Path) -> str:
    """Registry targets the model does not answer, each with the reason (kept visible)."""
    rows = _unmodelled(run_dir)
    if rows.empty:
        return ""
    items = "".join(
        f"<li>{html.escape(str(r['target_id']))} ({html.escape(str(r['metric']))}, "
        f"{r['value']:,g} {html.escape(str(r['unit']))}, "
        f"{'no year' if pd.isna(r['target_year']) else int(r['target_year'])}): "
        f"{html.escape(str(r['reason']))}</li>"
        for r in rows.to_dict("records")
    )
    return f"<h3>Targets in the registry not evaluated</h3><ul class='meta'>{items}</ul>"


REVISION_COLUMNS = (
    ("label", "Key output"),
    ("unit", "Unit"),
    ("previous", "Previous"),
    ("new", "New"),
    ("revision", "Revision"),
    ("data_part", "of which data"),
    ("assumption_part", "of which assumptions"),
    ("model_part", "of which model"),
)


def revision_table_html(revisions: pd.DataFrame, meta: dict) -> str:
    """'What changed since last quarter': previous, new and the three-way revision split."""
    if revisions.empty:
        return "<h2>What changed since last quarter</h2><p>No revision table in this run.</p>"
    rows = []
    for r in revisions.to_dict("records"):
        prob = r["unit"] == "probability"
        fmt = lambda v, p=prob: fmt_prob(v) if p else fmt_value(v, "")  # noqa: E731
        rows.append(
            {k: (fmt(r[k]) if k not in ("label", "unit") else r[k]) for k, _ in REVISION_COLUMNS}
        )
    return "\n".join(
        [
            "<h2>What changed since last quarter</h2>",
            f"<p>Previous vintage: {html.escape(meta.get('previous_label', 'none'))}. "
            f"{html.escape(meta.get('note', ''))}</p>",
            html_table(rows, REVISION_COLUMNS, numeric=[k for k, _ in REVISION_COLUMNS[2:]]),
            f"<p class='meta'>Method: {html.escape(meta.get('method', ''))}</p>",
        ]
    )


def run_appendix_html(run_dir: Path, spec) -> str:
    """Appendix: run parameters, code version, package versions, input hashes, revision method.

    The same facts (plus output hashes and timings) are in ``manifest.json``.
    """
    from forecasting.reports import sources
    from forecasting.reports.manifest import git_state, hash_files, package_versions

    meta = json.loads((run_dir / "tables" / "revision_meta.json").read_text())
    git = git_state(sources.REPO_ROOT)
    params = [{"k": k, "v": v} for k, v in spec.parameters().items()]
    params.append(
        {"k": "git commit", "v": f"{git['commit']} (uncommitted changes: {git['dirty']})"}
    )
    versions = [{"k": k, "v": v} for k, v in package_versions().items() if v]
    inputs = sources.data_files() + sources.scenario_files(spec.scenario)
    hashes = [{"k": k, "v": v[:16]} for k, v in hash_files(inputs, sources.REPO_ROOT).items()]
    return "\n".join(
        [
            "<h2>Appendix: data, method and run</h2>",
            "<p>Bottom-up: the project-pipeline Monte Carlo of <code>forecasting.domain</code> "
            f"with the scenario files below, {spec.n_paths:,} paths, seed {spec.seed}. Top-down: "
            "<code>forecasting.sample_paths</code> (automatic model selection, calibrated "
            "paths). Every probability and interval comes from these sample paths.</p>",
            html_table(params, (("k", "parameter"), ("v", "value"))),
            f"<p>Revision method: {html.escape(meta.get('method', ''))}</p>",
            unmodelled_html(run_dir),
            "<h3>Package versions</h3>",
            html_table(versions, (("k", "package"), ("v", "version"))),
            "<h3>Input files (sha256, first 16 hex digits)</h3>",
            html_table(hashes, (("k", "file"), ("v", "sha256"))),
            "<p>Full hashes of every input and output, and timings per step, are in "
            "<code>manifest.json</code> in this folder.</p>",
        ]
    )
