"""The services' Swedish refusals in the page's language (services/web/problems.py): by the
problem's code, or through the catalogue with the values carried over; and every text the web
translates is still the one its service writes."""

import re
from pathlib import Path

import pytest

from services.common import validation_messages
from services.web.i18n import use_language
from services.web.problems import BY_CODE, SERVICE_TEXTS, problem_text, service_text

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (
    "services/common",
    "services/intake",
    "services/voting",
    "services/decision",
    "services/assessment",
    "workflows",
)
# The voting service writes its own English after the Swedish.
OVER_BUDGET = (
    "Förslagen du valt kostar tillsammans 110\u00a0000\u00a0kr, men budgeten är "
    "100\u00a0000\u00a0kr. Välj bort något förslag. The projects you chose cost 110,000 kr "
    "together; the budget is 100,000 kr. Leave one out."
)


@pytest.mark.parametrize(
    ("swedish", "english"),
    [
        ("Skriv minst 3 tecken.", "Write at least 3 characters."),
        ("Uppgiften saknas.", "This is missing."),
        (
            "Kostnaden får vara högst 500\u00a0000\u00a0kr i den här omgången.",
            "The cost may be at most 500\u00a0000\u00a0kr in this round.",
        ),
        (
            "Personnumrets kontrollsiffra (den sista) stämmer inte. Kontrollera siffrorna.",
            "The personal identity number's check digit (the last one) is wrong. Check the digits.",
        ),
        (
            OVER_BUDGET,
            "The proposals you chose cost 110\u00a0000\u00a0kr together, but the budget is "
            "100\u00a0000\u00a0kr. Leave one out.",
        ),
        (
            "I den här omgången röstar invånare, inte företag. In this round residents vote, "
            "not companies.",
            "In this round residents vote, not companies.",
        ),
        ("Ett helt okänt fel från en tjänst.", "Ett helt okänt fel från en tjänst."),
    ],
)
def test_a_service_text_is_shown_in_english_on_an_english_page(swedish: str, english: str) -> None:
    use_language("en")
    assert service_text(swedish) == english


def test_a_swedish_page_shows_the_swedish_part_only() -> None:
    use_language("sv")
    assert service_text(OVER_BUDGET) == OVER_BUDGET.split(" The projects")[0]
    assert service_text("Skriv minst 3 tecken.") == "Skriv minst 3 tecken."


def test_a_known_problem_code_is_said_in_the_webs_own_words() -> None:
    use_language("en")
    detail = "Förslag 7 finns inte i omgången 'are-2027'."
    assert problem_text("proposal-not-found", detail) == "The proposal does not exist."
    assert problem_text("some-new-code", "Skriv minst 3 tecken.") == "Write at least 3 characters."
    use_language("sv")
    assert problem_text("proposal-not-found", detail) == "Förslaget finns inte."


def test_every_text_the_web_translates_is_still_the_services_own() -> None:
    """A service that rewords a message makes this fail: the web's copy must follow."""
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in SOURCES
        for path in (ROOT / folder).rglob("*.py")
        if "/tests/" not in str(path)
    )
    flat = re.sub(r'"\s*\n\s*f?"', "", source)  # strings Python joins across lines
    missing = []
    for text in (*SERVICE_TEXTS, *BY_CODE.values()):
        fragments = re.split(r"%\(\w+\)s", text.replace("%%", "%"))
        if not all(fragment.strip() in flat for fragment in fragments if fragment.strip()):
            missing.append(text)
    # Texts a service puts together from parts: each part is still there.
    composed = {
        "Ange ditt eget personnummer, det som din inloggning visar.": (
            'f"Ange ditt eget {whose}, det som din inloggning visar."',
            '"personnummer" if kind in PERSON_KINDS',
        ),
        "Ange ditt eget organisationsnummer, det som din inloggning visar.": (
            'f"Ange ditt eget {whose}, det som din inloggning visar."',
            'else "organisationsnummer"',
        ),
        "Ange ett skäl (minst %(least)s tecken).": (
            'f"Ange {name} (minst {minimum} tecken)."',
            'required_text(request.reason, "ett skäl", 3)',
        ),
    }
    for text, parts in composed.items():
        if all(part in flat for part in parts):
            missing.remove(text)
    # A few the web words itself for a code (no ids, no field names).
    own_words = {
        "Sidan finns inte.",
        "Omgången finns inte.",
        "Förslaget finns inte.",
        "Tjänsten svarar inte just nu. Försök igen om en stund.",
        "Röstningen är inte öppen. Rösten registrerades inte.",
        "Beslutet avviker från omröstningens resultat och måste motiveras.",
    }
    assert sorted(set(missing) - own_words) == []


def test_every_pydantic_message_has_its_text() -> None:
    templates = {
        re.sub(r"\{(\w+)\}", r"%(\1)s", message)
        for message in validation_messages._MESSAGES.values()
        if message != "{error}"
    }
    assert templates <= set(SERVICE_TEXTS)
