"""Small helpers the report notebooks call: read a run's tables, show readable tables and text.

Notebooks stay thin: they read the CSVs computed by :mod:`forecasting.reports.compute` (through
:func:`load_run`), draw with :mod:`forecasting.plotting` and narrate with :func:`say`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.errors import ReportError


class Run:
    """The tables of one report run, read from a run folder or computed on demand.

    ``run_dir`` set: the folder holds this run's computed tables (``tables/run_spec.json``
    matches the parameters), so tables are read from it. ``run_dir`` None: each table's group
    is computed by :func:`forecasting.reports.compute.group_tables` (from the cache when the
    inputs match), so a notebook opened alone computes what it shows from its parameters.
    """

    def __init__(self, spec, run_dir: Path | None = None, use_cache: bool = True) -> None:
        self.spec = spec
        self.run_dir = None if run_dir is None else Path(run_dir)
        self.use_cache = use_cache
        self._tables: dict[str, pd.DataFrame] = {}
        self._notes: list[pd.DataFrame] = []

    @property
    def forecasts(self) -> pd.DataFrame:
        """``forecasts.csv``: quantiles by view, metric, series and year."""
        return self.table("forecasts")

    @property
    def targets(self) -> pd.DataFrame:
        """``target_probabilities.csv``: one row per official target and view."""
        return self.table("target_probabilities")

    @property
    def headline(self) -> pd.DataFrame:
        """The front-page target rows (``headline`` True)."""
        from forecasting.reports.views import headline_rows

        return headline_rows(self.targets)

    @property
    def figures_dir(self) -> Path | None:
        """``figures/`` of the run folder (None when the run is computed on demand)."""
        return None if self.run_dir is None else self.run_dir / "figures"

    def _path(self, name: str) -> Path | None:
        if self.run_dir is None:
            return None
        top = name in ("forecasts", "target_probabilities")
        return self.run_dir / (f"{name}.csv" if top else f"tables/{name}.csv")

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` of the run (an empty frame when the run does not produce it)."""
        from forecasting.reports import cache, compute

        if name not in self._tables:
            path = self._path(name)
            group = compute.group_of(name)
            if path is not None:
                frame = cache.read_csv(path) if path.is_file() else pd.DataFrame()
            elif name == "notes":  # computed on demand: the notes of the groups read so far
                self.table("forecasts")
                return pd.concat(self._notes, ignore_index=True)
            elif group is None:
                frame = pd.DataFrame()
            else:
                tables = compute.group_tables(self.spec, group, use_cache=self.use_cache)
                self._tables.update({k: v for k, v in tables.items() if k != "notes"})
                self._notes.append(tables.get("notes", pd.DataFrame(columns=["table", "problem"])))
                frame = tables.get(name, pd.DataFrame())
            self._tables[name] = frame
        return self._tables[name]

    def meta(self, name: str) -> dict:
        """``tables/<name>.json`` of the run folder (empty dict if absent or computed)."""
        path = None if self.run_dir is None else self.run_dir / "tables" / f"{name}.json"
        return json.loads(path.read_text()) if path is not None and path.is_file() else {}

    def fan(self, view: str, metric: str, series: str | None = None) -> pd.DataFrame:
        """Quantile rows of one view/metric (and series) for :func:`plot_fan_chart`."""
        f = self.forecasts
        sel = (f["view"] == view) & (f["metric"] == metric)
        if series is not None:
            sel &= f["series"] == series
        return f[sel].sort_values("year")

    def describe(self) -> str:
        """One line naming the run: quarter, scenario, cut-off, paths, seed, data."""
        s = self.spec
        data = "bundled datasets" if s.data_path is None else f"your tables in {s.data_path}"
        return (
            f"{s.quarter}, scenario '{s.scenario}', as_of {s.as_of}, {s.n_paths} paths, "
            f"seed {s.seed}, {data}"
        )

    def scenario(self):
        """The run's scenario: the copies in the run folder, else ``datasets/scenarios``."""
        from forecasting.scenarios import SCENARIOS_DIR, load_scenario

        copies = None if self.run_dir is None else self.run_dir / "inputs" / "scenarios"
        folder = copies if copies is not None and copies.is_dir() else SCENARIOS_DIR
        return load_scenario(self.spec.scenario, folder)


#: Backwards-compatible name of :class:`Run`.
RunTables = Run


def open_run(
    quarter: str,
    scenario: str = "base",
    as_of: str | None = None,
    seed: int = 0,
    n_paths: int = 1000,
    data_path: str | None = None,
    run_dir: str | Path | None = None,
    use_cache: bool = True,
) -> Run:
    """The run a notebook's parameters describe.

    When ``run_dir`` holds tables computed with exactly these parameters (the report build
    writes them there first), they are read from it; otherwise every table the notebook asks
    for is computed from the parameters (cached on its inputs). ``as_of`` None: the last day
    of ``quarter``.
    """
    from forecasting.reports.compute import RunSpec, read_run_spec
    from forecasting.reports.publish import parse_as_of

    spec = RunSpec(
        quarter=quarter,
        as_of=parse_as_of(as_of, quarter).isoformat(),
        scenario=scenario,
        seed=int(seed),
        n_paths=int(n_paths),
        data_path=None if data_path in (None, "") else str(Path(data_path).resolve()),
    )
    if run_dir is not None and read_run_spec(Path(run_dir)) == spec.parameters():
        return Run(spec, Path(run_dir), use_cache)
    return Run(spec, None, use_cache)


def announce(run: Run) -> None:
    """Say where the numbers come from when the notebook computed them itself (silent inside
    a report build, whose front page names the run)."""
    if run.run_dir is None:
        say(f"_Computed from this notebook's parameters: {run.describe()}._")


def load_run(run_dir: str | Path) -> Run:
    """The run computed into ``run_dir`` (``tables/run_spec.json`` names its parameters)."""
    from forecasting.reports.compute import RunSpec, read_run_spec

    root = Path(run_dir)
    params = read_run_spec(root)
    if params is None or not (root / "forecasts.csv").is_file():
        raise ReportError(
            f"{root / 'forecasts.csv'} is missing: run_dir must hold the computed report tables "
            "(run `lithium-forecast report`, or call nbtools.open_run with the parameters)"
        )
    return Run(RunSpec(**params), root)


#: Salt of the ids matplotlib writes into SVG files (fixed: the same figure, the same bytes).
SVG_HASH_SALT = "lithium-forecast"
#: Pixels per inch of a figure on screen (the report's inline figures) and in figures/*.png.
SCREEN_DPI = 100
FILE_DPI = 100


def save_figure(fig, folder: Path, name: str) -> list[Path]:
    """Save ``fig`` as ``folder/<name>.png`` (:data:`FILE_DPI`; the SVG is the print-quality
    copy) and ``.svg``, byte-stable: no dates in the metadata, fixed SVG ids. Returns both."""
    import matplotlib

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASH_SALT}):
        for ext, meta in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
            path = folder / f"{name}.{ext}"
            fig.savefig(path, dpi=FILE_DPI, bbox_inches="tight", metadata=meta)
            out.append(path)
    return out


def show(run: Run, fig, name: str) -> None:
    """Display ``fig``; in a report build also save it under the run's ``figures/``.

    In a report build the saved PNG itself is displayed (drawn once, not again for the inline
    output), at the figure's size on screen (100 px per inch)."""
    import matplotlib.pyplot as plt

    if run.figures_dir is None:
        plt.show()
        return
    from IPython.display import Image, display

    png, _svg = save_figure(fig, run.figures_dir, name)
    plt.close(fig)
    data = png.read_bytes()
    file_width_px = int.from_bytes(data[16:20], "big")  # PNG IHDR: width, big-endian
    display(Image(data=data, format="png", width=round(file_width_px * SCREEN_DPI / FILE_DPI)))


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
