"""Tests of mgcalc.water: the table of waters, drinks read from text, the water ledger of a
FoodLog, the person's tap water, and the magnesium UL that water never touches."""

from __future__ import annotations

import csv
import math
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import mgcalc as mg
from mgcalc.cli import main
from mgcalc.defaults import BOTTLE_ML, GLASS_ML, WATER_DEFAULT_ML
from mgcalc.errors import (
    InvalidLogError,
    LowCoverageWarning,
    UnknownWaterError,
    UnknownWaterWarning,
)
from mgcalc.water import (
    TAP_WATER_ID,
    UNKNOWN_WATER_ID,
    WATER_FLAGS,
    Water,
    daily_water,
    fill_tap_water,
    load_waters,
    read_drink,
    water_key,
)
from strategies import elemental_doses_mg, table_water_ids, water_litres

DATA = Path(__file__).resolve().parents[1] / "data"
DAY = "2026-11-20"
WOMAN = mg.Person(age=34, sex="female")
TAP_12 = mg.Person(age=34, sex="female", tap_water=Water(magnesium_mg_per_l=12))


def _csv_rows() -> dict[str, dict[str, str]]:
    """data/waters.csv read with the csv module, not through mgcalc."""
    with (DATA / "waters.csv").open(encoding="utf-8") as stream:
        return {row["id"]: row for row in csv.DictReader(stream)}


ROWS = _csv_rows()


def _analyze(log: mg.FoodLog, person: mg.Person | None = WOMAN) -> mg.IntakeAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LowCoverageWarning)
        warnings.simplefilter("ignore", UnknownWaterWarning)
        return mg.analyze(log, person)


# -- the table -----------------------------------------------------------------------------


def test_the_bundled_table_holds_every_row_of_the_csv() -> None:
    waters = load_waters()
    assert len(waters) == len(ROWS) == 45
    for water_id, row in ROWS.items():
        water = waters[water_id]
        assert water.name == row["name"]
        assert water.source == row["source"]
        for column in ("magnesium_mg_per_l", "calcium_mg_per_l"):
            for end in ("", "_low", "_high"):
                cell = row[column + end]
                value = getattr(water, column + end)
                assert (value is None) if cell == "" else value == float(cell), (water_id, column)


@pytest.mark.parametrize(
    ("name", "water_id"),
    [
        ("Hépar", "water:hepar"),
        ("HEPAR", "water:hepar"),
        ("water:hepar", "water:hepar"),
        ("S.Pellegrino", "water:san_pellegrino"),
        ("san pellegrino", "water:san_pellegrino"),
        ("Saint Yorre", "water:saint_yorre"),
        ("Contrexéville", "water:contrex"),
        ("Gerolsteiner Naturell", "water:gerolsteiner_naturell"),
        ("Vichy Célestins", "water:vichy_celestins"),
    ],
)
def test_a_water_is_found_by_id_name_or_alias(name: str, water_id: str) -> None:
    assert load_waters().get(name).water_id == water_id
    assert name in load_waters()


def test_an_unknown_brand_is_refused_with_candidates() -> None:
    with pytest.raises(UnknownWaterError, match="Gerolsteiner Naturell") as info:
        load_waters().get("Gerolsteiner")
    assert info.value.water == "Gerolsteiner"
    assert info.value.candidates[0] == "Gerolsteiner Naturell (still) (water:gerolsteiner_naturell)"
    assert isinstance(info.value, KeyError)
    with pytest.raises(UnknownWaterError, match="Evian"):
        load_waters().get("Evain")  # a typo: the closest name is offered, never used


def test_water_keys_ignore_accents_case_and_punctuation() -> None:
    assert water_key("  Vichy Saint-Yorre ") == water_key("vichy saint yorre")
    assert water_key("Ramlösa") == "ramlosa"


# -- one water -----------------------------------------------------------------------------


def test_a_users_own_water() -> None:
    mine = Water(name="my tap", magnesium_mg_per_l=12, calcium_mg_per_l=40)
    assert mine.per_litre("magnesium") == (12.0, 12.0, 12.0)
    assert mine.mineral_mg("calcium", 0.25) == (10.0, 10.0, 10.0)
    assert mine.flags == ()
    unknown_ca = Water(magnesium_mg_per_l=12)
    assert math.isnan(unknown_ca.per_litre("calcium")[0])  # unknown, never 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"magnesium_mg_per_l": -1}, "greater than or equal to 0"),
        ({"magnesium_mg_per_l": math.inf}, "finite"),
        ({"magnesium_mg_per_l": 20_000}, "less than or equal to 10000"),
        ({"magnesium_mg_per_l_low": 5}, "both ends"),
        ({"magnesium_mg_per_l_low": 9, "magnesium_mg_per_l_high": 5}, "above its high"),
        ({"calcium_mg_per_l": 50, "calcium_mg_per_l_low": 60, "calcium_mg_per_l_high": 70},
         "outside its range"),
        ({"name": ""}, "at least 1 character"),
        ({"colour": "blue"}, "Extra inputs"),
    ],
)  # fmt: skip
def test_an_impossible_water_is_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Water(**fields)


def test_ranges_where_sources_disagree_and_ranges_alone() -> None:
    pellegrino = load_waters()["water:san_pellegrino"]
    assert pellegrino.per_litre("magnesium") == (51.0, 51.0, 57.0)
    assert pellegrino.flags == ("sources_disagree",)
    borjomi = load_waters()["water:borjomi"]  # only a range is known: 20-150 mg/L
    assert borjomi.per_litre("magnesium") == (85.0, 20.0, 150.0)
    assert borjomi.flags == ("range_midpoint",)
    assert "national_average" in load_waters()["water:tap_usa_municipal"].flags
    assert set(WATER_FLAGS) >= {*pellegrino.flags, *borjomi.flags}


# -- drinks read from text --------------------------------------------------------------------


def _litres_of(text: str) -> float:
    drink = read_drink(text)
    assert drink is not None, text
    return drink.litres


def test_500_ml_san_pellegrino_traced_to_its_row_and_source() -> None:
    drink = read_drink("500 ml San Pellegrino")
    assert drink is not None
    row = ROWS["water:san_pellegrino"]
    assert drink.water_id == "water:san_pellegrino"
    assert drink.water is not None
    assert drink.water.source == row["source"]
    assert "Magnésium (mg/100 g)=5,1" in drink.water.source_detail
    minerals = drink.minerals()
    assert minerals["magnesium_mg"] == pytest.approx(0.5 * float(row["magnesium_mg_per_l"]))
    assert minerals["magnesium_mg"] == pytest.approx(25.5)  # CIQUAL 5.1 mg/100 g
    assert (minerals["magnesium_mg_low"], minerals["magnesium_mg_high"]) == (25.5, 28.5)
    assert (minerals["calcium_mg_low"], minerals["calcium_mg_high"]) == (90.0, 104.0)
    assert drink.flags == ("sources_disagree",)


def test_1_5_l_hepar() -> None:
    drink = read_drink("1.5 l Hépar")
    assert drink is not None
    assert drink.water_id == "water:hepar"
    row = ROWS["water:hepar"]
    assert drink.magnesium_mg == pytest.approx(1.5 * float(row["magnesium_mg_per_l"]))
    assert drink.magnesium_mg == pytest.approx(178.5)  # 119 mg/L
    assert drink.calcium_mg == pytest.approx(823.5)  # 549 mg/L
    assert drink.flags == ()


@pytest.mark.parametrize(
    ("text", "litres", "flags"),
    [
        ("2 glasses of tap water", 2 * GLASS_ML / 1000, ("glass_assumed",)),
        ("2 glasses tap water", 2 * GLASS_ML / 1000, ("glass_assumed",)),
        ("a glass of water", GLASS_ML / 1000, ("glass_assumed",)),
        ("1 cup water", 236.5882365 / 1000, ()),
        ("water", WATER_DEFAULT_ML / 1000, ("no_amount",)),
        ("tap water 1,5 l", 1.5, ("amount_after_food",)),
        ("half a bottle of Evian", 0.5 * BOTTLE_ML / 1000, ("bottle_assumed",)),
        ("Evian water 750 ml", 0.75, ("amount_after_food",)),
        ("500 g Volvic", 0.5, ("mass_as_volume",)),
        ("16 fl oz Fiji", 16 * 29.5735295625 / 1000, ("sources_disagree",)),
        ("1-2 glasses of water", 1.5 * GLASS_ML / 1000, ("glass_assumed", "range_midpoint")),
    ],
)
def test_volumes_of_drinks(text: str, litres: float, flags: tuple[str, ...]) -> None:
    drink = read_drink(text)
    assert drink is not None
    assert drink.litres == pytest.approx(litres, rel=1e-12)
    assert set(flags) <= set(drink.flags)


@pytest.mark.parametrize(
    "text",
    ["1 cup water chestnuts", "coconut water", "1 cup watermelon", "3 oz canned tuna in water",
     "1 cup oatmeal, cooked with water", "tonic water", "1 tbsp rose water", "Gerolsteiner 1 l",
     "1 cup spinach", "", "500 ml soda water"],
)  # fmt: skip
def test_lines_that_are_no_drink_of_a_known_water(text: str) -> None:
    assert read_drink(text) is None


def test_tap_water_is_the_persons_and_unknown_without_it() -> None:
    drink = read_drink("2 glasses tap water")
    assert drink is not None
    assert drink.water_id == TAP_WATER_ID
    assert drink.water is None
    assert math.isnan(drink.magnesium_mg)
    assert "tap_water_unknown" in drink.flags
    known = read_drink("2 glasses tap water", tap_water=Water(magnesium_mg_per_l=12))
    assert known is not None
    assert known.magnesium_mg == pytest.approx(2 * 0.2365882365 * 12)


def test_an_unbranded_water_is_unknown() -> None:
    drink = read_drink("500 ml mineral water")
    assert drink is not None
    assert drink.water_id == UNKNOWN_WATER_ID
    assert math.isnan(drink.magnesium_mg)
    assert "unknown_water" in drink.flags


def test_an_unreadable_amount_keeps_the_drink_as_unknown() -> None:
    drink = read_drink("lots of Evian")
    assert drink is not None
    assert math.isnan(drink.litres)
    assert "bad_amount" in drink.flags
    assert drink.dose == "lots of Evian"


# -- the water ledger of a FoodLog ---------------------------------------------------------------


def test_add_water_by_name_free_text_own_water_and_tap() -> None:
    log = mg.FoodLog()
    log.add_water("Hépar", "1.5 l", date=DAY)
    log.add_water("500 ml San Pellegrino", date=DAY)
    log.add_water(Water(name="my well", magnesium_mg_per_l=20, calcium_mg_per_l=60), 0.75,
                  date=DAY)  # fmt: skip
    log.add_water("tap water", "2 glasses", date=DAY)
    log.add_water("spring", 1, magnesium_mg_per_l=4.0, calcium_mg_per_l=10.0, date=DAY)
    ledger = log.supplements
    assert len(log) == 0
    assert len(ledger) == 5
    assert (ledger["source"] == "water").all()
    assert ledger["product"].tolist() == ["Hépar", "San Pellegrino", "my well", "tap water",
                                          "spring"]  # fmt: skip
    assert ledger["form"].tolist()[:2] == ["water:hepar", "water:san_pellegrino"]
    assert ledger["form"].iloc[3] == TAP_WATER_ID
    assert ledger["dose"].tolist() == ["1.5 l", "0.5 l", "0.75 l", "0.473176473 l", "1 l"]
    assert ledger["magnesium_mg"].tolist()[:3] == pytest.approx([178.5, 25.5, 15.0])
    assert math.isnan(ledger["magnesium_mg"].iloc[3])
    assert ledger["magnesium_mg"].iloc[4] == pytest.approx(4.0)
    assert ledger["flags"].iloc[3] == "glass_assumed;tap_water_unknown"


@pytest.mark.parametrize(
    ("water", "amount", "error", "message"),
    [
        ("Gerolsteiner", "1.5 l", UnknownWaterError, "closest: Gerolsteiner Naturell"),
        ("Fancy Brand", "1 l", UnknownWaterError, "not in mgcalc's table"),
        ("mineral water", "1 l", UnknownWaterError, "unknown without a brand"),
        ("Evian", None, InvalidLogError, "needs an amount"),
        ("Evian", "2 cans", InvalidLogError, "not a volume"),
        ("Evian", "-1 l", InvalidLogError, "not a volume"),
        ("Evian", "1e400 l", InvalidLogError, "not a volume"),  # more than a float holds
        ("Evian", "200 l", InvalidLogError, "not a volume"),  # over 100 kg in one line
        ("1 cup spinach", None, UnknownWaterError, "spinach"),
        (Water(magnesium_mg_per_l=3), "3 volts", InvalidLogError, "not a volume"),
    ],
)
def test_add_water_refuses_what_it_cannot_use(
    water: Any, amount: Any, error: type[Exception], message: str
) -> None:
    log = mg.FoodLog()
    with pytest.raises(error, match=message):
        log.add_water(water, amount, date=DAY)
    assert len(log.supplements) == 0


def test_free_text_water_in_a_food_list_is_counted_in_the_water_ledger() -> None:
    lines = ["1 oz almonds", "500 ml San Pellegrino", "1.5 l Hépar", "2 glasses tap water",
             "1 cup water chestnuts", "lots of Evian"]  # fmt: skip
    log = mg.FoodLog.from_lines(lines, date=DAY)
    assert len(log) == 6  # the log keeps every line as written
    assert len(log.supplements) == 0
    result = _analyze(log, TAP_12)
    entries = result.entries.set_index("entry_id")
    assert entries.loc[[2, 3, 4], "food_id"].tolist() == [
        "water:san_pellegrino", "water:hepar", TAP_WATER_ID
    ]  # fmt: skip
    assert entries.loc[2, "flags"] == "water;sources_disagree"
    assert entries.loc[4, "flags"] == "water;glass_assumed;assumed_portion"
    assert entries.loc[3, "grams"] == 1500.0  # 1 L = 1 kg
    assert entries.loc[3, "magnesium_mg"] == pytest.approx(178.5)
    assert not entries.loc[5, "food_id"].startswith("water:")  # water chestnuts are food
    assert "water" not in entries.loc[5, "flags"].split(";")
    assert entries.loc[6, "status"] == "unresolved"  # never dropped, never guessed
    assert entries.loc[6, "reason_code"] == "bad_amount"
    ledger = result.supplements
    assert ledger["entry_id"].tolist() == [2, 3, 4]  # the drinks, under their entry ids
    assert result.summary.n_entries == 6
    assert result.summary.n_unresolved == 1
    day = result.daily.iloc[0]
    almonds_chestnuts = entries.loc[[1, 5], "magnesium_mg"].sum()
    assert day["magnesium_mg"] == pytest.approx(almonds_chestnuts)  # drinks are not food
    assert day["n_entries"] == 3  # two foods and the unresolved line
    assert day["water_magnesium_mg"] == pytest.approx(25.5 + 178.5 + 2 * GLASS_ML / 1000 * 12)
    assert result.meals["magnesium_mg"].sum() == pytest.approx(almonds_chestnuts)
    assert not result.top_sources()["food_id"].str.startswith("water:").any()
    log.add("Evian", food_id="sr28:14555", amount=250, unit="ml", date=DAY)
    assert _analyze(log).entries.iloc[-1]["food_id"] == "sr28:14555"  # a pinned food is food


def test_estimate_a_drink_of_water() -> None:
    estimate = mg.estimate("1.5 l Hépar")
    assert (estimate.food_id, estimate.grams) == ("water:hepar", 1500.0)
    assert estimate.magnesium_mg == pytest.approx(178.5)
    tap = mg.estimate("a glass of water")
    assert math.isnan(tap.magnesium_mg)
    assert "tap_water_unknown" in tap.flags
    with pytest.raises(InvalidLogError, match="not a volume of water"):
        mg.estimate("lots of Evian")


def test_the_done_when_drinks_resolve_to_the_right_mg_traced_to_row_and_source() -> None:
    log = mg.FoodLog.from_lines(
        ["500 ml San Pellegrino", "1.5 l Hépar", "2 glasses tap water"], date=DAY
    )
    log.add("1 oz almonds, dry roasted", date=DAY)
    result = _analyze(log, TAP_12)
    ledger = result.supplements.set_index("entry_id")
    expected = {
        1: ("water:san_pellegrino", 0.5 * 51),
        2: ("water:hepar", 1.5 * 119),
        3: (TAP_WATER_ID, 2 * GLASS_ML / 1000 * 12),
    }
    for entry_id, (form, magnesium) in expected.items():
        assert ledger.loc[entry_id, "form"] == form
        assert ledger.loc[entry_id, "magnesium_mg"] == pytest.approx(magnesium)
        assert ledger.loc[entry_id, "source"] == "water"
    for form in ("water:san_pellegrino", "water:hepar"):  # the row and its source
        assert load_waters()[form].source == ROWS[form]["source"]
        assert float(ROWS[form]["magnesium_mg_per_l"]) in (51.0, 119.0)
    assert ledger.loc[3, "flags"] == "glass_assumed"
    day = result.daily.iloc[0]
    water = 25.5 + 178.5 + 2 * GLASS_ML / 1000 * 12
    assert day["water_magnesium_mg"] == pytest.approx(water)
    assert day["total_magnesium_mg"] == pytest.approx(day["magnesium_mg"] + water)
    assert day["supplemental_magnesium_mg"] == 0.0
    assert str(day["ul_status"]) == "none_taken"
    assert result.summary.water_magnesium_mg == pytest.approx(water)


def test_unknown_tap_water_stays_unknown_and_says_so() -> None:
    log = mg.FoodLog.from_lines(["2 glasses tap water", "1 oz almonds"], date=DAY)
    with pytest.warns(UnknownWaterWarning, match=r"1 drink of water \(tap water\)"):
        result = mg.analyze(log, WOMAN)
    assert math.isnan(result.supplements["magnesium_mg"].iloc[0])
    assert result.daily["water_magnesium_mg"].iloc[0] == 0.0  # nothing known is summed
    assert result.summary.water_magnesium_mg == 0.0


def test_person_tap_water_by_name_or_water() -> None:
    paris = mg.Person(age=34, sex="female", tap_water="tap water paris")
    assert paris.tap_water is not None
    assert paris.tap_water.water_id == "water:tap_paris"
    with pytest.raises(UnknownWaterError):
        mg.Person(age=34, sex="female", tap_water="tap water of atlantis")
    log = mg.FoodLog().add_water("tap water", "1 l", date=DAY)
    result = _analyze(log, paris)
    assert result.supplements["magnesium_mg"].iloc[0] == pytest.approx(6.0)
    assert result.supplements["calcium_mg"].iloc[0] == pytest.approx(90.0)


def test_fill_tap_water_returns_the_ledger_itself_when_there_is_no_tap_water() -> None:
    log = mg.FoodLog().add_water("Evian", "1 l", date=DAY)
    columns = log.ledger_columns()
    assert fill_tap_water(columns, Water(magnesium_mg_per_l=12)) is columns


def test_ranges_are_carried_and_summed_per_day() -> None:
    log = mg.FoodLog()
    log.add_water("San Pellegrino", "1 l", date=DAY)
    log.add_water("Perrier", "330 ml", date=DAY)
    log.add_water("Borjomi", "0.5 l", date="2026-11-21")
    log.add_water("tap water", "1 l", date="2026-11-21")
    days = daily_water(log.supplements)
    first = days.iloc[0]
    assert first["litres"] == pytest.approx(1.33)
    assert first["magnesium_mg"] == pytest.approx(51 + 0.33 * 4.2)
    assert first["magnesium_mg_low"] == pytest.approx(51 + 0.33 * 3.8)
    assert first["magnesium_mg_high"] == pytest.approx(57 + 0.33 * 7)
    second = days.iloc[1]
    assert (second["magnesium_mg_low"], second["magnesium_mg"], second["magnesium_mg_high"]) == (
        pytest.approx(10.0), pytest.approx(42.5), pytest.approx(75.0)
    )  # fmt: skip
    assert (second["n_drinks"], second["n_unknown"]) == (2, 1)


def test_csv_rows_of_kind_water(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "date,meal,food,amount,unit,kind\n"
        f"{DAY},lunch,Hépar,1.5,l,water\n"
        f"{DAY},lunch,Evian,500,ml,\n"
        f"{DAY},lunch,1 oz almonds,,,\n"
        f"{DAY},lunch,tap water,2,glasses,water\n",
        encoding="utf-8",
    )
    log = mg.FoodLog.from_csv(path)
    assert log.supplements["form"].tolist() == ["water:hepar", TAP_WATER_ID]
    assert log.supplements["entry_id"].tolist() == [1, 4]
    assert log.entries["entry_id"].tolist() == [2, 3]
    result = _analyze(log, TAP_12)
    assert result.supplements["entry_id"].tolist() == [1, 4, 2]  # the log's, then the lines'
    assert result.supplements["magnesium_mg"].tolist() == pytest.approx(
        [178.5, 2 * GLASS_ML / 1000 * 12, 13.0]
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(f"date,food,amount,unit,kind\n{DAY},Gerolsteiner,1,l,water\n",
                   encoding="utf-8")  # fmt: skip
    with pytest.raises(InvalidLogError, match=r"row 1: unknown water.*Naturell") as info:
        mg.FoodLog.from_csv(bad)
    assert info.value.rows == (1,)
    assert isinstance(info.value.__cause__, UnknownWaterError)  # the row's own error


def test_water_rows_round_trip_through_csv_and_json(tmp_path: Path) -> None:
    log = mg.FoodLog.from_lines(["1 oz almonds", "500 ml mineral water"], date=DAY)
    log.add_water("500 ml San Pellegrino", date=DAY)
    log.add_water("2 glasses tap water", date=DAY)
    log.add_supplement("magnesium glycinate", amount="120 mg", basis="elemental", date=DAY)
    log.to_csv(tmp_path / "log.csv")
    assert mg.FoodLog.from_csv(tmp_path / "log.csv") == log
    assert mg.FoodLog.from_json(log.to_json()) == log
    back = mg.FoodLog.from_csv(tmp_path / "log.csv").supplements
    assert back["magnesium_mg_high"].iloc[0] == 28.5
    assert back["flags"].iloc[1] == "glass_assumed;tap_water_unknown"


def test_a_log_saved_before_the_range_columns_reads_back() -> None:
    log = mg.FoodLog().add_water("Evian", "1 l", date=DAY)
    payload = log.to_json()
    for column in ("magnesium_mg_low", "magnesium_mg_high", "calcium_mg_low",
                   "calcium_mg_high", "flags"):  # fmt: skip
        payload = payload.replace(f'"{column}"', f'"x_{column}"')
    old = mg.FoodLog.from_json(payload).supplements
    assert old["magnesium_mg"].iloc[0] == 26.0
    assert old["magnesium_mg_low"].isna().all()
    assert old["flags"].isna().all()


def test_a_ledger_range_must_be_a_number_of_zero_or_more() -> None:
    log = mg.FoodLog().add_water("Evian", "1 l", date=DAY)
    frame = log.supplements
    frame.loc[0, "magnesium_mg_low"] = -3.0
    with pytest.raises(InvalidLogError, match="magnesium_mg_low: must not be negative"):
        mg.FoodLog(supplements=frame)


# -- the law: water never changes the UL status ---------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    doses=st.lists(elemental_doses_mg, max_size=3),
    drinks=st.lists(st.tuples(table_water_ids, water_litres), min_size=1, max_size=4),
    tap=st.one_of(st.none(), st.floats(min_value=0, max_value=200)),
    tap_litres=water_litres,
)
def test_water_never_changes_the_ul_status(
    doses: list[float], drinks: list[tuple[str, float]], tap: float | None, tap_litres: float
) -> None:
    base = mg.FoodLog().add("spinach", food_id="sr28:11458", amount=100, unit="g", date=DAY)
    for dose in doses:
        base.add_supplement("magnesium oxide", amount=f"{dose!r} mg", basis="elemental", date=DAY)
    with_water = base.concat(mg.FoodLog())
    for water_id, litres in drinks:
        with_water.add_water(water_id, litres, date=DAY)  # a number: litres
    with_water.add_water("tap water", tap_litres, date=DAY)
    person = mg.Person(
        age=34, sex="female", tap_water=None if tap is None else Water(magnesium_mg_per_l=tap)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before = mg.analyze(base, person).daily.iloc[0]
        after = mg.analyze(with_water, person).daily.iloc[0]
    assert str(after["ul_status"]) == str(before["ul_status"])
    assert after["ul_exceeded"] == before["ul_exceeded"]
    assert after["supplemental_magnesium_mg"] == before["supplemental_magnesium_mg"]
    water = sum(load_waters()[w].mineral_mg("magnesium", litres)[0] for w, litres in drinks
                if not math.isnan(load_waters()[w].per_litre("magnesium")[0]))  # fmt: skip
    water += 0.0 if tap is None else tap * tap_litres
    assert after["water_magnesium_mg"] == pytest.approx(water, rel=1e-9, abs=1e-9)
    assert after["total_magnesium_mg"] == pytest.approx(
        before["total_magnesium_mg"] + water, rel=1e-9, abs=1e-9
    )


# -- the command line ------------------------------------------------------------------------


def test_cli_tap_water_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "log.csv"
    path.write_text(f"date,food\n{DAY},1 l tap water\n{DAY},1 oz almonds\n", encoding="utf-8")
    args = ["analyze", str(path), "--age", "34", "--sex", "female", "--format", "json"]
    assert main([*args, "--tap-water-mg", "12", "--tap-water-ca", "40"]) == 0
    import json

    daily = json.loads(capsys.readouterr().out)["daily"][0]
    assert daily["water_magnesium_mg"] == pytest.approx(12.0)
    assert daily["water_calcium_mg"] == pytest.approx(40.0)
    assert main([*args]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["daily"][0]["water_magnesium_mg"] == 0.0
    assert "unknown magnesium" in captured.err
    assert main(["analyze", str(path), "--tap-water-mg", "12"]) == 2
    assert "need --age and --sex" in capsys.readouterr().err


@given(litres=st.floats(min_value=0.0, max_value=100.0, allow_nan=False))
def test_a_volume_survives_the_ledger_and_the_tap_water_filled_in(litres: float) -> None:
    """The ledger's dose keeps every digit (no exponent), so the person's tap water applied at
    analysis uses the volume logged."""
    log = mg.FoodLog().add_water("tap water", litres, date=DAY)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ledger = mg.analyze(log, TAP_12).supplements
    assert ledger["magnesium_mg"].iloc[0] == pytest.approx(12 * litres, rel=1e-12, abs=1e-300)


def test_ledger_frame_dtypes() -> None:
    frame = mg.FoodLog().add_water("Evian", "1 l", date=DAY).supplements
    assert frame["magnesium_mg_low"].dtype == "float64"
    assert frame["flags"].dtype == object
    assert isinstance(frame, pd.DataFrame)
