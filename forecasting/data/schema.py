"""A small declarative schema: what each column of a curated table must hold.

One :class:`TableSchema` per table lists its :class:`Field` objects (name, dtype, unit, required,
min/max, allowed values), the primary key and ordering rules. The same objects drive validation
(:mod:`forecasting.data.validate`) and generate ``datasets/datapackage.json``
(:func:`forecasting.data.datapackage.build_datapackage`), so the checks and the docs never drift.

dtypes: ``str``, ``float``, ``int`` (nullable Int64), ``bool`` (``true``/``false``), ``date``
(ISO ``YYYY-MM-DD``), ``month`` (``YYYY-MM``, read as the month-end timestamp).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Plausibility ceilings (a value above is a typo or a unit slip, e.g. kg read as t).
MAX_T = 1e7  # tonnes of any lithium product per year (world output is ~1e6 t LCE)
MAX_VEHICLES = 1e8  # vehicles per period (world car sales are ~8e7 a year)
MAX_PRICE = 2e6  # CNY/t (record spot ~6e5); USD prices are far below
DTYPES = ("str", "float", "int", "bool", "date", "month")
#: Frictionless Table Schema types for each dtype.
FRICTIONLESS_TYPES = {
    "str": "string",
    "float": "number",
    "int": "integer",
    "bool": "boolean",
    "date": "date",
    "month": "yearmonth",
}


@dataclass(frozen=True)
class Field:
    """One column: ``name`` carries the unit where there is one (``capacity_t_lce_per_year``)."""

    name: str
    dtype: str = "str"
    description: str = ""
    unit: str | None = None
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] | None = None
    #: a column added after the table was first published: a user's file without it still
    #: loads (the column reads as empty; bool as false)
    added_later: bool = False

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(f"field {self.name!r}: dtype {self.dtype!r} not in {DTYPES}")
        if self.added_later and self.required:
            raise ValueError(f"field {self.name!r}: a column added later cannot be required")


@dataclass(frozen=True)
class TableSchema:
    """A curated table: file name, fields, primary key and the rules beyond single cells.

    ``ordered_by``: rows must be sorted (non-decreasing) by these columns.
    ``period_pairs``: (start, end) column pairs where end must not precede start.
    ``self_references``: (column, key column) pairs: a non-empty value must exist in the key
    column of the same table (e.g. superseded_by -> target_id).
    ``refresh``: how a user with internet refreshes the table (official URL, steps).
    """

    name: str
    filename: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    refresh: str
    ordered_by: tuple[str, ...] = ()
    period_pairs: tuple[tuple[str, str], ...] = ()
    self_references: tuple[tuple[str, str], ...] = ()
    source_column: str = "source_id"
    licence: str = "CC-BY-4.0 for the curation; underlying facts as cited per source_id"
    extra: dict = field(default_factory=dict)

    def field_names(self) -> list[str]:
        """Column names in file order."""
        return [f.name for f in self.fields]

    def get(self, name: str) -> Field:
        """The field called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def text(name: str, description: str = "", required: bool = False, **kw) -> Field:
    """A string column."""
    return Field(name, "str", description, required=required, **kw)


def number(name: str, unit: str, description: str = "", minimum: float | None = 0.0, **kw) -> Field:
    """A float column in ``unit`` (non-negative unless ``minimum`` says otherwise)."""
    return Field(name, "float", description, unit=unit, minimum=minimum, **kw)


def integer(name: str, description: str = "", **kw) -> Field:
    """A nullable integer column (years, counts)."""
    return Field(name, "int", description, **kw)


def choice(name: str, allowed: tuple[str, ...], description: str = "", **kw) -> Field:
    """A string column restricted to ``allowed``."""
    return Field(name, "str", description, allowed=allowed, **kw)


def later(fld: Field) -> Field:
    """``fld`` marked as added after first publication (see ``Field.added_later``)."""
    from dataclasses import replace

    return replace(fld, added_later=True)


def source_field() -> Field:
    """The ``source_id`` column every table carries (``A;B`` cites several sources)."""
    return Field(
        "source_id",
        "str",
        "source_id(s) described in sources.csv; several are joined by ';'",
        required=True,
    )


#: The ``published_date`` column (drives ``as_of``) and the period columns shared by tables.
PUBLISHED = Field(
    "published_date",
    "date",
    "first publication of the figure (earliest source date); empty if unknown",
)
PERIOD = (
    Field("period_start", "date", "first day of the period", required=True),
    Field("period_end", "date", "last day of the period (the series timestamp)", required=True),
)
