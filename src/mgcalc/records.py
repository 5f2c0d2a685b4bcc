"""The JSON form of an analysis, row by row: one pydantic model per table.

:meth:`mgcalc.IntakeAnalysis.to_json` writes an :class:`~mgcalc.analysis.AnalysisDocument`
whose tables are lists of the records defined here: :class:`EntryRecord` (every logged
line, resolved or not), :class:`MealRecord`, :class:`DailyRecord` (the columns of
:data:`mgcalc.intake.DAILY_COLUMNS`), :class:`LedgerRecord` (supplement, medication and
water doses), :class:`UnresolvedRecord`, and :class:`ReportInfo`, who the report is for
and by whom. The published JSON Schema (``docs/schema/analysis.schema.json``) is
generated from these models, so an app can validate what it receives.

Conventions: amounts end in their unit ([mg], [µg], [g], [kcal]); an unknown value is
``null``, never 0; dates are ISO ``YYYY-MM-DD``; flags are lists of short codes.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
from collections.abc import Sequence
from typing import Any, Final, Literal, TypeVar

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

from mgcalc.errors import InvalidValueError

__all__ = [
    "LOGO_MEDIA_TYPES",
    "MAX_LOGO_BYTES",
    "Alternative",
    "DailyRecord",
    "EntryRecord",
    "LedgerRecord",
    "MealRecord",
    "ReportInfo",
    "UnresolvedRecord",
    "frame_records",
    "logo_data_uri",
]

RatioFlag = Literal["below", "within", "above", "indeterminate"]
IntakeFlag = Literal["low", "below_target", "ok", "unknown"]
UlStatus = Literal["none_taken", "within", "over", "no_ul"]
TotalUlStatus = Literal["within", "over", "no_ul", "unknown"]

LOGO_MEDIA_TYPES: Final = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
"""The image files a report logo may be, by extension."""

MAX_LOGO_BYTES: Final = 1_000_000
"""The largest logo file embedded in a report [bytes] (it is inlined in every copy)."""

_FROZEN: Final = ConfigDict(frozen=True, extra="forbid")


def _mg() -> Any:
    return Field(default=None, description="[mg]; null when unknown")


def _ug() -> Any:
    return Field(default=None, description="[µg]; null when unknown")


def logo_data_uri(data: bytes, suffix: str) -> str:
    """A logo image as a ``data:`` URI, to embed in a self-contained report.

    Parameters
    ----------
    data
        The image file's bytes (at most :data:`MAX_LOGO_BYTES`).
    suffix
        Its extension (``".png"``), one of :data:`LOGO_MEDIA_TYPES`.

    Raises
    ------
    InvalidValueError
        For another kind of file, an empty one or one that is too large.
    """
    media = LOGO_MEDIA_TYPES.get(suffix.lower())
    if media is None:
        raise InvalidValueError(
            f"a logo must be an image file ({', '.join(sorted(LOGO_MEDIA_TYPES))}), "
            f"not {suffix or 'a file without extension'}"
        )
    if not data or len(data) > MAX_LOGO_BYTES:
        raise InvalidValueError(
            f"a logo must have 1 to {MAX_LOGO_BYTES:,} bytes, not {len(data):,}"
        )
    return f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"


DEFAULT_TITLE: Final = "Magnesium, calcium and vitamin D intake report"
"""The title of a report when none (or a blank one) is given."""


class ReportInfo(BaseModel):
    """Who a report is for, by whom, and when: printed in the report's header, in the
    running header and footer of every PDF page, and in the JSON.

    Attributes
    ----------
    title
        The report's title (line breaks and runs of spaces become one space; a blank
        title is the default one).
    client
        The client's name or reference (shown as given, escaped).
    practice
        The practice or dietitian issuing the report.
    report_date
        The date of the report (today by default; give it for a reproducible file).
    period
        A label for the period the log covers ("Week before the first visit"); the
        dates themselves are always shown.
    logo
        The practice's logo as a ``data:image/...;base64`` URI (see
        :func:`logo_data_uri`), or None.
    """

    model_config = _FROZEN

    title: str = Field(default=DEFAULT_TITLE, max_length=200)
    client: str | None = Field(default=None, max_length=200)
    practice: str | None = Field(default=None, max_length=200)
    report_date: dt.date = Field(default_factory=dt.date.today)
    period: str | None = Field(default=None, max_length=200)
    logo: str | None = None

    @field_validator("title", "client", "practice", "period")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        if value is None:
            return None
        text = " ".join(value.split())
        return text or None

    @field_validator("title", mode="after")
    @classmethod
    def _a_title(cls, value: str | None) -> str:
        # a blank title is no title: the default one (the others are optional, None)
        return value if value is not None else DEFAULT_TITLE

    @field_validator("logo")
    @classmethod
    def _data_uri(cls, value: str | None) -> str | None:
        if value is not None and not any(
            value.startswith(f"data:{media};base64,") for media in LOGO_MEDIA_TYPES.values()
        ):
            raise InvalidValueError("logo must be a data:image/...;base64 URI (see logo_data_uri)")
        return value


class Alternative(BaseModel):
    """A candidate food for a logged line, with its match score (0-100)."""

    model_config = _FROZEN

    food_id: str
    description: str
    score: float


class EntryRecord(BaseModel):
    """One logged food line, resolved or not, with the food and amount used."""

    model_config = _FROZEN

    entry_id: int = Field(description="the line's number in the log (1-based)")
    person_id: str
    date: dt.date
    meal: str | None = None
    time: str | None = None
    text: str = Field(description="the line as typed")
    source: str | None = Field(default=None, description="where the line came from (csv, ...)")
    food_id: str | None = Field(default=None, description="the food used, e.g. sr28:11458")
    description: str | None = Field(default=None, description="the food's name in its table")
    food_text: str | None = Field(default=None, description="the food part of the text")
    amount: float | None = None
    unit: str | None = None
    grams: float | None = Field(default=None, description="[g]")
    magnesium_mg: float | None = _mg()
    calcium_mg: float | None = _mg()
    vitamin_d_ug: float | None = _ug()
    energy_kcal: float | None = Field(default=None, description="[kcal]; null when unknown")
    match_score: float | None = Field(default=None, description="0-100; 100 when pinned")
    reported: bool = Field(default=False, description="nutrients as reported by the exporting tool")
    status: Literal["resolved", "unresolved"]
    reason_code: str | None = Field(default=None, description="why the line was not used")
    reason: str | None = None
    flags: tuple[str, ...] = Field(
        default=(), description="how the amount was read and what to review"
    )
    alternatives: tuple[Alternative, ...] = ()


class UnresolvedRecord(BaseModel):
    """A logged line that could not be used, with its reason and closest candidates."""

    model_config = _FROZEN

    entry_id: int
    person_id: str
    date: dt.date
    meal: str | None = None
    text: str
    reason_code: str | None = None
    reason: str | None = None
    alternatives: tuple[Alternative, ...] = ()


class MealRecord(BaseModel):
    """Food totals of one meal of one day (sums of the known values, with coverage)."""

    model_config = _FROZEN

    person_id: str
    date: dt.date
    meal: str | None = None
    magnesium_mg: float | None = _mg()
    calcium_mg: float | None = _mg()
    vitamin_d_ug: float | None = _ug()
    energy_kcal: float | None = Field(default=None, description="[kcal]")
    grams: float | None = Field(default=None, description="[g]")
    coverage: float | None = Field(default=None, description="share of grams with known Mg")
    calcium_coverage: float | None = None
    vitamin_d_coverage: float | None = None
    energy_coverage: float | None = None
    n_entries: int
    n_unresolved: int


class LedgerRecord(BaseModel):
    """One supplement or medication dose, or drink of water, of one day.

    A drink of water (``source == "water"``) has its water's id in ``form``
    (``water:hepar``; ``water:tap`` for the person's tap water, ``water:unknown`` for a water
    named without a brand), its volume in ``dose`` (``"0.5 l"``), the low-high range of its
    magnesium and calcium where the water's sources disagree, and ``flags``
    (:data:`mgcalc.water.WATER_FLAGS`). A null magnesium of a drink means *unknown*.
    """

    model_config = _FROZEN

    entry_id: int
    person_id: str
    date: dt.date
    time: str | None = None
    product: str | None = None
    form: str | None = None
    dose: str | None = None
    basis: str | None = None
    source: Literal["supplement", "medication", "water"]
    magnesium_mg: float | None = Field(default=None, description="elemental [mg/day]")
    calcium_mg: float | None = Field(default=None, description="elemental [mg/day]")
    vitamin_d_ug: float | None = Field(default=None, description="[µg/day]")
    magnesium_mg_low: float | None = Field(
        default=None, description="a drink's magnesium, low end of its water's range [mg/day]"
    )
    magnesium_mg_high: float | None = Field(
        default=None, description="a drink's magnesium, high end of its water's range [mg/day]"
    )
    calcium_mg_low: float | None = Field(
        default=None, description="a drink's calcium, low end of its water's range [mg/day]"
    )
    calcium_mg_high: float | None = Field(
        default=None, description="a drink's calcium, high end of its water's range [mg/day]"
    )
    flags: tuple[str, ...] = Field(
        default=(), description="how a drink was read (glass_assumed, sources_disagree ...)"
    )


class DailyRecord(BaseModel):
    """One person's day: food, water, supplements and medications per nutrient, the
    Ca:Mg ratios, each upper limit as its authority defines it, and the reference values.

    The magnesium UL applies to supplements and medications only; the calcium and
    vitamin D ULs to total intake. Totals are food + water + supplements + medications.
    """

    model_config = _FROZEN

    person_id: str
    date: dt.date
    magnesium_mg: float | None = Field(default=None, description="from food [mg]")
    calcium_mg: float | None = Field(default=None, description="from food [mg]")
    grams: float | None = Field(default=None, description="food logged [g]")
    coverage: float | None = Field(default=None, description="share of grams with known Mg")
    calcium_coverage: float | None = None
    n_entries: int
    n_unresolved: int
    supplement_magnesium_mg: float | None = _mg()
    medication_magnesium_mg: float | None = _mg()
    supplemental_magnesium_mg: float | None = Field(
        default=None, description="supplements + medications [mg]: what the Mg UL applies to"
    )
    supplement_calcium_mg: float | None = _mg()
    ca_mg_ratio: float | None = Field(default=None, description="Ca:Mg of food, by mass")
    ratio_flag: RatioFlag
    total_magnesium_mg: float | None = _mg()
    total_calcium_mg: float | None = _mg()
    total_ca_mg_ratio: float | None = Field(default=None, description="Ca:Mg of total intake")
    total_ratio_flag: RatioFlag
    ul_mg: float | None = Field(default=None, description="magnesium UL [mg/day]")
    ul_status: UlStatus
    ul_exceeded: bool
    rda_mg: float | None = Field(default=None, description="magnesium RDA or AI [mg/day]")
    ear_mg: float | None = _mg()
    pct_rda: float | None = Field(default=None, description="total magnesium, % of RDA/AI")
    intake_flag: IntakeFlag
    vitamin_d_ug: float | None = Field(default=None, description="from food [µg]")
    vitamin_d_coverage: float | None = None
    energy_kcal: float | None = Field(default=None, description="from food [kcal]")
    energy_coverage: float | None = None
    water_magnesium_mg: float | None = _mg()
    water_calcium_mg: float | None = _mg()
    medication_calcium_mg: float | None = _mg()
    supplemental_calcium_mg: float | None = _mg()
    supplement_vitamin_d_ug: float | None = _ug()
    medication_vitamin_d_ug: float | None = _ug()
    supplemental_vitamin_d_ug: float | None = _ug()
    total_vitamin_d_ug: float | None = _ug()
    calcium_rda_mg: float | None = _mg()
    calcium_ear_mg: float | None = _mg()
    calcium_pct_rda: float | None = None
    calcium_flag: IntakeFlag
    calcium_ul_mg: float | None = Field(default=None, description="on total intake [mg/day]")
    calcium_ul_status: TotalUlStatus
    vitamin_d_rda_ug: float | None = _ug()
    vitamin_d_ear_ug: float | None = _ug()
    vitamin_d_pct_rda: float | None = None
    vitamin_d_flag: IntakeFlag
    vitamin_d_ul_ug: float | None = Field(default=None, description="on total intake [µg/day]")
    vitamin_d_ul_status: TotalUlStatus


Record = TypeVar("Record", bound=BaseModel)


def _cell(value: Any) -> Any:
    """A frame cell as a JSON-ready Python value (NaN and NA as None)."""
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if value is pd.NaT or value is pd.NA:
        return None
    if hasattr(value, "item") and not isinstance(value, tuple | list | str):
        return _cell(value.item())  # a NumPy scalar
    return value


def _alternatives(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, tuple | list):
        return []
    return [
        {"food_id": str(item[0]), "description": str(item[1]), "score": float(item[2])}
        for item in value
        if isinstance(item, tuple | list) and len(item) == 3
    ]


def _flags(value: Any) -> tuple[str, ...]:
    if isinstance(value, tuple | list):
        return tuple(str(v) for v in value if v)
    return tuple(f for f in str(value or "").split(";") if f)


def frame_records(frame: pd.DataFrame, model: type[Record]) -> list[Record]:
    """The rows of ``frame`` as ``model`` records (the columns the model names).

    Unknown values (NaN, NA, NaT) become None, dates become ``datetime.date``, the
    ``flags`` text (``"a;b"``) a tuple and ``alternatives`` a tuple of
    :class:`Alternative`.
    """
    names: Sequence[str] = [c for c in model.model_fields if c in frame.columns]
    rows = []
    for raw in frame[list(names)].to_dict("records"):
        row = {str(k): _cell(v) for k, v in raw.items()}
        if "flags" in row:
            row["flags"] = _flags(row["flags"])
        if "alternatives" in row:
            row["alternatives"] = _alternatives(row["alternatives"])
        if "person_id" in row and row["person_id"] is not None:
            row["person_id"] = str(row["person_id"])
        rows.append(row)
    adapter: TypeAdapter[list[Record]] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return adapter.validate_python(rows)
