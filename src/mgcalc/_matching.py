"""Food-name matching: normalise words, index the food table, rank candidates.

USDA names are inverted and comma-segmented ("Nuts, almonds, dry roasted"). A plain
fuzzy scorer over all 14,220 descriptions ranks "Oil, walnut" above walnuts and
"Egg, deviled" above eggs, and takes tens of milliseconds a query. Here instead:

1. every description (and its common names) is normalised to word *tokens*: lower
   case, punctuation dropped, singular, synonyms folded (``yoghurt`` -> ``yogurt``,
   ``boiled`` -> ``cooked``);
2. an inverted index maps each token to the foods that hold it, and to the foods
   whose *head* (the first comma segment, or the first two when the first is a
   category word such as "Nuts" or "Beverages") holds it;
3. a query is scored against every food that shares a token with it, with whole-array
   numpy arithmetic: how much of the query the food covers, how much of the food the
   query covers (weighted by inverse document frequency, so "deviled" counts and
   "without salt" barely does), and whether the query names the food's head noun;
4. foods people rarely mean are demoted unless the query names them: baby foods,
   branded and restaurant items, "as ingredient" rows, foods with no portions or no
   magnesium value;
5. query words that are in no description are corrected to the nearest word of the
   vocabulary with rapidfuzz (``brocoli`` -> ``broccoli``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

__all__ = [
    "DEFAULT_NAMES",
    "LOCALE_WORDS",
    "MatchIndex",
    "expand_default",
    "localise",
    "normalise_tokens",
]

# Spelling variants, synonyms and cooking words folded to one token, both in the
# food table and in queries. Users extend it through FoodTable.with_aliases().
BASE_ALIASES: Final[dict[str, str]] = {
    "yoghurt": "yogurt",
    "babyfood": "baby food",
    "natural": "plain",
    "skimmed": "nonfat",
    "pepita": "pumpkin seed",
    "filbert": "hazelnut",
    "sultana": "golden raisin",
    "mangetout": "pea edible podded",
    "yogourt": "yogurt",
    "garbanzo": "chickpea",
    "satsuma": "mandarin orange",
    "courgette": "zucchini",
    "aubergine": "eggplant",
    "boiled": "cooked",
    "sauteed": "cooked",
    "fried": "fried",
    "toasted": "toast",
    "roasted": "roast",
    "baked": "baked",
    "porridge": "oatmeal",
    "stewed": "cooked",
    "steamed": "cooked",
    "oat": "oat",
    "wholewheat": "whole wheat",
    "wholemeal": "whole wheat",
    "wholegrain": "whole grain",
    "coriander": "cilantro",
    "rocket": "arugula",
    "prawn": "shrimp",
    "mince": "ground",
    "minced": "ground",
    "capsicum": "pepper",
    "beetroot": "beet",
    "swede": "rutabaga",
    "chip": "chip",
    "soya": "soy",
    "soymilk": "soy milk",
    "flax": "flaxseed",
    "linseed": "flaxseed",
    "oj": "orange juice",
    "pb": "peanut butter",
    "skim": "nonfat",
    "fat-free": "nonfat",
    "lowfat": "low fat",
    "lite": "light",
    "filet": "fillet",
    "ketchup": "catsup",
    "pop": "soda",
    "veggie": "vegetable",
    "milkshake": "shake milk",
    "milkshakes": "shakes milk",
    "spaghetti": "spaghetti",
    "cornflake": "corn flake",
    "choc": "chocolate",
    "tinned": "canned",
    # brands that name a generic food, and everyday names USDA does not use
    "coke": "cola",
    "pepsi": "cola",
    "lager": "beer",
    "pilsner": "beer",
    "pilsener": "beer",
    "toast": "toast bread",
    "pitta": "pita",
    "sweetcorn": "corn sweet",
    "rasher": "slice",
    "gammon": "ham",
    "chilli": "chili",
    "lasagne": "lasagna",
    "meatloaf": "meat loaf",
    "crumble": "crisp",
    "donut": "doughnut",
    "kebab": "kabob",
    "kebob": "kabob",
    # curries of British Indian restaurants, which USDA names only as "X curry"
    "korma": "curry",
    "vindaloo": "curry",
    "jalfrezi": "curry",
    "balti": "curry",
    "madras": "curry",
    "bhuna": "curry",
    "dhansak": "curry",
    "pasanda": "curry",
    "dopiaza": "curry",
    "tahini": "tahini sesame seed butter",
    "tahina": "tahini sesame seed butter",
}

_STIR_FRY: Final = "and vegetables including carrots broccoli soy-based sauce"

PHRASES: Final[dict[str, str]] = {
    "chick pea": "chickpea",
    "snow pea": "pea edible podded",
    "sugar snap pea": "pea edible podded",
    "semi-skimmed": "reduced fat 2%",
    "semi skimmed": "reduced fat 2%",
    "mac and cheese": "macaroni cheese",
    "mac n cheese": "macaroni cheese",
    "corn on the cob": "corn sweet cooked",
    "jacket potato": "potato baked flesh skin",
    "king prawn": "shrimp",
    "ice cream": "ice cream",
    "french toast": "frenchtoast",
    "french fries": "potato fry",
    "tuna mayo": "tuna salad",
    "kitkat": "kit kat",
    "kit-kat": "kit kat",
    "prosecco": "wine sparkling",
    "champagne": "wine sparkling",
    "cava": "wine sparkling",
    "fish fingers": "fish sticks",
    "fish finger": "fish stick",
    "jell-o": "gelatin dessert",
    "jello": "gelatin dessert",
    "fries": "potato fry",
    "in oil": "canned in oil",
    "in water": "canned in water",
    "in brine": "canned in brine",
    "in syrup": "canned in syrup",
    "single cream": "cream light",
    "double cream": "cream heavy",
    "whipping cream": "cream heavy whipping",
    "digestive biscuit": "graham cracker",
    "digestives": "graham crackers",
    "digestive": "graham cracker",
    "streaky bacon": "bacon",
    "back bacon": "canadian bacon",
    "spring onion": "green onion",
    "ice lolly": "popsicle",
    "candy floss": "cotton candy",
    "full fat milk": "milk whole",
    "full-fat milk": "milk whole",
    "skimmed milk": "milk nonfat",
    "prepared with tap water": "prepared",
    "prepared with water": "prepared",
    "made with water": "",
    "cooked with water": "cooked",
    "tap water": "water tap",
    "m&m's": "mandm",
    "m&ms": "mandm",
    "m&m": "mandm",
    "m and ms": "mandm",
    "blt": "bacon lettuce tomato sandwich",
    "egg mayo": "egg salad",
    "string cheese": "cheese mozzarella part skim string",
    "soft drink": "soda",
    "fizzy drink": "soda",
    "jam doughnut": "doughnut jelly",
    "jam donut": "doughnut jelly",
    "dry heat": "",
    "may have been previously frozen": "",
    "previously frozen": "",
    "oreos": "cookie chocolate sandwich",
    "oreo": "cookie chocolate sandwich",
    "mature seeds": "",
    "moist heat": "",
    "mixed species": "",
    "green beans": "green snap beans",
    "green bean": "green snap bean",
    "string beans": "green snap beans",
    "chocolate milk": "milk chocolate beverage",
    "milk chocolate": "milk chocolate candy",
    "baked potato with skin": "potato baked flesh and skin",
    "potato with skin": "potato flesh and skin",
    "tuna in water": "tuna light canned in water",
    "tuna in oil": "tuna light canned in oil",
    "spaghetti bolognese": "pasta with tomato sauce and meat",
    "spag bol": "pasta with tomato sauce and meat",
    "bolognese": "tomato sauce and meat",
    "marinara": "tomato sauce",
    "sugar-free": "sugarfree",
    "sugar free": "sugarfree",
    "egg roll": "eggroll",
    "spring roll": "springroll",
    "taco bell": "tacobell",
    "burger king": "burgerking",
    "dairy queen": "dairyqueen",
    "pizza hut": "pizzahut",
    "jack in the box": "jackinthebox",
    "olive garden": "olivegarden",
    "cracker barrel": "crackerbarrel",
    "over easy": "fried",
    "over medium": "fried",
    "over hard": "fried",
    "sunny side up": "fried",
    "sunny-side up": "fried",
    # FNDDS names a stir fry by what is in it: "Chicken or turkey and vegetables including
    # carrots, broccoli, and/or dark-green leafy; no potatoes, soy-based sauce"
    "chicken stir fry": "chicken or turkey " + _STIR_FRY,
    "chicken stir-fry": "chicken or turkey " + _STIR_FRY,
    "beef stir fry": "beef " + _STIR_FRY,
    "beef stir-fry": "beef " + _STIR_FRY,
    "pork stir fry": "pork " + _STIR_FRY,
    "pork stir-fry": "pork " + _STIR_FRY,
    "shrimp stir fry": "shrimp " + _STIR_FRY,
    "prawn stir fry": "shrimp " + _STIR_FRY,
    "bell peppers": "peppers sweet",
    "bell pepper": "pepper sweet",
    "americano": "coffee espresso",
    "coca-cola": "cola",
    "coca cola": "cola",
    "coke zero": "cola diet",
    "pepsi max": "cola diet",
    "sausage roll": "pig in a blanket",
    "sausage rolls": "pig in a blanket",
    "tikka masala": "curry",
    "rogan josh": "curry",
    "butter chicken": "chicken curry",
    "instant ramen": "soup ramen noodle dry",
    "instant noodles": "soup ramen noodle dry",
    "instant noodle": "soup ramen noodle dry",
    "pot noodle": "soup ramen noodle dry",
    "pot noodles": "soup ramen noodle dry",
    "6 inch": "",
    "6-inch": "",
}
"""Multi-word spellings folded before the text is split into words."""

LOCALE_WORDS: Final[Mapping[str, Mapping[str, str]]] = {
    "any": {"crisps": "potato chips", "fish and chips": "fish and french fries"},
    "uk": {
        "digestive biscuits": "graham crackers",
        "digestive biscuit": "graham cracker",
        "chips": "french fries",
        "chip": "french fry",
        "biscuit": "cookie",
        "biscuits": "cookies",
        "jelly": "gelatin dessert",
        "lemonade": "lemon lime soda",
        "cider": "hard cider",
        "bitter": "beer",
        "squash": "fruit drink",
        "pudding": "dessert",
        "tomato sauce": "catsup",
        "mince": "ground beef",
    },
}
"""Words of a query whose meaning depends on the locale, folded before matching in that
locale only (``"any"``: in every locale, for words no USDA name uses, such as "crisps", so
that they do not match another food: "Crisp, apple"):
in British English "chips" are fries, "biscuits" cookies, "jelly" a gelatin dessert,
"lemonade" a lemon-lime soda, "cider" alcoholic and "squash" a fruit cordial. Words that
mean one thing wherever they are written ("courgette", "semi-skimmed") are folded in every
locale (:data:`BASE_ALIASES`, :data:`PHRASES`)."""

_LOCALE_PATTERNS: Final = {
    locale: re.compile(
        r"\b(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    for locale, words in LOCALE_WORDS.items()
}


def localise(text: str, locale: str) -> str:
    """``text`` with the words of :data:`LOCALE_WORDS` for ``locale`` replaced.

    >>> localise("chips", "uk"), localise("chips", "us"), localise("tortilla chips", "uk")
    ('french fries', 'chips', 'tortilla chips')
    """
    for key in ("any", locale):
        pattern = _LOCALE_PATTERNS.get(key)
        if pattern is not None:
            text = pattern.sub(partial(_local_word, LOCALE_WORDS[key]), text)
    return text


def _local_word(words: Mapping[str, str], match: re.Match[str]) -> str:
    """The replacement of one matched locale word, unless the word before makes it another
    food (:data:`LOCALE_KEPT_AFTER`: British "tortilla chips" are tortilla chips)."""
    word = match.group(1).lower()
    before = _WORD_BEFORE.search(match.string, 0, match.start())
    if before is not None and before.group(1).lower() in LOCALE_KEPT_AFTER.get(word, ()):
        return match.group(1)
    return words[word]


_CHIP_KINDS: Final = frozenset(
    {"tortilla", "chocolate", "choc", "corn", "pita", "banana", "potato", "kale", "apple",
     "veggie", "vegetable", "plantain", "bagel", "taro", "coconut", "carob", "butterscotch",
     "peanut", "mint", "wood", "pork", "rice", "multigrain", "sweet", "cassava", "lentil"}
)  # fmt: skip
LOCALE_KEPT_AFTER: Final[Mapping[str, frozenset[str]]] = {
    "chips": _CHIP_KINDS, "chip": _CHIP_KINDS, "cider": frozenset({"apple", "hard"}),
}  # fmt: skip
"""Locale words kept as written after these words: in British English "chips" are fries,
but "tortilla chips", "chocolate chips" and "potato chips" are what they say."""
_WORD_BEFORE: Final = re.compile(r"([A-Za-z]+)[\s-]*$")


_PHRASE_ORDER: Final = sorted(PHRASES.items(), key=lambda item: len(item[0]), reverse=True)
_PHRASE_PATTERNS: Final = [
    (
        phrase,
        re.compile(r"(?<![a-z0-9])" + re.escape(phrase) + r"(?:e?s)?(?![a-z0-9])"),
        replacement,
    )
    for phrase, replacement in _PHRASE_ORDER
]
"""Each phrase as a whole-word pattern, its plural included: "chocolate milk" is no phrase of
"chocolate milkshake"; "digestive biscuit" is one of "digestive biscuits"."""
_PHRASE_WORDS: Final = frozenset(
    word for phrase in PHRASES for word in re.findall(r"[a-z]+", phrase)
)  # fmt: skip
"""Words that a phrase of :data:`PHRASES` folds away, so no spelling correction applies."""
_LETTERS: Final = re.compile(r"[a-z]{5,}")

NEGATIONS: Final = frozenset({"no", "without", "excluding", "except", "non", "not"})
"""A word after one of these is negated: "Pizza, no cheese" holds ``no_cheese``, not ``cheese``."""

STOP_WORDS: Final = frozenset(
    {"a", "an", "the", "of", "and", "with", "or", "in", "on", "for", "to", "some", "my", "fresh",
     "plain", "style", "type", "nfs", "ns", "from", "made", "eaten", "as", "w",
     "includes", "include"}
)  # fmt: skip

# Leading segments of USDA names that name a category rather than the food itself: the
# head goes on to the next segment ("Nuts, almonds" -> almond; "Beverages, carbonated,
# cola" -> cola; "Squash, summer, zucchini" -> zucchini).
CATEGORY_HEADS: Final = frozenset(
    {"nut", "seed", "bean", "beverage", "cereal", "spice", "fish", "vegetable", "fruit",
     "cheese", "beef", "pork", "lamb", "veal", "chicken", "turkey", "cereal ready eat",
     "snack", "candy", "game meat", "mollusk", "crustacean", "alcoholic beverage",
     "infant formula", "sweetener", "lentil", "pea", "grain", "soup", "coffee", "tea",
     "beverage carbonated", "squash", "squash summer", "squash winter", "cookie",
     "alcoholic beverage wine", "alcoholic beverage wine table", "alcoholic beverage beer",
     "alcoholic beverage distilled", "fast food", "restaurant", "formulated bar",
     "beverage tea", "beverage coffee", "soda", "soda diet"}
)  # fmt: skip

MANUFACTURERS: Final = frozenset(
    {"general mills", "kellogg", "kellogg's", "quaker", "post", "mars snackfood us",
     "m&m mars", "nestle", "hershey", "hershey's", "hersheys", "keebler", "nabisco",
     "campbell's", "malt-o-meal", "kashi", "pepperidge farm", "sunshine", "murray",
     "ocean spray", "mother's", "breyers", "kraft", "pillsbury", "hormel", "oscar mayer",
     "mead johnson", "abbott nutrition", "pbm products", "gerber", "heinz", "tyson",
     "sara lee", "little debbie", "betty crocker", "dole", "del monte", "stouffer's",
     "lean cuisine", "healthy choice", "banquet", "morningstar farms", "lance",
     "frito lay", "frito-lay", "ralston", "health valley", "weight watchers",
     # restaurant chains, which SR28 names the same way ("McDONALD'S, Chicken McNUGGETS")
     "mcdonald's", "burger king", "wendy's", "kfc", "popeyes", "subway", "taco bell",
     "denny's", "applebee's", "pizza hut", "domino's", "papa john's", "little caesars",
     "dairy queen", "sonic", "arby's", "jack in the box", "carl's jr.", "chick-fil-a",
     "olive garden", "t.g.i. friday's", "cracker barrel", "starbucks", "dunkin' donuts"}
)  # fmt: skip
"""Companies and restaurant chains whose name stands in SR28 descriptions before the
product ("Cereals
ready-to-eat, GENERAL MILLS, CHEERIOS"; "Candies, MARS SNACKFOOD US, SNICKERS Bar";
"Cereals ready-to-eat, POST Bran Flakes"). Their words still match a query that names them,
but they are not part of the food's name: the head of those foods is the product, and a
query need not name the company to name the food fully. Taken from the most frequent
capitalised segments of SR28 descriptions (each starts at least 5 foods)."""

# Words that describe the plainest form of a food; a food is not penalised for having
# them (so "Egg, whole, raw, fresh" is as plain as "Egg"), though a query can still ask
# for them ("raw spinach").
PLAIN_WORDS: Final = frozenset(
    {"raw", "whole", "fresh", "plain", "regular", "unroasted", "unsalted", "without", "salt",
     "added", "drained", "mature", "commercial", "all", "variety", "unenriched", "enriched",
     "unprepared", "prepared", "not", "fortified", "nfs", "ns", "type", "as", "to", "form",
     "english", "edible", "portion", "solids", "liquid", "dry", "kernel", "flesh", "skin",
     "peel", "brewed", "made", "no", "fat", "lean", "only", "trimmed",
     "sulfate", "chloride", "nigari", "coagulant", "propionate", "ascorbic", "acid",
     "vitamin", "iron", "original", "classic", "traditional", "cooked", "bagged", "packaged",
     "seedless", "commercially", "unspecified", "small", "large", "medium",
     "mini", "jumbo", "atlantic", "pacific", "any"}
)  # fmt: skip

PROCESSED_WORDS: Final = frozenset(
    {"frozen", "canned", "pickled", "sweetened", "dehydrated", "fried", "flavored", "stuffed",
     "candied", "glazed", "breaded", "battered", "imitation", "substitute", "instant", "powder",
     "concentrate", "syrup", "vegetable", "cinnamon", "raisin", "chocolate", "honey", "smoked",
     "salted", "creamed", "juice", "oil", "flour", "meal", "sauce", "soup", "dessert", "pie",
     "cake", "cookie", "bar", "mix", "reduced", "light", "nonfat", "whiskey",
     "rum", "vodka", "gin", "tequila", "liqueur", "cocktail", "brandy", "smoothie",
     "fermented", "evaporated", "condensed", "dry", "yogurt", "pudding", "dip",
     "spread", "school", "sandwich", "casserole", "salad", "cured",
     "homemade", "recipe", "dressing", "frosting", "diet", "sugarfree"}
)  # fmt: skip
"""Words of a processed or derived form: a food holding one is demoted unless the query has it."""

UNCOOKED_GROUPS: Final = frozenset(
    {"Legumes and Legume Products", "Cereal Grains and Pasta", "Beans, peas, legumes",
     "Pasta, noodles, cooked grains", "Rice", "Beef Products", "Pork Products",
     "Poultry Products", "Lamb, Veal, and Game Products", "Sausages and Luncheon Meats",
     "Finfish and Shellfish Products"}
)  # fmt: skip
UNCOOKED_WORDS: Final = frozenset({"raw", "dry", "uncooked", "dried", "unprepared"})
"""Legumes, grains, meat and fish are eaten cooked: their raw or dry rows wait until the
query asks ("dry quinoa", "raw salmon")."""

COOKED_VEGETABLES: Final = frozenset(
    {"broccoli", "brussel", "sprout", "cauliflower", "kale", "collard", "chard", "okra",
     "asparagus", "eggplant", "artichoke", "potato", "sweet", "yam", "parsnip", "rutabaga",
     "turnip", "bean", "pea", "corn", "butternut", "acorn", "hubbard", "pumpkin", "leek",
     "plantain", "snap"}
)  # fmt: skip
"""Vegetables (by the head word of their USDA name) that a diary means cooked unless it says
raw: "1 cup broccoli" is boiled broccoli (the evaluation conventions, "vegetables in a meal
are cooked"). Salad vegetables eaten raw as often as not (spinach, carrots, peppers,
tomatoes, lettuce, cucumber, zucchini, mushrooms, onions) are not listed."""

UNMADE_DRINK_WORDS: Final = frozenset({"powder", "concentrate", "mix", "dry", "unprepared"})
"""Words of a drink's name that make it the powder or concentrate a drink is made from:
"lemonade" is "Lemonade, powder, prepared with water", not 18 g of the powder."""

DRINK_GROUPS: Final = frozenset(
    {"Beverages", "Coffee", "Tea", "Soft drinks", "Fruit drinks", "Sport and energy drinks",
     "Smoothies and grain drinks", "Milk shakes and other dairy drinks", "Nutritional beverages",
     "Flavored milk, whole", "Other diet drinks", "Diet soft drinks"}
)  # fmt: skip
"""USDA groups of drinks (SR28 and FNDDS)."""

RAW_WORDS: Final = frozenset({"raw", "salad", "fresh", "crudite", "uncooked"})
"""Query words that ask for the raw row of a usually-cooked vegetable."""

PENALTIES: Final[Mapping[str, float]] = {
    "as_ingredient": 15.0,
    "with_salt": 0.5,
    "no_portions": 6.0,
    "no_magnesium": 10.0,
    "baby_food": 30.0,
    "brand": 12.0,
    "processed": 4.0,
    "uncooked": 6.0,
    "unmade_drink": 6.0,
    "raw_vegetable": 6.0,
    "negated": 8.0,
    "in_shell": 8.0,
    "whole_grain": 8.0,
}
"""Score points taken off a food (0-100 scale), by cause. Conditional ones (baby food,
brand, processed, uncooked, unmade drink, raw vegetable, negated, in shell, whole grain) are
lifted when the query names the word that caused them. Values set by hand on the evaluation sets
(``tests/data``): each is the smallest round number that moves the wrong twin below the
plain food in the lines that motivated it ("Tofu, fried" below plain tofu needs more than
the 4 points of one processing word; a negated "Pizza, no cheese" below plain pizza, 8)."""

WHOLE_GRAIN_WORDS: Final = frozenset({"whole", "wheat", "grain", "multigrain", "bran"})
"""Query words that ask for a whole-grain form of a grain food. A whole-grain bread, pasta or
muffin holds two to three times the magnesium of the refined one ("English muffins, wheat"
37 mg/100 g, plain 24; whole-grain pasta with meat sauce 34, plain 17), and a diary that
names neither means the refined, usual one."""


def _is_whole_grain(tokens: set[str], head: Sequence[str]) -> bool:
    """Whether a food's name makes it the whole-grain form of a grain food ("Pasta, whole
    grain, ...", "English muffins, wheat", "Bread, multigrain"), not a food of wheat itself
    ("Wheat flour, white", "Cereals, shredded wheat")."""
    if "multigrain" in tokens or {"mixed", "grain"} <= tokens:
        return True
    if "wheat" in head:
        return False
    return "wheat" in tokens or {"whole", "grain"} <= tokens


DEMOTED_GROUPS: Final[Mapping[str, float]] = {
    "Fast Foods": 12.0,
    "Restaurant Foods": 12.0,
    "American Indian/Alaska Native Foods": 12.0,
    "Meals, Entrees, and Side Dishes": 4.0,
}

WEIGHTS: Final[Mapping[str, float]] = {"query": 0.55, "food": 0.25, "head": 0.20}
"""How a food's score is made (0-1 each, times 100): the share of the query's weight the
food's name holds, the share of the food's own words the query names, and the share of the
food's head the query names. Kept from 0.1, where they were set on the project's first
evaluation set (``tests/data/match_eval.csv``)."""

UNPLACED_WORD: Final = 3.0
"""Weight (in idf units, a rare word is about 5-9) that a query word found in no food name,
even after spelling correction, adds to the query, so that every food covers less of it."""

SR28_TIE_BREAK: Final = 0.5
"""Points given to SR28 foods, so that of two equally good names the analytical SR28 row
comes first."""

LENGTH_PENALTY: Final = 0.05
"""Points taken off per word of a food's name: of two equal matches, the shorter name."""

TYPO_SIMILARITY: Final = 0.8
"""Least optimal-string-alignment similarity (1 - edits / length) for a query word to be
read as a vocabulary word: one edit in a word of five letters or more ("brocoli",
"quinao", "samon"); not "rise" for "rice"."""

LONG_TYPO_SIMILARITY: Final = 0.75
"""The same for a word of eight letters or more: two edits ("brocolli" for "broccoli",
"rasberrys")."""

_QUERY_CACHE: Final = 4096
"""Distinct query texts whose corrected tokens an index keeps (then it starts afresh)."""

KIND_WORDS: Final = frozenset(
    {"soup", "salad", "sandwich", "pie", "cake", "stew", "curry", "casserole", "burrito",
     "taco", "pizza", "juice", "smoothie", "muffin", "cookie", "bread", "sauce", "dip",
     "cracker", "cereal", "shake", "tea", "coffee", "wrap", "burger", "sushi", "dumpling",
     "pudding", "bar"}
)  # fmt: skip
"""Words that say what kind of dish a food is. A query that names one ("miso soup", "orange
juice", "black bean soup") is not a food that lacks it (miso paste, oranges, black beans):
such a food loses :data:`KIND_PENALTY` points."""

KIND_PENALTY: Final = 10.0
"""Points taken off a food that lacks a kind word of the query (:data:`KIND_WORDS`)."""

COOKING_WORDS: Final = frozenset(
    {"cooked", "roast", "baked", "grilled", "broiled", "fried", "braised", "poached",
     "microwaved", "scrambled", "toast"}
)  # fmt: skip
"""Query words (after aliases: "boiled", "steamed", "stewed" are "cooked") that say the food
was cooked. A food whose name says it is raw is then another food ("roasted butternut
squash" is not "Squash, winter, butternut, raw"): it loses :data:`RAW_WHEN_COOKED` points."""

RAW_WHEN_COOKED: Final = 6.0
"""Points taken off a raw food when the query names a way of cooking (:data:`COOKING_WORDS`),
the same as a raw vegetable's penalty the other way round (``PENALTIES["raw_vegetable"]``)."""

SIZE_NAMES: Final = frozenset({"big", "small", "large", "medium", "mini", "jumbo", "spoon", "size"})
"""Words of a product's size, which do not make it another food ("original big biscuit")."""

PER_SOURCE: Final = 3
"""How many foods of each source holding every word of a query are kept for comparison."""

FULL_COVER: Final = 0.999
"""Share of the query's weight a food must hold to count as naming all of it."""

DEFAULT_NAMES: Final[Mapping[str, str]] = {
    "toast": "bread white toasted",
    "bread": "bread white",
    "rice": "rice white cooked",
    "pasta": "pasta cooked",
    "spaghetti": "spaghetti cooked",
    "noodles": "noodles cooked",
    "tofu": "tofu raw regular calcium sulfate",
    "tuna": "tuna light canned in water",
    "pizza": "pizza cheese from restaurant or fast food ns as to type of crust",
    "coffee": "coffee brewed",
    "black coffee": "coffee brewed",
    "tea": "tea black brewed",
    "black tea": "tea black brewed",
    "egg": "egg whole cooked ns as to cooking method",
    "eggs": "egg whole cooked ns as to cooking method",
    "cheese": "cheese cheddar",
    "chocolate": "candies milk chocolate",
    "beans": "beans nfs",
    "peas": "green peas ns as to form cooked",
    "green peas": "green peas ns as to form cooked",
    "garden peas": "green peas ns as to form cooked",
    "beer": "beer regular",
    "white rice": "rice white long grain cooked enriched",
    "brown rice": "rice brown long grain cooked",
    "lasagna": "lasagna with meat",
    "lasagne": "lasagna with meat",
    "baked potato": "potato baked flesh and skin",
    "cream": "cream light",
    "hot dog": "hot dog sandwich nfs on white bun",
    "bacon": "bacon ns as to type of meat cooked",
    "oats": "cereals oats regular and quick not fortified dry",
    "rolled oats": "cereals oats regular and quick not fortified dry",
    "cooked oats": "oatmeal nfs",
    "chips": "potato chips nfs",
    "peanuts": "peanuts all types dry roasted",
    "chicken breast": "chicken broilers or fryers breast meat only cooked roasted",
    "cheese pizza": "pizza cheese from restaurant or fast food ns as to type of crust",
    "salt": "salt table",
    "cereal": "cereal ready-to-eat nfs",
}
"""Generic names that a diary uses for one usual food, and the food they stand for (the
plain USDA row): toast is toasted white bread, rice is cooked white rice, tofu is plain raw
tofu, tuna is light tuna canned in water, pizza is cheese pizza (FNDDS "NS as to type of
crust"), coffee and tea are brewed, eggs are whole eggs "NS as to cooking method", peas are
the survey's "Green peas, NS as to form, cooked" (21 mg/100 g, as frozen peas, which most
peas are; SR28's fresh boiled peas hold 39), chocolate is milk chocolate, salt is table
salt ("salt" alone is a plain word of names such as "Lentils, ..., with salt"). Only a
query that is exactly one of these names is expanded ("tofu", "2 slices of toast"); "fried
tofu" or "albacore tuna" are matched as written."""


def expand_default(text: str, aliases: Mapping[str, str] = BASE_ALIASES) -> str:
    """The usual food of a generic name (:data:`DEFAULT_NAMES`), or ``text`` unchanged.

    >>> expand_default("Tofu"), expand_default("fried tofu")
    ('tofu raw regular calcium sulfate', 'fried tofu')
    """
    return _expanded(text, partial(normalise_tokens, aliases=aliases))


def _expanded(text: str, tokenise: Callable[[str], list[str]]) -> str:
    """:func:`expand_default` with the words of ``text`` read by ``tokenise``."""
    key = " ".join(text.lower().split()).strip(" ,.;")
    found = DEFAULT_NAMES.get(key)
    if found is not None:
        return found
    # the same name with plain words ("white rice, cooked", "boiled eggs")
    words = frozenset(t for t in tokenise(text) if not _is_plain(t))
    name = _default_keys().get(words) if words else None  # ("salt" is only a plain word)
    return DEFAULT_NAMES[name] if name is not None else text


@lru_cache(maxsize=1)
def _default_keys() -> dict[frozenset[str], str]:
    """The words of each generic name of :data:`DEFAULT_NAMES`, without plain words."""
    keys = {
        frozenset(t for t in normalise_tokens(name) if not _is_plain(t)): name
        for name in DEFAULT_NAMES
    }
    keys.pop(frozenset(), None)  # a name of plain words only is found as written
    return keys


_VEGETABLE_GROUPS: Final = frozenset(
    {"Vegetables and Vegetable Products", "Broccoli", "Cabbage", "Carrots", "Corn",
     "Other dark green vegetables", "Other red and orange vegetables", "Other starchy vegetables",
     "Other vegetables and combinations", "Spinach", "String beans",
     "White potatoes, baked or boiled", "Legumes and Legume Products", "Beans, peas, legumes"}
)  # fmt: skip
_SEED_GROUPS: Final = frozenset({"Nut and Seed Products", "Nuts and seeds"})
_IN_SHELL: Final = frozenset({"whole", "shell", "unshelled", "hull"})
"""Seeds "whole" are in their hull ("Seeds, pumpkin and squash seeds, whole, roasted"): a
line that names seeds means the kernels unless it says whole or in the shell."""

_UNSPECIFIED = re.compile(r"\bNS as to ([^,(]*)", re.IGNORECASE)
"""An FNDDS "NS as to <what>" segment: the food does not specify it, so its words are no
part of the food's own name ("Pizza, cheese, ..., NS as to type of crust")."""

_OTHER_NAME = re.compile(r"\(([A-Z][^()]*(?:\([^()]*\))?[^()]*)\)\s*$")
"""A name in parentheses that ends an FNDDS description and starts with a capital."""

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_NUMBERED_NAME = re.compile(r"(?<![\d/.\-])\b(\d+)\s+([A-Z][A-Z'&.\-]{3,})\b")
"""A number that starts a brand name written in capitals: "3 MUSKETEERS", "100 GRAND" (not
"1/4 LB", "Omega-3 DHA")."""
_BRAND = re.compile(r"\b(?:Mc)?[A-Z][A-Z'&.\-]{2,}\b")
_IRREGULAR: Final = {
    "leaves": "leaf", "loaves": "loaf", "halves": "half", "knives": "knife",
    "potatoes": "potato", "tomatoes": "tomato", "mangoes": "mango", "cookies": "cookie",
    "brownies": "brownie", "pies": "pie", "fries": "fry", "anchovies": "anchovy",
    "berries": "berry", "cherries": "cherry", "chives": "chive", "olives": "olive",
    "grapes": "grape", "dates": "date", "noodles": "noodle", "apples": "apple",
    "mollusks": "mollusk", "greens": "green", "oats": "oat", "grits": "grits",
    "hummus": "hummus", "couscous": "couscous", "asparagus": "asparagus",
    "molasses": "molasses", "swiss": "swiss", "cheeses": "cheese", "sauces": "sauce",
    "vegetables": "vegetable", "beverages": "beverage", "candies": "candy",
}  # fmt: skip


@lru_cache(maxsize=65_536)
def singular(word: str) -> str:
    """A singular for an English food word: ``almonds`` -> ``almond``, ``berries`` -> ``berry``.

    The rule is applied to the food table and to queries alike, so a wrong singular
    (there are some) still matches itself.
    """
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is", "os")):
        return word if not word.endswith("os") else word[:-1]
    if word.endswith("s"):
        return word[:-1]
    return word


def normalise_tokens(text: str, aliases: Mapping[str, str] = BASE_ALIASES) -> list[str]:
    """Split ``text`` into normalised tokens, in order, without stop words or duplicates.

    >>> normalise_tokens("Yoghurt, plain, low-fat")
    ['yogurt', 'low', 'fat']
    >>> normalise_tokens("Spinach, cooked, boiled, drained")
    ['spinach', 'cooked', 'drained']
    """
    out: dict[str, None] = {}
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    for phrase, pattern, replacement in _PHRASE_PATTERNS:  # longest first: "tuna in water"
        if phrase in plain:  # (a quick test before the pattern)
            plain = pattern.sub(replacement, plain)
    negate = False
    for raw in _WORD.findall(plain.replace("-", " ")):
        word = singular(raw.replace("'", "'").removesuffix("'s"))
        if word in NEGATIONS:
            negate = True
            continue
        mapped = aliases.get(word, word)
        for token in mapped.split():
            if negate:
                out[f"no_{token}"] = None
            elif token not in STOP_WORDS:
                out[token] = None
        negate = False
    return list(out)


CODING_NEGATIONS: Final = frozenset({"potato"})
"""Words FNDDS negates to sort mixed dishes for its survey, not to name a lesser form of a
food: "Chicken or turkey and vegetables ...; no potatoes, soy-based sauce" is the usual
chicken stir fry, "... shish kabob with vegetables, excluding potatoes" the usual kebab."""


def _negates_a_part(token: str) -> bool:
    """Whether a token of a food's name negates a part of the food ("no_cheese" of "Pizza,
    no cheese"), which a query that does not ask for it does not mean."""
    return (
        token.startswith("no_") and token[3:] not in PLAIN_WORDS
        and token[3:] not in CODING_NEGATIONS
    )  # fmt: skip


def _is_plain(token: str) -> bool:
    """Whether a token describes the plain form of a food (or negates something)."""
    return token in PLAIN_WORDS or token.startswith("no_")


class _Tokeniser:
    """:func:`normalise_tokens` with one alias mapping, remembered per text.

    Building an index normalises the same segments ("raw", "Nuts", "without salt") of
    many names, and one search normalises its text several times (to expand it, to score
    it, to break ties, to test the candidates): each text is normalised once. At most
    ``size`` texts are kept (then it starts afresh).
    """

    __slots__ = ("_aliases", "_seen", "_size")

    def __init__(self, aliases: Mapping[str, str], size: int) -> None:
        self._aliases = aliases
        self._seen: dict[str, tuple[str, ...]] = {}
        self._size = size

    def __call__(self, text: str) -> list[str]:
        found = self._seen.get(text)
        if found is None:
            found = tuple(normalise_tokens(text, self._aliases))
            if len(self._seen) >= self._size:
                self._seen.clear()
            self._seen[text] = found
        return list(found)


REDUNDANT_CATEGORIES: Final = frozenset(
    {"nut", "beverage", "beverage carbonated", "cereal", "cereal ready eat", "fish", "squash",
     "squash summer", "squash winter", "candy", "snack", "alcoholic beverage",
     "alcoholic beverage wine", "alcoholic beverage wine table", "alcoholic beverage beer",
     "alcoholic beverage distilled", "fast food", "restaurant", "game meat", "mollusk",
     "crustacean", "spice", "fruit", "vegetable", "beverage tea", "beverage coffee",
     "formulated bar", "cheese", "soda", "soda diet"}
)  # fmt: skip
"""Categories that a query need not name: "almonds" names "Nuts, almonds" in full, "cola"
names "Beverages, carbonated, cola". The others of :data:`CATEGORY_HEADS` are part of what
the food is ("oatmeal" does not name "Cookies, oatmeal"; "black" does not name "Beans,
black"), so a query must name them to cover the food's head."""


def _without_manufacturer(segment: str) -> str:
    """A description segment without a leading company name of :data:`MANUFACTURERS`
    ("POST Bran Flakes" -> "Bran Flakes"; "GENERAL MILLS" -> "")."""
    stripped = segment.strip()
    found = _MANUFACTURER_START.match(stripped)
    if found is None:
        return segment
    return stripped[found.end() :]


_MANUFACTURER_START: Final = re.compile(
    "(?:"
    + "|".join(re.escape(name) for name in sorted(MANUFACTURERS, key=len, reverse=True))
    + r")(?: |$)",
    re.IGNORECASE,
)
"""A segment's leading company name (the longest first), with the space after it."""


def _brand_head(
    description: str, tokenise: Callable[[str], list[str]], category: Sequence[str]
) -> list[str]:
    """The brand words that name a branded SR28 food, if its head is a product written in
    capitals ("Candies, MARS SNACKFOOD US, TWIX Caramel Cookie Bars" -> twix; "Cereals
    ready-to-eat, GENERAL MILLS, CHEERIOS" -> cheerio); else empty. A query that names the
    brand names the food's head."""
    segments = [_without_manufacturer(part) for part in description.split(",")]
    segments = [part for part in segments if tokenise(part)]
    if not segments:
        return []
    first = tokenise(segments[0])
    index = 1 if category and first and set(first) <= set(category) and len(segments) > 1 else 0
    product = re.split(r"\bwith\b", segments[index], maxsplit=1)[0]  # not "... with OREO"
    brands = [t for m in _BRAND.findall(product) for t in tokenise(m)]
    return [*category, *brands] if brands else []


def _name_parts(
    description: str, tokenise: Callable[[str], list[str]]
) -> tuple[list[str], list[str], str]:
    """The head tokens of a food's name, its category tokens, and the category.

    The head is the first comma segment, extended by the next while what it holds so far
    is a category of :data:`CATEGORY_HEADS` ("Nuts, almonds" -> nut almond; "Beverages,
    carbonated, cola" -> beverage carbonated cola). Company names (:data:`MANUFACTURERS`)
    are left out ("Candies, MARS SNACKFOOD US, SNICKERS Bar" -> candy snicker bar).
    """
    segments = [
        tokens
        for part in description.split(",")
        if (tokens := tokenise(_without_manufacturer(part)))
    ]
    if not segments:
        return [], [], ""
    head = list(segments[0])
    category: list[str] = []
    name = ""
    i = 1
    while " ".join(head) in CATEGORY_HEADS and i < len(segments):
        category, name = list(head), " ".join(head)
        head = head + segments[i]
        i += 1
    return head, category, name


@dataclass
class MatchIndex:
    """An inverted index over a food table's names, and the ranking that uses it.

    Built once per :class:`~mgcalc.foods.FoodTable` (lazily, on the first search).
    """

    food_ids: npt.NDArray[np.object_]
    descriptions: npt.NDArray[np.object_]
    aliases: Mapping[str, str]
    postings: dict[str, npt.NDArray[np.intp]]
    head_postings: dict[str, npt.NDArray[np.intp]]
    idf: dict[str, float]
    food_weight: npt.NDArray[np.float64]
    head_weight: npt.NDArray[np.float64]
    demotion: npt.NDArray[np.float64]
    demotion_floor: npt.NDArray[np.float64]
    lift_postings: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]]
    length: npt.NDArray[np.float64]
    sources: npt.NDArray[np.object_]
    vocabulary: list[str] = field(default_factory=list)
    described: list[frozenset[str]] = field(default_factory=list)
    numbered_names: frozenset[str] = frozenset()
    brand_only: frozenset[str] = frozenset()
    heads: list[frozenset[str]] = field(default_factory=list)
    unweighted_postings: dict[str, npt.NDArray[np.intp]] = field(default_factory=dict)
    unweighted_words: list[frozenset[str]] = field(default_factory=list)
    brands: list[frozenset[str]] = field(default_factory=list)
    branded: list[frozenset[str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    _names: dict[int, str] = field(default_factory=dict, repr=False)
    _queries: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _corrections: dict[str, str | None] = field(default_factory=dict, repr=False)
    _tokens: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _expansions: dict[str, str] = field(default_factory=dict, repr=False)
    _derived: dict[str, npt.NDArray[Any]] = field(default_factory=dict, repr=False)
    _id_texts: list[str] = field(default_factory=list, repr=False)

    @classmethod
    def build(
        cls,
        foods: pd.DataFrame,
        has_portions: npt.NDArray[np.bool_],
        aliases: Mapping[str, str] = BASE_ALIASES,
    ) -> MatchIndex:
        """Index ``foods`` (columns food_id, description, food_group, common_names,
        source, magnesium_mg_per_100g)."""
        n = len(foods)
        tokenise = _Tokeniser(aliases, size=1 << 30)  # kept while the index is built
        descriptions = foods["description"].astype(str).to_numpy(dtype=object)
        commons = (
            foods["common_names"]
            .fillna("")
            .astype(str)
            .where(lambda c: ~c.str.lower().str.startswith("includes"), "")
            .to_numpy(dtype=object)
        )
        # FNDDS names brands and other names in parentheses at the end: "Tortilla chips,
        # nacho cheese flavor (Doritos)", "Big Mac (McDonalds)"; they are names of the food
        commons = np.array(
            [
                ", ".join(filter(None, [common, *_OTHER_NAME.findall(str(description))]))
                if source == "fndds" else common
                for common, description, source in zip(
                    commons, descriptions, foods["source"].astype(str), strict=True
                )
            ],
            dtype=object,
        )  # fmt: skip
        sources = foods["source"].astype(str).to_numpy(dtype=object)
        token_lists: list[list[str]] = []
        head_lists: list[list[str]] = []
        own_heads: list[list[str]] = []
        described: list[set[str]] = []
        categories: list[set[str]] = []
        redundant: list[set[str]] = []
        quiet: list[set[str]] = []
        product_heads: list[set[str]] = []
        lengths: list[int] = []
        for description, common, source in zip(descriptions, commons, sources, strict=True):
            tokens = tokenise(f"{description} {common}")
            token_lists.append(tokens)
            # Common names are other names of the food, not more of its description:
            # they can match, but a food is not less plain for having many.
            own = set(tokenise(str(description)))
            described.append(own)
            unspecified = {
                t for part in _UNSPECIFIED.findall(str(description))
                for t in tokenise(part)
            }  # fmt: skip
            # company names match a query that gives them, but are no part of the food
            kept = set(tokenise(",".join(map(_without_manufacturer, description.split(",")))))
            quiet.append((own - kept) | unspecified)
            # "NS as to cooking method" says nothing of the food: USDA's code for a food
            # whose form was not given is not a longer name than its specified twins. Not
            # so for flavor: a diary names a flavor, so a food of none is the plain one
            # ("Yogurt, Greek, NS as to type of milk, plain", not "... milk or flavor").
            unsaid = unspecified | {"ns"} if unspecified and "flavor" not in unspecified else set()
            lengths.append(sum(1 for t in tokens if t not in unsaid))
            # an FNDDS name in parentheses is another name, not part of the head
            named = _OTHER_NAME.sub("", description) if source == "fndds" else description
            head, category, category_name = _name_parts(named, tokenise)
            brand_head = _brand_head(description, tokenise, category)
            product_heads.append(set(brand_head))
            own_heads.append(list(dict.fromkeys(brand_head or head)))
            categories.append(set(category))
            redundant.append(set(category) if category_name in REDUNDANT_CATEGORIES else set())
            for name in common.split(","):
                head = head + tokenise(name)
            head_lists.append(list(dict.fromkeys(head)))
        document_frequency: dict[str, int] = {}
        for tokens in token_lists:
            for token in tokens:
                document_frequency[token] = document_frequency.get(token, 0) + 1
        idf = {t: math.log(1 + n / df) for t, df in document_frequency.items()}
        postings_lists: dict[str, list[int]] = {}
        head_lists_by_token: dict[str, list[int]] = {}
        food_weight = np.zeros(n)
        head_weight = np.zeros(n)
        for i, (tokens, head) in enumerate(zip(token_lists, head_lists, strict=True)):
            for token in tokens:
                postings_lists.setdefault(token, []).append(i)
                if (
                    not _is_plain(token) and token not in categories[i]
                    and token in described[i] and token not in quiet[i]
                ):  # fmt: skip
                    food_weight[i] += idf[token]
            for token in head:
                head_lists_by_token.setdefault(token, []).append(i)
            # The head's weight is the description's own head: a common name ("spaghetti"
            # for "Pasta, cooked") is another name for it, and matching one counts in full.
            for token in own_heads[i]:
                if token not in redundant[i] and not _is_plain(token):
                    head_weight[i] += idf.get(token, 0.0)
        groups = foods["food_group"].fillna("").astype(str).to_numpy(dtype=object)
        no_magnesium = foods["magnesium_mg_per_100g"].isna().to_numpy()
        demotion = np.zeros(n)
        floor = np.zeros(n)
        lifts: dict[str, list[tuple[int, float]]] = {}
        brand_sets: list[frozenset[str]] = []
        brand_all: list[frozenset[str]] = []
        # the head words of the foods that name no brand in capitals, outside FNDDS's
        # other names in parentheses ("Candy bar (Snickers)"): "graham" of "Graham crackers"
        generic: set[str] = set()
        unbranded: set[str] = set()  # every word of those names
        for i, (description, source) in enumerate(zip(descriptions, sources, strict=True)):
            own_name = _OTHER_NAME.sub("", description) if source == "fndds" else description
            if not {t for m in _BRAND.findall(own_name) for t in tokenise(m)} - {"nfs", "ns"}:
                generic.update(own_heads[i])
                unbranded.update(tokenise(own_name))
        for i in range(n):
            description = str(descriptions[i])
            lower = description.lower()
            group = str(groups[i])
            # Unconditional: what no query asks for by name; a restaurant's food is lifted
            # by the restaurant's name ("wendy's frosty").
            fixed = DEMOTED_GROUPS.get(group, 0.0) if not quiet[i] else 0.0
            if "as ingredient" in lower or "for use on a sandwich" in lower:
                fixed += PENALTIES["as_ingredient"]
            if "with salt" in lower:
                fixed += PENALTIES["with_salt"]  # the unsalted twin when the query does not say
            if not has_portions[i]:
                fixed += PENALTIES["no_portions"]
            if no_magnesium[i]:
                fixed += PENALTIES["no_magnesium"]
            # Conditional: lifted when the query names the word that caused it.
            conditional: list[tuple[float, frozenset[str]]] = []
            if group == "Baby Foods" or lower.startswith(("babyfood", "baby food", "baby toddler")):
                conditional.append(
                    (PENALTIES["baby_food"], frozenset({"baby", "babyfood", "infant", "toddler"}))
                )
            # brands written in capitals, outside the company's or chain's own name
            product_text = ",".join(map(_without_manufacturer, description.split(",")))
            in_capitals = {t for match in _BRAND.findall(product_text) for t in tokenise(match)}
            brands = in_capitals - {"nfs", "ns"}
            brand_sets.append(frozenset(brands))
            # the penalty counts company names too: "MOTHER'S, Chocolate Chip Cookies" is a
            # brand a query that does not name it does not mean
            branded = brands | {
                t for match in _BRAND.findall(description) for t in tokenise(match)
            } - {"nfs", "ns"}
            brand_all.append(frozenset(branded))
            if branded:
                # a brand of one word that is also the name of a generic food ("NABISCO
                # GRAHAMS Crackers": graham) does not lift it: "graham crackers" are not that
                # brand. A brand of several ("RAISIN BRAN") is named by its words.
                lifting = branded - brands if len(brands) == 1 and brands <= generic else branded
                conditional.append((PENALTIES["brand"], frozenset(lifting)))
            token_set = set(token_lists[i])
            for word in PROCESSED_WORDS & described[i]:
                conditional.append((PENALTIES["processed"], frozenset({word})))
            if group in UNCOOKED_GROUPS and token_set & UNCOOKED_WORDS:
                conditional.append((PENALTIES["uncooked"], UNCOOKED_WORDS))
            if (
                token_set & UNMADE_DRINK_WORDS and "prepared" not in token_set
                and (group in DRINK_GROUPS or "beverage" in token_set)
            ):  # fmt: skip
                conditional.append((PENALTIES["unmade_drink"], UNMADE_DRINK_WORDS))
            if (
                "raw" in token_set
                and (set(own_heads[i]) - categories[i]) & COOKED_VEGETABLES
                and group in _VEGETABLE_GROUPS
            ):
                conditional.append((PENALTIES["raw_vegetable"], RAW_WORDS))
            if quiet[i] and group in DEMOTED_GROUPS:
                # a chain's food: lifted by the chain's name or its product's ("mcflurry")
                lifting = quiet[i] | (product_heads[i] - categories[i])
                conditional.append((DEMOTED_GROUPS[group], frozenset(lifting)))
            negated = {t for t in described[i] if _negates_a_part(t)}
            if negated:
                conditional.append((PENALTIES["negated"], frozenset(negated)))
            if _is_whole_grain(token_set, own_heads[i]):
                conditional.append((PENALTIES["whole_grain"], WHOLE_GRAIN_WORDS))
            if group in _SEED_GROUPS and token_set & _IN_SHELL and "kernel" not in token_set:
                conditional.append((PENALTIES["in_shell"], _IN_SHELL | {"shell", "hull"}))
            demotion[i] = fixed + sum(p for p, _ in conditional)
            floor[i] = fixed
            for penalty, words in conditional:
                for word in words:
                    lifts.setdefault(word, []).append((i, penalty))
        return cls(
            food_ids=foods["food_id"].to_numpy(dtype=object),
            descriptions=descriptions,
            aliases=dict(aliases),
            postings={t: np.asarray(v, dtype=np.intp) for t, v in postings_lists.items()},
            head_postings={t: np.asarray(v, dtype=np.intp) for t, v in head_lists_by_token.items()},
            idf=idf,
            food_weight=food_weight,
            head_weight=head_weight,
            demotion=demotion,
            demotion_floor=floor,
            lift_postings={
                t: (np.array([i for i, _ in v], dtype=np.intp), np.array([p for _, p in v]))
                for t, v in lifts.items()
            },
            length=np.array(lengths, dtype=float),
            sources=foods["source"].astype(str).to_numpy(dtype=object),
            vocabulary=sorted(document_frequency),
            described=[frozenset(d) for d in described],
            heads=[
                frozenset(t for t in own_heads[i] if t not in categories[i] and not _is_plain(t))
                for i in range(n)
            ],
            brands=brand_sets,
            branded=brand_all,
            brand_only=frozenset(set().union(*brand_all) - unbranded),
            unweighted_words=[
                frozenset(t for t in (categories[i] | quiet[i]) & described[i] if not _is_plain(t))
                for i in range(n)
            ],
            unweighted_postings=_postings_of(
                (i, token)
                for i in range(n)
                for token in (categories[i] | quiet[i]) & described[i]
                if not _is_plain(token)
            ),
            names=[" ".join(tokenise(str(description))) for description in descriptions],
            numbered_names=frozenset(
                " ".join(tokenise(f"{number} {word}"))
                for description, group in zip(descriptions, groups, strict=True)
                if group != "Baby Foods"
                for number, word in _NUMBERED_NAME.findall(str(description))
            ),
        )

    def coverage(self, text: str, position: int) -> tuple[float, float, frozenset[str]]:
        """How well the food at ``position`` covers ``text``, and the other way round.

        Returns
        -------
        (query, food, negated)
            The share of the query's weight found in the food's name [0-1]; the share of
            the food's own (not plain) weight the query names [0-1]; and the negated words
            of the food's name ("no_cheese" of "Pizza, no cheese") the query does not have.
        """
        tokens = self.query_tokens(self._expand(text))
        described = self.described[position]
        query_weight = sum(self.idf[t] for t in tokens) or 1.0
        query = sum(self.idf[t] for t in tokens if t in described) / query_weight
        food_weight = float(self.food_weight[position])
        own = self._own_words(position)
        named = sum(self.idf[t] for t in tokens if t in own)
        food = min(named / food_weight, 1.0) if food_weight > 0 else 1.0
        negated = frozenset(t for t in described if _negates_a_part(t)) - set(tokens)
        return query, food, negated

    def same_food(self, text: str, position: int, strict: bool = False) -> bool:
        """:meth:`same_level` at least 1 (or 3 with ``strict``)."""
        return self.same_level(text, position) >= (3 if strict else 1)

    def same_level(self, text: str, position: int) -> int:
        """Whether the food at ``position`` is the food ``text`` names, not a food that only
        holds its words: its name holds every word of the text, the text names the head of
        its name ("shredded wheat" names "Cereals ready-to-eat, POST, Shredded Wheat, ..."),
        and its name holds no processing word the text does not ("skim milk" is not "Milk,
        dry, nonfat"; "milk" is not "Crackers, milk").

        Returns 0 when it is not; 1 when it is by those tests; 2 when, moreover, the text
        names every word of the food's own name but plain and size words ("bagel" is not
        "Bagels, egg"; "croissant" is not "Croissants, cheese") and no conditional penalty
        of the food stays unlifted ("lentils" are not "Lentils, raw"), the food's brand
        being at most its company's ("shredded wheat" is "POST, Shredded Wheat, original
        big biscuit"); 3 when the food is no brand the text does not name ("oatmeal
        cookie" is not "KEEBLER, Oatmeal Cookies"; "soy milk" not "SILK Plain, soymilk").
        """
        tokens = set(self.query_tokens(self._expand(text)))
        described = self.described[position]
        if not tokens or not tokens <= described:
            return 0
        if not self.heads[position] <= tokens:
            return 0
        if (described & PROCESSED_WORDS) - tokens:
            return 0
        brands = self.brands[position]
        product = brands - self.unweighted(position)  # a brand, not a company
        if product and not product & tokens:
            return 1
        if not self._own_words(position) - SIZE_NAMES <= tokens:
            return 1
        # penalties are whole or half points: their sum is exact in any order
        lifted = sum(
            float(found[1][found[0] == position].sum())
            for token in tokens
            if (found := self.lift_postings.get(token)) is not None
        )  # fmt: skip
        remaining = self.demotion[position] - lifted - self.demotion_floor[position]
        branded = self.branded[position]
        unnamed_brand = bool(branded) and not branded & tokens
        if unnamed_brand:
            remaining -= PENALTIES["brand"]  # a company's brand: level 2, not 3
        if remaining > 0:
            return 1
        return 2 if unnamed_brand else 3

    def names_with_number(self, text: str) -> bool:
        """Whether ``text`` starts with a number that is part of a brand USDA names
        ("3 Musketeers", "7 UP"), so that it is not an amount."""
        return " ".join(self._tokenise(text)[:2]) in self.numbered_names

    def _correct(self, token: str) -> str | None:
        """The vocabulary word nearest to an unknown query word, if one is close.

        Closeness is the optimal-string-alignment similarity (an edit or a swap of two
        neighbouring letters counts one: "quinao" is one from "quinoa"), at least
        :data:`TYPO_SIMILARITY`; the first letter must agree.
        """
        if token in self.postings:
            return token
        if token.endswith("s") and token[:-1] in self.postings:
            return token[:-1]  # a plural the singular rule keeps ("kiwis": "-is" is kept)
        if len(token) < 4 or token.isdigit():
            return None
        found = self._corrections.get(token, "")
        if found == "":
            best = process.extractOne(
                token, self.vocabulary, scorer=OSA.normalized_similarity,
                score_cutoff=TYPO_SIMILARITY if len(token) < 8 else LONG_TYPO_SIMILARITY,
            )  # fmt: skip
            found = str(best[0]) if best and str(best[0])[:1] == token[:1] else None
            if len(self._corrections) >= _QUERY_CACHE:
                self._corrections.clear()
            self._corrections[token] = found
        return found

    def _written_closed(self, first: str, second: str, joined: str) -> bool:
        """Whether the tables write two words of a query as one ("ginger snap" ->
        gingersnap): more food names hold the joined word than hold both words ("hot dog"
        stays two words: "Hot dog sandwich")."""
        closed = self.postings.get(joined)
        if closed is None:
            return False
        if second not in self.postings or first not in self.postings:
            return True
        both = np.intersect1d(self.postings[first], self.postings[second], assume_unique=True)
        return len(closed) > len(both)

    def _respelled(self, text: str) -> str:
        """``text`` with its misspelt words corrected, when that makes it hold a phrase of
        :data:`PHRASES` it did not ("spagetti bolognese" is "spaghetti bolognese": pasta with
        tomato sauce and meat); otherwise ``text`` as it is."""
        lower = text.lower()

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            if word in _PHRASE_WORDS or singular(word) in self.postings:
                return word
            return self._correct(singular(word)) or word

        respelled = _LETTERS.sub(fix, lower)
        if respelled == lower or not any(
            phrase in respelled and phrase not in lower for phrase, _ in _PHRASE_ORDER
        ):
            return text
        return respelled

    def query_tokens(self, text: str) -> list[str]:
        """The query's tokens, with unknown words corrected to the vocabulary (or dropped)."""
        found = self._queries.get(text)
        if found is None:
            tokens: list[str] = []
            previous = ""
            for token in self._tokenise(self._respelled(text)):
                joined = previous + token
                if previous and self._written_closed(previous, token, joined):
                    # "black-eyed peas", "ginger snaps": the tables write "Blackeyed peas",
                    # "Cookies, gingersnaps"
                    tokens[-1] = joined
                    previous = ""
                    continue
                corrected = self._correct(token)
                if corrected is not None:
                    tokens.append(corrected)
                previous = token if corrected == token else ""
            found = list(dict.fromkeys(tokens))
            if len(self._queries) >= _QUERY_CACHE:
                self._queries.clear()
            self._queries[text] = found
        return list(found)

    def unknown_words(self, text: str) -> tuple[str, ...]:
        """The words of ``text`` found in no food name, even after spelling correction or
        joining with the word before ("fig newtons" -> newton): what the text names that the
        tables do not know."""
        known = set(self.query_tokens(text))
        words = self._tokenise(text)
        return tuple(
            word for i, word in enumerate(words)
            if (
                (corrected := self._correct(word)) is None
                # a word corrected into a brand's name is no word of the tables either:
                # "quavers" (a British snack) is not QUAKER oats
                or (corrected != word and corrected in self.brand_only)
            )
            and not any(c.isdigit() for c in word)
            and not (i and words[i - 1] + word in known)
        )  # fmt: skip

    def missing_words(self, text: str, position: int) -> tuple[str, ...]:
        """The words of ``text`` that the food at ``position`` does not hold in its names,
        leaving out plain words, ways of cooking and words the search corrected or joined:
        what the text names that the food is not ("pork" of "pork pie" matched to "Pie, NFS";
        "egg" of "scotch egg" matched to "Scotch")."""
        expanded = self._expand(text)
        known = set(self.query_tokens(expanded))
        missing = []
        for word in dict.fromkeys(self._tokenise(expanded)):
            if word not in known or _is_plain(word) or word in COOKING_WORDS:
                continue
            rows = self.postings[word]
            at = int(np.searchsorted(rows, position))
            if at == len(rows) or rows[at] != position:
                missing.append(word)
        return tuple(missing)

    def _tokenise(self, text: str) -> list[str]:
        """:func:`normalise_tokens` of ``text`` with this index's aliases (remembered)."""
        found = self._tokens.get(text)
        if found is None:
            found = tuple(normalise_tokens(text, self.aliases))
            if len(self._tokens) >= _QUERY_CACHE:
                self._tokens.clear()
            self._tokens[text] = found
        return list(found)

    def _expand(self, text: str) -> str:
        """:func:`expand_default` of ``text`` with this index's aliases (remembered)."""
        found = self._expansions.get(text)
        if found is None:
            found = _expanded(text, self._tokenise)
            if found == text:  # a misspelt generic name: "pizzza", "spagetti", "a coffe"
                words = self._tokenise(text)
                corrected = [self._correct(word) or word for word in words]
                if corrected != words:
                    spelt = " ".join(corrected)
                    default = _expanded(spelt, self._tokenise)
                    found = default if default != spelt else text
            if len(self._expansions) >= _QUERY_CACHE:
                self._expansions.clear()
            self._expansions[text] = found
        return found

    def unweighted(self, position: int) -> frozenset[str]:
        """The words of a food's name that are no part of its own weight: its category and
        company names."""
        return self.unweighted_words[position]

    def _own_words(self, position: int) -> frozenset[str]:
        """The words that make up a food's own weight: its name's, without plain words,
        categories and company names."""
        unweighted = self.unweighted(position)
        return frozenset(
            t for t in self.described[position] if not _is_plain(t) and t not in unweighted
        )

    def _name(self, position: int) -> str:
        """A food's name as normalised tokens joined by spaces (for the fuzzy tie-break)."""
        if self.names:
            return self.names[position]
        name = self._names.get(position)
        if name is None:
            name = " ".join(normalise_tokens(str(self.descriptions[position]), self.aliases))
            self._names[position] = name
        return name

    def scores(
        self, text: str, allowed: npt.NDArray[np.bool_] | None = None
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]:
        """Score every food that shares a word with ``text``.

        Returns
        -------
        indices, scores
            Row positions of the candidate foods and their scores (0-100), unsorted.
        """
        candidates, score, _ = self._scores(text, allowed)
        return candidates, score

    def _scores(
        self, text: str, allowed: npt.NDArray[np.bool_] | None = None
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """:meth:`scores`, and the share of the query's weight each candidate holds."""
        text = self._expand(text)
        raw_tokens = self._tokenise(text)
        tokens = self.query_tokens(text)
        if not tokens:
            return np.empty(0, dtype=np.intp), np.empty(0), np.empty(0)
        n = len(self.food_ids)
        # The three sums over the query's words (the weight of the query each food holds,
        # of the food's own words, of its head) in one bincount: rows, then weights, in
        # the order of the words, so that every food's sums are added up in the same order
        # as one word at a time would.
        rows: list[npt.NDArray[np.intp]] = []
        weights: list[float] = []
        food_rows: list[npt.NDArray[np.intp]] = []
        food_weights: list[float] = []
        head_rows: list[npt.NDArray[np.intp]] = []
        head_weights: list[float] = []
        for token in tokens:
            weight = self.idf[token]
            found = self.postings[token]
            rows.append(found)
            weights.append(weight)
            if not _is_plain(token):
                food_rows.append(found)
                food_weights.append(weight)
                # a category or company word is no part of the food's own weight
                unweighted = self.unweighted_postings.get(token)
                if unweighted is not None:
                    food_rows.append(unweighted)
                    food_weights.append(-weight)
            head = self.head_postings.get(token)
            if head is not None:
                head_rows.append(head)
                head_weights.append(weight)
        parts = [*rows, *food_rows, *head_rows]
        sizes = np.fromiter(map(len, parts), dtype=np.intp, count=len(parts))
        offsets = np.repeat(
            np.array([0] * len(rows) + [n] * len(food_rows) + [2 * n] * len(head_rows)), sizes
        )
        sums = np.bincount(
            np.concatenate(parts) + offsets,
            weights=np.repeat(np.array([*weights, *food_weights, *head_weights]), sizes),
            minlength=3 * n,
        ).reshape(3, n)
        candidates = np.flatnonzero(sums[0] != 0)  # (on booleans: several times faster)
        if allowed is not None:
            candidates = candidates[allowed[candidates]]
        query_weight = sum(self.idf[t] for t in tokens)
        full_weight = query_weight
        # Words of the query we could not place still count against every food.
        query_weight += sum(UNPLACED_WORD for t in raw_tokens if self._correct(t) is None)
        m, matched_food, head_matched = sums.take(candidates, axis=1)
        food_w, head_w, demotion, floor, tie_break, length = self._per_food().take(
            candidates, axis=1
        )
        cover_query = m / query_weight
        cover_food = np.divide(
            matched_food, food_w, out=np.ones(len(candidates)), where=food_w > 0
        ).clip(0.0, 1.0)
        cover_head = np.divide(
            head_matched, head_w, out=np.zeros(len(candidates)), where=head_w > 0
        ).clip(0.0, 1.0)
        # penalties are whole or half points: their sum is exact in any order
        lifts = [lift for t in {*tokens, *raw_tokens} if (lift := self.lift_postings.get(t))]
        if lifts:
            lifted = np.bincount(
                np.concatenate([lift[0] for lift in lifts]),
                weights=np.concatenate([lift[1] for lift in lifts]),
                minlength=n,
            )
            demotion = demotion - lifted.take(candidates)
        demotion = np.maximum(demotion, floor)
        score = 100.0 * (
            WEIGHTS["query"] * cover_query
            + WEIGHTS["food"] * cover_food
            + WEIGHTS["head"] * cover_head
        )
        score -= demotion
        for token in KIND_WORDS.intersection(tokens):
            has_kind = np.zeros(n, dtype=bool)
            has_kind[self.postings[token]] = True
            score -= np.where(has_kind[candidates], 0.0, KIND_PENALTY)
        if "raw" in self.postings and "raw" not in tokens and COOKING_WORDS.intersection(tokens):
            score -= self._derived_array("raw_when_cooked").take(candidates)
        score += tie_break
        score -= length
        return candidates, np.clip(score, 0.0, 100.0), m / full_weight

    def _food_id_list(self) -> list[str]:
        """The food ids as a list of text (for sorting by id)."""
        if not self._id_texts:
            self._id_texts = [str(i) for i in self.food_ids]
        return self._id_texts

    def _per_food(self) -> npt.NDArray[np.float64]:
        """The per-food numbers a search reads, as rows of one array (one look-up per
        search): food weight, head weight, demotion, its floor, the SR28 tie-break and the
        length penalty."""
        found = self._derived.get("per_food")
        if found is None:
            found = self._derived["per_food"] = np.stack(
                [self.food_weight, self.head_weight, self.demotion, self.demotion_floor,
                 np.where(self.sources == "sr28", SR28_TIE_BREAK, 0.0),
                 LENGTH_PENALTY * self.length]
            )  # fmt: skip
        return found

    def _derived_array(self, name: str) -> npt.NDArray[Any]:
        """A per-food array computed from the index once, on first use: the points a raw
        food loses to a cooked query (``raw_when_cooked``) and each source's foods
        (``source:sr28``, ...)."""
        found = self._derived.get(name)
        if found is None:
            n = len(self.food_ids)
            if name == "raw_when_cooked":
                is_raw = np.zeros(n, dtype=bool)
                is_raw[self.postings["raw"]] = True
                found = np.where(is_raw, RAW_WHEN_COOKED, 0.0)
            else:
                found = self.sources == name.removeprefix("source:")
            self._derived[name] = found
        return found

    def rank(
        self, text: str, limit: int, allowed: npt.NDArray[np.bool_] | None = None
    ) -> list[tuple[int, float]]:
        """The ``limit`` best foods for ``text`` as (row position, score), best first.

        Ties within half a point are broken by rapidfuzz's token-set ratio between
        the query and the description.
        """
        return self.rank_by_source(text, limit, allowed)[0]

    def rank_by_source(
        self, text: str, limit: int, allowed: npt.NDArray[np.bool_] | None = None
    ) -> tuple[list[tuple[int, float]], dict[str, list[tuple[int, float]]]]:
        """:meth:`rank`, and for each source its best foods (at most :data:`PER_SOURCE`)
        that hold every word of the query (for the rule on disagreeing sources), as (row
        position, score), best first."""
        candidates, score, covered = self._scores(text, allowed)
        if len(candidates) == 0:
            return [], {}
        keep = min(len(candidates), max(limit * 3, 20))
        top = (
            np.argpartition(-score, keep - 1)[:keep] if keep < len(score) else np.arange(len(score))
        )
        query = " ".join(self._tokenise(text))
        rows, values = candidates.take(top).tolist(), score.take(top).tolist()
        # The tie-break adds at most 1 point (0.01 x a ratio of at most 100): a food more
        # than 1 point below the limit-th best score cannot reach the first ``limit``, so
        # its ratio is not computed.
        floor = sorted(values, reverse=True)[limit - 1] if 0 < limit < len(values) else -np.inf
        refined = [
            (i, value, value + 0.01 * fuzz.token_set_ratio(query, self._name(i)))
            for i, value in zip(rows, values, strict=True)
            if value + 1.0 >= floor
        ]
        ids = self._food_id_list()
        refined.sort(key=lambda row: (-row[2], ids[row[0]]))
        full = covered >= FULL_COVER
        best: dict[str, list[tuple[int, float]]] = {}
        if full.any():
            for source in ("sr28", "fndds"):
                of_source = self._derived_array(f"source:{source}").take(candidates)
                where = np.flatnonzero(full & of_source)
                if len(where):
                    order = where[np.argsort(-score[where], kind="stable")[:PER_SOURCE]]
                    best[source] = [(int(candidates[j]), round(float(score[j]), 2)) for j in order]
        return [(i, round(s, 2)) for i, s, _ in refined[:limit]], best


def _postings_of(pairs: Iterable[tuple[int, str]]) -> dict[str, npt.NDArray[np.intp]]:
    """(food row, token) pairs as token -> array of rows."""
    lists: dict[str, list[int]] = {}
    for i, token in pairs:
        lists.setdefault(token, []).append(i)
    return {t: np.asarray(v, dtype=np.intp) for t, v in lists.items()}
