"""Session fixtures shared by the test modules.

* ``bundled_inputs``: the domain inputs built once from the bundled ``datasets/`` (today's
  vintage). :class:`~forecasting.domain.inputs.DomainInputs` is read-only, so sharing is safe.
* ``base_scenario``: the bundled ``base.yaml``, loaded once.

Tiny hand-checkable domain tables live in ``tiny_domain.py`` (a module, not fixtures, because
tests build parameter tables from them at import time).
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def bundled_inputs():
    from forecasting.domain.inputs import build_inputs_from_datasets

    return build_inputs_from_datasets()


@pytest.fixture(scope="session")
def base_scenario():
    from forecasting.scenarios import load_scenario

    return load_scenario("base")
