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
# ## 1. Data overview: coverage, provenance and gaps
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
run_dir = "."

# %%
import matplotlib.pyplot as plt
import pandas as pd

from forecasting import data, plotting
from forecasting.reports import nbtools

plotting.set_theme()
series = data.load_series(as_of=as_of).dropna(subset=["y"])
sources = data.load_sources()
series["year"] = pd.to_datetime(series["ds"]).dt.year
SOURCE = "datasets/ curated tables (see datasets/datapackage.json and sources.csv)"

# %%
coverage = (
    series.groupby("unique_id")
    .agg(first=("ds", "min"), last=("ds", "max"), observations=("y", "size"))
    .reset_index()
)
coverage["first"] = pd.to_datetime(coverage["first"]).dt.date.astype(str)
coverage["last"] = pd.to_datetime(coverage["last"]).dt.date.astype(str)
nbtools.say(
    f"The data cut-off is **{as_of}**: {len(coverage)} series with "
    f"{int(coverage['observations'].sum()):,} observations are available up to that date."
)
nbtools.show_table(
    coverage,
    {"unique_id": "series (unit in the name)", "first": "first period end",
     "last": "last period end", "observations": "observations"},
    max_rows=40,
    caption="Coverage of every modelled series",
)

# %%
annual = series.drop_duplicates(["unique_id", "year"]).rename(columns={"unique_id": "series"})
if "source_id" in annual.columns:
    grade = dict(zip(sources["source_id"], sources["reliability"].astype(str), strict=True))
    annual["grade"] = annual["source_id"].astype(str).map(
        lambda s: max((grade.get(x.strip(), "D") for x in s.split(";")), default="D")
    )
plotting.plot_coverage(annual, source=SOURCE, title="Which years each series covers")
plt.show()

# %%
counts = sources.groupby("reliability").size().rename("sources").reset_index()
nbtools.show_table(counts, {"reliability": "reliability grade", "sources": "number of sources"},
                   caption="Sources by reliability grade (A best, D weakest)")

# %%
catalogue = data.list_series()
used_ids = set()
for table in sorted(set(catalogue["table"])):
    rows = data.load_table(table)
    used_ids |= {s.strip() for v in rows["source_id"].dropna().astype(str) for s in v.split(";")}
qh = sources[sources["source_id"].isin(used_ids)]
cols = {"source_id": "source_id", "publisher": "publisher", "date": "date",
        "reliability": "grade"}
nbtools.say(f"The modelled series draw on **{len(qh)}** sources; "
            f"{int((qh['reliability'] == 'D').sum())} of them are graded D (weak) and are "
            "listed first below so they can be re-checked.")
nbtools.show_table(qh.sort_values(["reliability", "source_id"], ascending=[False, True]), cols,
                   max_rows=25, caption="Provenance: the sources behind the modelled series "
                   "(weakest first; full list in datasets/sources.csv)")
