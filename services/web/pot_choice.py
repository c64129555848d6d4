"""Which pot's ballot the ballot page shows, in a round with pots: the ``pott`` query parameter;
without it, the voter chooses among the pots they may vote in."""

import re
from typing import Any

from fastapi import Request

from services.web.deps import backend

POT_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def chosen_pot(request: Request) -> str | None:
    """The pot asked for; something that cannot be a pot's id is none."""
    pot = request.query_params.get("pott", "")
    return pot if POT_PATTERN.match(pot) else None


def voting_path(round_id: str, pot: str | None, rest: str) -> str:
    """``/rounds/{id}/ballot`` or, in a pot, ``/rounds/{id}/pots/{pot}/ballot`` (``rest``)."""
    return f"/rounds/{round_id}/pots/{pot}{rest}" if pot else f"/rounds/{round_id}{rest}"


async def voters_pots(request: Request, round_id: str, token: str) -> list[dict[str, Any]] | None:
    """The pots the voter may vote in; ``None`` for a round without pots."""
    every: list[dict[str, Any]] = (
        await backend(request).get_or_none("voting", f"/rounds/{round_id}/pots") or []
    )
    if not every:
        return None
    mine: list[dict[str, Any]] = (
        await backend(request).get_or_none("voting", f"/rounds/{round_id}/pots/mine", token) or []
    )
    return mine
