"""Tests of mgcalc._matching against the labelled evaluation set (tests/data/match_eval.csv).

The set holds typical log lines labelled by hand, independently of the matcher, with the
foods a dietitian would accept and the grams the amount means. These tests pin the
matcher's top-1 accuracy and the magnesium error it causes, so neither can get worse
unnoticed; raise the floors when the matcher improves.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mgcalc.foods import FoodTable
from mgcalc.intake import resolve_entries
from mgcalc.log import FoodLog

EVAL = Path(__file__).parent / "data" / "match_eval.csv"

TOP1_FLOOR = 0.87
"""Share of lines whose chosen food is one the labeller accepts."""

MEDIAN_MG_ERROR_CEILING = 0.02
"""Median relative error of the line's magnesium against the labelled food and grams."""

WITHIN_25_PERCENT_FLOOR = 0.91
"""Share of lines (with a labelled amount) whose magnesium is within 25 % of the label's."""


@pytest.fixture(scope="module")
def evaluation() -> pd.DataFrame:
    labels = pd.read_csv(EVAL, dtype=str, keep_default_na=False)
    table = FoodTable.default()
    log = FoodLog.from_frame(pd.DataFrame({"text": labels["text"], "date": "2026-01-01"}))
    entries = resolve_entries(log.entries, table)
    # a composite line ("peanut butter and jelly sandwich" is one dish, "apple with peanut
    # butter" two components) counts by its first component's food and its total magnesium
    by_line = entries.groupby("entry_id", sort=True)
    entries = pd.DataFrame(
        {
            "food_id": by_line["food_id"].first().to_numpy(),
            "magnesium_mg": by_line["magnesium_mg"].sum(min_count=1).to_numpy(),
        }
    )
    foods = table.foods.set_index("food_id")
    first = labels["food_ids"].str.split(";").str[0]
    grams = pd.to_numeric(labels["grams"].replace("", np.nan))
    expected_mg = grams * first.map(foods["magnesium_mg_per_100g"]) / 100
    return pd.DataFrame(
        {
            "text": labels["text"],
            "accepted": labels["food_ids"].str.split(";"),
            "food_id": entries["food_id"],
            "magnesium_mg": entries["magnesium_mg"],
            "expected_mg": expected_mg,
        }
    )


def test_every_labelled_food_exists() -> None:
    labels = pd.read_csv(EVAL, dtype=str, keep_default_na=False)
    ids = {i for cell in labels["food_ids"] for i in cell.split(";")}
    assert ids <= set(FoodTable.default().foods["food_id"])
    assert len(labels) >= 150


def test_top1_accuracy(evaluation: pd.DataFrame) -> None:
    hit = [
        f in accepted
        for f, accepted in zip(evaluation["food_id"], evaluation["accepted"], strict=True)
    ]
    accuracy = float(np.mean(hit))
    print(f"top-1 accuracy {accuracy:.3f} over {len(hit)} lines")
    assert accuracy >= TOP1_FLOOR


def test_magnesium_error(evaluation: pd.DataFrame) -> None:
    rows = evaluation[evaluation["expected_mg"].notna() & (evaluation["expected_mg"] > 0)]
    # An unresolved line gives no number: count it as a 100 % error, not as 0 mg.
    got = rows["magnesium_mg"]
    error = ((got - rows["expected_mg"]).abs() / rows["expected_mg"]).where(got.notna(), 1.0)
    within = float((error <= 0.25).mean())
    print(f"median relative Mg error {error.median():.3f}; within 25 %: {within:.3f}")
    assert error.median() <= MEDIAN_MG_ERROR_CEILING
    assert within >= WITHIN_25_PERCENT_FLOOR
