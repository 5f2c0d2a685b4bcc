"""mgcalc's performance harness: what a user pays, scenario by scenario, against a stated floor.

Run from the repository root (no network is used)::

    python benchmarks/run.py --machine        # full sizes, a few minutes; figures go in RESULTS.md
    python benchmarks/run.py --full           # also the 10,000,000-entry cohort
    python benchmarks/run.py --quick          # small sizes, what CI runs so the harness cannot rot
    python benchmarks/run.py --only app cohort_1m

Every scenario runs in its own subprocess (so its memory is its own) and prints one JSON line
per figure with at least::

    name, n, seconds, baseline_seconds, ratio, min, median, max,
    baseline_min, baseline_median, baseline_max, runs, peak_rss_mb, goal, met

``seconds`` is the library's median [s] and ``min``/``median``/``max`` its spread over
``runs``; ``baseline_*`` the same for the floor it is compared with, measured in the same
process (or as the same kind of process) on the same data, the two *interleaved* run by run
so that a busy moment of the (shared) machine hits both alike. ``ratio`` is
``seconds / baseline_seconds``; where the runs pair up, ``pair_ratio_*`` give the spread of
the run-by-run ratios. ``cpu_*`` and ``baseline_cpu_*`` are the CPU times of the same runs
[s] (``time.process_time``, or the kernel's accounting of a whole process) and ``cpu_ratio``
their ratio: on a shared machine wall time includes the time other jobs held the CPU, CPU
time does not. ``peak_rss_mb`` is the peak resident memory of the process that ran the
library [MiB]. ``goal`` states the target (from issue 14) and ``met`` whether this run met
it on wall-clock medians (``null`` where there is no goal); ``met_on_cpu`` says the same on
CPU medians where a goal is a time. Extra keys say what the figures mean.

Scenarios (full size / quick size)
----------------------------------
app (lines ``app_warm``, ``app_cold_text``, ``estimate_seen``, ``estimate_unseen``)
    ``mg.analyze(mg.FoodLog.from_lines(5 typed lines, date=...), person)``, building the log
    and matching inside the timer. *Warm*: the same 5 texts every call (the shared match
    cache on). *Cold text*: 5 texts the process has never seen, every call. Floor: a
    pure-Python computation of the same totals (a regex for the amount, dict look-ups of the
    food and of grams per unit, grams x mg/100 g, sums, the Ca:Mg ratio), asserted equal to
    mgcalc's totals on every call. ``estimate()`` of a seen line and of unseen lines against
    the same floor on one line. Goals: warm median <= 30x the floor; seen estimate <= 0.3 ms,
    unseen <= 1 ms; cold-text meal <= 5 ms (5 unseen lines at the unseen-estimate goal).
first_use (lines ``first_use_estimate``, ``first_use_analyze``, ``first_use_cli``, ``import``)
    Whole fresh processes, interleaved round by round (7 rounds after one warm-up round / 1 round):
    ``python -c "import mgcalc as mg; mg.estimate('1 oz almonds')"``, a 5-line ``analyze``,
    the shell command ``mgcalc estimate "1 oz almonds"`` and ``python -c "import mgcalc"``,
    each against ``python -c "import pandas, pint"``. Goals: 1.5x, 1.7x, 1.5x, 1.3x.
threads
    8 threads call ``analyze`` at once in a fresh process (5 / 1 runs), against one cold call
    in another fresh process, interleaved. Goals: one FoodTable built and each of its lazily
    built structures built once; peak memory <= 1.3x the single cold call's; every thread's
    summary, entries and daily table identical to the single-threaded ones.
cohort_100k, cohort_1m, cohort_10m (``--full``; quick: 20,000 entries)
    :func:`mgcalc.intake.daily_table` (every output column) on resolved entries (food id,
    grams; 10 a day, 10 days a person) against a NumPy floor (factorize person x date, food
    ids mapped to rows once, ``bincount`` sums of Mg, Ca and grams with coverage; its Mg
    totals asserted equal to mgcalc's) and the pandas floor (merge + groupby-sum).
    Goals: 100k <= 1.5x, 1M <= 1.3x the NumPy floor; the call's own peak memory (above
    the resident memory before it) <= 2x the input frame.
free_text (lines ``free_text_cold``, ``free_text_cold_process``, ``free_text_warm``)
    100,000 / 1,000 log lines holding 5,000 / 50 distinct texts through ``analyze``.
    *Cold*: a fresh :class:`FoodTable` read from the bundled CSVs inside the timer, so its
    search index is built from scratch inside it. *Cold process*: a fresh Python process
    with the bundled table (its prebuilt index), as a whole process. *Warm*: the index
    built before the timer, no text seen yet. Baseline: rapidfuzz ``extractOne`` over all
    descriptions per distinct food text (timed on an even sample, scaled). Goal: cold <= 2 s.
dask
    10,000,000 / 200,000 entries in 500,000 / 50,000-row partitions, generated before the
    timer, through :func:`mgcalc.intake.daily_table` on Dask (threads, 2 workers), against
    the pandas floor in Dask; interleaved over 3 / 1 runs.
parse
    Hostile inputs of up to 100,000 characters through ``parse_line``, ``estimate``,
    ``analyze(FoodLog.from_lines(...))`` and a Cronometer export whose Amount cell holds
    100,000 spaces; also inputs just under the line limit. Each is a new text (nothing
    cached). Goal: every case <= 50 ms (to the answer or the error).
naive
    20,000 / 2,000 entries: :func:`mgcalc.intake.daily_table` against one pint Quantity per
    entry. Goal: >= 100x faster.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve()

# -- sizes ------------------------------------------------------------------------------------
SIZES: dict[str, dict[str, int]] = {
    "full": {
        "app_warm": 1000,
        "app_cold": 200,
        "estimate_seen": 1000,
        "estimate_unseen": 300,
        "process_rounds": 7,
        "thread_runs": 5,
        "threads": 8,
        "cohort_100k": 100_000,
        "cohort_1m": 1_000_000,
        "cohort_10m": 10_000_000,
        "free_text": 100_000,
        "free_text_distinct": 5_000,
        "free_text_runs": 3,
        "free_text_baseline_sample": 100,
        "dask": 10_000_000,
        "dask_partition": 500_000,
        "dask_runs": 3,
        "parse_runs": 5,
        "naive": 20_000,
    },
    "quick": {
        "app_warm": 50,
        "app_cold": 10,
        "estimate_seen": 50,
        "estimate_unseen": 20,
        "process_rounds": 1,
        "thread_runs": 1,
        "threads": 8,
        "cohort_100k": 20_000,
        "cohort_1m": 50_000,
        "cohort_10m": 100_000,
        "free_text": 1_000,
        "free_text_distinct": 50,
        "free_text_runs": 1,
        "free_text_baseline_sample": 5,
        "dask": 200_000,
        "dask_partition": 50_000,
        "dask_runs": 1,
        "parse_runs": 1,
        "naive": 500,
    },
}

ENTRIES_PER_DAY = 10
DAYS_PER_PERSON = 10
DATE = "2026-11-20"
APP_LINES = (
    "1 oz almonds, dry roasted",
    "1 cup plain low fat yogurt",
    "2 slices whole wheat bread",
    "1 medium banana",
    "1/2 cup spinach, boiled",
)
SEEN_LINE = "1 oz almonds"
PERSON = {"age": 34, "sex": "female"}


# -- measuring ----------------------------------------------------------------------------------
def peak_rss_mb() -> float:
    """Peak resident memory of this process so far [MiB] (ru_maxrss is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024.0 if sys.platform != "darwin" else peak / 2**20


def _rss_mb() -> float | None:
    """Current resident memory [MiB], where /proc tells it."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except OSError:
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


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
            for text in status:
                if text.startswith("VmHWM:"):
                    return int(text.split()[1]) / 1024.0
    except OSError:
        return None
    return None


@contextmanager
def own_peak(result: dict[str, float | None]) -> Iterator[None]:
    """Measure the peak memory a block adds above the RSS it started from [MiB]."""
    before = _rss_mb()
    reset = _reset_high_water()
    yield
    after = _high_water_mb() if reset else None
    result["peak_above_start_mb"] = (
        None if before is None or after is None else round(after - before, 1)
    )


class Samples(list[float]):
    """Wall times [s] with the CPU time [s] of the same runs beside them (``.cpu``).

    On a shared machine the wall time of a run includes the time other jobs held the CPU;
    the process's CPU time does not, so the two together say how much was load.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cpu: list[float] = []

    def add(self, wall: float, cpu: float) -> None:
        self.append(wall)
        self.cpu.append(cpu)

    @classmethod
    def of(cls, runs: Sequence[ProcessRun]) -> Samples:
        out = cls()
        for run in runs:
            out.add(run.wall, run.cpu)
        return out


def clock(function: Callable[[], Any]) -> tuple[float, Any]:
    """Wall time of one call [s] (``time.perf_counter``) and its value."""
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def timed(function: Callable[[], Any], into: Samples) -> Any:
    """Call ``function``; add its wall and CPU time (this process's, all threads) to ``into``
    and return its value."""
    cpu, start = time.process_time(), time.perf_counter()
    value = function()
    into.add(time.perf_counter() - start, time.process_time() - cpu)
    return value


def interleaved(functions: dict[str, Callable[[], Any]], runs: int) -> dict[str, Samples]:
    """Time each function ``runs`` times, round by round, the order rotated every round so
    that neither always runs first (a busy moment of the machine hits all alike)."""
    names = list(functions)
    times = {name: Samples() for name in names}
    for run in range(runs):
        shift = run % len(names)
        for name in names[shift:] + names[:shift]:
            timed(functions[name], times[name])
    return times


def paired(
    library: Callable[[], Any],
    floor: Callable[[], Any],
    runs: int,
    check: Callable[[Any], None] | None = None,
) -> tuple[Samples, Samples]:
    """Time the library and its floor run for run, alternating which goes first; ``check``
    sees every library value (outside the timer)."""
    mine, theirs = Samples(), Samples()
    for run in range(runs):
        if run % 2:
            timed(floor, theirs)
        value = timed(library, mine)
        if check is not None:
            check(value)
        if not run % 2:
            timed(floor, theirs)
    return mine, theirs


def _sig(value: float) -> float:
    """Five significant digits (the figures are not more precise than that)."""
    return float(f"{value:.5g}")


def spread(samples: Sequence[float], prefix: str = "") -> dict[str, float]:
    """min / median / max of some samples, keyed with ``prefix``."""
    return {
        f"{prefix}min": _sig(min(samples)),
        f"{prefix}median": _sig(statistics.median(samples)),
        f"{prefix}max": _sig(max(samples)),
    }


def record(
    name: str,
    n: int,
    library: Sequence[float],
    baseline: Sequence[float],
    *,
    goal: str | None,
    met: bool | None,
    peak: float | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One scenario's JSON line: medians, spreads, ratio (of the medians), goal and more."""
    seconds, base = statistics.median(library), statistics.median(baseline)
    out: dict[str, Any] = {
        "name": name,
        "n": n,
        "seconds": _sig(seconds),
        "baseline_seconds": _sig(base),
        "ratio": _sig(seconds / base) if base > 0 else None,
        **spread(library),
        **spread(baseline, "baseline_"),
        "runs": len(library),
        "baseline_runs": len(baseline),
    }
    if len(library) == len(baseline) and min(baseline) > 0:
        out.update(spread([a / b for a, b in zip(library, baseline, strict=True)], "pair_ratio_"))
    for prefix, samples in (("", library), ("baseline_", baseline)):
        if isinstance(samples, Samples) and samples.cpu:
            out.update(spread(samples.cpu, f"{prefix}cpu_"))
    if "cpu_median" in out and "baseline_cpu_median" in out and out["baseline_cpu_median"] > 0:
        out["cpu_ratio"] = _sig(out["cpu_median"] / out["baseline_cpu_median"])
    out["peak_rss_mb"] = round(peak if peak is not None else peak_rss_mb(), 1)
    out["goal"] = goal
    out["met"] = met
    out["load_1m"] = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    out.update(extra)
    return out


def cpu_median(samples: Samples) -> float:
    """The median CPU time of some runs [s]."""
    return statistics.median(samples.cpu)


def ms(seconds: float) -> float:
    return _sig(seconds * 1000.0)


def _quiet() -> None:
    """The harness measures; warnings about the (synthetic) data are not its business."""
    warnings.simplefilter("ignore")


# -- fresh processes -------------------------------------------------------------------------
class ProcessRun:
    """One finished child process: wall [s], CPU [s], peak RSS [MiB], stdout."""

    def __init__(self, wall: float, cpu: float, peak_mb: float, stdout: str) -> None:
        self.wall, self.cpu, self.peak_mb, self.stdout = wall, cpu, peak_mb, stdout


def run_process(argv: Sequence[str], *, stdin: str | None = None) -> ProcessRun:
    """Run a command to its end; time it from outside and read the kernel's accounting of
    it (``os.wait4``: CPU time and the peak RSS of that process alone)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            list(argv),
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        if stdin is not None:
            assert child.stdin is not None
            child.stdin.write(stdin.encode())
            child.stdin.close()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        if child.returncode != 0:
            raise RuntimeError(
                f"{' '.join(argv)[:200]} exited {child.returncode}: "
                f"{err.read().decode(errors='replace')[-2000:]}"
            )
    peak = usage.ru_maxrss / 1024.0 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    return ProcessRun(wall, usage.ru_utime + usage.ru_stime, peak, stdout)


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def mgcalc_command() -> str:
    """The ``mgcalc`` console script of this interpreter's environment."""
    beside = Path(sys.executable).with_name("mgcalc")
    if beside.exists():
        return str(beside)
    found = shutil.which("mgcalc")
    if found is None:
        raise RuntimeError("the mgcalc command is not installed (pip install -e .)")
    return found


# -- the pure-Python floor of a meal ----------------------------------------------------------
_FLOOR_LINE = re.compile(
    r"\s*(\d+(?:\.\d+)?)(?:/(\d+))?\s+"
    r"(?:(oz|cups?|tbsp|tsp|g|slices?|medium|large|small)\s+)?(.+?)\s*$"
)


def floor_parse(text: str) -> tuple[float, str | None, str]:
    """The floor's reading of a typed line: (amount, unit word or None, food text)."""
    found = _FLOOR_LINE.match(text)
    if found is None:
        raise ValueError(f"the floor cannot read {text!r}")
    number, denominator, unit, food = found.groups()
    amount = float(number) / float(denominator) if denominator else float(number)
    return amount, unit, food


def floor_meal(
    lines: Sequence[str],
    per_100g: dict[str, tuple[float, float]],
    per_unit: dict[tuple[str, str | None], float],
) -> tuple[float, float, float]:
    """The work a meal needs at least, in plain Python: read each amount (regex), look the
    food and its grams per unit up (dicts), grams x mg/100 g, sum, divide.

    Returns (magnesium [mg], calcium [mg], Ca:Mg ratio).
    """
    magnesium = calcium = 0.0
    for text in lines:
        found = _FLOOR_LINE.match(text)
        assert found is not None
        number, denominator, unit, food = found.groups()
        amount = float(number) / float(denominator) if denominator else float(number)
        grams = amount * per_unit[food, unit]
        mg_100, ca_100 = per_100g[food]
        magnesium += grams * mg_100 / 100.0
        calcium += grams * ca_100 / 100.0
    return magnesium, calcium, calcium / magnesium


def floor_tables(
    rows: Sequence[tuple[str, str, float]],
) -> tuple[dict[str, tuple[float, float]], dict[tuple[str, str | None], float]]:
    """The floor's dicts from (line, food_id, grams) the library resolved: per food text its
    Mg and Ca per 100 g (from the food table), per (food text, unit) its grams per unit."""
    from mgcalc.foods import FoodTable

    table = FoodTable.default()
    magnesium = table.nutrient_array("magnesium_mg_per_100g")
    calcium = table.nutrient_array("calcium_mg_per_100g")
    per_100g: dict[str, tuple[float, float]] = {}
    per_unit: dict[tuple[str, str | None], float] = {}
    for text, food_id, grams in rows:
        amount, unit, food = floor_parse(text)
        position = table.position(food_id)
        per_100g[food] = (float(magnesium[position]), float(calcium[position]))
        per_unit[food, unit] = grams / amount
    return per_100g, per_unit


def same_totals(library: Sequence[float | None], floor: Sequence[float], where: str) -> None:
    """Assert the library's totals equal the floor's (to rounding)."""
    for mine, theirs in zip(library, floor, strict=True):
        if mine is None or not np.isclose(mine, theirs, rtol=1e-9, atol=0.0):
            raise AssertionError(f"{where}: mgcalc {library} != floor {floor}")


# -- texts ------------------------------------------------------------------------------------
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


def food_texts() -> list[str]:
    """Every food x modifier text, in a fixed scrambled order."""
    texts = [f"{food}{modifier}" for modifier in MODIFIERS for food in FOODS]
    return [texts[(i * 7919) % len(texts)] for i in range(len(texts))]


def free_text_lines(n: int, n_distinct: int, seed: int = 2) -> list[str]:
    """``n`` log lines drawn from ``n_distinct`` distinct texts (each of them occurs)."""
    rng = np.random.default_rng(seed)
    foods = food_texts()
    distinct = [f"{AMOUNTS[i % len(AMOUNTS)]} {foods[i % len(foods)]}" for i in range(n_distinct)]
    picks = rng.integers(0, n_distinct, n)
    picks[:n_distinct] = np.arange(n_distinct)
    return [distinct[i] for i in picks]


def match_key(food_text: str) -> str:
    """The key the library caches a food text's match under (what makes a text *new*)."""
    try:
        from mgcalc.resolve import normalise_key, split_preparation
    except ImportError:  # the library moved them: fall back to lower case
        return " ".join(food_text.lower().split())
    return normalise_key(split_preparation(food_text)[0])


def unseen_pool(exclude: Sequence[str]) -> list[str]:
    """Typed lines whose food texts have distinct match keys, none of them ``exclude``'s."""
    taken = {match_key(floor_parse(text)[2]) for text in exclude}
    lines = []
    for i, food in enumerate(food_texts()):
        key = match_key(food)
        if key in taken:
            continue
        taken.add(key)
        lines.append(f"{AMOUNTS[i % len(AMOUNTS)]} {food}")
    return lines


def resolve_pool(lines: Sequence[str]) -> list[tuple[str, str, float]]:
    """(line, food_id, grams) of each line the library resolves to a food with known Mg and
    Ca, read the same way by the floor. Run in a separate process (``--resolve-pool``), so
    the measuring process has seen none of these texts."""
    import mgcalc as mg

    _quiet()
    table = mg.FoodTable.default()
    analysis = mg.analyze(mg.FoodLog.from_lines(list(lines), date=DATE))
    entries = analysis.entries
    magnesium = table.nutrient_array("magnesium_mg_per_100g")
    calcium = table.nutrient_array("calcium_mg_per_100g")
    out = []
    for text, row in zip(lines, entries.itertuples(index=False), strict=True):
        if row.status != "resolved" or not isinstance(row.food_id, str):
            continue
        position = table.position(row.food_id)
        if np.isnan(magnesium[position]) or np.isnan(calcium[position]) or magnesium[position] <= 0:
            continue
        amount, _, _ = floor_parse(text)
        if not np.isclose(row.amount, amount):
            continue
        out.append((text, row.food_id, float(row.grams)))
    return out


# -- app --------------------------------------------------------------------------------------
def scenario_app(size: dict[str, int]) -> list[dict[str, Any]]:
    _quiet()
    n_cold, n_unseen = size["app_cold"], size["estimate_unseen"]
    pool = unseen_pool([*APP_LINES, SEEN_LINE])[: 2 * (5 * n_cold + n_unseen)]
    done = run_process([sys.executable, str(HERE), "--resolve-pool"], stdin=json.dumps(pool))
    resolved = [tuple(row) for row in json.loads(done.stdout)]
    if len(resolved) < 5 * n_cold + n_unseen:
        n_cold = (len(resolved) - n_unseen) // 5

    import mgcalc as mg

    person = mg.Person(**PERSON)  # type: ignore[arg-type]

    def meal(lines: Sequence[str]) -> Any:
        return mg.analyze(mg.FoodLog.from_lines(lines, date=DATE), person)

    def totals(analysis: Any) -> tuple[float | None, float | None, float | None]:
        s = analysis.summary
        return s.magnesium_mg, s.calcium_mg, s.ca_mg_ratio

    out = []
    # warm: the same 5 texts again and again
    first_call, first = clock(lambda: meal(APP_LINES))
    entries = first.entries
    per_100g, per_unit = floor_tables(
        [(t, f, g) for t, f, g in zip(APP_LINES, entries["food_id"], entries["grams"], strict=True)]
    )
    floor_total = floor_meal(APP_LINES, per_100g, per_unit)
    same_totals(totals(first), floor_total, "app")
    for _ in range(20):
        meal(APP_LINES)
    library, floor = paired(
        lambda: meal(APP_LINES),
        lambda: floor_meal(APP_LINES, per_100g, per_unit),
        size["app_warm"],
        lambda value: same_totals(totals(value), floor_total, "app"),
    )
    median = statistics.median(library)
    ratio = median / statistics.median(floor)
    out.append(
        record(
            "app_warm", 5, library, floor,
            goal="ratio <= 30 (median, pure-Python floor)", met=ratio <= 30.0,
            met_on_cpu=cpu_median(library) / cpu_median(floor) <= 30.0,
            median_ms=ms(median), p95_ms=ms(float(np.percentile(library, 95))),
            floor_median_ms=ms(statistics.median(floor)),
            first_call_ms=ms(first_call),
            lines=list(APP_LINES),
            baseline_is="pure Python: regex amount, dict look-ups of food and grams per unit, "
            "grams x mg/100 g, sums, Ca:Mg ratio (asserted equal to mgcalc's totals)",
        )
    )  # fmt: skip

    # seen estimate
    found = mg.estimate(SEEN_LINE)
    e_100g, e_unit = floor_tables([(SEEN_LINE, found.food_id, found.grams)])
    e_total = floor_meal([SEEN_LINE], e_100g, e_unit)
    same_totals([found.magnesium_mg, found.calcium_mg], e_total[:2], "estimate")
    library, floor = paired(
        lambda: mg.estimate(SEEN_LINE),
        lambda: floor_meal([SEEN_LINE], e_100g, e_unit),
        size["estimate_seen"],
        lambda value: same_totals([value.magnesium_mg, value.calcium_mg], e_total[:2], "seen"),
    )
    median = statistics.median(library)
    out.append(
        record(
            "estimate_seen", 1, library, floor,
            goal="median <= 0.3 ms", met=median <= 0.3e-3,
            met_on_cpu=cpu_median(library) <= 0.3e-3,
            median_ms=ms(median), p95_ms=ms(float(np.percentile(library, 95))),
            line=SEEN_LINE, baseline_is="the pure-Python floor on the one line",
        )
    )  # fmt: skip

    # cold text: 5 never-seen texts a call
    c_100g, c_unit = floor_tables(resolved)
    cold = [str(row[0]) for row in resolved]
    library, floor = Samples(), Samples()
    for i in range(n_cold):
        lines = cold[5 * i : 5 * i + 5]
        value = timed(lambda lines=lines: meal(lines), library)  # type: ignore[misc]
        floor_value = timed(lambda lines=lines: floor_meal(lines, c_100g, c_unit), floor)  # type: ignore[misc]
        same_totals(totals(value), floor_value, f"app cold text {lines}")
    median = statistics.median(library)
    out.append(
        record(
            "app_cold_text", 5, library, floor,
            goal="median <= 5 ms (5 unseen lines at the unseen-estimate goal of 1 ms)",
            met=median <= 5e-3, met_on_cpu=cpu_median(library) <= 5e-3,
            median_ms=ms(median), p95_ms=ms(float(np.percentile(library, 95))),
            meals=n_cold, example=cold[:5],
            baseline_is="the pure-Python floor on the same 5 lines (its dicts filled in "
            "another process, so this one has seen none of the texts)",
        )
    )  # fmt: skip

    # unseen estimate: a never-seen text a call
    unseen = cold[5 * n_cold : 5 * n_cold + n_unseen]
    library, floor = Samples(), Samples()
    for text in unseen:
        value = timed(lambda text=text: mg.estimate(text), library)  # type: ignore[misc]
        floor_value = timed(lambda text=text: floor_meal([text], c_100g, c_unit), floor)  # type: ignore[misc]
        same_totals([value.magnesium_mg, value.calcium_mg], floor_value[:2], f"estimate {text}")
    median = statistics.median(library)
    out.append(
        record(
            "estimate_unseen", len(unseen), library, floor,
            goal="median <= 1 ms", met=median <= 1e-3, met_on_cpu=cpu_median(library) <= 1e-3,
            median_ms=ms(median), p95_ms=ms(float(np.percentile(library, 95))),
            example=unseen[:3], baseline_is="the pure-Python floor on the same line",
        )
    )  # fmt: skip
    return out


# -- first use ----------------------------------------------------------------------------------
FIRST_USE: dict[str, tuple[str, float]] = {
    "first_use_estimate": ("import mgcalc as mg; mg.estimate('1 oz almonds')", 1.5),
    "first_use_analyze": (
        "import mgcalc as mg; mg.analyze(mg.FoodLog.from_lines("
        f"{list(APP_LINES)!r}, date={DATE!r}), mg.Person(age=34, sex='female'))",
        1.7,
    ),
    "first_use_cli": ("", 1.5),  # the shell command, below
    "import": ("import mgcalc", 1.3),
}
BASELINE_PROCESS = "import pandas, pint"


def scenario_first_use(size: dict[str, int]) -> list[dict[str, Any]]:
    commands = {"baseline": python(BASELINE_PROCESS)}
    for name, (code, _) in FIRST_USE.items():
        commands[name] = python(code) if code else [mgcalc_command(), "estimate", SEEN_LINE]
    runs: dict[str, list[ProcessRun]] = {name: [] for name in commands}
    names = list(commands)
    warm_up = 1 if size["process_rounds"] > 2 else 0  # a round to warm the file system cache
    for round_ in range(size["process_rounds"] + warm_up):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            done = run_process(commands[name])
            if round_ >= warm_up:
                runs[name].append(done)
    cli_output = runs["first_use_cli"][-1].stdout.strip()
    base = runs["baseline"]
    out = []
    for name, (code, goal) in FIRST_USE.items():
        mine = runs[name]
        wall = [r.wall for r in mine]
        ratio = statistics.median(wall) / statistics.median(r.wall for r in base)
        shown = f'mgcalc estimate "{SEEN_LINE}"' if not code else f'python -c "{code}"'
        out.append(
            record(
                name, len(mine), Samples.of(mine), Samples.of(base),
                goal=f"ratio <= {goal} (whole process, medians)", met=ratio <= goal,
                peak=statistics.median(r.peak_mb for r in mine),
                command=shown, baseline_is=f'python -c "{BASELINE_PROCESS}"',
                baseline_peak_rss_mb=round(statistics.median(r.peak_mb for r in base), 1),
                **({"output": cli_output[:200]} if not code else {}),
            )
        )  # fmt: skip
    return out


# -- threads ------------------------------------------------------------------------------------
THREADS_PROBE = r"""
import functools, hashlib, json, resource, sys, threading, time, warnings
warnings.simplefilter("ignore")
import mgcalc as mg
from mgcalc.foods import FoodTable

lines, date, n_threads = json.loads(sys.argv[1])
builds, lock = {}, threading.Lock()

def counted(name, function):
    builds[name] = 0
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with lock:
            builds[name] += 1
        return function(*args, **kwargs)
    return wrapper

FoodTable.__init__ = counted("FoodTable", FoodTable.__init__)
lazy = []
for name, attr in list(vars(FoodTable).items()):
    for field in ("function", "func"):  # the table's build-once descriptors
        inner = getattr(attr, field, None)
        if callable(inner) and not isinstance(attr, (staticmethod, classmethod, property)):
            setattr(attr, field, counted(name, inner))
            lazy.append(name)

person = mg.Person(age=34, sex="female")

def digest(analysis):
    parts = (analysis.summary.model_dump_json(), analysis.entries.to_json(),
             analysis.daily.to_json())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()

barrier = threading.Barrier(n_threads)
results, tables, latencies, errors = {}, {}, {}, []

def work(i):
    barrier.wait()
    start = time.perf_counter()
    try:
        analysis = mg.analyze(mg.FoodLog.from_lines(lines, date=date), person)
        results[i] = digest(analysis)
    except BaseException as exc:
        errors.append(repr(exc))
        return
    latencies[i] = time.perf_counter() - start
    tables[i] = id(FoodTable.default())

threads = [threading.Thread(target=work, args=(i,)) for i in range(n_threads)]
start = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.perf_counter() - start
single = digest(mg.analyze(mg.FoodLog.from_lines(lines, date=date), person))
print(json.dumps({
    "wall": wall, "latencies": [latencies.get(i) for i in range(n_threads)],
    "results": [results.get(i) for i in range(n_threads)], "single": single,
    "tables": sorted(set(tables.values())), "builds": builds, "lazy": sorted(set(lazy)),
    "errors": errors, "default_is_same": id(FoodTable.default()) in set(tables.values()),
}))
"""


def scenario_threads(size: dict[str, int]) -> list[dict[str, Any]]:
    n_threads = size["threads"]
    threaded_runs, single_runs = [], []
    for run in range(size["thread_runs"]):
        pair = [n_threads, 1] if run % 2 == 0 else [1, n_threads]
        for count in pair:
            done = run_process(python(THREADS_PROBE, json.dumps([list(APP_LINES), DATE, count])))
            (threaded_runs if count == n_threads else single_runs).append(
                (done, json.loads(done.stdout))
            )
    problems: list[str] = []
    reference = single_runs[0][1]["single"]
    for _, probe in [*threaded_runs, *single_runs]:
        problems += probe["errors"]
        if len(probe["tables"]) != 1 or not probe["default_is_same"]:
            problems.append(f"{len(probe['tables'])} distinct default tables")
        many = {name: n for name, n in probe["builds"].items() if n > 1}
        if many:
            problems.append(f"built more than once: {many}")
        if any(result != probe["single"] for result in probe["results"]):
            problems.append("a thread's result differs from the single-threaded one")
        if probe["single"] != reference:
            problems.append("results differ between processes")
    threaded_peak = statistics.median(done.peak_mb for done, _ in threaded_runs)
    single_peak = statistics.median(done.peak_mb for done, _ in single_runs)
    memory_ratio = threaded_peak / single_peak
    builds = threaded_runs[0][1]["builds"]
    return [
        record(
            "threads", n_threads,
            [probe["wall"] for _, probe in threaded_runs],
            [probe["latencies"][0] for _, probe in single_runs],
            goal="one table built, each lazy structure built once, peak RSS <= 1.3x a single "
            "cold call's, results identical",
            met=not problems and memory_ratio <= 1.3,
            peak=threaded_peak,
            baseline_is="one cold analyze() call in another fresh process (seconds: the 8 "
            "threads' wall time from their common start; baseline: the single call's)",
            single_cold_peak_rss_mb=round(single_peak, 1),
            peak_rss_over_single=round(memory_ratio, 3),
            tables_built=sorted({p["builds"].get("FoodTable", 0) for _, p in threaded_runs}),
            lazy_structures_built=builds,
            thread_latency_s=spread([x for _, p in threaded_runs for x in p["latencies"] if x]),
            identical=not any("differ" in p for p in problems),
            problems=problems[:10],
        )
    ]  # fmt: skip


# -- cohort -------------------------------------------------------------------------------------
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
    return pd.DataFrame(
        {
            "person_id": pd.array(np.repeat(people, per_person)[:n], dtype="str"),
            "date": np.tile(np.repeat(days, ENTRIES_PER_DAY), n_people)[:n],
            "food_id": pd.array(ids[rng.integers(0, len(ids), n)], dtype="str"),
            "grams": rng.gamma(2.0, 60.0, n),
        }
    )


class NumpyFloor:
    """The fastest honest floor of a daily table: factorize person x date, map the food ids
    to rows once (one dict look-up per distinct id), ``bincount`` sums of Mg, Ca and grams,
    and the coverage of each (grams of entries whose value is known / grams)."""

    def __init__(self) -> None:
        from mgcalc.foods import FoodTable

        table = FoodTable.default()
        self.row = {food_id: i for i, food_id in enumerate(table.foods["food_id"].tolist())}
        self.mg = np.append(table.nutrient_array("magnesium_mg_per_100g"), np.nan)
        self.ca = np.append(table.nutrient_array("calcium_mg_per_100g"), np.nan)

    def __call__(self, entries: pd.DataFrame) -> dict[str, Any]:
        person, people = pd.factorize(entries["person_id"])
        date, dates = pd.factorize(entries["date"])
        group, pairs = pd.factorize(person.astype(np.int64) * len(dates) + date)
        food, ids = pd.factorize(entries["food_id"])
        rows = np.fromiter((self.row.get(i, -1) for i in ids), np.intp, len(ids))[food]
        grams = entries["grams"].to_numpy(dtype=np.float64)
        n = len(pairs)
        total_g = np.bincount(group, grams, n)
        out: dict[str, Any] = {
            "person_id": people[pairs // len(dates)],
            "date": dates[pairs % len(dates)],
            "grams": total_g,
        }
        for name, per_100g in (("magnesium", self.mg), ("calcium", self.ca)):
            value = grams * per_100g[rows] / 100.0
            known = ~np.isnan(value)
            out[f"{name}_mg"] = np.bincount(group, np.where(known, value, 0.0), n)
            out[f"{name}_coverage"] = np.bincount(group, np.where(known, grams, 0.0), n) / total_g
        return out


def pandas_floor(entries: pd.DataFrame, foods: pd.DataFrame) -> pd.DataFrame:
    """The pandas floor: merge, multiply, groupby-sum."""
    merged = entries.merge(foods, on="food_id", how="left")
    merged["magnesium_mg"] = merged["grams"] * merged["magnesium_mg_per_100g"] / 100.0
    merged["calcium_mg"] = merged["grams"] * merged["calcium_mg_per_100g"] / 100.0
    columns = ["magnesium_mg", "calcium_mg", "grams"]
    return merged.groupby(["person_id", "date"])[columns].sum()


def _nutrient_columns() -> pd.DataFrame:
    from mgcalc.foods import FoodTable

    return FoodTable.default().foods[["food_id", "magnesium_mg_per_100g", "calcium_mg_per_100g"]]


def check_floor(daily: pd.DataFrame, floor: dict[str, Any]) -> None:
    """The floor's Mg totals and coverage equal mgcalc's, day by day."""
    keys = ["person_id", "date"]
    theirs = pd.DataFrame({k: floor[k] for k in [*keys, "magnesium_mg", "magnesium_coverage"]})
    theirs = theirs.sort_values(keys, ignore_index=True)
    mine = daily.sort_values(keys, ignore_index=True)
    assert len(mine) == len(theirs), (len(mine), len(theirs))
    assert (mine["person_id"].to_numpy() == theirs["person_id"].to_numpy()).all()
    assert (mine["date"].to_numpy() == theirs["date"].to_numpy()).all()
    magnesium = mine["magnesium_mg"].to_numpy(dtype=np.float64, na_value=np.nan)
    coverage = theirs["magnesium_coverage"].to_numpy()
    known = coverage > 0
    assert np.allclose(magnesium[known], theirs["magnesium_mg"].to_numpy()[known], rtol=1e-9)
    assert np.isnan(magnesium[~known]).all(), "a day with no known Mg is not unknown"
    assert np.allclose(mine["coverage"].to_numpy(dtype=np.float64), coverage, rtol=1e-9)


def scenario_cohort(size: dict[str, int], names: Sequence[str]) -> list[dict[str, Any]]:
    """The cohort sizes ``names``, one after the other in this process (each call's own peak
    memory is measured from the resident memory before it)."""
    return [line for name in names for line in cohort_size(name, size)]


def cohort_size(name: str, size: dict[str, int]) -> list[dict[str, Any]]:
    from mgcalc.foods import FoodTable
    from mgcalc.intake import DAILY_COLUMNS, daily_table

    _quiet()
    n = size[name]
    runs = {"cohort_100k": 11, "cohort_1m": 5, "cohort_10m": 3}[name] if n >= 10**5 else 2
    table = FoodTable.default()
    foods = _nutrient_columns()
    numpy_floor = NumpyFloor()
    entries = cohort_entries(n)
    input_mb = float(entries.memory_usage(deep=True).sum()) / 2**20
    head = entries.head(1000)
    daily_table(head, table)  # warm the table's look-ups, as any second call finds them
    numpy_floor(head)
    pandas_floor(head, foods)
    memory: dict[str, dict[str, float | None]] = {"lib": {}, "numpy": {}, "pandas": {}}
    with own_peak(memory["lib"]):
        daily = daily_table(entries, table)
    with own_peak(memory["numpy"]):
        floor = numpy_floor(entries)
    with own_peak(memory["pandas"]):
        pandas_floor(entries, foods)
    missing = [c for c in DAILY_COLUMNS if c not in daily.columns]
    assert not missing, f"daily_table lacks {missing}"
    check_floor(daily, floor)
    del floor
    times = interleaved(
        {
            "lib": lambda: daily_table(entries, table),
            "numpy": lambda: numpy_floor(entries),
            "pandas": lambda: pandas_floor(entries, foods),
        },
        runs,
    )
    goal_ratio = {"cohort_100k": 1.5, "cohort_1m": 1.3}.get(name)
    ratio = statistics.median(times["lib"]) / statistics.median(times["numpy"])
    own = memory["lib"]["peak_above_start_mb"]
    memory_ok = own is None or own / input_mb <= 2.0
    goal = "library_peak_over_input <= 2"
    if goal_ratio is not None:
        goal = f"ratio <= {goal_ratio} (NumPy floor); " + goal
    return [
        record(
            name, n, times["lib"], times["numpy"],
            goal=goal,
            met=bool(memory_ok and (goal_ratio is None or ratio <= goal_ratio)),
            n_days=len(daily), n_columns=len(daily.columns),
            baseline_is="NumPy: factorize person x date, food ids to rows once, bincount sums "
            "of Mg, Ca, grams with coverage (Mg totals asserted equal to mgcalc's)",
            pandas_floor=spread(times["pandas"]),
            ratio_to_pandas=_sig(statistics.median(times["lib"]) / statistics.median(times["pandas"])),  # noqa: E501
            input_frame_mb=round(input_mb, 1),
            library_peak_above_start_mb=own,
            numpy_peak_above_start_mb=memory["numpy"]["peak_above_start_mb"],
            pandas_peak_above_start_mb=memory["pandas"]["peak_above_start_mb"],
            library_peak_over_input=None if own is None else round(own / input_mb, 2),
        )
    ]  # fmt: skip


# -- free text ----------------------------------------------------------------------------------
FREE_TEXT_PROBE = r"""
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
import mgcalc as mg
from mgcalc._data import data_file
from mgcalc.foods import FoodTable

path, date, kind = sys.argv[1:4]
lines = open(path, encoding="utf-8").read().splitlines()

def analyze(table):
    return mg.analyze(mg.FoodLog.from_lines(lines, date=date), table=table)

if kind == "cold":  # the table read and its search index built inside the timer
    cpu, start = time.process_time(), time.perf_counter()
    table = FoodTable.read_csv(data_file("foods.csv"), data_file("portions.csv"))
    analysis = analyze(table)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    again = None
else:  # the search index built before the timer; no text seen yet
    table = FoodTable.read_csv(data_file("foods.csv"), data_file("portions.csv"))
    table.search("almonds")
    cpu, start = time.process_time(), time.perf_counter()
    analysis = analyze(table)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    analyze(table)
    again = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "cpu": cpu, "again": again,
                  "n": analysis.summary.n_entries, "unresolved": analysis.summary.n_unresolved}))
"""
COLD_PROCESS = (
    "import sys, warnings; warnings.simplefilter('ignore'); import mgcalc as mg; "
    "lines = open(sys.argv[1], encoding='utf-8').read().splitlines(); "
    f"a = mg.analyze(mg.FoodLog.from_lines(lines, date={DATE!r})); "
    "print(a.summary.n_entries, a.summary.n_unresolved)"
)


def scenario_free_text(size: dict[str, int]) -> list[dict[str, Any]]:
    from rapidfuzz import fuzz, process

    from mgcalc.foods import FoodTable
    from mgcalc.parse import parse_line

    _quiet()
    n, n_distinct, runs = size["free_text"], size["free_text_distinct"], size["free_text_runs"]
    lines = free_text_lines(n, n_distinct)
    descriptions = FoodTable.default().descriptions
    texts = sorted({parse_line(text).food_text for text in set(lines)})
    sample = texts[:: max(1, len(texts) // size["free_text_baseline_sample"])]

    scale = len(texts) / len(sample)
    rapidfuzz = Samples()

    def baseline() -> None:
        once = Samples()
        timed(lambda: [process.extractOne(t, descriptions, scorer=fuzz.WRatio) for t in sample],
              once)  # fmt: skip
        rapidfuzz.add(once[0] * scale, once.cpu[0] * scale)

    figures: dict[str, list[Any]] = {k: [] for k in ("cold", "warm", "process", "baseline")}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lines.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        commands = {
            "cold": python(FREE_TEXT_PROBE, str(path), DATE, "cold"),
            "warm": python(FREE_TEXT_PROBE, str(path), DATE, "warm"),
            "process": python(COLD_PROCESS, str(path)),
            "import": python(BASELINE_PROCESS),
        }
        if runs > 1:
            run_process(commands["process"])  # warm the file system cache
        for run in range(runs):
            steps = ["cold", "warm", "process", "baseline"]
            shift = run % len(steps)
            for step in steps[shift:] + steps[:shift]:
                if step == "baseline":
                    baseline()
                elif step == "process":
                    figures[step].append((run_process(commands["process"]),
                                          run_process(commands["import"])))  # fmt: skip
                else:
                    done = run_process(commands[step])
                    figures[step].append((done, json.loads(done.stdout)))
    cold, warm = Samples(), Samples()
    for samples, step in ((cold, "cold"), (warm, "warm")):
        for _, probe in figures[step]:
            samples.add(probe["seconds"], probe["cpu"])
    whole = Samples.of([done for done, _ in figures["process"]])
    whole_base = Samples.of([other for _, other in figures["process"]])
    probe = figures["cold"][0][1]
    common = {
        "n_distinct_texts": n_distinct,
        "n_distinct_food_texts": len(texts),
        "share_resolved": round(1.0 - probe["unresolved"] / probe["n"], 3),
    }
    rapidfuzz_is = (
        f"rapidfuzz extractOne(WRatio) over all {len(descriptions):,} descriptions per distinct "
        f"food text (timed on {len(sample)} of {len(texts)}, scaled linearly)"
    )
    return [
        record(
            "free_text_cold", n, cold, rapidfuzz,
            goal="seconds <= 2 (median)", met=statistics.median(cold) <= 2.0,
            met_on_cpu=cpu_median(cold) <= 2.0,
            peak=statistics.median(done.peak_mb for done, _ in figures["cold"]),
            what="in a fresh process, timed inside it: FoodTable.read_csv(the bundled CSVs) "
            "+ analyze(FoodLog.from_lines(lines)); the search index built from scratch",
            baseline_is=rapidfuzz_is, **common,
        ),
        record(
            "free_text_cold_process", n, whole, whole_base,
            goal="seconds <= 2 (median, whole process)", met=statistics.median(whole) <= 2.0,
            met_on_cpu=cpu_median(whole) <= 2.0,
            peak=statistics.median(done.peak_mb for done, _ in figures["process"]),
            what="a whole fresh Python process: import mgcalc, read the lines, analyze with "
            "the bundled table (its prebuilt search index)",
            baseline_is=f'python -c "{BASELINE_PROCESS}"',
            baseline_peak_rss_mb=round(
                statistics.median(other.peak_mb for _, other in figures["process"]), 1
            ),
            **common,
        ),
        record(
            "free_text_warm", n, warm, rapidfuzz,
            goal=None, met=None,
            peak=statistics.median(done.peak_mb for done, _ in figures["warm"]),
            what="in a fresh process: analyze(FoodLog.from_lines(lines)) on a table whose "
            "search index is built (no text seen yet)",
            all_seen=spread([probe["again"] for _, probe in figures["warm"]]),
            baseline_is=rapidfuzz_is, **common,
        ),
    ]  # fmt: skip


# -- dask -------------------------------------------------------------------------------------
_PARTS: list[pd.DataFrame] = []


def _part(index: int) -> pd.DataFrame:
    """Partition ``index`` of the cohort generated before the timer (cheap to tokenize)."""
    return _PARTS[index]


def scenario_dask(size: dict[str, int]) -> list[dict[str, Any]]:
    import dask
    import dask.dataframe as dd

    from mgcalc.foods import FoodTable
    from mgcalc.intake import daily_table

    _quiet()
    total, rows, runs = size["dask"], size["dask_partition"], size["dask_runs"]
    n_parts = -(-total // rows)
    per_person = ENTRIES_PER_DAY * DAYS_PER_PERSON
    parts = [  # generated before any timer
        cohort_entries(min(rows, total - i * rows), 100 + i, first_person=i * rows // per_person)
        for i in range(n_parts)
    ]
    _PARTS[:] = parts
    input_mb = sum(float(p.memory_usage(deep=True).sum()) for p in parts) / 2**20
    table = FoodTable.default()
    foods = _nutrient_columns()
    split_out = max(1, n_parts // 4)

    def entries() -> Any:
        return dd.from_map(_part, range(n_parts), meta=parts[0].iloc[:0], enforce_metadata=False)

    def library() -> int:
        daily = daily_table(entries(), table, split_out=split_out)
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
        summed = data.groupby(["person_id", "date"], sort=False).sum(split_out=split_out)
        return len(summed)

    library_s, floor_s = Samples(), Samples()
    peaks: list[float | None] = []
    n_days = 0
    with dask.config.set(scheduler="threads", num_workers=2):
        for run in range(runs):
            order = ["lib", "floor"] if run % 2 == 0 else ["floor", "lib"]
            for kind in order:
                if kind == "lib":
                    memory: dict[str, float | None] = {}
                    with own_peak(memory):
                        n_days = timed(library, library_s)
                    peaks.append(memory["peak_above_start_mb"])
                else:
                    timed(floor, floor_s)
    assert n_days == -(-total // ENTRIES_PER_DAY), n_days
    known = [p for p in peaks if p is not None]
    return [
        record(
            "dask", total, library_s, floor_s,
            goal=None, met=None,
            n_days=n_days, n_partitions=n_parts, rows_per_partition=rows,
            scheduler="threads, 2 workers",
            input_mb=round(input_mb, 1),
            library_peak_above_start_mb=max(known) if known else None,
            baseline_is="merge + multiply per partition, groupby-sum with the same split_out; "
            "the partitions are generated before the timer and shared by both",
        )
    ]  # fmt: skip


# -- parse ----------------------------------------------------------------------------------------
def hostile_cases(limit: int) -> dict[str, Callable[[int], str]]:
    """Hostile lines by name, each a function of a variant number (so no text repeats)."""
    return {
        "parens_100k": lambda k: "(" * (100_000 - k),
        "dashes_40k": lambda k: "rice " + "-" * (40_000 - k) + "x",
        "spaces_100k": lambda k: " " * (100_000 - k) + "rice",
        "parens_at_limit": lambda k: "(" * (limit - k),
        "dashes_at_limit": lambda k: "rice " + "-" * (limit - 6 - k) + "x",
        "digits_at_limit": lambda k: "1" * (limit - k),
        "fractions_at_limit": lambda k: "1/" * ((limit - k) // 2),
        "times_at_limit": lambda k: "2 x " * ((limit - 4 - k) // 4) + "rice",
        "words_at_limit": lambda k: "rice " * ((limit - k) // 5),
    }


def _cronometer_file(folder: Path, k: int, nutrients: bool) -> Path:
    path = folder / f"servings_{int(nutrients)}_{k}.csv"
    amount = '"1.00' + " " * (100_000 - k) + 'oz"'
    if nutrients:
        text = "Day,Group,Food Name,Amount,Magnesium (mg),Calcium (mg)\n"
        text += f"2026-01-01,Breakfast,Almonds {k},{amount},80,75\n"
    else:
        text = "Day,Group,Food Name,Amount\n" + f"2026-01-01,Breakfast,Almonds {k},{amount}\n"
    path.write_text(text, encoding="utf-8")
    return path


def scenario_parse(size: dict[str, int]) -> list[dict[str, Any]]:
    import mgcalc as mg
    import mgcalc.parse
    from mgcalc.parse import parse_line

    limit = getattr(mgcalc.parse, "MAX_LINE_LENGTH", 10_000)
    _quiet()
    mg.estimate(SEEN_LINE)  # the table loaded: the time is the input's, not the first use's
    runs = size["parse_runs"]

    def answer(function: Callable[[], Any]) -> str:
        try:
            function()
        except Exception as exc:
            return type(exc).__name__
        return "ok"

    def through(kind: str, text: str) -> Callable[[], Any]:
        """The call that reads ``text`` through one door."""
        if kind == "parse_line":
            return lambda: parse_line(text)
        if kind == "estimate":
            return lambda: mg.estimate(text)
        return lambda: mg.analyze(mg.FoodLog.from_lines([text], date=DATE))

    cases: dict[str, dict[str, Any]] = {}
    worst: tuple[Samples, Samples, str] = (Samples(), Samples(), "")
    variant = iter(range(1, 10**6))

    def measure(name: str, make: Callable[[int], tuple[Callable[[], Any], Callable[[], Any]]],
                length: int | None = None) -> None:  # fmt: skip
        """Time ``runs`` new inputs of a case (the call and its floor) and keep the worst."""
        nonlocal worst
        mine, floor = Samples(), Samples()
        outcome = ""
        for _ in range(runs):
            call, one_pass = make(next(variant))
            outcome = timed(lambda: answer(call), mine)  # noqa: B023
            timed(one_pass, floor)
        median = statistics.median(mine)
        cases[name] = {"median_ms": ms(median), "max_ms": ms(max(mine)), "outcome": outcome,
                       "cpu_median_ms": ms(cpu_median(mine)),
                       **({"length": length} if length else {})}  # fmt: skip
        if not worst[0] or median > statistics.median(worst[0]):
            worst = (mine, floor, name)

    for case, text_of in hostile_cases(limit).items():
        for kind in ("parse_line", "estimate", "from_lines"):
            measure(
                f"{case}/{kind}",
                lambda k, text_of=text_of, kind=kind: (  # type: ignore[misc]
                    through(kind, text_of(k)),
                    text_of(k).split,
                ),
                len(text_of(0)),
            )
    with tempfile.TemporaryDirectory() as folder:
        normal = Path(folder) / "normal.csv"
        header = "Day,Group,Food Name,Amount,Magnesium (mg),Calcium (mg)\n"
        normal.write_text(header + "2026-01-01,Breakfast,Almonds,1.00 oz,80,75\n", "utf-8")
        mg.analyze(mg.read_cronometer(normal))  # the importer loaded before the timer
        for nutrients in (True, False):

            def cronometer(k: int, nutrients: bool = nutrients) -> tuple[Any, Any]:
                path = _cronometer_file(Path(folder), k, nutrients)
                return (lambda: mg.analyze(mg.read_cronometer(path)),
                        lambda: pd.read_csv(path, dtype=str))  # fmt: skip

            kind = "reported" if nutrients else "lookup"
            measure(f"cronometer_amount_spaces_100k/{kind}", cronometer)
    over = {name: c["median_ms"] for name, c in cases.items() if c["median_ms"] > 50.0}
    over_cpu = {name: c["cpu_median_ms"] for name, c in cases.items() if c["cpu_median_ms"] > 50}
    all_ms = [c["median_ms"] / 1000.0 for c in cases.values()]
    out = record(
        "parse", len(cases), worst[0], worst[1],
        goal="every case <= 50 ms (median)", met=not over,
        met_on_cpu=not over_cpu,
        worst_case=worst[2], over_goal=over, line_limit=limit,
        case_medians=spread(all_ms),
        baseline_is="the worst case's input split on whitespace once (one pass over it); "
        "for a Cronometer file, pandas.read_csv of it",
        cases=cases,
    )  # fmt: skip
    return [out]


# -- naive ---------------------------------------------------------------------------------------
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
            day["mg"] = day["mg"] + (grams * Q_(mg_100, "mg") / Q_(100.0, "g")).to("mg")
            day["known"] = day["known"] + grams
        if ca_100 == ca_100:
            day["ca"] = day["ca"] + (grams * Q_(ca_100, "mg") / Q_(100.0, "g")).to("mg")
    ul = Q_(350.0, "mg")
    for day in days.values():
        day["coverage"] = (day["known"] / day["g"]).to("dimensionless").magnitude
        day["ratio"] = calcium_magnesium_ratio(day["ca"], day["mg"])
        day["ul_exceeded"] = Q_(0.0, "mg") > ul
    return days


def scenario_naive(size: dict[str, int]) -> list[dict[str, Any]]:
    from mgcalc.foods import FoodTable
    from mgcalc.intake import daily_table

    _quiet()
    n = size["naive"]
    table = FoodTable.default()
    foods = _nutrient_columns()
    entries = cohort_entries(n, seed=1)
    daily_table(entries.head(100), table)
    naive_daily(entries.head(100), foods)
    library, naive = Samples(), Samples()
    for _ in range(5):
        timed(lambda: daily_table(entries, table), library)
    days = timed(lambda: naive_daily(entries, foods), naive)
    baseline = naive[0]
    speedup = baseline / statistics.median(library)
    return [
        record(
            "naive", n, library, naive,
            goal="speedup >= 100 (ratio <= 0.01)", met=speedup >= 100.0,
            n_days=len(days), naive_us_per_entry=round(baseline / n * 1e6, 1),
            speedup=round(speedup, 1),
            baseline_is="one pint Quantity per entry, per-day sums and flags (one run)",
        )
    ]  # fmt: skip


# -- driver ---------------------------------------------------------------------------------------
GROUPS: dict[str, tuple[str, ...]] = {
    "app": ("app_warm", "estimate_seen", "app_cold_text", "estimate_unseen"),
    "first_use": ("first_use_estimate", "first_use_analyze", "first_use_cli", "import"),
    "threads": ("threads",),
    "cohort": ("cohort_100k", "cohort_1m", "cohort_10m"),
    "free_text": ("free_text_cold", "free_text_cold_process", "free_text_warm"),
    "dask": ("dask",),
    "parse": ("parse",),
    "naive": ("naive",),
}
LINES = {line: group for group, lines in GROUPS.items() for line in lines}


def run_group(group: str, size: dict[str, int], lines: Sequence[str]) -> list[dict[str, Any]]:
    if group == "cohort":
        return scenario_cohort(size, lines)
    runners: dict[str, Callable[[dict[str, int]], list[dict[str, Any]]]] = {
        "app": scenario_app,
        "first_use": scenario_first_use,
        "threads": scenario_threads,
        "free_text": scenario_free_text,
        "dask": scenario_dask,
        "parse": scenario_parse,
        "naive": scenario_naive,
    }
    return runners[group](size)


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
    import mgcalc

    return {
        "name": "machine",
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "memory_gb": memory_gb,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "mgcalc": getattr(mgcalc, "__version__", "?"),
        "commit": _commit(),
        "load_avg": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def _commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
            cwd=HERE.parent, check=False,
        )  # fmt: skip
    except OSError:
        return None
    return done.stdout.strip() or None


def compile_mgcalc() -> None:
    """Write mgcalc's bytecode, as pip does when it installs the wheel, so that a fresh
    process pays what a user's pays: an editable checkout run with
    ``PYTHONDONTWRITEBYTECODE`` set would compile every module of mgcalc in every process
    (about 0.1 s), while the floor's pandas and pint are compiled."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("mgcalc")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    """Run the scenarios, each group in its own subprocess; print one JSON line per figure."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (CI; under a minute)")
    parser.add_argument("--full", action="store_true", help="also the 10,000,000-entry cohort")
    parser.add_argument("--only", nargs="+", choices=[*GROUPS, *LINES], help="run only these")
    parser.add_argument("--machine", action="store_true", help="print the machine line first")
    parser.add_argument("--group", choices=GROUPS, help=argparse.SUPPRESS)
    parser.add_argument("--lines", nargs="*", default=(), help=argparse.SUPPRESS)
    parser.add_argument("--resolve-pool", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    size = SIZES["quick" if args.quick else "full"]
    if args.resolve_pool:  # a helper: resolve texts in a process of its own
        print(json.dumps(resolve_pool(json.load(sys.stdin))))
        return 0
    if args.group:  # the child: run one group in this process
        for line in run_group(args.group, size, args.lines):
            print(json.dumps(line), flush=True)
        return 0
    if args.machine:
        print(json.dumps(machine()), flush=True)
    compile_mgcalc()
    wanted: list[str] = []  # the lines to print
    for name in args.only or GROUPS:
        for line in GROUPS.get(name, (name,)):
            if line != "cohort_10m" or args.full or name == line:
                wanted.append(line)
    failed = 0
    for group in dict.fromkeys(LINES[line] for line in wanted):
        lines = [line for line in GROUPS[group] if line in wanted]
        command = [sys.executable, str(HERE), "--group", group, "--lines", *lines]
        done = subprocess.run(
            [*command, *(["--quick"] if args.quick else [])],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        printed = [json.loads(text) for text in done.stdout.splitlines() if text.startswith("{")]
        if done.returncode != 0 or not printed:
            failed += 1
            for line in lines:
                print(json.dumps({"name": line, "error": done.stderr.strip()[-3000:]}), flush=True)
            continue
        for line in printed:
            if line["name"] in lines:
                print(json.dumps(line), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
