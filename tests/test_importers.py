"""Tests for mgcalc.importers: Cronometer, generic CSV/Excel, MyFitnessPal, Open Food Facts."""

from __future__ import annotations

import csv
import io
import math
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

import mgcalc as mg
from mgcalc.errors import InvalidLogError, LowCoverageWarning, UnknownOptionError
from mgcalc.foods import FoodTable
from mgcalc.importers import (
    read_cronometer,
    read_cronometer_daily,
    read_log,
    read_myfitnesspal,
    read_openfoodfacts,
    read_supplements,
)
from mgcalc.importers.cronometer import split_amount
from strategies import cronometer_tables

DATA = Path(__file__).parent / "data"
CRONOMETER = DATA / "cronometer"
PERSON = mg.Person(age=34, sex="female")


def analyze(log: mg.FoodLog) -> mg.IntakeAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LowCoverageWarning)
        return mg.analyze(log, PERSON)


def raw(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def known(cells: pd.Series) -> pd.Series:
    return pd.to_numeric(cells.replace("", np.nan))


# -- Cronometer servings: every header variant ------------------------------------------


@pytest.mark.parametrize(
    ("name", "has_time", "has_group"),
    [
        ("servings_2022", True, True),
        ("servings_2025", False, True),
        ("servings_2020", True, True),
        ("servings_2012", False, False),
    ],
)
def test_cronometer_variants_keep_every_row_and_value(
    name: str, has_time: bool, has_group: bool
) -> None:
    path = CRONOMETER / f"{name}.csv"
    table = raw(path)
    log = read_cronometer(path)
    entries = log.entries
    assert len(entries) == len(table)
    assert entries["text"].tolist() == table["Food Name"].tolist()
    assert entries["unit"].tolist() == table["Amount"].tolist()  # Amount kept as text
    assert entries["amount"].isna().all()
    np.testing.assert_allclose(entries["reported_magnesium_mg"], known(table["Magnesium (mg)"]))
    np.testing.assert_allclose(entries["reported_calcium_mg"], known(table["Calcium (mg)"]))
    assert set(entries["source"]) <= {"cronometer", "cronometer_supplement"}
    assert entries["time"].notna().any() == has_time
    assert entries["meal"].notna().any() == has_group
    expected_days = pd.to_datetime(
        table["Day"].map(lambda d: "-".join(p.zfill(2) for p in d.split("-")))
    )
    assert (entries["date"] == expected_days.to_numpy()).all()


def test_cronometer_times_are_24_hour() -> None:
    times_2022 = read_cronometer(CRONOMETER / "servings_2022.csv").entries["time"]
    assert times_2022.tolist()[:4] == ["07:05", "07:05", "09:51", "12:30"]
    assert times_2022.iloc[4] is None  # an empty Time cell
    times_2020 = read_cronometer(CRONOMETER / "servings_2020.csv").entries["time"]
    assert times_2020.iloc[0] == "05:17"
    assert times_2020.iloc[3] == "13:05"


def test_legacy_unpadded_dates() -> None:
    entries = read_cronometer(CRONOMETER / "servings_2012.csv").entries
    assert entries["date"].dt.strftime("%Y-%m-%d").unique().tolist() == [
        "2012-09-09",
        "2012-09-10",
    ]


def test_day_with_72_percent_blank_magnesium_is_indeterminate_not_40() -> None:
    path = CRONOMETER / "servings_2025.csv"
    table = raw(path)
    day = table[table["Day"] == "2025-06-28"]
    blank = (day["Magnesium (mg)"] == "").mean()
    assert blank == pytest.approx(13 / 18)  # 72 %
    # What a blank-is-zero parser reports for that day:
    naive = known(day["Calcium (mg)"]).sum() / known(day["Magnesium (mg)"]).fillna(0).sum()
    assert naive == pytest.approx(39.8, abs=0.1)

    result = analyze(read_cronometer(path))
    first = result.daily.iloc[0]
    assert first["date"] == pd.Timestamp("2025-06-28")
    assert first["magnesium_mg"] == pytest.approx(known(day["Magnesium (mg)"]).sum())
    assert first["calcium_mg"] == pytest.approx(known(day["Calcium (mg)"]).sum())
    assert first["coverage"] == pytest.approx(1 - blank)
    assert math.isnan(first["ca_mg_ratio"])
    assert first["ratio_flag"] == "indeterminate"
    assert result.summary.ratio_flag == "indeterminate"


def test_cronometer_analysis_totals_are_sums_of_known_cells() -> None:
    path = CRONOMETER / "servings_2022.csv"
    table = raw(path)
    daily = analyze(read_cronometer(path)).daily
    for (_, row), (_, cells) in zip(daily.iterrows(), table.groupby("Day"), strict=True):
        mg_cells = known(cells["Magnesium (mg)"])
        assert row["magnesium_mg"] == pytest.approx(mg_cells.sum())
        assert row["coverage"] == pytest.approx(mg_cells.notna().mean())


def test_a_row_with_no_values_is_unknown_and_listed_not_looked_up() -> None:
    log = read_cronometer(CRONOMETER / "servings_2022.csv")
    bowl = log.entries[log.entries["text"] == "Chipotle Burrito Bowl"].iloc[0]
    assert bowl["food_id"] is None or pd.isna(bowl["food_id"])  # never looked up
    result = analyze(log)
    row = result.entries[result.entries["text"] == "Chipotle Burrito Bowl"].iloc[0]
    assert math.isnan(row["magnesium_mg"])
    assert math.isnan(row["calcium_mg"])
    assert "Chipotle Burrito Bowl" in result.unresolved["text"].tolist()


def test_supplements_category_stays_food_by_default_and_is_marked() -> None:
    log = read_cronometer(CRONOMETER / "servings_2025.csv")
    assert len(log.supplements) == 0
    marked = log.entries[log.entries["source"] == "cronometer_supplement"]["text"].tolist()
    assert marked == [
        "Fairlife Core Power Protein Shake",
        "Magnesium Glycinate",
        "Vitamin D3 2000 IU",
        "Ensure Plus Nutrition Shake, Vanilla",
    ]


def test_supplements_to_ledger_when_magnesium_is_given() -> None:
    path = CRONOMETER / "servings_2025.csv"
    log = read_cronometer(path, supplements="ledger")
    ledger = log.supplements
    assert ledger["product"].tolist() == [
        "Magnesium Glycinate",
        "Ensure Plus Nutrition Shake, Vanilla",
    ]
    assert ledger["magnesium_mg"].tolist() == [200.0, 100.0]
    assert (ledger["basis"] == "elemental").all()
    # Blank magnesium cannot be a dose: those stay food, marked.
    kept = log.entries[log.entries["source"] == "cronometer_supplement"]["text"].tolist()
    assert kept == ["Fairlife Core Power Protein Shake", "Vitamin D3 2000 IU"]
    assert len(log.entries) + len(ledger) == len(raw(path))  # rows conserved
    result = analyze(log)
    day = result.daily[result.daily["date"] == pd.Timestamp("2025-06-29")].iloc[0]
    assert day["supplemental_magnesium_mg"] == pytest.approx(200.0)


def test_unknown_supplement_choice() -> None:
    with pytest.raises(UnknownOptionError, match="supplements="):
        read_cronometer(CRONOMETER / "servings_2025.csv", supplements="skip")  # type: ignore[arg-type]


def test_no_nutrient_columns_falls_back_to_lookup() -> None:
    log = read_cronometer(CRONOMETER / "servings_no_nutrients.csv")
    entries = log.entries
    assert (entries["source"] == "cronometer_lookup").all()
    assert entries["reported_magnesium_mg"].isna().all()
    assert entries["amount"].tolist()[:3] == [28.0, 1.0, 0.5]
    assert entries["unit"].tolist()[:3] == ["g", "medium", "cup"]
    result = analyze(log)
    almonds = result.entries.iloc[0]
    assert almonds["status"] == "resolved"
    assert almonds["grams"] == pytest.approx(28.0)
    assert almonds["magnesium_mg"] > 0
    assert result.entries.iloc[3]["status"] == "unresolved"  # "1.00 full recipe" is listed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("600.00 g", (600.0, "g")),
        ("4.00 medium", (4.0, "medium")),
        ('1.00 whole - 3 1/2" diameter', (1.0, "whole")),
        ("2.00 x 20.0 pieces", (40.0, "pieces")),
        ("1.00 x 0.75 cup", (0.75, "cup")),
        ("1.00 full recipe", (1.0, "full recipe")),
        ("1.00 shake (11 fl oz)", (11.0, "fl oz")),
    ],
)
def test_split_amount(text: str, expected: tuple[float, str]) -> None:
    assert split_amount(text) == expected


# -- Cronometer Daily Nutrition -------------------------------------------------------


def test_daily_summary_2025() -> None:
    path = CRONOMETER / "dailysummary_2025.csv"
    log = read_cronometer_daily(path)
    entries = log.entries
    assert len(entries) == 3
    assert (entries["source"] == "cronometer_daily").all()
    assert entries["text"].tolist()[2] == "Cronometer daily total (day not marked completed)"
    # The daily totals equal the sums of the known servings cells of the same export.
    servings = analyze(read_cronometer(CRONOMETER / "servings_2025.csv")).daily
    np.testing.assert_allclose(entries["reported_magnesium_mg"], servings["magnesium_mg"])
    daily = analyze(log).daily
    np.testing.assert_allclose(daily["magnesium_mg"], entries["reported_magnesium_mg"])
    assert (daily["coverage"] == 1.0).all()  # a total is known; its own coverage is unknown


def test_daily_summary_2026_total_rows_and_column_order() -> None:
    entries = read_cronometer_daily(CRONOMETER / "dailysummary_2026.csv").entries
    assert entries["date"].dt.day.tolist() == [14, 15, 16, 16]
    assert entries["reported_magnesium_mg"].tolist()[:2] == [435.6, 402.3]
    assert entries["meal"].tolist() == [None, None, "Breakfast", "Lunch"]
    assert math.isnan(entries["reported_magnesium_mg"].iloc[3])


def test_servings_and_daily_files_are_told_apart() -> None:
    with pytest.raises(InvalidLogError, match="read_cronometer_daily"):
        read_cronometer(CRONOMETER / "dailysummary_2025.csv")
    with pytest.raises(InvalidLogError, match="read_cronometer"):
        read_cronometer_daily(CRONOMETER / "servings_2025.csv")


# -- malformed files ------------------------------------------------------------------


def _write(tmp_path: Path, text: str, name: str = "servings.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_required_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "Day,Amount,Magnesium (mg)\n2025-06-28,1.00 cup,10\n")
    with pytest.raises(InvalidLogError, match="'Food Name'") as info:
        read_cronometer(path)
    assert info.value.column == "Food Name"


def test_non_numeric_nutrient_cells_name_column_and_every_row(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Day,Food Name,Amount,Calcium (mg),Magnesium (mg)\n"
        "2025-06-28,Almonds,28.00 g,75.6,75.9\n"
        "2025-06-28,Banana,1.00 medium,5.9,n/a\n"
        "2025-06-28,Milk,1.00 cup,276,\n"
        "2025-06-28,Kale,1.00 cup,52,-3\n",
    )
    with pytest.raises(InvalidLogError, match=r"'n/a'.*rows 2, 4") as info:
        read_cronometer(path)
    assert info.value.column == "Magnesium (mg)"
    assert info.value.rows == (2, 4)


def test_unreadable_dates_and_times(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Day,Time,Food Name,Amount,Magnesium (mg)\n"
        "2025-06-28,9:51 AM,Almonds,28.00 g,75.9\n"
        "28/06/2025,10:00,Banana,1.00 medium,\n"  # a locale date: day-first, read
        "yesterday,10:00,Milk,1.00 cup,24\n",
    )
    with pytest.raises(InvalidLogError, match="unreadable date") as info:
        read_cronometer(path)
    assert (info.value.column, info.value.rows) == ("Day", (3,))
    bad_time = _write(
        tmp_path,
        "Day,Time,Food Name,Amount,Magnesium (mg)\n2025-06-28,25:61,Almonds,28.00 g,75.9\n",
        "t.csv",
    )
    with pytest.raises(InvalidLogError, match="unreadable time") as info:
        read_cronometer(bad_time)
    assert (info.value.column, info.value.rows) == ("Time", (1,))


def test_units_micrograms_and_iu(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Day,Food Name,Amount,Vitamin D (IU),Magnesium (µg)\n2025-06-28,Drops,1.00 ml,400,2500\n",
    )
    assert read_cronometer(path).entries["reported_magnesium_mg"].iloc[0] == pytest.approx(2.5)
    iu = _write(tmp_path, "Day,Food Name,Magnesium (IU)\n2025-06-28,X,1\n", "iu.csv")
    with pytest.raises(InvalidLogError, match="not a mass"):
        read_cronometer(iu)


def test_latin1_export(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    text = (
        "Day,Food Name,Amount,Folate (µg),Magnesium (mg)\n2025-06-28,Crème fraîche,30.00 g,3,2.1\n"
    )
    path.write_bytes(text.encode("latin-1"))
    entries = read_cronometer(path).entries
    assert entries["text"].iloc[0] == "Crème fraîche"
    assert entries["reported_magnesium_mg"].iloc[0] == pytest.approx(2.1)


# -- hypothesis: generated Cronometer-like tables ----------------------------------------


def _csv(rows: list[dict[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


@settings(max_examples=30)
@given(cronometer_tables())
def test_generated_tables_totals_coverage_and_rows(rows: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "servings.csv"
        path.write_text(_csv(rows), encoding="utf-8")
        log = read_cronometer(path)
    assert len(log) == len(rows)  # rows conserved
    result = analyze(log)
    assert len(result.entries) == len(rows)
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(
        frame["Day"].map(lambda d: "-".join(p.zfill(2) for p in str(d).split("-")))
    )
    magnesium = pd.to_numeric(frame["Magnesium (mg)"], errors="coerce")
    calcium = pd.to_numeric(frame["Calcium (mg)"], errors="coerce")
    for _, day in result.daily.iterrows():
        on_day = (frame["date"] == day["date"]).to_numpy()
        mg_day, ca_day = magnesium[on_day], calcium[on_day]
        if mg_day.notna().any():
            assert day["magnesium_mg"] == pytest.approx(mg_day.sum())
        else:
            assert math.isnan(day["magnesium_mg"])  # unknown, never 0
        if ca_day.notna().any():
            assert day["calcium_mg"] == pytest.approx(ca_day.sum())
        assert day["coverage"] == pytest.approx(mg_day.notna().mean())
        assert day["calcium_coverage"] == pytest.approx(ca_day.notna().mean())
        if mg_day.notna().mean() < 0.9:
            assert day["ratio_flag"] == "indeterminate"


# -- generic CSV and Excel ------------------------------------------------------------


GERMAN = {
    "Datum": "date",
    "Mahlzeit": "meal",
    "Lebensmittel": "food",
    "Menge": "amount",
    "Einheit": "unit",
    "Person": "person_id",
    "Magnesium mg": "reported_magnesium_mg",
}


def test_semicolon_latin1_decimal_comma_and_thousands() -> None:
    log = read_log(DATA / "generic" / "log_semicolon_latin1.csv", GERMAN)
    entries = log.entries
    assert entries["meal"].iloc[0] == "Frühstück"
    assert entries["amount"].tolist() == [50.0, 1500.0, 250.0, 0.5, 30.0]
    assert entries["reported_magnesium_mg"].iloc[3] == pytest.approx(78.3)
    assert math.isnan(entries["reported_magnesium_mg"].iloc[0])
    assert entries["person_id"].tolist() == ["p1", "p1", "p1", "p1", "p2"]
    assert (entries["source"] == "csv").all()


def test_comma_bom_quoted_thousands_and_food_id() -> None:
    entries = read_log(DATA / "generic" / "log_comma_bom.csv").entries
    assert entries["amount"].tolist() == [1050.0, 180.0, 1.0]
    assert entries["food_id"].iloc[1] == "sr28:11458"
    assert entries["food_id"].iloc[[0, 2]].isna().all()


def test_excel_log(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Log"
    sheet.append(["Date", "Meal", "Food", "Qty", "Unit"])
    sheet.append([pd.Timestamp("2026-11-20").to_pydatetime(), "breakfast", "almonds", 28, "g"])
    sheet.append(["2026-11-20", "lunch", "spinach, boiled", 0.5, "cup"])
    path = tmp_path / "log.xlsx"
    book.save(path)
    log = read_log(path, {"Qty": "amount"}, sheet="Log")
    entries = log.entries
    assert (entries["source"] == "excel").all()
    assert entries["amount"].tolist() == [28.0, 0.5]
    assert entries["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-11-20"] * 2
    result = analyze(log)
    assert result.entries.iloc[0]["magnesium_mg"] > 0


def test_generic_errors_name_the_files_own_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Datum;Lebensmittel;Magnesium mg\n2026-11-20;Mandeln;80\n20.11.2026x;Milch;2,5\n",
        "log.csv",
    )
    with pytest.raises(InvalidLogError, match="unreadable date") as info:
        read_log(path, {"Datum": "date", "Lebensmittel": "food"})
    assert info.value.column == "Datum"
    assert info.value.rows == (2,)
    bad = _write(tmp_path, "date,food,reported_magnesium_mg\n2026-11-20,x,abc\n", "bad.csv")
    with pytest.raises(InvalidLogError, match="not a non-negative number") as info:
        read_log(bad)
    assert (info.value.column, info.value.rows) == ("reported_magnesium_mg", (1,))
    with pytest.raises(InvalidLogError, match="mapped column not in the file"):
        read_log(bad, {"Datum": "date"})
    with pytest.raises(UnknownOptionError, match="columns="):
        read_log(bad, {"date": "day_of_week"})
    no_food = _write(tmp_path, "date,amount\n2026-11-20,3\n", "nofood.csv")
    with pytest.raises(InvalidLogError, match="no food column"):
        read_log(no_food)


# -- MyFitnessPal ---------------------------------------------------------------------


def test_myfitnesspal_calcium_only_ratio_indeterminate() -> None:
    log = read_myfitnesspal(DATA / "myfitnesspal" / "summary.csv")
    entries = log.entries
    assert len(entries) == 6  # the Totals row is not a meal
    assert entries["text"].iloc[0] == "Breakfast (MyFitnessPal meal total)"
    assert entries["reported_calcium_mg"].iloc[2] == 1050.0  # quoted "1,050"
    assert entries["reported_magnesium_mg"].isna().all()
    assert (entries["source"] == "myfitnesspal").all()
    assert pd.isna(entries["food_id"].iloc[3])  # blank calcium, nothing known: not looked up
    daily = analyze(log).daily
    assert (daily["coverage"] == 0).all()
    assert daily["magnesium_mg"].isna().all()
    assert (daily["ratio_flag"] == "indeterminate").all()
    assert daily["calcium_mg"].tolist() == [1540.0, 710.0]


def test_myfitnesspal_percent_dv(tmp_path: Path) -> None:
    path = _write(tmp_path, "Date,Meal,Calcium\n2024-01-15,Lunch,20\n", "mfp.csv")
    log = read_myfitnesspal(path, calcium_unit="percent_dv")
    assert log.entries["reported_calcium_mg"].iloc[0] == pytest.approx(260.0)  # 20 % of 1300
    with pytest.raises(UnknownOptionError, match="calcium_unit="):
        read_myfitnesspal(path, calcium_unit="iu")  # type: ignore[arg-type]
    no_calcium = _write(tmp_path, "Date,Meal,Calories\n2024-01-15,Lunch,20\n", "mfp2.csv")
    with pytest.raises(InvalidLogError, match="no Calcium column"):
        read_myfitnesspal(no_calcium)
    bad = _write(tmp_path, "Date,Meal,Calcium\n2024-01-15,Lunch,x\nTotals,,x\n", "mfp3.csv")
    with pytest.raises(InvalidLogError, match="not a non-negative number") as info:
        read_myfitnesspal(bad)
    assert info.value.rows == (1,)


# -- Open Food Facts ------------------------------------------------------------------


def test_openfoodfacts_fields_and_basis() -> None:
    water = read_openfoodfacts(DATA / "openfoodfacts" / "hepar_water.json")
    (hepar,) = water
    assert hepar.food_id == "custom:off:3274080005003"
    # magnesium_value 119 mg is per litre; _100g (0.0119 g) is per 100 ml.
    assert hepar.magnesium_mg_per_100g == pytest.approx(11.9)
    assert hepar.calcium_mg_per_100g == pytest.approx(54.9)
    assert "per 100 ml" in hepar.food_group
    assert "disagreed" in hepar.food_group
    foods = {f.food_id: f for f in read_openfoodfacts(DATA / "openfoodfacts" / "products.json")}
    oats = foods["custom:off:0030000010204"]
    assert oats.magnesium_mg_per_100g == pytest.approx(132.5)
    assert "magnesium_value" in oats.food_group
    assert foods["custom:off:0852909003299"].magnesium_mg_per_100g == pytest.approx(550.0)
    assert foods["custom:off:4000000000017"].magnesium_mg_per_100g == pytest.approx(25.0)  # µg
    assert math.isnan(foods["custom:off:4000000000017"].calcium_mg_per_100g)
    assert math.isnan(foods["custom:off:5000000000018"].magnesium_mg_per_100g)  # "<" bound


def test_openfoodfacts_foods_usable_in_a_log() -> None:
    foods = read_openfoodfacts(DATA / "openfoodfacts" / "hepar_water.json")
    table = FoodTable.default().with_foods(foods)
    assert table.grams("custom:off:3274080005003", "500 ml") == pytest.approx(500.0)
    log = mg.FoodLog().add("water", food_id="custom:off:3274080005003", amount=1, unit="l",
                           date="2026-11-20")  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LowCoverageWarning)
        result = mg.analyze(log, PERSON, table=table)
    assert result.entries.iloc[0]["magnesium_mg"] == pytest.approx(119.0)  # 1 l of Hépar


def test_openfoodfacts_errors() -> None:
    with pytest.raises(InvalidLogError, match="without a barcode") as info:
        read_openfoodfacts([{"code": "1"}, {"product_name": "x"}])
    assert info.value.rows == (2,)
    with pytest.raises(InvalidLogError, match="magnesium is not a non-negative number"):
        read_openfoodfacts({"code": "1", "nutriments": {"magnesium_100g": "lots"}})
    with pytest.raises(InvalidLogError, match="not Open Food Facts JSON"):
        read_openfoodfacts("{not json")


# -- read_supplements (issue 13) ------------------------------------------------------------------


def test_read_supplements_semicolons_decimal_commas_and_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "supplements.csv"
    header = "Datum;Produkt;Anzahl;Vitamin D IE;Calcium mg;Magnesium mg;Art\n"
    path.write_text(
        header + "20.11.2026;Calcium + D3;2;1.000;250,5;;\n"
        "21.11.2026;Magnesium;1;;;350;medication\n",
        encoding="utf-8",
    )
    mapping = {"Datum": "date", "Produkt": "product", "Anzahl": "count",
               "Vitamin D IE": "vitamin_d_iu", "Calcium mg": "calcium_mg",
               "Magnesium mg": "magnesium_mg", "Art": "kind"}  # fmt: skip
    log = read_supplements(path, columns=mapping)
    ledger = log.supplements
    assert len(log) == 0
    assert ledger["source"].tolist() == ["supplement", "medication"]
    assert ledger["calcium_mg"].iloc[0] == pytest.approx(501.0)  # 250.5 mg x 2
    assert ledger["vitamin_d_ug"].iloc[0] == pytest.approx(50.0)  # 1,000 IU / 40 x 2
    assert ledger["magnesium_mg"].iloc[1] == 350.0
    assert ledger["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-11-20", "2026-11-21"]


def test_read_supplements_names_the_bad_row_and_the_files_column(tmp_path: Path) -> None:
    path = tmp_path / "supplements.csv"
    path.write_text(
        "Datum;Produkt;Menge\n20.11.2026;Magnesium;200 mg\n21.11.2026;Magnesium;\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidLogError, match="needs an amount") as info:
        read_supplements(path, columns={"Datum": "date", "Produkt": "product", "Menge": "amount"})
    assert info.value.rows == (2,)
    assert info.value.column == "Menge"
