"""Latency of ``FoodTable.search`` over the bundled table, against a plain rapidfuzz baseline.

Run from the repository root::

    python benchmarks/search_latency.py

Prints one JSON line per method: ``{"name", "n", "median_ms", "p95_ms"}``, then one with
the ratio of the medians. The index is built (and both methods warmed up) before timing.
The target for issue 2 is a median of at most 5 ms a query for ``search``.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

from rapidfuzz import fuzz, process

from mgcalc.foods import FoodTable

BASE_QUERIES = [
    "almonds", "banana", "black beans cooked", "spinach", "spinach cooked", "raw spinach",
    "eggs", "scrambled eggs", "milk", "skim milk", "whole milk", "yogurt", "greek yogurt",
    "cheddar cheese", "cottage cheese", "mozzarella", "butter", "olive oil", "peanut butter",
    "almond butter", "cashews", "walnuts", "pecans", "pistachios", "peanuts", "pumpkin seeds",
    "sunflower seeds", "chia seeds", "flaxseed", "sesame seeds", "oatmeal", "rolled oats",
    "brown rice", "white rice cooked", "quinoa", "whole wheat bread", "white bread", "bagel",
    "pasta cooked", "spaghetti", "corn flakes", "granola", "cheerios", "apple", "orange",
    "orange juice", "strawberries", "blueberries", "raspberries", "grapes", "watermelon",
    "pineapple", "mango", "avocado", "kiwi", "pear", "peach", "plums", "prunes", "raisins",
    "dates", "figs dried", "broccoli", "broccoli cooked", "kale", "swiss chard", "collards",
    "lettuce", "romaine", "carrots", "carrot raw", "sweet potato baked", "potato baked",
    "french fries", "tomato", "tomato sauce", "cucumber", "celery", "onion", "garlic",
    "green beans", "peas", "edamame", "tofu", "tempeh", "soy milk", "lentils cooked",
    "chickpeas", "hummus", "kidney beans", "pinto beans", "navy beans", "lima beans",
    "chicken breast", "chicken thigh roasted", "turkey", "ground beef", "steak", "pork chop",
    "bacon", "ham", "salmon", "tuna canned", "sardines", "shrimp", "cod", "halibut",
    "mackerel", "oysters", "clams", "dark chocolate", "milk chocolate", "cocoa powder",
    "coffee", "tea", "beer", "red wine", "cola", "mineral water", "ice cream", "cookies",
    "crackers", "pretzels", "potato chips", "popcorn", "pizza", "hamburger", "hot dog",
    "burrito", "taco", "lasagna", "mac and cheese", "chicken soup", "tomato soup",
    "pancakes", "waffles", "muffin", "croissant", "donut", "brownie", "cake", "pie",
    "bananas, raw", "raw banana", "brocoli", "yoghurt", "garbanzo beans", "courgette",
    "aubergine", "wholemeal bread", "porridge", "prawns", "rocket", "beetroot",
    "molasses", "blackstrap molasses", "wheat germ", "bran flakes", "buckwheat", "millet",
    "barley cooked", "amaranth", "teff", "spelt", "rye bread", "corn tortilla",
    "flour tortilla", "brazil nuts", "macadamia nuts", "hazelnuts", "pine nuts",
    "coconut milk", "coconut water", "almond milk", "oat milk", "rice milk", "kefir",
    "parmesan", "feta cheese", "ricotta", "cream cheese", "sour cream", "heavy cream",
    "egg white", "egg yolk", "mushrooms", "zucchini", "eggplant", "cauliflower",
    "brussels sprouts", "cabbage", "bok choy", "asparagus", "artichoke", "okra",
    "butternut squash", "pumpkin", "beets", "turnip greens", "mustard greens", "seaweed",
]  # fmt: skip
QUERIES = BASE_QUERIES[:200]


def _time(method: Callable[[str], object], queries: list[str]) -> list[float]:
    out = []
    for query in queries:
        start = time.perf_counter()
        method(query)
        out.append((time.perf_counter() - start) * 1000.0)
    return out


def _summary(name: str, times_ms: list[float]) -> dict[str, object]:
    return {
        "name": name,
        "n": len(times_ms),
        "median_ms": round(statistics.median(times_ms), 3),
        "p95_ms": round(statistics.quantiles(times_ms, n=20)[-1], 3),
    }


def main() -> None:
    """Time both methods and print the JSON lines."""
    assert len(QUERIES) == 200, len(QUERIES)
    table = FoodTable.default()
    descriptions = table.foods["description"].tolist()

    def ours(query: str) -> object:
        return table.search(query, limit=5)

    def baseline(query: str) -> object:
        return process.extract(query, descriptions, scorer=fuzz.WRatio, limit=5)

    for method in (ours, baseline):  # warm-up: builds the index and caches
        _time(method, QUERIES[:20])
    search = _summary("search", _time(ours, QUERIES))
    rapidfuzz = _summary("rapidfuzz_wratio_baseline", _time(baseline, QUERIES))
    rapidfuzz["n_descriptions"] = len(descriptions)
    print(json.dumps(search))
    print(json.dumps(rapidfuzz))
    ratio = float(rapidfuzz["median_ms"]) / float(search["median_ms"])  # type: ignore[arg-type]
    print(json.dumps({"name": "ratio", "baseline_over_search_median": round(ratio, 2)}))


if __name__ == "__main__":
    main()
