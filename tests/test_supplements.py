"""Tests for ``mgcalc.supplements``: supplement forms, doses, elemental magnesium, labels,
daily supplemental totals and the UL check.

Expected values are copied from the project's nutrition-science reference (§1c, §4, §8b);
the tests never read that file.
"""

from __future__ import annotations

import inspect
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from molmass import Formula
from pydantic import ValidationError

from mgcalc.defaults import MAX_DOSE_MG
from mgcalc.errors import (
    DoseError,
    InvalidLogError,
    MgcalcError,
    UnitError,
    UnknownFormError,
    UnknownOptionError,
)
from mgcalc.log import FoodLog
from mgcalc.supplements import (
    UL_STATUS_MESSAGES,
    UL_STATUSES,
    SupplementDose,
    SupplementForm,
    elemental_amount,
    elemental_calcium,
    elemental_magnesium,
    find_form,
    parse_label,
    supplement_daily,
    supplement_forms,
    ul_status,
    upper_limit_exceeded,
)
from mgcalc.units import Q_, magnesium_mg, to_magnesium
from strategies import (
    magnesium_amount_units,
    supplement_amounts,
    supplement_form_ids,
    supplement_ledgers,
    supplement_uls_mg,
    supplemental_mg,
)

MAGNESIUM_G_PER_MOL = 24.305

# Reference §4 table: form_id -> (Hill formula, M [g/mol], % Mg), copied by hand.
REFERENCE_TABLE: dict[str, tuple[str, float, float]] = {
    "oxide": ("MgO", 40.30, 60.30),
    "hydroxide": ("H2MgO2", 58.32, 41.68),
    "carbonate": ("CMgO3", 84.31, 28.83),
    "carbonate_basic_light": ("C4H10Mg5O18", 467.64, 25.99),
    "carbonate_basic_heavy": ("C4H12Mg5O19", 485.65, 25.02),
    "chloride_anhydrous": ("Cl2Mg", 95.21, 25.53),
    "chloride_hexahydrate": ("Cl2H12MgO6", 203.30, 11.96),
    "sulfate_anhydrous": ("MgO4S", 120.37, 20.19),
    "sulfate_heptahydrate": ("H14MgO11S", 246.47, 9.86),
    "citrate_anhydrous": ("C12H10Mg3O14", 451.12, 16.16),
    "citrate_nonahydrate": ("C12H28Mg3O23", 613.25, 11.89),
    "hydrogen_citrate": ("C6H6MgO7", 214.41, 11.34),
    "bisglycinate_anhydrous": ("C4H8MgN2O4", 172.42, 14.10),
    "bisglycinate_monohydrate": ("C4H10MgN2O5", 190.44, 12.76),
    "lactate_anhydrous": ("C6H10MgO6", 202.45, 12.01),
    "lactate_dihydrate": ("C6H14MgO8", 238.48, 10.19),
    "malate_anhydrous": ("C4H4MgO5", 156.38, 15.54),
    "malate_trihydrate": ("C4H10MgO8", 210.42, 11.55),
    "dimagnesium_malate": ("C4H2Mg2O5", 178.67, 27.21),
    "gluconate_anhydrous": ("C12H22MgO14", 414.60, 5.86),
    "gluconate_dihydrate": ("C12H26MgO16", 450.63, 5.39),
    "aspartate_anhydrous": ("C8H12MgN2O8", 288.49, 8.42),
    "aspartate_dihydrate": ("C8H16MgN2O10", 324.53, 7.49),
    "aspartate_tetrahydrate": ("C8H20MgN2O12", 360.56, 6.74),
    "threonate": ("C8H14MgO10", 294.50, 8.25),
    "taurate": ("C4H12MgN2O6S2", 272.58, 8.92),
    "orotate_anhydrous": ("C10H6MgN4O8", 334.48, 7.27),
    "orotate_dihydrate": ("C10H10MgN4O10", 370.51, 6.56),
    "pidolate": ("C10H12MgN2O6", 280.52, 8.66),
    # Reference §4b (0.2): more magnesium forms (M to 3 decimals there)
    "glycerophosphate": ("C3H7MgO6P", 194.363, 12.50),
    "trisilicate_anhydrous": ("Mg2O8Si3", 260.862, 18.63),
    "phosphate_dibasic_trihydrate": ("H7MgO7P", 174.330, 13.94),
    "phosphate_tribasic_anhydrous": ("Mg3O8P2", 262.858, 27.74),
    "acetate_tetrahydrate": ("C4H14MgO8", 214.454, 11.33),
    "acetate_anhydrous": ("C4H6MgO4", 142.393, 17.07),
    "ascorbate": ("C12H14MgO12", 374.538, 6.49),
    "picolinate": ("C12H8MgN2O4", 268.509, 9.05),
    "fumarate": ("C4H2MgO4", 138.362, 17.57),
    "succinate": ("C4H4MgO4", 140.377, 17.31),
    "acetyl_taurate": ("C8H16MgN2O8S2", 356.656, 6.81),
    "citrate_tetradecahydrate": ("C12H38Mg3O28", 703.329, 10.37),
}
"""The magnesium forms with a formula; ``data/supplement_forms.csv`` also holds calcium salts
and forms with no fixed formula, which :func:`supplement_forms` leaves out."""


def _mg(quantity: object) -> float:
    assert hasattr(quantity, "m_as")
    return float(quantity.m_as("mg"))


# ---------------------------------------------------------------------------
# The forms table
# ---------------------------------------------------------------------------


def test_table_holds_every_form_of_the_reference() -> None:
    forms = supplement_forms()
    assert list(forms["form_id"]) == list(REFERENCE_TABLE)
    assert forms["form_id"].is_unique
    assert list(forms.columns) == [
        "form_id", "name", "aliases", "formula", "magnesium_atoms",
        "molar_mass_g_per_mol", "magnesium_fraction", "common_uses", "notes",
    ]  # fmt: skip


@pytest.mark.parametrize("form_id", list(REFERENCE_TABLE))
def test_fraction_recomputed_from_formula_and_matches_reference(form_id: str) -> None:
    form = find_form(form_id)
    formula, molar_mass, percent = REFERENCE_TABLE[form_id]
    assert form.formula == formula
    molecule = Formula(form.formula)
    atoms = molecule.composition()["Mg"].count
    assert form.magnesium_atoms == atoms
    assert form.molar_mass_g_per_mol == pytest.approx(molecule.mass, rel=1e-4)
    recomputed = atoms * MAGNESIUM_G_PER_MOL / molecule.mass
    assert form.magnesium_fraction == pytest.approx(recomputed, rel=1e-4)  # 0.01 %
    # the reference's columns, rounded to 2 decimals (molmass and periodictable agree ±0.01)
    assert form.molar_mass_g_per_mol == pytest.approx(molar_mass, abs=0.0101)
    assert 100 * form.magnesium_fraction == pytest.approx(percent, abs=0.0051)


def test_fraction_column_is_consistent_with_molar_mass_column() -> None:
    forms = supplement_forms()
    expected = forms["magnesium_atoms"] * MAGNESIUM_G_PER_MOL / forms["molar_mass_g_per_mol"]
    np.testing.assert_allclose(forms["magnesium_fraction"], expected, rtol=1e-9)


def test_aliases_are_lower_case_and_find_their_own_form() -> None:
    for form_id, aliases in supplement_forms()[["form_id", "aliases"]].itertuples(index=False):
        for alias in filter(None, (a.strip() for a in aliases.split(";"))):
            assert alias == alias.lower()
            assert find_form(alias).form_id == form_id


def test_every_form_is_found_by_id_and_name() -> None:
    for form_id, name in supplement_forms()[["form_id", "name"]].itertuples(index=False):
        assert find_form(form_id).form_id == form_id
        assert find_form(name).form_id == form_id
        assert find_form(name.upper()).form_id == form_id


def test_supplement_forms_returns_a_copy() -> None:
    forms = supplement_forms()
    forms.loc[0, "magnesium_fraction"] = 1.0
    assert find_form("oxide").magnesium_fraction == pytest.approx(0.6030, abs=1e-4)
    assert supplement_forms().loc[0, "magnesium_fraction"] != 1.0


@pytest.mark.parametrize(
    ("text", "form_id"),
    [
        ("Magnesium Oxide", "oxide"),
        ("MgO", "oxide"),
        ("magnesium oxides", "oxide"),
        ("milk of magnesia", "hydroxide"),
        ("Mg(OH)2", "hydroxide"),
        ("Epsom salts", "sulfate_heptahydrate"),
        ("magnesium sulphate heptahydrate", "sulfate_heptahydrate"),
        ("magnesium citrate", "citrate_anhydrous"),
        ("Magnesium chloride", "chloride_hexahydrate"),
        ("glycinate", "bisglycinate_anhydrous"),
        ("bisglycinate", "bisglycinate_anhydrous"),
        ("Magnesium L-Threonate", "threonate"),
        ("magnesium-lactate", "lactate_anhydrous"),
        ("CITRATE_NONAHYDRATE", "citrate_nonahydrate"),
        ("  magnesium   malate  ", "malate_anhydrous"),
        ("dimagnesium malate", "dimagnesium_malate"),
    ],
)
def test_find_form_is_tolerant(text: str, form_id: str) -> None:
    assert find_form(text).form_id == form_id


def test_find_form_returns_a_frozen_model() -> None:
    form = find_form("oxide")
    assert isinstance(form, SupplementForm)
    assert find_form(form) is form
    with pytest.raises(ValidationError):
        form.magnesium_fraction = 1.0  # type: ignore[misc]


def test_plain_magnesium_sulfate_asks_for_the_hydrate() -> None:
    with pytest.raises(UnknownFormError, match="sulfate_anhydrous, sulfate_heptahydrate") as info:
        find_form("magnesium sulfate")
    assert info.value.form == "magnesium sulfate"
    assert info.value.known[:2] == ("sulfate_anhydrous", "sulfate_heptahydrate")
    # 0.2 (issue 13): the known forms are every form of the file, calcium salts and forms
    # with no fixed formula included (0.1 knew the magnesium forms with a formula only)
    assert set(info.value.known) == set(supplement_forms(None)["form_id"])
    assert set(REFERENCE_TABLE) < set(info.value.known)


def test_unknown_form_is_a_key_error_listing_known_forms() -> None:
    with pytest.raises(KeyError, match=r"unknown magnesium form 'unobtainium'.*oxide"):
        find_form("unobtainium")


# ---------------------------------------------------------------------------
# elemental_magnesium: the done-when values and the reference's checks
# ---------------------------------------------------------------------------


def test_500_mg_magnesium_oxide() -> None:
    assert _mg(elemental_magnesium("500 mg", form="magnesium oxide")) == pytest.approx(
        301.5, abs=0.05
    )


def test_1_g_anhydrous_trimagnesium_dicitrate() -> None:
    result = elemental_magnesium("1 g", form="trimagnesium dicitrate, anhydrous")
    assert _mg(result) == pytest.approx(161.6, abs=0.05)
    assert str(result.units) == "milligram"


@pytest.mark.parametrize("amount", ["10 mmol", "20 mEq", Q_(10, "mmol"), Q_(20, "mEq")])
@pytest.mark.parametrize("form", [None, "oxide", "citrate"])
def test_mmol_and_meq_are_elemental_whatever_the_form(amount: object, form: str | None) -> None:
    assert _mg(elemental_magnesium(amount, form=form)) == pytest.approx(243.05, abs=1e-9)


def test_lactate_label_check_is_on_the_anhydrous_basis() -> None:
    # Spanish SmPC: 48.62 mg magnesium from 404.85 mg magnesium lactate (12.01 %)
    result = elemental_magnesium("404.85 mg", form="magnesium lactate")
    assert _mg(result) == pytest.approx(48.62, rel=1e-3)


@pytest.mark.parametrize(
    ("form", "mg_per_g"),
    [("oxide", 603), ("hydroxide", 417), ("chloride_hexahydrate", 120), ("epsom salt", 99)],
)
def test_mg_per_gram_column(form: str, mg_per_g: int) -> None:
    assert round(_mg(elemental_magnesium("1 g", form=form))) == mg_per_g


def test_mass_without_form_is_elemental() -> None:
    assert _mg(elemental_magnesium("250 mg")) == 250.0
    assert _mg(elemental_magnesium("250 mg", form="oxide", basis="elemental")) == 250.0


def test_compound_basis_without_form_lists_forms() -> None:
    with pytest.raises(UnknownOptionError, match=r"form=None is not valid.*citrate_anhydrous"):
        elemental_magnesium("500 mg", basis="compound")


def test_compound_basis_with_mmol_is_an_error() -> None:
    with pytest.raises(UnitError, match="always elemental"):
        elemental_magnesium("10 mmol", form="oxide", basis="compound")


@pytest.mark.parametrize("amount", ["1 cup", "5", "abc mg", "-5 mg", 5.0, "nan mg"])
def test_bad_amounts(amount: object) -> None:
    with pytest.raises(UnitError, match="not a valid unit here"):
        elemental_magnesium(amount)  # type: ignore[arg-type]


def test_bad_basis() -> None:
    with pytest.raises(UnknownOptionError, match=r"basis='total' is not valid.*elemental"):
        elemental_magnesium("1 mg", basis="total")  # type: ignore[arg-type]


def test_unknown_form_in_conversion() -> None:
    with pytest.raises(UnknownFormError, match="unknown magnesium form 'kryptonite'"):
        elemental_magnesium("1 g", form="kryptonite")


# ---------------------------------------------------------------------------
# SupplementDose
# ---------------------------------------------------------------------------


def test_dose_daily_totals_multiply_out() -> None:
    dose = SupplementDose(
        product="Cal-Mag",
        form="magnesium oxide",
        amount="0.5 g",
        basis="compound",
        units_per_serving=2,
        servings_per_day=1.5,
        calcium_mg=100,
    )
    assert dose.form == "oxide"
    assert dose.magnesium_mg_per_unit == pytest.approx(301.5, abs=0.05)
    assert dose.magnesium_mg_per_day == pytest.approx(3 * 301.517, abs=0.01)
    assert dose.calcium_mg_per_day == 300.0


def test_dose_in_meq_is_elemental_and_counts_as_medication() -> None:
    dose = SupplementDose(amount="20 mEq", form="hydroxide", source="medication")
    assert dose.resolved_basis == "elemental"
    assert dose.magnesium_mg_per_day == pytest.approx(243.05)
    row = dose.to_row()
    assert row == {
        "product": None,
        "form": "hydroxide",
        "amount": "20 mEq",
        "basis": "elemental",
        "units_per_serving": 1.0,
        "servings_per_day": 1.0,
        "source": "medication",
        "magnesium_mg": pytest.approx(243.05),
        "calcium_mg": 0.0,
        "vitamin_d_ug": 0.0,  # 0.2 (issue 13): a row carries every tracked nutrient
    }


def test_plain_magnesium_mass_is_elemental() -> None:
    dose = SupplementDose(product="Magnesium 400", amount="400 mg")
    assert dose.resolved_basis == "elemental"
    assert dose.magnesium_mg_per_day == 400.0


def test_dose_accepts_a_quantity_and_serialises_to_json() -> None:
    dose = SupplementDose(amount=Q_(250, "mg"), form="oxide", basis="elemental")
    text = dose.model_dump_json()
    assert '"amount":"250 mg"' in text
    assert SupplementDose.model_validate_json(text) == dose
    assert pickle.loads(pickle.dumps(dose)) == dose
    # 0.2 (issue 13): a dose may carry declared amounts only, so amount may be null
    schema = SupplementDose.model_json_schema()["properties"]["amount"]
    assert {"type": "null"} in schema["anyOf"]
    assert any(option.get("type") == "string" for option in schema["anyOf"])


def test_dose_is_frozen() -> None:
    dose = SupplementDose(amount="250 mg")
    with pytest.raises(ValidationError):
        dose.amount = Q_(1, "mg")  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "error_type", "match"),
    [
        ({"form": "citrate", "amount": "500 mg"}, "basis_required", "basis='elemental'"),
        (
            {"product": "Magnesium Citrate Gummies", "amount": "500 mg"},
            "basis_required",
            r"names a magnesium compound \(citrate\)",
        ),
        ({"amount": "500 mg", "basis": "compound"}, "form_required", "form= one of oxide"),
        ({"form": "oxide", "amount": "5 mmol", "basis": "compound"}, "ion_basis", "mmol"),
        ({"amount": "2 cups"}, "magnesium_amount", "mass \\(mg, g\\), mmol or mEq"),
        ({"amount": "-1 mg"}, "magnesium_amount", "finite value >= 0"),
        ({"amount": 250}, "magnesium_amount", "as text such as '200 mg'"),
        ({"amount": "1 mg", "form": "adamantium"}, "unknown_form", "known forms: oxide"),
        ({"amount": "1 mg", "units_per_serving": 0}, "greater_than", "greater than 0"),
        ({"amount": "1 mg", "servings_per_day": float("inf")}, "finite_number", "finite"),
        ({"amount": "1 mg", "calcium_mg": -1}, "greater_than_equal", "greater than or equal"),
        ({"amount": "1 mg", "source": "food"}, "literal_error", "'supplement' or 'medication'"),
    ],
)
def test_dose_validation_errors(kwargs: dict[str, object], error_type: str, match: str) -> None:
    with pytest.raises(ValidationError, match=match) as info:
        SupplementDose(**kwargs)  # type: ignore[arg-type]
    assert [error["type"] for error in info.value.errors()] == [error_type]


# ---------------------------------------------------------------------------
# parse_label
# ---------------------------------------------------------------------------


def test_label_as_compound_in_parentheses_is_elemental() -> None:
    dose = parse_label("Magnesium (as magnesium oxide) 250 mg")
    assert (dose.form, dose.basis, dose.magnesium_mg_per_day) == ("oxide", "elemental", 250.0)
    assert dose.product == "Magnesium (as magnesium oxide) 250 mg"


@pytest.mark.parametrize(
    "text",
    [
        "Magnesium 400 mg (as magnesium glycinate)",
        "Magnesium 400mg as magnesium bisglycinate",
        "Magnesium: 400 mg (as Magnesium Glycinate)",
    ],
)
def test_label_with_trailing_source(text: str) -> None:
    dose = parse_label(text)
    assert (dose.form, dose.basis, dose.magnesium_mg_per_day) == (
        "bisglycinate_anhydrous",
        "elemental",
        400.0,
    )


def test_label_with_mixed_sources_keeps_the_elemental_amount() -> None:
    dose = parse_label("Magnesium (as magnesium oxide, magnesium citrate) 1,000 mg")
    assert dose.form is None
    assert dose.magnesium_mg_per_day == 1000.0


def test_front_panel_compound_asks_for_basis() -> None:
    with pytest.raises(ValidationError, match=r"basis='elemental'.*basis='compound'"):
        parse_label("Magnesium citrate 500 mg")


def test_front_panel_compound_with_basis() -> None:
    compound = parse_label("Magnesium citrate 500 mg", basis="compound")
    assert compound.magnesium_mg_per_day == pytest.approx(500 * 0.1616, abs=0.05)
    elemental = parse_label("Magnesium citrate 500 mg", basis="elemental")
    assert elemental.magnesium_mg_per_day == 500.0


def test_label_in_meq_and_servings() -> None:
    dose = parse_label("Magnesium 20 mEq", servings_per_day=2, source="medication")
    assert dose.magnesium_mg_per_day == pytest.approx(486.1)
    assert dose.source == "medication"


def test_label_without_amount() -> None:
    with pytest.raises(UnitError, match="label line with an amount"):
        parse_label("Magnesium (as magnesium oxide)")


@pytest.mark.parametrize("text", ["Magnesium sulfate 1 g"])
def test_label_not_naming_a_known_magnesium_form(text: str) -> None:
    # 0.1 also refused "Calcium (as calcium carbonate) 500 mg" and "Vitamin C 500 mg" here;
    # 0.2 (issue 13) reads the first as calcium and keeps the second as an untracked
    # nutrient (tests/test_supplements_label.py)
    with pytest.raises(UnknownFormError, match="unknown magnesium form"):
        parse_label(text)


# ---------------------------------------------------------------------------
# supplement_daily
# ---------------------------------------------------------------------------


def test_supplement_daily_sums_by_source() -> None:
    ledger = pd.DataFrame(
        {
            "person_id": ["a", "a", "a", "b"],
            "date": ["2026-11-20", "2026-11-20", "2026-11-21", "2026-11-20"],
            "source": ["supplement", "medication", "supplement", "supplement"],
            "magnesium_mg": [250.0, 500.0, 100.0, 50.0],
            "calcium_mg": [np.nan, np.nan, 200.0, np.nan],
        }
    )
    daily = supplement_daily(ledger)
    assert list(daily.index.names) == ["person_id", "date"]
    assert list(daily.columns) == [
        "supplement_magnesium_mg",
        "medication_magnesium_mg",
        "supplemental_magnesium_mg",
        "supplement_calcium_mg",
    ]
    assert daily.loc[("a", "2026-11-20")].tolist() == [250.0, 500.0, 750.0, 0.0]
    assert daily.loc[("a", "2026-11-21")].tolist() == [100.0, 0.0, 100.0, 200.0]
    assert daily.loc[("b", "2026-11-20")].tolist() == [50.0, 0.0, 50.0, 0.0]


def test_supplement_daily_from_dose_rows() -> None:
    doses = [
        parse_label("Magnesium (as magnesium oxide) 250 mg"),
        SupplementDose(amount="500 mg", form="hydroxide", basis="elemental", source="medication"),
    ]
    ledger = pd.DataFrame([d.to_row() for d in doses]).assign(person_id="p", date="2026-11-20")
    daily = supplement_daily(ledger)
    assert daily["supplemental_magnesium_mg"].tolist() == [750.0]
    assert ul_status(daily["supplemental_magnesium_mg"], 350.0).tolist() == ["over"]


def test_supplement_daily_without_calcium_column_and_empty() -> None:
    ledger = pd.DataFrame(
        {"person_id": ["a"], "date": ["d"], "source": ["supplement"], "magnesium_mg": [1.0]}
    )
    assert supplement_daily(ledger)["supplement_calcium_mg"].tolist() == [0.0]
    empty = supplement_daily(ledger.iloc[:0])
    assert empty.empty
    assert "supplemental_magnesium_mg" in empty.columns


@pytest.mark.parametrize(
    ("change", "match", "rows"),
    [
        ({"source": ["food", "supplement", "water"]}, "source must be", (1, 3)),
        ({"magnesium_mg": [1.0, None, -2.0]}, "magnesium_mg must be known", (2, 3)),
        ({"magnesium_mg": [1.0, "x", np.inf]}, "magnesium_mg must be known", (2, 3)),
        ({"calcium_mg": [1.0, -1.0, np.nan]}, "calcium_mg must be non-negative", (2,)),
        ({"person_id": ["a", None, "b"]}, "blank key", (2,)),
    ],
)
def test_supplement_daily_reports_bad_rows(
    change: dict[str, list[object]], match: str, rows: tuple[int, ...]
) -> None:
    ledger = pd.DataFrame(
        {
            "person_id": ["a", "a", "b"],
            "date": ["d1", "d1", "d1"],
            "source": ["supplement"] * 3,
            "magnesium_mg": [1.0, 2.0, 3.0],
            "calcium_mg": [np.nan] * 3,
        }
    ).assign(**change)
    with pytest.raises(InvalidLogError, match=match) as info:
        supplement_daily(ledger)
    assert info.value.rows == rows


def test_supplement_daily_missing_column() -> None:
    with pytest.raises(InvalidLogError, match=r"lacks the column.*source") as info:
        supplement_daily(pd.DataFrame({"person_id": [], "date": [], "magnesium_mg": []}))
    assert info.value.column == "source"


# ---------------------------------------------------------------------------
# The UL check
# ---------------------------------------------------------------------------


def test_iom_2000_antacid_example() -> None:
    # IOM (2000) p. 63: 500 mg/day from a nonprescribed antacid exceeds the UL of 350
    assert upper_limit_exceeded(500.0, 350.0).tolist() == [True]
    assert ul_status(500.0, 350.0).tolist() == ["over"]


def test_ul_boundary_is_exact() -> None:
    assert upper_limit_exceeded([350.0, 350.0001], 350.0).tolist() == [False, True]
    assert ul_status([350.0, 350.0001], 350.0).tolist() == ["within", "over"]
    assert ul_status([65.0, 65.0001, 110.0, 110.0001], [65, 65, 110, 110]).tolist() == [
        "within", "over", "within", "over",
    ]  # fmt: skip


def test_efsa_upper_level_of_250() -> None:
    assert ul_status([250.0, 251.0], 250.0).tolist() == ["within", "over"]


def test_no_ul_for_infants() -> None:
    statuses = ul_status([10.0, 0.0, np.nan], np.nan)
    assert statuses.tolist() == ["no_ul", "none_taken", "none_taken"]
    assert "food and formula only" in UL_STATUS_MESSAGES["no_ul"]
    exceeded = upper_limit_exceeded([10.0, 0.0], np.nan)
    assert exceeded.isna().all()
    assert str(exceeded.dtype) == "boolean"


def test_ul_status_keeps_the_series_index_and_categories() -> None:
    supplemental = pd.Series([400.0, 0.0], index=pd.Index(["mon", "tue"], name="day"))
    statuses = ul_status(supplemental, pd.Series([350.0, 350.0], index=supplemental.index))
    assert statuses.index.equals(supplemental.index)
    assert list(statuses.cat.categories) == list(UL_STATUSES)
    assert set(UL_STATUS_MESSAGES) == set(UL_STATUSES)
    assert statuses.tolist() == ["over", "none_taken"]


def test_ul_inputs_must_align_and_be_non_negative() -> None:
    with pytest.raises(InvalidLogError, match="share one index"):
        ul_status(pd.Series([1.0]), pd.Series([350.0], index=[7]))
    with pytest.raises(InvalidLogError, match=r">= 0") as info:
        upper_limit_exceeded([1.0, -1.0], 350.0)
    assert info.value.rows == (2,)


def test_man_meeting_his_rda_from_food_is_not_flagged() -> None:
    # reference §0.2: comparing 420 mg of food magnesium with 350 mg is a known bug
    food_mg, supplements_mg = 420.0, 0.0
    assert food_mg > 350.0
    assert ul_status(supplements_mg, 350.0).tolist() == ["none_taken"]


def test_ul_check_takes_no_food_input() -> None:
    for function in (ul_status, upper_limit_exceeded):
        assert list(inspect.signature(function).parameters) == ["supplemental_mg", "ul_mg"]
        assert "food" in (function.__doc__ or "")


# ---------------------------------------------------------------------------
# Errors pickle
# ---------------------------------------------------------------------------


def _raised(call: object) -> MgcalcError:
    assert callable(call)
    try:
        call()
    except MgcalcError as exc:
        return exc
    raise AssertionError("no error raised")


@pytest.mark.parametrize(
    "call",
    [
        lambda: find_form("magnesium sulfate"),
        lambda: elemental_magnesium("1 cup"),
        lambda: elemental_magnesium("1 g", basis="compound"),
        lambda: supplement_daily(pd.DataFrame({"x": [1]})),
        lambda: parse_label("no amount here"),
    ],
)
def test_errors_pickle(call: object) -> None:
    error = _raised(call)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.__dict__ == error.__dict__


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


@given(form_id=supplement_form_ids, milligrams=supplement_amounts)
def test_elemental_never_exceeds_compound_mass(form_id: str, milligrams: float) -> None:
    elemental = _mg(elemental_magnesium(Q_(milligrams, "mg"), form=form_id))
    assert 0.0 <= elemental <= milligrams


@given(
    form_id=st.one_of(st.none(), supplement_form_ids),
    amount=supplement_amounts,
    factor=st.floats(min_value=0.0, max_value=100.0),
    unit=magnesium_amount_units,
)
def test_conversion_is_linear_in_amount(
    form_id: str | None, amount: float, factor: float, unit: str
) -> None:
    assume(magnesium_mg(Q_(amount * max(factor, 1.0), unit)) <= MAX_DOSE_MG)  # beyond: refused
    one = _mg(elemental_magnesium(Q_(amount, unit), form=form_id))
    scaled = _mg(elemental_magnesium(Q_(amount * factor, unit), form=form_id))
    assert scaled == pytest.approx(one * factor, rel=1e-9, abs=1e-9)


@given(form_id=supplement_form_ids, milligrams=supplement_amounts)
def test_same_mass_in_mg_or_g_gives_the_same_magnesium(form_id: str, milligrams: float) -> None:
    in_mg = _mg(elemental_magnesium(Q_(milligrams, "mg"), form=form_id))
    in_g = _mg(elemental_magnesium(Q_(milligrams / 1000, "g"), form=form_id))
    assert in_g == pytest.approx(in_mg, rel=1e-12, abs=1e-12)


@given(milligrams=supplement_amounts, unit=st.sampled_from(["mmol", "mEq"]))
def test_mg_mmol_meq_round_trip(milligrams: float, unit: str) -> None:
    converted = to_magnesium(Q_(milligrams, "mg"), unit)
    assert _mg(elemental_magnesium(converted)) == pytest.approx(milligrams, rel=1e-12, abs=1e-12)
    dose = SupplementDose(amount=converted)
    assert dose.magnesium_mg_per_day == pytest.approx(milligrams, rel=1e-12, abs=1e-12)


@given(low=supplemental_mg, high=supplemental_mg, ul=supplement_uls_mg)
def test_ul_flag_is_monotone_in_dose(low: float, high: float, ul: float) -> None:
    low, high = sorted((low, high))
    flags = upper_limit_exceeded([low, high], ul).tolist()
    assert flags[0] <= flags[1]
    order = {"none_taken": 0, "within": 1, "over": 2}
    statuses = ul_status([low, high], ul).tolist()
    assert order[statuses[0]] <= order[statuses[1]]


@given(ul=supplement_uls_mg, dose=supplemental_mg)
def test_ul_flag_is_strictly_greater(ul: float, dose: float) -> None:
    assert upper_limit_exceeded([ul, ul + 0.0001], ul).tolist() == [False, True]
    flag = upper_limit_exceeded(dose, ul).tolist()[0]
    if dose <= ul:
        assert flag is False
    elif dose >= ul + 1e-6:
        assert flag is True


@given(ledger=supplement_ledgers(), food_mg=st.lists(supplemental_mg, min_size=6, max_size=6))
def test_adding_food_never_changes_the_ul_check(ledger: pd.DataFrame, food_mg: list[float]) -> None:
    daily = supplement_daily(ledger)
    before = ul_status(daily["supplemental_magnesium_mg"], 350.0)
    with_food = daily.assign(food_magnesium_mg=food_mg[: len(daily)])
    after = ul_status(with_food["supplemental_magnesium_mg"], 350.0)
    pd.testing.assert_series_equal(before, after)


@given(ledger=supplement_ledgers(), seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_daily_totals_conserve_magnesium_and_ignore_row_order(
    ledger: pd.DataFrame, seed: int
) -> None:
    daily = supplement_daily(ledger)
    assert daily["supplemental_magnesium_mg"].sum() == pytest.approx(
        ledger["magnesium_mg"].sum(), rel=1e-9, abs=1e-9
    )
    medication = ledger["source"] == "medication"
    assert daily["medication_magnesium_mg"].sum() == pytest.approx(
        ledger.loc[medication, "magnesium_mg"].sum(), rel=1e-9, abs=1e-9
    )
    assert daily["supplement_calcium_mg"].sum() == pytest.approx(
        ledger["calcium_mg"].sum(), rel=1e-9, abs=1e-9
    )
    assert len(daily) == len(ledger[["person_id", "date"]].drop_duplicates())
    shuffled = supplement_daily(ledger.sample(frac=1.0, random_state=seed % 2**32))
    pd.testing.assert_frame_equal(daily, shuffled, rtol=1e-9)


# ---------------------------------------------------------------------------
# 0.2 (issue 13): calcium salts and forms with no fixed formula
# ---------------------------------------------------------------------------

STANDARD_WEIGHTS = {"magnesium": ("Mg", 24.305), "calcium": ("Ca", 40.078)}
"""Standard atomic weights [g/mol] (IUPAC), as the reference uses them (§4)."""


def _fixed_formula_forms() -> list[str]:
    return [f for f in supplement_forms(None)["form_id"] if not find_form(f).declared_only]


@pytest.mark.parametrize("form_id", _fixed_formula_forms())
def test_every_elemental_fraction_is_recomputed_with_molmass(form_id: str) -> None:
    """Every form with a formula, magnesium or calcium: molmass's own mass fraction of the
    element agrees with the table to within 0.1 %, and so does n * M_element / M."""
    form = find_form(form_id)
    assert form.formula is not None
    assert form.elemental_fraction is not None
    symbol, weight = STANDARD_WEIGHTS[form.element]
    molecule = Formula(form.formula)
    element = molecule.composition()[symbol]
    assert form.element_atoms == element.count
    assert form.elemental_fraction == pytest.approx(element.fraction, rel=1e-3)
    assert form.elemental_fraction == pytest.approx(
        element.count * weight / molecule.mass, rel=1e-3
    )
    other = "calcium" if form.element == "magnesium" else "magnesium"
    assert form.fraction(other) == 0.0  # a calcium salt holds no magnesium, and back


# The forms the issue lists as missing, and what each must be (§4b of the reference).
ISSUE_FORMS: dict[str, str] = {
    "magnesium glycerophosphate": "glycerophosphate",
    "magnesium trisilicate": "trisilicate_anhydrous",
    "dibasic magnesium phosphate": "phosphate_dibasic_trihydrate",
    "tribasic magnesium phosphate": "phosphate_tribasic_anhydrous",
    "magnesium acetyl taurate": "acetyl_taurate",
    "magnesium ascorbate": "ascorbate",
    "magnesium picolinate": "picolinate",
    "magnesium fumarate": "fumarate",
    "magnesium acetate": "acetate_tetrahydrate",
    "magnesium succinate": "succinate",
    "magnesium citrate malate": "citrate_malate",
    "magaldrate": "magaldrate",
    "magnesium amino acid chelate": "amino_acid_chelate",
    "trimagnesium citrate tetradecahydrate": "citrate_tetradecahydrate",
    "calcium carbonate": "calcium_carbonate",
    "calcium citrate": "calcium_citrate_tetrahydrate",
    "calcium citrate malate": "calcium_citrate_malate",
    "tricalcium phosphate": "calcium_phosphate_tribasic",
    "dicalcium phosphate": "calcium_phosphate_dibasic_dihydrate",
    "calcium lactate": "calcium_lactate_pentahydrate",
    "calcium gluconate": "calcium_gluconate_monohydrate",
    "hydroxyapatite": "calcium_hydroxyapatite",
    "MCHC": "calcium_mchc",
}
DECLARED_ONLY = {"citrate_malate", "magaldrate", "amino_acid_chelate", "calcium_citrate_malate",
                 "calcium_mchc"}  # fmt: skip


@pytest.mark.parametrize(("name", "form_id"), list(ISSUE_FORMS.items()))
def test_every_form_the_issue_lists_is_known(name: str, form_id: str) -> None:
    form = find_form(name)
    assert form.form_id == form_id
    assert form.declared_only == (form_id in DECLARED_ONLY)
    if form.declared_only:
        assert "declared_only" in form.notes  # the reason is in the data
        assert form.elemental_fraction is None
        assert form.magnesium_fraction == (None if form.element == "magnesium" else 0.0)


@pytest.mark.parametrize("form_id", sorted(DECLARED_ONLY))
def test_a_declared_only_form_refuses_a_compound_weight_with_the_reason(form_id: str) -> None:
    element = find_form(form_id).element
    with pytest.raises(DoseError, match="no fixed formula"):
        elemental_amount("500 mg", element, form=form_id)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="no fixed formula") as info:
        SupplementDose(form=form_id, amount="500 mg", basis="compound")
    assert [error["type"] for error in info.value.errors()] == ["declared_only"]
    # its declared elemental amount is used as it stands
    dose = SupplementDose(form=form_id, amount="100 mg", basis="elemental")
    assert dose.per_day(element) == 100.0  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("magnesium sulfate", "differ 2.0x"),
        ("magnesium phosphate", "dibasic and tribasic salts differ twofold"),
        ("calcium phosphate", "differ 1.7x"),
    ],
)
def test_ambiguous_plain_names_are_refused_with_the_reason(name: str, reason: str) -> None:
    with pytest.raises(UnknownFormError, match=reason) as info:
        find_form(name)
    assert reason in info.value.reason
    assert info.value.element == ("calcium" if "calcium" in name else "magnesium")


def test_calcium_carbonate_is_40_04_percent_calcium() -> None:
    # the done-when value: CaCO3 is 40.04 % Ca, so 1250 mg of it is 500.5 mg of calcium
    assert find_form("calcium carbonate").elemental_fraction == pytest.approx(0.4004, abs=5e-5)
    assert _mg(elemental_calcium("1250 mg", form="calcium carbonate")) == pytest.approx(
        500.5, abs=0.05
    )
    assert _mg(elemental_magnesium("1250 mg", form="calcium carbonate")) == 0.0


@pytest.mark.parametrize(("amount", "mg"), [("10 mmol", 400.78), ("20 mEq", 400.78)])
def test_calcium_mmol_and_meq(amount: str, mg: float) -> None:
    # Ca2+: 40.078 g/mol, valence 2 (reference §4)
    assert _mg(elemental_calcium(amount)) == pytest.approx(mg)
    assert _mg(elemental_calcium(amount, form="calcium carbonate")) == pytest.approx(mg)


def test_calcium_tables() -> None:
    calcium = supplement_forms("calcium")
    assert set(calcium["element"]) == {"calcium"}
    assert calcium["fraction_known"].all()
    everything = supplement_forms(None)
    assert len(everything) == len(supplement_forms()) + len(calcium) + len(DECLARED_ONLY)
    with pytest.raises(UnknownOptionError, match="element='zinc'"):
        supplement_forms("zinc")


def test_the_0_1_form_constructor_still_works() -> None:
    form = SupplementForm(
        form_id="x", name="X", formula="MgO", magnesium_atoms=1, molar_mass_g_per_mol=40.3,
        magnesium_fraction=0.603,
    )  # fmt: skip
    assert (form.element, form.elemental_fraction, form.magnesium_fraction) == (
        "magnesium", 0.603, 0.603,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="together"):
        SupplementForm(form_id="y", name="Y", formula="MgO")


@pytest.mark.parametrize("amount", ["100001 mg", "101 g", "4200 mmol", "1e15 mg", Q_(1e308, "g")])
def test_an_amount_beyond_any_product_is_refused(amount: object) -> None:
    """Issue 18: magnitude limits per unit (100 g of magnesium, in any unit) with a clear
    error, for the converter and for a dose."""
    with pytest.raises(UnitError, match="at most 100,000 mg of magnesium"):
        elemental_magnesium(amount)
    with pytest.raises(ValidationError, match="amount"):
        SupplementDose(amount=amount, basis="elemental")


def test_a_day_beyond_any_product_is_refused() -> None:
    """Each amount may be plausible and the day still not: 60 g x 2 units x 1 serving."""
    with pytest.raises(ValidationError, match=r"magnesium per day 120,000 mg is beyond any"):
        SupplementDose(amount="60 g", basis="elemental", units_per_serving=2)
    with pytest.raises(ValidationError, match="calcium per day"):
        SupplementDose(amount="0 mg", calcium_mg=1e300, servings_per_day=1e10)


def test_a_dose_in_meq_and_its_errors_pickle() -> None:
    """Doses and errors cross process boundaries (Dask, multiprocessing): a quantity of
    mgcalc's registry (mEq is not one of pint's units) unpickles into it (issue 18)."""
    dose = SupplementDose(amount="20 mEq", source="medication")
    assert pickle.loads(pickle.dumps(dose)) == dose
    with pytest.raises(DoseError) as info:  # mgcalc's own error, as a log raises it
        FoodLog().add_supplement(
            "magnesium", amount=Q_(1, "mEq"), basis="compound", date="2026-11-20"
        )
    assert "compound" in str(pickle.loads(pickle.dumps(info.value)))
    # (pydantic's ValidationError itself unpickles only from pydantic-core 2.50: its
    # custom error types are unknown to older ones, so mgcalc never keeps one as a cause)
