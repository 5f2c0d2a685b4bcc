"""Jupyter displays: the compact HTML that mgcalc's objects show in a notebook.

Presentation only: the domain objects look these functions up by name through
:mod:`mgcalc._hooks` when Jupyter asks, and this module reads the objects it is given.
It needs only the standard library and pandas. The report (:mod:`mgcalc.report`) uses
the same formatting helpers, so a number reads the same in a notebook and on paper.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from mgcalc._values import known_float
from mgcalc.assess import INTAKE_FLAGS, intake_flag_codes
from mgcalc.parse import FLAGS as PARSE_FLAGS

if TYPE_CHECKING:
    from mgcalc.analysis import Estimate, IntakeAnalysis
    from mgcalc.log import FoodLog
    from mgcalc.ratio import RatioResult

__all__ = [
    "analysis_html",
    "estimate_html",
    "fmt_grams",
    "fmt_mg",
    "fmt_pct",
    "fmt_range",
    "fmt_ratio",
    "foodlog_html",
    "intake_badge",
    "intake_flag",
    "ratio_html",
]

_FLAG_NAMES: Final = {
    **PARSE_FLAGS,
    "default_portion": "no amount was given; the food's default portion is used",
    "magnesium_not_reported": "the food source reports no magnesium value (unknown)",
    "alternative_for_portion": (
        "the best match had no portion for this unit; the next candidate that has one is used"
    ),
    "low_score": "the food match is not certain",
    "assumed_portion": "the portion size was assumed",
    "sources_disagree": "the food tables disagree on this food's values",
    "close_match_differs": "another food matches as well and differs in magnesium or calcium",
    "composite_split": "a mixed dish was split into its parts",
    "unknown_words": "a word of the line is in no USDA food name, so the match ignores it",
    "partial_match": "a word of the line is not in the name of the food used",
}
_QUIET_FLAGS: Final = frozenset({"amount_after_food"})
"""Parse flags that change no number, left out of the report's notes."""


# -- formatting -------------------------------------------------------------------------
def fmt_mg(value: Any, unit: str = "mg") -> str:
    """``"392 mg"``; small amounts with one decimal; ``"unknown"`` for NaN/None."""
    number = known_float(value)
    if number is None:
        return "unknown"
    if number != 0 and abs(number) < 10:
        return f"{number:,.1f} {unit}"
    return f"{number:,.0f} {unit}"


def fmt_range(value: Any, low: Any, high: Any, unit: str = "mg") -> str:
    """``"204 mg (204–210)"``: a value with its low-high range, the range only where its
    ends differ; ``"unknown"`` for NaN/None (never 0).

    The value is rounded as :func:`fmt_mg` rounds; the ends are rounded outwards (low
    down, high up), so the printed range always holds the true one.

    Examples
    --------
    >>> fmt_range(25.5, 25.5, 28.5), fmt_range(178.5, 178.5, 178.5)
    ('26 mg (25–29)', '178 mg')
    >>> fmt_range(float("nan"), 1, 2, "mg/day")
    'unknown'
    """
    text = fmt_mg(value, unit)
    lo, hi = known_float(low), known_float(high)
    if text == "unknown" or lo is None or hi is None or not lo < hi:
        return text
    ends = (_outward(lo, up=False), _outward(hi, up=True))
    return text if ends[0] == ends[1] else f"{text} ({ends[0]}–{ends[1]})"


def _outward(number: float, *, up: bool) -> str:
    """A range end at :func:`fmt_mg`'s precision, rounded away from the range's inside."""
    digits = 1 if number != 0 and abs(number) < 10 else 0
    scale = 10.0**digits
    rounded = (math.ceil if up else math.floor)(round(number * scale, 9)) / scale
    return f"{rounded:,.{digits}f}"


def fmt_pct(value: Any, *, share: bool = False) -> str:
    """``"93 %"`` from a percentage (or from a share with ``share=True``)."""
    number = known_float(value)
    if number is None:
        return "unknown"
    return f"{number * 100 if share else number:.0f} %"


def fmt_ratio(value: Any) -> str:
    """A Ca:Mg ratio with two decimals, or ``"n/a"`` when indeterminate."""
    number = known_float(value)
    return "n/a" if number is None else f"{number:.2f}"


def fmt_grams(value: Any) -> str:
    """``"240 g"`` or ``"unknown"``."""
    number = known_float(value)
    return "unknown" if number is None else f"{number:,.0f} g"


def intake_flag(
    intake_mg: Any, ear_mg: float | None, target_mg: float | None, target_kind: str = "RDA"
) -> tuple[str, str]:
    """The flag of an intake against the EAR and the RDA (or AI), as (css class, label).

    ``("low", "low")`` below the EAR; ``("warn", "below RDA")`` from the EAR up to the
    RDA (``"below AI"`` below an AI); ``("ok", "ok")`` at or above the target;
    ``("unknown", "unknown")`` when the intake or the targets are unknown. The rule is
    :func:`mgcalc.assess.intake_flag_codes` (IOM 2000, p. 6).
    """
    value = known_float(intake_mg)
    code = intake_flag_codes(
        float("nan") if value is None else value,
        float("nan") if ear_mg is None else ear_mg,
        float("nan") if target_mg is None else target_mg,
    )
    flag = INTAKE_FLAGS[int(code[0])]
    return {
        "low": ("low", "low"),
        "below_target": ("warn", f"below {target_kind}"),
        "ok": ("ok", "ok"),
    }.get(flag, ("unknown", "unknown"))


def intake_badge(
    flag: str, target: float | None, kind: str = "RDA", days_over: int = 0, n_days: int = 0
) -> tuple[str, str]:
    """The (css class, label) of an intake flag of :data:`mgcalc.assess.INTAKE_FLAGS`.

    ``"no reference value"`` where no target applies; a flag on days over an upper
    limit is never a plain ``"ok"``: it says ``"ok; over UL"`` (``"...on 1 of 7 days"``
    for a period of ``n_days``) in the alarm colour.

    Examples
    --------
    >>> intake_badge("ok", 320.0, "RDA", days_over=1, n_days=7)
    ('high', 'ok; over UL on 1 of 7 days')
    >>> intake_badge("unknown", None)
    ('unknown', 'no reference value')
    """
    if target is None:
        css, label = "unknown", "no reference value"
    else:
        css, label = {
            "low": ("low", "low"),
            "below_target": ("warn", f"below {kind}"),
            "ok": ("ok", "ok"),
        }.get(flag, ("unknown", "unknown"))
    if days_over:
        css = "high"
        over = "over UL" if n_days <= 1 else f"over UL on {days_over} of {n_days} days"
        label = f"{label}; {over}"
    return css, label


def _alternatives(value: Any, limit: int = 3) -> str:
    if not isinstance(value, tuple | list) or not value:
        return ""
    parts = []
    for item in list(value)[:limit]:
        try:
            food_id, description, score = item
            parts.append(f"{description} ({food_id}, score {float(score):.0f})")
        except (TypeError, ValueError):
            parts.append(str(item))
    return "; ".join(parts)


def _flag_text(flags: Any) -> list[str]:
    names = str(flags or "").split(";")
    return [_FLAG_NAMES.get(f, f) for f in names if f and f not in _QUIET_FLAGS]


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


# -- Jupyter ----------------------------------------------------------------------------
_REPR_STYLE: Final = "border-collapse:collapse;font-size:0.9em;margin:0.3em 0;"
_CELL: Final = "padding:2px 8px;border-bottom:1px solid #ddd;text-align:left;"
_BADGE: Final = {
    "ok": "#2e7d32",
    "within": "#2e7d32",
    "warn": "#b26a00",
    "below": "#b26a00",
    "above": "#b26a00",
    "low": "#b03a2e",
    "high": "#b03a2e",
    "over": "#b03a2e",
    "unknown": "#666",
    "indeterminate": "#666",
}


def _badge(label: str, css: str) -> str:
    colour = _BADGE.get(css, "#666")
    return f'<span style="color:{colour};font-weight:bold">{html.escape(label)}</span>'


def _table(rows: Iterable[tuple[str, str]], caption: str) -> str:
    body = "".join(
        f'<tr><th style="{_CELL}font-weight:normal;color:#555">{html.escape(k)}</th>'
        f'<td style="{_CELL}">{v}</td></tr>'
        for k, v in rows
    )
    return (
        f'<table style="{_REPR_STYLE}"><caption style="text-align:left;font-weight:bold">'
        f"{html.escape(caption)}</caption>{body}</table>"
    )


def analysis_html(analysis: IntakeAnalysis) -> str:
    """Compact HTML for Jupyter: the headline figures and flags of an analysis.

    Magnesium, calcium and vitamin D each show their mean total, % of the RDA/AI and
    flag; a nutrient whose upper limit was exceeded on some day is never shown as a
    plain "ok" (the same rule as the report).
    """
    s = analysis.summary
    refs = analysis.references
    n_days = len(analysis.daily)
    e = html.escape

    def kind(nutrient: str) -> str:
        value = None if refs is None else getattr(refs, f"{nutrient}_target_kind", None)
        return str(value or "RDA")

    rows = [
        (
            "days / entries",
            e(f"{s.n_days} days, {s.n_entries} entries ({s.n_unresolved} unresolved)"),
        ),
        ("coverage", e(fmt_pct(s.coverage, share=True))),
        ("food magnesium", e(fmt_mg(s.magnesium_mg, "mg/day"))),
        ("supplements + medications", e(fmt_mg(s.supplemental_magnesium_mg, "mg/day"))),
    ]
    ledger = analysis.supplements
    drinks = ledger[ledger["source"] == "water"] if len(ledger) else ledger
    if len(drinks):  # water, its own source: unknown drinks said, never counted as 0
        unknown = int(drinks["magnesium_mg"].isna().sum())
        water = fmt_mg(s.water_magnesium_mg, "mg/day")
        if unknown:
            water += f" + {unknown} drink{'s' if unknown != 1 else ''} of unknown content"
        rows.append(("drinking water", e(water)))
    nutrients = (
        ("total magnesium", "magnesium", s.total_magnesium_mg, "mg/day", s.rda_mg, s.pct_rda,
         s.intake_flag, s.days_ul_exceeded),
        ("total calcium", "calcium", s.total_calcium_mg, "mg/day", s.calcium_rda_mg,
         s.calcium_pct_rda, s.calcium_flag, s.days_calcium_ul_exceeded),
        ("total vitamin D", "vitamin_d", s.total_vitamin_d_ug, "µg/day", s.vitamin_d_rda_ug,
         s.vitamin_d_pct_rda, s.vitamin_d_flag, s.days_vitamin_d_ul_exceeded),
    )  # fmt: skip
    for label, name, total, unit, target, pct, flag, days_over in nutrients:
        css, text = intake_badge(str(flag), target, kind(name), int(days_over), n_days)
        share = "" if target is None else f" = {fmt_pct(pct)} of {kind(name)} {fmt_mg(target)}"
        rows.append((label, e(fmt_mg(total, unit) + share) + " " + _badge(text, css)))
    rng = s.ratio_range
    days = s.ratio_days
    rows.append(
        (
            "Ca:Mg (food)",
            e(f"{fmt_ratio(s.ca_mg_ratio)} vs {rng.low:g}-{rng.high:g} ")
            + _badge(s.ratio_flag, s.ratio_flag)
            + e(
                f" (days: {days.get('below', 0)} below, {days.get('within', 0)} within, "
                f"{days.get('above', 0)} above, {days.get('indeterminate', 0)} indeterminate)"
            ),
        )
    )
    rows.append(
        ("Ca:Mg (with supplements)",
         e(f"{fmt_ratio(s.total_ca_mg_ratio)} ") + _badge(s.total_ratio_flag, s.total_ratio_flag))
    )  # fmt: skip
    ul = "none established" if s.ul_mg is None else fmt_mg(s.ul_mg, "mg/day")
    over = (
        _badge(f"{s.days_ul_exceeded} days over", "over")
        if s.days_ul_exceeded
        else _badge("no day over", "ok")
    )
    rows.append(("Mg UL (supplements only)", e(ul) + " " + over))
    if s.life_stage:
        rows.append(("life stage", e(f"{s.life_stage} ({s.authority})")))
    return _table(rows, "IntakeAnalysis")


def estimate_html(estimate: Estimate) -> str:
    """Compact HTML for Jupyter: one estimated line."""
    e = html.escape
    rows = [
        ("text", e(estimate.text)),
        ("food", e(f"{estimate.description} ({estimate.food_id}), score {estimate.score:.0f}")),
        ("amount", e(fmt_grams(estimate.grams))),
        ("magnesium", "<b>" + e(fmt_mg(estimate.magnesium_mg)) + "</b>"),
        ("calcium", e(fmt_mg(estimate.calcium_mg))),
    ]
    if estimate.flags:
        rows.append(("notes", e("; ".join(_flag_text(";".join(estimate.flags))))))
    if estimate.alternatives:
        rows.append(("alternatives", e(_alternatives(estimate.alternatives))))
    return _table(rows, "Estimate")


def foodlog_html(log: FoodLog, max_rows: int = 10) -> str:
    """Compact HTML for Jupyter: counts and the first entries of a food log."""
    e = html.escape
    entries = log.entries
    doses = log.supplements
    people = pd.concat([entries["person_id"], doses["person_id"]]).nunique()
    days = pd.concat([entries["date"], doses["date"]]).nunique()
    head = (
        f"<b>FoodLog</b>: {len(entries)} entries, {len(doses)} supplement doses, "
        f"{people} person{'s' if people != 1 else ''}, {days} day{'s' if days != 1 else ''}"
    )
    columns = ["date", "meal", "text", "amount", "unit", "food_id"]
    header = "".join(f'<th style="{_CELL}">{c}</th>' for c in columns)
    body = []
    for record in entries.head(max_rows).to_dict("records"):
        cells = []
        for column in columns:
            value = record[column]
            if column == "date":
                text = pd.Timestamp(value).strftime("%Y-%m-%d") if pd.notna(value) else ""
            elif column == "amount":
                number = known_float(value)
                text = "" if number is None else f"{number:g}"
            else:
                text = _text(value)
            cells.append(f'<td style="{_CELL}">{e(text)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = (
        f"<div style='color:#666'>… {len(entries) - max_rows} more entries</div>"
        if len(entries) > max_rows
        else ""
    )
    table = (
        f'<table style="{_REPR_STYLE}"><tr>{header}</tr>{"".join(body)}</table>'
        if len(entries)
        else ""
    )
    return f"<div>{head}{table}{more}</div>"


def ratio_html(result: RatioResult) -> str:
    """Compact HTML for Jupyter: a Ca:Mg ratio and its flag."""
    e = html.escape
    rng = result.range
    rows = [
        (
            "Ca:Mg",
            e(f"{fmt_ratio(result.value)} ({result.basis}) ") + _badge(result.flag, result.flag),
        ),
        ("range", e(f"{rng.low:g}-{rng.high:g} ({rng.name})")),
    ]
    if result.calcium_mg is not None or result.magnesium_mg is not None:
        rows.append(
            ("intakes", e(f"Ca {fmt_mg(result.calcium_mg)}, Mg {fmt_mg(result.magnesium_mg)}"))
        )
    if result.coverage is not None:
        rows.append(("coverage", e(fmt_pct(result.coverage, share=True))))
    if result.reason:
        rows.append(("why", e(result.reason)))
    return _table(rows, "RatioResult")
