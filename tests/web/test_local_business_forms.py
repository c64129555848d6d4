"""Officials' forms for the local-business evaluation, through the web front in-process against
the real decision service: a project's indicators, payments and follow-up measurement, the
round's survey questions and running cost. Bad input is said beside its field and stores
nothing."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.decision.suppliers import SupplierRegister
from tests.services.decision.conftest import PROJECT, TALLY
from tests.services.helpers import RecordingSignaler
from tests.services.intake.helpers import ROUND_ID
from tests.supplier_register_fake import LOCAL_SUPPLIER, FakeSupplierRegister
from tests.web.in_process import csrf, decision_service, sign_in_as, web_client

ADMIN = f"/omgangar/{ROUND_ID}/uppfoljning"
PAGE = f"{ADMIN}/projekt/2/naringsliv"
SETUP = f"{ADMIN}/enkat-och-kostnad"
API = f"/rounds/{ROUND_ID}"


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """(the web front signed in as an official, the decision service with project 2 running)."""
    service = decision_service(
        tmp_path,
        ROUND_ID,
        recommendation=TALLY | {"round_id": ROUND_ID},
        **{"projects/2": PROJECT},
    )
    app: FastAPI = service.app  # type: ignore[assignment]
    app.state.signaler = RecordingSignaler()
    with FakeSupplierRegister() as register:
        app.state.suppliers = SupplierRegister(register.url, timeout=5)
        with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
            sign_in_as(client, Role.OFFICIAL, "official-1")
            yield client, service


def _post(client: TestClient, path: str, page: str, **fields: str) -> Any:
    return client.post(path, data={"csrf_token": csrf(client, page), **fields})


def _error_beside(page: str, field: str) -> bool:
    """The design system's pattern: the message under the field, the field pointing at it."""
    return f'id="e-{field}"' in page and f'href="#f-{field}"' in page and "aria-invalid" in page


def test_indicators_and_payments_are_entered_on_the_projects_page(
    site: tuple[TestClient, TestClient],
) -> None:
    client, service = site
    assert f'href="{PAGE}"' in client.get(f"{ADMIN}/projekt/2").text
    page = client.get(PAGE)
    assert page.status_code == 200 and "Indikatorer med utgångsvärden" in page.text

    no_baseline = _post(
        client,
        f"{PAGE}/indikator",
        PAGE,
        ind_key="jobb",
        ind_baseline_date="2027-09-01",
        ind_source="SCB",
    )
    assert no_baseline.status_code == 422 and _error_beside(no_baseline.text, "ind_baseline")
    assert 'value="SCB"' in no_baseline.text  # what was typed is kept
    short_source = _post(
        client,
        f"{PAGE}/indikator",
        PAGE,
        ind_key="jobb",
        ind_baseline="4",
        ind_baseline_date="2027-09-01",
        ind_source="x",
    )  # the service's own rule, said beside the field
    assert short_source.status_code == 422 and _error_beside(short_source.text, "ind_source")
    assert service.get(f"{API}/projects/2/local-indicators").json() == []

    own = _post(
        client,
        f"{PAGE}/indikator",
        PAGE,
        ind_key="egen",
        ind_name="Sålda lokala varor",
        ind_unit="st",
        ind_baseline="12,5",
        ind_baseline_date="2027-09-01",
        ind_target="40",
        ind_source="Handelsföreningen",
    )
    assert own.status_code == 303, own.text
    stored = service.get(f"{API}/projects/2/local-indicators").json()
    assert [(i["key"], i["baseline_value"], i["target"], i["own"]) for i in stored] == [
        ("salda-lokala-varor", 12.5, 40, True)
    ]
    shown = client.get(own.headers["location"]).text
    assert "Indikatorn är sparad." in shown and "Handelsföreningen" in shown

    for fields, field in (
        ({"sp_orgnr": "556677-8898"}, "sp_orgnr"),  # wrong check digit
        ({"sp_orgnr": "19800101-1234"}, "sp_orgnr"),  # not an organisationsnummer
        ({"sp_amount": "-500"}, "sp_amount"),
        ({"sp_paid_on": "1 maj"}, "sp_paid_on"),
    ):
        good = {"sp_paid_on": "2027-10-02", "sp_amount": "12 000", "sp_orgnr": LOCAL_SUPPLIER}
        body = good | {"sp_purpose": "Virke till scenen"} | fields
        refused = _post(client, f"{PAGE}/utbetalning", PAGE, **body)
        assert refused.status_code == 422 and _error_beside(refused.text, field), fields
    assert service.get(f"{API}/projects/2/spend").json() == []

    paid = _post(
        client,
        f"{PAGE}/utbetalning",
        PAGE,
        sp_paid_on="2027-10-02",
        sp_amount="12 000",
        sp_orgnr=LOCAL_SUPPLIER,
        sp_purpose="Virke till scenen",
    )
    assert paid.status_code == 303, paid.text
    payments = service.get(f"{API}/projects/2/spend").json()
    assert [(p["amount"], p["local"]) for p in payments] == [(12_000, True)]
    shown = client.get(paid.headers["location"]).text
    assert "Åre Bygg AB" in shown and "i kommunen" in shown and "100,0" in shown
    english = client.get(PAGE + "?lang=en").text
    assert "Indicators with baselines" in english and "Record a payment" in english


def test_the_follow_up_measurement_is_entered_when_due(
    site: tuple[TestClient, TestClient], auth: Any
) -> None:
    client, service = site
    assert "Mätningen planeras när projektet är klart." in client.get(PAGE).text
    official = auth(Role.OFFICIAL, name="Eva Ek")
    baseline = {"baseline_value": 3, "baseline_date": "2027-09-01", "source": "SCB"}
    put = service.put(f"{API}/projects/2/local-indicators/jobb", json=baseline, headers=official)
    assert put.status_code == 200
    system = auth(Role.SYSTEM, subject="worker")
    done = PROJECT | {"status": "done", "summary": "Klart"}
    assert service.put(f"{API}/projects/2", json=done, headers=system).status_code == 200
    plan = service.put(f"{API}/follow-ups", json={"measure_after": 0.001}, headers=system)
    assert plan.status_code == 200 and plan.json()["total"] == 1

    bad = _post(client, f"{PAGE}/matning", PAGE, **{"fu_jobb": "fem", "fu_note": "x"})
    assert bad.status_code == 422 and _error_beside(bad.text, "fu_jobb")
    empty = _post(client, f"{PAGE}/matning", PAGE, fu_note="Inget mätt")
    assert empty.status_code == 422 and "minst en indikator" in empty.text
    assert service.get(f"{API}/follow-ups").json()["items"][0]["status"] == "due"

    measured = _post(client, f"{PAGE}/matning", PAGE, fu_jobb="7", fu_note="Enligt SCB")
    assert measured.status_code == 303, measured.text
    item = service.get(f"{API}/follow-ups").json()["items"][0]
    assert (item["status"], item["measured"], item["note"]) == (
        "measured",
        {"jobb": 7},
        "Enligt SCB",
    )
    shown = client.get(measured.headers["location"]).text
    assert "Uppföljningsmätningen är sparad." in shown and "Du kan rätta värdena." in shown


def test_survey_questions_and_running_cost_are_set_for_the_round(
    site: tuple[TestClient, TestClient],
) -> None:
    client, service = site
    assert f'href="{SETUP}"' in client.get(ADMIN).text
    page = client.get(SETUP)
    assert page.status_code == 200 and "Har projekten stärkt det lokala näringslivet?" in page.text

    short = _post(client, f"{SETUP}/enkat/efter-omrostningen", SETUP, q_text_1="Bra?")
    assert short.status_code == 422 and _error_beside(short.text, "q_text_1")
    questions = service.get(f"{API}/surveys/after_voting").json()["questions"]
    assert [q["id"] for q in questions] == ["lokalt-naringsliv"]

    fields = {"q_text_1": "Var det lätt att rösta?", "q_text_2": "Röstar du igen nästa år?"}
    saved = _post(client, f"{SETUP}/enkat/efter-omrostningen", SETUP, q_kind_2="yes_no", **fields)
    assert saved.status_code == 303, saved.text
    questions = service.get(f"{API}/surveys/after_voting").json()["questions"]
    assert [(q["id"], q["kind"]) for q in questions] == [
        ("lokalt-naringsliv", "scale"),
        ("fraga-1", "scale"),
        ("fraga-2", "yes_no"),
    ]
    shown = client.get(saved.headers["location"]).text
    assert 'value="Var det lätt att rösta?"' in shown and 'value="fraga-2"' in shown

    bad_cost = _post(client, f"{SETUP}/kostnad", SETUP, rc_amount="tio tusen", rc_hours="3,5")
    assert bad_cost.status_code == 422
    assert _error_beside(bad_cost.text, "rc_amount") and 'id="e-rc_hours"' in bad_cost.text
    assert service.get(f"{API}/running-cost").json() is None
    cost = _post(
        client,
        f"{SETUP}/kostnad",
        SETUP,
        rc_amount="85 000",
        rc_hours="120",
        rc_note="Annonser och två möten",
    )
    assert cost.status_code == 303, cost.text
    stored = service.get(f"{API}/running-cost").json()
    assert (stored["amount"], stored["staff_hours"]) == (85_000, 120)
    english = client.get(SETUP + "?lang=en").text
    assert "What the round cost the kommun" in english and 'value="85000"' in english
