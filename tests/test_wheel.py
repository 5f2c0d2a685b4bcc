"""Tests of the built wheel of :mod:`mgcalc`: installed in a fresh environment, it finds its data.

The wheel is built from the checkout, installed into a new virtual environment outside
the checkout (without the system site-packages), and imported from a directory outside
the checkout, so a data file or ``py.typed`` missing from the wheel fails here (attrs tests
against its wheel the same way). Needs the ``build`` package and network access to PyPI
for the build backend and the runtime dependencies.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_WHEEL = ("mgcalc/data/foods.csv", "mgcalc/data/portions.csv", "mgcalc/py.typed")

CHECK = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    import mgcalc
    try:
        FoodTable = mgcalc.FoodTable
    except AttributeError:  # not re-exported yet
        from mgcalc.foods import FoodTable
    from mgcalc._data import data_file

    spinach = FoodTable.default()["sr28:11458"]
    print(json.dumps({
        "module": str(Path(mgcalc.__file__).resolve()),
        "foods_csv": str(data_file("foods.csv")),
        "prefix": str(Path(sys.prefix).resolve()),
        "description": spinach.description,
        "magnesium_mg_per_100g": spinach.magnesium_mg_per_100g,
        "n_foods": len(FoodTable.default()),
        "version": mgcalc.__version__,
    }))
    """
)


def _run(command: list[str | Path], cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, (
        f"{command} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout


@pytest.mark.slow
def test_the_wheel_ships_its_data_and_works_in_a_fresh_environment(tmp_path: Path) -> None:
    if importlib.util.find_spec("build") is None:
        pytest.fail("the 'build' package is missing: install mgcalc's 'test' extra")
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, ROOT], cwd=ROOT)
    wheels = sorted(dist.glob("mgcalc-*.whl"))
    assert len(wheels) == 1, wheels
    wheel = wheels[0]
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    missing = [name for name in IN_WHEEL if name not in names]
    assert not missing, f"{wheel.name} lacks {missing}"

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    assert "include-system-site-packages = false" in (venv / "pyvenv.cfg").read_text()
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    _run([python, "-m", "pip", "install", "--quiet", wheel], cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    report = json.loads(_run([python, "-c", CHECK], cwd=elsewhere).strip().splitlines()[-1])
    prefix = Path(report["prefix"])
    assert prefix == venv.resolve()
    assert Path(report["module"]).is_relative_to(prefix), "mgcalc was imported from the checkout"
    assert not Path(report["module"]).is_relative_to(ROOT)
    assert Path(report["foods_csv"]).is_relative_to(prefix), "foods.csv came from the checkout"
    assert report["description"] == "Spinach, cooked, boiled, drained, without salt"
    assert report["magnesium_mg_per_100g"] == 87.0
    assert report["n_foods"] == 14_220
    assert report["version"] != "0+unknown"
