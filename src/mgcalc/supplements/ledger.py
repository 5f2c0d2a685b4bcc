"""The supplement ledger: dose rows for a FoodLog, daily supplemental totals and the
magnesium upper-limit check.

A dose becomes one ledger row per day (:func:`ledger_row`) with the elemental magnesium,
calcium [mg/day] and vitamin D [µg/day] it provides; a nutrient the product declares none
of is NaN there, and adds nothing. The daily table of an analysis sums these rows by source
(:mod:`mgcalc.intake`), and applies each upper limit as its authority defines it:

* **magnesium**: supplements and medications only, never food or water (IOM 1997 p. 242;
  IOM 2000, UL summary table, footnote b; SCF 2001 / EFSA 2006 likewise exclude magnesium
  naturally present in foods) — :func:`ul_status`, :func:`upper_limit_exceeded` take no
  food input at all;
* **calcium and vitamin D**: total intake, food and supplements (IOM 2011;
  ``nutrition-science.md`` §2b-§2d) — :func:`mgcalc.assess.total_ul_status_codes`.

References
----------
.. [1] Institute of Medicine (1997). *Dietary Reference Intakes for Calcium, Phosphorus,
   Magnesium, Vitamin D, and Fluoride*. National Academy Press; p. 242 (a UL cannot be based
   on magnesium from foods; critical effect osmotic diarrhea).
.. [2] Institute of Medicine (2000). *Dietary Reference Intakes: Applications in Dietary
   Assessment*. National Academy Press; Summary Table "Tolerable Upper Intake Levels",
   footnote b, and p. 63 (500 mg/day from an antacid exceeds the UL of 350 mg/day).
.. [3] Scientific Committee on Food (2001), reproduced in EFSA (2006) *Tolerable Upper
   Intake Levels for Vitamins and Minerals*: 250 mg/day of readily dissociable magnesium
   salts, excluding magnesium naturally present in foods.
.. [4] Institute of Medicine (2011). *Dietary Reference Intakes for Calcium and Vitamin D*,
   UL table and p. 445: the calcium and vitamin D ULs apply to total intake.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd

from mgcalc.errors import InvalidLogError
from mgcalc.supplements.dose import DOSE_NUTRIENTS, NUTRIENT_COLUMNS, DoseSource, SupplementDose

__all__ = [
    "LEDGER_NUTRIENT_COLUMNS",
    "UL_STATUSES",
    "UL_STATUS_MESSAGES",
    "ledger_row",
    "supplement_daily",
    "ul_status",
    "upper_limit_exceeded",
]

LEDGER_NUTRIENT_COLUMNS: Final = tuple(NUTRIENT_COLUMNS[n] for n in DOSE_NUTRIENTS)
"""The nutrient columns of a ledger row: ``magnesium_mg``, ``calcium_mg`` [mg/day] and
``vitamin_d_ug`` [µg/day]."""

UL_STATUSES: Final = ("none_taken", "within", "over", "no_ul")
"""The values :func:`ul_status` returns, in the order of its categorical dtype."""

UL_STATUS_MESSAGES: Final = {
    "none_taken": "no magnesium supplement or medication logged",
    "within": "supplemental magnesium at or below the UL",
    "over": "supplemental magnesium above the UL",
    "no_ul": "no UL established; magnesium should come from food and formula only",
}
"""A sentence for each :data:`UL_STATUSES` value, for reports."""

_UL_RELATIVE_TOLERANCE: Final = 1e-9
"""Floating-point noise ignored at the UL boundary (3.5e-7 mg at 350 mg)."""


def _text(value: Any) -> str:
    """A dose amount as text (``"400 IU"``) for the ledger's ``dose`` column."""
    return f"{value:~}" if hasattr(value, "units") else str(value)


def ledger_row(dose: SupplementDose, dose_text: str | None = None) -> dict[str, Any]:
    """One row of a FoodLog's supplement ledger for ``dose`` (add ``entry_id``,
    ``person_id``, ``date`` and ``time``).

    Parameters
    ----------
    dose
        The dose taken that day.
    dose_text
        What to keep as the dose as written (``"2 capsules, 150 mg each"``, the label
        text); by default the dose's amount, or its declared amounts.

    Returns
    -------
    dict
        ``product``, ``form``, ``dose``, ``basis`` (resolved; None for a product that
        provides nothing tracked), ``source``, and ``magnesium_mg``, ``calcium_mg``
        [mg/day, elemental] and ``vitamin_d_ug`` [µg/day]: **NaN for a nutrient the
        product declares none of** (it adds nothing; it is not an unknown amount).

    Examples
    --------
    >>> from mgcalc.supplements import parse_label
    >>> row = ledger_row(parse_label("Cal-Mag-D, 2 tablets: calcium 500 mg, magnesium 250 mg, "
    ...                              "vitamin D3 400 IU"))
    >>> row["magnesium_mg"], row["calcium_mg"], row["vitamin_d_ug"]
    (250.0, 500.0, 10.0)
    >>> row = ledger_row(SupplementDose(product="zinc", amount="25 mg"))
    >>> row["magnesium_mg"], row["basis"]
    (nan, None)
    """
    if dose_text is None:
        if dose.amount is not None:
            dose_text = _text(dose.amount)
        else:
            dose_text = ", ".join(
                f"{n.replace('_', ' ')} {value:g} {'µg' if n == 'vitamin_d' else 'mg'}"
                for n in DOSE_NUTRIENTS
                if (value := dose.per_unit(n)) is not None
            )
    row: dict[str, Any] = {
        "product": dose.product,
        "form": dose.form,
        "dose": dose_text,
        "basis": dose.resolved_basis if dose.tracked else None,
        "source": dose.source,
    }
    for nutrient in DOSE_NUTRIENTS:
        per_day = dose.per_day(nutrient)
        row[NUTRIENT_COLUMNS[nutrient]] = math.nan if per_day is None else per_day
    return row


# ---------------------------------------------------------------------------
# Daily totals and the upper limit (vectorised)
# ---------------------------------------------------------------------------

_LEDGER_COLUMNS: Final = ("person_id", "date", "source", "magnesium_mg")


def _rows(mask: pd.Series | npt.NDArray[np.bool_]) -> list[int]:
    """1-based row numbers where ``mask`` is true."""
    return [int(i) + 1 for i in np.flatnonzero(np.asarray(mask, dtype=bool))]


def _non_negative(values: pd.Series, column: str, *, allow_nan: bool) -> pd.Series:
    """``values`` as floats, or :class:`InvalidLogError` naming the bad rows."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    blank = numbers.isna()
    bad = (numbers < 0) | np.isinf(numbers) | (blank & values.notna())
    if not allow_nan:
        bad |= blank
    if bad.any():
        what = "non-negative numbers" if allow_nan else "known, non-negative numbers"
        raise InvalidLogError(f"{column} must be {what} [mg]", column=column, rows=_rows(bad))
    return numbers


def supplement_daily(doses: pd.DataFrame) -> pd.DataFrame:
    """Supplemental magnesium (and calcium) per person and day, by source.

    Parameters
    ----------
    doses
        A ledger with one row per dose taken: ``person_id``, ``date``, ``source``
        (``"supplement"`` or ``"medication"``), ``magnesium_mg`` (elemental, already
        multiplied by units and servings) [mg] and optionally ``calcium_mg`` (elemental;
        NaN when the product states none) [mg]. :meth:`SupplementDose.to_row` makes such
        rows.

    Returns
    -------
    pandas.DataFrame
        Indexed by (``person_id``, ``date``), one row per pair present, with
        ``supplement_magnesium_mg``, ``medication_magnesium_mg``,
        ``supplemental_magnesium_mg`` (their sum, the amount compared with the UL) and
        ``supplement_calcium_mg`` (from supplements and medications) [mg/day].

    Raises
    ------
    InvalidLogError
        If a column is missing, a source is not one of the two, a person or date is
        blank, or a magnesium value is blank, negative or not finite (rows listed at once).

    Notes
    -----
    Food and water magnesium do not belong in this ledger: the IOM UL covers magnesium
    from pharmacological agents only (IOM 1997 p. 242; IOM 2000, UL summary table,
    footnote b). A blank ``magnesium_mg`` is an error, not zero.

    Examples
    --------
    >>> ledger = pd.DataFrame({
    ...     "person_id": ["a", "a", "a"], "date": ["2026-11-20"] * 3,
    ...     "source": ["supplement", "medication", "supplement"],
    ...     "magnesium_mg": [250.0, 500.0, 100.0], "calcium_mg": [None, None, 200.0]})
    >>> supplement_daily(ledger).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'supplement_magnesium_mg': 350.0, 'medication_magnesium_mg': 500.0,
     'supplemental_magnesium_mg': 850.0, 'supplement_calcium_mg': 200.0}
    """
    missing = [column for column in _LEDGER_COLUMNS if column not in doses.columns]
    if missing:
        raise InvalidLogError(
            f"the supplement ledger lacks the column(s) {', '.join(missing)}", column=missing[0]
        )
    doses = doses.reset_index(drop=True)
    for key in ("person_id", "date"):
        if doses[key].isna().any():
            raise InvalidLogError("blank key", column=key, rows=_rows(doses[key].isna()))
    bad_source = ~doses["source"].isin(get_args(DoseSource))
    if bad_source.any():
        raise InvalidLogError(
            "source must be 'supplement' or 'medication'", column="source", rows=_rows(bad_source)
        )
    magnesium = _non_negative(doses["magnesium_mg"], "magnesium_mg", allow_nan=False)
    calcium = (
        _non_negative(doses["calcium_mg"], "calcium_mg", allow_nan=True)
        if "calcium_mg" in doses.columns
        else pd.Series(0.0, index=doses.index)
    )
    medication = (doses["source"] == "medication").to_numpy(dtype=bool)
    ledger = doses[["person_id", "date"]].assign(
        supplement_magnesium_mg=np.where(medication, 0.0, magnesium.to_numpy()),
        medication_magnesium_mg=np.where(medication, magnesium.to_numpy(), 0.0),
        # A dose whose label declares no calcium adds none: the label is the whole product,
        # so this blank is a stated absence, not an unknown value.
        supplement_calcium_mg=calcium.where(calcium.notna(), 0.0),
    )
    daily = ledger.groupby(["person_id", "date"], sort=True, observed=True).sum()
    daily.insert(
        2,
        "supplemental_magnesium_mg",
        daily["supplement_magnesium_mg"] + daily["medication_magnesium_mg"],
    )
    return daily


ArrayLikeFloat = pd.Series | npt.NDArray[np.floating[Any]] | Sequence[float] | float
"""A scalar, a sequence, an array or a Series of floats."""


def _broadcast(
    supplemental_mg: ArrayLikeFloat, ul_mg: ArrayLikeFloat
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], pd.Index]:
    """Both inputs as equal-length float arrays, and the index of the result."""
    index: pd.Index | None = None
    for values in (supplemental_mg, ul_mg):
        if isinstance(values, pd.Series):
            if index is not None and not index.equals(values.index):
                raise InvalidLogError("supplemental_mg and ul_mg must share one index")
            index = values.index
    supplemental = np.asarray(supplemental_mg, dtype="float64")
    ul = np.asarray(ul_mg, dtype="float64")
    supplemental, ul = np.broadcast_arrays(np.atleast_1d(supplemental), np.atleast_1d(ul))
    if supplemental.ndim != 1:
        raise InvalidLogError("supplemental_mg and ul_mg must be scalars or one-dimensional")
    if index is None:
        index = pd.RangeIndex(len(supplemental))
    negative = supplemental < 0
    if negative.any():
        raise InvalidLogError(
            "supplemental magnesium must be >= 0 [mg/day]",
            column="supplemental_mg",
            rows=_rows(negative),
        )
    return supplemental, ul, index


def _over(
    supplemental: npt.NDArray[np.float64], ul: npt.NDArray[np.float64]
) -> npt.NDArray[np.bool_]:
    """Strictly above the UL, ignoring floating-point noise; False where either is NaN."""
    with np.errstate(invalid="ignore"):
        return np.asarray(supplemental > ul * (1.0 + _UL_RELATIVE_TOLERANCE), dtype=bool)


def upper_limit_exceeded(supplemental_mg: ArrayLikeFloat, ul_mg: ArrayLikeFloat) -> pd.Series:
    """Whether supplemental magnesium is above the Tolerable Upper Intake Level.

    Parameters
    ----------
    supplemental_mg
        Magnesium from supplements and medications per day, never food [mg/day]. NaN means
        none was logged.
    ul_mg
        The UL of the person's life stage and authority [mg/day]; NaN where none is
        established (infants; ages 1-3 under EFSA). Scalars broadcast.

    Returns
    -------
    pandas.Series
        Nullable boolean (``"boolean"`` dtype): True where strictly above the UL, False at or
        below it or when nothing was taken, ``<NA>`` where no UL is established (see
        :func:`ul_status` for the reason). The index is that of a Series input.

    Raises
    ------
    InvalidLogError
        If a supplemental amount is negative, or two Series inputs have different indexes.

    Notes
    -----
    **Food magnesium never enters this check**, and the function takes no food input: the
    IOM UL for magnesium represents intake from pharmacological agents only, not from food
    and water (IOM 2000, UL summary table, footnote b), because a UL cannot be based on
    magnesium from foods (IOM 1997 p. 242; the critical effect is osmotic diarrhea).
    Comparing total intake with 350 mg would flag a man meeting his RDA from food.

    IOM ULs for supplemental magnesium: none established for 0-12 months ("from food and
    formula only"), 65 mg (1-3 y), 110 mg (4-8 y), 350 mg (9 y and over, pregnancy,
    lactation). The SCF (2001) / EFSA (2006) UL is 250 mg/day of readily dissociable
    magnesium salts from age 4 (including pregnancy and lactation), also excluding
    magnesium naturally present in foods. "Over" means strictly greater: 350 mg is within
    a UL of 350 mg; differences below one part in 10⁹ (floating-point noise) are ignored.

    References
    ----------
    .. [1] IOM (1997), p. 242. .. [2] IOM (2000), Summary Table: Tolerable Upper Intake
       Levels, footnote b; p. 63. .. [3] SCF (2001); EFSA (2006), *Tolerable Upper Intake
       Levels for Vitamins and Minerals*.

    Examples
    --------
    IOM (2000) p. 63: 500 mg/day from a nonprescribed antacid exceeds the UL of 350.

    >>> upper_limit_exceeded([500.0, 350.0, 0.0, 100.0], [350.0, 350.0, 350.0, float("nan")])
    0     True
    1    False
    2    False
    3     <NA>
    Name: ul_exceeded, dtype: boolean
    """
    supplemental, ul, index = _broadcast(supplemental_mg, ul_mg)
    result = pd.array(_over(supplemental, ul), dtype="boolean")
    result[np.isnan(ul)] = pd.NA
    return pd.Series(result, index=index, name="ul_exceeded")


def ul_status(supplemental_mg: ArrayLikeFloat, ul_mg: ArrayLikeFloat) -> pd.Series:
    """Classify supplemental magnesium against the UL: over, within, no UL, none taken.

    Parameters
    ----------
    supplemental_mg
        Magnesium from supplements and medications per day, never food [mg/day]; 0 or NaN
        means none was logged.
    ul_mg
        The UL of the person's life stage and authority, NaN where none is established
        [mg/day]. Scalars broadcast.

    Returns
    -------
    pandas.Series
        Categorical with the categories :data:`UL_STATUSES`, checked in this order:
        ``"none_taken"`` (no supplemental magnesium), ``"no_ul"`` (none established:
        "source of intake should be from food and formula only"), ``"over"`` (strictly
        above the UL), else ``"within"``. :data:`UL_STATUS_MESSAGES` words each one.

    Raises
    ------
    InvalidLogError
        As :func:`upper_limit_exceeded`.

    Notes
    -----
    Food magnesium never enters this check (IOM 1997 p. 242; IOM 2000, UL summary table,
    footnote b); see :func:`upper_limit_exceeded`.

    References
    ----------
    .. [1] IOM (1997), p. 242. .. [2] IOM (2000), Summary Table: Tolerable Upper Intake
       Levels, footnote b; p. 63. .. [3] SCF (2001); EFSA (2006).

    Examples
    --------
    >>> ul_status([500.0, 350.0, 0.0, 50.0], [350.0, 350.0, 350.0, float("nan")]).tolist()
    ['over', 'within', 'none_taken', 'no_ul']
    >>> ul_status(300.0, 250.0).tolist()  # EFSA/SCF UL, 250 mg/day
    ['over']
    """
    supplemental, ul, index = _broadcast(supplemental_mg, ul_mg)
    taken = ~np.isnan(supplemental) & (supplemental > 0)
    status = np.select(
        [~taken, np.isnan(ul), _over(supplemental, ul)],
        ["none_taken", "no_ul", "over"],
        default="within",
    )
    return pd.Series(
        pd.Categorical(status, categories=list(UL_STATUSES)), index=index, name="ul_status"
    )
