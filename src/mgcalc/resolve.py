"""Resolution: a log line becomes a food and grams, in small steps, each distinct line once.

The steps, for one line (:func:`resolve_line`):

1. **parse** the text into amount, unit and food text (:func:`mgcalc.parse.parse_line`);
   an explicit amount and unit (a CSV column, :meth:`FoodLog.add`) override the text's;
2. **split** a composite line ("coffee with milk", "baked beans on toast") into its
   components, unless one food (an FNDDS mixed dish) matches the whole phrase well
   (:func:`split_components`, :func:`is_whole_dish`); each component is resolved by the
   steps below and carries the flag ``composite_split``;
3. **match** the food text to a food (:class:`Resolver`; a pinned id or a pin of the text
   wins), with a score and the next-best alternatives; where SR28 and FNDDS disagree on
   magnesium, the stated rule picks one and the flag ``sources_disagree`` keeps both values;
4. **grams** from the amount and the food's portions (:meth:`FoodTable.portion`): its own
   USDA portion, else a household convention (flag ``assumed_portion``); when the best food
   cannot take the amount, an alternative that scored almost as well and can is used (flag
   ``alternative_for_portion``);
5. **reported values**: a row whose nutrients another tool already computed (an import
   sets ``reported``) is never re-matched; its values are used as given.

A line that fails a step is *unresolved* with a reason code (:data:`mgcalc._reasons.REASONS`)
and a message; it is never dropped. :func:`resolve_rows` runs the steps once per
distinct row of a log and broadcasts the results: a log of 100,000 lines holding 5,000
distinct texts costs 5,000 resolutions. Matches are cached per food table, shared by every
:class:`Resolver` of that table (bounded, least recently used first out, thread-safe), so an
app that analyses one meal per call re-matches nothing it has seen.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from mgcalc._matching import FULL_COVER, PHRASES, localise, singular
from mgcalc._reasons import REASONS
from mgcalc._values import real_number, whole_number
from mgcalc.defaults import (
    ALTERNATIVE_MARGIN,
    MATCH_CACHE_SIZE,
    MAX_ENTRY_GRAMS,
    MIN_SCORE,
    N_ALTERNATIVES,
)
from mgcalc.errors import InvalidLogError, MgcalcError, PortionError, UnitError
from mgcalc.foods import VOLUME_UNITS_ML, FoodTable, PortionChoice, household_measures
from mgcalc.parse import (
    LOCALES,
    MASS_UNITS_G,
    UNIT_SPELLINGS,
    parse_line,
    portion_key,
    trailing_cut,
    without_container,
    without_trailing_measure,
)

__all__ = [
    "BY_THE_PINT",
    "CLOSE_MATCH_MARGIN",
    "COMPOSITE_SEPARATORS",
    "DEFAULT_MIN_SCORE",
    "DISAGREEMENT_MARGIN",
    "DISAGREEMENT_RATIO",
    "FILLED_DISHES",
    "PORTION_DISAGREEMENT_RATIO",
    "PREPARATION_WORDS",
    "VAGUE_MEASURES",
    "WHOLE_DISH_MIN_SCORE",
    "Match",
    "Resolution",
    "Resolver",
    "is_whole_dish",
    "normalise_key",
    "resolve_line",
    "resolve_rows",
    "split_components",
    "split_preparation",
]

DEFAULT_MIN_SCORE: Final = MIN_SCORE
"""Scores below this (0-100) are weak matches: reported with candidates, not used."""

DISAGREEMENT_RATIO: Final = 2.0
"""Two candidate foods for one text whose magnesium per 100 g differs by more than this
factor disagree (issue #12: shredded wheat, FNDDS 36 vs SR28 130 mg/100 g; bran flakes 29 vs
229; tahini 357 vs 95). Below it, the two USDA tables are taken to describe the same food
within the spread of their analyses."""

PORTION_DISAGREEMENT_RATIO: Final = 1.25
"""The same portion of the same food, weighed by SR28 and by FNDDS, disagrees when one is
more than this factor of the other: the line's magnesium then depends on which table is
believed by more than the 20 % within which an estimate counts as right (issue #12), so the
line is flagged ``sources_disagree`` for review."""

CLOSE_MATCH_MARGIN: Final = 1.0
"""Score points (0-100) within which another food matches a text as well as the one used:
below the rounding of a score as shown, so the text cannot tell them apart. When its
magnesium or calcium differs by more than :data:`DISAGREEMENT_RATIO`, the entry is flagged
``close_match_differs``."""

DISAGREEMENT_MARGIN: Final = 12.0
"""How far below the best match (score points) the best candidate of the other source may
score and still be taken as the same food for the disagreement rule. Chosen on the
evaluation set: SR28 and FNDDS rows of one food ("Cereals ready-to-eat, POST, Shredded
Wheat" and "Cereal, shredded wheat, plain") score within about 10 points of each other."""

SR28_FIRST_GROUPS: Final = frozenset(
    {"Meals, Entrees, and Side Dishes", "Fast Foods", "Restaurant Foods",
     "Soups, Sauces, and Gravies", "Baby Foods", "American Indian/Alaska Native Foods",
     "Sausages and Luncheon Meats"}
)  # fmt: skip
"""SR28 groups of mixed and prepared dishes. For a food that both USDA tables hold, the
SR28 food of any *other* group (a single food, a ready-to-eat cereal or a packaged product,
whose SR28 values are laboratory analyses of that food) is used first; for the foods of
these groups, the FNDDS survey food."""

SWEET_BAKED: Final = frozenset(
    {"cake", "cheesecake", "cupcake", "pie", "pastry", "doughnut", "danish", "muffin",
     "brownie", "cookie", "strudel", "turnover", "eclair", "cobbler", "crisp", "tart"}
)  # fmt: skip
"""Heads of SR28 "Baked Products" that are desserts made from recipes (cakes, pies, pastries,
cookies): mixed foods, for which the FNDDS survey food comes first like other dishes."""


def _names_all_of(table: FoodTable, text: str, food_id: str) -> bool:
    """Whether a food's name holds every word of ``text`` ("Fish, stick" holds "fish", not
    "carrot")."""
    return table.coverage(text, food_id)[0] >= FULL_COVER


def _single_food(table: FoodTable, food_id: str) -> bool:
    """Whether an SR28 food is a single food (or a packaged product such as a cereal or a
    bread), not a mixed dish (:data:`SR28_FIRST_GROUPS`, :data:`SWEET_BAKED`)."""
    group = table.food_group(food_id)
    if group in SR28_FIRST_GROUPS:
        return False
    return not (group == "Baked Products" and table.head_words(food_id) & SWEET_BAKED)


WHOLE_DISH_MIN_SCORE: Final = 80.0
"""A composite line is kept whole when one food matches the whole phrase at least this well
(0-100) and names a word of every component; otherwise it is split. 80 is the score above
which the evaluation set's whole-phrase matches are the dish itself ("Chicken curry with
rice", "Oatmeal, made with milk") and below which they are a part of it."""

WHOLE_DISH_FOOD_COVER: Final = 0.5
"""...and when the query names at least this share of the dish's own words (by weight): a
"Coffee, Latte, with non-dairy milk" is not "coffee with milk" (the query names neither
"latte" nor "non-dairy")."""

VAGUE_MEASURES: Final = frozenset({"pinch", "dash", "splash", "drizzle", "dollop", "knob"})
"""Measures that say only "a little": in a composite line whose base fixes a guideline
("tea with a dash of milk", "coffee with a splash of milk") the component is measured by that
guideline (FNDDS milk per fl oz of the drink); on its own, by the household-measure table (a
pinch 1/16 tsp, a dash 1/8 tsp, a splash 1 fl oz ...), flagged ``assumed_portion``."""

BY_THE_PINT: Final[Mapping[str, str]] = MappingProxyType(
    {"cider": "hard cider", "ciders": "hard cider", "bitter": "beer", "bitters": "beer"}
)
"""Drinks whose name means another drink when it is drawn by the pint, in any locale: a pint
of cider is the alcoholic cider of a bar (in the US, "cider" alone is unfiltered apple juice,
sold by the gallon and drunk by the cup), a pint of bitter is an ale (not bitter melon)."""

COMPOSITE_SEPARATORS: Final = re.compile(
    r"\s+(?:with|and|&|\+|plus|w/|w|on)\s+|\s+\+|\+\s+|\s*;\s*", re.IGNORECASE
)
"""Where a composite line is split: "with", "and", "&", "+", "plus", "w/", "w", "on" between
words, and ";". A comma never splits (it qualifies: "spinach, boiled")."""

PROTECTED_PHRASES: Final = (
    *(phrase for phrase in PHRASES if re.search(r"\b(?:and|on|with|n)\b|&", phrase)),
    "half and half", "salt and pepper", "sweet and sour", "pork and beans", "franks and beans",
    "franks n beans", "bread and butter", "peanut butter and jelly", "peanut butter & jelly",
    "pb and j", "pb&j", "black and white", "cookies and cream", "cookies n cream",
)  # fmt: skip
"""Names that hold a separator but are one food or dish ("mac and cheese", "corn on the
cob", "half and half"): never split."""

_PROTECTED: Final = re.compile(
    r"\b(?:"
    + "|".join(re.escape(p) for p in sorted(PROTECTED_PHRASES, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)

_BASE_AFTER: Final = re.compile(r"\s+on\s+", re.IGNORECASE)
"""In "X on Y", Y is the base the other parts are measured against (the toast of "baked
beans on toast"); otherwise the first part is."""

_SPACES: Final = re.compile(r"\s+")
_WORDS: Final = re.compile(r"[a-z]+")

PREPARATION_WORDS: Final = frozenset(
    {"sliced", "chopped", "diced", "shredded", "grated", "cubed", "halved", "crushed",
     "packed", "heaping", "heaped", "level", "fillet", "fillets", "filet", "filets",
     "chunks", "chunk", "cubes"}
)  # fmt: skip
"""Words that say how a food was cut or measured, not which food it is: they are left out
of the food search and used to pick the matching portion ("1 cup, chopped")."""

# "Shredded wheat" is a food, not wheat that was shredded.
_PREPARATION = re.compile(
    r"\b(" + "|".join(sorted(PREPARATION_WORDS, key=len, reverse=True)) + r")\b(?!\s+wheat)"
    r"|\b(cherry|grape|plum)(?=\s+tomato)",  # a kind of tomato, weighed by its own portion
    re.IGNORECASE,
)
_COMMAS: Final = re.compile(r"\s*,\s*(,\s*)+")


def split_preparation(text: str) -> tuple[str, tuple[str, ...]]:
    """Split ``"sliced mushrooms"`` into the food (``"mushrooms"``) and how it was cut
    (``("sliced",)``).

    >>> split_preparation("strawberries, sliced")
    ('strawberries', ('sliced',))
    """
    words = tuple(m.group(0).lower() for m in _PREPARATION.finditer(text))
    if not words:
        return text, ()
    food = _SPACES.sub(" ", _PREPARATION.sub(" ", text)).strip(" ,;")
    food = _COMMAS.sub(", ", food)
    return (food or text), words


@lru_cache(maxsize=65_536)
def _split(text: str) -> tuple[str, ...]:
    return tuple(_split_components(text))


def split_components(text: str) -> list[str]:
    """The components of a composite food text, in order (one element if it is not one).

    A part that says what is *not* there ("burger with no bun") is not a component: it
    stays with the part before it.

    >>> split_components("oatmeal with banana and honey")
    ['oatmeal', 'banana', 'honey']
    >>> split_components("200ml semi-skimmed milk")
    ['200ml semi-skimmed milk']
    >>> split_components("pizza with no cheese")
    ['pizza with no cheese']
    """
    return list(_split(text))


def _split_components(text: str) -> list[str]:
    """:func:`split_components`, uncached."""
    if "(" in text:  # never split inside parentheses: "milk (with added vitamin D)"
        return [text]
    guarded = _PROTECTED.sub(lambda m: m.group(0).replace(" ", "\x00"), text)
    parts: list[str] = []
    pieces = [piece.replace("\x00", " ") for piece in COMPOSITE_SEPARATORS.split(guarded)]
    separators = COMPOSITE_SEPARATORS.findall(guarded)
    for i, piece in enumerate(pieces):
        piece = piece.strip(" ,.;")
        if not piece:
            continue
        if parts and (
            re.match(r"(?:no|without|non|not)\b", piece, re.IGNORECASE)
            or (_ON.fullmatch(separators[i - 1]) and _SANDWICH_END.search(parts[-1]))
        ):  # "burger with no bun"; "turkey sandwich on rye" is a sandwich of rye bread
            parts[-1] = f"{parts[-1]}{separators[i - 1]}{piece}"
        else:
            parts.append(piece)
    return parts or [text]


def _one_filling(resolver: Resolver, text: str) -> tuple[str, Match] | None:
    """For a dish named by fillings that no food matches ("egg and cress sandwich"), the
    best match of the dish with one of its fillings ("egg sandwich"), or None."""
    parts = split_components(text)
    if len(parts) < 2 or not _filled_dish(text, parts):
        return None
    *fillings, last = parts
    last_words = last.split()
    dish, fillings = last_words[-1], [*fillings, " ".join(last_words[:-1])]
    best: tuple[str, Match] | None = None
    for filling in fillings:
        read = f"{filling} {dish}"
        match = resolver.resolve(read)
        if (
            match.food_id is not None
            and (best is None or match.score > best[1].score)
            and _names_all_of(resolver.table, dish, match.food_id)  # a pizza, not pineapple
        ):  # fmt: skip
            best = (read, match)
    return best


def _filled_dish(text: str, parts: Sequence[str]) -> bool:
    """Whether a composite text names one dish by its fillings ("cheese and pickle
    sandwich", "chicken and mushroom pie", "leek and potato soup")."""
    return (
        all(_AND.fullmatch(separator) for separator in COMPOSITE_SEPARATORS.findall(text))
        and _FILLED_DISH.fullmatch(parts[-1]) is not None
        and not any(_COUNTED.match(part) for part in parts)
    )


_SANDWICH_WORDS: Final = ("sandwich", "sandwiches", "sub", "subs", "roll", "rolls", "bagel",
                          "baguette", "wrap", "panini", "toastie", "burger")  # fmt: skip
_SANDWICH_END: Final = re.compile(r"\b(?:" + "|".join(_SANDWICH_WORDS) + r")$", re.IGNORECASE)
FILLED_DISHES: Final = frozenset(
    {*_SANDWICH_WORDS, "pie", "pies", "pasty", "pasties", "omelet", "omelette", "pizza",
     "quiche", "burrito", "quesadilla", "crepe", "soup", "risotto", "curry", "salad", "stew",
     "casserole", "smoothie", "cake", "muffin", "pasta", "tart", "lasagna", "lasagne"}
)  # fmt: skip
"""Dishes that a line names by their fillings joined with "and": "cheese and pickle
sandwich", "chicken and mushroom pie", "leek and potato soup" are one dish, not cheese and a
pickle sandwich (a line whose last part starts with an article or a number, "coffee and a
ham sandwich", is two things)."""
_FILLED_DISH: Final = re.compile(
    r"(?!(?:a|an|the|one|some)\b)[^\d\s]\S*(?:\s+\S+)*\s+(?:"
    + "|".join(sorted(FILLED_DISHES))
    + r")",
    re.IGNORECASE,
)
_AND: Final = re.compile(r"\s+(?:and|&|n)\s+|\s*&\s*", re.IGNORECASE)
_ON: Final = re.compile(r"\s+on\s+", re.IGNORECASE)
_ON_BREAD: Final = re.compile(
    r"(?P<sandwich>.*\b(?:" + "|".join(_SANDWICH_WORDS) + r"))\s+on\s+(?P<bread>.+)",
    re.IGNORECASE,
)
_COUNTED: Final = re.compile(r"\s*(?:\d|a\b|an\b|one\b)", re.IGNORECASE)


def normalise_key(text: str) -> str:
    """The cache and pin key of a food text: lower case, single spaces, no edge punctuation."""
    return _SPACES.sub(" ", text.strip().lower()).strip(" ,.;:")


@dataclass(frozen=True)
class Match:
    """The outcome of matching one food text.

    Attributes
    ----------
    text : str
        The food text as matched.
    food_id : str or None
        The chosen food; None when nothing matched or the best match was weak.
    description : str or None
        The chosen food's name.
    score : float
        The best candidate's score (0-100); 100 for a pinned food.
    alternatives : tuple of (food_id, description, score)
        The next-best candidates (for a weak match: the best ones), best first.
    reason : str or None
        Why the text is unresolved ("no match", "weak match"), else None.
    pinned : bool
        Whether the food came from a pin rather than a search.
    disagreement : tuple of (food_id, description, magnesium per 100 g)
        When the best SR28 and FNDDS candidates disagree on magnesium by more than
        :data:`DISAGREEMENT_RATIO`: the food used first, then the other [mg/100 g]; else
        empty.
    twin : (food_id, description) or None
        The same food in the other USDA table, when both hold it: an SR28 food's FNDDS
        twin gives its "Quantity not specified" weight to a line with no amount.
    """

    text: str
    food_id: str | None
    description: str | None
    score: float
    alternatives: tuple[tuple[str, str, float], ...] = ()
    reason: str | None = None
    pinned: bool = False
    disagreement: tuple[tuple[str, str, float], ...] = ()
    twin: tuple[str, str] | None = None


class _LRU:
    """A bounded, thread-safe mapping that forgets the least recently used key first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> Any:
        """Store ``value`` unless another thread stored one first; return the stored one."""
        with self._lock:
            kept = self._data.setdefault(key, value)
            self._data.move_to_end(key)
            while len(self._data) > self._size:
                self._data.popitem(last=False)
            return kept

    def __len__(self) -> int:
        return len(self._data)


_CACHES_LOCK: Final = threading.Lock()


def _table_cache(table: FoodTable, name: str, size: int) -> _LRU:
    """The table's shared cache ``name`` (made on first use; it lives as long as the table)."""
    caches: dict[str, _LRU] | None = getattr(table, "_shared_caches", None)
    if caches is None:
        with _CACHES_LOCK:
            caches = getattr(table, "_shared_caches", None)
            if caches is None:
                caches = {}
                table._shared_caches = caches  # type: ignore[attr-defined]
    cache = caches.get(name)
    if cache is None:
        with _CACHES_LOCK:
            cache = caches.setdefault(name, _LRU(size))
    return cache


_CANDIDATES: Final = 8
"""Candidates ranked per search: the alternatives shown, and enough to find the best food
of the other source for the disagreement rule."""


@dataclass
class Resolver:
    """Matches food texts against a table, once per distinct text.

    Parameters
    ----------
    table
        The food table to search.
    min_score
        Threshold below which a match is weak and not used (0-100).
    pins
        Corrections: normalised text -> food id.
    n_alternatives
        How many alternatives to keep per text.
    locale
        Whose words and measures the log uses (:data:`mgcalc.parse.LOCALES`): ``"us"``
        (the default) or ``"uk"`` (a pint is 568 ml; "chips" are fries, "biscuits" cookies,
        "jelly" is a gelatin dessert), ``"au"``, ``"ca"`` (a cup is 250 ml).

    Notes
    -----
    Searches are cached per table and shared by every resolver of that table with the
    same ``min_score``, ``n_alternatives`` and ``locale`` (:data:`mgcalc.defaults.
    MATCH_CACHE_SIZE` texts, least recently used dropped first; safe to use from several
    threads).
    """

    table: FoodTable
    min_score: float = DEFAULT_MIN_SCORE
    pins: Mapping[str, str] = field(default_factory=dict)
    n_alternatives: int = N_ALTERNATIVES
    locale: str = "us"
    _cache: dict[str, Match] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.locale not in LOCALES:
            raise UnitError(repr(self.locale), f"a locale: one of {', '.join(LOCALES)}")
        if not isinstance(self.table, FoodTable):
            raise InvalidLogError(f"a Resolver needs a FoodTable, not {type(self.table).__name__}")
        self.min_score = real_number(self.min_score, "min_score")  # NaN would pass any match
        self.n_alternatives = whole_number(self.n_alternatives, "n_alternatives", low=0, high=50)
        if not isinstance(self.pins, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in self.pins.items()
        ):
            raise InvalidLogError("pins must map food texts to food ids, both text", "pins")

    def resolve(self, text: str) -> Match:
        """Match one food text (cached by its normalised form).

        Raises
        ------
        InvalidLogError
            If ``text`` is not text.
        """
        if not isinstance(text, str):
            raise InvalidLogError(f"a food text must be text, not {type(text).__name__}")
        key = normalise_key(text)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        pinned = self.pins.get(key)
        if pinned is not None:
            match = self._pinned(text, pinned)
        else:
            shared = _table_cache(self.table, "match", MATCH_CACHE_SIZE)
            shared_key = (key, self.min_score, self.n_alternatives, self.locale)
            match = shared.get(shared_key)
            if match is None:
                match = shared.put(shared_key, self._search(key, text))
            if match.text != text:  # found under another spelling of the same key
                match = replace(match, text=text)
        self._cache[key] = match
        return match

    def _pinned(self, text: str, food_id: str) -> Match:
        position = self.table.position(food_id)
        if position < 0:
            return Match(text, None, None, 0.0, (), f"pinned food id {food_id!r} is unknown")
        return Match(text, food_id, self.table.descriptions[position], 100.0, (), None, True)

    def _search(self, key: str, text: str) -> Match:
        if not key:
            return Match(text, None, None, 0.0, (), REASONS["no_food_named"])
        rows, same = self.table.candidates_by_source(localise(text, self.locale), _CANDIDATES)
        if not rows:
            return Match(text, None, None, 0.0, (), REASONS["no_match"])
        best_id, best_description, best_score = rows[0]
        if best_score < self.min_score:
            return Match(
                text, None, None, best_score, tuple(rows[: self.n_alternatives + 1]),
                REASONS["weak_match"],
            )  # fmt: skip
        ordered, disagreement = self._sources_rule(rows, same)
        best_id, best_description, best_score = ordered[0]
        source = best_id.split(":", 1)[0]
        twins = [row for key, found in same.items() if key != source for row in found[:1]]
        twin = (twins[0][0], twins[0][1]) if twins and best_score >= self.min_score else None
        if twin is not None and not any(row[0] == best_id for row in same.get(source, ())):
            twin = None  # the twin of a food that is not itself the food named
        return Match(text, best_id, best_description, best_score,
                     tuple(ordered[1 : self.n_alternatives + 1]), None, False,
                     disagreement, twin)  # fmt: skip

    def _sources_rule(
        self,
        rows: Sequence[tuple[str, str, float]],
        same: Mapping[str, Sequence[tuple[str, str, float, int]]],
    ) -> tuple[list[tuple[str, str, float]], tuple[tuple[str, str, float], ...]]:
        """The candidates in the order to use them, and the disagreement between the two
        USDA tables, if any.

        ``same`` holds, per source, the foods that are the food the text names
        (:meth:`FoodTable.same_food`), each marked when it is so for certain. When both
        tables hold the food (each scoring at least ``min_score``):

        - if their magnesium per 100 g differs by more than :data:`DISAGREEMENT_RATIO`,
          the SR28 foods come first when the SR28 one is a single food or a ready-to-eat
          cereal (a group outside :data:`SR28_FIRST_GROUPS`), else the FNDDS ones, and both
          values are returned for the flag ``sources_disagree``;
        - otherwise an SR28 food that is the named food for certain comes first, when it
          is a single food; when it is a dish, an FNDDS food that is the named food comes
          first.

        The best match stands for its own table when no food of that table names every
        word of the text.
        """
        magnesium = self.table.nutrient_array("magnesium_mg_per_100g")

        def usable(row: tuple[str, str, float, int], level: int) -> bool:
            known = not math.isnan(magnesium[self.table.position(row[0])])
            return row[3] >= level and row[2] >= self.min_score and known

        sr28 = [row[:3] for row in same.get("sr28", ()) if usable(row, 2)]
        fndds = [row[:3] for row in same.get("fndds", ()) if usable(row, 1)]
        loose = [row[:3] for row in same.get("sr28", ()) if usable(row, 1)]
        # the best match stands for its own table even when it lacks a word of the text
        if not sr28 and rows[0][0].startswith("sr28:"):
            sr28 = [rows[0]]
        if not fndds and rows[0][0].startswith("fndds:"):
            fndds = [rows[0]]
        if not sr28 or not fndds:
            return list(rows), ()
        single = _single_food(self.table, sr28[0][0])
        sr28_mg = float(magnesium[self.table.position(sr28[0][0])])
        fndds_mg = float(magnesium[self.table.position(fndds[0][0])])
        low, high = sorted((sr28_mg, fndds_mg))
        if high > DISAGREEMENT_RATIO * max(low, 1.0):  # NaN compares false: no disagreement
            first, other = (sr28, fndds) if single else (fndds, sr28)
            values = {sr28[0][0]: sr28_mg, fndds[0][0]: fndds_mg}
            disagreement = tuple(
                (row[0], row[1], values[row[0]]) for row in (first[0], other[0])
            )  # fmt: skip
            # the other SR28 forms of the food come next ("big biscuit" of shredded wheat)
            after = loose if first is sr28 else []
            return list(dict.fromkeys([*first, *after, *rows])), disagreement
        certain = [row[:3] for row in same.get("sr28", ()) if usable(row, 3)]
        if certain and single:
            return list(dict.fromkeys([*certain, *rows])), ()
        survey = [row[:3] for row in same.get("fndds", ()) if usable(row, 2)]
        if survey and not single:  # a dish: the FNDDS survey food
            return list(dict.fromkeys([*survey, *rows])), ()
        return list(rows), ()

    def resolve_many(self, texts: Iterable[str]) -> pd.DataFrame:
        """Match many texts; one row per text with food_id, description, match_score,
        alternatives and reason."""
        series = pd.Series(list(texts), dtype=object)
        bad = [i + 1 for i, text in enumerate(series) if not isinstance(text, str)]
        if bad:
            raise InvalidLogError("every food text must be text", "text", bad)
        codes, uniques = pd.factorize(series)
        matches = [self.resolve(str(text)) for text in uniques]
        table = pd.DataFrame(
            {
                "food_id": [m.food_id for m in matches],
                "description": [m.description for m in matches],
                "match_score": [m.score for m in matches],
                "alternatives": [m.alternatives for m in matches],
                "match_reason": [m.reason for m in matches],
                "pinned": [m.pinned for m in matches],
            }
        )
        return table.iloc[codes].reset_index(drop=True)


# -- one line ----------------------------------------------------------------------------


class Resolution(NamedTuple):
    """What one log row resolved to (or why it did not).

    Attributes
    ----------
    food_text : str
        The food part of the text, as matched.
    food_id, description : str or None
        The food used (None for a composite line: see ``components``).
    score : float
        Match score (0-100; 100 for a pinned food; NaN when not matched; for a composite
        line, its lowest component score).
    alternatives : tuple of (food_id, description, score)
        Next-best foods.
    amount : float
        How many ``unit`` [unit]; NaN when unknown.
    unit : str or None
        The unit name (``"cup"``, ``"large"``, ``"default"`` for the default portion,
        ``"guideline"`` for a component measured against another).
    grams : float
        Weight [g]; NaN when unknown.
    reason_code : str or None
        Why the row is unresolved (a key of :data:`mgcalc._reasons.REASONS`), else None. A
        composite line takes the code of its first unresolved component.
    reason : str or None
        The message that explains it.
    flags : tuple of str
        How the row was read (``no_amount``, ``default_portion``, ``range_midpoint``,
        ``assumed_portion``, ``sources_disagree``, ``composite_split`` ...).
    error : MgcalcError or None
        The error behind the reason, when there is one (for :func:`mgcalc.estimate`).
    notes : tuple of str
        What was assumed or chosen, in words a person can check: the household convention
        used ("handful (nuts_seeds) = 1 oz (assumption)"), the USDA portion taken for a
        missing amount, the two values of a disagreement between SR28 and FNDDS.
    components : tuple of Resolution
        The components of a composite line, in the order written; empty for a line that
        is one food. See :attr:`parts`.
    """

    food_text: str
    food_id: str | None
    description: str | None
    score: float
    alternatives: tuple[tuple[str, str, float], ...]
    amount: float
    unit: str | None
    grams: float
    reason_code: str | None
    reason: str | None
    flags: tuple[str, ...]
    error: MgcalcError | None = None
    notes: tuple[str, ...] = ()
    components: tuple[Resolution, ...] = ()

    @property
    def parts(self) -> tuple[Resolution, ...]:
        """The entries this row becomes: its components, or the row itself."""
        return self.components or (self,)


@lru_cache(maxsize=65_536)
def _parsed(text: str) -> tuple[float | None, str | None, str, tuple[str, ...], str | None]:
    """(amount, unit, food text, flags, error) of a line, each distinct text parsed once."""
    line = parse_line(text)
    return line.amount, line.unit, line.food_text, line.flags, line.error


def _parse_reason(error: str) -> str:
    if error == REASONS["empty_line"]:
        return "empty_line"
    if error == REASONS["no_food_named"]:
        return "no_food_named"
    for code in ("bad_unit", "amount_too_large"):
        if error.startswith(REASONS[code]):
            return code
    return "bad_amount"


def _portion(
    table: FoodTable, food_id: str, unit: str, words: tuple[str, ...], locale: str
) -> tuple[PortionChoice | None, MgcalcError | None]:
    """One unit of a food (:meth:`FoodTable.portion`), or the error that says why not
    (cached per table)."""
    cache = _table_cache(table, "portion", 4 * MATCH_CACHE_SIZE)
    key = (food_id, unit, words, locale)
    found: tuple[PortionChoice | None, MgcalcError | None] | None = cache.get(key)
    if found is None:
        try:
            found = (table.portion(food_id, unit, words, locale), None)
        except (PortionError, UnitError) as exc:
            found = (None, exc)
        found = cache.put(key, found)
    return found


def _unit_words(unit: str, preparation: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The portion key and words of a unit: the cut picks a volume portion ("1 cup,
    chopped"); "1 tilapia fillet" counts fillets."""
    key, noun = portion_key(unit)
    if key in VOLUME_UNITS_ML:
        return key, (*noun, *preparation)
    if key == "each" and any("fil" in word for word in preparation):
        return "fillet", noun
    return key, noun


_MEASURED: Final = frozenset(MASS_UNITS_G) | frozenset(VOLUME_UNITS_ML)
"""Units that weigh the same in every table up to the food's density: only counts ("1
slice", "1 medium", "1 cake") are conventions on which SR28 and FNDDS may disagree."""

_COUNT_ONLY: Final = frozenset(
    {"bar", "slice", "piece", "link", "patty", "fillet", "strip", "wedge", "stick", "biscuit",
     "cookie", "cracker", "muffin", "bun", "roll"}
)  # fmt: skip
"""Measure nouns that, ending a food's name ("butterfinger bar", "oatmeal cookie"), say which
of the food's count portions one of it is."""


def _last_measure_noun(text: str) -> str | None:
    """The measure noun that ends a food text ("butterfinger bar" -> "bar"), if any."""
    words = _WORDS.findall(text.lower())
    if len(words) < 2:
        return None
    name = UNIT_SPELLINGS.get(words[-1])
    return name if name in _COUNT_ONLY else None


def _named_unit(table: FoodTable, food_id: str, text: str) -> str | None:
    """The last word of a food text when it is not in the food's name but names one of its
    portions ("oreos" -> the "Oreo sandwich" portion of "Cookie, chocolate sandwich"), if
    any: the text names the product by its portion's name."""
    words = _WORDS.findall(text.lower())
    if not words:
        return None
    noun = singular(words[-1])
    if noun not in table.portion_units(food_id) - _NOT_NAMED_UNITS:
        return None
    position = table.position(food_id)
    named = {singular(word) for word in _WORDS.findall(table.descriptions[position].lower())}
    return None if noun in named else noun


_NOT_NAMED_UNITS: Final = frozenset({"each", "default", "guideline", "serving"})
"""Portion units that no food text names as its own noun."""


def _code_of(error: MgcalcError) -> str:
    return "bad_unit" if isinstance(error, UnitError) else "no_portion"


def _survey_quantity(
    table: FoodTable, food_id: str, twin: tuple[str, str] | None
) -> tuple[float, str] | None:
    """For a food with no "Quantity not specified" portion, its FNDDS twin's one [g]: with
    no amount, USDA's survey weight of the food (coffee: 360 g) rather than the first
    measure SR28 lists (1 fl oz)."""
    if twin is None or table.unspecified_quantity(food_id) is not None:
        return None
    grams = table.unspecified_quantity(twin[0])
    if grams is None:
        return None
    return grams, f"FNDDS portion 'Quantity not specified' of {twin[1]} ({twin[0]}) {grams:g} g"


def _disagreement_note(disagreement: tuple[tuple[str, str, float], ...]) -> str:
    """``"sources disagree: sr28:08147 ... 130 mg/100 g used; fndds:57417000 ... 36"``."""
    (used_id, used, used_mg), (other_id, other, other_mg) = disagreement[:2]
    return (
        f"sources disagree on magnesium: {used_id} ({used}) {used_mg:g} mg/100 g used; "
        f"{other_id} ({other}) has {other_mg:g} mg/100 g"
    )


def _twin_portion_note(
    table: FoodTable,
    used: tuple[str, PortionChoice],
    twin: tuple[str, str],
    key: str,
    words: tuple[str, ...],
    locale: str,
) -> str | None:
    """The note when the other USDA table weighs the same portion of the same food more
    than :data:`PORTION_DISAGREEMENT_RATIO` apart, or None.

    "2 rice cakes": FNDDS "Rice cake" weighs a cake 3 g, SR28's plain brown-rice cakes 9 g;
    "half a grapefruit" is 154 g in FNDDS and 118-123 g in SR28. Either is USDA's, so the
    portion used is a guess and the line goes to review.
    """
    food_id, choice = used
    if table.brand_words(twin[0]):
        return None  # a brand's own product ("TACO BELL, Original Taco") is its own size
    other, failure = _portion(table, twin[0], key, words, locale)
    if failure is not None or other is None or other.assumed:
        return None
    low, high = sorted((choice.grams, other.grams))
    if not high > PORTION_DISAGREEMENT_RATIO * low:  # NaN compares false
        return None
    return (
        f"sources disagree on the portion: {food_id} {choice.measure} = {choice.grams:g} g "
        f"used; {twin[0]} ({twin[1]}) {other.measure} = {other.grams:g} g"
    )


def _close_rival(
    table: FoodTable, food_id: str, score: float,
    alternatives: Sequence[tuple[str, str, float]],
) -> str | None:  # fmt: skip
    """The note of a food that scores as well as the one used (within
    :data:`CLOSE_MATCH_MARGIN` points) but whose magnesium or calcium per 100 g differs by
    more than :data:`DISAGREEMENT_RATIO` from it, or None: the text does not say which of
    two foods it is ("tofu firm": set with calcium sulfate, 683 mg calcium per 100 g, or
    with nigari, 201), so the value used is a guess.
    """
    used = table.position(food_id)
    for other_id, other, other_score in alternatives:
        if other_score < score - CLOSE_MATCH_MARGIN:
            return None
        at = table.position(other_id)
        for column, name in (("magnesium_mg_per_100g", "magnesium"),
                             ("calcium_mg_per_100g", "calcium")):  # fmt: skip
            values = table.nutrient_array(column)
            mine, theirs = float(values[used]), float(values[at])
            low, high = sorted((mine, theirs))
            if high > DISAGREEMENT_RATIO * max(low, 1.0):  # NaN compares false
                return (
                    f"{other_id} ({other}) matches as well and has {theirs:g} mg {name} per "
                    f"100 g, not {mine:g}"
                )
    return None


Convention = Callable[[str], tuple[float, str] | None]
"""Grams of a component with no amount of its own, measured against another component
(``(grams, note)``), or None when no convention applies to that food."""


def resolve_line(
    text: str,
    resolver: Resolver,
    *,
    food_id: str | None = None,
    amount: float | None = None,
    unit: str | None = None,
    reported: bool = False,
    reported_grams: float | None = None,
) -> Resolution:
    """Resolve one log row: which food (or foods), how many grams, or why not.

    Parameters
    ----------
    text
        The line as written ("1 cup spinach, boiled"), or the food's name when ``amount``
        is given.
    resolver
        Matches the food text (its table, pins, threshold and locale).
    food_id
        A pinned food (skips matching and splitting).
    amount, unit
        An explicit amount [unit], overriding any amount in the text.
    reported
        The row carries values another tool computed: it is not matched.
    reported_grams
        Its weight as reported [g], if any.

    Returns
    -------
    Resolution
        The food, grams [g], flags and notes, or the reason code and message of an
        unresolved row; a composite line's components in ``components``.

    Examples
    --------
    >>> from mgcalc.foods import FoodTable
    >>> line = resolve_line("coffee with milk", Resolver(FoodTable.default()))
    >>> [part.food_text for part in line.parts]
    ['coffee', 'milk']
    >>> "composite_split" in line.flags
    True

    Notes
    -----
    Results are cached per table and shared by every resolver of that table
    (:data:`mgcalc.defaults.MATCH_CACHE_SIZE` lines, least recently used dropped first;
    safe to use from several threads), keyed on everything the result depends on: the
    line, its pinned food, amount, unit and reported values, and the resolver's
    threshold, number of alternatives, locale and pins (a table's aliases make it
    another table).
    """
    return _cached_line(
        _line_cache(resolver), text, resolver, _resolver_key(resolver), food_id, amount, unit,
        reported, reported_grams,
    )  # fmt: skip


def _resolver_key(resolver: Resolver) -> tuple[Any, ...]:
    """What a line's resolution depends on in its resolver, besides the table."""
    pins = tuple(sorted(resolver.pins.items())) if resolver.pins else ()
    return (resolver.min_score, resolver.n_alternatives, resolver.locale, pins)


def _number_key(value: Any) -> Any:
    """A cache key that tells apart numbers that compare equal but come out different in a
    :class:`Resolution` (1 and 1.0, 0.0 and -0.0, a NumPy float and a float)."""
    return None if value is None else (type(value), repr(value))


def _line_cache(resolver: Resolver) -> _LRU:
    """The shared cache of whole lines of the resolver's table."""
    return _table_cache(resolver.table, "line", MATCH_CACHE_SIZE)


def _cached_line(
    cache: _LRU,
    text: str,
    resolver: Resolver,
    context: tuple[Any, ...],
    food_id: str | None,
    amount: float | None,
    unit: str | None,
    reported: bool,
    reported_grams: float | None,
) -> Resolution:
    """:func:`resolve_line` through the table's shared cache of whole lines
    (:func:`_line_cache`)."""
    key = (
        text, food_id, _number_key(amount), unit, bool(reported), _number_key(reported_grams),
        context,
    )  # fmt: skip
    found: Resolution | None = cache.get(key)
    if found is None:
        found = cache.put(
            key, _resolve_line(text, resolver, food_id, amount, unit, reported, reported_grams)
        )
    return found


def _resolve_line(
    text: str,
    resolver: Resolver,
    food_id: str | None,
    amount: float | None,
    unit: str | None,
    reported: bool,
    reported_grams: float | None,
) -> Resolution:
    """:func:`resolve_line`, uncached."""
    table = resolver.table
    parsed_amount, parsed_unit, food_text, parsed_flags, error = _parsed(text)
    explicit = amount is not None and not math.isnan(amount)
    food_text = food_text or text
    flags = list(parsed_flags)
    value: float | None
    unit_name: str | None
    if explicit:
        value = amount
        unit_name = unit or "each"
        flags = [f for f in flags if f != "no_amount"]
    else:
        value, unit_name = parsed_amount, parsed_unit
        if (
            unit_name == "each"
            and error is None
            and text.lstrip()[:1].isdigit()
            and table.names_with_number(text)
        ):  # "3 Musketeers bar": the number is the brand's
            value, unit_name, food_text, flags = None, None, text.strip(), ["no_amount"]
    if error is not None and not explicit and not reported:
        return _unresolved(food_text, value, unit_name, flags, _parse_reason(error), error)
    if food_id is None and resolver.pins:  # a pin may name the whole line, amount included
        food_id = resolver.pins.get(normalise_key(text))
    if food_id is None and not reported:
        dish = localise(food_text, "any")  # "fish and chips" is fish and fries everywhere
        parts = split_components(dish)
        if (
            len(parts) > 1
            and not is_whole_dish(resolver, dish, parts)
            and not _filled_dish(dish, parts)  # one dish, even when USDA has no name for it
        ):  # fmt: skip
            return _resolve_composite(dish, parts, value, unit_name, flags, resolver)
    return _resolve_single(
        food_text, resolver, value, unit_name, flags, food_id=food_id, reported=reported,
        reported_grams=reported_grams,
    )  # fmt: skip


def _unresolved(
    food_text: str,
    value: float | None,
    unit_name: str | None,
    flags: Sequence[str],
    code: str,
    message: str,
    err: MgcalcError | None = None,
    notes: Sequence[str] = (),
    **found: Any,
) -> Resolution:
    return Resolution(
        food_text, found.get("food_id"), found.get("description"),
        found.get("score", math.nan), found.get("alternatives", ()),
        math.nan if value is None else value, unit_name, math.nan, code, message,
        tuple(flags), err, tuple(notes),
    )  # fmt: skip


def _resolve_single(
    food_text: str,
    resolver: Resolver,
    value: float | None,
    unit_name: str | None,
    flags: list[str],
    *,
    food_id: str | None = None,
    reported: bool = False,
    reported_grams: float | None = None,
    convention: Convention | None = None,
) -> Resolution:
    """Steps 3-5 for a text that names one food."""
    table = resolver.table
    if unit_name in MASS_UNITS_G or unit_name in VOLUME_UNITS_ML:
        food_text = without_container(food_text)  # "250ml carton of apple juice"
    notes: list[str] = []
    if unit_name == "pint" and food_id is None:
        by_the_pint = BY_THE_PINT.get(normalise_key(food_text))
        if by_the_pint is not None:  # "a pint of cider" is no pint of apple juice
            notes.append(f"'{food_text}' by the pint read as {by_the_pint}")
            food_text = by_the_pint
    search_text, preparation = split_preparation(food_text)
    description: str | None = None
    score = math.nan
    alternatives: tuple[tuple[str, str, float], ...] = ()
    if food_id is not None:
        position = table.position(food_id)
        if position < 0:
            return _unresolved(food_text, value, unit_name, flags, "unknown_food_id",
                               f"{REASONS['unknown_food_id']} {food_id}")  # fmt: skip
        description, score = table.descriptions[position], 100.0
    if reported:
        grams = math.nan if reported_grams is None else reported_grams
        return Resolution(
            food_text, food_id, description, score, (), math.nan if value is None else value,
            unit_name, grams, None, None, tuple(flags),
        )  # fmt: skip
    pinned = food_id is not None
    twin: tuple[str, str] | None = None
    counted = False  # the trailing measure was set aside to find the food: it is the unit
    named: tuple[tuple[str, str, float], ...] = ()
    if not pinned:
        match = resolver.resolve(search_text)
        if match.food_id is None and (on_bread := _ON_BREAD.fullmatch(search_text)):
            # "turkey sandwich on rye": FNDDS tells white from wheat only
            sandwich = resolver.resolve(on_bread["sandwich"])
            if sandwich.food_id is not None:
                match = sandwich
                notes.append(f"'on {on_bread['bread']}' not told apart by USDA")
        if match.food_id is None and (one := _one_filling(resolver, search_text)) is not None:
            # "ham and pineapple pizza": USDA names no such pizza; a ham pizza, for review
            read, match = one
            flags.append("low_score")
            notes.append(f"read as '{read}': USDA names no {search_text}")
        bare = without_trailing_measure(search_text)
        if "measure_after_food" in flags and bare:
            # "2 sausage links": two links of sausage, not "Sausage, Italian, sweet, links"
            measured = resolver.resolve(bare)
            if measured.food_id is not None and measured.food_id != match.food_id:
                if (
                    match.food_id is not None and match.description is not None
                    and _names_all_of(table, bare, match.food_id)
                ):  # fmt: skip
                    # the food the whole text names is the first to try for the measure
                    # ("3 fish sticks": "Fish, stick"; not for "5 carrot sticks")
                    named = ((match.food_id, match.description, match.score),)
                match, counted = measured, True
        elif (
            match.food_id is not None
            and (cut := trailing_cut(search_text))[1] is not None
            and not _names_all_of(table, search_text, match.food_id)
        ):  # fmt: skip
            # "carrot sticks": carrots cut in sticks, not "Fish, stick" (which a text of
            # nothing but its words, "fish sticks", "mozzarella sticks", still names)
            measured = resolver.resolve(cut[0])
            if measured.food_id is not None and _names_all_of(table, cut[0], measured.food_id):
                match = measured
                if unit_name == "each":  # "5 carrot sticks": five sticks of carrot
                    unit_name = cut[1]
                    flags.append("measure_after_food")
        twin = match.twin
        alternatives = match.alternatives
        if match.food_id is None:
            code = "weak_match" if match.reason == REASONS["weak_match"] else (
                "no_food_named" if match.reason == REASONS["no_food_named"] else "no_match"
            )  # fmt: skip
            return _unresolved(food_text, value, unit_name, flags, code,
                               match.reason or REASONS[code], score=match.score,
                               alternatives=alternatives)  # fmt: skip
        food_id, description, score = match.food_id, match.description, match.score
        if match.disagreement:
            flags.append("sources_disagree")
            notes.append(_disagreement_note(match.disagreement))
        else:
            rival = _close_rival(table, food_id, score, alternatives)
            if rival is not None:
                flags.append("close_match_differs")
                notes.append(rival)
        unknown = [w for w in table.unknown_words(search_text) if w not in UNIT_SPELLINGS]
        if unknown:  # "2 fig newtons" is not raw figs: the text names what USDA does not
            flags.append("unknown_words")
            notes.append(f"not in any USDA food name: {', '.join(unknown)}")
        missing = [
            w for w in table.missing_words(localise(search_text, resolver.locale), food_id)
            if w not in UNIT_SPELLINGS and w not in _NOT_FOOD_WORDS
        ]  # fmt: skip
        if missing:  # "scotch egg" is no "Scotch": a word of the line the food is not
            flags.append("partial_match")
            notes.append(f"not in the food's name: {', '.join(missing)}")
    assert food_id is not None
    found: dict[str, Any] = {
        "food_id": food_id, "description": description, "score": score,
        "alternatives": alternatives,
    }  # fmt: skip
    if value is not None and value < 0:
        return _unresolved(food_text, value, unit_name, flags, "negative_amount",
                           REASONS["negative_amount"], **found)  # fmt: skip
    guideline = None
    vague = value is not None and unit_name in VAGUE_MEASURES
    if (value is None or vague) and convention is not None:
        # the food's own FNDDS guideline, else its FNDDS twin's (SR28 butter has none)
        guideline = convention(food_id)
        if guideline is None and twin is not None:
            guideline = convention(twin[0])
    if guideline is not None:
        grams, note = guideline
        if vague:  # "tea with a dash of milk": the milk of the drink's guideline
            assert value is not None
            grams, note = value * grams, f"{value:g} {unit_name} read as {note}"
        value, unit_name = 1.0, "guideline"
        flags.append("assumed_portion")
        notes.append(note)
    elif reported_grams is not None and not math.isnan(reported_grams):
        grams = reported_grams
    else:
        if value is None:
            if "no_amount" not in flags:
                flags.append("no_amount")
            flags.append("default_portion")
            value, unit_name = 1.0, "default"
        key, words = _unit_words(unit_name or "each", preparation)
        if key in VOLUME_UNITS_ML:  # "1 tbsp ground flaxseed": the "tbsp, ground" row
            words = (*words, *_WORDS.findall(search_text.lower()))
        readings = [(key, words)]
        if "measure_after_food" in flags and not counted:
            # "1 hash brown patty": perhaps the noun named it
            readings.append(("each", ()))
        elif key == "each" and (noun := _last_measure_noun(search_text)) is not None:
            # "1 butterfinger bar": one bar of it (its regular bar), then one of it
            readings.insert(0, (noun, ()))
        elif key == "each" and (noun := _named_unit(table, food_id, search_text)) is not None:
            # "3 oreos": FNDDS weighs "1 Oreo sandwich" (11 g) apart from "1 sandwich" (14 g)
            readings.insert(0, (noun, ()))
        elif key == "each" and (
            kind := [w for w in preparation if w in table.portion_units(food_id)]
        ):  # "10 cherry tomatoes": ten of FNDDS's 17 g "cherry", not of its 125 g tomato
            readings.insert(0, (kind[0], ()))
        first_failure: MgcalcError | None = None
        for key, words in readings:
            choice, failure = _portion(table, food_id, key, words, resolver.locale)
            if failure is not None and not pinned:
                for i, (alt_id, alt_description, alt_score) in enumerate((*named, *alternatives)):
                    if i >= len(named) and alt_score < score - ALTERNATIVE_MARGIN:
                        break
                    alt_choice, alt_failure = _portion(table, alt_id, key, words, resolver.locale)
                    if alt_failure is None:
                        food_id, description, score, choice, failure = (
                            alt_id, alt_description, alt_score, alt_choice, None
                        )  # fmt: skip
                        flags.append("alternative_for_portion")
                        break
            first_failure = first_failure or failure
            if failure is None:
                unit_name = unit_name if key != "each" or unit_name == "each" else "each"
                break
        else:
            failure = first_failure
        if failure is not None or choice is None:
            found = {**found, "food_id": food_id}
            assert failure is not None
            return _unresolved(food_text, value, unit_name, flags, _code_of(failure),
                               str(failure), failure, notes, **found)  # fmt: skip
        grams = value * choice.grams
        if choice.assumed:
            flags.append("assumed_portion")
            notes.append(choice.measure)
        elif unit_name != "default" and twin is not None and key not in _MEASURED:
            other = _twin_portion_note(table, (food_id, choice), twin, key, words, resolver.locale)
            if other is not None:
                flags.append("sources_disagree")
                notes.append(other)
        elif unit_name == "default":
            survey = _survey_quantity(table, food_id, twin)
            if survey is not None:
                grams, measure = survey
                notes.append(f"no amount: {measure}")
            else:
                notes.append(f"no amount: {choice.measure}")
    if not grams <= MAX_ENTRY_GRAMS:
        given = f"{grams:,.6g} g" if value is None else f"{value:,.6g} {unit_name}"
        if value is not None and unit_name != "g":
            given += f" = {grams:,.6g} g" if math.isfinite(grams) else " = over 1e308 g"
        return _unresolved(
            food_text, value, unit_name, flags, "amount_too_large",
            f"{REASONS['amount_too_large']}: {given} (at most {MAX_ENTRY_GRAMS:,.0f} g in one "
            "line)", None, notes, **found,
        )  # fmt: skip
    return Resolution(
        food_text, food_id, description, score, alternatives,
        math.nan if value is None else value, unit_name, grams, None, None,
        tuple(dict.fromkeys(flags)), None, tuple(notes),
    )  # fmt: skip


# -- composite lines ------------------------------------------------------------------------


def is_whole_dish(resolver: Resolver, food_text: str, parts: Sequence[str]) -> bool:
    """Whether one food matches the whole of a composite text well enough to keep it whole.

    It must score at least :data:`WHOLE_DISH_MIN_SCORE`, name a word of every part, not be
    a negated form the text does not ask for ("Pizza, no cheese"), and the text must name at
    least :data:`WHOLE_DISH_FOOD_COVER` of the food's own words. "Chicken curry with rice"
    and "bean and cheese burrito" are FNDDS dishes; "coffee with milk" is not "Coffee,
    Latte, with non-dairy milk".
    """
    table = resolver.table
    search_text, _ = split_preparation(food_text)
    match = resolver.resolve(search_text)
    if match.food_id is None or match.score < WHOLE_DISH_MIN_SCORE:
        return False
    description = table.descriptions[table.position(match.food_id)]
    if not (_is_dish(table.food_group(match.food_id)) or _joined_name(description)):
        return False  # "Crackers, cheese" is not "cheese and crackers"
    local = localise(search_text, resolver.locale)
    _query, food, negated = table.coverage(local, match.food_id)
    if negated or food < WHOLE_DISH_FOOD_COVER:
        return False
    return all(
        table.coverage(localise(part, resolver.locale), match.food_id)[0] > 0 for part in parts
    )


DISH_GROUPS: Final = frozenset(
    {"Meals, Entrees, and Side Dishes", "Fast Foods", "Restaurant Foods",
     "Soups, Sauces, and Gravies", "Burritos and tacos", "Pizza", "Nachos", "Burgers",
     "Macaroni and cheese", "Fried rice and lo/chow mein", "Egg rolls, dumplings, sushi",
     "Stir-fry and soy-based sauce mixtures", "Vegetable dishes", "Bean, pea, legume dishes",
     "Turnovers and other grain-based items", "Lettuce and lettuce salads",
     "Coleslaw, non-lettuce salads", "Oatmeal", "Grits and other cooked cereals", "Coffee",
     "Tea", "Smoothies and grain drinks", "Milk shakes and other dairy drinks",
     "Liquor and cocktails", "Ramen and Asian broth-based soups", "Soups, broth-based",
     "Soups, cream-based", "Mashed potatoes and white potato mixtures",
     "Pancakes, waffles, French toast", "Cakes and pies", "Yogurt, Greek", "Yogurt, regular",
     "Ice cream and frozen dairy desserts", "Pudding", "Dips, gravies, other sauces"}
)  # fmt: skip
"""Food groups whose foods are dishes of several foods: only such a food can stand for a
whole composite line ("Chicken curry with rice", "Oatmeal, made with milk", "Tea, with
milk"); FNDDS categories whose name says "mixed dishes" or "sandwiches" are dishes too."""


_NOT_FOOD_WORDS: Final = frozenset(
    {*PREPARATION_WORDS, "ground", "double", "single", "triple", "big", "little", "mini", "tiny",
     "huge", "half", "whole", "homemade", "leftover", "fresh", "hot", "cold", "warm", "iced"}
)  # fmt: skip
"""Words of a line that say how much, how big or how it was served, not which food (with the
unit words of :data:`mgcalc.parse.UNIT_SPELLINGS`, left out where they are used): they
are not looked for in the food's name (:func:`_resolve_single`'s ``partial_match``)."""

_JOINED_NAME: Final = re.compile(r"^[^,(]*\b(?:and|with|&)\b", re.IGNORECASE)


def _joined_name(description: str) -> bool:
    """Whether a food's name, before its first comma, joins foods itself ("Peas and carrots,
    cooked", "Biscuit with gravy", "Beans and rice, with meat"): one food of two, which a
    line that names both means whole, whatever the food group."""
    return _JOINED_NAME.match(description) is not None


def _is_dish(group: str) -> bool:
    """Whether a food of this group is a dish of several foods (:data:`DISH_GROUPS`)."""
    lower = group.lower()
    return group in DISH_GROUPS or "mixed dishes" in lower or "sandwich" in lower


_GUIDELINES: Final = (
    ("per fl oz of beverage", "drink", "fl_oz"),
    ("per slice of bread", "bread", "slice"),
    ("per cup of hot cereal", "hot_cereal", "cup"),
    ("per cup of vegetable", "vegetable", "cup"),
    ("per sandwich", "sandwich", "item"),
    ("on regular sandwich", "sandwich", "item"),
    ("per hot dog or per hamburger", "sandwich", "item"),
    ("per cup of french fries", "fries", "cup"),
    ("per piece of sushi", "sushi", "item"),
)
"""FNDDS "Guideline amount ..." portions: (words of the measure, kind of the food it is
measured against, what it is counted in). Butter on toast is the butter's "Guideline amount
per slice of bread/roll" times the slices; milk in coffee its "Guideline amount per fl oz
of beverage" times the coffee's fluid ounces."""

_ADDED_TO: Final = "added to cold cereal"
"""The household-measure row for milk on ready-to-eat cereal, which has no FNDDS guideline."""


def _count_of(base: Resolution, table: FoodTable, per: str) -> float | None:
    """How many ``per`` (fl oz, cups, slices, items) the base component holds."""
    if base.food_id is None or math.isnan(base.grams):
        return None
    if per in ("fl_oz", "cup"):
        try:
            return base.grams / table.grams_per_unit(base.food_id, per)
        except (PortionError, UnitError):
            return None
    counted = base.unit in ("each", "slice", "piece", "default", "item", "sandwich")
    return base.amount if counted and not math.isnan(base.amount) else 1.0


def _convention_against(base: Resolution, table: FoodTable, locale: str, salad: bool) -> Convention:
    """The grams of a component with no amount, measured against the ``base`` component."""
    base_kinds = table.kinds(base.food_id) if base.food_id is not None else frozenset()

    def convention(food_id: str) -> tuple[float, str] | None:
        rows = table.guidelines(food_id)
        for words, kind, per in _GUIDELINES:
            if kind not in base_kinds:
                continue
            for measure, per_unit in rows:
                if words in measure.lower():
                    count = _count_of(base, table, per)
                    if count is None:
                        continue
                    grams = count * per_unit
                    return grams, (
                        f"FNDDS '{measure}' {per_unit:g} g × {count:.3g} {per} of "
                        f"{base.food_text} = {grams:.3g} g"
                    )
        if salad:
            for measure, per_unit in rows:
                if "in salad" in measure.lower():
                    return per_unit, f"FNDDS '{measure}' {per_unit:g} g"
        if "cold_cereal" in base_kinds:
            for household in household_measures():
                if household.measure == _ADDED_TO and household.foods in table.kinds(food_id):
                    choice = table.household_portion(food_id, household, locale)
                    if choice is not None:
                        return choice.grams, choice.measure
        return None

    return convention


def _resolve_composite(
    food_text: str,
    parts: Sequence[str],
    value: float | None,
    unit_name: str | None,
    flags: Sequence[str],
    resolver: Resolver,
) -> Resolution:
    """Resolve each component of a composite line; the line's amount is the first one's.

    The base component (the first; in "X on Y", Y) is resolved first; a component written
    without an amount is then measured against it by an FNDDS guideline (butter per slice
    of bread, milk per fl oz of coffee or per cup of hot cereal, greens in a salad) or the
    household table (milk on cold cereal), else it takes its default portion. Every
    component carries ``composite_split``; one with no amount of its own also
    ``assumed_portion``.
    """
    table = resolver.table
    line_flags = [f for f in flags if f != "no_amount"]
    readings: list[tuple[str, float | None, str | None, list[str], str | None]] = []
    for i, part in enumerate(parts):
        if i == 0:
            first_unit, first_flags = unit_name, [*line_flags]
            if unit_name == "each":  # "2 sausage links and 2 eggs": the links are the unit
                counted = parse_line(f"1 {part}")
                if "measure_after_food" in counted.flags:
                    first_unit, first_flags = counted.unit, [*first_flags, "measure_after_food"]
            readings.append((part, value, first_unit, first_flags, None))
            continue
        p_amount, p_unit, p_food, parsed_flags, p_error = _parsed(part)
        readings.append((p_food or part, p_amount, p_unit, [*parsed_flags], p_error))
    on = _BASE_AFTER.search(food_text)
    base_index = len(parts) - 1 if on is not None and readings[0][1] is None else 0
    if on is not None and readings[0][1] is not None:
        base_index = 0  # "2 tbsp peanut butter on toast": the toast is measured by default
    salad = "salad" in food_text.lower()
    resolved: dict[int, Resolution] = {}
    order = [base_index, *(i for i in range(len(parts)) if i != base_index)]
    for i in order:
        part_text, p_value, p_unit, p_flags, p_error = readings[i]
        p_flags = [f for f in p_flags if f != "no_amount"] if p_value is not None else p_flags
        if p_error is not None:
            resolved[i] = _unresolved(part_text, p_value, p_unit, [*p_flags, "composite_split"],
                                      _parse_reason(p_error), p_error)  # fmt: skip
            continue
        base = resolved.get(base_index)
        convention = (
            _convention_against(base, table, resolver.locale, salad)
            if base is not None and i != base_index and base.reason_code is None
            else None
        )
        one = _resolve_single(part_text, resolver, p_value, p_unit, p_flags,
                              convention=convention)  # fmt: skip
        if p_value is None and one.reason_code is None and "assumed_portion" not in one.flags:
            one = one._replace(flags=(*one.flags, "assumed_portion"))
        resolved[i] = one._replace(flags=tuple(dict.fromkeys((*one.flags, "composite_split"))))
    components = tuple(resolved[i] for i in range(len(parts)))
    failed = next((c for c in components if c.reason_code is not None), None)
    grams = sum(c.grams for c in components)
    scores = [c.score for c in components if not math.isnan(c.score)]
    note = "split into " + " + ".join(f"'{c.food_text}'" for c in components)
    return Resolution(
        food_text, None,
        " + ".join(c.description or c.food_text for c in components),
        min(scores) if scores else math.nan, (),
        math.nan if value is None else value, unit_name,
        grams if failed is None else math.nan,
        None if failed is None else failed.reason_code,
        None if failed is None else f"{failed.food_text!r}: {failed.reason}",
        tuple(dict.fromkeys((*line_flags, "composite_split"))),
        None if failed is None else failed.error,
        (note,), components,
    )  # fmt: skip


# -- a whole log --------------------------------------------------------------------------


def resolve_rows(
    text: Sequence[Any],
    resolver: Resolver,
    *,
    food_id: Sequence[Any] | None = None,
    amount: Sequence[Any] | None = None,
    unit: Sequence[Any] | None = None,
    reported: Sequence[Any] | None = None,
    reported_grams: Sequence[Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Resolution], npt.NDArray[np.intp]]:
    """Resolve every row of a log, each distinct row once.

    Parameters
    ----------
    text, food_id, amount, unit, reported, reported_grams
        The log's columns, row for row (see :data:`mgcalc.log.ENTRY_COLUMNS`); missing
        columns are all None.
    progress
        Called as ``progress(done, total)`` with the distinct rows resolved so far, every
        100 and at the end (for a progress bar).

    Returns
    -------
    (resolutions, codes)
        One :class:`Resolution` per distinct row, and for each row of the log the index of
        its resolution (``resolutions[codes[i]]`` is row ``i``'s).
    """
    n = len(text)
    nothing = [None] * n
    keys = zip(
        text,
        food_id if food_id is not None else nothing,
        [None if a != a else a for a in amount] if amount is not None else nothing,  # NaN
        unit if unit is not None else nothing,
        [bool(r) for r in reported] if reported is not None else nothing,
        [None if g != g else g for g in reported_grams] if reported_grams is not None else nothing,
        strict=True,
    )
    seen: dict[tuple[Any, ...], int] = {}  # distinct row -> its code, in order of appearance
    codes = np.fromiter([seen.setdefault(key, len(seen)) for key in keys], np.intp, n)
    distinct = list(seen)
    resolutions: list[Resolution] = []
    context, cache = _resolver_key(resolver), _line_cache(resolver)
    for t, f, a, u, r, g in distinct:
        resolutions.append(_cached_line(cache, str(t), resolver, context, f, a, u, r, g))
        if progress is not None and len(resolutions) % 100 == 0:
            progress(len(resolutions), len(distinct))
    if progress is not None:
        progress(len(distinct), len(distinct))
    return resolutions, codes
