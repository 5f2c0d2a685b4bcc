"""The ``mgcalc`` command: estimate a line, analyse a log, write a report, search foods.

Subcommands
-----------
``mgcalc estimate TEXT...``
    Magnesium and calcium in one or more free-text lines ("1 cup spinach, boiled").
``mgcalc analyze LOG``
    The daily table (food, supplemental and total magnesium, calcium, coverage, Ca:Mg,
    UL check, % of RDA), a summary and the unresolved lines, as a table, JSON or CSV.
``mgcalc report LOG -o report.html [--pdf report.pdf]``
    The printable report of a log.
``mgcalc foods search TEXT`` / ``mgcalc foods show FOOD_ID``
    Search the bundled USDA table; show a food and its household portions.
``mgcalc demo [-o report.html]``
    The bundled example week, analysed for a woman of 34 (and its report).

Every subcommand has ``--help``. The exit status is 0 on success and 2 on bad input,
with a one-line reason on stderr (``mgcalc: error: ...``) and never a traceback.
Unknown values are printed as ``unknown``, never as 0.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Final, TextIO

import pandas as pd
from pydantic import ValidationError

from mgcalc import __version__
from mgcalc._files import check_not_input, csv_text
from mgcalc._values import known_float
from mgcalc.analysis import IntakeAnalysis, analyze, estimate
from mgcalc.errors import InvalidLogError, MgcalcError
from mgcalc.foods import FoodTable
from mgcalc.log import FoodLog
from mgcalc.ratio import RatioRange, resolve_range
from mgcalc.references import Person
from mgcalc.resolve import Resolver

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
        return None
    if args.age is None or args.sex is None:
        raise CommandError("give both --age and --sex (or neither)")
    return Person(
        age_years=args.age,
        sex=args.sex,
        pregnant=args.pregnant,
        lactating=args.lactating,
        authority=args.authority,
    )


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


def run_analysis(log: FoodLog, args: argparse.Namespace, person: Person | None) -> IntakeAnalysis:
    """``analyze(log, person, ...)`` with the command's options; warnings go to stderr.

    A log of more than :data:`PROGRESS_MIN_TEXTS` lines shows the library's matching
    progress on stderr.
    """
    ratio_range = parse_range(args.range)
    options: dict[str, Any] = {
        "ratio_range": ratio_range,
        "ratio_of": args.ratio_of,
        "strict": args.strict,
    }
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
    """The summary, daily table and unresolved lines as JSON (unknown as null)."""
    payload = json.loads(result.to_json())
    unresolved = result.unresolved.copy()
    unresolved["date"] = unresolved["date"].dt.strftime("%Y-%m-%d")
    unresolved["alternatives"] = unresolved["alternatives"].map(
        lambda alts: [list(a) for a in (alts or ())]
    )
    payload["unresolved"] = json.loads(unresolved.to_json(orient="records"))
    return json.dumps(payload, indent=1)


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


def _cmd_analyze(args: argparse.Namespace) -> int:
    person = _person(args)
    log = read_input(args.log, args.input_format)
    result = run_analysis(log, args, person)
    if args.format == "json":
        print(analysis_json(result))
    elif args.format == "csv":
        sys.stdout.write(analysis_csv(result))
    else:
        print(format_analysis(result))
    return _EXIT_OK


def write_report(
    result: IntakeAnalysis, html: str | None, pdf: str | None, inputs: Sequence[str] = ()
) -> None:
    """Write the HTML and/or PDF report of ``result`` (:meth:`IntakeAnalysis.to_html`,
    :meth:`IntakeAnalysis.to_pdf`) and say where; never over one of ``inputs`` (nor the
    PDF over the HTML)."""
    for output in (html, pdf):
        if output is not None:
            check_not_input(output, inputs, "the log read")
    if html is not None and pdf is not None:
        check_not_input(pdf, [html], "the HTML report")
    try:
        if html is not None:
            result.to_html(html)
            print(f"wrote {html}")
        if pdf is not None:
            result.to_pdf(pdf)
            print(f"wrote {pdf}")
    except ImportError as exc:
        raise CommandError(
            f"writing reports needs the report extra: pip install 'mgcalc[report]' ({exc})"
        ) from exc


def _cmd_report(args: argparse.Namespace) -> int:
    for output in (args.output, args.pdf):  # before any work: the log must survive
        if output is not None:
            check_not_input(output, [args.log], "the log read")
    person = _person(args)
    log = read_input(args.log, args.input_format)
    result = run_analysis(log, args, person)
    write_report(result, args.output, args.pdf, [args.log])
    return _EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from mgcalc._data import data_file

    with warnings.catch_warnings(record=True):
        warnings.simplefilter("ignore")
        log = FoodLog.from_csv(str(data_file(DEMO_FILE)))
    person = Person(age_years=DEMO_AGE_YEARS, sex=DEMO_SEX)
    print(f"The bundled example week ({DEMO_FILE}), for a woman of {DEMO_AGE_YEARS}:\n")
    result = run_analysis(log, args, person)
    print(format_analysis(result))
    if args.output is not None or args.pdf is not None:
        print()
        write_report(result, args.output, args.pdf, [str(data_file(DEMO_FILE))])
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
        parents=[log, person, analysis],
        help="write the HTML (and PDF) report of a log",
        description="Write the printable report of a food log.",
    )
    p.add_argument("-o", "--output", required=True, metavar="HTML", help="the HTML file to write")
    p.add_argument("--pdf", metavar="PDF", help="also write a PDF")
    p.set_defaults(func=_cmd_report)

    p = commands.add_parser(
        "demo",
        parents=[analysis],
        help="analyse the bundled example week",
        description=(
            f"Analyse the bundled example week for a woman of {DEMO_AGE_YEARS} and print its "
            "daily table; with -o, write its report."
        ),
    )
    p.add_argument("-o", "--output", metavar="HTML", help="write the HTML report here")
    p.add_argument("--pdf", metavar="PDF", help="also write a PDF")
    p.set_defaults(func=_cmd_demo)

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
