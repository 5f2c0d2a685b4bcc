"""What to eat: a few changes to a food log that close the magnesium gap within the Ca:Mg range.

:func:`suggest` answers the question a client asks after the diagnosis: *what should I
change?* It looks for the fewest changes to the log (add a portion of a food, have more of
a food already eaten, or swap one food for another) that bring mean daily magnesium to the
target **and** keep the calcium:magnesium ratio in range **and** keep every logged day within
the calcium and vitamin D upper limits (and, when supplements are allowed, supplemental
magnesium within its UL) **and**, optionally, within an energy budget. :func:`rich_foods`
ranks the everyday magnesium sources it draws on.

The problem is a small mixed-integer linear program, solved exactly with
:func:`scipy.optimize.milp` (the HiGHS solver). SciPy is the optional extra ``suggest``
(``pip install mgcalc[suggest]``); without it :func:`suggest` raises
:class:`~mgcalc.errors.MissingExtraError` (:func:`rich_foods` does not need it).

The model
---------
Variables, per candidate food *i*: the number of portions a day to add, an integer
``x_i`` in ``0..U_i`` (``U_i`` a realistic maximum: one ounce of nuts, one cup of
yogurt, at most doubling a serving the person already eats), and a 0/1 indicator ``y_i``
that it is used (``y_i <= x_i <= U_i y_i``); per swap *k* (a food of the log replaced by
the same weight of a candidate of the same kind, each time it was eaten) a 0/1 ``s_k``;
a swap that lowers magnesium is offered only as a calcium swap (calcium gained at least
``r_hi`` times the magnesium lost), so no plan fixes the ratio by eating less magnesium
for its own sake; with ``allow_supplements``, an integer
number ``z`` of 50 mg steps of supplemental
magnesium and its indicator. Each variable changes every day's magnesium, calcium,
vitamin D and energy by a known amount (a swap only on the days the food was eaten).

Constraints (means over the days with food entries, as in the analysis summary):

* magnesium: ``Mg + ΔMg >= target`` (the RDA or AI by default) [mg/day];
* ratio, linearised: ``(Ca + ΔCa) - r_lo (Mg + ΔMg) >= 0`` and
  ``r_hi (Mg + ΔMg) - (Ca + ΔCa) >= 0``;
* upper limits, **per logged day** *d*: ``Ca_d + ΔCa_d <= UL`` and
  ``D_d + ΔD_d <= UL`` on total intake, and supplemental ``Mg_d + z·50 <= UL``; a day
  already above a limit may not be raised further;
* energy, optional: ``ΔE <= budget`` [kcal/day];
* at most ``max_changes`` of ``y_i``, ``s_k`` (and the supplement) are 1; a food is
  either increased or swapped, not both, and swapped for one food at most.

By default (``basis="total"``) the magnesium target and the ratio are on **total** intake
(food, water, supplements and medications), the figures the analysis compares with the
RDA and reports as ``total_ca_mg_ratio``; ``basis="food"`` puts them on food alone (the
analysis's ``ca_mg_ratio``). The upper limits are always as their authorities define
them: calcium and vitamin D on total intake, magnesium on supplements and medications.

Objective, lexicographic: (0) with ``allow_supplements``, no supplement if a plan of
foods alone exists (food first); (1) fewest changes; (2) least added energy, each food the
person does not eat yet counted :data:`NEW_FOOD_KCAL` more (``prefer="own_foods"``). The
fewest changes are found by raising their number from 0: no change is a check, one change
is enumerated (every food at every portion count, every swap); then one
:func:`scipy.optimize.milp` call with at most ``max_changes`` decides whether any plan
exists (if not, the problem is infeasible), and from two up to that plan's number of
changes each number is one call minimising (2) with the changes held to it; the first
feasible number is the fewest.

When no plan exists, each constraint is relaxed in turn (an elastic slack, minimised)
to say which one cannot be met and by how much: "within 50 kcal a day the most the plan
can reach is 297 mg/day of magnesium, 23 mg short".

Limits: a suggestion, not medical advice. Absorption, interactions (phytate, oxalate,
the calcium in spinach is poorly absorbed), cost, taste and other nutrients are not
modelled; portions are rounded to household measures.

References
----------
.. [1] Huangfu Q, Hall JAJ (2018). Parallelizing the dual revised simplex method.
   *Math Prog Comp* 10:119-142. doi:10.1007/s12532-017-0130-5 (HiGHS).
.. [2] NIH Office of Dietary Supplements. Magnesium: Fact Sheet for Health Professionals,
   Table 2, "Selected Food Sources of Magnesium" (the core of the curated foods).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from mgcalc._data import data_file
from mgcalc._plans import (
    Basis,
    Change,
    ConstraintCheck,
    IntakeFigures,
    Prefer,
    Shortfall,
    Status,
    Suggestion,
)
from mgcalc.analysis import IntakeAnalysis
from mgcalc.defaults import MIN_COVERAGE
from mgcalc.errors import (
    DataError,
    InvalidLogError,
    InvalidValueError,
    MgcalcError,
    MissingExtraError,
    UnknownFoodError,
    UnknownOptionError,
)
from mgcalc.foods import FoodTable
from mgcalc.parse import MASS_UNITS_G, parse_line, read_amount
from mgcalc.ratio import RATIO_FLAGS, RangeLike, RatioRange, ratio_codes, resolve_range
from mgcalc.references import Person, ReferenceValues

__all__ = [
    "CONSTRAINT_MARGIN",
    "DEFAULT_MAX_PORTIONS",
    "DIETS",
    "EXCLUSIONS",
    "NEW_FOOD_KCAL",
    "RICH_FOODS_BY",
    "SUPPLEMENT_STEP_MG",
    "Change",
    "ConstraintCheck",
    "IntakeFigures",
    "Shortfall",
    "Suggestion",
    "food_tags",
    "load_suggestion_foods",
    "rich_foods",
    "suggest",
]

FloatArray = npt.NDArray[np.float64]

NEW_FOOD_KCAL: Final = 50.0
"""With ``prefer="own_foods"``, each food the person does not eat yet (added, or swapped
in) counts in the objective as this much more added energy [kcal/day], so a food of their
own wins unless it adds more than this over the alternative. Chosen below the smallest
portion of most candidate foods (one slice of whole-wheat bread, 81 kcal; one ounce of
nuts, 160-190 kcal), so it only decides between plans within about one portion."""

SUPPLEMENT_STEP_MG: Final = 50.0
"""Supplemental magnesium is suggested in whole steps of this much elemental magnesium
[mg/day]; a granularity chosen for readability, not taken from a source."""

CONSTRAINT_MARGIN: Final = 1e-3
"""Every limit is tightened by this much [mg, µg or kcal a day] inside the solver, whose
feasibility tolerance is about 1e-7 relative (HiGHS' default), so that a plan still meets
it when its totals are recomputed from whole portion counts."""

DEFAULT_MAX_PORTIONS: Final = 2
"""Portions a day at most of a food passed in ``extra_foods`` (no curated maximum)."""

SOLVER_TIME_LIMIT_S: Final = 10.0
"""Time limit of each solver call [s]; the problems here solve in milliseconds."""

_BASES: Final = ("total", "food")
_PREFER: Final = ("own_foods", "none")
_TARGETS: Final = ("rda", "ear")
RICH_FOODS_BY: Final = ("per_100g", "per_portion", "per_100kcal")
"""The rankings :func:`rich_foods` offers."""

# -- tags, exclusions and diets -------------------------------------------------------------

_TAG_PATTERNS: Final[dict[str, str]] = {
    "tree_nuts": r"almond|cashew|walnut|pecan|pistachio|hazelnut|filbert|macadamia|"
    r"brazil ?nut|pine ?nut|\bnuts?\b|chestnut|praline|marzipan|nut butter",
    "peanuts": r"peanut",
    "seeds": r"\bseeds?\b|pepita|\bchia\b|flax|\bhemp\b|sesame|tahini|sunflower",
    "sesame": r"sesame|tahini",
    "soy": r"\bsoy|tofu|edamame|tempeh|\bmiso\b",
    "dairy": r"\bmilk|yogh?urt|cheese|kefir|\bwhey\b|\bcream\b|\bbutter\b|\bghee\b",
    "gluten": r"wheat|barley|\brye\b|bulgur|couscous|semolina|spelt|farro|seitan|\bbread|"
    r"pasta|spaghetti|macaroni|noodle|cracker|pretzel|bagel|muffin|cookie|\bcake|biscuit|"
    r"\bbran\b",
    "oats": r"\boats?\b|oatmeal|granola",
    "fish": r"\bfish|salmon|tuna|sardine|halibut|\bcod\b|mackerel|trout|anchov|herring|"
    r"tilapia|pollock|catfish|haddock|flounder|snapper",
    "shellfish": r"shrimp|crab|lobster|\bclams?\b|oyster|mussel|scallop|crayfish|prawn|"
    r"squid|octopus",
    "egg": r"\beggs?\b",
    "meat": r"\bbeef|\bpork|chicken|turkey|\blamb\b|\bham\b|bacon|sausage|\bveal\b|\bduck\b|"
    r"\bgoat\b|venison|bison|salami|pepperoni|frankfurter|hot dog",
}
"""Words in a USDA description that give a food a tag (lower case, regular expressions).
They are matched conservatively: a food that mentions a nut is tagged ``tree_nuts`` even if
the nut is a flavour, so that an exclusion for an allergy errs on the side of leaving out."""

_NOT_DAIRY: Final = re.compile(
    r"(?:soy|almond|oat|rice|coconut|cashew|hemp|pea|plant-based|flax)\s*"
    r"(?:milk|yogh?urt|cheese|beverage|drink)|soymilk|"
    r"(?:peanut|nut|seed|sesame|almond|cashew|cocoa|apple|shea|sunflower) butter|"
    r"cream of (?:wheat|rice)|buttermilk biscuit",
)
"""Phrases removed before the dairy words are looked for (plant milks, nut butters)."""

_NOT_GLUTEN: Final = re.compile(r"buckwheat|gluten[- ]free")
"""Phrases removed before the gluten words are looked for."""

_NOT_SEEDS: Final = re.compile(r"(?:im)?mature seeds")
"""USDA's botanical wording for legumes ("Beans, black, mature seeds"), not seeds."""

EXCLUSIONS: Final[dict[str, frozenset[str]]] = {
    "nuts": frozenset({"tree_nuts", "peanuts"}),
    "tree_nuts": frozenset({"tree_nuts"}),
    "peanuts": frozenset({"peanuts"}),
    "seeds": frozenset({"seeds", "sesame"}),
    "sesame": frozenset({"sesame"}),
    "soy": frozenset({"soy"}),
    "legumes": frozenset({"legumes", "peanuts", "soy"}),
    "dairy": frozenset({"dairy"}),
    "gluten": frozenset({"gluten"}),
    "oats": frozenset({"oats"}),
    "grains": frozenset({"grains", "whole_grains"}),
    "whole_grains": frozenset({"whole_grains"}),
    "fish": frozenset({"fish", "shellfish"}),
    "shellfish": frozenset({"shellfish"}),
    "egg": frozenset({"egg"}),
    "meat": frozenset({"meat"}),
    "vegetables": frozenset({"vegetables", "leafy_greens"}),
    "leafy_greens": frozenset({"leafy_greens"}),
    "fruit": frozenset({"fruit"}),
    "fortified": frozenset({"fortified"}),
}
"""What each ``exclude=`` key leaves out: the food tags it covers. ``"nuts"`` covers
peanuts as well as tree nuts (people allergic to either often say "nuts"); use
``"tree_nuts"`` or ``"peanuts"`` for one of them. ``"legumes"`` covers peanuts and soy."""

DIETS: Final[dict[str, frozenset[str]]] = {
    "vegetarian": frozenset({"meat", "fish", "shellfish"}),
    "vegan": frozenset({"meat", "fish", "shellfish", "dairy", "egg"}),
}
"""The tags each diet switch leaves out."""

_DIET_RANK: Final = {"vegan": 0, "vegetarian": 1, "omnivore": 2}


def food_tags(description: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The tags of a food from its description's words, plus ``extra`` ones.

    Parameters
    ----------
    description
        The USDA description (``"Nuts, almonds, dry roasted"``).
    extra
        Tags known otherwise (the curated list's, the food group's).

    Returns
    -------
    frozenset of str
        ``{"tree_nuts"}`` for almonds, ``{"soy"}`` for soymilk (not ``"dairy"``) ...

    Examples
    --------
    >>> sorted(food_tags("Nuts, almonds, dry roasted, without salt added"))
    ['tree_nuts']
    >>> sorted(food_tags("Soymilk, original and vanilla, with added calcium"))
    ['soy']
    >>> sorted(food_tags("Buckwheat groats, roasted, cooked"))
    []
    """
    text = description.lower()
    tags = set(extra)
    for tag, pattern in _TAG_PATTERNS.items():
        subject = text
        if tag == "dairy":
            subject = _NOT_DAIRY.sub(" ", text)
        elif tag == "gluten":
            subject = _NOT_GLUTEN.sub(" ", text)
        elif tag == "seeds":
            subject = _NOT_SEEDS.sub(" ", text)
        if re.search(pattern, subject):
            tags.add(tag)
    if (
        "tree_nuts" in tags
        and "peanuts" in tags
        and not re.search(
            _TAG_PATTERNS["tree_nuts"], text.replace("peanuts", " ").replace("peanut", " ")
        )
    ):
        tags.discard("tree_nuts")  # "Peanuts, all types": the word "nuts" is the peanut's
    return frozenset(tags)


def _diet_of(tags: frozenset[str]) -> str:
    if tags & DIETS["vegetarian"]:
        return "omnivore"
    if tags & DIETS["vegan"]:
        return "vegetarian"
    return "vegan"


# -- the curated foods and the food-group rules -------------------------------------------


@dataclass(frozen=True)
class _GroupRule:
    source: str
    food_group: str
    prefix: str
    tags: frozenset[str]
    swap_group: str
    increase: bool


def _read_csv(name: str) -> list[dict[str, str]]:
    text = data_file(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@lru_cache(maxsize=1)
def _group_rules() -> tuple[_GroupRule, ...]:
    """``data/suggestion_groups.csv``: which logged foods may be increased or swapped."""
    return tuple(
        _GroupRule(
            source=row["source"],
            food_group=row["food_group"],
            prefix=row["description_prefix"],
            tags=frozenset(t for t in row["tags"].split(";") if t),
            swap_group=row["swap_group"],
            increase=row["increase"] == "yes",
        )
        for row in _read_csv("suggestion_groups.csv")
    )


def _rule_for(source: str, food_group: str, description: str) -> _GroupRule | None:
    """The first rule of the food's source and group whose prefix the description has."""
    for rule in _group_rules():
        if (
            rule.source == source
            and rule.food_group == food_group
            and description.startswith(rule.prefix)
        ):
            return rule
    return None


def load_suggestion_foods() -> pd.DataFrame:
    """The curated everyday magnesium-dense foods :func:`suggest` draws on, as a DataFrame.

    One row per food (``data/suggestion_foods.csv``): ``food_id`` (USDA SR28 or FNDDS),
    ``name`` (short, as shown in a plan), ``portion`` (a household measure of the food's
    USDA portions), ``max_portions`` (a realistic most per day), ``tags`` (for
    ``exclude=``), ``diet`` (``vegan``, ``vegetarian`` or ``omnivore``), ``swap_group``
    (what it may replace) and ``source``. Most come from the NIH ODS table of food sources
    of magnesium, each resolved by hand to its USDA row (see ``data/README.md``).

    Returns
    -------
    pandas.DataFrame
        A fresh copy.

    Examples
    --------
    >>> foods = load_suggestion_foods()
    >>> foods.set_index("food_id").loc["sr28:12016", ["name", "portion"]].tolist()
    ['pumpkin seeds, roasted', '1 oz']
    """
    return pd.DataFrame(_suggestion_rows()).astype({"max_portions": "int64"})


@lru_cache(maxsize=1)
def _suggestion_rows() -> tuple[dict[str, Any], ...]:
    rows = []
    for row in _read_csv("suggestion_foods.csv"):
        try:
            max_portions = int(row["max_portions"])
        except ValueError:
            raise DataError(
                f"suggestion_foods.csv: max_portions {row['max_portions']!r} of "
                f"{row['food_id']} is not a whole number"
            ) from None
        rows.append({**row, "max_portions": max_portions})
    return tuple(rows)


# -- candidates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    """A food that may be added (or increased), with what one portion gives."""

    food_id: str
    name: str
    description: str
    own: bool
    portion: str
    step_number: float
    step_unit: str | None  # None: a USDA measure as published, counted as "2 × ..."
    step_words: tuple[str, ...]
    grams: float
    max_portions: int
    magnesium_mg: float
    calcium_mg: float
    vitamin_d_ug: float
    vitamin_d_known: bool
    energy_kcal: float
    tags: frozenset[str]
    swap_group: str

    def amount(self, count: float) -> str:
        """``count`` portions in household units: "1½ cups", "2 oz", "2 × 27 chips"."""
        if self.step_unit is None:
            if abs(count - 1) < 1e-9:
                return self.portion
            return f"{_number_text(count)} × {self.portion}"
        return _amount_text(count * self.step_number, self.step_unit, self.step_words)

    def about(self, grams: float) -> str:
        """``grams`` of the food in household units, to the nearest quarter ("about ...")."""
        portions = grams / self.grams
        if self.step_unit is None:
            return self.amount(_quarters(portions))
        number = _quarters(portions * self.step_number)
        return _amount_text(number, self.step_unit, self.step_words)


@dataclass(frozen=True)
class _Swap:
    """A logged food replaced by the same weight of a candidate, on the days it was eaten."""

    source_id: str
    source_name: str
    source_grams: float
    days: int
    target: _Candidate
    per_day: dict[str, FloatArray]


@dataclass(frozen=True)
class _Own:
    """A food of the log: what it gave each day, and how it was logged."""

    food_id: str
    name: str
    grams_per_day: FloatArray
    nutrients_per_day: dict[str, FloatArray]
    serving_grams: float
    max_serving_grams: float
    unit: str | None
    number: float | None


_NUTRIENT_KEYS: Final = ("magnesium_mg", "calcium_mg", "vitamin_d_ug", "energy_kcal")
_PER_100G: Final = {
    "magnesium_mg": "magnesium_mg_per_100g",
    "calcium_mg": "calcium_mg_per_100g",
    "vitamin_d_ug": "vitamin_d_ug_per_100g",
    "energy_kcal": "energy_kcal_per_100g",
}
_PLURALS: Final = {
    "cup": "cups", "slice": "slices", "biscuit": "biscuits", "can": "cans",
    "container": "containers", "serving": "servings", "piece": "pieces", "packet": "packets",
    "fruit": "fruits", "leaf": "leaves", "pod": "pods",
}  # fmt: skip
_UNIT_TEXT: Final = {"fl_oz": "fl oz", "each": "", "default": "serving"}
_FRACTIONS: Final = {0.25: "¼", 0.5: "½", 0.75: "¾", 1 / 3: "⅓", 2 / 3: "⅔"}


def _number_text(value: float) -> str:
    """A household amount: ``2``, ``½``, ``1½``, ``2.4``."""
    whole = math.floor(value + 1e-9)
    rest = value - whole
    if rest < 1e-6:
        return f"{whole:d}"
    for fraction, glyph in _FRACTIONS.items():
        if abs(rest - fraction) < 1e-6:
            return glyph if whole == 0 else f"{whole:d}{glyph}"
    return f"{value:.1f}"


def _quarters(number: float) -> float:
    """A household number rounded to a quarter (at least a quarter), for "about ..."."""
    return max(0.25, round(number * 4) / 4)


def _amount_text(number: float, unit: str, words: Sequence[str] = ()) -> str:
    """``3 × ½ cup`` -> ``"1½ cups"``; a bare count -> ``"2"``."""
    shown = _UNIT_TEXT.get(unit, unit)
    if number > 1 + 1e-9:
        shown = _PLURALS.get(shown, shown)
    text = f"{_number_text(number)} {shown}".strip()
    if words:
        text += ", " + " ".join(words)
    return text


def _values_per_100g(table: FoodTable, food_id: str) -> dict[str, float]:
    position = table.position(food_id)
    return {key: float(table.nutrient_array(column)[position]) for key, column in _PER_100G.items()}


def _usable(values: Mapping[str, float]) -> bool:
    """Magnesium, calcium and energy must be known to plan with a food."""
    return all(not math.isnan(values[k]) for k in ("magnesium_mg", "calcium_mg", "energy_kcal"))


def _step_nutrients(grams: float, per_100g: Mapping[str, float]) -> dict[str, Any]:
    """What one step of a food adds: magnesium, calcium [mg], vitamin D [µg] (0 when the
    food reports none, with ``vitamin_d_known`` False) and energy [kcal]."""
    d = per_100g["vitamin_d_ug"]
    return {
        "magnesium_mg": grams * per_100g["magnesium_mg"] / 100.0,
        "calcium_mg": grams * per_100g["calcium_mg"] / 100.0,
        "vitamin_d_ug": 0.0 if math.isnan(d) else grams * d / 100.0,
        "vitamin_d_known": not math.isnan(d),
        "energy_kcal": grams * per_100g["energy_kcal"] / 100.0,
    }


def _candidate(
    table: FoodTable,
    food_id: str,
    name: str,
    portion: str,
    max_portions: int,
    tags: frozenset[str],
    swap_group: str,
    own: bool,
    measured: tuple[str, float] | None = None,
) -> _Candidate | None:
    """A candidate with one portion's nutrients, from the food's USDA portions.

    ``portion`` is read by the amount grammar and weighed by :meth:`FoodTable.grams`;
    ``measured`` instead gives a USDA measure as published and its grams.
    """
    values = _values_per_100g(table, food_id)
    if not _usable(values):
        return None
    if measured is not None:
        portion, grams = measured
        number, unit = 1.0, None
        words: tuple[str, ...] = ()
    else:
        amount = read_amount(portion)
        grams = table.grams(food_id, portion)
        number = 1.0 if amount.number is None else amount.number
        unit, words = amount.unit, amount.words
        portion = _amount_text(number, unit, words)
    if not grams > 0:
        return None
    return _Candidate(
        food_id=food_id,
        name=name,
        description=table.descriptions[table.position(food_id)],
        own=own,
        portion=portion,
        step_number=number,
        step_unit=unit,
        step_words=tuple(words),
        grams=grams,
        max_portions=max_portions,
        **_step_nutrients(grams, values),
        tags=food_tags(table.descriptions[table.position(food_id)], tags),
        swap_group=swap_group,
    )  # fmt: skip


def _default_portion(table: FoodTable, food_id: str) -> tuple[str, float] | None:
    """A household portion of a food for ``extra_foods`` and :func:`rich_foods`: its first
    ordinary USDA measure as published ("1 cup, chopped", "27 chips") and its grams."""
    records = table._records(food_id)
    for record in records:
        if record.unit != "default" and not record.odd:
            return f"{record.amount:g} {record.measure}", record.grams
    if records:
        return "1 serving", records[0].grams / records[0].amount
    return None


def _own_step(table: FoodTable, own: _Own) -> tuple[str, float] | None:
    """One step of "more of what you eat": one unit of how it was logged ("1 cup",
    "1 slice"), or the logged serving itself when it was less than one ("½ avocado");
    a serving logged without an amount is one serving."""
    unit = own.unit
    if unit is None or own.number is None:
        return None
    number = 1.0 if own.number >= 1 else own.number
    if unit in MASS_UNITS_G and unit != "oz":
        return None  # "150 g": the serving itself is the step (see the caller)
    text = f"{number:g} {unit}".replace("fl_oz", "fl oz")
    try:
        grams = table.grams(own.food_id, text)
    except MgcalcError:
        return None
    return text, grams


def _own_candidate(table: FoodTable, own: _Own, rule: _GroupRule) -> _Candidate | None:
    values = _values_per_100g(table, own.food_id)
    if not _usable(values):
        return None
    step = _own_step(table, own)
    if step is None:
        grams = own.serving_grams
        portion, number, unit = f"{grams:.0f} g", grams, "g"
        words: tuple[str, ...] = ()
    else:
        portion, grams = step
        amount = read_amount(portion)
        number = 1.0 if amount.number is None else amount.number
        unit, words = amount.unit, amount.words
    if not grams > 0:
        return None
    max_portions = max(1, math.floor(own.max_serving_grams / grams + 1e-9))
    description = table.descriptions[table.position(own.food_id)]
    return _Candidate(
        food_id=own.food_id,
        name=own.name,
        description=description,
        own=True,
        portion=_amount_text(number, unit, words),
        step_number=number,
        step_unit=unit,
        step_words=tuple(words),
        grams=grams,
        max_portions=max_portions,
        **_step_nutrients(grams, values),
        tags=food_tags(description, rule.tags),
        swap_group=rule.swap_group,
    )


def _food_ids(value: Any, name: str) -> tuple[Any, ...]:
    """An option that takes one text or several (``exclude``, ``extra_foods``), as a tuple
    of its items; anything that is neither is refused, naming the option."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        return tuple(value)
    raise InvalidValueError(
        f"{name}={value!r:.60} must be a food id (or key) or a list of them, such as ['sr28:12061']"
    )


def _excluded_tags(
    exclude: Iterable[str], table: FoodTable
) -> tuple[frozenset[str], frozenset[str]]:
    """The tags and the food ids ``exclude`` leaves out (checked)."""
    tags: set[str] = set()
    ids: set[str] = set()
    for item in _food_ids(exclude, "exclude"):
        if not isinstance(item, str):
            raise UnknownOptionError("exclude", item, (*EXCLUSIONS, "a food id such as sr28:12061"))
        key = item.strip()
        if ":" in key:
            if key not in table:
                raise UnknownFoodError(key)
            ids.add(key)
        elif key.lower() in EXCLUSIONS:
            tags |= EXCLUSIONS[key.lower()]
        else:
            raise UnknownOptionError("exclude", item, (*EXCLUSIONS, "a food id such as sr28:12061"))
    return frozenset(tags), frozenset(ids)


# -- the daily data -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Days:
    """The logged days of one person, as arrays (food days first used for the means)."""

    dates: list[str]
    food_day: npt.NDArray[np.bool_]
    basis_mg: FloatArray
    basis_ca: FloatArray
    total_mg: FloatArray
    total_ca: FloatArray
    total_d: FloatArray
    ul_ca: FloatArray  # known total calcium per day, for the UL
    ul_d: FloatArray
    supplemental_mg: FloatArray
    energy: FloatArray
    grams: FloatArray
    coverage: FloatArray
    calcium_coverage: FloatArray

    def mean(self, values: FloatArray) -> float:
        chosen = values[self.food_day]
        known = chosen[~np.isnan(chosen)]
        return float(known.mean()) if len(known) else math.nan


def _days(analysis: IntakeAnalysis, basis: Basis) -> _Days:
    daily = analysis.daily
    people = daily["person_id"].nunique(dropna=False)
    if people > 1:
        raise InvalidLogError(
            f"suggest plans for one person; this analysis has {people} "
            "(analyse each person's log separately)",
            "person_id",
        )

    def col(name: str) -> FloatArray:
        if name not in daily.columns:  # a ledger the daily table does not carry: none
            return np.zeros(len(daily))
        return daily[name].to_numpy(dtype=np.float64, na_value=np.nan)

    food_day = daily["n_entries"].to_numpy() > 0
    if not food_day.any():
        raise InvalidLogError("the log has no food entries, so there is nothing to plan from")
    prefix = "total_" if basis == "total" else ""
    known_ca = (
        np.nan_to_num(col("calcium_mg")) + col("water_calcium_mg") + col("supplemental_calcium_mg")
    )
    known_d = (
        np.nan_to_num(col("vitamin_d_ug"))
        + col("water_vitamin_d_ug")
        + col("supplemental_vitamin_d_ug")
    )
    return _Days(
        dates=[str(pd.Timestamp(d).date()) for d in daily["date"]],
        food_day=food_day,
        basis_mg=col(f"{prefix}magnesium_mg"),
        basis_ca=col(f"{prefix}calcium_mg"),
        total_mg=col("total_magnesium_mg"),
        total_ca=col("total_calcium_mg"),
        total_d=col("total_vitamin_d_ug"),
        ul_ca=known_ca,
        ul_d=known_d,
        supplemental_mg=col("supplemental_magnesium_mg"),
        energy=col("energy_kcal"),
        grams=col("grams"),
        coverage=col("coverage"),
        calcium_coverage=col("calcium_coverage"),
    )


def _own_foods(analysis: IntakeAnalysis, table: FoodTable, dates: list[str]) -> list[_Own]:
    """The resolved foods of the log with what they gave each day, and how they were logged."""
    entries = analysis.entries
    used = (entries["status"] == "resolved").to_numpy() & entries["food_id"].notna().to_numpy()
    if not used.any():
        return []
    day_of = {d: i for i, d in enumerate(dates)}
    logged = pd.to_datetime(entries["date"][used]).dt.strftime("%Y-%m-%d").tolist()
    day = np.array([day_of.get(d, -1) for d in logged], dtype=np.intp)
    grams = entries["grams"].to_numpy(dtype=np.float64, na_value=np.nan)[used]
    values = {
        key: entries[key].to_numpy(dtype=np.float64, na_value=np.nan)[used]
        for key in _NUTRIENT_KEYS
    }
    texts = entries["text"].astype(str).to_numpy()[used]
    food_texts = entries["food_text"].astype(str).to_numpy()[used]
    amounts = entries["amount"].to_numpy(dtype=object)[used] if "amount" in entries else None
    units = entries["unit"].to_numpy(dtype=object)[used] if "unit" in entries else None
    codes, uniques = pd.factorize(entries["food_id"].to_numpy(dtype=object)[used])
    foods: list[_Own] = []
    for j, food_id in enumerate(uniques):
        if str(food_id) not in table:
            continue
        rows = np.flatnonzero((codes == j) & (day >= 0))
        if not len(rows):
            continue
        per_day = {}
        for key, column in (("grams", grams), *values.items()):
            total = np.zeros(len(dates))
            np.add.at(total, day[rows], column[rows])  # NaN on a day with an unknown value
            per_day[key] = total
        parsed = [_parsed(str(texts[i])) for i in rows]
        logged_as = [(p.amount, p.unit) for p in parsed if p.amount is not None and p.unit]
        number: float | None = None
        unit: str | None = None
        if logged_as:
            number, unit = max(set(logged_as), key=logged_as.count)
        elif units is not None and amounts is not None:
            given = [(a, u) for a, u in zip(amounts[rows], units[rows], strict=True)
                     if isinstance(u, str) and u and a is not None and not pd.isna(a)]  # fmt: skip
            if given:
                number, unit = float(given[0][0]), str(given[0][1])
        names = [p.food_text for p in parsed if p.food_text] or [str(food_texts[rows[0]])]
        foods.append(
            _Own(
                food_id=str(food_id),
                name=max(set(names), key=names.count).strip().lower(),
                grams_per_day=per_day.pop("grams"),
                nutrients_per_day=per_day,
                serving_grams=float(np.nanmean(grams[rows])),
                max_serving_grams=float(np.nanmax(grams[rows])),
                unit=unit,
                number=number,
            )
        )
    return foods


@lru_cache(maxsize=4096)
def _parsed(text: str) -> Any:
    """A log line read by the amount grammar (cached: logs repeat their lines)."""
    return parse_line(text)


def _diet_allows(tags: frozenset[str], diet: str, curated_diet: str | None) -> bool:
    if diet == "omnivore":
        return True
    if tags & DIETS[diet]:
        return False
    return curated_diet is None or _DIET_RANK[curated_diet] <= _DIET_RANK[diet]


def _pool(
    table: FoodTable,
    own_foods: Sequence[_Own],
    days: _Days,
    excluded_tags: frozenset[str],
    excluded_ids: frozenset[str],
    diet: str,
    extra_foods: Sequence[str],
    ratio_high: float,
) -> tuple[list[_Candidate], list[_Swap]]:
    """The candidates (own foods first, then curated, then extra) and the swaps."""

    def allowed(candidate: _Candidate, curated_diet: str | None) -> bool:
        return (
            candidate.food_id not in excluded_ids
            and not candidate.tags & excluded_tags
            and _diet_allows(candidate.tags, diet, curated_diet)
        )

    own_ids = {own.food_id for own in own_foods}
    curated = {row["food_id"]: row for row in _suggestion_rows()}
    candidates: dict[str, _Candidate] = {}
    rules: dict[str, _GroupRule] = {}
    for own in own_foods:
        food = table.foods.iloc[table.position(own.food_id)]
        rule = _rule_for(str(food["source"]), str(food["food_group"]), str(food["description"]))
        if rule is None:
            continue
        rules[own.food_id] = rule
        if own.food_id in curated:
            continue  # added below with its curated portion, as an own food
        if not rule.increase:
            continue
        candidate = _own_candidate(table, own, rule)
        if candidate is not None and allowed(candidate, None):
            candidates[own.food_id] = candidate
    for food_id, row in curated.items():
        name = row["name"]
        for own in own_foods:
            if own.food_id == food_id:
                name = own.name
        candidate = _candidate(
            table, food_id, name, row["portion"], int(row["max_portions"]),
            frozenset(t for t in row["tags"].split(";") if t), row["swap_group"],
            own=food_id in own_ids,
        )  # fmt: skip
        if candidate is not None and allowed(candidate, row["diet"]):
            candidates[food_id] = candidate
    for food_id in extra_foods:
        if not isinstance(food_id, str) or food_id not in table:
            raise UnknownFoodError(str(food_id))
        measured = _default_portion(table, food_id)
        if food_id in candidates or measured is None:
            continue
        candidate = _candidate(
            table, food_id, table.descriptions[table.position(food_id)], measured[0],
            DEFAULT_MAX_PORTIONS, frozenset(), "", own=food_id in own_ids, measured=measured,
        )  # fmt: skip
        if candidate is not None and allowed(candidate, None):
            candidates[food_id] = candidate

    swaps: list[_Swap] = []
    for own in own_foods:
        rule = rules.get(own.food_id)
        if rule is None or not rule.swap_group:
            continue
        removed = own.nutrients_per_day
        eaten = own.grams_per_day > 0
        if any(
            np.isnan(removed[k][eaten]).any() for k in ("magnesium_mg", "calcium_mg", "energy_kcal")
        ):
            continue  # what the food gave is unknown: its swap cannot be costed
        for target in candidates.values():
            if target.swap_group != rule.swap_group or target.food_id == own.food_id:
                continue
            if target.food_id in own_ids and target.food_id not in curated:
                continue  # swap into curated foods only
            per_gram = {
                "magnesium_mg": target.magnesium_mg / target.grams,
                "calcium_mg": target.calcium_mg / target.grams,
                "vitamin_d_ug": target.vitamin_d_ug / target.grams,
                "energy_kcal": target.energy_kcal / target.grams,
            }
            per_day = {
                key: own.grams_per_day * per_gram[key] - np.nan_to_num(removed[key])
                for key in _NUTRIENT_KEYS
            }
            lost_mg = -float(per_day["magnesium_mg"].sum())
            if lost_mg > 0 and float(per_day["calcium_mg"].sum()) < ratio_high * lost_mg:
                continue  # lowers magnesium without being a calcium swap: never offered
            swaps.append(
                _Swap(
                    source_id=own.food_id,
                    source_name=own.name,
                    source_grams=own.serving_grams,
                    days=int(eaten.sum()),
                    target=target,
                    per_day=per_day,
                )
            )
    return list(candidates.values()), swaps


# -- the program ----------------------------------------------------------------------------


@dataclass
class _Rows:
    """Linear constraints ``lb <= A v <= ub``, each row with the name of its group."""

    a: list[FloatArray]
    lb: list[float]
    ub: list[float]
    group: list[str]

    def add(self, row: FloatArray, lb: float, ub: float, group: str) -> None:
        self.a.append(row)
        self.lb.append(lb)
        self.ub.append(ub)
        self.group.append(group)


@dataclass
class _Program:
    """The mixed-integer program of one suggestion, and what its variables mean."""

    candidates: list[_Candidate]
    swaps: list[_Swap]
    n_vars: int
    x: list[int]  # column of each candidate's portion count
    y: list[int]  # column of each candidate's indicator
    s: list[int]  # column of each swap's indicator
    z: int | None  # column of the supplement's steps
    yz: int | None
    upper: FloatArray
    integrality: FloatArray
    per_day: dict[str, FloatArray]  # nutrient -> (days x vars) effect per unit
    mean: dict[str, FloatArray]  # nutrient -> mean effect per unit over food days
    basis_mean_mg: FloatArray
    rows: _Rows
    changes: FloatArray  # 1 on each indicator
    supplements: FloatArray
    foreign: FloatArray  # 1 on each change that brings a food the person does not eat


def _program(
    candidates: list[_Candidate],
    swaps: list[_Swap],
    days: _Days,
    *,
    supplement_steps: int,
    basis: Basis,
) -> _Program:
    n_c, n_s = len(candidates), len(swaps)
    z = 2 * n_c + n_s if supplement_steps > 0 else None
    n = 2 * n_c + n_s + (2 if z is not None else 0)
    x = list(range(n_c))
    y = list(range(n_c, 2 * n_c))
    s = list(range(2 * n_c, 2 * n_c + n_s))
    yz = None if z is None else z + 1
    n_days = len(days.dates)
    per_day = {key: np.zeros((n_days, n)) for key in (*_NUTRIENT_KEYS, "supplement_mg")}
    for i, c in enumerate(candidates):
        per_day["magnesium_mg"][:, x[i]] = c.magnesium_mg
        per_day["calcium_mg"][:, x[i]] = c.calcium_mg
        per_day["vitamin_d_ug"][:, x[i]] = c.vitamin_d_ug
        per_day["energy_kcal"][:, x[i]] = c.energy_kcal
    for k, swap in enumerate(swaps):
        for key in _NUTRIENT_KEYS:
            per_day[key][:, s[k]] = swap.per_day[key]
    if z is not None:
        per_day["magnesium_mg"][:, z] = SUPPLEMENT_STEP_MG
        per_day["supplement_mg"][:, z] = SUPPLEMENT_STEP_MG
    mean = {key: values[days.food_day].mean(axis=0) for key, values in per_day.items()}
    basis_mean_mg = mean["magnesium_mg"].copy()
    if basis == "food" and z is not None:
        basis_mean_mg[z] = 0.0  # a supplement is not food
    upper = np.ones(n)
    integrality = np.ones(n)
    for i, c in enumerate(candidates):
        upper[x[i]] = c.max_portions
    if z is not None:
        upper[z] = supplement_steps
    changes = np.zeros(n)
    changes[y] = 1.0
    changes[s] = 1.0
    supplements = np.zeros(n)
    foreign = np.zeros(n)
    foreign[[y[i] for i, c in enumerate(candidates) if not c.own]] = 1.0
    foreign[s] = 1.0
    if z is not None and yz is not None:
        changes[yz] = supplements[yz] = foreign[yz] = 1.0
    rows = _Rows([], [], [], [])
    for i in range(n_c):  # y_i <= x_i <= U_i y_i
        row = np.zeros(n)
        row[x[i]], row[y[i]] = 1.0, -upper[x[i]]
        rows.add(row, -np.inf, 0.0, "link")
        row = np.zeros(n)
        row[y[i]], row[x[i]] = 1.0, -1.0
        rows.add(row, -np.inf, 0.0, "link")
    if z is not None and yz is not None:
        row = np.zeros(n)
        row[z], row[yz] = 1.0, -upper[z]
        rows.add(row, -np.inf, 0.0, "link")
        row = np.zeros(n)
        row[yz], row[z] = 1.0, -1.0
        rows.add(row, -np.inf, 0.0, "link")
    column_of = {c.food_id: x_i for c, x_i in zip(candidates, y, strict=True)}
    by_source: dict[str, list[int]] = {}
    for k, swap in enumerate(swaps):
        by_source.setdefault(swap.source_id, []).append(s[k])
    for source, columns in by_source.items():  # swapped once at most, and not increased
        row = np.zeros(n)
        row[columns] = 1.0
        if source in column_of:
            row[column_of[source]] = 1.0
        rows.add(row, -np.inf, 1.0, "swap_once")
    return _Program(
        candidates=candidates, swaps=swaps, n_vars=n, x=x, y=y, s=s, z=z, yz=yz,
        upper=upper, integrality=integrality, per_day=per_day, mean=mean,
        basis_mean_mg=basis_mean_mg, rows=rows, changes=changes, supplements=supplements,
        foreign=foreign,
    )  # fmt: skip


@dataclass(frozen=True)
class _Limits:
    """The constraints' right-hand sides, from the baseline and the options."""

    target_mg: float
    ratio: RatioRange
    mg0: float
    ca0: float
    ca_caps: FloatArray | None  # per day: how much calcium may be added
    d_caps: FloatArray | None
    energy_budget: float | None
    max_changes: int


def _constraint_rows(program: _Program, limits: _Limits) -> _Rows:
    """The rows of the problem's constraints (after the structural ones), by group."""
    rows = _Rows(list(program.rows.a), list(program.rows.lb), list(program.rows.ub),
                 list(program.rows.group))  # fmt: skip
    margin = CONSTRAINT_MARGIN
    mg, ca = program.basis_mean_mg, program.mean["calcium_mg"]
    rows.add(mg, limits.target_mg - limits.mg0 + margin, np.inf, "magnesium_target")
    low, high = limits.ratio.low, limits.ratio.high
    rows.add(ca - low * mg, low * limits.mg0 - limits.ca0 + margin, np.inf, "ratio_low")
    rows.add(high * mg - ca, limits.ca0 - high * limits.mg0 + margin, np.inf, "ratio_high")
    for name, key, caps in (
        ("calcium_ul", "calcium_mg", limits.ca_caps),
        ("vitamin_d_ul", "vitamin_d_ug", limits.d_caps),
    ):
        if caps is None:
            continue
        for day, cap in enumerate(caps):
            rows.add(program.per_day[key][day], -np.inf, float(cap), name)
    if limits.energy_budget is not None:
        rows.add(program.mean["energy_kcal"], -np.inf, limits.energy_budget - margin,
                 "energy_budget")  # fmt: skip
    rows.add(program.changes, -np.inf, float(limits.max_changes), "max_changes")
    return rows


def _milp() -> Any:
    try:
        from scipy.optimize import milp
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        raise MissingExtraError("scipy", "suggest") from exc
    return milp


@dataclass(frozen=True)
class _Solved:
    status: int
    x: FloatArray | None
    value: float
    message: str


def _solve(
    c: FloatArray,
    rows: _Rows,
    upper: FloatArray,
    integrality: FloatArray,
    extra: Sequence[tuple[FloatArray, float, float]] = (),
) -> _Solved:
    """One call of :func:`scipy.optimize.milp` (HiGHS)."""
    from scipy.optimize import Bounds, LinearConstraint

    lb = np.array([*rows.lb, *(lo for _, lo, _ in extra)])
    ub = np.array([*rows.ub, *(hi for _, _, hi in extra)])
    if len(c) == 0:  # nothing to choose from: the log as it is meets the limits, or not
        feasible = bool(np.all((lb <= 0.0) & (ub >= 0.0)))
        status = _OPTIMAL if feasible else _INFEASIBLE
        return _Solved(status, np.zeros(0), 0.0, "no candidate: the log as it is")
    a = np.vstack([*rows.a, *(row for row, _, _ in extra)])
    result = _milp()(
        c=c,
        integrality=integrality,
        bounds=Bounds(np.zeros(len(c)), upper),
        constraints=LinearConstraint(a, lb, ub),
        options={"time_limit": SOLVER_TIME_LIMIT_S, "presolve": True},
    )
    x = None if result.x is None else np.asarray(result.x, dtype=np.float64)
    value = math.nan if result.fun is None else float(result.fun)
    return _Solved(int(result.status), x, value, str(result.message))


_OPTIMAL: Final = 0
_INFEASIBLE: Final = 2


def _objective(program: _Program, prefer: Prefer) -> FloatArray:
    """Added energy [kcal/day], each food the person does not eat yet counted
    :data:`NEW_FOOD_KCAL` more (with ``prefer="own_foods"``)."""
    objective = program.mean["energy_kcal"].copy()
    if prefer == "own_foods":
        objective += NEW_FOOD_KCAL * program.foreign
    return objective


def _best_single(
    program: _Program, rows: _Rows, upper: FloatArray, objective: FloatArray
) -> FloatArray | None:
    """The best plan of exactly one change, by enumeration (each food at each portion
    count, each swap, each supplement dose), or None if no single change is enough."""
    moves: list[tuple[list[int], list[float]]] = []
    for i in range(len(program.candidates)):
        for count in range(1, int(upper[program.x[i]]) + 1):
            moves.append(([program.x[i], program.y[i]], [float(count), 1.0]))
    for column in program.s:
        if upper[column] > 0:
            moves.append(([column], [1.0]))
    if program.z is not None and program.yz is not None:
        for count in range(1, int(upper[program.z]) + 1):
            moves.append(([program.z, program.yz], [float(count), 1.0]))
    if not moves:
        return None
    plans = np.zeros((len(moves), program.n_vars))
    for m, (columns, values) in enumerate(moves):
        plans[m, columns] = values
    a = np.vstack(rows.a)
    totals = a @ plans.T  # (rows, moves)
    lb, ub = np.array(rows.lb)[:, None], np.array(rows.ub)[:, None]
    scale = 1e-9 * np.maximum(1.0, np.abs(totals))
    feasible = np.all((totals >= lb - scale) & (totals <= ub + scale), axis=0)
    if not feasible.any():
        return None
    costs = np.where(feasible, plans @ objective, np.inf)
    best: FloatArray = plans[int(np.argmin(costs))]
    return best


def _optimise(program: _Program, rows: _Rows, prefer: Prefer, max_changes: int) -> _Solved:
    """Fewest changes (food first), then the least :func:`_objective`.

    The number of changes is raised from 0: no change (a check), one change (enumerated),
    then one milp with at most ``max_changes`` (is there any plan?), then one milp per
    number from two up to that plan's, each minimising the objective with the changes held
    to it, so the first feasible number is the fewest and the calls are bounded by the
    program's size, not by ``max_changes``. With supplements allowed, plans of foods alone
    are tried first.
    """
    objective = _objective(program, prefer)
    if _no_change_ok(rows):
        return _Solved(_OPTIMAL, np.zeros(program.n_vars), 0.0, "the log as it is")
    food_only = program.upper.copy()
    if program.z is not None and program.yz is not None:
        food_only[[program.z, program.yz]] = 0.0
    uppers = [food_only] if program.z is None else [food_only, program.upper]
    last = _Solved(_INFEASIBLE, None, math.nan, "no plan")
    for upper in uppers:
        if max_changes >= 1:
            single = _best_single(program, rows, upper, objective)
            if single is not None:
                return _Solved(_OPTIMAL, single, float(single @ objective), "one change")
        if max_changes < 2:
            continue
        # One call decides whether any plan of at most max_changes exists; the fewest
        # changes then lie between 2 and that plan's number, so the search is bounded by
        # the program's size, not by max_changes (which may be any whole number).
        last = _solve(objective, rows, upper, program.integrality,
                      [(program.changes, -np.inf, float(max_changes))])  # fmt: skip
        if last.status != _OPTIMAL or last.x is None:
            if last.status != _INFEASIBLE:
                return last
            continue
        most = round(float(program.changes @ last.x))
        for k in range(2, most):
            fewer = _solve(objective, rows, upper, program.integrality,
                           [(program.changes, -np.inf, float(k))])  # fmt: skip
            if fewer.status == _OPTIMAL and fewer.x is not None:
                return fewer
            if fewer.status != _INFEASIBLE:
                return fewer
        return last  # the least objective over <= max_changes, with the fewest changes
    return last


def _no_change_ok(rows: _Rows) -> bool:
    """Whether the log as it is meets every constraint (no change at all)."""
    lb, ub = np.array(rows.lb), np.array(rows.ub)
    return bool(np.all((lb <= 0.0) & (ub >= 0.0)))


# -- diagnosis of an infeasible problem -----------------------------------------------------

_RELAXABLE: Final = (
    "energy_budget", "max_changes", "magnesium_target", "ratio_low", "ratio_high",
    "calcium_ul", "vitamin_d_ul",
)  # fmt: skip


def _relaxed(program: _Program, rows: _Rows, group: str) -> tuple[float, FloatArray] | None:
    """The least slack that makes the problem feasible with ``group`` relaxed alone, and
    the plan that needs it (None if relaxing ``group`` alone is not enough)."""
    if group not in rows.group:
        return None
    n = program.n_vars
    a = []
    for row, name, lb in zip(rows.a, rows.group, rows.lb, strict=True):
        extra = 0.0
        if name == group:
            extra = 1.0 if np.isfinite(lb) else -1.0  # >= rows gain +σ, <= rows -σ
        a.append(np.append(row, extra))
    relaxed = _Rows(a, list(rows.lb), list(rows.ub), list(rows.group))
    c = np.zeros(n + 1)
    c[n] = 1.0
    upper = np.append(program.upper, np.inf)
    integrality = np.append(program.integrality, 1.0 if group == "max_changes" else 0.0)
    solved = _solve(c, relaxed, upper, integrality)
    if solved.status != _OPTIMAL or solved.x is None:
        return None
    return float(solved.x[n]), solved.x[:n]


# -- building the answer --------------------------------------------------------------------


def _figures(
    days: _Days,
    added: Mapping[str, FloatArray],
    added_grams: FloatArray,
    limits: _Limits,
    refs_ul: tuple[float | None, float | None, float | None],
    rda: float | None,
) -> IntakeFigures:
    """Mean daily figures with ``added`` per day (zeros for the log as it is)."""
    mg = days.mean(days.basis_mg + added["magnesium_basis"])
    ca = days.mean(days.basis_ca + added["calcium_mg"])
    d = days.mean(days.total_d + added["vitamin_d_ug"])
    energy = days.mean(days.energy + added["energy_kcal"])
    grams = days.grams + added_grams
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage_mg = (days.coverage * days.grams + added_grams) / grams
        coverage_ca = (days.calcium_coverage * days.grams + added_grams) / grams
    coverage = float(np.fmin(days.mean(coverage_mg), days.mean(coverage_ca)))
    ratio, code = ratio_codes(
        np.array([ca]), np.array([mg]), limits.ratio, np.array([coverage]), MIN_COVERAGE
    )
    ca_ul, d_ul, mg_ul = refs_ul
    ul_ca = days.ul_ca + added["calcium_mg"]
    ul_d = days.ul_d + added["vitamin_d_ug"]
    supplemental = days.supplemental_mg + added["supplement_mg"]
    return IntakeFigures(
        magnesium_mg=mg,
        calcium_mg=ca,
        vitamin_d_ug=None if math.isnan(d) else d,
        energy_kcal=None if math.isnan(energy) else energy,
        pct_rda=None if rda is None or rda <= 0 else 100.0 * mg / rda,
        ca_mg_ratio=None if math.isnan(float(ratio[0])) else float(ratio[0]),
        ratio_flag=RATIO_FLAGS[int(code[0])],
        max_day_calcium_mg=float(np.max(ul_ca)),
        calcium_ul_mg=ca_ul,
        max_day_vitamin_d_ug=float(np.max(ul_d)),
        vitamin_d_ul_ug=d_ul,
        max_day_supplemental_magnesium_mg=float(np.max(supplemental)),
        magnesium_ul_mg=mg_ul,
        coverage=None if math.isnan(coverage) else coverage,
    )


def _plan_effect(
    program: _Program, solution: FloatArray, n_days: int
) -> tuple[dict[str, FloatArray], FloatArray, list[tuple[str, int, Any]]]:
    """Per-day additions of a solution, recomputed from the foods (not the solver's sums),
    the grams added per day, and the chosen (kind, count, item)."""
    keys = (*_NUTRIENT_KEYS, "supplement_mg", "magnesium_basis")
    added = {key: np.zeros(n_days) for key in keys}
    grams = np.zeros(n_days)
    chosen: list[tuple[str, int, Any]] = []
    for i, candidate in enumerate(program.candidates):
        count = round(float(solution[program.x[i]]))
        if count <= 0:
            continue
        added["magnesium_mg"] += count * candidate.magnesium_mg
        added["magnesium_basis"] += count * candidate.magnesium_mg
        added["calcium_mg"] += count * candidate.calcium_mg
        added["vitamin_d_ug"] += count * candidate.vitamin_d_ug
        added["energy_kcal"] += count * candidate.energy_kcal
        grams += count * candidate.grams
        chosen.append(("increase" if candidate.own else "add", count, candidate))
    for k, swap in enumerate(program.swaps):
        if round(float(solution[program.s[k]])) != 1:
            continue
        for key in _NUTRIENT_KEYS:
            added[key] += swap.per_day[key]
        added["magnesium_basis"] += swap.per_day["magnesium_mg"]
        chosen.append(("swap", 1, swap))
    if program.z is not None:
        steps = round(float(solution[program.z]))
        if steps > 0:
            added["magnesium_mg"] += steps * SUPPLEMENT_STEP_MG
            added["magnesium_basis"] += steps * SUPPLEMENT_STEP_MG  # food basis: taken out
            added["supplement_mg"] += steps * SUPPLEMENT_STEP_MG
            chosen.append(("supplement", steps, None))
    return added, grams, chosen


def _change(kind: str, count: int, item: Any, days: _Days, basis: Basis) -> Change:
    food = days.food_day

    def mean(values: FloatArray) -> float:
        return float(np.asarray(values, dtype=np.float64)[food].mean())

    if kind == "supplement":
        mg = count * SUPPLEMENT_STEP_MG
        note = "" if basis == "total" else " (it counts toward total intake, not food)"
        return Change(
            kind="supplement", food_id="supplement:magnesium", name="magnesium supplement",
            description="supplemental magnesium, elemental", portions=count,
            portion=f"{SUPPLEMENT_STEP_MG:g} mg", amount=f"{mg:g} mg", grams=0.0,
            magnesium_mg=mg, calcium_mg=0.0, vitamin_d_ug=0.0, energy_kcal=0.0,
            own_food=False,
            text=f"Take {mg:g} mg of elemental magnesium a day as a supplement{note}.",
        )  # fmt: skip
    if kind == "swap":
        swap: _Swap = item
        target = swap.target
        household = target.about(swap.source_grams)
        changes = {key: mean(swap.per_day[key]) for key in _NUTRIENT_KEYS}
        return Change(
            kind="swap", food_id=target.food_id, name=target.name,
            description=target.description, portions=1, portion=target.portion,
            amount=f"about {household}", grams=swap.source_grams,
            magnesium_mg=changes["magnesium_mg"], calcium_mg=changes["calcium_mg"],
            vitamin_d_ug=changes["vitamin_d_ug"] if target.vitamin_d_known else None,
            energy_kcal=changes["energy_kcal"], own_food=target.own,
            replaces_food_id=swap.source_id, replaces_name=swap.source_name,
            replaces_grams=swap.source_grams, replaces_days=swap.days,
            text=(
                f"Swap {swap.source_name} for {target.name}: the same weight "
                f"({swap.source_grams:.0f} g, about {household}) each time; it was on "
                f"{swap.days} of {int(food.sum())} days. {_effect_text(changes)} a day "
                "on average."
            ),
        )  # fmt: skip
    candidate: _Candidate = item
    amount = candidate.amount(count)
    values = {
        "magnesium_mg": count * candidate.magnesium_mg,
        "calcium_mg": count * candidate.calcium_mg,
        "vitamin_d_ug": count * candidate.vitamin_d_ug,
        "energy_kcal": count * candidate.energy_kcal,
    }
    grams = count * candidate.grams
    if kind == "increase":
        words = f"Have {amount} more {candidate.name} a day ({grams:.0f} g; already in your log)"
    else:
        words = f"Add {amount} {candidate.name} a day ({grams:.0f} g)"
    return Change(
        kind=kind,
        food_id=candidate.food_id, name=candidate.name, description=candidate.description,
        portions=count, portion=candidate.portion, amount=amount, grams=grams,
        magnesium_mg=values["magnesium_mg"], calcium_mg=values["calcium_mg"],
        vitamin_d_ug=values["vitamin_d_ug"] if candidate.vitamin_d_known else None,
        energy_kcal=values["energy_kcal"], own_food=candidate.own,
        text=f"{words}: {_effect_text(values)}.",
    )  # fmt: skip


def _signed(value: float, unit: str) -> str:
    return f"{'+' if value >= 0 else '−'}{abs(value):.0f} {unit}"


def _effect_text(values: Mapping[str, float]) -> str:
    return (
        f"{_signed(values['magnesium_mg'], 'mg')} magnesium, "
        f"{_signed(values['calcium_mg'], 'mg')} calcium, "
        f"{_signed(values['energy_kcal'], 'kcal')}"
    )


def _checks(
    after: IntakeFigures,
    days: _Days,
    added: Mapping[str, FloatArray],
    limits: _Limits,
    n_changes: int,
    n_supplements: int,
    allow_supplements: bool,
    refs_ul: tuple[float | None, float | None, float | None],
    energy_added: float,
) -> tuple[ConstraintCheck, ...]:
    """Every constraint, checked on the recomputed plan (boundaries as in the analysis)."""
    tolerance = 1e-9
    checks = [
        ConstraintCheck(
            name="magnesium_target",
            description=f"mean magnesium at least {limits.target_mg:.0f} mg/day",
            limit=limits.target_mg, value=after.magnesium_mg, unit="mg/day",
            satisfied=after.magnesium_mg >= limits.target_mg * (1 - tolerance),
        ),
    ]  # fmt: skip
    ratio = after.calcium_mg / after.magnesium_mg if after.magnesium_mg > 0 else math.inf
    checks.append(ConstraintCheck(
        name="ratio_low", description=f"Ca:Mg of the mean intakes at least {limits.ratio.low:g}",
        limit=limits.ratio.low, value=ratio, unit="Ca:Mg",
        satisfied=ratio >= limits.ratio.low * (1 - tolerance),
    ))  # fmt: skip
    checks.append(ConstraintCheck(
        name="ratio_high", description=f"Ca:Mg of the mean intakes at most {limits.ratio.high:g}",
        limit=limits.ratio.high, value=ratio, unit="Ca:Mg",
        satisfied=ratio <= limits.ratio.high * (1 + tolerance),
    ))  # fmt: skip
    ca_ul, d_ul, mg_ul = refs_ul
    for name, label, unit, before, key, ul in (
        ("calcium_ul", "total calcium", "mg/day", days.ul_ca, "calcium_mg", ca_ul),
        ("vitamin_d_ul", "total vitamin D", "µg/day", days.ul_d, "vitamin_d_ug", d_ul),
        ("supplement_ul", "supplemental magnesium", "mg/day", days.supplemental_mg,
         "supplement_mg", mg_ul),
    ):  # fmt: skip
        if ul is None or (name == "supplement_ul" and not allow_supplements):
            continue
        new = before + added[key]
        ok = bool(np.all((new <= ul * (1 + tolerance)) | (added[key] <= tolerance)))
        checks.append(ConstraintCheck(
            name=name,
            description=f"{label} on every logged day at most the UL ({ul:g} {unit}), "
            "or not raised on a day already above it",
            limit=ul, value=float(np.max(new)), unit=unit, satisfied=ok,
        ))  # fmt: skip
    if limits.energy_budget is not None:
        checks.append(ConstraintCheck(
            name="energy_budget",
            description=f"energy added at most {limits.energy_budget:g} kcal/day",
            limit=limits.energy_budget, value=energy_added, unit="kcal/day",
            satisfied=energy_added <= limits.energy_budget + tolerance * max(1.0, abs(
                limits.energy_budget)),
        ))  # fmt: skip
    checks.append(ConstraintCheck(
        name="max_changes", description=f"at most {limits.max_changes} changes",
        limit=float(limits.max_changes), value=float(n_changes), unit="changes",
        satisfied=n_changes <= limits.max_changes,
    ))  # fmt: skip
    if not allow_supplements:
        checks.append(ConstraintCheck(
            name="no_supplement", description="no supplement (allow_supplements=False)",
            limit=0.0, value=float(n_supplements), unit="changes",
            satisfied=n_supplements == 0,
        ))  # fmt: skip
    return tuple(checks)


def _shortfall(
    name: str, limits: _Limits, gap: float, plan: FloatArray, program: _Program, basis: Basis
) -> Shortfall:
    """Explain one relaxation in words, with the best the relaxed plan reaches."""
    which = "total" if basis == "total" else "food"
    mg = limits.mg0 + float(program.basis_mean_mg @ plan)
    ca = limits.ca0 + float(program.mean["calcium_mg"] @ plan)
    if name == "magnesium_target":
        return Shortfall(
            name=name, limit=limits.target_mg, best=mg, gap=limits.target_mg - mg,
            unit="mg/day",
            text=f"Magnesium: the target is {limits.target_mg:.0f} mg/day ({which}); within the "
            f"other limits the most a plan can reach is {mg:.0f} mg/day, "
            f"{limits.target_mg - mg:.0f} mg short.",
        )  # fmt: skip
    if name == "energy_budget":
        budget = limits.energy_budget if limits.energy_budget is not None else 0.0
        need = float(program.mean["energy_kcal"] @ plan)
        return Shortfall(
            name=name, limit=budget, best=need, gap=need - budget, unit="kcal/day",
            text=f"Energy: meeting the other constraints adds at least {need:.0f} kcal/day, "
            f"{need - budget:.0f} kcal over the budget of {budget:g} kcal/day.",
        )  # fmt: skip
    if name == "max_changes":
        need = limits.max_changes + round(gap)
        return Shortfall(
            name=name, limit=float(limits.max_changes), best=float(need), gap=float(round(gap)),
            unit="changes",
            text=f"Number of changes: the other constraints need at least {need} changes; "
            f"{limits.max_changes} {'is' if limits.max_changes == 1 else 'are'} allowed.",
        )  # fmt: skip
    if name in ("ratio_low", "ratio_high"):
        low = name == "ratio_low"
        bound = limits.ratio.low if low else limits.ratio.high
        ratio = ca / mg if mg > 0 else math.inf
        return Shortfall(
            name=name, limit=bound, best=ratio, gap=abs(bound - ratio), unit="Ca:Mg",
            text=f"Ca:Mg ratio: within the other limits the closest a plan comes is "
            f"{ratio:.2f}, {'below' if low else 'above'} {bound:g} (short of {gap:.0f} mg/day "
            f"of {'calcium' if low else 'magnesium, counted in calcium'}).",
        )  # fmt: skip
    label, unit = ("Calcium", "mg/day") if name == "calcium_ul" else ("Vitamin D", "µg/day")
    return Shortfall(
        name=name, limit=None, best=None, gap=gap, unit=unit,
        text=f"{label} upper limit: meeting the other constraints would raise a logged day "
        f"{gap:.0f} {unit} beyond the UL (or raise a day that was already above it).",
    )  # fmt: skip


# -- the public functions -------------------------------------------------------------------


def _target(target: str | float, refs: ReferenceValues | None) -> tuple[float, str]:
    if isinstance(target, str):
        key = target.lower()
        if key not in _TARGETS:
            raise UnknownOptionError("target", target, (*_TARGETS, "a number [mg/day]"))
        if refs is None:
            raise InvalidValueError(
                f"target={target!r} needs the person's reference values: pass "
                "person=Person(age=..., sex=...) (or analyse with one), or a target in mg/day"
            )
        kind: str
        if key == "rda":
            value, kind = refs.magnesium_rda_mg, refs.magnesium_target_kind or "RDA"
        else:
            value, kind = refs.magnesium_ear_mg, "EAR"
        if value is None:
            raise InvalidValueError(
                f"no magnesium {key.upper()} is established for this life stage under "
                f"{refs.authority!r}; give target= in mg/day"
            )
        return float(value), kind
    if isinstance(target, bool) or not isinstance(target, int | float):
        raise UnknownOptionError("target", target, (*_TARGETS, "a number [mg/day]"))
    if not math.isfinite(target) or target <= 0:
        raise InvalidValueError(f"target={target!r} must be a positive number of mg/day")
    return float(target), "custom"


@dataclass(frozen=True)
class _Built:
    """A problem ready to solve, with what the answer needs to describe it."""

    program: _Program
    rows: _Rows
    limits: _Limits
    days: _Days
    refs_ul: tuple[float | None, float | None, float | None]
    rda: float | None
    common: dict[str, Any]


def _build(
    analysis: IntakeAnalysis,
    person: Person | None,
    *,
    target: str | float,
    ratio_range: RangeLike,
    max_changes: int,
    energy_budget_kcal: float | None,
    prefer: Prefer,
    exclude: Iterable[str],
    allow_supplements: bool,
    vegetarian: bool,
    vegan: bool,
    basis: Basis,
    extra_foods: Sequence[str],
    table: FoodTable | None,
) -> _Built:
    """Check the options and build the program of :func:`suggest` (also what the benchmark
    times a plain ``milp`` call on)."""
    _milp()  # fail early, with the extra to install
    if not isinstance(analysis, IntakeAnalysis):
        raise InvalidLogError(
            f"suggest needs an IntakeAnalysis (mg.analyze(log, person)), not "
            f"{type(analysis).__name__}", "analysis",
        )  # fmt: skip
    if person is not None and not isinstance(person, Person):
        raise InvalidLogError(f"person must be a Person, not {type(person).__name__}", "person")
    if prefer not in _PREFER:
        raise UnknownOptionError("prefer", prefer, _PREFER)
    if basis not in _BASES:
        raise UnknownOptionError("basis", basis, _BASES)
    if isinstance(max_changes, bool) or not isinstance(max_changes, int) or max_changes < 0:
        raise InvalidValueError(f"max_changes={max_changes!r} must be a whole number >= 0")
    if energy_budget_kcal is not None and (
        isinstance(energy_budget_kcal, bool)
        or not isinstance(energy_budget_kcal, int | float)
        or not math.isfinite(energy_budget_kcal)
    ):
        raise InvalidValueError(
            f"energy_budget_kcal={energy_budget_kcal!r} must be a number of kcal/day or None"
        )
    extra = _food_ids(extra_foods, "extra_foods")
    table = table if table is not None else FoodTable.default()
    person = person if person is not None else analysis.person
    refs = person.reference_values() if person is not None else analysis.references
    target_mg, target_kind = _target(target, refs)
    bounds = resolve_range(ratio_range)
    excluded = _food_ids(exclude, "exclude")
    excluded_tags, excluded_ids = _excluded_tags(excluded, table)
    diet = "vegan" if vegan else "vegetarian" if vegetarian else "omnivore"
    if diet != "omnivore":
        excluded_tags = excluded_tags | DIETS[diet]

    days = _days(analysis, basis)
    own = _own_foods(analysis, table, days.dates)
    candidates, swaps = _pool(
        table, own, days, excluded_tags, excluded_ids, diet, extra, bounds.high
    )
    notes: list[str] = []
    ca_ul = None if refs is None else refs.calcium_ul_mg
    d_ul_value = None if refs is None else getattr(refs, "vitamin_d_ul_ug", None)
    d_ul = None if d_ul_value is None else float(d_ul_value)
    mg_ul = None if refs is None else refs.magnesium_ul_mg
    if refs is None:
        from mgcalc.defaults import ADULT_MAGNESIUM_UL_MG

        mg_ul = ADULT_MAGNESIUM_UL_MG

    def caps(values: FloatArray, ul: float | None, label: str, unit: str) -> FloatArray | None:
        if ul is None:
            notes.append(f"no {label} upper limit is available here, so none was applied")
            return None
        over = [d for d, v in zip(days.dates, values, strict=True) if v > ul]
        if over:
            notes.append(
                f"{label} was already above its UL ({ul:g} {unit}) on {', '.join(over)}; "
                f"the plan adds no {label} on those days"
            )
        return np.maximum(ul - values - CONSTRAINT_MARGIN, 0.0)

    limits = _Limits(
        target_mg=target_mg,
        ratio=bounds,
        mg0=days.mean(days.basis_mg),
        ca0=days.mean(days.basis_ca),
        ca_caps=caps(days.ul_ca, ca_ul, "calcium", "mg/day"),
        d_caps=caps(days.ul_d, d_ul, "vitamin D", "µg/day"),
        energy_budget=None if energy_budget_kcal is None else float(energy_budget_kcal),
        max_changes=max_changes,
    )
    supplement_steps = 0
    if allow_supplements:
        if mg_ul is None:
            notes.append("no upper limit for supplemental magnesium applies at this age; "
                         "no supplement is suggested")  # fmt: skip
        else:
            room = mg_ul - float(np.max(days.supplemental_mg))
            supplement_steps = max(0, math.floor(room / SUPPLEMENT_STEP_MG + 1e-9))
            if supplement_steps == 0:
                notes.append(
                    f"supplemental magnesium already reaches its UL ({mg_ul:g} mg/day) on a "
                    "logged day; no supplement is suggested"
                )
    if any(not c.vitamin_d_known for c in candidates):
        notes.append("some candidate foods report no vitamin D; they are counted as adding "
                     "none")  # fmt: skip
    coverage = float(np.fmin(days.mean(days.coverage), days.mean(days.calcium_coverage)))
    if coverage < 1.0:
        notes.append(
            f"{1 - coverage:.0%} of the logged grams have unknown magnesium or calcium; "
            "the figures sum the known values, so true intake is likely higher"
        )
    if math.isnan(limits.mg0) or math.isnan(limits.ca0):
        raise InvalidLogError("no day of the log has a known magnesium and calcium intake")

    program = _program(candidates, swaps, days, supplement_steps=supplement_steps, basis=basis)
    rows = _constraint_rows(program, limits)
    refs_ul = (ca_ul, d_ul, mg_ul)
    rda = None if refs is None else refs.magnesium_rda_mg
    zeros = {key: np.zeros(len(days.dates)) for key in
             (*_NUTRIENT_KEYS, "supplement_mg", "magnesium_basis")}  # fmt: skip
    before = _figures(days, zeros, np.zeros(len(days.dates)), limits, refs_ul, rda)
    common: dict[str, Any] = {
        "before": before, "target_mg": target_mg, "target_kind": target_kind,
        "basis": basis, "ratio_range": bounds, "max_changes": max_changes,
        "energy_budget_kcal": limits.energy_budget, "allow_supplements": allow_supplements,
        "exclude": tuple(str(e) for e in excluded),
        "diet": diet, "prefer": prefer, "n_days": int(days.food_day.sum()),
        "n_candidates": len(candidates), "notes": tuple(notes),
    }  # fmt: skip

    return _Built(program, rows, limits, days, refs_ul, rda, common)


def suggest(
    analysis: IntakeAnalysis,
    person: Person | None = None,
    *,
    target: str | float = "rda",
    ratio_range: RangeLike = "default",
    max_changes: int = 3,
    energy_budget_kcal: float | None = None,
    prefer: Prefer = "own_foods",
    exclude: Iterable[str] = (),
    allow_supplements: bool = False,
    vegetarian: bool = False,
    vegan: bool = False,
    basis: Basis = "total",
    extra_foods: Sequence[str] = (),
    table: FoodTable | None = None,
) -> Suggestion:
    """The fewest changes to a food log that reach the magnesium target within the Ca:Mg
    range, the upper limits and an optional energy budget.

    Parameters
    ----------
    analysis
        The analysis of one person's log (:func:`mgcalc.analyze`).
    person
        Whose targets to use; the analysis's person by default.
    target
        ``"rda"`` (the RDA, or the AI where there is no RDA), ``"ear"``, or a number
        [mg/day] of mean daily magnesium on ``basis``.
    ratio_range
        The Ca:Mg range: ``"default"`` (2.2-3.2), ``"costello2021"`` (1.70-2.60), a
        ``(low, high)`` tuple or a :class:`~mgcalc.ratio.RatioRange` (mass basis).
    max_changes
        At most this many changes (each food added, increased or swapped, and a
        supplement, counts one).
    energy_budget_kcal
        At most this much energy added to a day on average [kcal/day]; None for no limit.
        A negative budget asks the plan to remove energy (by swaps).
    prefer
        ``"own_foods"``: the person's own foods first (each new food counts
        :data:`NEW_FOOD_KCAL` more in the energy objective); ``"none"``: least energy.
    exclude
        Keys of :data:`EXCLUSIONS` (``"nuts"``, ``"dairy"``, ``"gluten"`` ...) or food
        ids to leave out, for allergies, intolerances or taste. Applies to the person's
        own foods too.
    allow_supplements
        Whether a magnesium supplement may be suggested (in steps of
        :data:`SUPPLEMENT_STEP_MG`, within the supplemental UL on every day). Food comes
        first: a supplement is used only if no plan of foods alone meets the constraints.
    vegetarian, vegan
        Leave out meat and fish (and, for vegan, dairy and eggs).
    basis
        ``"total"`` (default): the target and the ratio on total intake (food, water,
        supplements, medications), as the analysis's % of RDA and ``total_ca_mg_ratio``;
        ``"food"``: on food alone, as its ``ca_mg_ratio``.
    extra_foods
        More food ids to consider, each with its first household portion and at most
        :data:`DEFAULT_MAX_PORTIONS` a day.
    table
        The food table (the bundled USDA table by default).

    Returns
    -------
    Suggestion
        The changes with their portions and effects, the figures before and after, every
        constraint checked on the recomputed plan, or, when no plan exists, which
        constraint cannot be met and by how much (``status="infeasible"``, never an
        exception).

    Raises
    ------
    MissingExtraError
        If SciPy is not installed (``pip install mgcalc[suggest]``).
    InvalidLogError
        If the analysis covers several people or has no food entries.
    UnknownOptionError
        For an unknown ``target``, ``prefer``, ``basis`` or ``exclude`` key.
    InvalidValueError
        If ``target="rda"`` has no person to take it from, or an option is out of range.
    UnknownFoodError
        For a food id in ``exclude`` or ``extra_foods`` that is not in the table.

    Notes
    -----
    The model (variables, constraints, lexicographic objective) is written out in the
    module docstring and in the guide *Suggestions*. It is a suggestion from food
    composition tables, not medical advice; absorption is not modelled.

    Examples
    --------
    >>> import mgcalc as mg
    >>> log = mg.FoodLog.from_lines(["1 cup white rice, cooked", "1 cup whole milk"],
    ...                             date="2026-11-20")
    >>> plan = mg.suggest(mg.analyze(log), mg.Person(age=40, sex="female"))
    >>> plan.status, plan.after.magnesium_mg >= 320
    ('ok', True)
    """
    built = _build(
        analysis, person, target=target, ratio_range=ratio_range, max_changes=max_changes,
        energy_budget_kcal=energy_budget_kcal, prefer=prefer, exclude=exclude,
        allow_supplements=allow_supplements, vegetarian=vegetarian, vegan=vegan, basis=basis,
        extra_foods=extra_foods, table=table,
    )  # fmt: skip
    program, rows, limits, days = built.program, built.rows, built.limits, built.days
    refs_ul, rda, common = built.refs_ul, built.rda, built.common
    bounds, target_mg, before = limits.ratio, limits.target_mg, common["before"]
    solved = _optimise(program, rows, prefer, limits.max_changes)
    if solved.status == _INFEASIBLE:
        shortfalls = []
        for group in _RELAXABLE:
            relaxed = _relaxed(program, rows, group)
            if relaxed is not None and relaxed[0] > CONSTRAINT_MARGIN * 10:
                gap, plan = relaxed
                shortfalls.append(_shortfall(group, limits, gap, plan, program, basis))
        message = "No plan meets every constraint"
        if shortfalls:
            message += "; relaxing any one of these would make one possible:"
        else:
            message += "; no single constraint, relaxed alone, makes one possible."
        return Suggestion(status="infeasible", message=message, shortfalls=tuple(shortfalls),
                          **common)  # fmt: skip
    if solved.status != _OPTIMAL or solved.x is None:
        return Suggestion(
            status="unsolved", message=f"The solver gave no plan: {solved.message}", **common
        )
    added, grams, chosen = _plan_effect(program, solved.x, len(days.dates))
    if basis == "food":
        added["magnesium_basis"] -= added["supplement_mg"]
    changes = sorted(
        (_change(kind, count, item, days, basis) for kind, count, item in chosen),
        key=lambda change: -change.magnesium_mg,
    )
    after = _figures(days, added, grams, limits, refs_ul, rda)
    energy_added = days.mean(days.energy + added["energy_kcal"]) - days.mean(days.energy)
    checks = _checks(
        after, days, added, limits, len(changes),
        sum(c.kind == "supplement" for c in changes), allow_supplements, refs_ul, energy_added,
    )  # fmt: skip
    if not changes:
        status: Status = "already_met"
        message = (
            f"Nothing to change: mean {basis} magnesium is {before.magnesium_mg:.0f} mg/day "
            f"(target {target_mg:.0f}) and Ca:Mg is within {bounds.low:g}-{bounds.high:g}."
        )
    else:
        status = "ok"
        n = len(changes)
        before_ratio = "unknown" if before.ca_mg_ratio is None else f"{before.ca_mg_ratio:.2f}"
        message = (
            f"{n} change{'s' if n > 1 else ''}: mean {basis} magnesium "
            f"{before.magnesium_mg:.0f} → {after.magnesium_mg:.0f} mg/day (target "
            f"{target_mg:.0f}), Ca:Mg {before_ratio} → "
            f"{after.calcium_mg / after.magnesium_mg:.2f} (range {bounds.low:g}-{bounds.high:g})."
        )
    return Suggestion(status=status, message=message, changes=tuple(changes), after=after,
                      constraints=checks, **common)  # fmt: skip


def rich_foods(
    by: str = "per_100g",
    group: str | None = None,
    limit: int | None = 20,
    *,
    pool: Literal["everyday", "all"] = "everyday",
    table: FoodTable | None = None,
) -> pd.DataFrame:
    """Foods ranked by magnesium: per 100 g, per portion or per 100 kcal.

    Parameters
    ----------
    by
        ``"per_100g"``, ``"per_portion"`` (the household portion of the curated list; for
        ``pool="all"`` the food's first household measure) or ``"per_100kcal"``
        (magnesium density: what a food gives for its energy).
    group
        Only foods with this tag (a key of :data:`EXCLUSIONS`: ``"nuts"``, ``"legumes"``,
        ``"leafy_greens"``, ``"dairy"`` ...); None for all.
    limit
        How many rows (None for all).
    pool
        ``"everyday"``: the curated everyday foods :func:`suggest` draws on (the NIH ODS
        food sources and their kin); ``"all"``: every food of the table with a known
        magnesium value (with spices, powders and brand items among them).
    table
        The food table (the bundled USDA table by default).

    Returns
    -------
    pandas.DataFrame
        ``food_id``, ``name``, ``description``, ``portion``, ``portion_g`` [g],
        ``magnesium_mg_per_100g``, ``magnesium_mg_per_portion``,
        ``magnesium_mg_per_100kcal``, ``calcium_mg_per_portion``,
        ``energy_kcal_per_portion``, ``ca_mg_ratio`` (the food's own) and ``tags``,
        best first; NaN where a value is unknown.

    Raises
    ------
    UnknownOptionError
        For an unknown ``by``, ``group`` or ``pool``.

    Examples
    --------
    >>> top = rich_foods("per_portion", limit=3)
    >>> top["name"].tolist()
    ['pumpkin seeds, roasted', 'chia seeds', 'almonds, dry roasted']
    """
    if by not in RICH_FOODS_BY:
        raise UnknownOptionError("by", by, RICH_FOODS_BY)
    if pool not in ("everyday", "all"):
        raise UnknownOptionError("pool", pool, ("everyday", "all"))
    if group is not None and group not in EXCLUSIONS:
        raise UnknownOptionError("group", group, tuple(EXCLUSIONS))
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise InvalidValueError(f"limit={limit!r} must be a whole number >= 0 or None")
    table = table if table is not None else FoodTable.default()
    records: list[dict[str, Any]] = []
    if pool == "everyday":
        items = [
            (row["food_id"], row["name"], row["portion"],
             frozenset(t for t in row["tags"].split(";") if t))
            for row in _suggestion_rows()
        ]  # fmt: skip
    else:
        known = ~np.isnan(table.nutrient_array("magnesium_mg_per_100g"))
        ids = table.foods["food_id"].to_numpy()[known]
        items = [(str(i), table.descriptions[table.position(str(i))], None, frozenset())
                 for i in ids]  # fmt: skip
    for food_id, name, portion, tags in items:
        values = _values_per_100g(table, food_id)
        description = table.descriptions[table.position(food_id)]
        grams = math.nan
        if portion is None:
            measured = _default_portion(table, food_id) if by == "per_portion" else None
            if measured is not None:
                portion, grams = measured
        else:
            grams = table.grams(food_id, portion)
        energy = values["energy_kcal"]
        records.append({
            "food_id": food_id,
            "name": name,
            "description": description,
            "portion": portion,
            "portion_g": grams,
            "magnesium_mg_per_100g": values["magnesium_mg"],
            "magnesium_mg_per_portion": grams * values["magnesium_mg"] / 100.0,
            "magnesium_mg_per_100kcal": (
                100.0 * values["magnesium_mg"] / energy if energy > 0 else math.nan
            ),
            "calcium_mg_per_portion": grams * values["calcium_mg"] / 100.0,
            "energy_kcal_per_portion": grams * energy / 100.0,
            "ca_mg_ratio": (
                values["calcium_mg"] / values["magnesium_mg"]
                if values["magnesium_mg"] > 0 else math.nan
            ),
            "tags": ";".join(sorted(food_tags(description, tags))),
        })  # fmt: skip
    frame = pd.DataFrame(records)
    if group is not None:
        wanted = EXCLUSIONS[group]
        keep = [bool(set(t.split(";")) & wanted) for t in frame["tags"]]
        frame = frame[keep]
    column = f"magnesium_mg_{by}"
    frame = frame.sort_values(column, ascending=False, na_position="last", kind="stable")
    frame = frame[frame[column].notna()].reset_index(drop=True)
    return frame if limit is None else frame.head(limit).reset_index(drop=True)
