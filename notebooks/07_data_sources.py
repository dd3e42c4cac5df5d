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
# ## Appendix B. Data: coverage, provenance and gaps
#
# Every number in the report comes from the curated tables in `datasets/`, each row citing a
# `source_id` with a reliability grade (A official/primary data ... D weak: unknown author, spam
# mirror or inferred year). Gaps stay gaps: nothing is interpolated into the data.

# %% tags=["parameters"]
quarter = "2026Q4"
scenario = "base"
as_of = "2026-12-31"
seed = 0
n_paths = 1000
data_path = None  # a folder of your own tables in the bundled schema, or None
run_dir = "."  # a report folder holding this run's tables; else they are computed

# %%
from forecasting import plotting
from forecasting.reports import nbtools

plotting.set_theme()
run = nbtools.open_run(quarter, scenario, as_of, seed, n_paths, data_path, run_dir)
nbtools.announce(run)
coverage = run.table("coverage")
provenance = run.table("provenance")
SOURCE = "datasets/ curated tables (see datasets/datapackage.json and datasets/sources.csv)"

# %%
summary = coverage.groupby(["series", "unit"], as_index=False).agg(
    first=("year", "min"), last=("year", "max"), years=("year", "nunique"),
    observations=("n_obs", "sum"))
span = summary["last"] - summary["first"] + 1
summary["years missing"] = span - summary["years"]
nbtools.say(
    f"The data cut-off is **{as_of}**: {len(summary)} series with "
    f"{int(summary['observations'].sum()):,} observations are available up to that date. "
    f"{int((summary['years missing'] > 0).sum())} series have gap years; gaps stay gaps."
)
nbtools.show_table(
    summary,
    {"series": "series (unit in the name)", "unit": "unit", "first": "first year",
     "last": "last year", "observations": "observations", "years missing": "gap years"},
    {"first": "year", "last": "year", "observations": "int", "years missing": "int"},
    max_rows=40, caption="Coverage of every modelled series",
)

# %%
fig = plotting.plot_coverage(coverage, source=SOURCE, title="Which years each series covers")
nbtools.show(run, fig, "07_coverage")

# %%
counts = provenance.groupby("reliability").agg(sources=("source_id", "size"),
                                               rows=("rows", "sum")).reset_index()
nbtools.show_table(counts, {"reliability": "reliability grade", "sources": "sources",
                            "rows": "data rows citing them"},
                   caption="Sources behind the modelled series by reliability grade "
                   "(A official/primary ... D weak)")

# %%
weak = provenance[provenance["reliability"] == "D"]
nbtools.say(f"**{len(weak)}** of the {len(provenance)} sources are graded D (weak: unknown "
            "author, spam mirror or inferred year); they are listed first so they can be "
            "re-checked against the original outlet.")
nbtools.show_table(
    provenance,
    {"source_id": "source_id", "publisher": "publisher", "date": "date",
     "reliability": "grade", "tables": "cited by", "rows": "rows"},
    {"rows": "int"}, max_rows=25,
    caption="Provenance (weakest first; every source in datasets/sources.csv)",
)
