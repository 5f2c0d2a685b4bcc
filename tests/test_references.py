"""Tests for mgcalc.references: the bundled references.csv, Person and its reference values.

The expected values below are copied by hand from the project's nutrition-science
reference file (§1a, §1b, §1c, §2b, §2c, §2d, §8a, §8b), so the data is checked against an
independent transcription, not against itself.
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from mgcalc.errors import UnknownOptionError
from mgcalc.references import Person, ReferenceValues, load_references
from strategies import ages_years, authorities, pregnancy_ages_years, sexes

# --- the reference file, transcribed -------------------------------------------------------
# §1a magnesium RDA/AI (IOM 1997): life stage -> (male, female, pregnancy, lactation)
MG_RDA = {
    "0-6mo": (30, 30, None, None),
    "7-12mo": (75, 75, None, None),
    "1-3y": (80, 80, None, None),
    "4-8y": (130, 130, None, None),
    "9-13y": (240, 240, None, None),
    "14-18y": (410, 360, 400, 360),
    "19-30y": (400, 310, 350, 310),
    "31-50y": (420, 320, 360, 320),
    "51+y": (420, 320, None, None),
}
MG_AI_STAGES = {"0-6mo", "7-12mo"}
# §1b magnesium EAR
MG_EAR = {
    "0-6mo": (None, None, None, None),
    "7-12mo": (None, None, None, None),
    "1-3y": (65, 65, None, None),
    "4-8y": (110, 110, None, None),
    "9-13y": (200, 200, None, None),
    "14-18y": (340, 300, 335, 300),
    "19-30y": (330, 255, 290, 255),
    "31-50y": (350, 265, 300, 265),
    "51-70y": (350, 265, None, None),
    ">70y": (350, 265, None, None),
}
# §1c magnesium UL, supplemental only
MG_UL = {"0-12mo": None, "1-3y": 65, "4-8y": 110, "9-13y": 350, "14-18y": 350, ">=19y": 350}
MG_UL_PREGNANCY_LACTATION = 350
# §2b calcium (IOM 2011): life stage -> (RDA or AI, EAR, UL)
CA = {
    "0-6mo": (200, None, 1000),
    "7-12mo": (260, None, 1500),
    "1-3y": (700, 500, 2500),
    "4-8y": (1000, 800, 2500),
    "9-13y": (1300, 1100, 3000),
    "14-18y": (1300, 1100, 3000),
    "19-30y": (1000, 800, 2500),
    "31-50y": (1000, 800, 2500),
    "51-70y male": (1000, 800, 2000),
    "51-70y female": (1200, 1000, 2000),
    ">70y": (1200, 1000, 2000),
    "pregnancy/lactation 14-18y": (1300, 1000, 3000),
    "pregnancy/lactation 19-30y": (1000, 800, 2500),
    "pregnancy/lactation 31-50y": (1000, 800, 2500),
}
CA_AI_STAGES = {"0-6mo", "7-12mo"}
# §8a EFSA AIs: band -> (male, female); pregnancy and lactation 300
EFSA_AI = {
    "0-6mo": (None, None),
    "7-11mo": (80, 80),
    "1-2y": (170, 170),
    "3-9y": (230, 230),
    "10-17y": (300, 250),
    "18+y": (350, 300),
}
EFSA_AI_PREGNANCY_LACTATION = 300
# §8b EFSA UL: 250 from 4 y (incl. pregnancy and lactation), none for 1-3 y
EFSA_UL = 250

# Cells the reference file marks UNVERIFIED (§2b), plus the lactation 31-50 y calcium EAR
# (excerpt cut off at "80…") and the EFSA infant UL (not in the sources seen), which
# mgcalc marks UNVERIFIED too.
# §2c vitamin D (IOM 2011) [µg/day]: AI 10 for infants; RDA 15 for 1-70 y, 20 for >70 y;
# EAR 10 for every group from 1 y, including pregnancy and lactation.
# §2d vitamin D UL (IOM 2011): 1,000 / 1,500 / 2,500 / 3,000 / 4,000 IU (40 IU = 1 µg) for
# 0-6 mo, 7-12 mo, 1-3 y, 4-8 y and from 9 y, pregnancy and lactation included.
VD_IOM_TARGET = {"0-6mo": 10, "7-12mo": 10, "1-70y": 15, "71+y": 20, "9+y": 15}
VD_IOM_AI_STAGES = {"0-6mo", "7-12mo"}
VD_IOM_EAR = {"0-6mo": None, "7-12mo": None, "1+y": 10, "9+y": 10}
VD_IOM_UL_IU = {"0-6mo": 1000, "7-12mo": 1500, "1-3y": 2500, "4-8y": 3000, "9+y": 4000}
# §2d EFSA: AI 15 from 1 y, 10 for infants (UNVERIFIED); UL (2012) 25 infants, 50 for
# 1-10 y, 100 from 11 y. No EFSA average requirement is given.
VD_EFSA_AI = {"0-11mo": 10, "1+y": 15, "9+y": 15}
VD_EFSA_UL = {"0-11mo": 25, "1-10y": 50, "9-10y": 50, "11+y": 100}
IU_PER_UG = 40

UNVERIFIED = {
    ("vitamin_d", "AI", "0-11mo", "none"),
    ("vitamin_d", "AI", "1+y", "none"),
    ("vitamin_d", "EAR", "all", "none"),
    *(
        ("vitamin_d", kind, stage, condition)
        for condition in ("pregnancy", "lactation")
        for kind, stage in (("AI", "9+y"), ("EAR", "9+y"), ("UL", "9-10y"), ("UL", "11+y"))
    ),
    ("calcium", "UL", "31-50y", "pregnancy"),
    ("calcium", "UL", "<=18y", "lactation"),
    ("calcium", "UL", "19-30y", "lactation"),
    ("calcium", "UL", "31-50y", "lactation"),
    ("calcium", "EAR", "31-50y", "lactation"),
    ("magnesium", "UL", "0-11mo", "none"),
}

IOM_STAGES = ["0-6mo", "7-12mo", "1-3y", "4-8y", "9-13y", "14-18y", "19-30y", "31-50y"]
IOM_STAGES += ["51-70y", "71+y"]


def _pick(values: tuple[int | None, ...], sex: str, condition: str) -> int | None:
    """(male, female, pregnancy, lactation) -> the one for this row."""
    index = {"pregnancy": 2, "lactation": 3}.get(condition, 1 if sex == "female" else 0)
    if sex == "any":
        assert values[0] == values[1], "an 'any' row must have the same value for both sexes"
    return values[index]


def _expected(row: dict[str, object]) -> float | None:
    """The reference file's value for one references.csv row."""
    nutrient, authority, kind = row["nutrient"], row["authority"], row["kind"]
    stage, sex, condition = str(row["life_stage"]), str(row["sex"]), str(row["condition"])
    stage_as = "14-18y" if stage == "<=18y" else stage
    if nutrient == "vitamin_d":
        if authority == "efsa":
            table = {"AI": VD_EFSA_AI, "EAR": {}, "UL": VD_EFSA_UL}[str(kind)]
            return table.get(stage)
        if kind in ("RDA", "AI"):
            assert (kind == "AI") == (stage in VD_IOM_AI_STAGES)
            return VD_IOM_TARGET[stage]
        if kind == "EAR":
            return VD_IOM_EAR[stage]
        return VD_IOM_UL_IU[stage] / IU_PER_UG
    if authority == "efsa":
        if kind == "EAR":
            return None
        if kind == "AI":
            if condition != "none":
                return EFSA_AI_PREGNANCY_LACTATION
            male, female = EFSA_AI[stage]
            return female if sex == "female" else male
        return EFSA_UL if stage in ("4+y", "9+y") else None
    if nutrient == "magnesium":
        if kind in ("RDA", "AI"):
            assert (kind == "AI") == (stage in MG_AI_STAGES)
            table_stage = "51+y" if stage in ("51-70y", "71+y") else stage_as
            return _pick(MG_RDA[table_stage], sex, condition)
        if kind == "EAR":
            return _pick(MG_EAR[">70y" if stage == "71+y" else stage_as], sex, condition)
        if condition != "none":
            return MG_UL_PREGNANCY_LACTATION
        if stage in ("0-6mo", "7-12mo"):
            return MG_UL["0-12mo"]
        if stage in ("19-30y", "31-50y", "51-70y", "71+y"):
            return MG_UL[">=19y"]
        return MG_UL[stage]
    # calcium
    if condition != "none":
        key = f"pregnancy/lactation {stage_as}"
    elif stage == "51-70y":
        key = f"51-70y {sex}"
    elif stage == "71+y":
        key = ">70y"
    else:
        key = stage
    target, ear, ul = CA[key]
    if kind in ("RDA", "AI"):
        assert (kind == "AI") == (stage in CA_AI_STAGES)
        return target
    return ear if kind == "EAR" else ul


# --- the data file ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def table() -> list[dict[str, object]]:
    return load_references().to_dict("records")  # type: ignore[return-value]


def test_every_value_matches_the_reference_file(table: list[dict[str, object]]) -> None:
    assert len(table) > 100
    for row in table:
        expected = _expected(row)
        unit = "ug" if row["nutrient"] == "vitamin_d" else "mg"
        assert row["unit"] == unit, row
        value = row[f"value_{unit}"]
        other = row["value_mg" if unit == "ug" else "value_ug"]
        assert math.isnan(float(other)), f"a value in the other unit's column: {row}"  # type: ignore[arg-type]
        if expected is None:
            assert math.isnan(float(value)), row  # type: ignore[arg-type]
            assert row["note"], f"a blank value needs a note saying why: {row}"
        else:
            assert value == expected, row


def test_every_row_has_a_source_and_a_status(table: list[dict[str, object]]) -> None:
    for row in table:
        assert str(row["source"]).strip(), row
        assert row["status"] in ("VERIFIED", "VERIFIED (secondary)", "UNVERIFIED"), row
        assert str(row["scope"]).strip(), row


def test_unverified_cells_are_marked(table: list[dict[str, object]]) -> None:
    marked = {
        (row["nutrient"], row["kind"], row["life_stage"], row["condition"])
        for row in table
        if row["status"] == "UNVERIFIED"
    }
    assert marked == UNVERIFIED


def test_sources_name_the_reports(table: list[dict[str, object]]) -> None:
    for row in table:
        source = str(row["source"])
        if row["nutrient"] == "vitamin_d":
            if row["authority"] == "iom":
                assert "IOM 2011" in source
            else:
                year = "2012" if row["kind"] == "UL" else "2016"
                assert f"EFSA NDA Panel {year}" in source
        elif row["authority"] == "efsa" and row["kind"] != "UL":
            assert "doi:10.2903/j.efsa.2015.4186" in source
        elif row["authority"] == "efsa":
            assert "SCF 2001" in source
            assert row["status"] != "VERIFIED" or row["value_mg"] != row["value_mg"]
        elif row["nutrient"] == "magnesium":
            assert "IOM 2006 Essential Guide, Table 1, p. 340" in source
        else:
            assert "IOM 2011" in source


def test_ul_scopes(table: list[dict[str, object]]) -> None:
    for row in table:
        if row["kind"] != "UL" or row["nutrient"] == "vitamin_d":
            assert row["scope"] == "total intake"
        elif row["authority"] == "iom" and row["nutrient"] == "magnesium":
            assert row["scope"] == "supplements and medications only"
        elif row["authority"] == "iom":
            assert row["scope"] == "total intake"
        else:
            assert "excludes magnesium naturally present in foods" in str(row["scope"])


def test_infant_magnesium_ul_note(table: list[dict[str, object]]) -> None:
    infant = [
        r
        for r in table
        if r["authority"] == "iom" and r["nutrient"] == "magnesium" and r["kind"] == "UL"
        if r["age_max_months"] <= 12  # type: ignore[operator]
    ]
    assert len(infant) == 2
    for row in infant:
        assert "source of intake should be from food and formula only" in str(row["note"])


def test_age_bands_are_half_open_and_tile(table: list[dict[str, object]]) -> None:
    """For each nutrient, authority, kind group, sex and condition, bands do not overlap."""
    groups: dict[tuple[object, ...], list[tuple[float, float]]] = {}
    for row in table:
        for sex in ("female", "male"):
            if row["sex"] in (sex, "any"):
                target = "target" if row["kind"] in ("RDA", "AI") else row["kind"]
                key = (row["nutrient"], row["authority"], target, sex, row["condition"])
                groups.setdefault(key, []).append(
                    (float(row["age_min_months"]), float(row["age_max_months"]))  # type: ignore[arg-type]
                )
    for key, bands in groups.items():
        bands.sort()
        for (_, high), (low, _) in itertools.pairwise(bands):
            assert high == low, (key, bands)
        if key[4] == "none":
            assert bands[0][0] == 0, key
            assert bands[-1][1] == math.inf, key


# --- the done-when examples ------------------------------------------------------------------


def test_woman_of_40() -> None:
    values = Person(age=40, sex="female").reference_values()
    assert (values.magnesium_rda_mg, values.magnesium_ear_mg, values.magnesium_ul_mg) == (
        320,
        265,
        350,
    )
    assert values.magnesium_target_kind == "RDA"
    assert values.magnesium_ul_scope == "supplements and medications only"
    assert values.life_stage == "31-50y"
    assert (values.calcium_rda_mg, values.calcium_ear_mg, values.calcium_ul_mg) == (
        1000,
        800,
        2500,
    )
    assert values.calcium_ul_scope == "total intake"
    assert values.authority == "iom"
    assert any("Table 1, p. 340" in source for source in values.sources)
    assert values.unverified == ()


def test_pregnant_16_year_old() -> None:
    values = Person(age=16, sex="female", pregnant=True).reference_values()
    assert (values.magnesium_rda_mg, values.magnesium_ear_mg) == (400, 335)
    assert values.magnesium_ul_mg == 350
    assert values.condition == "pregnancy"


def test_two_year_old() -> None:
    values = Person(age=2, sex="male").reference_values()
    assert (values.magnesium_rda_mg, values.magnesium_ul_mg) == (80, 65)
    assert values.magnesium_ear_mg == 65


def test_five_month_old() -> None:
    person = Person(age_months=5, sex="female")
    values = person.reference_values()
    assert values.magnesium_rda_mg == 30
    assert values.magnesium_target_kind == "AI"
    assert values.magnesium_ul_mg is None
    assert values.magnesium_ear_mg is None
    assert person.life_stage == "0-6mo"
    assert values.calcium_target_kind == "AI"


def test_efsa_adult_woman() -> None:
    values = Person(age=40, sex="female", authority="efsa").reference_values()
    assert (values.magnesium_rda_mg, values.magnesium_ul_mg) == (300, 250)
    assert values.magnesium_target_kind == "AI"
    assert values.magnesium_ear_mg is None
    assert values.authority == "efsa"
    assert values.calcium_rda_mg is None  # EFSA calcium values are not bundled
    assert any("doi:10.2903/j.efsa.2015.4186" in source for source in values.sources)


@pytest.mark.parametrize(
    ("kwargs", "rda", "ear", "ul"),
    [
        ({"age": 30, "sex": "female", "pregnant": True, "authority": "efsa"}, 300, None, 250),
        ({"age": 16, "sex": "female", "pregnant": True, "authority": "efsa"}, 300, None, 250),
        ({"age": 2, "sex": "female", "authority": "efsa"}, 170, None, None),
        ({"age": 5, "sex": "male", "authority": "efsa"}, 230, None, 250),
        ({"age": 15, "sex": "male", "authority": "efsa"}, 300, None, 250),
        ({"age_months": 9, "sex": "male", "authority": "efsa"}, 80, None, None),
        ({"age": 25, "sex": "female", "pregnant": True}, 350, 290, 350),
        ({"age": 35, "sex": "female", "pregnant": True}, 360, 300, 350),
        ({"age": 17, "sex": "female", "lactating": True}, 360, 300, 350),
        ({"age": 12, "sex": "female", "pregnant": True}, 400, 335, 350),
        ({"age": 16, "sex": "male"}, 410, 340, 350),
        ({"age": 75, "sex": "male"}, 420, 350, 350),
        ({"age": 6, "sex": "female"}, 130, 110, 110),
        ({"age_months": 7, "sex": "male"}, 75, None, None),
    ],
)
def test_profiles(kwargs: dict[str, object], rda: int, ear: int | None, ul: int | None) -> None:
    values = Person(**kwargs).reference_values()  # type: ignore[arg-type]
    assert (values.magnesium_rda_mg, values.magnesium_ear_mg, values.magnesium_ul_mg) == (
        rda,
        ear,
        ul,
    )


def test_calcium_differs_by_sex_at_51_to_70() -> None:
    assert Person(age=60, sex="male").reference_values().calcium_rda_mg == 1000
    assert Person(age=60, sex="female").reference_values().calcium_rda_mg == 1200


@pytest.mark.parametrize(
    ("kwargs", "rda", "kind", "ear", "ul"),
    [
        ({"age": 60, "sex": "female"}, 15, "RDA", 10, 100),
        ({"age": 75, "sex": "male"}, 20, "RDA", 10, 100),
        ({"age": 10, "sex": "male"}, 15, "RDA", 10, 100),  # 9-18 y: the adult UL
        ({"age": 5, "sex": "female"}, 15, "RDA", 10, 75),
        ({"age": 2, "sex": "female"}, 15, "RDA", 10, 62.5),
        ({"age_months": 9, "sex": "male"}, 10, "AI", None, 37.5),
        ({"age_months": 3, "sex": "male"}, 10, "AI", None, 25),
        ({"age": 30, "sex": "female", "pregnant": True}, 15, "RDA", 10, 100),
        ({"age": 40, "sex": "female", "authority": "efsa"}, 15, "AI", None, 100),
        ({"age": 8, "sex": "female", "authority": "efsa"}, 15, "AI", None, 50),
        ({"age_months": 4, "sex": "female", "authority": "efsa"}, 10, "AI", None, 25),
    ],
)
def test_vitamin_d_profiles(
    kwargs: dict[str, object], rda: float, kind: str, ear: float | None, ul: float
) -> None:
    values = Person(**kwargs).reference_values()  # type: ignore[arg-type]
    assert (values.vitamin_d_rda_ug, values.vitamin_d_ear_ug, values.vitamin_d_ul_ug) == (
        rda,
        ear,
        ul,
    )
    assert values.vitamin_d_target_kind == kind
    assert values.vitamin_d_ul_scope == "total intake"


def test_calcium_ul_rows_follow_the_life_stages() -> None:
    # §2b: 2,500 (1-8 y and 19-50 y), 3,000 (9-18 y), 2,000 (51 y and over)
    for age, ul in ((2, 2500), (6, 2500), (10, 3000), (16, 3000), (25, 2500), (45, 2500),
                    (60, 2000), (80, 2000)):  # fmt: skip
        for sex in ("female", "male"):
            assert Person(age=age, sex=sex).reference_values().calcium_ul_mg == ul  # type: ignore[arg-type]


def test_reference_value_units() -> None:
    row = Person(age=60, sex="female").reference_value("vitamin_d", "UL")
    assert row is not None
    assert (row.unit, row.value, row.value_ug, row.value_mg) == ("ug", 100.0, 100.0, None)
    assert "4,000 IU" in row.note
    calcium = Person(age=60, sex="female").reference_value("calcium", "UL")
    assert calcium is not None
    assert (calcium.unit, calcium.value, calcium.value_mg) == ("mg", 2000.0, 2000.0)


def test_unverified_values_are_reported() -> None:
    values = Person(age=35, sex="female", lactating=True).reference_values()
    assert values.unverified == ("calcium_ear_mg", "calcium_ul_mg")


def test_age_aliases_and_months() -> None:
    assert Person(age=40, sex="male") == Person(age_years=40, sex="male")
    assert Person(age_months=18, sex="male").age_years == 1.5
    assert Person(age_months=7, sex="male").age_months == 7
    assert Person(age_months=6.9, sex="male").life_stage == "0-6mo"
    assert Person(age=50.99, sex="male").life_stage == "31-50y"
    assert Person(age=51, sex="male").life_stage == "51-70y"


def test_person_is_frozen_and_serialises() -> None:
    person = Person(age=40, sex="female")
    with pytest.raises(ValidationError, match="frozen"):
        person.age_years = 41  # type: ignore[misc]
    assert Person.model_validate_json(person.model_dump_json()) == person
    assert isinstance(person.reference_values(), ReferenceValues)
    person.reference_values().model_dump_json()


# --- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [
        ({"age": 40, "sex": "male", "pregnant": True}, "pregnant=True with sex='male'"),
        ({"age": 40, "sex": "male", "lactating": True}, "apply to females only"),
        ({"age": -1, "sex": "female"}, "negative"),
        ({"age": 140, "sex": "female"}, "not a plausible human age"),
        ({"age": 5, "sex": "female", "pregnant": True}, "from 9 years"),
        ({"age": 55, "sex": "female", "lactating": True}, "end at 50 years"),
        ({"age": 30, "sex": "female", "pregnant": True, "lactating": True}, "no combined one"),
        ({"age": 30, "sex": "female", "authority": "xyz"}, "choose one of: iom, efsa"),
        ({"age": 30, "sex": "f"}, "'female' or 'male'"),
        ({"age_months": -3, "sex": "male"}, "negative"),
        ({"age_months": 3, "age": 1, "sex": "male"}, "give the age once"),
        ({"age": float("nan"), "sex": "male"}, "finite number"),
        ({"age": 30, "sex": "male", "pregnent": True}, "Extra inputs"),
    ],
)
def test_impossible_profiles(kwargs: dict[str, object], why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        Person(**kwargs)  # type: ignore[arg-type]


def test_unknown_lookup_keys() -> None:
    person = Person(age=40, sex="female")
    with pytest.raises(UnknownOptionError, match="choose one of: target, EAR, UL"):
        person.reference_value("magnesium", "RNI")  # type: ignore[arg-type]
    with pytest.raises(UnknownOptionError, match="magnesium, calcium"):
        person.reference_value("iron", "EAR")  # type: ignore[arg-type]


# --- properties ------------------------------------------------------------------------------


@given(age=ages_years, sex=sexes, authority=authorities)
def test_every_age_has_exactly_one_row_of_each_kind(age: float, sex: str, authority: str) -> None:
    person = Person(age=age, sex=sex, authority=authority)  # type: ignore[arg-type]
    for kind in ("target", "EAR", "UL"):
        assert person.reference_value("magnesium", kind) is not None  # type: ignore[arg-type]
        assert person.reference_value("vitamin_d", kind) is not None  # type: ignore[arg-type]
    values = person.reference_values()
    assert values.life_stage == person.life_stage
    if values.magnesium_rda_mg is not None and values.magnesium_ear_mg is not None:
        assert values.magnesium_ear_mg < values.magnesium_rda_mg


@given(age=st.integers(min_value=0, max_value=120), sex=sexes)
def test_whole_years_map_to_one_iom_life_stage(age: int, sex: str) -> None:
    table = load_references()
    rows = table[
        (table["authority"] == "iom")
        & (table["nutrient"] == "magnesium")
        & table["kind"].isin(["RDA", "AI"])
        & table["sex"].isin([sex, "any"])
        & (table["condition"] == "none")
        & (table["age_min_months"] <= age * 12)
        & (table["age_max_months"] > age * 12)
    ]
    assert len(rows) == 1
    assert rows["life_stage"].iloc[0] == Person(age=age, sex=sex).life_stage  # type: ignore[arg-type]


@given(age=pregnancy_ages_years, authority=authorities, lactating=st.booleans())
def test_pregnancy_and_lactation_always_have_values(
    age: float, authority: str, lactating: bool
) -> None:
    assume(round(age * 12, 6) < 612)  # within 1e-6 months of 51 y counts as 51 y
    person = Person(
        age=age,
        sex="female",
        pregnant=not lactating,
        lactating=lactating,
        authority=authority,  # type: ignore[arg-type]
    )
    values = person.reference_values()
    assert values.magnesium_rda_mg is not None
    assert values.magnesium_ul_mg in (350, 250)
    assert values.condition == ("lactation" if lactating else "pregnancy")


def test_pregnancy_age_bounds() -> None:
    assert Person(age=9, sex="female", pregnant=True).life_stage == "<=18y"
    assert Person(age=50.9, sex="female", lactating=True).life_stage == "31-50y"
    with pytest.raises(ValidationError, match="from 9 years"):
        Person(age=8.9, sex="female", pregnant=True)
    with pytest.raises(ValidationError, match="end at 50 years"):
        Person(age=51, sex="female", pregnant=True)
