"""Run the report notebooks: jupytext ``.py`` source -> ``.ipynb`` -> parameters -> a kernel.

Each notebook is converted in the staging folder, papermill injects the parameters after its
parameters cell (tagged ``parameters`` by the jupytext ``# %% tags=["parameters"]`` marker), and
the executed copy is saved next to the report. The report runs its notebooks in at most two
kernels, each running its share in turn with an empty namespace before each notebook
(:func:`execute_all`); :func:`execute_notebook` runs one notebook in a kernel of its own
(papermill). A failing cell raises :class:`ReportError` naming the notebook, the cell number,
the cell's source and the error, so the CLI can print them and stop.
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
    for i, cell in enumerate(nb.cells):  # fixed ids (jupytext draws random ones): byte-stable
        cell["id"] = f"cell-{i:03d}"
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


def _lanes(sources: Sequence[Path], n_lanes: int) -> list[list[Path]]:
    """Notebooks dealt round-robin to ``n_lanes`` kernels (reading order kept within a lane)."""
    return [list(sources[i::n_lanes]) for i in range(n_lanes) if sources[i::n_lanes]]


#: Run in a lane's kernel before each further notebook: an empty namespace and no open
#: figures, as in a fresh kernel (imported modules stay loaded: that is the time saved).
RESET_SOURCE = "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt\n"


def _run_in_kernel(km, source: Path, workdir: Path, out_dir: Path, parameters, cwd) -> NotebookRun:
    """Convert, parameterise (papermill's injected-parameters cell) and execute one notebook
    in the running kernel ``km``; the executed copy is saved even when a cell fails."""
    import nbformat
    from nbclient import NotebookClient
    from papermill.parameterize import parameterize_notebook

    name = source.stem
    nb = nbformat.read(convert_notebook(source, workdir / f"{name}.ipynb"), as_version=4)
    nb.metadata["papermill"] = {}  # what papermill's own runner sets up before parameterising
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
    nb = parameterize_notebook(nb, dict(parameters), kernel_name=KERNEL_NAME, language="python")
    for i, cell in enumerate(nb.cells):  # papermill's injected cell gets a random id too
        cell["id"] = f"cell-{i:03d}"
    nb.cells.insert(0, nbformat.v4.new_code_cell(RESET_SOURCE, metadata={"tags": ["reset"]}))
    executed = out_dir / f"{name}.ipynb"
    client = NotebookClient(
        nb, km=km, timeout=CELL_TIMEOUT_S, kernel_name=KERNEL_NAME, record_timing=False,
        resources={"metadata": {"path": str(Path(cwd).resolve())}},
    )  # fmt: skip
    start = time.perf_counter()
    try:
        client.execute()
    except Exception as exc:
        nb.cells.pop(0)
        nbformat.write(nb, executed)
        raise ReportError(_failure_message(name, executed, exc)) from exc
    nb.cells.pop(0)  # the reset cell is the runner's, not the notebook's
    nbformat.write(nb, executed)
    return NotebookRun(name=name, path=executed, seconds=time.perf_counter() - start)


def _run_lane(lane, workdir, out_dir, parameters, cwd, progress) -> list[NotebookRun]:
    """One kernel, started in ``cwd``, runs the lane's notebooks one after the other."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel(extra_arguments=list(KERNEL_ARGUMENTS), cwd=str(Path(cwd).resolve()))
    try:
        runs = []
        for src in lane:
            progress(f"  running notebook {src.name} ...")
            runs.append(_run_in_kernel(km, src, workdir, out_dir, parameters, cwd))
            progress(f"  done    notebook {src.name} ({runs[-1].seconds:.1f} s)")
        return runs
    finally:
        km.shutdown_kernel(now=True)


def execute_all(
    sources: Sequence[Path],
    workdir: Path,
    out_dir: Path,
    parameters: Mapping[str, Any],
    cwd: Path,
    progress: Callable[[str], None] = print,
    n_jobs: int = 2,
) -> list[NotebookRun]:
    """Execute every notebook; stop at the first failure. Results in the order of ``sources``.

    ``n_jobs`` kernels (at most 2) run at once; each runs its share of the notebooks in turn,
    with an empty namespace and no figures before each one (``%reset -f``), so a notebook sees
    nothing of the one before but the kernel start and the imports are paid once per kernel
    (they were two thirds of the report's notebook time).
    """
    lanes = _lanes(list(sources), max(1, min(int(n_jobs), 2)))
    with ThreadPoolExecutor(max_workers=len(lanes)) as pool:
        futures = [
            pool.submit(_run_lane, lane, workdir, out_dir, parameters, cwd, progress)
            for lane in lanes
        ]
        done: dict[Path, NotebookRun] = {}
        for fut in futures:
            try:
                done.update({run.path: run for run in fut.result()})
            except ReportError:
                for other in futures:
                    other.cancel()
                raise
    by_name = {run.name: run for run in done.values()}
    return [by_name[src.stem] for src in sources]
