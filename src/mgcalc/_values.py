"""Small value helpers shared across mgcalc's tiers."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["known_float"]


def known_float(value: Any) -> float | None:
    """``value`` as a float, or None when it is unknown: None, NaN or not a number.

    JSON, templates and printed tables have no NaN; this is where unknown becomes None
    (never 0).

    >>> known_float("2.5"), known_float(float("nan")), known_float(None), known_float("x")
    (2.5, None, None, None)
    """
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number
