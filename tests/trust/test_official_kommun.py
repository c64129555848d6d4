"""Officials act only in their own kommun's rounds (issue 18, finding 9): an official whose
token says Stockholm hid, and showed again, a proposal in Åre's round."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import ROUND_ID, submit
from tests.trust.apps import service_app
from tests.trust.fuzz_seeds import seed_intake

REASON = {"reason": "Innehåller personangrepp."}


@pytest.fixture
def intake(database_url: str) -> Iterator[TestClient]:
    with TestClient(service_app("intake", database_url)) as client:
        seed_intake(client)  # Åre's round with one proposal
        yield client


def test_an_official_of_another_kommun_can_neither_hide_nor_show_a_proposal(
    intake: TestClient, auth: TokenFactory
) -> None:
    hiding = f"/rounds/{ROUND_ID}/proposals/1/hiding"
    stockholm = auth(Role.OFFICIAL, subject="official-sthlm", kommun="Stockholm")

    refused = intake.put(hiding, json=REASON, headers=stockholm)
    assert "Åre" in assert_problem(refused, 403, "other-kommun")["detail"]
    assert intake.get(f"/rounds/{ROUND_ID}/proposals/1").json()["status"] != "hidden"

    assert intake.put(hiding, json=REASON, headers=auth(Role.OFFICIAL)).status_code == 200
    assert_problem(intake.delete(hiding, headers=stockholm), 403, "other-kommun")
    hidden = intake.get(f"/rounds/{ROUND_ID}/hidden-proposals", headers=auth(Role.OFFICIAL))
    assert [p["id"] for p in hidden.json()["items"]] == [1]


def test_an_official_without_a_kommun_claim_is_refused(intake: TestClient) -> None:
    from services.common.auth import issue_token
    from services.common.settings import ServiceSettings

    token = issue_token(ServiceSettings(), "official-x", [Role.OFFICIAL])
    answer = intake.get(
        f"/rounds/{ROUND_ID}/hidden-proposals", headers={"Authorization": f"Bearer {token}"}
    )
    assert_problem(answer, 403, "other-kommun")


def test_hosting_staff_and_the_workflow_act_across_kommuner(
    intake: TestClient, auth: TokenFactory
) -> None:
    """Hosting staff erase personal data in any kommun's round (here: not yet, 409, which
    means the guard let them through); a resident of another kommun may still propose."""
    erase = f"/rounds/{ROUND_ID}/personal-data"
    hosting = auth(Role.HOSTING, kommun="Stockholm")
    assert_problem(intake.delete(erase, headers=hosting), 409, "round-not-ended")
    assert_problem(
        intake.delete(erase, headers=auth(Role.OPERATIONS, kommun="Stockholm")),
        403,
        "other-kommun",
    )
    assert submit(intake, auth(Role.RESIDENT, kommun="Stockholm"))["id"] == 2
