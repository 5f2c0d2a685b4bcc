"""The fuzzing suite (issue 18): every public entry point of mgcalc, given hostile input,
returns finite results or refuses with a MgcalcError, and never hangs.

Run it with ``pytest -m fuzz`` (CI: ``HYPOTHESIS_PROFILE=ci pytest -m fuzz``, 500
examples per target); the table of outcomes per target is printed at the end.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from contract import fuzz_settings, run_contract
from fuzz_targets import TARGETS
from hypothesis import given

pytestmark = pytest.mark.fuzz


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_contract(name: str) -> None:
    """Returns with finite numbers, or refuses with a MgcalcError; the target's law holds."""
    target = TARGETS[name]

    def example(arguments: dict[str, Any]) -> None:
        result = run_contract(name, target.call, arguments, target.validation_error)
        if result is not None and target.check is not None:
            target.check(result, **arguments)

    # one example database per target: hypothesis keys it by the function's name
    example.__name__ = example.__qualname__ = "fuzz_" + re.sub(r"\W", "_", name)
    fuzz_settings()(given(target.arguments)(example))()
