"""analyze(): the façade that turns a food log into an :class:`IntakeAnalysis`.

``analyze = resolve + daily table + summarise``, each a call into a lower tier:
:mod:`mgcalc.resolve` (text -> food and grams), :mod:`mgcalc.intake` (the engine:
nutrients, partial sums, the daily table with ratios, limits and reference values) and
:mod:`mgcalc.assess` (adequacy). Nothing here builds a DataFrame until someone reads one:
:attr:`IntakeAnalysis.entries`, ``.meals`` and ``.daily`` are made on first access and
kept; the summary is computed from the engine's arrays.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict

from mgcalc._plans import Suggestion
from mgcalc._schemas import LEDGER_COLUMNS, frame_of, storable
from mgcalc._values import known_float, real_number, whole_number
from mgcalc.assess import (
    CV_REQUIREMENT,
    INTAKE_FLAGS,
    TOTAL_UL_STATUSES,
    ai_assessment,
    individual_assessment_of,
    intake_flag_codes,
    sd_within_mg,
)
from mgcalc.defaults import ADULT_MAGNESIUM_UL_MG, MIN_COVERAGE
from mgcalc.errors import (
    InvalidLogError,
    LowCoverageWarning,
    UnknownFoodError,
    UnknownOptionError,
)
from mgcalc.foods import FoodTable
from mgcalc.intake import (
    LEDGER_NUTRIENTS,
    NUTRIENTS,
    REVIEW_FLAGS,
    add_partials,
    daily_frame,
    entries_frame,
    group_codes,
    intake_columns,
    ledger_partial_columns,
    meal_table,
    nutrient_columns,
    partial_columns,
    resolve_columns,
    review_flags,
    target_columns,
    top_sources,
)
from mgcalc.log import FoodLog
from mgcalc.ratio import RATIO_FLAGS, RangeLike, RatioRange, ratio_codes, resolve_range
from mgcalc.records import (
    DailyRecord,
    EntryRecord,
    LedgerRecord,
    MealRecord,
    ReportInfo,
    UnresolvedRecord,
    frame_records,
)
from mgcalc.references import Person, ReferenceValues
from mgcalc.resolve import DEFAULT_MIN_SCORE, Resolver, resolve_line
from mgcalc.water import Drink, drink_entries, entry_drinks, read_drink, water_ledger

__all__ = [
    "SCHEMA_VERSION",
    "AnalysisDocument",
    "AnalysisSummary",
    "Estimate",
    "IntakeAnalysis",
    "analyze",
    "estimate",
    "json_schema",
]

ADULT_UL_MG: Final = ADULT_MAGNESIUM_UL_MG
"""IOM UL for supplemental magnesium from age 9 [mg/day]; see :mod:`mgcalc.defaults`."""

RatioOf = Literal["means", "days"]


class AnalysisSummary(BaseModel):
    """Means over the days of a log, the ratio, the upper limits and the adequacy assessment.

    Amounts are [mg/day] (vitamin D [µg/day]) means over the days that have food entries
    (the ledgers over all logged days). ``None`` means the value is unknown or does not
    apply.
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
    # 0.2
    intake_flag: str = "unknown"
    water_magnesium_mg: float | None = None
    water_calcium_mg: float | None = None
    supplemental_calcium_mg: float | None = None
    vitamin_d_ug: float | None = None
    supplemental_vitamin_d_ug: float | None = None
    total_vitamin_d_ug: float | None = None
    energy_kcal: float | None = None
    calcium_coverage: float | None = None
    vitamin_d_coverage: float | None = None
    calcium_rda_mg: float | None = None
    calcium_ear_mg: float | None = None
    calcium_pct_rda: float | None = None
    calcium_flag: str = "unknown"
    calcium_ul_mg: float | None = None
    days_calcium_ul_exceeded: int = 0
    vitamin_d_rda_ug: float | None = None
    vitamin_d_ear_ug: float | None = None
    vitamin_d_pct_rda: float | None = None
    vitamin_d_flag: str = "unknown"
    vitamin_d_ul_ug: float | None = None
    days_vitamin_d_ul_exceeded: int = 0
    ratio_days: dict[str, int] = {}
    total_ratio_days: dict[str, int] = {}
    n_review: int = 0


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
    vitamin_d_ug : float
        Vitamin D [µg]; NaN where not reported.
    energy_kcal : float
        Energy [kcal]; NaN where not reported.
    score : float
        Match score of the food (0-100; 100 when pinned).
    alternatives : tuple
        The next-best foods as (food_id, description, score).
    flags : tuple of str
        How the amount was read (``range_midpoint``, ``default_portion`` ...) and what
        to review (``low_score``, ``assumed_portion``, ``sources_disagree``,
        ``composite_split``).
    notes : tuple of str
        What was assumed or chosen, to show the person: the household convention used,
        the USDA portion taken for a missing amount, both values when SR28 and FNDDS
        disagree.
    components : tuple of Estimate
        A composite line's components ("coffee with milk": the coffee, the milk), each
        with its own food, grams and nutrients; empty for a line that is one food. The
        line's ``food_id`` is then the components' ids joined by ``+``, its amounts their
        sums (unknown if one is unknown) and its score the lowest of theirs.
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
    vitamin_d_ug: float = math.nan
    energy_kcal: float = math.nan
    notes: tuple[str, ...] = ()
    components: tuple[Estimate, ...] = ()

    @property
    def magnesium(self) -> Any:
        """Magnesium as a pint Quantity [mg]."""
        from mgcalc.units import quantity

        return quantity(self.magnesium_mg, "mg")

    @property
    def calcium(self) -> Any:
        """Calcium as a pint Quantity [mg]."""
        from mgcalc.units import quantity

        return quantity(self.calcium_mg, "mg")

    @property
    def confidence(self) -> str:
        """``"high"`` when nothing asks for review, else ``"review"``."""
        return "review" if any(f in REVIEW_FLAGS for f in self.flags) else "high"

    def __str__(self) -> str:
        return (
            f"{self.text}: {self.magnesium_mg:.0f} mg magnesium, {self.calcium_mg:.0f} mg "
            f"calcium in {self.grams:.0f} g of {self.description} ({self.food_id})"
        )

    def _repr_html_(self) -> str:
        """Compact HTML for Jupyter."""
        from mgcalc._hooks import render

        return render("estimate", self)


def estimate(
    text: str,
    *,
    table: FoodTable | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    locale: str = "us",
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
    locale
        Whose words and measures the line uses: ``"us"`` (default), ``"uk"`` (a pint is
        568 ml; "chips" are fries), ``"au"``, ``"ca"`` (a cup is 250 ml); see
        :class:`mgcalc.resolve.Resolver`.

    Returns
    -------
    Estimate
        The food used, grams [g], magnesium and calcium [mg], score, alternatives, flags
        and notes; for a composite line ("toast with butter") its components too.

    Raises
    ------
    UnknownFoodError
        If no food matches well enough (the error lists the closest candidates).
    InvalidLogError
        If the line cannot be read ("lots of almonds", "3 volts spinach", not text, too
        long) or its amount is too large (more than
        :data:`~mgcalc.defaults.MAX_ENTRY_GRAMS`); the message quotes the line.
    PortionError
        If the amount cannot be converted for that food.
    UnitError
        If the unit is no amount of this food.

    Notes
    -----
    A drink of water ("500 ml San Pellegrino", see :func:`mgcalc.water.read_drink`) is
    estimated from the table of waters: ``food_id`` is the water's id, grams its volume
    (1 L = 1 kg). Tap water is unknown here (no person's tap water): NaN, flagged.

    Examples
    --------
    >>> e = estimate("1 oz almonds, dry roasted")
    >>> e.food_id, round(e.magnesium_mg)
    ('sr28:12063', 79)
    """
    if not isinstance(text, str):
        raise InvalidLogError(f"estimate needs a line of text, not {type(text).__name__}")
    if not storable(text):
        raise InvalidLogError(
            "the line holds characters that cannot be stored (a lone surrogate, as invalid "
            f"UTF-8 becomes): {text[:80]!r}"
        )
    drink = read_drink(text)
    if drink is not None:
        return _estimate_drink(text, drink)
    table = table if table is not None else FoodTable.default()
    line = resolve_line(text, Resolver(table, min_score, locale=locale))
    if line.reason_code is not None:
        failed = next((part for part in line.parts if part.reason_code is not None), line)
        if failed.error is not None:
            # The resolution is cached and shared: raise its error without the traceback
            # of an earlier raise, so repeated calls do not grow it.
            raise failed.error.with_traceback(None)
        if failed.reason_code in ("no_match", "weak_match", "no_food_named"):
            suggestions = [f"{a} ({b}, score {c:.0f})" for a, b, c in failed.alternatives]
            raise UnknownFoodError(failed.food_text, suggestions)
        if failed.reason_code == "empty_line":
            raise InvalidLogError("the line is empty; give a food and its amount ('1 oz almonds')")
        raise InvalidLogError(f"{failed.reason}, in the line {text[:80]!r}")
    parts = line.parts
    positions = np.array([table.position(str(part.food_id)) for part in parts], dtype=np.intp)
    grams = np.array([part.grams for part in parts])
    values = nutrient_columns(table, positions, grams, np.ones(len(parts), dtype=bool))
    found = [
        Estimate(
            text=part.food_text if line.components else text,
            food_id=str(part.food_id),
            description=str(part.description),
            grams=part.grams,
            magnesium_mg=float(values["magnesium_mg"][i]),
            calcium_mg=float(values["calcium_mg"][i]),
            vitamin_d_ug=float(values["vitamin_d_ug"][i]),
            energy_kcal=float(values["energy_kcal"][i]),
            score=part.score,
            alternatives=part.alternatives,
            flags=review_flags(part.flags, part.score if part.score < 100 else math.nan),
            notes=part.notes,
        )
        for i, part in enumerate(parts)
    ]
    if not line.components:
        return found[0]
    flags = dict.fromkeys(line.flags)
    for part in found:
        flags.update(dict.fromkeys(part.flags))
    return Estimate(
        text=text,
        food_id="+".join(part.food_id for part in found),
        description=" + ".join(part.description for part in found),
        grams=float(grams.sum()),
        magnesium_mg=float(values["magnesium_mg"].sum()),
        calcium_mg=float(values["calcium_mg"].sum()),
        vitamin_d_ug=float(values["vitamin_d_ug"].sum()),
        energy_kcal=float(values["energy_kcal"].sum()),
        score=min(part.score for part in found),
        flags=tuple(flags),
        notes=(*line.notes, *(f"{p.text}: {n}" for p in found for n in p.notes)),
        components=tuple(found),
    )


# -- the JSON document -------------------------------------------------------------------

SCHEMA_VERSION: Final = "1.0"
"""Version of the JSON document's layout (:class:`AnalysisDocument`); it changes when a
field is renamed or removed, not when one is added."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mgcalc")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


class AnalysisDocument(BaseModel):
    """An analysis as one JSON document: what :meth:`IntakeAnalysis.to_json` writes.

    Attributes
    ----------
    schema_version
        :data:`SCHEMA_VERSION`.
    mgcalc_version
        The version of mgcalc that computed it.
    report
        Who the report is for and by whom, when one was asked for.
    person, references
        Whose intake it is and their reference values (None without a person).
    summary
        Means over the days, flags, the ratio with its day distribution, UL days.
    daily, meals, entries, unresolved, supplements
        The tables, one record per row (:mod:`mgcalc.records`).
    suggestion
        The suggestion (:func:`mgcalc.suggest`) the report showed as its next steps, when
        it showed one.
    """

    model_config = ConfigDict(frozen=True)

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    mgcalc_version: str
    report: ReportInfo | None = None
    person: Person | None = None
    references: ReferenceValues | None = None
    summary: AnalysisSummary
    daily: list[DailyRecord]
    meals: list[MealRecord]
    entries: list[EntryRecord]
    unresolved: list[UnresolvedRecord]
    supplements: list[LedgerRecord]
    suggestion: Suggestion | None = None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`IntakeAnalysis.to_json`'s output (draft 2020-12).

    Generated from :class:`AnalysisDocument`; published as
    ``docs/schema/analysis.schema.json``.
    """
    schema = AnalysisDocument.model_json_schema(by_alias=False, mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }


def _estimate_drink(text: str, drink: Drink) -> Estimate:
    """The estimate of a drink of water (its magnesium unknown for tap water: no person)."""
    if math.isnan(drink.litres):
        raise InvalidLogError(
            f"amount not understood: {drink.amount_text!r} is not a volume of water, in the "
            f"line {text[:80]!r}"
        )
    routed = drink_entries(
        {"grams": np.zeros(1), "nutrients": {n.column: np.zeros(1) for n in NUTRIENTS},
         "unresolved": np.zeros(1, bool), "reason_code": np.zeros(1, np.int16),
         "reason": [None], "flags": [""], "food_id": [None], "amount": np.zeros(1),
         "unit": [None], "food_text": [""], "description": [None], "match_score": np.zeros(1),
         "alternatives": [()], "status": np.array(["resolved"], dtype=object)},
        {0: drink},
    )  # fmt: skip
    return Estimate(
        text=text,
        food_id=str(drink.water_id or "water:own"),
        description=str(routed["description"][0]),
        grams=float(routed["grams"][0]),
        magnesium_mg=float(routed["nutrients"]["magnesium_mg"][0]),
        calcium_mg=float(routed["nutrients"]["calcium_mg"][0]),
        score=100.0,
        flags=tuple(routed["flags"][0].split(";")),
    )


# -- the result -----------------------------------------------------------------------------

_ENTRY_OUT: Final = (
    "food_text", "description", "match_score", "alternatives", "grams",
    *(n.column for n in NUTRIENTS), "status", "reason_code", "reason", "flags",
)  # fmt: skip


class IntakeAnalysis:
    """The result of :func:`analyze`: tables per entry, meal and day, and a summary.

    Attributes
    ----------
    entries : pandas.DataFrame
        One row per logged food (resolved or not), with grams [g], magnesium_mg and
        calcium_mg [mg], vitamin_d_ug [µg], energy_kcal [kcal] (NaN = unknown), status,
        ``reason_code`` and ``reason`` and ``flags``.
    meals : pandas.DataFrame
        Totals per person, day and meal with coverage.
    daily : pandas.DataFrame
        Per person and day (:data:`mgcalc.intake.DAILY_COLUMNS`): food nutrients and
        coverage; the water, supplement and medication ledgers; the food and total Ca:Mg
        ratios and flags; the magnesium UL (supplements and medications only, never food
        or water) and the calcium and vitamin D ULs (total intake); RDA, EAR, % of RDA and
        intake flag of each nutrient.
    summary : AnalysisSummary
        Means over days, the ratio, the UL checks and the adequacy assessment.
    person : Person or None
        Whose intake it is.
    references : ReferenceValues or None
        The person's reference values.
    supplements : pandas.DataFrame
        The ledger of doses and drinking water as counted: the log's, with the person's tap
        water applied to drinks of tap water, and the food lines that are drinks of water
        (same entry id; see :func:`mgcalc.water.water_ledger`).

    Notes
    -----
    The tables are built on first access and kept.
    """

    def __init__(
        self,
        entries: pd.DataFrame | None,
        meals: pd.DataFrame | None,
        daily: pd.DataFrame | None,
        summary: AnalysisSummary,
        person: Person | None,
        references: ReferenceValues | None,
        supplements: pd.DataFrame | None,
    ) -> None:
        self.summary = summary
        self.person = person
        self.references = references
        self._frames: dict[str, pd.DataFrame | None] = {
            "entries": entries, "meals": meals, "daily": daily, "supplements": supplements,
        }  # fmt: skip
        self._parts: dict[str, Any] = {}

    @classmethod
    def _from_parts(
        cls, summary: AnalysisSummary, person: Person | None, refs: ReferenceValues | None,
        **parts: Any,
    ) -> IntakeAnalysis:  # fmt: skip
        analysis = cls(None, None, None, summary, person, refs, None)
        analysis._parts = parts
        return analysis

    def _frame(self, name: str) -> pd.DataFrame:
        frame = self._frames.get(name)
        if frame is None:
            frame = self._frames[name] = getattr(self, f"_build_{name}")()
        return frame

    @property
    def entries(self) -> pd.DataFrame:
        """One row per logged food, resolved or not (built on first access)."""
        return self._frame("entries")

    @property
    def meals(self) -> pd.DataFrame:
        """Totals per person, day and meal, with coverage (built on first access)."""
        return self._frame("meals")

    @property
    def daily(self) -> pd.DataFrame:
        """The daily table (built on first access)."""
        return self._frame("daily")

    @property
    def supplements(self) -> pd.DataFrame:
        """The ledger of doses and drinking water."""
        return self._frame("supplements")

    def _build_entries(self) -> pd.DataFrame:
        p = self._parts
        return entries_frame(p["log"].entries, p["resolved"])

    def _build_meals(self) -> pd.DataFrame:
        p = self._parts
        food = p["food"]  # drinks of water are not food: they are in the water ledger
        return meal_table(p["log"].columns(), _rows(p["resolved"], food))

    def _build_daily(self) -> pd.DataFrame:
        p = self._parts
        keys = p["day_keys"]  # the reference targets of each day are added when first read
        return daily_frame(keys, target_columns(p["day_columns"], keys["person_id"], self.person))

    def _build_supplements(self) -> pd.DataFrame:
        return frame_of(self._parts["ledger"], LEDGER_COLUMNS)

    @property
    def unresolved(self) -> pd.DataFrame:
        """The entries that could not be used, with their reason and candidates."""
        columns = ["entry_id", "person_id", "date", "meal", "text", "reason_code", "reason",
                   "alternatives"]  # fmt: skip
        entries = self.entries
        columns = [c for c in columns if c in entries.columns]
        return entries.loc[entries["status"] == "unresolved", columns].reset_index(drop=True)

    def top_sources(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` foods that gave the most magnesium [mg] over the log, with their share
        (drinks of water are not foods: see :attr:`supplements`).

        Raises
        ------
        InvalidValueError
            If ``n`` is not a whole number from 0 to 10,000.
        """
        n = whole_number(n, "n", low=0, high=10_000)
        entries = self.entries
        if "flags" in entries.columns:
            drinks = [("water" in str(f).split(";")) for f in entries["flags"]]
            entries = entries[~np.asarray(drinks, dtype=bool)]
        return top_sources(entries, n)

    def to_document(
        self, report: ReportInfo | None = None, *, suggestion: Suggestion | None = None
    ) -> AnalysisDocument:
        """The whole analysis as one pydantic model (what :meth:`to_json` writes).

        Parameters
        ----------
        report
            Who the report is for and by whom (:class:`~mgcalc.records.ReportInfo`),
            kept in the document's ``report`` field.
        suggestion
            The suggestion (:func:`mgcalc.suggest`) shown as the report's next steps, kept
            in the document's ``suggestion`` field (None: no such field's value).

        Returns
        -------
        AnalysisDocument
            The summary, and every table as records: daily, meals, entries,
            unresolved and supplements (the ledger, drinks of water with their ranges
            and flags); unknown values are None.
        """
        return AnalysisDocument(
            mgcalc_version=_version(),
            report=report,
            person=self.person,
            references=self.references,
            summary=self.summary,
            daily=frame_records(self.daily, DailyRecord),
            meals=frame_records(self.meals, MealRecord),
            entries=frame_records(self.entries, EntryRecord),
            unresolved=frame_records(self.unresolved, UnresolvedRecord),
            supplements=frame_records(self.supplements, LedgerRecord),
            suggestion=suggestion,
        )

    def to_dict(
        self, report: ReportInfo | None = None, *, suggestion: Suggestion | None = None
    ) -> dict[str, Any]:
        """:meth:`to_document` as plain JSON-ready Python (dates as ``YYYY-MM-DD``)."""
        return self.to_document(report, suggestion=suggestion).model_dump(mode="json")

    def to_json(
        self,
        report: ReportInfo | None = None,
        *,
        suggestion: Suggestion | None = None,
        indent: int | None = 1,
    ) -> str:
        """The whole analysis as JSON: summary, daily, meals, entries, unresolved,
        supplements, the report's metadata and, when given, the suggestion its report
        showed (unknown values written as null).

        The document validates against the published JSON Schema
        (``docs/schema/analysis.schema.json``, from :func:`json_schema`) and reads back
        with ``AnalysisDocument.model_validate_json``.
        """
        return self.to_document(report, suggestion=suggestion).model_dump_json(indent=indent)

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
        from mgcalc._hooks import render

        return render("analysis", self)

    def to_html(self, path: Any, **options: Any) -> Any:
        """Write the dietitian's report as one self-contained HTML file.

        Options (``client``, ``practice``, ``logo``, ``report_date``, ``title``, ``period``
        or ``info``; ``comparison``, ``timestamp``, ``review_score``, ``n_sources``;
        ``suggestion`` for a "Next steps" section (a :func:`mgcalc.suggest` result, or
        ``True``); ``recipes`` and ``recipe_details`` for home recipes in the diary;
        ``inputs``) are those of :func:`mgcalc.report.render_html` and
        :func:`mgcalc.report.write_html`. Needs ``mgcalc[report]`` (and
        ``mgcalc[suggest]`` for a suggestion).
        """
        from mgcalc._hooks import presenter

        return presenter("report").write_html(self, path, **options)

    def to_pdf(self, path: Any, **options: Any) -> Any:
        """Write the report as PDF, printed by headless Chromium (which must be installed),
        with the report's header and page numbers on every page; the options are those of
        :meth:`to_html` (and ``chromium``, ``timeout``).

        Raises :class:`mgcalc.errors.ReportError` (:class:`ChromiumNotFoundError` where
        Chromium is not installed); a failed print writes nothing.
        """
        from mgcalc._hooks import presenter

        return presenter("report").write_pdf(self, path, **options)

    def to_csv(self, path: Any, table: str = "daily") -> Any:
        """Write one table (``"daily"``, ``"meals"``, ``"entries"``, ``"supplements"``,
        ``"sources"``) to CSV; text that a spreadsheet would run as a formula is
        neutralised, unknown values are empty cells."""
        from mgcalc._hooks import presenter

        return presenter("export").write_csv(self, path, table)

    def to_excel(self, path: Any) -> Any:
        """Write every table to an .xlsx workbook, one sheet each (``mgcalc[excel]``)."""
        from mgcalc._hooks import presenter

        return presenter("export").write_excel(self, path)

    def plot(self, kind: str = "daily", **kwargs: Any) -> Any:
        """A matplotlib figure: ``"daily"``, ``"ratio"``, ``"sources"`` or ``"supplements"``
        (see :mod:`mgcalc.plots`). Needs ``mgcalc[report]``."""
        from mgcalc._hooks import presenter

        return presenter("plots").plot(self, kind, **kwargs)


_PER_LOG_ROW: Final = frozenset({"row_unresolved"})
"""Resolved columns with one value per log row, not per entry (a composite row has several
entries): :func:`_rows` keeps them whole."""


def _rows(columns: Mapping[str, Any], keep: npt.NDArray[np.bool_]) -> dict[str, Any]:
    """The entries ``keep`` of resolved columns (lists, arrays, and dicts of arrays such as
    nutrients); the columns of :data:`_PER_LOG_ROW` are kept whole."""
    index = np.flatnonzero(keep)
    out: dict[str, Any] = {}
    for name, values in columns.items():
        if name in _PER_LOG_ROW:
            out[name] = values
        elif isinstance(values, np.ndarray):
            out[name] = values[index]
        elif isinstance(values, list | tuple):
            out[name] = [values[i] for i in index]
        elif isinstance(values, Mapping):
            out[name] = {k: np.asarray(v)[index] for k, v in values.items()}
        else:
            out[name] = values
    return out


# -- summarise ------------------------------------------------------------------------------


def _adequacy(
    person: Person | None, refs: ReferenceValues | None, mean_mg: float | None, n_days: int
) -> tuple[dict[str, Any] | None, list[str]]:
    notes: list[str] = []
    if person is None or refs is None or mean_mg is None or n_days == 0:
        return None, notes
    sd = _sd_within(person)
    if sd is None:
        notes.append(
            "no within-person SD of magnesium intake is established here for this life stage "
            "(only women 19-50 y: 86 mg/day, IOM 2000); the adequacy test was not run"
        )
        return None, notes
    if refs.magnesium_ear_mg is not None:
        result = individual_assessment_of(
            mean_mg, n_days, refs.magnesium_ear_mg, sd, CV_REQUIREMENT, refs.magnesium_rda_mg
        )
        return result.model_dump(mode="json"), notes
    if refs.magnesium_rda_mg is not None:
        ai = ai_assessment(mean_mg, n_days, refs.magnesium_rda_mg, sd)
        return ai.model_dump(mode="json"), notes
    return None, notes


_FOOD_DAY_MEANS: Final = (
    "magnesium_mg", "calcium_mg", "total_magnesium_mg", "total_calcium_mg", "coverage",
    "calcium_coverage", "vitamin_d_ug", "total_vitamin_d_ug", "energy_kcal",
    "vitamin_d_coverage", "ca_mg_ratio", "total_ca_mg_ratio",
)  # fmt: skip
"""Daily columns averaged over the days with food entries."""
_ALL_DAY_MEANS: Final = (
    "supplemental_magnesium_mg", "water_magnesium_mg", "water_calcium_mg",
    "supplemental_calcium_mg", "supplemental_vitamin_d_ug",
)  # fmt: skip
"""Daily columns averaged over every logged day (the ledgers: doses and water)."""


def _means(
    day: Mapping[str, Any], mask: npt.NDArray[np.bool_] | None, names: tuple[str, ...]
) -> dict[str, float]:
    """Means of the known values of several daily columns at once, over the days of
    ``mask`` (None: every day); NaN when none is known."""
    stack = np.array([day[n] for n in names], dtype=np.float64)  # a row per column
    if mask is not None:
        stack = stack[:, mask]
    known = ~np.isnan(stack)
    counts = known.sum(axis=1)
    sums = np.where(known, stack, 0.0).sum(axis=1)
    values = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)  # never 0/0
    return dict(zip(names, values.tolist(), strict=True))


def _first(values: Any) -> float | None:
    return known_float(values[0]) if len(values) else None


def _days(
    columns: Sequence[Any], mask: npt.NDArray[np.bool_] | None, categories: tuple[str, ...]
) -> list[dict[str, int]]:
    """How many days of ``mask`` (None: every day) have each category, for each column of
    codes into ``categories`` (one per flag column)."""
    counts = (
        np.bincount(codes if mask is None else np.asarray(codes)[mask], minlength=len(categories))
        for codes in columns
    )
    return [dict(zip(categories, c.tolist(), strict=True)) for c in counts]


_TARGET_FIELDS: Final = (
    "rda_mg", "ear_mg", "calcium_rda_mg", "calcium_ear_mg", "vitamin_d_rda_ug",
    "vitamin_d_ear_ug",
)  # fmt: skip
"""The summary's reference values, each the field of ReferenceValues in the same place of
:data:`_REFERENCE_FIELDS`."""
_REFERENCE_FIELDS: Final = (
    "magnesium_rda_mg", "magnesium_ear_mg", "calcium_rda_mg", "calcium_ear_mg",
    "vitamin_d_rda_ug", "vitamin_d_ear_ug",
)  # fmt: skip


@lru_cache(maxsize=1024)
def _settled(
    person: Person | None, ratio_range: RatioRange, min_coverage: float
) -> tuple[dict[str, Any], tuple[str, ...], tuple[str, ...], tuple[float, ...], tuple[float, ...]]:
    """What a summary takes from the person's reference values (no person: none) and the
    ratio's settings alone, worked out once for each of them (all are frozen values): its
    fields that depend on nothing else, its assumptions before and after those of the
    adequacy test, and the EARs and RDAs of Mg, Ca and vitamin D (NaN: none)."""
    refs = _reference_values(person)
    if refs is not None and refs.magnesium_ul_mg is None:
        from mgcalc.supplements import UL_STATUS_MESSAGES

        ul_note = UL_STATUS_MESSAGES["no_ul"]
    else:
        ul_note = (
            "the upper limit concerns magnesium from supplements and medications only; "
            "magnesium from food is never compared with it, nor is magnesium from drinking water"
        )
    values = [None if refs is None else getattr(refs, name) for name in _REFERENCE_FIELDS]
    fixed: dict[str, Any] = {
        "ratio_range": ratio_range,
        "ul_note": ul_note,
        "authority": None if refs is None else refs.authority,
        "life_stage": None if refs is None else refs.life_stage,
        "reference_sources": () if refs is None else refs.sources,
        **dict(zip(_TARGET_FIELDS, values, strict=True)),
    }
    before = (
        "values absent from the food source are unknown, never zero; totals sum the known "
        "values and coverage says which share (by grams) they cover",
        f"Ca:Mg ratio by mass against {ratio_range.low:g}-{ratio_range.high:g} "
        f"({ratio_range.name}); indeterminate below {min_coverage:.0%} coverage",
    )
    after = () if refs is not None else (
        f"no person given: the adult IOM upper limit ({ADULT_UL_MG:g} mg/day of supplemental "
        "magnesium) is used and no RDA or EAR applies; pass a Person for life-stage values",
    )  # fmt: skip
    numbers = [math.nan if v is None else float(v) for v in values]
    return fixed, before, after, tuple(numbers[1::2]), tuple(numbers[0::2])


def summarise(
    day: Mapping[str, Any],
    n_people: int,
    n_entries: int,
    n_unresolved: int,
    n_review: int,
    person: Person | None,
    refs: ReferenceValues | None,
    ratio_range: RatioRange,
    ratio_of: RatioOf,
    min_coverage: float,
) -> AnalysisSummary:
    """The summary of a log from its daily columns (arrays; no DataFrame)."""
    food_days = np.asarray(day["n_entries"]) > 0
    n_days = int(food_days.sum())
    every_day = n_days == len(food_days)  # (the usual case: one mean of each column)
    if every_day:
        means = ledger_means = _means(day, None, _FOOD_DAY_MEANS + _ALL_DAY_MEANS)
    else:
        means = _means(day, food_days, _FOOD_DAY_MEANS)
        ledger_means = _means(day, None, _ALL_DAY_MEANS)
    # each mean as a float, or None when unknown (no day has a known value)
    known = {
        name: None if math.isnan(value) else value
        for name, value in (means if every_day else {**ledger_means, **means}).items()
    }

    coverage = float(np.fmin(means["coverage"], means["calcium_coverage"]))
    # the food ratio and the total ratio in one call (row 0: food, row 1: total)
    if ratio_of == "means":
        ratios, codes = ratio_codes(
            np.array([means["calcium_mg"], means["total_calcium_mg"]]),
            np.array([means["magnesium_mg"], means["total_magnesium_mg"]]),
            ratio_range, np.array([coverage, coverage]), min_coverage,
        )  # fmt: skip
        ratio_value, total_ratio_value = ratios.tolist()
    else:
        ratio_value, total_ratio_value = means["ca_mg_ratio"], means["total_ca_mg_ratio"]
        _, codes = ratio_codes(np.array([ratio_value, total_ratio_value]), np.ones(2), ratio_range)
    flag, t_flag = (RATIO_FLAGS[code] for code in codes.tolist())
    total = known["total_magnesium_mg"]
    adequacy, notes = _adequacy(person, refs, total if n_people == 1 else None, n_days)
    fixed, before, after, ears, rdas = _settled(person, ratio_range, min_coverage)

    def pct(value: float | None, goal: float | None) -> float | None:
        return None if value is None or goal is None or goal <= 0 else 100.0 * value / goal

    total_ca = known["total_calcium_mg"]
    total_d = known["total_vitamin_d_ug"]
    # the intake flags of magnesium, calcium and vitamin D in one call
    intake_flag, calcium_flag, vitamin_d_flag = (
        INTAKE_FLAGS[code]
        for code in intake_flag_codes(
            [math.nan if v is None else v for v in (total, total_ca, total_d)], ears, rdas
        ).tolist()
    )
    over = TOTAL_UL_STATUSES.index("over")
    ratio_days, total_ratio_days = _days(
        (day["ratio_flag"], day["total_ratio_flag"]), None if every_day else food_days, RATIO_FLAGS
    )
    return AnalysisSummary(
        n_people=n_people,
        n_days=n_days,
        n_entries=n_entries,
        n_unresolved=n_unresolved,
        coverage=known_float(coverage),
        magnesium_mg=known["magnesium_mg"],
        calcium_mg=known["calcium_mg"],
        supplemental_magnesium_mg=known["supplemental_magnesium_mg"],
        total_magnesium_mg=total,
        total_calcium_mg=total_ca,
        ca_mg_ratio=known_float(ratio_value),
        ratio_flag=flag,
        total_ca_mg_ratio=known_float(total_ratio_value),
        total_ratio_flag=t_flag,
        ratio_of=ratio_of,
        days_ul_exceeded=int(np.count_nonzero(day["ul_exceeded"])),
        ul_mg=_first(day["ul_mg"]),
        pct_rda=pct(total, fixed["rda_mg"]),
        adequacy=adequacy,
        assumptions=(*before, *notes, *after),
        intake_flag=intake_flag,
        water_magnesium_mg=known["water_magnesium_mg"],
        water_calcium_mg=known["water_calcium_mg"],
        supplemental_calcium_mg=known["supplemental_calcium_mg"],
        vitamin_d_ug=known["vitamin_d_ug"],
        supplemental_vitamin_d_ug=known["supplemental_vitamin_d_ug"],
        total_vitamin_d_ug=total_d,
        energy_kcal=known["energy_kcal"],
        calcium_coverage=known["calcium_coverage"],
        vitamin_d_coverage=known["vitamin_d_coverage"],
        calcium_pct_rda=pct(total_ca, fixed["calcium_rda_mg"]),
        calcium_flag=calcium_flag,
        calcium_ul_mg=_first(day["calcium_ul_mg"]),
        days_calcium_ul_exceeded=int(
            np.count_nonzero(np.asarray(day["calcium_ul_status"]) == over)
        ),
        vitamin_d_pct_rda=pct(total_d, fixed["vitamin_d_rda_ug"]),
        vitamin_d_flag=vitamin_d_flag,
        vitamin_d_ul_ug=_first(day["vitamin_d_ul_ug"]),
        days_vitamin_d_ul_exceeded=int(
            np.count_nonzero(np.asarray(day["vitamin_d_ul_status"]) == over)
        ),
        ratio_days=ratio_days,
        total_ratio_days=total_ratio_days,
        n_review=n_review,
        **fixed,
    )


@lru_cache(maxsize=1024)
def _reference_values(person: Person | None) -> ReferenceValues | None:
    """A person's reference values, looked up once per person (a Person is a frozen value)."""
    return None if person is None else person.reference_values()


@lru_cache(maxsize=1024)
def _sd_within(person: Person) -> float | None:
    """A person's within-person SD of magnesium intake, looked up once per person."""
    return sd_within_mg(person)


# -- analyze ---------------------------------------------------------------------------------


def analyze(
    log: FoodLog,
    person: Person | None = None,
    *,
    table: FoodTable | None = None,
    ratio_range: RangeLike = "default",
    ratio_of: RatioOf = "means",
    min_coverage: float = MIN_COVERAGE,
    min_score: float = DEFAULT_MIN_SCORE,
    strict: bool = False,
    resolver: Resolver | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IntakeAnalysis:
    """Magnesium, calcium and vitamin D of a food log per entry, meal and day, with flags.

    Parameters
    ----------
    log
        The food log (with its ledger of doses and water, and its pins).
    person
        Whose log it is: sets the reference values (RDA/AI, EAR) and the upper limits of
        their life stage. Without one, the adult IOM upper limit for supplemental
        magnesium (350 mg/day) is used and no other reference value applies.
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
        A :class:`~mgcalc.resolve.Resolver` to match food texts with; by default one over
        ``table`` with ``min_score`` and the log's pins (matches are cached per table
        either way).
    progress
        Called as ``progress(done, total)`` while the distinct lines are matched (for a
        progress bar in long logs).

    Returns
    -------
    IntakeAnalysis

    Raises
    ------
    InvalidLogError
        If ``log`` is not a FoodLog, or ``strict`` and an entry is unresolved.
    UnknownOptionError
        If ``ratio_of``, ``ratio_range`` or ``min_coverage`` is not valid.

    Warns
    -----
    LowCoverageWarning
        When some day's ratio is indeterminate for lack of known values.
    UnknownWaterWarning
        When drinks of water have unknown magnesium (tap water without
        ``person.tap_water``, a water named without a brand).

    References
    ----------
    .. [1] IOM (1997). DRI for Calcium, Phosphorus, Magnesium, Vitamin D, and Fluoride.
       The magnesium UL covers pharmacological agents only (p. 242).
    .. [2] Costello RB et al. (2021). Adv Nutr 12(2):291-297. doi:10.1093/advances/nmaa160.
    """
    if not isinstance(log, FoodLog):
        raise InvalidLogError(
            f"analyze needs a FoodLog (FoodLog.from_lines([...]), FoodLog.from_csv(path)), "
            f"not {type(log).__name__}", "log",
        )  # fmt: skip
    if person is not None and not isinstance(person, Person):
        raise InvalidLogError(f"person must be a Person, not {type(person).__name__}", "person")
    if ratio_of not in ("means", "days"):
        raise UnknownOptionError("ratio_of", ratio_of, ("means", "days"))
    min_coverage = real_number(min_coverage, "min_coverage", low=0.0, high=1.0)
    table = table if table is not None else FoodTable.default()
    bounds = resolve_range(ratio_range)
    refs = _reference_values(person)
    if resolver is None:
        resolver = Resolver(table, min_score, log.pins)
    columns = log.columns()
    n = len(log)

    # 1. resolve each distinct row, broadcast to the entries, with their nutrients; food
    # lines that are drinks of water ("500 ml San Pellegrino") go to the water ledger
    tap_water = None if person is None else person.tap_water
    drinks = entry_drinks(columns, tap_water)
    resolved = resolve_columns(columns, table, resolver, progress)
    row = np.asarray(resolved["row"], dtype=np.intp)  # the log row of each entry (component)
    first_of: dict[int, int] = {}  # each row's first entry (needed for drinks only)
    if drinks:  # a drink is one entry: the first of its row's
        for index, log_row in enumerate(row.tolist()):
            first_of.setdefault(log_row, index)
        resolved = drink_entries(resolved, {first_of[i]: drink for i, drink in drinks.items()})
        review = set(REVIEW_FLAGS)
        resolved["n_review"] = sum(1 for f in resolved["flags"] if review & set(f.split(";")))
    unresolved = resolved["unresolved"]
    if drinks:  # a row is unresolved when one of its entries is (a drink's is its own)
        row_unresolved = np.zeros(n, dtype=bool)
        np.logical_or.at(row_unresolved, row, unresolved)
        resolved["row_unresolved"] = row_unresolved
    water_rows = [i for i in drinks if not unresolved[first_of[i]]]
    # entries counted as food (drinks that resolved are water)
    food = ~np.isin(row, water_rows) if water_rows else np.ones(len(row), dtype=bool)
    grams, nutrients = resolved["grams"], resolved["nutrients"]

    if strict and unresolved.any():
        first = int(np.flatnonzero(unresolved)[0])
        bad_rows = np.flatnonzero(resolved["row_unresolved"])
        rows = [int(columns["entry_id"][i]) for i in bad_rows]
        raise InvalidLogError(
            f"{len(rows)} entries could not be resolved; the first, "
            f"{columns['text'][resolved['row'][first]]!r}: {resolved['reason'][first]}",
            "food",
            rows,
        )

    # 2. the daily table: food partials + ledger partials (the person's tap water applied,
    # the drinks of the food lines added), finished
    ledger = water_ledger(log.ledger_columns(), tap_water, columns, drinks)
    person_ids = [*columns["person_id"], *ledger["person_id"]]
    dates = np.concatenate([
        np.asarray(columns["date"], dtype="datetime64[ns]"),
        np.asarray(ledger["date"], dtype="datetime64[ns]"),
    ])  # fmt: skip
    group, n_days, day_keys = group_codes([np.asarray(person_ids, dtype=object), dates])
    if water_rows:  # drinks of water are not food
        group_food, grams_food, unresolved_food = (
            group.take(row)[food],
            grams[food],
            unresolved[food],
        )
        nutrients_food = {k: v[food] for k, v in nutrients.items()}
    else:
        group_food, grams_food, unresolved_food = group.take(row), grams, unresolved
        nutrients_food = nutrients
    food_part = partial_columns(
        group_food, n_days, grams_food, nutrients_food, unresolved_food
    )  # fmt: skip
    if len(ledger["entry_id"]):
        ledger_part = ledger_partial_columns(
            group[n:], n_days, ledger["source"],
            {k: np.asarray(ledger[k], dtype=np.float64) for k in LEDGER_NUTRIENTS},
        )  # fmt: skip
        food_part = add_partials(food_part, ledger_part)
    day_columns = intake_columns(food_part, day_keys[0] if day_keys else [], person, bounds,
                                 min_coverage)  # fmt: skip
    keys = {"person_id": day_keys[0] if day_keys else np.zeros(0, object),
            "date": day_keys[1] if day_keys else np.zeros(0, "datetime64[ns]")}  # fmt: skip
    low = (np.asarray(day_columns["n_entries"]) > 0) & (
        np.fmin(day_columns["coverage"], day_columns["calcium_coverage"]) < min_coverage
    )
    if low.any():
        warnings.warn(
            f"{int(low.sum())} of {int((day_columns['n_entries'] > 0).sum())} days have less "
            f"than {min_coverage:.0%} of their intake with known values; their Ca:Mg ratio is "
            "indeterminate",
            LowCoverageWarning,
            stacklevel=2,
        )

    summary = summarise(
        day_columns, len(set(person_ids)) if person_ids else 0, n,
        int(resolved["row_unresolved"].sum()),
        resolved["n_review"], person, refs, bounds, ratio_of, min_coverage,
    )  # fmt: skip
    return IntakeAnalysis._from_parts(
        summary, person, refs, log=log, resolved=resolved, day_keys=keys,
        day_columns=day_columns, ledger=ledger, food=food,
    )  # fmt: skip
