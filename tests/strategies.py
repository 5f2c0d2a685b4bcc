"""Hypothesis strategies shared by the test modules (one place, as attrs keeps them)."""

from __future__ import annotations

from hypothesis import strategies as st

positive_grams = st.floats(min_value=0.01, max_value=5_000, allow_nan=False, allow_infinity=False)
"""A plausible amount of one food in one entry [g]."""

positive_mg = st.floats(min_value=0.0, max_value=5_000, allow_nan=False, allow_infinity=False)
"""A plausible amount of a mineral [mg]."""


# --- references and assessment (issue 5: Person, reference values, adequacy) ---------------

from mgcalc.references import PREGNANCY_AGE_RANGE_YEARS  # noqa: E402  (appended block)

ages_years = st.floats(min_value=0.0, max_value=125.0, allow_nan=False, allow_infinity=False)
"""Any age a Person accepts [years]."""

sexes = st.sampled_from(["female", "male"])
"""Either sex."""

authorities = st.sampled_from(["iom", "efsa"])
"""Either authority key."""

pregnancy_ages_years = st.floats(
    min_value=PREGNANCY_AGE_RANGE_YEARS[0],
    max_value=PREGNANCY_AGE_RANGE_YEARS[1],
    exclude_max=True,
    allow_nan=False,
)
"""An age at which a Person may be pregnant or lactating [years]."""

n_days = st.integers(min_value=1, max_value=30)
"""Number of days of intake records."""

ears_mg = st.floats(min_value=50.0, max_value=1_500.0, allow_nan=False, allow_infinity=False)
"""A plausible EAR or AI [mg/day]."""

sds_within_mg = st.floats(min_value=1.0, max_value=500.0, allow_nan=False, allow_infinity=False)
"""A plausible day-to-day SD of intake [mg/day]."""


# ---------------------------------------------------------------------------------------
# Units and the food table (tests/test_units.py, test_foods.py, test_errors.py; issue 2)
# ---------------------------------------------------------------------------------------
import math as _math  # noqa: E402 - this block is appended to a shared file

amount_numbers = st.floats(min_value=0.001, max_value=2_000, allow_nan=False).map(
    lambda x: round(x, 3)
)
"""A positive amount as people write it, to three decimals (``12.345``)."""

mass_unit_names = st.sampled_from(["mg", "g", "kg", "oz", "lb"])
"""A mass unit that both pint and :meth:`FoodTable.grams` accept."""

volume_unit_names = st.sampled_from(["cup", "tbsp", "tsp", "fl_oz", "ml", "l"])
"""A volume unit that :meth:`FoodTable.grams` accepts."""

magnesium_unit_names = st.sampled_from(["mg", "g", "mmol", "mEq"])
"""A unit a magnesium amount can be given in."""

error_texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40)
"""Any text an error could carry as data (ids, units, amounts, reasons)."""

nutrient_mg_per_100g = st.one_of(
    st.just(_math.nan),
    st.floats(min_value=0.0, max_value=20_000.0, allow_nan=False, allow_infinity=False),
)
"""A nutrient content [mg/100 g], or NaN for "not reported"."""

_table_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
)


@st.composite
def custom_foods(draw: st.DrawFn, n_max: int = 6) -> list[object]:
    """A list of distinct ``custom:`` :class:`mgcalc.foods.Food` with 0-3 portions each."""
    from mgcalc.foods import Food, Portion

    ids = draw(
        st.lists(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,11}", fullmatch=True),
                 min_size=1, max_size=n_max, unique=True)
    )  # fmt: skip
    portion = st.builds(
        Portion,
        amount=st.floats(min_value=0.01, max_value=100, allow_nan=False),
        measure=_table_text,
        unit=st.sampled_from(["cup", "tbsp", "medium", "slice", "default", "oz"]),
        modifier=st.sampled_from(["", "chopped", "sliced packed"]),
        grams=st.floats(min_value=0.01, max_value=5_000, allow_nan=False),
    )
    return [
        Food(
            food_id=f"custom:{food_id}",
            source="custom",
            description=draw(_table_text),
            food_group=draw(st.sampled_from(["", "Mine", "Recipes, home"])),
            common_names=draw(st.sampled_from(["", "my thing", "x, y"])),
            magnesium_mg_per_100g=draw(nutrient_mg_per_100g),
            calcium_mg_per_100g=draw(nutrient_mg_per_100g),
            portions=tuple(draw(st.lists(portion, max_size=3))),
        )
        for food_id in ids
    ]


# --- mgcalc.parse and mgcalc.ratio: amounts as typed, unit spellings, food words, intakes ---


@st.composite
def amount_texts(draw: st.DrawFn) -> tuple[str, float]:
    """An amount typed, with its value: ``("1 1/2", 1.5)``, ``("0.25", 0.25)``, ``("½", 0.5)``."""
    kind = draw(st.sampled_from(["int", "decimal", "fraction", "mixed", "unicode"]))
    if kind == "int":
        number = draw(st.integers(min_value=0, max_value=10_000))
        return str(number), float(number)
    if kind == "decimal":
        places = draw(st.integers(min_value=1, max_value=3))
        text = f"{draw(st.integers(min_value=0, max_value=99_999)) / 10**places:.{places}f}"
        return text, float(text)
    numerator = draw(st.integers(min_value=1, max_value=15))
    denominator = draw(st.integers(min_value=numerator + 1, max_value=16))
    if kind == "fraction":
        return f"{numerator}/{denominator}", numerator / denominator
    whole = draw(st.integers(min_value=1, max_value=12))
    if kind == "mixed":
        return f"{whole} {numerator}/{denominator}", whole + numerator / denominator
    symbol, value = draw(st.sampled_from([("½", 0.5), ("¼", 0.25), ("¾", 0.75), ("⅛", 0.125)]))
    with_whole = draw(st.booleans())
    spacer = draw(st.sampled_from(["", " "]))
    return (f"{whole}{spacer}{symbol}", whole + value) if with_whole else (symbol, value)


unit_spellings = st.sampled_from(
    [
        ("g", "g"), ("grams", "g"), ("gms", "g"), ("kg", "kg"), ("mg", "mg"),
        ("oz", "oz"), ("ounces", "oz"), ("lb", "lb"), ("lbs", "lb"), ("pounds", "lb"),
        ("cup", "cup"), ("cups", "cup"), ("c.", "cup"), ("tbsp", "tbsp"), ("Tbsp", "tbsp"),
        ("tablespoons", "tbsp"), ("T", "tbsp"), ("T.", "tbsp"), ("tsp", "tsp"), ("t", "tsp"),
        ("teaspoons", "tsp"), ("fl oz", "fl_oz"), ("fl. oz.", "fl_oz"),
        ("fluid ounces", "fl_oz"), ("ml", "ml"), ("mL", "ml"), ("l", "l"), ("liters", "l"),
        ("quart", "quart"), ("pints", "pint"), ("slices", "slice"), ("pieces", "piece"),
        ("large", "large"), ("medium", "medium"), ("small", "small"),
        ("extra large", "extra large"), ("jumbo", "jumbo"),
    ]
)  # fmt: skip
"""A unit as typed, with the normalised name :func:`mgcalc.parse.parse_line` gives it."""

food_texts = st.lists(
    st.sampled_from(
        ["almonds", "spinach", "brown", "rice", "boiled", "raw", "peanut", "butter", "milk",
         "yogurt", "oats", "banana", "cooked", "whole", "wheat", "bread", "salmon", "lentils",
         "dark", "chocolate", "black", "beans", "pumpkin", "seeds", "Quinoa", "tofu"]
    ),
    min_size=1,
    max_size=4,
).map(" ".join)  # fmt: skip
"""A food text with no numbers, unit words or size words in it."""

calcium_intake_mg = st.floats(min_value=0.0, max_value=5_000, allow_nan=False)
"""A day's calcium intake [mg]."""

magnesium_intake_mg = st.floats(min_value=1.0, max_value=2_000, allow_nan=False)
"""A day's magnesium intake, known and above zero [mg]."""

maybe_magnesium_mg = st.one_of(magnesium_intake_mg, st.just(0.0), st.just(float("nan")))
"""A magnesium intake that may be zero or unknown (NaN) [mg]."""

coverages = st.one_of(st.floats(min_value=0.0, max_value=1.0), st.just(float("nan")))
"""The known share of an intake [0-1], or NaN when nothing was logged."""


# ---------------------------------------------------------------------------
# Supplements (tests/test_supplements.py)
# ---------------------------------------------------------------------------


def _supplement_form_ids() -> list[str]:
    """Every form_id of the bundled forms table (imported lazily)."""
    from mgcalc.supplements import supplement_forms

    return [str(form_id) for form_id in supplement_forms()["form_id"]]


supplement_form_ids = st.deferred(lambda: st.sampled_from(_supplement_form_ids()))
"""A known magnesium compound, by form_id (``"oxide"``, ``"chloride_hexahydrate"``)."""

supplement_amounts = st.floats(min_value=0.0, max_value=10_000, allow_nan=False)
"""The magnitude of one supplement amount (any of mg, mmol, mEq) [unitless number]."""

magnesium_amount_units = st.sampled_from(["mg", "g", "mmol", "mEq"])
"""A unit a magnesium dose may be given in."""

supplement_uls_mg = st.sampled_from([65.0, 110.0, 250.0, 350.0])
"""A UL for supplemental magnesium: IOM 65 (1-3 y), 110 (4-8 y), 350 (9 y+); SCF/EFSA 250
(nutrition-science.md §1c, §8b) [mg/day]."""

supplemental_mg = st.floats(min_value=0.0, max_value=2_000, allow_nan=False)
"""A day's magnesium from supplements and medications [mg/day]."""


@st.composite
def supplement_ledgers(draw: st.DrawFn, max_rows: int = 30) -> object:
    """A ledger frame for :func:`mgcalc.supplements.supplement_daily`: person_id, date,
    source, magnesium_mg [mg] and calcium_mg [mg, may be NaN]."""
    import pandas as pd

    rows = draw(st.integers(min_value=0, max_value=max_rows))

    def column(values: st.SearchStrategy[object]) -> list[object]:
        return draw(st.lists(values, min_size=rows, max_size=rows))

    maybe_calcium_mg = st.one_of(st.just(float("nan")), st.floats(min_value=0.0, max_value=1_000))
    return pd.DataFrame(
        {
            "person_id": column(st.sampled_from(["p1", "p2", "p3"])),
            "date": column(st.sampled_from(["2026-11-20", "2026-11-21"])),
            "source": column(st.sampled_from(["supplement", "medication"])),
            "magnesium_mg": column(supplemental_mg),
            "calcium_mg": column(maybe_calcium_mg),
        }
    )
