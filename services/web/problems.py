"""The services' refusals in the page's language.

The services answer in Swedish: a problem's ``detail`` and each field's ``message`` (the voting
service adds its own English after the Swedish). A page shows them in its own language: by the
problem's ``code`` where the web says it in its own words, else through the web's catalogue,
where the service's Swedish text is the msgid. A text with values in it (``Skriv minst 3
tecken.``) is found by a pattern in which ``%(name)s`` stands for each value; the values are
carried over as the service wrote them. A text the catalogue does not know stays Swedish.

``tests/web/test_service_texts.py`` checks that every text here is still the service's own.
"""

import re
from functools import cache

from services.web.i18n import N_, gettext

# Problems the web words itself, whatever the service's detail says (its ids, its field names).
BY_CODE = {
    "unavailable": N_("Tjänsten svarar inte just nu. Försök igen om en stund."),
    "not-found": N_("Sidan finns inte."),
    "round-not-found": N_("Omgången finns inte."),
    "proposal-not-found": N_("Förslaget finns inte."),
    "intake-closed": N_(
        "Omgången tar inte längre emot förslag eller ändringar: sista dagen har passerat eller "
        "omgången är stängd."
    ),
    "voting-not-open": N_("Röstningen är inte öppen. Rösten registrerades inte."),
    "conflict": N_("Uppgiften krockar med befintliga data."),
    "edit-conflict": N_(
        "Någon annan ändrade uppgiften samtidigt. Hämta den igen och gör om ändringen."
    ),
    "invalid-value": N_(
        "Ett värde kan inte sparas, t.ex. ett nolltecken i en text eller ett för stort tal."
    ),
    "internal": N_("Ett oväntat fel inträffade. Försök igen senare."),
    "council-decision-recorded": N_(
        "Fullmäktiges beslut för omgången är redan registrerat och kan inte ersättas."
    ),
    "justification-required": N_(
        "Beslutet avviker från omröstningens resultat och måste motiveras."
    ),
}

# The services' own texts, with %(name)s where the service puts in a value.
SERVICE_TEXTS = (
    # services/common/validation_messages.py: pydantic's checks, every service
    N_("Uppgiften saknas."),
    N_("Ange en text."),
    N_("Skriv minst %(min_length)s tecken."),
    N_("Skriv högst %(max_length)s tecken."),
    N_("Har fel form (ska matcha %(pattern)s)."),
    N_("Ange ett heltal."),
    N_("Ange ett heltal, utan decimaler."),
    N_("Måste vara större än %(gt)s."),
    N_("Måste vara minst %(ge)s."),
    N_("Måste vara mindre än %(lt)s."),
    N_("Får vara högst %(le)s."),
    N_("Ange true eller false."),
    N_("Välj en av: %(expected)s."),
    N_("Ange en lista."),
    N_("Ange minst %(min_length)s."),
    N_("Ange högst %(max_length)s."),
    N_("Ange ett objekt."),
    N_("Begäran är inte giltig JSON."),
    N_("Ange en tidpunkt, t.ex. 2027-03-31T23:59:00+02:00."),
    N_("Ange tidpunkten med tidszon, t.ex. 2027-03-31T23:59:00+02:00."),
    N_("Ange ett datum, t.ex. 2027-06-10."),
    N_("Ange ett tal."),
    # services/common/identity_numbers.py: proposals and paper ballots
    N_(
        "Skriv personnumret som ÅÅÅÅMMDD-NNNN (eller ÅÅMMDD-NNNN), med bara siffror och "
        "bindestreck."
    ),
    N_("Plustecken används bara med tvåsiffrigt årtal (ÅÅMMDD+NNNN)."),
    N_("Personnumret innehåller inget giltigt födelsedatum."),
    N_("Personnumrets födelsedatum ligger i framtiden."),
    N_("Personnumrets kontrollsiffra (den sista) stämmer inte. Kontrollera siffrorna."),
    N_("Skriv organisationsnumret som NNNNNN-NNNN, bara siffror och bindestreck."),
    N_(
        "Det här ser ut som ett personnummer: i ett organisationsnummer är tredje siffran "
        "2 eller högre."
    ),
    N_("Organisationsnumrets kontrollsiffra (den sista) stämmer inte. Kontrollera siffrorna."),
    # services/intake/rules.py: the round's rules for a proposal
    N_("Kostnaden får vara högst %(cost)s i den här omgången."),
    N_("Ange ditt eget personnummer, det som din inloggning visar."),
    N_("Ange ditt eget organisationsnummer, det som din inloggning visar."),
    N_(
        "Beskriv hur förslaget gynnar det lokala näringslivet (minst %(least)s tecken): det är "
        "ett kriterium i den här omgången."
    ),
    # services/voting/ballot_rules.py and eligibility.py: a ballot refused
    N_("Du kan välja högst %(limit)s förslag, du valde %(chosen)s."),
    N_(
        "Förslagen du valt kostar tillsammans %(total)s, men budgeten är %(budget)s. Välj bort "
        "något förslag."
    ),
    N_("Välj förslag för minst %(share)s %% av budgeten (%(least)s); dina val kostar %(total)s."),
    N_("Varje valt förslag ska ha minst 1 poäng."),
    N_("Du kan ge ett förslag högst %(cap)s poäng."),
    N_("Du har %(total)s poäng att fördela men delade ut %(given)s."),
    N_("I den här omgången röstar invånare, inte företag."),
    N_("Vi vet inte ditt födelsedatum och kan inte se att du fyllt %(age)s år."),
    N_("Du behöver ha fyllt %(age)s år senast %(day)s för att rösta."),
    N_("Omgången gäller den som är folkbokförd i %(kommun)s."),
    N_("Omgången gäller den som bor i %(areas)s."),
    # services/assessment/schemas.py: the assessment form
    N_("Ett genomförbart förslag behöver en kostnad i hela kronor (större än 0)."),
    N_("Ange den bedömda kostnaden (cost) när du anger kostnadsposter."),
    N_(
        "Skriv en offentlig motivering (minst 3 tecken) till varför förslaget inte är genomförbart."
    ),
    # services/decision: the council's decision and a project's follow-up
    N_("De beviljade projekten kostar %(total)s kr men budgeten är %(budget)s kr."),
    N_("Sammanträdet kan inte ligga i framtiden: registrera beslutet när det fattats."),
    N_("Sammanträdet kan inte ligga före röstningens resultat (%(day)s)."),
    N_("två delmål har samma namn"),
    N_("ange klara delmål (completed_milestones) eller använt belopp (spent)"),
    N_("delmålens nummer ska vara olika och börja på 1"),
    N_("Projektet har %(planned)s delmål; delmål %(unknown)s finns inte."),
    # workflows/operations and workflows/waiting/deadlines.py: the round's operations updates
    N_("Ange ett skäl (minst %(least)s tecken)."),
    N_("Den nya tidsgränsen (%(when)s) måste ligga i framtiden."),
    N_("Röstningen pågår: sluttiden kan bara flyttas till en senare tidpunkt."),
    N_("Uppföljningens sista dag måste ligga efter att uppföljningen börjar."),
)

_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


@cache
def _pattern(text: str) -> re.Pattern[str]:
    """The text as a regular expression: each ``%(name)s`` a group, ``%%`` a per cent sign."""
    parts, end = [], 0
    for found in _PLACEHOLDER.finditer(text):
        parts.append(re.escape(text[end : found.start()]))
        parts.append("%" if found.group(0) == "%%" else f"(?P<{found.group(1)}>.+?)")
        end = found.end()
    parts.append(re.escape(text[end:]))
    return re.compile("".join(parts))


@cache
def _with_values() -> tuple[str, ...]:
    return tuple(text for text in SERVICE_TEXTS if _PLACEHOLDER.search(text))


@cache
def _plain() -> frozenset[str]:
    return frozenset(text for text in SERVICE_TEXTS if not _PLACEHOLDER.search(text))


def service_text(message: str) -> str:
    """A service's Swedish message in the page's language (Swedish when no text matches).

    The voting service writes its English after its Swedish; the Swedish part is the one
    matched, so a page shows one language."""
    message = message.strip()
    translated = gettext(message) if message else message
    if translated != message:
        return translated
    for candidate in (message, *_sentences(message)):
        if candidate in _plain():
            return gettext(candidate)
    for text in _with_values():
        found = _prefix(text, message) or _pattern(text).fullmatch(message)
        if found:
            return gettext(text, **found.groupdict())
    return message


def _sentences(message: str) -> list[str]:
    """The leading sentences of a message that goes on in another language."""
    ends = [m.end() for m in re.finditer(r"[.!?](?= [A-ZÅÄÖ])", message)]
    return [message[:end] for end in ends]


def _prefix(text: str, message: str) -> re.Match[str] | None:
    found = _pattern(text).match(message)
    return found if found and message[found.end() : found.end() + 1] == " " else None


def problem_text(code: str, detail: str) -> str:
    """What a page says about a problem: the web's words for its code, else its detail."""
    if code in BY_CODE:
        return gettext(BY_CODE[code])
    return service_text(detail)
