"""Every subcommand of ``lithium-forecast`` answers ``--help``; errors are readable."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from forecasting import cli


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    yield prefix
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*prefix, name))


ALL_COMMANDS = list(_commands(cli.build_parser()))


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=lambda c: " ".join(c) or "(top)")
def test_every_command_has_help(command, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main([*command, "--help"])
    assert exc.value.code == 0
    assert "usage: lithium-forecast" in capsys.readouterr().out


def test_console_script_runs_in_a_subprocess() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "forecasting.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "lithium-forecast" in out.stdout


def test_missing_command_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main([])
    assert exc.value.code == 2
