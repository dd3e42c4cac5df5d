"""Calibrated growth-curve intervals: China NEV sales and a synthetic S-curve backtest.

Run: ``.venv/bin/python benchmarks/engine_growth_calibration.py`` (about 10 s, 1 core).
Prints (1) 2026 and 2030 bounds of ``Logistic(cap=(25e6, 40e6))`` on China NEV sales
(units/year), calibrated and not; (2) empirical 80%/95% coverage of calibrated Logistic
forecasts on noisy synthetic S-curves (rolling origin, h = 4, 3 windows per series).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from forecasting.data import load_series
from forecasting.evaluation import backtest
from forecasting.models import forecast
from forecasting.models.growth import Logistic

#: Synthetic S-curves: cap 100, growth rate k, midpoint t0 (years), multiplicative log-noise sd.
CURVES = [(0.5, 10, 0.05), (0.4, 12, 0.10), (0.6, 9, 0.08), (0.35, 11, 0.05), (0.5, 14, 0.12)]
N_YEARS = 18


def nev_bounds() -> pd.DataFrame:
    """2026 and 2030 bounds (million units) of the logistic NEV-sales forecast."""
    s = load_series(ids=["china_nev_sales_units"])
    rows = []
    for calibrate in (False, True):
        fc = forecast(s, h=5, models=[Logistic(cap=(25e6, 40e6))], cache=False, calibrate=calibrate)
        fc = fc[fc["ds"].dt.year.isin([2026, 2030])].copy()
        fc["calibrate"] = calibrate
        rows.append(fc)
    out = pd.concat(rows)
    cols = ["lo_95", "lo_80", "mean", "hi_80", "hi_95"]
    out[cols] = (out[cols] / 1e6).round(2)
    return out[["calibrate", "ds", *cols]]


def synthetic_frame() -> pd.DataFrame:
    """Noisy logistic curves ``100 / (1 + exp(-k (t - t0))) * exp(e)``, ``e ~ N(0, sd^2)``."""
    rng = np.random.default_rng(11)
    t = np.arange(N_YEARS, dtype=float)
    frames = []
    for i, (k, t0, sd) in enumerate(CURVES):
        y = 100 / (1 + np.exp(-k * (t - t0))) * np.exp(rng.normal(0, sd, t.size))
        ds = pd.date_range("2000", periods=t.size, freq="YE")
        frames.append(pd.DataFrame({"unique_id": f"s{i}", "ds": ds, "y": y}))
    return pd.concat(frames, ignore_index=True)


def synthetic_coverage() -> dict[str, float]:
    """Share of actuals inside the 80% and 95% bounds (estimated cap and uncertain cap)."""
    df = synthetic_frame()
    out = {}
    for name, model in (("cap=None", Logistic()), ("cap=(80,160)", Logistic(cap=(80.0, 160.0)))):
        cv = backtest(df, models=[model], h=4, n_windows=3, step=2, n_paths=400)
        for lv in (80, 95):
            inside = (cv["y"] >= cv[f"lo_{lv}"]) & (cv["y"] <= cv[f"hi_{lv}"])
            out[f"{name} cov{lv}"] = round(float(inside.mean()), 3)
        width = (cv["hi_95"] - cv["lo_95"]) / cv["mean"].abs()
        out[f"{name} width95/mean"] = round(float(width.median()), 3)
        out[f"{name} n"] = len(cv)
    return out


if __name__ == "__main__":
    print(nev_bounds().to_string(index=False))
    print(synthetic_coverage())
