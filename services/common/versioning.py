"""Optimistic concurrency for records people edit: a version per row, sent as ``ETag``.

A client that read version 3 sends ``If-Match: "3"`` with its change; when someone else changed
the record in between, the change is refused with 409 ``edit-conflict`` instead of silently
overwriting theirs. Without ``If-Match`` the last change wins, as before. SQLAlchemy bumps the
version on every ORM update and checks it in the UPDATE's WHERE clause, so two writers that
read the same version can never both write (the loser's ``StaleDataError`` is a 409 too).
"""

from typing import Annotated, Any

from fastapi import Header, Response
from sqlalchemy import Column, Integer, text

from services.common.errors import Problem

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='Versionen du utgick från, som i svarets ETag (t.ex. "3"); ändrad sedan: 409',
    ),
]


def version_column() -> Any:
    """The ``version`` column; also pass it as the mapper's ``version_id_col``."""
    return Column("version", Integer, nullable=False, server_default=text("1"))


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


def check_if_match(if_match: str | None, version: int) -> None:
    """Refuses the change when the client's version is not the stored one."""
    if if_match is None or if_match.strip() == "*":
        return
    wanted = {tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(",")}
    if str(version) not in wanted:
        raise edit_conflict(version)


def edit_conflict(version: int | None = None) -> Problem:
    return Problem(
        409,
        "Någon annan har ändrat uppgiften sedan du hämtade den. Hämta den igen och gör om "
        "ändringen.",
        code="edit-conflict",
        extra={} if version is None else {"current_version": version},
    )
