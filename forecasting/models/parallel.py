"""Run per-series jobs serially, on joblib processes, or on a Dask distributed cluster.

Series are split into contiguous chunks; results come back in input order whatever the backend,
and every job seeds itself from its own ``unique_id``, so all three give identical output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from forecasting.errors import ModelError

#: Chunks per worker: enough to balance uneven series, few enough to keep overhead small.
CHUNKS_PER_WORKER = 4


def _chunks(items: list, n_chunks: int) -> list[list]:
    n_chunks = max(1, min(n_chunks, len(items)))
    size, extra = divmod(len(items), n_chunks)
    out, start = [], 0
    for i in range(n_chunks):
        stop = start + size + (1 if i < extra else 0)
        out.append(items[start:stop])
        start = stop
    return out


def run_tasks(
    fn: Callable[..., list],
    items: list,
    kwargs: dict[str, Any],
    n_jobs: int = 1,
    dask_address: str | None = None,
) -> list:
    """``fn(chunk, **kwargs)`` over chunks of ``items``; the concatenated results in order."""
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise ModelError(f"n_jobs must be a positive integer or -1; got {n_jobs!r}")
    if dask_address is not None:
        return _run_dask(fn, items, kwargs, dask_address)
    if n_jobs == 1 or len(items) == 1:
        return fn(items, **kwargs)
    from joblib import Parallel, cpu_count, delayed

    workers = cpu_count() if n_jobs == -1 else n_jobs
    chunks = _chunks(items, workers * CHUNKS_PER_WORKER)
    parts = Parallel(n_jobs=workers, backend="loky")(delayed(fn)(c, **kwargs) for c in chunks)
    return [r for part in parts for r in part]


def _run_dask(fn: Callable[..., list], items: list, kwargs: dict[str, Any], address: str) -> list:
    from distributed import Client

    try:
        client = Client(address, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ModelError(f"cannot connect to the Dask scheduler at {address!r}: {exc}") from exc
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        chunks = _chunks(items, n_workers * CHUNKS_PER_WORKER)
        futures = client.map(fn, chunks, **kwargs, pure=False)
        parts = client.gather(futures)
    finally:
        client.close()
    return [r for part in parts for r in part]
