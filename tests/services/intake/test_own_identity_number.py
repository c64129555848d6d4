"""A proposer on the web gives their own identity number: the one the login shows. Officials
entering someone else's proposal, and an association's representative, give another's."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role, issue_token
from services.common.settings import ServiceSettings
from tests.services.intake.helpers import (
    ASSOCIATION_NUMBER,
    ORGANISATIONSNUMMER,
    PERSONNUMMER,
    ROUND_ID,
    proposal_body,
)

OTHER_PERSON = "19800517-2385"
OTHER_COMPANY = "556677-0011"


def _headers(subject: str, role: Role, **claims: Any) -> dict[str, str]:
    token = issue_token(ServiceSettings(), subject, [role], name="Kim Andersson", claims=claims)
    return {"Authorization": f"Bearer {token}"}


def _submit(client: TestClient, headers: dict[str, str], **changes: Any) -> Any:
    return client.post(
        f"/rounds/{ROUND_ID}/proposals", json=proposal_body(**changes), headers=headers
    )


@pytest.mark.parametrize(
    ("login", "changes"),
    [
        (("191212121212", Role.RESIDENT, {}), {"identity_number": OTHER_PERSON}),
        ((PERSONNUMMER, Role.RESIDENT, {}), {"proposer_kind": "worker",
                                             "identity_number": OTHER_PERSON}),
        (("company-login", Role.COMPANY, {"organisationsnummer": ORGANISATIONSNUMMER}),
         {"proposer_kind": "company", "identity_number": OTHER_COMPANY}),
    ],
    ids=["resident", "worker", "company"],
)  # fmt: skip
def test_another_persons_or_companys_number_is_refused_beside_the_field(
    client: TestClient, open_round: str, login: tuple[str, Role, dict[str, str]], changes: Any
) -> None:
    subject, role, claims = login
    answer = _submit(client, _headers(subject, role, **claims), **changes)
    assert answer.status_code == 422, answer.text
    [error] = answer.json()["errors"]
    assert error["field"] == "identity_number" and "ditt eget" in error["message"]
    listed = client.get(f"/rounds/{ROUND_ID}/proposals").json()
    assert listed["total"] == 0


@pytest.mark.parametrize(
    ("login", "changes"),
    [
        (("191212121212", Role.RESIDENT, {}), {}),  # the same number, written another way
        (("company-login", Role.COMPANY, {"organisationsnummer": "5560125790"}),
         {"proposer_kind": "company", "identity_number": ORGANISATIONSNUMMER}),
        ((PERSONNUMMER, Role.RESIDENT, {}), {"proposer_kind": "association",
                                             "identity_number": ASSOCIATION_NUMBER}),
        (("opaque-subject", Role.RESIDENT, {}), {}),  # the login shows no number to hold to
        (("anna", Role.OFFICIAL, {"kommun": "Åre"}),
         {"channel": "phone", "identity_number": OTHER_PERSON}),
    ],
    ids=["own-number", "own-company", "association", "no-number-shown", "official-by-phone"],
)  # fmt: skip
def test_ones_own_number_and_numbers_others_may_give_are_taken(
    client: TestClient, open_round: str, login: tuple[str, Role, dict[str, str]], changes: Any
) -> None:
    subject, role, claims = login
    answer = _submit(client, _headers(subject, role, **claims), **changes)
    assert answer.status_code == 201, answer.text
