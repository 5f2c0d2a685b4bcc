"""Is the intake right? Percent of target, the IOM individual tests, and group prevalence.

Pure functions over floats and pandas objects, following the IOM (2000) *DRI:
Applications in Dietary Assessment*:

- :func:`percent_of_target`: intake as % of the RDA or AI, per day or for a mean.
- :func:`iom_individual_assessment`: is an individual's usual intake at least their
  requirement? z = (mean - EAR) / sqrt(SD_r² + SD_within²/n) (pp. 53-56, 186-190).
- :func:`intake_needed_for_confidence`: the mean intake that gives that confidence.
- :func:`ai_assessment`: the test against an AI, where no EAR exists (p. 60).
- :func:`ul_assessment`: the test against the UL, for supplemental magnesium only (pp. 63-64).
- :func:`sd_within_mg`: the day-to-day SD of intake where it is known (women 19-50 y).
- :func:`prevalence_below_ear`: share of a group below the EAR (cut-point method, p. 76).

References
----------
.. [1] IOM (2000). *Dietary Reference Intakes: Applications in Dietary Assessment*.
   National Academy Press. pp. 5-6, 53-56 (magnesium example), 60-64 (AI and UL tests,
   Tables 3-2 and 3-4), 76 (cut-point), 186-190 (Appendix B, Table B-1), 194, 210.
.. [2] IOM (1997). *DRI for Calcium, Phosphorus, Magnesium, Vitamin D, and Fluoride*,
   p. 219 ("a CV of approximately 10 percent is assumed for each EAR").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from statistics import NormalDist
from types import MappingProxyType
from typing import Any, Final, Literal, overload

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict

from mgcalc._schemas import storable
from mgcalc._values import INT8_CODES as _I8
from mgcalc._values import real_number, whole_number
from mgcalc.defaults import MAX_DAILY_MG, MAX_DAYS
from mgcalc.errors import InvalidValueError
from mgcalc.references import Person

__all__ = [
    "CV_REQUIREMENT",
    "INTAKE_FLAGS",
    "IOM_TABLE_B1",
    "TOTAL_UL_STATUSES",
    "UL_RELATIVE_TOLERANCE",
    "UL_STATUSES",
    "WITHIN_PERSON_SD_MG",
    "AIAssessment",
    "AdequacyAssessment",
    "PrevalenceResult",
    "ULAssessment",
    "ai_assessment",
    "individual_assessment_of",
    "intake_flag_codes",
    "intake_needed_for_confidence",
    "iom_individual_assessment",
    "percent_of_target",
    "prevalence_below_ear",
    "sd_within_mg",
    "total_ul_status_codes",
    "ul_assessment",
    "ul_status_codes",
]

CV_REQUIREMENT: Final = 0.10
"""Coefficient of variation of the magnesium requirement (IOM 1997 p. 219; IOM 2000 p. 194)."""

IOM_TABLE_B1: Final[tuple[tuple[float, float], ...]] = (
    (0.00, 0.50),
    (0.50, 0.70),
    (1.00, 0.85),
    (1.50, 0.93),
    (1.65, 0.95),
    (2.00, 0.98),
)
"""IOM (2000) Table B-1, p. 190: criterion on |D/SD_D| and the probability of a correct
conclusion (adequate for D > 0, inadequate for D < 0)."""

WITHIN_PERSON_SD_MG: Final[Mapping[tuple[str, str], float]] = MappingProxyType(
    {("19-30y", "female"): 86.0, ("31-50y", "female"): 86.0}
)
"""Day-to-day (within-person) SD of magnesium intake [mg/day] by (IOM life stage, sex).

Only women 19-50 y is known: 86 mg/day, derived from the IOM (2000) worked example
(pp. 53-56; CSFII 1994-96, food only). Every other group is not available in mgcalc's
reference file (UNVERIFIED): pass your own value, or an ``overrides`` mapping to
:func:`sd_within_mg`. The IOM 2006 *Essential Guide*, Appendix I, reprints the full tables.
"""

_NORMAL: Final = NormalDist()

INTAKE_FLAGS: Final = ("low", "below_target", "ok", "unknown")
"""How a day's (or a mean) intake compares with the person's reference values:
``"low"`` below the EAR; ``"below_target"`` from the EAR up to the RDA (or below an AI);
``"ok"`` at or above the RDA or AI; ``"unknown"`` when the intake or the target is unknown.
An intake above an upper limit is a separate flag (the UL statuses), never ``"ok"`` alone.
IOM (2000) *Applications in Dietary Assessment*, p. 6."""

UL_STATUSES: Final = ("none_taken", "within", "over", "no_ul")
"""Supplemental magnesium against its UL (supplements and medications only)."""

TOTAL_UL_STATUSES: Final = ("within", "over", "no_ul", "unknown")
"""Total intake (food, water and supplements) against a UL that applies to it (calcium,
vitamin D): ``"unknown"`` when the food part is unknown and the rest is within the UL."""

UL_RELATIVE_TOLERANCE: Final = 1e-9
"""Floating-point noise ignored at a UL boundary (3.5e-7 mg at 350 mg): over means
strictly greater."""


def _floats(values: Any) -> npt.NDArray[np.float64]:
    out = np.asarray(values, dtype=np.float64)
    return out.reshape(1) if out.ndim == 0 else out


def intake_flag_codes(intake: Any, ear: Any, target: Any) -> npt.NDArray[np.int8]:
    """Codes into :data:`INTAKE_FLAGS` for intakes against an EAR and a target (RDA or AI).

    Parameters
    ----------
    intake, ear, target
        Intakes and reference values [mg/day] or [µg/day], broadcast together; NaN where
        unknown or none is established (an AI has no EAR).

    Returns
    -------
    numpy.ndarray of int8

    Examples
    --------
    >>> [INTAKE_FLAGS[c] for c in intake_flag_codes([200, 280, 330, None], 255, 310)]
    ['low', 'below_target', 'ok', 'unknown']
    """
    value, low, high = _floats(intake), _floats(ear), _floats(target)
    # comparisons with NaN are False and raise no floating-point warning
    codes = np.where(value < low, _I8[0], np.where(value < high, _I8[1], _I8[2]))
    return np.where(np.isnan(value) | np.isnan(high), _I8[3], codes)


def ul_status_codes(supplemental: Any, ul: Any) -> npt.NDArray[np.int8]:
    """Codes into :data:`UL_STATUSES`: supplemental magnesium against its UL.

    Checked in order: none taken (0 or NaN), no UL established (NaN), over (strictly
    above, ignoring floating-point noise), else within.
    """
    amount, limit = _floats(supplemental), _floats(ul)
    taken = amount > 0  # NaN is not > 0: none taken (comparisons with NaN do not warn)
    over = amount > limit * (1.0 + UL_RELATIVE_TOLERANCE)
    return np.where(
        taken, np.where(np.isnan(limit), _I8[3], np.where(over, _I8[2], _I8[1])), _I8[0]
    )


def total_ul_status_codes(known_total: Any, food_known: Any, ul: Any) -> npt.NDArray[np.int8]:
    """Codes into :data:`TOTAL_UL_STATUSES`: total intake against a UL on total intake.

    Parameters
    ----------
    known_total
        The sum of the known parts (food, water, supplements) [mg/day] or [µg/day].
    food_known
        Whether the food part is known; an unknown part can only add, so a known total
        above the UL is over, but one below it is unknown.
    ul
        The UL (NaN where none is established).
    """
    amount, complete, limit = _floats(known_total), np.asarray(food_known, dtype=bool), _floats(ul)
    over = amount > limit * (1.0 + UL_RELATIVE_TOLERANCE)  # NaN compares False, silently
    return np.where(
        np.isnan(limit), _I8[2], np.where(over, _I8[1], np.where(complete, _I8[0], _I8[3]))
    )


class AdequacyAssessment(BaseModel):
    """Result of the IOM (2000) test of an individual's intake against the EAR.

    Attributes
    ----------
    mean_mg
        Observed mean intake ȳ over the days [mg/day].
    n_days
        Number of days n.
    ear_mg
        Estimated Average Requirement [mg/day].
    sd_within_mg
        Day-to-day SD of intake used [mg/day].
    cv_requirement
        CV of the requirement (0.10).
    sd_requirement_mg
        SD_r = CV × EAR [mg/day].
    difference_mg
        D = ȳ − EAR [mg/day].
    sd_difference_mg
        SD_D = sqrt(SD_r² + SD_within²/n) [mg/day].
    z
        D / SD_D.
    probability
        Φ(z): probability that usual intake is at least the requirement.
    conclusion
        ``"adequate"`` if z > 0, else ``"inadequate"``.
    iom_probability_bin
        Table B-1's probability of a correct conclusion for the row whose criterion is
        nearest |z| (0.50, 0.70, 0.85, 0.93, 0.95, 0.98), as the IOM reads it (z ≈ 1 →
        "about 85 %").
    statement
        The conclusion in the IOM's words, with the guidance of p. 6.
    method, assumptions
        What was done and what it takes for granted (p. 190).
    """

    model_config = ConfigDict(frozen=True)

    mean_mg: float
    n_days: int
    ear_mg: float
    sd_within_mg: float
    cv_requirement: float
    sd_requirement_mg: float
    difference_mg: float
    sd_difference_mg: float
    z: float
    probability: float
    conclusion: Literal["adequate", "inadequate"]
    iom_probability_bin: float
    statement: str
    method: str
    assumptions: str


class AIAssessment(BaseModel):
    """Result of the IOM (2000) test of an individual's intake against an AI (p. 60).

    Attributes
    ----------
    mean_mg, n_days, ai_mg, sd_within_mg
        Inputs [mg/day] (n in days).
    z
        (ȳ − AI) / (SD_within / sqrt(n)).
    probability
        Φ(z): confidence that usual intake is at least the AI.
    conclusion
        ``"adequate"`` if z > 0, else ``"undetermined"``: failing the test does not
        mean the intake is inadequate.
    statement, method
        Words and method.
    """

    model_config = ConfigDict(frozen=True)

    mean_mg: float
    n_days: int
    ai_mg: float
    sd_within_mg: float
    z: float
    probability: float
    conclusion: Literal["adequate", "undetermined"]
    statement: str
    method: str


class ULAssessment(BaseModel):
    """Result of the IOM (2000) test of supplemental intake against the UL (pp. 63-64).

    Attributes
    ----------
    supplemental_mean_mg, n_days, ul_mg, sd_within_mg
        Inputs [mg/day] (n in days); the intake is supplements and medications only.
    z
        (ȳ − UL) / (SD_within / sqrt(n)); None when ``sd_within_mg`` is 0 (the same dose
        every day: the test is a plain comparison, and z would be infinite).
    probability_above_ul
        Φ(z): probability that usual supplemental intake exceeds the UL.
    conclusion
        ``"above UL"`` if ȳ > UL (strictly), else ``"not above UL"``.
    statement, method
        Words and method, including the scope.
    """

    model_config = ConfigDict(frozen=True)

    supplemental_mean_mg: float
    n_days: int
    ul_mg: float
    sd_within_mg: float
    z: float | None
    probability_above_ul: float
    conclusion: Literal["above UL", "not above UL"]
    statement: str
    method: str


class PrevalenceResult(BaseModel):
    """Share of a group whose intake is below the EAR (EAR cut-point method).

    Attributes
    ----------
    prevalence
        Fraction of people below their EAR, 0 to 1.
    n_people, n_below
        People with at least one known day, and how many are below.
    adjusted
        Whether the means were adjusted for within-person variance first.
    sd_between_mg, sd_within_mg
        Estimated between- and within-person SDs [mg/day] (only when adjusted).
    method, caveats
        What was done, and the conditions under which it is valid (IOM 2000 p. 210).
    """

    model_config = ConfigDict(frozen=True)

    prevalence: float
    n_people: int
    n_below: int
    adjusted: bool
    sd_between_mg: float | None = None
    sd_within_mg: float | None = None
    method: str
    caveats: str


def _days(n_days: Any) -> int:
    """The number of days, a whole number from 1 to :data:`~mgcalc.defaults.MAX_DAYS`."""
    return whole_number(n_days, "n_days", low=1, high=MAX_DAYS)


def _mg(name: str, value: Any, allow_zero: bool = False) -> float:
    """An intake, requirement or SD [mg/day]: finite, above 0 (or from 0), at most
    :data:`~mgcalc.defaults.MAX_DAILY_MG`."""
    return real_number(value, name, low=0.0, high=MAX_DAILY_MG, low_open=not allow_zero)


def _finite(name: str, value: float) -> float:
    """A result that must be a finite number: inputs at the edge of a float (an SD of
    1e-320) can make it overflow, which is refused rather than returned as inf."""
    if not math.isfinite(value):
        raise InvalidValueError(
            f"{name} is not a finite number for these inputs: an SD or reference value too "
            "close to 0 for a float"
        )
    return value


def _z(difference: float, spread: float) -> float:
    """difference / spread, refused when the spread is too small for a float (0 included)."""
    return _finite("z", difference / spread if spread > 0 else math.inf)


def _cv(value: Any) -> float:
    """A coefficient of variation of the requirement, 0 to 1."""
    return real_number(value, "cv_requirement", low=0.0, high=1.0)


@overload
def percent_of_target(intake_mg: float, target_mg: float) -> float: ...
@overload
def percent_of_target(intake_mg: pd.Series[float], target_mg: float) -> pd.Series[float]: ...
@overload
def percent_of_target(
    intake_mg: npt.NDArray[np.float64], target_mg: float
) -> npt.NDArray[np.float64]: ...


def percent_of_target(
    intake_mg: float | pd.Series[float] | npt.NDArray[np.float64], target_mg: float
) -> float | pd.Series[float] | npt.NDArray[np.float64]:
    """Intake as a percentage of a target (the RDA or AI) [%].

    Works on one value, a Series of daily totals (one percentage per day) or an array;
    for a period, pass the mean over the days. Unknown intake (NaN) stays unknown.

    Parameters
    ----------
    intake_mg
        Intake [mg/day].
    target_mg
        RDA or AI [mg/day], > 0.

    Returns
    -------
    float, Series or ndarray
        100 × intake / target [%], of the same shape as ``intake_mg``.

    Raises
    ------
    InvalidValueError
        If ``target_mg`` is not a positive finite number (at most 1,000,000), an intake is
        negative or not a number, or a percentage would not be finite.

    Notes
    -----
    The IOM (2000, p. 6) advises against reading a percent of the RDA as a probability
    of adequacy; use :func:`iom_individual_assessment` for that.

    Examples
    --------
    >>> percent_of_target(240.0, 320.0)
    75.0
    >>> percent_of_target(pd.Series([320.0, 160.0, float("nan")]), 320.0).tolist()
    [100.0, 50.0, nan]
    """
    target = _mg("target_mg", target_mg)
    if isinstance(intake_mg, pd.Series | np.ndarray):
        if not (intake_mg.dtype.kind in "iuf" or pd.api.types.is_float_dtype(intake_mg.dtype)):
            raise InvalidValueError(f"intake_mg must hold numbers [mg/day], not {intake_mg.dtype}")
        with np.errstate(over="ignore", invalid="ignore"):
            percent = intake_mg * (100.0 / target)
        if np.isinf(np.asarray(percent, dtype=np.float64)).any():
            raise InvalidValueError(
                "intake_mg holds infinite values, or target_mg is too small for a percentage"
            )
        return percent
    if intake_mg is None or (isinstance(intake_mg, float) and math.isnan(intake_mg)):
        return math.nan
    return _finite("percent", _mg("intake_mg", intake_mg, allow_zero=True) * (100.0 / target))


def _table_b1_bin(z: float) -> float:
    """Table B-1's probability for the row whose criterion is nearest |z| (ties: the lower)."""
    magnitude = abs(z)
    best_threshold, best_probability = IOM_TABLE_B1[0]
    for threshold, probability in IOM_TABLE_B1[1:]:
        if abs(magnitude - threshold) < abs(magnitude - best_threshold):
            best_threshold, best_probability = threshold, probability
    return best_probability


def iom_individual_assessment(
    mean_mg: float,
    n_days: int,
    ear_mg: float,
    sd_within_mg: float,
    cv_requirement: float = CV_REQUIREMENT,
    rda_mg: float | None = None,
) -> AdequacyAssessment:
    """Test whether an individual's usual intake meets their requirement (IOM 2000).

    .. math::

        D = \\bar y - EAR, \\quad SD_r = CV \\cdot EAR, \\quad
        SD_D = \\sqrt{SD_r^2 + SD_{within}^2 / n}, \\quad z = D / SD_D

    Parameters
    ----------
    mean_mg
        Observed mean intake over the days, ȳ [mg/day].
    n_days
        Number of days the mean is over, n >= 1.
    ear_mg
        Estimated Average Requirement of the person's life stage [mg/day].
    sd_within_mg
        Day-to-day SD of intake [mg/day]: the pooled survey value for the life stage
        (:func:`sd_within_mg`), not one computed from the person's own days (p. 54).
    cv_requirement
        CV of the requirement; 0.10 for magnesium (IOM 1997 p. 219).
    rda_mg
        The RDA [mg/day], optional: adds the p. 6 guidance on intakes between EAR and RDA.

    Returns
    -------
    AdequacyAssessment
        z, Φ(z), the conclusion and Table B-1's probability of a correct conclusion.

    Raises
    ------
    ValueError
        If n_days < 1, ear_mg <= 0, sd_within_mg < 0 or cv_requirement < 0.

    Notes
    -----
    Assumes (p. 190) that daily intakes are roughly normal around the person's mean
    (unreliable if their CV exceeds about 60-70 %), that requirements are normal, that
    intakes are recorded accurately, that SD_within is reliable and that intake and
    requirement are independent. ``probability`` is the exact Φ(z); the IOM reads
    Table B-1 to the nearest row (pp. 53-56: z ≈ 1, "about 85 %"), which is what
    ``iom_probability_bin`` gives.

    References
    ----------
    IOM (2000) *DRI: Applications in Dietary Assessment*, pp. 53-56, 186-190, Table B-1.

    Examples
    --------
    The IOM's worked example: a woman of 40, 3 days, mean 320 mg, EAR 265 mg.

    >>> result = iom_individual_assessment(320.0, 3, 265.0, 86.0)
    >>> round(result.z, 3), round(result.probability, 3), result.iom_probability_bin
    (0.977, 0.836, 0.85)
    >>> result.conclusion
    'adequate'
    """
    n_days = _days(n_days)
    mean_mg = _mg("mean_mg", mean_mg, allow_zero=True)
    ear_mg = _mg("ear_mg", ear_mg)
    sd_within_mg = _mg("sd_within_mg", sd_within_mg, allow_zero=True)
    cv_requirement = _cv(cv_requirement)
    rda_mg = None if rda_mg is None else _mg("rda_mg", rda_mg)
    return individual_assessment_of(mean_mg, n_days, ear_mg, sd_within_mg, cv_requirement, rda_mg)


def individual_assessment_of(
    mean_mg: float,
    n_days: int,
    ear_mg: float,
    sd_within_mg: float,
    cv_requirement: float,
    rda_mg: float | None,
) -> AdequacyAssessment:
    """:func:`iom_individual_assessment` of numbers already checked: floats within its
    bounds, ``n_days`` an int (the library's own means and reference values)."""
    sd_requirement = cv_requirement * ear_mg
    difference = mean_mg - ear_mg
    sd_difference = math.sqrt(sd_requirement**2 + sd_within_mg**2 / n_days)
    if sd_difference == 0:
        raise InvalidValueError(
            "sd_within_mg and cv_requirement are both 0: the test has no variance"
        )
    z = _z(difference, sd_difference)
    probability = _NORMAL.cdf(z)
    conclusion: Literal["adequate", "inadequate"] = "adequate" if z > 0 else "inadequate"
    bin_probability = _table_b1_bin(z)
    words = (
        f"Usual intake is {conclusion}, with a probability of a correct conclusion of "
        f"about {bin_probability:.0%} (z = {z:.2f}; IOM 2000, Table B-1)."
    )
    if bin_probability == 0.50:
        words += " That is no better than chance: more days are needed to conclude either way."
    if mean_mg < ear_mg:
        words += " An observed intake below the EAR very likely needs to be improved (p. 6)."
    elif rda_mg is not None and mean_mg < rda_mg:
        words += (
            " An observed intake between the EAR and the RDA probably needs to be improved (p. 6)."
        )
    return AdequacyAssessment(
        mean_mg=mean_mg,
        n_days=n_days,
        ear_mg=ear_mg,
        sd_within_mg=sd_within_mg,
        cv_requirement=cv_requirement,
        sd_requirement_mg=sd_requirement,
        difference_mg=difference,
        sd_difference_mg=sd_difference,
        z=z,
        probability=probability,
        conclusion=conclusion,
        iom_probability_bin=bin_probability,
        statement=words,
        method=(
            "IOM (2000) individual assessment against the EAR: z = (mean - EAR) / "
            f"sqrt(SD_r^2 + SD_within^2/n), SD_r = {cv_requirement:g} x EAR, "
            f"SD_within = {sd_within_mg:g} mg/day, n = {n_days} days"
        ),
        assumptions=(
            "daily intakes roughly normal around the person's mean (unreliable if their CV "
            "exceeds about 60-70 %); requirements normally distributed; intakes recorded "
            "accurately; a reliable pooled SD_within; intake independent of requirement "
            "(IOM 2000 p. 190)"
        ),
    )


def intake_needed_for_confidence(
    n_days: int,
    ear_mg: float,
    sd_within_mg: float,
    z: float = 2.0,
    cv_requirement: float = CV_REQUIREMENT,
) -> float:
    """Mean intake over n days needed to conclude adequacy with the confidence z gives.

    ``EAR + z × sqrt((CV × EAR)² + SD_within² / n)``. The IOM uses z = 2 for its
    "97.5 %" statements (pp. 53-56).

    Parameters
    ----------
    n_days
        Number of days, >= 1.
    ear_mg
        Estimated Average Requirement [mg/day].
    sd_within_mg
        Day-to-day SD of intake [mg/day].
    z
        Required D/SD_D (2.0 for the IOM's 97.5 %).
    cv_requirement
        CV of the requirement (0.10).

    Returns
    -------
    float
        The mean intake [mg/day].

    Examples
    --------
    The IOM's thresholds for a woman of 19-50 y (EAR 265 mg, SD_within 86 mg):

    >>> [round(intake_needed_for_confidence(n, 265.0, 86.0)) for n in (1, 3, 7)]
    [445, 378, 349]
    """
    n_days = _days(n_days)
    ear_mg = _mg("ear_mg", ear_mg)
    sd_within_mg = _mg("sd_within_mg", sd_within_mg, allow_zero=True)
    z = real_number(z, "z", low=-10.0, high=10.0)
    cv_requirement = _cv(cv_requirement)
    spread = math.sqrt((cv_requirement * ear_mg) ** 2 + sd_within_mg**2 / n_days)
    return _finite("the intake needed", ear_mg + z * spread)


def ai_assessment(mean_mg: float, n_days: int, ai_mg: float, sd_within_mg: float) -> AIAssessment:
    """Test an individual's intake against an AI, where no EAR exists (IOM 2000 p. 60).

    ``z = (ȳ − AI) / (SD_within / sqrt(n))``, read as a one-sided normal (Table B-6).

    Parameters
    ----------
    mean_mg
        Observed mean intake [mg/day].
    n_days
        Number of days, >= 1.
    ai_mg
        Adequate Intake [mg/day].
    sd_within_mg
        Day-to-day SD of intake [mg/day], > 0.

    Returns
    -------
    AIAssessment
        z, Φ(z) and the conclusion: ``"adequate"`` or ``"undetermined"``, never
        ``"inadequate"`` (an intake below the AI may still meet the requirement).

    Examples
    --------
    IOM (2000) Table 3-2: calcium, women 19-50, SD 325 mg, mean 1,200 vs AI 1,000.

    >>> round(ai_assessment(1200.0, 3, 1000.0, 325.0).z, 2)
    1.07
    """
    n_days = _days(n_days)
    mean_mg = _mg("mean_mg", mean_mg, allow_zero=True)
    ai_mg = _mg("ai_mg", ai_mg)
    sd_within_mg = _mg("sd_within_mg", sd_within_mg)
    z = _z(mean_mg - ai_mg, sd_within_mg / math.sqrt(n_days))
    probability = _NORMAL.cdf(z)
    if z > 0:
        conclusion: Literal["adequate", "undetermined"] = "adequate"
        words = (
            f"Usual intake is at least the AI with about {probability:.0%} confidence "
            f"(z = {z:.2f}); intake at or above the AI is adequate (IOM 2000 p. 60)."
        )
    else:
        conclusion = "undetermined"
        words = (
            f"Usual intake cannot be shown to reach the AI (z = {z:.2f}). This does not mean "
            "it is inadequate: the AI is above the (unknown) average requirement, so nothing "
            "can be concluded about inadequacy (IOM 2000 p. 60)."
        )
    return AIAssessment(
        mean_mg=mean_mg,
        n_days=n_days,
        ai_mg=ai_mg,
        sd_within_mg=sd_within_mg,
        z=z,
        probability=probability,
        conclusion=conclusion,
        statement=words,
        method=(
            "IOM (2000) test against the AI: z = (mean - AI) / (SD_within / sqrt(n)), "
            f"one-sided normal; SD_within = {sd_within_mg:g} mg/day, n = {n_days} days"
        ),
    )


def ul_assessment(
    supplemental_mean_mg: float, n_days: int, ul_mg: float, sd_within_mg: float
) -> ULAssessment:
    """Test supplemental magnesium against the UL (IOM 2000 pp. 63-64, Table 3-4).

    ``z = (ȳ − UL) / (SD_within / sqrt(n))`` over the intake from supplements and
    medications **only**: the IOM magnesium UL does not cover food and water (IOM 2000
    Summary Table, footnote b). Never pass total or food intake.

    Parameters
    ----------
    supplemental_mean_mg
        Mean magnesium from supplements and medications [mg/day].
    n_days
        Number of days, >= 1.
    ul_mg
        Tolerable Upper Intake Level [mg/day] (``ReferenceValues.magnesium_ul_mg``).
    sd_within_mg
        Day-to-day SD of supplemental intake [mg/day], >= 0. With 0 (the same dose every
        day) the test is a plain comparison and z is None.

    Returns
    -------
    ULAssessment
        z, the probability that usual supplemental intake is above the UL, and whether
        the mean is above it (strictly greater).

    Examples
    --------
    IOM (2000) p. 63: 500 mg/day from an antacid, UL 350.

    >>> ul_assessment(500.0, 1, 350.0, 0.0).conclusion
    'above UL'
    """
    n_days = _days(n_days)
    supplemental_mean_mg = _mg("supplemental_mean_mg", supplemental_mean_mg, allow_zero=True)
    ul_mg = _mg("ul_mg", ul_mg)
    sd_within_mg = _mg("sd_within_mg", sd_within_mg, allow_zero=True)
    difference = supplemental_mean_mg - ul_mg
    z: float | None
    if sd_within_mg == 0:  # the same dose every day: a plain comparison, no z
        z = None
        probability = 1.0 if difference > 0 else 0.0
    else:
        z = _z(difference, sd_within_mg / math.sqrt(n_days))
        probability = _NORMAL.cdf(z)
    above = supplemental_mean_mg > ul_mg
    conclusion: Literal["above UL", "not above UL"] = "above UL" if above else "not above UL"
    if above:
        words = (
            f"Supplemental intake ({supplemental_mean_mg:g} mg/day) is above the UL of "
            f"{ul_mg:g} mg/day: a potential risk of adverse effects (osmotic diarrhea)."
        )
    else:
        words = (
            f"Supplemental intake ({supplemental_mean_mg:g} mg/day) is not above the UL of "
            f"{ul_mg:g} mg/day; probability that usual intake exceeds it: {probability:.0%}."
        )
    return ULAssessment(
        supplemental_mean_mg=supplemental_mean_mg,
        n_days=n_days,
        ul_mg=ul_mg,
        sd_within_mg=sd_within_mg,
        z=z,
        probability_above_ul=probability,
        conclusion=conclusion,
        statement=words,
        method=(
            "IOM (2000) test against the UL, supplements and medications only: "
            "z = (mean - UL) / (SD_within / sqrt(n))"
        ),
    )


def sd_within_mg(
    person: Person | str,
    sex: Literal["female", "male"] | None = None,
    *,
    overrides: Mapping[tuple[str, str], float] | None = None,
) -> float | None:
    """Day-to-day SD of magnesium intake for a life stage, where known [mg/day].

    Parameters
    ----------
    person
        A :class:`~mgcalc.references.Person`, or an IOM life-stage key (``"31-50y"``).
    sex
        Needed with a life-stage key; ignored with a Person.
    overrides
        Your own values by (IOM life stage, sex), checked before the built-in ones
        [mg/day]. For pregnancy and lactation the key's stage is the IOM age band and
        the condition, e.g. ``("19-30y pregnancy", "female")``.

    Returns
    -------
    float or None
        86.0 for women 19-50 y who are neither pregnant nor lactating (derived from the IOM 2000
        worked example, pp. 53-56; CSFII 1994-96, food only). None for every other
        group: those values are not available in mgcalc's reference file (UNVERIFIED);
        supply them through ``overrides`` or pass a value to the test directly.

    Examples
    --------
    >>> sd_within_mg(Person(age=40, sex="female"))
    86.0
    >>> sd_within_mg("31-50y", "male") is None
    True
    >>> sd_within_mg("31-50y", "male", overrides={("31-50y", "male"): 120.0})
    120.0
    """
    if isinstance(person, Person):
        key_sex: str = person.sex
        stage = Person(age_years=person.age_years, sex=person.sex).life_stage  # IOM bands
        if person.condition != "none":
            stage = f"{stage} {person.condition}"
    else:
        if sex is None:
            raise InvalidValueError(
                "sd_within_mg(life_stage, sex): give the sex with a life-stage key"
            )
        stage, key_sex = person, sex
    if overrides is not None and (stage, key_sex) in overrides:
        return float(overrides[(stage, key_sex)])
    return WITHIN_PERSON_SD_MG.get((stage, key_sex))


_CUT_POINT_CAVEATS: Final = (
    "EAR cut-point method (IOM 2000 p. 76; Beaton 1994; Carriquiry 1999). Valid only if "
    "(1) intakes and requirements are independent, (2) the requirement distribution is "
    "symmetric about the EAR, and (3) the variance of usual intakes exceeds the variance "
    "of requirements (p. 210). It needs USUAL intakes: unadjusted means of a few days "
    "spread too wide and mis-estimate the prevalence (Table S-1 note, p. 10); the full "
    "adjustment is the Nusser/ISU method. It cannot be used with an AI, and a group mean "
    "must not be compared with the RDA or the EAR."
)


def prevalence_below_ear(
    intakes: pd.DataFrame,
    ear_mg: float | pd.Series[float],
    adjust_within_person: bool = False,
    column: str = "magnesium_mg",
) -> PrevalenceResult:
    """Share of a group whose intake is below the EAR (the EAR cut-point method).

    Parameters
    ----------
    intakes
        One row per person and day, with columns ``person_id`` and ``column``
        (daily intake [mg/day]; NaN = unknown day, left out of that person's mean).
    ear_mg
        The EAR [mg/day]: one value for everyone, or a Series indexed by person_id
        (each person's own EAR). An AI must not be used here.
    adjust_within_person
        If True, shrink each person's mean towards the group mean before the cut-point,
        by sqrt(s_b² / (s_b² + s_w²/n_i)), where s_w² is the pooled within-person variance,
        s_b² = var(person means) − s_w²/mean(n_i) (floored at 0) and n_i the person's
        days: a simple NRC/ISU-style shrinkage, not the full Nusser/ISU method. Needs
        at least two people and some person with two or more known days.
    column
        The intake column (``"magnesium_mg"``).

    Returns
    -------
    PrevalenceResult
        The share below the EAR (0 to 1), counts, variance components when adjusted,
        the method and its caveats.

    Raises
    ------
    ValueError
        If a column is missing, no person has a known day, a per-person EAR is missing,
        or the adjustment cannot be estimated.

    Examples
    --------
    >>> days = pd.DataFrame({"person_id": [1, 1, 2, 2, 3, 3],
    ...                      "magnesium_mg": [200.0, 240.0, 300.0, 280.0, 260.0, 250.0]})
    >>> prevalence_below_ear(days, 255.0).n_below
    1
    """
    if not isinstance(intakes, pd.DataFrame):
        raise InvalidValueError(
            f"intakes must be a DataFrame with person_id and {column}, not {type(intakes).__name__}"
        )
    missing = [name for name in ("person_id", column) if name not in intakes.columns]
    if missing:
        raise InvalidValueError(
            f"intakes has no column(s) {missing}; expected person_id and {column}"
        )
    raw = intakes[column]
    if isinstance(raw, pd.DataFrame):
        raise InvalidValueError(f"intakes has more than one column named {column!r}")
    values = pd.to_numeric(raw.astype(object).where(raw.notna(), np.nan), errors="coerce")
    bad = (values.isna() & raw.notna()) | ~(values.isna() | values.between(0, MAX_DAILY_MG))
    if bad.any():
        rows = [int(i) + 1 for i in np.flatnonzero(bad.to_numpy())][:10]
        raise InvalidValueError(
            f"{column} must hold numbers from 0 to {MAX_DAILY_MG:,.0f} mg/day or be blank "
            f"(rows {rows})"
        )
    people = intakes["person_id"]
    if (
        isinstance(people, pd.DataFrame)
        or people.isna().any()
        or any(not isinstance(p, str | int | np.integer) for p in people)
        or not storable("".join(p for p in people if isinstance(p, str)))
    ):
        raise InvalidValueError(
            "person_id must be text (that a file can hold) or a whole number in every row"
        )
    known = pd.DataFrame({"person_id": people, column: values.astype(float)})
    known = known[known[column].notna()]
    stats = known.groupby("person_id")[column].agg(["mean", "count", "var"])
    if stats.empty:
        raise InvalidValueError(f"no person has a known {column} value")
    if isinstance(ear_mg, pd.Series):
        ears = pd.to_numeric(ear_mg.reindex(stats.index), errors="coerce")
        if ears.isna().any():
            absent = ears.index[ears.isna()].tolist()
            raise InvalidValueError(f"ear_mg has no value for person_id {absent[:10]}")
        for person, ear in ears.items():
            _mg(f"ear_mg[{person!r}]", ear)
    else:
        ears = pd.Series(_mg("ear_mg", ear_mg), index=stats.index)
    means = stats["mean"]
    sd_between: float | None = None
    sd_within: float | None = None
    if adjust_within_person:
        multi = stats[stats["count"] >= 2]
        if len(stats) < 2 or multi.empty:
            raise InvalidValueError(
                "the within-person adjustment needs at least two people and some person "
                "with two or more known days"
            )
        within_var = float(((multi["count"] - 1) * multi["var"]).sum() / (multi["count"] - 1).sum())
        between_var = max(float(means.var()) - within_var / float(stats["count"].mean()), 0.0)
        shrink = np.sqrt(between_var / (between_var + within_var / stats["count"]))
        shrink = shrink.fillna(1.0)  # both variances 0: nothing to shrink
        means = means.mean() + (means - means.mean()) * shrink
        sd_between, sd_within = math.sqrt(between_var), math.sqrt(within_var)
    below = int((means < ears).sum())
    method = "share of people whose mean intake over their known days is below the EAR"
    if adjust_within_person:
        method += (
            "; means first shrunk toward the group mean by sqrt(s_b^2 / (s_b^2 + s_w^2/n)) "
            "(simple NRC/ISU-style within-person adjustment, not the full Nusser/ISU method)"
        )
    return PrevalenceResult(
        prevalence=below / len(means),
        n_people=len(means),
        n_below=below,
        adjusted=adjust_within_person,
        sd_between_mg=sd_between,
        sd_within_mg=sd_within,
        method=method,
        caveats=_CUT_POINT_CAVEATS,
    )
