"""The verified caller and the roles a token may name."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    RESIDENT = "resident"
    COMPANY = "company"
    OFFICIAL = "official"
    ASSESSOR = "assessor"
    COUNCIL_SECRETARY = "council_secretary"
    # An elected member of the kommun's council or boards: answers questions on proposals
    # publicly under name and party (claim ``party``), follows the kommun's rounds.
    POLITICIAN = "politician"
    OPERATIONS = "operations"
    # The hosting organisation's operations staff: the one person role across kommuner.
    HOSTING = "hosting"
    # The independent evaluator: reads the anonymised data and files the evaluation report.
    EVALUATOR = "evaluator"
    SYSTEM = "system"


# Every person who signs in (not the workflow, not the hosting organisation's staff).
PERSON_ROLES = (
    Role.RESIDENT,
    Role.COMPANY,
    Role.OFFICIAL,
    Role.ASSESSOR,
    Role.COUNCIL_SECRETARY,
    Role.OPERATIONS,
    Role.POLITICIAN,
    Role.EVALUATOR,
)
# The kommun's staff whose work the round waits for: they get its reminders and escalations.
STAFF_NOTICE_ROLES = frozenset(
    {Role.OFFICIAL, Role.ASSESSOR, Role.COUNCIL_SECRETARY, Role.OPERATIONS}
)
# Who writes in a proposal's thread (questions, comments, answers) and reports abuse there.
DISCUSSANTS = (Role.RESIDENT, Role.COMPANY, Role.OFFICIAL, Role.POLITICIAN)
# Roles that act for one kommun only: their token's ``kommun`` claim must name the round's.
KOMMUN_BOUND = frozenset(
    {
        Role.OFFICIAL,
        Role.ASSESSOR,
        Role.COUNCIL_SECRETARY,
        Role.OPERATIONS,
        Role.EVALUATOR,
        Role.POLITICIAN,
    }
)


@dataclass(frozen=True, slots=True)
class Principal:
    """The verified caller. ``subject`` is an identity and must never be stored in clear (nor
    shown: it is left out of the repr, with the claims).

    A plain dataclass, not a model: one is built per request from values already checked.
    """

    subject: str = field(repr=False)
    name: str = ""
    roles: frozenset[Role] = frozenset()
    # Every verified claim (birth date, kommun, organisationsnummer...): identity data as well.
    claims: dict[str, Any] = field(default_factory=dict, repr=False)
