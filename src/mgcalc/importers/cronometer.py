"""Cronometer exports: "Food & Recipe Entries" (``servings.csv``) and "Daily Nutrition".

Columns are found by their header, never by position: exports differ by account and by
year (with or without ``Time``, ``Group`` and ``Category``; un-padded legacy dates;
12- or 24-hour times; nutrient sets that add or drop columns; µg and IU units). Only
``Magnesium`` and ``Calcium`` are read from the nutrient columns; the others are left
alone. Values are per diary entry, already scaled to the amount eaten, so they are taken
as given. **A blank cell means unknown, never 0**: other parsers turn Cronometer's blank
magnesium cells (11-72 % of rows in real exports) into 0 and report Ca:Mg ratios of 14
to 57; here they stay unknown and lower the day's coverage instead.

References
----------
.. [1] mgcalc import-formats notes, §1 "Cronometer exports" (headers of the 2012-2016,
   2020, 2022 and 2025 servings exports and the 2025/2026 Daily Nutrition export,
   with their measured blank rates).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final, Literal

import numpy as np
import pandas as pd

from mgcalc.errors import InvalidLogError, UnknownOptionError
from mgcalc.importers._common import (
    bad_rows,
    find_column,
    iso_dates,
    numbers,
    nutrient_column,
    read_table,
    read_text,
    times,
    with_sources,
)
from mgcalc.log import DEFAULT_PERSON, FoodLog

__all__ = ["read_cronometer", "read_cronometer_daily"]

SupplementChoice = Literal["food", "ledger"]

SUPPLEMENTS_CATEGORY: Final = "supplements"
DAILY_TEXT: Final = "Cronometer daily total"

_AMOUNT: Final = re.compile(
    r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?:x\s*(?P<m>\d+(?:\.\d+)?)\s*)?(?P<measure>.*?)\s*$"
)
_PAREN_QUANTITY: Final = re.compile(
    r"\((?P<q>\d+(?:\.\d+)?)\s*(?P<unit>g|kg|oz|lb|ml|l|fl oz|cup|cups|tbsp|tsp)\)"
)


def _nutrient_values(frame: pd.DataFrame, nutrient: str) -> tuple[pd.Series, bool]:
    """A nutrient per row [mg] (NaN where blank), and whether the file has the column."""
    found = nutrient_column(frame, nutrient)
    if found is None:
        return pd.Series(np.nan, index=range(len(frame)), dtype="float64"), False
    column, factor = found
    values = numbers(frame[column], column)
    return values * (1.0 if np.isnan(factor) else factor), True


def _required(frame: pd.DataFrame, what: str, *names: str) -> str:
    column = find_column(frame, *names)
    if column is None:
        raise InvalidLogError(
            f"no {names[0]!r} column: this is not a Cronometer {what} export "
            f"(its columns are: {', '.join(map(str, frame.columns[:12]))})",
            names[0],
        )
    return column


def _optional_text(frame: pd.DataFrame, name: str) -> pd.Series:
    column = find_column(frame, name)
    if column is None:
        return pd.Series([None] * len(frame), dtype=object)
    values = frame[column].reset_index(drop=True).astype(object)
    return values.where(values != "", None)


def split_amount(amount: str) -> tuple[float, str | None]:
    """Cronometer's ``Amount`` text as a number and unit, for looking a food up by name.

    ``"600.00 g"`` -> (600, "g"); ``"2.00 x 20.0 pieces"`` -> (40, "pieces");
    ``"1.00 shake (11 fl oz)"`` -> (11, "fl oz"); ``"1.00 whole - 3 1/2\" diameter"``
    -> (1, "whole"). Text without a leading number gives (NaN, None).

    Only used when the export has no nutrient columns: otherwise the values are already
    scaled to the amount and the ``Amount`` text is kept as it is.
    """
    match = _AMOUNT.match(amount)
    if match is None:
        return float("nan"), None
    number = float(match["n"]) * (float(match["m"]) if match["m"] else 1.0)
    measure = match["measure"]
    inner = _PAREN_QUANTITY.search(measure)
    if inner is not None:
        return number * float(inner["q"]), inner["unit"]
    measure = re.split(r"\s+-\s+|,|\(", measure, maxsplit=1)[0].strip()
    return number, measure or None


def read_cronometer(
    path: str | Path,
    *,
    supplements: SupplementChoice = "food",
    person_id: str = DEFAULT_PERSON,
    dayfirst: bool | None = None,
) -> FoodLog:
    """A food log from Cronometer's "Food & Recipe Entries" export (``servings.csv``).

    Parameters
    ----------
    path
        The CSV file. UTF-8 (with or without BOM) or Latin-1.
    dayfirst
        Cronometer writes dates in the account's locale: ISO, ``1/27/2026`` (US) or
        ``27/01/2026``. The order is decided once from the whole file; pass True
        (day/month) or False (month/day) when every date fits both.
    supplements
        What to do with rows whose ``Category`` is ``Supplements``: ``"food"`` (the
        default) keeps them as food entries, because Cronometer files fortified shakes
        and drinks there too; ``"ledger"`` moves each one whose magnesium is given to the
        supplement ledger as an elemental dose (so it counts towards the upper limit).
        Either way the choice is visible: such rows kept as food have the source
        ``"cronometer_supplement"``; under ``"ledger"``, a row whose magnesium cell is
        blank cannot be counted as a dose, so it stays food with that source.
    person_id
        Whose log it is.

    Returns
    -------
    FoodLog
        One entry per row (or one supplement dose, see ``supplements``): ``text`` is the
        ``Food Name``; ``unit`` holds the ``Amount`` text as exported (``"1.00 x 0.75
        cup"``) with ``amount`` NaN, since the values are already scaled to it;
        ``meal`` is the ``Group``; ``time`` is 24-hour ``"HH:MM"``;
        ``reported_magnesium_mg`` and ``reported_calcium_mg`` [mg] are the export's
        values (NaN where the cell is blank); ``source`` is ``"cronometer"``.
        A row with both cells blank is unknown: :func:`mgcalc.analyze` lists it as
        unresolved ("the export reports no magnesium or calcium for this entry"), never
        looks it up and never counts it as 0.
        An export with neither a ``Magnesium`` nor a ``Calcium`` column is read for its
        foods and amounts only; they are looked up in mgcalc's food table by name,
        and the rows have the source ``"cronometer_lookup"``.

    Raises
    ------
    InvalidLogError
        If ``Day`` or ``Food Name`` is missing, or cells cannot be read (an unreadable
        date or time, a non-numeric nutrient cell); every bad row is named at once.
    UnknownOptionError
        If ``supplements`` is not ``"food"`` or ``"ledger"``.

    Examples
    --------
    With a file exported from Cronometer (Settings > Export Data > Food & Recipe Entries)::

        import mgcalc as mg
        log = mg.read_cronometer("servings.csv")
        mg.analyze(log, mg.Person(age=34, sex="female")).daily
    """
    if supplements not in ("food", "ledger"):
        raise UnknownOptionError("supplements", supplements, ("food", "ledger"))
    frame = read_table(read_text(path), Path(path).name)
    if find_column(frame, "Food Name") is None and find_column(frame, "Date") is not None:
        raise InvalidLogError(
            "this looks like a Daily Nutrition export (a Date column, no Food Name); "
            "read it with read_cronometer_daily",
            "Food Name",
        )
    day = _required(frame, "servings", "Day", "Date")
    name = _required(frame, "servings", "Food Name")
    n = len(frame)
    dates = iso_dates(frame[day], day, dayfirst)
    names = frame[name].reset_index(drop=True)
    empty = names == ""
    if empty.any():
        raise InvalidLogError("empty food name", name, bad_rows(empty))
    time_column = find_column(frame, "Time")
    clock = times(frame[time_column], time_column) if time_column else [None] * n
    magnesium, has_mg = _nutrient_values(frame, "Magnesium")
    calcium, has_ca = _nutrient_values(frame, "Calcium")
    amount_text = _optional_text(frame, "Amount")
    category = _optional_text(frame, "Category")
    is_supplement = (
        category.map(lambda c: c is not None and c.strip().casefold() == SUPPLEMENTS_CATEGORY)
        .astype(bool)
        .to_numpy()
    )
    entries = pd.DataFrame(
        {
            "date": dates,
            "meal": _optional_text(frame, "Group"),
            "time": pd.Series(clock, dtype=object),
            "text": names,
            "person_id": person_id,
        }
    )
    if not (has_mg or has_ca):
        split = [split_amount(a) if a else (np.nan, None) for a in amount_text]
        entries["amount"] = [a for a, _ in split]
        entries["unit"] = pd.Series([u for _, u in split], dtype=object)
        return FoodLog.from_frame(entries, source="cronometer_lookup")

    entries["reported"] = True  # the export's values are used as given, never re-matched

    entries["amount"] = np.nan
    entries["unit"] = amount_text
    entries["reported_magnesium_mg"] = magnesium
    entries["reported_calcium_mg"] = calcium
    to_ledger = is_supplement & magnesium.notna().to_numpy() & (supplements == "ledger")
    log = FoodLog.from_frame(entries[~to_ledger].reset_index(drop=True), source="cronometer")
    kept_supplement = is_supplement[~to_ledger]
    log = with_sources(
        log, np.where(kept_supplement, "cronometer_supplement", "cronometer").tolist()
    )
    for row in entries[to_ledger].to_dict("records"):
        ca = float(row["reported_calcium_mg"])
        log.add_supplement(  # the export's amounts are declared: no name is read for them
            str(row["text"]),
            magnesium_mg=float(row["reported_magnesium_mg"]),
            calcium_mg=None if np.isnan(ca) else ca,
            date=row["date"],
            time=None if row["time"] is None else str(row["time"]),
            person_id=person_id,
        )
    return log


def read_cronometer_daily(
    path: str | Path, *, person_id: str = DEFAULT_PERSON, dayfirst: bool | None = None
) -> FoodLog:
    """A food log from Cronometer's "Daily Nutrition" export: one entry per day.

    Parameters
    ----------
    path
        The CSV file (``dailySummary.csv``).
    dayfirst
        As in :func:`read_cronometer`.
    person_id
        Whose log it is.

    Returns
    -------
    FoodLog
        One entry per day, ``text`` ``"Cronometer daily total"``, with the day's
        ``Magnesium`` and ``Calcium`` as given [mg] (NaN where blank) and ``source``
        ``"cronometer_daily"``. A day whose ``Completed`` cell is ``false`` (the diary
        was not marked complete, so it may be partial) is kept, and its text says so:
        ``"Cronometer daily total (day not marked completed)"``. Exports with a
        ``Group`` column: a day's ``Total`` row is used and its per-group rows (parts of
        that total) are not; a day without a ``Total`` row keeps one entry per group,
        with ``meal`` set to the group. Coverage of a day is by entry, so a daily total
        counts as one entry.

    Raises
    ------
    InvalidLogError
        If ``Date`` is missing, a date is unreadable or a nutrient cell is not a number.
    """
    frame = read_table(read_text(path), Path(path).name)
    if find_column(frame, "Food Name") is not None:
        raise InvalidLogError(
            "this looks like a Food & Recipe Entries export (it has Food Name); "
            "read it with read_cronometer",
            "Date",
        )
    day = _required(frame, "Daily Nutrition", "Date", "Day")
    dates = iso_dates(frame[day], day, dayfirst)
    magnesium, _ = _nutrient_values(frame, "Magnesium")
    calcium, _ = _nutrient_values(frame, "Calcium")
    group = _optional_text(frame, "Group")
    is_total = group.map(lambda g: g is not None and g.casefold() == "total").astype(bool)
    day_has_total = is_total.groupby(dates).transform("any")
    keep = (is_total | ~day_has_total).to_numpy()
    completed = _optional_text(frame, "Completed").map(
        lambda c: c is None or c.strip().casefold() not in {"false", "no", "0"}
    )
    text = np.where(completed, DAILY_TEXT, f"{DAILY_TEXT} (day not marked completed)")
    per_group = group.notna() & ~is_total
    text = np.where(per_group, [f"{t} ({g})" for t, g in zip(text, group, strict=True)], text)
    entries = pd.DataFrame(
        {
            "date": dates,
            "meal": group.where(per_group, None),
            "text": text,
            "person_id": person_id,
            "reported_magnesium_mg": magnesium,
            "reported_calcium_mg": calcium,
            "reported": True,
        }
    )[keep].reset_index(drop=True)
    return FoodLog.from_frame(entries, source="cronometer_daily")
