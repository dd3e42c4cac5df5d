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
# ## 5. Sensitivity: which supply assumptions move the answer
#
# Tornado: each assumption moved alone to the low and high end of its stated range, the others
# at base values; shown for the probability that the headline capacity target is met and, in
# natural units, for 2030 capacity, output (t LCE/yr) and output value (bn CNY). Sobol:
# first-order (S1) and total (ST) variance shares of the probability from a Saltelli design.

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
from matplotlib.ticker import MaxNLocator

from forecasting import plotting
from forecasting.reports import nbtools

run = nbtools.open_run(quarter, scenario, as_of, seed, n_paths, data_path, run_dir)
nbtools.announce(run)
plotting.set_theme()
tornado_all = run.table("tornado")
tornado = tornado_all[tornado_all["output"].str.startswith("p_met_in_year_")] if len(tornado_all) else tornado_all
sobol = run.table("sobol")
SOURCE = f"forecasting.sensitivity on the bottom-up model, scenario '{scenario}', seed {seed}"

# %%
if tornado.empty:
    nbtools.say("_The tornado table was not produced in this run (see the notes appendix)._")
elif (tornado["high"] - tornado["low"]).abs().max() == 0:
    nbtools.say(f"The probability of the headline capacity target "
                f"({tornado['output'].iloc[0].removeprefix('p_met_in_year_')}) is "
                f"{nbtools.fmt_pct(float(tornado['base'].iloc[0]))} at every end of every "
                "assumption's range: no single assumption moves it. The swings in natural "
                "units below are what the assumptions do move.")
else:
    base = float(tornado["base"].iloc[0])
    target_id = str(tornado["output"].iloc[0]).removeprefix("p_met_in_year_")
    tgt = nbtools.pick(run.headline, target_id=target_id).iloc[0]
    out_label = (f"P(capacity {tgt['target_value']:,.0f} {tgt['unit']} met in "
                 f"{tgt['target_year']})")
    fig = plotting.plot_tornado(tornado, base, unit=out_label, source=SOURCE,
                                title="Tornado: one assumption at a time")
    nbtools.show(run, fig, "05_tornado_probability")

# %% [markdown]
# ### The same swings in natural units (2030, mean of the simulated paths)

# %%
NATURAL = (("capacity_t_lce_2030", "2030 capacity, t LCE/yr"),
           ("output_t_lce_2030", "2030 output, t LCE/yr"),
           ("value_bn_cny_2030", "2030 output value, bn CNY"))
natural = [(o, u) for o, u in NATURAL if (tornado_all["output"] == o).any()] if len(
    tornado_all) else []
if natural:
    fig, axes = plt.subplots(1, len(natural), figsize=(4.4 * len(natural) + 2, 3.6),
                             layout="constrained", squeeze=False, sharey=True)
    short = tornado_all.assign(parameter=tornado_all["parameter"].str.removeprefix("supply."))
    for ax, (out, unit) in zip(axes[0], natural, strict=True):
        part = short[short["output"] == out].head(6)
        plotting.plot_tornado(part, float(part["base"].iloc[0]), ax=ax, unit=unit,
                              source=SOURCE, title=unit.split(",")[0])
        ax.xaxis.set_major_locator(MaxNLocator(3))
    nbtools.show(run, fig, "05_tornado_natural")
    swings = tornado_all[tornado_all["output"].isin([o for o, _ in natural])].assign(
        swing=lambda t: (t["high"] - t["low"]).abs()).sort_values("swing", ascending=False)
    nbtools.show_table(
        swings.groupby("output").head(3),
        {"output": "output", "parameter": "assumption", "parameter_low": "low end",
         "parameter_high": "high end", "low": "output at low end", "high": "output at high end",
         "base": "base"},
        {"parameter_low": "3dp", "parameter_high": "3dp", "low": "int", "high": "int",
         "base": "int"},
        caption="Largest swings in natural units (t LCE/yr; value in bn CNY)",
    )

# %%
if sobol.empty:
    nbtools.say("_The Sobol table was not produced in this run (see the notes appendix)._")
else:
    p_met = sobol.loc[sobol["output"].str.startswith("p_met_in_year_"), "output"]
    first = str(p_met.iloc[0] if len(p_met) else sobol["output"].iloc[0])
    if not first.startswith("p_met_in_year_"):
        nbtools.say("_The headline target's probability does not vary over the assumption "
                    "ranges (every path meets it or none does), so the Sobol indices are shown "
                    f"for `{first}` instead._")
    part = sobol[sobol["output"] == first]
    fig = plotting.plot_sobol(part, source=SOURCE, title=f"Sobol indices: {first}")
    nbtools.show(run, fig, "05_sobol")
    top = part.sort_values("ST", ascending=False).head(3)["parameter"]
    rows = tornado_all[tornado_all["output"] == first] if len(tornado_all) else tornado_all
    fmt = nbtools.fmt_pct if first.startswith("p_met_in_year_") else nbtools.fmt_number
    lines = []
    for p in top:
        hit = rows[rows["parameter"] == p]
        if hit.empty:
            lines.append(f"- `{p}`")
            continue
        row = hit.iloc[0]
        value = row["parameter_high"] if row["high"] >= row["low"] else row["parameter_low"]
        lines.append(f"- `{p}` near **{value:g}** ({first} = {fmt(max(row['high'], row['low']))}"
                     f", against {fmt(min(row['high'], row['low']))} at the other end)")
    nbtools.say(f"**What would have to be true** for a high `{first}`: the assumptions with the "
                "largest total Sobol effect at their favourable end:\n\n" + "\n".join(lines))

# %%
scen_tab = run.table("scenarios")
if len(scen_tab):
    # one row per scenario file, one column per target (12 scenario columns overflow a page)
    sel = scen_tab[scen_tab["metric"].isin(["capacity", "output"])].copy()
    sel["target"] = [f"{m} {v / 1e3:,.0f} kt by {int(y)}" for m, v, y
                     in zip(sel["metric"], sel["target_value"], sel["target_year"], strict=True)]
    wide = sel.pivot_table(index="scenario", columns="target", values="p_reached_by_year",
                           sort=False).reset_index()
    goals = [c for c in wide.columns if c != "scenario"]
    nbtools.show_table(wide, formats={g: "pct" for g in goals},
                       caption="Scenario table: P(target reached by its year) per scenario file "
                       "(capacity in kt LCE/yr, output in kt LCE)")
