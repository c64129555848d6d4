"""Bad input on an English page is answered in English: the web's own messages and the
services' refusals alike (real intake and voting services in-process), and the ballot's rules
read as whole sentences in either language."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.voting.main import create_app as create_voting
from services.voting.settings import VotingSettings
from services.web.i18n import LANG_COOKIE
from tests.services.intake.helpers import PERSONNUMMER, ROUND_ID
from tests.services.voting.conftest import ROUND
from tests.web.in_process import csrf, sign_in_as, web_client
from tests.web.test_paper_ballot_page import PAGE as PAPER
from tests.web.test_paper_ballot_page import _entry, _open
from tests.web.test_proposal_pages import FORM, _form

SWEDISH_LEFT = ("Skriv minst", "Ange beloppet", "Kostnaden får vara", "kontrollsiffra", "Välj ")


def test_a_proposal_with_mistakes_is_answered_in_english(database_url: str) -> None:
    with web_client(database_url) as client:
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        client.cookies.set(LANG_COOKIE, "en")
        token = csrf(client, FORM)
        wrong = client.post(FORM, data=_form(title="x", cost_estimate="fyrtio", csrf_token=token))
        assert wrong.status_code == 422
        assert "Write at least 3 characters." in wrong.text  # intake's own check
        assert "Enter the amount as a whole number, in digits" in wrong.text  # the web's
        over = client.post(FORM, data=_form(cost_estimate="900000", csrf_token=token))
        assert over.status_code == 422
        assert "The cost may be at most 500\u00a0000" in over.text  # the round's rule
        mistyped = client.post(FORM, data=_form(identity_number="19121212-1213", csrf_token=token))
        assert (
            mistyped.status_code == 422 and "check digit (the last one) is wrong" in mistyped.text
        )
        for page in (wrong.text, over.text, mistyped.text):
            assert not [text for text in SWEDISH_LEFT if text in page]
        assert "Estimated cost, SEK" in wrong.text


@pytest.fixture
def voting_web(database_url: str, tmp_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """The web front in English with the real voting service (in-process)."""
    app = create_voting(VotingSettings(database_url=f"sqlite:///{tmp_path}/v.db"))
    with TestClient(app) as voting, web_client(database_url, apps={"voting.test": app}) as client:
        client.cookies.set(LANG_COOKIE, "en")
        yield client, voting


def test_a_wrong_receipt_code_is_answered_in_english(
    voting_web: tuple[TestClient, TestClient],
) -> None:
    client, voting = voting_web
    _open(voting)
    page = client.get(f"/omgangar/{ROUND}/kvitto?kod=fel!")
    assert page.status_code == 422
    assert "The receipt code does not exist." in page.text and "Kvittokoden" not in page.text


def test_a_refused_paper_ballot_is_answered_in_english(
    voting_web: tuple[TestClient, TestClient],
) -> None:
    client, voting = voting_web
    _open(voting, ballot_type="knapsack", max_choices=None, min_spend_percent=50)
    sign_in_as(client, Role.OFFICIAL, "official-1")
    token = csrf(client, PAPER)
    luhn = client.post(PAPER, data=_entry(token, voter="19800517-2381", choice=["1"]))
    assert luhn.status_code == 422
    assert "check digit (the last one) is wrong" in luhn.text
    # The voting service refuses too small a ballot, in Swedish and then English: one language.
    small = client.post(PAPER, data=_entry(token, choice=["4"]))
    assert small.status_code == 422
    assert "Choose proposals worth at least 50% of the budget" in small.text
    assert "Välj förslag för minst" not in small.text
    assert "Choose projects worth" not in small.text  # not the service's English as well
    assert voting.get(f"/rounds/{ROUND}/ballot").json()["ballot_count"] == 0


def test_the_least_a_ballot_must_spend_is_one_sentence_in_each_language(
    voting_web: tuple[TestClient, TestClient],
) -> None:
    client, voting = voting_web
    _open(voting, ballot_type="knapsack", max_choices=None, min_spend_percent=50)
    sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
    english = client.get(f"/omgangar/{ROUND_ID}/rosta").text
    assert (
        "Together they must cost at least 50,000\u00a0SEK (50\u00a0% of the budget) and at most "
        "the budget, 100,000\u00a0SEK."
    ) in english
    client.cookies.set(LANG_COOKIE, "sv")
    swedish = client.get(f"/omgangar/{ROUND_ID}/rosta").text
    assert (
        "Tillsammans ska de kosta minst 50\u00a0000\u00a0kr (50\u00a0% av budgeten) och högst "
        "budgeten, 100\u00a0000\u00a0kr."
    ) in swedish
