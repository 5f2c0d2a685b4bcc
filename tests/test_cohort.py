"""Tests for mgcalc.cohort: resolved entries to daily tables, on pandas and on Dask."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given

import mgcalc as mg
from mgcalc import cohort
from mgcalc._data import data_file
from mgcalc.errors import InvalidLogError, UnknownOptionError
from mgcalc.intake import resolve_entries, totals
from mgcalc.resolve import Resolver
from strategies import nutrient_entries

SPINACH = "sr28:11458"  # Spinach, cooked, boiled: 87 mg Mg / 100 g (SR28)


@pytest.fixture(scope="module")
def table() -> mg.FoodTable:
    return mg.FoodTable.default()


def _reference_totals(entries: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The definition, spelled out with a group-mean fill (the original intake.totals)."""
    grams = entries["grams"].astype("float64")
    mean = grams.groupby([entries[k] for k in keys], dropna=False).transform("mean")
    weight = grams.fillna(mean).fillna(1.0)
    work = entries[keys].assign(
        magnesium_mg=entries["magnesium_mg"],
        calcium_mg=entries["calcium_mg"],
        grams=grams,
        weight=weight,
        mg_w=weight.where(entries["magnesium_mg"].notna(), 0.0),
        ca_w=weight.where(entries["calcium_mg"].notna(), 0.0),
        unresolved=(entries["status"] == "unresolved").astype("int64"),
    )
    g = work.groupby(keys, dropna=False, sort=True)
    out = pd.DataFrame(
        {
            "magnesium_mg": g["magnesium_mg"].sum(min_count=1),
            "calcium_mg": g["calcium_mg"].sum(min_count=1),
            "grams": g["grams"].sum(min_count=1),
            "coverage": g["mg_w"].sum() / g["weight"].sum(),
            "calcium_coverage": g["ca_w"].sum() / g["weight"].sum(),
            "n_entries": g.size(),
            "n_unresolved": g["unresolved"].sum(),
        }
    )
    return out.reset_index()


# -- per entry ------------------------------------------------------------------------------------
def test_entry_nutrients_spinach(table: mg.FoodTable) -> None:
    out = cohort.entry_nutrients(pd.DataFrame({"food_id": [SPINACH], "grams": [100.0]}), table)
    assert out["magnesium_mg"].iloc[0] == pytest.approx(87.0)
    assert out["status"].iloc[0] == "resolved"
    assert pd.isna(out["reason"].iloc[0])


def test_entry_nutrients_unusable_rows_are_unknown_not_zero(table: mg.FoodTable) -> None:
    entries = pd.DataFrame(
        {"food_id": ["nope:1", SPINACH, SPINACH, None], "grams": [50.0, np.nan, -1.0, 10.0]}
    )
    out = cohort.entry_nutrients(entries, table)
    assert out["magnesium_mg"].isna().all()
    assert out["status"].tolist() == ["unresolved"] * 4
    assert out["reason"].tolist() == [
        "unknown food id", "grams unknown", "negative grams", "unknown food id"
    ]  # fmt: skip


def test_entry_nutrients_categorical_ids_match_strings(table: mg.FoodTable) -> None:
    ids = [*table.foods["food_id"].head(50).tolist(), "nope:2"]
    strings = pd.DataFrame({"food_id": ids * 3, "grams": np.arange(153, dtype=float)})
    categorical = strings.assign(food_id=strings["food_id"].astype("category"))
    a = cohort.entry_nutrients(strings, table)
    b = cohort.entry_nutrients(categorical, table)
    pd.testing.assert_series_equal(a["magnesium_mg"], b["magnesium_mg"])
    pd.testing.assert_series_equal(a["calcium_mg"], b["calcium_mg"])


def test_entry_nutrients_needs_grams(table: mg.FoodTable) -> None:
    with pytest.raises(InvalidLogError, match="grams"):
        cohort.entry_nutrients(pd.DataFrame({"food_id": [SPINACH]}), table)


# -- totals: the laws ------------------------------------------------------------------------------
@given(nutrient_entries())
def test_totals_match_the_definition(entries: pd.DataFrame) -> None:
    for keys in (["person_id", "date"], ["person_id", "date", "meal"]):
        got = cohort.totals(entries, keys)
        expected = _reference_totals(entries, keys)
        pd.testing.assert_frame_equal(
            got, expected, check_dtype=False, check_index_type=False, rtol=1e-9
        )


@given(nutrient_entries(), nutrient_entries())
def test_partials_are_additive(first: pd.DataFrame, second: pd.DataFrame) -> None:
    keys = ["person_id", "date"]
    whole = cohort.daily_partials(pd.concat([first, second], ignore_index=True), keys)
    parts = (
        pd.concat([cohort.daily_partials(first, keys), cohort.daily_partials(second, keys)])
        .groupby(keys, sort=True, as_index=False)
        .sum()
    )
    pd.testing.assert_frame_equal(
        whole, parts, check_dtype=False, check_index_type=False, rtol=1e-9, atol=1e-6
    )


@given(nutrient_entries())
def test_totals_are_order_independent(entries: pd.DataFrame) -> None:
    shuffled = entries.sample(frac=1.0, random_state=0)
    pd.testing.assert_frame_equal(
        cohort.totals(entries, ["person_id", "date"]),
        cohort.totals(shuffled, ["person_id", "date"]),
        rtol=1e-9,
    )


@given(nutrient_entries())
def test_intake_totals_is_the_cohort_path(entries: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        totals(entries, ("person_id", "date")), cohort.totals(entries, ["person_id", "date"])
    )


# -- the daily table -------------------------------------------------------------------------------
def test_daily_table_is_analyze_daily_on_the_example_week(table: mg.FoodTable) -> None:
    log = mg.FoodLog.from_csv(data_file("example_week.csv"))
    person = mg.Person(age=34, sex="female")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mg.LowCoverageWarning)
        expected = mg.analyze(log, person, table=table).daily
    entries = resolve_entries(log.entries, table, Resolver(table, pins=log.pins))
    got = cohort.daily_table(entries, table, person, supplements=log.supplements)
    assert list(got.columns) == list(cohort.DAILY_COLUMNS)
    assert list(expected.columns) == list(cohort.DAILY_COLUMNS)
    for column in ("ratio_flag", "total_ratio_flag", "ul_status"):
        got[column] = got[column].astype(str)
        expected[column] = expected[column].astype(str)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def _day(food_id: str, grams: float, person: str = "a") -> dict[str, object]:
    return {"person_id": person, "date": pd.Timestamp("2026-11-20"), "food_id": food_id,
            "grams": grams}  # fmt: skip


def test_daily_table_unknown_magnesium_stays_unknown(table: mg.FoodTable) -> None:
    foods = table.foods
    no_mg = foods.loc[foods["magnesium_mg_per_100g"].isna(), "food_id"].iloc[0]
    day = cohort.daily_table(pd.DataFrame([_day(no_mg, 100.0)]), table).iloc[0]
    assert np.isnan(day["magnesium_mg"])
    assert day["coverage"] == 0.0
    assert day["ratio_flag"] == "indeterminate"


def test_daily_table_ul_is_strictly_above_and_supplements_only(table: mg.FoodTable) -> None:
    entries = pd.DataFrame([_day(SPINACH, 1000.0), _day(SPINACH, 10.0, "b")])  # 870 mg food
    ledger = pd.DataFrame(
        {"person_id": ["a", "b", "c"], "date": pd.to_datetime(["2026-11-20"] * 3),
         "source": ["supplement", "medication", "supplement"],
         "magnesium_mg": [350.0, 350.5, 100.0], "calcium_mg": [np.nan, np.nan, 200.0]}
    )  # fmt: skip
    daily = cohort.daily_table(entries, table, supplements=ledger).set_index("person_id")
    assert daily.loc["a", "ul_status"] == "within"  # food never counts against the UL
    assert daily.loc["b", "ul_status"] == "over"
    assert bool(daily.loc["b", "ul_exceeded"])
    # A day with doses and no food entries: food unknown, dose counted.
    assert daily.loc["c", "n_entries"] == 0
    assert np.isnan(daily.loc["c", "magnesium_mg"])
    assert daily.loc["c", "supplemental_magnesium_mg"] == 100.0


def test_daily_table_people_have_their_own_references(table: mg.FoodTable) -> None:
    entries = pd.DataFrame([_day(SPINACH, 100.0), _day(SPINACH, 100.0, "child")])
    people = {"a": mg.Person(age=34, sex="female"), "child": mg.Person(age=6, sex="male")}
    daily = cohort.daily_table(entries, table, people).set_index("person_id")
    assert daily.loc["a", "ul_mg"] == 350.0
    assert daily.loc["child", "ul_mg"] == 110.0
    assert daily.loc["a", "rda_mg"] == 320.0  # women 31-50 (IOM 1997)


def test_daily_table_without_person_uses_adult_ul(table: mg.FoodTable) -> None:
    daily = cohort.daily_table(pd.DataFrame([_day(SPINACH, 100.0)]), table)
    assert daily["ul_mg"].iloc[0] == cohort.ADULT_UL_MG
    assert np.isnan(daily["pct_rda"].iloc[0])


def test_daily_table_errors(table: mg.FoodTable) -> None:
    entries = pd.DataFrame([_day(SPINACH, 100.0)])
    with pytest.raises(InvalidLogError, match="person_id"):
        cohort.daily_table(entries.drop(columns="person_id"), table)
    with pytest.raises(ValueError, match="min_coverage"):
        cohort.daily_table(entries, table, min_coverage=1.5)
    with pytest.raises(UnknownOptionError, match="nonsense"):
        cohort.daily_table(entries, table, ratio_range="nonsense")


def test_is_dask() -> None:
    assert not cohort.is_dask(pd.DataFrame())


# -- Dask -----------------------------------------------------------------------------------------
def _generated_cohort(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = mg.FoodTable.default().foods["food_id"].sample(500, random_state=seed).to_numpy()
    per_person = 30  # 3 days x 10 entries
    people = np.repeat([f"p{i:05d}" for i in range(-(-n // per_person))], per_person)[:n]
    days = np.tile(np.repeat(pd.date_range("2026-01-01", periods=3).to_numpy(), 10), len(people))
    food_id = ids[rng.integers(0, len(ids), n)].astype(object)
    food_id[rng.random(n) < 0.01] = "nope:0"
    grams = rng.gamma(2.0, 60.0, n)
    grams[rng.random(n) < 0.01] = np.nan
    return pd.DataFrame({"person_id": people, "date": days[:n], "food_id": food_id, "grams": grams})


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.sort_values(["person_id", "date"]).reset_index(drop=True)
    out["person_id"] = out["person_id"].astype(object)
    for column in ("ratio_flag", "total_ratio_flag", "ul_status"):
        out[column] = out[column].astype(str)
    return out


def test_dask_daily_table_equals_pandas_synchronously(table: mg.FoodTable) -> None:
    dd = pytest.importorskip("dask.dataframe")
    import dask

    entries = _generated_cohort(3_000)
    ledger = pd.DataFrame(
        {"person_id": ["p00000", "zzz"], "date": pd.to_datetime(["2026-01-01"] * 2),
         "source": ["supplement", "medication"], "magnesium_mg": [400.0, 50.0],
         "calcium_mg": [np.nan, 10.0]}
    )  # fmt: skip
    person = mg.Person(age=34, sex="female")
    expected = cohort.daily_table(entries, table, person, supplements=ledger)
    lazy = cohort.daily_table(
        dd.from_pandas(entries, npartitions=5), table, person, supplements=ledger, split_out=2
    )
    assert cohort.is_dask(lazy)
    with dask.config.set(scheduler="sync"):
        got = lazy.compute()
    pd.testing.assert_frame_equal(_sorted(got), _sorted(expected))


@pytest.mark.slow  # starts a two-worker cluster
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dask_daily_table_on_a_two_worker_cluster(table: mg.FoodTable) -> None:
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")

    n_parts, rows = 8, 25_000

    def partition(index: int) -> pd.DataFrame:  # nested: sent to the workers by value
        part = _generated_cohort(rows, seed=index)
        part["person_id"] = f"{index}-" + part["person_id"]
        return part

    entries = pd.concat([partition(i) for i in range(n_parts)], ignore_index=True)
    expected = cohort.daily_table(entries, table)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        lazy_entries = dd.from_map(partition, range(n_parts))  # generated on the workers
        got = cohort.daily_table(lazy_entries, table).compute()
        got_totals = totals(cohort.entry_nutrients(lazy_entries, table), ("person_id",)).compute()
    pd.testing.assert_frame_equal(_sorted(got), _sorted(expected))
    expected_totals = totals(cohort.entry_nutrients(entries, table), ("person_id",))
    got_totals = got_totals.sort_values("person_id").reset_index(drop=True)
    got_totals["person_id"] = got_totals["person_id"].astype(object)
    expected_totals["person_id"] = expected_totals["person_id"].astype(object)
    pd.testing.assert_frame_equal(got_totals, expected_totals)


@pytest.mark.slow  # 100,000 entries
def test_daily_table_keeps_no_copy_of_the_days_it_does_not_need(table: mg.FoodTable) -> None:
    """Memory a cohort pays beyond its input and its daily table: the traced peak of
    ``daily_table`` on 100,000 coded entries (10,000 days) less what it returns stays
    within 1.6x the input frame (1.28x today; stacking every nutrient's daily columns into
    (nutrients x days) copies made it 1.98x)."""
    import tracemalloc

    n = 100_000
    rng = np.random.default_rng(7)
    foods = list(table)[:3000]
    entries = pd.DataFrame({
        "person_id": pd.Categorical(rng.integers(0, n // 100, n).astype(str)),
        "date": pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 10, n), unit="D"),
        "food_id": pd.Categorical(rng.choice(foods, n)),
        "grams": rng.random(n) * 300,
    })  # fmt: skip
    cohort.daily_table(entries.head(1_000), table)  # the table's lazy structures, built
    tracemalloc.start()
    try:
        daily = cohort.daily_table(entries, table)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(daily) == 10_000
    assert peak - kept <= 1.6 * entries.memory_usage(deep=False).sum()
