"""Figures: real properties (bands, lines, labels, captions), not pixels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402

from forecasting import plotting  # noqa: E402
from forecasting.errors import ForecastingError  # noqa: E402

YEARS = np.arange(2024, 2036)


def _paths(n: int = 400, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    level = 80_000 + 9_000 * np.arange(YEARS.size) + rng.normal(0, 15_000, (n, YEARS.size))
    return pd.DataFrame(
        {
            "year": np.tile(YEARS, n),
            "path": np.repeat(np.arange(n), YEARS.size),
            "y": level.ravel(),
        }
    )


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_quantiles_from_paths_are_ordered_and_match_numpy() -> None:
    paths = _paths()
    q = plotting.quantiles_from_paths(paths)
    assert list(q["year"]) == list(YEARS)
    assert (q["lo_95"] <= q["lo_80"]).all() and (q["lo_80"] <= q["median"]).all()
    assert (q["median"] <= q["hi_80"]).all() and (q["hi_80"] <= q["hi_95"]).all()
    first = paths.loc[paths["year"] == YEARS[0], "y"].to_numpy()
    assert q["hi_80"].iloc[0] == pytest.approx(np.quantile(first, 0.9))


def test_fan_chart_has_two_bands_median_history_targets_and_caption() -> None:
    history = pd.DataFrame({"year": [2016, 2022], "y": [33_000, 110_000], "grade": ["B", "C"]})
    targets = pd.DataFrame({"label": ["170,000 t by 2025"], "value": [170_000], "year": [2025]})
    fig = plotting.plot_fan_chart(
        history, _paths(), targets, unit="capacity, t LCE/yr", source="test source X"
    )
    ax = fig.axes[0]
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 2  # 80% and 95%
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "95% interval" in legend and "80% interval" in legend
    assert any("grade B" in t for t in legend) and any("grade C" in t for t in legend)
    assert ax.get_ylabel() == "capacity, t LCE/yr"
    horizontal = [ln for ln in ax.lines if np.allclose(ln.get_ydata(), 170_000)]
    assert horizontal, "target line missing"
    assert any(t.get_text() == "170,000 t by 2025" for t in ax.texts)
    assert any("test source X" in t.get_text() for t in fig.texts)


def test_target_label_offsets_keep_order_and_gap() -> None:
    ys = plotting.target_label_offsets([0.50, 0.10, 0.52, 0.51], gap_frac=0.05)
    assert ys[1] == pytest.approx(0.10)  # alone: stays on its line
    assert ys[0] == pytest.approx(0.50)  # lowest of the cluster stays, the others move up
    assert sorted(ys) == [ys[1], ys[0], ys[3], ys[2]]  # order of the lines is kept
    assert min(np.diff(sorted(ys))) >= 0.05 - 1e-12
    assert all(y >= v for y, v in zip(ys, [0.50, 0.10, 0.52, 0.51], strict=True))


def test_close_target_labels_do_not_overlap_and_stay_inside() -> None:
    targets = pd.DataFrame(
        {
            "label": ["target 120,000 by 2020", "target 125,000 by 2020", "target 170,000"],
            "value": [120_000, 125_000, 170_000],
            "year": [2024, 2024, 2025],
        }
    )
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.4), layout="constrained")
    plotting.plot_fan_chart(None, _paths(), targets, ax=axes[0], unit="t LCE/yr", source="s")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in axes[0].texts]
    assert len(boxes) == 3
    frame = axes[0].get_window_extent(renderer)
    for i, a in enumerate(boxes):
        assert frame.x0 <= a.x0 and a.x1 <= frame.x1 + 1 and frame.y0 <= a.y0
        assert a.y1 <= frame.y1 + 1, "label above the axes"
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)


def test_targets_with_one_value_share_one_label() -> None:
    targets = pd.DataFrame(
        {
            "label": ["goal 100 (2020)", "goal 100 (2025)"],
            "value": [100.0, 100.0],
            "year": [2020, 2025],
        }
    )
    fig = plotting.plot_fan_chart(None, _paths(), targets, unit="bn CNY", source="s")
    assert [t.get_text() for t in fig.axes[0].texts] == ["goal 100 (2020) / goal 100 (2025)"]


def test_fan_chart_accepts_quantile_frames_demands_unit_and_source_is_optional() -> None:
    q = plotting.quantiles_from_paths(_paths())
    fig = plotting.plot_fan_chart(None, q, None, unit="t LCE/yr", source="s")
    assert fig.axes[0].get_xlabel() == "year"
    with pytest.raises(ForecastingError, match="unit"):
        plotting.plot_fan_chart(None, q, None, source="s")
    bare = plotting.plot_fan_chart(None, q, None, unit="t")
    assert not [t for t in bare.texts if t.get_text().startswith("Source:")]
    with pytest.raises(ForecastingError, match="lo_80"):
        plotting.plot_fan_chart(None, q.drop(columns="lo_80"), None, unit="t", source="s")


def test_panels_of_one_figure_share_one_caption() -> None:
    q = plotting.quantiles_from_paths(_paths())
    fig, axes = plt.subplots(1, 2)
    plotting.plot_fan_chart(None, q, None, ax=axes[0], unit="t", source="left source")
    plotting.plot_fan_chart(None, q, None, ax=axes[1], unit="t", source="right source")
    plotting.plot_fan_chart(None, q, None, ax=axes[1], unit="t", source="right source")
    captions = [t.get_text() for t in fig.texts]
    assert captions == ["Source: left source | right source"]


def test_tornado_orders_widest_bar_on_top() -> None:
    table = pd.DataFrame(
        {"parameter": ["a", "b", "c"], "low": [0.4, 0.1, 0.45], "high": [0.6, 0.9, 0.5]}
    )
    fig = plotting.plot_tornado(table, base_value=0.5, unit="P(target met)", source="s")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "b" and labels[0] == "c"  # barh draws bottom-up: widest last = top
    assert len(ax.patches) == 6
    assert ax.get_xlabel() == "P(target met)"


def test_sobol_draws_s1_and_st_per_parameter() -> None:
    idx = pd.DataFrame({"parameter": ["x", "y"], "S1": [0.6, 0.1], "ST": [0.7, 0.2]})
    fig = plotting.plot_sobol(idx, source="s")
    ax = fig.axes[0]
    assert len(ax.patches) == 4
    assert "unitless" in ax.get_xlabel()
    with pytest.raises(ForecastingError, match="ST"):
        plotting.plot_sobol(idx.drop(columns="ST"), source="s")


def test_coverage_marks_one_row_per_series() -> None:
    cov = pd.DataFrame(
        {"series": ["a", "a", "b"], "year": [2020, 2021, 2021], "grade": ["A", "A", "D"]}
    )
    fig = plotting.plot_coverage(cov, source="s")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    assert sum(len(c.get_offsets()) for c in ax.collections) == 3


def test_stacked_bars_stack_parts() -> None:
    frame = pd.DataFrame({"year": [2025, 2026], "volume": [50.0, 60.0], "price": [10.0, -5.0]})
    fig = plotting.plot_stacked_bars(frame, "year", ["volume", "price"], unit="bn CNY", source="s")
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights == [50.0, 60.0, 10.0, -5.0]
    assert fig.axes[0].get_ylabel() == "bn CNY"


def _every_plot() -> list:
    q = plotting.quantiles_from_paths(_paths())
    table = pd.DataFrame({"parameter": ["a", "b"], "low": [0.4, 0.1], "high": [0.6, 0.9]})
    idx = pd.DataFrame({"parameter": ["x", "y"], "S1": [0.6, 0.1], "ST": [0.7, 0.2]})
    cov = pd.DataFrame({"series": ["a", "b"], "year": [2020, 2021], "grade": ["A", "D"]})
    lines = pd.DataFrame({"year": [1, 2, 1, 2], "v": [1.0, 2.0, 2.0, 3.0], "g": list("aabb")})
    bars = pd.DataFrame({"year": [2025, 2026], "volume": [50.0, 60.0], "price": [10.0, -5.0]})
    return [
        lambda: plotting.plot_fan_chart(None, q, None, unit="t"),
        lambda: plotting.plot_tornado(table, base_value=0.5, unit="P"),
        lambda: plotting.plot_sobol(idx),
        lambda: plotting.plot_coverage(cov),
        lambda: plotting.plot_lines(lines, "year", "v", "g", unit="t"),
        lambda: plotting.plot_stacked_bars(bars, "year", ["volume", "price"], unit="bn CNY"),
    ]


def test_plots_leave_the_users_matplotlib_settings_alone() -> None:
    with plt.rc_context({"figure.figsize": (3.0, 2.0), "axes.grid": False}):
        before = dict(plt.rcParams)
        for draw in _every_plot():
            fig = draw()
            assert isinstance(fig, matplotlib.figure.Figure)
            # the theme applied inside the call: its grey frame, not the default black one
            assert fig.axes[0].spines["left"].get_edgecolor()[:3] == pytest.approx((0.8,) * 3)
            plt.close(fig)
        after = dict(plt.rcParams)
    changed = {k for k in before if before[k] != after[k] and k != "backend"}
    assert not changed, changed
    assert after["figure.figsize"] == [3.0, 2.0] and after["axes.grid"] is False


def test_set_theme_is_global_only_on_request() -> None:
    with plt.rc_context():
        plotting.set_theme()
        assert plt.rcParams["axes.grid"] is True
    with plotting.theme():
        assert plt.rcParams["axes.edgecolor"] == ".8"


def test_engine_and_domain_frames_plot_without_renaming() -> None:
    """The contract's band names are what the fan chart reads: the engine's Forecast frame
    (``ds``, ``mean``) and a domain summary (``year``, ``median``) both plot as they come."""
    from forecasting.contracts import BAND_COLUMNS

    years = np.arange(2026, 2031)
    ramp = np.linspace(1.0, 2.0, years.size)
    scale = {"mean": 1.0, "median": 1.0, "lo_80": 0.9, "hi_80": 1.1, "lo_95": 0.8, "hi_95": 1.2}
    assert set(scale) == set(BAND_COLUMNS)
    bands = {c: ramp * k for c, k in scale.items()}
    summary = pd.DataFrame({"year": years, **bands})
    forecast = summary.drop(columns=["year", "median"]).assign(
        unique_id="s", ds=pd.to_datetime([f"{y}-12-31" for y in years]), model="auto"
    )
    for frame in (summary, forecast):
        fig = plotting.plot_fan_chart(None, frame, None, unit="t LCE/yr")
        assert len(fig.axes[0].collections) >= 2  # the 95 % and 80 % bands
        plt.close(fig)
