"""The package installs like a real one: the wheel carries its data, paths find it, metadata is
single-sourced, and the caches sit where users expect and can be cleared."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

import forecasting
from forecasting import paths
from forecasting.cli import main
from forecasting.models import cache as model_cache

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")


# -- metadata ------------------------------------------------------------------------------------
def test_version_has_one_source_and_every_file_follows_it(capsys) -> None:
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    attr = PYPROJECT["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "forecasting.__version__"
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(citation["version"]) == forecasting.__version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{forecasting.__version__}] - " in changelog
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"lithium-forecast {forecasting.__version__}"


def test_licence_is_spdx_mit_with_its_file_and_the_backend_is_pinned() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    requires = PYPROJECT["build-system"]["requires"]
    assert len(requires) == 1 and "==" in requires[0], requires


def test_every_sub_package_and_mapped_folder_is_declared() -> None:
    setuptools_cfg = PYPROJECT["tool"]["setuptools"]
    declared = set(setuptools_cfg["packages"])
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "forecasting").rglob("__init__.py")
    }
    missing = sorted(on_disk - declared)
    assert not missing, f"add {missing} to [tool.setuptools] packages in pyproject.toml"
    for package, folder in setuptools_cfg["package-dir"].items():
        assert package in declared and (ROOT / folder).is_dir(), (package, folder)


def test_dir_offers_the_public_api_not_import_helpers() -> None:
    names = dir(forecasting)
    for public in ("forecast", "backtest", "load_series", "load_scenario", "run_scenario", "data"):
        assert public in names
    for helper in ("Any", "annotations", "import_module", "_importlib"):
        assert helper not in names
    assert callable(forecasting.load_scenario)


def _copy_checkout(dest: Path) -> None:
    """The checkout without venv, git, build leftovers and published reports."""
    skip_top = {".venv", ".git", "build", "reports", "lithium_forecast.egg-info", ".cache"}
    shutil.copytree(
        ROOT,
        dest,
        ignore=lambda folder, names: [
            n for n in names if (Path(folder) == ROOT and n in skip_top) or n == "__pycache__"
        ],
    )


def test_show_versions_names_the_package_libraries_and_paths(capsys) -> None:
    forecasting.show_versions(as_json=True)
    info = json.loads(capsys.readouterr().out)
    assert info["lithium-forecast"] == forecasting.__version__
    assert info["pandas"] == __import__("pandas").__version__
    assert Path(info["datasets"]) == paths.datasets_dir()
    forecasting.show_versions()
    assert "statsmodels" in capsys.readouterr().out


# -- the wheel -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if UV is None:
        pytest.skip("uv is not installed (make setup installs it)")
    out = tmp_path_factory.mktemp("dist")
    src = tmp_path_factory.mktemp("src") / "checkout"
    _copy_checkout(src)  # the checkout's build/ folder (stale files) is never used or touched
    subprocess.run(
        [UV, "build", "--quiet", "--wheel", "--out-dir", str(out), str(src)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (found,) = out.glob("lithium_forecast-*.whl")
    return found


def test_wheel_carries_datasets_scenarios_notebooks_and_licence(wheel) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"forecasting/_datasets/{p.name}" for p in (ROOT / "datasets").glob("*.csv")}
    expected |= {"forecasting/_datasets/datapackage.json", "forecasting/_datasets/sources.csv"}
    expected |= {
        f"forecasting/_datasets/scenarios/{p.name}"
        for p in (ROOT / "datasets/scenarios").glob("*.yaml")
    }
    expected |= {f"forecasting/_notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.py")}
    expected |= {"forecasting/py.typed"}
    assert not sorted(expected - names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not [n for n in names if "/build/" in n or n.endswith(".ipynb")]


def test_installed_wheel_reads_its_bundled_data_from_anywhere(wheel, tmp_path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import json, forecasting as fc; from forecasting import paths;"
        "from forecasting.data import load_series;"
        "s = load_series(ids=['china_nev_sales_units']);"
        "print(json.dumps({'file': fc.__file__, 'data': str(paths.datasets_dir()),"
        "'nb': str(paths.notebooks_dir()), 'rows': len(s),"
        "'scen': fc.load_scenario('high_ev').name}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LITHIUM_FORECAST_")}
    done = subprocess.run(
        [sys.executable, "-c", script, str(site)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    for key in ("file", "data", "nb"):
        assert Path(got[key]).is_relative_to(site), (key, got[key])
    assert got["rows"] > 10 and got["scen"] == "high_ev"


# -- paths ---------------------------------------------------------------------------------------
def test_checkout_paths_are_the_top_level_folders(monkeypatch) -> None:
    for var in (paths.DATASETS_ENV, paths.SCENARIOS_ENV):
        monkeypatch.delenv(var, raising=False)
    assert paths.datasets_dir() == ROOT / "datasets"
    assert paths.scenarios_dir() == ROOT / "datasets" / "scenarios"
    assert paths.notebooks_dir() == ROOT / "notebooks"
    assert paths.is_bundled_resource(ROOT / "datasets" / "x") and not paths.is_bundled_resource(
        ROOT
    )


def test_a_users_data_folder_without_scenarios_still_finds_the_bundled_ones(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.delenv(paths.SCENARIOS_ENV, raising=False)
    monkeypatch.setenv(paths.DATASETS_ENV, str(tmp_path))
    assert paths.datasets_dir() == tmp_path
    assert paths.scenarios_dir() == ROOT / "datasets" / "scenarios"
    (tmp_path / "scenarios").mkdir()
    assert paths.scenarios_dir() == tmp_path / "scenarios"
    monkeypatch.setenv(paths.SCENARIOS_ENV, str(tmp_path / "mine"))
    assert paths.scenarios_dir() == tmp_path / "mine"


@pytest.mark.skipif(sys.platform != "linux", reason="XDG is the Linux convention")
def test_cache_follows_xdg_cache_home_unless_the_variable_is_set(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(paths.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert paths.cache_dir("models") == tmp_path / "xdg" / "lithium-forecast" / "models"
    assert model_cache.cache_dir() == tmp_path / "xdg" / "lithium-forecast" / "models"
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "mine"))
    assert paths.cache_dir() == tmp_path / "mine"


# -- model cache ---------------------------------------------------------------------------------
def test_cache_key_changes_with_the_computing_libraries_versions(monkeypatch) -> None:
    parts = {"data": "abc", "model": "ets", "seed": 0}
    key = model_cache.cache_key(**parts)
    versions = model_cache.library_versions()
    assert set(versions) >= {"numpy", "pandas", "scipy", "statsmodels", "prophet"}
    assert versions["pandas"] == __import__("pandas").__version__
    older = {**versions, "pandas": "2.2.0"}
    monkeypatch.setattr(model_cache, "library_versions", lambda: older)
    assert model_cache.cache_key(**parts) != key


def test_cache_clear_removes_entries_only(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path))
    keys = [model_cache.cache_key(n=i) for i in range(3)]
    for k in keys:
        model_cache.store(k, {"n": k})
    (tmp_path / "models" / "notes.txt").write_text("a user's file")
    assert model_cache.load(keys[0]) == {"n": keys[0]}
    assert model_cache.info()["entries"] == 3
    report_entry = tmp_path / "reports" / ("ab" * 32)
    report_entry.mkdir(parents=True)
    (report_entry / "t.csv").write_text("a\n1\n")
    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    assert "models" in out and "holds 3 entries" in out and "holds 1 entry," in out
    assert main(["cache", "clear"]) == 0
    out = capsys.readouterr().out
    assert "removed 3 entries" in out and "removed 1 entry," in out
    assert not report_entry.exists()
    assert model_cache.load(keys[0]) is None and model_cache.info()["entries"] == 0
    assert (tmp_path / "models" / "notes.txt").read_text() == "a user's file"


# -- progress bars -------------------------------------------------------------------------------
def test_progress_bars_go_to_stderr_and_stay_off_under_ci_or_quiet(monkeypatch, capsys) -> None:
    from forecasting import progress as prog

    monkeypatch.delenv(prog.QUIET_ENV, raising=False)
    monkeypatch.setenv("CI", "true")
    monkeypatch.delenv(prog.FORCE_ENV, raising=False)
    assert not prog.enabled()
    assert list(prog.progress(range(3), desc="x")) == [0, 1, 2]
    assert capsys.readouterr().err == ""
    monkeypatch.setenv(prog.FORCE_ENV, "1")
    assert prog.enabled()
    assert list(prog.progress(range(3), desc="sobol", total=3)) == [0, 1, 2]
    out = capsys.readouterr()
    assert out.out == "" and "sobol" in out.err
    monkeypatch.setenv(prog.QUIET_ENV, "1")  # --quiet wins over everything
    assert not prog.enabled()


def test_quiet_flag_turns_bars_off(monkeypatch, capsys) -> None:
    from forecasting import progress as prog

    monkeypatch.delenv(prog.QUIET_ENV, raising=False)
    monkeypatch.setenv(prog.FORCE_ENV, "1")
    assert main(["--quiet", "cache", "info"]) == 0
    assert not prog.enabled()
    monkeypatch.delenv(prog.QUIET_ENV)


def test_sdist_carries_the_data_and_project_files(tmp_path) -> None:
    if UV is None:
        pytest.skip("uv is not installed (make setup installs it)")
    src = tmp_path / "checkout"
    _copy_checkout(src)
    subprocess.run(
        [UV, "build", "--quiet", "--sdist", "--out-dir", str(tmp_path / "dist"), str(src)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    import tarfile

    (sdist,) = (tmp_path / "dist").glob("lithium_forecast-*.tar.gz")
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    wanted = {"LICENSE", "CHANGELOG.md", "CITATION.cff", "requirements.lock", "pyproject.toml"}
    wanted |= {"datasets/datapackage.json", "datasets/scenarios/base.yaml"}
    wanted |= {f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.py")}
    assert not sorted(wanted - names)


# -- typing (the package ships py.typed) ---------------------------------------------------------
#: Modules that type-check cleanly; add a module here once `mypy <module>` reports nothing.
TYPED_MODULES = (
    "forecasting/__init__.py",
    "forecasting/cli.py",
    "forecasting/errors.py",
    "forecasting/paths.py",
    "forecasting/progress.py",
    "forecasting/textfiles.py",
    "forecasting/validation_args.py",
    "forecasting/versions.py",
    "forecasting/models/cache.py",
)


@pytest.mark.slow  # ~20 s cold: mypy reads numpy's and pandas' annotations
def test_typed_modules_pass_mypy(tmp_path) -> None:
    mypy = pytest.importorskip("mypy.api")
    out, err, code = mypy.run(
        ["--cache-dir", str(tmp_path), "--follow-imports=silent", *TYPED_MODULES]
    )
    assert code == 0, out + err
