"""Consistency checks of the hand-decided evaluation set (tests/data/eval_lines.csv).

The set and ``ods_servings.csv`` are read with the standard library and checked against the
bundled USDA tables in ``data/``; mgcalc itself is not imported, so these checks cannot be
bent to fit the code the set judges. They check the arithmetic of every line, that every food
exists and every cited USDA portion is real, and the shape of the set.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ROOT_DATA = Path(__file__).parents[1] / "data"
EVAL = DATA / "eval_lines.csv"
ODS = DATA / "ods_servings.csv"
CONVENTIONS = DATA / "eval_conventions.md"

MIN_LINES = 320
TOLERANCE_MG = 0.5
"""Largest allowed gap between a line's total and the sum of its components [mg]."""

CATEGORIES = {"breakfast", "lunch", "dinner", "snack", "drink", "dessert"}
LOCALES = {"us", "uk"}
KINDS = {
    "single",
    "count",
    "household",
    "metric",
    "composite",
    "brand",
    "dish",
    "typo",
    "default",
    "container",
}
COLUMNS = [
    "line",
    "category",
    "locale",
    "kind",
    "components",
    "magnesium_mg",
    "calcium_mg",
    "portion_source",
    "note",
]
CITED_PORTION = re.compile(r"(SR28|FNDDS) portion '(.+?)' ([0-9.]+) g")


def _read(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file as dictionaries of strings.

    Parameters
    ----------
    path
        The CSV file (UTF-8, header row).

    Returns
    -------
    list of dict
        One dictionary per row, keyed by column name.
    """
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _components(cell: str) -> list[tuple[str, float]]:
    """Parse a ``components`` cell (``food_id:grams|food_id:grams``).

    Parameters
    ----------
    cell
        The cell as written in the CSV.

    Returns
    -------
    list of (str, float)
        Food id and grams [g] of each component, in order.
    """
    out = []
    for part in cell.split("|"):
        food_id, grams = part.rsplit(":", 1)
        out.append((food_id, float(grams)))
    return out


@pytest.fixture(scope="module")
def foods() -> dict[str, dict[str, str]]:
    return {row["food_id"]: row for row in _read(ROOT_DATA / "foods.csv")}


@pytest.fixture(scope="module")
def portions() -> dict[str, list[tuple[str, float]]]:
    out: dict[str, list[tuple[str, float]]] = {}
    for row in _read(ROOT_DATA / "portions.csv"):
        out.setdefault(row["food_id"], []).append((row["measure"], float(row["grams"])))
    return out


@pytest.fixture(scope="module")
def lines() -> list[dict[str, str]]:
    return _read(EVAL)


def test_shape(lines: list[dict[str, str]]) -> None:
    assert list(lines[0]) == COLUMNS
    assert len(lines) >= MIN_LINES
    duplicates = [t for t, n in Counter(r["line"] for r in lines).items() if n > 1]
    assert not duplicates
    assert {r["category"] for r in lines} == CATEGORIES
    assert {r["locale"] for r in lines} == LOCALES
    assert {r["kind"] for r in lines} <= KINDS
    for row in lines:
        assert row["line"], row
        assert row["line"].strip() == row["line"]
        assert row["portion_source"], row["line"]
        assert row["note"], row["line"]


def test_mix_of_lines(lines: list[dict[str, str]]) -> None:
    """The set mixes meals, both locales and the hard cases a real diary holds."""
    categories = Counter(r["category"] for r in lines)
    kinds = Counter(r["kind"] for r in lines)
    assert min(categories.values()) >= 25
    assert Counter(r["locale"] for r in lines)["uk"] >= 80
    for kind, least in {
        "composite": 25,
        "brand": 25,
        "dish": 40,
        "typo": 5,
        "household": 15,
        "metric": 15,
    }.items():
        assert kinds[kind] >= least, kind


def test_every_food_exists_with_magnesium(
    lines: list[dict[str, str]], foods: dict[str, dict[str, str]]
) -> None:
    for row in lines:
        for food_id, grams in _components(row["components"]):
            assert food_id in foods, (row["line"], food_id)
            assert foods[food_id]["magnesium_mg_per_100g"] != "", (row["line"], food_id)
            assert grams > 0, row["line"]


def test_totals_are_the_sum_of_components(
    lines: list[dict[str, str]], foods: dict[str, dict[str, str]]
) -> None:
    for row in lines:
        parts = _components(row["components"])
        mg = sum(g * float(foods[f]["magnesium_mg_per_100g"]) / 100 for f, g in parts)
        assert abs(mg - float(row["magnesium_mg"])) <= TOLERANCE_MG, row["line"]
        calcium = [foods[f]["calcium_mg_per_100g"] for f, _ in parts]
        if "" in calcium:  # the source reports no calcium for a component: no total
            assert row["calcium_mg"] == "", row["line"]
            continue
        ca = sum(g * float(c) / 100 for (_, g), c in zip(parts, calcium, strict=True))
        assert abs(ca - float(row["calcium_mg"])) <= TOLERANCE_MG, row["line"]


def test_cited_portions_are_real(
    lines: list[dict[str, str]], portions: dict[str, list[tuple[str, float]]]
) -> None:
    """Every "<source> portion '<measure>' <grams> g" cited is a row of one of the line's foods."""
    cited = 0
    for row in lines:
        available = {
            (measure, grams)
            for food_id, _ in _components(row["components"])
            for measure, grams in portions.get(food_id, [])
        }
        for _, label, grams in CITED_PORTION.findall(row["portion_source"]):
            cited += 1
            assert any(
                label.endswith(measure) and abs(g - float(grams)) < 0.01 for measure, g in available
            ), (row["line"], label, grams)
    assert cited >= len(lines) * 0.8


def test_ods_servings(foods: dict[str, dict[str, str]], lines: list[dict[str, str]]) -> None:
    ods = _read(ODS)
    assert len(ods) == 30
    decided = {r["line"]: r["components"] for r in lines}
    for row in ods:
        assert float(row["ods_magnesium_mg"]) > 0
        assert row["note"]
        if not row["food_id"]:  # the label-defined fortified cereal row
            assert row["grams"] == ""
            assert "label" in row["note"]
            continue
        assert row["food_id"] in foods
        mg = float(row["grams"]) * float(foods[row["food_id"]]["magnesium_mg_per_100g"]) / 100
        assert abs(mg - float(row["usda_magnesium_mg"])) <= TOLERANCE_MG, row["line"]
        if row["line"] in decided:  # the same line is decided the same way in both files
            assert decided[row["line"]] == f"{row['food_id']}:{row['grams']}", row["line"]


def test_conventions_are_written_down(lines: list[dict[str, str]]) -> None:
    text = CONVENTIONS.read_text(encoding="utf-8")
    for needle in ("handful", "bowl", "mug", "568.26 ml", "square of chocolate", "Quantity not"):
        assert needle in text
    assert any("convention" in r["portion_source"] for r in lines)


# -- the held-out set ---------------------------------------------------------------------------

HELDOUT = DATA / "heldout_lines.csv"
"""98 more diary lines, decided the same way and written down before mgcalc was run on them,
to check that what was tuned on ``eval_lines.csv`` holds for lines nobody tuned on."""


def test_the_held_out_set_passes_the_same_checks(
    foods: dict[str, dict[str, str]],
    portions: dict[str, list[tuple[str, float]]],
    lines: list[dict[str, str]],
) -> None:
    held = _read(HELDOUT)
    assert list(held[0]) == COLUMNS
    assert len(held) >= 80
    assert len({r["line"] for r in held}) == len(held)
    assert not {r["line"] for r in held} & {r["line"] for r in lines}  # no line of the set
    assert {r["category"] for r in held} == CATEGORIES
    assert {r["locale"] for r in held} == LOCALES
    assert {r["kind"] for r in held} <= KINDS
    test_every_food_exists_with_magnesium(held, foods)
    test_totals_are_the_sum_of_components(held, foods)
    test_cited_portions_are_real(held, portions)
