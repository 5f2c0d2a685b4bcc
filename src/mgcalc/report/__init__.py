"""Reports and exports of an :class:`~mgcalc.analysis.IntakeAnalysis`.

- :func:`render_html` / :func:`write_html`: the report a dietitian hands to a client, one
  self-contained printable HTML file (who it is for: :func:`report_info`);
  :func:`write_pdf` prints it with headless Chromium, with a header and page numbers on
  every page (:mod:`mgcalc.report.pdf`).
- :func:`write_csv` / :func:`write_excel`: the tables, safe to open in a spreadsheet.

The same are methods of the analysis: ``result.to_html(path)``, ``result.to_pdf(path)``,
``result.to_csv(path, table="daily")``, ``result.to_excel(path)``. The HTML report needs
the ``report`` extra (jinja2, matplotlib), Excel the ``excel`` extra (openpyxl); both are
imported only when used.
"""

from __future__ import annotations

from mgcalc.errors import MissingExtraError
from mgcalc.report.export import (
    EXPORT_TABLES,
    export_frame,
    neutralise,
    neutralise_frame,
    write_csv,
    write_excel,
)
from mgcalc.report.html import (
    CITATIONS,
    ChromiumNotFoundError,
    find_chromium,
    intake_flag,
    period_label,
    print_to_pdf,
    render_html,
    report_info,
    write_html,
    write_pdf,
)

__all__ = [
    "CITATIONS",
    "EXPORT_TABLES",
    "ChromiumNotFoundError",
    "MissingExtraError",
    "export_frame",
    "find_chromium",
    "intake_flag",
    "neutralise",
    "neutralise_frame",
    "period_label",
    "print_to_pdf",
    "render_html",
    "report_info",
    "write_csv",
    "write_excel",
    "write_html",
    "write_pdf",
]
