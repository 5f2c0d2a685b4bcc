"""Tests of mgcalc.cli: the ``mgcalc`` command, run in-process through ``main`` and as a
real shell command (``python -m mgcalc``)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import types
import warnings
from pathlib import Path

import pandas as pd
import pytest

import mgcalc as mg
import mgcalc.cli as cli
from mgcalc import FoodLog, FoodTable, IntakeAnalysis, Resolver
from mgcalc._data import data_file
from mgcalc.cli import CommandError, main, parse_range, pre_resolve, read_input

WEEK = str(data_file("example_week.csv"))
PERSON = ["--age", "34", "--sex", "female"]


def run_mgcalc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m mgcalc ARGS`` as a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "mgcalc", *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=cwd,
        check=False,
    )


def assert_one_line_error(stderr: str, match: str) -> None:
    """stderr holds exactly one error line matching ``match`` (warnings aside), no traceback."""
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("mgcalc: error:")]
    assert len(errors) == 1, stderr
    assert re.search(match, errors[0]), errors[0]


def no_nan(text: str) -> None:
    assert not re.search(r"\bnan\b", text, flags=re.IGNORECASE), text


@pytest.fixture
def unknown_mg_log(tmp_path: Path) -> Path:
    """A one-day log whose second food has no magnesium value in SR28 (unknown, not 0)."""
    path = tmp_path / "unknown.csv"
    path.write_text(
        "date,meal,food,amount,unit,food_id\n"
        "2026-11-20,lunch,1 oz almonds,,,\n"
        "2026-11-20,lunch,cheese,100,g,sr28:01188\n",
        encoding="utf-8",
    )
    return path


# -- help and usage ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "command",
    [
        [],
        ["estimate"],
        ["analyze"],
        ["report"],
        ["demo"],
        ["foods"],
        ["foods", "search"],
        ["foods", "show"],
    ],
)
def test_every_subcommand_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: mgcalc {' '.join(command)}".rstrip())


@pytest.mark.slow  # a whole process (shell command)
def test_help_as_a_shell_command() -> None:
    done = run_mgcalc("--help")
    assert done.returncode == 0
    for command in ("estimate", "analyze", "report", "foods", "demo"):
        assert command in done.stdout


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: mgcalc" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("mgcalc ")


# -- estimate --------------------------------------------------------------------------------
@pytest.mark.slow  # a whole process (shell command)
def test_estimate_almonds_as_a_shell_command() -> None:
    done = run_mgcalc("estimate", "1 oz almonds, dry roasted")
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip()
    assert len(line.splitlines()) == 1
    assert "(sr28:12063)" in line
    found = re.search(r"magnesium (\d+) mg", line)
    assert found is not None
    # SR28 12063: 279 mg/100 g x 28.35 g = 79 mg (USDA SR28).
    assert int(found.group(1)) == 79
    assert re.search(r"\b28 g\b", line)


def test_estimate_several_texts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", "1 oz almonds, dry roasted", "½ cup spinach, boiled"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert "sr28:11458" in lines[1]
    assert "magnesium 78 mg" in lines[1]  # 87 mg/100 g x 90 g (SR28 11458)
    assert "calcium 122 mg" in lines[1]
    assert "score" in lines[1]


def test_estimate_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", "--format", "json", "1 oz almonds, dry roasted"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload[0]["food_id"] == "sr28:12063"
    assert payload[0]["magnesium_mg"] == pytest.approx(79.1, abs=0.5)


def test_estimate_bad_line_reports_it_and_keeps_the_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["estimate", "lots of almonds", "1 oz almonds, dry roasted"]) == 2
    captured = capsys.readouterr()
    assert "sr28:12063" in captured.out
    assert_one_line_error(captured.err, r"'lots of almonds'")


# -- demo ------------------------------------------------------------------------------------
@pytest.mark.slow  # a whole process (shell command)
def test_demo_as_a_shell_command() -> None:
    done = run_mgcalc("demo")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for day in range(16, 23):
        assert f"2026-11-{day}" in out
    assert "Summary: 7 days" in out
    assert "OVER" in out  # the laxative day: supplemental Mg above the 350 mg UL
    assert "Unresolved" in out
    assert "indeterminate" in out
    no_nan(out)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("no_recipes", [False, True])
def test_demo_daily_table_matches_the_analysis(
    no_recipes: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo analyses the week with its bundled recipe book (0 unresolved lines);
    ``--no-recipes`` leaves the casserole unresolved."""
    assert main(["demo", *(["--no-recipes"] if no_recipes else [])]) == 0
    out = capsys.readouterr().out
    from mgcalc import LowCoverageWarning, Person, analyze
    from mgcalc.recipes import load_recipes

    table = None if no_recipes else FoodTable.default().with_recipes(load_recipes())
    with pytest.warns(LowCoverageWarning, match="indeterminate"):
        result = analyze(FoodLog.from_csv(WEEK), Person(age=34, sex="female"), table=table)
    for row in result.daily.itertuples():
        line = next(x for x in out.splitlines() if x.startswith(row.date.strftime("%Y-%m-%d")))
        assert f"{row.total_magnesium_mg:,.0f}" in line
    assert ("grandma's sunday casserole" in out) is no_recipes
    assert ("Unresolved: none" in out) is not no_recipes


# -- analyze ---------------------------------------------------------------------------------
def test_analyze_json_parses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", WEEK, *PERSON, "--format", "json"]) == 0
    text = capsys.readouterr().out

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON")

    payload = json.loads(text, parse_constant=refuse)
    assert payload["summary"]["n_days"] == 7
    assert payload["summary"]["rda_mg"] == 320.0  # IOM, women 31-50 y
    assert len(payload["daily"]) == 7
    assert {"date", "magnesium_mg", "ratio_flag", "ul_exceeded"} <= set(payload["daily"][0])
    assert payload["unresolved"]
    assert {"text", "reason", "alternatives"} <= set(payload["unresolved"][0])


def test_analyze_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", WEEK, *PERSON, "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(frame) == 7
    assert {"date", "magnesium_mg", "coverage", "ca_mg_ratio", "pct_rda"} <= set(frame.columns)


def test_analyze_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", WEEK, *PERSON]) == 0
    captured = capsys.readouterr()
    assert "Mg food mg" in captured.out
    assert "Summary:" in captured.out
    assert "life stage 31-50y" in captured.out
    assert "grandma's sunday casserole" in captured.out
    assert "mgcalc: warning:" in captured.err  # low coverage on some days
    no_nan(captured.out)


def test_unknown_is_printed_as_unknown_never_zero(
    unknown_mg_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(unknown_mg_log), *PERSON]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("2026-11-20"))
    # Almonds are known, the cheese's magnesium is not: coverage < 90 % -> no ratio.
    assert "unknown" in row
    assert "indeterminate" in row
    no_nan(out)


def test_analyze_json_log_and_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "week.json"
    FoodLog.from_csv(WEEK).to_json(path)
    argv = ["analyze", str(path), *PERSON, "--authority", "efsa", "--range", "costello2021"]
    assert main([*argv, "--ratio-of", "days", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["authority"] == "efsa"
    assert summary["ratio_of"] == "days"
    assert summary["ratio_range"]["low"] == 1.70
    assert summary["ul_mg"] == 250.0  # EFSA (SCF 2001)


def test_custom_range(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", WEEK, *PERSON, "--range", "2.0-3.0", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert (summary["ratio_range"]["low"], summary["ratio_range"]["high"]) == (2.0, 3.0)


def test_parse_range() -> None:
    assert parse_range("default").low == 2.2
    assert parse_range("1.5-2.5").high == 2.5
    with pytest.raises(CommandError, match="LOW-HIGH"):
        parse_range("a-b")
    with pytest.raises(CommandError, match="above its high bound"):
        parse_range("3-2")


def test_strict_fails_on_an_unresolved_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", WEEK, *PERSON, "--strict"]) == 2
    assert_one_line_error(capsys.readouterr().err, "could not be resolved")


# -- bad input -------------------------------------------------------------------------------
@pytest.mark.slow  # a whole process (shell command)
def test_missing_file_as_a_shell_command(tmp_path: Path) -> None:
    done = run_mgcalc("analyze", "no-such-log.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert_one_line_error(done.stderr, "no such file or directory: no-such-log.csv")


def test_unreadable_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("when,what\n1,2\n", encoding="utf-8")
    assert main(["analyze", str(path)]) == 2
    assert_one_line_error(capsys.readouterr().err, "no food column")


def test_not_a_mgcalc_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "mgcalc.FoodLog/1"}', encoding="utf-8")
    assert main(["analyze", str(path)]) == 2
    assert_one_line_error(capsys.readouterr().err, "not a mgcalc log")


@pytest.mark.parametrize(
    ("options", "match"),
    [
        (["--age", "-3", "--sex", "female"], "negative"),
        (["--age", "200", "--sex", "female"], "age"),
        (["--age", "34"], "give both --age and --sex"),
        (["--sex", "female"], "give both --age and --sex"),
        (["--pregnant"], "need --age and --sex"),
        (["--age", "34", "--sex", "male", "--pregnant"], "females only"),
        (["--range", "wide"], "costello2021"),
    ],
)
def test_bad_person_or_option(
    options: list[str], match: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", WEEK, *options]) == 2
    assert_one_line_error(capsys.readouterr().err, match)


def test_non_numeric_age_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", WEEK, "--age", "abc", "--sex", "female"]) == 2
    err = capsys.readouterr().err
    assert "invalid float value: 'abc'" in err
    assert "Traceback" not in err


# -- input formats ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Day,Time,Group,Food Name,Amount,Calcium (mg),Magnesium (mg)", "cronometer"),
        ("\ufeffDate,Energy (kcal),Calcium (mg),Magnesium (mg),Completed", "cronometer-daily"),
        ("Date,Meal,Calories,Fat (g),Calcium,Note", "myfitnesspal"),
        ("date,meal,food,amount", "mgcalc"),
    ],
)
def test_input_format_is_sniffed(tmp_path: Path, header: str, expected: str) -> None:
    path = tmp_path / "export.csv"
    path.write_text(header + "\n", encoding="utf-8")
    assert cli._sniff_format(path) == expected


def test_missing_importer_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "dailysummary.csv"
    path.write_text("Date,Magnesium (mg)\n2026-11-20,300\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "mgcalc.importers", types.ModuleType("mgcalc.importers"))
    with pytest.raises(CommandError, match=r"needs mgcalc\.importers\.read_cronometer_daily"):
        read_input(path, "auto")


def test_importer_is_called_for_its_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "servings.csv"
    path.write_text("Day,Food Name,Amount\n2026-11-20,Almonds,28 g\n", encoding="utf-8")
    fake = types.ModuleType("mgcalc.importers")
    calls: list[Path] = []

    def read_cronometer(p: Path) -> FoodLog:
        calls.append(p)
        return FoodLog.from_lines(["1 oz almonds"], date="2026-11-20")

    fake.read_cronometer = read_cronometer  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mgcalc.importers", fake)
    assert len(read_input(path, "cronometer")) == 1
    assert calls == [path]


# -- progress --------------------------------------------------------------------------------
def test_progress_bar_while_pre_resolving() -> None:
    stream = io.StringIO()
    resolver = Resolver(FoodTable.default())
    texts = ["almonds", "spinach boiled", "banana", "brown rice cooked"]
    pre_resolve(resolver, texts, chunk=2, progress=cli._Progress(len(texts), "matching", stream))
    shown = stream.getvalue()
    assert "2/4 (50%)" in shown
    assert shown.rstrip().endswith("4/4 (100%)")
    assert resolver.resolve("almonds").food_id is not None


def test_long_logs_report_progress(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "PROGRESS_MIN_TEXTS", 5)
    assert main(["analyze", WEEK, *PERSON, "--format", "csv"]) == 0
    assert "matching" in capsys.readouterr().err


def test_progress_bar_is_driven_by_the_library(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bar shows the library's own matching progress (the CLI keeps no copy of it)."""
    from mgcalc.analysis import analyze as real_analyze

    given: list[object] = []

    def analyze(log: FoodLog, person: object = None, **options: object) -> IntakeAnalysis:
        given.append(options.get("progress"))
        return real_analyze(log, person, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "analyze", analyze)
    monkeypatch.setattr(cli, "PROGRESS_MIN_TEXTS", 5)
    assert main(["analyze", WEEK, *PERSON, "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert "matching foods [" in err
    assert "(100%)" in err
    assert callable(given[0])


# -- foods -----------------------------------------------------------------------------------
def test_foods_search(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["foods", "search", "almonds", "--limit", "3", "--source", "sr28"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split()[:2] == ["food_id", "score"]
    rows = lines[2:]
    assert len(rows) == 3
    assert all(row.startswith("sr28:") for row in rows)


def test_foods_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["foods", "show", "sr28:11458"]) == 0
    out = capsys.readouterr().out
    assert "Spinach, cooked, boiled, drained, without salt" in out
    assert "87.0 mg/100 g" in out  # SR28 11458
    assert "1 cup (180 g)" in out


def test_foods_show_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["foods", "show", "sr28:99999"]) == 2
    assert_one_line_error(capsys.readouterr().err, "sr28:99999")


# -- report ----------------------------------------------------------------------------------
def test_analyze_without_a_person(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", WEEK, "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["rda_mg"] is None
    assert summary["ul_mg"] == 350.0  # the adult IOM UL when no person is given


def test_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    status = main(["report", WEEK, *PERSON, "-o", str(out)])
    if hasattr(IntakeAnalysis, "to_html"):
        assert status == 0
        assert out.stat().st_size > 0
        assert f"wrote {out}" in capsys.readouterr().out
    else:  # mgcalc.report not there yet: a clear error, no traceback
        assert status == 2
        assert_one_line_error(capsys.readouterr().err, "to_html")


def test_report_needs_an_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", WEEK]) == 2
    assert "-o/--output" in capsys.readouterr().err


# -- --supplements FILE (issue 13) ----------------------------------------------------------------


@pytest.fixture
def supplement_file(tmp_path: Path) -> Path:
    path = tmp_path / "supplements.csv"
    path.write_text(
        "date,product,amount,unit,basis,label\n"
        "2026-11-18,calcium carbonate,1250,mg,compound,\n"
        '2026-11-18,,,,,"Cal-Mag-D, 2 tablets: calcium 500 mg, magnesium 250 mg, '
        'vitamin D3 400 IU"\n'
        "2026-11-18,Vitamin D3,5000,IU,,\n",
        encoding="utf-8",
    )
    return path


def test_analyze_reads_a_supplement_file(
    supplement_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    without = main(["analyze", WEEK, *PERSON, "--format", "json"])
    plain = json.loads(capsys.readouterr().out)["daily"]
    argv = ["analyze", WEEK, *PERSON, "--supplements", str(supplement_file), "--format", "json"]
    assert without == main(argv) == 0
    daily = {row["date"]: row for row in json.loads(capsys.readouterr().out)["daily"]}
    before = {row["date"]: row for row in plain}
    day = daily["2026-11-18"]
    added_ca = day["supplemental_calcium_mg"] - before["2026-11-18"]["supplemental_calcium_mg"]
    assert added_ca == pytest.approx(500.54 + 500.0, abs=0.01)
    added_mg = day["supplemental_magnesium_mg"] - before["2026-11-18"]["supplemental_magnesium_mg"]
    assert added_mg == pytest.approx(250.0)
    assert day["supplemental_vitamin_d_ug"] == pytest.approx(10.0 + 125.0)
    assert day["vitamin_d_ul_status"] == "over"
    assert daily["2026-11-19"] == before["2026-11-19"]  # other days are untouched


def test_report_takes_the_same_option(supplement_file: Path, tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    argv = ["report", WEEK, *PERSON, "--supplements", str(supplement_file), "-o", str(html)]
    assert main(argv) == 0
    assert html.is_file()


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("date,product,amount,unit\n2026-11-18,antacid,400,mg\n",
         r"supplements\.csv: .*names nothing mgcalc reads.*rows 1"),
        ("date,product,amount,unit,kind\n2026-11-18,apple,1,cup,food\n",
         r"supplements\.csv: a supplement file holds supplements.*rows 1"),
        ("date,product,label\n2026-11-18,x,Magnesium -250 mg\n", "must not be negative"),
    ],
)  # fmt: skip
def test_a_bad_supplement_file_is_one_clear_error(tmp_path: Path, content: str, match: str) -> None:
    path = tmp_path / "supplements.csv"
    path.write_text(content, encoding="utf-8")
    done = run_mgcalc("analyze", WEEK, "--supplements", str(path))
    assert done.returncode == 2
    assert_one_line_error(done.stderr, match)


def test_a_missing_supplement_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", WEEK, "--supplements", "nowhere.csv"]) == 2
    assert "nowhere.csv" in capsys.readouterr().err


def test_report_for_a_client(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html, data = tmp_path / "r.html", tmp_path / "r.json"
    status = main([
        "report", WEEK, "--age", "58", "--sex", "female", "--client", "J. Doe",
        "--practice", "Riverside <Nutrition>", "--date", "2026-11-30", "--title", "Visit 1",
        "--period", "First week", "-o", str(html), "--json", str(data),
    ])  # fmt: skip
    assert status == 0
    out = capsys.readouterr().out
    assert f"wrote {html}" in out
    assert f"wrote {data}" in out
    page = html.read_text(encoding="utf-8")
    for text in ("J. Doe", "Riverside &lt;Nutrition&gt;", "30 November 2026", "Visit 1",
                 "First week", '<section id="diary"'):  # fmt: skip
        assert text in page, text
    document = json.loads(data.read_text(encoding="utf-8"))
    assert document["report"]["client"] == "J. Doe"
    assert document["report"]["report_date"] == "2026-11-30"
    assert document["report"]["title"] == "Visit 1"
    assert len(document["entries"]) == document["summary"]["n_entries"]


def test_report_with_a_logo(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    html = tmp_path / "r.html"
    assert main(["report", WEEK, "--logo", str(logo), "-o", str(html)]) == 0
    assert 'src="data:image/svg+xml;base64,' in html.read_text(encoding="utf-8")


def test_report_compares_two_periods(tmp_path: Path) -> None:
    after = Path(__file__).parent / "data" / "report" / "after_week.csv"
    html = tmp_path / "follow-up.html"
    status = main(["report", "--compare", WEEK, str(after), *PERSON, "-o", str(html)])
    assert status == 0
    page = html.read_text(encoding="utf-8")
    assert '<section id="comparison"' in page
    assert "Follow-up: what changed" in page


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["report", "-o", "x.html"], "either LOG or --compare"),
        (["report", WEEK, "--compare", WEEK, WEEK, "-o", "x.html"], "either LOG or --compare"),
        (["report", WEEK, "--date", "30/11/2026", "-o", "x.html"], "YYYY-MM-DD"),
        (["report", WEEK, "--logo", "missing.png", "-o", "x.html"], "cannot read"),
        (["report", WEEK, "-o", "x.html", "--json", "x.html"], "different file names"),
        # the next steps and recipe details (issues 16 and 17)
        (["report", WEEK, *PERSON, "--budget-kcal", "300", "-o", "x.html"], "add --suggest"),
        (["report", WEEK, *PERSON, "--exclude", "nuts", "-o", "x.html"], "add --suggest"),
        (["report", WEEK, "--suggest", "-o", "x.html"], "give --age and --sex"),
        (["report", WEEK, "--recipe-details", "-o", "x.html"], "give --recipes BOOK"),
    ],
)
def test_report_bad_options(
    args: list[str], match: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert_one_line_error(capsys.readouterr().err, match)
    assert list(tmp_path.iterdir()) == []


def test_report_never_overwrites_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "log.csv"
    log.write_bytes(Path(WEEK).read_bytes())
    assert main(["report", str(log), "-o", str(log)]) == 2
    assert_one_line_error(capsys.readouterr().err, "also an input")
    assert log.read_bytes() == Path(WEEK).read_bytes()
    assert main(["report", str(log), "--pdf", str(log)]) == 2
    assert log.read_bytes() == Path(WEEK).read_bytes()


# -- the report's next steps and recipe details (issues 16 and 17) ------------------------------
RECIPES = str(data_file("recipes.json"))


def test_report_with_next_steps_and_recipe_details(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("scipy")
    html, data = tmp_path / "r.html", tmp_path / "r.json"
    status = main([
        "report", WEEK, *PERSON, "--suggest", "--budget-kcal", "300", "--exclude", "nuts,fish",
        "--recipes", RECIPES, "--recipe-details", "-o", str(html), "--json", str(data),
    ])  # fmt: skip
    assert status == 0, capsys.readouterr().err
    page = html.read_text(encoding="utf-8")
    assert '<section id="next-steps"' in page
    assert "leaving out nuts, fish" in page
    assert page.count('<tr class="ingredient"') == len(mg.load_recipes().recipes[0].lines)
    document = json.loads(data.read_text(encoding="utf-8"))
    table = mg.FoodTable.default().with_recipes(mg.load_recipes())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = mg.analyze(mg.FoodLog.from_csv(WEEK), mg.Person(age=34, sex="female"),
                              table=table)  # fmt: skip
    plan = mg.suggest(analysis, energy_budget_kcal=300, exclude=["nuts", "fish"], table=table)
    assert document["suggestion"] == json.loads(plan.model_dump_json())
    for text in [c.text for c in plan.changes] + [s.text for s in plan.shortfalls]:
        assert text.replace("'", "&#39;") in page


def test_report_suggest_without_scipy_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "scipy" else real(name, *a))  # fmt: skip
    html = tmp_path / "r.html"
    assert main(["report", WEEK, *PERSON, "--suggest", "-o", str(html)]) == 2
    assert_one_line_error(capsys.readouterr().err, r"pip install 'mgcalc\[suggest\]'")
    assert not html.exists()  # no report without the next steps it was asked for


def test_suggest_counts_the_supplement_file_and_the_recipe_book(
    supplement_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("scipy")

    def before(*extra: str) -> dict[str, float]:
        assert main(["suggest", WEEK, *PERSON, "--format", "json", *extra]) == 0
        return dict(json.loads(capsys.readouterr().out)["before"])

    plain = before()
    with_doses = before("--supplements", str(supplement_file))
    assert with_doses["max_day_calcium_mg"] > plain["max_day_calcium_mg"]  # 18 Nov's doses
    assert with_doses["magnesium_mg"] > plain["magnesium_mg"]  # the Cal-Mag-D magnesium
    with_book = before("--recipes", RECIPES)
    assert with_book["energy_kcal"] > plain["energy_kcal"]  # the casserole is food now
