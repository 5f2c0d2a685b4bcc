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
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from mgcalc._data import data_file
from mgcalc._files import csv_text, write_text
from mgcalc._matching import BASE_ALIASES, MatchIndex, normalise_tokens, singular
from mgcalc._schemas import StorableText, storable
from mgcalc._values import whole_number
from mgcalc.errors import (
    AmountError,
    InvalidLogError,
    InvalidValueError,
    PortionError,
    UnitError,
    UnknownFoodError,
    UnknownOptionError,
)
from mgcalc.parse import (
    MASS_UNITS_G,
    NON_FOOD_UNITS,
    VOLUME_UNITS_ML,
    portion_key,
    read_amount,
)

__all__ = ["MASS_UNITS_G", "NUTRIENT_COLUMNS", "VOLUME_UNITS_ML", "Food", "FoodTable", "Portion"]

NUTRIENT_COLUMNS: Final = (
    "magnesium_mg_per_100g",
    "calcium_mg_per_100g",
    "vitamin_d_ug_per_100g",
    "energy_kcal_per_100g",
)
"""The nutrient columns of the food table, each per 100 g edible portion in the unit its
name says [mg], [µg], [kcal]; NaN where the source reports no value."""

FOOD_COLUMNS: Final = (
    "food_id",
    "source",
    "description",
    "food_group",
    "common_names",
    "magnesium_mg_per_100g",
    "calcium_mg_per_100g",
)
"""The columns a foods frame must have; the other :data:`NUTRIENT_COLUMNS` are optional
(unknown where absent)."""
PORTION_COLUMNS: Final = ("food_id", "seq", "amount", "measure", "unit", "modifier", "grams")

COUNT_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "slice": ("piece",),
    "piece": ("slice",),
    "cookie": ("cooky",),
    "glass": ("cup",),
}
"""Count nouns that may stand for each other when the food lists only one of them."""

SIZE_WORDS: Final = ("extra_small", "small", "medium", "large", "extra_large", "jumbo")
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

    amount: float = Field(gt=0, allow_inf_nan=False)
    measure: StorableText
    unit: StorableText
    modifier: StorableText = ""
    grams: float = Field(gt=0, allow_inf_nan=False)

    def __str__(self) -> str:
        return f"{self.amount:g} {self.measure} ({self.grams:g} g)"


class Food(BaseModel):
    """One food of the table, with its nutrient contents.

    Attributes
    ----------
    food_id : str
        ``"<source>:<id>"``: ``sr28:11458``, ``fndds:72125100``, or ``custom:...``.
    description : str
        The name as published.
    magnesium_mg_per_100g, calcium_mg_per_100g : float
        Content per 100 g edible portion [mg/100 g]; NaN where the source reports none.
    vitamin_d_ug_per_100g : float
        Vitamin D (D2 + D3) per 100 g [µg/100 g]; NaN where not reported.
    energy_kcal_per_100g : float
        Energy per 100 g [kcal/100 g]; NaN where not reported.
    portions : tuple of Portion
        Household measures, in the source's order.
    """

    model_config = ConfigDict(frozen=True)

    food_id: StorableText = Field(pattern=r"^[a-z][a-z0-9_]*:\S+$")
    source: StorableText
    description: StorableText
    food_group: StorableText = ""
    common_names: StorableText = ""
    magnesium_mg_per_100g: float = Field(default=math.nan)
    calcium_mg_per_100g: float = Field(default=math.nan)
    vitamin_d_ug_per_100g: float = Field(default=math.nan)
    energy_kcal_per_100g: float = Field(default=math.nan)
    portions: tuple[Portion, ...] = ()

    @field_validator(*NUTRIENT_COLUMNS, mode="before")
    @classmethod
    def _none_is_unknown(cls, value: Any) -> Any:
        return math.nan if value is None else value

    @field_validator(*NUTRIENT_COLUMNS)
    @classmethod
    def _not_negative(cls, value: float) -> float:
        if value < 0 or math.isinf(value):
            raise InvalidValueError("a nutrient content cannot be negative or infinite [per 100 g]")
        return value

    @property
    def has_magnesium(self) -> bool:
        """Whether the source reports magnesium for this food."""
        return not math.isnan(self.magnesium_mg_per_100g)

    def __eq__(self, other: object) -> bool:
        """Field by field, an unknown (NaN) content equal to an unknown one."""
        if not isinstance(other, Food):
            return NotImplemented
        mine, theirs = self.model_dump(), other.model_dump()
        return all(
            mine[k] == theirs[k]
            or (isinstance(mine[k], float) and math.isnan(mine[k]) and math.isnan(theirs[k]))
            for k in mine
        )

    def __hash__(self) -> int:
        return hash((self.food_id, self.description))


@dataclass(frozen=True, slots=True)
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


def _read_csv_foods(source: Any) -> pd.DataFrame:
    """A foods CSV in the bundled format (blank nutrient cells are unknown, never 0)."""
    text_columns = {c: str for c in FOOD_COLUMNS[:5]}
    foods = pd.read_csv(
        source,
        dtype={**text_columns, **dict.fromkeys(NUTRIENT_COLUMNS, "float64")},  # type: ignore[arg-type]
        keep_default_na=False,
        na_values={column: [""] for column in NUTRIENT_COLUMNS},
    )
    return _restored(foods)


def _restored(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells without the ``'`` :meth:`FoodTable.to_csv` put before a formula."""
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            marked = values.str.startswith("'", na=False)
            if marked.any():
                frame[column] = values.where(~marked, values.str[1:])
    return frame


def _read_csv_portions(source: Any) -> pd.DataFrame:
    return _restored(
        pd.read_csv(
            source,
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
    )


def _check_cells(
    frame: pd.DataFrame,
    name: str,
    texts: Sequence[str],
    numbers: Sequence[str],
    positive: Sequence[str] = (),
) -> None:
    """The door of a food table's frame: text where text belongs (ids never blank), numbers
    finite and not negative (``positive`` ones above 0), NaN only for an unknown nutrient.

    Raises
    ------
    InvalidLogError
        Naming the frame, the column and the rows.
    """
    repeated = frame.columns[frame.columns.duplicated()]
    if len(repeated):
        raise InvalidLogError(f"the {name} frame repeats a column", str(repeated[0]))

    def bad_cells(column: str, problem: str, mask: Any) -> InvalidLogError:
        rows = [int(i) + 1 for i in np.flatnonzero(np.asarray(mask, dtype=bool))]
        return InvalidLogError(f"the {name} frame: {problem}", column, rows)

    for column in texts:
        values = frame[column]
        if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
            bad = values.isna().to_numpy() if column == "food_id" else None
        else:
            bad = np.array([not isinstance(v, str) for v in values], dtype=bool)
        if bad is not None and bad.any():
            raise bad_cells(column, "must be text", bad)
        if not storable("".join(v for v in values if isinstance(v, str))):
            unstorable = [isinstance(v, str) and not storable(v) for v in values]
            raise bad_cells(column, "holds characters that cannot be stored", unstorable)
    for column in numbers:
        if column not in frame.columns:
            continue
        values = frame[column]
        try:
            array = values.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError, OverflowError):
            numeric = [isinstance(v, int | float | np.number) for v in values]
            raise bad_cells(column, "must be a number", np.logical_not(numeric)) from None
        unknown_allowed = column in NUTRIENT_COLUMNS  # blank: not reported, never 0
        with np.errstate(invalid="ignore"):
            bad = np.isinf(array) | (array <= 0 if column in positive else array < 0)
            if not unknown_allowed:
                bad |= np.isnan(array)
        if bad.any():
            wanted = "above 0" if column in positive else "of 0 or more"
            blank = " (or blank: not reported)" if unknown_allowed else ""
            raise bad_cells(column, f"must be a finite number {wanted}{blank}", bad)


_MAX_CANDIDATES: Final = 1_000
"""The most candidates one search returns."""

_DEFAULT: dict[str, FoodTable] = {}
_DEFAULT_LOCK: Final = threading.Lock()


def _default_table() -> FoodTable:
    """The bundled table, built once however many threads ask at the same time."""
    table = _DEFAULT.get("table")
    if table is None:
        with _DEFAULT_LOCK:
            table = _DEFAULT.get("table")
            if table is None:
                with data_file("foods.csv").open("rb") as foods:
                    frame = _read_csv_foods(foods)
                with data_file("portions.csv").open("rb") as portions:
                    portion_frame = _read_csv_portions(portions)
                table = FoodTable(frame, portion_frame)
                table._bundled = True  # its search index may come prebuilt from data/
                _DEFAULT["table"] = table
    return table


_T = TypeVar("_T")


class _built_once(Generic[_T]):  # noqa: N801  # used like functools.cached_property
    """A cached property computed once per table even when threads ask at the same time
    (functools.cached_property holds no lock from Python 3.12)."""

    def __init__(self, function: Callable[[Any], _T]) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __get__(self, table: Any, owner: type | None = None) -> _T:
        cache: dict[str, _T] = table.__dict__
        if self.name in cache:
            return cache[self.name]
        with table._build_lock:
            if self.name not in cache:
                cache[self.name] = self.function(table)
        return cache[self.name]


def _is_quantity(value: object) -> bool:
    """Whether ``value`` is a pint Quantity (checked without importing pint)."""
    return type(value).__module__.split(".", 1)[0] == "pint" and hasattr(value, "magnitude")


class FoodTable:
    """Foods with their nutrients per 100 g, their household portions, and search.

    Parameters
    ----------
    foods : pandas.DataFrame
        One row per food with the columns of ``data/foods.csv``: food_id, source,
        description, food_group, common_names, magnesium_mg_per_100g,
        calcium_mg_per_100g [mg/100 g] and, optionally, vitamin_d_ug_per_100g [µg/100 g]
        and energy_kcal_per_100g [kcal/100 g] (NaN where not reported).
    portions : pandas.DataFrame
        One row per household measure: food_id, seq, amount, measure, unit, modifier,
        grams [g].
    aliases : mapping of str to str, optional
        Extra word synonyms for search (``{"yoghurt": "yogurt"}``), added to the built-in ones.

    Raises
    ------
    InvalidLogError
        If a frame lacks a column or a food id is repeated.

    Notes
    -----
    A table is immutable: :meth:`with_foods` and :meth:`with_aliases` return new tables.
    Derived structures (the search index, each food's portion records) are built on first
    use and kept with the table.

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
        for name, frame in (("foods", foods), ("portions", portions)):
            if not isinstance(frame, pd.DataFrame):
                raise InvalidLogError(f"{name} must be a DataFrame, not {type(frame).__name__}")
        missing = [c for c in FOOD_COLUMNS if c not in foods.columns]
        if missing:
            raise InvalidLogError(f"the foods frame lacks columns {missing}", missing[0])
        missing = [c for c in PORTION_COLUMNS if c not in portions.columns]
        if missing:
            raise InvalidLogError(f"the portions frame lacks columns {missing}", missing[0])
        if aliases is not None and not (
            isinstance(aliases, Mapping)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in aliases.items())
        ):
            raise InvalidLogError("aliases must map words to words, both text", "aliases")
        _check_cells(foods, "foods", FOOD_COLUMNS[:5], (*NUTRIENT_COLUMNS, *FOOD_COLUMNS[5:]))
        _check_cells(portions, "portions", ("food_id", "measure", "unit", "modifier"),
                     ("seq", "amount", "grams"), positive=("amount", "grams"))  # fmt: skip
        duplicated = foods["food_id"][foods["food_id"].duplicated()]
        if len(duplicated):
            raise InvalidLogError(
                f"duplicate food ids: {list(duplicated[:5])}", "food_id",
                [int(i) + 1 for i in duplicated.index[:20]],
            )  # fmt: skip
        foods = foods.reset_index(drop=True)
        for column in NUTRIENT_COLUMNS:
            if column not in foods.columns:
                foods[column] = np.nan
        self._foods = foods.loc[:, [*FOOD_COLUMNS, *NUTRIENT_COLUMNS[2:]]]
        self._portions = portions.loc[:, list(PORTION_COLUMNS)].reset_index(drop=True)
        self._aliases = {**BASE_ALIASES, **(aliases or {})}
        self._record_cache: dict[str, tuple[_PortionRecord, ...]] = {}
        self._bundled = False
        self._build_lock = threading.RLock()

    # -- construction -------------------------------------------------------------------
    @classmethod
    def default(cls) -> FoodTable:
        """The bundled USDA table (SR28 and FNDDS 2021-2023), loaded once and shared.

        Thread-safe: threads asking at once wait for one build.
        """
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
        new = list(foods) if isinstance(foods, Iterable) and not isinstance(foods, str) else None
        if new is None or not all(isinstance(food, Food) for food in new):
            raise InvalidLogError("with_foods needs Food objects (mgcalc.Food(...))", "foods")
        ids = {food.food_id for food in new}
        if len(ids) < len(new):
            seen: set[str] = set()
            repeated = [i + 1 for i, food in enumerate(new)
                        if food.food_id in seen or seen.add(food.food_id)]  # type: ignore[func-returns-value]  # fmt: skip
            raise InvalidLogError("two foods given have the same food_id", "food_id", repeated)
        columns = list(self._foods.columns)
        rows = pd.DataFrame(
            [food.model_dump(exclude={"portions"}) for food in new], columns=columns
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
        if not isinstance(aliases, Mapping):
            raise InvalidLogError("aliases must map words to words, both text", "aliases")
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

    @property
    def aliases(self) -> Mapping[str, str]:
        """The word synonyms search folds (built-in and this table's own)."""
        return self._aliases

    def __len__(self) -> int:
        return len(self._foods)

    def __contains__(self, food_id: object) -> bool:
        return food_id in self._position

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the data only (for Dask workers); caches and locks are made anew."""
        return (FoodTable, (self._foods, self._portions, self._aliases))

    def __dask_tokenize__(self) -> tuple[str, int]:
        """A token for Dask: a table is immutable, so its identity names its content."""
        return ("mgcalc.FoodTable", id(self))

    def __repr__(self) -> str:
        counts = self._foods["source"].value_counts().to_dict()
        parts = ", ".join(f"{source}: {n}" for source, n in counts.items())
        return f"<FoodTable {len(self)} foods ({parts})>"

    @_built_once
    def _position(self) -> dict[str, int]:
        return dict(zip(self._foods["food_id"].tolist(), range(len(self._foods)), strict=True))

    def position(self, food_id: str) -> int:
        """The row of ``food_id`` in :attr:`foods` (-1 if it is not in the table)."""
        return self._position.get(food_id, -1)

    @_built_once
    def _nutrients(self) -> dict[str, npt.NDArray[np.float64]]:
        return {
            column: self._foods[column].to_numpy(dtype=np.float64, na_value=np.nan)
            for column in NUTRIENT_COLUMNS
        }

    @_built_once
    def _nutrient_matrix(self) -> npt.NDArray[np.float64]:
        rows = [self._nutrients[column] for column in NUTRIENT_COLUMNS]
        matrix = np.full((len(rows), len(self._foods) + 1), np.nan)
        matrix[:, :-1] = rows
        return matrix

    def nutrient_matrix(self) -> npt.NDArray[np.float64]:
        """Every nutrient of :data:`NUTRIENT_COLUMNS` per 100 g as one array, a row per
        nutrient and a column per food, plus a last column of NaN (for "no food"), so that
        ``nutrient_matrix()[:, positions]`` looks up many entries at once (position -1:
        unknown)."""
        return self._nutrient_matrix

    def nutrient_array(self, column: str) -> npt.NDArray[np.float64]:
        """One nutrient column per 100 g as a float array, row for row with :attr:`foods`
        (NaN = not reported). ``column`` is one of :data:`NUTRIENT_COLUMNS`."""
        return self._nutrients[column]

    @_built_once
    def descriptions(self) -> list[str]:
        """The food descriptions, row for row with :attr:`foods`."""
        return [str(d) for d in self._foods["description"].tolist()]

    @_built_once
    def _portion_rows(self) -> dict[str, npt.NDArray[np.intp]]:
        """Rows of :attr:`portions` of each food, in the source's order."""
        codes, uniques = pd.factorize(self._portions["food_id"], sort=False)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
        return {str(food_id): order[bounds[i] : bounds[i + 1]] for i, food_id in enumerate(uniques)}

    @_built_once
    def _portion_arrays(self) -> dict[str, npt.NDArray[Any]]:
        """The portion columns as NumPy arrays (converted once, indexed per food)."""
        return {
            column: self._portions[column].to_numpy(dtype=object if column in (
                "measure", "unit", "modifier", "food_id") else None)
            for column in PORTION_COLUMNS
        }  # fmt: skip

    def has_portions(self, food_id: str) -> bool:
        """Whether the food lists any household portion."""
        return food_id in self._portion_rows

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
            portions=portions,
            **{column: float(row[column]) for column in NUTRIENT_COLUMNS},
        )

    def _suggest(self, food_id: str) -> list[str]:
        if ":" in food_id or len(food_id) > 200:
            return []
        return [f"{r.food_id} ({r.description})" for r in self.search(food_id, 3).itertuples()]

    def portions_of(self, food_id: str) -> pd.DataFrame:
        """The portions of one food (an empty frame if it lists none)."""
        rows = self._portion_rows.get(food_id)
        if rows is None:
            return self._portions.iloc[0:0]
        return self._portions.iloc[rows]

    # -- search -------------------------------------------------------------------------
    @_built_once
    def _index(self) -> MatchIndex:
        if self._bundled and self._aliases == BASE_ALIASES:
            from mgcalc._index_store import bundled_index

            shipped = bundled_index(self._aliases)
            if shipped is not None:
                return shipped
        return self.build_index()

    def build_index(self) -> MatchIndex:
        """Build the search index of this table (what :meth:`search` uses), from scratch."""
        rows = self._portion_rows
        has_portions = np.fromiter(
            (food_id in rows for food_id in self._foods["food_id"].tolist()),
            dtype=bool,
            count=len(self._foods),
        )
        return MatchIndex.build(self._foods, has_portions, self._aliases)

    @_built_once
    def _source_masks(self) -> dict[str, npt.NDArray[np.bool_]]:
        sources = self._foods["source"].to_numpy()
        return {str(s): sources == s for s in np.unique(sources)}

    def _rank(self, text: str, limit: int, source: str | None = None) -> list[tuple[int, float]]:
        if not isinstance(text, str):
            raise InvalidLogError(f"a search needs text, not {type(text).__name__}", "text")
        limit = whole_number(limit, "limit", low=0, high=_MAX_CANDIDATES)
        if source is not None and not isinstance(source, str):
            raise UnknownOptionError("source", source, tuple(self._source_masks))
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
            ``"1/2 cup"``, ``"⅜ cup"``, ``"1,5 cup"``, ``"3 tbsp"``, ``"2 slices"``,
            ``"1 medium"``, ``"30 g"``, a pint Quantity, or a number with ``unit``. ``None``
            means the food's default portion (FNDDS "Quantity not specified", else the first
            listed measure). Read by the grammar of :func:`mgcalc.parse.read_amount`, the
            same as a log line's amount.
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
            If the amount is negative, or the food has no portion that fixes it (a volume
            for a food with no volume portion, a count it does not list); the message lists
            its portions.
        UnitError
            If the unit is not a mass, volume or count (``"1 parsec"``, ``"2 mmol"``).
        AmountError
            If the amount is vague, divided by zero (``"1/0 cup"``) or too large to weigh
            (``"1e308 kg"``). (A log line is refused beyond
            :data:`~mgcalc.defaults.MAX_ENTRY_GRAMS`; this conversion is not.)

        Notes
        -----
        Mass units convert directly. Any one volume portion fixes the food's density, so
        "3 tbsp" works where only "1 cup" is listed (1 cup = 236.6 ml, 1 tbsp = 14.79 ml,
        US customary). Counts use the portion of that name. Water's density is never
        assumed.
        """
        if not isinstance(food_id, str):
            raise UnknownFoodError(repr(food_id))
        if food_id not in self._position:
            raise UnknownFoodError(food_id, self._suggest(food_id))
        if amount is None and unit is None:
            return self._default_grams(food_id)
        if _is_quantity(amount):
            from mgcalc.units import dimension_of

            kind = dimension_of(amount)
            if kind not in ("mass", "volume"):
                raise UnitError(str(amount), "a mass, a volume or a count such as '2 slices'")
            number = float(amount.m_as("g" if kind == "mass" else "ml"))
            parsed = read_amount(number, "g" if kind == "mass" else "ml")
        else:
            parsed = read_amount(amount, unit)
        number = 1.0 if parsed.number is None else parsed.number
        if number < 0 or not math.isfinite(number):
            raise PortionError(food_id, parsed.text, self._portion_texts(food_id), "negative")
        key, noun = portion_key(parsed.unit)
        grams = number * self.grams_per_unit(food_id, key, (*noun, *parsed.words), parsed.text)
        if not math.isfinite(grams):  # "1e308 kg": more grams than a float holds
            raise AmountError(parsed.text, "amount too large")
        return grams

    def _portion_texts(self, food_id: str) -> list[str]:
        return [f"{p.amount:g} {p.measure} ({p.grams:g} g)" for p in self._records(food_id)]

    def _default_grams(self, food_id: str) -> float:
        portions = self._records(food_id)
        if not portions:
            raise PortionError(food_id, "(no amount)", [], "no amount given and no default portion")
        default = [p for p in portions if p.unit == "default"]
        row = default[0] if default else portions[0]
        return row.grams / row.amount

    def _records(self, food_id: str) -> tuple[_PortionRecord, ...]:
        """The portions of one food as plain records, built on first use (then kept)."""
        records = self._record_cache.get(food_id)
        if records is None:
            rows = self._portion_rows.get(food_id)
            if rows is None:
                records = ()
            else:
                p = self._portion_arrays
                records = tuple(
                    _PortionRecord(
                        seq=int(seq),
                        amount=float(amount),
                        measure=str(measure),
                        unit=str(unit),
                        modifier=frozenset(str(modifier).split()),
                        grams=float(grams),
                        words=frozenset(normalise_tokens(str(measure))),
                        odd=bool(_ODD_MEASURE.search(str(measure))),
                    )
                    for seq, amount, measure, unit, modifier, grams in zip(
                        p["seq"][rows], p["amount"][rows], p["measure"][rows], p["unit"][rows],
                        p["modifier"][rows], p["grams"][rows],
                        strict=True,
                    )
                )  # fmt: skip
            self._record_cache[food_id] = records
        return records

    def grams_per_unit(
        self, food_id: str, unit: str, words: Sequence[str] = (), text: str | None = None
    ) -> float:
        """Grams in one ``unit`` of a food [g/unit]: ``("sr28:11458", "cup")`` -> 180.0.

        ``unit`` is a key of the portion table (see :func:`mgcalc.parse.portion_key`);
        ``words`` are the words that went with it (a modifier such as "chopped", or the
        noun of "large biscuit").

        Raises
        ------
        PortionError
            If the food lists no portion that fixes the unit.
        UnitError
            If the unit is no amount of food (``"parsec"``).
        """
        shown = text or unit
        if unit in MASS_UNITS_G:
            return MASS_UNITS_G[unit]
        if unit.lower() in NON_FOOD_UNITS:
            raise UnitError(shown, "a mass (g, oz, lb), a volume (cup, tbsp, ml) or a count")
        wanted = tuple(singular(w.lower()) for w in words)
        portions = self._records(food_id)
        if unit in VOLUME_UNITS_ML:
            volume = [p for p in portions if p.unit in VOLUME_UNITS_ML]
            if not volume:
                raise PortionError(
                    food_id, shown, self._portion_texts(food_id), "it has no volume portion"
                )
            best = self._prefer(volume, unit, wanted)
            if best.unit == unit:  # the food's own measure: no round trip through ml
                return best.grams / best.amount
            density = best.grams / (best.amount * VOLUME_UNITS_ML[best.unit])
            return density * VOLUME_UNITS_ML[unit]
        if unit == "default":
            return self._default_grams(food_id)
        return self._count_grams(food_id, unit, wanted, shown, portions)

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
        description = self.descriptions[self._position[food_id]]
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
        """Write the table as two CSV files in the bundled format (blank = not reported).

        Text that a spreadsheet would run as a formula gets a leading ``'``, which
        :meth:`read_csv` removes (:func:`mgcalc._files.csv_text`).
        """
        for target, frame in ((foods_path, self._foods), (portions_path, self._portions)):
            text = csv_text(frame, reversible=True)
            if hasattr(target, "write"):  # an open text stream
                target.write(text)
            else:
                write_text(target, text)

    @classmethod
    def read_csv(cls, foods_path: Any, portions_path: Any) -> FoodTable:
        """Read a table written by :meth:`to_csv` (or files in the bundled format).

        Raises
        ------
        InvalidLogError
            If a file cannot be read, or its cells are not what the format holds.
        """
        frames = []
        for reader, source in ((_read_csv_foods, foods_path), (_read_csv_portions, portions_path)):
            name = getattr(source, "name", source)
            try:
                frames.append(reader(source))
            except pd.errors.EmptyDataError as exc:
                raise InvalidLogError(f"cannot read {name}: the file is empty") from exc
            except (OSError, pd.errors.ParserError, UnicodeError, ValueError, TypeError) as exc:
                raise InvalidLogError(f"cannot read {name}: {str(exc)[:200]}") from exc
        return cls(frames[0], frames[1])
