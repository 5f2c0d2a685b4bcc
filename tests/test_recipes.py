"""Tests of mgcalc.recipes: recipes from ingredient lines (the same resolution as logs), their
nutrients with coverage and yield, recipe books saved as JSON and CSV, and recipes as foods
of a table (``FoodTable.with_recipes``), logged by the serving, by weight or whole."""

from __future__ import annotations

import csv
import math
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import mgcalc as mg
from mgcalc.cli import main
from mgcalc.errors import LowCoverageWarning, RecipeError
from mgcalc.foods import Food, FoodTable, Portion
from mgcalc.recipes import Ingredient, Recipe, RecipeBook, load_recipes, read_recipes, recipe_slug
from strategies import (
    cooked_weights_g,
    recipe_aliases,
    recipe_ingredients,
    recipe_names,
    recipe_notes,
    recipe_servings,
)

DATA = Path(__file__).resolve().parents[1] / "data"
DAY = "2026-11-20"
WOMAN = mg.Person(age=34, sex="female")
CASSEROLE_ID = "recipe:grandmas_sunday_casserole"


@cache
def usda_rows() -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], dict[str, str]]]:
    """data/foods.csv by id and data/portions.csv by (id, seq), read with the csv module."""
    with (DATA / "foods.csv").open(encoding="utf-8") as stream:
        foods = {row["food_id"]: row for row in csv.DictReader(stream)}
    with (DATA / "portions.csv").open(encoding="utf-8") as stream:
        portions = {(row["food_id"], row["seq"]): row for row in csv.DictReader(stream)}
    return foods, portions


@cache
def with_book() -> FoodTable:
    return FoodTable.default().with_recipes(load_recipes())


def _quiet(log: mg.FoodLog, table: FoodTable | None = None) -> mg.IntakeAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LowCoverageWarning)
        return mg.analyze(log, WOMAN, table=table)


# -- the bundled casserole, re-derived from its USDA rows ------------------------------------

# Each line of the bundled casserole: its food, and its grams as USDA gives them: a mass in
# the line, or (count, the portions.csv row (food id, seq) that the line's measure is).
CASSEROLE: dict[str, tuple[str, float | tuple[float, str]]] = {
    "500 g lean ground beef (90% lean), raw": ("sr28:23562", 500.0),
    "800 g potatoes, flesh and skin, raw": ("sr28:11352", 800.0),
    "1 medium onion": ("sr28:11282", (1, "6")),  # medium (2-1/2" dia) 110 g
    "2 medium carrots": ("sr28:11124", (2, "5")),  # medium 61 g
    "2 cloves garlic": ("sr28:11215", (2, "3")),  # clove 3 g
    "1 cup frozen green peas": ("sr28:11312", (1, "1")),  # cup 134 g
    "400 g canned tomatoes in tomato juice": ("sr28:11531", 400.0),
    "1/2 cup beef stock": ("sr28:06170", (0.5, "1")),  # cup 240 g
    "1 cup 2% milk": ("sr28:01079", (1, "1")),  # cup 244 g
    "2 tbsp butter": ("sr28:01001", (2, "2")),  # tbsp 14.2 g
    "1 cup cheddar cheese, shredded": ("sr28:01009", (1, "3")),  # cup, shredded 113 g
    "1/2 tsp ground black pepper": ("sr28:02030", (0.5, "1")),  # tsp, ground 2.3 g
}


def _by_hand(column: str) -> tuple[float, float]:
    """The casserole's total of ``column`` (per 100 g in foods.csv) and its weight [g]."""
    foods, portions = usda_rows()
    total = weight = 0.0
    for food_id, amount in CASSEROLE.values():
        if isinstance(amount, tuple):
            count, seq = amount
            row = portions[(food_id, seq)]
            grams = count * float(row["grams"]) / float(row["amount"])
        else:
            grams = amount
        total += grams * float(foods[food_id][column]) / 100.0
        weight += grams
    return total, weight


def test_the_bundled_book_holds_the_example_weeks_casserole() -> None:
    book = load_recipes()
    assert len(book) == 1
    recipe = book["grandma's sunday casserole"]
    assert recipe.recipe_id == CASSEROLE_ID
    assert recipe.servings == 6
    assert [(line.text, line.food_id) for line in recipe.lines] == [
        (text, food_id) for text, (food_id, _) in CASSEROLE.items()
    ]
    assert "Illustrative" in recipe.note
    assert book["Grandma's casserole"] is recipe  # by alias


def test_casserole_per_serving_magnesium_re_derived_from_usda_rows() -> None:
    recipe = load_recipes()[CASSEROLE_ID]
    values = recipe.nutrients()
    magnesium, weight = _by_hand("magnesium_mg_per_100g")
    assert values.raw_weight_g == pytest.approx(weight, rel=1e-12)
    assert values.magnesium_mg == pytest.approx(magnesium, rel=1e-12)
    assert values.magnesium_mg_per_serving == pytest.approx(magnesium / 6, rel=1e-12)
    assert values.magnesium_mg_per_serving == pytest.approx(75.71, abs=0.01)
    assert values.magnesium_mg_per_100g == pytest.approx(magnesium / weight * 100, rel=1e-12)
    calcium, _ = _by_hand("calcium_mg_per_100g")
    assert values.calcium_mg_per_serving == pytest.approx(calcium / 6, rel=1e-12)
    energy, _ = _by_hand("energy_kcal_per_100g")
    assert values.energy_kcal_per_serving == pytest.approx(energy / 6, rel=1e-12)
    vitamin_d, _ = _by_hand("vitamin_d_ug_per_100g")
    assert values.vitamin_d_ug == pytest.approx(vitamin_d, rel=1e-12)
    for name in ("magnesium", "calcium", "vitamin_d", "energy"):
        assert getattr(values, f"{name}_coverage") == 1.0
    assert values.unresolved == ()
    assert values.review == ()
    # logged: one serving of the casserole is the same magnesium
    log = mg.FoodLog.from_lines(["1 serving grandma's casserole"], date=DAY)
    entry = _quiet(log, with_book()).entries.iloc[0]
    assert entry["food_id"] == CASSEROLE_ID
    assert entry["magnesium_mg"] == pytest.approx(magnesium / 6, rel=1e-12)


def test_the_example_week_has_no_unresolved_line_with_the_book() -> None:
    week = mg.FoodLog.from_csv(DATA / "example_week.csv")
    without = _quiet(week)
    assert without.unresolved["text"].tolist() == ["grandma's sunday casserole"]
    result = _quiet(week, with_book())
    assert len(result.unresolved) == 0
    entry = result.entries.set_index("text").loc["grandma's sunday casserole"]
    assert entry["food_id"] == CASSEROLE_ID
    assert entry["flags"] == "no_amount;default_portion"  # one serving, assumed and shown
    serving = load_recipes()[CASSEROLE_ID].nutrients()
    assert entry["grams"] == pytest.approx(serving.serving_g)
    assert entry["magnesium_mg"] == pytest.approx(serving.magnesium_mg_per_serving)


@pytest.mark.parametrize(
    ("line", "amount", "unit", "servings"),
    [
        ("1 serving grandma's casserole", None, None, 1.0),
        ("2 servings of grandma's sunday casserole", None, None, 2.0),
        ("grandma's casserole", None, None, 1.0),
        ("Grandma's casserole", 1.0, "full recipe", 6.0),  # a Cronometer "1.00 full recipe"
        ("grandma's casserole", 0.5, "recipe", 3.0),
    ],
)
def test_a_recipe_is_logged_by_the_serving_or_whole(
    line: str, amount: float | None, unit: str | None, servings: float
) -> None:
    log = mg.FoodLog().add(line, amount=amount, unit=unit, date=DAY)
    entry = _quiet(log, with_book()).entries.iloc[0]
    values = load_recipes()[CASSEROLE_ID].nutrients()
    assert entry["food_id"] == CASSEROLE_ID
    assert entry["magnesium_mg"] == pytest.approx(servings * values.magnesium_mg_per_serving)


def test_a_recipe_by_weight_uses_its_per_100g() -> None:
    log = mg.FoodLog.from_lines(["250 g grandma's casserole"], date=DAY)
    entry = _quiet(log, with_book()).entries.iloc[0]
    values = load_recipes()[CASSEROLE_ID].nutrients()
    assert entry["grams"] == 250.0
    assert entry["magnesium_mg"] == pytest.approx(2.5 * values.magnesium_mg_per_100g)


def test_a_volume_of_a_recipe_is_refused_with_its_portions() -> None:
    log = mg.FoodLog.from_lines(["1 cup grandma's casserole"], date=DAY)
    entry = _quiet(log, with_book()).entries.iloc[0]
    assert entry["status"] == "unresolved"
    assert "serving" in entry["reason"]


# -- yield, coverage -------------------------------------------------------------------------


def test_the_cooked_weight_scales_per_100g_not_per_serving() -> None:
    raw = load_recipes()[CASSEROLE_ID]
    cooked = raw.model_copy(update={"cooked_weight_g": 2000.0})
    before, after = raw.nutrients(), cooked.nutrients()
    assert after.weight_g == 2000.0
    assert after.raw_weight_g == before.raw_weight_g
    assert after.magnesium_mg_per_serving == before.magnesium_mg_per_serving
    assert after.magnesium_mg_per_100g == pytest.approx(before.magnesium_mg / 20)
    assert after.magnesium_mg_per_100g / before.magnesium_mg_per_100g == pytest.approx(
        before.raw_weight_g / 2000.0
    )
    food = cooked.food()
    assert food.portions[0].grams == pytest.approx(2000.0 / 6)
    assert food.portions[1].grams == 2000.0


def test_an_ingredient_of_unknown_magnesium_lowers_coverage_never_counts_as_zero() -> None:
    # SR28 01188 reports calcium (359 mg/100 g) but no magnesium.
    recipe = Recipe(
        "Almonds in cheese sauce",
        lines=["100 g almonds", Ingredient(text="100 g cheese sauce", food_id="sr28:01188")],
        servings=2,
    )
    values = recipe.nutrients()
    almonds = mg.estimate("100 g almonds")
    assert values.magnesium_coverage == pytest.approx(0.5)  # 100 of 200 g known
    assert values.coverage == values.magnesium_coverage
    assert values.magnesium_mg == pytest.approx(almonds.magnesium_mg)  # the known part
    assert values.magnesium_mg > 0
    assert values.calcium_coverage == 1.0
    assert values.calcium_mg == pytest.approx(almonds.calcium_mg + 359.0)
    food = recipe.food()  # as a food, a partial value is unknown, never a smaller number
    assert math.isnan(food.magnesium_mg_per_100g)
    assert food.calcium_mg_per_100g == pytest.approx(values.calcium_mg / 2)
    table = FoodTable.default().with_recipes(RecipeBook([recipe]))
    log = mg.FoodLog().add("x", food_id=recipe.recipe_id, amount=1, unit="serving", date=DAY)
    result = _quiet(log, table)
    assert math.isnan(result.entries["magnesium_mg"].iloc[0])
    assert result.daily["coverage"].iloc[0] == 0.0


def test_an_unresolved_ingredient_is_listed_and_the_recipe_cannot_be_a_food() -> None:
    recipe = Recipe("Mystery stew", lines=["200 g lentils, raw", "lots of love",
                                           "1 cup unobtainium flakes"])  # fmt: skip
    values = recipe.nutrients()
    assert [text for text, _ in values.unresolved] == ["lots of love", "1 cup unobtainium flakes"]
    assert values.magnesium_coverage < 1
    assert values.magnesium_mg > 0  # the lentils are known
    assert math.isnan(values.raw_weight_g)  # the weight is not known
    assert math.isnan(values.magnesium_mg_per_100g)
    with pytest.raises(RecipeError, match="lots of love") as info:
        recipe.food()
    assert len(info.value.problems) == 2
    with pytest.raises(RecipeError, match="Mystery stew: ingredient 'lots of love'"):
        FoodTable.default().with_recipes(RecipeBook([recipe]))
    frame = recipe.ingredients()
    assert frame["status"].tolist() == ["resolved", "unresolved", "unresolved"]


# -- ids, names, errors ----------------------------------------------------------------------


def test_recipe_ids_never_collide_with_usda_ids() -> None:
    table = with_book()
    assert table.foods["food_id"].str.startswith("recipe:").sum() == 1
    assert table[CASSEROLE_ID].source == "recipe"
    assert len(table) == len(FoodTable.default()) + 1
    usda = FoodTable.default().foods["food_id"]
    assert not usda.str.startswith("recipe:").any()
    custom = FoodTable.default().with_foods([
        Food(food_id=CASSEROLE_ID, source="custom", description="not a recipe",
             portions=(Portion(amount=1, measure="g", unit="g", grams=1),))
    ])  # fmt: skip
    with pytest.raises(RecipeError, match="already a food of the table"):
        custom.with_recipes(load_recipes())


def test_slugs_and_names() -> None:
    assert recipe_slug("Grandma's Sunday casserole") == "grandmas_sunday_casserole"
    assert recipe_slug("  Pâté  en croûte!! ") == "pate_en_croute"
    assert Recipe(name="A", lines=["1 egg"]) == Recipe("A", lines=["1 egg"])
    with pytest.raises(RecipeError, match="also the id of"):
        RecipeBook([Recipe("Pâté", lines=["1 egg"]), Recipe("pate", lines=["2 eggs"])])
    with pytest.raises(RecipeError, match="not a Recipe"):
        RecipeBook(["soup"])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "Soup", "lines": []}, "at least 1 item"),
        ({"name": "Soup", "lines": "1 egg"}, "not one string"),
        ({"name": "Soup", "lines": ["  "]}, "must not be blank"),
        ({"name": "Soup", "lines": ["1 egg\n2 eggs"]}, "one line of text"),
        ({"name": "!!!", "lines": ["1 egg"]}, "a letter or a digit"),
        ({"name": "Soup", "lines": ["1 egg"], "servings": 0}, "greater than or equal to 0.01"),
        ({"name": "Soup", "lines": ["1 egg"], "servings": math.nan}, "finite"),
        (
            {"name": "Soup", "lines": ["1 egg"], "cooked_weight_g": -5},
            "greater than or equal to 0.1",
        ),
        ({"name": "Soup", "lines": ["1 egg"], "aliases": ["a;b"]}, "must not hold ';'"),
        ({"name": "Soup", "lines": [{"text": "1 egg", "food_id": "nope"}]}, "pattern"),
        ({"name": "Soup", "lines": ["1 egg"], "colour": "red"}, "Extra inputs"),
    ],
)
def test_a_bad_recipe_is_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Recipe(**fields)


def test_a_book_by_id_name_or_alias_and_its_table() -> None:
    book = load_recipes()
    assert CASSEROLE_ID in book
    assert "GRANDMA'S CASSEROLE" in book
    assert "soup" not in book
    with pytest.raises(RecipeError, match="no such recipe"):
        book["soup"]
    two = book.with_recipes([Recipe("Soup", lines=["1 cup lentil soup"], servings=1)])
    assert len(two) == 2
    assert two.nutrients()["recipe_id"].tolist() == [CASSEROLE_ID, "recipe:soup"]


# -- saving: JSON and CSV, identically --------------------------------------------------------


def test_the_bundled_book_round_trips_through_json_and_csv(tmp_path: Path) -> None:
    book = load_recipes()
    assert RecipeBook.from_json(book.to_json()) == book
    assert RecipeBook.from_csv(book.to_csv()) == book
    book.to_json(tmp_path / "book.json")
    book.to_csv(tmp_path / "book.csv")
    assert read_recipes(tmp_path / "book.json") == book
    assert read_recipes(tmp_path / "book.csv") == book
    assert (DATA / "recipes.json").read_text(encoding="utf-8") == book.to_json()
    assert RecipeBook.from_csv(tmp_path / "book.csv").to_json() == book.to_json()


@settings(max_examples=60, deadline=None)
@given(
    recipes=st.lists(
        st.builds(
            lambda name, lines, servings, cooked, aliases, note: Recipe(
                name, lines=lines, servings=servings, cooked_weight_g=cooked, aliases=aliases,
                note=note,
            ),
            recipe_names,
            st.lists(
                st.builds(Ingredient, text=recipe_names,
                          food_id=st.sampled_from([None, "sr28:11458", "fndds:72125100"])),
                min_size=1, max_size=4,
            ),
            recipe_servings, cooked_weights_g, recipe_aliases, recipe_notes,
        ),
        max_size=4,
        unique_by=lambda r: r.recipe_id,
    )
)  # fmt: skip
def test_any_book_round_trips_through_json_and_csv_identically(recipes: list[Recipe]) -> None:
    book = RecipeBook(recipes)
    assert RecipeBook.from_json(book.to_json()) == book
    assert RecipeBook.from_csv(book.to_csv()) == book
    assert RecipeBook.from_csv(book.to_csv()).to_csv() == book.to_csv()


def test_a_hand_written_csv_book_and_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    path.write_text(
        "Recipe,Line,Servings\n"
        "Lentil soup,200 g lentils raw,4\n"
        "Lentil soup,1 medium onion,4\n"
        "\n"
        "Toast,1 slice whole wheat bread,\n",
        encoding="utf-8",
    )
    book = read_recipes(path)
    assert [r.name for r in book] == ["Lentil soup", "Toast"]
    assert book["toast"].servings == 1.0
    assert len(book["lentil soup"].lines) == 2
    path.write_text("recipe,line,servings\nSoup,1 egg,4\nSoup,2 eggs,5\n", encoding="utf-8")
    with pytest.raises(RecipeError, match="row 3: 'Soup' has another servings than on row 2"):
        read_recipes(path)
    path.write_text("name,line\nSoup,1 egg\n", encoding="utf-8")
    with pytest.raises(RecipeError, match="no 'recipe' column"):
        read_recipes(path)
    path.write_text("recipe,line,servings\nSoup,1 egg,many\n", encoding="utf-8")
    with pytest.raises(RecipeError, match="must be numbers"):
        read_recipes(path)
    with pytest.raises(RecipeError, match=r"\.json or \.csv"):
        read_recipes(tmp_path / "book.txt")
    with pytest.raises(RecipeError, match="cannot read it"):
        read_recipes(tmp_path / "missing.json")
    with pytest.raises(RecipeError, match="not a mgcalc recipe book"):
        RecipeBook.from_json('{"format": "other"}')
    with pytest.raises(RecipeError, match=r"recipe 'Soup': servings"):
        RecipeBook.from_json(
            '{"format": "mgcalc.RecipeBook/1", "recipes": [{"name": "Soup", '
            '"lines": ["1 egg"], "servings": -1}]}'
        )


# -- the law: n servings logged n times are the ingredients logged once --------------------------


@settings(max_examples=25, deadline=None)
@given(
    ingredients=recipe_ingredients,
    servings=st.integers(min_value=1, max_value=12),
    cooked=cooked_weights_g,
)
def test_n_servings_logged_n_times_equal_the_ingredients_logged_once(
    ingredients: list[tuple[str, float]], servings: int, cooked: float | None
) -> None:
    recipe = Recipe(
        "Law stew",
        lines=[Ingredient(text=f"{g!r} g of it", food_id=food_id) for food_id, g in ingredients],
        servings=servings,
        cooked_weight_g=cooked,
    )
    table = FoodTable.default().with_recipes(RecipeBook([recipe]))
    dish = mg.FoodLog()
    for _ in range(servings):
        dish.add("a serving", food_id=recipe.recipe_id, amount=1, unit="serving", date=DAY)
    raw = mg.FoodLog()
    for food_id, grams in ingredients:
        raw.add("ingredient", food_id=food_id, amount=grams, unit="g", date=DAY)
    by_dish = _quiet(dish, table).daily.iloc[0]
    by_ingredients = _quiet(raw, table).daily.iloc[0]
    for column in ("magnesium_mg", "calcium_mg", "vitamin_d_ug", "energy_kcal"):
        assert by_dish[column] == pytest.approx(by_ingredients[column], rel=1e-9), column
    assert by_dish["coverage"] == by_ingredients["coverage"] == 1.0


# -- the command line --------------------------------------------------------------------------


@pytest.mark.slow  # each book builds a new table's search index (about 2 s)
def test_cli_analyze_with_a_recipe_book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    week = str(DATA / "example_week.csv")
    person = ["--age", "34", "--sex", "female"]
    assert main(["analyze", week, *person, "--recipes", str(DATA / "recipes.json")]) == 0
    assert "Unresolved: none" in capsys.readouterr().out
    load_recipes().to_csv(tmp_path / "book.csv")
    assert main(["analyze", week, *person, "--recipes", str(tmp_path / "book.csv")]) == 0
    assert "Unresolved: none" in capsys.readouterr().out
    assert main(["analyze", week, *person]) == 0
    assert "grandma's sunday casserole" in capsys.readouterr().out
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert main(["analyze", week, "--recipes", str(tmp_path / "bad.json")]) == 2
    assert "mgcalc: error: recipe 'bad.json': not JSON" in capsys.readouterr().err
    output = tmp_path / "report.html"
    assert main(["report", week, *person, "--recipes", str(DATA / "recipes.json"),
                 "-o", str(output)]) == 0  # fmt: skip
    assert output.is_file()
