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
    grams = [draw(maybe) for _ in range(n)]
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
