"""Resolution: food text -> food id, with a score and the next-best alternatives.

Each distinct normalised text is matched once and cached, so a log of 100,000 lines
holding 5,000 distinct texts costs 5,000 searches. A best match scoring below the
threshold is *not used*: the entry is unresolved ("weak match") and its candidates are
reported, so a person can pin the right one (:meth:`mgcalc.FoodLog.pin`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

import pandas as pd

from mgcalc.foods import FoodTable

__all__ = [
    "DEFAULT_MIN_SCORE",
    "PREPARATION_WORDS",
    "Match",
    "Resolver",
    "normalise_key",
    "split_preparation",
]

DEFAULT_MIN_SCORE: Final = 65.0
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
    food = re.sub(r"\s*,\s*(,\s*)+", ", ", food)
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
    """

    table: FoodTable
    min_score: float = DEFAULT_MIN_SCORE
    pins: Mapping[str, str] = field(default_factory=dict)
    n_alternatives: int = 3
    _cache: dict[str, Match] = field(default_factory=dict, repr=False)

    def resolve(self, text: str) -> Match:
        """Match one food text (cached by its normalised form)."""
        key = normalise_key(text)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        match = self._match(key, text)
        self._cache[key] = match
        return match

    def _match(self, key: str, text: str) -> Match:
        pinned = self.pins.get(key)
        if pinned is not None:
            if pinned not in self.table:
                return Match(text, None, None, 0.0, (), f"pinned food id {pinned!r} is unknown")
            food = self.table.foods.iloc[self.table._position[pinned]]
            return Match(text, pinned, str(food["description"]), 100.0, (), None, True)
        if not key:
            return Match(text, None, None, 0.0, (), "no food named")
        rows = self.table.candidates(text, limit=self.n_alternatives + 1)
        if not rows:
            return Match(text, None, None, 0.0, (), "no match")
        best_id, best_description, best_score = rows[0]
        if best_score < self.min_score:
            return Match(text, None, None, best_score, tuple(rows), "weak match")
        return Match(text, best_id, best_description, best_score, tuple(rows[1:]))

    def resolve_many(self, texts: Iterable[str]) -> pd.DataFrame:
        """Match many texts; one row per text with food_id, description, match_score,
        alternatives and reason."""
        series = pd.Series(list(texts), dtype=object)
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
