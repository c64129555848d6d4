"""Requests the notify tests share."""

from typing import Any

from fastapi.testclient import TestClient

from medborgarbudget.synthetic import personnummer
from services.common.auth import Role
from services.notify.events import CONSENT_VERSION
from tests.conftest import TokenFactory

ROUND = "are-2027"


PEOPLE = [personnummer(n) for n in range(4)]


def contact_body(**changes: Any) -> dict[str, Any]:
    return {
        "email": "kim@example.se",
        "name": "Kim",
        "language": "sv",
        "invitations": True,
        "consent": True,
        "consent_version": CONSENT_VERSION,
        **changes,
    }


def give_contact(
    client: TestClient, auth: TokenFactory, subject: str, **changes: Any
) -> dict[str, str]:
    headers = auth(Role.RESIDENT, subject=subject)
    answer = client.put("/contacts/me", json=contact_body(**changes), headers=headers)
    assert answer.status_code == 200, answer.text
    return headers


def announce(
    client: TestClient, auth: TokenFactory, event: str, ref: str = "", **params: Any
) -> dict[str, Any]:
    body = {
        "event": event,
        "kommun": "Åre",
        "ref": ref,
        "params": {"round_title": "Medborgarbudget Åre 2027", **params},
    }
    answer = client.post(f"/rounds/{ROUND}/announcements", json=body, headers=auth(Role.SYSTEM))
    assert answer.status_code in (200, 201), answer.text
    result: dict[str, Any] = answer.json()
    return result
