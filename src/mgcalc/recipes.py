"""Recipes: dishes people cook themselves, as foods made of ingredient lines.

A :class:`Recipe` is a name, its ingredient lines ("500 g lean ground beef", "1 medium
onion"), how many servings it makes and, optionally, the weight of the cooked dish. Its
ingredients are resolved by the same steps as a food log (:func:`mgcalc.intake.resolve_columns`:
parse, match or pinned ``food_id``, grams from the food's portions), and its nutrients are
the decomposable sums of the daily table (:func:`mgcalc.intake.partial_columns`,
:func:`~mgcalc.intake.total_columns`), so a recipe follows the same rules as a day:

- **Missing is not zero.** An ingredient whose magnesium the food table does not report
  leaves the recipe's magnesium a sum of the known values with ``magnesium_coverage`` < 1
  (the share of the ingredients' grams whose value is known); an ingredient line that does
  not resolve is listed with its reason and lowers coverage too.
- **Yield.** Per serving = total / servings, whatever the dish weighs. Per 100 g = total /
  weight × 100, where the weight is the cooked weight when given (water lost or gained in
  cooking concentrates or dilutes the dish), else the sum of the ingredients' weights.
  Nutrient losses in cooking are not modelled: no retention factor is applied, so minerals
  leached into discarded cooking water are counted as eaten (magnesium and calcium are not
  destroyed by heat; only what is poured away is lost).

A :class:`RecipeBook` holds recipes, is saved and read as JSON or CSV (identically), and is
registered on a food table with :meth:`mgcalc.FoodTable.with_recipes`: each recipe becomes
the food ``recipe:<slug>`` (an id no USDA food can have), with two portions, ``serving`` and
``full recipe``, so that "1 serving grandma's casserole", "250 g grandma's casserole" and
"grandma's casserole" (no amount: one serving, flagged) resolve to it.

Examples
--------
>>> stew = Recipe("Lentil stew", lines=["200 g lentils, raw", "1 medium onion, raw",
...                                     "400 g canned tomatoes"], servings=4)
>>> stew.recipe_id
'recipe:lentil_stew'
>>> values = stew.nutrients()
>>> round(values.magnesium_mg_per_serving), values.magnesium_coverage
(36, 1.0)
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mgcalc._data import data_file
from mgcalc._files import write_text
from mgcalc._schemas import REPORTED_COLUMNS
from mgcalc.defaults import MAX_ENTRY_GRAMS, MIN_SCORE
from mgcalc.errors import InvalidValueError, RecipeError
from mgcalc.foods import Food, FoodTable, Portion
from mgcalc.intake import (
    NUTRIENTS,
    REVIEW_FLAGS,
    partial_columns,
    resolve_columns,
    total_columns,
)
from mgcalc.parse import MAX_LINE_LENGTH
from mgcalc.resolve import Resolver

__all__ = [
    "CSV_COLUMNS",
    "RECIPE_SOURCE",
    "Ingredient",
    "Recipe",
    "RecipeBook",
    "RecipeNutrients",
    "load_recipes",
    "read_recipes",
    "recipe_slug",
]

RECIPE_SOURCE: Final = "recipe"
"""The ``source`` (and id prefix) of a recipe registered as a food: ``recipe:<slug>``."""

CSV_COLUMNS: Final = ("recipe", "servings", "cooked_weight_g", "aliases", "note", "line",
                      "food_id")  # fmt: skip
"""The columns of a recipe book in CSV: one row per ingredient line, the recipe's own
fields repeated on each of its rows (aliases ``; ``-separated; a blank cooked weight is
none)."""

_FORMAT: Final = "mgcalc.RecipeBook/1"
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_FOOD_ID: Final = r"^[a-z][a-z0-9_]*:\S+$"
MAX_SERVINGS: Final = 1000.0
"""The most servings a recipe may make (more is a typo: a dish, not a factory batch)."""
MIN_SERVINGS: Final = 0.01
"""The fewest servings a recipe may make (fewer is a typo; one serving would then weigh
over a hundred times the dish, and per-serving figures could overflow)."""
MIN_COOKED_WEIGHT_G: Final = 0.1
"""The least a cooked dish may weigh [g] (less is a typo, and per-100 g figures of a dish
weighing next to nothing overflow)."""


def recipe_slug(name: str) -> str:
    """The id part of a recipe's name: ASCII letters and digits joined by ``_``.

    >>> recipe_slug("Grandma's Sunday casserole"), recipe_slug("Crème brûlée")
    ('grandmas_sunday_casserole', 'creme_brulee')
    """
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = re.sub(r"['’`]", "", folded)
    return "_".join(re.findall(r"[a-z0-9]+", folded))


def _one_line(value: str, what: str) -> str:
    if _CONTROL.search(value):
        raise InvalidValueError(f"{what} must be one line of text (no line breaks or control "
                         "characters)")  # fmt: skip
    return value


class Ingredient(BaseModel):
    """One ingredient line of a recipe.

    Parameters
    ----------
    text
        The line as written, amount included: ``"500 g lean ground beef"``,
        ``"1 medium onion"``.
    food_id
        Pins the food (``"sr28:11282"``), as a log's ``food_id`` does: the text then only
        gives the amount.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_LINE_LENGTH)
    food_id: str | None = Field(default=None, pattern=_FOOD_ID)

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        if not value.strip():
            raise InvalidValueError("an ingredient line must not be blank")
        return _one_line(value, "an ingredient line")


class RecipeNutrients(BaseModel):
    """What a recipe holds: totals, per serving and per 100 g, with coverage.

    Attributes
    ----------
    recipe_id, name : str
        The recipe.
    servings : float
        How many servings it makes.
    raw_weight_g : float
        Sum of the ingredients' weights [g]; NaN when a line did not resolve.
    cooked_weight_g : float
        The cooked dish's weight, if given [g] (else NaN).
    weight_g : float
        The weight per-100 g values refer to: cooked if given, else raw [g].
    serving_g : float
        One serving [g] (``weight_g / servings``).
    magnesium_mg, calcium_mg, vitamin_d_ug, energy_kcal : float
        The whole recipe [mg], [µg], [kcal]: the sum of the known values (NaN when none
        is known).
    magnesium_mg_per_serving, ..._per_100g : float
        Per serving and per 100 g of ``weight_g``.
    magnesium_coverage, calcium_coverage, vitamin_d_coverage, energy_coverage : float
        Share of the ingredients, by grams, whose value is known [0-1]; below 1 the totals
        miss the unknown part (they are never filled with 0).
    n_lines : int
        Ingredient lines.
    unresolved : tuple of (str, str)
        Lines that could not be used, with the reason.
    review : tuple of (str, str)
        Lines resolved with a guess to review (a default portion, a low match score), with
        their flags.
    """

    model_config = ConfigDict(frozen=True)

    recipe_id: str
    name: str
    servings: float
    raw_weight_g: float
    cooked_weight_g: float
    weight_g: float
    serving_g: float
    magnesium_mg: float
    magnesium_mg_per_serving: float
    magnesium_mg_per_100g: float
    magnesium_coverage: float
    calcium_mg: float
    calcium_mg_per_serving: float
    calcium_mg_per_100g: float
    calcium_coverage: float
    vitamin_d_ug: float
    vitamin_d_ug_per_serving: float
    vitamin_d_ug_per_100g: float
    vitamin_d_coverage: float
    energy_kcal: float
    energy_kcal_per_serving: float
    energy_kcal_per_100g: float
    energy_coverage: float
    n_lines: int
    unresolved: tuple[tuple[str, str], ...] = ()
    review: tuple[tuple[str, str], ...] = ()

    @property
    def coverage(self) -> float:
        """The magnesium coverage [0-1]."""
        return self.magnesium_coverage


class Recipe(BaseModel):
    """A dish made of ingredient lines: its nutrients, and itself as a food.

    Parameters
    ----------
    name
        The dish (``"Grandma's Sunday casserole"``); its id is ``recipe:<slug of name>``.
        May be given as the first argument.
    lines
        The ingredient lines: text (``"500 g lean ground beef"``), :class:`Ingredient`
        (to pin a food id) or ``{"text": ..., "food_id": ...}``.
    servings
        How many servings the whole recipe makes (:data:`MIN_SERVINGS` to
        :data:`MAX_SERVINGS`).
    cooked_weight_g
        The weight of the cooked dish [g] (:data:`MIN_COOKED_WEIGHT_G` to
        :data:`mgcalc.defaults.MAX_ENTRY_GRAMS`): per-100 g values refer to it. None: the
        sum of the ingredients' weights.
    aliases
        Other names it is logged under (``"grandma's casserole"``); edge spaces are dropped.
    note
        Free text: where the recipe comes from, how it was weighed.

    Raises
    ------
    pydantic.ValidationError
        For a blank name or line, no lines (or lines that are not a list), servings or a
        cooked weight out of range, a multi-line name or line, an alias holding ``;``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    lines: tuple[Ingredient, ...] = Field(min_length=1)
    servings: float = Field(default=1.0, ge=MIN_SERVINGS, le=MAX_SERVINGS, allow_inf_nan=False)
    cooked_weight_g: float | None = Field(
        default=None, ge=MIN_COOKED_WEIGHT_G, le=MAX_ENTRY_GRAMS, allow_inf_nan=False
    )
    aliases: tuple[str, ...] = ()
    note: str = ""

    def __init__(self, name: str | None = None, /, **data: Any) -> None:
        if name is not None:
            data["name"] = name
        super().__init__(**data)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not recipe_slug(value):
            raise InvalidValueError("a recipe's name needs a letter or a digit")
        return _one_line(value, "a recipe's name")

    @field_validator("lines", mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise InvalidValueError("lines must be a list of ingredient lines, not one string")
        if not isinstance(value, Iterable) or isinstance(value, bytes | dict):
            raise InvalidValueError(
                f"lines must be a list of ingredient lines, not {type(value).__name__}"
            )
        return [Ingredient(text=v) if isinstance(v, str) else v for v in value]

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, Iterable) or isinstance(value, bytes | dict):
            raise InvalidValueError(f"aliases must be a list of names, not {type(value).__name__}")
        out = []
        for alias in value:
            if not isinstance(alias, str) or not alias.strip():
                raise InvalidValueError("an alias must be non-blank text")
            if ";" in alias:
                raise InvalidValueError(f"an alias must not hold ';' ({alias!r})")
            out.append(_one_line(alias, "an alias").strip())
        return out

    @property
    def recipe_id(self) -> str:
        """``recipe:<slug>``: the recipe's food id (never a USDA id)."""
        return f"{RECIPE_SOURCE}:{recipe_slug(self.name)}"

    # -- resolution ------------------------------------------------------------------------
    def _resolved(self, table: FoodTable, min_score: float) -> dict[str, Any]:
        k = len(self.lines)
        columns: dict[str, list[Any]] = {
            "text": [line.text for line in self.lines],
            "food_id": [line.food_id for line in self.lines],
            "amount": [math.nan] * k,
            "unit": [None] * k,
            "reported": [False] * k,
            **{name: [math.nan] * k for name in REPORTED_COLUMNS},
        }
        return resolve_columns(columns, table, Resolver(table, min_score))

    def ingredients(
        self, table: FoodTable | None = None, *, min_score: float = MIN_SCORE
    ) -> pd.DataFrame:
        """The ingredient lines resolved: one row each, in order.

        Returns
        -------
        pandas.DataFrame
            ``line``, ``food_id``, ``description``, ``match_score``, ``grams`` [g], the
            nutrient columns [mg], [µg], [kcal] (NaN = unknown), ``status``, ``reason``
            and ``flags``.
        """
        table = table if table is not None else FoodTable.default()
        resolved = self._resolved(table, min_score)
        out = pd.DataFrame({  # a composite line ("toast with butter") gives a row per part
            "line": [self.lines[int(i)].text for i in resolved["row"]],
            "food_id": pd.Series(resolved["food_id"], dtype=object),
            "description": pd.Series(resolved["description"], dtype=object),
            "match_score": resolved["match_score"],
            "grams": resolved["grams"],
        })  # fmt: skip
        for nutrient in NUTRIENTS:
            out[nutrient.column] = resolved["nutrients"][nutrient.column]
        out["status"] = resolved["status"]
        out["reason"] = pd.Series(resolved["reason"], dtype=object)
        out["flags"] = resolved["flags"]
        return out

    def nutrients(
        self, table: FoodTable | None = None, *, min_score: float = MIN_SCORE
    ) -> RecipeNutrients:
        """Magnesium, calcium, vitamin D and energy: total, per serving, per 100 g, coverage.

        Parameters
        ----------
        table
            The food table the ingredients are resolved in (the bundled USDA table by
            default).
        min_score
            Ingredient matches scoring below this are not used (0-100).
        """
        table = table if table is not None else FoodTable.default()
        resolved = self._resolved(table, min_score)
        grams = resolved["grams"]
        k = len(grams)  # the parts of the lines: a composite line has several
        texts = [self.lines[int(i)].text for i in resolved["row"]]
        unresolved = resolved["unresolved"]
        partial = partial_columns(np.zeros(k, dtype=np.intp), 1, grams, resolved["nutrients"],
                                  unresolved)  # fmt: skip
        totals = total_columns(partial)
        raw = math.nan if unresolved.any() else float(np.nansum(grams))
        weight = raw if self.cooked_weight_g is None else self.cooked_weight_g
        values: dict[str, float] = {}
        for nutrient in NUTRIENTS:
            total = float(totals[nutrient.column][0])
            coverage = float(totals[nutrient.coverage][0])
            values[nutrient.column] = total
            values[f"{nutrient.column}_per_serving"] = total / self.servings
            values[f"{nutrient.column}_per_100g"] = (
                total / weight * 100.0 if weight > 0 else math.nan
            )
            values[f"{nutrient.name}_coverage"] = coverage
        return RecipeNutrients(
            recipe_id=self.recipe_id,
            name=self.name,
            servings=self.servings,
            raw_weight_g=raw,
            cooked_weight_g=math.nan if self.cooked_weight_g is None else self.cooked_weight_g,
            weight_g=weight,
            serving_g=weight / self.servings,
            n_lines=len(self.lines),
            unresolved=tuple(
                (texts[i], str(resolved["reason"][i])) for i in range(k) if unresolved[i]
            ),
            review=tuple(
                (texts[i], resolved["flags"][i])
                for i in range(k)
                if not unresolved[i] and set(resolved["flags"][i].split(";")) & set(REVIEW_FLAGS)
            ),
            **values,
        )

    def food(self, table: FoodTable | None = None, *, min_score: float = MIN_SCORE) -> Food:
        """The recipe as a food of ``table``: ``recipe:<slug>``, per 100 g of its weight,
        with the portions ``serving`` and ``full recipe``.

        A nutrient whose coverage is below 1 (an ingredient's value unknown) is unknown
        (NaN) in the food: a food's value per 100 g is used as complete, so a partial sum
        would be counted as if it were the whole.

        Raises
        ------
        RecipeError
            If an ingredient line does not resolve (each listed with its reason): the
            recipe's weight, and so its servings, would be unknown.
        """
        values = self.nutrients(table, min_score=min_score)
        if values.unresolved:
            raise RecipeError(
                self.name,
                [f"ingredient {text!r}: {reason}" for text, reason in values.unresolved],
            )
        per_100g = {
            nutrient.per_100g: (
                getattr(values, f"{nutrient.column}_per_100g")
                if getattr(values, f"{nutrient.name}_coverage") == 1.0
                else math.nan
            )
            for nutrient in NUTRIENTS
        }
        if not values.weight_g > 0:
            raise RecipeError(self.name, ["its ingredients weigh nothing (0 g)"])
        return Food(
            food_id=self.recipe_id,
            source=RECIPE_SOURCE,
            description=self.name,
            food_group="Recipes",
            common_names=", ".join(self.aliases),
            portions=(
                Portion(amount=1, measure="serving", unit="serving", grams=values.serving_g),
                Portion(amount=1, measure="full recipe", unit="recipe", grams=values.weight_g),
            ),
            **per_100g,
        )


# -- the book ----------------------------------------------------------------------------------


class RecipeBook:
    """Recipes by id, saved and read as JSON or CSV, registered on a food table.

    Parameters
    ----------
    recipes
        The recipes; two may not share an id (``recipe:<slug of the name>``).

    Raises
    ------
    RecipeError
        If two recipes share an id, or an item is not a :class:`Recipe`.

    Examples
    --------
    >>> book = load_recipes()
    >>> "grandma's sunday casserole" in book, len(book)
    (True, 1)
    >>> table = FoodTable.default().with_recipes(book)
    >>> table["recipe:grandmas_sunday_casserole"].portions[0].unit
    'serving'
    """

    def __init__(self, recipes: Iterable[Recipe] = ()) -> None:
        items = list(recipes)
        problems = [f"item {i + 1} is a {type(r).__name__}, not a Recipe"
                    for i, r in enumerate(items) if not isinstance(r, Recipe)]  # fmt: skip
        if problems:
            raise RecipeError("(recipe book)", problems)
        seen: dict[str, str] = {}
        for recipe in items:
            if recipe.recipe_id in seen:
                raise RecipeError(recipe.name, [
                    f"its id {recipe.recipe_id} is also the id of {seen[recipe.recipe_id]!r}; "
                    "rename one"
                ])  # fmt: skip
            seen[recipe.recipe_id] = recipe.name
        self._recipes = tuple(items)
        self._by_id = {r.recipe_id: r for r in items}

    @property
    def recipes(self) -> tuple[Recipe, ...]:
        """The recipes, in order."""
        return self._recipes

    def __len__(self) -> int:
        return len(self._recipes)

    def __iter__(self) -> Iterator[Recipe]:
        return iter(self._recipes)

    def _find(self, key: str) -> Recipe | None:
        if not isinstance(key, str):
            return None
        found = self._by_id.get(key)
        if found is not None:
            return found
        slug = recipe_slug(key)
        for recipe in self._recipes:
            if recipe_slug(recipe.name) == slug or slug in map(recipe_slug, recipe.aliases):
                return recipe
        return None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) is not None

    def __getitem__(self, key: str) -> Recipe:
        """A recipe by id, name or alias (case and punctuation do not matter)."""
        found = self._find(key)
        if found is None:
            raise RecipeError(str(key), [
                "no such recipe in the book; it holds: "
                + (", ".join(r.name for r in self._recipes) or "no recipes")
            ])  # fmt: skip
        return found

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecipeBook):
            return NotImplemented
        return self._recipes == other._recipes

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<RecipeBook {len(self)} recipe{'s' if len(self) != 1 else ''}>"

    def with_recipes(self, recipes: Iterable[Recipe]) -> RecipeBook:
        """A new book with ``recipes`` added (a recipe of the same id replaces the old one)."""
        new = list(recipes)
        ids = {r.recipe_id for r in new if isinstance(r, Recipe)}
        return RecipeBook([*(r for r in self._recipes if r.recipe_id not in ids), *new])

    def foods(self, table: FoodTable | None = None, *, min_score: float = MIN_SCORE) -> list[Food]:
        """Every recipe as a food of ``table`` (see :meth:`Recipe.food`).

        Raises
        ------
        RecipeError
            Listing every ingredient line of every recipe that does not resolve.
        """
        table = table if table is not None else FoodTable.default()
        foods: list[Food] = []
        problems: list[str] = []
        for recipe in self._recipes:
            try:
                foods.append(recipe.food(table, min_score=min_score))
            except RecipeError as exc:
                problems += [f"{recipe.name}: {p}" for p in exc.problems]
        clashes = [f"{r.recipe_id} is already a food of the table, not a recipe"
                   for r in self._recipes
                   if r.recipe_id in table and table.foods["source"].iloc[table.position(
                       r.recipe_id)] != RECIPE_SOURCE]  # fmt: skip
        if problems or clashes:
            raise RecipeError("(recipe book)", [*problems, *clashes])
        return foods

    def nutrients(self, table: FoodTable | None = None) -> pd.DataFrame:
        """One row per recipe: the fields of :class:`RecipeNutrients` (unresolved and
        review lines as counts)."""
        rows = []
        for recipe in self._recipes:
            values = recipe.nutrients(table).model_dump()
            values["unresolved"] = len(values["unresolved"])
            values["review"] = len(values["review"])
            rows.append(values)
        return pd.DataFrame(rows, columns=list(RecipeNutrients.model_fields))

    # -- JSON --------------------------------------------------------------------------------
    def to_json(self, path: str | Path | None = None) -> str:
        """The book as JSON; written to ``path`` if given. :meth:`from_json` reads it back
        identically."""
        payload = {
            "format": _FORMAT,
            "recipes": [recipe.model_dump(mode="json") for recipe in self._recipes],
        }
        text = json.dumps(payload, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
        if path is not None:
            write_text(path, text)
        return text

    @classmethod
    def from_json(cls, source: str | Path) -> RecipeBook:
        """A book from JSON text or a file written by :meth:`to_json`.

        Raises
        ------
        RecipeError
            If the file cannot be read, is not a recipe book, or holds a bad recipe (each
            problem listed with the recipe's number).
        """
        name, text = _text_of(source, "{")
        try:
            payload = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise RecipeError(name, [f"not JSON: {str(exc)[:200]}"]) from exc
        if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
            raise RecipeError(name, [f"not a mgcalc recipe book (its 'format' is not {_FORMAT})"])
        records = payload.get("recipes")
        if not isinstance(records, list):
            raise RecipeError(name, ["'recipes' must be a list of recipes"])
        return cls(_recipes_of(name, records))

    # -- CSV ---------------------------------------------------------------------------------
    def to_csv(self, path: str | Path | None = None) -> str:
        """The book as CSV (:data:`CSV_COLUMNS`, one row per ingredient line); written to
        ``path`` if given. :meth:`from_csv` reads it back identically."""
        buffer = io.StringIO()
        # rows end with CRLF (RFC 4180), so that a CR or LF inside a cell is always quoted
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for recipe in self._recipes:
            cooked = "" if recipe.cooked_weight_g is None else repr(recipe.cooked_weight_g)
            for line in recipe.lines:
                writer.writerow([
                    recipe.name, repr(recipe.servings), cooked, "; ".join(recipe.aliases),
                    recipe.note, line.text, line.food_id or "",
                ])  # fmt: skip
        text = buffer.getvalue()
        if path is not None:
            write_text(path, text)
        return text

    @classmethod
    def from_csv(cls, source: str | Path) -> RecipeBook:
        """A book from a CSV file (or its text) written by :meth:`to_csv` or by hand.

        Raises
        ------
        RecipeError
            If the file cannot be read, lacks a column, or its rows disagree about a
            recipe's servings, cooked weight, aliases or note (naming the rows).
        """
        name, text = _text_of(source, None)
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as exc:  # a NUL byte, a field over the csv module's limit
            raise RecipeError(name, [f"not CSV: {exc}"]) from exc
        if not rows:
            raise RecipeError(name, ["the file is empty"])
        header = [h.strip().lower() for h in rows[0]]
        missing = [c for c in ("recipe", "line") if c not in header]
        if missing:
            raise RecipeError(name, [f"no {c!r} column (the columns are "
                                     f"{', '.join(CSV_COLUMNS)})" for c in missing])  # fmt: skip
        at: dict[str, int] = {c: header.index(c) for c in CSV_COLUMNS if c in header}
        records: dict[str, dict[str, Any]] = {}
        problems: list[str] = []
        for number, row in enumerate(rows[1:], start=2):
            if not any(value.strip() for value in row):
                continue

            def cell(column: str, row: list[str] = row) -> str:
                i = at.get(column)
                return row[i] if i is not None and i < len(row) else ""

            recipe_name = cell("recipe")
            own = {
                "servings": cell("servings").strip() or "1.0",
                "cooked_weight_g": cell("cooked_weight_g").strip(),
                "aliases": cell("aliases"),
                "note": cell("note"),
            }
            record = records.get(recipe_name)
            if record is None:
                record = records[recipe_name] = {"row": number, "own": own, "lines": []}
            elif record["own"] != own:
                differ = [k for k in own if own[k] != record["own"][k]]
                problems.append(f"row {number}: {recipe_name!r} has another "
                                f"{' and '.join(differ)} than on row {record['row']}")  # fmt: skip
            record["lines"].append({"text": cell("line"), "food_id": cell("food_id") or None})
        if problems:
            raise RecipeError(name, problems)
        payload = []
        for recipe_name, record in records.items():
            own = record["own"]
            try:
                servings = float(own["servings"])
                cooked = float(own["cooked_weight_g"]) if own["cooked_weight_g"] else None
            except ValueError:
                problems.append(f"row {record['row']}: servings and cooked_weight_g must be "
                                "numbers")  # fmt: skip
                continue
            payload.append({
                "name": recipe_name, "lines": record["lines"], "servings": servings,
                "cooked_weight_g": cooked,
                "aliases": [a.strip() for a in own["aliases"].split(";") if a.strip()],
                "note": own["note"],
            })  # fmt: skip
        if problems:
            raise RecipeError(name, problems)
        return cls(_recipes_of(name, payload))


def _text_of(source: Any, opening: str | None) -> tuple[str, str]:
    """(a name for messages, the text) of a file path or of the text itself (text holds a
    line break, or starts with ``opening``)."""
    if not isinstance(source, str | Path):
        raise RecipeError(repr(source)[:40], ["give a path or the file's text"])
    if isinstance(source, str) and (
        "\n" in source or (opening is not None and source.lstrip().startswith(opening))
    ):
        return "(text)", source
    path = Path(source)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RecipeError(path.name, [f"cannot read it: {exc.strerror}"]) from exc
    try:
        return path.name, raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecipeError(path.name, ["it is not UTF-8 text"]) from exc


def _recipes_of(name: str, records: Sequence[Any]) -> list[Recipe]:
    recipes: list[Recipe] = []
    problems: list[str] = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            problems.append(f"recipe {number} is not an object")
            continue
        try:
            recipes.append(Recipe.model_validate(record))
        except ValidationError as exc:
            label = record.get("name", number)
            problems += [
                f"recipe {label!r}: {'.'.join(map(str, e['loc']))}: "
                f"{str(e['msg']).removeprefix('Value error, ')}"
                for e in exc.errors()
            ]
    if problems:
        raise RecipeError(name, problems)
    return recipes


def read_recipes(path: str | Path) -> RecipeBook:
    """A recipe book from a ``.json`` or ``.csv`` file (by its extension).

    Raises
    ------
    RecipeError
        If the file cannot be read as a recipe book.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return RecipeBook.from_csv(Path(path))
    if suffix == ".json":
        return RecipeBook.from_json(Path(path))
    raise RecipeError(Path(path).name, ["a recipe book is a .json or .csv file"])


def load_recipes() -> RecipeBook:
    """The bundled recipe book (``data/recipes.json``): the example week's "Grandma's Sunday
    casserole", an illustrative recipe made of USDA SR28 foods (see ``data/README.md``).

    Raises
    ------
    RecipeError
        If the bundled file cannot be read (an installation problem).
    """
    return RecipeBook.from_json(data_file("recipes.json").read_text(encoding="utf-8"))
