"""mgcalc: dietary magnesium and calcium from food logs and supplements.

Magnesium and calcium per entry, meal and day from USDA SR28 and FNDDS 2021-2023
food composition data, the calcium:magnesium ratio against a stated range, and
supplemental magnesium against the age-specific upper limit (supplements and
medications only, never food).

Examples
--------
>>> import mgcalc as mg
>>> round(mg.estimate("½ cup spinach, boiled").magnesium_mg)
78
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from mgcalc.analysis import AnalysisSummary, Estimate, IntakeAnalysis, analyze, estimate
from mgcalc.assess import (
    AdequacyAssessment,
    ai_assessment,
    intake_needed_for_confidence,
    iom_individual_assessment,
    percent_of_target,
    prevalence_below_ear,
    ul_assessment,
)
from mgcalc.errors import (
    DoseError,
    InvalidLogError,
    LowCoverageWarning,
    MgcalcError,
    MgcalcWarning,
    PortionError,
    UnitError,
    UnknownFoodError,
    UnknownFormError,
    UnknownOptionError,
    WeakMatchWarning,
)
from mgcalc.foods import Food, FoodTable, Portion
from mgcalc.importers import (
    read_cronometer,
    read_cronometer_daily,
    read_log,
    read_myfitnesspal,
    read_openfoodfacts,
)
from mgcalc.log import FoodLog
from mgcalc.parse import ParsedLine, parse_line
from mgcalc.ratio import (
    RATIO_RANGES,
    RatioRange,
    RatioResult,
    calcium_magnesium_ratio,
    ratio_flags,
)
from mgcalc.references import Person, ReferenceValues
from mgcalc.resolve import Match, Resolver
from mgcalc.supplements import (
    SupplementDose,
    SupplementForm,
    elemental_magnesium,
    parse_label,
    supplement_forms,
)
from mgcalc.units import Q_, magnesium_mg, to_magnesium, ureg

try:
    __version__ = version("mgcalc")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0+unknown"

__all__ = [
    "Q_",
    "RATIO_RANGES",
    "AdequacyAssessment",
    "AnalysisSummary",
    "DoseError",
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
    "ParsedLine",
    "Person",
    "Portion",
    "PortionError",
    "RatioRange",
    "RatioResult",
    "ReferenceValues",
    "Resolver",
    "SupplementDose",
    "SupplementForm",
    "UnitError",
    "UnknownFoodError",
    "UnknownFormError",
    "UnknownOptionError",
    "WeakMatchWarning",
    "__version__",
    "ai_assessment",
    "analyze",
    "calcium_magnesium_ratio",
    "elemental_magnesium",
    "estimate",
    "intake_needed_for_confidence",
    "iom_individual_assessment",
    "magnesium_mg",
    "parse_label",
    "parse_line",
    "percent_of_target",
    "prevalence_below_ear",
    "ratio_flags",
    "read_cronometer",
    "read_cronometer_daily",
    "read_log",
    "read_myfitnesspal",
    "read_openfoodfacts",
    "supplement_forms",
    "to_magnesium",
    "ul_assessment",
    "ureg",
]
