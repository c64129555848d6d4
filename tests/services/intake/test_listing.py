"""The public list: pages, free-text search and filters, never a hidden proposal."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import submit


def _ids(client: TestClient, round_id: str, **params: Any) -> list[int]:
    answer = client.get(f"/rounds/{round_id}/proposals", params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    assert body["total"] == len(body["items"])
    return [p["id"] for p in body["items"]]


def test_proposals_are_listed_oldest_first_a_page_at_a_time(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    ids = [submit(client, auth(Role.RESIDENT), title=f"Förslag {n}")["id"] for n in range(5)]

    page = client.get(f"/rounds/{open_round}/proposals", params={"limit": 2, "offset": 2})
    first = client.get(f"/rounds/{open_round}/proposals")

    assert page.json()["total"] == 5
    assert (page.json()["limit"], page.json()["offset"]) == (2, 2)
    assert [p["id"] for p in page.json()["items"]] == ids[2:4]
    assert [p["title"] for p in first.json()["items"]] == [f"Förslag {n}" for n in range(5)]
    assert (first.json()["limit"], first.json()["offset"]) == (50, 0)
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}):
        assert_problem(client.get(f"/rounds/{open_round}/proposals", params=bad), 422)


def test_search_finds_every_word_in_title_description_or_place_in_any_case(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    resident = auth(Role.RESIDENT)
    skating = submit(client, resident, title="Isbana på ÅRESJÖN", location="Strandpromenaden")
    market = submit(client, resident, description="Julmarknad med lokala hantverkare på torget.")
    percent = submit(client, resident, title="Rabatt 100% för barn på badet")

    assert _ids(client, open_round, q="åresjön") == [skating["id"]]
    assert _ids(client, open_round, q="STRANDPROMENADEN") == [skating["id"]]
    assert _ids(client, open_round, q="lokala torget") == [market["id"]]
    assert _ids(client, open_round, q="lokala isbana") == []
    assert _ids(client, open_round, q="100%") == [percent["id"]]
    assert _ids(client, open_round, q="_") == []
    assert len(_ids(client, open_round, q="   ")) == 3
    assert_problem(client.get(f"/rounds/{open_round}/proposals", params={"q": "x" * 201}), 422)


def test_filters_narrow_by_category_area_and_status(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    resident = auth(Role.RESIDENT)
    shop = submit(client, resident, category="handel", area="are-by")["id"]
    trail = submit(client, resident, category="fritid", area="jarpen")["id"]
    gone = submit(client, resident, category="fritid", area="are-by")["id"]
    client.post(f"/rounds/{open_round}/proposals/{gone}/withdrawal", headers=resident)

    assert _ids(client, open_round) == [shop, trail]
    assert _ids(client, open_round, category="fritid") == [trail]
    assert _ids(client, open_round, area="are-by") == [shop]
    assert _ids(client, open_round, status="withdrawn") == [gone]
    assert _ids(client, open_round, status="withdrawn", category="handel") == []
    for bad in ({"status": "hidden"}, {"category": "Handel"}, {"area": "å"}):
        assert_problem(client.get(f"/rounds/{open_round}/proposals", params=bad), 422)


def test_hidden_proposals_drop_out_of_every_public_view(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    resident, official = auth(Role.RESIDENT), auth(Role.OFFICIAL)
    shown = submit(client, resident, title="Fina blomlådor")["id"]
    hidden = submit(client, resident, title="Fula ord om grannen")["id"]
    url = f"/rounds/{open_round}/proposals/{hidden}/hiding"
    client.put(url, json={"reason": "Kränker en enskild person."}, headers=official)

    assert _ids(client, open_round) == [shown]
    assert _ids(client, open_round, q="grannen") == []
    assert client.get(f"/rounds/{open_round}").json()["proposal_count"] == 1
    page = assert_problem(client.get(f"/rounds/{open_round}/proposals/{hidden}"), 410)
    assert page["type"].endswith("/proposal-hidden")
    assert "Kränker en enskild person." in page["detail"]


@pytest.mark.parametrize("status", ["submitted", "withdrawn"])
def test_an_empty_round_lists_nothing(client: TestClient, open_round: str, status: str) -> None:
    assert _ids(client, open_round, status=status) == []
