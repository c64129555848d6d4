"""The replay's outcome on screen: the funded projects with votes and cost (a city: one line per
pot), the comparison with each file's own outcome, wall time and ballots per second; or, with
``--json``, one object with the same comparison."""

from dataclasses import dataclass
from typing import Any

from rich.console import Console, JustifyMethod
from rich.table import Table

from counting.profile import ProjectId
from medborgarbudget.demo import DemoOutcome
from medborgarbudget.demo_city import CityPot, DemoCity
from medborgarbudget.demo_election import DemoElection, Reference

NAME_WIDTH = 36


@dataclass(frozen=True)
class Comparison:
    """The round's winners against the reference, as the file's project ids."""

    pot: CityPot
    round_selected: frozenset[ProjectId]
    reference: Reference
    engine_selected: frozenset[ProjectId]

    @property
    def matches(self) -> bool:
        return self.round_selected == self.reference.selected


def compare(city: DemoCity, outcome: DemoOutcome) -> list[Comparison]:
    """Each pot's winners (the round's own result, or its pot's) against its file."""
    file_ids = {proposal: key[1] for key, proposal in outcome.proposal_ids.items()}
    results = outcome.results
    by_pot = {pot["pot"]: pot["selected"] for pot in results.get("pots", [])}
    comparisons = []
    for pot in city.pots:
        chosen = by_pot.get(pot.id, []) if city.has_pots else results["selected"]
        selected = frozenset(file_ids[p] for p in chosen)
        demo = pot.demo
        comparisons.append(Comparison(pot, selected, demo.reference(), demo.engine_count()))
    return comparisons


def as_json(outcome: DemoOutcome, comparisons: list[Comparison]) -> dict[str, Any]:
    """The one object ``--json`` prints: the round, and per pot what it funded against what
    the city funded, as the file writes project ids."""
    return {
        "round_id": outcome.round_id,
        "phase": outcome.final_phase,
        "wall_s": round(outcome.wall_seconds, 1),
        "ballots": outcome.ballots_cast,
        "pots": [
            {
                "file": c.pot.demo.path.name,
                "pot": c.pot.id,
                "selected": sorted(map(str, c.round_selected)),
                "expected": sorted(map(str, c.reference.selected)),
                "match": c.matches,
            }
            for c in comparisons
        ],
    }


def show(console: Console, city: DemoCity, outcome: DemoOutcome, ui_url: str) -> list[Comparison]:
    comparisons = compare(city, outcome)
    if city.has_pots:
        console.print(_pot_table(city, comparisons))
        same = sum(c.matches for c in comparisons)
        colour = "green" if same == len(comparisons) else "yellow"
        console.print(
            f"[{colour}]{same} av {len(comparisons)} potter finansierar samma projekt som "
            "filens kolumn selected.[/]"
        )
    else:
        _show_file(console, city.main, outcome, comparisons[0])
    console.print(_speed(outcome))
    steps = ", ".join(f"{name} {at:.1f}" for name, at in outcome.steps.items())
    console.print(f"Sekunder från start: {steps}")
    console.print(
        f"Temporal Web UI: {ui_url}/namespaces/default/workflows/{outcome.round_id} "
        f"(fas {outcome.final_phase})"
    )
    return comparisons


def _pot_table(city: DemoCity, comparisons: list[Comparison]) -> Table:
    table = Table(title=f"{city.path.name}: en pott per fil", title_justify="left")
    for header in ("pott", "fil", "budget", "röster", "valda", "staden", "samma"):
        table.add_column(header, no_wrap=True, overflow="ellipsis")
    for c in comparisons:
        demo = c.pot.demo
        table.add_row(
            c.pot.id,
            demo.path.name,
            demo.money(demo.budget),
            str(demo.voter_count),
            str(len(c.round_selected)),
            str(len(c.reference.selected)),
            "ja" if c.matches else "[yellow]nej[/]",
        )
    return table


def _show_file(
    console: Console, demo: DemoElection, outcome: DemoOutcome, comparison: Comparison
) -> None:
    console.print(_table(demo, outcome, comparison))
    results = outcome.results
    total = sum(p["cost"] for p in results["projects"] if p["selected"])
    reference = comparison.reference
    console.print(
        f"Regel: {results['rule']}  Budget: {demo.money(demo.budget)}  "
        f"Beviljat: {demo.money(total)}  Röstsedlar: {results['ballot_count']}"
    )
    if demo.rule_note:
        console.print(f"Obs: {demo.rule_note}")
    if comparison.matches:
        console.print(f"[green]Samma {len(reference.selected)} projekt som {reference.source}.[/]")
    else:
        only_round = sorted(map(str, comparison.round_selected - reference.selected))
        only_file = sorted(map(str, reference.selected - comparison.round_selected))
        console.print(
            f"[yellow]Avviker från {reference.source}: bara i omgången {only_round or '-'}, "
            f"bara i referensen {only_file or '-'}.[/]"
        )
    engine_same = comparison.engine_selected == comparison.round_selected
    console.print(
        "Vår räknemotor direkt på filen: "
        + ("samma projekt." if engine_same else "[yellow]andra projekt (lika röster?).[/]")
    )


def _speed(outcome: DemoOutcome) -> str:
    rate = outcome.ballots_cast / outcome.casting_seconds if outcome.casting_seconds else 0.0
    moved = outcome.voting_extensions
    extended = f"; röstningen förlängd {moved} gång(er)" if moved else ""
    return (
        f"Väggtid: {outcome.wall_seconds:.1f} s för hela omgången; "
        f"{outcome.ballots_cast} röster på {outcome.casting_seconds:.1f} s "
        f"({rate:.0f} röster/s){extended}"
    )


def _table(demo: DemoElection, outcome: DemoOutcome, comparison: Comparison) -> Table:
    file_ids = {proposal: key[1] for key, proposal in outcome.proposal_ids.items()}
    names = {project.file_id: project.title for project in demo.projects}
    shown = comparison.round_selected | comparison.reference.selected
    table = Table(title=f"{demo.path.name}: valda projekt", title_justify="left")
    columns: list[tuple[str, JustifyMethod]] = [
        ("projekt", "left"),
        ("namn", "left"),
        ("röster", "right"),
        ("kostnad", "right"),
        ("omgången", "center"),
        ("referensen", "center"),
    ]
    for header, justify in columns:
        table.add_column(header, justify=justify, no_wrap=True, overflow="ellipsis")
    rows: list[dict[str, Any]] = sorted(
        (p for p in outcome.results["projects"] if file_ids[p["project_id"]] in shown),
        key=lambda p: (-p["votes"], p["cost"]),
    )
    for project in rows:
        file_id = file_ids[project["project_id"]]
        name = names[file_id]
        table.add_row(
            str(file_id),
            name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1].rstrip() + "…",
            str(project["votes"]),
            demo.money(project["cost"]),
            "ja" if project["selected"] else "-",
            "ja" if file_id in comparison.reference.selected else "-",
        )
    return table
