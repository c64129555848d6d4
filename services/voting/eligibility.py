"""Who may vote in a round: minimum age on the last voting day, kommun, area, and companies.

The voter comes from a verified token (claims ``birthdate``, ``kommun``, ``area``; a company's
representative carries ``organisationsnummer``) or from an official entering a paper ballot.
A person is known by the personnummer in the token's subject (normalised, so every way of
writing it gives one voter and a paper ballot matches an online one); a company by its
organisationsnummer, so all its representatives share one ballot. Only a pseudonymous key of
that identity is ever stored.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from services.common.age_bands import age_on
from services.common.auth import Principal, Role
from services.common.errors import Problem
from services.common.identity_numbers import IdentityNumberError, parse_organisationsnummer
from services.common.person_key import IdentityKind, keyed_identity, normalised_person, person_key
from services.common.pseudonym import participation_marker, pseudonymize
from services.voting.models import Eligibility

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class Voter:
    kind: IdentityKind
    identity: str
    birthdate: date | None = None
    kommun: str | None = None
    area: str | None = None

    def key(self, secret: str, round_id: str) -> str:
        """The pseudonymous voter key: one per person, or per company, and round."""
        return pseudonymize(secret, keyed_identity(self.kind, self.identity), round_id)

    def marker(self, secret: str, round_id: str) -> str:
        """That this voter took part, as the notify service derives it from its contact key."""
        return participation_marker(secret, person_key(secret, self.kind, self.identity), round_id)


def not_eligible(swedish: str, english: str) -> Problem:
    return Problem(403, f"{swedish} {english}", code="not-eligible")


def person(
    identity: str,
    today: date,
    *,
    birthdate: date | None = None,
    kommun: str | None = None,
    area: str | None = None,
) -> Voter:
    """A person; a valid personnummer is normalised and gives the birth date if none is known."""
    number, born = normalised_person(identity, today)
    return Voter("person", number, birthdate or born, kommun, area)


def company(
    organisationsnummer: str, *, kommun: str | None = None, area: str | None = None
) -> Voter:
    """A company; raises ``IdentityNumberError`` if the organisationsnummer is not valid."""
    return Voter("company", parse_organisationsnummer(organisationsnummer), None, kommun, area)


def voter_from_token(principal: Principal, today: date) -> Voter:
    """The voter a verified token speaks for: its company when signed in for one, else the person.

    A ``birthdate`` claim that is not an ISO date is ignored rather than trusted; the birth date
    then comes from the personnummer, if the subject is one.
    """
    claims = principal.claims
    kommun, area = _text(claims.get("kommun")), _text(claims.get("area"))
    if Role.COMPANY in principal.roles and Role.RESIDENT not in principal.roles:
        number = _text(claims.get("organisationsnummer"))
        if number is None:
            raise not_eligible(
                "Inloggningen för företaget saknar organisationsnummer.",
                "The company sign-in carries no organisation number.",
            )
        try:
            return company(number, kommun=kommun, area=area)
        except IdentityNumberError as exc:
            raise not_eligible(str(exc), "The organisation number is not valid.") from exc
    try:
        born = date.fromisoformat(str(claims["birthdate"])) if "birthdate" in claims else None
    except ValueError:
        born = None
    return person(principal.subject, today, birthdate=born, kommun=kommun, area=area)


@lru_cache(maxsize=64)  # a round's closing time, asked for with every ballot
def last_voting_day(closes_at: datetime) -> date:
    """The Swedish calendar day of the last moment voting is open (``closes_at`` is excluded)."""
    return (closes_at - timedelta(microseconds=1)).astimezone(STOCKHOLM).date()


def needs_residence(rules: Eligibility) -> bool:
    """Whether the rules ask anything the population register knows better than a token."""
    return rules.min_age is not None or rules.kommun is not None or bool(rules.areas)


def check_eligible(voter: Voter, rules: Eligibility, closes_at: datetime) -> None:
    """Raise a 403 naming the first rule the voter does not meet."""
    if voter.kind == "company" and not rules.companies:
        raise not_eligible(
            "I den här omgången röstar invånare, inte företag.",
            "In this round residents vote, not companies.",
        )
    if voter.kind == "person" and rules.min_age is not None:
        day = last_voting_day(closes_at)
        if voter.birthdate is None:
            raise not_eligible(
                f"Vi vet inte ditt födelsedatum och kan inte se att du fyllt {rules.min_age} år.",
                f"Your birth date is unknown, so we cannot tell that you are {rules.min_age}.",
            )
        if age_on(voter.birthdate, day) < rules.min_age:
            raise not_eligible(
                f"Du behöver ha fyllt {rules.min_age} år senast {day.isoformat()} för att rösta.",
                f"You must be {rules.min_age} by {day.isoformat()} to vote.",
            )
    if rules.kommun is not None and not _same(voter.kommun, rules.kommun):
        raise not_eligible(
            f"Omgången gäller den som är folkbokförd i {rules.kommun}.",
            f"This round is for those registered in {rules.kommun}.",
        )
    if rules.areas and not any(_same(voter.area, area) for area in rules.areas):
        listed = ", ".join(rules.areas)
        raise not_eligible(
            f"Omgången gäller den som bor i {listed}.", f"This round is for those in {listed}."
        )


def _same(value: str | None, wanted: str) -> bool:
    return value is not None and value.strip().casefold() == wanted.strip().casefold()


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
