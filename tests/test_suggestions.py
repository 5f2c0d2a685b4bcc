"""Tests of mgcalc.suggestions: suggest() and rich_foods().

Every plan is checked against figures recomputed here from the USDA rows of the bundled
table and the analysis's own daily table, not against the solver's sums.
"""

from __future__ import annotations

import json
import math
import sys
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mgcalc as mg
from mgcalc.errors import (
    InvalidLogError,
    InvalidValueError,
    MissingExtraError,
    UnknownFoodError,
    UnknownOptionError,
)
from mgcalc.foods import VOLUME_UNITS_ML, FoodTable
from mgcalc.parse import MASS_UNITS_G, read_amount
from mgcalc.suggestions import (
    EXCLUSIONS,
    SUPPLEMENT_STEP_MG,
    Suggestion,
    food_tags,
    load_suggestion_foods,
    rich_foods,
    suggest,
)
from strategies import food_entry_rows, log_of

TABLE = FoodTable.default()
DATA = __import__("pathlib").Path(__file__).resolve().parents[1] / "data"


def _quiet_analyze(log: mg.FoodLog, person: mg.Person | None = None) -> mg.IntakeAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return mg.analyze(log, person)


@pytest.fixture(scope="module")
def week() -> mg.IntakeAnalysis:
    """The bundled example week, for a woman of 34 (the CLI's demo)."""
    return _quiet_analyze(mg.read_log(DATA / "example_week.csv"), mg.Person(age=34, sex="female"))


MAN_LINES = (
    "2 cups whole milk", "2 oz cheddar cheese", "2 slices white bread",
    "4 oz chicken breast roasted", "1 cup white rice cooked", "2 large eggs", "2 cups coffee",
    "1 cup cottage cheese",
)  # fmt: skip
"""A day low in magnesium and high in calcium: about 180 mg Mg and 1,430 mg Ca."""


@pytest.fixture(scope="module")
def man() -> mg.IntakeAnalysis:
    """A man of 50 eating :data:`MAN_LINES` on three days."""
    log = mg.FoodLog.from_lines(list(MAN_LINES), date="2026-11-16")
    for day in ("2026-11-17", "2026-11-18"):
        log = log.concat(mg.FoodLog.from_lines(list(MAN_LINES), date=day))
    return _quiet_analyze(log, mg.Person(age=50, sex="male"))


# -- an independent recomputation -----------------------------------------------------------


def _per_100g(food_id: str, column: str) -> float:
    value = TABLE.foods.set_index("food_id").loc[food_id, f"{column}_per_100g"]
    return 0.0 if column == "vitamin_d_ug" and pd.isna(value) else float(value)


def recompute(analysis: mg.IntakeAnalysis, plan: Suggestion) -> dict[str, Any]:
    """Per-day totals with the plan, from the USDA rows and the analysis's daily table."""
    daily = analysis.daily
    n = len(daily)
    dates = pd.to_datetime(daily["date"]).dt.normalize().to_numpy()
    food_day = daily["n_entries"].to_numpy() > 0
    prefix = "total_" if plan.basis == "total" else ""
    base = {
        "mg": daily[f"{prefix}magnesium_mg"].to_numpy(float),
        "ca": daily[f"{prefix}calcium_mg"].to_numpy(float),
        "ul_ca": np.nan_to_num(daily["calcium_mg"].to_numpy(float))
        + daily["water_calcium_mg"].to_numpy(float)
        + daily["supplemental_calcium_mg"].to_numpy(float),
        "ul_d": np.nan_to_num(daily["vitamin_d_ug"].to_numpy(float))
        + daily["supplemental_vitamin_d_ug"].to_numpy(float),
        "supp": daily["supplemental_magnesium_mg"].to_numpy(float),
        "kcal": daily["energy_kcal"].to_numpy(float),
    }
    add = {key: np.zeros(n) for key in ("mg", "ca", "d", "kcal", "supp")}
    entries = analysis.entries
    for change in plan.changes:
        if change.kind == "supplement":
            add["supp"] += change.magnesium_mg
            if plan.basis == "total":
                add["mg"] += change.magnesium_mg
            continue
        if change.kind in ("add", "increase"):
            grams = np.full(n, change.grams)
            removed = {key: np.zeros(n) for key in ("mg", "ca", "d", "kcal")}
        else:  # swap: the same grams of the new food on each day the old one was eaten
            rows = entries[(entries["food_id"] == change.replaces_food_id)
                           & (entries["status"] == "resolved")]  # fmt: skip
            grams, removed = np.zeros(n), {key: np.zeros(n) for key in ("mg", "ca", "d", "kcal")}
            for _, row in rows.iterrows():
                day = np.flatnonzero(dates == pd.Timestamp(row["date"]).normalize())[0]
                grams[day] += row["grams"]
                for key, column in (("mg", "magnesium_mg"), ("ca", "calcium_mg"),
                                    ("d", "vitamin_d_ug"), ("kcal", "energy_kcal")):  # fmt: skip
                    removed[key][day] += 0.0 if pd.isna(row[column]) else row[column]
        for key, column in (("mg", "magnesium_mg"), ("ca", "calcium_mg"),
                            ("d", "vitamin_d_ug"), ("kcal", "energy_kcal")):  # fmt: skip
            add[key] += grams * _per_100g(change.food_id, column) / 100.0 - removed[key]
    mg_mean = float(np.nanmean((base["mg"] + add["mg"])[food_day]))
    ca_mean = float(np.nanmean((base["ca"] + add["ca"])[food_day]))
    return {
        "magnesium_mg": mg_mean,
        "calcium_mg": ca_mean,
        "ratio": ca_mean / mg_mean,
        "calcium_days": base["ul_ca"] + add["ca"],
        "calcium_added": add["ca"],
        "calcium_before": base["ul_ca"],
        "vitamin_d_days": base["ul_d"] + add["d"],
        "vitamin_d_added": add["d"],
        "supplement_days": base["supp"] + add["supp"],
        "supplement_added": add["supp"],
        "energy_added": float(np.nanmean(add["kcal"][food_day])),
    }


def assert_meets_every_constraint(analysis: mg.IntakeAnalysis, plan: Suggestion) -> None:
    """The plan, recomputed from the USDA rows, meets every constraint it was asked to."""
    assert plan.feasible
    assert all(check.satisfied for check in plan.constraints), plan.constraints
    got = recompute(analysis, plan)
    assert got["magnesium_mg"] >= plan.target_mg * (1 - 1e-9)
    assert plan.ratio_range.low * (1 - 1e-9) <= got["ratio"] <= plan.ratio_range.high * (1 + 1e-9)
    refs = (plan.before.calcium_ul_mg, plan.before.vitamin_d_ul_ug)
    for ul, days, added in ((refs[0], got["calcium_days"], got["calcium_added"]),
                            (refs[1], got["vitamin_d_days"], got["vitamin_d_added"])):  # fmt: skip
        if ul is not None:
            assert np.all((days <= ul * (1 + 1e-9)) | (added <= 1e-9))
    if plan.energy_budget_kcal is not None:
        assert got["energy_added"] <= plan.energy_budget_kcal + 1e-6
    assert len(plan.changes) <= plan.max_changes
    if not plan.allow_supplements:
        assert not any(change.kind == "supplement" for change in plan.changes)
    elif plan.before.magnesium_ul_mg is not None:
        added = got["supplement_added"]
        assert np.all((got["supplement_days"] <= plan.before.magnesium_ul_mg) | (added <= 0))
    if plan.after is not None and plan.changes:
        assert plan.after.magnesium_mg == pytest.approx(got["magnesium_mg"], rel=1e-9)
        assert plan.after.calcium_mg == pytest.approx(got["calcium_mg"], rel=1e-9)


# -- the cases ----------------------------------------------------------------------


def test_example_week_reaches_the_rda_within_the_ratio_in_three_changes_or_fewer(week):
    plan = suggest(week)
    s = week.summary
    # the plan starts where the analysis is: total intake, ratio below range
    assert plan.before.magnesium_mg == pytest.approx(s.total_magnesium_mg)
    assert plan.before.calcium_mg == pytest.approx(s.total_calcium_mg)
    assert s.total_ratio_flag == "below"
    assert plan.before.ratio_flag == "below"
    assert plan.status == "ok"
    assert 1 <= len(plan.changes) <= 3
    assert plan.target_mg == 320.0
    assert plan.target_kind == "RDA"
    assert plan.after is not None
    assert plan.after.magnesium_mg >= 320.0
    assert 2.2 <= plan.after.calcium_mg / plan.after.magnesium_mg <= 3.2
    assert plan.after.ratio_flag == "within"
    assert_meets_every_constraint(week, plan)
    curated = load_suggestion_foods().set_index("food_id")
    for change in plan.changes:  # realistic: whole household portions within the maxima
        if change.kind in ("add", "increase") and change.food_id in curated.index:
            assert change.portions <= curated.loc[change.food_id, "max_portions"]
            assert change.grams == pytest.approx(
                change.portions * TABLE.grams(change.food_id, curated.loc[change.food_id,
                                                                          "portion"])
            )  # fmt: skip


MET_LINES = (
    "1 oz pumpkin seeds, roasted", "1 cup cooked spinach", "2 cups plain low fat yogurt",
    "1 cup cooked black beans", "2 slices whole wheat bread", "1 medium banana", "1 cup 2% milk",
)  # fmt: skip
"""A day whose food alone meets a woman's RDA with Ca:Mg within 2.2-3.2."""


def test_a_day_already_meeting_every_constraint_needs_no_change():
    day = _quiet_analyze(
        mg.FoodLog.from_lines(MET_LINES, date="2026-11-20"), mg.Person(age=34, sex="female")
    )
    assert day.summary.magnesium_mg is not None
    assert day.summary.magnesium_mg >= 320.0
    assert day.summary.ratio_flag == "within"
    plan = suggest(day, basis="food")
    assert plan.status == "already_met"
    assert plan.changes == ()
    assert plan.before.magnesium_mg == pytest.approx(day.summary.magnesium_mg)
    assert plan.before.ca_mg_ratio == pytest.approx(day.summary.ca_mg_ratio)


def test_man_of_50_gets_more_magnesium_without_leaving_the_ratio_range_and_no_supplement(man):
    s = man.summary
    assert s.total_magnesium_mg == pytest.approx(181, abs=2)
    assert s.total_calcium_mg == pytest.approx(1400, abs=30)  # the "about 1,400 mg"
    plan = suggest(man, allow_supplements=False)
    assert plan.status == "ok"
    assert plan.after is not None
    assert plan.after.magnesium_mg > plan.before.magnesium_mg
    assert plan.after.magnesium_mg >= 420.0  # IOM RDA, men 31-70 y
    assert 2.2 <= plan.after.ca_mg_ratio <= 3.2
    assert all(change.kind != "supplement" for change in plan.changes)
    assert_meets_every_constraint(man, plan)


def test_a_supplement_only_when_allowed_and_food_cannot_do_it(man):
    everything = list(EXCLUSIONS)
    without = suggest(man, exclude=everything)
    assert without.status == "infeasible"
    plan = suggest(man, exclude=everything, allow_supplements=True)
    assert plan.status == "ok"
    (change,) = plan.changes
    assert change.kind == "supplement"
    assert change.magnesium_mg % SUPPLEMENT_STEP_MG == 0
    assert change.magnesium_mg <= 350.0  # IOM UL for supplemental magnesium, 9 y and older
    assert_meets_every_constraint(man, plan)
    # food first: with foods available, the same number of changes uses none
    food_first = suggest(man, allow_supplements=True)
    assert all(c.kind != "supplement" for c in food_first.changes)


def test_an_energy_budget_of_10_kcal_is_explained_not_raised(week):
    """One change within 10 kcal a day cannot lift the ratio into range (a swap can lower
    energy, so the budget binds with the number of changes)."""
    plan = suggest(week, energy_budget_kcal=10, max_changes=1)
    assert plan.status == "infeasible"
    assert not plan.feasible
    assert plan.changes == ()
    assert plan.after is None
    names = {short.name for short in plan.shortfalls}
    assert "energy_budget" in names
    energy = next(short for short in plan.shortfalls if short.name == "energy_budget")
    assert energy.best > 10
    assert energy.gap == pytest.approx(energy.best - 10)
    assert "kcal" in energy.text
    assert "budget" in energy.text
    text = str(plan)
    assert "No plan meets every constraint" in text
    assert "Traceback" not in text
    json.loads(plan.model_dump_json())  # serialisable


def test_removing_the_budget_of_the_infeasible_case_makes_it_feasible(week):
    assert suggest(week, energy_budget_kcal=10, max_changes=1).status == "infeasible"
    assert suggest(week, max_changes=1).feasible


def test_an_unreachable_target_names_the_magnesium_shortfall(man):
    plan = suggest(man, target=2000.0, ratio_range=(0.1, 10.0))
    assert plan.status == "infeasible"
    short = next(s for s in plan.shortfalls if s.name == "magnesium_target")
    assert short.best < 2000
    assert short.gap == pytest.approx(2000 - short.best)


# -- options --------------------------------------------------------------------------------


def test_exclusions_leave_out_their_foods_own_ones_too(man):
    plan = suggest(man, exclude=["nuts", "seeds", "dairy"])
    assert plan.feasible
    for change in plan.changes:
        tags = food_tags(change.description)
        assert not tags & {"tree_nuts", "peanuts", "seeds", "sesame", "dairy"}, change
    # the man's own milk and cheese are dairy: not increased, nor swapped into
    own = suggest(man, exclude=["dairy"], target=190.0, ratio_range=(0.1, 100.0))
    assert own.feasible
    assert all("dairy" not in food_tags(change.description) for change in own.changes)


def test_a_food_id_can_be_excluded(man):
    first = suggest(man)
    chosen = first.changes[0].food_id
    again = suggest(man, exclude=[chosen])
    assert chosen not in {change.food_id for change in again.changes}


def test_vegan_plans_have_no_animal_foods(man):
    plan = suggest(man, vegan=True)
    assert plan.diet == "vegan"
    for change in plan.changes:
        assert not food_tags(change.description) & {"dairy", "egg", "fish", "meat", "shellfish"}


def test_the_persons_own_foods_are_preferred():
    log = mg.FoodLog.from_lines(["1/2 cup spinach, boiled", "1 cup white rice, cooked",
                                 "1 cup whole milk"], date="2026-11-20")  # fmt: skip
    analysis = _quiet_analyze(log, mg.Person(age=40, sex="female"))
    own = suggest(analysis)
    assert own.feasible
    assert any(change.own_food for change in own.changes)


def test_every_option_is_recorded_and_the_plan_serialises(week):
    plan = suggest(week, exclude=["nuts"], max_changes=2, prefer="none", target="ear")
    assert plan.exclude == ("nuts",)
    assert plan.max_changes == 2
    assert plan.prefer == "none"
    assert plan.target_kind == "EAR"
    assert plan.target_mg == 265.0
    again = Suggestion.model_validate_json(plan.model_dump_json())
    assert again.summary_lines() == plan.summary_lines()
    assert all(isinstance(line, str) and line for line in plan.summary_lines())


def test_a_custom_target_without_a_person():
    log = mg.FoodLog.from_lines(["1 cup white rice, cooked"], date="2026-11-20")
    plan = suggest(_quiet_analyze(log), target=300)
    assert plan.target_kind == "custom"
    assert plan.after is not None
    assert plan.after.magnesium_mg >= 300
    assert plan.after.pct_rda is None


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"prefer": "cheap"}, UnknownOptionError, "prefer='cheap'"),
        ({"basis": "water"}, UnknownOptionError, "basis='water'"),
        ({"exclude": ["nutz"]}, UnknownOptionError, "exclude='nutz'.*tree_nuts"),
        ({"exclude": ["sr28:99999"]}, UnknownFoodError, "sr28:99999"),
        ({"extra_foods": ["sr28:99999"]}, UnknownFoodError, "sr28:99999"),
        ({"target": "max"}, UnknownOptionError, "target='max'"),
        ({"target": -5}, InvalidValueError, "positive"),
        ({"max_changes": -1}, InvalidValueError, "max_changes"),
        ({"energy_budget_kcal": math.inf}, InvalidValueError, "energy_budget_kcal"),
        ({"ratio_range": "nonsense"}, UnknownOptionError, "nonsense"),
    ],
)
def test_bad_options_are_refused_with_what_is_valid(week, kwargs, error, match):
    with pytest.raises(error, match=match):
        suggest(week, **kwargs)


def test_rda_target_needs_a_person():
    analysis = _quiet_analyze(mg.FoodLog.from_lines(["1 cup rice"], date="2026-11-20"))
    with pytest.raises(InvalidValueError, match="needs the person's reference values"):
        suggest(analysis)


def test_one_person_at_a_time_and_an_analysis_only():
    rows = pd.DataFrame({"date": ["2026-11-20", "2026-11-20"], "food": ["rice", "milk"],
                         "amount": [100, 200], "unit": ["g", "g"],
                         "person_id": ["a", "b"]})  # fmt: skip
    analysis = _quiet_analyze(mg.FoodLog.from_frame(rows))
    with pytest.raises(InvalidLogError, match="one person"):
        suggest(analysis, target=300)
    with pytest.raises(InvalidLogError, match="IntakeAnalysis"):
        suggest("log.csv")  # type: ignore[arg-type]


def test_scipy_missing_says_which_extra_to_install(week, monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    with pytest.raises(MissingExtraError, match=r"mgcalc\[suggest\]"):
        suggest(week)


# -- tags and the curated data --------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "tags"),
    [
        ("Nuts, almonds, dry roasted, without salt added", {"tree_nuts"}),
        ("Peanuts, all types, dry-roasted, without salt", {"peanuts"}),
        ("Beverages, almond milk, unsweetened, shelf stable", {"tree_nuts"}),
        ("Soymilk (all flavors), unsweetened, with added calcium", {"soy"}),
        ("Cheese, cheddar", {"dairy"}),
        ("Bread, whole-wheat, commercially prepared", {"gluten"}),
        ("Buckwheat groats, roasted, cooked", set()),
        ("Seeds, sesame butter, tahini", {"seeds", "sesame"}),
        ("Fish, sardine, Atlantic, canned in oil", {"fish"}),
        ("Egg, whole, raw, fresh", {"egg"}),
        ("Eggplant, raw", set()),
        ("Peanut butter, smooth style, without salt", {"peanuts"}),
    ],
)
def test_food_tags_from_the_description(description, tags):
    assert food_tags(description) == tags


def test_every_curated_food_is_a_usda_food_with_its_values_and_a_real_portion():
    foods = load_suggestion_foods()
    assert foods["food_id"].is_unique
    assert len(foods) >= 40
    for row in foods.itertuples():
        assert row.food_id in TABLE, row.food_id
        food = TABLE[row.food_id]
        for column in ("magnesium_mg_per_100g", "calcium_mg_per_100g", "energy_kcal_per_100g"):
            assert not math.isnan(getattr(food, column)), (row.food_id, column)
        amount = read_amount(row.portion)
        units = {p.unit for p in food.portions}
        words = set(" ".join(p.measure for p in food.portions).replace(",", " ").split())
        assert (
            amount.unit in MASS_UNITS_G
            or amount.unit in units | words
            or amount.unit + "s" in words
            or (amount.unit in VOLUME_UNITS_ML and units & set(VOLUME_UNITS_ML))
        ), (row.food_id, row.portion, units)
        assert TABLE.grams(row.food_id, row.portion) > 0
        assert 1 <= row.max_portions <= 2
        assert row.diet in ("vegan", "vegetarian", "omnivore")
        hand = set(row.tags.split(";"))
        assert hand <= set().union(*EXCLUSIONS.values()), row.tags
        words = food_tags(food.description)
        assert words <= hand, (row.food_id, words - hand)  # the CSV misses no allergen word


def test_the_curated_foods_hold_the_ods_sources_at_their_usda_values():
    """ODS Table 2 foods keep the ids decided in tests/data/ods_servings.csv."""
    ods = pd.read_csv(DATA.parent / "tests" / "data" / "ods_servings.csv")
    ours = set(load_suggestion_foods()["food_id"])
    shared = {"sr28:12016", "sr28:12006", "sr28:12063", "sr28:11458", "sr28:12085",
              "sr28:08147", "sr28:16015", "sr28:11212", "sr28:20037", "sr28:01117",
              "sr28:09040", "sr28:15237", "sr28:15037", "sr28:18075", "sr28:09037"}  # fmt: skip
    assert shared <= ours & set(ods["food_id"].dropna())
    pumpkin = rich_foods("per_portion", limit=1).iloc[0]
    assert pumpkin["food_id"] == "sr28:12016"
    assert pumpkin["magnesium_mg_per_portion"] == pytest.approx(155.9, abs=0.1)  # ODS: 156


def test_every_group_rule_names_a_food_group_of_the_table():
    rules = pd.read_csv(DATA / "suggestion_groups.csv", keep_default_na=False)
    groups = set(zip(TABLE.foods["source"], TABLE.foods["food_group"], strict=True))
    for row in rules.itertuples():
        assert (row.source, row.food_group) in groups, row
        assert row.increase in ("yes", "no")


# -- rich_foods -----------------------------------------------------------------------------


def test_rich_foods_rankings():
    per_100g = rich_foods("per_100g", limit=None)
    assert per_100g["magnesium_mg_per_100g"].is_monotonic_decreasing
    assert len(per_100g) == len(load_suggestion_foods())
    per_kcal = rich_foods("per_100kcal", limit=3)
    assert set(per_kcal["tags"].str.split(";").explode()) >= {"leafy_greens"}
    nuts = rich_foods("per_100g", group="nuts")
    assert set(nuts["food_id"]) >= {"sr28:12063", "sr28:16390"}  # tree nuts and peanuts
    assert nuts["tags"].str.contains("nuts|peanuts").all()
    spinach = per_100g.set_index("food_id").loc["sr28:11458"]
    assert spinach["magnesium_mg_per_100g"] == 87.0  # SR28 11458
    assert spinach["magnesium_mg_per_portion"] == pytest.approx(78.3)  # 1/2 cup, 90 g
    assert spinach["magnesium_mg_per_100kcal"] == pytest.approx(100 * 87 / 23)
    everything = rich_foods("per_100g", pool="all", limit=5)
    assert len(everything) == 5
    assert everything["magnesium_mg_per_100g"].iloc[0] >= 700


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"by": "per_cup"}, "by='per_cup'"), ({"group": "candy"}, "group='candy'"),
     ({"pool": "mine"}, "pool='mine'")],
)  # fmt: skip
def test_rich_foods_refuses_unknown_keys(kwargs, match):
    with pytest.raises(UnknownOptionError, match=match):
        rich_foods(**kwargs)


def test_the_public_names():
    assert mg.suggest is suggest
    assert mg.rich_foods is rich_foods
    assert mg.Suggestion is Suggestion
    import mgcalc.suggestions  # noqa: F401  (importing the module keeps mg.suggest the function)

    assert callable(mg.suggest)
    assert mg.suggest is suggest


# -- properties -----------------------------------------------------------------------------

_options = st.fixed_dictionaries(
    {
        "max_changes": st.integers(min_value=0, max_value=4),
        "exclude": st.lists(st.sampled_from(sorted(EXCLUSIONS)), max_size=3, unique=True),
        "allow_supplements": st.booleans(),
        "vegetarian": st.booleans(),
        "target": st.one_of(st.just("rda"), st.floats(min_value=50, max_value=700)),
        "basis": st.sampled_from(["total", "food"]),
    }
)


def _analysis_of(rows: list[dict[str, object]], age: float, sex: str) -> mg.IntakeAnalysis:
    return _quiet_analyze(log_of(rows), mg.Person(age=age, sex=sex))


@settings(max_examples=25)
@given(
    rows=food_entry_rows(min_size=1, max_size=8),
    age=st.sampled_from([25.0, 45.0, 60.0, 80.0]),
    sex=st.sampled_from(["female", "male"]),
    options=_options,
    budget=st.one_of(st.none(), st.floats(min_value=-100, max_value=800)),
)
def test_every_returned_plan_meets_every_constraint_it_claims(rows, age, sex, options, budget):
    analysis = _analysis_of(rows, age, sex)
    plan = suggest(analysis, energy_budget_kcal=budget, **options)
    assert plan.status in ("ok", "already_met", "infeasible")
    if plan.feasible:
        assert_meets_every_constraint(analysis, plan)
    else:
        assert plan.changes == ()
        assert plan.after is None


@settings(max_examples=25)
@given(
    rows=food_entry_rows(min_size=1, max_size=8),
    sex=st.sampled_from(["female", "male"]),
    budget=st.floats(min_value=-100, max_value=600),
    max_changes=st.integers(min_value=1, max_value=3),
)
def test_removing_the_energy_budget_never_makes_a_feasible_problem_infeasible(
    rows, sex, budget, max_changes
):
    analysis = _analysis_of(rows, 40.0, sex)
    with_budget = suggest(analysis, energy_budget_kcal=budget, max_changes=max_changes)
    without = suggest(analysis, max_changes=max_changes)
    if with_budget.feasible:
        assert without.feasible
        assert len(without.changes) <= len(with_budget.changes)


# -- the command line -----------------------------------------------------------------------


def test_cli_suggest_prints_the_plan_in_plain_words(capsys):
    from mgcalc.cli import main

    week = str(DATA / "example_week.csv")
    assert main(["suggest", week, "--age", "34", "--sex", "female"]) == 0
    out = capsys.readouterr().out
    assert "mean total magnesium" in out
    assert "Ca:Mg" in out
    assert "not medical advice" in out
    assert main(["suggest", week, "--age", "34", "--sex", "female", "--budget-kcal", "10",
                 "--max-changes", "1", "--exclude", "sr28:12063,fish",
                 "--exclude", "meat"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "No plan meets every constraint" in out
    assert "Energy:" in out
    assert main(["suggest", week, "--age", "34", "--sex", "female", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["status"] == "ok"
    assert payload["changes"]


def test_cli_suggest_bad_input_is_one_line(capsys):
    from mgcalc.cli import main

    week = str(DATA / "example_week.csv")
    assert main(["suggest", week, "--age", "34", "--sex", "female", "--exclude", "nutz"]) == 2
    assert "exclude='nutz' is not valid" in capsys.readouterr().err
    assert main(["suggest", week, "--age", "34", "--sex", "female", "--target", "lots"]) == 2
    assert "--target 'lots'" in capsys.readouterr().err


@pytest.mark.slow
def test_the_benchmark_runs_and_says_what_it_measured():
    """benchmarks/suggest.py at its quick size: one JSON line with the harness's keys (no
    timing is asserted here; CI machines vary)."""
    import subprocess

    script = DATA.parent / "benchmarks" / "suggest.py"
    done = subprocess.run(
        [sys.executable, str(script), "--quick"], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    line = json.loads(done.stdout.strip().splitlines()[-1])
    assert line["name"] == "suggest"
    assert line["n"] == line["pool"] == 200
    assert line["days"] == 7
    assert line["status"] == "ok"
    assert line["plain_milp_status"] == 0
    assert line["seconds"] > 0
    assert line["ratio"] == pytest.approx(line["seconds"] / line["baseline_seconds"])
