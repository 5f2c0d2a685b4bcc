"""Tests for benchmarks/run.py: the harness runs at its quick sizes and says what it measured.

No timing is asserted (CI machines vary); only that every scenario runs and prints one
JSON line with the agreed keys and consistent values, so the harness cannot rot.
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
SCENARIOS = {
    "app_warm", "estimate_seen", "app_cold_text", "estimate_unseen",
    "first_use_estimate", "first_use_analyze", "first_use_cli", "import",
    "threads", "cohort_100k", "cohort_1m",
    "free_text_cold", "free_text_cold_process", "free_text_warm",
    "dask", "parse", "naive",
}  # fmt: skip
KEYS = {
    "name", "n", "seconds", "baseline_seconds", "ratio", "min", "median", "max",
    "baseline_min", "baseline_median", "baseline_max", "runs", "peak_rss_mb", "goal", "met",
}  # fmt: skip


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
    assert sorted(names[1:]) == sorted(SCENARIOS)  # each exactly once


def test_each_line_has_the_keys_and_consistent_values(lines: list[dict[str, object]]) -> None:
    for line in lines[1:]:
        assert set(line) >= KEYS, (KEYS - set(line), line)
        n, runs = line["n"], line["runs"]
        assert isinstance(n, int), line
        assert n > 0, line
        assert isinstance(runs, int), line
        assert runs >= 1, line
        for prefix in ("", "baseline_"):
            low, mid, high = (line[f"{prefix}{k}"] for k in ("min", "median", "max"))
            assert isinstance(low, float), line
            assert isinstance(mid, float), line
            assert isinstance(high, float), line
            assert 0 < low <= mid <= high < 600, line
        assert line["seconds"] == line["median"], line
        assert line["baseline_seconds"] == line["baseline_median"], line
        ratio, seconds, baseline = line["ratio"], line["seconds"], line["baseline_seconds"]
        assert isinstance(ratio, float), line
        assert isinstance(seconds, float), line
        assert isinstance(baseline, float), line
        assert math.isclose(ratio, seconds / baseline, rel_tol=0.01), line
        peak = line["peak_rss_mb"]
        assert isinstance(peak, float), line
        assert 10 < peak < 100_000, line
        goal, met = line["goal"], line["met"]
        assert (goal is None and met is None) or (isinstance(goal, str) and isinstance(met, bool))


def test_scenario_specific_fields(lines: list[dict[str, object]]) -> None:
    by_name = {line["name"]: line for line in lines}
    for name in ("cohort_100k", "cohort_1m"):
        cohort = by_name[name]
        assert float(cohort["input_frame_mb"]) > 0  # type: ignore[arg-type]
        assert cohort["n_days"] == int(cohort["n"]) // 10  # type: ignore[call-overload]
    assert by_name["dask"]["n_days"] == int(by_name["dask"]["n"]) // 10  # type: ignore[call-overload]
    assert 0 < float(by_name["free_text_cold"]["share_resolved"]) <= 1  # type: ignore[arg-type]
    threads = by_name["threads"]
    assert threads["tables_built"] == [1], threads  # one default table in every run
    assert threads["identical"] is True, threads
    assert by_name["first_use_cli"]["output"], by_name["first_use_cli"]
    parse = by_name["parse"]
    assert isinstance(parse["cases"], dict)
    assert len(parse["cases"]) == parse["n"]
