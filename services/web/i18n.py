"""Swedish first, English second: templates and routes write Swedish inside ``_()`` and the
English comes from the gettext catalogue ``locale/en/LC_MESSAGES/messages.po`` (compiled to
``.mo`` by ``make i18n``; docs/translations.md).

A missing English text falls back to Swedish, so a page is never blank in either language.
The language comes from ``?lang=en`` (remembered in a cookie) or the cookie alone; the page
being rendered sets it for its task (``use_language``), so macros and filters see it too.
"""

from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations
from fastapi import Request

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
LANGUAGES = ("sv", "en")
LANG_COOKIE = "mb_lang"
# Babel's locale per page language: Swedish and British conventions (day before month).
LOCALES = {"sv": "sv_SE", "en": "en_GB"}

_current: ContextVar[str] = ContextVar("mb_language", default="sv")


def language(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE, "sv")
    return asked if asked in LANGUAGES else "sv"


def use_language(lang: str) -> None:
    """The language of what this task renders from now on."""
    _current.set(lang if lang in LANGUAGES else "sv")


def current_language() -> str:
    return _current.get()


def current_locale() -> str:
    return LOCALES[_current.get()]


@cache
def catalogue(lang: str) -> NullTranslations:
    """The compiled catalogue; Swedish is the source language and needs none."""
    if lang == "sv":
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [lang], DOMAIN)


def N_(text: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Marks a text for extraction where it is defined; ``_()`` translates it where shown."""
    return text


def gettext(text: str, **values: Any) -> str:
    """The text in the current language, with ``%(name)s`` filled in from ``values``."""
    translated = catalogue(_current.get()).gettext(text) if text else text
    return translated % values if values else translated


def ngettext(singular: str, plural: str, count: int, **values: Any) -> str:
    """Singular or plural by ``count`` (``%(num)s`` is the count, formatted for the language)."""
    from services.web.formats import number  # formats imports this module

    translated = catalogue(_current.get()).ngettext(singular, plural, count)
    return translated % {"num": number(count), **values}


def translate(lang: str, swedish: str) -> str:
    """A text in a given language, for code that runs outside a page's rendering."""
    return catalogue(lang if lang in LANGUAGES else "sv").gettext(swedish)
