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


nutrient_doses = st.tuples(
    st.sampled_from(["magnesium", "calcium", "vitamin_d"]),
    st.floats(min_value=0.0, max_value=3000.0, allow_nan=False),
    st.sampled_from(["supplement", "medication"]),
)
"""A dose of one tracked nutrient: (nutrient, amount [mg], or [µg] for vitamin D, source)."""

supplement_labels = st.sampled_from(
    [
        "Cal-Mag-D: per 2 tablets calcium 500 mg, magnesium 250 mg, vitamin D3 400 IU",
        "Vitamin D3 (as cholecalciferol) 25 mcg (1,000 IU)",
        "Magnesium (as magnesium oxide) 250 mg, 1 tablet twice a day",
        "Calcium (as calcium carbonate) 600 mg; vitamin D3 10 mcg; zinc 5 mg",
        "per 3 tablets magnesium 100 mg",
        "1-2 capsules daily: magnesium 100 mg per capsule",
        "zinc 25 mg",
        "Magnesium 10 mmol",
    ]
)
"""Label texts the label reader reads (tests/test_supplements_label.py)."""


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


# ---------------------------------------------------------------------------------------
# Food logs and their analysis (tests/test_log.py, test_intake.py, test_analysis.py;
# issues 3 and 4). Entries carry an explicit food_id and an amount in g, so properties
# are fast and independent of text matching.
# ---------------------------------------------------------------------------------------

KNOWN_MG_FOODS: tuple[tuple[str, str], ...] = (
    ("sr28:11458", "spinach, boiled"), ("sr28:12063", "almonds, dry roasted"),
    ("sr28:09040", "banana"), ("sr28:16015", "black beans, cooked"),
    ("sr28:20137", "quinoa, cooked"), ("sr28:16426", "tofu, firm"),
    ("sr28:09206", "orange juice"), ("sr28:09050", "blueberries"),
    ("sr28:11091", "broccoli, boiled"), ("sr28:09003", "apple"), ("sr28:01123", "egg"),
    ("sr28:19904", "dark chocolate 70-85%"), ("sr28:01009", "cheddar cheese"),
    ("sr28:01019", "feta cheese"), ("sr28:11233", "kale, raw"), ("sr28:11205", "cucumber"),
    ("sr28:43217", "tomato sauce"), ("sr28:11012", "asparagus, cooked"),
    ("sr28:22904", "chili con carne"), ("sr28:09037", "avocado"),
    ("sr28:11363", "baked potato"), ("sr28:09200", "orange"), ("sr28:15126", "tuna in water"),
    ("sr28:20127", "spinach spaghetti"), ("fndds:56205011", "brown rice, cooked"),
    ("fndds:11112110", "2% milk"), ("fndds:11411200", "low fat yogurt"),
    ("fndds:43108010", "chia seeds"), ("fndds:41420020", "edamame"),
    ("fndds:42202000", "peanut butter"), ("fndds:43101150", "pumpkin seeds"),
    ("fndds:42104050", "cashews"), ("fndds:41302040", "chickpeas"),
    ("fndds:51300110", "whole wheat bread"),
)  # fmt: skip
"""Real foods of the bundled table with known magnesium and calcium [mg/100 g] and at
least one household portion: (food_id, a name to log them by)."""

UNKNOWN_MG_FOODS: tuple[tuple[str, str], ...] = (
    ("sr28:14099", "pinot noir"),  # SR28 reports neither magnesium nor calcium
    ("sr28:04145", "mayonnaise"),  # SR28 reports calcium but no magnesium
)
"""Real SR28 foods whose magnesium is blank (unknown, never zero)."""

known_mg_foods = st.sampled_from(KNOWN_MG_FOODS)
"""One (food_id, name) of :data:`KNOWN_MG_FOODS`."""

unknown_mg_foods = st.sampled_from(UNKNOWN_MG_FOODS)
"""One (food_id, name) of :data:`UNKNOWN_MG_FOODS`."""

entry_grams = st.floats(min_value=0.5, max_value=1_000, allow_nan=False, allow_infinity=False)
"""The weight of one logged food [g]."""

log_dates = st.sampled_from(["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19"])
"""A day of a log (ISO date)."""

log_meals = st.sampled_from(["breakfast", "lunch", "dinner", "snack"])
"""A meal name."""


@st.composite
def food_entry_rows(
    draw: st.DrawFn,
    min_size: int = 1,
    max_size: int = 12,
    dates: st.SearchStrategy[str] = log_dates,
    foods: st.SearchStrategy[tuple[str, str]] = known_mg_foods,
) -> list[dict[str, object]]:
    """Rows for :meth:`mgcalc.FoodLog.from_frame`: food (a name), food_id, amount [g],
    unit ``"g"``, date and meal."""
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    rows: list[dict[str, object]] = []
    for _ in range(n):
        food_id, name = draw(foods)
        rows.append(
            {"date": draw(dates), "meal": draw(log_meals), "food": name, "food_id": food_id,
             "amount": draw(entry_grams), "unit": "g"}
        )  # fmt: skip
    return rows


def log_of(rows: list[dict[str, object]]) -> object:
    """A :class:`mgcalc.FoodLog` of rows drawn by :func:`food_entry_rows` (or none)."""
    import pandas as pd

    from mgcalc.log import FoodLog

    if not rows:
        return FoodLog()
    return FoodLog.from_frame(pd.DataFrame(rows))


_log_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda s: s.strip() == s and s != "")
"""Food text as a person types it: any printable characters, no edge spaces."""


@st.composite
def saved_logs(draw: st.DrawFn) -> object:
    """A :class:`mgcalc.FoodLog` built with ``add``, ``add_supplement`` and ``pin``: varied
    texts, optional meal/time/food_id/amount/unit, elemental and compound doses, pins."""
    from mgcalc.log import FoodLog

    log = FoodLog()
    people = st.sampled_from(["default", "p1", "participant 2"])
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        with_amount = draw(st.booleans())
        log.add(
            draw(_log_text),
            date=draw(log_dates),
            meal=draw(st.one_of(st.none(), log_meals)),
            time=draw(st.one_of(st.none(), st.sampled_from(["07:30", "12:00", "19:45"]))),
            food_id=draw(st.one_of(st.none(), known_mg_foods.map(lambda f: f[0]))),
            amount=draw(entry_grams) if with_amount else None,
            unit=draw(st.sampled_from(["g", "oz", "cup", "medium"])) if with_amount else None,
            person_id=draw(people),
        )
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        compound = draw(st.booleans())
        log.add_supplement(
            draw(st.sampled_from(["magnesium glycinate", "antacid", "Cal-Mag", "Mg tablet"])),
            amount=f"{draw(st.integers(min_value=1, max_value=800))} mg",
            basis="compound" if compound else "elemental",
            form=draw(st.sampled_from(["oxide", "citrate"])) if compound else None,
            nutrient="magnesium",  # 0.2: "antacid", "Cal-Mag" do not say which (issue 13)
            source=draw(st.sampled_from(["supplement", "medication"])),
            servings_per_day=draw(st.sampled_from([1.0, 2.0, 0.5])),
            date=draw(log_dates),
            person_id=draw(people),
        )
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        log.pin(draw(_log_text), draw(known_mg_foods)[0])
    return log


# ---------------------------------------------------------------------------
# Importers (tests/test_importers.py): Cronometer-like servings tables
# ---------------------------------------------------------------------------

CRONOMETER_FOOD_NAMES = (
    "Almonds",
    "Banana, Raw",
    "Coffee, Brewed",
    "Greek Yogurt, Plain, Nonfat",
    "Spinach, Cooked, Boiled, Drained",
    "Trader Joe's Mandarin Orange Chicken",
    "Kirkland Protein Bar",
    "Oatmeal, Cooked with Water",
)
"""Food names for generated Cronometer rows (a few, so matching stays cheap)."""

_maybe_cell_mg = st.one_of(
    st.none(), st.floats(min_value=0.0, max_value=800.0, allow_nan=False).map(lambda v: round(v, 2))
)


@st.composite
def cronometer_tables(draw: st.DrawFn, max_rows: int = 25) -> list[dict[str, object]]:
    """Rows of a Cronometer servings export: Day, Group, Food Name, Amount, Magnesium (mg),
    Calcium (mg) [mg per entry; None = a blank cell], optionally Time and Category."""
    n = draw(st.integers(min_value=1, max_value=max_rows))
    rows = []
    for _ in range(n):
        rows.append(
            {
                "Day": draw(st.sampled_from(["2025-06-28", "2025-6-29", "2025-06-30"])),
                "Time": draw(st.sampled_from(["", "05:17", "9:51 AM", "12:30 PM", "23:59"])),
                "Group": draw(st.sampled_from(["Breakfast", "Lunch", "Dinner", "Snacks", ""])),
                "Food Name": draw(st.sampled_from(CRONOMETER_FOOD_NAMES)),
                "Amount": draw(st.sampled_from(["28.00 g", "1.00 medium", "1.00 x 0.75 cup"])),
                "Magnesium (mg)": draw(_maybe_cell_mg),
                "Calcium (mg)": draw(_maybe_cell_mg),
                "Category": draw(st.sampled_from(["", "Dairy and Egg Products", "Snacks"])),
            }
        )
    return rows


def entries_frame(rows: list[dict[str, object]]) -> object:
    """An entries frame (:data:`mgcalc.log.ENTRY_COLUMNS`) built directly from rows of
    :func:`food_entry_rows` (plus an optional ``person_id``): properties call
    ``resolve_entries``/``analyze`` hundreds of times, and this skips ``from_frame``.
    Wrap it as ``FoodLog(entries_frame(rows))`` for :func:`mgcalc.analyze`."""
    import numpy as np
    import pandas as pd

    from mgcalc.log import ENTRY_COLUMNS

    n = len(rows)
    frame = pd.DataFrame(
        {
            "entry_id": np.arange(1, n + 1),
            "person_id": [row.get("person_id", "default") for row in rows],
            "date": pd.to_datetime([row["date"] for row in rows]),
            "meal": [row.get("meal") for row in rows],
            "time": [None] * n,
            "text": [row["food"] for row in rows],
            "food_id": [row.get("food_id") for row in rows],
            "amount": [np.nan if row.get("amount") is None else row["amount"] for row in rows],
            "unit": [row.get("unit") for row in rows],
            "source": ["test"] * n,
            "reported_grams": np.nan,
            "reported_magnesium_mg": np.nan,
            "reported_calcium_mg": np.nan,
            "reported_vitamin_d_ug": np.nan,
            "reported_energy_kcal": np.nan,
            "reported": False,
        },
        columns=list(ENTRY_COLUMNS),
    )
    return frame.astype(ENTRY_COLUMNS)


# -- cohort (mgcalc.cohort): per-entry nutrients frames, for the aggregation laws -------------
@st.composite
def nutrient_entries(draw: st.DrawFn, max_rows: int = 40) -> object:
    """Entries with person_id, date, meal (some missing), grams (some unknown),
    magnesium_mg and calcium_mg (some unknown, some known without grams, as reported
    values are) and status: the input of :func:`mgcalc.cohort.totals`."""
    import numpy as np
    import pandas as pd

    n = draw(st.integers(min_value=0, max_value=max_rows))
    maybe = st.one_of(st.just(float("nan")), st.floats(min_value=0.0, max_value=2_000.0))
    # no subnormal grams (below 2.2e-308 g): the group-mean fill of the spelled-out
    # definition in the tests underflows to 0 g on them (mean of 0 and 5e-324 g)
    maybe_grams = st.one_of(
        st.just(float("nan")),
        st.floats(min_value=0.0, max_value=2_000.0, allow_subnormal=False),
    )
    grams = [draw(maybe_grams) for _ in range(n)]
    magnesium = [draw(maybe) for _ in range(n)]
    calcium = [draw(maybe) for _ in range(n)]
    return pd.DataFrame(
        {
            "person_id": pd.array(
                [draw(st.sampled_from(["a", "b", "c"])) for _ in range(n)], dtype="str"
            ),
            "date": pd.to_datetime([draw(log_dates) for _ in range(n)]),
            "meal": pd.Series([draw(st.sampled_from(["lunch", "dinner", None])) for _ in range(n)],
                              dtype=object),
            "grams": np.array(grams, dtype=float),
            "magnesium_mg": np.array(magnesium, dtype=float),
            "calcium_mg": np.array(calcium, dtype=float),
            "status": np.where(np.isnan(np.array(grams, dtype=float)), "unresolved", "resolved"),
        }
    )  # fmt: skip


# -- water and recipes (issue 17: tests/test_water.py, tests/test_recipes.py) -----------------
import csv as _csv  # noqa: E402 - this block is appended to a shared file
from pathlib import Path as _Path  # noqa: E402

_DATA = _Path(__file__).resolve().parents[1] / "data"
WATER_IDS = tuple(
    row["id"] for row in _csv.DictReader((_DATA / "waters.csv").open(encoding="utf-8"))
)
"""Every water of the bundled table, by id (read from the CSV, not through mgcalc)."""

table_water_ids = st.sampled_from(WATER_IDS)
"""Any water of the bundled table."""

water_litres = st.floats(min_value=0.0, max_value=5.0, allow_nan=False, allow_infinity=False)
"""A day's drink of water [L]: none to five litres."""

elemental_doses_mg = st.floats(
    min_value=0.0, max_value=1_000.0, allow_nan=False, allow_infinity=False
)
"""An elemental magnesium dose of a supplement or medication [mg], around the 350 mg UL."""

RECIPE_FOOD_IDS = (
    "sr28:23562", "sr28:11352", "sr28:11282", "sr28:11124", "sr28:11215", "sr28:11312",
    "sr28:11531", "sr28:06170", "sr28:01079", "sr28:01001", "sr28:01009", "sr28:02030",
)  # fmt: skip
"""USDA SR28 foods whose magnesium, calcium, vitamin D and energy are all reported (the
bundled casserole's ingredients)."""

recipe_ingredients = st.lists(
    st.tuples(
        st.sampled_from(RECIPE_FOOD_IDS),
        st.floats(min_value=0.5, max_value=1_000.0, allow_nan=False).map(lambda g: round(g, 2)),
    ),
    min_size=1,
    max_size=8,
)
"""Ingredient lines as (pinned food id, grams [g])."""

_one_line_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
    max_size=40,
).filter(lambda t: bool(t.strip()))  # fmt: skip
recipe_names = _one_line_text.filter(lambda t: any(c.isascii() and c.isalnum() for c in t))
"""A recipe name: one line, with an ASCII letter or digit (its id's slug)."""

recipe_aliases = st.lists(_one_line_text.filter(lambda t: ";" not in t), max_size=3)
"""Aliases: one-line texts without ';'."""

recipe_notes = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    max_size=60,
)
"""A free-text note (line breaks allowed)."""

recipe_servings = st.floats(min_value=0.01, max_value=1_000.0, allow_nan=False)
cooked_weights_g = st.one_of(
    st.none(), st.floats(min_value=0.1, max_value=100_000.0, allow_nan=False)
)


COMPOSITE_LINES = (
    "coffee with milk",
    "2 slices whole wheat toast with butter",
    "baked beans on toast",
    "oatmeal with banana and honey",
    "1 cup corn flakes with milk",
    "toast with qqqzzz",  # one part cannot be resolved
)
"""Composite diary lines (issue #12): each becomes one entry per component."""

diary_lines = st.sampled_from(
    (*COMPOSITE_LINES, "1 oz almonds", "1 cup spinach, boiled", "a handful of walnuts",
     "chicken curry with rice", "qqqzzz")
)  # fmt: skip
"""Lines of a diary, some composite, some one food, some not resolvable."""
# ---------------------------------------------------------------------------------------
# Hostile and careless input (tests/fuzz; issue 18): what a user, a spreadsheet or another
# program may hand to mgcalc. Each strategy mixes plausible values (so that the deeper
# code is reached) with hostile ones: any code point (lone surrogates, controls, bidi
# marks), numbers that overflow, amounts that are expressions, dates out of range or with
# offsets, cells of the wrong type, over-long lines, and files that are truncated,
# re-encoded or not what their name says.
# ---------------------------------------------------------------------------------------
import datetime as _dt  # noqa: E402 - this block is appended to a shared file
import decimal as _decimal  # noqa: E402
import fractions as _fractions  # noqa: E402

any_characters = st.characters(exclude_categories=[])
"""Any code point: controls, private use, unassigned, lone surrogates."""

HOSTILE_PIECES: tuple[str, ...] = (
    "",
    " ",
    "  ",
    "\x00",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\x0b",
    "\x1b[31m",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\u202e",
    "\u2028",
    "\ud800",
    "\udfff",
    "=",
    "+",
    "-",
    "@",
    "'",
    '"',
    ",",
    ";",
    "(",
    ")",
    "[",
    "/",
    "⁄",
    "*",
    "**",
    "^",
    "x",
    "×",
    "~",
    "%",
    "½",
    "⅜",
    "١٢",
    "𝟑",
    "Ⅻ",
    "é",
    "ß",
    "ǅ",
    "🥬",
    "ｓｐｉｎａｃｈ",
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=cmd|' /C calc'!A0",
    "\r=1+1",
    " =1+1",
    "\u00a0=1+1",
    "\n=1+1",
    '=HYPERLINK("http://x")',
    "<script>alert(1)</script>",
    "{{7*7}}",
    "${jndi:x}",
    "%s%n",
    "Robert'); DROP TABLE foods;--",
    "../../etc/passwd",
)
"""Fragments that have broken text handling somewhere: controls, invisible and bidi marks,
lone surrogates, formula and markup injections, digits of other scripts."""

HOSTILE_AMOUNTS: tuple[str, ...] = (
    "1",
    "0",
    "2",
    "30",
    "-3",
    "−3",
    "- 3",
    "1/2",
    "1/0",
    "0/0",
    "2/(0)",
    "1 1/2",
    "½",
    "1½",
    "1,5",
    "1,000",
    "1.5",
    ".5",
    "1.",
    "1e3",
    "1E-5",
    "1e308",
    "1e309",
    "1e-400",
    "1e99999",
    "9**9**9",
    "10**400",
    "**2**3",
    "2*3",
    "1-2",
    "2 to 3",
    "3 or 4",
    "Infinity",
    "-inf",
    "inf",
    "nan",
    "NaN",
    "-0",
    "a",
    "an",
    "half",
    "a dozen",
    "1e308 dozen",
    "1e300 dozen",
    "99999999999999999999",
    "1" + "0" * 400,
    "about 2",
    "~3",
    "lots of",
    "some",
    "0x10",
    "1_000",
    "١٢",
    "𝟑",
    "Ⅻ",
    "²",
    "1 and a half",
    "a couple of",
    "12.5.3",
    "1/2/3",
    "1,2,3",
)
"""Amounts as typed, hostile ones included: expressions, overflows, vague words."""

HOSTILE_UNITS: tuple[str, ...] = (
    "g",
    "grams",
    "kg",
    "mg",
    "Mg",
    "MG",
    "oz",
    "lb",
    "cup",
    "cups",
    "c",
    "T",
    "t",
    "tbsp",
    "tsp",
    "fl oz",
    "ml",
    "l",
    "large",
    "medium slice",
    "slices",
    "each",
    "x",
    "volts",
    "V",
    "parsec",
    "mmol",
    "mEq",
    "IU",
    "mcg",
    "µg",
    "kcal",
    "%",
    "percent",
    "megagram",
    "Mg/dL",
    "g/",
    "mg**2",
    "kg*kg",
    "cup^2",
    "meter",
    "hours",
    "inch",
    "m",
    "°C",
    "",
)
"""Units as typed: food units, dose units, units of other things and broken spellings."""

HOSTILE_FOODS: tuple[str, ...] = (
    "almonds",
    "almonds, dry roasted",
    "spinach, boiled",
    "milk (2%)",
    "eggs",
    "large eggs",
    "banana",
    "brown rice",
    "peanut butter",
    "dark chocolate 70-85%",
    "7up",
    "m&ms",
    "water",
    "magnesium glycinate",
    "grandma's casserole",
    "Spinach",
    "SPINACH",
    "spinach \ud800",
    "ｓｐｉｎａｃｈ",
    "épinards",
    "菠菜",
    "шпинат",
    "spinach\x00",
    "spin\u200bach",
)
"""Food texts: known foods, unknown ones, other scripts and broken characters."""

_runs = st.builds(
    lambda piece, n, tail: piece * n + tail,
    st.sampled_from(
        [
            "(",
            "-",
            " ",
            "1",
            "1 ",
            "a",
            "(1",
            "1/",
            "½",
            "x2 ",
            "rice ",
            ",",
            "\u00a0",
            "1,",
            "1.",
            "e",
            "1e",
            "\t",
            "a ",
        ]
    ),
    st.one_of(st.integers(0, 200), st.sampled_from([9_999, 10_000, 10_001, 12_000])),
    st.sampled_from(["", "x", "1", "g almonds", " almonds", ")"]),
)
"""Long runs of one piece (``"(" * 10_000``): quadratic regexes and the line limit."""

PLAUSIBLE_AMOUNTS: tuple[str, ...] = ("1", "2", "1/2", "½", "1 1/2", "30", "100", "1.5", "0")
PLAUSIBLE_UNITS: tuple[str, ...] = ("g", "cup", "cups", "oz", "tbsp", "large", "slices", "")

plausible_lines = st.tuples(
    st.sampled_from(PLAUSIBLE_AMOUNTS),
    st.sampled_from(PLAUSIBLE_UNITS),
    st.sampled_from(HOSTILE_FOODS[:11]),
).map(lambda t: " ".join(part for part in t if part))
"""A line as most people type it (``"1/2 cup spinach, boiled"``): known foods, usual units."""

hostile_lines = st.one_of(
    plausible_lines,
    st.text(any_characters, max_size=40),
    st.lists(
        st.one_of(
            st.sampled_from(HOSTILE_AMOUNTS),
            st.sampled_from(HOSTILE_UNITS),
            st.sampled_from(HOSTILE_FOODS),
            st.sampled_from(HOSTILE_PIECES),
            st.text(any_characters, max_size=4),
        ),
        max_size=7,
    ).map(" ".join),
    st.tuples(
        st.sampled_from(HOSTILE_AMOUNTS),
        st.sampled_from(HOSTILE_UNITS),
        st.sampled_from(HOSTILE_FOODS),
        st.sampled_from(["", " ", "  "]),
    ).map(lambda t: f"{t[0]}{t[3]}{t[1]} {t[2]}"),
    _runs,
)
"""A free-text log line as a person, a paste or an attacker may type it."""

hostile_floats = st.one_of(
    st.floats(),
    st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, 1e15, 1e16, 100_000.0, 100_000.1]),
)
"""Any float: NaN, ±inf, subnormals, the largest finite ones."""

hostile_numbers = st.one_of(
    hostile_floats,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(
        [
            True,
            False,
            None,
            "30",
            "1e309",
            "",
            "nan",
            _decimal.Decimal("1e400"),
            _fractions.Fraction(1, 3),
            complex(1, 1),
            [1.0],
            (2,),
            {"a": 1},
            b"30",
        ]
    ),
    st.deferred(lambda: _numpy_scalars),
)
"""A value where a number is expected: any float or int, numpy scalars, and wrong types."""


def _numpy_scalar(value: float, kind: str) -> object:
    import numpy as np

    with np.errstate(all="ignore"):
        return {"f8": np.float64, "f4": np.float32, "i8": np.int64, "u1": np.uint8}[kind](
            value
            if kind.startswith("f")
            else int(max(0, min(value, 255)))
            if kind == "u1"
            else int(max(-(2**62), min(value, 2**62)))
        )


_numpy_scalars = st.builds(
    _numpy_scalar,
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)
    | st.sampled_from([float("nan"), float("inf")]),
    st.sampled_from(["f8", "f4", "i8", "u1"]),
)

VALID_DATES: tuple[str, ...] = ("2026-11-20", "2026-11-21", "2025-06-28", "11/20/2026")

hostile_dates = st.one_of(
    st.sampled_from(
        [
            *VALID_DATES,
            "2026-13-45",
            "9999-12-31",
            "0001-01-01",
            "1899-12-31",
            "2101-01-01",
            "2026-01-01T23:30-08:00",
            "2026-01-01T10:00+01:00",
            "2026-01-01T10:00:00Z",
            "2026-02-30",
            "20/11/2026",
            "11/20/26",
            "20.11.2026",
            "Nov 20 2026",
            "today",
            "",
            " ",
            "NaT",
            "nan",
            "None",
            "2026-11-20\x00",
            "２０２６-１１-２０",
            "٢٠٢٦-١١-٢٠",
        ]
    ),
    st.dates(min_value=_dt.date(1, 1, 1)),
    st.datetimes(timezones=st.sampled_from([None, _dt.UTC, _dt.timezone(_dt.timedelta(hours=-8))])),
    st.text(any_characters, max_size=12),
    hostile_numbers,
)
"""A date cell: ISO and local spellings, impossible and far dates, offsets, datetimes of
any year with and without a time zone, text and numbers."""

hostile_cells = st.one_of(
    hostile_lines,
    hostile_numbers,
    hostile_dates,
    st.sampled_from(HOSTILE_PIECES),
    st.binary(max_size=6),
)
"""Any cell of a table: text, numbers, dates, bytes, wrong types."""

_FRAME_COLUMNS: tuple[object, ...] = (
    "date",
    "food",
    "text",
    "amount",
    "unit",
    "meal",
    "kind",
    "person_id",
    "food_id",
    "time",
    "basis",
    "form",
    "reported_grams",
    "reported_magnesium_mg",
    "reported_calcium_mg",
    "reported",
    "entry_id",
    "Day",
    "Food Name",
    "Date",
    "",
    " date ",
    "FOOD",
    0,
    None,
    1.5,
)
_PLAIN_CELLS: dict[object, st.SearchStrategy[object]] = {
    "date": st.sampled_from(VALID_DATES),
    "food": st.sampled_from(HOSTILE_FOODS[:12]),
    "text": st.sampled_from(HOSTILE_FOODS[:12]),
    "amount": st.sampled_from([1, 30, 1.5, "30 g", "1/2 cup", "2", None]),
    "unit": st.sampled_from(["g", "cup", "oz", None, "mg"]),
    "kind": st.sampled_from(["food", "supplement", "medication", "water", None]),
    "basis": st.sampled_from(["elemental", "compound", None]),
    "form": st.sampled_from(["oxide", "glycinate", "citrate", None]),
}


@st.composite
def hostile_frames(draw: st.DrawFn, max_rows: int = 5) -> object:
    """A DataFrame a user may pass as a log: the usual columns (most of the time), others,
    hostile names (duplicates, numbers, blanks), plausible or hostile cells, and hostile
    dtypes (strings, Arrow strings, categories, nullable ints, tz-aware datetimes)."""
    import numpy as np
    import pandas as pd

    usual = draw(st.booleans()) or draw(st.booleans())
    names: list[object] = ["date", "food"] if usual else []
    names += draw(st.lists(st.sampled_from(_FRAME_COLUMNS), max_size=5))
    n = draw(st.integers(0, max_rows))
    hostility = draw(st.sampled_from([0, 0, 1, 3]))  # hostile cells per ten: none, some, many
    data = {}
    for position, name in enumerate(names):
        plain = _PLAIN_CELLS.get(name, st.sampled_from(["x", 1.0, None]))
        data[position] = [
            draw(hostile_cells if draw(st.integers(0, 9)) < hostility else plain) for _ in range(n)
        ]
    frame = pd.DataFrame(data, dtype=object)  # pandas' inference refuses lone surrogates
    frame.columns = names
    index = draw(st.sampled_from(["range", "duplicated", "text"]))
    if index == "duplicated" and n:
        frame.index = [0] * n
    elif index == "text" and n:
        frame.index = [f"r{i}" for i in range(n)]
    for position in range(len(names)):
        dtype = draw(
            st.sampled_from(
                [
                    "object",
                    "object",
                    "object",
                    "object",
                    "str",
                    "string",
                    "category",
                    "Int64",
                    "float64",
                    "datetime64[ns, UTC]",
                ]
            )
        )
        if dtype == "object":
            continue
        try:
            with np.errstate(all="ignore"):
                converted = frame.iloc[:, position].astype(dtype)
        except Exception:  # a conversion the values do not allow: keep them as they are
            continue
        frame.isetitem(position, converted)
    return frame


def _mutate_csv(text: str, draw: st.DrawFn) -> bytes:
    """A CSV text with hostile edits: a cell replaced, rows dropped or repeated, a line cut,
    then encoded (UTF-8, with BOM, UTF-16, Latin-1) and maybe truncated or garbled."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2, 3]))):  # most files keep their cells
        if not rows:
            break
        i = draw(st.integers(0, len(rows) - 1))
        if not rows[i]:
            continue
        j = draw(st.integers(0, len(rows[i]) - 1))
        rows[i][j] = str(draw(hostile_cells))
    operation = draw(st.sampled_from(["none"] * 6 + ["drop", "repeat", "header_only", "empty"]))
    if operation == "drop" and len(rows) > 1:
        del rows[draw(st.integers(1, len(rows) - 1))]
    elif operation == "repeat" and len(rows) > 1:
        rows.append(rows[-1])
    elif operation == "header_only":
        rows = rows[:1]
    elif operation == "empty":
        rows = []
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"]))).writerows(rows)
    encoding = draw(st.sampled_from(["utf-8"] * 5 + ["utf-8-sig", "utf-16", "latin-1"]))
    raw = out.getvalue().encode(encoding, errors="surrogatepass" if "8" in encoding else "replace")
    if draw(st.integers(0, 7)) == 0 and raw:
        raw = raw[: int(len(raw) * draw(st.floats(0, 1)))]  # the cut, as a share
    if draw(st.integers(0, 6)) == 0:
        at = int(len(raw) * draw(st.floats(0, 1)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    return raw


@st.composite
def hostile_csv_files(draw: st.DrawFn, samples: tuple[str, ...]) -> bytes:
    """The bytes of a CSV file: one of ``samples`` (paths under ``tests/data``) with hostile
    edits, or bytes that are no CSV at all."""
    from pathlib import Path

    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=64))
    path = Path(__file__).parent / "data" / draw(st.sampled_from(samples))
    return _mutate_csv(path.read_bytes().decode("utf-8-sig", errors="replace"), draw)


@st.composite
def hostile_xlsx_files(draw: st.DrawFn) -> bytes:
    """The bytes of an .xlsx workbook: a log sheet with hostile cells, maybe truncated or
    garbled; or bytes that are no workbook."""
    import io

    import openpyxl

    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=64))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["date", "meal", "food", "amount", "unit"])
    for _ in range(draw(st.integers(0, 4))):
        row = [
            draw(st.one_of(st.sampled_from(VALID_DATES), hostile_dates)),
            "lunch",
            draw(st.sampled_from(HOSTILE_FOODS[:12])),
            draw(st.sampled_from([30, 1.5, "30 g", None])),
            draw(st.sampled_from(["g", None])),
        ]
        if draw(st.booleans()):
            row[draw(st.integers(0, 4))] = draw(hostile_cells)
        cells = []
        for cell in row:
            if isinstance(cell, str):  # what openpyxl can store: no surrogates, no controls
                cell = "".join(c for c in cell if c.isprintable() and not 0xD800 <= ord(c) < 0xE000)
            elif not isinstance(cell, int | float | _dt.date | type(None)) or (
                isinstance(cell, _dt.datetime) and cell.tzinfo is not None
            ):
                cell = str(cell)
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    raw = buffer.getvalue()
    if draw(st.integers(0, 7)) == 0:
        raw = raw[: int(len(raw) * draw(st.floats(0, 1)))]  # the cut, as a share
    return raw


_json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(),
        st.text(max_size=8),
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def hostile_log_json(draw: st.DrawFn) -> str:
    """The text of a saved log (:meth:`FoodLog.to_json`) with a hostile edit: a field of a
    row or of the top level replaced by any JSON, a key dropped, deep nesting, truncation,
    or any JSON at all."""
    import json

    kind = draw(
        st.sampled_from(
            ["valid", "valid", "edit_row", "edit_row", "edit_top", "drop", "nest", "cut", "any"]
        )
    )
    if kind == "any":
        return json.dumps(draw(_json_values))
    if kind == "nest":
        depth = draw(st.sampled_from([10, 1_000, 100_000]))
        return '{"format": "mgcalc.FoodLog/1", "entries": ' + "[" * depth + "]" * depth + "}"
    payload = {
        "format": "mgcalc.FoodLog/1",
        "entries": [
            {
                "entry_id": 1,
                "person_id": "default",
                "date": "2026-11-20",
                "meal": "lunch",
                "time": None,
                "text": "1 oz almonds",
                "food_id": None,
                "amount": None,
                "unit": None,
                "source": "text",
                "reported_grams": None,
                "reported_magnesium_mg": None,
                "reported_calcium_mg": None,
                "reported_vitamin_d_ug": None,
                "reported_energy_kcal": None,
                "reported": False,
            },
        ],
        "supplements": [
            {
                "entry_id": 2,
                "person_id": "default",
                "date": "2026-11-20",
                "time": None,
                "product": "magnesium glycinate",
                "form": "glycinate",
                "dose": "200 mg",
                "basis": "elemental",
                "source": "supplement",
                "magnesium_mg": 200.0,
                "calcium_mg": None,
                "vitamin_d_ug": None,
            },
        ],
        "pins": {"almonds": "sr28:12063"},
    }
    hostile = st.one_of(_json_values, hostile_numbers.filter(_is_json_number), hostile_lines)
    if kind == "edit_row":
        part = draw(st.sampled_from(["entries", "supplements"]))
        key = draw(st.sampled_from(sorted(payload[part][0])))  # type: ignore[index]
        payload[part][0][key] = draw(hostile)  # type: ignore[index]
    elif kind == "edit_top":
        payload[draw(st.sampled_from(["format", "entries", "supplements", "pins"]))] = draw(hostile)
    elif kind == "drop":
        del payload[draw(st.sampled_from(["format", "entries", "supplements", "pins"]))]
    text = json.dumps(payload, ensure_ascii=draw(st.booleans()))
    if kind == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    return text


def _is_json_number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)) or value is None
