"""Tourism competition accuracy harness (a benchmark, not a test).

Usage (from the repository root)::

    .venv/bin/python benchmarks/tourism.py --data ../shared/benchmarks/tourism --freq yearly
    lithium-forecast benchmark tourism --data ../shared/benchmarks/tourism --n-jobs 2

The reusable code lives in :mod:`forecasting.models.benchmark`; this file only runs it.
"""

from __future__ import annotations

import sys

from forecasting.cli import main

if __name__ == "__main__":
    sys.exit(main(["benchmark", "tourism", *sys.argv[1:]]))
