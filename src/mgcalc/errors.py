"""Errors and warnings raised by mgcalc.

Every error derives from :class:`MgcalcError` and also from the nearest built-in
exception, as pint's errors do, so ``except KeyError`` and ``except MgcalcError``
both work. Errors carry their data as attributes (``food_id``, ``available``,
``rows`` ...), build their message from it, and pickle (they cross process
boundaries in Dask and multiprocessing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

__all__ = [
    "AmountError",
    "ChromiumNotFoundError",
    "DataError",
    "DependencyError",
    "DoseError",
    "InvalidLogError",
    "InvalidValueError",
    "LowCoverageWarning",
    "MgcalcError",
    "MgcalcWarning",
    "MissingExtraError",
    "PortionError",
    "RecipeError",
    "ReportError",
    "UnitError",
    "UnknownFoodError",
    "UnknownFormError",
    "UnknownOptionError",
    "UnknownWaterError",
    "UnknownWaterWarning",
    "UntrackedNutrientWarning",
    "WeakMatchWarning",
]


def _rebuild(cls: type[MgcalcError], state: dict[str, Any]) -> MgcalcError:
    """Recreate an error from its attributes (the pickle protocol's hook)."""
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, state.get("message", ""))
    return error


def _listing(items: Iterable[object], limit: int = 12) -> str:
    """Join the first ``limit`` items for a message, saying how many were left out."""
    shown = [str(item) for item in items]
    more = len(shown) - limit
    text = ", ".join(shown[:limit])
    return f"{text}, ... ({more} more)" if more > 0 else text


class MgcalcError(Exception):
    """Root of every error mgcalc raises.

    Parameters
    ----------
    message
        The human-readable explanation; subclasses build it from their data.
    """

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), dict(self.__dict__)))


class UnknownFoodError(KeyError, MgcalcError):
    """A food id that is not in the table, or a food text that matched nothing.

    Attributes
    ----------
    food : str
        The id or text that was asked for.
    suggestions : tuple of str
        Close ids or descriptions, best first (may be empty).
    """

    def __init__(self, food: str, suggestions: Sequence[str] = ()) -> None:
        self.food = food
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean: {_listing(self.suggestions, 5)}" if self.suggestions else ""
        MgcalcError.__init__(self, f"unknown food {food!r}{hint}")

    __str__ = MgcalcError.__str__


class PortionError(ValueError, MgcalcError):
    """An amount that cannot be turned into grams for this food.

    Attributes
    ----------
    food_id : str
        The food.
    amount : str
        The amount as given (``"1 cup"``).
    available : tuple of str
        The portions the food does have (``"1 medium (118 g)"``), so the caller can pick one.
    reason : str
        Why the amount could not be used.
    """

    def __init__(
        self, food_id: str, amount: str, available: Sequence[str] = (), reason: str = ""
    ) -> None:
        self.food_id = food_id
        self.amount = amount
        self.available = tuple(available)
        self.reason = reason
        have = (
            f"; its portions are: {_listing(self.available)}"
            if self.available
            else "; it lists no household portions, so give the amount in g, oz or lb"
        )
        why = f" ({reason})" if reason else ""
        MgcalcError.__init__(self, f"cannot convert {amount!r} of {food_id} to grams{why}{have}")


class UnitError(TypeError, MgcalcError):
    """A unit that is unknown, or of the wrong kind for where it was used.

    Attributes
    ----------
    unit : str
        The unit or amount text that was given.
    expected : str
        What would be valid there (``"mass, volume or a count"``).
    """

    def __init__(self, unit: str, expected: str) -> None:
        self.unit = unit
        self.expected = expected
        MgcalcError.__init__(self, f"{unit!r} is not a valid unit here; expected {expected}")


class AmountError(ValueError, MgcalcError):
    """An amount that reads as one but cannot be used: vague, negative, divided by zero.

    Attributes
    ----------
    text : str
        The amount as given (``"lots of"``, ``"1/0"``).
    reason : str
        Why it cannot be used.
    end : int
        Where the amount ends in the text it was read from (for the parser).
    """

    def __init__(self, text: str, reason: str, end: int = 0) -> None:
        self.text = text
        self.reason = reason
        self.end = end
        MgcalcError.__init__(self, f"{reason}: {text!r}")


class InvalidValueError(ValueError, MgcalcError):
    """A value that breaks a model's rule (a negative nutrient content, an age of 300).

    Raised inside pydantic validators, which report it in a
    :class:`pydantic.ValidationError` naming the field.

    Attributes
    ----------
    problem : str
        What is wrong with the value.
    """

    def __init__(self, problem: str) -> None:
        self.problem = problem
        MgcalcError.__init__(self, problem)


class InvalidLogError(ValueError, MgcalcError):
    """A food log (file or frame) that cannot be read as given.

    Attributes
    ----------
    problem : str
        What is wrong.
    column : str or None
        The column concerned, if one.
    rows : tuple of int
        The row numbers concerned (1-based data rows, as a spreadsheet shows them
        below the header), if any.
    """

    def __init__(self, problem: str, column: str | None = None, rows: Sequence[int] = ()) -> None:
        self.problem = problem
        self.column = column
        self.rows = tuple(int(row) for row in rows)
        where = f" in column {column!r}" if column else ""
        at = f" (rows {_listing(self.rows, 10)})" if self.rows else ""
        MgcalcError.__init__(self, f"{problem}{where}{at}")


class UnknownFormError(KeyError, MgcalcError):
    """A supplement compound (form) mgcalc does not know.

    Attributes
    ----------
    form : str
        The form as given.
    known : tuple of str
        The forms mgcalc knows.
    element : str
        The element the form was taken to be of (``"magnesium"``, ``"calcium"``), for the
        message.
    reason : str
        Why a name is deliberately not mapped (plain "magnesium sulfate": its hydrates
        differ twofold), or empty.
    """

    def __init__(
        self, form: str, known: Sequence[str], element: str = "magnesium", reason: str = ""
    ) -> None:
        self.form = form
        self.known = tuple(known)
        self.element = element
        self.reason = reason
        why = f" ({reason})" if reason else ""
        MgcalcError.__init__(
            self,
            f"unknown {element} form {form!r}{why}; known forms: {_listing(self.known, 40)}",
        )

    __str__ = MgcalcError.__str__


class UnknownWaterError(KeyError, MgcalcError):
    """A drinking water mgcalc cannot use: a name its table does not hold, or a water named
    without a brand ("mineral water").

    Attributes
    ----------
    water : str
        The water as given.
    candidates : tuple of str
        The closest waters of the table, best first (may be empty).
    problem : str or None
        Why it cannot be used, when it is not simply unknown.
    """

    def __init__(
        self, water: str, candidates: Sequence[str] = (), problem: str | None = None
    ) -> None:
        self.water = water
        self.candidates = tuple(candidates)
        self.problem = problem
        hint = f"; the closest: {_listing(self.candidates, 5)}" if self.candidates else ""
        why = problem or (
            "it is not in mgcalc's table of waters: give your water with "
            "Water(name=..., magnesium_mg_per_l=..., calcium_mg_per_l=...) from its label"
        )
        MgcalcError.__init__(self, f"unknown water {water!r}: {why}{hint}")

    __str__ = MgcalcError.__str__


class RecipeError(ValueError, MgcalcError):
    """A recipe that cannot be made into a food, or a recipe book that cannot be read.

    Attributes
    ----------
    recipe : str
        The recipe's name (or the file, for a book).
    problems : tuple of str
        Each problem: an ingredient line that did not resolve and why, a bad cell.
    """

    def __init__(self, recipe: str, problems: Sequence[str]) -> None:
        self.recipe = recipe
        self.problems = tuple(problems)
        MgcalcError.__init__(self, f"recipe {recipe!r}: {_listing(self.problems, 8)}")


class DoseError(ValueError, MgcalcError):
    """A supplement or medication dose that cannot be turned into elemental magnesium,
    calcium or vitamin D.

    Attributes
    ----------
    product : str
        The product or compound as given.
    amount : str
        The amount as given (``"500 mg"``).
    problem : str
        What is missing or wrong (an unstated basis, an unknown form, ...).
    """

    def __init__(self, product: str, amount: str, problem: str) -> None:
        self.product = product
        self.amount = amount
        self.problem = problem
        MgcalcError.__init__(self, f"cannot use the dose {amount!r} of {product!r}: {problem}")


class UnknownOptionError(ValueError, MgcalcError):
    """A keyword choice (``authority=``, ``range=`` ...) that is not one of the valid keys.

    Attributes
    ----------
    option : str
        The keyword (``"authority"``).
    value : str
        What was given.
    valid : tuple of str
        The valid keys.
    """

    def __init__(self, option: str, value: object, valid: Sequence[str]) -> None:
        self.option = option
        self.value = str(value)
        self.valid = tuple(valid)
        MgcalcError.__init__(
            self, f"{option}={value!r} is not valid; choose one of: {', '.join(self.valid)}"
        )


class ReportError(RuntimeError, MgcalcError):
    """A report could not be written (Chromium failed to print, a file could not be made).

    Attributes
    ----------
    problem : str
        What went wrong, in one line.
    """

    def __init__(self, problem: str) -> None:
        self.problem = problem
        MgcalcError.__init__(self, problem)


CHROMIUM_NAMES: Final = ("chromium", "chromium-browser", "google-chrome", "chrome")
"""The programs looked for on PATH to print a report to PDF (after ``$MGCALC_CHROMIUM``)."""


class ChromiumNotFoundError(FileNotFoundError, ReportError):
    """No headless Chromium to print a PDF with (a :class:`ReportError`, and a
    :class:`FileNotFoundError`).

    Attributes
    ----------
    searched : tuple of str
        The program names looked for on PATH.
    """

    def __init__(self, searched: Sequence[str] = CHROMIUM_NAMES) -> None:
        self.searched = tuple(searched)
        MgcalcError.__init__(
            self,
            "printing a PDF needs Chromium, and none was found (looked on PATH for "
            f"{', '.join(self.searched)}; set MGCALC_CHROMIUM to its path, or install it, "
            "e.g. apt-get install chromium). The HTML report (to_html) needs no browser.",
        )

    __str__ = MgcalcError.__str__
    __reduce__ = MgcalcError.__reduce__


class MissingExtraError(ImportError, MgcalcError):
    """An optional dependency of a feature is not installed.

    Attributes
    ----------
    module : str
        The module that could not be imported (``"matplotlib"``).
    extra : str
        The mgcalc extra that installs it (``"report"``).
    """

    def __init__(self, module: str, extra: str) -> None:
        self.module = module
        self.extra = extra
        MgcalcError.__init__(
            self,
            f"{module} is needed for this feature but is not installed; "
            f"install it with: pip install mgcalc[{extra}]",
        )
        self.name = module

    __str__ = MgcalcError.__str__
    __reduce__ = MgcalcError.__reduce__


class DataError(LookupError, MgcalcError):
    """mgcalc's bundled data is missing or inconsistent (an installation problem).

    Attributes
    ----------
    problem : str
        What is wrong, and with which file.
    """

    def __init__(self, problem: str) -> None:
        self.problem = problem
        MgcalcError.__init__(self, problem)


class DependencyError(ImportError, MgcalcError):
    """An installed dependency is older than mgcalc supports.

    Attributes
    ----------
    package, floor, found : str
        The package, the oldest version mgcalc supports, and the one installed.
    """

    def __init__(self, package: str, floor: str, found: str) -> None:
        self.package = package
        self.floor = floor
        self.found = found
        MgcalcError.__init__(
            self,
            f"mgcalc needs {package}>={floor}, but {package} {found} is installed; "
            f'upgrade it: pip install "{package}>={floor}"',
        )
        self.name = package

    __str__ = MgcalcError.__str__
    __reduce__ = MgcalcError.__reduce__


class MgcalcWarning(UserWarning):
    """Root of mgcalc's warnings."""


class LowCoverageWarning(MgcalcWarning):
    """A total whose known share (coverage) is below the threshold for a confident figure."""


class UntrackedNutrientWarning(MgcalcWarning):
    """A supplement that provides none of magnesium, calcium and vitamin D ("zinc 25 mg"):
    it is logged, and adds nothing to any total."""


class WeakMatchWarning(MgcalcWarning):
    """A food text whose best match scored below the threshold; it was not used."""


class UnknownWaterWarning(MgcalcWarning):
    """Drinks of water whose magnesium is unknown (tap water with no ``Person.tap_water``,
    a water named without a brand, an unreadable amount): they add nothing to the totals."""
