"""Swedish first, English second: templates write Swedish and look up the English here.

A missing English text falls back to Swedish, so a page is never blank in either language.
The language comes from ``?lang=en`` (remembered in a cookie) or the cookie alone.
"""

import json
from pathlib import Path

from fastapi import Request

# The English texts, keyed by the Swedish text the templates and routes write.
ENGLISH: dict[str, str] = json.loads(
    (Path(__file__).parent / "messages_en.json").read_text(encoding="utf-8")
)

LANGUAGES = ("sv", "en")
LANG_COOKIE = "mb_lang"


def language(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE, "sv")
    return asked if asked in LANGUAGES else "sv"


def translate(lang: str, swedish: str) -> str:
    if lang == "en":
        return ENGLISH.get(swedish, swedish)
    return swedish
