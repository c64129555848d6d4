"""A politician's own view of their kommun's rounds (issue 23): each round with its phase as
the real workflow says it (time-skipping test server), the questions on its proposals that
wait for an answer, and the key moments they are told of."""

import asyncio
from typing import Any

import pytest
from fastapi.testclient import TestClient
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from services.common.auth import Role
from tests.services.intake.helpers import PERSONNUMMER, ROUND_ID
from tests.web.in_process import csrf, sign_in_as, web_client

pytestmark = [pytest.mark.timeout(90)]
PAGE = "/politiker"


def _proposal_with_questions(client: TestClient) -> tuple[str, int]:
    """A proposal, a question answered by the proposer, one still waiting."""
    sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
    body = {
        "title": "Cykelställ vid torget",
        "description": "Tjugo nya cykelställ vid torget, nära butikerna.",
        "category": "handel",
        "area": "are-by",
        "cost_estimate": "40000",
        "local_business_benefit": "Fler kunder stannar vid butikerna.",
        "proposer_kind": "resident",
        "identity_number": PERSONNUMMER,
        "csrf_token": csrf(client, f"/omgangar/{ROUND_ID}/forslag/nytt"),
    }
    page = client.post(f"/omgangar/{ROUND_ID}/forslag/nytt", data=body).headers["location"]
    page = page.split("?")[0]
    sign_in_as(client, Role.RESIDENT, "19850612-1238")
    ids = []
    for text in ("Var ska ställen stå?", "Vem sköter snöröjningen runt dem?"):
        data = {"kind": "question", "text": text, "csrf_token": csrf(client, page)}
        asked = client.post(f"{page}/fragor", data=data)
        ids.append(int(asked.headers["location"].rsplit("inlagg-", 1)[1]))
    sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
    answer = {f"answer_{ids[0]}": "Vid torget.", "csrf_token": csrf(client, page)}
    assert client.post(f"{page}/fragor/{ids[0]}/svar", data=answer).status_code == 303
    return page, ids[1]


def _visit(database_url: str, address: str) -> dict[str, Any]:
    with web_client(database_url, temporal_address=address) as client:
        page, waiting = _proposal_with_questions(client)
        sign_in_as(client, Role.POLITICIAN, "pol-1", party="Centerpartiet")
        own = client.get(PAGE)
        english = client.get(f"{PAGE}?lang=en").text
        sign_in_as(client, Role.POLITICIAN, "pol-2", kommun="Krokom")
        other = client.get(PAGE).text
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        resident = client.get(PAGE)
        client.cookies.clear()
        anonymous = client.get(PAGE)
    return {
        "page": page,
        "waiting": waiting,
        "own": own,
        "english": english,
        "other": other,
        "resident": resident,
        "anonymous": anonymous,
    }


async def test_a_politician_follows_their_kommuns_rounds_and_open_questions(
    database_url: str, running_round: tuple[WorkflowEnvironment, WorkflowHandle[Any, Any]]
) -> None:
    env, _handle = running_round
    address = env.client.service_client.config.target_host
    # Off the event loop: the worker on this loop answers the pages' status queries.
    seen = await asyncio.to_thread(_visit, database_url, address)

    assert seen["own"].status_code == 200
    own: str = seen["own"].text
    assert "Kommunens omgångar: Åre" in own
    assert f'<a href="/omgangar/{ROUND_ID}">Medborgarbudget Åre 2027</a>' in own
    assert "Fas: <strong>Förslag tas emot</strong>" in own
    assert "1 obesvarade frågor" in own
    assert f'href="{seen["page"]}#inlagg-{seen["waiting"]}">Cykelställ vid torget</a>' in own
    assert "Vem sköter snöröjningen runt dem?" in own
    assert "Var ska ställen stå?" not in own  # answered by the proposer
    for moment in (
        "Röstsedeln godkänd, röstningen öppnar",
        "Röstningen stänger, resultatet räknas",
        "Fullmäktiges beslut senast",
    ):
        assert moment in own
    assert "Sista dag för förslag" not in own
    assert 'href="/politiker" aria-current="page"' in own
    assert "Questions waiting for an answer" in seen["english"]
    assert "Your kommun has no rounds yet." in seen["other"]  # the language chosen stays
    assert seen["resident"].status_code == 403
    assert seen["anonymous"].status_code in (302, 303)
