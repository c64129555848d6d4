"""A service's problem+json field names become the form's field names, so each message stands
beside the field it is about; what fits no field goes to the top of the form."""

from starlette.datastructures import FormData

from services.web.backend import ServiceError
from services.web.forms import FORM_LEVEL, field_errors, whole_kronor
from services.web.routes.project_admin import FORMS, _form_errors


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
