"""Addresses no page can have show the not-found page, never a 500 or a 502 (issue 18 finding
8): a control character or an off-pattern round id in the address, or ids the service refuses."""

import pytest

from tests.services.intake.helpers import ROUND_ID
from tests.web.in_process import web_client

NO_PAGE = [
    f"/omgangar/{ROUND_ID}%00",
    "/omgangar/r1%00/forslag",
    f"/omgangar/{'a' * 1000}",
    f"/omgangar/{ROUND_ID}/forslag/-1",
    f"/omgangar/{ROUND_ID}/forslag/{2**40}",
    f"/omgangar/{ROUND_ID}/forslag?q=%00",
    f"/omgangar/{ROUND_ID}/kvitto?kod=%1b",
]


@pytest.mark.parametrize("path", NO_PAGE)
def test_an_address_that_names_no_page_is_the_not_found_page(path: str, database_url: str) -> None:
    with web_client(database_url) as client:
        answer = client.get(path)
    assert answer.status_code == 404, answer.text[:300]
    assert "Sidan finns inte" in answer.text
