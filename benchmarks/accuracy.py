"""How close ``mgcalc.estimate()`` comes to the hand-decided evaluation set.

Run from the repository root::

    python benchmarks/accuracy.py            # figures, the 40 worst lines, the refused lines
    python benchmarks/accuracy.py --worst 80
    python benchmarks/accuracy.py --json     # the figures as one JSON line
    python benchmarks/accuracy.py --lines tests/data/heldout_lines.csv  # the held-out set

The lines and their answers are ``tests/data/eval_lines.csv`` (361 diary lines) and
``tests/data/ods_servings.csv`` (the 30 servings of the NIH ODS magnesium table);
``tests/data/heldout_lines.csv`` (98 more lines, written before mgcalc was run on them) is
scored with ``--lines``; see
``tests/data/README.md`` and ``tests/data/eval_conventions.md`` for how they were decided.
``tests/test_accuracy.py`` asserts the same figures against floors.

Definitions
-----------
within 20 %
    ``|mgcalc - hand| <= max(0.20 * hand, 1 mg)``. The 1 mg floor lets lines whose true
    magnesium is (nearly) zero, such as cola or gin, be scored at all.
flagged for review
    ``estimate()`` refused the line with an :class:`mgcalc.MgcalcError`, or returned an
    estimate with one of :data:`REVIEW_FLAGS` or a match score below :data:`REVIEW_SCORE`.
crash
    any other exception.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import mgcalc
from mgcalc.intake import REVIEW_FLAGS as PRODUCT_REVIEW_FLAGS

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
EVAL = DATA / "eval_lines.csv"
ODS = DATA / "ods_servings.csv"

TOLERANCE = 0.20
"""Relative tolerance of "within 20 %"."""

FLOOR_MG = 1.0
"""Absolute tolerance [mg] under which any difference counts as within."""

REVIEW_FLAGS = frozenset(PRODUCT_REVIEW_FLAGS)
"""Estimate flags that send a line to a human for review: the ones the product itself shows as
"to review" (:data:`mgcalc.intake.REVIEW_FLAGS`)."""

REVIEW_SCORE = 75.0
"""Match scores below this send a line to a human for review (0-100)."""


@dataclass(frozen=True)
class Outcome:
    """One line scored against its hand-decided answer.

    Attributes
    ----------
    line : str
        The line as typed.
    hand_mg : float
        The hand-decided magnesium [mg].
    hand_food, hand_grams : str, float
        The hand-decided food ids (``|``-joined) and total grams [g].
    status : str
        ``"estimate"``, ``"refused"`` (an :class:`mgcalc.MgcalcError`) or ``"crash"``.
    got_food, got_grams, got_mg, score : str, float, float, float
        mgcalc's food, grams [g], magnesium [mg] and match score; empty or NaN if none.
    flags : tuple of str
        mgcalc's flags on the estimate.
    error : str
        The exception's type and message when refused or crashed.
    """

    line: str
    hand_mg: float
    hand_food: str
    hand_grams: float
    status: str
    got_food: str = ""
    got_grams: float = math.nan
    got_mg: float = math.nan
    score: float = math.nan
    flags: tuple[str, ...] = ()
    error: str = ""

    @property
    def within(self) -> bool:
        """Whether mgcalc's magnesium is within 20 % (or 1 mg) of the hand answer."""
        if self.status != "estimate" or math.isnan(self.got_mg):
            return False
        return abs(self.got_mg - self.hand_mg) <= max(TOLERANCE * self.hand_mg, FLOOR_MG)

    @property
    def flagged(self) -> bool:
        """Whether the line was refused, or estimated with a review flag or a low score."""
        if self.status == "refused":
            return True
        if self.status != "estimate":
            return False
        return bool(REVIEW_FLAGS.intersection(self.flags)) or self.score < REVIEW_SCORE

    @property
    def relative_error(self) -> float:
        """``|mgcalc - hand| / max(hand, 1 mg)``; infinite when there is no estimate."""
        if self.status != "estimate" or math.isnan(self.got_mg):
            return math.inf
        return abs(self.got_mg - self.hand_mg) / max(self.hand_mg, FLOOR_MG)


@dataclass(frozen=True)
class Summary:
    """The figures of one evaluation file.

    Attributes
    ----------
    lines : int
        Lines scored.
    within : int
        Lines within 20 % (or 1 mg) of the hand answer.
    within_or_flagged : int
        Lines within, or flagged for review (refusals included).
    refused : int
        Lines refused with an :class:`mgcalc.MgcalcError`.
    crashes : int
        Lines that raised any other exception.
    seconds : float
        Wall time of the evaluation [s].
    """

    lines: int
    within: int
    within_or_flagged: int
    refused: int
    crashes: int
    seconds: float

    @property
    def within_share(self) -> float:
        """Share of lines within 20 %."""
        return self.within / self.lines

    @property
    def within_or_flagged_share(self) -> float:
        """Share of lines within 20 % or flagged for review."""
        return self.within_or_flagged / self.lines


def _read(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file as dictionaries of strings."""
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def score_line(line: str, hand_mg: float, hand_food: str, hand_grams: float) -> Outcome:
    """Run ``mgcalc.estimate`` on one line and record what it gave.

    Parameters
    ----------
    line
        The line as typed.
    hand_mg
        The hand-decided magnesium [mg].
    hand_food, hand_grams
        The hand-decided food ids and total grams [g], carried for the report.

    Returns
    -------
    Outcome
        The estimate, the refusal or the crash.
    """
    hand = {"line": line, "hand_mg": hand_mg, "hand_food": hand_food, "hand_grams": hand_grams}
    try:
        estimate = mgcalc.estimate(line)
    except mgcalc.MgcalcError as error:
        return Outcome(**hand, status="refused", error=f"{type(error).__name__}: {error}")
    except Exception as error:  # any other exception is a crash: that is what is measured
        return Outcome(**hand, status="crash", error=f"{type(error).__name__}: {error}")
    return Outcome(
        **hand,
        status="estimate",
        got_food=estimate.food_id,
        got_grams=estimate.grams,
        got_mg=estimate.magnesium_mg,
        score=estimate.score,
        flags=tuple(estimate.flags),
    )


def evaluate_lines(path: Path = EVAL) -> list[Outcome]:
    """Score every line of ``eval_lines.csv``.

    Parameters
    ----------
    path
        The evaluation file.

    Returns
    -------
    list of Outcome
        One per line, in file order.
    """
    out = []
    for row in _read(path):
        parts = [part.rsplit(":", 1) for part in row["components"].split("|")]
        out.append(
            score_line(
                row["line"],
                float(row["magnesium_mg"]),
                "|".join(food for food, _ in parts),
                sum(float(grams) for _, grams in parts),
            )
        )
    return out


def evaluate_ods(path: Path = ODS) -> list[Outcome]:
    """Score every serving of ``ods_servings.csv`` against the ODS figure.

    Parameters
    ----------
    path
        The ODS file.

    Returns
    -------
    list of Outcome
        One per serving, in file order; ``hand_mg`` is the ODS figure.
    """
    return [
        score_line(
            row["line"],
            float(row["ods_magnesium_mg"]),
            row["food_id"],
            float(row["grams"]) if row["grams"] else math.nan,
        )
        for row in _read(path)
    ]


def summarise(outcomes: Sequence[Outcome], seconds: float = math.nan) -> Summary:
    """Count the figures of a list of outcomes.

    Parameters
    ----------
    outcomes
        Scored lines.
    seconds
        Wall time they took [s], if known.

    Returns
    -------
    Summary
        Lines, within, within-or-flagged, refused and crashes.
    """
    return Summary(
        lines=len(outcomes),
        within=sum(o.within for o in outcomes),
        within_or_flagged=sum(o.within or o.flagged for o in outcomes),
        refused=sum(o.status == "refused" for o in outcomes),
        crashes=sum(o.status == "crash" for o in outcomes),
        seconds=seconds,
    )


def worst(outcomes: Iterable[Outcome], n: int = 40) -> list[Outcome]:
    """The lines furthest from their hand answer.

    Crashes come first, then estimates by relative error, largest first; refused lines,
    which at least said so, come last.

    Parameters
    ----------
    outcomes
        Scored lines.
    n
        How many to return.

    Returns
    -------
    list of Outcome
        At most ``n`` lines that are not within 20 %.
    """
    rank = {"crash": 0, "estimate": 1, "refused": 2}
    missed = [o for o in outcomes if not o.within]
    missed.sort(key=lambda o: (rank[o.status], -o.relative_error))
    return missed[:n]


def describe(outcome: Outcome) -> str:
    """One line of a report: the line, the hand answer and mgcalc's.

    Parameters
    ----------
    outcome
        A scored line.

    Returns
    -------
    str
        ``line | hand food, grams, Mg | mgcalc food, grams, Mg [flags]`` (or the error).
    """
    hand = f"hand {outcome.hand_food} {outcome.hand_grams:.0f} g {outcome.hand_mg:.1f} mg"
    if outcome.status != "estimate":
        return f"{outcome.line!r} | {hand} | {outcome.status.upper()} {outcome.error[:90]}"
    mark = " [flagged]" if outcome.flagged else ""
    flags = ",".join(outcome.flags)
    got = (
        f"mgcalc {outcome.got_food} {outcome.got_grams:.0f} g {outcome.got_mg:.1f} mg"
        f" (score {outcome.score:.0f}{'; ' + flags if flags else ''}){mark}"
    )
    return f"{outcome.line!r} | {hand} | {got}"


def _timed(run: Callable[[], list[Outcome]]) -> tuple[list[Outcome], float]:
    """Call an evaluation function and time it."""
    start = time.perf_counter()
    outcomes = run()
    return outcomes, time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures, the worst lines and the refused lines.

    Parameters
    ----------
    argv
        Command-line arguments (``--worst N``, ``--json``).

    Returns
    -------
    int
        The exit status (0).
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=40, help="how many worst lines to list")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    parser.add_argument(
        "--lines", type=Path, default=EVAL, help="the lines to score (default: eval_lines.csv)"
    )
    args = parser.parse_args(argv)

    lines, lines_seconds = _timed(lambda: evaluate_lines(args.lines))
    ods, ods_seconds = _timed(evaluate_ods)
    line_summary = summarise(lines, lines_seconds)
    ods_summary = summarise(ods, ods_seconds)
    if args.json:
        print(json.dumps({"lines": asdict(line_summary), "ods": asdict(ods_summary)}))
        return 0

    s = line_summary
    print(f"{args.lines.name}: {s.lines} lines in {s.seconds:.1f} s")
    print(f"  within 20 %:             {s.within:4d}  ({s.within_share:.1%})")
    print(f"  within 20 % or flagged:  {s.within_or_flagged:4d}  ({s.within_or_flagged_share:.1%})")
    print(f"  refused (MgcalcError):   {s.refused:4d}")
    print(f"  crashes:                 {s.crashes:4d}")
    o = ods_summary
    print(f"ods_servings.csv: {o.within} of {o.lines} within 20 % of the ODS figure", end="")
    print(f" ({o.within_or_flagged} within or flagged, {o.refused} refused, {o.crashes} crashes)")
    print(f"\n{args.worst} worst lines (crashes, then estimates by relative error, then refusals):")
    for rank, outcome in enumerate(worst(lines, args.worst), 1):
        print(f"{rank:3d}. {describe(outcome)}")
    print("\nODS servings not within 20 %:")
    for outcome in worst(ods, len(ods)):
        print(f"     {describe(outcome)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
