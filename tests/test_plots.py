"""Tests of mgcalc.plots: the charts of an analysis, drawn without pyplot, with unknown
values never drawn as 0, and byte-identical SVG for the same input."""

from __future__ import annotations

import math
import threading
import warnings

import pandas as pd
import pytest

import mgcalc as mg
from mgcalc.analysis import IntakeAnalysis
from mgcalc.errors import UnknownOptionError
from mgcalc.plots import (
    PLOT_KINDS,
    figure_to_svg,
    plot,
    plot_daily_magnesium,
    plot_ratio,
    plot_supplements,
    plot_top_sources,
)

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.figure import Figure  # noqa: E402  # after the importorskip


@pytest.fixture(scope="module")
def analysis() -> IntakeAnalysis:
    frame = pd.DataFrame(
        {
            "date": ["2026-01-05", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-07"],
            "food": [
                "1 oz almonds",
                "1 cup plain yogurt, low fat",
                "grandma's sunday casserole",
                "1 cup spinach, boiled",
                "Milk of Magnesia",
            ],
            "amount": [None, None, None, None, 2400.0],
            "unit": [None, None, None, None, "mg"],
            "kind": ["food", "food", "food", "food", "medication"],
            "basis": [None, None, None, None, "compound"],
            "form": [None, None, None, None, "magnesium hydroxide"],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return mg.analyze(mg.FoodLog.from_frame(frame), mg.Person(age=40, sex="female"))


@pytest.mark.parametrize("kind", PLOT_KINDS)
def test_every_kind_returns_a_figure(analysis: IntakeAnalysis, kind: str) -> None:
    figure = analysis.plot(kind)
    assert isinstance(figure, Figure)
    assert figure.axes
    assert figure.axes[0].get_title()


def test_daily_chart_draws_rda_and_ear(analysis: IntakeAnalysis) -> None:
    ax = plot_daily_magnesium(analysis).axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert "RDA 320 mg/day" in labels
    assert "EAR 265 mg/day" in labels
    texts = [t.get_text() for t in ax.texts]
    assert "food\nunknown" in texts  # the unresolved-only day is not drawn as a known 0


def test_ratio_chart_never_draws_an_indeterminate_day(analysis: IntakeAnalysis) -> None:
    ax = plot_ratio(analysis).axes[0]
    food = ax.get_lines()[0].get_ydata()
    flags = analysis.daily["ratio_flag"].astype(str).tolist()
    for value, flag in zip(food, flags, strict=True):
        assert (flag == "indeterminate") == math.isnan(float(value))
    assert "n/a" in [t.get_text() for t in ax.texts]
    band = analysis.summary.ratio_range
    assert any(f"{band.low:g}-{band.high:g}" in str(p.get_label()) for p in ax.patches)


def test_supplement_chart_flags_the_day_over_the_ul(analysis: IntakeAnalysis) -> None:
    ax = plot_supplements(analysis).axes[0]
    assert "over UL" in [t.get_text() for t in ax.texts]
    assert any("UL 350" in str(line.get_label()) for line in ax.get_lines())


def test_top_sources_are_the_biggest_first(analysis: IntakeAnalysis) -> None:
    ax = plot_top_sources(analysis, 3).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1].startswith("Spinach")  # drawn bottom-up: the top bar is the first


def test_plots_into_given_axes(analysis: IntakeAnalysis) -> None:
    figure = Figure()
    ax = figure.add_subplot()
    assert plot(analysis, "ratio", ax=ax) is figure


def test_unknown_kind_is_refused(analysis: IntakeAnalysis) -> None:
    with pytest.raises(UnknownOptionError, match="kind='pie' is not valid"):
        plot(analysis, "pie")  # type: ignore[arg-type]


def test_svg_is_deterministic_and_inert(analysis: IntakeAnalysis) -> None:
    first = figure_to_svg(plot_daily_magnesium(analysis), salt="a")
    second = figure_to_svg(plot_daily_magnesium(analysis), salt="a")
    assert first == second
    assert first.startswith("<svg")
    assert "<metadata>" not in first
    assert "<dc:date>" not in first
    assert first != figure_to_svg(plot_daily_magnesium(analysis), salt="b")  # ids differ


def test_user_text_is_literal_in_charts() -> None:
    table = mg.FoodTable.default().with_foods(
        [
            mg.Food(
                food_id="custom:x",
                description="$5 salad <script>",
                magnesium_mg_per_100g=50.0,
                calcium_mg_per_100g=20.0,
                source="custom",
            )
        ]
    )
    log = mg.FoodLog.from_frame(
        pd.DataFrame(
            {
                "date": ["2026-01-01"],
                "food": ["salad"],
                "amount": [100.0],
                "unit": ["g"],
                "food_id": ["custom:x"],
            }
        )
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = mg.analyze(log, mg.Person(age=30, sex="male"), table=table)
    svg = figure_to_svg(plot_top_sources(analysis))
    assert "$5 salad &lt;script&gt;" in svg
    assert "<script" not in svg


def test_charts_can_be_drawn_from_threads(analysis: IntakeAnalysis) -> None:
    results: list[str] = []

    def draw() -> None:
        results.append(figure_to_svg(plot_ratio(analysis), salt="t"))

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert len(set(results)) == 1


def test_a_long_log_labels_every_nth_day_and_drops_the_day_notes() -> None:
    from mgcalc.plots import MAX_DAY_LABELS, MAX_DAY_NOTES, plot_daily_magnesium

    def log_of(n_days: int) -> IntakeAnalysis:
        days = list(pd.date_range("2026-01-01", periods=n_days, freq="D").strftime("%Y-%m-%d"))
        frame = pd.DataFrame(
            {"date": days * 2, "food": ["1 oz almonds"] * n_days + ["glass of pinot noir"] * n_days}
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return mg.analyze(mg.FoodLog.from_frame(frame))  # fmt: skip

    long = log_of(40)
    ax = plot_daily_magnesium(long).axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert 1 < len(labels) <= MAX_DAY_LABELS
    assert labels[0] == "Thu 01 Jan"
    assert len(long.daily) > MAX_DAY_NOTES
    assert not [t for t in ax.texts if "known" in t.get_text()]  # 40 notes would overlap
    texts = [t.get_text() for t in plot_daily_magnesium(log_of(5)).axes[0].texts]
    assert len([t for t in texts if t.endswith("%\nknown")]) == 5  # a short log keeps them


def test_daily_chart_stacks_water_between_food_and_supplements() -> None:
    log = mg.FoodLog.from_lines(["1 oz almonds", "1.5 l Hépar"], date="2026-01-05")
    log.add("1 oz almonds", date="2026-01-06")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = mg.analyze(log, mg.Person(age=40, sex="female"))
    ax = plot_daily_magnesium(analysis).axes[0]
    bars = {str(c.get_label()): c for c in ax.containers}
    assert list(bars)[:2] == ["food", "water"]
    water = [patch.get_height() for patch in bars["water"]]
    assert water == pytest.approx(analysis.daily["water_magnesium_mg"].tolist())
    assert water[0] > 0
    assert water[1] == 0  # the day without a drink draws none
    food = [patch.get_height() for patch in bars["food"]]
    assert [p.get_y() for p in bars["water"]] == pytest.approx(food)  # on top of the food
    no_water = plot_daily_magnesium(
        mg.analyze(mg.FoodLog.from_lines(["1 oz almonds"], date="2026-01-05"))
    )
    assert "water" not in [str(c.get_label()) for c in no_water.axes[0].containers]
