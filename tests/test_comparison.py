"""Tests of mgcalc.comparison (``mgcalc.compare``): two periods of the same client side by
side. The differences are checked against figures computed here, independently, from each
period's daily table and entries."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import mgcalc as mg
from mgcalc._data import data_file
from mgcalc.analysis import IntakeAnalysis
from mgcalc.comparison import Comparison, compare
from mgcalc.errors import InvalidLogError

AFTER = Path(__file__).parent / "data" / "report" / "after_week.csv"
WOMAN = mg.Person(age=58, sex="female")


def _analyze(path: Path | str, person: mg.Person | None = WOMAN) -> IntakeAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return mg.analyze(mg.FoodLog.from_csv(path), person)


@pytest.fixture(scope="module")
def before() -> IntakeAnalysis:
    return _analyze(data_file("example_week.csv"))


@pytest.fixture(scope="module")
def after() -> IntakeAnalysis:
    return _analyze(AFTER)


@pytest.fixture(scope="module")
def comparison(before: IntakeAnalysis, after: IntakeAnalysis) -> Comparison:
    return compare(before, after)


def food_day_mean(analysis: IntakeAnalysis, column: str) -> float:
    """Mean of a daily column over the days with food entries (known values only)."""
    daily = analysis.daily
    values = daily.loc[daily["n_entries"] > 0, column].astype(float)
    return float(values.dropna().mean())


def all_day_mean(analysis: IntakeAnalysis, column: str) -> float:
    return float(analysis.daily[column].astype(float).dropna().mean())


@pytest.mark.parametrize(
    ("key", "column", "over"),
    [
        ("magnesium.total", "total_magnesium_mg", "food"),
        ("magnesium.food", "magnesium_mg", "food"),
        ("magnesium.supplements", "supplemental_magnesium_mg", "all"),
        ("calcium.total", "total_calcium_mg", "food"),
        ("calcium.food", "calcium_mg", "food"),
        ("vitamin_d.total", "total_vitamin_d_ug", "food"),
    ],
)
def test_mean_differences(
    comparison: Comparison, before: IntakeAnalysis, after: IntakeAnalysis,
    key: str, column: str, over: str,
) -> None:  # fmt: skip
    mean = food_day_mean if over == "food" else all_day_mean
    expected_before, expected_after = mean(before, column), mean(after, column)
    change = comparison.change(key)
    assert change.before == pytest.approx(expected_before, rel=1e-12)
    assert change.after == pytest.approx(expected_after, rel=1e-12)
    assert change.difference == pytest.approx(expected_after - expected_before, rel=1e-9)
    assert change.relative == pytest.approx((expected_after - expected_before) / expected_before)


def test_percent_of_rda_and_flags(comparison: Comparison, after: IntakeAnalysis) -> None:
    rda = 320.0  # IOM magnesium RDA, women 51-70 y (references.csv)
    expected = 100 * food_day_mean(after, "total_magnesium_mg") / rda
    assert comparison.after.magnesium.pct_target == pytest.approx(expected)
    calcium_rda, calcium_ear = 1200.0, 1000.0  # IOM 2011, women 51-70 y
    assert comparison.after.calcium.target == calcium_rda
    mean_ca = food_day_mean(after, "total_calcium_mg")
    expected_flag = (
        "low" if mean_ca < calcium_ear else "below_target" if mean_ca < calcium_rda else "ok"
    )
    assert comparison.after.calcium.flag == expected_flag
    assert comparison.before.calcium.flag == "low"  # 705 mg/day, below the EAR


def test_ratio_of_means_and_days(
    comparison: Comparison, before: IntakeAnalysis, after: IntakeAnalysis
) -> None:
    for analysis, period in ((before, comparison.before), (after, comparison.after)):
        ratio = food_day_mean(analysis, "calcium_mg") / food_day_mean(analysis, "magnesium_mg")
        assert period.ca_mg_ratio == pytest.approx(ratio)
        food_days = analysis.daily[analysis.daily["n_entries"] > 0]
        counts = food_days["ratio_flag"].astype(str).value_counts()
        assert period.ratio_days == {f: int(counts.get(f, 0)) for f in mg.ratio.RATIO_FLAGS}
    change = comparison.change("ratio.food")
    assert change.difference == pytest.approx(
        comparison.after.ca_mg_ratio - comparison.before.ca_mg_ratio  # type: ignore[operator]
    )


def test_ul_days(comparison: Comparison, before: IntakeAnalysis, after: IntakeAnalysis) -> None:
    def over(analysis: IntakeAnalysis, column: str) -> int:
        return int((analysis.daily[column].astype(str) == "over").sum())

    assert comparison.before.magnesium.days_over_ul == over(before, "ul_status") == 1
    assert comparison.after.magnesium.days_over_ul == over(after, "ul_status") == 0
    assert comparison.change("magnesium.days_over_ul").difference == -1
    assert comparison.after.calcium.days_over_ul == over(after, "calcium_ul_status")
    assert any("magnesium upper limit: 1 of 7 before, 0 of 4 now" in s for s in comparison.summary)


def test_top_sources(comparison: Comparison, after: IntakeAnalysis) -> None:
    entries = after.entries.dropna(subset=["magnesium_mg"])
    totals = entries.groupby("description")["magnesium_mg"].sum().sort_values(ascending=False)
    expected = list(totals.index[:5])
    assert [s.description for s in comparison.after.top_sources] == expected
    n_days = int((after.daily["n_entries"] > 0).sum())
    first = comparison.after.top_sources[0]
    assert first.magnesium_mg_per_day == pytest.approx(totals.iloc[0] / n_days)
    before_names = {s.description for s in comparison.before.top_sources}
    assert set(comparison.sources_added) == set(expected) - before_names


def test_summary_sentences_say_what_changed(comparison: Comparison) -> None:
    text = " ".join(comparison.summary)
    assert "Total calcium rose from 705 mg/day to 832 mg/day" in text
    # calcium stays below the EAR (1,000 mg/day) in both periods: no sentence of a new flag
    assert "Calcium intake was" not in text
    assert "Vitamin D intake was below the average requirement; it is now below the" in text
    assert "Total vitamin D rose from 7.5 µg/day to 11 µg/day" in text


def test_unknown_stays_unknown() -> None:
    first = _analyze(data_file("example_week.csv"))
    second = _analyze(AFTER, None)  # no profile: no RDA, so no % of it
    result = compare(first, second)
    change = result.change("magnesium.pct_target")
    assert change.before is not None
    assert change.after is None
    assert change.difference is None
    assert "profile is missing" in " ".join(result.notes)


def test_same_period_changes_nothing(before: IntakeAnalysis) -> None:
    result = compare(before, before)
    for change in result.changes:
        if change.before is not None:
            assert change.difference == 0
    assert result.sources_added == result.sources_dropped == ()
    assert any("unchanged" in c.text for c in result.changes)


def test_refuses_what_is_not_an_analysis(before: IntakeAnalysis) -> None:
    with pytest.raises(InvalidLogError, match="IntakeAnalysis"):
        compare(before, pd.DataFrame())  # type: ignore[arg-type]
    with pytest.raises(InvalidLogError, match="no change 'zinc'"):
        compare(before, before).change("zinc")


def test_comparison_is_json(comparison: Comparison) -> None:
    text = comparison.model_dump_json()
    assert Comparison.model_validate_json(text) == comparison
    assert '"difference":NaN' not in text.replace(" ", "")


def test_mgcalc_compare_is_the_function_after_the_module_is_imported() -> None:
    import importlib

    import mgcalc.comparison

    assert importlib.import_module("mgcalc").compare is mgcalc.comparison.compare
    assert callable(mg.compare)
