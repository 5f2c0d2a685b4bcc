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

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, Final

import numpy as np
import pandas as pd
import pint
from pydantic import BaseModel, ConfigDict, Field, field_validator

from mgcalc._data import data_file
from mgcalc._matching import BASE_ALIASES, MatchIndex, normalise_tokens, singular
from mgcalc.errors import PortionError, UnitError, UnknownFoodError
from mgcalc.units import dimension_of, parse_quantity

__all__ = ["VOLUME_UNITS_ML", "Food", "FoodTable", "Portion"]

FOOD_COLUMNS: Final = (
    "food_id",
    "source",
    "description",
    "food_group",
    "common_names",
    "magnesium_mg_per_100g",
    "calcium_mg_per_100g",
)
PORTION_COLUMNS: Final = ("food_id", "seq", "amount", "measure", "unit", "modifier", "grams")

VOLUME_UNITS_ML: Final[dict[str, float]] = {
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
"""Volume of each normalised volume unit of the portion table [ml]: US customary units as
defined exactly from the inch (NIST Handbook 44); ``tests/test_foods.py`` checks each
against pint."""

MASS_UNITS_G: Final[dict[str, float]] = {
    "g": 1.0,
    "kg": 1000.0,
    "mg": 0.001,
    "oz": 28.349523125,
    "lb": 453.59237,
}
"""Mass of each normalised mass unit [g] (avoirdupois, exact); checked against pint."""

COUNT_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "slice": ("piece",),
    "piece": ("slice",),
    "cookie": ("cooky",),
    "glass": ("cup",),
}
"""Count nouns that may stand for each other when the food lists only one of them."""

SIZE_WORDS: Final = ("extra_small", "small", "medium", "large", "extra_large", "jumbo")
# Portions tried, in order, for a bare count ("a banana", "2 eggs"): the unit "each".
EACH_PREFERENCE: Final = (
    "medium", "whole", "each", "item", "fruit", "regular", "piece", "slice", "egg",
)  # fmt: skip
"""Portions tried, in order, for one of a food ("a banana", "2 eggs"); then a portion named
by the food's own noun ("1 potato"), then large, small and any other count."""

DEFAULT_SIZE: Final[dict[str, str]] = {"egg": "large"}
"""Foods whose standard count is not the medium one: USDA's (and recipes') egg is large."""

_NOT_A_COUNT: Final = frozenset(
    {*VOLUME_UNITS_ML, *MASS_UNITS_G, "default", "guideline", "surface_inch"}
)

TYPICAL_WORDS: Final = frozenset({"regular", "medium", "nfs", "ns"})
ATYPICAL_WORDS: Final = frozenset(
    {"small", "thin", "miniature", "mini", "bite", "large", "thick", "extra", "jumbo", "very"}
)


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

    amount: float = Field(gt=0)
    measure: str
    unit: str
    modifier: str = ""
    grams: float = Field(gt=0)

    def __str__(self) -> str:
        return f"{self.amount:g} {self.measure} ({self.grams:g} g)"


class Food(BaseModel):
    """One food of the table, with its magnesium and calcium content.

    Attributes
    ----------
    food_id : str
        ``"<source>:<id>"``: ``sr28:11458``, ``fndds:72125100``, or ``custom:...``.
    description : str
        The name as published.
    magnesium_mg_per_100g, calcium_mg_per_100g : float
        Content per 100 g edible portion [mg/100 g]; NaN where the source reports none.
    portions : tuple of Portion
        Household measures, in the source's order.
    """

    model_config = ConfigDict(frozen=True)

    food_id: str = Field(pattern=r"^[a-z][a-z0-9_]*:\S+$")
    source: str
    description: str
    food_group: str = ""
    common_names: str = ""
    magnesium_mg_per_100g: float = Field(default=math.nan)
    calcium_mg_per_100g: float = Field(default=math.nan)
    portions: tuple[Portion, ...] = ()

    @field_validator("magnesium_mg_per_100g", "calcium_mg_per_100g", mode="before")
    @classmethod
    def _none_is_unknown(cls, value: Any) -> Any:
        return math.nan if value is None else value

    @field_validator("magnesium_mg_per_100g", "calcium_mg_per_100g")
    @classmethod
    def _not_negative(cls, value: float) -> float:
        if value < 0:
            raise ValueError("a nutrient content cannot be negative [mg/100 g]")
        return value

    @property
    def has_magnesium(self) -> bool:
        """Whether the source reports magnesium for this food."""
        return not math.isnan(self.magnesium_mg_per_100g)


@dataclass(frozen=True)
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


_ODD_MEASURE: Final = re.compile(r"shell|yield|refuse", re.IGNORECASE)


@dataclass(frozen=True)
class _Amount:
    """An amount split into a number and a normalised unit (plus modifier words)."""

    number: float | None
    unit: str
    words: tuple[str, ...]
    text: str


_UNIT_SPELLINGS: Final[dict[str, str]] = {
    **{u: u for u in (*MASS_UNITS_G, *VOLUME_UNITS_ML)},
    "gram": "g", "grams": "g", "gm": "g", "gms": "g", "gr": "g", "kilogram": "kg",
    "milligram": "mg", "ounce": "oz", "ounces": "oz", "pound": "lb", "pounds": "lb",
    "lbs": "lb", "cups": "cup", "c": "cup", "tablespoon": "tbsp", "tablespoons": "tbsp",
    "tbs": "tbsp", "tbl": "tbsp", "tbsps": "tbsp", "teaspoon": "tsp", "teaspoons": "tsp",
    "tsps": "tsp", "floz": "fl_oz", "fl oz": "fl_oz", "fluid ounce": "fl_oz",
    "fluid ounces": "fl_oz", "milliliter": "ml", "millilitre": "ml", "milliliters": "ml",
    "millilitres": "ml", "liter": "l", "litre": "l", "liters": "l", "litres": "l",
    "quarts": "quart", "pints": "pint", "gallons": "gallon", "extra large": "extra_large",
    "extra small": "extra_small", "x-large": "extra_large",
}  # fmt: skip
_NUMBER: Final = re.compile(
    r"^\s*(?P<number>-?\s*(?:\d+\s+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?|\.\d+))?\s*(?P<rest>.*?)\s*$"
)
_COUNT_WORDS: Final = {"a": 1.0, "an": 1.0, "one": 1.0, "half": 0.5, "two": 2.0, "three": 3.0}
_FRACTIONS: Final = {"½": " 1/2", "⅓": " 1/3", "⅔": " 2/3", "¼": " 1/4", "¾": " 3/4", "⅛": " 1/8"}


def _number(text: str) -> float:
    """``"1 1/2"`` -> 1.5, ``"-2"`` -> -2.0; a zero denominator is a UnitError."""
    sign = -1.0 if text.lstrip().startswith("-") else 1.0
    total = 0.0
    for part in text.replace("-", " ").split():
        if "/" in part:
            num, den = part.split("/")
            if float(den) == 0:
                raise UnitError(text, "a number such as 1, 1.5, 1/2 or 1 1/2 (not divided by 0)")
            total += float(num) / float(den)
        else:
            total += float(part)
    return sign * total


def split_amount(amount: Any, unit: str | None = None) -> _Amount:
    """Split ``"1 1/2 cup, chopped"`` or ``(1.5, "cup")`` or a Quantity into number and unit.

    Raises
    ------
    UnitError
        If no number or unit can be read from the text.
    """
    if isinstance(amount, pint.Quantity):
        if dimension_of(amount) == "mass":
            return _Amount(float(amount.m_as("g")), "g", (), str(amount))
        if dimension_of(amount) == "volume":
            return _Amount(float(amount.m_as("ml")), "ml", (), str(amount))
        raise UnitError(str(amount), "a mass, a volume or a count such as '2 slices'")
    if isinstance(amount, int | float) and not isinstance(amount, bool):
        text = f"{amount} {unit or 'each'}"
    elif isinstance(amount, str):
        text = f"{amount} {unit}" if unit else amount
    else:
        raise UnitError(repr(amount), "an amount such as '1/2 cup' or a pint Quantity")
    clean = text
    for symbol, ascii_fraction in _FRACTIONS.items():
        clean = clean.replace(symbol, ascii_fraction)
    match = _NUMBER.match(clean.strip().lower())
    assert match is not None  # the pattern matches any string
    number = _number(match["number"]) if match["number"] else None
    rest = re.sub(r"[(),;]", " ", match["rest"]).replace(".", " ")
    rest = re.sub(r"\s+", " ", rest).strip()
    first, _, remainder = rest.partition(" ")
    if number is None and first in _COUNT_WORDS:
        number, rest = _COUNT_WORDS[first], remainder
    if not rest:
        return _Amount(number, "each", (), text)
    for spelling in sorted(_UNIT_SPELLINGS, key=len, reverse=True):
        if rest == spelling or rest.startswith(spelling + " "):
            words = tuple(singular(w) for w in rest[len(spelling) :].split() if w != "of")
            return _Amount(number, _UNIT_SPELLINGS[spelling], words, text)
    words = tuple(singular(w) for w in rest.split() if w != "of")
    if words[0] in ("extra", "x") and len(words) > 1 and words[1] in ("large", "small"):
        words = (f"extra_{words[1]}", *words[2:])
    return _Amount(number, words[0], words[1:], text)


def _load_foods() -> pd.DataFrame:
    with data_file("foods.csv").open("rb") as fh:
        foods = pd.read_csv(
            fh,
            dtype={  # type: ignore[arg-type]
                "food_id": str,
                "source": str,
                "description": str,
                "food_group": str,
                "common_names": str,
                "magnesium_mg_per_100g": "float64",
                "calcium_mg_per_100g": "float64",
            },
            keep_default_na=False,
            na_values={"magnesium_mg_per_100g": [""], "calcium_mg_per_100g": [""]},
        )
    return foods


def _load_portions() -> pd.DataFrame:
    with data_file("portions.csv").open("rb") as fh:
        return pd.read_csv(
            fh,
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


@cache
def _default_table() -> FoodTable:
    return FoodTable(_load_foods(), _load_portions())


class FoodTable:
    """Foods with magnesium and calcium per 100 g, their household portions, and search.

    Parameters
    ----------
    foods : pandas.DataFrame
        One row per food with the columns of ``data/foods.csv``: food_id, source,
        description, food_group, common_names, magnesium_mg_per_100g,
        calcium_mg_per_100g [mg/100 g] (NaN where not reported).
    portions : pandas.DataFrame
        One row per household measure: food_id, seq, amount, measure, unit, modifier,
        grams [g].
    aliases : mapping of str to str, optional
        Extra word synonyms for search (``{"yoghurt": "yogurt"}``), added to the built-in ones.

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
        missing = [c for c in FOOD_COLUMNS if c not in foods.columns]
        if missing:
            raise ValueError(f"foods frame lacks columns {missing}")
        missing = [c for c in PORTION_COLUMNS if c not in portions.columns]
        if missing:
            raise ValueError(f"portions frame lacks columns {missing}")
        duplicated = foods["food_id"][foods["food_id"].duplicated()]
        if len(duplicated):
            raise ValueError(f"duplicate food ids: {list(duplicated[:5])}")
        self._foods = foods.loc[:, list(FOOD_COLUMNS)].reset_index(drop=True)
        self._portions = portions.loc[:, list(PORTION_COLUMNS)].reset_index(drop=True)
        self._aliases = {**BASE_ALIASES, **(aliases or {})}

    # -- construction -------------------------------------------------------------------
    @classmethod
    def default(cls) -> FoodTable:
        """The bundled USDA table (SR28 and FNDDS 2021-2023), loaded once and shared."""
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
        new = list(foods)
        ids = {food.food_id for food in new}
        rows = pd.DataFrame(
            [food.model_dump(exclude={"portions"}) for food in new], columns=list(FOOD_COLUMNS)
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

    def with_aliases(self, aliases: Mapping[str, str]) -> FoodTable:
        """A new table whose search also folds ``aliases`` (word -> word it means)."""
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

    def __len__(self) -> int:
        return len(self._foods)

    def __contains__(self, food_id: object) -> bool:
        return food_id in self._position

    def __repr__(self) -> str:
        counts = self._foods["source"].value_counts().to_dict()
        parts = ", ".join(f"{source}: {n}" for source, n in counts.items())
        return f"<FoodTable {len(self)} foods ({parts})>"

    @cached_property
    def _position(self) -> dict[str, int]:
        return {food_id: i for i, food_id in enumerate(self._foods["food_id"])}

    @cached_property
    def _portions_by_food(self) -> dict[str, pd.DataFrame]:
        return dict(tuple(self._portions.groupby("food_id", sort=False)))  # type: ignore[arg-type]

    def __getitem__(self, food_id: str) -> Food:
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
            magnesium_mg_per_100g=float(row["magnesium_mg_per_100g"]),
            calcium_mg_per_100g=float(row["calcium_mg_per_100g"]),
            portions=portions,
        )

    def _suggest(self, food_id: str) -> list[str]:
        if ":" in food_id:
            return []
        return [f"{r.food_id} ({r.description})" for r in self.search(food_id, 3).itertuples()]

    def portions_of(self, food_id: str) -> pd.DataFrame:
        """The portions of one food (an empty frame if it lists none)."""
        return self._portions_by_food.get(food_id, self._portions.iloc[0:0])

    # -- search -------------------------------------------------------------------------
    @cached_property
    def _index(self) -> MatchIndex:
        has_portions = self._foods["food_id"].isin(self._portions_by_food).to_numpy()
        return MatchIndex.build(self._foods, has_portions, self._aliases)

    @cached_property
    def _source_masks(self) -> dict[str, np.ndarray[Any, np.dtype[np.bool_]]]:
        sources = self._foods["source"].to_numpy()
        return {str(s): sources == s for s in np.unique(sources)}

    def _rank(self, text: str, limit: int, source: str | None = None) -> list[tuple[int, float]]:
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
    def grams(self, food_id: str, amount: Any = None, unit: str | None = None) -> float:
        """Weight of an amount of a food [g].

        Parameters
        ----------
        food_id
            The food (``"sr28:11458"``).
        amount
            ``"1/2 cup"``, ``"3 tbsp"``, ``"2 slices"``, ``"1 medium"``, ``"30 g"``, a
            pint Quantity, or a number with ``unit``. ``None`` means the food's default
            portion (FNDDS "Quantity not specified", else the first listed measure).
        unit
            The unit when ``amount`` is a number.

        Returns
        -------
        float
            Grams [g].

        Raises
        ------
        UnknownFoodError
            If ``food_id`` is not in the table.
        PortionError
            If the food has no portion that fixes the amount (a volume for a food with
            no volume portion, a count it does not list); the message lists its portions.
        UnitError
            If the unit is not a mass, volume or count (``"1 parsec"``).

        Notes
        -----
        Mass units convert directly. Any one volume portion fixes the food's density, so
        "3 tbsp" works where only "1 cup" is listed (1 cup = 236.6 ml, 1 tbsp = 14.79 ml,
        US customary). Counts use the portion of that name. Water's density is never
        assumed.
        """
        if food_id not in self._position:
            raise UnknownFoodError(food_id, self._suggest(food_id))
        if amount is None and unit is None:
            return self._default_grams(food_id)
        parsed = split_amount(amount, unit)
        number = 1.0 if parsed.number is None else parsed.number
        if number < 0 or not math.isfinite(number):
            raise PortionError(food_id, parsed.text, self._portion_texts(food_id), "negative")
        return number * self.grams_per_unit(food_id, parsed.unit, parsed.words, parsed.text)

    def _portion_texts(self, food_id: str) -> list[str]:
        return [
            f"{p.amount:g} {p.measure} ({p.grams:g} g)"
            for p in self.portions_of(food_id).itertuples()
        ]

    def _default_grams(self, food_id: str) -> float:
        portions = self.portions_of(food_id)
        if portions.empty:
            raise PortionError(food_id, "(no amount)", [], "no amount given and no default portion")
        default = portions[portions["unit"] == "default"]
        row = default.iloc[0] if len(default) else portions.iloc[0]
        return float(row["grams"]) / float(row["amount"])

    @cached_property
    def _records(self) -> dict[str, tuple[_PortionRecord, ...]]:
        """Portions per food as plain records, built once (the grams path reads only these)."""
        out: dict[str, list[_PortionRecord]] = {}
        p = self._portions
        for food_id, seq, amount, measure, unit, modifier, grams in zip(
            p["food_id"].tolist(), p["seq"].tolist(), p["amount"].tolist(),
            p["measure"].tolist(), p["unit"].tolist(), p["modifier"].tolist(),
            p["grams"].tolist(), strict=True,
        ):  # fmt: skip
            text = str(measure)
            out.setdefault(str(food_id), []).append(
                _PortionRecord(
                    seq=int(seq),
                    amount=float(amount),
                    measure=text,
                    unit=str(unit),
                    modifier=frozenset(str(modifier).split()),
                    grams=float(grams),
                    words=frozenset(normalise_tokens(text)),
                    odd=bool(_ODD_MEASURE.search(text)),
                )
            )
        return {food_id: tuple(rows) for food_id, rows in out.items()}

    def grams_per_unit(
        self, food_id: str, unit: str, words: Sequence[str] = (), text: str | None = None
    ) -> float:
        """Grams in one ``unit`` of a food [g/unit]: ``("sr28:11458", "cup")`` -> 180.0.

        ``unit`` is normalised (see :func:`split_amount`); ``words`` are the words that
        followed it (a modifier such as "chopped", or the noun of "large biscuit").
        """
        shown = text or unit
        if unit in MASS_UNITS_G:
            return MASS_UNITS_G[unit]
        portions = self._records.get(food_id, ())
        if unit in VOLUME_UNITS_ML:
            volume = [p for p in portions if p.unit in VOLUME_UNITS_ML]
            if not volume:
                raise PortionError(
                    food_id, shown, self._portion_texts(food_id), "it has no volume portion"
                )
            best = self._prefer(volume, unit, words)
            if best.unit == unit:  # the food's own measure: no round trip through ml
                return best.grams / best.amount
            density = best.grams / (best.amount * VOLUME_UNITS_ML[best.unit])
            return density * VOLUME_UNITS_ML[unit]
        if unit == "default":
            return self._default_grams(food_id)
        try:
            return self._count_grams(food_id, unit, words, shown, portions)
        except PortionError:
            # Not a count this food lists: say so, unless it is no household unit at all.
            try:
                kind = dimension_of(parse_quantity(f"1 {unit}"))
            except UnitError:
                kind = "count"
            if kind not in {"count", "mass", "volume"}:
                raise UnitError(
                    shown, "a mass (g, oz, lb), a volume (cup, tbsp, ml) or a count"
                ) from None
            raise

    @staticmethod
    def _prefer(rows: Sequence[_PortionRecord], unit: str, words: Sequence[str]) -> _PortionRecord:
        """The volume portion that best fixes the density for ``unit`` and ``words``.

        A portion whose modifier matches the words wins ("cup, chopped"), then one in the
        same unit, then USDA's own order (the first listed measure is the usual one).
        Measures of the food in its shell or of a cooking yield are used last.
        """
        wanted = set(words)
        return min(rows, key=lambda p: (-len(wanted & p.modifier), p.odd, p.unit != unit, p.seq))

    def _count_grams(
        self,
        food_id: str,
        unit: str,
        words: Sequence[str],
        shown: str,
        portions: Sequence[_PortionRecord],
    ) -> float:
        """Grams in one counted item: "medium", "slice", "large biscuit", or "each".

        Order of preference: the portion of that name (with the noun, for "large
        biscuit"); for a size the food does not list, the food's plain count ("1 fruit")
        or the largest/smallest of that noun; for "each", the usual count portions
        (:data:`EACH_PREFERENCE`), then a portion named by a word of the food's own name
        ("1 avocado", "1 potato"), then any counted portion. Synonyms: slice ~ piece.
        """
        if not portions:
            raise PortionError(food_id, shown, [], "it lists no household portions")
        noun = set(words)
        candidates: list[_PortionRecord]
        if unit in SIZE_WORDS:
            candidates = [p for p in portions if p.unit == unit]
            if noun:  # "large biscuit": the size and the noun both
                with_noun = [p for p in candidates if noun <= p.words]
                by_noun = [p for p in portions if noun <= p.words]
                if not with_noun and len(by_noun) > 1:
                    # No portion of that size: the largest (or smallest) of that noun.
                    per_unit = sorted(p.grams / p.amount for p in by_noun)
                    pick = {"small": 0, "extra_small": 0, "medium": len(per_unit) // 2}
                    return per_unit[pick.get(unit, len(per_unit) - 1)]
                candidates = with_noun or by_noun
            if not candidates and unit == "medium":
                candidates = self._each(food_id, portions)
        elif unit == "each":
            candidates = self._each(food_id, portions)
        else:
            wanted = {unit, *COUNT_SYNONYMS.get(unit, ())}
            candidates = [p for p in portions if p.unit in wanted or wanted & p.words]
            if noun and len(candidates) > 1:
                candidates = [p for p in candidates if noun <= p.words] or candidates
        if not candidates:
            raise PortionError(
                food_id, shown, self._portion_texts(food_id), f"it lists no '{unit}' portion"
            )
        row = self._typical(candidates)
        return row.grams / row.amount

    @staticmethod
    def _typical(candidates: Sequence[_PortionRecord]) -> _PortionRecord:
        """Among several portions of one name, the regular one: "1 regular slice" before
        "1 small or thin slice"; then USDA's order."""
        return min(
            candidates,
            key=lambda p: (
                -2 * len(p.words & TYPICAL_WORDS) + len(p.words & ATYPICAL_WORDS),
                p.seq,
            ),
        )

    def _each(self, food_id: str, portions: Sequence[_PortionRecord]) -> list[_PortionRecord]:
        """The portions that mean "one" of a food, best first (may be empty)."""
        description = str(self._foods["description"].iloc[self._position[food_id]])
        name = normalise_tokens(description)
        preferences: list[str] = [DEFAULT_SIZE[name[0]]] if name and name[0] in DEFAULT_SIZE else []
        for preferred in (*preferences, *EACH_PREFERENCE):
            candidates = [p for p in portions if p.unit == preferred]
            if candidates:
                return candidates
        named = [p for p in portions if p.unit in set(name)]
        if named:
            return named
        for preferred in ("large", "small", "extra_large", "extra_small"):
            candidates = [p for p in portions if p.unit == preferred]
            if candidates:
                return candidates
        return [p for p in portions if p.unit not in _NOT_A_COUNT]

    # -- serialisation ------------------------------------------------------------------
    def to_csv(self, foods_path: Any, portions_path: Any) -> None:
        """Write the table as two CSV files in the bundled format (blank = not reported)."""
        self._foods.to_csv(foods_path, index=False)
        self._portions.to_csv(portions_path, index=False)

    @classmethod
    def read_csv(cls, foods_path: Any, portions_path: Any) -> FoodTable:
        """Read a table written by :meth:`to_csv` (or files in the bundled format)."""
        foods = pd.read_csv(
            foods_path,
            dtype={c: str for c in FOOD_COLUMNS[:5]},
            keep_default_na=False,
            na_values={"magnesium_mg_per_100g": [""], "calcium_mg_per_100g": [""]},
        )
        portions = pd.read_csv(
            portions_path,
            dtype={"food_id": str, "measure": str, "unit": str, "modifier": str},
            keep_default_na=False,
        )
        return cls(foods, portions)
