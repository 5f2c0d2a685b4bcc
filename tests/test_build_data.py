"""Tests for ``scripts/build_data.py``, which builds ``data/foods.csv`` and ``data/portions.csv``.

The build is tested on a tiny synthetic SR28/FNDDS extract written to ``tmp_path``; the
committed data files are checked against the counts the USDA documentation publishes.
Nothing here reads the USDA extracts themselves.
"""

from __future__ import annotations

import csv
import doctest
import importlib.util
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
         "magnesium_mg_per_100g", "calcium_mg_per_100g"],
        [
            ["11458", "1100", "Vegetables and Vegetable Products",
             "Spinach, cooked, boiled, drained, without salt", "", "87", "136"],
            ["01188", "0100", "Dairy and Egg Products",
             "KRAFT CHEEZ WHIZ Pasteurized Process Cheese Sauce", "", "", "359"],
            ["01003", "0100", "Dairy and Egg Products", "Butter oil, anhydrous", "ghee", "0", ""],
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
         "magnesium_mg_per_100g", "calcium_mg_per_100g"],
        [
            ["63107010", "Banana, raw", "6006", "Bananas", "27", "5"],
            ["72125100", "Spinach, raw", "6402", "Spinach", "93", "68.5"],
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
    ]  # fmt: skip
    assert foods.loc["sr28:11458"].tolist() == [
        "sr28", "Spinach, cooked, boiled, drained, without salt",
        "Vegetables and Vegetable Products", "", "87", "136",
    ]  # fmt: skip
    assert foods.loc["fndds:72125100"].tolist() == [
        "fndds", "Spinach, raw", "Spinach", "", "93", "68.5",
    ]  # fmt: skip
    assert foods.loc["sr28:01003", "common_names"] == "ghee"


def test_build_keeps_blank_blank_and_zero_zero(extract: tuple[Path, Path], tmp_path: Path) -> None:
    build_data.build(*extract, tmp_path / "out")
    foods = _read_text(tmp_path / "out" / "foods.csv").set_index("food_id")
    assert foods.loc["sr28:01188", "magnesium_mg_per_100g"] == ""  # not reported
    assert foods.loc["sr28:01003", "magnesium_mg_per_100g"] == "0"  # a published zero
    assert foods.loc["sr28:01003", "calcium_mg_per_100g"] == ""
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


def test_main(
    extract: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli"
    sr28, fndds = extract
    assert build_data.main([str(sr28), str(fndds), "--out", str(out)]) == 0
    assert f"wrote 5 foods and 7 portions to {out}" in capsys.readouterr().err
    assert (out / "foods.csv").is_file()
    assert (out / "portions.csv").is_file()


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


def test_committed_values_are_numbers_not_below_zero(committed_foods: pd.DataFrame) -> None:
    for column in ("magnesium_mg_per_100g", "calcium_mg_per_100g"):
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
