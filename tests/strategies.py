"""Hypothesis strategies shared by the test modules (one place, as attrs keeps them)."""

from __future__ import annotations

from hypothesis import strategies as st

positive_grams = st.floats(min_value=0.01, max_value=5_000, allow_nan=False, allow_infinity=False)
"""A plausible amount of one food in one entry [g]."""

positive_mg = st.floats(min_value=0.0, max_value=5_000, allow_nan=False, allow_infinity=False)
"""A plausible amount of a mineral [mg]."""
