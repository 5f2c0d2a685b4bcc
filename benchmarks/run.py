"""mgcalc's performance harness: the library against a hand-written floor, scenario by scenario.

Run from the repository root (no network is used)::

    python benchmarks/run.py            # full sizes (minutes; figures go in RESULTS.md)
    python benchmarks/run.py --quick    # small sizes, what CI runs so the harness cannot rot
    python benchmarks/run.py --only cohort app

Each scenario runs in its own subprocess (so its peak RSS is its own) and prints one JSON
line with at least ``{"name", "n", "seconds", "baseline_seconds", "ratio", "peak_rss_mb"}``:
``seconds`` is the library, ``baseline_seconds`` the floor or the naive method it is
compared with, timed in the same process on the same data, ``ratio`` their quotient
(library / baseline) and ``peak_rss_mb`` the subprocess's peak resident memory
(``resource.getrusage``, whole process: interpreter, pandas and the food table included).
Extra keys say what the figures mean (``goal``, ``met`` ...).

Scenarios (full size / quick size)
----------------------------------
cohort
    1,000,000 / 20,000 resolved entries (food_id, grams; 10 entries a day) -> daily totals
    with coverage, ratio and UL flags (:func:`mgcalc.cohort.daily_table`), against pandas
    merge + multiply + groupby-sum. Goal: ratio <= 1.5; the library's own peak memory
    (above the RSS before it ran) <= 3x the input frame.
naive
    20,000 / 2,000 entries, the same computation one pint Quantity per entry, against the
    library. Goal: the library >= 100x faster (ratio <= 0.01).
free_text
    100,000 / 1,000 log lines holding 5,000 / 50 distinct texts, parsed and resolved
    (:meth:`FoodLog.from_lines` + :func:`mgcalc.intake.resolve_entries`), against a plain
    rapidfuzz ``extractOne`` over all descriptions per distinct food text (timed on an even
    sample of 200 / 10 texts and scaled linearly: it costs ~30 ms a text). Goal: <= 10 s.
app
    one 5-item meal with food ids through :func:`mgcalc.analyze`, median latency after
    warm-up, against pandas merge + groupby on the same 5 rows. Goal: median <= 2 ms.
import
    ``python -c "import mgcalc"`` against ``python -c "import pandas, pint"``, median of
    interleaved runs. Goal: ratio <= 1.3.
dask
    10,000,000 / 200,000 entries generated lazily partition by partition (the input never
    exists whole) through :func:`mgcalc.cohort.daily_table` on Dask (threads, 2 workers),
    against the floor in Dask. Reports the peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd

SCENARIOS = ("cohort", "naive", "free_text", "app", "import", "dask")

SIZES: dict[str, dict[str, int]] = {
    "full": {
        "cohort": 1_000_000,
        "naive": 20_000,
        "free_text": 100_000,
        "free_text_distinct": 5_000,
        "free_text_baseline_sample": 200,
        "app_repeats": 300,
        "import_runs": 11,
        "dask": 10_000_000,
        "dask_partition": 500_000,
    },
    "quick": {
        "cohort": 20_000,
        "naive": 2_000,
        "free_text": 1_000,
        "free_text_distinct": 50,
        "free_text_baseline_sample": 10,
        "app_repeats": 10,
        "import_runs": 1,
        "dask": 200_000,
        "dask_partition": 50_000,
    },
}

ENTRIES_PER_DAY = 10
DAYS_PER_PERSON = 10


# -- measuring --------------------------------------------------------------------------------
def peak_rss_mb() -> float:
    """Peak resident memory of this process so far [MB] (ru_maxrss is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024.0 if sys.platform != "darwin" else peak / 1024.0 / 1024.0


def _rss_mb() -> float | None:
    """Current resident memory [MB], where /proc tells it."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except OSError:
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6 * (1e6 / 2**20)


def _reset_high_water() -> bool:
    """Reset the kernel's peak-RSS mark (Linux >= 4.0), so the next peak is a step's own."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        return False
    return True


def _high_water_mb() -> float | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


@contextmanager
def own_peak(result: dict[str, float | None]) -> Iterator[None]:
    """Measure the peak memory a block adds above the RSS it started from [MB]."""
    before = _rss_mb()
    reset = _reset_high_water()
    yield
    after = _high_water_mb() if reset else None
    result["peak_above_start_mb"] = (
        None if before is None or after is None else round(after - before, 1)
    )


def timed(function: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Best wall time of ``repeat`` calls [s] (``time.perf_counter``), and the last value."""
    best = float("inf")
    value: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - start)
    return best, value


def line(name: str, n: int, seconds: float, baseline: float, **extra: Any) -> dict[str, Any]:
    """The scenario's JSON record."""
    return {
        "name": name,
        "n": n,
        "seconds": round(seconds, 6),
        "baseline_seconds": round(baseline, 6),
        "ratio": round(seconds / baseline, 4) if baseline > 0 else None,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        **extra,
    }


# -- data ---------------------------------------------------------------------------------------
def _food_ids(n_foods: int = 2000, seed: int = 0) -> np.ndarray:
    """A fixed sample of the bundled foods (some without a magnesium value, as in life)."""
    from mgcalc.foods import FoodTable

    foods = FoodTable.default().foods
    return foods["food_id"].sample(n_foods, random_state=seed).to_numpy(dtype=object)


def cohort_entries(n: int, seed: int = 0, first_person: int = 0) -> pd.DataFrame:
    """``n`` resolved entries: person_id (str), date, food_id (str), grams [g]."""
    rng = np.random.default_rng(seed)
    ids = _food_ids()
    per_person = ENTRIES_PER_DAY * DAYS_PER_PERSON
    n_people = max(1, -(-n // per_person))
    people = np.array([f"p{first_person + i:07d}" for i in range(n_people)], dtype=object)
    days = pd.date_range("2026-01-01", periods=DAYS_PER_PERSON).to_numpy()
    person = np.repeat(people, per_person)[:n]
    date = np.tile(np.repeat(days, ENTRIES_PER_DAY), n_people)[:n]
    return pd.DataFrame(
        {
            "person_id": pd.array(person, dtype="str"),
            "date": date,
            "food_id": pd.array(ids[rng.integers(0, len(ids), n)], dtype="str"),
            "grams": rng.gamma(2.0, 60.0, n),
        }
    )


def pandas_floor(entries: pd.DataFrame, foods: pd.DataFrame) -> pd.DataFrame:
    """The hand-written floor: merge, multiply, groupby-sum."""
    merged = entries.merge(foods, on="food_id", how="left")
    merged["magnesium_mg"] = merged["grams"] * merged["magnesium_mg_per_100g"] / 100.0
    merged["calcium_mg"] = merged["grams"] * merged["calcium_mg_per_100g"] / 100.0
    columns = ["magnesium_mg", "calcium_mg", "grams"]
    return merged.groupby(["person_id", "date"])[columns].sum()


def _nutrient_columns() -> pd.DataFrame:
    from mgcalc.foods import FoodTable

    return FoodTable.default().foods[["food_id", "magnesium_mg_per_100g", "calcium_mg_per_100g"]]


# -- scenarios ------------------------------------------------------------------------------------
def scenario_cohort(size: dict[str, int]) -> dict[str, Any]:
    from mgcalc import cohort
    from mgcalc.foods import FoodTable

    n = size["cohort"]
    table = FoodTable.default()
    foods = _nutrient_columns()
    entries = cohort_entries(n)
    input_mb = float(entries.memory_usage(deep=True).sum()) / 2**20
    cohort.daily_table(entries.head(1000), table)  # warm the caches (food look-up)
    pandas_floor(entries.head(1000), foods)
    memory: dict[str, float | None] = {}
    with own_peak(memory):
        cohort.daily_table(entries, table)
    floor_memory: dict[str, float | None] = {}
    with own_peak(floor_memory):
        pandas_floor(entries, foods)
    seconds, baseline = float("inf"), float("inf")
    for _ in range(5):  # interleaved, so a busy moment of the machine hits both alike
        library_time, daily = timed(lambda: cohort.daily_table(entries, table), 1)
        floor_time, _ = timed(lambda: pandas_floor(entries, foods), 1)
        seconds, baseline = min(seconds, library_time), min(baseline, floor_time)
    own = memory["peak_above_start_mb"]
    return line(
        "cohort", n, seconds, baseline,
        n_days=len(daily),
        input_frame_mb=round(input_mb, 1),
        library_peak_above_start_mb=own,
        baseline_peak_above_start_mb=floor_memory["peak_above_start_mb"],
        library_peak_over_input=None if own is None else round(own / input_mb, 2),
        goal="ratio <= 1.5; library_peak_over_input <= 3",
        met=bool(seconds / baseline <= 1.5 and (own is None or own / input_mb <= 3.0)),
    )  # fmt: skip


def naive_daily(entries: pd.DataFrame, foods: pd.DataFrame) -> dict[tuple[str, Any], Any]:
    """Per-row Python: one pint Quantity per entry, summed per day, flagged per day."""
    from mgcalc.ratio import calcium_magnesium_ratio
    from mgcalc.units import Q_

    per_100g = {
        row.food_id: (row.magnesium_mg_per_100g, row.calcium_mg_per_100g)
        for row in foods.itertuples(index=False)
    }
    days: dict[tuple[str, Any], dict[str, Any]] = {}
    for row in entries.itertuples(index=False):
        mg_100, ca_100 = per_100g.get(row.food_id, (float("nan"), float("nan")))
        grams = Q_(row.grams, "g")
        day = days.setdefault(
            (row.person_id, row.date),
            {"mg": Q_(0.0, "mg"), "ca": Q_(0.0, "mg"), "g": Q_(0.0, "g"), "known": Q_(0.0, "g")},
        )
        day["g"] = day["g"] + grams
        if mg_100 == mg_100:  # known
            magnesium = (grams * Q_(mg_100, "mg") / Q_(100.0, "g")).to("mg")
            day["mg"] = day["mg"] + magnesium
            day["known"] = day["known"] + grams
        if ca_100 == ca_100:
            day["ca"] = day["ca"] + (grams * Q_(ca_100, "mg") / Q_(100.0, "g")).to("mg")
    ul = Q_(350.0, "mg")
    for day in days.values():
        day["coverage"] = (day["known"] / day["g"]).to("dimensionless").magnitude
        day["ratio"] = calcium_magnesium_ratio(day["ca"], day["mg"])
        day["ul_exceeded"] = Q_(0.0, "mg") > ul
    return days


def scenario_naive(size: dict[str, int]) -> dict[str, Any]:
    from mgcalc import cohort
    from mgcalc.foods import FoodTable

    n = size["naive"]
    table = FoodTable.default()
    foods = _nutrient_columns()
    entries = cohort_entries(n, seed=1)
    cohort.daily_table(entries.head(100), table)
    naive_daily(entries.head(100), foods)
    seconds, _ = timed(lambda: cohort.daily_table(entries, table), 5)
    baseline, days = timed(lambda: naive_daily(entries, foods), 1)
    return line(
        "naive", n, seconds, baseline,
        n_days=len(days),
        naive_us_per_entry=round(baseline / n * 1e6, 1),
        speedup=round(baseline / seconds, 1),
        goal="speedup >= 100 (ratio <= 0.01)",
        met=baseline / seconds >= 100.0,
    )  # fmt: skip


FOODS = [
    "almonds", "banana", "black beans", "spinach", "eggs", "milk", "yogurt", "cheddar cheese",
    "cottage cheese", "butter", "olive oil", "peanut butter", "cashews", "walnuts", "pecans",
    "peanuts", "pumpkin seeds", "sunflower seeds", "chia seeds", "flaxseed", "oatmeal",
    "brown rice", "white rice", "quinoa", "whole wheat bread", "white bread", "bagel", "pasta",
    "spaghetti", "granola", "apple", "orange", "orange juice", "strawberries", "blueberries",
    "grapes", "pineapple", "mango", "avocado", "kiwi", "pear", "peach", "prunes", "raisins",
    "broccoli", "kale", "swiss chard", "lettuce", "carrots", "sweet potato", "potato",
    "tomato", "cucumber", "celery", "onion", "green beans", "peas", "edamame", "tofu",
    "soy milk", "lentils", "chickpeas", "hummus", "kidney beans", "chicken breast", "turkey",
    "ground beef", "pork chop", "bacon", "ham", "salmon", "tuna", "sardines", "shrimp", "cod",
    "dark chocolate", "cocoa powder", "coffee", "tea", "beer", "ice cream", "crackers",
    "popcorn", "pizza", "pancakes", "muffin", "molasses", "wheat germ", "bran flakes",
    "buckwheat", "millet", "barley", "rye bread", "corn tortilla", "brazil nuts",
    "hazelnuts", "coconut milk", "almond milk", "kefir", "parmesan", "feta cheese",
    "mushrooms", "zucchini", "cauliflower", "cabbage", "asparagus", "okra", "pumpkin",
    "beets", "halibut", "mackerel", "oysters", "lima beans", "navy beans", "pinto beans",
    "cheerios", "waffles", "sour cream", "cream cheese", "egg white", "raspberries",
]  # fmt: skip
MODIFIERS = [
    "", ", raw", ", cooked", ", boiled", ", roasted", ", baked", ", fresh", ", canned",
    ", frozen", ", dried", ", steamed", ", grilled", " plain", ", organic", ", unsalted",
    ", salted", ", low fat", ", whole", ", sliced", ", chopped",
]  # fmt: skip
AMOUNTS = ["1 cup", "1/2 cup", "2 tbsp", "1 tbsp", "30 g", "100 g", "1 oz", "2 oz", "1", "2"]


def free_text_lines(n: int, n_distinct: int, seed: int = 2) -> tuple[list[str], int]:
    """``n`` log lines drawn from ``n_distinct`` distinct texts; and how many distinct
    food texts (the part that is matched) those hold."""
    rng = np.random.default_rng(seed)
    foods = [f"{food}{modifier}" for modifier in MODIFIERS for food in FOODS]
    distinct = [
        f"{AMOUNTS[i % len(AMOUNTS)]} {foods[(i * 7919) % len(foods)]}" for i in range(n_distinct)
    ]
    n_food_texts = len({text.split(" ", 1)[1] if text[0].isdigit() else text for text in distinct})
    picks = rng.integers(0, n_distinct, n)
    picks[:n_distinct] = np.arange(n_distinct)  # every distinct text occurs
    return [distinct[i] for i in picks], n_food_texts


def scenario_free_text(size: dict[str, int]) -> dict[str, Any]:
    from rapidfuzz import fuzz, process

    from mgcalc.foods import FoodTable
    from mgcalc.intake import resolve_entries
    from mgcalc.log import FoodLog
    from mgcalc.parse import parse_lines
    from mgcalc.resolve import Resolver

    n, n_distinct = size["free_text"], size["free_text_distinct"]
    lines, _ = free_text_lines(n, n_distinct)
    table = FoodTable.default()
    table.search("almonds")  # build the search index outside the timing
    descriptions = table.foods["description"].tolist()

    def library() -> pd.DataFrame:
        log = FoodLog.from_lines(lines, date="2026-11-20")
        return resolve_entries(log.entries, table, Resolver(table))

    start = time.perf_counter()
    entries = library()
    seconds = time.perf_counter() - start
    food_texts = parse_lines(pd.Series(sorted(set(lines)), dtype=object))["food_text"]
    distinct_food_texts = sorted({str(text) for text in food_texts})
    # The plain matcher costs ~30 ms a text: time it on an even sample, scale to them all.
    step = max(1, len(distinct_food_texts) // size["free_text_baseline_sample"])
    sample = distinct_food_texts[::step]
    start = time.perf_counter()
    for text in sample:
        process.extractOne(text, descriptions, scorer=fuzz.WRatio)
    baseline = (time.perf_counter() - start) * len(distinct_food_texts) / len(sample)
    resolved = int((entries["status"] == "resolved").sum())
    return line(
        "free_text", n, seconds, baseline,
        n_distinct_texts=n_distinct,
        n_distinct_food_texts=len(distinct_food_texts),
        ms_per_distinct_text=round(seconds / n_distinct * 1000, 3),
        ms_per_distinct_food_text=round(seconds / len(distinct_food_texts) * 1000, 3),
        share_resolved=round(resolved / n, 3),
        baseline_is="rapidfuzz extractOne(WRatio) over all descriptions, per distinct food "
        f"text (timed on {len(sample)} of them, scaled linearly)",
        goal="seconds <= 10",
        met=seconds <= 10.0,
    )  # fmt: skip


def scenario_app(size: dict[str, int]) -> dict[str, Any]:
    import warnings

    import mgcalc as mg

    table = mg.FoodTable.default()
    foods = table.foods
    known = foods.loc[foods["magnesium_mg_per_100g"].notna(), "food_id"]
    ids = known.sample(5, random_state=3).tolist()
    meal = pd.DataFrame(
        {
            "date": ["2026-11-20"] * 5,
            "meal": ["lunch"] * 5,
            "food": [f"food {i}" for i in range(5)],
            "food_id": ids,
            "amount": [100.0, 30.0, 250.0, 15.0, 80.0],
            "unit": ["g"] * 5,
        }
    )
    log = mg.FoodLog.from_frame(meal)
    person = mg.Person(age=34, sex="female")
    rows = pd.DataFrame({"person_id": "default", "date": pd.Timestamp("2026-11-20"),
                         "food_id": ids, "grams": meal["amount"]})  # fmt: skip
    nutrient_columns = _nutrient_columns()

    def call() -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return mg.analyze(log, person, table=table)

    def latencies(function: Callable[[], object], repeats: int) -> list[float]:
        for _ in range(min(10, repeats)):  # warm-up
            function()
        out = []
        for _ in range(repeats):
            start = time.perf_counter()
            function()
            out.append(time.perf_counter() - start)
        return out

    repeats = size["app_repeats"]
    library = latencies(call, repeats)
    floor = latencies(lambda: pandas_floor(rows, nutrient_columns), repeats)
    per_100g = dict(zip(foods["food_id"], foods["magnesium_mg_per_100g"], strict=True))
    grams = meal["amount"].tolist()
    pairs = list(zip(ids, grams, strict=True))
    python = latencies(lambda: sum(per_100g[i] * g / 100 for i, g in pairs), 50)
    median = statistics.median(library)
    return line(
        "app", 5, median, statistics.median(floor),
        repeats=repeats,
        median_ms=round(median * 1000, 3),
        p95_ms=round(sorted(library)[int(0.95 * (len(library) - 1))] * 1000, 3),
        pandas_floor_median_ms=round(statistics.median(floor) * 1000, 3),
        pure_python_median_ms=round(statistics.median(python) * 1000, 4),
        baseline_is="pandas merge + groupby-sum on the same 5 rows",
        goal="median_ms <= 2",
        met=median <= 0.002,
    )  # fmt: skip


def scenario_import(size: dict[str, int]) -> dict[str, Any]:
    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    ours: list[float] = []
    theirs: list[float] = []
    if size["import_runs"] > 1:  # warm the file system cache
        run("import mgcalc")
        run("import pandas, pint")
    for _ in range(size["import_runs"]):  # interleaved, so drift hits both alike
        ours.append(run("import mgcalc"))
        theirs.append(run("import pandas, pint"))
    seconds, baseline = statistics.median(ours), statistics.median(theirs)
    return line(
        "import", size["import_runs"], seconds, baseline,
        baseline_is='python -c "import pandas, pint"',
        goal="ratio <= 1.3",
        met=seconds / baseline <= 1.3,
    )  # fmt: skip


def _dask_partition(index: int, rows: int, total: int) -> pd.DataFrame:
    """Partition ``index`` of the generated cohort (whole people, distinct per partition)."""
    n = min(rows, total - index * rows)
    first = index * rows // (ENTRIES_PER_DAY * DAYS_PER_PERSON)
    return cohort_entries(n, seed=100 + index, first_person=first)


def scenario_dask(size: dict[str, int]) -> dict[str, Any]:
    import dask
    import dask.dataframe as dd

    from mgcalc import cohort
    from mgcalc.foods import FoodTable

    total, rows = size["dask"], size["dask_partition"]
    n_parts = -(-total // rows)
    table = FoodTable.default()
    foods = _nutrient_columns()
    meta = cohort_entries(0)

    def entries() -> Any:
        return dd.from_map(
            _dask_partition, range(n_parts), rows=rows, total=total, meta=meta,
            enforce_metadata=False,
        )  # fmt: skip

    def library() -> int:
        daily = cohort.daily_table(entries(), table, split_out=max(1, n_parts // 4))
        # len() reduces per partition, so the (large) daily table need not be held whole
        # (map_partitions(len).sum() breaks on dask < 2025.2: the chunks are ints).
        return len(daily)

    def floor() -> int:
        def per_partition(part: pd.DataFrame) -> pd.DataFrame:
            merged = part.merge(foods, on="food_id", how="left")
            merged["magnesium_mg"] = merged["grams"] * merged["magnesium_mg_per_100g"] / 100.0
            merged["calcium_mg"] = merged["grams"] * merged["calcium_mg_per_100g"] / 100.0
            return merged[["person_id", "date", "magnesium_mg", "calcium_mg", "grams"]]

        data = entries().map_partitions(per_partition)
        summed = data.groupby(["person_id", "date"], sort=False).sum(split_out=max(1, n_parts // 4))
        return len(summed)

    with dask.config.set(scheduler="threads", num_workers=2):
        start = time.perf_counter()
        n_days = library()
        seconds = time.perf_counter() - start
        library_peak = peak_rss_mb()
        start = time.perf_counter()
        floor()
        baseline = time.perf_counter() - start
    sample = cohort_entries(10_000)
    per_row = sample.memory_usage(deep=True).sum() / len(sample)
    return line(
        "dask", total, seconds, baseline,
        n_days=n_days,
        n_partitions=n_parts,
        rows_per_partition=rows,
        library_peak_rss_mb=round(library_peak, 1),
        input_if_materialised_mb=round(per_row * total / 2**20, 1),
        scheduler="threads, 2 workers",
        baseline_is="merge + multiply per partition, groupby-sum with the same split_out",
    )  # fmt: skip


RUNNERS: dict[str, Callable[[dict[str, int]], dict[str, Any]]] = {
    "cohort": scenario_cohort,
    "naive": scenario_naive,
    "free_text": scenario_free_text,
    "app": scenario_app,
    "import": scenario_import,
    "dask": scenario_dask,
}


# -- driver ---------------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            for text in info:
                if text.startswith("model name"):
                    cpu = text.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory_gb = None
    try:
        with open("/proc/meminfo") as info:
            memory_gb = round(int(info.readline().split()[1]) / 2**20, 1)
    except OSError:
        pass
    return {
        "name": "machine",
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "date": time.strftime("%Y-%m-%d"),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the scenarios, each in its own subprocess, and print one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (CI)")
    parser.add_argument("--only", nargs="+", choices=SCENARIOS, help="run only these")
    parser.add_argument("--scenario", choices=SCENARIOS, help=argparse.SUPPRESS)
    parser.add_argument("--machine", action="store_true", help="print the machine line first")
    args = parser.parse_args(argv)
    size = SIZES["quick" if args.quick else "full"]
    if args.scenario:  # the child: run one scenario in this process
        print(json.dumps(RUNNERS[args.scenario](size)), flush=True)
        return 0
    if args.machine:
        print(json.dumps(machine()), flush=True)
    failed = 0
    for name in args.only or SCENARIOS:
        command = [sys.executable, os.path.abspath(__file__), "--scenario", name]
        done = subprocess.run(
            [*command, "--quick"] if args.quick else command, capture_output=True, text=True
        )
        if done.returncode != 0:
            failed += 1
            print(json.dumps({"name": name, "error": done.stderr.strip()[-2000:]}), flush=True)
            continue
        print(done.stdout.strip().splitlines()[-1], flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
