"""Readers for the food logs and product data people already have.

Every reader returns mgcalc's own objects, recording where each row came from:

- :func:`read_cronometer` - Cronometer "Food & Recipe Entries" (``servings.csv``);
- :func:`read_cronometer_daily` - Cronometer "Daily Nutrition" (``dailySummary.csv``);
- :func:`read_log` - any CSV or Excel (.xlsx) log, with a column mapping;
- :func:`read_supplements` - a CSV or Excel list of the supplements someone takes (label
  text, amounts, or the amounts each declares);
- :func:`read_myfitnesspal` - MyFitnessPal "Nutrition Summary" (calcium only);
- :func:`read_openfoodfacts` - Open Food Facts product JSON, as custom foods.

A blank nutrient cell is unknown, never 0; a file that cannot be read raises
:class:`~mgcalc.errors.InvalidLogError` naming the column and every bad row.
"""

from __future__ import annotations

from mgcalc.importers.cronometer import read_cronometer, read_cronometer_daily
from mgcalc.importers.generic import read_log, read_supplements
from mgcalc.importers.myfitnesspal import read_myfitnesspal
from mgcalc.importers.openfoodfacts import read_openfoodfacts

__all__ = [
    "read_cronometer",
    "read_cronometer_daily",
    "read_log",
    "read_myfitnesspal",
    "read_openfoodfacts",
    "read_supplements",
]
