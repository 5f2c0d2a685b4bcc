"""Writing files safely: whole or not at all, never over an input, never a live formula.

Every file mgcalc writes (reports, exports, saved logs) goes through :func:`write_bytes`:
the content is written to a temporary file in the same folder, then renamed over the
target, so a failure (a full disk, a crash, a PDF printer that gives up) leaves no partial
file behind.

Every CSV it writes (saved logs and food tables, exports, ``mgcalc analyze --format csv``)
is made by :func:`csv_text`, and every text cell of a CSV or Excel file passes through
:func:`neutralise`: text a spreadsheet would run as a formula gets a leading ``'``
(OWASP, "CSV Injection"), and a line break inside a cell is always quoted.
"""

from __future__ import annotations

import os
import secrets
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from mgcalc.errors import InvalidLogError

__all__ = [
    "FORMULA_PREFIXES",
    "check_not_input",
    "csv_text",
    "neutralise",
    "restore",
    "write_bytes",
    "write_text",
]

FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r", "\n")
"""Characters that make a spreadsheet read a cell as a formula when the cell starts with
them (OWASP's list, with the line feed); ``= + - @`` also after leading spaces."""

_FORMULA_SIGNS: Final = frozenset("=+-@＝＋－＠")  # and their full-width forms
_LINE_STARTS: Final = ("\t", "\r", "\n")


def _is_formula(text: str) -> bool:
    """Whether a spreadsheet could run ``text``: it starts with a tab or a line break, or
    its first visible character (after spaces, controls and invisible marks) is a sign."""
    if text.startswith(_LINE_STARTS):
        return True
    for char in text:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        return char in _FORMULA_SIGNS
    return False


def neutralise(value: Any, *, reversible: bool = False) -> Any:
    r"""``value`` with a leading ``'`` if it is text a spreadsheet would run as a formula.

    Non-text values (numbers, NaN, dates) are returned unchanged: numbers stay numbers.

    Parameters
    ----------
    value
        A cell.
    reversible
        Also prefix text that already starts with ``'``, so that :func:`restore` gives
        back exactly the original (for files mgcalc reads back: saved logs and tables).

    Examples
    --------
    >>> neutralise('=HYPERLINK("http://x")'), neutralise(" \u00a0@SUM(A1)"), neutralise("\r=1")
    ('\'=HYPERLINK("http://x")', "' \xa0@SUM(A1)", "'\r=1")
    >>> neutralise("spinach"), neutralise(-3.0), neutralise("'s mores", reversible=True)
    ('spinach', -3.0, "''s mores")
    """
    if isinstance(value, str) and (_is_formula(value) or (reversible and value.startswith("'"))):
        return "'" + value
    return value


def restore(value: Any) -> Any:
    """The cell :func:`neutralise` (``reversible=True``) was given: one leading ``'`` less.

    >>> restore("'=1+1"), restore("''s mores"), restore("spinach")
    ('=1+1', "'s mores", 'spinach')
    """
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


def csv_text(frame: pd.DataFrame, *, reversible: bool = False) -> str:
    r"""``frame`` as CSV text that is safe to open in a spreadsheet.

    Every text cell and column name passes through :func:`neutralise`; lines end with
    CRLF (RFC 4180), so that a carriage return or line feed inside a cell is always
    quoted and never starts a row of its own; numbers stay numbers; a missing value is
    an empty cell.

    Parameters
    ----------
    frame
        The table (its index is not written).
    reversible
        As in :func:`neutralise`, for files mgcalc reads back (cells then go through
        :func:`restore`).

    Examples
    --------
    >>> csv_text(pd.DataFrame({"meal": ["\r=1+1"], "mg": [-3.5]}))
    'meal,mg\r\n"\'\r=1+1",-3.5\r\n'
    """
    out = frame.copy()
    for column in range(out.shape[1]):
        values = out.iloc[:, column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            cells = np.empty(len(values), dtype=object)  # one cell per row, tuples included
            for row, value in enumerate(values.tolist()):
                cells[row] = neutralise(value, reversible=reversible)
            out.isetitem(column, cells)
    out.columns = [neutralise(str(c), reversible=reversible) for c in out.columns]
    return str(out.to_csv(index=False, lineterminator="\r\n"))


def check_not_input(
    output: str | os.PathLike[str],
    inputs: Iterable[str | os.PathLike[str]],
    what: str = "an input",
) -> None:
    """Refuse an output path that is one of the inputs (it would overwrite the data).

    Parameters
    ----------
    output
        The file about to be written.
    inputs
        The files it must not replace.
    what
        What the inputs are, for the message (``"the HTML report"``).

    Raises
    ------
    InvalidLogError
        If ``output`` names the same file as an input (after ``~``, ``..`` and links).
    """
    target = Path(output).expanduser().resolve()
    for source in inputs:
        if Path(source).expanduser().resolve() == target:
            raise InvalidLogError(
                f"the output {Path(output).name} is also {what}; choose another file name"
            )


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new file next to the target, opened for writing, with the mode any new file
    gets under the user's umask (``tempfile.mkstemp`` would make it private, 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = str(folder / f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:  # pragma: no cover - 48 random bits collided
            continue


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file, then rename).

    Raises
    ------
    InvalidLogError
        If the folder cannot be written.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = _create_temporary(folder, target.name)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InvalidLogError(f"cannot write {target.name}: {exc.strerror or exc}") from exc
    return target


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically.

    Raises
    ------
    InvalidLogError
        If the folder cannot be written, or the text holds a lone surrogate (no UTF-8 file
        can hold one).
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidLogError(
            f"cannot write {Path(path).name}: the text holds characters that cannot be stored "
            f"(a lone surrogate at position {exc.start})"
        ) from exc
    return write_bytes(path, data)
