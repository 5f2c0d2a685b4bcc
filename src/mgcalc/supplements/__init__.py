"""Supplements as people take them: any product, per nutrient — magnesium, calcium and
vitamin D.

A dose says what one unit of a product provides and how often it is taken. Its nutrients
come from its label text (:func:`parse_label`), from a named compound and its elemental
fraction (:func:`find_form`), or from declared amounts, never from a guess: a product that
declares no magnesium adds none ("zinc 25 mg" is a zinc supplement), and a name that names
nothing mgcalc knows is refused rather than taken for magnesium.

Modules
-------
:mod:`~mgcalc.supplements.forms`
    Magnesium and calcium compounds (``data/supplement_forms.csv``): formulas, hydrates and
    elemental fractions.
:mod:`~mgcalc.supplements.dose`
    :class:`SupplementDose`, the per-nutrient dose model, and the elemental converters.
:mod:`~mgcalc.supplements.label`
    The label reader, on mgcalc's one amount grammar (:mod:`mgcalc.parse`).
:mod:`~mgcalc.supplements.ledger`
    Ledger rows for a :class:`~mgcalc.FoodLog`, daily supplemental totals and the magnesium
    upper-limit check (supplements and medications only; the calcium and vitamin D ULs
    apply to total intake, in :mod:`mgcalc.intake`).

``mgcalc.supplements`` was one module in mgcalc 0.1; every name it had is still here.
"""

from __future__ import annotations

from mgcalc.supplements.dose import (
    DOSE_NUTRIENTS,
    NUTRIENT_COLUMNS,
    Basis,
    DoseAmount,
    DoseNutrient,
    DoseSource,
    MagnesiumAmount,
    SupplementDose,
    elemental_amount,
    elemental_calcium,
    elemental_magnesium,
)
from mgcalc.supplements.forms import ELEMENTS, Element, SupplementForm, find_form, supplement_forms
from mgcalc.supplements.label import DOSE_UNITS, Label, LabelLine, parse_label, read_label
from mgcalc.supplements.ledger import (
    LEDGER_NUTRIENT_COLUMNS,
    UL_STATUS_MESSAGES,
    UL_STATUSES,
    ArrayLikeFloat,
    ledger_row,
    supplement_daily,
    ul_status,
    upper_limit_exceeded,
)

__all__ = [
    "DOSE_NUTRIENTS",
    "DOSE_UNITS",
    "ELEMENTS",
    "LEDGER_NUTRIENT_COLUMNS",
    "NUTRIENT_COLUMNS",
    "UL_STATUSES",
    "UL_STATUS_MESSAGES",
    "ArrayLikeFloat",
    "Basis",
    "DoseAmount",
    "DoseNutrient",
    "DoseSource",
    "Element",
    "Label",
    "LabelLine",
    "MagnesiumAmount",
    "SupplementDose",
    "SupplementForm",
    "elemental_amount",
    "elemental_calcium",
    "elemental_magnesium",
    "find_form",
    "ledger_row",
    "parse_label",
    "read_label",
    "supplement_daily",
    "supplement_forms",
    "ul_status",
    "upper_limit_exceeded",
]
