"""The frame contracts of mgcalc, and the checks every door applies to them.

Four tables cross mgcalc's boundaries:

- **log entries** (:data:`ENTRY_COLUMNS`): one row per food line of a :class:`FoodLog`;
- **the ledger** (:data:`LEDGER_COLUMNS`): one row per supplement or medication dose,
  or drink of water, per day;
- **coded entries** of a cohort (person_id, date, food_id, grams);
- **the daily table** (:data:`mgcalc.intake.DAILY_COLUMNS`), which mgcalc makes itself.

Every way of building a :class:`~mgcalc.log.FoodLog` (lines, CSV, frames, JSON, saved
files, ``add``, ``concat``) passes its columns through :func:`check_entries` and
:func:`check_ledger`, which report *every* bad cell at once, with its column and its rows
(1-based, as a spreadsheet shows them below the header), in plain words. They are plain
NumPy checks, fast enough for one meal per call and for a cohort. The cohort path (coded
entries: person_id, date, food_id, grams) needs no check that can fail: an unknown food or
unusable grams make an entry unresolved with its reason code, never a lost row.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from typing import Annotated, Any, Final

import numpy as np
import pandas as pd
from pydantic import AfterValidator

from mgcalc._dates import read_dates
from mgcalc.defaults import MAX_DOSE_MG
from mgcalc.errors import InvalidLogError, InvalidValueError

__all__ = [
    "ENTRY_COLUMNS",
    "LEDGER_COLUMNS",
    "LEDGER_OPTIONAL",
    "LEDGER_SOURCES",
    "LEGACY_REPORTING_SOURCES",
    "MAX_COLUMNS",
    "MAX_ENTRY_ID",
    "REPORTED_COLUMNS",
    "StorableText",
    "blank_to_none",
    "cell_float",
    "cell_text",
    "check_cohort",
    "check_entries",
    "check_ledger",
    "check_width",
    "columns_of",
    "entries_frame_of",
    "entry_columns_of",
    "frame_of",
    "header_width",
    "legacy_reported",
    "storable",
    "whole_id",
]

ENTRY_COLUMNS: Final[dict[str, str]] = {
    "entry_id": "int64",
    "person_id": "object",
    "date": "datetime64[ns]",
    "meal": "object",
    "time": "object",
    "text": "object",
    "food_id": "object",
    "amount": "float64",
    "unit": "object",
    "source": "object",
    "reported_grams": "float64",
    "reported_magnesium_mg": "float64",
    "reported_calcium_mg": "float64",
    "reported_vitamin_d_ug": "float64",
    "reported_energy_kcal": "float64",
    "reported": "bool",
}
"""The columns of :attr:`FoodLog.entries` and their dtypes.

``text`` is the food as the user wrote it (with its amount, for free text); ``food_id``
pins the food when given; ``amount`` and ``unit`` are explicit amounts (NaN/None when
the amount is in the text or not given); ``source`` is where the row came from
(``text``, ``csv``, ``frame``, ``cronometer`` ...). ``reported`` marks a row whose
nutrients another tool computed (an import): it is used as given and never re-matched;
the ``reported_*`` columns hold those values [g], [mg], [µg], [kcal] (NaN = not reported).
"""

REPORTED_COLUMNS: Final = (
    "reported_grams",
    "reported_magnesium_mg",
    "reported_calcium_mg",
    "reported_vitamin_d_ug",
    "reported_energy_kcal",
)

LEDGER_SOURCES: Final = ("supplement", "medication", "water")
"""Where a ledger row's nutrients come from. Supplements and medications count towards
the magnesium UL; water does not (IOM 2000, UL summary table, footnote b)."""

LEDGER_COLUMNS: Final[dict[str, str]] = {
    "entry_id": "int64",
    "person_id": "object",
    "date": "datetime64[ns]",
    "time": "object",
    "product": "object",
    "form": "object",
    "dose": "object",
    "basis": "object",
    "source": "object",
    "magnesium_mg": "float64",
    "calcium_mg": "float64",
    "vitamin_d_ug": "float64",
    "magnesium_mg_low": "float64",
    "magnesium_mg_high": "float64",
    "calcium_mg_low": "float64",
    "calcium_mg_high": "float64",
    "flags": "object",
}
"""The columns of :attr:`FoodLog.supplements`: one row per dose (or drink) per day.

``magnesium_mg``, ``calcium_mg`` [mg/day] and ``vitamin_d_ug`` [µg/day] are elemental
amounts for the whole day's dose (units × servings applied); NaN means the product
declares none (it adds nothing). ``source`` is one of :data:`LEDGER_SOURCES`.

Drinks of water (``source == "water"``, see :mod:`mgcalc.water`): ``product`` is the water
as written, ``form`` its id in the table of waters (``water:hepar``; ``water:tap`` for the
person's tap water, filled at analysis; ``water:unknown`` for a water named without a
brand; blank for a user's own water), ``dose`` the volume (``"0.5 l"``), and NaN magnesium
means *unknown*. ``magnesium_mg_low``/``_high`` and ``calcium_mg_low``/``_high`` [mg/day]
carry the range of a water whose sources disagree (equal to the value for a single figure;
NaN for doses). ``flags`` (``;``-separated) says how the row was read (``glass_assumed``,
``sources_disagree``, ``tap_water_unknown`` ...; :data:`mgcalc.water.WATER_FLAGS`).
"""

LEDGER_OPTIONAL: Final = (
    "magnesium_mg_low", "magnesium_mg_high", "calcium_mg_low", "calcium_mg_high", "flags",
)  # fmt: skip
"""Ledger columns a builder may leave out (blank: no range, no flags); logs saved before
they existed read back with them blank."""
MAX_COLUMNS: Final = 1_000
"""The most columns a log file or frame may have: an export has a few dozen (Cronometer's
about 60); a file of thousands is not a log, and reading it column by column would be slow."""


def check_width(table: pd.DataFrame | int, name: str) -> None:
    """Refuse a table (or a header of that many cells) wider than :data:`MAX_COLUMNS`,
    before any work per column.

    Raises
    ------
    InvalidLogError
        Saying how many columns it has.
    """
    width = table if isinstance(table, int) else table.shape[1]
    if width > MAX_COLUMNS:
        raise InvalidLogError(
            f"{name} has {width:,} columns (at most {MAX_COLUMNS:,}): it is not a food log"
        )


def header_width(lines: Iterable[str], delimiter: str = ",") -> int:
    """How many cells the first record of a CSV text has (read alone: linear in its length)."""
    return len(next(csv.reader(lines, delimiter=delimiter), []))


_LEDGER_LIMITS: Final = {"magnesium_mg": MAX_DOSE_MG, "calcium_mg": MAX_DOSE_MG,
                         "vitamin_d_ug": MAX_DOSE_MG * 1000}  # fmt: skip


def storable(text: str) -> bool:
    """Whether a text can be stored and written (UTF-8): no lone surrogate code points."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _storable_text(text: str) -> str:
    if not storable(text):
        raise InvalidValueError("holds characters that cannot be stored (a lone surrogate)")
    return text


StorableText = Annotated[str, AfterValidator(_storable_text)]
"""The type of every text field of mgcalc's models: text that a file or JSON can hold. A
lone surrogate (what invalid UTF-8 becomes) is refused when the model is built, with the
field's name (a pydantic ``ValidationError``), never later when it is written."""


class _Problems:
    """Bad cells found by a check, gathered so that one error reports them all."""

    def __init__(self, what: str, first_row: int) -> None:
        self.what = what
        self.first_row = first_row
        self.found: list[tuple[str, str, list[int]]] = []

    def add(self, column: str, problem: str, mask: Any) -> None:
        # the usual case: nothing is wrong (a list is tested as it is, not made an array)
        if not (mask.any() if isinstance(mask, np.ndarray) else any(mask)):
            return
        bad = np.flatnonzero(np.asarray(mask, dtype=bool))
        self.found.append((column, problem, [int(i) + self.first_row for i in bad]))

    def raise_if_any(self) -> None:
        if not self.found:
            return
        column = self.found[0][0]
        rows = sorted({row for _, _, rows in self.found for row in rows})
        detail = "; ".join(
            f"{name}: {problem} (rows {', '.join(map(str, rows[:10]))}"
            f"{', ...' if len(rows) > 10 else ''})"
            for name, problem, rows in self.found
        )
        raise InvalidLogError(f"invalid {self.what}: {detail}", column, rows)


def _floats(values: Any) -> np.ndarray[Any, np.dtype[np.float64]]:
    return np.asarray(values, dtype=np.float64)


_TEXT_TYPES: Final = frozenset({str, type(None)})
_ENTRY_TEXT: Final = ("person_id", "meal", "time", "food_id", "unit", "source", "text")
"""The text columns of :data:`ENTRY_COLUMNS`, in the order their problems are reported."""


def _plain_text(columns: Sequence[Sequence[Any]]) -> bool:
    """Whether every cell of these columns is text or blank (None), and storable: then no
    text check can fail but a required column's blank test."""
    if not set(map(type, chain.from_iterable(columns))) <= _TEXT_TYPES:
        return False
    # every cell is text or None, so hashable: each distinct text is encoded once
    texts = set(chain.from_iterable(columns))
    texts.discard(None)
    return storable("".join(texts))


def _text_problems(
    problems: _Problems, name: str, values: Sequence[Any], *, required: bool, plain: bool = False
) -> None:
    """The problems of a text column; ``plain`` when :func:`_plain_text` holds for it."""
    values = values if isinstance(values, list) else list(values)
    if not plain:
        problems.add(
            name, "must be text", [v is not None and not isinstance(v, str) for v in values]
        )  # fmt: skip
        if not storable("".join([v for v in values if isinstance(v, str)])):
            problems.add(
                name, "holds characters that cannot be stored (a lone surrogate)",
                [isinstance(v, str) and not storable(v) for v in values],
            )  # fmt: skip
    if required and (not plain or None in values or "" in values):
        problems.add(name, "must not be blank", [v is None or v == "" for v in values])


def check_entries(columns: Mapping[str, Any], first_row: int = 1) -> None:
    """Check log entries against :data:`ENTRY_COLUMNS`; report every bad cell at once.

    Parameters
    ----------
    columns
        The entries as columns (lists or arrays), every column of :data:`ENTRY_COLUMNS`.
    first_row
        The row number of the first entry in messages.

    Raises
    ------
    InvalidLogError
        Naming each problem, its column and its rows: a repeated or non-positive entry
        id, a blank person or date, text that cannot be stored, a negative, infinite or
        non-numeric amount or reported value. (A blank line is kept: it is unresolved as
        "empty line", never dropped.)
    """
    problems = _Problems("food log", first_row)
    ids = np.asarray(columns["entry_id"], dtype=np.int64)
    problems.add("entry_id", "must be 1 or more", ids < 1)
    if len(set(ids.tolist())) != len(ids):  # a set of ints: no sort
        problems.add("entry_id", "is repeated", pd.Series(ids).duplicated(keep=False).to_numpy())
    plain = _plain_text([columns[name] for name in _ENTRY_TEXT])  # the usual case, at once
    _text_problems(problems, "person_id", columns["person_id"], required=True, plain=plain)
    dates = np.asarray(columns["date"], dtype="datetime64[ns]")
    problems.add("date", "is blank", np.isnat(dates))
    for name in _ENTRY_TEXT[1:]:
        if not plain or name == "source":  # (plain text that may be blank has no problem)
            _text_problems(problems, name, columns[name], required=name == "source", plain=plain)
    numbers = ("amount", *REPORTED_COLUMNS)
    values = _floats([columns[name] for name in numbers])  # a row per column
    # the least and the greatest number (NaN, a blank cell, is neither)
    if len(values.ravel()) and (np.fmin.reduce(values, axis=None) < 0
                                or np.fmax.reduce(values, axis=None) == np.inf):  # fmt: skip
        negative, infinite = values < 0, np.isinf(values)
        for i, name in enumerate(numbers):
            problems.add(name, "must not be negative", negative[i])
            problems.add(name, "must be a finite number (or blank)", infinite[i])
    problems.raise_if_any()


def check_ledger(ledger: Mapping[str, Any] | pd.DataFrame, first_row: int = 1) -> dict[str, Any]:
    """Check ledger rows (doses, water) and return their columns, typed.

    Parameters
    ----------
    ledger
        Columns or a frame with at least ``person_id``, ``date``, ``source`` and one or
        more of ``magnesium_mg``, ``calcium_mg`` [mg/day], ``vitamin_d_ug`` [µg/day].

    Returns
    -------
    dict
        ``person_id`` (object array), ``date`` (datetime64[ns]), ``source`` and each
        nutrient column present as floats (NaN: none declared).

    Raises
    ------
    InvalidLogError
        A missing column, a blank person or date, an unknown source, or a nutrient amount
        that is negative, infinite or beyond any product (each listed with its rows).
    """
    missing = [c for c in ("person_id", "date", "source") if c not in ledger]
    if missing:
        raise InvalidLogError(
            f"the supplement ledger lacks the column(s) {', '.join(missing)}", missing[0]
        )
    nutrients = [c for c in _LEDGER_LIMITS if c in ledger]
    if not nutrients:
        raise InvalidLogError(
            "the supplement ledger needs magnesium_mg, calcium_mg or vitamin_d_ug", "magnesium_mg"
        )
    problems = _Problems("supplement ledger", first_row)
    person = np.asarray(list(ledger["person_id"]), dtype=object)
    problems.add("person_id", "is blank", [v is None or (isinstance(v, float) and math.isnan(v))
                                           for v in person])  # fmt: skip
    raw_dates = ledger["date"]
    dates = pd.to_datetime(pd.Series(list(raw_dates)), errors="coerce").to_numpy("datetime64[ns]")
    problems.add("date", "is blank or unreadable", np.isnat(dates))
    source = np.asarray(list(ledger["source"]), dtype=object)
    problems.add(
        "source",
        f"must be one of {', '.join(repr(s) for s in LEDGER_SOURCES)}",
        [s not in LEDGER_SOURCES for s in source],
    )
    out: dict[str, Any] = {"person_id": person, "date": dates, "source": source}
    ranges = [c for c in LEDGER_OPTIONAL[:4] if c in ledger]
    for name in (*nutrients, *ranges):
        limit = _LEDGER_LIMITS[name.rsplit("_", 1)[0] if name in ranges else name]
        raw = pd.Series(list(ledger[name]), dtype=object)
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        problems.add(name, "must be a number (or blank)", np.isnan(values) & raw.notna().to_numpy()
                     & (raw.astype(str).str.strip() != "").to_numpy())  # fmt: skip
        with np.errstate(invalid="ignore"):
            problems.add(name, "must not be negative", values < 0)
            problems.add(
                name, f"is beyond any product (at most {limit:,.0f} a day)",
                np.isinf(values) | (values > limit),
            )  # fmt: skip
        out[name] = values
    problems.raise_if_any()
    return out


_COHORT_NUMBERS: Final = ("grams", "magnesium_mg", "calcium_mg", "vitamin_d_ug", "energy_kcal")


def _key_cells(values: pd.Series) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Which cells of an object column cannot key a day: blank, or not text or a number."""
    return np.fromiter(
        (not isinstance(v, str | int | np.integer) or isinstance(v, bool) for v in values),
        dtype=bool, count=len(values),
    )  # fmt: skip


def _all_text(values: pd.Series) -> bool:
    """Whether every cell of an object column is text (its distinct values checked)."""
    try:
        distinct = pd.unique(values)
    except TypeError:  # an unhashable cell (a list) is no text
        return False
    return all(isinstance(v, str) for v in distinct)


def check_cohort(entries: pd.DataFrame, computed: bool) -> pd.DataFrame:
    """The door of the cohort path (:func:`mgcalc.intake.daily_table`, pandas).

    A coded entry whose food or grams cannot be used is not an error (it is unresolved,
    with its reason), but its day must be known: ``person_id`` must be text or a whole
    number, ``date`` a date (cells of mixed kinds are read as dates, once for the
    column), and the numeric columns numbers. Entries with their nutrients computed
    (``computed``) must hold finite amounts of zero or more.

    Returns
    -------
    pandas.DataFrame
        ``entries``, or a copy with its dates read when they were of mixed kinds.

    Raises
    ------
    InvalidLogError
        Naming the column and every bad row.
    """
    person = entries["person_id"]
    if person.dtype == object:
        bad = _key_cells(person)
        if bad.any():
            rows = [int(i) + 1 for i in np.flatnonzero(bad)]
            raise InvalidLogError("person_id must be text or a whole number", "person_id", rows)
    if "food_id" in entries.columns and entries["food_id"].dtype == object:
        bad = np.array(
            [not (v is None or v is pd.NA or isinstance(v, str | int | float | np.number))
             for v in entries["food_id"]], dtype=bool,
        )  # fmt: skip
        if bad.any():  # a list or a mapping: no food id at all
            rows = [int(i) + 1 for i in np.flatnonzero(bad)]
            raise InvalidLogError("food_id must be text (such as 'sr28:11458')", "food_id", rows)
    for name in ("person_id", "food_id"):
        keys = entries[name] if name in entries.columns else None
        if (
            keys is not None
            and keys.dtype == object
            and not storable("".join(v for v in keys if isinstance(v, str)))
        ):
            bad = np.array([isinstance(v, str) and not storable(v) for v in keys])
            rows = [int(i) + 1 for i in np.flatnonzero(bad)]
            raise InvalidLogError("holds characters that cannot be stored", name, rows)
    date = entries["date"]
    if (date.dtype == object and not _all_text(date)) or not (
        pd.api.types.is_string_dtype(date) or pd.api.types.is_datetime64_any_dtype(date)
    ):
        entries = entries.assign(date=read_dates(date.tolist(), "date"))
    for name in _COHORT_NUMBERS:
        if name not in entries.columns:
            continue
        raw = entries[name]
        if isinstance(raw, pd.DataFrame):
            raise InvalidLogError("the column is repeated", name)
        try:
            values = raw.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError, OverflowError):
            blank = raw.isna().to_numpy()
            numeric = pd.to_numeric(raw.where(~blank, None), errors="coerce").to_numpy()
            rows = [int(i) + 1 for i in np.flatnonzero(np.isnan(numeric) & ~blank)]
            raise InvalidLogError("must be a number (or blank)", name, rows) from None
        if computed:
            with np.errstate(invalid="ignore"):
                bad = (values < 0) | np.isinf(values)
            if bad.any():
                rows = [int(i) + 1 for i in np.flatnonzero(bad)]
                raise InvalidLogError("must be a finite number of 0 or more", name, rows)
    return entries


# -- frames <-> columns ------------------------------------------------------------

LEGACY_REPORTING_SOURCES: Final = frozenset(
    {"cronometer", "cronometer_supplement", "cronometer_daily", "myfitnesspal"}
)
"""Sources of rows that carried their own values in logs saved by mgcalc 0.1, which had no
``reported`` column: such rows are read back as reported."""


def frame_of(columns: Mapping[str, list[Any]], dtypes: Mapping[str, str]) -> pd.DataFrame:
    """Columns as a DataFrame in the declared dtypes (object columns keep None)."""
    data: dict[str, Any] = {}
    for name, dtype in dtypes.items():
        values = columns[name]
        if dtype == "object":
            data[name] = pd.Series(values, dtype=object)
        elif dtype.startswith("datetime"):
            data[name] = pd.Series(np.asarray(values, dtype="datetime64[ns]"))
        else:
            data[name] = pd.Series(np.asarray(values, dtype=dtype))
    return pd.DataFrame(data)


def blank_to_none(value: Any) -> Any:
    """None for every spelling of a missing cell (None, NaN, NA, blank text)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def cell_text(value: Any) -> str | None:
    value = blank_to_none(value)
    return None if value is None else str(value).strip()


def cell_float(value: Any) -> float:
    value = blank_to_none(value)
    if value is None:
        return math.nan
    if isinstance(value, bool):
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


MAX_ENTRY_ID: Final = 2**53
"""The largest entry id: every id up to it is exact as a float (JSON, CSV) and as an int64."""


def whole_id(value: Any) -> int | None:
    """A cell as an entry id (a whole number, ``3`` or ``3.0``, at most
    :data:`MAX_ENTRY_ID` in size), or None if it is not one (text, 1.5, NaN, a bool)."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    if not (math.isfinite(number) and number.is_integer() and abs(number) <= MAX_ENTRY_ID):
        return None
    return int(number)


def columns_of(frame: pd.DataFrame, dtypes: Mapping[str, str]) -> dict[str, list[Any]]:
    """A typed frame back into columns (object cells: None for missing).

    Raises
    ------
    InvalidLogError
        If a column is repeated, an id is not a whole number, or a date cannot be read.
    """
    repeated = frame.columns[frame.columns.duplicated()]
    if len(repeated):
        raise InvalidLogError("the column is repeated", str(repeated[0]))
    out: dict[str, list[Any]] = {}
    for name, dtype in dtypes.items():
        series = frame[name] if name in frame.columns else None
        if series is None and dtype == "int64":
            raise InvalidLogError(f"the frame has no {name} column (a whole number per row)", name)
        if series is None:
            default: Any = math.nan if dtype == "float64" else False if dtype == "bool" else None
            out[name] = [default] * len(frame)
        elif dtype == "object":
            if name == "text":  # the text as given (blank: ""), never stripped
                out[name] = [str(blank_to_none(v) or "") for v in series]
            else:
                out[name] = [cell_text(v) for v in series]
        elif dtype == "float64":
            out[name] = [cell_float(v) for v in series]
        elif dtype == "bool":
            out[name] = [bool(v) if blank_to_none(v) is not None else False for v in series]
        elif dtype == "int64":
            whole = [whole_id(v) for v in series]
            bad = [i + 1 for i, v in enumerate(whole) if v is None]
            if bad:
                raise InvalidLogError(
                    f"must be a whole number (at most {MAX_ENTRY_ID:,})", name, bad
                )
            out[name] = whole
        elif isinstance(series.dtype, pd.DatetimeTZDtype):  # the day as written, not UTC's
            out[name] = list(series.dt.tz_localize(None).to_numpy("datetime64[ns]"))
        elif pd.api.types.is_datetime64_any_dtype(series):
            out[name] = list(series.to_numpy("datetime64[ns]"))
        else:
            out[name] = list(read_dates(series.tolist(), name))
    return out


def legacy_reported(columns: Mapping[str, list[Any]]) -> list[bool]:
    """``reported`` for rows of a 0.1 frame: a 0.1 reporting source or a reported value."""
    n = len(columns["entry_id"])
    return [
        columns["source"][i] in LEGACY_REPORTING_SOURCES
        or any(not math.isnan(columns[c][i]) for c in REPORTED_COLUMNS[1:])
        for i in range(n)
    ]


def entry_columns_of(frame: pd.DataFrame) -> dict[str, list[Any]]:
    """An entries frame as columns; a 0.1 frame without ``reported`` read as 0.1 meant it."""
    columns = columns_of(frame, ENTRY_COLUMNS)
    if "reported" not in frame.columns:
        columns["reported"] = legacy_reported(columns)
    return columns


def entries_frame_of(columns: Mapping[str, list[Any]]) -> pd.DataFrame:
    """Entry columns as a frame in the declared dtypes."""
    return frame_of(columns, ENTRY_COLUMNS)
