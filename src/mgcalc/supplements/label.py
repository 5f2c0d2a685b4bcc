"""Supplement labels as people write them, read on mgcalc's one amount grammar.

:func:`read_label` reads a label or a dose as written into its parts; :func:`parse_label`
turns it into a :class:`~mgcalc.supplements.SupplementDose`. What it reads:

* one Supplement Facts line: "Magnesium (as magnesium oxide) 250 mg", "Magnesium 400 mg
  (as magnesium glycinate)", "Magnesium: 400 mg as magnesium bisglycinate";
* a multi-nutrient panel, lines separated by commas, semicolons or line breaks:
  "Cal-Mag-D: per 2 tablets calcium 500 mg, magnesium 250 mg, vitamin D3 400 IU";
* counts and how often: "2 capsules magnesium citrate 150 mg each", "1 tablet twice a
  day", "per 2 tablets", "serving size 2 softgels", "once a week", "every other day". The
  amounts are those of the serving a label states ("per 2 tablets", "serving size 2
  tablets", or a count written before them: "Cal-Mag-D, 2 tablets: calcium 500 mg"), or of
  one unit ("each", "per capsule", or a count written after them: "magnesium 100 mg, take
  2 capsules");
* amounts in mg, g, µg/mcg, mmol, mEq and IU (vitamin D: 1 µg = 40 IU), with a second
  amount in parentheses checked against the first ("25 mcg (1,000 IU)") or, for a
  compound, the elemental amount it declares ("magnesium citrate 500 mg (80 mg elemental
  magnesium)");
* elemental and compound weights, by the US labelling convention: a line naming its source
  "(as ...)" declares the element (FDA *Dietary Supplement Labeling Guide*; 21 CFR
  101.36(d)), as does a line saying "elemental"; a line naming a compound without "as" (a
  front panel, "Magnesium citrate 500 mg") needs the basis said, as
  :class:`~mgcalc.supplements.SupplementDose` asks.

Numbers and units are read by :func:`mgcalc.parse.find_quantities`, the grammar every
amount in mgcalc goes through. A negative amount is an error, never read as positive. Lines
naming a nutrient mgcalc does not track (zinc, vitamin C, ...) are kept by name and add
nothing; a line naming nothing mgcalc knows is refused.
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

import pint
from pydantic import BaseModel, ConfigDict

from mgcalc.errors import AmountError, DoseError, UnitError
from mgcalc.parse import VOLUME_UNITS_ML, QuantityMatch, find_quantities
from mgcalc.supplements._names import read_names
from mgcalc.supplements.dose import (
    DOSE_NUTRIENTS,
    NUTRIENT_COLUMNS,
    Basis,
    DoseAmount,
    DoseNutrient,
    DoseSource,
    SupplementDose,
    elemental_amount,
)
from mgcalc.supplements.forms import find_form, normalise, words_of
from mgcalc.units import dimension_of
from mgcalc.units import quantity as make_quantity

__all__ = ["DOSE_UNITS", "Label", "LabelLine", "parse_label", "read_label"]

MAX_LABEL_LENGTH: Final = 5_000
"""The longest label text read [characters]: a long Supplement Facts panel is ~2,000."""

DOSE_UNITS: Final[frozenset[str]] = frozenset(
    {
        "tablet", "tab", "capsule", "cap", "softgel", "gelcap", "vegcap", "caplet", "gummy",
        "gummie", "chewable", "chew", "lozenge", "pill", "drop", "scoop", "sachet", "packet",
        "stick", "serving", "dose", "wafer", "spray", "ampoule", "vial",
    }
)  # fmt: skip
"""Words that count units of a product ("2 capsules"), singular. Volumes (ml, teaspoon) count
too, converted to ml when a label mixes them."""

_NUTRIENT_UNITS: Final = frozenset(
    {"milligram", "gram", "microgram", "kilogram", "millimole", "milliequivalent", "IU"}
)
_VOLUME_UNITS: Final = {
    "milliliter": VOLUME_UNITS_ML["ml"], "liter": VOLUME_UNITS_ML["l"],
    "teaspoon": VOLUME_UNITS_ML["tsp"], "tablespoon": VOLUME_UNITS_ML["tbsp"],
    "cup": VOLUME_UNITS_ML["cup"], "fluid_ounce": VOLUME_UNITS_ML["fl_oz"],
}  # fmt: skip
_TIMES_WORDS: Final = frozenset({"times", "time", "x", "×"})
_MULTIPLIERS: Final = {"once": 1.0, "twice": 2.0, "thrice": 3.0}
_PERIOD_DAYS: Final = {"day": 1.0, "daily": 1.0, "week": 7.0, "weekly": 7.0}
_ABBREVIATIONS: Final = {"qd": 1.0, "od": 1.0, "bid": 2.0, "tid": 3.0, "qid": 4.0}
"""Prescription abbreviations: times a day (once, twice, three, four times)."""

_RE_PERIOD: Final = re.compile(
    r"\s*(?:(?:a|an|per|each|every|/)\s*)?(?P<period>day|week)\b"
    r"|\s*(?P<adverb>daily|weekly)\b(?!\s+value)",
    re.IGNORECASE,
)
_RE_MULTIPLIER: Final = re.compile(r"(?<![\w])(?P<word>once|twice|thrice)\b", re.IGNORECASE)
_RE_EVERY_OTHER: Final = re.compile(r"(?<![\w])every\s+other\s+day\b", re.IGNORECASE)
_RE_BARE_PERIOD: Final = re.compile(
    r"(?<![\w])(?:(?:a|per|each|every)\s+(?P<period>day|week)|(?P<adverb>daily|weekly))\b"
    r"(?!\s+value)",
    re.IGNORECASE,
)
_RE_ABBREVIATION: Final = re.compile(r"(?<![\w])(?P<code>qd|od|bid|tid|qid)\b", re.IGNORECASE)
_RE_AS: Final = re.compile(r"(?<![\w])as\s+(?P<form>.+)$", re.IGNORECASE | re.DOTALL)
_RE_PER_END: Final = re.compile(r"(?:\bper|\bserving\s+size|\bserving)\s*[:\-]?\s*$", re.I)
_RE_PER_NOUN: Final = re.compile(r"(?<![\w])(?:per|each|a)\s+(?P<noun>[^\W\d_]+)", re.IGNORECASE)
_RE_EACH: Final = re.compile(r"(?<![\w])each\b", re.IGNORECASE)
_RE_ELEMENTAL: Final = re.compile(r"(?<![\w])elemental\b", re.IGNORECASE)
_SEPARATORS: Final = frozenset(";:\n•")
_FILLER: Final = frozenset(
    {"per", "each", "take", "taken", "elemental", "serving", "size", "contains", "providing",
     "provides", "amount", "with", "and", "of", "a", "an", "the", "dv", "daily", "value"}
)  # fmt: skip
_RELATIVE_TOLERANCE: Final = 0.02
"""How far two amounts of one line may differ and still be the same amount: labels round
("62.5 mcg (2,500 IU)"), 2 % covers the rounding of one significant figure in three."""


class LabelLine(BaseModel):
    """One nutrient line of a label.

    Attributes
    ----------
    text : str
        The line as written.
    nutrient : str
        ``"magnesium"``, ``"calcium"``, ``"vitamin_d"``, or the name of a nutrient mgcalc
        does not track (``"zinc"``) when ``tracked`` is False.
    tracked : bool
        Whether mgcalc follows the nutrient.
    amount : str
        The amount as written (``"500 mg"``, ``"400 IU"``).
    form : str or None
        The compound (form_id), from "(as ...)" or the line's name.
    basis : str or None
        ``"elemental"`` or ``"compound"``: as read, or as the caller said for a line naming
        a compound without "as" (None: the line names no compound, so it is the element).
    per_serving : float or None
        The nutrient in the amounts' serving [mg] (vitamin D [µg]); None for an untracked
        line.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    nutrient: str
    tracked: bool
    amount: str
    form: str | None = None
    basis: Basis | None = None
    per_serving: float | None = None
    compound: str | None = None
    quantity: DoseAmount | None = None
    """The amount ``per_serving`` is computed from [mg, µg, mmol, mEq, IU] (an elemental
    amount in parentheses, where the line gives one)."""


class Label(BaseModel):
    """A label or dose as written, read into its parts by :func:`read_label`.

    Attributes
    ----------
    text : str
        The text as given.
    product : str or None
        The name before the panel ("Cal-Mag-D"), if any.
    lines : tuple of LabelLine
        The nutrient lines, in order.
    serving_units : float
        How many units the amounts are for ("per 2 tablets": 2; "each": 1).
    units_taken : float or None
        How many units are taken at a time ("2 capsules", "take 1 tablet"); None when not
        said (then ``serving_units``).
    unit_name : str or None
        What a unit is (``"tablet"``, ``"ml"``).
    servings_per_day : float or None
        How often ("twice a day": 2, "once a week": 1/7); None when not said.
    flags : tuple of str
        Notes on how it was read (``"range_midpoint"`` for "1-2 capsules").
    """

    model_config = ConfigDict(frozen=True)

    text: str
    product: str | None = None
    lines: tuple[LabelLine, ...] = ()
    serving_units: float = 1.0
    units_taken: float | None = None
    unit_name: str | None = None
    servings_per_day: float | None = None
    flags: tuple[str, ...] = ()

    @property
    def untracked(self) -> tuple[str, ...]:
        """Nutrients named on the label that mgcalc does not track."""
        return tuple(dict.fromkeys(line.nutrient for line in self.lines if not line.tracked))

    def per_unit(self, nutrient: DoseNutrient) -> float | None:
        """``nutrient`` in one unit [mg] (vitamin D [µg]); None when the label declares none."""
        values = [ln.per_serving for ln in self.lines if ln.tracked and ln.nutrient == nutrient]
        if not values:
            return None
        return sum(v for v in values if v is not None) / self.serving_units

    def dose(
        self,
        *,
        source: DoseSource = "supplement",
        units_per_serving: float | None = None,
        servings_per_day: float | None = None,
    ) -> SupplementDose:
        """The label as a :class:`~mgcalc.supplements.SupplementDose`.

        One tracked line gives a dose with its amount, form and basis; several give the
        declared amounts per unit (``magnesium_mg``, ``calcium_mg``, ``vitamin_d_ug``).
        ``units_per_serving`` and ``servings_per_day`` fill what the label does not say;
        given where it does say, they must agree with it.

        Raises
        ------
        DoseError
            If a count or frequency given differs from the label's.
        """
        taken = _agree(self, "units_per_serving", self.units_taken, units_per_serving)
        times = _agree(self, "servings_per_day", self.servings_per_day, servings_per_day)
        units = taken if taken is not None else self.serving_units
        per_day = times if times is not None else 1.0
        tracked = [line for line in self.lines if line.tracked]
        common: dict[str, Any] = {
            "product": self.text, "units_per_serving": units, "servings_per_day": per_day,
            "source": source, "untracked": self.untracked, "flags": self.flags,
        }  # fmt: skip
        quantity = tracked[0].quantity if len(tracked) == 1 else None
        if quantity is not None:
            line = tracked[0]
            return SupplementDose(
                nutrient=line.nutrient, form=line.form, compound=line.compound,
                amount=quantity / self.serving_units, basis=line.basis, **common,
            )  # fmt: skip
        declared = {
            NUTRIENT_COLUMNS[n]: value
            for n in DOSE_NUTRIENTS
            if (value := self.per_unit(n)) is not None
        }
        return SupplementDose(**common, **declared)


def _agree(label: Label, name: str, read: float | None, given: float | None) -> float | None:
    if given is None or read is None:
        return given if given is not None else read
    if not math.isclose(given, read, rel_tol=1e-9):
        problem = f"the label says {name}={read:g}, but {name}={given:g} was given"
        raise DoseError(label.text, str(given), problem)
    return read


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def _depths(text: str) -> list[int]:
    """The parenthesis depth at each character."""
    depth, out = 0, []
    for char in text:
        if char in "([":
            depth += 1
        out.append(depth)
        if char in ")]" and depth:
            depth -= 1
    return out


def _segments(text: str) -> list[str]:
    """Split at ``; : , •`` and line breaks outside parentheses; a comma inside a number
    ("1,000") does not split."""
    depth = _depths(text)
    parts, start = [], 0
    for i, char in enumerate(text):
        if depth[i]:
            continue
        is_separator = char in _SEPARATORS or (
            char == ","
            and not (0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit())
        )
        if is_separator:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _frequency(text: str) -> tuple[float | None, str]:
    """Times a day said anywhere in ``text`` and the text without it.

    Raises
    ------
    DoseError
        If the text says how often twice, or a count of times is negative.
    """
    found: list[tuple[int, int, float]] = []
    for quantity in find_quantities(text):
        if quantity.unit not in _TIMES_WORDS:
            continue
        period = _RE_PERIOD.match(text, quantity.end)
        if period is None:
            continue
        if quantity.number < 0:
            raise AmountError(quantity.text, "a number of times must not be negative")
        days = _PERIOD_DAYS[(period["period"] or period["adverb"]).lower()]
        found.append((quantity.start, period.end(), quantity.number / days))
    for match in _RE_MULTIPLIER.finditer(text):
        period = _RE_PERIOD.match(text, match.end())
        if period is not None:
            days = _PERIOD_DAYS[(period["period"] or period["adverb"]).lower()]
            found.append((match.start(), period.end(), _MULTIPLIERS[match["word"].lower()] / days))
    for match in _RE_EVERY_OTHER.finditer(text):
        found.append((match.start(), match.end(), 0.5))
    for match in _RE_ABBREVIATION.finditer(text):
        found.append((match.start(), match.end(), _ABBREVIATIONS[match["code"].lower()]))
    covered = [(start, end) for start, end, _ in found]
    for match in _RE_BARE_PERIOD.finditer(text):
        if not any(start <= match.start() < end for start, end in covered):
            days = _PERIOD_DAYS[(match["period"] or match["adverb"]).lower()]
            found.append((match.start(), match.end(), 1.0 / days))
    if not found:
        return None, text
    values = {round(value, 12) for _, _, value in found}
    if len(values) > 1:
        raise DoseError(text, "", "it says how often in two different ways")
    for start, end, _ in sorted(found, reverse=True):
        text = text[:start] + " " + text[end:]
    return found[0][2], text


def _unit_noun(quantity: QuantityMatch) -> str | None:
    """The dose unit a count is of (``"capsule"``, ``"ml"``), or None if it is no count."""
    unit = quantity.unit
    if unit is None:
        return None
    if unit in _VOLUME_UNITS:
        return "ml"
    noun = unit[:-3] + "y" if unit.endswith("ies") else unit.rstrip("s") if len(unit) > 3 else unit
    return noun if noun in DOSE_UNITS else None


def _count_value(quantity: QuantityMatch) -> float:
    """A count in its unit (volumes in ml)."""
    return quantity.number * _VOLUME_UNITS.get(quantity.unit or "", 1.0)


def _strip(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def _paren_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level parenthesised group."""
    depth = _depths(text)
    groups, start = [], None
    for i, char in enumerate(text):
        if char in "([" and depth[i] == 1 and start is None:
            start = i
        if char in ")]" and depth[i] == 1 and start is not None:
            groups.append((start, i + 1))
            start = None
    if start is not None:
        groups.append((start, len(text)))
    return groups


class _Reader:
    """State of reading one label: counts, lines and the pending name."""

    def __init__(self, text: str, basis: Basis | None) -> None:
        self.text = text
        self.basis = basis
        self.product: str | None = None
        self.pending: str | None = None
        self.lines: list[LabelLine] = []
        self.serving: float | None = None
        self.taken: float | None = None
        self.each = False
        self.taken_first = False
        self.unit_name: str | None = None
        self.flags: list[str] = []

    # -- counts --------------------------------------------------------------------------
    def count(self, quantity: QuantityMatch, before: str, noun: str) -> None:
        if quantity.number <= 0:
            raise AmountError(quantity.text, "a count of units must be greater than zero")
        if self.unit_name not in (None, noun) and "ml" not in (self.unit_name, noun):
            problem = f"it counts both {self.unit_name}s and {noun}s"
            raise DoseError(self.text, quantity.text, problem)
        self.unit_name = self.unit_name or noun
        self.flags.extend(quantity.flags)
        value = _count_value(quantity)
        if _RE_PER_END.search(before):
            if self.serving is not None and self.serving != value:
                raise DoseError(self.text, quantity.text, "it gives two serving sizes")
            self.serving = value
        else:
            if self.taken is not None and self.taken != value:
                raise DoseError(self.text, quantity.text, "it gives two counts of units taken")
            self.taken = value
            # "2 tablets: calcium 500 mg" gives the amounts of the 2 tablets; "magnesium 100
            # mg, take 2 capsules" takes 2 of the unit the amount describes
            self.taken_first = not self.lines

    # -- one segment ---------------------------------------------------------------------
    def segment(self, segment: str) -> None:
        quantities = find_quantities(segment)
        for quantity in quantities:
            if quantity.number < 0:  # refused, never read as positive
                raise AmountError(quantity.text, "amount must not be negative")
        depth = _depths(segment)
        amounts = [q for q in quantities if q.unit in _NUTRIENT_UNITS and not depth[q.start]]
        inner = [q for q in quantities if q.unit in _NUTRIENT_UNITS and depth[q.start]]
        used: list[tuple[int, int]] = []
        for quantity in quantities:
            noun = _unit_noun(quantity)
            if noun is not None:
                before = segment[: quantity.start]
                if not before.strip() and self.pending is not None:
                    before = self.pending  # "Serving size: 2 tablets"
                self.count(quantity, before, noun)
                used.append((quantity.start, quantity.end))
        for match in _RE_PER_NOUN.finditer(segment):
            noun = match["noun"].lower()
            noun = noun[:-3] + "y" if noun.endswith("ies") else noun.rstrip("s")
            if noun in DOSE_UNITS:
                self.each = True  # "150 mg per capsule"
                used.append(match.span())
        if _RE_EACH.search(segment) and amounts:
            self.each = True
        if not amounts:
            if not inner and not used:
                self.name_segment(segment)
            return
        bounds = [0, *(q.end for q in amounts)]
        for k, quantity in enumerate(amounts):
            start = bounds[k]
            end = amounts[k + 1].start if k + 1 < len(amounts) else len(segment)
            if k + 1 < len(amounts):
                end = self._line_end(segment, quantity.end, end)
                bounds[k + 1] = end
            self.line(segment, start, end, quantity, [q for q in inner if start <= q.start < end],
                      used)  # fmt: skip

    def _line_end(self, segment: str, after: int, next_start: int) -> int:
        """Where a line ends when another amount follows in the same segment: after the
        parenthesised groups right after its amount."""
        end = after
        for start, stop in _paren_groups(segment):
            if start >= after and not segment[end:start].strip() and stop <= next_start:
                end = stop
        return end

    def name_segment(self, segment: str) -> None:
        heading = set(words_of(segment)) <= _FILLER | {"supplement", "fact", "nutrition"}
        if self.product is None and not heading:
            self.product = segment
        self.pending = segment

    def line(
        self,
        segment: str,
        start: int,
        end: int,
        quantity: QuantityMatch,
        inner: list[QuantityMatch],
        used: list[tuple[int, int]],
    ) -> None:
        text = segment[start:end]
        offset = start
        groups = [(a - offset, b - offset) for a, b in _paren_groups(segment) if start <= a < end]
        as_text: str | None = None
        for a, b in groups:
            group = text[a:b].strip("()[] ")
            if group.lower().startswith("as "):
                as_text = group[3:].strip()
        skip = [(a - offset, b - offset) for a, b in used if start <= a < end]
        name_part = _strip(text, [*groups, *skip, (quantity.start - offset, quantity.end - offset)])
        trailing = _RE_AS.search(name_part)
        if trailing is not None and as_text is None:
            as_text = trailing["form"].strip()
            name_part = name_part[: trailing.start()]
        name = " ".join(w for w in words_of(name_part) if w not in _FILLER)
        if not name and self.pending is not None:
            name, self.pending = self.pending, None
            if self.product == name:
                self.product = None  # "Magnesium: 400 mg": the name was the line's
        elemental = _RE_ELEMENTAL.search(name_part) is not None
        self.lines.append(self._classify(text.strip(), name, quantity, inner, as_text, elemental))

    def _classify(
        self,
        text: str,
        name: str,
        quantity: QuantityMatch,
        inner: list[QuantityMatch],
        as_text: str | None,
        elemental: bool,
    ) -> LabelLine:
        mentions = read_names(name)
        tracked = list(dict.fromkeys(m.nutrient for m in mentions if m.tracked))
        if len(tracked) > 1:
            raise DoseError(
                text, quantity.text,
                f"the line names {' and '.join(t.replace('_', ' ') for t in tracked)} with one "
                "amount: give each nutrient its own line",
            )  # fmt: skip
        if not tracked:
            others = [m.nutrient for m in mentions if not m.tracked]
            if not others:
                raise DoseError(
                    text, quantity.text,
                    f"{name or 'the line'!r} names nothing mgcalc reads: magnesium, calcium, "
                    "vitamin D or one of their compounds, or another nutrient it knows to leave "
                    "out (zinc, iron, vitamin C, ...); correct the name or leave the line out",
                )  # fmt: skip
            return LabelLine(text=text, nutrient=others[0], tracked=False, amount=quantity.text)
        nutrient: DoseNutrient = tracked[0]  # type: ignore[assignment]
        amount: pint.Quantity[Any] = make_quantity(quantity.number, quantity.unit)
        mine = [m for m in mentions if m.tracked and m.nutrient == nutrient]
        form_ids = {m.form_id for m in mine if m.form_id}
        form = form_ids.pop() if len(form_ids) == 1 else None
        compound = next((normalise(m.compound) for m in mine if m.compound), None)
        basis: Basis | None = None
        if as_text is not None:
            basis = "elemental"
            try:
                as_form = find_form(as_text)
            except KeyError:
                as_form = None  # a mixture or an unlisted source: the elemental amount stands
            if as_form is not None and as_form.element != nutrient:
                problem = (
                    f"it declares {nutrient.replace('_', ' ')} from a {as_form.element} "
                    f"compound ({as_form.name})"
                )
                raise DoseError(text, quantity.text, problem)
            if as_form is not None:
                form, compound = as_form.form_id, None
        if elemental:
            basis = "elemental"
        if nutrient == "vitamin_d":
            form, compound, basis = None, None, None
        elif basis is None and (form is not None or compound is not None):
            basis = self.basis  # a compound named without "as": the caller's basis
        amount, basis = self._inner(text, nutrient, amount, form or compound, basis, inner)
        if nutrient != "vitamin_d" and form is None and compound and basis != "elemental":
            find_form(compound)  # an unknown compound named without "as": say so
        dose = SupplementDose(
            product=text, nutrient=nutrient, form=form, compound=compound, amount=amount,
            basis=basis,
        )  # fmt: skip
        return LabelLine(
            text=text, nutrient=nutrient, tracked=True, amount=quantity.text, form=dose.form,
            basis=basis, per_serving=dose.per_unit(nutrient), compound=compound, quantity=amount,
        )  # fmt: skip

    def _inner(
        self,
        text: str,
        nutrient: DoseNutrient,
        amount: pint.Quantity[Any],
        named: str | None,
        basis: Basis | None,
        inner: list[QuantityMatch],
    ) -> tuple[pint.Quantity[Any], Basis | None]:
        """Use a second amount in parentheses: the elemental amount a compound weight
        declares ("magnesium citrate 500 mg (80 mg elemental magnesium)"), or the same
        amount in other units ("25 mcg (1,000 IU)", "243 mg (10 mmol)"), checked."""
        for other in inner:
            second = make_quantity(other.number, other.unit)
            compound_weight = named is not None and basis != "elemental"
            if nutrient != "vitamin_d" and compound_weight and dimension_of(second) == "mass":
                return second, "elemental"
            try:
                first = elemental_amount(amount, nutrient, basis="elemental" if
                                         nutrient != "vitamin_d" else None)  # fmt: skip
                again = elemental_amount(second, nutrient, basis="elemental" if
                                         nutrient != "vitamin_d" else None)  # fmt: skip
            except UnitError as exc:
                problem = f"its second amount cannot be {nutrient}"
                raise DoseError(text, other.text, problem) from exc
            if not math.isclose(first, again, rel_tol=_RELATIVE_TOLERANCE):
                unit = "µg" if nutrient == "vitamin_d" else "mg"
                raise DoseError(
                    text, other.text, f"its two amounts disagree ({first:g} and {again:g} {unit})"
                )
        return amount, basis

    def label(self, servings_per_day: float | None) -> Label:
        serving = self.serving
        if serving is None:
            serving = self.taken if self.taken_first and not self.each else 1.0
        return Label(
            text=self.text, product=self.product, lines=tuple(self.lines),
            serving_units=serving if serving is not None else 1.0, units_taken=self.taken,
            unit_name=self.unit_name, servings_per_day=servings_per_day,
            flags=tuple(dict.fromkeys(self.flags)),
        )  # fmt: skip


def read_label(text: str, *, basis: Basis | None = None) -> Label:
    """Read a supplement label or dose as written.

    Parameters
    ----------
    text
        ``"Magnesium (as magnesium oxide) 250 mg"``, ``"2 capsules magnesium citrate 150 mg
        each"``, ``"Cal-Mag-D: per 2 tablets calcium 500 mg, magnesium 250 mg, vitamin D3
        400 IU"``, ``"Vitamin D3 50,000 IU once a week"``.
    basis
        The basis of the lines that name a compound without "as" (``"elemental"`` or
        ``"compound"``); it overrides what the text says.

    Returns
    -------
    Label
        The product name, the nutrient lines (each with its amount in the serving the
        label states), the serving size, the units taken and how often.

    Raises
    ------
    UnitError
        If the text holds no amount of a nutrient (mg, g, µg, mmol, mEq, IU).
    AmountError
        For a negative amount or count ("Magnesium -250 mg"): refused, never read as
        positive.
    DoseError
        If a line names nothing mgcalc knows, or two nutrients with one amount, if two
        amounts of a line disagree, or counts contradict each other.
    UnknownFormError
        If a line names an unknown compound of magnesium or calcium without "as" (plain
        "magnesium sulfate": name the hydrate), unless ``basis="elemental"``.
    pydantic.ValidationError
        If a line names a compound without "as" and no ``basis`` is given (error type
        ``basis_required``).

    Examples
    --------
    >>> label = read_label("Cal-Mag-D: per 2 tablets calcium 500 mg, magnesium 250 mg, "
    ...                    "vitamin D3 400 IU")
    >>> label.product, label.serving_units, [line.nutrient for line in label.lines]
    ('Cal-Mag-D', 2.0, ['calcium', 'magnesium', 'vitamin_d'])
    >>> label.per_unit("calcium"), label.per_unit("vitamin_d")
    (250.0, 5.0)
    """
    if not isinstance(text, str):
        raise UnitError(repr(text)[:40], "label text such as 'Magnesium 250 mg'")
    if len(text) > MAX_LABEL_LENGTH:
        raise UnitError(text[:40] + "...", f"a label of at most {MAX_LABEL_LENGTH:,} characters")
    servings_per_day, rest = _frequency(text.replace("⁄", "/"))
    reader = _Reader(text, basis)
    for segment in _segments(rest):
        reader.segment(segment)
    if not reader.lines:
        raise UnitError(text, "a label line with an amount such as 'Magnesium 250 mg'")
    return reader.label(servings_per_day)


def parse_label(
    text: str,
    *,
    basis: Basis | None = None,
    source: DoseSource = "supplement",
    units_per_serving: float | None = None,
    servings_per_day: float | None = None,
) -> SupplementDose:
    """Read a supplement label or dose as written into a :class:`SupplementDose`.

    Parameters
    ----------
    text
        One Supplement Facts line (``"Magnesium (as magnesium oxide) 250 mg"``), a dose
        (``"1 tablet twice a day: magnesium 200 mg"``) or a multi-nutrient panel
        (``"Cal-Mag-D: per 2 tablets calcium 500 mg, magnesium 250 mg, vitamin D3 400
        IU"``); see :func:`read_label`.
    basis
        Overrides the basis read from the text; required when a line names a compound
        without "as" (a front panel), where the amount may be either.
    source
        As in :class:`SupplementDose`.
    units_per_serving, servings_per_day
        What the text does not say (default 1); where it says, they must agree.

    Returns
    -------
    SupplementDose
        With ``product`` set to ``text``. One nutrient line gives its amount, form and
        basis (an "(as ...)" line is elemental: US Supplement Facts declare the dietary
        ingredient and name its source in parentheses; the form is set when the
        parentheses name one known compound, and left None otherwise). Several give the
        declared amounts per unit. Untracked lines are named in ``untracked``.

    Raises
    ------
    UnitError, AmountError, DoseError, UnknownFormError, pydantic.ValidationError
        As :func:`read_label`, and :meth:`Label.dose`.

    References
    ----------
    .. [1] FDA, *Dietary Supplement Labeling Guide*, ingredient labeling (21 CFR 101.36(d),
       101.4(g)); ``nutrition-science.md`` §4 "Label conventions (US)", §2d (IU).

    Examples
    --------
    >>> dose = parse_label("Magnesium (as magnesium oxide) 250 mg")
    >>> dose.form, dose.basis, dose.magnesium_mg_per_day
    ('oxide', 'elemental', 250.0)
    >>> parse_label("Magnesium 400 mg (as magnesium glycinate)").form
    'bisglycinate_anhydrous'
    >>> round(parse_label("Magnesium citrate 500 mg", basis="compound").magnesium_mg_per_day, 1)
    80.8
    >>> dose = parse_label("Cal-Mag-D, 2 tablets: calcium 500 mg, magnesium 250 mg, "
    ...                    "vitamin D3 400 IU")
    >>> dose.calcium_mg_per_day, dose.magnesium_mg_per_day, dose.vitamin_d_ug_per_day
    (500.0, 250.0, 10.0)
    >>> dose = parse_label("2 capsules magnesium citrate 150 mg each", basis="elemental")
    >>> dose.magnesium_mg_per_day, dose.units_per_serving
    (300.0, 2.0)
    """
    label = read_label(text, basis=basis)
    return label.dose(
        source=source, units_per_serving=units_per_serving, servings_per_day=servings_per_day
    )
