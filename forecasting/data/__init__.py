"""Curated, cited datasets and their validated loaders (``datasets/`` -> tidy typed frames).

Every loader accepts ``path=`` (a user's file or folder in the same schema) and never modifies
files; time-series loaders accept ``as_of=`` (rows known by that date). See
``forecasting.data.tables`` for every table's columns and units.
"""

from __future__ import annotations

from forecasting.data.qinghai import (
    load_company_output,
    load_qinghai_capacity,
    load_qinghai_output,
    load_qinghai_projects,
    load_targets,
)
from forecasting.data.registry import apply_as_of, datasets_dir, load_table
from forecasting.data.sources import load_sources, preferred
from forecasting.data.units import (
    KWH_PER_GWH,
    KWH_PER_MWH,
    LI2O_TO_LCE,
    LI_TO_LCE,
    LICL_TO_LCE,
    LIOH_H2O_TO_LCE,
    MWH_PER_GWH,
    T_PER_KT,
    convert,
)

__all__ = [
    "KWH_PER_GWH",
    "KWH_PER_MWH",
    "LI2O_TO_LCE",
    "LICL_TO_LCE",
    "LIOH_H2O_TO_LCE",
    "LI_TO_LCE",
    "MWH_PER_GWH",
    "T_PER_KT",
    "apply_as_of",
    "convert",
    "datasets_dir",
    "load_company_output",
    "load_qinghai_capacity",
    "load_qinghai_output",
    "load_qinghai_projects",
    "load_sources",
    "load_table",
    "load_targets",
    "preferred",
]
