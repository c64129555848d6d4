"""Assessments: the assigned assessors record and revise verdicts; anyone may read them.

A verdict covers each of the round's criteria, splits the assessed cost into line items, and,
for a proposal that is not feasible, gives the public reason. The write that assesses the last
proposal signals the round workflow (see :mod:`services.assessment.completion`).
"""

from fastapi import APIRouter, Request, Response
from sqlmodel import Session, col
from starlette.concurrency import run_in_threadpool

from services.assessment.access import (
    AssessorDep,
    assessor_key,
    display_name,
    ensure_assigned,
    ensure_no_conflict,
    ensure_registered,
    load_open_round,
)
from services.assessment.completion import signal_complete
from services.assessment.models import Assessment, AssessmentRound, ProposalToAssess
from services.assessment.progress import outcome_of, progress
from services.assessment.schemas import AssessmentPublic, AssessmentUpsert, Outcome
from services.common.db import fetch_page
from services.common.deps import PageDep, ProposalIdPath, SessionDep, SettingsDep
from services.common.errors import Problem
from services.common.money import format_sek
from services.common.pages import PageOf
from services.common.rounds import load_round
from services.common.types import utc_now
from services.common.validation import invalid_fields
from services.common.versioning import IfMatch, check_if_match, edit_conflict, set_etag

router = APIRouter(prefix="/rounds/{round_id}/assessments", tags=["bedömningar"])
_OUTCOME_WHERE = {
    "feasible": col(Assessment.feasible),
    "rejected": ~col(Assessment.feasible) & col(Assessment.merged_into).is_(None),
    "merged": col(Assessment.merged_into).is_not(None),
}


def assessment_public(assessment: Assessment) -> AssessmentPublic:
    return AssessmentPublic.model_validate(
        {**assessment.model_dump(), "outcome": outcome_of(assessment)}
    )


def criteria_errors(round_: AssessmentRound, body: AssessmentUpsert) -> dict[str, str]:
    """Every criterion of the round gets one verdict, and a feasible proposal meets them all."""
    wanted = [str(criterion["id"]) for criterion in round_.criteria]
    given = {verdict.criterion_id: verdict.verdict for verdict in body.criteria}
    missing = [criterion for criterion in wanted if criterion not in given]
    unknown = [criterion for criterion in given if criterion not in wanted]
    if missing or unknown:
        parts = [f"saknar omdöme om {', '.join(missing)}"] if missing else []
        parts += [f"okända kriterier {', '.join(unknown)}"] if unknown else []
        expected = ", ".join(wanted) or "inga"
        return {
            "criteria": f"Ett omdöme per kriterium i omgången ({expected}): {'; '.join(parts)}."
        }
    unmet = [criterion for criterion in wanted if given[criterion] == "not_met"]
    if body.feasible and unmet:
        return {
            "feasible": f"Förslaget uppfyller inte {', '.join(unmet)} och kan därför inte vara "
            "genomförbart."
        }
    return {}


def cost_errors(
    round_: AssessmentRound, body: AssessmentUpsert, pot: str | None = None
) -> dict[str, str]:
    """A feasible proposal costs at most its pot's cap per proposal (a round with pots), or
    the round's."""
    cap, where = round_.max_proposal_cost, "omgångens"
    caps = {str(p["pot"]): p for p in round_.pots}
    if pot in caps:
        cap, where = int(caps[pot]["max_proposal_cost"]), f"pottens ({caps[pot]['name']})"
    if not body.feasible or body.cost is None or cap is None or body.cost <= cap:
        return {}
    return {
        "cost": f"Kostnaden {format_sek(body.cost)} är över {where} tak per förslag "
        f"({format_sek(cap)}). Ett dyrare förslag är inte genomförbart: bedöm det som ej "
        "genomförbart och skriv det i motiveringen."
    }


def _save(
    session: Session,
    round_id: str,
    proposal_id: int,
    body: AssessmentUpsert,
    key: str,
    name: str,
    if_match: str | None = None,
) -> tuple[AssessmentPublic, bool, int]:
    """Insert or revise the verdict; also tell whether this one completed the round.

    Only a first verdict can complete a round, so revising after completion never signals again.
    """
    round_ = load_open_round(session, round_id)
    ensure_registered(session, round_id, [proposal_id])
    ensure_no_conflict(session, round_id, key, [proposal_id])
    ensure_assigned(session, round_id, proposal_id, key)
    registered = session.get(ProposalToAssess, (round_id, proposal_id)) if round_.pots else None
    pot = registered.pot if registered is not None else None
    errors = criteria_errors(round_, body) | cost_errors(round_, body, pot)
    if errors:
        raise invalid_fields(errors)
    now = utc_now()
    values = {
        **body.model_dump(),
        "merged_into": None,
        "assessed_by": name,
        "assessed_by_key": key,
        "assessed_at": now,
    }
    assessment = session.get(Assessment, (round_id, proposal_id))
    first = assessment is None
    if assessment is None and if_match is not None:
        raise edit_conflict()
    if assessment is not None:
        check_if_match(if_match, assessment.version)
    if assessment is None:
        assessment = Assessment(round_id=round_id, proposal_id=proposal_id, **values)
    else:
        assessment.sqlmodel_update(values)
    session.add(assessment)
    session.flush()
    completed = first and progress(session, round_, now).complete
    session.commit()
    session.refresh(assessment)
    return assessment_public(assessment), completed, assessment.version


@router.put(
    "/{proposal_id}",
    response_model=AssessmentPublic,
    summary="Bedöm ett förslag",
    description="För bedömare som tilldelats förslaget och inte anmält jäv för det (annars 403 "
    "`not-assigned` eller `conflict-of-interest`). Ett omdöme per kriterium, kostnaden som "
    "poster som tillsammans blir den bedömda kostnaden, och en offentlig motivering när "
    "förslaget inte är genomförbart. Samma anrop igen ändrar bedömningen (och ersätter en "
    "sammanslagning) tills bedömningen i omgången avslutas. Med `If-Match` (versionen från "
    "ETag) nekas en ändring med 409 `edit-conflict` om någon annan hunnit ändra bedömningen.",
)
async def record_assessment(
    round_id: str,
    proposal_id: ProposalIdPath,
    body: AssessmentUpsert,
    assessor: AssessorDep,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
    if_match: IfMatch = None,
) -> AssessmentPublic:
    key = assessor_key(settings.pseudonym_secret, assessor.subject, round_id)
    public, completed, version = await run_in_threadpool(
        _save, session, round_id, proposal_id, body, key, display_name(assessor), if_match
    )
    set_etag(response, version)
    if completed:
        await signal_complete(request.app.state.signaler, round_id)
    return public


@router.get(
    "",
    response_model=PageOf[AssessmentPublic],
    summary="Lista bedömningarna i en omgång",
    description="I förslagens id-ordning, en sida i taget. `outcome=rejected` ger de förslag "
    "som inte är genomförbara med sina offentliga motiveringar, `merged` de sammanslagna och "
    "vilket förslag de slagits ihop med, `feasible` de genomförbara.",
)
def list_assessments(
    round_id: str, session: SessionDep, page: PageDep, outcome: Outcome | None = None
) -> PageOf[AssessmentPublic]:
    load_round(session, AssessmentRound, round_id)
    where = col(Assessment.round_id) == round_id
    if outcome is not None:
        where = where & _OUTCOME_WHERE[outcome]
    assessments, total = fetch_page(session, Assessment, where, col(Assessment.proposal_id), page)
    return PageOf.of([assessment_public(a) for a in assessments], total, page)


@router.get("/{proposal_id}", response_model=AssessmentPublic, summary="Visa en bedömning")
def get_assessment(
    round_id: str, proposal_id: ProposalIdPath, session: SessionDep, response: Response
) -> AssessmentPublic:
    assessment = session.get(Assessment, (round_id, proposal_id))
    if assessment is None:
        raise Problem(
            404,
            f"Förslag {proposal_id} i omgången '{round_id}' är inte bedömt ännu.",
            code="assessment-not-found",
        )
    set_etag(response, assessment.version)
    return assessment_public(assessment)
