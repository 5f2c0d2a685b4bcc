"""Tests for mgcalc.parse: free-text log lines to amount, unit and food text."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from mgcalc.errors import AmountError, UnitError
from mgcalc.parse import (
    FLAGS,
    SIZE_WORDS,
    UNIT_SPELLINGS,
    ParsedLine,
    find_quantities,
    parse_line,
    parse_lines,
    read_quantity,
    unit_kind,
)
from mgcalc.units import Q_, dimension_of
from strategies import amount_texts, food_texts, unit_spellings


@pytest.mark.parametrize(
    ("text", "amount", "unit", "food_text"),
    [
        # the forms named in the issue and in DESIGN.md
        ("1 oz almonds, dry roasted", 1.0, "oz", "almonds, dry roasted"),
        ("½ cup spinach, boiled", 0.5, "cup", "spinach, boiled"),
        ("30g almonds", 30.0, "g", "almonds"),
        ("1 1/2 cups cooked brown rice", 1.5, "cup", "cooked brown rice"),
        ("2 large biscuits shredded wheat", 2.0, "large biscuit", "shredded wheat"),
        ("2 large eggs", 2.0, "large", "eggs"),
        ("a banana", 1.0, "each", "banana"),
        ("an apple", 1.0, "each", "apple"),
        ("2 eggs", 2.0, "each", "eggs"),
        # number words, half, dozen, "and a half"
        ("one banana", 1.0, "each", "banana"),
        ("two eggs", 2.0, "each", "eggs"),
        ("twelve almonds", 12.0, "each", "almonds"),
        ("half a cup of rice", 0.5, "cup", "rice"),
        ("half an avocado", 0.5, "each", "avocado"),
        ("half banana", 0.5, "each", "banana"),
        ("a half cup milk", 0.5, "cup", "milk"),
        ("one half cup milk", 0.5, "cup", "milk"),
        ("a quarter cup oats", 0.25, "cup", "oats"),
        ("one and a half cups rice", 1.5, "cup", "rice"),
        ("1 and a half cups rice", 1.5, "cup", "rice"),
        ("a dozen eggs", 12.0, "each", "eggs"),
        ("half a dozen eggs", 6.0, "each", "eggs"),
        ("2 dozen almonds", 24.0, "each", "almonds"),
        # number forms
        ("1.5 cups milk", 1.5, "cup", "milk"),
        (".5 cup milk", 0.5, "cup", "milk"),
        ("1/2 cup milk", 0.5, "cup", "milk"),
        ("1 ½ cup milk", 1.5, "cup", "milk"),
        ("1½ cup milk", 1.5, "cup", "milk"),
        ("¾ cup milk", 0.75, "cup", "milk"),
        ("1⁄2 cup milk", 0.5, "cup", "milk"),
        ("1,5 cups milk", 1.5, "cup", "milk"),
        ("1,000 g rice", 1000.0, "g", "rice"),
        # unit spellings
        ("2 tablespoons honey", 2.0, "tbsp", "honey"),
        ("1 Tbsp honey", 1.0, "tbsp", "honey"),
        ("1 T. honey", 1.0, "tbsp", "honey"),
        ("1 T honey", 1.0, "tbsp", "honey"),
        ("1 t salt", 1.0, "tsp", "salt"),
        ("1 tsp salt", 1.0, "tsp", "salt"),
        ("8 fl oz milk", 8.0, "fl_oz", "milk"),
        ("8 fl. oz. milk", 8.0, "fl_oz", "milk"),
        ("8 fluid ounces milk", 8.0, "fl_oz", "milk"),
        ("100 grams rice", 100.0, "g", "rice"),
        ("100 gms rice", 100.0, "g", "rice"),
        ("2 lbs chicken", 2.0, "lb", "chicken"),
        ("3 ounces salmon", 3.0, "oz", "salmon"),
        ("1 c. milk", 1.0, "cup", "milk"),
        ("250 ml water", 250.0, "ml", "water"),
        ("2 L water", 2.0, "l", "water"),
        ("1 pt ice cream", 1.0, "pint", "ice cream"),
        ("1 quart milk", 1.0, "quart", "milk"),
        ("0.5 kg potatoes", 0.5, "kg", "potatoes"),
        ("500 mg salt", 500.0, "mg", "salt"),
        # "of", counts, sizes
        ("1 cup of milk", 1.0, "cup", "milk"),
        ("a cup of tea", 1.0, "cup", "tea"),
        ("2 slices of bread", 2.0, "slice", "bread"),
        ("2 slices whole wheat bread", 2.0, "slice", "whole wheat bread"),
        ("1 medium slice bread", 1.0, "medium slice", "bread"),
        ("3 stalks celery", 3.0, "stalk", "celery"),
        ("2 cloves garlic", 2.0, "clove", "garlic"),
        ("4 leaves lettuce", 4.0, "leaf", "lettuce"),
        ("2 patties beef", 2.0, "patty", "beef"),
        ("1 medium banana", 1.0, "medium", "banana"),
        ("1 med. apple", 1.0, "medium", "apple"),
        ("1 medium-sized apple", 1.0, "medium", "apple"),
        ("1 extra-large egg", 1.0, "extra large", "egg"),
        ("1 jumbo egg", 1.0, "jumbo", "egg"),
        ("1 large banana, ripe", 1.0, "large", "banana, ripe"),
        ("2 cookies", 2.0, "each", "cookies"),
        ("2 biscuits and gravy", 2.0, "each", "biscuits and gravy"),
        # parentheses stay in the food text (they identify the food)
        ("1 cup milk (2%)", 1.0, "cup", "milk (2%)"),
        ("1 T-bone steak", 1.0, "each", "T-bone steak"),
        ("- 1 cup rice", 1.0, "cup", "rice"),
    ],
)
def test_amount_unit_food(text: str, amount: float, unit: str, food_text: str) -> None:
    line = parse_line(text)
    assert (line.amount, line.unit, line.food_text, line.error) == (amount, unit, food_text, None)
    assert line.original == text


@pytest.mark.parametrize(
    ("text", "amount", "unit", "food_text"),
    [
        ("almonds 30 g", 30.0, "g", "almonds"),
        ("almonds, 30 g", 30.0, "g", "almonds"),
        ("almonds (30 g)", 30.0, "g", "almonds"),
        ("almonds: 1 oz", 1.0, "oz", "almonds"),
        ("spinach, boiled ½ cup", 0.5, "cup", "spinach, boiled"),
        ("Milk 8 fl. oz.", 8.0, "fl_oz", "Milk"),
        ("bread, 2 slices", 2.0, "slice", "bread"),
        ("eggs 2 large", 2.0, "large", "eggs"),
        ("eggs x2", 2.0, "each", "eggs"),
        ("eggs × 3", 3.0, "each", "eggs"),
    ],
)
def test_amount_after_food(text: str, amount: float, unit: str, food_text: str) -> None:
    line = parse_line(text)
    assert (line.amount, line.unit, line.food_text) == (amount, unit, food_text)
    assert "amount_after_food" in line.flags


@pytest.mark.parametrize(
    ("text", "amount", "flags"),
    [
        ("1-2 tbsp peanut butter", 1.5, ("range_midpoint",)),
        ("1–2 tbsp peanut butter", 1.5, ("range_midpoint",)),
        ("1 to 2 tbsp peanut butter", 1.5, ("range_midpoint",)),
        ("1 or 2 tbsp peanut butter", 1.5, ("range_midpoint",)),
        ("one to two tbsp peanut butter", 1.5, ("range_midpoint",)),
        ("about 30 g peanut butter", 30.0, ("approximate",)),
        ("~30g peanut butter", 30.0, ("approximate",)),
        ("approx. 1-2 tbsp peanut butter", 1.5, ("approximate", "range_midpoint")),
        ("a couple of tbsp peanut butter", 2.0, ("approximate",)),
        ("0 g peanut butter", 0.0, ("zero_amount",)),
        ("1 oz peanut butter (28 g)", 1.0, ("ignored_amount",)),
        ("tbsp of peanut butter", 1.0, ("implied_amount",)),
    ],
)
def test_flags(text: str, amount: float, flags: tuple[str, ...]) -> None:
    line = parse_line(text)
    assert (line.amount, line.food_text, line.flags) == (amount, "peanut butter", flags)
    assert set(line.flags) <= set(FLAGS)


@pytest.mark.parametrize("text", ["spinach", "2% milk", "Spinach, boiled", "V8 juice"])
def test_no_amount(text: str) -> None:
    line = parse_line(text)
    assert line.amount is None
    assert line.unit is None
    assert line.flags == ("no_amount",)
    assert line.food_text == text
    assert line.ok


@pytest.mark.parametrize(
    ("text", "message", "food_text"),
    [
        ("lots of almonds", "amount not understood: 'lots of'", "almonds"),
        ("a lot of almonds", "amount not understood: 'a lot of'", "almonds"),
        ("some almonds", "amount not understood: 'some'", "almonds"),
        ("a few almonds", "amount not understood: 'a few'", "almonds"),
        ("a bit of salt", "amount not understood: 'a bit of'", "salt"),
        ("-1 cup rice", "amount must not be negative: '-1'", "rice"),
        ("1/0 cup rice", "amount not understood: '1/0'", "rice"),
        ("30 g", "no food named", ""),
        ("", "empty line", ""),
        ("   ", "empty line", ""),
    ],
)
def test_errors_are_reported_not_raised(text: str, message: str, food_text: str) -> None:
    line = parse_line(text)
    assert line.error == message
    assert not line.ok
    assert line.amount is None or message == "no food named"
    assert line.food_text == food_text


def test_parsed_line_is_frozen() -> None:
    line = parse_line("1 cup milk")
    with pytest.raises(ValidationError, match="frozen"):
        line.amount = 2.0  # type: ignore[misc]
    assert ParsedLine.model_validate_json(line.model_dump_json()) == line


def test_size_field() -> None:
    assert parse_line("2 large biscuits shredded wheat").size == "large"
    assert parse_line("2 large eggs").size == "large"
    assert parse_line("2 slices bread").size is None
    assert set(SIZE_WORDS) == {
        "small", "medium", "large", "extra large", "jumbo", "fun size", "king size", "snack size",
    }  # fmt: skip
    assert parse_line("a fun size snickers").unit == "fun size"


def test_unit_vocabulary_is_pint_compatible() -> None:
    """Every mass and volume unit name is a unit of mgcalc's registry, of the right kind."""
    names = {name for name in UNIT_SPELLINGS.values() if unit_kind(name) != "count"}
    assert names == {"g", "kg", "mg", "oz", "lb", "cup", "tbsp", "tsp", "fl_oz", "ml", "l"} | {
        "quart",
        "pint",
    }
    for name in names:
        assert dimension_of(Q_(1, name)) == unit_kind(name)
    assert unit_kind("large biscuit") == "count"
    assert unit_kind("each") == "count"


def test_parse_lines_frame() -> None:
    texts = pd.Series(
        ["1 cup milk", None, "spinach", "1 cup milk", "lots of almonds"], index=list("abcde")
    )
    out = parse_lines(texts)
    assert list(out.columns) == [
        "amount",
        "unit",
        "size",
        "food_text",
        "flags",
        "original",
        "error",
    ]
    assert out.index.equals(texts.index)
    assert out.loc["a", "amount"] == 1.0
    assert out.loc["d", "unit"] == "cup"
    assert out.loc["b", "error"] == "empty line"
    assert out.loc["c", "flags"] == ("no_amount",)
    assert math.isnan(out.loc["c", "amount"])
    assert out.loc["e", "error"] == "amount not understood: 'lots of'"
    assert out["original"].tolist()[2:] == ["spinach", "1 cup milk", "lots of almonds"]


def test_parse_lines_parses_each_distinct_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import mgcalc.parse as parse_module

    calls: list[str] = []
    real = parse_module._parse

    def counting(text: str) -> object:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(parse_module, "_parse", counting)
    out = parse_module.parse_lines(["1 cup milk", "2 eggs"] * 500)
    assert len(out) == 1000
    assert sorted(set(calls)) == ["", "1 cup milk", "2 eggs"]
    assert len(calls) == 3  # the two texts, and the row kept for missing values


@pytest.mark.parametrize("texts", [[], ["1 cup milk"]])
def test_parse_lines_small(texts: list[str]) -> None:
    assert len(parse_lines(texts)) == len(texts)


def test_parse_lines_agrees_with_parse_line() -> None:
    texts = ["1 oz almonds", "almonds 30 g", "2 large eggs", "spinach", "lots of x", "½ cup rice"]
    out = parse_lines(texts)
    for row, text in zip(out.itertuples(), texts, strict=True):
        line = parse_line(text)
        assert (row.amount == line.amount) or (line.amount is None and math.isnan(row.amount))
        assert row.food_text == line.food_text
        assert row.flags == line.flags


@given(amount=amount_texts(), unit=unit_spellings, food=food_texts)
def test_amount_unit_food_round_trip(
    amount: tuple[str, float], unit: tuple[str, str], food: str
) -> None:
    amount_text, value = amount
    spelling, name = unit
    line = parse_line(f"{amount_text} {spelling} {food}")
    assert line.error is None
    assert line.amount == pytest.approx(value, rel=1e-12)
    assert line.unit == name
    assert line.food_text == food


@given(
    amount=amount_texts(), unit=unit_spellings, food=food_texts, sep=st.sampled_from([" ", ", "])
)
def test_food_first_same_as_amount_first(
    amount: tuple[str, float], unit: tuple[str, str], food: str, sep: str
) -> None:
    amount_text, _ = amount
    spelling, _ = unit
    first = parse_line(f"{amount_text} {spelling} {food}")
    last = parse_line(f"{food}{sep}{amount_text} {spelling}")
    assert (last.amount, last.unit, last.size, last.food_text) == (
        first.amount,
        first.unit,
        first.size,
        first.food_text,
    )
    assert tuple(flag for flag in last.flags if flag != "amount_after_food") == first.flags


@given(amount=amount_texts(), food=food_texts)
def test_bare_count_is_each(amount: tuple[str, float], food: str) -> None:
    amount_text, value = amount
    line = parse_line(f"{amount_text} {food}")
    assert (line.unit, line.food_text) == ("each", food)
    assert line.amount == pytest.approx(value, rel=1e-12)


@given(text=st.text(max_size=40))
def test_any_text_parses_without_raising(text: str) -> None:
    line = parse_line(text)
    assert line.original == text
    assert line.amount is None or (line.amount >= 0 and math.isfinite(line.amount))
    assert (line.amount is None) == (line.unit is None)
    assert line.error is None or line.amount is None or line.error == "no food named"


# -- find_quantities: numbers and their units inside a text (the supplement label reader) ----


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("per 2 tablets: calcium 500 mg, D3 400 IU",
         [(2.0, "tablets"), (500.0, "milligram"), (400.0, "IU")]),
        ("Vitamin D3 25mcg (1,000 I.U.)", [(25.0, "microgram"), (1000.0, "IU")]),
        ("Vitamin B12 500 mcg", [(500.0, "microgram")]),  # B12: glued to a letter
        ("omega-3 1000 mg", [(3.0, None), (1000.0, "milligram")]),
        ("2% milk", []),
        ("two capsules", [(2.0, "capsules")]),
        ("Mg 20 mEq; 10 mmol", [(20.0, "milliequivalent"), (10.0, "millimole")]),
        ("1,5 g", [(1.5, "gram")]),
        ("Cal-Mag-500 mg", [(500.0, "milligram")]),  # a hyphen joining words
        ("Magnesium -250 mg", [(-250.0, "milligram")]),
        ("Magnesium−250 mg", [(-250.0, "milligram")]),  # the minus sign, always
        ("take - 2 tablets", [(-2.0, "tablets")]),
    ],
)  # fmt: skip
def test_find_quantities(text: str, found: list[tuple[float, str | None]]) -> None:
    assert [(q.number, q.unit) for q in find_quantities(text)] == found
    for quantity in find_quantities(text):
        assert text[quantity.start : quantity.end] == quantity.text


def test_find_quantities_reads_ranges_as_the_grammar_does() -> None:
    (quantity,) = find_quantities("1-2 capsules")
    assert (quantity.number, quantity.flags) == (1.5, ("range_midpoint",))


def test_find_quantities_refuses_what_it_cannot_read() -> None:
    with pytest.raises(AmountError):
        find_quantities("1/0 mg")
    with pytest.raises(UnitError, match="shorter"):
        find_quantities("1 mg " * 5000)


@given(number=st.integers(min_value=0, max_value=10**6), unit=st.sampled_from(["mg", "mcg", "IU"]))
def test_find_quantities_agrees_with_read_quantity(number: int, unit: str) -> None:
    text = f"magnesium {number:,} {unit}, other text"
    (quantity,) = find_quantities(text)
    value, name = read_quantity(quantity.text)
    assert quantity.number == value == number
    assert quantity.unit == name


# -- household measures, cup sizes and sizes without a number (issue #12) ----------------------


@pytest.mark.parametrize(
    ("text", "amount", "unit", "food"),
    [
        ("a bowl of porridge", 1.0, "bowl", "porridge"),
        ("1 mug of tea", 1.0, "mug", "tea"),
        ("a glass of orange juice", 1.0, "glass", "orange juice"),
        ("1 tin of tuna", 1.0, "can", "tuna"),
        ("2 squares dark chocolate", 2.0, "square", "dark chocolate"),
        ("a handful of almonds", 1.0, "handful", "almonds"),
        ("half a block of tofu", 0.5, "block", "tofu"),
        ("a packet of crisps", 1.0, "packet", "crisps"),
        ("a portion of lasagne", 1.0, "portion", "lasagne"),
        ("2 venti iced lattes", 2.0, "venti", "iced lattes"),
        ("a tall glass of water", 1.0, "glass", "water"),  # the cup size describes the glass
        ("a fun size snickers", 1.0, "fun size", "snickers"),
        ("2 sausage links", 2.0, "link", "sausage links"),  # a measure after the food
        ("3 bacon strips", 3.0, "strip", "bacon strips"),
        ("2 cookies", 2.0, "each", "cookies"),  # a food, not a measure
        ("2 granola bars", 2.0, "each", "granola bars"),
    ],
)
def test_household_measures_and_containers_are_units(
    text: str, amount: float, unit: str, food: str
) -> None:
    line = parse_line(text)
    assert (line.amount, line.unit, line.food_text) == (amount, unit, food)


@pytest.mark.parametrize(
    ("text", "unit", "food"),
    [("large apple", "large", "apple"), ("medium baked potato", "medium", "baked potato"),
     ("grande latte", "grande", "latte"), ("tall cappuccino", "tall", "cappuccino"),
     ("small bag of doritos", "small bag", "doritos")],
)  # fmt: skip
def test_a_size_with_no_number_is_one_of_it(text: str, unit: str, food: str) -> None:
    line = parse_line(text)
    assert (line.amount, line.unit, line.food_text) == (1.0, unit, food)
    assert "implied_amount" in line.flags


def test_short_is_no_cup_size() -> None:
    assert parse_line("2 short ribs").unit == "each"


@pytest.mark.parametrize(
    ("unit", "locale", "millilitres"),
    [("pint", "us", 473.176473), ("pint", "uk", 568.26125), ("quart", "uk", 1136.5225),
     ("cup", "au", 250.0), ("tbsp", "au", 20.0), ("cup", "ca", 250.0), ("cup", "uk", 236.5882365)],
)  # fmt: skip
def test_volumes_of_each_locale(unit: str, locale: str, millilitres: float) -> None:
    from mgcalc.parse import volume_ml

    assert volume_ml(unit, locale) == millilitres


def test_imperial_units_agree_with_pint() -> None:
    from mgcalc.parse import volume_ml
    from mgcalc.units import ureg

    for name, unit in (("pint", "imperial_pint"), ("quart", "imperial_quart"),
                       ("fl_oz", "imperial_fluid_ounce")):  # fmt: skip
        assert volume_ml(name, "uk") == pytest.approx(ureg.Quantity(1, unit).m_as("ml"))


def test_an_article_before_an_amount_is_no_amount_of_its_own() -> None:
    line = parse_line("a 250ml carton of apple juice")
    assert (line.amount, line.unit) == (250.0, "ml")
    assert parse_line("a 2 egg omelette").amount == 1.0  # a count, not a weight: kept
