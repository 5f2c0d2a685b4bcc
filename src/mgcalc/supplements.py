"""Magnesium supplements: compounds (forms), doses, elemental magnesium and the upper limit.

A supplement dose is stated either as **elemental** magnesium (what a US Supplement Facts
panel declares: "Magnesium (as magnesium oxide) 250 mg") or as the weight of the
**compound** ("Magnesium citrate 500 mg" on a front panel). A compound weight is turned
into elemental magnesium by the compound's magnesium mass fraction, computed from its
formula (``data/supplement_forms.csv``, keyed by exact compound *and hydrate*). Amounts in
mmol or mEq count Mg²⁺ ions and are always elemental.

Supplemental magnesium (supplements and medications such as antacids and laxatives) is
the only magnesium compared with the Tolerable Upper Intake Level (UL); magnesium from
food never enters that check.

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
.. [4] FDA, *Dietary Supplement Labeling Guide* (21 CFR 101.36(d), 101.4(g)): "Calcium (as
   calcium carbonate)" names the source of the declared dietary ingredient.
.. [5] Formula masses: molmass 2026.1.8, cross-checked with periodictable 2.1.0; Mg 24.305
   g/mol (IUPAC). See ``nutrition-science.md`` §1c, §4 and §8b.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Sequence
from functools import cache
from typing import Annotated, Any, Final, Literal, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd
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

from mgcalc._data import data_file
from mgcalc._schemas import StorableText
from mgcalc.defaults import MAX_DOSE_MG
from mgcalc.errors import (
    DataError,
    InvalidLogError,
    UnitError,
    UnknownFormError,
    UnknownOptionError,
)
from mgcalc.units import MAGNESIUM_MOLAR_MASS_G_PER_MOL, dimension_of, magnesium_mg, parse_quantity
from mgcalc.units import quantity as make_quantity

__all__ = [
    "UL_STATUSES",
    "UL_STATUS_MESSAGES",
    "Basis",
    "DoseSource",
    "SupplementDose",
    "SupplementForm",
    "elemental_magnesium",
    "find_form",
    "parse_label",
    "supplement_daily",
    "supplement_forms",
    "ul_status",
    "upper_limit_exceeded",
]

Basis = Literal["elemental", "compound"]
"""What a mass amount weighs: elemental magnesium, or the whole compound."""

DoseSource = Literal["supplement", "medication"]
"""Ledger source of a dose; antacids and laxatives are ``"medication"``. Both count
towards the UL, which covers magnesium from pharmacological agents."""

UL_STATUSES: Final = ("none_taken", "within", "over", "no_ul")
"""The values :func:`ul_status` returns, in the order of its categorical dtype."""

UL_STATUS_MESSAGES: Final = {
    "none_taken": "no magnesium supplement or medication logged",
    "within": "supplemental magnesium at or below the UL",
    "over": "supplemental magnesium above the UL",
    "no_ul": "no UL established; magnesium should come from food and formula only",
}
"""A sentence for each :data:`UL_STATUSES` value, for reports."""

_AMOUNT_KINDS: Final = frozenset({"mass", "substance", "equivalent"})
_UL_RELATIVE_TOLERANCE: Final = 1e-9
"""Floating-point noise ignored at the UL boundary (3.5e-7 mg at 350 mg)."""

_WORD: Final = re.compile(r"[a-z0-9]+")
_PREFIX_WORDS: Final = frozenset({"magnesium", "mg"})
_SPELLINGS: Final = {"sulphate": "sulfate"}
_NOT_FORM_WORDS: Final = frozenset({"hydrogen"})
_EXTRA_FORM_WORDS: Final = frozenset({"epsom", "magnesia", "sulfate"})


# ---------------------------------------------------------------------------
# The forms table
# ---------------------------------------------------------------------------


class SupplementForm(BaseModel):
    """A magnesium compound at one hydration state, as in ``data/supplement_forms.csv``.

    Attributes
    ----------
    form_id : str
        Short key (``"oxide"``, ``"citrate_anhydrous"``, ``"chloride_hexahydrate"``).
    name : str
        The compound as labelled.
    aliases : tuple of str
        Lower-case names that also find this form (``"epsom salt"``).
    formula : str
        Hill formula.
    magnesium_atoms : int
        Mg atoms per formula unit.
    molar_mass_g_per_mol : float
        Molar mass of the formula unit [g/mol].
    magnesium_fraction : float
        Elemental magnesium per mass of compound, ``magnesium_atoms * 24.305 /
        molar_mass_g_per_mol`` [g/g].
    common_uses : tuple of str
        ``"supplement"``, ``"antacid"``, ``"laxative"`` (informational; whether a dose counts
        as a medication is said by :attr:`SupplementDose.source`).
    notes : str
        Caveats, including UNVERIFIED ones from the reference.
    """

    model_config = ConfigDict(frozen=True)

    form_id: StorableText
    name: StorableText
    aliases: tuple[StorableText, ...] = ()
    formula: StorableText
    magnesium_atoms: int = Field(ge=1)
    molar_mass_g_per_mol: float = Field(gt=0, allow_inf_nan=False)
    magnesium_fraction: float = Field(gt=0, le=1)
    common_uses: tuple[StorableText, ...] = ()
    notes: StorableText = ""


def _split(text: str) -> tuple[str, ...]:
    """``"a; b"`` -> ``("a", "b")``; blank -> ``()``."""
    return tuple(part.strip() for part in text.split(";") if part.strip())


@cache
def _forms_table() -> pd.DataFrame:
    """The bundled magnesium forms, read once.

    The file also holds calcium salts and forms with no fixed formula (``element``,
    ``fraction_known``); only magnesium forms with a known fraction are kept, in the
    columns below.
    """
    dtypes: dict[str, str] = {
        "form_id": "str",
        "name": "str",
        "aliases": "str",
        "formula": "str",
        "magnesium_atoms": "int64",
        "molar_mass_g_per_mol": "float64",
        "magnesium_fraction": "float64",
        "common_uses": "str",
        "notes": "str",
    }
    with data_file("supplement_forms.csv").open("r", encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    magnesium = (table["element"] == "magnesium") & (table["fraction_known"] == "true")
    return table.loc[magnesium, list(dtypes)].astype(dtypes).reset_index(drop=True)


@cache
def _forms() -> dict[str, SupplementForm]:
    """Every form as a model, by form_id, in the table's order."""
    return {
        str(row["form_id"]): SupplementForm(
            form_id=str(row["form_id"]),
            name=str(row["name"]),
            aliases=_split(str(row["aliases"])),
            formula=str(row["formula"]),
            magnesium_atoms=int(row["magnesium_atoms"]),
            molar_mass_g_per_mol=float(row["molar_mass_g_per_mol"]),
            magnesium_fraction=float(row["magnesium_fraction"]),
            common_uses=_split(str(row["common_uses"])),
            notes=str(row["notes"]),
        )
        for row in _forms_table().to_dict("records")
    }


def _singular(word: str) -> str:
    """Drop a plural ``s`` (``"salts"`` -> ``"salt"``), leaving ``"ss"`` endings alone."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    """Lower-case words of ``text``: punctuation dropped, singular, British spelling
    unified, the stereo descriptor ``L-`` dropped."""
    words = [_singular(word) for word in _WORD.findall(text.lower())]
    return [_SPELLINGS.get(word, word) for word in words if word != "l"]


def _normalise(text: str) -> str:
    """The lookup key of a form name: its words without a leading ``magnesium``."""
    words = _words(text)
    while len(words) > 1 and words[0] in _PREFIX_WORDS:
        words = words[1:]
    return " ".join(words)


@cache
def _form_index() -> dict[str, str]:
    """Normalised form_id, name, alias and formula -> form_id."""
    index: dict[str, str] = {}
    for form in _forms().values():
        for key in (form.form_id, form.name, form.formula, *form.aliases):
            normalised = _normalise(key)
            if index.setdefault(normalised, form.form_id) != form.form_id:  # pragma: no cover
                raise DataError(
                    f"supplement_forms.csv: {key!r} names both {index[normalised]} "
                    f"and {form.form_id}"
                )
    return index


@cache
def _form_words() -> frozenset[str]:
    """Words that name a magnesium compound when they appear in a product name."""
    families = {form_id.split("_")[0] for form_id in _forms()} - _NOT_FORM_WORDS
    single_words = {key for key in _form_index() if " " not in key}
    return frozenset(families | single_words | _EXTRA_FORM_WORDS)


def _known_forms(text: str = "") -> tuple[str, ...]:
    """Every form_id, those sharing a word with ``text`` first (for error messages)."""
    words = set(_words(text))
    related = [f for f in _forms() if words & set(f.split("_"))]
    return (*related, *(f for f in _forms() if f not in related))


def supplement_forms() -> pd.DataFrame:
    """The table of magnesium compounds mgcalc knows.

    Returns
    -------
    pandas.DataFrame
        One row per compound and hydrate, with columns ``form_id``, ``name``, ``aliases``
        (semicolon-separated), ``formula`` (Hill), ``magnesium_atoms``,
        ``molar_mass_g_per_mol`` [g/mol], ``magnesium_fraction`` [g Mg / g compound],
        ``common_uses`` and ``notes``. A copy: changing it changes nothing in mgcalc.

    References
    ----------
    .. [1] ``nutrition-science.md`` §4, "Supplement forms: formula, molar mass, % elemental
       Mg" (molmass 2026.1.8; periodictable 2.1.0).

    Examples
    --------
    >>> forms = supplement_forms().set_index("form_id")
    >>> round(float(forms.loc["oxide", "magnesium_fraction"]), 4)
    0.603
    >>> round(float(forms.loc["chloride_hexahydrate", "magnesium_fraction"]), 4)
    0.1196
    """
    return _forms_table().copy()


def find_form(text: str | SupplementForm) -> SupplementForm:
    """Look up a magnesium compound by form_id, name, alias or Hill formula.

    Matching ignores case, punctuation, a leading "magnesium", plurals and the ``L-``
    prefix, so ``"Magnesium L-Threonate"``, ``"threonate"`` and ``"magnesium_threonate"``
    all find the same form.

    Parameters
    ----------
    text
        ``"magnesium oxide"``, ``"citrate_anhydrous"``, ``"epsom salts"``, ``"MgO"``, or a
        :class:`SupplementForm` (returned as is).

    Returns
    -------
    SupplementForm
        The compound at its exact hydration state.

    Raises
    ------
    UnknownFormError
        If nothing matches; its ``known`` attribute lists every form_id, those sharing a
        word with ``text`` first. Plain "magnesium sulfate" is deliberately not matched:
        its hydrates differ twofold, so the hydrate must be named.

    Notes
    -----
    Plain marketing names map to one hydrate each: "citrate" to anhydrous trimagnesium
    dicitrate and "chloride" to the hexahydrate (the commonly quoted ~16 % and ~12 %), and
    the other plain names (lactate, glycinate, malate, gluconate, aspartate, orotate) to the
    anhydrous salt, as a medicine label for lactate computes (12.01 %). See
    ``data/README.md``.

    Examples
    --------
    >>> find_form("Magnesium Oxide").form_id
    'oxide'
    >>> find_form("epsom salts").form_id
    'sulfate_heptahydrate'
    >>> find_form("magnesium citrate").formula
    'C12H10Mg3O14'
    """
    if isinstance(text, SupplementForm):
        return text
    form_id = _form_index().get(_normalise(str(text)))
    if form_id is None:
        raise UnknownFormError(str(text), _known_forms(str(text)))
    return _forms()[form_id]


# ---------------------------------------------------------------------------
# Amounts and elemental magnesium
# ---------------------------------------------------------------------------


def _magnesium_amount(value: Any) -> pint.Quantity[Any]:
    """``value`` as a mass, mmol or mEq Quantity with a finite, non-negative magnitude."""
    quantity = parse_quantity(value, what="a magnesium amount")
    if dimension_of(quantity) not in _AMOUNT_KINDS:
        raise UnitError(str(value), "a mass (mg, g), mmol or mEq of magnesium")
    magnitude = quantity.magnitude
    if not isinstance(magnitude, numbers.Real) or not math.isfinite(magnitude) or magnitude < 0:
        raise UnitError(str(value), "one finite, non-negative amount such as '200 mg'")
    try:
        milligrams = magnesium_mg(quantity)  # whichever unit: the magnesium in it
    except UnitError:  # more than a float holds
        milligrams = math.inf
    if not milligrams <= MAX_DOSE_MG:
        raise UnitError(str(value), _TOO_LARGE)
    return quantity


_TOO_LARGE: Final = (
    f"an amount of at most {MAX_DOSE_MG:,.0f} mg of magnesium ({MAX_DOSE_MG / 1000:g} g, "
    f"{MAX_DOSE_MG / MAGNESIUM_MOLAR_MASS_G_PER_MOL:,.0f} mmol): more is beyond any product, "
    "a unit mix-up"
)


def _check_basis(basis: object) -> Basis | None:
    """``basis`` if it is a valid key or None, else :class:`UnknownOptionError`."""
    if basis is None:
        return None
    if basis == "elemental":
        return "elemental"
    if basis == "compound":
        return "compound"
    raise UnknownOptionError("basis", basis, get_args(Basis))


_ION_MESSAGE: Final = (
    "a mass (mg, g) when basis='compound'; mmol and mEq count Mg2+ ions and are always "
    "elemental magnesium"
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
        The compound (anything :func:`find_form` accepts). Required for a compound mass.
    basis
        ``"compound"``: a mass is the weight of the compound and is multiplied by its
        magnesium fraction. ``"elemental"``: a mass is already magnesium. ``None`` (default):
        ``"compound"`` when a form is given and the amount is a mass, else ``"elemental"``.

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

    Notes
    -----
    Elemental magnesium = compound mass x ``n_Mg * 24.305 / M``. Amounts in mmol or mEq are
    amounts of Mg²⁺: 1 mmol = 24.305 mg and 1 mEq = 12.1525 mg, whatever the form. This
    function is a converter: naming a form means "this much of that compound". A logged
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
    quantity = _magnesium_amount(amount)
    chosen = _check_basis(basis)
    compound = find_form(form) if form is not None else None
    if dimension_of(quantity) != "mass":
        if chosen == "compound":
            raise UnitError(str(amount), _ION_MESSAGE)
        return make_quantity(magnesium_mg(quantity), "mg")
    mass_mg = float(quantity.m_as("mg"))
    if chosen is None:
        chosen = "compound" if compound is not None else "elemental"
    if chosen == "elemental":
        return make_quantity(mass_mg, "mg")
    if compound is None:
        raise UnknownOptionError("form", None, _known_forms())
    return make_quantity(mass_mg * compound.magnesium_fraction, "mg")


# ---------------------------------------------------------------------------
# A dose
# ---------------------------------------------------------------------------


def _validate_amount(value: Any) -> pint.Quantity[Any]:
    """Pydantic validator of :attr:`SupplementDose.amount`."""
    try:
        return _magnesium_amount(value)
    except UnitError as exc:
        raise PydanticCustomError(
            "magnesium_amount",
            "amount {amount} is not valid: give a mass (mg, g), mmol or mEq of magnesium, "
            "as text such as '200 mg' or a pint Quantity (a single finite value >= 0)",
            {"amount": repr(value)},
        ) from exc


def _format_quantity(quantity: pint.Quantity[Any]) -> str:
    """``quantity(500, "mg")`` -> ``"500 mg"`` (parseable back by :func:`parse_quantity`)."""
    return f"{quantity:~}"


MagnesiumAmount = Annotated[
    pint.Quantity[Any],
    PlainValidator(_validate_amount),
    PlainSerializer(_format_quantity, return_type=str),
    WithJsonSchema({"type": "string", "examples": ["250 mg", "1 g", "10 mmol", "20 mEq"]}),
]
"""A magnesium amount: text or a Quantity in, a Quantity inside, ``"250 mg"`` in JSON."""


def _named_compound(text: str | None) -> str | None:
    """The word of ``text`` that names a magnesium compound (``"citrate"``), if any."""
    if not text:
        return None
    for word in _words(text):
        if word in _form_words():
            return word
    return None


class SupplementDose(BaseModel):
    """One magnesium supplement or medication, taken every day at a stated rate.

    Parameters
    ----------
    product
        Free text: the product or label line (``"Nature's X Magnesium Citrate"``).
    form
        The compound, anything :func:`find_form` accepts; stored as its ``form_id``.
    amount
        Amount per unit (tablet, capsule, scoop) as text or Quantity [mg, g, mmol, mEq].
    basis
        For a mass amount: ``"elemental"`` (magnesium itself, as Supplement Facts declare)
        or ``"compound"`` (weight of the compound; needs ``form``). Unused for mmol/mEq.
    units_per_serving
        Units per serving (> 0).
    servings_per_day
        Servings per day (> 0).
    source
        ``"supplement"`` (default) or ``"medication"`` (antacids, laxatives).
    calcium_mg
        Elemental calcium per unit for Cal-Mag products [mg]; None means the product
        provides none.

    Notes
    -----
    The basis rule ("an unstated basis for a compound name is asked for, not guessed"):

    * mmol and mEq are amounts of Mg²⁺, always elemental; ``basis="compound"`` with them is
      an error.
    * A mass with ``basis="compound"`` needs ``form``; without it the error lists the
      known forms.
    * A mass with no basis is an error when ``form`` is given or ``product`` names a
      compound (a word such as "citrate", "oxide", "glycinate"): "Magnesium citrate
      500 mg" may be 500 mg of citrate or 500 mg of magnesium, a threefold difference.
    * A mass with no basis, no form and no compound in ``product`` ("Magnesium 400 mg")
      is magnesium itself: there is no compound whose weight it could be.

    Validation errors are :class:`pydantic.ValidationError` (a ``ValueError``) with error
    types ``unknown_form``, ``magnesium_amount``, ``basis_required``, ``form_required``
    and ``ion_basis``, so an app can report them field by field.

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
    """

    model_config = ConfigDict(frozen=True)

    product: StorableText | None = None
    form: str | None = None
    amount: MagnesiumAmount
    basis: Basis | None = None
    units_per_serving: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    servings_per_day: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    source: DoseSource = "supplement"
    calcium_mg: float | None = Field(default=None, ge=0, allow_inf_nan=False)

    @field_validator("form", mode="before")
    @classmethod
    def _resolve_form(cls, value: Any) -> Any:
        """Store a known form as its form_id; an unknown one is an error listing them."""
        if value is None:
            return None
        try:
            return find_form(value).form_id
        except UnknownFormError as exc:
            raise PydanticCustomError("unknown_form", "{message}", {"message": str(exc)}) from exc

    @model_validator(mode="after")
    def _check_basis_rule(self) -> SupplementDose:
        """Apply the basis rule of the class Notes."""
        if dimension_of(self.amount) != "mass":
            if self.basis == "compound":
                raise PydanticCustomError(
                    "ion_basis", "amount {amount}: expected {expected}",
                    {"amount": _format_quantity(self.amount), "expected": _ION_MESSAGE},
                )  # fmt: skip
            return self
        if self.basis == "compound" and self.form is None:
            raise PydanticCustomError(
                "form_required",
                "basis='compound' needs the compound: pass form= one of {known}",
                {"known": ", ".join(_known_forms(self.product or ""))},
            )
        named = self.form or _named_compound(self.product)
        if self.basis is None and named is not None:
            raise PydanticCustomError(
                "basis_required",
                "the dose names a magnesium compound ({named}) but not whether {amount} is "
                "elemental magnesium or the weight of the compound: pass basis='elemental' "
                "(a Supplement Facts line such as 'Magnesium (as magnesium oxide) 250 mg') "
                "or basis='compound' (a front panel such as 'Magnesium citrate 500 mg')",
                {"named": named, "amount": _format_quantity(self.amount)},
            )
        return self

    @model_validator(mode="after")
    def _check_size(self) -> SupplementDose:
        """A day's magnesium or calcium beyond any product is refused (a unit mix-up)."""
        for element, per_day in (("magnesium", self.magnesium_mg_per_day),
                                 ("calcium", self.calcium_mg_per_day)):  # fmt: skip
            if not per_day <= MAX_DOSE_MG:
                raise PydanticCustomError(
                    "dose_too_large",
                    "{element} per day {per_day} mg is beyond any product (at most {limit} mg "
                    "a day); check the amount, its unit and the units and servings",
                    {"element": element, "per_day": f"{per_day:,.6g}",
                     "limit": f"{MAX_DOSE_MG:,.0f}"},
                )  # fmt: skip
        return self

    @property
    def resolved_basis(self) -> Basis:
        """The basis the amount is counted on: ``"elemental"`` for mmol/mEq and for an
        unstated basis with no compound named, else :attr:`basis`."""
        if dimension_of(self.amount) != "mass" or self.basis is None:
            return "elemental"
        return self.basis

    @property
    def magnesium_mg_per_unit(self) -> float:
        """Elemental magnesium in one unit [mg]."""
        if self.resolved_basis == "compound" and self.form is not None:
            fraction = find_form(self.form).magnesium_fraction
            return float(self.amount.m_as("mg")) * fraction
        return magnesium_mg(self.amount)

    @property
    def magnesium_mg_per_day(self) -> float:
        """Elemental magnesium per day: per unit x units per serving x servings [mg/day]."""
        return self.magnesium_mg_per_unit * self.units_per_serving * self.servings_per_day

    @property
    def calcium_mg_per_day(self) -> float:
        """Elemental calcium per day; 0 when the product states none [mg/day]."""
        per_unit = self.calcium_mg if self.calcium_mg is not None else 0.0
        return per_unit * self.units_per_serving * self.servings_per_day

    def to_row(self) -> dict[str, Any]:
        """The dose as one row of a supplement ledger (add ``person_id`` and ``date``).

        Returns
        -------
        dict
            ``product``, ``form``, ``amount`` (text), ``basis`` (resolved),
            ``units_per_serving``, ``servings_per_day``, ``source``, ``magnesium_mg``
            [mg/day, elemental] and ``calcium_mg`` [mg/day, elemental], the input that
            :func:`supplement_daily` expects.

        Examples
        --------
        >>> row = SupplementDose(amount="250 mg", form="oxide", basis="elemental").to_row()
        >>> row["form"], row["basis"], row["magnesium_mg"], row["calcium_mg"]
        ('oxide', 'elemental', 250.0, 0.0)
        """
        return {
            "product": self.product,
            "form": self.form,
            "amount": _format_quantity(self.amount),
            "basis": self.resolved_basis,
            "units_per_serving": self.units_per_serving,
            "servings_per_day": self.servings_per_day,
            "source": self.source,
            "magnesium_mg": self.magnesium_mg_per_day,
            "calcium_mg": self.calcium_mg_per_day,
        }


# ---------------------------------------------------------------------------
# Label lines
# ---------------------------------------------------------------------------

_LABEL_AMOUNT: Final = re.compile(
    r"(?P<number>\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)\s*(?P<unit>mg|g|mcg|µg|ug|mmol|meq)\b",
    re.IGNORECASE,
)
_AS_PARENTHESISED: Final = re.compile(r"\(\s*as\s+(?P<form>[^)]*)\)", re.IGNORECASE)
_AS_TRAILING: Final = re.compile(r"[,;]?\s*\bas\s+(?P<form>.+)$", re.IGNORECASE)
_LABEL_UNITS: Final = {"mcg": "microgram", "µg": "microgram", "ug": "microgram", "meq": "mEq"}


def parse_label(
    text: str,
    *,
    basis: Basis | None = None,
    source: DoseSource = "supplement",
    units_per_serving: float = 1.0,
    servings_per_day: float = 1.0,
) -> SupplementDose:
    """Read one magnesium line of a supplement label into a :class:`SupplementDose`.

    Parameters
    ----------
    text
        ``"Magnesium (as magnesium oxide) 250 mg"``, ``"Magnesium 400 mg (as magnesium
        glycinate)"``, ``"Magnesium 300 mg"`` or ``"Magnesium citrate 500 mg"``.
    basis
        Overrides the basis read from the text; required when the line names a compound
        without "as" (a front panel), where the amount may be either.
    source, units_per_serving, servings_per_day
        As in :class:`SupplementDose`.

    Returns
    -------
    SupplementDose
        With ``product`` set to ``text``. An "(as ...)" line is elemental (US Supplement
        Facts declare the dietary ingredient, magnesium, and name its source compound in
        parentheses); its form is set when the parentheses name one known compound, and
        left None otherwise (mixtures; the text is kept in ``product``).

    Raises
    ------
    UnitError
        If the line holds no amount in mg, g, mcg, mmol or mEq.
    UnknownFormError
        If the line names neither magnesium nor a known compound (e.g. a calcium line),
        or names an unknown compound without "as".
    pydantic.ValidationError
        If a compound is named without "as" and no ``basis`` is given (error type
        ``basis_required``).

    References
    ----------
    .. [1] FDA, *Dietary Supplement Labeling Guide*, ingredient labeling (21 CFR 101.36(d),
       101.4(g)); ``nutrition-science.md`` §4 "Label conventions (US)".

    Examples
    --------
    >>> dose = parse_label("Magnesium (as magnesium oxide) 250 mg")
    >>> dose.form, dose.basis, dose.magnesium_mg_per_day
    ('oxide', 'elemental', 250.0)
    >>> parse_label("Magnesium 400 mg (as magnesium glycinate)").form
    'bisglycinate_anhydrous'
    >>> round(parse_label("Magnesium citrate 500 mg", basis="compound").magnesium_mg_per_day, 1)
    80.8
    """
    if not isinstance(text, str):
        raise UnitError(repr(text), "a label line as text, such as 'Magnesium 250 mg'")
    remaining = text
    as_match = _AS_PARENTHESISED.search(remaining)
    if as_match is not None:
        remaining = remaining[: as_match.start()] + " " + remaining[as_match.end() :]
    amount_match = _LABEL_AMOUNT.search(remaining)
    if amount_match is None:
        raise UnitError(text, "a label line with an amount such as 'Magnesium 250 mg'")
    if as_match is None:
        as_match = _AS_TRAILING.search(remaining, amount_match.end())
    number = amount_match["number"].replace(",", "")
    unit = _LABEL_UNITS.get(amount_match["unit"].lower(), amount_match["unit"].lower())
    amount = f"{number} {unit}"
    name = remaining[: amount_match.start()].strip(" :-,")

    form: str | None = None
    label_basis: Basis | None = None
    if as_match is not None:
        label_basis = "elemental"
        try:
            form = find_form(as_match["form"]).form_id
        except UnknownFormError:
            form = None  # a mixture or an unlisted source: the elemental amount stands
        if _words(name)[:1] not in (["magnesium"], ["mg"]):
            raise UnknownFormError(text, _known_forms(text))
    elif _normalise(name) not in ("magnesium", "mg"):
        form = find_form(name).form_id
    return SupplementDose(
        product=text,
        form=form,
        amount=amount,
        basis=basis if basis is not None else label_basis,
        source=source,
        units_per_serving=units_per_serving,
        servings_per_day=servings_per_day,
    )


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
