"""Questions and answers on a proposal: public threads, written by signed-in residents and
companies, answered by the proposer, officials and politicians (under name and party), until
the workflow closes them when voting closes. Every refusal is a clear 4xx and stores nothing."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role, issue_token
from services.common.settings import ServiceSettings
from tests.conftest import KOMMUN, TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import ROUND_ID, submit

R = f"/rounds/{ROUND_ID}"


def politician(kommun: str = KOMMUN, party: str | None = "Centerpartiet") -> dict[str, str]:
    claims: dict[str, Any] = {"kommun": kommun} | ({"party": party} if party else {})
    token = issue_token(
        ServiceSettings(), "pol-1", [Role.POLITICIAN], name="Petra Politiker", claims=claims
    )
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def proposer(auth: TokenFactory) -> dict[str, str]:
    return auth(Role.RESIDENT, subject="proposer-1", name="Kim Andersson")


@pytest.fixture
def proposal(client: TestClient, open_round: str, proposer: dict[str, str]) -> int:
    return int(submit(client, proposer, proposer_name="Kim", publish_name=True)["id"])


def _post(
    client: TestClient, proposal: int, headers: dict[str, str], **body: Any
) -> dict[str, Any]:
    answer = client.post(f"{R}/proposals/{proposal}/comments", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    posted: dict[str, Any] = answer.json()
    return posted


def _threads(client: TestClient, proposal: int, query: str = "") -> dict[str, Any]:
    answer = client.get(f"{R}/proposals/{proposal}/comments{query}")
    assert answer.status_code == 200, answer.text
    threads: dict[str, Any] = answer.json()
    return threads


def test_a_question_is_answered_by_the_proposer_an_official_and_a_politician(
    client: TestClient, auth: TokenFactory, proposer: dict[str, str], proposal: int
) -> None:
    resident = auth(Role.RESIDENT, subject="resident-2", name="Sara Lind")
    company = auth(Role.COMPANY, subject="company-1", name="Fjällbageriet AB")
    official = auth(Role.OFFICIAL, subject="official-1", name="Anna Berg")
    question = _post(client, proposal, resident, text="  Var ska ställen stå?  ", kind="question")
    comment = _post(client, proposal, company, text="Bra för butikerna!", publish_name=True)
    by_proposer = _post(client, proposal, proposer, text="Vid torget.", parent_id=question["id"])
    by_official = _post(
        client, proposal, official, text="Marken är kommunens.", parent_id=question["id"]
    )
    by_politician = _post(
        client, proposal, politician(), text="Vi följer frågan.", parent_id=question["id"]
    )

    page = _threads(client, proposal)
    assert page["total"] == 2
    first, second = page["items"]
    assert (first["text"], first["kind"], first["author_role"]) == (
        "Var ska ställen stå?",
        "question",
        "resident",
    )
    assert first["author_name"] is None  # a resident's name only with consent
    assert (second["author_role"], second["author_name"]) == ("company", "Fjällbageriet AB")
    assert second["id"] == comment["id"] and second["answers"] == []
    answers = [(a["author_role"], a["author_name"], a["author_party"]) for a in first["answers"]]
    assert answers == [
        ("proposer", "Kim", None),
        ("official", "Anna Berg", None),
        ("politician", "Petra Politiker", "Centerpartiet"),
    ]
    assert [a["kind"] for a in first["answers"]] == ["answer"] * 3
    assert {by_proposer["id"], by_official["id"], by_politician["id"]} == {
        a["id"] for a in first["answers"]
    }
    second_page = _threads(client, proposal, "?limit=1&offset=1")
    assert [t["id"] for t in second_page["items"]] == [comment["id"]]


def test_the_proposer_gets_a_notice_of_each_new_question_and_none_of_comments(
    client: TestClient, auth: TokenFactory, proposer: dict[str, str], proposal: int
) -> None:
    resident = auth(Role.RESIDENT, subject="resident-2")
    system = auth(Role.SYSTEM)
    _post(client, proposal, resident, text="Vad kostar underhållet?", kind="question")
    _post(client, proposal, resident, text="Bra idé.", kind="comment")
    _post(client, proposal, proposer, text="Jag undrar själv en sak.", kind="question")
    _post(client, proposal, resident, text="Och vintertid?", kind="question")

    pending = client.get(f"{R}/comment-notices", headers=system).json()
    assert pending["total"] == 2
    first = pending["items"][0]
    assert first["proposal_id"] == proposal and len(first["recipient_key"]) == 64
    delivered = client.post(f"{R}/comment-notices/{first['id']}/delivery", headers=system)
    assert delivered.status_code == 200 and delivered.json()["delivered_at"]
    assert client.get(f"{R}/comment-notices", headers=system).json()["total"] == 1
    assert client.get(f"{R}/comment-notices?pending=false", headers=system).json()["total"] == 2


def _refused(
    client: TestClient,
    proposal: int,
    headers: dict[str, str],
    status: int,
    code: str | None,
    **body: Any,
) -> dict[str, Any]:
    before = _threads(client, proposal)
    answer = client.post(f"{R}/proposals/{proposal}/comments", json=body, headers=headers)
    problem = assert_problem(answer, status, code)
    assert _threads(client, proposal) == before  # nothing stored
    return problem


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_an_empty_or_over_long_comment_is_refused(
    client: TestClient, auth: TokenFactory, proposal: int, text: str
) -> None:
    _refused(client, proposal, auth(Role.RESIDENT), 422, None, text=text)


def test_a_politician_of_another_kommun_and_an_assessor_are_refused(
    client: TestClient, auth: TokenFactory, proposal: int
) -> None:
    problem = _refused(
        client, proposal, politician(kommun="Krokom"), 403, "other-kommun", text="Hej"
    )
    assert "annan kommun" in problem["detail"]
    _refused(client, proposal, auth(Role.ASSESSOR), 403, "forbidden", text="Hej")
    assert_problem(client.post(f"{R}/proposals/{proposal}/comments", json={"text": "Hej"}), 401)


def test_only_the_proposer_officials_and_politicians_answer(
    client: TestClient, auth: TokenFactory, proposal: int
) -> None:
    question = _post(
        client, proposal, auth(Role.RESIDENT, subject="a"), text="Fråga?", kind="question"
    )
    other = auth(Role.RESIDENT, subject="b")
    _refused(client, proposal, other, 403, "not-answerer", text="Svar", parent_id=question["id"])
    answer = _post(client, proposal, politician(), text="Svar", parent_id=question["id"])
    _refused(
        client, proposal, politician(), 422, "answer-to-answer", text="?", parent_id=answer["id"]
    )
    _refused(client, proposal, politician(), 404, "comment-not-found", text="?", parent_id=999)


def test_a_hidden_comment_keeps_its_place_without_text_and_cannot_be_answered(
    client: TestClient, auth: TokenFactory, proposal: int
) -> None:
    resident, official = auth(Role.RESIDENT, subject="a"), auth(Role.OFFICIAL, name="Anna Berg")
    rude = _post(client, proposal, resident, text="Något kränkande", kind="comment")
    reporter = auth(Role.RESIDENT, subject="b")
    report = {"reason": "Kränkande mot en person."}
    reported = client.post(f"{R}/comments/{rude['id']}/reports", json=report, headers=reporter)
    assert reported.status_code == 201 and reported.json()["report_count"] == 1
    again = client.post(f"{R}/comments/{rude['id']}/reports", json=report, headers=reporter)
    assert_problem(again, 409, "already-reported")
    listed = client.get(f"{R}/reported-comments", headers=official).json()
    assert [(c["id"], c["report_count"]) for c in listed["items"]] == [(rude["id"], 1)]
    assert_problem(client.get(f"{R}/reported-comments", headers=resident), 403)

    reason = {"reason": "Personangrepp strider mot reglerna."}
    hidden = client.put(f"{R}/comments/{rude['id']}/hiding", json=reason, headers=official)
    assert hidden.status_code == 200 and hidden.json()["hidden_by"] == "Anna Berg"
    [entry] = _threads(client, proposal)["items"]
    assert (entry["text"], entry["hidden"]) == (None, True)
    assert entry["hidden_reason"] == "Personangrepp strider mot reglerna."
    _refused(client, proposal, official, 409, "comment-hidden", text="Svar", parent_id=rude["id"])
    assert_problem(
        client.put(f"{R}/comments/{rude['id']}/hiding", json={"reason": ""}, headers=official), 422
    )
    shown = client.delete(f"{R}/comments/{rude['id']}/hiding", headers=official)
    assert shown.json()["text"] == "Något kränkande"


def test_after_voting_closes_the_threads_are_read_only(
    client: TestClient, auth: TokenFactory, proposal: int
) -> None:
    question = _post(client, proposal, auth(Role.RESIDENT), text="Fråga?", kind="question")
    closed = client.post(f"{R}/discussion/close", headers=auth(Role.SYSTEM))
    assert closed.status_code == 200 and closed.json()["discussion_open"] is False
    again = client.post(f"{R}/discussion/close", headers=auth(Role.SYSTEM))
    assert again.json() == closed.json()

    problem = _refused(client, proposal, auth(Role.RESIDENT), 409, "discussion-closed", text="Sent")
    assert "går att läsa men inte längre skriva" in problem["detail"]
    _refused(
        client,
        proposal,
        politician(),
        409,
        "discussion-closed",
        text="Svar",
        parent_id=question["id"],
    )
    assert _threads(client, proposal)["items"][0]["text"] == "Fråga?"


def test_a_hidden_or_withdrawn_proposal_takes_no_comments(
    client: TestClient, auth: TokenFactory, proposer: dict[str, str], proposal: int
) -> None:
    official = auth(Role.OFFICIAL)
    client.put(
        f"{R}/proposals/{proposal}/hiding", json={"reason": "Kränkande text."}, headers=official
    )
    answer = client.post(
        f"{R}/proposals/{proposal}/comments", json={"text": "Hej"}, headers=official
    )
    assert_problem(answer, 410, "proposal-hidden")
    assert_problem(client.get(f"{R}/proposals/{proposal}/comments"), 410, "proposal-hidden")
    other = int(submit(client, proposer, title="Ett annat förslag")["id"])
    assert client.post(f"{R}/proposals/{other}/withdrawal", headers=proposer).status_code == 200
    _refused(client, other, auth(Role.RESIDENT), 409, "proposal-withdrawn", text="Hej")
