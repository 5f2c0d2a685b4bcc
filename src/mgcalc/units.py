"""The one unit registry of mgcalc, household measures, and magnesium mg <-> mmol <-> mEq.

Quantities from two pint registries cannot be combined, so mgcalc creates exactly
one, here, and exports it as ``mgcalc.ureg`` with its ``Q_`` constructor. Inside
the library numbers are plain floats in the unit their name says (``_mg``, ``_g``);
quantities appear at the public edges and are converted once with ``q.m_as(...)``.

References
----------
.. [1] IUPAC standard atomic weights: Mg 24.305, Ca 40.078 [g/mol]; see
   ``nutrition-science.md`` §4 "mg <-> mmol <-> mEq".
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from mgcalc.errors import UnitError

if TYPE_CHECKING:
    import pint

__all__ = [
    "CALCIUM_MOLAR_MASS_G_PER_MOL",
    "CALCIUM_VALENCE",
    "MAGNESIUM_MOLAR_MASS_G_PER_MOL",
    "MAGNESIUM_VALENCE",
    "Q_",
    "VITAMIN_D_IU_PER_UG",
    "Quantity",
    "dimension_of",
    "magnesium_mg",
    "parse_quantity",
    "quantity",
    "registry",
    "to_magnesium",
    "ureg",
]

MAGNESIUM_MOLAR_MASS_G_PER_MOL: Final = 24.305
"""Molar mass of magnesium [g/mol] (IUPAC; nutrition-science.md §4)."""

MAGNESIUM_VALENCE: Final = 2
"""Charge of the Mg²⁺ ion: 1 mmol = 2 mEq."""

CALCIUM_MOLAR_MASS_G_PER_MOL: Final = 40.078
"""Molar mass of calcium [g/mol] (IUPAC; nutrition-science.md §4)."""

CALCIUM_VALENCE: Final = 2
"""Charge of the Ca²⁺ ion: 1 mmol = 2 mEq (nutrition-science.md §4, mg <-> mmol <-> mEq)."""

VITAMIN_D_IU_PER_UG: Final = 40.0
"""International units of vitamin D in one microgram: 1 µg = 40 IU (nutrition-science.md
§2d). IU are a dimension of their own in :func:`registry`, converted only through this."""


def _scaled(factor: Any, divide: bool = False) -> Any:
    """A pint context transformation multiplying (or dividing) by ``factor``."""

    def transform(_registry: Any, value: Any, **_kwargs: Any) -> Any:
        return value / factor if divide else value * factor

    return transform


@cache
def registry() -> pint.UnitRegistry[Any]:
    """mgcalc's unit registry, built on first use (building one takes 0.2-0.5 s).

    It is the object exported as ``mgcalc.ureg``; ``mgcalc.Q_`` is its ``Quantity``. It
    becomes pint's application registry (where pickled quantities are unpickled) unless the
    program has already used pint's own registry or set another.
    """
    import pint  # imported on first use: a food analysis never needs it

    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(cache_folder=None)
    # Household and nutrition-label units. pint already defines cup (US, 236.6 ml),
    # tablespoon, teaspoon, fluid_ounce, ounce and pound; add the abbreviations people write.
    ureg.define("@alias tablespoon = Tbsp = tbs = Tbs")
    ureg.define("@alias teaspoon = Tsp")
    ureg.define("@alias fluid_ounce = fl_oz = floz")
    # Chemical equivalents: a dimension of its own, so that mEq never converts to
    # mmol except through a stated valence (the magnesium context below).
    ureg.define("equivalent = [equivalent] = Eq = eq")
    ureg.define("milliequivalent = 1e-3 * equivalent = mEq = meq")
    # International units: vitamin D's is 1/40 µg, but an IU is defined per substance, so
    # it is a dimension of its own that nothing converts to implicitly.
    ureg.define("international_unit = [international_unit] = IU = iu")

    magnesium = pint.Context("magnesium")
    mg_per_mol = MAGNESIUM_MOLAR_MASS_G_PER_MOL * ureg.gram / ureg.mole
    eq_per_mol = MAGNESIUM_VALENCE * ureg.equivalent / ureg.mole
    eq_to_mass = mg_per_mol / eq_per_mol
    for source, target, transform in (
        ("[substance]", "[mass]", _scaled(mg_per_mol)),
        ("[mass]", "[substance]", _scaled(mg_per_mol, divide=True)),
        ("[equivalent]", "[substance]", _scaled(eq_per_mol, divide=True)),
        ("[substance]", "[equivalent]", _scaled(eq_per_mol)),
        ("[equivalent]", "[mass]", _scaled(eq_to_mass)),
        ("[mass]", "[equivalent]", _scaled(eq_to_mass, divide=True)),
    ):
        magnesium.add_transformation(source, target, transform)
    ureg.add_context(magnesium)
    # pint unpickles every quantity into its application registry: unless the program
    # already uses pint's own (or chose one), make it this one, so that a dose in mEq or an
    # error that carries one comes back from a Dask worker or another process.
    application = pint.get_application_registry()  # type: ignore[no-untyped-call]
    if type(application.get()).__name__ == "LazyRegistry":
        pint.set_application_registry(ureg)  # type: ignore[no-untyped-call]
    return ureg


def quantity(value: Any, unit: str | None = None) -> pint.Quantity[Any]:
    """A quantity in mgcalc's registry: ``quantity(200, "mg")`` (the same as ``Q_``)."""
    return registry().Quantity(value, unit) if unit is not None else registry().Quantity(value)


if TYPE_CHECKING:
    ureg: pint.UnitRegistry[Any]
    """mgcalc's unit registry. Use it (or :data:`Q_`) for every quantity passed to mgcalc."""

    Q_ = pint.Quantity
    """Build a quantity in mgcalc's registry: ``Q_(200, "mg")`` or ``Q_("200 mg")``."""

    Quantity = pint.Quantity
    """The quantity type, for annotations."""


def __getattr__(name: str) -> Any:
    # ``ureg`` and ``Q_`` are served on first use, so importing mgcalc builds no registry.
    if name == "ureg":
        return registry()
    if name == "Q_":
        return registry().Quantity
    if name == "Quantity":
        import pint

        return pint.Quantity
    raise AttributeError(f"module 'mgcalc.units' has no attribute {name!r}")


"""The quantity type, for annotations."""

_UNICODE_FRACTIONS: Final = {
    "½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5",
    "⅛": "1/8", "⅜": "3/8", "⅝": "5/8", "⅞": "7/8", "⅙": "1/6",
}  # fmt: skip
_MIXED = re.compile(r"^\s*(\d+)\s+(\d+)\s*/\s*(\d+)")
_FRACTION = re.compile(r"^\s*(\d+)\s*/\s*(\d+)")


def _expand_fractions(text: str) -> str:
    """Write unicode and mixed fractions as decimals: ``"1 ½ cup"`` -> ``"1.5 cup"``."""
    for symbol, ascii_fraction in _UNICODE_FRACTIONS.items():
        text = re.sub(rf"(\d)\s*{symbol}", rf"\1 {ascii_fraction}", text)
        text = text.replace(symbol, ascii_fraction)
    mixed = _MIXED.match(text)
    if mixed:
        whole, num, den = (int(g) for g in mixed.groups())
        value = whole + num / den if den else math.inf
        return f"{value:g}{text[mixed.end() :]}"
    fraction = _FRACTION.match(text)
    if fraction:
        num, den = (int(g) for g in fraction.groups())
        value = num / den if den else math.inf
        return f"{value:g}{text[fraction.end() :]}"
    return text


def _is_quantity(value: object) -> bool:
    """Whether ``value`` is a pint Quantity (checked without importing pint)."""
    return type(value).__module__.split(".", 1)[0] == "pint" and hasattr(value, "_REGISTRY")


def parse_quantity(value: Any, *, what: str = "a quantity") -> pint.Quantity[Any]:
    """Turn ``"200 mg"``, ``"1 1/2 cup"``, ``"½ tsp"`` or a Quantity into a Quantity.

    Parameters
    ----------
    value
        A :class:`pint.Quantity` of mgcalc's registry, or text such as ``"10 mmol"``.
    what
        What the value is, for the error message.

    Returns
    -------
    pint.Quantity
        The quantity in mgcalc's registry.

    Raises
    ------
    UnitError
        If the text names no known unit, has no number, or the quantity belongs to
        another registry.
    """
    if _is_quantity(value):
        if value._REGISTRY is not registry():
            return quantity(value.magnitude, str(value.units))
        same: pint.Quantity[Any] = value
        return same
    if not isinstance(value, str):
        raise UnitError(repr(value), f"{what} as text such as '200 mg', or a pint Quantity")
    from mgcalc.errors import AmountError
    from mgcalc.parse import read_quantity

    if not value.strip():
        raise UnitError(value, f"{what} such as '200 mg'")
    try:
        number, unit = read_quantity(value)
    except AmountError as exc:
        raise UnitError(value, f"{what} with a finite number, such as '200 mg'") from exc
    except UnitError as exc:
        raise UnitError(value, f"{what} such as '200 mg'") from exc
    if not math.isfinite(number) or abs(number) > 1e15:
        raise UnitError(value, f"{what} with a number of at most 1e15, such as '200 mg'")
    magnitude: float | int = int(number) if number.is_integer() else number  # as pint reads it
    if unit is None:
        return quantity(magnitude)
    try:
        ureg = registry()
        return ureg.Quantity(magnitude, ureg.Unit(unit))  # one unit name: never an expression
    except (LookupError, ValueError, AttributeError) as exc:  # pint's UndefinedUnitError
        raise UnitError(value, f"{what} with a known unit (mg, g, oz, cup, mmol, ...)") from exc


def dimension_of(quantity: pint.Quantity[Any]) -> str:
    """Name the kind of a quantity: ``"mass"``, ``"volume"``, ``"substance"``, ``"equivalent"``,
    ``"international_unit"``, ``"count"`` (dimensionless) or ``"other"``."""
    dims = quantity.dimensionality
    ureg = registry()
    if dims == ureg.gram.dimensionality:
        return "mass"
    if dims == ureg.liter.dimensionality:
        return "volume"
    if dims == ureg.mole.dimensionality:
        return "substance"
    if dims == ureg.equivalent.dimensionality:
        return "equivalent"
    if dims == ureg.international_unit.dimensionality:
        return "international_unit"
    if quantity.dimensionless:
        return "count"
    return "other"


def magnesium_mg(value: Any) -> float:
    """Elemental magnesium in mg from a mass, an amount of substance or equivalents.

    Parameters
    ----------
    value
        ``"10 mmol"``, ``"20 mEq"``, ``"0.3 g"`` or a Quantity of one of these kinds.

    Returns
    -------
    float
        Magnesium [mg]; 1 mmol = 24.305 mg and 1 mEq = 12.1525 mg.

    Raises
    ------
    UnitError
        If the quantity is not a mass, substance or equivalent amount.

    Examples
    --------
    >>> round(magnesium_mg("10 mmol"), 2), round(magnesium_mg("20 mEq"), 2)
    (243.05, 243.05)
    """
    quantity = parse_quantity(value, what="a magnesium amount")
    if dimension_of(quantity) not in {"mass", "substance", "equivalent"}:
        raise UnitError(str(value), "a mass (mg, g), an amount of substance (mmol) or mEq")
    if quantity.magnitude < 0:
        raise UnitError(str(value), "an amount of magnesium of zero or more")
    milligrams = float(quantity.to("mg", "magnesium").magnitude)
    if not math.isfinite(milligrams):
        raise UnitError(str(value), "a finite amount of magnesium")
    return milligrams


def to_magnesium(value: Any, unit: str) -> pint.Quantity[Any]:
    """Convert a magnesium amount to ``unit`` (``"mg"``, ``"mmol"``, ``"mEq"``, ...).

    Examples
    --------
    >>> to_magnesium("420 mg", "mmol").to("mmol").magnitude.__round__(2)
    17.28
    """
    milligrams = magnesium_mg(value)
    if not isinstance(unit, str):
        raise UnitError(repr(unit), "mg, g, mmol or mEq")
    target = parse_quantity(f"1 {unit}", what="a target unit")
    if dimension_of(target) not in {"mass", "substance", "equivalent"}:
        raise UnitError(unit, "mg, g, mmol or mEq")
    return quantity(milligrams, "mg").to(target.units, "magnesium")  # "MG" is mg, not megagauss
