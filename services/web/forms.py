"""Form values in, service errors out: what a page needs to show a message beside each field."""

from collections.abc import Iterable
from typing import Any

from starlette.datastructures import FormData

from services.web.backend import ServiceError

FORM_LEVEL = "_form"


def text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def whole_kronor(
    form: FormData, name: str, errors: dict[str, str], *, required: bool = True
) -> int | None:
    """An amount in whole kronor; spaces (as in "50 000") are allowed, anything else is an
    error for the field."""
    raw = text(form, name).replace(" ", "").replace("\u00a0", "").removesuffix("kr")
    if not raw:
        if required:
            errors[name] = "Ange ett belopp i hela kronor."
        return None
    if not raw.isdigit():
        errors[name] = "Ange beloppet i hela kronor, med siffror (till exempel 50000)."
        return None
    return int(raw)


def field_errors(error: ServiceError, known: Iterable[str]) -> dict[str, str]:
    """The service's field messages under the form's field names; the rest at the top.

    A service names nested fields with dots (``criteria.0.verdict``); a form field of that name
    takes it, else its first part does.
    """
    names = set(known)
    errors: dict[str, str] = {}
    for field, message in error.fields.items():
        if field in names:
            errors.setdefault(field, message)
        elif field.split(".")[0] in names:
            errors.setdefault(field.split(".")[0], message)
        else:
            errors[FORM_LEVEL] = f"{errors.get(FORM_LEVEL, '')} {message}".strip()
    if not errors:
        errors[FORM_LEVEL] = error.detail
    return errors


def form_values(form: FormData) -> dict[str, Any]:
    """The posted values, to fill the form again after an error."""
    return {key: value for key, value in form.multi_items() if isinstance(value, str)}
