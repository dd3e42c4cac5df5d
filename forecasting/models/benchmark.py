"""Tourism and M1 competition harness (accuracy yardsticks, not tests).

Reads the competition CSVs from a folder (never copied into the project), forecasts every series
with the competition protocol (tourism: yearly h=4, quarterly h=8, monthly h=24; M1: yearly
h=6, quarterly h=8, monthly h=18) and scores MAPE, sMAPE, MASE (scaled by the in-sample
seasonal naive), the coverage of the 80% and 95% intervals and the CRPS of the sample paths
(scaled like MASE: CRPS / in-sample seasonal-naive MAE, so series of any unit average), next to
the published results parsed from the tourism folder's README.

CSV layout (README of each data folder): one column per series; row 1 = number of observations;
tourism: row 2 = starting year, row 3 (quarterly/monthly only) = starting period, then the
values; M1: the values follow row 1 directly (no start date: a nominal calendar from 1901 is
used, only order and frequency matter) and shorter series leave the bottom cells empty.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

from forecasting.errors import ModelError

PROTOCOL = {"yearly": ("YE", 4, 1), "quarterly": ("QE", 8, 4), "monthly": ("ME", 24, 12)}
#: (pandas frequency, horizon, season length) of each benchmark and frequency.
PROTOCOLS = {
    "tourism": PROTOCOL,
    "m1": {"yearly": ("YE", 6, 1), "quarterly": ("QE", 8, 4), "monthly": ("ME", 18, 12)},
}
#: First timestamp of the nominal M1 calendar (the source has no start dates).
M1_START_YEAR = 1901


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


def load_m1(folder: str | Path, kind: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """M1 ``(train, test)`` frames ``unique_id, ds, y`` on a nominal calendar (test periods
    follow their training periods); ``kind``: yearly, quarterly or monthly."""
    protocol = PROTOCOLS["m1"]
    if kind not in protocol:
        raise ModelError(f"unknown M1 frequency {kind!r}; expected one of {list(protocol)}")
    freq = protocol[kind][0]
    parts = []
    for part in ("in", "oos"):
        path = Path(folder) / f"{kind}_{part}.csv"
        if not path.exists():
            raise ModelError(f"M1 file {path} not found; pass --data <folder with the M1 CSVs>")
        parts.append(_columns(pd.read_csv(path), path))
    frames: tuple[list, list] = ([], [])
    for col, train_values in parts[0].items():
        if col not in parts[1]:
            raise ModelError(f"M1 series {col!r} is in {kind}_in.csv but not in {kind}_oos.csv")
        test_values = parts[1][col]
        ds = pd.date_range(
            pd.Timestamp(year=M1_START_YEAR, month=12, day=31)
            if freq == "YE"
            else pd.Timestamp(year=M1_START_YEAR, month=1, day=31),
            periods=train_values.size + test_values.size,
            freq=freq,
        )
        n = train_values.size
        frames[0].append(pd.DataFrame({"unique_id": col, "ds": ds[:n], "y": train_values}))
        frames[1].append(pd.DataFrame({"unique_id": col, "ds": ds[n:], "y": test_values}))
    return pd.concat(frames[0], ignore_index=True), pd.concat(frames[1], ignore_index=True)


def _columns(raw: pd.DataFrame, path: Path) -> dict[str, np.ndarray]:
    """``{column: values}`` of an M1 CSV (row 1 = count, then the values, NaN-padded)."""
    out = {}
    for col in raw.columns:
        n = int(raw[col].iloc[0])
        values = raw[col].iloc[1 : 1 + n].to_numpy(dtype=float)
        if values.size != n or np.isnan(values).any():
            raise ModelError(f"{path}: column {col!r} should hold {n} values after row 1")
        out[col] = values
    return out


def load_benchmark(name: str, folder: str | Path, kind: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(train, test)`` of benchmark ``name`` ("tourism" or "m1")."""
    if name == "tourism":
        return load_tourism(folder, kind)
    if name == "m1":
        return load_m1(folder, kind)
    raise ModelError(f"unknown benchmark {name!r}; expected one of {sorted(PROTOCOLS)}")


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


def score(
    fc: pd.DataFrame,
    test: pd.DataFrame,
    train: pd.DataFrame,
    m: int,
    paths: dict[str, np.ndarray] | None = None,
) -> dict:
    """MAPE, sMAPE, MASE and interval coverage of a Forecast frame against the test values;
    with ``paths`` (``{unique_id: (n_paths, h) array}``) also the scaled CRPS."""
    from forecasting.evaluation import coverage, mape, mase, smape
    from forecasting.models.calibration import in_sample_scale

    freq = {1: "YE", 4: "QE", 12: "ME"}[m]
    scales = {u: in_sample_scale(g["y"].to_numpy(), freq) for u, g in train.groupby("unique_id")}
    merged = fc.merge(test, on=["unique_id", "ds"], how="inner", validate="1:1")
    if len(merged) != len(test):
        raise ModelError(f"forecasts cover {len(merged)} of {len(test)} test rows")
    merged["scale"] = merged["unique_id"].map(scales)
    out = {
        "MAPE": mape(merged),
        "sMAPE": smape(merged),
        "MASE": mase(merged),
        "cov80": coverage(80)(merged),
        "cov95": coverage(95)(merged),
    }
    if paths is not None:
        out["CRPS"] = scaled_crps(paths, test, scales)
    return out


def scaled_crps(paths: dict[str, np.ndarray], test: pd.DataFrame, scales: dict) -> float:
    """Mean over test values of ``CRPS / s`` (``s``: in-sample seasonal-naive MAE of the
    series), CRPS from the sample paths: ``mean|x_i - y| - sum_i (2i - n - 1) x_(i) / n^2``."""
    values = []
    for uid, g in test.groupby("unique_id", sort=False):
        x = np.sort(paths[uid][:, : len(g)], axis=0)
        n = x.shape[0]
        y = g["y"].to_numpy(float)
        weights = (2 * np.arange(1, n + 1) - n - 1)[:, None]
        crps = np.mean(np.abs(x - y[None, :]), axis=0) - np.sum(weights * x, axis=0) / n**2
        values.append(crps / scales[uid])
    return float(np.mean(np.concatenate(values)))


def benchmark_model(alias: str, prior: str | None):
    """The calibrated model the harness runs for ``alias`` (as ``forecast`` resolves it), its
    calibration shrunk towards the prior table ``prior`` (None: the engine default)."""
    from forecasting.models.core import resolve_model

    model = resolve_model(alias)
    return model if prior is None else _on_prior(model, prior)


def _on_prior(model, prior: str):
    """``model`` with every AutoSelect inside it rebuilt on the prior table ``prior``."""
    from forecasting.models.auto import AutoSelect
    from forecasting.models.transforms import Transformed

    if isinstance(model, Transformed):
        inner = _on_prior(model.model, prior)
        return Transformed(inner, model.transform, model.positive_only, model.alias)
    if isinstance(model, AutoSelect):
        alias = model.config()["alias"]
        return AutoSelect(
            model.candidates, model.combine, model.n_windows, model.calibrate, alias, prior=prior
        )
    return model


def run_benchmark(
    folder: str | Path,
    kinds: list[str],
    models: list[str],
    n_jobs: int = 1,
    limit: int | None = None,
    n_paths: int = 500,
    *,
    benchmark: str = "tourism",
    prior: str | None = None,
    uncalibrated: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Forecast and score every ``kind`` with every model; one row per (kind, model).

    ``benchmark``: "tourism" or "m1" (data folder layout and protocol); ``prior``: the
    calibration prior table (a key of ``calibration.PRIORS``; None = the engine default);
    models in ``uncalibrated`` run with ``calibrate=False`` (one fit per series, the model's
    own intervals: for the slow statsmodels searches, whose point accuracy is what is
    compared). Columns: kind, model, series, MAPE, sMAPE, MASE, cov80, cov95, CRPS, seconds.
    """
    from forecasting.models.core import run_series

    protocol = PROTOCOLS[benchmark]
    rows = []
    for kind in kinds:
        freq, h, m = protocol[kind]
        train, test = load_benchmark(benchmark, folder, kind)
        if limit:
            keep = sorted(train["unique_id"].unique(), key=_natural)[:limit]
            train, test = train[train.unique_id.isin(keep)], test[test.unique_id.isin(keep)]
        for alias in models:
            calibrate = alias not in uncalibrated
            model = benchmark_model(alias, prior) if calibrate else alias
            start = time.perf_counter()
            results, series, freq, _ = run_series(
                train, h, freq, model, 0, n_paths, n_jobs, None, False, calibrate
            )
            fc = _forecast_frame(results, series, h, freq)
            seconds = time.perf_counter() - start
            paths = {r.unique_id: r.paths for r in results}
            rows.append(
                {
                    "kind": kind,
                    "model": alias if calibrate else f"{alias} (uncalibrated)",
                    "series": train.unique_id.nunique(),
                    **score(fc, test, train, m, paths),
                    "seconds": seconds,
                }
            )
    return pd.DataFrame(rows)


def _forecast_frame(results, series, h: int, freq: str) -> pd.DataFrame:
    """The Forecast frame (mean, lo/hi 80 and 95) of engine results, as ``forecast`` builds it."""
    from forecasting.models.base import paths_to_intervals
    from forecasting.models.frames import future_dates

    frames = []
    for res, s in zip(results, series, strict=True):
        cols = paths_to_intervals(res.point, res.paths, (80, 95))
        frames.append(
            pd.DataFrame({"unique_id": s.unique_id, "ds": future_dates(s.end, h, freq), **cols})
        )
    return pd.concat(frames, ignore_index=True)


def _natural(name: str) -> tuple[str, int]:
    digits = re.sub(r"\D", "", name)
    return re.sub(r"\d", "", name), int(digits or 0)


def published_m1(folder: str | Path) -> pd.DataFrame:
    """The naive baselines of the M1 README table (cells ``sMAPE / MAPE / MASE`` per
    frequency): ``method, kind, metric, value``."""
    text = (Path(folder) / "README.md").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4:
            continue
        for kind, cell in zip(PROTOCOLS["m1"], cells[1:], strict=True):
            parts = [p.strip() for p in cell.split("/")]
            if len(parts) == 3 and all(re.fullmatch(r"[\d.]+", p) for p in parts):
                for metric, val in zip(("sMAPE", "MAPE", "MASE"), parts, strict=True):
                    rows.append((cells[0], kind, metric, float(val)))
    return pd.DataFrame(rows, columns=["method", "kind", "metric", "value"])


def published(benchmark: str, folder: str | Path) -> pd.DataFrame:
    """Published results of ``benchmark`` from its data folder's README."""
    return published_m1(folder) if benchmark == "m1" else published_results(folder)


#: (metric, width, decimals) of the published columns in :func:`format_table`.
PUBLISHED_CELLS = (("MAPE", 8, 2), ("sMAPE", 8, 2), ("MASE", 7, 2))


def _cell(value: float, width: int, decimals: int) -> str:
    """A right-aligned number, blank when the source does not state it (NaN)."""
    return " " * width if not np.isfinite(value) else f"{value:{width}.{decimals}f}"


def format_table(results: pd.DataFrame, published: pd.DataFrame, benchmark: str = "tourism") -> str:
    """Our rows, then the published rows of the same kinds, as aligned text."""
    lines = []
    for kind, group in results.groupby("kind", sort=False):
        lines.append(f"== {benchmark} {kind} ({int(group.series.iloc[0])} series) ==")
        lines.append(
            f"{'model':<14}{'MAPE':>8}{'sMAPE':>8}{'MASE':>7}{'cov80':>7}{'cov95':>7}"
            f"{'CRPS':>7}{'seconds':>9}"
        )
        for _, r in group.iterrows():
            lines.append(
                f"{r.model:<14}{r.MAPE:8.2f}{r.sMAPE:8.2f}{r.MASE:7.3f}{r.cov80:7.2f}"
                f"{r.cov95:7.2f}{r.get('CRPS', np.nan):7.3f}{r.seconds:9.1f}"
            )
        pub = published[published.kind == kind].pivot_table(
            index="method", columns="metric", values="value", sort=False
        )
        for method, r in pub.iterrows():
            cells = [_cell(r.get(k, np.nan), w, d) for k, w, d in PUBLISHED_CELLS]
            lines.append(f"{'pub ' + method:<14}" + "".join(cells))
    return "\n".join(lines)
