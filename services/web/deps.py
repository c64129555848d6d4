"""What every page route needs: the backend, the round status reader and the signed-in user."""

from fastapi import Request

from services.common.auth import Role
from services.web.backend import Backend
from services.web.round_status import RoundStatusReader
from services.web.session import User, current_user


class SignInRequired(Exception):
    """The page needs a signed-in person: the app redirects to sign-in and back."""


class NotAllowed(Exception):
    """Signed in, but without a role the page needs."""


def backend(request: Request) -> Backend:
    client: Backend = request.app.state.backend
    return client


def rounds(request: Request) -> RoundStatusReader:
    reader: RoundStatusReader = request.app.state.round_status
    return reader


def require_user(request: Request, *roles: Role) -> User:
    user = current_user(request)
    if user is None:
        raise SignInRequired()
    if roles and not user.has(*roles):
        raise NotAllowed()
    return user
