"""The calcium:magnesium intake ratio, the ranges it is judged against, and its flag.

The ratio is calcium over magnesium, **by mass** (mg Ca per mg Mg) unless the molar
basis is asked for. It is flagged ``"below"``, ``"within"`` or ``"above"`` a stated
range, inclusive at both ends, or ``"indeterminate"`` when it cannot be known:
magnesium zero or unknown, calcium unknown, or the intake's coverage (the share of
logged grams whose values are known) below ``min_coverage``. An unknown is never
turned into a number.

Ranges
------
``"default"``, 2.2–3.2 by mass
    The range this project is asked to flag. **UNVERIFIED: no source found** for it;
    it resembles a span implied by the calcium and magnesium RDAs, but that span is
    wider (2.4–3.8 for adults). Kept as the default because it is what was asked
    for; prefer ``"costello2021"`` where a citable range matters.
``"costello2021"``, 1.70–2.60 by mass
    The optimum proposed in a peer-reviewed review [1]_: above 2.60 may impair
    magnesium status, below 1.70 high magnesium intake could be adverse.
Custom
    ``range=(low, high)``, or a :class:`RatioRange`.

Mass and molar
--------------
molar ratio = mass ratio × M(Mg) / M(Ca) = mass ratio × 24.305 / 40.078
(≈ 0.60644; the notes print 0.60645, from Mg = 24.3051) [2]_. A range is stated on a
basis (the presets by mass); with ``basis="molar"`` both the ratio and the range are
converted, so the flag never depends on the basis. A ``(low, high)`` tuple is taken
to be stated on the basis asked for.

Boundaries
----------
Ratios are compared with the range bounds with a relative tolerance of 1e-9
(:data:`RELATIVE_TOLERANCE`), so that a ratio that is the bound in decimal arithmetic
(660 mg / 300 mg = 2.2; 2.2 × 0.60644... on the molar basis) is ``"within"`` even
when binary floating point lands one unit in the last place outside it.

References
----------
.. [1] Costello RB, Rosanoff A, Dai Q, Saldanha LG, Potischman NA. Perspective:
   Characterization of dietary supplements containing calcium and magnesium and
   their respective ratio—is a rising ratio a cause for concern? *Adv Nutr*
   2021;12(2):291–297. :doi:`10.1093/advances/nmaa160`
.. [2] IUPAC standard atomic weights, Mg 24.305 and Ca 40.078 [g/mol];
   ``nutrition-science.md`` §4 and §6.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mgcalc._schemas import StorableText
from mgcalc._values import INT8_CODES as _I8
from mgcalc._values import real_number
from mgcalc.errors import InvalidValueError, UnitError, UnknownOptionError
from mgcalc.units import (
    CALCIUM_MOLAR_MASS_G_PER_MOL,
    MAGNESIUM_MOLAR_MASS_G_PER_MOL,
    dimension_of,
    parse_quantity,
)

if TYPE_CHECKING:
    import pint

__all__ = [
    "MOLAR_PER_MASS_RATIO",
    "RATIO_FLAGS",
    "RATIO_RANGES",
    "RELATIVE_TOLERANCE",
    "Basis",
    "RangeLike",
    "RatioFlag",
    "RatioRange",
    "RatioResult",
    "calcium_magnesium_ratio",
    "ratio_codes",
    "ratio_flags",
    "resolve_range",
]

Basis: TypeAlias = Literal["mass", "molar"]
"""The basis a ratio is stated on: mg/mg (``"mass"``) or mmol/mmol (``"molar"``)."""

RatioFlag: TypeAlias = Literal["below", "within", "above", "indeterminate"]
"""Where a ratio lies relative to a range, or ``"indeterminate"`` when it cannot be known."""

RATIO_FLAGS: Final[tuple[RatioFlag, ...]] = ("below", "within", "above", "indeterminate")
"""The flags, in order: also the categories of :func:`ratio_flags`' ``ratio_flag`` column."""

MOLAR_PER_MASS_RATIO: Final = MAGNESIUM_MOLAR_MASS_G_PER_MOL / CALCIUM_MOLAR_MASS_G_PER_MOL
"""Molar Ca:Mg ratio per unit of mass ratio: 24.305 / 40.078 ≈ 0.60644 [(mol/mol)/(g/g)]."""

RELATIVE_TOLERANCE: Final = 1e-9
"""Relative tolerance of the comparison of a ratio with the bounds of a range."""

_BASES: Final = ("mass", "molar")


class RatioRange(BaseModel):
    """A range of Ca:Mg ratios considered desirable, with its source.

    Attributes
    ----------
    low, high : float
        The bounds, both inclusive [Ca per Mg, on ``basis``].
    name : str
        Short key (``"costello2021"``) or ``"custom"``.
    basis : {"mass", "molar"}
        The basis the bounds are stated on.
    source : str
        Where the range comes from (citation with DOI), or ``"user-supplied"``.
    description : str
        What the range means, and how trustworthy it is.

    Raises
    ------
    ValueError
        If ``low > high`` or a bound is negative or not finite (pydantic's
        ``ValidationError`` is a ``ValueError``).

    Examples
    --------
    >>> RatioRange(low=2.0, high=2.5).to_basis("molar").high.__round__(4)
    1.5161
    """

    model_config = ConfigDict(frozen=True)

    low: float = Field(ge=0, allow_inf_nan=False)
    high: float = Field(ge=0, allow_inf_nan=False)
    name: StorableText = "custom"
    basis: Basis = "mass"
    source: StorableText = "user-supplied"
    description: StorableText = ""

    @model_validator(mode="after")
    def _low_not_above_high(self) -> RatioRange:
        if self.low > self.high:
            raise InvalidValueError(
                f"the range's low bound {self.low} is above its high bound {self.high}"
            )
        return self

    def to_basis(self, basis: Basis) -> RatioRange:
        """The same range stated on ``basis`` (bounds × or ÷ :data:`MOLAR_PER_MASS_RATIO`)."""
        if basis not in _BASES:
            raise UnknownOptionError("basis", basis, _BASES)
        if basis == self.basis:
            return self
        factor = MOLAR_PER_MASS_RATIO if basis == "molar" else 1 / MOLAR_PER_MASS_RATIO
        return self.model_copy(
            update={"low": self.low * factor, "high": self.high * factor, "basis": basis}
        )


_COSTELLO_2021: Final = (
    "Costello RB, Rosanoff A, Dai Q, Saldanha LG, Potischman NA. Adv Nutr 2021;12(2):291-297, "
    "doi:10.1093/advances/nmaa160"
)

RATIO_RANGES: Final[Mapping[str, RatioRange]] = MappingProxyType(
    {
        "default": RatioRange(
            low=2.2,
            high=3.2,
            name="default",
            source="UNVERIFIED: no source found (the range this project is asked to flag)",
            description=(
                "Ca:Mg 2.2-3.2 by mass, the bone-health range as commonly quoted. UNVERIFIED: "
                "no published source was found for it; the span implied by adult Ca and Mg "
                "RDAs is wider (2.4-3.8). Prefer 'costello2021' where a citable range matters."
            ),
        ),
        "costello2021": RatioRange(
            low=1.70,
            high=2.60,
            name="costello2021",
            source=_COSTELLO_2021,
            description=(
                "Proposed optimum Ca:Mg 1.70-2.60 by weight (weight to weight): above 2.60 "
                "may impair magnesium status; below 1.70 high magnesium intake could be "
                "adverse. Defined for dietary intake."
            ),
        ),
    }
)
"""The named ranges: ``"default"`` (2.2–3.2, unverified) and ``"costello2021"`` (1.70–2.60)."""

RangeLike: TypeAlias = str | tuple[float, float] | RatioRange
"""A range key, a ``(low, high)`` tuple (on the basis asked for) or a :class:`RatioRange`."""


class RatioResult(BaseModel):
    """A Ca:Mg ratio and its flag against a range.

    Attributes
    ----------
    value : float or None
        Calcium per magnesium on ``basis`` [mg/mg or mmol/mmol]; None when indeterminate.
    flag : {"below", "within", "above", "indeterminate"}
        Where ``value`` lies relative to ``range`` (bounds inclusive).
    range : RatioRange
        The range used, stated on ``basis``.
    basis : {"mass", "molar"}
        The basis of ``value`` and ``range``.
    reason : str or None
        Why the ratio is indeterminate, else None.
    calcium_mg, magnesium_mg : float or None
        The intakes the ratio was computed from [mg]; None when unknown.
    coverage : float or None
        The coverage given (share of intake whose values are known) [0-1], if any.
    """

    model_config = ConfigDict(frozen=True)

    value: float | None
    flag: RatioFlag
    range: RatioRange
    basis: Basis = "mass"
    reason: str | None = None
    calcium_mg: float | None = None
    magnesium_mg: float | None = None
    coverage: float | None = None

    def _repr_html_(self) -> str:
        """Compact HTML for Jupyter."""
        from mgcalc._hooks import render

        return render("ratio", self)


def resolve_range(range: RangeLike = "default", basis: Basis = "mass") -> RatioRange:
    """Turn a range key, tuple or :class:`RatioRange` into a :class:`RatioRange` on ``basis``.

    Parameters
    ----------
    range
        ``"default"``, ``"costello2021"``, ``(low, high)`` (stated on ``basis``) or a
        :class:`RatioRange` (stated on its own basis, converted).
    basis
        ``"mass"`` or ``"molar"``.

    Returns
    -------
    RatioRange
        The range, stated on ``basis``.

    Raises
    ------
    UnknownOptionError
        If ``range`` is an unknown key or ``basis`` is not ``"mass"``/``"molar"``.
    InvalidValueError
        If a tuple's low bound is above its high bound, or a bound is negative or not a
        finite number.
    """
    if basis not in _BASES:
        raise UnknownOptionError("basis", basis, _BASES)
    if isinstance(range, RatioRange):
        return range.to_basis(basis)
    if isinstance(range, str):
        preset = RATIO_RANGES.get(range)
        if preset is None:
            raise UnknownOptionError("range", range, tuple(RATIO_RANGES))
        return preset.to_basis(basis)
    if isinstance(range, tuple) and len(range) == 2:
        low, high = range
        try:
            return RatioRange(low=low, high=high, basis=basis)
        except ValidationError as exc:
            problems = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
            raise InvalidValueError(f"range={range!r} is not a valid range: {problems}") from exc
    raise UnknownOptionError("range", range, (*RATIO_RANGES, "(low, high)", "RatioRange"))


def _classify(ratio: npt.NDArray[np.float64], low: float, high: float) -> npt.NDArray[np.int8]:
    """Codes into :data:`RATIO_FLAGS` for ratios (NaN -> indeterminate), bounds inclusive."""
    below = ratio < low * (1 - RELATIVE_TOLERANCE)  # NaN compares False, silently
    above = ratio > high * (1 + RELATIVE_TOLERANCE)
    codes: npt.NDArray[np.int8] = np.where(
        np.isnan(ratio), _I8[3], np.where(below, _I8[0], np.where(above, _I8[2], _I8[1]))
    )
    return codes


def _element_mg(value: Any, element: Literal["calcium", "magnesium"]) -> float:
    """An intake as a float [mg]: Quantity or text (mass, mmol or mEq), or a float in mg.

    NaN (unknown) for None and NaN. Raises ValueError for a negative amount.
    """
    if value is None:
        return math.nan
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        milligrams = float(value)
    else:
        quantity = parse_quantity(value, what=f"a {element} amount")
        molar_mass = (
            CALCIUM_MOLAR_MASS_G_PER_MOL if element == "calcium" else MAGNESIUM_MOLAR_MASS_G_PER_MOL
        )
        kind = dimension_of(quantity)
        if kind == "mass":
            milligrams = float(quantity.m_as("mg"))
        elif kind == "substance":
            milligrams = float(quantity.m_as("mmol")) * molar_mass
        elif kind == "equivalent":  # both ions are divalent: 1 mmol = 2 mEq
            milligrams = float(quantity.m_as("mEq")) / 2 * molar_mass
        else:
            raise UnitError(str(value), f"a {element} mass (mg, g), mmol or mEq")
    if milligrams < 0:
        raise InvalidValueError(f"{element} intake must not be negative, got {milligrams} mg")
    if math.isinf(milligrams):
        raise InvalidValueError(f"{element} intake must be a finite number, got {value!r}")
    return milligrams


def _check_min_coverage(min_coverage: float) -> None:
    real_number(min_coverage, "min_coverage", low=0.0, high=1.0)


def calcium_magnesium_ratio(
    calcium: pint.Quantity[Any] | str | float | None,
    magnesium: pint.Quantity[Any] | str | float | None,
    range: RangeLike = "default",  # the project's keyword (DESIGN)
    basis: Basis = "mass",
    coverage: float | None = None,
    min_coverage: float = 0.9,
) -> RatioResult:
    """The calcium:magnesium ratio of an intake, flagged against a range.

    Parameters
    ----------
    calcium
        Calcium intake: a Quantity or text (``"900 mg"``, ``"22 mmol"``), or a
        float [mg]. None or NaN means unknown.
    magnesium
        Magnesium intake, as ``calcium`` [mg].
    range
        ``"default"`` (2.2–3.2, unverified), ``"costello2021"`` (1.70–2.60),
        ``(low, high)`` on ``basis``, or a :class:`RatioRange`.
    basis
        ``"mass"`` (mg Ca per mg Mg, the default) or ``"molar"`` (mmol per mmol).
        The range is converted to the same basis.
    coverage
        Share of the intake whose values are known [0-1]; None to skip the check.
    min_coverage
        Below this coverage the ratio is ``"indeterminate"`` [0-1].

    Returns
    -------
    RatioResult
        The ratio (None when indeterminate), its flag, the range on ``basis`` and,
        when indeterminate, the reason.

    Raises
    ------
    UnknownOptionError
        If ``range`` or ``basis`` is not a valid key.
    UnitError
        If an intake is not a mass, an amount of substance or equivalents.
    ValueError
        If an intake is negative, ``min_coverage`` is outside 0–1, or a custom range
        has low > high.

    Notes
    -----
    Bounds are inclusive and compared with a relative tolerance of 1e-9; the molar
    ratio is the mass ratio × 24.305/40.078. Calcium zero with magnesium known gives
    0.0 (``"below"``), not indeterminate.

    References
    ----------
    .. [1] Costello RB et al. *Adv Nutr* 2021;12(2):291–297. :doi:`10.1093/advances/nmaa160`

    Examples
    --------
    >>> from mgcalc.units import Q_
    >>> result = calcium_magnesium_ratio(Q_(900, "mg"), Q_(300, "mg"))
    >>> result.value, result.flag
    (3.0, 'within')
    >>> calcium_magnesium_ratio("900 mg", "300 mg", range="costello2021").flag
    'above'
    >>> calcium_magnesium_ratio(900, 0).reason
    'magnesium is zero'
    """
    _check_min_coverage(min_coverage)
    bounds = resolve_range(range, basis)
    calcium_mg = _element_mg(calcium, "calcium")
    magnesium_mg = _element_mg(magnesium, "magnesium")
    if coverage is not None and not (isinstance(coverage, float) and math.isnan(coverage)):
        coverage = real_number(coverage, "coverage", low=0.0, high=1.0)
    ratio = _ratio_array(np.array([calcium_mg]), np.array([magnesium_mg]), basis)
    reason: str | None = None
    if math.isnan(magnesium_mg):
        reason = "magnesium unknown"
    elif magnesium_mg == 0:
        reason = "magnesium is zero"
    elif math.isnan(calcium_mg):
        reason = "calcium unknown"
    elif coverage is not None and math.isnan(coverage):
        reason = "coverage unknown"
    elif coverage is not None and coverage < min_coverage:
        reason = f"coverage {coverage:.2f} is below the minimum {min_coverage:.2f}"
    if reason is not None:
        ratio[:] = np.nan
    code = int(_classify(ratio, bounds.low, bounds.high)[0])
    value = None if reason is not None else float(ratio[0])
    return RatioResult(
        value=value,
        flag=RATIO_FLAGS[code],
        range=bounds,
        basis=basis,
        reason=reason,
        calcium_mg=None if math.isnan(calcium_mg) else calcium_mg,
        magnesium_mg=None if math.isnan(magnesium_mg) else magnesium_mg,
        coverage=coverage,
    )


def _ratio_array(
    calcium_mg: npt.NDArray[np.float64],
    magnesium_mg: npt.NDArray[np.float64],
    basis: Basis,
    covered: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.float64]:
    """Ca/Mg on ``basis``; NaN where magnesium is zero or either value is unknown, and
    where ``covered`` (if given) is False."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = calcium_mg / np.where(magnesium_mg > 0, magnesium_mg, np.nan)
    usable = np.isfinite(ratio) if covered is None else np.isfinite(ratio) & covered
    ratio = np.where(usable, ratio, np.nan)
    if basis == "molar":
        ratio = ratio * MOLAR_PER_MASS_RATIO
    return np.asarray(ratio, dtype=np.float64)


def ratio_codes(
    calcium_mg: npt.NDArray[np.float64],
    magnesium_mg: npt.NDArray[np.float64],
    bounds: RatioRange,
    coverage: npt.NDArray[np.float64] | None = None,
    min_coverage: float = 0.9,
    basis: Basis = "mass",
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]]:
    """The array core of :func:`ratio_flags`: ratios and codes into :data:`RATIO_FLAGS`.

    Intakes [mg] are unknown where NaN; a ratio whose coverage is below ``min_coverage``
    (or NaN) is NaN and indeterminate. ``bounds`` must be on ``basis``.
    """
    # NaN coverage compares False, silently: indeterminate
    covered = None if coverage is None else np.asarray(coverage, np.float64) >= min_coverage
    ratio = _ratio_array(
        np.asarray(calcium_mg, dtype=np.float64), np.asarray(magnesium_mg, dtype=np.float64),
        basis, covered,
    )  # fmt: skip
    return ratio, _classify(ratio, bounds.low, bounds.high)


def ratio_flags(
    calcium_mg: pd.Series,
    magnesium_mg: pd.Series,
    range: RangeLike = "default",  # the project's keyword (DESIGN)
    coverage: pd.Series | None = None,
    min_coverage: float = 0.9,
    basis: Basis = "mass",
) -> pd.DataFrame:
    """Ca:Mg ratios and flags for whole columns (per day, per person ...).

    Parameters
    ----------
    calcium_mg
        Calcium intakes [mg]; NaN means unknown.
    magnesium_mg
        Magnesium intakes [mg], with the same index; NaN means unknown.
    range
        As in :func:`calcium_magnesium_ratio`.
    coverage
        Share of each intake whose values are known [0-1], same index; None to skip.
        NaN coverage makes the row indeterminate.
    min_coverage
        Below this coverage the row is ``"indeterminate"`` [0-1].
    basis
        ``"mass"`` or ``"molar"``; the range is converted to it.

    Returns
    -------
    pandas.DataFrame
        Same index as ``calcium_mg``; ``ca_mg_ratio`` (float, NaN where
        indeterminate) [mg/mg or mmol/mmol] and ``ratio_flag`` (categorical with
        the categories of :data:`RATIO_FLAGS`).

    Raises
    ------
    ValueError
        If the indexes differ, an intake is negative, or ``min_coverage`` is outside 0–1.
    UnknownOptionError
        If ``range`` or ``basis`` is not a valid key.

    Notes
    -----
    Pure column arithmetic (no Python per row); gives element-wise the same values
    and flags as :func:`calcium_magnesium_ratio`.

    Examples
    --------
    >>> out = ratio_flags(pd.Series([900.0, 660.0, 1200.0]), pd.Series([300.0, 300.0, 0.0]))
    >>> out["ratio_flag"].tolist()
    ['within', 'within', 'indeterminate']
    """
    _check_min_coverage(min_coverage)
    bounds = resolve_range(range, basis)
    columns = {"calcium_mg": calcium_mg, "magnesium_mg": magnesium_mg, "coverage": coverage}
    arrays: dict[str, npt.NDArray[np.float64]] = {}
    for name, column in columns.items():
        if column is None:
            continue
        if not isinstance(column, pd.Series):
            raise InvalidValueError(f"{name} must be a pandas Series, not {type(column).__name__}")
        if not column.index.equals(calcium_mg.index):
            raise InvalidValueError(f"{name} must have the same index as calcium_mg")
        try:
            arrays[name] = column.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError) as exc:
            raise InvalidValueError(f"{name} must hold numbers (NaN where unknown)") from exc
    calcium, magnesium = arrays["calcium_mg"], arrays["magnesium_mg"]
    with np.errstate(invalid="ignore"):
        bad = (calcium < 0) | (magnesium < 0) | np.isinf(calcium) | np.isinf(magnesium)
    if bad.any():
        rows = calcium_mg.index[bad].tolist()[:5]
        raise InvalidValueError(f"intakes must be finite and must not be negative; rows {rows}")
    ratio = _ratio_array(calcium, magnesium, basis)
    if coverage is not None:
        with np.errstate(invalid="ignore"):
            ratio = np.where(arrays["coverage"] >= min_coverage, ratio, np.nan)
    codes = _classify(ratio, bounds.low, bounds.high)
    flags = pd.Categorical.from_codes(codes, categories=pd.Index(RATIO_FLAGS))
    return pd.DataFrame({"ca_mg_ratio": ratio, "ratio_flag": flags}, index=calcium_mg.index)
