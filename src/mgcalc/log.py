"""FoodLog: the canonical entries frame of a food log, its readers and writers.

A log keeps one row per input row, with the text as the user wrote it; matching the
text to a food and converting the amount to grams happen later (:mod:`mgcalc.intake`),
so a log is a faithful record that can be saved, corrected and analysed again.
Supplements and medications are kept in a ledger of their own
(:attr:`FoodLog.supplements`), never mixed with food.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from mgcalc._schemas import entries_schema, validate
from mgcalc.errors import DoseError, InvalidLogError

__all__ = ["ENTRY_COLUMNS", "SUPPLEMENT_COLUMNS", "FoodLog"]

DEFAULT_PERSON: Final = "default"

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
}
"""The columns of :attr:`FoodLog.entries` and their dtypes.

``text`` is the food as the user wrote it (with its amount, for free text); ``food_id``
pins the food when given; ``amount`` and ``unit`` are explicit amounts (NaN/None when
the amount is in the text or not given); ``source`` is where the row came from
(``text``, ``csv``, ``frame``, ``cronometer`` ...). The ``reported_*`` columns hold
values an import already computed for the entry [g], [mg] (NaN when not reported).
"""

SUPPLEMENT_COLUMNS: Final[dict[str, str]] = {
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
}
"""The columns of :attr:`FoodLog.supplements`: one row per dose per day.

``magnesium_mg`` and ``calcium_mg`` are elemental amounts for the whole day's dose
(servings × units per serving already applied) [mg/day]; ``source`` is
``"supplement"`` or ``"medication"``.
"""

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
}
_AMOUNT_TEXT: Final = re.compile(r"^\s*(\d+(?:\.\d+)?|\d*\.\d+)\s*([^\d\s].*)?$")


def _empty(columns: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def _dates(values: pd.Series, column: str = "date") -> pd.Series:
    """Parse a date column; every unreadable cell is reported at once, with its row."""
    text = values.astype("string").str.strip()
    parsed = pd.to_datetime(text, errors="coerce", format="mixed")
    bad = parsed.isna() & text.notna() & (text != "")
    if bad.any():
        rows = [int(i) + 1 for i in np.flatnonzero(bad.to_numpy())]
        examples = ", ".join(repr(v) for v in text[bad].head(3))
        raise InvalidLogError(
            f"unreadable date ({examples}); write dates as YYYY-MM-DD", column, rows
        )
    return parsed.dt.normalize().astype("datetime64[ns]")


def _split_amount_text(amount: pd.Series, unit: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers stay numbers; ``"30 g"`` in an amount cell becomes 30 and ``"g"``."""
    if pd.api.types.is_numeric_dtype(amount):
        return amount.astype("float64"), unit
    text = amount.astype("string").str.strip()
    number = pd.to_numeric(text, errors="coerce")
    parts = text.str.extract(_AMOUNT_TEXT)
    from_text = pd.to_numeric(parts[0], errors="coerce")
    number = number.fillna(from_text)
    unit = unit.where(unit.notna() & (unit.astype("string") != ""), parts[1].str.strip())
    bad = number.isna() & text.notna() & (text != "")
    if bad.any():
        rows = [int(i) + 1 for i in np.flatnonzero(bad.to_numpy())]
        raise InvalidLogError(
            "amount is not a number (write 30, 1.5 or '30 g'; fractions go in the food text)",
            "amount",
            rows,
        )
    return number.astype("float64"), unit


class FoodLog:
    """A food log: one row per food entry, plus a ledger of supplement and medication doses.

    Build one with :meth:`from_lines`, :meth:`from_csv`, :meth:`from_frame` or
    :meth:`add`; analyse it with :func:`mgcalc.analyze`.

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
        self._entries = _empty(ENTRY_COLUMNS) if entries is None else entries
        self._supplements = _empty(SUPPLEMENT_COLUMNS) if supplements is None else supplements
        self._pins: dict[str, str] = dict(pins or {})

    # -- views ------------------------------------------------------------------------
    @property
    def entries(self) -> pd.DataFrame:
        """The food entries (columns :data:`ENTRY_COLUMNS`); a copy."""
        return self._entries.copy()

    @property
    def supplements(self) -> pd.DataFrame:
        """The supplement and medication ledger (columns :data:`SUPPLEMENT_COLUMNS`); a copy."""
        return self._supplements.copy()

    @property
    def pins(self) -> dict[str, str]:
        """Corrections: food text (normalised) -> food id, applied to every occurrence."""
        return dict(self._pins)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        people = pd.concat([self._entries["person_id"], self._supplements["person_id"]]).nunique()
        days = pd.concat([self._entries["date"], self._supplements["date"]]).nunique()
        return (
            f"<FoodLog: {len(self._entries)} entries, {len(self._supplements)} supplement doses, "
            f"{people} person{'s' if people != 1 else ''}, {days} day{'s' if days != 1 else ''}>"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FoodLog):
            return NotImplemented
        try:
            pd.testing.assert_frame_equal(self._entries, other._entries, check_exact=True)
            pd.testing.assert_frame_equal(self._supplements, other._supplements, check_exact=True)
        except AssertionError:
            return False
        return self._pins == other._pins

    __hash__ = None  # type: ignore[assignment]  # mutable

    def _next_id(self) -> int:
        ids = pd.concat([self._entries["entry_id"], self._supplements["entry_id"]])
        return int(ids.max()) + 1 if len(ids) else 1

    # -- building ---------------------------------------------------------------------
    @classmethod
    def from_lines(
        cls,
        lines: Iterable[str],
        *,
        date: Any = None,
        meal: str | None = None,
        person_id: str = DEFAULT_PERSON,
    ) -> FoodLog:
        """A log from free-text lines ("1 oz almonds, dry roasted"), all on one date and meal.

        Parameters
        ----------
        lines
            One food per line, amount included.
        date
            The day of every line (``"2026-11-20"``); today when not given.
        meal
            The meal of every line, if known.
        person_id
            Whose log it is.
        """
        texts = [str(line).strip() for line in lines]
        texts = [t for t in texts if t]
        frame = pd.DataFrame({"text": texts})
        frame["date"] = pd.Timestamp(date if date is not None else pd.Timestamp.now().date())
        frame["meal"] = meal
        frame["person_id"] = person_id
        return cls.from_frame(frame, source="text")

    @classmethod
    def from_frame(
        cls, frame: pd.DataFrame, *, source: str = "frame", columns: Mapping[str, str] | None = None
    ) -> FoodLog:
        """A log from a DataFrame with columns date, meal, food (or text), amount and optional
        unit, food_id, person_id, time, kind ("food" | "supplement" | "medication").

        Parameters
        ----------
        frame
            One row per entry.
        source
            Recorded on every row (``"frame"``, ``"csv"``, ...).
        columns
            Renames for your own column names: ``{"Food Name": "food", "Day": "date"}``.

        Raises
        ------
        InvalidLogError
            A required column is missing, or cells cannot be read (every bad row is listed).
        """
        data = frame.rename(columns=dict(columns or {})).copy()
        data.columns = [_CSV_ALIASES.get(_key(c), _key(c)) for c in data.columns]
        if "text" not in data.columns:
            raise InvalidLogError(
                "no food column; name one 'food' (or 'text'); the columns are "
                + ", ".join(map(str, frame.columns)),
                "food",
            )
        if "date" not in data.columns:
            raise InvalidLogError("no date column; add one named 'date' (YYYY-MM-DD)", "date")
        n = len(data)
        text = data["text"].astype("string").str.strip()
        empty_text = text.isna() | (text == "")
        has_food_id = "food_id" in data.columns
        if has_food_id:
            empty_text &= data["food_id"].isna() | (data["food_id"].astype("string") == "")
        if empty_text.any():
            rows = [int(i) + 1 for i in np.flatnonzero(empty_text.to_numpy())]
            raise InvalidLogError("empty food cell", "food", rows)
        dates = _dates(data["date"].reset_index(drop=True))
        amount = data["amount"] if "amount" in data.columns else pd.Series(np.nan, index=data.index)
        unit = (
            data["unit"].astype(object)
            if "unit" in data.columns
            else pd.Series(None, index=data.index, dtype=object)
        )
        amount, unit = _split_amount_text(
            amount.reset_index(drop=True), unit.reset_index(drop=True)
        )
        kind = (
            data["kind"].astype("string").str.strip().str.lower().fillna("food")
            if "kind" in data.columns
            else pd.Series("food", index=data.index, dtype="string")
        ).reset_index(drop=True)
        bad_kind = ~kind.isin(["food", "supplement", "medication", ""])
        if bad_kind.any():
            rows = [int(i) + 1 for i in np.flatnonzero(bad_kind.to_numpy())]
            raise InvalidLogError("kind must be 'food', 'supplement' or 'medication'", "kind", rows)

        def column(name: str, default: Any = None) -> pd.Series:
            if name in data.columns:
                values = data[name].reset_index(drop=True).astype(object)
                return values.where(values.notna(), default)
            return pd.Series([default] * n, dtype=object)

        entries = pd.DataFrame(
            {
                "entry_id": np.arange(1, n + 1, dtype="int64"),
                "person_id": column("person_id", DEFAULT_PERSON).astype(str),
                "date": dates,
                "meal": column("meal"),
                "time": column("time"),
                "text": text.reset_index(drop=True).astype(object).where(lambda s: s.notna(), ""),
                "food_id": column("food_id"),
                "amount": amount,
                "unit": unit.astype(object).where(unit.notna(), None),
                "source": source,
                "reported_grams": _floats(data, "reported_grams"),
                "reported_magnesium_mg": _floats(data, "reported_magnesium_mg"),
                "reported_calcium_mg": _floats(data, "reported_calcium_mg"),
            }
        )
        entries["food_id"] = entries["food_id"].map(
            lambda v: None if v is None or str(v).strip() == "" else str(v).strip()
        )
        entries = entries.astype(ENTRY_COLUMNS)
        validate(entries, entries_schema(), "food log")
        log = cls(entries=entries[kind.isin(["food", ""]).to_numpy()].reset_index(drop=True))
        doses = entries[~kind.isin(["food", ""]).to_numpy()]
        dose_kinds = kind[~kind.isin(["food", ""])].tolist()
        for row, source_kind in zip(doses.to_dict("records"), dose_kinds, strict=True):
            position = int(row["entry_id"]) - 1
            log.add_supplement(
                str(row["text"]),
                amount=_dose_text(float(row["amount"]), row["unit"]),
                basis=_cell(data, "basis", position),
                form=_cell(data, "form", position),
                source=str(source_kind),
                date=row["date"],
                person_id=str(row["person_id"]),
                time=None if row["time"] is None else str(row["time"]),
            )
        return log

    @classmethod
    def from_csv(
        cls,
        path: str | Path,
        *,
        columns: Mapping[str, str] | None = None,
        **read_csv: Any,
    ) -> FoodLog:
        """A log from a CSV file: date, meal, food, amount (+ optional unit, food_id,
        person_id, time, kind, basis, form).

        ``amount`` may hold a number with ``unit`` beside it, or text such as ``"30 g"``;
        leave it blank when the food cell holds the amount ("1 oz almonds"). Rows whose
        ``kind`` is ``supplement`` or ``medication`` go to the supplement ledger. A CSV
        written by :meth:`to_csv` is read back identically.

        Raises
        ------
        InvalidLogError
            If the file cannot be read, lacks a required column or holds bad cells.
        """
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, **read_csv)
        except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise InvalidLogError(f"cannot read {Path(path).name}: {exc}") from exc
        if {"entry_id", "kind", "reported_magnesium_mg", "dose"} <= set(frame.columns):
            return cls._from_saved_csv(frame)
        frame = frame.replace("", np.nan)
        return cls.from_frame(frame, source="csv", columns=columns)

    @classmethod
    def _from_saved_csv(cls, frame: pd.DataFrame) -> FoodLog:
        """Read back what :meth:`to_csv` wrote: food rows and dose rows told apart by kind."""
        kind = frame["kind"] if "kind" in frame.columns else pd.Series("food", index=frame.index)
        entries = _typed(frame[kind == "food"], ENTRY_COLUMNS)
        supplements = _typed(frame[kind.isin(["supplement", "medication"])], SUPPLEMENT_COLUMNS)
        pins = frame[kind == "pin"]
        return cls(entries, supplements, dict(zip(pins["text"], pins["food_id"], strict=True)))

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
            An explicit amount (``2``, ``"slice"``), overriding any amount in ``text``.
        """
        if amount is not None and (not math.isfinite(amount)):
            raise InvalidLogError(f"amount {amount!r} is not a finite number", "amount")
        row = {
            "entry_id": self._next_id(),
            "person_id": person_id,
            "date": pd.Timestamp(
                date if date is not None else pd.Timestamp.now().date()
            ).normalize(),
            "meal": meal,
            "time": time,
            "text": text,
            "food_id": food_id,
            "amount": np.nan if amount is None else float(amount),
            "unit": unit,
            "source": "add",
            "reported_grams": np.nan,
            "reported_magnesium_mg": np.nan,
            "reported_calcium_mg": np.nan,
        }
        self._entries = _append(self._entries, row, ENTRY_COLUMNS)
        return self

    def add_supplement(
        self,
        product: str,
        *,
        amount: Any,
        basis: str | None = None,
        form: str | None = None,
        source: str = "supplement",
        units_per_serving: float = 1.0,
        servings_per_day: float = 1.0,
        calcium_mg: float | None = None,
        date: Any = None,
        time: str | None = None,
        person_id: str = DEFAULT_PERSON,
    ) -> FoodLog:
        """Add a supplement or medication dose taken on ``date``; returns the log.

        Parameters
        ----------
        product
            The product or compound as labelled ("magnesium glycinate", "Milk of Magnesia").
        amount
            The amount per unit: ``"200 mg"``, ``"10 mmol"``, ``"20 mEq"`` or a Quantity.
        basis
            ``"elemental"`` (the amount is magnesium itself, as Supplement Facts declare
            it) or ``"compound"`` (the weight of the whole salt; ``form`` then fixes the
            magnesium fraction). Required when the amount is a mass of a named compound.
        source
            ``"supplement"`` or ``"medication"`` (antacids, laxatives): both count
            towards the upper limit; food never does.
        units_per_serving, servings_per_day
            Multipliers for the daily dose.
        calcium_mg
            Elemental calcium per unit, for Cal-Mag products [mg].

        Raises
        ------
        MgcalcError
            From :class:`mgcalc.supplements.SupplementDose` when the dose is ambiguous
            or the form unknown.
        """
        from pydantic import ValidationError

        from mgcalc.supplements import SupplementDose

        try:
            dose = SupplementDose(
                product=product,
                form=form,
                amount=amount,
                basis=basis,
                units_per_serving=units_per_serving,
                servings_per_day=servings_per_day,
                source=source,
                calcium_mg=calcium_mg,
            )
        except ValidationError as exc:
            problems = "; ".join(str(error["msg"]) for error in exc.errors())
            raise DoseError(str(product), str(amount), problems) from exc
        row = {
            "entry_id": self._next_id(),
            "person_id": person_id,
            "date": pd.Timestamp(
                date if date is not None else pd.Timestamp.now().date()
            ).normalize(),
            "time": time,
            "product": product,
            "form": dose.form,
            "dose": str(amount),
            "basis": dose.basis,
            "source": dose.source,
            "magnesium_mg": dose.magnesium_mg_per_day,
            "calcium_mg": dose.calcium_mg_per_day,
        }
        self._supplements = _append(self._supplements, row, SUPPLEMENT_COLUMNS)
        return self

    def pin(self, text: str, food_id: str) -> FoodLog:
        """Correct the match of ``text``: every entry whose food text is ``text`` uses
        ``food_id``. Returns the log."""
        from mgcalc.resolve import normalise_key

        self._pins[normalise_key(text)] = food_id
        return self

    def concat(self, other: FoodLog) -> FoodLog:
        """A new log holding this log's entries and doses followed by ``other``'s."""
        offset = self._next_id() - 1
        entries = other._entries.assign(entry_id=other._entries["entry_id"] + offset)
        supplements = other._supplements.assign(entry_id=other._supplements["entry_id"] + offset)
        return FoodLog(
            pd.concat([self._entries, entries], ignore_index=True).astype(ENTRY_COLUMNS),
            pd.concat([self._supplements, supplements], ignore_index=True).astype(
                SUPPLEMENT_COLUMNS
            ),
            {**self._pins, **other._pins},
        )

    # -- saving -----------------------------------------------------------------------
    def to_json(self, path: str | Path | None = None) -> str:
        """The log as JSON (entries, supplements, pins); written to ``path`` if given.

        :meth:`from_json` reads it back identically.
        """
        payload = {
            "format": "mgcalc.FoodLog/1",
            "entries": _records(self._entries),
            "supplements": _records(self._supplements),
            "pins": self._pins,
        }
        text = json.dumps(payload, indent=1, ensure_ascii=False)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    @classmethod
    def from_json(cls, source: str | Path) -> FoodLog:
        """A log from JSON text or a file written by :meth:`to_json`."""
        text = str(source)
        if not text.lstrip().startswith("{"):
            text = Path(source).read_text(encoding="utf-8")
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidLogError(f"not a mgcalc log in JSON: {exc}") from exc
        if payload.get("format") != "mgcalc.FoodLog/1":
            raise InvalidLogError("not a mgcalc log (its 'format' is not mgcalc.FoodLog/1)")
        entries = _typed(pd.DataFrame(payload["entries"]), ENTRY_COLUMNS)
        supplements = _typed(pd.DataFrame(payload["supplements"]), SUPPLEMENT_COLUMNS)
        return cls(entries, supplements, payload.get("pins", {}))

    def to_csv(self, path: str | Path) -> None:
        """Write the entries, supplement doses and pins to one CSV file, told apart by ``kind``
        (``food``, ``supplement``, ``medication``, ``pin``).

        :meth:`from_csv` reads it back identically.
        """
        foods = self._entries.assign(kind="food")
        doses = self._supplements.assign(kind=self._supplements["source"])
        pins = pd.DataFrame(
            {"kind": "pin", "text": list(self._pins), "food_id": list(self._pins.values())}
        )
        out = pd.concat([foods, doses, pins], ignore_index=True)
        columns = list(dict.fromkeys([*ENTRY_COLUMNS, *SUPPLEMENT_COLUMNS, "kind"]))
        out = out.reindex(columns=columns)
        out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
        out.to_csv(path, index=False)

    def _repr_html_(self) -> str:
        """Compact HTML for Jupyter: counts and the first entries."""
        from mgcalc.report.html import foodlog_repr_html

        return foodlog_repr_html(self)


def _append(frame: pd.DataFrame, row: dict[str, Any], columns: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` with ``row`` appended, in the declared dtypes."""
    addition = pd.DataFrame([row]).astype(columns)
    if not len(frame):
        return addition
    return pd.concat([frame, addition], ignore_index=True).astype(columns)


def _key(name: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


def _floats(data: pd.DataFrame, name: str) -> pd.Series:
    if name not in data.columns:
        return pd.Series(np.nan, index=range(len(data)), dtype="float64")
    return pd.to_numeric(data[name].reset_index(drop=True), errors="coerce").astype("float64")


def _cell(data: pd.DataFrame, name: str, position: int) -> str | None:
    if name not in data.columns:
        return None
    value = data[name].iloc[position]
    return None if pd.isna(value) or str(value).strip() == "" else str(value).strip()


def _dose_text(amount: float, unit: Any) -> str:
    if math.isnan(amount):
        raise InvalidLogError("a supplement row needs an amount such as '200 mg'", "amount")
    return f"{amount:g} {unit or 'mg'}"


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: dates as YYYY-MM-DD, NaN as null, floats with every digit."""
    out = frame.copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    records = out.astype(object).where(out.notna(), None).to_dict(orient="records")
    return [
        {str(k): (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}
        for row in records
    ]


def _typed(frame: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """Restore dtypes of a frame read from text: numbers, dates, and None for blanks."""
    out = frame.copy()
    for name, dtype in columns.items():
        if name not in out.columns:
            out[name] = np.nan if dtype == "float64" else None
        if dtype == "float64":
            out[name] = pd.to_numeric(out[name].replace("", np.nan), errors="coerce").astype(
                "float64"
            )
        elif dtype == "int64":
            out[name] = pd.to_numeric(out[name]).astype("int64")
        elif dtype.startswith("datetime"):
            out[name] = pd.to_datetime(out[name]).astype("datetime64[ns]")
        else:
            out[name] = (
                out[name]
                .astype(object)
                .where(out[name].notna() & (out[name].astype(object) != ""), None)
            )
    return out[list(columns)].reset_index(drop=True) if columns else out.reset_index(drop=True)


def entries_of(logs: Sequence[FoodLog]) -> pd.DataFrame:
    """All entries of several logs in one frame (entry ids renumbered)."""
    combined = FoodLog()
    for log in logs:
        combined = combined.concat(log)
    return combined.entries
