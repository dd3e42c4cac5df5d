"""Run the report notebooks: jupytext ``.py`` source -> ``.ipynb`` -> papermill in a fresh kernel.

Each notebook is converted in the staging folder, its parameters cell (tagged ``parameters`` by
the jupytext ``# %% tags=["parameters"]`` marker) is overwritten by papermill, and the executed
copy is saved next to the report. A failing cell raises :class:`ReportError` naming the notebook,
the cell number, the cell's source and the error, so the CLI can print them and stop.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forecasting.errors import ReportError

KERNEL_NAME = "python3"
#: Command-line options for each kernel: its own log (the "running over TCP without encryption"
#: warning, "KeyboardInterrupt caught in kernel" when nbclient interrupts an idle kernel at
#: shutdown) is not the user's business. Cell errors still reach the notebook and the
#: :class:`ReportError`; Python tracebacks the kernel process writes to stderr are untouched.
#: ``--matplotlib=inline``: the kernel draws figures inline whatever the caller's environment.
#: ipykernel only picks the inline backend when ``MPLBACKEND`` is unset, so an ``MPLBACKEND=Agg``
#: exported by CI or a shell profile would otherwise reach the kernel and every figure would
#: silently vanish from the report.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=CRITICAL", "--matplotlib=inline")
#: Seconds one cell may run before the notebook is declared failed.
CELL_TIMEOUT_S = 600


@dataclass(frozen=True)
class NotebookRun:
    """One executed notebook: its name, the executed ``.ipynb`` path and wall time in seconds."""

    name: str
    path: Path
    seconds: float


#: Prefix of exploration notebooks (``00_quickstart.py``): executed in the tests, not the report.
EXPLORATION_PREFIX = "00_"


def list_notebooks(notebook_dir: Path) -> list[Path]:
    """The report notebooks (``notebooks/[0-9][0-9]_*.py`` except ``00_*``) in reading order."""
    found = sorted(
        p
        for p in Path(notebook_dir).glob("[0-9][0-9]_*.py")
        if not p.name.startswith(EXPLORATION_PREFIX)
    )
    if not found:
        raise ReportError(f"no notebooks (NN_name.py) found in {notebook_dir}")
    return found


def convert_notebook(source: Path, dest: Path) -> Path:
    """Convert a jupytext percent-format ``.py`` file to an ``.ipynb`` at ``dest``."""
    import jupytext

    try:
        nb = jupytext.read(source)
    except Exception as exc:  # jupytext raises assorted parser errors
        raise ReportError(f"cannot read notebook {source}: {exc}") from exc
    nb.metadata["kernelspec"] = {
        "name": KERNEL_NAME,
        "display_name": "Python 3",
        "language": "python",
    }
    jupytext.write(nb, dest, fmt="ipynb")
    return dest


def _failure_message(name: str, output_nb: Path, exc: Exception) -> str:
    """Readable failure: notebook, cell number and source, error name and value."""
    import nbformat

    cell_src, cell_no = "(cell source unavailable)", "?"
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    try:
        nb = nbformat.read(output_nb, as_version=4)
        code_cells = [c for c in nb.cells if c.cell_type == "code"]
        for i, cell in enumerate(code_cells, start=1):
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                cell_src, cell_no = cell.source, str(i)
                break
    except Exception:  # noqa: BLE001 - the message is best effort; the error itself is raised
        pass
    return (
        f"notebook {name} failed in code cell {cell_no}:\n"
        f"--- cell source ---\n{cell_src}\n--- error ---\n{ename}: {evalue}"
    )


def execute_notebook(
    source: Path, workdir: Path, out_dir: Path, parameters: Mapping[str, Any], cwd: Path
) -> NotebookRun:
    """Convert ``source`` into ``workdir``, execute it with papermill, save it in ``out_dir``."""
    import papermill as pm

    name = source.stem
    ipynb = convert_notebook(source, workdir / f"{name}.ipynb")
    executed = out_dir / f"{name}.ipynb"
    start = time.perf_counter()
    try:
        pm.execute_notebook(
            str(ipynb),
            str(executed),
            parameters=dict(parameters),
            kernel_name=KERNEL_NAME,
            # The kernel starts in ``cwd`` via nbclient's resources; papermill's own ``cwd=``
            # would os.chdir the whole process, which is unsafe with notebooks in threads.
            resources={"metadata": {"path": str(Path(cwd).resolve())}},
            progress_bar=False,
            execution_timeout=CELL_TIMEOUT_S,
            request_save_on_cell_execute=False,
            extra_arguments=list(KERNEL_ARGUMENTS),
        )
    except Exception as exc:
        raise ReportError(_failure_message(name, executed, exc)) from exc
    return NotebookRun(name=name, path=executed, seconds=time.perf_counter() - start)


def execute_all(
    sources: Sequence[Path],
    workdir: Path,
    out_dir: Path,
    parameters: Mapping[str, Any],
    cwd: Path,
    progress: Callable[[str], None] = print,
    n_jobs: int = 2,
) -> list[NotebookRun]:
    """Execute every notebook (``n_jobs`` kernels at once, at most 2); stop at the first failure.

    Results come back in the order of ``sources``. Each notebook gets its own fresh kernel.
    """
    workers = max(1, min(int(n_jobs), 2))

    def run(src: Path) -> NotebookRun:
        progress(f"  running notebook {src.name} ...")
        result = execute_notebook(src, workdir, out_dir, parameters, cwd)
        progress(f"  done    notebook {src.name} ({result.seconds:.1f} s)")
        return result

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run, src) for src in sources]
        results: list[NotebookRun] = []
        for fut in futures:
            try:
                results.append(fut.result())
            except ReportError:
                for other in futures:
                    other.cancel()
                raise
    return results
