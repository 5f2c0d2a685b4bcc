"""mgcalc: dietary magnesium and calcium from food logs and supplements.

Magnesium and calcium per entry, meal and day from USDA SR28 and FNDDS 2021-2023
food composition data, the calcium:magnesium ratio against a stated range, and
supplemental magnesium against the age-specific upper limit (supplements and
medications only, never food); calcium and vitamin D against theirs (total intake).

Examples
--------
>>> import mgcalc as mg
>>> round(mg.estimate("½ cup spinach, boiled").magnesium_mg)
78
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below load on first use (PEP 562); mypy sees them here
    __version__: str
    from mgcalc.analysis import (
        AnalysisDocument,
        AnalysisSummary,
        Estimate,
        IntakeAnalysis,
        analyze,
        estimate,
    )
    from mgcalc.assess import (
        AdequacyAssessment,
        ai_assessment,
        intake_needed_for_confidence,
        iom_individual_assessment,
        percent_of_target,
        prevalence_below_ear,
        ul_assessment,
    )
    from mgcalc.comparison import Comparison, compare
    from mgcalc.errors import (
        ChromiumNotFoundError,
        DoseError,
        InvalidLogError,
        LowCoverageWarning,
        MgcalcError,
        MgcalcWarning,
        MissingExtraError,
        PortionError,
        RecipeError,
        UnitError,
        UnknownFoodError,
        UnknownFormError,
        UnknownOptionError,
        UnknownWaterError,
        UnknownWaterWarning,
        UntrackedNutrientWarning,
        WeakMatchWarning,
    )
    from mgcalc.foods import Food, FoodTable, Portion
    from mgcalc.importers import (
        read_cronometer,
        read_cronometer_daily,
        read_log,
        read_myfitnesspal,
        read_openfoodfacts,
        read_supplements,
    )
    from mgcalc.intake import daily_table
    from mgcalc.log import FoodLog
    from mgcalc.parse import ParsedLine, parse_line
    from mgcalc.ratio import (
        RATIO_RANGES,
        RatioRange,
        RatioResult,
        calcium_magnesium_ratio,
        ratio_flags,
    )
    from mgcalc.recipes import Recipe, RecipeBook, load_recipes, read_recipes
    from mgcalc.records import ReportInfo
    from mgcalc.references import Person, ReferenceValues
    from mgcalc.resolve import Match, Resolver
    from mgcalc.suggestions import Suggestion, rich_foods, suggest
    from mgcalc.supplements import (
        SupplementDose,
        SupplementForm,
        elemental_calcium,
        elemental_magnesium,
        parse_label,
        read_label,
        supplement_forms,
    )
    from mgcalc.units import Q_, magnesium_mg, to_magnesium, ureg
    from mgcalc.water import Drink, Water, WaterTable, load_waters, read_drink

_LAZY: dict[str, str] = {
    "Q_": "mgcalc.units",
    "RATIO_RANGES": "mgcalc.ratio",
    "AdequacyAssessment": "mgcalc.assess",
    "AnalysisDocument": "mgcalc.analysis",
    "AnalysisSummary": "mgcalc.analysis",
    "ChromiumNotFoundError": "mgcalc.errors",
    "Comparison": "mgcalc.comparison",
    "DoseError": "mgcalc.errors",
    "Drink": "mgcalc.water",
    "Estimate": "mgcalc.analysis",
    "Food": "mgcalc.foods",
    "FoodLog": "mgcalc.log",
    "FoodTable": "mgcalc.foods",
    "IntakeAnalysis": "mgcalc.analysis",
    "InvalidLogError": "mgcalc.errors",
    "LowCoverageWarning": "mgcalc.errors",
    "Match": "mgcalc.resolve",
    "MgcalcError": "mgcalc.errors",
    "MgcalcWarning": "mgcalc.errors",
    "MissingExtraError": "mgcalc.errors",
    "ParsedLine": "mgcalc.parse",
    "Person": "mgcalc.references",
    "Portion": "mgcalc.foods",
    "PortionError": "mgcalc.errors",
    "RatioRange": "mgcalc.ratio",
    "RatioResult": "mgcalc.ratio",
    "Recipe": "mgcalc.recipes",
    "RecipeBook": "mgcalc.recipes",
    "RecipeError": "mgcalc.errors",
    "ReferenceValues": "mgcalc.references",
    "ReportInfo": "mgcalc.records",
    "Resolver": "mgcalc.resolve",
    "Suggestion": "mgcalc.suggestions",
    "SupplementDose": "mgcalc.supplements",
    "SupplementForm": "mgcalc.supplements",
    "UnitError": "mgcalc.errors",
    "UnknownFoodError": "mgcalc.errors",
    "UnknownFormError": "mgcalc.errors",
    "UnknownOptionError": "mgcalc.errors",
    "UnknownWaterError": "mgcalc.errors",
    "UnknownWaterWarning": "mgcalc.errors",
    "UntrackedNutrientWarning": "mgcalc.errors",
    "Water": "mgcalc.water",
    "WaterTable": "mgcalc.water",
    "WeakMatchWarning": "mgcalc.errors",
    "ai_assessment": "mgcalc.assess",
    "analyze": "mgcalc.analysis",
    "calcium_magnesium_ratio": "mgcalc.ratio",
    "compare": "mgcalc.comparison",
    "daily_table": "mgcalc.intake",
    "elemental_calcium": "mgcalc.supplements",
    "elemental_magnesium": "mgcalc.supplements",
    "estimate": "mgcalc.analysis",
    "intake_needed_for_confidence": "mgcalc.assess",
    "iom_individual_assessment": "mgcalc.assess",
    "load_recipes": "mgcalc.recipes",
    "load_waters": "mgcalc.water",
    "magnesium_mg": "mgcalc.units",
    "parse_label": "mgcalc.supplements",
    "parse_line": "mgcalc.parse",
    "percent_of_target": "mgcalc.assess",
    "prevalence_below_ear": "mgcalc.assess",
    "ratio_flags": "mgcalc.ratio",
    "read_cronometer": "mgcalc.importers",
    "read_cronometer_daily": "mgcalc.importers",
    "read_drink": "mgcalc.water",
    "read_label": "mgcalc.supplements",
    "read_log": "mgcalc.importers",
    "read_myfitnesspal": "mgcalc.importers",
    "read_openfoodfacts": "mgcalc.importers",
    "read_recipes": "mgcalc.recipes",
    "read_supplements": "mgcalc.importers",
    "rich_foods": "mgcalc.suggestions",
    "suggest": "mgcalc.suggestions",
    "supplement_forms": "mgcalc.supplements",
    "to_magnesium": "mgcalc.units",
    "ul_assessment": "mgcalc.assess",
    "ureg": "mgcalc.units",
}
"""Public name -> the module that defines it. ``import mgcalc`` loads none of them, so the
command line and apps that import mgcalc start fast; each loads on first use."""


def __getattr__(name: str) -> Any:
    if name == "__version__":  # read from the installed metadata on first use (it is slow)
        globals()[name] = value = _version()
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mgcalc' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


def _version() -> str:
    try:
        return version("mgcalc")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "0+unknown"


_PANDAS_FLOOR = (3, 1)
"""The ``pandas>=`` floor of pyproject.toml (a test keeps them equal). pip enforces it; this
refuses an environment forced past it, where ``astype("str")`` turns a missing value into the
text "None" (pandas < 3) and every food line would come back unresolved, silently."""


def _check_pandas() -> None:
    """Raise DependencyError (an ImportError) if the installed pandas is older than the
    floor (read from its metadata: pandas is not imported)."""
    import re

    from mgcalc.errors import DependencyError

    try:
        found = version("pandas")
    except PackageNotFoundError:  # pragma: no cover - pandas' own import error comes later
        return
    numbers = tuple(int(n) for n in re.findall(r"\d+", found)[:2])
    if numbers < _PANDAS_FLOOR:
        floor = ".".join(map(str, _PANDAS_FLOOR))
        raise DependencyError("pandas", floor, found)


_check_pandas()

__all__ = [
    "Q_",
    "RATIO_RANGES",
    "AdequacyAssessment",
    "AnalysisDocument",
    "AnalysisSummary",
    "ChromiumNotFoundError",
    "Comparison",
    "DoseError",
    "Drink",
    "Estimate",
    "Food",
    "FoodLog",
    "FoodTable",
    "IntakeAnalysis",
    "InvalidLogError",
    "LowCoverageWarning",
    "Match",
    "MgcalcError",
    "MgcalcWarning",
    "MissingExtraError",
    "ParsedLine",
    "Person",
    "Portion",
    "PortionError",
    "RatioRange",
    "RatioResult",
    "Recipe",
    "RecipeBook",
    "RecipeError",
    "ReferenceValues",
    "ReportInfo",
    "Resolver",
    "Suggestion",
    "SupplementDose",
    "SupplementForm",
    "UnitError",
    "UnknownFoodError",
    "UnknownFormError",
    "UnknownOptionError",
    "UnknownWaterError",
    "UnknownWaterWarning",
    "UntrackedNutrientWarning",
    "Water",
    "WaterTable",
    "WeakMatchWarning",
    "__version__",
    "ai_assessment",
    "analyze",
    "calcium_magnesium_ratio",
    "compare",
    "daily_table",
    "elemental_calcium",
    "elemental_magnesium",
    "estimate",
    "intake_needed_for_confidence",
    "iom_individual_assessment",
    "load_recipes",
    "load_waters",
    "magnesium_mg",
    "parse_label",
    "parse_line",
    "percent_of_target",
    "prevalence_below_ear",
    "ratio_flags",
    "read_cronometer",
    "read_cronometer_daily",
    "read_drink",
    "read_label",
    "read_log",
    "read_myfitnesspal",
    "read_openfoodfacts",
    "read_recipes",
    "read_supplements",
    "rich_foods",
    "suggest",
    "supplement_forms",
    "to_magnesium",
    "ul_assessment",
    "ureg",
]
