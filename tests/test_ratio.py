"""Tests for mgcalc.ratio: the calcium:magnesium ratio, its ranges and flags."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from mgcalc.errors import UnitError, UnknownOptionError
from mgcalc.ratio import (
    MOLAR_PER_MASS_RATIO,
    RATIO_FLAGS,
    RATIO_RANGES,
    RatioRange,
    RatioResult,
    calcium_magnesium_ratio,
    ratio_flags,
    resolve_range,
)
from mgcalc.units import Q_
from strategies import calcium_intake_mg, coverages, magnesium_intake_mg, maybe_magnesium_mg

_ORDER = {"below": 0, "within": 1, "above": 2}


def test_design_example() -> None:
    result = calcium_magnesium_ratio(Q_(900, "mg"), Q_(300, "mg"))
    assert isinstance(result, RatioResult)
    assert (result.value, result.flag, result.reason) == (3.0, "within", None)
    assert result.range == RATIO_RANGES["default"]
    assert (result.calcium_mg, result.magnesium_mg) == (900.0, 300.0)


def test_presets_match_the_reference_notes() -> None:
    """nutrition-science.md §6: default 2.2-3.2 (no source found), Costello 2021 1.70-2.60."""
    default, costello = RATIO_RANGES["default"], RATIO_RANGES["costello2021"]
    assert (default.low, default.high, default.basis) == (2.2, 3.2, "mass")
    assert "UNVERIFIED" in default.description
    assert "no source found" in default.source
    assert (costello.low, costello.high, costello.basis) == (1.70, 2.60, "mass")
    assert "10.1093/advances/nmaa160" in costello.source
    assert "2021;12(2):291" in costello.source


def test_molar_factor() -> None:
    """§4: mass ratio × (24.305/40.078 ≈ 0.60645) = molar ratio; §6 lists rounded examples."""
    assert round(MOLAR_PER_MASS_RATIO, 4) == 0.6064  # the notes print 0.60645
    for mass, molar in [(1.70, 1.03), (2.00, 1.21), (2.50, 1.52), (2.60, 1.58), (3.00, 1.82)]:
        assert round(mass * MOLAR_PER_MASS_RATIO, 2) == molar


@pytest.mark.parametrize(
    ("calcium", "magnesium", "value", "flag"),
    [
        ("900 mg", "300 mg", 3.0, "within"),
        (900, 300, 3.0, "within"),
        (660.0, 300.0, 2.2, "within"),
        (960.0, 300.0, 3.2, "within"),
        (659.0, 300.0, 659 / 300, "below"),
        (961.0, 300.0, 961 / 300, "above"),
        (Q_(1.2, "g"), Q_(300, "mg"), 4.0, "above"),
        (0.0, 300.0, 0.0, "below"),
        ("1.2 g", "0.4 g", 3.0, "within"),
    ],
)
def test_mass_ratio_and_flag(calcium: object, magnesium: object, value: float, flag: str) -> None:
    result = calcium_magnesium_ratio(calcium, magnesium)  # type: ignore[arg-type]
    assert result.value == pytest.approx(value, rel=1e-12)
    assert result.flag == flag


def test_substance_and_equivalent_inputs() -> None:
    """mmol and mEq convert through each element's molar mass (Ca 40.078, Mg 24.305 g/mol)."""
    by_mmol = calcium_magnesium_ratio("20 mmol", "10 mmol")
    assert by_mmol.value == pytest.approx(2 * 40.078 / 24.305)
    by_meq = calcium_magnesium_ratio("40 mEq", "20 mEq")
    assert by_meq.value == pytest.approx(by_mmol.value)
    molar = calcium_magnesium_ratio("20 mmol", "10 mmol", basis="molar")
    assert molar.value == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("calcium", "magnesium", "flag"),
    [(1.70, 1.0, "within"), (2.60, 1.0, "within"), (1.69, 1.0, "below"), (2.61, 1.0, "above")],
)
def test_costello_bounds_inclusive(calcium: float, magnesium: float, flag: str) -> None:
    assert calcium_magnesium_ratio(calcium, magnesium, range="costello2021").flag == flag


def test_molar_basis_converts_value_and_range() -> None:
    mass = calcium_magnesium_ratio(660, 300)
    molar = calcium_magnesium_ratio(660, 300, basis="molar")
    assert molar.value == pytest.approx(2.2 * MOLAR_PER_MASS_RATIO)
    assert molar.range.basis == "molar"
    assert molar.range.low == pytest.approx(2.2 * MOLAR_PER_MASS_RATIO)
    assert molar.range.high == pytest.approx(3.2 * MOLAR_PER_MASS_RATIO)
    assert molar.flag == mass.flag == "within"


def test_custom_ranges() -> None:
    assert calcium_magnesium_ratio(900, 300, range=(1.0, 2.0)).flag == "above"
    assert calcium_magnesium_ratio(900, 300, range=(3.0, 3.0)).flag == "within"
    custom = RatioRange(low=1.0, high=2.0, name="mine", source="my notes")
    result = calcium_magnesium_ratio(300, 300, range=custom)
    assert (result.flag, result.range.name) == ("within", "mine")
    # a tuple is stated on the basis asked for; a RatioRange on its own basis
    assert resolve_range((1.0, 1.5), "molar") == RatioRange(low=1.0, high=1.5, basis="molar")
    assert resolve_range(custom, "molar").high == pytest.approx(2.0 * MOLAR_PER_MASS_RATIO)
    assert resolve_range(custom.to_basis("molar"), "mass").high == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("calcium", "magnesium", "coverage", "reason"),
    [
        (900.0, 0.0, None, "magnesium is zero"),
        (900.0, math.nan, None, "magnesium unknown"),
        (900.0, None, None, "magnesium unknown"),
        (math.nan, 300.0, None, "calcium unknown"),
        (None, 300.0, None, "calcium unknown"),
        (900.0, 300.0, 0.5, "coverage 0.50 is below the minimum 0.90"),
        (900.0, 300.0, math.nan, "coverage unknown"),
    ],
)
def test_indeterminate(
    calcium: float | None, magnesium: float | None, coverage: float | None, reason: str
) -> None:
    result = calcium_magnesium_ratio(calcium, magnesium, coverage=coverage)
    assert (result.value, result.flag, result.reason) == (None, "indeterminate", reason)


def test_coverage_at_threshold_is_enough() -> None:
    assert calcium_magnesium_ratio(900, 300, coverage=0.9).flag == "within"
    assert calcium_magnesium_ratio(900, 300, coverage=0.5, min_coverage=0.5).flag == "within"


def test_unknown_range_key_lists_valid_ones() -> None:
    with pytest.raises(UnknownOptionError, match=r"range='iom'.*default, costello2021") as info:
        calcium_magnesium_ratio(900, 300, range="iom")
    assert info.value.valid == ("default", "costello2021")
    assert pickle.loads(pickle.dumps(info.value)).valid == info.value.valid


def test_unknown_basis() -> None:
    with pytest.raises(UnknownOptionError, match=r"basis='weight'.*mass, molar"):
        calcium_magnesium_ratio(900, 300, basis="weight")  # type: ignore[arg-type]


@pytest.mark.parametrize("bounds", [(3.2, 2.2), (2.0, 1.0)])
def test_low_above_high(bounds: tuple[float, float]) -> None:
    with pytest.raises(ValueError, match=r"low bound .* is above its high bound"):
        calcium_magnesium_ratio(900, 300, range=bounds)
    with pytest.raises(ValidationError, match="above its high bound"):
        RatioRange(low=bounds[0], high=bounds[1])


def test_negative_bound_rejected() -> None:
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        RatioRange(low=-1.0, high=2.0)


def test_negative_intake_rejected() -> None:
    with pytest.raises(ValueError, match="calcium intake must not be negative"):
        calcium_magnesium_ratio(-1.0, 300.0)
    with pytest.raises(ValueError, match="magnesium intake must not be negative"):
        calcium_magnesium_ratio(900.0, "-3 mg")


def test_wrong_unit_kind() -> None:
    with pytest.raises(UnitError, match="a calcium mass"):
        calcium_magnesium_ratio("1 cup", "300 mg")


@pytest.mark.parametrize("min_coverage", [-0.1, 1.5])
def test_min_coverage_outside_unit_interval(min_coverage: float) -> None:
    with pytest.raises(ValueError, match=r"min_coverage=.* must be a finite number from 0 to 1"):
        calcium_magnesium_ratio(900, 300, min_coverage=min_coverage)
    with pytest.raises(ValueError, match=r"min_coverage=.* must be a finite number from 0 to 1"):
        ratio_flags(pd.Series([900.0]), pd.Series([300.0]), min_coverage=min_coverage)


def test_results_are_frozen_and_serialise() -> None:
    result = calcium_magnesium_ratio(900, 300)
    with pytest.raises(ValidationError, match="frozen"):
        result.flag = "above"  # type: ignore[misc]
    assert RatioResult.model_validate_json(result.model_dump_json()) == result


def test_ratio_flags_frame() -> None:
    index = pd.Index(["mon", "tue", "wed", "thu", "fri"], name="date")
    calcium = pd.Series([900.0, 660.0, 1200.0, np.nan, 400.0], index=index)
    magnesium = pd.Series([300.0, 300.0, 0.0, 300.0, 300.0], index=index)
    coverage = pd.Series([1.0, 0.95, 1.0, 1.0, 0.5], index=index)
    out = ratio_flags(calcium, magnesium, coverage=coverage)
    assert list(out.columns) == ["ca_mg_ratio", "ratio_flag"]
    assert out.index.equals(index)
    assert isinstance(out["ratio_flag"].dtype, pd.CategoricalDtype)
    assert list(out["ratio_flag"].cat.categories) == list(RATIO_FLAGS)
    assert out["ratio_flag"].tolist() == [
        "within",
        "within",
        "indeterminate",
        "indeterminate",
        "indeterminate",
    ]
    assert out["ca_mg_ratio"].iloc[:2].tolist() == [3.0, 2.2]
    assert out["ca_mg_ratio"].iloc[2:].isna().all()


def test_ratio_flags_rejects_misaligned_and_negative() -> None:
    with pytest.raises(ValueError, match="magnesium_mg must have the same index"):
        ratio_flags(pd.Series([1.0, 2.0]), pd.Series([1.0, 2.0], index=[5, 6]))
    with pytest.raises(ValueError, match="coverage must have the same index"):
        ratio_flags(pd.Series([1.0]), pd.Series([1.0]), coverage=pd.Series([1.0], index=[3]))
    with pytest.raises(ValueError, match=r"must not be negative; rows \[1\]"):
        ratio_flags(pd.Series([1.0, -2.0]), pd.Series([1.0, 2.0]))


def test_ratio_flags_molar_and_costello() -> None:
    calcium, magnesium = pd.Series([510.0, 780.0, 900.0]), pd.Series([300.0, 300.0, 300.0])
    out = ratio_flags(calcium, magnesium, range="costello2021", basis="molar")
    assert out["ratio_flag"].tolist() == ["within", "within", "above"]  # 1.70 and 2.60 inclusive
    assert out["ca_mg_ratio"].iloc[0] == pytest.approx(1.7 * MOLAR_PER_MASS_RATIO)


# --- properties ---------------------------------------------------------------


@given(ca=calcium_intake_mg, extra=calcium_intake_mg, mg=magnesium_intake_mg)
def test_flag_monotone_in_calcium(ca: float, extra: float, mg: float) -> None:
    lower = calcium_magnesium_ratio(ca, mg).flag
    higher = calcium_magnesium_ratio(ca + extra, mg).flag
    assert _ORDER[higher] >= _ORDER[lower]


@given(
    mg=magnesium_intake_mg,
    bound=st.sampled_from([2.2, 3.2]),
    basis=st.sampled_from(["mass", "molar"]),
)
def test_bounds_inclusive(mg: float, bound: float, basis: str) -> None:
    assert calcium_magnesium_ratio(bound * mg, mg, basis=basis).flag == "within"  # type: ignore[arg-type]
    assert calcium_magnesium_ratio(2.2 * mg * (1 - 1e-6), mg).flag == "below"
    assert calcium_magnesium_ratio(3.2 * mg * (1 + 1e-6), mg).flag == "above"


@given(ca=calcium_intake_mg, mg=magnesium_intake_mg, k=st.floats(min_value=0.01, max_value=100))
def test_scale_invariance(ca: float, mg: float, k: float) -> None:
    base = calcium_magnesium_ratio(ca, mg).value
    scaled = calcium_magnesium_ratio(k * ca, k * mg).value
    assert base is not None
    assert scaled == pytest.approx(base, rel=1e-9, abs=1e-12)


@given(ca=st.one_of(calcium_intake_mg, st.just(math.nan)), coverage=st.one_of(st.none(), coverages))
def test_unknown_magnesium_never_gives_a_number(ca: float, coverage: float | None) -> None:
    for magnesium in (math.nan, None, 0.0):
        result = calcium_magnesium_ratio(ca, magnesium, coverage=coverage)
        assert result.value is None
        assert result.flag == "indeterminate"
        assert result.reason is not None


@given(
    rows=st.lists(
        st.tuples(st.one_of(calcium_intake_mg, st.just(math.nan)), maybe_magnesium_mg, coverages),
        max_size=20,
    ),
    range_key=st.sampled_from(["default", "costello2021"]),
    basis=st.sampled_from(["mass", "molar"]),
)
def test_vectorised_equals_scalar(
    rows: list[tuple[float, float, float]], range_key: str, basis: str
) -> None:
    calcium = pd.Series([row[0] for row in rows], dtype="float64")
    magnesium = pd.Series([row[1] for row in rows], dtype="float64")
    coverage = pd.Series([row[2] for row in rows], dtype="float64")
    out = ratio_flags(calcium, magnesium, range=range_key, coverage=coverage, basis=basis)  # type: ignore[arg-type]
    assert len(out) == len(rows)
    for (ca, mg, cov), value, flag in zip(rows, out["ca_mg_ratio"], out["ratio_flag"], strict=True):
        scalar = calcium_magnesium_ratio(ca, mg, range=range_key, coverage=cov, basis=basis)  # type: ignore[arg-type]
        assert flag == scalar.flag
        if scalar.value is None:
            assert math.isnan(value)
        else:
            assert value == scalar.value
