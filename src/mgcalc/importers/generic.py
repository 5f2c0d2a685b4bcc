"""Food logs and supplement lists kept in a spreadsheet: any CSV or Excel (.xlsx) file,
with a column mapping.

The file's own column names are mapped to mgcalc's (``date``, ``meal``, ``food``,
``amount``, ``unit``, ``food_id``, ``person_id`` ...; the supplement columns ``label``,
``count``, ``servings_per_day``, ``magnesium_mg`` ...); then the rows become a
:class:`~mgcalc.log.FoodLog` exactly as :meth:`~mgcalc.log.FoodLog.from_frame` reads
them. CSV files may be UTF-8 (with or without a byte-order mark) or Latin-1, separated by
commas or semicolons, with thousands separators in numbers.
"""

from __future__ import annotations

import importlib.util
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import pandas as pd

from mgcalc.errors import InvalidLogError, MissingExtraError, UnknownOptionError
from mgcalc.importers._common import numbers, read_table, read_text, sniff_delimiter
from mgcalc.log import FoodLog

__all__ = ["LOG_COLUMNS", "SUPPLEMENT_FILE_COLUMNS", "read_log", "read_supplements"]

LOG_COLUMNS: Final = (
    "date",
    "meal",
    "food",
    "text",
    "amount",
    "unit",
    "food_id",
    "person_id",
    "time",
    "kind",
    "basis",
    "form",
    "reported_grams",
    "reported_magnesium_mg",
    "reported_calcium_mg",
    "product",
    "label",
    "count",
    "servings_per_day",
    "nutrient",
    "magnesium_mg",
    "calcium_mg",
    "vitamin_d_ug",
    "vitamin_d_iu",
)
"""The mgcalc column names a file's columns may be mapped to."""

SUPPLEMENT_FILE_COLUMNS: Final = (
    "date", "person_id", "time", "kind", "product", "label", "amount", "unit", "count",
    "servings_per_day", "basis", "form", "nutrient", "magnesium_mg", "calcium_mg",
    "vitamin_d_ug", "vitamin_d_iu",
)  # fmt: skip
"""The columns of a supplement file (:func:`read_supplements`); only ``date`` is required,
with a ``product`` or ``label`` and an amount, a label or a declared amount per row."""

_NUMBER_COLUMNS: Final = (
    "reported_grams",
    "reported_magnesium_mg",
    "reported_calcium_mg",
    "magnesium_mg",
    "calcium_mg",
    "vitamin_d_ug",
    "vitamin_d_iu",
    "count",
    "servings_per_day",
)
_EXCEL_SUFFIXES: Final = (".xlsx", ".xlsm")


def _read_excel(path: Path, sheet: str | int | None) -> pd.DataFrame:
    if importlib.util.find_spec("openpyxl") is None:  # pragma: no cover - in the test extra
        raise MissingExtraError("openpyxl", "excel")
    try:
        frame = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, dtype=object)
    except zipfile.BadZipFile as exc:  # cut short, or not a workbook at all
        raise InvalidLogError(
            f"cannot read {path.name}: it is not a complete .xlsx workbook ({exc})"
        ) from exc
    except OverflowError as exc:  # a number cell of inf, which pandas makes an int
        raise InvalidLogError(
            f"cannot read {path.name}: a number cell is infinite or too large ({exc})"
        ) from exc
    except (OSError, ValueError, KeyError, IndexError, EOFError) as exc:
        raise InvalidLogError(f"cannot read {path.name}: {exc}") from exc
    frame.columns = [str(c).strip() for c in frame.columns]

    def cell(value: Any) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        if isinstance(value, pd.Timestamp):
            return value.strftime("%Y-%m-%d")
        if hasattr(value, "strftime"):
            return str(value.strftime("%Y-%m-%d"))
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    out: pd.DataFrame = frame.apply(lambda column: column.map(cell))
    return out


def read_log(
    path: str | Path,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
) -> FoodLog:
    """A food log from a CSV or Excel file with a column mapping.

    Parameters
    ----------
    path
        A ``.csv`` (or ``.txt``) file, or an ``.xlsx`` workbook (needs the ``excel``
        extra, openpyxl).
    columns
        The file's column names mapped to mgcalc's (:data:`LOG_COLUMNS`):
        ``{"Datum": "date", "Mahlzeit": "meal", "Lebensmittel": "food", "Menge":
        "amount", "Einheit": "unit"}``. Columns already named like mgcalc's need no
        entry; columns not mapped and not known are ignored.
    sheet
        The Excel sheet, by name or 0-based position (the first by default).

    Returns
    -------
    FoodLog
        Entries with ``source`` ``"csv"`` or ``"excel"``; rows with ``kind``
        ``supplement`` or ``medication`` go to the supplement ledger.

    Raises
    ------
    InvalidLogError
        If a mapped column is not in the file, a required one (date, food) is missing,
        or cells cannot be read (an unreadable date, a non-numeric amount or nutrient
        cell); the error names the file's column and every bad row.
    UnknownOptionError
        If ``columns`` maps to a name mgcalc does not know.

    Notes
    -----
    Numbers may use thousands separators. In comma-separated files ``"1,050"`` is
    1050; in semicolon-separated files (the usual layout where the comma is the
    decimal mark) ``"1.050"`` is 1050 and ``"0,5"`` is 0.5. Blank nutrient cells are
    unknown, never 0.
    """
    data, source, back = _read(path, columns, sheet)
    return _log(data, source, back)


def read_supplements(
    path: str | Path,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
) -> FoodLog:
    """The supplements and medications someone takes, from a CSV or Excel file.

    One row per product and day, in the columns :data:`SUPPLEMENT_FILE_COLUMNS`: ``date``;
    the ``product`` (or ``food``) and/or its ``label`` text as written ("Cal-Mag-D: per 2
    tablets calcium 500 mg, magnesium 250 mg, vitamin D3 400 IU"); an ``amount`` with its
    ``unit`` of the nutrient the product names, or the declared amounts per unit
    (``magnesium_mg``, ``calcium_mg``, ``vitamin_d_ug`` or ``vitamin_d_iu``); ``count``
    (units taken at a time), ``servings_per_day``, ``basis``, ``form``, ``nutrient``;
    ``kind`` ``supplement`` (the default) or ``medication``. Each column means what it means
    for :meth:`mgcalc.FoodLog.add_supplement`.

    Parameters
    ----------
    path, columns, sheet
        As for :func:`read_log`.

    Returns
    -------
    FoodLog
        A log with no food entries and one ledger row per file row; combine it with a
        food log with :meth:`~mgcalc.FoodLog.concat` (the command line's ``--supplements
        FILE`` does).

    Raises
    ------
    InvalidLogError
        If a row is food (``kind`` ``food``), or cannot be used as a dose; the error names
        the file's column and the row (1 = the first row below the header).
    UnknownOptionError
        If ``columns`` maps to a name mgcalc does not know.

    Examples
    --------
    A file such as::

        date,product,amount,unit,basis,label
        2026-11-20,calcium carbonate,1250,mg,compound,
        2026-11-20,,,,,"Cal-Mag-D, 2 tablets: calcium 500 mg, magnesium 250 mg, vitamin D3 400 IU"
        2026-11-20,Vitamin D3,1000,IU,,
    """
    data, source, back = _read(path, columns, sheet)
    if "kind" not in data.columns:
        data["kind"] = "supplement"
    kind = data["kind"].fillna("supplement").astype(str).str.strip().str.lower()
    data["kind"] = kind.replace("", "supplement")
    food = (data["kind"] == "food").to_numpy()
    if food.any():
        rows = [int(i) + 1 for i in food.nonzero()[0]]
        raise InvalidLogError(
            "a supplement file holds supplements and medications (kind 'supplement' or "
            "'medication'); put food in the food log",
            back.get("kind", "kind"),
            rows,
        )
    return _log(data, source, back)


def _read(
    path: str | Path, columns: Mapping[str, str] | None, sheet: str | int | None
) -> tuple[pd.DataFrame, str, dict[str, str]]:
    """The file as a frame in mgcalc's column names (numbers normalised), its source tag and
    the mapping back to the file's column names."""
    path = Path(path)
    mapping = dict(columns or {})
    for target in mapping.values():
        if target not in LOG_COLUMNS:
            raise UnknownOptionError("columns", target, LOG_COLUMNS)
    decimal_comma = False
    if path.suffix.lower() in _EXCEL_SUFFIXES:
        frame = _read_excel(path, sheet)
        source = "excel"
    else:
        text = read_text(path)
        delimiter = sniff_delimiter(text)
        decimal_comma = delimiter == ";"
        frame = read_table(text, path.name, delimiter)
        source = "csv"
    missing = [name for name in mapping if name not in frame.columns]
    if missing:
        raise InvalidLogError(
            f"mapped column not in the file (its columns are: {', '.join(frame.columns)})",
            missing[0],
        )
    frame = frame.rename(columns=mapping)
    back = {new: old for old, new in mapping.items()}
    data = frame.replace("", pd.NA)
    for name in _NUMBER_COLUMNS:
        if name in data.columns:
            data[name] = numbers(frame[name], back.get(name, name), decimal_comma=decimal_comma)
    if "amount" in data.columns:
        data["amount"] = _amounts(frame["amount"], decimal_comma)
    return data, source, back


def _log(data: pd.DataFrame, source: str, back: Mapping[str, str]) -> FoodLog:
    """:meth:`FoodLog.from_frame`, its errors naming the file's columns."""
    try:
        return FoodLog.from_frame(data, source=source)
    except InvalidLogError as exc:
        column = back.get(exc.column or "", exc.column)
        if exc.column in ("food", "text") and "text" in back:
            column = back["text"]
        raise InvalidLogError(exc.problem, column, exc.rows) from exc


def _amounts(cells: pd.Series, decimal_comma: bool) -> pd.Series:
    """Amount cells with their numbers normalised ("1,050" -> "1050"); text is kept."""
    text = cells.astype(str).str.strip()
    lone = text.str.fullmatch(r"[\d.,]+")
    if not lone.any():
        return text.where(text != "", pd.NA)
    try:
        parsed = numbers(text.where(lone, ""), "amount", decimal_comma=decimal_comma)
    except InvalidLogError:
        return text.where(text != "", pd.NA)  # FoodLog.from_frame reports the bad rows
    normalised = pd.Series(parsed.map("{:g}".format).to_numpy(), index=text.index)
    out: pd.Series = text.where(~lone, normalised)
    return out.where(out != "", pd.NA)
