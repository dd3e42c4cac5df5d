"""Target attainment from sample paths: small hand-computed cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecasting import targets
from forecasting.errors import ForecastingError

YEARS = [2024, 2025, 2026]
# Four paths, target 100: path 0 crosses in 2025, path 1 in 2024, path 2 in 2026, path 3 never.
PATHS = np.array(
    [
        [90.0, 100.0, 95.0],
        [120.0, 130.0, 140.0],
        [50.0, 60.0, 101.0],
        [10.0, 20.0, np.nan],
    ]
)


def test_attainment_probability_counts_paths_at_or_above_target_each_year() -> None:
    p = targets.attainment_probability(PATHS, YEARS, 100.0)
    pd.testing.assert_series_equal(
        p,
        pd.Series([0.25, 0.5, 0.5], index=pd.Index(YEARS, name="year"), name="p_met_in_year"),
    )


def test_first_crossing_years_and_not_reached() -> None:
    first = targets.first_crossing_years(PATHS, YEARS, 100.0)
    np.testing.assert_array_equal(first, [2025.0, 2024.0, 2026.0, np.nan])


def test_crossing_distribution_has_not_reached_outcome_and_sums_to_one() -> None:
    dist = targets.crossing_distribution(PATHS, YEARS, 100.0)
    assert dist["outcome"].tolist() == ["2024", "2025", "2026", targets.NOT_REACHED]
    assert dist["probability"].tolist() == [0.25, 0.25, 0.25, 0.25]
    assert dist["cumulative"].iloc[-1] == pytest.approx(1.0)


def test_reached_by_is_cumulative_and_differs_from_met_in_year() -> None:
    by = targets.reached_by_probability(PATHS, YEARS, 100.0)
    assert by.tolist() == [0.25, 0.5, 0.75]
    # Path 0 dips back below the target in 2026: met-by (0.75) exceeds met-in-year (0.5).
    assert targets.attainment_probability(PATHS, YEARS, 100.0).loc[2026] == 0.5


def test_expected_shortfall_is_mean_gap_below_target() -> None:
    # 2025 gaps: 0, 0, 40, 80 -> 30.
    assert targets.expected_shortfall(PATHS, YEARS, 100.0, 2025) == pytest.approx(30.0)


def test_summarize_target_headline_numbers() -> None:
    s = targets.summarize_target(PATHS, YEARS, 100.0, 2025)
    assert s.p_met_in_year == 0.5
    assert s.p_reached_by_year == 0.5
    assert s.p_not_reached == 0.25
    assert s.median == pytest.approx(80.0)
    assert s.median_first_year == "2025"
    assert s.as_dict()["target_year"] == 2025


def test_summarize_target_before_the_paths_uses_first_year() -> None:
    s = targets.summarize_target(PATHS, YEARS, 100.0, 2020)
    assert s.p_met_in_year == 0.25 and s.target_year == 2020


def test_paths_to_array_pivots_long_frame() -> None:
    long = pd.DataFrame(
        {
            "unique_id": ["a"] * 4,
            "ds": pd.to_datetime(["2024-12-31", "2025-12-31"] * 2),
            "path": [0, 0, 1, 1],
            "y": [1.0, 2.0, 3.0, 4.0],
        }
    )
    years, values = targets.paths_to_array(long, "a")
    assert years.tolist() == [2024, 2025]
    np.testing.assert_array_equal(values, [[1.0, 2.0], [3.0, 4.0]])


@pytest.mark.parametrize(
    ("values", "years", "message"),
    [
        (np.zeros(3), [1, 2, 3], "2-D"),
        (np.zeros((2, 3)), [1, 2], "3 columns but 2 years"),
        (np.zeros((0, 2)), [1, 2], "empty"),
        (np.zeros((2, 2)), [2, 1], "strictly increasing"),
    ],
)
def test_bad_paths_raise_clear_errors(values, years, message) -> None:
    with pytest.raises(ForecastingError, match=message):
        targets.attainment_probability(values, years, 1.0)


def test_shortfall_year_outside_paths_is_an_error() -> None:
    with pytest.raises(ForecastingError, match="outside"):
        targets.expected_shortfall(PATHS, YEARS, 100.0, 2030)
