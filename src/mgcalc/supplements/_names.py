"""What a supplement's name says it contains: magnesium, calcium, vitamin D, a compound, or
another nutrient that mgcalc does not track.

:func:`read_names` reads the words of a product name or a label line ("Nature's X Magnesium
Citrate", "Calcium (as calcium carbonate)", "Zinc", "Vitamin D3") into mentions, each a
tracked nutrient (with its compound, if named), or an untracked nutrient. Words it does not
know (brands, "tablets", "gummies") are skipped. The vocabulary is closed and written down
here, so a misspelt "magnesum" is never taken for another nutrient: callers refuse a name
with no mention at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Final, Literal, NamedTuple

from mgcalc.supplements.forms import all_forms, form_index, normalise, words_of

__all__ = [
    "OTHER_NUTRIENTS",
    "SALT_WORDS",
    "TRACKED_NAMES",
    "Mention",
    "TrackedNutrient",
    "read_names",
]

TrackedNutrient = Literal["magnesium", "calcium", "vitamin_d"]
"""A nutrient mgcalc follows from supplements."""

TRACKED_NAMES: Final[dict[str, TrackedNutrient]] = {
    "magnesium": "magnesium", "mg": "magnesium", "mag": "magnesium",
    "calcium": "calcium", "ca": "calcium", "cal": "calcium",
    "vitamin d": "vitamin_d", "vitamin d3": "vitamin_d", "vitamin d2": "vitamin_d",
    "vitamin d 3": "vitamin_d", "vitamin d 2": "vitamin_d", "vit d": "vitamin_d",
    "vit d3": "vitamin_d", "vit d2": "vitamin_d", "d3": "vitamin_d", "d2": "vitamin_d",
    "cholecalciferol": "vitamin_d", "ergocalciferol": "vitamin_d", "calciferol": "vitamin_d",
}  # fmt: skip
"""Names of the tracked nutrients (lower case, singular, words as :func:`words_of` gives them):
element names, their symbols and the abbreviations of product names ("Cal-Mag"), and the
vitamin D names of Supplement Facts panels (D3 cholecalciferol, D2 ergocalciferol)."""

_OTHER: Final = (
    # vitamins and minerals of the US Daily Values (21 CFR 101.9(c)(8)(iv)), except Mg, Ca, D
    "vitamin a", "retinol", "retinyl palmitate", "beta carotene", "vitamin c", "ascorbic acid",
    "vitamin e", "tocopherol", "vitamin k", "vitamin k1", "vitamin k2", "phylloquinone",
    "menaquinone", "thiamin", "thiamine", "vitamin b1", "riboflavin", "vitamin b2", "niacin",
    "niacinamide", "vitamin b3", "vitamin b6", "b6", "pyridoxine", "folate", "folic acid",
    "vitamin b9", "vitamin b12", "b12", "cobalamin", "cyanocobalamin", "methylcobalamin",
    "biotin", "vitamin b7", "pantothenic acid", "vitamin b5", "choline", "iron", "ferrous",
    "phosphorus", "iodine", "zinc", "selenium", "copper", "manganese", "chromium",
    "molybdenum", "chloride", "potassium", "sodium", "fluoride",
    # what a Nutrition or Supplement Facts panel lists besides
    "calorie", "energy", "total fat", "fat", "saturated fat", "trans fat", "cholesterol",
    "total carbohydrate", "carbohydrate", "sugar", "total sugar", "added sugar",
    "dietary fiber", "fiber", "fibre", "protein",
    # common non-nutrient supplements
    "boron", "silicon", "silica", "vanadium", "nickel", "tin", "omega 3", "fish oil", "epa",
    "dha", "coenzyme q10", "coq10", "lutein", "zeaxanthin", "lycopene", "melatonin",
    "collagen", "probiotic", "glucosamine", "chondroitin", "msm", "turmeric", "curcumin",
    "inositol", "creatine", "caffeine", "bioflavonoid", "multivitamin", "b complex",
    "vitamin b complex",
)  # fmt: skip
OTHER_NUTRIENTS: Final[frozenset[str]] = frozenset(" ".join(words_of(n)) for n in _OTHER)
"""Nutrients and supplements mgcalc recognises so as to leave them out: the other vitamins
and minerals of the US Daily Values (21 CFR 101.9(c)(8)(iv)), the other lines of a
Nutrition or Supplement Facts panel, and common non-nutrient supplements."""

_SALTS: Final = frozenset(
    {
        "acetate", "acetyl", "acetyltaurate", "acid", "amino", "anhydrous", "ascorbate",
        "aspartate", "basic", "bicarbonate", "bisglycinate", "carbonate", "chelate",
        "chloride", "citrate", "dibasic", "dicitrate", "dihydrate", "fumarate", "gluconate",
        "glycerophosphate", "glycinate", "heavy", "heptahydrate", "hexahydrate", "hydrogen",
        "hydroxide", "hydroxyapatite", "hydroxylapatite", "lactate", "light", "malate",
        "microcrystalline", "monohydrate", "n", "nonahydrate", "orotate", "oxide",
        "pentahydrate", "phosphate", "picolinate", "pidolate", "pyroglutamate", "silicate",
        "succinate", "sulfate", "taurate", "tetradecahydrate", "tetrahydrate", "threonate",
        "tribasic", "trihydrate", "trisilicate",
    }
)  # fmt: skip
SALT_WORDS: Final[frozenset[str]] = frozenset(words_of(" ".join(sorted(_SALTS))))
"""Words that, after an element's name, make it a compound ("magnesium *sulfate*"); the
tests check that every word of the forms table's names is one of these, an element word, or
part of a named alias."""

_CHELATE: Final = "chelate"
"""After a named salt, "chelate" names the same salt ("bisglycinate chelate")."""

_MAX_WORDS: Final = 6


class Mention(NamedTuple):
    """One nutrient a name mentions.

    Attributes
    ----------
    nutrient : str
        ``"magnesium"``, ``"calcium"``, ``"vitamin_d"``, or the untracked nutrient's name
        (``"zinc"``) when ``tracked`` is False.
    tracked : bool
        Whether mgcalc follows this nutrient.
    form_id : str or None
        The known compound named (``"oxide"``), if any.
    compound : str or None
        The compound as named (``"magnesium sulfate"``), also when it is not a known form.
    """

    nutrient: str
    tracked: bool
    form_id: str | None
    compound: str | None


@cache
def _tracked_keys() -> dict[str, TrackedNutrient]:
    return {" ".join(words_of(name)): nutrient for name, nutrient in TRACKED_NAMES.items()}


def _longest(words: list[str], start: int, keys: frozenset[str] | Mapping[str, object]) -> int:
    """The number of words from ``start`` that make the longest key (0: none)."""
    for length in range(min(_MAX_WORDS, len(words) - start), 0, -1):
        if " ".join(words[start : start + length]) in keys:
            return length
    return 0


def _form_at(words: list[str], start: int) -> tuple[int, str | None]:
    """The longest known form named from ``start`` (words, form_id), (0, None) if none."""
    index = form_index()
    for length in range(min(_MAX_WORDS, len(words) - start), 0, -1):
        phrase = words[start : start + length]
        if len(phrase) == 1 and phrase[0] in _tracked_keys():
            continue  # "magnesium" alone is the element, not a form
        form_id = index.get(normalise(phrase))
        if form_id is not None:
            return length, form_id
    return 0, None


def _salts(words: list[str], start: int) -> int:
    """How many salt words follow ``start``."""
    end = start
    while end < len(words) and words[end] in SALT_WORDS:
        end += 1
    return end - start


def _is_unit(words: list[str], position: int) -> bool:
    """Whether ``mg`` at ``position`` is a unit after a number (``"400 mg"``), not Mg."""
    return position > 0 and words[position - 1][:1].isdigit()


def read_names(text: str) -> list[Mention]:
    """The nutrients and compounds a supplement name mentions, in order.

    Parameters
    ----------
    text
        A product name or the name part of a label line.

    Returns
    -------
    list of Mention
        Tracked nutrients (with the compound when one is named), untracked nutrients (a
        compound of one, "zinc oxide", is that nutrient). A salt named without an element
        ("citrate", "glycinate") is a magnesium compound, as in mgcalc 0.1. Other words
        are skipped.

    Examples
    --------
    >>> [(m.nutrient, m.form_id) for m in read_names("Nature's X Magnesium Citrate Gummies")]
    [('magnesium', 'citrate_anhydrous')]
    >>> [(m.nutrient, m.tracked) for m in read_names("Zinc (as zinc oxide)")]
    [('zinc', False), ('zinc', False)]
    >>> [(m.nutrient, m.form_id, m.compound) for m in read_names("magnesium sulfate")]
    [('magnesium', None, 'magnesium sulfate')]
    """
    words = words_of(text)
    forms = all_forms()
    found: list[Mention] = []
    i = 0
    while i < len(words):
        if words[i] == "mg" and _is_unit(words, i):
            i += 1
            continue
        form_length, form_id = _form_at(words, i)
        tracked_length = _longest(words, i, _tracked_keys())
        other_length = _longest(words, i, OTHER_NUTRIENTS)
        # a form wins over an element name it contains; an untracked nutrient named in as
        # many words wins over a form ("chloride" on a panel is the nutrient chloride)
        if form_id is not None and form_length >= tracked_length and form_length > other_length:
            end = i + form_length
            if end < len(words) and words[end] == _CHELATE:
                end += 1
            found.append(Mention(forms[form_id].element, True, form_id, " ".join(words[i:end])))
            i = end
            continue
        if tracked_length or other_length:
            tracked = tracked_length >= other_length
            length = tracked_length if tracked else other_length
            name = " ".join(words[i : i + length])
            salts = _salts(words, i + length)
            compound = " ".join(words[i : i + length + salts]) if salts else None
            if tracked:
                nutrient = _tracked_keys()[name]
                compound = compound if nutrient != "vitamin_d" else None
                found.append(Mention(nutrient, True, None, compound))
            else:
                found.append(Mention(name, False, None, compound))
            i += length + salts
            continue
        salts = _salts(words, i)
        if salts:  # a salt with no element before it: a magnesium compound, as in 0.1
            found.append(Mention("magnesium", True, None, " ".join(words[i : i + salts])))
            i += salts
            continue
        i += 1
    return found
