"""Measure the pooled calibration prior of "auto" on a benchmark's TRAINING data (not a test).

For every series of one tourism or M1 frequency, "auto" runs its usual rolling-origin backtest on
the
training part only (the test years are never read) and the standardised errors
``z = (y - yhat) / sd`` of the chosen model are pooled by step ahead. Printed per step: the
number of errors, their root mean square and the quantile ratios ``q80(|z|) / 1.2816`` and
``q95(|z|) / 1.96`` (1 = the model's own spread is right). These pooled numbers are the prior
tables ``PRIORS["tourism"]`` and ``PRIORS["m1"]`` in :mod:`forecasting.models.calibration`.

    .venv/bin/python benchmarks/engine_calibration_prior.py --data ../shared/benchmarks/tourism \
        --freq yearly
    .venv/bin/python benchmarks/engine_calibration_prior.py --benchmark m1 \
        --data ../shared/benchmarks/m1 --freq quarterly
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np

from forecasting.models import auto as auto_mod
from forecasting.models.benchmark import PROTOCOLS, load_benchmark
from forecasting.models.calibration import standardised_errors
from forecasting.models.frames import validate_frame


def pooled_errors(
    folder: str, kind: str, limit: int | None, benchmark: str = "tourism"
) -> list[np.ndarray]:
    """Standardised backtest errors of "auto" on the training series, pooled by step."""
    freq, h, _ = PROTOCOLS[benchmark][kind]
    train, _ = load_benchmark(benchmark, folder, kind)
    series, freq = validate_frame(train, freq)
    pooled: list[list[float]] = [[] for _ in range(h)]
    original = auto_mod.calibration_factors

    def record(windows, horizon, *args, **kwargs):
        for k, z in enumerate(standardised_errors(windows, horizon)):
            pooled[k].extend(z.tolist())
        return original(windows, horizon, *args, **kwargs)

    auto_mod.calibration_factors = record
    try:
        for s in series[:limit]:
            auto_mod.AutoSelect().fit(s.y, freq).point(h)
    finally:
        auto_mod.calibration_factors = original
    return [np.asarray(z) for z in pooled]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmark", choices=sorted(PROTOCOLS), default="tourism")
    parser.add_argument("--data", required=True)
    parser.add_argument("--freq", choices=["yearly", "quarterly", "monthly"], default="yearly")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pooled = pooled_errors(args.data, args.freq, args.limit, args.benchmark)
    print(f"{args.benchmark} {args.freq}: step, n, rms, q80/1.2816, q95/1.96")
    for k, z in enumerate(pooled, start=1):
        a = np.abs(z)
        rms = np.sqrt(np.mean(z**2))
        q80, q95 = np.quantile(a, 0.8) / 1.2816, np.quantile(a, 0.95) / 1.96
        print(f"{k:3d} {z.size:6d} {rms:7.3f} {q80:7.3f} {q95:7.3f}")


if __name__ == "__main__":
    main()
