"""The declared dependency floors: the constraints that `.ci/lowest` installs, and the
import-time refusal of a pandas older than the floor (pandas < 3 resolves no food line)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import mgcalc

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _floors() -> dict[str, str]:
    script = ROOT / ".ci" / "lowest.py"
    if not script.exists():  # pragma: no cover - an sdist has no .ci/
        pytest.skip("no .ci/lowest.py here")
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line for line in done.stdout.splitlines() if line and not line.startswith("#")]
    return dict(line.split("==") for line in lines)


def test_lowest_pins_every_runtime_floor_and_the_tested_extras() -> None:
    floors = _floors()
    runtime = {"pint", "pydantic", "pandas", "numpy", "rapidfuzz"}
    extras = {"jinja2", "matplotlib", "openpyxl", "dask", "distributed", "scipy"}
    assert set(floors) == runtime | extras
    for requirement in PYPROJECT["project"]["dependencies"]:
        name, floor = requirement.split(">=")
        assert floors[name] == floor


def test_the_import_check_uses_the_declared_pandas_floor() -> None:
    assert ".".join(map(str, mgcalc._PANDAS_FLOOR)) == _floors()["pandas"]


@pytest.mark.parametrize("found", ["2.2.0", "2.3.3", "3.0.6"])
def test_an_older_pandas_is_refused_at_import(monkeypatch: pytest.MonkeyPatch, found: str) -> None:
    monkeypatch.setattr(mgcalc, "version", lambda name: found)
    with pytest.raises(ImportError, match=rf"needs pandas>=3\.1, but pandas {found} is installed"):
        mgcalc._check_pandas()


@pytest.mark.parametrize("found", ["3.1.0", "3.1.0rc0", "3.2.1", "4.0.0.dev0+12.gabc"])
def test_the_floor_and_newer_are_accepted(monkeypatch: pytest.MonkeyPatch, found: str) -> None:
    monkeypatch.setattr(mgcalc, "version", lambda name: found)
    mgcalc._check_pandas()


def test_the_installed_pandas_passes_the_check() -> None:
    mgcalc._check_pandas()
