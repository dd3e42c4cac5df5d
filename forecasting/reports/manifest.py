"""Run manifest of a report folder: commit, input hashes, versions, seed, parameters, timings.

Versions: ``packages`` (the key libraries), ``distributions`` (every installed distribution)
and ``requirements_lock_sha256`` (the hash of the pinned lock file the environment follows).

``manifest.json`` lets a reader prove two reports came from the same inputs: it holds the sha256 of
every dataset file and scenario file read, and of the CSV outputs (``forecasts.csv``,
``target_probabilities.csv``), which are byte-identical for the same inputs and seed.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

KEY_PACKAGES = (
    "lithium-forecast",
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "prophet",
    "matplotlib",
    "seaborn",
    "SALib",
    "papermill",
    "jupytext",
    "nbconvert",
    "pyyaml",
)
CHUNK_BYTES = 1 << 16


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def hash_files(paths: Iterable[Path], root: Path) -> dict[str, str]:
    """``{path relative to root: sha256}`` for every file, sorted by path."""
    out = {}
    for p in sorted(Path(x) for x in paths):
        try:
            key = p.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            key = p.as_posix()
        out[key] = sha256_file(p)
    return dict(sorted(out.items()))


def tree_digest(root: Path, pattern: str = "**/*.py") -> str:
    """One sha256 over the names and bytes of every file matching ``pattern`` under ``root``."""
    digest = hashlib.sha256()
    for p in sorted(Path(root).glob(pattern)):
        if "__pycache__" in p.parts or not p.is_file():
            continue
        digest.update(p.relative_to(root).as_posix().encode())
        digest.update(p.read_bytes())
    return digest.hexdigest()


def git_state(repo: Path) -> dict[str, Any]:
    """``{"commit": sha or None, "dirty": bool or None}`` for the working tree at ``repo``."""

    def run(*args: str) -> str | None:
        try:
            proc = subprocess.run(
                ["git", *args], cwd=repo, capture_output=True, text=True, timeout=20
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return proc.stdout.strip() if proc.returncode == 0 else None

    commit = run("rev-parse", "HEAD")
    status = run("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": None if status is None else bool(status)}


def package_versions(names: Iterable[str] = KEY_PACKAGES) -> dict[str, str | None]:
    """Installed version of each key package (None when not installed)."""
    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def installed_distributions() -> dict[str, str]:
    """``{distribution name (lower case): version}`` of every installed distribution, sorted
    (``importlib.metadata``), so the manifest names the exact environment that built a report."""
    out: dict[str, str] = {}
    for dist in metadata.distributions():
        name = dist.metadata.get("Name")
        if name:
            out.setdefault(str(name).lower(), str(dist.version))
    return dict(sorted(out.items()))


#: The pinned dependency list at the repository root (absent in an installed wheel).
LOCK_FILE = "requirements.lock"


def lock_digest(repo: Path) -> str | None:
    """sha256 of ``repo/requirements.lock``, or None when the file is not there."""
    path = Path(repo) / LOCK_FILE
    return sha256_file(path) if path.is_file() else None


def build_manifest(
    *,
    repo: Path,
    parameters: Mapping[str, Any],
    data_files: Iterable[Path],
    scenario_files: Iterable[Path],
    outputs: Iterable[Path],
    timings_s: Mapping[str, float],
    notes: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest as a plain dict (see the module docstring for what it holds)."""
    return {
        "parameters": dict(parameters),
        "seed": parameters.get("seed"),
        "git": git_state(repo),
        "python": platform.python_version(),
        "packages": package_versions(),
        "distributions": installed_distributions(),
        "requirements_lock_sha256": lock_digest(repo),
        "data_files_sha256": hash_files(data_files, repo),
        "scenario_files_sha256": hash_files(scenario_files, repo),
        "outputs_sha256": {Path(p).name: sha256_file(Path(p)) for p in sorted(outputs)},
        "timings_s": {k: round(float(v), 3) for k, v in timings_s.items()},
        "notes": dict(notes or {}),
    }


def write_manifest(manifest: Mapping[str, Any], path: Path) -> Path:
    """Write the manifest as indented, key-sorted JSON."""
    Path(path).write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n")
    return Path(path)


def read_manifest(folder: Path) -> dict[str, Any]:
    """Read ``folder/manifest.json``."""
    from forecasting.errors import ReportError

    path = Path(folder) / "manifest.json"
    try:
        return json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise ReportError(f"{path} is missing: {folder} is not a published report folder") from exc
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path} is not valid JSON (line {exc.lineno}): {exc.msg}") from exc
