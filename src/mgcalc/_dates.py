"""Dates as people and programs write them, read once per file, never guessed per cell.

A file's dates are read with one rule for the whole column:

- ISO dates (``2026-11-20``, ``2012-9-10``, with or without a time after them) are read as
  they are; a time zone or time of day is ignored (the date as written is the day).
- Numeric dates with slashes, dots or dashes (``10/11/2026``, ``13.11.2026``) are either
  day-first or month-first *for the whole file*: a day above 12 in the first place makes
  the file day-first, one in the second place month-first. When every date fits both
  (every day 12 or less), the file is ambiguous and refused with an error asking for
  ``dayfirst=`` — "10/11/2026" is never read as 11 October in one row and 10 November in
  another.
- Dates with a month name (``20 Nov 2026``, ``November 20, 2026``) are unambiguous.

Years outside 1900-2100 are refused (a typo, or beyond what a log holds).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from mgcalc.errors import InvalidLogError

__all__ = ["YEAR_RANGE", "read_dates"]

YEAR_RANGE: Final = (1900, 2100)
"""The years a log date may fall in, inclusive."""

_ISO: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][0-9:.+\-Z ]*)?")
_NUMERIC: Final = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T][0-9:.+\-Z APMapm]*)?")
_MONTHS: Final = {
    name: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")]
    )
    for name in names
}  # fmt: skip
_DAY_MONTH: Final = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})", re.I)
_MONTH_DAY: Final = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I)
_WEEKDAY: Final = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)


def _rows(mask: Sequence[bool]) -> list[int]:
    return [i + 1 for i, bad in enumerate(mask) if bad]


def _named(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date with a month name, or None."""
    text = _WEEKDAY.sub("", text)
    if match := _DAY_MONTH.fullmatch(text):
        day, month, year = match.groups()
    elif match := _MONTH_DAY.fullmatch(text):
        month, day, year = match.groups()
    else:
        return None
    number = _MONTHS.get(month.lower())
    return None if number is None else (int(year), number, int(day))


def read_dates(
    values: Sequence[Any] | pd.Series, column: str = "date", dayfirst: bool | None = None
) -> np.ndarray[Any, np.dtype[np.datetime64]]:
    """Read a column of dates with one rule for the whole column.

    Parameters
    ----------
    values
        The cells: text, dates or timestamps.
    column
        The column's name, for error messages.
    dayfirst
        For numeric dates such as ``10/11/2026``: True for day/month/year, False for
        month/day/year; None to decide from the column's own values (refusing a column
        where every date fits both).

    Returns
    -------
    numpy.ndarray of datetime64[ns]
        Midnight of each day.

    Raises
    ------
    InvalidLogError
        Naming every blank or unreadable cell, a column that mixes day-first and
        month-first dates, or one that is ambiguous without ``dayfirst``.

    Examples
    --------
    >>> read_dates(["10/11/2026", "13/11/2026"]).astype("datetime64[D]").tolist()
    [datetime.date(2026, 11, 10), datetime.date(2026, 11, 13)]
    >>> read_dates(["1/27/2026"]).astype("datetime64[D]").tolist()
    [datetime.date(2026, 1, 27)]
    """
    cells = list(values)
    parts: list[tuple[int, int, int] | None] = []
    numeric: list[tuple[int, int, int] | None] = []
    for cell in cells:
        iso = named = slash = None
        if isinstance(cell, pd.Timestamp | np.datetime64) or hasattr(cell, "year"):
            stamp = pd.Timestamp(cell)
            iso = None if pd.isna(stamp) else (stamp.year, stamp.month, stamp.day)
        elif isinstance(cell, str) and len(cell) <= 64:
            text = cell.strip()
            if match := _ISO.fullmatch(text):
                iso = (int(match[1]), int(match[2]), int(match[3]))
            elif match := _NUMERIC.fullmatch(text):
                slash = (int(match[1]), int(match[2]), int(match[3]))
            else:
                named = _named(text)
        parts.append(iso or named)
        numeric.append(slash)
    if any(numeric):
        first_is_day = any(n is not None and n[0] > 12 >= n[1] for n in numeric)
        second_is_day = any(n is not None and n[1] > 12 >= n[0] for n in numeric)
        order = dayfirst
        if order is None:
            if first_is_day and second_is_day:
                raise InvalidLogError(
                    "the dates mix day-first and month-first writing (e.g. 13/11 and 11/13); "
                    "write them as YYYY-MM-DD",
                    column,
                    _rows(
                        [
                            n is not None and (n[0] > 12 >= n[1] or n[1] > 12 >= n[0])
                            for n in numeric
                        ]
                    ),
                )
            if not (first_is_day or second_is_day) and any(
                n is not None and n[0] <= 12 and n[1] <= 12 and n[0] != n[1] for n in numeric
            ):
                raise InvalidLogError(
                    "the dates are ambiguous: every one fits both day/month/year and "
                    "month/day/year; pass dayfirst=True (10/11/2026 is 10 November) or "
                    "dayfirst=False (it is 11 October), or write YYYY-MM-DD",
                    column,
                )
            order = first_is_day
        for i, n in enumerate(numeric):
            if n is not None and not (n[0] > 12 and n[1] > 12):
                parts[i] = (n[2], n[1], n[0]) if order else (n[2], n[0], n[1])
    out = np.empty(len(cells), dtype="datetime64[ns]")
    bad = [False] * len(cells)
    for i, found in enumerate(parts):
        if found is None or not YEAR_RANGE[0] <= found[0] <= YEAR_RANGE[1]:
            bad[i] = True
            continue
        year, month, day = found
        try:
            out[i] = np.datetime64(f"{year:04d}-{month:02d}-{day:02d}", "ns")
        except ValueError:
            bad[i] = True
    if any(bad):
        examples = ", ".join(repr(str(cells[i])[:40]) for i in np.flatnonzero(bad)[:3])
        raise InvalidLogError(
            f"unreadable date ({examples}); write dates as YYYY-MM-DD "
            f"(years {YEAR_RANGE[0]}-{YEAR_RANGE[1]})",
            column,
            _rows(bad),
        )
    return out
