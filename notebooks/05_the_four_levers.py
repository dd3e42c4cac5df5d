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
# ## 5b. The four levers of the plan
#
# The provincial plan names four levels on which Qinghai's lithium output depends: extraction
# **technology** (lithium recovery from brine), **ecological** limits (an extraction ceiling
# from reserves), **policy** control (entry threshold, approval pace, licence and inspection
# halts) and **recycling** (secondary lithium from retired EV batteries). Each is a block of
# the scenario file (`levers:` in `base.yaml`) applied to the supply paths conditioned on the
# history; the base values leave the calibrated paths unchanged. The registry's target years
# (2020, 2025) are over, so the levers are read on the goals at 2030 and 2035: 170 kt/yr of
# capacity and of output, and 100 bn CNY of output value.

# %% tags=["parameters"]
quarter = "2026Q4"
scenario = "base"
as_of = "2026-12-31"
seed = 0
n_paths = 1000  # paths per lever setting (the sweep runs 15 settings)
data_path = None  # a folder of your own tables in the bundled schema, or None
run_dir = "."  # a report folder holding this run's tables; else they are computed

# %%
import matplotlib.pyplot as plt
import pandas as pd

from forecasting.domain import build_inputs_from_datasets, run_scenario
from forecasting.sensitivity.levers import what_would_have_to_be_true
from forecasting.reports import nbtools
from forecasting.scenarios import load_scenario
from forecasting.sensitivity import LEVER_PARAMS

run = nbtools.open_run(quarter, scenario, as_of, seed, n_paths, data_path, run_dir)
nbtools.announce(run)
effects = run.table("lever_effects")
screen = run.table("lever_screen")
LABELS = {
    "levers.technology.recovery_target": "technology: recovery after the upgrade",
    "levers.technology.brine_limited_share": "technology: share of output brine-limited",
    "levers.ecological.max_extraction_share_per_year": "ecology: extraction share of reserves/yr",
    "levers.policy.entry_threshold_t_lce": "policy: entry threshold (t LCE/yr)",
    "levers.policy.approval_pace": "policy: approval pace (x completion odds)",
    "levers.policy.halt_probability_per_plant_year": "policy: halt probability per plant-year",
    "levers.recycling.collection_rate_target": "recycling: collection rate by 2030",
}

# %% [markdown]
# ### Which lever moves each goal most
# Each lever moved alone across its range (shown), the others at base. P(met) is the share of
# paths at or above the goal in its year; the mean is the year's mean path value.

# %%
top = (
    effects.groupby("target_id", sort=False)
    .head(3)
    .assign(lever=lambda t: t["lever"].map(LABELS).fillna(t["lever"]))
)
nbtools.show_table(
    top,
    {
        "target_id": "goal",
        "lever": "lever",
        "low": "low end",
        "high": "high end",
        "p_met_at_low": "P(met) at low",
        "p_met_at_high": "P(met) at high",
        "mean_at_low": "mean at low",
        "mean_at_high": "mean at high",
        "unit": "unit",
    },
    {
        "low": "3dp",
        "high": "3dp",
        "p_met_at_low": "pct",
        "p_met_at_high": "pct",
        "mean_at_low": "int",
        "mean_at_high": "int",
    },
    caption="The three largest lever effects per goal (t LCE/yr, or bn CNY for value)",
)

# %%
truth = what_would_have_to_be_true(effects).assign(
    lever=lambda t: t["lever"].map(LABELS).fillna(t["lever"])
)
lines = [
    f"- **{r.target_id}**: {r.lever} at **{r.favourable_end:g}** gives P(met) "
    f"{nbtools.fmt_pct(r.p_met_there)} (the lever moves the year's mean by "
    f"{nbtools.fmt_number(r.mean_swing, 1)} {r.unit})"
    for r in truth.itertuples()
]
nbtools.say(
    "**What would have to be true** (the lever with the largest effect, at its "
    "favourable end):\n\n" + "\n".join(lines)
)

# %% [markdown]
# ### Every lever scenario side by side
# The override files in `datasets/scenarios/` that turn the levers, one simulation each with
# the same seed.

# %%
series = run.table("scenario_series")
lever_names = (
    "base",
    "tech_upgrade",
    "ecological_cap",
    "strict_policy",
    "recycling_push",
    "plan_delivered",
    "plan_stalls",
)
if len(series):
    part = series[series["scenario"].isin(lever_names) & series["year"].isin([2030, 2035])]
    wide = part.pivot_table(index="scenario", columns=["series", "year"], values="median")
    wide.columns = [f"{u}@{y}" for u, y in wide.columns]
    wide = wide.reindex([n for n in lever_names if n in wide.index]).reset_index()
    nbtools.show_table(
        wide,
        {
            "scenario": "scenario",
            "qinghai_capacity_t_lce@2030": "capacity 2030",
            "qinghai_output_t_lce@2030": "output 2030",
            "qinghai_output_value_bn_cny@2030": "value 2030, bn CNY",
            "qinghai_output_t_lce@2035": "output 2035",
            "qinghai_output_value_bn_cny@2035": "value 2035, bn CNY",
        },
        {
            "qinghai_capacity_t_lce@2030": "int",
            "qinghai_output_t_lce@2030": "int",
            "qinghai_output_value_bn_cny@2030": "1dp",
            "qinghai_output_t_lce@2035": "int",
            "qinghai_output_value_bn_cny@2035": "1dp",
        },
        caption="Medians by lever scenario (t LCE/yr; value in bn CNY), same paths and seed",
    )

# %% [markdown]
# ### Turn one lever yourself
# Change `lever` and `value` and re-run this cell: the answer moves with it. (Inside a report
# build the cell reads the same comparison from the lever sweep above, at the top of the
# lever's range, instead of simulating again.)

# %%
lever, value = "levers.technology.recovery_target", 0.78
if run.run_dir is not None and len(effects):
    row = effects[(effects["lever"] == lever) & (effects["target_id"] == "output_170kt_2030")]
    val = effects[(effects["lever"] == lever) & (effects["target_id"] == "value_100bn_2030")]
    row, val = row.iloc[0], val.iloc[0]
    value = float(row["high"])
    rows = [
        {
            "run": f"{lever} = {row['low']:g} (base)",
            "output_2030": row["mean_at_low"],
            "p_output_170kt_2030": row["p_met_at_low"],
            "value_2030": val["mean_at_low"],
        },
        {
            "run": f"{lever} = {value:g}",
            "output_2030": row["mean_at_high"],
            "p_output_170kt_2030": row["p_met_at_high"],
            "value_2030": val["mean_at_high"],
        },
    ]
else:
    inputs = build_inputs_from_datasets(as_of=run.spec.as_of, path=data_path)
    scen = load_scenario(scenario)
    rows = []
    for label, over in (("base", {}), (f"{lever} = {value:g}", {lever: value})):
        res = run_scenario(scen.with_overrides(over), n_paths=n_paths, seed=seed, inputs=inputs)
        j = list(res.years).index(2030)
        out = res.paths["qinghai_output_t_lce"][:, j]
        rows.append(
            {
                "run": label,
                "output_2030": float(out.mean()),
                "p_output_170kt_2030": float((out >= 170_000).mean()),
                "value_2030": float(res.paths["qinghai_output_value_bn_cny"][:, j].mean()),
            }
        )
nbtools.show_table(
    pd.DataFrame(rows),
    {
        "run": "run",
        "output_2030": "output 2030 (mean, t LCE/yr)",
        "p_output_170kt_2030": "P(output >= 170 kt in 2030)",
        "value_2030": "value 2030 (mean, bn CNY)",
    },
    {"output_2030": "int", "p_output_170kt_2030": "pct", "value_2030": "1dp"},
    caption=f"One lever turned; ranges explored above: {LEVER_PARAMS[lever]}",
)

# %% [markdown]
# ### Morris screening: levers and supply assumptions together
# Elementary effects over the supply assumptions (base value +-50 %) and the levers (ranges
# above): mu* is the mean absolute effect of moving one input a step across its range, sigma
# its spread over the other inputs (large sigma: the effect depends on the others).

# %%
if len(screen):
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
    for ax, (out, unit) in zip(
        axes,
        (
            ("output_t_lce_2030", "2030 output, t LCE/yr"),
            ("value_bn_cny_2030", "2030 output value, bn CNY"),
        ),
        strict=True,
    ):
        part = screen[screen["output"] == out]
        is_lever = part["parameter"].str.startswith("levers.")
        ax.scatter(
            part.loc[~is_lever, "mu_star"],
            part.loc[~is_lever, "sigma"],
            marker="o",
            color="0.55",
            label="supply assumption",
        )
        ax.scatter(
            part.loc[is_lever, "mu_star"],
            part.loc[is_lever, "sigma"],
            marker="^",
            color="#0072B2",
            label="lever",
        )
        for rec in part.nlargest(5, "mu_star").itertuples():
            ax.annotate(
                rec.parameter.split(".", 1)[1],
                (rec.mu_star, rec.sigma),
                fontsize=7,
                xytext=(3, 3),
                textcoords="offset points",
            )
        ax.set_xlabel(f"mu* ({unit})")
        ax.set_ylabel(f"sigma ({unit})")
        ax.set_title(unit.split(",")[0])
        ax.legend(loc="upper left", fontsize=8)
    fig.text(
        0.01,
        -0.02,
        "Source: forecasting.sensitivity.morris on the bottom-up model, "
        f"scenario '{scenario}', seed {seed}, 20 trajectories x 16 paths",
        fontsize=7,
    )
    nbtools.show(run, fig, "05b_levers_morris")
