"""The round's criteria, categories, areas, who may propose, and assessment reminders."""

import json
from datetime import timedelta
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from tests.workflows.mock_services import ROUND, run_activity
from tests.workflows.test_activity_requests import PROGRESS
from tests.workflows.test_config import config
from workflows.phases.requests import assessment_setup, intake_setup

CRITERIA = [
    {"id": "lokalt-naringsliv", "text": "Gynnar det lokala näringslivet.", "local_business": True},
    {"id": "kommunal-mark", "text": "Genomförs på kommunens mark."},
]


def test_defaults_ask_nothing_extra_and_let_everyone_propose() -> None:
    round_config = config()

    assert round_config.criteria == []
    assert (round_config.intake.categories, round_config.intake.areas) == ([], [])
    assert round_config.intake.proposer_kinds == ["resident", "worker", "company", "association"]
    assert round_config.assessment_reminder_before == timedelta(days=7)
    assert round_config.assessment_escalation_after == timedelta(days=2)
    assert round_config.owner == ""


def test_the_services_get_what_they_need_from_the_config() -> None:
    round_config = config(
        criteria=CRITERIA,
        intake={"categories": [{"id": "handel", "name": "Handel"}], "proposer_kinds": ["company"]},
    )

    intake = intake_setup("are-2027", round_config)
    assessment = assessment_setup("are-2027", round_config, [3, 4])

    assert [c.local_business for c in intake.criteria] == [True, False]
    assert [c.id for c in intake.categories] == ["handel"]
    assert intake.proposer_kinds == ["company"]
    assert [c.model_dump() for c in assessment.criteria] == [
        {"id": "lokalt-naringsliv", "text": "Gynnar det lokala näringslivet."},
        {"id": "kommunal-mark", "text": "Genomförs på kommunens mark."},
    ]
    assert (assessment.proposal_ids, assessment.due_at) == (
        [3, 4],
        round_config.timeline.assessment_due_at,
    )


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"criteria": [CRITERIA[0], CRITERIA[0]]}, "Samma id finns flera gånger i criteria"),
        ({"criteria": [{"id": "Lokalt", "text": "Gynnar handeln."}]}, "criteria.0.id"),
        ({"criteria": [{"id": "x", "text": ""}]}, "criteria.0.text"),
        ({"intake": {"areas": [{"id": "by", "name": "A"}, {"id": "by", "name": "B"}]}}, "areas"),
        ({"intake": {"categories": [{"id": "Ö", "name": "Ö"}]}}, "categories.0.id"),
        ({"intake": {"proposer_kinds": []}}, "proposer_kinds"),
        ({"intake": {"proposer_kinds": ["tourist"]}}, "proposer_kinds"),
        ({"intake": {"proposer_kinds": ["company", "company"]}}, "proposer_kinds"),
        ({"assessment_reminder_before": "-P1D"}, "assessment_reminder_before"),
        ({"assessment_escalation_after": "-PT1H"}, "assessment_escalation_after"),
        ({"owner": "x" * 201}, "owner"),
    ],
)
def test_bad_proposal_rules_are_refused(changes: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        config(**changes)


async def test_the_activities_send_the_criteria_and_proposal_rules() -> None:
    round_config = config(
        criteria=CRITERIA[:1],
        intake={"areas": [{"id": "are-by", "name": "Åre by"}], "proposer_kinds": ["resident"]},
    )
    answer_progress = lambda _: httpx.Response(200, json=PROGRESS)  # noqa: E731
    intake, running = run_activity(
        lambda _: httpx.Response(200, json={}),
        "intake_open_round",
        intake_setup(ROUND, round_config),
    )
    await running
    setup = assessment_setup(ROUND, round_config, [11, 12])
    assessment, running = run_activity(answer_progress, "assessment_open_round", setup)
    await running

    intake_body = json.loads(intake.requests[0].content)
    assert intake_body["criteria"] == CRITERIA[:1]
    assert (intake_body["categories"], intake_body["areas"]) == (
        [],
        [{"id": "are-by", "name": "Åre by"}],
    )
    assert intake_body["proposer_kinds"] == ["resident"]
    assert json.loads(assessment.requests[0].content) == {
        "proposal_ids": [11, 12],
        "due_at": round_config.timeline.assessment_due_at.isoformat().replace("+00:00", "Z"),
        "criteria": [{"id": "lokalt-naringsliv", "text": "Gynnar det lokala näringslivet."}],
        "max_proposal_cost": round_config.proposal_cost_limit,
        "kommun": round_config.kommun,
    }
