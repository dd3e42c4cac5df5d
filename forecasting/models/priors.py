"""The calibration prior tables (data only, no imports: the CLI lists their names without
loading the engine). Used by :mod:`forecasting.models.calibration`."""

from __future__ import annotations

#: Pooled prior factors ``c0_k`` by source, season length (1 yearly, 4 quarterly, 12 monthly)
#: and step k = 1, 2, ... (the last value repeats for longer horizons; other frequencies use the
#: monthly row): root mean square of the standardised backtest errors of "auto" pooled over
#: every series of one benchmark's TRAINING data (test periods never read), measured with
#: ``benchmarks/engine_calibration_prior.py --benchmark tourism|m1``. A series' own errors are
#: shrunk towards these instead of towards 1 (the models' own spreads are typically 2-4 times
#: too narrow), and a series with no backtest window gets them outright (see
#: :func:`prior_factors`). Two sources so a prior can be checked on the benchmark it was not
#: estimated on: ``"tourism"`` (the default) and ``"m1"``.
PRIORS: dict[str, dict[int, tuple[float, ...]]] = {
    "tourism": {
        1: (2.92, 3.24, 3.43, 3.89),
        4: (2.31, 2.27, 2.12, 2.11, 2.02, 2.07, 2.19, 2.19),
        12: (2.54, 2.41, 2.11, 2.31, 2.32, 1.98, 2.15, 2.33, 2.10, 2.21, 2.37, 2.11)
        + (2.00, 2.19, 2.00, 2.07, 2.32, 2.14, 2.19, 2.50, 2.43, 2.25, 2.63, 2.26),
    },
    # M1 training data (yearly 181 series, quarterly 203, monthly the first 120 of 617),
    # measured 2026-12-02 with the closed-form Theta/SES pool
    "m1": {
        1: (2.13, 2.32, 2.63, 2.85, 2.98, 3.24),
        4: (2.23, 2.53, 2.66, 2.75, 2.62, 2.58, 2.63, 2.64),
        12: (1.75, 1.60, 1.56, 1.54, 1.56, 1.53, 1.62, 1.59, 1.58, 1.51, 1.56, 1.49)
        + (1.39, 1.42, 1.43, 1.43, 1.43, 1.45),
    },
}
#: The prior used unless a model names another (``AutoSelect(prior=...)``).
DEFAULT_PRIOR = "tourism"
