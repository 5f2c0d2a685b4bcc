"""The report a dietitian hands to a client: one self-contained, printable HTML file.

:func:`render_html` fills the Jinja2 template ``templates/report.html.j2`` (autoescape
on: every user-supplied string, food names included, is escaped) with the analysis,
formatted with units and in plain words, and with the charts of :mod:`mgcalc.plots` as
inline SVG. The page loads nothing from outside (no scripts, fonts or images; a logo is
embedded), prints on A4, and is byte-identical for the same input unless a timestamp
is asked for.

What it shows, in order: who the report is for and by whom (:class:`ReportInfo`); the
bone-health panel (magnesium, calcium and vitamin D side by side: food, drinking water
(with its range where a water's sources differ, and the drinks of unknown content),
supplements and medications, total, % of the RDA or AI, the EAR flag and each upper
limit as its authority defines it; the Ca:Mg ratio over the whole period next to its
distribution of days); a follow-up comparison when one is given; the next steps when a
suggestion is given (:func:`mgcalc.suggest`: the changes, their effect on each goal, or
what stands in the way); the client's profile and reference values with numbered
citations; each nutrient per day; the supplements and the drinking water; the itemised
food diary (every line as typed, the food used, grams, Mg, Ca, D, what to review; each
drink of water once, after the food total; a home recipe's ingredients on request; in a
compact appendix for long logs); meals, top sources; the lines to review, each once;
and the methods, with full references, in an appendix.

:func:`write_pdf` prints the same page through headless Chromium
(:mod:`mgcalc.report.pdf`) with the report's header and page numbers on every page.

Flags
-----
Intake per day and on average, against the person's reference values:

``low``
    below the EAR (very likely needs improvement; IOM 2000, p. 6);
``below RDA``
    from the EAR up to the RDA (probably needs improvement); ``below AI`` where only an
    AI exists (an intake below an AI cannot be called inadequate);
``ok``
    at or above the RDA or AI, and never shown alone on a day over an upper limit;
``over UL``
    above the upper limit: supplemental magnesium (supplements and medications, never
    food or water); total calcium; total vitamin D;
``unknown``
    the intake is not known (never shown as 0), or no reference value applies.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from mgcalc._files import check_not_input, write_text
from mgcalc._values import known_float
from mgcalc.defaults import BOTTLE_ML, GLASS_ML, WATER_DEFAULT_ML
from mgcalc.display import (
    _flag_text,
    _outward,
    _text,
    fmt_grams,
    fmt_mg,
    fmt_pct,
    fmt_range,
    fmt_ratio,
    intake_badge,
    intake_flag,
)
from mgcalc.errors import (
    ChromiumNotFoundError,
    InvalidValueError,
    MgcalcError,
    MissingExtraError,
    ReportError,
)
from mgcalc.foods import FoodTable
from mgcalc.intake import REVIEW_FLAGS
from mgcalc.parse import VOLUME_UNITS_ML, read_amount
from mgcalc.recipes import RECIPE_SOURCE, Recipe, RecipeBook, RecipeNutrients
from mgcalc.records import ReportInfo, logo_data_uri
from mgcalc.report.citations import WORKS, Bibliography, plain_source, works_in
from mgcalc.report.pdf import CHROMIUM_FLAGS, find_chromium, print_html
from mgcalc.water import TAP_WATER_ID, UNKNOWN_WATER_ID, Water, daily_water, load_waters

if TYPE_CHECKING:
    from mgcalc._plans import Suggestion
    from mgcalc.analysis import IntakeAnalysis
    from mgcalc.comparison import Comparison
    from mgcalc.references import ReferenceValues

__all__ = [
    "CHROMIUM_FLAGS",
    "CITATIONS",
    "DEFAULT_REVIEW_SCORE",
    "DIARY_INLINE_MAX_LINES",
    "ChromiumNotFoundError",
    "find_chromium",
    "intake_flag",
    "period_label",
    "print_to_pdf",
    "render_html",
    "report_context",
    "report_info",
    "write_html",
    "write_pdf",
]

DEFAULT_REVIEW_SCORE: Final = 85.0
"""Resolved matches scoring below this (0-100) are listed in the report for review."""

DIARY_INLINE_MAX_LINES: Final = 150
"""A log with more lines than this has its itemised diary in a compact appendix."""

CITATIONS: Final[tuple[tuple[str, str], ...]] = tuple((w.key, w.reference) for w in WORKS)
"""Every work a report may cite, as (key, full reference); see
:mod:`mgcalc.report.citations`."""

_METHOD_WORKS: Final = ("IOM 1997", "IOM 2000", "USDA SR28", "FNDDS 2021-2023")
"""Works every report cites for its methods (the UL's scope, the assessment, the foods)."""

_NUTRIENT_WORDS: Final = {"magnesium": "Magnesium", "calcium": "Calcium", "vitamin_d": "Vitamin D"}
_KIND_WORDS: Final = {
    "RDA": "Recommended Dietary Allowance (RDA)",
    "AI": "Adequate Intake (AI)",
    "EAR": "Estimated Average Requirement (EAR)",
    "UL": "Tolerable Upper Intake Level (UL)",
}
_REVIEW_WORDS: Final = {
    "assumed_portion": "portion assumed",
    "default_portion": "no amount: typical portion",
    "range_midpoint": "range: middle used",
    "sources_disagree": "sources disagree",
    "close_match_differs": "which food is unclear",
    "unknown_words": "a word was not recognised",
    "partial_match": "a word is not in the food's name",
    "composite_split": "mixed dish split",
    "low_score": "food match uncertain",
    "alternative_for_portion": "nearest food with this measure",
    "magnesium_not_reported": "no magnesium value",
    "approximate": "approximate amount",
    "implied_amount": "amount read as 1",
    "ignored_amount": "second amount ignored",
    "zero_amount": "zero amount",
}
"""The short words the diary shows for an entry's flags (the full text is in the list of
lines to review)."""
_WATER_WORDS: Final = {
    "glass_assumed": f"a glass taken as {GLASS_ML:.0f} ml",
    "bottle_assumed": f"a bottle taken as {BOTTLE_ML:g} ml",
    "no_amount": f"no amount: {WATER_DEFAULT_ML:g} ml assumed",
    "mass_as_volume": "weight read as volume (1 kg = 1 litre)",
    "range_midpoint": "middle of a range used",
    "sources_disagree": "sources differ: range shown",
    "national_average": "a national average, not the local supplier's analysis",
    "tap_water_unknown": "tap water of unknown content",
    "unknown_water": "no brand named: content unknown",
    "bad_amount": "amount not understood",
}
"""The short words the report shows for a drink's flags (:data:`mgcalc.water.WATER_FLAGS`;
the conventions behind them are stated once in the methods)."""
_RATIO_WORDS: Final = {
    "below": ("warn", "below range"),
    "within": ("ok", "within range"),
    "above": ("warn", "above range"),
    "indeterminate": ("unknown", "not determined"),
}
_MEAL_ORDER: Final = ("breakfast", "lunch", "dinner", "snack", "snacks")
_REASON_WORDS: Final = {
    "weak_match": "no food in the tables matched it closely enough",
    "no_match": "no food in the tables matched it",
    "no_food_named": "no food is named in the line",
    "unknown_food_id": "the food chosen for it is not in the tables",
    "no_portion": "its amount cannot be converted to grams for this food",
    "bad_unit": "the unit is not an amount of food",
    "bad_amount": "the amount was not understood",
    "nothing_reported": "the exporting app reported no values for it",
}
"""Why a line was not counted, in plain words (by reason code)."""


def _reason(record: Mapping[Any, Any]) -> str:
    code = _text(record.get("reason_code"))
    return _REASON_WORDS.get(code) or _text(record.get("reason")) or "not counted"


def _day(value: Any) -> str:
    return str(pd.Timestamp(value).strftime("%a %d %b %Y"))


def _date_words(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _number(value: Any, unit: str = "") -> str:
    """A diary amount: whole above 10, one decimal below; ``unknown`` for NaN."""
    number = known_float(value)
    if number is None:
        return "unknown"
    digits = 1 if number != 0 and abs(number) < 10 else 0
    text = f"{number:,.{digits}f}"
    return f"{text} {unit}" if unit else text


def _raw(value: Any) -> str:
    """A value for a ``data-`` attribute: full precision, empty when unknown."""
    number = known_float(value)
    return "" if number is None else repr(number)


# -- who and when ------------------------------------------------------------------------------
def report_info(
    info: ReportInfo | None = None,
    *,
    title: str | None = None,
    client: str | None = None,
    practice: str | None = None,
    logo: str | os.PathLike[str] | None = None,
    report_date: dt.date | str | None = None,
    period: str | None = None,
) -> ReportInfo:
    """A :class:`~mgcalc.records.ReportInfo` from ``info`` with the given fields replaced.

    ``logo`` is an image file (PNG, JPEG, GIF, WebP or SVG), embedded in the report, or
    an already embedded ``data:`` URI; ``report_date`` a date or ``YYYY-MM-DD``.

    Raises
    ------
    InvalidValueError
        If the logo cannot be read, is not an image file or is too large.
    pydantic.ValidationError
        If ``report_date`` is not a date.
    """
    fields: dict[str, Any] = {} if info is None else info.model_dump()
    given = {"title": title, "client": client, "practice": practice, "period": period,
             "report_date": report_date}  # fmt: skip
    fields.update({k: v for k, v in given.items() if v is not None})
    if logo is not None:
        text = os.fspath(logo)
        if text.startswith("data:"):
            fields["logo"] = text
        else:
            path = Path(text)
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise InvalidValueError(
                    f"cannot read the logo {path.name}: {exc.strerror or exc}"
                ) from exc
            fields["logo"] = logo_data_uri(data, path.suffix)
    return ReportInfo.model_validate(fields)


# -- words for flags --------------------------------------------------------------------------
def _life_stage(analysis: IntakeAnalysis) -> str:
    """``"women 51-70 years"`` from the person and their life stage key."""
    person, refs = analysis.person, analysis.references
    if person is None or refs is None:
        return "not given"
    key = refs.life_stage
    match = re.fullmatch(r"(\d+)-(\d+)(y|mo)", key)
    unit = {"y": "years", "mo": "months"}
    if match:
        ages = f"{match.group(1)}–{match.group(2)} {unit[match.group(3)]}"
    elif m := re.fullmatch(r"(\d+)\+(y|mo)", key):
        ages = f"{m.group(1)} {unit[m.group(2)]} and over"
    elif m := re.fullmatch(r"(<=|>)(\d+)(y|mo)", key):
        ages = f"{'up to' if m.group(1) == '<=' else 'over'} {m.group(2)} {unit[m.group(3)]}"
    else:
        ages = key
    months = refs.life_stage.endswith("mo")
    who = "infants" if months else {"female": "women", "male": "men"}[person.sex]
    if person.age_years < 19 and not months:
        who = {"female": "girls", "male": "boys"}[person.sex]
    condition = {"pregnancy": "pregnant ", "lactation": "breastfeeding "}.get(refs.condition, "")
    return f"{condition}{who}, {ages}"


def _ul_badge(limit: float | None, days_over: int, n_days: int) -> tuple[str, str]:
    if limit is None:
        return "muted", "no UL set"
    if days_over:
        return "high", f"over on {days_over} of {n_days} day{'s' if n_days != 1 else ''}"
    return "ok", "never over"


# -- the bone-health panel ----------------------------------------------------------------------
def _kind(refs: ReferenceValues | None, nutrient: str) -> str:
    value = None if refs is None else getattr(refs, f"{nutrient}_target_kind", None)
    return str(value or "RDA")


def _panel(
    analysis: IntakeAnalysis, bib: Bibliography, water: Mapping[str, str]
) -> list[dict[str, Any]]:
    s = analysis.summary
    refs = analysis.references
    n_ledger_days = len(analysis.daily)
    rows = []
    spec = (
        ("magnesium", "mg", s.magnesium_mg, water["magnesium"], s.supplemental_magnesium_mg,
         s.total_magnesium_mg, s.rda_mg, s.ear_mg, s.pct_rda, s.intake_flag, s.ul_mg,
         s.days_ul_exceeded, "supplements and medications only", s.coverage),
        ("calcium", "mg", s.calcium_mg, water["calcium"], s.supplemental_calcium_mg,
         s.total_calcium_mg, s.calcium_rda_mg, s.calcium_ear_mg, s.calcium_pct_rda,
         s.calcium_flag, s.calcium_ul_mg, s.days_calcium_ul_exceeded, "total intake",
         s.calcium_coverage),
        ("vitamin_d", "µg", s.vitamin_d_ug, None, s.supplemental_vitamin_d_ug,
         s.total_vitamin_d_ug, s.vitamin_d_rda_ug, s.vitamin_d_ear_ug, s.vitamin_d_pct_rda,
         s.vitamin_d_flag, s.vitamin_d_ul_ug, s.days_vitamin_d_ul_exceeded, "total intake",
         s.vitamin_d_coverage),
    )  # fmt: skip
    for (name, unit, food, water_text, supplements, total, target, ear, pct, flag, ul, over,
         scope, coverage) in spec:  # fmt: skip
        kind = _kind(refs, name)
        per_day = f"{unit}/day"
        rows.append(
            {
                "name": _NUTRIENT_WORDS[name],
                "food": fmt_mg(food, per_day),
                "coverage": fmt_pct(coverage, share=True),
                "water": "—" if water_text is None else water_text,
                "supplements": fmt_mg(supplements, per_day),
                "total": fmt_mg(total, per_day),
                "target": fmt_mg(target, per_day) if target is not None else "no reference value",
                "kind": kind,
                "pct": fmt_pct(pct) if target is not None else "—",
                "ear": fmt_mg(ear, per_day) if ear is not None else "none set",
                "flag": intake_badge(flag, target, kind, over, n_ledger_days),
                "ul": fmt_mg(ul, per_day) if ul is not None else "none set",
                "ul_scope": scope,
                "ul_flag": _ul_badge(ul, over, n_ledger_days),
                "cite": bib.numbers(
                    [w.key for src in _sources_of(refs, name) for w in works_in(src)]
                ),
            }
        )
    return rows


def _sources_of(refs: ReferenceValues | None, nutrient: str) -> list[str]:
    if refs is None:
        return []
    return [row.source for row in refs.values if row.nutrient == nutrient]  # noqa: PD011


def _ratio(analysis: IntakeAnalysis) -> dict[str, Any]:
    s = analysis.summary
    rng = s.ratio_range

    def distribution(days: Mapping[str, int]) -> dict[str, Any]:
        counts = {k: int(days.get(k, 0)) for k in _RATIO_WORDS}
        return {"counts": counts, "n": sum(counts.values())}

    food, total = distribution(s.ratio_days), distribution(s.total_ratio_days)
    within = food["counts"]["within"]
    if s.ratio_flag == "within" and food["n"] and within < food["n"] / 2:
        caution = (
            f"Over the whole period the ratio of the average intakes is within the range, "
            f"but only {within} of {food['n']} days were: the average hides days on either "
            "side of it."
        )
    else:
        caution = ""
    return {
        "low": f"{rng.low:g}",
        "high": f"{rng.high:g}",
        "basis": rng.basis,
        "food": fmt_ratio(s.ca_mg_ratio),
        "food_flag": _RATIO_WORDS.get(s.ratio_flag, ("unknown", s.ratio_flag)),
        "total": fmt_ratio(s.total_ca_mg_ratio),
        "total_flag": _RATIO_WORDS.get(s.total_ratio_flag, ("unknown", s.total_ratio_flag)),
        "food_days": food,
        "total_days": total,
        "caution": caution,
        "of": "ratio of the average intakes"
        if s.ratio_of == "means"
        else "average of the daily ratios",
        "words": {k: v[1] for k, v in _RATIO_WORDS.items()},
    }


# -- drinking water -----------------------------------------------------------------------------
def _litres(dose: Any) -> float | None:
    """The volume of a drink from its ledger dose (``"0.5 l"``) [L]; None when unreadable."""
    if not isinstance(dose, str):
        return None
    try:
        amount = read_amount(dose)
    except MgcalcError:
        return None
    if amount.number is None or amount.unit not in VOLUME_UNITS_ML:
        return None
    return float(amount.number) * VOLUME_UNITS_ML[amount.unit] / 1000.0


def _volume(litres: float | None) -> str:
    """``"500 ml"`` below a litre, ``"1.5 l"`` from one; ``"unknown"`` when not known."""
    if litres is None or math.isnan(litres):
        return "unknown"
    if litres < 1.0:
        return f"{litres * 1000:,.0f} ml"
    return f"{litres:,.2f}".rstrip("0").rstrip(".") + " l"


def _drinks_of_unknown_content(n: int) -> str:
    return f"{n} drink{'s' if n != 1 else ''} of unknown content"


def _water_amount(
    value: Any, low: Any, high: Any, n_drinks: int, n_unknown: int, unit: str = "mg"
) -> str:
    """Water's magnesium or calcium as the report prints it: ``"26 mg (26–28)"`` (the range
    where the water's sources differ), ``"+ 1 drink of unknown content"``; ``"none logged"``
    without drinks, and never 0 for drinks whose content is unknown."""
    if n_drinks <= 0:
        return "none logged"
    if n_unknown >= n_drinks:
        return f"unknown ({_drinks_of_unknown_content(n_unknown)})"
    text = fmt_range(value, low, high, unit)
    return f"{text} + {_drinks_of_unknown_content(n_unknown)}" if n_unknown else text


_WATER_KEYS: Final = (
    "magnesium_mg", "magnesium_mg_low", "magnesium_mg_high",
    "calcium_mg", "calcium_mg_low", "calcium_mg_high",
)  # fmt: skip


def _water_days(analysis: IntakeAnalysis) -> list[dict[str, Any]]:
    """Water per row of the daily table (:func:`mgcalc.water.daily_water`): litres,
    magnesium and calcium with their low-high ranges [mg/day], drinks, and drinks whose
    magnesium (``n_unknown``) or calcium (``n_unknown_ca``) is unknown; zeros on a day
    without drinks."""
    ledger = analysis.supplements
    daily = analysis.daily
    keys = [
        (str(p), pd.Timestamp(d)) for p, d in zip(daily["person_id"], daily["date"], strict=True)
    ]
    found: dict[tuple[str, Any], dict[str, Any]] = {}
    if len(ledger) and (ledger["source"] == "water").any():
        for r in daily_water(ledger).to_dict("records"):
            found[(str(r["person_id"]), pd.Timestamp(r["date"]))] = {
                str(k): v for k, v in r.items()
            }
        water = ledger[ledger["source"] == "water"]
        for person, date, calcium in zip(
            water["person_id"], water["date"], water["calcium_mg"], strict=True
        ):
            if known_float(calcium) is None:  # drinks whose calcium is unknown
                day = found[(str(person), pd.Timestamp(date))]
                day["n_unknown_ca"] = day.get("n_unknown_ca", 0) + 1
    empty = {"litres": 0.0, "n_drinks": 0, "n_unknown": 0, "n_unknown_ca": 0,
             **dict.fromkeys(_WATER_KEYS, 0.0)}  # fmt: skip
    out = []
    for key in keys:
        row = found.get(key)
        if row is None:
            out.append(dict(empty))
            continue
        values = {k: known_float(row.get(k)) for k in ("litres", *_WATER_KEYS)}
        out.append({
            **{k: 0.0 if v is None else v for k, v in values.items()},  # sums of known values
            "n_drinks": int(row["n_drinks"]), "n_unknown": int(row["n_unknown"]),
            "n_unknown_ca": int(row.get("n_unknown_ca", 0)),
        })  # fmt: skip
    return out


def _water_period(analysis: IntakeAnalysis, days: list[dict[str, Any]]) -> dict[str, str]:
    """The mean water per day over every logged day (as the summary averages it), with
    the mean of the days' low and high ends, for magnesium and calcium [mg/day]."""
    s = analysis.summary
    n_drinks = sum(d["n_drinks"] for d in days)
    out = {}
    for mineral, value, unknown in (("magnesium", s.water_magnesium_mg, "n_unknown"),
                                    ("calcium", s.water_calcium_mg, "n_unknown_ca")):  # fmt: skip
        n = len(days)
        low = math.fsum(d[f"{mineral}_mg_low"] for d in days) / n if n else None
        high = math.fsum(d[f"{mineral}_mg_high"] for d in days) / n if n else None
        out[mineral] = _water_amount(value, low, high, n_drinks,
                                     sum(d[unknown] for d in days), "mg/day")  # fmt: skip
    return out


def _water_used(form: Any, analysis: IntakeAnalysis) -> str:
    """The water a drink was counted as, in words."""
    if form == TAP_WATER_ID:
        tap = analysis.person.tap_water if analysis.person is not None else None
        if tap is None:
            return "tap water (content not given)"
        own = tap.name in (Water.model_fields["name"].default, "your tap water")
        return "your tap water" if own else f"tap water: {tap.name}"
    if form == UNKNOWN_WATER_ID:
        return "no brand named (content unknown)"
    if isinstance(form, str) and form in (table := load_waters()):
        return table[form].name
    return "your own water (figures as given)"


def _water_rows(analysis: IntakeAnalysis) -> list[dict[str, Any]]:
    """Every drink of water of the ledger: day, as logged, the water used, volume,
    magnesium and calcium with their ranges, notes."""
    ledger = analysis.supplements
    water = ledger[ledger["source"] == "water"]
    people = len(set(analysis.daily["person_id"])) > 1
    rows = []
    for r in water.sort_values(["date", "entry_id"], kind="stable").to_dict("records"):
        rows.append({
            "day": (f"{r['person_id']} · " if people else "") + _day(r["date"]),
            "product": _text(r["product"]),
            "water": _water_used(r["form"], analysis),
            "volume": _volume(_litres(r["dose"])),
            "magnesium": fmt_range(r["magnesium_mg"], r.get("magnesium_mg_low"),
                                   r.get("magnesium_mg_high")),
            "calcium": fmt_range(r["calcium_mg"], r.get("calcium_mg_low"),
                                 r.get("calcium_mg_high")),
            "notes": _drink_notes(r.get("flags")),
            "raw_mg": _raw(r["magnesium_mg"]),
        })  # fmt: skip
    return rows


def _water_sources(analysis: IntakeAnalysis) -> list[dict[str, str]]:
    """Where the figures of each water in the report come from (the table's source; the
    person's tap water's; none for a water named without a brand or one's own)."""
    ledger = analysis.supplements
    forms = dict.fromkeys(ledger.loc[ledger["source"] == "water", "form"])
    table = load_waters()
    by_source: dict[str, list[str]] = {}
    for form in forms:
        if not isinstance(form, str) or not form or form == UNKNOWN_WATER_ID:
            continue
        if form == TAP_WATER_ID:
            tap = analysis.person.tap_water if analysis.person is not None else None
            if tap is None:
                continue
            name = _water_used(TAP_WATER_ID, analysis)
            source = (
                "figures given for this report"
                if tap.source == Water.model_fields["source"].default
                else plain_source(tap.source)
            )
        elif form in table:
            name, source = table[form].name, plain_source(table[form].source)
        else:
            continue
        by_source.setdefault(source, []).append(name)
    return [{"waters": ", ".join(names), "source": source} for source, names in by_source.items()]


# -- per day ------------------------------------------------------------------------------------
def _daily_rows(analysis: IntakeAnalysis, water: list[dict[str, Any]]) -> list[dict[str, Any]]:
    refs = analysis.references
    ear, target = (None, None) if refs is None else (refs.magnesium_ear_mg, refs.magnesium_rda_mg)
    kind = _kind(refs, "magnesium")
    ca_kind, d_kind = _kind(refs, "calcium"), _kind(refs, "vitamin_d")
    people = len(set(analysis.daily["person_id"])) > 1
    rows = []
    for day, drunk in zip(analysis.daily.to_dict("records"), water, strict=True):
        known = [known_float(day["coverage"]), known_float(day["calcium_coverage"])]
        coverage = min((v for v in known if v is not None), default=None)
        over = str(day["ul_status"]) == "over"
        total_css, total_label = intake_flag(day["total_magnesium_mg"], ear, target, kind)
        if over:  # the total may meet the RDA, but the supplements were over the UL
            total_css, total_label = "high", f"{total_label}; over UL"
        has_food = int(day["n_entries"]) > 0
        ca_target = known_float(day["calcium_rda_mg"])
        d_target = known_float(day["vitamin_d_rda_ug"])
        rows.append(
            {
                "day": (f"{day['person_id']} · " if people else "") + _day(day["date"]),
                "has_food": has_food,
                "food_mg": fmt_mg(day["magnesium_mg"]) if has_food else "no food logged",
                "coverage": fmt_pct(day["coverage"], share=True),
                "supplemental_mg": fmt_mg(day["supplemental_magnesium_mg"]),
                "supplement_mg": fmt_mg(day["supplement_magnesium_mg"]),
                "medication_mg": fmt_mg(day["medication_magnesium_mg"]),
                "water_mg": _water_amount(
                    day["water_magnesium_mg"],
                    drunk["magnesium_mg_low"],
                    drunk["magnesium_mg_high"],
                    drunk["n_drinks"],
                    drunk["n_unknown"],
                ),
                "water_ca": _water_amount(
                    day["water_calcium_mg"],
                    drunk["calcium_mg_low"],
                    drunk["calcium_mg_high"],
                    drunk["n_drinks"],
                    drunk["n_unknown_ca"],
                ),
                "total_mg": fmt_mg(day["total_magnesium_mg"]),
                "total_pct": fmt_pct(day["pct_rda"]) if target is not None else "n/a",
                "total_flag": (total_css, total_label),
                "food_ca": fmt_mg(day["calcium_mg"]),
                "total_ca": fmt_mg(day["total_calcium_mg"]),
                "ca_pct": fmt_pct(day["calcium_pct_rda"]) if ca_target is not None else "n/a",
                "ca_flag": intake_badge(
                    str(day["calcium_flag"]),
                    ca_target,
                    ca_kind,
                    int(str(day["calcium_ul_status"]) == "over"),
                    1,
                ),
                "food_d": fmt_mg(day["vitamin_d_ug"], "µg"),
                "total_d": fmt_mg(day["total_vitamin_d_ug"], "µg"),
                "d_pct": fmt_pct(day["vitamin_d_pct_rda"]) if d_target is not None else "n/a",
                "d_flag": intake_badge(
                    str(day["vitamin_d_flag"]),
                    d_target,
                    d_kind,
                    int(str(day["vitamin_d_ul_status"]) == "over"),
                    1,
                ),
                "ratio_coverage": fmt_pct(coverage, share=True),
                "ratio": fmt_ratio(day["ca_mg_ratio"]),
                "ratio_flag": _RATIO_WORDS.get(str(day["ratio_flag"]), ("unknown", "")),
                "total_ratio": fmt_ratio(day["total_ca_mg_ratio"]),
                "total_ratio_flag": _RATIO_WORDS.get(str(day["total_ratio_flag"]), ("unknown", "")),
                "ul": fmt_mg(day["ul_mg"], "mg/day") if known_float(day["ul_mg"]) else "none set",
                "ul_flag": {
                    "over": ("high", "over UL"),
                    "within": ("ok", "within UL"),
                    "none_taken": ("muted", "none taken"),
                    "no_ul": ("muted", "no UL set"),
                }.get(str(day["ul_status"]), ("unknown", str(day["ul_status"]))),
            }
        )
    return rows


def _mean_row(analysis: IntakeAnalysis, water: Mapping[str, str]) -> dict[str, Any]:
    s = analysis.summary
    refs = analysis.references
    kind = _kind(refs, "magnesium")
    return {
        "food_mg": fmt_mg(s.magnesium_mg),
        "coverage": fmt_pct(s.coverage, share=True),
        "supplemental_mg": fmt_mg(s.supplemental_magnesium_mg),
        "water_mg": water["magnesium"],
        "water_ca": water["calcium"],
        "total_mg": fmt_mg(s.total_magnesium_mg),
        "total_pct": fmt_pct(s.pct_rda) if s.rda_mg is not None else "n/a",
        "total_flag": intake_badge(
            s.intake_flag, s.rda_mg, kind, s.days_ul_exceeded, len(analysis.daily)
        ),
        "food_ca": fmt_mg(s.calcium_mg),
        "total_ca": fmt_mg(s.total_calcium_mg),
        "ca_pct": fmt_pct(s.calcium_pct_rda) if s.calcium_rda_mg is not None else "n/a",
        "ca_flag": intake_badge(
            s.calcium_flag,
            s.calcium_rda_mg,
            _kind(refs, "calcium"),
            s.days_calcium_ul_exceeded,
            len(analysis.daily),
        ),
        "food_d": fmt_mg(s.vitamin_d_ug, "µg"),
        "total_d": fmt_mg(s.total_vitamin_d_ug, "µg"),
        "d_pct": fmt_pct(s.vitamin_d_pct_rda) if s.vitamin_d_rda_ug is not None else "n/a",
        "d_flag": intake_badge(
            s.vitamin_d_flag,
            s.vitamin_d_rda_ug,
            _kind(refs, "vitamin_d"),
            s.days_vitamin_d_ul_exceeded,
            len(analysis.daily),
        ),
        "ratio": fmt_ratio(s.ca_mg_ratio),
        "ratio_flag": _RATIO_WORDS.get(s.ratio_flag, ("unknown", "")),
        "total_ratio": fmt_ratio(s.total_ca_mg_ratio),
        "total_ratio_flag": _RATIO_WORDS.get(s.total_ratio_flag, ("unknown", "")),
    }


def _meal_table(analysis: IntakeAnalysis) -> dict[str, Any]:
    meals = analysis.meals
    if meals.empty:
        return {"meals": [], "rows": []}
    frame = meals.assign(meal=meals["meal"].fillna("(no meal)").astype(str))
    names = sorted(frame["meal"].unique(), key=_meal_key)
    people = len(set(frame["person_id"])) > 1
    rows = []
    for (person, date), group in frame.groupby(["person_id", "date"], sort=True):
        by_meal = {str(r["meal"]): r for r in group.to_dict("records")}
        cells = []
        for name in names:
            record = by_meal.get(name)
            if record is None:
                cells.append({"value": "—", "partial": False, "title": "not logged"})
                continue
            coverage = known_float(record["coverage"])
            cells.append(
                {
                    "value": fmt_mg(record["magnesium_mg"]),
                    "partial": coverage is None or coverage < 1.0,
                    "title": f"{int(record['n_entries'])} entries, "
                    f"{fmt_pct(coverage, share=True)} known",
                }
            )
        rows.append({"day": (f"{person} · " if people else "") + _day(date), "cells": cells})
    return {"meals": names, "rows": rows}


def _meal_key(name: str) -> tuple[int, str]:
    low = name.lower()
    return (_MEAL_ORDER.index(low) if low in _MEAL_ORDER else 99, low)


def _sources(analysis: IntakeAnalysis, n: int) -> list[dict[str, str]]:
    return [
        {
            "description": str(r["description"]),
            "n_entries": str(int(r["n_entries"])),
            "grams": fmt_grams(r["grams"]),
            "magnesium": fmt_mg(r["magnesium_mg"]),
            "calcium": fmt_mg(r["calcium_mg"]),
            "share": fmt_pct(r["share"], share=True),
        }
        for r in analysis.top_sources(n).to_dict("records")
    ]


# -- the itemised diary -------------------------------------------------------------------------
def _entry_notes(flags: Any) -> list[str]:
    names = [f for f in str(flags or "").split(";") if f]
    return [_REVIEW_WORDS[f] for f in names if f in _REVIEW_WORDS]


def _is_drink(flags: Any, status: Any) -> bool:
    """Whether a log entry is a drink of water counted in the water ledger."""
    return status == "resolved" and "water" in str(flags or "").split(";")


def _drink_notes(flags: Any, low: Any = None, high: Any = None) -> list[str]:
    """A drink's flags in short words, and its magnesium range where its sources differ."""
    notes = [_WATER_WORDS[f] for f in str(flags or "").split(";") if f in _WATER_WORDS]
    lo, hi = known_float(low), known_float(high)
    if lo is not None and hi is not None and lo < hi:
        notes.append(f"magnesium {_outward(lo, up=False)}–{_outward(hi, up=True)} mg")
    return notes


_RECIPE_PREFIX: Final = f"{RECIPE_SOURCE}:"
_ONE_SERVING: Final = "no amount was given; one serving of the recipe is used"


class _Recipes:
    """The recipes of a book as the diary shows them: each looked up and resolved once."""

    def __init__(self, book: RecipeBook | None, details: bool) -> None:
        self.book = book
        self.details = details
        self._found: dict[str, tuple[Recipe, RecipeNutrients, pd.DataFrame | None] | None] = {}

    def get(self, food_id: str) -> tuple[Recipe, RecipeNutrients, pd.DataFrame | None] | None:
        """The recipe of a food id, its nutrients and (with details) its ingredients."""
        if self.book is None or not food_id.startswith(_RECIPE_PREFIX):
            return None
        if food_id not in self._found:
            recipe = next((r for r in self.book if r.recipe_id == food_id), None)
            if recipe is None:
                self._found[food_id] = None
            else:
                table = FoodTable.default()
                parts = recipe.ingredients(table) if self.details else None
                self._found[food_id] = (recipe, recipe.nutrients(table), parts)
        return self._found[food_id]

    def used(self) -> list[tuple[Recipe, RecipeNutrients]]:
        """The recipes looked up so far that the book holds, in order of first use."""
        return [(found[0], found[1]) for found in self._found.values() if found is not None]


def _recipe_notes(food_id: Any, flags: str, grams: Any, recipes: _Recipes) -> list[str]:
    """What the diary says of a recipe's line: that it is one, one serving when no amount
    was given, the share of the dish eaten, and a value left unknown by an ingredient."""
    notes = ["home recipe"]
    if "default_portion" in flags.split(";"):
        notes.append("no amount: one serving")
    found = recipes.get(str(food_id))
    if found is None:
        return notes
    _, values, _ = found
    share = known_float(grams)
    if share is not None and values.weight_g > 0:
        notes.append(f"{100 * share / values.weight_g:.0f} % of the dish")
    missing = [name for name, coverage in (("magnesium", values.magnesium_coverage),
               ("calcium", values.calcium_coverage), ("vitamin D", values.vitamin_d_coverage))
               if coverage < 1.0]  # fmt: skip
    if missing:
        notes.append(f"{' and '.join(missing)} unknown: an ingredient has no value")
    return notes


def _ingredient_rows(food_id: Any, grams: Any, recipes: _Recipes) -> list[dict[str, Any]]:
    """A recipe line's ingredients, scaled to the share of the dish eaten (entry grams /
    the dish's weight); none unless details were asked for."""
    found = recipes.get(str(food_id))
    eaten = known_float(grams)
    if found is None or found[2] is None or eaten is None or not found[1].weight_g > 0:
        return []
    _, values, parts = found
    share = eaten / values.weight_g
    rows = []
    for record in parts.to_dict("records") if parts is not None else []:
        r = {str(k): v for k, v in record.items()}
        resolved = r["status"] == "resolved"

        def scaled(column: str, r: dict[str, Any] = r) -> float:
            value = known_float(r[column])
            return math.nan if value is None else value * share

        rows.append({
            "text": _text(r["line"]),
            "food": _text(r["description"]) if resolved else "not recognised",
            "grams": _number(scaled("grams")) if resolved else "—",
            "mg": _number(scaled("magnesium_mg")), "ca": _number(scaled("calcium_mg")),
            "d": _number(scaled("vitamin_d_ug")), "raw_mg": _raw(scaled("magnesium_mg")),
            "notes": [] if resolved else ["not counted"],
        })  # fmt: skip
    return rows


def _recipe_notes_of(analysis: IntakeAnalysis, recipes: _Recipes) -> dict[str, Any] | None:
    """What the methods say of the home recipes in the log (None when there are none):
    each recipe of the book that the diary used, with its servings and weight."""
    entries = analysis.entries
    ids = [str(i) for i in entries.loc[entries["status"] == "resolved", "food_id"]]
    if not any(i.startswith(_RECIPE_PREFIX) for i in ids):
        return None
    used = []
    for recipe, values in recipes.used():
        weight = (
            f"its cooked weight, {fmt_grams(values.weight_g)}"
            if recipe.cooked_weight_g is not None
            else f"its raw ingredients' weight, {fmt_grams(values.weight_g)}"
        )
        used.append(
            f"{recipe.name}: {len(recipe.lines)} ingredients, {recipe.servings:g} "
            f"serving{'s' if recipe.servings != 1 else ''} of {fmt_grams(values.serving_g)}; "
            f"per 100 g refers to {weight}"
        )
    return {"used": used}


def _diary(analysis: IntakeAnalysis, recipes: _Recipes | None = None) -> list[dict[str, Any]]:
    """Per person and day, per meal: every logged line with the food used and its values,
    the food total, then the day's drinks of water and doses, and the day's total.

    A log line that is a drink of water is shown once, among the drinks (its row of the
    water ledger, which has the same entry id, is not shown again), so the food total is
    the sum of the food lines and the day total the sum of every row. A recipe's line
    names the dish; with ``recipes`` (a book, and details asked for) its ingredients
    follow it, scaled to the share eaten, as rows that add nothing to the totals."""
    recipes = recipes if recipes is not None else _Recipes(None, details=False)
    entries = analysis.entries.sort_values("entry_id", kind="stable")
    ledger = analysis.supplements.sort_values("entry_id", kind="stable")
    daily = analysis.daily
    people = len(set(daily["person_id"])) > 1
    lines: dict[tuple[str, Any], dict[str, list[dict[str, Any]]]] = {}
    drinks: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    drink_ids: set[int] = set()
    water = ledger[ledger["source"] == "water"]
    ranges = {int(i): (low, high) for i, low, high in zip(
        water["entry_id"], water["magnesium_mg_low"], water["magnesium_mg_high"], strict=True
    )}  # fmt: skip
    columns = ["entry_id", "person_id", "date", "meal", "text", "status", "food_id",
               "description", "grams", "magnesium_mg", "calcium_mg", "vitamin_d_ug",
               "flags"]  # fmt: skip
    for r in entries[columns].to_dict("records"):
        key = (str(r["person_id"]), pd.Timestamp(r["date"]))
        meal = _text(r["meal"]) or "(no meal)"
        resolved = r["status"] == "resolved"
        flags = str(r["flags"] or "")
        row = {
            "text": _text(r["text"]),
            "food": _text(r["description"]) if resolved else "not recognised",
            "resolved": resolved,
            "grams": _number(r["grams"]) if resolved else "—",
            "mg": _number(r["magnesium_mg"]),
            "ca": _number(r["calcium_mg"]),
            "d": _number(r["vitamin_d_ug"]),
            "raw_mg": _raw(r["magnesium_mg"]),
            "raw_ca": _raw(r["calcium_mg"]),
            "raw_d": _raw(r["vitamin_d_ug"]),
            "notes": _entry_notes(flags) if resolved else ["not counted"],
            "review": any(f in REVIEW_FLAGS for f in flags.split(";")),
            "ingredients": [],
        }
        if resolved and str(r["food_id"]).startswith(_RECIPE_PREFIX):
            own = _recipe_notes(r["food_id"], flags, r["grams"], recipes)
            said = {_REVIEW_WORDS["default_portion"]}  # said as "one serving"
            if any(n.startswith("magnesium") and "unknown" in n for n in own):
                said.add(_REVIEW_WORDS["magnesium_not_reported"])  # said with the reason
            row["notes"] = [*own, *(n for n in row["notes"] if n not in said)]
            row["ingredients"] = _ingredient_rows(r["food_id"], r["grams"], recipes)
        if _is_drink(flags, r["status"]):
            drink_ids.add(int(r["entry_id"]))
            low, high = ranges.get(int(r["entry_id"]), (None, None))
            row.update(
                cls="line drink", food=f"drinking water: {_water_used(r['food_id'], analysis)}",
                d="", raw_d="", notes=[meal, *_drink_notes(flags, low, high)],
            )  # fmt: skip
            drinks.setdefault(key, []).append(row)
            continue
        lines.setdefault(key, {}).setdefault(meal, []).append(row)
    kinds = {"supplement": "supplement", "medication": "medicine"}
    doses: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for r in ledger.to_dict("records"):
        key = (str(r["person_id"]), pd.Timestamp(r["date"]))
        dose = r["source"] != "water"  # a dose's blank: none declared; a drink's: unknown
        row = {
            "text": " ".join(t for t in (_text(r["product"]), _text(r["dose"])) if t),
            "kind": kinds.get(str(r["source"]), str(r["source"])),
            **{
                key: "—" if dose and known_float(r[column]) is None else _number(r[column])
                for key, column in (
                    ("mg", "magnesium_mg"),
                    ("ca", "calcium_mg"),
                    ("d", "vitamin_d_ug"),
                )
            },
            "raw_mg": _raw(r["magnesium_mg"]),
            "raw_ca": _raw(r["calcium_mg"]),
            "raw_d": _raw(r["vitamin_d_ug"]),
        }
        if dose:
            doses.setdefault(key, []).append(row)
        elif int(r["entry_id"]) not in drink_ids:  # a drink logged as a line: shown above
            litres = _litres(r["dose"])
            volume = _volume(litres)
            low, high = r["magnesium_mg_low"], r["magnesium_mg_high"]
            drinks.setdefault(key, []).append({
                **row, "cls": "drink", "text": _text(r["product"]),
                "food": "drinking water",
                "grams": "—" if litres is None else _number(litres * 1000.0),
                "d": "", "raw_d": "", "notes": [volume, *_drink_notes(r.get("flags"), low, high)],
            })  # fmt: skip
    days = []
    for day in daily.to_dict("records"):
        key = (str(day["person_id"]), pd.Timestamp(day["date"]))
        by_meal = lines.get(key, {})
        meals = [{"meal": m, "lines": by_meal[m]} for m in sorted(by_meal, key=_meal_key)]
        day_drinks = drinks.get(key, [])
        days.append(
            {
                "day": (f"{day['person_id']} · " if people else "") + _day(day["date"]),
                "date": pd.Timestamp(day["date"]).strftime("%Y-%m-%d"),
                "person": str(day["person_id"]),
                "meals": meals,
                "drinks": day_drinks,
                "doses": doses.get(key, []),
                "n_lines": sum(len(m["lines"]) for m in meals)
                + sum(d["cls"] == "line drink" for d in day_drinks),
                "food_mg": _number(day["magnesium_mg"]),
                "food_ca": _number(day["calcium_mg"]),
                "food_d": _number(day["vitamin_d_ug"]),
                "total_mg": _number(day["total_magnesium_mg"]),
                "total_ca": _number(day["total_calcium_mg"]),
                "total_d": _number(day["total_vitamin_d_ug"]),
                "raw_food_mg": _raw(day["magnesium_mg"]),
                "raw_total_mg": _raw(day["total_magnesium_mg"]),
                "coverage": fmt_pct(day["coverage"], share=True),
            }
        )
    return days


# -- supplements, review, quality ---------------------------------------------------------------
def _supplement_rows(analysis: IntakeAnalysis) -> list[dict[str, str]]:
    """Every supplement and medicine dose (drinks of water have their own table)."""
    ledger = analysis.supplements
    ledger = ledger[ledger["source"] != "water"]
    people = len(set(ledger["person_id"])) > 1
    return [
        {
            "day": (f"{r['person_id']} · " if people else "") + _day(r["date"]),
            "product": _text(r["product"]),
            "form": _text(r["form"]).replace("_", " ") or "—",  # "bisglycinate anhydrous"
            "dose": _text(r["dose"]),
            "basis": {"elemental": "as the element", "compound": "as the compound"}.get(
                _text(r["basis"]), _text(r["basis"])
            ),
            "source": {"medication": "medicine"}.get(_text(r["source"]), _text(r["source"])),
            "magnesium": _declared(r["magnesium_mg"]),
            "calcium": _declared(r["calcium_mg"]),
            "vitamin_d": _declared(r["vitamin_d_ug"], "µg"),
        }
        for r in ledger.sort_values(["date", "entry_id"], kind="stable").to_dict("records")
    ]


def _declared(value: Any, unit: str = "mg") -> str:
    """A dose's nutrient: the amount, or ``"—"`` where the product declares none (a dose's
    blank is "none declared", which adds nothing; a drink's blank is unknown)."""
    return "—" if known_float(value) is None else fmt_mg(value, unit)


def _review(analysis: IntakeAnalysis, review_score: float) -> list[dict[str, Any]]:
    """Each line that asks for review once: what was assumed or uncertain, on which days."""
    entries = analysis.entries
    resolved = entries[entries["status"] == "resolved"]
    lines: dict[tuple[str, str], dict[str, Any]] = {}
    for r in resolved.sort_values(["date", "entry_id"], kind="stable").to_dict("records"):
        flags = [f for f in str(r["flags"] or "").split(";") if f]
        if "default_portion" in flags:  # "no amount" is said once, by the portion used
            flags = [f for f in flags if f != "no_amount"]
        score = known_float(r["match_score"])
        weak = score is not None and score < review_score
        notes = _flag_text(";".join(flags))
        if str(r["food_id"]).startswith(_RECIPE_PREFIX) and "default_portion" in flags:
            notes = [_ONE_SERVING if n == _flag_text("default_portion")[0] else n for n in notes]
        if weak and "low_score" not in flags:
            notes.append("the food match is not certain")
        if not notes:
            continue
        key = (_text(r["text"]).strip().lower(), _text(r["description"]))
        line = lines.setdefault(
            key,
            {
                "text": _text(r["text"]),
                "food": _text(r["description"]),
                "grams": fmt_grams(r["grams"]),
                "notes": [],
                "days": [],
                "alternatives": "; ".join(
                    str(a[1]) for a in (r["alternatives"] or ())[:3] if len(a) == 3
                ),
            },
        )
        for note in notes:
            if note not in line["notes"]:
                line["notes"].append(note)
        day = pd.Timestamp(r["date"]).strftime("%d %b")
        if day not in line["days"]:
            line["days"].append(day)
    return list(lines.values())


def _quality(analysis: IntakeAnalysis, review_score: float) -> dict[str, Any]:
    entries = analysis.entries
    unresolved = [
        {
            "day": _day(r["date"]),
            "meal": _text(r["meal"]),
            "text": _text(r["text"]),
            "reason": _reason(r),
            "candidates": "; ".join(
                str(a[1]) for a in (r["alternatives"] or ())[:3] if len(a) == 3
            ),
        }
        for r in entries[entries["status"] == "unresolved"].to_dict("records")
    ]
    resolved = entries[entries["status"] == "resolved"]
    s = analysis.summary
    return {
        "coverage": fmt_pct(s.coverage, share=True),
        "n_entries": s.n_entries,
        "n_resolved": s.n_entries - s.n_unresolved,
        "n_unresolved": s.n_unresolved,
        "n_unknown_mg": int(resolved["magnesium_mg"].isna().sum()),
        "unresolved": unresolved,
        "review": _review(analysis, review_score),
        "review_score": f"{review_score:g}",
    }


# -- references and their status ------------------------------------------------------------------
_STATUS_WORDS: Final = {
    "VERIFIED (secondary)": (
        "was checked against reputable copies of the table, not against the original report itself"
    ),
    "UNVERIFIED": (
        "could not be checked against the original table (the available copy was cut "
        "off); it matches the values for the neighbouring age groups"
    ),
}


def _who(row: Any) -> str:
    sex = {"female": "women", "male": "men", "any": "everyone"}[row.sex]
    condition = {"pregnancy": "pregnancy", "lactation": "breastfeeding"}.get(row.condition)
    stage = row.life_stage
    if m := re.fullmatch(r"(\d+)-(\d+)(y|mo)", stage):
        ages = f"{m.group(1)}–{m.group(2)} {'years' if m.group(3) == 'y' else 'months'}"
    elif m := re.fullmatch(r"(\d+)\+(y|mo)", stage):
        ages = f"{m.group(1)} {'years' if m.group(2) == 'y' else 'months'} and over"
    elif m := re.fullmatch(r"<=(\d+)y", stage):
        ages = f"up to {m.group(1)} years"
    else:
        ages = stage
    return f"{condition} ({ages})" if condition else f"{sex}, {ages}"


def _unit(nutrient: str) -> str:
    return "µg/day" if nutrient == "vitamin_d" else "mg/day"


def _references(analysis: IntakeAnalysis, bib: Bibliography) -> list[dict[str, str]]:
    refs = analysis.references
    if refs is None:
        return []
    return [
        {
            "nutrient": _NUTRIENT_WORDS.get(row.nutrient, row.nutrient),
            "kind": _KIND_WORDS.get(row.kind, row.kind),
            "value": fmt_mg(row.value, _unit(row.nutrient))
            if row.value is not None
            else "none set",
            "scope": row.scope,
            "who": _who(row),
            "cite": bib.cite(row.source),
        }
        for row in refs.values  # noqa: PD011  # a pydantic field, not pandas
    ]


def _value_status(analysis: IntakeAnalysis, bib: Bibliography) -> list[str]:
    """Each reference value not checked against its primary source, and the ratio range
    when it has none, said once in plain words."""
    notes = []
    refs = analysis.references
    if refs is not None:
        for row in refs.values:  # noqa: PD011  # a pydantic field, not pandas
            words = _STATUS_WORDS.get(row.status)
            if words and row.value is not None:
                notes.append(
                    f"The {_NUTRIENT_WORDS.get(row.nutrient, row.nutrient).lower()} "
                    f"{row.kind} for {_who(row)}, {fmt_mg(row.value, _unit(row.nutrient))}, "
                    f"{words} {bib.cite(row.source)}."
                )
    rng = analysis.summary.ratio_range
    if rng.name == "default":
        notes.append(
            f"The calcium-to-magnesium range {rng.low:g}–{rng.high:g} used in this report is "
            "the range commonly quoted for bone health; no primary published source for it "
            "was found. The span implied by the adult calcium and magnesium RDAs is wider "
            f"(2.4–3.8). A peer-reviewed proposal is 1.70–2.60 by weight "
            f"{bib.numbers(['Costello 2021'])}."
        )
    elif rng.name == "custom":
        notes.append(
            f"The calcium-to-magnesium range {rng.low:g}–{rng.high:g} was chosen for this "
            "report by the practitioner."
        )
    return notes


def _plain(text: str) -> str:
    """An assumption of the summary in client-facing words."""
    out = re.sub(r"\s*\((default|custom|costello2021)\)", "", text)
    return out[:1].upper() + out[1:] if out else out


# -- the follow-up comparison ---------------------------------------------------------------------
def _comparison(comparison: Comparison | None) -> dict[str, Any] | None:
    if comparison is None:
        return None
    a, b = comparison.before, comparison.after

    def period(p: Any) -> str:
        if p.first_date is None:
            return "no days logged"
        return f"{p.first_date:%d %b %Y} – {p.last_date:%d %b %Y} ({p.n_days} days)"

    def amount(value: float | None, unit: str) -> str:
        if value is None:
            return "unknown"
        if unit == "":
            return f"{value:.2f}"
        if unit == "%":
            return f"{value:.0f} %"
        if unit == "days":
            return f"{value:.0f}"
        return fmt_mg(value, unit)

    def change(value: float | None, unit: str) -> str:
        if value is None:
            return "—"
        sign = "+" if value > 0 else "−" if value < 0 else "±"
        return sign + amount(abs(value), unit)

    rows = [
        {
            "label": c.label,
            "before": amount(c.before, c.unit),
            "after": amount(c.after, c.unit),
            "change": change(c.difference, c.unit),
            "css": "" if not c.difference else ("up" if c.difference > 0 else "down"),
        }
        for c in comparison.changes
    ]
    return {
        "before_label": a.label,
        "after_label": b.label,
        "before_period": period(a),
        "after_period": period(b),
        "rows": rows,
        "summary": list(comparison.summary),
        "notes": list(comparison.notes),
        "sources": [
            {
                "rank": i + 1,
                "before": a.top_sources[i].description if i < len(a.top_sources) else "",
                "after": b.top_sources[i].description if i < len(b.top_sources) else "",
            }
            for i in range(max(len(a.top_sources), len(b.top_sources)))
        ],
    }


# -- next steps: a suggestion -----------------------------------------------------------------
_DIET_WORDS: Final = {"vegetarian": "vegetarian foods only", "vegan": "vegan foods only"}


def _plan(analysis: IntakeAnalysis, suggestion: Suggestion | bool | None) -> Suggestion | None:
    """The suggestion to show: the one given, or with ``True`` the default one
    (:func:`mgcalc.suggest` on the analysis's person)."""
    if suggestion is None or suggestion is False:
        return None
    if suggestion is True:
        from mgcalc.suggestions import suggest

        return suggest(analysis)
    return suggestion


def _excluded(items: Iterable[str]) -> list[str]:
    """Exclusions in words: a food group as given, a food id as the food's name."""
    table = FoodTable.default()
    out = []
    for item in items:
        if ":" in item and item in table:
            out.append(str(table.descriptions[table.position(item)]))
        else:
            out.append(item)
    return out


def _next_steps(plan: Suggestion | None) -> dict[str, Any] | None:
    """The "Next steps" section: the changes in plain words, their effect on the daily
    averages against each goal, or what stands in the way of any plan."""
    if plan is None:
        return None
    before, after = plan.before, plan.after
    mg_kind = {"custom": "the chosen target", "EAR": "the EAR"}.get(
        plan.target_kind, f"the {plan.target_kind}"
    )
    which = "total" if plan.basis == "total" else "from food"

    def pct(f: Any) -> str:
        return "" if f.pct_rda is None else f" ({f.pct_rda:.0f} %)"

    def ratio(f: Any) -> dict[str, Any]:
        css, label = _RATIO_WORDS.get(f.ratio_flag, ("unknown", f.ratio_flag))
        return {"text": fmt_ratio(f.ca_mg_ratio), "flag": (css, label)}

    def cell(text: str) -> dict[str, Any]:
        return {"text": text, "flag": None}

    def row(label: str, get: Any, goal: str) -> dict[str, Any]:
        return {"label": label, "now": get(before),
                "after": None if after is None else get(after), "goal": goal}  # fmt: skip

    def amount(name: str, unit: str) -> Any:
        return lambda f: cell(fmt_mg(getattr(f, name), unit))

    def at_most(limit: float, unit: str) -> str:
        return f"at most {fmt_mg(limit, unit)} (upper limit)"

    rows = [
        row(
            f"Magnesium, {which}",
            lambda f: cell(fmt_mg(f.magnesium_mg, "mg/day") + pct(f)),
            f"at least {fmt_mg(plan.target_mg, 'mg/day')} ({mg_kind})",
        ),
        row(
            "Calcium : magnesium ratio",
            ratio,
            f"{plan.ratio_range.low:g}–{plan.ratio_range.high:g}",
        ),
        row(f"Calcium, {which}", amount("calcium_mg", "mg/day"), ""),
    ]
    if before.calcium_ul_mg is not None:
        rows.append(row("Calcium on the highest day", amount("max_day_calcium_mg", "mg/day"),
                        at_most(before.calcium_ul_mg, "mg/day")))  # fmt: skip
    rows.append(row("Vitamin D, total", amount("vitamin_d_ug", "µg/day"), ""))
    if before.vitamin_d_ul_ug is not None:
        rows.append(row("Vitamin D on the highest day", amount("max_day_vitamin_d_ug", "µg/day"),
                        at_most(before.vitamin_d_ul_ug, "µg/day")))  # fmt: skip
    if plan.allow_supplements and before.magnesium_ul_mg is not None:
        rows.append(row("Magnesium from supplements and medicines, highest day",
                        amount("max_day_supplemental_magnesium_mg", "mg/day"),
                        at_most(before.magnesium_ul_mg, "mg/day")))  # fmt: skip
    budget = plan.energy_budget_kcal
    energy_goal = "" if budget is None else f"at most {budget:+,.0f} kcal/day added"
    rows.append(row("Energy from food", amount("energy_kcal", "kcal/day"), energy_goal))
    n = len(plan.changes)
    lead = {
        "ok": f"{n} change{'s' if n != 1 else ''} to what is eaten would meet every goal in "
        "the table below:",
        "already_met": "The food and drink logged already meet every goal in the table below: "
        "nothing needs to change.",
        "infeasible": f"No set of up to {plan.max_changes} change"
        f"{'s' if plan.max_changes != 1 else ''} to the foods meets every goal in the table "
        "below at once. "
        + (
            "What stands in the way:"
            if plan.shortfalls
            else "No single goal, relaxed "
            "alone, would make one possible: the goals work against each other."
        ),
        "unsolved": "No suggestion could be worked out for this log.",
    }[plan.status]
    options = [f"at most {plan.max_changes} change{'s' if plan.max_changes != 1 else ''}",
               "foods and a magnesium supplement if food alone cannot" if plan.allow_supplements
               else "foods only, no supplement"]  # fmt: skip
    if budget is not None:
        options.append(f"energy added at most {budget:+,.0f} kcal/day")
    if plan.exclude:
        options.append("leaving out " + ", ".join(_excluded(plan.exclude)))
    if plan.diet in _DIET_WORDS:
        options.append(_DIET_WORDS[plan.diet])
    options.append("the client's own foods first" if plan.prefer == "own_foods"
                   else "least added energy first")  # fmt: skip
    return {
        "status": plan.status,
        "lead": lead,
        "changes": [c.text for c in plan.changes],
        "rows": rows,
        "has_after": after is not None and bool(plan.changes),
        "shortfalls": [s.text for s in plan.shortfalls],
        "unsolved": plan.message if plan.status == "unsolved" else "",
        "notes": [note[:1].upper() + note[1:] for note in plan.notes],
        "options": "; ".join(options),
        "n_days": plan.n_days,
    }


# -- charts and the whole context -----------------------------------------------------------------
def _charts(analysis: IntakeAnalysis, n_sources: int) -> dict[str, str]:
    from markupsafe import Markup

    from mgcalc.plots import (
        figure_to_svg,
        plot_daily_magnesium,
        plot_ratio,
        plot_supplements,
        plot_top_sources,
    )

    figures = {
        "daily": plot_daily_magnesium(analysis),
        "ratio": plot_ratio(analysis),
        "sources": plot_top_sources(analysis, n_sources),
        "supplements": plot_supplements(analysis),
    }
    return {key: Markup(figure_to_svg(fig, salt=f"mgcalc-{key}")) for key, fig in figures.items()}


def period_label(analysis: IntakeAnalysis) -> str:
    """The dates a report covers ("16 Nov – 22 Nov 2026")."""
    dates = pd.to_datetime(analysis.daily["date"]) if len(analysis.daily) else pd.Series([])
    if not len(dates):
        return "no days logged"
    first, last = dates.min(), dates.max()
    if first == last:
        return f"{first:%d %b %Y}"
    return f"{first:%d %b} – {last:%d %b %Y}"


def report_context(
    analysis: IntakeAnalysis,
    *,
    info: ReportInfo | None = None,
    comparison: Comparison | None = None,
    timestamp: bool | dt.datetime = False,
    review_score: float = DEFAULT_REVIEW_SCORE,
    n_sources: int = 10,
    charts: bool = True,
    suggestion: Suggestion | bool | None = None,
    recipes: RecipeBook | None = None,
    recipe_details: bool = False,
    **fields: Any,
) -> dict[str, Any]:
    """Everything the template shows, formatted with units (strings are not yet escaped).

    Parameters are those of :func:`render_html`.
    """
    info = report_info(info, **fields)
    if recipe_details and recipes is None:
        raise InvalidValueError(
            "recipe_details needs the recipe book: give recipes=RecipeBook (mgcalc report "
            "--recipes BOOK)"
        )
    s = analysis.summary
    refs = analysis.references
    when: str | None = None
    if timestamp is True:
        when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    elif isinstance(timestamp, dt.datetime):
        when = timestamp.strftime("%Y-%m-%d %H:%M")
    sources = [row.source for row in refs.values] if refs is not None else []  # noqa: PD011
    range_works = ["Costello 2021"] if s.ratio_range.name in ("default", "costello2021") else []
    bib = Bibliography([*_METHOD_WORKS, *range_works], sources)
    person = analysis.person
    book = _Recipes(recipes, details=recipe_details)
    diary = _diary(analysis, book)
    water_days = _water_days(analysis)
    water_period = _water_period(analysis, water_days)
    n_lines = sum(d["n_lines"] for d in diary)
    adequacy = s.adequacy or {}
    return {
        "info": info,
        "title": info.title,
        "client": info.client,
        "report_date": _date_words(info.report_date),
        "generated": when,
        "period": period_label(analysis),
        "summary": s,
        "n_days": s.n_days,
        "n_people": s.n_people,
        "person": None
        if person is None
        else {
            "age": f"{person.age_years:g} years",
            "sex": person.sex,
            "life_stage": _life_stage(analysis),
            "authority": {
                "iom": "US and Canadian Dietary Reference Intakes (Institute of Medicine)",
                "efsa": "European Food Safety Authority (EFSA)",
            }.get(person.authority, person.authority),
        },
        "panel": _panel(analysis, bib, water_period),
        "ratio": _ratio(analysis),
        "references": _references(analysis, bib),
        "value_status": _value_status(analysis, bib),
        "days": _daily_rows(analysis, water_days),
        "mean": _mean_row(analysis, water_period),
        "target_kind": _kind(refs, "magnesium"),
        "ul": fmt_mg(s.ul_mg, "mg/day") if s.ul_mg is not None else "none set",
        "days_ul_exceeded": s.days_ul_exceeded,
        "adequacy": adequacy,
        "meals": _meal_table(analysis),
        "sources": _sources(analysis, n_sources),
        "n_sources": n_sources,
        "diary": diary,
        "diary_inline": n_lines <= DIARY_INLINE_MAX_LINES,
        "n_lines": n_lines,
        "quality": _quality(analysis, review_score),
        "supplements": _supplement_rows(analysis),
        "water": _water_rows(analysis),
        "water_sources": _water_sources(analysis),
        "water_ml": {
            "glass": f"{GLASS_ML:.1f}",
            "bottle": f"{BOTTLE_ML:g}",
            "default": f"{WATER_DEFAULT_ML:g}",
        },
        "assumptions": [_plain(a) for a in s.assumptions],
        "ul_note": _plain(s.ul_note),
        "comparison": _comparison(comparison),
        "bibliography": bib.entries,
        "cite": {key: bib.numbers([key]) for key, _ in bib.entries},
        "charts": _charts(analysis, n_sources) if charts else {},
        "next_steps": _next_steps(_plan(analysis, suggestion)),
        "recipes": _recipe_notes_of(analysis, book),
    }


def _environment() -> Any:
    try:
        import jinja2
    except ImportError as exc:
        raise MissingExtraError("jinja2", "report") from exc
    return jinja2.Environment(
        loader=jinja2.PackageLoader("mgcalc.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(
    analysis: IntakeAnalysis,
    *,
    info: ReportInfo | None = None,
    title: str | None = None,
    client: str | None = None,
    practice: str | None = None,
    logo: str | os.PathLike[str] | None = None,
    report_date: dt.date | str | None = None,
    period: str | None = None,
    comparison: Comparison | None = None,
    timestamp: bool | dt.datetime = False,
    review_score: float = DEFAULT_REVIEW_SCORE,
    n_sources: int = 10,
    suggestion: Suggestion | bool | None = None,
    recipes: RecipeBook | None = None,
    recipe_details: bool = False,
) -> str:
    """The report as one self-contained HTML document.

    Parameters
    ----------
    analysis
        The result of :func:`mgcalc.analyze`.
    info
        Who the report is for, by whom and when (:class:`~mgcalc.records.ReportInfo`);
        the keywords below replace its fields.
    title, client, practice, period
        The report's title, the client's name or reference, the practice, and a label
        for the period (all escaped).
    logo
        An image file (PNG, JPEG, GIF, WebP, SVG) embedded in the header.
    report_date
        The date printed on the report (today by default; give one for a reproducible
        file).
    comparison
        A :func:`mgcalc.compare` result, shown as the follow-up section.
    timestamp
        ``True`` prints the time of generation (UTC), a datetime prints that time;
        ``False`` (the default) prints none.
    review_score
        Food matches used with a score below this (0-100) are listed for review.
    n_sources
        How many top food sources to show.
    suggestion
        A :func:`mgcalc.suggest` result shown as the "Next steps" section (the changes,
        their effect on each goal, or what stands in the way of any plan); ``True``
        works out the default one (``mgcalc.suggest(analysis)``). None or False: no
        such section.
    recipes
        The recipe book the log's home recipes came from
        (:class:`~mgcalc.recipes.RecipeBook`): the diary then says how much of each dish
        was eaten and when an ingredient leaves a value unknown, and the methods list the
        recipes.
    recipe_details
        With ``recipes``: each recipe's line in the diary is followed by its ingredients,
        scaled to the share of the dish eaten.

    Returns
    -------
    str
        The HTML document (UTF-8 text; no external resources).

    Raises
    ------
    MissingExtraError
        If jinja2 or matplotlib is missing (``pip install mgcalc[report]``), or SciPy
        with ``suggestion=True`` (``pip install mgcalc[suggest]``): a report asked for
        next steps is not written without them.
    InvalidValueError
        If the logo is not an image file or is too large, or ``recipe_details`` is asked
        for without ``recipes``.
    """
    env = _environment()
    context = report_context(
        analysis,
        info=info,
        title=title,
        client=client,
        practice=practice,
        logo=logo,
        report_date=report_date,
        period=period,
        comparison=comparison,
        timestamp=timestamp,
        review_score=review_score,
        n_sources=n_sources,
        suggestion=suggestion,
        recipes=recipes,
        recipe_details=recipe_details,
    )
    return str(env.get_template("report.html.j2").render(**context))


def write_html(
    analysis: IntakeAnalysis,
    path: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    **options: Any,
) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8, atomically) and return the path.

    ``inputs`` are the files the report was made from: ``path`` may not be one of them.
    """
    check_not_input(path, inputs)
    return write_text(path, render_html(analysis, **options))


def print_to_pdf(
    html_path: str | os.PathLike[str],
    pdf_path: str | os.PathLike[str],
    *,
    chromium: str | None = None,
    timeout: float = 120.0,
    info: ReportInfo | None = None,
) -> Path:
    """Print an HTML file to PDF with headless Chromium (header and page numbers).

    Raises
    ------
    ChromiumNotFoundError
        If no Chromium is installed.
    ReportError
        If Chromium fails (nothing is written then).
    """
    source = Path(html_path)
    try:
        page = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"cannot read {source.name}: {exc.strerror or exc}") from exc
    return print_html(
        page, pdf_path, info=info or ReportInfo(), period=source.stem, chromium=chromium,
        timeout=timeout, inputs=(source,),
    )  # fmt: skip


def write_pdf(
    analysis: IntakeAnalysis,
    path: str | os.PathLike[str],
    *,
    chromium: str | None = None,
    timeout: float = 120.0,
    inputs: Iterable[str | os.PathLike[str]] = (),
    **options: Any,
) -> Path:
    """Write the report as PDF, printed by headless Chromium, with the report's header and
    "page N of M" on every page.

    Parameters
    ----------
    analysis
        The result of :func:`mgcalc.analyze`.
    path
        Where to write the PDF (atomically: a failure leaves no file).
    chromium
        The Chromium program (found on PATH, or from ``$MGCALC_CHROMIUM``, by default).
    timeout
        Seconds each step may take [s].
    inputs
        The files the report was made from; ``path`` may not be one of them.
    **options
        Passed on to :func:`render_html`.

    Raises
    ------
    ChromiumNotFoundError
        If Chromium is not installed (the HTML report needs no browser).
    ReportError
        If Chromium fails.
    """
    sources = tuple(inputs)
    check_not_input(path, sources)
    if find_chromium() is None and chromium is None:
        raise ChromiumNotFoundError()
    info = report_info(
        options.pop("info", None),
        **{
            k: options.pop(k)
            for k in ("title", "client", "practice", "logo", "report_date", "period")
            if k in options
        },
    )
    page = render_html(analysis, info=info, **options)
    period = info.period or period_label(analysis)
    return print_html(
        page, path, info=info, period=period, chromium=chromium, timeout=timeout,
        inputs=sources,
    )  # fmt: skip


def __getattr__(name: str) -> Any:
    """The 0.1 Jupyter helpers moved to :mod:`mgcalc.display`; their old names still work."""
    moved = {
        "analysis_repr_html": "analysis_html",
        "estimate_repr_html": "estimate_html",
        "foodlog_repr_html": "foodlog_html",
        "ratio_repr_html": "ratio_html",
    }
    if name in moved:
        from mgcalc import display

        return getattr(display, moved[name])
    raise AttributeError(f"module 'mgcalc.report.html' has no attribute {name!r}")
