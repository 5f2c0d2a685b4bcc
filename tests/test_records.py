"""Tests of mgcalc.records and IntakeAnalysis.to_json: the complete JSON document (summary,
daily, meals, entries, unresolved, supplements, report metadata), its published JSON
Schema, and the round trip through the pydantic models."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import math
import warnings
from pathlib import Path

import pytest
from pydantic import ValidationError

import mgcalc as mg
from mgcalc._data import data_file
from mgcalc.analysis import AnalysisDocument, IntakeAnalysis, json_schema
from mgcalc.assess import INTAKE_FLAGS, TOTAL_UL_STATUSES, UL_STATUSES
from mgcalc.errors import InvalidValueError
from mgcalc.intake import DAILY_COLUMNS
from mgcalc.ratio import RATIO_FLAGS
from mgcalc.records import (
    DailyRecord,
    EntryRecord,
    LedgerRecord,
    MealRecord,
    ReportInfo,
    logo_data_uri,
)

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "docs" / "schema" / "analysis.schema.json"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)  # a 1x1 transparent PNG


@pytest.fixture(scope="module")
def week() -> IntakeAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        log = mg.FoodLog.from_csv(data_file("example_week.csv"))
        return mg.analyze(log, mg.Person(age=58, sex="female"))


@pytest.fixture(scope="module")
def info() -> ReportInfo:
    return ReportInfo(
        client="J. Doe", practice="Riverside Nutrition", report_date=dt.date(2026, 11, 30),
        period="First week", logo=logo_data_uri(PNG, ".png"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def document(week: IntakeAnalysis, info: ReportInfo) -> dict[str, object]:
    payload: dict[str, object] = json.loads(week.to_json(info))
    return payload


def test_the_document_has_every_table(week: IntakeAnalysis, document: dict[str, object]) -> None:
    assert set(document) >= {"summary", "daily", "meals", "entries", "unresolved",
                             "supplements", "report", "person", "references"}  # fmt: skip
    assert len(document["daily"]) == len(week.daily)  # type: ignore[arg-type]
    assert len(document["meals"]) == len(week.meals)  # type: ignore[arg-type]
    assert len(document["entries"]) == len(week.entries) == week.summary.n_entries  # type: ignore[arg-type]
    assert len(document["unresolved"]) == week.summary.n_unresolved == 1  # type: ignore[arg-type]
    assert len(document["supplements"]) == len(week.supplements) == 4  # type: ignore[arg-type]


def test_report_metadata_is_in_the_json(document: dict[str, object]) -> None:
    report = document["report"]
    assert isinstance(report, dict)
    assert report["client"] == "J. Doe"
    assert report["practice"] == "Riverside Nutrition"
    assert report["report_date"] == "2026-11-30"
    assert report["period"] == "First week"
    assert report["logo"].startswith("data:image/png;base64,")


def test_entries_keep_the_line_the_food_and_unknowns(
    week: IntakeAnalysis, document: dict[str, object]
) -> None:
    entries = document["entries"]
    assert isinstance(entries, list)
    assert [e["text"] for e in entries] == list(week.entries["text"])
    mayo = next(e for e in entries if e["text"] == "1 tbsp mayonnaise")
    assert mayo["magnesium_mg"] is None  # SR28 reports none: unknown, not 0
    assert "magnesium_not_reported" in mayo["flags"]
    casserole = next(e for e in entries if e["status"] == "unresolved")
    assert casserole["reason_code"] == "weak_match"
    assert casserole["grams"] is None
    assert all(set(a) == {"food_id", "description", "score"} for a in casserole["alternatives"])
    for entry, (_, row) in zip(entries, week.entries.iterrows(), strict=True):
        mg_value = row["magnesium_mg"]
        assert (entry["magnesium_mg"] is None) == math.isnan(mg_value)
        if entry["magnesium_mg"] is not None:
            assert entry["magnesium_mg"] == mg_value


def test_daily_records_cover_every_daily_column() -> None:
    assert tuple(DailyRecord.model_fields) == DAILY_COLUMNS


def test_record_flag_types_follow_the_engine_categories() -> None:
    def literal(model: type, field: str) -> tuple[str, ...]:
        return tuple(model.model_fields[field].annotation.__args__)  # type: ignore[attr-defined]

    assert literal(DailyRecord, "ratio_flag") == RATIO_FLAGS
    assert literal(DailyRecord, "ul_status") == UL_STATUSES
    assert literal(DailyRecord, "calcium_flag") == INTAKE_FLAGS
    assert literal(DailyRecord, "vitamin_d_ul_status") == TOTAL_UL_STATUSES


def test_json_validates_against_the_published_schema(document: dict[str, object]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


def test_schema_rejects_a_zero_for_unknown_type(document: dict[str, object]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    broken = json.loads(json.dumps(document))
    broken["daily"][0]["ratio_flag"] = "fine"
    with pytest.raises(jsonschema.ValidationError, match="fine"):
        jsonschema.validate(broken, json_schema())


def test_the_published_schema_is_current() -> None:
    build = importlib.util.spec_from_file_location(
        "build_schema", ROOT / "scripts" / "build_schema.py"
    )
    assert build is not None
    assert build.loader is not None
    module = importlib.util.module_from_spec(build)
    build.loader.exec_module(module)
    published = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert _same_meaning(published) == _same_meaning(json.loads(module.schema_text())), (
        "docs/schema/analysis.schema.json is out of date: run python scripts/build_schema.py"
    )


def _same_meaning(schema: object) -> object:
    """A schema without what pydantic versions write differently for the same meaning.

    The pydantic that wrote the file writes ``"additionalProperties": true`` (JSON Schema's
    default) for ``dict[str, Any]`` and a ``"type"`` beside a ``"const"`` (which fixes the
    type already); the declared floor (pydantic 2.6) writes neither.
    """
    if isinstance(schema, dict):
        return {
            key: _same_meaning(value)
            for key, value in schema.items()
            if not (key == "additionalProperties" and value is True)
            and not (key == "type" and "const" in schema)
        }
    if isinstance(schema, list):
        return [_same_meaning(item) for item in schema]
    return schema


def test_round_trip(week: IntakeAnalysis, info: ReportInfo) -> None:
    text = week.to_json(info)
    again = AnalysisDocument.model_validate_json(text)
    assert again == week.to_document(info)
    assert again.model_dump_json(indent=1) == text


def test_round_trip_without_a_person() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = mg.analyze(mg.FoodLog.from_lines(["1 oz almonds", "zzzz"], date="2026-01-02"))
    text = analysis.to_json()
    document = AnalysisDocument.model_validate_json(text)
    assert document.person is None
    assert document.report is None
    assert document.summary.rda_mg is None
    assert [u.text for u in document.unresolved] == ["zzzz"]


def test_to_dict_is_plain_json(week: IntakeAnalysis) -> None:
    payload = week.to_dict()
    assert json.loads(json.dumps(payload, allow_nan=False)) == payload
    assert payload["daily"][0]["date"] == "2026-11-16"


def test_records_from_frames(week: IntakeAnalysis) -> None:
    from mgcalc.records import frame_records

    meals = frame_records(week.meals, MealRecord)
    assert len(meals) == len(week.meals)
    ledger = frame_records(week.supplements, LedgerRecord)
    assert {r.source for r in ledger} == {"supplement", "medication"}
    assert all(r.vitamin_d_ug is None for r in ledger)  # no vitamin D declared: unknown
    entries = frame_records(week.entries.head(3), EntryRecord)
    assert entries[0].date == dt.date(2026, 11, 16)


def test_report_info_rules() -> None:
    assert ReportInfo(client="  J.\n Doe ").client == "J. Doe"
    assert ReportInfo(client="   ").client is None
    with pytest.raises(ValidationError, match="data:image"):
        ReportInfo(logo="http://example.org/logo.png")
    with pytest.raises(ValidationError, match="report_date"):
        ReportInfo(report_date="2026-13-01")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="extra"):
        ReportInfo(colour="red")  # type: ignore[call-arg]


def test_logo_must_be_a_small_image() -> None:
    assert logo_data_uri(PNG, ".PNG").startswith("data:image/png;base64,iVBOR")
    with pytest.raises(InvalidValueError, match="image file"):
        logo_data_uri(b"MZ", ".exe")
    with pytest.raises(InvalidValueError, match="bytes"):
        logo_data_uri(b"", ".png")
    with pytest.raises(InvalidValueError, match="bytes"):
        logo_data_uri(b"x" * 1_000_001, ".png")


# -- water drinks and the report's suggestion in the document (issues 16 and 17) -----------
def _water_row(water_id: str) -> dict[str, str]:
    """A row of data/waters.csv, read here independently of mgcalc.water."""
    import csv

    with (ROOT / "data" / "waters.csv").open(encoding="utf-8") as handle:
        return next(row for row in csv.DictReader(handle) if row["id"] == water_id)


def test_drinks_of_water_carry_their_range_and_flags() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    log = mg.FoodLog.from_lines(
        ["1 oz almonds", "500 ml San Pellegrino", "2 glasses tap water"], date="2026-01-05"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tap water is unknown: warned
        analysis = mg.analyze(log, mg.Person(age=40, sex="female"))
    payload = json.loads(analysis.to_json())
    jsonschema.validate(payload, json.loads(SCHEMA.read_text(encoding="utf-8")),
                        cls=jsonschema.Draft202012Validator)  # fmt: skip
    drinks = {row["form"]: row for row in payload["supplements"] if row["source"] == "water"}
    row = _water_row("water:san_pellegrino")
    pellegrino = drinks["water:san_pellegrino"]
    for mineral in ("magnesium", "calcium"):
        for end, column in (("", f"{mineral}_mg_per_l"), ("_low", f"{mineral}_mg_per_l_low"),
                            ("_high", f"{mineral}_mg_per_l_high")):  # fmt: skip
            assert pellegrino[f"{mineral}_mg{end}"] == pytest.approx(0.5 * float(row[column]))
    assert pellegrino["magnesium_mg_low"] < pellegrino["magnesium_mg_high"]
    assert "sources_disagree" in pellegrino["flags"]
    assert pellegrino["dose"] == "0.5 l"
    tap = drinks["water:tap"]
    assert tap["magnesium_mg"] is None  # unknown, never 0
    assert {"glass_assumed", "tap_water_unknown"} <= set(tap["flags"])
    doses = [r for r in payload["supplements"] if r["source"] != "water"]
    assert all(r["flags"] == [] for r in doses)


def test_the_suggestion_shown_in_a_report_is_in_the_document() -> None:
    pytest.importorskip("scipy")
    jsonschema = pytest.importorskip("jsonschema")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = mg.analyze(
            mg.FoodLog.from_csv(data_file("example_week.csv")), mg.Person(age=34, sex="female")
        )
    plan = mg.suggest(analysis)
    assert plan.status == "ok"
    text = analysis.to_json(suggestion=plan)
    payload = json.loads(text)
    jsonschema.validate(payload, json.loads(SCHEMA.read_text(encoding="utf-8")),
                        cls=jsonschema.Draft202012Validator)  # fmt: skip
    assert [c["text"] for c in payload["suggestion"]["changes"]] == [c.text for c in plan.changes]
    again = AnalysisDocument.model_validate_json(text)
    assert again.suggestion == plan
    assert again.model_dump_json(indent=1) == text
    assert json.loads(analysis.to_json())["suggestion"] is None  # only when a report had one
