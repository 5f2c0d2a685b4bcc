"""The fuzz targets: every public entry point of mgcalc, by name, with hostile arguments.

Each target calls one entry point with arguments drawn by hypothesis and returns what it
returned; the harness (:mod:`contract`) checks the contract on that call (returns with
finite numbers, or refuses with a MgcalcError; never anything else, never a hang), and
the target's *law*, if it has one, checks what only this entry point promises (rows in ==
rows out, a JSON round trip, no live formula in an export).

Adding a target
---------------
``tests/fuzz/test_fuzz_registry.py`` fails for any callable of ``mgcalc.__all__`` with no
target here (or a reason in :data:`NOT_FUZZED`). For a new public name ``suggest``::

    @fuzz("suggest", text=hostile_lines, n=sometimes(hostile_numbers, st.integers(1, 20)))
    def _suggest(text: str, n: int) -> object:
        return mg.suggest(text, n=n)


    @_suggest.law
    def _(result: object, text: str, n: int) -> None:
        assert len(result) <= n

The keyword arguments of :func:`fuzz` are hypothesis strategies, one per argument of the
function (the hostile ones are in ``tests/strategies.py``: ``hostile_lines``,
``hostile_cells``, ``hostile_numbers``, ``hostile_dates``, ``hostile_frames``, file bytes);
wrap an argument as ``sometimes(hostile, usual)`` so that most calls get past the first
check and the deeper code is fuzzed too. ``validation_error=True`` accepts a
:class:`pydantic.ValidationError` as a refusal (model constructors). Methods get names such
as ``"FoodLog.add"``; a class is covered by a target of its own name or of one of its
methods. A name that must not be fuzzed goes in :data:`NOT_FUZZED`, with the reason.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import shutil
import tempfile
from collections.abc import Callable, Mapping
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pandas as pd
from contract import strict_json
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import mgcalc as mg
from mgcalc import errors
from mgcalc.defaults import MAX_DOSE_MG, MAX_ENTRY_GRAMS
from strategies import (
    HOSTILE_AMOUNTS,
    HOSTILE_FOODS,
    HOSTILE_PIECES,
    HOSTILE_UNITS,
    VALID_DATES,
    any_characters,
    hostile_cells,
    hostile_csv_files,
    hostile_dates,
    hostile_floats,
    hostile_frames,
    hostile_lines,
    hostile_log_json,
    hostile_numbers,
    hostile_xlsx_files,
)

DATA: Final = Path(__file__).resolve().parents[1] / "data"


@dataclass
class Target:
    """One fuzz target: a call of a public entry point and what it must keep."""

    name: str
    call: Callable[..., Any]
    arguments: SearchStrategy[dict[str, Any]]
    validation_error: bool = False
    check: Callable[..., None] | None = field(default=None, repr=False)

    def law(self, check: Callable[..., None]) -> Callable[..., None]:
        """Register ``check(result, **arguments)``: what a result of this target must hold."""
        self.check = check
        return check


TARGETS: dict[str, Target] = {}
"""Public name (``"estimate"``, ``"FoodLog.add"``) -> its target."""

NOT_FUZZED: Final[Mapping[str, str]] = {
    "ureg": "pint's UnitRegistry, re-exported so that quantities share mgcalc's registry; "
    "calling it parses pint expressions by design, and mgcalc never passes user text to it "
    "(amounts go through mgcalc.parse.read_quantity, fuzzed via magnesium_mg and others)",
    "Q_": "pint's Quantity constructor (as ureg); quantities built by it are fuzzed as "
    "arguments of magnesium_mg, to_magnesium, elemental_magnesium and SupplementDose",
}
"""Public callables with no target, and why."""


def fuzz(
    name: str, /, *, validation_error: bool = False, **arguments: SearchStrategy[Any]
) -> Callable[[Callable[..., Any]], Target]:
    """Register the decorated function as the target ``name``; keyword strategies draw its
    arguments."""

    def register(call: Callable[..., Any]) -> Target:
        if name in TARGETS:
            raise ValueError(f"two fuzz targets named {name!r}")
        target = Target(name, call, st.fixed_dictionaries(arguments), validation_error)
        TARGETS[name] = target
        return target

    return register


# -- shared argument strategies ------------------------------------------------------------


def sometimes(hostile: SearchStrategy[Any], usual: SearchStrategy[Any]) -> SearchStrategy[Any]:
    """``usual`` seven times in eight, else ``hostile``: an entry point with several
    arguments then often gets past its first check, so its deeper code is fuzzed too
    (shrinking moves towards ``usual``)."""
    return st.integers(0, 7).flatmap(lambda i: hostile if i == 7 else usual)


maybe_text = st.one_of(
    st.none(), st.sampled_from(HOSTILE_PIECES), st.text(any_characters, max_size=8), hostile_numbers
)
"""An optional text argument (meal, time, person id ...), wrong types included."""

usual_text = sometimes(maybe_text, st.sampled_from([None, "lunch", "08:30", "p1", "breakfast"]))
"""An optional text argument, mostly plain."""

hashable_cells = st.one_of(hostile_lines, hostile_floats, st.integers(), st.none(), st.booleans())
"""Cells that can be keys of a mapping."""

dose_texts = st.one_of(
    st.tuples(st.sampled_from(HOSTILE_AMOUNTS), st.sampled_from(HOSTILE_UNITS)).map(" ".join),
    st.sampled_from(
        [
            "200 mg",
            "1,5 g",
            "400 Mg",
            "10 mmol",
            "20 mEq",
            "2/(0) mg",
            "10**400 mg",
            "9**9**9 mg",
            "**2**3 mg",
            "1e15 mg",
            "1e16 mg",
            "100001 mg",
            "-250 mg",
        ]
    ),
    hostile_lines,
)
"""A dose as text: numbers and units, expressions, overflows, anything."""


def _quantity(magnitude: float, unit: str) -> object:
    return mg.Q_(magnitude, unit)


quantities = st.builds(
    _quantity,
    st.one_of(hostile_floats, st.integers(-(10**20), 10**20)),
    st.sampled_from(["mg", "g", "kg", "mmol", "mEq", "microgram", "liter", "cup", "meter", ""]),
)
"""pint quantities of mgcalc's registry with any magnitude (inf and NaN included)."""

plausible_doses = st.one_of(
    st.sampled_from(["250 mg", "400 mg", "1 g", "0.5 g", "10 mmol", "20 mEq", "500 mg", "0 mg"]),
    st.builds(_quantity, st.floats(0, 1000), st.sampled_from(["mg", "mmol", "mEq"])),
)
dose_amounts = sometimes(st.one_of(dose_texts, quantities, hostile_numbers), plausible_doses)
"""Anything given as a dose amount."""

form_names = sometimes(
    st.one_of(st.text(any_characters, max_size=10), hostile_numbers),
    st.one_of(
        st.none(),
        st.sampled_from(
            [
                "oxide",
                "glycinate",
                "magnesium citrate",
                "citrate",
                "chloride_hexahydrate",
                "calcium carbonate",
                "unobtainium",
                "",
                " ",
                "Oxide",
                "magnesium",
            ]
        ),
    ),
)
bases = sometimes(
    st.one_of(st.sampled_from(["Elemental", "", "x"]), hostile_numbers),
    st.sampled_from([None, "elemental", "compound"]),
)
persons = sometimes(
    hostile_cells,
    st.one_of(
        st.none(),
        st.builds(
            lambda age, sex, authority: mg.Person(age=age, sex=sex, authority=authority),
            st.floats(0, 125),
            st.sampled_from(["female", "male"]),
            st.sampled_from(["iom", "efsa"]),
        ),
    ),
)
ranges = st.one_of(
    st.sampled_from(
        [
            "default",
            "costello2021",
            "nope",
            "",
            (2.2, 3.2),
            (3.2, 2.2),
            (0, 0),
            (-1, 2),
            (float("nan"), 1),
            (1, float("inf")),
            (1e308, 1e308),
            (),
        ]
    ),
    hostile_cells,
)
coverages = st.one_of(st.none(), hostile_floats, hostile_numbers)


_SCRATCH: Final = tempfile.TemporaryDirectory(prefix="mgcalc-fuzz-")
"""Where targets write their files (removed when the run ends)."""


def _folder() -> Path:
    """An empty folder for one call's files (the previous call's files are removed)."""
    folder = Path(_SCRATCH.name) / "call"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


def _written(data: bytes, name: str, folder: Path | None = None) -> Path:
    """``data`` written to a file ``name`` in ``folder`` (an empty one by default)."""
    path = (folder or _folder()) / name
    path.write_bytes(data)
    return path


def _lines_log(lines: list[str], with_dose: bool = False) -> mg.FoodLog:
    """A log of free-text lines (surrogates dropped: a log cannot hold them), dated."""
    clean = ["".join(c for c in line if not 0xD800 <= ord(c) < 0xE000) for line in lines]
    log = mg.FoodLog.from_lines(clean, date="2026-11-20", meal="lunch")
    if with_dose:
        log.add_supplement(
            "magnesium glycinate", amount="200 mg", basis="elemental", date="2026-11-20"
        )
    return log


logs = st.builds(_lines_log, st.lists(hostile_lines, max_size=5), st.booleans())
"""Logs of hostile lines, maybe with a supplement dose."""


def _frame_log(frame: pd.DataFrame) -> mg.FoodLog | None:
    try:
        return mg.FoodLog.from_frame(frame)
    except errors.MgcalcError:
        return None


frame_logs = st.builds(_frame_log, hostile_frames()).filter(lambda log: log is not None)
"""Logs that passed the door from a hostile frame (explicit amounts, units, kinds)."""


def _assert_rows_kept(log: mg.FoodLog, analysis: mg.IntakeAnalysis) -> None:
    """Every entry of the log comes out in the analysis' entries (rows in == rows out): once,
    or, for a composite line ("coffee with milk", "0+ 0"), once per component, each flagged
    ``composite_split``. (This law was written before composite lines were split: it asked
    for exactly one entry per row, which a composite line rightly breaks.)"""
    given = sorted(log.entries["entry_id"].tolist())
    entries = analysis.entries
    out = sorted(set(entries["entry_id"].tolist()))
    assert given == out, f"entries in {given} != entries out {out}"
    repeated = entries["entry_id"].duplicated(keep=False).to_numpy()
    for flags in entries["flags"][repeated]:
        assert "composite_split" in str(flags).split(";"), flags


# -- free text -----------------------------------------------------------------------------


@fuzz("parse_line", text=sometimes(hostile_cells, hostile_lines))
def _parse_line(text: Any) -> Any:
    return mg.parse_line(text)


@_parse_line.law
def _(result: mg.ParsedLine, text: Any) -> None:
    assert result.original == text
    if result.amount is not None:
        assert math.isfinite(result.amount), result
        assert result.amount >= 0, result
        assert result.unit, result
    assert result.error is not None or result.food_text or result.amount is None


@fuzz(
    "ParsedLine",
    validation_error=True,
    original=hostile_cells,
    amount=hostile_numbers,
    unit=maybe_text,
    food_text=hostile_cells,
    flags=st.one_of(st.tuples(), hostile_cells),
)
def _parsed_line(**fields: Any) -> Any:
    return mg.ParsedLine(**fields)


@fuzz(
    "estimate",
    text=sometimes(hostile_cells, hostile_lines),
    min_score=sometimes(hostile_numbers, st.just(65.0)),
)
def _estimate(text: Any, min_score: Any) -> Any:
    return mg.estimate(text, min_score=min_score)


@_estimate.law
def _(result: mg.Estimate, text: Any, min_score: Any) -> None:
    assert 0 <= result.grams <= MAX_ENTRY_GRAMS, result
    strict_json(result.model_dump_json())


@fuzz("Estimate", validation_error=True, text=hostile_lines)
def _estimate_model(text: str) -> Any:
    """An Estimate as estimate() makes it, rebuilt from its own fields."""
    try:
        found = mg.estimate(text)
    except errors.MgcalcError:
        return None
    return mg.Estimate(**found.model_dump())


# -- the log and its doors ---------------------------------------------------------------


def _put(frame: pd.DataFrame, row: int, column: int, value: Any) -> None:
    """Put any value, a list included, into one cell of an object frame."""
    values = frame.iloc[:, column].to_numpy(dtype=object, copy=True)
    values[row] = value
    # a Series of dtype object: an array would be inferred as text, which pandas 3 keeps in
    # Arrow, which cannot hold a lone surrogate (the frame could not even be built)
    frame.isetitem(column, pd.Series(values, dtype=object, index=frame.index))


def _edited(frame: pd.DataFrame, edits: list[tuple[int, int, Any]]) -> pd.DataFrame:
    """``frame`` (a log's own entries or ledger) with hostile cells put in."""
    out = frame.astype(object)
    for row, column, value in edits:
        if len(out):
            _put(out, row % len(out), column % out.shape[1], value)
    return out


_cell_edits = sometimes(
    st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 20), hostile_cells), min_size=1, max_size=2
    ),
    st.just([]),
)


@fuzz(
    "FoodLog",
    entries=sometimes(
        st.one_of(hostile_frames(), hostile_cells),
        st.builds(_edited, logs.map(lambda log: log.entries), _cell_edits),
    ),
    supplements=sometimes(
        st.one_of(hostile_frames(), hostile_cells),
        st.one_of(
            st.none(), st.builds(_edited, logs.map(lambda log: log.supplements), _cell_edits)
        ),
    ),
    pins=sometimes(
        st.one_of(st.dictionaries(hashable_cells, hostile_cells, max_size=2), hostile_cells),
        st.one_of(st.none(), st.just({"almonds": "sr28:12063"})),
    ),
)
def _foodlog(entries: Any, supplements: Any, pins: Any) -> Any:
    return mg.FoodLog(entries, supplements, pins)


@_foodlog.law
def _(result: mg.FoodLog, **_: Any) -> None:
    _assert_saves(result)


def _assert_saves(log: mg.FoodLog) -> None:
    """A log that passed the door writes standard JSON and reads back equal."""
    text = log.to_json()
    strict_json(text)
    assert mg.FoodLog.from_json(text) == log


@fuzz(
    "FoodLog.from_lines",
    lines=st.one_of(
        st.lists(hostile_lines, max_size=6),
        hostile_lines,
        st.lists(hostile_cells, max_size=3),
        hostile_numbers,
    ),
    date=sometimes(hostile_dates, st.just("2026-11-20")),
    meal=maybe_text,
    person_id=sometimes(maybe_text, st.just("default")),
)
def _from_lines(lines: Any, date: Any, meal: Any, person_id: Any) -> Any:
    return mg.FoodLog.from_lines(lines, date=date, meal=meal, person_id=person_id)


@_from_lines.law
def _(result: mg.FoodLog, lines: Any, **_: Any) -> None:
    given = lines.splitlines() if isinstance(lines, str) else list(lines)
    assert len(result) == len(given), "a line was lost or added"
    assert result.entries["text"].tolist() == [line.strip() for line in given]
    _assert_saves(result)


@fuzz(
    "FoodLog.from_frame",
    frame=sometimes(hostile_cells, hostile_frames()),
    dayfirst=st.sampled_from([None, True, False, "yes"]),
)
def _from_frame(frame: Any, dayfirst: Any) -> Any:
    return mg.FoodLog.from_frame(frame, dayfirst=dayfirst)


@_from_frame.law
def _(result: mg.FoodLog, frame: pd.DataFrame, **_: Any) -> None:
    assert len(result) + len(result.supplements) == len(frame), "a row was lost or added"
    _assert_saves(result)


def _row_bounds(call: Callable[[], Any], n_rows: int) -> Any:
    """Call; an InvalidLogError must name rows of the input only."""
    try:
        return call()
    except errors.InvalidLogError as exc:
        outside = [row for row in exc.rows if not 1 <= row <= max(n_rows, 1)]
        if outside:
            raise AssertionError(f"rows {outside} of {n_rows}: {exc}") from exc
        raise


_SAVED_AND_PLAIN = (
    "generic/log_comma_bom.csv",
    "generic/log_semicolon_latin1.csv",
    "generic/saved_log.csv",
)


@fuzz(
    "FoodLog.from_csv",
    data=hostile_csv_files(_SAVED_AND_PLAIN),
    dayfirst=st.sampled_from([None, True, False]),
)
def _from_csv(data: bytes, dayfirst: Any) -> Any:
    return mg.FoodLog.from_csv(_written(data, "log.csv"), dayfirst=dayfirst)


@_from_csv.law
def _(result: mg.FoodLog, **_: Any) -> None:
    _assert_saves(result)


@fuzz(
    "FoodLog.from_json",
    source=sometimes(st.one_of(hostile_lines, hostile_cells), hostile_log_json()),
    as_file=st.sampled_from([None, "utf-8", "utf-8-sig", "utf-16", "latin-1"]),
)
def _from_json(source: Any, as_file: str | None) -> Any:
    if as_file is not None and isinstance(source, str):
        data = source.encode(as_file, errors="surrogatepass" if "8" in as_file else "replace")
        return mg.FoodLog.from_json(_written(data, "log.json"))
    if isinstance(source, str) and not source.lstrip().startswith("{"):
        source = "{" + source  # text that is not JSON, never a path on this machine
    return mg.FoodLog.from_json(source)


@_from_json.law
def _(result: mg.FoodLog, **_: Any) -> None:
    _assert_saves(result)


def _one_entry_log() -> mg.FoodLog:
    return mg.FoodLog.from_lines(["1 oz almonds"], date="2026-11-20")


@fuzz(
    "FoodLog.add",
    text=sometimes(hostile_cells, hostile_lines),
    date=sometimes(hostile_dates, st.just("2026-11-20")),
    meal=usual_text,
    time=usual_text,
    food_id=sometimes(maybe_text, st.sampled_from([None, "sr28:12063", "nope:1"])),
    amount=sometimes(hostile_numbers, st.one_of(st.none(), st.floats(0, 500))),
    unit=sometimes(
        st.one_of(st.sampled_from(HOSTILE_UNITS), maybe_text),
        st.sampled_from([None, "g", "cup", "slice"]),
    ),
    person_id=sometimes(maybe_text, st.just("p")),
)
def _add(**arguments: Any) -> Any:
    return _one_entry_log().add(**arguments)


@_add.law
def _(result: mg.FoodLog, **_: Any) -> None:
    assert len(result) == 2
    _assert_saves(result)


@fuzz(
    "FoodLog.add_supplement",
    validation_error=False,
    product=sometimes(hostile_cells, hostile_lines),
    amount=dose_amounts,
    basis=bases,
    form=form_names,
    source=sometimes(
        st.one_of(st.sampled_from(["water", "food"]), maybe_text),
        st.sampled_from(["supplement", "medication"]),
    ),
    units_per_serving=sometimes(hostile_numbers, st.just(1.0)),
    servings_per_day=sometimes(hostile_numbers, st.just(1.0)),
    calcium_mg=sometimes(hostile_numbers, st.none()),
    date=sometimes(hostile_dates, st.just("2026-11-20")),
)
def _add_supplement(**arguments: Any) -> Any:
    return _one_entry_log().add_supplement(**arguments)


@_add_supplement.law
def _(result: mg.FoodLog, **_: Any) -> None:
    ledger = result.supplements
    assert len(ledger) == 1
    for column in ("magnesium_mg", "calcium_mg"):
        value = float(ledger[column].iloc[0])
        assert math.isnan(value) or 0 <= value <= MAX_DOSE_MG, (column, value)
    _assert_saves(result)


@fuzz(
    "FoodLog.add_water",
    water=sometimes(hostile_cells, hostile_lines),
    amount=sometimes(
        st.one_of(st.none(), dose_texts, hostile_numbers),
        st.sampled_from(["500 ml", "1.5 l", "1 cup", 0.33, "2 liters"]),
    ),
    magnesium_mg_per_l=sometimes(hostile_numbers, st.one_of(st.none(), st.floats(0, 200))),
    calcium_mg_per_l=sometimes(hostile_numbers, st.floats(0, 600)),
    date=sometimes(hostile_dates, st.just("2026-11-20")),
)
def _add_water(**arguments: Any) -> Any:
    return _one_entry_log().add_water(**arguments)


@_add_water.law
def _(result: mg.FoodLog, **_: Any) -> None:
    assert len(result.supplements) == 1
    _assert_saves(result)


@fuzz("FoodLog.concat", first=logs, other=sometimes(hostile_cells, st.one_of(logs, frame_logs)))
def _concat(first: mg.FoodLog, other: Any) -> Any:
    return first.concat(other)


@_concat.law
def _(result: mg.FoodLog, first: mg.FoodLog, other: mg.FoodLog) -> None:
    assert len(result) == len(first) + len(other)
    assert len(result.supplements) == len(first.supplements) + len(other.supplements)
    _assert_saves(result)


@fuzz(
    "FoodLog.pin",
    text=sometimes(hostile_cells, hostile_lines),
    food_id=sometimes(maybe_text, st.just("sr28:12063")),
)
def _pin(text: Any, food_id: Any) -> Any:
    return _one_entry_log().pin(text, food_id)


@_pin.law
def _(result: mg.FoodLog, **_: Any) -> None:
    _assert_saves(result)


_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "\n")


def _live_formulas(csv_text: str) -> list[str]:
    """Cells of a CSV text that a spreadsheet would run: text starting (after any
    whitespace) with a formula character. Numbers (``-3.5``) are not formulas."""
    live = []
    for row in csv.reader(io.StringIO(csv_text, newline="")):
        for cell in row:
            try:
                float(cell)
                continue
            except ValueError:
                pass
            if cell.startswith(_FORMULA_START) or cell.lstrip().startswith(_FORMULA_START[:4]):
                live.append(cell)
    return live


def _ragged_rows(csv_text: str) -> list[list[str]]:
    """Rows of a CSV text whose number of cells differs from the header's: what an
    unquoted line break inside a cell makes of its row."""
    rows = list(csv.reader(io.StringIO(csv_text, newline="")))
    return [row for row in rows[1:] if rows and len(row) != len(rows[0])]


formula_texts = st.one_of(
    st.sampled_from([p for p in HOSTILE_PIECES if p.strip(" \u00a0\r\n\t")[:1] in "=+-@"]),
    hostile_lines,
)


@fuzz(
    "FoodLog.to_csv",
    lines=st.lists(formula_texts, min_size=1, max_size=4),
    meal=formula_texts,
    product=formula_texts,
)
def _to_csv(lines: list[str], meal: str, product: str) -> Any:
    strip = "".join  # a log cannot hold lone surrogates: drop them
    clean = [strip(c for c in line if not 0xD800 <= ord(c) < 0xE000) for line in lines]
    meal = strip(c for c in meal if not 0xD800 <= ord(c) < 0xE000)
    product = strip(c for c in product if not 0xD800 <= ord(c) < 0xE000) or "magnesium"
    log = mg.FoodLog.from_lines(clean, date="2026-11-20", meal=meal)
    log.add_supplement(product, amount="200 mg", basis="elemental", date="2026-11-20")
    log.pin(clean[0] or "almonds", "sr28:12063")
    path = _folder() / "saved.csv"
    log.to_csv(path)
    return log, path.read_bytes().decode("utf-8"), mg.FoodLog.from_csv(path)


@_to_csv.law
def _(result: tuple[mg.FoodLog, str, mg.FoodLog], **_: Any) -> None:
    log, text, back = result
    assert not _live_formulas(text), _live_formulas(text)
    assert back == log, "a saved CSV does not read back as the log"


@fuzz("FoodLog.to_json", log=st.one_of(logs, frame_logs))
def _to_json(log: mg.FoodLog) -> Any:
    return log.to_json()


@_to_json.law
def _(result: str, log: mg.FoodLog) -> None:
    strict_json(result)
    assert mg.FoodLog.from_json(result) == log


# -- importers -----------------------------------------------------------------------------

_SERVINGS = (
    "cronometer/servings_2012.csv",
    "cronometer/servings_2020.csv",
    "cronometer/servings_2022.csv",
    "cronometer/servings_2025.csv",
    "cronometer/servings_no_nutrients.csv",
)
_DAILY = ("cronometer/dailysummary_2025.csv", "cronometer/dailysummary_2026.csv")


@fuzz(
    "read_cronometer",
    data=hostile_csv_files(_SERVINGS),
    supplements=st.sampled_from(["food", "ledger", "x"]),
    dayfirst=st.sampled_from([None, True, False]),
)
def _read_cronometer(data: bytes, supplements: Any, dayfirst: Any) -> Any:
    path = _written(data, "servings.csv")
    return _row_bounds(
        lambda: mg.read_cronometer(path, supplements=supplements, dayfirst=dayfirst),
        data.count(b"\n") + data.count(b"\r") + 1,
    )


@_read_cronometer.law
def _(result: mg.FoodLog, **_: Any) -> None:
    _assert_saves(result)


@fuzz(
    "read_cronometer_daily",
    data=hostile_csv_files(_DAILY),
    dayfirst=st.sampled_from([None, True, False]),
)
def _read_cronometer_daily(data: bytes, dayfirst: Any) -> Any:
    return mg.read_cronometer_daily(_written(data, "dailysummary.csv"), dayfirst=dayfirst)


@_read_cronometer_daily.law
def _(result: mg.FoodLog, **_: Any) -> None:
    _assert_saves(result)


@fuzz(
    "read_myfitnesspal",
    data=hostile_csv_files(("myfitnesspal/summary.csv",)),
    calcium_unit=sometimes(st.just("x"), st.sampled_from(["mg", "percent_dv"])),
    calcium_dv_mg=sometimes(hostile_numbers, st.just(1300.0)),
)
def _read_myfitnesspal(data: bytes, calcium_unit: Any, calcium_dv_mg: Any) -> Any:
    return mg.read_myfitnesspal(
        _written(data, "summary.csv"), calcium_unit=calcium_unit, calcium_dv_mg=calcium_dv_mg
    )


@_read_myfitnesspal.law
def _(result: mg.FoodLog, **_: Any) -> None:
    _assert_saves(result)


_GERMAN: Final = {
    "Datum": "date",
    "Mahlzeit": "meal",
    "Lebensmittel": "food",
    "Menge": "amount",
    "Einheit": "unit",
    "Person": "person_id",
}
"""The column mapping of ``generic/log_semicolon_latin1.csv``."""


@fuzz(
    "read_log",
    data=st.one_of(
        st.tuples(
            hostile_csv_files(("generic/log_comma_bom.csv", "generic/log_semicolon_latin1.csv")),
            st.just(".csv"),
        ),
        st.tuples(hostile_xlsx_files(), st.sampled_from([".xlsx", ".xlsm"])),
    ),
    columns=sometimes(
        st.dictionaries(
            st.sampled_from(["food", "Food", "x", ""]),
            st.sampled_from(["food", "text", "date", "nope"]),
            max_size=2,
        ),
        st.sampled_from([None, _GERMAN]),
    ),
    sheet=sometimes(st.sampled_from([1, "Sheet", "nope", -1]), st.sampled_from([None, 0])),
)
def _read_log(data: tuple[bytes, str], columns: Any, sheet: Any) -> Any:
    raw, suffix = data
    return mg.read_log(_written(raw, f"log{suffix}"), columns=columns, sheet=sheet)


@_read_log.law
def _(result: mg.FoodLog, **_: Any) -> None:
    _assert_saves(result)


def _openfoodfacts(kind: str, edits: list[tuple[int, str, Any]]) -> Any:
    products = json.loads((DATA / "openfoodfacts" / "products.json").read_text("utf-8"))
    for index, key, value in edits:
        product = products[index % len(products)]
        if key.startswith("nutriments."):
            if isinstance(product.get("nutriments"), dict):
                product["nutriments"][key.split(".", 1)[1]] = value
        else:
            product[key] = value
    if kind == "one":
        return products[0]
    if kind == "wrapped":
        return {"products": products}
    if kind == "text":
        return json.dumps(products, default=str)
    return products


@fuzz(
    "read_openfoodfacts",
    source=sometimes(
        hostile_cells,
        st.builds(
            _openfoodfacts,
            st.sampled_from(["list", "one", "wrapped", "text"]),
            st.lists(
                st.tuples(
                    st.integers(0, 9),
                    st.sampled_from(
                        [
                            "code",
                            "product_name",
                            "nutriments",
                            "serving_quantity",
                            "serving_size",
                            "nutrition_data_per",
                            "nutriments.magnesium_100g",
                            "nutriments.magnesium_unit",
                            "nutriments.calcium_value",
                            "nutriments.magnesium_serving",
                        ]
                    ),
                    st.one_of(hostile_cells, st.just({}), st.just([])),
                ),
                max_size=3,
            ).flatmap(lambda e: sometimes(st.just(e), st.just([]))),
        ),
    ),
)
def _read_openfoodfacts(source: Any) -> Any:
    if isinstance(source, str) and not source.lstrip().startswith(("[", "{")):
        source = "[" + source  # text that is not JSON, never a path on this machine
    return mg.read_openfoodfacts(source)


# -- analysis -------------------------------------------------------------------------------


@fuzz(
    "analyze",
    log=sometimes(hostile_cells, st.one_of(logs, frame_logs)),
    person=persons,
    ratio_range=sometimes(ranges, st.just("default")),
    ratio_of=st.sampled_from(["means", "days", "x"]),
    min_coverage=sometimes(hostile_numbers, st.just(0.9)),
    min_score=sometimes(hostile_numbers, st.just(65.0)),
    strict=st.booleans(),
)
def _analyze(log: Any, **options: Any) -> Any:
    return mg.analyze(log, **options)


@_analyze.law
def _(result: mg.IntakeAnalysis, log: mg.FoodLog, **_: Any) -> None:
    _assert_rows_kept(log, result)
    for name in ("daily", "meals", "supplements"):
        getattr(result, name)  # built lazily: every table builds
    strict_json(result.to_json())


@fuzz(
    "IntakeAnalysis",
    log=st.one_of(logs, frame_logs),
    person=persons.filter(lambda p: p is None or isinstance(p, mg.Person)),
    table=st.sampled_from(["daily", "meals", "entries", "supplements", "sources", "x"]),
    n=st.one_of(st.integers(-3, 60), hostile_numbers),
)
def _intake_analysis(log: mg.FoodLog, person: Any, table: Any, n: Any) -> Any:
    result = mg.analyze(log, person)
    folder = _folder()
    result.to_csv(folder / "out.csv", table=table)
    return result, (folder / "out.csv").read_bytes().decode("utf-8"), result.top_sources(n)


@_intake_analysis.law
def _(result: tuple[mg.IntakeAnalysis, str, pd.DataFrame], log: mg.FoodLog, **_: Any) -> None:
    analysis, text, _sources = result
    _assert_rows_kept(log, analysis)
    assert not _live_formulas(text), _live_formulas(text)
    assert not _ragged_rows(text), _ragged_rows(text)


@fuzz(
    "AnalysisSummary",
    log=st.one_of(logs, frame_logs),
    person=persons.filter(lambda p: p is None or isinstance(p, mg.Person)),
    ratio_of=st.sampled_from(["means", "days"]),
)
def _summary(log: mg.FoodLog, person: Any, ratio_of: str) -> Any:
    summary = mg.analyze(log, person, ratio_of=ratio_of).summary
    return mg.AnalysisSummary(**summary.model_dump())


@_summary.law
def _(result: mg.AnalysisSummary, **_: Any) -> None:
    strict_json(result.model_dump_json())


def _cohort_frame(rows: list[tuple[Any, Any, Any, Any]], dtype: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["person_id", "date", "food_id", "grams"], dtype=object)
    if dtype != "object":
        with contextlib.suppress(TypeError, ValueError, OverflowError):
            frame["grams"] = frame["grams"].astype(dtype)
    return frame


cohort_frames = st.builds(
    _cohort_frame,
    st.lists(
        st.tuples(
            sometimes(hostile_cells, st.sampled_from(["a", "b"])),
            sometimes(hostile_dates, st.sampled_from(VALID_DATES[:2])),
            sometimes(hostile_cells, st.sampled_from(["sr28:12063", "sr28:11458", "nope:1"])),
            sometimes(hostile_numbers, st.floats(0, 500)),
        ),
        max_size=6,
    ),
    st.sampled_from(["object", "float64", "Float64", "str"]),
)


@fuzz(
    "daily_table",
    entries=sometimes(st.one_of(hostile_frames(), hostile_cells), cohort_frames),
    person=persons,
    ratio_range=sometimes(ranges, st.just("default")),
    min_coverage=sometimes(hostile_numbers, st.just(0.9)),
)
def _daily_table(entries: Any, person: Any, ratio_range: Any, min_coverage: Any) -> Any:
    return mg.daily_table(
        entries, person=person, ratio_range=ratio_range, min_coverage=min_coverage
    )


# -- supplements ------------------------------------------------------------------------------


def _elemental(convert: Callable[..., Any]) -> Callable[..., Any]:
    def call(amount: Any, form: Any, basis: Any) -> Any:
        return convert(amount, form=form, basis=basis)

    return call


def _within_a_dose(result: Any, **_: Any) -> None:
    value = result.m_as("mg")
    assert 0 <= value <= MAX_DOSE_MG, value


for _convert in (mg.elemental_magnesium, mg.elemental_calcium):  # the same law for each element
    fuzz(_convert.__name__, amount=dose_amounts, form=form_names, basis=bases)(
        _elemental(_convert)
    ).law(_within_a_dose)


label_lines = sometimes(
    hostile_lines,
    st.builds(
        "Magnesium {1}{0} {2}{3}".format,
        sometimes(st.sampled_from(HOSTILE_AMOUNTS), st.sampled_from(["250", "400", "1,000", "0"])),
        st.sampled_from(["", "(as magnesium oxide) ", "(as magnesium citrate) "]),
        sometimes(st.sampled_from(HOSTILE_UNITS), st.sampled_from(["mg", "mEq", "mmol"])),
        st.sampled_from(["", " (as glycinate)", " per tablet"]),
    ),
)


@fuzz(
    "parse_label",
    validation_error=True,
    text=sometimes(hostile_cells, label_lines),
    basis=bases,
    source=st.sampled_from(["supplement", "medication", "x"]),
    units_per_serving=sometimes(hostile_numbers, st.just(1.0)),
    servings_per_day=sometimes(hostile_numbers, st.just(1.0)),
)
def _parse_label(text: Any, **options: Any) -> Any:
    return mg.parse_label(text, **options)


@_parse_label.law
def _(result: mg.SupplementDose, **_: Any) -> None:
    assert 0 <= result.magnesium_mg_per_day <= MAX_DOSE_MG, result


@fuzz(
    "SupplementDose",
    validation_error=True,
    product=sometimes(maybe_text, hostile_lines),
    form=form_names,
    amount=dose_amounts,
    basis=bases,
    units_per_serving=sometimes(hostile_numbers, st.just(1.0)),
    servings_per_day=sometimes(hostile_numbers, st.just(1.0)),
    source=st.sampled_from(["supplement", "medication", "x"]),
    calcium_mg=sometimes(hostile_numbers, st.none()),
)
def _supplement_dose(**fields: Any) -> Any:
    return mg.SupplementDose(**fields)


@_supplement_dose.law
def _(result: mg.SupplementDose, **_: Any) -> None:
    assert 0 <= result.magnesium_mg_per_day <= MAX_DOSE_MG, result
    calcium = result.calcium_mg_per_day
    assert calcium is None or math.isnan(calcium) or 0 <= calcium <= MAX_DOSE_MG, result
    strict_json(result.model_dump_json())


@fuzz("supplement_forms")
def _supplement_forms() -> Any:
    return mg.supplement_forms()


@fuzz(
    "SupplementForm",
    validation_error=True,
    form_id=sometimes(maybe_text, st.just("oxide")),
    name=sometimes(maybe_text, st.just("magnesium oxide")),
    formula=sometimes(maybe_text, st.just("MgO")),
    magnesium_atoms=sometimes(hostile_numbers, st.integers(1, 3)),
    molar_mass_g_per_mol=sometimes(hostile_numbers, st.floats(24.3, 1000)),
    magnesium_fraction=sometimes(hostile_numbers, st.floats(0.01, 1)),
)
def _supplement_form(**fields: Any) -> Any:
    return mg.SupplementForm(**fields)


# -- units ---------------------------------------------------------------------------------


@fuzz("magnesium_mg", value=dose_amounts)
def _magnesium_mg(value: Any) -> Any:
    return mg.magnesium_mg(value)


@_magnesium_mg.law
def _(result: float, **_: Any) -> None:
    assert math.isfinite(result), result
    assert result >= 0, result


@fuzz(
    "to_magnesium",
    value=dose_amounts,
    unit=sometimes(
        st.one_of(st.sampled_from(HOSTILE_UNITS), st.text(any_characters, max_size=6)),
        st.sampled_from(["mg", "g", "mmol", "mEq"]),
    ),
)
def _to_magnesium(value: Any, unit: Any) -> Any:
    return mg.to_magnesium(value, unit)


# -- people and reference values -----------------------------------------------------------


@fuzz(
    "Person",
    validation_error=True,
    age=hostile_numbers,
    sex=st.one_of(st.sampled_from(["female", "male", "Female", "f", ""]), hostile_cells),
    pregnant=st.one_of(st.booleans(), hostile_cells),
    lactating=st.one_of(st.booleans(), hostile_cells),
    authority=st.one_of(st.sampled_from(["iom", "efsa", "who"]), hostile_cells),
)
def _person(**fields: Any) -> Any:
    return mg.Person(**fields)


@_person.law
def _(result: mg.Person, **_: Any) -> None:
    assert not _infinite(result.reference_values())


def _infinite(value: Any) -> list[str]:
    from contract import infinite_values

    return infinite_values(value)


@fuzz(
    "ReferenceValues",
    validation_error=True,
    age=st.floats(0, 125),
    sex=st.sampled_from(["female", "male"]),
    condition=st.sampled_from(["none", "pregnant", "lactating"]),
    authority=st.sampled_from(["iom", "efsa"]),
)
def _reference_values(age: float, sex: str, condition: str, authority: str) -> Any:
    person = mg.Person(
        age=age,
        sex=sex,
        authority=authority,
        pregnant=condition == "pregnant",
        lactating=condition == "lactating",
    )
    return mg.ReferenceValues(**person.reference_values().model_dump())


# -- ratio ---------------------------------------------------------------------------------

amounts_mg = sometimes(
    st.one_of(hostile_numbers, dose_texts, quantities),
    st.one_of(st.floats(0, 5000), st.none(), plausible_doses),
)


@fuzz(
    "calcium_magnesium_ratio",
    calcium=amounts_mg,
    magnesium=amounts_mg,
    range=sometimes(ranges, st.sampled_from(["default", "costello2021", (2.0, 3.0)])),
    basis=sometimes(st.just("x"), st.sampled_from(["mass", "molar"])),
    coverage=sometimes(coverages, st.one_of(st.none(), st.floats(0, 1))),
    min_coverage=sometimes(hostile_numbers, st.just(0.9)),
)
def _ratio(**arguments: Any) -> Any:
    return mg.calcium_magnesium_ratio(**arguments)


@fuzz("RatioResult", calcium=st.floats(0, 5000), magnesium=hostile_floats)
def _ratio_result(calcium: float, magnesium: float) -> Any:
    try:
        found = mg.calcium_magnesium_ratio(calcium, magnesium)
    except errors.MgcalcError:
        return None
    return mg.RatioResult(**found.model_dump())


series_mg = st.lists(hostile_floats, max_size=6).map(lambda v: pd.Series(v, dtype=float))


def _pair(values: list[tuple[float, float]]) -> tuple[pd.Series, pd.Series]:
    return (
        pd.Series([a for a, _ in values], dtype=float),
        pd.Series([b for _, b in values], dtype=float),
    )


_intake_floats = sometimes(hostile_floats, st.one_of(st.floats(0, 5000), st.just(math.nan)))


@fuzz(
    "ratio_flags",
    pair=st.lists(st.tuples(_intake_floats, _intake_floats), max_size=6).map(_pair),
    other=sometimes(st.one_of(series_mg, hostile_cells), st.none()),
    range=sometimes(ranges, st.sampled_from(["default", "costello2021", (2.0, 3.0)])),
    min_coverage=sometimes(hostile_numbers, st.just(0.9)),
    basis=st.sampled_from(["mass", "molar"]),
)
def _ratio_flags(pair: tuple[pd.Series, pd.Series], other: Any, **options: Any) -> Any:
    calcium, magnesium = pair
    return mg.ratio_flags(calcium, magnesium, coverage=other, **options)


@_ratio_flags.law
def _(result: pd.DataFrame, pair: tuple[pd.Series, pd.Series], **_: Any) -> None:
    assert len(result) == len(pair[0]), "rows lost"


@fuzz(
    "RatioRange",
    validation_error=True,
    low=hostile_numbers,
    high=hostile_numbers,
    name=maybe_text,
    basis=st.sampled_from(["mass", "molar", "x"]),
)
def _ratio_range(**fields: Any) -> Any:
    return mg.RatioRange(**{k: v for k, v in fields.items() if v is not None})


# -- assessment -----------------------------------------------------------------------------

intakes = sometimes(hostile_numbers, st.floats(0, 2000))
days = sometimes(hostile_numbers, st.integers(1, 30))


@fuzz(
    "iom_individual_assessment",
    mean_mg=intakes,
    n_days=days,
    ear_mg=intakes,
    sd_within_mg=intakes,
    cv_requirement=sometimes(hostile_numbers, st.just(0.1)),
    rda_mg=st.one_of(st.none(), intakes),
)
def _iom(**arguments: Any) -> Any:
    return mg.iom_individual_assessment(**arguments)


@fuzz(
    "AdequacyAssessment",
    validation_error=True,
    mean_mg=st.floats(0, 2000),
    n_days=st.integers(1, 30),
    ear_mg=st.floats(50, 1500),
    sd_within_mg=st.floats(1, 500),
)
def _adequacy(**arguments: Any) -> Any:
    found = mg.iom_individual_assessment(**arguments)
    return mg.AdequacyAssessment(**found.model_dump())


@fuzz("ai_assessment", mean_mg=intakes, n_days=days, ai_mg=intakes, sd_within_mg=intakes)
def _ai(**arguments: Any) -> Any:
    return mg.ai_assessment(**arguments)


@fuzz(
    "ul_assessment", supplemental_mean_mg=intakes, n_days=days, ul_mg=intakes, sd_within_mg=intakes
)
def _ul(**arguments: Any) -> Any:
    return mg.ul_assessment(**arguments)


@fuzz(
    "intake_needed_for_confidence",
    n_days=days,
    ear_mg=intakes,
    sd_within_mg=intakes,
    z=sometimes(hostile_numbers, st.just(2.0)),
    cv_requirement=sometimes(hostile_numbers, st.just(0.1)),
)
def _needed(**arguments: Any) -> Any:
    return mg.intake_needed_for_confidence(**arguments)


@fuzz(
    "percent_of_target",
    intake_mg=st.one_of(intakes, series_mg, series_mg.map(lambda s: s.to_numpy())),
    target_mg=intakes,
)
def _percent(intake_mg: Any, target_mg: Any) -> Any:
    return mg.percent_of_target(intake_mg, target_mg)


def _intakes_frame(rows: list[tuple[Any, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["person_id", "magnesium_mg"], dtype=object)


@fuzz(
    "prevalence_below_ear",
    intakes=sometimes(
        st.one_of(hostile_frames(), hostile_cells),
        st.builds(
            _intakes_frame,
            st.lists(
                st.tuples(
                    sometimes(hostile_cells, st.sampled_from(["a", "b", "c"])),
                    sometimes(hostile_numbers, st.floats(0, 800)),
                ),
                min_size=2,
                max_size=8,
            ),
        ),
    ),
    ear_mg=sometimes(st.one_of(series_mg, hostile_numbers), st.floats(50, 1500)),
    adjust_within_person=st.booleans(),
    column=sometimes(st.sampled_from(["calcium_mg", "x"]), st.just("magnesium_mg")),
)
def _prevalence(**arguments: Any) -> Any:
    return mg.prevalence_below_ear(**arguments)


# -- foods and matching ----------------------------------------------------------------------


@fuzz(
    "FoodTable.search",
    text=sometimes(hostile_cells, hostile_lines),
    limit=st.one_of(st.integers(-2, 30), hostile_numbers),
    source=st.sampled_from([None, "sr28", "fndds", "x"]),
)
def _search(text: Any, limit: Any, source: Any) -> Any:
    return mg.FoodTable.default().search(text, limit=limit, source=source)


@fuzz(
    "FoodTable.grams",
    food_id=sometimes(
        maybe_text, st.sampled_from(["sr28:11458", "sr28:12063", "fndds:56205011", "nope:1"])
    ),
    amount=sometimes(
        st.one_of(hostile_numbers, st.sampled_from(HOSTILE_AMOUNTS), quantities),
        st.sampled_from([None, "1 cup", "1/2 cup", "30 g", "2 tbsp", "1 oz", 2]),
    ),
    unit=sometimes(st.one_of(st.sampled_from(HOSTILE_UNITS), maybe_text), st.none()),
)
def _grams(food_id: Any, amount: Any, unit: Any) -> Any:
    return mg.FoodTable.default().grams(food_id, amount, unit)


@_grams.law
def _(result: float, **_: Any) -> None:
    assert math.isfinite(result), result
    assert result >= 0, result


def _small_table(edits: list[tuple[str, int, Any]], kind: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Three foods of the bundled table and their portions, with hostile cells."""
    foods = _SMALL_TABLE.foods.reset_index(drop=True).astype(object)
    portions = _SMALL_TABLE.portions.reset_index(drop=True).astype(object)
    for column, row, value in edits:
        frame = foods if column in foods.columns else portions
        if column in frame.columns and len(frame):
            _put(frame, row % len(frame), frame.columns.get_loc(column), value)
    if kind == "missing_column":
        foods = foods.drop(columns=["description"])
    elif kind == "duplicate_id":
        foods = pd.concat([foods, foods.iloc[:1]], ignore_index=True)
    return foods, portions


_SMALL_TABLE: Final = mg.FoodTable.read_csv(
    DATA / "generic" / "foods_small.csv", DATA / "generic" / "portions_small.csv"
)
"""Three foods of the bundled table (spinach, almonds, brown rice) with their portions."""

_TABLE_COLUMNS = (
    "food_id",
    "description",
    "magnesium_mg_per_100g",
    "calcium_mg_per_100g",
    "source",
    "grams",
    "amount",
    "unit",
    "measure",
    "modifier",
    "seq",
)


@fuzz(
    "FoodTable",
    frames=st.builds(
        _small_table,
        sometimes(
            st.lists(
                st.tuples(st.sampled_from(_TABLE_COLUMNS), st.integers(0, 20), hostile_cells),
                max_size=3,
            ),
            st.just([]),
        ),
        sometimes(st.sampled_from(["missing_column", "duplicate_id"]), st.just("edit")),
    ),
    text=hostile_lines,
    amount=sometimes(
        st.one_of(st.sampled_from(HOSTILE_AMOUNTS), hostile_numbers),
        st.sampled_from(["1 cup", "30 g", "1 oz"]),
    ),
)
def _food_table(frames: tuple[pd.DataFrame, pd.DataFrame], text: str, amount: Any) -> Any:
    table = mg.FoodTable(*frames)
    found = table.search(text, limit=3)
    grams = [table.grams(food_id, amount) for food_id in table.foods["food_id"]]
    return found, grams


@fuzz(
    "FoodTable.read_csv",
    foods=hostile_csv_files(("generic/foods_small.csv",)),
    portions=hostile_csv_files(("generic/portions_small.csv",)),
    text=hostile_lines,
)
def _food_table_csv(foods: bytes, portions: bytes, text: str) -> Any:
    folder = _folder()
    table = mg.FoodTable.read_csv(
        _written(foods, "foods.csv", folder), _written(portions, "portions.csv", folder)
    )
    return table.search(text, limit=3)


_off_foods = st.builds(_openfoodfacts, st.just("list"), st.just([])).map(mg.read_openfoodfacts)


@fuzz(
    "FoodTable.with_foods",
    foods=sometimes(
        st.one_of(hostile_cells, st.lists(hostile_cells, max_size=2)),
        st.tuples(_off_foods, st.integers(0, 3)).map(lambda t: t[0][: t[1]]),
    ),
    aliases=sometimes(
        st.dictionaries(hashable_cells, hostile_cells, max_size=2),
        st.one_of(st.none(), st.just({"yoghurt": "yogurt"})),
    ),
    text=hostile_lines,
)
def _with_foods(foods: Any, aliases: Any, text: str) -> Any:
    table = _SMALL_TABLE.with_foods(foods)  # the bundled table would rebuild its index
    if aliases is not None:
        table = table.with_aliases(aliases)
    return table.search(text, limit=3)


food_fields = {
    "food_id": sometimes(
        st.one_of(st.sampled_from(["sr28:1", "x", "custom:", "custom:a b"]), maybe_text),
        st.sampled_from(["custom:x", "custom:my-bread"]),
    ),
    "source": sometimes(maybe_text, st.just("custom")),
    "description": sometimes(maybe_text, st.sampled_from(HOSTILE_FOODS)),
    "magnesium_mg_per_100g": sometimes(hostile_numbers, st.floats(0, 500)),
    "calcium_mg_per_100g": sometimes(hostile_numbers, st.floats(0, 1500)),
    "vitamin_d_ug_per_100g": sometimes(hostile_numbers, st.just(math.nan)),
    "energy_kcal_per_100g": sometimes(hostile_numbers, st.floats(0, 900)),
}


@fuzz("Food", validation_error=True, **food_fields)
def _food(**fields: Any) -> Any:
    return mg.Food(**fields)


@fuzz(
    "Portion",
    validation_error=True,
    amount=sometimes(hostile_numbers, st.floats(0.1, 10)),
    measure=sometimes(maybe_text, st.just("cup")),
    unit=sometimes(st.one_of(st.sampled_from(HOSTILE_UNITS), maybe_text), st.just("cup")),
    modifier=sometimes(maybe_text, st.just("")),
    grams=sometimes(hostile_numbers, st.floats(0.1, 1000)),
)
def _portion(**fields: Any) -> Any:
    return mg.Portion(**fields)


@fuzz(
    "Resolver",
    min_score=sometimes(hostile_numbers, st.just(65.0)),
    pins=sometimes(
        st.one_of(hostile_cells, st.dictionaries(hashable_cells, hostile_cells)),
        st.dictionaries(
            st.sampled_from(HOSTILE_FOODS), st.sampled_from(["sr28:12063", "nope:1"]), max_size=2
        ),
    ),
    n_alternatives=sometimes(hostile_numbers, st.just(3)),
    texts=st.lists(sometimes(hostile_cells, hostile_lines), max_size=4),
)
def _resolver(texts: list[Any], **options: Any) -> Any:
    resolver = mg.Resolver(mg.FoodTable.default(), **options)
    return resolver.resolve_many(texts)


@_resolver.law
def _(result: pd.DataFrame, texts: list[Any], **_: Any) -> None:
    assert len(result) == len(texts), "texts lost"


@fuzz("Match", text=sometimes(hostile_cells, hostile_lines))
def _match(text: Any) -> Any:
    return mg.Resolver(mg.FoodTable.default()).resolve(text)


@_match.law
def _(result: mg.Match, **_: Any) -> None:
    assert 0 <= result.score <= 100, result
    assert (result.food_id is None) == (result.reason is not None), result


# -- water ------------------------------------------------------------------------------------

mg_per_l = sometimes(hostile_numbers, st.one_of(st.none(), st.floats(0, 1200)))
"""A water's content [mg/L], mostly plausible (None: unknown)."""

litres = sometimes(hostile_numbers, st.floats(0, 5))
"""A volume of water [L]."""


@fuzz(
    "Water",
    validation_error=True,
    name=sometimes(maybe_text, st.sampled_from(["my tap", "Hépar", "well"])),
    magnesium=mg_per_l,
    calcium=mg_per_l,
    magnesium_range=sometimes(
        st.tuples(hostile_numbers, hostile_numbers),
        st.one_of(st.none(), st.tuples(st.floats(0, 100), st.floats(100, 200))),
    ),
    water_id=sometimes(maybe_text, st.sampled_from([None, "water:mine", "water:x_1"])),
    aliases=sometimes(st.one_of(hostile_cells, st.lists(hostile_cells, max_size=2)), st.just(())),
    mineral=sometimes(maybe_text, st.sampled_from(["magnesium", "calcium"])),
    litres=litres,
)
def _water(
    name: Any,
    magnesium: Any,
    calcium: Any,
    magnesium_range: Any,
    water_id: Any,
    aliases: Any,
    mineral: Any,
    litres: Any,
) -> Any:
    low, high = magnesium_range if magnesium_range is not None else (None, None)
    water = mg.Water(
        name=name,
        magnesium_mg_per_l=magnesium,
        calcium_mg_per_l=calcium,
        magnesium_mg_per_l_low=low,
        magnesium_mg_per_l_high=high,
        water_id=water_id,
        aliases=aliases,
    )
    return water, water.per_litre(mineral), water.mineral_mg(mineral, litres), water.flags


@_water.law
def _(result: tuple[mg.Water, Any, Any, Any], litres: Any, **_: Any) -> None:
    water, per_litre, in_drink, _flags = result
    for value, low, high in (per_litre, in_drink):
        assert all(math.isnan(v) or v >= 0 for v in (value, low, high)), (value, low, high)
        assert math.isnan(value) or low <= value <= high, (value, low, high)
    assert water == mg.Water.model_validate_json(water.model_dump_json())


_WATER_NAMES: Final = (
    "500 ml San Pellegrino",
    "1.5 l Hépar",
    "2 glasses of tap water",
    "a bottle of water",
    "Evian water",
    "mineral water",
    "water",
    "S.Pellegrino 330 ml",
    "Gerolsteiner",
    "1 cup water chestnuts",
    "tap water usa",
    "water:hepar",
    "1e3 l evian",
    "-1 l evian",
)
water_texts = sometimes(hostile_lines, st.sampled_from(_WATER_NAMES))
tap_waters = sometimes(
    st.builds(lambda m: mg.Water(name="my tap", magnesium_mg_per_l=m), st.floats(0, 1000)),
    st.one_of(st.none(), st.just(mg.Water(name="my tap", magnesium_mg_per_l=12))),
)
"""A person's tap water, or none."""


def _assert_drink(drink: mg.Drink) -> None:
    """A drink's volume is unknown (flagged) or within one entry's limit, and its minerals
    are unknown or non-negative, inside their low-high range."""
    if math.isnan(drink.litres):
        assert "bad_amount" in drink.flags, drink
    else:
        assert 0 <= drink.litres * 1000 <= MAX_ENTRY_GRAMS, drink
    minerals = drink.minerals()
    for mineral in ("magnesium", "calcium"):
        value = minerals[f"{mineral}_mg"]
        low, high = minerals[f"{mineral}_mg_low"], minerals[f"{mineral}_mg_high"]
        assert math.isnan(value) or 0 <= low <= value <= high, (mineral, minerals)


@fuzz(
    "read_drink",
    text=sometimes(hostile_cells, water_texts),
    amount=sometimes(
        st.one_of(dose_texts, hostile_numbers),
        st.sampled_from([None, None, "500 ml", "1.5 l", "2 glasses", 0.5, "1 bottle"]),
    ),
    unit=sometimes(st.one_of(st.sampled_from(HOSTILE_UNITS), maybe_text), st.none()),
    tap_water=tap_waters,
)
def _read_drink(text: Any, amount: Any, unit: Any, tap_water: Any) -> Any:
    return mg.read_drink(text, amount, unit, tap_water=tap_water)


@_read_drink.law
def _(result: mg.Drink | None, **_: Any) -> None:
    if result is not None:
        _assert_drink(result)


@fuzz("Drink.minerals", text=water_texts, water=tap_waters)
def _drink_minerals(text: str, water: mg.Water | None) -> Any:
    """A drink read from text, with a water applied (as an analysis applies the tap's)."""
    drink = mg.read_drink(text)
    if drink is None:
        return None
    return drink.with_water(water) if water is not None else drink


@_drink_minerals.law
def _(result: mg.Drink | None, **_: Any) -> None:
    if result is not None:
        _assert_drink(result)
        assert result.dose, result


@fuzz("load_waters")
def _load_waters() -> Any:
    return mg.load_waters()


@_load_waters.law
def _(result: mg.WaterTable, **_: Any) -> None:
    for water in result:  # every water of the table is found by its id and its name
        assert result.find(str(water.water_id)) is water, water
        assert result.find(water.name) is water, water


@fuzz(
    "WaterTable",
    waters=st.lists(
        sometimes(
            st.one_of(hostile_cells, st.builds(mg.Water, name=st.sampled_from(["Evian", "x"]))),
            st.sampled_from(list(mg.load_waters())[:8]),
        ),
        max_size=4,
    ),
    name=sometimes(hostile_cells, st.sampled_from(["Evian", "evian water", "Gerolsteiner", ""])),
)
def _water_table(waters: list[Any], name: Any) -> Any:
    table = mg.WaterTable(waters)
    found = table.find(name)
    candidates = table.candidates(name) if isinstance(name, str) else []
    try:
        got = table.get(name)
    except errors.UnknownWaterError:
        got = None
    return table, found, got, candidates


@_water_table.law
def _(result: tuple[mg.WaterTable, Any, Any, Any], **_: Any) -> None:
    table, found, got, candidates = result
    assert found is got, (found, got)  # get() is find() that refuses with candidates
    assert all(0 <= score <= 100 for _, _, score in candidates), candidates
    for water in table:
        if water.water_id is not None:
            assert table.find(water.water_id) is water


# -- recipes ----------------------------------------------------------------------------------

_INGREDIENTS: Final = (
    "200 g lentils, raw",
    "1 medium onion, raw",
    "400 g canned tomatoes",
    "1 cup 2% milk",
    "qqqzzz",
    "0 g almonds",
    "1e-300 g almonds",
)
ingredient_lines = sometimes(
    st.one_of(hostile_lines, hostile_cells, st.just({"text": "1 oz almonds", "food_id": "x"})),
    st.one_of(
        st.sampled_from(_INGREDIENTS),
        st.just({"text": "30 g almonds", "food_id": "sr28:12063"}),
    ),
)
recipe_fields = {
    "name": sometimes(maybe_text, st.sampled_from(["Lentil stew", "Crème brûlée", "Pie 2"])),
    "lines": sometimes(
        st.one_of(hostile_cells, st.lists(ingredient_lines, max_size=2)),
        st.lists(ingredient_lines, min_size=1, max_size=3),
    ),
    "servings": sometimes(hostile_numbers, st.floats(0.5, 12)),
    "cooked_weight_g": sometimes(hostile_numbers, st.one_of(st.none(), st.floats(50, 3000))),
    "aliases": sometimes(
        st.one_of(hostile_cells, st.lists(hostile_cells, max_size=2)),
        st.sampled_from([(), ("dal",), "stew"]),
    ),
    "note": sometimes(maybe_text, st.just("")),
}


def _recipe(fields: dict[str, Any]) -> mg.Recipe:
    return mg.Recipe(**fields)


@fuzz("Recipe", validation_error=True, **recipe_fields)
def _recipe_target(**fields: Any) -> Any:
    recipe = _recipe(fields)
    return recipe, recipe.nutrients()


@_recipe_target.law
def _(result: tuple[mg.Recipe, Any], **_: Any) -> None:
    recipe, values = result
    assert values.n_lines == len(recipe.lines)
    for name in ("magnesium", "calcium", "vitamin_d", "energy"):
        coverage = getattr(values, f"{name}_coverage")
        assert math.isnan(coverage) or 0 <= coverage <= 1, (name, coverage)
    total, per_serving = values.magnesium_mg, values.magnesium_mg_per_serving
    assert math.isnan(total) or total >= 0, values
    if not math.isnan(total):  # per serving = total / servings, whatever the dish weighs
        assert math.isclose(per_serving * recipe.servings, total, rel_tol=1e-9, abs_tol=1e-9)


def _recipes_json(edits: list[tuple[str, Any]], extra: bool) -> str:
    payload = json.loads((DATA.parents[1] / "data" / "recipes.json").read_text("utf-8"))
    if extra:
        payload["recipes"].append({"name": "Porridge", "lines": ["1 cup 2% milk"]})
    for key, value in edits:
        if key in ("format", "recipes"):
            payload[key] = value
            continue
        recipes = payload.get("recipes")
        if not isinstance(recipes, list) or not recipes or not isinstance(recipes[0], dict):
            continue  # an earlier edit replaced the recipes
        if key == "line" and isinstance(recipes[0].get("lines"), list):
            recipes[0]["lines"][0] = value
        else:
            recipes[0][key] = value
    return json.dumps(payload, ensure_ascii=False, default=str)


recipe_json_texts = st.builds(
    _recipes_json,
    sometimes(
        st.lists(
            st.tuples(
                st.sampled_from(
                    [
                        "format",
                        "recipes",
                        "line",
                        "name",
                        "servings",
                        "cooked_weight_g",
                        "aliases",
                        "note",
                        "lines",
                        "extra",
                    ]
                ),
                st.one_of(hostile_cells, st.just({}), st.just([]), st.just(None)),
            ),
            min_size=1,
            max_size=2,
        ),
        st.just([]),
    ),
    st.booleans(),
)
"""The bundled recipe book as JSON text, maybe with hostile fields."""


def _assert_book_round_trips(book: mg.RecipeBook) -> None:
    """A book reads back identically from its JSON and its CSV (as to_json, to_csv say)."""
    text = book.to_json()
    strict_json(text)
    assert mg.RecipeBook.from_json(text) == book
    assert mg.RecipeBook.from_csv(book.to_csv()) == book


@fuzz(
    "read_recipes",
    data=st.one_of(
        st.tuples(hostile_csv_files(("generic/recipes.csv",)), st.sampled_from([".csv", ".CSV"])),
        st.tuples(
            recipe_json_texts.map(lambda t: t.encode("utf-8", "surrogatepass")), st.just(".json")
        ),
        st.tuples(st.binary(max_size=20), st.sampled_from([".txt", "", ".json"])),
    ),
)
def _read_recipes(data: tuple[bytes, str]) -> Any:
    raw, suffix = data
    return mg.read_recipes(_written(raw, f"book{suffix}"))


@_read_recipes.law
def _(result: mg.RecipeBook, data: tuple[bytes, str]) -> None:
    raw, suffix = data
    if suffix == ".json":  # every recipe of the file is kept (a bad one refuses the file)
        assert len(result) == len(json.loads(raw.decode("utf-8-sig"))["recipes"])
    _assert_book_round_trips(result)


@fuzz(
    "RecipeBook",
    recipes=st.lists(
        sometimes(
            hostile_cells,
            st.sampled_from(
                [
                    mg.Recipe(
                        "Almond rice", lines=["1 cup brown rice", "1 oz almonds"], servings=2
                    ),
                    mg.Recipe("Spinach", lines=["1 cup spinach, boiled", "30 g almonds"]),
                    mg.Recipe("spinach!", lines=["1 cup spinach, boiled"]),
                ]
            ),
        ),
        max_size=3,
    ),
    key=sometimes(hostile_cells, st.sampled_from(["Almond rice", "recipe:spinach", "nope"])),
)
def _recipe_book(recipes: list[Any], key: Any) -> Any:
    """A book of recipes made of the small table's foods, registered on that table."""
    book = mg.RecipeBook(recipes)
    table = _SMALL_TABLE.with_recipes(book)
    try:
        found = book[key]  # by id, name or alias; a RecipeError names what the book holds
    except errors.RecipeError:
        found = None
    return book, found, table.search("almond rice", limit=2)


@_recipe_book.law
def _(result: tuple[mg.RecipeBook, Any, Any], recipes: list[Any], **_: Any) -> None:
    book, _found, _search = result
    assert list(book) == recipes, "a recipe was lost or added"
    _assert_book_round_trips(book)


@fuzz("RecipeBook.from_json", source=sometimes(hostile_lines, recipe_json_texts))
def _recipe_book_json(source: Any) -> Any:
    if isinstance(source, str) and "\n" not in source and not source.lstrip().startswith("{"):
        source = "{" + source  # text that is not JSON, never a path on this machine
    return mg.RecipeBook.from_json(source)


@_recipe_book_json.law
def _(result: mg.RecipeBook, source: str) -> None:
    assert len(result) == len(json.loads(source)["recipes"]), "a recipe was lost or added"
    _assert_book_round_trips(result)


@fuzz("load_recipes")
def _load_recipes() -> Any:
    return mg.load_recipes()


@_load_recipes.law
def _(result: mg.RecipeBook, **_: Any) -> None:
    _assert_book_round_trips(result)
    for recipe in result:  # the bundled recipes resolve completely: they are foods
        food = recipe.food()
        assert food.magnesium_mg_per_100g > 0, food


# -- supplements files and labels ----------------------------------------------------------


label_texts = sometimes(
    hostile_lines,
    st.one_of(
        label_lines,
        st.sampled_from(
            [
                "Cal-Mag-D: per 2 tablets calcium 500 mg, magnesium 250 mg, vitamin D3 400 IU",
                "2 capsules magnesium citrate 150 mg each",
                "Vitamin D3 50,000 IU once a week",
                "Magnesium 250 mg (as magnesium oxide) twice a day",
                "Calcium 600 mg (as calcium carbonate) 1-2 tablets",
                "Zinc 15 mg, magnesium 100 mg",
                "magnesium sulfate 500 mg",
                "Vitamin D3 62.5 mcg (2,500 IU)",
                "per 0 tablets magnesium 100 mg",
                "magnesium 1e400 mg",
            ]
        ),
    ),
)


@fuzz(
    "read_label",
    validation_error=True,  # documented: a compound named without "as" and no basis
    text=sometimes(hostile_cells, label_texts),
    basis=bases,
)
def _read_label(text: Any, basis: Any) -> Any:
    label = mg.read_label(text, basis=basis)
    return label, {n: label.per_unit(n) for n in ("magnesium", "calcium", "vitamin_d")}


@_read_label.law
def _(result: tuple[Any, dict[str, float | None]], **_: Any) -> None:
    label, per_unit = result
    assert label.lines, label
    assert label.serving_units > 0, label
    for line in label.lines:
        assert line.per_serving is None or line.per_serving >= 0, line
    for value in per_unit.values():
        assert value is None or value >= 0, per_unit


@fuzz(
    "read_supplements",
    data=st.one_of(
        st.tuples(hostile_csv_files(("generic/supplements.csv",)), st.just(".csv")),
        st.tuples(hostile_xlsx_files(), st.just(".xlsx")),
    ),
    columns=sometimes(
        st.dictionaries(
            st.sampled_from(["product", "Produkt", "x", ""]),
            st.sampled_from(["product", "amount", "date", "nope"]),
            max_size=2,
        ),
        st.none(),
    ),
)
def _read_supplements(data: tuple[bytes, str], columns: Any) -> Any:
    raw, suffix = data
    path = _written(raw, f"supplements{suffix}")
    if suffix != ".csv":
        return mg.read_supplements(path, columns=columns)
    return _row_bounds(  # an error names rows of the file only
        lambda: mg.read_supplements(path, columns=columns),
        raw.count(b"\n") + raw.count(b"\r") + 1,
    )


@_read_supplements.law
def _(result: mg.FoodLog, **_: Any) -> None:
    assert len(result) == 0, "a supplement file gave food entries"
    for column in ("magnesium_mg", "calcium_mg"):
        values = result.supplements[column].to_numpy(dtype=float)
        assert all(math.isnan(v) or 0 <= v <= MAX_DOSE_MG for v in values), (column, values)
    _assert_saves(result)


# -- suggestions, comparisons, documents ---------------------------------------------------

_DIET_LINES: Final = (
    "1 cup white rice, cooked",
    "1 cup whole milk",
    "1 oz almonds",
    "2 slices whole wheat bread",
    "1 cup spinach, boiled",
    "1 banana",
    "1 cup plain yogurt",
    "2 large eggs",
    "100 g chicken breast, roasted",
    "1 cup coffee",
    "500 ml San Pellegrino",
)


def _diet_log(lines: list[str], dates: list[str], dose: str | None) -> mg.FoodLog:
    """A small log of one person: a few usual lines over one or two days, maybe a dose."""
    clean = ["".join(c for c in line if not 0xD800 <= ord(c) < 0xE000) for line in lines]
    log = mg.FoodLog.from_lines(clean[::2], date=dates[0], meal="lunch")
    if clean[1::2]:
        log = log.concat(mg.FoodLog.from_lines(clean[1::2], date=dates[-1], meal="dinner"))
    if dose is not None:
        log.add_supplement("magnesium", amount=dose, basis="elemental", date=dates[0])
    return log


diet_logs = st.builds(
    _diet_log,
    st.lists(sometimes(hostile_lines, st.sampled_from(_DIET_LINES)), min_size=1, max_size=4),
    st.sampled_from([["2026-11-20"], ["2026-11-20", "2026-11-21"]]),
    st.sampled_from([None, None, "100 mg", "400 mg"]),
)
"""Small logs of one person (suggest solves a program per call: kept small and fast)."""

people = st.builds(
    lambda age, sex: mg.Person(age=age, sex=sex),
    st.sampled_from([0.3, 2, 10, 16, 34, 58, 80]),
    st.sampled_from(["female", "male"]),
)


def _analysed(log: mg.FoodLog, person: mg.Person | None) -> mg.IntakeAnalysis:
    return mg.analyze(log, person)


analyses = st.builds(_analysed, diet_logs, st.one_of(st.none(), people))
"""Analyses of small logs, with or without a person."""


suggest_options = {
    "target": sometimes(
        st.one_of(hostile_numbers, st.sampled_from(["RDA", "ai", "x"])),
        st.sampled_from(["rda", "ear", 300.0, 420]),
    ),
    "ratio_range": sometimes(ranges, st.sampled_from(["default", "costello2021"])),
    "max_changes": sometimes(hostile_numbers, st.integers(0, 3)),
    "energy_budget_kcal": sometimes(hostile_numbers, st.one_of(st.none(), st.floats(-300, 800))),
    "prefer": sometimes(maybe_text, st.sampled_from(["own_foods", "none"])),
    "exclude": sometimes(
        st.one_of(hostile_cells, st.lists(hostile_cells, max_size=2)),
        st.sampled_from([(), ("nuts",), ("dairy", "gluten"), "fish", ("sr28:12061",)]),
    ),
    "allow_supplements": st.booleans(),
    "vegan": st.booleans(),
    "basis": sometimes(maybe_text, st.sampled_from(["total", "food"])),
    "extra_foods": sometimes(
        st.one_of(hostile_cells, st.lists(maybe_text, max_size=2)),
        st.sampled_from([(), ("sr28:12063",), ("sr28:11458", "nope:1")]),
    ),
}


@fuzz(
    "suggest",
    analysis=sometimes(hostile_cells, analyses),
    person=sometimes(hostile_cells, st.one_of(st.none(), people)),
    **suggest_options,
)
def _suggest(analysis: Any, person: Any, **options: Any) -> Any:
    return mg.suggest(analysis, person, **options)


@_suggest.law
def _(result: mg.Suggestion, max_changes: int, **_: Any) -> None:
    assert len(result.changes) <= max_changes, result.changes
    if result.feasible:  # a plan (maybe empty) meets every constraint, rechecked
        assert result.after is not None
        assert all(check.satisfied for check in result.constraints), result.constraints
        # the magnesium target is met: never a plan that leaves magnesium short of it
        assert result.after.magnesium_mg >= result.target_mg * (1 - 1e-9), result
    if result.status == "already_met":
        assert not result.changes
        assert result.before.magnesium_mg >= result.target_mg * (1 - 1e-9), result
    if result.status == "infeasible":
        assert result.after is None, result
        assert not result.changes, result
    strict_json(result.model_dump_json())


@fuzz("Suggestion", validation_error=True, analysis=analyses, person=people)
def _suggestion(analysis: mg.IntakeAnalysis, person: mg.Person) -> Any:
    """A Suggestion as suggest() makes it, rebuilt from its JSON."""
    found = mg.suggest(analysis, person, max_changes=2)
    return mg.Suggestion.model_validate_json(found.model_dump_json()), found


@_suggestion.law
def _(result: tuple[mg.Suggestion, mg.Suggestion], **_: Any) -> None:
    back, found = result
    assert back == found


@fuzz(
    "rich_foods",
    by=sometimes(maybe_text, st.sampled_from(["per_100g", "per_portion", "per_100kcal"])),
    group=sometimes(maybe_text, st.sampled_from([None, "nuts", "legumes", "dairy"])),
    limit=sometimes(hostile_numbers, st.sampled_from([None, 0, 1, 5, 20])),
    pool=sometimes(maybe_text, st.sampled_from(["everyday", "everyday", "all"])),
)
def _rich_foods(**options: Any) -> Any:
    return mg.rich_foods(**options)


@_rich_foods.law
def _(result: pd.DataFrame, by: str, group: str | None, limit: int | None, **_: Any) -> None:
    if limit is not None:
        assert len(result) <= limit
    ranked = result[f"magnesium_mg_{by}"]
    assert ranked.notna().all(), "a food of unknown magnesium was ranked"
    assert ranked.is_monotonic_decreasing, "not best first"
    if group is not None:
        from mgcalc.suggestions import EXCLUSIONS

        for tags in result["tags"]:
            assert set(tags.split(";")) & EXCLUSIONS[group], (group, tags)


@fuzz(
    "compare",
    before=sometimes(hostile_cells, analyses),
    after=sometimes(hostile_cells, st.one_of(st.none(), analyses)),
    labels=sometimes(
        st.one_of(hostile_cells, st.tuples(maybe_text, maybe_text), st.tuples(st.just("a"))),
        st.sampled_from([("Before", "After"), ("Week 1", "Week 6")]),
    ),
)
def _compare(before: Any, after: Any, labels: Any) -> Any:
    """Two periods; ``after=None`` compares a period with itself."""
    return mg.compare(before, before if after is None else after, labels=labels)


@_compare.law
def _(result: mg.Comparison, before: Any, after: Any, **_: Any) -> None:
    if after is None or after is before:  # a period compared with itself: nothing changed
        for change in result.changes:
            assert change.difference in (None, 0.0), change
        assert not result.sources_added, result
        assert not result.sources_dropped, result
    assert len({change.key for change in result.changes}) == len(result.changes)


@fuzz("Comparison", validation_error=True, before=analyses, after=analyses)
def _comparison(before: mg.IntakeAnalysis, after: mg.IntakeAnalysis) -> Any:
    """A Comparison as compare() makes it, rebuilt from its JSON."""
    found = mg.compare(before, after)
    return mg.Comparison.model_validate_json(found.model_dump_json()), found


@_comparison.law
def _(result: tuple[mg.Comparison, mg.Comparison], **_: Any) -> None:
    back, found = result
    assert back == found


report_fields = {
    "title": sometimes(maybe_text, st.just("Intake report")),
    "client": usual_text,
    "practice": usual_text,
    "report_date": sometimes(hostile_dates, st.sampled_from(["2026-11-20", None])),
    "period": usual_text,
    "logo": sometimes(
        st.one_of(maybe_text, st.sampled_from(["data:image/png;base64,", "data:text/html,x"])),
        st.sampled_from([None, "data:image/png;base64,iVBORw0KGgo="]),
    ),
}


@fuzz("ReportInfo", validation_error=True, **report_fields)
def _report_info(**fields: Any) -> Any:
    return mg.ReportInfo(**{k: v for k, v in fields.items() if v is not None})


@_report_info.law
def _(result: mg.ReportInfo, **_: Any) -> None:
    for name in ("title", "client", "practice", "period"):  # printed in one header line
        value = getattr(result, name)
        assert value is None or (value.strip() and "\n" not in value), (name, value)
    assert mg.ReportInfo.model_validate_json(result.model_dump_json()) == result


def _edit_document(text: str, edits: list[tuple[str, Any]]) -> str:
    payload = json.loads(text)
    for key, value in edits:
        summary, entries = payload.get("summary"), payload.get("entries")
        if key.startswith("summary."):
            if isinstance(summary, dict):  # (an earlier edit may have replaced it)
                summary[key.split(".", 1)[1]] = value
        elif key.startswith("entries."):
            if isinstance(entries, list) and entries and isinstance(entries[0], dict):
                entries[0][key.split(".", 1)[1]] = value
        else:
            payload[key] = value
    return json.dumps(payload, default=str)


@fuzz(
    "AnalysisDocument",
    validation_error=True,
    analysis=analyses,
    report=sometimes(
        st.builds(dict, **report_fields), st.sampled_from([None, {"client": "A. N. Other"}])
    ),
    edits=sometimes(
        st.lists(
            st.tuples(
                st.sampled_from(
                    [
                        "schema_version",
                        "mgcalc_version",
                        "summary",
                        "daily",
                        "summary.n_days",
                        "summary.magnesium_mg",
                        "summary.ratio_flag",
                        "entries.date",
                        "entries.status",
                        "entries.magnesium_mg",
                        "report",
                        "person",
                    ]
                ),
                st.one_of(hostile_cells, st.just({}), st.just([]), st.just(None)),
            ),
            min_size=1,
            max_size=2,
        ),
        st.just([]),
    ),
)
def _analysis_document(
    analysis: mg.IntakeAnalysis, report: dict[str, Any] | None, edits: list[tuple[str, Any]]
) -> Any:
    """An analysis's JSON document (maybe with hostile fields) read back as documented."""
    info = None if report is None else mg.ReportInfo(**report)
    text = analysis.to_json(info)
    return mg.AnalysisDocument.model_validate_json(_edit_document(text, edits) if edits else text)


@_analysis_document.law
def _(result: mg.AnalysisDocument, analysis: mg.IntakeAnalysis, edits: list[Any], **_: Any) -> None:
    strict_json(result.model_dump_json())
    if not edits:  # the document reads back as it was written
        assert result.model_dump() == analysis.to_document(result.report).model_dump()


# -- errors and warnings: built from any data, they print and pickle -------------------------

_ERROR_ARGUMENTS: Final[dict[str, dict[str, SearchStrategy[Any]]]] = {}


def _error_target(name: str) -> None:
    import inspect

    cls = getattr(mg, name)
    text = st.text(any_characters, max_size=20)
    texts = st.lists(text, max_size=3)
    strategies: dict[str, SearchStrategy[Any]] = {}
    if issubclass(cls, Warning):
        strategies["message"] = text
    else:
        for parameter in inspect.signature(cls).parameters.values():
            kind = str(parameter.annotation)
            if "Sequence[int]" in kind:
                strategies[parameter.name] = st.lists(st.integers(1, 10**6), max_size=12)
            elif "Sequence" in kind:
                strategies[parameter.name] = texts
            elif "object" in kind:
                strategies[parameter.name] = hostile_cells
            elif parameter.default is None:
                strategies[parameter.name] = st.one_of(st.none(), text)
            else:
                strategies[parameter.name] = text

    @fuzz(name, **strategies)
    def _build(**arguments: Any) -> Any:
        return cls(*arguments.values()) if issubclass(cls, Warning) else cls(**arguments)

    @_build.law
    def _(result: BaseException, **_: Any) -> None:
        import pickle

        assert str(result) == str(pickle.loads(pickle.dumps(result)))


for _name in sorted(mg.__all__):
    _value = getattr(mg, _name)
    if isinstance(_value, type) and issubclass(_value, errors.MgcalcError | mg.MgcalcWarning):
        _error_target(_name)


# -- the command line -----------------------------------------------------------------------


def _cli(argv: list[str]) -> tuple[int, str, str]:
    from mgcalc.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


@st.composite
def _cli_arguments(draw: st.DrawFn) -> list[str]:
    """A command line: estimate any text, or analyse a hostile log as a table, JSON or CSV,
    or write its report over the log itself."""
    command = draw(st.sampled_from(["estimate", "analyze", "analyze", "report", "foods"]))
    strip = "".join  # argv cannot carry NUL characters
    text = strip(c for c in draw(hostile_lines) if c != "\x00")
    if command == "estimate":
        return ["estimate", text, *draw(st.sampled_from([[], ["--format", "json"]]))]
    if command == "foods":
        return ["foods", "search", text]
    lines = [
        strip(c for c in line if not 0xD800 <= ord(c) < 0xE000)
        for line in draw(st.lists(formula_texts, min_size=1, max_size=3))
    ]
    folder = _folder()
    log = mg.FoodLog.from_lines(
        lines, date="2026-11-20", meal=draw(st.sampled_from(["lunch", "=1+1", "@x"]))
    )
    path = folder / "log.csv"
    log.to_csv(path)
    if command == "report":
        return ["report", str(path), "-o", str(path)]
    person = draw(
        st.sampled_from(
            [
                [],
                ["--age", "34", "--sex", "female"],
                ["--age", "nan", "--sex", "male"],
                ["--age", "-1", "--sex", "male"],
                ["--range", "3-2"],
                ["--range", "nan-inf"],
            ]
        )
    )
    return [
        "analyze",
        str(path),
        "--format",
        draw(st.sampled_from(["table", "json", "csv"])),
        *person,
    ]


@fuzz("mgcalc (command line)", argv=_cli_arguments())
def _command_line(argv: list[str]) -> Any:
    return _cli(argv)


@_command_line.law
def _(result: tuple[int, str, str], argv: list[str]) -> None:
    status, out, err = result
    assert status in (0, 2), status
    assert "Traceback" not in err, err
    if status == 2 and err.startswith("usage: "):  # argparse: the usage, then one error line
        assert err.rstrip("\n").splitlines()[-1].startswith("mgcalc"), err
        assert ": error: " in err.rstrip("\n").splitlines()[-1], err
    elif status == 2:
        assert err.startswith("mgcalc: error: "), err
        assert err.count("\n") <= 1 + argv.count("estimate"), err
    if argv[0] == "report":
        assert status == 2, "a report was written over its own input"
    if "csv" in argv and status == 0:
        assert not _live_formulas(out), _live_formulas(out)
        assert not _ragged_rows(out), _ragged_rows(out)
