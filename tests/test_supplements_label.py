"""Tests for ``mgcalc.supplements.label``: labels and doses as people write them.

Expected values are worked out by hand from the text and the reference's conversions
(1 µg vitamin D = 40 IU, §2d; formula fractions, §4 and §4b; Mg²⁺ 24.305 and Ca²⁺ 40.078
mg/mmol, §4); the tests never read the reference file.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from mgcalc.errors import AmountError, DoseError, MgcalcError, UnitError, UnknownFormError
from mgcalc.supplements import SupplementDose, parse_label, read_label
from strategies import supplement_labels

CITRATE_MG_FRACTION = 3 * 24.305 / 451.115  # anhydrous trimagnesium dicitrate, §4
HYDROXIDE_MG_FRACTION = 24.305 / 58.320  # Mg(OH)2, §4
CARBONATE_CA_FRACTION = 40.078 / 100.087  # CaCO3, §4b


def _per_day(dose: SupplementDose) -> tuple[float | None, float | None, float | None]:
    return dose.per_day("magnesium"), dose.per_day("calcium"), dose.per_day("vitamin_d")


# -- the done-when labels ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Cal-Mag-D, 2 tablets: calcium 500 mg, magnesium 250 mg, vitamin D3 400 IU",
        "Cal-Mag-D: per 2 tablets calcium 500 mg, magnesium 250 mg, vitamin D3 400 IU",
        "Cal-Mag-D; serving size: 2 tablets; calcium 500 mg; magnesium 250 mg; vitamin D3 10 mcg",
        "Cal-Mag-D\nServing size 2 tablets\nCalcium 500 mg\nMagnesium 250 mg\nVitamin D 400 IU",
    ],
)
def test_cal_mag_d_per_two_tablets(text: str) -> None:
    dose = parse_label(text)
    assert _per_day(dose) == (250.0, 500.0, 10.0)  # 400 IU / 40 = 10 µg
    assert dose.units_per_serving == 2.0
    assert (dose.magnesium_mg, dose.calcium_mg, dose.vitamin_d_ug) == (125.0, 250.0, 5.0)
    assert dose.product == text
    label = read_label(text)
    assert label.product == "Cal-Mag-D"
    assert [line.nutrient for line in label.lines] == ["calcium", "magnesium", "vitamin_d"]


def test_two_capsules_of_150_mg_each() -> None:
    text = "2 capsules magnesium citrate 150 mg each"
    elemental = parse_label(text, basis="elemental")
    assert (elemental.units_per_serving, elemental.magnesium_mg_per_day) == (2.0, 300.0)
    assert elemental.form == "citrate_anhydrous"
    compound = parse_label(text, basis="compound")
    assert compound.magnesium_mg_per_day == pytest.approx(300 * CITRATE_MG_FRACTION, rel=1e-4)
    # a compound named without "as": the basis is asked for, not guessed
    with pytest.raises(ValidationError, match=r"basis='elemental'.*basis='compound'") as info:
        parse_label(text)
    assert [e["type"] for e in info.value.errors()] == ["basis_required"]


@pytest.mark.parametrize(
    ("text", "per_day", "units", "times"),
    [
        ("1 tablet twice a day: magnesium 200 mg", 400.0, 1.0, 2.0),
        ("Magnesium (as magnesium oxide) 250 mg, 1 tablet twice a day", 500.0, 1.0, 2.0),
        ("magnesium 100 mg, 2 tablets 3 times a day", 600.0, 2.0, 3.0),
        ("magnesium 100 mg, 2 tablets 3x daily", 600.0, 2.0, 3.0),
        ("magnesium 100 mg once daily", 100.0, 1.0, 1.0),
        ("magnesium 100 mg bid", 200.0, 1.0, 2.0),
        ("magnesium 100 mg, take 2 capsules a day", 200.0, 2.0, 1.0),
        ("Magnesium 150 mg per capsule, 2 capsules every other day", 150.0, 2.0, 0.5),
        ("Take 3 capsules; per 2 capsules magnesium 300 mg", 450.0, 3.0, 1.0),
        ("2 tablets 3 times a day: magnesium 100 mg", 300.0, 2.0, 3.0),  # per 2 tablets
        ("magnesium 350 mg twice weekly", 100.0, 1.0, 2 / 7),
        ("Magnesium 250 mg 60% Daily Value, take twice a day", 500.0, 1.0, 2.0),
    ],
)
def test_counts_and_how_often(text: str, per_day: float, units: float, times: float) -> None:
    dose = parse_label(text)
    assert dose.magnesium_mg_per_day == pytest.approx(per_day)
    assert dose.units_per_serving == units
    assert dose.servings_per_day == pytest.approx(times)


def test_a_range_of_capsules_is_its_midpoint_and_flagged() -> None:
    dose = parse_label("1-2 capsules daily: magnesium 100 mg per capsule")
    assert dose.magnesium_mg_per_day == 150.0
    assert dose.flags == ("range_midpoint",)


def test_a_liquid_serving_in_ml() -> None:
    dose = parse_label("Milk of Magnesia 5 ml: magnesium hydroxide 400 mg", basis="compound")
    assert dose.units_per_serving == 5.0
    assert dose.magnesium_mg_per_day == pytest.approx(400 * HYDROXIDE_MG_FRACTION, rel=1e-4)
    assert dose.form == "hydroxide"


# -- vitamin D: IU <-> µg -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ug_per_day"),
    [
        ("Vitamin D3 400 IU", 10.0),
        ("Vitamin D3 1,000 IU", 25.0),
        ("vitamin D 5000 IU", 125.0),
        ("Vitamin D3 (as cholecalciferol) 25 mcg (1,000 IU)", 25.0),
        ("Vitamin D2 (ergocalciferol) 50 µg", 50.0),
        ("D3 0.025 mg", 25.0),
        ("Vitamin D3 50,000 IU once a week", 50_000 / 40 / 7),
        ("Vitamin D3 62.5 mcg (2,500 IU)", 62.5),
    ],
)
def test_vitamin_d_in_iu_and_micrograms(text: str, ug_per_day: float) -> None:
    dose = parse_label(text)
    assert dose.vitamin_d_ug_per_day == pytest.approx(ug_per_day)
    assert not dose.declares("magnesium")
    assert not dose.declares("calcium")


def test_two_amounts_that_disagree_are_refused() -> None:
    with pytest.raises(DoseError, match="disagree"):
        parse_label("Vitamin D3 25 mcg (2,000 IU)")


# -- as-phrases, elemental and compound weights, mmol and mEq --------------------------------


def test_calcium_as_calcium_carbonate_is_elemental_calcium() -> None:
    dose = parse_label("Calcium (as calcium carbonate) 500 mg")
    assert (dose.nutrient, dose.form, dose.basis) == ("calcium", "calcium_carbonate", "elemental")
    assert _per_day(dose) == (None, 500.0, None)
    assert dose.magnesium_mg_per_day == 0.0  # a calcium supplement is never magnesium


def test_calcium_carbonate_compound_weight() -> None:
    dose = parse_label("calcium carbonate 1250 mg", basis="compound")
    assert dose.calcium_mg_per_day == pytest.approx(1250 * CARBONATE_CA_FRACTION, rel=1e-4)
    assert round(dose.calcium_mg_per_day, 1) == 500.5
    assert not dose.declares("magnesium")


def test_a_compound_weight_with_its_elemental_amount_in_parentheses() -> None:
    dose = parse_label("Magnesium citrate 500 mg (80 mg elemental magnesium)")
    assert (dose.magnesium_mg_per_day, dose.basis) == (80.0, "elemental")


@pytest.mark.parametrize(
    ("text", "mg", "nutrient"),
    [
        ("Magnesium 10 mmol", 243.05, "magnesium"),
        ("Magnesium 20 mEq", 243.05, "magnesium"),
        ("Calcium 10 mmol", 400.78, "calcium"),
        ("Calcium 5 mEq", 100.195, "calcium"),
        ("Magnesium 243.05 mg (10 mmol)", 243.05, "magnesium"),
    ],
)
def test_mmol_and_meq_are_ions(text: str, mg: float, nutrient: str) -> None:
    assert parse_label(text).per_day(nutrient) == pytest.approx(mg)  # type: ignore[arg-type]


def test_a_full_supplement_facts_panel() -> None:
    text = (
        "Supplement Facts; Serving Size: 2 Tablets; "
        "Calcium (as calcium citrate) 630 mg; Magnesium (as magnesium oxide) 300 mg; "
        "Zinc (as zinc oxide) 15 mg; Vitamin D3 (as cholecalciferol) 20 mcg (800 IU)"
    )
    dose = parse_label(text)
    assert _per_day(dose) == (300.0, 630.0, 20.0)
    assert dose.untracked == ("zinc",)  # zinc oxide is not magnesium oxide
    label = read_label(text)
    assert label.serving_units == 2.0
    assert [(line.nutrient, line.form) for line in label.lines] == [
        ("calcium", "calcium_citrate_tetrahydrate"),
        ("magnesium", "oxide"),
        ("zinc", None),
        ("vitamin_d", None),
    ]


def test_lines_without_separators_are_split_at_each_amount() -> None:
    dose = parse_label("Calcium 600 mg with vitamin D3 400 IU")
    assert _per_day(dose) == (None, 600.0, 10.0)


# -- what is not tracked, what is not known ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "untracked"),
    [("zinc 25 mg", ("zinc",)), ("Vitamin C 500 mg", ("vitamin c",)), ("Iron 18 mg", ("iron",))],
)
def test_an_untracked_nutrient_is_kept_and_adds_nothing(
    text: str, untracked: tuple[str, ...]
) -> None:
    dose = parse_label(text)
    assert dose.untracked == untracked
    assert _per_day(dose) == (None, None, None)
    assert not dose.tracked
    assert dose.magnesium_mg_per_day == 0.0


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("Magnesum 250 mg", "'magnesum' names nothing mgcalc reads"),
        ("Proprietary blend 500 mg", "names nothing mgcalc reads"),
        ("Cal-Mag 1000 mg", "names calcium and magnesium with one amount"),
        ("Calcium (as magnesium oxide) 500 mg", "calcium from a magnesium compound"),
    ],
)
def test_names_mgcalc_cannot_attribute_are_refused(text: str, match: str) -> None:
    with pytest.raises(DoseError, match=match):
        parse_label(text)


def test_unknown_compound_without_as_says_which_hydrates_exist() -> None:
    with pytest.raises(UnknownFormError, match="sulfate_anhydrous, sulfate_heptahydrate"):
        parse_label("Magnesium sulfate 1 g")
    assert parse_label("Magnesium sulfate 1 g", basis="elemental").magnesium_mg_per_day == 1000.0


# -- negative amounts are errors, never positive -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Magnesium -250 mg",
        "Magnesium: -250 mg",
        "Magnesium −250 mg",  # the minus sign
        "Magnesium (-250 mg)",
        "Calcium 500 mg, magnesium -250 mg",
        "-2 tablets: magnesium 100 mg",
        "Vitamin D3 -400 IU",
    ],
)
def test_a_negative_amount_is_an_error(text: str) -> None:
    with pytest.raises(AmountError, match=r"must not be negative|greater than zero"):
        parse_label(text)


@given(amount=st.floats(min_value=0.001, max_value=1e6, allow_nan=False))
def test_a_negative_amount_is_never_read_as_positive(amount: float) -> None:
    with pytest.raises(MgcalcError):
        parse_label(f"Magnesium -{amount:g} mg")


# -- errors and agreement with the caller -----------------------------------------------------


@pytest.mark.parametrize("text", ["Magnesium (as magnesium oxide)", "2 tablets daily", ""])
def test_a_label_without_an_amount(text: str) -> None:
    with pytest.raises(UnitError, match="label line with an amount"):
        parse_label(text)


def test_counts_given_by_the_caller_must_agree_with_the_label() -> None:
    text = "1 tablet twice a day: magnesium 200 mg"
    assert parse_label(text, servings_per_day=2).magnesium_mg_per_day == 400.0
    with pytest.raises(DoseError, match="the label says servings_per_day=2"):
        parse_label(text, servings_per_day=3)
    assert parse_label("magnesium 200 mg", units_per_serving=3).magnesium_mg_per_day == 600.0


def test_how_often_said_twice_differently_is_refused() -> None:
    with pytest.raises(DoseError, match="how often"):
        parse_label("magnesium 200 mg twice a day, once a week")


def test_a_label_too_long_is_refused() -> None:
    with pytest.raises(UnitError, match="at most"):
        parse_label("magnesium 1 mg, " * 1000)


# -- properties ---------------------------------------------------------------------------------

counts = st.integers(min_value=1, max_value=6)
amounts_mg = st.integers(min_value=1, max_value=2000)


@given(amount=amounts_mg, units=counts, times=st.integers(min_value=1, max_value=4))
def test_daily_amount_is_amount_times_units_times_frequency(
    amount: int, units: int, times: int
) -> None:
    each = parse_label(f"{units} tablets {times} times a day: magnesium {amount} mg each")
    assert each.magnesium_mg_per_day == pytest.approx(amount * units * times)
    per_serving = parse_label(f"{units} tablets {times} times a day: magnesium {amount} mg")
    assert per_serving.magnesium_mg_per_day == pytest.approx(amount * times)


@given(iu=st.integers(min_value=0, max_value=100_000))
def test_iu_and_micrograms_agree(iu: int) -> None:
    from_iu = parse_label(f"vitamin D3 {iu:,} IU").vitamin_d_ug_per_day
    from_ug = parse_label(f"vitamin D3 {iu / 40!r} mcg").vitamin_d_ug_per_day
    assert from_iu == pytest.approx(iu / 40)
    assert from_ug == pytest.approx(from_iu)


@given(
    calcium=amounts_mg,
    magnesium=amounts_mg,
    iu=st.integers(min_value=0, max_value=10_000),
    serving=counts,
    order=st.permutations(range(3)),
)
def test_panel_lines_are_independent_of_their_order(
    calcium: int, magnesium: int, iu: int, serving: int, order: list[int]
) -> None:
    lines = [f"calcium {calcium} mg", f"magnesium {magnesium} mg", f"vitamin D3 {iu} IU"]
    text = f"per {serving} tablets: " + ", ".join(lines[i] for i in order)
    dose = parse_label(text)
    assert dose.calcium_mg_per_day == pytest.approx(calcium)
    assert dose.magnesium_mg_per_day == pytest.approx(magnesium)
    assert dose.vitamin_d_ug_per_day == pytest.approx(iu / 40)
    assert dose.per_unit("calcium") == pytest.approx(calcium / serving)
    assert math.isclose(dose.units_per_serving, serving)


@given(text=supplement_labels)
def test_a_parsed_dose_round_trips_through_json(text: str) -> None:
    dose = read_label(text).dose(source="medication")
    back = SupplementDose.model_validate_json(dose.model_dump_json())
    assert back == dose
    for nutrient in ("magnesium", "calcium", "vitamin_d"):
        assert back.per_day(nutrient) == dose.per_day(nutrient)
