"""Tests for :mod:`mgcalc.units`: the one registry, quantity parsing and Mg mg/mmol/mEq."""

from __future__ import annotations

import math

import pint
import pytest
from hypothesis import given

import mgcalc
from mgcalc.errors import MgcalcError, UnitError
from mgcalc.units import (
    MAGNESIUM_MOLAR_MASS_G_PER_MOL,
    MAGNESIUM_VALENCE,
    Q_,
    dimension_of,
    magnesium_mg,
    parse_quantity,
    to_magnesium,
    ureg,
)
from strategies import amount_numbers, magnesium_unit_names, mass_unit_names

# -- the registry --------------------------------------------------------------------------


def test_one_registry_is_exported() -> None:
    assert mgcalc.ureg is ureg
    assert mgcalc.Q_ is Q_
    assert Q_(200, "mg")._REGISTRY is ureg


def test_magnesium_constants_match_iupac() -> None:
    molmass = pytest.importorskip("molmass")  # a test dependency; cross-checks 24.305
    assert abs(MAGNESIUM_MOLAR_MASS_G_PER_MOL - molmass.Formula("Mg").mass) < 1e-3
    assert MAGNESIUM_VALENCE == 2


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("1 Tbsp", "tablespoon"),
        ("1 tbs", "tablespoon"),
        ("1 Tbs", "tablespoon"),
        ("1 Tsp", "teaspoon"),
        ("1 fl_oz", "fluid_ounce"),
        ("1 floz", "fluid_ounce"),
        ("1 mEq", "milliequivalent"),
    ],
)
def test_household_and_chemistry_aliases(text: str, unit: str) -> None:
    assert parse_quantity(text).units == ureg(unit).units


def test_us_customary_kitchen_volumes() -> None:
    assert Q_(1, "cup").m_as("ml") == pytest.approx(236.5882365)
    assert Q_(1, "tbsp").m_as("ml") == pytest.approx(14.78676478125)
    assert Q_(1, "cup").m_as("tbsp") == pytest.approx(16)


def test_milliequivalents_do_not_convert_to_mmol_without_the_magnesium_context() -> None:
    with pytest.raises(pint.DimensionalityError):
        Q_(1, "mEq").to("mmol")
    assert Q_(2, "mEq").to("mmol", "magnesium").magnitude == pytest.approx(1.0)


# -- parse_quantity ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "magnitude", "unit"),
    [
        ("200 mg", 200, "mg"),
        ("10 mmol", 10, "mmol"),
        ("1 1/2 cup", 1.5, "cup"),
        ("1/2 cup", 0.5, "cup"),
        ("½ tsp", 0.5, "tsp"),
        ("1 ½ cup", 1.5, "cup"),
        ("1½ cup", 1.5, "cup"),
        ("  3 oz  ", 3, "oz"),
    ],
)
def test_parse_quantity_reads_what_people_write(text: str, magnitude: float, unit: str) -> None:
    quantity = parse_quantity(text)
    assert quantity.magnitude == pytest.approx(magnitude)
    assert quantity.units == ureg(unit).units


def test_parse_quantity_returns_our_quantities_unchanged() -> None:
    quantity = Q_(5, "g")
    assert parse_quantity(quantity) is quantity


def test_parse_quantity_moves_a_foreign_registry_quantity_into_ours() -> None:
    foreign = pint.UnitRegistry().Quantity(250, "mg")
    quantity = parse_quantity(foreign)
    assert quantity._REGISTRY is ureg
    assert quantity.m_as("g") == pytest.approx(0.25)
    assert quantity + Q_(1, "g") == Q_(1.25, "g")


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ("200 zorkmids", "known unit"),
        ("", "such as '200 mg'"),
        ("mg mg (", "'mg mg \\('"),
        (200, "as text"),
        (None, "as text"),
    ],
)
def test_parse_quantity_rejects_what_it_cannot_read(value: object, match: str) -> None:
    with pytest.raises(UnitError, match=match) as info:
        parse_quantity(value, what="a dose")
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, MgcalcError)


def test_a_bare_number_is_a_count() -> None:
    assert dimension_of(parse_quantity("5")) == "count"


def test_parse_quantity_wraps_the_pint_error() -> None:
    with pytest.raises(UnitError) as info:
        parse_quantity("3 zorkmids")
    assert isinstance(info.value.__cause__, pint.errors.UndefinedUnitError)


@pytest.mark.parametrize("text", ["1/0 mg", "nan mg", "inf mg"])
def test_parse_quantity_rejects_non_finite_amounts(text: str) -> None:
    with pytest.raises(UnitError):
        parse_quantity(text)


# -- dimension_of --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("3 oz", "mass"),
        ("200 mg", "mass"),
        ("2 cup", "volume"),
        ("5 ml", "volume"),
        ("10 mmol", "substance"),
        ("20 mEq", "equivalent"),
        ("3", "count"),
        ("1 parsec", "other"),
        ("5 mg/day", "other"),
    ],
)
def test_dimension_of(text: str, kind: str) -> None:
    assert dimension_of(ureg.Quantity(text)) == kind


# -- magnesium_mg and to_magnesium ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "milligrams"),
    [
        ("10 mmol", 243.05),
        ("20 mEq", 243.05),
        ("1 mmol", 24.305),
        ("1 mEq", 12.1525),
        ("0.3 g", 300.0),
        ("400 mg", 400.0),
        (Q_(2, "mmol"), 48.61),
        (Q_(1, "g"), 1000.0),
    ],
)
def test_magnesium_mg(value: object, milligrams: float) -> None:
    assert magnesium_mg(value) == pytest.approx(milligrams)


@pytest.mark.parametrize("value", ["1 cup", "5", "3 parsec", 42])
def test_magnesium_mg_rejects_other_kinds(value: object) -> None:
    with pytest.raises(UnitError):
        magnesium_mg(value)


def test_magnesium_mg_rejects_a_negative_amount() -> None:
    with pytest.raises(MgcalcError):
        magnesium_mg("-5 mg")


@pytest.mark.parametrize(
    ("unit", "magnitude"),
    [("mmol", 17.2804), ("mEq", 34.5608), ("g", 0.42), ("mg", 420.0)],
)
def test_to_magnesium(unit: str, magnitude: float) -> None:
    quantity = to_magnesium("420 mg", unit)
    assert quantity._REGISTRY is ureg
    assert quantity.units == ureg(unit).units
    assert quantity.magnitude == pytest.approx(magnitude, rel=1e-5)


@pytest.mark.parametrize("unit", ["cup", "parsec", "zorkmid"])
def test_to_magnesium_rejects_a_target_that_is_no_magnesium_unit(unit: str) -> None:
    with pytest.raises(UnitError, match=unit):
        to_magnesium("420 mg", unit)


# -- laws ----------------------------------------------------------------------------------


@given(amount=amount_numbers, unit=mass_unit_names, via=mass_unit_names)
def test_mass_conversions_round_trip(amount: float, unit: str, via: str) -> None:
    there = Q_(amount, unit).to(via)
    back = there.to(unit)
    assert back.magnitude == pytest.approx(amount, rel=1e-12)


@given(amount=amount_numbers, unit=magnesium_unit_names, via=magnesium_unit_names)
def test_magnesium_conversions_round_trip(amount: float, unit: str, via: str) -> None:
    there = to_magnesium(f"{amount} {unit}", via)
    back = to_magnesium(there, unit)
    assert back.magnitude == pytest.approx(amount, rel=1e-12)


@given(amount=amount_numbers)
def test_mmol_and_meq_follow_molar_mass_and_valence(amount: float) -> None:
    from_mmol = magnesium_mg(f"{amount} mmol")
    assert from_mmol == pytest.approx(amount * MAGNESIUM_MOLAR_MASS_G_PER_MOL, rel=1e-12)
    assert magnesium_mg(f"{amount * MAGNESIUM_VALENCE} mEq") == pytest.approx(from_mmol, rel=1e-12)


@given(amount=amount_numbers, unit=magnesium_unit_names, factor=amount_numbers)
def test_magnesium_mg_is_linear(amount: float, unit: str, factor: float) -> None:
    single = magnesium_mg(f"{amount} {unit}")
    assert single >= 0
    assert math.isfinite(single)
    assert magnesium_mg(Q_(amount * factor, unit)) == pytest.approx(single * factor, rel=1e-12)
