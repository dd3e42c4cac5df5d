"""Progress bars for long jobs (tqdm on stderr), off under CI, ``--quiet`` or a non-terminal.

Use ``for item in progress(items, desc="sobol", total=n): ...``. The bar is shown only when it
helps a person watching: stderr is a terminal, ``$CI`` is not set and neither
``lithium-forecast --quiet`` nor ``$LITHIUM_FORECAST_QUIET=1`` asked for silence.
``$LITHIUM_FORECAST_PROGRESS=1`` forces bars on (e.g. in a notebook, where stderr is not a
terminal but tqdm still draws). Bars never touch stdout, so piped CSV output stays clean.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
QUIET_ENV = "LITHIUM_FORECAST_QUIET"
FORCE_ENV = "LITHIUM_FORECAST_PROGRESS"


def _truthy(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def enabled() -> bool:
    """Whether :func:`progress` draws a bar right now (see the module docstring)."""
    if _truthy(QUIET_ENV):
        return False
    if _truthy(FORCE_ENV):
        return True
    if _truthy("CI"):
        return False
    return bool(getattr(sys.stderr, "isatty", lambda: False)())


def set_quiet(quiet: bool = True) -> None:
    """Turn bars off (or back on) for this process and the workers it starts."""
    if quiet:
        os.environ[QUIET_ENV] = "1"
    else:
        os.environ.pop(QUIET_ENV, None)


def progress(
    items: Iterable[T], desc: str = "", total: int | None = None, unit: str = "it"
) -> Iterator[T]:
    """``items`` unchanged, with a tqdm bar on stderr when :func:`enabled`."""
    if not enabled():
        yield from items
        return
    from tqdm.auto import tqdm

    yield from tqdm(items, desc=desc, total=total, unit=unit, file=sys.stderr, leave=False)
