"""Report sections built from the computed CSVs (not notebooks): 'What changed since last
quarter' (a few lines in the body, the full table in an appendix), the run appendix (parameters,
versions, hashes) and the helpers the front page (:mod:`forecasting.reports.outlook`) shares.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.reports.render import html_table
from forecasting.reports.views import headline_rows


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


#: Most revisions named in the body section (the full table is in the appendix).
TOP_REVISIONS = 3


def revision_lines(revisions: pd.DataFrame, meta: dict, n_changes: int) -> list[str]:
    """Three to five lines: against what, the largest moves with their cause, the data behind."""
    lines = [f"Compared with: {meta.get('previous_label', 'no previous vintage')}."]
    moved = revisions[revisions["revision"].abs() > 0] if len(revisions) else revisions
    if moved.empty:
        lines.append(
            f"No headline number moved ({len(revisions)} key outputs compared: targets' medians "
            "and probabilities, 2030 and 2035 capacity, output, value and EV demand)."
        )
    else:
        rel = moved["revision"].abs() / moved["previous"].abs().clip(lower=1e-9)
        for r in moved.loc[rel.sort_values(ascending=False).index[:TOP_REVISIONS]].to_dict(
            "records"
        ):
            fmt = lambda v, u=r["unit"]: _fmt_any(v, u if u == "probability" else "")  # noqa: E731
            parts = {"data": r["data_part"], "assumptions": r["assumption_part"],
                     "model": r["model_part"]}  # fmt: skip
            why = max(parts, key=lambda k: abs(parts[k]))
            lines.append(
                f"{r['label']}: {fmt(r['previous'])} -> {fmt(r['new'])} ({r['unit']}), "
                f"mostly {why}."
            )
    lines.append(
        f"{n_changes} project record(s) in the pipeline data changed between the two cut-offs."
        if n_changes
        else "No project record in the pipeline data changed between the two cut-offs."
    )
    return lines


def revision_section_html(run_dir: Path) -> str:
    """Section 'What changed since last quarter' (REPORT.md item 6): a few lines of what moved
    and why; the full table is in the appendix (:func:`revision_appendix_html`)."""
    meta = json.loads((run_dir / "tables" / "revision_meta.json").read_text())
    path = run_dir / "tables" / "pipeline_changes.csv"
    n_changes = len(pd.read_csv(path)) if path.is_file() else 0
    lines = revision_lines(_read_revisions(run_dir), meta, n_changes)
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return (
        f"<h2>What changed since last quarter</h2><ul>{items}</ul>"
        "<p class='meta'>Every key output, previous and new, with the revision split into new "
        "data, changed assumptions and model changes: Appendix 'Revisions in full'.</p>"
    )


def revision_appendix_html(run_dir: Path) -> str:
    """Appendix: the full revision table, then the project records that changed."""
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
        return "<h2>Appendix: revisions in full</h2><p>No revision table in this run.</p>"
    rows = []
    for r in revisions.to_dict("records"):
        prob = r["unit"] == "probability"
        fmt = lambda v, p=prob: fmt_prob(v) if p else fmt_value(v, "")  # noqa: E731
        rows.append(
            {k: (fmt(r[k]) if k not in ("label", "unit") else r[k]) for k, _ in REVISION_COLUMNS}
        )
    return "\n".join(
        [
            "<h2>Appendix: revisions in full</h2>",
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
