"""Derive datasets/sources.csv from SOURCES.md (re-runnable; reads only, writes sources.csv).

    python datasets/build/build_sources.py [--shared ../shared/data] [--out datasets]

Every Markdown table whose first header cell is ``source_id`` is parsed; its header names map to
our columns (title, publisher, date, url, passage, licence, reliability). Web pages state no
licence, so their licence reads as SOURCES.md says ("facts only retyped"). ``reliability`` is the
conservative single grade of the leading token ("A/B" -> B); ``published_date`` parses the
leading ISO date (YYYY-MM-DD, else YYYY-MM or YYYY taken at the period end). Overrides and refresh
instructions come from the ``sources`` section of corrections.yml, each with a reason.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from forecasting.data.corrections import load_corrections  # noqa: E402
from forecasting.data.tables import SOURCES  # noqa: E402

WEB_LICENCE = "web page, no licence stated; only facts (numbers, dates, names) retyped, no prose"
_HEADER_MAP = (
    ("source_id", "source_id"),
    ("title", "title"),
    ("content", "title"),
    ("publisher", "publisher"),
    ("date", "date"),
    ("url", "url"),
    ("passage", "passage"),
    ("used for", "passage"),
    ("licence", "licence"),
    ("reliability", "reliability_text"),
)


def _column_name(header: str) -> str:
    low = header.strip().lower()
    for prefix, name in _HEADER_MAP:
        if low.startswith(prefix):
            return name
    raise ValueError(f"SOURCES.md: unknown table header {header!r}")


def _cells(line: str) -> list[str]:
    """Cells of a Markdown table row, with bold markers (**) removed."""
    return [c.replace("**", "").strip() for c in line.strip().strip("|").split("|")]


def parse_sources_md(text: str) -> pd.DataFrame:
    """All source rows of every ``| source_id | ...`` table in ``text``, with their section."""
    rows: list[dict[str, str]] = []
    section, columns = "", None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            section, columns = line.lstrip("#").strip(), None
        elif line.startswith("| source_id"):
            columns = [_column_name(h) for h in _cells(line)]
        elif columns and line.startswith("|---"):
            continue
        elif columns and line.startswith("|"):
            cells = _cells(line)
            if len(cells) != len(columns):
                raise ValueError(
                    f"SOURCES.md line {lineno}: {len(cells)} cells, expected {len(columns)}"
                )
            rows.append({**dict(zip(columns, cells, strict=True)), "section": section})
        else:
            columns = None if not line.strip() else columns
    return pd.DataFrame(rows)


def reliability_grade(text: str) -> str:
    """Conservative single grade from e.g. 'A/B', 'B/C (mirror)', 'A (official) / year inferred'."""
    m = re.match(r"\**\s*([A-D](?:\s*/\s*[A-D])*)", text.strip())
    if not m:
        raise ValueError(f"reliability {text!r} does not start with a grade A-D")
    return max(re.findall(r"[A-D]", m.group(1)))


def published_date(text: str) -> str:
    """ISO date from the start of a SOURCES.md date; month/year precision -> last day."""
    s = text.strip()
    if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", s):
        return m.group(0)
    if m := re.match(r"(\d{4})-(\d{2})(?!\d)", s):
        return (pd.Timestamp(f"{m.group(0)}-01") + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d")
    if m := re.match(r"(\d{4})(?![\d-])", s):
        return f"{m.group(1)}-12-31"
    return ""


def build_sources(shared: Path, corrections: dict) -> pd.DataFrame:
    """The sources table: parsed SOURCES.md plus the reviewed overrides."""
    raw = parse_sources_md((shared / "SOURCES.md").read_text(encoding="utf-8"))
    if raw["source_id"].duplicated().any():  # checked again after additions below
        dup = raw.loc[raw["source_id"].duplicated(), "source_id"].tolist()
        raise ValueError(f"SOURCES.md: duplicated source_id {dup}")
    out = raw.fillna("")
    out["source_id"] = out["source_id"].str.strip("*` ")
    out["licence"] = out["licence"].where(out["licence"] != "", WEB_LICENCE)
    out["reliability"] = out["reliability_text"].map(reliability_grade)
    out["published_date"] = out["date"].map(published_date)
    out["refresh_instructions"] = ""
    added = pd.DataFrame([e["add"] for e in corrections.get("sources_added", [])], dtype=object)
    out = pd.concat([out, added], ignore_index=True).fillna("")
    for entry in corrections.get("sources", []):
        sid = entry["source_id"]
        if sid not in set(out["source_id"]):
            raise ValueError(f"corrections.yml sources: unknown source_id {sid!r}")
        for col, value in entry["set"].items():
            out.loc[out["source_id"] == sid, col] = str(value)
    if out["source_id"].duplicated().any():
        raise ValueError(
            f"duplicated source_id {out.loc[out['source_id'].duplicated(), 'source_id'].tolist()}"
        )
    return out[SOURCES.field_names()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parents[2] / "shared" / "data")
    parser.add_argument("--out", type=Path, default=HERE.parent)
    args = parser.parse_args(argv)
    table = build_sources(args.shared, load_corrections(HERE / "corrections.yml"))
    table.to_csv(args.out / SOURCES.filename, index=False, lineterminator="\n")
    print(f"wrote {args.out / SOURCES.filename}: {len(table)} sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
