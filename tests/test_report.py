"""Tests of mgcalc.report: the HTML report, its escaping and determinism, the exports
(CSV and Excel with spreadsheet formulas neutralised) and the Jupyter HTML of the
result objects."""

from __future__ import annotations

import csv
import re
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mgcalc as mg
from mgcalc._data import data_file
from mgcalc.analysis import IntakeAnalysis
from mgcalc.errors import MgcalcError, UnknownOptionError
from mgcalc.report import (
    EXPORT_TABLES,
    ChromiumNotFoundError,
    MissingExtraError,
    export_frame,
    intake_flag,
    neutralise,
    render_html,
)
from mgcalc.report.export import FORMULA_PREFIXES

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x")'
SECTIONS = ("summary", "profile", "daily", "ratio", "supplements", "meals", "sources",
            "quality", "methodology")  # fmt: skip


def hostile_log() -> mg.FoodLog:
    """A small log whose user-supplied strings are script and formula injections."""
    frame = pd.DataFrame(
        {
            "date": ["2026-01-05"] * 4 + ["2026-01-06"] * 3,
            "meal": [
                "breakfast",
                "<img src=x onerror=alert(1)>",
                "lunch",
                "dinner",
                "lunch",
                "dinner",
                "evening",
            ],
            "food": [
                "1 oz almonds",
                SCRIPT,
                FORMULA,
                "1 cup spinach, boiled",
                "1 cup plain yogurt, low fat",
                "+SUM(A1:A9)",
                "@cmd|calc!A0",
            ],
            "amount": [None] * 6 + [400.0],
            "unit": [None] * 6 + ["mg"],
            "kind": ["food"] * 6 + ["supplement"],
            "basis": [None] * 6 + ["elemental"],
            # 0.2: a product name that names no nutrient needs one said (issue 13)
            "nutrient": [None] * 6 + ["magnesium"],
        }
    )
    return mg.FoodLog.from_frame(frame)


@pytest.fixture(scope="module")
def hostile() -> IntakeAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return mg.analyze(hostile_log(), mg.Person(age=40, sex="male"))


@pytest.fixture(scope="module")
def week() -> IntakeAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        log = mg.FoodLog.from_csv(data_file("example_week.csv"))
        return mg.analyze(log, mg.Person(age=34, sex="female"))


@pytest.fixture(scope="module")
def week_html(week: IntakeAnalysis) -> str:
    return render_html(week)


# -- the HTML report --------------------------------------------------------------------
def test_every_section_and_chart_is_in_the_report(week_html: str) -> None:
    for section in SECTIONS:
        assert f'<section id="{section}"' in week_html
    for chart in ("daily", "ratio", "supplements", "sources"):
        assert f'id="chart-{chart}"' in week_html
    assert week_html.count("<svg") == 4


def test_report_is_self_contained(week_html: str) -> None:
    assert "<script" not in week_html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", week_html)
    assert "<link" not in week_html
    assert "<?xml" not in week_html  # SVGs are inlined without their prolog


def test_report_shows_profile_references_and_citations(week_html: str) -> None:
    for text in ("34 years", "31-50y", "320 mg/day", "265 mg/day", "350 mg/day",
                 "IOM 1997", "IOM 2000", "IOM 2011", "EFSA 2015", "Costello 2021",
                 "doi:10.1093/advances/nmaa160", "doi:10.2903/j.efsa.2015.4186",
                 "Standard Reference, Release 28", "FNDDS) 2021-2023"):  # fmt: skip
        assert text in week_html, text


def test_report_says_the_ul_concerns_supplements_only(week_html: str) -> None:
    assert "supplements and medications only" in week_html
    assert "never compared with it" in week_html
    assert "over UL" in week_html  # the Milk of Magnesia day


def test_report_lists_the_unresolved_row_and_why(week_html: str) -> None:
    assert "grandma&#39;s sunday casserole" in week_html
    assert "weak match" in week_html


def test_report_is_byte_identical_for_the_same_input(week: IntakeAnalysis, tmp_path: Path) -> None:
    first = week.to_html(tmp_path / "a.html")
    second = week.to_html(tmp_path / "b.html")
    assert first.read_bytes() == second.read_bytes()
    assert "generated" not in first.read_text(encoding="utf-8")


def test_timestamp_only_when_asked(hostile: IntakeAnalysis) -> None:
    import datetime as dt

    when = dt.datetime(2026, 2, 3, 4, 5)
    assert "generated 2026-02-03 04:05" in render_html(hostile, timestamp=when)
    assert "generated" in render_html(hostile, timestamp=True)


def test_user_strings_are_escaped(hostile: IntakeAnalysis) -> None:
    page = render_html(hostile, client=SCRIPT, title="<b>x</b>")
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page


def test_unknown_is_shown_as_unknown_never_zero() -> None:
    log = mg.FoodLog.from_lines(["grandma's sunday casserole"], date="2026-03-01")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = mg.analyze(log, mg.Person(age=30, sex="female"))
    page = render_html(analysis)
    daily = page[page.index('<section id="daily"') : page.index('<section id="ratio"')]
    first_day = daily.split("<tbody>")[1].split("</tr>")[0]
    cells = re.findall(r'<td class="num">([^<]*)</td>', first_day)
    food, _coverage, supplemental, total = cells[:4]
    assert food == "unknown"  # the only entry is unresolved: not 0 mg
    assert supplemental == "0 mg"  # no dose logged is a logged absence
    assert total == "unknown"


def test_report_without_a_person(hostile: IntakeAnalysis) -> None:
    nan = float("nan")
    summary = hostile.summary.model_copy(
        update={"rda_mg": None, "ear_mg": None, "pct_rda": None, "adequacy": None,
                "authority": None, "life_stage": None, "reference_sources": ()}
    )  # fmt: skip
    daily = hostile.daily.assign(rda_mg=nan, ear_mg=nan, pct_rda=nan)
    analysis = IntakeAnalysis(
        hostile.entries, hostile.meals, daily, summary, None, None, hostile.supplements
    )
    page = render_html(analysis)
    assert "n/a" in page
    assert "no profile given" in page
    assert "350 mg/day" in page


def test_missing_jinja2_says_how_to_install(
    hostile: IntakeAnalysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(MissingExtraError, match=r"pip install mgcalc\[report\]") as info:
        render_html(hostile)
    assert isinstance(info.value, ImportError)
    assert isinstance(info.value, MgcalcError)


def test_pdf_without_chromium_is_a_clear_error(
    hostile: IntakeAnalysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("MGCALC_CHROMIUM", raising=False)
    with pytest.raises(ChromiumNotFoundError, match="needs Chromium"):
        hostile.to_pdf(tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_templates_are_package_resources() -> None:
    from importlib import resources

    folder = resources.files("mgcalc.report") / "templates"
    for name in ("report.html.j2", "_macros.html.j2", "_styles.css"):
        assert (folder / name).is_file(), name


# -- flags ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("intake", "expected"),
    [
        (264.9, "low"),
        (265.0, "below RDA"),
        (319.9, "below RDA"),
        (320.0, "ok"),
        (900.0, "ok"),
        (float("nan"), "unknown"),
        (None, "unknown"),
    ],
)
def test_intake_flag_boundaries(intake: float | None, expected: str) -> None:
    assert intake_flag(intake, 265.0, 320.0)[1] == expected


def test_intake_flag_against_an_ai_never_says_low() -> None:
    assert intake_flag(10.0, None, 300.0, "AI") == ("warn", "below AI")
    assert intake_flag(300.0, None, 300.0, "AI") == ("ok", "ok")
    assert intake_flag(300.0, None, None) == ("unknown", "unknown")


# -- exports ----------------------------------------------------------------------------
@given(st.text())
def test_neutralised_text_never_starts_a_formula(text: str) -> None:
    out = neutralise(text)
    assert not out.startswith(FORMULA_PREFIXES)
    assert out == text or out == "'" + text


def test_neutralise_leaves_numbers_alone() -> None:
    assert neutralise(-5.0) == -5.0
    assert neutralise(None) is None


def _cells(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("table", ["daily", "entries", "meals", "supplements", "sources"])
def test_csv_cells_are_inert(hostile: IntakeAnalysis, tmp_path: Path, table: str) -> None:
    path = hostile.to_csv(tmp_path / f"{table}.csv", table=table)
    rows = _cells(path)
    assert len(rows) == len(export_frame(hostile, table)) + 1
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_PREFIXES), cell


def test_csv_keeps_the_text_behind_a_quote(hostile: IntakeAnalysis, tmp_path: Path) -> None:
    rows = _cells(hostile.to_csv(tmp_path / "entries.csv", table="entries"))
    texts = [r[rows[0].index("text")] for r in rows[1:]]
    assert "'" + FORMULA in texts
    assert "'+SUM(A1:A9)" in texts
    assert SCRIPT in texts  # plain text in a CSV; escaping is the HTML's job
    ledger = _cells(hostile.to_csv(tmp_path / "supp.csv", table="supplements"))
    assert "'@cmd|calc!A0" in [r[ledger[0].index("product")] for r in ledger[1:]]


def test_csv_writes_unknown_as_empty_not_zero(hostile: IntakeAnalysis, tmp_path: Path) -> None:
    rows = _cells(hostile.to_csv(tmp_path / "entries.csv", table="entries"))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("status")] == "unresolved":
            assert row[header.index("magnesium_mg")] == ""


def test_unknown_table_is_refused(hostile: IntakeAnalysis, tmp_path: Path) -> None:
    with pytest.raises(UnknownOptionError, match="table='foods' is not valid"):
        hostile.to_csv(tmp_path / "x.csv", table="foods")


def test_excel_has_a_sheet_per_table_and_no_formula(
    hostile: IntakeAnalysis, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = hostile.to_excel(tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(EXPORT_TABLES)
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                values.append(cell.value)
    assert "'" + FORMULA in values
    assert SCRIPT in values


def test_missing_openpyxl_says_how_to_install(
    hostile: IntakeAnalysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "openpyxl" else real(name)
    )
    with pytest.raises(MissingExtraError, match=r"pip install mgcalc\[excel\]"):
        hostile.to_excel(tmp_path / "x.xlsx")


# -- Jupyter ----------------------------------------------------------------------------
def test_analysis_displays_itself(week: IntakeAnalysis) -> None:
    out = week._repr_html_()
    assert out.startswith("<table")
    assert "mg/day" in out
    assert "Ca:Mg" in out
    assert "UL" in out


def test_foodlog_estimate_and_ratio_display_themselves() -> None:
    log = mg.FoodLog.from_lines([SCRIPT, "1 oz almonds"], date="2026-01-01")
    page = log._repr_html_()
    assert "&lt;script&gt;" in page
    assert "<script" not in page
    assert "2 entries" in page
    estimate = mg.estimate("1 oz almonds, dry roasted")
    assert "sr28:12063" in estimate._repr_html_()
    ratio = mg.calcium_magnesium_ratio(mg.Q_(900, "mg"), mg.Q_(300, "mg"))
    assert "3.00" in ratio._repr_html_()
    assert "within" in ratio._repr_html_()
    empty = mg.calcium_magnesium_ratio(mg.Q_(900, "mg"), mg.Q_(0, "mg"))
    assert "n/a" in empty._repr_html_()
