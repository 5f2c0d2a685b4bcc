"""Tests for :mod:`mgcalc.foods`: the USDA food table, its portions, grams and search."""

from __future__ import annotations

import io
import math
import re

import numpy as np
import pandas as pd
import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mgcalc._matching import NEGATIONS, PHRASES
from mgcalc.errors import MgcalcError, PortionError, UnitError, UnknownFoodError
from mgcalc.foods import VOLUME_UNITS_ML, Food, FoodTable, Portion
from mgcalc.units import Q_
from strategies import amount_numbers, custom_foods, mass_unit_names, volume_unit_names

TABLE = FoodTable.default()
CUP_ML = 236.5882365
TBSP_ML = 14.78676478125
OUNCE_G = 28.349523125

SEARCH_COLUMNS = [
    "food_id",
    "description",
    "score",
    "source",
    "food_group",
    "magnesium_mg_per_100g",
    "calcium_mg_per_100g",
]


def _is_baby_or_branded(description: str, food_group: str) -> bool:
    """Baby foods, and branded items (a brand is written in capitals in USDA names)."""
    baby = food_group.lower().startswith("baby") or "baby" in description.lower()
    capitals = re.findall(r"\b[A-Z][A-Z'&.\-]{2,}\b", description)
    return baby or any(word not in {"NFS", "NS"} for word in capitals)  # FNDDS: "not specified"


_portions = TABLE.portions
FOODS_WITH_VOLUME = sorted(
    _portions.loc[_portions["unit"].isin(list(VOLUME_UNITS_ML)), "food_id"].unique()
)
_volume_counts = _portions.loc[_portions["unit"].isin(list(VOLUME_UNITS_ML)), "food_id"]
FOODS_WITH_ONE_VOLUME = sorted(_volume_counts[~_volume_counts.duplicated(keep=False)])
ALL_FOOD_IDS = TABLE.foods["food_id"].tolist()


# -- the bundled table, pinned to the USDA sources -------------------------------------------


@pytest.mark.parametrize(
    ("food_id", "description", "magnesium_mg", "calcium_mg"),
    [
        ("sr28:11458", "Spinach, cooked, boiled, drained, without salt", 87, 136),
        ("sr28:12061", "Nuts, almonds", 270, 269),
        ("sr28:12016", "Seeds, pumpkin and squash seed kernels, roasted, without salt", 550, 52),
        ("sr28:12014", "Seeds, pumpkin and squash seed kernels, dried", 592, 46),
        ("fndds:42101000", "Almonds, unroasted", 258, 254),
        ("fndds:43101150", "Pumpkin seeds, unsalted", 550, 52),
        ("fndds:72125100", "Spinach, raw", 93, 68),
    ],
)
def test_usda_spot_checks(
    food_id: str, description: str, magnesium_mg: float, calcium_mg: float
) -> None:
    food = TABLE[food_id]
    assert isinstance(food, Food)
    assert food.food_id == food_id
    assert food.description == description
    assert food.magnesium_mg_per_100g == magnesium_mg
    assert food.calcium_mg_per_100g == calcium_mg
    assert food.source == food_id.split(":")[0]
    assert food.has_magnesium


def test_default_is_loaded_once() -> None:
    assert FoodTable.default() is TABLE


def test_counts_by_source() -> None:
    assert len(TABLE) == 14_220
    assert TABLE.foods["source"].value_counts().to_dict() == {"sr28": 8_789, "fndds": 5_431}
    assert repr(TABLE) == "<FoodTable 14220 foods (sr28: 8789, fndds: 5431)>"


def test_unreported_magnesium_is_nan_not_zero() -> None:
    sr28 = TABLE.foods[TABLE.foods["source"] == "sr28"]
    assert sr28["magnesium_mg_per_100g"].isna().sum() == 739
    assert (sr28["magnesium_mg_per_100g"] == 0).sum() == 229
    assert sr28["calcium_mg_per_100g"].isna().sum() == 348
    food = TABLE["sr28:01188"]  # KRAFT CHEEZ WHIZ: calcium published, magnesium not
    assert math.isnan(food.magnesium_mg_per_100g)
    assert not food.has_magnesium
    assert food.calcium_mg_per_100g == 359


def test_a_published_zero_stays_zero() -> None:
    food = TABLE["sr28:01003"]  # Butter oil, anhydrous
    assert food.magnesium_mg_per_100g == 0.0
    assert food.has_magnesium


def test_fndds_reports_every_value() -> None:
    fndds = TABLE.foods[TABLE.foods["source"] == "fndds"]
    assert fndds[["magnesium_mg_per_100g", "calcium_mg_per_100g"]].notna().all().all()


def test_no_value_is_negative() -> None:
    nutrients = TABLE.foods[["magnesium_mg_per_100g", "calcium_mg_per_100g"]]
    assert (nutrients.fillna(0) >= 0).all().all()
    assert (TABLE.portions["grams"] > 0).all()
    assert (TABLE.portions["amount"] > 0).all()


def test_food_carries_its_portions() -> None:
    food = TABLE["sr28:11458"]
    assert food.portions == (Portion(amount=1, measure="cup", unit="cup", grams=180),)
    assert str(food.portions[0]) == "1 cup (180 g)"


def test_contains() -> None:
    assert "sr28:11458" in TABLE
    assert "sr28:99999" not in TABLE
    assert 11458 not in TABLE


def test_unknown_id_raises_key_error() -> None:
    with pytest.raises(UnknownFoodError, match=r"unknown food 'sr28:99999'$") as info:
        TABLE["sr28:99999"]
    assert isinstance(info.value, KeyError)
    assert info.value.suggestions == ()


def test_unknown_text_suggests_foods() -> None:
    with pytest.raises(UnknownFoodError, match="did you mean: sr28:11457 \\(Spinach, raw\\)") as e:
        TABLE["spinach"]
    assert e.value.food == "spinach"
    assert len(e.value.suggestions) == 3


def test_table_iterates_its_food_ids_and_refuses_other_keys() -> None:
    ids = list(TABLE)
    assert len(ids) == len(TABLE) == len(set(ids))
    assert ids[:3] == TABLE.foods["food_id"].head(3).tolist()
    assert TABLE[ids[0]].food_id == ids[0]
    for key in (0, 3.5, None, ("sr28:11458",), ["sr28:11458"]):
        assert key not in TABLE
        with pytest.raises(MgcalcError, match="a food id is text such as 'sr28:11458'"):
            TABLE[key]  # type: ignore[index]


# -- the models ------------------------------------------------------------------------------


def test_food_is_frozen_and_validated() -> None:
    food = Food(food_id="custom:water", source="custom", description="Water")
    assert math.isnan(food.magnesium_mg_per_100g)
    assert Food(food_id="custom:x", source="custom", description="x", magnesium_mg_per_100g=None)
    with pytest.raises(pydantic.ValidationError):
        food.description = "Milk"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError, match="cannot be negative"):
        Food(food_id="custom:x", source="custom", description="x", magnesium_mg_per_100g=-1)
    with pytest.raises(pydantic.ValidationError, match="food_id"):
        Food(food_id="no source prefix", source="custom", description="x")


@pytest.mark.parametrize(("amount", "grams"), [(0, 10), (1, 0), (-1, 10), (1, -5)])
def test_portion_amount_and_grams_are_positive(amount: float, grams: float) -> None:
    with pytest.raises(pydantic.ValidationError):
        Portion(amount=amount, measure="cup", unit="cup", grams=grams)


# -- grams -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("food_id", "amount", "grams"),
    [
        ("sr28:11458", "1/2 cup", 90.0),  # the food's own cup: 180 g
        ("sr28:11458", "½ cup", 90.0),
        ("sr28:11458", "1 1/2 cups", 270.0),
        ("sr28:11458", "cup", 180.0),
        ("sr28:11458", "2 cups chopped", 360.0),
        ("sr28:11458", "3 tbsp", 180 / CUP_ML * 3 * TBSP_ML),  # density from the cup
        ("sr28:11458", "3 tbsp", 33.75),
        ("sr28:11458", "30 g", 30.0),
        ("sr28:11458", "1 kg", 1000.0),
        ("sr28:11458", "2 oz", 2 * OUNCE_G),
        ("sr28:11458", "1 lb", 453.59237),
        ("sr28:09040", "1 medium", 118.0),  # Bananas, raw
        ("sr28:09040", "1 large", 136.0),
        ("sr28:09040", "1 extra large", 152.0),
        ("sr28:09040", "2", 236.0),  # a bare count is the medium one
        ("sr28:09040", "1 cup, mashed", 225.0),
        ("sr28:09040", "1 cup sliced", 150.0),
        ("sr28:01123", "2 large", 100.0),  # Egg, whole, raw, fresh
        ("sr28:01123", "1 jumbo", 63.0),
        ("sr28:08147", "2 large biscuits", 47.0),  # the portion is "2 large biscuits" = 47 g
        ("fndds:63107010", "1 banana", 126.0),
        ("fndds:63107010", "3 slices", 18.0),
    ],
)
def test_grams(food_id: str, amount: str, grams: float) -> None:
    assert TABLE.grams(food_id, amount) == pytest.approx(grams)


def test_grams_of_a_number_and_unit_or_a_quantity() -> None:
    assert TABLE.grams("sr28:11458", 2, "cup") == pytest.approx(360.0)
    assert TABLE.grams("sr28:11458", 0.5, "cups") == pytest.approx(90.0)
    assert TABLE.grams("sr28:11458", Q_(1, "cup")) == pytest.approx(180.0)
    assert TABLE.grams("sr28:11458", Q_(3, "oz")) == pytest.approx(3 * OUNCE_G)
    assert TABLE.grams("sr28:09040", 2) == pytest.approx(236.0)


def test_grams_without_an_amount_is_the_default_portion() -> None:
    assert TABLE.grams("fndds:63107010") == 126.0  # FNDDS "Quantity not specified"
    assert TABLE.grams("sr28:11458") == 180.0  # SR28: the first listed measure


def test_a_volume_for_a_food_without_volume_portions_lists_its_portions() -> None:
    with pytest.raises(PortionError, match=r"its portions are: 1 tube \(75 g\)") as info:
        TABLE.grams("fndds:11436100", "1 cup")
    error = info.value
    assert isinstance(error, ValueError)
    assert error.food_id == "fndds:11436100"
    assert error.amount == "1 cup"
    assert error.available == ("1 tube (75 g)", "1 Quantity not specified (75 g)")
    assert "no volume portion" in error.reason


def test_a_count_the_food_does_not_list_is_a_portion_error() -> None:
    with pytest.raises(
        PortionError, match=r"no 'slice' portion\); its portions are: 1 cup \(180 g\)"
    ):
        TABLE.grams("sr28:11458", "1 slice")


def test_a_food_without_portions_takes_only_masses() -> None:
    assert TABLE.portions_of("sr28:01289").empty
    assert TABLE.grams("sr28:01289", "1 oz") == pytest.approx(OUNCE_G)
    with pytest.raises(PortionError, match="lists no household portions"):
        TABLE.grams("sr28:01289", "1 cup")
    with pytest.raises(PortionError, match="no default portion"):
        TABLE.grams("sr28:01289")


@pytest.mark.parametrize("amount", ["1 parsec", Q_(3, "parsec"), "2 mmol", Q_(5, "mEq")])
def test_a_unit_that_is_no_mass_volume_or_count_is_a_unit_error(amount: object) -> None:
    with pytest.raises(UnitError, match="not a valid unit here") as info:
        TABLE.grams("sr28:11458", amount)
    assert isinstance(info.value, TypeError)


def test_grams_of_an_unknown_food() -> None:
    with pytest.raises(UnknownFoodError):
        TABLE.grams("sr28:99999", "1 g")


def test_a_zero_denominator_is_a_mgcalc_error() -> None:
    with pytest.raises(MgcalcError):
        TABLE.grams("sr28:11458", "1/0 cup")


@pytest.mark.parametrize(("amount", "unit"), [("-1 cup", None), (-2, "cup"), ("-30 g", None)])
def test_a_negative_amount_says_so(amount: object, unit: str | None) -> None:
    with pytest.raises(PortionError, match="negative"):
        TABLE.grams("sr28:11458", amount, unit)


def test_grams_per_unit() -> None:
    assert TABLE.grams_per_unit("sr28:11458", "cup") == 180.0
    assert TABLE.grams_per_unit("sr28:11458", "tsp") == pytest.approx(180 / 48)
    assert TABLE.grams_per_unit("sr28:11458", "oz") == pytest.approx(OUNCE_G)
    assert TABLE.grams_per_unit("sr28:08147", "large", ["biscuit"]) == pytest.approx(23.5)


# -- grams: the laws --------------------------------------------------------------------------


@given(food_id=st.sampled_from(ALL_FOOD_IDS), ounces=amount_numbers)
def test_grams_from_g_and_from_oz_agree(food_id: str, ounces: float) -> None:
    from_oz = TABLE.grams(food_id, f"{ounces} oz")
    assert from_oz == pytest.approx(ounces * OUNCE_G, rel=1e-12)
    assert TABLE.grams(food_id, Q_(ounces, "oz")) == pytest.approx(from_oz, rel=1e-12)
    grams = round(ounces * OUNCE_G, 3)
    assert TABLE.grams(food_id, f"{grams} g") == pytest.approx(from_oz, abs=1e-3)
    assert TABLE.grams(food_id, ounces, "oz") == pytest.approx(from_oz, rel=1e-12)


@given(food_id=st.sampled_from(ALL_FOOD_IDS), amount=amount_numbers, unit=mass_unit_names)
def test_mass_amounts_do_not_depend_on_the_food(food_id: str, amount: float, unit: str) -> None:
    expected = Q_(amount, unit).m_as("g")
    assert TABLE.grams(food_id, f"{amount} {unit}") == pytest.approx(expected, rel=1e-12)


@given(
    food_id=st.sampled_from(FOODS_WITH_VOLUME),
    factor=amount_numbers,
    unit=volume_unit_names,
)
def test_volume_scaling_is_linear(food_id: str, factor: float, unit: str) -> None:
    one = TABLE.grams(food_id, f"1 {unit}")
    assert one > 0
    assert TABLE.grams(food_id, f"{factor} {unit}") == pytest.approx(factor * one, rel=1e-12)
    assert TABLE.grams(food_id, factor, unit) == pytest.approx(factor * one, rel=1e-12)


@given(food_id=st.sampled_from(FOODS_WITH_ONE_VOLUME), unit=volume_unit_names)
def test_one_volume_portion_fixes_one_density(food_id: str, unit: str) -> None:
    """With one volume portion, every volume unit weighs as its ml do (US customary).

    (A food that lists several, say "1 cup" and "1 tbsp", uses each of its own.)
    """
    millilitres = VOLUME_UNITS_ML[unit]
    assert TABLE.grams(food_id, f"1 {unit}") == pytest.approx(
        TABLE.grams(food_id, Q_(millilitres, "ml")), rel=1e-9
    )


@given(
    food_id=st.sampled_from(ALL_FOOD_IDS),
    number=amount_numbers,
    unit=st.one_of(mass_unit_names, volume_unit_names, st.sampled_from(["medium", "slice", ""])),
)
def test_grams_are_never_negative(food_id: str, number: float, unit: str) -> None:
    try:
        grams = TABLE.grams(food_id, f"{number} {unit}".strip())
    except PortionError:
        return
    assert grams >= 0
    assert math.isfinite(grams)


# -- custom foods and aliases -----------------------------------------------------------------


def test_with_foods_adds_and_replaces_without_touching_the_original() -> None:
    water = Food(
        food_id="custom:mg-water",
        source="custom",
        description="Mineral water, magnesium-rich",
        magnesium_mg_per_100g=11.0,
        calcium_mg_per_100g=35.0,
        portions=(Portion(amount=1, measure="bottle", unit="bottle", grams=500),),
    )
    spinach = TABLE["sr28:11458"].model_copy(update={"magnesium_mg_per_100g": 90.0})
    mine = TABLE.with_foods([water, spinach])
    assert len(mine) == len(TABLE) + 1
    assert mine["custom:mg-water"] == water
    assert mine.grams("custom:mg-water", "2 bottles") == 1000.0
    assert mine["sr28:11458"].magnesium_mg_per_100g == 90.0
    assert mine["sr28:11458"].portions == spinach.portions
    assert TABLE["sr28:11458"].magnesium_mg_per_100g == 87.0
    assert "custom:mg-water" not in TABLE
    assert mine.search("mineral water magnesium", 1)["food_id"].tolist() == ["custom:mg-water"]
    assert mine.search("mineral water", 5, source="custom")["food_id"].tolist() == [
        "custom:mg-water"
    ]


def test_with_aliases_extends_search() -> None:
    assert TABLE.search("spuds", 1)["description"].str.contains("Potato").sum() == 0
    spuds = TABLE.with_aliases({"spud": "potato"}).search("spuds baked", 1)
    assert spuds["description"].str.startswith("Potato").all()


def test_a_table_rejects_missing_columns_and_duplicate_ids() -> None:
    with pytest.raises(ValueError, match="lacks columns"):
        FoodTable(TABLE.foods.drop(columns="description"), TABLE.portions)
    with pytest.raises(ValueError, match="lacks columns"):
        FoodTable(TABLE.foods, TABLE.portions.drop(columns="grams"))
    with pytest.raises(ValueError, match="duplicate food ids"):
        FoodTable(pd.concat([TABLE.foods.head(2), TABLE.foods.head(1)]), TABLE.portions)


# -- CSV round trip ---------------------------------------------------------------------------


def _round_trip(table: FoodTable) -> FoodTable:
    foods, portions = io.StringIO(), io.StringIO()
    table.to_csv(foods, portions)
    foods.seek(0)
    portions.seek(0)
    return FoodTable.read_csv(foods, portions)


def _assert_same_table(left: FoodTable, right: FoodTable) -> None:
    pd.testing.assert_frame_equal(left.foods, right.foods, check_exact=True)
    pd.testing.assert_frame_equal(left.portions, right.portions, check_exact=True)
    for column in ("magnesium_mg_per_100g", "calcium_mg_per_100g"):
        assert np.array_equal(left.foods[column].isna(), right.foods[column].isna())


def test_the_bundled_table_round_trips_through_csv() -> None:
    back = _round_trip(TABLE)
    _assert_same_table(TABLE, back)
    assert back["sr28:11458"] == TABLE["sr28:11458"]
    assert math.isnan(back["sr28:01188"].magnesium_mg_per_100g)
    assert back["sr28:01003"].magnesium_mg_per_100g == 0.0


_SMALL_IDS = ["sr28:11458", "sr28:01188", "sr28:01003", "sr28:09040", "fndds:63107010"]
SMALL = FoodTable(
    TABLE.foods[TABLE.foods["food_id"].isin(_SMALL_IDS)],
    TABLE.portions[TABLE.portions["food_id"].isin(_SMALL_IDS)],
)


@given(foods=custom_foods())
def test_any_table_round_trips_through_csv(foods: list[Food]) -> None:
    table = SMALL.with_foods(foods)
    back = _round_trip(table)
    _assert_same_table(table, back)
    for food in foods:
        assert back[food.food_id].model_dump_json() == food.model_dump_json()


# -- search -----------------------------------------------------------------------------------


def test_search_frame() -> None:
    found = TABLE.search("spinach")
    assert list(found.columns) == SEARCH_COLUMNS
    assert len(found) == 5
    assert found["score"].between(0, 100).all()
    assert found["score"].is_monotonic_decreasing
    assert found["food_id"].is_unique
    assert len(TABLE.search("spinach", limit=12)) == 12


def test_almonds_has_plain_almonds_in_its_top_3() -> None:
    top = TABLE.search("almonds", 3)["food_id"].tolist()
    # Nuts, almonds (SR28) or FNDDS's plain almonds: NFS, unroasted, unsalted.
    plain = {"sr28:12061", "fndds:42100100", "fndds:42101000", "fndds:42101130"}
    assert plain & set(top)


def test_banana_gives_raw_bananas_not_baby_food() -> None:
    found = TABLE.search("banana")
    assert found["description"].iloc[0] == "Bananas, raw"
    assert not found["food_group"].str.startswith("Baby").any()


def test_black_beans_cooked_gives_cooked_black_beans() -> None:
    best = TABLE.search("black beans cooked", 1)["description"].iloc[0]
    assert best.startswith(("Beans, black", "Black beans"))  # FNDDS "Black beans, NFS" is cooked
    assert not {"raw", "dry", "canned"} & set(best.lower().replace(",", " ").split())


@pytest.mark.parametrize(
    ("query", "food_id"),
    [
        # a generic name is its usual food (DEFAULT_NAMES): eggs "NS as to cooking method"
        ("eggs", "fndds:31102000"),
        ("spinach", "sr28:11457"),  # eaten raw as often as cooked: the raw row
        ("cheddar cheese", "sr28:01009"),
        ("orange juice", "sr28:09206"),
        ("kale", "sr28:11234"),  # a vegetable a diary means cooked (COOKED_VEGETABLES)
        ("kale, raw", "sr28:11233"),  # ... unless it says raw
        ("brocoli", None),  # a typo is corrected to the vocabulary: cooked broccoli
        ("yoghurt", None),  # a spelling variant
    ],
)
def test_common_queries(query: str, food_id: str | None) -> None:
    best = TABLE.search(query, 1)
    if query == "brocoli":
        assert best["description"].iloc[0].startswith("Broccoli")
        assert "cooked" in best["description"].iloc[0]
    elif food_id is None:
        assert best["description"].iloc[0].startswith("Yogurt")
    else:
        assert best["food_id"].iloc[0] == food_id


@pytest.mark.parametrize(
    "variants",
    [
        ["bananas, raw", "raw banana", "Raw Bananas!", "banana raw", "BANANAS  RAW."],
        ["almonds", "almond", "Almonds.", "ALMONDS"],
        ["black beans cooked", "cooked black beans", "Beans, black; cooked", "black bean, cooked"],
        ["berries", "berry"],
    ],
)
def test_plurals_word_order_and_punctuation_do_not_matter(variants: list[str]) -> None:
    first = TABLE.search(variants[0])
    for variant in variants[1:]:
        pd.testing.assert_frame_equal(TABLE.search(variant), first)


def _makes_phrase(words: list[str]) -> bool:
    return any(phrase in " ".join(words).lower() for phrase in PHRASES)


def _joins_words(words: list[str]) -> bool:
    """Whether two neighbouring words of one order, and not of the other, are a word the
    tables write closed ("MINI S" -> minis): a different word, as a phrase is."""
    index = TABLE._index
    return set(index.query_tokens(" ".join(words))) != set(
        index.query_tokens(" ".join(sorted(words)))
    )


@given(
    words=st.sampled_from(TABLE.foods["description"].tolist())
    # A negation ("no", "without") binds to the word after it, and a multi-word name
    # ("prepared with water", "in oil", "ice cream") is read as one: those are the places
    # where order matters; the law is stated for the other words.
    .filter(lambda text: not any(phrase in text.lower() for phrase in PHRASES))
    .map(lambda text: [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in NEGATIONS])
    .filter(bool)
    .flatmap(st.permutations)
    # a permutation can make a phrase of its own ("milk chocolate" from "Milk shakes,
    # thick chocolate") or join two words ("mini s" -> minis): a different food
    .filter(lambda words: not _makes_phrase(words) and not _makes_phrase(sorted(words)))
    .filter(lambda words: not _joins_words(words)),
    separator=st.sampled_from([" ", ", ", " ; ", " - "]),
)
def test_any_word_order_gives_the_same_foods(words: list[str], separator: str) -> None:
    ordered = sorted(words)
    pd.testing.assert_frame_equal(
        TABLE.search(separator.join(words)), TABLE.search(" ".join(ordered))
    )


GENERAL_QUERIES = [
    "banana", "apple", "carrots", "peas", "sweet potato", "pears", "rice", "milk", "yogurt",
    "crackers", "cereal", "peanut butter", "chicken", "oatmeal", "cheese", "bread", "soup",
    "cookies", "juice", "corn flakes", "granola bar", "hamburger", "pizza", "chocolate",
]  # fmt: skip


@pytest.mark.parametrize("query", GENERAL_QUERIES)
def test_baby_and_branded_foods_rank_below_general_foods(query: str) -> None:
    best = TABLE.search(query, 1).iloc[0]
    assert not _is_baby_or_branded(best["description"], best["food_group"]), best["description"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("babyfood banana", "Babyfood"),
        ("babyfood carrots", "Babyfood"),
        ("cheerios", "CHEERIOS"),
        ("big mac", "Big Mac"),
        ("infant formula", "Infant formula"),
    ],
)
def test_baby_and_branded_foods_come_first_when_the_query_names_them(
    query: str, expected: str
) -> None:
    assert expected.lower() in TABLE.search(query, 1)["description"].iloc[0].lower()


@pytest.mark.parametrize("query", ["banana baby food", "baby food bananas"])
def test_baby_food_in_two_words_names_baby_foods(query: str) -> None:
    best = TABLE.search(query, 1).iloc[0]
    assert "baby" in best["description"].lower()


def test_search_by_source() -> None:
    fndds = TABLE.search("spinach", 5, source="fndds")
    assert (fndds["source"] == "fndds").all()
    assert len(fndds) == 5
    assert TABLE.search("spinach", 5, source="nowhere").empty


def test_a_query_that_matches_nothing_gives_an_empty_frame() -> None:
    found = TABLE.search("qqqq zzzz")
    assert found.empty
    assert list(found.columns) == SEARCH_COLUMNS
    assert TABLE.search("").empty
    assert TABLE.search("!!!").empty


@pytest.mark.parametrize(
    ("name", "unit"),
    [("cup", "cup"), ("tbsp", "tablespoon"), ("tsp", "teaspoon"), ("fl_oz", "fluid_ounce"),
     ("ml", "milliliter"), ("l", "liter"), ("quart", "quart"), ("pint", "pint"),
     ("gallon", "gallon"), ("cubic_inch", "cubic_inch")],
)  # fmt: skip
def test_volume_constants_agree_with_pint(name: str, unit: str) -> None:
    from mgcalc.foods import VOLUME_UNITS_ML
    from mgcalc.units import ureg

    assert VOLUME_UNITS_ML[name] == pytest.approx(ureg.Quantity(1, unit).m_as("ml"), rel=1e-12)


@pytest.mark.parametrize("unit", ["g", "kg", "mg", "oz", "lb"])
def test_mass_constants_agree_with_pint(unit: str) -> None:
    from mgcalc.foods import MASS_UNITS_G
    from mgcalc.units import ureg

    assert MASS_UNITS_G[unit] == pytest.approx(ureg.Quantity(1, unit).m_as("g"), rel=1e-12)


# -- portion selection (issue #12) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("food_id", "unit", "grams"),
    [
        # the row that is exactly "slice", not "cracker-size slice" (9 g) nor "cup, ..."
        ("fndds:14104100", "slice", 21.0),  # Cheese, Mozzarella, NFS
        ("sr28:11429", "slice", 1.0),  # Radishes, raw: not the "cup slices" row (116 g)
        ("sr28:18070", "slice", 22.0),  # white bread, toasted: "slice" before "slice, large"
        # no exact row: the regular one of a later tier before an unusual one of an earlier
        ("fndds:51101010", "slice", 25.0),  # "medium or regular slice", not "crust not eaten"
        ("sr28:01040", "slice", 28.0),  # Cheese, swiss: "slice (1 oz)" is the slice row
    ],
)
def test_a_count_takes_its_exact_row_first(food_id: str, unit: str, grams: float) -> None:
    assert TABLE.grams_per_unit(food_id, unit) == grams
    assert TABLE.portion(food_id, unit).assumed is False


def test_a_cup_takes_the_plain_cup_row() -> None:
    # Raisins: "cup, packed" (165 g) is listed first; "cup (not packed)" is the cup
    assert TABLE.grams("sr28:09298", "1/2 cup") == 72.5
    assert TABLE.grams("sr28:09298", "1 cup, packed") == 165.0


def test_a_candy_bar_is_its_regular_bar() -> None:
    # Snickers lists "bar (2 oz)" 57 g, "bar, fun size" and "king size" ones
    assert TABLE.grams("sr28:19155", "1 bar") == 57.0
    assert TABLE.grams("sr28:19155", "1 fun size") < 57.0


def test_a_size_the_food_names_among_other_words() -> None:
    # Cola: "drink, large (32 fl oz)" 984 g; a large drink is that row
    assert TABLE.grams("sr28:14148", "1 large") == 984.0


def test_a_weight_that_says_how_many_it_holds_gives_the_count() -> None:
    # Turkey breakfast links: only "2 oz, 2 links" 56 g
    assert TABLE.grams("sr28:07919", "2 links") == 56.0


def test_a_count_of_a_snack_is_of_the_snack_not_of_its_bag() -> None:
    # FNDDS tortilla chips (Doritos): "chip" 3 g, "medium single serving bag" 57 g; ten
    # Doritos are ten chips (the bag's "medium" is the bag's size, not the chip's)
    assert TABLE.grams("fndds:54401112", None, None) == 30.0  # "Quantity not specified"
    assert TABLE.grams("fndds:54401112", "10") == 30.0
    assert TABLE.grams("fndds:54401112", "1 bag") == 57.0  # a bag, when one says so
    # a package that names the food's own noun is counted: REESE'S Peanut Butter Cups,
    # "package 0.6 oz 1 cup" 17 g, is one cup (not the 7 g "miniature")
    assert TABLE.grams("sr28:19150", "2") == 34.0


def test_a_food_that_lists_no_sizes_has_one_usual_item() -> None:
    # FNDDS egg "NS as to cooking method" lists "egg" 50 g and no sizes: a large egg is it
    assert TABLE.grams("fndds:31102000", "2 large") == 100.0


def test_the_default_portion_is_the_usual_item_before_the_first_listed_row() -> None:
    assert TABLE.grams("sr28:09040") == 118.0  # banana: "medium", not "cup, mashed" (225 g)
    assert TABLE.grams("fndds:14104100") == 21.0  # FNDDS: "Quantity not specified"
    assert TABLE.grams("sr28:21207") == 184.0  # SUBWAY turkey sub: "6 inch sub", one sub


@pytest.mark.parametrize(
    ("unit", "locale", "millilitres"),
    [("pint", "us", 473.176473), ("pint", "uk", 568.26125), ("cup", "au", 250.0),
     ("cup", "ca", 250.0), ("fl_oz", "uk", 28.4130625), ("cup", "uk", 236.5882365)],
)  # fmt: skip
def test_volumes_by_locale(unit: str, locale: str, millilitres: float) -> None:
    # 2% milk: 244 g a US cup; any other volume through that density
    density = 244 / 236.5882365
    assert TABLE.grams("sr28:01079", f"1 {unit}", locale=locale) == pytest.approx(
        density * millilitres, rel=1e-12
    )


def test_an_unknown_locale_is_refused() -> None:
    with pytest.raises(UnitError, match="locale"):
        TABLE.grams("sr28:01079", "1 pint", locale="fr")


# -- household measures ---------------------------------------------------------------------


def test_household_measures_have_sources_kinds_and_locales() -> None:
    from mgcalc.foods import FOOD_KINDS, household_measures
    from mgcalc.parse import LOCALES, MASS_UNITS_G, VOLUME_UNITS_ML

    rows = household_measures()
    assert len(rows) >= 30
    for row in rows:
        assert row.source.strip(), row
        assert row.foods == "any" or row.foods in FOOD_KINDS, row
        assert row.locale == "any" or row.locale in LOCALES, row
        assert row.unit in {*MASS_UNITS_G, *VOLUME_UNITS_ML, "default"}, row
    # the UK pint is a unit (LOCALE_VOLUMES_ML), not a convention; a UK can is 330 ml
    assert {(r.measure, r.foods, r.locale) for r in rows} >= {
        ("handful", "nuts_seeds", "any"), ("bowl", "any", "any"), ("mug", "drink", "any"),
        ("glass", "wine", "uk"), ("can", "drink", "uk"), ("square", "chocolate", "any"),
        ("grande", "drink", "any"), ("venti", "iced_drink", "any"),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("food_id", "unit", "locale", "grams", "assumed"),
    [
        ("sr28:12061", "handful", "us", OUNCE_G, True),  # almonds: 1 oz
        ("sr28:09132", "handful", "us", 151 / 2, True),  # grapes: half a cup
        ("sr28:08121", "bowl", "us", 234 * 1.5, True),  # oatmeal: 1.5 cups
        ("sr28:14106", "glass", "us", 147.0, True),  # white wine: 5 fl oz (its own serving)
        ("sr28:14148", "can", "us", 370.0, False),  # cola: SR28 "can or bottle (12 fl oz)"
        ("sr28:14148", "can", "uk", 30.7 / 29.5735295625 * 330, True),  # UK can 330 ml
        ("fndds:92101900", "grande", "us", 16 * 30.0, True),  # latte: 16 fl oz
        ("fndds:92102500", "venti", "us", 24 * 30.0, True),  # iced latte: 24 fl oz
        ("sr28:19904", "square", "us", 10.0, True),  # dark chocolate: 10 g
    ],
)
def test_household_measures_where_the_food_lists_no_portion(
    food_id: str, unit: str, locale: str, grams: float, assumed: bool
) -> None:
    choice = TABLE.portion(food_id, unit, locale=locale)
    assert choice.grams == pytest.approx(grams, rel=1e-9)
    assert choice.assumed is assumed
    assert (choice.source != "") is assumed


def test_a_household_measure_the_food_cannot_take_is_refused() -> None:
    # a handful of a food with no kind in the table, and a bowl of a food with no volume
    with pytest.raises(PortionError, match="handful"):
        TABLE.portion("sr28:13452", "handful")  # beef steak
    with pytest.raises(PortionError, match="bowl"):
        TABLE.portion("sr28:21207", "bowl")  # a sub sandwich lists no cup
    with pytest.raises(PortionError):
        TABLE.grams("sr28:12061", "1 handful")  # grams() uses USDA portions only


@pytest.mark.parametrize(
    ("food_id", "kinds"),
    [("sr28:12061", {"nuts_seeds"}), ("sr28:14003", {"drink", "beer"}),
     ("sr28:14106", {"drink", "wine"}), ("sr28:19411", {"snacks"}),
     ("fndds:92102500", {"drink", "coffee", "iced_drink"}), ("sr28:11457", {"leafy_greens",
     "vegetable"}), ("sr28:09298", {"dried_fruit"})],
)  # fmt: skip
def test_kinds_of_food(food_id: str, kinds: set[str]) -> None:
    assert TABLE.kinds(food_id) >= kinds


def test_guidelines_are_the_fndds_guideline_rows() -> None:
    butter = dict(TABLE.guidelines("fndds:81101000"))
    assert butter["Guideline amount per slice of bread/roll"] == 7.0
    assert TABLE.guidelines("sr28:01001") == ()
