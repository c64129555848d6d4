"""Activities: the workflow's calls to the four services over HTTP (docs/api.md).

Every write carries ``Idempotency-Key: <workflow id>:<step>`` so a retried activity, or a
workflow replayed after a crash, gets the service's first answer instead of writing twice.
The run id stays out of the key because it changes on continue-as-new. A 4xx answer will not
change on retry, so it fails the activity for good; 5xx answers and connection errors retry.
"""

from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

import httpx
from pydantic import BaseModel
from temporalio import activity

from services.common.auth import Role, issue_token
from workflows.activities.answers import ServiceUnavailableError, answer_was_lost, check_answer
from workflows.activities.pot_ballots import pot_bodies
from workflows.activities.workload import assessment_workload
from workflows.display import STOCKHOLM
from workflows.messages.evaluation import EvaluationRecord, ProposalFigures, VoterFigures
from workflows.messages.mandate import MandateRecord
from workflows.messages.services import (
    AssessmentClosed,
    AssessmentSetup,
    BallotApprovalRecord,
    BallotDefinition,
    CaseReference,
    CouncilDecisionRecord,
    DecisionRoundSetup,
    IntakeClosed,
    IntakeRoundSetup,
    OfficialCheck,
    ProjectRecord,
    RoundRef,
    TallyResult,
    VerifiedOfficial,
    VotingClosed,
)
from workflows.messages.workload import AssessmentProgress, AssessmentWorkload
from workflows.settings import WorkerSettings

__all__ = ["ServiceActivities", "ServiceUnavailableError", "check_answer"]


def _body(model: BaseModel) -> dict[str, Any]:
    """The request body: the model without ``round_id``, which is in the path, and without
    ``pots`` when the round has none (the body is then exactly as before pots existed)."""
    body = model.model_dump(mode="json", exclude={"round_id"})
    if body.get("pots") == []:
        del body["pots"]
    return body


# The activity names the workflows call (the methods below); test doubles register the same.
ACTIVITY_NAMES = (
    "assessment_close_round",
    "assessment_open_round",
    "assessment_progress",
    "assessment_workload",
    "decision_record_ballot_approval",
    "decision_record_case",
    "decision_record_council_decision",
    "decision_record_evaluation",
    "decision_record_mandate",
    "decision_record_project",
    "decision_register_round",
    "decision_store_recommendation",
    "decision_verify_official",
    "intake_close_discussion",
    "intake_close_round",
    "intake_open_round",
    "intake_participation",
    "voting_close",
    "voting_define_ballot",
    "voting_open",
    "voting_participation",
    "voting_tally",
)


class ServiceActivities:
    """One shared HTTP client for all calls; a fresh system token per call."""

    def __init__(self, settings: WorkerSettings, http: httpx.AsyncClient) -> None:
        self._settings = settings
        self._http = http

    def all(self) -> Sequence[Callable[..., Awaitable[Any]]]:
        """The activities to register on a worker."""
        return [getattr(self, name) for name in ACTIVITY_NAMES]

    async def _call(
        self, method: str, url: str, *, step: str | None, body: dict[str, Any] | None = None
    ) -> Any:
        token = issue_token(
            self._settings, "workflow-worker", [Role.SYSTEM], name="Medborgarbudget-arbetsflöde"
        )
        headers = {"Authorization": f"Bearer {token}"}
        if step is not None:
            headers["Idempotency-Key"] = f"{activity.info().workflow_id}:{step}"
        response = await self._http.request(method, url, json=body, headers=headers)
        if step is not None and answer_was_lost(response):
            # Applied before a crash, answer lost: the services' workflow endpoints are
            # idempotent state changes, so asking again under a fresh key gives the answer.
            headers["Idempotency-Key"] += f":resent-{activity.info().attempt}"
            response = await self._http.request(method, url, json=body, headers=headers)
        check_answer(response)
        return response.json()

    async def send(
        self, method: str, url: str, *, step: str | None, body: dict[str, Any] | None = None
    ) -> Any:
        """A write for another activity class (operations), with the same key and errors."""
        return await self._call(method, url, step=step, body=body)

    async def pending_merge_notices(self, round_id: str, limit: int) -> list[dict[str, Any]]:
        """The oldest undelivered merge notices (a helper of the delivery activity)."""
        url = self._assessment(f"/rounds/{round_id}/merge-notices?pending=true&limit={limit}")
        items: list[dict[str, Any]] = (await self._call("GET", url, step=None))["items"]
        return items

    async def mark_merge_notice_delivered(self, round_id: str, notice_id: int) -> None:
        url = self._assessment(f"/rounds/{round_id}/merge-notices/{notice_id}/delivery")
        await self._call("POST", url, step=f"merge-notice-{notice_id}-delivered")

    def _intake(self, path: str) -> str:
        return f"{self._settings.intake_url}{path}"

    def _assessment(self, path: str) -> str:
        return f"{self._settings.assessment_url}{path}"

    def _voting(self, path: str) -> str:
        return f"{self._settings.voting_url}{path}"

    def _decision(self, path: str) -> str:
        return f"{self._settings.decision_url}{path}"

    @activity.defn
    async def intake_open_round(self, setup: IntakeRoundSetup) -> None:
        url = self._intake(f"/rounds/{setup.round_id}")
        await self._call("PUT", url, step="intake-open", body=_body(setup))

    @activity.defn
    async def intake_close_round(self, ref: RoundRef) -> IntakeClosed:
        url = self._intake(f"/rounds/{ref.round_id}/close")
        return IntakeClosed.model_validate(await self._call("POST", url, step="intake-close"))

    @activity.defn
    async def intake_close_discussion(self, ref: RoundRef) -> None:
        """Voting has closed: the proposals' threads become read-only."""
        url = self._intake(f"/rounds/{ref.round_id}/discussion/close")
        await self._call("POST", url, step="discussion-close")

    @activity.defn
    async def assessment_open_round(self, setup: AssessmentSetup) -> AssessmentProgress:
        url = self._assessment(f"/rounds/{setup.round_id}")
        body = _body(setup)
        if setup.pots:
            body["proposal_pots"] = await self._proposal_pots(setup)
        answer = await self._call("PUT", url, step="assessment-open", body=body)
        return AssessmentProgress.model_validate(answer)

    @activity.defn
    async def assessment_progress(self, ref: RoundRef) -> AssessmentProgress:
        url = self._assessment(f"/rounds/{ref.round_id}/progress")
        return AssessmentProgress.model_validate(await self._call("GET", url, step=None))

    @activity.defn
    async def assessment_close_round(self, ref: RoundRef) -> AssessmentClosed:
        url = self._assessment(f"/rounds/{ref.round_id}/close")
        answer = await self._call("POST", url, step="assessment-close")
        return AssessmentClosed.model_validate(answer)

    @activity.defn
    async def decision_register_round(self, setup: DecisionRoundSetup) -> None:
        url = self._decision(f"/rounds/{setup.round_id}")
        await self._call("PUT", url, step="decision-register", body=_body(setup))

    @activity.defn
    async def decision_record_mandate(self, record: MandateRecord) -> None:
        url = self._decision(f"/rounds/{record.round_id}/mandate")
        await self._call("PUT", url, step="mandate", body=_body(record))

    @activity.defn
    async def decision_verify_official(self, check: OfficialCheck) -> VerifiedOfficial:
        """Whether the token is an official's of the round's kommun with the role, signed by
        the kommun's identity provider and not expired; a refusal is final (4xx)."""
        url = self._decision(f"/rounds/{check.round_id}/official-tokens/verify")
        body = {"token": check.token, "role": check.role}
        return VerifiedOfficial.model_validate(await self._call("POST", url, step=None, body=body))

    @activity.defn
    async def decision_record_ballot_approval(self, record: BallotApprovalRecord) -> None:
        url = self._decision(f"/rounds/{record.round_id}/ballot-approval")
        await self._call("PUT", url, step="ballot-approval", body=_body(record))

    @activity.defn
    async def voting_define_ballot(self, ballot: BallotDefinition) -> None:
        """The round's ballot, then (a round with pots) each pot's, its projects sorted by the
        pot their proposal names in intake."""
        url = self._voting(f"/rounds/{ballot.round_id}/ballot")
        body = ballot.model_dump(mode="json", exclude={"round_id", "pots"})
        await self._call("PUT", url, step="ballot-define", body=body)
        if ballot.pots:
            proposals = await self._proposals(ballot.round_id)
            pot_of = {item["id"]: item.get("pot") for item in proposals}
            url = self._voting(f"/rounds/{ballot.round_id}/pots")
            pots = {"pots": pot_bodies(ballot, pot_of)}
            await self._call("PUT", url, step="ballot-pots", body=pots)

    @activity.defn
    async def voting_open(self, ref: RoundRef) -> None:
        await self._call("POST", self._voting(f"/rounds/{ref.round_id}/open"), step="voting-open")

    @activity.defn
    async def voting_close(self, ref: RoundRef) -> VotingClosed:
        url = self._voting(f"/rounds/{ref.round_id}/close")
        return VotingClosed.model_validate(await self._call("POST", url, step="voting-close"))

    @activity.defn
    async def voting_tally(self, ref: RoundRef) -> TallyResult:
        url = self._voting(f"/rounds/{ref.round_id}/tally")
        return TallyResult.model_validate(await self._call("POST", url, step="voting-tally"))

    @activity.defn
    async def decision_store_recommendation(self, tally: TallyResult) -> None:
        """The result with each project's title, read from intake here so that the titles
        of a large round never pass through the workflow's history."""
        url = self._decision(f"/rounds/{tally.round_id}/recommendation")
        titles = {item["id"]: item["title"] for item in await self._proposals(tally.round_id)}
        body = tally.model_dump(mode="json")
        for project in body["projects"]:
            project["title"] = titles.get(project["project_id"])
        await self._call("PUT", url, step="recommendation", body=body)

    @activity.defn
    async def decision_record_council_decision(self, record: CouncilDecisionRecord) -> None:
        url = self._decision(f"/rounds/{record.round_id}/council-decision")
        dumped = record.model_dump(mode="json", exclude={"decision": {"token"}})
        body = {**dumped["decision"], "decided_at": dumped["decided_at"]}
        step = f"council-decision-{record.attempt}"
        await self._call("PUT", url, step=step, body=body)

    @activity.defn
    async def decision_record_case(self, case: CaseReference) -> None:
        url = self._decision(f"/rounds/{case.round_id}/council-decision/case")
        await self._call("PUT", url, step="diarium-case", body=_body(case))

    @activity.defn
    async def decision_record_project(self, record: ProjectRecord) -> None:
        url = self._decision(f"/rounds/{record.round_id}/projects/{record.project_id}")
        body = record.model_dump(mode="json", exclude={"round_id", "project_id", "revision"})
        step = f"project-{record.project_id}-{record.revision}"
        await self._call("PUT", url, step=step, body=body)

    async def _proposal_pots(self, setup: AssessmentSetup) -> list[dict[str, Any]]:
        """The pot each proposal names in intake; none (or one the round lacks): the
        kommun-wide pot, as on the ballot (pot_ballots)."""
        known = [pot.pot for pot in setup.pots]
        named = {item["id"]: item.get("pot") for item in await self._proposals(setup.round_id)}
        fallback = next((pot.pot for pot in setup.pots if pot.area is None), known[0])
        return [
            {"proposal_id": pid, "pot": named[pid] if named.get(pid) in known else fallback}
            for pid in setup.proposal_ids
        ]

    async def _proposals(self, round_id: str) -> list[dict[str, Any]]:
        """Every public proposal of the round, page by page."""
        return await self._all_pages(self._intake(f"/rounds/{round_id}/proposals"))

    async def _all_pages(self, url: str) -> list[dict[str, Any]]:
        """Every item of a service's paged public list."""
        items: list[dict[str, Any]] = []
        total = 1
        while len(items) < total:
            page = await self._call("GET", f"{url}?limit=500&offset={len(items)}", step=None)
            items.extend(page["items"])
            total = page["total"] if page["items"] else len(items)
            activity.heartbeat(len(items))
        return items

    @activity.defn
    async def intake_participation(self, ref: RoundRef) -> ProposalFigures:
        """Pages through the public proposal list and keeps only counts: per day (Swedish
        time), per area and per channel (``None`` where intake does not give the field)."""
        items = await self._proposals(ref.round_id)
        days = Counter(
            datetime.fromisoformat(item["created_at"]).astimezone(STOCKHOLM).date().isoformat()
            for item in items
        )
        meetings = await self._call(
            "GET", self._intake(f"/rounds/{ref.round_id}/meetings?limit=1&offset=0"), step=None
        )
        proposers = await self._call(
            "GET", self._intake(f"/rounds/{ref.round_id}/proposer-statistics"), step=None
        )
        return ProposalFigures(
            per_day=dict(sorted(days.items())),
            by_area=_count_field(items, "area"),
            by_channel=_count_field(items, "channel"),
            by_kind=_count_field(items, "proposer_kind"),
            meetings=meetings["total"],
            meeting_proposals=sum(1 for item in items if item.get("meeting_id") is not None),
            by_proposer_area=proposers["by_area"]["counts"],
            by_proposer_age_band=proposers["by_age_band"]["counts"],
        )

    @activity.defn
    async def voting_participation(self, ref: RoundRef) -> VoterFigures:
        """Voting's published statistics without the per-project totals: a few small counts
        (small groups already hidden by voting) instead of a list as long as the ballot."""
        url = self._voting(f"/rounds/{ref.round_id}/statistics")
        answer = await self._call("GET", url, step=None)
        return VoterFigures(
            min_cell=answer["min_cell"],
            per_day=answer["ballots_per_day"],
            by_area=answer["by_area"]["counts"],
            by_age_band=answer["by_age_band"]["counts"],
            by_channel=answer["by_channel"]["counts"],
            by_kind=(answer.get("by_kind") or {}).get("counts"),
            people=answer.get("voter_count"),
        )

    @activity.defn
    async def assessment_workload(self, ref: RoundRef) -> AssessmentWorkload:
        """The assessment's workload from assessment's public verdicts and intake's proposals
        (when each came in); only the counts leave the activity."""
        url = self._assessment(f"/rounds/{ref.round_id}/assessments")
        verdicts = await self._all_pages(url)
        return assessment_workload(verdicts, await self._proposals(ref.round_id))

    @activity.defn
    async def decision_record_evaluation(self, record: EvaluationRecord) -> None:
        url = self._decision(f"/rounds/{record.round_id}/evaluation")
        step = f"evaluation-{record.status}"
        await self._call("PUT", url, step=step, body=_body(record))


def _count_field(items: list[dict[str, Any]], field: str) -> dict[str, int] | None:
    values = [item.get(field) for item in items]
    if not any(value is not None for value in values):
        return None
    return dict(sorted(Counter(str(v) for v in values if v is not None).items()))
