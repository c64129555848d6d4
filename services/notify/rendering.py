"""Messages from templates: ``templates/<language>/<event>.txt``, the subject on the first line.

Templates are ``string.Template`` text with ``$names`` filled from the announcement's public
values, the links and the greeting; a template naming a value that is missing fails at once
rather than sending a hole. Only the recipient's own name is personal, and it goes only in
the greeting.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

from services.common.dates import STOCKHOLM
from services.notify.events import Event

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGES = ("sv", "en")
GREETING = {"sv": ("Hej $name!", "Hej!"), "en": ("Hello $name,", "Hello,")}
# The web front's page for each event's link.
PAGES = {
    Event.PROPOSAL_RECEIVED: "/omgangar/{round_id}/forslag/{proposal_id}",
    Event.PROPOSAL_MERGED: "/omgangar/{round_id}/forslag/{proposal_id}",
    Event.ASSESSMENT_OUTCOME: "/omgangar/{round_id}/forslag/{proposal_id}",
    Event.VOTING_OPENED: "/omgangar/{round_id}/rosta",
    Event.VOTING_REMINDER: "/omgangar/{round_id}/rosta",
    Event.RESULTS_PUBLISHED: "/omgangar/{round_id}/resultat",
    Event.COUNCIL_DECIDED: "/omgangar/{round_id}/projekt",
    Event.PROJECT_DONE: "/omgangar/{round_id}/projekt/{project_id}",
    Event.OFFICIAL_NOTICE: "/omgangar/{round_id}",
    Event.QUESTION_ASKED: "/omgangar/{round_id}/forslag/{proposal_id}",
}


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    language: str


@cache
def _template(language: str, name: str) -> Template:
    return Template((TEMPLATES / language / f"{name}.txt").read_text(encoding="utf-8"))


def template_name(event: Event, params: dict[str, Any]) -> str:
    if event == Event.ASSESSMENT_OUTCOME:
        return "assessment_feasible" if params.get("feasible") else "assessment_not_feasible"
    return event.value


# Filled in by the sender, not the announcement.
SENDER_VALUES = frozenset({"greeting", "url", "unsubscribe_url", "settings_url", "kommun"})


def missing_values(event: Event, params: dict[str, Any]) -> list[str]:
    """The values the event's templates name that ``params`` lacks (in any language)."""
    names = {"assessment_feasible", "assessment_not_feasible"}
    if event != Event.ASSESSMENT_OUTCOME:
        names = {event.value}
    wanted: set[str] = set()
    for language in LANGUAGES:
        for name in names:
            wanted |= set(_template(language, name).get_identifiers())
    return sorted(wanted - SENDER_VALUES - set(params))


def _shown(value: Any, language: str) -> str:
    """A value as a reader sees it: times in Swedish time, numbers with spaces."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0")
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        try:
            moment = datetime.fromisoformat(value).astimezone(STOCKHOLM)
        except ValueError:
            return value
        return moment.strftime("%Y-%m-%d kl. %H:%M" if language == "sv" else "%Y-%m-%d at %H:%M")
    return str(value)


def render(
    event: Event,
    language: str,
    values: dict[str, Any],
    name: str | None,
    links: dict[str, str],
) -> Message:
    """The message for one recipient; ``values`` hold ``kommun``, ``round_title`` and the
    event's own public values, ``links`` the ``url``, ``unsubscribe_url`` and ``settings_url``."""
    language = language if language in LANGUAGES else "sv"
    named, plain = GREETING[language]
    shown = {key: _shown(value, language) for key, value in values.items()}
    shown |= links
    shown["greeting"] = Template(named).substitute(name=name) if name else plain
    text = _template(language, template_name(event, values)).substitute(shown)
    text += _template(language, "_footer").substitute(shown)
    first, _, body = text.partition("\n")
    subject = first.split(":", 1)[1].strip()
    return Message(subject=subject, body=body.lstrip("\n"), language=language)


def page_url(public_url: str, event: Event, round_id: str, values: dict[str, Any]) -> str:
    return public_url.rstrip("/") + PAGES[event].format(**{**values, "round_id": round_id})
