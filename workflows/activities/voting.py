"""The activities that call the voting service: define, open, close and count the ballot,
and the voters' participation figures."""

from temporalio import activity

from workflows.activities.pot_ballots import pot_bodies
from workflows.activities.service_client import ServiceClient
from workflows.messages.evaluation import VoterFigures
from workflows.messages.services import BallotDefinition, RoundRef, TallyResult, VotingClosed


class VotingActivities(ServiceClient):
    @activity.defn
    async def voting_define_ballot(self, ballot: BallotDefinition) -> None:
        """The round's ballot, then (a round with pots) each pot's, its projects sorted by the
        pot their proposal names in intake."""
        url = self._voting(f"/rounds/{ballot.round_id}/ballot")
        body = ballot.model_dump(mode="json", exclude={"round_id", "pots"})
        if body["currency"] == "SEK":
            # Voting's default: a round in kronor sends the body it sent before currencies,
            # so a retry across a worker upgrade repeats its idempotent write to the letter.
            del body["currency"]
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
