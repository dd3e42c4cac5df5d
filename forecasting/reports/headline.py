"""The front page's headline chart: Qinghai capacity and output fan charts (median, 80% and 95%
bands of the bottom-up paths, in kt LCE/yr) with the official targets and the reported points.

Saved as ``figures/00_headline.png`` and ``.svg`` and embedded in the front page as a PNG data URI.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pandas as pd

from forecasting.reports import cache

#: Years drawn (the paths start in 2020; reported points before that are still shown).
FIRST_YEAR = 2016
KT = 1e3
QUANTILES = ("median", "lo_80", "hi_80", "lo_95", "hi_95")


def _panel_data(run_dir: Path, metric: str):
    fc = cache.read_csv(run_dir / "forecasts.csv")
    fan = fc[(fc["view"] == "bottom_up") & (fc["metric"] == metric)]
    fan = fan[fan["series"] == f"qinghai_{metric}_t_lce"].sort_values("year")
    fan = fan.assign(**{q: fan[q] / KT for q in QUANTILES})
    hist_path = run_dir / "tables" / "history.csv"
    hist = cache.read_csv(hist_path) if hist_path.is_file() else pd.DataFrame()
    if len(hist):
        hist = hist[(hist["metric"] == metric) & (hist["year"] >= FIRST_YEAR)]
        hist = hist.assign(y=hist["y"] / KT)
    from forecasting.reports.views import headline_rows

    tg = headline_rows(cache.read_csv(run_dir / "target_probabilities.csv"))
    tg = tg[tg["metric"] == metric].drop_duplicates(["target_value", "target_year"])
    tg = tg.assign(
        value=tg["target_value"] / KT,
        year=tg["target_year"],
        label=[
            f"target {v / KT:,.0f} kt by {y}"
            for v, y in zip(tg["target_value"], tg["target_year"], strict=True)
        ],  # noqa: E501
    )
    return fan, hist, tg


def headline_figure(run_dir: Path, spec):
    """The two-panel figure (matplotlib ``Figure``), capacity left, output right."""
    import matplotlib.pyplot as plt

    from forecasting import plotting

    plotting.set_theme()
    fig, axes = plt.subplots(1, 2, figsize=(7.6, 2.9), layout="constrained", sharey=True)
    for ax, metric in zip(axes, ("capacity", "output"), strict=True):
        fan, hist, tg = _panel_data(run_dir, metric)
        kind = "nameplate" if metric == "capacity" else "produced"
        plotting.plot_fan_chart(
            hist if len(hist) else None, fan, tg if len(tg) else None, ax=ax,
            unit="kt LCE/yr", title=f"{metric.capitalize()} ({kind})",
            source=f"bottom-up project pipeline, scenario '{spec.scenario}', as_of {spec.as_of}, "
            f"{spec.n_paths} paths; reported points datasets/qinghai_*; targets "
            "datasets/qinghai_targets.csv",
        )  # fmt: skip
        ax.set_xlim(FIRST_YEAR - 0.5, 2035.5)
        ax.tick_params(labelsize=7)
        ax.title.set_fontsize(9)
        ax.yaxis.label.set_fontsize(8)
        ax.xaxis.label.set_visible(False)
        legend = ax.get_legend()
        if legend is not None:
            legend.remove()
    handles, labels = axes[0].get_legend_handles_labels()
    axes[1].legend(handles, labels, loc="lower right", fontsize=6, frameon=True)
    return fig


def write_headline_chart(run_dir: Path, spec) -> str:
    """Draw the chart, save it under ``figures/`` and return it as a PNG data URI."""
    import matplotlib.pyplot as plt

    from forecasting.reports.nbtools import save_figure

    fig = headline_figure(run_dir, spec)
    png, _svg = save_figure(fig, Path(run_dir) / "figures", "00_headline")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii")
