"""A real election from a pabulib ``.pb`` file, as a round of ours: its config, proposals,
ballots, and the outcome to compare the round's result with.

What maps how:
- budget and costs: the file's amounts, in its smallest unit (whole numbers, as a round's
  money is); shown in the file's currency;
- ballot: approval (``choose-1`` is approval with one choice; ``max_choices`` is META
  ``max_length``, else the longest ballot) or cumulative (``total_points`` is META
  ``max_sum_points``, else the largest sum); ballots the file's own limits set aside are not
  cast;
- counting rule: the file's META ``rule`` where a round can use it (``greedy``,
  ``greedy-no-skip``, ``greedy-threshold`` with META ``min_project_score_threshold``,
  ``equalshares/add1...``), else ``greedy`` (SKR's "flest röster") with a note;
- the outcome to compare with: the file's ``selected`` column (what the city funded), else
  pabutools' greedy when it is installed (a dev dependency), else our engine's count of the
  file.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from counting.pabulib import Election, money_text, read_pb
from counting.profile import ProjectId
from counting.rules import Options, count
from workflows.config import CountingRule

DEMO_DATA = Path(__file__).parent / "demo_data"
SHIPPED_FILE = DEMO_DATA / "Netherlands_Assen_2024.pb"
# Beside the clone, as the tests and benchmarks find it.
PABULIB = Path(__file__).resolve().parents[1] / ".." / "shared" / "pabulib"
# 7,683 voters, 58 projects, greedy, with the projects Warsaw funded: a mid-size real city.
DEFAULT_PABULIB_FILE = "Poland_Warszawa_2019_Ursynow.pb"
ROUND_RULES: dict[str, CountingRule] = {
    "greedy": "greedy",
    "greedy-no-skip": "greedy-no-skip",
    "greedy-threshold": "greedy-threshold",
    "equalshares/add1": "equalshares/add1",
    "mes": "mes",
}
TITLE_MAX, DESCRIPTION_MIN, DESCRIPTION_MAX = 200, 10, 10_000


def default_file() -> Path:
    """The mid-size Warsaw district if the shared pabulib folder is there, else the small
    election shipped in the package (Assen 2024, 84 voters)."""
    candidate = PABULIB / DEFAULT_PABULIB_FILE
    return candidate if candidate.exists() else SHIPPED_FILE


@dataclass(frozen=True)
class DemoProject:
    file_id: ProjectId
    title: str
    description: str
    cost: int


@dataclass(frozen=True)
class Reference:
    """The outcome the round's result is compared with, and where it comes from."""

    source: str
    selected: frozenset[ProjectId]


@dataclass(frozen=True)
class DemoElection:
    path: Path
    election: Election

    @classmethod
    def load(cls, path: Path) -> "DemoElection":
        """Raises ``ValueError`` (or ``OSError``) with a reason a person can act on."""
        try:
            election = read_pb(path)
        except KeyError as exc:
            raise ValueError(f"filen saknar fältet {exc}") from exc
        vote_type = election.meta.get("vote_type", "approval")
        if election.profile.ballot_type not in ("approval", "cumulative"):
            raise ValueError(
                "demon spelar upp godkännande- och poängomröstningar (approval, choose-1, "
                f"cumulative); {path.name} har {vote_type}"
            )
        if name_of_threshold(election) is None and election.rule == "greedy-threshold":
            raise ValueError(f"{path.name}: greedy-threshold utan min_project_score_threshold")
        if election.profile.voter_count == 0:
            raise ValueError(f"{path.name} har inga röstsedlar")
        return cls(path, election)

    @property
    def unit(self) -> int:
        return self.election.profile.unit

    @property
    def budget(self) -> int:
        return self.election.profile.budget

    @property
    def voter_count(self) -> int:
        return self.election.profile.voter_count

    @property
    def currency(self) -> str:
        return self.election.meta.get("currency", "")

    @property
    def iso_currency(self) -> str:
        """The file's currency for the round's pages (ISO 4217), SEK when it names none."""
        code = self.currency.strip().upper()
        return code if len(code) == 3 and code.isalpha() else "SEK"

    def money(self, amount: int) -> str:
        text = f"{int(money_text(amount, self.unit).split('.')[0]):,}".replace(",", " ")
        return f"{text} {self.currency}".strip()

    @property
    def rule(self) -> CountingRule:
        name = self.election.rule or ""
        if name.startswith("equalshares/add1"):
            return "equalshares/add1"
        return ROUND_RULES.get(name, "greedy")

    @property
    def threshold(self) -> int | None:
        """greedy-threshold's least score, in votes (points), as the file gives it."""
        return name_of_threshold(self.election) if self.rule == "greedy-threshold" else None

    @property
    def cumulative(self) -> bool:
        return self.election.profile.ballot_type == "cumulative"

    @property
    def total_points(self) -> int:
        limit = self.election.meta.get("max_sum_points", "").strip()
        if limit:
            return int(limit)
        profile = self.election.profile
        return max(sum(w for _, w in profile.ballot(v)) for v in range(profile.voter_count))

    def ballot_config(self) -> dict[str, Any]:
        """The round's (or pot's) ``BallotConfig``: the file's ballot type and limits."""
        if self.cumulative:
            return {"type": "cumulative", "total_points": self.total_points}
        return {"type": "approval", "max_choices": self.max_choices}

    def cast_body(self, number: int, ids: dict[ProjectId, int]) -> dict[str, Any]:
        """Ballot ``number`` as the voting service takes it, with the round's proposal ids."""
        pairs = self.election.profile.ballot(number)
        body: dict[str, Any] = {"choices": [ids[pid] for pid, _ in pairs]}
        if self.cumulative:
            body["points"] = [weight for _, weight in pairs]
        return body

    @property
    def voter_ids(self) -> list[str]:
        return self.election.voter_ids

    @property
    def rule_note(self) -> str | None:
        """Why the round counts with another rule than the city did, if it does."""
        name = self.election.rule
        if name is None:
            return "filen anger ingen regel: omgången räknar med greedy (flest röster)"
        if name != self.rule and not name.startswith("equalshares/add1"):
            return f"filens regel {name} finns inte för omgångar: omgången räknar med greedy"
        return None

    @cached_property
    def projects(self) -> list[DemoProject]:
        profile = self.election.profile
        rows = self.election.projects
        return [
            _project(project_id, cost, row, self.path.name)
            for project_id, cost, row in zip(profile.project_ids, profile.costs, rows, strict=True)
        ]

    @cached_property
    def ballots(self) -> list[list[ProjectId]]:
        """Each counted ballot as the file's project ids, in the order cast."""
        profile = self.election.profile
        return [[pid for pid, _ in profile.ballot(v)] for v in range(profile.voter_count)]

    @property
    def max_choices(self) -> int:
        limit = self.election.meta.get("max_length", "").strip()
        if self.election.meta.get("vote_type") == "choose-1":
            return 1
        return int(limit) if limit else max(len(ballot) for ballot in self.ballots)

    def round_config(self, round_id: str, timeline: dict[str, str]) -> dict[str, Any]:
        """The round's config (``RoundConfig`` JSON): the file's budget, ballot and rule."""
        meta = self.election.meta
        place = meta.get("unit") or meta.get("district") or meta.get("country") or "Demo"
        what = meta.get("description") or place
        title = f"Återuppspelning: {what} {meta.get('instance', '')}".strip()
        return {
            "id": round_id,
            "kommun": place[:100],
            "title": title[:TITLE_MAX],
            "budget": self.budget,
            "currency": self.iso_currency,
            "ballot": self.ballot_config(),
            "counting_rule": self.rule,
            "min_project_score_threshold": self.threshold,
            "timeline": timeline,
            "assessment_reminder_before": "PT0S",
            "owner": "Demoansvarig",
            "follow_up": {
                "eligible_voters": int(meta.get("num_votes") or self.voter_count),
                "evaluation_period": "PT5M",
            },
        }

    def reference(self) -> Reference:
        selected = self.election.selected()
        if selected is not None:
            return Reference(
                "filens kolumn selected (det staden finansierade)", frozenset(selected)
            )
        from_pabutools = self._pabutools_greedy()
        if from_pabutools is not None:
            return Reference("pabutools greedy (filen saknar selected)", from_pabutools)
        return Reference("vår räknemotor på filen (filen saknar selected)", self.engine_count())

    def engine_count(self) -> frozenset[ProjectId]:
        """Our counting engine on the file itself, with the round's rule."""
        options = Options(threshold=self.threshold or 0)
        return frozenset(count(self.election.profile, self.rule, options).selected)

    def _pabutools_greedy(self) -> frozenset[ProjectId] | None:
        """pabutools (the test oracle, a dev dependency) where the round counts greedy: its
        greedy welfare with cost satisfaction is greedy by votes (ties: pabutools' own)."""
        if self.rule != "greedy":
            return None
        try:
            from pabutools.election import (  # type: ignore[import-untyped]
                Cost_Sat,
                parse_pabulib,
            )
            from pabutools.rules import greedy_utilitarian_welfare  # type: ignore[import-untyped]
        except ImportError:
            return None
        instance, profile = parse_pabulib(str(self.path))
        chosen = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
        by_text = {str(pid): pid for pid in self.election.profile.project_ids}
        return frozenset(by_text[str(project.name)] for project in chosen)


def name_of_threshold(election: Election) -> int | None:
    value = election.meta.get("min_project_score_threshold", "").strip()
    return int(Decimal(value)) if value else None


def _project(project_id: ProjectId, cost: int, row: dict[str, str], file: str) -> DemoProject:
    name = (row.get("name") or "").strip()
    title = name if len(name) >= 3 else f"Projekt {project_id} {name}".strip()
    description = (row.get("description") or "").strip()
    if len(description) < DESCRIPTION_MIN:
        description = f"{title} (projekt {project_id} i {file})"
    return DemoProject(project_id, title[:TITLE_MAX], description[:DESCRIPTION_MAX], cost)
