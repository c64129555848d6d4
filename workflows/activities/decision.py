"""The activities that call the decision service: the round's record from registration
to evaluation, and the officials' tokens."""

from temporalio import activity

from workflows.activities.service_client import ServiceClient, request_body
from workflows.messages.evaluation import EvaluationRecord
from workflows.messages.mandate import MandateRecord
from workflows.messages.services import (
    BallotApprovalRecord,
    CaseReference,
    CouncilDecisionRecord,
    DecisionRoundSetup,
    OfficialCheck,
    ProjectRecord,
    TallyResult,
    VerifiedOfficial,
)


class DecisionActivities(ServiceClient):
    @activity.defn
    async def decision_register_round(self, setup: DecisionRoundSetup) -> None:
        url = self._decision(f"/rounds/{setup.round_id}")
        await self._call("PUT", url, step="decision-register", body=request_body(setup))

    @activity.defn
    async def decision_record_mandate(self, record: MandateRecord) -> None:
        url = self._decision(f"/rounds/{record.round_id}/mandate")
        await self._call("PUT", url, step="mandate", body=request_body(record))

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
        await self._call("PUT", url, step="ballot-approval", body=request_body(record))

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
        await self._call("PUT", url, step="diarium-case", body=request_body(case))

    @activity.defn
    async def decision_record_project(self, record: ProjectRecord) -> None:
        url = self._decision(f"/rounds/{record.round_id}/projects/{record.project_id}")
        body = record.model_dump(mode="json", exclude={"round_id", "project_id", "revision"})
        step = f"project-{record.project_id}-{record.revision}"
        await self._call("PUT", url, step=step, body=body)

    @activity.defn
    async def decision_record_evaluation(self, record: EvaluationRecord) -> None:
        url = self._decision(f"/rounds/{record.round_id}/evaluation")
        step = f"evaluation-{record.status}"
        await self._call("PUT", url, step=step, body=request_body(record))
