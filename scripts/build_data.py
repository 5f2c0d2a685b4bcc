"""Build mgcalc's ``data/foods.csv`` and ``data/portions.csv`` from the USDA releases.

Usage::

    python scripts/build_data.py SR28_DIR FNDDS_DIR [--out data]

``SR28_DIR`` holds the SR28 extract (``foods.csv``: ndb_no, food_group_code, food_group,
long_desc, common_name, then the nutrient columns below; ``portions.csv``: ndb_no, seq,
amount, measure_desc, gram_weight). ``FNDDS_DIR`` holds the FNDDS 2021-2023 extract
(``foods.csv``: food_code, description, wweia_category_number, wweia_category_description,
then the nutrient columns; ``portions.csv``: food_code, seq_num, portion_description,
gram_weight). Both are public-domain USDA data; ``data/README.md`` records their provenance.
The nutrient columns read are ``NUTRIENT_COLUMNS`` (magnesium, calcium, energy, vitamin D);
other columns of the extracts (phosphorus, potassium, fiber) are not copied.

The script copies every food and every portion. Nutrient values are copied as published;
a blank (not reported) stays blank and is never written as 0. Each portion gets a
normalised ``unit`` (cup, tbsp, tsp, fl_oz, oz, lb, g, ml, medium, large, slice, ...) and
``modifier`` (chopped, sliced, ...) beside its published text, so the library can match
"2 slices" or "1/2 cup" without parsing USDA's measure strings at run time.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from fractions import Fraction
from pathlib import Path

# First words of a measure -> normalised unit. Longer keys are tried first.
UNIT_WORDS: dict[str, str] = {
    "fl oz": "fl_oz",
    "fluid ounce": "fl_oz",
    "cubic inch": "cubic_inch",
    "surface inch": "surface_inch",
    "extra large": "extra_large",
    "extra-large": "extra_large",
    "extra small": "extra_small",
    "nlea serving": "serving",
    "cup": "cup",
    "cups": "cup",
    "tbsp": "tbsp",
    "tablespoon": "tbsp",
    "tablespoons": "tbsp",
    "tsp": "tsp",
    "teaspoon": "tsp",
    "teaspoons": "tsp",
    "oz": "oz",
    "ounce": "oz",
    "ounces": "oz",
    "lb": "lb",
    "pound": "lb",
    "g": "g",
    "gram": "g",
    "grams": "g",
    "ml": "ml",
    "liter": "l",
    "litre": "l",
    "quart": "quart",
    "pint": "pint",
    "gallon": "gallon",
    "medium": "medium",
    "large": "large",
    "small": "small",
    "jumbo": "jumbo",
    "miniature": "miniature",
    "regular": "regular",
}

# Words that describe how a food was cut or packed: the portion's modifier.
MODIFIER_WORDS = (
    "chopped", "sliced", "slices", "diced", "shredded", "grated", "mashed", "pureed",
    "cubed", "cubes", "halves", "whole", "pieces", "packed", "unpacked", "crumbled",
    "ground", "flaked", "melted", "strips", "rings", "florets", "spears", "kernels",
    "pitted", "stems", "leaves", "drained", "undrained", "cooked", "raw", "boneless",
)  # fmt: skip

# Nutrient columns copied from both extracts into data/foods.csv, in this order, as published.
NUTRIENT_COLUMNS = (
    "magnesium_mg_per_100g",
    "calcium_mg_per_100g",
    "energy_kcal_per_100g",
    "vitamin_d_ug_per_100g",
)

DEFAULT_PORTION = "Quantity not specified"
_SERVING_OF = re.compile(
    r"^serving\s*\(?\s*(\d+(?:\.\d+)?(?:\s+\d+/\d+)?|\d+/\d+)\s+(cups?|tbsp|tsp|fl oz)\b", re.I
)
_LEADING_AMOUNT = re.compile(r"^\s*(\d+(?:\.\d+)?(?:\s+\d+/\d+)?|\d+/\d+)\s+")


def _singular(word: str) -> str:
    """A crude singular for measure words: slices -> slice, pieces -> piece, patties -> patty."""
    if word in {"cookies", "brownies", "pies", "ties"}:
        return word[:-1]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _amount(text: str) -> float:
    """A number as USDA writes it: ``1``, ``0.5``, ``1/2``, ``1 1/2``."""
    return float(sum(Fraction(part) for part in text.split()))


def normalise_measure(measure: str) -> tuple[str, str]:
    """Split a published measure into a normalised unit and a modifier.

    >>> normalise_measure('cup, chopped')
    ('cup', 'chopped')
    >>> normalise_measure('medium (7" to 7-7/8" long)')
    ('medium', '')
    >>> normalise_measure('slices')
    ('slice', '')
    >>> normalise_measure('Quantity not specified')
    ('default', '')
    """
    text = measure.strip()
    if text.lower().startswith(DEFAULT_PORTION.lower()):
        return "default", ""
    serving = _SERVING_OF.match(text)
    if serving:  # "serving 1/2 cup": a volume after all
        return UNIT_WORDS[serving.group(2).lower()], ""
    bare = re.sub(r"\([^)]*\)?", " ", text).lower()
    bare = re.sub(r"[,;]", " , ", bare)
    bare = re.sub(r"\s+", " ", bare).strip()
    unit = ""
    rest = bare
    for key in sorted(UNIT_WORDS, key=len, reverse=True):
        if bare == key or bare.startswith(key + " "):
            unit, rest = UNIT_WORDS[key], bare[len(key) :]
            break
    if not unit:
        first = re.split(r"[ ,/]", bare, maxsplit=1)[0]
        unit = _singular(first) if first else "serving"
        rest = bare[len(first) :]
    modifier_words = [w for w in re.findall(r"[a-z]+", rest) if w in MODIFIER_WORDS]
    modifier = " ".join(dict.fromkeys("sliced" if w == "slices" else w for w in modifier_words))
    return unit, modifier


def _blank_or_number(value: str) -> str:
    """Keep a published number as text; a blank stays blank (never 0)."""
    value = value.strip()
    if value == "":
        return ""
    float(value)  # fail loudly on anything that is not a number
    return value


def _nutrients(row: dict[str, str]) -> dict[str, str]:
    """The ``NUTRIENT_COLUMNS`` of an extract row, as published (blank stays blank)."""
    return {column: _blank_or_number(row[column]) for column in NUTRIENT_COLUMNS}


def build(sr28: Path, fndds: Path, out: Path) -> tuple[int, int]:
    """Write ``foods.csv`` and ``portions.csv`` into ``out``; return their row counts."""
    foods: list[dict[str, str]] = []
    portions: list[dict[str, str]] = []
    with (sr28 / "foods.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            foods.append(
                {
                    "food_id": f"sr28:{row['ndb_no']}",
                    "source": "sr28",
                    "description": row["long_desc"],
                    "food_group": row["food_group"],
                    "common_names": row["common_name"],
                    **_nutrients(row),
                }
            )
    with (fndds / "foods.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            foods.append(
                {
                    "food_id": f"fndds:{row['food_code']}",
                    "source": "fndds",
                    "description": row["description"],
                    "food_group": row["wweia_category_description"],
                    "common_names": "",
                    **_nutrients(row),
                }
            )
    known = {food["food_id"] for food in foods}
    with (sr28 / "portions.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            unit, modifier = normalise_measure(row["measure_desc"])
            amount = _amount(row["amount"])
            serving = _SERVING_OF.match(row["measure_desc"].strip())
            if serving:
                amount *= _amount(serving.group(1))
            portions.append(
                {
                    "food_id": f"sr28:{row['ndb_no']}",
                    "seq": row["seq"],
                    "amount": f"{amount:g}",
                    "measure": row["measure_desc"],
                    "unit": unit,
                    "modifier": modifier,
                    "grams": row["gram_weight"],
                }
            )
    with (fndds / "portions.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            food_id = f"fndds:{row['food_code']}"
            if food_id not in known:
                continue  # e.g. 11000000 (Milk, human): portions without nutrient values
            text = row["portion_description"].strip()
            match = _LEADING_AMOUNT.match(text)
            amount, measure = (
                (_amount(match.group(1)), text[match.end() :]) if match else (1.0, text)
            )
            if float(row["gram_weight"]) <= 0:
                continue  # a published weight of 0 cannot convert anything
            unit, modifier = normalise_measure(measure)
            portions.append(
                {
                    "food_id": food_id,
                    "seq": row["seq_num"],
                    "amount": f"{amount:g}",
                    "measure": measure,
                    "unit": unit,
                    "modifier": modifier,
                    "grams": row["gram_weight"],
                }
            )
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("foods.csv", foods), ("portions.csv", portions)):
        with (out / name).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return len(foods), len(portions)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sr28", type=Path, help="folder with the SR28 foods.csv and portions.csv")
    parser.add_argument("fndds", type=Path, help="folder with the FNDDS foods.csv and portions.csv")
    parser.add_argument("--out", type=Path, default=Path("data"), help="output folder [data]")
    args = parser.parse_args(argv)
    n_foods, n_portions = build(args.sr28, args.fndds, args.out)
    print(f"wrote {n_foods} foods and {n_portions} portions to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
