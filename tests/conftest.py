"""Session fixtures shared by the test modules.

* ``bundled_inputs``: the domain inputs built once from the bundled ``datasets/`` (today's
  vintage). :class:`~forecasting.domain.inputs.DomainInputs` is read-only, so sharing is safe.
* ``base_scenario``: the bundled ``base.yaml``, loaded once.
* ``shared_report``: the 2026Q4 report built once per session (the report, notebook, export
  and browser test modules read the same folder).

Tiny hand-checkable domain tables live in ``tiny_domain.py`` (a module, not fixtures, because
tests build parameter tables from them at import time).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPORT_QUARTER = "2026Q4"


@pytest.fixture(scope="session")
def bundled_inputs():
    from forecasting.domain.inputs import build_inputs_from_datasets

    return build_inputs_from_datasets()


@pytest.fixture(scope="session")
def base_scenario():
    from forecasting.scenarios import load_scenario

    return load_scenario("base")


@pytest.fixture(scope="session")
def shared_report(tmp_path_factory) -> Path:
    """Build the 2026Q4 report once per test session; returns its published folder."""
    from forecasting.reports.build import build_report

    root = tmp_path_factory.getbasetemp() / "shared-reports"
    dest = root / REPORT_QUARTER
    if not (dest / "manifest.json").is_file():
        os.environ.setdefault("LITHIUM_FORECAST_CACHE", str(root.parent / "report-cache"))
        build_report(REPORT_QUARTER, out_root=root, progress=lambda _m: None)
    return dest
