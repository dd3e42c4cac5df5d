"""Variance-stabilising transforms as a model option: fit on ``log(y)``, forecast ``exp``.

``Transformed(model, transform="log")`` (Box-Cox with lambda = 0) fits ``model`` to
``x_t = log(y_t)`` and maps its forecasts back: point ``yhat_k = exp(xhat_k)`` (the median of
the back-transformed forecast distribution, not its mean), paths ``exp(x_{i,k})``. Every path
and bound is therefore strictly positive and the spread grows with the level (a 16.5 million/yr
series gets multiplicative, not additive, uncertainty). Interior gaps stay gaps for the inner
model; every observed value must be > 0 (ModelError otherwise), unless ``positive_only=True``:
then a series with a zero or negative value is modelled on its own scale.

In the engine (:func:`forecasting.models.core.resolve_model`) the calibration happens INSIDE
the transform: the inner model is wrapped in its one-candidate :class:`AutoSelect` (or is
"auto"), so backtest errors and interval scaling are measured on the log scale. Aliases
``"log_<alias>"`` (``"log_auto"``, ``"log_theta"``, ...) build the same from the registry.
"""

from __future__ import annotations

import numpy as np

from forecasting.errors import ModelError
from forecasting.models.base import Model

#: The transforms offered (Box-Cox lambda = 0 only).
TRANSFORMS = ("log",)


class Transformed(Model):
    """``model`` fitted on ``log(y)``; point and paths back-transformed with ``exp``."""

    default_alias = "transformed"

    def __init__(
        self,
        model: Model,
        transform: str = "log",
        positive_only: bool = False,
        alias: str | None = None,
    ) -> None:
        if not isinstance(model, Model):
            raise ModelError(f"Transformed needs a model object; got {model!r}")
        if transform not in TRANSFORMS:
            raise ModelError(f"transform={transform!r} must be one of {list(TRANSFORMS)}")
        super().__init__(alias or f"{transform}_{model.alias}")
        self.model, self.transform, self.positive_only = model, transform, positive_only

    def min_length(self, m: int) -> int:
        return self.model.min_length(m)

    def _fit(self, y: np.ndarray, m: int) -> None:
        self._identity = self.positive_only and bool(np.any(y[self._observed] <= 0))
        if self._identity:  # a zero or negative value: the inner model on the raw scale
            self._inner = self.model.fit(np.where(self._observed, y, np.nan), self._freq)
            return
        if np.any(y[self._observed] <= 0):
            raise ModelError(
                f"model {self.alias!r}: a log transform needs strictly positive values; "
                f"the smallest observed value is {float(np.min(y[self._observed]))!r}"
            )
        log_y = np.where(self._observed, np.log(np.where(y > 0, y, 1.0)), np.nan)
        self._inner = self.model.fit(log_y, self._freq, end=self._end)

    def label(self, h: int) -> str:
        """``log(<what the inner model chose>)``."""
        self._require_fitted()
        if self._constant:
            return self.alias
        label = self._inner.label(h + self._offset)
        return label if self._identity else f"{self.transform}({label})"

    def _point(self, h: int) -> np.ndarray:
        point = self._inner.point(h)
        return point if self._identity else np.exp(point)

    def _sample(self, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        if self._identity:
            return self._inner.sample(h, n_paths, rng)
        with np.errstate(over="ignore"):
            return np.exp(self._inner.sample(h, n_paths, rng))
