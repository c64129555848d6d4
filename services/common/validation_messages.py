"""Swedish messages for pydantic's own validation errors.

A resident who types a too short title should read what to do in Swedish, not pydantic's
English. Errors the models raise themselves are already Swedish and pass through unchanged, as
does any kind not listed here.
"""

from collections.abc import Mapping
from typing import Any

_MESSAGES = {
    "missing": "Uppgiften saknas.",
    "string_type": "Ange en text.",
    "string_too_short": "Skriv minst {min_length} tecken.",
    "string_too_long": "Skriv högst {max_length} tecken.",
    "string_pattern_mismatch": "Har fel form (ska matcha {pattern}).",
    "int_type": "Ange ett heltal.",
    "int_parsing": "Ange ett heltal.",
    "int_from_float": "Ange ett heltal, utan decimaler.",
    "greater_than": "Måste vara större än {gt}.",
    "greater_than_equal": "Måste vara minst {ge}.",
    "less_than": "Måste vara mindre än {lt}.",
    "less_than_equal": "Får vara högst {le}.",
    "bool_type": "Ange true eller false.",
    "bool_parsing": "Ange true eller false.",
    "literal_error": "Välj en av: {expected}.",
    "enum": "Välj en av: {expected}.",
    "list_type": "Ange en lista.",
    "too_short": "Ange minst {min_length}.",
    "too_long": "Ange högst {max_length}.",
    "model_attributes_type": "Ange ett objekt.",
    "dict_type": "Ange ett objekt.",
    "json_invalid": "Begäran är inte giltig JSON.",
    "datetime_type": "Ange en tidpunkt, t.ex. 2027-03-31T23:59:00+02:00.",
    "datetime_parsing": "Ange en tidpunkt, t.ex. 2027-03-31T23:59:00+02:00.",
    "datetime_from_date_parsing": "Ange en tidpunkt, t.ex. 2027-03-31T23:59:00+02:00.",
    "timezone_aware": "Ange tidpunkten med tidszon, t.ex. 2027-03-31T23:59:00+02:00.",
    "date_parsing": "Ange ett datum, t.ex. 2027-06-10.",
    "date_from_datetime_parsing": "Ange ett datum, t.ex. 2027-06-10.",
    "float_type": "Ange ett tal.",
    "float_parsing": "Ange ett tal.",
    # The models' own rules raise ValueError with a Swedish reason; pydantic prefixes English.
    "value_error": "{error}",
}


def swedish_message(error: Mapping[str, Any]) -> str:
    """The message for one pydantic error (``ValidationError.errors()`` item), in Swedish."""
    template = _MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return str(error.get("msg", ""))
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except KeyError:
        return str(error.get("msg", ""))
