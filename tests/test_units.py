"""Unit conversions: known factors, property-based round trips, clear errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecasting.data import (
    KWH_PER_GWH,
    LI2O_TO_LCE,
    LI_TO_LCE,
    LICL_TO_LCE,
    LIOH_H2O_TO_LCE,
    T_PER_KT,
    convert,
    load_unit_conversions,
)
from forecasting.data.units import KNOWN_UNITS
from forecasting.errors import UnitError

LITHIUM_UNITS = ["t_li", "kt_li", "t_lce", "kt_lce", "t_lioh_h2o", "t_li2o", "t_licl", "kt_licl"]
ENERGY_UNITS = ["kwh", "mwh", "gwh"]
finite = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_infinity=False)


def test_known_factors_match_literature_values():
    # The widely quoted factors: Li->LCE 5.323, LiOH.H2O->LCE 0.880, Li2O->LCE 2.473,
    # LiCl->LCE 0.8715 (stoichiometry with IUPAC atomic weights).
    assert LI_TO_LCE == pytest.approx(5.323, abs=5e-4)
    assert LIOH_H2O_TO_LCE == pytest.approx(0.8804, abs=5e-4)
    assert LI2O_TO_LCE == pytest.approx(2.473, abs=5e-4)
    assert LICL_TO_LCE == pytest.approx(0.8715, abs=5e-4)
    assert convert(1.0, "t_li", "t_lce") == pytest.approx(LI_TO_LCE)
    assert convert(2.0, "kt_lce", "t_lce") == pytest.approx(2 * T_PER_KT)
    assert convert(1.0, "gwh", "kwh") == pytest.approx(KWH_PER_GWH)
    assert convert(60.0, "gwh", "mwh") == pytest.approx(60_000.0)


def test_factors_agree_with_published_busch_table():
    table = load_unit_conversions()
    assert len(table) == 25  # 5 compounds x 5 compounds
    for row in table.itertuples():
        ours = convert(1.0, row.from_unit, row.to_unit)
        assert ours == pytest.approx(row.factor, rel=1e-3), (row.from_unit, row.to_unit)


@given(value=finite, a=st.sampled_from(LITHIUM_UNITS), b=st.sampled_from(LITHIUM_UNITS))
def test_lithium_round_trip(value, a, b):
    back = convert(convert(value, a, b), b, a)
    assert math.isclose(back, value, rel_tol=1e-12)


@given(value=finite, a=st.sampled_from(ENERGY_UNITS), b=st.sampled_from(ENERGY_UNITS))
def test_energy_round_trip(value, a, b):
    assert math.isclose(convert(convert(value, a, b), b, a), value, rel_tol=1e-12)


@given(
    value=finite,
    a=st.sampled_from(LITHIUM_UNITS),
    b=st.sampled_from(LITHIUM_UNITS),
    c=st.sampled_from(LITHIUM_UNITS),
)
def test_conversion_is_transitive(value, a, b, c):
    direct = convert(value, a, c)
    via = convert(convert(value, a, b), b, c)
    assert math.isclose(direct, via, rel_tol=1e-12)


@given(value=finite)
def test_lce_contains_less_lithium_than_its_mass(value):
    # a tonne of carbonate holds 1/5.323 t of lithium: converting to Li shrinks the number
    assert convert(value, "t_lce", "t_li") < value


def test_convert_works_on_arrays_and_series():
    arr = convert(np.array([1.0, 2.0]), "t_li", "t_lce")
    np.testing.assert_allclose(arr, [LI_TO_LCE, 2 * LI_TO_LCE])
    ser = convert(pd.Series([1000.0]), "t_lce", "kt_lce")
    assert ser.iloc[0] == pytest.approx(1.0)


def test_unknown_unit_names_both_units():
    with pytest.raises(UnitError, match=r"'t_foo'.*'t_lce'|'t_lce'.*'t_foo'"):
        convert(1.0, "t_foo", "t_lce")
    with pytest.raises(UnitError, match="t_bar") as exc:
        convert(1.0, "t_lce", "t_bar")
    assert "t_lce" in str(exc.value)


def test_impossible_conversion_names_both_units():
    with pytest.raises(UnitError) as exc:
        convert(1.0, "t_lce", "gwh")
    msg = str(exc.value)
    assert "t_lce" in msg and "gwh" in msg and "different quantities" in msg


def test_known_units_are_listed_in_error():
    with pytest.raises(UnitError) as exc:
        convert(1.0, "tonnes", "t_lce")
    for unit in ("t_li", "t_lce", "gwh"):
        assert unit in str(exc.value)
    assert set(LITHIUM_UNITS + ENERGY_UNITS) <= set(KNOWN_UNITS)
