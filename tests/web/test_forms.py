"""A service's problem+json field names become the form's field names, so each message stands
beside the field it is about; what fits no field goes to the top of the form."""

from collections.abc import Mapping
from types import SimpleNamespace

import httpx
import pytest
from starlette.datastructures import FormData
from starlette.requests import Request

from services.web.backend import Backend, ServiceError
from services.web.forms import FORM_LEVEL, FormRefused, field_errors, send_form, whole_kronor
from services.web.routes.project_admin import FORMS, _form_errors
from services.web.settings import WebSettings


def _problem(**fields: str) -> ServiceError:
    return ServiceError(422, "; ".join(fields.values()), "validation", fields)


def test_nested_fields_land_on_their_form_field_and_the_rest_at_the_top() -> None:
    error = _problem(
        **{"criteria.0.verdict": "Välj uppfyllt eller inte.", "cost": "För dyrt.", "x": "Okänt."}
    )
    errors = field_errors(error, ("criteria", "cost"))
    assert errors == {
        "criteria": "Välj uppfyllt eller inte.",
        "cost": "För dyrt.",
        FORM_LEVEL: "Okänt.",
    }


def test_a_refusal_without_fields_is_said_at_the_top() -> None:
    error = ServiceError(409, "Förslagsinsamlingen är stängd.", "intake-closed", {})
    assert field_errors(error, ("title",)) == {FORM_LEVEL: "Förslagsinsamlingen är stängd."}


def test_milestone_rows_are_numbered_from_one_on_the_page() -> None:
    fields = FORMS["delmal"][3]
    error = _problem(**{"milestones.1.title": "Minst 3 tecken.", "owner": "Ange ägaren."})
    assert _form_errors(error, fields) == {
        "ms_title_2": "Minst 3 tecken.",
        "ms_owner": "Ange ägaren.",
    }


def test_amounts_in_whole_kronor_accept_spaces_and_refuse_the_rest() -> None:
    errors: dict[str, str] = {}
    form = FormData([("a", "50 000"), ("b", "12,50"), ("c", "")])
    assert whole_kronor(form, "a", errors) == 50_000
    assert whole_kronor(form, "b", errors) is None
    assert whole_kronor(form, "c", errors, required=False) is None
    assert set(errors) == {"b"}


def _request_to(status: int, body: Mapping[str, object]) -> Request:
    """A page request whose backend answers every call with ``status`` and ``body``."""
    transport = httpx.MockTransport(lambda _request: httpx.Response(status, json=body))
    app = SimpleNamespace(state=SimpleNamespace(backend=Backend(WebSettings(), transport)))
    return Request({"type": "http", "app": app, "headers": []})


@pytest.mark.parametrize("status", [400, 403, 404, 409, 413, 422, 503])
async def test_a_refusal_sends_the_form_back_with_its_field_messages(status: int) -> None:
    problem = {"detail": "Nej.", "errors": [{"field": "public_reason", "message": "För kort."}]}
    with pytest.raises(FormRefused) as refused:
        await send_form(
            _request_to(status, problem),
            "POST",
            "assessment",
            "/rounds/r-1/merges",
            "token",
            {"public_reason": "merge_reason"},
            json={},
        )
    assert refused.value.errors == {"merge_reason": "För kort."}
    assert refused.value.status == (503 if status == 503 else 422)


@pytest.mark.parametrize("status", [401, 500])
async def test_sign_in_and_server_errors_go_past_the_form(status: int) -> None:
    with pytest.raises(ServiceError) as error:
        await send_form(_request_to(status, {"detail": "x"}), "POST", "intake", "/x", "token")
    assert error.value.status == status
