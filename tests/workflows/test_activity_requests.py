"""The activities' requests: paths, bodies, the system token and idempotency keys built from
the workflow id and a fixed step, against a mock transport."""

import json
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from services.common.auth import Role, verify_token
from tests.workflows.mock_services import BALLOT, ROUND, SETTINGS, WHEN, run_activity
from workflows.messages.evaluation import EvaluationRecord, Participation
from workflows.messages.mandate import MandateDecision, MandateRecord
from workflows.messages.pots import AssessmentPot
from workflows.messages.services import (
    AssessmentSetup,
    BallotApprovalRecord,
    CouncilDecisionRecord,
    DecisionRoundSetup,
    IntakeRoundSetup,
    ProjectRecord,
    RoundRef,
    TallyResult,
)
from workflows.messages.signals import CouncilDecision

PROGRESS = {
    "round_id": ROUND,
    "status": "open",
    "total": 4,
    "assessed": 4,
    "feasible": 3,
    "complete": True,
    "unassigned": 0,
    "overdue": 0,
    "pending_assessors": [],
}
TALLY: dict[str, Any] = {
    "round_id": ROUND,
    "rule": "greedy",
    "rule_version": "1",
    "budget": 500_000,
    "ballot_count": 120,
    "ballots_hash": "sha256:abc",
    "selected": [13],
    "total_cost": 300_000,
    "projects": [{"project_id": 13, "cost": 300_000, "votes": 50, "selected": True}],
    "published_at": "2027-05-01T00:00:00Z",
}
DECISION = CouncilDecision(
    approved_project_ids=[13],
    diarienummer="KS 2027/118",
    paragraph="§ 42",
    meeting_date=WHEN.date(),
    recorded_by="Sara Sekreterare",
)


CASES: list[tuple[str, BaseModel, str, str, str | None, Any]] = [
    (
        "intake_open_round",
        IntakeRoundSetup(
            round_id=ROUND, title="T", kommun="K", intake_closes_at=WHEN, max_proposal_cost=9
        ),
        "PUT",
        "http://intake/rounds/are-2027",
        "intake-open",
        {},
    ),
    (
        "intake_close_round",
        RoundRef(round_id=ROUND),
        "POST",
        "http://intake/rounds/are-2027/close",
        "intake-close",
        {"round_id": ROUND, "proposal_ids": [11, 12], "count": 2},
    ),
    (
        "intake_close_discussion",
        RoundRef(round_id=ROUND),
        "POST",
        "http://intake/rounds/are-2027/discussion/close",
        "discussion-close",
        {},
    ),
    (
        "decision_record_mandate",
        MandateRecord(
            round_id=ROUND,
            decision=MandateDecision(
                body="kommunfullmäktige",
                diarienummer="KS 2026/412",
                paragraph="§ 87",
                decided_on=WHEN.date(),
                budget=500_000,
            ),
            recorded_by="Sara Sekreterare",
            recorded_at=WHEN,
        ),
        "PUT",
        "http://decision/rounds/are-2027/mandate",
        "mandate",
        {},
    ),
    (
        "assessment_open_round",
        AssessmentSetup(round_id=ROUND, kommun="K", proposal_ids=[11, 12], due_at=WHEN),
        "PUT",
        "http://assessment/rounds/are-2027",
        "assessment-open",
        PROGRESS,
    ),
    (
        "assessment_progress",
        RoundRef(round_id=ROUND),
        "GET",
        "http://assessment/rounds/are-2027/progress",
        None,
        PROGRESS,
    ),
    (
        "assessment_close_round",
        RoundRef(round_id=ROUND),
        "POST",
        "http://assessment/rounds/are-2027/close",
        "assessment-close",
        {
            "round_id": ROUND,
            "feasible": [{"proposal_id": 11, "cost": 5}],
            "feasible_count": 1,
            "rejected_count": 1,
        },
    ),
    (
        "decision_register_round",
        DecisionRoundSetup(round_id=ROUND, title="T", kommun="K", budget=500_000),
        "PUT",
        "http://decision/rounds/are-2027",
        "decision-register",
        {},
    ),
    (
        "decision_record_ballot_approval",
        BallotApprovalRecord(round_id=ROUND, approved_by="Anna", comment="", approved_at=WHEN),
        "PUT",
        "http://decision/rounds/are-2027/ballot-approval",
        "ballot-approval",
        {},
    ),
    (
        "voting_define_ballot",
        BALLOT,
        "PUT",
        "http://voting/rounds/are-2027/ballot",
        "ballot-define",
        {},
    ),
    (
        "voting_open",
        RoundRef(round_id=ROUND),
        "POST",
        "http://voting/rounds/are-2027/open",
        "voting-open",
        {},
    ),
    (
        "voting_close",
        RoundRef(round_id=ROUND),
        "POST",
        "http://voting/rounds/are-2027/close",
        "voting-close",
        {"round_id": ROUND, "ballot_count": 120},
    ),
    (
        "voting_tally",
        RoundRef(round_id=ROUND),
        "POST",
        "http://voting/rounds/are-2027/tally",
        "voting-tally",
        TALLY,
    ),
    (
        "decision_record_council_decision",
        CouncilDecisionRecord(round_id=ROUND, decision=DECISION, decided_at=WHEN, attempt=2),
        "PUT",
        "http://decision/rounds/are-2027/council-decision",
        "council-decision-2",
        {},
    ),
    (
        "decision_record_project",
        ProjectRecord(round_id=ROUND, project_id=13, revision=4, approved_cost=9, status="done"),
        "PUT",
        "http://decision/rounds/are-2027/projects/13",
        "project-13-4",
        {},
    ),
    (
        "decision_record_evaluation",
        EvaluationRecord(
            round_id=ROUND,
            status="open",
            opened_at=WHEN,
            deadline=WHEN.replace(month=6),
            participation=Participation(proposals=4, feasible=3, ballots=120, projects_done=1),
        ),
        "PUT",
        "http://decision/rounds/are-2027/evaluation",
        "evaluation-open",
        {},
    ),
]


@pytest.mark.parametrize(("name", "arg", "method", "url", "step", "answer"), CASES)
async def test_activity_calls_the_service_with_a_stable_idempotency_key(
    name: str, arg: BaseModel, method: str, url: str, step: str | None, answer: Any
) -> None:
    recorder, running = run_activity(lambda _: httpx.Response(200, json=answer), name, arg)
    result = await running
    [request] = recorder.requests
    assert (request.method, str(request.url)) == (method, url)
    expected_key = None if step is None else f"{ROUND}:{step}"
    assert request.headers.get("Idempotency-Key") == expected_key
    token = request.headers["Authorization"].removeprefix("Bearer ")
    principal = verify_token(SETTINGS, token)
    assert principal.roles == {Role.SYSTEM}
    assert principal.name == "Medborgarbudget-arbetsflöde"
    if method != "GET" and request.content:
        body = json.loads(request.content)
        assert "round_id" not in body
    if isinstance(result, BaseModel):
        assert result.model_dump(mode="json", exclude_none=True) == answer


async def test_bodies_follow_the_api_contract() -> None:
    """Spot checks of bodies whose shape differs from the activity input."""
    record = CouncilDecisionRecord(round_id=ROUND, decision=DECISION, decided_at=WHEN)
    recorder, running = run_activity(
        lambda _: httpx.Response(200, json={}), "decision_record_council_decision", record
    )
    await running
    assert json.loads(recorder.requests[0].content) == {
        "approved_project_ids": [13],
        "diarienummer": "KS 2027/118",
        "paragraph": "§ 42",
        "meeting_date": "2027-03-01",
        "justification": "",
        "justifications": {},
        "recorded_by": "Sara Sekreterare",
        "decided_at": "2027-03-01T12:00:00Z",
    }
    tally = TallyResult.model_validate(TALLY)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "intake":  # the titles (test_decision_activities)
            return httpx.Response(200, json={"items": [], "total": 0})
        return httpx.Response(200, json={})

    recorder, running = run_activity(answer, "decision_store_recommendation", tally)
    await running
    stored = recorder.requests[-1]
    assert (stored.method, str(stored.url)) == (
        "PUT",
        "http://decision/rounds/are-2027/recommendation",
    )
    assert stored.headers["Idempotency-Key"] == f"{ROUND}:recommendation"
    assert json.loads(stored.content)["published_at"] == TALLY["published_at"]


async def test_assessment_of_a_round_with_pots_learns_each_proposals_pot_from_intake() -> None:
    """The pots' caps come from the workflow, each proposal's pot from intake (a proposal
    naming no pot, or one the round lacks, is the kommun-wide pot's)."""
    pots = [
        AssessmentPot(pot="norr", name="Norr", area="norr", max_proposal_cost=50_000),
        AssessmentPot(pot="kommun", name="Hela kommunen", max_proposal_cost=300_000),
    ]
    setup = AssessmentSetup(
        round_id=ROUND, kommun="K", proposal_ids=[11, 12, 13], due_at=WHEN, pots=pots
    )
    proposals = [{"id": 11, "pot": "norr"}, {"id": 12, "pot": None}, {"id": 13, "pot": "x"}]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "intake":
            return httpx.Response(200, json={"items": proposals, "total": 3})
        return httpx.Response(200, json=PROGRESS)

    recorder, running = run_activity(answer, "assessment_open_round", setup)
    await running
    sent = json.loads(recorder.requests[-1].content)
    assert sent["pots"][0] == {
        "pot": "norr",
        "name": "Norr",
        "area": "norr",
        "max_proposal_cost": 50_000,
    }
    assert sent["proposal_pots"] == [
        {"proposal_id": 11, "pot": "norr"},
        {"proposal_id": 12, "pot": "kommun"},
        {"proposal_id": 13, "pot": "kommun"},
    ]
