"""Time a cold and a warm full report build (all notebooks, HTML and PDF).

    .venv/bin/python benchmarks/report_speed.py [--quarter 2026Q4]

Cold: empty compute cache. Warm: the same inputs again (cache hit; notebooks, HTML and PDF are
still rebuilt). Targets from the issue: cold < 90 s, warm < 30 s. Builds go to a temp folder.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarter", default="2026Q4")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lf-bench-") as tmp:
        os.environ["LITHIUM_FORECAST_CACHE"] = str(Path(tmp) / "cache")
        from forecasting.reports.build import build_report

        times = {}
        for label, force in (("cold", False), ("warm", True)):
            start = time.perf_counter()
            build_report(
                args.quarter, out_root=Path(tmp) / "reports", force=force, progress=lambda _m: None
            )
            times[label] = time.perf_counter() - start
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")
    for label, seconds in times.items():
        print(f"{label:5s} full report: {seconds:6.1f} s")


if __name__ == "__main__":
    main()
