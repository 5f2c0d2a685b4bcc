"""Two periods of the same client side by side: what a dietitian looks at on a follow-up.

:func:`compare` takes two analyses (before and after advice, say) and returns a
:class:`Comparison`: per period, the mean daily magnesium, calcium and vitamin D from
food, water and supplements, their % of the RDA/AI and flags, the days over each upper
limit, the Ca:Mg ratio with its distribution of days, and the top food sources; then
the differences (after - before) and, in plain words, what changed.

Nothing is recomputed here: every figure is read from each analysis's summary and tables
(:class:`~mgcalc.analysis.AnalysisSummary`), so the comparison says exactly what each
period's own report says.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict

from mgcalc._schemas import storable
from mgcalc._values import known_float
from mgcalc.analysis import AnalysisSummary, IntakeAnalysis
from mgcalc.errors import InvalidLogError, InvalidValueError
from mgcalc.records import IntakeFlag, RatioFlag

__all__ = [
    "Change",
    "Comparison",
    "NutrientPeriod",
    "PeriodSummary",
    "SourceShare",
    "compare",
]

NutrientName = Literal["magnesium", "calcium", "vitamin_d"]

N_SOURCES: Final = 5
"""How many top food sources each period lists."""

_PLAIN: Final = {"magnesium": "magnesium", "calcium": "calcium", "vitamin_d": "vitamin D"}
_FLAG_WORDS: Final = {
    "low": "below the average requirement",
    "below_target": "below the recommended amount",
    "ok": "at or above the recommended amount",
    "unknown": "not assessed",
}


class NutrientPeriod(BaseModel):
    """One nutrient over one period: mean amounts per day [mg/day] ([µg/day] for
    vitamin D), against the person's reference values.

    Attributes
    ----------
    food, water, supplements, total
        Mean per day from food, drinking water, supplements and medications, and all
        together (None where unknown).
    target, target_kind
        The RDA (or AI) and which one it is.
    pct_target
        ``total`` as % of ``target``.
    flag
        ``low`` (below the EAR), ``below_target``, ``ok`` or ``unknown``.
    ul, ul_applies_to
        The upper limit and the intake it applies to.
    days_over_ul
        Days whose intake (as the UL defines it) was above the UL.
    """

    model_config = ConfigDict(frozen=True)

    nutrient: NutrientName
    unit: Literal["mg", "µg"]
    food: float | None
    water: float | None
    supplements: float | None
    total: float | None
    target: float | None
    target_kind: str
    pct_target: float | None
    flag: IntakeFlag
    ul: float | None
    ul_applies_to: str
    days_over_ul: int


class SourceShare(BaseModel):
    """A food among a period's top magnesium sources."""

    model_config = ConfigDict(frozen=True)

    food_id: str
    description: str
    magnesium_mg_per_day: float
    share: float | None


class PeriodSummary(BaseModel):
    """One period: its dates, nutrients, ratio and top sources."""

    model_config = ConfigDict(frozen=True)

    label: str
    first_date: dt.date | None
    last_date: dt.date | None
    n_days: int
    n_entries: int
    coverage: float | None
    magnesium: NutrientPeriod
    calcium: NutrientPeriod
    vitamin_d: NutrientPeriod
    ca_mg_ratio: float | None
    ratio_flag: RatioFlag
    total_ca_mg_ratio: float | None
    total_ratio_flag: RatioFlag
    ratio_days: dict[str, int]
    total_ratio_days: dict[str, int]
    top_sources: tuple[SourceShare, ...]


class Change(BaseModel):
    """One quantity in both periods and the difference (after - before)."""

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    unit: str
    before: float | None
    after: float | None
    difference: float | None
    relative: float | None
    text: str


class Comparison(BaseModel):
    """Two periods of the same client side by side (see :func:`compare`).

    Attributes
    ----------
    before, after
        The two periods.
    changes
        Each compared quantity with its difference, in a fixed order.
    sources_added, sources_dropped
        Foods that entered or left the top sources.
    notes
        What the reader should know to compare fairly (a different range or life stage).
    summary
        What changed, in plain sentences.
    """

    model_config = ConfigDict(frozen=True)

    before: PeriodSummary
    after: PeriodSummary
    changes: tuple[Change, ...]
    sources_added: tuple[str, ...]
    sources_dropped: tuple[str, ...]
    notes: tuple[str, ...]
    summary: tuple[str, ...]

    def change(self, key: str) -> Change:
        """The change of ``key`` (``"magnesium.total"``, ``"ratio.food"``, ...)."""
        for item in self.changes:
            if item.key == key:
                return item
        raise InvalidLogError(
            f"no change {key!r}; one of: {', '.join(c.key for c in self.changes)}", "key"
        )


def _nutrient(s: AnalysisSummary, name: NutrientName, target_kind: str) -> NutrientPeriod:
    if name == "magnesium":
        return NutrientPeriod(
            nutrient=name, unit="mg", food=s.magnesium_mg, water=s.water_magnesium_mg,
            supplements=s.supplemental_magnesium_mg, total=s.total_magnesium_mg,
            target=s.rda_mg, target_kind=target_kind, pct_target=s.pct_rda,
            flag=s.intake_flag,
            ul=s.ul_mg, ul_applies_to="supplements and medications",
            days_over_ul=s.days_ul_exceeded,
        )  # fmt: skip
    if name == "calcium":
        return NutrientPeriod(
            nutrient=name, unit="mg", food=s.calcium_mg, water=s.water_calcium_mg,
            supplements=s.supplemental_calcium_mg, total=s.total_calcium_mg,
            target=s.calcium_rda_mg, target_kind=target_kind, pct_target=s.calcium_pct_rda,
            flag=s.calcium_flag,
            ul=s.calcium_ul_mg, ul_applies_to="total intake",
            days_over_ul=s.days_calcium_ul_exceeded,
        )  # fmt: skip
    return NutrientPeriod(
        nutrient=name, unit="µg", food=s.vitamin_d_ug, water=None,
        supplements=s.supplemental_vitamin_d_ug, total=s.total_vitamin_d_ug,
        target=s.vitamin_d_rda_ug, target_kind=target_kind, pct_target=s.vitamin_d_pct_rda,
        flag=s.vitamin_d_flag,
        ul=s.vitamin_d_ul_ug, ul_applies_to="total intake",
        days_over_ul=s.days_vitamin_d_ul_exceeded,
    )  # fmt: skip


def _kind(analysis: IntakeAnalysis, attribute: str) -> str:
    refs = analysis.references
    kind = None if refs is None else getattr(refs, attribute, None)
    return str(kind or "RDA")


def period_summary(analysis: IntakeAnalysis, label: str) -> PeriodSummary:
    """One analysis as a :class:`PeriodSummary` (its figures as its own report shows them)."""
    if not isinstance(analysis, IntakeAnalysis):
        raise InvalidLogError(
            f"compare needs two IntakeAnalysis results (mgcalc.analyze), not "
            f"{type(analysis).__name__}",
            label,
        )
    s = analysis.summary
    daily = analysis.daily
    food_days = daily.loc[daily["n_entries"] > 0, "date"]
    dates = pd.to_datetime(daily["date"])
    sources = analysis.top_sources(N_SOURCES)
    n_days = max(s.n_days, 1)
    return PeriodSummary(
        label=label,
        first_date=dates.min().date() if len(dates) else None,
        last_date=dates.max().date() if len(dates) else None,
        n_days=len(food_days),
        n_entries=s.n_entries,
        coverage=s.coverage,
        magnesium=_nutrient(s, "magnesium", _kind(analysis, "magnesium_target_kind")),
        calcium=_nutrient(s, "calcium", _kind(analysis, "calcium_target_kind")),
        vitamin_d=_nutrient(s, "vitamin_d", _kind(analysis, "vitamin_d_target_kind")),
        ca_mg_ratio=s.ca_mg_ratio,
        ratio_flag=s.ratio_flag,
        total_ca_mg_ratio=s.total_ca_mg_ratio,
        total_ratio_flag=s.total_ratio_flag,
        ratio_days=dict(s.ratio_days),
        total_ratio_days=dict(s.total_ratio_days),
        top_sources=tuple(
            SourceShare(
                food_id=str(r["food_id"]),
                description=str(r["description"]),
                magnesium_mg_per_day=float(r["magnesium_mg"]) / n_days,
                share=known_float(r["share"]),
            )
            for r in sources.to_dict("records")
        ),
    )


def _difference(before: float | None, after: float | None) -> tuple[float | None, float | None]:
    if before is None or after is None:
        return None, None
    relative = (after - before) / before if before != 0 else None
    return after - before, relative


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "unknown"
    if unit == "":
        return f"{value:.2f}"
    if unit == "%":
        return f"{value:.0f} %"
    if unit in ("days",):
        return f"{value:.0f}"
    digits = 1 if abs(value) < 10 and value != 0 else 0
    return f"{value:,.{digits}f} {unit}"


def _sentence(label: str, unit: str, before: float | None, after: float | None) -> str:
    if before is None and after is None:
        return f"{label}: unknown in both periods."
    if before is None or after is None:
        return f"{label}: {_amount(before, unit)} before, {_amount(after, unit)} now."
    difference = after - before
    if abs(difference) < 1e-9:
        return f"{label}: unchanged at {_amount(after, unit)}."
    verb = "rose" if difference > 0 else "fell"
    step = _amount(abs(difference), unit)
    return f"{label} {verb} from {_amount(before, unit)} to {_amount(after, unit)} ({step})."


def _changes(a: PeriodSummary, b: PeriodSummary) -> list[Change]:
    rows: list[tuple[str, str, str, float | None, float | None]] = []
    for name in ("magnesium", "calcium", "vitamin_d"):
        x: NutrientPeriod = getattr(a, name)
        y: NutrientPeriod = getattr(b, name)
        unit = f"{x.unit}/day"
        plain = _PLAIN[name][0].upper() + _PLAIN[name][1:]
        rows += [
            (f"{name}.total", f"Total {_PLAIN[name]}", unit, x.total, y.total),
            (f"{name}.food", f"{plain} from food", unit, x.food, y.food),
            (f"{name}.supplements", f"{plain} from supplements and medications", unit,
             x.supplements, y.supplements),
            (f"{name}.pct_target", f"{plain} as % of the {y.target_kind}", "%", x.pct_target,
             y.pct_target),
            (f"{name}.days_over_ul", f"Days over the {_PLAIN[name]} upper limit", "days",
             float(x.days_over_ul), float(y.days_over_ul)),
        ]  # fmt: skip
    rows += [
        ("ratio.food", "Calcium:magnesium ratio of food", "", a.ca_mg_ratio, b.ca_mg_ratio),
        ("ratio.total", "Calcium:magnesium ratio with supplements", "", a.total_ca_mg_ratio,
         b.total_ca_mg_ratio),
        ("ratio.days_within", "Days with the food ratio within the range", "days",
         float(a.ratio_days.get("within", 0)), float(b.ratio_days.get("within", 0))),
    ]  # fmt: skip
    changes = []
    for key, label, unit, before, after in rows:
        difference, relative = _difference(before, after)
        changes.append(
            Change(
                key=key, label=label, unit=unit, before=before, after=after,
                difference=difference, relative=relative,
                text=_sentence(label, unit, before, after),
            )
        )  # fmt: skip
    return changes


def _flag_sentences(a: PeriodSummary, b: PeriodSummary) -> list[str]:
    out = []
    for name in ("magnesium", "calcium", "vitamin_d"):
        x: NutrientPeriod = getattr(a, name)
        y: NutrientPeriod = getattr(b, name)
        if x.flag != y.flag:
            plain = _PLAIN[name][0].upper() + _PLAIN[name][1:]
            out.append(
                f"{plain} intake was {_FLAG_WORDS[x.flag]}; it is now {_FLAG_WORDS[y.flag]}."
            )
    return out


def compare(
    before: IntakeAnalysis, after: IntakeAnalysis, *, labels: tuple[str, str] = ("Before", "After")
) -> Comparison:
    """Compare two periods of the same client (e.g. before and after advice).

    Parameters
    ----------
    before, after
        The analyses of the two periods (:func:`mgcalc.analyze`), each with the same
        :class:`~mgcalc.Person` ideally, so that the same reference values apply.
    labels
        What to call the two periods.

    Returns
    -------
    Comparison
        Both periods, each quantity's difference (after - before; None where either is
        unknown), the foods that entered or left the top sources, notes, and what
        changed in plain sentences.

    Raises
    ------
    InvalidLogError
        If either argument is not an :class:`~mgcalc.IntakeAnalysis`.
    InvalidValueError
        If ``labels`` are not two texts.

    Examples
    --------
    >>> import mgcalc as mg
    >>> woman = mg.Person(age=58, sex="female")
    >>> a = mg.analyze(mg.FoodLog.from_lines(["1 oz almonds"], date="2026-11-01"), woman)
    >>> b = mg.analyze(mg.FoodLog.from_lines(["2 oz almonds"], date="2026-11-20"), woman)
    >>> c = compare(a, b)
    >>> round(c.change("magnesium.total").difference)
    77
    """
    if (
        not isinstance(labels, tuple | list)
        or len(labels) != 2
        or not all(isinstance(label, str) and storable(label) for label in labels)
    ):
        raise InvalidValueError(
            f"labels={labels!r:.60} must be two texts, one per period, such as ('Before', 'After')"
        )
    a = period_summary(before, labels[0])
    b = period_summary(after, labels[1])
    notes = []
    ra, rb = before.summary.ratio_range, after.summary.ratio_range
    if (ra.low, ra.high, ra.basis) != (rb.low, rb.high, rb.basis):
        notes.append(
            f"The two periods use different Ca:Mg ranges ({ra.low:g}-{ra.high:g} and "
            f"{rb.low:g}-{rb.high:g}); their ratio flags are not comparable."
        )
    pa, pb = before.person, after.person
    if pa is None or pb is None:
        notes.append("A client profile is missing for one period: no reference values there.")
    elif (pa.sex, pa.authority) != (pb.sex, pb.authority):
        notes.append("The two periods describe different profiles (sex or authority differ).")
    elif before.summary.life_stage != after.summary.life_stage:
        notes.append(
            "The client moved into another life stage between the periods; each period is "
            "read against its own reference values."
        )
    top_a = {s.description for s in a.top_sources}
    top_b = {s.description for s in b.top_sources}
    added = tuple(s.description for s in b.top_sources if s.description not in top_a)
    dropped = tuple(s.description for s in a.top_sources if s.description not in top_b)
    changes = _changes(a, b)
    wanted = ("magnesium.total", "calcium.total", "vitamin_d.total", "ratio.food")
    summary = [c.text for c in changes if c.key in wanted]
    summary += _flag_sentences(a, b)
    for name in ("magnesium", "calcium", "vitamin_d"):
        x: NutrientPeriod = getattr(a, name)
        y: NutrientPeriod = getattr(b, name)
        if x.days_over_ul != y.days_over_ul:
            summary.append(
                f"Days over the {_PLAIN[name]} upper limit: {x.days_over_ul} of {a.n_days} "
                f"before, {y.days_over_ul} of {b.n_days} now."
            )
    if added:
        summary.append(f"New among the top magnesium sources: {', '.join(added)}.")
    if dropped:
        summary.append(f"No longer among them: {', '.join(dropped)}.")
    return Comparison(
        before=a,
        after=b,
        changes=tuple(changes),
        sources_added=added,
        sources_dropped=dropped,
        notes=tuple(notes),
        summary=tuple(summary),
    )
