"""The works a report cites, in full, and how the reference file's sources map to them.

The reference data (``data/references.csv``) names its sources tersely, for maintainers
("IOM 2006 Essential Guide, Table 1, p. 340; ..."), with the copies that were checked.
A client reads numbered citations instead: :func:`cite` turns a source text into the
numbers of the works it names, and :data:`WORKS` holds each work's full bibliographic
reference (authors, year, title, publisher, DOI, and the table or page used).

A source that names none of the known works is cited by its own text, with
maintainers' shorthand removed (:func:`plain_source`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

__all__ = ["WORKS", "Bibliography", "Work", "cite", "plain_source", "works_in"]


@dataclass(frozen=True)
class Work:
    """A cited work.

    Attributes
    ----------
    key
        Short name ("IOM 2011"), shown next to its number.
    reference
        The full bibliographic reference, with the tables and pages used.
    patterns
        Regular expressions: a source text matching any of them cites this work.
    """

    key: str
    reference: str
    patterns: tuple[str, ...] = field(default=())


WORKS: Final[tuple[Work, ...]] = (
    Work(
        "IOM 1997",
        "Institute of Medicine (1997). Dietary Reference Intakes for Calcium, Phosphorus, "
        "Magnesium, Vitamin D, and Fluoride. Washington, DC: National Academy Press. "
        "doi:10.17226/5776. Magnesium: chapter 6, pp. 219 and 239; the upper limit and "
        "what it applies to, p. 242.",
        (r"\bIOM 1997\b",),
    ),
    Work(
        "IOM 2000",
        "Institute of Medicine (2000). Dietary Reference Intakes: Applications in Dietary "
        "Assessment. Washington, DC: National Academy Press. doi:10.17226/9956. Assessing "
        "an individual's intake, pp. 53-56 and Table B-1 (pp. 186-190); Summary Tables: "
        "Estimated Average Requirements, and Tolerable Upper Intake Levels, footnote b.",
        (r"\bIOM 2000\b",),
    ),
    Work(
        "IOM 2006",
        "Institute of Medicine (2006). Dietary Reference Intakes: The Essential Guide to "
        "Nutrient Requirements. Washington, DC: The National Academies Press. "
        "doi:10.17226/11537. Part III, Magnesium, Table 1, p. 340.",
        (r"\bIOM 2006\b", r"Essential Guide"),
    ),
    Work(
        "IOM 2011",
        "Institute of Medicine (2011). Dietary Reference Intakes for Calcium and Vitamin D. "
        "Washington, DC: The National Academies Press. doi:10.17226/13050. Summary Tables: "
        "Estimated Average Requirements (p. 1104); Recommended Dietary Allowances and "
        "Adequate Intakes; Tolerable Upper Intake Levels, Elements and Vitamins; vitamin D "
        "upper limits, p. 445.",
        (r"\bIOM 2011\b",),
    ),
    Work(
        "NASEM 2019",
        "National Academies of Sciences, Engineering, and Medicine (2019). Dietary "
        "Reference Intakes for Sodium and Potassium. Washington, DC: The National Academies "
        "Press. doi:10.17226/25353. Appendix J, Dietary Reference Intakes Summary Tables: "
        "Estimated Average Requirements (p. 566); Recommended Dietary Allowances and "
        "Adequate Intakes, Elements (p. 570).",
        (r"NBK545442", r"Appendix J"),
    ),
    Work(
        "EFSA 2015",
        "EFSA Panel on Dietetic Products, Nutrition and Allergies (2015). Scientific Opinion "
        "on Dietary Reference Values for magnesium. EFSA Journal 13(7):4186. "
        "doi:10.2903/j.efsa.2015.4186.",
        (r"EFSA NDA Panel 2015", r"\bEFSA 2015\b", r"EFSA Journal 13\(7\)"),
    ),
    Work(
        "SCF 2001",
        "Scientific Committee on Food (2001). Opinion on the Tolerable Upper Intake Level of "
        "Magnesium. Reproduced in: European Food Safety Authority (2006). Tolerable Upper "
        "Intake Levels for Vitamins and Minerals. Parma: EFSA. Magnesium: 250 mg/day of "
        "readily dissociable salts and compounds in supplements, water and fortified foods.",
        (r"\bSCF 2001\b",),
    ),
    Work(
        "Costello 2021",
        "Costello RB, Rosanoff A, Dai Q, Saldanha LG, Potischman NA (2021). Perspective: "
        "Characterization of dietary supplements containing calcium and magnesium and their "
        "respective ratio - is a rising ratio a cause for concern? Advances in Nutrition "
        "12(2):291-297. doi:10.1093/advances/nmaa160.",
        (r"Costello",),
    ),
    Work(
        "USDA SR28",
        "US Department of Agriculture, Agricultural Research Service, Nutrient Data "
        "Laboratory (2015). USDA National Nutrient Database for Standard Reference, "
        "Release 28 (SR28). Version Current: September 2015.",
        (r"\bSR28\b", r"Standard Reference"),
    ),
    Work(
        "FNDDS 2021-2023",
        "US Department of Agriculture, Agricultural Research Service, Food Surveys Research "
        "Group. Food and Nutrient Database for Dietary Studies (FNDDS) 2021-2023.",
        (r"\bFNDDS\b",),
    ),
)
"""Every work a report may cite, in the order they are numbered."""

_SHORTHAND: Final = (
    re.compile(r"\bNBK\d+\b[^;,)]*"),
    re.compile(r"\bappJ_tab\d+\b"),
    re.compile(r"\(?[^;()]*\b(scribd|skyscape)\b[^;()]*\)?", re.IGNORECASE),
    re.compile(r"\bUNVERIFIED\b:?", re.IGNORECASE),
)
"""Maintainers' shorthand that never reaches a client: shelf ids, table file names, the
names of the copies a value was checked in, and status markers."""


def plain_source(text: str) -> str:
    """A source text without maintainers' shorthand (shelf ids, copies, status markers).

    Examples
    --------
    >>> plain_source("IOM 2011 Summary Table (NAP table, scribd copy; Skyscape appendix D-2)")
    'IOM 2011 Summary Table'
    """
    out = text
    for pattern in _SHORTHAND:
        out = pattern.sub("", out)
    out = re.sub(r"\(\s*[;,]?\s*\)", "", out)
    out = re.sub(r"\s*;\s*(;\s*)+", "; ", out)
    out = re.sub(r"\s+", " ", out).strip(" ;,")
    return out


def works_in(text: str) -> list[Work]:
    """The known works a source text names, in :data:`WORKS` order."""
    return [w for w in WORKS if any(re.search(p, text) for p in w.patterns)]


class Bibliography:
    """Numbered citations for one report: works are numbered in :data:`WORKS` order,
    then any other source in the order it is first cited.

    Parameters
    ----------
    always
        Keys of works the report cites whatever its data (its methods).
    sources
        Source texts from the reference data (and the ratio range) to cite as well.
    """

    def __init__(self, always: Iterable[str], sources: Iterable[str]) -> None:
        cited = set(always)
        others: list[str] = []
        for text in sources:
            found = works_in(text)
            cited.update(w.key for w in found)
            if not found:
                plain = plain_source(text)
                if plain and plain not in others:
                    others.append(plain)
        self.entries: list[tuple[str, str]] = [
            (w.key, w.reference) for w in WORKS if w.key in cited
        ] + [(text, text) for text in others]
        self._number = {key: i + 1 for i, (key, _) in enumerate(self.entries)}

    def number(self, key: str) -> int:
        """The number of a work by its key ("IOM 2011")."""
        return self._number[key]

    def cite(self, source: str) -> str:
        """``"[3, 5]"``: the numbers of the works ``source`` names."""
        return cite(source, self)

    def numbers(self, keys: Sequence[str]) -> str:
        """``"[1, 4]"`` for work keys."""
        found = sorted({self._number[k] for k in keys if k in self._number})
        return "[" + ", ".join(str(n) for n in found) + "]" if found else ""


def cite(source: str, bibliography: Bibliography) -> str:
    """The citation marks (``"[3, 5]"``) of a source text in ``bibliography``."""
    keys = [w.key for w in works_in(source)]
    if not keys:
        keys = [plain_source(source)]
    return bibliography.numbers(keys)
