"""Run every speed and accuracy harness in this folder, one after the other (``make benchmark``).

Each harness prints its own table; this script only runs them in sequence and reports the wall
time of each. The tourism data are read from ``../shared/benchmarks/tourism`` (override with
``TOURISM_DATA``); they are never copied into the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOURISM = os.environ.get("TOURISM_DATA", str(HERE.parent.parent / "shared/benchmarks/tourism"))

HARNESSES = [
    ["domain_speed.py"],
    ["tourism.py", "--data", TOURISM, "--freq", "all", "--n-jobs", "2"],
    ["report_speed.py"],
]


def main() -> int:
    """Run each harness; return non-zero if any of them failed."""
    failed = []
    for script, *args in HARNESSES:
        print(f"\n=== {script} {' '.join(args)}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / script), *args], cwd=HERE.parent)
        print(f"=== {script}: exit {code}, {time.perf_counter() - start:.1f} s wall", flush=True)
        if code:
            failed.append(script)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
