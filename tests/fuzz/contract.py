"""The contract every public entry point keeps on any input, checked on one call.

An entry point either

- **returns**, and then no number anywhere in its result is infinite (NaN only stands for
  an unknown value), and any JSON it writes is standard JSON; or
- **refuses**, with a :class:`~mgcalc.errors.MgcalcError` (a
  :class:`pydantic.ValidationError` where a model constructor documents it) whose message
  says what is wrong, and which pickles (errors cross process boundaries in Dask).

It never raises anything else, and never hangs: a call that has not answered within
:data:`HARD_LIMIT_S` is stopped and fails, and one slower than :data:`FUZZ_DEADLINE` fails
too (hypothesis reruns it to confirm). Examples per target follow ``HYPOTHESIS_PROFILE``
(:data:`FUZZ_EXAMPLES`): ``ci`` runs a fixed set of 500 (derandomised, so that a commit passes
or fails the same way every time it is checked), ``explore`` 500 new ones on every run (to
look for what the fixed set misses). :data:`OUTCOMES` counts what each target did, for the
table printed at the end of a fuzz run.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import pickle
import signal
import threading
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, Final

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, settings
from pydantic import BaseModel, ValidationError

from mgcalc.errors import InvalidLogError, MgcalcError

HARD_LIMIT_S: Final = 20.0
"""A call that has not answered after this long is a hang [s] (far above any deadline)."""

FUZZ_EXAMPLES: Final = {"dev": 40, "ci": 500, "explore": 500}
"""Examples per target under each hypothesis profile."""

FUZZ_FIXED: Final = frozenset({"ci"})
"""Profiles that draw the same examples on every run (CI's gate is reproducible)."""

FUZZ_DEADLINE: Final = timedelta(seconds=3)
"""The longest one call may take: a 10,000-character line, an analysis of a hostile log,
a workbook read from bytes all answer well within it (the benchmarks time them)."""


def fuzz_settings() -> settings:
    """The hypothesis settings of a fuzz target under the current profile."""
    profile = os.environ.get("HYPOTHESIS_PROFILE", "dev")
    return settings(
        max_examples=FUZZ_EXAMPLES.get(profile, FUZZ_EXAMPLES["dev"]),
        derandomize=profile in FUZZ_FIXED,
        deadline=FUZZ_DEADLINE,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.large_base_example,
        ],
    )


OUTCOMES: Counter[tuple[str, str]] = Counter()
"""(target, outcome) -> calls: ``returned``, ``MgcalcError``, ``ValidationError``, ``other``."""


class Hang(BaseException):
    """Raised into a call that overran :data:`HARD_LIMIT_S` (a BaseException, so that no
    ``except Exception`` in the code under test can swallow it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` into the block if it runs longer than ``seconds`` (POSIX main
    thread; elsewhere the block runs unguarded and the hypothesis deadline still applies)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def on_alarm(_signum: int, _frame: Any) -> None:
        raise Hang(f"no answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


OPEN_BOUNDS: Final = frozenset({"age_max_months"})
"""Fields where ``inf`` is no number but a bound that is not there: the open-ended age band
of a reference value ("71 y and over"), as ``references.csv`` states it."""


def infinite_values(value: Any, path: str = "result", depth: int = 0) -> list[str]:
    """Where ``value`` holds an infinite number: paths such as ``result.daily['ratio'][3]``
    (the fields of :data:`OPEN_BOUNDS` excepted)."""
    if depth > 6 or path.rsplit(".", 1)[-1] in OPEN_BOUNDS:
        return []
    found: list[str] = []
    if isinstance(value, bool | int | str | bytes | type(None)):
        return []
    if isinstance(value, float | np.floating):
        return [path] if math.isinf(value) else []
    if isinstance(value, complex):
        return [path] if math.isinf(value.real) or math.isinf(value.imag) else []
    if type(value).__module__.split(".", 1)[0] == "pint" and hasattr(value, "magnitude"):
        return infinite_values(value.magnitude, f"{path}.magnitude", depth + 1)
    if isinstance(value, pd.DataFrame):
        for column in value.columns:
            found += infinite_values(value[column], f"{path}[{column!r}]", depth + 1)
        return found
    if isinstance(value, pd.Series | pd.Index):
        if pd.api.types.is_float_dtype(value.dtype):
            bad = np.flatnonzero(np.isinf(value.to_numpy(dtype=float, na_value=np.nan)))
            return [f"{path}[{i}]" for i in bad[:3]]
        if value.dtype == object:
            for i, cell in enumerate(value.tolist()[:200]):
                found += infinite_values(cell, f"{path}[{i}]", depth + 1)
        return found
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            bad = np.flatnonzero(np.isinf(value).ravel())
            return [f"{path}[{i}]" for i in bad[:3]]
        if value.dtype == object:
            for i, cell in enumerate(value.ravel().tolist()[:200]):
                found += infinite_values(cell, f"{path}[{i}]", depth + 1)
        return found
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            found += infinite_values(getattr(value, name), f"{path}.{name}", depth + 1)
        for name in type(value).model_computed_fields:
            found += infinite_values(getattr(value, name), f"{path}.{name}", depth + 1)
        return found
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            found += infinite_values(getattr(value, field.name), f"{path}.{field.name}", depth + 1)
        return found
    if isinstance(value, dict):
        for key, item in list(value.items())[:200]:
            found += infinite_values(item, f"{path}[{key!r}]", depth + 1)
        return found
    if isinstance(value, list | tuple | set | frozenset):
        for i, item in enumerate(list(value)[:200]):
            found += infinite_values(item, f"{path}[{i}]", depth + 1)
        return found
    if hasattr(value, "_asdict"):  # a NamedTuple
        return infinite_values(value._asdict(), path, depth + 1)
    return []


def strict_json(text: str) -> Any:
    """Parse JSON that must be standard: no ``NaN``, ``Infinity`` or ``-Infinity`` tokens."""

    def refuse(token: str) -> Any:
        raise AssertionError(f"non-standard JSON token {token} written")

    return json.loads(text, parse_constant=refuse)


def check_refusal(exc: BaseException) -> None:
    """A refusal must say what is wrong and survive pickling."""
    message = str(exc)
    assert message.strip(), f"{type(exc).__name__} with an empty message"
    assert "Traceback" not in message, message
    if isinstance(exc, MgcalcError):
        copy = pickle.loads(pickle.dumps(exc))
        assert type(copy) is type(exc), "the error does not pickle"
        assert str(copy) == message, "the error does not pickle"
    if isinstance(exc, InvalidLogError):
        assert all(isinstance(row, int) and row >= 1 for row in exc.rows), exc.rows
    if isinstance(exc, ValidationError):
        assert exc.errors(), "a ValidationError with no error in it"


def run_contract(
    name: str, call: Callable[..., Any], arguments: dict[str, Any], validation_error: bool
) -> Any:
    """Call ``call(**arguments)`` and check the contract; count the outcome under ``name``.

    Returns the result (None after a refusal). Raises AssertionError, naming the target
    and the exception, when the contract is broken.
    """
    try:
        with warnings.catch_warnings(), time_limit(HARD_LIMIT_S):
            warnings.simplefilter("ignore")
            result = call(**arguments)
    except MgcalcError as exc:
        OUTCOMES[name, "MgcalcError"] += 1
        check_refusal(exc)
        return None
    except ValidationError as exc:
        if not validation_error:
            OUTCOMES[name, "other"] += 1
            raise AssertionError(f"{name} raised a pydantic ValidationError: {exc}") from exc
        OUTCOMES[name, "ValidationError"] += 1
        check_refusal(exc)
        return None
    except Hang as exc:
        OUTCOMES[name, "other"] += 1
        raise AssertionError(f"{name} hung: {exc}") from None
    except Exception as exc:
        OUTCOMES[name, "other"] += 1
        raise AssertionError(
            f"{name} raised {type(exc).__name__}, not a MgcalcError: {str(exc)[:300]}"
        ) from exc
    OUTCOMES[name, "returned"] += 1
    bad = infinite_values(result)
    assert not bad, f"{name} returned infinite values at {', '.join(bad[:5])}"
    if isinstance(result, BaseModel):  # what an app sends on: standard JSON, or a refusal
        strict_json(result.model_dump_json())
    return result
