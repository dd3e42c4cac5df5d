"""Bad input, case by case: every one raises a ForecastingError subclass whose message names the
file, row, column, key or argument, never a raw traceback from pandas, numpy or Python.

Each row of ``CASES`` is one thing a user can get wrong, called through the public API (data
loaders, ``forecast``, scenarios, the command line). A case whose fix belongs to another part of
the package is ``xfail(strict=True)`` naming its owner: it turns red the moment it is fixed, so
the mark is removed with the fix.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import forecasting as fc
from forecasting.cli import main
from forecasting.data import load_series, load_table, load_targets
from forecasting.data.registry import datasets_dir
from forecasting.errors import DataValidationError, ForecastingError, ModelError, ScenarioError
from forecasting.scenarios import load_scenario

SCENARIOS = datasets_dir() / "scenarios"
OUTPUT_CSV = "qinghai_lithium_carbonate_output.csv"


@dataclass(frozen=True)
class Case:
    name: str
    call: Callable[[Path], object]
    error: type[Exception]
    message: str  # regex searched in str(error)
    owner: str | None = None  # who fixes it, when it still fails (xfail strict)


# -- helpers (each makes the bad input in tmp_path) -----------------------------------------------
def _yearly(n: int = 12, start: int = 2010) -> pd.DataFrame:
    ds = pd.date_range(f"{start}-12-31", periods=n, freq="YE")
    return pd.DataFrame({"unique_id": "a", "ds": ds, "y": np.arange(1.0, n + 1)})


def _scen_dir(tmp: Path, name: str, content: bytes | str) -> Path:
    """A scenarios folder holding the bundled base.yaml and one override file ``name``.yaml."""
    folder = tmp / "scen"
    folder.mkdir(exist_ok=True)
    shutil.copy(SCENARIOS / "base.yaml", folder / "base.yaml")
    raw = content.encode("utf-8") if isinstance(content, str) else content
    (folder / f"{name}.yaml").write_bytes(raw)
    return folder


def _scenario(content: bytes | str) -> Callable[[Path], object]:
    return lambda tmp: load_scenario("bad", scenarios_dir=_scen_dir(tmp, "bad", content))


def _data_dir(tmp: Path, edit: Callable[[str], str | bytes] | None = None) -> Path:
    """A user data folder holding the Qinghai output table, optionally edited."""
    folder = tmp / "data"
    folder.mkdir(exist_ok=True)
    text = (datasets_dir() / OUTPUT_CSV).read_text(encoding="utf-8")
    out = edit(text) if edit else text
    (folder / OUTPUT_CSV).write_bytes(out.encode("utf-8") if isinstance(out, str) else out)
    return folder


def _output_table(edit: Callable[[str], str | bytes]) -> Callable[[Path], object]:
    return lambda tmp: load_table("qinghai_output", path=_data_dir(tmp, edit) / OUTPUT_CSV)


def _replace_cell(column: str, value: str, row: int = 1) -> Callable[[str], str]:
    """Put ``value`` in ``column`` of data row ``row`` (1-based) of a simple CSV text."""

    def edit(text: str) -> str:
        frame = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)
        frame.loc[row - 1, column] = value
        return frame.to_csv(index=False, lineterminator="\n")

    return edit


def _symlink_loop_folder(tmp: Path) -> Path:
    folder = _data_dir(tmp)
    (folder / OUTPUT_CSV).unlink()
    os.symlink(folder / OUTPUT_CSV, folder / OUTPUT_CSV)
    return folder


def _symlink_loop_file(tmp: Path) -> Path:
    loop = tmp / "loop.yaml"
    os.symlink(loop, loop)
    return loop


def _cli(*argv: str) -> Callable[[Path], object]:
    """Run the command line; a non-zero exit becomes ``CLIError(stderr)`` for the table."""

    def run(tmp: Path) -> object:
        args = [a.replace("{tmp}", str(tmp)) for a in argv]
        code = main(args)
        if code:
            raise CLIError(code)
        return code

    return run


def _with_env(var: str, value: str, call: Callable[[Path], object]) -> Callable[[Path], object]:
    """Run ``call`` with ``$var`` set to ``value`` (``{tmp}`` replaced), then restore it."""

    def run(tmp: Path) -> object:
        old = os.environ.get(var)
        os.environ[var] = value.replace("{tmp}", str(tmp))
        try:
            return call(tmp)
        finally:
            if old is None:
                os.environ.pop(var)
            else:
                os.environ[var] = old

    return run


class CLIError(Exception):
    """Raised by ``_cli`` helpers: the CLI returned a non-zero exit code (stderr is checked)."""


def _write_csv(tmp: Path, frame: pd.DataFrame, encoding: str = "utf-8") -> str:
    path = tmp / "input.csv"
    frame.to_csv(path, index=False, encoding=encoding)
    return str(path)


DATA = "data engineer (forecasting/data)"
LEAD = "lead (forecasting/domain)"

CASES = [
    # -- scenario files --------------------------------------------------------------------------
    Case(
        "scenario: a folder given as the scenario",
        lambda tmp: load_scenario(tmp),
        ScenarioError,
        r"is a folder, not a scenario file",
    ),
    Case(
        "scenario: a symlink loop",
        lambda tmp: load_scenario(_symlink_loop_file(tmp)),
        ScenarioError,
        r"loop\.yaml: symlink loop",
    ),
    Case(
        "scenario: UTF-16 file",
        _scenario("supply:\n  utilisation_mean: 0.5\n".encode("utf-16")),
        ScenarioError,
        r"bad\.yaml: scenario file is UTF-16-encoded; save it as UTF-8",
    ),
    Case(
        "scenario: GBK file",
        _scenario("# 青海 情景\nsupply:\n  utilisation_mean: 0.5\n".encode("gbk")),
        ScenarioError,
        r"bad\.yaml: line 1: scenario file is not UTF-8 .*GBK",
    ),
    Case(
        "scenario: UTF-16 without a byte-order mark",
        _scenario("supply:\n  utilisation_mean: 0.5\n".encode("utf-16-le")),
        ScenarioError,
        r"bad\.yaml: scenario file contains NUL bytes \(UTF-16 without a BOM\?\)",
    ),
    Case(
        "scenario: LITHIUM_FORECAST_SCENARIOS is an empty folder",
        _with_env("LITHIUM_FORECAST_SCENARIOS", "{tmp}", lambda tmp: load_scenario("base")),
        ScenarioError,
        r"unknown scenario 'base': no file .*base\.yaml \(available: \)",
    ),
    Case(
        "scenario: duplicated top-level key",
        _scenario("supply:\n  utilisation_mean: 0.5\nsupply:\n  utilisation_mean: 0.9\n"),
        ScenarioError,
        r"bad\.yaml: not valid YAML at line 3.*duplicated key 'supply' on line 3 "
        r"\(first on line 1",
    ),
    Case(
        "scenario: duplicated nested key",
        _scenario("supply:\n  utilisation_mean: 0.5\n  utilisation_mean: 0.9\n"),
        ScenarioError,
        r"bad\.yaml: .*duplicated key 'utilisation_mean' on line 3",
    ),
    Case(
        "scenario: empty file", _scenario(""), ScenarioError, r"bad\.yaml: scenario file is empty"
    ),
    Case(
        "scenario: only comments",
        _scenario("# nothing changes\n"),
        ScenarioError,
        r"bad\.yaml: scenario file is empty",
    ),
    Case(
        "scenario: a list at the top level",
        _scenario("- supply\n- demand\n"),
        ScenarioError,
        r"bad\.yaml: expected a mapping of keys at the top level, got list",
    ),
    Case(
        "scenario: YAML syntax error",
        _scenario("supply:\n  utilisation_mean: [0.5\n"),
        ScenarioError,
        r"bad\.yaml: not valid YAML at line \d+, column \d+",
    ),
    Case(
        "scenario: unknown name",
        lambda tmp: load_scenario("no_such_scenario"),
        ScenarioError,
        r"unknown scenario 'no_such_scenario'.*available: base",
    ),
    Case(
        "scenario: a number instead of a name",
        lambda tmp: load_scenario(5),
        ScenarioError,
        r"scenario must be a name or a path to a YAML file, got int",
    ),
    Case(
        "scenario: a missing .yaml path",
        lambda tmp: load_scenario(tmp / "missing.yaml"),
        ScenarioError,
        r"missing\.yaml: scenario file not found",
    ),
    Case(
        "scenario: unknown key",
        _scenario("supply:\n  utilisaton_mean: 0.5\n"),
        ScenarioError,
        r"bad\.yaml: unknown key 'supply\.utilisaton_mean'",
    ),
    Case(
        "scenario: text where a number belongs",
        _scenario("supply:\n  utilisation_mean: high\n"),
        ScenarioError,
        r"bad\.yaml: key 'supply\.utilisation_mean' = 'high' has the wrong type",
    ),
    Case(
        "scenario: out-of-range probability",
        _scenario("supply:\n  completion_probability:\n    approved: 2\n"),
        ScenarioError,
        r"bad\.yaml: key 'supply\.completion_probability\.approved' = 2 is out of range",
    ),
    Case(
        "scenario: override of an unknown dotted key",
        lambda tmp: load_scenario("base").with_overrides({"supply.no_such_key": 1}),
        ScenarioError,
        r"no_such_key",
    ),
    Case(
        "scenario: override out of range",
        lambda tmp: load_scenario("base").with_overrides({"supply.utilisation_mean": 7}),
        ScenarioError,
        r"'supply\.utilisation_mean' = 7 is out of range \[0(\.0)?, 1(\.0)?\]",
    ),
    # -- data files and loaders ------------------------------------------------------------------
    Case(
        "data: unknown table name",
        lambda tmp: load_table("qinghai_outptu"),
        DataValidationError,
        r"unknown table 'qinghai_outptu'; known tables: ",
    ),
    Case(
        "data: unknown series id",
        lambda tmp: load_series(ids=["no_such_series"]),
        DataValidationError,
        r"no_such_series",
    ),
    Case(
        "data: a path that does not exist",
        lambda tmp: load_table("qinghai_output", path=tmp / "nowhere.csv"),
        DataValidationError,
        r"nowhere\.csv: no such file or folder",
    ),
    Case(
        "data: load_series(path=) given a file",
        lambda tmp: load_series(path=_data_dir(tmp) / OUTPUT_CSV),
        DataValidationError,
        r"not a folder \(load_series\(path=\) takes a folder\)",
    ),
    Case(
        "data: a symlink loop in a data folder",
        lambda tmp: load_series(ids=["qinghai_output_t_lce"], path=_symlink_loop_folder(tmp)),
        DataValidationError,
        r"qinghai_lithium_carbonate_output\.csv.*symlink loop",
    ),
    Case(
        "data: LITHIUM_FORECAST_DATASETS names a missing folder",
        _with_env(
            "LITHIUM_FORECAST_DATASETS", "{tmp}/nope", lambda tmp: load_table("qinghai_output")
        ),
        DataValidationError,
        r"nope/sources\.csv: file not found",
    ),
    Case(
        "data: empty CSV",
        _output_table(lambda text: ""),
        DataValidationError,
        r"qinghai_lithium_carbonate_output\.csv: file is empty",
    ),
    Case(
        "data: UTF-16 CSV",
        _output_table(lambda text: text.encode("utf-16")),
        DataValidationError,
        r"qinghai_lithium_carbonate_output\.csv: not a CSV text file",
    ),
    Case(
        "data: GBK CSV",
        _output_table(lambda text: text.replace("Qinghai", "青海").encode("gbk")),
        DataValidationError,
        r"qinghai_lithium_carbonate_output\.csv: not UTF-8 text",
    ),
    Case(
        "data: an Excel file renamed .csv",
        _output_table(lambda text: b"PK\x03\x04" + b"\x00" * 64),
        DataValidationError,
        r"not a CSV text file; it is a ZIP container",
    ),
    Case(
        "data: a required column missing",
        _output_table(lambda text: text.replace("output_t_lce,", "output,", 1)),
        DataValidationError,
        r"qinghai_lithium_carbonate_output\.csv.*'output_t_lce'",
    ),
    Case(
        "data: text in a numeric column",
        _output_table(_replace_cell("output_t_lce", "lots", row=3)),
        DataValidationError,
        r"qinghai_lithium_carbonate_output\.csv, row 3 \(line 4\), column 'output_t_lce'",
    ),
    Case(
        "data: thousands separator in a number",
        _output_table(_replace_cell("output_t_lce", "12,500", row=2)),
        DataValidationError,
        r"row 2 \(line 3\), column 'output_t_lce'.*12,500",
    ),
    Case(
        "data: negative output",
        _output_table(_replace_cell("output_t_lce", "-5", row=1)),
        DataValidationError,
        r"row 1 \(line 2\), column 'output_t_lce'",
    ),
    Case(
        "data: unknown source_id",
        _output_table(_replace_cell("source_id", "NOBODY_2020", row=2)),
        DataValidationError,
        r"row 2 \(line 3\), column 'source_id'.*NOBODY_2020",
    ),
    Case(
        "data: a date that is not a date",
        _output_table(_replace_cell("period_end", "2016-02-30", row=2)),
        DataValidationError,
        r"row 2 \(line 3\), column 'period_end'",
    ),
    Case(
        "data: as_of not a date",
        lambda tmp: load_series(ids=["qinghai_output_t_lce"], as_of="yesterday"),
        DataValidationError,
        r"as_of='yesterday' is not a date",
    ),
    Case(
        "data: as_of=2020, an int",
        lambda tmp: load_series(ids=["qinghai_output_t_lce"], as_of=2020),
        DataValidationError,
        r"as_of=2020 is a number, not a date",
    ),
    Case(
        "data: timezone-aware as_of",
        lambda tmp: load_series(
            ids=["qinghai_output_t_lce"], as_of=pd.Timestamp("2020-06-30", tz="Asia/Shanghai")
        ),
        DataValidationError,
        r"as_of=.* is timezone-aware",
    ),
    Case(
        "data: ambiguous day/month as_of",
        lambda tmp: load_targets(as_of="01/05/2020"),
        DataValidationError,
        r"as_of='01/05/2020' is ambiguous: day 1 of month 5, or month 1 day 5\?",
    ),
    # -- forecast() ------------------------------------------------------------------------------
    Case(
        "forecast: not a DataFrame",
        lambda tmp: fc.forecast([1, 2, 3], h=2),
        ModelError,
        r"expected a pandas DataFrame with columns \['unique_id', 'ds', 'y'\]",
    ),
    Case(
        "forecast: a column missing",
        lambda tmp: fc.forecast(_yearly().drop(columns="y"), h=2),
        ModelError,
        r"input frame lacks columns \['y'\]",
    ),
    Case(
        "forecast: empty frame",
        lambda tmp: fc.forecast(_yearly().iloc[:0], h=2),
        ModelError,
        r"input frame is empty",
    ),
    Case(
        "forecast: h=0",
        lambda tmp: fc.forecast(_yearly(), h=0),
        ModelError,
        r"horizon h must be an integer >= 1; got 0",
    ),
    Case(
        "forecast: h as text",
        lambda tmp: fc.forecast(_yearly(), h="5"),
        ModelError,
        r"horizon h must be an integer >= 1; got '5'",
    ),
    Case(
        "forecast: h=10**6 runs past pandas' dates",
        lambda tmp: fc.forecast(_yearly(), h=10**6, n_paths=50, cache=False),
        ModelError,
        r"h=1000000 periods of YE(-DEC)? after 2021-12-31 run past the last date pandas can "
        r"represent \(2262-04-11\)",
    ),
    Case(
        "forecast: h * n_paths beyond memory",
        lambda tmp: fc.forecast(_yearly(), h=200, n_paths=10**6, cache=False),
        ModelError,
        r"h=200 with n_paths=1000000 asks for 200,000,000 simulated values",
    ),
    Case(
        "forecast: seed='abc'",
        lambda tmp: fc.forecast(_yearly(), h=2, seed="abc"),
        ModelError,
        r"seed must be a non-negative integer \(e\.g\. seed=0\); got 'abc'",
    ),
    Case(
        "forecast: seed=-1",
        lambda tmp: fc.forecast(_yearly(), h=2, seed=-1),
        ModelError,
        r"seed must be a non-negative integer .*got -1",
    ),
    Case(
        "forecast: seed=1.5",
        lambda tmp: fc.forecast(_yearly(), h=2, seed=1.5),
        ModelError,
        r"seed must be a non-negative integer .*got 1\.5",
    ),
    Case(
        "forecast: n_paths=1",
        lambda tmp: fc.forecast(_yearly(), h=2, n_paths=1),
        ModelError,
        r"n_paths must be an integer >= 2; got 1",
    ),
    Case(
        "forecast: level above 100",
        lambda tmp: fc.forecast(_yearly(), h=2, level=(80, 120)),
        ModelError,
        r"120",
    ),
    Case(
        "forecast: unknown model alias",
        lambda tmp: fc.forecast(_yearly(), h=2, models="arimaa"),
        ModelError,
        r"'arimaa'",
    ),
    Case(
        "forecast: unknown frequency alias",
        lambda tmp: fc.forecast(_yearly(), h=2, freq="XX"),
        ModelError,
        r"'XX'",
    ),
    Case(
        "forecast: errors='ignore'",
        lambda tmp: fc.forecast(_yearly(), h=2, errors="ignore"),
        ModelError,
        r"errors='ignore' must be 'raise' or 'warn'",
    ),
    Case(
        "forecast: duplicated timestamps",
        lambda tmp: fc.forecast(pd.concat([_yearly(), _yearly().tail(1)]), h=2),
        ModelError,
        r"series 'a' has duplicated timestamps \(ds=2021-12-31\)",
    ),
    Case(
        "forecast: text in y",
        lambda tmp: fc.forecast(
            _yearly().astype({"y": object}).assign(y=lambda d: d.y.where(d.index != 4, "n/a")), h=2
        ),
        ModelError,
        r"column 'y' row 4 \(series 'a'\) is not numeric: 'n/a'",
    ),
    Case(
        "forecast: infinite y",
        lambda tmp: fc.forecast(_yearly().assign(y=lambda d: d.y.where(d.index != 2, np.inf)), h=2),
        ModelError,
        r"column 'y' row 2 \(series 'a'\) is infinite",
    ),
    Case(
        "forecast: ds not a date",
        lambda tmp: fc.forecast(
            _yearly().assign(ds=lambda d: d.ds.astype(str).where(d.index != 3, "someday")), h=2
        ),
        ModelError,
        r"column 'ds' row 3 \(series 'a'\) is not a timestamp: 'someday'",
    ),
    Case(
        "forecast: ambiguous day/month ds strings",
        lambda tmp: fc.forecast(
            pd.DataFrame(
                {
                    "unique_id": "a",
                    "ds": [f"01/{m:02d}/2020" for m in range(1, 13)],
                    "y": np.arange(12.0),
                }
            ),
            h=2,
        ),
        ModelError,
        r"column 'ds' has dates like '01/02/2020' that are ambiguous: day 1 of month 2, or "
        r"month 1 day 2\? .*use ISO dates 'YYYY-MM-DD'",
    ),
    Case(
        "forecast: a Series instead of a frame",
        lambda tmp: fc.forecast(_yearly()["y"], h=2),
        ModelError,
        r"expected a pandas DataFrame",
    ),
    Case(
        "forecast: boolean y",
        lambda tmp: fc.forecast(_yearly().assign(y=True), h=2),
        ModelError,
        r"column 'y' is boolean; expected numbers",
    ),
    Case(
        "forecast: h=2.0, a float",
        lambda tmp: fc.forecast(_yearly(), h=2.0),
        ModelError,
        r"horizon h must be an integer >= 1; got 2\.0",
    ),
    Case(
        "forecast: level as text",
        lambda tmp: fc.forecast(_yearly(), h=2, level="95"),
        ModelError,
        r"level.*'95'",
    ),
    Case(
        "forecast: models=5",
        lambda tmp: fc.forecast(_yearly(), h=2, models=5),
        ModelError,
        r"models must be 'auto', an alias, a model or a list; got 5",
    ),
    Case(
        "forecast: n_jobs as text",
        lambda tmp: fc.forecast(_yearly(), h=2, n_jobs="two"),
        ModelError,
        r"n_jobs must be a positive integer or -1; got 'two'",
    ),
    Case(
        "forecast: too short for the model",
        lambda tmp: fc.forecast(_yearly(n=3), h=2, models="arima"),
        ModelError,
        r"series 'a' has 3 observed values; model 'arima' needs at least",
    ),
    # -- command line (exit code 2, one 'error:' line on stderr) ---------------------------------
    Case(
        "cli: scenario run, unknown scenario",
        _cli("scenario", "run", "nope", "--out", "{tmp}/out"),
        CLIError,
        r"error: unknown scenario 'nope'",
    ),
    Case(
        "cli: scenario run, a folder as the scenario",
        _cli("scenario", "run", "{tmp}", "--out", "{tmp}/out"),
        CLIError,
        r"error: .* is a folder, not a scenario file",
    ),
    Case(
        "cli: scenario run, --out below a file",
        lambda tmp: (
            (tmp / "file.txt").write_text("x")
            and _cli("scenario", "run", "base", "--n-paths", "20", "--out", "{tmp}/file.txt/out")(
                tmp
            )
        ),
        CLIError,
        r"error: .*file\.txt/out: Not a directory",
    ),
    Case(
        "cli: forecast, missing input file",
        _cli("forecast", "--input", "{tmp}/none.csv", "--h", "3"),
        CLIError,
        r"error: .*none\.csv",
    ),
    Case(
        "cli: forecast, UTF-16 input CSV",
        lambda tmp: _cli("forecast", "--input", _write_csv(tmp, _yearly(), "utf-16"), "--h", "2")(
            tmp
        ),
        CLIError,
        r"error: .*input\.csv.*(UTF-16|UTF-8|text)",
    ),
    Case(
        "cli: LITHIUM_FORECAST_DATASETS names a missing folder",
        _with_env("LITHIUM_FORECAST_DATASETS", "{tmp}/nope", _cli("data", "list")),
        CLIError,
        r"error: LITHIUM_FORECAST_DATASETS=.*nope: no such folder \(unset",
    ),
    Case(
        "cli: data show, unknown table",
        _cli("data", "show", "no_such_table"),
        CLIError,
        r"error: .*no_such_table",
    ),
    Case(
        "cli: report, a malformed quarter",
        _cli("report", "--quarter", "2026Q5", "--out", "{tmp}/reports"),
        CLIError,
        r"error: .*2026Q5",
    ),
]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c,
            id=c.name,
            marks=[pytest.mark.xfail(strict=True, reason=f"to fix: {c.owner}")] if c.owner else [],
        )
        for c in CASES
    ],
)
def test_bad_input_gets_a_clear_error(case: Case, tmp_path, capsys) -> None:
    with pytest.raises(Exception) as info:  # noqa: PT011 - the type is asserted below
        case.call(tmp_path)
    err = info.value
    if case.error is CLIError:
        assert err.args == (2,), f"exit code {err.args}, expected 2"
        text = capsys.readouterr().err
        assert "Traceback" not in text
    else:
        assert isinstance(err, case.error), f"{type(err).__name__}: {err}"
        assert isinstance(err, ForecastingError)
        text = str(err)
    assert re.search(case.message, text, flags=re.S), text


def test_the_table_is_large_and_names_are_unique() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        (2020, r"as_of=2020 is a number, not a date .*'2020-12-31' is its last day"),
        (2020.5, r"as_of=2020\.5 is a number"),
        (pd.Timestamp("2020-06-30", tz="Asia/Shanghai"), r"is timezone-aware"),
        ("01/05/2020", r"as_of='01/05/2020' is ambiguous: day 1 of month 5, or month 1 day 5\?"),
        ("soon", r"as_of='soon' is not a date"),
    ],
)
def test_as_of_timestamp_refuses_what_pandas_would_misread(as_of, message) -> None:
    """The check the data loaders' ``as_of`` should go through (see the xfail cases above)."""
    from forecasting.validation_args import as_of_timestamp

    with pytest.raises(DataValidationError, match=message):
        as_of_timestamp(as_of)


def test_as_of_timestamp_accepts_plain_and_settled_dates() -> None:
    from forecasting.validation_args import as_of_timestamp

    assert as_of_timestamp(None) is None
    assert as_of_timestamp("2020-12-31") == pd.Timestamp("2020-12-31")
    assert as_of_timestamp("13/05/2020") == pd.Timestamp("2020-05-13")  # only day-first fits
    assert as_of_timestamp(np.datetime64("2021-03-31")) == pd.Timestamp("2021-03-31")
