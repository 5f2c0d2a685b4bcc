"""Every public callable of mgcalc has a fuzz target (or a stated reason not to): a new
public name without one fails here, in the fast suite."""

from __future__ import annotations

from fuzz_targets import NOT_FUZZED, TARGETS

import mgcalc as mg


def _public_callables() -> list[str]:
    return [name for name in mg.__all__ if callable(getattr(mg, name))]


def test_every_public_callable_has_a_fuzz_target() -> None:
    covered = {name.split(".", 1)[0] for name in TARGETS} | set(NOT_FUZZED)
    missing = [name for name in _public_callables() if name not in covered]
    assert not missing, (
        "public names without a fuzz target in tests/fuzz/fuzz_targets.py (see its docstring "
        f"for how to add one): {', '.join(missing)}"
    )


def test_no_target_or_exemption_names_a_removed_name() -> None:
    public = set(mg.__all__) | {"mgcalc (command line)"}
    stale = [name for name in [*TARGETS, *NOT_FUZZED] if name.split(".", 1)[0] not in public]
    assert not stale, f"fuzz targets for names mgcalc no longer exports: {stale}"


def test_exemptions_say_why() -> None:
    assert all(len(reason) > 40 for reason in NOT_FUZZED.values())
    assert not set(NOT_FUZZED) & {name.split(".", 1)[0] for name in TARGETS}
