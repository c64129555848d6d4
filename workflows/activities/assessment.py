"""The activities that call the assessment service: open, follow and close the assessment,
and its workload for the evaluation."""

from typing import Any

from temporalio import activity

from workflows.activities.service_client import ServiceClient, request_body
from workflows.activities.workload import assessment_workload
from workflows.messages.services import AssessmentClosed, AssessmentSetup, RoundRef
from workflows.messages.workload import AssessmentProgress, AssessmentWorkload


class AssessmentActivities(ServiceClient):
    @activity.defn
    async def assessment_open_round(self, setup: AssessmentSetup) -> AssessmentProgress:
        url = self._assessment(f"/rounds/{setup.round_id}")
        body = request_body(setup)
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
    async def assessment_workload(self, ref: RoundRef) -> AssessmentWorkload:
        """The assessment's workload from assessment's public verdicts and intake's proposals
        (when each came in); only the counts leave the activity."""
        url = self._assessment(f"/rounds/{ref.round_id}/assessments")
        verdicts = await self._all_pages(url)
        return assessment_workload(verdicts, await self._proposals(ref.round_id))

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
