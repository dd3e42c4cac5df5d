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
# ## Appendix A. Model accuracy
#
# Rolling-origin backtests of the top-down models on the project's own series (MASE: mean
# absolute error scaled by the in-sample naive error; coverage: share of held-out points inside
# the 80% / 95% intervals), and the benchmark table against published competition results.

# %% tags=["parameters"]
quarter = "2026Q4"
scenario = "base"
as_of = "2026-12-31"
seed = 0
n_paths = 1000
data_path = None  # a folder of your own tables in the bundled schema, or None
run_dir = "."  # a report folder holding this run's tables; else they are computed

# %%
from forecasting.reports import nbtools

run = nbtools.open_run(quarter, scenario, as_of, seed, n_paths, data_path, run_dir)
nbtools.announce(run)
backtest = run.table("backtest")
benchmark = run.table("benchmark")

# %%
if backtest.empty:
    nbtools.say("_No backtest table in this run (see the notes below)._")
else:
    mase = backtest.pivot_table(index="series", columns="model", values="mase").reset_index()
    nbtools.show_table(
        mase, formats={c: "3dp" for c in mase.columns if c != "series"},
        caption="MASE by series and model (2-year horizon, 3 rolling origins; below 1 beats the "
        "in-sample one-step naive error)",
    )
    cov = backtest.groupby("model")[["coverage_80", "coverage_95"]].mean().reset_index()
    nbtools.show_table(
        cov, {"model": "model", "coverage_80": "80% interval coverage",
              "coverage_95": "95% interval coverage"},
        {"coverage_80": "pct", "coverage_95": "pct"},
        caption="Share of held-out points inside the past intervals (nominal 80% and 95%)",
    )
    best = backtest.groupby("model")["mase"].mean().sort_values()
    nbtools.say(f"Lowest mean MASE across these series: **{best.index[0]}** "
                f"({best.iloc[0]:.2f}); the automatic selection scores {best.get('auto', float('nan')):.2f}.")

# %%
if benchmark.empty:
    nbtools.say("_No benchmark table in this run (see the notes below)._")
else:
    nbtools.show_table(
        benchmark,
        {"data": "data", "source": "source", "model": "model", "MAPE": "MAPE (%)", "MASE": "MASE",
         "cov80": "80% coverage", "cov95": "95% coverage"},
        {"MAPE": "1dp", "MASE": "3dp", "cov80": "pct", "cov95": "pct"},
        caption="Tourism competition (yearly: 518 series, h = 4; quarterly: 427 series, h = 8): "
        "this package vs the published results",
    )

# %%
# SLOT for the domain backtest (the bottom-up model against its own history): shown when the
# run has tables/domain_backtest.csv (written by the domain's backtest), skipped while absent.
domain_bt = run.table("domain_backtest")
if len(domain_bt):
    nbtools.say("### Domain backtest: the bottom-up model against its own history")
    nbtools.show_table(domain_bt, max_rows=40,
                       caption="Domain backtest: bottom-up nowcasts of past years vs reported")

# %%
notes = run.table("notes")
if len(notes):
    nbtools.say("**Parts of this report that could not be computed in this run:**")
    nbtools.show_table(notes)
