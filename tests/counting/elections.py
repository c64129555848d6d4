"""The shared pabulib elections (``../shared/pabulib`` beside the clone), parsed once per run.

``INDEX.tsv`` there gives each file's size class: ``small`` (up to 10,000 voters), ``medium``
and ``large``. Tests that need a file skip with the reason when the folder is absent.
"""

import csv
from functools import cache
from pathlib import Path

import pytest

from counting.pabulib import Election, read_pb

PABULIB = Path(__file__).resolve().parents[2] / ".." / "shared" / "pabulib"


@cache
def index() -> dict[str, dict[str, str]]:
    path = PABULIB / "INDEX.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


def names(*size_classes: str) -> list[str]:
    """Files of the given size classes (all when none given), or one placeholder that skips."""
    found = [
        n for n, row in index().items() if not size_classes or row["size_class"] in size_classes
    ]
    return sorted(found) or ["(pabulib folder absent)"]


@cache
def election(name: str) -> Election:
    path = PABULIB / name
    if not path.exists():
        pytest.skip(f"pabulib election {path} is not available (expected beside the clone)")
    return read_pb(path)
