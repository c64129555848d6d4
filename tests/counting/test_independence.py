"""The counting engine is a library: importing all of it loads no service, web or database code.

A fresh interpreter, so modules the test run itself has imported cannot hide a stray import.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("services", "fastapi", "starlette", "sqlalchemy", "sqlmodel", "workflows")
PROBE = """
import importlib, json, pkgutil, sys
import counting
for module in pkgutil.walk_packages(counting.__path__, "counting."):
    importlib.import_module(module.name)
print(json.dumps(sorted(sys.modules)))
"""


def _modules_loaded_by_counting() -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded: list[str] = json.loads(done.stdout)
    return loaded


def test_counting_imports_no_service_web_or_database_module() -> None:
    loaded = _modules_loaded_by_counting()
    assert "counting.rules" in loaded and "counting.pabulib" in loaded
    stray = [name for name in loaded if name.split(".")[0] in FORBIDDEN]
    assert stray == []
