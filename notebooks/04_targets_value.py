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
# ## 4. Targets and industry value
#
# Probability that each official target is met by each year (the share of simulated paths whose
# first crossing is at or before that year), and the industry's output value against the
# 100-bn-yuan goal. Value = volume x price, so the price path matters as much as the volume:
# the value at a constant reference price isolates the volume effect.

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
plotting.set_theme()
SOURCE = (
    f"bottom-up simulation, scenario '{scenario}', {n_paths} paths, seed {seed}; targets registry "
    "datasets/qinghai_targets.csv (documents in the table)"
)

# %%
reach = nbtools.pick(run.table("reached_by"), view="bottom_up")
heads = run.headline
reach = reach[reach["target_id"].isin(heads["target_id"])]
labels = {r.target_id: f"{r.metric} {r.target_value:,.0f} {r.unit} ({r.target_year})"
          for r in heads.itertuples()}
reach = reach.assign(target=reach["target_id"].map(labels), p_pct=100 * reach["p_reached_by_year"])
fig = plotting.plot_lines(reach, x="year", y="p_pct", hue="target",
                          unit="P(target reached by year), %", source=SOURCE,
                          title="When are the targets reached?")
fig.axes[0].set_ylim(-2, 102)
nbtools.show(run, fig, "04_reached_by")

# %%
nbtools.show_table(
    heads,
    {"metric": "metric", "target_value": "target", "unit": "unit", "target_year": "year",
     "document": "document", "p_reached_by_year": "P(met by year)",
     "most_likely_first_year": "most likely first year", "median_first_year": "median first year",
     "expected_shortfall": "expected shortfall"},
    {"target_value": "int", "p_reached_by_year": "pct", "expected_shortfall": "int"},
    caption="Every headline target: probability, crossing year and expected shortfall (target unit)",
)
scope = heads[heads["scope_note"].fillna("").str.strip() != ""] if "scope_note" in heads else heads[:0]
if len(scope):
    nbtools.say("What each target counts and what the model counts are not always the same "
                "thing; where they differ, the probabilities above answer the model's narrower "
                "question:")
    nbtools.show_table(scope, {"target_id": "target", "scope_note": "scope: model vs target"},
                       caption="Scope of each target against the modelled series")

# %% [markdown]
# ### The lithium carbonate price: history, simulated paths and scenarios
# Value is volume times price. Annual means of the published spot assessments (CNY/t, the
# history the price paths start from), the run's price fan (median, 80% and 95%) and each
# scenario file's median path.

# %%
prices = run.table("price_history")
price_fan = nbtools.pick(run.forecasts, view="bottom_up",
                         series="lithium_carbonate_price_cny_per_t")
if len(price_fan):
    annual = nbtools.pick(prices, kind="annual").rename(columns={"price_cny_per_t": "y"})
    fig, ax = plt.subplots(figsize=(8, 3.6), layout="constrained")
    plotting.plot_fan_chart(
        None, price_fan, None, ax=ax,
        unit="lithium carbonate, CNY/t", label=f"scenario '{scenario}'",
        source="price assessments datasets/lithium_carbonate_price_china.csv (annual means); "
        f"price paths of the scenario files; {n_paths} paths, seed {seed}",
        title="Lithium carbonate price (China spot, battery grade)",
    )
    fig.axes[0].scatter(annual["year"], annual["y"], color="black", marker="o", s=30,
                        zorder=5, label="annual mean of published assessments")
    scen_series = run.table("scenario_series")
    paths = scen_series[scen_series["series"] == "lithium_carbonate_price_cny_per_t"]
    own = paths[paths["scenario"] == scenario].set_index("year")["median"]
    # only the scenarios whose price path differs from this run's (the others share its prices)
    moved = [name for name, g in paths.groupby("scenario") if name != scenario
             and (g.set_index("year")["median"] - own).abs().max() > 0.01 * own.abs().max()]
    for i, (name, g) in enumerate(paths[paths["scenario"].isin(moved)].groupby("scenario")):
        fig.axes[0].plot(g["year"], g["median"], linestyle=["--", ":", "-."][i % 3],
                         linewidth=1.2, color="0.35", label=f"median, '{name}'")
    fig.axes[0].legend(fontsize=7, loc="upper left")
    fig.axes[0].set_ylim(bottom=0)
    nbtools.show(run, fig, "04_price")

# %% [markdown]
# ### Output value against the 100-bn-yuan goal

# %%
value = run.table("value")
val_fan = nbtools.pick(run.forecasts, view="bottom_up", series="qinghai_output_value_bn_cny")
goal = heads[heads["metric"] == "output_value"].drop_duplicates(["target_value", "target_year"])
tg = goal.assign(label=goal.apply(lambda r: f"goal {r.target_value:,.0f} bn CNY ({r.target_year})",
                                  axis=1), value=goal["target_value"], year=goal["target_year"])
if len(val_fan):
    fig, ax = plt.subplots(figsize=(8, 3.6), layout="constrained")
    plotting.plot_fan_chart(None, val_fan, tg, ax=ax, unit="output value, bn CNY", source=SOURCE,
                            title="Qinghai lithium industry output value")
    nbtools.show(run, fig, "04_value_fan")
if len(value):
    v = value[value["year"] >= 2020].copy()
    v["volume effect (value at reference price)"] = v["value_at_reference_price_bn_cny"]
    v["price effect"] = v["price_effect_bn_cny"]
    fig = plotting.plot_stacked_bars(
        v, x="year", parts=["volume effect (value at reference price)", "price effect"],
        unit="mean output value, bn CNY", source=SOURCE + "; reference price from the scenario",
        title="Value split: volume at a constant price, plus the price effect",
    )
    nbtools.show(run, fig, "04_value_split")

# %%
scen_tab = run.table("scenarios")
if len(scen_tab):
    vt = scen_tab[scen_tab["metric"] == "output_value"]
    # one row per scenario, one column per goal: 12 scenarios side by side do not fit a page
    wide = vt.pivot_table(index="scenario", columns="target_id",
                          values="p_reached_by_year").reset_index()
    goals = [c for c in wide.columns if c != "scenario"]
    nbtools.show_table(
        wide,
        columns={"scenario": "scenario", **{g: g.removeprefix("qh_output_value_") for g in goals}},
        formats={g: "pct" for g in goals},
        caption="P(output-value goal reached by its year) under each scenario's price path "
        "(columns: goal year and size of the qh_output_value_* targets)",
    )
