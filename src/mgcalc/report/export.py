"""Export an analysis's tables to CSV and Excel, safe to open in a spreadsheet.

Tables: ``"daily"`` (per person and day), ``"meals"`` (per person, day and meal),
``"entries"`` (every logged food, resolved or not, with its reason), and for Excel also
``"supplements"`` (the dose ledger) and ``"sources"`` (top food sources).

Unknown values are written as empty cells, never as 0. Any text cell that a
spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@`` — also
after leading spaces — a tab, a carriage return or a line feed) is neutralised by a
leading ``'`` (OWASP's advice against CSV injection), so a food logged as
``=HYPERLINK("http://x")`` stays inert text; a line break inside a cell is always quoted.
The one neutralising function is :func:`mgcalc._files.neutralise`.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import pandas as pd

from mgcalc._files import FORMULA_PREFIXES, csv_text, neutralise, write_text
from mgcalc.errors import MissingExtraError, UnknownOptionError

if TYPE_CHECKING:
    from mgcalc.analysis import IntakeAnalysis

__all__ = [
    "EXPORT_TABLES",
    "FORMULA_PREFIXES",
    "ExportTable",
    "export_frame",
    "neutralise",
    "neutralise_frame",
    "write_csv",
    "write_excel",
]

ExportTable = Literal["daily", "entries", "meals", "supplements", "sources"]
EXPORT_TABLES: Final[tuple[ExportTable, ...]] = (
    "daily",
    "meals",
    "entries",
    "supplements",
    "sources",
)
"""The tables :func:`write_csv` can write; :func:`write_excel` writes one sheet each."""

_ILLEGAL_XLSX: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters an .xlsx file cannot hold."""


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell passed through :func:`neutralise`."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise).astype(object)
    out.columns = [str(neutralise(str(c))) for c in out.columns]
    return out


def _alternatives(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return "; ".join(
            f"{item[0]} ({item[1]}, {float(item[2]):.0f})"
            if isinstance(item, tuple | list) and len(item) == 3
            else str(item)
            for item in value
        )
    return value


def export_frame(analysis: IntakeAnalysis, table: ExportTable = "daily") -> pd.DataFrame:
    """One table of ``analysis`` ready to write: dates as ``YYYY-MM-DD``, candidates as text.

    Parameters
    ----------
    analysis
        The result of :func:`mgcalc.analyze`.
    table
        ``"daily"``, ``"meals"``, ``"entries"``, ``"supplements"`` or ``"sources"``.

    Returns
    -------
    pandas.DataFrame
        Amounts in the unit their column names say (``_mg`` [mg], ``grams`` [g]);
        unknown values are NaN (written as empty cells), never 0. Text is not yet
        neutralised (see :func:`neutralise_frame`).

    Raises
    ------
    UnknownOptionError
        For another ``table``.
    """
    frames = {
        "daily": lambda: analysis.daily,
        "meals": lambda: analysis.meals,
        "entries": lambda: analysis.entries,
        "supplements": lambda: analysis.supplements,
        "sources": lambda: analysis.top_sources(50),
    }
    if table not in frames:
        raise UnknownOptionError("table", table, EXPORT_TABLES)
    frame = frames[table]().copy()
    if "date" in frame.columns:
        frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    if "alternatives" in frame.columns:
        frame["alternatives"] = frame["alternatives"].map(_alternatives)
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(object)
    return frame.reset_index(drop=True)


def write_csv(
    analysis: IntakeAnalysis, path: str | os.PathLike[str], table: ExportTable = "daily"
) -> Path:
    """Write one table of ``analysis`` to a CSV file (UTF-8, formulas neutralised).

    Parameters
    ----------
    analysis
        The result of :func:`mgcalc.analyze`.
    path
        Where to write.
    table
        ``"daily"`` (default), ``"meals"``, ``"entries"``, ``"supplements"`` or
        ``"sources"``.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    return write_text(path, csv_text(export_frame(analysis, table)))


def write_excel(analysis: IntakeAnalysis, path: str | os.PathLike[str]) -> Path:
    """Write every table of ``analysis`` to an .xlsx workbook, one sheet per table.

    Parameters
    ----------
    analysis
        The result of :func:`mgcalc.analyze`.
    path
        Where to write (``.xlsx``).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    MissingExtraError
        If openpyxl is not installed (``pip install mgcalc[excel]``).
    """
    if importlib.util.find_spec("openpyxl") is None:
        raise MissingExtraError("openpyxl", "excel")
    target = Path(path)
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for table in EXPORT_TABLES:
            frame = neutralise_frame(export_frame(analysis, table))
            for column in frame.columns:
                if frame[column].dtype == object:
                    frame[column] = frame[column].map(
                        lambda v: _ILLEGAL_XLSX.sub("", v) if isinstance(v, str) else v
                    )
            frame.to_excel(writer, sheet_name=table, index=False)
            sheet = writer.sheets[table]
            for cells in sheet.iter_rows():
                for cell in cells:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"  # text, never a formula
    return target
