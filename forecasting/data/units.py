"""Named unit-conversion constants with their derivation, and an explicit ``convert``.

Lithium quantities are converted through the mass of lithium they contain. Every factor is a
ratio of molar masses computed from IUPAC standard atomic weights (conventional values, g/mol):

    Li 6.94, C 12.011, O 15.999, H 1.008, Cl 35.45

    M(Li2CO3)   = 2*6.94 + 12.011 + 3*15.999          = 73.888 g/mol  (LCE = lithium carbonate)
    M(LiOH.H2O) = 6.94 + 2*15.999 + 3*1.008           = 41.962 g/mol
    M(Li2O)     = 2*6.94 + 15.999                     = 29.879 g/mol
    M(LiCl)     = 6.94 + 35.45                        = 42.39  g/mol

    LI_TO_LCE       = M(Li2CO3) / (2 M(Li))           ~ 5.323  t LCE per t Li
    LIOH_H2O_TO_LCE = M(Li2CO3) / (2 M(LiOH.H2O))     ~ 0.8804 t LCE per t LiOH.H2O
    LI2O_TO_LCE     = M(Li2CO3) / M(Li2O)             ~ 2.473  t LCE per t Li2O
    LICL_TO_LCE     = M(Li2CO3) / (2 M(LiCl))         ~ 0.8715 t LCE per t LiCl

These agree with the stoichiometric table of Busch et al. (2025) (``datasets/unit_conversions.csv``,
source BUSCH2025_REPO) to better than 0.1 %; a test checks that. Scale factors: 1 kt = 1,000 t;
1 GWh = 1,000 MWh = 1,000,000 kWh. Reserve scales: mt_* = 1e6 t, 10kt_* = 1e4 t
(万吨) of that compound. Brine grade: 1 g/L = 1,000 mg/L; percent: 1 pct = 0.01 (fraction).

``convert(value, from_unit, to_unit)`` works within one dimension (lithium mass, energy, plain
mass of one compound); anything else raises :class:`forecasting.errors.UnitError` naming both units.
"""

from __future__ import annotations

from typing import overload

import numpy as np

from forecasting.errors import UnitError

# IUPAC conventional standard atomic weights, g/mol.
M_LI_G_PER_MOL = 6.94
M_C_G_PER_MOL = 12.011
M_O_G_PER_MOL = 15.999
M_H_G_PER_MOL = 1.008
M_CL_G_PER_MOL = 35.45

M_LI2CO3_G_PER_MOL = 2 * M_LI_G_PER_MOL + M_C_G_PER_MOL + 3 * M_O_G_PER_MOL
M_LIOH_H2O_G_PER_MOL = M_LI_G_PER_MOL + 2 * M_O_G_PER_MOL + 3 * M_H_G_PER_MOL
M_LI2O_G_PER_MOL = 2 * M_LI_G_PER_MOL + M_O_G_PER_MOL
M_LICL_G_PER_MOL = M_LI_G_PER_MOL + M_CL_G_PER_MOL

#: t LCE per t Li: one Li2CO3 holds two Li atoms.
LI_TO_LCE = M_LI2CO3_G_PER_MOL / (2 * M_LI_G_PER_MOL)
#: t LCE per t LiOH.H2O: two hydroxide formula units give one carbonate.
LIOH_H2O_TO_LCE = M_LI2CO3_G_PER_MOL / (2 * M_LIOH_H2O_G_PER_MOL)
#: t LCE per t Li2O: both hold two Li atoms.
LI2O_TO_LCE = M_LI2CO3_G_PER_MOL / M_LI2O_G_PER_MOL
#: t LCE per t LiCl: two chloride formula units give one carbonate.
LICL_TO_LCE = M_LI2CO3_G_PER_MOL / (2 * M_LICL_G_PER_MOL)
#: t per kt.
T_PER_KT = 1_000.0
#: kWh per GWh, MWh per GWh, kWh per MWh.
KWH_PER_GWH = 1_000_000.0
MWH_PER_GWH = 1_000.0
KWH_PER_MWH = 1_000.0

# Each unit maps to (dimension, factor to the dimension's base unit).
# Lithium-mass base: t Li contained. Energy base: kWh. Money base: CNY.
_LITHIUM = "lithium mass"
_ENERGY = "energy"
_UNITS: dict[str, tuple[str, float]] = {
    "t_li": (_LITHIUM, 1.0),
    "kt_li": (_LITHIUM, T_PER_KT),
    "t_lce": (_LITHIUM, 1.0 / LI_TO_LCE),
    "kt_lce": (_LITHIUM, T_PER_KT / LI_TO_LCE),
    "t_li2co3": (_LITHIUM, 1.0 / LI_TO_LCE),
    "t_lioh_h2o": (_LITHIUM, LIOH_H2O_TO_LCE / LI_TO_LCE),
    "kt_lioh_h2o": (_LITHIUM, T_PER_KT * LIOH_H2O_TO_LCE / LI_TO_LCE),
    "t_li2o": (_LITHIUM, LI2O_TO_LCE / LI_TO_LCE),
    "t_licl": (_LITHIUM, LICL_TO_LCE / LI_TO_LCE),
    "kt_licl": (_LITHIUM, T_PER_KT * LICL_TO_LCE / LI_TO_LCE),
    "mt_li": (_LITHIUM, 1e6),
    "10kt_li": (_LITHIUM, 1e4),
    "mt_lce": (_LITHIUM, 1e6 / LI_TO_LCE),
    "10kt_lce": (_LITHIUM, 1e4 / LI_TO_LCE),
    "mt_licl": (_LITHIUM, 1e6 * LICL_TO_LCE / LI_TO_LCE),
    "10kt_licl": (_LITHIUM, 1e4 * LICL_TO_LCE / LI_TO_LCE),
    "mg_per_l": ("concentration (mass per volume)", 1.0),
    "g_per_l": ("concentration (mass per volume)", 1_000.0),
    "pct": ("fraction", 0.01),
    "fraction": ("fraction", 1.0),
    "kwh": (_ENERGY, 1.0),
    "mwh": (_ENERGY, KWH_PER_MWH),
    "gwh": (_ENERGY, KWH_PER_GWH),
    "cny": ("money (CNY)", 1.0),
    "bn_cny": ("money (CNY)", 1e9),
    "100m_cny": ("money (CNY)", 1e8),
    "m_cny": ("money (CNY)", 1e6),
    "10k_cny": ("money (CNY)", 1e4),
}

#: Every unit ``convert`` knows.
KNOWN_UNITS: tuple[str, ...] = tuple(_UNITS)


def _lookup(unit: str, other: str) -> tuple[str, float]:
    key = str(unit).strip().lower()
    if key not in _UNITS:
        raise UnitError(
            f"cannot convert from {unit!r} to {other!r}: unknown unit {unit!r} "
            f"(known units: {', '.join(KNOWN_UNITS)})"
        )
    return _UNITS[key]


@overload
def convert(value: float, from_unit: str, to_unit: str) -> float: ...
@overload
def convert(value: np.ndarray, from_unit: str, to_unit: str) -> np.ndarray: ...


def convert(value, from_unit: str, to_unit: str):
    """Convert ``value`` (scalar, array or Series) from ``from_unit`` to ``to_unit``.

    value_to = value_from * factor(from_unit) / factor(to_unit), where factor maps a unit to its
    dimension's base (t Li contained for lithium compounds, kWh for energy, CNY for money).
    Raises UnitError naming both units if either is unknown or the dimensions differ.
    """
    dim_from, f_from = _lookup(from_unit, to_unit)
    dim_to, f_to = _lookup(to_unit, from_unit)
    if dim_from != dim_to:
        raise UnitError(
            f"cannot convert from {from_unit!r} ({dim_from}) to {to_unit!r} ({dim_to}): "
            "the units measure different quantities"
        )
    return value * (f_from / f_to)
