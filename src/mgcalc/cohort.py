"""Cohorts: coded entries (food id + grams) to daily tables, on pandas or Dask.

The engine lives in :mod:`mgcalc.intake`; this module keeps the 0.1 import path
(``mgcalc.cohort.daily_table`` and friends) working. New code should import from
:mod:`mgcalc.intake` or use :func:`mgcalc.daily_table`.
"""

from __future__ import annotations

from mgcalc.defaults import ADULT_MAGNESIUM_UL_MG as ADULT_UL_MG
from mgcalc.intake import (
    DAILY_COLUMNS,
    ENTRY_KEYS,
    PARTIAL_COLUMNS,
    daily_partials,
    daily_table,
    entry_nutrients,
    finish_daily,
    food_lookup,
    is_dask,
    partial_totals,
    totals,
)

__all__ = [
    "ADULT_UL_MG",
    "DAILY_COLUMNS",
    "ENTRY_KEYS",
    "PARTIAL_COLUMNS",
    "daily_partials",
    "daily_table",
    "entry_nutrients",
    "finish_daily",
    "food_lookup",
    "is_dask",
    "partial_totals",
    "totals",
]
