"""Browser tests run the real stack (Temporal dev server, the four services, the web front, a
worker) and drive it with the system's Chromium through Playwright; no browser is downloaded."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from medborgarbudget.stack import LocalStack, free_ports
from services.web.i18n import use_language
from tests.e2e.conftest import service_databases  # noqa: F401 - a fixture
from tests.web.browser import CHROMIUM, launch
from tests.web.temporal_round import running_round  # noqa: F401 - a fixture


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: apt-get install -y chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def swedish_again() -> Iterator[None]:
    """A test that renders or formats in English leaves the next one in Swedish."""
    yield
    use_language("sv")


@pytest.fixture
def web_stack(tmp_path: Path, service_databases: dict[str, str]) -> Iterator[LocalStack]:  # noqa: F811
    local = LocalStack(data_dir=tmp_path, ports=free_ports(), database_urls=service_databases)
    local.start(timeout=120)
    try:
        yield local
    finally:
        local.stop()


@pytest.fixture
async def chromium() -> AsyncIterator[object]:
    async with launch() as browser:
        yield browser
