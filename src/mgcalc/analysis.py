"""analyze(): the façade that turns a food log into an :class:`IntakeAnalysis`.

It only composes the lower tiers: :mod:`mgcalc.intake` (entries, grams, nutrients,
totals with coverage), :mod:`mgcalc.ratio` (the Ca:Mg flag), :mod:`mgcalc.supplements`
(supplemental magnesium and the upper limit) and :mod:`mgcalc.references` /
:mod:`mgcalc.assess` (the person's reference values and adequacy).
"""

from __future__ import annotations

import json
import math
import warnings
from typing import Any, Final, Literal

import numpy as np
import pandas as pd
import pint
from pydantic import BaseModel, ConfigDict

from mgcalc._values import known_float
from mgcalc.assess import (
    ai_assessment,
    iom_individual_assessment,
    percent_of_target,
    sd_within_mg,
)
from mgcalc.cohort import daily_table
from mgcalc.errors import (
    InvalidLogError,
    LowCoverageWarning,
    PortionError,
    UnknownFoodError,
    UnknownOptionError,
)
from mgcalc.foods import FoodTable
from mgcalc.intake import meal_totals, resolve_entries, top_sources
from mgcalc.log import FoodLog
from mgcalc.ratio import RangeLike, RatioRange, ratio_flags, resolve_range
from mgcalc.references import Person, ReferenceValues
from mgcalc.resolve import DEFAULT_MIN_SCORE, Resolver
from mgcalc.supplements import UL_STATUS_MESSAGES
from mgcalc.units import quantity

__all__ = ["AnalysisSummary", "Estimate", "IntakeAnalysis", "analyze", "estimate"]

ADULT_UL_MG: Final = 350.0
"""IOM UL for supplemental magnesium from age 9, incl. pregnancy and lactation [mg/day]
(IOM 1997; nutrition-science.md §1c). Used when no person is given."""

RatioOf = Literal["means", "days"]


class AnalysisSummary(BaseModel):
    """Means over the days of a log, the ratio, the UL check and the adequacy assessment.

    Amounts are [mg/day] means over the days that have food entries (supplements over all
    logged days). ``None`` means the value is unknown or does not apply.
    """

    model_config = ConfigDict(frozen=True)

    n_people: int
    n_days: int
    n_entries: int
    n_unresolved: int
    coverage: float | None
    magnesium_mg: float | None
    calcium_mg: float | None
    supplemental_magnesium_mg: float | None
    total_magnesium_mg: float | None
    total_calcium_mg: float | None
    ca_mg_ratio: float | None
    ratio_flag: str
    total_ca_mg_ratio: float | None
    total_ratio_flag: str
    ratio_of: RatioOf
    ratio_range: RatioRange
    days_ul_exceeded: int
    ul_mg: float | None
    ul_note: str
    rda_mg: float | None
    ear_mg: float | None
    pct_rda: float | None
    authority: str | None
    life_stage: str | None
    reference_sources: tuple[str, ...] = ()
    adequacy: dict[str, Any] | None = None
    assumptions: tuple[str, ...] = ()


class Estimate(BaseModel):
    """Magnesium and calcium in one logged line, with the food and grams used.

    Attributes
    ----------
    text : str
        The line as given.
    food_id, description : str
        The USDA (or custom) food used, e.g. ``sr28:11458``.
    grams : float
        Weight of the amount [g].
    magnesium_mg, calcium_mg : float
        Content of that amount [mg]; NaN where the source reports no value.
    score : float
        Match score of the food (0-100; 100 when pinned).
    alternatives : tuple
        The next-best foods as (food_id, description, score).
    flags : tuple of str
        How the amount was read (``range_midpoint``, ``default_portion`` ...).
    """

    model_config = ConfigDict(frozen=True)

    text: str
    food_id: str
    description: str
    grams: float
    magnesium_mg: float
    calcium_mg: float
    score: float
    alternatives: tuple[tuple[str, str, float], ...] = ()
    flags: tuple[str, ...] = ()

    @property
    def magnesium(self) -> pint.Quantity[Any]:
        """Magnesium as a Quantity [mg]."""
        return quantity(self.magnesium_mg, "mg")

    @property
    def calcium(self) -> pint.Quantity[Any]:
        """Calcium as a Quantity [mg]."""
        return quantity(self.calcium_mg, "mg")

    def __str__(self) -> str:
        return (
            f"{self.text}: {self.magnesium_mg:.0f} mg magnesium, {self.calcium_mg:.0f} mg "
            f"calcium in {self.grams:.0f} g of {self.description} ({self.food_id})"
        )

    def _repr_html_(self) -> str:
        """Compact HTML for Jupyter."""
        from mgcalc.report.html import estimate_repr_html

        return estimate_repr_html(self)


def estimate(
    text: str, *, table: FoodTable | None = None, min_score: float = DEFAULT_MIN_SCORE
) -> Estimate:
    """Magnesium and calcium in one line of text ("½ cup spinach, boiled").

    Parameters
    ----------
    text
        A food with its amount, as a person would log it.
    table
        The food table (the bundled USDA table by default).
    min_score
        Matches scoring below this are refused (0-100).

    Returns
    -------
    Estimate
        The food used, grams [g], magnesium and calcium [mg], score and alternatives.

    Raises
    ------
    UnknownFoodError
        If no food matches well enough (the error lists the closest candidates).
    InvalidLogError
        If the amount cannot be read ("lots of almonds").
    PortionError
        If the amount cannot be converted for that food.

    Examples
    --------
    >>> e = estimate("1 oz almonds, dry roasted")
    >>> e.food_id, round(e.magnesium_mg)
    ('sr28:12063', 79)
    """
    table = table if table is not None else FoodTable.default()
    log = FoodLog().add(text, date="2000-01-01")
    entry = resolve_entries(log.entries, table, Resolver(table, min_score)).iloc[0]
    if entry["status"] == "unresolved":
        reason = str(entry["reason"])
        if reason.startswith(("no match", "weak match", "no food")):
            suggestions = [f"{a} ({b}, score {c:.0f})" for a, b, c in entry["alternatives"]]
            raise UnknownFoodError(str(entry["food_text"]), suggestions)
        if entry["food_id"] is None or (
            isinstance(entry["food_id"], float) and math.isnan(entry["food_id"])
        ):
            raise InvalidLogError(reason, "text")
        food_id = str(entry["food_id"])
        short = reason.split(" (", 1)[-1].split(")", 1)[0] if " (" in reason else reason
        raise PortionError(food_id, text, table._portion_texts(food_id), short)
    return Estimate(
        text=text,
        food_id=str(entry["food_id"]),
        description=str(entry["description"]),
        grams=float(entry["grams"]),
        magnesium_mg=float(entry["magnesium_mg"]),
        calcium_mg=float(entry["calcium_mg"]),
        score=float(entry["match_score"]),
        alternatives=tuple(entry["alternatives"]),
        flags=tuple(f for f in str(entry["flags"]).split(";") if f),
    )


class IntakeAnalysis:
    """The result of :func:`analyze`: tables per entry, meal and day, and a summary.

    Attributes
    ----------
    entries : pandas.DataFrame
        One row per logged food (resolved or not), with grams [g], magnesium_mg and
        calcium_mg [mg] (NaN = unknown), status and reason.
    meals : pandas.DataFrame
        Totals per person, day and meal with coverage.
    daily : pandas.DataFrame
        Per person and day: food ``magnesium_mg`` and ``calcium_mg`` [mg], ``coverage``,
        ``ca_mg_ratio`` and ``ratio_flag`` (food only); ``supplement_magnesium_mg``,
        ``medication_magnesium_mg``, ``supplemental_magnesium_mg``, ``ul_mg``,
        ``ul_exceeded``, ``ul_status`` (supplements and medications only, never food);
        ``total_magnesium_mg``, ``total_calcium_mg``, ``total_ca_mg_ratio``,
        ``total_ratio_flag`` (food + supplements); ``rda_mg``, ``ear_mg``, ``pct_rda``.
    summary : AnalysisSummary
        Means over days, the ratio, the UL check and the adequacy assessment.
    person : Person or None
        Whose intake it is.
    references : ReferenceValues or None
        The person's reference values.
    supplements : pandas.DataFrame
        The supplement and medication ledger of the log.
    """

    def __init__(
        self,
        entries: pd.DataFrame,
        meals: pd.DataFrame,
        daily: pd.DataFrame,
        summary: AnalysisSummary,
        person: Person | None,
        references: ReferenceValues | None,
        supplements: pd.DataFrame,
    ) -> None:
        self.entries = entries
        self.meals = meals
        self.daily = daily
        self.summary = summary
        self.person = person
        self.references = references
        self.supplements = supplements

    @property
    def unresolved(self) -> pd.DataFrame:
        """The entries that could not be used, with their reason and candidates."""
        columns = ["entry_id", "person_id", "date", "meal", "text", "reason", "alternatives"]
        return self.entries.loc[self.entries["status"] == "unresolved", columns].reset_index(
            drop=True
        )

    def top_sources(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` foods that gave the most magnesium [mg] over the log, with their share."""
        return top_sources(self.entries, n)

    def to_json(self) -> str:
        """The summary and the daily table as JSON (NaN written as null)."""
        daily = self.daily.copy()
        daily["date"] = daily["date"].dt.strftime("%Y-%m-%d")
        payload = {
            "summary": json.loads(self.summary.model_dump_json()),
            "daily": json.loads(daily.to_json(orient="records")),
        }
        return json.dumps(payload, indent=1)

    def __repr__(self) -> str:
        s = self.summary
        mg = "unknown" if s.magnesium_mg is None else f"{s.magnesium_mg:.0f} mg/day"
        return (
            f"<IntakeAnalysis: {s.n_days} days, {s.n_entries} entries "
            f"({s.n_unresolved} unresolved); food magnesium {mg}, coverage "
            f"{'n/a' if s.coverage is None else f'{s.coverage:.0%}'}; Ca:Mg {s.ratio_flag}>"
        )

    def _repr_html_(self) -> str:
        """Compact HTML for Jupyter: headline figures and flags."""
        from mgcalc.report.html import analysis_repr_html

        return analysis_repr_html(self)

    def to_html(self, path: Any, **options: Any) -> Any:
        """Write the dietitian's report as one self-contained HTML file.

        Options (``title``, ``client``, ``timestamp``, ``review_score``, ``n_sources``)
        are those of :func:`mgcalc.report.render_html`. Needs ``mgcalc[report]``.
        """
        from mgcalc.report.html import write_html

        return write_html(self, path, **options)

    def to_pdf(self, path: Any, **options: Any) -> Any:
        """Write the report as PDF, printed by headless Chromium (which must be installed).

        Raises :class:`mgcalc.report.ChromiumNotFoundError` where it is not.
        """
        from mgcalc.report.html import write_pdf

        return write_pdf(self, path, **options)

    def to_csv(self, path: Any, table: str = "daily") -> Any:
        """Write one table (``"daily"``, ``"meals"``, ``"entries"``, ``"supplements"``,
        ``"sources"``) to CSV; text that a spreadsheet would run as a formula is
        neutralised, unknown values are empty cells."""
        from mgcalc.report.export import write_csv

        return write_csv(self, path, table)  # type: ignore[arg-type]  # checked inside

    def to_excel(self, path: Any) -> Any:
        """Write every table to an .xlsx workbook, one sheet each (``mgcalc[excel]``)."""
        from mgcalc.report.export import write_excel

        return write_excel(self, path)

    def plot(self, kind: str = "daily", **kwargs: Any) -> Any:
        """A matplotlib figure: ``"daily"``, ``"ratio"``, ``"sources"`` or ``"supplements"``
        (see :mod:`mgcalc.plots`). Needs ``mgcalc[report]``."""
        from mgcalc.plots import plot

        return plot(self, kind, **kwargs)  # type: ignore[arg-type]  # checked inside


def _adequacy(
    person: Person | None, refs: ReferenceValues | None, mean_mg: float | None, n_days: int
) -> tuple[dict[str, Any] | None, list[str]]:
    notes: list[str] = []
    if person is None or refs is None or mean_mg is None or n_days == 0:
        return None, notes
    sd = sd_within_mg(person)
    if sd is None:
        notes.append(
            "no within-person SD of magnesium intake is established here for this life stage "
            "(only women 19-50 y: 86 mg/day, IOM 2000); the adequacy test was not run"
        )
        return None, notes
    if refs.magnesium_ear_mg is not None:
        result = iom_individual_assessment(
            mean_mg, n_days, refs.magnesium_ear_mg, sd, rda_mg=refs.magnesium_rda_mg
        )
        return json.loads(result.model_dump_json()), notes
    if refs.magnesium_rda_mg is not None:
        ai = ai_assessment(mean_mg, n_days, refs.magnesium_rda_mg, sd)
        return json.loads(ai.model_dump_json()), notes
    return None, notes


def _summary(
    daily: pd.DataFrame,
    entries: pd.DataFrame,
    person: Person | None,
    refs: ReferenceValues | None,
    ratio_range: RatioRange,
    ratio_of: RatioOf,
    min_coverage: float,
) -> AnalysisSummary:
    food_days = daily[daily["n_entries"] > 0]
    n_days = len(food_days)
    mean = food_days[
        ["magnesium_mg", "calcium_mg", "total_magnesium_mg", "total_calcium_mg", "coverage",
         "calcium_coverage"]
    ].mean()  # fmt: skip
    supplemental = daily["supplemental_magnesium_mg"].mean() if len(daily) else np.nan
    coverage = float(np.fmin(mean["coverage"], mean["calcium_coverage"])) if n_days else np.nan
    if ratio_of == "means":
        food_ratio = ratio_flags(
            pd.Series([mean["calcium_mg"]]), pd.Series([mean["magnesium_mg"]]), ratio_range,
            pd.Series([coverage]), min_coverage,
        )  # fmt: skip
        total_ratio = ratio_flags(
            pd.Series([mean["total_calcium_mg"]]), pd.Series([mean["total_magnesium_mg"]]),
            ratio_range, pd.Series([coverage]), min_coverage,
        )  # fmt: skip
        ratio, flag = food_ratio["ca_mg_ratio"].iloc[0], str(food_ratio["ratio_flag"].iloc[0])
        t_ratio, t_flag = total_ratio["ca_mg_ratio"].iloc[0], str(total_ratio["ratio_flag"].iloc[0])
    else:
        ratio = food_days["ca_mg_ratio"].mean()
        t_ratio = food_days["total_ca_mg_ratio"].mean()
        flags = ratio_flags(pd.Series([ratio, t_ratio]), pd.Series([1.0, 1.0]), ratio_range)[
            "ratio_flag"
        ]
        flag = "indeterminate" if math.isnan(ratio) else str(flags.iloc[0])
        t_flag = "indeterminate" if math.isnan(t_ratio) else str(flags.iloc[1])
    n_people = int(daily["person_id"].nunique())
    total = known_float(mean["total_magnesium_mg"]) if n_days else None
    adequacy, notes = _adequacy(person, refs, total if n_people == 1 else None, n_days)
    ul_mg = known_float(daily["ul_mg"].iloc[0]) if len(daily) else None
    if refs is not None and refs.magnesium_ul_mg is None:
        ul_note = UL_STATUS_MESSAGES["no_ul"]
    else:
        ul_note = (
            "the upper limit concerns magnesium from supplements and medications only; "
            "magnesium from food is never compared with it"
        )
    assumptions = [
        "values absent from the food source are unknown, never zero; totals sum the known "
        "values and coverage says which share (by grams) they cover",
        f"Ca:Mg ratio by mass against {ratio_range.low:g}-{ratio_range.high:g} "
        f"({ratio_range.name}); indeterminate below {min_coverage:.0%} coverage",
        *notes,
    ]
    if person is None:
        assumptions.append(
            f"no person given: the adult IOM upper limit ({ADULT_UL_MG:g} mg/day of supplemental "
            "magnesium) is used and no RDA or EAR applies; pass a Person for life-stage values"
        )
    pct = known_float(percent_of_target(total, refs.magnesium_rda_mg)) if (
        refs is not None and refs.magnesium_rda_mg is not None and total is not None
    ) else None  # fmt: skip
    return AnalysisSummary(
        n_people=n_people,
        n_days=n_days,
        n_entries=len(entries),
        n_unresolved=int((entries["status"] == "unresolved").sum()),
        coverage=known_float(coverage),
        magnesium_mg=known_float(mean["magnesium_mg"]) if n_days else None,
        calcium_mg=known_float(mean["calcium_mg"]) if n_days else None,
        supplemental_magnesium_mg=known_float(supplemental),
        total_magnesium_mg=total,
        total_calcium_mg=known_float(mean["total_calcium_mg"]) if n_days else None,
        ca_mg_ratio=known_float(ratio),
        ratio_flag=flag,
        total_ca_mg_ratio=known_float(t_ratio),
        total_ratio_flag=t_flag,
        ratio_of=ratio_of,
        ratio_range=ratio_range,
        days_ul_exceeded=int(daily["ul_exceeded"].sum()),
        ul_mg=ul_mg,
        ul_note=ul_note,
        rda_mg=None if refs is None else refs.magnesium_rda_mg,
        ear_mg=None if refs is None else refs.magnesium_ear_mg,
        pct_rda=pct,
        authority=None if refs is None else refs.authority,
        life_stage=None if refs is None else refs.life_stage,
        reference_sources=() if refs is None else refs.sources,
        adequacy=adequacy,
        assumptions=tuple(assumptions),
    )


def analyze(
    log: FoodLog,
    person: Person | None = None,
    *,
    table: FoodTable | None = None,
    ratio_range: RangeLike = "default",
    ratio_of: RatioOf = "means",
    min_coverage: float = 0.9,
    min_score: float = DEFAULT_MIN_SCORE,
    strict: bool = False,
    resolver: Resolver | None = None,
) -> IntakeAnalysis:
    """Magnesium and calcium of a food log per entry, meal and day, with flags.

    Parameters
    ----------
    log
        The food log (with its supplement ledger and pins).
    person
        Whose log it is: sets the reference values (RDA/AI, EAR) and the supplemental
        upper limit of their life stage. Without one, the adult IOM upper limit
        (350 mg/day) is used and no RDA applies.
    table
        The food table; the bundled USDA table by default.
    ratio_range
        ``"default"`` (2.2-3.2), ``"costello2021"`` (1.70-2.60), a ``(low, high)`` tuple
        or a :class:`~mgcalc.ratio.RatioRange` (mass basis).
    ratio_of
        Over several days: ``"means"`` (ratio of mean intakes, the default) or ``"days"``
        (mean of the daily ratios).
    min_coverage
        A ratio computed where less than this share of the intake is known is
        ``"indeterminate"`` [0-1].
    min_score
        Food matches scoring below this are not used (0-100).
    strict
        Raise :class:`~mgcalc.errors.InvalidLogError` naming the rows, instead of
        listing them in :attr:`IntakeAnalysis.unresolved`, when any entry is unresolved.
    resolver
        A :class:`~mgcalc.resolve.Resolver` to match food texts with (its cache is reused,
        e.g. after matching with a progress bar); by default a new one over ``table``
        with ``min_score`` and the log's pins.

    Returns
    -------
    IntakeAnalysis

    Warns
    -----
    LowCoverageWarning
        When some day's ratio is indeterminate for lack of known values.

    References
    ----------
    .. [1] IOM (1997). DRI for Calcium, Phosphorus, Magnesium, Vitamin D, and Fluoride.
       The magnesium UL covers pharmacological agents only (p. 242).
    .. [2] Costello RB et al. (2021). Adv Nutr 12(2):291-297. doi:10.1093/advances/nmaa160.
    """
    if ratio_of not in ("means", "days"):
        raise UnknownOptionError("ratio_of", ratio_of, ("means", "days"))
    table = table if table is not None else FoodTable.default()
    resolved_range = resolve_range(ratio_range)
    refs = person.reference_values() if person is not None else None
    if resolver is None:
        resolver = Resolver(table, min_score, log.pins)
    entries = resolve_entries(log.entries, table, resolver)
    unresolved = entries["status"] == "unresolved"
    if strict and unresolved.any():
        first = entries[unresolved].iloc[0]
        raise InvalidLogError(
            f"{int(unresolved.sum())} entries could not be resolved; the first, "
            f"{first['text']!r}: {first['reason']}",
            "food",
            entries.loc[unresolved, "entry_id"].tolist(),
        )
    meals = meal_totals(entries)
    daily = daily_table(
        entries,
        table,
        person=person,
        ratio_range=resolved_range,
        min_coverage=min_coverage,
        supplements=log.supplements,
    )
    low = (daily["n_entries"] > 0) & (
        np.fmin(daily["coverage"], daily["calcium_coverage"]) < min_coverage
    )
    if low.any():
        warnings.warn(
            f"{int(low.sum())} of {int((daily['n_entries'] > 0).sum())} days have less than "
            f"{min_coverage:.0%} of their intake with known values; their Ca:Mg ratio is "
            "indeterminate",
            LowCoverageWarning,
            stacklevel=2,
        )
    summary = _summary(daily, entries, person, refs, resolved_range, ratio_of, min_coverage)
    return IntakeAnalysis(entries, meals, daily, summary, person, refs, log.supplements)
