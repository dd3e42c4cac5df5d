"""Speed goals of the domain model (2-core machine).

1. 10,000 Monte Carlo draws of the full supply + demand + value + balance model to 2035: < 1 s.
2. Sobol analysis, N = 1024, over the 10 default supply parameters (12,288 model evaluations of
   ``n_inner`` common-random-number paths each) with targets as outputs: < 10 s.
3. The same with the four levers among the inputs (17 parameters, 19,456 evaluations): < 10 s.

Run: ``.venv/bin/python benchmarks/domain_speed.py [--n-jobs 1 2] [--n-inner 16]``.
Inputs (datasets) are read once before timing; the timings are wall-clock seconds.
"""

from __future__ import annotations

import argparse
import statistics
import time

from forecasting import sensitivity as sa
from forecasting.data import load_targets
from forecasting.domain import build_inputs_from_datasets, run_scenario
from forecasting.scenarios import load_scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--n-inner", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    inputs = build_inputs_from_datasets()
    targets = load_targets()
    scen = load_scenario("base")

    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        res = run_scenario(scen, n_paths=10_000, seed=0, end_year=2035, inputs=inputs)
        times.append(time.perf_counter() - t0)
    n_series = len(res.paths)
    print(
        f"monte_carlo_10k: median {statistics.median(times):.3f} s, min {min(times):.3f} s "
        f"over {args.repeats} runs ({n_series} series x {res.years.size} years, goal < 1 s)"
    )

    sets = {"supply": sa.SUPPLY_PARAMS, "supply+levers": sa.supply_and_lever_bounds(scen)}
    for (label, params), n_jobs in ((s, j) for s in sets.items() for j in args.n_jobs):
        t0 = time.perf_counter()
        frame = sa.sobol(
            scen,
            params,
            inputs=inputs,
            n=1024,
            n_inner=args.n_inner,
            seed=0,
            targets=targets,
            n_jobs=n_jobs,
        )
        elapsed = time.perf_counter() - t0
        n_eval = 1024 * (len(params) + 2)
        print(
            f"sobol_n1024 [{label}]: {elapsed:.2f} s for {len(params)} parameters, {n_eval} "
            f"evaluations x {args.n_inner} paths, {frame['output'].nunique()} outputs, "
            f"n_jobs={n_jobs} (goal < 10 s; n_jobs > 1 pays process start-up)"
        )


if __name__ == "__main__":
    main()
