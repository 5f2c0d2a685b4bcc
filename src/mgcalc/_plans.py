"""The result of :func:`mgcalc.suggest`: a plan of changes, its effect and its checks.

These pydantic models are what :func:`mgcalc.suggestions.suggest` returns: a
:class:`Suggestion` holding its changes (:class:`Change`), the figures before and after
(:class:`IntakeFigures`), every constraint checked (:class:`ConstraintCheck`) and, when no
plan exists, what stands in the way (:class:`Shortfall`). They live
here, below :mod:`mgcalc.analysis`, so that an analysis's JSON document
(:class:`mgcalc.analysis.AnalysisDocument`) can carry the suggestion its report showed;
import them from :mod:`mgcalc.suggestions` or :mod:`mgcalc`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from mgcalc.ratio import RatioRange

__all__ = [
    "Basis",
    "Change",
    "ChangeKind",
    "ConstraintCheck",
    "IntakeFigures",
    "Prefer",
    "Shortfall",
    "Status",
    "Suggestion",
]

Basis = Literal["total", "food"]
Prefer = Literal["own_foods", "none"]
ChangeKind = Literal["add", "increase", "swap", "supplement"]
Status = Literal["ok", "already_met", "infeasible", "unsolved"]


class IntakeFigures(BaseModel):
    """Mean daily intake before or after a plan, and how it compares with the references.

    ``None`` where a value is unknown or no reference applies. Magnesium and the ratio are
    on the suggestion's basis (total intake by default); calcium and vitamin D upper
    limits are on total intake, per day.

    Attributes
    ----------
    magnesium_mg, calcium_mg
        Mean daily intake on the basis [mg/day].
    vitamin_d_ug
        Mean daily total vitamin D [µg/day] (known values).
    energy_kcal
        Mean daily food energy [kcal/day].
    pct_rda
        Magnesium as a percentage of the target's reference (RDA or AI) [%].
    ca_mg_ratio, ratio_flag
        Ca:Mg by mass of the mean intakes, and its flag against the range.
    max_day_calcium_mg, calcium_ul_mg
        The highest day's total calcium, and the UL [mg/day].
    max_day_vitamin_d_ug, vitamin_d_ul_ug
        The highest day's total vitamin D, and the UL [µg/day].
    max_day_supplemental_magnesium_mg, magnesium_ul_mg
        The highest day's supplemental magnesium, and its UL [mg/day].
    coverage
        Share of the logged grams whose magnesium and calcium are known (lower of the two).
    """

    model_config = ConfigDict(frozen=True)

    magnesium_mg: float
    calcium_mg: float
    vitamin_d_ug: float | None
    energy_kcal: float | None
    pct_rda: float | None
    ca_mg_ratio: float | None
    ratio_flag: str
    max_day_calcium_mg: float | None
    calcium_ul_mg: float | None
    max_day_vitamin_d_ug: float | None
    vitamin_d_ul_ug: float | None
    max_day_supplemental_magnesium_mg: float
    magnesium_ul_mg: float | None
    coverage: float | None


class Change(BaseModel):
    """One change of a plan, with what it adds to a day (a mean over the logged days).

    Attributes
    ----------
    kind
        ``"add"`` a food not in the log, ``"increase"`` a food already eaten, ``"swap"`` a
        logged food for another (same weight, each time it was eaten), or ``"supplement"``.
    food_id, name, description
        The food added (USDA id, short name, USDA description).
    portions
        How many ``portion`` a day (for a swap: 1).
    portion
        One portion in household units (``"1 oz"``, ``"1/2 cup"``).
    amount
        The whole amount in household units (``"2 oz"``).
    grams
        Grams a day (for a swap: grams of the new food each time) [g].
    magnesium_mg, calcium_mg
        What the change adds to a day, on average [mg/day] (negative when it removes).
    vitamin_d_ug
        Vitamin D it adds [µg/day]; ``None`` where the food's value is not reported.
    energy_kcal
        Energy it adds [kcal/day].
    own_food
        Whether the person already eats the food added.
    replaces_food_id, replaces_name, replaces_grams, replaces_days
        For a swap: the logged food replaced, its weight each time [g] and on how many
        days it was eaten.
    text
        The change in plain words.
    """

    model_config = ConfigDict(frozen=True)

    kind: ChangeKind
    food_id: str
    name: str
    description: str
    portions: int
    portion: str
    amount: str
    grams: float
    magnesium_mg: float
    calcium_mg: float
    vitamin_d_ug: float | None
    energy_kcal: float
    own_food: bool
    replaces_food_id: str | None = None
    replaces_name: str | None = None
    replaces_grams: float | None = None
    replaces_days: int | None = None
    text: str


class ConstraintCheck(BaseModel):
    """One constraint of the problem and whether the returned plan meets it.

    ``value`` is recomputed from the plan's foods, not read from the solver.

    Attributes
    ----------
    name
        ``"magnesium_target"``, ``"ratio_low"``, ``"ratio_high"``, ``"calcium_ul"``,
        ``"vitamin_d_ul"``, ``"supplement_ul"``, ``"energy_budget"``, ``"max_changes"``
        or ``"no_supplement"``.
    description
        The constraint in words.
    limit, value
        The bound and the plan's figure (units in ``unit``).
    unit
        ``"mg/day"``, ``"µg/day"``, ``"kcal/day"``, ``"Ca:Mg"`` or ``"changes"``.
    satisfied
        Whether the plan meets it.
    """

    model_config = ConfigDict(frozen=True)

    name: str
    description: str
    limit: float
    value: float
    unit: str
    satisfied: bool


class Shortfall(BaseModel):
    """Why no plan exists: one constraint, relaxed alone, and how far it must give.

    Attributes
    ----------
    name
        The constraint (as in :class:`ConstraintCheck`).
    limit
        What was asked (None for an upper limit, which differs day by day).
    best
        The best the plan can do on it when every other constraint holds (None for an
        upper limit).
    gap
        How far ``best`` is from ``limit`` (positive) [``unit``].
    unit
        Its unit.
    text
        The explanation in plain words.
    """

    model_config = ConfigDict(frozen=True)

    name: str
    limit: float | None
    best: float | None
    gap: float
    unit: str
    text: str


class Suggestion(BaseModel):
    """The result of :func:`suggest`: a short plan of changes and its effect.

    Attributes
    ----------
    status
        ``"ok"`` (a plan), ``"already_met"`` (nothing to change), ``"infeasible"`` (no
        plan within the constraints: see ``shortfalls``) or ``"unsolved"`` (the solver
        gave no answer; ``message`` says why).
    message
        One sentence that says what the plan does, or why there is none.
    changes
        The changes, largest magnesium first.
    before, after
        Mean daily figures of the log, and with the changes (``after`` is None without
        a plan).
    constraints
        Every constraint and whether ``after`` meets it (recomputed from the foods).
    shortfalls
        For an infeasible problem: each constraint that cannot be met, and by how much.
    target_mg, target_kind
        The magnesium target [mg/day] and what it is (``"RDA"``, ``"AI"``, ``"EAR"``,
        ``"custom"``).
    basis
        ``"total"`` or ``"food"``: what the target and the ratio apply to.
    ratio_range
        The Ca:Mg range.
    max_changes, energy_budget_kcal, allow_supplements, exclude, diet, prefer
        The options the plan was made under.
    n_days
        Days with food entries the means are over.
    n_candidates
        Foods considered (own foods and curated ones after exclusions).
    notes
        What the reader should know (days already over a limit, unknown values ...).
    """

    model_config = ConfigDict(frozen=True)

    status: Status
    message: str
    changes: tuple[Change, ...] = ()
    before: IntakeFigures
    after: IntakeFigures | None = None
    constraints: tuple[ConstraintCheck, ...] = ()
    shortfalls: tuple[Shortfall, ...] = ()
    target_mg: float
    target_kind: str
    basis: Basis
    ratio_range: RatioRange
    max_changes: int
    energy_budget_kcal: float | None = None
    allow_supplements: bool = False
    exclude: tuple[str, ...] = ()
    diet: str = "omnivore"
    prefer: Prefer = "own_foods"
    n_days: int
    n_candidates: int
    notes: tuple[str, ...] = ()

    @property
    def feasible(self) -> bool:
        """Whether a plan (possibly empty) meets every constraint."""
        return self.status in ("ok", "already_met")

    def summary_lines(self) -> list[str]:
        """The plan in plain words, one line each: what to change and what it does.

        Meant for a report's "Next steps" section and the command line.
        """
        lines = [self.message]
        lines.extend(f"- {change.text}" for change in self.changes)
        if self.after is not None and self.changes:
            lines.append(f"Result: {_figures_text(self.after, self)}")
        lines.extend(f"- {short.text}" for short in self.shortfalls)
        lines.extend(f"Note: {note}" for note in self.notes)
        lines.append(
            "This is a suggestion from food composition tables, not medical advice; "
            "absorption is not modelled."
        )
        return lines

    def __str__(self) -> str:
        return "\n".join(self.summary_lines())


def _figures_text(figures: IntakeFigures, plan: Suggestion) -> str:
    basis = "total" if plan.basis == "total" else "food"
    parts = [f"{basis} magnesium {figures.magnesium_mg:.0f} mg/day"]
    if figures.pct_rda is not None:
        parts[-1] += f" ({figures.pct_rda:.0f} % of the {_reference_kind(plan)})"
    if figures.ca_mg_ratio is not None:
        parts.append(f"Ca:Mg {figures.ca_mg_ratio:.2f} ({figures.ratio_flag})")
    parts.append(f"calcium {figures.calcium_mg:.0f} mg/day")
    if figures.energy_kcal is not None:
        parts.append(f"energy {figures.energy_kcal:.0f} kcal/day")
    return ", ".join(parts)


def _reference_kind(plan: Suggestion) -> str:
    """What % of RDA is a percentage of: the RDA, or the AI where there is none."""
    return "RDA" if plan.target_kind in ("custom", "EAR") else plan.target_kind
