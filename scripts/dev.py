"""Set up a development environment (once) and run mgcalc's demo or its tests.

Usage::

    python3 scripts/dev.py demo     # analyse the bundled example week, write report.html
    python3 scripts/dev.py test     # the fast test suite (CI also runs the slow ones)

Each command works alone on a machine with only Python 3 (3.11 or newer): the first run
creates ``.venv`` in the checkout and installs mgcalc with its test extra into it; later
runs skip that step until ``pyproject.toml`` changes (its hash is kept in the venv). Extra
arguments are passed on: ``python3 scripts/dev.py test -k ratio``. The tests run in parallel,
one worker per core (pytest-xdist); ``-n 0`` runs them in one process.

Standard library only: this script runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
STAMP = VENV / ".mgcalc-setup"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def _python() -> Path:
    return BIN / ("python.exe" if os.name == "nt" else "python")


def _fingerprint() -> str:
    """What the installed environment depends on: the project's metadata."""
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def setup() -> None:
    """Create ``.venv`` and install ``mgcalc[test]`` in it, unless that is already done."""
    if sys.version_info < (3, 11):  # noqa: UP036  # this script runs under any python3
        sys.exit(f"mgcalc needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if (
        STAMP.exists()
        and STAMP.read_text(encoding="utf-8") == _fingerprint()
        and _python().exists()
    ):
        return
    if not _python().exists():
        print("setting up .venv (once) ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    subprocess.run(
        [str(_python()), "-m", "pip", "install", "--quiet", "--editable", f"{ROOT}[test]"],
        check=True,
    )
    STAMP.write_text(_fingerprint(), encoding="utf-8")


def main(argv: list[str]) -> int:
    """Run ``demo`` or ``test`` with any extra arguments; return the exit status."""
    if not argv or argv[0] not in ("demo", "test"):
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    setup()
    if command == "demo":
        args = [str(BIN / "mgcalc"), "demo", "-o", "report.html", *extra]
    else:
        # the tests in parallel, one worker per core, unless the caller chose (-n 0: serial)
        chosen = any(a.startswith(("-n", "--numprocesses")) for a in extra)
        parallel = [] if chosen else ["-n", "auto"]
        args = [str(_python()), "-m", "pytest", *parallel, *extra]
    return subprocess.run(args, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
