"""A paged list on a page: which page the address asks for, and what the ``pager`` macro in
macros.html needs (the services answer one page of ``limit`` items and the ``total``)."""

from typing import Any

MAX_PAGE = 10_000


def page_number(raw: str | None) -> int:
    """The page a query parameter asks for; 1 for anything else (a form posted back to the
    page reads it too, where a 422 for a stray value would lose what was typed)."""
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) <= MAX_PAGE else 1


def page_count(total: int, size: int) -> int:
    """How many pages of ``size`` the ``total`` fills; one even when there is nothing."""
    return max(1, -(-total // size))


def paged(page: dict[str, Any], number: int, size: int, link: str) -> dict[str, Any]:
    """The template context of one page; ``link`` ends where the page number goes."""
    return {
        "page": page,
        "page_number": number,
        "page_count": page_count(int(page["total"]), size),
        "page_link": link,
    }
