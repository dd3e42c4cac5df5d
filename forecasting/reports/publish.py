"""Published report folders: quarters, staging, atomic publication, supersession, vintages.

A report is built in a hidden staging folder next to its destination
(``<out>/.2026Q4.partial-<pid>``) and moved into place by one ``os.rename`` only when every step
succeeded; on failure the staging folder is deleted, so no half-written report is ever visible.
A published quarter is never modified: building it again is refused unless ``force=True``, which
first renames the old folder to ``<out>/2026Q4.superseded-<UTC timestamp>`` (kept, not deleted).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from forecasting.errors import ReportError

QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")


def parse_quarter(quarter: str) -> tuple[int, int]:
    """``"2026Q4"`` -> ``(2026, 4)``; anything else raises :class:`ReportError`."""
    match = QUARTER_RE.match(str(quarter).strip())
    if not match:
        raise ReportError(f"--quarter must look like 2026Q4 (year, 'Q', 1-4); got {quarter!r}")
    return int(match.group(1)), int(match.group(2))


def quarter_end(quarter: str) -> dt.date:
    """Last calendar day of the quarter (the default data cut-off ``as_of``)."""
    year, q = parse_quarter(quarter)
    return (pd.Timestamp(year=year, month=3 * q, day=1) + pd.offsets.MonthEnd(0)).date()


def previous_quarter(quarter: str) -> str:
    """``"2026Q1"`` -> ``"2025Q4"``."""
    year, q = parse_quarter(quarter)
    return f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"


def parse_as_of(value: str | None, quarter: str) -> dt.date:
    """``--as-of`` as a date (ISO ``YYYY-MM-DD``); default: the quarter's last day."""
    end = quarter_end(quarter)
    if value is None:
        return end
    try:
        as_of = dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ReportError(f"--as-of must be a date like 2026-12-31; got {value!r}") from exc
    if as_of > end:
        raise ReportError(
            f"--as-of {as_of} is after the end of {quarter} ({end}); a quarter's report cannot "
            "use data from later quarters"
        )
    return as_of


def published_quarters(out_root: Path) -> list[str]:
    """Quarters with a published folder (``NNNNQn`` holding a manifest.json), oldest first."""
    root = Path(out_root)
    if not root.is_dir():
        return []
    found = [
        p.name
        for p in root.iterdir()
        if p.is_dir() and QUARTER_RE.match(p.name) and (p / "manifest.json").is_file()
    ]
    return sorted(found, key=parse_quarter)


def previous_vintage(out_root: Path, quarter: str) -> Path | None:
    """The latest published folder strictly before ``quarter``, or None."""
    current = parse_quarter(quarter)
    earlier = [q for q in published_quarters(out_root) if parse_quarter(q) < current]
    return Path(out_root) / earlier[-1] if earlier else None


def _utc_stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def supersede(folder: Path) -> Path:
    """Rename a published folder to ``<name>.superseded-<UTC timestamp>``; return the new path."""
    target = folder.with_name(f"{folder.name}.superseded-{_utc_stamp()}")
    n = 1
    while target.exists():
        target = folder.with_name(f"{folder.name}.superseded-{_utc_stamp()}-{n}")
        n += 1
    os.rename(folder, target)
    return target


#: Permission bits of a published file: read-only for everyone (the folder itself stays
#: renameable so that ``--force`` can set it aside).
READ_ONLY = 0o444


def make_read_only(folder: Path) -> None:
    """Mark every file under ``folder`` read-only (published reports are never modified)."""
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            path.chmod(READ_ONLY)


def check_destination(dest: Path, force: bool) -> None:
    """Refuse to build over a published quarter unless ``force`` (checked before any work)."""
    if dest.exists() and not force:
        raise ReportError(
            f"{dest} is already published and is never overwritten; "
            "use --force to build it again (the old folder is kept as "
            f"{dest.name}.superseded-<timestamp>)"
        )


PARTIAL_RE = re.compile(r"^\.(\d{4}Q[1-4])\.partial-(\d+)$")


def pid_alive(pid: int) -> bool:
    """True when a process ``pid`` exists on this machine (signal 0 probes without killing)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def remove_stale_partials(out_root: Path) -> list[Path]:
    """Delete ``.<QUARTER>.partial-<PID>`` staging folders under ``out_root`` whose build process
    is gone (a crashed or ``kill -9``-ed build); return the removed paths.

    Only hidden folders matching that exact name are touched: a published quarter, a
    ``.superseded-`` folder or a staging folder of a build still running is never removed.
    """
    root = Path(out_root)
    if not root.is_dir():
        return []
    removed = []
    for path in sorted(root.iterdir()):
        match = PARTIAL_RE.match(path.name)
        if not match or not path.is_dir() or path.is_symlink():
            continue
        if int(match.group(2)) == os.getpid() or pid_alive(int(match.group(2))):
            continue
        for sub in path.rglob("*"):  # published-style read-only files would block rmtree
            if sub.is_file():
                sub.chmod(0o644)
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


@contextmanager
def staging(dest: Path, force: bool) -> Iterator[Path]:
    """Yield a hidden staging folder; on success move it to ``dest`` atomically, else delete it.

    With ``force`` an existing ``dest`` is first renamed aside by :func:`supersede`.
    """
    dest = Path(dest)
    check_destination(dest, force)
    dest.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(dest.parent)
    stage = dest.parent / f".{dest.name}.partial-{os.getpid()}"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir()
    try:
        yield stage
        if dest.exists():
            supersede(dest)
        make_read_only(stage)
        os.rename(stage, dest)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
