"""Tourism competition harness (accuracy yardstick, not a test).

Reads the competition CSVs from a folder (never copied into the project), forecasts every series
with the competition protocol (yearly h=4, quarterly h=8, monthly h=24) and scores MAPE, sMAPE,
MASE (scaled by the in-sample seasonal naive) and the coverage of the 80% and 95% intervals,
next to the published results parsed from that folder's README.

CSV layout (README of the data folder): one column per series; row 1 = number of observations,
row 2 = starting year, row 3 (quarterly/monthly only) = starting period; then the values.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.errors import ModelError

PROTOCOL = {"yearly": ("YE", 4, 1), "quarterly": ("QE", 8, 4), "monthly": ("ME", 24, 12)}


def load_tourism(folder: str | Path, kind: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(train, test)`` frames ``unique_id, ds, y``; ``kind``: yearly, quarterly or monthly."""
    if kind not in PROTOCOL:
        raise ModelError(f"unknown tourism frequency {kind!r}; expected one of {list(PROTOCOL)}")
    folder = Path(folder)
    frames = []
    for part in ("in", "oos"):
        path = folder / f"{kind}_{part}.csv"
        if not path.exists():
            raise ModelError(f"tourism file {path} not found; pass --data <folder with CSVs>")
        frames.append(_parse(pd.read_csv(path), kind, path))
    train, test = frames
    # the test period starts right after the training period of the same series
    starts = train.groupby("unique_id")["ds"].max()
    freq = PROTOCOL[kind][0]
    test["ds"] = [
        starts[u] + (k + 1) * pd.tseries.frequencies.to_offset(freq)
        for u, k in zip(test["unique_id"], test.groupby("unique_id").cumcount(), strict=True)
    ]
    return train, test


def _parse(raw: pd.DataFrame, kind: str, path: Path) -> pd.DataFrame:
    freq, _, m = PROTOCOL[kind]
    header = 2 if m == 1 else 3
    out = []
    for col in raw.columns:
        meta = raw[col].iloc[:header].to_numpy(dtype=float)
        n, year = int(meta[0]), int(meta[1])
        period = int(meta[2]) if m > 1 else 1
        values = raw[col].iloc[header : header + n].to_numpy(dtype=float)
        if values.size != n or np.isnan(values).any():
            raise ModelError(f"{path}: column {col!r} should hold {n} values after the header")
        month = (period - 1) * (12 // m) + (12 // m)
        first = pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)
        out.append(
            pd.DataFrame(
                {"unique_id": col, "ds": pd.date_range(first, periods=n, freq=freq), "y": values}
            )
        )
    return pd.concat(out, ignore_index=True)


def published_results(folder: str | Path) -> pd.DataFrame:
    """Published MAPE (table) and MASE (prose) from the README: ``method, kind, metric, value``."""
    text = (Path(folder) / "README.md").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"[\d.]+", cells[1] or "x"):
            for kind, val in zip(PROTOCOL, cells[1:], strict=True):
                rows.append((cells[0], kind, "MAPE", float(val)))
    prose = " ".join(text.split())
    for kind in PROTOCOL:
        match = re.search(rf"{kind} ((?:[A-Za-z]+ [\d.]+,? ?)+)", prose)
        if match:
            for method, val in re.findall(r"([A-Za-z]+) ([\d.]+)", match.group(1)):
                rows.append((method, kind, "MASE", float(val.rstrip("."))))
    return pd.DataFrame(rows, columns=["method", "kind", "metric", "value"])


def score(fc: pd.DataFrame, test: pd.DataFrame, train: pd.DataFrame, m: int) -> dict:
    """MAPE, sMAPE, MASE and interval coverage of a Forecast frame against the test values."""
    from forecasting.evaluation import coverage, mape, mase, smape
    from forecasting.models.calibration import in_sample_scale

    freq = {1: "YE", 4: "QE", 12: "ME"}[m]
    scales = {u: in_sample_scale(g["y"].to_numpy(), freq) for u, g in train.groupby("unique_id")}
    merged = fc.merge(test, on=["unique_id", "ds"], how="inner", validate="1:1")
    if len(merged) != len(test):
        raise ModelError(f"forecasts cover {len(merged)} of {len(test)} test rows")
    merged["scale"] = merged["unique_id"].map(scales)
    return {
        "MAPE": mape(merged),
        "sMAPE": smape(merged),
        "MASE": mase(merged),
        "cov80": coverage(80)(merged),
        "cov95": coverage(95)(merged),
    }


def run_benchmark(
    folder: str | Path,
    kinds: list[str],
    models: list[str],
    n_jobs: int = 1,
    limit: int | None = None,
    n_paths: int = 500,
) -> pd.DataFrame:
    """Forecast and score every ``kind`` with every model; one row per (kind, model)."""
    from forecasting.models.core import forecast

    rows = []
    for kind in kinds:
        freq, h, m = PROTOCOL[kind]
        train, test = load_tourism(folder, kind)
        if limit:
            keep = sorted(train["unique_id"].unique(), key=_natural)[:limit]
            train, test = train[train.unique_id.isin(keep)], test[test.unique_id.isin(keep)]
        for alias in models:
            start = time.perf_counter()
            fc = forecast(
                train, h, freq=freq, models=alias, n_paths=n_paths, n_jobs=n_jobs, cache=False
            )
            seconds = time.perf_counter() - start
            rows.append(
                {
                    "kind": kind,
                    "model": alias,
                    "series": train.unique_id.nunique(),
                    **score(fc, test, train, m),
                    "seconds": seconds,
                }
            )
    return pd.DataFrame(rows)


def _natural(name: str) -> tuple[str, int]:
    digits = re.sub(r"\D", "", name)
    return re.sub(r"\d", "", name), int(digits or 0)


def format_table(results: pd.DataFrame, published: pd.DataFrame) -> str:
    """Our rows, then the published rows of the same kinds, as aligned text."""
    lines = []
    for kind, group in results.groupby("kind", sort=False):
        lines.append(f"== tourism {kind} ({int(group.series.iloc[0])} series) ==")
        lines.append(
            f"{'model':<14}{'MAPE':>8}{'sMAPE':>8}{'MASE':>7}{'cov80':>7}{'cov95':>7}{'seconds':>9}"
        )
        for _, r in group.iterrows():
            lines.append(
                f"{r.model:<14}{r.MAPE:8.2f}{r.sMAPE:8.2f}{r.MASE:7.3f}{r.cov80:7.2f}"
                f"{r.cov95:7.2f}{r.seconds:9.1f}"
            )
        pub = published[published.kind == kind].pivot_table(
            index="method", columns="metric", values="value", sort=False
        )
        for method, r in pub.iterrows():
            mape_s = f"{r.get('MAPE', np.nan):8.2f}"
            mase_s = f"{r.get('MASE', np.nan):7.2f}"
            lines.append(f"{'pub ' + method:<14}{mape_s}{'':>8}{mase_s}")
    return "\n".join(lines)
