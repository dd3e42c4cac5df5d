"""The one model registry: the auto pool comes from it and every label the engine emits is an
alias that rebuilds the chosen model."""

from __future__ import annotations

import numpy as np
import pytest

from forecasting.errors import ModelError
from forecasting.models import AutoSelect, Transformed, model_from_alias
from forecasting.models.auto import default_candidates
from forecasting.models.registry import REGISTRY, ModelEntry, _index, pool_aliases


@pytest.mark.parametrize("m", [1, 4, 12])
def test_auto_pool_is_the_registry_pool(m: int) -> None:
    pool = [c.alias for c in default_candidates(m)]
    assert pool == pool_aliases(m)
    assert pool == (["naive"] if m == 1 else ["snaive"]) + ["drift", "theta", "ses"]
    assert all(REGISTRY[a].in_pool(m) for a in pool)


def _series(kind: str) -> tuple[np.ndarray, str]:
    rng = np.random.default_rng({"flat": 1, "trend": 2, "season": 3, "short": 4, "walk": 2}[kind])
    if kind == "walk":  # a random walk on which the median combination wins
        return 100 + np.cumsum(rng.normal(0, 3, 18)), "YE"
    if kind == "season":
        t = np.arange(28)
        return 50 + 0.5 * t + np.tile([8.0, -3.0, 2.0, -7.0], 7) + rng.normal(0, 1, 28), "QE"
    n = 5 if kind == "short" else 18
    slope = 4.0 if kind == "trend" else 0.0
    return 100 + slope * np.arange(n) + rng.normal(0, 3, n), "YE"


@pytest.mark.parametrize("kind", ["flat", "trend", "season", "short", "walk"])
@pytest.mark.parametrize("log", [False, True])
def test_every_emitted_label_is_an_alias_of_the_chosen_model(kind: str, log: bool) -> None:
    y, freq = _series(kind)
    auto = Transformed(AutoSelect(), "log") if log else AutoSelect()
    auto = auto.fit(y, freq)
    label = auto.label(4)
    if kind == "walk":
        assert label.endswith("median(naive,drift,theta,ses)" + (")" if log else ""))
    rebuilt = model_from_alias(label).fit(y, freq)
    np.testing.assert_allclose(rebuilt.point(4), auto.point(4), rtol=1e-10)


def test_combination_and_log_labels_parse() -> None:
    comb = model_from_alias("median(naive,drift,theta,ses)")
    assert comb.alias == "median(naive,drift,theta,ses)" and comb.how == "median"
    assert [m.alias for m in comb.members] == ["naive", "drift", "theta", "ses"]
    nested = model_from_alias("log(mean(theta,log_drift))")
    assert isinstance(nested, Transformed) and nested.model.how == "mean"
    assert model_from_alias("ses").alias == "ses"


@pytest.mark.parametrize("bad", ["bogus", "median(naive,bogus)", "median(naive", "max(naive)", ""])
def test_unknown_labels_are_refused_naming_the_aliases(bad: str) -> None:
    with pytest.raises(ModelError, match="known aliases"):
        model_from_alias(bad)


def test_registry_refuses_duplicates_and_bad_fields() -> None:
    entry = REGISTRY["naive"]
    with pytest.raises(ModelError, match="duplicate model alias 'naive'"):
        _index((entry, entry))
    with pytest.raises(ModelError, match="kind"):
        ModelEntry("x", entry.build, "magic", "")
    with pytest.raises(ModelError, match="pool"):
        ModelEntry("x", entry.build, "baseline", "", pool="monthly")
