"""The survey after voting: questions set by the kommun (the local-business question always
first), one answer per person under a survey-only pseudonym, results with small groups
hidden; a second answer, an unknown question or an answer out of range stores nothing."""

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from services.common.auth import Role
from services.decision.models.survey import SurveyResponse
from services.decision.personal_data import erase_staff_names
from tests.conftest import TokenFactory
from tests.services.decision.conftest import ROUND
from tests.services.helpers import assert_problem

URL = f"/rounds/{ROUND}/surveys/after_voting"
OWN = {"id": "information", "text": "Fick du veta tillräckligt om förslagen?", "kind": "yes_no"}


def _stored(app: FastAPI) -> list[SurveyResponse]:
    with Session(app.state.engine) as session:
        return list(session.exec(select(SurveyResponse)))


def test_the_kommun_sets_questions_and_local_business_is_always_asked(
    client: TestClient, auth: TokenFactory, recommended: str
) -> None:
    official = auth(Role.OFFICIAL, name="Eva Ek")
    answer = client.put(URL, json={"questions": [OWN]}, headers=official)
    assert answer.status_code == 200, answer.text
    ids = [q["id"] for q in client.get(URL).json()["questions"]]
    assert ids == ["lokalt-naringsliv", "information"]
    twice = {"questions": [OWN, OWN]}
    assert_problem(client.put(URL, json=twice, headers=official), 422, "validation")


def test_one_answer_per_person_never_linked_to_who(
    client: TestClient, app: FastAPI, auth: TokenFactory, recommended: str
) -> None:
    client.put(URL, json={"questions": [OWN]}, headers=auth(Role.OFFICIAL))
    kim = auth(Role.RESIDENT, subject="19121212-1212")
    body = {"answers": {"lokalt-naringsliv": 4, "information": 1}}
    assert client.post(f"{URL}/answers", json=body, headers=kim).status_code == 201
    again = client.post(f"{URL}/answers", json={"answers": {"information": 0}}, headers=kim)
    assert_problem(again, 409, "survey-already-answered")
    [stored] = _stored(app)
    assert stored.answers == {"lokalt-naringsliv": 4, "information": 1}
    assert "19121212" not in stored.model_dump_json()
    assert set(SurveyResponse.model_fields) == {
        "id",
        "round_id",
        "stage",
        "pseudonym",
        "respondent",
        "answers",
        "answered_on",
    }
    # The same person has another pseudonym in the survey after implementation.
    assert stored.pseudonym != ""


def test_bad_answers_are_refused_and_not_stored(
    client: TestClient, app: FastAPI, auth: TokenFactory, registered: str
) -> None:
    kim = auth(Role.RESIDENT, subject="kim")
    closed = client.post(f"{URL}/answers", json={"answers": {"lokalt-naringsliv": 3}}, headers=kim)
    assert_problem(closed, 409, "survey-not-open")


def test_unknown_questions_and_values_out_of_range(
    client: TestClient, app: FastAPI, auth: TokenFactory, recommended: str
) -> None:
    kim = auth(Role.RESIDENT, subject="kim")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"answers": {"okand": 3}}, "unknown-question"),
        ({"answers": {"lokalt-naringsliv": 6}}, "answer-out-of-range"),
        ({"answers": {}}, "validation"),
    ]
    for body, code in cases:
        assert_problem(client.post(f"{URL}/answers", json=body, headers=kim), 422, code)
    official = client.post(
        f"{URL}/answers", json={"answers": {"lokalt-naringsliv": 3}}, headers=auth(Role.OFFICIAL)
    )
    assert official.status_code == 403
    assert _stored(app) == []


def test_results_hide_small_groups(
    client: TestClient, auth: TokenFactory, recommended: str
) -> None:
    for number in range(6):
        resident = auth(Role.RESIDENT, subject=f"resident-{number}")
        value = 5 if number < 5 else 2
        body = {"answers": {"lokalt-naringsliv": value}}
        assert client.post(f"{URL}/answers", json=body, headers=resident).status_code == 201
    company = auth(Role.COMPANY, subject="5566778899")
    body = {"answers": {"lokalt-naringsliv": 4}}
    assert client.post(f"{URL}/answers", json=body, headers=company).status_code == 201
    results = client.get(f"{URL}/results").json()
    assert results["respondents"] == 7
    assert results["by_respondent"] == {"resident": None, "company": None}
    [question] = results["questions"]
    assert question["answered"] == 7
    assert question["mean"] == round((5 * 5 + 2 + 4) / 7, 2)
    residents = question["counts"]["resident"]
    assert residents["5"] is None and residents["2"] is None  # 1 alone would be given away
    assert question["counts"]["company"]["4"] is None


def test_erasure_removes_who_answered_but_keeps_the_answers(
    client: TestClient, app: FastAPI, auth: TokenFactory, recommended: str
) -> None:
    for number in range(2):
        person = auth(Role.RESIDENT, subject=f"resident-{number}")
        body = {"answers": {"lokalt-naringsliv": 3}}
        assert client.post(f"{URL}/answers", json=body, headers=person).status_code == 201
    with Session(app.state.engine) as session:
        erased = erase_staff_names(session, ROUND)
        session.commit()
    assert erased["survey_response"] == 2
    stored = _stored(app)
    assert [r.pseudonym for r in stored] == [f"raderad-{r.id}" for r in stored]
    assert [r.answers for r in stored] == [{"lokalt-naringsliv": 3}] * 2
