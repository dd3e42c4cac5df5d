"""Small helpers the report notebooks call: read a run's tables, show readable tables and text.

Notebooks stay thin: they read the CSVs computed by :mod:`forecasting.reports.compute` (through
:func:`load_run`), draw with :mod:`forecasting.plotting` and narrate with :func:`say`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.errors import ReportError


@dataclass(frozen=True)
class RunTables:
    """The computed tables of one report run (see :mod:`forecasting.reports.compute`)."""

    run_dir: Path
    forecasts: pd.DataFrame
    targets: pd.DataFrame

    def table(self, name: str) -> pd.DataFrame:
        """``tables/<name>.csv`` of the run (empty frame if the run did not produce it)."""
        path = self.run_dir / "tables" / f"{name}.csv"
        return pd.read_csv(path) if path.is_file() else pd.DataFrame()

    def meta(self, name: str) -> dict:
        """``tables/<name>.json`` of the run (empty dict if absent)."""
        path = self.run_dir / "tables" / f"{name}.json"
        return json.loads(path.read_text()) if path.is_file() else {}

    def fan(self, view: str, metric: str, series: str | None = None) -> pd.DataFrame:
        """Quantile rows of one view/metric (and series) for :func:`plot_fan_chart`."""
        f = self.forecasts
        sel = (f["view"] == view) & (f["metric"] == metric)
        if series is not None:
            sel &= f["series"] == series
        return f[sel].sort_values("year")


def load_run(run_dir: str | Path) -> RunTables:
    """Read ``forecasts.csv`` and ``target_probabilities.csv`` from ``run_dir``."""
    root = Path(run_dir)
    try:
        forecasts = pd.read_csv(root / "forecasts.csv")
        targets = pd.read_csv(root / "target_probabilities.csv")
    except FileNotFoundError as exc:
        raise ReportError(
            f"{exc.filename} is missing: run_dir must hold the computed report tables "
            "(run `lithium-forecast report` or forecasting.reports.compute.compute_outputs)"
        ) from exc
    return RunTables(root, forecasts, targets)


def say(text: str) -> None:
    """Display a paragraph of Markdown narrative (numbers filled in by the caller)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def fmt_number(value: float, digits: int = 0) -> str:
    """Thousands-separated number; ``"n/a"`` for NaN."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def fmt_pct(p: float) -> str:
    """Probability as a percentage; ``"n/a"`` for NaN."""
    if p is None or (isinstance(p, float) and np.isnan(p)):
        return "n/a"
    return f"{100 * p:.0f}%"


def show_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    formats: Mapping[str, str] | None = None,
    max_rows: int = 30,
    caption: str | None = None,
) -> None:
    """Display a readable table: chosen columns renamed, numbers formatted, at most max_rows.

    ``columns`` maps frame column -> header; ``formats`` maps frame column -> ``"int"``,
    ``"pct"``, ``"1dp"``, ``"3dp"`` or ``"year"``.
    """
    from IPython.display import HTML, display

    display(HTML(table_html(frame, columns, formats, max_rows, caption)))


_FORMATTERS = {
    "int": lambda v: fmt_number(v, 0),
    "1dp": lambda v: fmt_number(v, 1),
    "3dp": lambda v: fmt_number(v, 3),
    "pct": fmt_pct,
    "year": lambda v: str(int(v)),
}


def table_html(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    formats: Mapping[str, str] | None = None,
    max_rows: int = 30,
    caption: str | None = None,
) -> str:
    """The HTML of :func:`show_table` (escaped; no index column)."""
    cols = dict(columns) if columns else {c: c for c in frame.columns}
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ReportError(f"table lacks columns {missing}; it has {list(frame.columns)}")
    fmts = dict(formats or {})
    numeric = {c for c in cols if c in fmts or pd.api.types.is_numeric_dtype(frame[c].dtype)}

    def cls(c: str) -> str:
        return ' class="num"' if c in numeric else ""

    head = "".join(f"<th{cls(c)}>{html.escape(h)}</th>" for c, h in cols.items())
    body = []
    for _, row in frame.head(max_rows).iterrows():
        cells = []
        for c in cols:
            v = row[c]
            text = (
                _FORMATTERS[fmts[c]](float(v))
                if c in fmts and pd.notna(v)
                else ("" if pd.isna(v) else str(v))
            )
            cells.append(f"<td{cls(c)}>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    more = (
        f"<p class='meta'>({len(frame) - max_rows} more rows in the CSV)</p>"
        if len(frame) > max_rows
        else ""
    )
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


def pick(frame: pd.DataFrame, **equals: object) -> pd.DataFrame:
    """Rows where every ``column == value`` holds (a readable filter for notebooks)."""
    sel = np.ones(len(frame), dtype=bool)
    for col, val in equals.items():
        sel &= (frame[col] == val).to_numpy()
    return frame[sel]


def years_label(years: Sequence[int]) -> str:
    """``[2020, 2021, 2035]`` -> ``"2020-2035"``."""
    ys = sorted(int(y) for y in years)
    return f"{ys[0]}-{ys[-1]}" if ys else "none"


#: How the anchors table flags an observation published after the run's data cut-off.
LATE_ANCHOR = "no: latest available, published after the cut-off"


def anchor_value(value: object, anchors: pd.DataFrame, key: str) -> float:
    """A scenario number as the run used it: ``value`` itself when it is a number, else (a
    ``from_data`` key) the resolved value of ``key`` in the run's ``anchors_used`` table."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    hit = anchors[anchors["key"] == key] if "key" in anchors else anchors.iloc[0:0]
    if hit.empty:
        raise ReportError(
            f"scenario key {key!r} is not a number in the scenario ({value!r}) and "
            "tables/anchors_used.csv has no row for it"
        )
    return float(hit["value"].iloc[0])


def anchors_display(anchors: pd.DataFrame) -> pd.DataFrame:
    """``anchors_used`` (key, value, unit, series, observation_date, source_id,
    known_at_as_of) as text: years whole, shares to 3 decimals, other values with thousands
    separators in their unit; ``known at cut-off`` is ``yes`` or :data:`LATE_ANCHOR`."""

    def fmt(value: float, unit: str) -> str:
        if unit == "year":
            return str(int(value))
        return f"{value:.3f}" if unit == "share" else f"{value:,.0f} {unit}"

    known = anchors["known_at_as_of"].astype(str).str.lower().isin(["true", "1"])
    return pd.DataFrame(
        {
            "scenario key": anchors["key"],
            "value used": [
                fmt(v, u) for v, u in zip(anchors["value"], anchors["unit"], strict=True)
            ],
            "observed series": anchors["series"],
            "observation date": anchors["observation_date"].astype(str).str[:10],
            "source": anchors["source_id"],
            "known at cut-off": np.where(known, "yes", LATE_ANCHOR),
        }
    )
