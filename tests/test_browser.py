"""Tests of mgcalc.report in a real browser: the report made by ``mgcalc report`` opens in
headless Chromium with no console error, every section and chart laid out, no table wider
than its container (on screen and at A4 print width), a full-page screenshot that is not
blank; and its PDF has A4 pages, each with the running header and "Page N of M", rendered
to images that are not blank. Skipped where Chromium is not installed (CI installs
Debian's ``chromium``)."""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pytest

import mgcalc as mg
from mgcalc._data import data_file
from mgcalc.cli import main
from mgcalc.errors import ReportError
from mgcalc.records import ReportInfo
from mgcalc.report.pdf import A4_MM, PAGE_MARGINS_MM, Browser, find_chromium, print_html

CHROMIUM = find_chromium()

# CI installs Debian's chromium (.ci/run), so there a missing browser is a failure, not a
# skip; on a developer's machine without it these tests are skipped and say why.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None and os.environ.get("CI") != "true",
        reason="Chromium is not installed (apt-get install chromium)",
    ),
]

SECTIONS = ("summary", "next-steps", "profile", "daily", "calcium", "ratio", "supplements",
            "water", "diary", "meals", "sources", "quality", "methodology")  # fmt: skip
CHARTS = ("daily", "ratio", "supplements", "sources")
HOSTILE = "<script>alert(1)</script>"
CSS_PX_PER_MM = 96 / 25.4
PRINT_WIDTH_PX = round((A4_MM[0] - PAGE_MARGINS_MM["left"] - PAGE_MARGINS_MM["right"])
                       * CSS_PX_PER_MM)  # fmt: skip
"""The width of the printed page's content box [CSS px]."""

LAYOUT = """(() => {
  const boxes = {};
  for (const el of document.querySelectorAll("section[id], figure.chart")) {
    const r = el.getBoundingClientRect();
    const svg = el.matches("figure") ? el.querySelector("svg") : null;
    const s = svg ? svg.getBoundingClientRect() : null;
    boxes[el.id] = {height: r.height, width: r.width,
                    svg: s ? {height: s.height, width: s.width,
                              nodes: svg.querySelectorAll("path, text").length} : null};
  }
  const overflowing = [];
  document.querySelectorAll("table").forEach((table, i) => {
    const container = table.parentElement.getBoundingClientRect().width;
    const width = table.getBoundingClientRect().width;
    if (width > container + 0.5 || table.scrollWidth > table.clientWidth + 1) {
      overflowing.push({index: i, width: width, container: container,
                        text: table.innerText.slice(0, 80)});
    }
  });
  return {boxes: boxes, overflowing: overflowing, tables: document.querySelectorAll("table").length,
          scripts: document.scripts.length,
          width: document.documentElement.scrollWidth,
          viewport: document.documentElement.clientWidth,
          height: document.documentElement.scrollHeight};
})()"""
"""Measures what was laid out: sections, charts, every table against its container."""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Done-when command: mgcalc report LOG --age 58 --sex female --client ... -o --pdf,
    with drinks of water (a range, the client's tap water, an unbranded one), the next
    steps and the recipe book's ingredients in the diary."""
    folder = tmp_path_factory.mktemp("browser")
    log = folder / "log.csv"
    shutil.copy(data_file("example_week.csv"), log)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"2026-11-22,snack,{HOSTILE},,,,,,\n")
        for day, line in (("16", "500 ml San Pellegrino"), ("16", "2 glasses tap water"),
                          ("17", "a bottle of mineral water"), ("18", "1.5 l Hépar")):  # fmt: skip
            handle.write(f"2026-11-{day},lunch,{line},,,,,,\n")
    html, pdf = folder / "r.html", folder / "r.pdf"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        status = main([
            "report", str(log), "--age", "58", "--sex", "female", "--client", "J. Doe",
            "--practice", "Riverside Nutrition Clinic", "--date", "2026-11-30",
            "--tap-water-mg", "12", "--tap-water-ca", "40", "--suggest",
            "--recipes", str(data_file("recipes.json")), "--recipe-details",
            "-o", str(html), "--pdf", str(pdf),
        ])  # fmt: skip
    assert status == 0
    return {"html": html, "pdf": pdf, "folder": folder}


def test_harness_sees_console_errors(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text('<p>x</p><script>throw new Error("boom")</script>', encoding="utf-8")
    with Browser() as browser:
        browser.open(page.as_uri())
        assert any("boom" in message for message in browser.console)


def test_html_lays_out_every_section_without_errors(files: dict[str, Path]) -> None:
    with Browser(window=(1100, 1400)) as browser:
        browser.open(files["html"].as_uri())
        layout = browser.evaluate(LAYOUT)
        assert browser.console == []
        escaped = browser.evaluate(f"document.body.innerHTML.includes({'&lt;script&gt;'!r})")
    assert layout["scripts"] == 0  # the hostile food stayed text
    assert escaped
    for section in SECTIONS:
        assert layout["boxes"][section]["height"] > 40, section
    for chart in CHARTS:
        svg = layout["boxes"][f"chart-{chart}"]["svg"]
        assert svg["width"] > 300, chart
        assert svg["height"] > 100, chart
        assert svg["nodes"] > 10, chart


@pytest.mark.parametrize(("media", "width"), [("screen", 1100), ("print", PRINT_WIDTH_PX)])
def test_no_table_is_wider_than_its_container(
    files: dict[str, Path], media: str, width: int
) -> None:
    with Browser(window=(width, 1200)) as browser:
        browser.open(files["html"].as_uri(), media=media)
        layout = browser.evaluate(LAYOUT)
    assert layout["tables"] > 15
    assert layout["overflowing"] == []
    assert layout["width"] <= layout["viewport"]  # nothing scrolls sideways


def test_html_screenshot_is_laid_out_and_not_blank(files: dict[str, Path]) -> None:
    image_module = pytest.importorskip("PIL.Image")
    with Browser(window=(1100, 1400)) as browser:
        browser.open(files["html"].as_uri())
        height = browser.evaluate("document.documentElement.scrollHeight")
        png = browser.screenshot()
    shot = files["folder"] / "report.png"
    shot.write_bytes(png)
    with image_module.open(shot) as image:
        rgb = image.convert("RGB")
    assert rgb.size == (1100, height)
    assert height > 5000  # the whole report, diary included
    for top in range(0, height - 600, 600):  # every band of the page has content
        colours = rgb.crop((0, top, 1100, top + 600)).getcolors(maxcolors=1_000_000)
        assert colours is not None, top
        assert len(colours) > 20, top


def test_every_pdf_page_has_the_header_and_its_number(files: dict[str, Path]) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(files["pdf"]))
    try:
        n = len(document)
        assert n >= 5
        for i in range(n):
            page = document[i]
            width, height = page.get_size()  # [pt]
            assert width == pytest.approx(A4_MM[0] / 25.4 * 72, abs=1)
            assert height == pytest.approx(A4_MM[1] / 25.4 * 72, abs=1)
            text = page.get_textpage().get_text_range()
            for expected in ("Riverside Nutrition Clinic", "Client: J. Doe",
                             f"Page {i + 1} of {n}", "Report of 30 November 2026"):  # fmt: skip
                assert expected in text, (i + 1, expected)
    finally:
        document.close()


def test_every_pdf_page_renders_and_is_not_blank(files: dict[str, Path]) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(files["pdf"]))
    try:
        for i in range(len(document)):
            image = document[i].render(scale=1).to_pil().convert("RGB")
            image.save(files["folder"] / f"page-{i + 1}.png")
            assert image.size == (596, 842)
            header = image.crop((0, 0, 596, 50))  # the running header's band
            footer = image.crop((0, 792, 596, 842))  # the footer's band
            body = image.crop((0, 60, 596, 780))
            for band, name in ((header, "header"), (footer, "footer"), (body, "body")):
                darkest = band.convert("L").getextrema()[0]
                assert darkest < 160, (i + 1, name)
            colours = body.getcolors(maxcolors=1_000_000)
            assert colours is not None
            assert len(colours) > 10, i + 1
    finally:
        document.close()


def test_a_print_that_fails_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    with pytest.raises(ReportError, match="did not answer within"):
        print_html("<p>x</p>", target, info=ReportInfo(), period="x", timeout=0.001)
    assert list(tmp_path.iterdir()) == []


def test_compare_report_prints(tmp_path: Path) -> None:
    after = Path(__file__).parent / "data" / "report" / "after_week.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        status = main([
            "report", "--compare", str(data_file("example_week.csv")), str(after),
            "--age", "58", "--sex", "female", "--client", "J. Doe", "--date", "2026-12-14",
            "--pdf", str(tmp_path / "c.pdf"),
        ])  # fmt: skip
    assert status == 0
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.pdf"]


def test_analysis_to_pdf(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = mg.analyze(mg.FoodLog.from_csv(data_file("example_week.csv")))
    path = analysis.to_pdf(tmp_path / "r.pdf", client="A-17", report_date="2026-01-02")
    assert path.read_bytes().startswith(b"%PDF-")
