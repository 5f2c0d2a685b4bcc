"""Where mgcalc's bundled data files are, read once and lazily.

In an installed wheel the files are the package resources ``mgcalc/data/*.csv``
(the build copies the repository's ``data/`` there). In a source checkout installed
in editable mode that folder does not exist, so the repository's ``data/`` is used.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from mgcalc.errors import DataError

__all__ = ["data_file"]


def data_file(name: str) -> Traversable:
    """The bundled data file ``name`` (``"foods.csv"``), as a readable resource.

    Raises
    ------
    FileNotFoundError
        If the file is neither in the installed package nor in the source checkout.
    """
    packaged = resources.files("mgcalc") / "data" / name
    if packaged.is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "data" / name
    if checkout.is_file():
        return checkout
    raise DataError(f"mgcalc's data file {name!r} is missing from the installation")
