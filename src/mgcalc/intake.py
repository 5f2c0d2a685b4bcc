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
from typing import Final

import numpy as np
import pandas as pd

from mgcalc.errors import MgcalcError
from mgcalc.foods import VOLUME_UNITS_ML, FoodTable
from mgcalc.parse import parse_lines
from mgcalc.resolve import Resolver, split_preparation

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
    reported = out["reported_magnesium_mg"].notna() | out["reported_calcium_mg"].notna()

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
    pinned = out["food_id"].notna()
    known_pin = out["food_id"].isin(table.foods["food_id"])
    reason = reason.where(
        ~(pinned & ~known_pin) | reason.notna(),
        "unknown food id " + out["food_id"].astype(str),
    )
    food_id = out["food_id"].where(pinned & known_pin, None).astype(object)
    description = pd.Series([None] * n, dtype=object)
    score = pd.Series(np.where(pinned & known_pin, 100.0, np.nan))
    alternatives = pd.Series([()] * n, dtype=object)
    to_match = ~pinned & reason.isna()
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
        for index in failed[failed & ~pinned[failed.index]].index:
            for alt_id, _alt_description, alt_score in alternatives[index]:
                if alt_score < score[index] - ALTERNATIVE_MARGIN:
                    break
                per_unit, why = _grams_per_unit(
                    table, pd.DataFrame({"food_id": [alt_id], "unit": [keys.at[index, "unit"]]})
                )
                if why[0] is None:
                    food_id[index] = alt_id
                    score[index] = alt_score
                    grams[index] = amount[index] * per_unit[0]
                    reason[index] = None
                    flags[index] = [*flags[index], "alternative_for_portion"]
                    break

    has_food = food_id.notna()
    descriptions = table.foods.set_index("food_id")["description"]
    description[has_food] = food_id[has_food].map(descriptions)

    # -- nutrients ----------------------------------------------------------------------
    foods = table.foods.set_index("food_id")
    mg_per_100g = food_id.map(foods["magnesium_mg_per_100g"]).astype("float64")
    ca_per_100g = food_id.map(foods["calcium_mg_per_100g"]).astype("float64")
    unresolved = reason.notna()
    magnesium = nutrient_mg(grams, mg_per_100g).where(~unresolved)
    calcium = nutrient_mg(grams, ca_per_100g).where(~unresolved)
    out["reported_magnesium_mg"] = out["reported_magnesium_mg"].astype("float64")
    magnesium = out["reported_magnesium_mg"].where(reported, magnesium)
    calcium = out["reported_calcium_mg"].where(reported, calcium)
    unresolved &= ~reported
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
    """
    keys = list(by)
    grams = entries["grams"].astype("float64")
    group_mean = grams.groupby([entries[k] for k in keys], dropna=False).transform("mean")
    # Weights for coverage only: an entry of unknown weight counts as its group's mean.
    weight = grams.fillna(group_mean).fillna(1.0)
    work = pd.DataFrame(
        {
            **{k: entries[k] for k in keys},
            "magnesium_mg": entries["magnesium_mg"],
            "calcium_mg": entries["calcium_mg"],
            "grams": grams,
            "weight": weight,
            "mg_known_w": weight.where(entries["magnesium_mg"].notna(), 0.0),
            "ca_known_w": weight.where(entries["calcium_mg"].notna(), 0.0),
            "unresolved": (entries["status"] == "unresolved").astype("int64"),
        }
    )
    grouped = work.groupby(keys, dropna=False, sort=True)
    out = pd.DataFrame(
        {
            "magnesium_mg": grouped["magnesium_mg"].sum(min_count=1),
            "calcium_mg": grouped["calcium_mg"].sum(min_count=1),
            "grams": grouped["grams"].sum(min_count=1),
            "weight": grouped["weight"].sum(),
            "mg_known_w": grouped["mg_known_w"].sum(),
            "ca_known_w": grouped["ca_known_w"].sum(),
            "n_entries": grouped.size(),
            "n_unresolved": grouped["unresolved"].sum(),
        }
    )
    out["coverage"] = out["mg_known_w"] / out["weight"]
    out["calcium_coverage"] = out["ca_known_w"] / out["weight"]
    out = out.drop(columns=["weight", "mg_known_w", "ca_known_w"]).reset_index()
    columns = [*keys, "magnesium_mg", "calcium_mg", "grams", "coverage", "calcium_coverage"]
    return out[[*columns, "n_entries", "n_unresolved"]]


def daily_totals(entries: pd.DataFrame) -> pd.DataFrame:
    """:func:`totals` per person and day."""
    return totals(entries, DAY_KEYS)


def meal_totals(entries: pd.DataFrame) -> pd.DataFrame:
    """:func:`totals` per person, day and meal (entries with no meal form their own group)."""
    return totals(entries, MEAL_KEYS)


def top_sources(entries: pd.DataFrame, n: int = 10, by: str = "food_id") -> pd.DataFrame:
    """The foods that give the most magnesium over all entries [mg], with their share."""
    known = entries[entries["magnesium_mg"].notna()]
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
