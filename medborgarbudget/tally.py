"""``medborgarbudget tally FILE.pb``: count a pabulib election and show winners and certificate.

The rule defaults to the one the file's META names (pabulib's ``equalshares/add1-...``
variants count as ``equalshares/add1``), else ``greedy``; ``greedy-threshold`` takes its
threshold from META ``min_project_score_threshold``. Project ids are shown as the file writes
them, money in the file's currency.
"""

import json
import sys
from pathlib import Path
from typing import Any

from counting.pabulib import Election, money_text, read_pb
from counting.profile import ProjectId
from counting.rules import RULES, Options, Result, count, rule_for


def run(path: Path, rule: str | None, as_json: bool, seed: str | None, exclusive: list[str]) -> int:
    try:
        election = read_pb(path)
    except (OSError, ValueError, KeyError) as exc:
        print(f"Kan inte läsa {path}: {exc}", file=sys.stderr)
        return 2
    chosen = rule_for(rule or election.rule)
    if chosen is None and rule is not None:
        print(f"Okänd regel: {rule} (finns: {', '.join(RULES)})", file=sys.stderr)
        return 2
    if chosen is None:
        print(f"Filens regel {election.rule} är okänd här: räknar med greedy", file=sys.stderr)
        chosen = "greedy"
    try:
        pairs = tuple(_pair(text, election.profile.project_ids) for text in exclusive)
        threshold = int(election.meta.get("min_project_score_threshold") or 0)
        result = count(election.profile, chosen, Options(threshold, pairs), seed)
    except ValueError as exc:
        print(f"Kan inte räkna {path}: {exc}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(_as_json(path, election, result), ensure_ascii=False))
    else:
        _print(path, election, result)
    return 0


def _pair(text: str, ids: tuple[ProjectId, ...]) -> tuple[ProjectId, ProjectId]:
    by_text = {str(project_id): project_id for project_id in ids}
    first, _, second = (part.strip() for part in text.partition(","))
    if first not in by_text or second not in by_text:
        raise ValueError(f"--exclusive väntar två projekt-id ur filen, som 12,34; fick {text!r}")
    return by_text[first], by_text[second]


def _as_json(path: Path, election: Election, result: Result) -> dict[str, Any]:
    unit = election.profile.unit

    def money(amount: int) -> int | str:
        return amount if unit == 1 else money_text(amount, unit)

    return {
        "file": str(path),
        "rule": result.rule,
        "budget": money(result.budget),
        "selected": list(result.selected),
        "total_cost": money(result.total_cost),
        "rejected_ballots": election.rejected,
        "voter_share": result.voter_share,
        "projects": [
            {
                "project_id": o.project_id,
                "cost": money(o.cost),
                "votes": o.votes,
                "selected": o.selected,
                "reason_code": o.reason_code,
                "reason": o.reason,
            }
            for o in result.projects
        ],
        "certificate": result.certificate.as_dict(),
    }


def _print(path: Path, election: Election, result: Result) -> None:
    unit = election.profile.unit
    cost = {o.project_id: o for o in result.projects}
    print(f"{path.name}: regel {result.rule}, budget {money_text(result.budget, unit)}")
    if election.rejected:
        print(f"{election.rejected} röstsedlar bröt mot filens gränser och räknades inte")
    print(f"Valda förslag ({len(result.selected)}):")
    for project_id in result.selected:
        outcome = cost[project_id]
        print(f"  {project_id}: {money_text(outcome.cost, unit)}, {outcome.votes} röster")
    print(f"Summa: {money_text(result.total_cost, unit)}")
    print("Certifikat:")
    for key, value in result.certificate.as_dict().items():
        print(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
