"""Benchmarks: figures printed next to a reference measured in the same run (DESIGN.md 7)."""

import os

# Benchmarks run the local stack with the development secrets, as `make run` does.
os.environ.setdefault("MB_ENVIRONMENT", "development")
