"""The round's evaluation: opened and closed by the workflow, conclusions submitted by an
official (passed on as a signal), and the independent evaluator's report uploaded as a file."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.decision.models.base import SignalAccepted
from services.decision.models.evaluation import (
    Evaluation,
    EvaluationPublic,
    EvaluationRecord,
    EvaluationRequest,
    EvaluatorReport,
    ReportFileInfo,
)
from services.decision.routes import (
    EvaluatorDep,
    OfficialDep,
    check_evaluation_not_closed,
    display_name,
    get_round,
    send_signal,
    upsert,
)
from services.decision.routes.evaluator import log_access
from services.decision.settings import DecisionSettings

router = APIRouter(prefix="/rounds/{round_id}/evaluation", tags=["uppföljning"])

# What an evaluator's report may be, and how each kind of file starts (a mislabelled upload is
# refused rather than served to the public under the wrong type).
REPORT_TYPES = {
    "application/pdf": b"%PDF-",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": b"PK\x03\x04",
    "application/vnd.oasis.opendocument.text": b"PK\x03\x04",
    "text/plain": b"",
}
FileName = Annotated[
    str, Query(min_length=1, max_length=200, pattern=r"^[\w][\w .()-]*$", description="Filnamn")
]


def evaluation_public(session: Session, evaluation: Evaluation) -> EvaluationPublic:
    stored = session.get(EvaluatorReport, evaluation.round_id)
    shown = ReportFileInfo.model_validate(stored) if stored is not None else None
    return EvaluationPublic.model_validate(evaluation, update={"evaluator_report": shown})


def check_open(session: Session, round_id: str) -> None:
    get_round(session, round_id)
    evaluation = session.get(Evaluation, round_id)
    if evaluation is None or evaluation.status != "open":
        raise Problem(
            409,
            "Uppföljningen är inte öppen; slutsatser kan lämnas när den har öppnats och innan "
            "den har stängts.",
            code="evaluation-not-open",
        )


@router.put("", response_model=EvaluationPublic, summary="Spara uppföljningens läge")
def record_evaluation(
    round_id: RoundIdPath, body: EvaluationRecord, _system: SystemDep, session: SessionDep
) -> EvaluationPublic:
    get_round(session, round_id)
    # The process history holds times: stored as JSON text, like the milestones.
    values = {**body.model_dump(), "process": body.model_dump(mode="json")["process"]}
    values["round_id"] = round_id
    return evaluation_public(session, upsert(session, Evaluation, round_id, values))


@router.post("", status_code=202, response_model=SignalAccepted, summary="Lämna uppföljningen")
async def submit_evaluation(
    round_id: RoundIdPath,
    body: EvaluationRequest,
    official: OfficialDep,
    session: SessionDep,
    request: Request,
) -> SignalAccepted:
    await run_in_threadpool(check_open, session, round_id)
    payload = {"summary": body.summary, "submitted_by": display_name(official)}
    return await send_signal(request, round_id, "submit_evaluation", payload, session=session)


def _too_large(limit: int) -> Problem:
    detail = f"Filen får vara högst {limit / 1_000_000:g} MB."
    return Problem(413, detail, code="file-too-large", title="För stor fil")


async def _read_limited(request: Request, limit: int) -> bytes:
    """Reads the body, stopping as soon as it is larger than ``limit`` bytes."""
    if int(request.headers.get("content-length") or 0) > limit:
        raise _too_large(limit)
    content = bytearray()
    async for chunk in request.stream():
        content.extend(chunk)
        if len(content) > limit:
            raise _too_large(limit)
    return bytes(content)


def _check_content(content_type: str, content: bytes) -> None:
    if content_type not in REPORT_TYPES:
        allowed = ", ".join(REPORT_TYPES)
        raise Problem(415, f"Rapporten ska vara en av: {allowed}.", code="unsupported-file-type")
    if not content:
        raise Problem(422, "Filen är tom.", code="empty-file")
    if not content.startswith(REPORT_TYPES[content_type]):
        raise Problem(422, f"Filen är inte av typen {content_type}.", code="file-type-mismatch")
    if content_type == "text/plain":
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Problem(422, "Textfilen ska vara UTF-8.", code="file-type-mismatch") from exc


def _store_report(session: Session, round_id: str, values: dict[str, object]) -> ReportFileInfo:
    check_evaluation_not_closed(session, round_id)
    return ReportFileInfo.model_validate(upsert(session, EvaluatorReport, round_id, values))


@router.put(
    "/evaluator-report", response_model=ReportFileInfo, summary="Ladda upp utvärderarens rapport"
)
async def upload_evaluator_report(
    round_id: RoundIdPath,
    filename: FileName,
    official: EvaluatorDep,
    session: SessionDep,
    request: Request,
) -> ReportFileInfo:
    """The file is the request body, with its type as ``Content-Type``; a new upload replaces
    the old one until the evaluation closes. The evaluator files it themself, or staff do."""
    await run_in_threadpool(get_round, session, round_id)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    settings: DecisionSettings = request.app.state.settings
    content = await _read_limited(request, settings.evaluator_report_max_bytes)
    _check_content(content_type, content)
    values: dict[str, object] = {
        "round_id": round_id,
        "filename": filename,
        "content_type": content_type,
        "size": len(content),
        "content": content,
        "uploaded_by": display_name(official),
    }
    stored = await run_in_threadpool(_store_report, session, round_id, values)
    await run_in_threadpool(log_access, session, round_id, official, "rapport inlämnad")
    return stored


@router.get("/evaluator-report", summary="Hämta utvärderarens rapport")
def download_evaluator_report(round_id: RoundIdPath, session: SessionDep) -> Response:
    get_round(session, round_id)
    stored = session.get(EvaluatorReport, round_id)
    if stored is None:
        raise Problem(404, "Ingen rapport är uppladdad än.", code="no-evaluator-report")
    disposition = f"attachment; filename*=UTF-8''{quote(stored.filename)}"
    return Response(
        stored.content,
        media_type=stored.content_type,
        headers={"Content-Disposition": disposition},
    )
