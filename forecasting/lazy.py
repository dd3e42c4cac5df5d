"""Lazy package faces: a package lists its public names and the module defining each, and they
are imported on first access (PEP 562), so importing a package (or building the CLI parser)
does not load pandas, scipy or statsmodels until a name is used."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module


def lazy_exports(
    package: str, names: Mapping[str, str], namespace: dict
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: ``names`` maps a public name to its module;
    a name, once imported, is stored in ``namespace`` (the package's globals) so later look-ups
    are plain attribute reads. ``dir()`` lists the public names and what is already loaded."""

    def __getattr__(name: str) -> object:
        if name in names:
            value = getattr(import_module(names[name]), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*namespace.get("__all__", ()), *namespace})

    return __getattr__, __dir__
