"""The environment files agree: pyproject.toml is the single source of the dependency list,
environment.yml (conda users) mirrors it, requirements.lock pins every package exactly."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*(.*)$")
#: PyPI name -> conda-forge name, where they differ (environment.yml uses conda-forge's).
CONDA_NAMES = {"playwright": "playwright-python"}


def _split(req: str) -> tuple[str, str]:
    match = _REQ.match(req)
    assert match, f"cannot parse requirement {req!r}"
    name = re.sub(r"\[.*\]", "", match.group(1)).lower().replace("_", "-")
    return name, match.group(2).replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    return dict(_split(r) for r in reqs)


def _conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and not dep.startswith(("python", "pip")):
            name, spec = _split(dep)
            out[name] = spec
    return out


def test_environment_yml_lists_the_same_packages_and_bounds_as_pyproject() -> None:
    expected = {CONDA_NAMES.get(k, k): v for k, v in _pyproject_requirements().items()}
    assert _conda_requirements() == expected


def test_environment_yml_uses_conda_forge_names() -> None:
    conda = _conda_requirements()
    wrong = sorted(pypi for pypi in CONDA_NAMES if pypi in conda)
    assert not wrong, f"environment.yml uses PyPI names {wrong}: conda-forge calls them " + str(
        [CONDA_NAMES[w] for w in wrong]
    )


def test_environment_yml_installs_the_package_itself() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = [d for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip_section and "-e ." in pip_section[0]["pip"]


def test_lock_pins_every_declared_dependency_exactly() -> None:
    lock = (ROOT / "requirements.lock").read_text().lower()
    pinned = dict(re.findall(r"^([a-z0-9_.\-]+)==(\S+)", lock, flags=re.M))
    pinned = {k.replace("_", "-"): v for k, v in pinned.items()}
    missing = sorted(set(_pyproject_requirements()) - set(pinned))
    assert not missing, f"requirements.lock lacks {missing}: re-run uv pip compile"
