"""Benchmarks: figures printed next to a reference measured in the same run (DESIGN.md 7)."""
