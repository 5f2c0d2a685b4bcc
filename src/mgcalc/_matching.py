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
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd
from rapidfuzz import fuzz, process

__all__ = ["MatchIndex", "normalise_tokens"]

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
    "courgette": "zucchini",
    "aubergine": "eggplant",
    "boiled": "cooked",
    "sauteed": "cooked",
    "fried": "fried",
    "toasted": "toast",
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
    "crisp": "potato chip",
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
    "spaghetti": "spaghetti",
    "cornflake": "corn flake",
    "choc": "chocolate",
    "tinned": "canned",
}

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
}
"""Multi-word spellings folded before the text is split into words."""

NEGATIONS: Final = frozenset({"no", "without", "excluding", "except", "non", "not"})
"""A word after one of these is negated: "Pizza, no cheese" holds ``no_cheese``, not ``cheese``."""

STOP_WORDS: Final = frozenset(
    {"a", "an", "the", "of", "and", "with", "or", "in", "on", "for", "to", "some", "my", "fresh",
     "plain", "homemade", "style", "type", "nfs", "ns", "from", "made", "eaten", "as", "w",
     "includes", "include"}
)  # fmt: skip

# First segments of USDA names that name a category rather than the food itself.
CATEGORY_HEADS: Final = frozenset(
    {"nut", "seed", "bean", "beverage", "cereal", "spice", "fish", "vegetable", "fruit",
     "cheese", "beef", "pork", "lamb", "veal", "chicken", "turkey", "cereal ready to eat",
     "snack", "candy", "game meat", "mollusk", "crustacean", "alcoholic beverage",
     "infant formula", "sweetener", "lentil", "pea", "grain", "soup", "coffee", "tea"}
)  # fmt: skip

# Words that describe the plainest form of a food; a food is not penalised for having
# them (so "Egg, whole, raw, fresh" is as plain as "Egg"), though a query can still ask
# for them ("raw spinach").
PLAIN_WORDS: Final = frozenset(
    {"raw", "whole", "fresh", "plain", "regular", "unroasted", "unsalted", "without", "salt",
     "added", "drained", "mature", "commercial", "all", "variety", "unenriched", "enriched",
     "unprepared", "prepared", "not", "fortified", "nfs", "ns", "type", "as", "to", "form",
     "english", "edible", "portion", "solids", "liquid", "dry", "kernel", "flesh", "skin",
     "peel", "tap", "water", "brewed", "made", "no", "fat", "lean", "only", "trimmed"}
)  # fmt: skip

PROCESSED_WORDS: Final = frozenset(
    {"frozen", "canned", "pickled", "sweetened", "dehydrated", "fried", "flavored", "stuffed",
     "candied", "glazed", "breaded", "battered", "imitation", "substitute", "instant", "powder",
     "concentrate", "syrup", "vegetable", "cinnamon", "raisin", "chocolate", "honey", "smoked",
     "salted", "creamed", "juice", "oil", "flour", "meal", "sauce", "soup", "dessert", "pie",
     "cake", "cookie", "bar", "mix", "prepared", "reduced", "light", "nonfat", "whiskey",
     "rum", "vodka", "gin", "tequila", "liqueur", "cocktail", "brandy", "smoothie"}
)  # fmt: skip
"""Words of a processed or derived form: a food holding one is demoted unless the query has it."""

UNCOOKED_GROUPS: Final = frozenset({"Legumes and Legume Products", "Cereal Grains and Pasta"})
UNCOOKED_WORDS: Final = frozenset({"raw", "dry", "uncooked", "dried", "unprepared"})
"""Legumes and grains are eaten cooked: their raw or dry rows wait until the query asks."""

DEMOTED_GROUPS: Final[Mapping[str, float]] = {
    "Fast Foods": 12.0,
    "Restaurant Foods": 12.0,
    "American Indian/Alaska Native Foods": 12.0,
    "Meals, Entrees, and Side Dishes": 4.0,
}

_WORD = re.compile(r"[a-z0-9%]+(?:['’][a-z]+)?")
_BRAND = re.compile(r"\b[A-Z][A-Z'&.\-]{2,}\b")
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
    for phrase, replacement in PHRASES.items():
        if phrase in plain:
            plain = plain.replace(phrase, replacement)
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


def _is_plain(token: str) -> bool:
    """Whether a token describes the plain form of a food (or negates something)."""
    return token in PLAIN_WORDS or token.startswith("no_")


def _category_tokens(description: str, aliases: Mapping[str, str]) -> list[str]:
    """The tokens of a leading category segment ("Nuts" of "Nuts, almonds"), if any."""
    first = normalise_tokens(description.split(",", 1)[0], aliases)
    return first if " ".join(first) in CATEGORY_HEADS else []


def _head_tokens(description: str, aliases: Mapping[str, str]) -> list[str]:
    """Tokens of the food's head: its first comma segment, or the first two segments
    when the first is a category word ("Nuts, almonds" -> nut, almond)."""
    segments = [s for s in description.split(",") if s.strip()]
    if not segments:
        return []
    head = normalise_tokens(segments[0], aliases)
    if len(segments) > 1 and " ".join(head) in CATEGORY_HEADS:
        head = head + normalise_tokens(segments[1], aliases)
    return head


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
        descriptions = foods["description"].astype(str).to_numpy(dtype=object)
        commons = (
            foods["common_names"]
            .fillna("")
            .astype(str)
            .where(lambda c: ~c.str.lower().str.startswith("includes"), "")
            .to_numpy(dtype=object)
        )
        token_lists: list[list[str]] = []
        head_lists: list[list[str]] = []
        described: list[set[str]] = []
        for description, common in zip(descriptions, commons, strict=True):
            tokens = normalise_tokens(f"{description} {common}", aliases)
            token_lists.append(tokens)
            # Common names are other names of the food, not more of its description:
            # they can match, but a food is not less plain for having many.
            described.append(set(normalise_tokens(str(description), aliases)))
            head = _head_tokens(description, aliases)
            for name in common.split(","):
                head += normalise_tokens(name, aliases)
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
        categories = [set(_category_tokens(str(d), aliases)) for d in descriptions]
        for i, (tokens, head) in enumerate(zip(token_lists, head_lists, strict=True)):
            for token in tokens:
                postings_lists.setdefault(token, []).append(i)
                if not _is_plain(token) and token not in categories[i] and token in described[i]:
                    food_weight[i] += idf[token]
            for token in head:
                head_lists_by_token.setdefault(token, []).append(i)
            # The head's weight is the description's own head: a common name ("spaghetti"
            # for "Pasta, cooked") is another name for it, and matching one counts in full.
            for token in dict.fromkeys(_head_tokens(str(descriptions[i]), aliases)):
                head_weight[i] += idf.get(token, 0.0)
        groups = foods["food_group"].fillna("").astype(str).to_numpy(dtype=object)
        no_magnesium = foods["magnesium_mg_per_100g"].isna().to_numpy()
        demotion = np.zeros(n)
        floor = np.zeros(n)
        lifts: dict[str, list[tuple[int, float]]] = {}
        for i in range(n):
            description = str(descriptions[i])
            lower = description.lower()
            group = str(groups[i])
            # Unconditional: what no query asks for by name.
            fixed = DEMOTED_GROUPS.get(group, 0.0)
            if "as ingredient" in lower:
                fixed += 15.0
            if "with salt" in lower:
                fixed += 0.5  # prefer the unsalted twin when the query does not say
            if not has_portions[i]:
                fixed += 6.0
            if no_magnesium[i]:
                fixed += 6.0
            # Conditional: lifted when the query names the word that caused it.
            conditional: list[tuple[float, frozenset[str]]] = []
            if group == "Baby Foods" or lower.startswith(("babyfood", "baby food", "baby toddler")):
                conditional.append((30.0, frozenset({"baby", "babyfood", "infant", "toddler"})))
            brands = {
                t for match in _BRAND.findall(description) for t in normalise_tokens(match, aliases)
            }
            if brands:
                conditional.append((12.0, frozenset(brands)))
            token_set = set(token_lists[i])
            for word in PROCESSED_WORDS & token_set:
                conditional.append((4.0, frozenset({word})))
            if group in UNCOOKED_GROUPS and token_set & UNCOOKED_WORDS:
                conditional.append((6.0, UNCOOKED_WORDS))
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
            length=np.array([len(t) for t in token_lists], dtype=float),
            sources=foods["source"].astype(str).to_numpy(dtype=object),
            vocabulary=sorted(document_frequency),
        )

    def _normalised(self, i: int) -> str:
        """Food ``i``'s description as normalised words (kept once made: the tie-break
        compares a query with the same few hundred foods again and again)."""
        cache: dict[int, str] = self.__dict__.setdefault("_normalised_cache", {})
        text = cache.get(i)
        if text is None:
            text = cache[i] = " ".join(normalise_tokens(str(self.descriptions[i]), self.aliases))
        return text

    def _correct(self, token: str) -> str | None:
        """The vocabulary word nearest to an unknown query word, if one is close."""
        if token in self.postings:
            return token
        if len(token) < 4 or token.isdigit():
            return None
        best = process.extractOne(token, self.vocabulary, scorer=fuzz.ratio, score_cutoff=84)
        return str(best[0]) if best else None

    def query_tokens(self, text: str) -> list[str]:
        """The query's tokens, with unknown words corrected to the vocabulary (or dropped)."""
        tokens = []
        for token in normalise_tokens(text, self.aliases):
            corrected = self._correct(token)
            if corrected is not None:
                tokens.append(corrected)
        return list(dict.fromkeys(tokens))

    def scores(
        self, text: str, allowed: npt.NDArray[np.bool_] | None = None
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]:
        """Score every food that shares a word with ``text``.

        Returns
        -------
        indices, scores
            Row positions of the candidate foods and their scores (0-100), unsorted.
        """
        raw_tokens = normalise_tokens(text, self.aliases)
        tokens = self.query_tokens(text)
        if not tokens:
            return np.empty(0, dtype=np.intp), np.empty(0)
        n = len(self.food_ids)
        matched = np.zeros(n)
        matched_food = np.zeros(n)
        head_matched = np.zeros(n)
        for token in tokens:
            weight = self.idf[token]
            matched[self.postings[token]] += weight
            if not _is_plain(token):
                matched_food[self.postings[token]] += weight
            head = self.head_postings.get(token)
            if head is not None:
                head_matched[head] += weight
        candidates = np.flatnonzero(matched)
        if allowed is not None:
            candidates = candidates[allowed[candidates]]
        query_weight = sum(self.idf[t] for t in tokens)
        # Words of the query we could not place still count against every food.
        query_weight += sum(3.0 for t in raw_tokens if self._correct(t) is None)
        m = matched[candidates]
        cover_query = m / query_weight
        food_w = self.food_weight[candidates]
        cover_food = np.divide(
            matched_food[candidates], food_w, out=np.ones(len(candidates)), where=food_w > 0
        ).clip(0.0, 1.0)
        head_w = self.head_weight[candidates]
        cover_head = np.divide(
            head_matched[candidates], head_w, out=np.zeros(len(candidates)), where=head_w > 0
        ).clip(0.0, 1.0)
        lift = np.zeros(n)
        for token in set(tokens) | set(raw_tokens):
            lifted = self.lift_postings.get(token)
            if lifted is not None:
                np.add.at(lift, lifted[0], lifted[1])
        demotion = np.maximum(
            self.demotion[candidates] - lift[candidates], self.demotion_floor[candidates]
        )
        score = 100.0 * (0.55 * cover_query + 0.25 * cover_food + 0.20 * cover_head)
        score -= demotion
        score += np.where(self.sources[candidates] == "sr28", 0.5, 0.0)
        score -= 0.05 * self.length[candidates]
        return candidates, np.clip(score, 0.0, 100.0)

    def rank(
        self, text: str, limit: int, allowed: npt.NDArray[np.bool_] | None = None
    ) -> list[tuple[int, float]]:
        """The ``limit`` best foods for ``text`` as (row position, score), best first.

        Ties within half a point are broken by rapidfuzz's token-set ratio between
        the query and the description.
        """
        candidates, score = self.scores(text, allowed)
        if len(candidates) == 0:
            return []
        keep = min(len(candidates), max(limit * 4, 20))
        top = (
            np.argpartition(-score, keep - 1)[:keep] if keep < len(score) else np.arange(len(score))
        )
        query = " ".join(normalise_tokens(text, self.aliases))
        refined = []
        for j in top:
            i = int(candidates[j])
            fuzzy = fuzz.token_set_ratio(query, self._normalised(i))
            refined.append((i, float(score[j]), float(score[j]) + 0.01 * fuzzy))
        refined.sort(key=lambda row: (-row[2], str(self.food_ids[row[0]])))
        return [(i, round(s, 2)) for i, s, _ in refined[:limit]]
