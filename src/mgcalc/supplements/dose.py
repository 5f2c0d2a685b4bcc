"""A supplement dose, per nutrient: the magnesium, calcium and vitamin D one product provides.

A dose says what one unit (tablet, capsule, scoop) of a product provides and how many units
are taken a day. Its nutrients come from one of three places, never from a guess:

* an **amount** of one nutrient (``amount="250 mg"``), which nutrient being said by
  ``nutrient=``, by ``form=``, or by the product's name ("Magnesium glycinate", "Calcium
  carbonate", "Vitamin D3"); a compound weight is turned into the element by the compound's
  elemental fraction (:mod:`mgcalc.supplements.forms`);
* **declared amounts** per unit (``magnesium_mg=``, ``calcium_mg=``, ``vitamin_d_ug=``), as
  a Supplement Facts panel or an app export gives them;
* a **label** read by :func:`mgcalc.supplements.parse_label`, which fills the two above.

A product that declares no magnesium adds none: "zinc 25 mg" names zinc, a nutrient mgcalc
does not track, and provides no magnesium, calcium or vitamin D (it is kept, with its name
in :attr:`SupplementDose.untracked`). A name that names nothing mgcalc knows is refused
rather than taken for magnesium.

References
----------
.. [1] FDA, *Dietary Supplement Labeling Guide* (21 CFR 101.36(d), 101.4(g)): "Calcium (as
   calcium carbonate)" names the source of the declared dietary ingredient.
.. [2] ``nutrition-science.md`` §2d (1 µg vitamin D = 40 IU), §4 and §4b (formula masses;
   mg <-> mmol <-> mEq for Mg²⁺ and Ca²⁺).
"""

from __future__ import annotations

import contextlib
import math
import numbers
from typing import Annotated, Any, Final, Literal, get_args

import pint
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from mgcalc._schemas import StorableText, storable
from mgcalc.defaults import MAX_DOSE_MG
from mgcalc.errors import DoseError, UnitError, UnknownFormError, UnknownOptionError
from mgcalc.supplements._names import read_names
from mgcalc.supplements.forms import SupplementForm, find_form, known_forms, normalise
from mgcalc.units import (
    CALCIUM_MOLAR_MASS_G_PER_MOL,
    CALCIUM_VALENCE,
    MAGNESIUM_MOLAR_MASS_G_PER_MOL,
    MAGNESIUM_VALENCE,
    VITAMIN_D_IU_PER_UG,
    dimension_of,
    parse_quantity,
)
from mgcalc.units import quantity as make_quantity

__all__ = [
    "DOSE_NUTRIENTS",
    "NUTRIENT_COLUMNS",
    "Basis",
    "DoseAmount",
    "DoseNutrient",
    "DoseSource",
    "MagnesiumAmount",
    "SupplementDose",
    "elemental_amount",
    "elemental_calcium",
    "elemental_magnesium",
]

Basis = Literal["elemental", "compound"]
"""What a mass amount weighs: the element itself, or the whole compound."""

DoseSource = Literal["supplement", "medication"]
"""Ledger source of a dose; antacids and laxatives are ``"medication"``. Both count
towards the magnesium UL, which covers magnesium from pharmacological agents."""

DoseNutrient = Literal["magnesium", "calcium", "vitamin_d"]
"""A nutrient a dose may provide and mgcalc follows."""

DOSE_NUTRIENTS: Final[tuple[DoseNutrient, ...]] = ("magnesium", "calcium", "vitamin_d")
"""The nutrients of a dose, in ledger order."""

NUTRIENT_COLUMNS: Final[dict[DoseNutrient, str]] = {
    "magnesium": "magnesium_mg",
    "calcium": "calcium_mg",
    "vitamin_d": "vitamin_d_ug",
}
"""Each nutrient's column (and :class:`SupplementDose` field): [mg], [mg], [µg]."""

_UNIT: Final[dict[DoseNutrient, str]] = {"magnesium": "mg", "calcium": "mg", "vitamin_d": "µg"}
_WORDS: Final[dict[DoseNutrient, str]] = {
    "magnesium": "magnesium", "calcium": "calcium", "vitamin_d": "vitamin D",
}  # fmt: skip
_ION: Final[dict[str, tuple[float, int]]] = {
    "magnesium": (MAGNESIUM_MOLAR_MASS_G_PER_MOL, MAGNESIUM_VALENCE),
    "calcium": (CALCIUM_MOLAR_MASS_G_PER_MOL, CALCIUM_VALENCE),
}
"""Molar mass [g/mol] and charge of each ion: 1 mmol Mg²⁺ = 24.305 mg, 1 mEq = 12.1525 mg;
1 mmol Ca²⁺ = 40.078 mg, 1 mEq = 20.039 mg (nutrition-science.md §4)."""

_AMOUNT_KINDS: Final = frozenset({"mass", "substance", "equivalent", "international_unit"})
_ION_KINDS: Final = frozenset({"substance", "equivalent"})

_ION_MESSAGE: Final = (
    "a mass (mg, g) when basis='compound'; mmol and mEq count Mg2+ (or Ca2+) ions and are "
    "always elemental"
)
_AMOUNT_MESSAGE: Final = (
    "amount {amount} is not valid: give a mass (mg, g), mmol or mEq of magnesium or "
    "calcium, or µg or IU of vitamin D, as text such as '200 mg' or a pint Quantity "
    "(a single finite value >= 0)"
)


# ---------------------------------------------------------------------------
# Amounts
# ---------------------------------------------------------------------------


def _dose_amount(value: Any) -> pint.Quantity[Any]:
    """``value`` as a mass, mmol, mEq or IU Quantity with a finite, non-negative magnitude."""
    quantity = parse_quantity(value, what="a dose amount")
    if dimension_of(quantity) not in _AMOUNT_KINDS:
        raise UnitError(str(value), "a mass (mg, g), mmol, mEq or IU")
    magnitude = quantity.magnitude
    if not isinstance(magnitude, numbers.Real) or not math.isfinite(magnitude) or magnitude < 0:
        raise UnitError(str(value), "one finite, non-negative amount such as '200 mg'")
    if not _plausible(quantity):
        raise UnitError(str(value), _TOO_LARGE)
    return quantity


_MAX_MMOL: Final = MAX_DOSE_MG / MAGNESIUM_MOLAR_MASS_G_PER_MOL
"""The most mmol one amount may hold: :data:`~mgcalc.defaults.MAX_DOSE_MG` of magnesium,
the lighter element (of calcium, the day's limit then applies)."""

_MAX_VITAMIN_D_UG: Final = MAX_DOSE_MG * 1000.0
"""The most vitamin D one amount or day may hold [µg] (as the ledger's limit)."""

_TOO_LARGE: Final = (
    f"an amount of at most {MAX_DOSE_MG:,.0f} mg of magnesium or calcium "
    f"({MAX_DOSE_MG / 1000:g} g, {_MAX_MMOL:,.0f} mmol): more is beyond any product, a unit "
    "mix-up"
)


def _plausible(quantity: pint.Quantity[Any]) -> bool:
    """Whether an amount is within what any product holds (a larger one is a unit mix-up:
    "100 g" meant as mg)."""
    kind = dimension_of(quantity)
    try:
        if kind == "mass":
            return bool(quantity.m_as("mg") <= MAX_DOSE_MG)
        if kind == "substance":
            return bool(quantity.m_as("mmol") <= _MAX_MMOL)
        if kind == "equivalent":
            return bool(quantity.m_as("mEq") <= _MAX_MMOL * MAGNESIUM_VALENCE)
        return bool(quantity.m_as("IU") / VITAMIN_D_IU_PER_UG <= _MAX_VITAMIN_D_UG)
    except OverflowError:  # pragma: no cover - a finite magnitude scaled past a float
        return False


def _check_basis(basis: object) -> Basis | None:
    """``basis`` if it is a valid key or None, else :class:`UnknownOptionError`."""
    if basis is None:
        return None
    if basis == "elemental":
        return "elemental"
    if basis == "compound":
        return "compound"
    raise UnknownOptionError("basis", basis, get_args(Basis))


def _ion_amount(quantity: pint.Quantity[Any], element: str) -> float:
    """mmol or mEq of an ion as its mass [mg]."""
    molar_mass, valence = _ION[element]
    if dimension_of(quantity) == "equivalent":
        return float(quantity.m_as("mEq")) / valence * molar_mass
    return float(quantity.m_as("mmol")) * molar_mass


def elemental_amount(
    amount: str | pint.Quantity[Any],
    nutrient: DoseNutrient,
    form: str | SupplementForm | None = None,
    basis: Basis | None = None,
) -> float:
    """The element (or vitamin) in an amount of a supplement, as a number.

    Parameters
    ----------
    amount
        ``"500 mg"``, ``"1 g"``, ``"10 mmol"``, ``"20 mEq"``, ``"400 IU"``, ``"25 µg"`` or a
        Quantity of one of these kinds.
    nutrient
        ``"magnesium"``, ``"calcium"`` or ``"vitamin_d"``: what to count.
    form
        The compound (anything :func:`~mgcalc.supplements.find_form` accepts). A form of
        another element holds none of ``nutrient``.
    basis
        ``"compound"``: a mass is the weight of the compound, multiplied by its elemental
        fraction. ``"elemental"``: a mass is the form's element itself. ``None``:
        ``"compound"`` when a form is given and the amount is a mass, else ``"elemental"``.

    Returns
    -------
    float
        The nutrient [mg] (magnesium, calcium) or [µg] (vitamin D).

    Raises
    ------
    UnitError
        If the amount is not one of the kinds above, is negative or not finite, is in
        mmol/mEq with ``basis="compound"``, or is in IU for a mineral (or mmol for vitamin D).
    UnknownOptionError
        For an unknown ``basis`` or ``nutrient``, or a compound basis without a form.
    UnknownFormError
        If ``form`` is not a known compound.
    DoseError
        For a compound weight of a form with no fixed formula (magaldrate, "amino acid
        chelate", citrate malate, MCHC): only a declared elemental amount can be used.

    Notes
    -----
    Element = compound mass × ``n * M_element / M_compound``. mmol and mEq are amounts of the
    ion, whatever the form. Vitamin D: 1 µg = 40 IU (IOM 2011; ``nutrition-science.md``
    §2d).

    Examples
    --------
    >>> round(elemental_amount("1250 mg", "calcium", form="calcium carbonate"), 1)
    500.5
    >>> elemental_amount("1250 mg", "magnesium", form="calcium carbonate")
    0.0
    >>> elemental_amount("400 IU", "vitamin_d")
    10.0
    """
    if nutrient not in DOSE_NUTRIENTS:
        raise UnknownOptionError("nutrient", nutrient, DOSE_NUTRIENTS)
    quantity = _dose_amount(amount)
    chosen = _check_basis(basis)
    kind = dimension_of(quantity)
    compound = find_form(form) if form is not None else None
    if nutrient == "vitamin_d":
        if kind == "international_unit":
            return float(quantity.m_as("IU")) / VITAMIN_D_IU_PER_UG
        if kind != "mass" or chosen == "compound" or compound is not None:
            raise UnitError(str(amount), "vitamin D in µg, mcg or IU (1 µg = 40 IU)")
        return float(quantity.m_as("microgram"))
    if kind == "international_unit":
        raise UnitError(str(amount), f"{nutrient} in mg, g, mmol or mEq (IU are for vitamins)")
    share = 1.0 if compound is None or compound.element == nutrient else 0.0
    if kind in _ION_KINDS:
        if chosen == "compound":
            raise UnitError(str(amount), _ION_MESSAGE)
        return _ion_amount(quantity, compound.element if compound else nutrient) * share
    mass_mg = float(quantity.m_as("mg"))
    if chosen is None:
        chosen = "compound" if compound is not None else "elemental"
    if chosen == "elemental":
        return mass_mg * share
    if compound is None:
        raise UnknownOptionError("form", None, known_forms())
    fraction = compound.fraction(nutrient)
    if fraction is None:
        raise DoseError(compound.name, str(amount), _declared_only_problem(compound))
    return mass_mg * fraction


def _declared_only_problem(form: SupplementForm) -> str:
    return (
        f"{form.name} has no fixed formula, so its weight cannot be turned into "
        f"{form.element}: give the elemental {form.element} the label declares "
        "(basis='elemental')"
    )


def elemental_magnesium(
    amount: str | pint.Quantity[Any],
    form: str | SupplementForm | None = None,
    basis: Basis | None = None,
) -> pint.Quantity[Any]:
    """Elemental magnesium in an amount of a supplement.

    Parameters
    ----------
    amount
        ``"500 mg"``, ``"1 g"``, ``"10 mmol"``, ``"20 mEq"`` or a Quantity of one of these
        kinds [mg, g, mmol, mEq].
    form
        The compound (anything :func:`~mgcalc.supplements.find_form` accepts). Required for
        a compound mass. A calcium compound holds no magnesium (0 mg).
    basis
        ``"compound"``: a mass is the weight of the compound and is multiplied by its
        magnesium fraction. ``"elemental"``: a mass is already the form's element. ``None``
        (default): ``"compound"`` when a form is given and the amount is a mass, else
        ``"elemental"``.

    Returns
    -------
    pint.Quantity
        Elemental magnesium [mg].

    Raises
    ------
    UnitError
        If the amount is not a mass, mmol or mEq, is negative or not finite, or is in
        mmol/mEq with ``basis="compound"``.
    UnknownOptionError
        If ``basis`` is not ``"elemental"``, ``"compound"`` or None, or a compound basis is
        asked for without a form (the error lists the known forms).
    UnknownFormError
        If ``form`` is not a known compound.
    DoseError
        For the weight of a form with no fixed formula (magaldrate, amino acid chelate).

    Notes
    -----
    Elemental magnesium = compound mass x ``n_Mg * 24.305 / M``. Amounts in mmol or mEq are
    amounts of Mg²⁺: 1 mmol = 24.305 mg and 1 mEq = 12.1525 mg, whatever the magnesium form.
    This function is a converter: naming a form means "this much of that compound". A logged
    :class:`SupplementDose`, by contrast, asks for the basis rather than assuming it.

    References
    ----------
    .. [1] ``nutrition-science.md`` §4 (formula masses; mg <-> mmol <-> mEq).

    Examples
    --------
    >>> elemental_magnesium("500 mg", form="magnesium oxide").to("mg").magnitude.__round__(1)
    301.5
    >>> round(elemental_magnesium("1 g", form="citrate_anhydrous").m_as("mg"), 1)
    161.6
    >>> round(elemental_magnesium("10 mmol").m_as("mg"), 2)
    243.05
    >>> round(elemental_magnesium("20 mEq", form="oxide").m_as("mg"), 2)
    243.05
    >>> elemental_magnesium("250 mg", form="oxide", basis="elemental")
    <Quantity(250.0, 'milligram')>
    """
    quantity = _dose_amount(amount)
    if dimension_of(quantity) == "international_unit":
        raise UnitError(str(amount), "a mass (mg, g), mmol or mEq of magnesium")
    return make_quantity(elemental_amount(quantity, "magnesium", form, basis), "mg")


def elemental_calcium(
    amount: str | pint.Quantity[Any],
    form: str | SupplementForm | None = None,
    basis: Basis | None = None,
) -> pint.Quantity[Any]:
    """Elemental calcium in an amount of a supplement; as :func:`elemental_magnesium`.

    Amounts in mmol or mEq are amounts of Ca²⁺: 1 mmol = 40.078 mg, 1 mEq = 20.039 mg.
    A magnesium compound holds no calcium.

    Examples
    --------
    >>> round(elemental_calcium("1250 mg", form="calcium carbonate").m_as("mg"), 1)
    500.5
    >>> round(elemental_calcium("1 g", form="calcium citrate").m_as("mg"), 1)
    210.8
    >>> round(elemental_calcium("10 mmol").m_as("mg"), 2)
    400.78
    """
    quantity = _dose_amount(amount)
    if dimension_of(quantity) == "international_unit":
        raise UnitError(str(amount), "a mass (mg, g), mmol or mEq of calcium")
    return make_quantity(elemental_amount(quantity, "calcium", form, basis), "mg")


# ---------------------------------------------------------------------------
# A dose
# ---------------------------------------------------------------------------


def _validate_amount(value: Any) -> pint.Quantity[Any]:
    """Pydantic validator of :attr:`SupplementDose.amount`."""
    try:
        return _dose_amount(value)
    except UnitError as exc:
        raise PydanticCustomError(
            "magnesium_amount", _AMOUNT_MESSAGE, {"amount": repr(value)}
        ) from exc


def _shown(value: Any) -> str:
    """A value as a message shows it: as written, or escaped when it holds characters that
    cannot be encoded (a lone surrogate), which pydantic could not render."""
    text = str(value)
    return text if storable(text) else repr(text)


def _format_quantity(quantity: pint.Quantity[Any]) -> str:
    """``quantity(500, "mg")`` -> ``"500 mg"`` (parseable back by :func:`parse_quantity`)."""
    return f"{quantity:~}"


DoseAmount = Annotated[
    pint.Quantity[Any],
    PlainValidator(_validate_amount),
    PlainSerializer(_format_quantity, return_type=str),
    WithJsonSchema({"type": "string", "examples": ["250 mg", "1 g", "10 mmol", "400 IU"]}),
]
"""A dose amount: text or a Quantity in, a Quantity inside, ``"250 mg"`` in JSON."""

MagnesiumAmount = DoseAmount
"""The 0.1 name of :data:`DoseAmount`."""


def _is_iu(value: Any) -> bool:
    """Whether a raw amount is in IU (before validation; False when it cannot be read)."""
    try:
        return dimension_of(_dose_amount(value)) == "international_unit"
    except (UnitError, ValueError):
        return False


def _listing(names: list[str]) -> str:
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)


class SupplementDose(BaseModel):
    """One supplement or medication, taken every day at a stated rate, with the magnesium,
    calcium and vitamin D it provides.

    Parameters
    ----------
    product
        Free text: the product or label line (``"Nature's X Magnesium Citrate"``). When
        neither ``nutrient`` nor ``form`` is given, its name says what ``amount`` is of.
    form
        The compound, anything :func:`~mgcalc.supplements.find_form` accepts; stored as its
        ``form_id``. Read from ``product`` when that names one known compound.
    nutrient
        ``"magnesium"``, ``"calcium"`` or ``"vitamin_d"``: what ``amount`` is of. Read from
        ``form`` or ``product`` when not given; after validation None means ``amount`` is
        of a nutrient mgcalc does not track (``untracked``), or there is no amount.
    amount
        Amount per unit (tablet, capsule, scoop) as text or Quantity [mg, g, mmol, mEq;
        µg or IU for vitamin D].
    basis
        For a mass of magnesium or calcium: ``"elemental"`` (the element itself, as
        Supplement Facts declare) or ``"compound"`` (weight of the compound; needs a
        known form). Unused for mmol/mEq and vitamin D.
    units_per_serving
        Units taken at a time (> 0).
    servings_per_day
        Times a day (> 0; ``1/7`` for once a week).
    source
        ``"supplement"`` (default) or ``"medication"`` (antacids, laxatives).
    magnesium_mg, calcium_mg
        Declared elemental magnesium and calcium per unit [mg]; None: none declared.
    vitamin_d_ug
        Declared vitamin D per unit [µg] (1 µg = 40 IU); None: none declared.
    untracked
        Nutrients the product names that mgcalc does not follow (``("zinc",)``); read from
        ``product`` when not given.
    compound
        The compound the product names, as a lookup key (``"citrate"``, ``"calcium
        carbonate"``, ``"sulfate"``), known or not; read from ``product``.
    flags
        Notes on how the dose was read from a label (``"range_midpoint"``: "1-2 capsules"
        was read as 1.5).

    Notes
    -----
    Which nutrient ``amount`` is of: ``nutrient`` if given; else the element of ``form``;
    else what ``product`` names — exactly one of magnesium, calcium or vitamin D (or one of
    their compounds), or only nutrients mgcalc does not track (then it adds nothing);
    with no ``product`` at all, magnesium (the meaning of a dose in mgcalc 0.1). A product
    naming two nutrients, or none that mgcalc knows, is refused: the amount cannot be
    attributed without a guess. A declared amount (``calcium_mg=``) settles its nutrient,
    so "Cal-Mag" with ``calcium_mg=`` given has its ``amount`` in magnesium.

    The basis rule ("an unstated basis for a compound name is asked for, not guessed"):

    * mmol and mEq are amounts of the ion, always elemental; ``basis="compound"`` with them
      is an error.
    * A mass with ``basis="compound"`` needs a known form with a fixed formula; without one
      the error lists the known forms.
    * A mass with no basis is an error when a compound is named (by ``form`` or in
      ``product``: "Magnesium citrate 500 mg" may be 500 mg of citrate or 500 mg of
      magnesium, a threefold difference).
    * A mass with no basis and no compound named ("Magnesium 400 mg") is the element itself.

    Validation errors are :class:`pydantic.ValidationError` (a ``ValueError``) with error
    types ``unknown_form``, ``magnesium_amount``, ``basis_required``, ``form_required``,
    ``ion_basis``, ``declared_only``, ``nutrient_required``, ``nutrient_ambiguous``,
    ``nutrient_amount``, ``form_nutrient``, ``nutrient_twice`` and ``empty_dose``, so an
    app can report them field by field.

    Examples
    --------
    >>> dose = SupplementDose(form="magnesium glycinate", amount="200 mg", basis="elemental",
    ...                       units_per_serving=2)
    >>> dose.form, dose.magnesium_mg_per_day
    ('bisglycinate_anhydrous', 400.0)
    >>> round(SupplementDose(form="citrate", amount="1 g", basis="compound")
    ...       .magnesium_mg_per_day, 1)
    161.6
    >>> SupplementDose(amount="10 mmol", source="medication").magnesium_mg_per_day
    243.05
    >>> calcium = SupplementDose(product="calcium carbonate", amount="1250 mg", basis="compound")
    >>> round(calcium.calcium_mg_per_day, 1), calcium.magnesium_mg_per_day
    (500.5, 0.0)
    >>> zinc = SupplementDose(product="zinc", amount="25 mg")
    >>> zinc.untracked, zinc.magnesium_mg_per_day, zinc.declares("magnesium")
    (('zinc',), 0.0, False)
    """

    model_config = ConfigDict(frozen=True)

    product: StorableText | None = None
    form: str | None = None
    nutrient: DoseNutrient | None = None
    amount: DoseAmount | None = None
    basis: Basis | None = None
    units_per_serving: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    servings_per_day: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    source: DoseSource = "supplement"
    magnesium_mg: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    calcium_mg: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    vitamin_d_ug: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    untracked: tuple[str, ...] = ()
    compound: str | None = None
    flags: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _read_product(cls, data: Any) -> Any:
        """Fill ``nutrient``, ``form``, ``untracked`` and ``compound`` from the product's name
        (the rule of the class Notes)."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        product = data.get("product")
        names = read_names(product) if isinstance(product, str) else []
        if "untracked" not in data:
            data["untracked"] = tuple(dict.fromkeys(m.nutrient for m in names if not m.tracked))
        if data.get("nutrient") is not None or data.get("amount") is None:
            return data
        if data.get("form") is not None:
            with contextlib.suppress(UnknownFormError, TypeError):  # its validator says why
                data["nutrient"] = find_form(data["form"]).element
            return data
        iu = _is_iu(data["amount"])
        if not isinstance(product, str) or not product.strip():
            data["nutrient"] = "vitamin_d" if iu else "magnesium"
            return data
        declared = {n for n in DOSE_NUTRIENTS if data.get(NUTRIENT_COLUMNS[n]) is not None}
        named_tracked = list(dict.fromkeys(m.nutrient for m in names if m.tracked))
        # a declared amount settles its nutrient: "Cal-Mag" with calcium_mg= has its amount
        # in magnesium; "magnesium" with magnesium_mg= gives magnesium twice (refused below)
        tracked = [n for n in named_tracked if n not in declared] or named_tracked[:1]
        others = [m.nutrient for m in names if not m.tracked]
        if iu and "vitamin_d" in tracked:
            tracked = ["vitamin_d"]
        if len(tracked) + (len(set(others)) if tracked else 0) > 1:
            named = [_WORDS.get(n, n) for n in tracked] + list(dict.fromkeys(others))  # type: ignore[call-overload]
            raise PydanticCustomError(
                "nutrient_ambiguous",
                "{product} names {named}, so the amount {amount} cannot be given to one of "
                "them without a guess: pass nutrient= ('magnesium', 'calcium' or "
                "'vitamin_d'), or give each amount (magnesium_mg=, calcium_mg=, "
                "vitamin_d_ug=, or the label text)",
                {
                    "product": repr(product),
                    "named": _listing(named),
                    "amount": _shown(data["amount"]),
                },
            )
        if not tracked and not others:
            raise PydanticCustomError(
                "nutrient_required",
                "{product} names nothing mgcalc reads, so the amount {amount} cannot be "
                "counted without a guess: name magnesium, calcium or vitamin D (or their "
                "compound, such as 'magnesium citrate' or 'calcium carbonate') in the product, "
                "or pass nutrient= or form=; a product of another nutrient (zinc, iron, "
                "vitamin C ...) is logged when its name says so",
                {"product": repr(product), "amount": _shown(data["amount"])},
            )
        if not tracked:
            return data  # only untracked nutrients: the amount counts for nothing mgcalc follows
        nutrient = tracked[0]
        data["nutrient"] = nutrient
        mine = [m for m in names if m.tracked and m.nutrient == nutrient]
        form_ids = {m.form_id for m in mine if m.form_id is not None}
        compounds = [m.compound for m in mine if m.compound is not None]
        if len(form_ids) == 1:
            data["form"] = form_ids.pop()
        if compounds and data.get("compound") is None:
            data["compound"] = normalise(compounds[0])
        return data

    @field_validator("form", mode="before")
    @classmethod
    def _resolve_form(cls, value: Any) -> Any:
        """Store a known form as its form_id; an unknown one is an error listing them."""
        if value is None:
            return None
        try:
            return find_form(value).form_id
        except UnknownFormError as exc:
            raise PydanticCustomError(
                "unknown_form", "{message}", {"message": _shown(exc)}
            ) from exc

    @model_validator(mode="after")
    def _check_dose(self) -> SupplementDose:
        """Apply the rules of the class Notes."""
        declared = [n for n in DOSE_NUTRIENTS if getattr(self, NUTRIENT_COLUMNS[n]) is not None]
        if self.amount is None:
            if not declared and not self.untracked:
                raise PydanticCustomError(
                    "empty_dose",
                    "the dose gives no amount: pass amount= (such as '200 mg'), the label "
                    "text, or the declared amounts (magnesium_mg=, calcium_mg=, "
                    "vitamin_d_ug=)",
                )
            return self
        if self.nutrient is None:
            return self  # an amount of an untracked nutrient: nothing to check
        if self.nutrient in declared:
            raise PydanticCustomError(
                "nutrient_twice",
                "{nutrient} is given twice, as amount={amount} and as {column}=: give one",
                {"nutrient": _WORDS[self.nutrient], "amount": _format_quantity(self.amount),
                 "column": NUTRIENT_COLUMNS[self.nutrient]},
            )  # fmt: skip
        self._check_amount_kind()
        self._check_basis_rule()
        return self

    @model_validator(mode="after")
    def _check_size(self) -> SupplementDose:
        """A day's magnesium, calcium or vitamin D beyond any product is refused (a unit
        mix-up, or units and servings that multiply past it)."""
        limits: tuple[tuple[DoseNutrient, float, str], ...] = (
            ("magnesium", MAX_DOSE_MG, "mg"), ("calcium", MAX_DOSE_MG, "mg"),
            ("vitamin_d", _MAX_VITAMIN_D_UG, "µg"),
        )  # fmt: skip
        for nutrient, limit, unit in limits:
            per_day = self.per_day(nutrient)
            if per_day is not None and not per_day <= limit:
                raise PydanticCustomError(
                    "dose_too_large",
                    "{nutrient} per day {per_day} {unit} is beyond any product (at most "
                    "{limit} {unit} a day); check the amount, its unit and the units and "
                    "servings",
                    {"nutrient": _WORDS[nutrient], "per_day": f"{per_day:,.6g}", "unit": unit,
                     "limit": f"{limit:,.0f}"},
                )  # fmt: skip
        return self

    def _check_amount_kind(self) -> None:
        assert self.amount is not None
        assert self.nutrient is not None
        kind = dimension_of(self.amount)
        form = find_form(self.form) if self.form is not None else None
        if form is not None and form.element != self.nutrient:
            raise PydanticCustomError(
                "form_nutrient",
                "the form {form} is a {element} compound, not {nutrient}",
                {"form": form.form_id, "element": form.element,
                 "nutrient": _WORDS[self.nutrient]},
            )  # fmt: skip
        if self.nutrient == "vitamin_d":
            if kind not in ("mass", "international_unit") or self.basis == "compound":
                raise PydanticCustomError(
                    "nutrient_amount",
                    "amount {amount}: vitamin D is given in µg, mcg or IU (1 µg = 40 IU), "
                    "never as a compound weight",
                    {"amount": _format_quantity(self.amount)},
                )
        elif kind == "international_unit":
            raise PydanticCustomError(
                "nutrient_amount",
                "amount {amount}: {nutrient} is given in mg, g, mmol or mEq (IU are for vitamins)",
                {"amount": _format_quantity(self.amount), "nutrient": _WORDS[self.nutrient]},
            )

    def _check_basis_rule(self) -> None:
        assert self.amount is not None
        assert self.nutrient is not None
        if self.nutrient == "vitamin_d":
            return
        element = _WORDS[self.nutrient]
        if dimension_of(self.amount) != "mass":
            if self.basis == "compound":
                raise PydanticCustomError(
                    "ion_basis", "amount {amount}: expected {expected}",
                    {"amount": _format_quantity(self.amount), "expected": _ION_MESSAGE},
                )  # fmt: skip
            return
        form = find_form(self.form) if self.form is not None else None
        if self.basis == "compound":
            if form is None and self.compound is not None:
                try:
                    find_form(self.compound)
                except UnknownFormError as exc:
                    raise PydanticCustomError(
                        "unknown_form", "{message}", {"message": str(exc)}
                    ) from exc
            if form is None:
                raise PydanticCustomError(
                    "form_required",
                    "basis='compound' needs the compound: pass form= one of {known}",
                    {"known": ", ".join(known_forms(self.product or ""))},
                )
            if form.declared_only:
                raise PydanticCustomError(
                    "declared_only", "{problem}", {"problem": _declared_only_problem(form)}
                )
        named = self.compound or self.form
        if self.basis is None and named is not None:
            raise PydanticCustomError(
                "basis_required",
                "the dose names a {element} compound ({named}) but not whether {amount} is "
                "elemental {element} or the weight of the compound: pass basis='elemental' "
                "(a Supplement Facts line such as '{Element} (as {example}) 250 mg') or "
                "basis='compound' (a front panel such as '{Element} citrate 500 mg')",
                {"named": named, "amount": _format_quantity(self.amount), "element": element,
                 "Element": element.capitalize(),
                 "example": "magnesium oxide" if element == "magnesium" else "calcium carbonate"},
            )  # fmt: skip

    # -- amounts ------------------------------------------------------------------------
    @property
    def resolved_basis(self) -> Basis:
        """The basis the amount is counted on: ``"compound"`` for a compound weight, else
        ``"elemental"`` (mmol/mEq, vitamin D, declared amounts, an unstated basis with no
        compound named)."""
        if self.amount is None or self.nutrient in (None, "vitamin_d"):
            return "elemental"
        if dimension_of(self.amount) != "mass" or self.basis is None:
            return "elemental"
        return self.basis

    def per_unit(self, nutrient: DoseNutrient) -> float | None:
        """``nutrient`` in one unit [mg] (vitamin D [µg]); None when none is declared."""
        declared: float | None = getattr(self, NUTRIENT_COLUMNS[nutrient])
        if self.amount is None or self.nutrient != nutrient:
            return declared
        return elemental_amount(self.amount, nutrient, self.form, self.resolved_basis)

    def per_day(self, nutrient: DoseNutrient) -> float | None:
        """``nutrient`` per day: per unit x units per serving x servings per day [mg/day]
        (vitamin D [µg/day]); None when the product declares none."""
        per_unit = self.per_unit(nutrient)
        if per_unit is None:
            return None
        return per_unit * self.units_per_serving * self.servings_per_day

    def declares(self, nutrient: DoseNutrient) -> bool:
        """Whether the dose provides a stated amount (zero included) of ``nutrient``."""
        return self.per_unit(nutrient) is not None

    @property
    def tracked(self) -> bool:
        """Whether the dose provides any of magnesium, calcium or vitamin D."""
        return any(self.declares(n) for n in DOSE_NUTRIENTS)

    @property
    def magnesium_mg_per_unit(self) -> float:
        """Elemental magnesium in one unit; 0 when the product declares none [mg]."""
        return self.per_unit("magnesium") or 0.0

    @property
    def magnesium_mg_per_day(self) -> float:
        """Elemental magnesium per day; 0 when the product declares none [mg/day]."""
        return self.per_day("magnesium") or 0.0

    @property
    def calcium_mg_per_day(self) -> float:
        """Elemental calcium per day; 0 when the product declares none [mg/day]."""
        return self.per_day("calcium") or 0.0

    @property
    def vitamin_d_ug_per_day(self) -> float:
        """Vitamin D per day; 0 when the product declares none [µg/day]."""
        return self.per_day("vitamin_d") or 0.0

    def to_row(self) -> dict[str, Any]:
        """The dose as one row for :func:`~mgcalc.supplements.supplement_daily` (add
        ``person_id`` and ``date``).

        Returns
        -------
        dict
            ``product``, ``form``, ``amount`` (text, None without one), ``basis``
            (resolved), ``units_per_serving``, ``servings_per_day``, ``source``,
            ``magnesium_mg`` [mg/day, elemental], ``calcium_mg`` [mg/day, elemental] and
            ``vitamin_d_ug`` [µg/day]; 0 for a nutrient the product declares none of. For
            the FoodLog ledger, where none declared is NaN, see
            :func:`~mgcalc.supplements.ledger_row`.

        Examples
        --------
        >>> row = SupplementDose(amount="250 mg", form="oxide", basis="elemental").to_row()
        >>> row["form"], row["basis"], row["magnesium_mg"], row["calcium_mg"], row["vitamin_d_ug"]
        ('oxide', 'elemental', 250.0, 0.0, 0.0)
        """
        return {
            "product": self.product,
            "form": self.form,
            "amount": None if self.amount is None else _format_quantity(self.amount),
            "basis": self.resolved_basis,
            "units_per_serving": self.units_per_serving,
            "servings_per_day": self.servings_per_day,
            "source": self.source,
            "magnesium_mg": self.magnesium_mg_per_day,
            "calcium_mg": self.calcium_mg_per_day,
            "vitamin_d_ug": self.vitamin_d_ug_per_day,
        }
