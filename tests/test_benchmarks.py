"""Tests for benchmarks/run.py: the harness runs at its quick sizes and says what it measured.

No timing is asserted (CI machines vary); only that every scenario runs and prints one
JSON line with the agreed keys and sane values, so the harness cannot rot.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs the benchmark harness at its quick sizes

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"
SCENARIOS = {"cohort", "naive", "free_text", "app", "import", "dask"}
KEYS = {"name", "n", "seconds", "baseline_seconds", "ratio", "peak_rss_mb"}


@pytest.fixture(scope="module")
def lines() -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--machine"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return [json.loads(text) for text in done.stdout.splitlines() if text.strip()]


def test_every_scenario_prints_one_line(lines: list[dict[str, object]]) -> None:
    names = [line["name"] for line in lines]
    assert names[0] == "machine"
    assert sorted(names[1:]) == sorted(SCENARIOS)


def test_each_line_has_the_keys_and_sane_values(lines: list[dict[str, object]]) -> None:
    for line in lines[1:]:
        assert set(line) >= KEYS, line
        n, seconds, baseline = line["n"], line["seconds"], line["baseline_seconds"]
        ratio, peak = line["ratio"], line["peak_rss_mb"]
        assert isinstance(n, int), line
        assert n > 0, line
        assert isinstance(seconds, float), line
        assert 0 < seconds < 600, line
        assert isinstance(baseline, float), line
        assert 0 < baseline < 600, line
        assert isinstance(ratio, float), line
        assert math.isclose(ratio, seconds / baseline, rel_tol=0.01), line
        assert isinstance(peak, float), line
        assert 10 < peak < 100_000, line


def test_memory_and_goal_fields(lines: list[dict[str, object]]) -> None:
    by_name = {line["name"]: line for line in lines}
    cohort = by_name["cohort"]
    assert float(cohort["input_frame_mb"]) > 0  # type: ignore[arg-type]
    assert cohort["n_days"] == int(cohort["n"]) // 10  # type: ignore[call-overload]
    assert by_name["dask"]["n_days"] == int(by_name["dask"]["n"]) // 10  # type: ignore[call-overload]
    assert 0 < float(by_name["free_text"]["share_resolved"]) <= 1  # type: ignore[arg-type]
    for name in ("cohort", "naive", "free_text", "app", "import"):
        assert isinstance(by_name[name]["met"], bool)
