"""The one hook between the domain and its presentation.

Domain objects (:class:`~mgcalc.FoodLog`, :class:`~mgcalc.IntakeAnalysis`, ...) display
themselves in Jupyter and write reports, but the domain never imports the presentation
modules: it looks the renderer up here, by name, when one is asked for. The presentation
modules import the domain, never the other way round, so the import graph has no cycle.
"""

from __future__ import annotations

import importlib
from types import MappingProxyType
from typing import Any, Final

__all__ = ["PRESENTERS", "presenter", "render"]

PRESENTERS: Final = MappingProxyType(
    {
        "display": "mgcalc.display",
        "report": "mgcalc.report.html",
        "pdf": "mgcalc.report.pdf",
        "export": "mgcalc.report.export",
        "plots": "mgcalc.plots",
    }
)
"""Presentation module of each kind of output."""


def presenter(kind: str) -> Any:
    """The presentation module for ``kind`` (imported on first use)."""
    return importlib.import_module(PRESENTERS[kind])


def render(name: str, obj: object) -> str:
    """Jupyter HTML for ``obj`` by the display module's ``<name>_html`` function."""
    html: str = getattr(presenter("display"), f"{name}_html")(obj)
    return html
