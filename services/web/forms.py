"""Form values in, service errors out: what a page needs to show a message beside each field.

A form's route sends its request with :func:`send_form`; when the service refuses it for a
reason the person can act on, the route gets :class:`FormRefused` with each message under the
form's field names and shows the form again, values kept.
"""

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData

from services.web.backend import Service, ServiceError
from services.web.deps import backend
from services.web.i18n import gettext

FORM_LEVEL = "_form"
# Field names as the service gives them, or a map from those to the form's names.
FieldNames = Iterable[str] | Mapping[str, str]


class FormRefused(Exception):
    """The service refused a form's request; ``errors`` go beside the form's fields."""

    def __init__(self, error: ServiceError, errors: dict[str, str]) -> None:
        super().__init__(error.detail)
        self.error = error
        self.errors = errors
        # A busy or unreachable service keeps the form too, so nothing typed is lost.
        self.status = 503 if error.status == 503 else 422


async def send_form(
    request: Request,
    method: str,
    service: Service,
    path: str,
    token: str | None,
    fields: FieldNames = (),
    **payload: Any,
) -> Any:
    """The service's answer to a form's request, or :class:`FormRefused` when it said no
    (any 4xx but 401, which signs the person in again) or is unavailable (503). Other
    failures go to the error page."""
    try:
        return await backend(request).call(method, service, path, token, **payload)
    except ServiceError as error:
        if error.status == 401 or (error.status >= 500 and error.status != 503):
            raise
        raise FormRefused(error, field_errors(error, fields)) from error


def text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


# What may follow an amount: its currency, as people type it ("50 000 kr", "900 €").
CURRENCY_SUFFIXES = ("kr", "sek", "€", "eur", "euro")


def whole_kronor(
    form: FormData, name: str, errors: dict[str, str], *, required: bool = True
) -> int | None:
    """A whole amount in the round's currency (kronor, euro, ...); spaces (as in "50 000") and
    the currency after it are allowed, anything else is an error for the field."""
    raw = text(form, name).replace(" ", "").replace("\u00a0", "").lower()
    for suffix in CURRENCY_SUFFIXES:
        raw = raw.removesuffix(suffix)
    if not raw:
        if required:
            errors[name] = gettext("Ange ett belopp.")
        return None
    if not raw.isdigit():
        errors[name] = gettext("Ange beloppet som ett heltal, med siffror (till exempel 50000).")
        return None
    return int(raw)


def measure(
    form: FormData, name: str, errors: dict[str, str], *, required: bool = True
) -> float | None:
    """A measured value (a count, kronor, a share): digits with a decimal comma or point;
    spaces between thousands are allowed."""
    raw = re.sub(r"\s", "", text(form, name)).replace(",", ".")
    if not raw:
        if required:
            errors[name] = gettext("Ange ett värde.")
        return None
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", raw):
        errors[name] = gettext("Ange ett tal, 0 eller mer (till exempel 12 eller 12,5).")
        return None
    return float(raw)


def iso_date(form: FormData, name: str, errors: dict[str, str]) -> str | None:
    """A date as ÅÅÅÅ-MM-DD (what a date field sends), or an error for the field."""
    raw = text(form, name)
    if not raw:
        errors[name] = gettext("Ange datumet.")
        return None
    try:
        if len(raw) == 10:
            return date.fromisoformat(raw).isoformat()
    except ValueError:
        pass
    errors[name] = gettext("Ange datumet som ÅÅÅÅ-MM-DD.")
    return None


def field_errors(error: ServiceError, known: FieldNames) -> dict[str, str]:
    """The service's field messages under the form's field names; the rest at the top.

    A service names nested fields with dots (``criteria.0.verdict``); a form field of that name
    takes it, else its first part does. ``known`` maps the service's names to the form's where
    they differ.
    """
    names = dict(known) if isinstance(known, Mapping) else {name: name for name in known}
    errors: dict[str, str] = {}
    for field, message in error.fields.items():
        if field in names:
            errors.setdefault(names[field], message)
        elif field.split(".")[0] in names:
            errors.setdefault(names[field.split(".")[0]], message)
        else:
            errors[FORM_LEVEL] = f"{errors.get(FORM_LEVEL, '')} {message}".strip()
    if not errors:
        errors[FORM_LEVEL] = error.detail
    return errors


def form_values(form: FormData) -> dict[str, Any]:
    """The posted values, to fill the form again after an error."""
    return {key: value for key, value in form.multi_items() if isinstance(value, str)}
