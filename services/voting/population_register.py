"""Optional adapter to the population register (folkbokföringen) over HTTP.

When ``MB_POPULATION_REGISTER_URL`` is set, a person's birth date, kommun and area come from the
register instead of the token, for rounds whose rules ask about them: the register is the
authority, a token only repeats what an identity provider was told. Unset means off (with a log
line at start), never a crash. The register's contract:

``POST {base}/lookup`` with ``{"identity": "<personnummer>"}`` answers 200
``{"birthdate": "YYYY-MM-DD", "kommun": "...", "area": "..." or null}``, or 404 when the person
is not registered. The personnummer goes in the body, never in a URL that could end up in logs.
"""

import logging
from datetime import date

import httpx
from pydantic import BaseModel, ValidationError

from services.common.errors import Problem

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 5.0


class RegisterEntry(BaseModel):
    birthdate: date
    kommun: str
    area: str | None = None


class PopulationRegister:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    async def lookup(self, identity: str) -> RegisterEntry | None:
        """The person's entry, ``None`` if not registered; 503 if the register cannot answer."""
        try:
            # A client per lookup: requests run on whichever event loop serves them.
            async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
                answer = await client.post(f"{self.base_url}/lookup", json={"identity": identity})
            if answer.status_code == 404:
                return None
            answer.raise_for_status()
            return RegisterEntry.model_validate_json(answer.content)
        except (httpx.HTTPError, ValidationError) as exc:
            log.warning("population register lookup failed: %s", type(exc).__name__)
            raise Problem(
                503,
                "Folkbokföringen svarar inte just nu, så vi kan inte se att du får rösta. "
                "Försök igen om en stund. The population register is not answering; try again.",
                code="population-register-unavailable",
                headers={"Retry-After": "5"},
            ) from exc


def population_register(base_url: str) -> PopulationRegister | None:
    if not base_url:
        log.info(
            "population register off (MB_POPULATION_REGISTER_URL is not set): "
            "eligibility is read from the voters' tokens"
        )
        return None
    log.info("population register at %s", base_url)
    return PopulationRegister(base_url)
