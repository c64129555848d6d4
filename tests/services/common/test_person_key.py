"""The person key voting and notify both derive (services/common/person_key.py): the keys
already stored must keep matching, so they are pinned here, computed before the two services
shared the function."""

from datetime import date

import pytest

from services.common.person_key import person_key
from services.common.principal import Principal, Role
from services.common.pseudonym import participation_marker
from services.notify.identity import key_of
from services.voting.eligibility import voter_from_token

SECRET = "test-secret"
TODAY = date(2026, 12, 7)
PERSON_KEY = "9bb1256fbabe114d4a67f89c44c0946d7412162b9422896a450ced86b91f8dd0"
PERSON_MARKER = "ea7aade17532867d029c076ec385f2d618a2ea786b61f9c55326ef75bf0c508d"
COMPANY_KEY = "7f3ccbf036c8f76055b5bcb95c9fdb2c3cf9ad22e1000956d5a5bfdc9fc77380"
COMPANY_MARKER = "9d7e24b52d02a91c9d94b9a4c2c623d7258dedf6d3831aa27dfe7c1f77bdd9d0"
COMPANY_VOTER_KEY = "23bf787b20f01bb60aca4dfcd797b5b5e04b043136f7fa83640e481a11827add"


@pytest.mark.parametrize("subject", ["19811218-9876", "811218-9876", " 198112189876 "])
def test_a_person_has_one_key_however_the_number_is_written(subject: str) -> None:
    principal = Principal(subject=subject, roles=frozenset({Role.RESIDENT}))
    voter = voter_from_token(principal, TODAY)
    assert key_of(SECRET, principal, TODAY) == PERSON_KEY
    assert person_key(SECRET, "person", "198112189876") == PERSON_KEY
    assert voter.marker(SECRET, "r1") == PERSON_MARKER
    assert participation_marker(SECRET, PERSON_KEY, "r1") == PERSON_MARKER


def test_a_company_is_keyed_by_its_organisationsnummer() -> None:
    claims = {"organisationsnummer": "556012-5790"}
    principal = Principal(subject="rep", roles=frozenset({Role.COMPANY}), claims=claims)
    voter = voter_from_token(principal, TODAY)
    assert key_of(SECRET, principal, TODAY) == COMPANY_KEY
    assert person_key(SECRET, "company", "5560125790") == COMPANY_KEY
    assert voter.marker(SECRET, "r1") == COMPANY_MARKER
    assert voter.key(SECRET, "r1") == COMPANY_VOTER_KEY


def test_a_subject_that_is_no_personnummer_is_keyed_as_given() -> None:
    principal = Principal(subject=" not-a-number ", roles=frozenset({Role.RESIDENT}))
    voter = voter_from_token(principal, TODAY)
    assert key_of(SECRET, principal, TODAY) == person_key(SECRET, "person", "not-a-number")
    assert voter.marker(SECRET, "r1") == participation_marker(
        SECRET, key_of(SECRET, principal, TODAY), "r1"
    )
