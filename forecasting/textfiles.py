"""Reading a user's text and YAML files with errors that name the file and say what to do.

A file path can fail in ways that surface deep inside Python as ``IsADirectoryError``,
``UnicodeDecodeError`` or ``RuntimeError: Symlink loop``; :func:`read_text` turns each into the
caller's error class with the file name, the cause and the fix. :func:`load_yaml_mapping`
additionally refuses what YAML accepts silently: duplicated keys (where the last one would win)
and an empty file.
"""

from __future__ import annotations

import codecs
import errno
from pathlib import Path
from typing import Any

import yaml

from forecasting.errors import ForecastingError

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def read_text(path: Path | str, what: str, error: type[ForecastingError]) -> str:
    """The UTF-8 text of ``path`` (a UTF-8 byte-order mark is dropped).

    Raises ``error`` naming the file for: a missing file, a folder, a symlink loop, a file that
    cannot be read, and text that is not UTF-8 (UTF-16/32 detected by byte-order mark or NUL
    bytes; anything else, e.g. GBK, by the first undecodable byte and its line).
    """
    p = Path(path)
    try:
        if p.is_dir():
            raise error(f"{p}: is a folder, not a {what} (give the path of one file)")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise error(f"{p}: {what} not found") from None
    except IsADirectoryError:
        raise error(f"{p}: is a folder, not a {what} (give the path of one file)") from None
    except PermissionError:
        raise error(f"{p}: {what} cannot be read (permission denied)") from None
    except (OSError, RuntimeError) as exc:
        if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
            raise error(f"{p}: symlink loop (the link points back at itself)") from None
        raise error(f"{p}: {what} cannot be read ({exc.strerror or exc})") from None
    return decode_utf8(raw, p, what, error)


def decode_utf8(raw: bytes, path: Path, what: str, error: type[ForecastingError]) -> str:
    """``raw`` decoded as UTF-8, or ``error`` naming the encoding problem and its line."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raise error(f"{path}: {what} is {name}-encoded; save it as UTF-8")
    if b"\x00" in raw[:4096]:
        raise error(f"{path}: {what} contains NUL bytes (UTF-16 without a BOM?); save as UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            f"{path}: line {line}: {what} is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start}; GBK/GB2312 or Latin-1 text?); save it as UTF-8"
        ) from None


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a mapping with the same key twice."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicated key {key!r} on line {line} (first on line {seen[key]}; "
                "YAML would silently keep the last one)",
                key_node.start_mark,
            )
        seen[key] = line
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_mapping(
    path: Path | str, what: str, error: type[ForecastingError], allow_empty: bool = False
) -> dict[str, Any]:
    """The top-level mapping of the YAML file ``path`` (keys must be unique at every level).

    An empty file (or one holding only comments) is an error unless ``allow_empty``.
    """
    p = Path(path)
    text = read_text(p, what, error)
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise error(f"{p}: not valid YAML{where}: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise error(f"{p}: not valid YAML ({exc})") from None
    if data is None:
        if allow_empty:
            return {}
        raise error(f"{p}: {what} is empty (expected a mapping of keys, e.g. 'supply: ...')")
    if not isinstance(data, dict):
        raise error(f"{p}: expected a mapping of keys at the top level, got {type(data).__name__}")
    return data
