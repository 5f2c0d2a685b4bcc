"""The vectorised core: entries -> grams -> magnesium and calcium -> totals with coverage.

Every function here is a pure function over DataFrames. Per-row Python is confined to
the *distinct* texts and (food, unit) pairs of a log, which are few; everything that
scales with the number of entries is a column operation.

Semantics
---------
- A food whose source reports no magnesium contributes *unknown* (NaN), never 0.
- Totals are sums of the known values; ``coverage`` is the share of the entries, weighted
  by grams, whose value is known. An entry whose grams are unknown (it could not be
  resolved) weighs as much as the average entry of its group, so an unresolved line lowers
  coverage instead of vanishing. A group with no known value has a total of NaN.
- Rows are conserved: every input entry is in the output, resolved or with its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from mgcalc.cohort import food_lookup
from mgcalc.cohort import totals as cohort_totals
from mgcalc.errors import MgcalcError
from mgcalc.foods import VOLUME_UNITS_ML, FoodTable
from mgcalc.parse import parse_lines
from mgcalc.resolve import Resolver, normalise_key, split_preparation

__all__ = [
    "DAY_KEYS",
    "MEAL_KEYS",
    "daily_totals",
    "meal_totals",
    "nutrient_mg",
    "resolve_entries",
    "top_sources",
    "totals",
]

DAY_KEYS: Final = ("person_id", "date")

REPORTING_SOURCES: Final = frozenset(
    {"cronometer", "cronometer_supplement", "cronometer_daily", "myfitnesspal"}
)
"""Log sources whose rows carry their own per-entry nutrient values (blank = unknown)."""

ALTERNATIVE_MARGIN: Final = 10.0
"""How far below the best match (in score points) an alternative may be and still be used
when the best one cannot convert the amount."""
MEAL_KEYS: Final = ("person_id", "date", "meal")


def nutrient_mg(grams: pd.Series, per_100g: pd.Series) -> pd.Series:
    """Nutrient in each entry [mg]: grams [g] × content [mg/100 g] / 100; NaN where unknown."""
    return grams * per_100g / 100.0


def _grams_per_unit(table: FoodTable, pairs: pd.DataFrame) -> tuple[list[float], list[str | None]]:
    """Grams in one unit for each distinct (food_id, unit) pair, or the reason it fails."""
    grams: list[float] = []
    reasons: list[str | None] = []
    for food_id, unit in zip(pairs["food_id"], pairs["unit"], strict=True):
        try:
            if unit is None or unit == "default":
                value = table.grams(food_id)
            else:
                text = str(unit).replace("extra large", "extra_large")
                first, *rest = text.replace("extra small", "extra_small").split()
                value = table.grams_per_unit(food_id, first, rest, str(unit))
        except MgcalcError as exc:
            grams.append(np.nan)
            reasons.append(str(exc))
        else:
            grams.append(value)
            reasons.append(None)
    return grams, reasons


def resolve_entries(
    entries: pd.DataFrame,
    table: FoodTable | None = None,
    resolver: Resolver | None = None,
) -> pd.DataFrame:
    """Resolve each entry to a food and grams, and compute its magnesium and calcium.

    Parameters
    ----------
    entries
        A :attr:`mgcalc.FoodLog.entries` frame (see :data:`mgcalc.log.ENTRY_COLUMNS`).
    table
        The food table; the bundled USDA table by default.
    resolver
        Matches food texts (and carries pins and the weak-match threshold); a new
        :class:`~mgcalc.resolve.Resolver` over ``table`` by default.

    Returns
    -------
    pandas.DataFrame
        One row per entry, in order, with the log's columns plus ``food_text``,
        ``description``, ``match_score``, ``alternatives``, ``grams`` [g],
        ``magnesium_mg`` and ``calcium_mg`` [mg] (NaN = unknown), ``status``
        (``"resolved"`` or ``"unresolved"``), ``reason`` (why unresolved) and ``flags``
        (``;``-separated notes such as ``no_amount`` or ``range_midpoint``).
    """
    table = table if table is not None else FoodTable.default()
    resolver = resolver if resolver is not None else Resolver(table)
    out = entries.reset_index(drop=True).copy()
    n = len(out)
    parsed = parse_lines(out["text"].astype(object))
    explicit = out["amount"].notna()
    # Rows from an export that reports nutrients per entry use those values as given, even
    # when both cells are blank (then the values are unknown), and are never re-matched.
    reported = (
        out["reported_magnesium_mg"].notna()
        | out["reported_calcium_mg"].notna()
        | out["source"].isin(REPORTING_SOURCES)
    )

    out["food_text"] = parsed["food_text"].where(
        parsed["food_text"].notna() & (parsed["food_text"] != ""), out["text"]
    )
    split = out["food_text"].map(split_preparation)
    search_text = split.str[0]
    preparation = split.str[1]
    amount = out["amount"].where(explicit, parsed["amount"])
    unit = out["unit"].where(explicit & out["unit"].notna(), None)
    unit = unit.where(~explicit | unit.notna(), "each").where(explicit, parsed["unit"])
    flags = parsed["flags"].map(lambda f: list(f) if isinstance(f, tuple) else [])
    flags[explicit] = flags[explicit].map(lambda f: [x for x in f if x != "no_amount"])
    reason = pd.Series(
        parsed["error"].where(~explicit & ~reported & parsed["error"].notna(), None),
        dtype=object,
    )

    # -- which food ---------------------------------------------------------------------
    lookup = food_lookup(table)
    if resolver.pins:  # a pin may name the whole line as shown, amount included
        whole_line = out["text"].map(lambda t: resolver.pins.get(normalise_key(str(t))))
        out["food_id"] = out["food_id"].where(out["food_id"].notna(), whole_line)
    pinned = out["food_id"].notna()
    known_pin = pd.Series(lookup.positions(out["food_id"]) >= 0, index=out.index)
    reason = reason.where(
        ~(pinned & ~known_pin) | reason.notna(),
        "unknown food id " + out["food_id"].astype(str),
    )
    food_id = out["food_id"].where(pinned & known_pin, None).astype(object)
    description = pd.Series([None] * n, dtype=object)
    score = pd.Series(np.where(pinned & known_pin, 100.0, np.nan))
    alternatives = pd.Series([()] * n, dtype=object)
    to_match = ~pinned & reason.isna() & ~reported
    if to_match.any():
        matched = resolver.resolve_many(search_text[to_match].astype(str))
        matched.index = out.index[to_match]
        food_id[to_match] = matched["food_id"]
        score[to_match] = matched["match_score"]
        alternatives[to_match] = matched["alternatives"]
        match_reason = matched["match_reason"]
        weak = match_reason.notna() & ~reported[to_match]
        reason[weak[weak].index] = match_reason[weak]
    has_food = food_id.notna()

    # -- grams --------------------------------------------------------------------------
    negative = amount < 0
    reason = reason.where(~(negative & reason.isna()), "negative amount")
    no_amount = amount.isna() & has_food & reason.isna() & ~reported
    flags[no_amount] = flags[no_amount].map(
        lambda f: [*f, "no_amount", "default_portion"] if "no_amount" not in f else
        [*f, "default_portion"]
    )  # fmt: skip
    unit = unit.where(~no_amount, "default")
    amount = amount.where(~no_amount, 1.0)
    needs_grams = has_food & reason.isna() & out["reported_grams"].isna()
    grams = out["reported_grams"].astype("float64").copy()
    if needs_grams.any():
        keys = pd.DataFrame(
            {"food_id": food_id[needs_grams], "unit": unit[needs_grams].astype(object)}
        )
        keys["unit"] = keys["unit"].where(keys["unit"].notna(), "each")
        # "1 cup, chopped": the cut picks the matching volume portion.
        prep = preparation[needs_grams].map(" ".join)
        is_volume = keys["unit"].isin(list(VOLUME_UNITS_ML)) & (prep != "")
        keys.loc[is_volume, "unit"] = keys.loc[is_volume, "unit"] + " " + prep[is_volume]
        # "1 tilapia fillet": the fillet is the count.
        fillet = (keys["unit"] == "each") & prep.str.contains("fil", regex=False)
        keys.loc[fillet, "unit"] = "fillet"
        pairs = keys.drop_duplicates().reset_index(drop=True)
        per_unit, why = _grams_per_unit(table, pairs)
        pairs["per_unit"] = per_unit
        pairs["why"] = why
        joined = keys.merge(pairs, on=["food_id", "unit"], how="left")
        joined.index = keys.index
        grams[needs_grams] = amount[needs_grams] * joined["per_unit"]
        failed = joined["why"].notna()
        reason[failed[failed].index] = joined.loc[failed, "why"]
        # A matched food that cannot take the amount ("1 cup" of a food with no cup) gives
        # way to an alternative that scored almost as well and can.
        # Decided once per distinct (food, unit, score, alternatives), not once per entry.
        retry = failed[failed & ~pinned[failed.index]].index
        pair_grams: dict[tuple[str, str], tuple[float, str | None]] = {}
        decided: dict[tuple[Any, ...], tuple[str, float, float] | None] = {}
        changed: list[Any] = []
        new_id: list[str] = []
        new_score: list[float] = []
        new_per_unit: list[float] = []
        for index, unit_text, best, alts in zip(
            retry, keys.loc[retry, "unit"], score[retry], alternatives[retry], strict=True
        ):
            key = (unit_text, best, tuple(alts))
            if key not in decided:
                decided[key] = None
                for alt_id, _alt_description, alt_score in alts:
                    if alt_score < best - ALTERNATIVE_MARGIN:
                        break
                    if (alt_id, unit_text) not in pair_grams:
                        per_unit, why = _grams_per_unit(
                            table, pd.DataFrame({"food_id": [alt_id], "unit": [unit_text]})
                        )
                        pair_grams[(alt_id, unit_text)] = (per_unit[0], why[0])
                    alt_grams, alt_why = pair_grams[(alt_id, unit_text)]
                    if alt_why is None:
                        decided[key] = (alt_id, alt_score, alt_grams)
                        break
            choice = decided[key]
            if choice is not None:
                changed.append(index)
                new_id.append(choice[0])
                new_score.append(choice[1])
                new_per_unit.append(choice[2])
        if changed:
            rows = food_id.index.isin(changed)
            food_id[changed] = new_id
            score[rows] = np.asarray(new_score)
            grams[changed] = amount[changed].to_numpy() * np.asarray(new_per_unit)
            reason = reason.where(~rows, None)
            flags[changed] = flags[changed].map(lambda f: [*f, "alternative_for_portion"])

    has_food = food_id.notna()
    position = lookup.positions(food_id)  # -1 where no food
    description[has_food] = lookup.description[position[has_food.to_numpy()]]

    # -- nutrients ----------------------------------------------------------------------
    known = position >= 0
    mg_per_100g = pd.Series(
        np.where(known, lookup.magnesium_per_100g[position], np.nan), index=out.index
    )
    ca_per_100g = pd.Series(
        np.where(known, lookup.calcium_per_100g[position], np.nan), index=out.index
    )
    unresolved = reason.notna()
    magnesium = nutrient_mg(grams, mg_per_100g).where(~unresolved)
    calcium = nutrient_mg(grams, ca_per_100g).where(~unresolved)
    out["reported_magnesium_mg"] = out["reported_magnesium_mg"].astype("float64")
    magnesium = out["reported_magnesium_mg"].where(reported, magnesium)
    calcium = out["reported_calcium_mg"].where(reported, calcium)
    unresolved &= ~reported
    # An exported row with both cells blank has no value to use: list it with its reason.
    nothing = reported & magnesium.isna() & calcium.isna()
    reason = reason.where(~nothing, "the export reports no magnesium or calcium for this entry")
    unresolved |= nothing
    food_unknown_mg = ~unresolved & magnesium.isna()
    flags[food_unknown_mg] = flags[food_unknown_mg].map(lambda f: [*f, "magnesium_not_reported"])

    out["food_id"] = food_id
    out["description"] = description
    out["match_score"] = score
    out["alternatives"] = alternatives
    out["amount"] = amount.where(~unresolved | explicit, out["amount"])
    out["unit"] = unit
    out["grams"] = grams.where(~unresolved)
    out["magnesium_mg"] = magnesium
    out["calcium_mg"] = calcium
    out["status"] = np.where(unresolved, "unresolved", "resolved")
    out["reason"] = reason.where(unresolved, None)
    out["flags"] = flags.map(";".join)
    return out


def totals(entries: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Sums of known magnesium and calcium per group, with their coverage.

    Parameters
    ----------
    entries
        Resolved entries (:func:`resolve_entries`): grams [g], magnesium_mg and
        calcium_mg [mg] (NaN = unknown), status.
    by
        Grouping columns (``("person_id", "date")``).

    Returns
    -------
    pandas.DataFrame
        One row per group (keys as columns): ``magnesium_mg`` and ``calcium_mg``
        [mg] (sum of the known values; NaN if none is known), ``grams`` [g],
        ``coverage`` and ``calcium_coverage`` (share of the group's entries, weighted by
        grams, whose value is known; 0-1), ``n_entries``, ``n_unresolved``.

    Notes
    -----
    One pass of sums and counts per group (:func:`mgcalc.cohort.totals`); a Dask
    DataFrame is accepted too and gives a lazy Dask result, aggregated partition by
    partition.
    """
    out: pd.DataFrame = cohort_totals(entries, by)
    return out


def daily_totals(entries: pd.DataFrame) -> pd.DataFrame:
    """:func:`totals` per person and day."""
    return totals(entries, DAY_KEYS)


def meal_totals(entries: pd.DataFrame) -> pd.DataFrame:
    """:func:`totals` per person, day and meal (entries with no meal form their own group)."""
    return totals(entries, MEAL_KEYS)


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
