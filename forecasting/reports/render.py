"""Render executed notebooks into one self-contained HTML report, then print it to PDF.

The HTML has no code cells, no prompts, no stderr noise and no external resources: figures are
embedded as base64 PNG by nbconvert, and one stylesheet (:data:`STYLESHEET`) is inlined. The PDF
is printed from that HTML by headless Debian Chromium (no LaTeX).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from forecasting.errors import ReportError
from forecasting.reports import templates

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
PDF_TIMEOUT_S = 180
#: CJK ideographs and CJK/full-width punctuation.
_CJK_CHARS = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

STYLESHEET = """
body { font-family: "DejaVu Sans", "Noto Sans CJK SC", Arial, sans-serif; max-width: 64rem;
       margin: 1.2rem auto; padding: 0 1rem; color: #1a1a1a; line-height: 1.4; font-size: 15px; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #333; padding-bottom: .2rem; margin: .4rem 0; }
h2 { font-size: 1.3rem; margin-top: 1.6rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.05rem; }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .85rem; }
caption { font-weight: bold; text-align: left; padding-bottom: .2rem; }
th, td { border: 1px solid #bbb; padding: .2rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.section td { overflow-wrap: anywhere; } /* long ids wrap: no body table wider than a page */
thead { display: table-header-group; }
tr, img, .output_png { break-inside: avoid; page-break-inside: avoid; }
img { max-width: 100%; height: auto; display: block; margin: .5rem 0; }
pre { white-space: pre-wrap; font-size: .8rem; background: #f6f6f6; padding: .4rem; }
.meta { color: #444; font-size: .9rem; }
.note { background: #f3f3f3; border-left: 4px solid #777; padding: .3rem .7rem; font-size: .85rem; }
.front h1 { font-size: 1.35rem; margin: 0 0 .1rem; }
.front h2 { margin: .35rem 0 .15rem; font-size: .95rem; border-bottom: 1px solid #999; }
.front .meta { margin: .1rem 0 .2rem; font-size: .78rem; }
.outlook { display: grid; grid-template-columns: 1.1fr 1fr; gap: 0 1rem; }
.outlook .col { min-width: 0; }
.front .brief { margin: .2rem 0; padding-left: 1.1rem; font-size: .8rem; }
.front .brief li { margin-bottom: .12rem; }
.front table { width: 100%; font-size: .68rem; margin: .2rem 0; }
.front th, .front td { padding: .04rem .25rem; line-height: 1.22; }
.front td.num { white-space: normal; }
.verdicts td:last-child { font-size: .62rem; color: #333; }
.front .scope { font-size: .64rem; margin: .1rem 0; }
.front .scope li { display: inline; margin-right: .4rem; }
.headline-chart { width: 100%; margin: 0 0 .1rem; }
.risks { border: 1px solid #666; background: #f4f4f4; padding: .15rem .5rem; font-size: .7rem;
         margin-top: .3rem; break-inside: avoid; }
.risks ul { margin: .1rem 0; padding-left: 1rem; }
.plan { font-size: .7rem; margin: .25rem 0; }
.scope { margin: .1rem 0; padding-left: .4rem; list-style: none; font-size: .64rem; }
.section { margin-top: 1.5rem; }
.keep-with-next { break-inside: avoid; page-break-inside: avoid; }
.front { break-after: page; page-break-after: always; }
.appendix-start { height: 0; border-top: 2px solid #333; margin-top: 1.5rem; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; margin: 0; font-size: 10.5pt; }
  table { font-size: 8.5pt; }
  .front { zoom: 0.85; width: 64rem; font-size: 15px; }
  .meta, .note { font-size: 8.5pt; }
}
"""


def _clean_outputs(nb) -> None:
    """Drop stderr streams and code-cell sources' empty shells before export (in place)."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = [
            o
            for o in cell.get("outputs", [])
            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
        ]


_CELL_START = '<div class="cell border-box-sizing'
_HEADING = re.compile(r"<h[1-4][ >]")


def keep_headings_with_content(body: str) -> str:
    """Wrap each Markdown cell that holds a heading, together with the cells up to and
    including the first one that shows output, in one ``keep-with-next`` block.

    Chromium ignores ``break-after: avoid`` between the cell blocks nbconvert writes, so a
    heading and its intro could end a page with their figure or table on the next one; one
    block that must not break inside keeps them together. Cells are the top-level
    ``<div class="cell border-box-sizing ...">`` blocks of the classic ``basic`` template.
    """
    head, *cells = body.split(_CELL_START)
    cells = [_CELL_START + c for c in cells]
    out, i = [head], 0
    while i < len(cells):
        cell = cells[i]
        if "text_cell" not in cell.split(">", 1)[0] or not _HEADING.search(cell):
            out.append(cell)
            i += 1
            continue
        j = i + 1
        while j < len(cells) and 'class="output' not in cells[j]:
            j += 1
        group = cells[i : j + 1]
        out.append('<div class="keep-with-next">' + "".join(group) + "</div>\n")
        i = j + 1
    return "".join(out)


def notebook_body_html(ipynb: Path) -> str:
    """The body of one executed notebook as an HTML fragment: no code, prompts or stderr."""
    import nbformat

    nb = nbformat.read(ipynb, as_version=4)
    _clean_outputs(nb)
    body, _ = _exporter().from_notebook_node(nb)
    return keep_headings_with_content(body)


@functools.lru_cache(maxsize=1)
def _exporter():
    """One nbconvert HTML exporter (basic template, no code or prompts), reused: building it
    loads the templates, which cost more than converting a notebook."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = ""
    return exporter


def notebook_is_appendix(ipynb: Path) -> bool:
    """True when the notebook's first Markdown cell is an appendix heading (``## Appendix ...``)."""
    import nbformat

    nb = nbformat.read(ipynb, as_version=4)
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    heading = first.strip().splitlines()[0] if first.strip() else ""
    return heading.startswith("#") and "appendix" in heading.lower()


def html_table(
    rows: Sequence[dict], columns: Sequence[tuple[str, str]], numeric: Sequence[str] = ()
) -> str:
    """A small escaped HTML table; ``columns`` is ``(key, header)`` pairs; keys in ``numeric``
    are right-aligned and never wrapped (class ``num``). Jinja2 template ``table.html``."""
    from markupsafe import Markup

    num = set(numeric)
    rows = [{k: str(r.get(k, "")) for k, _ in columns} for r in rows]
    return templates.render(
        "table.html",
        rows=rows,
        columns=list(columns),
        cls=lambda key: Markup(' class="num"') if key in num else "",
    )


def assemble_report_html(
    title: str,
    front_html: str,
    sections: Sequence[tuple[str, str]],
    appendix_html: str,
    n_main: int | None = None,
) -> str:
    """One HTML document (Jinja2 template ``report.html``): front page, one section per
    notebook, the run appendix. ``front_html``, section bodies and ``appendix_html`` are HTML.

    The front page stands alone on the first printed page. The other sections flow on (a page
    break where a section or the appendices start left near-empty pages, e.g. after the short
    'What changed' section); headings keep with what follows and figures and table rows are
    never split. With ``n_main``, sections after the first ``n_main`` are appendices, set off
    by a rule.
    """
    from markupsafe import Markup

    return templates.render(
        "report.html",
        title=title,
        stylesheet=Markup(STYLESHEET),
        front=Markup(front_html),
        sections=[(anchor, Markup(body)) for anchor, body in sections],
        split=len(sections) if n_main is None else n_main,
        appendix=Markup(appendix_html),
    )


def cjk_font_missing(text: str) -> str | None:
    """A hint when ``text`` holds Chinese characters and fontconfig knows no Chinese font.

    Chinese document titles are printed as registered; without a CJK font (Debian
    ``fonts-noto-cjk``) Chromium draws them as empty boxes. ``None`` when all is well.
    """
    if not _CJK_CHARS.search(text):
        return None
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None  # cannot tell; Chromium may still find a font
    found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True)
    if found.stdout.strip():
        return None
    return (
        "note: no Chinese font is installed, so Chinese document titles will print as boxes "
        "(Debian: apt-get install fonts-noto-cjk; or run `make system-deps`)"
    )


def find_chromium() -> str | None:
    """Path of a headless-capable Chromium binary, or None."""
    env = os.environ.get("LITHIUM_FORECAST_CHROMIUM")
    if env:
        return env
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium_flags(user_data_dir: str) -> list[str]:
    """Offline, quiet headless flags (``--no-sandbox`` when running as root)."""
    flags = [
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={user_data_dir}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.insert(1, "--no-sandbox")
    return flags


def write_pdf(html_path: Path, pdf_path: Path) -> Path:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium (A4, no header/footer)."""
    binary = find_chromium()
    if binary is None:
        raise ReportError(
            "Chromium is needed to print the PDF but was not found on PATH "
            "(Debian: apt-get install chromium; or run `make system-deps`)"
        )
    with tempfile.TemporaryDirectory(prefix="lf-chromium-") as profile:
        cmd = [
            binary,
            *chromium_flags(profile),
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf_path}",
            Path(html_path).resolve().as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=PDF_TIMEOUT_S)
        except subprocess.TimeoutExpired as exc:
            raise ReportError(f"Chromium did not print the PDF within {PDF_TIMEOUT_S} s") from exc
    if proc.returncode != 0 or not Path(pdf_path).exists() or Path(pdf_path).stat().st_size == 0:
        tail = (proc.stderr or "").strip().splitlines()[-5:]
        raise ReportError(f"Chromium failed to print {pdf_path} (exit {proc.returncode}): {tail}")
    return Path(pdf_path)
