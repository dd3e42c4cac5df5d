"""CLI subcommands of `forecasting.models` (placeholder until the stage lands)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this stage's subcommands to the top-level parser."""
