"""The ``mgcalc`` command: estimate a line, analyse a log, write a report, search foods.

Subcommands
-----------
``mgcalc estimate TEXT...``
    Magnesium and calcium in one or more free-text lines ("1 cup spinach, boiled").
``mgcalc analyze LOG [--recipes BOOK]``
    The daily table (food, supplemental and total magnesium, calcium, coverage, Ca:Mg,
    UL check, % of RDA), a summary and the unresolved lines, as a table, JSON or CSV;
    with ``--recipes``, the dishes of a recipe book (JSON or CSV) are foods of the log.
``mgcalc report LOG -o report.html [--pdf report.pdf] [--json report.json]``
    The report a dietitian hands to a client (``--client``, ``--practice``, ``--logo``,
    ``--date``, ``--title``, ``--period``); ``--compare BEFORE AFTER`` reports a
    follow-up: two periods side by side; ``--suggest`` (``--budget-kcal``,
    ``--exclude``) adds the next steps; ``--recipes BOOK --recipe-details`` lists each
    home recipe's ingredients in the diary.
``mgcalc foods search TEXT`` / ``mgcalc foods show FOOD_ID``
    Search the bundled USDA table; show a food and its household portions.
``mgcalc demo [-o report.html] [--no-recipes]``
    The bundled example week with its recipe book, analysed for a woman of 34 (and its
    report); ``--no-recipes`` leaves its home-cooked dish unresolved.
``mgcalc suggest LOG --age A --sex S [--budget-kcal N] [--exclude nuts] [--max-changes 3]``
    What to eat: the fewest changes that close the magnesium gap within the Ca:Mg range
    (the log's ``--supplements`` and ``--recipes`` count, as in ``analyze``).

Every subcommand has ``--help``. The exit status is 0 on success and 2 on bad input,
with a one-line reason on stderr (``mgcalc: error: ...``) and never a traceback.
Unknown values are printed as ``unknown``, never as 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

import pandas as pd
from pydantic import ValidationError

from mgcalc import __version__
from mgcalc._files import check_not_input, csv_text, write_text
from mgcalc._values import known_float
from mgcalc.analysis import IntakeAnalysis, analyze, estimate
from mgcalc.errors import InvalidLogError, MgcalcError
from mgcalc.foods import FoodTable
from mgcalc.log import FoodLog
from mgcalc.ratio import RatioRange, resolve_range
from mgcalc.references import Person
from mgcalc.resolve import Resolver
from mgcalc.water import Water

if TYPE_CHECKING:
    from mgcalc._plans import Suggestion
    from mgcalc.recipes import RecipeBook

__all__ = ["INPUT_FORMATS", "PROGRESS_MIN_TEXTS", "build_parser", "main", "read_input"]

PROGRESS_MIN_TEXTS: Final = 2000
"""Logs with more distinct food texts than this show a progress bar while resolving."""

INPUT_FORMATS: Final = ("auto", "mgcalc", "cronometer", "cronometer-daily", "myfitnesspal", "csv")
"""What ``--input-format`` accepts. ``auto`` goes by the file's extension and header."""

_IMPORTERS: Final[dict[str, str]] = {
    "cronometer": "read_cronometer",
    "cronometer-daily": "read_cronometer_daily",
    "myfitnesspal": "read_myfitnesspal",
    "csv": "read_log",
}
"""The function of :mod:`mgcalc.importers` that reads each export format."""

DEMO_AGE_YEARS: Final = 34
DEMO_SEX: Final = "female"
DEMO_FILE: Final = "example_week.csv"
DEMO_RECIPES: Final = "recipes.json"

_EXIT_OK: Final = 0
_EXIT_BAD_INPUT: Final = 2


class CommandError(ValueError, MgcalcError):
    """Bad input found by the command itself; its message is printed on one line."""

    def __init__(self, message: str) -> None:
        MgcalcError.__init__(self, message)


# -- small formatting helpers ---------------------------------------------------------
def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _error_text(exc: BaseException) -> str:
    """One line explaining ``exc`` to a person at a terminal."""
    if isinstance(exc, ValidationError):
        parts = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()))
            message = str(error["msg"]).removeprefix("Value error, ")
            parts.append(f"{where}: {message}" if where else message)
        return _one_line("; ".join(parts))
    if isinstance(exc, FileNotFoundError) and exc.filename is not None:
        return f"no such file or directory: {exc.filename}"
    return _one_line(str(exc))


def _num(value: Any, digits: int = 0, unit: str = "") -> str:
    """A number for display; ``unknown`` for a missing value, never 0."""
    number = known_float(value)
    if number is None:
        return "unknown"
    text = f"{number:,.{digits}f}"
    return f"{text} {unit}" if unit else text


def _pct(value: Any) -> str:
    """A share in 0-1 as a percentage; ``unknown`` when missing."""
    number = known_float(value)
    return "unknown" if number is None else f"{number:.0%}"


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[bool]) -> str:
    """A plain fixed-width text table."""
    body = [list(row) for row in rows]
    widths = [len(h) for h in headers]
    for row in body:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        out = [
            cell.rjust(width) if align else cell.ljust(width)
            for cell, width, align in zip(cells, widths, right, strict=True)
        ]
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in body)])


class _Progress:
    """A minimal text progress bar on a stream (stderr by default)."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None, width: int = 30):
        self.total = max(total, 1)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self._shown = -1

    def update(self, done: int) -> None:
        """Show ``done`` of ``total``; redraws only when the bar or percentage changes."""
        percent = min(100, int(100 * done / self.total))
        if percent == self._shown:
            return
        self._shown = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{self.total} ({percent}%)")
        self.stream.flush()

    def report(self, done: int, total: int) -> None:
        """Progress from the library: ``done`` of ``total``; the line ends when done."""
        self.total = max(total, 1)
        self.update(done)
        if done >= total:
            self.close()

    def close(self) -> None:
        """End the bar's line."""
        self.stream.write("\n")
        self.stream.flush()


# -- reading a log --------------------------------------------------------------------
def _sniff_format(path: Path) -> str:
    """The input format of ``path`` from its extension and CSV header."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "mgcalc"
    if suffix in (".xlsx", ".xlsm"):
        return "csv"
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        header = handle.readline()
    columns = {c.strip().strip('"').lower() for c in header.split(",")}
    if {"day", "food name"} <= columns:
        return "cronometer"
    if {"date", "magnesium (mg)"} <= columns and "food name" not in columns:
        return "cronometer-daily"
    if {"date", "meal", "calories"} <= columns and "food" not in columns:
        return "myfitnesspal"
    return "mgcalc"


def read_input(path: str | Path, input_format: str = "auto") -> FoodLog:
    """Read the log at ``path`` in ``input_format`` (one of :data:`INPUT_FORMATS`).

    ``mgcalc`` is a log written by :meth:`FoodLog.to_csv` / :meth:`FoodLog.to_json` or a
    simple CSV (date, meal, food, amount, ...); ``csv`` is any CSV or Excel file read by
    ``mgcalc.importers.read_log``; the others are the exports read by
    :mod:`mgcalc.importers`. ``auto`` picks one from the extension and the CSV header.

    Raises
    ------
    CommandError
        If the format needs an importer this installation lacks, or a JSON file is
        not a mgcalc log.
    InvalidLogError
        If there is no file at ``path``, or it cannot be read as a log.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidLogError(f"no such file or directory: {path}")
    if input_format == "auto":
        input_format = _sniff_format(path)
    if input_format == "mgcalc":
        if path.suffix.lower() == ".json":
            try:
                return FoodLog.from_json(path)
            except (KeyError, TypeError, AttributeError) as exc:
                raise CommandError(f"{path.name} is not a mgcalc log in JSON ({exc})") from exc
        return FoodLog.from_csv(path)
    name = _IMPORTERS[input_format]
    try:
        importers = importlib.import_module("mgcalc.importers")
    except ImportError as exc:
        raise CommandError(
            f"--input-format {input_format} needs mgcalc.importers, which this installation "
            f"lacks ({exc})"
        ) from exc
    reader: Callable[[Path], FoodLog] | None = getattr(importers, name, None)
    if reader is None:
        raise CommandError(
            f"--input-format {input_format} needs mgcalc.importers.{name}, which this "
            "installation lacks"
        )
    return reader(path)


# -- person, range, analysis ----------------------------------------------------------
def _person(args: argparse.Namespace) -> Person | None:
    """The Person the options describe, or None when no age or sex is given."""
    if args.age is None and args.sex is None:
        if args.pregnant or args.lactating:
            raise CommandError("--pregnant and --lactating need --age and --sex")
        if args.tap_water_mg is not None or args.tap_water_ca is not None:
            raise CommandError("--tap-water-mg and --tap-water-ca need --age and --sex")
        return None
    if args.age is None or args.sex is None:
        raise CommandError("give both --age and --sex (or neither)")
    tap = (args.tap_water_mg, args.tap_water_ca)
    return Person(
        age_years=args.age,
        sex=args.sex,
        pregnant=args.pregnant,
        lactating=args.lactating,
        authority=args.authority,
        tap_water=None if tap == (None, None) else Water(
            name="your tap water", magnesium_mg_per_l=tap[0], calcium_mg_per_l=tap[1],
        ),
    )  # fmt: skip


def parse_range(text: str) -> RatioRange:
    """``default``, ``costello2021`` or ``LOW-HIGH`` (``2.2-3.2``) as a :class:`RatioRange`.

    Raises
    ------
    CommandError
        If the text is neither a preset nor two numbers low-high, or low > high.
    """
    if "-" in text:
        low_text, _, high_text = text.partition("-")
        try:
            low, high = float(low_text), float(high_text)
        except ValueError:
            raise CommandError(
                f"--range {text!r}: give a preset (default, costello2021) or LOW-HIGH, e.g. 2.2-3.2"
            ) from None
        try:
            return resolve_range((low, high))
        except (ValidationError, ValueError) as exc:
            raise CommandError(f"--range {text!r}: {_error_text(exc)}") from exc
    return resolve_range(text)


def pre_resolve(
    resolver: Resolver,
    texts: Sequence[str],
    *,
    chunk: int = 100,
    progress: _Progress | None = None,
) -> None:
    """Match ``texts`` through ``resolver`` (filling its cache), in chunks, with progress."""
    for start in range(0, len(texts), chunk):
        for text in texts[start : start + chunk]:
            resolver.resolve(text)
        if progress is not None:
            progress.update(min(start + chunk, len(texts)))
    if progress is not None:
        progress.close()


def recipe_table(book: str | Path | RecipeBook | None) -> FoodTable | None:
    """The bundled food table with the recipes of ``book`` (a book, or the path of one in
    JSON or CSV), or None when no book is given.

    Raises
    ------
    RecipeError
        If the book cannot be read, or a recipe's ingredient does not resolve.
    """
    if book is None:
        return None
    from mgcalc.recipes import RecipeBook, read_recipes

    recipes = book if isinstance(book, RecipeBook) else read_recipes(book)
    return FoodTable.default().with_recipes(recipes)


def run_analysis(
    log: FoodLog, args: argparse.Namespace, person: Person | None, table: FoodTable | None = None
) -> IntakeAnalysis:
    """``analyze(log, person, ...)`` with the command's options; warnings go to stderr.

    A log of more than :data:`PROGRESS_MIN_TEXTS` lines shows the library's matching
    progress on stderr. ``table`` (with a recipe book's dishes) replaces the bundled one.
    """
    ratio_range = parse_range(args.range)
    options: dict[str, Any] = {
        "ratio_range": ratio_range,
        "ratio_of": args.ratio_of,
        "strict": args.strict,
    }
    if table is not None:
        options["table"] = table
    if len(log) > PROGRESS_MIN_TEXTS:
        options["progress"] = _Progress(0, "matching foods").report
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = analyze(log, person, **options)
    for warning in caught:
        print(f"mgcalc: warning: {_one_line(str(warning.message))}", file=sys.stderr)
    return result


# -- rendering an analysis ------------------------------------------------------------
def _ul_cell(row: pd.Series) -> str:
    supplemental = known_float(row["supplemental_magnesium_mg"])
    ul = known_float(row["ul_mg"])
    status = str(row["ul_status"])
    amount = _num(supplemental)
    if ul is None:
        return f"{amount} / no UL"
    label = {"over": "OVER", "within": "within", "none_taken": "none"}.get(status, status)
    return f"{amount} / {ul:,.0f} {label}"


def format_daily(result: IntakeAnalysis) -> str:
    """The daily table of ``result`` as text (unknown values as ``unknown``)."""
    daily = result.daily
    several = len(set(daily["person_id"])) > 1
    headers = [
        *(["person"] if several else []),
        "date",
        "Mg food mg",
        "Ca food mg",
        "coverage",
        "Ca:Mg",
        "flag",
        "suppl. Mg / UL mg",
        "total Mg mg",
        "% RDA",
    ]
    right = [*([False] if several else []), False, True, True, True, True, False, True, True, True]
    rows = []
    for _, row in daily.iterrows():
        rows.append(
            [
                *([str(row["person_id"])] if several else []),
                pd.Timestamp(row["date"]).strftime("%Y-%m-%d"),
                _num(row["magnesium_mg"]),
                _num(row["calcium_mg"]),
                _pct(row["coverage"]),
                _num(row["ca_mg_ratio"], 2),
                str(row["ratio_flag"]),
                _ul_cell(row),
                _num(row["total_magnesium_mg"]),
                "n/a" if known_float(row["rda_mg"]) is None else _num(row["pct_rda"]),
            ]
        )
    return _table(headers, rows, right)


def format_summary(result: IntakeAnalysis) -> str:
    """The summary block of ``result`` as text."""
    s = result.summary
    person = result.person
    who = "no person given (adult IOM UL used, no RDA)"
    if person is not None:
        extra = " pregnant" if person.pregnant else " lactating" if person.lactating else ""
        who = (
            f"{person.sex}, {person.age_years:g} y{extra}; life stage {s.life_stage}, "
            f"{(s.authority or '').upper()} values"
        )
    rng = s.ratio_range
    ul = "no UL established" if s.ul_mg is None else f"UL {s.ul_mg:,.0f} mg/day"
    lines = [
        f"Summary: {s.n_days} days, {s.n_entries} entries, {s.n_unresolved} unresolved; {who}",
        f"  food magnesium      {_num(s.magnesium_mg, unit='mg/day')} "
        f"(coverage {_pct(s.coverage)})",
        f"  food calcium        {_num(s.calcium_mg, unit='mg/day')}",
        f"  supplemental Mg     {_num(s.supplemental_magnesium_mg, unit='mg/day')} "
        f"({ul}; {s.days_ul_exceeded} day(s) over)",
        f"  total magnesium     {_num(s.total_magnesium_mg, unit='mg/day')}"
        + (
            ""
            if s.rda_mg is None
            else f" = {_num(s.pct_rda)}% of RDA {s.rda_mg:,.0f} mg/day"
            + ("" if s.ear_mg is None else f" (EAR {s.ear_mg:,.0f})")
        ),
        f"  Ca:Mg, food         {_num(s.ca_mg_ratio, 2)} {s.ratio_flag} "
        f"(range {rng.low:g}-{rng.high:g}, {rng.name}; ratio of {s.ratio_of})",
        f"  Ca:Mg, total        {_num(s.total_ca_mg_ratio, 2)} {s.total_ratio_flag}",
    ]
    if s.adequacy is not None and s.adequacy.get("statement"):
        lines.append(f"  adequacy            {_one_line(str(s.adequacy['statement']))}")
    lines.append(f"  note: {s.ul_note}")
    lines.extend(f"  note: {_one_line(a)}" for a in s.assumptions)
    return "\n".join(lines)


def format_unresolved(result: IntakeAnalysis) -> str:
    """The unresolved lines of ``result`` with their reasons and best candidates."""
    unresolved = result.unresolved
    if unresolved.empty:
        return "Unresolved: none"
    lines = [f"Unresolved ({len(unresolved)}): not counted; pin them or fix the text"]
    for _, row in unresolved.iterrows():
        date = pd.Timestamp(row["date"]).strftime("%Y-%m-%d")
        meal = "" if row["meal"] is None or pd.isna(row["meal"]) else f" {row['meal']}"
        candidates = ", ".join(
            f"{food_id} {description} ({score:.0f})"
            for food_id, description, score in tuple(row["alternatives"] or ())[:3]
        )
        hint = f"; candidates: {candidates}" if candidates else ""
        lines.append(f"  {date}{meal}: {row['text']!r}: {row['reason']}{hint}")
    return "\n".join(lines)


def format_analysis(result: IntakeAnalysis) -> str:
    """Daily table, summary and unresolved lines, as printed by ``mgcalc analyze``."""
    return "\n\n".join([format_daily(result), format_summary(result), format_unresolved(result)])


def analysis_json(result: IntakeAnalysis) -> str:
    """The whole analysis as JSON: the document of :meth:`IntakeAnalysis.to_json`, which
    follows the published JSON Schema (unknown values are null)."""
    return result.to_json()


def analysis_csv(result: IntakeAnalysis) -> str:
    """The daily table as CSV (unknown values left empty), safe to open in a spreadsheet:
    the CSV of :meth:`IntakeAnalysis.to_csv` (formulas neutralised, line breaks quoted)."""
    daily = result.daily.copy()
    daily["date"] = daily["date"].dt.strftime("%Y-%m-%d")
    return csv_text(daily)


# -- subcommands ----------------------------------------------------------------------
def _cmd_estimate(args: argparse.Namespace) -> int:
    status = _EXIT_OK
    results: list[dict[str, Any]] = []
    for text in args.text:
        try:
            found = estimate(text)
        except (MgcalcError, ValidationError) as exc:
            print(f"mgcalc: error: {text!r}: {_error_text(exc)}", file=sys.stderr)
            status = _EXIT_BAD_INPUT
            continue
        if args.format == "json":
            results.append(json.loads(found.model_dump_json()))
            continue
        flags = f" [{', '.join(found.flags)}]" if found.flags else ""
        print(
            f"{text}: {found.description} ({found.food_id}), {found.grams:,.0f} g, "
            f"magnesium {_num(found.magnesium_mg, unit='mg')}, "
            f"calcium {_num(found.calcium_mg, unit='mg')}, score {found.score:.0f}{flags}"
        )
    if args.format == "json":
        print(json.dumps(results, indent=1))
    return status


def read_log_and_supplements(args: argparse.Namespace, log_path: str | None = None) -> FoodLog:
    """The food log ``LOG`` (or ``log_path``) and, with ``--supplements FILE``, the
    supplements of ``FILE`` (:func:`mgcalc.importers.read_supplements`) added to its ledger.

    Raises
    ------
    InvalidLogError
        If either file cannot be read; an error in the supplement file names it.
    """
    log = read_input(log_path if log_path is not None else args.log, args.input_format)
    path = getattr(args, "supplements", None)
    if path is None:
        return log
    if not Path(path).is_file():
        raise InvalidLogError(f"no such file or directory: {path}")
    from mgcalc.importers import read_supplements

    try:
        supplements = read_supplements(path)
    except InvalidLogError as exc:
        raise InvalidLogError(f"{Path(path).name}: {exc.problem}", exc.column, exc.rows) from exc
    return log.concat(supplements)


def _cmd_analyze(args: argparse.Namespace) -> int:
    person = _person(args)
    log = read_log_and_supplements(args)
    result = run_analysis(log, args, person, recipe_table(args.recipes))
    if args.format == "json":
        print(analysis_json(result))
    elif args.format == "csv":
        sys.stdout.write(analysis_csv(result))
    else:
        print(format_analysis(result))
    return _EXIT_OK


def write_report(
    result: IntakeAnalysis,
    html: str | None,
    pdf: str | None,
    *,
    json_path: str | None = None,
    info: Any = None,
    comparison: Any = None,
    suggestion: Suggestion | None = None,
    recipes: RecipeBook | None = None,
    recipe_details: bool = False,
    inputs: Sequence[str] = (),
) -> None:
    """Write the HTML, PDF and/or JSON report of ``result`` and say where.

    ``suggestion`` (:func:`mgcalc.suggest`) is shown as the report's "Next steps" and kept
    in the JSON; ``recipes`` and ``recipe_details`` are those of
    :func:`mgcalc.report.render_html`. The PDF is printed first, from the same page, so a
    failed print leaves no file at all; every file is written atomically and none may be
    one of ``inputs``.
    """
    _check_outputs([html, pdf, json_path], inputs)
    try:
        report = importlib.import_module("mgcalc.report.html")
    except ImportError as exc:
        raise CommandError(
            f"writing reports needs the report extra: pip install 'mgcalc[report]' ({exc})"
        ) from exc
    info = report.report_info(info)
    if html is not None or pdf is not None:
        try:
            page = report.render_html(
                result, info=info, comparison=comparison, suggestion=suggestion,
                recipes=recipes, recipe_details=recipe_details,
            )  # fmt: skip
        except ImportError as exc:
            raise CommandError(
                f"writing reports needs the report extra: pip install 'mgcalc[report]' ({exc})"
            ) from exc
        if pdf is not None:
            pdf_module = importlib.import_module("mgcalc.report.pdf")
            period = info.period or report.period_label(result)
            pdf_module.print_html(page, pdf, info=info, period=period, inputs=tuple(inputs))
        if html is not None:
            write_text(html, page)
            print(f"wrote {html}")
        if pdf is not None:
            print(f"wrote {pdf}")
    if json_path is not None:
        write_text(json_path, result.to_json(info, suggestion=suggestion))
        print(f"wrote {json_path}")


def _report_info(args: argparse.Namespace) -> Any:
    """The report's metadata from the command's options."""
    from mgcalc.records import ReportInfo

    fields: dict[str, Any] = {}
    for name in ("title", "client", "practice", "period"):
        value = getattr(args, name)
        if value is not None:
            fields[name] = value
    if args.date is not None:
        try:
            fields["report_date"] = dt.date.fromisoformat(args.date)
        except ValueError:
            raise CommandError(f"--date {args.date!r}: give the date as YYYY-MM-DD") from None
    if args.logo is not None:
        from mgcalc.records import logo_data_uri

        path = Path(args.logo)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"--logo: cannot read {path}: {exc.strerror or exc}") from exc
        fields["logo"] = logo_data_uri(data, path.suffix)
    return ReportInfo(**fields)


def _exclusions(given: Sequence[str] | None) -> list[str]:
    """``--exclude`` values, repeated or comma-separated."""
    items = [item.strip() for text in given or () for item in text.split(",")]
    return [item for item in items if item]


def _check_outputs(paths: Sequence[str | None], inputs: Sequence[str]) -> None:
    """Refuse reports written over an input or over each other (before any work)."""
    outputs = [p for p in paths if p is not None]
    for path in outputs:
        check_not_input(path, inputs)
    if len({str(Path(p).resolve()) for p in outputs}) < len(outputs):
        raise CommandError("give the HTML, PDF and JSON reports different file names")


def _check_suggest_options(args: argparse.Namespace, person: Person | None) -> None:
    """``mgcalc report``'s next-steps options: one clear error before any work is done."""
    if not args.suggest:
        for name, given in (("--budget-kcal", args.budget_kcal), ("--exclude", args.exclude)):
            if given is not None:
                raise CommandError(f"{name} is an option of the next steps: add --suggest")
        return
    if person is None:
        raise CommandError("--suggest needs the person: give --age and --sex (the target is "
                           "their RDA)")  # fmt: skip
    if importlib.util.find_spec("scipy") is None:
        raise CommandError(
            "--suggest needs SciPy, which is not installed: pip install 'mgcalc[suggest]'"
        )


def _cmd_report(args: argparse.Namespace) -> int:
    if args.output is None and args.pdf is None and args.json is None:
        raise CommandError("give -o/--output HTML (and/or --pdf PDF, --json JSON)")
    if (args.log is None) == (args.compare is None):
        raise CommandError("give either LOG or --compare BEFORE AFTER")
    if args.recipe_details and args.recipes is None:
        raise CommandError("--recipe-details needs the recipe book: give --recipes BOOK")
    info = _report_info(args)
    person = _person(args)
    _check_suggest_options(args, person)
    given = [args.log] if args.compare is None else list(args.compare)
    given += [p for p in (args.logo, args.recipes, getattr(args, "supplements", None)) if p]
    _check_outputs([args.output, args.pdf, args.json], given)  # before any work
    comparison = None
    book = None
    if args.recipes is not None:
        from mgcalc.recipes import read_recipes

        book = read_recipes(args.recipes)
    table = recipe_table(book)
    if args.compare is not None:
        from mgcalc.comparison import compare

        before_path, after_path = args.compare
        before = run_analysis(read_log_and_supplements(args, before_path), args, person, table)
        result = run_analysis(read_log_and_supplements(args, after_path), args, person, table)
        comparison = compare(before, result)
        inputs = [before_path, after_path]
    else:
        result = run_analysis(read_log_and_supplements(args), args, person, table)
        inputs = [args.log]
    if args.logo is not None:
        inputs.append(args.logo)
    plan = None
    if args.suggest:
        from mgcalc.suggestions import suggest

        plan = suggest(
            result, person, ratio_range=parse_range(args.range),
            energy_budget_kcal=args.budget_kcal, exclude=_exclusions(args.exclude), table=table,
        )  # fmt: skip
    write_report(
        result, args.output, args.pdf, json_path=args.json, info=info, comparison=comparison,
        suggestion=plan, recipes=book, recipe_details=args.recipe_details, inputs=inputs,
    )  # fmt: skip
    return _EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from mgcalc._data import data_file

    with warnings.catch_warnings(record=True):
        warnings.simplefilter("ignore")
        log = FoodLog.from_csv(str(data_file(DEMO_FILE)))
    person = Person(age_years=DEMO_AGE_YEARS, sex=DEMO_SEX)
    table = None
    with_book = ""
    if not args.no_recipes:
        from mgcalc.recipes import load_recipes

        table = FoodTable.default().with_recipes(load_recipes())
        with_book = f" with its recipe book ({DEMO_RECIPES})"
    print(f"The bundled example week ({DEMO_FILE}){with_book}, for a woman of "
          f"{DEMO_AGE_YEARS}:\n")  # fmt: skip
    result = run_analysis(log, args, person, table)
    print(format_analysis(result))
    if args.output is not None or args.pdf is not None:
        print()
        write_report(result, args.output, args.pdf, inputs=[str(data_file(DEMO_FILE))])
    return _EXIT_OK


def _cmd_suggest(args: argparse.Namespace) -> int:
    """``mgcalc suggest LOG``: the fewest changes that reach the magnesium target within the
    Ca:Mg range and the upper limits (:func:`mgcalc.suggest`), in plain words or JSON. A
    problem with no plan is an answer (exit 0) that says which limit cannot be met."""
    from mgcalc.suggestions import suggest

    person = _person(args)
    table = recipe_table(args.recipes)
    result = run_analysis(read_log_and_supplements(args), args, person, table)
    target: str | float = args.target
    if args.target not in ("rda", "ear"):
        try:
            target = float(args.target)
        except ValueError:
            raise CommandError(
                f"--target {args.target!r}: give rda, ear or a number of mg/day"
            ) from None
    plan = suggest(
        result,
        person,
        target=target,
        ratio_range=parse_range(args.range),
        max_changes=args.max_changes,
        energy_budget_kcal=args.budget_kcal,
        exclude=_exclusions(args.exclude),
        allow_supplements=args.allow_supplements,
        vegetarian=args.vegetarian,
        vegan=args.vegan,
        basis=args.basis,
        prefer=args.prefer,
        table=table,
    )
    if args.format == "json":
        print(plan.model_dump_json(indent=1))
    else:
        print("\n".join(plan.summary_lines()))
    return _EXIT_OK


def _cmd_foods_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CommandError("--limit must be at least 1")
    found = FoodTable.default().search(args.text, limit=args.limit, source=args.source)
    if found.empty:
        print(f"no food matches {args.text!r}")
        return _EXIT_OK
    rows = [
        [
            str(r.food_id),
            _num(r.score),
            _num(r.magnesium_mg_per_100g),
            _num(r.calcium_mg_per_100g),
            str(r.description),
        ]
        for r in found.itertuples()
    ]
    headers = ["food_id", "score", "Mg mg/100 g", "Ca mg/100 g", "description"]
    print(_table(headers, rows, [False, True, True, True, False]))
    return _EXIT_OK


def _cmd_foods_show(args: argparse.Namespace) -> int:
    food = FoodTable.default()[args.food_id]
    lines = [
        f"{food.food_id}  {food.description}",
        f"  source       {food.source}",
        f"  group        {food.food_group or 'unknown'}",
        f"  magnesium    {_num(food.magnesium_mg_per_100g, 1, 'mg/100 g')}",
        f"  calcium      {_num(food.calcium_mg_per_100g, 1, 'mg/100 g')}",
    ]
    if food.common_names:
        lines.append(f"  also called  {food.common_names}")
    if food.portions:
        lines.append("  portions:")
        for portion in food.portions:
            mg = known_float(food.magnesium_mg_per_100g)
            content = "" if mg is None else f"  ({mg * portion.grams / 100:,.0f} mg magnesium)"
            lines.append(f"    {portion}{content}")
    else:
        lines.append("  portions: none listed (give amounts in g or oz)")
    print("\n".join(lines))
    return _EXIT_OK


# -- the parser -----------------------------------------------------------------------
def _person_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("person (sets the RDA, EAR and UL; give --age and --sex)")
    group.add_argument("--age", type=float, metavar="YEARS", help="age in years")
    group.add_argument("--sex", choices=("female", "male"))
    group.add_argument("--pregnant", action="store_true")
    group.add_argument("--lactating", action="store_true")
    group.add_argument(
        "--authority", choices=("iom", "efsa"), default="iom", help="reference values (iom)"
    )
    group.add_argument(
        "--tap-water-mg", type=float, metavar="MG_PER_L",
        help="magnesium of the person's tap water [mg/L], from the supplier's analysis "
        "(drinks of tap water are unknown without it)",
    )  # fmt: skip
    group.add_argument(
        "--tap-water-ca", type=float, metavar="MG_PER_L",
        help="calcium of the person's tap water [mg/L]",
    )  # fmt: skip
    return parent


def _analysis_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("analysis")
    group.add_argument(
        "--range",
        default="default",
        metavar="RANGE",
        help="Ca:Mg range by mass: default (2.2-3.2), costello2021 (1.70-2.60) or LOW-HIGH",
    )
    group.add_argument(
        "--ratio-of",
        choices=("means", "days"),
        default="means",
        help="over several days: ratio of mean intakes (means) or mean of daily ratios (days)",
    )
    group.add_argument("--strict", action="store_true", help="fail if any line cannot be resolved")
    return parent


def _log_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "log", metavar="LOG", help="the food log (mgcalc CSV or JSON, or an export)"
    )
    parent.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        default="auto",
        help="what LOG is (auto: by extension and header)",
    )
    parent.add_argument(
        "--supplements",
        metavar="FILE",
        help="a CSV or Excel file of supplements taken (date, product or label, amount ...), "
        "added to LOG's own",
    )
    parent.add_argument(
        "--recipes", metavar="BOOK",
        help="a recipe book (.json or .csv): its dishes become foods of the log",
    )  # fmt: skip
    return parent


def build_parser() -> argparse.ArgumentParser:
    """The ``mgcalc`` argument parser with all its subcommands."""
    parser = argparse.ArgumentParser(
        prog="mgcalc",
        description="Dietary magnesium and calcium from food logs and supplements.",
        epilog="Try: mgcalc demo -o report.html",
    )
    parser.add_argument("--version", action="version", version=f"mgcalc {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser(
        "estimate",
        help="magnesium and calcium in free-text lines",
        description='Magnesium and calcium in each line, e.g. mgcalc estimate "1 cup spinach".',
    )
    p.add_argument(
        "text", nargs="+", metavar="TEXT", help='a food with its amount ("1 oz almonds")'
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=_cmd_estimate)

    person, analysis, log = _person_options(), _analysis_options(), _log_options()
    p = commands.add_parser(
        "analyze",
        parents=[log, person, analysis],
        help="daily magnesium, calcium, Ca:Mg and UL check of a log",
        description="Analyse a food log: the daily table, a summary and the unresolved lines.",
    )
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(func=_cmd_analyze)

    p = commands.add_parser(
        "report",
        parents=[person, analysis],
        help="write the HTML (and PDF, JSON) report of a log, or compare two periods",
        description=(
            "Write the report a dietitian hands to a client: mgcalc report LOG --age 58 "
            '--sex female --client "J. Doe" -o report.html --pdf report.pdf; or a '
            "follow-up: mgcalc report --compare BEFORE.csv AFTER.csv -o follow-up.html."
        ),
    )
    p.add_argument(
        "log", nargs="?", metavar="LOG", help="the food log (mgcalc CSV or JSON, or an export)"
    )
    p.add_argument(
        "--compare", nargs=2, metavar=("BEFORE", "AFTER"),
        help="compare two periods of the same client (the report is of AFTER)",
    )  # fmt: skip
    p.add_argument(
        "--input-format", choices=INPUT_FORMATS, default="auto",
        help="what the log files are (auto: by extension and header)",
    )  # fmt: skip
    p.add_argument(
        "--supplements", metavar="FILE",
        help="a CSV or Excel file of supplements taken, added to the log's own",
    )  # fmt: skip
    p.add_argument(
        "--recipes", metavar="BOOK",
        help="a recipe book (.json or .csv): its dishes become foods of the log",
    )  # fmt: skip
    p.add_argument("-o", "--output", metavar="HTML", help="the HTML file to write")
    p.add_argument(
        "--pdf", metavar="PDF", help="write a PDF (page numbers and header on each page)"
    )
    p.add_argument("--json", metavar="JSON", help="write the whole analysis as JSON")
    group = p.add_argument_group("who and when (printed in the header of every page)")
    group.add_argument("--client", metavar="NAME", help="the client's name or reference")
    group.add_argument("--practice", metavar="NAME", help="the practice issuing the report")
    group.add_argument("--logo", metavar="FILE", help="a logo image (PNG, JPEG, SVG) to embed")
    group.add_argument("--title", metavar="TEXT", help="the report's title")
    group.add_argument("--date", metavar="YYYY-MM-DD", help="the report date (default: today)")
    group.add_argument("--period", metavar="LABEL", help='a label for the period ("Week 1")')
    group = p.add_argument_group(
        "next steps (a suggestion of what to eat; needs: pip install 'mgcalc[suggest]')"
    )
    group.add_argument(
        "--suggest", action="store_true",
        help="add a Next steps section: the fewest changes that reach the RDA with Ca:Mg in "
        "range (as mgcalc suggest); kept in --json too",
    )  # fmt: skip
    group.add_argument("--budget-kcal", type=float, metavar="KCAL",
                       help="with --suggest: at most this much energy added a day")  # fmt: skip
    group.add_argument(
        "--exclude", action="append", metavar="WHAT",
        help="with --suggest: leave out a food group (nuts, dairy, gluten ...) or a food id; "
        "repeat or separate with commas",
    )  # fmt: skip
    p.add_argument(
        "--recipe-details", action="store_true",
        help="with --recipes: list each home recipe's ingredients in the diary, scaled to "
        "the share eaten",
    )  # fmt: skip
    p.set_defaults(func=_cmd_report)

    p = commands.add_parser(
        "demo",
        parents=[analysis],
        help="analyse the bundled example week",
        description=(
            f"Analyse the bundled example week (with its recipe book) for a woman of "
            f"{DEMO_AGE_YEARS} and print its daily table; with -o, write its report."
        ),
    )
    p.add_argument("-o", "--output", metavar="HTML", help="write the HTML report here")
    p.add_argument("--pdf", metavar="PDF", help="also write a PDF")
    p.add_argument(
        "--no-recipes", action="store_true",
        help="without the bundled recipe book: the home-cooked dish stays unresolved",
    )  # fmt: skip
    p.set_defaults(func=_cmd_demo)

    p = commands.add_parser(
        "suggest",
        parents=[log, person, analysis],
        help="what to eat: changes that close the magnesium gap within the Ca:Mg range",
        description=(
            "The fewest changes to the log (add, have more of, or swap a food) that bring mean "
            "magnesium to the target with Ca:Mg in range and every day within the calcium and "
            "vitamin D upper limits. Needs the extra: pip install 'mgcalc[suggest]'. "
            "A suggestion, not medical advice."
        ),
    )
    p.add_argument("--target", default="rda", metavar="TARGET",
                   help="rda (default), ear, or mg/day of mean magnesium")  # fmt: skip
    p.add_argument("--max-changes", type=int, default=3, metavar="N", help="at most N (3)")
    p.add_argument("--budget-kcal", type=float, metavar="KCAL",
                   help="at most this much energy added a day")  # fmt: skip
    p.add_argument(
        "--exclude",
        action="append",
        metavar="WHAT",
        help="leave out a food group (nuts, peanuts, seeds, dairy, gluten, soy, fish ...) "
        "or a food id; repeat or separate with commas",
    )
    p.add_argument("--vegetarian", action="store_true", help="no meat or fish")
    p.add_argument("--vegan", action="store_true", help="no meat, fish, dairy or eggs")
    p.add_argument("--allow-supplements", action="store_true",
                   help="a magnesium supplement may be suggested (food first)")  # fmt: skip
    p.add_argument("--basis", choices=("total", "food"), default="total",
                   help="target and ratio on total intake (default) or on food alone")  # fmt: skip
    p.add_argument("--prefer", choices=("own_foods", "none"), default="own_foods",
                   help="foods already in the log first, at similar energy")  # fmt: skip
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=_cmd_suggest)

    foods = commands.add_parser(
        "foods", help="search the food table, show a food", description="The bundled food table."
    )
    food_commands = foods.add_subparsers(dest="foods_command", metavar="COMMAND", required=True)
    p = food_commands.add_parser(
        "search", help="foods matching a text", description="The foods that best match TEXT."
    )
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="how many (10)")
    p.add_argument("--source", choices=("sr28", "fndds"), help="only this database")
    p.set_defaults(func=_cmd_foods_search)
    p = food_commands.add_parser(
        "show", help="one food and its portions", description="A food and its household portions."
    )
    p.add_argument("food_id", metavar="FOOD_ID", help="e.g. sr28:11458")
    p.set_defaults(func=_cmd_foods_show)
    return parser


def _exit_code(code: object) -> int:
    if code is None:
        return _EXIT_OK
    if isinstance(code, int):
        return code
    return _EXIT_BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    """Run the ``mgcalc`` command.

    Parameters
    ----------
    argv
        The arguments after ``mgcalc`` (``["estimate", "1 cup spinach"]``);
        ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        The exit status: 0 on success, 2 on bad input (a one-line reason is printed
        on stderr as ``mgcalc: error: ...``).
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version (0) or a usage error (2), already printed
        return _exit_code(exc.code)
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        return int(args.func(args))
    except (MgcalcError, ValidationError, OSError) as exc:
        if isinstance(exc, BrokenPipeError):  # output piped into `head`: not an error
            _silence_stdout()
            return _EXIT_OK
        print(f"mgcalc: error: {_error_text(exc)}", file=sys.stderr)
        return _EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _silence_stdout() -> None:
    """Point stdout at devnull so the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture)
        pass
    finally:
        os.close(devnull)
