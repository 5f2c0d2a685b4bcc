"""Tests for :mod:`mgcalc.resolve`: food text -> food id with a score, alternatives, the
weak-match threshold, pins and the per-text cache."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mgcalc.foods import FoodTable
from mgcalc.intake import REVIEW_FLAGS
from mgcalc.resolve import (
    DEFAULT_MIN_SCORE,
    DISAGREEMENT_RATIO,
    PORTION_DISAGREEMENT_RATIO,
    Match,
    Resolver,
    normalise_key,
    resolve_line,
    split_components,
)

TABLE = FoodTable.default()
RESOLVER = Resolver(TABLE)  # one per module: its cache makes repeated texts free


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Almonds", "almonds"),
        ("  Almonds,   dry  roasted. ", "almonds, dry roasted"),
        ("spinach;", "spinach"),
        ("\tGreek\nyogurt ", "greek yogurt"),
        ("", ""),
        (" ,.; ", ""),
    ],
)
def test_normalise_key(text: str, key: str) -> None:
    assert normalise_key(text) == key


@given(st.text(max_size=30))
def test_normalise_key_is_idempotent(text: str) -> None:
    key = normalise_key(text)
    assert normalise_key(key) == key
    assert key == key.strip()
    assert "  " not in key


@pytest.mark.parametrize(
    ("text", "food_id"),
    [
        ("almonds, dry roasted", "sr28:12063"),  # Nuts, almonds, dry roasted, without salt added
        ("spinach, boiled", "sr28:11458"),  # Spinach, cooked, boiled, drained, without salt
        ("spinach boiled", "sr28:11458"),
        ("Quinoa, cooked", "sr28:20137"),
    ],
)
def test_resolve_picks_the_usda_food(text: str, food_id: str) -> None:
    match = RESOLVER.resolve(text)
    assert match.food_id == food_id
    assert match.description == TABLE[food_id].description
    assert match.reason is None
    assert not match.pinned
    assert DEFAULT_MIN_SCORE <= match.score <= 100
    assert all(score <= match.score for _, _, score in match.alternatives)
    assert food_id not in [alt[0] for alt in match.alternatives]


def test_resolve_caches_by_normalised_text() -> None:
    resolver = Resolver(TABLE)
    first = resolver.resolve("almonds, dry roasted")
    again = resolver.resolve("  ALMONDS,  dry roasted.")
    assert again is first
    assert len(resolver._cache) == 1


def test_a_weak_match_is_reported_not_used() -> None:
    match = RESOLVER.resolve("grandma's sunday casserole")
    assert match.food_id is None
    assert match.description is None
    assert match.reason == "weak match"
    assert match.score < DEFAULT_MIN_SCORE
    # the best candidates are kept so the person can pin one, best first
    assert len(match.alternatives) >= 1
    assert match.alternatives[0][2] == match.score
    scores = [score for _, _, score in match.alternatives]
    assert scores == sorted(scores, reverse=True)


def test_min_score_is_the_threshold() -> None:
    weak = RESOLVER.resolve("grandma's sunday casserole")
    lenient = Resolver(TABLE, min_score=weak.score).resolve("grandma's sunday casserole")
    assert lenient.food_id == weak.alternatives[0][0]
    assert lenient.reason is None
    demanding = Resolver(TABLE, min_score=100.01).resolve("almonds, dry roasted")
    assert demanding.food_id is None
    assert demanding.reason == "weak match"


@pytest.mark.parametrize(
    ("text", "reason"), [("", "no food named"), ("  ; ", "no food named"), ("xqzzvj", "no match")]
)
def test_nothing_to_match(text: str, reason: str) -> None:
    match = Resolver(TABLE).resolve(text)
    assert match == Match(text, None, None, 0.0, (), reason)


def test_n_alternatives() -> None:
    match = Resolver(TABLE, n_alternatives=1).resolve("almonds, dry roasted")
    assert len(match.alternatives) <= 1
    weak = Resolver(TABLE, n_alternatives=5).resolve("grandma's sunday casserole")
    assert 1 <= len(weak.alternatives) <= 6


def test_a_pin_wins_over_the_search() -> None:
    resolver = Resolver(TABLE, pins={"spaghetti cooked": "sr28:20121"})
    match = resolver.resolve("Spaghetti  cooked")
    assert match.food_id == "sr28:20121"
    assert match.pinned
    assert match.score == 100.0
    assert match.description == TABLE["sr28:20121"].description
    assert match.reason is None


def test_a_pin_to_an_unknown_id_is_unresolved_with_its_reason() -> None:
    match = Resolver(TABLE, pins={"mystery": "sr28:99999"}).resolve("mystery")
    assert match.food_id is None
    assert match.reason is not None
    assert "sr28:99999" in match.reason


def test_resolve_many_keeps_order_and_matches_each_text_once() -> None:
    resolver = Resolver(TABLE)
    texts = ["spinach, boiled", "almonds, dry roasted", "Spinach,  boiled", "xqzzvj"]
    out = resolver.resolve_many(texts)
    assert list(out.columns) == [
        "food_id", "description", "match_score", "alternatives", "match_reason", "pinned",
    ]  # fmt: skip
    assert len(out) == len(texts)
    assert out["food_id"].tolist()[:3] == ["sr28:11458", "sr28:12063", "sr28:11458"]
    assert out["food_id"].isna().iloc[3]
    assert out["match_reason"].isna().tolist() == [True, True, True, False]
    assert out["match_reason"].iloc[3] == "no match"
    assert len(resolver._cache) == 3  # two spellings of spinach share one search


def test_resolve_many_of_nothing() -> None:
    assert len(RESOLVER.resolve_many([])) == 0


# -- composite lines, the source rule, defaults (issue #12) --------------------------------------


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("oatmeal with banana and honey", ["oatmeal", "banana", "honey"]),
        ("baked beans on toast", ["baked beans", "toast"]),
        ("coffee w/ milk", ["coffee", "milk"]),
        ("pizza with no cheese", ["pizza with no cheese"]),  # a negation is no component
        ("mac and cheese", ["mac and cheese"]),  # one dish's name
        ("corn on the cob", ["corn on the cob"]),
        ("coffee with half and half", ["coffee", "half and half"]),
        ("milk (with added vitamin D)", ["milk (with added vitamin D)"]),
        ("spinach, boiled", ["spinach, boiled"]),  # a comma qualifies
    ],
)
def test_split_components(text: str, parts: list[str]) -> None:
    assert split_components(text) == parts


def test_a_composite_line_is_split_and_each_part_measured() -> None:
    line = resolve_line("2 slices whole wheat toast with butter", RESOLVER)
    toast, butter = line.parts
    assert line.food_id is None
    assert "composite_split" in line.flags
    assert toast.grams == 50.0  # 2 × SR28 toasted whole-wheat "slice" 25 g
    # butter: FNDDS "Guideline amount per slice of bread/roll" 7 g × 2 slices
    assert butter.grams == pytest.approx(14.0)
    assert {"composite_split", "assumed_portion"} <= set(butter.flags)
    assert "per slice of bread" in butter.notes[0]
    assert line.grams == pytest.approx(toast.grams + butter.grams)


def test_milk_in_coffee_is_measured_per_fluid_ounce_of_coffee() -> None:
    line = resolve_line("coffee with milk", RESOLVER)
    coffee, milk = line.parts
    assert coffee.grams == 360.0  # FNDDS coffee "Quantity not specified" (12 fl oz)
    fl_oz = coffee.grams / TABLE.grams_per_unit(str(coffee.food_id), "fl_oz")
    assert milk.grams == pytest.approx(2.5 * fl_oz)  # FNDDS milk guideline 2.5 g per fl oz


def test_each_part_keeps_its_own_amount() -> None:
    line = resolve_line("40g porridge oats with 200ml semi-skimmed milk", RESOLVER)
    oats, milk = line.parts
    assert oats.grams == 40.0
    assert milk.grams == pytest.approx(TABLE.grams(str(milk.food_id), "200 ml"))
    assert "assumed_portion" not in milk.flags


def test_milk_on_cold_cereal_is_the_household_convention() -> None:
    _, milk = resolve_line("1 cup corn flakes with milk", RESOLVER).parts
    assert milk.grams == pytest.approx(TABLE.grams(str(milk.food_id), "1/2 cup"))
    assert "added to cold cereal" in milk.notes[0]


def test_one_fndds_dish_that_names_the_whole_line_keeps_it_whole() -> None:
    line = resolve_line("chicken curry with rice", RESOLVER)
    assert line.components == ()
    assert line.description == "Chicken curry with rice"
    assert "composite_split" not in line.flags


@pytest.mark.parametrize(
    ("text", "food_id"),
    [("1 cup peas and carrots", "fndds:73111220"), ("carrots and peas", "fndds:73111220"),
     ("biscuits and gravy", "fndds:58128000")],
)  # fmt: skip
def test_a_food_whose_own_name_joins_the_parts_keeps_it_whole(text: str, food_id: str) -> None:
    line = resolve_line(text, RESOLVER)
    assert line.components == ()
    assert line.food_id == food_id
    assert resolve_line("cheese and crackers", RESOLVER).components  # "Crackers, cheese" is not


@pytest.mark.parametrize("locale", ["us", "uk"])
def test_cider_and_bitter_by_the_pint_are_the_bar_drinks(locale: str) -> None:
    resolver = Resolver(TABLE, locale=locale)
    cider = resolve_line("a pint of cider", resolver)
    assert cider.description == "Hard cider"
    assert "by the pint read as hard cider" in cider.notes[0]
    assert "beer" in str(resolve_line("2 pints of bitter", resolver).description).lower()
    assert resolve_line("1 cup cider", resolver).description == (
        "Apple cider" if locale == "us" else "Hard cider"
    )


@pytest.mark.parametrize("measure", ["splash", "dash", "drizzle"])
def test_a_vague_measure_in_a_drink_is_its_guideline(measure: str) -> None:
    vague = resolve_line(f"2 cups of coffee with a {measure} of milk", RESOLVER)
    plain = resolve_line("2 cups of coffee with milk", RESOLVER)
    assert vague.reason_code is None
    assert vague.parts[1].grams == pytest.approx(plain.parts[1].grams)  # FNDDS per fl oz
    assert "assumed_portion" in vague.parts[1].flags
    assert vague.parts[1].notes[0].startswith(f"1 {measure} read as FNDDS")


@pytest.mark.parametrize(
    ("text", "measure"),
    [("a splash of milk", "splash"), ("a pinch of salt", "pinch"), ("a knob of butter", "knob"),
     ("a dollop of greek yogurt", "dollop")],
)  # fmt: skip
def test_a_vague_measure_on_its_own_is_the_household_convention(text: str, measure: str) -> None:
    line = resolve_line(text, RESOLVER)
    assert line.reason_code is None
    assert "assumed_portion" in line.flags
    assert line.notes[0].startswith(f"{measure} = ")
    assert 0 < line.grams < 40


@pytest.mark.parametrize(
    ("text", "food_id"),
    [("1 cup lemonade", "sr28:14288"), ("1 cup instant coffee", "sr28:14215"),
     ("lemonade powder", "sr28:14287"), ("1 tsp instant coffee powder", "sr28:14214")],
)  # fmt: skip
def test_a_drink_is_the_drink_not_its_powder_unless_named(text: str, food_id: str) -> None:
    assert resolve_line(text, RESOLVER).food_id == food_id


@pytest.mark.parametrize(
    ("text", "name"),
    [("carrot sticks", "Carrots, raw"), ("5 carrot sticks", "Carrots, raw"),
     ("2 celery sticks", "Celery, raw"), ("3 fish sticks", "Fish, stick"),
     ("2 mozzarella sticks", "Mozzarella sticks, breaded, baked, or fried"),
     ("2 bread sticks", "Breadsticks, NFS")],
)  # fmt: skip
def test_sticks_are_a_cut_unless_the_food_is_named_by_them(text: str, name: str) -> None:
    line = resolve_line(text, RESOLVER)
    assert line.description == name
    if text == "5 carrot sticks":
        assert line.unit == "stick"
        assert line.grams == pytest.approx(5 * 4.0)  # SR28 "strip medium" 4 g


@pytest.mark.parametrize(("locale", "grams"), [("uk", 200.0), ("us", 15 * 28.349523125 / 2)])
def test_a_tin_of_beans_is_the_household_can(locale: str, grams: float) -> None:
    line = resolve_line("half a tin of baked beans", Resolver(TABLE, locale=locale))
    assert line.grams == pytest.approx(grams)
    assert "assumed_portion" in line.flags
    assert "legumes" in line.notes[0]


@pytest.mark.parametrize(
    "text",
    ["cheese and pickle sandwich", "chicken and mushroom pie", "leek and potato soup",
     "tuna and sweetcorn sandwich", "ham and pineapple pizza"],
)  # fmt: skip
def test_a_dish_named_by_its_fillings_is_one_dish(text: str) -> None:
    line = resolve_line(text, RESOLVER)
    assert line.components == ()  # never cheese and a "pickle sandwich", nor a pineapple
    assert line.reason_code is not None or line.grams < 400


def test_a_dish_of_fillings_usda_does_not_name_is_read_by_one_filling_for_review() -> None:
    line = resolve_line("tuna and sweetcorn sandwich", RESOLVER)
    assert "sandwich" in str(line.description).lower()
    assert "low_score" in line.flags
    assert line.notes[0] == "read as 'tuna sandwich': USDA names no tuna and sweetcorn sandwich"


def test_separate_things_joined_by_and_stay_apart() -> None:
    assert len(resolve_line("coffee and a ham sandwich", RESOLVER).parts) == 2
    assert len(resolve_line("2 eggs and toast", RESOLVER).parts) == 2


def test_a_sandwich_on_a_bread_usda_does_not_name_is_the_sandwich() -> None:
    line = resolve_line("turkey sandwich on rye", RESOLVER)
    assert line.components == ()
    assert str(line.description).startswith("Turkey sandwich")  # not 169 g of rye grain
    assert "'on rye' not told apart by USDA" in line.notes


@pytest.mark.parametrize(
    ("text", "food_id", "grams"),
    [("half a cantaloupe", "fndds:63109010", 275.0),  # half the 550 g melon, not of a wedge
     ("1 cup pineapple chunks", "sr28:09266", 165.0),  # raw, not "frozen, chunks, sweetened"
     ("2 eggs over easy", "sr28:01128", 92.0)],
)  # fmt: skip
def test_whole_items_cuts_and_egg_styles(text: str, food_id: str, grams: float) -> None:
    line = resolve_line(text, RESOLVER)
    assert (line.food_id, line.grams) == (food_id, pytest.approx(grams))


def test_half_and_half_is_a_cream_not_an_amount() -> None:
    _, cream = resolve_line("1 cup of coffee with half and half", RESOLVER).parts
    assert cream.description == "Cream, half and half"
    assert resolve_line("2 tbsp half and half", RESOLVER).amount == 2.0


@pytest.mark.parametrize(
    ("text", "word"), [("scotch egg", "egg"), ("a pork pie", "pork"), ("lamb curry", "lamb")]
)
def test_a_word_the_food_is_not_is_flagged_for_review(text: str, word: str) -> None:
    line = resolve_line(text, RESOLVER)
    assert "partial_match" in line.flags
    assert "partial_match" in REVIEW_FLAGS
    assert f"not in the food's name: {word}" in line.notes


@pytest.mark.parametrize(
    "text",
    ["1 cup steamed white rice", "3 oz grilled chicken breast", "1 tbsp ground flaxseed",
     "2 slices of whole wheat bread", "1 cup pineapple chunks", "iced latte grande"],
)  # fmt: skip
def test_words_of_size_cut_and_cooking_are_not_looked_for(text: str) -> None:
    assert "partial_match" not in resolve_line(text, RESOLVER).flags


def test_a_food_counted_is_not_its_package_but_a_drink_is_its_can() -> None:
    hash_brown = resolve_line("1 hash brown", RESOLVER)
    assert hash_brown.reason_code == "no_portion"  # not the 340 g "package (12 oz)"
    coke = resolve_line("a coke", RESOLVER)
    assert coke.reason_code is None
    assert coke.grams > 300


@pytest.mark.parametrize(
    ("text", "locale", "name"),
    [("Coca-Cola 330 ml", "us", "Beverages, carbonated, cola, regular"),  # not Dasani water
     ("coke zero 330ml", "uk", "Soft drink, cola, diet"),
     ("digestive biscuit", "uk", "Graham crackers"),  # not "..., chocolate-coated"
     ("digestive biscuit", "us", "Graham crackers")],
)  # fmt: skip
def test_brand_and_british_names(text: str, locale: str, name: str) -> None:
    assert resolve_line(text, Resolver(TABLE, locale=locale)).description == name


@pytest.mark.parametrize(
    ("text", "food_id"),
    [("1 cup chicken stir fry", "fndds:27445110"),  # chicken and vegetables, soy-based sauce
     ("beef stir fry", "fndds:27415100"), ("chicken kebab", "fndds:27440130")],
)  # fmt: skip
def test_stir_fries_and_kebabs_are_the_fndds_dishes(text: str, food_id: str) -> None:
    assert resolve_line(text, RESOLVER).food_id == food_id


def test_chicken_stir_fry_with_rice_is_one_fndds_dish() -> None:
    line = resolve_line("chicken stir fry with rice", RESOLVER)
    assert line.components == ()
    assert "rice, and vegetables" in str(line.description)


@pytest.mark.parametrize(
    ("text", "name", "grams"),
    [("10 cherry tomatoes", "Tomatoes, raw", 170.0),  # ten 17 g cherries, not 125 g tomatoes
     ("5 grape tomatoes", "Tomatoes, raw", 40.0),
     ("1 bell pepper", "Peppers, sweet, green, raw", 119.0),
     ("1 cup cereal", "Cereal, ready-to-eat, NFS", 35.0)],
)  # fmt: skip
def test_kinds_of_tomato_pepper_and_cereal(text: str, name: str, grams: float) -> None:
    line = resolve_line(text, RESOLVER)
    assert (line.description, line.grams) == (name, pytest.approx(grams))


def test_an_americano_is_espresso_not_cheese() -> None:
    assert resolve_line("1 americano", RESOLVER).description == "Coffee, espresso"


def test_a_word_corrected_into_a_brand_name_is_flagged_unknown() -> None:
    # "quavers", a British snack USDA does not have, is one letter from QUAKER
    line = resolve_line("1 packet of quavers", RESOLVER)
    assert "unknown_words" in line.flags
    assert "not in any USDA food name: quaver" in line.notes
    assert "unknown_words" not in resolve_line("1 cup of quinao", RESOLVER).flags  # quinoa


def test_a_milkshake_is_a_milk_shake() -> None:
    assert "Milk shake" in str(resolve_line("1 chocolate milkshake", RESOLVER).description)


@pytest.mark.parametrize(
    ("typo", "right"),
    [("1 slice of pizzza", "1 slice of pizza"), ("1 cup of spagetti", "1 cup of spaghetti"),
     ("1 chiken breast", "1 chicken breast"), ("1 cup brocolli", "1 cup broccoli"),
     ("1 peice of pizza", "1 piece of pizza"),
     ("1 bagel w cream cheese", "1 bagel with cream cheese")],
)  # fmt: skip
def test_a_misspelt_line_reads_as_the_right_one(typo: str, right: str) -> None:
    got, want = resolve_line(typo, RESOLVER), resolve_line(right, RESOLVER)
    assert got.grams == pytest.approx(want.grams)
    for typed, spelt in zip(got.parts, want.parts, strict=True):  # the same food, or its equal
        # ("Pasta, cooked, unenriched" and "..., enriched" tie; their magnesium is the same)
        magnesium = [TABLE[str(p.food_id)].magnesium_mg_per_100g for p in (typed, spelt)]
        assert magnesium[0] == magnesium[1]


def test_salt_is_table_salt() -> None:
    assert resolve_line("1/4 tsp salt", RESOLVER).description == "Salt, table"  # not lentils


def test_a_serving_is_not_one_item() -> None:
    # SR28's only portion of the brand is its 28 g NLEA serving (two sheets): no cracker
    line = resolve_line("2 nabisco graham crackers", RESOLVER)
    assert line.food_id == "sr28:18617"
    assert line.reason_code == "no_portion"
    assert "1 serving (28 g)" in str(line.reason)


def test_a_composite_with_an_unknown_part_is_unresolved_naming_it() -> None:
    line = resolve_line("toast with qqqzzz", RESOLVER)
    assert line.reason_code in ("no_match", "weak_match")
    assert "qqqzzz" in str(line.reason)
    assert line.parts[0].reason_code is None  # the toast itself resolved


@pytest.mark.parametrize(
    ("text", "used", "other"),
    [("tahini", "sr28:", "fndds:43103300"), ("shredded wheat", "sr28:", "fndds:57417000"),
     ("bran flakes", "sr28:08029", "fndds:57207000")],
)  # fmt: skip
def test_when_the_sources_disagree_single_foods_use_sr28(text: str, used: str, other: str) -> None:
    match = RESOLVER.resolve(text)
    assert match.food_id is not None
    assert match.food_id.startswith(used)
    (first, _, first_mg), (second, _, second_mg) = match.disagreement
    assert first == match.food_id
    assert second == other
    assert max(first_mg, second_mg) > DISAGREEMENT_RATIO * min(first_mg, second_mg)
    line = resolve_line(f"1 tbsp {text}", RESOLVER)
    assert "sources_disagree" in line.flags
    assert other in line.notes[0]


def test_a_count_the_two_tables_weigh_differently_is_flagged_with_both_weights() -> None:
    line = resolve_line("2 rice cakes", RESOLVER)
    twin = "sr28:19816"  # plain brown-rice cakes
    assert "sources_disagree" in line.flags
    (note,) = [n for n in line.notes if "portion" in n]
    one = line.grams / 2
    other = TABLE.grams(twin, "1 cake")
    assert max(one, other) > PORTION_DISAGREEMENT_RATIO * min(one, other)
    assert twin in note
    assert f"{one:g} g" in note
    assert f"{other:g} g" in note


@pytest.mark.parametrize("text", ["1 cup milk", "100 g rice cakes", "1/2 cup kidney beans"])
def test_weights_and_volumes_are_not_portion_disagreements(text: str) -> None:
    assert not any("portion" in note for note in resolve_line(text, RESOLVER).notes)


def test_a_count_named_by_a_portion_takes_that_portion() -> None:
    oreos = resolve_line("3 oreos", RESOLVER)  # "Cookie, chocolate sandwich": "1 Oreo sandwich"
    assert oreos.grams == pytest.approx(3 * TABLE.grams(str(oreos.food_id), "1 oreo"))
    assert oreos.grams != pytest.approx(3 * TABLE.grams(str(oreos.food_id), "1 sandwich"))
    # a noun the food's name holds keeps the usual count ("Muffins, blueberry": medium)
    muffin = resolve_line("1 blueberry muffin", RESOLVER)
    assert muffin.grams == pytest.approx(TABLE.grams(str(muffin.food_id), "1 medium"))


@pytest.mark.parametrize(
    ("text", "whole"),
    [("1 english muffin, toasted", False), ("1 whole wheat english muffin", True),
     ("spaghetti bolognese", False), ("whole grain spaghetti bolognese", True),
     ("1 slice wholemeal bread", True), ("1 cup shredded wheat", True)],
)  # fmt: skip
def test_a_grain_food_is_whole_grain_only_when_the_text_says_so(text: str, whole: bool) -> None:
    line = resolve_line(text, RESOLVER)
    name = str(line.description).lower()
    assert any(word in name for word in ("whole", "wheat", "grain")) is whole, name


def test_a_word_no_food_name_holds_flags_the_line_for_review() -> None:
    line = resolve_line("2 fig newtons", RESOLVER)  # not in USDA: the figs are a guess
    assert "unknown_words" in line.flags
    assert "newton" in line.notes[-1]
    assert "unknown_words" in REVIEW_FLAGS
    for known in ("1 cup almonds", "2 slices of wholemeal toast", "a 500ml bottle of milk"):
        assert "unknown_words" not in resolve_line(known, RESOLVER).flags, known


def test_a_compound_written_open_finds_its_closed_name() -> None:
    line = resolve_line("1 cup cooked black-eyed peas", RESOLVER)  # FNDDS "Blackeyed peas"
    assert "blackeyed" in str(line.description).lower().replace("-", "")
    assert "unknown_words" not in line.flags


@pytest.mark.parametrize("text", ["large fries", "small fries", "medium french fries"])
def test_a_size_of_a_food_eaten_by_the_serving_is_no_single_piece(text: str) -> None:
    line = resolve_line(text, RESOLVER)  # one fry is 5 g; a serving of fries 110 g
    assert "potato" in str(line.description).lower()
    assert "fr" in str(line.description).lower()
    assert line.grams >= 50.0
    assert set(REVIEW_FLAGS) & set(line.flags)


def test_a_size_of_a_whole_item_is_still_that_item() -> None:
    apple = resolve_line("large apple", RESOLVER)
    assert apple.grams == pytest.approx(TABLE.grams(str(apple.food_id), "1 large"))
    egg = resolve_line("1 large egg", RESOLVER)
    assert egg.grams == pytest.approx(50.0)  # FNDDS "1 large" egg


@pytest.mark.parametrize(
    ("text", "unit"),
    [("2 sausage links", "1 link"), ("3 bacon strips", "1 slice"), ("2 cheese slices", "1 slice"),
     ("1 pizza slice", "1 slice"), ("2 chicken sausage links", "1 link")],
)  # fmt: skip
def test_a_measure_after_the_food_is_the_unit_not_part_of_the_name(text: str, unit: str) -> None:
    line = resolve_line(text, RESOLVER)  # "sausage links" was "Sausage, Italian, sweet, links"
    name = str(line.description).lower()
    assert "italian" not in name
    assert "meatless" not in name  # "bacon strips" was "Bacon strip, meatless"
    count = float(text.split()[0])
    assert line.grams == pytest.approx(count * TABLE.grams(str(line.food_id), unit))


def test_a_measure_after_the_first_food_of_a_composite_line_is_its_unit() -> None:
    sausage, _ = resolve_line("2 sausage links and 2 eggs", RESOLVER).parts
    assert sausage.grams == pytest.approx(2 * TABLE.grams(str(sausage.food_id), "1 link"))
    assert "italian" not in str(sausage.description).lower()


def test_a_measure_the_bare_food_lacks_is_taken_from_the_food_the_whole_text_names() -> None:
    line = resolve_line("2 turkey sausage links", RESOLVER)
    assert line.food_id == "sr28:07919"  # "Sausage, turkey, breakfast links, mild": 28 g a link
    assert "alternative_for_portion" in line.flags
    assert resolve_line("2 tofu slices", RESOLVER).reason_code == "no_portion"  # not 2 blocks


def test_a_misspelt_phrase_is_read_as_the_phrase() -> None:
    typo, right = (
        resolve_line(text, RESOLVER) for text in ("spagetti bolognese", "spaghetti bolognese")
    )
    assert typo.food_id == right.food_id  # not "Spaghetti sauce with meat"
    assert str(typo.description).lower().startswith("pasta")


def test_a_plural_the_singular_rule_keeps_is_read_as_its_singular() -> None:
    assert resolve_line("2 kiwis", RESOLVER).description == "Kiwi fruit, raw"  # was refused


def test_a_sandwich_ingredient_row_is_not_the_sandwich() -> None:
    line = resolve_line("bacon sandwich", RESOLVER)  # not "Bacon, for use on a sandwich", 16 g
    assert "for use on a sandwich" not in str(line.description)
    assert "sandwich" in str(line.description).lower()


@pytest.mark.parametrize(
    ("text", "grams", "name"),
    [("a 250ml carton of apple juice", None, "apple juice"), ("200g tin of tuna", 200.0, "tuna"),
     ("500ml bottle of water", None, "water")],
)  # fmt: skip
def test_a_container_after_a_weight_or_volume_only_says_how_it_came(
    text: str, grams: float | None, name: str
) -> None:
    line = resolve_line(text, RESOLVER)
    assert name in str(line.description).lower()
    if grams is not None:
        assert line.grams == pytest.approx(grams)


@pytest.mark.parametrize(
    ("text", "name"),
    [("4 ginger snaps", "gingersnaps"), ("hot dog", "hot dog"), ("2 satsumas", "mandarin"),
     ("tuna mayo sandwich", "tuna salad sandwich")],
)  # fmt: skip
def test_everyday_names_find_the_tables_names(text: str, name: str) -> None:
    assert name in str(resolve_line(text, RESOLVER).description).lower()


def test_cooked_oats_are_oatmeal_and_oats_are_rolled_oats() -> None:
    cooked = resolve_line("1/2 cup cooked oats", RESOLVER)  # was 78 g of dry oat groats
    assert cooked.description == "Oatmeal, NFS"
    dry = resolve_line("1/2 cup oats", RESOLVER)
    assert dry.description == "Cereals, oats, regular and quick, not fortified, dry"


@pytest.mark.parametrize(
    ("text", "locale", "name"),
    [("1 oz chips", "us", "potato chips"), ("1 cup chips", "uk", "french fries"),
     ("tortilla chips", "uk", "tortilla chips"), ("chocolate chips", "uk", "chocolate chips"),
     ("1 oz potato chips", "uk", "potato chips")],
)  # fmt: skip
def test_chips_are_read_by_locale_and_by_the_word_before(text: str, locale: str, name: str) -> None:
    line = resolve_line(text, Resolver(TABLE, locale=locale))
    assert name in str(line.description).lower()


def test_fish_and_chips_are_fish_and_fries_in_every_locale() -> None:
    for locale in ("us", "uk"):
        _, chips = resolve_line("fish and chips", Resolver(TABLE, locale=locale)).parts
        assert "french fries" in str(chips.description).lower()


def test_agreeing_sources_are_not_flagged() -> None:
    line = resolve_line("1 cup spinach, boiled", RESOLVER)
    assert line.food_id == "sr28:11458"
    assert "sources_disagree" not in line.flags


@pytest.mark.parametrize(
    ("text", "food_id"),
    [("100g tofu", "sr28:16427"),  # plain raw tofu, not "Tofu, fried"
     ("1 can tuna in water", "sr28:15121"),  # light tuna, not albacore
     ("1 medium baked potato with skin", "sr28:11674"),  # the whole potato, not the skin
     ("1 cup lentils", "sr28:16070"),  # cooked, not raw
     ("1 cup brocoli", "sr28:11091"),  # a usually-cooked vegetable, typo corrected
     ("3 musketeers bar", "sr28:19159"),  # the number is the brand's
     ("snickers bar", "sr28:19155"), ("1 cup Cheerios", "sr28:08013"),
     ("1/2 cup green peas", "fndds:75224030"),  # USDA's survey code for peas of no stated form
     ("garden peas", "fndds:75224030"),
     ("2 chicken thighs", "fndds:24150210"),  # "NS as to cooking method", not "stewed"
     ("stewed chicken thigh", "fndds:24153210"), ("1 pot greek yoghurt", "fndds:11411390"),
     ("2 graham crackers", "fndds:54102010"),  # not the one-word brand "NABISCO GRAHAMS"
     ("2 nabisco grahams", "sr28:18617"),
     ("1 package instant ramen", "sr28:06583"),  # "any flavor", not "beef flavor"
     ("instant noodles", "sr28:06583"),
     ("1 cup chicken tikka masala", "fndds:27146150"), ("chicken korma", "fndds:27146150")],
)  # fmt: skip
def test_default_states_brands_and_typos(text: str, food_id: str) -> None:
    assert resolve_line(text, RESOLVER).food_id == food_id


def test_seeds_are_kernels_and_toast_is_toasted_bread() -> None:
    seeds = resolve_line("1 oz pumpkin seeds, roasted", RESOLVER)  # not whole seeds in hulls
    assert TABLE[str(seeds.food_id)].magnesium_mg_per_100g == 550.0  # kernels (hulled: 262)
    toast = resolve_line("1 slice of toast", RESOLVER)  # toasted white bread, not French toast
    assert str(toast.description).startswith("Bread, white")
    assert "toasted" in str(toast.description)


def test_negation_is_not_plainness() -> None:
    line = resolve_line("1 slice pizza", RESOLVER)
    assert "no cheese" not in str(line.description).lower()


def test_a_handful_is_assumed_and_says_so() -> None:
    line = resolve_line("a handful of almonds", RESOLVER)
    assert line.grams == pytest.approx(28.349523125)
    assert "assumed_portion" in line.flags
    assert line.notes == ("handful (nuts_seeds) = 1 oz (assumption)",)


def test_the_uk_locale_reads_a_pint_and_chips_the_british_way() -> None:
    uk = Resolver(TABLE, locale="uk")
    assert resolve_line("a pint of milk", uk).grams == pytest.approx(
        TABLE.grams("fndds:11100000", "1 pint", locale="uk")
    )
    assert "fr" in str(resolve_line("a portion of chips", uk).description).lower()  # fries
    assert resolve_line("a pint of milk", RESOLVER).grams == pytest.approx(488.0)  # US pint


def test_an_unknown_locale_is_refused() -> None:
    from mgcalc.errors import UnitError

    with pytest.raises(UnitError, match="locale"):
        Resolver(TABLE, locale="fr")


_TWIN_CALCIUM = {"zorbet": 100.0, "quorbet": 199.0, "yorbet": 201.0, "xorbet": 49.0}
"""Pairs of foods a text cannot tell apart ("Zorbet, firm, set with agar" and "..., set with
gelan"): the first of each has 100 mg calcium per 100 g, the second this much."""


@pytest.fixture(scope="module")
def twins() -> FoodTable:
    """The USDA table with the twins of :data:`_TWIN_CALCIUM` and a candy bar named for its
    measure (built once: a table with foods of one's own builds its search index anew)."""
    from mgcalc.foods import Food, Portion

    acme = Food(
        food_id="custom:acme", source="custom", description="Candies, ACME Bar",
        magnesium_mg_per_100g=40.0, calcium_mg_per_100g=60.0,
        portions=(
            Portion(amount=1, measure="serving 2 oz bar", unit="serving", grams=57.0),
            Portion(amount=1, measure="bar bite size", unit="bar", grams=7.0),
            Portion(amount=10, measure="ACME bits", unit="acme", grams=26.0),
        ),
    )  # fmt: skip
    cup = (Portion(amount=1, measure="cup", unit="cup", grams=200.0),)
    return TABLE.with_foods([acme, *(
        Food(food_id=f"custom:{name}-{agent}", source="custom",
             description=f"{name.title()}, firm, set with {agent}", magnesium_mg_per_100g=30.0,
             calcium_mg_per_100g=100.0 if agent == "agar" else calcium, portions=cup)
        for name, calcium in _TWIN_CALCIUM.items()
        for agent in ("agar", "gelan")
    )])  # fmt: skip


@pytest.mark.parametrize(
    ("name", "flagged"), [("zorbet", False), ("quorbet", False), ("yorbet", True), ("xorbet", True)]
)
def test_two_foods_the_text_cannot_tell_apart_flag_a_guess(
    name: str, flagged: bool, twins: FoodTable
) -> None:
    # the boundary is DISAGREEMENT_RATIO (2x) either way; below it the two are one value
    line = resolve_line(f"1 cup firm {name}", Resolver(twins))
    assert line.food_id in (f"custom:{name}-agar", f"custom:{name}-gelan")
    assert ("close_match_differs" in line.flags) is flagged
    if flagged:
        other = ({f"custom:{name}-agar", f"custom:{name}-gelan"} - {line.food_id}).pop()
        assert other in line.notes[-1]
        assert "calcium" in line.notes[-1]


def test_a_close_rival_is_flagged_where_the_user_sees_it(twins: FoodTable) -> None:
    import mgcalc as mg
    from mgcalc.intake import REVIEW_FLAGS

    assert "close_match_differs" in REVIEW_FLAGS
    log = mg.FoodLog().add("1 cup firm yorbet", date="2026-11-02")
    result = mg.analyze(log, table=twins)
    assert "close_match_differs" in result.entries.loc[0, "flags"]
    assert "matches as well" in result.entries.loc[0, "notes"]


def test_one_of_a_food_named_for_its_measure_is_that_measure(twins: FoodTable) -> None:
    # "1 acme bar": the regular bar, not the bits named after the brand or a bite-size bar
    resolver = Resolver(twins)
    line = resolve_line("1 acme bar", resolver)
    assert line.food_id == "custom:acme"
    assert line.grams == 57.0


# -- the shared cache of whole lines ---------------------------------------------------------

_CACHED_LINES = (
    "1 oz almonds, dry roasted",
    "1 pint milk",
    "2 slices whole wheat bread",
    "coffee with milk",
    "1 cup tofu firm",
    "3 Musketeers bar",
    "a handful of cashews",
)


def _uncached(text: str, resolver: Resolver, **inputs: object) -> object:
    from mgcalc.resolve import _resolve_line

    args = {"food_id": None, "amount": None, "unit": None, "reported": False,
            "reported_grams": None, **inputs}  # fmt: skip
    return _resolve_line(text, resolver, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", _CACHED_LINES)
def test_cached_line_equals_a_fresh_resolution(text: str) -> None:
    first = resolve_line(text, RESOLVER)
    again = resolve_line(text, Resolver(TABLE))  # another resolver of the same table
    assert again is first  # served from the table's shared cache
    assert repr(first) == repr(_uncached(text, Resolver(TABLE)))


@pytest.fixture(scope="module")
def aliased() -> FoodTable:
    """A table of its own (no other test uses it) whose search folds two made-up words."""
    return TABLE.with_aliases({"zzmilk": "milk", "zzalmond": "almonds"})


def test_line_cache_tells_apart_what_the_result_depends_on(aliased: FoodTable) -> None:
    text = "1 pint milk"
    us, uk = resolve_line(text, RESOLVER), resolve_line(text, Resolver(TABLE, locale="uk"))
    assert uk.grams > us.grams  # a UK pint is 568 ml, a US pint 473 ml
    assert repr(uk) == repr(_uncached(text, Resolver(TABLE, locale="uk")))
    pinned = Resolver(TABLE, pins={"1 pint milk": "sr28:12063"})
    assert resolve_line(text, pinned).food_id == "sr28:12063"
    assert resolve_line(text, RESOLVER).food_id == us.food_id  # the pin stays its own
    strict = Resolver(TABLE, min_score=100.0)
    assert resolve_line("1 cup tofu firm", strict).reason_code == "weak_match"
    assert resolve_line("1 cup tofu firm", RESOLVER).reason_code is None
    assert resolve_line("1 cup zzmilk", RESOLVER).reason_code == "no_match"
    assert resolve_line("1 cup zzmilk", Resolver(aliased)).food_id == us.food_id


@pytest.mark.parametrize("amount", [1, 1.0, -0.0, 0.0, 2.5])
def test_line_cache_keeps_the_amount_as_given(amount: float) -> None:
    for value in (1, 1.0, -0.0, 0.0, 2.5):  # fill the cache with equal-comparing numbers
        resolve_line("almonds", RESOLVER, amount=value, unit="oz")
    got = resolve_line("almonds", RESOLVER, amount=amount, unit="oz")
    want = _uncached("almonds", RESOLVER, amount=amount, unit="oz")
    assert repr(got) == repr(want)
    assert type(got.amount) is type(want.amount)  # type: ignore[attr-defined]


def test_line_cache_is_bounded_and_thread_safe(aliased: FoodTable) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from mgcalc.defaults import MATCH_CACHE_SIZE
    from mgcalc.resolve import _LRU, _table_cache

    table = aliased
    lines = [f"{n} oz zzalmond" for n in range(1, 41)]
    cache = _table_cache(table, "line", MATCH_CACHE_SIZE)
    before = len(cache)

    def resolve_all(_: int) -> list[str]:
        return [repr(resolve_line(line, Resolver(table))) for line in lines]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(resolve_all, range(8)))
    assert all(result == results[0] for result in results)
    assert results[0] == [repr(_uncached(line, Resolver(table))) for line in lines]
    assert len(cache) == before + len(lines)  # each line stored once, whichever thread won
    assert results[0][0] != repr(resolve_line(lines[0], RESOLVER))  # the other table's own
    small = _LRU(3)
    for key in range(10):
        small.put(key, str(key))
    assert len(small) == 3
    assert small.get(0) is None
    assert small.get(9) == "9"
