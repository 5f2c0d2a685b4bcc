"""How long mgcalc.suggest takes on a week's log with a 200-food pool, against one plain milp.

Run from the repository root (needs ``mgcalc[suggest]``; no network is used)::

    python benchmarks/suggest.py           # 7 repeats
    python benchmarks/suggest.py --quick   # 2 repeats (what the tests run)

It prints one JSON line, with the keys of ``benchmarks/run.py``: ``seconds`` is
:func:`mgcalc.suggest` on the bundled example week (7 days) with its candidate pool filled
up to 200 foods (the person's own, the curated everyday foods, then SR28 foods with a
household portion and at least 20 mg magnesium per 100 g, drawn with a fixed seed), best of
the repeats, the analysis already made; ``baseline_seconds`` one plain
:func:`scipy.optimize.milp` call on the same matrix (the energy objective with at most
``max_changes`` changes, without the search for the fewest); ``ratio`` their quotient:
what building the pool and finding the fewest changes cost over one bare solve.
Goal: ``seconds`` <= 0.5.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

import mgcalc as mg
from mgcalc import suggestions as s

POOL = 200
"""Candidate foods the problem is to have."""

GOAL_SECONDS = 0.5
"""The issue's goal for one call of suggest on this problem [s]."""

DATA = Path(__file__).resolve().parents[1] / "data"


def _best(function: Any, repeat: int) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - start)
    return best, value


def extra_foods(table: mg.FoodTable, n: int, seed: int = 0) -> list[str]:
    """``n`` SR28 foods with known Mg, Ca and energy, a household portion and >= 20 mg Mg/100 g."""
    foods = table.foods
    known = (
        (foods["source"] == "sr28")
        & (foods["magnesium_mg_per_100g"] >= 20)
        & foods["calcium_mg_per_100g"].notna()
        & foods["energy_kcal_per_100g"].notna()
    )
    ids = [i for i in foods.loc[known, "food_id"] if table.has_portions(i)]
    picked = np.random.default_rng(seed).choice(len(ids), size=min(n, len(ids)), replace=False)
    return sorted(ids[int(i)] for i in picked)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 repeats instead of 7")
    args = parser.parse_args(argv)
    repeat = 2 if args.quick else 7
    table = mg.FoodTable.default()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = mg.analyze(
            mg.read_log(DATA / "example_week.csv"), mg.Person(age=34, sex="female")
        )
    analysis.entries, analysis.daily  # noqa: B018  (built once, as an app would hold them)
    base = mg.suggest(analysis).n_candidates
    extra = extra_foods(table, POOL + 40)
    # fill the pool to exactly POOL candidates (some extra foods are already in it)
    lo, hi = 0, len(extra)
    while lo < hi:
        mid = (lo + hi) // 2
        if mg.suggest(analysis, extra_foods=extra[:mid]).n_candidates < POOL:
            lo = mid + 1
        else:
            hi = mid
    extra = extra[:lo]
    seconds, plan = _best(lambda: mg.suggest(analysis, extra_foods=extra), repeat)

    # the same matrix, solved once by a plain milp call
    built = s._build(
        analysis, None, target="rda", ratio_range="default", max_changes=3,
        energy_budget_kcal=None, prefer="own_foods", exclude=(), allow_supplements=False,
        vegetarian=False, vegan=False, basis="total", extra_foods=tuple(extra), table=table,
    )  # fmt: skip
    program, rows = built.program, built.rows
    objective = s._objective(program, "own_foods")
    baseline, solved = _best(
        lambda: s._solve(objective, rows, program.upper, program.integrality), repeat
    )
    line = {
        "name": "suggest",
        "n": len(program.candidates),
        "seconds": seconds,
        "baseline_seconds": baseline,
        "ratio": seconds / baseline,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "days": len(built.days.dates),
        "pool": plan.n_candidates,
        "pool_without_extra": base,
        "variables": program.n_vars,
        "constraints": len(rows.a),
        "status": plan.status,
        "changes": len(plan.changes),
        "plain_milp_status": solved.status,
        "goal": f"seconds <= {GOAL_SECONDS}",
        "met": seconds <= GOAL_SECONDS,
    }
    print(json.dumps(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
