"""Who speaks as the proposer in a proposal's thread, and who may answer there (issue 23).

A proposal an official entered (phone, mail, meeting) names a resident: that resident is its
proposer, never the official, who answers as an official. The page asks ``may-answer`` to show
the answer forms only to those who may answer."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.common.pseudonym import pseudonymize
from services.common.settings import ServiceSettings
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import PERSONNUMMER, ROUND_ID, submit
from tests.services.intake.test_comments import politician

R = f"/rounds/{ROUND_ID}"


def _post(client: TestClient, proposal: int, headers: dict[str, str], **body: Any) -> Any:
    answer = client.post(f"{R}/proposals/{proposal}/comments", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


def _may_answer(client: TestClient, proposal: int, headers: dict[str, str]) -> bool:
    answer = client.get(f"{R}/proposals/{proposal}/may-answer", headers=headers)
    assert answer.status_code == 200, answer.text
    return bool(answer.json()["may_answer"])


@pytest.fixture
def official(auth: TokenFactory) -> dict[str, str]:
    return auth(Role.OFFICIAL, subject="official-1", name="Anna Berg")


@pytest.fixture
def phoned_in(client: TestClient, open_round: str, official: dict[str, str]) -> int:
    """Kim phoned the proposal in; the official entered it with Kim's number and name."""
    entered = submit(
        client,
        official,
        channel="phone",
        identity_number=PERSONNUMMER,
        proposer_name="Kim",
        publish_name=True,
    )
    return int(entered["id"])


def test_the_official_who_entered_a_proposal_answers_as_an_official(
    client: TestClient, auth: TokenFactory, official: dict[str, str], phoned_in: int
) -> None:
    question = _post(
        client, phoned_in, auth(Role.RESIDENT, subject="r-2"), text="Var?", kind="question"
    )
    own_question = _post(client, phoned_in, official, text="Hur sköts det?", kind="question")
    answer = _post(client, phoned_in, official, text="Vid torget.", parent_id=question["id"])

    assert (answer["author_role"], answer["author_name"]) == ("official", "Anna Berg")
    assert own_question["author_role"] == "official"
    [thread, _] = client.get(f"{R}/proposals/{phoned_in}/comments").json()["items"]
    assert [(a["author_role"], a["author_name"]) for a in thread["answers"]] == [
        ("official", "Anna Berg")
    ]
    assert _may_answer(client, phoned_in, official)  # as an official, not as the proposer


def test_the_resident_named_on_a_phoned_in_proposal_answers_as_its_proposer(
    client: TestClient, auth: TokenFactory, phoned_in: int
) -> None:
    question = _post(
        client, phoned_in, auth(Role.RESIDENT, subject="r-2"), text="Var?", kind="question"
    )
    kim = auth(Role.RESIDENT, subject="191212121212", name="Kim Andersson")  # BankID: the number
    someone_else = auth(Role.RESIDENT, subject="19800517-2385")

    assert _may_answer(client, phoned_in, kim)
    assert not _may_answer(client, phoned_in, someone_else)
    answer = _post(client, phoned_in, kim, text="Vid torget.", parent_id=question["id"])
    assert (answer["author_role"], answer["author_name"]) == ("proposer", "Kim")
    refused = client.post(
        f"{R}/proposals/{phoned_in}/comments",
        json={"text": "Jag med", "parent_id": question["id"]},
        headers=someone_else,
    )
    assert_problem(refused, 403, "not-answerer")


def test_a_web_proposal_is_answered_by_its_proposer_officials_and_politicians_only(
    client: TestClient, auth: TokenFactory, official: dict[str, str], open_round: str
) -> None:
    proposer = auth(Role.RESIDENT, subject="proposer-1")
    proposal = int(submit(client, proposer)["id"])
    assert _may_answer(client, proposal, proposer)
    assert _may_answer(client, proposal, official)
    assert _may_answer(client, proposal, politician())
    assert not _may_answer(client, proposal, auth(Role.RESIDENT, subject="r-2"))
    assert not _may_answer(client, proposal, auth(Role.COMPANY, subject="c-1"))
    other_kommun = client.get(f"{R}/proposals/{proposal}/may-answer", headers=politician("Krokom"))
    assert_problem(other_kommun, 403, "other-kommun")
    assert_problem(client.get(f"{R}/proposals/{proposal}/may-answer"), 401)

    client.post(f"{R}/discussion/close", headers=auth(Role.SYSTEM))
    assert not _may_answer(client, proposal, proposer)
    assert not _may_answer(client, proposal, official)


def test_a_question_on_a_phoned_in_proposal_is_noticed_for_the_resident_it_names(
    client: TestClient, auth: TokenFactory, phoned_in: int
) -> None:
    """Not for the official who entered it: the notice carries the key Kim's own BankID login
    has in this round, which notify's follows hold (issue 20's question notices)."""
    _post(client, phoned_in, auth(Role.RESIDENT, subject="r-2"), text="Var?", kind="question")
    system = auth(Role.SYSTEM)
    [notice] = client.get(f"{R}/comment-notices", headers=system).json()["items"]
    secret = ServiceSettings().pseudonym_secret
    assert notice["recipient_key"] == pseudonymize(secret, "191212121212", ROUND_ID)
    assert notice["recipient_key"] != pseudonymize(secret, "official-1", ROUND_ID)
