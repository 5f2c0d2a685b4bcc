"""The defaults mgcalc applies when a caller does not choose, each with its source or reason.

Every other module takes these from here, so that a default is written (and changed) in
one place.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ADULT_MAGNESIUM_UL_MG",
    "ALTERNATIVE_MARGIN",
    "BOTTLE_ML",
    "GLASS_ML",
    "MATCH_CACHE_SIZE",
    "MAX_DAILY_MG",
    "MAX_DAYS",
    "MAX_DOSE_MG",
    "MAX_ENTRY_GRAMS",
    "MAX_MINERAL_MG_PER_L",
    "MIN_COVERAGE",
    "MIN_SCORE",
    "N_ALTERNATIVES",
    "REVIEW_SCORE",
    "WATER_DEFAULT_ML",
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

GLASS_ML: Final = 236.5882365
"""The volume of "a glass" of water [ml]: 8 US fluid ounces (one US cup), USDA's serving of
drinking water (SR28 NDB 14411 "Beverages, water, tap, drinking": "serving 8 fl oz", 237 g)
and the glass of the common "eight glasses a day". Glasses differ (150 to 350 ml), so a drink
measured in glasses is flagged ``glass_assumed``; give millilitres to be exact."""

BOTTLE_ML: Final = 500.0
"""The volume of "a bottle" of water when its size is not given [ml]: FNDDS 2021-2023
"Water, bottled, plain" (94100100), portion "bottle, NFS" = the 16.9 fl oz (500 ml) bottle.
Flagged ``bottle_assumed``."""

WATER_DEFAULT_ML: Final = 360.0
"""A drink of water with no amount at all [ml]: FNDDS 2021-2023 "Water, tap" (94000100),
portion "Quantity not specified", 360 g (1 g = 1 ml). Flagged ``no_amount``."""

MAX_MINERAL_MG_PER_L: Final = 10_000.0
"""The most magnesium or calcium a drinking water may hold [mg/L]: the most mineralised
waters in the bundled table hold about 1,000 mg/L of magnesium (Donat Mg, 1,000-1,060) and
550 mg/L of calcium (Hépar); ten times that is a typo or a unit mix-up, refused."""
MAX_DAILY_MG: Final = 1_000_000.0
"""The largest daily intake, requirement or spread of intake an assessment accepts
[mg/day] (1 kg a day): beyond any diet, so a larger number is a unit mix-up, refused with
the argument's name rather than carried into an overflow."""

MAX_DAYS: Final = 100_000
"""The most days an assessment accepts (about 270 years of records)."""
