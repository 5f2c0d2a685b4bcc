"""Tests for :mod:`mgcalc.resolve`: food text -> food id with a score, alternatives, the
weak-match threshold, pins and the per-text cache."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mgcalc.foods import FoodTable
from mgcalc.resolve import DEFAULT_MIN_SCORE, Match, Resolver, normalise_key

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
