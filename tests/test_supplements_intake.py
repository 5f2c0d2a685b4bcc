"""Supplements through the daily table (``mgcalc.analyze`` and ``mgcalc.intake``): each
nutrient in its own ledger, each upper limit as its authority defines it (issue 13).

Magnesium: the UL covers supplements and medications only (IOM 2000, UL table, footnote b).
Calcium and vitamin D: the UL covers total intake, food and supplements (IOM 2011). The
food values are SR28's: cheddar cheese (01009) 710 mg calcium, 27 mg magnesium and 0.6 µg
vitamin D per 100 g.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mgcalc as mg
from mgcalc.errors import LowCoverageWarning, UntrackedNutrientWarning
from mgcalc.log import FoodLog
from strategies import food_entry_rows, log_of

DAY = "2026-11-20"
CHEDDAR = "sr28:01009"
CHEDDAR_CA_PER_G, CHEDDAR_MG_PER_G, CHEDDAR_D_PER_G = 7.10, 0.27, 0.006
WOMAN_60 = mg.Person(age=60, sex="female")  # calcium UL 2,000 mg; vitamin D UL 100 µg


def _cheddar(calcium_mg: float) -> FoodLog:
    """Cheddar worth ``calcium_mg`` of calcium."""
    grams = calcium_mg / CHEDDAR_CA_PER_G
    return FoodLog().add("cheddar", food_id=CHEDDAR, amount=grams, unit="g", date=DAY)


def _day(log: FoodLog, person: mg.Person | None = WOMAN_60) -> pd.Series:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LowCoverageWarning)
        daily = mg.analyze(log, person).daily
    assert len(daily) == 1
    return daily.iloc[0]


# -- the done-when examples ------------------------------------------------------------------


def test_zinc_adds_no_magnesium_and_the_day_is_not_flagged() -> None:
    log = _cheddar(300.0)
    with pytest.warns(UntrackedNutrientWarning, match="'zinc' provides none of magnesium"):
        log.add_supplement("zinc", amount="25 mg", basis="elemental", date=DAY)
    ledger = log.supplements
    assert ledger["product"].tolist() == ["zinc"]
    assert ledger[["magnesium_mg", "calcium_mg", "vitamin_d_ug"]].isna().all(axis=None)
    day = _day(log, mg.Person(age=40, sex="male"))
    assert day["supplemental_magnesium_mg"] == 0.0
    assert day["ul_status"] == "none_taken"
    assert not day["ul_exceeded"]
    assert day["total_magnesium_mg"] == pytest.approx(day["magnesium_mg"])


def test_calcium_carbonate_1250_mg_counts_as_calcium_towards_the_total_ul() -> None:
    log = _cheddar(1000.0)
    log.add_supplement("calcium carbonate", amount="1250 mg", basis="compound", date=DAY)
    day = _day(log)
    # CaCO3 is 40.04 % calcium (40.078 / 100.087)
    assert day["supplemental_calcium_mg"] == pytest.approx(1250 * 40.078 / 100.087, rel=1e-4)
    assert round(day["supplemental_calcium_mg"], 1) == 500.5
    assert day["supplemental_magnesium_mg"] == 0.0
    assert day["ul_status"] == "none_taken"  # no magnesium was taken
    assert day["total_calcium_mg"] == pytest.approx(1000 + 500.5, abs=0.1)
    assert day["calcium_ul_mg"] == 2000.0
    assert day["calcium_ul_status"] == "within"
    log.add_supplement("calcium carbonate", amount="1250 mg", basis="compound", date=DAY)
    assert _day(log)["calcium_ul_status"] == "over"  # 1,000 + 1,001 > 2,000


def test_cal_mag_d_adds_each_nutrient_once() -> None:
    log = _cheddar(710.0)  # 100 g: 710 mg Ca, 27 mg Mg, 0.6 µg D
    log.add_supplement(
        label="Cal-Mag-D, 2 tablets: calcium 500 mg, magnesium 250 mg, vitamin D3 400 IU",
        date=DAY,
    )
    day = _day(log)
    assert day["supplemental_calcium_mg"] == 500.0
    assert day["supplemental_magnesium_mg"] == 250.0  # what the magnesium UL sees
    assert day["supplemental_vitamin_d_ug"] == 10.0
    assert day["ul_mg"] == 350.0
    assert day["ul_status"] == "within"
    assert day["total_calcium_mg"] == pytest.approx(710 + 500)
    assert day["total_magnesium_mg"] == pytest.approx(27 + 250)
    assert day["total_vitamin_d_ug"] == pytest.approx(0.6 + 10)
    assert day["total_ca_mg_ratio"] == pytest.approx((710 + 500) / (27 + 250))
    assert day["ca_mg_ratio"] == pytest.approx(710 / 27)  # food only


def test_a_woman_of_60_above_the_calcium_ul() -> None:
    log = _cheddar(1000.0)
    log.add_supplement("calcium", amount="600 mg", units_per_serving=2, date=DAY)
    day = _day(log)
    assert day["total_calcium_mg"] == pytest.approx(2200.0)
    assert day["calcium_ul_mg"] == 2000.0  # IOM 2011, 51-70 y
    assert day["calcium_ul_status"] == "over"
    # the same intake is within the UL of a woman of 45 (2,500 mg)
    assert _day(log, mg.Person(age=45, sex="female"))["calcium_ul_status"] == "within"
    # and exactly at the UL is not over it
    at_ul = _cheddar(1000.0).add_supplement("calcium", amount="1000 mg", date=DAY)
    assert _day(at_ul)["calcium_ul_status"] == "within"
    summary = mg.analyze(log, WOMAN_60).summary
    assert summary.days_calcium_ul_exceeded == 1


def test_5000_iu_of_vitamin_d_is_above_the_vitamin_d_ul() -> None:
    log = _cheddar(300.0)
    log.add_supplement("Vitamin D3", amount="5000 IU", date=DAY)
    day = _day(log)
    assert day["supplemental_vitamin_d_ug"] == 125.0  # 5,000 IU / 40
    assert day["vitamin_d_ul_ug"] == 100.0  # 4,000 IU
    assert day["vitamin_d_ul_status"] == "over"
    assert day["vitamin_d_rda_ug"] == 15.0
    four_thousand = _cheddar(300.0).add_supplement(label="Vitamin D3 4,000 IU", date=DAY)
    assert _day(four_thousand)["vitamin_d_ul_status"] == "over"  # 100 + cheddar's 0.25 µg


def test_vitamin_d_over_the_ul_even_when_food_vitamin_d_is_unknown() -> None:
    # SR28 14099 (pinot noir) reports no vitamin D: the supplement alone is over the UL
    log = FoodLog().add("wine", food_id="sr28:14099", amount=150, unit="g", date=DAY)
    log.add_supplement("vitamin D3", amount="5000 IU", date=DAY)
    day = _day(log)
    assert math.isnan(day["vitamin_d_ug"])
    assert day["vitamin_d_ul_status"] == "over"
    small = FoodLog().add("wine", food_id="sr28:14099", amount=150, unit="g", date=DAY)
    small.add_supplement("vitamin D3", amount="1000 IU", date=DAY)
    assert _day(small)["vitamin_d_ul_status"] == "unknown"  # food could still add


def test_magnesium_ul_ignores_calcium_and_vitamin_d_doses() -> None:
    log = _cheddar(200.0)
    log.add_supplement("magnesium", amount="300 mg", date=DAY)
    log.add_supplement("calcium citrate", amount="2 g", basis="compound", date=DAY)
    log.add_supplement("vitamin D3", amount="2000 IU", date=DAY)
    day = _day(log)
    assert day["supplemental_magnesium_mg"] == 300.0
    assert day["ul_status"] == "within"


def test_supplement_rows_in_a_csv_log(tmp_path: Any) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "date,food,amount,unit,kind,basis,label,count,vitamin_d_iu,calcium_mg\n"
        f"{DAY},cheddar 100 g,,,,,,,,\n"
        f"{DAY},calcium carbonate,1250,mg,supplement,compound,,,,\n"
        f"{DAY},,,,supplement,,Cal-Mag-D: per 2 tablets calcium 500 mg; magnesium 250 mg,,,\n"
        f"{DAY},Brand D,,,supplement,,,1,5000,\n"
        f"{DAY},Os-Cal,,,supplement,,,2,,250\n",
        encoding="utf-8",
    )
    ledger = FoodLog.from_csv(path).supplements
    assert ledger["calcium_mg"].tolist()[:2] == [pytest.approx(500.54, abs=0.01), 500.0]
    assert ledger["calcium_mg"].iloc[3] == 500.0  # 250 mg per tablet x 2
    assert ledger["vitamin_d_ug"].iloc[2] == 125.0
    assert ledger["magnesium_mg"].iloc[1] == 250.0
    assert math.isnan(ledger["magnesium_mg"].iloc[0])


# -- properties -------------------------------------------------------------------------------

NUTRIENT_COLUMN = {
    "magnesium": "magnesium_mg",
    "calcium": "calcium_mg",
    "vitamin_d": "vitamin_d_ug",
}
doses = st.tuples(
    st.sampled_from(list(NUTRIENT_COLUMN)),
    st.floats(min_value=0.0, max_value=3000.0, allow_nan=False),
    st.sampled_from(["supplement", "medication"]),
)
"""A dose of one nutrient: (nutrient, amount [mg] or [µg], source)."""


def _with_doses(rows: list[dict[str, object]], taken: list[tuple[str, float, str]]) -> FoodLog:
    log = log_of(rows)
    assert isinstance(log, FoodLog)
    for nutrient, amount, source in taken:
        log.add_supplement(
            "dose", nutrient=nutrient, date=DAY, source=source,
            amount=f"{amount!r} {'ug' if nutrient == 'vitamin_d' else 'mg'}",
        )  # fmt: skip
    return log


def _daily(log: FoodLog, person: mg.Person = WOMAN_60) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LowCoverageWarning)
        return mg.analyze(log, person).daily.set_index("date")


@settings(deadline=None, max_examples=40)
@given(
    food=food_entry_rows(min_size=1, max_size=5, dates=st.just(DAY)),
    taken=st.lists(doses, max_size=3),
    extra=doses,
)
def test_a_dose_of_one_nutrient_never_changes_another_nutrients_totals(
    food: list[dict[str, object]],
    taken: list[tuple[str, float, str]],
    extra: tuple[str, float, str],
) -> None:
    before = _daily(_with_doses(food, taken))
    after = _daily(_with_doses(food, [*taken, extra]))
    nutrient, amount, _ = extra
    for other, column in NUTRIENT_COLUMN.items():
        for prefix in ("total_", "supplemental_", "supplement_", "medication_", ""):
            name = prefix + column
            if other == nutrient and prefix in ("total_", "supplemental_"):
                # a day whose food value is unknown stays unknown (NaN), dose or not
                expected = before[name].iloc[0] + amount
                assert after[name].iloc[0] == pytest.approx(expected, nan_ok=True)
            elif other != nutrient:
                pd.testing.assert_series_equal(after[name], before[name])


@settings(deadline=None, max_examples=40)
@given(
    food=food_entry_rows(min_size=1, max_size=6, dates=st.just(DAY)),
    more_food=food_entry_rows(min_size=1, max_size=6, dates=st.just(DAY)),
    taken=st.lists(doses, min_size=1, max_size=4),
    age=st.sampled_from([2, 6, 10, 30, 60, 80]),
)
def test_each_ul_is_checked_on_what_its_authority_names(
    food: list[dict[str, object]],
    more_food: list[dict[str, object]],
    taken: list[tuple[str, float, str]],
    age: float,
) -> None:
    person = mg.Person(age=age, sex="female")
    base = _daily(_with_doses(food, taken), person).iloc[0]
    fed = _daily(_with_doses([*food, *more_food], taken), person).iloc[0]
    # magnesium: supplements and medications only -- more food never changes it
    for column in ("supplemental_magnesium_mg", "ul_mg", "ul_status", "ul_exceeded"):
        assert fed[column] == base[column] or (column == "ul_mg" and math.isnan(base[column]))
    # calcium and vitamin D: total intake, food included
    for day in (base, fed):
        for name, unit in (("calcium", "mg"), ("vitamin_d", "ug")):
            total, ul = day[f"total_{name}_{unit}"], day[f"{name}_ul_{unit}"]
            status = day[f"{name}_ul_status"]
            if not math.isnan(total):
                assert (status == "over") == (total > ul * (1 + 1e-9))
                assert status in ("within", "over")
