"""Equal-weight combinations of forecasters: itself a model.

Point: ``yhat_k = mean_j yhat_{j,k}`` (or the median over members j). Paths: every member draws
its own paths from an independent child generator of ``rng``; the combined path ``i`` is the
mean (median) of the members' path ``i``, so intervals come from the combined sample paths.
Members too long for a short series are left out at fit time (at least one must fit).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from forecasting.errors import ModelError
from forecasting.models.base import Model


class Combination(Model):
    """Mean or median of ``members`` (configured model objects with distinct aliases)."""

    default_alias = "combination"

    def __init__(
        self, members: Sequence[Model], how: str = "median", alias: str | None = None
    ) -> None:
        if how not in ("mean", "median"):
            raise ModelError(f"Combination how={how!r} must be 'mean' or 'median'")
        members = list(members)
        if not members or not all(isinstance(m, Model) for m in members):
            raise ModelError("Combination needs a non-empty list of model objects")
        aliases = [m.alias for m in members]
        dup = sorted({a for a in aliases if aliases.count(a) > 1})
        if dup:
            raise ModelError(f"Combination members have duplicate aliases {dup}")
        super().__init__(alias or f"{how}({','.join(aliases)})")
        self.members, self.how = members, how

    def min_length(self, m: int) -> int:
        return min(member.min_length(m) for member in self.members)

    def _agg(self, arrays: list[np.ndarray]) -> np.ndarray:
        stack = np.stack(arrays)
        return np.mean(stack, axis=0) if self.how == "mean" else np.median(stack, axis=0)

    def _fit(self, y: np.ndarray, m: int) -> None:
        freq = self._freq
        n_obs = int(self._observed.sum())  # interpolated gaps do not count
        self._fitted = [mem.fit(y, freq) for mem in self.members if n_obs >= mem.min_length(m)]

    def _point(self, h: int) -> np.ndarray:
        return self._agg([f.point(h) for f in self._fitted])

    def _sample(self, h: int, n_paths: int, rng: np.random.Generator) -> np.ndarray:
        children = rng.spawn(len(self._fitted))
        return self._agg(
            [f.sample(h, n_paths, r) for f, r in zip(self._fitted, children, strict=True)]
        )

    @property
    def fitted_members(self) -> list[Model]:
        """The members that were fitted (a short series may leave some out)."""
        self._require_fitted()
        return list(getattr(self, "_fitted", []))
