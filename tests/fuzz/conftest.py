"""The fuzz suite's fixtures and table of outcomes; settings: :func:`contract.fuzz_settings`."""

from __future__ import annotations

from typing import Any

import pytest
from contract import OUTCOMES


@pytest.fixture(scope="session", autouse=True)
def _warm_tables() -> None:
    """Load the food table and its search index once, so that no example pays for it."""
    import mgcalc as mg

    mg.estimate("1 oz almonds")
    mg.Q_(1, "mg")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print, per target, how many calls returned, refused (MgcalcError or pydantic's
    ValidationError) or did anything else."""
    if not OUTCOMES:
        return
    names = sorted({name for name, _ in OUTCOMES})
    kinds = ("returned", "MgcalcError", "ValidationError", "other")
    write = terminalreporter.write_line
    write("")
    write("fuzz outcomes (calls per target, examples and shrinking included)")
    width = max(len(n) for n in names)
    write(f"{'target':<{width}}  {'calls':>6}  " + "  ".join(f"{k:>15}" for k in kinds))
    totals = dict.fromkeys(kinds, 0)
    for name in names:
        counts = [OUTCOMES[name, kind] for kind in kinds]
        for kind, count in zip(kinds, counts, strict=True):
            totals[kind] += count
        write(f"{name:<{width}}  {sum(counts):>6}  " + "  ".join(f"{c:>15}" for c in counts))
    write(
        f"{'all':<{width}}  {sum(totals.values()):>6}  "
        + "  ".join(f"{totals[k]:>15}" for k in kinds)
    )
