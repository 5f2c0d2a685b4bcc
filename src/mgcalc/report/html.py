"""The dietitian's report: one self-contained, printable HTML file, and its PDF.

:func:`render_html` fills the Jinja2 template ``templates/report.html.j2`` (autoescape
on: every user-supplied string, food names included, is escaped) with the analysis,
formatted with units, and with the charts of :mod:`mgcalc.plots` as inline SVG. The
page loads nothing from outside (no scripts, fonts or images), prints on A4 or Letter,
and is byte-identical for the same input unless a timestamp is asked for.

:func:`write_pdf` prints the page through headless Chromium where it is installed.

The ``_repr_html_`` helpers at the end give the compact HTML that Jupyter shows for an
:class:`~mgcalc.analysis.IntakeAnalysis`, :class:`~mgcalc.analysis.Estimate`,
:class:`~mgcalc.log.FoodLog` and :class:`~mgcalc.ratio.RatioResult`; they need only
the standard library.

Flags
-----
Magnesium intake per day and on average, against the person's reference values:

``low``
    below the EAR (very likely needs improvement; IOM 2000, p. 6);
``below RDA``
    from the EAR up to the RDA (probably needs improvement); ``below AI`` where only an
    AI exists (an intake below an AI cannot be called inadequate);
``ok``
    at or above the RDA or AI;
``over UL``
    supplemental magnesium (supplements and medications, never food) above the UL;
``unknown``
    the intake is not known (never shown as 0).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from mgcalc._values import known_float
from mgcalc.display import (
    _alternatives,
    _flag_text,
    _text,
    fmt_grams,
    fmt_mg,
    fmt_pct,
    fmt_ratio,
    intake_flag,
)
from mgcalc.errors import CHROMIUM_NAMES, ChromiumNotFoundError, MissingExtraError, ReportError

if TYPE_CHECKING:
    from mgcalc.analysis import IntakeAnalysis

__all__ = [
    "CHROMIUM_FLAGS",
    "CITATIONS",
    "DEFAULT_REVIEW_SCORE",
    "ChromiumNotFoundError",
    "find_chromium",
    "intake_flag",
    "render_html",
    "write_html",
    "write_pdf",
]

DEFAULT_REVIEW_SCORE: Final = 85.0
"""Resolved matches scoring below this (0-100) are listed in the report for review."""

CHROMIUM_FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
)
"""The flags headless Chromium is started with (no network, no first-run state)."""


CITATIONS: Final[tuple[tuple[str, str], ...]] = (
    (
        "IOM 1997",
        "Institute of Medicine (1997). Dietary Reference Intakes for Calcium, Phosphorus, "
        "Magnesium, Vitamin D, and Fluoride. National Academy Press. Magnesium: ch. 6 "
        "(pp. 219, 239; UL hazard identification p. 242).",
    ),
    (
        "IOM 2000",
        "Institute of Medicine (2000). Dietary Reference Intakes: Applications in Dietary "
        "Assessment. National Academy Press. Individual assessment pp. 53-56 and 186-190 "
        "(Table B-1); Summary Table: Tolerable Upper Intake Levels, footnote b.",
    ),
    (
        "IOM 2006",
        "Institute of Medicine (2006). Dietary Reference Intakes: The Essential Guide to "
        "Nutrient Requirements. Part III, Magnesium, Table 1, p. 340.",
    ),
    (
        "IOM 2011",
        "Institute of Medicine (2011). Dietary Reference Intakes for Calcium and Vitamin D. "
        "Summary Tables, p. 1104.",
    ),
    (
        "EFSA 2015",
        "EFSA NDA Panel (2015). Scientific Opinion on Dietary Reference Values for "
        "magnesium. EFSA Journal 13(7):4186. doi:10.2903/j.efsa.2015.4186",
    ),
    (
        "SCF 2001",
        "Scientific Committee on Food (2001), reproduced in EFSA (2006) Tolerable Upper "
        "Intake Levels for Vitamins and Minerals: magnesium UL 250 mg/day (readily "
        "dissociable salts and compounds in supplements, water and fortified foods).",
    ),
    (
        "Costello 2021",
        "Costello RB, Rosanoff A, Dai Q, Saldanha LG, Potischman NA (2021). Perspective: "
        "Characterization of dietary supplements containing calcium and magnesium and "
        "their respective ratio - is a rising ratio a cause for concern? Adv Nutr "
        "12(2):291-297. doi:10.1093/advances/nmaa160",
    ),
    (
        "USDA SR28",
        "US Department of Agriculture, Agricultural Research Service, Nutrient Data "
        "Laboratory. USDA National Nutrient Database for Standard Reference, Release 28 "
        "(SR28). Version Current: September 2015.",
    ),
    (
        "FNDDS 2021-2023",
        "US Department of Agriculture, Agricultural Research Service, Food Surveys Research "
        "Group. Food and Nutrient Database for Dietary Studies (FNDDS) 2021-2023.",
    ),
)
"""The works the report's methodology section cites, as (key, reference)."""

_RATIO_FLAG_CSS: Final = {
    "within": "ok",
    "below": "warn",
    "above": "warn",
    "indeterminate": "unknown",
}


def _day(value: Any) -> str:
    return str(pd.Timestamp(value).strftime("%a %d %b %Y"))


# -- context ----------------------------------------------------------------------------
def _profile(analysis: IntakeAnalysis) -> list[tuple[str, str]]:
    person = analysis.person
    refs = analysis.references
    if person is None:
        return [
            ("Client", "no profile given"),
            ("Reference values", "none: no RDA, AI or EAR applies"),
            ("Upper limit used", "the adult IOM UL for supplemental magnesium, 350 mg/day"),
        ]
    rows = [
        ("Age", f"{person.age_years:g} years"),
        ("Sex", person.sex),
    ]
    if person.pregnant:
        rows.append(("Condition", "pregnant"))
    elif person.lactating:
        rows.append(("Condition", "lactating"))
    if refs is not None:
        rows.append(("Life stage", f"{refs.life_stage} ({refs.condition})"))
        rows.append(("Authority", {"iom": "IOM (US/Canada DRIs)", "efsa": "EFSA"}.get(
            refs.authority, refs.authority)))  # fmt: skip
    return rows


def _references(analysis: IntakeAnalysis) -> list[dict[str, str]]:
    refs = analysis.references
    if refs is None:
        return []
    return [
        {
            "nutrient": row.nutrient,
            "kind": row.kind,
            "value": fmt_mg(row.value_mg, "mg/day"),
            "scope": row.scope,
            "source": row.source,
            "status": row.status,
            "note": row.note,
        }
        for row in refs.values  # noqa: PD011  # a pydantic field, not pandas
    ]


def _targets(analysis: IntakeAnalysis) -> tuple[float | None, float | None, str]:
    refs = analysis.references
    if refs is None:
        return None, None, "RDA"
    return refs.magnesium_ear_mg, refs.magnesium_rda_mg, refs.magnesium_target_kind or "RDA"


def _pct(value: Any, target: float | None) -> str:
    from mgcalc.assess import percent_of_target

    number = known_float(value)
    if number is None or target is None:
        return "unknown" if target is not None else "n/a"
    return fmt_pct(percent_of_target(number, target))


def _daily_rows(analysis: IntakeAnalysis) -> list[dict[str, Any]]:
    ear, target, kind = _targets(analysis)
    people = len(set(analysis.daily["person_id"])) > 1
    rows = []
    for day in analysis.daily.to_dict("records"):
        known = [known_float(day["coverage"]), known_float(day["calcium_coverage"])]
        coverage = min((v for v in known if v is not None), default=None)
        food_flag = intake_flag(day["magnesium_mg"], ear, target, kind)
        total_flag = intake_flag(day["total_magnesium_mg"], ear, target, kind)
        has_food = int(day["n_entries"]) > 0
        rows.append(
            {
                "day": (f"{day['person_id']} · " if people else "") + _day(day["date"]),
                "has_food": has_food,
                "n_entries": int(day["n_entries"]),
                "n_unresolved": int(day["n_unresolved"]),
                "food_mg": fmt_mg(day["magnesium_mg"]) if has_food else "no food logged",
                "coverage": fmt_pct(day["coverage"], share=True),
                "supplemental_mg": fmt_mg(day["supplemental_magnesium_mg"]),
                "supplement_mg": fmt_mg(day["supplement_magnesium_mg"]),
                "medication_mg": fmt_mg(day["medication_magnesium_mg"]),
                "total_mg": fmt_mg(day["total_magnesium_mg"]),
                "food_pct": _pct(day["magnesium_mg"], target),
                "total_pct": _pct(day["total_magnesium_mg"], target),
                "food_flag": food_flag,
                "total_flag": total_flag,
                "food_ca": fmt_mg(day["calcium_mg"]),
                "total_ca": fmt_mg(day["total_calcium_mg"]),
                "ratio_coverage": fmt_pct(coverage, share=True),
                "ratio": fmt_ratio(day["ca_mg_ratio"]),
                "ratio_flag": str(day["ratio_flag"]),
                "ratio_css": _RATIO_FLAG_CSS.get(str(day["ratio_flag"]), "unknown"),
                "total_ratio": fmt_ratio(day["total_ca_mg_ratio"]),
                "total_ratio_flag": str(day["total_ratio_flag"]),
                "total_ratio_css": _RATIO_FLAG_CSS.get(str(day["total_ratio_flag"]), "unknown"),
                "ul": fmt_mg(day["ul_mg"], "mg/day"),
                "ul_status": str(day["ul_status"]),
                "ul_css": {"over": "high", "within": "ok", "none_taken": "muted"}.get(
                    str(day["ul_status"]), "unknown"
                ),
                "ul_label": {
                    "over": "over UL",
                    "within": "within UL",
                    "none_taken": "none taken",
                    "no_ul": "no UL",
                }.get(str(day["ul_status"]), str(day["ul_status"])),
            }
        )
    return rows


def _mean_row(analysis: IntakeAnalysis) -> dict[str, Any]:
    s = analysis.summary
    ear, target, kind = _targets(analysis)
    return {
        "food_mg": fmt_mg(s.magnesium_mg),
        "coverage": fmt_pct(s.coverage, share=True),
        "supplemental_mg": fmt_mg(s.supplemental_magnesium_mg),
        "total_mg": fmt_mg(s.total_magnesium_mg),
        "food_pct": _pct(s.magnesium_mg, target),
        "total_pct": _pct(s.total_magnesium_mg, target),
        "food_flag": intake_flag(s.magnesium_mg, ear, target, kind),
        "total_flag": intake_flag(s.total_magnesium_mg, ear, target, kind),
        "food_ca": fmt_mg(s.calcium_mg),
        "total_ca": fmt_mg(s.total_calcium_mg),
        "ratio": fmt_ratio(s.ca_mg_ratio),
        "ratio_flag": s.ratio_flag,
        "ratio_css": _RATIO_FLAG_CSS.get(s.ratio_flag, "unknown"),
        "total_ratio": fmt_ratio(s.total_ca_mg_ratio),
        "total_ratio_flag": s.total_ratio_flag,
        "total_ratio_css": _RATIO_FLAG_CSS.get(s.total_ratio_flag, "unknown"),
    }


def _meal_table(analysis: IntakeAnalysis) -> dict[str, Any]:
    meals = analysis.meals
    if meals.empty:
        return {"meals": [], "rows": []}
    frame = meals.assign(meal=meals["meal"].fillna("(no meal)").astype(str))
    order = ["breakfast", "lunch", "dinner", "snack"]
    names = sorted(frame["meal"].unique(), key=lambda m: (order.index(m) if m in order else 99, m))
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


def _sources(analysis: IntakeAnalysis, n: int) -> list[dict[str, str]]:
    return [
        {
            "description": str(r["description"]),
            "food_id": str(r["food_id"]),
            "n_entries": str(int(r["n_entries"])),
            "grams": fmt_grams(r["grams"]),
            "magnesium": fmt_mg(r["magnesium_mg"]),
            "calcium": fmt_mg(r["calcium_mg"]),
            "share": fmt_pct(r["share"], share=True),
        }
        for r in analysis.top_sources(n).to_dict("records")
    ]


def _quality(analysis: IntakeAnalysis, review_score: float) -> dict[str, Any]:
    entries = analysis.entries
    unresolved = [
        {
            "day": _day(r["date"]),
            "meal": _text(r["meal"]),
            "text": _text(r["text"]),
            "reason": _text(r["reason"]),
            "candidates": _alternatives(r["alternatives"]),
        }
        for r in entries[entries["status"] == "unresolved"].to_dict("records")
    ]
    resolved = entries[entries["status"] == "resolved"]
    scores = pd.to_numeric(resolved["match_score"], errors="coerce")
    # assign before filtering: pandas gives an empty frame the index of an assigned Series
    weak = resolved.assign(_score=scores)
    weak = weak.loc[(weak["_score"] < review_score).to_numpy(dtype=bool)]
    weak = weak.sort_values(["_score", "entry_id"], kind="stable")
    weak_rows = [
        {
            "day": _day(r["date"]),
            "text": _text(r["text"]),
            "food": f"{_text(r['description'])} ({_text(r['food_id'])})",
            "score": f"{float(r['match_score']):.0f}",
            "alternatives": _alternatives(r["alternatives"]),
        }
        for r in weak.to_dict("records")
    ]
    notes = []
    for r in entries.to_dict("records"):
        for flag in _flag_text(r.get("flags")):
            notes.append({"day": _day(r["date"]), "text": _text(r["text"]), "note": flag})
    unknown_mg = int((resolved["magnesium_mg"].isna()).sum())
    s = analysis.summary
    refs = analysis.references
    unverified = list(refs.unverified) if refs is not None else []
    return {
        "coverage": fmt_pct(s.coverage, share=True),
        "n_entries": s.n_entries,
        "n_resolved": s.n_entries - s.n_unresolved,
        "n_unresolved": s.n_unresolved,
        "n_unknown_mg": unknown_mg,
        "unresolved": unresolved,
        "weak": weak_rows,
        "review_score": f"{review_score:g}",
        "notes": notes,
        "assumptions": list(s.assumptions),
        "unverified": unverified,
    }


def _supplement_rows(analysis: IntakeAnalysis) -> list[dict[str, str]]:
    ledger = analysis.supplements
    people = len(set(ledger["person_id"])) > 1
    return [
        {
            "day": (f"{r['person_id']} · " if people else "") + _day(r["date"]),
            "product": _text(r["product"]),
            "form": _text(r["form"]) or "—",
            "dose": _text(r["dose"]),
            "basis": _text(r["basis"]),
            "source": _text(r["source"]),
            "magnesium": fmt_mg(r["magnesium_mg"]),
        }
        for r in ledger.sort_values(["date", "entry_id"], kind="stable").to_dict("records")
    ]


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


def report_context(
    analysis: IntakeAnalysis,
    *,
    title: str | None = None,
    client: str | None = None,
    timestamp: bool | dt.datetime = False,
    review_score: float = DEFAULT_REVIEW_SCORE,
    n_sources: int = 10,
    charts: bool = True,
) -> dict[str, Any]:
    """Everything the template shows, formatted with units (strings are not yet escaped).

    Parameters are those of :func:`render_html`.
    """
    s = analysis.summary
    ear, target, kind = _targets(analysis)
    adequacy = s.adequacy or {}
    when: str | None = None
    if timestamp is True:
        when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    elif isinstance(timestamp, dt.datetime):
        when = timestamp.strftime("%Y-%m-%d %H:%M")
    dates = pd.to_datetime(analysis.daily["date"]) if len(analysis.daily) else pd.Series([])
    period = f"{_day(dates.min())} – {_day(dates.max())}" if len(dates) else "no days logged"
    ul = s.ul_mg
    return {
        "title": title or "Magnesium intake report",
        "client": client,
        "generated": when,
        "period": period,
        "summary": s,
        "profile": _profile(analysis),
        "references": _references(analysis),
        "reference_sources": list(s.reference_sources),
        "target_kind": kind,
        "target": fmt_mg(target, "mg/day") if target is not None else "none",
        "ear": fmt_mg(ear, "mg/day") if ear is not None else "none",
        "ul": fmt_mg(ul, "mg/day") if ul is not None else "none established",
        "days": _daily_rows(analysis),
        "mean": _mean_row(analysis),
        "n_days": s.n_days,
        "n_people": s.n_people,
        "range": s.ratio_range,
        "ratio_of": "ratio of the mean intakes"
        if s.ratio_of == "means"
        else "mean of the daily ratios",
        "adequacy": adequacy,
        "meals": _meal_table(analysis),
        "sources": _sources(analysis, n_sources),
        "n_sources": n_sources,
        "quality": _quality(analysis, review_score),
        "supplements": _supplement_rows(analysis),
        "days_ul_exceeded": s.days_ul_exceeded,
        "ul_note": s.ul_note,
        "citations": CITATIONS,
        "charts": _charts(analysis, n_sources) if charts else {},
        "headline": {
            "food": fmt_mg(s.magnesium_mg, "mg/day"),
            "total": fmt_mg(s.total_magnesium_mg, "mg/day"),
            "supplemental": fmt_mg(s.supplemental_magnesium_mg, "mg/day"),
            "pct": fmt_pct(s.pct_rda),
            "flag": intake_flag(s.total_magnesium_mg, ear, target, kind),
            "ratio": fmt_ratio(s.ca_mg_ratio),
            "coverage": fmt_pct(s.coverage, share=True),
        },
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
    title: str | None = None,
    client: str | None = None,
    timestamp: bool | dt.datetime = False,
    review_score: float = DEFAULT_REVIEW_SCORE,
    n_sources: int = 10,
) -> str:
    """The report as one self-contained HTML document.

    Parameters
    ----------
    analysis
        The result of :func:`mgcalc.analyze`.
    title
        The report's title ("Magnesium intake report").
    client
        A name or reference for the client, printed in the header (escaped).
    timestamp
        ``True`` prints the time of generation (UTC), a datetime prints that time;
        ``False`` (the default) prints none, so that the same input gives a
        byte-identical file.
    review_score
        Food matches used with a score below this (0-100) are listed for review.
    n_sources
        How many top food sources to show.

    Returns
    -------
    str
        The HTML document (UTF-8 text; no external resources).

    Raises
    ------
    MissingExtraError
        If jinja2 or matplotlib is missing (``pip install mgcalc[report]``).
    """
    env = _environment()
    context = report_context(
        analysis,
        title=title,
        client=client,
        timestamp=timestamp,
        review_score=review_score,
        n_sources=n_sources,
    )
    return str(env.get_template("report.html.j2").render(**context))


def write_html(analysis: IntakeAnalysis, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8, LF) and return the path."""
    target = Path(path)
    target.write_text(render_html(analysis, **options), encoding="utf-8", newline="\n")
    return target


def find_chromium() -> str | None:
    """The Chromium program to print with: ``$MGCALC_CHROMIUM``, else the first on PATH."""
    named = os.environ.get("MGCALC_CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_to_pdf(
    html_path: str | os.PathLike[str],
    pdf_path: str | os.PathLike[str],
    *,
    chromium: str | None = None,
    timeout: float = 120.0,
) -> Path:
    """Print an HTML file to PDF with headless Chromium (a fresh, throw-away profile).

    Raises
    ------
    ChromiumNotFoundError
        If no Chromium is installed.
    RuntimeError
        If Chromium fails or writes no PDF (its output is in the message).
    """
    program = chromium or find_chromium()
    if program is None:
        raise ChromiumNotFoundError()
    source = Path(html_path).resolve()
    target = Path(pdf_path).resolve()
    with tempfile.TemporaryDirectory(prefix="mgcalc-chromium-") as profile:
        command = [
            program,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except FileNotFoundError as exc:
            raise ChromiumNotFoundError((program,)) from exc
        except subprocess.TimeoutExpired as exc:
            raise ReportError(f"Chromium did not print {source.name} within {timeout:g} s") from exc
    if done.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        raise ReportError(
            f"Chromium could not print {source.name} (exit {done.returncode}): "
            f"{done.stderr.strip()[-2000:]}"
        )
    return target


def write_pdf(
    analysis: IntakeAnalysis,
    path: str | os.PathLike[str],
    *,
    chromium: str | None = None,
    timeout: float = 120.0,
    **options: Any,
) -> Path:
    """Write the report as PDF, printed by headless Chromium.

    Parameters
    ----------
    analysis
        The result of :func:`mgcalc.analyze`.
    path
        Where to write the PDF.
    chromium
        The Chromium program (found on PATH, or from ``$MGCALC_CHROMIUM``, by default).
    timeout
        Seconds to wait for Chromium [s].
    **options
        Passed on to :func:`render_html`.

    Raises
    ------
    ChromiumNotFoundError
        If Chromium is not installed (the HTML report needs no browser).
    """
    program = chromium or find_chromium()
    if program is None:
        raise ChromiumNotFoundError()
    with tempfile.TemporaryDirectory(prefix="mgcalc-report-") as folder:
        page = write_html(analysis, Path(folder) / "report.html", **options)
        return print_to_pdf(page, path, chromium=program, timeout=timeout)


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
