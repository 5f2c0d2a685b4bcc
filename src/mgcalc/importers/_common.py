"""Helpers shared by the importers: reading text files, headers, numbers, dates and times.

Every check here looks at a whole column and reports *every* bad row at once, with its
1-based data-row number (the first row below the header is row 1), in an
:class:`~mgcalc.errors.InvalidLogError` naming the file's own column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from mgcalc._dates import read_dates
from mgcalc._schemas import check_width, header_width
from mgcalc.errors import InvalidLogError
from mgcalc.log import FoodLog

__all__ = [
    "bad_rows",
    "find_column",
    "iso_dates",
    "numbers",
    "nutrient_column",
    "read_table",
    "read_text",
    "times",
    "with_sources",
]

_NUTRIENT_HEADER: Final = re.compile(r"^(?P<name>.*?)\s*\((?P<unit>[^()]*)\)\s*$")
"""``"Magnesium (mg)"`` -> name ``Magnesium``, unit ``mg``."""

_MASS_TO_MG: Final[dict[str, float]] = {
    "mg": 1.0,
    "g": 1000.0,
    "µg": 0.001,
    "μg": 0.001,  # the Greek mu, as some exports write it
    "ug": 0.001,
    "mcg": 0.001,
}
"""Factor from a nutrient column's mass unit to [mg]."""

_PLAIN_NUMBER: Final = re.compile(r"^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_COMMA_THOUSANDS: Final = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")
_DOT_THOUSANDS: Final = re.compile(r"^\d{1,3}(\.\d{3})+(,\d*)?$")
_DECIMAL_COMMA: Final = re.compile(r"^\d*,\d+$")
_TIME: Final = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2})?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?$")


def bad_rows(mask: pd.Series | np.ndarray) -> list[int]:
    """1-based data-row numbers where ``mask`` is true."""
    return [int(i) + 1 for i in np.flatnonzero(np.asarray(mask, dtype=bool))]


def read_text(path: str | Path) -> str:
    """The text of a file: UTF-8 (with or without a byte-order mark), UTF-16 (with one),
    else Latin-1.

    Raises
    ------
    InvalidLogError
        If the file cannot be opened.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidLogError(f"cannot read {Path(path).name}: {exc}") from exc
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 ("Unicode text" of Excel)
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InvalidLogError(f"cannot read {Path(path).name}: broken UTF-16 text") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


_SNIFF_CHARACTERS: Final = 4_096
"""How much of a file the delimiter is judged on [characters]: the header and first rows
(Cronometer's header is about 1,000). The sniffer of the csv module is quadratic in it."""


def sniff_delimiter(text: str) -> str:
    """``","`` or ``";"`` (or a tab): the delimiter of a CSV text, judged on its header."""
    sample = "\n".join(text[:_SNIFF_CHARACTERS].splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
        return max(counts, key=lambda sep: counts[sep])


def read_table(text: str, name: str, delimiter: str = ",") -> pd.DataFrame:
    """A CSV text as a frame of stripped strings (blank cells are ``""``, never NaN).

    Raises
    ------
    InvalidLogError
        If the text is not a readable table (ragged rows, no header).
    """
    if not text.strip():
        raise InvalidLogError(f"{name} is empty")
    try:
        check_width(header_width(io.StringIO(text), delimiter), name)
    except csv.Error as exc:
        raise InvalidLogError(f"cannot read {name} as CSV: {exc}") from exc
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, na_filter=False
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InvalidLogError(f"cannot read {name} as CSV: {exc}") from exc
    check_width(frame, name)
    frame.columns = [str(c).strip() for c in frame.columns]
    out: pd.DataFrame = frame.apply(lambda column: column.astype(str).str.strip())
    return out


def find_column(frame: pd.DataFrame, *names: str) -> str | None:
    """The first header of ``frame`` equal to one of ``names`` (case and spaces ignored)."""
    wanted = [n.casefold() for n in names]
    folded = {str(c).strip().casefold(): str(c) for c in frame.columns}
    for name in wanted:
        if name in folded:
            return folded[name]
    return None


def nutrient_column(frame: pd.DataFrame, nutrient: str) -> tuple[str, float] | None:
    """The header of a nutrient column (``"Magnesium (mg)"``) and its factor to [mg].

    A header without a unit (``"Calcium"``) is returned with factor NaN: the caller
    decides. Returns None when the file has no such column.

    Raises
    ------
    InvalidLogError
        If the column's unit is not a mass (``"Magnesium (IU)"``).
    """
    for column in frame.columns:
        text = str(column).strip()
        match = _NUTRIENT_HEADER.match(text)
        name, unit = (match["name"], match["unit"].strip()) if match else (text, "")
        if name.strip().casefold() != nutrient.casefold():
            continue
        if not unit:
            return text, float("nan")
        factor = _MASS_TO_MG.get(unit) or _MASS_TO_MG.get(unit.lower())
        if factor is None:
            raise InvalidLogError(
                f"{nutrient} is given in {unit!r}, which is not a mass (mg, g or µg)", text
            )
        return text, factor
    return None


def numbers(
    values: pd.Series, column: str, *, decimal_comma: bool = False, thousands: bool = True
) -> pd.Series:
    """Parse a column of number cells; blank cells are NaN (unknown), never 0.

    Parameters
    ----------
    values
        The cells as text.
    column
        The file's column name, for the error.
    decimal_comma
        Read ``"1.050,5"`` and ``"0,5"`` (semicolon-separated files); otherwise
        ``"1,050.5"``.
    thousands
        Accept thousands separators (``"1,050"``).

    Raises
    ------
    InvalidLogError
        Naming the column and every row whose cell is not a number, or is negative.
    """
    text = values.astype("string").str.strip().fillna("")
    blank = text == ""
    cleaned = text.copy()
    if thousands and decimal_comma:
        dots = text.str.match(_DOT_THOUSANDS)
        cleaned = cleaned.where(~dots, cleaned.str.replace(".", "", regex=False))
        comma = dots | text.str.match(_DECIMAL_COMMA)
        cleaned = cleaned.where(~comma, cleaned.str.replace(",", ".", regex=False))
    elif decimal_comma:
        comma = text.str.match(_DECIMAL_COMMA)
        cleaned = cleaned.where(~comma, cleaned.str.replace(",", ".", regex=False))
    elif thousands:
        commas = text.str.match(_COMMA_THOUSANDS)
        cleaned = cleaned.where(~commas, cleaned.str.replace(",", "", regex=False))
    plain = cleaned.str.match(_PLAIN_NUMBER)
    parsed = pd.to_numeric(cleaned.where(plain & ~blank), errors="coerce").astype("float64")
    bad = (~blank & parsed.isna()) | (parsed < 0)
    if bad.any():
        examples = ", ".join(repr(str(v)) for v in text[bad.to_numpy()].head(3))
        raise InvalidLogError(
            f"cells that are not a non-negative number ({examples}); leave a cell blank "
            "when the value is unknown",
            column,
            bad_rows(bad),
        )
    return parsed.reset_index(drop=True)


def iso_dates(values: pd.Series, column: str, dayfirst: bool | None = None) -> pd.Series:
    """Parse a date column once for the whole file: ISO (``2025-06-30``, ``2012-9-10``), or
    numeric day/month or month/day (``1/27/2026``) decided from all its values, or refused
    as ambiguous without ``dayfirst`` (see :func:`mgcalc._dates.read_dates`).

    Raises
    ------
    InvalidLogError
        Naming the column and every row whose date is blank or unreadable.
    """
    return pd.Series(read_dates(values.tolist(), column, dayfirst), dtype="datetime64[ns]")


def times(values: pd.Series, column: str) -> list[str | None]:
    """Clock times as 24-hour ``"HH:MM"`` (``"9:51 AM"`` -> ``"09:51"``); blank -> None.

    Raises
    ------
    InvalidLogError
        Naming the column and every row whose time cannot be read.
    """
    out: list[str | None] = []
    bad: list[int] = []
    for row, cell in enumerate(values.astype(str).str.strip(), start=1):
        if cell == "" or cell.lower() == "nan":
            out.append(None)
            continue
        match = _TIME.match(cell)
        hour, minute = (int(match["h"]), int(match["m"])) if match else (-1, -1)
        ampm = (match["ampm"] or "").replace(".", "").lower() if match else ""
        if ampm:
            hour = -1 if not 1 <= hour <= 12 else hour % 12 + (12 if ampm == "pm" else 0)
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            bad.append(row)
            out.append(None)
            continue
        out.append(f"{hour:02d}:{minute:02d}")
    if bad:
        raise InvalidLogError("unreadable time; expected 05:17 or 9:51 AM", column, bad)
    return out


def with_sources(log: FoodLog, sources: Sequence[str]) -> FoodLog:
    """``log`` with the ``source`` of each entry replaced (one per entry, in order)."""
    entries = log.entries
    entries["source"] = list(sources)
    return FoodLog(entries=entries, supplements=log.supplements, pins=log.pins)
