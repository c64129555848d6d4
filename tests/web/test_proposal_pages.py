"""Submitting a proposal through the page, against the real intake service: every mistake is
said beside its field, linked from the summary at the top, and nothing is stored until the
form is right."""

import re

from services.common.auth import Role
from tests.services.intake.helpers import PERSONNUMMER, ROUND_ID
from tests.web.in_process import csrf, sign_in_as, web_client

FORM = f"/omgangar/{ROUND_ID}/forslag/nytt"


def _form(**changes: str) -> dict[str, str]:
    body = {
        "title": "Cykelställ vid torget",
        "description": "Tjugo nya cykelställ vid torget, nära butikerna.",
        "category": "handel",
        "area": "are-by",
        "location": "Torget",
        "cost_estimate": "40 000",
        "local_business_benefit": "Fler kunder stannar vid butikerna.",
        "proposer_kind": "resident",
        "identity_number": PERSONNUMMER,
    }
    return body | changes


def test_mistakes_are_shown_beside_their_fields(database_url: str) -> None:
    with web_client(database_url) as client:
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        token = csrf(client, FORM)
        wrong = _form(title="x", cost_estimate="fyrtio", category="", csrf_token=token)
        answer = client.post(FORM, data=wrong)
        assert answer.status_code == 422
        page = answer.text
        for field in ("title", "cost_estimate", "category"):
            assert f'href="#f-{field}"' in page, field
            assert re.search(rf'id="f-{field}"[^>]*aria-describedby="[^"]*e-{field}', page), field
            assert re.search(rf'id="f-{field}"[^>]*aria-invalid="true"', page), field
        assert "Ange beloppet som ett heltal, med siffror" in page
        assert "Välj en kategori." in page
        assert "Skriv minst 3 tecken." in page
        # What was typed stays in the form.
        assert 'value="fyrtio"' in page
        listed = client.get(f"/omgangar/{ROUND_ID}/forslag")
        assert "0 förslag" in listed.text


def test_the_rounds_own_rules_come_back_from_the_service(database_url: str) -> None:
    with web_client(database_url) as client:
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        token = csrf(client, FORM)
        mistyped = client.post(FORM, data=_form(identity_number="19121212-1213", csrf_token=token))
        assert mistyped.status_code == 422
        assert 'id="e-identity_number"' in mistyped.text
        over = client.post(FORM, data=_form(cost_estimate="900000", csrf_token=token))
        assert over.status_code == 422
        assert 'id="e-cost_estimate"' in over.text and "500\u00a0000" in over.text


def test_a_right_form_is_stored_and_shown(database_url: str) -> None:
    with web_client(database_url) as client:
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        token = csrf(client, FORM)
        answer = client.post(FORM, data=_form(csrf_token=token))
        assert answer.status_code == 303
        page = client.get(answer.headers["location"])
        assert "Tack! Ditt förslag är inlämnat." in page.text
        assert "40\u00a0000\u00a0kr" in page.text
        found = client.get(f"/omgangar/{ROUND_ID}/forslag?q=cykelställ")
        assert "Cykelställ vid torget" in found.text


def test_an_official_cannot_use_the_residents_form(database_url: str) -> None:
    with web_client(database_url) as client:
        sign_in_as(client, Role.OFFICIAL, "official-1")
        assert client.get(FORM).status_code == 403


def test_english_is_the_second_language(database_url: str) -> None:
    with web_client(database_url) as client:
        answer = client.get("/tillganglighet?lang=en")
        assert '<html lang="en">' in answer.text
        assert "Skip to content" in answer.text
        assert "mb_lang=en" in answer.headers.get("set-cookie", "")
        # The accessibility statement itself stays Swedish and says so.
        assert '<article lang="sv">' in answer.text
        assert '<html lang="en">' in client.get("/").text


def test_staff_see_the_pages_of_their_own_roles(database_url: str) -> None:
    with web_client(database_url) as client:
        sign_in_as(client, Role.ASSESSOR, "assessor-1")
        page = client.get(f"/omgangar/{ROUND_ID}/forslag").text
        assert f'href="/omgangar/{ROUND_ID}/bedomning"' in page
        assert f'href="/omgangar/{ROUND_ID}/rostsedel"' not in page
        assert client.get(f"/omgangar/{ROUND_ID}/rostsedel").status_code == 403
        sign_in_as(client, Role.COUNCIL_SECRETARY, "secretary-1")
        page = client.get(f"/omgangar/{ROUND_ID}/forslag").text
        assert f'href="/omgangar/{ROUND_ID}/beslut"' in page
        assert f'href="/omgangar/{ROUND_ID}/bedomning"' not in page


def test_the_round_page_shows_what_it_can_while_other_services_are_down(
    database_url: str,
) -> None:
    with web_client(database_url) as client:
        page = client.get(f"/omgangar/{ROUND_ID}")
        assert page.status_code == 200
        assert "Medborgarbudget Åre 2027" in page.text
        assert "Okänd just nu" in page.text  # no Temporal: the phase is not guessed


def test_the_list_goes_page_by_page(database_url: str) -> None:
    with web_client(database_url) as client:
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        token = csrf(client, FORM)
        for number in range(52):
            body = _form(title=f"Förslag nummer {number:02}", csrf_token=token)
            assert client.post(FORM, data=body).status_code == 303
        first = client.get(f"/omgangar/{ROUND_ID}/forslag?q=nummer")
        assert "Förslag nummer 00" in first.text and "Förslag nummer 50" not in first.text
        assert "Sida 1 av 2" in first.text
        assert 'href="/omgangar/are-2027/forslag?q=nummer&amp;sida=2"' in first.text
        second = client.get(f"/omgangar/{ROUND_ID}/forslag?q=nummer&sida=2")
        assert "Förslag nummer 51" in second.text and "Förslag nummer 00" not in second.text
        wrong = client.get(f"/omgangar/{ROUND_ID}/forslag?sida=0")
        assert wrong.status_code == 422 and "Adressen är felaktig" in wrong.text


def test_the_proposer_can_take_the_proposal_back(database_url: str) -> None:
    with web_client(database_url) as client:
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        token = csrf(client, FORM)
        created = client.post(FORM, data=_form(csrf_token=token)).headers["location"]
        path = created.split("?")[0]
        sign_in_as(client, Role.RESIDENT, "19850612-1238")  # someone else
        assert client.post(f"{path}/aterta", data={"csrf_token": token}).status_code == 403
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        answer = client.post(f"{path}/aterta", data={"csrf_token": token})
        assert answer.status_code == 303
        page = client.get(answer.headers["location"]).text
        assert "Förslaget är återtaget." in page
        assert "Cykelställ vid torget" not in client.get(f"/omgangar/{ROUND_ID}/forslag").text
