"""The domain model held against outcomes: a pseudo-real-time backtest.

For each vintage ``v`` the scenario runs on the data as published by ``v-12-31`` (projects,
observations, anchors, price history: everything through the loaders' ``as_of``), and its paths
for the years ``v + h`` are scored against what the project's full data later report for those
years. Baselines (naive, drift, log-drift) forecast the same cells from the same vintage of each
series' own history.

Scored series (model series <- observed):

    china_ev_sales_units              <- china_nev_sales_units (CAAM incl. exports)
    china_ev_battery_demand_gwh       <- china_power_battery_installations_gwh (CABIA)
    lithium_carbonate_price_cny_per_t <- annual means (densest series, domain.price)
    qinghai_capacity_t_lce / _output  <- supply observations (domain.observations; points and
    company_<id>_capacity / _output      lower bounds, scope-tagged)

Per cell: quantiles 2.5/10/50/90/97.5 %, ``error_log = log(p50 / actual)``, ``in80`` / ``in95``
(actual inside the central band), ``pit = P(Y <= actual)`` and ``crps_log``, the CRPS of
``log Y`` (scale-free, so series of vehicles, tonnes and yuan average together). A lower-bound
actual ("at least v") counts as inside a band when the band's top reaches it, its error is
``min(0, log(p50 / v))``, and it has no PIT or CRPS; an upper bound ("at most v") the same way
round.

Baselines use the last ``n`` observations ``y_1..y_T`` of the series known at the vintage
(points only, one per year): naive ``y_T``; drift ``y_T + h (y_T - y_1) / (T - 1)``; log-drift
the same on ``log y``; each Gaussian (on the level, or on the log) with the spread of the
one-year changes, ``s sqrt(h)``, drawn as 2,000 seeded samples. A cell with fewer than two
earlier observations has no baseline.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from forecasting.evaluation import crps_from_paths

QUANTILES = (0.025, 0.1, 0.5, 0.9, 0.975)
#: Observed series of ``load_series`` -> model series.
SERIES_MAP = {
    "china_nev_sales_units": "china_ev_sales_units",
    "china_power_battery_installations_gwh": "china_ev_battery_demand_gwh",
}
PRICE_SERIES = "lithium_carbonate_price_cny_per_t"
BASELINES = ("naive", "drift", "log_drift")
BASELINE_SAMPLES = 2000
FLOOR = 1e-9


def load_actuals(path=None) -> pd.DataFrame:
    """Every later observation the backtest scores: ``series, year, value, bound, scope,
    source_id, published_date`` (full data, no cut-off)."""
    from forecasting import data
    from forecasting.domain.inputs import build_inputs_from_datasets
    from forecasting.domain.observations import known_at, load_supply_observations

    rows = []
    obs = data.load_series(ids=list(SERIES_MAP), path=path)
    for rec in obs.dropna(subset=["y"]).to_dict("records"):
        year = pd.Timestamp(rec["ds"]).year
        rows.append(
            (
                SERIES_MAP[rec["unique_id"]],
                year,
                float(rec["y"]),
                "point",
                "china",
                rec.get("source_id", ""),
                rec.get("published_date"),
            )
        )
    inputs = build_inputs_from_datasets(None, path)
    for rec in inputs.price_annual.to_dict("records"):
        if rec["n_months"] >= 3:
            rows.append(
                (
                    PRICE_SERIES,
                    int(rec["year"]),
                    float(rec["mean_cny_per_t"]),
                    "point",
                    f"china, {rec['series']} ({rec['n_months']} months)",
                    "",
                    None,
                )
            )
    cols = ["series", "year", "value", "bound", "scope", "source_id", "published_date"]
    frame = pd.DataFrame(rows, columns=cols)
    sup = known_at(load_supply_observations(path), None)
    sup = sup[
        ~sup["series"].str.endswith("_capacity_t_lce") | ~sup["series"].str.startswith("company_")
    ][cols]  # company capacity conditions the model but is not a scored series
    frame = pd.concat([frame, sup], ignore_index=True)
    return frame.sort_values(["series", "year", "bound"], kind="stable").reset_index(drop=True)


def _history_at(actuals: pd.DataFrame, series: str, vintage: int, known: pd.DataFrame) -> dict:
    """One value per year <= vintage for a series, as known at the vintage."""
    sel = known[(known["series"] == series) & (known["bound"] == "point")]
    sel = sel[sel["year"] <= vintage]
    return {int(y): float(v) for y, v in zip(sel["year"], sel["value"], strict=True)}


def baseline_samples(history: dict[int, float], year: int, method: str, rng) -> np.ndarray | None:
    """Samples of a baseline forecast for ``year`` from ``{year: value}`` (module docstring)."""
    if len(history) < 2:
        return None
    yrs = np.array(sorted(history))
    vals = np.array([history[y] for y in yrs], dtype=float)
    log = method == "log_drift"
    x = np.log(np.maximum(vals, FLOOR)) if log else vals
    gaps = np.diff(yrs).astype(float)
    slope = 0.0 if method == "naive" else (x[-1] - x[0]) / (yrs[-1] - yrs[0])
    resid = (np.diff(x) - slope * gaps) / np.sqrt(gaps)
    if method != "naive" and resid.size < 2:
        resid = np.diff(x) / np.sqrt(gaps)  # one change: its size is the only spread known
    spread = float(np.sqrt(np.mean(resid**2)))
    h = float(year - yrs[-1])
    mean = x[-1] + h * slope
    draws = mean + spread * np.sqrt(h) * rng.standard_normal(BASELINE_SAMPLES)
    return np.exp(draws) if log else np.maximum(draws, 0.0)


def score_cell(samples: np.ndarray, actual: float, bound: str) -> dict:
    """Quantiles, error, band hits, PIT and log-CRPS of one cell (module docstring)."""
    q = np.quantile(samples, QUANTILES)
    out = {
        f"p{round(100 * p, 1):g}".replace(".", "_"): float(v)
        for p, v in zip(QUANTILES, q, strict=True)
    }
    p50 = max(float(q[2]), FLOOR)
    if bound in ("lower", "upper"):
        low = bound == "lower"
        err = float(np.log(p50 / actual))
        out.update(
            error_log=min(0.0, err) if low else max(0.0, err),
            in80=bool(q[3] >= actual) if low else bool(q[1] <= actual),
            in95=bool(q[4] >= actual) if low else bool(q[0] <= actual),
            pit=np.nan,
            crps_log=np.nan,
        )
        return out
    out.update(
        error_log=float(np.log(p50 / actual)),
        in80=bool(q[1] <= actual <= q[3]),
        in95=bool(q[0] <= actual <= q[4]),
        pit=float(np.mean(samples <= actual)),
        crps_log=crps_from_paths(np.log(actual), np.log(np.maximum(samples, FLOOR))),
    )
    return out


def _model_arrays(result) -> dict[str, np.ndarray]:
    arrays = dict(result.paths)
    if result.supply is not None:
        arrays.update(result.supply.company)
    return arrays


def _vintage_cells(result, vintage, actuals, known, horizons, rng) -> list[dict]:
    arrays, years = _model_arrays(result), np.asarray(result.years)
    rows = []
    for rec in actuals.to_dict("records"):
        h = int(rec["year"]) - vintage
        if h not in horizons or rec["series"] not in arrays or rec["year"] not in years:
            continue
        col = arrays[rec["series"]][:, int(np.flatnonzero(years == rec["year"])[0])]
        if not np.isfinite(col).all():
            continue
        base = {
            "vintage": vintage,
            "horizon": h,
            **{
                k: rec[k]
                for k in ("series", "year", "scope", "bound", "source_id", "published_date")
            },
            "actual": rec["value"],
        }
        rows.append({**base, "method": "model", **score_cell(col, rec["value"], rec["bound"])})
        hist = _history_at(actuals, rec["series"], vintage, known)
        for method in BASELINES:
            smp = baseline_samples(hist, int(rec["year"]), method, rng)
            if smp is not None:
                rows.append(
                    {**base, "method": method, **score_cell(smp, rec["value"], rec["bound"])}
                )
    return rows


def _known_actuals(actuals: pd.DataFrame, vintage: int, path=None) -> pd.DataFrame:
    """The actuals frame as published by the vintage's cut-off (series histories)."""
    cut = pd.Timestamp(f"{vintage}-12-31")
    pub = pd.to_datetime(actuals["published_date"])
    known = actuals[pub.notna() & (pub <= cut)]
    # price means and load_series rows: rebuild at the cut-off
    from forecasting import data
    from forecasting.domain.inputs import build_inputs_from_datasets

    rows = []
    for rec in data.load_series(ids=list(SERIES_MAP), as_of=cut, path=path).to_dict("records"):
        rows.append((SERIES_MAP[rec["unique_id"]], pd.Timestamp(rec["ds"]).year, rec["y"]))
    annual = build_inputs_from_datasets(cut, path).price_annual
    for rec in (annual if annual is not None else pd.DataFrame()).to_dict("records"):
        if rec["year"] < vintage or rec["n_months"] >= 12:
            rows.append((PRICE_SERIES, int(rec["year"]), rec["mean_cny_per_t"]))
    extra = pd.DataFrame(rows, columns=["series", "year", "value"]).assign(bound="point")
    keep = known[~known["series"].isin(extra["series"].unique())]
    return pd.concat([keep, extra], ignore_index=True)


def backtest_domain(
    vintages: Sequence[int] = (2019, 2020, 2021, 2022, 2023),
    scenario="base",
    *,
    horizons: Sequence[int] = (1, 2, 3),
    n_paths: int = 1000,
    seed: int = 0,
    path=None,
) -> pd.DataFrame:
    """The tidy backtest frame: vintage, series, year, horizon, scope, bound, source_id,
    actual, method (model | naive | drift | log_drift), p2_5, p10, p50, p90, p97_5, error_log,
    in80, in95, pit, crps_log. ``scenario``: a name, path or :class:`Scenario`."""
    from forecasting.domain.inputs import build_inputs_from_datasets
    from forecasting.domain.run import run_scenario
    from forecasting.scenarios import Scenario, load_scenario

    scen = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    actuals = load_actuals(path)
    rng = np.random.default_rng(seed)
    rows: list[dict] = []
    for vintage in vintages:
        inputs = build_inputs_from_datasets(f"{vintage}-12-31", path)
        start = min(scen.simulation.start_year, vintage + min(horizons))
        res = run_scenario(scen, n_paths=n_paths, seed=seed, start_year=start, inputs=inputs)
        known = _known_actuals(actuals, vintage, path)
        rows += _vintage_cells(res, vintage, actuals, known, set(horizons), rng)
    return pd.DataFrame(rows)


def summarize_backtest(cells: pd.DataFrame, by: Sequence[str] = ("method",)) -> pd.DataFrame:
    """Coverage, bias and CRPS per group: n_cells, in80, in95, median_error_log,
    mean_crps_log (point cells), and the same on the cells every method scored
    (``crps_log_common``)."""
    common = cells[cells["bound"] == "point"].dropna(subset=["crps_log"])
    methods = common["method"].nunique()
    key = ["vintage", "series", "year", "scope", "actual"]
    full = common.groupby(key)["method"].transform("nunique") == methods
    shared = common[full].groupby(list(by))["crps_log"].mean().rename("crps_log_common")
    out = cells.groupby(list(by)).agg(
        n_cells=("actual", "size"),
        in80=("in80", "mean"),
        in95=("in95", "mean"),
        median_error_log=("error_log", "median"),
        mean_crps_log=("crps_log", "mean"),
    )
    return out.join(shared).reset_index()


#: Series whose nowcast (horizon 0: the vintage's own year) is checked against the snapshots.
NOWCAST_SERIES = ("qinghai_capacity_t_lce", "qinghai_output_t_lce")


def nowcast_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """The model's horizon-0 cells of the Qinghai supply series: each finished year's nowcast
    (data to its 31 December) against the capacity and output figures published later."""
    sel = (cells["method"] == "model") & (cells["horizon"] == 0)
    return cells[sel & cells["series"].isin(NOWCAST_SERIES)].reset_index(drop=True)


#: Vintages of the report's accuracy appendix (those before the report's cut-off year).
REPORT_VINTAGES = (2019, 2020, 2021, 2022, 2023)


def backtest_table(
    as_of=None, data_path=None, *, n_paths: int = 1000, seed: int = 0
) -> pd.DataFrame:
    """The report's accuracy-appendix table: the backtest of the base scenario over
    :data:`REPORT_VINTAGES` before ``as_of`` (horizons 1-3), summarised by method on every
    scored cell, then the model by series: ``scored_on, method, n_cells, in80, in95,
    median_error_log, crps_log_common`` (log-CRPS on the cells every method scored)."""
    import warnings

    cut = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp.today()
    vintages = [v for v in REPORT_VINTAGES if v + 1 < cut.year or (v + 1 == cut.year)]
    vintages = [v for v in vintages if pd.Timestamp(f"{v}-12-31") < cut]
    if not vintages:
        return pd.DataFrame()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # world side unknown at early vintages
        cells = backtest_domain(vintages, n_paths=n_paths, seed=seed, path=data_path)
    # score only what was published by the report's cut-off
    pub = pd.to_datetime(cells["published_date"])
    cells = cells[(cells["year"] <= cut.year) & (pub.isna() | (pub <= cut))]
    by_method = summarize_backtest(cells).assign(scored_on="all series")
    by_series = summarize_backtest(cells[cells["method"] == "model"], by=("series",))
    by_series = by_series.rename(columns={"series": "scored_on"}).assign(method="model")
    cols = ["scored_on", "method", "n_cells", "in80", "in95", "median_error_log", "crps_log_common"]
    return pd.concat([by_method[cols], by_series[cols]], ignore_index=True)
