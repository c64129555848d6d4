"""Benchmarks: figures printed next to a reference measured in the same run (docs/design.md)."""
