"""Officials' local-business follow-up of one project: its indicators with baselines, the
payments with each supplier's organisationsnummer, and the follow-up measurement months after
completion. The decision service checks and stores each; this page shows what it refused beside
the field it concerns."""

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from services.common.auth import Role
from services.web.deps import backend, require_user
from services.web.forms import (
    FORM_LEVEL,
    FormRefused,
    field_errors,
    form_values,
    iso_date,
    measure,
    send_form,
    text,
    whole_kronor,
)
from services.web.i18n import gettext
from services.web.rendering import render
from services.web.routes.home import round_context
from services.web.session import checked_form
from services.web.together import together

router = APIRouter(include_in_schema=False)
OWN = "egen"  # the indicator select's value for one of the kommun's own
Built = tuple[str, str, dict[str, Any]]  # (path after the project's, method, body)
Builder = Callable[[FormData, dict[str, str], dict[str, Any]], Built]


def _page_path(round_id: str, project_id: int) -> str:
    return f"/omgangar/{round_id}/uppfoljning/projekt/{project_id}/naringsliv"


@router.get("/omgangar/{round_id}/uppfoljning/projekt/{project_id}/naringsliv")
async def local_business_page(request: Request, round_id: str, project_id: int) -> HTMLResponse:
    require_user(request, Role.OFFICIAL)
    return await _page(request, round_id, project_id, {}, {})


async def _records(round_id: str, project_id: int, request: Request) -> dict[str, Any]:
    """The project and what the decision service has on its local business."""
    client = backend(request)
    base = f"/rounds/{round_id}/projects/{project_id}"
    project, listed, indicators, payments, spend, follow_ups, proposal = await together(
        client.get("decision", base),
        client.get("decision", f"/rounds/{round_id}/indicators"),
        client.get("decision", f"{base}/local-indicators"),
        client.get("decision", f"{base}/spend"),
        client.get("decision", f"/rounds/{round_id}/spend"),
        client.get("decision", f"/rounds/{round_id}/follow-ups"),
        client.get_or_none("intake", f"/rounds/{round_id}/proposals/{project_id}"),
    )
    follow_up = next(
        (item for item in follow_ups["items"] if item["project_id"] == project_id), None
    )
    due = follow_up is not None and bool(follow_up["measurable"])  # as the service decides
    return {
        "project": project,
        "proposal": proposal,
        "listed": listed,
        "indicator_options": [(item["key"], item["name"]) for item in listed],
        "indicators": indicators,
        "payments": payments,
        "share": spend["projects"].get(str(project_id)),
        "follow_up": follow_up,
        "follow_up_due": due,
    }


async def _page(
    request: Request,
    round_id: str,
    project_id: int,
    values: dict[str, Any],
    errors: dict[str, str],
    code: int = 200,
    records: dict[str, Any] | None = None,
) -> HTMLResponse:
    context = await round_context(request, round_id)
    records = records or await _records(round_id, project_id, request)
    context |= records | {
        "values": values,
        "errors": errors,
        "own": OWN,
        "sent": request.query_params.get("skickat"),
    }
    return render(request, "local_business_admin.html", context, code)


def own_key(name: str) -> str:
    """An id for one of the kommun's own indicators, from its name (``Sålda varor`` ->
    ``salda-varor``)."""
    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:64].strip("-")


def _indicator(form: FormData, errors: dict[str, str], records: dict[str, Any]) -> Built:
    key = text(form, "ind_key")
    body: dict[str, Any] = {
        "baseline_value": measure(form, "ind_baseline", errors),
        "baseline_date": iso_date(form, "ind_baseline_date", errors),
        "target": measure(form, "ind_target", errors, required=False),
        "source": text(form, "ind_source"),
    }
    if key == OWN:
        body |= {"name": text(form, "ind_name"), "unit": text(form, "ind_unit")}
        key = own_key(body["name"])
        if not key:
            errors["ind_name"] = gettext("Ge den egna indikatorn ett namn.")
    elif key not in {item["key"] for item in records["listed"]}:
        errors["ind_key"] = gettext("Välj en indikator i listan.")
    return f"/local-indicators/{key}", "PUT", body


def _payment(form: FormData, errors: dict[str, str], _records: dict[str, Any]) -> Built:
    body = {
        "paid_on": iso_date(form, "sp_paid_on", errors),
        "amount": whole_kronor(form, "sp_amount", errors),
        "organisationsnummer": text(form, "sp_orgnr"),
        "purpose": text(form, "sp_purpose"),
    }
    if "sp_amount" in errors:
        errors["sp_amount"] = gettext("Ange beloppet i hela kronor, större än noll.")
    return "/spend", "POST", body


def _measurement(form: FormData, errors: dict[str, str], records: dict[str, Any]) -> Built:
    figures = {
        i["key"]: measure(form, f"fu_{i['key']}", errors, required=False)
        for i in records["indicators"]
    }
    values = {key: value for key, value in figures.items() if value is not None}
    if not values and not errors:
        errors[FORM_LEVEL] = gettext("Ange ett uppmätt värde för minst en indikator.")
    return "/follow-up", "POST", {"values": values, "note": text(form, "fu_note")}


# form name: (builder, the service's field names -> the form's)
FORMS: dict[str, tuple[Builder, Mapping[str, str]]] = {
    "indikator": (
        _indicator,
        {
            "baseline_value": "ind_baseline",
            "baseline_date": "ind_baseline_date",
            "target": "ind_target",
            "source": "ind_source",
            "name": "ind_name",
            "unit": "ind_unit",
            "key": "ind_key",
        },
    ),
    "utbetalning": (
        _payment,
        {
            "paid_on": "sp_paid_on",
            "amount": "sp_amount",
            "organisationsnummer": "sp_orgnr",
            "purpose": "sp_purpose",
        },
    ),
    "matning": (_measurement, {"note": "fu_note"}),
}


@router.post(
    "/omgangar/{round_id}/uppfoljning/projekt/{project_id}/naringsliv/{form_name}",
    response_model=None,
)
async def local_business_update(
    request: Request, round_id: str, project_id: int, form_name: str
) -> Response:
    user = require_user(request, Role.OFFICIAL)
    form = await checked_form(request)
    if form_name not in FORMS:
        return await _page(request, round_id, project_id, {}, {}, 404)
    build, fields = FORMS[form_name]
    errors: dict[str, str] = {}
    records = await _records(round_id, project_id, request)
    suffix, method, body = build(form, errors, records)
    if not errors:
        path = f"/rounds/{round_id}/projects/{project_id}{suffix}"
        named = {
            **fields,
            **{f"values.{i['key']}": f"fu_{i['key']}" for i in records["indicators"]},
        }
        try:
            await send_form(request, method, "decision", path, user.token, named, json=body)
        except FormRefused as refused:
            errors = field_errors(refused.error, named)
            code = refused.status
        else:
            target = f"{_page_path(round_id, project_id)}?skickat={form_name}"
            return RedirectResponse(target, status_code=303)
    else:
        code = 422
    values = form_values(form) | {"form": form_name}
    return await _page(request, round_id, project_id, values, errors, code, records)
