"""The defaults mgcalc applies when a caller does not choose, each with its source or reason.

Every other module takes these from here, so that a default is written (and changed) in
one place.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ADULT_MAGNESIUM_UL_MG",
    "ALTERNATIVE_MARGIN",
    "MATCH_CACHE_SIZE",
    "MAX_DAILY_MG",
    "MAX_DAYS",
    "MAX_DOSE_MG",
    "MAX_ENTRY_GRAMS",
    "MIN_COVERAGE",
    "MIN_SCORE",
    "N_ALTERNATIVES",
    "REVIEW_SCORE",
]

ADULT_MAGNESIUM_UL_MG: Final = 350.0
"""IOM Tolerable Upper Intake Level for supplemental magnesium from age 9, pregnancy and
lactation included [mg/day]; used when no person is given. It covers magnesium from
supplements and medications only, never food or water (IOM 1997, p. 242; IOM 2000,
Summary Table "Tolerable Upper Intake Levels", footnote b; nutrition-science.md §1c)."""

MIN_COVERAGE: Final = 0.9
"""Below this share of a day's intake (by grams) with known values, its Ca:Mg ratio is
``"indeterminate"`` [0-1]. Rationale: with 10 % of the grams unknown, a day's calcium or
magnesium can be off by more than the width of the 2.2-3.2 range's margin; a ratio on
less is not reported as a number (DESIGN, "Missing is not zero")."""

MIN_SCORE: Final = 65.0
"""Food matches scoring below this (0-100) are weak: reported with candidates, not used.
Chosen on the project's evaluation set (``tests/data``) as the score below which most
matches are wrong."""

REVIEW_SCORE: Final = 75.0
"""Matches scoring below this (but at or above :data:`MIN_SCORE`) are used and flagged
``low_score`` for review in reports (0-100)."""

ALTERNATIVE_MARGIN: Final = 10.0
"""How far below the best match (score points) an alternative may be and still be used
when the best match cannot convert the amount ("1 cup" of a food with no volume portion)."""

N_ALTERNATIVES: Final = 3
"""How many next-best foods a match keeps, to show and to fall back on."""

MATCH_CACHE_SIZE: Final = 20_000
"""Distinct food texts whose match each food table keeps (least recently used dropped).
A year of one person's log holds a few hundred; a cohort of 100,000 lines a few thousand."""

MAX_ENTRY_GRAMS: Final = 100_000.0
"""The largest amount one food line may weigh [g] (100 kg): a larger one is a typo or a
unit mix-up ("1e308 g"), refused with its row rather than summed."""

MAX_DOSE_MG: Final = 100_000.0
"""The largest amount of a nutrient one supplement row may give per day [mg] (100 g):
beyond any product; a larger one is refused with its row."""

MAX_DAILY_MG: Final = 1_000_000.0
"""The largest daily intake, requirement or spread of intake an assessment accepts
[mg/day] (1 kg a day): beyond any diet, so a larger number is a unit mix-up, refused with
the argument's name rather than carried into an overflow."""

MAX_DAYS: Final = 100_000
"""The most days an assessment accepts (about 270 years of records)."""
