"""Stand-ins for the activities of the later phases: the officials' token check, notifications,
the diarium, the case reference, the participation figures of intake and voting. Mixed into
``FakeServices``.

Notifications and the diarium stay in memory unless a test sets ``kommun``: then they also go
through the real adapters over HTTP (to a ``FakeKommun``), failures and retries included."""

from pydantic import BaseModel
from temporalio import activity
from temporalio.exceptions import ApplicationError

from workflows.activities.kommun import (
    DiariumCase,
    DiariumRegistration,
    EvaluationFiling,
    KommunActivities,
)
from workflows.activities.operations import ArchiveRequest, Reschedule
from workflows.messages.evaluation import ProposalFigures, VoterFigures
from workflows.messages.follow_up import FollowUpDue, FollowUpOpening, FollowUpState
from workflows.messages.mandate import MandateRecord
from workflows.messages.services import (
    CaseReference,
    Notification,
    OfficialCheck,
    RoundRef,
    VerifiedOfficial,
)
from workflows.messages.workload import AssessmentWorkload

# The tokens the fake decision service accepts: holder's name and role.
OFFICIAL_TOKENS = {
    "token-anna": ("Anna Andersson", "official"),
    "token-sara": ("Sara Sekreterare", "council_secretary"),
    "token-olle": ("Olle Obehörig", "official"),
}


class DecisionFakes:
    """The diarium answers ``KS-DIA-<round>``; ``diarium_rejects`` makes it refuse for good."""

    def __init__(self) -> None:
        self.kommun: KommunActivities | None = None
        self.diarium_rejects = False
        self.proposal_figures = ProposalFigures(
            per_day={"2027-02-01": 3, "2027-02-02": 1},
            by_area={"Centrum": 4},
            by_channel=None,
            meetings=2,
            meeting_proposals=1,
        )
        self.voter_figures = VoterFigures(
            min_cell=5,
            per_day={"2027-05-01": 70, "2027-05-02": 50},
            by_area={"Centrum": 117, "Ytterby": None, "unknown": None},
            by_age_band={"18-24": 20, "25-34": 100, "65+": 0, "unknown": 0},
            by_channel={"online": 100, "paper": 20},
        )
        self.voting_rejects_figures = False
        self.workload = AssessmentWorkload(
            assessments=4,
            feasible=3,
            rejected=1,
            merged=0,
            by_assessor={"Anna Andersson": 3, "Bo Berg": 1},
            median_days=12.5,
            max_days=30.0,
        )
        # The politicians' notices of key moments, kept apart from the reminders, escalations
        # and receipts that the other tests count.
        self.announcements: list[Notification] = []

    def _record(self, arg: BaseModel) -> None:
        raise NotImplementedError

    @activity.defn(name="decision_verify_official")
    async def decision_verify_official(self, check: OfficialCheck) -> VerifiedOfficial:
        self._record(check)
        name, role = OFFICIAL_TOKENS.get(check.token, ("", ""))
        if role != check.role:
            detail = "Inloggningen gäller inte den rollen i omgångens kommun."
            raise ApplicationError(
                detail,
                {"status": 403, "detail": detail},
                type="ServiceRejected",
                non_retryable=True,
            )
        return VerifiedOfficial(name=name)

    @activity.defn(name="decision_record_mandate")
    async def decision_record_mandate(self, record: MandateRecord) -> None:
        self._record(record)

    @activity.defn(name="notify")
    async def notify(self, notification: Notification) -> None:
        if notification.kind == "announcement":
            self.announcements.append(notification)
        else:
            self._record(notification)
        if self.kommun is not None:
            await self.kommun.notify(notification)

    @activity.defn(name="decision_open_follow_ups")
    async def decision_open_follow_ups(self, opening: FollowUpOpening) -> FollowUpState:
        """No completed project to follow up unless a test says otherwise."""
        self._record(opening)
        return FollowUpState()

    @activity.defn(name="decision_follow_ups_due")
    async def decision_follow_ups_due(self, due: FollowUpDue) -> FollowUpState:
        self._record(due)
        return FollowUpState()

    @activity.defn(name="decision_follow_up_state")
    async def decision_follow_up_state(self, ref: RoundRef) -> FollowUpState:
        self._record(ref)
        return FollowUpState()

    @activity.defn(name="file_evaluation_report")
    async def file_evaluation_report(self, filing: EvaluationFiling) -> DiariumCase | None:
        """No evaluator's report in these rounds: nothing to file."""
        self._record(filing)
        return None

    @activity.defn(name="register_in_diarium")
    async def register_in_diarium(self, registration: DiariumRegistration) -> DiariumCase | None:
        self._record(registration)
        if self.kommun is not None:
            return await self.kommun.register_in_diarium(registration)
        if self.diarium_rejects:
            raise ApplicationError(
                "Diariet känner inte till nämnden.",
                {"status": 422},
                type="ServiceRejected",
                non_retryable=True,
            )
        return DiariumCase(case_reference=f"KS-DIA-{registration.round_id}")

    @activity.defn(name="decision_record_case")
    async def decision_record_case(self, case: CaseReference) -> None:
        self._record(case)

    @activity.defn(name="intake_participation")
    async def intake_participation(self, ref: RoundRef) -> ProposalFigures:
        self._record(ref)
        return self.proposal_figures

    @activity.defn(name="assessment_workload")
    async def assessment_workload(self, ref: RoundRef) -> AssessmentWorkload:
        self._record(ref)
        return self.workload

    @activity.defn(name="voting_participation")
    async def voting_participation(self, ref: RoundRef) -> VoterFigures:
        self._record(ref)
        if self.voting_rejects_figures:
            raise ApplicationError(
                "Det finns ingen röstsedel för omgången.",
                {"status": 404},
                type="ServiceRejected",
                non_retryable=True,
            )
        return self.voter_figures

    @activity.defn(name="reschedule_in_service")
    async def reschedule_in_service(self, request: Reschedule) -> None:
        self._record(request)

    @activity.defn(name="archive_in_service")
    async def archive_in_service(self, request: ArchiveRequest) -> None:
        self._record(request)
