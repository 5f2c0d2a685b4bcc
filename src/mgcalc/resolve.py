"""Resolution: a log line becomes a food and grams, in small steps, each distinct line once.

The steps, for one line (:func:`resolve_line`):

1. **parse** the text into amount, unit and food text (:func:`mgcalc.parse.parse_line`);
   an explicit amount and unit (a CSV column, :meth:`FoodLog.add`) override the text's;
2. **match** the food text to a food (:class:`Resolver`; a pinned id or a pin of the text
   wins), with a score and the next-best alternatives;
3. **grams** from the amount and the food's portions (:meth:`FoodTable.grams_per_unit`);
   when the best food cannot take the amount, an alternative that scored almost as well
   and can is used (flag ``alternative_for_portion``);
4. **reported values**: a row whose nutrients another tool already computed (an import
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
from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

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
from mgcalc.foods import VOLUME_UNITS_ML, FoodTable
from mgcalc.parse import parse_line, portion_key

__all__ = [
    "DEFAULT_MIN_SCORE",
    "PREPARATION_WORDS",
    "Match",
    "Resolution",
    "Resolver",
    "normalise_key",
    "resolve_line",
    "resolve_rows",
    "split_preparation",
]

DEFAULT_MIN_SCORE: Final = MIN_SCORE
"""Scores below this (0-100) are weak matches: reported with candidates, not used."""

_SPACES: Final = re.compile(r"\s+")

PREPARATION_WORDS: Final = frozenset(
    {"sliced", "chopped", "diced", "shredded", "grated", "cubed", "halved", "crushed",
     "packed", "heaping", "heaped", "level", "fillet", "fillets", "filet", "filets"}
)  # fmt: skip
"""Words that say how a food was cut or measured, not which food it is: they are left out
of the food search and used to pick the matching portion ("1 cup, chopped")."""

# "Shredded wheat" is a food, not wheat that was shredded.
_PREPARATION = re.compile(
    r"\b(" + "|".join(sorted(PREPARATION_WORDS, key=len, reverse=True)) + r")\b(?!\s+wheat)",
    re.IGNORECASE,
)
_COMMAS: Final = re.compile(r"\s*,\s*(,\s*)+")


def split_preparation(text: str) -> tuple[str, tuple[str, ...]]:
    """Split ``"sliced mushrooms"`` into the food (``"mushrooms"``) and how it was cut
    (``("sliced",)``).

    >>> split_preparation("strawberries, sliced")
    ('strawberries', ('sliced',))
    """
    words = tuple(w.lower() for w in _PREPARATION.findall(text))
    if not words:
        return text, ()
    food = _SPACES.sub(" ", _PREPARATION.sub(" ", text)).strip(" ,;")
    food = _COMMAS.sub(", ", food)
    return (food or text), words


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
    """

    text: str
    food_id: str | None
    description: str | None
    score: float
    alternatives: tuple[tuple[str, str, float], ...] = ()
    reason: str | None = None
    pinned: bool = False


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

    Notes
    -----
    Searches are cached per table and shared by every resolver of that table with the
    same ``min_score`` and ``n_alternatives`` (:data:`mgcalc.defaults.MATCH_CACHE_SIZE`
    texts, least recently used dropped first; safe to use from several threads).
    """

    table: FoodTable
    min_score: float = DEFAULT_MIN_SCORE
    pins: Mapping[str, str] = field(default_factory=dict)
    n_alternatives: int = N_ALTERNATIVES
    _cache: dict[str, Match] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
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
            shared_key = (key, self.min_score, self.n_alternatives)
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
        rows = self.table.candidates(text, limit=self.n_alternatives + 1)
        if not rows:
            return Match(text, None, None, 0.0, (), REASONS["no_match"])
        best_id, best_description, best_score = rows[0]
        if best_score < self.min_score:
            return Match(text, None, None, best_score, tuple(rows), REASONS["weak_match"])
        return Match(text, best_id, best_description, best_score, tuple(rows[1:]))

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
        The food used.
    score : float
        Match score (0-100; 100 for a pinned food; NaN when not matched).
    alternatives : tuple of (food_id, description, score)
        Next-best foods.
    amount : float
        How many ``unit`` [unit]; NaN when unknown.
    unit : str or None
        The unit name (``"cup"``, ``"large"``, ``"default"`` for the default portion).
    grams : float
        Weight [g]; NaN when unknown.
    reason_code : str or None
        Why the row is unresolved (a key of :data:`mgcalc._reasons.REASONS`), else None.
    reason : str or None
        The message that explains it.
    flags : tuple of str
        How the row was read (``no_amount``, ``default_portion``, ``range_midpoint`` ...).
    error : MgcalcError or None
        The error behind the reason, when there is one (for :func:`mgcalc.estimate`).
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


def _grams_per_unit(
    table: FoodTable, food_id: str, unit: str, words: tuple[str, ...]
) -> tuple[float, MgcalcError | None]:
    """Grams in one unit of a food, or the error that says why not (cached per table)."""
    cache = _table_cache(table, "grams", 4 * MATCH_CACHE_SIZE)
    key = (food_id, unit, words)
    found: tuple[float, MgcalcError | None] | None = cache.get(key)
    if found is None:
        try:
            if unit == "default":
                value = table.grams(food_id)
            else:
                value = table.grams_per_unit(food_id, unit, words, " ".join((unit, *words)))
            found = (value, None)
        except (PortionError, UnitError) as exc:
            found = (math.nan, exc)
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


def _code_of(error: MgcalcError) -> str:
    return "bad_unit" if isinstance(error, UnitError) else "no_portion"


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
    """Resolve one log row: which food, how many grams, or why not.

    Parameters
    ----------
    text
        The line as written ("1 cup spinach, boiled"), or the food's name when ``amount``
        is given.
    resolver
        Matches the food text (its table, pins and threshold).
    food_id
        A pinned food (skips matching).
    amount, unit
        An explicit amount [unit], overriding any amount in the text.
    reported
        The row carries values another tool computed: it is not matched.
    reported_grams
        Its weight as reported [g], if any.

    Returns
    -------
    Resolution
        The food, grams [g] and flags, or the reason code and message of an unresolved row.
    """
    table = resolver.table
    parsed_amount, parsed_unit, food_text, parsed_flags, error = _parsed(text)
    explicit = amount is not None and not math.isnan(amount)
    food_text = food_text or text
    search_text, preparation = split_preparation(food_text)
    flags = list(parsed_flags)
    value: float | None
    unit_name: str | None
    if explicit:
        value = amount
        unit_name = unit or "each"
        flags = [f for f in flags if f != "no_amount"]
    else:
        value, unit_name = parsed_amount, parsed_unit

    def unresolved(
        code: str, message: str, err: MgcalcError | None = None, **found: Any
    ) -> Resolution:
        return Resolution(
            food_text, found.get("food_id"), found.get("description"),
            found.get("score", math.nan), found.get("alternatives", ()),
            math.nan if value is None else value, unit_name, math.nan, code, message,
            tuple(flags), err,
        )  # fmt: skip

    if error is not None and not explicit and not reported:
        return unresolved(_parse_reason(error), error)
    if food_id is None and resolver.pins:  # a pin may name the whole line, amount included
        food_id = resolver.pins.get(normalise_key(text))
    description: str | None = None
    score = math.nan
    alternatives: tuple[tuple[str, str, float], ...] = ()
    if food_id is not None:
        position = table.position(food_id)
        if position < 0:
            return unresolved("unknown_food_id", f"{REASONS['unknown_food_id']} {food_id}")
        description, score = table.descriptions[position], 100.0
    if reported:
        grams = math.nan if reported_grams is None else reported_grams
        return Resolution(
            food_text, food_id, description, score, (), math.nan if value is None else value,
            unit_name, grams, None, None, tuple(flags),
        )  # fmt: skip
    pinned = food_id is not None
    if not pinned:
        match = resolver.resolve(search_text)
        alternatives = match.alternatives
        if match.food_id is None:
            code = "weak_match" if match.reason == REASONS["weak_match"] else (
                "no_food_named" if match.reason == REASONS["no_food_named"] else "no_match"
            )  # fmt: skip
            return unresolved(code, match.reason or REASONS[code], score=match.score,
                              alternatives=alternatives)  # fmt: skip
        food_id, description, score = match.food_id, match.description, match.score
    assert food_id is not None
    found: dict[str, Any] = {
        "food_id": food_id, "description": description, "score": score,
        "alternatives": alternatives,
    }  # fmt: skip
    if value is not None and value < 0:
        return unresolved("negative_amount", REASONS["negative_amount"], **found)
    if value is None:
        flags += ["default_portion"] if "no_amount" in flags else ["no_amount", "default_portion"]
        value, unit_name = 1.0, "default"
    if reported_grams is not None and not math.isnan(reported_grams):
        grams = reported_grams
    else:
        key, words = _unit_words(unit_name or "each", preparation)
        per_unit, failure = _grams_per_unit(table, food_id, key, words)
        if failure is not None and not pinned:
            for alt_id, alt_description, alt_score in alternatives:
                if alt_score < score - ALTERNATIVE_MARGIN:
                    break
                alt_grams, alt_failure = _grams_per_unit(table, alt_id, key, words)
                if alt_failure is None:
                    food_id, description, score, per_unit, failure = (
                        alt_id, alt_description, alt_score, alt_grams, None
                    )  # fmt: skip
                    flags.append("alternative_for_portion")
                    break
        if failure is not None:
            found = {**found, "food_id": food_id}
            return unresolved(_code_of(failure), str(failure), failure, **found)
        grams = value * per_unit
    if not grams <= MAX_ENTRY_GRAMS:
        given = f"{value:,.6g} {unit_name}"
        if unit_name != "g":
            given += f" = {grams:,.6g} g" if math.isfinite(grams) else " = over 1e308 g"
        return unresolved(
            "amount_too_large",
            f"{REASONS['amount_too_large']}: {given} (at most {MAX_ENTRY_GRAMS:,.0f} g in one "
            "line)",
            **found,
        )
    return Resolution(
        food_text, food_id, description, score, alternatives, value, unit_name, grams, None,
        None, tuple(flags),
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
    seen: dict[tuple[Any, ...], int] = {}
    distinct: list[tuple[Any, ...]] = []
    codes = np.empty(n, dtype=np.intp)
    for i, key in enumerate(keys):
        code = seen.get(key)
        if code is None:
            code = seen[key] = len(distinct)
            distinct.append(key)
        codes[i] = code
    resolutions: list[Resolution] = []
    for t, f, a, u, r, g in distinct:
        resolutions.append(
            resolve_line(
                str(t), resolver, food_id=f, amount=a, unit=u, reported=r, reported_grams=g
            )
        )
        if progress is not None and len(resolutions) % 100 == 0:
            progress(len(resolutions), len(distinct))
    if progress is not None:
        progress(len(distinct), len(distinct))
    return resolutions, codes
