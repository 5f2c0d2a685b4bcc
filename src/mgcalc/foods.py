"""The food table: USDA foods with magnesium and calcium, their portions, search and grams.

The bundled table joins USDA SR28 (8,789 foods) and FNDDS 2021-2023 (5,431 survey
foods). Values are mg per 100 g edible portion as published; a value the source does
not report is NaN (unknown), never 0.

References
----------
.. [1] US Department of Agriculture, Agricultural Research Service, Nutrient Data
   Laboratory. USDA National Nutrient Database for Standard Reference, Release 28.
   Version Current: September 2015.
.. [2] USDA ARS Food Surveys Research Group. Food and Nutrient Database for Dietary
   Studies (FNDDS) 2021-2023.
"""

from __future__ import annotations

import csv
import math
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Final, Generic, NamedTuple, Protocol, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from mgcalc._data import data_file
from mgcalc._files import csv_text, write_text
from mgcalc._matching import BASE_ALIASES, MatchIndex, normalise_tokens, singular
from mgcalc._schemas import StorableText, storable
from mgcalc._values import whole_number
from mgcalc.errors import (
    AmountError,
    DataError,
    InvalidLogError,
    InvalidValueError,
    PortionError,
    UnitError,
    UnknownFoodError,
    UnknownOptionError,
)
from mgcalc.parse import (
    MASS_UNITS_G,
    NON_FOOD_UNITS,
    VOLUME_UNITS_ML,
    portion_key,
    read_amount,
    volume_ml,
)

__all__ = [
    "FOOD_KINDS",
    "MASS_UNITS_G",
    "NUTRIENT_COLUMNS",
    "VOLUME_UNITS_ML",
    "Food",
    "FoodKind",
    "FoodTable",
    "HouseholdMeasure",
    "Portion",
    "PortionChoice",
    "food_kinds",
    "household_measures",
]

NUTRIENT_COLUMNS: Final = (
    "magnesium_mg_per_100g",
    "calcium_mg_per_100g",
    "vitamin_d_ug_per_100g",
    "energy_kcal_per_100g",
)
"""The nutrient columns of the food table, each per 100 g edible portion in the unit its
name says [mg], [µg], [kcal]; NaN where the source reports no value."""

FOOD_COLUMNS: Final = (
    "food_id",
    "source",
    "description",
    "food_group",
    "common_names",
    "magnesium_mg_per_100g",
    "calcium_mg_per_100g",
)
"""The columns a foods frame must have; the other :data:`NUTRIENT_COLUMNS` are optional
(unknown where absent)."""
PORTION_COLUMNS: Final = ("food_id", "seq", "amount", "measure", "unit", "modifier", "grams")

COUNT_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "slice": ("piece",),
    "piece": ("slice", "item"),
    "rasher": ("slice",),
    "strip": ("slice",),
    "stick": ("strip",),
    "cookie": ("cooky",),
    "packet": ("package", "pouch", "pack"),
    "package": ("packet", "pouch", "pack"),
    "pack": ("package", "packet"),
    "bag": ("package", "packet", "pouch"),
    "pot": ("container",),
    "container": ("pot", "carton"),
    "carton": ("container",),
    "bar": ("serving",),
    "cube": ("cubic_inch",),
}
"""Count nouns that may stand for each other when the food lists only the other one. The
noun itself is always tried first ("1 slice" takes the "slice" row before any "piece")."""

PIECE_RATIO: Final = 5.0
"""A counted item that weighs less than 1/PIECE_RATIO of the food's FNDDS "Quantity not
specified" serving is a piece of what is eaten (one fry, 5 g, of a 110 g serving of fries),
so a size word ("large fries") does not size it."""

SIZE_WORDS: Final = (
    "extra_small", "small", "medium", "large", "extra_large", "jumbo", "fun_size", "king_size",
    "snack_size",
)  # fmt: skip
EACH_PREFERENCE: Final = (
    "medium", "whole", "each", "item", "fruit", "regular", "piece", "slice", "egg",
)  # fmt: skip
"""Portions tried, in order, for one of a food ("a banana", "2 eggs"); then a portion named
by the food's own noun ("1 potato"), then large, small and any other count."""

_WHOLE_ITEMS: Final = 6
"""The first entries of :data:`EACH_PREFERENCE` that mean a whole item (medium ... regular);
the others (piece, slice, egg) come after a portion named by the food itself."""

CONTAINER_WORDS: Final = frozenset(
    {"bag", "package", "packet", "pack", "pouch", "box", "container", "carton", "can", "bottle",
     "jar", "tub", "pot", "pkg"}
)  # fmt: skip
"""Words of a portion that holds many of a food ("medium single serving bag" of chips): not
one of the food when a count names none ("10 doritos" are ten chips, not ten bags)."""

PIECE_WORDS: Final = frozenset(
    {"wedge", "slice", "piece", "cube", "ball", "chunk", "strip", "stick", "segment",
     "section", "spear", "floret", "sliver", "bite"}
)  # fmt: skip
"""Words of a portion that is a piece of the food, not one whole item ("medium wedge/slice"
of a melon): a count of the food itself ("half a cantaloupe") takes the whole item."""

DEFAULT_SIZE: Final[dict[str, str]] = {"egg": "large"}
"""Foods whose standard count is not the medium one: USDA's (and recipes') egg is large."""

_NOT_A_COUNT: Final = frozenset(
    {*VOLUME_UNITS_ML, *MASS_UNITS_G, "default", "guideline", "surface_inch"}
)

TYPICAL_WORDS: Final = frozenset({"regular", "medium", "nfs", "ns", "any"})
ATYPICAL_WORDS: Final = frozenset(
    {"small", "thin", "miniature", "mini", "bite", "large", "thick", "extra", "jumbo", "very",
     "fun", "king", "snack", "cracker", "kid", "junior", "child", "individual", "crust",
     "yield", "party", "cocktail", "jigger"}
)  # fmt: skip
"""Words that make a portion of a given name unusual: "1 slice" of a cheese is its "slice"
row, not its "cracker-size slice"; "1 bar" of a candy is its regular bar, not the
"fun size" or "king size" one."""

_MEASURE_QUALIFIERS: Final = re.compile(r"\s*,?\s*\b(?:nfs|ns|any size|as purchased)\b\s*$")


class Portion(BaseModel):
    """A household measure of one food and its weight.

    Attributes
    ----------
    amount : float
        How many of the measure the weight is for (``0.5`` for "1/2 cup").
    measure : str
        The measure as USDA published it (``"cup, chopped"``).
    unit : str
        The normalised unit: cup, tbsp, tsp, fl_oz, oz, medium, large, slice, ... or
        ``"default"`` for FNDDS "Quantity not specified".
    modifier : str
        How the food was cut or packed (``"chopped"``), or ``""``.
    grams : float
        Weight of ``amount`` × ``measure`` [g].
    """

    model_config = ConfigDict(frozen=True)

    amount: float = Field(gt=0, allow_inf_nan=False)
    measure: StorableText
    unit: StorableText
    modifier: StorableText = ""
    grams: float = Field(gt=0, allow_inf_nan=False)

    def __str__(self) -> str:
        return f"{self.amount:g} {self.measure} ({self.grams:g} g)"


class Food(BaseModel):
    """One food of the table, with its nutrient contents.

    Attributes
    ----------
    food_id : str
        ``"<source>:<id>"``: ``sr28:11458``, ``fndds:72125100``, or ``custom:...``.
    description : str
        The name as published.
    magnesium_mg_per_100g, calcium_mg_per_100g : float
        Content per 100 g edible portion [mg/100 g]; NaN where the source reports none.
    vitamin_d_ug_per_100g : float
        Vitamin D (D2 + D3) per 100 g [µg/100 g]; NaN where not reported.
    energy_kcal_per_100g : float
        Energy per 100 g [kcal/100 g]; NaN where not reported.
    portions : tuple of Portion
        Household measures, in the source's order.
    """

    model_config = ConfigDict(frozen=True)

    food_id: StorableText = Field(pattern=r"^[a-z][a-z0-9_]*:\S+$")
    source: StorableText
    description: StorableText
    food_group: StorableText = ""
    common_names: StorableText = ""
    magnesium_mg_per_100g: float = Field(default=math.nan)
    calcium_mg_per_100g: float = Field(default=math.nan)
    vitamin_d_ug_per_100g: float = Field(default=math.nan)
    energy_kcal_per_100g: float = Field(default=math.nan)
    portions: tuple[Portion, ...] = ()

    @field_validator(*NUTRIENT_COLUMNS, mode="before")
    @classmethod
    def _none_is_unknown(cls, value: Any) -> Any:
        return math.nan if value is None else value

    @field_validator(*NUTRIENT_COLUMNS)
    @classmethod
    def _not_negative(cls, value: float) -> float:
        if value < 0 or math.isinf(value):
            raise InvalidValueError("a nutrient content cannot be negative or infinite [per 100 g]")
        return value

    @property
    def has_magnesium(self) -> bool:
        """Whether the source reports magnesium for this food."""
        return not math.isnan(self.magnesium_mg_per_100g)

    def __eq__(self, other: object) -> bool:
        """Field by field, an unknown (NaN) content equal to an unknown one."""
        if not isinstance(other, Food):
            return NotImplemented
        mine, theirs = self.model_dump(), other.model_dump()
        return all(
            mine[k] == theirs[k]
            or (isinstance(mine[k], float) and math.isnan(mine[k]) and math.isnan(theirs[k]))
            for k in mine
        )

    def __hash__(self) -> int:
        return hash((self.food_id, self.description))


@dataclass(frozen=True, slots=True)
class _PortionRecord:
    """One portion, pre-digested for the grams path (no pandas per call)."""

    seq: int
    amount: float
    measure: str
    unit: str
    modifier: frozenset[str]
    grams: float
    words: frozenset[str]
    odd: bool
    bare: str
    within: tuple[float, str] = (0.0, "")


_ODD_MEASURE: Final = re.compile(r"(?<!without )shell|yield|refuse", re.IGNORECASE)
_PARENTHESES: Final = re.compile(r"\([^)]*\)?")
_TEXT: Final = frozenset({"measure", "unit", "modifier"})


_COUNT_WITHIN: Final = re.compile(r"(\d+)\s+(?:[a-z]+\s+)?([a-z]+)\)?\s*$", re.IGNORECASE)


def _count_within(measure: str, unit: str) -> tuple[float, str]:
    """The count a weight or volume measure holds, if it says: "oz, 2 links" -> (2, "link");
    "oz (23 whole kernels)" -> (23, "kernel"); else (0, "")."""
    if unit not in MASS_UNITS_G and unit not in VOLUME_UNITS_ML:
        return 0.0, ""
    found = _COUNT_WITHIN.search(measure)
    if found is None or int(found[1]) == 0:
        return 0.0, ""
    return float(found[1]), singular(found[2].lower())


def _typical_key(p: _PortionRecord) -> tuple[int, int]:
    """Sort key of portions of one name: regular ones first, then USDA's order."""
    return -2 * len(p.words & TYPICAL_WORDS) + len(p.words & ATYPICAL_WORDS), p.seq


def _atypical(p: _PortionRecord) -> bool:
    """Whether a portion is an unusual size of its name and not also a regular one."""
    return bool(p.words & ATYPICAL_WORDS) and not p.words & TYPICAL_WORDS


def _bare_measure(measure: str) -> str:
    """A measure without parentheses or "NFS"/"any size", its words singular: the row whose
    bare measure is exactly the unit asked for is that unit's own row.

    >>> _bare_measure("slice (1 oz)"), _bare_measure("cup, NFS"), _bare_measure("slices")
    ('slice', 'cup', 'slice')
    >>> _bare_measure("cracker-size slice")
    'cracker-size slice'
    """
    text = _PARENTHESES.sub(" ", measure.lower()).replace(",", " , ")
    text = " ".join(text.split()).strip(" ,")
    text = _MEASURE_QUALIFIERS.sub("", text).strip(" ,")
    return " ".join(singular(word) for word in text.split())


_ITEM_MIN_G: Final = 10.0
"""An item named by a food's own noun is its default portion only from this weight [g]:
1 breast or 1 tortilla, but not 1 almond or 1 raisin."""


class PortionChoice(NamedTuple):
    """The weight of one unit of a food and where it came from (:meth:`FoodTable.portion`).

    Attributes
    ----------
    grams : float
        Weight of one unit [g].
    measure : str
        What was used: the USDA portion (``"SR28 portion 'slice' 22 g"``), or the household
        convention (``"handful (nuts_seeds) = 1 oz"``).
    assumed : bool
        True when the weight is a household convention rather than a USDA portion of the
        food: the resolver flags the entry ``assumed_portion``.
    source : str
        The convention's source, or ``"assumption"``; empty for a USDA portion.
    """

    grams: float
    measure: str
    assumed: bool
    source: str


def _usda_measure(food_id: str, row: _PortionRecord) -> str:
    """How a USDA portion row is shown: ``"SR28 portion '1 slice' 22 g"``."""
    source = food_id.split(":", 1)[0].upper()
    return f"{source} portion '{row.amount:g} {row.measure}' {row.grams:g} g"


class HouseholdMeasure(BaseModel):
    """One row of the household-measure table (``data/household_measures.csv``).

    Attributes
    ----------
    measure : str
        The measure as the grammar reads it (``"handful"``, ``"glass"``, ``"large glass"``).
    foods : str
        The kind of food it is given for (a key of :data:`FOOD_KINDS`), or ``"any"``.
    locale : str
        ``"any"`` or one of :data:`mgcalc.parse.LOCALES`.
    amount : float
        How many ``unit`` one measure holds [unit].
    unit : str
        A mass unit (``g``, ``oz``), a volume unit (``cup``, ``fl_oz``, ``ml``; turned into
        grams with the food's own density) or ``default`` (the food's default portion).
    source : str
        Where the figure comes from, or ``"assumption"``.
    note : str
        What it stands for.
    """

    model_config = ConfigDict(frozen=True)

    measure: str
    foods: str
    locale: str
    amount: float = Field(gt=0)
    unit: str
    source: str
    note: str = ""

    def describe(self) -> str:
        """``"handful (nuts_seeds) = 1 oz (assumption)"``."""
        kind = "" if self.foods == "any" else f" ({self.foods})"
        where = "" if self.locale == "any" else f" [{self.locale}]"
        amount = "the default portion" if self.unit == "default" else f"{self.amount:g} {self.unit}"
        return f"{self.measure}{kind}{where} = {amount} ({self.source})"


_HOUSEHOLD: dict[str, tuple[HouseholdMeasure, ...]] = {}


def household_measures() -> tuple[HouseholdMeasure, ...]:
    """The bundled household-measure table, in file order (read once).

    Each row gives the weight or volume of a household measure ("a handful", "a bowl",
    "a glass", "a can", "a grande") for one kind of food and locale, with its source;
    ``"assumption"`` marks a convention that no published source fixes. The resolver uses a
    row only when the food lists no USDA portion of that name, and flags the entry
    ``assumed_portion``. ``data/README.md`` documents the table.

    Examples
    --------
    >>> [m.describe() for m in household_measures() if m.measure == "square"]
    ['square (chocolate) = 10 g (assumption)']
    """
    rows = _HOUSEHOLD.get("rows")
    if rows is None:
        with data_file("household_measures.csv").open("r", encoding="utf-8") as fh:
            rows = tuple(HouseholdMeasure(**row) for row in csv.DictReader(fh))
        unknown = {m.foods for m in rows} - {*FOOD_KINDS, "any"}
        if unknown:
            raise DataError(f"household_measures.csv names unknown kinds of food: {unknown}")
        _HOUSEHOLD["rows"] = rows
    return rows


@dataclass(frozen=True)
class FoodKind:
    """A kind of food, recognised from its USDA group and the words of its name.

    A food is of the kind if its group is one of ``groups``, or its name holds one of
    ``words``; and, when given, its name also holds one of ``also`` (so "Fruits and Fruit
    Juices" foods named "dried" are dried fruit), and none of ``not_words``.
    """

    groups: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    also: frozenset[str] = frozenset()
    not_words: frozenset[str] = frozenset()
    within: str = ""


def _kind(
    groups: Iterable[str] = (),
    words: Iterable[str] = (),
    also: Iterable[str] = (),
    not_words: Iterable[str] = (),
    within: str = "",
) -> FoodKind:
    return FoodKind(frozenset(groups), frozenset(words), frozenset(also), frozenset(not_words),
                    within)  # fmt: skip


_DRINK_GROUPS: Final = frozenset(
    {"Beverages", "Beer", "Wine", "Liquor and cocktails", "Coffee", "Tea", "Soft drinks",
     "Diet soft drinks", "Sport and energy drinks", "Diet sport and energy drinks",
     "Fruit drinks", "Flavored or carbonated water", "Other diet drinks", "Enhanced water",
     "Tap water", "Bottled water", "Apple juice", "Citrus juice", "Other fruit juice",
     "Vegetable juice", "Milk, whole", "Milk, reduced fat", "Milk, lowfat", "Milk, nonfat",
     "Flavored milk, whole", "Flavored milk, reduced fat", "Flavored milk, lowfat",
     "Flavored milk, nonfat", "Plant-based milk", "Milk shakes and other dairy drinks",
     "Smoothies and grain drinks", "Nutritional beverages"}
)  # fmt: skip

FOOD_KINDS: Final[Mapping[str, FoodKind]] = MappingProxyType(
    {
        "nuts_seeds": _kind(
            ["Nut and Seed Products", "Nuts and seeds"],
            ["peanut"],
            not_words=["butter", "oil", "flour", "meal", "milk", "spread", "paste"],
        ),
        "dried_fruit": _kind(
            ["Dried fruits"], ["raisin", "prune"], not_words=["juice", "bran", "cereal"]
        ),
        "fresh_fruit": _kind(
            [
                "Fruits and Fruit Juices",
                "Apples",
                "Bananas",
                "Grapes",
                "Strawberries",
                "Blueberries and other berries",
                "Citrus fruits",
                "Melons",
                "Pears",
                "Pineapple",
                "Peaches and nectarines",
                "Mango and papaya",
                "Other fruits and fruit salads",
            ],
            not_words=[
                "juice",
                "dried",
                "dehydrated",
                "canned",
                "syrup",
                "nectar",
                "raisin",
                "prune",
                "pie",
                "sauce",
            ],
        ),
        "leafy_greens": _kind(
            ["Lettuce and lettuce salads", "Spinach"],
            ["lettuce", "arugula", "spinach", "kale", "chard", "watercress", "green"],
            also=["raw"],
            not_words=["dressing", "dip", "onion", "pepper", "bean", "pea", "tomato"],
        ),
        "snacks": _kind(
            [
                "Potato chips",
                "Tortilla, corn, other chips",
                "Pretzels/snack mix",
                "Popcorn",
                "Crackers, excludes saltines",
                "Saltine crackers",
                "Snacks",
            ],
            ["chip", "crisp", "pretzel", "popcorn"],
            not_words=["cookie", "chocolate"],
        ),
        "chocolate": _kind(
            ["Candy containing chocolate"],
            ["chocolate"],
            not_words=["milk", "drink", "syrup", "beverage", "cocoa"],
        ),
        "yogurt": _kind(["Yogurt, Greek", "Yogurt, regular", "Plant-based yogurt"], ["yogurt"]),
        "drink": _kind(
            _DRINK_GROUPS,
            [
                "beverage",
                "drink",
                "juice",
                "coffee",
                "tea",
                "latte",
                "soda",
                "cola",
                "smoothie",
                "shake",
            ],
        ),
        "iced_drink": _kind(
            words=["iced", "frappuccino", "frozen", "blended", "smoothie", "cold"], within="drink"
        ),
        "coffee": _kind(["Coffee"], ["coffee", "espresso"], within="drink"),
        "water": _kind(
            ["Tap water", "Bottled water"],
            ["water"],
            also=["water"],
            not_words=["coconut", "tonic", "flavored", "chestnut", "cress"],
            within="drink",
        ),
        "soft_drink": _kind(
            [
                "Soft drinks",
                "Diet soft drinks",
                "Sport and energy drinks",
                "Diet sport and energy drinks",
                "Fruit drinks",
                "Flavored or carbonated water",
                "Other diet drinks",
                "Enhanced water",
            ],
            ["carbonated", "soda", "cola", "energy", "lemonade"],
            within="drink",
        ),
        "beer": _kind(
            ["Beer"],
            ["beer", "ale", "lager", "stout", "cider"],
            not_words=["root", "ginger"],
            within="drink",
        ),
        "wine": _kind(["Wine"], ["wine"], not_words=["vinegar", "cooler"], within="drink"),
        "milk": _kind(
            [
                "Milk, whole",
                "Milk, reduced fat",
                "Milk, lowfat",
                "Milk, nonfat",
                "Plant-based milk",
                "Cream and cream substitutes",
            ],
            ["milk", "cream"],
            also=["milk", "cream", "creamer"],
            not_words=[
                "chocolate",
                "shake",
                "evaporated",
                "condensed",
                "dry",
                "powder",
                "ice",
                "sour",
                "cheese",
                "coconut",
            ],
        ),
        "bread": _kind(
            ["Yeast breads", "Rolls and buns", "Bagels and English muffins", "Tortillas"],
            [
                "bread",
                "toast",
                "bagel",
                "roll",
                "bun",
                "pita",
                "muffin",
                "croissant",
                "scone",
                "biscuit",
                "crumpet",
                "tortilla",
                "cracker",
                "pancake",
                "waffle",
            ],
            not_words=["pudding", "stuffing", "crumb", "sandwich", "french"],
        ),
        "hot_cereal": _kind(
            ["Oatmeal", "Grits and other cooked cereals"],
            ["oatmeal", "porridge", "grits", "farina"],
        ),
        "cold_cereal": _kind(
            [
                "Ready-to-eat cereal, higher sugar (>21.2g/100g)",
                "Ready-to-eat cereal, lower sugar (=<21.2g/100g)",
            ],
            ["ready"],
            also=["cereal"],
        ),
        "sandwich": _kind(
            [
                "Burgers",
                "Cheese sandwiches",
                "Chicken fillet sandwiches",
                "Deli and cured meat sandwiches",
                "Egg/breakfast sandwiches",
                "Frankfurter sandwiches",
                "Meat and BBQ sandwiches",
                "Peanut butter and jelly sandwiches",
                "Seafood sandwiches",
                "Vegetable sandwiches/burgers",
            ],
            ["sandwich", "burger", "hamburger", "cheeseburger", "sub", "wrap", "hot dog"],
        ),
        "vegetable": _kind(
            [
                "Vegetables and Vegetable Products",
                "Broccoli",
                "Cabbage",
                "Carrots",
                "Corn",
                "Onions",
                "Other dark green vegetables",
                "Other red and orange vegetables",
                "Other starchy vegetables",
                "Other vegetables and combinations",
                "Spinach",
                "String beans",
                "Tomatoes",
                "White potatoes, baked or boiled",
            ],
            not_words=["juice", "soup", "sauce"],
        ),
        "fries": _kind(
            ["French fries and other fried white potatoes"], ["fry"], also=["potato", "fry"]
        ),
        "sushi": _kind(words=["sushi"]),
        "legumes": _kind(
            ["Beans, peas, legumes", "Legumes and Legume Products"],
            not_words=["raw", "dry", "flour", "butter", "milk", "sprouted", "soup"],
        ),
        "spirits": _kind(
            words=[
                "vodka",
                "gin",
                "rum",
                "whiskey",
                "whisky",
                "tequila",
                "brandy",
                "distilled",
                "liqueur",
                "bourbon",
                "scotch",
            ],
            within="drink",
        ),
    }
)
"""The kinds of food household measures are given for: each recognised from the food's
USDA group (SR28 food group or FNDDS WWEIA category) and the words of its name (as
:func:`mgcalc._matching.normalise_tokens` reads them). ``within`` names a kind the food
must also be (beer is a drink)."""


def food_kinds(description: str, food_group: str) -> frozenset[str]:
    """The :data:`FOOD_KINDS` of a food with this description and group.

    >>> sorted(food_kinds("Nuts, almonds", "Nut and Seed Products"))
    ['nuts_seeds']
    >>> sorted(food_kinds("Alcoholic beverage, beer, regular, all", "Beverages"))
    ['beer', 'drink']
    """
    tokens = set(normalise_tokens(description))
    found: set[str] = set()
    for name, kind in FOOD_KINDS.items():
        if not (food_group in kind.groups or tokens & kind.words):
            continue
        if kind.also and not tokens & kind.also:
            continue
        if tokens & kind.not_words:
            continue
        found.add(name)
    return frozenset(k for k in found if not FOOD_KINDS[k].within or FOOD_KINDS[k].within in found)


def _read_csv_foods(source: Any) -> pd.DataFrame:
    """A foods CSV in the bundled format (blank nutrient cells are unknown, never 0)."""
    text_columns = {c: str for c in FOOD_COLUMNS[:5]}
    foods = pd.read_csv(
        source,
        dtype={**text_columns, **dict.fromkeys(NUTRIENT_COLUMNS, "float64")},  # type: ignore[arg-type]
        keep_default_na=False,
        na_values={column: [""] for column in NUTRIENT_COLUMNS},
    )
    return _restored(foods)


def _restored(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells without the ``'`` :meth:`FoodTable.to_csv` put before a formula."""
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            marked = values.str.startswith("'", na=False)
            if marked.any():
                frame[column] = values.where(~marked, values.str[1:])
    return frame


def _read_csv_portions(source: Any) -> pd.DataFrame:
    return _restored(
        pd.read_csv(
            source,
            dtype={  # type: ignore[arg-type]
                "food_id": str,
                "seq": "int64",
                "amount": "float64",
                "measure": str,
                "unit": str,
                "modifier": str,
                "grams": "float64",
            },
            keep_default_na=False,
        )
    )


class _FoodSource(Protocol):
    """Something that makes foods for a table: a recipe book (:mod:`mgcalc.recipes`)."""

    def foods(self, table: FoodTable) -> Iterable[Food]: ...


def _check_cells(
    frame: pd.DataFrame,
    name: str,
    texts: Sequence[str],
    numbers: Sequence[str],
    positive: Sequence[str] = (),
) -> None:
    """The door of a food table's frame: text where text belongs (ids never blank), numbers
    finite and not negative (``positive`` ones above 0), NaN only for an unknown nutrient.

    Raises
    ------
    InvalidLogError
        Naming the frame, the column and the rows.
    """
    repeated = frame.columns[frame.columns.duplicated()]
    if len(repeated):
        raise InvalidLogError(f"the {name} frame repeats a column", str(repeated[0]))

    def bad_cells(column: str, problem: str, mask: Any) -> InvalidLogError:
        rows = [int(i) + 1 for i in np.flatnonzero(np.asarray(mask, dtype=bool))]
        return InvalidLogError(f"the {name} frame: {problem}", column, rows)

    for column in texts:
        values = frame[column]
        if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
            bad = values.isna().to_numpy() if column == "food_id" else None
        else:
            bad = np.array([not isinstance(v, str) for v in values], dtype=bool)
        if bad is not None and bad.any():
            raise bad_cells(column, "must be text", bad)
        if _held_by_arrow(values.dtype):
            continue  # Arrow holds valid UTF-8 only: it refuses a lone surrogate on the way in
        if not storable("".join(v for v in values if isinstance(v, str))):
            unstorable = [isinstance(v, str) and not storable(v) for v in values]
            raise bad_cells(column, "holds characters that cannot be stored", unstorable)
    for column in numbers:
        if column not in frame.columns:
            continue
        values = frame[column]
        try:
            array = values.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError, OverflowError):
            numeric = [isinstance(v, int | float | np.number) for v in values]
            raise bad_cells(column, "must be a number", np.logical_not(numeric)) from None
        unknown_allowed = column in NUTRIENT_COLUMNS  # blank: not reported, never 0
        with np.errstate(invalid="ignore"):
            bad = np.isinf(array) | (array <= 0 if column in positive else array < 0)
            if not unknown_allowed:
                bad |= np.isnan(array)
        if bad.any():
            wanted = "above 0" if column in positive else "of 0 or more"
            blank = " (or blank: not reported)" if unknown_allowed else ""
            raise bad_cells(column, f"must be a finite number {wanted}{blank}", bad)


def _held_by_arrow(dtype: Any) -> bool:
    """Whether a column of this dtype keeps its text in Arrow (pandas' default ``str``)."""
    return getattr(dtype, "storage", None) == "pyarrow" or (
        isinstance(dtype, pd.ArrowDtype) and str(dtype.pyarrow_dtype) in ("string", "large_string")
    )


_MAX_CANDIDATES: Final = 1_000
"""The most candidates one search returns."""

_DEFAULT: dict[str, FoodTable] = {}
_DEFAULT_LOCK: Final = threading.Lock()


def _default_table() -> FoodTable:
    """The bundled table, built once however many threads ask at the same time."""
    table = _DEFAULT.get("table")
    if table is None:
        with _DEFAULT_LOCK:
            table = _DEFAULT.get("table")
            if table is None:
                with data_file("foods.csv").open("rb") as foods:
                    frame = _read_csv_foods(foods)
                with data_file("portions.csv").open("rb") as portions:
                    portion_frame = _read_csv_portions(portions)
                table = FoodTable(frame, portion_frame)
                table._bundled = True  # its search index may come prebuilt from data/
                _DEFAULT["table"] = table
    return table


_T = TypeVar("_T")


class _built_once(Generic[_T]):  # noqa: N801  # used like functools.cached_property
    """A cached property computed once per table even when threads ask at the same time
    (functools.cached_property holds no lock from Python 3.12)."""

    def __init__(self, function: Callable[[Any], _T]) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __get__(self, table: Any, owner: type | None = None) -> _T:
        cache: dict[str, _T] = table.__dict__
        if self.name in cache:
            return cache[self.name]
        with table._build_lock:
            if self.name not in cache:
                cache[self.name] = self.function(table)
        return cache[self.name]


def _is_quantity(value: object) -> bool:
    """Whether ``value`` is a pint Quantity (checked without importing pint)."""
    return type(value).__module__.split(".", 1)[0] == "pint" and hasattr(value, "magnitude")


class FoodTable:
    """Foods with their nutrients per 100 g, their household portions, and search.

    Parameters
    ----------
    foods : pandas.DataFrame
        One row per food with the columns of ``data/foods.csv``: food_id, source,
        description, food_group, common_names, magnesium_mg_per_100g,
        calcium_mg_per_100g [mg/100 g] and, optionally, vitamin_d_ug_per_100g [µg/100 g]
        and energy_kcal_per_100g [kcal/100 g] (NaN where not reported).
    portions : pandas.DataFrame
        One row per household measure: food_id, seq, amount, measure, unit, modifier,
        grams [g].
    aliases : mapping of str to str, optional
        Extra word synonyms for search (``{"yoghurt": "yogurt"}``), added to the built-in ones.

    Raises
    ------
    InvalidLogError
        If a frame lacks a column or a food id is repeated.

    Notes
    -----
    A table is immutable: :meth:`with_foods` and :meth:`with_aliases` return new tables.
    Derived structures (the search index, each food's portion records) are built on first
    use and kept with the table.

    Examples
    --------
    >>> table = FoodTable.default()
    >>> food = table["sr28:11458"]
    >>> food.description, food.magnesium_mg_per_100g
    ('Spinach, cooked, boiled, drained, without salt', 87.0)
    >>> table.grams("sr28:11458", "1/2 cup")
    90.0
    """

    def __init__(
        self,
        foods: pd.DataFrame,
        portions: pd.DataFrame,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        for name, frame in (("foods", foods), ("portions", portions)):
            if not isinstance(frame, pd.DataFrame):
                raise InvalidLogError(f"{name} must be a DataFrame, not {type(frame).__name__}")
        missing = [c for c in FOOD_COLUMNS if c not in foods.columns]
        if missing:
            raise InvalidLogError(f"the foods frame lacks columns {missing}", missing[0])
        missing = [c for c in PORTION_COLUMNS if c not in portions.columns]
        if missing:
            raise InvalidLogError(f"the portions frame lacks columns {missing}", missing[0])
        if aliases is not None and not (
            isinstance(aliases, Mapping)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in aliases.items())
        ):
            raise InvalidLogError("aliases must map words to words, both text", "aliases")
        _check_cells(foods, "foods", FOOD_COLUMNS[:5], (*NUTRIENT_COLUMNS, *FOOD_COLUMNS[5:]))
        _check_cells(portions, "portions", ("food_id", "measure", "unit", "modifier"),
                     ("seq", "amount", "grams"), positive=("amount", "grams"))  # fmt: skip
        duplicated = foods["food_id"][foods["food_id"].duplicated()]
        if len(duplicated):
            raise InvalidLogError(
                f"duplicate food ids: {list(duplicated[:5])}", "food_id",
                [int(i) + 1 for i in duplicated.index[:20]],
            )  # fmt: skip
        foods = foods.reset_index(drop=True)
        for column in NUTRIENT_COLUMNS:
            if column not in foods.columns:
                foods[column] = np.nan
        self._foods = foods.loc[:, [*FOOD_COLUMNS, *NUTRIENT_COLUMNS[2:]]]
        self._portions = portions.loc[:, list(PORTION_COLUMNS)].reset_index(drop=True)
        self._aliases = {**BASE_ALIASES, **(aliases or {})}
        self._record_cache: dict[str, tuple[_PortionRecord, ...]] = {}
        self._bundled = False
        self._build_lock = threading.RLock()
        self._kind_cache: dict[str, frozenset[str]] = {}

    # -- construction -------------------------------------------------------------------
    @classmethod
    def default(cls) -> FoodTable:
        """The bundled USDA table (SR28 and FNDDS 2021-2023), loaded once and shared.

        Thread-safe: threads asking at once wait for one build.
        """
        return _default_table()

    def with_foods(self, foods: Iterable[Food]) -> FoodTable:
        """A new table with ``foods`` added (or replacing foods of the same id).

        Use it for your own foods and recipes: ids should start with ``custom:``.

        Examples
        --------
        >>> mine = FoodTable.default().with_foods([Food(
        ...     food_id="custom:mg-water", source="custom", description="Mineral water, Mg-rich",
        ...     magnesium_mg_per_100g=11.0, calcium_mg_per_100g=35.0,
        ...     portions=(Portion(amount=1, measure="cup", unit="cup", grams=240),))])
        >>> mine.grams("custom:mg-water", "2 cups")
        480.0
        """
        new = list(foods) if isinstance(foods, Iterable) and not isinstance(foods, str) else None
        if new is None or not all(isinstance(food, Food) for food in new):
            raise InvalidLogError("with_foods needs Food objects (mgcalc.Food(...))", "foods")
        ids = {food.food_id for food in new}
        if len(ids) < len(new):
            seen: set[str] = set()
            repeated = [i + 1 for i, food in enumerate(new)
                        if food.food_id in seen or seen.add(food.food_id)]  # type: ignore[func-returns-value]  # fmt: skip
            raise InvalidLogError("two foods given have the same food_id", "food_id", repeated)
        columns = list(self._foods.columns)
        rows = pd.DataFrame(
            [food.model_dump(exclude={"portions"}) for food in new], columns=columns
        )
        portion_rows = pd.DataFrame(
            [
                {"food_id": food.food_id, "seq": seq, **portion.model_dump()}
                for food in new
                for seq, portion in enumerate(food.portions, start=1)
            ],
            columns=list(PORTION_COLUMNS),
        )
        keep = ~self._foods["food_id"].isin(ids)
        keep_portions = ~self._portions["food_id"].isin(ids)
        frames = [self._foods[keep], rows] if len(rows) else [self._foods[keep]]
        portion_frames = [self._portions[keep_portions]]
        if len(portion_rows):
            portion_frames.append(portion_rows.astype({"seq": "int64"}))
        return FoodTable(
            pd.concat(frames, ignore_index=True),
            pd.concat(portion_frames, ignore_index=True),
            self._aliases,
        )

    def with_recipes(self, book: _FoodSource) -> FoodTable:
        """A new table with the recipes of ``book`` as foods ``recipe:<slug>``.

        Each recipe's ingredients are resolved in this table (so they may use its custom
        foods); it gets the portions ``serving`` and ``full recipe``, so "1 serving
        grandma's casserole", "250 g grandma's casserole" and the name alone (one serving)
        resolve to it. See :mod:`mgcalc.recipes`.

        Parameters
        ----------
        book
            A :class:`mgcalc.recipes.RecipeBook` (anything with ``foods(table)``).

        Raises
        ------
        RecipeError
            If an ingredient line of a recipe does not resolve, or a recipe's id is a food
            of this table that is not a recipe.

        Examples
        --------
        >>> from mgcalc.recipes import load_recipes
        >>> table = FoodTable.default().with_recipes(load_recipes())
        >>> "recipe:grandmas_sunday_casserole" in table
        True
        """
        return self.with_foods(book.foods(self))

    def with_aliases(self, aliases: Mapping[str, str]) -> FoodTable:
        """A new table whose search also folds ``aliases`` (word -> word it means)."""
        if not isinstance(aliases, Mapping):
            raise InvalidLogError("aliases must map words to words, both text", "aliases")
        return FoodTable(self._foods, self._portions, {**self._aliases, **aliases})

    # -- lookup -------------------------------------------------------------------------
    @property
    def foods(self) -> pd.DataFrame:
        """The foods as a DataFrame (a copy is not made: do not modify it)."""
        return self._foods

    @property
    def portions(self) -> pd.DataFrame:
        """The portions as a DataFrame (do not modify it)."""
        return self._portions

    @property
    def aliases(self) -> Mapping[str, str]:
        """The word synonyms search folds (built-in and this table's own)."""
        return self._aliases

    def __len__(self) -> int:
        return len(self._foods)

    def __contains__(self, food_id: object) -> bool:
        return isinstance(food_id, str) and food_id in self._position

    def __iter__(self) -> Iterator[str]:
        """The food ids, in table order (as a mapping's keys: ``table[food_id]`` is the food)."""
        return iter(self._position)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the data only (for Dask workers); caches and locks are made anew."""
        return (FoodTable, (self._foods, self._portions, self._aliases))

    def __dask_tokenize__(self) -> tuple[str, int]:
        """A token for Dask: a table is immutable, so its identity names its content."""
        return ("mgcalc.FoodTable", id(self))

    def __repr__(self) -> str:
        counts = self._foods["source"].value_counts().to_dict()
        parts = ", ".join(f"{source}: {n}" for source, n in counts.items())
        return f"<FoodTable {len(self)} foods ({parts})>"

    @_built_once
    def _position(self) -> dict[str, int]:
        return dict(zip(self._foods["food_id"].tolist(), range(len(self._foods)), strict=True))

    def position(self, food_id: str) -> int:
        """The row of ``food_id`` in :attr:`foods` (-1 if it is not in the table)."""
        return self._position.get(food_id, -1)

    @_built_once
    def _nutrients(self) -> dict[str, npt.NDArray[np.float64]]:
        return {
            column: self._foods[column].to_numpy(dtype=np.float64, na_value=np.nan)
            for column in NUTRIENT_COLUMNS
        }

    @_built_once
    def _nutrient_matrix(self) -> npt.NDArray[np.float64]:
        rows = [self._nutrients[column] for column in NUTRIENT_COLUMNS]
        matrix = np.full((len(rows), len(self._foods) + 1), np.nan)
        matrix[:, :-1] = rows
        return matrix

    def nutrient_matrix(self) -> npt.NDArray[np.float64]:
        """Every nutrient of :data:`NUTRIENT_COLUMNS` per 100 g as one array, a row per
        nutrient and a column per food, plus a last column of NaN (for "no food"), so that
        ``nutrient_matrix()[:, positions]`` looks up many entries at once (position -1:
        unknown)."""
        return self._nutrient_matrix

    def nutrient_array(self, column: str) -> npt.NDArray[np.float64]:
        """One nutrient column per 100 g as a float array, row for row with :attr:`foods`
        (NaN = not reported). ``column`` is one of :data:`NUTRIENT_COLUMNS`."""
        return self._nutrients[column]

    @_built_once
    def descriptions(self) -> list[str]:
        """The food descriptions, row for row with :attr:`foods`."""
        return [str(d) for d in self._foods["description"].tolist()]

    @_built_once
    def _portion_rows(self) -> dict[str, npt.NDArray[np.intp]]:
        """Rows of :attr:`portions` of each food, in the source's order."""
        codes, uniques = pd.factorize(self._portions["food_id"], sort=False)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
        return {str(food_id): order[bounds[i] : bounds[i + 1]] for i, food_id in enumerate(uniques)}

    @_built_once
    def _portion_arrays(self) -> dict[str, npt.NDArray[Any]]:
        """The portion columns as NumPy arrays (converted once, indexed per food)."""
        return {
            column: self._portions[column].to_numpy(dtype=object if column in (
                "measure", "unit", "modifier", "food_id") else None)
            for column in PORTION_COLUMNS
        }  # fmt: skip

    def has_portions(self, food_id: str) -> bool:
        """Whether the food lists any household portion."""
        return food_id in self._portion_rows

    def __getitem__(self, food_id: str) -> Food:
        if not isinstance(food_id, str):
            raise InvalidLogError(
                f"a food id is text such as 'sr28:11458', not {type(food_id).__name__}"
            )
        position = self._position.get(food_id)
        if position is None:
            raise UnknownFoodError(food_id, self._suggest(food_id))
        row = self._foods.iloc[position]
        portions = tuple(
            Portion(
                amount=p.amount, measure=p.measure, unit=p.unit, modifier=p.modifier, grams=p.grams
            )
            for p in self.portions_of(food_id).itertuples()
        )
        return Food(
            food_id=row["food_id"],
            source=row["source"],
            description=row["description"],
            food_group=row["food_group"],
            common_names=row["common_names"],
            portions=portions,
            **{column: float(row[column]) for column in NUTRIENT_COLUMNS},
        )

    def _suggest(self, food_id: str) -> list[str]:
        if ":" in food_id or len(food_id) > 200:
            return []
        return [f"{r.food_id} ({r.description})" for r in self.search(food_id, 3).itertuples()]

    def portions_of(self, food_id: str) -> pd.DataFrame:
        """The portions of one food (an empty frame if it lists none)."""
        rows = self._portion_rows.get(food_id)
        if rows is None:
            return self._portions.iloc[0:0]
        return self._portions.iloc[rows]

    # -- search -------------------------------------------------------------------------
    @_built_once
    def _index(self) -> MatchIndex:
        if self._bundled and self._aliases == BASE_ALIASES:
            from mgcalc._index_store import bundled_index

            shipped = bundled_index(self._aliases)
            if shipped is not None:
                return shipped
        return self.build_index()

    def build_index(self) -> MatchIndex:
        """Build the search index of this table (what :meth:`search` uses), from scratch."""
        rows = self._portion_rows
        has_portions = np.fromiter(
            (food_id in rows for food_id in self._foods["food_id"].tolist()),
            dtype=bool,
            count=len(self._foods),
        )
        return MatchIndex.build(self._foods, has_portions, self._aliases)

    @_built_once
    def _source_masks(self) -> dict[str, npt.NDArray[np.bool_]]:
        sources = self._foods["source"].to_numpy()
        return {str(s): sources == s for s in np.unique(sources)}

    def _rank(self, text: str, limit: int, source: str | None = None) -> list[tuple[int, float]]:
        if not isinstance(text, str):
            raise InvalidLogError(f"a search needs text, not {type(text).__name__}", "text")
        limit = whole_number(limit, "limit", low=0, high=_MAX_CANDIDATES)
        if source is not None and not isinstance(source, str):
            raise UnknownOptionError("source", source, tuple(self._source_masks))
        allowed = None
        if source is not None:
            allowed = self._source_masks.get(source, np.zeros(len(self), dtype=bool))
        return self._index.rank(text, limit, allowed)

    def candidates(
        self, text: str, limit: int = 5, source: str | None = None
    ) -> list[tuple[str, str, float]]:
        """:meth:`search` as plain ``(food_id, description, score)`` tuples, best first.

        The fast path for matching many texts: no DataFrame is built.
        """
        ids = self._index.food_ids
        descriptions = self._index.descriptions
        return [
            (str(ids[i]), str(descriptions[i]), score)
            for i, score in self._rank(text, limit, source)
        ]

    def candidates_by_source(
        self, text: str, limit: int = 5
    ) -> tuple[list[tuple[str, str, float]], dict[str, list[tuple[str, str, float, int]]]]:
        """:meth:`candidates`, and for each source (``"sr28"``, ``"fndds"``) its best foods
        that are the food ``text`` names (:meth:`same_food`), best first, each with how
        certainly it is so (:meth:`mgcalc._matching.MatchIndex.same_level`, 1-3), for
        comparing the two USDA tables."""
        index = self._index
        ranked, best = index.rank_by_source(text, limit)
        ids = index.food_ids
        descriptions = index.descriptions
        rows = [(str(ids[i]), str(descriptions[i]), score) for i, score in ranked]
        same = {
            source: [
                (str(ids[i]), str(descriptions[i]), score, level)
                for i, score in found
                if (level := index.same_level(text, i)) > 0
            ]
            for source, found in best.items()
        }
        return rows, {source: found for source, found in same.items() if found}

    def unknown_words(self, text: str) -> tuple[str, ...]:
        """The words of ``text`` that no food name holds, even after spelling correction
        ("fig newtons" -> newton; see :meth:`mgcalc._matching.MatchIndex.unknown_words`)."""
        return self._index.unknown_words(text)

    def missing_words(self, text: str, food_id: str) -> tuple[str, ...]:
        """The words of ``text``, as written, that the food's names lack ("pork" of "pork
        pie" for "Pie, NFS"; see :meth:`mgcalc._matching.MatchIndex.missing_words`)."""
        return self._index.missing_words(text, self._position[food_id])

    def same_food(self, text: str, food_id: str, strict: bool = False) -> bool:
        """Whether ``food_id`` is the food ``text`` names, not one that only holds its
        words (see :meth:`mgcalc._matching.MatchIndex.same_food`)."""
        return self._index.same_food(text, self._position[food_id], strict)

    def search(self, text: str, limit: int = 5, source: str | None = None) -> pd.DataFrame:
        """The foods that best match ``text``, best first.

        Parameters
        ----------
        text
            What a person would type: ``"almonds"``, ``"black beans cooked"``.
        limit
            How many candidates to return.
        source
            Restrict to one source (``"sr28"``, ``"fndds"``, ``"custom"``).

        Returns
        -------
        pandas.DataFrame
            Columns food_id, description, score (0-100), source, food_group,
            magnesium_mg_per_100g, calcium_mg_per_100g [mg/100 g].

        Examples
        --------
        >>> FoodTable.default().search("banana", limit=1)["description"].tolist()
        ['Bananas, raw']
        """
        ranked = self._rank(text, limit, source)
        positions = [i for i, _ in ranked]
        out = self._foods.iloc[positions][
            ["food_id", "description", "source", "food_group",
             "magnesium_mg_per_100g", "calcium_mg_per_100g"]
        ].reset_index(drop=True)  # fmt: skip
        out.insert(2, "score", [s for _, s in ranked])
        return out

    # -- grams --------------------------------------------------------------------------
    def grams(
        self, food_id: str, amount: Any = None, unit: str | None = None, locale: str = "us"
    ) -> float:
        """Weight of an amount of a food [g].

        Parameters
        ----------
        food_id
            The food (``"sr28:11458"``).
        amount
            ``"1/2 cup"``, ``"⅜ cup"``, ``"1,5 cup"``, ``"3 tbsp"``, ``"2 slices"``,
            ``"1 medium"``, ``"30 g"``, a pint Quantity, or a number with ``unit``. ``None``
            means the food's default portion (FNDDS "Quantity not specified", else its usual
            single item, else its label serving, else the first listed measure). Read by the
            grammar of :func:`mgcalc.parse.read_amount`, the same as a log line's amount.
        unit
            The unit when ``amount`` is a number.
        locale
            Whose measures a volume is in (:data:`mgcalc.parse.LOCALES`): ``"us"`` (the
            default), ``"uk"`` (imperial pint and fluid ounce), ``"au"`` or ``"ca"`` (metric
            cup).

        Returns
        -------
        float
            Grams [g].

        Raises
        ------
        UnknownFoodError
            If ``food_id`` is not in the table.
        PortionError
            If the amount is negative, or the food has no portion that fixes it (a volume
            for a food with no volume portion, a count it does not list); the message lists
            its portions.
        UnitError
            If the unit is not a mass, volume or count (``"1 parsec"``, ``"2 mmol"``), or the
            locale is unknown.
        AmountError
            If the amount is vague, divided by zero (``"1/0 cup"``) or too large to weigh
            (``"1e308 kg"``). (A log line is refused beyond
            :data:`~mgcalc.defaults.MAX_ENTRY_GRAMS`; this conversion is not.)

        Notes
        -----
        Mass units convert directly. Any one volume portion fixes the food's density, so
        "3 tbsp" works where only "1 cup" is listed (1 cup = 236.6 ml, 1 tbsp = 14.79 ml,
        US customary). Counts use the portion of that name, its exact row first ("1 slice"
        is the "slice" row, not "cracker-size slice"). Water's density is never assumed.
        Only the food's own USDA portions are used here: household conventions ("a
        handful", "a glass") are applied by :meth:`portion`, which says when it used one.
        """
        if not isinstance(food_id, str):
            raise UnknownFoodError(repr(food_id))
        if food_id not in self._position:
            raise UnknownFoodError(food_id, self._suggest(food_id))
        if amount is None and unit is None:
            return self._default_grams(food_id)
        parsed = self._read_amount(amount, unit)
        number = 1.0 if parsed.number is None else parsed.number
        if number < 0 or not math.isfinite(number):
            raise PortionError(food_id, parsed.text, self._portion_texts(food_id), "negative")
        key, noun = portion_key(parsed.unit)
        words = (*noun, *parsed.words)
        grams = number * self.grams_per_unit(food_id, key, words, parsed.text, locale=locale)
        if not math.isfinite(grams):  # "1e308 kg": more grams than a float holds
            raise AmountError(parsed.text, "amount too large")
        return grams

    @staticmethod
    def _read_amount(amount: Any, unit: str | None) -> Any:
        """An amount (text, number or pint Quantity) read by the grammar."""
        if _is_quantity(amount):
            from mgcalc.units import dimension_of

            kind = dimension_of(amount)
            if kind not in ("mass", "volume"):
                raise UnitError(str(amount), "a mass, a volume or a count such as '2 slices'")
            number = float(amount.m_as("g" if kind == "mass" else "ml"))
            return read_amount(number, "g" if kind == "mass" else "ml")
        return read_amount(amount, unit)

    def _portion_texts(self, food_id: str) -> list[str]:
        return [f"{p.amount:g} {p.measure} ({p.grams:g} g)" for p in self._records(food_id)]

    def _default_record(self, food_id: str) -> _PortionRecord:
        """The portion used when a log gives no amount.

        In order: FNDDS "Quantity not specified"; the food's usual single item
        (:data:`EACH_PREFERENCE`: medium, whole, each, regular, piece, slice ...); its
        label serving ("NLEA serving"); an item named by the food's own noun that weighs at
        least :data:`_ITEM_MIN_G` (1 breast, 1 tortilla; not 1 almond); for a drink, 1 cup;
        1 oz; the first listed measure.
        """
        portions = self._records(food_id)
        if not portions:
            raise PortionError(food_id, "(no amount)", [], "no amount given and no default portion")
        for unit in ("default", *EACH_PREFERENCE, "serving"):
            rows = [p for p in portions if p.unit == unit]
            if rows:
                return self._typical(rows)
        name = set(normalise_tokens(self.descriptions[self._position[food_id]]))
        named = [p for p in portions if p.unit in name and p.grams / p.amount >= _ITEM_MIN_G]
        if named:
            return self._typical(named)
        if "drink" in self.kinds(food_id):  # a drink with no serving: a cup of it
            cups = [p for p in portions if p.unit == "cup"]
            if cups:
                return self._prefer(cups, "cup", ())
        ounce = [p for p in portions if p.unit == "oz"]
        return ounce[0] if ounce else portions[0]

    def unspecified_quantity(self, food_id: str) -> float | None:
        """The food's FNDDS "Quantity not specified" weight [g], or None if it has none."""
        rows = [p for p in self._records(food_id) if p.unit == "default"]
        return rows[0].grams / rows[0].amount if rows else None

    def _default_grams(self, food_id: str) -> float:
        """The default portion as USDA lists it: "6 inch sub" is one sub (184 g), not an
        inch of it; "1 Quantity not specified" is its weight."""
        return self._default_record(food_id).grams

    def _records(self, food_id: str) -> tuple[_PortionRecord, ...]:
        """The portions of one food as plain records, built on first use (then kept)."""
        records = self._record_cache.get(food_id)
        if records is None:
            rows = self._portion_rows.get(food_id)
            if rows is None:
                records = ()
            else:
                p = self._portion_arrays
                records = tuple(
                    _PortionRecord(
                        seq=int(seq),
                        amount=float(amount),
                        measure=str(measure),
                        unit=str(unit),
                        modifier=frozenset(str(modifier).split()),
                        grams=float(grams),
                        words=frozenset(normalise_tokens(str(measure))),
                        odd=bool(_ODD_MEASURE.search(str(measure))),
                        bare=_bare_measure(str(measure)),
                        within=_count_within(str(measure), str(unit)),
                    )
                    for seq, amount, measure, unit, modifier, grams in zip(
                        p["seq"][rows], p["amount"][rows], p["measure"][rows], p["unit"][rows],
                        p["modifier"][rows], p["grams"][rows],
                        strict=True,
                    )
                )  # fmt: skip
            self._record_cache[food_id] = records
        return records

    def grams_per_unit(
        self,
        food_id: str,
        unit: str,
        words: Sequence[str] = (),
        text: str | None = None,
        locale: str = "us",
    ) -> float:
        """Grams in one ``unit`` of a food [g/unit]: ``("sr28:11458", "cup")`` -> 180.0.

        ``unit`` is a key of the portion table (see :func:`mgcalc.parse.portion_key`);
        ``words`` are the words that went with it (a modifier such as "chopped", or the
        noun of "large biscuit"); ``locale`` says whose cup, pint or fluid ounce a volume is.
        Only the food's own USDA portions are used (see :meth:`portion` for household
        conventions).

        Raises
        ------
        PortionError
            If the food lists no portion that fixes the unit.
        UnitError
            If the unit is no amount of food (``"parsec"``), or the locale is unknown.
        """
        shown = text or unit
        if unit in MASS_UNITS_G:
            return MASS_UNITS_G[unit]
        if unit.lower() in NON_FOOD_UNITS:
            raise UnitError(shown, "a mass (g, oz, lb), a volume (cup, tbsp, ml) or a count")
        wanted = tuple(singular(w.lower()) for w in words)
        portions = self._records(food_id)
        if unit in VOLUME_UNITS_ML:
            return self._volume_grams(food_id, unit, wanted, shown, locale)
        if unit == "default":
            return self._default_grams(food_id)
        row = self._count_record(food_id, unit, wanted, shown, portions)
        return row.grams / row.amount

    def _volume_grams(
        self, food_id: str, unit: str, words: Sequence[str], shown: str, locale: str
    ) -> float:
        """Grams in one volume ``unit`` of ``locale`` [g], from the food's density."""
        volume = [p for p in self._records(food_id) if p.unit in VOLUME_UNITS_ML]
        if not volume:
            raise PortionError(
                food_id, shown, self._portion_texts(food_id), "it has no volume portion"
            )
        best = self._prefer(volume, unit, words)
        millilitres = volume_ml(unit, locale)
        if best.unit == unit and millilitres == VOLUME_UNITS_ML[unit]:
            return best.grams / best.amount  # the food's own measure: no round trip
        # USDA measures are US customary: the density comes from the US volume of the row
        density = best.grams / (best.amount * VOLUME_UNITS_ML[best.unit])
        return density * millilitres

    def portion(
        self, food_id: str, unit: str, words: Sequence[str] = (), locale: str = "us"
    ) -> PortionChoice:
        """How much one ``unit`` of a food weighs, and where that weight comes from.

        The food's own USDA portion is used when it has one (for a count, its exact row
        first); a household measure the food does not list ("handful", "bowl", "glass",
        "can", "bottle", "packet", "square", "mug", "grande" ...) is taken from the
        household-measure table (:func:`household_measures`) for the food's kind
        (:meth:`kinds`) and ``locale``, and the choice says it was assumed. In a locale
        other than ``"us"``, that locale's own container sizes come before the USDA ones
        (a UK can of soft drink is 330 ml; USDA's "can" is the US 12 fl oz can).

        Parameters
        ----------
        food_id
            The food.
        unit, words
            The portion key and its words, as for :meth:`grams_per_unit`.
        locale
            One of :data:`mgcalc.parse.LOCALES`.

        Returns
        -------
        PortionChoice
            Grams in one unit [g], what was used, and whether it was an assumption.

        Raises
        ------
        PortionError
            If neither the food nor the household table fixes the unit.
        UnitError
            If the unit is no amount of food, or the locale is unknown.

        Examples
        --------
        >>> table = FoodTable.default()
        >>> handful = table.portion("sr28:12061", "handful")
        >>> handful.grams, handful.assumed
        (28.349523125, True)
        >>> table.portion("fndds:14104100", "slice").grams
        21.0
        """
        wanted = tuple(singular(w.lower()) for w in words)
        shown = " ".join((unit, *words))
        if unit in MASS_UNITS_G or unit in VOLUME_UNITS_ML or unit.lower() in NON_FOOD_UNITS:
            grams = self.grams_per_unit(food_id, unit, words, shown, locale)
            return PortionChoice(grams, shown, False, "")
        if unit == "default":
            row = self._default_record(food_id)
            return PortionChoice(row.grams, _usda_measure(food_id, row), False, "")
        conventions = self._household(food_id, unit, wanted, locale)
        if locale != "us":
            for measure in conventions:
                if measure.locale == locale:
                    found = self.household_portion(food_id, measure, locale)
                    if found is not None:
                        return found
        portions = self._records(food_id)
        try:
            row = self._count_record(food_id, unit, wanted, shown, portions)
        except PortionError:
            for measure in conventions:
                found = self.household_portion(food_id, measure, locale)
                if found is not None:
                    return found
            serving = self._sized_serving(food_id, unit, wanted, portions)
            if serving is not None:
                return serving
            raise
        return PortionChoice(row.grams / row.amount, _usda_measure(food_id, row), False, "")

    def _household(
        self, food_id: str, unit: str, words: Sequence[str], locale: str
    ) -> list[HouseholdMeasure]:
        """The household measures that may give one ``unit`` of this food, best first."""
        names = [" ".join((unit, *words)), unit] if words else [unit]
        names += [w for w in words if w not in names]  # "small bag" -> "bag"
        kinds = self.kinds(food_id)
        found = []
        for name in dict.fromkeys(names):
            for measure in household_measures():
                if measure.measure != name or measure.locale not in (locale, "any"):
                    continue
                if measure.foods == "any" or measure.foods in kinds:
                    found.append(measure)
        return found

    def household_portion(
        self, food_id: str, measure: HouseholdMeasure, locale: str
    ) -> PortionChoice | None:
        """One household ``measure`` of the food in grams, or None if the food cannot take
        it (a volume for a food with no volume portion)."""
        try:
            if measure.unit == "default":
                grams = self._default_grams(food_id)
            elif measure.unit in MASS_UNITS_G:
                grams = MASS_UNITS_G[measure.unit]
            else:
                grams = self._volume_grams(food_id, measure.unit, (), measure.measure, locale)
        except PortionError:
            return None
        return PortionChoice(measure.amount * grams, measure.describe(), True, measure.source)

    def guidelines(self, food_id: str) -> tuple[tuple[str, float], ...]:
        """The FNDDS "Guideline amount ..." portions of a food: (measure, grams in one) [g].

        FNDDS gives them for foods added to others: butter "per slice of bread/roll", milk
        "per fl oz of beverage" or "per cup of hot cereal", greens "in salad".

        >>> FoodTable.default().guidelines("fndds:81101000")[:1]
        (('Guideline amount per slice of bread/roll', 7.0),)
        """
        return tuple(
            (p.measure, p.grams / p.amount) for p in self._records(food_id) if p.unit == "guideline"
        )

    def portion_units(self, food_id: str) -> frozenset[str]:
        """The units of a food's household portions ("Cookie, chocolate sandwich" ->
        miniature, oreo, sandwich, large, default)."""
        return frozenset(record.unit for record in self._records(food_id))

    def brand_words(self, food_id: str) -> frozenset[str]:
        """The brand words in a food's name, lower-case ("TACO BELL, Original Taco" ->
        taco, bell); empty for a generic food or an unknown id."""
        position = self._position.get(food_id)
        return frozenset() if position is None else frozenset(self._index.brands[position])

    def food_group(self, food_id: str) -> str:
        """The food's SR28 food group or FNDDS WWEIA category ("" if unknown)."""
        position = self._position.get(food_id)
        return "" if position is None else self._groups[position]

    @_built_once
    def _groups(self) -> list[str]:
        return [str(g) for g in self._foods["food_group"].fillna("").tolist()]

    def coverage(self, text: str, food_id: str) -> tuple[float, float, frozenset[str]]:
        """How well a food's name covers ``text`` and the other way round (see
        :meth:`mgcalc._matching.MatchIndex.coverage`): (share of the text found in the
        name, share of the name's own words the text names, negated words of the name the
        text does not have)."""
        return self._index.coverage(text, self._position[food_id])

    def head_words(self, food_id: str) -> frozenset[str]:
        """The words of the head of a food's name, without its category ("Cookies,
        brownies" -> brownie)."""
        return self._index.heads[self._position[food_id]]

    def names_with_number(self, text: str) -> bool:
        """Whether ``text`` starts with a number that belongs to a brand name USDA uses
        ("3 Musketeers bar"), rather than an amount."""
        return self._index.names_with_number(text)

    @staticmethod
    def _prefer(rows: Sequence[_PortionRecord], unit: str, words: Sequence[str]) -> _PortionRecord:
        """The volume portion that best fixes the density for ``unit`` and ``words``.

        A portion whose modifier matches the words wins ("cup, chopped"), then one in the
        same unit, then a row with no cut ("cup" before "cup, diced"; raisins' "cup (not
        packed)" before "cup, packed") when no cut is named, then USDA's own order (the
        first listed measure is the usual one: "cup, whole" of almonds). Words of the
        food's name that are no cut change nothing, so an amount weighs the same on its own
        and in a log line.
        Measures of the food in its shell or of a cooking yield are used last.
        """
        wanted = set(words)
        cut_named = any(wanted & p.modifier for p in rows)  # a food's own words are no cut
        return min(
            rows,
            key=lambda p: (
                -len(wanted & p.modifier), p.odd, p.unit != unit,
                not cut_named and bool(p.modifier), p.seq,
            ),
        )  # fmt: skip

    def _count_record(
        self,
        food_id: str,
        unit: str,
        words: Sequence[str],
        shown: str,
        portions: Sequence[_PortionRecord],
    ) -> _PortionRecord:
        """The portion of one counted item: "medium", "slice", "large biscuit", or "each".

        For a measure noun, tried in order, first for the noun itself and then for its
        synonyms (:data:`COUNT_SYNONYMS`): the row that is exactly that measure ("slice",
        "slices", "slice (1 oz)"), a row of that unit ("slice, regular"), a row that names
        it among other words ("cracker-size slice", "medium slice"); among several, the
        regular one (:meth:`_typical`). A measure of volume or weight ("cup slices") is
        never a count. For a size the food does not list, a row that names the size ("drink,
        large (32 fl oz)"), the food's plain count, or the largest/smallest of that noun;
        for "each", the usual count portions (:data:`EACH_PREFERENCE`), then a portion named
        by a word of the food's own name ("1 avocado"), then any counted portion.
        """
        if not portions:
            raise PortionError(food_id, shown, [], "it lists no household portions")
        counts = [p for p in portions if p.unit not in _NOT_A_COUNT]
        noun = set(words)
        candidates: list[_PortionRecord]
        if unit in SIZE_WORDS:
            candidates = [p for p in counts if p.unit == unit]
            if not candidates:
                spoken = unit.replace("_", " ")
                candidates = [p for p in counts if spoken in p.bare.split(" , ")[-1]
                              or unit in p.words]  # fmt: skip
            if noun:  # "large biscuit": the size and the noun both
                with_noun = [p for p in candidates if noun <= p.words]
                by_noun = [p for p in counts if noun <= p.words]
                if not with_noun and len(by_noun) > 1:
                    # No portion of that size: the largest (or smallest) of that noun.
                    by_weight = sorted(by_noun, key=lambda p: p.grams / p.amount)
                    pick = {"small": 0, "extra_small": 0, "medium": len(by_weight) // 2}
                    return by_weight[pick.get(unit, len(by_weight) - 1)]
                candidates = with_noun or by_noun
            sized = any(p.unit in SIZE_WORDS for p in counts)
            if not candidates and (unit == "medium" or not sized):
                # a food that lists no sizes has one usual item ("1 egg", 50 g), unless that
                # item is a piece of what is eaten ("large fries" is no large single fry)
                usual = self._each(food_id, counts)
                if usual and self._piece_of_serving(food_id, self._typical(usual)):
                    usual = []
                candidates = usual
        elif unit == "each":
            candidates = self._each(food_id, counts)
        else:
            for names in ((unit,), COUNT_SYNONYMS.get(unit, ())):
                ranked: list[tuple[bool, int, _PortionRecord]] = []
                for tier, rows in enumerate((
                    [p for p in counts if p.bare in names],
                    [p for p in counts if p.unit in names],
                    [p for p in counts if set(names) & p.words],
                    # "oz, 2 links": 2 links weigh the ounce's grams
                    [
                        replace(p, amount=p.within[0], unit=p.within[1], bare=p.within[1])
                        for p in portions
                        if p.within[1] in names
                    ],
                )):  # fmt: skip
                    if noun and len(rows) > 1:
                        rows = [p for p in rows if noun <= p.words] or rows
                    ranked += [(_atypical(p), tier, p) for p in rows]
                if ranked:
                    # a regular row of a later tier ("medium or regular slice") comes before
                    # an unusual one of an earlier tier ("slice, crust not eaten")
                    ranked.sort(key=lambda t: (t[0], t[1], _typical_key(t[2])))
                    return ranked[0][2]
            candidates = []
        if not candidates:
            raise PortionError(
                food_id, shown, self._portion_texts(food_id), f"it lists no '{unit}' portion"
            )
        return self._typical(candidates)

    def _sized_serving(
        self, food_id: str, unit: str, words: Sequence[str], portions: Sequence[_PortionRecord]
    ) -> PortionChoice | None:
        """For a size the food does not list, when its usual item is a piece of what is eaten
        ("large fries": one fry, 5 g), USDA's usual serving of it, as an assumption."""
        if unit not in SIZE_WORDS or words:
            return None
        counts = [p for p in portions if p.unit not in _NOT_A_COUNT]
        usual = self._each(food_id, counts) if counts else []
        if not usual or not self._piece_of_serving(food_id, self._typical(usual)):
            return None
        row = self._default_record(food_id)
        measure = f"no '{unit}' portion listed: {_usda_measure(food_id, row)}, the usual serving"
        return PortionChoice(row.grams / row.amount, measure, True, "")

    def _piece_of_serving(self, food_id: str, item: _PortionRecord) -> bool:
        """Whether a counted item is a piece of what is eaten: it weighs less than
        1/:data:`PIECE_RATIO` of the food's "Quantity not specified" serving."""
        serving = self.unspecified_quantity(food_id)
        return serving is not None and PIECE_RATIO * item.grams / item.amount < serving

    @staticmethod
    def _typical(candidates: Sequence[_PortionRecord]) -> _PortionRecord:
        """Among several portions of one name, the regular one: "1 regular slice" before
        "1 small or thin slice", "bar" before "bar fun size"; then USDA's order."""
        return min(candidates, key=_typical_key)

    def _each(self, food_id: str, portions: Sequence[_PortionRecord]) -> list[_PortionRecord]:
        """The portions that mean "one" of a food, best first (may be empty)."""
        description = self.descriptions[self._position[food_id]]
        name = normalise_tokens(description)
        if not CONTAINER_WORDS & set(name):  # a bag of chips is no chip; a can of soda is one
            # (a container that names the food's own noun, "package 0.6 oz 1 cup" of
            # peanut butter cups, stays)
            own = set(name)
            items = [p for p in portions if not p.words & CONTAINER_WORDS or p.words & own]
            # a drink counted is its can or bottle ("a coke"); a food is not its package
            # ("1 hash brown" is no 340 g "package (12 oz)")
            portions = items or (portions if "drink" in self.kinds(food_id) else [])
        preferences: list[str] = [DEFAULT_SIZE[name[0]]] if name and name[0] in DEFAULT_SIZE else []
        for preferred in (*preferences, *EACH_PREFERENCE[:_WHOLE_ITEMS]):
            candidates = [p for p in portions if p.unit == preferred]
            if candidates:
                # one of the food is the whole item: "medium melon", not "medium wedge/slice"
                return [p for p in candidates if not p.words & PIECE_WORDS] or candidates
        named = [
            p for p in portions if p.unit in set(name) and not p.words & PIECE_WORDS
        ]  # fmt: skip
        if named:  # "1 naan" is the "Naan (10" dia)" row, not a "piece (1/4 of ...)"
            return named
        for preferred in EACH_PREFERENCE[_WHOLE_ITEMS:]:
            candidates = [p for p in portions if p.unit == preferred]
            if candidates:
                return candidates
        regular = [p for p in portions if p.words & TYPICAL_WORDS and p.unit not in _NOT_A_COUNT]
        if regular:  # "small/regular" of a taco
            return regular
        for preferred in ("large", "small", "extra_large", "extra_small"):
            candidates = [p for p in portions if p.unit == preferred]
            if candidates:
                return candidates
        # a "serving" (SR28's NLEA serving: 2 crackers, 3 cookies) is no single item
        return [p for p in portions if p.unit not in _NOT_A_COUNT and p.unit != "serving"]

    # -- kinds of food ------------------------------------------------------------------
    def kinds(self, food_id: str) -> frozenset[str]:
        """The kinds of a food (:data:`FOOD_KINDS`) that household measures are given for:
        ``"nuts_seeds"``, ``"drink"``, ``"wine"``, ``"snacks"`` ...

        >>> sorted(FoodTable.default().kinds("sr28:14106"))
        ['drink', 'wine']
        """
        found = self._kind_cache.get(food_id)
        if found is None:
            position = self._position.get(food_id)
            if position is None:
                raise UnknownFoodError(food_id, self._suggest(food_id))
            found = food_kinds(self.descriptions[position], self._groups[position])
            self._kind_cache[food_id] = found
        return found

    # -- serialisation ------------------------------------------------------------------
    def to_csv(self, foods_path: Any, portions_path: Any) -> None:
        """Write the table as two CSV files in the bundled format (blank = not reported).

        Text that a spreadsheet would run as a formula gets a leading ``'``, which
        :meth:`read_csv` removes (:func:`mgcalc._files.csv_text`).
        """
        for target, frame in ((foods_path, self._foods), (portions_path, self._portions)):
            text = csv_text(frame, reversible=True)
            if hasattr(target, "write"):  # an open text stream
                target.write(text)
            else:
                write_text(target, text)

    @classmethod
    def read_csv(cls, foods_path: Any, portions_path: Any) -> FoodTable:
        """Read a table written by :meth:`to_csv` (or files in the bundled format).

        Raises
        ------
        InvalidLogError
            If a file cannot be read, or its cells are not what the format holds.
        """
        frames = []
        for reader, source in ((_read_csv_foods, foods_path), (_read_csv_portions, portions_path)):
            name = getattr(source, "name", source)
            try:
                frames.append(reader(source))
            except pd.errors.EmptyDataError as exc:
                raise InvalidLogError(f"cannot read {name}: the file is empty") from exc
            except (OSError, pd.errors.ParserError, UnicodeError, ValueError, TypeError) as exc:
                raise InvalidLogError(f"cannot read {name}: {str(exc)[:200]}") from exc
        return cls(frames[0], frames[1])
