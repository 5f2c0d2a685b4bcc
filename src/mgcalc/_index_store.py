"""The bundled food table's search index, built once at release time and loaded in milliseconds.

Building the search index (:class:`mgcalc._matching.MatchIndex`) tokenises 14,220 food
names and takes about half a second; an app that starts a fresh process per request would
pay it on every start. So ``scripts/build_index.py`` builds it once and ships it as
``data/search_index.npz`` (plain NumPy arrays and JSON text: no pickle), with a key made
from everything the index depends on: the food and portion files, the matching code and
its aliases. At run time the key is recomputed; a file built from other data or code is
ignored and the index is built afresh, so a stale file can only cost time, never change
a result (and a test fails while the shipped file is stale).

The codec is generic over the index's fields: arrays, mappings of a word to an array (or
to a pair of arrays), mappings of a word to a number, sets of words and lists of them, and
lists or mappings of text; the caches an index fills as it is used start empty. Text is
stored as UTF-8 (a list of words as one text joined by NUL, anything else as JSON) and row
numbers as 32-bit integers, so that the file decompresses and loads in a few tens of
milliseconds; the key holds this codec's source too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any, Final, overload

import numpy as np

from mgcalc._data import data_file
from mgcalc._matching import MatchIndex

__all__ = ["INDEX_FILE", "index_key", "load_index", "save_index"]

INDEX_FILE: Final = "search_index.npz"


def index_key(aliases: Mapping[str, str]) -> str:
    """The key of the bundled table's index: a hash of the data, the matching code and the
    aliases it was built with."""
    import mgcalc._matching as matching

    digest = hashlib.sha256()
    for name in ("foods.csv", "portions.csv"):
        digest.update(data_file(name).read_bytes())
    for module in (matching, sys.modules[__name__]):
        source = module.__loader__.get_source(module.__name__)  # type: ignore[union-attr]
        digest.update((source or "").encode("utf-8"))
    digest.update(json.dumps(dict(aliases), sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def _is_array_map(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(v, np.ndarray) for v in value.values())


def _is_pair_map(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, np.ndarray) for x in v)
        for v in value.values()
    )


def _is_number_map(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(v, float | int) and not isinstance(v, bool) for v in value.values()
    )


_SEPARATOR: Final = "\x00"


def _texts(texts: Sequence[str]) -> tuple[Any, Any]:
    """A list of text as UTF-8 bytes joined by NUL, and its length (a list whose texts
    hold a NUL is stored as JSON: the length is then -1)."""
    if any(_SEPARATOR in text for text in texts):
        return _utf8(json.dumps(list(texts))), np.array(-1)
    return _utf8(_SEPARATOR.join(texts)), np.array(len(texts))


def _read_texts(stored: Any, name: str) -> list[str]:
    """The list of text :func:`_texts` stored under ``name``."""
    text, count = stored[name].tobytes().decode("utf-8"), int(stored[f"{name}.count"])
    if count < 0:
        found: list[str] = json.loads(text)
        return found
    return text.split(_SEPARATOR) if count else []


def _utf8(text: str) -> Any:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _rows(flat: Any) -> Any:
    """Row numbers in 32 bits when they fit (they are read back as ``np.intp``)."""
    return flat.astype(np.int32) if len(flat) == 0 or flat.max() < 2**31 else flat


def _concat(arrays: list[np.ndarray[Any, Any]], dtype: Any) -> tuple[Any, Any]:
    offsets = np.cumsum([0] + [len(a) for a in arrays]).astype(np.int64)
    flat = np.concatenate(arrays).astype(dtype) if arrays else np.zeros(0, dtype)
    return flat, offsets


def save_index(index: MatchIndex, key: str) -> bytes:
    """The index as the bytes of an ``.npz`` file holding ``key``."""
    arrays: dict[str, Any] = {}
    schema: dict[str, str] = {}
    for field in dataclasses.fields(index):
        name, value = field.name, getattr(index, field.name)
        if name.startswith("_") and field.default_factory is not dataclasses.MISSING:
            continue  # a cache the index fills as it is used: starts empty
        if isinstance(value, frozenset | set):
            kind = "set"
            arrays[name], arrays[f"{name}.count"] = _texts(sorted(value))
        elif isinstance(value, list) and value and isinstance(value[0], frozenset | set):
            kind = "set_list"  # as word ids in one array (CSR): loads without Python per set
            words = sorted(set().union(*value))
            number = {w: i for i, w in enumerate(words)}
            ids, offsets = _concat(
                [np.array(sorted(number[w] for w in v), dtype=np.int32) for v in value], np.int32
            )
            arrays[f"{name}.words"], arrays[f"{name}.words.count"] = _texts(words)
            arrays[f"{name}.ids"], arrays[f"{name}.offsets"] = ids, offsets
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            kind = "text_list"
            arrays[name], arrays[f"{name}.count"] = _texts(value)
        elif isinstance(value, np.ndarray) and value.dtype == object:
            kind = "text"
            arrays[name], arrays[f"{name}.count"] = _texts([str(v) for v in value])
        elif isinstance(value, np.ndarray):
            kind = "array"
            arrays[name] = value
        elif _is_pair_map(value):
            kind = "pair_map"
            words = sorted(value)  # sorted: a build gives the same bytes whatever the hash seed
            arrays[f"{name}.words"], arrays[f"{name}.words.count"] = _texts(words)
            first, offsets = _concat([value[w][0] for w in words], np.intp)
            second, _ = _concat([value[w][1] for w in words], np.float64)
            arrays[f"{name}.first"], arrays[f"{name}.second"] = _rows(first), second
            arrays[f"{name}.offsets"] = offsets
        elif _is_array_map(value):
            kind = "array_map"
            words = sorted(value)
            arrays[f"{name}.words"], arrays[f"{name}.words.count"] = _texts(words)
            flat, offsets = _concat([value[w] for w in words], np.intp)
            arrays[f"{name}.flat"], arrays[f"{name}.offsets"] = _rows(flat), offsets
        elif _is_number_map(value):
            kind = "number_map"
            words = sorted(value)
            arrays[f"{name}.words"], arrays[f"{name}.words.count"] = _texts(words)
            arrays[f"{name}.values"] = np.array([value[w] for w in words], dtype=np.float64)
        else:
            kind = "json"
            arrays[name] = _utf8(json.dumps(value, sort_keys=True))
        schema[name] = kind
    arrays["__schema__"] = np.array(json.dumps(schema))
    arrays["__key__"] = np.array(key)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def load_index(content: bytes, key: str) -> MatchIndex | None:
    """The index stored in ``content``, or None when it was built for another ``key``."""
    with np.load(io.BytesIO(content), allow_pickle=False) as stored:
        if str(stored["__key__"]) != key:
            return None
        schema: dict[str, str] = json.loads(str(stored["__schema__"]))
        values: dict[str, Any] = {}
        for name, kind in schema.items():
            if kind == "array":
                values[name] = stored[name]
            elif kind == "text":
                values[name] = np.array(_read_texts(stored, name), dtype=object)
            elif kind == "text_list":
                values[name] = _read_texts(stored, name)
            elif kind in ("array_map", "pair_map"):
                words = _read_texts(stored, f"{name}.words")
                offsets = stored[f"{name}.offsets"].tolist()
                if kind == "array_map":
                    flat = stored[f"{name}.flat"].astype(np.intp)
                    values[name] = {
                        w: flat[offsets[i] : offsets[i + 1]] for i, w in enumerate(words)
                    }
                else:
                    first = stored[f"{name}.first"].astype(np.intp)
                    second = stored[f"{name}.second"]
                    values[name] = {
                        w: (first[offsets[i] : offsets[i + 1]], second[offsets[i] : offsets[i + 1]])
                        for i, w in enumerate(words)
                    }
            elif kind == "set":
                values[name] = frozenset(_read_texts(stored, name))
            elif kind == "set_list":
                values[name] = LazySets(
                    _read_texts(stored, f"{name}.words"), stored[f"{name}.ids"],
                    stored[f"{name}.offsets"],
                )  # fmt: skip
            elif kind == "number_map":
                values[name] = dict(
                    zip(_read_texts(stored, f"{name}.words"), stored[f"{name}.values"].tolist(),
                        strict=True)
                )  # fmt: skip
            else:
                values[name] = json.loads(stored[name].tobytes().decode("utf-8"))
    return MatchIndex(**values)


class LazySets(Sequence[frozenset[str]]):
    """A list of word sets stored as word ids, each set made when first read (a search
    reads a few hundred of the 14,220)."""

    def __init__(self, words: list[str], ids: Any, offsets: Any) -> None:
        self._words = words
        self._ids = ids
        self._offsets = offsets.tolist()
        self._made: dict[int, frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, index: int) -> frozenset[str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[frozenset[str]]: ...
    def __getitem__(self, index: int | slice) -> frozenset[str] | list[frozenset[str]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        found = self._made.get(index)
        if found is None:
            if index < 0:
                index += len(self)
            if not 0 <= index < len(self):
                raise IndexError(index)  # the sequence protocol
            words = self._words
            ids = self._ids[self._offsets[index] : self._offsets[index + 1]].tolist()
            found = self._made[index] = frozenset(words[i] for i in ids)
        return found


def bundled_index(aliases: Mapping[str, str]) -> MatchIndex | None:
    """The shipped index of the bundled table, if it is current; else None."""
    try:
        content = data_file(INDEX_FILE).read_bytes()
    except (OSError, LookupError):
        return None
    return load_index(content, index_key(aliases))
