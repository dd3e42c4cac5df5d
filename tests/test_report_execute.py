"""Notebook execution: a real kernel runs a tiny notebook; its own log stays off the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from forecasting.errors import ReportError
from forecasting.reports.execute import execute_all

GOOD = '# %% tags=["parameters"]\nrun_dir = "."\n\n# %%\nprint("rows_n", 3)\n'
BAD = '# %% tags=["parameters"]\nrun_dir = "."\n\n# %%\nshare_pct = 1 / 0\n'


def _run(tmp_path: Path, name: str, text: str, progress) -> None:
    src = tmp_path / name
    src.write_text(text)
    work, out = tmp_path / "work", tmp_path / "out"
    work.mkdir(exist_ok=True)
    out.mkdir(exist_ok=True)
    execute_all([src], work, out, {"run_dir": "."}, cwd=tmp_path, progress=progress, n_jobs=1)


def test_kernel_log_is_silenced_progress_kept(tmp_path, capfd) -> None:
    lines: list[str] = []
    _run(tmp_path, "01_ok.py", GOOD, lines.append)
    captured = capfd.readouterr()
    noise = captured.err + captured.out
    assert "IPKernelApp" not in noise and "without encryption" not in noise, noise
    assert "KeyboardInterrupt" not in noise, noise
    assert lines[0].startswith("  running notebook 01_ok.py") and "done" in lines[1]
    assert (tmp_path / "out" / "01_ok.ipynb").read_text().count("rows_n 3") == 1


def test_failing_cell_is_named_without_kernel_noise(tmp_path, capfd) -> None:
    with pytest.raises(ReportError) as exc:
        _run(tmp_path, "02_bad.py", BAD, lambda _m: None)
    msg = str(exc.value)
    assert "02_bad" in msg and "share_pct = 1 / 0" in msg and "ZeroDivisionError" in msg
    assert "IPKernelApp" not in capfd.readouterr().err


FIGURE = (
    '# %% tags=["parameters"]\nrun_dir = "."\n\n# %%\nimport matplotlib.pyplot as plt\n\n'
    "fig, ax = plt.subplots()\nax.plot([2020, 2025], [60_000, 170_000])\n"
)


def test_figures_survive_an_exported_agg_backend(tmp_path, monkeypatch) -> None:
    """MPLBACKEND=Agg in the caller's shell must not reach the kernel's figures."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    _run(tmp_path, "03_fig.py", FIGURE, lambda _m: None)
    import nbformat

    nb = nbformat.read(tmp_path / "out" / "03_fig.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    pngs = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pngs) == 1, outputs


def test_notebooks_sharing_a_kernel_see_nothing_of_each_other(tmp_path) -> None:
    """The report runs several notebooks per kernel: each starts with an empty namespace."""
    first = '# %% tags=["parameters"]\nrun_dir = "."\n\n# %%\nleftover_t = 170_000\n'
    second = (
        '# %% tags=["parameters"]\nrun_dir = "."\n\n# %%\n'
        'assert "leftover_t" not in dir(), "state leaked from the previous notebook"\n'
        'print("clean", run_dir)\n'
    )
    (tmp_path / "01_a.py").write_text(first)
    (tmp_path / "02_b.py").write_text(second)
    work, out = tmp_path / "work", tmp_path / "out"
    work.mkdir()
    out.mkdir()
    runs = execute_all(
        [tmp_path / "01_a.py", tmp_path / "02_b.py"],
        work,
        out,
        {"run_dir": "here"},
        cwd=tmp_path,
        progress=lambda _m: None,
        n_jobs=1,
    )
    assert [r.name for r in runs] == ["01_a", "02_b"]
    text = (out / "02_b.ipynb").read_text()
    assert "clean here" in text and "injected-parameters" in text and "%reset" not in text
