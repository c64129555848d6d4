"""The image installs every package pyproject.toml ships: a package left out of the Dockerfile's
COPY lines would build, then fail at the first import in production."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_dockerfile_copies_every_shipped_package() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    shipped = {
        p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    copied = {
        line.split()[1].rstrip("/")
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.startswith("COPY ")
    }
    assert "counting" in shipped
    assert shipped <= copied
