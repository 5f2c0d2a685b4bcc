"""mgcalc: dietary magnesium and calcium from food logs and supplements.

Magnesium and calcium per entry, meal and day from USDA SR28 and FNDDS 2021-2023
food composition data, the calcium:magnesium ratio against a stated range, and
supplemental magnesium against the age-specific upper limit (supplements and
medications only, never food).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from mgcalc.errors import (
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
from mgcalc.units import Q_, magnesium_mg, to_magnesium, ureg

try:
    __version__ = version("mgcalc")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0+unknown"

__all__ = [
    "Q_",
    "InvalidLogError",
    "LowCoverageWarning",
    "MgcalcError",
    "MgcalcWarning",
    "PortionError",
    "UnitError",
    "UnknownFoodError",
    "UnknownFormError",
    "UnknownOptionError",
    "WeakMatchWarning",
    "__version__",
    "magnesium_mg",
    "to_magnesium",
    "ureg",
]
