"""Reuse a report's executed notebooks when nothing they depend on has changed.

A warm report build (same quarter, parameters, data, scenarios, code and notebooks) used to run
every notebook again and spend most of its time there (12.9 s of 17.5 s). The executed notebooks
and the figures they save depend only on:

* the notebook sources (every file in the notebook folder),
* the run parameters the notebooks receive,
* every file in the staging folder before the notebooks run (the computed tables, the workbook,
  the scenario copies: everything a notebook can read from ``run_dir``),
* the bytes of the dataset files read (a notebook may read ``datasets/`` itself),
* the package source (``forecasting/**/*.py``), the Python version, the installed versions of
  the libraries that draw and compute (:data:`forecasting.reports.manifest.KEY_PACKAGES`) and
  the kernel options.

:func:`notebook_key` hashes all of them; :func:`store` saves every file the notebooks created or
changed in the staging folder under that key, and :func:`restore` copies them back byte for byte.
So a reused report is byte-identical to the build that executed the notebooks, and any change to
an input executes them again. Entries live in the report cache (``$LITHIUM_FORECAST_CACHE``).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from forecasting.reports.cache import PACKAGE_ROOT, cache_root
from forecasting.reports.execute import KERNEL_ARGUMENTS, NotebookRun
from forecasting.reports.manifest import package_versions, sha256_file, tree_digest

#: Bumped when the entry layout changes (old entries are then simply not found).
LAYOUT_VERSION = "1"
#: Staging sub-folder of scratch files (the converted .ipynb); never part of the key or entry.
SCRATCH = ".work"


def snapshot(stage: Path) -> dict[str, str]:
    """``{relative path: sha256}`` of every file under ``stage`` except :data:`SCRATCH`."""
    out = {}
    for path in sorted(Path(stage).rglob("*")):
        rel = path.relative_to(stage)
        if path.is_file() and rel.parts[0] != SCRATCH:
            out[rel.as_posix()] = sha256_file(path)
    return out


def notebook_key(
    sources: Sequence[Path],
    parameters: Mapping[str, Any],
    stage: Path,
    data_files: Iterable[Path],
) -> str:
    """sha256 over everything the executed notebooks depend on (see the module docstring)."""
    digest = hashlib.sha256(f"nbcache {LAYOUT_VERSION}\n".encode())
    folders = sorted({Path(s).resolve().parent for s in sources})
    notebook_files = sorted({p for f in folders for p in f.iterdir() if p.is_file()})
    notebook_files += [
        Path(s).resolve() for s in sources if Path(s).resolve() not in notebook_files
    ]
    parts = {
        "notebooks": [[p.name, sha256_file(p)] for p in notebook_files],
        "order": [Path(s).name for s in sources],
        "parameters": dict(parameters),
        "stage": snapshot(stage),
        "data": sorted([Path(p).name, sha256_file(Path(p))] for p in data_files),
        "package": tree_digest(PACKAGE_ROOT),
        "python": platform.python_version(),
        "versions": package_versions(),
        "kernel": list(KERNEL_ARGUMENTS),
    }
    digest.update(json.dumps(parts, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _entry(key: str) -> Path:
    return cache_root() / "notebooks" / key


def restore(key: str, stage: Path) -> list[NotebookRun] | None:
    """Copy a stored entry's files into ``stage``; its runs (0 s each), or None on a miss."""
    entry = _entry(key)
    if not (entry / "runs.json").is_file():
        return None
    files = entry / "files"
    for path in sorted(files.rglob("*")):
        if path.is_file():
            target = stage / path.relative_to(files)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    names = json.loads((entry / "runs.json").read_text())["notebooks"]
    return [NotebookRun(name=n, path=stage / f"{n}.ipynb", seconds=0.0) for n in names]


def store(key: str, stage: Path, before: Mapping[str, str], runs: Sequence[NotebookRun]) -> Path:
    """Save the files the notebooks created or changed in ``stage`` (compared with ``before``,
    a :func:`snapshot` taken before they ran) as entry ``key``; atomic, last writer wins."""
    entry = _entry(key)
    tmp = entry.with_name(f"{entry.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "files").mkdir(parents=True)
    for rel, sha in snapshot(stage).items():
        if before.get(rel) != sha:
            target = tmp / "files" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(stage / rel, target)
    payload = {"notebooks": [r.name for r in runs], "seconds": [round(r.seconds, 3) for r in runs]}
    (tmp / "runs.json").write_text(json.dumps(payload, indent=1) + "\n")
    shutil.rmtree(entry, ignore_errors=True)
    try:
        os.replace(tmp, entry)
    except OSError:  # another build stored the same entry meanwhile: same content
        shutil.rmtree(tmp, ignore_errors=True)
    return entry
