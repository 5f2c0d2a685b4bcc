"""Supplement compounds (forms): magnesium and calcium salts, their formulas and elemental
fractions, from ``data/supplement_forms.csv``.

A compound weight ("calcium carbonate 1250 mg") becomes an elemental amount through the
compound's mass fraction of its element, ``n * M_element / M_compound``, computed from the
formula (molmass; Mg 24.305 and Ca 40.078 g/mol, IUPAC) by
``scripts/build_supplement_forms.py``. Forms are keyed by exact compound *and hydrate*. A few
forms have no fixed formula (magaldrate, "amino acid chelate", citrate malate, MCHC): they
are known, so that a label naming them is read, but only a label's declared elemental
amount can be used for them (:attr:`SupplementForm.declared_only`).

References
----------
.. [1] ``nutrition-science.md`` §4 (magnesium forms; molmass 2026.1.8, periodictable 2.1.0)
   and §4b (more magnesium forms, calcium salts, forms with no fixed formula).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Final, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from mgcalc._data import data_file
from mgcalc._schemas import StorableText
from mgcalc.errors import DataError, UnknownFormError

__all__ = [
    "ELEMENTS",
    "Element",
    "SupplementForm",
    "find_form",
    "supplement_forms",
]

Element = Literal["magnesium", "calcium"]
"""The element a form provides."""

ELEMENTS: Final[tuple[Element, ...]] = ("magnesium", "calcium")
"""The elements of the forms table."""

_WORD: Final = re.compile(r"[a-z0-9]+")
_PREFIX_WORDS: Final = frozenset({"magnesium", "mg"})
"""Leading words that only repeat that a magnesium form is magnesium (``"Mg citrate"``)."""
_SPELLINGS: Final = {"sulphate": "sulfate"}

_LEGACY_COLUMNS: Final = (
    "form_id", "name", "aliases", "formula", "magnesium_atoms", "molar_mass_g_per_mol",
    "magnesium_fraction", "common_uses", "notes",
)  # fmt: skip
_COLUMNS: Final = (
    "form_id", "name", "aliases", "formula", "element", "element_atoms",
    "molar_mass_g_per_mol", "elemental_fraction", "fraction_known", "common_uses", "notes",
)  # fmt: skip


class SupplementForm(BaseModel):
    """A magnesium or calcium compound at one hydration state, as in
    ``data/supplement_forms.csv``.

    Attributes
    ----------
    form_id : str
        Short key (``"oxide"``, ``"citrate_anhydrous"``, ``"calcium_carbonate"``).
    name : str
        The compound as labelled.
    aliases : tuple of str
        Lower-case names that also find this form (``"epsom salt"``, ``"tums"``).
    element : str
        ``"magnesium"`` or ``"calcium"``: the element the form provides.
    formula : str or None
        Hill formula; None for a form with no fixed formula.
    element_atoms : int or None
        Atoms of the element per formula unit.
    molar_mass_g_per_mol : float or None
        Molar mass of the formula unit [g/mol].
    elemental_fraction : float or None
        Element per mass of compound, ``element_atoms * M_element / molar_mass_g_per_mol``
        [g/g]; None for a form with no fixed formula (declared amounts only).
    common_uses : tuple of str
        ``"supplement"``, ``"antacid"``, ``"laxative"`` (informational).
    notes : str
        Caveats, including UNVERIFIED ones from the reference.

    Notes
    -----
    The 0.1 fields ``magnesium_atoms`` and ``magnesium_fraction`` are still accepted when
    building a magnesium form, and are properties: a calcium form has 0 magnesium atoms
    and a magnesium fraction of 0; a form with no fixed formula has neither (None).
    """

    model_config = ConfigDict(frozen=True)

    form_id: StorableText
    name: StorableText
    aliases: tuple[StorableText, ...] = ()
    element: Element = "magnesium"
    formula: StorableText | None = None
    element_atoms: int | None = Field(default=None, ge=1)
    molar_mass_g_per_mol: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    elemental_fraction: float | None = Field(default=None, gt=0, le=1)
    common_uses: tuple[StorableText, ...] = ()
    notes: StorableText = ""

    @model_validator(mode="before")
    @classmethod
    def _legacy_fields(cls, data: Any) -> Any:
        """Accept the 0.1 constructor (``magnesium_atoms``, ``magnesium_fraction``)."""
        if not isinstance(data, dict) or not {"magnesium_atoms", "magnesium_fraction"} & set(data):
            return data
        data = dict(data)
        atoms, fraction = data.pop("magnesium_atoms", None), data.pop("magnesium_fraction", None)
        if data.get("element", "magnesium") == "magnesium":
            data.setdefault("element_atoms", atoms)
            data.setdefault("elemental_fraction", fraction)
        return data

    @model_validator(mode="after")
    def _formula_and_fraction_together(self) -> SupplementForm:
        """A form has a formula, atoms, molar mass and fraction, or none of them."""
        given = [
            value is not None
            for value in (self.formula, self.element_atoms, self.molar_mass_g_per_mol,
                          self.elemental_fraction)
        ]  # fmt: skip
        if any(given) and not all(given):
            raise PydanticCustomError(
                "formula_fields",
                "a form has its formula, element_atoms, molar_mass_g_per_mol and "
                "elemental_fraction together, or none of them (no fixed formula)",
            )
        return self

    @property
    def declared_only(self) -> bool:
        """True for a form with no fixed formula: only a declared elemental amount can be
        used, never the weight of the compound."""
        return self.elemental_fraction is None

    @property
    def magnesium_atoms(self) -> int | None:
        """Mg atoms per formula unit: 0 for a calcium form, None with no fixed formula."""
        if self.element != "magnesium":
            return 0
        return self.element_atoms

    @property
    def magnesium_fraction(self) -> float | None:
        """Elemental magnesium per mass of compound [g/g]: 0 for a calcium form, None with
        no fixed formula."""
        return self.fraction("magnesium")

    @property
    def calcium_fraction(self) -> float | None:
        """Elemental calcium per mass of compound [g/g]: 0 for a magnesium form, None with
        no fixed formula."""
        return self.fraction("calcium")

    def fraction(self, element: str) -> float | None:
        """Mass of ``element`` per mass of compound [g/g]: the elemental fraction for the
        form's own element, 0 for the other, None where the formula is not fixed."""
        if element != self.element:
            return 0.0
        return self.elemental_fraction


def _split(text: str) -> tuple[str, ...]:
    """``"a; b"`` -> ``("a", "b")``; blank -> ``()``."""
    return tuple(part.strip() for part in text.split(";") if part.strip())


@cache
def _table() -> pd.DataFrame:
    """Every row of the bundled forms file, as text, read once."""
    with data_file("supplement_forms.csv").open("r", encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    missing = set(_LEGACY_COLUMNS) | set(_COLUMNS) - {"element_atoms"}
    missing -= set(table.columns)
    if missing:  # pragma: no cover - guarded by the data tests
        raise DataError(f"supplement_forms.csv lacks the column(s) {', '.join(sorted(missing))}")
    return table


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def _forms() -> dict[str, SupplementForm]:
    """Every form as a model, by form_id, in the file's order."""
    forms: dict[str, SupplementForm] = {}
    for row in _table().to_dict("records"):
        atoms = _number(str(row["element_atoms"]))
        forms[str(row["form_id"])] = SupplementForm(
            form_id=str(row["form_id"]),
            name=str(row["name"]),
            aliases=_split(str(row["aliases"])),
            element=row["element"],
            formula=str(row["formula"]) or None,
            element_atoms=None if atoms is None else int(atoms),
            molar_mass_g_per_mol=_number(str(row["molar_mass_g_per_mol"])),
            elemental_fraction=_number(str(row["elemental_fraction"])),
            common_uses=_split(str(row["common_uses"])),
            notes=str(row["notes"]),
        )
    return forms


def _singular(word: str) -> str:
    """Drop a plural ``s`` (``"salts"`` -> ``"salt"``), leaving ``"ss"`` endings alone."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words_of(text: str) -> list[str]:
    """Lower-case words of ``text``: punctuation dropped, singular, British spelling
    unified, the stereo descriptor ``L-`` dropped (``"Magnesium L-Threonates"`` ->
    ``["magnesium", "threonate"]``)."""
    words = [_singular(word) for word in _WORD.findall(text.lower())]
    return [_SPELLINGS.get(word, word) for word in words if word != "l"]


def normalise(text: str | list[str]) -> str:
    """The lookup key of a form name: its words without a leading ``magnesium``."""
    words = words_of(text) if isinstance(text, str) else list(text)
    while len(words) > 1 and words[0] in _PREFIX_WORDS:
        words = words[1:]
    return " ".join(words)


@cache
def form_index() -> dict[str, str]:
    """Normalised form_id, name, alias and formula -> form_id, for every form."""
    index: dict[str, str] = {}
    for form in _forms().values():
        keys = [form.form_id, form.name, *form.aliases]
        if form.formula:
            keys.append(form.formula)
        for key in keys:
            normalised = normalise(key)
            if index.setdefault(normalised, form.form_id) != form.form_id:  # pragma: no cover
                raise DataError(
                    f"supplement_forms.csv: {key!r} names both {index[normalised]} "
                    f"and {form.form_id}"
                )
    return index


_RE_NOT_MAPPED: Final = re.compile(r"Plain '(?P<name>[^']+)' is not mapped.*?\.(?:\s|$)")
"""A sentence of a form's notes saying why a plain name finds no form."""


@cache
def _not_mapped() -> dict[str, str]:
    """Plain names the data deliberately leaves unmapped -> why (from the forms' notes)."""
    reasons: dict[str, str] = {}
    for form in _forms().values():
        for match in _RE_NOT_MAPPED.finditer(form.notes):
            sentence = match.group(0).strip().rstrip(".")
            reasons.setdefault(normalise(match["name"]), "p" + sentence[1:])
    return reasons


def _element_of(text: str) -> Element:
    """The element a form name is about: calcium when it says so, else magnesium."""
    return "calcium" if {"calcium", "ca"} & set(words_of(text)) else "magnesium"


def known_forms(text: str = "") -> tuple[str, ...]:
    """Every form_id, those sharing a word with ``text`` first (for error messages)."""
    words = set(words_of(text))
    shared = {f: len(words & set(f.split("_"))) for f in _forms()}
    return tuple(sorted(_forms(), key=lambda f: -shared[f]))  # stable: table order within


def supplement_forms(element: str | None = "magnesium") -> pd.DataFrame:
    """The table of supplement compounds mgcalc knows.

    Parameters
    ----------
    element
        ``"magnesium"`` (default): the magnesium compounds with a fixed formula, in the
        columns of mgcalc 0.1 (below). ``"calcium"``: the calcium compounds with a fixed
        formula; ``None``: every row of the file, including forms with no fixed formula.
        These two have the columns ``form_id``, ``name``, ``aliases``, ``formula``,
        ``element``, ``element_atoms``, ``molar_mass_g_per_mol`` [g/mol],
        ``elemental_fraction`` [g element / g compound], ``fraction_known``,
        ``common_uses`` and ``notes``.

    Returns
    -------
    pandas.DataFrame
        For magnesium: one row per compound and hydrate, with columns ``form_id``,
        ``name``, ``aliases`` (semicolon-separated), ``formula`` (Hill),
        ``magnesium_atoms``, ``molar_mass_g_per_mol`` [g/mol], ``magnesium_fraction``
        [g Mg / g compound], ``common_uses`` and ``notes``. A copy: changing it changes
        nothing in mgcalc.

    Raises
    ------
    UnknownOptionError
        If ``element`` is not ``"magnesium"``, ``"calcium"`` or None.

    References
    ----------
    .. [1] ``nutrition-science.md`` §4, "Supplement forms: formula, molar mass, % elemental
       Mg" (molmass 2026.1.8; periodictable 2.1.0), and §4b.

    Examples
    --------
    >>> forms = supplement_forms().set_index("form_id")
    >>> round(float(forms.loc["oxide", "magnesium_fraction"]), 4)
    0.603
    >>> round(float(forms.loc["chloride_hexahydrate", "magnesium_fraction"]), 4)
    0.1196
    >>> calcium = supplement_forms("calcium").set_index("form_id")
    >>> round(float(calcium.loc["calcium_carbonate", "elemental_fraction"]), 4)
    0.4004
    """
    from mgcalc.errors import UnknownOptionError

    table = _table()
    if element not in (*ELEMENTS, None):
        raise UnknownOptionError("element", element, (*ELEMENTS, "None"))
    known = table["fraction_known"] == "true"
    if element == "magnesium":
        dtypes = {"magnesium_atoms": "int64", "molar_mass_g_per_mol": "float64",
                  "magnesium_fraction": "float64"}  # fmt: skip
        rows = table.loc[(table["element"] == "magnesium") & known, list(_LEGACY_COLUMNS)]
        return rows.astype(dtypes).reset_index(drop=True)
    rows = table if element is None else table.loc[(table["element"] == element) & known]
    out = rows.loc[:, list(_COLUMNS)].copy()
    for column in ("molar_mass_g_per_mol", "elemental_fraction"):
        out[column] = pd.to_numeric(out[column].replace("", None)).astype("float64")
    out["element_atoms"] = pd.to_numeric(out["element_atoms"].replace("", None)).astype("Int64")
    out["fraction_known"] = out["fraction_known"] == "true"
    return out.reset_index(drop=True)


def find_form(text: str | SupplementForm) -> SupplementForm:
    """Look up a magnesium or calcium compound by form_id, name, alias or Hill formula.

    Matching ignores case, punctuation, a leading "magnesium", plurals and the ``L-``
    prefix, so ``"Magnesium L-Threonate"``, ``"threonate"`` and ``"magnesium_threonate"``
    all find the same form.

    Parameters
    ----------
    text
        ``"magnesium oxide"``, ``"citrate_anhydrous"``, ``"epsom salts"``, ``"MgO"``,
        ``"calcium carbonate"``, ``"Tums"``, or a :class:`SupplementForm` (returned as is).

    Returns
    -------
    SupplementForm
        The compound at its exact hydration state. A form with no fixed formula
        (:attr:`SupplementForm.declared_only`) is returned too: it can be named, but only
        a declared elemental amount can be used for it.

    Raises
    ------
    UnknownFormError
        If nothing matches; its ``known`` attribute lists every form_id, those sharing a
        word with ``text`` first. Plain "magnesium sulfate" is deliberately not matched:
        its hydrates differ twofold, so the hydrate must be named; likewise plain
        "magnesium phosphate" and "calcium phosphate" (the salts differ 1.7-2x).

    Notes
    -----
    Plain marketing names map to one hydrate each: "citrate" to anhydrous trimagnesium
    dicitrate and "chloride" to the hexahydrate (the commonly quoted ~16 % and ~12 %), the
    other plain magnesium names to the anhydrous salt, "calcium citrate" to the
    tetrahydrate (~21 %) and "calcium lactate" to the pentahydrate (~13 %). See
    ``data/README.md``.

    Examples
    --------
    >>> find_form("Magnesium Oxide").form_id
    'oxide'
    >>> find_form("epsom salts").form_id
    'sulfate_heptahydrate'
    >>> find_form("magnesium citrate").formula
    'C12H10Mg3O14'
    >>> form = find_form("calcium carbonate")
    >>> form.element, round(form.elemental_fraction, 4), form.magnesium_fraction
    ('calcium', 0.4004, 0.0)
    >>> find_form("magaldrate").declared_only
    True
    """
    if isinstance(text, SupplementForm):
        return text
    form_id = form_index().get(normalise(str(text)))
    if form_id is None:
        reason = _not_mapped().get(normalise(str(text)), "")
        raise UnknownFormError(str(text), known_forms(str(text)), _element_of(str(text)), reason)
    return _forms()[form_id]


def all_forms() -> dict[str, SupplementForm]:
    """Every form, by form_id (a copy of the mapping; the forms are frozen)."""
    return dict(_forms())
