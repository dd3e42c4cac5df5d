"""Every notebook in notebooks/ is thin, parameterised, offline, and executes on the bundled data.

Execution happens in the session's report build (a failing notebook fails that build); here each
executed copy is checked for errors and outputs.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from test_report_build import shared_report

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("[0-9][0-9]_*.py"))
PARAMETERS = ("quarter", "scenario", "as_of", "seed", "run_dir")


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_source_is_thin_and_offline(source: Path) -> None:
    text = source.read_text()
    assert '# %% tags=["parameters"]' in text
    params = text.split('# %% tags=["parameters"]', 1)[1].split("# %%", 1)[0]
    for name in PARAMETERS:
        assert re.search(rf"^{name} = ", params, re.M), f"{source.name}: parameter {name} missing"
    assert "!pip" not in text and "%pip" not in text
    assert not re.search(r"https?://", text), f"{source.name} reads a live URL"
    assert not re.search(r"^\s*(def|class) ", text, re.M), f"{source.name} defines code"


@pytest.mark.slow
@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executed_without_errors(source: Path, tmp_path_factory) -> None:
    report = shared_report(tmp_path_factory)
    nb = nbformat.read(report / f"{source.stem}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    outputs = [o for c in code for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any(o.get("output_type") in ("display_data", "execute_result") for o in outputs)
    injected = [c for c in code if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "2026Q4" in injected[0].source
