"""The package's layers hold: no module imports from a layer above its own, and no module
import cycle, counting imports inside functions (they hide breaks from a plain import check).

The layers, lowest first (DESIGN.md, "Layout"): a module may import from its own layer and the
ones below it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "forecasting"

#: Unit (top-level module or subpackage of ``forecasting``) -> layer, lowest first.
LAYERS = {
    "errors": 0,
    "contracts": 0,
    "lazy": 0,
    "textfiles": 0,
    "progress": 0,
    "validation_args": 0,
    "paths": 0,
    "versions": 0,
    "scenario_validation": 0,
    "plotting": 0,
    "plotting_theme": 0,
    "data": 1,
    "scenarios": 2,
    "targets": 2,
    "models": 2,
    "evaluation": 2,
    "domain": 3,
    "sensitivity": 4,
    "reports": 5,
    "cli": 6,
}
#: Names the package root defines itself (not lazy re-exports): importable from any layer.
ROOT_OWN_NAMES = {"__version__"}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _unit(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "forecasting"
    return parts[1].removesuffix(".py")


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """module -> the package modules it imports (module level and inside functions)."""
    mods = {_module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        pkg = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _targets(node, pkg, mods):
                if target != mod and not mod.startswith(target + "."):
                    graph[mod].add(target)
    return graph


def _targets(node: ast.AST, pkg: str, mods: dict) -> list[str]:
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            up = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
            base = ".".join(up + ([base] if base else []))
        subs = [f"{base}.{a.name}" for a in node.names]
        # ``from forecasting import paths`` imports the module, not the root package
        names = [n for n in subs if n in mods] or [base]
        if base == "forecasting" and all(a.name in ROOT_OWN_NAMES for a in node.names):
            names = []
    else:
        return []
    out = []
    for name in names:
        while name and name not in mods:
            name = name.rsplit(".", 1)[0] if "." in name else ""
        if name:
            out.append(name)
    return out


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """``a -> b`` edges where b's layer is above a's (the package root counts as the top)."""
    bad = []
    for mod, targets in graph.items():
        if mod == "forecasting":  # the root facade re-exports lazily
            continue
        here = LAYERS[_unit(mod)]
        for t in targets:
            there = LAYERS.get(_unit(t), max(LAYERS.values()) + 1)
            if there > here:
                bad.append(f"{mod} (layer {here}) -> {t} (layer {there})")
    return sorted(bad)


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    comps: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on.add(start)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        x = stack.pop()
                        on.discard(x)
                        comp.append(x)
                        if x == v:
                            break
                    if len(comp) > 1:
                        comps.append(sorted(comp))
            elif w not in index:
                index[w] = low[w] = counter
                counter += 1
                stack.append(w)
                on.add(w)
                work.append((w, iter(sorted(graph[w]))))
            elif w in on:
                low[v] = min(low[v], index[w])
    return comps


def test_every_unit_has_a_layer():
    units = {_unit(m) for m in import_graph()} - {"forecasting"}
    assert units <= set(LAYERS), f"add to LAYERS: {sorted(units - set(LAYERS))}"


def test_no_upward_import():
    assert upward_imports(import_graph()) == []


def test_no_import_cycle():
    assert import_cycles(import_graph()) == []


@pytest.mark.parametrize(
    "source, line, expected",
    [
        (
            "data/_probe.py",
            "def f():\n    from forecasting.domain import run\n",
            "-> forecasting.domain",
        ),
        ("domain/_probe.py", "from forecasting import sensitivity\n", "-> forecasting.sensitivity"),
    ],
)
def test_checker_catches_a_deliberate_upward_import(tmp_path, source, line, expected):
    import shutil

    copy = tmp_path / "forecasting"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / source).write_text(line, encoding="utf-8")
    bad = upward_imports(import_graph(copy))
    assert any(expected in b for b in bad), bad


def test_checker_catches_a_cycle(tmp_path):
    import shutil

    copy = tmp_path / "forecasting"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "targets_probe_a.py").write_text("import forecasting.targets_probe_b\n")
    (copy / "targets_probe_b.py").write_text("def f():\n    import forecasting.targets_probe_a\n")
    comps = import_cycles(import_graph(copy))
    assert ["forecasting.targets_probe_a", "forecasting.targets_probe_b"] in comps


def test_building_the_cli_parser_imports_no_heavy_library():
    """``lithium-forecast --help`` stays fast: the parser (every subcommand) is built without
    pandas, scipy, statsmodels or matplotlib (a fresh interpreter, so nothing is preloaded)."""
    import subprocess
    import sys

    code = (
        "import sys, forecasting.cli as c; c.build_parser(); "
        "print(sorted(m for m in ('pandas', 'scipy', 'statsmodels', 'matplotlib') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
