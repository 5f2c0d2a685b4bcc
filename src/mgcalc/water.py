"""Drinking water: its magnesium and calcium per litre, the bundled table of waters, drinks.

Water can carry from almost no magnesium to over 1,000 mg per litre (Volvic 8 mg/L,
Hépar 119, Donat Mg about 1,000), so for some people it is a large share of intake. This
module holds

- :class:`Water`: one water's magnesium and calcium per litre [mg/L], with the low-high
  range its sources give where they disagree, and where the figures come from;
- :class:`WaterTable` and :func:`load_waters`: the 45 sourced waters of
  ``data/waters.csv`` (bottled mineral, spring and purified waters, and tap water of a few
  places), found by id, name or alias, with close candidates for a name it does not know;
- :class:`Drink` and :func:`read_drink`: a drink of water read from free text
  ("500 ml San Pellegrino", "1.5 l Hépar", "2 glasses of tap water") by the one amount
  grammar (:func:`mgcalc.parse.parse_line`), and the magnesium and calcium it brings;
- :func:`entry_drinks`, :func:`drink_entries` and :func:`water_ledger`: what
  :func:`mgcalc.analyze` does with water: the food lines of a log that are drinks of water are
  counted in the water ledger (and shown as drinks among the entries), and the person's tap
  water (:attr:`mgcalc.Person.tap_water`) is applied to drinks of tap water
  (:func:`fill_tap_water`).

Drinks go to the water ledger (``source == "water"``: :meth:`mgcalc.FoodLog.add_water`, or a
food line naming a water, at analysis):
they count towards intake and the Ca:Mg ratio, never towards the magnesium UL, which
covers supplements and medications only (IOM 2000, UL summary table, footnote b: "The ULs
for magnesium represent intake from a pharmacological agent only and do not include intake
from food and water").

Rules
-----
- **Tap water is the person's.** "tap water", "water", "a glass of water" mean the water of
  the person's tap, set once with ``Person(tap_water=Water(magnesium_mg_per_l=...))`` from
  the supplier's analysis. Without it a drink of tap water has *unknown* magnesium and
  calcium (NaN, flagged ``tap_water_unknown``, and a :class:`~mgcalc.errors.UnknownWaterWarning`
  at analysis): never a national average presented as fact. The national rows of the table
  are used only when named ("tap water usa", "french tap water"), flagged
  ``national_average``.
- **A brand is named exactly.** A name, alias or id of the table, with or without a trailing
  "water" or "mineral water" ("Evian", "evian water", "S.Pellegrino", "Hepar"); accents, case
  and punctuation do not matter. A name the table does not hold is refused with the closest
  candidates (:class:`~mgcalc.errors.UnknownWaterError`): "Gerolsteiner" is refused, because
  Gerolsteiner Naturell (in the table) and Gerolsteiner Sprudel (not in it) are different
  waters. "mineral water", "sparkling water" or "bottled water" without a brand have unknown
  magnesium (flagged ``unknown_water``).
- **Ranges.** Where the sources of a water disagree, its low-high range is carried beside the
  value used (``magnesium_mg_low``, ``magnesium_mg_high`` in the ledger) and flagged
  ``sources_disagree``. Where only a range is known (Borjomi, Berlin tap water), its midpoint
  is used, flagged ``range_midpoint``.
- **Amounts.** Volumes convert exactly (ml, l, cup, fl oz ...); a mass is read as a volume
  with 1 kg = 1 L (the table's own conversion, flagged ``mass_as_volume``); "a glass" is
  8 fl oz (236.6 ml, :data:`mgcalc.defaults.GLASS_ML`, flagged ``glass_assumed``), "a bottle"
  500 ml (:data:`~mgcalc.defaults.BOTTLE_ML`, ``bottle_assumed``), no amount 360 ml
  (:data:`~mgcalc.defaults.WATER_DEFAULT_ML`, ``no_amount``).

References
----------
.. [1] IOM (2000). *Dietary Reference Intakes: Applications in Dietary Assessment*, Summary
   Table "Tolerable Upper Intake Levels", footnote b (magnesium UL: pharmacological agents
   only).
.. [2] ANSES (2020). Ciqual French food composition table (bottled waters, French tap water).
.. [3] USDA ARS (2013). National Nutrient Database for Standard Reference, Release 26.
.. [4] Azoulay A, Garzon P, Eisenberg MJ (2001). J Gen Intern Med 16(3):168-175 (PMC1495189);
   figures as quoted in the table's sources (see ``data/README.md``).
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final, NamedTuple

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mgcalc._data import data_file
from mgcalc._reasons import REASON_CODES
from mgcalc._schemas import LEDGER_COLUMNS
from mgcalc.defaults import (
    BOTTLE_ML,
    GLASS_ML,
    MAX_ENTRY_GRAMS,
    MAX_MINERAL_MG_PER_L,
    WATER_DEFAULT_ML,
)
from mgcalc.errors import (
    AmountError,
    DataError,
    InvalidValueError,
    UnitError,
    UnknownWaterError,
    UnknownWaterWarning,
)
from mgcalc.parse import MASS_UNITS_G, VOLUME_UNITS_ML, parse_line, read_amount

__all__ = [
    "GENERIC_WATERS",
    "MINERALS",
    "RANGE_COLUMNS",
    "TAP_WATERS",
    "TAP_WATER_ID",
    "UNKNOWN_WATER_ID",
    "WATER_FLAGS",
    "Drink",
    "Water",
    "WaterTable",
    "daily_water",
    "drink_entries",
    "drink_ledger",
    "drink_of",
    "entry_drinks",
    "fill_tap_water",
    "ledger_row",
    "load_waters",
    "mentions_water",
    "read_drink",
    "water_key",
    "water_ledger",
]

MINERALS: Final = ("magnesium", "calcium")
"""The minerals a water carries, each in mg/L and, in a drink, mg."""

TAP_WATER_ID: Final = "water:tap"
"""The ``form`` of a ledger row that is a drink of the person's tap water, filled from
:attr:`mgcalc.Person.tap_water` at analysis (unknown without it)."""

UNKNOWN_WATER_ID: Final = "water:unknown"
"""The ``form`` of a ledger row that is a drink of a water of unknown composition
("mineral water" with no brand)."""

TAP_WATERS: Final = frozenset(
    {"water", "tap water", "drinking water", "plain water", "still tap water",
     "municipal water", "municipal tap water", "city water", "well water", "eau",
     "eau du robinet", "leitungswasser", "agua", "agua del grifo", "acqua del rubinetto"}
)  # fmt: skip
"""What people write for the water of their own tap (normalised by :func:`water_key`):
the person's tap water, never a table row. ("eau du robinet", "municipal tap water" and
"well water" are aliases of national rows in ``waters.csv``; written alone they mean the
person's own tap, so they are read here first.)"""

GENERIC_WATERS: Final = frozenset(
    {"mineral water", "bottled water", "spring water", "sparkling water", "still water",
     "sparkling mineral water", "still mineral water", "natural mineral water",
     "carbonated mineral water", "eau minerale", "eau gazeuse", "mineralwasser",
     "acqua minerale", "agua mineral"}
)  # fmt: skip
"""Waters named without a brand: their magnesium and calcium are unknown (0 to over
1,000 mg/L); flagged ``unknown_water``."""

_SUFFIXES: Final = tuple(
    sorted(
        {"water", "mineral water", "sparkling water", "still water", "spring water",
         "sparkling mineral water", "still mineral water", "natural mineral water",
         "bottled water", "sparkling", "still", "eau", "eau minerale", "mineralwasser",
         "acqua minerale"},
        key=len, reverse=True,
    )
)  # fmt: skip
"""Words that may follow a brand ("Evian water", "Hépar eau minérale")."""

_GLASSES: Final = frozenset({"glass", "glasses", "tumbler", "tumblers"})
"""Vessel words before the water ("2 glasses of tap water"), read as glasses."""

WATER_FLAGS: Final[Mapping[str, str]] = {
    "glass_assumed": f"a glass is taken as 8 fl oz ({GLASS_ML:.1f} ml), USDA's serving of "
    "drinking water; give millilitres to be exact",
    "bottle_assumed": f"a bottle is taken as {BOTTLE_ML:g} ml (FNDDS 'bottle, NFS' of bottled "
    "water); give its size to be exact",
    "no_amount": f"no amount was given: {WATER_DEFAULT_ML:g} ml assumed (FNDDS 'quantity not "
    "specified' of tap water)",
    "mass_as_volume": "a mass was read as a volume, 1 kg = 1 L",
    "range_midpoint": "an amount range ('1-2 glasses') or a water known only as a range: its "
    "midpoint is used",
    "sources_disagree": "the sources of this water disagree: its low-high range is given",
    "national_average": "a national average of tap water, not your supplier's analysis",
    "tap_water_unknown": "tap water: unknown until the person's tap water is set "
    "(Person(tap_water=Water(magnesium_mg_per_l=..., calcium_mg_per_l=...)))",
    "unknown_water": "a water named without a brand: its magnesium and calcium are unknown; "
    "name the brand or give its label (Water(magnesium_mg_per_l=...))",
    "bad_amount": "the amount is not a volume of water (write '500 ml', '1.5 l' or "
    "'2 glasses'); the drink is unknown",
    "water": "(an entry of a food log) a drink of water: counted in the water ledger, not as food",
}
"""The flags of drinks of water, with what they mean (besides those of the amount grammar,
:data:`mgcalc.parse.FLAGS`, and, on a log's entries, ``assumed_portion`` and
``default_portion`` for a glass, a bottle or no amount)."""


def water_key(text: str) -> str:
    """The look-up key of a water name: no accents, lower case, words of letters and digits.

    >>> water_key("S.Pellegrino"), water_key("Hépar"), water_key("Saint-Yorre")
    ('s pellegrino', 'hepar', 'saint yorre')
    """
    return _water_key(text) if len(text) <= _CACHED_TEXT else _water_key.__wrapped__(text)


_CACHED_TEXT: Final = 200
"""The longest text whose reading is kept in a cache [characters]: a typed line is shorter,
and a cache of 4,096 entries then holds at most about 1.6 MB of text."""


@lru_cache(maxsize=4096)
def _water_key(text: str) -> str:
    """:func:`water_key`, computed once per text (an app logs the same lines again and
    again)."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", folded.replace("'", "")))


# -- one water -----------------------------------------------------------------------------


class Water(BaseModel):
    """A drinking water's magnesium and calcium per litre, and where they come from.

    Give your own water from its label or your supplier's analysis
    (``Water(name="my tap", magnesium_mg_per_l=12, calcium_mg_per_l=40)``), or take one
    from the bundled table (:func:`load_waters`).

    Parameters
    ----------
    name
        What the water is called.
    magnesium_mg_per_l, calcium_mg_per_l
        Content [mg/L]; None when unknown (then its range, if given, is used: its midpoint,
        flagged). 0 means none (a purified water), not unknown.
    magnesium_mg_per_l_low, magnesium_mg_per_l_high, calcium_mg_per_l_low, calcium_mg_per_l_high
        The range of the value where sources or labels differ [mg/L]; both ends or
        neither. The value, when given, must lie inside.
    water_id
        ``"water:<slug>"`` for a water of the table; None for your own.
    aliases
        Other names that find it in a :class:`WaterTable`.
    kind
        ``bottled_mineral``, ``bottled_spring``, ``bottled_purified`` or ``tap``, if known.
    country, source, source_detail, year_of_data, note
        Provenance: where each figure was read, as ``data/waters.csv`` records it.

    Raises
    ------
    pydantic.ValidationError
        For a negative or absurd content (over :data:`mgcalc.defaults.MAX_MINERAL_MG_PER_L`),
        a range with one end, low above high, or a value outside its range.

    Examples
    --------
    >>> mine = Water(name="my tap", magnesium_mg_per_l=12, calcium_mg_per_l=40)
    >>> mine.mineral_mg("magnesium", 1.5)
    (18.0, 18.0, 18.0)
    >>> load_waters()["water:san_pellegrino"].mineral_mg("magnesium", 0.5)
    (25.5, 25.5, 28.5)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(default="your water", min_length=1, max_length=200)
    magnesium_mg_per_l: float | None = Field(
        default=None, ge=0, le=MAX_MINERAL_MG_PER_L, allow_inf_nan=False
    )
    calcium_mg_per_l: float | None = Field(
        default=None, ge=0, le=MAX_MINERAL_MG_PER_L, allow_inf_nan=False
    )
    magnesium_mg_per_l_low: float | None = Field(
        default=None, ge=0, le=MAX_MINERAL_MG_PER_L, allow_inf_nan=False
    )
    magnesium_mg_per_l_high: float | None = Field(
        default=None, ge=0, le=MAX_MINERAL_MG_PER_L, allow_inf_nan=False
    )
    calcium_mg_per_l_low: float | None = Field(
        default=None, ge=0, le=MAX_MINERAL_MG_PER_L, allow_inf_nan=False
    )
    calcium_mg_per_l_high: float | None = Field(
        default=None, ge=0, le=MAX_MINERAL_MG_PER_L, allow_inf_nan=False
    )
    water_id: str | None = Field(default=None, pattern=r"^water:[a-z0-9_]+$")
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    country: str | None = None
    source: str = "given by the user"
    source_detail: str = Field(default="", repr=False)
    year_of_data: str = Field(default="", repr=False)
    note: str = Field(default="", repr=False)

    @model_validator(mode="after")
    def _ranges_hold(self) -> Water:
        for mineral in MINERALS:
            value = getattr(self, f"{mineral}_mg_per_l")
            low = getattr(self, f"{mineral}_mg_per_l_low")
            high = getattr(self, f"{mineral}_mg_per_l_high")
            if (low is None) != (high is None):
                raise InvalidValueError(
                    f"{mineral}: give both ends of the range (low and high), or neither"
                )
            if low is None or high is None:
                continue
            if low > high:
                raise InvalidValueError(f"{mineral}: the range's low ({low:g}) is above its "
                                        f"high ({high:g}) [mg/L]")  # fmt: skip
            if value is not None and not low <= value <= high:
                raise InvalidValueError(
                    f"{mineral}: {value:g} mg/L lies outside its range {low:g}-{high:g}"
                )
        return self

    def per_litre(self, mineral: str) -> tuple[float, float, float]:
        """The content used, and its low and high [mg/L]; NaN where unknown.

        A value known only as a range is its midpoint (see :meth:`flags`); a single value
        with no range is its own low and high.
        """
        if mineral not in MINERALS:
            raise InvalidValueError(f"unknown mineral {mineral!r}; a water has "
                                    f"{' and '.join(MINERALS)}")  # fmt: skip
        value = getattr(self, f"{mineral}_mg_per_l")
        low = getattr(self, f"{mineral}_mg_per_l_low")
        high = getattr(self, f"{mineral}_mg_per_l_high")
        if low is None or high is None:
            known = math.nan if value is None else float(value)
            return known, known, known
        used = (low + high) / 2.0 if value is None else float(value)
        return used, float(low), float(high)

    def mineral_mg(self, mineral: str, litres: float) -> tuple[float, float, float]:
        """Magnesium or calcium in ``litres`` of this water: value, low and high [mg].

        Raises
        ------
        InvalidValueError
            If ``litres`` is not a number from 0 to the most one drink may be
            (:data:`mgcalc.defaults.MAX_ENTRY_GRAMS` of water, 100 L).
        """
        if (
            isinstance(litres, bool)
            or not isinstance(litres, int | float | np.number)
            or not 0 <= litres <= MAX_ENTRY_GRAMS / 1000.0
        ):
            raise InvalidValueError(
                f"litres={litres!r:.40} must be a volume of water from 0 to "
                f"{MAX_ENTRY_GRAMS / 1000.0:g} L"
            )
        value, low, high = self.per_litre(mineral)
        litres = float(litres)
        return value * litres, low * litres, high * litres

    @property
    def flags(self) -> tuple[str, ...]:
        """What a reader should know about the figures (see :data:`WATER_FLAGS`)."""
        out: list[str] = []
        for mineral in MINERALS:
            value, low, high = self.per_litre(mineral)
            if getattr(self, f"{mineral}_mg_per_l") is None and not math.isnan(value):
                out.append("range_midpoint")
            elif low < high:
                out.append("sources_disagree")
        if self.kind == "tap" and "national" in self.name.lower():
            out.append("national_average")
        return tuple(dict.fromkeys(out))

    @property
    def label(self) -> str:
        """The water, its id and its source in one line (for reports)."""
        where = f" ({self.water_id})" if self.water_id else ""
        return f"{self.name}{where}, {self.source}"


# -- the table -----------------------------------------------------------------------------

_CSV_FLOATS: Final = tuple(
    f"{mineral}_mg_per_l{end}" for mineral in MINERALS for end in ("", "_low", "_high")
)


def _cell(value: str) -> float | None:
    text = value.strip()
    return None if not text else float(text)


class WaterTable:
    """Waters found by id, name or alias, with candidates for a name it does not know.

    Parameters
    ----------
    waters
        The waters; ids and look-up names must not repeat.

    Raises
    ------
    DataError
        If two waters share an id, or a name or alias finds two waters.

    Examples
    --------
    >>> waters = load_waters()
    >>> waters.get("Hepar").magnesium_mg_per_l
    119.0
    >>> waters.find("Gerolsteiner") is None
    True
    >>> waters.candidates("Gerolsteiner", limit=1)[0][:2]
    ('water:gerolsteiner_naturell', 'Gerolsteiner Naturell (still)')
    """

    def __init__(self, waters: Iterable[Water]) -> None:
        self._waters: tuple[Water, ...] = tuple(waters)
        self._by_id: dict[str, Water] = {}
        self._by_key: dict[str, Water] = {}
        for water in self._waters:
            if not isinstance(water, Water):
                raise InvalidValueError(f"a WaterTable holds Water, not {type(water).__name__}")
            if water.water_id is not None:
                if water.water_id in self._by_id:
                    raise DataError(f"two waters have the id {water.water_id!r}")
                self._by_id[water.water_id] = water
            keys = {water_key(water.name), *(water_key(a) for a in water.aliases)}
            if water.water_id is not None:
                keys.add(water_key(water.water_id.removeprefix("water:").replace("_", " ")))
            for key in keys - {""}:
                other = self._by_key.get(key)
                if other is not None and other is not water:
                    raise DataError(f"the name {key!r} finds both {other.name!r} and "
                                    f"{water.name!r}")  # fmt: skip
                self._by_key[key] = water

    def __len__(self) -> int:
        return len(self._waters)

    def __iter__(self) -> Iterator[Water]:
        return iter(self._waters)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.find(name) is not None

    def __getitem__(self, name: str) -> Water:
        return self.get(name)

    def __repr__(self) -> str:
        return f"<WaterTable {len(self)} waters>"

    def find(self, name: str) -> Water | None:
        """The water of this id, name or alias (any case, accents, punctuation), else None."""
        if not isinstance(name, str):
            return None
        found = self._by_id.get(name.strip())
        return found if found is not None else self._by_key.get(water_key(name))

    def get(self, name: str) -> Water:
        """The water of this id, name or alias.

        Raises
        ------
        UnknownWaterError
            If the table holds no such water, with the closest candidates.
        """
        found = self.find(name)
        if found is None:
            raise UnknownWaterError(
                str(name), [f"{n} ({i})" for i, n, _ in self.candidates(str(name))]
            )
        return found

    def candidates(self, name: str, limit: int = 5) -> list[tuple[str, str, float]]:
        """The waters whose names come closest to ``name``: (id, name, score 0-100), best
        first (rapidfuzz ``WRatio`` on names and aliases)."""
        from rapidfuzz import fuzz, process

        key = water_key(name)
        if not key:
            return []
        choices: dict[str, Water] = {}
        for water in self._waters:
            for text in (water.name, *water.aliases):
                choices.setdefault(water_key(text), water)
        scored: dict[str, tuple[str, str, float]] = {}
        for text, score, _ in process.extract(key, list(choices), scorer=fuzz.WRatio,
                                              limit=4 * limit):  # fmt: skip
            water = choices[text]
            ident = water.water_id or water.name
            if ident not in scored or scored[ident][2] < score:
                scored[ident] = (ident, water.name, round(float(score), 1))
        return sorted(scored.values(), key=lambda r: -r[2])[:limit]

    def with_waters(self, waters: Iterable[Water]) -> WaterTable:
        """A new table with ``waters`` added (a water of the same id replaces the old one)."""
        new = list(waters)
        ids = {w.water_id for w in new if w.water_id is not None}
        return WaterTable([*(w for w in self._waters if w.water_id not in ids), *new])

    @property
    def frame(self) -> pd.DataFrame:
        """The waters as a DataFrame, one row each (NaN where a figure is unknown)."""
        rows = []
        for water in self._waters:
            row = water.model_dump()
            row["aliases"] = "; ".join(water.aliases)
            rows.append(row)
        frame = pd.DataFrame(rows, columns=list(Water.model_fields))
        for column in _CSV_FLOATS:
            frame[column] = frame[column].astype("float64")
        return frame


def _read_waters(text: str) -> WaterTable:
    rows = list(csv.DictReader(io.StringIO(text)))
    waters = []
    for number, row in enumerate(rows, start=2):
        try:
            waters.append(
                Water(
                    water_id=row["id"],
                    name=row["name"],
                    aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
                    kind=row["kind"] or None,
                    country=row["country"] or None,
                    source=row["source"],
                    source_detail=row["source_detail"],
                    year_of_data=row["year_of_data"],
                    note=row["note"],
                    **{column: _cell(row[column]) for column in _CSV_FLOATS},
                )
            )
        except (KeyError, ValueError) as exc:
            raise DataError(f"data/waters.csv line {number} cannot be read: {exc}") from exc
    return WaterTable(waters)


@lru_cache(maxsize=1)
def load_waters() -> WaterTable:
    """The bundled table of 45 drinking waters (``data/waters.csv``), read once.

    36 bottled waters (29 mineral, 5 spring, 2 purified) and 9 tap waters, each figure with
    its source; see ``data/README.md`` for the sources and caveats (labels change, one brand
    may be several springs, tap water varies by district: the label on your bottle or your
    supplier's analysis overrides the table).

    Raises
    ------
    DataError
        If the file is missing or cannot be read.
    """
    text = data_file("waters.csv").read_text(encoding="utf-8")
    return _read_waters(text)


# -- a drink ---------------------------------------------------------------------------------


class Drink(NamedTuple):
    """A drink of water read from text, with the magnesium and calcium it brings.

    Attributes
    ----------
    text : str
        The drink as given.
    name : str
        The water as written ("San Pellegrino", "tap water").
    water : Water or None
        The water used; None for tap water not yet known and waters named without a brand.
    water_id : str or None
        Its id: a table id, :data:`TAP_WATER_ID`, :data:`UNKNOWN_WATER_ID`, or None for a
        user's own :class:`Water` without one.
    litres : float
        The volume [L]; NaN when the amount could not be read.
    flags : tuple of str
        See :data:`WATER_FLAGS`.
    amount_text : str
        The amount as written, for a drink whose volume could not be read.
    """

    text: str
    name: str
    water: Water | None
    water_id: str | None
    litres: float
    flags: tuple[str, ...]
    amount_text: str = ""

    def minerals(self) -> dict[str, float]:
        """Magnesium and calcium of the drink, with low and high [mg]; NaN where unknown.

        Keys ``magnesium_mg``, ``magnesium_mg_low``, ``magnesium_mg_high`` and the same for
        calcium.
        """
        out: dict[str, float] = {}
        for mineral in MINERALS:
            if self.water is None or math.isnan(self.litres):
                value = low = high = math.nan
            else:
                value, low, high = self.water.mineral_mg(mineral, self.litres)
            out[f"{mineral}_mg"] = value
            out[f"{mineral}_mg_low"] = low
            out[f"{mineral}_mg_high"] = high
        return out

    @property
    def magnesium_mg(self) -> float:
        """Magnesium in the drink [mg]; NaN when unknown."""
        return self.minerals()["magnesium_mg"]

    @property
    def calcium_mg(self) -> float:
        """Calcium in the drink [mg]; NaN when unknown."""
        return self.minerals()["calcium_mg"]

    @property
    def dose(self) -> str:
        """The volume as the ledger stores it (``"0.5 l"``), or the amount as written."""
        if math.isnan(self.litres):
            return self.amount_text or "(no amount)"
        return f"{Decimal(repr(self.litres)).normalize():f} l"  # every digit, no exponent

    def with_water(self, water: Water, extra_flags: Sequence[str] = ()) -> Drink:
        """The same drink of ``water`` (a person's tap water applied)."""
        flags = [f for f in self.flags if f not in ("tap_water_unknown", "unknown_water")]
        return self._replace(water=water, flags=(*flags, *water.flags, *extra_flags))


@lru_cache(maxsize=8)
def _vocabulary(waters: WaterTable) -> frozenset[str]:
    words = {w for key in (*TAP_WATERS, *GENERIC_WATERS) for w in key.split()}
    for water in waters:
        for text in (water.name, *water.aliases):
            words.update(water_key(text).split())
    return frozenset(words)


def mentions_water(text: str, waters: WaterTable | None = None) -> bool:
    """Whether ``text`` holds a word of a water's name (a fast test before
    :func:`read_drink`, which decides)."""
    table = waters if waters is not None else load_waters()
    return isinstance(text, str) and not _vocabulary(table).isdisjoint(water_key(text).split())


def _food_part(food_text: str, unit: str | None) -> tuple[str, str | None]:
    """The water's name in a food text, and the vessel it was counted in ("glass")."""
    words = food_text.split()
    if unit is not None and water_key(unit) in _GLASSES:  # the grammar read the vessel
        return food_text, "glass"
    if unit == "each" and words and water_key(words[0]) in _GLASSES:
        rest = words[1:]
        if rest and rest[0].lower() == "of":
            rest = rest[1:]
        return " ".join(rest), "glass"
    if unit == "bottle":
        return food_text, "bottle"
    return food_text, None


def _which_water(name: str, waters: WaterTable) -> tuple[Water | None, str | None, str] | None:
    """(water, id, how) for a name: the person's tap, an unbranded water or a table water;
    None when the name is no water mgcalc knows."""
    key = water_key(name)
    if not key:
        return None
    if key in TAP_WATERS:
        return None, TAP_WATER_ID, "tap"
    if key in GENERIC_WATERS:
        return None, UNKNOWN_WATER_ID, "unknown"
    found = waters.find(name)
    if found is None:
        for suffix in _SUFFIXES:
            if key.endswith(" " + suffix):
                found = waters.find(key[: -len(suffix) - 1])
                if found is not None:
                    break
    if found is None:
        return None
    return found, found.water_id, "table"


def _litres(
    number: float | None, unit: str | None, vessel: str | None
) -> tuple[float, tuple[str, ...]]:
    """The volume [L] of an amount of water, and how it was read (more than
    :data:`mgcalc.defaults.MAX_ENTRY_GRAMS` of water in one drink is a typo: unreadable)."""
    litres, flags = _volume(number, unit, vessel)
    if litres * 1000.0 > MAX_ENTRY_GRAMS:
        return math.nan, ("bad_amount",)
    return litres, flags


def _volume(
    number: float | None, unit: str | None, vessel: str | None
) -> tuple[float, tuple[str, ...]]:
    if number is None:
        return WATER_DEFAULT_ML / 1000.0, ("no_amount",)
    if not number >= 0 or not math.isfinite(number):
        return math.nan, ("bad_amount",)
    if vessel == "glass":
        return number * GLASS_ML / 1000.0, ("glass_assumed",)
    if unit == "bottle":
        return number * BOTTLE_ML / 1000.0, ("bottle_assumed",)
    if unit is not None and unit in VOLUME_UNITS_ML:
        return number * VOLUME_UNITS_ML[unit] / 1000.0, ()
    if unit is not None and unit in MASS_UNITS_G:
        return number * MASS_UNITS_G[unit] / 1000.0, ("mass_as_volume",)
    return math.nan, ("bad_amount",)


def _explicit(
    amount: Any, unit: str | None
) -> tuple[float | None, str | None, str, tuple[str, ...], str | None]:
    """An amount given on its own (``"1.5 l"``, ``500`` with ``"ml"``), read by the grammar:
    (number, unit, text, flags, vessel)."""
    if isinstance(amount, bool) or not isinstance(amount, str | int | float | np.number):
        return None, None, repr(amount), ("bad_amount",), None
    try:
        read = read_amount(amount if isinstance(amount, str) else float(amount), unit)
    except (AmountError, UnitError):
        return None, None, str(amount), ("bad_amount",), None
    vessel = "glass" if water_key(read.unit) in _GLASSES else None
    if read.number is None:  # a unit alone is one of it ("l", "glass"); nothing else is
        if read.unit == "each" or read.words:
            return None, None, read.text, ("bad_amount",), None
        return 1.0, read.unit, read.text, read.flags, vessel
    return read.number, read.unit, read.text, read.flags, vessel


def read_drink(
    text: str,
    amount: Any = None,
    unit: str | None = None,
    *,
    waters: WaterTable | None = None,
    tap_water: Water | None = None,
) -> Drink | None:
    """A drink of water in free text, or None when the text names no water mgcalc knows.

    Parameters
    ----------
    text
        The line: ``"500 ml San Pellegrino"``, ``"Hépar 1.5 l"``, ``"2 glasses of tap water"``;
        or the water alone when ``amount`` is given.
    amount, unit
        An explicit amount (``"1.5 l"``, or ``500`` with ``unit="ml"``), overriding the
        text's. Read by :func:`mgcalc.parse.read_amount`.
    waters
        The table to find brands in; the bundled one by default.
    tap_water
        The person's tap water, for "tap water" and "water"; unknown when None.

    Returns
    -------
    Drink or None
        None when the text's food part is not a water of the table, a name for tap water
        (:data:`TAP_WATERS`) or an unbranded water (:data:`GENERIC_WATERS`): such a line is
        food, not water. An unreadable amount gives a drink of unknown volume, flagged
        ``bad_amount`` (never dropped).

    Examples
    --------
    >>> drink = read_drink("500 ml San Pellegrino")
    >>> drink.water_id, drink.litres, round(drink.magnesium_mg, 1)
    ('water:san_pellegrino', 0.5, 25.5)
    >>> read_drink("2 glasses of tap water").flags
    ('glass_assumed', 'tap_water_unknown')
    >>> read_drink("a bottle of water").water_id  # bottled, of no brand: not tap water
    'water:unknown'
    >>> read_drink("1 cup water chestnuts") is None
    True
    """
    if not isinstance(text, str):
        return None
    table = waters if waters is not None else load_waters()
    if not mentions_water(text, table):
        return None
    line = parse_line(text)
    flags: list[str] = []
    amount_text = ""
    if amount is not None:
        name = text.strip()
        number, found_unit, amount_text, read_flags, vessel = _explicit(amount, unit)
        flags += read_flags
    else:
        name, vessel = _food_part(line.food_text, line.unit)
        number, found_unit = line.amount, line.unit
        flags += [f for f in line.flags if f != "no_amount"]
        if line.error is not None:
            flags.append("bad_amount")
            amount_text = text
    if "bad_amount" in flags:
        found = _which_water(name, table)
        if found is None:
            return None
        water, water_id, how = found
        return _drink(text, name, water, water_id, how, math.nan, flags, tap_water,
                      amount_text)  # fmt: skip
    found = _which_water(name, table)
    if found is None:
        return None
    water, water_id, how = found
    if how == "tap" and vessel == "bottle" and water_key(name) == "water":
        # "a bottle of water" is bottled water of no named brand, not the person's tap
        water, water_id, how = None, UNKNOWN_WATER_ID, "unknown"
    litres, how_read = _litres(number, found_unit, vessel)
    if "bad_amount" in how_read:
        amount_text = amount_text or text
    return _drink(text, name, water, water_id, how, litres, [*how_read, *flags], tap_water,
                  amount_text)  # fmt: skip


def _drink(
    text: str, name: str, water: Water | None, water_id: str | None, how: str, litres: float,
    flags: list[str], tap_water: Water | None, amount_text: str,
) -> Drink:  # fmt: skip
    if how == "tap":
        if tap_water is not None:
            water = tap_water
            flags += list(tap_water.flags)
        else:
            flags.append("tap_water_unknown")
    elif how == "unknown":
        flags.append("unknown_water")
    elif water is not None:
        flags += list(water.flags)
    return Drink(text, name.strip() or text.strip(), water, water_id, litres,
                 tuple(dict.fromkeys(flags)), amount_text)  # fmt: skip


def drink_of(
    water: str | Water,
    amount: Any = None,
    *,
    waters: WaterTable | None = None,
    magnesium_mg_per_l: float | None = None,
    calcium_mg_per_l: float | None = None,
) -> Drink:
    """The drink :meth:`mgcalc.FoodLog.add_water` records; strict: it refuses what it cannot use.

    Parameters
    ----------
    water
        A name of the table (``"Evian"``, ``"water:hepar"``), ``"tap water"`` (the person's,
        applied at analysis), free text with its amount (``"500 ml San Pellegrino"``), or a
        :class:`Water`.
    amount
        The volume (``"1.5 l"``, ``"2 glasses"``, ``0.5`` litres); required unless the text
        holds it.
    magnesium_mg_per_l, calcium_mg_per_l
        A water's own content [mg/L] (the 0.1 way of giving it; same as a :class:`Water`).

    Raises
    ------
    UnknownWaterError
        A name the table does not hold (with candidates), or a water named without a brand.
    InvalidLogError
        No amount, or an amount that is not a volume.
    """
    from mgcalc.errors import InvalidLogError

    table = waters if waters is not None else load_waters()
    if magnesium_mg_per_l is not None or calcium_mg_per_l is not None:
        if isinstance(water, Water):
            raise InvalidLogError("give a Water or its contents per litre, not both", "water")
        try:
            water = Water(
                name=str(water).strip() or "your water",
                magnesium_mg_per_l=magnesium_mg_per_l,
                calcium_mg_per_l=calcium_mg_per_l,
                source="given with the drink",
            )
        except ValidationError as exc:  # the door of add_water: name the argument
            problem = exc.errors()[0]
            field = str(problem["loc"][0]) if problem["loc"] else "water"
            contents = {"magnesium_mg_per_l": magnesium_mg_per_l,
                        "calcium_mg_per_l": calcium_mg_per_l}  # fmt: skip
            valid = (
                f"a number of mg per litre, 0 to {MAX_MINERAL_MG_PER_L:,.0f}"
                if field in contents
                else "a name of at most 200 characters"
            )
            raise InvalidLogError(
                f"{field}={contents.get(field, water)!r:.60}: "
                f"{str(problem['msg']).removeprefix('Value error, ')} (give {valid})",
                field if field in contents else "water",
            ) from exc
    unit = None if amount is None or isinstance(amount, str) else "l"
    if isinstance(water, Water):
        if amount is None:
            raise InvalidLogError("water needs an amount such as '500 ml' or '1.5 l'", "amount")
        number, found_unit, text, flags, vessel = _explicit(amount, unit)
        litres, how = _litres(number, found_unit, vessel)
        if "bad_amount" in (*flags, *how):
            raise InvalidLogError(f"water amount {text!r} is not a volume; write '500 ml', "
                                  "'1.5 l' or '2 glasses'", "amount")  # fmt: skip
        return Drink(f"{text} {water.name}", water.name, water, water.water_id, litres,
                     tuple(dict.fromkeys((*how, *flags, *water.flags))), text)  # fmt: skip
    if not isinstance(water, str):
        raise InvalidLogError(f"the water must be a name or a Water, not "
                              f"{type(water).__name__}", "water")  # fmt: skip
    drink = read_drink(water, amount, unit, waters=table)
    if drink is None:
        name = water.strip() if amount is not None else _food_part(*_text_and_unit(water))[0]
        raise UnknownWaterError(
            name or water, [f"{n} ({i})" for i, n, _ in table.candidates(name or water)]
        )
    if drink.water_id == UNKNOWN_WATER_ID:
        raise UnknownWaterError(
            drink.name,
            (),
            "its magnesium and calcium are unknown without a brand (0 to over 1,000 mg/L): "
            "name the water, or give Water(magnesium_mg_per_l=..., calcium_mg_per_l=...) "
            "from its label",
        )
    if amount is None and "no_amount" in drink.flags:
        raise InvalidLogError(f"water needs an amount such as '500 ml' or '1.5 l' "
                              f"({water!r} has none)", "amount")  # fmt: skip
    if "bad_amount" in drink.flags:
        raise InvalidLogError(f"water amount {drink.amount_text!r} is not a volume; write "
                              "'500 ml', '1.5 l' or '2 glasses'", "amount")  # fmt: skip
    return drink


def _text_and_unit(text: str) -> tuple[str, str | None]:
    line = parse_line(text)
    return line.food_text, line.unit


# -- the ledger ------------------------------------------------------------------------------

RANGE_COLUMNS: Final = (
    "magnesium_mg_low", "magnesium_mg_high", "calcium_mg_low", "calcium_mg_high",
)  # fmt: skip
"""The ledger's range columns [mg/day]: the low and high of a drink whose water's sources
disagree (NaN for doses, which have none)."""


def ledger_row(drink: Drink) -> dict[str, Any]:
    """The ledger cells of a drink (the keys of the ledger that a drink fills)."""
    minerals = drink.minerals()
    return {
        "product": drink.name,
        "form": drink.water_id,
        "dose": drink.dose,
        "basis": None,
        "source": "water",
        "magnesium_mg": minerals["magnesium_mg"],
        "calcium_mg": minerals["calcium_mg"],
        "vitamin_d_ug": math.nan,
        **{column: minerals[column] for column in RANGE_COLUMNS},
        "flags": ";".join(drink.flags) or None,
    }


def _split_flags(value: Any) -> list[str]:
    return [f for f in str(value).split(";") if f] if isinstance(value, str) else []


def fill_tap_water(
    ledger: Mapping[str, Sequence[Any]], tap_water: Water | None
) -> Mapping[str, Sequence[Any]]:
    """The ledger with the person's tap water applied to its drinks of tap water.

    Parameters
    ----------
    ledger
        Ledger columns (:meth:`mgcalc.FoodLog.ledger_columns`).
    tap_water
        The person's tap water; None leaves such drinks unknown.

    Returns
    -------
    mapping
        ``ledger`` itself when there is nothing to fill, else new columns with the
        magnesium, calcium and their ranges of the drinks of tap water [mg/day].
    """
    forms = ledger.get("form", ())
    sources = ledger.get("source", ())
    taps = [i for i, (f, s) in enumerate(zip(forms, sources, strict=True))
            if s == "water" and f == TAP_WATER_ID]  # fmt: skip
    if not taps or tap_water is None:
        return ledger
    columns = {name: list(values) for name, values in ledger.items()}
    for i in taps:
        flags = [f for f in _split_flags(columns["flags"][i]) if f != "tap_water_unknown"]
        litres = _dose_litres(columns["dose"][i])
        drink = Drink("", str(columns["product"][i]), None, TAP_WATER_ID, litres, tuple(flags))
        drink = drink.with_water(tap_water)
        if math.isnan(litres):
            drink = drink._replace(flags=tuple(dict.fromkeys((*drink.flags, "bad_amount"))))
        for name, value in ledger_row(drink).items():
            if name in columns and name not in ("product", "dose"):
                columns[name][i] = value
    return columns


@lru_cache(maxsize=4096)
def _mentions_water(text: str, waters: WaterTable) -> bool:
    """:func:`mentions_water` of a log's line, tested once per line and table."""
    return mentions_water(text, waters)


@lru_cache(maxsize=4096)
def _read_drink(
    text: str, amount: Any, unit: str | None, waters: WaterTable, tap_water: Water | None
) -> Drink | None:
    """:func:`read_drink` of a log's line, read once per line, amount, unit, table and tap
    water (all immutable; the drink is a tuple)."""
    return read_drink(text, amount, unit, waters=waters, tap_water=tap_water)


def entry_drinks(
    columns: Mapping[str, Sequence[Any]],
    tap_water: Water | None = None,
    waters: WaterTable | None = None,
) -> dict[int, Drink]:
    """The entries of a log that are drinks of water, by row.

    An entry is a drink when no ``food_id`` pins it, no import reported its values, and its
    text names a water (:func:`read_drink`: a water of the table, tap water, an unbranded
    water). Each distinct line is read once.

    Parameters
    ----------
    columns
        The log's entry columns (:meth:`mgcalc.FoodLog.columns`).
    tap_water
        The person's tap water, for drinks of tap water (unknown without it).
    waters
        The table of waters (the bundled one by default).

    Returns
    -------
    dict
        Row (0-based) -> :class:`Drink`.
    """
    table = waters if waters is not None else load_waters()
    texts, food_ids, reported = columns["text"], columns["food_id"], columns["reported"]
    mentions = {  # each distinct text tested once
        text: isinstance(text, str) and (
            _mentions_water(text, table) if len(text) <= _CACHED_TEXT
            else mentions_water(text, table)
        )
        for text in set(texts)
    }  # fmt: skip
    seen: dict[tuple[Any, ...], Drink | None] = {}
    out: dict[int, Drink] = {}
    for i in [i for i, text in enumerate(texts) if mentions[text]]:
        text = texts[i]
        if food_ids[i] or reported[i]:
            continue
        amount, unit = columns["amount"][i], columns["unit"][i]
        given = None if amount is None or (isinstance(amount, float) and math.isnan(amount)) \
            else amount  # fmt: skip
        key = (text, given, unit)
        if key not in seen:
            read = _read_drink if len(text) <= _CACHED_TEXT else _read_drink.__wrapped__
            seen[key] = read(text, given, unit, table, tap_water)
        drink = seen[key]
        if drink is not None:
            out[i] = drink
    return out


_ENTRY_KEYS: Final = frozenset({"entry_id", "person_id", "date", "time"})


def drink_ledger(columns: Mapping[str, Sequence[Any]], drinks: Mapping[int, Drink]) -> dict[
    str, list[Any]
]:  # fmt: skip
    """Ledger rows (:data:`mgcalc._schemas.LEDGER_COLUMNS`) for the drinks among a log's
    entries whose volume is known, with the entries' ids, people, dates and times."""
    rows = [i for i, drink in sorted(drinks.items()) if not math.isnan(drink.litres)]
    cells: dict[int, dict[str, Any]] = {}  # a drink read once for many equal lines: once
    out: dict[str, list[Any]] = {name: [] for name in LEDGER_COLUMNS}
    for i in rows:
        drink = drinks[i]
        row = cells.get(id(drink))
        if row is None:
            row = cells[id(drink)] = ledger_row(drink)
        for name in LEDGER_COLUMNS:
            out[name].append(columns[name][i] if name in _ENTRY_KEYS else row[name])
    return out


def water_ledger(
    ledger: Mapping[str, Sequence[Any]],
    tap_water: Water | None,
    columns: Mapping[str, Sequence[Any]] | None = None,
    drinks: Mapping[int, Drink] | None = None,
) -> Mapping[str, Sequence[Any]]:
    """A log's ledger as an analysis counts it: the person's tap water applied
    (:func:`fill_tap_water`) and the drinks among its food entries added
    (:func:`drink_ledger`).

    Warns
    -----
    UnknownWaterWarning
        When drinks of water remain whose magnesium is unknown (tap water with no
        ``tap_water`` set, unbranded waters): they add nothing to the totals, and the
        warning says how to know them.
    """
    out = fill_tap_water(ledger, tap_water)
    if columns is not None and drinks:
        extra = drink_ledger(columns, drinks)
        out = {name: [*out[name], *extra[name]] for name in LEDGER_COLUMNS}
    unknown = [
        str(out["product"][i])
        for i, s in enumerate(out.get("source", ()))
        if s == "water" and (isinstance(v := out["magnesium_mg"][i], float) and math.isnan(v))
    ]
    if unknown:
        names = ", ".join(dict.fromkeys(unknown))
        many = len(unknown) != 1
        warnings.warn(
            f"{len(unknown)} drink{'s' if many else ''} of water ({names}) with unknown "
            f"magnesium and calcium add{'' if many else 's'} nothing to the totals: set the "
            "person's tap water (Person(tap_water=Water(magnesium_mg_per_l=..., "
            "calcium_mg_per_l=...)) from your supplier's analysis) or name the bottled water",
            UnknownWaterWarning,
            stacklevel=3,
        )
    return out


def drink_entries(resolved: Mapping[str, Any], drinks: Mapping[int, Drink]) -> dict[str, Any]:
    """Resolved entry columns (:func:`mgcalc.intake.resolve_columns`) with the drinks' rows
    describing the drink: the water's id and name, its volume as grams (1 L = 1 kg), its
    magnesium and calcium (vitamin D and energy unknown: a water is no food), and the flag
    ``water`` before the drink's flags. A drink whose volume cannot be read is unresolved
    (``bad_amount``). ``n_review`` is not recounted."""
    out: dict[str, Any] = {
        name: (
            {k: np.array(v, dtype=np.float64) for k, v in value.items()}
            if name == "nutrients"
            else np.array(value) if isinstance(value, np.ndarray) else list(value)
            if isinstance(value, list) else value
        )
        for name, value in resolved.items()
    }  # fmt: skip
    bad = REASON_CODES.index("bad_amount")
    read: dict[int, tuple[dict[str, float], str, str]] = {}  # per distinct drink
    for i, drink in drinks.items():
        known = not math.isnan(drink.litres)
        found = read.get(id(drink))
        if found is None:
            flags = ["water", *drink.flags]
            if "glass_assumed" in flags or "bottle_assumed" in flags:
                flags.append("assumed_portion")
            if "no_amount" in flags:
                flags.append("default_portion")
            found = read[id(drink)] = (
                drink.minerals(),
                ";".join(dict.fromkeys(flags)),
                _describe(drink),
            )
        minerals, flag_text, description = found
        out["grams"][i] = drink.litres * 1000.0
        for column in out["nutrients"]:
            out["nutrients"][column][i] = minerals.get(column, math.nan) if known else math.nan
        out["unresolved"][i] = not known
        out["reason_code"][i] = -1 if known else bad
        out["reason"][i] = None if known else (
            f"amount not understood: {drink.amount_text!r} is not a volume of water"
        )  # fmt: skip
        out["flags"][i] = flag_text
        out["food_id"][i] = drink.water_id
        out["amount"][i] = drink.litres
        out["unit"][i] = "l"
        out["food_text"][i] = drink.name
        out["description"][i] = description
        out["match_score"][i] = 100.0
        out["alternatives"][i] = ()
        out["status"][i] = "resolved" if known else "unresolved"
    return out


def _describe(drink: Drink) -> str:
    if drink.water is not None:
        return (
            drink.water.name
            if drink.water_id != TAP_WATER_ID
            else f"tap water ({drink.water.name})"
        )
    if drink.water_id == TAP_WATER_ID:
        return "tap water (unknown: set Person.tap_water)"
    return f"{drink.name} (unknown: no brand named)"


def _dose_litres(dose: Any) -> float:
    """The volume of a ledger dose written by :attr:`Drink.dose` (``"0.5 l"``) [L]."""
    if not isinstance(dose, str):
        return math.nan
    try:
        read = read_amount(dose)
    except (AmountError, UnitError):
        return math.nan
    if read.number is None or read.unit not in VOLUME_UNITS_ML:
        return math.nan
    litres = read.number * VOLUME_UNITS_ML[read.unit] / 1000.0
    return litres if 0 <= litres <= MAX_ENTRY_GRAMS / 1000.0 else math.nan  # as _litres


def daily_water(ledger: pd.DataFrame) -> pd.DataFrame:
    """Water per person and day: litres, magnesium and calcium with their low-high ranges.

    Parameters
    ----------
    ledger
        A ledger frame (:attr:`mgcalc.FoodLog.supplements`,
        :attr:`mgcalc.IntakeAnalysis.supplements`).

    Returns
    -------
    pandas.DataFrame
        One row per person and date with drinks of water: ``litres`` [L], ``n_drinks``,
        ``n_unknown`` (drinks whose magnesium is unknown), ``magnesium_mg``,
        ``magnesium_mg_low``, ``magnesium_mg_high`` and the same for calcium [mg/day]:
        sums of the known drinks (the ranges are sums of each drink's low and high; a
        water's range is the spread of its sources, the same for every drink of it).
    """
    water = ledger.loc[ledger["source"] == "water"].copy()
    water["litres"] = [_dose_litres(d) for d in water["dose"]]
    water["n_drinks"] = 1
    water["n_unknown"] = water["magnesium_mg"].isna().astype("int64")
    columns = ["litres", "magnesium_mg", *RANGE_COLUMNS[:2], "calcium_mg", *RANGE_COLUMNS[2:]]
    for column in columns:
        if column not in water.columns:
            water[column] = np.nan
    sums = water.groupby(["person_id", "date"], sort=True)[[*columns, "n_drinks", "n_unknown"]].sum(
        min_count=1
    )
    sums[["n_drinks", "n_unknown"]] = sums[["n_drinks", "n_unknown"]].fillna(0).astype("int64")
    return sums.reset_index()
