"""Who proposed: intake keeps the proposer's area (declared, or the verified identity's) and
age band on the day of the proposal, never the birth date; it publishes counts per group with
small groups hidden, and an area that is not the round's is refused with nothing stored."""

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role, issue_token
from services.common.identity_numbers import luhn_valid
from services.common.settings import ServiceSettings
from services.intake.main import create_app
from services.intake.settings import IntakeSettings
from tests.conftest import KOMMUN, TokenFactory
from tests.services.intake.helpers import ORGANISATIONSNUMMER, ROUND_ID, refused, round_body, submit
from tests.services.intake.helpers import stored as stored_proposal

STATISTICS = f"/rounds/{ROUND_ID}/proposer-statistics"


def personnummer(born: date, serial: str = "123") -> str:
    """A personnummer with a valid check digit for someone born on ``born``."""
    digits = born.strftime("%y%m%d") + serial
    check = next(str(d) for d in range(10) if luhn_valid(digits + str(d)))
    return f"{born:%Y%m%d}-{serial}{check}"


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    settings = IntakeSettings(database_url=database_url, statistics_min_cell=2)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def open_round(client: TestClient, auth: TokenFactory) -> str:
    answer = client.put(f"/rounds/{ROUND_ID}", json=round_body(), headers=auth(Role.SYSTEM))
    assert answer.status_code == 200, answer.text
    return ROUND_ID


def _age(years: int) -> date:
    today = date.today()
    return date(today.year - years - 1, 1, 15)  # had their birthday this year or not: years+


def test_proposers_are_counted_by_area_and_age_band(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    resident = auth(Role.RESIDENT)
    for serial in ("101", "102", "103"):  # three in their late twenties in Åre by
        number = personnummer(_age(27), serial)
        submit(client, resident, identity_number=number, proposer_area="are-by")
    # Two in Järpen by their verified identity's area (named as the register names it).
    claims = {"kommun": KOMMUN, "area": "järpen "}
    token = issue_token(ServiceSettings(), "user-2", [Role.RESIDENT], claims=claims)
    from_identity = {"Authorization": f"Bearer {token}"}
    elders = [
        submit(client, from_identity, identity_number=personnummer(_age(70), serial))
        for serial in ("201", "202")
    ]
    company = auth(Role.COMPANY)
    single = submit(client, company, proposer_kind="company", identity_number=ORGANISATIONSNUMMER)

    row = stored_proposal(client, single["id"])
    assert (row.proposer_area, row.proposer_age_band) == (None, None)
    elder = stored_proposal(client, elders[0]["id"])
    assert (elder.proposer_area, elder.proposer_age_band) == ("jarpen", "65+")
    assert "proposer_area" not in single and "proposer_age_band" not in single  # never shown
    figures = client.get(STATISTICS).json()
    assert figures["min_cell"] == 2
    # The lone company is a group of one: hidden, and with it the next smallest group, since
    # the total would give it away.
    assert figures["by_area"]["counts"] == {"are-by": 3, "jarpen": None, "unknown": None}
    bands = figures["by_age_band"]["counts"]
    assert (bands["25-34"], bands["65+"], bands["18-24"], bands["unknown"]) == (3, None, 0, None)
    assert figures["by_age_band"]["suppressed"] is True
    second = {"identity_number": "559012-3450", "proposer_kind": "company"}
    submit(client, auth(Role.COMPANY, subject="company-2"), **second)
    figures = client.get(STATISTICS).json()
    assert figures["by_area"]["counts"] == {"are-by": 3, "jarpen": 2, "unknown": 2}
    assert figures["by_age_band"]["counts"]["65+"] == 2


def test_an_area_that_is_not_the_rounds_is_refused(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    body = refused(client, auth(Role.RESIDENT), 422, "validation", proposer_area="Stockholm")
    assert "proposer_area" in str(body)
    counts = client.get(STATISTICS).json()["by_area"]["counts"]
    assert counts == {"are-by": 0, "jarpen": 0, "unknown": 0}
