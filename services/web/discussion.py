"""What a proposal's page shows of its questions and answers: one page of threads, whether
they still take questions, and the state of the forms under them."""

from typing import Any

from fastapi import Request

from services.common.principal import DISCUSSANTS
from services.web.backend import ServiceError
from services.web.deps import backend
from services.web.i18n import N_
from services.web.paging import page_count, page_number
from services.web.session import current_user
from services.web.together import together

THREADS_PER_PAGE = 20
# Translated where the page shows them.
ROLE_NAMES = {
    "resident": N_("Invånare"),
    "company": N_("Företag"),
    "proposer": N_("Förslagsställaren"),
    "official": N_("Tjänsteperson"),
    "politician": N_("Politiker"),
}
KIND_NAMES = {"question": N_("Fråga"), "comment": N_("Kommentar"), "answer": N_("Svar")}


async def thread_context(
    request: Request,
    round_id: str,
    proposal_id: int,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The threads for the page; ``None`` while intake cannot give them (the page still
    shows the proposal)."""
    number = page_number(request.query_params.get("fragor_sida"))
    threads, may_answer = await together(
        _threads(request, round_id, proposal_id, number),
        _may_answer(request, round_id, proposal_id),
    )
    total = int(threads["total"]) if threads else 0
    query = request.query_params
    return {
        "threads": threads,
        "thread_page_number": number,
        "thread_page_count": page_count(total, THREADS_PER_PAGE),
        "thread_link": f"/omgangar/{round_id}/forslag/{proposal_id}?fragor_sida=",
        "role_names": ROLE_NAMES,
        "comment_kinds": KIND_NAMES,
        "may_answer": may_answer,
        "thread_values": values or {},
        "thread_errors": errors or {},
        "asked": query.get("fragat") == "1",
        "answered": query.get("svarat") == "1",
        "reported": query.get("anmalt") == "1",
    }


async def _threads(
    request: Request, round_id: str, proposal_id: int, number: int
) -> dict[str, Any] | None:
    path = f"/rounds/{round_id}/proposals/{proposal_id}/comments"
    try:
        offset = (number - 1) * THREADS_PER_PAGE
        threads: dict[str, Any] = await backend(request).get(
            "intake", path, limit=THREADS_PER_PAGE, offset=offset
        )
    except ServiceError as error:
        if error.status not in (404, 410, 503):
            raise
        return None
    return threads


async def _may_answer(request: Request, round_id: str, proposal_id: int) -> bool:
    """The answer forms are offered only to whom intake lets answer: the proposer, and the
    officials and politicians of the round's kommun, while the threads are open."""
    user = current_user(request)
    if user is None or not user.has(*DISCUSSANTS):
        return False
    path = f"/rounds/{round_id}/proposals/{proposal_id}/may-answer"
    try:
        answer = await backend(request).get("intake", path, user.token)
    except ServiceError as error:
        if error.status in (401, 403, 404, 410, 503):
            return False
        raise
    return bool(answer.get("may_answer"))
