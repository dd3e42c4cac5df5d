"""The one-command quarterly report: compute -> revisions -> notebooks -> HTML -> PDF -> manifest.

``build_report("2026Q4")`` writes ``reports/2026Q4/`` with the executed notebooks, ``report.html``,
``report.pdf``, ``forecasts.csv``, ``target_probabilities.csv``, supporting ``tables/`` and
``manifest.json``. Everything is built in a hidden staging folder and published by one atomic
rename (see :mod:`forecasting.reports.publish`), so a failure leaves nothing behind.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from forecasting import paths
from forecasting.errors import ReportError
from forecasting.reports import (
    compute,
    exports,
    frontpage,
    headline,
    nbcache,
    outlook,
    publish,
    render,
    revisions,
    sources,
)
from forecasting.reports.execute import execute_all, list_notebooks
from forecasting.reports.manifest import build_manifest, write_manifest

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NOTEBOOKS = paths.notebooks_dir()
DEFAULT_OUT = Path("reports")


class _Timer:
    """Collects wall time per named step and prints progress lines."""

    def __init__(self, progress: Callable[[str], None]) -> None:
        self.progress = progress
        self.timings: dict[str, float] = {}
        self.runs: list = []
        self.notebooks = "not run"
        self._t0 = time.perf_counter()

    def step(self, name: str, fn: Callable[[], object]) -> object:
        self.progress(f"[{time.perf_counter() - self._t0:6.1f} s] {name} ...")
        start = time.perf_counter()
        result = fn()
        self.timings[name] = time.perf_counter() - start
        return result


def build_report(
    quarter: str,
    scenario: str = compute.DEFAULT_SCENARIO,
    as_of: str | None = None,
    out_root: Path | str = DEFAULT_OUT,
    force: bool = False,
    seed: int = 0,
    n_paths: int = compute.DEFAULT_N_PATHS,
    notebook_dir: Path | str = DEFAULT_NOTEBOOKS,
    progress: Callable[[str], None] = print,
    n_jobs: int = 2,
    use_cache: bool = True,
    data_path: str | Path | None = None,
    pdf: bool = True,
) -> Path:
    """Build and publish the report for ``quarter`` into ``out_root/quarter``; return that path.

    ``pdf=False`` skips report.pdf (no Chromium needed); with ``pdf=True`` Chromium is looked up
    before any work, so a missing browser fails in a second, not after the notebooks ran.

    Raises :class:`ReportError` if the quarter is already published (unless ``force``), if a
    notebook fails (naming the cell and error) or if rendering fails; nothing is left behind.
    ``data_path``: a folder of the user's tables replacing the bundled ones of the same name.
    """
    as_of_date = publish.parse_as_of(as_of, quarter)
    out_root = Path(out_root)
    dest = out_root / quarter
    publish.check_destination(dest, force)
    sources.scenario_files(scenario)  # unknown scenario: fail before any work
    if pdf and render.find_chromium() is None:
        raise ReportError(
            "Chromium is needed to print report.pdf but was not found on PATH (Debian: "
            "apt-get install chromium, or `make system-deps`); or build without it: --no-pdf"
        )
    notebooks = list_notebooks(Path(notebook_dir))
    spec = compute.RunSpec(
        quarter=quarter,
        as_of=as_of_date.isoformat(),
        scenario=scenario,
        seed=int(seed),
        n_paths=int(n_paths),
        data_path=None if data_path is None else str(Path(data_path).resolve()),
    )
    timer = _Timer(progress)
    with publish.staging(dest, force) as stage:
        computed = timer.step(
            "compute forecasts and target probabilities",
            lambda: compute.compute_outputs(spec, stage, use_cache=use_cache),
        )
        prev = publish.previous_vintage(out_root, quarter)
        timer.step(
            "revisions since the previous vintage",
            lambda: revisions.write_revisions(spec, stage, prev, use_cache=use_cache),
        )
        timer.step("write forecasts.xlsx", lambda: exports.write_xlsx(stage, spec.parameters()))
        _run_and_render(stage, spec, notebooks, timer, progress, n_jobs, pdf, computed, use_cache)
        _write_manifest(stage, spec, computed, timer)
    progress(f"report published: {dest}")
    return dest


def _run_and_render(
    stage: Path,
    spec,
    notebooks,
    timer: _Timer,
    progress,
    n_jobs: int,
    pdf: bool = True,
    computed=None,
    use_cache: bool = True,
) -> None:
    """Execute the notebooks in fresh kernels (or reuse their executed copies and figures when
    notebooks, parameters, tables, data and code hash the same: :mod:`nbcache`), then write
    report.html (and report.pdf)."""
    work = stage / nbcache.SCRATCH
    work.mkdir()
    params = {**spec.parameters(), "run_dir": "."}
    data_files = [] if computed is None else computed.data_files
    key = nbcache.notebook_key(notebooks, params, stage, data_files)
    runs = nbcache.restore(key, stage) if use_cache else None
    if runs is not None:
        progress(f"  {len(runs)} notebooks reused: notebooks and their inputs are unchanged")
        timer.notebooks = f"reused from the notebook cache (key {key[:16]})"
        timer.timings[f"execute {len(notebooks)} notebooks"] = 0.0
    else:
        before = nbcache.snapshot(stage)
        runs = timer.step(
            f"execute {len(notebooks)} notebooks",
            lambda: execute_all(
                notebooks, work, stage, params, cwd=stage, progress=progress, n_jobs=n_jobs
            ),
        )
        nbcache.store(key, stage, before, runs)
        timer.notebooks = f"executed (notebook cache key {key[:16]})"
    shutil.rmtree(work)
    timer.runs = runs
    html_path = timer.step("render report.html", lambda: _render_html(stage, spec, runs))
    hint = render.cjk_font_missing(html_path.read_text(encoding="utf-8"))
    if hint:
        progress(hint)
    if pdf:
        timer.step(
            "print report.pdf",
            lambda: render.write_pdf(stage / "report.html", stage / "report.pdf"),
        )


def _render_html(stage: Path, spec: compute.RunSpec, runs) -> Path:
    """Front page (outlook), the main notebook sections, 'What changed since last quarter',
    then the appendix notebooks, the full revision table and the run appendix."""
    front = outlook.front_page_html(stage, spec, headline.write_headline_chart(stage, spec))
    main = [r for r in runs if not render.notebook_is_appendix(r.path)]
    rest = [r for r in runs if r not in main]
    sections = [(r.name, render.notebook_body_html(r.path)) for r in main]
    sections.append(("revisions", frontpage.revision_section_html(stage)))
    sections += [(r.name, render.notebook_body_html(r.path)) for r in rest]
    sections.append(("revisions-full", frontpage.revision_appendix_html(stage)))
    appendix = frontpage.run_appendix_html(stage, spec)
    text = render.assemble_report_html(
        f"Qinghai lithium outlook {spec.quarter}", front, sections, appendix, n_main=len(main) + 1
    )
    path = stage / "report.html"
    path.write_text(text, encoding="utf-8")
    return path


def _write_manifest(stage: Path, spec, computed, timer: _Timer) -> None:
    runs, timings = timer.runs, timer.timings
    outputs = [stage / "forecasts.csv", stage / "target_probabilities.csv"]
    outputs += [stage / exports.XLSX_NAME, *sorted((stage / "figures").glob("*.*"))]
    missing = [p.name for p in outputs if not p.is_file()]
    if missing:
        raise ReportError(f"the compute step did not write {missing}")
    timings = {**timings, **{f"notebook {r.name}": r.seconds for r in runs}}
    manifest = build_manifest(
        repo=REPO_ROOT,
        parameters=spec.parameters(),
        data_files=computed.data_files,
        scenario_files=computed.scenario_files,
        outputs=outputs,
        timings_s=timings,
        notes={**computed.notes, "notebooks": timer.notebooks},
    )
    write_manifest(manifest, stage / "manifest.json")
