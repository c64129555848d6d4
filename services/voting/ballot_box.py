"""The ballot box: one way in for online and paper ballots, so both obey the same rules.

In order: the round is open, the voter is eligible, the ballot keeps its type's rules, and only
then is it stored (group commit) and a receipt handed out. A paper ballot is final: it replaces
an earlier online ballot (it is the voter's latest word, given in person) but nothing replaces it.
"""

from dataclasses import replace
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine

from services.common.errors import Problem
from services.common.types import utc_now
from services.voting.ballot_rules import check_ballot
from services.voting.ballot_store import BallotWrite
from services.voting.eligibility import Voter, check_eligible, needs_residence, not_eligible
from services.voting.group_commit import BallotWriter
from services.voting.models import BallotCast, Channel, Eligibility, ReceiptData
from services.voting.participation import coarse_attributes, voter_kind
from services.voting.population_register import population_register
from services.voting.receipt_codes import new_receipt_code
from services.voting.round_rules import RulesCache, voting_closed
from services.voting.settings import VotingSettings

PAPER_EXISTS = {
    "online": "Du har redan röstat på papper i en röstlokal, och den rösten gäller. En "
    "pappersröst kan inte ersättas digitalt. You have already voted on paper at a polling "
    "place; that ballot stands and cannot be replaced online.",
    "paper": "Väljaren har redan en pappersröst i den här omgången; den kan inte ersättas. "
    "This voter already has a paper ballot in this round; it cannot be replaced.",
}

CHOOSE_POT = (
    "Omgången har flera potter: rösta i en av dem (/rounds/{id}/pots/{pott}/ballots). "
    "This round has pots: cast your ballot in one of them."
)


class BallotBox:
    def __init__(self, engine: Engine, settings: VotingSettings) -> None:
        self.rules = RulesCache(engine)
        self.writer = BallotWriter(engine, max_batch=settings.ballot_batch_max)
        self.register = population_register(settings.population_register_url)
        self._secret = settings.pseudonym_secret

    async def cast(
        self,
        round_id: str,
        voter: Voter,
        ballot: BallotCast,
        *,
        channel: Channel,
        polling_place: str | None = None,
        now: datetime | None = None,
    ) -> ReceiptData:
        """Check and store the ballot; the receipt is returned only once it is committed.

        ``now`` is the time of the cast (by default, when the rules are at hand).
        """
        rules = await self.rules.get(round_id)
        now = now or utc_now()
        rules.require_open(now)
        if rules.has_pots:
            raise Problem(409, CHOOSE_POT, code="choose-pot")
        voter = await self.registered(voter, rules.eligibility, rules.declared_area)
        check_eligible(voter, rules.eligibility, rules.closes_at)
        check_ballot(rules, ballot.choices, ballot.points)
        area, age_band = coarse_attributes(voter, rules.closes_at)
        write = BallotWrite(
            round_id=round_id,
            voter_key=voter.key(self._secret, round_id),
            marker=voter.marker(self._secret, rules.participation_round),
            marker_round=rules.participation_round,
            choices=ballot.choices,
            points=ballot.points,
            channel=channel,
            polling_place=polling_place,
            receipt=new_receipt_code(),  # 60 random bits, easy to copy (receipt_codes)
            cast_at=now,
            area=area,
            age_band=age_band,
            voter_kind=voter_kind(voter),
        )
        outcome = await self.writer.write(write)
        if outcome == "closed":
            self.rules.mark_closed(round_id)
            raise voting_closed()
        if outcome == "paper-exists":
            raise Problem(409, PAPER_EXISTS[channel], code="paper-ballot-exists")
        return {
            "round_id": round_id,
            "receipt": write.receipt,
            "replaced": outcome == "replaced",
            "cast_at": now,
        }

    async def registered(self, voter: Voter, rules: Eligibility, declared_area: bool) -> Voter:
        """The register's facts replace the token's, when it is on and the rules need them;
        a pot whose area is the declared one keeps the token's area."""
        if self.register is None or voter.kind != "person" or not needs_residence(rules):
            return voter
        entry = await self.register.lookup(voter.identity)
        if entry is None:
            raise not_eligible(
                "Vi hittar dig inte i folkbokföringen och kan därför inte se att du får rösta.",
                "You are not in the population register, so we cannot tell you may vote.",
            )
        area = voter.area if declared_area else entry.area
        return replace(voter, birthdate=entry.birthdate, kommun=entry.kommun, area=area)


def ballot_box(request: Request) -> BallotBox:
    box: BallotBox = request.app.state.ballot_box
    return box


async def get_ballot_box(request: Request) -> BallotBox:
    """Asynchronous, like the rest of casting, so a cast never waits for a worker thread."""
    return ballot_box(request)


BallotBoxDep = Annotated[BallotBox, Depends(get_ballot_box)]
