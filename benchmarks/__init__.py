"""Benchmarks: figures printed next to a reference measured in the same run (docs/design.md)."""

import os

# Benchmarks run the local stack with the development secrets, as `make run` does.
os.environ.setdefault("MB_ENVIRONMENT", "development")
