"""Tests for :mod:`mgcalc._index_store`: the shipped search index is current, loads to the
same index a fresh build gives, and a stale file is ignored, never used."""

from __future__ import annotations

import numpy as np
import pytest

from mgcalc._data import data_file
from mgcalc._index_store import INDEX_FILE, bundled_index, index_key, load_index, save_index
from mgcalc._matching import BASE_ALIASES
from mgcalc.foods import FoodTable

TABLE = FoodTable.default()
QUERIES = ["almonds", "1 cup spinach, boiled", "greek yoghurt", "brocoli", "coffee with milk"]


@pytest.fixture(scope="module")
def fresh() -> object:
    return TABLE.build_index()


def test_the_shipped_index_is_current() -> None:
    """Fails while data/search_index.npz is stale: run ``python scripts/build_index.py``."""
    assert bundled_index(BASE_ALIASES) is not None


def test_the_shipped_index_is_the_index_a_fresh_build_gives(fresh: object) -> None:
    shipped = bundled_index(BASE_ALIASES)
    assert shipped is not None
    for query in QUERIES:
        assert shipped.rank(query, 5) == fresh.rank(query, 5)  # type: ignore[attr-defined]
    assert np.array_equal(shipped.demotion, fresh.demotion)  # type: ignore[attr-defined]
    assert set(shipped.postings) == set(fresh.postings)  # type: ignore[attr-defined]


def test_the_default_table_searches_with_it() -> None:
    assert TABLE.search("banana", 1)["description"].tolist() == ["Bananas, raw"]


def test_an_index_built_for_other_data_is_ignored(fresh: object) -> None:
    content = save_index(fresh, "another key")  # type: ignore[arg-type]
    assert load_index(content, index_key(BASE_ALIASES)) is None
    assert load_index(content, "another key") is not None


def test_the_file_holds_no_pickle() -> None:
    content = data_file(INDEX_FILE).read_bytes()
    load_index(content, "any")  # np.load(allow_pickle=False) would raise on a pickle
