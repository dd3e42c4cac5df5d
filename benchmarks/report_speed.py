"""Time a cold and a warm full report build (all notebooks, workbook, figures, HTML and PDF).

    .venv/bin/python benchmarks/report_speed.py [--quarter 2026Q4]

Cold: empty compute cache (and an empty engine cache). Warm: the same inputs again: the tables
come from the compute cache and, since notebooks, parameters, tables, data and code hash the
same, the executed notebooks and their figures from the notebook cache
(forecasting/reports/nbcache.py), byte for byte; workbook, HTML and PDF are still rebuilt.
Don't edit forecasting/** while it runs: the caches key on the package source. Goals from
issue 10: cold <= 60 s, warm <= 15 s. Builds go to a temp folder; the load average before and
after is printed because the machine is shared (2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

GOALS_S = {"cold": 60.0, "warm": 15.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarter", default="2026Q4")
    args = parser.parse_args()
    print(f"load average before (1, 5, 15 min): {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="lf-bench-") as tmp:
        os.environ["LITHIUM_FORECAST_CACHE"] = str(Path(tmp) / "cache")
        from forecasting.reports.build import build_report

        times, steps = {}, {}
        for label, force in (("cold", False), ("warm", True)):
            start = time.perf_counter()
            dest = build_report(
                args.quarter, out_root=Path(tmp) / "reports", force=force, progress=lambda _m: None
            )
            times[label] = time.perf_counter() - start
            steps[label] = json.loads((dest / "manifest.json").read_text())["timings_s"]
    print(f"load average after (1, 5, 15 min): {os.getloadavg()}")
    for label, seconds in times.items():
        verdict = "ok" if seconds <= GOALS_S[label] else "over"
        print(f"{label:5s} full report: {seconds:6.1f} s (goal {GOALS_S[label]:.0f} s: {verdict})")
        for step, s in steps[label].items():
            if not step.startswith("notebook "):
                print(f"        {step:45s} {s:6.1f} s")


if __name__ == "__main__":
    main()
