"""Far dates, long periods and huge sums against the round's config, the deadline check and
the project plan (the council decision's meeting date: tests/workflows/test_config.py): each is
refused with a Swedish reason before anything computes with it (a year like 9999 overflowed
Swedish time inside a workflow task, and every later update of the round was refused while the
task failed), and `round start` says why and exits 2 instead of printing a traceback."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from services.common.types import MAX_SEK
from tests.workflows.helpers import year_long_timeline
from workflows.config import MILESTONE_LABELS, RoundConfig
from workflows.messages.projects import MilestonePlan, PlannedMilestone, ProjectInput
from workflows.messages.round import RoundPhase
from workflows.project_plan import ProjectPlan
from workflows.waiting.deadlines import PHASE_MILESTONES, Deadlines

START = datetime(2027, 1, 10, 9, tzinfo=UTC)
OUT_OF_BOUNDS = "utanför det tillåtna spannet"
FAR = settings(max_examples=25, deadline=None, derandomize=True, database=None)
far_moments = st.one_of(
    st.datetimes(min_value=datetime(2200, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(1999, 12, 31)),
).map(lambda moment: moment.replace(tzinfo=UTC))


def config_fields(**changes: Any) -> dict[str, Any]:
    return {
        "kommun": "Åre kommun",
        "title": "Medborgarbudget 2027",
        "budget": 500_000,
        "timeline": year_long_timeline(START).model_dump(mode="json"),
        **changes,
    }


@FAR
@given(moment=far_moments, field=st.sampled_from(sorted(MILESTONE_LABELS)))
def test_a_far_date_in_the_timeline_is_refused_in_swedish(moment: datetime, field: str) -> None:
    fields = config_fields()
    fields["timeline"][field] = moment.isoformat()
    with pytest.raises(ValidationError) as refused:
        RoundConfig.model_validate(fields)
    assert OUT_OF_BOUNDS in str(refused.value)


@FAR
@given(budget=st.integers(min_value=MAX_SEK + 1, max_value=10**40))
def test_a_budget_beyond_the_limit_is_refused_before_the_round_starts(budget: int) -> None:
    with pytest.raises(ValidationError, match="större än högsta tillåtna"):
        RoundConfig.model_validate(config_fields(budget=budget))
    assert RoundConfig.model_validate(config_fields(budget=MAX_SEK)).budget == MAX_SEK


@pytest.mark.parametrize(
    "changes",
    [
        {"assessment_recheck": "P99999D"},
        {"follow_up": {"evaluation_period": "P99999D"}},
        {"reminders": {"ballot_approval": {"before": "P99999D"}}},
    ],
)
def test_a_period_that_would_count_past_the_bounds_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="längre än fem år"):
        RoundConfig.model_validate(config_fields(**changes))


@FAR
@given(moment=far_moments, phase=st.sampled_from([*PHASE_MILESTONES, RoundPhase.EVALUATION]))
def test_a_deadline_moved_to_a_far_date_gets_a_reason_not_an_overflow(
    moment: datetime, phase: RoundPhase
) -> None:
    timeline = year_long_timeline(START)
    deadlines = Deadlines(timeline, timedelta(days=90))
    problem = deadlines.problem(phase, moment, RoundPhase.PREPARING, START - timedelta(days=1))
    assert problem is not None


def test_the_deadline_check_names_the_bounds() -> None:
    deadlines = Deadlines(year_long_timeline(START), timedelta(days=90))
    far = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    problem = deadlines.problem(RoundPhase.EVALUATION, far, RoundPhase.INTAKE, START)
    assert problem is not None and OUT_OF_BOUNDS in problem


@FAR
@given(moment=far_moments)
def test_a_milestone_on_a_far_date_is_refused(moment: datetime) -> None:
    project = ProjectInput(round_id="are-2027", project_id=13, approved_cost=1, due_at=START)
    plan = ProjectPlan(project, started_at=START)
    milestone = PlannedMilestone(title="Upphandling", planned_at=moment.isoformat())
    problem = plan.set_plan(MilestonePlan(owner="Per", milestones=[milestone], set_by="Anna"))
    assert problem is not None and OUT_OF_BOUNDS in problem
    assert plan.milestones == []


def test_round_start_checks_the_config_and_exits_2_with_the_reasons(tmp_path: Path) -> None:
    fields = config_fields(id="are-2027", budget=10**30)
    fields["timeline"]["evaluation_at"] = "9999-12-31T23:59:59+00:00"
    path = tmp_path / "round.json"
    path.write_text(json.dumps(fields), encoding="utf-8")
    # Nothing listens there: the check must come before any connection.
    env = {**os.environ, "MB_TEMPORAL_ADDRESS": "127.0.0.1:9"}
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = os.pathsep.join([str(root), env.get("PYTHONPATH", "")])
    command = [sys.executable, "-m", "medborgarbudget.cli", "round", "start", str(path)]

    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)

    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"budget: Beloppet {10**30} kr är större än högsta tillåtna" in done.stderr
    assert "timeline.evaluation_at: Tidpunkten 9999-12-31T23:59:59+00:00 ligger" in done.stderr
