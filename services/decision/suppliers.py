"""Where a supplier has its seat: an adapter to the kommun's supplier register (or a company
register lookup in front of it), over HTTP.

The contract (docs/api.md#leverantörsregistret): ``GET {MB_SUPPLIER_REGISTER_URL}/suppliers/
{organisationsnummer}`` (ten digits) answers 200 with ``{"organisationsnummer": "...",
"name": "...", "kommun": "..."}`` (the kommun of the registered seat, by name) or 404 when the
register does not know the company. No URL set: the adapter is off and every seat is unknown,
so the share of money to local companies says "okänt" rather than guessing.
"""

import httpx
from pydantic import BaseModel, Field, ValidationError

from services.common.errors import Problem


class SupplierSeat(BaseModel):
    organisationsnummer: str = Field(min_length=10, max_length=10)
    name: str = Field(default="", max_length=200)
    kommun: str = Field(min_length=1, max_length=100)


def _unavailable() -> Problem:
    return Problem(
        503,
        "Leverantörsregistret svarar inte just nu, så leverantörens säte kan inte tas reda på. "
        "Inget sparades; försök igen om en stund.",
        code="supplier-register-unavailable",
        headers={"Retry-After": "60"},
    )


class SupplierRegister:
    def __init__(self, url: str, timeout: float, transport: httpx.BaseTransport | None = None):
        self._url = url.rstrip("/")
        self._timeout = timeout
        self._transport = transport

    def seat(self, organisationsnummer: str) -> SupplierSeat | None:
        """The supplier's seat; ``None`` when unknown to the register or the adapter is off.
        A register that is down is a 503 for the caller: nothing is stored without it."""
        if not self._url:
            return None
        url = f"{self._url}/suppliers/{organisationsnummer}"
        try:
            with httpx.Client(timeout=self._timeout, transport=self._transport) as client:
                answer = client.get(url, headers={"Accept": "application/json"})
        except httpx.HTTPError as exc:
            raise _unavailable() from exc
        if answer.status_code == 404:
            return None
        if answer.status_code != 200:
            raise _unavailable()
        try:
            seat = SupplierSeat.model_validate_json(answer.content)
        except ValidationError as exc:
            raise _unavailable() from exc
        return seat if seat.organisationsnummer == organisationsnummer else None


def same_kommun(seat: str | None, kommun: str) -> bool | None:
    """Whether a seat is in the round's kommun; ``None`` when the seat is unknown."""
    if seat is None:
        return None
    return seat.strip().casefold() == kommun.strip().casefold()
