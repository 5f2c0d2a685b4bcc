"""Build mgcalc's ``data/foods.csv`` and ``data/portions.csv`` from the USDA releases, and
``data/waters.csv`` from the sourced table of drinking waters.

Usage::

    python scripts/build_data.py SR28_DIR FNDDS_DIR [--waters WATERS_DIR] [--out data]

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

``WATERS_DIR`` holds ``waters.csv`` (name, kind, country, magnesium_mg_per_l,
calcium_mg_per_l, source, source_detail, year_of_data, note). Every row and column is kept;
each water gets a stable ``id`` and the ``aliases`` people type (``WATER_IDS``), and each
mineral an explicit low-high range (``WATER_SOURCE_RANGES``) beside the value shown.
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


# -- waters ------------------------------------------------------------------------------------

WATER_COLUMNS = (
    "name", "kind", "country", "magnesium_mg_per_l", "calcium_mg_per_l",
    "source", "source_detail", "year_of_data", "note",
)  # fmt: skip
WATER_KINDS = frozenset({"bottled_mineral", "bottled_spring", "bottled_purified", "tap"})
WATER_MINERALS = ("magnesium", "calcium")

# Published name -> (id, aliases): the spellings people type, lower case, none shared by two
# waters. A bare brand that names several waters gets no alias ("vichy" is four waters here;
# "gerolsteiner" is Sprudel as well as Naturell), and no city is a bare alias of its tap water.
WATER_IDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Evian": ("water:evian", ("evian", "évian")),
    "Volvic": ("water:volvic", ("volvic",)),
    "Vittel (Grande Source)": ("water:vittel_grande_source", ("vittel", "vittel grande source")),
    "Contrex": ("water:contrex", ("contrex", "contrexéville", "contrexeville")),
    "Hépar": ("water:hepar", ("hepar", "hépar")),
    "Perrier": ("water:perrier", ("perrier",)),
    "Badoit": ("water:badoit", ("badoit",)),
    "S.Pellegrino": (
        "water:san_pellegrino",
        ("san pellegrino", "s. pellegrino", "s.pellegrino", "pellegrino"),
    ),
    "Apollinaris": ("water:apollinaris", ("apollinaris",)),
    "Vichy Célestins": (
        "water:vichy_celestins",
        ("vichy célestins", "vichy celestins", "célestins", "celestins"),
    ),
    "Vichy Saint-Yorre": (
        "water:saint_yorre",
        ("saint-yorre", "saint yorre", "st-yorre", "st yorre", "vichy saint-yorre"),
    ),
    "Courmayeur": ("water:courmayeur", ("courmayeur",)),
    "Rozana": ("water:rozana", ("rozana",)),
    "Hydroxydase": ("water:hydroxydase", ("hydroxydase",)),
    "Quézac": ("water:quezac", ("quézac", "quezac")),
    "Châteldon": ("water:chateldon", ("châteldon", "chateldon")),
    "La Salvetat": ("water:la_salvetat", ("la salvetat", "salvetat")),
    "Thonon": ("water:thonon", ("thonon",)),
    "Mont Roucous": ("water:mont_roucous", ("mont roucous",)),
    "Levissima": ("water:levissima", ("levissima",)),
    "Spa Reine": ("water:spa_reine", ("spa reine", "spa-reine")),
    "Cristaline (eau de source)": ("water:cristaline", ("cristaline",)),
    "Donat Mg": ("water:donat_mg", ("donat mg", "donat", "donat magnesium")),
    "Borjomi": ("water:borjomi", ("borjomi",)),
    "Egeria": ("water:egeria", ("egeria",)),
    "Gerolsteiner Naturell (still)": (
        "water:gerolsteiner_naturell",
        ("gerolsteiner naturell", "gerolsteiner still"),
    ),
    "Vichy Catalan": ("water:vichy_catalan", ("vichy catalan",)),
    "Ramlösa": ("water:ramlosa", ("ramlösa", "ramlosa")),
    "Polar Spring": ("water:polar_spring", ("polar spring",)),
    "Fiji Water": ("water:fiji", ("fiji water", "fiji")),
    "Poland Spring": ("water:poland_spring", ("poland spring",)),
    "Dasani": ("water:dasani", ("dasani",)),
    "Aquafina": ("water:aquafina", ("aquafina",)),
    "Naya": ("water:naya", ("naya",)),
    "Mendocino (mineral water)": ("water:mendocino", ("mendocino", "mendocino mineral water")),
    "Vichy Springs (California)": ("water:vichy_springs", ("vichy springs",)),
    "Tap water, France (national average)": (
        "water:tap_france",
        ("tap water france", "french tap water", "eau du robinet"),
    ),
    "Tap water, USA municipal (national)": (
        "water:tap_usa_municipal",
        ("tap water usa", "us tap water", "municipal tap water"),
    ),
    "Tap water, USA well": ("water:tap_usa_well", ("well water", "us well water")),
    "Tap water, Hamburg (Hauptpumpwerk Rothenburgsort)": (
        "water:tap_hamburg_rothenburgsort",
        ("tap water hamburg", "hamburg tap water", "leitungswasser hamburg"),
    ),
    "Tap water, Köln linksrheinisch (Hochkirchen/Weiler works)": (
        "water:tap_koeln_linksrheinisch",
        (
            "tap water köln linksrheinisch",
            "tap water koeln linksrheinisch",
            "tap water cologne left bank",
        ),
    ),
    "Tap water, Köln rechtsrheinisch (Höhenhaus/Urbach works)": (
        "water:tap_koeln_rechtsrheinisch",
        (
            "tap water köln rechtsrheinisch",
            "tap water koeln rechtsrheinisch",
            "tap water cologne right bank",
        ),
    ),
    "Tap water, München": (
        "water:tap_muenchen",
        ("tap water münchen", "tap water muenchen", "tap water munich", "munich tap water"),
    ),
    "Tap water, Paris": ("water:tap_paris", ("tap water paris", "paris tap water", "eau de paris")),
    "Tap water, Berlin": ("water:tap_berlin", ("tap water berlin", "berlin tap water")),
}

# The rows where sources disagree, with the range across sources: the table "Rows where
# sources disagree" of the waters README (each figure is also quoted in the row's note).
# Every other low-high pair is the value shown, or the range published in its cell.
WATER_SOURCE_RANGES: dict[str, dict[str, tuple[str, str]]] = {
    "Vittel (Grande Source)": {"magnesium": ("20", "42"), "calcium": ("94", "240")},
    "Contrex": {"calcium": ("467", "546")},
    "Perrier": {"magnesium": ("3.8", "7"), "calcium": ("140", "160")},
    "S.Pellegrino": {"magnesium": ("51", "57"), "calcium": ("180", "208")},
    "Apollinaris": {"magnesium": ("110", "126")},
    "Châteldon": {"calcium": ("340", "383")},
    "Donat Mg": {"magnesium": ("1000", "1060"), "calcium": ("375", "380")},
    "Fiji Water": {"magnesium": ("13", "15")},
    "Gerolsteiner Naturell (still)": {"magnesium": ("44", "49")},
    "Tap water, München": {"calcium": ("77.5", "82.7")},
}

_RANGE_CELL = re.compile(r"^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$")
_NUMBER_IN_TEXT = re.compile(r"\d+(?:[.,]\d+)?")


def _mineral_cells(name: str, text: str) -> tuple[str, str, str]:
    """A water's mineral cell -> (value shown, low, high) [mg/L], as published text.

    >>> _mineral_cells("Evian", "26")
    ('26', '26', '26')
    >>> _mineral_cells("Borjomi", "20-150")
    ('', '20', '150')
    """
    text = text.strip()
    found = _RANGE_CELL.match(text)
    if found:  # only a range was found: no value to show
        low, high = found.groups()
        if float(low) > float(high):
            raise ValueError(f"waters.csv: {name}: range {text!r} runs backwards")
        return "", low, high
    if text == "":
        raise ValueError(f"waters.csv: {name}: a mineral cell is blank")
    try:
        float(text)
    except ValueError:
        raise ValueError(f"waters.csv: {name}: {text!r} is neither a number nor a range") from None
    return text, text, text


def _source_range(row: dict[str, str], mineral: str, value: str) -> tuple[str, str]:
    """The range across sources for a row of ``WATER_SOURCE_RANGES``, checked against the row:
    each bound is the value shown or a figure its note quotes, and the value lies within."""
    low, high = WATER_SOURCE_RANGES[row["name"]][mineral]
    quoted = {float(n.replace(",", ".")) for n in _NUMBER_IN_TEXT.findall(row["note"])}
    for bound in (low, high):
        if bound != value and float(bound) not in quoted:
            raise ValueError(f"waters.csv: {row['name']}: {mineral} {bound} is not in its note")
    if value and not float(low) <= float(value) <= float(high):
        raise ValueError(f"waters.csv: {row['name']}: {mineral} {value} is outside {low}-{high}")
    return low, high


def build_waters(waters: Path, out: Path) -> int:
    """Write ``waters.csv`` into ``out`` from ``waters / "waters.csv"``; return its row count."""
    with (waters / "waters.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != WATER_COLUMNS:
            raise ValueError(
                f"waters.csv: expected columns {WATER_COLUMNS}, not {reader.fieldnames}"
            )
        source_rows = list(reader)
    names = [row["name"] for row in source_rows]
    unknown = [name for name in names if name not in WATER_IDS]
    if unknown:
        raise ValueError(f"waters.csv: give these waters an id and aliases in WATER_IDS: {unknown}")
    owner: dict[str, str] = {}
    for name in names:
        for key in (name.lower(), *WATER_IDS[name][1]):
            if owner.setdefault(key, name) != name:
                raise ValueError(f"waters: {key!r} names both {owner[key]} and {name}")
    rows: list[dict[str, str]] = []
    for row in source_rows:
        if row["kind"] not in WATER_KINDS:
            raise ValueError(f"waters.csv: {row['name']}: unknown kind {row['kind']!r}")
        if not row["source"].strip():
            raise ValueError(f"waters.csv: {row['name']}: no source")
        water_id, aliases = WATER_IDS[row["name"]]
        built = {"id": water_id, "name": row["name"], "aliases": "; ".join(aliases)}
        built |= {"kind": row["kind"], "country": row["country"]}
        for mineral in WATER_MINERALS:
            value, low, high = _mineral_cells(row["name"], row[f"{mineral}_mg_per_l"])
            if mineral in WATER_SOURCE_RANGES.get(row["name"], {}):
                low, high = _source_range(row, mineral, value)
            built |= {
                f"{mineral}_mg_per_l": value,
                f"{mineral}_mg_per_l_low": low,
                f"{mineral}_mg_per_l_high": high,
            }
        built |= {column: row[column] for column in WATER_COLUMNS[5:]}
        rows.append(built)
    if len({row["id"] for row in rows}) != len(rows):
        raise ValueError("waters: ids are not unique")
    out.mkdir(parents=True, exist_ok=True)
    with (out / "waters.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sr28", type=Path, help="folder with the SR28 foods.csv and portions.csv")
    parser.add_argument("fndds", type=Path, help="folder with the FNDDS foods.csv and portions.csv")
    parser.add_argument("--waters", type=Path, help="folder with waters.csv (also builds it)")
    parser.add_argument("--out", type=Path, default=Path("data"), help="output folder [data]")
    args = parser.parse_args(argv)
    n_foods, n_portions = build(args.sr28, args.fndds, args.out)
    print(f"wrote {n_foods} foods and {n_portions} portions to {args.out}", file=sys.stderr)
    if args.waters is not None:
        n_waters = build_waters(args.waters, args.out)
        print(f"wrote {n_waters} waters to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
