"""Charts of an :class:`~mgcalc.analysis.IntakeAnalysis`, as matplotlib figures.

Each function returns a new :class:`matplotlib.figure.Figure` built without pyplot (no
global figure state, no GUI backend), so it is safe in a web service thread and in a
headless job; in Jupyter the figure displays itself. Draw into your own axes with
``ax=``.

- :func:`plot_daily_magnesium`: magnesium per day, food and supplements stacked,
  against the RDA (or AI) and the EAR.
- :func:`plot_ratio`: the Ca:Mg ratio per day against its range band; days whose ratio
  is indeterminate are marked, never drawn as 0.
- :func:`plot_top_sources`: the foods that gave the most magnesium.
- :func:`plot_supplements`: magnesium from supplements and medications per day against
  the upper limit (which concerns them only, never food).

matplotlib is part of the ``report`` extra (``pip install mgcalc[report]``); it is
imported when a chart is first drawn, not with :mod:`mgcalc`.
"""

from __future__ import annotations

import io
import math
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, Literal

import pandas as pd

from mgcalc.errors import MissingExtraError, UnknownOptionError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from mgcalc.analysis import IntakeAnalysis

__all__ = [
    "PLOT_KINDS",
    "PlotKind",
    "figure_to_svg",
    "plot",
    "plot_daily_magnesium",
    "plot_ratio",
    "plot_supplements",
    "plot_top_sources",
]

PlotKind = Literal["daily", "ratio", "sources", "supplements"]
PLOT_KINDS: Final[tuple[PlotKind, ...]] = ("daily", "ratio", "sources", "supplements")
"""The chart keys of :func:`plot` (and :meth:`IntakeAnalysis.plot`)."""

COLOURS: Final = {
    "food": "#3b7a57",
    "water": "#5b9bd5",
    "supplement": "#d08c2b",
    "medication": "#8d5a97",
    "rda": "#1f4e79",
    "ear": "#b03a2e",
    "band": "#cfe3d4",
    "total": "#1f4e79",
    "over": "#b03a2e",
    "muted": "#8a8a8a",
}
"""The palette of every chart (print-friendly, distinguishable in greyscale by pattern)."""

STYLE: Final[dict[str, Any]] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Helvetica", "Arial"],
    "font.size": 9.0,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.labelsize": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "grid.color": "#e3e3e3",
    "grid.linewidth": 0.6,
    "legend.fontsize": 8.0,
    "legend.frameon": False,
    "xtick.labelsize": 8.0,
    "ytick.labelsize": 8.0,
    "svg.fonttype": "none",
}
"""The rc settings every chart is drawn with, so that output does not depend on the
user's matplotlibrc."""

# matplotlib's rcParams are process-global; drawing and saving under one lock keeps two
# threads from seeing each other's temporary settings.
_RC_LOCK: Final = threading.RLock()


def _require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401  # imported for its availability only
    except ImportError as exc:
        raise MissingExtraError("matplotlib", "report") from exc


@contextmanager
def _style(extra: dict[str, Any] | None = None) -> Iterator[None]:
    _require_matplotlib()
    import matplotlib

    settings: Any = {**STYLE, **(extra or {})}
    with _RC_LOCK, matplotlib.rc_context(settings):
        yield


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    if ax is not None:
        figure = ax.get_figure()
        if not isinstance(figure, Figure):  # pragma: no cover - a SubFigure
            figure = figure.figure  # type: ignore[union-attr]
        return figure, ax
    figure = Figure(figsize=size, layout="constrained")
    return figure, figure.add_subplot()


def _day_labels(daily: pd.DataFrame) -> list[str]:
    dates = pd.to_datetime(daily["date"]).dt.strftime("%a %d %b").tolist()
    if len(set(daily["person_id"])) > 1:
        return [f"{p}\n{d}" for p, d in zip(daily["person_id"].astype(str), dates, strict=True)]
    return dates


MAX_DAY_LABELS: Final = 8
"""At most this many day labels on a chart's axis (a long log labels every n-th day)."""
MAX_DAY_NOTES: Final = 14
"""Charts of more days than this leave out the per-day notes ("89% known", "n/a"), which
would overlap; the report's tables still give them day by day."""


def _day_ticks(axes: Axes, daily: pd.DataFrame) -> None:
    """Label the days on the x axis: every day, or every n-th of a long log."""
    labels = _day_labels(daily)
    step = max(1, math.ceil(len(labels) / MAX_DAY_LABELS))
    x = list(range(0, len(labels), step))
    axes.set_xticks(x, labels=[labels[i] for i in x])


def _floats(series: pd.Series) -> list[float]:
    return [float(v) for v in pd.to_numeric(series, errors="coerce").astype("float64")]


def _no_math(ax: Axes) -> None:
    """Show user text literally: "$5 salad" is not mathtext."""
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_parse_math(False)


def _empty(ax: Axes, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes,
            color=COLOURS["muted"])  # fmt: skip
    ax.set_xticks([])
    ax.set_yticks([])


def _select(daily: pd.DataFrame, person_id: str | None) -> pd.DataFrame:
    if person_id is None:
        return daily.reset_index(drop=True)
    return daily[daily["person_id"] == person_id].reset_index(drop=True)


def plot_daily_magnesium(
    analysis: IntakeAnalysis, *, person_id: str | None = None, ax: Axes | None = None
) -> Figure:
    """Magnesium per day: food, water and supplements stacked, against the RDA (or AI) and
    EAR.

    Parameters
    ----------
    analysis
        The result of :func:`mgcalc.analyze`.
    person_id
        Only this person's days (all days by default).
    ax
        Draw into these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        Bars [mg/day]: food magnesium (the sum of known values; a day with less than
        full coverage is labelled with it), drinking water (the known drinks; drawn when
        any was logged), supplements and medications on top.
        Horizontal lines: the RDA/AI and the EAR of the person's life stage, if any.

    References
    ----------
    .. [1] IOM (1997). DRI for Calcium, Phosphorus, Magnesium, Vitamin D, and Fluoride.
    """
    daily = _select(analysis.daily, person_id)
    with _style():
        figure, axes = _new_axes(ax, (7.2, 3.2))
        axes.set_title("Magnesium per day")
        if daily.empty:
            _empty(axes, "no days logged")
            return figure
        x = list(range(len(daily)))
        food = _floats(daily["magnesium_mg"])
        supplement = _floats(daily["supplement_magnesium_mg"])
        medication = _floats(daily["medication_magnesium_mg"])
        water = [0.0 if math.isnan(v) else v for v in _floats(daily["water_magnesium_mg"])]
        food_drawn = [0.0 if math.isnan(v) else v for v in food]  # bar height only
        axes.bar(x, food_drawn, color=COLOURS["food"], label="food", width=0.65)
        if any(v > 0 for v in water):
            axes.bar(x, water, bottom=food_drawn, color=COLOURS["water"], label="water",
                     width=0.65)  # fmt: skip
            food_drawn = [a + b for a, b in zip(food_drawn, water, strict=True)]
        axes.bar(x, supplement, bottom=food_drawn, color=COLOURS["supplement"],
                 label="supplements", width=0.65)  # fmt: skip
        bottom = [a + b for a, b in zip(food_drawn, supplement, strict=True)]
        if any(v > 0 for v in medication):
            axes.bar(x, medication, bottom=bottom, color=COLOURS["medication"],
                     label="medications", width=0.65)  # fmt: skip
        tops = [a + b for a, b in zip(bottom, medication, strict=True)]
        coverage = _floats(daily["coverage"])
        notes = len(daily) <= MAX_DAY_NOTES
        for i, (top, cov, value) in enumerate(zip(tops, coverage, food, strict=True)):
            if not notes:
                break
            if math.isnan(value):
                axes.annotate("food\nunknown", (i, top), ha="center", va="bottom",
                              fontsize=7, color=COLOURS["muted"])  # fmt: skip
            elif not math.isnan(cov) and cov < 1.0:
                axes.annotate(f"{cov:.0%}\nknown", (i, top), ha="center", va="bottom",
                              fontsize=7, color=COLOURS["muted"])  # fmt: skip
        rda = _floats(daily["rda_mg"])
        ear = _floats(daily["ear_mg"])
        kind = "RDA"
        if analysis.references is not None and analysis.references.magnesium_target_kind:
            kind = analysis.references.magnesium_target_kind
        if rda and not math.isnan(rda[0]):
            axes.axhline(rda[0], color=COLOURS["rda"], linewidth=1.4,
                         label=f"{kind} {rda[0]:g} mg/day")  # fmt: skip
        if ear and not math.isnan(ear[0]):
            axes.axhline(ear[0], color=COLOURS["ear"], linewidth=1.2, linestyle="--",
                         label=f"EAR {ear[0]:g} mg/day")  # fmt: skip
        _day_ticks(axes, daily)
        axes.set_ylabel("magnesium [mg/day]")
        axes.set_ylim(0, max([*tops, *(v for v in rda if not math.isnan(v)), 1.0]) * 1.18)
        axes.legend(loc="upper left", ncols=5, bbox_to_anchor=(0, -0.14))
        _no_math(axes)
    return figure


def _range_source(name: str) -> str:
    """The range's source for a legend (none for the default or a custom range)."""
    return {"costello2021": " (Costello et al. 2021)"}.get(name, "")


def plot_ratio(
    analysis: IntakeAnalysis, *, person_id: str | None = None, ax: Axes | None = None
) -> Figure:
    """The Ca:Mg ratio per day against its range band, food only and with supplements.

    Parameters
    ----------
    analysis
        The result of :func:`mgcalc.analyze`.
    person_id
        Only this person's days (all days by default).
    ax
        Draw into these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        Points: the ratio by mass [mg/mg]; the shaded band is the range (inclusive).
        Days whose ratio is indeterminate (magnesium unknown, or coverage below the
        threshold) are marked "n/a" on the axis, never drawn as a number.

    References
    ----------
    .. [1] Costello RB et al. (2021). *Adv Nutr* 12(2):291-297. doi:10.1093/advances/nmaa160
    """
    daily = _select(analysis.daily, person_id)
    band = analysis.summary.ratio_range
    with _style():
        figure, axes = _new_axes(ax, (7.2, 3.0))
        axes.set_title("Calcium : magnesium ratio per day (by mass)")
        if daily.empty:
            _empty(axes, "no days logged")
            return figure
        x = list(range(len(daily)))
        food = _floats(daily["ca_mg_ratio"])
        total = _floats(daily["total_ca_mg_ratio"])
        band_label = f"range {band.low:g}-{band.high:g}{_range_source(band.name)}"
        axes.axhspan(band.low, band.high, color=COLOURS["band"], zorder=0, label=band_label)
        axes.plot(x, food, marker="o", linestyle="none", color=COLOURS["food"],
                  label="food only", markersize=6)  # fmt: skip
        axes.plot(x, total, marker="D", linestyle="none", markerfacecolor="none",
                  color=COLOURS["total"], label="food + supplements", markersize=6)  # fmt: skip
        known = [v for v in [*food, *total] if not math.isnan(v)]
        top = max([*known, band.high]) * 1.2
        for i, (value, t_value) in enumerate(zip(food, total, strict=True)):
            if len(daily) <= MAX_DAY_NOTES and math.isnan(value) and math.isnan(t_value):
                axes.annotate("n/a", (i, top * 0.04), ha="center", va="bottom", fontsize=7,
                              color=COLOURS["muted"])  # fmt: skip
        axes.set_ylim(0, top)
        _day_ticks(axes, daily)
        axes.set_ylabel("Ca:Mg [mg/mg]")
        axes.legend(loc="upper left", ncols=3, bbox_to_anchor=(0, -0.14))
        _no_math(axes)
    return figure


def plot_top_sources(analysis: IntakeAnalysis, n: int = 10, *, ax: Axes | None = None) -> Figure:
    """The ``n`` foods that gave the most magnesium over the log.

    Parameters
    ----------
    analysis
        The result of :func:`mgcalc.analyze`.
    n
        How many foods.
    ax
        Draw into these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        Horizontal bars: magnesium over the whole log [mg], labelled with the food's
        description and its share of the known food magnesium.
    """
    sources = analysis.top_sources(n)
    with _style():
        height = 1.0 + 0.28 * max(len(sources), 3)
        figure, axes = _new_axes(ax, (7.2, height))
        axes.set_title(f"Top {n} food sources of magnesium (whole log)")
        if sources.empty:
            _empty(axes, "no food with a known magnesium value")
            return figure
        sources = sources.iloc[::-1].reset_index(drop=True)
        y = list(range(len(sources)))
        values = _floats(sources["magnesium_mg"])
        axes.barh(y, values, color=COLOURS["food"], height=0.65)
        labels = [_shorten(str(d)) for d in sources["description"]]
        axes.set_yticks(y, labels=labels)
        for i, (value, share) in enumerate(zip(values, _floats(sources["share"]), strict=True)):
            axes.annotate(f" {value:.0f} mg ({share:.0%})", (value, i), va="center", fontsize=7)
        axes.set_xlim(0, max(values) * 1.25 if values else 1.0)
        axes.set_xlabel("magnesium [mg]")
        axes.grid(axis="x")
        axes.grid(axis="y", visible=False)
        _no_math(axes)
    return figure


def _shorten(text: str, width: int = 48) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def plot_supplements(
    analysis: IntakeAnalysis, *, person_id: str | None = None, ax: Axes | None = None
) -> Figure:
    """Magnesium from supplements and medications per day, against the upper limit.

    Food magnesium is not drawn: the UL concerns supplements and medications only.

    Parameters
    ----------
    analysis
        The result of :func:`mgcalc.analyze`.
    person_id
        Only this person's days (all days by default).
    ax
        Draw into these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        Stacked bars [mg/day]: supplements and medications; days above the UL are
        outlined and labelled. The dashed line is the UL of the person's life stage.

    References
    ----------
    .. [1] IOM (1997), p. 242; IOM (2000), Summary Table: Tolerable Upper Intake Levels,
       footnote b ("intake from a pharmacological agent only").
    """
    daily = _select(analysis.daily, person_id)
    with _style():
        figure, axes = _new_axes(ax, (7.2, 3.0))
        axes.set_title("Supplemental magnesium per day vs the upper limit (UL)")
        if daily.empty:
            _empty(axes, "no days logged")
            return figure
        x = list(range(len(daily)))
        supplement = _floats(daily["supplement_magnesium_mg"])
        medication = _floats(daily["medication_magnesium_mg"])
        axes.bar(x, supplement, color=COLOURS["supplement"], label="supplements", width=0.65)
        axes.bar(x, medication, bottom=supplement, color=COLOURS["medication"],
                 label="medications", width=0.65)  # fmt: skip
        tops = [a + b for a, b in zip(supplement, medication, strict=True)]
        ul = _floats(daily["ul_mg"])
        over = daily["ul_exceeded"].astype(bool).tolist()
        for i, (top, is_over) in enumerate(zip(tops, over, strict=True)):
            if is_over:
                axes.annotate("over UL", (i, top), ha="center", va="bottom", fontsize=7,
                              color=COLOURS["over"], fontweight="bold")  # fmt: skip
        if ul and not math.isnan(ul[0]):
            axes.axhline(ul[0], color=COLOURS["over"], linestyle="--", linewidth=1.3,
                         label=f"UL {ul[0]:g} mg/day (supplements + medications)")  # fmt: skip
        else:
            axes.annotate("no UL established for this life stage", (0.01, 0.92),
                          xycoords="axes fraction", fontsize=8,
                          color=COLOURS["muted"])  # fmt: skip
        _day_ticks(axes, daily)
        axes.set_ylabel("magnesium [mg/day]")
        limit = max([*tops, *(v for v in ul if not math.isnan(v)), 1.0])
        axes.set_ylim(0, limit * 1.2)
        axes.legend(loc="upper left", ncols=3, bbox_to_anchor=(0, -0.14))
        _no_math(axes)
    return figure


_PLOTTERS: Final[dict[str, Callable[..., Figure]]] = {
    "daily": plot_daily_magnesium,
    "ratio": plot_ratio,
    "sources": plot_top_sources,
    "supplements": plot_supplements,
}


def plot(analysis: IntakeAnalysis, kind: PlotKind = "daily", **kwargs: Any) -> Figure:
    """One chart of an analysis, by key.

    Parameters
    ----------
    analysis
        The result of :func:`mgcalc.analyze`.
    kind
        ``"daily"`` (:func:`plot_daily_magnesium`), ``"ratio"`` (:func:`plot_ratio`),
        ``"sources"`` (:func:`plot_top_sources`) or ``"supplements"``
        (:func:`plot_supplements`).
    **kwargs
        Passed on to that function (``ax=``, ``person_id=``, ``n=``).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    UnknownOptionError
        For another ``kind``, listing the valid ones.
    MissingExtraError
        If matplotlib is not installed (``pip install mgcalc[report]``).
    """
    if kind not in _PLOTTERS:
        raise UnknownOptionError("kind", kind, PLOT_KINDS)
    return _PLOTTERS[kind](analysis, **kwargs)


def figure_to_svg(figure: Figure, salt: str = "mgcalc") -> str:
    """The figure as an SVG element for inlining in HTML, byte-identical for equal input.

    Text stays text (``svg.fonttype="none"``), the date is left out, the ids are derived
    from ``salt`` (give each chart of a page its own, so that ids do not collide), and
    the XML prolog and metadata are dropped.

    Parameters
    ----------
    figure
        A matplotlib figure.
    salt
        The ``svg.hashsalt`` for the element ids.

    Returns
    -------
    str
        ``<svg ...>...</svg>``.
    """
    buffer = io.StringIO()
    with _style({"svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.DOTALL)
    return svg.strip() + "\n"
