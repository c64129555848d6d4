"""The round's rules for a proposal: valid fields and identity numbers, its categories, areas,
cost cap and criteria, and who may propose as what through which channel."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.intake.helpers import (
    MAX_COST,
    ORGANISATIONSNUMMER,
    PERSONNUMMER,
    ROUND_ID,
    refused,
    round_body,
    stored,
    submit,
)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "ab"}, "title"),
        ({"title": "   ab   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": None}, "title"),
        ({"description": "för kort"}, "description"),
        ({"description": "x" * 10_001}, "description"),
        ({"category": "Handel"}, "category"),
        ({"area": "x" * 65}, "area"),
        ({"location": "x" * 201}, "location"),
        ({"cost_estimate": 0}, "cost_estimate"),
        ({"cost_estimate": -5}, "cost_estimate"),
        ({"cost_estimate": 12.5}, "cost_estimate"),
        ({"cost_estimate": "mycket"}, "cost_estimate"),
        ({"local_business_benefit": "x" * 5001}, "local_business_benefit"),
        ({"proposer_name": "x" * 201}, "proposer_name"),
        ({"publish_name": "kanske"}, "publish_name"),
        ({"proposer_kind": "tourist"}, "proposer_kind"),
        ({"channel": "fax"}, "channel"),
        ({"identity_number": "19121212-1213"}, "identity_number"),
        ({"identity_number": "1912-12-12"}, "identity_number"),
        ({"identity_number": "19121232-1212"}, "identity_number"),
        ({"identity_number": ORGANISATIONSNUMMER}, "identity_number"),
        ({"proposer_kind": "company", "identity_number": PERSONNUMMER}, "identity_number"),
        ({"proposer_kind": "company", "identity_number": "556012-5791"}, "identity_number"),
    ],
)
def test_invalid_proposals_are_refused_with_the_field_named(
    client: TestClient, auth: TokenFactory, open_round: str, changes: dict[str, Any], field: str
) -> None:
    body = refused(client, auth(Role.COMPANY, Role.RESIDENT), 422, "validation", **changes)

    assert [e["field"] for e in body["errors"]] == [field]


def test_identity_number_messages_say_what_to_correct(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    typo = refused(client, auth(Role.RESIDENT), 422, "validation", identity_number="191212121213")
    company = refused(
        client,
        auth(Role.COMPANY),
        422,
        "validation",
        proposer_kind="company",
        identity_number="121212-1212",
    )

    assert "kontrollsiffra" in typo["detail"]
    assert "ser ut som ett personnummer" in company["detail"]
    assert "1212" not in typo["detail"] + company["detail"]


def test_the_rounds_rules_are_checked_together_and_explained(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    body = refused(
        client,
        auth(Role.RESIDENT),
        422,
        "validation",
        category="bostad",
        area=None,
        cost_estimate=MAX_COST + 1,
        local_business_benefit="Bra.",
    )

    messages = {e["field"]: e["message"] for e in body["errors"]}
    assert set(messages) == {"category", "area", "cost_estimate", "local_business_benefit"}
    assert "Okänd kategori 'bostad'" in messages["category"]
    assert "handel (Handel och service)" in messages["category"]
    assert messages["area"].startswith("Välj område: are-by (Åre by)")
    assert "500\u00a0000\u00a0kr" in messages["cost_estimate"]
    assert "lokala näringslivet" in messages["local_business_benefit"]


def test_a_round_without_categories_areas_or_business_criterion_asks_for_none(
    client: TestClient, auth: TokenFactory
) -> None:
    body = round_body(criteria=[], categories=[], areas=[])
    client.put(f"/rounds/{ROUND_ID}", json=body, headers=auth(Role.SYSTEM))

    plain = submit(client, auth(Role.RESIDENT), category=None, area=None, local_business_benefit="")
    body = refused(client, auth(Role.RESIDENT), 422, "validation", category=None, area="jarpen")

    assert (plain["category"], plain["area"]) == (None, None)
    assert body["errors"] == [
        {"field": "area", "message": "Omgången delar inte in förslagen efter område."}
    ]


def test_a_round_decides_who_may_propose(client: TestClient, auth: TokenFactory) -> None:
    client.put(
        f"/rounds/{ROUND_ID}",
        json=round_body(proposer_kinds=["resident", "association"]),
        headers=auth(Role.SYSTEM),
    )

    body = refused(
        client,
        auth(Role.COMPANY),
        422,
        "validation",
        proposer_kind="company",
        identity_number=ORGANISATIONSNUMMER,
    )

    assert body["errors"][0]["field"] == "proposer_kind"
    assert "invånare, förening" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("role", "changes", "code"),
    [
        (Role.COMPANY, {}, "proposer-kind-not-allowed"),
        (Role.RESIDENT, {"proposer_kind": "company"}, "proposer-kind-not-allowed"),
        (Role.RESIDENT, {"channel": "phone"}, "staff-channel"),
        (Role.OFFICIAL, {"channel": "web"}, "staff-channel"),
    ],
)
def test_the_login_decides_as_what_and_how_one_may_propose(
    client: TestClient,
    auth: TokenFactory,
    open_round: str,
    role: Role,
    changes: dict[str, Any],
    code: str,
) -> None:
    if changes.get("proposer_kind") == "company":
        changes["identity_number"] = ORGANISATIONSNUMMER

    refused(client, auth(role), 403, code, **changes)


@pytest.mark.parametrize("channel", ["phone", "mail", "meeting"])
def test_officials_enter_proposals_for_others_with_the_channel_recorded(
    client: TestClient, auth: TokenFactory, open_round: str, channel: str
) -> None:
    official = auth(Role.OFFICIAL, subject="tj-17", name="Tove Tjänsteperson")

    created = submit(
        client,
        official,
        channel=channel,
        proposer_kind="company",
        identity_number=ORGANISATIONSNUMMER,
    )

    assert (created["channel"], created["proposer_kind"]) == (channel, "company")
    assert stored(client, created["id"]).entered_by == "Tove Tjänsteperson"
    assert "Tove" not in client.get(f"/rounds/{open_round}/proposals/{created['id']}").text
