"""Tests for :mod:`mgcalc.analysis`: ``estimate()`` and ``analyze()`` end to end — the
example week re-derived by hand from the bundled CSVs, unresolved rows and strict mode,
coverage, the Ca:Mg flag, the supplemental upper limit, pins, and the log builders."""

from __future__ import annotations

import csv
import math
import re
import tempfile
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mgcalc as mg
from mgcalc._data import data_file
from mgcalc.analysis import IntakeAnalysis
from mgcalc.errors import (
    InvalidLogError,
    LowCoverageWarning,
    PortionError,
    UnknownFoodError,
    UnknownOptionError,
)
from mgcalc.foods import Food, FoodTable, Portion
from mgcalc.log import FoodLog
from mgcalc.supplements import UL_STATUS_MESSAGES
from strategies import entries_frame, entry_grams, food_entry_rows, known_mg_foods

TABLE = FoodTable.default()
OUNCE_G = 28.349523125  # international avoirdupois ounce [g]
MG_OH2_MG_FRACTION = 24.305 / (24.305 + 2 * (15.999 + 1.008))  # Mg(OH)2: 41.7 % magnesium
ADULT_F = mg.Person(age=34, sex="female")
DAY = "2026-11-16"
FLAG_ORDER = {"below": 0, "within": 1, "above": 2}

# Custom foods to set the Ca:Mg ratio exactly: magnesium only, calcium only, and Ca:Mg = r.
_MG_ONLY = Food(
    food_id="custom:mg-only", source="custom", description="Magnesium only (test food)",
    magnesium_mg_per_100g=100.0, calcium_mg_per_100g=0.0,
)  # fmt: skip
_CA_ONLY = Food(
    food_id="custom:ca-only", source="custom", description="Calcium only (test food)",
    magnesium_mg_per_100g=0.0, calcium_mg_per_100g=1000.0,
)  # fmt: skip
RATIO_FOODS = {
    ratio: Food(
        food_id=f"custom:ratio-{ratio}",
        source="custom",
        description=f"Ca:Mg {ratio} (test food)",
        magnesium_mg_per_100g=100.0,
        calcium_mg_per_100g=100.0 * ratio,
        portions=(Portion(amount=1, measure="cup", unit="cup", grams=200.0),),
    )
    for ratio in (2.2, 3.2, 2.2 * (1 - 1e-6), 3.2 * (1 + 1e-6), 2.7)
}
CUSTOM = TABLE.with_foods([_MG_ONLY, _CA_ONLY, *RATIO_FOODS.values()])


def _log(rows: list[dict[str, object]]) -> FoodLog:
    entries = entries_frame(rows)
    assert isinstance(entries, pd.DataFrame)
    return FoodLog(entries)


def _row(food_id: str, grams: float, *, date: str = DAY, person: str = "default") -> dict[str, Any]:
    return {"date": date, "meal": "lunch", "food": food_id, "food_id": food_id, "amount": grams,
            "unit": "g", "person_id": person}  # fmt: skip


def _quiet_analyze(log: FoodLog, person: mg.Person | None = ADULT_F, **options: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LowCoverageWarning)
        return mg.analyze(log, person, **options)


# -- estimate() ---------------------------------------------------------------------------------


def test_estimate_one_ounce_of_dry_roasted_almonds() -> None:
    e = mg.estimate("1 oz almonds, dry roasted")
    assert e.food_id == "sr28:12063"
    assert e.description == "Nuts, almonds, dry roasted, without salt added"
    assert e.grams == pytest.approx(OUNCE_G)
    # SR28 12063: 279 mg magnesium, 268 mg calcium per 100 g
    assert e.magnesium_mg == pytest.approx(279 * OUNCE_G / 100)  # 79.1 mg
    assert round(e.magnesium_mg) == 79
    assert e.calcium_mg == pytest.approx(268 * OUNCE_G / 100)
    assert e.magnesium.m_as("mg") == pytest.approx(e.magnesium_mg)
    assert "sr28:12063" in str(e)


def test_estimate_half_a_cup_of_boiled_spinach() -> None:
    e = mg.estimate("½ cup spinach, boiled")
    assert e.food_id == "sr28:11458"
    assert e.description == "Spinach, cooked, boiled, drained, without salt"
    assert e.grams == 90.0  # SR28 11458: 1 cup = 180 g
    assert e.magnesium_mg == pytest.approx(78.3)  # 87 mg/100 g
    assert round(e.magnesium_mg) == 78
    assert e.score >= 70


def test_estimate_of_an_amount_that_is_no_amount() -> None:
    with pytest.raises(InvalidLogError, match="amount not understood: 'lots of'"):
        mg.estimate("lots of almonds")


def test_estimate_of_an_unknown_food_suggests_candidates() -> None:
    with pytest.raises(UnknownFoodError, match="did you mean") as info:
        mg.estimate("grandma's sunday casserole")
    assert info.value.suggestions


def test_estimate_of_a_volume_for_a_food_without_a_volume_portion() -> None:
    with pytest.raises(PortionError, match=r"no volume portion.*1 oz \(28\.35 g\)"):
        mg.estimate("1 cup dark chocolate 70-85%")


def test_estimate_portion_error_carries_the_portions() -> None:
    with pytest.raises(PortionError) as info:
        mg.estimate("1 cup dark chocolate 70-85%")
    assert info.value.available
    assert "lists no household portions" not in str(info.value)


def test_estimate_of_a_composite_line_sums_its_components() -> None:
    e = mg.estimate("2 slices whole wheat toast with butter")
    toast, butter = e.components
    assert e.food_id == f"{toast.food_id}+{butter.food_id}"
    assert e.grams == pytest.approx(toast.grams + butter.grams)
    assert e.magnesium_mg == pytest.approx(toast.magnesium_mg + butter.magnesium_mg)
    assert e.calcium_mg == pytest.approx(toast.calcium_mg + butter.calcium_mg)
    assert e.score == min(toast.score, butter.score)
    assert {"composite_split", "assumed_portion"} <= set(e.flags)
    assert e.confidence == "review"
    assert any("per slice of bread" in note for note in e.notes)


def test_estimate_carries_the_disagreement_and_the_convention_it_used() -> None:
    tahini = mg.estimate("1 tbsp tahini")
    assert "sources_disagree" in tahini.flags
    assert "fndds:43103300" in tahini.notes[0]  # the other table's value is shown
    handful = mg.estimate("a handful of walnuts")
    assert handful.grams == pytest.approx(OUNCE_G)
    assert handful.notes == ("handful (nuts_seeds) = 1 oz (assumption)",)


def test_estimate_in_the_uk_locale() -> None:
    us = mg.estimate("a pint of milk")
    uk = mg.estimate("a pint of milk", locale="uk")
    assert uk.food_id == us.food_id
    assert uk.grams / us.grams == pytest.approx(568.26125 / 473.176473)


def test_estimate_of_a_composite_line_with_an_unknown_part_names_it() -> None:
    with pytest.raises(UnknownFoodError, match="qqqzzz"):
        mg.estimate("toast with qqqzzz")


# -- the example week, re-derived by hand from data/foods.csv and data/portions.csv -------------


def _read_csv(name: str) -> list[dict[str, str]]:
    with data_file(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(cell: str) -> float | None:
    return float(cell) if cell.strip() else None


@pytest.fixture(scope="module")
def week() -> IntakeAnalysis:
    log = FoodLog.from_csv(data_file("example_week.csv"))
    with pytest.warns(LowCoverageWarning):
        return mg.analyze(log, ADULT_F)


@pytest.fixture(scope="module")
def foods_csv() -> dict[str, tuple[float | None, float | None]]:
    """food_id -> (magnesium, calcium) [mg/100 g], None where the source is blank."""
    return {
        row["food_id"]: (_number(row["magnesium_mg_per_100g"]), _number(row["calcium_mg_per_100g"]))
        for row in _read_csv("foods.csv")
    }


@pytest.fixture(scope="module")
def portions_csv() -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _read_csv("portions.csv"):
        out[row["food_id"]].append(row)
    return out


def test_example_week_entries_are_grams_times_content(
    week: IntakeAnalysis, foods_csv: dict[str, tuple[float | None, float | None]]
) -> None:
    resolved = week.entries[week.entries["status"] == "resolved"]
    assert len(resolved) == 66
    for entry in resolved.to_dict("records"):
        magnesium, calcium = foods_csv[entry["food_id"]]
        for per_100g, column in ((magnesium, "magnesium_mg"), (calcium, "calcium_mg")):
            if per_100g is None:
                assert math.isnan(entry[column]), entry["text"]
            else:
                assert entry[column] == pytest.approx(entry["grams"] * per_100g / 100, rel=1e-12)


def _fraction(text: str) -> float:
    whole, _, rest = text.partition("/")
    return float(whole) / float(rest) if rest else float(whole)


def test_example_week_grams_of_mass_and_cup_lines_from_portions_csv(
    week: IntakeAnalysis, portions_csv: dict[str, list[dict[str, str]]]
) -> None:
    checked = {"oz": 0, "cup": 0, "fl_oz": 0}
    for entry in week.entries[week.entries["status"] == "resolved"].to_dict("records"):
        text, food_id = entry["text"], entry["food_id"]
        mass = re.match(r"^(\d+(?:/\d+)?) oz ", text)
        cup = re.match(r"^(\d+(?:/\d+)?) cups? ", text)
        cups = [p for p in portions_csv[food_id] if p["unit"] == "cup"]
        if mass:
            assert entry["grams"] == pytest.approx(_fraction(mass[1]) * OUNCE_G, rel=1e-12), text
            checked["oz"] += 1
        elif cup and len(cups) == 1:  # a simple cup line: one cup portion to use
            per_cup = float(cups[0]["grams"]) / float(cups[0]["amount"])
            assert entry["grams"] == pytest.approx(_fraction(cup[1]) * per_cup, rel=1e-12), text
            checked["cup"] += 1
        elif text == "glass of pinot noir":  # amount column: 5 fl_oz
            fl_oz = [p for p in portions_csv[food_id] if p["unit"] == "fl_oz"]
            per_fl_oz = float(fl_oz[0]["grams"]) / float(fl_oz[0]["amount"])
            assert entry["grams"] == pytest.approx(5 * per_fl_oz, rel=1e-12)
            checked["fl_oz"] += 1
    assert checked["oz"] >= 10  # 11 "N oz" lines in the week
    assert checked["cup"] >= 20
    assert checked["fl_oz"] == 3


def test_example_week_daily_figures_re_derived_by_hand(
    week: IntakeAnalysis, foods_csv: dict[str, tuple[float | None, float | None]]
) -> None:
    by_day: dict[pd.Timestamp, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for entry in week.entries.to_dict("records"):
        day = by_day[entry["date"]]
        day["n_entries"] += 1
        if entry["status"] != "resolved":
            day["n_unresolved"] += 1
            continue
        magnesium, calcium = foods_csv[entry["food_id"]]
        grams = entry["grams"]
        day["grams"] += grams
        day["n_resolved"] += 1
        if magnesium is not None:
            day["magnesium_mg"] += grams * magnesium / 100
            day["known_g"] += grams
        if calcium is not None:
            day["calcium_mg"] += grams * calcium / 100
    daily = week.daily.set_index("date")
    assert sorted(by_day) == list(daily.index)
    for date, expected in by_day.items():
        got = daily.loc[date]
        assert got["magnesium_mg"] == pytest.approx(expected["magnesium_mg"], rel=1e-12)
        assert got["calcium_mg"] == pytest.approx(expected["calcium_mg"], rel=1e-12)
        assert got["grams"] == pytest.approx(expected["grams"], rel=1e-12)
        assert got["n_entries"] == expected["n_entries"]
        assert got["n_unresolved"] == expected["n_unresolved"]
        # an unresolved line weighs as much as the day's mean resolved entry
        mean_g = expected["grams"] / expected["n_resolved"]
        weight = expected["grams"] + expected["n_unresolved"] * mean_g
        assert got["coverage"] == pytest.approx(expected["known_g"] / weight, rel=1e-12)


def test_example_week_supplements_and_ul(week: IntakeAnalysis) -> None:
    daily = week.daily.set_index(week.daily["date"].dt.strftime("%Y-%m-%d"))
    glycinate = {"2026-11-17": 120.0, "2026-11-18": 120.0, "2026-11-21": 120.0}
    milk_of_magnesia = 2400 * MG_OH2_MG_FRACTION  # 1000 mg magnesium on 2026-11-20
    for date, row in daily.iterrows():
        assert row["supplement_magnesium_mg"] == pytest.approx(glycinate.get(str(date), 0.0))
        medication = milk_of_magnesia if date == "2026-11-20" else 0.0
        assert row["medication_magnesium_mg"] == pytest.approx(medication, rel=1e-3)
        assert row["supplemental_magnesium_mg"] == pytest.approx(
            row["supplement_magnesium_mg"] + row["medication_magnesium_mg"], rel=1e-12
        )
        assert row["total_magnesium_mg"] == pytest.approx(
            row["magnesium_mg"] + row["supplemental_magnesium_mg"], rel=1e-12
        )
        # only the antacid day is over the UL (350 mg/day, IOM; nutrition-science.md §1c)
        assert row["ul_mg"] == 350.0
        assert bool(row["ul_exceeded"]) == (date == "2026-11-20")
        # RDA 320 mg/day, EAR 265 mg/day for women 31-50 y (IOM 2006 Table 1)
        assert (row["rda_mg"], row["ear_mg"]) == (320.0, 265.0)
        assert row["pct_rda"] == pytest.approx(100 * row["total_magnesium_mg"] / 320, rel=1e-12)
    assert week.summary.days_ul_exceeded == 1


def test_example_week_summary(week: IntakeAnalysis) -> None:
    s = week.summary
    assert (s.n_people, s.n_days, s.n_entries) == (1, 7, 67)
    assert s.n_unresolved == 1
    assert week.unresolved["text"].tolist() == ["grandma's sunday casserole"]
    assert s.magnesium_mg == pytest.approx(week.daily["magnesium_mg"].mean(), rel=1e-12)
    assert s.total_magnesium_mg == pytest.approx(week.daily["total_magnesium_mg"].mean(), rel=1e-12)
    assert s.ca_mg_ratio == pytest.approx(s.calcium_mg / s.magnesium_mg, rel=1e-12)  # type: ignore[operator]
    assert (s.rda_mg, s.ear_mg, s.ul_mg) == (320.0, 265.0, 350.0)
    assert s.life_stage == "31-50y"
    assert s.authority == "iom"
    assert "supplements and medications only" in s.ul_note
    assert s.reference_sources
    # the days with wine or the unknown casserole have low coverage: no confident ratio
    low = week.daily[week.daily["coverage"] < 0.9]
    assert len(low) >= 1
    assert (low["ratio_flag"] == "indeterminate").all()
    assert low["ca_mg_ratio"].isna().all()


def test_example_week_to_json_has_no_nan(week: IntakeAnalysis) -> None:
    text = week.to_json()
    assert "NaN" not in text
    assert '"days_ul_exceeded": 1' in text


def test_example_week_top_sources(week: IntakeAnalysis) -> None:
    top = week.top_sources(3)
    assert len(top) == 3
    assert top["magnesium_mg"].is_monotonic_decreasing
    assert top["food_id"].notna().all()


def test_example_week_strict_names_the_csv_row() -> None:
    log = FoodLog.from_csv(data_file("example_week.csv"))
    with pytest.raises(InvalidLogError, match="grandma's sunday casserole") as info:
        mg.analyze(log, ADULT_F, strict=True)
    # the casserole is data row 27 of example_week.csv (line 28 with the header)
    assert info.value.rows == (27,)


# -- unresolved rows: listed with their reason, the rest computed as if they were absent --------

BAD_LINES = [
    ("grandma's sunday casserole", None, None, None, "weak match"),  # a food we do not have
    ("lots of almonds", None, None, None, "amount not understood"),
    ("dark chocolate", "sr28:19904", 1.0, "cup", "no volume portion"),
    ("-50 g spinach", None, None, None, "negative"),  # explicit negatives are refused at the door
    ("mystery", "sr28:99999", 30.0, "g", "unknown food id"),
]


def _with_bad_lines() -> tuple[FoodLog, FoodLog]:
    good = FoodLog()
    good.add("spinach", food_id="sr28:11458", amount=180, unit="g", date=DAY, meal="dinner")
    good.add("1 oz almonds, dry roasted", date=DAY, meal="snack")
    good.add("1 cup 2% milk", date=DAY, meal="breakfast")
    mixed = FoodLog()
    mixed.add("spinach", food_id="sr28:11458", amount=180, unit="g", date=DAY, meal="dinner")
    for text, food_id, amount, unit, _ in BAD_LINES[:2]:
        mixed.add(text, food_id=food_id, amount=amount, unit=unit, date=DAY, meal="lunch")
    mixed.add("1 oz almonds, dry roasted", date=DAY, meal="snack")
    for text, food_id, amount, unit, _ in BAD_LINES[2:]:
        mixed.add(text, food_id=food_id, amount=amount, unit=unit, date=DAY, meal="lunch")
    mixed.add("1 cup 2% milk", date=DAY, meal="breakfast")
    return good, mixed


def test_unresolved_rows_are_listed_and_the_rest_computed_as_if_absent() -> None:
    good, mixed = _with_bad_lines()
    clean = mg.analyze(good, ADULT_F)
    with pytest.warns(LowCoverageWarning):
        result = mg.analyze(mixed, ADULT_F)  # nothing raises
    unresolved = result.unresolved
    assert unresolved["text"].tolist() == [line[0] for line in BAD_LINES]
    for reason, (*_, expected) in zip(unresolved["reason"], BAD_LINES, strict=True):
        assert expected in reason
    assert unresolved["entry_id"].tolist() == [2, 3, 5, 6, 7]
    day, clean_day = result.daily.iloc[0], clean.daily.iloc[0]
    for column in ("magnesium_mg", "calcium_mg", "grams", "total_magnesium_mg"):
        assert day[column] == pytest.approx(clean_day[column], rel=1e-12)
    assert (day["n_entries"], day["n_unresolved"]) == (8, 5)
    assert day["coverage"] < clean_day["coverage"]  # ... but its coverage says what is missing
    assert result.summary.n_unresolved == 5
    assert len(result.entries) == len(mixed)


def test_strict_mode_raises_naming_the_rows() -> None:
    _, mixed = _with_bad_lines()
    with pytest.raises(InvalidLogError, match=r"5 entries could not be resolved.*casserole") as e:
        mg.analyze(mixed, ADULT_F, strict=True)
    assert e.value.rows == (2, 3, 5, 6, 7)
    assert e.value.column == "food"
    good, _ = _with_bad_lines()
    assert mg.analyze(good, ADULT_F, strict=True).summary.n_unresolved == 0


# -- coverage and the ratio ---------------------------------------------------------------------


def test_a_day_mostly_without_magnesium_values_has_no_confident_ratio() -> None:
    log = FoodLog()
    log.add("glass of pinot noir", food_id="sr28:14099", amount=5, unit="fl_oz", date=DAY)
    log.add("glass of pinot noir", food_id="sr28:14099", amount=5, unit="fl_oz", date=DAY)
    log.add("mayonnaise", food_id="sr28:04145", amount=2, unit="tbsp", date=DAY)
    log.add("cheddar", food_id="sr28:01009", amount=30, unit="g", date=DAY)
    with pytest.warns(LowCoverageWarning, match="indeterminate"):
        result = mg.analyze(log, ADULT_F)
    day = result.daily.iloc[0]
    assert day["coverage"] == pytest.approx(30 / (2 * 147 + 2 * 13.8 + 30), rel=1e-3)
    assert day["coverage"] < 0.2
    assert day["magnesium_mg"] == pytest.approx(30 * 27 / 100)  # what is known, not more
    assert day["ratio_flag"] == "indeterminate"
    assert day["total_ratio_flag"] == "indeterminate"
    assert math.isnan(day["ca_mg_ratio"])
    assert result.summary.ratio_flag == "indeterminate"
    assert result.summary.ca_mg_ratio is None
    assert result.summary.coverage == pytest.approx(day["coverage"])


def test_a_day_with_no_magnesium_value_at_all_is_unknown_not_zero() -> None:
    log = FoodLog().add("wine", food_id="sr28:14099", amount=150, unit="g", date=DAY)
    result = _quiet_analyze(log)
    day = result.daily.iloc[0]
    assert math.isnan(day["magnesium_mg"])
    assert day["coverage"] == 0.0
    assert day["ratio_flag"] == "indeterminate"
    assert result.summary.magnesium_mg is None


@pytest.mark.parametrize(
    ("ratio", "flag"),
    [(2.2, "within"), (3.2, "within"), (2.2 * (1 - 1e-6), "below"), (3.2 * (1 + 1e-6), "above")],
)
def test_ratio_bounds_are_inclusive(ratio: float, flag: str) -> None:
    food_id = RATIO_FOODS[ratio].food_id
    result = mg.analyze(_log([_row(food_id, 100.0)]), ADULT_F, table=CUSTOM)
    assert result.daily["ca_mg_ratio"].iloc[0] == pytest.approx(ratio, rel=1e-12)
    assert result.daily["ratio_flag"].iloc[0] == flag
    assert result.summary.ratio_flag == flag


@given(entry_grams)
def test_ratio_bounds_hold_for_any_amount(grams: float) -> None:
    rows = [_row(RATIO_FOODS[r].food_id, grams, person=f"r{r}") for r in RATIO_FOODS]
    daily = mg.analyze(_log(rows), ADULT_F, table=CUSTOM).daily.set_index("person_id")
    assert daily.loc["r2.2", "ratio_flag"] == "within"
    assert daily.loc["r3.2", "ratio_flag"] == "within"
    assert daily.loc[f"r{2.2 * (1 - 1e-6)}", "ratio_flag"] == "below"
    assert daily.loc[f"r{3.2 * (1 + 1e-6)}", "ratio_flag"] == "above"


@given(
    known_mg_foods,
    entry_grams,
    st.lists(st.floats(min_value=0, max_value=500, allow_nan=False), min_size=2, max_size=6),
)
def test_ratio_flag_is_monotone_in_calcium(
    food: tuple[str, str], grams: float, calcium_g: list[float]
) -> None:
    # the same magnesium for everyone; more of a calcium-only food for each next person
    steps = sorted(calcium_g)
    rows = []
    for i, extra in enumerate(steps):
        rows.append(_row(food[0], grams, person=f"p{i}"))
        rows.append(_row(_CA_ONLY.food_id, extra, person=f"p{i}"))
    daily = mg.analyze(_log(rows), ADULT_F, table=CUSTOM).daily
    daily = daily.assign(order=daily["person_id"].str[1:].astype(int)).sort_values("order")
    assert daily["magnesium_mg"].max() == daily["magnesium_mg"].min()
    assert daily["calcium_mg"].is_monotonic_increasing
    ranks = daily["ratio_flag"].map(FLAG_ORDER)
    assert ranks.notna().all()  # coverage is full, magnesium above zero: never indeterminate
    assert ranks.is_monotonic_increasing


def test_ratio_of_days_and_means() -> None:
    rows = [_row(RATIO_FOODS[2.7].food_id, 100.0, date="2026-11-16"),
            _row(RATIO_FOODS[2.2].food_id, 300.0, date="2026-11-17")]  # fmt: skip
    means = mg.analyze(_log(rows), ADULT_F, table=CUSTOM).summary
    days = mg.analyze(_log(rows), ADULT_F, table=CUSTOM, ratio_of="days").summary
    assert means.ca_mg_ratio == pytest.approx((270 + 660) / (100 + 300))
    assert days.ca_mg_ratio == pytest.approx((2.7 + 2.2) / 2)
    assert (means.ratio_of, days.ratio_of) == ("means", "days")


def test_unknown_options_raise() -> None:
    log = _log([_row("sr28:11458", 100.0)])
    with pytest.raises(UnknownOptionError, match="ratio_of"):
        mg.analyze(log, ADULT_F, ratio_of="median")  # type: ignore[arg-type]
    with pytest.raises(UnknownOptionError):
        mg.analyze(log, ADULT_F, ratio_range="bogus")


def test_analyze_without_a_person_uses_the_adult_ul() -> None:
    result = mg.analyze(_log([_row("sr28:11458", 100.0)]))
    assert result.daily["ul_mg"].iloc[0] == 350.0
    assert result.daily["pct_rda"].isna().all()
    assert result.summary.rda_mg is None


# -- the supplemental upper limit (issue 4) ------------------------------------------------------


def _food_450_mg(date: str = DAY) -> FoodLog:
    """Almonds (SR28 12063, 279 mg/100 g) worth 450 mg of magnesium."""
    return FoodLog().add("almonds", food_id="sr28:12063", amount=45000 / 279, unit="g", date=date)


def test_food_alone_is_never_compared_with_the_ul() -> None:
    result = mg.analyze(_food_450_mg(), mg.Person(age=40, sex="male"))
    day = result.daily.iloc[0]
    assert day["magnesium_mg"] == pytest.approx(450.0)
    assert not day["ul_exceeded"]
    assert day["ul_status"] == "none_taken"
    assert result.summary.days_ul_exceeded == 0


def test_an_antacid_over_the_ul_is_flagged() -> None:
    log = _food_450_mg()
    log.add_supplement(  # 0.2: a name that says no nutrient needs nutrient= (issue 13)
        "antacid",
        amount="400 mg",
        basis="elemental",
        source="medication",
        date=DAY,
        nutrient="magnesium",
    )
    result = mg.analyze(log, mg.Person(age=40, sex="male"))
    day = result.daily.iloc[0]
    assert day["medication_magnesium_mg"] == 400.0
    assert day["supplement_magnesium_mg"] == 0.0
    assert day["supplemental_magnesium_mg"] == 400.0
    assert day["total_magnesium_mg"] == pytest.approx(850.0)
    assert day["ul_mg"] == 350.0
    assert day["ul_status"] == "over"
    assert day["ul_exceeded"]
    assert result.summary.days_ul_exceeded == 1
    assert "supplements and medications only" in result.summary.ul_note
    assert "food is never compared" in result.summary.ul_note


@pytest.mark.parametrize(
    ("age", "dose_mg", "ul_mg", "status"),
    [
        (6, 120.0, 110.0, "over"),  # IOM UL 4-8 y: 110 mg/day
        (6, 110.0, 110.0, "within"),
        (2, 66.0, 65.0, "over"),  # IOM UL 1-3 y: 65 mg/day
        (30, 350.0, 350.0, "within"),  # exactly the UL is not over it
        (30, 350.5, 350.0, "over"),
        (10, 351.0, 350.0, "over"),  # 9-13 y: 350
    ],
)
def test_ul_by_life_stage(age: float, dose_mg: float, ul_mg: float, status: str) -> None:
    log = _food_450_mg()
    log.add_supplement("magnesium", amount=f"{dose_mg} mg", basis="elemental", date=DAY)
    day = mg.analyze(log, mg.Person(age=age, sex="female")).daily.iloc[0]
    assert day["ul_mg"] == ul_mg
    assert day["ul_status"] == status
    assert bool(day["ul_exceeded"]) == (status == "over")


def test_an_infant_has_no_ul() -> None:
    log = FoodLog().add("milk", food_id="fndds:11112110", amount=100, unit="g", date=DAY)
    log.add_supplement("magnesium drops", amount="20 mg", basis="elemental", date=DAY)
    result = mg.analyze(log, mg.Person(age=0.5, sex="female"))
    day = result.daily.iloc[0]
    assert day["ul_status"] == "no_ul"
    assert not day["ul_exceeded"]
    assert math.isnan(day["ul_mg"])
    assert result.summary.ul_mg is None
    assert result.summary.ul_note == UL_STATUS_MESSAGES["no_ul"]
    assert "no UL established" in result.summary.ul_note
    assert "food and formula only" in result.summary.ul_note


@given(
    st.sampled_from([0.5, 2, 6, 10, 34, 70]),
    st.floats(min_value=0, max_value=800, allow_nan=False),
    food_entry_rows(min_size=1, max_size=8, dates=st.just(DAY)),
)
def test_adding_food_never_changes_the_ul_flag(
    age: float, dose_mg: float, food: list[dict[str, object]]
) -> None:
    rows = [_row("sr28:09040", 100.0, person="base")]
    rows += [{**row, "person_id": "fed"} for row in [rows[0], *food]]
    log = _log(rows)
    for person in ("base", "fed"):
        log.add_supplement(
            "magnesium", amount=f"{dose_mg} mg", basis="elemental", date=DAY, person_id=person
        )
    daily = _quiet_analyze(log, mg.Person(age=age, sex="male")).daily.set_index("person_id")
    assert daily.loc["fed", "magnesium_mg"] >= daily.loc["base", "magnesium_mg"]
    for column in ("ul_mg", "ul_status", "ul_exceeded", "supplemental_magnesium_mg"):
        assert daily.loc["fed", column] == daily.loc["base", column] or (
            column == "ul_mg" and math.isnan(daily.loc["fed", column])
        )


# -- pins and builders -------------------------------------------------------------------------


def test_a_pin_applies_to_every_occurrence() -> None:
    log = FoodLog()
    log.add("1 cup grandma's sunday casserole", date="2026-11-16")
    log.add("2 cups Grandma's Sunday casserole", date="2026-11-17")
    log.add("grandma's sunday casserole", date="2026-11-17", amount=100, unit="g")
    before = _quiet_analyze(log)
    assert before.summary.n_unresolved == 3
    log.pin("grandma's sunday casserole", "sr28:22904")  # chili con carne with beans, 1 cup 242 g
    after = mg.analyze(log, ADULT_F)
    assert after.summary.n_unresolved == 0
    assert after.entries["food_id"].tolist() == ["sr28:22904"] * 3
    assert after.entries["grams"].tolist() == pytest.approx([242.0, 484.0, 100.0])
    assert after.entries["match_score"].tolist() == [100.0] * 3


def test_pinning_the_text_shown_as_unresolved_resolves_it() -> None:
    log = FoodLog().add("1 cup grandma's sunday casserole", date=DAY)
    shown = _quiet_analyze(log).unresolved["text"].iloc[0]
    log.pin(shown, "sr28:22904")
    assert _quiet_analyze(log).summary.n_unresolved == 0


LINES = [
    "1 oz almonds, dry roasted",
    "½ cup spinach, boiled",
    "2 large eggs",
    "1 medium banana",
    "1 cup 2% milk",
]


def test_lines_csv_frame_and_add_give_the_same_analysis() -> None:
    frame = pd.DataFrame({"date": [DAY] * len(LINES), "meal": ["lunch"] * len(LINES),
                          "food": LINES})  # fmt: skip
    added = FoodLog()
    for line in LINES:
        added.add(line, date=DAY, meal="lunch")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        frame.to_csv(path, index=False)
        from_csv = FoodLog.from_csv(path)
    logs = [FoodLog.from_lines(LINES, date=DAY, meal="lunch"), from_csv,
            FoodLog.from_frame(frame), added]  # fmt: skip
    results = [mg.analyze(log, ADULT_F) for log in logs]
    first = results[0]
    assert first.summary.n_unresolved == 0
    for other in results[1:]:
        pd.testing.assert_frame_equal(other.daily, first.daily)
        pd.testing.assert_frame_equal(other.meals, first.meals)
        assert other.summary == first.summary
        pd.testing.assert_frame_equal(
            other.entries.drop(columns="source"),
            first.entries.drop(columns="source"),
            check_dtype=False,
        )


def test_a_refused_line_raises_afresh_each_time() -> None:
    """The line's resolution is cached; its error must not carry every earlier raise."""
    import traceback

    depths = []
    for _ in range(3):
        try:
            mg.estimate("2 slices of milk")  # no slice of milk: a PortionError
        except mg.MgcalcError as error:
            depths.append(len(traceback.extract_tb(error.__traceback__)))
    assert depths[0] == depths[1] == depths[2]
