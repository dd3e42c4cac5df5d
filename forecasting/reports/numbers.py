"""Numbers as the front page prints them: two or three significant figures, whole percentages,
a median with its 80% range."""

from __future__ import annotations

import math

import numpy as np


def sig(value: float, digits: int = 3) -> str:
    """``value`` rounded to ``digits`` significant figures, thousands separated
    (``152431 -> "152,000"``, ``19.43 -> "19.4"``, ``0.0421 -> "0.0421"``); NaN -> ``"n/a"``."""
    if value is None or not np.isfinite(value):
        return "n/a"
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    decimals = max(digits - 1 - exponent, 0)
    rounded = round(value, digits - 1 - exponent)
    return f"{rounded:,.{decimals}f}"


def pct(p: float) -> str:
    """Probability as a whole percentage (``"<1%"`` / ``">99%"`` at the ends); NaN ``"n/a"``."""
    if p is None or not np.isfinite(p):
        return "n/a"
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 < p < 1:
        return ">99%"
    return f"{100 * p:.0f}%"


def band(median: float, lo: float, hi: float, scale: float = 1.0) -> str:
    """``"152 (125-172)"``: median and 80% interval, each to 3 significant figures."""
    return f"{sig(median / scale)} ({sig(lo / scale)}-{sig(hi / scale)})"
