"""Frame schemas checked once at the boundary (pandera), reported as InvalidLogError.

Every bad cell of a frame is reported at once, with its column and its rows (1-based, as
a spreadsheet shows them below the header), rather than failing on the first one.
pandera is imported when a frame is first validated, not when mgcalc is imported.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from mgcalc.errors import InvalidLogError

if TYPE_CHECKING:  # pragma: no cover
    import pandera.pandas as pa

__all__ = ["entries_schema", "resolved_entries_schema", "validate"]


@cache
def entries_schema() -> pa.DataFrameSchema:
    """The canonical entries frame of a :class:`~mgcalc.FoodLog` (see ``ENTRY_COLUMNS``)."""
    import pandera.pandas as pa

    non_negative = pa.Check.ge(0, error="must be zero or more (blank when unknown)")
    return pa.DataFrameSchema(
        {
            "entry_id": pa.Column("int64", pa.Check.ge(1), unique=True),
            "person_id": pa.Column(checks=pa.Check(lambda s: s.astype(str).str.len() > 0)),
            "date": pa.Column("datetime64[ns]", nullable=False),
            "amount": pa.Column(
                "float64",
                pa.Check(lambda s: ~s.isin([float("inf"), float("-inf")]), error="finite"),
                nullable=True,
            ),
            "reported_grams": pa.Column("float64", non_negative, nullable=True),
            "reported_magnesium_mg": pa.Column("float64", non_negative, nullable=True),
            "reported_calcium_mg": pa.Column("float64", non_negative, nullable=True),
        },
        strict=False,
    )


@cache
def resolved_entries_schema() -> pa.DataFrameSchema:
    """Resolved entries for the cohort path: person_id, date, food_id, grams [g] >= 0."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "person_id": pa.Column(nullable=False),
            "date": pa.Column(nullable=False),
            "food_id": pa.Column(nullable=False),
            "grams": pa.Column(
                "float64", pa.Check.ge(0, error="must be zero or more"), nullable=True, coerce=True
            ),
        },
        strict=False,
    )


def validate(frame: pd.DataFrame, schema: Any, what: str = "log") -> pd.DataFrame:
    """Validate ``frame`` against ``schema`` lazily; raise one InvalidLogError for all failures.

    Raises
    ------
    InvalidLogError
        Naming the first failing column and every failing row, with a summary of the rest.
    """
    import pandera.errors

    try:
        validated: pd.DataFrame = schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        columns = [str(c) for c in cases["column"].dropna().unique()] if "column" in cases else []
        rows = sorted({int(i) + 1 for i in pd.to_numeric(cases["index"], errors="coerce").dropna()})
        checks = "; ".join(
            dict.fromkeys(f"{c}: {k}" for c, k in zip(cases["column"], cases["check"], strict=True))
        )
        raise InvalidLogError(
            f"invalid {what}: {checks}", columns[0] if columns else None, rows
        ) from exc
    return validated
