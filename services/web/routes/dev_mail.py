"""Development only: the messages `make run`'s local mail sink received (``MB_MAIL_DIR``)."""

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from services.web.rendering import render
from services.web.settings import WebSettings

router = APIRouter(include_in_schema=False)
SHOWN = 50


def _read(path: Path) -> dict[str, Any]:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    return {
        "file": path.name,
        "to": message["To"],
        "subject": message["Subject"],
        "date": message["Date"],
        "unsubscribe": message["List-Unsubscribe"],
        "body": body.get_content() if body is not None else "",
    }


@router.get("/utveckling/e-post", response_class=HTMLResponse)
async def dev_mail(request: Request) -> HTMLResponse:
    settings: WebSettings = request.app.state.settings
    if settings.environment != "development" or not settings.mail_dir:
        raise HTTPException(404)
    folder = Path(settings.mail_dir)
    files = sorted(folder.glob("*.eml"), reverse=True) if folder.is_dir() else []
    context = {
        "folder": str(folder),
        "total": len(files),
        "messages": [_read(path) for path in files[:SHOWN]],
    }
    return render(request, "dev_mail.html", context)
