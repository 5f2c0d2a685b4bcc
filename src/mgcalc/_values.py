"""Small value helpers shared across mgcalc's tiers."""

from __future__ import annotations

import math
import numbers
from typing import Any, Final

import numpy as np

from mgcalc.errors import InvalidValueError

__all__ = ["INT8_CODES", "known_float", "real_number", "whole_number"]

INT8_CODES: Final = tuple(np.int8(code) for code in range(8))
"""Codes 0-7 as int8 scalars: ``np.where`` of them gives int8 codes (into a tuple of
flags or statuses) directly, without an ``astype``."""


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


def _bounds(low: float | None, high: float | None, low_open: bool) -> str:
    if low is not None and high is not None and not low_open:
        return f" from {low:,.10g} to {high:,.10g}"
    parts = []
    if low is not None:
        parts.append(f"{'>' if low_open else '>='} {low:,.10g}")
    if high is not None:
        parts.append(f"<= {high:,.10g}")
    return f" {' and '.join(parts)}" if parts else ""


def real_number(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
) -> float:
    """An argument that must be a finite real number within bounds, as a float.

    Parameters
    ----------
    value
        What the caller passed: an int, a float or a NumPy number (not a bool, not text).
    name
        The argument's name, for the message.
    low, high
        The bounds (inclusive; ``low_open`` excludes ``low``).

    Raises
    ------
    InvalidValueError
        Naming the argument, the value and what would be valid.

    Examples
    --------
    >>> real_number(2, "n", low=0)
    2.0
    >>> real_number(float("inf"), "ear_mg", low=0, low_open=True)
    Traceback (most recent call last):
    ...
    mgcalc.errors.InvalidValueError: ear_mg=inf must be a finite number > 0
    """

    def refused() -> str:  # the message, made only when it is needed
        return f"{name}={value!r} must be a finite number{_bounds(low, high, low_open)}"

    kind = type(value)  # float and int first: the abstract Real test is slower
    if (
        kind is not float
        and kind is not int
        and (isinstance(value, bool) or not isinstance(value, numbers.Real))
    ):
        raise InvalidValueError(refused())
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError):
        raise InvalidValueError(refused()) from None
    outside = (
        not math.isfinite(number)
        or (low is not None and (number <= low if low_open else number < low))
        or (high is not None and number > high)
    )
    if outside:
        raise InvalidValueError(refused())
    return number


def whole_number(value: Any, name: str, *, low: int, high: int) -> int:
    """An argument that must be a whole number from ``low`` to ``high`` (``3`` or ``3.0``).

    Raises
    ------
    InvalidValueError
        Naming the argument, the value and the valid range.

    >>> whole_number(3.0, "n_days", low=1, high=100)
    3
    """
    try:
        number = real_number(value, name, low=low, high=high)
    except InvalidValueError:
        number = math.nan
    if not number.is_integer():  # NaN is not
        raise InvalidValueError(
            f"{name}={value!r} must be a whole number from {low:,} to {high:,}"
        ) from None
    return int(number)
