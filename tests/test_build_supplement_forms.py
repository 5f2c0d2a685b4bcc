"""Tests for ``scripts/build_supplement_forms.py`` and the ``data/supplement_forms.csv`` it
writes: magnesium and calcium compounds with their elemental fractions.

Every fraction is recomputed here from its formula with molmass, and checked against the
values of the project's nutrition-science reference (§4, §4b), copied by hand; the tests
never read that file.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from molmass import Formula

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

STANDARD_WEIGHTS = {"magnesium": ("Mg", 24.305), "calcium": ("Ca", 40.078)}


def _load_script() -> ModuleType:
    path = ROOT / "scripts" / "build_supplement_forms.py"
    spec = importlib.util.spec_from_file_location("build_supplement_forms", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_supplement_forms", module)
    spec.loader.exec_module(module)
    return module


build_forms = _load_script()

# form_id -> (M [g/mol], % element) from reference §4 (2 decimals) and §4b (M to 3 decimals).
REFERENCE_VALUES: dict[str, tuple[float, float]] = {
    # §4, magnesium
    "oxide": (40.30, 60.30),
    "hydroxide": (58.32, 41.68),
    "carbonate": (84.31, 28.83),
    "carbonate_basic_light": (467.64, 25.99),
    "carbonate_basic_heavy": (485.65, 25.02),
    "chloride_anhydrous": (95.21, 25.53),
    "chloride_hexahydrate": (203.30, 11.96),
    "sulfate_anhydrous": (120.37, 20.19),
    "sulfate_heptahydrate": (246.47, 9.86),
    "citrate_anhydrous": (451.12, 16.16),
    "citrate_nonahydrate": (613.25, 11.89),
    "hydrogen_citrate": (214.41, 11.34),
    "bisglycinate_anhydrous": (172.42, 14.10),
    "bisglycinate_monohydrate": (190.44, 12.76),
    "lactate_anhydrous": (202.45, 12.01),
    "lactate_dihydrate": (238.48, 10.19),
    "malate_anhydrous": (156.38, 15.54),
    "malate_trihydrate": (210.42, 11.55),
    "dimagnesium_malate": (178.67, 27.21),
    "gluconate_anhydrous": (414.60, 5.86),
    "gluconate_dihydrate": (450.63, 5.39),
    "aspartate_anhydrous": (288.49, 8.42),
    "aspartate_dihydrate": (324.53, 7.49),
    "aspartate_tetrahydrate": (360.56, 6.74),
    "threonate": (294.50, 8.25),
    "taurate": (272.58, 8.92),
    "orotate_anhydrous": (334.48, 7.27),
    "orotate_dihydrate": (370.51, 6.56),
    "pidolate": (280.52, 8.66),
    # §4b, magnesium
    "glycerophosphate": (194.363, 12.50),
    "trisilicate_anhydrous": (260.862, 18.63),
    "phosphate_dibasic_trihydrate": (174.330, 13.94),
    "phosphate_tribasic_anhydrous": (262.858, 27.74),
    "acetate_tetrahydrate": (214.454, 11.33),
    "acetate_anhydrous": (142.393, 17.07),
    "ascorbate": (374.538, 6.49),
    "picolinate": (268.509, 9.05),
    "fumarate": (138.362, 17.57),
    "succinate": (140.377, 17.31),
    "acetyl_taurate": (356.656, 6.81),
    "citrate_tetradecahydrate": (703.329, 10.37),
    # §4b, calcium
    "calcium_carbonate": (100.087, 40.04),
    "calcium_citrate_tetrahydrate": (570.495, 21.08),
    "calcium_citrate_anhydrous": (498.434, 24.12),
    "calcium_phosphate_tribasic": (310.177, 38.76),
    "calcium_phosphate_dibasic_dihydrate": (172.088, 23.29),
    "calcium_lactate_pentahydrate": (308.295, 13.00),
    "calcium_gluconate_monohydrate": (448.389, 8.94),
    "calcium_gluconate_anhydrous": (430.373, 9.31),
    "calcium_hydroxyapatite": (502.311, 39.89),
}

# §4b: no fixed formula; only a label's declared elemental amount can be used.
DECLARED_ONLY = {
    "magaldrate": "magnesium",
    "amino_acid_chelate": "magnesium",
    "citrate_malate": "magnesium",
    "calcium_citrate_malate": "calcium",
    "calcium_mchc": "calcium",
}


@pytest.fixture(scope="module")
def forms() -> pd.DataFrame:
    """The committed file, every cell as text ('' = blank)."""
    return pd.read_csv(DATA / "supplement_forms.csv", dtype=str, keep_default_na=False)


def test_columns_and_rows(forms: pd.DataFrame) -> None:
    assert list(forms.columns) == list(build_forms.COLUMNS)
    # the 0.1 columns come first, in their order
    assert list(forms.columns)[:9] == [
        "form_id",
        "name",
        "aliases",
        "formula",
        "magnesium_atoms",
        "molar_mass_g_per_mol",
        "magnesium_fraction",
        "common_uses",
        "notes",
    ]  # fmt: skip
    assert forms["form_id"].is_unique
    assert set(forms["form_id"]) == set(REFERENCE_VALUES) | set(DECLARED_ONLY)
    assert forms["element"].value_counts().to_dict() == {"magnesium": 44, "calcium": 11}
    assert (forms["fraction_known"] == "false").sum() == len(DECLARED_ONLY)


def test_the_01_rows_are_unchanged(forms: pd.DataFrame) -> None:
    """The 29 rows of 0.1 come first, in their order, with every 0.1 cell as it was: the
    magnesium column of the oxide row still reads 0.6030343258."""
    assert list(forms["form_id"][:29]) == list(REFERENCE_VALUES)[:29]
    oxide = forms.iloc[0]
    assert (oxide["formula"], oxide["molar_mass_g_per_mol"], oxide["magnesium_fraction"]) == (
        "MgO",
        "40.304505",
        "0.6030343258",
    )


@pytest.mark.parametrize("form_id", list(REFERENCE_VALUES))
def test_every_fraction_recomputed_with_molmass(forms: pd.DataFrame, form_id: str) -> None:
    row = forms.set_index("form_id").loc[form_id]
    symbol, weight = STANDARD_WEIGHTS[row["element"]]
    molecule = Formula(row["formula"])
    assert molecule.formula == row["formula"]  # Hill notation, as molmass writes it
    atoms = molecule.composition()[symbol].count
    assert int(row["element_atoms"]) == atoms
    assert float(row["molar_mass_g_per_mol"]) == pytest.approx(molecule.mass, rel=1e-6)
    fraction = float(row["elemental_fraction"])
    assert fraction == pytest.approx(atoms * weight / molecule.mass, rel=1e-9)
    # molmass's own mass fraction of the element (its atomic weights): within 0.1 %
    assert fraction == pytest.approx(molecule.composition()[symbol].fraction, rel=1e-3)
    assert row["fraction_known"] == "true"
    # and the reference's values
    molar_mass, percent = REFERENCE_VALUES[form_id]
    assert float(row["molar_mass_g_per_mol"]) == pytest.approx(molar_mass, abs=0.0101)
    assert 100 * fraction == pytest.approx(percent, abs=0.0051)


def test_done_when_values(forms: pd.DataFrame) -> None:
    fraction = forms.set_index("form_id")["elemental_fraction"].replace("", "nan").astype(float)
    assert round(100 * fraction["calcium_carbonate"], 2) == 40.04
    assert round(100 * fraction["oxide"], 2) == 60.30
    assert round(100 * fraction["calcium_citrate_tetrahydrate"], 2) == 21.08
    assert round(100 * fraction["trisilicate_anhydrous"], 2) == 18.63


def test_trisilicate_note_names_the_pentahydrate(forms: pd.DataFrame) -> None:
    """The note's 13.85 % for Mg2Si3O8·5H2O is recomputed too."""
    note = forms.set_index("form_id").loc["trisilicate_anhydrous", "notes"]
    pentahydrate = Formula("Mg2Si3O8.5H2O")
    assert f"{100 * 2 * 24.305 / pentahydrate.mass:.2f}%" == "13.85%"
    assert "13.85%" in note
    assert "declared magnesium" in note


def test_magnesium_columns_kept_for_magnesium_rows_only(forms: pd.DataFrame) -> None:
    known = forms["fraction_known"] == "true"
    magnesium = forms["element"] == "magnesium"
    rows = forms[known & magnesium]
    assert (rows["magnesium_fraction"] == rows["elemental_fraction"]).all()
    assert (rows["magnesium_atoms"] == rows["element_atoms"]).all()
    others = forms[~(known & magnesium)]
    assert (others[["magnesium_atoms", "magnesium_fraction"]] == "").all().all()


@pytest.mark.parametrize(("form_id", "element"), list(DECLARED_ONLY.items()))
def test_declared_only_rows(forms: pd.DataFrame, form_id: str, element: str) -> None:
    row = forms.set_index("form_id").loc[form_id]
    assert row["element"] == element
    assert row["fraction_known"] == "false"
    assert row["notes"].startswith("declared_only: ")
    assert f"declared elemental {element}" in row["notes"]
    blank = ["formula", "element_atoms", "molar_mass_g_per_mol", "elemental_fraction"]
    assert (row[blank] == "").all()


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_aliases_are_lower_case_and_name_one_form(forms: pd.DataFrame) -> None:
    owners: dict[str, str] = {}
    for form_id, name, aliases in forms[["form_id", "name", "aliases"]].itertuples(index=False):
        spellings = [a.strip() for a in aliases.split(";") if a.strip()]
        for alias in spellings:
            assert alias == alias.lower(), alias
        for key in (form_id, name, *spellings):
            assert owners.setdefault(_key(key), form_id) == form_id, key


@pytest.mark.parametrize(
    ("alias", "form_id"),
    [
        ("tums", "calcium_carbonate"),
        ("caco3", "calcium_carbonate"),
        ("calcium citrate", "calcium_citrate_tetrahydrate"),
        ("calcium gluconate", "calcium_gluconate_monohydrate"),
        ("calcium lactate", "calcium_lactate_pentahydrate"),
        ("dicalcium phosphate", "calcium_phosphate_dibasic_dihydrate"),
        ("tricalcium phosphate", "calcium_phosphate_tribasic"),
        ("mchc", "calcium_mchc"),
        ("magnesium acetate", "acetate_tetrahydrate"),
        ("magnesium trisilicate", "trisilicate_anhydrous"),
        ("milk of magnesia", "hydroxide"),
        ("magnesium citrate", "citrate_anhydrous"),
    ],
)
def test_plain_names(forms: pd.DataFrame, alias: str, form_id: str) -> None:
    aliases = forms.set_index("form_id")["aliases"].str.split("; ")
    assert alias in aliases[form_id]


@pytest.mark.parametrize("plain", ["magnesium phosphate", "calcium phosphate", "magnesium sulfate"])
def test_ambiguous_plain_names_map_to_no_form(forms: pd.DataFrame, plain: str) -> None:
    spellings = {_key(a) for text in forms["aliases"] for a in text.split(";") if a.strip()}
    assert _key(plain) not in spellings
    assert _key(plain) not in {_key(name) for name in forms["name"]}


def test_the_script_writes_the_committed_file(tmp_path: Path) -> None:
    assert build_forms.build(tmp_path) == 55
    written = (tmp_path / "supplement_forms.csv").read_bytes()
    assert written == (DATA / "supplement_forms.csv").read_bytes()


def test_main(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build_forms.main(["--out", str(tmp_path)]) == 0
    assert f"wrote 55 supplement forms to {tmp_path}" in capsys.readouterr().err


def test_a_form_without_formula_must_say_declared_only() -> None:
    form = build_forms.Form("mystery", "Magnesium mystery", ("mystery",), "", ("supplement",), "")
    with pytest.raises(ValueError, match="declared_only"):
        build_forms.form_row(form)


def test_supplements_module_still_sees_only_magnesium_forms(forms: pd.DataFrame) -> None:
    """mgcalc.supplements (0.1 API) reads magnesium forms with a known fraction only."""
    from mgcalc.supplements import supplement_forms

    expected = forms[(forms["element"] == "magnesium") & (forms["fraction_known"] == "true")]
    assert list(supplement_forms()["form_id"]) == list(expected["form_id"])
