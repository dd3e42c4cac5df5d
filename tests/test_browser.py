"""The HTML report as a person sees it (headless Debian Chromium) and the PDF's text."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.slow
CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", "/usr/lib/chromium/chromium") if Path(p).exists()), None
)
SECTIONS = (
    "Key judgements",
    "Official targets: verdict",
    "2026-2030 outlook",
    "Scenarios side by side",
    "Risks to this outlook",
    "Plan for 2035",
    "Qinghai supply",
    "EV lithium demand",
    "Targets and industry value",
    "lithium carbonate price",
    "natural units",
    "Sensitivity",
    "What changed since last quarter",
    "Model accuracy",
    "Appendix B. Data",
    "Appendix: revisions in full",
    "Appendix: data, method and run",
)
#: Sections on the front page (the first screen and the first printed page).
FRONT_SECTIONS = SECTIONS[:6]
#: Least share of a printed page's height that holds content (every page but the last).
MIN_PAGE_FILL = 0.4


@pytest.fixture(scope="module")
def report(shared_report: Path) -> Path:
    return shared_report


def _chinese_titles(report: Path) -> list[str]:
    """Document titles in the run's target table that contain Chinese characters."""
    docs = pd.read_csv(report / "target_probabilities.csv")["document"].dropna().unique()
    return sorted(d for d in docs if re.search(r"[\u4e00-\u9fff]", d))


def _headline_probability(report: Path) -> str:
    t = pd.read_csv(report / "target_probabilities.csv")
    head = t[t["headline"]].sort_values("target_year")
    return f"{100 * head['p_reached_by_year'].iloc[-1]:.0f}%"


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
def test_html_renders_with_all_figures_and_no_console_errors(report: Path, tmp_path) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((report / "report.html").resolve().as_uri())
        page.wait_for_load_state("load")
        widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
        front_px = page.eval_on_selector(".front", "e => e.getBoundingClientRect().height")
        front_text = page.inner_text(".front")
        text = page.inner_text("body")
        page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
        browser.close()
    assert len(widths) >= 6, "expected the fan charts, tornado, Sobol and coverage figures"
    assert all(w > 0 for w in widths), f"broken images: {widths}"
    assert errors == []
    assert front_px <= 900, f"front page is {front_px:.0f} px tall; it should fit one screen"
    for section in SECTIONS:
        assert section in text, section
    for section in FRONT_SECTIONS:
        assert section in front_text, section
    assert _headline_probability(report) in front_text
    titles = _chinese_titles(report)
    assert titles, "the registry's Chinese document titles should reach the report"
    for title in titles:
        assert title in text, title
    assert "[zh]" not in text and "title in Chinese" not in text
    assert (tmp_path / "report.png").stat().st_size > 10_000


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_has_sections_numbers_and_sane_page_count(report: Path) -> None:
    pdf = report / "report.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 5 <= pages <= 80
    flat = " ".join(text.split())
    for section in SECTIONS:
        assert section in flat, section
    assert _headline_probability(report) in flat
    assert "170,000" in flat  # the 2025 capacity target as printed on the front page
    for title in _chinese_titles(report):  # drawn with a CJK font, extractable as text
        assert title.split("（")[0][:8] in flat.replace(" ", ""), title


def _page_fill(pdf: Path, tmp_path: Path) -> list[float]:
    """Per page, the share of its height down to the last non-white pixel row (20 dpi)."""
    import numpy as np
    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-r", "20", "-gray", "-png", str(pdf), str(tmp_path / "p")], check=True
    )
    fills = []
    for png in sorted(tmp_path.glob("p-*.png")):
        pixels = np.asarray(Image.open(png))
        rows = np.flatnonzero((pixels < 200).any(axis=1))
        fills.append((rows.max() + 1) / pixels.shape[0] if rows.size else 0.0)
    return fills


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_has_no_near_empty_pages_and_front_page_stands_alone(report: Path, tmp_path) -> None:
    pdf = report / "report.pdf"
    fills = _page_fill(pdf, tmp_path)
    thin = [(i + 1, round(f, 2)) for i, f in enumerate(fills[:-1]) if f < MIN_PAGE_FILL]
    assert not thin, f"near-empty pages (page, share filled): {thin}"

    def page_text(n: int) -> str:
        out = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return " ".join(out.split())

    first, second = page_text(1), page_text(2)
    for section in FRONT_SECTIONS:  # the whole front page on page 1, from top to bottom
        assert section in first, section
    assert "Qinghai supply" in second and "Key judgements" not in second


#: Printable width of an A4 page with the report's 12 mm margins, in CSS px (96 px per inch).
A4_PRINT_WIDTH_PX = round((210 - 2 * 12) / 25.4 * 96)


def test_no_table_or_figure_is_wider_than_the_printed_page(report: Path) -> None:
    """Printed (print media, A4 width) nothing sticks out on the right: a table wider than
    the page is cut in the PDF (the 12-scenario table was), an image is scaled to fit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": A4_PRINT_WIDTH_PX, "height": 1100})
        page.emulate_media(media="print")
        page.goto((report / "report.html").resolve().as_uri())
        page.wait_for_load_state("load")
        too_wide = page.evaluate(
            """limit => [...document.querySelectorAll('.section table, .section img')]
                 .map(e => [e.tagName, (e.querySelector('caption') || e).textContent.slice(0, 60)
                            || e.getAttribute('alt') || '', e.getBoundingClientRect().right])
                 .filter(x => x[2] > limit + 1)""",
            A4_PRINT_WIDTH_PX,
        )
        n_tables = page.eval_on_selector_all(".section table", "ts => ts.length")
        browser.close()
    assert n_tables >= 10
    assert too_wide == [], too_wide
