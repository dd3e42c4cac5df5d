"""Figures in one theme: fan charts with target lines, tornado, Sobol, coverage, lines, bars.

Every function returns the :class:`matplotlib.figure.Figure` it drew on, puts the unit on every
value axis and, when ``source=`` is given, the data source in a caption under the axes. Each
draws inside :func:`theme` and leaves the user's matplotlib settings as they were;
:func:`set_theme` applies the theme globally, on request. The theme uses the
colour-blind-safe palette of seaborn's ``colorblind`` set (matplotlib only: importing seaborn
cost each report notebook's kernel seconds), and bands/lines differ in lightness and line style
so that the charts stay readable when printed in grey.

Fan charts read quantiles: ``median`` (or ``p50``/``mean``), ``lo_80``/``hi_80`` (10th/90th
percentiles) and ``lo_95``/``hi_95`` (2.5th/97.5th), indexed by ``year``. Sample paths in a long
frame (``year`` or ``ds``, ``path``, ``y``) are reduced to those quantiles first
(:func:`quantiles_from_paths`).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from forecasting.errors import ForecastingError
from forecasting.plotting_theme import (  # noqa: F401  (set_theme, theme: public here too)
    BAND_ALPHA_80,
    BAND_ALPHA_95,
    GRADE_MARKERS,
    LINE_DASHES,
    LINE_MARKERS,
    PALETTE,
    THEME_RC,
    _themed,
    set_theme,
    theme,
)

_QUANTILE_COLUMNS = ("lo_95", "lo_80", "hi_80", "hi_95")


def _new_axes(ax: Axes | None, figsize: tuple[float, float] = (8, 4.5)) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig, ax_new = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax_new


def _finish(
    fig: Figure, ax: Axes, title: str | None, source: str, legend: bool = True, **legend_kw
) -> Figure:
    """Common last steps of every plot: optional title, legend (``fontsize=8`` unless given),
    source caption; returns ``fig``."""
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(**{"fontsize": 8, **legend_kw})
    _caption(fig, source)
    return fig


def _caption(fig: Figure, source: str) -> None:
    """Source caption under the axes (none when ``source`` is empty); panels of one figure
    share one caption line."""
    if not source:
        return
    existing = getattr(fig, "_lf_caption", None)
    if existing is not None:
        if source not in existing.get_text():
            existing.set_text(f"{existing.get_text()} | {source}")
        return
    fig._lf_caption = fig.text(
        0.01, -0.01, f"Source: {source}", ha="left", va="top", fontsize=8, color="0.3", wrap=True
    )


def quantiles_from_paths(paths: pd.DataFrame) -> pd.DataFrame:
    """Reduce long sample paths (``year`` or ``ds``, ``path``, ``y``) to fan-chart quantiles.

    Returns one row per year with ``median`` (50th), ``lo_80``/``hi_80`` (10th/90th) and
    ``lo_95``/``hi_95`` (2.5th/97.5th percentiles) of ``y`` across paths, in the unit of ``y``.
    """
    frame = paths.copy()
    if "year" not in frame.columns:
        if "ds" not in frame.columns:
            raise ForecastingError("sample paths need a 'year' or 'ds' column")
        frame["year"] = pd.to_datetime(frame["ds"]).dt.year
    if "y" not in frame.columns:
        raise ForecastingError("sample paths need a 'y' column")
    grouped = frame.groupby("year")["y"]
    levels = {"median": 0.5, "lo_80": 0.10, "hi_80": 0.90, "lo_95": 0.025, "hi_95": 0.975}
    out = pd.DataFrame({name: grouped.quantile(q) for name, q in levels.items()})
    return out.reset_index()


def _as_quantiles(frame: pd.DataFrame) -> pd.DataFrame:
    if "path" in frame.columns:
        return quantiles_from_paths(frame)
    q = frame.copy()
    if "year" not in q.columns and "ds" in q.columns:
        q["year"] = pd.to_datetime(q["ds"]).dt.year
    centre = next((c for c in ("median", "p50", "mean") if c in q.columns), None)
    missing = [c for c in _QUANTILE_COLUMNS if c not in q.columns]
    if centre is None or missing or "year" not in q.columns:
        raise ForecastingError(
            "fan chart needs columns year, median|p50|mean, lo_80, hi_80, lo_95, hi_95; "
            f"got {list(frame.columns)}"
        )
    q["median"] = q[centre]
    return q.sort_values("year")


def _draw_history(ax: Axes, history: pd.DataFrame | None) -> None:
    if history is None or history.empty:
        return
    hist = history.copy()
    if "year" not in hist.columns:
        hist["year"] = pd.to_datetime(hist["ds"]).dt.year
    grades = hist["grade"].fillna("?") if "grade" in hist.columns else pd.Series("?", hist.index)
    for grade in sorted(grades.unique()):
        part = hist[grades == grade]
        ax.scatter(
            part["year"],
            part["y"],
            marker=GRADE_MARKERS.get(grade, "D"),
            s=42,
            color="black",
            zorder=5,
            label=f"reported (source grade {grade})",
        )


#: Target labels: font size (points) and the least vertical distance between two labels.
TARGET_LABEL_FONTSIZE = 8
TARGET_LABEL_GAP_PT = 1.5 * TARGET_LABEL_FONTSIZE
LABEL_BOX = {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8}


def _draw_targets(ax: Axes, targets: pd.DataFrame | None) -> int:
    """Horizontal line per target (value in the axis unit), a diamond at its target year."""
    if targets is None or len(targets) == 0:
        return 0
    styles = ["--", "-.", ":"]
    for i, row in enumerate(targets.itertuples(index=False)):
        ax.axhline(row.value, color="0.15", linestyle=styles[i % 3], linewidth=1.2, zorder=3)
        ax.plot([row.year], [row.value], marker="D", color="0.15", markersize=5, zorder=6)
    return len(targets)


def target_label_offsets(values_frac: Sequence[float], gap_frac: float) -> list[float]:
    """Label heights (axes fraction) for lines at ``values_frac``: each label sits just above its
    line, and labels closer than ``gap_frac`` are pushed up so that none overlap.

    Returns one height per input value, in the input order.
    """
    order = np.argsort(values_frac, kind="stable")
    placed: dict[int, float] = {}
    last = -np.inf
    for i in order:
        y = max(float(values_frac[i]), last + gap_frac)
        placed[int(i)] = y
        last = y
    return [placed[i] for i in range(len(values_frac))]


def _label_targets(ax: Axes, targets: pd.DataFrame | None) -> None:
    """Target labels at the right edge inside the axes, staggered so that they never overlap.

    Call after everything is drawn: the y limits are frozen so the labels stay on their lines.
    """
    if targets is None or len(targets) == 0:
        return
    same_value = targets.groupby("value", sort=True)["label"]
    merged = same_value.agg(lambda s: " / ".join(dict.fromkeys(str(x) for x in s)))
    lo, hi = ax.get_ylim()
    height_pt = ax.get_position().height * ax.figure.get_figheight() * 72
    gap = TARGET_LABEL_GAP_PT / max(height_pt, 1.0)
    fracs = [(float(v) - lo) / (hi - lo) for v in merged.index]
    top = max(target_label_offsets(fracs, gap)) + gap
    if top > 1:  # room above the highest label inside the axes
        hi = lo + (hi - lo) * top
        fracs = [(float(v) - lo) / (hi - lo) for v in merged.index]
    ax.set_ylim(lo, hi)
    for label, y in zip(merged.to_numpy(), target_label_offsets(fracs, gap), strict=True):
        ax.annotate(str(label), xy=(0.99, y), xycoords="axes fraction", xytext=(0, 2),
                    textcoords="offset points", ha="right", va="bottom", color="0.1", zorder=7,
                    fontsize=TARGET_LABEL_FONTSIZE, bbox=LABEL_BOX)  # fmt: skip


@_themed
def plot_fan_chart(
    history: pd.DataFrame | None,
    paths_or_quantiles: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    ax: Axes | None = None,
    unit: str = "",
    source: str = "",
    title: str | None = None,
    label: str = "projection",
) -> Figure:
    """Fan chart: median line, 80% and 95% bands, reported history, labelled target lines.

    ``history``: columns ``year`` (or ``ds``), ``y`` and optional ``grade`` (A-D, marker shape).
    ``targets``: columns ``label``, ``value`` (in ``unit``) and ``year``; each is drawn as a
    dashed line with a diamond at the target year and its label at the right edge. ``unit``
    labels the y axis (required); ``source``, when given, is printed as the caption.
    """
    if not unit:
        raise ForecastingError("plot_fan_chart needs the unit of the values (unit='t LCE/yr')")
    q = _as_quantiles(paths_or_quantiles)
    fig, ax = _new_axes(ax)
    colour = list(PALETTE)[0]
    for lo, hi, alpha, name in (
        ("lo_95", "hi_95", BAND_ALPHA_95, "95% interval"),
        ("lo_80", "hi_80", BAND_ALPHA_80, "80% interval"),
    ):
        ax.fill_between(q["year"], q[lo], q[hi], color=colour, alpha=alpha, lw=0, label=name)
    ax.plot(q["year"], q["median"], color=colour, linewidth=2, label=f"{label} (median)")
    _draw_history(ax, history)
    _draw_targets(ax, targets)
    ax.set_xlabel("year")
    ax.set_ylabel(unit)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    _label_targets(ax, targets)
    return _finish(fig, ax, title, source, loc="best", frameon=True)


@_themed
def plot_tornado(
    table: pd.DataFrame,
    base_value: float,
    unit: str,
    source: str = "",
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Tornado chart: one bar per parameter from ``low`` to ``high`` output, widest on top.

    ``table`` needs ``parameter``, ``low`` and ``high`` (the output when the parameter is at its
    low / high end, in ``unit``); the vertical line is ``base_value``.
    """
    missing = {"parameter", "low", "high"} - set(table.columns)
    if missing:
        raise ForecastingError(f"tornado table lacks columns {sorted(missing)}")
    t = table.assign(width=(table["high"] - table["low"]).abs()).sort_values("width")
    fig, ax = _new_axes(ax, figsize=(8, 0.45 * len(t) + 1.5))
    pal = list(PALETTE)
    ys = np.arange(len(t))
    ax.barh(ys, t["low"] - base_value, left=base_value, color=pal[0], label="parameter at low end")
    ax.barh(
        ys,
        t["high"] - base_value,
        left=base_value,
        color=pal[1],
        hatch="//",
        label="parameter at high end",
    )
    ax.axvline(base_value, color="0.1", linewidth=1)
    ax.set_yticks(ys, t["parameter"].astype(str))
    ax.set_xlabel(unit)
    return _finish(fig, ax, title, source, loc="lower right")


@_themed
def plot_sobol(
    indices: pd.DataFrame, source: str = "", title: str | None = None, ax: Axes | None = None
) -> Figure:
    """Grouped bars of Sobol first-order (``S1``) and total (``ST``) indices per ``parameter``.

    Optional ``S1_conf``/``ST_conf`` columns are drawn as error bars. Indices are unitless shares
    of output variance.
    """
    missing = {"parameter", "S1", "ST"} - set(indices.columns)
    if missing:
        raise ForecastingError(f"Sobol table lacks columns {sorted(missing)}")
    s = indices.sort_values("ST", ascending=False)
    fig, ax = _new_axes(ax, figsize=(8, 0.45 * len(s) + 1.5))
    pal = list(PALETTE)
    ys = np.arange(len(s))
    ax.barh(
        ys - 0.2, s["S1"], height=0.4, color=pal[0], xerr=s.get("S1_conf"), label="first-order S1"
    )
    ax.barh(
        ys + 0.2,
        s["ST"],
        height=0.4,
        color=pal[2],
        hatch="..",
        xerr=s.get("ST_conf"),
        label="total ST",
    )
    ax.set_yticks(ys, s["parameter"].astype(str))
    ax.invert_yaxis()
    ax.set_xlabel("Sobol index (share of output variance, unitless)")
    return _finish(fig, ax, title, source, loc="lower right")


@_themed
def plot_coverage(
    coverage: pd.DataFrame, source: str = "", title: str | None = None, ax: Axes | None = None
) -> Figure:
    """Data coverage: one row per ``series``, a mark per year with data, shaped by ``grade``."""
    missing = {"series", "year"} - set(coverage.columns)
    if missing:
        raise ForecastingError(f"coverage table lacks columns {sorted(missing)}")
    names = sorted(coverage["series"].unique())
    fig, ax = _new_axes(ax, figsize=(8, 0.4 * len(names) + 1.6))
    pos = {n: i for i, n in enumerate(names)}
    grades = coverage["grade"].fillna("?") if "grade" in coverage.columns else None
    groups = sorted(grades.unique()) if grades is not None else ["?"]
    for grade in groups:
        part = coverage if grades is None else coverage[grades == grade]
        ax.scatter(
            part["year"],
            part["series"].map(pos),
            marker=GRADE_MARKERS.get(grade, "D"),
            s=30,
            color="0.15",
            label="observation" if grade == "?" else f"source grade {grade}",
        )
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlabel("year (observation period)")
    ax.set_ylabel("series")
    return _finish(fig, ax, title, source, loc="lower left", ncols=min(4, len(groups)))


@_themed
def plot_lines(
    frame: pd.DataFrame,
    x: str,
    y: str,
    hue: str,
    unit: str,
    source: str = "",
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Line chart of ``y`` against ``x`` per ``hue`` group (markers and dashes per group)."""
    fig, ax = _new_axes(ax)
    for i, (name, group) in enumerate(frame.groupby(hue, sort=False)):
        g = group.sort_values(x)
        style = {"marker": LINE_MARKERS[i % 8], "linestyle": LINE_DASHES[i % len(LINE_DASHES)]}
        ax.plot(g[x], g[y], color=PALETTE[i % len(PALETTE)], markersize=5, label=str(name), **style)
    if len(frame):  # beside the axes: a legend inside would hide the lines
        ax.legend(title=hue, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
                  frameon=False)  # fmt: skip
    ax.set_ylabel(unit)
    ax.set_xlabel(x)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    return _finish(fig, ax, title, source, legend=False)


@_themed
def plot_stacked_bars(
    frame: pd.DataFrame,
    x: str,
    parts: Sequence[str],
    unit: str,
    source: str = "",
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Stacked bars of the ``parts`` columns per ``x`` (e.g. value split into price and volume)."""
    fig, ax = _new_axes(ax)
    pal = list(PALETTE)
    hatches = ["", "//", "..", "xx", "\\\\"]
    bottom = np.zeros(len(frame))
    for i, col in enumerate(parts):
        vals = frame[col].to_numpy(dtype=float)
        ax.bar(
            frame[x].astype(str),
            vals,
            bottom=bottom,
            color=pal[i % len(pal)],
            hatch=hatches[i % len(hatches)],
            label=col,
        )
        bottom = bottom + vals
    ax.set_ylabel(unit)
    ax.set_xlabel(x)
    return _finish(fig, ax, title, source)
