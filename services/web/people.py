"""The dev identity provider's test people: what a Swedish eID login would assert about them.

A person's subject is their personnummer, as with BankID; the claims carry what the voting
service checks for eligibility (birth date, kommun, area) and a company's organisationsnummer.
"""

from dataclasses import dataclass, field
from typing import Any

from services.common.auth import Role
from services.web.i18n import N_


@dataclass(frozen=True)
class TestPerson:
    key: str
    name: str
    subject: str
    roles: tuple[Role, ...]
    description: str
    claims: dict[str, Any] = field(default_factory=dict)


TEST_PEOPLE = (
    TestPerson(
        "kim",
        "Kim Andersson",
        "19850612-1238",
        (Role.RESIDENT,),
        N_("Invånare i Åre, centrum"),
        {"birthdate": "1985-06-12", "kommun": "Åre", "area": "are-by"},
    ),
    TestPerson(
        "sara",
        "Sara Lind",
        "19920304-5670",
        (Role.RESIDENT,),
        N_("Invånare i Åre, Duved"),
        {"birthdate": "1992-03-04", "kommun": "Åre", "area": "duved"},
    ),
    TestPerson(
        "bageriet",
        "Fjällbageriet AB",
        "19701111-2344",
        (Role.COMPANY,),
        N_("Företag i Åre (företrätt av sin firmatecknare)"),
        {"organisationsnummer": "556677-0011", "kommun": "Åre"},
    ),
    TestPerson(
        "anna",
        "Anna Berg",
        "official-anna",
        (Role.OFFICIAL, Role.ASSESSOR),
        N_("Tjänsteperson: bedömer förslag, godkänner röstsedeln, följer upp projekt"),
        {"kommun": "Åre"},
    ),
    TestPerson(
        "bo",
        "Bo Bedömare",
        "assessor-bo",
        (Role.ASSESSOR,),
        N_("Bedömare på samhällsbyggnadsförvaltningen"),
        {"kommun": "Åre"},
    ),
    TestPerson(
        "sven",
        "Sven Sekreterare",
        "secretary-sven",
        (Role.COUNCIL_SECRETARY,),
        N_("Kommunfullmäktiges sekreterare: för in fullmäktiges beslut"),
        {"kommun": "Åre"},
    ),
    TestPerson(
        "petra",
        "Petra Politiker",
        "politician-petra",
        (Role.POLITICIAN,),
        N_("Ledamot i kommunfullmäktige: svarar på frågor om förslagen, följer omgångarna"),
        {"kommun": "Åre", "party": "Centerpartiet"},
    ),
)
PEOPLE_BY_KEY = {person.key: person for person in TEST_PEOPLE}
