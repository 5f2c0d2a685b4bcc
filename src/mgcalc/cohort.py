"""Cohorts: resolved entries (food id + grams) to daily tables, fast, on pandas or Dask.

A study that has already matched its foods has, per entry, a person, a date, a food id
and grams. Everything else is column arithmetic: a look-up of each food's magnesium and
calcium per 100 g, a multiplication, and sums per person and day with their coverage.
This module does exactly that, in as few passes over the data as it can, and does it the
same way on a :class:`pandas.DataFrame` and on a Dask DataFrame (``mgcalc[dask]``),
partition by partition.

How it works
------------
1. :func:`entry_nutrients` adds ``magnesium_mg`` and ``calcium_mg`` [mg] to each entry
   (NaN where the food reports no value, or the entry cannot be used) and a ``status``.
2. :func:`daily_partials` reduces a frame of entries to *decomposable* sums per person
   and day (sums and counts only), so that partial results of any partitioning add up to
   the result of the whole: this is what lets Dask aggregate partition by partition.
3. :func:`finish_daily` turns those sums into the daily table of
   :func:`mgcalc.analyze`: totals of known values, coverage, the Ca:Mg ratio and its flag,
   supplemental magnesium against the upper limit, and the person's reference values.

:func:`daily_table` composes the three. On pandas it returns a DataFrame sorted by
person and date; on Dask a lazy Dask DataFrame (call ``.compute()``).

Semantics are those of :func:`mgcalc.intake.totals`: missing is never zero; coverage is
the grams-weighted share of entries whose value is known; an entry of unknown grams
weighs as much as the mean entry of its day (1 g if no grams of that day are known).
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from mgcalc.errors import InvalidLogError
from mgcalc.foods import FoodTable
from mgcalc.ratio import RangeLike, ratio_flags, resolve_range
from mgcalc.supplements import supplement_daily, ul_status

if TYPE_CHECKING:
    from mgcalc.references import Person, ReferenceValues

__all__ = [
    "ADULT_UL_MG",
    "DAILY_COLUMNS",
    "ENTRY_KEYS",
    "PARTIAL_COLUMNS",
    "daily_partials",
    "daily_table",
    "entry_nutrients",
    "finish_daily",
    "is_dask",
    "partial_totals",
    "totals",
]

ENTRY_KEYS: Final = ("person_id", "date")
"""The keys of a day: one row of the daily table per person and date."""

ADULT_UL_MG: Final = 350.0
"""IOM UL for supplemental magnesium from age 9, incl. pregnancy and lactation [mg/day],
used when no person is given (IOM 1997, p. 242; nutrition-science.md §1c)."""

STATUS_CATEGORIES: Final = ("resolved", "unresolved")
REASON_CATEGORIES: Final = ("unknown food id", "grams unknown", "negative grams")

PARTIAL_COLUMNS: Final = (
    "magnesium_mg",
    "n_magnesium",
    "calcium_mg",
    "n_calcium",
    "grams",
    "n_grams",
    "magnesium_known_g",
    "magnesium_known_no_g",
    "calcium_known_g",
    "calcium_known_no_g",
    "n_entries",
    "n_unresolved",
    "supplement_magnesium_mg",
    "medication_magnesium_mg",
    "supplement_calcium_mg",
)
"""The decomposable sums per person and day (see :func:`daily_partials`)."""

_COUNT_COLUMNS: Final = frozenset(
    {
        "n_magnesium",
        "n_calcium",
        "n_grams",
        "magnesium_known_no_g",
        "calcium_known_no_g",
        "n_entries",
        "n_unresolved",
    }
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
)
"""The columns of the daily table, in order (those of :attr:`IntakeAnalysis.daily`)."""


# -- Dask detection (without importing dask) ----------------------------------------------
def is_dask(frame: object) -> bool:
    """Whether ``frame`` is a Dask collection (checked without importing Dask)."""
    return type(frame).__module__.split(".", 1)[0] in ("dask", "dask_expr")


# -- the food look-up, built once per table ------------------------------------------------
@dataclass(frozen=True)
class _FoodLookup:
    """Food ids and their nutrient contents as arrays, for vectorised look-ups."""

    position: Mapping[str, int]
    magnesium_per_100g: npt.NDArray[np.float64]
    calcium_per_100g: npt.NDArray[np.float64]
    description: npt.NDArray[np.object_]

    def _of(self, ids: Any) -> npt.NDArray[np.intp]:
        """Row of each of a few distinct ids (a dict look-up each); -1 where unknown."""
        get = self.position.get
        return np.fromiter((get(i, -1) for i in ids), dtype=np.intp, count=len(ids))

    def positions(self, food_id: pd.Series) -> npt.NDArray[np.intp]:
        """Row of each food id in the table; -1 where unknown or missing."""
        if isinstance(food_id.dtype, pd.CategoricalDtype):
            # Look up the few categories, then index by the codes: no string hashing per row.
            by_code = np.append(self._of(food_id.cat.categories), -1)
            return np.asarray(by_code[food_id.cat.codes.to_numpy()], dtype=np.intp)
        codes, uniques = pd.factorize(food_id)
        by_unique = np.append(self._of(uniques), -1)  # code -1 (missing) -> -1
        return np.asarray(by_unique[codes], dtype=np.intp)


_LOOKUPS: weakref.WeakKeyDictionary[FoodTable, _FoodLookup] = weakref.WeakKeyDictionary()


def food_lookup(table: FoodTable) -> _FoodLookup:
    """The table's ids and contents as arrays (cached per table; the table is immutable)."""
    cached = _LOOKUPS.get(table)
    if cached is None:
        foods = table.foods
        ids = foods["food_id"].to_numpy(dtype=object)
        cached = _FoodLookup(
            {str(food_id): i for i, food_id in enumerate(ids)},
            foods["magnesium_mg_per_100g"].to_numpy(dtype=np.float64, na_value=np.nan),
            foods["calcium_mg_per_100g"].to_numpy(dtype=np.float64, na_value=np.nan),
            foods["description"].to_numpy(dtype=object),
        )
        _LOOKUPS[table] = cached
    return cached


# -- 1. per entry ----------------------------------------------------------------------------
def _take(values: npt.NDArray[np.float64], positions: npt.NDArray[np.intp]) -> Any:
    """``values[positions]`` with NaN where the position is -1."""
    out = np.append(values, np.nan)[positions]  # -1 picks the appended NaN
    return out


def _entry_nutrients_pandas(entries: pd.DataFrame, lookup: _FoodLookup) -> pd.DataFrame:
    for column in ("food_id", "grams"):
        if column not in entries.columns:
            raise InvalidLogError(f"resolved entries need a {column!r} column", column=column)
    positions = lookup.positions(entries["food_id"])
    grams = entries["grams"].to_numpy(dtype=np.float64, na_value=np.nan)
    unknown_food = positions < 0
    no_grams = np.isnan(grams)
    with np.errstate(invalid="ignore"):
        negative = grams < 0
    unresolved = unknown_food | no_grams | negative
    usable = np.where(unresolved, np.nan, grams)
    reason_codes = np.select([unknown_food, no_grams, negative], [0, 1, 2], default=-1)
    out = entries.copy(deep=False)
    out["grams"] = usable
    out["magnesium_mg"] = usable * _take(lookup.magnesium_per_100g, positions) / 100.0
    out["calcium_mg"] = usable * _take(lookup.calcium_per_100g, positions) / 100.0
    out["status"] = pd.Categorical.from_codes(
        unresolved.astype(np.int8), categories=pd.Index(STATUS_CATEGORIES)
    )
    out["reason"] = pd.Categorical.from_codes(
        reason_codes.astype(np.int8), categories=pd.Index(REASON_CATEGORIES)
    )
    return out


def entry_nutrients(entries: Any, table: FoodTable | None = None) -> Any:
    """Magnesium and calcium of each resolved entry [mg], on pandas or Dask.

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
        ``magnesium_mg`` and ``calcium_mg`` [mg] (NaN where the food reports no value or
        the entry cannot be used: never 0), ``status`` (categorical ``"resolved"`` /
        ``"unresolved"``) and ``reason`` (categorical: ``"unknown food id"``,
        ``"grams unknown"``, ``"negative grams"``; NaN when resolved).

    Raises
    ------
    InvalidLogError
        If ``food_id`` or ``grams`` is missing.

    Notes
    -----
    content [mg] = grams [g] × content of the food [mg/100 g] / 100, looked up once per
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
    lookup = food_lookup(table if table is not None else FoodTable.default())
    if is_dask(entries):
        meta = _entry_nutrients_pandas(entries._meta, lookup)
        return entries.map_partitions(_entry_nutrients_pandas, lookup, meta=meta)
    return _entry_nutrients_pandas(entries, lookup)


# -- 2. decomposable sums per day ------------------------------------------------------------
def _group_codes(
    frame: pd.DataFrame, keys: Sequence[str]
) -> tuple[npt.NDArray[np.intp], dict[str, Any]]:
    """Group number of each row (groups sorted by the keys, missing keys last) and the
    key values of each group."""
    codes: list[npt.NDArray[np.intp]] = []
    levels: list[Any] = []
    for key in keys:
        code, level = pd.factorize(frame[key], sort=True, use_na_sentinel=False)
        codes.append(np.asarray(code, dtype=np.intp))
        levels.append(level)
    sizes = [max(len(level), 1) for level in levels]
    if float(np.prod(np.array(sizes, dtype=np.float64))) >= 2.0**62:
        raise ValueError("too many distinct key combinations to group")
    combined = np.zeros(len(frame), dtype=np.int64)
    for code, size in zip(codes, sizes, strict=True):
        combined = combined * size + code
    group, unique = pd.factorize(combined, sort=True)
    unique = np.asarray(unique, dtype=np.int64)
    values: dict[str, Any] = {}
    for key, level, size in zip(reversed(keys), reversed(levels), reversed(sizes), strict=True):
        values[key] = level.take(unique % size)
        unique = unique // size
    return np.asarray(group, dtype=np.intp), {key: values[key] for key in keys}


def _sum(group: npt.NDArray[np.intp], n: int, values: Any) -> npt.NDArray[np.float64]:
    return np.asarray(np.bincount(group, weights=values, minlength=n), dtype=np.float64)


def _count(group: npt.NDArray[np.intp], n: int, mask: Any) -> npt.NDArray[np.int64]:
    return np.bincount(group[mask], minlength=n).astype(np.int64)


def daily_partials(entries: pd.DataFrame, keys: Sequence[str] = ENTRY_KEYS) -> pd.DataFrame:
    """Decomposable sums per group of entries with their nutrients (pandas, one pass).

    Parameters
    ----------
    entries
        Entries with ``grams`` [g], ``magnesium_mg``, ``calcium_mg`` [mg] (NaN = unknown)
        and ``status``, as from :func:`entry_nutrients` or
        :func:`mgcalc.intake.resolve_entries`.
    keys
        Grouping columns.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by the keys (keys as columns), with the sums and counts
        of :data:`PARTIAL_COLUMNS`: sums of the known values and how many are known, grams
        of the entries whose magnesium (calcium) is known, and how many entries of unknown
        grams have a known magnesium (calcium). The supplement columns are 0. Partial
        frames of disjoint parts of a log add up, column by column, to the frame of the
        whole; :func:`finish_daily` turns them into totals and coverage.
    """
    group, key_values = _group_codes(entries, keys)
    n = len(next(iter(key_values.values()))) if key_values else 0
    grams = entries["grams"].to_numpy(dtype=np.float64, na_value=np.nan)
    magnesium = entries["magnesium_mg"].to_numpy(dtype=np.float64, na_value=np.nan)
    calcium = entries["calcium_mg"].to_numpy(dtype=np.float64, na_value=np.nan)
    status = entries["status"]
    if isinstance(status.dtype, pd.CategoricalDtype):
        position = status.cat.categories.get_indexer(pd.Index(["unresolved"]))[0]
        unresolved = status.cat.codes.to_numpy() == position
    else:
        unresolved = (status == "unresolved").to_numpy(dtype=bool, na_value=False)
    g_known = ~np.isnan(grams)
    mg_known = ~np.isnan(magnesium)
    ca_known = ~np.isnan(calcium)
    grams0 = np.where(g_known, grams, 0.0)
    out = pd.DataFrame(key_values)
    out["magnesium_mg"] = _sum(group, n, np.where(mg_known, magnesium, 0.0))
    out["n_magnesium"] = _count(group, n, mg_known)
    out["calcium_mg"] = _sum(group, n, np.where(ca_known, calcium, 0.0))
    out["n_calcium"] = _count(group, n, ca_known)
    out["grams"] = _sum(group, n, grams0)
    out["n_grams"] = _count(group, n, g_known)
    out["magnesium_known_g"] = _sum(group, n, np.where(mg_known, grams0, 0.0))
    out["magnesium_known_no_g"] = _count(group, n, mg_known & ~g_known)
    out["calcium_known_g"] = _sum(group, n, np.where(ca_known, grams0, 0.0))
    out["calcium_known_no_g"] = _count(group, n, ca_known & ~g_known)
    out["n_entries"] = np.bincount(group, minlength=n).astype(np.int64)
    out["n_unresolved"] = _count(group, n, unresolved)
    for column in ("supplement_magnesium_mg", "medication_magnesium_mg", "supplement_calcium_mg"):
        out[column] = 0.0
    return out


def _supplement_partials(supplements: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """The supplement ledger as partial rows (food sums 0) with the dtypes of ``like``."""
    daily = supplement_daily(supplements).reset_index()
    out = pd.DataFrame({key: daily[key] for key in ENTRY_KEYS})
    for column in PARTIAL_COLUMNS:
        out[column] = daily[column] if column in daily.columns else 0
    return out.astype(like.dtypes.to_dict())


def _empty_partials(entries_meta: pd.DataFrame) -> pd.DataFrame:
    return daily_partials(entries_meta.iloc[:0])


# -- 3. finish ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _References:
    """Per person: UL, RDA and EAR [mg/day]; ``default`` for persons not listed."""

    by_person: Mapping[Hashable, tuple[float, float, float]]
    default: tuple[float, float, float]


def _values(refs: ReferenceValues | None) -> tuple[float, float, float]:
    """(UL, RDA, EAR) [mg/day]; NaN where none applies, the adult UL without a person."""
    if refs is None:
        return ADULT_UL_MG, np.nan, np.nan
    ul = np.nan if refs.magnesium_ul_mg is None else float(refs.magnesium_ul_mg)
    rda = np.nan if refs.magnesium_rda_mg is None else float(refs.magnesium_rda_mg)
    ear = np.nan if refs.magnesium_ear_mg is None else float(refs.magnesium_ear_mg)
    return ul, rda, ear


def _references(person: Person | Mapping[Hashable, Person] | None) -> _References:
    if person is None:
        return _References({}, _values(None))
    if isinstance(person, Mapping):
        return _References(
            {pid: _values(p.reference_values()) for pid, p in person.items()}, _values(None)
        )
    return _References({}, _values(person.reference_values()))


def _min_coverage(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"min_coverage={value!r} must be between 0 and 1")
    return float(value)


def partial_totals(partials: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Totals of known values and coverage per group, from summed partials.

    Parameters
    ----------
    partials
        One row per group with the sums of :data:`PARTIAL_COLUMNS` (see
        :func:`daily_partials`).
    keys
        The grouping columns (kept, first).

    Returns
    -------
    pandas.DataFrame
        Row for row with ``partials``: the keys, ``magnesium_mg`` and ``calcium_mg`` [mg]
        (sum of the known values; NaN if none is known), ``grams`` [g], ``coverage`` and
        ``calcium_coverage`` [0-1] (NaN for a group without entries), ``n_entries``,
        ``n_unresolved``: the columns of :func:`mgcalc.intake.totals`.

    Notes
    -----
    With ``mean`` the mean known grams of a group's entries (1 g if none is known),
    ``coverage = (Σ grams with known Mg + k_Mg × mean) / (Σ known grams + k × mean)``,
    where ``k`` counts the entries of unknown grams and ``k_Mg`` those among them whose
    magnesium is known: each entry of unknown grams weighs as much as the group's mean.
    """
    p = partials
    n_entries = p["n_entries"].to_numpy(dtype=np.int64)
    n_grams = p["n_grams"].to_numpy(dtype=np.float64)
    grams_sum = p["grams"].to_numpy(dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n_grams > 0, grams_sum / np.where(n_grams > 0, n_grams, 1.0), 1.0)
        weight = grams_sum + (n_entries - n_grams) * mean
        coverage = (
            p["magnesium_known_g"].to_numpy(dtype=np.float64)
            + p["magnesium_known_no_g"].to_numpy(dtype=np.float64) * mean
        ) / weight
        calcium_coverage = (
            p["calcium_known_g"].to_numpy(dtype=np.float64)
            + p["calcium_known_no_g"].to_numpy(dtype=np.float64) * mean
        ) / weight
    out = pd.DataFrame({key: p[key].array for key in keys}, index=pd.RangeIndex(len(p)))
    out["magnesium_mg"] = np.where(
        p["n_magnesium"].to_numpy() > 0, p["magnesium_mg"].to_numpy(dtype=np.float64), np.nan
    )
    out["calcium_mg"] = np.where(
        p["n_calcium"].to_numpy() > 0, p["calcium_mg"].to_numpy(dtype=np.float64), np.nan
    )
    out["grams"] = np.where(n_grams > 0, grams_sum, np.nan)
    out["coverage"] = np.where(n_entries > 0, coverage, np.nan)
    out["calcium_coverage"] = np.where(n_entries > 0, calcium_coverage, np.nan)
    out["n_entries"] = n_entries
    out["n_unresolved"] = p["n_unresolved"].to_numpy(dtype=np.int64)
    return out


def finish_daily(
    partials: pd.DataFrame,
    person: Person | Mapping[Hashable, Person] | None = None,
    ratio_range: RangeLike = "default",
    min_coverage: float = 0.9,
) -> pd.DataFrame:
    """The daily table from summed partials: totals, coverage, ratio, UL and references.

    Parameters
    ----------
    partials
        One row per person and day with the sums of :data:`PARTIAL_COLUMNS` (from
        :func:`daily_partials`, summed over partitions, plus supplement rows).
    person
        Whose days they are: a :class:`~mgcalc.references.Person` for everyone, a mapping
        person_id -> Person, or None (adult IOM UL of 350 mg/day, no RDA or EAR).
    ratio_range
        As in :func:`mgcalc.ratio.ratio_flags` (``"default"`` 2.2-3.2).
    min_coverage
        Below this coverage the Ca:Mg ratio is ``"indeterminate"`` [0-1].

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`DAILY_COLUMNS`, row for row with ``partials``: food
        ``magnesium_mg`` and ``calcium_mg`` [mg/day] (NaN when none is known),
        ``coverage`` and ``calcium_coverage`` [0-1], the supplemental ledger [mg/day]
        (0 on days without doses), the food and total Ca:Mg ratios and flags, the UL
        [mg/day] and ``ul_status`` (categorical, :data:`mgcalc.supplements.UL_STATUSES`)
        and ``ul_exceeded`` (supplements and medications only, never food), ``rda_mg``,
        ``ear_mg`` [mg/day] and ``pct_rda`` [%].

    Notes
    -----
    Totals and coverage as :func:`partial_totals` (the semantics of
    :func:`mgcalc.intake.totals`); the ratio flag of a day is ``"indeterminate"`` when the
    lower of its magnesium and calcium coverages is below ``min_coverage``.

    References
    ----------
    .. [1] IOM (1997). DRI for Calcium, Phosphorus, Magnesium, Vitamin D, and Fluoride.
       The magnesium UL covers pharmacological agents only (p. 242).
    """
    bounds = resolve_range(ratio_range)
    minimum = _min_coverage(min_coverage)
    refs = _references(person)
    p = partials
    out = partial_totals(partials, ENTRY_KEYS)
    index = out.index
    magnesium = out["magnesium_mg"].to_numpy()
    calcium = out["calcium_mg"].to_numpy()
    coverage = out["coverage"].to_numpy()
    calcium_coverage = out["calcium_coverage"].to_numpy()
    supplement = p["supplement_magnesium_mg"].to_numpy(dtype=np.float64)
    medication = p["medication_magnesium_mg"].to_numpy(dtype=np.float64)
    supplemental = supplement + medication
    supplement_calcium = p["supplement_calcium_mg"].to_numpy(dtype=np.float64)
    out["supplement_magnesium_mg"] = supplement
    out["medication_magnesium_mg"] = medication
    out["supplemental_magnesium_mg"] = supplemental
    out["supplement_calcium_mg"] = supplement_calcium
    both = pd.Series(np.fmin(coverage, calcium_coverage), index=index)
    both[np.isnan(coverage) | np.isnan(calcium_coverage)] = np.nan
    food_ratio = ratio_flags(
        pd.Series(calcium, index=index), pd.Series(magnesium, index=index), bounds, both,
        minimum,
    )  # fmt: skip
    out["ca_mg_ratio"] = food_ratio["ca_mg_ratio"]
    out["ratio_flag"] = food_ratio["ratio_flag"]
    total_magnesium = magnesium + supplemental
    total_calcium = calcium + supplement_calcium
    out["total_magnesium_mg"] = total_magnesium
    out["total_calcium_mg"] = total_calcium
    total_ratio = ratio_flags(
        pd.Series(total_calcium, index=index), pd.Series(total_magnesium, index=index), bounds,
        both, minimum,
    )  # fmt: skip
    out["total_ca_mg_ratio"] = total_ratio["ca_mg_ratio"]
    out["total_ratio_flag"] = total_ratio["ratio_flag"]
    ul, rda, ear = _per_person(out["person_id"], refs)
    out["ul_mg"] = ul
    status = ul_status(supplemental, ul)
    out["ul_status"] = status.array  # categorical, like the ratio flags
    out["ul_exceeded"] = (status == "over").to_numpy()
    out["rda_mg"] = rda
    out["ear_mg"] = ear
    with np.errstate(invalid="ignore"):
        out["pct_rda"] = total_magnesium * (100.0 / rda)
    return out


def _per_person(
    person_id: pd.Series, refs: _References
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    n = len(person_id)
    if not refs.by_person:
        return tuple(np.full(n, value, dtype=np.float64) for value in refs.default)  # type: ignore[return-value]
    codes, uniques = pd.factorize(person_id)
    table = np.array(
        [refs.by_person.get(pid, refs.default) for pid in uniques] + [refs.default],
        dtype=np.float64,
    ).reshape(-1, 3)
    rows = table[codes]  # code -1 (missing person) -> the default row
    return rows[:, 0].copy(), rows[:, 1].copy(), rows[:, 2].copy()


def totals(entries: Any, by: Sequence[str], split_out: int | None = None) -> Any:
    """Sums of known magnesium and calcium per group with their coverage, pandas or Dask.

    Parameters
    ----------
    entries
        Entries with ``grams`` [g], ``magnesium_mg``, ``calcium_mg`` [mg] (NaN = unknown)
        and ``status``: a pandas or a Dask DataFrame.
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


# -- the whole ----------------------------------------------------------------------------------
def daily_table(
    entries: Any,
    table: FoodTable | None = None,
    person: Person | Mapping[Hashable, Person] | None = None,
    ratio_range: RangeLike = "default",
    min_coverage: float = 0.9,
    supplements: pd.DataFrame | None = None,
    split_out: int | None = None,
) -> Any:
    """Daily magnesium and calcium per person with coverage, Ca:Mg flags and the UL check.

    Parameters
    ----------
    entries
        A pandas or Dask DataFrame with ``person_id``, ``date`` and either resolved
        entries — ``food_id`` and ``grams`` [g] — or entries with their nutrients already
        computed — ``grams`` [g], ``magnesium_mg``, ``calcium_mg`` [mg] and ``status``
        (the output of :func:`entry_nutrients` or :func:`mgcalc.intake.resolve_entries`).
    table
        The food table for ``food_id`` look-ups; the bundled USDA table by default.
    person
        A :class:`~mgcalc.references.Person` for everyone, a mapping person_id -> Person,
        or None (adult IOM UL, no RDA or EAR).
    ratio_range
        ``"default"`` (2.2-3.2), ``"costello2021"`` (1.70-2.60), a ``(low, high)`` tuple or
        a :class:`~mgcalc.ratio.RatioRange` (mass basis).
    min_coverage
        Below this coverage a day's Ca:Mg ratio is ``"indeterminate"`` [0-1].
    supplements
        The supplement and medication ledger (:attr:`mgcalc.FoodLog.supplements`
        columns: person_id, date, source, magnesium_mg, calcium_mg [mg/day]); a pandas
        DataFrame, also with Dask entries. Days with doses but no food appear too.
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
        If a needed column is missing, or the supplement ledger is invalid.
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
    _min_coverage(min_coverage)
    resolve_range(ratio_range)
    meta_columns = entries.columns
    missing = [key for key in ENTRY_KEYS if key not in meta_columns]
    if missing:
        raise InvalidLogError(f"entries need a {missing[0]!r} column", column=missing[0])
    computed = all(c in meta_columns for c in ("magnesium_mg", "calcium_mg", "status", "grams"))
    with_nutrients = entries if computed else entry_nutrients(entries, table)
    if is_dask(entries):
        return _daily_table_dask(
            with_nutrients, person, ratio_range, min_coverage, supplements, split_out
        )
    partials = daily_partials(with_nutrients)
    if supplements is not None and len(supplements):
        extra = _supplement_partials(supplements, partials)
        both = pd.concat([partials, extra], ignore_index=True)
        partials = both.groupby(list(ENTRY_KEYS), sort=True, as_index=False).sum()
    return finish_daily(partials, person, ratio_range, min_coverage)


def _daily_table_dask(
    entries: Any,
    person: Person | Mapping[Hashable, Person] | None,
    ratio_range: RangeLike,
    min_coverage: float,
    supplements: pd.DataFrame | None,
    split_out: int | None,
) -> Any:
    import dask.dataframe as dd

    meta = _empty_partials(entries._meta)
    partials = entries.map_partitions(daily_partials, meta=meta)
    if supplements is not None and len(supplements):
        extra = dd.from_pandas(  # type: ignore[no-untyped-call]
            _supplement_partials(supplements, meta), npartitions=1
        )
        partials = dd.concat([partials, extra])  # type: ignore[no-untyped-call]
    n_out = split_out if split_out is not None else max(1, entries.npartitions // 4)
    summed = (
        partials.groupby(list(ENTRY_KEYS), sort=False)[list(PARTIAL_COLUMNS)]
        .sum(split_out=n_out)
        .reset_index()
    )
    finish_meta = finish_daily(meta, person, ratio_range, min_coverage)
    return summed.map_partitions(
        finish_daily, person, ratio_range, min_coverage, meta=finish_meta, align_dataframes=False
    )
