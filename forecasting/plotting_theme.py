"""The figure theme of :mod:`forecasting.plotting`: colour-blind-safe palette (seaborn's
``colorblind`` set, matplotlib only), white grid, readable fonts, marker and dash cycles that
survive grey printing. :func:`theme` applies it inside a ``with`` block; :func:`set_theme`
applies it globally, on request only.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

#: seaborn's "colorblind" palette (Okabe-Ito based), as hex colours.
PALETTE = (
    "#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc",
    "#ca9161", "#fbafe4", "#949494", "#ece133", "#56b4e9",
)  # fmt: skip
#: Marker and dash per group of a line chart (shape and dash survive grey printing).
LINE_MARKERS = ("o", "X", "s", "P", "D", "^", "v", "*")
LINE_DASHES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (3, 1, 1, 1, 1, 1)))
#: The theme: white grid, grey frame, fonts of seaborn's "notebook" context at scale 0.95.
THEME_RC = {
    "figure.dpi": 100, "savefig.dpi": 100, "figure.figsize": (8, 4.5),
    "axes.titleweight": "bold", "axes.facecolor": "white", "axes.edgecolor": ".8",
    "axes.grid": True, "axes.axisbelow": True, "grid.color": ".8",
    "font.size": 11.4, "axes.labelsize": 11.4, "axes.titlesize": 11.4,
    "xtick.labelsize": 10.5, "ytick.labelsize": 10.5, "legend.fontsize": 10.5,
    "xtick.color": ".15", "ytick.color": ".15", "axes.labelcolor": ".15",
}  # fmt: skip
#: Marker per source reliability grade (A official ... D weak); shapes survive grey printing.
GRADE_MARKERS = {"A": "o", "B": "s", "C": "^", "D": "x"}
#: Band shades: 95% interval lighter than 80%, so both are visible in grey.
BAND_ALPHA_95 = 0.18
BAND_ALPHA_80 = 0.38


def _theme_rc() -> dict:
    from cycler import cycler

    return {**THEME_RC, "axes.prop_cycle": cycler(color=list(PALETTE))}


def set_theme() -> None:
    """Apply the project's figure theme to every later figure (global matplotlib settings, on
    request only: the ``plot_*`` functions use it inside :func:`theme` and leave the user's
    settings as they were)."""
    plt.rcParams.update(_theme_rc())


def theme():
    """Context manager: the project's theme for the figures drawn inside it, the user's
    matplotlib settings restored afterwards (``with plotting.theme(): ...``)."""
    return plt.rc_context(_theme_rc())


def _themed(func):
    """Run a ``plot_*`` function inside :func:`theme` (no global settings change)."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with theme():
            return func(*args, **kwargs)

    return wrapper
