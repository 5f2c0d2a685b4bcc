"""FoodLog: the canonical entries of a food log, its readers and writers.

A log keeps one row per input row, with the text as the user wrote it; matching the
text to a food and converting the amount to grams happen later (:mod:`mgcalc.resolve`),
so a log is a faithful record that can be saved, corrected and analysed again.
Supplements, medications and drinking water are kept in a ledger of their own
(:attr:`FoodLog.supplements`), never mixed with food. A food line that is a drink of water
("500 ml San Pellegrino") stays a line of the log as written: :func:`mgcalc.analyze` counts
it in the water ledger (see :mod:`mgcalc.water`).

Every way of building a log — :meth:`FoodLog.from_lines`, :meth:`~FoodLog.from_frame`,
:meth:`~FoodLog.from_csv`, :meth:`~FoodLog.from_json`, a saved CSV, :meth:`~FoodLog.add`,
:meth:`~FoodLog.concat` and the constructor — passes through one door
(:func:`mgcalc._schemas.check_entries`), which reports every bad cell with its row.

Inside, a log holds plain columns (lists), so that adding a line or analysing one meal
costs microseconds; :attr:`FoodLog.entries` builds a DataFrame when someone reads it.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from mgcalc._dates import read_dates
from mgcalc._files import csv_text, restore, write_text
from mgcalc._schemas import (
    ENTRY_COLUMNS,
    LEDGER_COLUMNS,
    LEDGER_OPTIONAL,
    REPORTED_COLUMNS,
    blank_to_none,
    cell_float,
    cell_text,
    check_entries,
    check_ledger,
    check_width,
    columns_of,
    entry_columns_of,
    frame_of,
    header_width,
    storable,
    whole_id,
)
from mgcalc.errors import (
    AmountError,
    DoseError,
    InvalidLogError,
    MgcalcError,
    UnitError,
)
from mgcalc.parse import read_amount, read_quantity
from mgcalc.water import Drink, Water, drink_of, ledger_row

__all__ = ["ENTRY_COLUMNS", "SUPPLEMENT_COLUMNS", "FoodLog"]

DEFAULT_PERSON: Final = "default"

SUPPLEMENT_COLUMNS: Final = LEDGER_COLUMNS
"""The columns of :attr:`FoodLog.supplements` (see :data:`mgcalc._schemas.LEDGER_COLUMNS`)."""

_CSV_ALIASES: Final[dict[str, str]] = {
    "day": "date",
    "food": "text",
    "food_name": "text",
    "item": "text",
    "description": "text",
    "quantity": "amount",
    "qty": "amount",
    "units": "unit",
    "person": "person_id",
    "participant": "person_id",
    "subject": "person_id",
    "type": "kind",
    "product": "text",
    "label_text": "label",
    "count": "units_per_serving",
    "times_per_day": "servings_per_day",
}
_KINDS: Final = ("food", "supplement", "medication", "water", "")
_FORMAT: Final = "mgcalc.FoodLog/1"


def _empty(columns: Mapping[str, str]) -> dict[str, list[Any]]:
    return {name: [] for name in columns}


def _day(value: Any) -> np.datetime64:
    """One date (``"2026-11-20"``, a date or timestamp; today when None) as midnight."""
    if value is None:
        return np.datetime64(pd.Timestamp.now().date(), "ns")
    if isinstance(value, str):  # as an app gives it, the same text meal after meal
        return _day_of_text(value)
    day: np.datetime64 = read_dates([value], "date")[0]
    return day


@lru_cache(maxsize=256)
def _day_of_text(text: str) -> np.datetime64:
    """:func:`_day` of a text, read once per text (a date is immutable)."""
    day: np.datetime64 = read_dates([text], "date")[0]
    return day


class FoodLog:
    """A food log: one row per food entry, plus a ledger of doses and drinking water.

    Build one with :meth:`from_lines`, :meth:`from_csv`, :meth:`from_frame` or
    :meth:`add`; analyse it with :func:`mgcalc.analyze`.

    Parameters
    ----------
    entries, supplements
        Frames with the columns of :data:`ENTRY_COLUMNS` and :data:`SUPPLEMENT_COLUMNS`
        (missing columns are blank; a 0.1 frame without ``reported`` is read as 0.1
        wrote it).
    pins
        Corrections: normalised food text -> food id.

    Raises
    ------
    InvalidLogError
        Naming every bad cell and its row.

    Examples
    --------
    >>> log = FoodLog.from_lines(["1 oz almonds", "1 cup plain yogurt, low fat"], date="2026-11-20")
    >>> len(log)
    2
    >>> log.add("2 slices whole wheat bread", date="2026-11-21", meal="breakfast")
    <FoodLog: 3 entries, 0 supplement doses, 1 person, 2 days>
    """

    def __init__(
        self,
        entries: pd.DataFrame | None = None,
        supplements: pd.DataFrame | None = None,
        pins: Mapping[str, str] | None = None,
    ) -> None:
        self._rows = _empty(ENTRY_COLUMNS)
        self._doses = _empty(LEDGER_COLUMNS)
        self._pins: dict[str, str] = {}
        self._cache: dict[str, pd.DataFrame] = {}
        if entries is not None:
            if not isinstance(entries, pd.DataFrame):
                raise InvalidLogError("entries must be a pandas DataFrame", "entries")
            self._extend(entry_columns_of(entries))
        if supplements is not None:
            if not isinstance(supplements, pd.DataFrame):
                raise InvalidLogError("supplements must be a pandas DataFrame", "supplements")
            self._extend_doses(columns_of(supplements, LEDGER_COLUMNS))
        if pins is not None and not isinstance(pins, Mapping):
            raise InvalidLogError("pins must map food texts to food ids", "pins")
        for text, food_id in dict(pins or {}).items():
            self._pin(text, food_id)

    # -- the door ---------------------------------------------------------------------
    def _extend(self, columns: Mapping[str, list[Any]]) -> None:
        """Append entry columns after checking them (every bad cell reported at once)."""
        columns = _blank_is_none(columns, ENTRY_COLUMNS)
        check_entries({name: columns[name] for name in ENTRY_COLUMNS}, first_row=len(self) + 1)
        merged = {name: [*self._rows[name], *columns[name]] for name in ENTRY_COLUMNS}
        ids = merged["entry_id"]
        if len(set(ids)) != len(ids) or set(ids) & set(self._doses["entry_id"]):
            raise InvalidLogError("entry ids must be unique across entries and doses", "entry_id")
        self._rows = merged
        self._cache.clear()

    def _extend_doses(self, columns: Mapping[str, list[Any]]) -> None:
        n = len(columns["entry_id"])
        columns = {
            **{name: [math.nan] * n for name in LEDGER_OPTIONAL[:4]},
            "flags": [None] * n,
            **columns,
        }
        columns = _blank_is_none(columns, LEDGER_COLUMNS)
        first = len(self._doses["entry_id"]) + 1
        for name in ("person_id", "product", "form", "dose", "basis", "time", "flags"):
            values = columns[name]
            bad = [
                first + i for i, v in enumerate(values) if v is not None and not isinstance(v, str)
            ]
            if bad:
                raise InvalidLogError("must be text", name, bad)
            bad = [first + i for i, v in enumerate(values) if v is not None and not storable(v)]
            if bad:
                raise InvalidLogError("holds characters that cannot be stored", name, bad)
        check_ledger(columns, first_row=len(self._doses["entry_id"]) + 1)
        merged = {name: [*self._doses[name], *columns[name]] for name in LEDGER_COLUMNS}
        ids = [*self._rows["entry_id"], *merged["entry_id"]]
        if len(set(ids)) != len(ids):
            raise InvalidLogError("entry ids must be unique across entries and doses", "entry_id")
        self._doses = merged
        self._cache.clear()

    def _pin(self, text: str, food_id: str) -> None:
        from mgcalc.resolve import normalise_key

        for name, value in (("text", text), ("food_id", food_id)):
            if not isinstance(value, str) or not storable(value):
                raise InvalidLogError(f"a pin needs its {name} as text", name)
        if not food_id.strip():
            raise InvalidLogError("a pin needs a food id such as 'sr28:11458'", "food_id")
        self._pins[normalise_key(text)] = food_id.strip()

    # -- views ------------------------------------------------------------------------
    @property
    def entries(self) -> pd.DataFrame:
        """The food entries (columns :data:`ENTRY_COLUMNS`); a copy."""
        frame = self._cache.get("entries")
        if frame is None:
            frame = self._cache["entries"] = frame_of(self._rows, ENTRY_COLUMNS)
        return frame.copy()

    @property
    def supplements(self) -> pd.DataFrame:
        """The ledger of supplement and medication doses and drinking water (columns
        :data:`SUPPLEMENT_COLUMNS`); a copy."""
        frame = self._cache.get("supplements")
        if frame is None:
            frame = self._cache["supplements"] = frame_of(self._doses, LEDGER_COLUMNS)
        return frame.copy()

    @property
    def pins(self) -> dict[str, str]:
        """Corrections: food text (normalised) -> food id, applied to every occurrence."""
        return dict(self._pins)

    def columns(self) -> dict[str, list[Any]]:
        """The entries as plain columns (read-only view; for the engine)."""
        return self._rows

    def ledger_columns(self) -> dict[str, list[Any]]:
        """The ledger as plain columns (read-only view; for the engine)."""
        return self._doses

    def __len__(self) -> int:
        return len(self._rows["entry_id"])

    def __repr__(self) -> str:
        people = {*self._rows["person_id"], *self._doses["person_id"]}
        days = {*map(str, self._rows["date"]), *map(str, self._doses["date"])}
        n_people, n_days = len(people), len(days)
        return (
            f"<FoodLog: {len(self)} entries, {len(self._doses['entry_id'])} supplement doses, "
            f"{n_people} person{'s' if n_people != 1 else ''}, "
            f"{n_days} day{'s' if n_days != 1 else ''}>"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FoodLog):
            return NotImplemented
        try:
            pd.testing.assert_frame_equal(self.entries, other.entries, check_exact=True)
            pd.testing.assert_frame_equal(self.supplements, other.supplements, check_exact=True)
        except AssertionError:
            return False
        return self._pins == other._pins

    __hash__ = None  # type: ignore[assignment]  # mutable

    def _next_id(self) -> int:
        ids = [*self._rows["entry_id"], *self._doses["entry_id"]]
        return max(ids) + 1 if ids else 1

    # -- building ---------------------------------------------------------------------
    @classmethod
    def from_lines(
        cls,
        lines: Iterable[str] | str,
        *,
        date: Any = None,
        meal: str | None = None,
        person_id: str = DEFAULT_PERSON,
    ) -> FoodLog:
        """A log from free-text lines ("1 oz almonds, dry roasted"), all on one date and meal.

        Parameters
        ----------
        lines
            One food per line, amount included; a single string is split at its line
            breaks. A blank line is kept (it comes back unresolved as "empty line"), so
            the log has one entry per line given.
        date
            The day of every line (``"2026-11-20"``); today when not given.
        meal
            The meal of every line, if known.
        person_id
            Whose log it is.

        Raises
        ------
        InvalidLogError
            If a line is not text, or the date cannot be read.
        """
        if not isinstance(lines, str | Iterable) or isinstance(lines, bytes | Mapping):
            raise InvalidLogError(
                f"from_lines needs lines of text, not {type(lines).__name__}", "text"
            )
        texts = lines.splitlines() if isinstance(lines, str) else list(lines)
        bad = [i + 1 for i, t in enumerate(texts) if not isinstance(t, str)]
        if bad:
            raise InvalidLogError("every line must be text", "text", bad)
        log = cls()
        n = len(texts)
        log._extend(
            _entry_columns(
                n, start=1, person_id=[person_id] * n, date=[_day(date)] * n, meal=[meal] * n,
                text=[t.strip() for t in texts], source="text",
            )
        )  # fmt: skip
        return log

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        source: str = "frame",
        columns: Mapping[str, str] | None = None,
        dayfirst: bool | None = None,
    ) -> FoodLog:
        """A log from a DataFrame with columns date, meal, food (or text), amount and optional
        unit, food_id, person_id, time, kind ("food" | "supplement" | "medication" |
        "water"), and the supplement columns below.

        Rows whose ``kind`` is ``supplement`` or ``medication`` go to the ledger, read from
        these columns (each optional; :meth:`add_supplement` says what each means):

        ========================  ===========================================================
        ``food`` / ``product``    the product ("magnesium glycinate", "calcium carbonate")
        ``label``                 the label or dose as written ("Cal-Mag-D: per 2 tablets
                                  calcium 500 mg, magnesium 250 mg, vitamin D3 400 IU")
        ``amount``, ``unit``      amount per unit of the nutrient the product names
                                  (``200`` and ``mg``, or ``"1000 IU"`` in ``amount``)
        ``count``                 units taken at a time (``units_per_serving``)
        ``servings_per_day``      times a day (``times_per_day``)
        ``basis``, ``form``       ``elemental`` or ``compound``; the compound
        ``nutrient``              what ``amount`` is of, when the product does not say
        ``magnesium_mg``,         declared amounts per unit [mg]
        ``calcium_mg``
        ``vitamin_d_ug`` or       declared vitamin D per unit [µg] or [IU]
        ``vitamin_d_iu``
        ========================  ===========================================================

        A supplement row needs a product or a label, and an amount, a label or a declared
        amount.

        Parameters
        ----------
        frame
            One row per entry.
        source
            Recorded on every row (``"frame"``, ``"csv"``, ...).
        columns
            Renames for your own column names: ``{"Food Name": "food", "Day": "date"}``.
        dayfirst
            For dates such as ``10/11/2026``: True for day/month/year, False for
            month/day/year; by default decided once from the whole column (see
            :func:`mgcalc._dates.read_dates`).

        Raises
        ------
        InvalidLogError
            A required column is missing, or cells cannot be read (every bad row is listed);
            a supplement row that cannot be used is named by its row number.
        """
        if not isinstance(frame, pd.DataFrame):
            raise InvalidLogError(
                f"from_frame needs a pandas DataFrame, not {type(frame).__name__}", "frame"
            )
        check_width(frame, "the frame")
        if columns is not None and not isinstance(columns, Mapping):
            raise InvalidLogError("columns must map your column names to mgcalc's", "columns")
        data = frame.rename(columns=dict(columns or {})).copy()
        data.columns = [_CSV_ALIASES.get(_key(c), _key(c)) for c in data.columns]
        data = data.loc[:, ~data.columns.duplicated()].reset_index(drop=True)
        if "text" not in data.columns and "label" in data.columns:
            data["text"] = None  # a file of supplements given by their label text
        if "text" not in data.columns:
            raise InvalidLogError(
                "no food column; name one 'food' (or 'text'); the columns are "
                + ", ".join(map(str, frame.columns)),
                "food",
            )
        if "date" not in data.columns:
            raise InvalidLogError("no date column; add one named 'date' (YYYY-MM-DD)", "date")
        n = len(data)

        def column(name: str) -> list[Any]:
            if name in data.columns:
                return [cell_text(v) for v in data[name].tolist()]
            return [None] * n

        text = column("text")
        food_id = column("food_id")
        label = column("label")
        empty = [not t and not f and not b for t, f, b in zip(text, food_id, label, strict=True)]
        if any(empty):
            raise InvalidLogError(
                "empty food cell", "food", [i + 1 for i, e in enumerate(empty) if e]
            )
        dates = read_dates(data["date"].tolist(), "date", dayfirst)
        kind = [(k or "food").lower() for k in column("kind")]
        bad_kind = [i + 1 for i, k in enumerate(kind) if k not in _KINDS]
        if bad_kind:
            raise InvalidLogError(
                "kind must be 'food', 'supplement', 'medication' or 'water'", "kind", bad_kind
            )
        is_dose = pd.Series([k in ("supplement", "medication") for k in kind], index=data.index)
        dose_amounts = column("amount")  # read by the dose model ("400 IU", "10 mmol", 200)
        if "amount" in data.columns:  # the food grammar reads the other rows' amounts
            amount, unit, prefix = _amounts(data.assign(amount=data["amount"].where(~is_dose)), n)
        else:
            amount, unit, prefix = _amounts(data, n)
        text = [f"{p} {t or ''}".strip() if p else t for p, t in zip(prefix, text, strict=True)]
        food = [i for i, k in enumerate(kind) if k == "food"]
        person = [p or DEFAULT_PERSON for p in column("person_id")]
        reported = {
            name: _numbers(data[name].tolist(), name) if name in data.columns else [math.nan] * n
            for name in REPORTED_COLUMNS
        }
        flag = _flags(data["reported"].tolist()) if "reported" in data.columns else [
            any(not math.isnan(reported[c][i]) for c in REPORTED_COLUMNS[1:]) for i in range(n)
        ]  # fmt: skip
        log = cls()

        def pick(values: list[Any]) -> list[Any]:
            return [values[i] for i in food]

        log._extend(
            _entry_columns(
                len(food), entry_id=[i + 1 for i in food], person_id=pick(person),
                date=pick(list(dates)), meal=pick(column("meal")), time=pick(column("time")),
                text=[t or "" for t in pick(text)], food_id=pick(food_id), amount=pick(amount),
                unit=pick(unit), source=source, reported=pick(flag),
                **{name: pick(values) for name, values in reported.items()},  # type: ignore[arg-type]
            )
        )  # fmt: skip
        basis, form, time = column("basis"), column("form"), column("time")
        failed: list[tuple[int, MgcalcError]] = []
        for i, k in enumerate(kind):
            if k not in ("supplement", "medication", "water"):
                continue
            try:
                if k == "water":
                    log.add_water(text[i] or "", amount=_dose_text(amount[i], unit[i], "l", i),
                                  date=dates[i], person_id=person[i], time=time[i],
                                  entry_id=i + 1)  # fmt: skip
                    continue
                _add_dose_row(log, i, text[i], label[i], dose_amounts[i], unit[i], basis[i],
                              form[i], k, dates[i], person[i], time[i], data)  # fmt: skip
            except MgcalcError as exc:  # every bad dose row at once, each with its number
                failed.append((i + 1, exc))
        if failed:
            first_row, first = failed[0]
            more = f"; and {len(failed) - 1} more dose rows" if len(failed) > 1 else ""
            column_name = first.column if isinstance(first, InvalidLogError) else None
            raise InvalidLogError(
                f"row {first_row}: {_problem(first)}{more}", column_name, [r for r, _ in failed]
            ) from first
        return log

    @classmethod
    def from_csv(
        cls,
        path: str | Path,
        *,
        columns: Mapping[str, str] | None = None,
        dayfirst: bool | None = None,
        **read_csv: Any,
    ) -> FoodLog:
        """A log from a CSV file: date, meal, food, amount (+ optional unit, food_id,
        person_id, time, kind, basis, form).

        ``amount`` may hold a number with ``unit`` beside it, or text such as ``"30 g"``;
        leave it blank when the food cell holds the amount ("1 oz almonds"). Rows whose
        ``kind`` is ``supplement``, ``medication`` or ``water`` go to the ledger. Dates
        are read once for the whole file (``dayfirst``: see :meth:`from_frame`). A CSV
        written by :meth:`to_csv` is read back identically.

        Raises
        ------
        InvalidLogError
            If the file cannot be read, lacks a required column or holds bad cells.
        """
        name = Path(str(path)).name
        if "encoding" not in read_csv and _starts_utf16(path):
            read_csv = {**read_csv, "encoding": "utf-16"}
        try:
            with open(path, encoding=read_csv.get("encoding", "utf-8"), errors="replace",
                      newline="") as handle:  # fmt: skip
                check_width(header_width(handle, read_csv.get("sep", ",")), name)
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, **read_csv)
        except InvalidLogError:
            raise
        except pd.errors.EmptyDataError as exc:
            raise InvalidLogError(f"cannot read {name}: the file is empty") from exc
        except (OSError, pd.errors.ParserError, UnicodeError, ValueError, csv.Error) as exc:
            raise InvalidLogError(f"cannot read {name}: {exc}") from exc
        check_width(frame, name)
        if {"entry_id", "kind", "reported_magnesium_mg", "dose"} <= set(frame.columns):
            return cls._from_saved_csv(frame)
        frame = frame.replace("", np.nan)
        return cls.from_frame(frame, source="csv", columns=columns, dayfirst=dayfirst)

    @classmethod
    def _from_saved_csv(cls, frame: pd.DataFrame) -> FoodLog:
        """Read back what :meth:`to_csv` wrote: food rows and dose rows told apart by kind."""
        frame = frame.map(restore)  # the ' that neutralised a formula, see to_csv
        missing = [name for name in ("text", "food_id", "date", "person_id") if name not in frame]
        if missing:
            raise InvalidLogError("a saved log without this column", missing[0])
        kind = frame["kind"]
        unknown = ~kind.isin(["food", "supplement", "medication", "water", "pin"]).to_numpy()
        if unknown.any():
            raise InvalidLogError(
                "kind must be food, supplement, medication, water or pin", "kind",
                [int(i) + 1 for i in np.flatnonzero(unknown)],
            )  # fmt: skip
        entries = _typed(frame[(kind == "food").to_numpy()], ENTRY_COLUMNS)
        doses = _typed(frame[kind.isin(["supplement", "medication", "water"]).to_numpy()],
                       LEDGER_COLUMNS)  # fmt: skip
        pins = frame[(kind == "pin").to_numpy()]
        return cls(entries, doses, dict(zip(pins["text"], pins["food_id"], strict=True)))

    def add(
        self,
        text: str,
        *,
        date: Any = None,
        meal: str | None = None,
        time: str | None = None,
        food_id: str | None = None,
        amount: float | None = None,
        unit: str | None = None,
        person_id: str = DEFAULT_PERSON,
    ) -> FoodLog:
        """Add one food entry; returns the log, so calls can be chained.

        Parameters
        ----------
        text
            The food as written ("2 slices whole wheat bread"), or its name when
            ``amount`` is given.
        food_id
            Pins the food (``"sr28:11458"``), skipping text matching.
        amount, unit
            An explicit amount (``2``, ``"slice"``) [unit], overriding any amount in
            ``text``; a number, not text.

        Raises
        ------
        InvalidLogError
            If the text is not text, the amount is not a finite number of zero or more,
            or another cell cannot be stored.
        """
        if not isinstance(text, str):
            raise InvalidLogError(f"the food must be text, not {type(text).__name__}", "text")
        if amount is not None and (
            isinstance(amount, bool) or not isinstance(amount, int | float | np.number)
        ):
            raise InvalidLogError(
                f"amount must be a number such as 30 (not {amount!r}); put text such as "
                "'30 g' in the food text", "amount",
            )  # fmt: skip
        if amount is not None and not math.isfinite(amount):
            raise InvalidLogError(f"amount {amount!r} is not a finite number", "amount")
        for name, value in (("meal", meal), ("time", time), ("food_id", food_id), ("unit", unit),
                            ("person_id", person_id)):  # fmt: skip
            if value is not None and not isinstance(value, str):
                raise InvalidLogError(f"{name} must be text, not {type(value).__name__}", name)
        self._extend(
            _entry_columns(
                1, start=self._next_id(), person_id=[person_id], date=[_day(date)], meal=[meal],
                time=[time], text=[text], food_id=[food_id],
                amount=[math.nan if amount is None else float(amount)], unit=[unit], source="add",
            )
        )  # fmt: skip
        return self

    def add_supplement(
        self,
        product: str | None = None,
        *,
        amount: Any = None,
        basis: str | None = None,
        form: str | None = None,
        source: str = "supplement",
        units_per_serving: float | None = None,
        servings_per_day: float | None = None,
        calcium_mg: float | None = None,
        magnesium_mg: float | None = None,
        vitamin_d_ug: float | None = None,
        vitamin_d_iu: float | None = None,
        nutrient: str | None = None,
        label: str | None = None,
        date: Any = None,
        time: str | None = None,
        person_id: str = DEFAULT_PERSON,
        entry_id: int | None = None,
    ) -> FoodLog:
        """Add a supplement or medication taken on ``date``; returns the log.

        The dose's magnesium, calcium and vitamin D come from one of: an ``amount`` of the
        nutrient the product names ("magnesium glycinate", "calcium carbonate", "vitamin
        D3"; or ``nutrient=``, ``form=``), the amounts the label declares per unit
        (``magnesium_mg=``, ``calcium_mg=``, ``vitamin_d_ug=`` or ``vitamin_d_iu=``), or the
        ``label`` text as written. The ledger gets one row with each nutrient per day (NaN
        for a nutrient the product declares none of: it adds nothing). See
        :class:`~mgcalc.supplements.SupplementDose` and the supplements guide.

        Parameters
        ----------
        product
            The product or compound as labelled ("magnesium glycinate", "Milk of Magnesia",
            "calcium carbonate", "zinc"); optional with ``label``.
        amount
            The amount per unit: ``"200 mg"``, ``"10 mmol"``, ``"20 mEq"``, ``"1000 IU"`` or a
            Quantity, of the nutrient the product names.
        basis
            ``"elemental"`` (the amount is the element itself, as Supplement Facts declare
            it) or ``"compound"`` (the weight of the whole salt; ``form`` or the product's
            name then fixes the elemental fraction). Required when the amount is a mass of a
            named compound.
        form, nutrient
            The compound, and what ``amount`` is of (``"magnesium"``, ``"calcium"``,
            ``"vitamin_d"``), when the product's name does not say.
        source
            ``"supplement"`` or ``"medication"`` (antacids, laxatives): both count towards
            the magnesium upper limit; food never does.
        units_per_serving, servings_per_day
            Units taken at a time and times a day (default 1, or what the label says).
        magnesium_mg, calcium_mg
            Declared elemental magnesium and calcium per unit [mg].
        vitamin_d_ug, vitamin_d_iu
            Declared vitamin D per unit [µg] or [IU] (1 µg = 40 IU); give one.
        label
            The label or dose as written, read by :func:`mgcalc.supplements.parse_label`:
            ``"Cal-Mag-D: per 2 tablets calcium 500 mg, magnesium 250 mg, vitamin D3 400
            IU"``, ``"2 capsules magnesium citrate 150 mg each"``. Not with ``amount``,
            ``form``, ``nutrient`` or declared amounts.

        Raises
        ------
        DoseError
            When the dose is ambiguous (an unstated basis for a compound, a product naming
            two nutrients for one amount), names nothing mgcalc knows, the form is unknown
            or the amount unreadable.

        Warns
        -----
        UntrackedNutrientWarning
            When the product provides none of magnesium, calcium and vitamin D ("zinc 25
            mg"): it is logged and adds nothing.

        Examples
        --------
        >>> log = FoodLog().add_supplement(
        ...     label="Cal-Mag-D, 2 tablets: calcium 500 mg, magnesium 250 mg, vitamin D3 400 IU",
        ...     date="2026-11-20")
        >>> log.supplements[["magnesium_mg", "calcium_mg", "vitamin_d_ug"]].iloc[0].tolist()
        [250.0, 500.0, 10.0]
        """
        import warnings

        from pydantic import ValidationError

        from mgcalc.errors import UntrackedNutrientWarning
        from mgcalc.supplements import SupplementDose, ledger_row, parse_label
        from mgcalc.units import VITAMIN_D_IU_PER_UG

        for name, text in (("product", product), ("label", label)):
            if text is not None and not isinstance(text, str):
                raise InvalidLogError(f"the {name} must be text, not {type(text).__name__}",
                                      name)  # fmt: skip
        what = product or label or ""
        invalid: str | None = None  # what the dose model refused
        try:
            if vitamin_d_iu is not None:
                if vitamin_d_ug is not None:
                    raise DoseError(what, f"{vitamin_d_iu} IU", "give vitamin D once, in µg or IU")
                vitamin_d_ug = float(vitamin_d_iu) / VITAMIN_D_IU_PER_UG
            declared = {"magnesium_mg": magnesium_mg, "calcium_mg": calcium_mg,
                        "vitamin_d_ug": vitamin_d_ug}  # fmt: skip
            if label is not None:
                given = [k for k, v in (("amount", amount), ("form", form), ("nutrient", nutrient),
                                        *declared.items()) if v is not None]  # fmt: skip
                if given:
                    raise DoseError(what, label, f"give the label or {', '.join(given)}, not both")
                dose = parse_label(
                    label, basis=basis, source=source,  # type: ignore[arg-type]
                    units_per_serving=units_per_serving, servings_per_day=servings_per_day,
                )  # fmt: skip
                dose_text: str | None = label
            else:
                dose = SupplementDose(
                    product=product, form=form, nutrient=nutrient, amount=amount, basis=basis,
                    units_per_serving=1.0 if units_per_serving is None else units_per_serving,
                    servings_per_day=1.0 if servings_per_day is None else servings_per_day,
                    source=source, **declared,
                )  # fmt: skip
                dose_text = None if amount is None else str(amount)
        except ValidationError as exc:
            # the messages say it all; the ValidationError is not kept as the cause, as an
            # error crossing processes (Dask pickles causes) could not be unpickled with a
            # pydantic-core before 2.50 (its own error types are unknown there)
            invalid = "; ".join(str(error["msg"]) for error in exc.errors())
        except DoseError:
            raise
        except MgcalcError as exc:
            raise DoseError(what, str(amount if label is None else label), str(exc)) from exc
        if invalid is not None:
            raise DoseError(what, str(amount if label is None else label), invalid)
        row = ledger_row(dose, dose_text)
        if product is not None:
            row["product"] = product
        if not dose.tracked:
            named = ", ".join(dose.untracked) or "nothing mgcalc tracks"
            warnings.warn(
                UntrackedNutrientWarning(
                    f"{what!r} provides none of magnesium, calcium and vitamin D (it names "
                    f"{named}): logged, and it adds nothing"
                ),
                stacklevel=2,
            )
        self._extend_doses(
            {
                "entry_id": [self._next_id() if entry_id is None else entry_id],
                "person_id": [person_id],
                "date": [_day(date)],
                "time": [time],
                **{name: [row[name]] for name in ("product", "form", "dose", "basis", "source")},
                "magnesium_mg": [row["magnesium_mg"]],
                "calcium_mg": [row["calcium_mg"]],
                "vitamin_d_ug": [row["vitamin_d_ug"]],
            }
        )
        return self

    def add_water(
        self,
        water: str | Water,
        amount: str | float | None = None,
        *,
        date: Any = None,
        time: str | None = None,
        person_id: str = DEFAULT_PERSON,
        entry_id: int | None = None,
        magnesium_mg_per_l: float | None = None,
        calcium_mg_per_l: float | None = None,
    ) -> FoodLog:
        """Add a drink of water to the water ledger; returns the log.

        Water counts towards intake and the Ca:Mg ratio, never towards the magnesium UL
        (IOM: the UL covers supplements and medications only).

        Parameters
        ----------
        water
            A water of the bundled table by name, alias or id (``"Hépar"``,
            ``"San Pellegrino"``, ``"water:evian"``); ``"tap water"`` (the person's tap
            water, :attr:`mgcalc.Person.tap_water`, applied at analysis; unknown without
            it); a line with its amount (``"500 ml San Pellegrino"``,
            ``"2 glasses of tap water"``); or your own :class:`~mgcalc.water.Water`
            (``Water(name="my well", magnesium_mg_per_l=20, calcium_mg_per_l=60)``).
        amount
            The volume: ``"1.5 l"``, ``"500 ml"``, ``"2 glasses"`` (8 fl oz each, flagged),
            or a number of litres.
        magnesium_mg_per_l, calcium_mg_per_l
            The water's own content [mg/L], instead of a :class:`~mgcalc.water.Water`.

        Raises
        ------
        UnknownWaterError
            A name the table does not hold, with the closest candidates ("Gerolsteiner"
            names two different waters; the table holds Gerolsteiner Naturell), or a water
            named without a brand ("mineral water").
        InvalidLogError
            No amount, or an amount that is not a volume.

        Examples
        --------
        >>> log = FoodLog().add_water("Hépar", "1.5 l", date="2026-11-20")
        >>> row = log.supplements.iloc[0]
        >>> row["form"], row["dose"], float(row["magnesium_mg"]), float(row["calcium_mg"])
        ('water:hepar', '1.5 l', 178.5, 823.5)
        """
        if isinstance(water, str) and not storable(water):
            raise InvalidLogError("holds characters that cannot be stored", "water")
        drink = drink_of(water, amount, magnesium_mg_per_l=magnesium_mg_per_l,
                         calcium_mg_per_l=calcium_mg_per_l)  # fmt: skip
        return self._add_drink(drink, entry_id=self._next_id() if entry_id is None else entry_id,
                               date=_day(date), person_id=person_id, time=time)  # fmt: skip

    def _add_drink(
        self, drink: Drink, *, entry_id: int, date: Any, person_id: str, time: str | None = None
    ) -> FoodLog:
        """Append one drink of water to the ledger (checked like every ledger row)."""
        row = ledger_row(drink)
        self._extend_doses(
            {
                "entry_id": [entry_id],
                "person_id": [person_id],
                "date": [date],
                "time": [time],
                **{name: [value] for name, value in row.items()},
            }
        )
        return self

    def pin(self, text: str, food_id: str) -> FoodLog:
        """Correct the match of ``text``: every entry whose food text is ``text`` uses
        ``food_id``. Returns the log."""
        self._pin(text, food_id)
        return self

    def concat(self, other: FoodLog) -> FoodLog:
        """A new log holding this log's entries and doses followed by ``other``'s."""
        if not isinstance(other, FoodLog):
            raise InvalidLogError(f"can only concat a FoodLog, not {type(other).__name__}")
        offset = self._next_id() - 1
        out = FoodLog()
        out._rows = {name: list(values) for name, values in self._rows.items()}
        out._doses = {name: list(values) for name, values in self._doses.items()}
        rows = dict(other._rows, entry_id=[i + offset for i in other._rows["entry_id"]])
        doses = dict(other._doses, entry_id=[i + offset for i in other._doses["entry_id"]])
        out._extend(rows)
        out._extend_doses(doses)
        out._pins = {**self._pins, **other._pins}
        return out

    # -- saving -----------------------------------------------------------------------
    def to_json(self, path: str | Path | None = None) -> str:
        """The log as JSON (entries, supplements, pins); written to ``path`` if given.

        Standard JSON only: an unknown value is ``null``. :meth:`from_json` reads it back
        identically.
        """
        payload = {
            "format": _FORMAT,
            "entries": _records(self.entries),
            "supplements": _records(self.supplements),
            "pins": self._pins,
        }
        text = json.dumps(payload, indent=1, ensure_ascii=False, allow_nan=False)
        if path is not None:
            write_text(path, text)
        return text

    @classmethod
    def from_json(cls, source: str | Path) -> FoodLog:
        """A log from JSON text or a file written by :meth:`to_json`.

        Raises
        ------
        InvalidLogError
            If the file cannot be read or is not a mgcalc log.
        """
        if not isinstance(source, str | Path):
            raise InvalidLogError(
                f"from_json needs JSON text or a path, not {type(source).__name__}"
            )
        text = str(source)
        if not text.lstrip().startswith("{"):
            try:
                raw = Path(source).read_bytes()
            except OSError as exc:
                raise InvalidLogError(f"cannot read {Path(source).name}: {exc.strerror}") from exc
            except ValueError as exc:  # a path with a NUL in it, or unencodable characters
                raise InvalidLogError(f"cannot read {text[:80]!r}: {exc}") from exc
            try:
                text = raw.decode("utf-8-sig") if not raw.startswith((b"\xff\xfe", b"\xfe\xff")) \
                    else raw.decode("utf-16")  # fmt: skip
            except UnicodeDecodeError as exc:
                raise InvalidLogError(f"cannot read {Path(source).name}: not UTF-8 text") from exc
        try:
            payload = json.loads(text)
        except (ValueError, RecursionError) as exc:  # bad JSON; a number of 5,000 digits
            raise InvalidLogError(f"not a mgcalc log in JSON: {str(exc)[:200]}") from exc
        if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
            raise InvalidLogError(f"not a mgcalc log (its 'format' is not {_FORMAT})")
        parts = {}
        if "entries" not in payload:
            raise InvalidLogError("not a mgcalc log: it has no 'entries'", "entries")
        for key in ("entries", "supplements"):
            records = payload.get(key, [])
            if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
                raise InvalidLogError(f"not a mgcalc log: {key!r} must be a list of rows", key)
            parts[key] = pd.DataFrame(records, dtype=object)  # read by _typed, cell by cell
        pins = payload.get("pins", {})
        if not isinstance(pins, dict):
            raise InvalidLogError("not a mgcalc log: 'pins' must be an object", "pins")
        try:
            entries = _typed(parts["entries"], ENTRY_COLUMNS)
            doses = _typed(parts["supplements"], LEDGER_COLUMNS)
        except InvalidLogError:
            raise
        except (TypeError, ValueError) as exc:
            raise InvalidLogError(f"not a mgcalc log: {str(exc)[:200]}") from exc
        return cls(entries, doses, pins)

    def to_csv(self, path: str | Path) -> None:
        """Write the entries, doses and pins to one CSV file, told apart by ``kind``
        (``food``, ``supplement``, ``medication``, ``water``, ``pin``).

        :meth:`from_csv` reads it back identically. The file is safe to open in a
        spreadsheet: text that would run as a formula (``=1+1``), and text starting with
        ``'``, get a leading ``'`` (which :meth:`from_csv` removes), and line breaks in a
        cell are quoted (see :func:`mgcalc._files.csv_text`).
        """

        foods = self.entries.assign(kind="food")
        ledger = self.supplements
        doses = ledger.assign(kind=ledger["source"])
        pins = pd.DataFrame(
            {"kind": "pin", "text": list(self._pins), "food_id": list(self._pins.values())}
        )
        frames = [f for f in (foods, doses, pins) if len(f)]
        columns = list(dict.fromkeys([*ENTRY_COLUMNS, *LEDGER_COLUMNS, "kind"]))
        out = (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()).reindex(
            columns=columns
        )
        out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
        write_text(path, csv_text(out, reversible=True))

    def _repr_html_(self) -> str:
        """Compact HTML for Jupyter: counts and the first entries."""
        from mgcalc._hooks import render

        return render("foodlog", self)


# -- helpers ------------------------------------------------------------------------------


def _blank_is_none(
    columns: Mapping[str, list[Any]], dtypes: Mapping[str, str]
) -> dict[str, list[Any]]:
    """Text cells other than the food text (meal, person, food id, unit, product ...)
    without the spaces around them, and None when blank: as every file format reads them
    back. The food text is kept as given, "" when blank (an empty line)."""
    out = dict(columns)
    for name, dtype in dtypes.items():
        if name == "text":
            out[name] = _each_distinct(out[name], _blank_text)
        elif dtype == "object":
            out[name] = _each_distinct(out[name], _stripped)
    return out


def _blank_text(value: Any) -> Any:
    return value if not isinstance(value, str) or value.strip() else ""


def _stripped(value: Any) -> Any:
    return (value.strip() or None) if isinstance(value, str) else value


def _each_distinct(values: list[Any], rule: Callable[[Any], Any]) -> list[Any]:
    """``[rule(v) for v in values]``, with ``rule`` applied once per distinct value: a
    column of 100,000 lines holds a few thousand texts and one person, date and meal."""
    try:
        distinct = set(values)
    except TypeError:  # an unhashable cell: the door check names it
        return [rule(v) for v in values]
    distinct.discard(None)  # blank stays blank under every rule
    changed: dict[Any, Any] = {}
    for v in distinct:
        new = rule(v)
        if new is not v:
            changed[v] = new
    if not changed:
        return list(values)
    return [changed.get(v, v) for v in values]


def _entry_columns(
    n: int, *, source: str, start: int = 1, entry_id: list[int] | None = None, **given: Any
) -> dict[str, list[Any]]:
    """Entry columns for ``n`` rows: the given ones, the rest blank."""
    out: dict[str, list[Any]] = {}
    for name, dtype in ENTRY_COLUMNS.items():
        if name in given:
            out[name] = list(given[name])
        elif dtype == "float64":
            out[name] = [math.nan] * n
        elif dtype == "bool":
            out[name] = [False] * n
        else:
            out[name] = [None] * n
    out["entry_id"] = entry_id if entry_id is not None else list(range(start, start + n))
    out["source"] = [source] * n
    if "text" not in given:
        out["text"] = [""] * n
    return out


def _amounts(data: pd.DataFrame, n: int) -> tuple[list[float], list[str | None], list[str | None]]:
    """The amount and unit columns, and the amount cells to read with the food text.

    Numbers stay numbers; ``"30 g"`` in an amount cell becomes 30 and ``"g"`` (read by the
    one amount grammar). A cell the grammar reads with a note (``"2-3 slices"``, ``"about
    30 g"``) is kept as text before the food, so the line keeps its flag (range midpoint,
    approximate).
    """
    units: list[str | None] = (
        [cell_text(u) for u in data["unit"]] if "unit" in data.columns else [None] * n
    )
    prefixes: list[str | None] = [None] * n
    if "amount" not in data.columns:
        return [math.nan] * n, units, prefixes
    amounts: list[float] = []
    bad: list[int] = []
    for i, cell in enumerate(data["amount"].tolist()):
        value = blank_to_none(cell)
        if value is None:
            amounts.append(math.nan)
            continue
        if isinstance(value, int | float | np.number) and not isinstance(value, bool):
            amounts.append(float(value))
            if not math.isfinite(float(value)):
                bad.append(i + 1)
            continue
        try:
            read = read_amount(str(value))
        except (AmountError, UnitError):
            read = None
        if read is None or read.number is None:
            bad.append(i + 1)
            amounts.append(math.nan)
            continue
        if read.flags:
            prefixes[i] = " ".join(str(value).split())
            amounts.append(math.nan)
            continue
        amounts.append(read.number)
        if read.unit != "each" and units[i] is None:
            units[i] = read.unit
    if bad:
        raise InvalidLogError(
            "amount is not a number (write 30, 1.5 or '30 g'; fractions go in the food text)",
            "amount",
            bad,
        )
    return amounts, units, prefixes


_DOSE_COLUMNS: Final = ("magnesium_mg", "calcium_mg", "vitamin_d_ug", "vitamin_d_iu",
                         "units_per_serving", "servings_per_day")  # fmt: skip


def _add_dose_row(
    log: FoodLog, i: int, product: str | None, label: str | None, amount: str | None,
    unit: str | None, basis: str | None, form: str | None, kind: str, date: Any,
    person_id: str, time: str | None, data: pd.DataFrame,
) -> None:  # fmt: skip
    """Add row ``i`` of a frame (a supplement or medication) to the ledger; a problem is an
    :class:`InvalidLogError` naming the row."""
    numbers: dict[str, float | None] = {}
    for name in _DOSE_COLUMNS:
        cell = data[name].iloc[i] if name in data.columns else None
        value = cell_float(cell)
        if blank_to_none(cell) is not None and (math.isnan(value) or not math.isfinite(value)):
            raise InvalidLogError(f"{name} must be a number (or blank)", name, [i + 1])
        numbers[name] = None if math.isnan(value) else value
    nutrient = cell_text(data["nutrient"].iloc[i]) if "nutrient" in data.columns else None
    declared = any(numbers[name] is not None for name in _DOSE_COLUMNS[:4])
    if amount is None and label is None and not declared:
        raise InvalidLogError(
            "a supplement row needs an amount such as '200 mg', its label text or a declared "
            "amount (magnesium_mg, calcium_mg, vitamin_d_ug)", "amount", [i + 1],
        )  # fmt: skip
    if amount is not None:
        try:
            written_unit = read_quantity(amount)[1]
        except (AmountError, UnitError):
            written_unit = ""  # not a number: the dose model says what is wrong
        if written_unit is None:  # 200 and mg in two cells; a number alone is mg, as in 0.1
            amount = f"{amount} {unit or 'mg'}"
    try:
        log.add_supplement(
            product, amount=amount, label=label, basis=basis, form=form, nutrient=nutrient,
            source=kind, date=date, person_id=person_id, time=time, entry_id=i + 1,
            magnesium_mg=numbers["magnesium_mg"], calcium_mg=numbers["calcium_mg"],
            vitamin_d_ug=numbers["vitamin_d_ug"], vitamin_d_iu=numbers["vitamin_d_iu"],
            units_per_serving=numbers["units_per_serving"],
            servings_per_day=numbers["servings_per_day"],
        )  # fmt: skip
    except DoseError as exc:
        raise InvalidLogError(str(exc), "label" if label else "food", [i + 1]) from exc


def _starts_utf16(path: Any) -> bool:
    """Whether the file at ``path`` starts with a UTF-16 byte-order mark."""
    try:
        with open(path, "rb") as handle:
            return handle.read(2) in (b"\xff\xfe", b"\xfe\xff")
    except (OSError, TypeError, ValueError):  # pandas reports what is wrong with the path
        return False


def _problem(error: MgcalcError) -> str:
    """An error's message without its own row list (the caller gives the rows)."""
    return error.problem if isinstance(error, InvalidLogError) else str(error)


def _dose_text(amount: float, unit: Any, default_unit: str, index: int) -> str:
    if math.isnan(amount):
        raise InvalidLogError("a supplement row needs an amount such as '200 mg'", "amount",
                              [index + 1])  # fmt: skip
    return f"{amount:.17g} {unit or default_unit}"


def _key(name: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: dates as YYYY-MM-DD, NaN as null, floats with every digit."""
    out = frame.copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    records = out.astype(object).where(out.notna(), None).to_dict(orient="records")
    return [
        {str(k): (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}
        for row in records
    ]


def _numbers(values: list[Any], name: str) -> list[float]:
    """Number cells as floats (blank: NaN); text that is no number is refused with its rows
    (never read as unknown)."""
    out = [cell_float(v) for v in values]
    bad = [i + 1 for i, (number, cell) in enumerate(zip(out, values, strict=True))
           if math.isnan(number) and blank_to_none(cell) is not None
           and not (isinstance(cell, float | np.floating) and math.isnan(cell))]  # fmt: skip
    if bad:
        raise InvalidLogError("must be a number (or blank)", name, bad)
    return out


def _flags(values: list[Any]) -> list[bool]:
    """Flag cells (True/False, 1/0, blank: False) as bools; anything else refused."""
    out = [_flag(v) for v in values]
    bad = [i + 1 for i, flag in enumerate(out) if flag is None]
    if bad:
        raise InvalidLogError("must be True or False", "reported", bad)
    return [bool(flag) for flag in out]


def _whole_cell(value: Any) -> int | None:
    """A saved id (``3``, ``"3"``, ``"3.0"``) as an int; None if it is not a whole number."""
    return None if isinstance(value, bool) else whole_id(cell_float(value))


def _flag(value: Any) -> bool | None:
    """A saved flag (True, ``"True"``, ``"1"``, blank: False); None if it is none of these."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    text = "" if blank_to_none(value) is None else str(value).strip().lower()
    return {"true": True, "1": True, "1.0": True, "false": False, "0": False, "0.0": False,
            "": False}.get(text)  # fmt: skip


def _typed(frame: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """Restore dtypes of a frame read from text: numbers, dates, and None for blanks.

    Raises
    ------
    InvalidLogError
        Naming the column and the rows (of the file: the frame's index) that hold no
        number, whole number or flag where one belongs.
    """
    out = frame.copy()
    rows = [int(i) + 1 if isinstance(i, int | np.integer) else n + 1
            for n, i in enumerate(out.index)]  # fmt: skip
    for name, dtype in columns.items():
        if name not in out.columns:
            if name == "reported":
                continue  # a 0.1 file: FoodLog derives it
            out[name] = np.nan if dtype == "float64" else None
        if dtype == "float64":
            values = [cell_float(v) for v in out[name]]
            bad = [row for row, v, cell in zip(rows, values, out[name], strict=True)
                   if math.isnan(v) and blank_to_none(cell) is not None
                   and not (isinstance(cell, float) and math.isnan(cell))]  # fmt: skip
            if bad:
                raise InvalidLogError("must be a number (or blank)", name, bad)
            out[name] = np.asarray(values, dtype="float64")
        elif dtype == "int64":
            whole = [_whole_cell(v) for v in out[name]]
            bad = [row for row, v in zip(rows, whole, strict=True) if v is None]
            if bad:
                raise InvalidLogError("must be a whole number", name, bad)
            out[name] = np.asarray(whole, dtype="int64")
        elif dtype == "bool":
            flags = [_flag(v) for v in out[name]]
            bad = [row for row, v in zip(rows, flags, strict=True) if v is None]
            if bad:
                raise InvalidLogError("must be True or False", name, bad)
            out[name] = np.asarray(flags, dtype=bool)
        elif dtype.startswith("datetime"):
            out[name] = (
                read_dates(out[name].tolist(), name)
                if len(out)
                else pd.Series([], dtype="datetime64[ns]")
            )
        else:
            out[name] = (
                out[name]
                .astype(object)
                .where(out[name].notna() & (out[name].astype(object) != ""), None)
            )
    keep = [c for c in columns if c in out.columns]
    return out[keep].reset_index(drop=True)
