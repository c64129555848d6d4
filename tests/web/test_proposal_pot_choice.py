"""The proposal form of a round with pots: a select of the pots the proposer may propose in
(the whole kommun's, and the districts', or only their own district's when the sign-in tells
their area), each with its district and cap; the chosen pot reaches intake."""

from services.common.auth import Role
from tests.services.intake.helpers import PERSONNUMMER, ROUND_ID
from tests.services.intake.test_pots import POTS
from tests.web.in_process import csrf, sign_in_as, web_client
from tests.web.test_proposal_pages import FORM, _form

SODER = {"id": "are-by", "name": "Åre by pott", "area": "are-by", "max_proposal_cost": 60_000}
CHANGES = {"round_changes": {"pots": [*POTS, SODER]}}


def test_the_form_offers_the_pots_with_district_and_cap(database_url: str) -> None:
    with web_client(database_url, **CHANGES) as client:  # type: ignore[arg-type]
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        page = client.get(FORM).text
        assert 'name="pot"' in page
        assert "Hela kommunen (hela kommunen), högst 400\u00a0000\u00a0kr" in page
        assert "Järpen (kommundelen Järpen), högst 50\u00a0000\u00a0kr" in page
        assert 'value="are-by"' in page
        # A resident of Järpen by the sign-in is offered the kommun pot and Järpen's only.
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER, area="jarpen")
        own = client.get(FORM).text
        assert 'value="jarpen"' in own and "Åre by pott" not in own


def test_a_proposal_goes_to_the_chosen_pot_and_keeps_its_rules(database_url: str) -> None:
    with web_client(database_url, **CHANGES) as client:  # type: ignore[arg-type]
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        token = csrf(client, FORM)
        unchosen = client.post(FORM, data=_form(csrf_token=token))
        assert unchosen.status_code == 422
        assert (
            'id="e-pot"' in unchosen.text and "Välj vilken pott förslaget gäller." in unchosen.text
        )
        # Järpen's pot for a proposal about Åre by: intake says why, beside the area.
        wrong = client.post(FORM, data=_form(pot="jarpen", csrf_token=token))
        assert wrong.status_code == 422 and 'id="e-area"' in wrong.text
        over = client.post(FORM, data=_form(pot="are-by", cost_estimate="70000", csrf_token=token))
        assert over.status_code == 422 and "Åre by pott" in over.text
        answer = client.post(FORM, data=_form(pot="are-by", csrf_token=token))
        assert answer.status_code == 303, answer.text
        listed = client.get(f"/omgangar/{ROUND_ID}/forslag?q=cykelställ").text
        assert "Cykelställ vid torget" in listed
