"""Tests for :mod:`mgcalc.log`: FoodLog, its builders (lines, CSV, DataFrame, add), the
supplement ledger, pins, and saving (CSV and JSON round trips)."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given

from mgcalc._data import data_file
from mgcalc.errors import DoseError, InvalidLogError, MgcalcError, UntrackedNutrientWarning
from mgcalc.log import ENTRY_COLUMNS, SUPPLEMENT_COLUMNS, FoodLog
from strategies import food_entry_rows, log_of, saved_logs

EXAMPLE_WEEK = data_file("example_week.csv")


def _write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _assert_same_log(back: FoodLog, log: FoodLog) -> None:
    """Entries, ledger and pins identical: values exact, dtypes as declared."""
    pd.testing.assert_frame_equal(back.entries, log.entries, check_exact=True)
    pd.testing.assert_frame_equal(back.supplements, log.supplements, check_exact=True)
    assert back.pins == log.pins


# -- from_lines --------------------------------------------------------------------------------


def test_from_lines_keeps_one_row_per_line_with_its_text() -> None:
    log = FoodLog.from_lines(
        ["1 oz almonds", "  ", "1 cup plain yogurt, low fat "], date="2026-11-20", meal="lunch"
    )
    entries = log.entries
    # every line is kept, the blank one too: it comes back unresolved as "empty line"
    assert len(log) == 3
    assert entries["text"].tolist() == ["1 oz almonds", "", "1 cup plain yogurt, low fat"]
    assert (entries["date"] == pd.Timestamp("2026-11-20")).all()
    assert entries["meal"].tolist() == ["lunch"] * 3
    assert entries["person_id"].tolist() == ["default"] * 3
    assert entries["source"].tolist() == ["text"] * 3
    assert entries["entry_id"].tolist() == [1, 2, 3]
    assert entries["food_id"].isna().all()
    assert entries["amount"].isna().all()
    assert len(log.supplements) == 0


def test_entries_have_the_declared_columns_in_order() -> None:
    log = FoodLog.from_lines(["1 oz almonds"], date="2026-11-20")
    assert list(log.entries.columns) == list(ENTRY_COLUMNS)
    assert list(log.supplements.columns) == list(SUPPLEMENT_COLUMNS)
    assert log.entries["date"].dtype == np.dtype("datetime64[ns]")


def test_entries_dtypes_are_the_declared_ones_for_every_builder() -> None:
    built = [
        FoodLog.from_lines(["1 oz almonds"], date="2026-11-20"),
        FoodLog.from_frame(pd.DataFrame({"date": ["2026-11-20"], "food": ["1 oz almonds"]})),
        FoodLog().add("1 oz almonds", date="2026-11-20"),
    ]
    for log in built:
        assert log.entries.dtypes.astype(str).to_dict() == ENTRY_COLUMNS


def test_entries_is_a_copy() -> None:
    log = FoodLog.from_lines(["1 oz almonds"], date="2026-11-20")
    entries = log.entries
    entries.loc[0, "text"] = "changed"
    assert log.entries.loc[0, "text"] == "1 oz almonds"


# -- from_frame --------------------------------------------------------------------------------


def test_from_frame_reads_amount_unit_and_food_id() -> None:
    frame = pd.DataFrame(
        {
            "Date": ["2026-11-20", "2026-11-21"],
            "Meal": ["lunch", None],
            "Food": ["almonds", "spinach"],
            "Amount": ["30 g", "0.5"],
            "Unit": [None, "cup"],
            "food_id": ["sr28:12063", " "],
        }
    )
    entries = FoodLog.from_frame(frame).entries
    assert entries["amount"].tolist() == [30.0, 0.5]
    assert entries["unit"].tolist() == ["g", "cup"]
    assert entries["food_id"].iloc[0] == "sr28:12063"
    assert pd.isna(entries["food_id"].iloc[1])  # a blank id pins nothing
    assert entries["meal"].tolist() == ["lunch", None]
    assert entries["source"].tolist() == ["frame", "frame"]


def test_from_frame_renames_columns() -> None:
    frame = pd.DataFrame({"Day": ["2026-11-20"], "What I ate": ["1 oz almonds"]})
    log = FoodLog.from_frame(frame, columns={"What I ate": "food"})
    assert log.entries["text"].tolist() == ["1 oz almonds"]
    assert log.entries["date"].tolist() == [pd.Timestamp("2026-11-20")]


def test_from_frame_without_a_food_column_names_the_columns_it_has() -> None:
    frame = pd.DataFrame({"date": ["2026-11-20"], "dish": ["almonds"]})
    with pytest.raises(InvalidLogError, match=r"no food column.*dish") as info:
        FoodLog.from_frame(frame)
    assert info.value.column == "food"


def test_from_frame_without_a_date_column_raises() -> None:
    with pytest.raises(InvalidLogError, match="no date column"):
        FoodLog.from_frame(pd.DataFrame({"food": ["1 oz almonds"]}))


def test_from_frame_lists_every_unreadable_date() -> None:
    frame = pd.DataFrame(
        {"date": ["2026-11-20", "yesterday", "2026-11-21", "32/13/2026"], "food": ["a"] * 4}
    )
    with pytest.raises(InvalidLogError, match="unreadable date") as info:
        FoodLog.from_frame(frame)
    assert info.value.rows == (2, 4)
    assert info.value.column == "date"


def test_from_frame_lists_every_empty_food_cell() -> None:
    frame = pd.DataFrame({"date": ["2026-11-20"] * 3, "food": ["almonds", "", None]})
    with pytest.raises(InvalidLogError, match="empty food cell") as info:
        FoodLog.from_frame(frame)
    assert info.value.rows == (2, 3)


def test_from_frame_lists_every_amount_that_is_not_a_number() -> None:
    frame = pd.DataFrame(
        {"date": ["2026-11-20"] * 3, "food": ["a", "b", "c"], "amount": ["30", "lots", "a few"]}
    )
    with pytest.raises(InvalidLogError, match="amount is not a number") as info:
        FoodLog.from_frame(frame)
    assert info.value.rows == (2, 3)
    assert info.value.column == "amount"


def test_from_frame_rejects_an_unknown_kind() -> None:
    frame = pd.DataFrame(
        {"date": ["2026-11-20"] * 2, "food": ["a", "b"], "kind": ["food", "vitamin"]}
    )
    with pytest.raises(InvalidLogError, match="kind must be") as info:
        FoodLog.from_frame(frame)
    assert info.value.rows == (2,)


@given(food_entry_rows(min_size=0, max_size=15))
def test_from_frame_conserves_rows(rows: list[dict[str, object]]) -> None:
    log = log_of(rows)
    assert isinstance(log, FoodLog)
    assert len(log) == len(rows)
    assert log.entries["food_id"].tolist() == [row["food_id"] for row in rows]
    assert log.entries["amount"].tolist() == [row["amount"] for row in rows]


# -- from_csv, and supplement rows going to the ledger ------------------------------------------


def test_from_csv_reads_the_example_week() -> None:
    log = FoodLog.from_csv(EXAMPLE_WEEK)
    raw = pd.read_csv(EXAMPLE_WEEK, dtype=str, keep_default_na=False)
    is_dose = raw["kind"].isin(["supplement", "medication"])
    assert len(log) == int((~is_dose).sum()) == 67
    assert len(log.supplements) == int(is_dose.sum()) == 4
    assert log.entries["source"].eq("csv").all()
    assert log.entries["date"].nunique() == 7
    # entry ids are the CSV data rows, so an error naming an entry names the row
    expected_ids = [i + 1 for i in np.flatnonzero(~is_dose.to_numpy())]
    assert log.entries["entry_id"].tolist() == expected_ids
    pinned = log.entries.dropna(subset=["food_id"])
    assert set(pinned["food_id"]) == {"sr28:04145", "sr28:14099"}


def test_from_csv_sends_supplement_and_medication_rows_to_the_ledger() -> None:
    ledger = FoodLog.from_csv(EXAMPLE_WEEK).supplements
    assert ledger["source"].tolist() == ["supplement", "supplement", "medication", "supplement"]
    glycinate = ledger[ledger["product"] == "magnesium glycinate"]
    assert glycinate["magnesium_mg"].tolist() == [120.0, 120.0, 120.0]
    assert glycinate["basis"].eq("elemental").all()
    milk_of_magnesia = ledger[ledger["source"] == "medication"].iloc[0]
    assert milk_of_magnesia["product"] == "Milk of Magnesia"
    assert milk_of_magnesia["basis"] == "compound"
    assert milk_of_magnesia["date"] == pd.Timestamp("2026-11-20")
    # 2400 mg Mg(OH)2 x 24.305/58.319 (magnesium's share of the hydroxide) = 1000.2 mg
    assert milk_of_magnesia["magnesium_mg"] == pytest.approx(2400 * 24.305 / 58.319, rel=1e-3)


def test_from_csv_supplement_row_with_basis_and_form(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "date,food,amount,unit,kind,basis,form\n"
        "2026-11-20,1 oz almonds,,,,,\n"
        "2026-11-20,Mag-Ox,400,mg,supplement,compound,magnesium oxide\n"
        "2026-11-20,Tums-like antacid,200,mg,medication,elemental,\n",
    )
    log = FoodLog.from_csv(path)
    assert log.entries["text"].tolist() == ["1 oz almonds"]
    ledger = log.supplements
    assert ledger["product"].tolist() == ["Mag-Ox", "Tums-like antacid"]
    assert ledger["source"].tolist() == ["supplement", "medication"]
    assert ledger["basis"].tolist() == ["compound", "elemental"]
    # MgO: 24.305 / 40.304 of its mass is magnesium (about 60.3 %)
    assert ledger["magnesium_mg"].iloc[0] == pytest.approx(400 * 24.305 / 40.304, rel=1e-3)
    # 0.1 counted this row as 200 mg of magnesium; Tums is calcium carbonate, so 0.2 (issue
    # 13: a calcium compound is never magnesium) counts 200 mg of calcium and no magnesium
    assert ledger["calcium_mg"].iloc[1] == 200.0
    assert math.isnan(ledger["magnesium_mg"].iloc[1])


def test_from_csv_supplement_row_without_an_amount_raises(tmp_path: Path) -> None:
    path = _write(tmp_path, "date,food,amount,kind,basis\n2026-11-20,glycinate,,supplement,\n")
    with pytest.raises(InvalidLogError, match="needs an amount"):
        FoodLog.from_csv(path)


def test_from_csv_of_a_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(InvalidLogError, match=r"cannot read nowhere\.csv"):
        FoodLog.from_csv(tmp_path / "nowhere.csv")


def test_from_csv_reads_amounts_written_with_their_unit(tmp_path: Path) -> None:
    path = _write(tmp_path, "date,food,amount\n2026-11-20,almonds,30 g\n2026-11-20,milk,1.5 cup\n")
    entries = FoodLog.from_csv(path).entries
    assert entries["amount"].tolist() == [30.0, 1.5]
    assert entries["unit"].tolist() == ["g", "cup"]


# -- add, add_supplement, pin, concat ----------------------------------------------------------


def test_add_chains_and_numbers_entries() -> None:
    log = FoodLog()
    returned = log.add("1 oz almonds", date="2026-11-20").add(
        "spinach", food_id="sr28:11458", amount=90, unit="g", date="2026-11-21", meal="dinner"
    )
    assert returned is log
    entries = log.entries
    assert entries["entry_id"].tolist() == [1, 2]
    assert entries["food_id"].tolist() == [None, "sr28:11458"]
    assert entries["amount"].iloc[1] == 90.0
    assert math.isnan(entries["amount"].iloc[0])
    assert entries["source"].eq("add").all()
    assert repr(log) == "<FoodLog: 2 entries, 0 supplement doses, 1 person, 2 days>"


@pytest.mark.parametrize("amount", [math.inf, -math.inf, math.nan])
def test_add_rejects_an_amount_that_is_not_finite(amount: float) -> None:
    with pytest.raises(InvalidLogError, match="not a finite number"):
        FoodLog().add("almonds", amount=amount, unit="g", date="2026-11-20")


def test_add_supplement_puts_the_elemental_daily_dose_in_the_ledger() -> None:
    log = FoodLog().add("1 oz almonds", date="2026-11-20")
    log.add_supplement(  # 0.2: a name that says no nutrient needs nutrient= (issue 13)
        "antacid",
        amount="400 mg",
        basis="elemental",
        source="medication",
        date="2026-11-20",
        nutrient="magnesium",
    )
    log.add_supplement(
        "magnesium glycinate", amount="100 mg", basis="elemental", servings_per_day=2,
        units_per_serving=1.5, date="2026-11-20",
    )  # fmt: skip
    assert len(log) == 1  # doses are not food
    ledger = log.supplements
    assert ledger["source"].tolist() == ["medication", "supplement"]
    assert ledger["magnesium_mg"].tolist() == [400.0, 300.0]
    assert ledger["entry_id"].tolist() == [2, 3]  # ids are unique across entries and doses


def test_add_supplement_with_an_ambiguous_dose_raises_a_dose_error() -> None:
    with pytest.raises(DoseError, match="basis='elemental'") as info:
        FoodLog().add_supplement("magnesium oxide", amount="500 mg", date="2026-11-20")
    assert isinstance(info.value, MgcalcError)
    assert isinstance(info.value, ValueError)
    assert (info.value.product, info.value.amount) == ("magnesium oxide", "500 mg")


def test_pin_keys_by_normalised_text() -> None:
    log = FoodLog().pin("  Grandma's  Casserole. ", "sr28:11458")
    assert log.pins == {"grandma's casserole": "sr28:11458"}


def test_concat_renumbers_the_second_log() -> None:
    first = FoodLog.from_lines(["1 oz almonds", "1 banana"], date="2026-11-20").pin("x", "sr28:1")
    second = FoodLog().add("1 cup milk", date="2026-11-21")
    second.add_supplement("glycinate", amount="100 mg", basis="elemental", date="2026-11-21")
    second.pin("y", "sr28:2")
    both = first.concat(second)
    assert both.entries["entry_id"].tolist() == [1, 2, 3]
    assert both.supplements["entry_id"].tolist() == [4]
    assert both.entries["text"].tolist() == ["1 oz almonds", "1 banana", "1 cup milk"]
    assert both.pins == {"x": "sr28:1", "y": "sr28:2"}
    assert len(first) == 2  # the originals are unchanged


# -- saving: round trips -----------------------------------------------------------------------


@given(saved_logs())
def test_json_round_trip_is_identical(log: FoodLog) -> None:
    back = FoodLog.from_json(log.to_json())
    _assert_same_log(back, log)
    assert back == log


@given(saved_logs())
def test_csv_round_trip_is_identical(log: FoodLog) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        log.to_csv(path)
        back = FoodLog.from_csv(path)
    _assert_same_log(back, log)
    assert back == log


def test_json_round_trip_through_a_file(tmp_path: Path) -> None:
    log = FoodLog.from_csv(EXAMPLE_WEEK).pin("grandma's sunday casserole", "sr28:22904")
    path = tmp_path / "week.json"
    log.to_json(path)
    assert FoodLog.from_json(path) == FoodLog.from_json(log.to_json())
    assert FoodLog.from_json(path).pins == {"grandma's sunday casserole": "sr28:22904"}


def test_json_round_trip_of_a_log_read_from_lines_or_csv() -> None:
    for log in (
        FoodLog.from_lines(["1 oz almonds", "½ cup spinach, boiled"], date="2026-11-20"),
        FoodLog.from_csv(EXAMPLE_WEEK),
    ):
        assert FoodLog.from_json(log.to_json()) == log


def test_json_round_trip_keeps_every_digit() -> None:
    log = FoodLog().add("spinach", food_id="sr28:11458", amount=1 / 3, unit="g", date="2026-11-20")
    log.add_supplement("Mag", amount="0.123456789012345 g", basis="elemental", date="2026-11-20")
    _assert_same_log(FoodLog.from_json(log.to_json()), log)


def test_csv_round_trip_keeps_pins(tmp_path: Path) -> None:
    log = FoodLog.from_lines(["1 cup grandma's casserole"], date="2026-11-20")
    log.pin("grandma's casserole", "sr28:22904")
    path = tmp_path / "log.csv"
    log.to_csv(path)
    assert FoodLog.from_csv(path).pins == log.pins


def test_csv_written_by_to_csv_is_read_back_with_its_ledger(tmp_path: Path) -> None:
    log = FoodLog.from_csv(EXAMPLE_WEEK)
    path = tmp_path / "week.csv"
    log.to_csv(path)
    back = FoodLog.from_csv(path)
    _assert_same_log(back, log)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("{not json", "not a mgcalc log in JSON"),
        ('{"format": "something else"}', "not a mgcalc log"),
    ],
)
def test_from_json_rejects_what_is_not_a_log(text: str, match: str) -> None:
    with pytest.raises(InvalidLogError, match=match):
        FoodLog.from_json(text)


# -- supplements per nutrient, label text and supplement columns (issue 13) --------------------


def test_add_supplement_reads_label_text() -> None:
    log = FoodLog().add_supplement(
        label="Cal-Mag-D, 2 tablets: calcium 500 mg, magnesium 250 mg, vitamin D3 400 IU",
        date="2026-11-20",
    )
    row = log.supplements.iloc[0]
    assert (row["magnesium_mg"], row["calcium_mg"], row["vitamin_d_ug"]) == (250.0, 500.0, 10.0)
    assert row["product"].startswith("Cal-Mag-D")
    assert (
        row["dose"] == "Cal-Mag-D, 2 tablets: calcium 500 mg, magnesium 250 mg, vitamin D3 400 IU"
    )
    assert row["basis"] == "elemental"
    named = FoodLog().add_supplement(
        "Cal-Mag-D", label="per 2 tablets calcium 500 mg", date="2026-11-20"
    )
    assert named.supplements["product"].tolist() == ["Cal-Mag-D"]


def test_add_supplement_with_declared_amounts_and_iu() -> None:
    log = FoodLog().add_supplement(
        "Brand X multi", magnesium_mg=100, calcium_mg=200, vitamin_d_iu=1000,
        units_per_serving=2, date="2026-11-20",
    )  # fmt: skip
    row = log.supplements.iloc[0]
    assert (row["magnesium_mg"], row["calcium_mg"], row["vitamin_d_ug"]) == (200.0, 400.0, 50.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"label": "magnesium 100 mg", "amount": "100 mg"}, "give the label or amount"),
        ({"product": "D", "vitamin_d_ug": 10, "vitamin_d_iu": 400}, "give vitamin D once"),
        ({"product": "Cal-Mag", "amount": "500 mg"}, "names calcium and magnesium"),
        ({"label": "Magnesium -250 mg"}, "must not be negative"),
        ({"label": "Magnesum 250 mg"}, "'magnesum' names nothing"),
    ],
)
def test_add_supplement_errors_are_dose_errors(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(DoseError, match=match):
        FoodLog().add_supplement(date="2026-11-20", **kwargs)  # type: ignore[arg-type]


def test_a_calcium_or_zinc_dose_adds_no_magnesium() -> None:
    log = FoodLog().add_supplement(
        "calcium carbonate", amount="500 mg", basis="elemental", date="2026-11-20"
    )
    with pytest.warns(UntrackedNutrientWarning):
        log.add_supplement("zinc", amount="25 mg", basis="elemental", date="2026-11-20")
    ledger = log.supplements
    assert ledger["calcium_mg"].iloc[0] == 500.0
    assert ledger["magnesium_mg"].isna().all()
    assert ledger["product"].tolist() == ["calcium carbonate", "zinc"]


def test_supplement_columns_in_a_frame() -> None:
    frame = pd.DataFrame(
        {
            "date": ["2026-11-20"] * 4,
            "product": ["magnesium glycinate", None, "Vitamin D3", "Os-Cal"],
            "label": [None, "Calcium (as calcium citrate) 315 mg, 2 caplets", None, None],
            "amount": [120, None, "1000 IU", None],
            "unit": ["mg", None, None, None],
            "count": [2, None, None, 2],
            "servings_per_day": [None, None, None, 2],
            "basis": ["elemental", None, None, None],
            "calcium_mg": [None, None, None, 250],
            "kind": ["supplement"] * 4,
        }
    )
    ledger = FoodLog.from_frame(frame).supplements
    assert ledger["magnesium_mg"].tolist()[0] == 240.0
    # "315 mg, 2 caplets": the count after the amount is how many units of 315 mg are taken
    assert ledger["calcium_mg"].iloc[1] == 630.0
    assert math.isnan(ledger["calcium_mg"].iloc[2])
    assert ledger["calcium_mg"].iloc[3] == 1000.0  # 250 mg x 2 x twice a day
    assert ledger["vitamin_d_ug"].iloc[2] == 25.0
    assert ledger["entry_id"].tolist() == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("cells", "match", "column"),
    [
        ("antacid,400,mg,supplement,,,", "names nothing mgcalc reads", "food"),
        (",,,supplement,,Magnesium -250 mg,", "must not be negative", "label"),
        ("magnesium,,,supplement,,,x", "calcium_mg must be a number", "calcium_mg"),
        ("magnesium,,,supplement,,,", "needs an amount", "amount"),
        ("calcium carbonate,1250,mg,supplement,,,", "basis='elemental'", "food"),
    ],
)
def test_a_bad_supplement_row_is_named_by_its_row_number(
    tmp_path: Path, cells: str, match: str, column: str
) -> None:
    path = _write(
        tmp_path,
        "date,food,amount,unit,kind,basis,label,calcium_mg\n"
        "2026-11-20,1 oz almonds,,,,,,\n"
        f"2026-11-20,{cells}\n",
    )
    with pytest.raises(InvalidLogError, match=match) as info:
        FoodLog.from_csv(path)
    assert info.value.rows == (2,)
    assert info.value.column == column


def test_the_issue_csv_row_of_a_calcium_supplement(tmp_path: Path) -> None:
    # 0.1 failed the whole report with "unknown magnesium form" on this row
    path = _write(
        tmp_path,
        "date,food,amount,unit,kind,basis\n"
        "2026-11-20,calcium carbonate,1250,mg,supplement,compound\n",
    )
    ledger = FoodLog.from_csv(path).supplements
    assert ledger["calcium_mg"].iloc[0] == pytest.approx(500.54, abs=0.01)
    assert math.isnan(ledger["magnesium_mg"].iloc[0])
