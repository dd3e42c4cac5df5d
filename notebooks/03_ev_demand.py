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
run_dir = "."

# %%
import matplotlib.pyplot as plt
import yaml

from forecasting import plotting
from forecasting.reports import nbtools

run = nbtools.load_run(run_dir)
plotting.set_theme()
SOURCE = (
    "bottom-up demand model; base data IEA Global EV Outlook 2024 (IEA_GEVO2024_DATA), CAAM "
    f"(MBGPA_20260114), battery facts Busch et al. 2025 (BUSCH2025_REPO); scenario '{scenario}'"
)

# %%
for metric, unit_label in (("ev_sales", "EV sales"), ("demand", "lithium demand")):
    rows = nbtools.pick(run.forecasts, view="bottom_up", metric=metric)
    series = sorted(rows["series"].unique())
    fig, axes = plt.subplots(1, len(series), figsize=(6 * len(series), 4.4), layout="constrained")
    for ax, name in zip(list(axes) if len(series) > 1 else [axes], series, strict=True):
        fan = nbtools.pick(rows, series=name)
        plotting.plot_fan_chart(
            None, fan, None, ax=ax, unit=f"{unit_label}, {fan['unit'].iloc[0]}", source=SOURCE,
            title=name.replace("_", " "),
        )
    plt.show()

# %% [markdown]
# ### Cross-check: China EV sales, bottom-up logistic path vs top-down time series
# The top-down view forecasts the reported CAAM NEV sales series with the package's
# time-series models; the bottom-up view is the scenario's logistic path.

# %%
bu = nbtools.pick(run.forecasts, view="bottom_up", series="china_ev_sales_units")
td = nbtools.pick(run.forecasts, view="top_down", series="china_nev_sales_units")
if len(bu) and len(td):
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.4), sharey=True, layout="constrained")
    plotting.plot_fan_chart(None, bu, None, ax=axes[0], unit="EV sales, vehicles/yr",
                            source=SOURCE, title="China EV sales: bottom-up (scenario)")
    plotting.plot_fan_chart(None, td, None, ax=axes[1], unit="EV sales, vehicles/yr",
                            source="top-down: forecasting engine on CAAM NEV sales "
                            "(datasets/china_nev_sales.csv)",
                            title="China NEV sales: top-down (time series)")
    plt.show()
    b30, t30 = nbtools.pick(bu, year=2030).iloc[0], nbtools.pick(td, year=2030).iloc[0]
    nbtools.say(f"For 2030 the bottom-up median is **{nbtools.fmt_number(b30['median'])}** "
                f"vehicles and the top-down median **{nbtools.fmt_number(t30['median'])}** "
                f"(top-down 80% interval {nbtools.fmt_number(t30['lo_80'])}-"
                f"{nbtools.fmt_number(t30['hi_80'])}).")

# %%
key_years = [2025, 2030, 2035]
demand = run.forecasts[
    (run.forecasts["view"] == "bottom_up")
    & run.forecasts["metric"].isin(["ev_sales", "demand"])
    & run.forecasts["year"].isin(key_years)
]
nbtools.show_table(
    demand.sort_values(["series", "year"]),
    {"series": "series", "unit": "unit", "year": "year", "median": "median", "lo_80": "80% low",
     "hi_80": "80% high"},
    {"median": "int", "lo_80": "int", "hi_80": "int"},
    caption="EV sales and lithium demand (median and 80% interval)",
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
scen = yaml.safe_load(open(f"{run_dir}/inputs/scenarios/base.yaml"))["demand"]
rows = []
for region in ("china", "world"):
    cfg = scen[region]
    rows.append({
        "region": region, "BEV share (base -> end)": f"{cfg['bev_share_base']} -> {cfg['bev_share_end']}",
        "LFP share by end year": cfg["lfp_share_end"], "sodium-ion share by end year": cfg["sodium_ion_share_end"],
        "kWh growth BEV / PHEV per yr": f"{cfg['battery_kwh_growth_bev_per_year']} / {cfg['battery_kwh_growth_phev_per_year']}",
        "saturation (vehicles/yr)": f"{cfg['ev_sales_saturation_units']:,}",
    })
import pandas as pd

nbtools.show_table(pd.DataFrame(rows), caption=f"Chemistry mix and pack-size assumptions (base file; end year {scen['trend_end_year']})")

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
