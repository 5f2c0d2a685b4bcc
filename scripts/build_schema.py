"""Write the JSON Schema of mgcalc's analysis document (IntakeAnalysis.to_json).

Usage: python scripts/build_schema.py [docs/schema/analysis.schema.json]

The schema is generated from the pydantic models (mgcalc.analysis.AnalysisDocument and
mgcalc.records); tests/test_records.py fails when the published file is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mgcalc.analysis import json_schema

DEFAULT = Path(__file__).resolve().parent.parent / "docs" / "schema" / "analysis.schema.json"


def schema_text() -> str:
    """The schema as it is published: sorted keys, two-space indent, final newline."""
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else DEFAULT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
