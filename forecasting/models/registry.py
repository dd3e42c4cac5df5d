"""The one model registry: every alias, the "auto" pool, and every label the engine emits.

:data:`REGISTRY` maps an alias to a :class:`ModelEntry` (a factory building the model with its
default configuration, its kind and whether it is in the "auto" pool). Everything else derives
from it: :data:`MODELS` (alias -> factory), :func:`pool_aliases` (what
:func:`forecasting.models.auto.default_candidates` fits), :func:`invariant_aliases` (the models
the invariant tests run) and :func:`model_from_alias`, which also accepts every label the
engine writes in the Forecast ``model`` column: a plain alias (``"ses"``), the pool
combination ``"median(naive,drift,theta,ses)"`` (any ``mean(...)``/``median(...)`` of aliases),
a log-scale model ``"log_theta"`` and a log-scale label ``"log(median(naive,theta))"``.

Add a model (one file and one entry; the tests pick it up):

1. write ``class MyModel(Model)`` in ``forecasting/models/<module>.py`` with ``default_alias =
   "my_model"``, ``min_length``, ``_fit``, ``_point``, ``_sample`` (see :mod:`.base`);
2. add ``ModelEntry("my_model", _lazy("<module>", "MyModel"), "statistical", "one line")``
   to ``_ENTRIES`` below (``pool="all"``, ``"yearly"`` or ``"seasonal"`` to put it in "auto");
3. run ``pytest tests/test_models_invariants.py`` (horizon, nesting, seeds, gaps, labels);
4. ``lithium-forecast benchmark tourism|m1 --models auto my_model`` to measure it;
5. keep it in the pool only if "auto" improves on BOTH benchmarks (benchmarks/tourism_results.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from forecasting.errors import ModelError
from forecasting.models.base import Model

#: Kinds of model: the invariant tests run every kind except those in ``OWN_TESTS``.
KINDS = ("selection", "baseline", "statistical", "growth", "external")
#: Kinds with their own test modules (growth curves need caps; Prophet loads cmdstan).
OWN_TESTS = ("growth", "external")
#: Where a model sits in the "auto" pool: every frequency, non-seasonal only, seasonal only.
POOLS = (None, "all", "yearly", "seasonal")


def _lazy(module: str, name: str, **kwargs) -> Callable[[], Model]:
    """A factory importing ``forecasting.models.<module>`` only when the alias is used."""

    def build() -> Model:
        return getattr(import_module(f"forecasting.models.{module}"), name)(**kwargs)

    build.__name__ = name
    return build


@dataclass(frozen=True)
class ModelEntry:
    """One registered model: ``alias``, a no-argument ``build`` factory, its ``kind`` (one of
    :data:`KINDS`), a one-line ``summary`` and ``pool``: None (not in "auto"), ``"all"``,
    ``"yearly"`` (season length 1 only) or ``"seasonal"`` (season length > 1 only)."""

    alias: str
    build: Callable[[], Model]
    kind: str
    summary: str
    pool: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ModelError(f"model {self.alias!r}: kind {self.kind!r} not in {KINDS}")
        if self.pool not in POOLS:
            raise ModelError(f"model {self.alias!r}: pool {self.pool!r} not in {POOLS}")

    def in_pool(self, m: int) -> bool:
        """True if "auto" fits this model on a series of season length ``m``."""
        if self.pool == "all":
            return True
        return self.pool == ("yearly" if m == 1 else "seasonal")


_DAMPED = "ets_damped"
_ENTRIES = (
    ModelEntry("auto", _lazy("auto", "AutoSelect"), "selection", "per-series choice, calibrated"),
    # the pool, in the order "auto" fits it (the order fixes the seeded combination paths)
    ModelEntry("naive", _lazy("baselines", "Naive"), "baseline", "last value", "yearly"),
    ModelEntry("snaive", _lazy("baselines", "SeasonalNaive"), "baseline", "last cycle", "seasonal"),
    ModelEntry("drift", _lazy("baselines", "Drift"), "baseline", "line to the last value", "all"),
    ModelEntry("theta", _lazy("statsmodels_models", "Theta"), "statistical", "Theta(2)", "all"),
    ModelEntry("ses", _lazy("ses", "SES"), "statistical", "SES; ETS(A,N,M) if seasonal", "all"),
    # outside the pool
    ModelEntry("naive2", _lazy("baselines", "Naive2"), "baseline", "naive, deseasonalised"),
    ModelEntry("ets", _lazy("statsmodels_models", "ETS"), "statistical", "ETS by AICc"),
    ModelEntry(
        _DAMPED,
        _lazy("statsmodels_models", "ETS", error="add", trend="add", damped=True, alias=_DAMPED),
        "statistical",
        "ETS(A,Ad,N/A/M)",
    ),
    ModelEntry("arima", _lazy("statsmodels_models", "ARIMA"), "statistical", "small ARIMA search"),
    ModelEntry(
        "ucm", _lazy("statsmodels_models", "UnobservedComponents"), "statistical", "local trend"
    ),
    ModelEntry("prophet", _lazy("prophet_model", "Prophet"), "external", "Prophet (cmdstan)"),
    ModelEntry("logistic", _lazy("growth", "Logistic"), "growth", "logistic S-curve"),
    ModelEntry("gompertz", _lazy("growth", "Gompertz"), "growth", "Gompertz curve"),
    ModelEntry("bass", _lazy("growth", "Bass"), "growth", "Bass diffusion"),
)


def _index(entries: tuple[ModelEntry, ...]) -> dict[str, ModelEntry]:
    """Alias -> entry; a duplicate alias is an error."""
    out: dict[str, ModelEntry] = {}
    for entry in entries:
        if entry.alias in out:
            raise ModelError(f"duplicate model alias {entry.alias!r} in the registry")
        out[entry.alias] = entry
    return out


#: Every registered model by alias.
REGISTRY: dict[str, ModelEntry] = _index(_ENTRIES)
#: Alias -> factory (``MODELS[alias]()`` builds the default-configured model).
MODELS: dict[str, Callable[[], Model]] = {a: e.build for a, e in REGISTRY.items()}


def pool_aliases(m: int) -> list[str]:
    """Aliases of the "auto" pool for season length ``m``, in fitting order."""
    return [a for a, e in REGISTRY.items() if e.in_pool(m)]


def invariant_aliases() -> list[str]:
    """Aliases the invariant tests run (default-configured, no extra dependency)."""
    return [a for a, e in REGISTRY.items() if e.kind not in OWN_TESTS]


def _split_members(inner: str, label: str) -> list[str]:
    """Top-level comma-separated parts of ``inner`` (nested parentheses kept together)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            raise ModelError(f"model label {label!r}: unbalanced parentheses")
        if ch == "," and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
    parts.append(inner[start:])
    return [p.strip() for p in parts]


def _from_label(label: str) -> Model | None:
    """A model for a composite label (``how(a,b)``, ``log(label)``, ``log_alias``), or None."""
    from forecasting.models.combination import Combination
    from forecasting.models.transforms import Transformed

    if label.startswith("log_") and label[4:] in REGISTRY:
        return Transformed(REGISTRY[label[4:]].build(), "log")
    head, sep, rest = label.partition("(")
    if not sep or not rest.endswith(")"):
        return None
    inner = rest[:-1]
    if head == "log":
        return Transformed(model_from_alias(inner), "log", alias=label)
    if head in ("mean", "median"):
        members = [model_from_alias(p) for p in _split_members(inner, label)]
        return Combination(members, how=head)
    return None


def model_from_alias(alias: str) -> Model:
    """A default-configured model for ``alias`` or for any label the engine emits (see the
    module docstring); ModelError listing the known aliases otherwise."""
    if not isinstance(alias, str):
        raise ModelError(f"model alias must be a string; got {alias!r}")
    if alias in REGISTRY:
        return REGISTRY[alias].build()
    model = _from_label(alias.strip())
    if model is None:
        raise ModelError(
            f"unknown model alias {alias!r}; known aliases: {sorted(REGISTRY)} "
            "(each also as log_<alias>; combinations as median(a,b,...) or mean(a,b,...))"
        )
    return model
