"""Open Food Facts product JSON -> custom foods (magnesium and calcium per 100 g or 100 ml).

Each product becomes a :class:`~mgcalc.foods.Food` with the id ``custom:off:<barcode>``;
add them to a table with ``FoodTable.default().with_foods(foods)`` and log them by id
(``food_id="custom:off:3274080005003"``) or by name.

Which field is used, per nutrient (``magnesium``, ``calcium``):

1. ``<n>_value`` + ``<n>_unit`` (the value as entered on the product page), converted
   with pint, when the unit is a mass (mg, g, µg), the page gives values per 100 g or
   100 ml (not per serving) and ``<n>_100g`` is absent or agrees with it (within 1 %);
2. otherwise ``<n>_100g``, which Open Food Facts stores **in grams** per 100 g (or
   100 ml): ``magnesium_100g: 0.25`` is 250 mg. Where the two disagree, the entered
   value is often per litre or per serving (a mineral water's ``magnesium_value: 11``
   with ``magnesium_100g: 0.0011``, i.e. 1.1 mg/100 ml), so ``_100g`` is used and the
   disagreement is recorded;
3. a value marked ``<`` or ``>`` (``<n>_modifier``) is a bound, not a value: unknown.

A missing nutrient is unknown (NaN), never 0. The basis used and any note are recorded
in the food's ``food_group`` text (``"Open Food Facts; per 100 ml; ..."``).

Liquids (values per 100 ml) are stored as if per 100 g, with a volume portion "100 ml
= 100 g": logged by volume (``"500 ml"``, ``"1 cup"``) the magnesium is then exact
whatever the drink's density, because the same factor is used both ways; only an amount
logged by *mass* of a liquid assumes a density of 1 g/ml.

References
----------
.. [1] Open Food Facts, "Nutrition data" (openfoodfacts.github.io/openfoodfacts-server/
   dev/explain-nutrition-data): ``_100g`` fields are in grams; ``_value``/``_unit``
   are as entered.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import pint
from pydantic import ValidationError

from mgcalc.errors import InvalidLogError, InvalidValueError
from mgcalc.foods import Food, Portion
from mgcalc.units import quantity

__all__ = ["read_openfoodfacts"]

_UNIT_NAMES: Final[dict[str, str]] = {
    "mg": "milligram",
    "g": "gram",
    "µg": "microgram",
    "μg": "microgram",
    "ug": "microgram",
    "mcg": "microgram",
}
_AGREE: Final = 0.01
_VOLUME_UNITS: Final = {"ml", "cl", "dl", "l", "fl oz", "litre", "liter"}


def _products(source: Any) -> list[Mapping[str, Any]]:
    """The product objects of a file, JSON text, API response, product or list."""
    if isinstance(source, (str, Path)):
        text = str(source)
        if not text.lstrip().startswith(("{", "[")):
            try:
                text = Path(source).read_text(encoding="utf-8-sig")
            except (OSError, ValueError) as exc:  # not there, not UTF-8, a NUL in the path
                raise InvalidLogError(f"cannot read {text[:80]!r}: {exc}") from exc
        try:
            source = json.loads(text)
        except (ValueError, RecursionError) as exc:  # bad JSON, 100,000 [, 5,000 digits
            raise InvalidLogError(f"not Open Food Facts JSON: {str(exc)[:200]}") from exc
    if isinstance(source, Mapping):
        if isinstance(source.get("products"), list):
            return [_unwrap(p) for p in source["products"]]
        return [_unwrap(source)]
    if isinstance(source, Sequence):
        return [_unwrap(item) for item in source]
    raise InvalidLogError(
        "expected Open Food Facts product JSON: a product, a list of products or a path"
    )


def _unwrap(item: Any) -> Mapping[str, Any]:
    if not isinstance(item, Mapping):
        raise InvalidLogError(f"a product must be a JSON object, not {type(item).__name__}")
    product = item.get("product")
    if isinstance(product, Mapping):
        return {"code": item.get("code"), **product}
    return item


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidValueError(f"not a nutrient amount: {value!r}")
    number = float(value)  # raises ValueError for text
    if math.isnan(number) or number < 0:
        raise InvalidValueError(f"not a nutrient amount: {value!r}")
    return number


def _nutrient(nutriments: Mapping[str, Any], name: str, per_serving: bool) -> tuple[float, str]:
    """Content per 100 g (or 100 ml) [mg] and how it was read.

    Raises
    ------
    ValueError
        If a field holds something that is not a non-negative number.
    """
    per_100g = _number(nutriments.get(f"{name}_100g"))
    from_100g = None if per_100g is None else per_100g * 1000.0
    modifier = str(nutriments.get(f"{name}_modifier") or "").strip()
    if modifier and modifier[0] in "<>≤≥":
        return math.nan, f"{name} given only as a bound ({modifier}): unknown"
    value = _number(nutriments.get(f"{name}_value"))
    unit = str(nutriments.get(f"{name}_unit") or "").strip()
    entered: float | None = None
    if value is not None and unit in _UNIT_NAMES and not per_serving:
        try:
            entered = float(quantity(value, _UNIT_NAMES[unit]).m_as("mg"))
        except pint.errors.PintError:  # pragma: no cover - the names above are all known
            entered = None
    if entered is not None and (
        from_100g is None or abs(entered - from_100g) <= _AGREE * max(entered, from_100g)
    ):
        return entered, f"{name} from {name}_value {value:g} {unit}"
    if from_100g is not None:
        note = f"{name} from {name}_100g"
        if entered is not None:
            note += f" ({name}_value {value:g} {unit} disagreed)"
        return from_100g, note
    if value is not None and per_serving:
        return math.nan, f"{name} given per serving only: unknown"
    if value is not None:
        return math.nan, f"{name} in {unit or 'no unit'}, not a mass: unknown"
    return math.nan, f"{name} not reported"


def _is_liquid(product: Mapping[str, Any]) -> bool:
    per = str(product.get("nutrition_data_per") or "").replace(" ", "").lower()
    if per.endswith("ml"):
        return True
    unit = str(product.get("product_quantity_unit") or "").strip().lower()
    if unit in _VOLUME_UNITS:
        return True
    quantity = str(product.get("quantity") or "").strip().lower()
    words = quantity.replace("\u00a0", " ").split()
    return len(words) >= 2 and " ".join(words[1:]) in _VOLUME_UNITS


def _food(product: Mapping[str, Any], position: int) -> Food:
    try:
        return _checked_food(product, position)
    except ValidationError as exc:  # a cell the Food and Portion models refuse
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error.get("loc", ())) or "product"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise InvalidLogError(f"{field}: {message}", "code" if field == "food_id" else field,
                              [position]) from exc  # fmt: skip


def _checked_food(product: Mapping[str, Any], position: int) -> Food:
    code = str(product.get("code") or product.get("_id") or "").strip()
    if not code:
        raise InvalidLogError("product without a barcode ('code')", "code", [position])
    nutriments = product.get("nutriments") or {}
    if not isinstance(nutriments, Mapping):
        raise InvalidLogError("'nutriments' is not an object", "nutriments", [position])
    per_serving = str(product.get("nutrition_data_per") or "").strip().lower() == "serving"
    values: dict[str, float] = {}
    notes: list[str] = []
    for name in ("magnesium", "calcium"):
        try:
            values[name], note = _nutrient(nutriments, name, per_serving)
        except (TypeError, ValueError) as exc:
            raise InvalidLogError(
                f"{name} is not a non-negative number ({exc})", f"{name}_100g", [position]
            ) from exc
        notes.append(note)
    liquid = _is_liquid(product)
    basis = "per 100 ml" if liquid else "per 100 g"
    name = str(
        product.get("product_name")
        or product.get("product_name_en")
        or product.get("generic_name")
        or f"Open Food Facts product {code}"
    ).strip()
    brands = str(product.get("brands") or "").strip()
    portions: list[Portion] = []
    if liquid:
        portions.append(
            Portion(amount=100, measure="ml (values are per 100 ml)", unit="ml", grams=100)
        )
    try:
        serving = _number(product.get("serving_quantity"))
    except (TypeError, ValueError):
        serving = None
    if serving:
        size = str(product.get("serving_size") or "").strip()
        portions.append(
            Portion(
                amount=1,
                measure=f"serving ({size})" if size else "serving",
                unit="serving",
                grams=serving,
            )
        )
    return Food(
        food_id=f"custom:off:{code}",
        source="openfoodfacts",
        description=f"{name}, {brands}" if brands else name,
        food_group="; ".join(["Open Food Facts", basis, *notes]),
        magnesium_mg_per_100g=values["magnesium"],
        calcium_mg_per_100g=values["calcium"],
        portions=tuple(portions),
    )


def read_openfoodfacts(source: str | Path | Mapping[str, Any] | Sequence[Any]) -> list[Food]:
    """Custom foods from Open Food Facts product JSON.

    Parameters
    ----------
    source
        A path to a ``.json`` file, JSON text, or already-parsed JSON: one product, an
        API response (``{"code": ..., "product": {...}}``), a search response
        (``{"products": [...]}``) or a list of any of these.

    Returns
    -------
    list of Food
        One per product, in order: id ``custom:off:<code>``, ``source``
        ``"openfoodfacts"``, magnesium and calcium per 100 g (or per 100 ml for
        liquids) [mg/100 g] (NaN when not reported), the basis and the fields used in
        ``food_group``, a ``100 ml`` portion for liquids and a ``serving`` portion when
        the product gives its serving quantity.

    Raises
    ------
    InvalidLogError
        If the JSON cannot be read, a product has no code, or a nutrient field holds
        something that is not a non-negative number (the row is the product's 1-based
        position).

    Examples
    --------
    >>> foods = read_openfoodfacts({"code": "1", "product_name": "Mineral water",
    ...     "quantity": "1 l", "nutriments": {"magnesium_100g": 0.0011}})
    >>> foods[0].food_id, round(foods[0].magnesium_mg_per_100g, 2)
    ('custom:off:1', 1.1)
    """
    return [_food(product, i) for i, product in enumerate(_products(source), start=1)]
