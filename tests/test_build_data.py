"""Tests for ``scripts/build_data.py``, which builds ``data/foods.csv``, ``data/portions.csv``
and ``data/waters.csv``.

The build is tested on a tiny synthetic SR28/FNDDS extract written to ``tmp_path``; the
committed data files are checked against the counts the USDA documentation publishes and
against values read once from the extracts' READMEs and CSVs. Nothing here reads the USDA
extracts themselves.
"""

from __future__ import annotations

import csv
import doctest
import hashlib
import importlib.util
import io
import math
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from mgcalc.foods import FoodTable

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def _load_build_data() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_data", ROOT / "scripts" / "build_data.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_data", module)
    spec.loader.exec_module(module)
    return module


build_data = _load_build_data()


# -- normalise_measure -------------------------------------------------------------------------


def test_normalise_measure_doctests() -> None:
    runner = doctest.DocTestRunner()
    for test in doctest.DocTestFinder().find(build_data.normalise_measure, "normalise_measure"):
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.attempted >= 4
    assert results.failed == 0


@pytest.mark.parametrize(
    ("measure", "unit", "modifier"),
    [
        ("cup, chopped", "cup", "chopped"),
        ("cup (8 fl oz)", "cup", ""),
        ("cup, slices", "cup", "sliced"),
        ("cup, packed", "cup", "packed"),
        ("tbsp", "tbsp", ""),
        ("fl oz", "fl_oz", ""),
        ("cubic inch", "cubic_inch", ""),
        ("oz, boneless, cooked", "oz", "boneless cooked"),
        ("extra large", "extra_large", ""),
        ("large biscuits", "large", ""),
        ('medium (2-1/4" dia)', "medium", ""),
        ("NLEA serving", "serving", ""),
        ("slices", "slice", ""),
        ("patties", "patty", ""),
        ("piece, cooked (excluding refuse)", "piece", "cooked"),
        ("Quantity not specified", "default", ""),
        ("  quantity not specified ", "default", ""),
    ],
)
def test_normalise_measure(measure: str, unit: str, modifier: str) -> None:
    assert build_data.normalise_measure(measure) == (unit, modifier)


# -- build() on a tiny synthetic extract -------------------------------------------------------


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def extract(tmp_path: Path) -> tuple[Path, Path]:
    """A three-food SR28 and a two-food FNDDS extract in the shared-folder layout."""
    sr28, fndds = tmp_path / "usda-sr28", tmp_path / "usda-fndds"
    _write(
        sr28 / "foods.csv",
        ["ndb_no", "food_group_code", "food_group", "long_desc", "common_name",
         "magnesium_mg_per_100g", "calcium_mg_per_100g", "energy_kcal_per_100g",
         "vitamin_d_ug_per_100g", "phosphorus_mg_per_100g", "potassium_mg_per_100g",
         "fiber_g_per_100g"],
        [
            ["11458", "1100", "Vegetables and Vegetable Products",
             "Spinach, cooked, boiled, drained, without salt", "", "87", "136", "23", "0.0",
             "56", "466", "2.4"],
            ["01188", "0100", "Dairy and Egg Products",
             "KRAFT CHEEZ WHIZ Pasteurized Process Cheese Sauce", "", "", "359", "276", "",
             "806", "240", "0.3"],
            ["01003", "0100", "Dairy and Egg Products", "Butter oil, anhydrous", "ghee", "0", "",
             "876", "0.0", "3", "5", "0.0"],
        ],
    )  # fmt: skip
    _write(
        sr28 / "portions.csv",
        ["ndb_no", "seq", "amount", "measure_desc", "gram_weight"],
        [
            ["11458", "1", "1", "cup", "180"],
            ["01003", "1", "1", "tbsp", "12.8"],
            ["01003", "2", "0.5", "cup, melted", "102.5"],
        ],
    )
    _write(
        fndds / "foods.csv",
        ["food_code", "description", "wweia_category_number", "wweia_category_description",
         "magnesium_mg_per_100g", "calcium_mg_per_100g", "energy_kcal_per_100g",
         "vitamin_d_ug_per_100g", "phosphorus_mg_per_100g", "potassium_mg_per_100g",
         "fiber_g_per_100g"],
        [
            ["63107010", "Banana, raw", "6006", "Bananas", "27", "5", "97", "0", "22", "326",
             "1.7"],
            ["72125100", "Spinach, raw", "6402", "Spinach", "93", "68.5", "27", "0", "39", "582",
             "1.6"],
        ],
    )  # fmt: skip
    _write(
        fndds / "portions.csv",
        ["food_code", "seq_num", "portion_description", "gram_weight"],
        [
            ["63107010", "1", "1 cup, mashed", "225"],
            ["63107010", "2", "1 1/2 cups, sliced", "225"],
            ["63107010", "3", "Quantity not specified", "126"],
            ["72125100", "1", "1/2 cup", "15"],
            ["72125100", "2", "Quantity not specified", "0"],  # a published 0 g: dropped
            ["11000000", "1", "1 oz", "30.4"],  # no such food in the nutrient file: dropped
        ],
    )
    return sr28, fndds


def _read_text(path: Path) -> pd.DataFrame:
    """A built CSV exactly as written: every cell as text, blank as ''."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_build_writes_every_food_and_usable_portion(
    extract: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert build_data.build(*extract, out) == (5, 7)
    foods = _read_text(out / "foods.csv").set_index("food_id")
    assert list(foods.index) == [
        "sr28:11458", "sr28:01188", "sr28:01003", "fndds:63107010", "fndds:72125100",
    ]  # fmt: skip
    assert list(foods.columns) == [
        "source", "description", "food_group", "common_names",
        "magnesium_mg_per_100g", "calcium_mg_per_100g",
        "energy_kcal_per_100g", "vitamin_d_ug_per_100g",
    ]  # fmt: skip
    assert foods.loc["sr28:11458"].tolist() == [
        "sr28", "Spinach, cooked, boiled, drained, without salt",
        "Vegetables and Vegetable Products", "", "87", "136", "23", "0.0",
    ]  # fmt: skip
    assert foods.loc["fndds:72125100"].tolist() == [
        "fndds", "Spinach, raw", "Spinach", "", "93", "68.5", "27", "0",
    ]  # fmt: skip
    assert foods.loc["sr28:01003", "common_names"] == "ghee"


def test_build_keeps_blank_blank_and_zero_zero(extract: tuple[Path, Path], tmp_path: Path) -> None:
    build_data.build(*extract, tmp_path / "out")
    foods = _read_text(tmp_path / "out" / "foods.csv").set_index("food_id")
    assert foods.loc["sr28:01188", "magnesium_mg_per_100g"] == ""  # not reported
    assert foods.loc["sr28:01003", "magnesium_mg_per_100g"] == "0"  # a published zero
    assert foods.loc["sr28:01003", "calcium_mg_per_100g"] == ""
    assert foods.loc["sr28:01188", "vitamin_d_ug_per_100g"] == ""  # not reported
    assert foods.loc["sr28:11458", "vitamin_d_ug_per_100g"] == "0.0"  # published as 0.0
    table = FoodTable.read_csv(tmp_path / "out" / "foods.csv", tmp_path / "out" / "portions.csv")
    assert pd.isna(table["sr28:01188"].magnesium_mg_per_100g)
    assert table["sr28:01003"].magnesium_mg_per_100g == 0.0


def test_build_normalises_portions(extract: tuple[Path, Path], tmp_path: Path) -> None:
    build_data.build(*extract, tmp_path / "out")
    portions = _read_text(tmp_path / "out" / "portions.csv")
    assert list(portions.columns) == [
        "food_id", "seq", "amount", "measure", "unit", "modifier", "grams",
    ]  # fmt: skip
    assert portions.to_numpy().tolist() == [
        ["sr28:11458", "1", "1", "cup", "cup", "", "180"],
        ["sr28:01003", "1", "1", "tbsp", "tbsp", "", "12.8"],
        ["sr28:01003", "2", "0.5", "cup, melted", "cup", "melted", "102.5"],
        ["fndds:63107010", "1", "1", "cup, mashed", "cup", "mashed", "225"],
        ["fndds:63107010", "2", "1.5", "cups, sliced", "cup", "sliced", "225"],
        ["fndds:63107010", "3", "1", "Quantity not specified", "default", "", "126"],
        ["fndds:72125100", "1", "0.5", "cup", "cup", "", "15"],
    ]
    # The 0-gram "Quantity not specified" of 72125100 and the orphan 11000000 are gone.
    assert "fndds:11000000" not in set(portions["food_id"])
    table = FoodTable.read_csv(tmp_path / "out" / "foods.csv", tmp_path / "out" / "portions.csv")
    assert table.grams("fndds:63107010") == 126.0
    assert table.grams("fndds:63107010", "1 cup sliced") == pytest.approx(150.0)
    assert table.grams("sr28:01003", "1/2 cup melted") == pytest.approx(102.5)
    assert table.grams("fndds:72125100", "1 cup") == pytest.approx(30.0)


def test_build_fails_loudly_on_a_value_that_is_no_number(
    extract: tuple[Path, Path], tmp_path: Path
) -> None:
    sr28, fndds = extract
    text = (sr28 / "foods.csv").read_text(encoding="utf-8").replace(",87,", ",n/a,")
    (sr28 / "foods.csv").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="n/a"):
        build_data.build(sr28, fndds, tmp_path / "out")


def test_build_fails_loudly_on_an_extract_without_the_nutrient_columns(
    extract: tuple[Path, Path], tmp_path: Path
) -> None:
    sr28, fndds = extract
    rows = list(csv.reader((fndds / "foods.csv").open(encoding="utf-8", newline="")))
    _write(fndds / "foods.csv", rows[0][:6], [row[:6] for row in rows[1:]])  # a 0.1 extract
    with pytest.raises(KeyError, match="energy_kcal_per_100g"):
        build_data.build(sr28, fndds, tmp_path / "out")


def test_main(
    extract: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli"
    sr28, fndds = extract
    assert build_data.main([str(sr28), str(fndds), "--out", str(out)]) == 0
    assert f"wrote 5 foods and 7 portions to {out}" in capsys.readouterr().err
    assert (out / "foods.csv").is_file()
    assert (out / "portions.csv").is_file()


# -- build_waters() on a tiny extract -----------------------------------------------------------

WATERS_HEADER = list(build_data.WATER_COLUMNS)


@pytest.fixture
def waters(tmp_path: Path) -> Path:
    """Three rows of the shared waters table, their notes cut short."""
    folder = tmp_path / "waters"
    _write(
        folder / "waters.csv",
        WATERS_HEADER,
        [
            ["Hépar", "bottled_mineral", "France", "119", "549", "ANSES-CIQUAL 2020",
             "alim_code 76022", "CIQUAL 2020 release", "High sulfate (1530 mg/L)."],
            ["Vittel (Grande Source)", "bottled_mineral", "France", "42", "240",
             "ANSES-CIQUAL 2020", "alim_code 76056", "CIQUAL 2020 release",
             "SOURCES DISAGREE: ... Ca 94 / Mg 20 ... Range Mg 20-42, Ca 94-240."],
            ["Borjomi", "bottled_mineral", "Georgia", "20-150", "20-150",
             "English Wikipedia infobox (label range)", "infobox", "c. 2024",
             "Only a range was found (cells are low-high)."],
        ],
    )  # fmt: skip
    return folder


def test_mineral_cells_doctests() -> None:
    runner = doctest.DocTestRunner()
    for test in doctest.DocTestFinder().find(build_data._mineral_cells, "_mineral_cells"):
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.attempted >= 2
    assert results.failed == 0


def test_build_waters(waters: Path, tmp_path: Path) -> None:
    assert build_data.build_waters(waters, tmp_path / "out") == 3
    built = _read_text(tmp_path / "out" / "waters.csv").set_index("id")
    assert list(built.columns) == [
        "name", "aliases", "kind", "country",
        "magnesium_mg_per_l", "magnesium_mg_per_l_low", "magnesium_mg_per_l_high",
        "calcium_mg_per_l", "calcium_mg_per_l_low", "calcium_mg_per_l_high",
        "source", "source_detail", "year_of_data", "note",
    ]  # fmt: skip
    minerals = [c for c in built.columns if c.startswith(("magnesium", "calcium"))]
    assert built.loc["water:hepar", minerals].tolist() == ["119"] * 3 + ["549"] * 3
    assert built.loc["water:hepar", "aliases"] == "hepar; hépar"
    # sources disagree: the value shown stays, the range spans the sources in the note
    assert built.loc["water:vittel_grande_source", minerals].tolist() == [
        "42", "20", "42", "240", "94", "240",
    ]  # fmt: skip
    # only a range was published: no value shown, the range in low and high
    assert built.loc["water:borjomi", minerals].tolist() == ["", "20", "150", "", "20", "150"]
    assert built.loc["water:borjomi", "source"] == "English Wikipedia infobox (label range)"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("Hépar,", "Hepar Nouvelle,", "give these waters an id"),
        (",119,", ",about 119,", "neither a number nor a range"),
        (",20-150,20-150,", ",150-20,20-150,", "runs backwards"),
        ("Ca 94 / Mg 20 ... Range Mg 20-42, Ca 94-240", "Mg 20", "calcium 94 is not in its note"),
        (",42,240,", ",43,240,", "magnesium 43 is outside 20-42"),
        ("year_of_data,note", "year,note", "expected columns"),
        ("English Wikipedia infobox (label range)", "", "Borjomi: no source"),
        ("bottled_mineral,Georgia", "sparkling,Georgia", "unknown kind"),
    ],
)
def test_build_waters_fails_loudly(
    waters: Path, tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = (waters / "waters.csv").read_text(encoding="utf-8")
    assert old in text
    (waters / "waters.csv").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        build_data.build_waters(waters, tmp_path / "out")


def test_main_builds_the_waters_when_asked(
    extract: tuple[Path, Path], waters: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli"
    assert build_data.main([*map(str, extract), "--waters", str(waters), "--out", str(out)]) == 0
    assert f"wrote 3 waters to {out}" in capsys.readouterr().err
    assert (out / "waters.csv").is_file()


# -- the committed data files ------------------------------------------------------------------


@pytest.fixture(scope="module")
def committed_foods() -> pd.DataFrame:
    return _read_text(DATA / "foods.csv")


@pytest.fixture(scope="module")
def committed_portions() -> pd.DataFrame:
    return _read_text(DATA / "portions.csv")


def test_committed_foods_have_the_published_counts(committed_foods: pd.DataFrame) -> None:
    assert len(committed_foods) == 14_220
    assert committed_foods["food_id"].is_unique
    assert committed_foods["source"].value_counts().to_dict() == {"sr28": 8_789, "fndds": 5_431}
    assert (committed_foods["food_id"].str.split(":").str[0] == committed_foods["source"]).all()


def test_committed_blanks_are_the_published_blanks(committed_foods: pd.DataFrame) -> None:
    """SR28 (sr28_doc.pdf, Table 1): 8,050 of 8,789 foods have Mg and 8,441 have Ca; the
    extract holds 229 published zeros for Mg. Blanks and zeros both match, so no blank
    magnesium cell became 0 and no zero became blank."""
    sr28 = committed_foods[committed_foods["source"] == "sr28"]
    magnesium = sr28["magnesium_mg_per_100g"]
    assert (magnesium == "").sum() == 739
    assert (magnesium != "").sum() == 8_050
    assert (magnesium.replace("", "nan").astype(float) == 0).sum() == 229
    assert (sr28["calcium_mg_per_100g"] == "").sum() == 348
    assert (sr28["calcium_mg_per_100g"] != "").sum() == 8_441
    fndds = committed_foods[committed_foods["source"] == "fndds"]
    assert (fndds[["magnesium_mg_per_100g", "calcium_mg_per_100g"]] != "").all().all()


# Blanks and published zeros of the added columns, per source, as the extracts' READMEs count
# them (SR28: 8,789 foods with energy and 5,527 with vitamin D, as in sr28_doc.pdf Table 1).
ADDED_COLUMN_COUNTS = {
    ("sr28", "energy_kcal_per_100g"): (0, 39),
    ("sr28", "vitamin_d_ug_per_100g"): (3_262, 3_478),
    ("fndds", "energy_kcal_per_100g"): (0, 28),
    ("fndds", "vitamin_d_ug_per_100g"): (0, 3_000),
}


@pytest.mark.parametrize(("source", "column"), list(ADDED_COLUMN_COUNTS))
def test_committed_energy_and_vitamin_d_blanks_and_zeros(
    committed_foods: pd.DataFrame, source: str, column: str
) -> None:
    values = committed_foods.loc[committed_foods["source"] == source, column]
    blanks, zeros = ADDED_COLUMN_COUNTS[source, column]
    assert (values == "").sum() == blanks
    assert (values.replace("", "nan").astype(float) == 0).sum() == zeros


def test_committed_vitamin_d_blanks_are_not_zeros(committed_foods: pd.DataFrame) -> None:
    """SR28 publishes vitamin D zeros as ``0.0`` and FNDDS as ``0``; both stay as written, and
    a food with no vitamin D record (Nutr_No 328) stays blank, never 0."""
    sr28 = committed_foods[committed_foods["source"] == "sr28"]
    vitamin_d = sr28["vitamin_d_ug_per_100g"]
    assert (vitamin_d != "").sum() == 5_527
    assert set(vitamin_d[vitamin_d.replace("", "nan").astype(float) == 0]) == {"0.0"}
    fndds = committed_foods[committed_foods["source"] == "fndds"]["vitamin_d_ug_per_100g"]
    assert set(fndds[fndds.astype(float) == 0]) == {"0"}


# food_id -> (energy [kcal/100 g], vitamin D [µg/100 g]) as published; '' = not reported.
# From the spot-check tables of the extracts' READMEs, and (marked *) read from the SR28
# extract's foods.csv.
ENERGY_AND_VITAMIN_D = {
    "sr28:01001": ("717", "0.0"),  # Butter, salted
    "sr28:12061": ("579", "0.0"),  # Nuts, almonds
    "sr28:11458": ("23", "0.0"),  # Spinach, cooked, boiled, drained, without salt
    "sr28:15076": ("142", ""),  # Fish, salmon, Atlantic, wild, raw: no vitamin D record
    "sr28:15236": ("208", "11.0"),  # Fish, salmon, Atlantic, farmed, raw
    "sr28:01077": ("61", "1.3"),  # * Milk, whole, 3.25% milkfat, with added vitamin D
    "sr28:01211": ("61", "0.1"),  # * Milk, whole, 3.25% milkfat, without added vitamin A and D
    "sr28:11998": ("22", "28.4"),  # * Mushrooms, portabella, exposed to ultraviolet light, raw
    "sr28:01188": ("276", ""),  # * KRAFT CHEEZ WHIZ: no magnesium and no vitamin D record
    "fndds:42101000": ("626", "0"),  # Almonds, unroasted
    "fndds:43101150": ("574", "0"),  # Pumpkin seeds, unsalted
    "fndds:72125100": ("27", "0"),  # Spinach, raw
}


def test_committed_energy_and_vitamin_d_spot_values(committed_foods: pd.DataFrame) -> None:
    foods = committed_foods.set_index("food_id")
    columns = ["energy_kcal_per_100g", "vitamin_d_ug_per_100g"]
    for food_id, values in ENERGY_AND_VITAMIN_D.items():
        assert tuple(foods.loc[food_id, columns]) == values, food_id


def test_committed_foods_keep_the_01_columns_byte_for_byte(committed_foods: pd.DataFrame) -> None:
    """The two added columns come last; without them the file is the 0.1 foods.csv exactly
    (1,396,512 bytes, sha256 8fbe65f7...), so no existing cell changed."""
    assert list(committed_foods.columns) == [
        "food_id", "source", "description", "food_group", "common_names",
        "magnesium_mg_per_100g", "calcium_mg_per_100g",
        "energy_kcal_per_100g", "vitamin_d_ug_per_100g",
    ]  # fmt: skip
    with (DATA / "foods.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(row[:7] for row in rows)
    old = text.getvalue().encode("utf-8")
    assert len(old) == 1_396_512
    assert hashlib.sha256(old).hexdigest() == (
        "8fbe65f7ee524ec802aaec80898be8e69d504b906369e4ca7a6efcf544bde273"
    )


def test_food_table_reads_the_committed_file_with_the_added_columns() -> None:
    """FoodTable carries energy and vitamin D beside magnesium and calcium; unknown stays
    unknown (the SR28 wild salmon reports no vitamin D)."""
    table = FoodTable.default()
    assert {"energy_kcal_per_100g", "vitamin_d_ug_per_100g"} <= set(table.foods.columns)
    assert table["fndds:42101000"].energy_kcal_per_100g == 626.0
    assert table["sr28:15236"].vitamin_d_ug_per_100g == 11.0
    assert math.isnan(table["sr28:15076"].vitamin_d_ug_per_100g)
    assert table["sr28:11458"].magnesium_mg_per_100g == 87.0
    assert table["fndds:42101000"].calcium_mg_per_100g == 254.0


def test_committed_values_are_numbers_not_below_zero(committed_foods: pd.DataFrame) -> None:
    for column in build_data.NUTRIENT_COLUMNS:
        values = committed_foods[column].replace("", "nan").astype(float)
        assert (values.dropna() >= 0).all()


def test_committed_portions(
    committed_portions: pd.DataFrame, committed_foods: pd.DataFrame
) -> None:
    source = committed_portions["food_id"].str.split(":").str[0]
    assert source.value_counts().to_dict() == {"fndds": 22_043, "sr28": 15_438}
    assert committed_portions["food_id"].isin(committed_foods["food_id"]).all()
    assert (committed_portions["grams"].astype(float) > 0).all()
    assert (committed_portions["amount"].astype(float) > 0).all()
    assert (committed_portions["unit"] != "").all()
    default = committed_portions["unit"] == "default"
    assert default.sum() == 5_327
    assert committed_portions.loc[default, "measure"].str.startswith("Quantity not specified").all()
    assert not committed_portions[["food_id", "seq"]].duplicated().any()


# -- the committed waters ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def committed_waters() -> pd.DataFrame:
    return _read_text(DATA / "waters.csv")


def _mg_per_l(column: pd.Series) -> pd.Series:
    return column.replace("", "nan").astype(float)


def test_committed_waters_rows_and_kinds(committed_waters: pd.DataFrame) -> None:
    """45 rows, as the waters README counts them: 29 mineral, 5 spring and 2 purified bottled
    waters, and 9 tap waters."""
    assert len(committed_waters) == 45
    assert committed_waters["kind"].value_counts().to_dict() == {
        "bottled_mineral": 29, "tap": 9, "bottled_spring": 5, "bottled_purified": 2,
    }  # fmt: skip
    assert committed_waters["name"].is_unique


def test_committed_waters_ids_and_aliases(committed_waters: pd.DataFrame) -> None:
    assert committed_waters["id"].is_unique
    assert committed_waters["id"].str.fullmatch(r"water:[a-z0-9_]+").all()
    owners: dict[str, str] = {}
    for water_id, name, aliases in committed_waters[["id", "name", "aliases"]].itertuples(
        index=False
    ):
        spellings = [a.strip() for a in aliases.split(";")]
        assert spellings, water_id
        for key in (name.lower(), *spellings):
            assert key == key.lower()
            assert owners.setdefault(key, water_id) == water_id, key  # no spelling names two
    aliases = committed_waters.set_index("id")["aliases"]
    assert aliases["water:san_pellegrino"] == (
        "san pellegrino; s. pellegrino; s.pellegrino; pellegrino"
    )
    assert aliases["water:hepar"] == "hepar; hépar"


def test_committed_waters_every_row_has_a_source(committed_waters: pd.DataFrame) -> None:
    for column in ("source", "source_detail", "year_of_data", "note"):
        assert (committed_waters[column].str.strip() != "").all(), column


def test_committed_waters_ranges(committed_waters: pd.DataFrame) -> None:
    """Every low and high is a number; the value shown lies within them; a blank value is a
    row whose only figure is a range (Borjomi, Berlin)."""
    for mineral in ("magnesium", "calcium"):
        value = _mg_per_l(committed_waters[f"{mineral}_mg_per_l"])
        low = _mg_per_l(committed_waters[f"{mineral}_mg_per_l_low"])
        high = _mg_per_l(committed_waters[f"{mineral}_mg_per_l_high"])
        assert low.notna().all()
        assert high.notna().all()
        assert (low <= high).all()
        known = value.notna()
        assert ((low[known] <= value[known]) & (value[known] <= high[known])).all()
        blank = committed_waters.loc[~known, "id"].tolist()
        assert blank == ["water:borjomi", "water:tap_berlin"], mineral
    ranged = (
        committed_waters["magnesium_mg_per_l_low"] != committed_waters["magnesium_mg_per_l_high"]
    )
    ranged |= committed_waters["calcium_mg_per_l_low"] != committed_waters["calcium_mg_per_l_high"]
    assert sorted(committed_waters.loc[ranged, "name"]) == sorted(
        [*build_data.WATER_SOURCE_RANGES, "Borjomi", "Tap water, Berlin"]
    )


# id -> (Mg, Mg low, Mg high, Ca, Ca low, Ca high) [mg/L] as written
WATER_VALUES = {
    "water:hepar": ("119", "119", "119", "549", "549", "549"),
    "water:donat_mg": ("1000", "1000", "1060", "380", "375", "380"),
    "water:borjomi": ("", "20", "150", "", "20", "150"),
    "water:tap_berlin": ("", "8.4", "15.8", "", "94", "147"),
    "water:perrier": ("4.2", "3.8", "7", "160", "140", "160"),
    "water:vittel_grande_source": ("42", "20", "42", "240", "94", "240"),
    "water:gerolsteiner_naturell": ("44", "44", "49", "125", "125", "125"),
    "water:tap_muenchen": ("20.7", "20.7", "20.7", "77.5", "77.5", "82.7"),
    "water:evian": ("26", "26", "26", "80", "80", "80"),
    "water:dasani": ("0", "0", "0", "0", "0", "0"),
    "water:tap_usa_municipal": ("10", "10", "10", "30", "30", "30"),
}


def test_committed_waters_spot_values(committed_waters: pd.DataFrame) -> None:
    waters = committed_waters.set_index("id")
    columns = [
        "magnesium_mg_per_l", "magnesium_mg_per_l_low", "magnesium_mg_per_l_high",
        "calcium_mg_per_l", "calcium_mg_per_l_low", "calcium_mg_per_l_high",
    ]  # fmt: skip
    for water_id, values in WATER_VALUES.items():
        assert tuple(waters.loc[water_id, columns]) == values, water_id
    assert waters.loc["water:hepar", "name"] == "Hépar"
    assert waters.loc["water:donat_mg", "country"] == "Slovenia"
