"""Tests for :mod:`mgcalc._dates` as the readers use it (issue #12, "dates that never flip").

A file's dates are read with one rule for the whole file: day-first or month-first is
decided from all its values, never cell by cell, and a file whose every date could be read
either way is refused. These tests check the two cases the issue names: a CSV holding
"10/11/2026" and "13/11/2026", and a real-format Cronometer export with US dates.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd
import pytest

import mgcalc as mg
from mgcalc.errors import InvalidLogError
from mgcalc.importers import read_cronometer, read_log

CRONOMETER = Path(__file__).parent / "data" / "cronometer"

# Cronometer leaves many magnesium cells blank: those days' ratio is indeterminate, as the
# importer tests check; here only the dates and sums matter.
pytestmark = pytest.mark.filterwarnings("ignore::mgcalc.LowCoverageWarning")


def _write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_with_10_11_and_13_11_is_read_day_first_for_every_row(tmp_path: Path) -> None:
    # "13/11/2026" can only be day-first, so "10/11/2026" in the same file is 10 November,
    # not 11 October as a cell-by-cell reader would take it
    path = _write(
        tmp_path, "date,food\n10/11/2026,1 cup milk\n13/11/2026,1 oz almonds\n"
    )  # fmt: skip
    expected = [pd.Timestamp("2026-11-10"), pd.Timestamp("2026-11-13")]
    for log in (mg.FoodLog.from_csv(path), read_log(path)):
        assert list(pd.to_datetime(log.entries["date"])) == expected


def test_the_same_dates_in_the_other_order_are_read_the_same(tmp_path: Path) -> None:
    path = _write(tmp_path, "date,food\n13/11/2026,1 oz almonds\n10/11/2026,1 cup milk\n")
    dates = list(pd.to_datetime(mg.FoodLog.from_csv(path).entries["date"]))
    assert dates == [pd.Timestamp("2026-11-13"), pd.Timestamp("2026-11-10")]


def test_a_file_of_only_ambiguous_dates_is_refused_unless_told(tmp_path: Path) -> None:
    path = _write(tmp_path, "date,food\n10/11/2026,1 cup milk\n11/10/2026,1 oz almonds\n")
    with pytest.raises(InvalidLogError, match="dayfirst"):
        mg.FoodLog.from_csv(path)
    told = mg.FoodLog.from_csv(path, dayfirst=True)
    assert list(pd.to_datetime(told.entries["date"])) == [
        pd.Timestamp("2026-11-10"),
        pd.Timestamp("2026-10-11"),
    ]


def _us_dated_export(tmp_path: Path) -> tuple[Path, dict[pd.Timestamp, float]]:
    """The 2025 Cronometer export (header of import-formats §1.2) with its dates written the
    US way, as an account with a US locale exports them (6/28/2025); and each day's sum of
    its known Magnesium (mg) cells."""
    with (CRONOMETER / "servings_2025.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    day = header.index("Day")
    magnesium = header.index("Magnesium (mg)")
    sums: dict[pd.Timestamp, float] = {}
    for row in body:
        date = pd.Timestamp(row[day])
        row[day] = f"{date.month}/{date.day}/{date.year}"
        if row[magnesium].strip():
            sums[date] = sums.get(date, 0.0) + float(row[magnesium])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    return _write(tmp_path, out.getvalue(), "servings_us.csv"), sums


def test_a_cronometer_export_with_us_dates_imports_with_every_day_its_own_sum(
    tmp_path: Path,
) -> None:
    path, sums = _us_dated_export(tmp_path)
    assert "6/28/2025" in path.read_text(encoding="utf-8")
    daily = mg.analyze(read_cronometer(path)).daily.set_index("date")
    assert sorted(daily.index) == sorted(sums)
    for date, total in sums.items():
        assert daily.loc[date, "magnesium_mg"] == pytest.approx(total, rel=1e-12)


def test_a_us_date_in_january_reads_month_first(tmp_path: Path) -> None:
    text = (
        "Day,Group,Food Name,Amount,Magnesium (mg),Calcium (mg)\n"
        "1/27/2026,Breakfast,Almonds,28.00 g,75.9,75.6\n"
        "1/27/2026,Lunch,Milk,1.00 cup,26.8,276\n"
        "1/28/2026,Lunch,Kale,1.00 cup,,52\n"
    )
    daily = mg.analyze(read_cronometer(_write(tmp_path, text))).daily.set_index("date")
    assert list(daily.index) == [pd.Timestamp("2026-01-27"), pd.Timestamp("2026-01-28")]
    assert daily.loc[pd.Timestamp("2026-01-27"), "magnesium_mg"] == pytest.approx(75.9 + 26.8)
    assert math.isnan(daily.loc[pd.Timestamp("2026-01-28"), "magnesium_mg"])
