"""MyFitnessPal's "Nutrition Summary" export (Premium): one row per meal, calcium only.

The export has **no magnesium column** and no food names, so an import of it can carry
calcium only: its magnesium coverage is 0 and its Ca:Mg ratio is indeterminate. Combine
it with another source of magnesium (a Cronometer export, a logged week) to get one.

References
----------
.. [1] mgcalc import-formats notes, §2 "MyFitnessPal export" (header confirmed by four
   independent parser fixtures; BOM, quoted thousands and a trailing Totals row).
.. [2] 21 CFR 101.9(c)(8)(iv) as amended by 81 FR 33742 (27 May 2016): Daily Value of
   calcium 1,300 mg (adults and children from 4 y); 1,000 mg before that rule.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final, Literal

import numpy as np
import pandas as pd

from mgcalc._values import real_number
from mgcalc.defaults import MAX_DAILY_MG
from mgcalc.errors import InvalidLogError, UnknownOptionError
from mgcalc.importers._common import (
    find_column,
    iso_dates,
    numbers,
    read_table,
    read_text,
)
from mgcalc.log import DEFAULT_PERSON, FoodLog

__all__ = ["CALCIUM_DV_MG", "read_myfitnesspal"]

CALCIUM_DV_MG: Final = 1300.0
"""Daily Value of calcium for adults and children from 4 years [mg/day] (21 CFR
101.9(c)(8)(iv), 2016 rule); the DV before that rule was 1,000 mg."""

CalciumUnit = Literal["mg", "percent_dv"]
_TOTAL_WORDS: Final = {"total", "totals"}
_HEADER: Final = re.compile(r"^\s*(?P<name>[^()]*?)\s*(?:\((?P<unit>[^()]*)\))?\s*$")
_MASS_TO_MG: Final = {"mg": 1.0, "g": 1000.0}


def read_myfitnesspal(
    path: str | Path,
    *,
    calcium_unit: CalciumUnit = "mg",
    calcium_dv_mg: float = CALCIUM_DV_MG,
    person_id: str = DEFAULT_PERSON,
) -> FoodLog:
    """A food log from MyFitnessPal's "Nutrition Summary" CSV: one entry per meal.

    Parameters
    ----------
    path
        The CSV file (UTF-8 with or without BOM, or Latin-1).
    calcium_unit
        The export's ``Calcium`` header carries no unit, so say which it is: ``"mg"``
        (the default) or ``"percent_dv"`` (% of the Daily Value, converted with
        ``calcium_dv_mg``). A header that does name its unit (``"Calcium (mg)"``,
        ``"Calcium (%)"``) overrides this.
    calcium_dv_mg
        The Daily Value used for ``"percent_dv"`` [mg/day]: 1,300 (2016 rule, the
        default) or 1,000 for labels from before it.
    person_id
        Whose log it is.

    Returns
    -------
    FoodLog
        One entry per meal row: ``text`` ``"<Meal> (MyFitnessPal meal total)"``,
        ``meal`` the meal, ``reported_calcium_mg`` [mg] (NaN when blank) and
        ``reported_magnesium_mg`` NaN (unknown: the export has no magnesium), ``source``
        ``"myfitnesspal"``. The trailing ``Totals`` row is the sum of the meal rows and is
        not imported (it would count every meal twice). A meal row with a blank calcium
        cell carries no value at all and is listed as unresolved by
        :func:`mgcalc.analyze`.

    Raises
    ------
    InvalidLogError
        If ``Date``, ``Meal`` or ``Calcium`` is missing, or cells cannot be read (every
        bad row is named).
    UnknownOptionError
        If ``calcium_unit`` is not ``"mg"`` or ``"percent_dv"``.

    Notes
    -----
    Magnesium coverage of such a log is 0, so its Ca:Mg ratio is ``indeterminate``: the
    export cannot tell how much magnesium was eaten, and mgcalc does not guess.
    """
    if calcium_unit not in ("mg", "percent_dv"):
        raise UnknownOptionError("calcium_unit", calcium_unit, ("mg", "percent_dv"))
    calcium_dv_mg = real_number(calcium_dv_mg, "calcium_dv_mg", low=0.0, high=MAX_DAILY_MG,
                                low_open=True)  # fmt: skip
    name = Path(path).name
    frame = read_table(read_text(path), name)
    date_column = find_column(frame, "Date")
    meal_column = find_column(frame, "Meal")
    calcium_found = _calcium_column(frame, calcium_unit, calcium_dv_mg)
    absent = [
        label
        for label, found in (
            ("Date", date_column),
            ("Meal", meal_column),
            ("Calcium", calcium_found),
        )
        if found is None
    ]
    if date_column is None or meal_column is None or calcium_found is None:
        raise InvalidLogError(
            f"not a MyFitnessPal Nutrition Summary: no {', '.join(absent)} column "
            f"(its columns are: {', '.join(map(str, frame.columns[:12]))})",
            absent[0],
        )
    column, factor = calcium_found
    is_total = frame[date_column].str.casefold().isin(_TOTAL_WORDS) | frame[
        meal_column
    ].str.casefold().isin(_TOTAL_WORDS)
    frame = frame[~is_total.to_numpy()]
    # Row numbers in errors count the file's data rows, Totals included.
    kept = np.flatnonzero(~is_total.to_numpy())
    try:
        calcium = numbers(frame[column], column) * factor
        dates = iso_dates(frame[date_column], date_column)
    except InvalidLogError as exc:
        rows = [int(kept[r - 1]) + 1 for r in exc.rows]
        raise InvalidLogError(exc.problem, exc.column, rows) from exc
    meals = frame[meal_column].reset_index(drop=True)
    entries = pd.DataFrame(
        {
            "date": dates,
            "meal": meals.where(meals != "", None),
            "text": [f"{m or 'Meal'} (MyFitnessPal meal total)" for m in meals],
            "person_id": person_id,
            "reported_magnesium_mg": np.nan,
            "reported": True,
            "reported_calcium_mg": calcium,
        }
    )
    return FoodLog.from_frame(entries, source="myfitnesspal")


def _calcium_column(
    frame: pd.DataFrame, calcium_unit: CalciumUnit, calcium_dv_mg: float
) -> tuple[str, float] | None:
    """The calcium column and its factor to [mg]: from its header's unit if it has one."""
    for column in frame.columns:
        match = _HEADER.match(str(column))
        if match is None or match["name"].strip().casefold() != "calcium":
            continue
        unit = (match["unit"] or "").strip().casefold().replace(" ", "")
        if not unit:
            return str(column), 1.0 if calcium_unit == "mg" else calcium_dv_mg / 100.0
        if unit in {"%", "%dv"}:
            return str(column), calcium_dv_mg / 100.0
        if unit in _MASS_TO_MG:
            return str(column), _MASS_TO_MG[unit]
        raise InvalidLogError(f"calcium is given in {unit!r}, not mg or % DV", str(column))
    return None
