"""Tests of mgcalc.report in a real browser: the report opened in headless Chromium
renders every section and chart with no console error, looks non-blank, and prints to
PDF. Skipped where Chromium is not installed (CI installs Debian's ``chromium``)."""

from __future__ import annotations

import html as html_module
import json
import os
import re
import subprocess
import tempfile
import warnings
from pathlib import Path

import pytest

import mgcalc as mg
from mgcalc._data import data_file
from mgcalc.analysis import IntakeAnalysis
from mgcalc.report import find_chromium
from mgcalc.report.html import CHROMIUM_FLAGS

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

SECTIONS = ("summary", "profile", "daily", "ratio", "supplements", "meals", "sources",
            "quality", "methodology")  # fmt: skip
CHARTS = ("daily", "ratio", "supplements", "sources")

# Appended to a copy of the report (the report itself has no script): measures what
# was laid out and writes it into the DOM, which --dump-dom prints.
PROBE = """
<script>
const boxes = {};
for (const el of document.querySelectorAll("section[id], figure.chart")) {
  const r = el.getBoundingClientRect();
  const svg = el.matches("figure") ? el.querySelector("svg") : null;
  const s = svg ? svg.getBoundingClientRect() : null;
  const nodes = svg ? svg.querySelectorAll("path, text").length : 0;
  boxes[el.id] = {height: r.height, width: r.width,
                  svg: s ? {height: s.height, width: s.width, nodes: nodes} : null};
}
const pre = document.createElement("pre");
pre.id = "mgcalc-probe";
pre.textContent = JSON.stringify(boxes);
document.body.appendChild(pre);
</script>
"""


def chromium(*args: str, timeout: float = 90.0) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="mgcalc-test-chromium-") as profile:
        return subprocess.run(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def console_messages(stderr: str) -> list[str]:
    """The page's console output and uncaught errors, from Chromium's log."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


@pytest.fixture(scope="module")
def analysis() -> IntakeAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        log = mg.FoodLog.from_csv(data_file("example_week.csv"))
        log = log.add("<script>alert(1)</script>", date="2026-11-22", meal="snack")
        return mg.analyze(log, mg.Person(age=34, sex="female"))


@pytest.fixture(scope="module")
def report(analysis: IntakeAnalysis, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    return analysis.to_html(folder / "report.html", client="<b>client</b>")


def test_harness_sees_console_errors(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text('<p>x</p><script>throw new Error("boom")</script>', encoding="utf-8")
    done = chromium("--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri())
    assert any("Uncaught Error: boom" in line for line in console_messages(done.stderr))


def test_every_section_and_chart_renders_without_console_errors(
    report: Path, tmp_path: Path
) -> None:
    probed = tmp_path / "probed.html"
    html = report.read_text(encoding="utf-8")
    probed.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = chromium(
        "--enable-logging=stderr", "--v=0", "--window-size=1100,1400", "--dump-dom",
        probed.as_uri(),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_messages(done.stderr) == []
    assert "<script>alert(1)" not in done.stdout  # the hostile food stayed text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in done.stdout
    start = done.stdout.index('<pre id="mgcalc-probe">') + len('<pre id="mgcalc-probe">')
    boxes = json.loads(
        html_module.unescape(done.stdout[start : done.stdout.index("</pre>", start)])
    )
    for section in SECTIONS:
        assert boxes[section]["height"] > 40, section
    for chart in CHARTS:
        svg = boxes[f"chart-{chart}"]["svg"]
        assert svg["width"] > 300, chart
        assert svg["height"] > 100, chart
        assert svg["nodes"] > 10, chart


def test_screenshot_is_not_blank(report: Path, tmp_path: Path) -> None:
    image_module = pytest.importorskip("PIL.Image")
    shot = tmp_path / "report.png"
    done = chromium("--hide-scrollbars", "--window-size=1100,3000", f"--screenshot={shot}",
                    report.as_uri())  # fmt: skip
    assert shot.is_file(), done.stderr[-2000:]
    with image_module.open(shot) as image:
        rgb = image.convert("RGB")
        assert rgb.size == (1100, 3000)
        for top in range(0, 3000, 500):  # every band of the page has content
            band = rgb.crop((0, top, 1100, top + 500))
            colours = band.getcolors(maxcolors=1_000_000)
            assert colours is not None, top
            assert len(colours) > 20, top


def test_prints_to_pdf(analysis: IntakeAnalysis, tmp_path: Path) -> None:
    path = analysis.to_pdf(tmp_path / "report.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 50_000
    pages = re.search(rb"/Count (\d+)", data)
    assert pages is not None
    assert int(pages.group(1)) >= 3
