"""Reading a posted ballot and what it adds up to, for every ballot type.

The page shows the running figures (for knapsack "kvar att fördela", for cumulative the points
left) computed here on the server, so they are right without JavaScript; the voting service
checks the ballot again when it is cast.
"""

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from services.web.i18n import gettext


@dataclass
class BallotDraft:
    """What the voter has filled in so far, and the messages about it."""

    choices: list[int] = field(default_factory=list)
    points: dict[int, int] = field(default_factory=dict)
    ranks: dict[int, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def body(self, ballot_type: str) -> dict[str, Any]:
        """The JSON the voting service takes."""
        if ballot_type == "cumulative":
            chosen = [pid for pid in self.choices if self.points.get(pid, 0) > 0]
            return {"choices": chosen, "points": [self.points[pid] for pid in chosen]}
        if ballot_type == "ranked":
            ordered = sorted(self.ranks, key=lambda pid: self.ranks[pid])
            return {"choices": ordered}
        return {"choices": self.choices}


def draft_from_ballot(cast: dict[str, Any]) -> BallotDraft:
    """The draft a returning voter starts from: the ballot of theirs that counts now."""
    choices = [int(pid) for pid in cast.get("choices") or []]
    points = cast.get("points") or []
    return BallotDraft(
        choices=choices,
        points={pid: int(p) for pid, p in zip(choices, points, strict=False)},
        ranks={pid: rank for rank, pid in enumerate(choices, start=1)},
    )


def read_draft(form: FormData, ballot: dict[str, Any]) -> BallotDraft:
    known = {int(p["project_id"]) for p in ballot["projects"]}
    draft = BallotDraft()
    kind = ballot["ballot_type"]
    if kind in ("approval", "knapsack"):
        for value in form.getlist("choice"):
            if isinstance(value, str) and value.isdigit() and int(value) in known:
                draft.choices.append(int(value))
    elif kind == "cumulative":
        for pid in sorted(known):
            raw = form.get(f"points-{pid}", "")
            raw = raw.strip() if isinstance(raw, str) else ""
            if not raw:
                continue
            if not raw.isdigit():
                draft.errors[f"points-{pid}"] = gettext("Ange poängen som ett heltal, 0 eller mer.")
                continue
            draft.points[pid] = int(raw)
            draft.choices.append(pid)
    else:
        for pid in sorted(known):
            raw = form.get(f"rank-{pid}", "")
            if isinstance(raw, str) and raw.isdigit():
                draft.ranks[pid] = int(raw)
        seen: dict[int, int] = {}
        for pid, rank in sorted(draft.ranks.items()):
            if rank in seen:
                draft.errors[f"rank-{pid}"] = gettext(
                    "Plats %(rank)s är redan vald för ett annat förslag. Välj olika platser.",
                    rank=rank,
                )
            seen[rank] = pid
        draft.choices = sorted(draft.ranks, key=lambda pid: draft.ranks[pid])
    return draft


@dataclass(frozen=True)
class Tally:
    """The running figures shown beside the ballot."""

    budget: int
    spent: int
    points_used: int
    points_total: int
    chosen: int

    @property
    def remaining(self) -> int:
        return self.budget - self.spent

    @property
    def points_left(self) -> int:
        return self.points_total - self.points_used


def tally(ballot: dict[str, Any], draft: BallotDraft) -> Tally:
    costs = {int(p["project_id"]): int(p["cost"]) for p in ballot["projects"]}
    return Tally(
        budget=int(ballot["budget"]),
        spent=sum(costs.get(pid, 0) for pid in draft.choices),
        points_used=sum(draft.points.values()),
        points_total=int(ballot.get("total_points") or 0),
        chosen=len(draft.choices),
    )


def check_limits(ballot: dict[str, Any], draft: BallotDraft, figures: Tally) -> None:
    """The limits a voter can see on the page, said before the ballot is sent."""
    kind = ballot["ballot_type"]
    if not draft.choices:
        draft.errors.setdefault("choices", gettext("Välj minst ett förslag."))
    limit = ballot.get("max_choices")
    if limit and figures.chosen > int(limit) and kind != "cumulative":
        draft.errors["choices"] = gettext(
            "Du har valt %(chosen)s förslag. Du får välja högst %(limit)s.",
            chosen=figures.chosen,
            limit=limit,
        )
    if kind == "knapsack" and figures.remaining < 0:
        draft.errors["choices"] = gettext(
            "Dina val kostar mer än budgeten. Ta bort något förslag så att det ryms."
        )
    if kind == "cumulative" and figures.points_left < 0:
        draft.errors["choices"] = gettext(
            "Du har fördelat %(used)s poäng men har bara %(total)s.",
            used=figures.points_used,
            total=figures.points_total,
        )
