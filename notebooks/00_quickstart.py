# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Quickstart: data, a forecast, a scenario and one changed assumption
#
# Open this notebook first. It uses the package the way the report does, one step at a time:
#
# 1. load a cited data series and plot it with its sources;
# 2. forecast it with the engine and compare models on a rolling-origin backtest;
# 3. run the bottom-up scenario model of Qinghai's lithium supply;
# 4. change one supply assumption and see the probability of a target move.
#
# Every number is computed here from the parameters below (change them and re-run). It is not
# part of the quarterly report; the report notebooks are `01_...` to `06_...`.

# %% tags=["parameters"]
quarter = "2026Q4"
scenario = "base"
as_of = "2026-12-31"  # data cut-off: only figures published by this date are used
seed = 0
n_paths = 200  # simulated paths (the report uses 1,000)
data_path = None  # a folder of your own tables in the bundled schema, or None
run_dir = "."  # unused here (the report notebooks read a report folder from it)

# %%
import matplotlib.pyplot as plt
import pandas as pd

import forecasting
from forecasting import plotting
from forecasting import targets as tg
from forecasting.data import load_china_nev_sales, load_sources, load_targets
from forecasting.domain import build_inputs_from_datasets
from forecasting.evaluation import coverage, evaluate, mase
from forecasting.models.growth import Logistic
from forecasting.reports import nbtools

plotting.set_theme()

# %% [markdown]
# ## 1. Data: China's new-energy-vehicle sales, with their sources
# `forecasting.data` has one loader per curated table; `as_of` keeps only what was published
# by the cut-off. Every row cites a `source_id` listed in `datasets/sources.csv`.

# %%
sales = load_china_nev_sales(as_of=as_of)
sources = load_sources().set_index("source_id")
cited = sorted({s.strip() for cell in sales["source_id"] for s in str(cell).split(";")})
nbtools.show_table(
    sources.loc[[s for s in cited if s in sources.index], ["publisher", "reliability"]]
    .reset_index(),
    max_rows=8,
    caption=f"Sources of the {len(sales)} yearly rows (reliability A official ... D weak)",
)
history = forecasting.load_series(ids=["china_nev_sales_units"], as_of=as_of, path=data_path)
history = history.dropna(subset=["y"])
fig = plotting.plot_lines(
    history.assign(year=history["ds"].dt.year, series="CAAM NEV sales"),
    x="year", y="y", hue="series", unit="vehicles/yr",
    source="CAAM via datasets/china_nev_sales.csv: " + ", ".join(cited),
    title="China NEV sales (vehicles built in China, incl. exports)",
)
plt.show()

# %% [markdown]
# ## 2. Forecast the series with the engine and compare models
# `forecasting.forecast` fits each model and returns the point forecast with 80% and 95%
# intervals from calibrated sample paths. Sales are an adoption curve, so besides the
# time-series baselines we try the logistic growth model with the scenario's ceiling.

# %%
scen = forecasting.load_scenario(scenario)
cap = (0.7 * scen.demand.china.ev_sales_saturation_units,
       1.3 * scen.demand.china.ev_sales_saturation_units)
models = {"naive": "naive", "drift": "drift", "theta": "theta",
          "logistic (scenario cap +-30%)": Logistic(cap=cap)}
horizon = 2035 - int(history["ds"].dt.year.max())
forecasts = pd.concat(
    [forecasting.forecast(history, h=horizon, freq="YE", models=m, seed=seed, n_paths=n_paths)
     .assign(model=name) for name, m in models.items()],
    ignore_index=True,
)
lines = pd.concat([history.assign(model="observed", mean=history["y"]), forecasts])
fig = plotting.plot_lines(lines.assign(year=lines["ds"].dt.year), x="year", y="mean",
                          hue="model", unit="vehicles/yr",
                          source="forecasting.forecast on datasets/china_nev_sales.csv",
                          title="China NEV sales: point forecasts by model")
plt.show()
nbtools.show_table(
    forecasts[forecasts["ds"].dt.year == 2030],
    {"model": "model", "mean": "2030 forecast", "lo_80": "80% low", "hi_80": "80% high"},
    {"mean": "int", "lo_80": "int", "hi_80": "int"},
    caption="2030 China NEV sales by model (vehicles/yr)",
)

# %% [markdown]
# Which model would have done best? A rolling-origin backtest cuts the series at three past
# dates, forecasts two years ahead each time and scores the forecasts against what happened
# (MASE below 1 beats the in-sample naive error; coverage is the share of outcomes inside the
# interval).

# %%
cv = forecasting.backtest(history, models=list(models.values()), h=2, n_windows=3, freq="YE",
                          seed=seed, n_paths=n_paths)
scores = evaluate(cv, [mase, coverage(80)])
scores["model"] = scores["model"].map(
    {str(m) if not isinstance(m, str) else m: n for n, m in models.items()}
).fillna(scores["model"])
nbtools.show_table(scores, formats={"mase": "3dp", "coverage_80": "pct"},
                   caption="Backtest: 2-year horizon, 3 rolling origins")

# %% [markdown]
# ## 3. Run a scenario of Qinghai's lithium supply
# `run_scenario` simulates the project pipeline (completion odds by status, delays, ramp-up,
# utilisation), EV lithium demand and the industry's output value; every assumption and its
# source is in `datasets/scenarios/base.yaml`.

# %%
inputs = build_inputs_from_datasets(as_of=as_of, path=data_path)
result = forecasting.run_scenario(scen, n_paths=n_paths, seed=seed, end_year=2035, inputs=inputs)
summary = result.summary()
capacity = summary[summary["unique_id"] == "qinghai_capacity_t_lce"]
registry = load_targets()
cap_targets = registry[(registry["metric"] == "capacity") & registry["target_year"].notna()]
plotting.plot_fan_chart(
    None, capacity,
    cap_targets.assign(value=cap_targets["value"], year=cap_targets["target_year"],
                       label=[f"target {v:,.0f} by {y:.0f}" for v, y in
                              zip(cap_targets["value"], cap_targets["target_year"])]),
    unit="capacity, t LCE/yr",
    source=f"bottom-up pipeline, scenario '{scenario}', {n_paths} paths, seed {seed}",
    title="Qinghai lithium carbonate capacity (nameplate)",
)
plt.show()
nbtools.show_table(
    result.target_table(registry),
    {"target_id": "target", "metric": "metric", "value": "value", "target_year": "year",
     "median": "median in year", "p_reached_by_year": "P(met by year)"},
    {"value": "3dp", "median": "int", "target_year": "year", "p_reached_by_year": "pct"},
    caption="Official targets against the simulated paths",
)

# %% [markdown]
# ## 4. Change one supply assumption and see P(target) move
# Here: projects under construction are half as likely to be completed (the assumption the
# sensitivity analysis ranks first). The yardstick is the base run's own 2030 median output,
# rounded, so its probability starts near one half; any official target works the same way
# (`tg.summarize_target(paths, years, value, year)`). The same seed gives both runs the same
# random draws, so the difference is the assumption's effect.

# %%
key = "supply.completion_probability.under_construction"
slower = scen.with_overrides({key: 0.5 * scen.flat_numeric()[key]})
fewer = forecasting.run_scenario(slower, n_paths=n_paths, seed=seed, end_year=2035,
                                 inputs=inputs)
output = summary[summary["unique_id"] == "qinghai_output_t_lce"].set_index("year")
yardstick = float(round(output.at[2030, "median"], -4))
p_col = f"P(output >= {yardstick:,.0f} t by 2030)"
rows = []
for label, res in ((f"{key} = {scen.flat_numeric()[key]:g}", result),
                   (f"{key} = {slower.flat_numeric()[key]:g}", fewer)):
    s = tg.summarize_target(res.paths["qinghai_output_t_lce"], res.years, yardstick, 2030)
    rows.append({"assumption": label, p_col: s.p_reached_by_year,
                 "median 2030 output": s.median})
nbtools.show_table(pd.DataFrame(rows), formats={p_col: "pct", "median 2030 output": "int"},
                   caption="One assumption changed, everything else equal (t LCE/yr)")
