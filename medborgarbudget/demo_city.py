"""A whole city's year of pabulib files as ONE round: one pot per file.

The file whose META has no ``district`` is the kommun-wide pot; every other file is the pot of
its district, voted in by the residents of that district. The same ``voter_id`` in several
files is the same person (pabulib links them so in a city's files, e.g. Katowice 2023): they
sign in once, with their district as their declared area, and cast a ballot in each of their
pots. A single file is a round without pots, exactly as a round is without them.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from medborgarbudget.demo_election import TITLE_MAX, DemoElection
from workflows.pots import KOMMUN_POT

POT_ID_LENGTH = 40
# Letters NFKD does not take apart.
LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ß": "ss"})


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.translate(LETTERS))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    cut = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:POT_ID_LENGTH]
    return cut.strip("-") or "pott"


@dataclass(frozen=True)
class CityPot:
    id: str
    name: str
    area: str | None
    demo: DemoElection


@dataclass(frozen=True)
class Voter:
    """A person of the city: who they sign in as, their district, their ballot per pot."""

    subject: str
    area: str | None
    ballots: tuple[tuple[int, int], ...]  # (pot index, ballot number in that pot's file)


@dataclass(frozen=True)
class DemoCity:
    path: Path
    pots: list[CityPot]
    has_pots: bool

    @classmethod
    def load(cls, path: Path) -> "DemoCity":
        """A ``.pb`` file or a folder of them; ``ValueError`` with a reason a person can act on."""
        if not path.is_dir():
            demo = DemoElection.load(path)
            return cls(path, [CityPot(KOMMUN_POT, "Hela kommunen", None, demo)], False)
        files = sorted(path.glob("*.pb"))
        if not files:
            raise ValueError(f"mappen {path} har inga .pb-filer")
        pots = [_pot(DemoElection.load(file)) for file in files]
        whole = [pot for pot in pots if pot.area is None]
        if len(whole) != 1:
            raise ValueError(
                f"{path.name}: precis en fil ska sakna META district (stadens egen pott), "
                f"här {len(whole)}"
            )
        if len({pot.id for pot in pots}) != len(pots):
            raise ValueError(f"{path.name}: två filer har samma district")
        if len({pot.demo.unit for pot in pots}) != 1:
            raise ValueError(f"{path.name}: filerna anger belopp med olika antal decimaler")
        # The kommun-wide pot first, as the round lists it.
        return cls(path, whole + [pot for pot in pots if pot.area is not None], True)

    @property
    def main(self) -> DemoElection:
        return self.pots[0].demo

    @property
    def budget(self) -> int:
        return sum(pot.demo.budget for pot in self.pots)

    @property
    def project_count(self) -> int:
        return sum(len(pot.demo.projects) for pot in self.pots)

    @property
    def ballot_count(self) -> int:
        return sum(pot.demo.voter_count for pot in self.pots)

    @cached_property
    def voters(self) -> list[Voter]:
        """Every person once; a file without voter ids has one person per ballot."""
        if not self.has_pots:
            count = self.main.voter_count
            return [Voter(f"demo-voter-{n}", None, ((0, n),)) for n in range(count)]
        ballots: dict[str, list[tuple[int, int]]] = {}
        areas: dict[str, str | None] = {}
        for index, pot in enumerate(self.pots):
            for number, voter_id in enumerate(pot.demo.voter_ids):
                person = voter_id or f"{pot.id}:{number}"
                ballots.setdefault(person, []).append((index, number))
                if pot.area is not None:
                    areas[person] = pot.area
        return [
            Voter(f"demo-voter-{person}", areas.get(person), tuple(cast))
            for person, cast in ballots.items()
        ]

    def round_config(self, round_id: str, timeline: dict[str, str]) -> dict[str, Any]:
        """The round's config: the main file's, with a pot per file in a city."""
        config = self.main.round_config(round_id, timeline)
        config["follow_up"]["eligible_voters"] = len(self.voters)
        if not self.has_pots:
            return config
        meta = self.main.election.meta
        place = meta.get("unit") or meta.get("country") or "Demo"
        title = f"Återuppspelning: {place} {meta.get('instance', '')}, {len(self.pots)} potter"
        config["title"] = title.strip()[:TITLE_MAX]
        config["kommun"] = place[:100]
        config["budget"] = self.budget
        config["intake"] = {
            "areas": [{"id": p.area, "name": p.name} for p in self.pots if p.area is not None]
        }
        config["pots"] = [_pot_config(pot) for pot in self.pots]
        return config


def _pot(demo: DemoElection) -> CityPot:
    district = demo.election.meta.get("district", "").strip()
    if not district:
        return CityPot(KOMMUN_POT, "Hela kommunen", None, demo)
    return CityPot(slug(district), district[:100], slug(district), demo)


def _pot_config(pot: CityPot) -> dict[str, Any]:
    demo = pot.demo
    return {
        "id": pot.id,
        "name": pot.name,
        "budget": demo.budget,
        "area": pot.area,
        # The district a person voted in is the one they declare: the demo has no register.
        "area_source": "declared",
        "ballot": demo.ballot_config(),
        "counting_rule": demo.rule,
        "min_project_score_threshold": demo.threshold,
    }
