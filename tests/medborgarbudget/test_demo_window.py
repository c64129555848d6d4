"""The demo's voting window: moved later, with a reason, only when the ballots still to come
would not fit at the rate so far; the council's and projects' due dates move first by as
much, and voting never past the reserve before the evaluation."""

from datetime import UTC, datetime, timedelta

import pytest

from medborgarbudget.demo import DemoOptions, plan_timeline
from medborgarbudget.demo_window import GAP, LATER, SLACK, STRETCH, VotingWindow
from workflows.config import Timeline

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


def window(closes_in: float, total: int, cast: int, evaluation_in: float = 3_600) -> VotingWindow:
    at = {
        "voting_closes_at": closes_in,
        "council_decision_due_at": closes_in + 20,
        "implementation_due_at": closes_in + 40,
        "evaluation_at": evaluation_in,
    }
    planned = VotingWindow({k: NOW + timedelta(seconds=s) for k, s in at.items()}, total)
    planned.cast = cast
    return planned


def test_casting_on_plan_keeps_the_window() -> None:
    # 1,000 of 10,000 in 10 s: the other 9,000 take 90 s, the window closes in 120 s.
    assert window(120, 10_000, 1_000).needed_close(NOW, 10.0) is None


def test_casting_slower_than_planned_moves_the_end_later() -> None:
    # 500 of 10,000 in 10 s: the other 9,500 take 190 s, the window closes in 60 s.
    until = window(60, 10_000, 500).needed_close(NOW, 10.0)
    assert until == NOW + timedelta(seconds=190) * STRETCH + SLACK


def test_a_projected_end_just_inside_the_window_is_too_tight() -> None:
    # The rest takes 90 s and the window closes in 95 s: under the 10 s of safety.
    assert window(95, 10_000, 1_000).needed_close(NOW, 10.0) is not None


def test_voting_moves_at_most_up_to_the_reserve_before_the_evaluation() -> None:
    planned = window(60, 10_000, 500, evaluation_in=150)
    assert planned.needed_close(NOW, 10.0) == NOW + timedelta(seconds=150) - 3 * GAP
    used_up = window(144, 10_000, 500, evaluation_in=150)
    assert used_up.needed_close(NOW, 10.0) is None


@pytest.mark.parametrize(
    ("cast", "elapsed"),
    [(10, 10.0), (1_000, 1.0), (10_000, 30.0)],
    ids=["too-few-ballots", "too-early", "all-cast"],
)
def test_no_estimate_from_too_little_or_after_the_last_ballot(cast: int, elapsed: float) -> None:
    assert window(5, 10_000, cast).needed_close(NOW, elapsed) is None


def test_the_later_due_dates_move_first_and_the_timeline_stays_in_order() -> None:
    planned = window(60, 10_000, 500, evaluation_in=150)
    until = NOW + timedelta(seconds=120)
    requests = planned.requests(until, 10.0)
    assert [r.phase for r in requests] == ["IMPLEMENTATION", "COUNCIL_DECISION", "VOTING"]
    moved = {r.phase: datetime.fromisoformat(r.until) for r in requests}
    # Shifted by 60 s where there is room, else up to the evaluation less the gaps.
    assert moved["IMPLEMENTATION"] == NOW + timedelta(seconds=150) - GAP
    assert moved["COUNCIL_DECISION"] == NOW + timedelta(seconds=140)
    assert moved["VOTING"] == until
    # After each move in turn the round's timeline is still valid (as the workflow checks).
    milestones = dict(planned.timeline)
    names = dict(LATER)
    for request in requests:
        milestones[names.get(request.phase, "voting_closes_at")] = moved[request.phase]
        Timeline.model_validate({**base_timeline(), **milestones})
    reason = requests[-1].reason
    assert "50 röster/s" in reason and "9500 röster återstår" in reason
    assert {r.requested_by for r in requests} == {"medborgarbudget demo"}


def test_the_plan_leaves_room_to_extend_voting() -> None:
    plan = plan_timeline(NOW, 400, 80_000, DemoOptions(ballot_rate=1000))
    at = {k: datetime.fromisoformat(v) for k, v in plan.items()}
    window = VotingWindow(at, 80_000)
    # Half the 100 s window on top of the due dates' own room.
    assert window.latest_close - window.closes_at > timedelta(seconds=50)


def test_counting_counts_each_ballot_and_still_advances_the_bar() -> None:
    planned = window(60, 3, 0)
    bar: list[int] = []
    advance = planned.counting(lambda: bar.append(1))
    advance()
    advance()
    assert (planned.cast, len(bar)) == (2, 2)


def base_timeline() -> dict[str, datetime]:
    return {
        "intake_opens_at": NOW - timedelta(seconds=40),
        "intake_closes_at": NOW - timedelta(seconds=30),
        "assessment_due_at": NOW - timedelta(seconds=20),
        "voting_opens_at": NOW - timedelta(seconds=10),
    }
