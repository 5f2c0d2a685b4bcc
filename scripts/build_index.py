"""Build ``data/search_index.npz``: the bundled food table's search index, prebuilt.

Usage::

    python scripts/build_index.py [--out data]

Run it after ``data/foods.csv``, ``data/portions.csv`` or ``src/mgcalc/_matching.py``
change (``tests/test_foods.py`` fails while the shipped index is stale). See
:mod:`mgcalc._index_store` for the format and the key.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mgcalc._index_store import INDEX_FILE, index_key, save_index
from mgcalc._matching import BASE_ALIASES
from mgcalc.foods import FoodTable


def main(argv: list[str]) -> int:
    """Write the index file; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data")
    args = parser.parse_args(argv)
    index = FoodTable.default().build_index()
    path = args.out / INDEX_FILE
    path.write_bytes(save_index(index, index_key(BASE_ALIASES)))
    print(f"wrote {path.name}: {path.stat().st_size:,} bytes, {len(index.food_ids):,} foods")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
