"""Reference values for magnesium, calcium and vitamin D by life stage, sex, pregnancy and
lactation.

A :class:`Person` (age, sex, pregnancy, lactation and the authority whose values to use)
finds its rows in the bundled table ``references.csv`` by age, not by label, and returns
its :class:`ReferenceValues`: the RDA (or AI), EAR and UL of magnesium, calcium and
vitamin D, each with its source and verification status. Magnesium and calcium values are
in mg/day, vitamin D values in µg/day (1 µg = 40 IU); each row of the table says its unit.

Two authorities are available, picked with ``authority=``:

``"iom"`` (default)
    Magnesium: IOM (1997), as reproduced in the IOM (2006) *Essential Guide*, Table 1,
    p. 340, and the NIH ODS fact sheet. Calcium and vitamin D: IOM (2011), the values ODS
    uses. The magnesium UL covers supplements and medications only; the calcium and
    vitamin D ULs cover total intake (food and supplements).
``"efsa"``
    Magnesium: EFSA NDA Panel (2015) Adequate Intakes (no average requirement, so no
    EAR) and the SCF (2001) UL of 250 mg/day from 4 y. Vitamin D: EFSA (2016) AIs
    (UNVERIFIED in the project's reference) and EFSA (2012) ULs on total intake. EFSA
    calcium values are not bundled: under ``"efsa"`` the calcium fields are ``None``.

References
----------
.. [1] IOM (1997). *Dietary Reference Intakes for Calcium, Phosphorus, Magnesium,
   Vitamin D, and Fluoride*, ch. 6, pp. 219, 239, 242. National Academy Press.
.. [2] IOM (2006). *Dietary Reference Intakes: The Essential Guide to Nutrient
   Requirements*, Part III, Magnesium, Table 1, p. 340.
.. [3] IOM (2011). *Dietary Reference Intakes for Calcium and Vitamin D*, Summary
   Tables, p. 1104.
.. [4] EFSA NDA Panel (2015). Scientific Opinion on Dietary Reference Values for
   magnesium. *EFSA Journal* 13(7):4186. doi:10.2903/j.efsa.2015.4186
.. [5] SCF (2001), reproduced in EFSA (2006) *Tolerable Upper Intake Levels for
   Vitamins and Minerals* (magnesium UL 250 mg/day; secondary copies only).
.. [6] IOM (2011), p. 445 (vitamin D ULs from 1 y); Clin Biochem Rev 2020;41:103, Table 4
   (IOM infant and EFSA 2012 vitamin D ULs; secondary).
"""

from __future__ import annotations

import csv
import io
import math
from functools import lru_cache
from typing import Any, Final, Literal

import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_serializer,
    field_validator,
    model_validator,
)

from mgcalc._data import data_file
from mgcalc.errors import DataError, InvalidValueError, UnknownOptionError
from mgcalc.water import Water, load_waters

__all__ = [
    "AUTHORITIES",
    "MAX_AGE_YEARS",
    "NUTRIENTS",
    "PREGNANCY_AGE_RANGE_YEARS",
    "UNITS",
    "Authority",
    "Condition",
    "Kind",
    "Nutrient",
    "Person",
    "ReferenceValue",
    "ReferenceValues",
    "load_references",
]

Authority = Literal["iom", "efsa"]
"""Which body's reference values to use."""
Nutrient = Literal["magnesium", "calcium", "vitamin_d"]
"""A nutrient with reference values; vitamin D values are in µg/day, the others in mg/day."""
Kind = Literal["RDA", "AI", "EAR", "UL"]
Condition = Literal["none", "pregnancy", "lactation"]

AUTHORITIES: Final[tuple[str, ...]] = ("iom", "efsa")
"""The valid ``authority=`` keys."""

NUTRIENTS: Final[tuple[str, ...]] = ("magnesium", "calcium", "vitamin_d")
"""The nutrients of ``references.csv``."""

UNITS: Final[dict[str, str]] = {"magnesium": "mg", "calcium": "mg", "vitamin_d": "ug"}
"""The unit of each nutrient's values: ``"mg"`` [mg/day] or ``"ug"`` [µg/day]."""

MAX_AGE_YEARS: Final = 125.0
"""Oldest age a :class:`Person` may have [years]; anything older is taken as a typo."""

PREGNANCY_AGE_RANGE_YEARS: Final = (9.0, 51.0)
"""Ages at which a :class:`Person` may be pregnant or lactating, half-open [years].

The lower bound, 9 y, is the start of the IOM 9-13 y life stage (puberty); the IOM
tables have no pregnancy or lactation rows for younger children. Their youngest
pregnancy row (14-18 y, "<=18 y") is applied from 9 y. The upper bound: the IOM
pregnancy and lactation rows end with 31-50 y, so there is no value to use after 50 y.
"""

_CSV: Final = "references.csv"
_TARGET_KINDS: Final = ("RDA", "AI")
_LOOKUP_KINDS: Final = ("target", "EAR", "UL")


class ReferenceValue(BaseModel):
    """One row of ``references.csv``: a reference value and where it comes from.

    Attributes
    ----------
    nutrient, authority, kind
        ``"magnesium"``/``"calcium"``/``"vitamin_d"``, ``"iom"``/``"efsa"``,
        ``"RDA"``/``"AI"``/``"EAR"``/``"UL"``.
    life_stage
        The row's key (``"31-50y"``, ``"0-6mo"``, EFSA's ``"18+y"``, ``"<=18y"`` for
        pregnancy and lactation up to 18 y).
    age_min_months, age_max_months
        The half-open age band [months]; ``inf`` where open-ended.
    sex
        ``"female"``, ``"male"`` or ``"any"``.
    condition
        ``"none"``, ``"pregnancy"`` or ``"lactation"``.
    value_mg
        The value of a magnesium or calcium row [mg/day]; ``None`` where none is
        established, and for vitamin D rows.
    value_ug
        The value of a vitamin D row [µg/day] (1 µg = 40 IU); ``None`` where none is
        established, and for magnesium and calcium rows.
    unit
        ``"mg"`` or ``"ug"``: which of the two value columns the row uses.
    scope
        What intake the value applies to (``"total intake"``; for the IOM magnesium UL
        ``"supplements and medications only"``).
    source
        Report, table and page.
    status
        ``"VERIFIED"``, ``"VERIFIED (secondary)"`` or ``"UNVERIFIED"`` (see the
        methodology page).
    note
        Anything a reader of the value should know (may be empty).
    """

    model_config = ConfigDict(frozen=True)

    nutrient: Nutrient
    authority: Authority
    kind: Kind
    life_stage: str
    age_min_months: float
    age_max_months: float
    sex: Literal["female", "male", "any"]
    condition: Condition
    value_mg: float | None
    value_ug: float | None = None
    unit: Literal["mg", "ug"] = "mg"
    scope: str
    source: str
    status: Literal["VERIFIED", "VERIFIED (secondary)", "UNVERIFIED"]
    note: str = ""

    @field_validator("age_max_months", mode="before")
    @classmethod
    def _open_ended(cls, value: Any) -> Any:
        """An open-ended band is written ``null`` in JSON (no infinity there) and is inf."""
        return math.inf if value is None else value

    @field_serializer("age_max_months", when_used="json")
    def _open_ended_json(self, value: float) -> float | None:
        return None if math.isinf(value) else value

    @model_validator(mode="after")
    def _one_unit(self) -> ReferenceValue:
        """A row's value is in its nutrient's unit, in that unit's column only."""
        if self.unit != UNITS[self.nutrient]:
            raise DataError(
                f"references.csv: a {self.nutrient} row must have unit {UNITS[self.nutrient]!r}"
            )
        other = self.value_ug if self.unit == "mg" else self.value_mg
        if other is not None:
            raise DataError(
                f"references.csv: a {self.nutrient} {self.kind} row ({self.life_stage}) holds a "
                f"value in the column of the other unit; {self.unit} rows use value_{self.unit}"
            )
        return self

    @property
    def value(self) -> float | None:
        """The value in the row's :attr:`unit` [mg/day] or [µg/day]; ``None`` where none is
        established."""
        return self.value_mg if self.unit == "mg" else self.value_ug


@lru_cache(maxsize=1)
def _rows() -> tuple[ReferenceValue, ...]:
    """The bundled table as validated rows, read once."""
    text = data_file(_CSV).read_text(encoding="utf-8")
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    rows = []
    for record in records:
        fields: dict[str, Any] = dict(record)
        for column in ("value_mg", "value_ug"):
            fields[column] = float(record[column]) if record.get(column) else None
        fields["unit"] = record.get("unit") or "mg"
        fields["age_min_months"] = float(record["age_min_months"])
        fields["age_max_months"] = (
            float(record["age_max_months"]) if record["age_max_months"] else math.inf
        )
        rows.append(ReferenceValue.model_validate(fields))
    return tuple(rows)


def load_references() -> pd.DataFrame:
    """The bundled reference-value table, one row per value, as a DataFrame.

    Columns: ``nutrient, authority, kind, life_stage, age_min_months, age_max_months,
    sex, condition, value_mg, value_ug, unit, scope, source, status, note``. Age bands are
    half-open [months]; an open-ended band has ``age_max_months = inf``. Magnesium and
    calcium values are in ``value_mg`` [mg/day], vitamin D values in ``value_ug`` [µg/day]
    (``unit`` says which); a value is NaN where none is established (the ``note`` says
    why).

    Returns
    -------
    pandas.DataFrame
        A fresh copy; changing it does not change what :class:`Person` uses.

    Examples
    --------
    >>> table = load_references()
    >>> row = table.query("authority == 'iom' and nutrient == 'magnesium' and kind == 'UL'"
    ...                   " and life_stage == '1-3y'")
    >>> float(row["value_mg"].iloc[0]), row["scope"].iloc[0]
    (65.0, 'supplements and medications only')
    """
    frame = pd.DataFrame([row.model_dump() for row in _rows()])
    for column in ("value_mg", "value_ug"):
        frame[column] = frame[column].astype("float64")
    return frame


def _lookup(
    nutrient: Nutrient,
    kinds: tuple[str, ...],
    authority: str,
    age_months: float,
    sex: str,
    condition: str,
) -> ReferenceValue | None:
    """The one row for this profile, or None if the authority has no rows for the nutrient."""
    candidates = [
        row
        for row in _rows()
        if row.nutrient == nutrient and row.authority == authority and row.kind in kinds
    ]
    if not candidates:
        return None
    matches = [
        row
        for row in candidates
        if row.sex in (sex, "any")
        and row.condition == condition
        and row.age_min_months <= age_months < row.age_max_months
    ]
    if len(matches) != 1:  # pragma: no cover - guarded by the data tests
        raise DataError(
            f"references.csv has {len(matches)} {nutrient} {'/'.join(kinds)} rows for "
            f"authority={authority}, age {age_months} months, sex={sex}, condition={condition}"
        )
    return matches[0]


class ReferenceValues(BaseModel):
    """A person's magnesium, calcium and vitamin D reference values under one authority.

    Magnesium and calcium amounts are [mg/day], vitamin D amounts [µg/day] (1 µg = 40 IU);
    ``None`` means no value is established for this life stage (the IOM magnesium UL for
    infants, every EFSA EAR, the EFSA UL under 4 y) or, for calcium under ``"efsa"``, that
    mgcalc bundles no EFSA calcium values.

    Attributes
    ----------
    authority
        ``"iom"`` or ``"efsa"``.
    life_stage
        The key of the person's magnesium row (``"31-50y"``).
    condition
        ``"none"``, ``"pregnancy"`` or ``"lactation"``.
    magnesium_rda_mg
        The magnesium target: the RDA, or the AI where no RDA exists [mg/day].
    magnesium_target_kind
        ``"RDA"`` or ``"AI"``: which one ``magnesium_rda_mg`` is.
    magnesium_ear_mg
        Estimated Average Requirement [mg/day].
    magnesium_ul_mg
        Tolerable Upper Intake Level [mg/day]; applies to ``magnesium_ul_scope`` only.
    magnesium_ul_scope
        The intake the magnesium UL covers (IOM: supplements and medications only).
    calcium_rda_mg, calcium_target_kind, calcium_ear_mg, calcium_ul_mg, calcium_ul_scope
        The same for calcium (IOM 2011; the calcium UL covers total intake).
    vitamin_d_rda_ug, vitamin_d_target_kind, vitamin_d_ear_ug, vitamin_d_ul_ug, vitamin_d_ul_scope
        The same for vitamin D [µg/day] (IOM 2011; EFSA 2012/2016; the vitamin D UL covers
        total intake).
    sources
        The distinct source citations of the values above.
    unverified
        Names of the fields whose value is marked UNVERIFIED in the reference file.
    values
        The table rows used, with their notes (full provenance).
    """

    model_config = ConfigDict(frozen=True)

    authority: Authority
    life_stage: str
    condition: Condition
    magnesium_rda_mg: float | None
    magnesium_target_kind: Literal["RDA", "AI"] | None
    magnesium_ear_mg: float | None
    magnesium_ul_mg: float | None
    magnesium_ul_scope: str | None
    calcium_rda_mg: float | None
    calcium_target_kind: Literal["RDA", "AI"] | None
    calcium_ear_mg: float | None
    calcium_ul_mg: float | None
    calcium_ul_scope: str | None
    vitamin_d_rda_ug: float | None = None
    vitamin_d_target_kind: Literal["RDA", "AI"] | None = None
    vitamin_d_ear_ug: float | None = None
    vitamin_d_ul_ug: float | None = None
    vitamin_d_ul_scope: str | None = None
    sources: tuple[str, ...]
    unverified: tuple[str, ...]
    values: tuple[ReferenceValue, ...]


class Person(BaseModel):
    """Whom the intake is for: age, sex, pregnancy or lactation, and whose values to use.

    Parameters
    ----------
    age_years
        Age [years], 0 to 125; also accepted as ``age=``. For infants, give
        ``age_months=`` instead [months]. Bands are half-open in completed months:
        a 6.5-month-old is in 0-6 mo, a 50.9-year-old in 31-50 y.
    sex
        ``"female"`` or ``"male"``.
    pregnant, lactating
        Female only, from 9 to 50 y (:data:`PREGNANCY_AGE_RANGE_YEARS`). Not both at
        once: the tables have separate rows and no combined one, so pick the one
        whose values should apply.
    authority
        ``"iom"`` (default) or ``"efsa"``.
    tap_water
        The water of the person's tap, from the supplier's analysis
        (``Water(magnesium_mg_per_l=12, calcium_mg_per_l=40)``) or a tap water of the
        bundled table by name (``"tap water paris"``): drinks of "tap water" (and plain
        "water") in the log are counted with it. None (default): such drinks stay
        unknown, never a national average (see :mod:`mgcalc.water`).

    Raises
    ------
    pydantic.ValidationError
        For an impossible profile (pregnant and male, a negative age, age 140,
        pregnant at 5, pregnant and lactating), with the reason; and for an unknown
        ``authority`` (listing the valid keys).

    References
    ----------
    See the module docstring: IOM 1997, 2006 (Table 1, p. 340) and 2011; EFSA 2015,
    doi:10.2903/j.efsa.2015.4186.

    Examples
    --------
    >>> woman = Person(age=40, sex="female")
    >>> woman.life_stage
    '31-50y'
    >>> values = woman.reference_values()
    >>> values.magnesium_rda_mg, values.magnesium_ear_mg, values.magnesium_ul_mg
    (320.0, 265.0, 350.0)
    >>> Person(age_months=5, sex="male").reference_values().magnesium_target_kind
    'AI'
    >>> Person(age=40, sex="female", authority="efsa").reference_values().magnesium_rda_mg
    300.0
    """

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    age_years: float = Field(
        alias="age", ge=0, le=MAX_AGE_YEARS, allow_inf_nan=False, description="Age [years]."
    )
    sex: Literal["female", "male"]
    pregnant: bool = False
    lactating: bool = False
    authority: Authority = "iom"
    tap_water: Water | None = None

    @field_validator("tap_water", mode="before")
    @classmethod
    def _tap_water_by_name(cls, value: Any) -> Any:
        """A water of the bundled table by id, name or alias (``"tap water paris"``)."""
        if isinstance(value, str):
            return load_waters().get(value)
        return value

    @model_validator(mode="before")
    @classmethod
    def _months_to_years(cls, data: Any) -> Any:
        """Accept ``age_months=`` for infants, as an alternative to ``age``/``age_years``."""
        if not isinstance(data, dict) or "age_months" not in data:
            return data
        data = dict(data)
        months = data.pop("age_months")
        if "age" in data or "age_years" in data:
            raise InvalidValueError(
                "give the age once: age/age_years in years or age_months in months"
            )
        try:
            months_value = float(months)
        except (TypeError, ValueError):
            raise InvalidValueError(f"age_months={months!r} is not a number") from None
        if not months_value >= 0:
            raise InvalidValueError(
                f"age_months={months!r} is negative (or not a number); an age is >= 0"
            )
        data["age_years"] = months_value / 12.0
        return data

    @field_validator("age_years", mode="before")
    @classmethod
    def _plausible_age(cls, value: Any) -> Any:
        """Say why an age is refused (before pydantic's own bounds check)."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            if value < 0:
                raise InvalidValueError(f"age {value} years is negative; an age is >= 0")
            if value > MAX_AGE_YEARS:
                raise InvalidValueError(
                    f"age {value} years is not a plausible human age; "
                    f"mgcalc accepts 0 to {MAX_AGE_YEARS:g} years"
                )
        return value

    @field_validator("authority", mode="before")
    @classmethod
    def _known_authority(cls, value: Any) -> Any:
        """Refuse an unknown authority with the list of valid keys."""
        if value not in AUTHORITIES:
            raise UnknownOptionError("authority", value, AUTHORITIES)
        return value

    @model_validator(mode="after")
    def _possible_profile(self) -> Person:
        """Refuse pregnancy or lactation where it is impossible or has no reference row."""
        states = [name for name in ("pregnant", "lactating") if getattr(self, name)]
        if not states:
            return self
        if self.sex == "male":
            raise InvalidValueError(
                f"{states[0]}=True with sex='male': pregnancy and lactation apply to females only"
            )
        if len(states) == 2:
            raise InvalidValueError(
                "pregnant=True and lactating=True: the reference tables have separate "
                "pregnancy and lactation rows and no combined one; give the one whose "
                "values should apply (IOM pregnancy values are the higher for magnesium)"
            )
        low, high = PREGNANCY_AGE_RANGE_YEARS
        if self.age_months < low * 12:
            raise InvalidValueError(
                f"{states[0]}=True at age {self.age_years:g} years: mgcalc accepts pregnancy "
                f"and lactation from {low:g} years (the IOM tables have no pregnancy or "
                "lactation rows for children)"
            )
        if self.age_months >= high * 12:  # the months the lookup uses
            raise InvalidValueError(
                f"{states[0]}=True at age {self.age_years:g} years: the IOM pregnancy and "
                f"lactation rows end at 50 years, so there is no reference value to use"
            )
        return self

    @property
    def age_months(self) -> float:
        """Age [months] (rounded to 1e-6 so that ``age_months=7`` stays 7)."""
        return round(self.age_years * 12.0, 6)

    @property
    def condition(self) -> Condition:
        """``"pregnancy"``, ``"lactation"`` or ``"none"``."""
        if self.pregnant:
            return "pregnancy"
        if self.lactating:
            return "lactation"
        return "none"

    @property
    def life_stage(self) -> str:
        """The key of the person's magnesium life-stage row under their authority (``"31-50y"``)."""
        row = self.reference_value("magnesium", "target")
        assert row is not None  # every authority has magnesium rows for every age
        return row.life_stage

    def reference_value(
        self, nutrient: Nutrient, kind: Literal["target", "EAR", "UL"]
    ) -> ReferenceValue | None:
        """The table row for one nutrient and kind, with its source and status.

        Parameters
        ----------
        nutrient
            ``"magnesium"``, ``"calcium"`` or ``"vitamin_d"``.
        kind
            ``"target"`` (the RDA, or the AI where no RDA exists), ``"EAR"`` or ``"UL"``.

        Returns
        -------
        ReferenceValue or None
            The row (its :attr:`~ReferenceValue.value` may be None: no value established);
            None if the authority has no values for the nutrient in mgcalc (calcium under
            EFSA).

        Raises
        ------
        UnknownOptionError
            For an unknown ``nutrient`` or ``kind``.
        """
        if nutrient not in NUTRIENTS:
            raise UnknownOptionError("nutrient", nutrient, NUTRIENTS)
        if kind not in _LOOKUP_KINDS:
            raise UnknownOptionError("kind", kind, _LOOKUP_KINDS)
        kinds = _TARGET_KINDS if kind == "target" else (kind,)
        return _lookup(nutrient, kinds, self.authority, self.age_months, self.sex, self.condition)

    def reference_values(self) -> ReferenceValues:
        """The person's RDA/AI, EAR and UL for magnesium, calcium and vitamin D, with sources.

        Returns
        -------
        ReferenceValues
            Amounts [mg/day] (vitamin D [µg/day]); None where none is established.

        Examples
        --------
        >>> teen = Person(age=16, sex="female", pregnant=True).reference_values()
        >>> teen.magnesium_rda_mg, teen.magnesium_ear_mg, teen.life_stage, teen.condition
        (400.0, 335.0, '<=18y', 'pregnancy')
        >>> Person(age_months=5, sex="female").reference_values().magnesium_ul_mg is None
        True
        >>> woman = Person(age=60, sex="female").reference_values()
        >>> woman.calcium_ul_mg, woman.vitamin_d_rda_ug, woman.vitamin_d_ul_ug
        (2000.0, 15.0, 100.0)
        """
        fields: dict[str, Any] = {}
        unverified: list[str] = []
        used: list[ReferenceValue] = []
        nutrient: Nutrient
        for nutrient in ("magnesium", "calcium", "vitamin_d"):
            unit = UNITS[nutrient]
            found = {
                "target": self.reference_value(nutrient, "target"),
                "EAR": self.reference_value(nutrient, "EAR"),
                "UL": self.reference_value(nutrient, "UL"),
            }
            for kind, suffix in (("target", "rda"), ("EAR", "ear"), ("UL", "ul")):
                row = found[kind]
                name = f"{nutrient}_{suffix}_{unit}"
                fields[name] = None if row is None else row.value
                if row is None:
                    continue
                used.append(row)
                if row.status == "UNVERIFIED" and row.value is not None:
                    unverified.append(name)
            target, ul = found["target"], found["UL"]
            has_value = target is not None and target.value is not None
            fields[f"{nutrient}_target_kind"] = target.kind if has_value and target else None
            fields[f"{nutrient}_ul_scope"] = ul.scope if ul is not None else None
        return ReferenceValues(
            authority=self.authority,
            life_stage=self.life_stage,
            condition=self.condition,
            sources=tuple(dict.fromkeys(row.source for row in used)),
            unverified=tuple(unverified),
            values=tuple(used),
            **fields,
        )
