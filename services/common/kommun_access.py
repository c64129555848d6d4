"""Official actions are bound to the round's kommun: the dependency every such route declares.

An official, assessor, council secretary or operations person acts only in rounds of the kommun
their token names (claim ``kommun``); the workflow (``system``) and the hosting organisation's
staff (``hosting``) act across kommuner, and a resident or company is not acting for a kommun
at all. Each service says where its round's kommun is stored with a :data:`KommunOf`.
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends
from sqlmodel import Session, select

from services.common.auth import (
    KOMMUN_BOUND,
    Principal,
    Role,
    check_kommun,
    check_roles,
    current_principal,
)
from services.common.deps import RoundIdPath, SessionDep

# The kommun of a round as the service stores it; None when the service has no such round.
KommunOf = Callable[[Session, str], str | None]


def require_roles_in_kommun(
    kommun_of: KommunOf, *roles: Role
) -> Callable[[str, Principal, Session], Principal]:
    """Dependency factory: the caller holds one of ``roles``, and one let in only through a
    kommun-bound role must name the round's kommun (else 403 ``other-kommun``).

    A round the service does not have is the route's to answer (its 404, or its 422 for a bad
    parameter, which FastAPI checks after this dependency has run): nobody's data is there."""
    allowed = frozenset(roles)
    unbound = allowed - KOMMUN_BOUND

    def dependency(
        round_id: RoundIdPath,
        principal: Annotated[Principal, Depends(current_principal)],
        session: SessionDep,
    ) -> Principal:
        check_roles(principal, allowed)
        if principal.roles & unbound:
            return principal
        kommun = kommun_of(session, round_id)
        # Give the connection back before the route runs: a route that waits for a worker
        # thread while its request holds a connection starves the pool under a burst.
        session.close()
        if kommun is not None:
            check_kommun(principal, kommun)
        return principal

    return dependency


def stored_kommun(kommun: Any, round_id: Any) -> KommunOf:
    """A :data:`KommunOf` reading the ``kommun`` column of the row whose ``round_id`` column
    matches. Only the column is read, not the row into the session, so the route's own load
    (and lock) of the round sees it as the database has it then."""

    def kommun_of(session: Session, wanted: str) -> str | None:
        found: str | None = session.exec(select(kommun).where(round_id == wanted)).first()
        return found

    return kommun_of
