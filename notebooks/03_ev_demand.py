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
# ## 3. EV lithium demand: sales, batteries and tonnes of LCE
#
# EV sales follow a logistic path towards a saturation level; lithium per vehicle comes from the
# battery size and chemistry mix (BEV/PHEV kWh, LFP share, sodium-ion share) in the scenario.
# Demand is in tonnes of lithium carbonate equivalent per year (t LCE/yr).

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
import pandas as pd

from forecasting import plotting
from forecasting.reports import nbtools
from forecasting.domain.topdown import ev_sales_cap
from forecasting.scenarios import load_scenario

run = nbtools.open_run(quarter, scenario, as_of, seed, n_paths, data_path, run_dir)
nbtools.announce(run)
plotting.set_theme()
SOURCE = (
    "bottom-up demand model; base data IEA Global EV Outlook 2024 (IEA_GEVO2024_DATA), CAAM "
    f"(MBGPA_20260114), battery facts Busch et al. 2025 (BUSCH2025_REPO); scenario '{scenario}'"
)

# %% [markdown]
# ### From cars to batteries to lithium
# Each row is one step of the chain: EV sales (vehicles/yr) x battery size (kWh per vehicle,
# BEV and PHEV) = battery demand (GWh/yr); x lithium per kWh (chemistry mix) = lithium demand
# from EVs (t LCE/yr). Median, 80% and 95% intervals of the same simulated paths.

# %%
CHAIN = (
    ("ev_sales_units", "EV sales"),
    ("ev_battery_demand_gwh", "EV battery demand"),
    ("ev_lithium_demand_t_lce", "lithium demand from EVs"),
)
REGIONS = ("china", "world")
bu_rows = nbtools.pick(run.forecasts, view="bottom_up")
steps = [(suffix, label) for suffix, label in CHAIN
         if (bu_rows["series"] == f"china_{suffix}").any()]
fig, axes = plt.subplots(len(steps), 2, figsize=(12, 2.7 * len(steps)), layout="constrained",
                         squeeze=False)
for i, (suffix, label) in enumerate(steps):
    for j, region in enumerate(REGIONS):
        fan = nbtools.pick(bu_rows, series=f"{region}_{suffix}")
        if fan.empty:
            axes[i, j].set_axis_off()
            continue
        plotting.plot_fan_chart(
            None, fan, None, ax=axes[i, j], unit=f"{label}, {fan['unit'].iloc[0]}",
            source=SOURCE, title=f"{'China' if region == 'china' else 'World'}: {label}",
        )
nbtools.show(run, fig, "03_demand_chain")
if len(steps) < len(CHAIN):
    nbtools.say("_This run's scenario results carry no battery-demand (GWh) series; the chart "
                "goes straight from sales to lithium._")

# %% [markdown]
# ### Cross-check: China EV sales, bottom-up logistic path vs top-down growth curve
# The top-down view fits the engine's logistic growth model to the reported CAAM NEV sales,
# with the scenario's sales ceiling as its cap (a lognormal range: each path has its own cap),
# so no path falls below zero or passes its cap; the lines mark the median and the 97.5th
# percentile of the caps. The bottom-up view is the scenario's logistic path.

# %%
bu = nbtools.pick(run.forecasts, view="bottom_up", series="china_ev_sales_units")
td = nbtools.pick(run.forecasts, view="top_down", series="china_nev_sales_units")
if len(bu) and len(td):
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.4), sharey=True, layout="constrained")
    cap = ev_sales_cap(load_scenario(scenario))  # the scenario's ceiling: a lognormal range of caps
    ceiling_line = pd.DataFrame({
        "label": [f"ceiling, median {cap.median() / 1e6:.0f} m",
                  f"ceiling, 97.5th percentile {cap.ppf(0.975) / 1e6:.0f} m"],
        "value": [cap.median(), cap.ppf(0.975)], "year": [2035, 2035]})
    plotting.plot_fan_chart(None, bu, ceiling_line, ax=axes[0], unit="EV sales, vehicles/yr",
                            source=SOURCE, title="China EV sales: bottom-up (scenario)")
    plotting.plot_fan_chart(None, td, ceiling_line, ax=axes[1], unit="EV sales, vehicles/yr",
                            source="top-down: the engine's logistic growth model with the "
                            "scenario's ceiling, fitted to CAAM NEV sales "
                            "(datasets/china_nev_sales.csv)",
                            title="China NEV sales: top-down (capped growth curve)")
    axes[0].set_ylim(bottom=0)
    nbtools.show(run, fig, "03_ev_sales_views")
    b30, t30 = nbtools.pick(bu, year=2030).iloc[0], nbtools.pick(td, year=2030).iloc[0]
    nbtools.say(f"For 2030 the bottom-up median is **{nbtools.fmt_number(b30['median'])}** "
                f"vehicles and the top-down median **{nbtools.fmt_number(t30['median'])}** "
                f"(top-down 80% interval {nbtools.fmt_number(t30['lo_80'])}-"
                f"{nbtools.fmt_number(t30['hi_80'])}).")

# %%
key_years = [2025, 2030, 2035]
chain_series = [f"{r}_{suffix}" for r in REGIONS for suffix in
                 ("ev_sales_units", "bev_battery_demand_gwh", "phev_battery_demand_gwh",
                  "ev_battery_demand_gwh", "ev_lithium_demand_t_lce", "lithium_demand_t_lce")]
demand = bu_rows[bu_rows["series"].isin(chain_series) & bu_rows["year"].isin(key_years)]
demand = demand.assign(step=demand["series"].map(chain_series.index)).sort_values(["step", "year"])
nbtools.show_table(
    demand,
    {"series": "series (unit in the name)", "unit": "unit", "year": "year", "median": "median",
     "lo_80": "80% low", "hi_80": "80% high"},
    {"median": "int", "lo_80": "int", "hi_80": "int", "year": "year"},
    max_rows=40,
    caption="Sales -> battery GWh (BEV, PHEV, total) -> lithium demand (EVs; all uses), by "
    "region (median and 80% interval)",
)
shares = run.forecasts[(run.forecasts["view"] == "bottom_up") & (run.forecasts["metric"] == "share")
                       & run.forecasts["year"].isin(key_years)]
nbtools.show_table(shares.sort_values(["series", "year"]),
                   {"series": "share", "year": "year", "median": "median", "lo_80": "80% low",
                    "hi_80": "80% high"},
                   {"median": "pct", "lo_80": "pct", "hi_80": "pct"},
                   caption="Qinghai output as a share of China's lithium demand / world supply")

# %% [markdown]
# ### The battery assumptions behind the demand (scenario file, not buried)

# %%
scen = run.scenario()  # the scenario files this run used
anchors = run.table("anchors_used")  # the observed values the from_data keys took
rows = []
for region in REGIONS:
    cfg = getattr(scen.demand, region)
    bev_base = nbtools.anchor_value(cfg.bev_share_base, anchors,
                                    f"demand.{region}.bev_share_base")
    rows.append({
        "region": region,
        "BEV share (base -> end)": f"{bev_base:.2f} -> {cfg.bev_share_end:.2f}",
        "LFP share by end year": f"{cfg.lfp_share_end:.2f}",
        "sodium-ion share by end year": f"{cfg.sodium_ion_share_end:.2f}",
        "kWh growth BEV / PHEV per yr": f"{cfg.battery_kwh_growth_bev_per_year} / "
        f"{cfg.battery_kwh_growth_phev_per_year}",
        "saturation (vehicles/yr)": f"{cfg.ev_sales_saturation_units:,.0f}",
    })
nbtools.show_table(pd.DataFrame(rows), caption="Chemistry mix and pack-size assumptions "
                   f"(scenario '{scenario}'; end year {scen.demand.trend_end_year})")

# %% [markdown]
# ### Observed anchors: where the scenario starts
# Scenario keys marked `from_data` are not assumptions: each takes the last observation of a
# named series published by the data cut-off (`as_of`). A row flagged "latest available,
# published after the cut-off" had no observation by then and uses the newest one instead.

# %%
if len(anchors):
    late = int((nbtools.anchors_display(anchors)["known at cut-off"] != "yes").sum())
    nbtools.show_table(nbtools.anchors_display(anchors), caption=(
        f"Observed values the scenario's from_data keys took (as_of {as_of}); "
        f"{late} published after the cut-off"))
else:
    nbtools.say("This scenario sets every anchor as a number (no `from_data` keys).")

# %%
share = nbtools.pick(run.forecasts, view="bottom_up", series="qinghai_share_of_china_demand")
if len(share):
    s30 = nbtools.pick(share, year=2030)
    nbtools.say(
        f"In 2030 Qinghai's simulated lithium carbonate output covers a median "
        f"**{nbtools.fmt_pct(float(s30['median'].iloc[0]))}** of China's lithium demand "
        f"(80% interval {nbtools.fmt_pct(float(s30['lo_80'].iloc[0]))}-"
        f"{nbtools.fmt_pct(float(s30['hi_80'].iloc[0]))})."
    )
