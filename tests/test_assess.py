"""Tests for mgcalc.assess: percent of target, the IOM (2000) individual tests and group prevalence.

Expected values are the IOM's own worked examples as given in the project's
nutrition-science reference file (§5a, §5b, §5c).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mgcalc.assess import (
    IOM_TABLE_B1,
    WITHIN_PERSON_SD_MG,
    ai_assessment,
    intake_needed_for_confidence,
    iom_individual_assessment,
    percent_of_target,
    prevalence_below_ear,
    sd_within_mg,
    ul_assessment,
)
from mgcalc.references import Person
from strategies import ears_mg, n_days, positive_mg, sds_within_mg

# --- percent of target -----------------------------------------------------------------------


def test_percent_of_target_scalar_series_array() -> None:
    assert percent_of_target(320.0, 320.0) == 100.0
    days = pd.Series([320.0, 160.0, np.nan], index=["d1", "d2", "d3"])
    result = percent_of_target(days, 320.0)
    assert result.index.tolist() == ["d1", "d2", "d3"]
    assert result.iloc[:2].tolist() == [100.0, 50.0]
    assert math.isnan(result.iloc[2])  # unknown stays unknown, never 0
    assert percent_of_target(np.array([480.0]), 320.0).tolist() == [150.0]


def test_percent_over_days_is_percent_of_the_mean() -> None:
    days = pd.Series([300.0, 350.0, 310.0])
    assert percent_of_target(days, 320.0).mean() == pytest.approx(
        percent_of_target(float(days.mean()), 320.0)
    )


@pytest.mark.parametrize("target", [0.0, -5.0, float("nan"), float("inf")])
def test_percent_of_target_refuses_a_bad_target(target: float) -> None:
    with pytest.raises(ValueError, match="target_mg"):
        percent_of_target(100.0, target)


@given(intake=positive_mg, factor=st.floats(0, 10), target=ears_mg)
def test_percent_is_linear_in_intake(intake: float, factor: float, target: float) -> None:
    assert percent_of_target(intake * factor, target) == pytest.approx(
        factor * percent_of_target(intake, target), rel=1e-12, abs=1e-9
    )


# --- the IOM worked example (pp. 53-56) ------------------------------------------------------


def test_iom_worked_example() -> None:
    result = iom_individual_assessment(320.0, 3, 265.0, 86.0)
    assert result.z == pytest.approx(0.977, abs=0.001)
    assert result.probability == pytest.approx(0.836, abs=0.001)
    assert result.iom_probability_bin == 0.85  # "about 85 %"
    assert result.conclusion == "adequate"
    assert result.sd_requirement_mg == pytest.approx(26.5)
    assert result.sd_requirement_mg**2 == pytest.approx(702, abs=1)
    assert result.sd_difference_mg**2 == pytest.approx(3162, abs=6)
    assert round(result.sd_difference_mg) == 56
    assert result.difference_mg == 55
    assert "85%" in result.statement
    assert "Table B-1" in result.statement
    assert "60-70 %" in result.assumptions


def test_iom_thresholds_for_97_5_percent() -> None:
    needed = [intake_needed_for_confidence(n, 265.0, 86.0) for n in (1, 3, 7)]
    assert [round(x) for x in needed] == [445, 378, 349]
    assert 377 <= needed[1] <= 378  # the IOM prints 377, the formula gives 377.6
    larger = [intake_needed_for_confidence(n, 265.0, 86.0 * 1.25) for n in (1, 7)]
    assert [round(x) for x in larger] == [486, 362]
    # 445 mg is 139 % and 349 mg 109 % of the RDA (320)
    assert round(percent_of_target(round(needed[0]), 320.0)) == 139
    assert round(percent_of_target(round(needed[2]), 320.0)) == 109


def test_threshold_gives_z_of_two() -> None:
    needed = intake_needed_for_confidence(3, 265.0, 86.0)
    assert iom_individual_assessment(needed, 3, 265.0, 86.0).z == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("z", "expected"),
    [
        (0.0, 0.50),
        (0.2, 0.50),
        (0.6, 0.70),
        (0.98, 0.85),
        (1.45, 0.93),
        (1.6, 0.95),
        (1.9, 0.98),
        (3.5, 0.98),
        (-0.98, 0.85),
        (-2.5, 0.98),
    ],
)
def test_table_b1_bins(z: float, expected: float) -> None:
    # choose the mean that gives this z with EAR 265, SD_within 86, n 3
    sd_d = math.sqrt(26.5**2 + 86.0**2 / 3)
    result = iom_individual_assessment(265.0 + z * sd_d, 3, 265.0, 86.0)
    assert result.z == pytest.approx(z)
    assert result.iom_probability_bin == expected
    assert result.conclusion == ("adequate" if z > 0 else "inadequate")


def test_table_b1_is_the_iom_table() -> None:
    assert IOM_TABLE_B1 == (
        (0.00, 0.50),
        (0.50, 0.70),
        (1.00, 0.85),
        (1.50, 0.93),
        (1.65, 0.95),
        (2.00, 0.98),
    )


def test_guidance_words() -> None:
    below = iom_individual_assessment(200.0, 3, 265.0, 86.0)
    assert below.conclusion == "inadequate"
    assert "very likely needs to be improved" in below.statement
    between = iom_individual_assessment(275.0, 3, 265.0, 86.0, rda_mg=320.0)
    assert "probably needs to be improved" in between.statement
    assert "no better than chance" in between.statement


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_days": 0}, "n_days"),
        ({"n_days": 2.5}, "n_days"),
        ({"ear_mg": 0.0}, "ear_mg"),
        ({"sd_within_mg": -1.0}, "sd_within_mg"),
        ({"sd_within_mg": 0.0, "cv_requirement": 0.0}, "no variance"),
    ],
)
def test_individual_assessment_refuses_bad_inputs(kwargs: dict[str, float], match: str) -> None:
    args: dict[str, float] = {"mean_mg": 300.0, "n_days": 3, "ear_mg": 265.0, "sd_within_mg": 86.0}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        iom_individual_assessment(**args)  # type: ignore[arg-type]


@given(mean=positive_mg, delta=st.floats(0.1, 500), days=n_days, ear=ears_mg, sd=sds_within_mg)
def test_z_is_monotone_in_the_mean(
    mean: float, delta: float, days: int, ear: float, sd: float
) -> None:
    low = iom_individual_assessment(mean, days, ear, sd)
    high = iom_individual_assessment(mean + delta, days, ear, sd)
    assert high.z > low.z
    assert high.probability >= low.probability
    assert 0.0 <= low.probability <= 1.0
    assert low.iom_probability_bin in {p for _, p in IOM_TABLE_B1}


@given(mean=positive_mg, days=n_days, ear=ears_mg, sd=sds_within_mg)
def test_more_days_give_a_sharper_test(mean: float, days: int, ear: float, sd: float) -> None:
    fewer = iom_individual_assessment(mean, days, ear, sd)
    more = iom_individual_assessment(mean, days + 1, ear, sd)
    assert abs(more.z) >= abs(fewer.z)
    assert intake_needed_for_confidence(days + 1, ear, sd) < intake_needed_for_confidence(
        days, ear, sd
    )


# --- AI and UL tests (pp. 60-64) -------------------------------------------------------------


def test_ai_example_table_3_2() -> None:
    """Calcium, women 19-50, SD 325, mean 1,200 vs AI 1,000: 73 / 86 / 95 % confidence."""
    results = [ai_assessment(1200.0, n, 1000.0, 325.0) for n in (1, 3, 7)]
    assert [round(r.z, 2) for r in results[:2]] == [0.62, 1.07]  # IOM prints 0.61, 1.07
    # the IOM prints z = 1.69 for 7 days; the formula gives 1.63; both are 95 %
    assert [round(100 * r.probability) for r in results] == [73, 86, 95]
    assert all(r.conclusion == "adequate" for r in results)


def test_failing_the_ai_test_is_not_inadequacy() -> None:
    result = ai_assessment(250.0, 3, 300.0, 86.0)
    assert result.conclusion == "undetermined"
    assert "does not mean it is inadequate" in result.statement


def test_ul_antacid_example() -> None:
    result = ul_assessment(500.0, 1, 350.0, 0.0)
    assert result.conclusion == "above UL"
    assert result.probability_above_ul == 1.0
    assert "supplements and medications only" in result.method


def test_ul_is_exact_at_the_boundary() -> None:
    at = ul_assessment(350.0, 1, 350.0, 0.0)
    assert at.conclusion == "not above UL"
    assert at.z is None  # the same dose every day: a plain comparison, no (infinite) z
    assert at.probability_above_ul == 0.0
    assert ul_assessment(350.01, 1, 350.0, 0.0).conclusion == "above UL"


def test_ul_with_variation() -> None:
    result = ul_assessment(300.0, 4, 350.0, 100.0)
    assert result.z == pytest.approx(-1.0)
    assert result.probability_above_ul == pytest.approx(0.1587, abs=1e-4)
    assert result.conclusion == "not above UL"


def test_ai_test_needs_a_day_to_day_sd() -> None:
    with pytest.raises(ValueError, match="sd_within_mg"):
        ai_assessment(300.0, 3, 300.0, 0.0)


# --- within-person SD ------------------------------------------------------------------------


def test_sd_within_known_only_for_women_19_to_50() -> None:
    assert sd_within_mg(Person(age=40, sex="female")) == 86.0
    assert sd_within_mg(Person(age=19, sex="female")) == 86.0
    assert sd_within_mg(Person(age=40, sex="female", authority="efsa")) == 86.0
    assert sd_within_mg(Person(age=40, sex="male")) is None
    assert sd_within_mg(Person(age=55, sex="female")) is None
    assert sd_within_mg(Person(age=30, sex="female", pregnant=True)) is None
    assert sd_within_mg("19-30y", "female") == 86.0
    assert dict(WITHIN_PERSON_SD_MG) == {("19-30y", "female"): 86.0, ("31-50y", "female"): 86.0}


def test_sd_within_overrides() -> None:
    mine = {("31-50y", "male"): 110.0, ("19-30y pregnancy", "female"): 90.0}
    assert sd_within_mg(Person(age=40, sex="male"), overrides=mine) == 110.0
    assert sd_within_mg(Person(age=25, sex="female", pregnant=True), overrides=mine) == 90.0
    with pytest.raises(ValueError, match="give the sex"):
        sd_within_mg("31-50y")


# --- groups: the EAR cut-point method --------------------------------------------------------


def _group(seed: int = 0, people: int = 400, days: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    usual = rng.normal(280.0, 40.0, people)
    return pd.DataFrame(
        {
            "person_id": np.repeat(np.arange(people), days),
            # an intake is never negative (prevalence_below_ear refuses one)
            "magnesium_mg": np.clip(rng.normal(np.repeat(usual, days), 86.0), 0.0, None),
        }
    )


def test_cut_point_counts_people_below() -> None:
    days = pd.DataFrame(
        {
            "person_id": ["a", "a", "b", "b", "c", "c", "d"],
            "magnesium_mg": [200.0, 240.0, 300.0, 280.0, 260.0, np.nan, 100.0],
        }
    )
    result = prevalence_below_ear(days, 255.0)
    assert (result.n_people, result.n_below) == (4, 2)
    assert result.prevalence == 0.5
    assert not result.adjusted
    assert "cannot be used with an AI" in result.caveats
    assert "symmetric" in result.caveats
    assert "Nusser/ISU" in result.caveats


def test_cut_point_per_person_ear() -> None:
    days = pd.DataFrame({"person_id": [1, 2], "magnesium_mg": [280.0, 280.0]})
    ears = pd.Series({1: 265.0, 2: 300.0})
    assert prevalence_below_ear(days, ears).n_below == 1
    with pytest.raises(ValueError, match="no value for person_id"):
        prevalence_below_ear(days, ears.iloc[:1])


def test_adjustment_moves_prevalence_toward_the_truth() -> None:
    truth = 0.354  # Φ((265 - 280) / 40)
    raw = prevalence_below_ear(_group(), 265.0)
    adjusted = prevalence_below_ear(_group(), 265.0, adjust_within_person=True)
    assert abs(adjusted.prevalence - truth) < abs(raw.prevalence - truth)
    assert adjusted.sd_within_mg == pytest.approx(86.0, rel=0.1)
    assert adjusted.sd_between_mg == pytest.approx(40.0, rel=0.3)
    assert "shrunk toward the group mean" in adjusted.method


@pytest.mark.parametrize(
    ("frame", "match"),
    [
        (pd.DataFrame({"person_id": [1]}), "no column"),
        (pd.DataFrame({"person_id": [1], "magnesium_mg": [np.nan]}), "no person has a known"),
    ],
)
def test_cut_point_refuses_bad_input(frame: pd.DataFrame, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        prevalence_below_ear(frame, 265.0)


def test_adjustment_needs_repeat_days() -> None:
    one_day = pd.DataFrame({"person_id": [1, 2], "magnesium_mg": [200.0, 300.0]})
    with pytest.raises(ValueError, match="two or more known days"):
        prevalence_below_ear(one_day, 265.0, adjust_within_person=True)


@given(seed=st.integers(0, 1000), ear=ears_mg, adjust=st.booleans())
def test_prevalence_is_a_share(seed: int, ear: float, adjust: bool) -> None:
    result = prevalence_below_ear(_group(seed, people=30), ear, adjust_within_person=adjust)
    assert 0.0 <= result.prevalence <= 1.0
    assert result.n_people == 30
    assert result.prevalence == result.n_below / result.n_people
