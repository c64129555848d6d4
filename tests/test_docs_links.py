"""The README and docs/ stay a front door that works: short, every link inside the repository
resolves (file and heading), and every test they cite as proof exists."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0"}
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
URL = re.compile(r"https?://[^\s)`'\"<>]+")
CITED_TEST = re.compile(r"`(tests/[\w/.-]+\.py)(?:::(\w+))?`")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_slug(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def _problems(page: Path, root: Path = ROOT) -> list[str]:
    text = page.read_text(encoding="utf-8")
    found = []
    for url in URL.findall(text):
        if urlsplit(url).hostname not in LOCAL_HOSTS:
            found.append(f"link outside the repository: {url}")
    for target in LINK.findall(text):
        if urlsplit(target).scheme:
            continue  # an http(s) link: judged above
        path_text, _, anchor = target.partition("#")
        path = (page.parent / path_text).resolve() if path_text else page
        if not path.is_relative_to(root):
            found.append(f"link outside the repository: {target}")
        elif not path.exists():
            found.append(f"broken link: {target}")
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            found.append(f"no heading #{anchor} in {path.name}")
    for test_path, name in CITED_TEST.findall(text):
        source = root / test_path
        if not source.exists():
            found.append(f"cited test file missing: {test_path}")
        elif name and not re.search(rf"def {name}\b", source.read_text(encoding="utf-8")):
            found.append(f"cited test missing: {test_path}::{name}")
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_links_stay_inside_the_repository_and_resolve(page: Path) -> None:
    assert _problems(page) == []


def test_the_readme_is_a_front_door_of_at_most_300_lines() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines <= 300


# Five faults and one good local link, for the check of the checks.
FAULTY_PAGE = (
    "[design](../shared/DESIGN.md) [site](https://example.org) [gone](docs/none.md) "
    "[ok](http://127.0.0.1:8233) `tests/none.py` [self](#nowhere)\n"
)


def test_the_checks_catch_what_they_are_for(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(FAULTY_PAGE, encoding="utf-8")
    problems = _problems(tmp_path / "page.md", root=tmp_path)
    assert len(problems) == 5, problems
