"""THE engine: entries -> grams -> nutrients -> partial sums -> the daily table, on arrays.

Every analysis runs through this module, whatever its size: one meal from an app, a
week of a client's log, a cohort of millions of coded entries on pandas or on Dask. The
core functions work on NumPy columns (``*_columns``); the pandas and Dask functions are
thin wrappers that pass their columns in and wrap the result, so there is one copy of
each rule.

The steps
---------
1. :func:`nutrient_columns` gives each entry its nutrients [mg], [µg], [kcal]: grams ×
   the food's content per 100 g / 100, or the values an import reported; NaN where the
   food reports no value or the entry cannot be used (never 0).
2. :func:`partial_columns` reduces entries (and ledger rows: water, supplements,
   medications) to *decomposable* sums per group (sums and counts only), so partial
   results of any partitioning add up to the result of the whole: this is what lets Dask
   aggregate partition by partition.
3. :func:`finish_columns` turns summed partials into the daily table: totals of known
   values with their coverage per nutrient, the Ca:Mg ratios and flags, each upper limit
   as its authority defines it (:func:`intake_columns`), and the person's reference
   values with % of target and a flag per nutrient (:func:`target_columns`; an analysis
   adds these when its daily table is first read, as its summary does not need them).

Semantics
---------
- A food whose source reports no value contributes *unknown* (NaN), never 0.
- Totals are sums of the known values; a nutrient's coverage is the share of a group's
  entries, weighted by grams, whose value is known. An entry of unknown grams (it could
  not be resolved) weighs as much as the mean entry of its group (1 g if no grams are
  known), so an unresolved line lowers coverage instead of vanishing.
- The magnesium UL applies to supplements and medications only (never food or water);
  the calcium and vitamin D ULs apply to total intake (IOM 2011).
- Rows are conserved: every input entry is in the output, resolved or with its reason.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from mgcalc._reasons import REASON_CODES, REASONS
from mgcalc._schemas import (
    check_cohort,
    check_entries,
    check_ledger,
    entries_frame_of,
    entry_columns_of,
)
from mgcalc._values import real_number
from mgcalc.assess import (
    INTAKE_FLAGS,
    TOTAL_UL_STATUSES,
    UL_STATUSES,
    intake_flag_codes,
    total_ul_status_codes,
    ul_status_codes,
)
from mgcalc.defaults import ADULT_MAGNESIUM_UL_MG, MAX_ENTRY_GRAMS, MIN_COVERAGE, REVIEW_SCORE
from mgcalc.errors import InvalidLogError, InvalidValueError
from mgcalc.foods import NUTRIENT_COLUMNS, FoodTable
from mgcalc.ratio import RATIO_FLAGS, RangeLike, ratio_codes, resolve_range
from mgcalc.references import Person
from mgcalc.resolve import Resolution, Resolver, resolve_rows

if TYPE_CHECKING:
    from mgcalc.references import ReferenceValues

__all__ = [
    "DAILY_COLUMNS",
    "DAY_KEYS",
    "ENTRY_KEYS",
    "LEDGER_NUTRIENTS",
    "LEDGER_SOURCES",
    "MEAL_KEYS",
    "NUTRIENTS",
    "PARTIAL_COLUMNS",
    "REVIEW_FLAGS",
    "Nutrient",
    "add_partials",
    "daily_frame",
    "daily_partials",
    "daily_table",
    "daily_totals",
    "empty_partials",
    "entries_frame",
    "entry_nutrients",
    "finish_columns",
    "finish_daily",
    "food_lookup",
    "group_codes",
    "intake_columns",
    "is_dask",
    "ledger_partial_columns",
    "meal_table",
    "meal_totals",
    "nutrient_columns",
    "nutrient_mg",
    "partial_columns",
    "partial_totals",
    "resolve_columns",
    "resolve_entries",
    "review_flags",
    "target_columns",
    "top_sources",
    "total_columns",
    "totals",
]

FloatArray = npt.NDArray[np.float64]
Columns = dict[str, Any]
"""A table as named columns (NumPy arrays, or lists of Python objects), row for row."""

DAY_KEYS: Final = ("person_id", "date")
"""The keys of a day: one row of the daily table per person and date."""
ENTRY_KEYS: Final = DAY_KEYS
MEAL_KEYS: Final = ("person_id", "date", "meal")


@dataclass(frozen=True)
class Nutrient:
    """A nutrient carried end to end.

    Attributes
    ----------
    name : str
        ``"magnesium"``, ``"calcium"``, ``"vitamin_d"``, ``"energy"``.
    column : str
        Its column per entry and per day, ending in its unit (``"magnesium_mg"``).
    per_100g : str
        Its column in the food table (``"magnesium_mg_per_100g"``).
    coverage : str
        Its coverage column in the daily table (magnesium's is plain ``"coverage"``).
    unit : str
        ``"mg"``, ``"ug"`` or ``"kcal"``.
    """

    name: str
    column: str
    per_100g: str
    coverage: str
    unit: str

    @property
    def count(self) -> str:
        """The partial count of entries whose value is known (``"n_magnesium"``)."""
        return f"n_{self.name}"


NUTRIENTS: Final = (
    Nutrient("magnesium", "magnesium_mg", "magnesium_mg_per_100g", "coverage", "mg"),
    Nutrient("calcium", "calcium_mg", "calcium_mg_per_100g", "calcium_coverage", "mg"),
    Nutrient("vitamin_d", "vitamin_d_ug", "vitamin_d_ug_per_100g", "vitamin_d_coverage", "ug"),
    Nutrient("energy", "energy_kcal", "energy_kcal_per_100g", "energy_coverage", "kcal"),
)
"""The nutrients of every entry and day: magnesium (the subject), calcium (the ratio),
vitamin D (bone health, with calcium) and energy (for suggestions)."""

LEDGER_SOURCES: Final = ("water", "supplement", "medication")
"""Ledgers beside food: drinking water, supplements, medications (antacids, laxatives)."""
LEDGER_NUTRIENTS: Final = ("magnesium_mg", "calcium_mg", "vitamin_d_ug")
"""The nutrients a ledger row may carry [mg], [mg], [µg] per day."""

_FOOD_PARTIALS: Final = tuple(
    column
    for nutrient in NUTRIENTS
    for column in (
        nutrient.column, nutrient.count, f"{nutrient.name}_known_g", f"{nutrient.name}_known_no_g"
    )
)  # fmt: skip
PARTIAL_COLUMNS: Final = (
    *_FOOD_PARTIALS,
    "grams",
    "n_grams",
    "n_entries",
    "n_unresolved",
    *(f"{source}_{nutrient}" for source in LEDGER_SOURCES for nutrient in LEDGER_NUTRIENTS),
)
"""The decomposable sums per group (see :func:`daily_partials`)."""
_INT_PARTIALS: Final = frozenset(
    c for c in PARTIAL_COLUMNS if c.startswith("n_") or c.endswith("_known_no_g")
)

DAILY_COLUMNS: Final = (
    "person_id",
    "date",
    "magnesium_mg",
    "calcium_mg",
    "grams",
    "coverage",
    "calcium_coverage",
    "n_entries",
    "n_unresolved",
    "supplement_magnesium_mg",
    "medication_magnesium_mg",
    "supplemental_magnesium_mg",
    "supplement_calcium_mg",
    "ca_mg_ratio",
    "ratio_flag",
    "total_magnesium_mg",
    "total_calcium_mg",
    "total_ca_mg_ratio",
    "total_ratio_flag",
    "ul_mg",
    "ul_status",
    "ul_exceeded",
    "rda_mg",
    "ear_mg",
    "pct_rda",
    # 0.2: every nutrient, every ledger, each UL as its authority defines it
    "intake_flag",
    "vitamin_d_ug",
    "vitamin_d_coverage",
    "energy_kcal",
    "energy_coverage",
    "water_magnesium_mg",
    "water_calcium_mg",
    "medication_calcium_mg",
    "supplemental_calcium_mg",
    "supplement_vitamin_d_ug",
    "medication_vitamin_d_ug",
    "supplemental_vitamin_d_ug",
    "total_vitamin_d_ug",
    "calcium_rda_mg",
    "calcium_ear_mg",
    "calcium_pct_rda",
    "calcium_flag",
    "calcium_ul_mg",
    "calcium_ul_status",
    "vitamin_d_rda_ug",
    "vitamin_d_ear_ug",
    "vitamin_d_pct_rda",
    "vitamin_d_flag",
    "vitamin_d_ul_ug",
    "vitamin_d_ul_status",
)
"""The columns of the daily table, in order (those of :attr:`IntakeAnalysis.daily`)."""

_CATEGORIES: Final[Mapping[str, tuple[str, ...]]] = {
    "ratio_flag": RATIO_FLAGS,
    "total_ratio_flag": RATIO_FLAGS,
    "ul_status": UL_STATUSES,
    "intake_flag": INTAKE_FLAGS,
    "calcium_flag": INTAKE_FLAGS,
    "vitamin_d_flag": INTAKE_FLAGS,
    "calcium_ul_status": TOTAL_UL_STATUSES,
    "vitamin_d_ul_status": TOTAL_UL_STATUSES,
}
"""Daily columns held as codes, with their categories."""


def nutrient_mg(grams: Any, per_100g: Any) -> Any:
    """Nutrient in each entry [mg]: grams [g] × content [mg/100 g] / 100; NaN where unknown."""
    return grams * per_100g / 100.0


def is_dask(frame: object) -> bool:
    """Whether ``frame`` is a Dask collection (checked without importing Dask)."""
    return type(frame).__module__.split(".", 1)[0] in ("dask", "dask_expr")


# -- 1. per entry ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _FoodLookup:
    """Food ids and their contents as arrays, for vectorised look-ups (one per table)."""

    table: FoodTable

    def _of(self, ids: Any) -> npt.NDArray[np.intp]:
        """Row of each of a few distinct ids (a dict look-up each); -1 where unknown."""
        get = self.table.position
        return np.fromiter(
            (get(i) if isinstance(i, str) else -1 for i in ids), dtype=np.intp, count=len(ids)
        )

    def codes(self, food_id: Any) -> tuple[npt.NDArray[np.integer[Any]], npt.NDArray[np.intp]]:
        """Each entry's code among the distinct food ids, and the table row of each code.

        The rows end with -1, the row of code -1 (a missing id); an unknown id's row is -1
        too. ``rows[codes]`` is :meth:`positions`; a cohort looks its foods up through the
        few distinct ids instead of building that array.
        """
        if isinstance(food_id, pd.Series) and isinstance(food_id.dtype, pd.CategoricalDtype):
            categories = food_id.cat.categories.tolist()
            return food_id.cat.codes.to_numpy(), np.append(self._of(categories), -1)
        series = food_id if isinstance(food_id, pd.Series) else pd.Series(food_id, dtype=object)
        codes, uniques = series.factorize(use_na_sentinel=True)  # Arrow strings stay Arrow
        return codes, np.append(self._of(uniques.tolist()), -1)  # tolist: not item by item

    def positions(self, food_id: Any) -> npt.NDArray[np.intp]:
        """Row of each food id in the table; -1 where unknown or missing."""
        if isinstance(food_id, list | tuple) and len(food_id) < 64:
            return self._of(food_id)
        codes, rows = self.codes(food_id)
        return np.asarray(rows[codes], dtype=np.intp)

    @property
    def description(self) -> npt.NDArray[np.object_]:
        return np.asarray(self.table.descriptions, dtype=object)

    @property
    def magnesium_per_100g(self) -> FloatArray:
        return self.table.nutrient_array("magnesium_mg_per_100g")

    @property
    def calcium_per_100g(self) -> FloatArray:
        return self.table.nutrient_array("calcium_mg_per_100g")


def food_lookup(table: FoodTable) -> _FoodLookup:
    """The table's ids and contents as arrays."""
    return _FoodLookup(table)


def _take(values: FloatArray, positions: npt.NDArray[np.intp]) -> FloatArray:
    """``values[positions]`` with NaN where the position is -1."""
    # index, then blank the missing: no copy of the whole column per call
    out: FloatArray = np.where(positions >= 0, values[positions], np.nan)
    return out


def nutrient_columns(
    table: FoodTable,
    positions: npt.NDArray[np.intp],
    grams: FloatArray,
    usable: npt.NDArray[np.bool_],
    reported: npt.NDArray[np.bool_] | None = None,
    reported_values: Mapping[str, FloatArray] | None = None,
) -> dict[str, FloatArray]:
    """Each entry's nutrients: grams × content / 100, or the reported value.

    Parameters
    ----------
    table
        The food table.
    positions
        Row of each entry's food in the table (-1: none).
    grams
        Each entry's weight [g] (NaN: unknown).
    usable
        Entries that may be computed (resolved); the others are NaN.
    reported, reported_values
        Entries whose values another tool computed, and those values per nutrient column
        (``"magnesium_mg"`` ...; NaN = not reported).

    Returns
    -------
    dict
        One float array per nutrient column of :data:`NUTRIENTS` [mg], [µg], [kcal].
    """
    out: dict[str, FloatArray] = {}
    # One take of every nutrient at once: a (nutrients x entries) array, row per nutrient.
    per_100g = table.nutrient_matrix().take(positions, axis=1)  # position -1: the NaN column
    scale = np.where(usable, grams, np.nan) / 100.0
    every = per_100g * scale
    # the entries whose values were reported (None: none was, nothing to replace)
    taken = reported if reported_values is not None and reported is not None else None
    taken = taken if taken is not None and taken.any() else None
    for row, nutrient in enumerate(NUTRIENTS):
        values = every[row]
        if taken is not None:
            given = (reported_values or {}).get(nutrient.column)
            values = np.where(taken, np.nan if given is None else given, values)
        out[nutrient.column] = values
    return out


_CODED_REASONS: Final = ("unknown_food_id", "grams_unknown", "negative_grams", "amount_too_large")


def _coded_reasons(
    unknown_food: npt.NDArray[np.bool_], grams: FloatArray
) -> list[npt.NDArray[np.bool_]]:
    """Why each coded entry cannot be used, one mask per reason of :data:`_CODED_REASONS`."""
    with np.errstate(invalid="ignore"):
        negative = grams < 0
        too_large = grams > MAX_ENTRY_GRAMS  # inf included: a typo, never a sum
    return [unknown_food, np.isnan(grams), negative, too_large]


class _CodedEntries:
    """Coded entries (food_id, grams) as arrays: the usable grams [g] (NaN where the entry
    cannot be used), which entries are unresolved, and each nutrient computed when read.

    A nutrient is grams × content / 100 (:func:`nutrient_columns`' rule) through the few
    distinct food ids of the entries; reading them one at a time keeps one column of a
    cohort in memory at once, where a dict would hold all four.
    """

    def __init__(self, entries: pd.DataFrame, table: FoodTable) -> None:
        for column in ("food_id", "grams"):
            if column not in entries.columns:
                raise InvalidLogError(f"resolved entries need a {column!r} column", column=column)
        self.codes, rows = food_lookup(table).codes(entries["food_id"])
        self.grams = entries["grams"].to_numpy(dtype=np.float64, na_value=np.nan)
        self.unknown_food = (rows < 0).take(self.codes)
        reasons = _coded_reasons(self.unknown_food, self.grams)
        self.reasons = reasons
        self.unresolved = reasons[0] | reasons[1] | reasons[2] | reasons[3]
        self.usable = np.where(self.unresolved, np.nan, self.grams)
        self._per_100g = table.nutrient_matrix().take(rows, axis=1)  # a column per distinct id
        self._scale = self.usable / 100.0

    def nutrient(self, row: int) -> FloatArray:
        """Nutrient ``row`` of :data:`NUTRIENTS` of each entry (NaN: unknown)."""
        values: FloatArray = self._per_100g[row].take(self.codes) * self._scale
        return values

    def nutrients(self) -> Mapping[str, FloatArray]:
        """Every nutrient column, each computed when read (not kept)."""
        return _ComputedColumns({n.column: i for i, n in enumerate(NUTRIENTS)}, self.nutrient)

    def reason_codes(self) -> npt.NDArray[np.int8]:
        """Codes into :data:`_CODED_REASONS` (the first that applies), -1: resolved."""
        codes: npt.NDArray[np.int8] = np.select(self.reasons, [0, 1, 2, 3], default=-1).astype(
            np.int8
        )
        return codes


class _ComputedColumns(Mapping[str, FloatArray]):
    """Named columns computed on each read (a column read twice is computed twice)."""

    def __init__(self, rows: Mapping[str, int], compute: Callable[[int], FloatArray]) -> None:
        self._rows = rows
        self._compute = compute

    def __getitem__(self, column: str) -> FloatArray:
        return self._compute(self._rows[column])

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _coded_arrays(
    entries: pd.DataFrame, table: FoodTable
) -> tuple[FloatArray, dict[str, FloatArray], npt.NDArray[np.bool_], npt.NDArray[np.int8]]:
    """Coded entries (food_id, grams) as arrays: usable grams [g], nutrients, which entries
    are unresolved, and their reason (codes into :data:`_CODED_REASONS`, -1: resolved)."""
    coded = _CodedEntries(entries, table)
    nutrients = {n.column: coded.nutrient(i) for i, n in enumerate(NUTRIENTS)}
    return coded.usable, nutrients, coded.unresolved, coded.reason_codes()


def _entry_nutrients_pandas(entries: pd.DataFrame, table: FoodTable) -> pd.DataFrame:
    usable, nutrients, unresolved, codes = _coded_arrays(entries, table)
    names = _CODED_REASONS
    out = entries.copy(deep=False)
    out["grams"] = usable
    for column, values in nutrients.items():
        if column in ("magnesium_mg", "calcium_mg") or column not in entries.columns:
            out[column] = values
    out["status"] = pd.Categorical.from_codes(
        unresolved.astype(np.int8), categories=pd.Index(("resolved", "unresolved"))
    )
    out["reason"] = pd.Categorical.from_codes(
        codes, categories=pd.Index([REASONS[name] for name in names])
    )
    out["reason_code"] = _reason_code_column(codes, names)
    return out


def _reason_code_column(codes: npt.NDArray[np.int8], names: Sequence[str]) -> Any:
    """Local codes into ``names`` as a categorical of :data:`REASON_CODES` (-1: none)."""
    mapping = np.array([REASON_CODES.index(name) for name in names] + [-1], dtype=np.int16)
    return pd.Categorical.from_codes(mapping[codes], categories=pd.Index(REASON_CODES))


def entry_nutrients(entries: Any, table: FoodTable | None = None) -> Any:
    """Nutrients of each coded entry (food id and grams), on pandas or Dask.

    Parameters
    ----------
    entries
        A pandas or Dask DataFrame with ``food_id`` (str or categorical; categorical is
        fastest) and ``grams`` [g], plus any other columns (kept as they are).
    table
        The food table; the bundled USDA table by default.

    Returns
    -------
    pandas.DataFrame or dask.dataframe.DataFrame
        ``entries`` with ``grams`` [g] (NaN where the entry cannot be used),
        ``magnesium_mg``, ``calcium_mg`` [mg], ``vitamin_d_ug`` [µg] and ``energy_kcal``
        [kcal] (NaN where the food reports no value or the entry cannot be used: never 0),
        ``status`` (categorical ``"resolved"`` / ``"unresolved"``), ``reason``
        (categorical message: ``"unknown food id"``, ``"grams unknown"``,
        ``"negative grams"``; NaN when resolved) and ``reason_code`` (its code).

    Raises
    ------
    InvalidLogError
        If ``food_id`` or ``grams`` is missing.

    Notes
    -----
    content = grams [g] × content of the food [per 100 g] / 100, looked up once per
    distinct food id and broadcast by position: no Python per entry.

    References
    ----------
    .. [1] USDA ARS (2016). Composition of Foods Raw, Processed, Prepared: National Nutrient
       Database for Standard Reference, Release 28 (nutrients 304 magnesium, 301 calcium).

    Examples
    --------
    >>> out = entry_nutrients(pd.DataFrame({"food_id": ["sr28:11458", "nope"],
    ...                                     "grams": [100.0, 50.0]}))
    >>> out[["magnesium_mg", "status"]].to_dict("list")
    {'magnesium_mg': [87.0, nan], 'status': ['resolved', 'unresolved']}
    """
    table = table if table is not None else FoodTable.default()
    if is_dask(entries):
        meta = _entry_nutrients_pandas(entries._meta, table)
        return entries.map_partitions(_entry_nutrients_pandas, table, meta=meta)
    return _entry_nutrients_pandas(entries, table)


# -- 1b. log entries: resolution and nutrients -------------------------------------------

REVIEW_FLAGS: Final = (
    "assumed_portion", "sources_disagree", "composite_split", "low_score", "range_midpoint",
    "default_portion", "alternative_for_portion", "close_match_differs", "unknown_words",
    "partial_match",
)  # fmt: skip
"""Entry flags that ask a person to review the line (a guess was made)."""

_ENTRY_OUT: Final = (
    "component", "food_id", "amount", "unit", "food_text", "description", "match_score",
    "alternatives", "grams", *(n.column for n in NUTRIENTS), "status", "reason_code", "reason",
    "flags", "notes",
)  # fmt: skip
"""The columns a resolved entry adds to (or replaces in) the log's columns."""

_REPORTED_NUTRIENTS: Final = tuple(f"reported_{n.column}" for n in NUTRIENTS)
"""The log's columns of values an import reported, one per nutrient of :data:`NUTRIENTS`."""

_OBJECT_OUT: Final = frozenset(
    {"food_id", "unit", "food_text", "description", "reason", "alternatives", "notes"}
)


def review_flags(flags: Sequence[str], score: float) -> tuple[str, ...]:
    """The flags with ``low_score`` added where a searched match scored below review level."""
    if not math.isnan(score) and score < REVIEW_SCORE and "low_score" not in flags:
        return (*flags, "low_score")
    return tuple(flags)


def _component_index(
    sizes: Sequence[int], codes: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Expand log rows into their entries: for each entry, its log row, its component number
    (0 .. k-1) and its position among the flattened components of the distinct lines.

    ``sizes[c]`` is how many components distinct line ``c`` has; ``codes[i]`` is row ``i``'s
    distinct line.
    """
    if max(sizes, default=1) == 1:  # no composite line: an entry per row
        row = np.arange(len(codes), dtype=np.intp)
        return row, np.zeros(len(codes), dtype=np.intp), codes.astype(np.intp)
    size = np.asarray(sizes, dtype=np.intp)
    offsets = np.cumsum(size) - size  # where each distinct line's components start
    row_sizes = size[codes]
    row = np.repeat(np.arange(len(codes), dtype=np.intp), row_sizes)
    starts = np.repeat(np.cumsum(row_sizes) - row_sizes, row_sizes)
    component = np.arange(len(row), dtype=np.intp) - starts
    flat = np.repeat(offsets[codes], row_sizes) + component
    return row, component.astype(np.intp), flat.astype(np.intp)


def resolve_columns(
    columns: Mapping[str, Sequence[Any]],
    table: FoodTable,
    resolver: Resolver,
    progress: Callable[[int, int], None] | None = None,
) -> Columns:
    """Resolve log entries and compute their nutrients, as columns.

    Parameters
    ----------
    columns
        The log's columns (:data:`mgcalc.log.ENTRY_COLUMNS`).
    table
        The food table.
    resolver
        Matches food texts (its pins, threshold and locale).
    progress
        Called as ``progress(done, total)`` while distinct rows are resolved.

    Returns
    -------
    dict
        Entry for entry (a log row that is one food is one entry; a composite line such as
        "coffee with milk" is one entry per component): ``row`` (the entry's log row),
        ``component`` (0 .. k-1 within the row), ``grams`` [g], ``nutrients`` (a dict of
        the :data:`NUTRIENTS` columns), ``unresolved`` (bool), ``reason_code`` (codes into
        :data:`mgcalc._reasons.REASON_CODES`, -1 when resolved), ``reason``, ``flags``,
        ``notes``, ``food_id``, ``amount``, ``unit``, ``food_text``, ``description``,
        ``match_score``, ``alternatives``, ``status``; and per log row ``row_unresolved``
        (some component of the row is unresolved); and ``n_review``, the number of entries
        flagged for review.

    Notes
    -----
    Each distinct row is resolved once (:func:`mgcalc.resolve.resolve_rows`); the
    results are broadcast to the entries by index, and the nutrients computed on arrays.
    Every log row gives at least one entry, so entries are conserved by log row (and by
    ``entry_id``); the totals of a day sum the components. A row an import reported is
    used as given; one that reports nothing is unresolved (``nothing_reported``).
    """
    n = len(columns["text"])
    lines, codes = resolve_rows(
        columns["text"], resolver, food_id=columns["food_id"], amount=columns["amount"],
        unit=columns["unit"], reported=columns["reported"],
        reported_grams=columns["reported_grams"], progress=progress,
    )  # fmt: skip
    parts = [line.parts for line in lines]
    flat_parts = [part for line_parts in parts for part in line_parts]
    sizes = [len(p) for p in parts]
    row, component, flat = _component_index(sizes, np.asarray(codes, dtype=np.intp))
    m = len(row)
    # the distinct parts' fields, a tuple each (one transpose of the Resolution tuples)
    (food_text, food_id, description, score, alternatives, part_amount, unit, part_grams,
     part_reason_code, part_reason, part_flags, _, part_notes, _) = (
        zip(*flat_parts, strict=True) if flat_parts else [()] * len(Resolution._fields)
    )  # fmt: skip
    # each entry is a distinct part when no row repeats another: nothing to gather
    every_part_once = m == len(flat_parts)
    flat_list = flat.tolist()

    def per_entry(values: Sequence[Any], dtype: Any = np.float64) -> Any:
        array = np.asarray(values, dtype=dtype)
        return array if every_part_once else array.take(flat)

    def entry_list(values: Sequence[Any]) -> list[Any]:
        return list(values) if every_part_once else [values[k] for k in flat_list]

    grams = per_entry(part_grams)
    index = per_entry(
        [-1 if code is None else _REASON_INDEX[code] for code in part_reason_code], np.int16
    )
    reported = np.asarray(columns["reported"], dtype=bool).take(row)
    positions = per_entry([table.position(f) if f else -1 for f in food_id], np.intp)
    reported_values = None
    if reported.any():  # values another tool computed, a row of (nutrients x entries) each
        given_values = np.array([columns[name] for name in _REPORTED_NUTRIENTS], np.float64)
        reported_values = dict(
            zip((n.column for n in NUTRIENTS), given_values[:, row], strict=True)
        )
    nutrients = nutrient_columns(table, positions, grams, index < 0, reported, reported_values)
    reason_code = index
    if reported_values is not None:  # an exported row with no value at all has nothing to
        # give: list it with its reason
        nothing = reported & np.isnan(nutrients["magnesium_mg"])
        nothing &= np.isnan(nutrients["calcium_mg"])
        reason_code = np.where(nothing, _REASON_INDEX["nothing_reported"], index).astype(np.int16)
    unresolved = reason_code >= 0
    any_unresolved = bool(unresolved.any())  # (what follows changes nothing when none is)
    if any_unresolved:
        for column in nutrients:
            nutrients[column] = np.where(unresolved, np.nan, nutrients[column])
        grams = np.where(unresolved & ~reported, np.nan, grams)
    # each distinct part's flags, and whether one asks for review, found once
    searched = [
        review_flags(f, c if r is None and c < 100 else math.nan)
        for f, c, r in zip(part_flags, score, part_reason_code, strict=True)
    ]
    flags = entry_list([";".join(f) for f in searched])
    no_magnesium = ~unresolved & np.isnan(nutrients["magnesium_mg"])
    for i in np.flatnonzero(no_magnesium).tolist() if no_magnesium.any() else ():
        flags[i] = f"{flags[i]};magnesium_not_reported" if flags[i] else "magnesium_not_reported"
    # (magnesium_not_reported is not a review flag)
    review = [not _REVIEW.isdisjoint(f) for f in searched]
    n_review = sum(review) if every_part_once else sum(review[k] for k in flat_list)
    amount = per_entry(part_amount)
    row_unresolved = np.zeros(n, dtype=bool)
    if any_unresolved:
        given = np.asarray(columns["amount"], dtype=np.float64).take(row)
        amount = np.where(unresolved & np.isnan(given), given, amount)
        row_unresolved[row[unresolved]] = True  # a row is unresolved when one of its entries is
    unresolved_list = unresolved.tolist()
    return {
        "row": row,
        "component": component,
        "grams": grams,
        "nutrients": nutrients,
        "unresolved": unresolved,
        "row_unresolved": row_unresolved,
        "reason_code": reason_code,
        "reason": [
            (r or REASONS["nothing_reported"]) if bad else None
            for r, bad in zip(entry_list(part_reason), unresolved_list, strict=True)
        ],
        "flags": flags,
        "notes": entry_list(["; ".join(notes) for notes in part_notes]),
        "food_id": entry_list(food_id),
        "amount": amount,
        "unit": entry_list(unit),
        "food_text": entry_list(food_text),
        "description": entry_list(description),
        "match_score": per_entry(score),
        "alternatives": entry_list(alternatives),
        "status": _STATUS.take(unresolved.view(np.int8)),
        "n_review": int(n_review),
    }


_REASON_INDEX: Final = {code: i for i, code in enumerate(REASON_CODES)}
"""Each reason code's position in :data:`REASON_CODES`."""
_REVIEW: Final = frozenset(REVIEW_FLAGS)
_STATUS: Final = np.array(["resolved", "unresolved"], dtype=object)
"""An entry's status, by whether it is unresolved."""


def entries_frame(log_entries: pd.DataFrame, resolved: Mapping[str, Any]) -> pd.DataFrame:
    """The log's entries frame with the resolution columns of :func:`resolve_columns`.

    A composite log row becomes one row per component: the log's columns (``entry_id``
    included) are repeated, and ``component`` numbers the parts (0 for a row that is one
    food), so that every ``entry_id`` of the log appears at least once.
    """
    row = resolved["row"]
    expanded = len(row) != len(log_entries) or bool(np.any(resolved["component"]))
    frame = log_entries.iloc[row].reset_index(drop=True) if expanded else log_entries
    for name in _ENTRY_OUT:
        values = resolved[name] if name in resolved else resolved["nutrients"][name]
        if name == "reason_code":
            values = pd.Categorical.from_codes(values, categories=pd.Index(REASON_CODES))
        elif name in _OBJECT_OUT:
            values = pd.Series(values, dtype=object, index=frame.index)
        frame[name] = values
    return frame


def meal_table(columns: Mapping[str, Sequence[Any]], resolved: Mapping[str, Any]) -> pd.DataFrame:
    """Totals per person, day and meal of resolved log entries (entries with no meal form
    their own group); a composite row adds each of its components."""
    row = resolved["row"]
    keys = [
        np.asarray(columns["person_id"], dtype=object)[row],
        np.asarray(columns["date"], dtype="datetime64[ns]")[row],
        np.asarray(columns["meal"], dtype=object)[row],
    ]
    group, n, key_values = group_codes(keys)
    partial = partial_columns(
        group, n, resolved["grams"], resolved["nutrients"], resolved["unresolved"]
    )
    sums = total_columns(partial)
    out = pd.DataFrame(dict(zip(MEAL_KEYS, key_values, strict=True)))
    for name in (*_TOTAL_COLUMNS, "vitamin_d_ug", "vitamin_d_coverage", "energy_kcal",
                 "energy_coverage"):  # fmt: skip
        out[name] = sums[name]
    out["date"] = out["date"].astype("datetime64[ns]")
    return out


def resolve_entries(
    entries: pd.DataFrame, table: FoodTable | None = None, resolver: Resolver | None = None
) -> pd.DataFrame:
    """Resolve each entry of a :attr:`mgcalc.FoodLog.entries` frame to a food and grams,
    and compute its nutrients.

    Returns
    -------
    pandas.DataFrame
        One row per entry, in order, with the log's columns plus ``food_text``,
        ``description``, ``match_score``, ``alternatives``, ``grams`` [g], the nutrient
        columns (NaN = unknown), ``status`` (``"resolved"`` or ``"unresolved"``),
        ``reason_code``, ``reason`` (why unresolved) and ``flags`` (``;``-separated notes
        such as ``no_amount`` or ``range_midpoint``).
    """
    table = table if table is not None else FoodTable.default()
    resolver = resolver if resolver is not None else Resolver(table)
    columns = entry_columns_of(entries)
    check_entries(columns)
    resolved = resolve_columns(columns, table, resolver)
    return entries_frame(entries_frame_of(columns), resolved)


# -- 2. decomposable sums per group --------------------------------------------------------


_SMALL: Final = 512
"""Below this many rows, keys are factorised with a dict (pandas' hash table costs more to
set up than a meal takes to sum)."""


_NAT: Final = np.iinfo(np.int64).min
"""NaT's int64 ticks."""


def _factorize(key: Any) -> tuple[npt.NDArray[np.intp], Any]:
    """Codes of each value and the sorted distinct values (missing values last)."""
    array = key if isinstance(key, pd.Series | pd.Index | np.ndarray) else np.asarray(key, object)
    if len(array) <= _SMALL and isinstance(array, np.ndarray):
        dates = array.dtype.kind == "M"  # as int64 ticks (NaT the smallest): fast to sort, hash
        if dates:
            values = array.view(np.int64).tolist()
            missing = [v == _NAT for v in values]
        else:
            values = array.tolist() if array.dtype == object else list(array)
            missing = [v is None or v != v for v in values]  # None, NaN, NaT
        if values and not missing[0] and values.count(values[0]) == len(values):
            # one value (one person, one day): nothing to sort or look up
            return np.zeros(len(values), dtype=np.intp), array[:1].copy()
        try:
            distinct = sorted({v for v, m in zip(values, missing, strict=True) if not m})
        except TypeError:  # values that do not compare (mixed types): let pandas order them
            distinct = None
        if distinct is not None:
            if any(missing):
                distinct.append(values[missing.index(True)])
            index = {v: i for i, v in enumerate(distinct)}
            last = len(distinct) - 1
            codes = np.fromiter(
                (last if m else index[v] for v, m in zip(values, missing, strict=True)),
                dtype=np.intp, count=len(values),
            )  # fmt: skip
            if dates:
                return codes, np.asarray(distinct, dtype=np.int64).view(array.dtype)
            return codes, np.asarray(distinct, dtype=array.dtype)
    if isinstance(array, pd.Series):
        code, level = array.factorize(sort=True, use_na_sentinel=False)  # Arrow stays Arrow
    else:
        code, level = pd.factorize(array, sort=True, use_na_sentinel=False)
    return np.asarray(code, dtype=np.intp), level


def group_codes(keys: Sequence[Any]) -> tuple[npt.NDArray[np.intp], int, list[Any]]:
    """The group of each row (groups sorted by the keys, missing keys last), the number of
    groups and the key values of each group (one array per key)."""
    if not keys:
        return np.zeros(0, dtype=np.intp), 0, []
    codes: list[npt.NDArray[np.intp]] = []
    levels: list[Any] = []
    for key in keys:
        code, level = _factorize(key)
        codes.append(code)
        levels.append(level)
    sizes = [max(len(level), 1) for level in levels]
    if math.prod(sizes) >= 2**62:
        raise InvalidLogError("too many distinct key combinations to group")
    cells = math.prod(sizes)
    if cells == 1:  # one group (or none): every row is in it, each key of its one value
        rows = len(codes[0])
        return np.zeros(rows, dtype=np.intp), min(rows, 1), levels
    combined = codes[0].astype(np.int64)
    for code, size in zip(codes[1:], sizes[1:], strict=True):
        combined *= size
        combined += code
    if len(combined) <= _SMALL:  # sorted distinct values and each row's, with a dict
        unique_list = sorted(set(combined.tolist()))
        position = {v: i for i, v in enumerate(unique_list)}
        group = np.fromiter(map(position.__getitem__, combined.tolist()), np.intp, len(combined))
        unique = np.array(unique_list, dtype=np.int64)
    elif cells <= len(combined):  # dense: mark the combinations used, number them in order
        used = np.zeros(cells, dtype=bool)
        used[combined] = True
        unique = np.flatnonzero(used)
        group = (np.cumsum(used, dtype=np.intp) - 1).take(combined)
    else:
        group, unique = pd.factorize(combined, sort=True)
    unique = np.asarray(unique, dtype=np.int64)
    values: list[Any] = []
    for level, size in zip(reversed(levels), reversed(sizes), strict=True):
        values.append(level.take(unique % size) if len(level) else level)
        unique = unique // size
    values.reverse()
    return np.asarray(group, dtype=np.intp), len(values[0]) if values else 0, values


def _sum(group: npt.NDArray[np.intp], n: int, values: Any) -> FloatArray:
    return np.asarray(np.bincount(group, weights=values, minlength=n), dtype=np.float64)


def empty_partials(n: int) -> Columns:
    """Partial sums of ``n`` groups with nothing in them (one zero array, shared read-only:
    a computed column replaces its entry, never writes into it)."""
    floats = np.zeros(n, dtype=np.float64)
    ints = np.zeros(n, dtype=np.int64)
    floats.flags.writeable = False
    ints.flags.writeable = False
    return {column: ints if column in _INT_PARTIALS else floats for column in PARTIAL_COLUMNS}


_GRAMS_BIT: Final = len(NUTRIENTS)
_UNRESOLVED_BIT: Final = len(NUTRIENTS) + 1
_BITS: Final = len(NUTRIENTS) + 2
"""Bits of an entry's *kind* (:func:`partial_columns`): bit k, nutrient k of
:data:`NUTRIENTS` is known; then its grams are known; then it is unresolved."""


def _known_or_zero(values: FloatArray, known: npt.NDArray[np.bool_]) -> FloatArray:
    """``values`` with 0 where unknown (NaN). Amounts are never negative, and then
    ``fmax(values, 0)`` does it in one pass without branching on the scattered unknowns
    (several times faster than ``where``); a negative value falls back to ``where``."""
    lowest = np.fmin.reduce(values)  # NaN only if every value is unknown
    out: FloatArray = np.fmax(values, 0.0) if not lowest < 0 else np.where(known, values, 0.0)
    return out


def _kind_sums(
    group: npt.NDArray[np.intp], n: int, kind: npt.NDArray[np.uint8] | None, grams: FloatArray
) -> tuple[npt.NDArray[np.int64], FloatArray, list[int]]:
    """Entries and their grams per kind and group: two ``bincount`` passes over the entries
    whatever the number of nutrients.

    Returns the counts and the grams [g] as (kinds present × groups) arrays, and the kinds
    present (at least one row, so that no entries still give zero sums). ``kind`` None:
    every entry is of kind 0.
    """
    present = [0] if kind is None else np.flatnonzero(np.bincount(kind, minlength=1 << _BITS))
    if kind is None or len(present) <= 1:
        cell = group
        present = [int(k) for k in present] or [0]
    else:
        index = np.zeros(1 << _BITS, dtype=np.intp)
        index[present] = np.arange(len(present))
        cell = index.take(kind)
        cell *= n
        cell += group
    size = len(present) * n
    counts = np.bincount(cell, minlength=size).astype(np.int64, copy=False)
    weights = np.asarray(np.bincount(cell, weights=grams, minlength=size), dtype=np.float64)
    return counts.reshape(len(present), n), weights.reshape(len(present), n), list(present)


def partial_columns(
    group: npt.NDArray[np.intp],
    n: int,
    grams: FloatArray,
    nutrients: Mapping[str, FloatArray],
    unresolved: npt.NDArray[np.bool_],
) -> Columns:
    """Decomposable sums of food entries per group (one pass of ``bincount`` each).

    Parameters
    ----------
    group
        Group of each entry (0 .. n-1).
    n
        Number of groups.
    grams
        Weight of each entry [g] (NaN: unknown).
    nutrients
        Each nutrient column of :data:`NUTRIENTS` per entry (NaN: unknown); each is read
        once, so a mapping may compute its columns as they are read.
    unresolved
        Entries that could not be used.

    Returns
    -------
    dict
        The columns of :data:`PARTIAL_COLUMNS`: per nutrient the sum of known values, how
        many are known, the grams of entries whose value is known and how many entries of
        unknown grams have a known value; grams, entries and unresolved entries. Ledger
        sums are 0. Partials of disjoint parts add up, column by column, to the whole's.

    Notes
    -----
    Each nutrient's values are summed with one ``bincount``. Every count and sum of grams
    depends only on which of an entry's values are known (its *kind*, a few bits), so
    they all come from two ``bincount`` passes over (kind, group) cells: the count of a
    nutrient's known values is the sum of the counts of the kinds in which it is known,
    and so on, whatever the number of nutrients.
    """
    out = empty_partials(n)
    m = len(group)
    kind: npt.NDArray[np.uint8] | None = None  # None: no entry has a bit of its own
    everywhere: set[int] = set()  # bits that every entry has (not stored in ``kind``)

    def mark(bit: int, mask: npt.NDArray[np.bool_], count: int) -> None:
        """Set ``bit`` of the ``count`` entries of ``mask``."""
        nonlocal kind
        if count == m:
            everywhere.add(bit)
        elif count:
            kind = np.zeros(m, dtype=np.uint8) if kind is None else kind
            kind |= mask.view(np.uint8) << bit

    for bit, nutrient in enumerate(NUTRIENTS):
        values = nutrients[nutrient.column]
        unknown = np.isnan(values)
        n_unknown = int(np.count_nonzero(unknown))  # (faster than any() on a few entries)
        if n_unknown:
            known = ~unknown
            mark(bit, known, m - n_unknown)
            out[nutrient.column] = _sum(group, n, _known_or_zero(values, known))
        else:
            everywhere.add(bit)
            out[nutrient.column] = _sum(group, n, values)
        del values, unknown  # a computed column is freed before the next is computed
    g_known = ~np.isnan(grams)
    n_known = int(np.count_nonzero(g_known))
    mark(_GRAMS_BIT, g_known, n_known)
    unresolved = np.asarray(unresolved, dtype=bool)
    if m:
        mark(_UNRESOLVED_BIT, unresolved, int(np.count_nonzero(unresolved)))
    grams0 = grams if n_known == m else np.where(g_known, grams, 0.0)
    counts, weights, present = _kind_sums(group, n, kind, grams0)
    ever = sum(1 << bit for bit in everywhere)
    sums_of: dict[tuple[bool, tuple[int, ...]], Any] = {}
    for column, weighed, rows in _selections(tuple(k | ever for k in present)):
        # the sum of rows ``rows`` (the kinds selected), added row after row, so that the
        # rows a group has entries in sum alike in every selection (a nutrient known for
        # all of a day's entries has its known grams equal to the day's grams); columns of
        # one selection share one read-only array, as zeros do
        summed = sums_of.get((weighed, rows))
        if summed is None:
            sums = weights if weighed else counts
            summed = sums[rows[0]] if len(rows) == 1 else sums[rows[0]].copy()
            for row in rows[1:]:
                summed += sums[row]
            summed.flags.writeable = False
            sums_of[weighed, rows] = summed
        out[column] = summed
    return out


@lru_cache(maxsize=256)
def _selections(kinds: tuple[int, ...]) -> tuple[tuple[str, bool, tuple[int, ...]], ...]:
    """Which rows of :func:`_kind_sums`' arrays (one per kind present, its bits given) sum
    to each partial column: ``(column, weighed, rows)``, from the grams (weighed) or the
    counts; a column with no rows stays 0. A few kinds occur, so this is worked out once
    for each set of them."""
    every = tuple(range(len(kinds)))

    def having(bit: int) -> tuple[int, ...]:
        return tuple(row for row in every if kinds[row] >> bit & 1)

    no_grams = frozenset(every) - frozenset(having(_GRAMS_BIT))
    out: list[tuple[str, bool, tuple[int, ...]]] = []
    for bit, nutrient in enumerate(NUTRIENTS):
        out.append((nutrient.count, False, having(bit)))
        out.append((f"{nutrient.name}_known_g", True, having(bit)))
        known_no_g = tuple(row for row in having(bit) if row in no_grams)
        out.append((f"{nutrient.name}_known_no_g", False, known_no_g))
    out.append(("grams", True, every))
    out.append(("n_grams", False, having(_GRAMS_BIT)))
    out.append(("n_entries", False, every))
    out.append(("n_unresolved", False, having(_UNRESOLVED_BIT)))
    return tuple((column, weighed, rows) for column, weighed, rows in out if rows)


def ledger_partial_columns(
    group: npt.NDArray[np.intp], n: int, source: Sequence[Any], values: Mapping[str, FloatArray]
) -> Columns:
    """Decomposable sums of ledger rows (water, supplement, medication doses) per group.

    ``values`` holds each of :data:`LEDGER_NUTRIENTS` per row for the whole day [mg],
    [µg]; NaN (the product declares none) adds nothing.
    """
    out = empty_partials(n)
    source_array = np.asarray(source, dtype=object)
    for name in LEDGER_SOURCES:
        rows = source_array == name
        for nutrient in LEDGER_NUTRIENTS:
            column = values.get(nutrient)
            if column is None:
                continue
            amount = np.where(rows & ~np.isnan(column), column, 0.0)
            out[f"{name}_{nutrient}"] = _sum(group, n, amount)
    return out


assert tuple(n.per_100g for n in NUTRIENTS) == NUTRIENT_COLUMNS  # rows of nutrient_matrix()


def add_partials(first: Columns, second: Columns) -> Columns:
    """The column-wise sum of two partials of the same groups."""
    return {column: first[column] + second[column] for column in PARTIAL_COLUMNS}


def _entry_arrays(entries: pd.DataFrame) -> tuple[FloatArray, dict[str, FloatArray], Any]:
    grams = entries["grams"].to_numpy(dtype=np.float64, na_value=np.nan)
    nutrients = {
        n.column: (
            entries[n.column].to_numpy(dtype=np.float64, na_value=np.nan)
            if n.column in entries.columns
            else np.full(len(entries), np.nan)
        )
        for n in NUTRIENTS
    }
    status = entries["status"]
    if isinstance(status.dtype, pd.CategoricalDtype):
        position = status.cat.categories.get_indexer(pd.Index(["unresolved"]))[0]
        unresolved = status.cat.codes.to_numpy() == position
    else:
        unresolved = (status == "unresolved").to_numpy(dtype=bool, na_value=False)
    return grams, nutrients, unresolved


def coded_partials(
    entries: pd.DataFrame, table: FoodTable, keys: Sequence[str] = DAY_KEYS
) -> pd.DataFrame:
    """:func:`daily_partials` of coded entries (food_id, grams), without building an
    entries frame: the cohort path, per pandas frame or per Dask partition."""
    key_values, sums = _coded_sums(entries, table, keys)
    return _partials_frame(keys, key_values, sums)


def _coded_sums(
    entries: pd.DataFrame, table: FoodTable, keys: Sequence[str] = DAY_KEYS
) -> tuple[list[Any], Columns]:
    """The key values of each group and :func:`partial_columns` of coded entries."""
    group, n, key_values = group_codes([entries[key] for key in keys])
    coded = _CodedEntries(entries, table)
    sums = partial_columns(group, n, coded.usable, coded.nutrients(), coded.unresolved)
    return key_values, sums


def _partials_frame(keys: Sequence[str], key_values: Sequence[Any], sums: Columns) -> pd.DataFrame:
    """Partial sums as a frame: the keys, then :data:`PARTIAL_COLUMNS` (one array each)."""
    data = dict(zip(keys, key_values, strict=True))
    data.update((column, sums[column]) for column in PARTIAL_COLUMNS)
    return _frame(data)


def _frame(data: Mapping[str, Any]) -> pd.DataFrame:
    """A frame on the given columns without copying them: a column that is a view, is
    read-only or is another column's array is copied first, so that the frame owns each
    of its columns (a user writing into one column changes no other)."""
    seen: set[int] = set()
    columns = {}
    for name, values in data.items():
        if isinstance(values, np.ndarray) and (
            values.base is not None or not values.flags.writeable or id(values) in seen
        ):
            values = values.copy()
        seen.add(id(values))
        columns[name] = values
    return pd.DataFrame(columns, copy=False)


def daily_partials(entries: pd.DataFrame, keys: Sequence[str] = DAY_KEYS) -> pd.DataFrame:
    """Decomposable sums per group of entries with their nutrients (pandas, one pass).

    Parameters
    ----------
    entries
        Entries with ``grams`` [g], the nutrient columns (NaN = unknown; an absent
        nutrient column is unknown throughout) and ``status``, as from
        :func:`entry_nutrients` or :attr:`mgcalc.IntakeAnalysis.entries`.
    keys
        Grouping columns.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by the keys (keys as columns), with the sums and counts
        of :data:`PARTIAL_COLUMNS`. Partial frames of disjoint parts of a log add up,
        column by column, to the frame of the whole; :func:`finish_daily` turns them
        into totals and coverage.
    """
    group, n, key_values = group_codes([entries[key] for key in keys])
    grams, nutrients, unresolved = _entry_arrays(entries)
    sums = partial_columns(group, n, grams, nutrients, unresolved)
    return _partials_frame(keys, key_values, sums)


def _empty_partials_frame(entries_meta: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    out = pd.DataFrame({key: entries_meta[key].iloc[:0] for key in keys})
    for column, values in empty_partials(0).items():
        out[column] = values
    return out


# -- 3. totals, ratios, limits and references ---------------------------------------------


def _coverage(
    known_g: FloatArray, known_no_g: FloatArray, grams: FloatArray, n_grams: FloatArray,
    n_entries: FloatArray, mixed: npt.NDArray[np.bool_] | None,
    empty: npt.NDArray[np.bool_] | None,
) -> FloatArray:  # fmt: skip
    """Grams-weighted share of entries whose value is known; entries of unknown grams
    weigh as much as the group's mean entry (1 g when no grams are known).

    Where every entry's grams are known this is ``known_g / grams``. Otherwise, with
    ``mean = grams / n_grams``, the share ``(known_g + known_no_g × mean) / (grams +
    (n_entries - n_grams) × mean)`` is computed as ``(known_g / grams × n_grams +
    known_no_g) / n_entries``: the same number, but a group whose entries of known grams
    all have the value gets a ratio of two counts, rounded once (9 of 10 entries known is
    0.9 exactly, on the ratio's coverage bound, whatever order its grams were summed in).
    The masks are the same for every nutrient, so the caller works them out once: ``mixed``
    (None when every group's grams are known) marks the groups where they all are, ``empty``
    (None when there is none) the groups without entries, which have no coverage (NaN).
    The caller ignores invalid and divide warnings (0 / 0 is NaN here, then masked).
    """
    if mixed is None:  # every entry's grams are known, in every group (the usual case)
        coverage = known_g / grams
    else:
        of_known_grams = np.where(n_grams > 0, known_g / grams * n_grams, 0.0)
        coverage = np.where(mixed, known_g / grams, (of_known_grams + known_no_g) / n_entries)
    if empty is not None:
        coverage[empty] = np.nan
    return coverage


def total_columns(p: Mapping[str, Any]) -> Columns:
    """Totals of known values and coverage per group, from summed partials.

    Returns the nutrient columns (NaN where none is known), ``grams`` [g] (NaN where none
    is known), each nutrient's coverage [0-1] (NaN for a group without entries),
    ``n_entries`` and ``n_unresolved``.

    Notes
    -----
    A nutrient's coverage is the grams-weighted share of a group's entries whose value is
    known; an entry of unknown grams weighs as much as the group's mean entry (its mean
    known grams; 1 g when no grams are known).
    """
    n_entries = np.asarray(p["n_entries"], dtype=np.float64)
    n_grams = np.asarray(p["n_grams"], dtype=np.float64)
    grams = np.asarray(p["grams"], dtype=np.float64)
    every_grams_known = n_grams == n_entries  # the same for every nutrient
    mixed = None if every_grams_known.all() else every_grams_known
    no_entries = n_entries == 0
    empty = no_entries if no_entries.any() else None
    out: Columns = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for column, count, known_g, known_no_g, coverage in _TOTAL_NAMES:
            known = np.asarray(p[count]) > 0
            out[column] = np.where(known, np.asarray(p[column], np.float64), np.nan)
            out[coverage] = _coverage(
                np.asarray(p[known_g], np.float64), np.asarray(p[known_no_g], np.float64),
                grams, n_grams, n_entries, mixed, empty,
            )  # fmt: skip
    out["grams"] = np.where(n_grams > 0, grams, np.nan)
    out["n_entries"] = np.asarray(p["n_entries"], dtype=np.int64)
    out["n_unresolved"] = np.asarray(p["n_unresolved"], dtype=np.int64)
    return out


_TOTAL_NAMES: Final = tuple(
    (n.column, n.count, f"{n.name}_known_g", f"{n.name}_known_no_g", n.coverage) for n in NUTRIENTS
)
"""Per nutrient: its partial columns (sum, count, known grams, known entries of unknown
grams) and its total and coverage columns."""


_TOTAL_COLUMNS: Final = (
    "magnesium_mg", "calcium_mg", "grams", "coverage", "calcium_coverage", "n_entries",
    "n_unresolved",
)  # fmt: skip
"""The columns of :func:`partial_totals` and :func:`totals` after the keys (0.1's)."""


@dataclass(frozen=True)
class _Targets:
    """One person's reference values as floats (NaN where none applies)."""

    numbers: tuple[float, ...]

    FIELDS: ClassVar[tuple[str, ...]] = (
        "magnesium_ul_mg", "calcium_ul_mg", "vitamin_d_ul_ug",
        "magnesium_rda_mg", "calcium_rda_mg", "vitamin_d_rda_ug",
        "magnesium_ear_mg", "calcium_ear_mg", "vitamin_d_ear_ug",
    )  # fmt: skip

    @classmethod
    def of(cls, refs: ReferenceValues | None) -> _Targets:
        if refs is None:  # no person: the adult magnesium UL, nothing else
            return cls((ADULT_MAGNESIUM_UL_MG, *([np.nan] * 8)))
        return cls(
            tuple(
                np.nan if getattr(refs, name, None) is None else float(getattr(refs, name))
                for name in cls.FIELDS
            )
        )


@lru_cache(maxsize=1024)
def _targets_of(person: Person | None) -> tuple[float, ...]:
    """A person's reference values as floats, looked up once per person (a Person is a
    frozen value)."""
    return _Targets.of(None if person is None else person.reference_values()).numbers


@lru_cache(maxsize=1024)
def _target_column(person: Person | None) -> FloatArray:
    """:func:`_targets_of` as a column (fields x 1), read-only, once per person."""
    column = np.array(_targets_of(person), dtype=np.float64)[:, np.newaxis]
    column.flags.writeable = False
    return column


def _per_person(
    person_id: Any, person: Person | Mapping[Hashable, Person] | None, fields: slice
) -> FloatArray:
    """The reference values ``fields`` of :attr:`_Targets.FIELDS` for each row's person: one
    row per field, one column per row of ``person_id``."""
    n = len(person_id)
    if person is None or not isinstance(person, Mapping):
        column = _target_column(person)[fields]
        out = np.empty((len(column), n))
        out[...] = column  # every row's person is the same
        return out
    default = _targets_of(None)
    codes, uniques = pd.factorize(pd.Series(person_id, dtype=object))
    rows = np.array(
        [_targets_of(person[pid]) if pid in person else default for pid in uniques] + [default],
        dtype=np.float64,
    ).reshape(-1, len(_Targets.FIELDS))[:, fields]
    return np.ascontiguousarray(rows[codes].T)  # code -1 (missing person) -> the default row


_ULS: Final = slice(0, 3)
"""The fields of :attr:`_Targets.FIELDS` that are upper limits (Mg, Ca, vitamin D)."""
_RDAS_EARS: Final = slice(3, 9)
"""The fields of :attr:`_Targets.FIELDS` that are RDAs (or AIs), then EARs."""


def _check_min_coverage(value: float) -> float:
    return real_number(value, "min_coverage", low=0.0, high=1.0)


def _check_person(person: Any) -> None:
    """A Person, a mapping of person ids to Persons, or None."""
    people = person.values() if isinstance(person, Mapping) else [person]
    if person is not None and not all(isinstance(p, Person) for p in people):
        raise InvalidValueError(
            "person must be a Person or a mapping of person ids to Persons, not "
            f"{type(person).__name__}"
        )


def finish_columns(
    partials: Mapping[str, Any],
    person_id: Any,
    person: Person | Mapping[Hashable, Person] | None = None,
    ratio_range: RangeLike = "default",
    min_coverage: float = MIN_COVERAGE,
) -> Columns:
    """The daily table's columns (without the keys) from summed partials:
    :func:`intake_columns` with :func:`target_columns`.

    Categorical columns (flags, statuses) are int8 codes into their categories
    (:data:`_CATEGORIES`); :func:`daily_frame` turns them into pandas categoricals.
    """
    columns = intake_columns(partials, person_id, person, ratio_range, min_coverage)
    return target_columns(columns, person_id, person)


def intake_columns(
    partials: Mapping[str, Any],
    person_id: Any,
    person: Person | Mapping[Hashable, Person] | None = None,
    ratio_range: RangeLike = "default",
    min_coverage: float = MIN_COVERAGE,
) -> Columns:
    """The daily table's columns but the reference targets: food totals and coverage,
    ledgers, supplemental and total intake, the Ca:Mg ratios and the upper limits with
    their statuses. What a summary of the days needs; :func:`target_columns` adds the
    rest."""
    bounds = resolve_range(ratio_range)
    minimum = _check_min_coverage(min_coverage)
    out = total_columns(partials)
    # food, each ledger, supplemental and total intake of each of LEDGER_NUTRIENTS (a row
    # each: magnesium, calcium, vitamin D)
    # each ledger's columns as they are (no copy: a cohort without doses shares one array of
    # zeros among them), and each nutrient's supplemental and total intake
    for nutrient, water, supplement, medication, supplemental, whole in _LEDGER_SUMS:
        for name in (water, supplement, medication):
            out[name] = np.asarray(partials[name], dtype=np.float64)
        out[supplemental] = out[supplement] + out[medication]
        out[whole] = out[nutrient] + out[water] + out[supplemental]
    both = np.minimum(out["coverage"], out["calcium_coverage"])  # NaN when either is
    # the food ratio (row 0) and the total ratio (row 1) in one pass
    ratios, ratio_flags = ratio_codes(
        np.array([out["calcium_mg"], out["total_calcium_mg"]]),
        np.array([out["magnesium_mg"], out["total_magnesium_mg"]]),
        bounds, both, minimum,
    )  # fmt: skip
    out["ca_mg_ratio"], out["total_ca_mg_ratio"] = ratios
    out["ratio_flag"], out["total_ratio_flag"] = ratio_flags
    ul = _per_person(person_id, person, _ULS)  # the UL of Mg, Ca, vitamin D (a row each)
    out["ul_mg"] = ul[0]
    out["ul_status"] = ul_status_codes(out["supplemental_magnesium_mg"], out["ul_mg"])
    out["ul_exceeded"] = out["ul_status"] == UL_STATUSES.index("over")
    # the calcium and vitamin D ULs, on total intake (a row each)
    food = np.array([out["calcium_mg"], out["vitamin_d_ug"]])
    food_known = ~np.isnan(food)
    known = (
        np.where(food_known, food, 0.0)
        + np.array([out["water_calcium_mg"], out["water_vitamin_d_ug"]])
        + np.array([out["supplemental_calcium_mg"], out["supplemental_vitamin_d_ug"]])
    )
    statuses = total_ul_status_codes(known, food_known, ul[1:])
    out["calcium_ul_mg"], out["vitamin_d_ul_ug"] = ul[1], ul[2]
    out["calcium_ul_status"], out["vitamin_d_ul_status"] = statuses
    return out


def target_columns(
    columns: Mapping[str, Any],
    person_id: Any,
    person: Person | Mapping[Hashable, Person] | None = None,
) -> Columns:
    """:func:`intake_columns`' columns with each nutrient's RDA (or AI), EAR, % of the RDA
    and intake flag per day, against each row's person."""
    out = dict(columns)
    targets = _per_person(person_id, person, _RDAS_EARS)
    rda, ear = targets[:3], targets[3:]  # Mg, Ca, vitamin D each
    # RDA, EAR, % of RDA and intake flag of magnesium, calcium, vitamin D (a row each)
    total = np.array([out[names[-1]] for names in _LEDGER_SUMS])
    pct_rda = total * (100.0 / rda)  # a reference value is NaN (none) or above 0
    flags = intake_flag_codes(total, ear, rda)
    for i, (rda_column, ear_column, pct_column, flag_column) in enumerate(_TARGET_COLUMNS):
        out[rda_column], out[ear_column] = rda[i], ear[i]
        out[pct_column], out[flag_column] = pct_rda[i], flags[i]
    return out


_LEDGER_SUMS: Final = tuple(
    (n, f"water_{n}", f"supplement_{n}", f"medication_{n}", f"supplemental_{n}", f"total_{n}")
    for n in LEDGER_NUTRIENTS
)
"""Per nutrient of :data:`LEDGER_NUTRIENTS`: its food, water, supplement and medication
columns, and the supplemental (supplements + medications) and total columns they sum to."""
_TARGET_COLUMNS: Final = (
    ("rda_mg", "ear_mg", "pct_rda", "intake_flag"),
    ("calcium_rda_mg", "calcium_ear_mg", "calcium_pct_rda", "calcium_flag"),
    ("vitamin_d_rda_ug", "vitamin_d_ear_ug", "vitamin_d_pct_rda", "vitamin_d_flag"),
)
"""Per nutrient of :data:`LEDGER_NUTRIENTS`: its RDA, EAR, % of RDA and intake flag
columns."""


@cache
def _category_dtype(categories: tuple[str, ...]) -> pd.CategoricalDtype:
    """The dtype of a column of codes into ``categories`` (built once: building the
    categories' index costs more than a day's row)."""
    return pd.CategoricalDtype(pd.Index(categories))


def daily_frame(
    keys: Mapping[str, Any], columns: Mapping[str, Any], *, copy: bool = True
) -> pd.DataFrame:
    """The daily table as a DataFrame (:data:`DAILY_COLUMNS`), flags as categoricals.

    With ``copy=False`` the frame is built on the arrays themselves (each copied only if
    it is a view, read-only or another column's): for columns the caller will not use
    again, such as those of a cohort's table, it saves a copy of the whole table.
    """
    data: dict[str, Any] = {}
    for name in DAILY_COLUMNS:
        values = keys[name] if name in keys else columns[name]
        categories = _CATEGORIES.get(name)
        if categories is not None:
            values = pd.Categorical.from_codes(
                np.asarray(values, dtype=np.int8), dtype=_category_dtype(categories)
            )
        data[name] = values
    frame = pd.DataFrame(data) if copy else _frame(data)
    if len(frame) == 0:
        frame["date"] = frame["date"].astype("datetime64[ns]")
    return frame


def finish_daily(
    partials: pd.DataFrame,
    person: Person | Mapping[Hashable, Person] | None = None,
    ratio_range: RangeLike = "default",
    min_coverage: float = MIN_COVERAGE,
) -> pd.DataFrame:
    """The daily table from summed partials: totals, coverage, ratios, limits and references.

    Parameters
    ----------
    partials
        One row per person and day with ``person_id``, ``date`` and the sums of
        :data:`PARTIAL_COLUMNS` (from :func:`daily_partials`, summed over partitions,
        plus ledger rows).
    person
        Whose days they are: a :class:`~mgcalc.references.Person` for everyone, a mapping
        person_id -> Person, or None (adult IOM magnesium UL of 350 mg/day, no other
        reference value).
    ratio_range
        As in :func:`mgcalc.ratio.ratio_flags` (``"default"`` 2.2-3.2).
    min_coverage
        Below this coverage the Ca:Mg ratio is ``"indeterminate"`` [0-1].

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`DAILY_COLUMNS`, row for row with ``partials``: food
        nutrients (NaN when none is known) with their coverage [0-1]; the water,
        supplement and medication ledgers [mg/day], [µg/day]; the food and total Ca:Mg
        ratios and flags; the magnesium UL with ``ul_status`` and ``ul_exceeded``
        (supplements and medications only, never food or water); the calcium and vitamin
        D ULs with their status (total intake); RDA, EAR, % of RDA and the intake flag of
        each nutrient (categorical :data:`mgcalc.assess.INTAKE_FLAGS`).

    References
    ----------
    .. [1] IOM (1997). DRI for Calcium, Phosphorus, Magnesium, Vitamin D, and Fluoride.
       The magnesium UL covers pharmacological agents only (p. 242).
    .. [2] IOM (2011). DRI for Calcium and Vitamin D: the ULs apply to total intake.
    """
    keys = {key: partials[key].array.copy() for key in DAY_KEYS}
    sums = {c: partials[c].to_numpy() for c in PARTIAL_COLUMNS}
    frame = _finish(keys, sums, person, ratio_range, min_coverage)
    frame.index = partials.index
    return frame


def _finish(
    keys: Mapping[str, Any],
    partials: Mapping[str, Any],
    person: Person | Mapping[Hashable, Person] | None,
    ratio_range: RangeLike,
    min_coverage: float,
) -> pd.DataFrame:
    """:func:`finish_columns` as the daily frame, built on its own arrays (no copy)."""
    columns = finish_columns(partials, keys["person_id"], person, ratio_range, min_coverage)
    return daily_frame(keys, columns, copy=False)


def partial_totals(partials: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Totals of known values and coverage per group, from summed partials.

    Returns
    -------
    pandas.DataFrame
        Row for row with ``partials``: the keys, ``magnesium_mg`` and ``calcium_mg`` [mg]
        (sum of the known values; NaN if none is known), ``grams`` [g], ``coverage`` and
        ``calcium_coverage`` [0-1] (NaN for a group without entries), ``n_entries``,
        ``n_unresolved``.

    Notes
    -----
    With ``mean`` the mean known grams of a group's entries (1 g if none is known),
    ``coverage = (Σ grams with known Mg + k_Mg × mean) / (Σ known grams + k × mean)``,
    where ``k`` counts the entries of unknown grams and ``k_Mg`` those among them whose
    magnesium is known: each entry of unknown grams weighs as much as the group's mean.
    """
    columns = total_columns({c: partials[c].to_numpy() for c in PARTIAL_COLUMNS})
    out = pd.DataFrame(
        {key: partials[key].array for key in keys}, index=pd.RangeIndex(len(partials))
    )
    for name in _TOTAL_COLUMNS:
        out[name] = columns[name]
    return out


def totals(entries: Any, by: Sequence[str], split_out: int | None = None) -> Any:
    """Sums of known nutrients per group with their coverage, pandas or Dask.

    Parameters
    ----------
    entries
        Entries with ``grams`` [g], nutrient columns (NaN = unknown) and ``status``: a
        pandas or a Dask DataFrame.
    by
        Grouping columns (``("person_id", "date")``).
    split_out
        Dask only: output partitions of the aggregation (default: input partitions // 4).

    Returns
    -------
    pandas.DataFrame or dask.dataframe.DataFrame
        The columns of :func:`partial_totals`; pandas: one row per group, sorted by the
        keys (missing keys last); Dask: lazy, in no particular order.
    """
    keys = list(by)
    if is_dask(entries):
        meta = daily_partials(entries._meta, keys)
        partials = entries.map_partitions(daily_partials, keys, meta=meta)
        n_out = split_out if split_out is not None else max(1, entries.npartitions // 4)
        summed = (
            partials.groupby(keys, sort=False, dropna=False)[list(PARTIAL_COLUMNS)]
            .sum(split_out=n_out)
            .reset_index()
        )
        return summed.map_partitions(
            partial_totals, keys, meta=partial_totals(meta, keys), align_dataframes=False
        )
    return partial_totals(daily_partials(entries, keys), keys)


def daily_totals(entries: pd.DataFrame) -> pd.DataFrame:
    """:func:`totals` per person and day."""
    out: pd.DataFrame = totals(entries, DAY_KEYS)
    return out


def meal_totals(entries: pd.DataFrame) -> pd.DataFrame:
    """:func:`totals` per person, day and meal (entries with no meal form their own group)."""
    out: pd.DataFrame = totals(entries, MEAL_KEYS)
    return out


def top_sources(entries: pd.DataFrame, n: int = 10, by: str = "food_id") -> pd.DataFrame:
    """The foods that give the most magnesium over all entries [mg], with their share."""
    known = entries[entries["magnesium_mg"].notna()]
    if by == "food_id":  # reported rows (imports) have no food id: group them by their text
        known = known.assign(
            food_id=known["food_id"].where(known["food_id"].notna(), "text:" + known["text"]),
            description=known["description"].where(known["description"].notna(), known["text"]),
        )
    grouped = known.groupby(by, dropna=True).agg(
        description=("description", "first"),
        magnesium_mg=("magnesium_mg", "sum"),
        calcium_mg=("calcium_mg", "sum"),
        grams=("grams", "sum"),
        n_entries=("magnesium_mg", "size"),
    )
    total = grouped["magnesium_mg"].sum()
    grouped["share"] = grouped["magnesium_mg"] / total if total > 0 else np.nan
    return grouped.sort_values(["magnesium_mg", "n_entries"], ascending=False).head(n).reset_index()


# -- the whole, for coded entries (cohorts) -------------------------------------------------------


def _ledger_frame_partials(ledger: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """A ledger frame (person_id, date, source, nutrient columns) as partial rows."""
    columns = check_ledger(ledger)
    group, n, key_values = group_codes([columns["person_id"], columns["date"]])
    sums = ledger_partial_columns(
        group, n, columns["source"], {k: columns[k] for k in LEDGER_NUTRIENTS if k in columns}
    )
    out = pd.DataFrame({"person_id": key_values[0], "date": key_values[1]})
    for column in PARTIAL_COLUMNS:
        out[column] = sums[column]
    return out.astype(like.dtypes.to_dict())


def daily_table(
    entries: Any,
    table: FoodTable | None = None,
    person: Person | Mapping[Hashable, Person] | None = None,
    ratio_range: RangeLike = "default",
    min_coverage: float = MIN_COVERAGE,
    supplements: pd.DataFrame | None = None,
    split_out: int | None = None,
) -> Any:
    """Daily nutrients per person with coverage, Ca:Mg flags and the upper-limit checks.

    Parameters
    ----------
    entries
        A pandas or Dask DataFrame with ``person_id``, ``date`` and either coded entries —
        ``food_id`` and ``grams`` [g] — or entries with their nutrients already computed —
        ``grams`` [g], ``magnesium_mg``, ``calcium_mg`` [mg] and ``status`` (the output
        of :func:`entry_nutrients` or :attr:`mgcalc.IntakeAnalysis.entries`).
    table
        The food table for ``food_id`` look-ups; the bundled USDA table by default.
    person
        A :class:`~mgcalc.references.Person` for everyone, a mapping person_id -> Person,
        or None (adult IOM magnesium UL, no other reference value).
    ratio_range
        ``"default"`` (2.2-3.2), ``"costello2021"`` (1.70-2.60), a ``(low, high)`` tuple or
        a :class:`~mgcalc.ratio.RatioRange` (mass basis).
    min_coverage
        Below this coverage a day's Ca:Mg ratio is ``"indeterminate"`` [0-1].
    supplements
        A ledger of doses and water (:attr:`mgcalc.FoodLog.supplements` columns:
        person_id, date, source — ``"supplement"``, ``"medication"`` or ``"water"`` —
        and ``magnesium_mg``, ``calcium_mg`` [mg/day], ``vitamin_d_ug`` [µg/day]); a
        pandas DataFrame, also with Dask entries. Days with doses but no food appear too.
    split_out
        Dask only: the number of output partitions of the aggregation (by default the
        number of input partitions // 4, at least 1).

    Returns
    -------
    pandas.DataFrame or dask.dataframe.DataFrame
        One row per person and day with the columns :data:`DAILY_COLUMNS` (those of
        :attr:`mgcalc.IntakeAnalysis.daily`); see :func:`finish_daily`. pandas: sorted by
        person and date. Dask: lazy, aggregated partition by partition; rows are not in
        any particular order across partitions.

    Raises
    ------
    InvalidLogError
        If a needed column is missing, or the ledger is invalid.
    UnknownOptionError
        If ``ratio_range`` is not a valid key.

    Notes
    -----
    No Python runs per entry: one look-up per distinct food id, then column arithmetic and
    one ``bincount`` per sum. On Dask the per-entry step and the partial sums run per
    partition (``map_partitions``), the sums are combined with a groupby-sum
    (``split_out`` partitions), and :func:`finish_daily` runs per output partition.

    References
    ----------
    .. [1] IOM (1997). DRI for Calcium, Phosphorus, Magnesium, Vitamin D, and Fluoride.
       The magnesium UL covers pharmacological agents only (p. 242).

    Examples
    --------
    >>> entries = pd.DataFrame({"person_id": ["a", "a"], "date": ["2026-11-20"] * 2,
    ...                         "food_id": ["sr28:11458", "sr28:12061"], "grams": [90.0, 28.0]})
    >>> day = daily_table(entries).iloc[0]
    >>> round(day["magnesium_mg"]), int(day["n_entries"]), day["ratio_flag"]
    (154, 2, 'below')
    """
    _check_min_coverage(min_coverage)
    resolve_range(ratio_range)
    _check_person(person)
    if not (isinstance(entries, pd.DataFrame) or is_dask(entries)):
        raise InvalidLogError(
            f"entries must be a pandas or Dask DataFrame, not {type(entries).__name__}"
        )
    meta_columns = entries.columns
    missing = [key for key in DAY_KEYS if key not in meta_columns]
    if missing:
        raise InvalidLogError(f"entries need a {missing[0]!r} column", column=missing[0])
    computed = all(c in meta_columns for c in ("magnesium_mg", "calcium_mg", "status", "grams"))
    table = table if table is not None else FoodTable.default()
    if is_dask(entries):
        return _daily_table_dask(
            entries, table, computed, person, ratio_range, min_coverage, supplements, split_out
        )
    entries = check_cohort(entries, computed)
    if supplements is not None and len(supplements):
        partials = daily_partials(entries) if computed else coded_partials(entries, table)
        extra = _ledger_frame_partials(supplements, partials)
        both = pd.concat([partials, extra], ignore_index=True)
        partials = both.groupby(list(DAY_KEYS), sort=True, as_index=False).sum()
        return finish_daily(partials, person, ratio_range, min_coverage)
    if computed:
        group, n, key_values = group_codes([entries[key] for key in DAY_KEYS])
        sums = partial_columns(group, n, *_entry_arrays(entries))
    else:
        key_values, sums = _coded_sums(entries, table)
    return _finish(dict(zip(DAY_KEYS, key_values, strict=True)), sums, person, ratio_range,
                   min_coverage)  # fmt: skip


def _daily_table_dask(
    entries: Any,
    table: FoodTable,
    computed: bool,
    person: Person | Mapping[Hashable, Person] | None,
    ratio_range: RangeLike,
    min_coverage: float,
    supplements: pd.DataFrame | None,
    split_out: int | None,
) -> Any:
    import dask.dataframe as dd

    meta = _empty_partials_frame(entries._meta, DAY_KEYS)
    if computed:
        partials = entries.map_partitions(daily_partials, meta=meta)
    else:
        partials = entries.map_partitions(coded_partials, table, meta=meta)
    if supplements is not None and len(supplements):
        extra = dd.from_pandas(  # type: ignore[no-untyped-call]
            _ledger_frame_partials(supplements, meta), npartitions=1
        )
        partials = dd.concat([partials, extra])  # type: ignore[no-untyped-call]
    n_out = split_out if split_out is not None else max(1, entries.npartitions // 4)
    summed = (
        partials.groupby(list(DAY_KEYS), sort=False)[list(PARTIAL_COLUMNS)]
        .sum(split_out=n_out)
        .reset_index()
    )
    finish_meta = finish_daily(meta, person, ratio_range, min_coverage)
    return summed.map_partitions(
        finish_daily, person, ratio_range, min_coverage, meta=finish_meta, align_dataframes=False
    )
