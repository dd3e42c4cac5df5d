"""Generic checks behind :mod:`forecasting.scenarios`: nested dicts -> frozen dataclasses.

A dataclass field declares its allowed range, unit and choices in its metadata
(:func:`ranged_field`); a nested group may give a range its leaves inherit (:func:`group_field`).
:func:`build_dataclass` walks a merged dict against the dataclass tree and raises
:class:`ScenarioError` naming the file (via ``origin(dotted_key)``) and the dotted key for an
unknown key, a missing key, a wrong type or an out-of-range value. YAML files are only read.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from forecasting.errors import ScenarioError

#: ``origin(dotted_key) -> file name`` used in error messages.
Origin = Callable[[str], str]
#: The value of an observed anchor key that is taken from the data known at ``as_of`` (see
#: :mod:`forecasting.domain.anchoring`); only fields declared with ``from_data=True`` accept it.
FROM_DATA = "from_data"


class FromData(str):
    """The marker an unresolved anchor field holds (equal to ``"from_data"``). A number format
    (``f"{x:.2f}"``) shows it as ``from data`` instead of failing, so a table of assumptions can
    be printed before the run fills it in."""

    def __format__(self, spec: str) -> str:
        return "from data"


def ranged_field(
    lo: float, hi: float, unit: str, choices: tuple[str, ...] = (), from_data: bool = False
) -> Any:
    """A dataclass field with an allowed range ``[lo, hi]`` and a unit (no default on purpose);
    ``from_data``: the field may hold :data:`FROM_DATA` (an observed anchor)."""
    meta = {"range": (lo, hi), "unit": unit, "choices": choices, "from_data": from_data}
    return dataclasses.field(metadata=meta)


def group_field(lo: float | None = None, hi: float | None = None, unit: str = "") -> Any:
    """A field holding a nested dataclass; its optional ``[lo, hi]`` applies to every leaf."""
    rng = None if lo is None else (lo, hi)
    return dataclasses.field(metadata={"range": rng, "unit": unit})


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{dotted_key: leaf}``; a map keyed by integers (years) is one leaf."""
    out: dict[str, Any] = {}
    for key, val in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(val, Mapping) and val and not all(isinstance(k, int) for k in val):
            out.update(flatten(val, dotted + "."))
        else:
            out[dotted] = val
    return out


def set_dotted(data: dict[str, Any], key: str, val: Any, file: str) -> None:
    """Set an existing dotted key in a nested dict (in place); an unknown key is an error."""
    parts = key.split(".")
    node = data
    for i, part in enumerate(parts[:-1]):
        if not isinstance(node, dict) or part not in node:
            raise ScenarioError(f"{file}: unknown key '{'.'.join(parts[: i + 1])}'")
        node = node[part]
    if not isinstance(node, dict) or parts[-1] not in node:
        raise ScenarioError(f"{file}: unknown key '{key}'")
    node[parts[-1]] = val


def check_leaf(tp: Any, val: Any, file: str, key: str, meta: Mapping[str, Any], rng: Any) -> Any:
    """Type- and range-check one leaf value; return it converted (int -> float where declared)."""
    choices = meta.get("choices") or ()
    where = f"{file}: key '{key}'"
    if val == FROM_DATA and tp is not str:
        if meta.get("from_data"):
            return FromData(FROM_DATA)
        raise ScenarioError(
            f"{where} = {val!r}: from_data is accepted only for observed anchors (EV sales base "
            "year and units, BEV share base, world supply base, price anchor); give a number"
        )
    if tp is bool:
        if not isinstance(val, bool):
            raise ScenarioError(f"{where} = {val!r} has the wrong type: expected true/false")
        return val
    if tp is str:
        if not isinstance(val, str):
            raise ScenarioError(f"{where} = {val!r} has the wrong type: expected text")
        if choices and val not in choices:
            raise ScenarioError(f"{where} = {val!r} is not one of {list(choices)}")
        return val
    if typing.get_origin(tp) is dict:
        if not isinstance(val, Mapping):
            raise ScenarioError(f"{where} = {val!r} has the wrong type: expected a year: value map")
        out = {}
        for year, item in val.items():
            if not isinstance(year, int) or isinstance(year, bool):
                raise ScenarioError(f"{where}: entry {year!r} is not a year (expected an integer)")
            out[year] = check_leaf(float, item, file, f"{key}.{year}", meta, rng)
        return dict(sorted(out.items()))
    if tp is int and (not isinstance(val, int) or isinstance(val, bool)):
        raise ScenarioError(f"{where} = {val!r} has the wrong type: expected an integer")
    if tp is float and (not isinstance(val, int | float) or isinstance(val, bool)):
        raise ScenarioError(f"{where} = {val!r} has the wrong type: expected a number")
    if rng is not None and not (rng[0] <= val <= rng[1]):
        raise ScenarioError(f"{where} = {val!r} is out of range [{rng[0]:g}, {rng[1]:g}]")
    return tp(val)


def build_dataclass(cls: Any, data: Any, origin: Origin, prefix: str, rng: Any) -> Any:
    """Validate ``data`` into ``cls`` (recursively); ``rng`` is the range inherited from above."""
    if not isinstance(data, Mapping):
        raise ScenarioError(
            f"{origin(prefix)}: key '{prefix.rstrip('.')}' = {data!r} has the wrong type: "
            "expected a mapping"
        )
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in data:
        if key not in fields:
            raise ScenarioError(f"{origin(prefix + str(key))}: unknown key '{prefix}{key}'")
    kwargs = {}
    for name, fld in fields.items():
        dotted = f"{prefix}{name}"
        if name not in data:
            raise ScenarioError(f"{origin(dotted)}: missing key '{dotted}'")
        sub_rng = fld.metadata.get("range") or rng
        if dataclasses.is_dataclass(hints[name]):
            kwargs[name] = build_dataclass(hints[name], data[name], origin, dotted + ".", sub_rng)
        else:
            kwargs[name] = check_leaf(
                hints[name], data[name], origin(dotted), dotted, fld.metadata, sub_rng
            )
    try:
        return cls(**kwargs)
    except ScenarioError as exc:
        # A cross-field rule: blame the file that set a key of this group, if an override did.
        files = {origin(prefix + name) for name in fields}
        file = sorted(files - {origin("")})[0] if files - {origin("")} else origin(prefix)
        raise ScenarioError(f"{file}: {exc} (in '{prefix.rstrip('.') or 'top level'}')") from None


def read_yaml(path: Path) -> dict[str, Any]:
    """The top-level mapping of a YAML file (empty file -> {}); clear errors otherwise."""
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except FileNotFoundError:
        raise ScenarioError(f"{path}: scenario file not found") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: not valid YAML ({exc})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: expected a mapping of keys at the top level")
    return data


def merge_into(base: dict[str, Any], over: Mapping[str, Any], file: str, prefix: str = "") -> None:
    """Overlay ``over`` on ``base`` (in place, on a copy the caller owns); unknown keys fail."""
    for key, val in over.items():
        dotted = f"{prefix}{key}"
        if key not in base:
            raise ScenarioError(f"{file}: unknown key '{dotted}'")
        if isinstance(val, Mapping) and isinstance(base.get(key), dict) and base.get(key):
            merge_into(base[key], val, file, dotted + ".")
        else:
            base[key] = val
