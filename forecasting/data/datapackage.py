"""Generate ``datasets/datapackage.json`` (Frictionless Data Package) from the schema objects.

The descriptor is built from :data:`forecasting.data.tables.TABLES` and the sources table, so the
documentation cannot drift from the validation rules; a test checks that the committed file
equals :func:`build_datapackage` output. Regenerate with ``write_datapackage()``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from forecasting.data.registry import datasets_dir, load_table
from forecasting.data.schema import FRICTIONLESS_TYPES, Field, TableSchema
from forecasting.data.tables import TABLES

PACKAGE_LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Curation and code notes under CC BY 4.0; each source keeps its own licence "
    "(see sources[].licence): IEA CC BY 4.0 (to confirm), OWID CC BY 4.0, USGS public domain, "
    "Open EV Charts GPL-3.0, Busch et al. repository MIT; web pages: facts only",
}


def _field(fld: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"name": fld.name, "type": FRICTIONLESS_TYPES[fld.dtype]}
    if fld.description:
        out["description"] = fld.description
    if fld.unit:
        out["unit"] = fld.unit
    constraints: dict[str, Any] = {}
    if fld.required:
        constraints["required"] = True
    if fld.minimum is not None:
        constraints["minimum"] = fld.minimum
    if fld.maximum is not None:
        constraints["maximum"] = fld.maximum
    if fld.allowed is not None:
        constraints["enum"] = list(fld.allowed)
    if constraints:
        out["constraints"] = constraints
    return out


def _resource(schema: TableSchema, used: list[dict[str, Any]]) -> dict[str, Any]:
    """One Tabular Data Resource. ``licenses`` is the curation licence (Frictionless needs a
    licence ``name`` or ``path``); the licences of the underlying sources, free text in
    SOURCES.md, are listed in ``source_licences`` and per source in ``sources[].licence``."""
    licences = sorted({s["licence"] for s in used})
    return {
        "name": schema.name,
        "path": schema.filename,
        "profile": "tabular-data-resource",
        "title": schema.title,
        "description": schema.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "refresh": schema.refresh,
        "licenses": [PACKAGE_LICENCE],
        "source_licences": licences,
        "sources": used,
        "schema": {
            "fields": [_field(f) for f in schema.fields],
            "primaryKey": list(schema.primary_key),
            "foreignKeys": [
                {"fields": col, "reference": {"resource": "", "fields": key}}
                for col, key in schema.self_references
            ],
            "missingValues": [""],
        },
    }


def _used_source_ids(name: str, folder: Path) -> list[str]:
    schema = TABLES[name]
    if not schema.source_column:
        return []
    col = pd.read_csv(folder / schema.filename, usecols=[schema.source_column], dtype=str)
    ids = {s.strip() for cell in col[schema.source_column].dropna() for s in cell.split(";")}
    return sorted(ids)


def build_datapackage(folder: Path | str | None = None) -> dict[str, Any]:
    """The Data Package descriptor for the tables in ``folder`` (default: bundled datasets)."""
    folder = Path(folder) if folder is not None else datasets_dir()
    sources = load_table("sources", path=folder)
    src = [
        {
            "id": r.source_id,
            "title": r.title,
            "publisher": r.publisher,
            "date": r.date,
            "path": r.url,
            "licence": r.licence,
            "published_date": (
                r.published_date.strftime("%Y-%m-%d") if pd.notna(r.published_date) else ""
            ),
            "reliability": r.reliability,
        }
        for r in sources.fillna("").itertuples()
    ]
    by_id = {s["id"]: s for s in src}
    resources = [
        _resource(schema, [by_id[i] for i in _used_source_ids(name, folder)])
        for name, schema in TABLES.items()
    ]
    return {
        "profile": "tabular-data-package",
        "name": "qinghai-lithium-forecasting-data",
        "title": "Qinghai lithium carbonate and EV lithium demand: curated, cited tables",
        "description": "Every row carries a source_id described in sources.csv. Derived by "
        "datasets/build/*.py from ../shared/data; judgement calls in corrections.yml.",
        "licenses": [PACKAGE_LICENCE],
        "sources": src,
        "resources": resources,
    }


def write_datapackage(folder: Path | str | None = None) -> Path:
    """Write ``datapackage.json`` into ``folder`` (default: bundled datasets); returns its path."""
    folder = Path(folder) if folder is not None else datasets_dir()
    path = folder / "datapackage.json"
    text = json.dumps(build_datapackage(folder), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
