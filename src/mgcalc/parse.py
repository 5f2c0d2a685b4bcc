"""Free text to amount, unit and food text: ``"1 1/2 cups cooked brown rice"``.

This module only *reads* what people type; it knows nothing of foods. It splits a
log line into a number (the amount), a normalised unit name and the rest (the food
text, which :mod:`mgcalc.foods` then matches against the food table). Grams are
worked out later from the food's own portions, so ``"2 large eggs"`` parses to
``amount=2, unit="large", food_text="eggs"`` and the table says what a large egg
weighs.

What is understood
------------------
Amounts
    ``1``, ``1.5``, ``.5``, ``1,5`` (decimal comma), ``1,000`` (thousands), ``1/2``,
    ``½``, ``1 ½``, ``1½``, ``1 1/2``; the words ``one`` ... ``twelve``, ``a``/``an``
    (1), ``half``/``a half``/``half a``/``half of a`` (0.5), ``a quarter`` (0.25),
    ``a third`` (1/3), ``X and a half``, ``a couple (of)`` (2, flagged approximate),
    ``dozen`` as a multiplier (``a dozen`` = 12, ``2 dozen`` = 24, ``half a dozen``
    = 6); scientific notation as programs write it (``1.5e-05``). Ranges ``1-2``,
    ``1–2``, ``1 to 2``, ``1 or 2`` give their midpoint with the flag
    ``"range_midpoint"``. A leading ``about``, ``approx.``, ``around``, ``roughly``,
    ``circa`` or ``~`` sets the flag ``"approximate"``.
Units
    See :data:`UNIT_SPELLINGS`: mass (``g``, ``kg``, ``mg``, ``oz``, ``lb``), volume
    (``cup``, ``tbsp``, ``tsp``, ``fl_oz``, ``ml``, ``l``, ``quart``, ``pint``) and
    counts (size words and measure nouns). By kitchen convention a capital ``T`` is
    a tablespoon and a lower-case ``t`` a teaspoon; every other spelling ignores case.
Order
    The amount may come first (``"30g almonds"``, ``"1 cup of milk"``) or last
    (``"almonds 30 g"``, ``"almonds, 30 g"``, ``"almonds (30 g)"``, ``"eggs x2"``;
    flag ``"amount_after_food"``). An amount at the end needs a unit, or an ``x``
    before it, so that ``"milk 2%"`` or a brand's number is not read as an amount.

Rules worth knowing
-------------------
- A bare count with no measure word (``"2 eggs"``, ``"a banana"``) has the unit
  ``"each"``: one of the food, whatever the food table calls one.
- A size word followed by a known measure noun and then the food makes a compound
  unit (``"2 large biscuits shredded wheat"`` -> ``"large biscuit"``,
  ``"shredded wheat"``). A size word followed by anything else is the unit on its
  own and the words after it are the food (``"2 large eggs"`` -> ``"large"``,
  ``"eggs"``; ``"1 large banana, ripe"`` -> ``"large"``, ``"banana, ripe"``).
  A measure noun that is the last word is the food, not a unit: ``"2 cookies"`` is
  2 ``"each"`` of ``"cookies"``; but one that is never a food on its own
  (:data:`TRAILING_MEASURES`) is the unit too: ``"2 sausage links"`` is 2 ``"link"`` of
  ``"sausage links"``.
- A measure word with no number before it and ``of`` after it means one of it:
  ``"cup of coffee"`` -> 1 cup, flag ``"implied_amount"``. So does a size word, or a
  coffee-shop cup size, with no number: ``"large apple"`` -> 1 ``"large"``,
  ``"grande latte"`` -> 1 ``"grande"`` (flag ``"implied_amount"``).
- Household measures and containers (``bowl``, ``mug``, ``glass``, ``can``, ``tin``,
  ``bottle``, ``packet``, ``bag``, ``handful``, ``square``, ``scoop``, ``pot``, ``shot``,
  ``portion``, the cup sizes ``tall``, ``grande``, ``venti``, ``trenta`` ...) are count units:
  ``"a bowl of porridge"`` -> 1 ``"bowl"``. Their weight comes from the food's own USDA
  portion of that name or, failing that, from the household-measure table
  (``data/household_measures.csv``), which the resolver flags ``assumed_portion``.
- Text in parentheses stays in the food text (``"1 cup milk (2%)"`` -> food
  ``"milk (2%)"``), because it usually identifies the food. The one exception is a
  second amount in parentheses at the end of a line that already has one
  (``"1 oz almonds (28 g)"``): it is dropped and flagged ``"ignored_amount"``.
- A unit that is no amount of food (``"3 volts spinach"``, ``"2 mmol magnesium"``; see
  :data:`NON_FOOD_UNITS`) is an error, never read as 3 of "volts spinach". An amount
  too large to be a number (``"1e999 g"``) is an error too.
- No amount at all (``"spinach"``): ``amount=None``, flag ``"no_amount"``; the
  caller uses the food's default portion.
- Zero is a valid amount (``"0 g almonds"`` logs that none was eaten; it is a known
  zero, not an unknown), flagged ``"zero_amount"``. A negative amount, a vague one
  (``"lots of"``, ``"some"``, ``"a few"``) or a division by zero is an error: the
  line is returned with :attr:`ParsedLine.error` set, never dropped.

Parsing is plain precompiled regular expressions and dictionary look-ups (no pint
per line): 15-30 µs a line, and :func:`parse_lines` parses each distinct text once.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final, Literal, NamedTuple

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mgcalc._schemas import StorableText, storable
from mgcalc.errors import AmountError, InvalidLogError, UnitError

__all__ = [
    "CUP_SIZES",
    "CUT_MEASURES",
    "FLAGS",
    "LOCALES",
    "LOCALE_VOLUMES_ML",
    "MASS_UNITS_G",
    "MAX_LINE_LENGTH",
    "NON_FOOD_UNITS",
    "QUANTITY_UNITS",
    "SIZE_WORDS",
    "TRAILING_MEASURES",
    "UNIT_SPELLINGS",
    "VOLUME_UNITS_ML",
    "Amount",
    "ParsedLine",
    "QuantityMatch",
    "find_quantities",
    "parse_line",
    "parse_lines",
    "portion_key",
    "read_amount",
    "read_quantity",
    "trailing_cut",
    "unit_kind",
    "volume_ml",
    "without_container",
    "without_trailing_measure",
]

FLAGS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "no_amount": "no amount was given; use the food's default portion",
        "range_midpoint": "a range such as '1-2' was given; its midpoint is used",
        "approximate": "the amount was marked approximate ('about', '~', 'a couple')",
        "amount_after_food": "the amount came after the food ('almonds 30 g')",
        "implied_amount": "a measure with no number ('cup of coffee') was read as 1",
        "zero_amount": "the amount is zero",
        "ignored_amount": "a second amount in parentheses at the end was ignored",
        "measure_after_food": "the measure came after the food ('2 sausage links')",
    }
)
"""Every flag :func:`parse_line` can set, with what it means."""

# ---------------------------------------------------------------------------
# Unit vocabulary: spelling (lower case, without spaces or dots) -> canonical name.

_MASS: Final = {
    "g": ("g", "gs", "gm", "gms", "gr", "grs", "gram", "grams", "gramme", "grammes"),
    "kg": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes"),
    "mg": ("mg", "mgs", "milligram", "milligrams", "milligramme", "milligrammes"),
    "oz": ("oz", "ozs", "ounce", "ounces"),
    "lb": ("lb", "lbs", "pound", "pounds"),
}
_VOLUME: Final = {
    "cup": ("c", "cup", "cups"),
    "tbsp": ("tbsp", "tbsps", "tbs", "tbl", "tbls", "tblsp", "tablespoon", "tablespoons"),
    "tsp": ("tsp", "tsps", "teaspoon", "teaspoons"),
    "fl_oz": (
        "fl oz", "floz", "fl_oz", "fl ozs", "fluid oz", "fluid ounce", "fluid ounces",
        "fl ounce", "fl ounces",
    ),
    "ml": ("ml", "mls", "milliliter", "milliliters", "millilitre", "millilitres", "cc"),
    "l": ("l", "liter", "liters", "litre", "litres", "ltr", "ltrs"),
    "quart": ("qt", "qts", "quart", "quarts"),
    "pint": ("pt", "pts", "pint", "pints"),
}  # fmt: skip
_COUNT_NOUNS: Final = {
    "slice": ("slice", "slices", "slc"),
    "piece": ("piece", "pieces", "pc", "pcs", "peice", "peices"),
    "biscuit": ("biscuit", "biscuits"),
    "stalk": ("stalk", "stalks"),
    "clove": ("clove", "cloves"),
    "leaf": ("leaf", "leaves"),
    "cookie": ("cookie", "cookies"),
    "cracker": ("cracker", "crackers"),
    "link": ("link", "links"),
    "patty": ("patty", "patties"),
    "fillet": ("fillet", "fillets", "filet", "filets"),
    "strip": ("strip", "strips"),
    "wedge": ("wedge", "wedges"),
    "scoop": ("scoop", "scoops"),
    "bar": ("bar", "bars"),
    "can": ("can", "cans", "tin", "tins"),
    "bottle": ("bottle", "bottles"),
    "container": ("container", "containers"),
    "packet": ("packet", "packets"),
    "package": ("package", "packages", "pkg", "pkgs"),
    "serving": ("serving", "servings"),
    "stick": ("stick", "sticks"),
    "spear": ("spear", "spears"),
    "head": ("head", "heads"),
    "pat": ("pat", "pats"),
    "jar": ("jar", "jars"),
    "tub": ("tub", "tubs"),
    "pouch": ("pouch", "pouches"),
    "handful": ("handful", "handfuls"),
    "bunch": ("bunch", "bunches"),
    "sprig": ("sprig", "sprigs"),
    "pinch": ("pinch", "pinches"),
    "dash": ("dash", "dashes"),
    "splash": ("splash", "splashes"),
    "drizzle": ("drizzle", "drizzles"),
    "dollop": ("dollop", "dollops"),
    "knob": ("knob", "knobs"),
    "each": ("each", "ea"),
    # Household measures and containers: no fixed size of their own. The food's own USDA
    # portion of that name is used when it lists one; otherwise the convention of
    # data/household_measures.csv for the food's kind, flagged ``assumed_portion``.
    "bowl": ("bowl", "bowls", "bowlful", "bowlfuls"),
    "mug": ("mug", "mugs", "mugful"),
    "glass": ("glass", "glasses"),
    "bag": ("bag", "bags"),
    "pack": ("pack", "packs"),
    "box": ("box", "boxes"),
    "carton": ("carton", "cartons"),
    "pot": ("pot", "pots"),
    "square": ("square", "squares"),
    "shot": ("shot", "shots"),
    "block": ("block", "blocks"),
    "cube": ("cube", "cubes"),
    "ear": ("ear", "ears"),
    "rasher": ("rasher", "rashers"),
    "portion": ("portion", "portions", "helping", "helpings", "plate", "plates", "plateful"),
    # Coffee-shop cup sizes (Starbucks names, also used by other chains)
    "tall": ("tall", "talls"),
    "grande": ("grande", "grandes"),
    "venti": ("venti", "ventis"),
    "trenta": ("trenta", "trentas"),
}

CUP_SIZES: Final = frozenset({"tall", "grande", "venti", "trenta"})
"""Coffee-shop cup sizes: count nouns that also stand before a drink without a number
(``"grande latte"`` is 1 grande)."""

_IMPLIED_SIZES: Final = CUP_SIZES
"""Cup sizes read as 1 of them when no number is written (``"tall cappuccino"``). A cup size
before another measure only describes it (``"a tall glass of water"`` is 1 glass). The
chain's smallest size, "short", is not read: it is an ordinary word (``"short ribs"``)."""
_SIZES: Final = {
    "fun size": ("fun size", "fun-size", "fun sized", "fun-sized"),
    "king size": ("king size", "king-size", "king sized", "king-sized"),
    "snack size": ("snack size", "snack-size", "snack sized"),
    "extra large": ("extra large", "extra-large", "xl", "x-large", "xlarge"),
    "jumbo": ("jumbo",),
    "large": ("large", "lg", "lrg"),
    "medium": ("medium", "med"),
    "small": ("small", "sm", "sml"),
}


def _squeeze(spelling: str) -> str:
    """The look-up key of a spelling: lower case, without spaces, dots, dashes or underscores."""
    return re.sub(r"[\s._\-]", "", spelling.lower())


def _table(groups: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {
        _squeeze(spelling): name for name, spellings in groups.items() for spelling in spellings
    }


_MEASURE_KEYS: Final = {**_table(_MASS), **_table(_VOLUME)}
_COUNT_KEYS: Final = _table(_COUNT_NOUNS)
_SIZE_KEYS: Final = _table(_SIZES)

UNIT_SPELLINGS: Final[Mapping[str, str]] = MappingProxyType(
    {spelling: name for groups in (_MASS, _VOLUME, _COUNT_NOUNS, _SIZES)
     for name, spellings in groups.items() for spelling in spellings}
)  # fmt: skip
"""Every unit spelling understood (lower case; spaces and dots are optional) -> unit name.

Besides these, ``T``/``T.``/``Tb`` mean ``"tbsp"`` and ``t``/``t.`` mean ``"tsp"``
(case-sensitive), and a size word followed by a count noun makes a compound unit
(``"large biscuit"``).
"""

SIZE_WORDS: Final = frozenset(_SIZES)
"""The size words a count unit may start with: small, medium, large, extra large, jumbo."""

_UNIT_KINDS: Final = {
    **{name: "mass" for name in _MASS},
    **{name: "volume" for name in _VOLUME},
}


def unit_kind(unit: str) -> Literal["mass", "volume", "count"]:
    """Say whether a unit name from :func:`parse_line` is a mass, a volume or a count.

    Parameters
    ----------
    unit
        A unit name as :func:`parse_line` returns it (``"g"``, ``"cup"``, ``"large"``).

    Returns
    -------
    str
        ``"mass"`` (g, kg, mg, oz, lb), ``"volume"`` (cup, tbsp, tsp, fl_oz, ml, l,
        quart, pint) or ``"count"`` (everything else: ``"each"``, size words, measure
        nouns).

    Examples
    --------
    >>> unit_kind("oz"), unit_kind("fl_oz"), unit_kind("large biscuit")
    ('mass', 'volume', 'count')
    """
    kind = _UNIT_KINDS.get(unit)
    if kind == "mass":
        return "mass"
    if kind == "volume":
        return "volume"
    return "count"


# ---------------------------------------------------------------------------
# Regular expressions (compiled once).

_FRACTION_CHARS: Final = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"
_FRACTION_VALUE: Final[dict[str, float]] = {
    char: unicodedata.numeric(char) for char in _FRACTION_CHARS
}
_WORD_NUMBERS: Final = {
    "zero": 0.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0,
    "six": 6.0, "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "eleven": 11.0,
    "twelve": 12.0,
}  # fmt: skip
_PARTS: Final = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}


def _alternation(spellings: Iterable[str]) -> str:
    """A regex alternation of spellings, longest first, with optional dots and spaces."""
    patterns = []
    for spelling in sorted(set(spellings), key=len, reverse=True):
        parts = [re.escape(part) for part in re.split(r"[\s_\-]+", spelling)]
        patterns.append(r"[\s._\-]*".join(parts))
    return "|".join(patterns)


_F = f"[{_FRACTION_CHARS}]"
_NUMERIC = (
    r"\d+\s+\d+\s*/\s*\d+"  # mixed number 1 1/2
    r"|\d+\s*/\s*\d+"  # fraction 1/2
    rf"|\d+\s*{_F}|{_F}"  # 1½, 1 ½, ½
    r"|\d{1,3}(?:,\d{3})+(?![\d.,])"  # thousands 1,000
    r"|\d+(?:\.\d+)?[eE][+-]?\d{1,3}(?![\d.,])"  # 1.5e-05, 1e308: what programs write
    r"|\d+(?:[.,]\d+)?|\.\d+"  # 1, 1.5, 1,5, .5
)
_WORD_NUMBER = "|".join(_WORD_NUMBERS)
_ATOM = rf"(?:{_NUMERIC}|(?:{_WORD_NUMBER})\b)"

_RE_APPROX: Final = re.compile(
    r"(?:about|approx(?:\.|imately)?|around|roughly|circa|ca\.|~|≈)\s*", re.IGNORECASE
)
_RE_NEGATIVE: Final = re.compile(rf"[-−](?:{_NUMERIC})", re.IGNORECASE)
_RE_VAGUE: Final = re.compile(
    r"(?:lots\s+of|a\s+lot\s+of|lot\s+of|plenty\s+of|loads\s+of|tons\s+of|a\s+ton\s+of"
    r"|a\s+little\s+bit\s+of|a\s+little\s+bit|a\s+little|a\s+bit\s+of|a\s+bit"
    r"|a\s+few|few|some|several|many|much|a\s+good\s+amount\s+of|a\s+small\s+amount\s+of)"
    r"(?![a-z])",
    re.IGNORECASE,
)
_RE_RANGE: Final = re.compile(
    rf"(?P<low>{_ATOM})\s*(?:-|–|—|\bto\b|\bor\b)\s*(?P<high>{_ATOM})", re.IGNORECASE
)
_RE_ATOM: Final = re.compile(_ATOM, re.IGNORECASE)
_RE_PART: Final = re.compile(
    r"(?:(?:a|an|one)\s+)?(?P<part>half|quarter|third)(?:\s+(?:of\s+)?(?:a|an)\b)?(?![a-z])",
    re.IGNORECASE,
)
_RE_COUPLE: Final = re.compile(r"a\s+couple(?:\s+of)?(?![a-z])", re.IGNORECASE)
_RE_ARTICLE: Final = re.compile(r"(?:a|an)(?![a-z0-9])", re.IGNORECASE)
_RE_ARTICLE_AMOUNT: Final = re.compile(r"(?:a|an)\s+(?=\d)", re.IGNORECASE)
_RE_AND_HALF: Final = re.compile(r"\s+and\s+(?:a\s+)?half(?![a-z])", re.IGNORECASE)
_RE_DOZEN: Final = re.compile(r"\s*dozen(?![a-z])", re.IGNORECASE)
_RE_UNIT: Final = re.compile(
    r"\s*(?P<unit>"
    rf"(?:{_alternation(s for g in (_MASS, _VOLUME) for v in g.values() for s in v)})"
    r"|(?-i:T|Tb|t))\.?(?![a-z0-9\-])",
    re.IGNORECASE,
)
_RE_SIZE: Final = re.compile(
    rf"\s*(?P<size>{_alternation(s for v in _SIZES.values() for s in v)})\.?"
    r"(?:[\s\-]*sized?)?(?![a-z0-9])",
    re.IGNORECASE,
)
_RE_COUNT: Final = re.compile(
    rf"\s*(?P<noun>{_alternation(s for v in _COUNT_NOUNS.values() for s in v)})\.?(?![a-z0-9])",
    re.IGNORECASE,
)
TRAILING_MEASURES: Final = frozenset(
    {"link", "slice", "piece", "strip", "rasher", "fillet", "wedge", "spear", "stalk", "clove",
     "sprig", "scoop", "cube", "square", "patty"}
)  # fmt: skip
"""Measure nouns that are never a food on their own: written after the food with a bare
count ("2 sausage links", "3 bacon strips", "2 pizza slices") they are the unit."""

_RE_TRAILING_MEASURE: Final = re.compile(
    r"(?<=[^\W\d_])\s+(?P<noun>"
    + _alternation(s for n in TRAILING_MEASURES for s in _COUNT_NOUNS[n])
    + r")\.?$",
    re.IGNORECASE,
)
_RE_OF: Final = re.compile(r"\s+of(?![a-z])", re.IGNORECASE)
_RE_HALF_AND_HALF: Final = re.compile(r"half[\s-]*(?:and|&|n)[\s-]*half\b", re.IGNORECASE)


def without_container(food_text: str) -> str:
    """A food text without the container it begins with ("bottle of water" -> "water"):
    after a weight or a volume ("500ml bottle of water", "250 ml carton of apple juice") the
    amount is of the food, and the container only says how it came.

    >>> without_container("carton of apple juice"), without_container("apple juice")
    ('apple juice', 'apple juice')
    """
    held, _, at = _unit(" " + food_text, 0)
    if held is None or held in MASS_UNITS_G or held in VOLUME_UNITS_ML:
        return food_text
    of = _RE_OF.match(" " + food_text, at)
    return _clean_food(food_text[of.end() - 1 :]) if of else food_text


CUT_MEASURES: Final = frozenset({"stick"})
"""Measure nouns that also end the names of foods ("Fish, stick", "Mozzarella sticks",
"Breadsticks"): after a food whose name lacks them they say how it was cut ("carrot sticks",
"celery sticks"); see :func:`without_trailing_cut`."""

_RE_TRAILING_CUT: Final = re.compile(
    r"(?<=[^\W\d_])\s+(?P<noun>"
    + _alternation(s for n in CUT_MEASURES for s in _COUNT_NOUNS[n])
    + r")\.?$",
    re.IGNORECASE,
)


def trailing_cut(food_text: str) -> tuple[str, str | None]:
    """A food text without the cut (:data:`CUT_MEASURES`) that ends it, and the cut's unit
    name (None, with the text unchanged, when it ends with none).

    >>> trailing_cut("carrot sticks"), trailing_cut("carrots")
    (('carrot', 'stick'), ('carrots', None))
    """
    found = _RE_TRAILING_CUT.search(food_text)
    if found is None:
        return food_text, None
    return food_text[: found.start()].strip(), _COUNT_KEYS[_squeeze(found["noun"])]


def without_trailing_measure(food_text: str) -> str:
    """A food text without the measure noun that ends it (:data:`TRAILING_MEASURES`).

    >>> without_trailing_measure("sausage links"), without_trailing_measure("bacon")
    ('sausage', 'bacon')
    """
    return _RE_TRAILING_MEASURE.sub("", food_text).strip()


_RE_FOOD_WORD: Final = re.compile(
    r"[\s,:;\-]*(?!(?:and|with|or|in|on|plus)\b)[^\W\d_]", re.IGNORECASE
)
_RE_BULLET: Final = re.compile(r"^[-*•·]\s+")
# Where an amount at the end of a line may start: after a run of separators. The
# look-behind lets a match start only at the beginning of a run and the possessive ``++``
# never backtracks, so a long run ("((((...", "-----") is scanned once: linear time.
_SEPARATORS: Final = r"\s,:;(\-–—"
_RE_TAIL_START: Final = re.compile(
    rf"(?<![{_SEPARATORS}])[{_SEPARATORS}]++(?=[\d.{_FRACTION_CHARS}~≈]|[x×]\s*\d)"
)
_RE_TAIL_X: Final = re.compile(r"[x×]\s*(?=\d)", re.IGNORECASE)
_RE_TAIL_END: Final = re.compile(r"\s*\)?[\s.,;]*$")
_RE_PAREN_TAIL: Final = re.compile(r"\s*\(([^()]*)\)\s*$")
_RE_SPACES: Final = re.compile(r"\s+")
_LEADING_EDGE: Final = " ,:;-–—"
_TRAILING_EDGE: Final = " ,:;-–—."


# ---------------------------------------------------------------------------
# The parser.

MAX_LINE_LENGTH: Final = 10_000
"""The longest line read [characters]; a longer one is an error, not a slow parse. A food
log line, even a long recipe line, is a few hundred characters."""

_TAIL_WINDOW: Final = 80
"""How far from the end of a line an amount written after the food may start [characters]."""


_UNSTORABLE: Final = (
    "the line holds characters that cannot be stored (a lone surrogate, as invalid UTF-8 becomes)"
)


def _too_long(text: str) -> str:
    return f"line too long ({len(text):,} characters; at most {MAX_LINE_LENGTH:,})"


def _number(text: str, end: int = 0) -> float:
    """The value of one numeric or word atom (``"1 1/2"``, ``"1½"``, ``"1,5"``, ``"two"``)."""
    token = text.strip().lower()
    if token in _WORD_NUMBERS:
        return _WORD_NUMBERS[token]
    if token[-1] in _FRACTION_VALUE:
        integer = token[:-1].strip()
        return (float(integer) if integer else 0.0) + float(_FRACTION_VALUE[token[-1]])
    if "/" in token:
        head, _, denominator = token.rpartition("/")
        parts = head.split()
        whole = float(parts[0]) if len(parts) == 2 else 0.0
        numerator = float(parts[-1])
        if float(denominator) == 0:
            raise AmountError(text.strip(), "amount not understood", end)
        return whole + numerator / float(denominator)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", token):
        return float(token.replace(",", ""))
    return float(token.replace(",", "."))


def _amount(text: str, pos: int) -> tuple[float, int, list[str]] | None:
    """Read an amount at ``pos``: its value, where it ends, and flags. None if there is none.

    Raises
    ------
    AmountError
        If the amount is vague, negative or has a zero denominator.
    """
    flags: list[str] = []
    approx = _RE_APPROX.match(text, pos)
    if approx:
        flags.append("approximate")
        pos = approx.end()
    if match := _RE_NEGATIVE.match(text, pos):
        raise AmountError(match.group(0), "amount must not be negative", match.end())
    if match := _RE_VAGUE.match(text, pos):
        raise AmountError(match.group(0), "amount not understood", match.end())
    value: float
    if match := _RE_RANGE.match(text, pos):
        low, high = _number(match["low"], match.end()), _number(match["high"], match.end())
        value = (low + high) / 2
        flags.append("range_midpoint")
    elif match := _RE_PART.match(text, pos):  # before numbers: "one half cup" is 0.5
        value = _PARTS[match["part"].lower()]
    elif match := _RE_ATOM.match(text, pos):
        value = _number(match.group(0), match.end())
    elif match := _RE_COUPLE.match(text, pos):
        value = 2.0
        if "approximate" not in flags:
            flags.append("approximate")
    elif match := _RE_ARTICLE.match(text, pos):
        value = 1.0
    else:
        return None
    end = match.end()
    if and_half := _RE_AND_HALF.match(text, end):
        value += 0.5
        end = and_half.end()
    if dozen := _RE_DOZEN.match(text, end):
        value *= 12
        end = dozen.end()
    # A number must stand alone or run straight into a unit: "30g" yes, "2%" and "7up" no.
    glued = end < len(text) and not text[end].isspace() and text[end] not in ",;:.)"
    if glued and not (
        text[end].isalpha() and (_RE_UNIT.match(text, end) or _RE_SIZE.match(text, end))
    ):
        return None
    return value, end, flags


def _followed_by_food(text: str, pos: int, final: bool) -> bool:
    """Whether food words follow ``pos`` (or, with ``final``, the text ends there)."""
    if final and _RE_TAIL_END.fullmatch(text, pos):
        return True
    return _RE_FOOD_WORD.match(text, pos) is not None


def _unit(text: str, pos: int, final: bool = False) -> tuple[str | None, str | None, int]:
    """Read a unit at ``pos``: (unit name, size word, end). (None, None, pos) if there is none.

    A size word or count noun counts as a unit only when food words follow it, or, with
    ``final`` (an amount that ends the text), when nothing but punctuation does.
    """
    if match := _RE_UNIT.match(text, pos):
        spelling = match["unit"]
        if spelling in {"T", "Tb"}:
            return "tbsp", None, match.end()
        if spelling == "t":
            return "tsp", None, match.end()
        return _MEASURE_KEYS[_squeeze(spelling)], None, match.end()
    if match := _RE_SIZE.match(text, pos):
        size = _SIZE_KEYS[_squeeze(match["size"])]
        if not _followed_by_food(text, match.end(), final):
            return None, None, pos
        noun = _RE_COUNT.match(text, match.end())
        if noun and _followed_by_food(text, noun.end(), final):
            return f"{size} {_COUNT_KEYS[_squeeze(noun['noun'])]}", size, noun.end()
        return size, size, match.end()
    if (match := _RE_COUNT.match(text, pos)) and _followed_by_food(text, match.end(), final):
        name = _COUNT_KEYS[_squeeze(match["noun"])]
        if name in CUP_SIZES and (other := _RE_COUNT.match(text, match.end())):
            # "a tall glass of water": the cup size only describes the measure after it
            return _unit(text, other.start(), final)
        return name, None, match.end()
    return None, None, pos


_RE_UNIT_WORD: Final = re.compile(r"\s*(?P<word>[^\W\d_]+|%)(?![\w&'’])")


def _non_food_unit(text: str, pos: int) -> tuple[str, str, int] | None:
    """A unit word at ``pos`` that is no amount of food (``"3 volts spinach"``): the word,
    the error of the line, and where the word ends; None for any other word."""
    match = _RE_UNIT_WORD.match(text, pos)
    if match is None:
        return None
    word = match["word"]
    kind = NON_FOOD_UNITS.get(word.lower())
    if kind is None:
        return None
    return word, f"the unit is no amount of food: {word!r} is {kind}", match.end()


def _after_unit(text: str, pos: int) -> int:
    """Skip an ``of`` after a unit: ``"1 cup of milk"``."""
    match = _RE_OF.match(text, pos)
    return match.end() if match else pos


def _clean_food(text: str) -> str:
    """The food text: single spaces, without separators at either end (str.strip, linear)."""
    return _RE_SPACES.sub(" ", text).lstrip(_LEADING_EDGE).rstrip(_TRAILING_EDGE)


def _tail_amount(text: str) -> tuple[float, str, str | None, int, list[str]] | None:
    """An amount with a unit (or ``x N``) that ends the text: (value, unit, size, start, flags)."""
    # An amount that ends a line is short ("(1 1/2 cups)"): look only at the line's end, so
    # a long line of numbers costs no more than a short one.
    for start in _RE_TAIL_START.finditer(text, max(0, len(text) - _TAIL_WINDOW)):
        pos = start.end()
        times = _RE_TAIL_X.match(text, pos)
        if times:
            pos = times.end()
        try:
            found = _amount(text, pos)
        except AmountError:
            continue
        if found is None:
            continue
        value, end, flags = found
        unit, size, end = _unit(text, end, final=True)
        if unit is None and not times:
            continue
        if _RE_TAIL_END.fullmatch(text, end):
            return value, unit or "each", size, start.start(), flags
    return None


def _parse(
    original: str,
) -> tuple[float | None, str | None, str | None, str, tuple[str, ...], str | None]:
    """Parse one line: (amount, unit, size, food_text, flags, error)."""
    if len(original) > MAX_LINE_LENGTH:
        return None, None, None, "", (), _too_long(original)
    text = _RE_BULLET.sub("", _RE_SPACES.sub(" ", original.replace("⁄", "/")).strip())
    if not text:
        return None, None, None, "", (), "empty line"
    if article := _RE_ARTICLE_AMOUNT.match(text):
        # "a 250ml carton of apple juice": the article stands before an amount, not for one
        measured = _parse(text[article.end() :])
        if measured[1] in MASS_UNITS_G or measured[1] in VOLUME_UNITS_ML:
            return measured
    try:
        # "half and half" is a cream, not an amount
        found = None if _RE_HALF_AND_HALF.match(text) else _amount(text, 0)
    except AmountError as exc:
        _, _, pos = _unit(text, exc.end)
        return None, None, None, _clean_food(text[_after_unit(text, pos) :]), (), str(exc)
    if found is not None:
        value, pos, flags = found
        unit, size, pos = _unit(text, pos)
        if unit is None and (other := _non_food_unit(text, pos)) is not None:
            return None, None, None, _clean_food(text[other[2] :]), (), other[1]
        pos = _after_unit(text, pos)
        food = text[pos:]
        if unit is None:
            unit = "each"
        if (paren := _RE_PAREN_TAIL.search(food)) and _tail_amount(" " + paren.group(1)):
            food = food[: paren.start()]
            flags.append("ignored_amount")
    elif tail := _tail_amount(text):
        value, unit, size, start, flags = tail
        food = text[:start]
        flags.append("amount_after_food")
    else:
        unit, size, pos = _unit(" " + text, 0)
        if unit is not None and unit != "each" and (of := _RE_OF.match(" " + text, pos)):
            value, food, flags = 1.0, text[of.end() - 1 :], ["implied_amount"]
        elif unit is not None and (size is not None or unit in _IMPLIED_SIZES):
            # a size with no number: "large apple", "medium baked potato", "grande latte"
            value, food, flags = 1.0, text[max(pos - 1, 0) :], ["implied_amount"]
        else:
            food = _clean_food(text)
            return None, None, None, food, ("no_amount",), None if food else "no food named"
    food = _clean_food(food)
    if unit == "each" and (trailing := _RE_TRAILING_MEASURE.search(food)):
        # "2 sausage links", "3 bacon strips": the measure follows the food (it stays in the
        # food text; resolution finds the food without it, see without_trailing_measure)
        unit = _COUNT_KEYS[_squeeze(trailing["noun"])]
        flags.append("measure_after_food")
    if value == 0:
        flags.append("zero_amount")
    if not math.isfinite(value):  # an overflow: 1e999, or 1e300 dozen
        return None, None, None, food, tuple(flags), f"amount too large: {text[:80]!r}"
    error = None if food else "no food named"
    return value, unit, size, food, tuple(flags), error


class ParsedLine(BaseModel):
    """One log line read as amount, unit and food text.

    Attributes
    ----------
    original : str
        The text as given.
    amount : float or None
        How many ``unit`` [unit]; None when the text gave no amount (flag
        ``"no_amount"``: use the food's default portion) or could not be read
        (``error`` says why).
    unit : str or None
        Normalised unit name: a mass (``"g"``, ``"kg"``, ``"mg"``, ``"oz"``,
        ``"lb"``), a volume (``"cup"``, ``"tbsp"``, ``"tsp"``, ``"fl_oz"``, ``"ml"``,
        ``"l"``, ``"quart"``, ``"pint"``) or a count: ``"each"`` for a bare count, a
        size word (``"large"``), a measure noun (``"slice"``) or both
        (``"large biscuit"``). None when ``amount`` is None.
    size : str or None
        The size word of a count unit (``"large"`` for ``"large"`` and for
        ``"large biscuit"``), else None.
    food_text : str
        What is left for food matching, whitespace collapsed, case kept.
    flags : tuple of str
        Notes on how the amount was read; see :data:`FLAGS`.
    error : str or None
        Why the amount cannot be used (``"amount not understood: 'lots of'"``), else None.
    """

    model_config = ConfigDict(frozen=True)

    original: StorableText
    amount: float | None = Field(allow_inf_nan=False)
    unit: StorableText | None
    size: StorableText | None = None
    food_text: StorableText
    flags: tuple[StorableText, ...] = ()
    error: StorableText | None = None

    @property
    def ok(self) -> bool:
        """True when the line has no error."""
        return self.error is None


def parse_line(text: str) -> ParsedLine:
    """Split a free-text log line into amount, unit and food text.

    Parameters
    ----------
    text
        What the user typed: ``"1 oz almonds, dry roasted"``, ``"½ cup spinach"``,
        ``"almonds 30 g"``, ``"2 large eggs"``.

    Returns
    -------
    ParsedLine
        The amount [unit], the normalised unit name, the food text and flags. An
        unusable amount is reported in :attr:`ParsedLine.error`, not raised, so a
        log of many lines keeps every line.

    Raises
    ------
    InvalidLogError
        If ``text`` is not text, or holds a lone surrogate (what invalid UTF-8 becomes):
        no log, file or JSON could hold it.

    Notes
    -----
    The grammar, the unit vocabulary and the rules for size words, parentheses,
    zero and missing amounts are in the module docstring (:mod:`mgcalc.parse`).

    Examples
    --------
    >>> line = parse_line("1 1/2 cups cooked brown rice")
    >>> line.amount, line.unit, line.food_text
    (1.5, 'cup', 'cooked brown rice')
    >>> parse_line("2 large biscuits shredded wheat").unit
    'large biscuit'
    >>> line = parse_line("1-2 tbsp peanut butter")
    >>> line.amount, line.flags
    (1.5, ('range_midpoint',))
    >>> parse_line("lots of almonds").error
    "amount not understood: 'lots of'"
    """
    if not isinstance(text, str):
        raise InvalidLogError(f"parse_line needs a line of text, not {type(text).__name__}")
    if not storable(text):
        raise InvalidLogError(f"{_UNSTORABLE}: {text[:80]!r}")
    amount, unit, size, food_text, flags, error = _parse(text)
    return ParsedLine(
        original=text,
        amount=amount,
        unit=unit,
        size=size,
        food_text=food_text,
        flags=flags,
        error=error,
    )


_COLUMNS: Final = ("amount", "unit", "size", "food_text", "flags", "error")


def parse_lines(texts: Iterable[str]) -> pd.DataFrame:
    """Parse many log lines, each distinct text once.

    Parameters
    ----------
    texts
        Log lines. A :class:`pandas.Series` keeps its index; a missing value
        (None/NaN) gives the error ``"empty line"``.

    Returns
    -------
    pandas.DataFrame
        One row per input line, in input order, with the fields of :class:`ParsedLine`
        as columns: ``amount`` (float) [unit], ``unit``, ``size``, ``food_text``,
        ``flags`` (tuples of str), ``original`` (as given) and ``error``. Missing
        values (no amount, no size, no error) are NaN; the text columns have
        pandas' string dtype.

    Examples
    --------
    >>> parse_lines(["30g almonds", "almonds 30 g", "30g almonds"])[["amount", "unit", "food_text"]]
       amount unit food_text
    0    30.0    g   almonds
    1    30.0    g   almonds
    2    30.0    g   almonds
    """
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype=object)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    rows = [_parse(text) if isinstance(text, str) else _parse("") for text in uniques]
    rows.append(_parse(""))  # for the NA sentinel -1
    table = pd.DataFrame.from_records(rows, columns=list(_COLUMNS))
    table = table.astype(
        {"amount": "float64", "unit": "str", "size": "str", "food_text": "str", "error": "str"}
    )
    out = table.iloc[codes].reset_index(drop=True)
    out.index = series.index
    out.insert(len(out.columns) - 1, "original", series.to_numpy(dtype=object))
    return out[["amount", "unit", "size", "food_text", "flags", "original", "error"]]


# ---------------------------------------------------------------------------
# Amounts on their own ("1/2 cup", "2 large", "30 g"): the same grammar, no food text.

MASS_UNITS_G: Final[Mapping[str, float]] = MappingProxyType(
    {"g": 1.0, "kg": 1000.0, "mg": 0.001, "oz": 28.349523125, "lb": 453.59237}
)
"""Mass of each mass unit [g] (avoirdupois ounce and pound, exact by definition);
``tests/test_foods.py`` checks each against pint."""

VOLUME_UNITS_ML: Final[Mapping[str, float]] = MappingProxyType(
    {
        "cup": 236.5882365,
        "tbsp": 14.78676478125,
        "tsp": 4.92892159375,
        "fl_oz": 29.5735295625,
        "ml": 1.0,
        "l": 1000.0,
        "quart": 946.352946,
        "pint": 473.176473,
        "gallon": 3785.411784,
        "cubic_inch": 16.387064,
    }
)
"""Volume of each volume unit [ml]: US customary units, exact from the inch (NIST Handbook
44); ``tests/test_foods.py`` checks each against pint. ``gallon`` and ``cubic_inch`` occur
only in USDA portion names."""

LOCALES: Final = ("us", "uk", "au", "ca")
"""Locales whose measures differ: ``"us"`` (the default: US customary units, the units of
every USDA portion), ``"uk"``, ``"au"`` (Australia) and ``"ca"`` (Canada)."""

LOCALE_VOLUMES_ML: Final[Mapping[str, Mapping[str, float]]] = MappingProxyType(
    {
        "us": VOLUME_UNITS_ML,
        # Imperial units: the gallon is 4.54609 L exactly (Weights and Measures Act 1985,
        # Schedule 1); pint = 1/8, quart = 1/4 gallon, fluid ounce = 1/20 pint. UK kitchen
        # spoons are the metric 15 ml and 5 ml; the UK has no cup of its own, so a cup
        # stays the US cup of the USDA portions.
        "uk": MappingProxyType(
            {
                **VOLUME_UNITS_ML,
                "pint": 568.26125,
                "quart": 1136.5225,
                "gallon": 4546.09,
                "fl_oz": 28.4130625,
                "tbsp": 15.0,
                "tsp": 5.0,
            }
        ),
        # The metric cup and spoons of the Standards Association of Australia: cup 250 ml,
        # tablespoon 20 ml, teaspoon 5 ml (NSW Health, "Metric cup and spoon sizes").
        "au": MappingProxyType({**VOLUME_UNITS_ML, "cup": 250.0, "tbsp": 20.0, "tsp": 5.0}),
        # Canadian labels and recipes use the metric cup, 1/2 cup = 125 mL (Health Canada,
        # "Nutrition labelling: Nutrition facts table"), and 15 ml / 5 ml spoons.
        "ca": MappingProxyType({**VOLUME_UNITS_ML, "cup": 250.0, "tbsp": 15.0, "tsp": 5.0}),
    }
)
"""Volume of each volume unit [ml] in each locale of :data:`LOCALES`. Only the units that
differ from the US ones are changed: a UK pint is 568 ml, a US pint 473 ml; an Australian
or Canadian cup is 250 ml, a US cup 236.6 ml."""


def volume_ml(unit: str, locale: str = "us") -> float:
    """Volume of one ``unit`` in ``locale`` [ml]: ``volume_ml("pint", "uk")`` -> 568.26125.

    Raises
    ------
    UnitError
        If ``locale`` is not one of :data:`LOCALES` or ``unit`` is not a volume unit.

    Examples
    --------
    >>> volume_ml("pint"), volume_ml("pint", "uk"), volume_ml("cup", "au")
    (473.176473, 568.26125, 250.0)
    """
    volumes = LOCALE_VOLUMES_ML.get(locale)
    if volumes is None:
        raise UnitError(repr(locale), f"a locale: one of {', '.join(LOCALES)}")
    if unit not in volumes:
        raise UnitError(repr(unit), "a volume unit (cup, tbsp, tsp, fl_oz, ml, l, quart, pint)")
    return volumes[unit]


NON_FOOD_UNITS: Final[Mapping[str, str]] = MappingProxyType(
    {
        **dict.fromkeys(
            ("mmol", "millimole", "millimoles", "mol", "mole", "moles", "meq", "milliequivalent",
             "milliequivalents", "iu", "mcg", "ug", "µg", "microgram", "micrograms"),
            "a dose unit (for supplements, not food)",
        ),
        **dict.fromkeys(
            ("kcal", "cal", "calorie", "calories", "kj", "kilojoule", "kilojoules", "joule",
             "joules"),
            "an energy",
        ),
        **dict.fromkeys(
            ("m", "meter", "meters", "metre", "metres", "cm", "mm", "km", "inch", "inches",
             "foot", "feet", "ft", "yard", "yards", "mile", "miles", "parsec", "parsecs"),
            "a length",
        ),
        **dict.fromkeys(
            ("volt", "volts", "amp", "amps", "ampere", "amperes", "watt", "watts", "ohm",
             "ohms", "hz", "hertz", "pascal", "newton", "newtons", "kelvin", "celsius",
             "fahrenheit", "degree", "degrees", "second", "seconds", "sec", "minute",
             "minutes", "min", "hour", "hours", "hr", "hrs", "byte", "bytes", "percent", "%"),
            "not an amount of food",
        ),
    }
)  # fmt: skip
"""Unit words that are no amount of a food, with what they are: ``"3 volts spinach"`` is
refused (:class:`~mgcalc.errors.UnitError`), never read as 3 spinach."""


class Amount(NamedTuple):
    """An amount read on its own: ``read_amount("1 1/2 cups, chopped")``.

    Attributes
    ----------
    number : float or None
        How many ``unit`` [unit]; None when only a unit was given (``"cup"``: one of it).
        Negative when the text was (callers refuse it).
    unit : str
        The unit name as :func:`parse_line` gives it: a mass or volume (``"g"``,
        ``"cup"``), a count (``"each"``, ``"large"``, ``"slice"``, ``"large biscuit"``) or,
        for any other word, that word (``"pat"``, ``"fruit"``): a portion the food may list.
    words : tuple of str
        The words after the unit, lower case (``("chopped",)``): how the food was cut.
    flags : tuple of str
        As :data:`FLAGS` (``"range_midpoint"``, ``"approximate"``).
    text : str
        The amount as given.
    """

    number: float | None
    unit: str
    words: tuple[str, ...]
    flags: tuple[str, ...]
    text: str


_RE_SIGN: Final = re.compile(r"\s*[-−]\s*(?=[\d.½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒])")
_RE_FIRST_WORD: Final = re.compile(r"[\s,]*(?P<word>[^\W\d_]+|%)", re.IGNORECASE)
_RE_WORDS: Final = re.compile(r"[^\W\d_]+")
_EXPECTED: Final = "an amount such as '1/2 cup', '2 large', '30 g' or a number with a unit"


def _read_unit(text: str, pos: int) -> tuple[str, tuple[str, ...]]:
    """The unit at ``pos`` of an amount text and the words after it."""
    unit, _size, end = _unit(text, pos, final=True)
    if unit is None:
        word = _RE_FIRST_WORD.match(text, pos)
        if word is None:
            unit, end = "each", pos
        else:
            unit, end = word["word"].lower(), word.end()
    kind = NON_FOOD_UNITS.get(unit.lower())
    if kind is not None:
        raise UnitError(text.strip(), f"a mass, a volume or a count of food ({unit!r} is {kind})")
    words = tuple(w.lower() for w in _RE_WORDS.findall(text, end) if w.lower() != "of")
    return unit, words


def read_amount(amount: str | float, unit: str | None = None) -> Amount:
    """Read an amount without a food: ``"1/2 cup"``, ``"⅜ cup"``, ``"1,5 cup"``, ``"2 large"``.

    The same grammar as :func:`parse_line` (numbers, fractions, words, ranges, units,
    size and count words), so an amount reads the same in a log line and on its own.

    Parameters
    ----------
    amount
        The amount as text, or a number (then ``unit`` names its unit).
    unit
        The unit of a number (``"cup"``), or text appended to a text amount.

    Returns
    -------
    Amount
        The number [unit], the unit name, the words after it and the flags.

    Raises
    ------
    UnitError
        If the text is not an amount, or its unit is no amount of food (``"3 volts"``,
        ``"2 mmol"``).
    AmountError
        If the amount is vague (``"some"``) or divided by zero.

    Examples
    --------
    >>> read_amount("1 1/2 cups, chopped")
    Amount(number=1.5, unit='cup', words=('chopped',), flags=(), text='1 1/2 cups, chopped')
    >>> read_amount("2 large biscuits").unit, read_amount("1,5 cup").number
    ('large biscuit', 1.5)
    >>> read_amount(2, "slices")[:2]
    (2.0, 'slice')
    """
    if isinstance(amount, bool) or not isinstance(amount, str | int | float):
        raise UnitError(repr(amount), _EXPECTED)
    if unit is not None and not isinstance(unit, str):
        raise UnitError(repr(unit), "a unit as text, such as 'cup'")
    if not isinstance(amount, str):
        given = float(amount)
        if not math.isfinite(given):
            raise UnitError(repr(amount), f"{_EXPECTED} (a finite number)")
        text = (unit or "each").replace("⁄", "/")
        found_unit, words = _read_unit(_RE_SPACES.sub(" ", text).strip(), 0)
        return Amount(given, found_unit, words, (), f"{amount:g} {unit or ''}".strip())
    original = f"{amount} {unit}" if unit else amount
    if len(original) > MAX_LINE_LENGTH:
        raise UnitError(original[:40] + "...", f"{_EXPECTED}; {_too_long(original)}")
    text = _RE_SPACES.sub(" ", original.replace("⁄", "/")).strip()
    if not text:
        raise UnitError(original, _EXPECTED)
    sign = 1.0
    if negative := _RE_SIGN.match(text):
        sign, text = -1.0, text[negative.end() :]
    found = _amount(text, 0)
    value: float | None = None
    pos, flags = 0, list[str]()
    if found is not None:
        value, pos, flags = found
    found_unit, words = _read_unit(text, pos)
    if value is None and found_unit == "each" and not words:
        raise UnitError(original, _EXPECTED)
    return Amount(
        None if value is None else sign * value, found_unit, words, tuple(flags), original
    )


def portion_key(unit: str) -> tuple[str, tuple[str, ...]]:
    """The food table's key of a unit name, and the noun of a compound count unit.

    Portion rows name sizes with an underscore (``extra_large``); a compound count
    (``"large biscuit"``) is a size and a noun.

    >>> portion_key("large biscuit"), portion_key("extra large"), portion_key("cup")
    (('large', ('biscuit',)), ('extra_large', ()), ('cup', ()))
    """
    parts = unit
    for size in ("extra large", "extra small", "fun size", "king size", "snack size"):
        parts = parts.replace(size, size.replace(" ", "_"))
    first, *rest = parts.split()
    return first, tuple(rest)


# ---------------------------------------------------------------------------
# Quantities of a nutrient or a dose ("200 mg", "10 mmol", "20 mEq", "½ tsp"): a number
# read by the grammar and a unit from a closed vocabulary; never an expression.

QUANTITY_UNITS: Final[Mapping[str, str]] = MappingProxyType(
    {
        **dict.fromkeys(("mg", "milligram", "milligrams", "milligramme"), "milligram"),
        **dict.fromkeys(("g", "gram", "grams", "gramme", "gm"), "gram"),
        **dict.fromkeys(("kg", "kilogram", "kilograms"), "kilogram"),
        **dict.fromkeys(("mcg", "µg", "μg", "ug", "microgram", "micrograms"), "microgram"),
        **dict.fromkeys(("oz", "ounce", "ounces"), "ounce"),
        **dict.fromkeys(("lb", "lbs", "pound", "pounds"), "pound"),
        **dict.fromkeys(("mmol", "millimole", "millimoles"), "millimole"),
        **dict.fromkeys(("mol", "mole", "moles"), "mole"),
        **dict.fromkeys(("meq", "milliequivalent", "milliequivalents"), "milliequivalent"),
        **dict.fromkeys(("eq", "equivalent", "equivalents"), "equivalent"),
        **dict.fromkeys(("cup", "cups", "c"), "cup"),
        **dict.fromkeys(("tbsp", "tbs", "tablespoon", "tablespoons"), "tablespoon"),
        **dict.fromkeys(("tsp", "teaspoon", "teaspoons"), "teaspoon"),
        **dict.fromkeys(("floz", "fl_oz", "fluidounce", "fluidounces", "flounce"), "fluid_ounce"),
        **dict.fromkeys(("ml", "milliliter", "milliliters", "millilitre", "millilitres"),
                        "milliliter"),
        **dict.fromkeys(("l", "liter", "liters", "litre", "litres"), "liter"),
    }
)  # fmt: skip
"""Unit spellings of nutrient and dose quantities (lower case, spaces and dots dropped) ->
the pint unit name. ``Mg`` is milligrams here, never megagrams."""

_RE_QUANTITY_UNIT: Final = re.compile(r"\s*(?P<unit>[^\W\d]+(?:[\s._]+[^\W\d]+)?)\.?\s*$")


def read_quantity(text: str) -> tuple[float, str | None]:
    """A nutrient or dose quantity as (number, pint unit name): ``"1,5 g"`` -> (1.5, "gram").

    The number is read by the grammar (decimals, decimal commas, fractions, ``½``); the
    unit must be one word (or ``fl oz``) of :data:`QUANTITY_UNITS`, or a single other
    unit name, returned as written for the caller to look up. No arithmetic is ever
    evaluated: ``"2/(0) mg"``, ``"10**400 mg"`` and ``"**2**3 mg"`` are refused.

    Raises
    ------
    UnitError
        If the text is not a number followed by at most one unit name.
    AmountError
        If the number is divided by zero.

    Examples
    --------
    >>> read_quantity("200 mg"), read_quantity("1 ½ cup"), read_quantity("400 Mg")
    ((200.0, 'milligram'), (1.5, 'cup'), (400.0, 'milligram'))
    >>> read_quantity("5")
    (5.0, None)
    """
    expected = "a number and a unit, such as '200 mg'"
    original = text
    if not isinstance(text, str) or len(text) > 200:
        raise UnitError(str(text)[:40], expected)
    text = _RE_SPACES.sub(" ", text.replace("⁄", "/")).strip()
    sign = 1.0
    if negative := _RE_SIGN.match(text):
        sign, text = -1.0, text[negative.end() :]
    number = _RE_ATOM.match(text)
    if number is None or _RE_RANGE.match(text):
        raise UnitError(original, expected)
    value = sign * _number(number.group(0), number.end())
    rest = text[number.end() :]
    if not rest.strip():
        return value, None
    unit = _RE_QUANTITY_UNIT.fullmatch(rest)
    if unit is None:
        raise UnitError(original, expected)
    spelling = unit["unit"]
    if spelling in ("T", "Tb"):
        return value, "tablespoon"
    if spelling == "t":
        return value, "teaspoon"
    name = QUANTITY_UNITS.get(_squeeze(spelling))
    if name is not None:
        return value, name
    if not re.fullmatch(r"[A-Za-z_]+", spelling):
        raise UnitError(original, expected)
    return value, spelling


# ---------------------------------------------------------------------------
# Quantities inside a text ("Calcium 500 mg, vitamin D3 400 IU", "2 capsules ... 150 mg
# each"): where each number with its unit is, for the supplement label reader.


class QuantityMatch(NamedTuple):
    """A number and the word after it, found inside a text by :func:`find_quantities`.

    Attributes
    ----------
    start, end : int
        Where the quantity is in the text (``text[start:end]``), sign and unit included.
    number : float
        Its value [unit]. **Negative when the text wrote a minus sign** (``"-250 mg"``):
        callers refuse it, and never read it as positive.
    unit : str or None
        The pint unit name of a dose or nutrient unit of :data:`QUANTITY_UNITS`
        (``"milligram"``, ``"microgram"``, ``"millimole"``, ``"milliequivalent"``,
        ``"milliliter"``, ...), ``"IU"`` for international units (``IU``, ``I.U.``), else
        the word after the number in lower case (``"capsules"``, ``"tablet"``): a count
        the caller may know. None when no word follows.
    flags : tuple of str
        As :data:`FLAGS` (``"range_midpoint"`` for ``"1-2 capsules"``).
    text : str
        The quantity as written.
    """

    start: int
    end: int
    number: float
    unit: str | None
    flags: tuple[str, ...]
    text: str


_RE_FIND_NUMBER: Final = re.compile(
    rf"(?:(?P<minus>−\s*)|(?<![\w.,/{_FRACTION_CHARS}])(?P<sign>-\s*)?)(?P<atom>{_ATOM})",
    re.IGNORECASE,
)
"""A number not glued to a word before it, with its sign: a hyphen counts as a minus only
after a space or punctuation (``"Cal-Mag-500"`` is a name), the minus sign ``−`` always."""
_RE_FIND_UNIT: Final = re.compile(
    r"[ \t]*(?P<unit>fl\.?[ \t]*oz\b|i\.[ \t]*u\.|[^\W\d_]+)\.?", re.IGNORECASE
)


def find_quantities(text: str) -> list[QuantityMatch]:
    """Every number in ``text`` with the word after it, read by the grammar's number rules.

    Numbers are read as :func:`read_quantity` reads them (``"1,000"``, ``"1.5"``, ``"½"``,
    ``"two"``) and ranges as :func:`parse_line` does (``"1-2"``: the midpoint, flagged). A
    number glued to letters before it (``"D3"``, ``"B12"``) or followed by ``%`` is not a
    quantity. A minus sign is kept (``"-250 mg"`` is -250), so that a caller can refuse it;
    a hyphen joining words (``"Cal-Mag-500"``) is not a minus. Nothing is evaluated.

    Parameters
    ----------
    text
        A line of a supplement label or a dose: ``"Cal-Mag-D: per 2 tablets calcium 500 mg,
        vitamin D3 400 IU"``.

    Returns
    -------
    list of QuantityMatch
        In the order they appear.

    Raises
    ------
    UnitError
        If the text is longer than :data:`MAX_LINE_LENGTH`.
    AmountError
        If a number is divided by zero (``"1/0 mg"``).

    Examples
    --------
    >>> [(q.number, q.unit) for q in find_quantities("per 2 tablets: calcium 500 mg, D3 400 IU")]
    [(2.0, 'tablets'), (500.0, 'milligram'), (400.0, 'IU')]
    >>> [(q.number, q.unit) for q in find_quantities("Magnesium -250 mg")]
    [(-250.0, 'milligram')]
    """
    if not isinstance(text, str):
        raise UnitError(repr(text)[:40], "text")
    if len(text) > MAX_LINE_LENGTH:
        raise UnitError(text[:40] + "...", f"a shorter text; {_too_long(text)}")
    found: list[QuantityMatch] = []
    pos = 0
    while match := _RE_FIND_NUMBER.search(text, pos):
        start = match.start()
        atom = match.start("atom")
        flags: list[str] = []
        if spread := _RE_RANGE.match(text, atom):
            low, high = _number(spread["low"], spread.end()), _number(spread["high"], spread.end())
            value, end = (low + high) / 2, spread.end()
            flags.append("range_midpoint")
        else:
            value, end = _number(match["atom"], match.end()), match.end()
        pos = end
        if end < len(text) and (text[end] == "%" or text[end].isdigit()):
            continue  # "2%", or a number the grammar read only in part
        unit: str | None = None
        if word := _RE_FIND_UNIT.match(text, end):
            spelling = _squeeze(word["unit"])
            unit = "IU" if spelling == "iu" else QUANTITY_UNITS.get(spelling, spelling)
            end = word.end()
        if match["sign"] or match["minus"]:
            value = -value
        else:
            start = atom
        found.append(QuantityMatch(start, end, value, unit, tuple(flags), text[start:end]))
        pos = end
    return found
