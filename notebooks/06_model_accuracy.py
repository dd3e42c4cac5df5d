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
run_dir = "."

# %%
from forecasting.reports import nbtools

run = nbtools.load_run(run_dir)
backtest = run.table("backtest")
benchmark = run.table("benchmark")

# %%
if backtest.empty:
    nbtools.say("_No backtest table in this run (see the notes appendix)._")
else:
    nbtools.show_table(backtest, formats={c: "3dp" for c in backtest.columns
                                          if backtest[c].dtype.kind == "f"},
                       caption="Backtests on the project's own series")

# %%
if benchmark.empty:
    nbtools.say("_No benchmark table in this run (see the notes appendix)._")
else:
    nbtools.show_table(benchmark, formats={c: "3dp" for c in benchmark.columns
                                           if benchmark[c].dtype.kind == "f"},
                       caption="Benchmark against published competition results")

# %%
notes = run.table("notes")
if len(notes):
    nbtools.say("**Parts of this report that could not be computed in this run:**")
    nbtools.show_table(notes)
