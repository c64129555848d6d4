"""The dialogue on the pages (issue 23): the mandate on the round's page, the questions and
answers under a proposal, the dialogue meetings."""

import re
from pathlib import Path

from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.services.decision.test_mandate import RECORD
from tests.services.intake.helpers import PERSONNUMMER, ROUND_ID
from tests.web.in_process import csrf, decision_service, sign_in_as, web_client


def test_the_round_page_shows_the_decision_that_set_the_round_up(
    database_url: str, tmp_path: Path
) -> None:
    service = decision_service(tmp_path, ROUND_ID, mandate=RECORD)
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        page = client.get(f"/omgangar/{ROUND_ID}").text
    with web_client(database_url) as client:
        without = client.get(f"/omgangar/{ROUND_ID}").text

    assert '<h2 id="mandate-heading">Beslutet om omgången</h2>' in page
    assert "<dd>kommunfullmäktige</dd>" in page and "<dd>KS 2026/412</dd>" in page
    assert "<dd>§ 87</dd>" in page
    assert "<li>Projektet ska gynna det lokala näringslivet</li>" in page
    assert "Beslutet om omgången är inte registrerat än." in without


def _proposal(client: TestClient) -> str:
    sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
    token = csrf(client, f"/omgangar/{ROUND_ID}/forslag/nytt")
    body = {
        "title": "Cykelställ vid torget",
        "description": "Tjugo nya cykelställ vid torget, nära butikerna.",
        "category": "handel",
        "area": "are-by",
        "cost_estimate": "40000",
        "local_business_benefit": "Fler kunder stannar vid butikerna.",
        "proposer_kind": "resident",
        "identity_number": PERSONNUMMER,
        "csrf_token": token,
    }
    answer = client.post(f"/omgangar/{ROUND_ID}/forslag/nytt", data=body)
    assert answer.status_code == 303, answer.text
    location: str = answer.headers["location"]
    return location.split("?")[0]


def test_a_question_is_asked_and_answered_on_the_proposals_page(database_url: str) -> None:
    with web_client(database_url) as client:
        page = _proposal(client)
        proposers_view = client.get(page).text
        sign_in_as(client, Role.RESIDENT, "19850612-1238")
        token = csrf(client, page)
        empty = client.post(f"{page}/fragor", data={"text": " ", "csrf_token": token})
        asked = client.post(
            f"{page}/fragor",
            data={"kind": "question", "text": "Var ska ställen stå?", "csrf_token": token},
        )
        question = int(asked.headers["location"].rsplit("inlagg-", 1)[1])
        askers_view = client.get(page).text
        not_answerer = client.post(
            f"{page}/fragor/{question}/svar",
            data={f"answer_{question}": "Vet inte", "csrf_token": token},
        )
        sign_in_as(client, Role.POLITICIAN, "pol-1", party="Centerpartiet")
        answered = client.post(
            f"{page}/fragor/{question}/svar",
            data={f"answer_{question}": "Vid torget.", "csrf_token": csrf(client, page)},
        )
        shown = client.get(page).text
        [_, answer] = [int(i) for i in re.findall(r'<li id="inlagg-(\d+)"', shown)]
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        proposer_sees = client.get(page).text
        sign_in_as(client, Role.POLITICIAN, "pol-2", kommun="Krokom")
        other_kommun = client.get(page).text
        client.cookies.clear()
        anonymous = client.get(page).text

    assert empty.status_code == 422
    assert 'id="e-text"' in empty.text and 'href="#f-text"' in empty.text
    assert asked.status_code == 303 and "fragat=1" in asked.headers["location"]
    assert not_answerer.status_code == 422
    assert "Frågor besvaras av förslagsställaren" in not_answerer.text  # in the summary
    assert f'name="answer_{question}"' not in not_answerer.text
    assert answered.status_code == 303
    answer_form = f'action="{page}/fragor/{question}/svar"'
    assert answer_form not in askers_view and answer_form not in other_kommun
    assert answer_form in shown and answer_form in proposer_sees
    assert "Inga frågor eller kommentarer än." in proposers_view
    for view in (shown, proposer_sees, other_kommun):  # the answer is reported like a question
        assert f'href="{page}/fragor/{answer}/anmal"' in view
        assert f'href="{page}/fragor/{question}/anmal"' in view
    assert "/anmal" not in anonymous
    assert "Var ska ställen stå?" in shown and "Vid torget." in shown
    assert "Kim Andersson (Centerpartiet), politiker" in shown
    assert "Logga in</a> för att ställa en fråga" in anonymous


def test_an_official_registers_a_meeting_and_everyone_sees_it(database_url: str) -> None:
    form = f"/omgangar/{ROUND_ID}/moten/nytt"
    with web_client(database_url) as client:
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        assert client.get(form).status_code == 403
        sign_in_as(client, Role.OFFICIAL, "official-1")
        token = csrf(client, form)
        good = {
            "date": "2027-02-10",
            "time": "18:00",
            "place": "Åre bibliotek",
            "topic": "Handeln vid torget",
            "groups": "Åre företagarförening\nBoende i centrum\n",
            "csrf_token": token,
        }
        wrong = client.post(form, data=good | {"date": "10 februari", "place": ""})
        registered = client.post(form, data=good)
        client.cookies.clear()
        listed = client.get(f"/omgangar/{ROUND_ID}/moten").text

    assert wrong.status_code == 422
    assert 'id="e-date"' in wrong.text and 'href="#f-date"' in wrong.text
    assert registered.status_code == 303
    assert "Handeln vid torget" in listed and "Åre bibliotek" in listed
    assert "Åre företagarförening, Boende i centrum" in listed
    assert "10 februari 2027 kl. 18.00" in listed


def test_an_official_hides_a_reported_comment_with_a_reason(database_url: str) -> None:
    with web_client(database_url) as client:
        page = _proposal(client)
        token = csrf(client, page)
        asked = client.post(f"{page}/fragor", data={"text": "Något elakt", "csrf_token": token})
        comment = int(asked.headers["location"].rsplit("inlagg-", 1)[1])
        sign_in_as(client, Role.RESIDENT, "19850612-1238")
        report = f"{page}/fragor/{comment}/anmal"
        token = csrf(client, report)
        too_short = client.post(report, data={"reason": "x", "csrf_token": token})
        reported = client.post(report, data={"reason": "Personangrepp.", "csrf_token": token})
        sign_in_as(client, Role.OFFICIAL, "official-1")
        moderation = f"/omgangar/{ROUND_ID}/moderering/inlagg"
        listed = client.get(moderation).text
        token = csrf(client, moderation)
        action = f"{moderation}/{comment}/dolj"
        empty = client.post(action, data={f"reason_{comment}": "", "csrf_token": token})
        hidden = client.post(
            action, data={f"reason_{comment}": "Personangrepp.", "csrf_token": token}
        )
        shown = client.get(page).text

    assert too_short.status_code == 422 and 'id="e-reason"' in too_short.text
    assert reported.status_code == 303 and "anmalt=1" in reported.headers["location"]
    assert "Något elakt" in listed and "1 anmälningar" in listed
    assert empty.status_code == 422 and f'id="e-reason_{comment}"' in empty.text
    assert hidden.status_code == 303
    assert "Inlägget har dolts av kommunen: Personangrepp." in shown
    assert "Något elakt" not in shown
