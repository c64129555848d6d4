"""What the kommun's politicians follow (issue 23): the kommun's rounds, and the questions on
proposals that nobody has answered yet."""

from typing import Any

from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import ROUND_ID, round_body, submit
from tests.services.intake.test_comments import politician

R = f"/rounds/{ROUND_ID}"


def _post(client: TestClient, proposal: int, headers: dict[str, str], **body: Any) -> int:
    answer = client.post(f"{R}/proposals/{proposal}/comments", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def test_the_open_questions_are_those_nobody_answered_on_standing_proposals(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    proposer = auth(Role.RESIDENT, subject="proposer-1")
    official = auth(Role.OFFICIAL, name="Anna Berg")
    first = int(submit(client, proposer)["id"])
    other = int(submit(client, proposer, title="Bänkar i parken")["id"])
    resident = auth(Role.RESIDENT, subject="r-2")
    answered = _post(client, first, resident, text="Var?", kind="question")
    _post(client, first, politician(), text="Vid torget.", parent_id=answered)
    waiting = _post(client, first, resident, text="När?", kind="question")
    _post(client, first, resident, text="Bra idé.", kind="comment")
    hidden_answer = _post(client, other, resident, text="Hur många?", kind="question")
    rude = _post(client, other, official, text="Olämpligt svar", parent_id=hidden_answer)
    hide = {"reason": "Fel förslag."}
    assert client.put(f"{R}/comments/{rude}/hiding", json=hide, headers=official).is_success
    hidden_question = _post(client, other, resident, text="Dumt?", kind="question")
    client.put(f"{R}/comments/{hidden_question}/hiding", json=hide, headers=official)

    page = client.get(f"{R}/open-questions", headers=politician()).json()
    assert page["total"] == 2
    assert [(q["id"], q["proposal_id"], q["proposal_title"], q["text"]) for q in page["items"]] == [
        (waiting, first, "Cykelställ vid torget", "När?"),
        (hidden_answer, other, "Bänkar i parken", "Hur många?"),  # its answer is hidden
    ]
    assert (
        client.get(f"{R}/open-questions?limit=1&offset=1", headers=official).json()["items"][0][
            "id"
        ]
        == hidden_answer
    )
    assert client.post(f"{R}/proposals/{other}/withdrawal", headers=proposer).is_success
    assert client.get(f"{R}/open-questions", headers=official).json()["total"] == 1

    assert_problem(client.get(f"{R}/open-questions", headers=politician("Krokom")), 403)
    assert_problem(client.get(f"{R}/open-questions", headers=resident), 403)
    assert_problem(client.get(f"{R}/open-questions"), 401)
    assert_problem(client.get("/rounds/no-such-round/open-questions", headers=official), 404)


def test_a_kommuns_rounds_are_listed_whatever_the_case_and_spaces(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    system = auth(Role.SYSTEM)
    for round_id, kommun in (("krokom-2027", "Krokom"), ("are-2028", "ÅRE ")):
        body = round_body(kommun=kommun)
        assert client.put(f"/rounds/{round_id}", json=body, headers=system).is_success

    listed = client.get("/rounds", params={"kommun": "åre"}).json()
    assert listed["total"] == 2
    assert sorted(r["id"] for r in listed["items"]) == ["are-2027", "are-2028"]
    assert client.get("/rounds", params={"kommun": "Åre", "limit": 1}).json()["total"] == 2
    assert client.get("/rounds", params={"kommun": "Berg"}).json()["items"] == []
    assert_problem(client.get("/rounds"), 422)
