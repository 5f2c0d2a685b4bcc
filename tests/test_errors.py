"""Tests for :mod:`mgcalc.errors`: the hierarchy, messages built from data, and pickling."""

from __future__ import annotations

import copy
import pickle
import warnings
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mgcalc
from mgcalc.errors import (
    ChromiumNotFoundError,
    DoseError,
    InvalidLogError,
    LowCoverageWarning,
    MgcalcError,
    MgcalcWarning,
    MissingExtraError,
    PortionError,
    RecipeError,
    UnitError,
    UnknownFoodError,
    UnknownFormError,
    UnknownOptionError,
    UnknownWaterError,
    UnknownWaterWarning,
    WeakMatchWarning,
)
from strategies import error_texts

# One example of every error, with the attributes it must carry.
EXAMPLES: list[tuple[MgcalcError, type[Exception], dict[str, Any]]] = [
    (MgcalcError("something went wrong"), Exception, {"message": "something went wrong"}),
    (
        UnknownFoodError("spinnach", ["sr28:11457 (Spinach, raw)"]),
        KeyError,
        {"food": "spinnach", "suggestions": ("sr28:11457 (Spinach, raw)",)},
    ),
    (
        PortionError("sr28:11458", "1 slice", ["1 cup (180 g)"], "it lists no 'slice' portion"),
        ValueError,
        {
            "food_id": "sr28:11458",
            "amount": "1 slice",
            "available": ("1 cup (180 g)",),
            "reason": "it lists no 'slice' portion",
        },
    ),
    (UnitError("1 parsec", "a mass"), TypeError, {"unit": "1 parsec", "expected": "a mass"}),
    (
        InvalidLogError("not a number", "amount", [3, 7]),
        ValueError,
        {"problem": "not a number", "column": "amount", "rows": (3, 7)},
    ),
    (
        UnknownFormError("magnesium unobtainium", ["citrate", "oxide"]),
        KeyError,
        {"form": "magnesium unobtainium", "known": ("citrate", "oxide")},
    ),
    (
        UnknownOptionError("authority", "who", ["iom", "efsa"]),
        ValueError,
        {"option": "authority", "value": "who", "valid": ("iom", "efsa")},
    ),
    (
        ChromiumNotFoundError(("chromium",)),
        FileNotFoundError,
        {"searched": ("chromium",)},
    ),
    (
        MissingExtraError("matplotlib", "report"),
        ImportError,
        {"module": "matplotlib", "extra": "report"},
    ),
    (
        UnknownWaterError(
            "Gerolsteiner", ["Gerolsteiner Naturell (still) (water:gerolsteiner_naturell)"]
        ),
        KeyError,
        {
            "water": "Gerolsteiner",
            "candidates": ("Gerolsteiner Naturell (still) (water:gerolsteiner_naturell)",),
            "problem": None,
        },
    ),
    (
        RecipeError("Grandma's casserole", ["ingredient 'lots of love': amount not understood"]),
        ValueError,
        {
            "recipe": "Grandma's casserole",
            "problems": ("ingredient 'lots of love': amount not understood",),
        },
    ),
    (
        DoseError("magnesium citrate", "500 mg", "state basis='elemental' or 'compound'"),
        ValueError,
        {
            "product": "magnesium citrate",
            "amount": "500 mg",
            "problem": "state basis='elemental' or 'compound'",
        },
    ),
]
IDS = [type(error).__name__ for error, _, _ in EXAMPLES]


def test_every_error_is_covered_here() -> None:
    exported = {
        obj
        for name in mgcalc.__all__
        if isinstance(obj := getattr(mgcalc, name), type) and issubclass(obj, MgcalcError)
    }
    assert exported == {type(error) for error, _, _ in EXAMPLES}


@pytest.mark.parametrize(("error", "builtin", "attributes"), EXAMPLES, ids=IDS)
def test_hierarchy(error: MgcalcError, builtin: type[Exception], attributes: object) -> None:
    assert isinstance(error, MgcalcError)
    assert isinstance(error, builtin)
    with pytest.raises(builtin):
        raise error
    with pytest.raises(MgcalcError):
        raise error


@pytest.mark.parametrize(("error", "builtin", "attributes"), EXAMPLES, ids=IDS)
@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_round_trips_type_attributes_and_message(
    error: MgcalcError, builtin: type[Exception], attributes: dict[str, Any], protocol: int
) -> None:
    back = pickle.loads(pickle.dumps(error, protocol=protocol))
    assert type(back) is type(error)
    assert isinstance(back, builtin)
    for name, value in attributes.items():
        assert getattr(back, name) == value
    assert str(back) == str(error)
    assert back.message == error.message
    assert back.args == error.args


@pytest.mark.parametrize(("error", "builtin", "attributes"), EXAMPLES, ids=IDS)
def test_copy_and_deepcopy(error: MgcalcError, builtin: type, attributes: dict[str, Any]) -> None:
    for duplicate in (copy.copy(error), copy.deepcopy(error)):
        assert type(duplicate) is type(error)
        assert str(duplicate) == str(error)
        assert {name: getattr(duplicate, name) for name in attributes} == attributes


@pytest.mark.parametrize(("error", "builtin", "attributes"), EXAMPLES, ids=IDS)
def test_str_is_the_message_without_key_error_quotes(
    error: MgcalcError, builtin: type, attributes: object
) -> None:
    assert str(error) == error.message  # KeyError would show repr(message)


def test_unknown_food_message() -> None:
    assert str(UnknownFoodError("sr28:99999")) == "unknown food 'sr28:99999'"
    error = UnknownFoodError("x", [f"food {i}" for i in range(8)])
    assert "did you mean: food 0, food 1, food 2, food 3, food 4, ... (3 more)" in str(error)


def test_portion_message_lists_the_portions_or_says_there_are_none() -> None:
    with_portions = PortionError("sr28:11458", "1 slice", ["1 cup (180 g)"], "no slice")
    assert str(with_portions) == (
        "cannot convert '1 slice' of sr28:11458 to grams (no slice); "
        "its portions are: 1 cup (180 g)"
    )
    without = PortionError("sr28:01289", "1 cup")
    assert "lists no household portions" in str(without)
    assert "give the amount in g, oz or lb" in str(without)
    many = PortionError("f", "1 x", [f"p{i}" for i in range(15)])
    assert "p11, ... (3 more)" in str(many)


def test_unit_message() -> None:
    assert str(UnitError("1 parsec", "a mass")) == (
        "'1 parsec' is not a valid unit here; expected a mass"
    )


def test_invalid_log_message_and_row_numbers() -> None:
    assert str(InvalidLogError("empty log")) == "empty log"
    error = InvalidLogError("negative amount", "amount", ["2", 5.0, *range(10, 20)])
    assert error.rows == (2, 5, *range(10, 20))
    assert str(error).startswith("negative amount in column 'amount' (rows 2, 5, 10,")
    assert str(error).endswith("... (2 more))")


def test_unknown_form_and_option_messages() -> None:
    form = UnknownFormError("unobtainium", ["citrate", "oxide"])
    assert str(form) == "unknown magnesium form 'unobtainium'; known forms: citrate, oxide"
    option = UnknownOptionError("authority", "who", ["iom", "efsa"])
    assert str(option) == "authority='who' is not valid; choose one of: iom, efsa"
    assert option.value == "who"
    assert UnknownOptionError("range", 3, ["default"]).value == "3"


@pytest.mark.parametrize("warning", [LowCoverageWarning, WeakMatchWarning, UnknownWaterWarning])
def test_warnings_are_user_warnings(warning: type[Warning]) -> None:
    assert issubclass(warning, MgcalcWarning)
    assert issubclass(warning, UserWarning)
    with pytest.warns(warning, match="low"):
        warnings.warn("coverage too low", warning, stacklevel=1)


@given(
    food=error_texts,
    amount=error_texts,
    available=st.lists(error_texts, max_size=20),
    reason=error_texts,
)
def test_any_portion_error_pickles(
    food: str, amount: str, available: list[str], reason: str
) -> None:
    error = PortionError(food, amount, available, reason)
    back = pickle.loads(pickle.dumps(error))
    assert (back.food_id, back.amount, back.available, back.reason) == (
        food,
        amount,
        tuple(available),
        reason,
    )
    assert str(back) == str(error)


@given(
    text=error_texts,
    items=st.lists(error_texts, max_size=50),
    rows=st.lists(st.integers(1, 10**6), max_size=30),
)
def test_any_error_pickles(text: str, items: list[str], rows: list[int]) -> None:
    for error in (
        UnknownFoodError(text, items),
        UnitError(text, text),
        InvalidLogError(text, text or None, rows),
        UnknownFormError(text, items),
        UnknownOptionError(text, text, items),
        UnknownWaterError(text, items, text or None),
        RecipeError(text, items),
    ):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert back.__dict__ == error.__dict__
        assert str(back) == str(error)
