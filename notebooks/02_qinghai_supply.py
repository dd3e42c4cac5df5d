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
# ## 2. Qinghai supply: capacity and output against the official targets
#
# Capacity (nameplate t LCE/yr) and output (t LCE actually produced) are separate quantities and
# are shown separately. The bottom-up view simulates the project pipeline; the top-down view
# extrapolates the reported provincial series with the package's time-series models.

# %% tags=["parameters"]
quarter = "2026Q4"
scenario = "base"
as_of = "2026-12-31"
seed = 0
n_paths = 1000
data_path = None  # a folder of your own tables in the bundled schema, or None
run_dir = "."  # a report folder holding this run's tables; else they are computed

# %%
import matplotlib.pyplot as plt

from forecasting import plotting
from forecasting.reports import nbtools

run = nbtools.open_run(quarter, scenario, as_of, seed, n_paths, data_path, run_dir)
nbtools.announce(run)
history = run.table("history")
projects = run.table("projects")
plotting.set_theme()
SOURCE = (
    "bottom-up project pipeline (datasets/qinghai_lithium_projects.csv), reported provincial "
    f"figures (datasets/qinghai_*), scenario '{scenario}', as_of {as_of}, {n_paths} paths, seed {seed}"
)

# %%
for metric in ("capacity", "output"):
    heads = nbtools.pick(run.headline, metric=metric)
    tg = heads.drop_duplicates(["target_value", "target_year"]).assign(
        label=lambda h: h.apply(lambda r: f"target {r.target_value:,.0f} by {r.target_year}",
                                axis=1),
        value=lambda h: h["target_value"], year=lambda h: h["target_year"],
    )
    views = [v for v in ("bottom_up", "top_down") if not run.fan(v, metric).empty]
    if not views:
        nbtools.say(f"_No {metric} projection in this run._")
        continue
    fig, axes = plt.subplots(1, len(views), figsize=(6 * len(views) + 1, 4.6), sharey=True,
                             layout="constrained", squeeze=False)
    hist = nbtools.pick(history, metric=metric) if len(history) else None
    for ax, view in zip(axes[0], views, strict=True):
        fan = run.fan(view, metric)
        plotting.plot_fan_chart(
            hist, fan, tg, ax=ax, unit=f"{metric}, {fan['unit'].iloc[0]}", source=SOURCE,
            title=f"{metric.capitalize()}: {view.replace('_', '-')} view",
        )
    nbtools.show(run, fig, f"02_{metric}_fan")
    if "top_down" not in views:
        nbtools.say(f"_No top-down {metric} projection: the data hold too few annual provincial "
                    f"{metric} figures for a time-series model (the reported points are drawn "
                    "in the chart above; see the note below)._")

# %%
notes = run.table("notes")
td_notes = notes[notes["table"].str.startswith("top_down")] if len(notes) else notes
for problem in td_notes.get("problem", []):
    nbtools.say(f"**Top-down view incomplete.** The forecasting engine declined a series: "
                f"_{problem}_")
td = nbtools.pick(run.forecasts, view="top_down")
td = td[td["metric"].isin(["capacity", "output"])]
if len(td) and ((td["hi_80"] - td["lo_80"]).abs().max() == 0):
    nbtools.say("**Caution:** the top-down projection has no spread (its 80% and 95% intervals "
                "have zero width): the reported provincial series has too few points for the "
                "engine to estimate uncertainty, so read it as a trend line only.")
if run.fan("top_down", "capacity").empty:
    nbtools.say("Capacity has no annual provincial series in the data (only snapshots, drawn as "
                "points), so there is no top-down capacity projection.")

# %%
rows = run.headline
rows = rows[rows["metric"].isin(["capacity", "output"])]
nbtools.show_table(
    rows,
    {"metric": "metric", "target_value": "target", "unit": "unit", "target_year": "year",
     "median": "median in target year", "lo_80": "80% low", "hi_80": "80% high",
     "p_reached_by_year": "P(met by year)", "most_likely_first_year": "most likely first year",
     "p_not_reached": "P(not reached by 2035)"},
    {"target_value": "int", "median": "int", "lo_80": "int", "hi_80": "int",
     "p_reached_by_year": "pct", "p_not_reached": "pct"},
    caption="Capacity and output targets (bottom-up view)",
)

# %%
fc = run.forecasts[run.forecasts["metric"].isin(["capacity", "output"])
                   & run.forecasts["year"].isin([2025, 2030, 2035])
                   & run.forecasts["view"].isin(["bottom_up", "top_down"])]
side = fc.pivot_table(index=["metric", "year"], columns="view",
                      values=["median", "lo_80", "hi_80"]).reset_index()
side.columns = ["_".join(c for c in col if c) for col in side.columns]
cols = {"metric": "metric", "year": "year"}
for view in ("bottom_up", "top_down"):
    for q, label in (("median", "median"), ("lo_80", "80% low"), ("hi_80", "80% high")):
        if f"{q}_{view}" in side:
            cols[f"{q}_{view}"] = f"{view.replace('_', '-')} {label}"
nbtools.show_table(side, cols, {c: "int" for c in cols if c not in ("metric", "year")},
                   caption="Bottom-up (project pipeline) vs top-down (time series), t LCE/yr")
if len(td):
    nbtools.say("The top-down view extrapolates the few reported provincial points; the "
                "bottom-up view adds up the projects. Where they differ, the project pipeline "
                "carries the information the short history lacks.")

# %% [markdown]
# ### Projects that matter most
# Ranked by nameplate capacity times the probability of completion in this scenario.

# %%
if projects.empty:
    nbtools.say("_No project table was produced in this run._")
else:
    nbtools.show_table(
        projects,
        {c: c.replace("_", " ") for c in projects.columns},
        {"nameplate_t_lce_per_year": "int", "planned_start_year": "year",
         "completion_probability": "pct", "expected_t_lce_per_year": "int"},
        max_rows=12,
        caption="Largest expected contributions to Qinghai capacity",
    )
