"""Exceptions shared across the package.

Every user-facing error names what was wrong and where (file, row, column, key) and what was
expected, so that a user never has to read a traceback from inside pandas.
"""

from __future__ import annotations


class ForecastingError(Exception):
    """Base class for every error this package raises on purpose."""


class DataValidationError(ForecastingError, ValueError):
    """A dataset or user file breaks its schema (the message names file, row, column and rule)."""


class UnitError(ForecastingError, ValueError):
    """An unknown unit, or a conversion between incompatible units."""


class ScenarioError(ForecastingError, ValueError):
    """A scenario YAML has an unknown key, a wrong type or an out-of-range value."""


class ModelError(ForecastingError, ValueError):
    """Bad input to the forecasting engine (empty frame, bad horizon, unknown alias, ...)."""


class ReportError(ForecastingError, RuntimeError):
    """The quarterly report could not be built (failing notebook, refused overwrite, ...)."""
