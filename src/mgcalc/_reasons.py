"""Why an entry could not be used: one vocabulary of reason codes for every path.

A food log line (text), a coded cohort entry (food id and grams) and an exported row
(values reported by another tool) can each fail to give a value. Every path records the
failure as one of these codes (a categorical column ``reason_code``) with a human message
(``reason``), so that reports, the CLI and apps can count, filter and explain them without
parsing text.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = ["REASONS", "REASON_CODES"]

REASONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "empty_line": "empty line",
        "bad_amount": "amount not understood",
        "no_food_named": "no food named",
        "no_match": "no match",
        "weak_match": "weak match",
        "unknown_food_id": "unknown food id",
        "no_portion": "no portion of the food fixes the amount",
        "bad_unit": "the unit is no amount of food",
        "negative_amount": "negative amount",
        "amount_too_large": "amount too large",
        "nothing_reported": "the export reports no value for this entry",
        "grams_unknown": "grams unknown",
        "negative_grams": "negative grams",
    }
)
"""Reason code -> its short message (the full message of an entry may add detail)."""

REASON_CODES: Final = tuple(REASONS)
"""The categories of the ``reason_code`` column, in a fixed order."""
