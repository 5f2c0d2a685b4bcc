"""Tests of the one amount grammar (:mod:`mgcalc.parse`) through every entry point: a log
line, an amount on its own (:meth:`FoodTable.grams`), an amount cell of a CSV or frame,
``FoodLog.add`` and :func:`mgcalc.estimate` read an amount the same way."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mgcalc as mg
from mgcalc.defaults import MAX_ENTRY_GRAMS
from mgcalc.errors import InvalidLogError, MgcalcError
from mgcalc.foods import FoodTable
from mgcalc.parse import parse_line, read_amount
from mgcalc.resolve import Resolver, resolve_line

TABLE = FoodTable.default()
RESOLVER = Resolver(TABLE)
SPINACH = "sr28:11458"  # Spinach, cooked, boiled: 1 cup = 180 g
BREAD = "sr28:18075"  # Bread, whole-wheat: 1 slice = 28 g (and 32 g "1 slice, large")
CI = os.environ.get("HYPOTHESIS_PROFILE") == "ci"

AMOUNTS = [
    ("⅜ cup", SPINACH, 0.375 * 180),
    ("1,5 cup", SPINACH, 1.5 * 180),
    ("1 ½ cups", SPINACH, 1.5 * 180),
    ("2-3 slices", BREAD, None),  # 2.5 x the food's slice, whatever it weighs
]


def _slice(food_id: str) -> float:
    return TABLE.grams(food_id, "1 slice")


@pytest.mark.parametrize(("amount", "food_id", "grams"), AMOUNTS)
def test_the_issue_amounts_weigh_the_same_through_every_entry_point(
    amount: str, food_id: str, grams: float | None, tmp_path: Path
) -> None:
    expected = grams if grams is not None else 2.5 * _slice(food_id)
    food = TABLE[food_id].description
    # 1. an amount on its own
    assert TABLE.grams(food_id, amount) == pytest.approx(expected)
    # 2. a log line, pinned to the food
    line = resolve_line(f"{amount} {food}", RESOLVER, food_id=food_id)
    assert line.grams == pytest.approx(expected)
    # 3. a free-text line through estimate (the food matched by its own description)
    assert mg.estimate(f"{amount} {food}").grams == pytest.approx(expected)
    # 4. FoodLog.add + analyze
    log = mg.FoodLog().add(f"{amount} {food}", food_id=food_id, date="2026-11-20")
    assert mg.analyze(log).entries["grams"].iloc[0] == pytest.approx(expected)
    # 5. an amount cell of a CSV (and so of a frame), with the unit in the cell
    path = tmp_path / "log.csv"
    pd.DataFrame(
        {"date": ["2026-11-20"], "food": [food], "amount": [amount], "food_id": [food_id]}
    ).to_csv(path, index=False)
    entries = mg.analyze(mg.FoodLog.from_csv(path)).entries
    assert entries["grams"].iloc[0] == pytest.approx(expected)


# -- the law: for every amount the grammar accepts, a line and FoodTable.grams agree ---------

NUMBERS = st.one_of(
    st.integers(1, 500).map(str),
    st.tuples(st.integers(0, 99), st.integers(1, 9)).map(lambda t: f"{t[0]}.{t[1]}"),
    st.tuples(st.integers(0, 99), st.integers(1, 9)).map(lambda t: f"{t[0]},{t[1]}"),
    st.sampled_from(["½", "⅓", "¼", "¾", "⅜", "⅝", "⅞", "1/2", "3/4", "1 1/2", "2 ½", "1½"]),
    st.tuples(st.integers(1, 5), st.integers(6, 10)).map(lambda t: f"{t[0]}-{t[1]}"),
    st.sampled_from(["a", "an", "one", "two", "half a", "a couple of"]),
)
UNITS = st.sampled_from(
    ["g", "grams", "kg", "oz", "ounces", "lb", "cup", "cups", "tbsp", "tablespoons", "tsp",
     "fl oz", "ml", "l", "litre", "slice", "slices", "piece", "large", "medium", "small",
     "extra large", "each", ""]
)  # fmt: skip
FOODS = st.sampled_from(
    [SPINACH, BREAD, "sr28:09040", "sr28:01123", "sr28:12061", "fndds:63107010", "sr28:08147",
     "fndds:11111000", "sr28:20137", "fndds:72125100"]
)  # fmt: skip


def _outcome(call: object) -> tuple[str, float]:
    try:
        grams = call()  # type: ignore[operator]
    except MgcalcError as exc:
        return type(exc).__name__, math.nan
    return "ok", float(grams)


@settings(max_examples=1000 if CI else 100)
@given(number=NUMBERS, unit=UNITS, food_id=FOODS)
def test_a_log_line_and_foodtable_grams_agree_on_every_amount(
    number: str, unit: str, food_id: str
) -> None:
    amount = f"{number} {unit}".strip()
    try:
        read_amount(amount)
    except MgcalcError:
        return  # not an amount the grammar accepts: nothing to agree on
    parsed = parse_line(f"{amount} {TABLE[food_id].description}")
    direct = _outcome(lambda: TABLE.grams(food_id, amount))
    line = resolve_line(f"{amount} food", RESOLVER, food_id=food_id)
    via_line = ("ok", line.grams) if line.reason_code is None else ("error", math.nan)
    if direct[0] == "ok" and direct[1] > MAX_ENTRY_GRAMS:  # a log line over 100 kg is refused
        assert line.reason_code == "amount_too_large"
        return
    assert (direct[0] == "ok") == (via_line[0] == "ok"), (amount, direct, line.reason)
    if direct[0] == "ok":
        assert via_line[1] == pytest.approx(direct[1], rel=1e-12), (amount, parsed)


# -- every door refuses a negative amount and a negative reported weight ----------------------


def _frame(**cells: object) -> pd.DataFrame:
    return pd.DataFrame({"date": ["2026-11-20", "2026-11-21"], "food": ["spinach", "almonds"],
                         **{k: [None, v] for k, v in cells.items()}})  # fmt: skip


@pytest.mark.parametrize("column", ["amount", "reported_grams"])
def test_every_door_refuses_a_negative_amount_naming_the_row(column: str, tmp_path: Path) -> None:
    frame = _frame(**{column: -5.0})
    doors = {
        "from_frame": lambda: mg.FoodLog.from_frame(frame),
        "from_csv": lambda: mg.FoodLog.from_csv(_written(frame, tmp_path / "a.csv")),
        "constructor": lambda: mg.FoodLog(_entries(column)),
        "from_json": lambda: mg.FoodLog.from_json(_json(column)),
        "saved csv": lambda: mg.FoodLog.from_csv(_saved(column, tmp_path / "saved.csv")),
        "concat": lambda: mg.FoodLog().concat(mg.FoodLog(_entries(column))),
    }
    if column == "amount":
        doors["add"] = lambda: mg.FoodLog().add("almonds", amount=-5.0, unit="g", date="2026-11-20")
    for name, door in doors.items():
        with pytest.raises(InvalidLogError, match="negative") as info:
            door()
        assert info.value.rows, name
        assert info.value.column == column, name


def _written(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def _entries(column: str) -> pd.DataFrame:
    entries = mg.FoodLog.from_lines(["1 oz almonds", "spinach"], date="2026-11-20").entries
    entries.loc[1, column] = -5.0
    return entries


def _json(column: str) -> str:
    log = mg.FoodLog.from_lines(["1 oz almonds", "spinach"], date="2026-11-20")
    return log.to_json().replace('"amount": null', f'"{column}": -5.0', 2).replace(
        f'"{column}": -5.0', '"amount": null', 1
    ) if column == "amount" else log.to_json().replace(
        '"reported_grams": null', '"reported_grams": -5.0'
    )  # fmt: skip


def _saved(column: str, path: Path) -> Path:
    log = mg.FoodLog.from_lines(["1 oz almonds", "spinach"], date="2026-11-20")
    log.to_csv(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[1, column] = "-5"
    frame.to_csv(path, index=False)
    return path
