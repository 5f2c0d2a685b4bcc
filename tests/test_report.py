"""Tests of mgcalc.report: the HTML report, its escaping and determinism, the exports
(CSV and Excel with spreadsheet formulas neutralised) and the Jupyter HTML of the
result objects."""

from __future__ import annotations

import csv
import math
import re
import sys
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mgcalc as mg
from mgcalc._data import data_file
from mgcalc.analysis import IntakeAnalysis
from mgcalc.errors import MgcalcError, ReportError, UnknownOptionError
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
    for text in ("34 years", "women, 31–50 years", "320 mg/day", "265 mg/day", "350 mg/day",
                 "Institute of Medicine (1997)", "Institute of Medicine (2000)",
                 "Institute of Medicine (2006)", "Institute of Medicine (2011)",
                 "doi:10.17226/13050", "Costello RB", "doi:10.1093/advances/nmaa160",
                 "Standard Reference, Release 28", "(FNDDS) 2021-2023"):  # fmt: skip
        assert text in week_html, text


def test_report_says_the_ul_concerns_supplements_only(week_html: str) -> None:
    assert "supplements and medications only" in week_html
    assert "never compared with it" in week_html
    assert "over UL" in week_html  # the Milk of Magnesia day


def test_report_lists_the_unresolved_row_and_why(week_html: str) -> None:
    assert "grandma&#39;s sunday casserole" in week_html
    assert "no food in the tables matched it closely enough" in week_html


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
    food, _coverage, supplemental, _water, total = cells[:5]
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


# -- the report a dietitian hands to a client (issue 15) -----------------------------------
FORBIDDEN = ("UNVERIFIED", "scribd", "Skyscape", "appJ_tab", "NBK545442", "weak_match",
             "low_score", "assumed_portion", "(none)", "costello2021")  # fmt: skip
INTERNAL_IDS = re.compile(r"\b(sr28|fndds|custom):\w+|\b\d+-\d+(y|mo)\b|\b\d+\+y\b")


class _Rows(HTMLParser):
    """The rows of the diary tables: (day, row class, data- attributes, cell texts)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str, dict[str, str], list[str]]] = []
        self._day = ""
        self._in_diary = False
        self._row: tuple[str, str, dict[str, str], list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "table" and "diary" in found.get("class", ""):
            self._in_diary, self._day = True, found["data-day"]
        elif tag == "tr" and self._in_diary:
            data = {k[5:]: v for k, v in found.items() if k.startswith("data-")}
            self._row = (self._day, found.get("class", ""), data, [])
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row[3].append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "table":
            self._in_diary = False


def diary_rows(page: str) -> list[tuple[str, str, dict[str, str], list[str]]]:
    parser = _Rows()
    parser.feed(page)
    return parser.rows


def _section(page: str, name: str) -> str:
    start = page.index(f'<section id="{name}"')
    return page[start : page.index("</section>", start)]


@pytest.fixture(scope="module")
def client_week() -> IntakeAnalysis:
    """The example week for a woman of 58 (calcium below her EAR, one day over the Mg UL)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        log = mg.FoodLog.from_csv(data_file("example_week.csv"))
        return mg.analyze(log, mg.Person(age=58, sex="female"))


@pytest.fixture(scope="module")
def calcium_heavy_week() -> IntakeAnalysis:
    """The example week with 1,500 mg of elemental calcium taken on 20 Nov: that day's total
    passes her calcium UL (2,000 mg, IOM 2011, 51-70 y), the week's mean stays below her EAR."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        log = mg.FoodLog.from_csv(data_file("example_week.csv")).add_supplement(
            "calcium carbonate", amount="1500 mg", basis="elemental", date="2026-11-20"
        )
        return mg.analyze(log, mg.Person(age=58, sex="female"))


@pytest.fixture(scope="module")
def split_ratio_days() -> IntakeAnalysis:
    """Two days on either side of the Ca:Mg range whose means are within it: 150 g of
    almonds (SR28 12061: Ca 269, Mg 270 mg/100 g; ratio 1.0) and 100 g of cheddar (SR28
    01009: Ca 710, Mg 27 mg/100 g; ratio 26); means 556.75 / 216 = 2.58."""
    log = (
        mg.FoodLog()
        .add("almonds", food_id="sr28:12061", amount=150, unit="g", date="2026-11-02")
        .add("cheddar", food_id="sr28:01009", amount=100, unit="g", date="2026-11-03")
    )
    return mg.analyze(log, mg.Person(age=58, sex="female"))


@pytest.fixture(scope="module")
def client_html(client_week: IntakeAnalysis) -> str:
    return render_html(
        client_week, client="J. Doe", practice="Riverside <Nutrition>", report_date="2026-11-30",
        period="First week",
    )  # fmt: skip


def test_every_log_line_is_in_the_diary(client_week: IntakeAnalysis, client_html: str) -> None:
    lines = [r for r in diary_rows(_section(client_html, "diary")) if "line" in r[1].split()]
    entries = client_week.entries.sort_values(["date", "entry_id"])
    assert len(lines) == len(entries) == client_week.summary.n_entries
    for (day, _, _, _cells), (_, entry) in zip(
        sorted(lines, key=lambda r: r[0]), entries.iterrows(), strict=False
    ):
        assert day == entry["date"].strftime("%Y-%m-%d")
    typed = sorted(cells[0] for _, _, _, cells in lines)
    assert typed == sorted(entries["text"])
    assert "not recognised" in [cells[1] for *_, cells in lines]  # the casserole, listed too


@pytest.mark.parametrize(
    ("key", "food", "total"),
    [("mg", "magnesium_mg", "total_magnesium_mg"), ("ca", "calcium_mg", "total_calcium_mg"),
     ("d", "vitamin_d_ug", "total_vitamin_d_ug")],
)  # fmt: skip
def test_diary_rows_add_up_to_each_days_total(
    client_week: IntakeAnalysis, client_html: str, key: str, food: str, total: str
) -> None:
    rows = diary_rows(_section(client_html, "diary"))
    daily = client_week.daily.assign(day=client_week.daily["date"].dt.strftime("%Y-%m-%d"))
    for day in daily.to_dict("records"):
        mine = [r for r in rows if r[0] == day["day"]]
        lines = [float(r[2][key]) for r in mine if "line" in r[1].split() and r[2][key]]
        doses = [float(r[2][key]) for r in mine if r[1] == "dose" and r[2][key]]
        expected_food = day[food]
        assert math.fsum(lines) == pytest.approx(expected_food, rel=1e-9, abs=1e-9), day["day"]
        if not math.isnan(day[total]):
            assert math.fsum(lines + doses) == pytest.approx(day[total], rel=1e-9), day["day"]
        if key == "mg":  # the printed subtotal and total are the daily table's
            subtotal = next(r for r in mine if r[1] == "subtotal")
            assert float(subtotal[2]["mg"]) == pytest.approx(day[food])
            assert subtotal[3][1] == f"{day[food]:,.0f}"


def _reference(nutrient: str, kind: str, age_months: float, sex: str) -> float | None:
    """The value references.csv gives (IOM, no condition), read here independently."""
    with (Path(__file__).parent.parent / "data" / "references.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            high = float(row["age_max_months"]) if row["age_max_months"] else math.inf
            if (
                (row["nutrient"], row["authority"], row["kind"], row["condition"])
                == (nutrient, "iom", kind, "none")
                and row["sex"] in (sex, "any")
                and float(row["age_min_months"]) <= age_months < high
            ):
                value = row["value_ug"] if row.get("unit") == "ug" else row["value_mg"]
                return float(value) if value else None
    return None


def test_calcium_and_vitamin_d_flags_follow_the_reference_file(
    client_week: IntakeAnalysis, client_html: str
) -> None:
    panel = _section(client_html, "summary")
    rda = _reference("calcium", "RDA", 58 * 12, "female")
    ear = _reference("calcium", "EAR", 58 * 12, "female")
    assert (rda, ear) == (1200.0, 1000.0)  # IOM 2011, women 51-70 y
    mean = client_week.summary.total_calcium_mg
    assert mean is not None
    assert mean < ear
    assert f"{rda:,.0f} mg/day" in panel
    assert f"{100 * mean / rda:.0f} %" in panel
    calcium_cells = re.findall(r"<tr><th>Assessment</th>(.*?)</tr>", panel)[0]
    assert (client_week.daily["calcium_ul_status"].astype(str) == "over").sum() == 0
    assert re.findall(r'class="flag (\w+)">([^<]*)<', calcium_cells)[1] == ("low", "low")
    vitamin_d = _reference("vitamin_d", "RDA", 58 * 12, "female")
    if vitamin_d is None:  # no vitamin D values bundled yet: said plainly
        assert "no reference value" in re.findall(r'class="flag \w+">([^<]*)<', calcium_cells)[2]
    else:
        assert f"{vitamin_d:g} µg/day" in panel
    calcium_day = _section(client_html, "calcium")
    assert calcium_day.count("low") >= 6  # each day below the EAR is flagged


def test_a_day_over_the_calcium_ul_shows_beside_a_low_mean(
    calcium_heavy_week: IntakeAnalysis,
) -> None:
    daily = calcium_heavy_week.daily
    over = daily.loc[daily["calcium_ul_status"].astype(str) == "over", "date"]
    assert [d.strftime("%Y-%m-%d") for d in over] == ["2026-11-20"]
    mean = calcium_heavy_week.summary.total_calcium_mg
    assert mean is not None
    assert mean < 1000.0  # still below the EAR
    panel = _section(render_html(calcium_heavy_week), "summary")
    cells = re.findall(r"<tr><th>Assessment</th>(.*?)</tr>", panel)[0]
    assert re.findall(r'class="flag (\w+)">([^<]*)<', cells)[1] == (
        "high", "low; over UL on 1 of 7 days"
    )  # fmt: skip
    rows = dict(
        re.findall(r"<th[^>]*>([^<]*)</th><td[^>]*>(.*?)</td>", calcium_heavy_week._repr_html_())
    )
    assert "low; over UL on 1 of 7 days" in rows["total calcium"]


@pytest.mark.parametrize("name", ["client_week", "split_ratio_days"])
def test_ratio_shows_the_distribution_of_days(name: str, request: pytest.FixtureRequest) -> None:
    analysis: IntakeAnalysis = request.getfixturevalue(name)
    s = analysis.summary
    panel = _section(render_html(analysis), "summary")
    row = re.search(r"<tr><td>food</td>(.*?)</tr>", panel)
    assert row is not None
    counts = [int(c) for c in re.findall(r'<td class="num">(\d+)</td>', row.group(1))]
    assert counts == [s.ratio_days[f] for f in ("below", "within", "above", "indeterminate")]
    if name == "split_ratio_days":
        assert s.ca_mg_ratio == pytest.approx((1.5 * 269 + 710) / (1.5 * 270 + 27))
        assert (s.ratio_flag, s.ratio_days["below"], s.ratio_days["above"]) == ("within", 1, 1)
        assert "only 0 of 2 days were" in panel  # the mean is within, no single day was
    else:
        assert s.ratio_flag == "below"
        assert "days were: the average hides" not in panel


def test_no_internal_words_or_ids_in_client_text(client_html: str) -> None:
    lactating = mg.analyze(
        mg.FoodLog.from_lines(["1 oz almonds"], date="2026-01-01"),
        mg.Person(age=35, sex="female", lactating=True),
    )
    efsa = mg.analyze(
        mg.FoodLog.from_lines(["1 oz almonds"], date="2026-01-01"),
        mg.Person(age=35, sex="male", authority="efsa"),
    )
    for page in (client_html, render_html(lactating), render_html(efsa)):
        text = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
        for word in FORBIDDEN:
            assert word.lower() not in text.lower(), word
        assert not INTERNAL_IDS.search(text), INTERNAL_IDS.search(text)


def test_each_cited_source_is_in_full_in_the_appendix(client_html: str) -> None:
    appendix = _section(client_html, "methodology")
    references = re.findall(r"<li>(.*?)</li>", appendix.split('<ol class="citations">')[1])
    cited = {int(n) for group in re.findall(r"\[([\d, ]+)\]", client_html)
             for n in group.split(",")}  # fmt: skip
    assert cited == set(range(1, len(references) + 1))
    for reference in references:
        assert re.search(r"\(\d{4}\)|\b(19|20)\d{2}\b", reference), reference  # a year
        assert len(reference) > 80, reference  # a full reference, not a key


def test_an_unchecked_value_is_stated_once_plainly() -> None:
    analysis = mg.analyze(
        mg.FoodLog.from_lines(["1 cup plain yogurt, low fat"], date="2026-01-01"),
        mg.Person(age=35, sex="female", lactating=True),
    )
    assert analysis.references is not None
    assert analysis.references.unverified
    page = render_html(analysis)
    statement = "could not be checked against the original table"
    assert page.count(statement) == len(analysis.references.unverified)
    assert statement in _section(page, "methodology")
    assert page.count("no primary published source") == 1  # the 2.2-3.2 range, once


def test_every_assumed_amount_is_listed_once(client_week: IntakeAnalysis, client_html: str) -> None:
    review = _section(client_html, "quality").split("Assumed amounts and uncertain matches")[1]
    texts = re.findall(r'<tr><td class="wrap">([^<]*)</td>', review)
    assert len(texts) == len(set(texts))
    assert texts.count("1 cup cooked oatmeal") == 1  # logged on two days, listed once
    assert "16 Nov, 19 Nov" in review


def test_a_long_log_has_its_diary_in_a_compact_appendix(
    client_week: IntakeAnalysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mgcalc.report import html as report_html

    monkeypatch.setattr(report_html, "DIARY_INLINE_MAX_LINES", 10)
    page = render_html(client_week)
    assert "Appendix B" in _section(page, "diary")
    appendix = _section(page, "diary-appendix")
    assert 'class="diary compact"' in appendix
    lines = [r for r in diary_rows(appendix) if "line" in r[1].split()]
    assert len(lines) == client_week.summary.n_entries


def test_who_and_when_are_in_the_header(client_html: str) -> None:
    header = client_html[: client_html.index('<section id="summary"')]
    for text in ("J. Doe", "Riverside &lt;Nutrition&gt;", "30 November 2026", "First week",
                 "16 Nov – 22 Nov 2026"):  # fmt: skip
        assert text in header, text
    assert "<Nutrition>" not in client_html


def test_logo_is_embedded(client_week: IntakeAnalysis, tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    page = render_html(client_week, logo=logo)
    assert '<img class="logo" src="data:image/svg+xml;base64,' in page
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(MgcalcError, match="image file"):
        render_html(client_week, logo=tmp_path / "notes.txt")
    with pytest.raises(MgcalcError, match="cannot read the logo"):
        render_html(client_week, logo=tmp_path)
    with pytest.raises(MgcalcError, match="cannot read the logo"):
        render_html(client_week, logo=tmp_path / "missing.png")


def test_follow_up_section(client_week: IntakeAnalysis) -> None:
    after = Path(__file__).parent / "data" / "report" / "after_week.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        second = mg.analyze(mg.FoodLog.from_csv(after), mg.Person(age=58, sex="female"))
    page = render_html(second, comparison=mg.compare(client_week, second))
    section = _section(page, "comparison")
    assert "Total calcium rose from 705 mg/day to 832 mg/day" in section
    assert "16 Nov 2026 – 22 Nov 2026 (7 days)" in section
    assert '<td>Total magnesium</td><td class="num">572 mg/day</td>' in section
    assert '<section id="comparison"' not in render_html(second)


def test_write_html_is_atomic_and_never_over_an_input(
    client_week: IntakeAnalysis, tmp_path: Path
) -> None:
    source = tmp_path / "log.csv"
    source.write_text("date,food\n", encoding="utf-8")
    with pytest.raises(MgcalcError, match="also an input"):
        client_week.to_html(source, inputs=[source])
    assert source.read_text(encoding="utf-8") == "date,food\n"
    client_week.to_html(tmp_path / "r.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv", "r.html"]


def test_a_failing_chromium_is_one_report_error_and_leaves_nothing(
    client_week: IntakeAnalysis, tmp_path: Path
) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'crashed: no display' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    target = tmp_path / "out" / "r.pdf"
    target.parent.mkdir()
    with pytest.raises(ReportError) as info:
        client_week.to_pdf(target, chromium=str(fake), timeout=20)
    assert "\n" not in str(info.value)
    assert "crashed: no display" in str(info.value)
    assert list(target.parent.iterdir()) == []  # no partial PDF, no stray HTML


def test_chromium_not_found_is_a_report_error() -> None:
    assert issubclass(ChromiumNotFoundError, ReportError)
    assert issubclass(ChromiumNotFoundError, FileNotFoundError)


def test_jupyter_never_shows_plain_ok_on_a_day_over_a_ul(client_week: IntakeAnalysis) -> None:
    out = client_week._repr_html_()
    rows = dict(re.findall(r"<th[^>]*>([^<]*)</th><td[^>]*>(.*?)</td>", out))
    assert client_week.summary.intake_flag == "ok"  # 181 % of the RDA ...
    assert "ok; over UL on 1 of 7 days" in rows["total magnesium"]  # ... but not plain ok
    assert "low" in rows["total calcium"]  # below the EAR, no day over its UL
    assert "no reference value" in rows["total vitamin D"] or "µg/day" in rows["total vitamin D"]
    assert "1 below" in rows["Ca:Mg (food)"] or "below" in rows["Ca:Mg (food)"]
    assert not re.search(r">ok</span>", out)


# -- drinking water in the report (issue 17) ---------------------------------------------------
TAP = mg.Water(magnesium_mg_per_l=12, calcium_mg_per_l=40)
WATERS_CSV = Path(__file__).parent.parent / "data" / "waters.csv"


def _water(water_id: str) -> dict[str, str]:
    """A row of data/waters.csv, read here independently of mgcalc.water."""
    with WATERS_CSV.open(encoding="utf-8") as handle:
        return next(row for row in csv.DictReader(handle) if row["id"] == water_id)


def water_log() -> mg.FoodLog:
    """The example week with drinks: three logged as food lines on Monday (a bottled water
    whose sources disagree, the person's tap water by the glass, an unbranded mineral
    water), one on Tuesday, and one added to the ledger on Wednesday."""
    log = mg.FoodLog.from_csv(data_file("example_week.csv"))
    monday = mg.FoodLog.from_lines(
        ["500 ml San Pellegrino", "2 glasses tap water", "a bottle of mineral water"],
        date="2026-11-16", meal="lunch",
    )  # fmt: skip
    tuesday = mg.FoodLog.from_lines(["1.5 l Hépar"], date="2026-11-17", meal="dinner")
    log = log.concat(monday).concat(tuesday)
    log.add_water("Evian", "1 l", date="2026-11-18")
    return log


@pytest.fixture(scope="module")
def water_week() -> IntakeAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the unbranded mineral water is unknown: warned
        return mg.analyze(water_log(), mg.Person(age=34, sex="female", tap_water=TAP))


@pytest.fixture(scope="module")
def water_html(water_week: IntakeAnalysis) -> str:
    return render_html(water_week, report_date="2026-11-30")


def _expected_water_mg() -> dict[str, float]:
    """Magnesium of each day's known drinks, from waters.csv and the volumes [mg]."""
    glass_l = 8 * 29.5735295625 / 1000  # 8 US fl oz
    return {
        "2026-11-16": 0.5 * float(_water("water:san_pellegrino")["magnesium_mg_per_l"])
        + 2 * glass_l * 12,
        "2026-11-17": 1.5 * float(_water("water:hepar")["magnesium_mg_per_l"]),
        "2026-11-18": 1.0 * float(_water("water:evian")["magnesium_mg_per_l"]),
    }


def test_each_drink_is_in_the_diary_once_and_never_counted_twice(
    water_week: IntakeAnalysis, water_html: str
) -> None:
    rows = diary_rows(_section(water_html, "diary"))
    expected = _expected_water_mg()
    daily = water_week.daily.assign(day=water_week.daily["date"].dt.strftime("%Y-%m-%d"))
    ledger = water_week.supplements
    for day in daily.to_dict("records"):
        mine = [r for r in rows if r[0] == day["day"]]
        food = [float(r[2]["mg"]) for r in mine
                if r[1].split() == ["line"] and r[2]["mg"]]  # fmt: skip
        drinks = [r for r in mine if "drink" in r[1].split()]
        doses = [float(r[2]["mg"]) for r in mine if r[1] == "dose" and r[2]["mg"]]
        water = [float(r[2]["mg"]) for r in drinks if r[2]["mg"]]
        on_day = ledger[(ledger["date"] == day["date"]) & (ledger["source"] == "water")]
        assert len(drinks) == len(on_day), day["day"]  # each drink once
        assert math.fsum(food) == pytest.approx(day["magnesium_mg"], rel=1e-9), day["day"]
        assert math.fsum(water) == pytest.approx(expected.get(day["day"], 0.0)), day["day"]
        assert math.fsum(water) == pytest.approx(day["water_magnesium_mg"], abs=1e-9)
        assert math.fsum(food + water + doses) == pytest.approx(day["total_magnesium_mg"])
    lines = [r for r in rows if "line" in r[1].split()]
    assert len(lines) == water_week.summary.n_entries  # every log line, drinks included
    monday = [r[3] for r in rows if r[0] == "2026-11-16" and "drink" in r[1].split()]
    assert [cells[1] for cells in monday] == [
        "drinking water: S.Pellegrino", "drinking water: your tap water",
        "drinking water: no brand named (content unknown)",
    ]  # fmt: skip
    assert monday[2][3] == "unknown"  # never 0
    evian = next(r for r in rows if r[0] == "2026-11-18" and "drink" in r[1].split())
    assert evian[1] == "drink"  # added to the ledger, not a log line


def test_water_is_its_own_source_in_the_panel_and_per_day(
    water_week: IntakeAnalysis, water_html: str
) -> None:
    panel = _section(water_html, "summary")
    cells = re.search(r"<tr><th>From drinking water</th>(.*?)</tr>", panel, re.S)
    assert cells is not None
    magnesium, calcium, vitamin_d = re.findall(r'<td class="num">(.*?)</td>', cells.group(1))
    mean = math.fsum(_expected_water_mg().values()) / 7
    number = re.match(r"(\d+) mg/day", magnesium)
    assert number is not None
    assert abs(float(number.group(1)) - mean) <= 0.5
    assert magnesium.endswith("+ 1 drink of unknown content")
    assert vitamin_d == "—"  # water carries no vitamin D: not a 0
    # calcium: San Pellegrino's sources disagree (90-104 mg/L), so Monday shows a range
    pellegrino = _water("water:san_pellegrino")
    glass_l = 8 * 29.5735295625 / 1000
    low = 0.5 * float(pellegrino["calcium_mg_per_l_low"]) + 2 * glass_l * 40
    high = 0.5 * float(pellegrino["calcium_mg_per_l_high"]) + 2 * glass_l * 40
    value = 0.5 * float(pellegrino["calcium_mg_per_l"]) + 2 * glass_l * 40
    others = 1.5 * float(_water("water:hepar")["calcium_mg_per_l"]) + float(
        _water("water:evian")["calcium_mg_per_l"]
    )
    assert calcium == (
        f"{(value + others) / 7:,.0f} mg/day ({math.floor((low + others) / 7):,}–"
        f"{math.ceil((high + others) / 7):,}) + 1 drink of unknown content"
    )
    calcium_days = _section(water_html, "calcium")
    monday = re.search(r"<tr><td>Mon 16 Nov 2026</td>(.*?)</tr>", calcium_days)
    assert monday is not None
    assert (f"{value:,.0f} mg ({math.floor(low):,}–{math.ceil(high):,}) + 1 drink of unknown "
            "content") in monday.group(1)  # fmt: skip
    per_day = _section(water_html, "daily")
    thursday = re.search(r"<tr><td>Thu 19 Nov 2026</td>(.*?)</tr>", per_day)
    assert thursday is not None
    assert "none logged" in thursday.group(1)  # no drink: never "0 mg" of water


def test_the_water_section_lists_every_drink_with_its_range_and_notes(
    water_week: IntakeAnalysis, water_html: str
) -> None:
    section = _section(water_html, "water")
    rows = re.findall(r"<tr data-mg=\"[^\"]*\">(.*?)</tr>", section)
    assert len(rows) == int((water_week.supplements["source"] == "water").sum()) == 5
    pellegrino = next(r for r in rows if "S.Pellegrino" in r)
    row = _water("water:san_pellegrino")
    low = 0.5 * float(row["magnesium_mg_per_l_low"])
    high = 0.5 * float(row["magnesium_mg_per_l_high"])
    assert f"({math.floor(low)}–{math.ceil(high)})" in pellegrino
    assert "500 ml" in pellegrino
    assert "sources differ" in pellegrino
    tap = next(r for r in rows if "your tap water" in r)
    assert "a glass taken as 237 ml" in tap
    unbranded = next(r for r in rows if "no brand named" in r)
    assert unbranded.count(">unknown<") == 2
    assert "1.5 l" in next(r for r in rows if "Hépar" in r)
    doses = _section(water_html, "supplements").split("Doses logged")[1]
    assert "water" not in doses.lower()  # drinks are not doses
    assert section.count("not compared with the magnesium upper limit") == 1


def test_the_methods_cite_each_waters_source_and_the_volume_conventions(
    water_html: str,
) -> None:
    appendix = _section(water_html, "methodology")
    sources = re.findall(r"<li>([^<]*): ([^<]*)\.</li>", appendix)
    by_source = {source: names.split(", ") for names, source in sources}
    for water_id, name in (("water:san_pellegrino", "S.Pellegrino"), ("water:hepar", "Hépar"),
                           ("water:evian", "Evian")):  # fmt: skip
        assert name in by_source[_water(water_id)["source"]]
    assert by_source["figures given for this report"] == ["your tap water"]
    assert not any("mineral water" in names for names in by_source.values())
    for text in ("8 US fluid ounces (236.6 ml", "500 ml", "360 ml"):
        assert text in appendix, text
    page = re.sub(r"<svg.*?</svg>", "", water_html, flags=re.S)
    assert not re.search(r"\bwater:[a-z]", page)  # no internal water id


def test_every_water_flag_has_client_words() -> None:
    from mgcalc.report.html import _WATER_WORDS
    from mgcalc.water import WATER_FLAGS

    assert set(WATER_FLAGS) - {"water"} == set(_WATER_WORDS)


def test_a_report_without_water_says_none_was_logged(week_html: str) -> None:
    assert '<section id="water"' not in week_html
    panel = _section(week_html, "summary")
    assert '<tr><th>From drinking water</th><td class="num">none logged</td>' in panel


# -- home recipes in the diary (issue 17) -------------------------------------------------------
FOODS_CSV = Path(__file__).parent.parent / "data" / "foods.csv"


def _per_100g(food_id: str, column: str) -> float:
    """A nutrient per 100 g from data/foods.csv, read here independently [mg]."""
    with FOODS_CSV.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["food_id"] == food_id)
    return float(row[f"{column}_per_100g"]) if row[f"{column}_per_100g"] else math.nan


@pytest.fixture(scope="module")
def recipe_week() -> IntakeAnalysis:
    table = mg.FoodTable.default().with_recipes(mg.load_recipes())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        log = mg.FoodLog.from_csv(data_file("example_week.csv"))
        return mg.analyze(log, mg.Person(age=34, sex="female"), table=table)


def test_a_recipe_line_names_the_dish_and_its_ingredients_on_request(
    recipe_week: IntakeAnalysis,
) -> None:
    book = mg.load_recipes()
    recipe = book["recipe:grandmas_sunday_casserole"]
    plain = render_html(recipe_week)
    detailed = render_html(recipe_week, recipes=book, recipe_details=True)
    line = next(r for r in diary_rows(_section(plain, "diary"))
                if r[3][:1] == ["grandma's sunday casserole"])  # fmt: skip
    assert line[3][1] == "Grandma's Sunday casserole"
    assert "home recipe" in line[3][6]
    assert "no amount: one serving" in line[3][6]
    assert "no amount: typical portion" not in line[3][6]
    assert not [r for r in diary_rows(plain) if r[1] == "ingredient"]  # only on request
    rows = diary_rows(_section(detailed, "diary"))
    at = next(i for i, r in enumerate(rows) if r[3][:1] == ["grandma's sunday casserole"])
    parts = rows[at + 1 : at + 1 + len(recipe.lines)]
    assert [r[1] for r in parts] == ["ingredient"] * len(recipe.lines)
    assert [r[3][0] for r in parts] == [line.text for line in recipe.lines]
    # one serving of six: the share eaten of each weighed ingredient, from foods.csv
    share = 1 / recipe.servings
    for part, ingredient in zip(parts, recipe.lines, strict=True):
        grams = re.match(r"(\d+) g ", ingredient.text)
        if grams and ingredient.food_id is not None:
            expected = float(grams.group(1)) * share * _per_100g(ingredient.food_id,
                                                                  "magnesium_mg") / 100  # fmt: skip
            assert float(part[2]["mg"]) == pytest.approx(expected), ingredient.text
    assert math.fsum(float(r[2]["mg"]) for r in parts) == pytest.approx(float(line[2]["mg"]))
    assert "17 % of the dish" in rows[at][3][6]
    # the ingredients add nothing to the day: the food lines still make the food total
    day = recipe_week.daily.set_index(recipe_week.daily["date"].dt.strftime("%Y-%m-%d"))
    lines = [float(r[2]["mg"]) for r in rows if r[0] == "2026-11-18"
             and r[1].split() == ["line"] and r[2]["mg"]]  # fmt: skip
    assert math.fsum(lines) == pytest.approx(day.loc["2026-11-18", "magnesium_mg"])
    review = _section(detailed, "quality")
    assert "one serving of the recipe is used" in review
    assert review.count("no amount was given") == 1  # said once, not twice
    methods = _section(detailed, "methodology")
    assert "Grandma&#39;s Sunday casserole: 12 ingredients, 6 servings of 430 g" in methods
    assert "A dish logged without an amount counts as one serving" in methods


def test_a_recipe_with_an_unknown_ingredient_shows_unknown_never_a_partial_sum() -> None:
    assert math.isnan(_per_100g("sr28:04145", "magnesium_mg"))  # mayonnaise: no Mg in SR28
    book = mg.RecipeBook([mg.Recipe(
        "House dressing", lines=[{"text": "4 tbsp mayonnaise", "food_id": "sr28:04145"},
                                 "100 g plain yogurt, low fat"], servings=4,
    )])  # fmt: skip
    table = mg.FoodTable.default().with_recipes(book)
    log = mg.FoodLog.from_lines(["1 serving house dressing", "1 oz almonds"], date="2026-01-05")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = mg.analyze(log, mg.Person(age=40, sex="female"), table=table)
    page = render_html(analysis, recipes=book, recipe_details=True)
    rows = diary_rows(_section(page, "diary"))
    dressing = next(r for r in rows if r[3][:1] == ["1 serving house dressing"])
    assert dressing[3][3] == "unknown"
    assert dressing[2]["mg"] == ""
    assert "magnesium and vitamin D unknown: an ingredient has no value" in dressing[3][6]
    assert "no magnesium value" not in dressing[3][6]  # said once, with its reason
    parts = [r for r in rows if r[1] == "ingredient"]
    assert parts[0][3][3] == "unknown"  # the mayonnaise
    assert float(parts[1][2]["mg"]) > 0  # the yogurt's share is known and shown


def test_recipe_details_need_the_book(recipe_week: IntakeAnalysis) -> None:
    with pytest.raises(MgcalcError, match="recipe book"):
        render_html(recipe_week, recipe_details=True)


# -- next steps: the suggestion (issue 16) ------------------------------------------------------
@pytest.fixture(scope="module")
def young_week() -> IntakeAnalysis:
    """The example week for a woman of 34: a plan of a few changes exists."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return mg.analyze(mg.FoodLog.from_csv(data_file("example_week.csv")),
                          mg.Person(age=34, sex="female"))  # fmt: skip


def _after(analysis: IntakeAnalysis, plan: object) -> tuple[float, float]:
    """Mean total magnesium and calcium with the plan's changes, from foods.csv [mg/day]."""
    daily = analysis.daily
    days = daily[daily["n_entries"] > 0]
    magnesium = math.fsum(days["total_magnesium_mg"]) / len(days)
    calcium = math.fsum(days["total_calcium_mg"]) / len(days)
    for change in plan.changes:  # type: ignore[attr-defined]
        added = {n: change.grams * _per_100g(change.food_id, f"{n}_mg") / 100
                 for n in ("magnesium", "calcium")}  # fmt: skip
        if change.kind == "swap":  # the same weight, on each day the old food was eaten
            eaten = analysis.entries[analysis.entries["food_id"] == change.replaces_food_id]
            for n in ("magnesium", "calcium"):
                added[n] = (added[n] * len(eaten) - math.fsum(eaten[f"{n}_mg"])) / len(days)
        magnesium += added["magnesium"]
        calcium += added["calcium"]
    return magnesium, calcium


def test_next_steps_show_the_changes_and_their_effect(young_week: IntakeAnalysis) -> None:
    pytest.importorskip("scipy")
    plan = mg.suggest(young_week)
    assert plan.status == "ok"
    assert plan.changes
    page = render_html(young_week, suggestion=plan)
    section = _section(page, "next-steps")
    for change in plan.changes:
        assert f"<li>{change.text}</li>".replace("'", "&#39;") in section
    magnesium, calcium = _after(young_week, plan)
    s = young_week.summary
    assert s.total_magnesium_mg is not None
    row = re.search(r"<tr><td class=\"wrap\">Magnesium, total</td>(.*?)</tr>", section)
    assert row is not None
    now, after, goal = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    assert now == f"{s.total_magnesium_mg:,.0f} mg/day ({s.pct_rda:.0f} %)"
    assert after.startswith(f"{magnesium:,.0f} mg/day")
    assert goal == "at least 320 mg/day (the RDA)"
    ratio = re.search(r"Calcium : magnesium ratio</td>(.*?)</tr>", section)
    assert ratio is not None
    assert f"{calcium / magnesium:.2f}" in ratio.group(1)
    assert 2.2 <= calcium / magnesium <= 3.2
    assert "within range" in ratio.group(1)
    assert page.count("not medical advice") == 1
    assert render_html(young_week, suggestion=True) == page  # the default plan, worked out
    assert '<section id="next-steps"' not in render_html(young_week)


def test_next_steps_say_what_stands_in_the_way(client_week: IntakeAnalysis) -> None:
    pytest.importorskip("scipy")
    # a budget of 10 kcal/day and one change: the ratio needs at least two changes and more
    # energy (the same infeasible case as tests/test_suggestions.py)
    plan = mg.suggest(
        client_week, exclude=["sr28:12061"], energy_budget_kcal=10, max_changes=1
    )  # fmt: skip
    assert plan.status == "infeasible"
    section = _section(render_html(client_week, suggestion=plan), "next-steps")
    assert "No set of up to 1 change" in section
    for shortfall in plan.shortfalls:
        assert shortfall.text in section
    assert "With the changes" not in section
    assert "leaving out Nuts, almonds" in section  # a food id shown by its name
    text = re.sub(r"<[^>]+>", " ", section)
    assert not INTERNAL_IDS.search(text)


def test_next_steps_without_scipy_are_an_error_not_a_silent_gap(
    young_week: IntakeAnalysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)  # import fails as if missing
    with pytest.raises(MissingExtraError, match=r"mgcalc\[suggest\]"):
        render_html(young_week, suggestion=True)


def test_jupyter_shows_water_as_its_own_source(water_week: IntakeAnalysis) -> None:
    rows = dict(re.findall(r"<th[^>]*>([^<]*)</th><td[^>]*>(.*?)</td>", water_week._repr_html_()))
    assert rows["drinking water"].endswith("+ 1 drink of unknown content")
    assert rows["drinking water"].startswith(f"{water_week.summary.water_magnesium_mg:.0f} mg/day")
