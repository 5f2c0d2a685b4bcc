"""Write a pip constraints file that pins every declared floor (``name>=X``) to ``name==X``.

Reads ``[project] dependencies`` and the given optional-dependency groups of pyproject.toml
(default: the runtime dependencies and the extras the fast tests exercise: report, excel, suggest,
dask). Dev tools (pytest, hypothesis, mypy, ruff, docs builders...) are not pinned: they
float. Transitive dependencies float too, as with ``uv --resolution lowest-direct``.

    python .ci/lowest.py [--extras report,excel,dask] [-o constraints.txt]

Stdlib only, so that it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EXTRAS = "report,excel,dask,suggest"

# name, optional [extras], then the version clauses, then an optional environment marker
_REQUIREMENT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?P<spec>[^;]*)(?:;.*)?$"
)
_FLOOR = re.compile(r"^\s*>=\s*(?P<version>[0-9][0-9A-Za-z.+!-]*)\s*$")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def floors(requirements: list[str], project: str) -> dict[str, str]:
    """Map each requirement with a ``>=`` floor to that floor; self-references are skipped."""
    result: dict[str, str] = {}
    for requirement in requirements:
        match = _REQUIREMENT.match(requirement)
        if match is None:
            raise SystemExit(f"cannot parse requirement {requirement!r}")
        name = _normalise(match["name"])
        if name == project:
            continue
        for clause in match["spec"].split(","):
            floor = _FLOOR.match(clause)
            if floor is not None:
                result[name] = floor["version"]
        if name not in result:
            raise SystemExit(f"requirement {requirement!r} declares no '>=' floor")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extras", default=DEFAULT_EXTRAS, help="comma-separated extras")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--pyproject", type=Path, default=ROOT / "pyproject.toml")
    args = parser.parse_args(argv)

    project = tomllib.loads(args.pyproject.read_text(encoding="utf-8"))["project"]
    name = _normalise(project["name"])
    requirements = list(project.get("dependencies", []))
    optional = project.get("optional-dependencies", {})
    for extra in filter(None, (e.strip() for e in args.extras.split(","))):
        if extra not in optional:
            raise SystemExit(f"pyproject.toml has no extra {extra!r}")
        requirements += optional[extra]

    lines = [f"{package}=={version}" for package, version in floors(requirements, name).items()]
    text = "# the declared floors of pyproject.toml, pinned (.ci/lowest.py)\n"
    text += "\n".join(lines) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
